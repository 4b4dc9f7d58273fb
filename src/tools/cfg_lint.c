/*
 * cfg_lint: "hapx cfgcheck" warnings about configurations that are valid
 * but probably wrong: unused ACLs and backends, use_backend rules that
 * never apply, requests that reach no backend, unanchored path regexes,
 * '.' in check regexes, servers that start UP before their first check,
 * name clashes.
 *
 * Every verdict about traffic comes from the code that runs it, never from
 * a second implementation: routing from acl_route() on probe requests
 * parsed by http1, ACL matches from acl_cond_eval(), check bodies from
 * check_http_expect()/check_tcp_expect(), server start-up from the health
 * state machine in check.c.  What is guessed here is only which probes to
 * try; a warning is given when the runtime's answer on a probe shows it.
 * Nothing prints; the model is not changed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/acl.h"
#include "tools/cfg_lint.h"
#include "model/cfg_model.h"
#include "servers/check_srv.h"
#include "http/http1.h"

#include "base/nitems.h"

#define LINT_RUNSZ	128	/* longest literal run of a regex kept */
#define LINT_MAXRUNS	8
#define LINT_MAXPROBES	64
#define LINT_EXAMPLES	3	/* example paths named in a warning */

static const struct diag_rule lint_rules[] = {
	{ "E-config", "an error in the configuration" },
	{ "W-check-regex-dot", "'.' in a check regex does not match a "
	    "newline, so the check depends on the body's line breaks" },
	{ "W-config", "another warning of the configuration checker" },
	{ LINT_DEPRECATED, "1.x syntax that HAProxy 2.x removed; hapx "
	    "still runs it" },
	{ LINT_HTTP_IN_TCP, "HTTP rules or settings in a proxy in "
	    "'mode tcp' are ignored" },
	{ LINT_HTTPLOG_TCP, "'option httplog' in a proxy in 'mode tcp'" },
	{ LINT_IGNORED, "a keyword that has no effect in hapx" },
	{ LINT_MISSING_TIMEOUT, "a proxy without client, connect or server "
	    "timeout" },
	{ "W-name-clash", "a frontend and a backend with one name, or "
	    "names that differ only in case" },
	{ LINT_NO_BIND, "a frontend without a 'bind' line" },
	{ "W-no-default-backend", "requests that match no use_backend rule "
	    "and find no default_backend (503)" },
	{ "W-shadowed-use-backend", "a use_backend or default_backend that "
	    "an earlier rule always takes first" },
	{ "W-starts-up-before-check", "servers that receive traffic before "
	    "their first health check" },
	{ "W-unanchored-path-reg", "a path or URL regex without '^' that "
	    "matches in the middle of a path" },
	{ "W-unused-acl", "an ACL that no condition uses" },
	{ "W-unused-backend", "a backend that no use_backend or "
	    "default_backend names" },
	{ LINT_WRONG_SECTION, "a keyword that is ignored in this kind of "
	    "section" },
};

const struct diag_rule *
cfg_lint_rules(size_t *n)
{
	*n = nitems(lint_rules);
	return lint_rules;
}

/* ------------------------------------------------------------------ */
/* Probes: requests and bodies handed to the runtime */

/* A request "GET PATH HTTP/1.1" parsed by the runtime's parser into H
 * (cleared with http_head_clear); -1 if PATH is not a valid URI. */
static int
lint_request(struct http_head *h, const char *path)
{
	char		 buf[LINT_RUNSZ + 64];
	struct http1_msg m;
	int		 n;

	n = snprintf(buf, sizeof(buf), "GET %s HTTP/1.1\r\nHost: "
	    "lint.invalid\r\n\r\n", path);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -1;
	http1_msg_setup(&m, 0);
	if (http1_parse_request(&m, buf, (size_t)n, sizeof(buf)) != HTTP1_DONE)
		return -1;
	return http_head_from_msg(h, &m, true);
}

/* Where a request for PATH to frontend PX goes, as sess_route() decides:
 * 1 a backend, 0 none (503), -1 PATH could not be probed. */
static int
lint_routes(const struct proxy_conf *px, const char *path)
{
	struct http_head	h;
	struct acl_env		env;
	int			rc;

	if (lint_request(&h, path) < 0)
		return -1;
	memset(&env, 0, sizeof(env));
	env.req = &h;
	env.srv_id = -1;
	rc = acl_route(px, &env) != NULL;
	http_head_clear(&h);
	return rc;
}

/* Whether pattern P of term T alone matches a request for PATH. */
static bool
lint_pattern_matches(const struct acl_term_conf *t,
    const struct acl_pattern *p, const char *path)
{
	struct acl_term_conf	 t1 = *t;
	struct acl_pattern	 p1 = *p;
	struct acl_conf		 a;
	struct cond_item	 it;
	struct cond_and		 g;
	struct cond_conf	 c;
	struct http_head	 h;
	struct acl_env		 env;
	bool			 m;

	if (lint_request(&h, path) < 0)
		return false;
	t1.patterns.v = &p1;
	t1.patterns.n = t1.patterns.cap = 1;
	memset(&a, 0, sizeof(a));
	a.terms.v = &t1;
	a.terms.n = a.terms.cap = 1;
	memset(&it, 0, sizeof(it));
	it.acl = &a;
	memset(&g, 0, sizeof(g));
	g.items.v = &it;
	g.items.n = g.items.cap = 1;
	memset(&c, 0, sizeof(c));
	c.ors.v = &g;
	c.ors.n = c.ors.cap = 1;
	memset(&env, 0, sizeof(env));
	env.req = &h;
	env.srv_id = -1;
	m = acl_cond_eval(&c, &env);
	http_head_clear(&h);
	return m;
}

/* ------------------------------------------------------------------ */
/* Regex text: literal runs, and whether '.' is used */

struct lint_runs {
	char	 s[LINT_MAXRUNS][LINT_RUNSZ];
	size_t	 n;
	bool	 dot;		/* an unescaped '.' outside a class */
	bool	 dotall;	/* "(?s" somewhere: '.' crosses lines */
};

static void
lint_run_end(struct lint_runs *r, char *cur, size_t *len)
{
	if (*len > 0 && r->n < LINT_MAXRUNS) {
		memcpy(r->s[r->n], cur, *len);
		r->s[r->n++][*len] = '\0';
	}
	*len = 0;
}

/* Past the class starting at P ('['), escapes and a leading ']' kept. */
static const char *
lint_skip_class(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p != '\0' && *p != ']'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	return *p == ']' ? p + 1 : p;
}

/* Split PAT into the literal text it requires, in order: a character
 * made optional by '?', '*' or '{0' is left out, and anything else that
 * is not a plain character ends a run.  Only probes come from this. */
static void
lint_rx_runs(const char *pat, struct lint_runs *r)
{
	char		 cur[LINT_RUNSZ];
	size_t		 len = 0;
	const char	*p = pat;

	memset(r, 0, sizeof(*r));
	r->dotall = strstr(pat, "(?s") != NULL;
	while (*p != '\0') {
		if (*p == '\\' && p[1] != '\0') {
			if ((p[1] >= 'a' && p[1] <= 'z') ||
			    (p[1] >= 'A' && p[1] <= 'Z') ||
			    (p[1] >= '0' && p[1] <= '9'))
				lint_run_end(r, cur, &len);
			else if (len + 1 < LINT_RUNSZ)
				cur[len++] = p[1];
			p += 2;
			continue;
		}
		if (*p == '[') {
			lint_run_end(r, cur, &len);
			p = lint_skip_class(p);
			continue;
		}
		if (*p == '(' && p[1] == '?') {
			/* "(?:", "(?<name>", "(?i)": no text of their own */
			lint_run_end(r, cur, &len);
			p += strcspn(p, ":>)");
			p += *p != '\0';
			continue;
		}
		if (*p == '{') {
			if (p[1] == '0' && len > 0)
				len--;
			lint_run_end(r, cur, &len);
			while (*p != '\0' && *p != '}')
				p++;
			p += *p == '}';
			continue;
		}
		if ((*p == '?' || *p == '*') && len > 0)
			len--;
		if (strchr(".()|^$?*+}", *p) != NULL) {
			r->dot |= *p == '.';
			lint_run_end(r, cur, &len);
		} else if (len + 1 < LINT_RUNSZ)
			cur[len++] = *p;
		p++;
	}
	lint_run_end(r, cur, &len);
}

/* ------------------------------------------------------------------ */
/* Unused ACLs and backends */

static bool
lint_acl_inherited(const struct proxy_conf *px, const struct acl_conf *a)
{
	unsigned	i;

	for (i = 0; px->from != NULL && i < px->from->acls.n; i++)
		if (px->from->acls.v[i] == a)
			return true;
	return false;
}

static void
lint_unused_acls(const struct proxy_conf *px, struct diag *d)
{
	const struct acl_conf	*a;
	unsigned		 i;

	for (i = 0; i < px->acls.n; i++) {
		a = px->acls.v[i];
		if (a->used || a->predefined || a->name == NULL ||
		    lint_acl_inherited(px, a))
			continue;
		diag_warn(d, &a->pos, "ACL '%s' of %s '%s' is never used",
		    a->name, px->kind, px->name);
		diag_code(d, "W-unused-acl");
		diag_hint(d, "use it in a condition ('if %s') or remove it",
		    a->name);
	}
}

/* Whether a term of an ACL of PX names BE (nbsrv(BE), be_conn(BE)...). */
static bool
lint_acls_name(const struct proxy_conf *px, const struct proxy_conf *be)
{
	const struct acl_conf	*a;
	unsigned		 i, j, k;

	for (k = 0; k < 2; k++) {
		unsigned n = k ? px->anon_acls.n : px->acls.n;

		for (i = 0; i < n; i++) {
			a = k ? px->anon_acls.v[i] : px->acls.v[i];
			for (j = 0; j < a->terms.n; j++)
				if (a->terms.v[j].proxy == be)
					return true;
		}
	}
	return false;
}

static bool
lint_backend_used(const struct config *cfg, const struct proxy_conf *be)
{
	const struct proxy_conf	*px;
	unsigned		 i;

	for (px = cfg->proxies; px != NULL; px = px->next) {
		if (px->default_backend.target == be || lint_acls_name(px, be))
			return true;
		for (i = 0; i < px->use_backends.n; i++)
			if (px->use_backends.v[i].target == be)
				return true;
		for (i = 0; i < px->sticks.n; i++)
			if (px->sticks.v[i].target == be)
				return true;
	}
	return false;
}

static void
lint_unused_backend(const struct config *cfg, const struct proxy_conf *px,
    struct diag *d)
{
	if ((px->cap & CFG_CAP_FE) || !(px->cap & CFG_CAP_BE) ||
	    px->disabled || lint_backend_used(cfg, px))
		return;
	/* A backend that only holds a stick-table is a table, not a route. */
	if (px->stick_table.set && px->servers.n == 0)
		return;
	diag_warn(d, &px->pos, "backend '%s' receives no traffic: no "
	    "use_backend or default_backend names it", px->name);
	diag_code(d, "W-unused-backend");
	diag_hint(d, "route to it from a frontend, or remove it");
}

/* ------------------------------------------------------------------ */
/* use_backend rules that never apply */

static bool
lint_term_same(const struct acl_term_conf *a, const struct acl_term_conf *b)
{
	unsigned	i;

	if (strcmp(a->criterion, b->criterion) != 0 || a->flags != b->flags ||
	    a->patterns.n != b->patterns.n)
		return false;
	for (i = 0; i < a->patterns.n; i++)
		if (a->patterns.v[i].len != b->patterns.v[i].len ||
		    a->patterns.v[i].icase != b->patterns.v[i].icase ||
		    memcmp(a->patterns.v[i].s, b->patterns.v[i].s,
		    a->patterns.v[i].len) != 0)
			return false;
	return true;
}

/* The same ACL, or two "{ ... }" written alike. */
static bool
lint_acl_same(const struct acl_conf *a, const struct acl_conf *b)
{
	unsigned	i;

	if (a == b)
		return true;
	if (a->name != NULL || b->name != NULL || a->terms.n != b->terms.n)
		return false;
	for (i = 0; i < a->terms.n; i++)
		if (!lint_term_same(&a->terms.v[i], &b->terms.v[i]))
			return false;
	return true;
}

/* Whether every item of AND group SUB is in AND group SUPER. */
static bool
lint_and_within(const struct cond_and *sub, const struct cond_and *super)
{
	unsigned	i, j;
	bool		found;

	for (i = 0; i < sub->items.n; i++) {
		found = false;
		for (j = 0; j < super->items.n && !found; j++)
			found = sub->items.v[i].negate ==
			    super->items.v[j].negate &&
			    lint_acl_same(sub->items.v[i].acl,
			    super->items.v[j].acl);
		if (!found)
			return false;
	}
	return true;
}

/* Whether B holding implies A holding, by the conditions' structure (an
 * AND group of A within each AND group of B); "unless" only when alike. */
static bool
lint_implies(const struct cond_conf *b, const struct cond_conf *a)
{
	unsigned	i, j;
	bool		ok;

	if (a == NULL)
		return true;
	if (b == NULL || a->unless != b->unless)
		return false;
	if (a->unless)
		return a->ors.n == 1 && b->ors.n == 1 &&
		    lint_and_within(&a->ors.v[0], &b->ors.v[0]) &&
		    lint_and_within(&b->ors.v[0], &a->ors.v[0]);
	for (i = 0; i < b->ors.n; i++) {
		ok = false;
		for (j = 0; j < a->ors.n && !ok; j++)
			ok = lint_and_within(&a->ors.v[j], &b->ors.v[i]);
		if (!ok)
			return false;
	}
	return true;
}

static void
lint_shadow_note(const struct switch_rule *first, struct diag *d)
{
	diag_note(d, &first->pos, "'use_backend %s'%s takes those requests "
	    "first", first->backend, first->cond == NULL ? " (no condition)" :
	    "");
}

static void
lint_shadowed(const struct proxy_conf *px, struct diag *d)
{
	const struct switch_rule	*r, *e;
	unsigned			 i, j;

	for (i = 0; i < px->use_backends.n; i++) {
		r = &px->use_backends.v[i];
		for (j = 0; j < i; j++) {
			e = &px->use_backends.v[j];
			if (!lint_implies(r->cond, e->cond))
				continue;
			diag_warn(d, &r->pos, "'use_backend %s' never applies: "
			    "the rule of line %u takes every request it "
			    "matches", r->backend, e->pos.line);
			diag_code(d, "W-shadowed-use-backend");
			lint_shadow_note(e, d);
			diag_hint(d, "move the more specific rule first, or "
			    "remove this one");
			break;
		}
	}
	for (i = 0; px->default_backend.backend != NULL &&
	    i < px->use_backends.n; i++) {
		e = &px->use_backends.v[i];
		if (e->cond != NULL)
			continue;
		diag_warn(d, &px->default_backend.pos, "'default_backend %s' "
		    "never applies: a use_backend rule without a condition "
		    "comes first", px->default_backend.backend);
		diag_code(d, "W-shadowed-use-backend");
		lint_shadow_note(e, d);
		diag_hint(d, "give that rule a condition, or remove one of "
		    "the two");
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Requests that reach no backend */

struct lint_probes {
	char	 s[LINT_MAXPROBES][LINT_RUNSZ + 2];
	size_t	 n;
};

static void
lint_probe_add(struct lint_probes *pr, const char *pfx, const char *s,
    size_t len)
{
	size_t	i;
	int	n;

	if (pr->n == LINT_MAXPROBES || len == 0 || len > LINT_RUNSZ)
		return;
	n = snprintf(pr->s[pr->n], sizeof(pr->s[0]), "%s%.*s", pfx,
	    (int)len, s);
	if (n < 0 || (size_t)n >= sizeof(pr->s[0]))
		return;
	for (i = 0; i < pr->n; i++)
		if (strcmp(pr->s[i], pr->s[pr->n]) == 0)
			return;
	pr->n++;
}

/* Paths near a pattern: itself, without its trailing '/', with a leading
 * '/' when it has none (the article's "/spark/" gives "/spark"). */
static void
lint_probe_text(struct lint_probes *pr, const char *s, size_t len)
{
	const char	*pfx = len > 0 && s[0] == '/' ? "" : "/";

	lint_probe_add(pr, pfx, s, len);
	if (len > 1 && s[len - 1] == '/')
		lint_probe_add(pr, pfx, s, len - 1);
}

static bool
lint_fetch_is_path(const struct acl_term_conf *t)
{
	static const char *const paths[] = { "base", "path", "pathq", "url" };
	size_t	i;

	for (i = 0; i < nitems(paths); i++)
		if (strcmp(t->fetch, paths[i]) == 0)
			return true;
	return false;
}

static void
lint_probe_term(struct lint_probes *pr, const struct acl_term_conf *t)
{
	struct lint_runs	 runs;
	const struct acl_pattern *p;
	unsigned		 i;
	size_t			 k;

	if (!lint_fetch_is_path(t) || t->match == ACL_M_UNSET ||
	    t->match == ACL_M_FOUND || t->match == ACL_M_INT ||
	    t->match == ACL_M_LEN || t->match == ACL_M_IP)
		return;
	for (i = 0; i < t->patterns.n; i++) {
		p = &t->patterns.v[i];
		if (t->match != ACL_M_REG) {
			lint_probe_text(pr, p->s, p->len);
			continue;
		}
		lint_rx_runs(p->s, &runs);
		for (k = 0; k < runs.n; k++)
			lint_probe_text(pr, runs.s[k], strlen(runs.s[k]));
	}
}

/* Add probes from the terms of C; false if one of them looks at more
 * than the path (a header, the source...). */
static bool
lint_probe_cond(struct lint_probes *pr, const struct cond_conf *c)
{
	const struct acl_conf	*a;
	unsigned		 i, j, k;
	bool			 pathonly = true;

	for (i = 0; c != NULL && i < c->ors.n; i++)
		for (j = 0; j < c->ors.v[i].items.n; j++) {
			a = c->ors.v[i].items.v[j].acl;
			for (k = 0; k < a->terms.n; k++) {
				pathonly &= lint_fetch_is_path(&a->terms.v[k]);
				lint_probe_term(pr, &a->terms.v[k]);
			}
		}
	return pathonly;
}

/* "'/' and '/spark'" from the first N of the paths in EX. */
static void
lint_quote_list(char *out, size_t outsz, char ex[][LINT_RUNSZ + 2],
    size_t n)
{
	size_t	i, len = 0;
	int	w;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(out + len, outsz - len, "%s'%s'", i == 0 ? "" :
		    i + 1 == n ? " and " : ", ", ex[i]);
		if (w < 0 || (size_t)w >= outsz - len)
			return;
		len += (size_t)w;
	}
}

/* A frontend without default_backend: ask the runtime's routing where
 * "/" and paths near the rules' patterns go. */
static void
lint_no_default(const struct proxy_conf *px, struct diag *d)
{
	struct lint_probes	pr;
	char			ex[LINT_EXAMPLES][LINT_RUNSZ + 2], list[512];
	size_t			i, nex = 0;
	unsigned		j;
	bool			pathonly = true;

	/* A listen serves what no rule takes; http-request and redirect
	 * rules may answer or rewrite before routing: not probed. */
	if (px->mode != CFG_MODE_HTTP || (px->cap & CFG_CAP_BE) ||
	    px->default_backend.backend != NULL || px->http_req.n > 0 ||
	    px->redirects.n > 0)
		return;
	/* A stats or monitor frontend answers its own URI. */
	if (px->use_backends.n == 0 && (px->stats.enabled ||
	    px->monitor_uri != NULL))
		return;
	memset(&pr, 0, sizeof(pr));
	lint_probe_add(&pr, "", "/", 1);
	for (j = 0; j < px->use_backends.n; j++)
		pathonly &= lint_probe_cond(&pr, px->use_backends.v[j].cond);
	for (i = 0; i < pr.n && nex < LINT_EXAMPLES; i++)
		if (lint_routes(px, pr.s[i]) == 0)
			memcpy(ex[nex++], pr.s[i], sizeof(ex[0]));
	if (nex == 0)
		return;
	lint_quote_list(list, sizeof(list), ex, nex);
	if (pathonly)
		diag_warn(d, &px->pos, "frontend '%s' has no default_backend, "
		    "and requests for %s match no use_backend rule: they get "
		    "a 503", px->name, list);
	else
		diag_warn(d, &px->pos, "frontend '%s' has no default_backend: "
		    "requests no use_backend rule matches get a 503 (e.g. "
		    "'GET %s' with 'Host: lint.invalid')", px->name, ex[0]);
	diag_code(d, "W-no-default-backend");
	diag_hint(d, "add 'default_backend <name>', or rules that cover "
	    "these paths");
}

/* ------------------------------------------------------------------ */
/* Unanchored path regexes */

static void
lint_unanchored_term(const struct acl_term_conf *t, struct diag *d)
{
	struct lint_runs	 runs;
	const struct acl_pattern *p;
	char			 ex[LINT_RUNSZ + 8];
	unsigned		 i;

	if (t->match != ACL_M_REG || !lint_fetch_is_path(t))
		return;
	for (i = 0; i < t->patterns.n; i++) {
		p = &t->patterns.v[i];
		if (p->s[0] == '^' || strncmp(p->s, "\\A", 2) == 0)
			continue;
		lint_rx_runs(p->s, &runs);
		if (runs.n == 0)
			continue;
		snprintf(ex, sizeof(ex), "/x%s%s", runs.s[0][0] == '/' ? "" :
		    "/", runs.s[0]);
		if (!lint_pattern_matches(t, p, ex))
			continue;
		diag_warn(d, &p->pos, "'%s %s' is not anchored: it also "
		    "matches '%s'", t->criterion, p->s, ex);
		diag_code(d, "W-unanchored-path-reg");
		if (runs.n == 1 && strcmp(runs.s[0], p->s) == 0)
			diag_hint(d, "anchor it: '%s ^%s', or use '%s_beg %s'",
			    t->criterion, p->s, t->fetch, p->s);
		else
			diag_hint(d, "anchor it: '%s ^%s'", t->criterion,
			    p->s);
	}
}

static void
lint_unanchored(const struct proxy_conf *px, struct diag *d)
{
	const struct acl_conf	*a;
	unsigned		 i, j, k;

	for (k = 0; k < 2; k++) {
		unsigned n = k ? px->anon_acls.n : px->acls.n;

		for (i = 0; i < n; i++) {
			a = k ? px->anon_acls.v[i] : px->acls.v[i];
			if (k == 0 && lint_acl_inherited(px, a))
				continue;
			for (j = 0; j < a->terms.n; j++)
				lint_unanchored_term(&a->terms.v[j], d);
		}
	}
}

/* ------------------------------------------------------------------ */
/* '.' in check regexes */

/* Whether the check rule E passes on BODY, judged by the check code: the
 * body of a full HTTP response for http-check, the bytes for tcp-check. */
static bool
lint_check_passes(const struct check_expect *e, bool http, const char *body)
{
	struct check_result	 res;
	char			 resp[LINT_RUNSZ * (LINT_MAXRUNS + 1) + 128];
	int			 n;

	if (!http)
		return check_tcp_expect(e, body, strlen(body), true) == 1;
	n = snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\nContent-Length: "
	    "%zu\r\n\r\n%s", strlen(body), body);
	if (n < 0 || (size_t)n >= sizeof(resp))
		return false;
	return check_http_expect(e, NULL, resp, (size_t)n, true, &res) == 1;
}

/* The runs of R joined by "x", with "\n" instead at gap NL (0 = before
 * the first run, R->n = after the last; -1 = none). */
static void
lint_body(char *out, size_t outsz, const struct lint_runs *r, long nl)
{
	size_t	i, len = 0;
	int	w;

	for (i = 0; i <= r->n; i++) {
		w = snprintf(out + len, outsz - len, "%s%s",
		    (long)i == nl ? "\n" : "x", i < r->n ? r->s[i] : "");
		if (w < 0 || (size_t)w >= outsz - len)
			return;
		len += (size_t)w;
	}
}

/* What a newline at gap I breaks, in words. */
static void
lint_gap_words(char *out, size_t outsz, const struct lint_runs *r, size_t i)
{
	if (i == 0)
		snprintf(out, outsz, "'%s' starts a line", r->s[0]);
	else if (i == r->n)
		snprintf(out, outsz, "'%s' ends a line", r->s[r->n - 1]);
	else
		snprintf(out, outsz, "'%s' and '%s' are on different lines",
		    r->s[i - 1], r->s[i]);
}

/* Which line breaks make E fail although the same text on one line
 * passes; into WHY ("when A, when B or when C"); false if none does. */
static bool
lint_dot_breaks(const struct check_expect *e, bool http,
    const struct lint_runs *r, char *why, size_t whysz)
{
	char	body[LINT_RUNSZ * (LINT_MAXRUNS + 1)], words[3][300];
	size_t	i, n = 0;

	lint_body(body, sizeof(body), r, -1);
	if (!lint_check_passes(e, http, body))
		return false;
	for (i = 0; i <= r->n && n < nitems(words); i++) {
		lint_body(body, sizeof(body), r, (long)i);
		if (!lint_check_passes(e, http, body))
			lint_gap_words(words[n++], sizeof(words[0]), r, i);
	}
	if (n == 0)
		return false;
	snprintf(why, whysz, "when %s%s%s%s%s", words[0],
	    n > 1 ? (n > 2 ? ", when " : " or when ") : "",
	    n > 1 ? words[1] : "", n > 2 ? " or when " : "",
	    n > 2 ? words[2] : "");
	return true;
}

static void
lint_check_step(const struct proxy_conf *px, const struct tcpcheck_step *s,
    struct diag *d)
{
	const struct check_expect	*e = &s->expect;
	struct lint_runs		 r;
	char				 why[1024];
	const char			*kw = px->tcpcheck_http ? "http-check" :
					    "tcp-check";

	if (s->action != CHK_ACT_EXPECT || e->negate || e->rx == NULL ||
	    e->kind != EXP_RSTRING)
		return;
	lint_rx_runs(e->pattern, &r);
	if (!r.dot || r.dotall || r.n == 0 ||
	    !lint_dot_breaks(e, px->tcpcheck_http, &r, why, sizeof(why)))
		return;
	diag_warn(d, e->pos.line ? &e->pos : &s->pos, "'%s expect rstring "
	    "%s': '.' does not match a newline, so the check fails %s",
	    kw, e->pattern, why);
	diag_code(d, "W-check-regex-dot");
	diag_hint(d, "rstring searches the whole %s, so a leading or "
	    "trailing '.+' only adds these constraints: drop it; '(?s)' in "
	    "front lets '.' cross lines", px->tcpcheck_http ? "body" :
	    "response");
}

static void
lint_check_regexes(const struct proxy_conf *px, struct diag *d)
{
	unsigned	i;

	if (px->tcpcheck_owner != px)
		return;
	for (i = 0; i < px->tcpcheck.n; i++)
		lint_check_step(px, &px->tcpcheck.v[i], d);
}

/* ------------------------------------------------------------------ */
/* Servers UP before their first check */

/* The spreading of first checks, as check_start_all() computes it. */
struct lint_spread {
	uint32_t	mininter;
	unsigned	nb;
};

static bool
lint_checked(const struct server_conf *sc)
{
	return sc->check && !sc->addr_invalid;
}

static void
lint_spread(const struct config *cfg, struct lint_spread *sp)
{
	const struct proxy_conf	*px;
	unsigned		 i;

	memset(sp, 0, sizeof(*sp));
	for (px = cfg->proxies; px != NULL; px = px->next)
		for (i = 0; i < px->servers.n; i++) {
			if (!lint_checked(&px->servers.v[i]))
				continue;
			sp->nb++;
			sp->mininter = check_spread_fold(sp->mininter,
			    &px->servers.v[i]);
		}
	if (cfg->global.max_spread_checks_ms != 0 &&
	    sp->mininter > cfg->global.max_spread_checks_ms)
		sp->mininter = cfg->global.max_spread_checks_ms;
}

/* Milliseconds from start until the health state machine takes SC, a
 * server whose checks all give ST, out of its initial state into the
 * other one (DOWN for a failing one, UP for a passing one); FIRST is
 * when its first check runs. */
static uint64_t
lint_until_flip(const struct server_conf *sc, enum srv_init_state is,
    enum check_status st, uint32_t first)
{
	struct check_fsm	f;
	enum check_trans	tr;
	uint64_t		t = first;
	unsigned		i;
	bool			report;

	f.health = check_health_init(is, sc->rise, sc->fall);
	f.up = f.health >= sc->rise;
	f.nolb = false;
	for (i = 0; i < sc->rise + sc->fall + 1; i++) {
		tr = check_fsm_apply(&f, sc->rise, sc->fall, st, &report);
		if (tr == CHK_TR_DOWN || tr == CHK_TR_UP)
			break;
		t += check_interval(sc, f.health);
	}
	return t;
}

static void
lint_ms(char *out, size_t outsz, uint64_t ms)
{
	if (ms % 1000 == 0)
		snprintf(out, outsz, "%llus", (unsigned long long)(ms / 1000));
	else if (ms < 1000)
		snprintf(out, outsz, "%llums", (unsigned long long)ms);
	else
		snprintf(out, outsz, "%.1fs", (double)ms / 1000);
}

struct lint_upstart {
	const struct server_conf *first;	/* first server UP at start */
	const struct server_conf *worst;	/* the one checked last */
	unsigned		  n;
	uint64_t		  down_ms, up_ms;	/* of the worst */
};

static void
lint_starts_up_warn(const struct proxy_conf *px,
    const struct lint_upstart *u, struct diag *d)
{
	char	down[64], up[32], inter[32];

	lint_ms(down, sizeof(down), u->down_ms);
	lint_ms(up, sizeof(up), u->up_ms);
	lint_ms(inter, sizeof(inter), u->worst->inter_ms);
	if (u->down_ms == 0)
		snprintf(down, sizeof(down), "right at start");
	else {
		memmove(down + 6, down, strlen(down) + 1);
		memcpy(down, "up to ", 6);
		strcat(down, " after start");
	}
	diag_warn(d, &u->first->pos, "%u server%s of backend '%s' start%s UP "
	    "before any health check: one that would fail it (a standby, "
	    "a dead host) gets traffic until a check marks it DOWN, %s ('%s', "
	    "inter %s)", u->n, u->n == 1 ? "" : "s", px->name,
	    u->n == 1 ? "s" : "", down, u->worst->name, inter);
	diag_code(d, "W-starts-up-before-check");
	diag_hint(d, "add 'init-state down' to the servers (or to "
	    "'default-server'): each waits for its checks and is UP after "
	    "%s at most here (hapx runs it; HAProxy 2.6 does not know it)",
	    up);
}

static void
lint_starts_up(const struct proxy_conf *px, const struct lint_spread *sp,
    unsigned *pos, struct diag *d)
{
	const struct server_conf	*sc;
	struct lint_upstart		 u;
	uint32_t			 first;
	uint64_t			 t;
	unsigned			 i;

	memset(&u, 0, sizeof(u));
	for (i = 0; i < px->servers.n; i++) {
		sc = &px->servers.v[i];
		if (!lint_checked(sc))
			continue;
		first = check_first_delay(sp->mininter, (*pos)++, sp->nb);
		if (sc->disabled || check_health_init(sc->init_state, sc->rise,
		    sc->fall) < sc->rise)
			continue;
		t = lint_until_flip(sc, sc->init_state, CHK_ST_L7RSP, first);
		if (u.n++ == 0)
			u.first = sc;
		if (u.worst == NULL || t >= u.down_ms) {
			u.worst = sc;
			u.down_ms = t;
			u.up_ms = lint_until_flip(sc, SRV_INIT_DOWN,
			    CHK_ST_L7OK, first);
		}
	}
	if (u.n > 0)
		lint_starts_up_warn(px, &u, d);
}

/* ------------------------------------------------------------------ */
/* Name clashes */

static void
lint_name_pair(const struct proxy_conf *a, const struct proxy_conf *b,
    struct diag *d)
{
	bool	fe_be = ((a->cap ^ b->cap) == (CFG_CAP_FE | CFG_CAP_BE)) &&
		    strcmp(a->name, b->name) == 0;

	if (fe_be)
		diag_warn(d, &b->pos, "%s '%s' has the name of %s '%s': logs, "
		    "stats and the CLI show both under one name", b->kind,
		    b->name, a->kind, a->name);
	else if ((a->cap & b->cap & CFG_CAP_BE) &&
	    strcmp(a->name, b->name) != 0 && strcasecmp(a->name, b->name) == 0)
		diag_warn(d, &b->pos, "%s '%s' differs from %s '%s' only in "
		    "case: names are case-sensitive", b->kind, b->name,
		    a->kind, a->name);
	else
		return;
	diag_code(d, "W-name-clash");
	diag_note(d, &a->pos, "'%s' is declared here", a->name);
	diag_hint(d, "give them distinct names (e.g. 'fe_%s' and 'be_%s')",
	    a->name, a->name);
}

static void
lint_server_names(const struct proxy_conf *px, struct diag *d)
{
	const struct server_conf	*a, *b;
	unsigned			 i, j;

	for (i = 0; i < px->servers.n; i++)
		for (j = 0; j < i; j++) {
			a = &px->servers.v[j];
			b = &px->servers.v[i];
			if (strcmp(a->name, b->name) == 0 ||
			    strcasecmp(a->name, b->name) != 0)
				continue;
			diag_warn(d, &b->pos, "server '%s' differs from server "
			    "'%s' only in case: names are case-sensitive",
			    b->name, a->name);
			diag_code(d, "W-name-clash");
			diag_note(d, &a->pos, "'%s' is declared here", a->name);
			break;
		}
}

static void
lint_names(const struct config *cfg, struct diag *d)
{
	const struct proxy_conf	*a, *b;

	for (b = cfg->proxies; b != NULL; b = b->next) {
		for (a = cfg->proxies; a != b; a = a->next)
			if (a->name != NULL && b->name != NULL)
				lint_name_pair(a, b, d);
		lint_server_names(b, d);
	}
}

/* ------------------------------------------------------------------ */

void
cfg_lint(const struct config *cfg, struct diag *d)
{
	const struct proxy_conf	*px;
	struct lint_spread	 sp;
	unsigned		 pos = 0;

	lint_spread(cfg, &sp);
	for (px = cfg->defaults; px != NULL; px = px->next)
		lint_check_regexes(px, d);
	for (px = cfg->proxies; px != NULL; px = px->next) {
		lint_unused_acls(px, d);
		lint_unused_backend(cfg, px, d);
		if (px->cap & CFG_CAP_FE) {
			lint_shadowed(px, d);
			lint_no_default(px, d);
		}
		lint_unanchored(px, d);
		lint_check_regexes(px, d);
		lint_starts_up(px, &sp, &pos, d);
	}
	lint_names(cfg, d);
}
