/*
 * cfg_dump: prints the model, one "SECTION NAME: key = value" line per
 * effective setting: what each proxy ended up with after defaults were
 * applied, times in the largest exact unit.  Reads the model only.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "cfg_dump.h"
#include "cfg_value.h"

static const char *const opt_names[PXO_COUNT] = {
	[PXO_HTTPLOG] = "httplog", [PXO_TCPLOG] = "tcplog",
	[PXO_DONTLOGNULL] = "dontlognull",
	[PXO_DONTLOG_NORMAL] = "dontlog-normal",
	[PXO_LOG_SEPARATE_ERRORS] = "log-separate-errors",
	[PXO_LOG_HEALTH_CHECKS] = "log-health-checks",
	[PXO_LOGASAP] = "logasap", [PXO_REDISPATCH] = "redispatch",
	[PXO_FORWARDFOR] = "forwardfor", [PXO_ORIGINALTO] = "originalto",
	[PXO_HTTP_SERVER_CLOSE] = "http-server-close",
	[PXO_HTTPCLOSE] = "httpclose",
	[PXO_HTTP_KEEP_ALIVE] = "http-keep-alive",
	[PXO_HTTP_PRETEND_KEEPALIVE] = "http-pretend-keepalive",
	[PXO_HTTP_BUFFER_REQUEST] = "http-buffer-request",
	[PXO_HTTP_NO_DELAY] = "http-no-delay",
	[PXO_HTTP_USE_PROXY_HEADER] = "http-use-proxy-header",
	[PXO_HTTP_PROXY] = "http_proxy", [PXO_ABORTONCLOSE] = "abortonclose",
	[PXO_ALLBACKUPS] = "allbackups", [PXO_CONTSTATS] = "contstats",
	[PXO_TCPKA] = "tcpka", [PXO_CLITCPKA] = "clitcpka",
	[PXO_SRVTCPKA] = "srvtcpka",
	[PXO_TCP_SMART_ACCEPT] = "tcp-smart-accept",
	[PXO_TCP_SMART_CONNECT] = "tcp-smart-connect",
	[PXO_SPLICE_AUTO] = "splice-auto",
	[PXO_SPLICE_REQUEST] = "splice-request",
	[PXO_SPLICE_RESPONSE] = "splice-response",
	[PXO_ACCEPT_INVALID_HTTP_REQUEST] = "accept-invalid-http-request",
	[PXO_ACCEPT_INVALID_HTTP_RESPONSE] = "accept-invalid-http-response",
	[PXO_NOLINGER] = "nolinger", [PXO_PERSIST] = "persist",
	[PXO_PREFER_LAST_SERVER] = "prefer-last-server",
	[PXO_INDEPENDENT_STREAMS] = "independent-streams",
	[PXO_CHECKCACHE] = "checkcache", [PXO_SOCKET_STATS] = "socket-stats",
	[PXO_HTTPCHK] = "httpchk", [PXO_TCP_CHECK] = "tcp-check",
	[PXO_MYSQL_CHECK] = "mysql-check", [PXO_PGSQL_CHECK] = "pgsql-check",
	[PXO_REDIS_CHECK] = "redis-check",
	[PXO_SSL_HELLO_CHK] = "ssl-hello-chk", [PXO_SMTPCHK] = "smtpchk",
	[PXO_LDAP_CHECK] = "ldap-check",
	[PXO_EXTERNAL_CHECK] = "external-check",
	[PXO_TRANSPARENT] = "transparent", [PXO_FORCECLOSE] = "forceclose",
	[PXO_HTTP_TUNNEL] = "http-tunnel",
	[PXO_IDLE_CLOSE_ON_RESPONSE] = "idle-close-on-response",
	[PXO_HTTP_IGNORE_PROBES] = "http-ignore-probes",
	[PXO_DISABLE_H2_UPGRADE] = "disable-h2-upgrade",
};

static const char *const expect_names[] = {
	[EXP_STATUS] = "status", [EXP_RSTATUS] = "rstatus",
	[EXP_STRING] = "string", [EXP_RSTRING] = "rstring",
	[EXP_HDR] = "hdr", [EXP_FHDR] = "fhdr", [EXP_STRING_LF] = "string-lf",
	[EXP_RSTRING_LF] = "rstring-lf", [EXP_BINARY] = "binary",
	[EXP_RBINARY] = "rbinary",
};

static const char *const timeout_names[PXT_COUNT] = {
	[PXT_CLIENT] = "client", [PXT_CLIENT_FIN] = "client-fin",
	[PXT_CONNECT] = "connect", [PXT_SERVER] = "server",
	[PXT_SERVER_FIN] = "server-fin", [PXT_QUEUE] = "queue",
	[PXT_TARPIT] = "tarpit", [PXT_TUNNEL] = "tunnel",
	[PXT_HTTP_REQUEST] = "http-request",
	[PXT_HTTP_KEEP_ALIVE] = "http-keep-alive", [PXT_CHECK] = "check",
};

static const char *const lb_names[] = {
	[LB_UNSET] = "roundrobin (default)", [LB_ROUNDROBIN] = "roundrobin",
	[LB_STATIC_RR] = "static-rr", [LB_LEASTCONN] = "leastconn",
	[LB_FIRST] = "first", [LB_SOURCE] = "source", [LB_URI] = "uri",
	[LB_URL_PARAM] = "url_param", [LB_HDR] = "hdr",
	[LB_RDP_COOKIE] = "rdp-cookie", [LB_RANDOM] = "random",
};

static const char *const facilities[] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6",
	"local7",
};

static const char *const levels[] = { "emerg", "alert", "crit", "err",
	"warning", "notice", "info", "debug" };

static const char *const log_formats[] = { "rfc3164", "rfc5424", "short",
	"raw", "priority", "timed", "iso", "local" };

static const char *
fmt_ms(uint32_t ms, char *buf, size_t len)
{
	if (ms == CFG_UNSET)
		return "unset";
	return cfg_value_fmt_time(ms, buf, len);
}

static void
dump_log(FILE *fp, const char *who, unsigned i, const struct log_conf *l)
{
	char	a[300];

	fprintf(fp, "%s: log[%u] = %s facility=%s level=%s minlevel=%s "
	    "format=%s len=%u\n", who, i, addr_format(&l->addr, a, sizeof(a)),
	    l->facility >= 0 && l->facility < 24 ? facilities[l->facility] :
	    "?", l->level >= 0 && l->level < 8 ? levels[l->level] : "?",
	    l->minlevel >= 0 && l->minlevel < 8 ? levels[l->minlevel] : "?",
	    (unsigned)l->format < 8 ? log_formats[l->format] : "?",
	    l->maxlen);
}

static void
dump_u32(FILE *fp, const char *who, const char *key, uint32_t v)
{
	if (v != CFG_UNSET)
		fprintf(fp, "%s: %s = %u\n", who, key, v);
}

static void
dump_str(FILE *fp, const char *who, const char *key, const char *v)
{
	if (v != NULL)
		fprintf(fp, "%s: %s = %s\n", who, key, v);
}

static void
dump_global(const struct global_conf *g, FILE *fp)
{
	const char	*w = "global";
	char		 buf[64];
	unsigned	 i;

	fprintf(fp, "%s: daemon = %s\n", w, g->daemon ? "yes" : "no");
	dump_str(fp, w, "user", g->user);
	dump_str(fp, w, "group", g->group);
	if (g->uid >= 0)
		fprintf(fp, "%s: uid = %ld\n", w, g->uid);
	if (g->gid >= 0)
		fprintf(fp, "%s: gid = %ld\n", w, g->gid);
	dump_str(fp, w, "chroot", g->chroot);
	dump_str(fp, w, "pidfile", g->pidfile);
	dump_u32(fp, w, "maxconn", g->maxconn);
	dump_u32(fp, w, "nbthread", g->nbthread);
	dump_u32(fp, w, "spread-checks", g->spread_checks);
	dump_u32(fp, w, "tune.bufsize", g->tune_bufsize);
	if (g->hard_stop_after_ms != CFG_UNSET)
		fprintf(fp, "%s: hard-stop-after = %s\n", w,
		    fmt_ms(g->hard_stop_after_ms, buf, sizeof(buf)));
	dump_str(fp, w, "log-tag", g->log_tag);
	for (i = 0; i < g->logs.n; i++)
		dump_log(fp, w, i, &g->logs.v[i]);
	if (g->stats_socket.set) {
		const struct stats_socket_conf	*ss;
		char				 a[300];

		for (ss = &g->stats_socket; ss != NULL; ss = ss->next)
			fprintf(fp, "%s: stats socket = %s\n", w,
			    addr_format(&ss->addr, a, sizeof(a)));
	}
}

static void
dump_server(FILE *fp, const char *who, const struct server_conf *s)
{
	char	a[300], t1[32], t2[32], t3[32];

	fprintf(fp, "%s: server %s = %s weight=%u%s%s", who, s->name,
	    addr_format(&s->addr, a, sizeof(a)), s->weight,
	    s->backup ? " backup" : "", s->disabled ? " disabled" : "");
	if (s->check)
		fprintf(fp, " check inter=%s fastinter=%s downinter=%s rise=%u "
		    "fall=%u", fmt_ms(s->inter_ms, t1, sizeof(t1)),
		    fmt_ms(s->fastinter_ms == CFG_UNSET ? s->inter_ms :
		    s->fastinter_ms, t2, sizeof(t2)),
		    fmt_ms(s->downinter_ms == CFG_UNSET ? s->inter_ms :
		    s->downinter_ms, t3, sizeof(t3)), s->rise, s->fall);
	else
		fprintf(fp, " no-check");
	if (s->check_port)
		fprintf(fp, " port=%u", s->check_port);
	if (s->maxconn != CFG_UNSET)
		fprintf(fp, " maxconn=%u", s->maxconn);
	if (s->cookie != NULL)
		fprintf(fp, " cookie=%s", s->cookie);
	fputc('\n', fp);
}

static void
dump_cond(FILE *fp, const struct cond_conf *c)
{
	unsigned	i, j;

	if (c == NULL)
		return;
	fprintf(fp, " %s", c->unless ? "unless" : "if");
	for (i = 0; i < c->ors.n; i++) {
		if (i > 0)
			fprintf(fp, " ||");
		for (j = 0; j < c->ors.v[i].items.n; j++) {
			const struct cond_item	*it = &c->ors.v[i].items.v[j];

			fprintf(fp, " %s%s", it->negate ? "!" : "",
			    it->acl && it->acl->name ? it->acl->name :
			    "{anonymous}");
		}
	}
}

static void
dump_acls(FILE *fp, const char *who, const struct proxy_conf *px)
{
	unsigned	i, j, k;

	for (i = 0; i < px->acls.n; i++) {
		const struct acl_conf	*a = px->acls.v[i];

		for (j = 0; j < a->terms.n; j++) {
			const struct acl_term_conf	*t = &a->terms.v[j];

			fprintf(fp, "%s: acl %s = %s", who, a->name, t->fetch);
			for (k = 0; k < t->nfetch_args; k++)
				fprintf(fp, "%s%s", k ? "," : "(",
				    t->fetch_args[k]);
			fprintf(fp, "%s", t->nfetch_args ? ")" : "");
			for (k = 0; k < t->patterns.n; k++)
				fprintf(fp, " \"%s\"", t->patterns.v[k].s);
			fputc('\n', fp);
		}
	}
}

static void
dump_rules(FILE *fp, const char *who, const struct proxy_conf *px)
{
	unsigned	i;

	for (i = 0; i < px->use_backends.n; i++) {
		fprintf(fp, "%s: use_backend[%u] = %s", who, i,
		    px->use_backends.v[i].backend);
		dump_cond(fp, px->use_backends.v[i].cond);
		fputc('\n', fp);
	}
	dump_str(fp, who, "default_backend", px->default_backend.backend);
	for (i = 0; i < px->http_req.n; i++) {
		const struct http_rule	*r = &px->http_req.v[i];

		fprintf(fp, "%s: request rule[%u] = %s", who, i, r->keyword ?
		    r->keyword : "?");
		if (r->value != NULL)
			fprintf(fp, " \"%s\"", r->value);
		dump_cond(fp, r->cond);
		fputc('\n', fp);
	}
	for (i = 0; i < px->http_res.n; i++) {
		const struct http_rule	*r = &px->http_res.v[i];

		fprintf(fp, "%s: response rule[%u] = %s", who, i, r->keyword ?
		    r->keyword : "?");
		dump_cond(fp, r->cond);
		fputc('\n', fp);
	}
}

static void
dump_checks(FILE *fp, const char *who, const struct proxy_conf *px)
{
	unsigned	i;

	if (px->check_type == CHK_HTTP)
		fprintf(fp, "%s: httpchk = %s %s %s%s\n", who,
		    px->httpchk.method ? px->httpchk.method : "OPTIONS",
		    px->httpchk.uri ? px->httpchk.uri : "/",
		    px->httpchk.version ? px->httpchk.version : "HTTP/1.0",
		    px->httpchk.extra ? " +headers" : "");
	for (i = 0; i < px->tcpcheck.n; i++) {
		const struct tcpcheck_step	*st = &px->tcpcheck.v[i];
		const struct check_expect	*e = &st->expect;

		if (st->action != CHK_ACT_EXPECT)
			continue;
		fprintf(fp, "%s: check expect[%u] = %s%s \"%s\"\n", who, i,
		    e->negate ? "! " : "", (unsigned)e->kind <
		    sizeof(expect_names) / sizeof(expect_names[0]) ?
		    expect_names[e->kind] : "?", e->pattern && e->kind !=
		    EXP_BINARY ? e->pattern : "");
	}
}

static void
dump_proxy(const struct proxy_conf *px, unsigned idx, FILE *fp)
{
	char		 who[300], buf[64], a[300];
	unsigned	 i;

	if (px->name != NULL)
		snprintf(who, sizeof(who), "%s %s", px->kind, px->name);
	else
		snprintf(who, sizeof(who), "%s #%u", px->kind, idx);
	fprintf(fp, "%s: mode = %s\n", who, px->mode == CFG_MODE_UNSET ?
	    "tcp (default)" : cfg_mode_name(px->mode));
	for (i = 0; i < PXT_COUNT; i++)
		if (px->timeout[i] != CFG_UNSET)
			fprintf(fp, "%s: timeout %s = %s\n", who,
			    timeout_names[i], fmt_ms(px->timeout[i], buf,
			    sizeof(buf)));
	for (i = 0; i < PXO_COUNT; i++)
		if (px->opts & (1ULL << i))
			fprintf(fp, "%s: option %s%s\n", who, opt_names[i] ?
			    opt_names[i] : "?", i == PXO_HTTPLOG &&
			    px->httplog_clf ? " clf" : "");
	dump_u32(fp, who, "maxconn", px->maxconn);
	dump_u32(fp, who, "retries", px->retries);
	if (px->cap & CFG_CAP_BE)
		fprintf(fp, "%s: balance = %s%s%s\n", who,
		    lb_names[px->balance], px->balance_arg ? " " : "",
		    px->balance_arg ? px->balance_arg : "");
	if (px->log_global)
		fprintf(fp, "%s: log = global\n", who);
	for (i = 0; i < px->logs.n; i++)
		dump_log(fp, who, i, &px->logs.v[i]);
	if (px->stats.enabled)
		fprintf(fp, "%s: stats = enabled uri=%s%s\n", who,
		    px->stats.uri ? px->stats.uri : "/haproxy?stats",
		    px->stats.auths.n ? " auth" : "");
	for (i = 0; i < px->binds.n; i++)
		fprintf(fp, "%s: bind[%u] = %s\n", who, i,
		    addr_format(&px->binds.v[i].addr, a, sizeof(a)));
	dump_acls(fp, who, px);
	dump_rules(fp, who, px);
	dump_checks(fp, who, px);
	for (i = 0; i < px->servers.n; i++)
		dump_server(fp, who, &px->servers.v[i]);
}

void
cfg_dump(const struct config *cfg, FILE *fp)
{
	const struct proxy_conf		*px;
	const struct userlist_conf	*ul;
	unsigned			 i = 0;

	dump_global(&cfg->global, fp);
	for (px = cfg->defaults; px != NULL; px = px->next)
		dump_proxy(px, ++i, fp);
	for (px = cfg->proxies; px != NULL; px = px->next)
		dump_proxy(px, 0, fp);
	for (ul = cfg->userlists; ul != NULL; ul = ul->next)
		fprintf(fp, "userlist %s: users = %u, groups = %u\n", ul->name,
		    ul->users.n, ul->groups.n);
}
