/*
 * rewrite: a proxy's request and response rules applied to an editable
 * head (struct http_head), in the order HAProxy 1.5 ran them (spec §5.3),
 * with the 2.x actions where they run in 2.6 (spec §5.4), the redirect
 * rules and forwardfor/originalto (spec §8.5).  The formats those rules
 * use were compiled once by the engine (fmt.c); here they are evaluated.
 *
 * It returns a verdict and never answers, logs, waits or closes: what to
 * send for a deny, when to answer a tarpit, how to log a capture is the
 * session's business (http_err.c formats the answers).
 *
 * Decisions where HAProxy gives no single answer are marked "hapx:".
 * The main ones: a rewritten header line that is not "Name: value" makes
 * the request invalid (400; 502 for a response) instead of being sent as
 * is; CR/LF in a 1.x replacement splits it into several indexed lines;
 * reqpass does what the 1.5 doc says (1.5's code ignored it); responses
 * run http-response before rsp* as 1.5's http_process_res_common did; a
 * failed 2.x rewrite is a 500 under strict-mode, as in 2.6.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/acl.h"
#include "model/cfg_model.h"
#include "http/http1.h"
#include "http/http_err.h"
#include "servers/proxy_types.h"
#include "http/fmt.h"
#include "base/regex.h"
#include "http/rewrite.h"
#include "http/vars.h"

/* Scratch size for a line or a value: tune.bufsize, like HAProxy's trash
 * chunk (a longer result fails as it would there). */
#define RW_BUFSZ	16384

/* One run of rules over one head. */
struct rw_ctx {
	const struct proxy_conf	*px;
	struct http_head	*h;
	const struct acl_env	*env;
	struct rw_result	*out;
	bool			 strict;	/* strict-mode, on by default */
	bool			 allowed;	/* reqallow/reqpass matched (1.5
						   TX_CLALLOW) */
};

/* What an action tells the rule loop. */
enum rw_next {
	RN_CONT,		/* next rule */
	RN_STOP,		/* allow: no more rules of this list */
	RN_DONE			/* a verdict was given */
};

static const struct acl_env rw_no_env = { .srv_id = -1 };

/* Everything before the captures: they are valid up to ncaptures only. */
static void
rw_result_reset(struct rw_result *out)
{
	memset(out, 0, offsetof(struct rw_result, captures));
	out->log_level = RW_LOG_LEVEL_UNSET;
}

/* Free what OUT owns and reset it. */
void
rw_result_clear(struct rw_result *out)
{
	free(out->location);
	free(out->cookie);
	rw_result_reset(out);
}

static void
rw_ctx_init(struct rw_ctx *c, const struct proxy_conf *px,
    struct http_head *h, const struct acl_env *env, struct rw_result *out)
{
	rw_result_reset(out);
	memset(c, 0, sizeof(*c));
	c->px = px;
	c->h = h;
	c->env = env != NULL ? env : &rw_no_env;
	c->out = out;
	c->strict = true;
}

static bool
rw_cond(const struct rw_ctx *c, const struct cond_conf *cond)
{
	return cond == NULL || acl_cond_eval(cond, c->env);
}

/* cfgcheck --explain (env->trace): rule R or redirect RR was reached and
 * its condition gave OK (KIND ACL_TR_RULE), or it ran (ACL_TR_RULE_DONE). */
static void
rw_trace(const struct rw_ctx *c, enum acl_trace_kind kind,
    const struct http_rule *r, const struct redirect_rule *rr, bool ok)
{
	struct acl_trace_ev	ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.rule = r;
	ev.redirect = rr;
	ev.head = c->h;
	ev.result = ok;
	c->env->trace->fn(c->env->trace->arg, &ev);
}

/* rw_cond() for rule R or redirect RR, which is reported to a trace. */
static bool
rw_cond_rule(const struct rw_ctx *c, const struct http_rule *r,
    const struct redirect_rule *rr, const struct cond_conf *cond)
{
	bool	ok = rw_cond(c, cond);

	if (c->env->trace != NULL)
		rw_trace(c, ACL_TR_RULE, r, rr, ok);
	return ok;
}

static void
rw_done(const struct rw_ctx *c, const struct http_rule *r,
    const struct redirect_rule *rr)
{
	if (c->env->trace != NULL)
		rw_trace(c, ACL_TR_RULE_DONE, r, rr, true);
}

static enum rw_next
rw_verdict(struct rw_ctx *c, enum rw_verdict v, int status,
    const struct http_rule *r)
{
	c->out->verdict = v;
	c->out->status = status;
	c->out->rule = r;
	return RN_DONE;
}

/* A 2.x rewrite could not be done: counted (stats "wrew"); strict-mode
 * on (the default) turns it into a 500, as in 2.6. */
static enum rw_next
rw_failed(struct rw_ctx *c, const struct http_rule *r)
{
	c->out->failed_rewrites++;
	if (c->strict)
		return rw_verdict(c, RW_ERROR, 500, r);
	return RN_CONT;
}

/* ------------------------------------------------------------------ */
/* Format strings: compiled once by the engine (acl_prep, fmt.c) */

/* Expand format FMT: its compiled form when it is the model's (traffic);
 * compiled for this call otherwise (tests, tools without an engine). */
size_t
rewrite_format(const char *fmt, const struct acl_env *env, char *out,
    size_t outsz)
{
	return fmt_expand(acl_prep_fmt_of(env, fmt), fmt, env, out, outsz);
}

/* ------------------------------------------------------------------ */
/* Editing the head */

/* Whether S can be a header value or start-line piece: no CR, LF, NUL. */
static bool
rw_clean(const char *s, size_t n)
{
	return memchr(s, '\r', n) == NULL && memchr(s, '\n', n) == NULL &&
	    memchr(s, '\0', n) == NULL;
}

/* Insert header line S ("Name: value", checked by http1) at POS: it is
 * appended by http1, then moved, so http1 stays the owner of the line. */
static int
hdr_insert(struct http_head *h, unsigned pos, const char *s, size_t n)
{
	struct http_line	tmp;
	unsigned		last;

	if (http_head_add(h, s, n, NULL, 0) < 0)
		return -1;
	last = h->nhdrs - 1;
	if (pos < last) {
		tmp = h->hdrs[last];
		memmove(&h->hdrs[pos + 1], &h->hdrs[pos],
		    (last - pos) * sizeof(tmp));
		h->hdrs[pos] = tmp;
	}
	return 0;
}

/* Replace header I by S.  hapx: a rewritten line that is not a valid
 * "Name: value" is refused (1.5 forwarded whatever the rewrite made);
 * the caller answers 400 (502 for a response), as 1.5 did for a request
 * line that no longer parsed.  http1 re-parses the line, so conditions
 * and look-ups see the new name and value. */
static int
hdr_replace(struct http_head *h, unsigned i, const char *s, size_t n)
{
	return http_head_set_line(h, i, s, n);
}

/* Replace the start line; -1 if it no longer parses.  http1 re-parses
 * it: method, URI, version, or the status of a response. */
static int
start_set(struct http_head *h, const char *s, size_t n)
{
	return http_head_set_start(h, s, n);
}

/* Replace bytes [OFF, OFF+LEN) of the start line by R (RLEN bytes). */
static int
start_splice(struct http_head *h, size_t off, size_t len, const char *r,
    size_t rlen)
{
	const struct http_line	*sl = &h->start;
	char			*buf;
	size_t			 n = sl->len - len + rlen;
	int			 rc;

	if (off + len > sl->len || !rw_clean(r, rlen) ||
	    (buf = malloc(n + 1)) == NULL)
		return -1;
	memcpy(buf, sl->s, off);
	memcpy(buf + off, r, rlen);
	memcpy(buf + off + rlen, sl->s + off + len, sl->len - off - len);
	buf[n] = '\0';
	rc = start_set(h, buf, n);
	free(buf);
	return rc;
}

/* Offsets in the start line of the path (POFF, PLEN) and of the query
 * (QOFF, after the '?', or 0 when there is none), as http1 splits the
 * URI for the path/query fetches: without scheme://authority. */
static void
uri_parts(const struct http_head *h, size_t *poff, size_t *plen,
    size_t *qoff)
{
	const char	*p, *q;
	size_t		 qlen;

	http_head_path(h, &p, plen);
	http_head_query(h, &q, &qlen);
	if (p == NULL) {
		p = h->start.s + h->uoff + h->ulen;
		*plen = 0;
	}
	*poff = (size_t)(p - h->start.s);
	*qoff = q != NULL ? (size_t)(q - h->start.s) : 0;
}

/* ------------------------------------------------------------------ */
/* http-request / http-response actions on headers */

static bool
hdr_name_is(const struct http_line *l, const char *name, size_t n)
{
	return l->nlen == n && strncasecmp(l->s, name, n) == 0;
}

/* add-header, set-header: the value is built before set-header deletes
 * the old ones, so "%[hdr(x)]" reads them (2.6 does the same). */
static enum rw_next
act_add_header(struct rw_ctx *c, const struct http_rule *r, bool set)
{
	char	val[RW_BUFSZ];
	size_t	n = rewrite_format(r->value, c->env, val, sizeof(val));
	size_t	nlen = strlen(r->name);

	if (!rw_clean(val, n))
		return rw_failed(c, r);
	if (set)
		http_head_del_all(c->h, r->name, nlen);
	if (http_head_add(c->h, r->name, nlen, val, n) < 0)
		return rw_failed(c, r);
	return RN_CONT;
}

static bool
del_match(const struct http_rule *r, const struct http_line *l)
{
	size_t	n = strlen(r->name), i;

	switch (r->hdr_match) {
	case HTTP_HM_STR:
		return hdr_name_is(l, r->name, n);
	case HTTP_HM_BEG:
		return l->nlen >= n && strncasecmp(l->s, r->name, n) == 0;
	case HTTP_HM_END:
		return l->nlen >= n &&
		    strncasecmp(l->s + l->nlen - n, r->name, n) == 0;
	case HTTP_HM_SUB:
		for (i = 0; i + n <= l->nlen; i++)
			if (strncasecmp(l->s + i, r->name, n) == 0)
				return true;
		return false;
	case HTTP_HM_REG:
		return r->rx != NULL && rx_match(r->rx, l->s, l->nlen);
	}
	return false;
}

static enum rw_next
act_del_header(struct rw_ctx *c, const struct http_rule *r)
{
	unsigned	i = 0;

	while (i < c->h->nhdrs)
		if (c->h->hdrs[i].nlen > 0 && del_match(r, &c->h->hdrs[i]))
			http_head_del(c->h, i);
		else
			i++;
	return RN_CONT;
}

/* Rebuild header I with VAL (N bytes) between its name and whatever
 * followed the old value. */
static int
hdr_set_value(struct http_head *h, unsigned i, const char *val, size_t n)
{
	const struct http_line	*l = &h->hdrs[i];
	size_t			 tail = l->len - l->voff - l->vlen;
	char			*buf;
	int			 rc;

	if ((buf = malloc(l->voff + n + tail + 1)) == NULL)
		return -1;
	memcpy(buf, l->s, l->voff);
	memcpy(buf + l->voff, val, n);
	memcpy(buf + l->voff + n, l->s + l->voff + l->vlen, tail);
	buf[l->voff + n + tail] = '\0';
	rc = http_head_set_line(h, i, buf, l->voff + n + tail);
	free(buf);
	return rc;
}

/* replace-value: each comma-separated element is tried; a replaced one
 * loses the spaces around it, the others are kept as they were (2.6
 * http_replace_header_value: "abc, axy" with ^a -> "b,b"). */
static long
replace_elements(const struct rx *rx, const char *fmt, const char *v,
    size_t vlen, char *out, size_t outsz, bool *hit)
{
	char		 one[RW_BUFSZ];
	const char	*e = v + vlen, *b, *ce, *vb, *ve;
	size_t		 len = 0, add;
	long		 n;

	for (b = v; b <= e; b = ce + 1) {
		if ((ce = memchr(b, ',', (size_t)(e - b))) == NULL)
			ce = e;
		for (vb = b; vb < ce && (*vb == ' ' || *vb == '\t'); vb++)
			continue;
		for (ve = ce; ve > vb && (ve[-1] == ' ' || ve[-1] == '\t');)
			ve--;
		n = rx_subst(rx, vb, (size_t)(ve - vb), fmt, one, sizeof(one));
		if (n < RX_SUBST_NOMATCH)
			return -1;
		if (n >= 0)
			*hit = true;
		add = n >= 0 ? (size_t)n : (size_t)(ce - b);
		if (len + add + 1 >= outsz)
			return -1;
		memcpy(out + len, n >= 0 ? one : b, add);
		len += add;
		if (ce < e)
			out[len++] = ',';
	}
	out[len] = '\0';
	return (long)len;
}

/* replace-header (whole value) and replace-value (per element).  The
 * format is expanded once, then used as the replacement with \N refs. */
static enum rw_next
act_replace_header(struct rw_ctx *c, const struct http_rule *r)
{
	char		 fmt[RW_BUFSZ], val[RW_BUFSZ];
	size_t		 nlen = strlen(r->name);
	int		 i = -1;
	long		 n;
	bool		 hit;
	struct http_line *l;

	rewrite_format(r->value, c->env, fmt, sizeof(fmt));
	while ((i = http_head_find(c->h, r->name, nlen, i + 1)) >= 0) {
		l = &c->h->hdrs[i];
		hit = false;
		if (r->act == HTTP_ACT_REPLACE_VAL)
			n = replace_elements(r->rx, fmt, l->s + l->voff,
			    l->vlen, val, sizeof(val), &hit);
		else if ((n = rx_subst(r->rx, l->s + l->voff, l->vlen, fmt,
		    val, sizeof(val))) >= 0)
			hit = true;
		if (n == RX_SUBST_NOMATCH || (n >= 0 && !hit))
			continue;
		if (n < 0 || !rw_clean(val, (size_t)n) ||
		    hdr_set_value(c->h, (unsigned)i, val, (size_t)n) < 0)
			return rw_failed(c, r);
	}
	return RN_CONT;
}

/* ------------------------------------------------------------------ */
/* http-request actions on the request line */

/* replace-path, replace-pathq, replace-uri: the regex sees the path
 * (without query), the path and query, or the whole URI; on a match that
 * part is replaced by the expansion. */
static enum rw_next
act_replace_uri(struct rw_ctx *c, const struct http_rule *r)
{
	char	 fmt[RW_BUFSZ], val[RW_BUFSZ];
	size_t	 poff, plen, qoff, off, len;
	long	 n;

	uri_parts(c->h, &poff, &plen, &qoff);
	off = poff;
	len = plen;
	if (r->act == HTTP_ACT_REPLACE_URI) {
		off = c->h->uoff;
		len = c->h->ulen;
	} else if (r->act == HTTP_ACT_REPLACE_PATHQ)
		len = c->h->uoff + c->h->ulen - poff;
	rewrite_format(r->value, c->env, fmt, sizeof(fmt));
	n = rx_subst(r->rx, c->h->start.s + off, len, fmt, val, sizeof(val));
	if (n == RX_SUBST_NOMATCH)
		return RN_CONT;
	if (n < 0 || start_splice(c->h, off, len, val, (size_t)n) < 0)
		return rw_failed(c, r);
	return RN_CONT;
}

/* set-query: replaces what follows '?'; without one, a '?' is added only
 * for a non-empty query (2.6 http_replace_req_query). */
static int
set_query(struct http_head *h, const char *q, size_t n)
{
	size_t	poff, plen, qoff, end = h->uoff + h->ulen;
	char	buf[RW_BUFSZ];

	uri_parts(h, &poff, &plen, &qoff);
	if (qoff != 0)
		return start_splice(h, qoff, end - qoff, q, n);
	if (n == 0)
		return 0;
	if (n + 1 >= sizeof(buf))
		return -1;
	buf[0] = '?';
	memcpy(buf + 1, q, n);
	return start_splice(h, end, 0, buf, n + 1);
}

/* set-path, set-pathq, set-uri, set-query, set-method. */
static enum rw_next
act_set_uri(struct rw_ctx *c, const struct http_rule *r)
{
	char	val[RW_BUFSZ];
	size_t	n = rewrite_format(r->value, c->env, val, sizeof(val));
	size_t	poff, plen, qoff, end = c->h->uoff + c->h->ulen;
	int	rc;

	uri_parts(c->h, &poff, &plen, &qoff);
	switch (r->act) {
	case HTTP_ACT_SET_PATH:
		rc = start_splice(c->h, poff, plen, val, n);
		break;
	case HTTP_ACT_SET_PATHQ:
		rc = start_splice(c->h, poff, end - poff, val, n);
		break;
	case HTTP_ACT_SET_URI:
		rc = start_splice(c->h, c->h->uoff, c->h->ulen, val, n);
		break;
	case HTTP_ACT_SET_QUERY:
		rc = set_query(c->h, val, n);
		break;
	default:	/* HTTP_ACT_SET_METHOD */
		rc = start_splice(c->h, c->h->moff, c->h->mlen, val, n);
		break;
	}
	return rc < 0 ? rw_failed(c, r) : RN_CONT;
}

/* set-status CODE [reason TEXT]: the version is kept; no reason given
 * means HAProxy's for the code. */
static enum rw_next
act_set_status(struct rw_ctx *c, const struct http_rule *r)
{
	const struct http_line	*sl = &c->h->start;
	const char		*sp = memchr(sl->s, ' ', sl->len);
	char			 buf[RW_BUFSZ];
	int			 n;

	if (c->h->is_request || sp == NULL)
		return RN_CONT;
	n = snprintf(buf, sizeof(buf), "%.*s %03d %s", (int)(sp - sl->s),
	    sl->s, r->status, r->reason ? r->reason :
	    http_err_reason(r->status));
	if (n < 0 || (size_t)n >= sizeof(buf) || !rw_clean(buf, (size_t)n) ||
	    start_set(c->h, buf, (size_t)n) < 0)
		return rw_failed(c, r);
	return RN_CONT;
}

/* ------------------------------------------------------------------ */
/* Redirects */

/* "set-cookie N=V" and "clear-cookie N" as HAProxy builds them. */
static char *
redirect_cookie(const struct redirect_rule *rr)
{
	const char	*ck = rr->set_cookie ? rr->set_cookie :
			    rr->clear_cookie;
	size_t		 n;
	char		*s;

	if (ck == NULL)
		return NULL;
	n = strlen(ck) + sizeof("; path=/; Max-Age=0;");
	if ((s = malloc(n)) == NULL)
		return NULL;
	snprintf(s, n, "%s%s", ck, rr->set_cookie ? "; path=/;" :
	    "; path=/; Max-Age=0;");
	return s;
}

/* The request's path and query for prefix/scheme redirects ("/" when the
 * URI has no path), with drop-query applied. */
static void
redirect_path(const struct rw_ctx *c, const struct redirect_rule *rr,
    struct fmt_out *o)
{
	size_t	poff, plen, qoff, end = c->h->uoff + c->h->ulen;

	uri_parts(c->h, &poff, &plen, &qoff);
	if (poff == end && plen == 0) {
		fmt_put(o, "/", 1);
		return;
	}
	if (rr->flags & REDIR_F_DROP_QUERY)
		end = poff + plen;
	fmt_put(o, c->h->start.s + poff, end - poff);
}

/* The Location of RR (2.6 http_apply_redirect_rule): 1 built, 0 the rule
 * is skipped (ignore-empty), -1 no memory. */
static int
redirect_build(const struct rw_ctx *c, const struct redirect_rule *rr,
    char **loc)
{
	char		 buf[RW_BUFSZ], tgt[RW_BUFSZ];
	struct fmt_out	 o = { buf, sizeof(buf), 0 };
	const char	*t = rr->target;
	int		 i;

	buf[0] = '\0';
	if (rr->flags & REDIR_F_FORMAT) {
		rewrite_format(rr->target, c->env, tgt, sizeof(tgt));
		t = tgt;
	}
	if (rr->type == REDIR_LOCATION && t[0] == '\0' &&
	    (rr->flags & REDIR_F_IGNORE_EMPTY))
		return 0;
	/* a "/" prefix adds nothing, so that a self-redirect is possible */
	if (rr->type != REDIR_PREFIX || strcmp(rr->target, "/") != 0)
		fmt_put(&o, t, strlen(t));
	if (rr->type == REDIR_SCHEME) {
		fmt_put(&o, "://", 3);
		if ((i = http_head_find(c->h, "Host", 4, 0)) >= 0)
			fmt_put(&o, c->h->hdrs[i].s + c->h->hdrs[i].voff,
			    c->h->hdrs[i].vlen);
	}
	if (rr->type != REDIR_LOCATION) {
		redirect_path(c, rr, &o);
		if ((rr->flags & REDIR_F_APPEND_SLASH) && o.len > 0 &&
		    buf[o.len - 1] != '/')
			fmt_put(&o, "/", 1);
	}
	return (*loc = strdup(buf)) == NULL ? -1 : 1;
}

/* Apply a redirect: RN_CONT when skipped, else RN_DONE. */
static enum rw_next
act_redirect(struct rw_ctx *c, const struct redirect_rule *rr,
    const struct http_rule *r)
{
	char	*loc = NULL;
	int	 rc = redirect_build(c, rr, &loc);

	if (rc == 0)
		return RN_CONT;
	if (rc < 0)
		return rw_verdict(c, RW_ERROR, 500, r);
	c->out->location = loc;
	c->out->redirect = rr;
	if ((rr->set_cookie || rr->clear_cookie) &&
	    (c->out->cookie = redirect_cookie(rr)) == NULL)
		return rw_verdict(c, RW_ERROR, 500, r);
	return rw_verdict(c, RW_REDIRECT, rr->code ? rr->code : 302, r);
}

/* ------------------------------------------------------------------ */
/* The 2.x rule loop */

/* capture SAMPLE len N | id N: kept for the log (the session owns the
 * capture slots); the sample is read now, so it sees earlier rewrites.
 * hapx: at most RW_CAPTURE_MAX - 1 bytes are kept. */
static void
act_capture(struct rw_ctx *c, const struct http_rule *r)
{
	struct rw_capture	*cap;
	size_t			 max = r->capture_len ? r->capture_len :
				    RW_CAPTURE_MAX - 1;
	long			 n;

	if (c->out->ncaptures >= RW_MAX_CAPTURES)
		return;
	cap = &c->out->captures[c->out->ncaptures];
	n = acl_sample(r->name, strlen(r->name), c->env, cap->value,
	    sizeof(cap->value));
	if (n < 0)
		return;
	if ((size_t)n > max)
		cap->value[max] = '\0';
	cap->rule = r;
	c->out->ncaptures++;
}

/* set-var(NAME) EXPR, set-var-fmt(NAME) FMT, unset-var(NAME).  As in
 * HAProxy, an expression without a value leaves the variable as it was. */
static void
act_set_var(struct rw_ctx *c, const struct http_rule *r)
{
	char	val[RW_BUFSZ];
	long	n;

	if (r->act == HTTP_ACT_UNSET_VAR) {
		vars_unset(c->env->vars, r->name);
		return;
	}
	if (r->act == HTTP_ACT_SET_VAR_FMT)
		n = (long)rewrite_format(r->value, c->env, val, sizeof(val));
	else
		n = acl_sample(r->value, strlen(r->value), c->env, val,
		    sizeof(val));
	if (n >= 0)
		(void)vars_set(c->env->vars, r->name, val, (size_t)n);
}

/* Verdicts of http-request / http-response rules. */
static enum rw_next
act_final(struct rw_ctx *c, const struct http_rule *r)
{
	int	st = r->reply ? r->reply->status : r->status;

	switch (r->act) {
	case HTTP_ACT_DENY:
		return rw_verdict(c, RW_DENY, st ? st : 403, r);
	case HTTP_ACT_TARPIT:
		return rw_verdict(c, RW_TARPIT, st ? st : 500, r);
	case HTTP_ACT_RETURN:
		return rw_verdict(c, RW_RETURN, st ? st : 200, r);
	case HTTP_ACT_AUTH:
		c->out->realm = r->name ? r->name : c->px->name;
		return rw_verdict(c, RW_AUTH, 401, r);
	case HTTP_ACT_REJECT:
	case HTTP_ACT_SILENT_DROP:
		return rw_verdict(c, RW_REJECT, 0, r);
	case HTTP_ACT_USE_SERVICE:
		c->out->service = r->name;
		return rw_verdict(c, RW_SERVICE, 200, r);
	case HTTP_ACT_REDIRECT:
		return r->redirect ? act_redirect(c, r->redirect, r) : RN_CONT;
	default:
		return RN_CONT;
	}
}

/* One http-request / http-response / http-after-response rule. */
static enum rw_next
act_run(struct rw_ctx *c, const struct http_rule *r)
{
	switch (r->act) {
	case HTTP_ACT_ALLOW:
		return RN_STOP;
	case HTTP_ACT_ADD_HDR:
	case HTTP_ACT_SET_HDR:
		return act_add_header(c, r, r->act == HTTP_ACT_SET_HDR);
	case HTTP_ACT_DEL_HDR:
		return act_del_header(c, r);
	case HTTP_ACT_REPLACE_HDR:
	case HTTP_ACT_REPLACE_VAL:
		return act_replace_header(c, r);
	case HTTP_ACT_REPLACE_PATH:
	case HTTP_ACT_REPLACE_PATHQ:
	case HTTP_ACT_REPLACE_URI:
		return c->h->is_request ? act_replace_uri(c, r) : RN_CONT;
	case HTTP_ACT_SET_PATH:
	case HTTP_ACT_SET_PATHQ:
	case HTTP_ACT_SET_URI:
	case HTTP_ACT_SET_QUERY:
	case HTTP_ACT_SET_METHOD:
		return c->h->is_request ? act_set_uri(c, r) : RN_CONT;
	case HTTP_ACT_SET_STATUS:
		return act_set_status(c, r);
	case HTTP_ACT_CAPTURE:
		act_capture(c, r);
		return RN_CONT;
	case HTTP_ACT_SET_VAR:
	case HTTP_ACT_SET_VAR_FMT:
	case HTTP_ACT_UNSET_VAR:
		act_set_var(c, r);
		return RN_CONT;
	case HTTP_ACT_SET_LOG_LEVEL:
		c->out->log_level = r->log_level;
		return RN_CONT;
	case HTTP_ACT_DISABLE_L7_RETRY:
		c->out->no_l7_retry = true;
		return RN_CONT;
	case HTTP_ACT_STRICT_MODE:
		c->strict = r->strict;
		return RN_CONT;
	default:
		return act_final(c, r);
	}
}

static bool
is_legacy(enum http_act a)
{
	return a >= HTTP_ACT_LEGACY_REP;
}

/* The 2.x rules of RULES (N of them) in order; true if a verdict was
 * given.  allow ends this list only. */
static bool
run_http_rules(struct rw_ctx *c, const struct http_rule *rules, unsigned n)
{
	unsigned	i;
	enum rw_next	next;

	for (i = 0; i < n; i++) {
		if (is_legacy(rules[i].act) ||
		    !rw_cond_rule(c, &rules[i], NULL, rules[i].cond))
			continue;
		next = act_run(c, &rules[i]);
		rw_done(c, &rules[i], NULL);
		switch (next) {
		case RN_CONT:
			break;
		case RN_STOP:
			return false;
		case RN_DONE:
			return true;
		}
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* The 1.5 req* and rsp* filters (spec §5.2) */

enum lg_rc { LG_NOMATCH, LG_DONE, LG_ERR };

static bool
is_legacy_verdict(enum http_act a)
{
	return a == HTTP_ACT_LEGACY_ALLOW || a == HTTP_ACT_LEGACY_DENY ||
	    a == HTTP_ACT_LEGACY_TARPIT || a == HTTP_ACT_LEGACY_PASS;
}

/* A verdict filter matched a line.  reqpass: 1.5's code ignored the
 * match (a FIXME since 1.3); hapx does what its doc says, as reqallow
 * without the allow: later verdict filters are skipped. */
static void
legacy_verdict(struct rw_ctx *c, const struct http_rule *r)
{
	switch (r->act) {
	case HTTP_ACT_LEGACY_ALLOW:
	case HTTP_ACT_LEGACY_PASS:
		c->allowed = true;
		break;
	case HTTP_ACT_LEGACY_DENY:
		if (c->h->is_request)
			rw_verdict(c, RW_DENY, 403, r);
		else
			rw_verdict(c, RW_BAD_RESPONSE, 502, r);
		break;
	case HTTP_ACT_LEGACY_TARPIT:
		rw_verdict(c, RW_TARPIT, 500, r);
		break;
	default:
		break;
	}
}

/* The next line of S[0..N) at *POS, without CR/LF; false at the end.
 * hapx: a replacement holding CR or LF (\x0d\x0a) makes several lines,
 * each indexed, and empty ones are dropped: 1.5 sent the bytes as they
 * were (its FIXME), and an empty line would have ended the head early. */
static bool
next_line(const char *s, size_t n, size_t *pos, const char **l, size_t *len)
{
	size_t	i = *pos;

	while (i < n && (s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i >= n)
		return false;
	*l = s + i;
	while (i < n && s[i] != '\r' && s[i] != '\n')
		i++;
	*len = (size_t)(s + i - *l);
	*pos = i;
	return true;
}

/* Put the rewritten text S at header I; returns how many lines now stand
 * there (0: it was empty and the header is gone), or -1. */
static int
legacy_put_header(struct http_head *h, unsigned i, const char *s, size_t n)
{
	const char	*l;
	size_t		 pos = 0, len;
	int		 k = 0;

	while (next_line(s, n, &pos, &l, &len)) {
		if ((k == 0 ? hdr_replace(h, i, l, len) :
		    hdr_insert(h, i + (unsigned)k, l, len)) < 0)
			return -1;
		k++;
	}
	if (k == 0)
		http_head_del(h, i);
	return k;
}

/* The rewritten start line: its first line is re-parsed, further lines
 * become the first headers. */
static int
legacy_put_start(struct http_head *h, const char *s, size_t n)
{
	const char	*l;
	size_t		 pos = 0, len;
	unsigned	 k = 0;

	if (!next_line(s, n, &pos, &l, &len) || start_set(h, l, len) < 0)
		return -1;
	while (next_line(s, n, &pos, &l, &len))
		if (hdr_insert(h, k++, l, len) < 0)
			return -1;
	return 0;
}

/* The filter on the start line.  reqdel never applies there; a match
 * means the headers are not tried (1.5 apply_filter_to_req_line). */
static enum lg_rc
legacy_start(struct rw_ctx *c, const struct http_rule *r)
{
	const struct http_line	*sl = &c->h->start;
	char			 buf[RW_BUFSZ];
	long			 n;

	if (r->act == HTTP_ACT_LEGACY_DEL)
		return LG_NOMATCH;
	if (r->act != HTTP_ACT_LEGACY_REP) {
		if (!rx_match(r->rx, sl->s, sl->len))
			return LG_NOMATCH;
		legacy_verdict(c, r);
		return LG_DONE;
	}
	n = rx_subst(r->rx, sl->s, sl->len, r->value, buf, sizeof(buf));
	if (n == RX_SUBST_NOMATCH)
		return LG_NOMATCH;
	if (n < 0 || legacy_put_start(c->h, buf, (size_t)n) < 0)
		return LG_ERR;
	return LG_DONE;
}

/* The filter on each header line in turn: every match is rewritten or
 * deleted; a verdict filter stops at its first match. */
static enum lg_rc
legacy_headers(struct rw_ctx *c, const struct http_rule *r)
{
	char			 buf[RW_BUFSZ];
	const struct http_line	*l;
	unsigned		 i = 0;
	long			 n;
	int			 k;

	while (i < c->h->nhdrs) {
		l = &c->h->hdrs[i];
		if (r->act == HTTP_ACT_LEGACY_REP) {
			n = rx_subst(r->rx, l->s, l->len, r->value, buf,
			    sizeof(buf));
			if (n == RX_SUBST_NOMATCH) {
				i++;
				continue;
			}
			if (n < 0 || (k = legacy_put_header(c->h, i, buf,
			    (size_t)n)) < 0)
				return LG_ERR;
			i += (unsigned)k;
		} else if (!rx_match(r->rx, l->s, l->len))
			i++;
		else if (r->act == HTTP_ACT_LEGACY_DEL)
			http_head_del(c->h, i);
		else {
			legacy_verdict(c, r);
			return LG_DONE;
		}
	}
	return LG_NOMATCH;
}

/* The req* / rsp* filters of RULES (N) in config order, reqadd apart.
 * True if they decided (deny, tarpit, or a request that no longer
 * parses: 400, or 502 for a response). */
static bool
run_legacy(struct rw_ctx *c, const struct http_rule *rules, unsigned n)
{
	const struct http_rule	*r;
	unsigned		 i;
	enum lg_rc		 rc;

	for (i = 0; i < n; i++) {
		r = &rules[i];
		if (!is_legacy(r->act) || r->act == HTTP_ACT_LEGACY_ADD ||
		    r->act == HTTP_ACT_BLOCK || r->rx == NULL)
			continue;
		if (c->allowed && is_legacy_verdict(r->act))
			continue;
		if (!rw_cond_rule(c, r, NULL, r->cond))
			continue;
		if ((rc = legacy_start(c, r)) == LG_NOMATCH)
			rc = legacy_headers(c, r);
		rw_done(c, r, NULL);
		if (rc == LG_ERR) {
			rw_verdict(c, c->h->is_request ? RW_BAD_REQUEST :
			    RW_BAD_RESPONSE, c->h->is_request ? 400 : 502, r);
			return true;
		}
		if (c->out->verdict != RW_CONTINUE)
			return true;
	}
	return false;
}

/* reqadd / rspadd lines, in config order, after the last header.
 * hapx: a line that is not a valid header (the config warns) is not
 * added, and counted in failed_rewrites; 1.5 sent it as written. */
static void
run_legacy_add(struct rw_ctx *c, const struct http_rule *rules, unsigned n)
{
	const char	*l;
	size_t		 pos, len;
	unsigned	 i;

	for (i = 0; i < n; i++) {
		if (rules[i].act != HTTP_ACT_LEGACY_ADD ||
		    rules[i].value == NULL ||
		    !rw_cond_rule(c, &rules[i], NULL, rules[i].cond))
			continue;
		pos = 0;
		while (next_line(rules[i].value, strlen(rules[i].value), &pos,
		    &l, &len))
			if (hdr_insert(c->h, c->h->nhdrs, l, len) < 0)
				c->out->failed_rewrites++;
		rw_done(c, &rules[i], NULL);
	}
}

/* block: 1.5 put these before the http-request rules. */
static bool
run_block(struct rw_ctx *c, const struct http_rule *rules, unsigned n)
{
	unsigned	i;

	for (i = 0; i < n; i++)
		if (rules[i].act == HTTP_ACT_BLOCK &&
		    rw_cond_rule(c, &rules[i], NULL, rules[i].cond)) {
			rw_verdict(c, RW_DENY, 403, &rules[i]);
			rw_done(c, &rules[i], NULL);
			return true;
		}
	return false;
}

/* The "redirect" rules: the first whose condition holds. */
static void
run_redirects(struct rw_ctx *c)
{
	const struct redirect_rule	*rr;
	unsigned			 i;
	enum rw_next			 next;

	for (i = 0; i < c->px->redirects.n; i++) {
		rr = &c->px->redirects.v[i];
		if (!rw_cond_rule(c, NULL, rr, rr->cond))
			continue;
		next = act_redirect(c, rr, NULL);
		rw_done(c, NULL, rr);
		if (next == RN_DONE)
			return;
	}
}

/* Request rules, 1.5 order (spec §5.3). */
void
rewrite_request(const struct proxy_conf *px, struct http_head *req,
    const struct acl_env *env, struct rw_result *out)
{
	struct rw_ctx		 c;
	const struct http_rule	*rules = px->http_req.v;
	unsigned		 n = px->http_req.n;

	rw_ctx_init(&c, px, req, env, out);
	if (run_block(&c, rules, n) || run_http_rules(&c, rules, n) ||
	    run_legacy(&c, rules, n))
		return;
	run_legacy_add(&c, rules, n);
	run_redirects(&c);
}

/* Response rules, 1.5 order: http-response first (1.5
 * http_process_res_common), then rsp*, then rspadd unless 1xx. */
void
rewrite_response(const struct proxy_conf *px, struct http_head *res,
    const struct acl_env *env, struct rw_result *out)
{
	struct rw_ctx		 c;
	const struct http_rule	*rules = px->http_res.v;
	unsigned		 n = px->http_res.n;

	rw_ctx_init(&c, px, res, env, out);
	if (run_http_rules(&c, rules, n) || run_legacy(&c, rules, n))
		return;
	if (res->status >= 200)
		run_legacy_add(&c, rules, n);
}

/* http-after-response: only its rewrites run (the rows allow no
 * verdict besides allow, which ends the list). */
void
rewrite_after_response(const struct proxy_conf *px, struct http_head *res,
    const struct acl_env *env)
{
	struct rw_ctx		c;
	struct rw_result	out;

	rw_ctx_init(&c, px, res, env, &out);
	run_http_rules(&c, px->http_after.v, px->http_after.n);
	rw_result_clear(&out);
}

/* ------------------------------------------------------------------ */
/* forwardfor / originalto */

/* The address bytes of SS (AF_INET or AF_INET6), network order. */
static const void *
sa_bytes(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in	*in = (const void *)ss;
	const struct sockaddr_in6	*in6 = (const void *)ss;

	if (ss->ss_family == AF_INET)
		return &in->sin_addr;
	return &in6->sin6_addr;
}

/* Whether address SS is in NET. */
bool
net_has(const struct net_conf *net, const struct sockaddr_storage *ss)
{
	const uint8_t	*a;
	unsigned	 bits = net->prefix, i;

	if (ss->ss_family != net->family)
		return false;
	a = sa_bytes(ss);
	for (i = 0; bits >= 8; i++, bits -= 8)
		if (a[i] != net->addr[i])
			return false;
	return bits == 0 ||
	    ((a[i] ^ net->addr[i]) & (uint8_t)(0xff << (8 - bits))) == 0;
}

static bool
fwd_on(const struct proxy_conf *px, enum px_opt opt)
{
	return px != NULL && (px->opts & PXO_BIT(opt)) != 0;
}

/* Whether PX's except network of F holds SS. */
static bool
fwd_except(const struct proxy_conf *px, const struct forwardfor_conf *f,
    const struct sockaddr_storage *ss)
{
	return px != NULL && f->has_except && net_has(&f->except, ss);
}

/* One of the two headers: F and G are FE's and BE's settings. */
static int
fwd_add(const struct proxy_conf *fe, const struct proxy_conf *be,
    enum px_opt opt, struct http_head *req,
    const struct sockaddr_storage *ss)
{
	const struct forwardfor_conf *ff = opt == PXO_FORWARDFOR ?
	    &fe->forwardfor : &fe->originalto, *bf = opt == PXO_FORWARDFOR ?
	    &be->forwardfor : &be->originalto;
	const char	*name = fwd_on(be, opt) && bf->header ? bf->header :
			    ff->header ? ff->header : opt == PXO_FORWARDFOR ?
			    "X-Forwarded-For" : "X-Original-To";
	char		 ip[INET6_ADDRSTRLEN];
	bool		 always;

	if (ss == NULL || (ss->ss_family != AF_INET &&
	    ss->ss_family != AF_INET6))
		return 0;
	always = opt != PXO_FORWARDFOR || (fwd_on(fe, opt) && !ff->if_none) ||
	    (fwd_on(be, opt) && !bf->if_none);
	if (!always && http_head_find(req, name, strlen(name), 0) >= 0)
		return 0;
	if ((fwd_on(fe, opt) && fwd_except(fe, ff, ss)) ||
	    (fwd_on(be, opt) && fwd_except(be, bf, ss)))
		return 0;
	if (inet_ntop(ss->ss_family, sa_bytes(ss), ip, sizeof(ip)) == NULL)
		return -1;
	return http_head_add(req, name, strlen(name), ip, strlen(ip));
}

/* forwardfor and originalto of a frontend/backend pair. */
int
rewrite_forward_headers(const struct proxy_conf *fe,
    const struct proxy_conf *be, struct http_head *req,
    const struct acl_env *env)
{
	if (fe == NULL)
		fe = be;
	if (be == NULL)
		be = fe;
	if (fe == NULL || env == NULL)
		return 0;
	if ((fwd_on(fe, PXO_FORWARDFOR) || fwd_on(be, PXO_FORWARDFOR)) &&
	    fwd_add(fe, be, PXO_FORWARDFOR, req, env->src) < 0)
		return -1;
	if ((fwd_on(fe, PXO_ORIGINALTO) || fwd_on(be, PXO_ORIGINALTO)) &&
	    fwd_add(fe, be, PXO_ORIGINALTO, req, env->dst) < 0)
		return -1;
	return 0;
}

/* PX alone on both ends. */
void
rewrite_forwardfor(const struct proxy_conf *px, struct http_head *req,
    const struct acl_env *env)
{
	(void)rewrite_forward_headers(px, px, req, env);
}
