/*
 * cfg_explain: "hapx cfgcheck --explain REQUEST FILE".
 *
 * The request is parsed by http1 and handed to the functions that run
 * traffic, in the order the session calls them (session_http.c
 * http_process_request): the frontend's rules (rewrite_request), the
 * routing (acl_route), the backend's rules, the forwarding headers
 * (rewrite_forward_headers), then the balancer's view of the servers
 * (lb_eligible, lb_pick) on an idle runtime where every server is UP.
 * What they decide is reported while they decide it, through the
 * acl_env trace: each ACL item evaluated, each use_backend tried, each
 * request rule reached, with the head before and after it.  This file
 * only words the report; it judges nothing itself.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/acl.h"
#include "base/addr.h"
#include "tools/cfg_explain.h"
#include "model/cfg_model.h"
#include "tools/cfg_probe.h"
#include "engine/engine.h"
#include "http/http1.h"
#include "servers/lb.h"
#include "servers/proxy.h"
#include "http/rewrite.h"
#include "observe/stats.h"

#define EX_MAXITEMS	32	/* ACL items kept for the next rule */
#define EX_ITEMSZ	600
#define EX_LINESZ	1024
#define EX_HEADSZ	65536	/* the request given on the command line */

/* The head before a rule ran: its lines, the start line first. */
struct ex_snap {
	char		**l;
	unsigned	  n;
};

struct ex_state {
	FILE		*out;
	char		 items[EX_MAXITEMS][EX_ITEMSZ];
	unsigned	 nitems;
	struct ex_snap	 before;
	unsigned	 nrules;	/* rules that ran */
};

/* ------------------------------------------------------------------ */
/* Text helpers */

const char *
cfg_explain_line(const struct cfg_pos *pos, char *buf, size_t bufsz)
{
	FILE		*fp;
	unsigned	 n = 0;
	char		*s;
	size_t		 len;

	buf[0] = '\0';
	if (pos == NULL || pos->file == NULL || pos->line == 0 ||
	    (fp = fopen(pos->file, "r")) == NULL)
		return buf;
	while (fgets(buf, (int)bufsz, fp) != NULL) {
		len = strlen(buf);
		/* A line longer than BUF counts once. */
		if (len > 0 && buf[len - 1] != '\n' && !feof(fp)) {
			int	c;

			while ((c = fgetc(fp)) != EOF && c != '\n')
				continue;
		}
		if (++n == pos->line)
			break;
	}
	if (n != pos->line)
		buf[0] = '\0';
	fclose(fp);
	len = strlen(buf);
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		buf[--len] = '\0';
	for (s = buf; isspace((unsigned char)*s); s++)
		continue;
	memmove(buf, s, strlen(s) + 1);
	return buf;
}

void
cfg_explain_quote(FILE *out, const char *s, size_t len)
{
	size_t		i;
	unsigned char	c;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '\r')
			fputs("\\r", out);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* ------------------------------------------------------------------ */
/* Snapshots of the head */

static void
ex_snap_clear(struct ex_snap *sn)
{
	unsigned	i;

	for (i = 0; i < sn->n; i++)
		free(sn->l[i]);
	free(sn->l);
	sn->l = NULL;
	sn->n = 0;
}

static void
ex_snap_take(struct ex_snap *sn, const struct http_head *h)
{
	unsigned	i;

	ex_snap_clear(sn);
	if ((sn->l = calloc(h->nhdrs + 1, sizeof(*sn->l))) == NULL)
		return;
	sn->l[sn->n++] = strdup(h->start.s);
	for (i = 0; i < h->nhdrs; i++)
		sn->l[sn->n++] = strdup(h->hdrs[i].s);
}

static bool
ex_snap_has(const struct ex_snap *sn, const char *s, bool *used)
{
	unsigned	i;

	for (i = 1; i < sn->n; i++)
		if (!used[i] && sn->l[i] != NULL && strcmp(sn->l[i], s) == 0) {
			used[i] = true;
			return true;
		}
	return false;
}

/* What changed from snapshot A to snapshot B, in lines; QUIET: say
 * nothing when nothing changed. */
static void
ex_diff(FILE *out, const struct ex_snap *a, const struct ex_snap *b,
    bool quiet)
{
	bool		*ua = calloc(a->n + 1, 1), *ub = calloc(b->n + 1, 1);
	unsigned	 i, changed = 0;

	if (ua == NULL || ub == NULL || a->n == 0 || b->n == 0)
		goto done;
	if (strcmp(a->l[0], b->l[0]) != 0) {
		fprintf(out, "      before: %s\n      after:  %s\n", a->l[0],
		    b->l[0]);
		changed++;
	}
	/* Header lines present on both sides are not changes. */
	for (i = 1; i < b->n; i++)
		ub[i] = b->l[i] != NULL && ex_snap_has(a, b->l[i], ua);
	for (i = 1; i < a->n; i++)
		if (!ua[i]) {
			fprintf(out, "      removed: %s\n", a->l[i]);
			changed++;
		}
	for (i = 1; i < b->n; i++)
		if (!ub[i]) {
			fprintf(out, "      added:   %s\n", b->l[i]);
			changed++;
		}
	if (changed == 0 && !quiet)
		fprintf(out, "      no change to the request\n");
done:
	free(ua);
	free(ub);
}

/* ------------------------------------------------------------------ */
/* The trace */

static void
ex_item(struct ex_state *st, const struct acl_trace_ev *ev)
{
	const struct cond_item	*it = ev->item;
	const struct acl_conf	*a = it->acl;
	char			 l[EX_LINESZ];
	bool			 res = ev->result != it->negate;

	if (st->nitems == EX_MAXITEMS)
		return;
	if (a->predefined)
		snprintf(st->items[st->nitems], EX_ITEMSZ, "%s%s (predefined): "
		    "%s", it->negate ? "!" : "", a->name, res ? "true" :
		    "false");
	else
		snprintf(st->items[st->nitems], EX_ITEMSZ, "%s%s (line %u: %s)"
		    ": %s%s", it->negate ? "!" : "", a->name != NULL ? a->name :
		    "{ }", a->pos.line, cfg_explain_line(a->terms.n > 0 ?
		    &a->terms.v[0].pos : &a->pos, l, sizeof(l)),
		    ev->miss ? "not decided yet" : ev->result ? "matches" :
		    "does not match", it->negate ? res ? ", negated: true" :
		    ", negated: false" : "");
	st->nitems++;
}

/* The ACL items evaluated for the rule being reported. */
static void
ex_flush_items(struct ex_state *st)
{
	FILE		*out = st->out;
	unsigned	 i;

	for (i = 0; i < st->nitems; i++)
		fprintf(out, "      acl %s\n", st->items[i]);
	st->nitems = 0;
}

static void
ex_switch(struct ex_state *st, const struct acl_trace_ev *ev)
{
	FILE	*out = st->out;
	char	 l[EX_LINESZ];

	fprintf(out, "  line %u: %s\n", ev->sw->pos.line,
	    cfg_explain_line(&ev->sw->pos, l, sizeof(l)));
	ex_flush_items(st);
	fprintf(out, "    -> %s\n", ev->result ? "taken" : "not taken");
}

static void
ex_rule(struct ex_state *st, const struct acl_trace_ev *ev)
{
	FILE			*out = st->out;
	const struct cfg_pos	*pos = ev->rule != NULL ? &ev->rule->pos :
				    &ev->redirect->pos;
	char			 l[EX_LINESZ];

	fprintf(out, "  line %u: %s\n", pos->line,
	    cfg_explain_line(pos, l, sizeof(l)));
	ex_flush_items(st);
	if (!ev->result) {
		fprintf(out, "    -> condition false: skipped\n");
		return;
	}
	fprintf(out, "    -> %s\n", (ev->rule != NULL ? ev->rule->cond :
	    ev->redirect->cond) != NULL ? "condition true: runs" :
	    "no condition: runs");
	ex_snap_take(&st->before, ev->head);
}

/* Whether rule R rewrites the head (its "no change" is worth telling),
 * rather than deciding (deny, redirect...) or noting (capture...). */
static bool
ex_rewrites(const struct http_rule *r)
{
	switch (r != NULL ? r->act : HTTP_ACT_ALLOW) {
	case HTTP_ACT_ADD_HDR:
	case HTTP_ACT_SET_HDR:
	case HTTP_ACT_DEL_HDR:
	case HTTP_ACT_REPLACE_HDR:
	case HTTP_ACT_REPLACE_VAL:
	case HTTP_ACT_REPLACE_PATH:
	case HTTP_ACT_REPLACE_PATHQ:
	case HTTP_ACT_REPLACE_URI:
	case HTTP_ACT_SET_PATH:
	case HTTP_ACT_SET_PATHQ:
	case HTTP_ACT_SET_URI:
	case HTTP_ACT_SET_QUERY:
	case HTTP_ACT_SET_METHOD:
	case HTTP_ACT_LEGACY_REP:
	case HTTP_ACT_LEGACY_DEL:
	case HTTP_ACT_LEGACY_ADD:
		return true;
	default:
		return false;
	}
}

static void
ex_rule_done(struct ex_state *st, const struct acl_trace_ev *ev)
{
	FILE		*out = st->out;
	struct ex_snap	 after = { NULL, 0 };

	st->nrules++;
	ex_snap_take(&after, ev->head);
	ex_diff(out, &st->before, &after, !ex_rewrites(ev->rule));
	ex_snap_clear(&after);
	ex_snap_clear(&st->before);
}

static void
ex_trace(void *arg, const struct acl_trace_ev *ev)
{
	struct ex_state	*st = arg;

	switch (ev->kind) {
	case ACL_TR_ITEM:
		ex_item(st, ev);
		break;
	case ACL_TR_SWITCH:
		ex_switch(st, ev);
		break;
	case ACL_TR_RULE:
		ex_rule(st, ev);
		break;
	case ACL_TR_RULE_DONE:
		ex_rule_done(st, ev);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Steps */

static const char *const verdict_names[] = {
	[RW_CONTINUE] = "continue",
	[RW_DENY] = "deny",
	[RW_TARPIT] = "tarpit",
	[RW_REDIRECT] = "redirect",
	[RW_RETURN] = "return",
	[RW_AUTH] = "auth (401)",
	[RW_REJECT] = "reject (the connection is closed)",
	[RW_BAD_REQUEST] = "bad request after a rewrite",
	[RW_BAD_RESPONSE] = "bad response",
	[RW_SERVICE] = "use-service",
	[RW_ERROR] = "a rewrite failed (strict-mode)",
};

/* Run PC's request rules on H; true to go on, false when hapx answers. */
static bool
ex_rules(struct ex_state *st, const struct proxy_conf *pc,
    struct http_head *h, const struct acl_env *env)
{
	FILE			*out = st->out;
	struct rw_result	*rw = calloc(1, sizeof(*rw));
	char			 l[EX_LINESZ];
	bool			 go;

	if (rw == NULL)
		return false;
	fprintf(out, "%s %s request rules:\n", pc->kind, pc->name);
	st->nrules = 0;
	rewrite_request(pc, h, env, rw);
	if (pc->http_req.n == 0 && pc->redirects.n == 0)
		fprintf(out, "  none\n");
	go = rw->verdict == RW_CONTINUE;
	if (!go) {
		fprintf(out, "=> %s", verdict_names[rw->verdict]);
		if (rw->status != 0)
			fprintf(out, " %d", rw->status);
		if (rw->location != NULL)
			fprintf(out, " to %s", rw->location);
		if (rw->rule != NULL)
			fprintf(out, " by line %u: %s", rw->rule->pos.line,
			    cfg_explain_line(&rw->rule->pos, l, sizeof(l)));
		else if (rw->redirect != NULL)
			fprintf(out, " by line %u: %s",
			    rw->redirect->pos.line, cfg_explain_line(
			    &rw->redirect->pos, l, sizeof(l)));
		fprintf(out, "\nthe request does not reach a server\n");
	}
	rw_result_clear(rw);
	free(rw);
	return go;
}

/* After PC's rules, the session serves its stats page if the request is
 * for it (stats_match()); true then. */
static bool
ex_stats(FILE *out, const struct proxy_conf *pc, const struct http_head *h)
{
	const struct stats_conf	*sc = stats_request_for(pc, h);

	if (sc == NULL)
		return false;
	fprintf(out, "=> the stats page of %s %s (stats uri %s%s", pc->kind,
	    pc->name, sc->uri != NULL ? sc->uri : "/haproxy?stats",
	    sc->uri != NULL ? "" : ", the default");
	if (sc->owner != NULL && sc->owner != pc)
		fprintf(out, ", from %s%s%s (line %u)", sc->owner->kind,
		    sc->owner->name != NULL ? " " : "", sc->owner->name != NULL ?
		    sc->owner->name : "", sc->owner->pos.line);
	fprintf(out, ")%s\nthe request does not reach a server\n",
	    sc->auths.n > 0 ? "; 401 unless it carries a 'stats auth' user" :
	    "");
	return true;
}

static const char *const lb_names[] = {
	[LB_UNSET] = "roundrobin", [LB_ROUNDROBIN] = "roundrobin",
	[LB_STATIC_RR] = "static-rr", [LB_LEASTCONN] = "leastconn",
	[LB_FIRST] = "first", [LB_SOURCE] = "source", [LB_URI] = "uri",
	[LB_URL_PARAM] = "url_param", [LB_HDR] = "hdr",
	[LB_RDP_COOKIE] = "rdp-cookie", [LB_RANDOM] = "random",
};

/* Why lb_eligible() leaves S out, in words. */
static const char *
ex_not_why(const struct server *s)
{
	if (s->state == SRV_ST_MAINT)
		return "disabled (MAINT)";
	if (s->weight == 0)
		return "weight 0";
	if (s->conf->backup)
		return "backup: used only when no active server is UP";
	return "not a candidate";
}

/* The servers of BE as the balancer sees them; false when none is. */
static bool
ex_servers(FILE *out, struct proxy *be, const struct http_head *h,
    const struct sockaddr_storage *src)
{
	const struct proxy_conf	*pc = be->conf;
	struct lb_input		 in = { src, h, NULL };
	struct server		*pick;
	unsigned		 i, n = 0;
	char			 a[300];
	bool			 full;

	fprintf(out, "servers of %s, balance %s", pc->name,
	    lb_names[pc->balance]);
	if (pc->lb.pos.line != 0)
		fprintf(out, " (line %u)", pc->lb.pos.line);
	fprintf(out, "; every server is taken as UP (no check has run):\n");
	for (i = 0; i < be->nsrvs; i++) {
		struct server	*s = &be->srvs[i];
		bool		 ok = lb_eligible(be, s);

		n += ok;
		fprintf(out, "  line %u: %s %s weight %u%s: %s%s\n",
		    s->conf->pos.line, s->conf->name, addr_format(
		    &s->conf->addr, a, sizeof(a)), s->weight,
		    s->conf->backup ? " backup" : "", ok ? "eligible" :
		    "not eligible, ", ok ? "" : ex_not_why(s));
	}
	if (be->nsrvs == 0)
		fprintf(out, "  none\n");
	if (n == 0) {
		fprintf(out, "=> 503: no server available\n");
		return false;
	}
	if ((pick = lb_pick(be, &in, &full)) != NULL)
		fprintf(out, "  a first request on a fresh start goes to %s\n",
		    pick->conf->name);
	return true;
}

/* The head as the server receives it. */
static void
ex_head(FILE *out, const struct http_head *h)
{
	unsigned	i;

	fprintf(out, "the server receives:\n  %s\n", h->start.s);
	for (i = 0; i < h->nhdrs; i++)
		fprintf(out, "  %s\n", h->hdrs[i].s);
	fprintf(out, "  (and the Connection header of the connection mode: "
	    "hop-by-hop, set by the session)\n");
}

/* ------------------------------------------------------------------ */
/* Setting up */

/* Frontend NAME, or without a name the first frontend or listen section
 * that routes (use_backend, default_backend), else the first one. */
static const struct proxy_conf *
ex_frontend(const struct config *cfg, const char *name)
{
	const struct proxy_conf	*pc, *first = NULL;

	for (pc = cfg->proxies; pc != NULL; pc = pc->next) {
		if (!(pc->cap & CFG_CAP_FE) || pc->disabled)
			continue;
		if (name != NULL) {
			if (strcmp(pc->name, name) == 0)
				return pc;
			continue;
		}
		if (pc->use_backends.n > 0 ||
		    pc->default_backend.target != NULL)
			return pc;
		if (first == NULL)
			first = pc;
	}
	return first;
}

/* REQ as the session parses it, into H. */
static int
ex_parse(const struct cfg_explain_req *req, struct http_head *h, char *err,
    size_t errsz)
{
	struct http1_msg	 m;
	char			*buf = malloc(EX_HEADSZ);
	size_t			 len = 0, i;
	int			 n, rc = -1;

	if (buf == NULL)
		return -1;
	n = snprintf(buf, EX_HEADSZ, "%s\r\n", req->line);
	for (i = 0; n >= 0 && (size_t)n < EX_HEADSZ - len && i < req->nhdrs;
	    i++) {
		len += (size_t)n;
		n = snprintf(buf + len, EX_HEADSZ - len, "%s\r\n",
		    req->hdrs[i]);
	}
	if (n < 0 || (size_t)n + 2 >= EX_HEADSZ - len) {
		snprintf(err, errsz, "the request is too long");
		goto out;
	}
	len += (size_t)n;
	memcpy(buf + len, "\r\n", 2);
	len += 2;
	http1_msg_setup(&m, 0);
	if (http1_parse_request(&m, buf, len, EX_HEADSZ) != HTTP1_DONE) {
		snprintf(err, errsz, "the request is invalid: %s (hapx "
		    "answers %d)", http1_err_str(m.err),
		    http1_err_status(m.err));
		goto out;
	}
	rc = http_head_from_msg(h, &m, true);
out:
	free(buf);
	return rc;
}

static int
ex_src(const char *s, struct sockaddr_storage *ss)
{
	struct sockaddr_in	*in = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		return 0;
	}
	return -1;
}

/* After the frontend's rules: route, the backend's rules, forwarding
 * headers, servers.  Returns a CFG_EXPLAIN_* status. */
static int
ex_route(struct ex_state *st, struct engine *eng, struct proxy *fe,
    struct http_head *h, struct acl_env *env)
{
	FILE				*out = st->out;
	const struct switch_rule	*r;
	struct proxy			*be;
	struct ex_snap			 a = { NULL, 0 }, b = { NULL, 0 };

	fprintf(out, "routing in %s %s:\n", fe->conf->kind,
	    fe->conf->name);
	r = acl_route(fe->conf, env);
	if (r == NULL && !(fe->conf->cap & CFG_CAP_BE)) {
		fprintf(out, "  no use_backend rule matched and there is "
		    "no default_backend\n=> 503 Service Unavailable\n");
		return CFG_EXPLAIN_ANSWERED;
	}
	be = r != NULL ? proxy_of_conf(eng, r->target) : fe;
	if (r == NULL)
		fprintf(out, "  no rule matched: the listen section serves "
		    "it itself\n");
	fprintf(out, "=> backend %s (line %u)\n", be->conf->name,
	    be->conf->pos.line);
	env->be = be;
	if (be != fe && (!ex_rules(st, be->conf, h, env) ||
	    ex_stats(out, be->conf, h)))
		return CFG_EXPLAIN_ANSWERED;
	ex_snap_take(&a, h);
	rewrite_forward_headers(fe->conf, be->conf, h, env);
	ex_snap_take(&b, h);
	fprintf(out, "forwarding headers (option forwardfor, option "
	    "originalto):\n");
	ex_diff(out, &a, &b, false);
	ex_snap_clear(&a);
	ex_snap_clear(&b);
	ex_head(out, h);
	return ex_servers(out, be, h, env->src) ? CFG_EXPLAIN_FORWARDED :
	    CFG_EXPLAIN_ANSWERED;
}

static int
ex_run(struct ex_state *st, struct engine *eng, const struct proxy_conf *fpc,
    const struct cfg_explain_req *req, struct http_head *h,
    const struct sockaddr_storage *src)
{
	FILE			*out = st->out;
	struct proxy		*fe = proxy_of_conf(eng, fpc);
	struct acl_trace	 tr = { ex_trace, st };
	struct acl_env		 env;
	unsigned		 i;

	memset(&env, 0, sizeof(env));
	env.req = h;
	env.src = src;
	env.fe = fe;
	env.eng = eng;
	env.srv_id = -1;
	env.trace = &tr;
	fprintf(out, "request: %s\n", h->start.s);
	for (i = 0; i < h->nhdrs; i++)
		fprintf(out, "  %s\n", h->hdrs[i].s);
	fprintf(out, "client: %s\n", req->src != NULL ? req->src :
	    "none given (--src): 'src' ACLs do not match");
	fprintf(out, "%s %s (line %u)%s%s\n", fpc->kind, fpc->name,
	    fpc->pos.line, req->frontend == NULL ? ", the first that "
	    "routes (--frontend NAME picks one)" : "",
	    fpc->mode == CFG_MODE_TCP ? "; mode tcp: HTTP rules do not "
	    "apply" : "");
	if (fpc->mode == CFG_MODE_TCP)
		env.req = NULL;
	else if (!ex_rules(st, fpc, h, &env) || ex_stats(st->out, fpc, h))
		return CFG_EXPLAIN_ANSWERED;
	return ex_route(st, eng, fe, h, &env);
}

int
cfg_explain(const struct config *cfg, const struct cfg_explain_req *req,
    FILE *out, char *err, size_t errsz)
{
	const struct proxy_conf	*fpc = ex_frontend(cfg, req->frontend);
	struct sockaddr_storage	 ss;
	struct http_head	 h;
	struct engine		*eng;
	struct ex_state		 st;
	int			 rc;

	if (fpc == NULL) {
		if (req->frontend != NULL)
			snprintf(err, errsz, "no frontend or listen section "
			    "named '%s'", req->frontend);
		else
			snprintf(err, errsz, "no frontend or listen section");
		return CFG_EXPLAIN_BAD;
	}
	if (req->src != NULL && ex_src(req->src, &ss) < 0) {
		snprintf(err, errsz, "--src '%s' is not an IP address",
		    req->src);
		return CFG_EXPLAIN_BAD;
	}
	memset(&h, 0, sizeof(h));
	if (ex_parse(req, &h, err, errsz) < 0)
		return CFG_EXPLAIN_BAD;
	if ((eng = cfg_probe_engine_new(cfg)) == NULL) {
		http_head_clear(&h);
		snprintf(err, errsz, "out of memory");
		return CFG_EXPLAIN_BAD;
	}
	memset(&st, 0, sizeof(st));
	st.out = out;
	rc = ex_run(&st, eng, fpc, req, &h, req->src != NULL ? &ss : NULL);
	ex_snap_clear(&st.before);
	cfg_probe_engine_free(eng);
	http_head_clear(&h);
	return rc;
}
