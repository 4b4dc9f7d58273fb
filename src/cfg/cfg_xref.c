/*
 * cfg_xref: checks that need the whole model: references between proxies
 * (use_backend, default_backend), mode compatibility, missing timeouts,
 * and what depends on the machine (host names, users, groups).  Errors are
 * reported at the use, with a note at the definition.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "base/diag_codes.h"
#include "cfg/cfg_load.h"
#include "cfg/cfg_model_build.h"
#include "base/xmalloc.h"

static void
xref_suggest_backend(const struct config *cfg, const char *name,
    struct diag *d)
{
	const struct proxy_conf	*px;
	const char		**cands = NULL, *s;
	size_t			  n = 0;

	for (px = cfg->proxies; px != NULL; px = px->next) {
		if (!(px->cap & CFG_CAP_BE))
			continue;
		cands = xreallocarray(cands, n + 1, sizeof(*cands));
		cands[n++] = px->name;
	}
	s = cfg_kw_suggest(name, cands, n);
	if (s != NULL)
		diag_hint(d, "did you mean '%s'?", s);
	else if (n == 0)
		diag_hint(d, "there is no backend or listen section at all");
	free(cands);
}

static void
xref_switch(const struct config *cfg, struct proxy_conf *px,
    struct switch_rule *r, struct diag *d)
{
	const char	*what = r == &px->default_backend ? "default_backend" :
			    "use_backend";

	if (r->backend == NULL)
		return;
	r->target = config_find_proxy(cfg, r->backend, CFG_CAP_BE);
	if (r->target == NULL) {
		diag_error(d, &r->pos, "%s: no backend named '%s'", what,
		    r->backend);
		xref_suggest_backend(cfg, r->backend, d);
		return;
	}
	if (r->target->mode != px->mode) {
		diag_error(d, &r->pos, "%s %s '%s' cannot use %s backend '%s'",
		    cfg_mode_name(px->mode), px->kind, px->name,
		    cfg_mode_name(r->target->mode), r->target->name);
		diag_note(d, &r->target->pos, "'%s' is declared here",
		    r->target->name);
		diag_hint(d, "set the same 'mode' in both sections");
	}
}

/* Whether timeout T is missing (unset or 0, which HAProxy treats alike). */
static bool
xref_timeout_missing(const struct proxy_conf *px, enum px_timeout t)
{
	return px->timeout[t] == CFG_UNSET || px->timeout[t] == 0;
}

static void
xref_timeouts(const struct proxy_conf *px, struct diag *d)
{
	static const struct {
		enum px_timeout	 t;
		unsigned	 cap;
		const char	*name;
	} need[] = {
		{ PXT_CLIENT, CFG_CAP_FE, "client" },
		{ PXT_CONNECT, CFG_CAP_BE, "connect" },
		{ PXT_SERVER, CFG_CAP_BE, "server" },
	};
	char		 missing[64] = "";
	const char	*first = NULL;
	size_t		 i;

	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (!(px->cap & need[i].cap) ||
		    !xref_timeout_missing(px, need[i].t))
			continue;
		if (first == NULL)
			first = need[i].name;
		strcat(missing, " '");
		strcat(missing, need[i].name);
		strcat(missing, "'");
	}
	if (first == NULL)
		return;
	diag_warn(d, &px->pos, "missing timeouts for %s '%s':%s", px->kind,
	    px->name, missing);
	diag_code(d, LINT_MISSING_TIMEOUT);
	diag_hint(d, "without them a dead peer holds a connection forever; "
	    "set e.g. 'timeout %s %s' (in defaults or here)", first,
	    strcmp(first, "connect") == 0 ? "5s" : "30s");
}

/* Keywords that only act on HTTP, used in a TCP proxy. */
static void
xref_http_only(const struct proxy_conf *px, struct diag *d)
{
	if (px->mode == CFG_MODE_HTTP)
		return;
	if (px->opts & (1ULL << PXO_HTTPLOG)) {
		diag_warn(d, &px->pos, "'option httplog' needs 'mode http' in "
		    "%s '%s': hapx logs it with 'option tcplog'", px->kind,
		    px->name);
		diag_code(d, LINT_HTTPLOG_TCP);
	}
	if (px->http_req.n > 0 || px->http_res.n > 0) {
		diag_warn(d, px->http_req.n ? &px->http_req.v[0].pos :
		    &px->http_res.v[0].pos, "HTTP rules in %s '%s' are ignored "
		    "because it is in 'mode tcp'", px->kind, px->name);
		diag_code(d, LINT_HTTP_IN_TCP);
		diag_hint(d, "add 'mode http' to the section or its defaults");
	}
}

static void
xref_resolve(struct addr_spec *a, const struct cfg_pos *pos, unsigned flags,
    struct diag *d)
{
	char	err[300];

	if (a->kind != ADDR_INET || a->family != AF_UNSPEC ||
	    (flags & CFG_LOAD_NO_RESOLVE))
		return;
	if (addr_resolve(a, err, sizeof(err)) < 0) {
		diag_error(d, pos, "%s", err);
		diag_hint(d, "use an IP address, or a name this machine can "
		    "resolve (checked at start-up, as HAProxy does)");
	}
}

/* HAProxy 2.6: "format variable 'r' is reserved for HTTP mode" (fatal). */
static void
xref_logfmt(const struct proxy_conf *px, const struct logfmt_conf *f,
    const char *kw, struct diag *d)
{
	if (f->s == NULL || f->http_var == NULL || px->mode == CFG_MODE_HTTP ||
	    !(px->cap & CFG_CAP_FE))
		return;
	diag_error(d, &f->http_var_pos, "'%s': '%%%s' needs 'mode http' in "
	    "%s '%s'", kw, f->http_var, px->kind, px->name);
	diag_hint(d, "remove the variable or add 'mode http' to the section");
}

/* "stick on src" uses the proxy's own table unless "table NAME". */
static void
xref_sticks(const struct config *cfg, struct proxy_conf *px,
    struct diag *d)
{
	unsigned		 i;

	for (i = 0; i < px->sticks.n; i++) {
		struct stick_rule	*r = &px->sticks.v[i];
		struct proxy_conf	*t = r->table == NULL ? px :
					    config_find_proxy(cfg, r->table,
					    CFG_CAP_FE | CFG_CAP_BE);

		if (t != NULL && t->stick_table.set) {
			r->target = t;
			continue;
		}
		if (r->table == NULL)
			diag_error(d, &r->pos, "%s '%s' has no stick-table for "
			    "this rule", px->kind, px->name);
		else
			diag_error(d, &r->table_pos, "no stick-table named "
			    "'%s'", r->table);
		diag_hint(d, "declare 'stick-table type ip size <n>' in the "
		    "section, or name one with 'table <proxy>'");
	}
}

/* Settings HAProxy ignores with a warning outside mode http. */
static void
xref_http_settings(const struct proxy_conf *px, struct diag *d)
{
	if (px->mode == CFG_MODE_HTTP)
		return;
	if ((px->opts & PXO_HTTP_ONLY) || px->cookie.set ||
	    px->captures.n > 0 || px->monitor_uri != NULL ||
	    (px->cap & CFG_CAP_BE && (px->balance == LB_URI ||
	    px->balance == LB_URL_PARAM || px->balance == LB_HDR))) {
		diag_warn(d, &px->pos, "%s '%s' is in 'mode tcp': its HTTP "
		    "settings (options, cookie, capture, monitor-uri, "
		    "layer 7 balance) are ignored", px->kind, px->name);
		diag_code(d, LINT_HTTP_IN_TCP);
		diag_hint(d, "add 'mode http' to the section or its defaults");
	}
}

static void
xref_proxy_kw(const struct config *cfg, struct proxy_conf *px,
    unsigned flags, struct diag *d)
{
	xref_logfmt(px, &px->log_format, "log-format", d);
	xref_logfmt(px, &px->unique_id_format, "unique-id-format", d);
	xref_sticks(cfg, px, d);
	xref_http_settings(px, d);
	if (px->has_dispatch)
		xref_resolve(&px->dispatch, &px->dispatch_pos, flags, d);
}

/* Whether the proxy's tcp-check rules start with a connect that names a
 * port or an address: then a server without a port can still be checked. */
static bool
xref_check_connects(const struct proxy_conf *px)
{
	const struct tcpcheck_step	*s;

	if (px->tcpcheck.n == 0)
		return false;
	s = &px->tcpcheck.v[0];
	return s->action == CHK_ACT_CONNECT && (s->connect.port != 0 ||
	    s->connect.has_addr);
}

static void
xref_server(const struct proxy_conf *px, struct server_conf *srv,
    unsigned flags, struct diag *d)
{
	const struct addr_spec	*a = &srv->addr;

	/* A bad address was reported at its word: checks that depend on
	 * it would only repeat the mistake. */
	if (srv->check && !srv->addr_invalid && a->kind == ADDR_INET && srv->check_port == 0 &&
	    (!a->has_port || a->port_lo == 0 || a->port_relative) &&
	    !xref_check_connects(px)) {
		diag_error(d, &srv->addr_pos, "server '%s' has 'check' but "
		    "neither a service port nor a check port", srv->name);
		diag_hint(d, "give the address a port (%s:80) or add "
		    "'port <N>' to the server line", a->host);
	}
	if (srv->observe == SRV_OBS_L7 && px->mode != CFG_MODE_HTTP) {
		diag_error(d, &srv->pos, "server '%s' uses 'observe layer7' "
		    "but %s '%s' is not in 'mode http'", srv->name, px->kind,
		    px->name);
		diag_hint(d, "use 'observe layer4', or 'mode http'");
	}
	/* "init-addr none": an unresolvable name starts the server in
	 * maintenance instead of failing, as HAProxy does; a name that
	 * resolves is used. */
	if (srv->addr_invalid)
		return;
	if (srv->resolve_none) {
		char	err[300];

		if (srv->addr.kind == ADDR_INET &&
		    srv->addr.family == AF_UNSPEC &&
		    !(flags & CFG_LOAD_NO_RESOLVE))
			(void)addr_resolve(&srv->addr, err, sizeof(err));
		return;
	}
	xref_resolve(&srv->addr, &srv->addr_pos, flags, d);
}

static void
xref_proxy(struct config *cfg, struct proxy_conf *px, unsigned flags,
    struct diag *d)
{
	unsigned	i;

	if (px->mode == CFG_MODE_UNSET)
		px->mode = CFG_MODE_TCP;
	for (i = 0; i < px->binds.n; i++)
		xref_resolve(&px->binds.v[i].addr, &px->binds.v[i].addr_pos,
		    flags, d);
	for (i = 0; i < px->servers.n; i++)
		xref_server(px, &px->servers.v[i], flags, d);
	for (i = 0; i < px->logs.n; i++)
		xref_resolve(&px->logs.v[i].addr, &px->logs.v[i].pos, flags, d);
	cfg->nlisteners += px->binds.n;
	if ((px->cap & CFG_CAP_FE) && !(px->cap & CFG_CAP_BE) &&
	    px->bind_lines == 0) {
		diag_warn(d, &px->pos, "frontend '%s' has no 'bind' line, so "
		    "it receives no traffic", px->name);
		diag_code(d, LINT_NO_BIND);
		diag_hint(d, "add 'bind <address>:<port>', or make it a "
		    "backend if that was the intent");
	}
	xref_timeouts(px, d);
	xref_http_only(px, d);
	xref_proxy_kw(cfg, px, flags, d);
	cfg_kw_check_finish(cfg, px, d);
	cfg_kw_stats_finish(cfg, px, d);
}

/* Mode of proxies is needed by every switching check: set it first. */
static void
xref_switches(const struct config *cfg, struct proxy_conf *px,
    struct diag *d)
{
	unsigned	i;

	if (!(px->cap & CFG_CAP_FE))
		return;
	for (i = 0; i < px->use_backends.n; i++)
		xref_switch(cfg, px, &px->use_backends.v[i], d);
	xref_switch(cfg, px, &px->default_backend, d);
}

static void
xref_global(struct config *cfg, unsigned flags, struct diag *d)
{
	struct global_conf	*g = &cfg->global;
	unsigned		 i;

	for (i = 0; i < g->logs.n; i++)
		xref_resolve(&g->logs.v[i].addr, &g->logs.v[i].pos, flags, d);
	if (flags & CFG_LOAD_NO_FILES)
		return;
	if (g->user != NULL && getpwnam(g->user) == NULL) {
		diag_error(d, &g->user_pos, "unknown user '%s'", g->user);
		diag_hint(d, "create the user or change the 'user' line");
	}
	if (g->group != NULL && getgrnam(g->group) == NULL) {
		diag_error(d, &g->group_pos, "unknown group '%s'", g->group);
		diag_hint(d, "create the group or change the 'group' line");
	}
}

void
cfg_model_check(struct config *cfg, unsigned flags, struct diag *d)
{
	struct proxy_conf	*px;

	cfg_userlist_check(cfg, d);
	xref_global(cfg, flags, d);
	for (px = cfg->proxies; px != NULL; px = px->next)
		xref_proxy(cfg, px, flags, d);
	for (px = cfg->proxies; px != NULL; px = px->next)
		xref_switches(cfg, px, d);
	cfg_kw_acl_check(cfg, flags, d);
}
