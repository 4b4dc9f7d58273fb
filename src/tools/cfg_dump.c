/*
 * cfg_dump: prints the model, one "SECTION NAME: key = value" line per
 * effective setting: what each proxy ended up with after defaults were
 * applied, times in the largest exact unit.  Everything a keyword handler
 * stores is shown, so a reader can check how hapx understood each line;
 * settings left at their built-in default are omitted, except mode and
 * balance.  Strings that may hold spaces or odd bytes are quoted.  Reads
 * the model only; the fuzzer runs it over any model, so nothing here may
 * assume a field was set.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <arpa/inet.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tools/cfg_dump.h"
#include "cfg/cfg_value.h"
#include "base/regex.h"

#include "base/nitems.h"
/* NAMES[I] when I is in range, else "?". */
#define NAME_OF(names, i)						\
	((size_t)(i) < nitems(names) && (names)[(i)] != NULL ?		\
	    (names)[(i)] : "?")

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

static const char *const hash_methods[] = { "map-based", "consistent" };
static const char *const hash_fns[] = { "sdbm", "djb2", "wt6", "crc32" };
static const char *const reuse_names[] = { "safe (default)", "never", "safe",
	"aggressive", "always" };
static const char *const stick_types[] = { "ip", "ipv6", "integer",
	"string", "binary" };
static const char *const stick_kinds[] = { "on", "match", "store-request" };
static const char *const redir_types[] = { "location", "prefix", "scheme" };
static const char *const hdr_matches[] = { "str", "beg", "end", "sub",
	"reg" };
static const char *const check_types[] = { "tcp", "httpchk", "tcp-check",
	"mysql-check", "pgsql-check", "redis-check", "ssl-hello-chk",
	"smtpchk", "ldap-check", "external-check" };
static const char *const check_statuses[] = { "default", "L4OK", "L4TOUT",
	"L4CON", "L6OK", "L6TOUT", "L6RSP", "L7OK", "L7OKC", "L7TOUT",
	"L7RSP", "L7STS" };
static const char *const observe_names[] = { "none", "layer4", "layer7" };
static const char *const on_error_names[] = { "fail-check", "fastinter",
	"sudden-death", "mark-down" };
static const char *const init_state_names[] = { "default", "up", "down",
	"fully-up", "fully-down" };
static const char *const body_names[] = { "default", "none", "errorfile",
	"file", "lf-file", "string", "lf-string" };

/* retry-on events, in PXR_* bit order. */
static const char *const retry_names[] = { "conn-failure", "empty-response",
	"junk-response", "response-timeout", "0rtt-rejected", "401", "403",
	"404", "408", "425", "500", "501", "502", "503", "504" };

/* Where a dump line goes and whom it is about ("backend b"). */
struct dump {
	FILE		*fp;
	const char	*who;
};

static const char *const acl_match_names[] = { "", "found", "bool", "int",
	"ip", "bin", "len", "str", "sub", "reg", "beg", "end", "dir", "dom" };

static const char *
fmt_ms(uint32_t ms, char *buf, size_t len)
{
	if (ms == CFG_UNSET)
		return "unset";
	return cfg_value_fmt_time(ms, buf, len);
}

/* S (LEN bytes) in double quotes, with '"', '\' and unprintable bytes
 * escaped, so that every value stays on its one line. */
static void
dump_quoted(FILE *fp, const char *s, size_t len)
{
	size_t		i;
	unsigned char	c;

	fputc('"', fp);
	for (i = 0; s != NULL && i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

static void
dump_qs(FILE *fp, const char *s)
{
	dump_quoted(fp, s, s != NULL ? strlen(s) : 0);
}

/* Start a line "WHO: KEY = "; the caller prints the value and '\n'. */
static void
dump_key(const struct dump *dp, const char *key)
{
	FILE	*fp = dp->fp;

	fprintf(fp, "%s: %s = ", dp->who, key);
}

static void __attribute__((format(printf, 3, 4)))
dump_kv(const struct dump *dp, const char *key, const char *fmt, ...)
{
	FILE	*fp = dp->fp;
	va_list	ap;

	dump_key(dp, key);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
}

/* An integer that is CFG_UNSET when not set. */
static void
dump_u32(const struct dump *dp, const char *key, uint32_t v)
{
	if (v != CFG_UNSET)
		dump_kv(dp, key, "%u", v);
}

/* An integer whose 0 means "not set" (CFG_UNSET too, to be safe). */
static void
dump_nz(const struct dump *dp, const char *key, uint32_t v)
{
	if (v != 0 && v != CFG_UNSET)
		dump_kv(dp, key, "%u", v);
}

/* A time in ms; 0 means "not set" when ZERO_UNSET. */
static void
dump_time(const struct dump *dp, const char *key, uint32_t ms,
    bool zero_unset)
{
	char	buf[64];

	if (ms != CFG_UNSET && (ms != 0 || !zero_unset))
		dump_kv(dp, key, "%s", fmt_ms(ms, buf, sizeof(buf)));
}

/* A plain word (user name, path); NULL = not set. */
static void
dump_str(const struct dump *dp, const char *key, const char *v)
{
	if (v != NULL)
		dump_kv(dp, key, "%s", v);
}

/* Free text that may hold spaces or odd bytes: quoted. */
static void
dump_text(const struct dump *dp, const char *key, const char *v)
{
	FILE	*fp = dp->fp;

	if (v == NULL)
		return;
	dump_key(dp, key);
	dump_qs(fp, v);
	fputc('\n', fp);
}

static void
dump_yes(const struct dump *dp, const char *key, bool on)
{
	if (on)
		dump_kv(dp, key, "yes");
}

/* "10.0.0.0/8" */
static void
dump_net(FILE *fp, const struct net_conf *n)
{
	char	buf[INET6_ADDRSTRLEN];

	if (inet_ntop(n->family == AF_INET6 ? AF_INET6 : AF_INET, n->addr,
	    buf, sizeof(buf)) == NULL)
		snprintf(buf, sizeof(buf), "?");
	fprintf(fp, "%s/%u", buf, n->prefix);
}

static void
dump_log(const struct dump *dp, unsigned i, const struct log_conf *l)
{
	FILE	*fp = dp->fp;
	char	a[300];

	fprintf(fp, "%s: log[%u] = %s facility=%s level=%s minlevel=%s "
	    "format=%s len=%u", dp->who, i, addr_format(&l->addr, a,
	    sizeof(a)), l->facility >= 0 ? NAME_OF(facilities, l->facility) :
	    "?", l->level >= 0 ? NAME_OF(levels, l->level) : "?",
	    l->minlevel >= 0 ? NAME_OF(levels, l->minlevel) : "?",
	    NAME_OF(log_formats, l->format), l->maxlen);
	if (l->sample_ranges != NULL)
		fprintf(fp, " sample=%s:%u", l->sample_ranges,
		    l->sample_size);
	fputc('\n', fp);
}

/* ------------------------------------------------------------------ */
/* global */

static void
dump_stats_socket(const struct dump *dp, const struct stats_socket_conf *ss)
{
	FILE	*fp = dp->fp;
	char	a[300];

	fprintf(fp, "%s: stats socket = %s", dp->who,
	    addr_format(&ss->addr, a, sizeof(a)));
	if (ss->level != NULL)
		fprintf(fp, " level=%s", ss->level);
	if (ss->mode != 0)
		fprintf(fp, " mode=%03o", ss->mode);
	if (ss->user != NULL)
		fprintf(fp, " user=%s", ss->user);
	if (ss->group != NULL)
		fprintf(fp, " group=%s", ss->group);
	if (ss->uid >= 0)
		fprintf(fp, " uid=%ld", ss->uid);
	if (ss->gid >= 0)
		fprintf(fp, " gid=%ld", ss->gid);
	if (ss->name != NULL)
		fprintf(fp, " name=%s", ss->name);
	if (ss->maxconn != 0)
		fprintf(fp, " maxconn=%u", ss->maxconn);
	if (ss->expose_fd_listeners)
		fprintf(fp, " expose-fd=listeners");
	if (ss->severity_output != NULL)
		fprintf(fp, " severity-output=%s", ss->severity_output);
	fputc('\n', fp);
}

static void
dump_global_process(const struct dump *dp, const struct global_conf *g)
{
	dump_kv(dp, "daemon", "%s", g->daemon ? "yes" : "no");
	dump_yes(dp, "master-worker", g->master_worker);
	dump_yes(dp, "quiet", g->quiet);
	dump_yes(dp, "debug", g->debug);
	dump_str(dp, "user", g->user);
	dump_str(dp, "group", g->group);
	if (g->uid >= 0)
		dump_kv(dp, "uid", "%ld", g->uid);
	if (g->gid >= 0)
		dump_kv(dp, "gid", "%ld", g->gid);
	dump_str(dp, "chroot", g->chroot);
	dump_str(dp, "pidfile", g->pidfile);
	dump_text(dp, "node", g->node);
	dump_text(dp, "description", g->description);
	dump_u32(dp, "nbthread", g->nbthread);
	if (g->nbproc != 1)
		dump_kv(dp, "nbproc", "%u (run as 1)", g->nbproc);
	dump_time(dp, "hard-stop-after", g->hard_stop_after_ms, false);
	dump_time(dp, "grace", g->grace_ms, true);
	dump_time(dp, "close-spread-time", g->close_spread_ms, true);
	dump_kv(dp, "spread-checks", "%u", g->spread_checks);
	dump_time(dp, "max-spread-checks", g->max_spread_checks_ms, true);
	dump_str(dp, "server-state-file", g->server_state_file);
	dump_str(dp, "server-state-base", g->server_state_base);
	dump_yes(dp, "zero-warning", g->zero_warning);
	dump_yes(dp, "external-check", g->external_check);
	dump_yes(dp, "set-dumpable", g->set_dumpable);
}

static void
dump_global_limits(const struct dump *dp, const struct global_conf *g)
{
	dump_u32(dp, "maxconn", g->maxconn);
	dump_u32(dp, "maxconnrate", g->maxconnrate);
	dump_nz(dp, "maxsessrate", g->maxsessrate);
	dump_u32(dp, "maxpipes", g->maxpipes);
	dump_u32(dp, "ulimit-n", g->ulimit_n);
	dump_nz(dp, "fd-hard-limit", g->fd_hard_limit);
	if (g->no_strict_limits)
		dump_kv(dp, "strict-limits", "no");
	dump_yes(dp, "noepoll", g->noepoll);
	dump_yes(dp, "nopoll", g->nopoll);
	dump_yes(dp, "noevports", g->noevports);
	dump_yes(dp, "nokqueue", g->nokqueue);
	dump_yes(dp, "noreuseport", g->noreuseport);
	dump_yes(dp, "h1-accept-payload-with-any-method",
	    g->h1_accept_payload_any_method);
	dump_yes(dp, "pp2-never-send-local", g->pp2_never_send_local);
	dump_u32(dp, "tune.bufsize", g->tune_bufsize);
	dump_u32(dp, "tune.maxrewrite", g->tune_maxrewrite);
	dump_u32(dp, "tune.maxaccept", g->tune_maxaccept);
	dump_u32(dp, "tune.chksize", g->tune_chksize);
	dump_nz(dp, "tune.http.maxhdr", g->tune_http_maxhdr);
	dump_nz(dp, "tune.http.cookielen", g->tune_http_cookielen);
	dump_nz(dp, "tune.http.logurilen", g->tune_http_logurilen);
	dump_nz(dp, "tune.rcvbuf.client", g->tune_rcvbuf_client);
	dump_nz(dp, "tune.rcvbuf.server", g->tune_rcvbuf_server);
	dump_nz(dp, "tune.sndbuf.client", g->tune_sndbuf_client);
	dump_nz(dp, "tune.sndbuf.server", g->tune_sndbuf_server);
}

static void
dump_global_io(const struct dump *dp, const struct global_conf *g)
{
	FILE				*fp = dp->fp;
	const struct stats_socket_conf	*ss;
	const struct unix_bind_conf	*u = &g->unix_bind;
	unsigned			 i;

	dump_str(dp, "log-tag", g->log_tag);
	if (g->log_send_hostname_set)
		dump_kv(dp, "log-send-hostname", "%s",
		    g->log_send_hostname != NULL && *g->log_send_hostname ?
		    g->log_send_hostname : "(this host's name)");
	for (i = 0; i < g->logs.n; i++)
		dump_log(dp, i, &g->logs.v[i]);
	for (ss = g->stats_socket.set ? &g->stats_socket : NULL; ss != NULL;
	    ss = ss->next)
		dump_stats_socket(dp, ss);
	dump_time(dp, "stats timeout", g->stats_timeout_ms, false);
	dump_nz(dp, "stats maxconn", g->stats_maxconn);
	if (!u->set)
		return;
	fprintf(fp, "%s: unix-bind =", dp->who);
	if (u->prefix != NULL)
		fprintf(fp, " prefix=%s", u->prefix);
	if (u->mode != 0)
		fprintf(fp, " mode=%03o", u->mode);
	if (u->user != NULL)
		fprintf(fp, " user=%s", u->user);
	if (u->group != NULL)
		fprintf(fp, " group=%s", u->group);
	if (u->uid >= 0)
		fprintf(fp, " uid=%ld", u->uid);
	if (u->gid >= 0)
		fprintf(fp, " gid=%ld", u->gid);
	fputc('\n', fp);
}

static void
dump_global(const struct global_conf *g, FILE *fp)
{
	struct dump	dp = { fp, "global" };

	dump_global_process(&dp, g);
	dump_global_limits(&dp, g);
	dump_global_io(&dp, g);
}

/* ------------------------------------------------------------------ */
/* ACLs and conditions */

/* "path_beg(args),lower -m beg -i "a" "b"": one term as understood. */
static void
dump_term(FILE *fp, const struct acl_term_conf *t)
{
	unsigned	k;
	bool		icase = false;

	fprintf(fp, "%s", t->fetch != NULL ? t->fetch : "?");
	for (k = 0; k < t->nfetch_args; k++)
		fprintf(fp, "%s%s", k ? "," : "(", t->fetch_args[k]);
	fprintf(fp, "%s%s", t->nfetch_args ? ")" : "",
	    t->converters != NULL ? t->converters : "");
	if (t->match != ACL_M_UNSET)
		fprintf(fp, " -m %s", NAME_OF(acl_match_names, t->match));
	for (k = 0; k < t->patterns.n; k++)
		icase |= t->patterns.v[k].icase;
	if (icase)
		fprintf(fp, " -i");
	if (t->flags & ACL_F_NODNS)
		fprintf(fp, " -n");
	for (k = 0; k < t->patterns.n; k++) {
		fputc(' ', fp);
		dump_quoted(fp, t->patterns.v[k].s, t->patterns.v[k].len);
	}
}

static void
dump_cond(FILE *fp, const struct cond_conf *c)
{
	unsigned	i, j, k;

	if (c == NULL)
		return;
	fprintf(fp, " %s", c->unless ? "unless" : "if");
	for (i = 0; i < c->ors.n; i++) {
		if (i > 0)
			fprintf(fp, " ||");
		for (j = 0; j < c->ors.v[i].items.n; j++) {
			const struct cond_item	*it = &c->ors.v[i].items.v[j];

			fprintf(fp, " %s", it->negate ? "!" : "");
			if (it->acl != NULL && it->acl->name != NULL) {
				fprintf(fp, "%s", it->acl->name);
				continue;
			}
			fprintf(fp, "{");
			for (k = 0; it->acl != NULL && k < it->acl->terms.n;
			    k++) {
				fputc(' ', fp);
				dump_term(fp, &it->acl->terms.v[k]);
			}
			fprintf(fp, " }");
		}
	}
}

/* Named ACLs; a predefined one (TRUE, METH_GET...) only when used. */
static void
dump_acls(const struct dump *dp, const struct proxy_conf *px)
{
	FILE		*fp = dp->fp;
	unsigned	i, j;

	for (i = 0; i < px->acls.n; i++) {
		const struct acl_conf	*a = px->acls.v[i];

		if (a->name == NULL || (a->predefined && !a->used))
			continue;
		for (j = 0; j < a->terms.n; j++) {
			fprintf(fp, "%s: acl %s = ", dp->who, a->name);
			dump_term(fp, &a->terms.v[j]);
			fprintf(fp, "%s\n", a->predefined ?
			    " (predefined)" : "");
		}
	}
}

/* "WHO: KEY[I] =" and the condition, for lists of bare conditions. */
static void
dump_conds(const struct dump *dp, const char *key,
    struct cond_conf *const *v, unsigned n)
{
	FILE		*fp = dp->fp;
	unsigned	i;

	for (i = 0; i < n; i++) {
		fprintf(fp, "%s: %s[%u] =", dp->who, key, i);
		dump_cond(fp, v[i]);
		fputc('\n', fp);
	}
}

/* ------------------------------------------------------------------ */
/* Rules */

static void
dump_redirect(FILE *fp, const struct redirect_rule *rr)
{
	fprintf(fp, " %s ", NAME_OF(redir_types, rr->type));
	dump_qs(fp, rr->target);
	if (rr->code != 0)
		fprintf(fp, " code=%d", rr->code);
	if (rr->flags & REDIR_F_FORMAT)
		fprintf(fp, " log-format");
	if (rr->flags & REDIR_F_DROP_QUERY)
		fprintf(fp, " drop-query");
	if (rr->flags & REDIR_F_APPEND_SLASH)
		fprintf(fp, " append-slash");
	if (rr->flags & REDIR_F_IGNORE_EMPTY)
		fprintf(fp, " ignore-empty");
	if (rr->set_cookie != NULL)
		fprintf(fp, " set-cookie=%s", rr->set_cookie);
	if (rr->clear_cookie != NULL)
		fprintf(fp, " clear-cookie=%s", rr->clear_cookie);
	dump_cond(fp, rr->cond);
}

static void
dump_reply(FILE *fp, const struct http_reply *rp)
{
	unsigned	i;

	if (rp->status != 0)
		fprintf(fp, " status=%d", rp->status);
	if (rp->body != HTTP_BODY_DEFAULT)
		fprintf(fp, " %s", NAME_OF(body_names, rp->body));
	if (rp->text != NULL) {
		fputc(' ', fp);
		dump_qs(fp, rp->text);
	}
	if (rp->data != NULL)
		fprintf(fp, " (%zu bytes)", rp->len);
	if (rp->content_type != NULL) {
		fprintf(fp, " content-type=");
		dump_qs(fp, rp->content_type);
	}
	for (i = 0; i < rp->hdrs.n; i++) {
		fprintf(fp, " hdr=%s:", rp->hdrs.v[i].name);
		dump_qs(fp, rp->hdrs.v[i].value);
	}
}

/* The fields of an http rule that its action uses, labelled. */
static void
dump_http_fields(FILE *fp, const struct http_rule *r)
{
	if (r->name != NULL) {
		fprintf(fp, " %s=", r->act == HTTP_ACT_CAPTURE ? "sample" :
		    r->act == HTTP_ACT_AUTH ? "realm" :
		    r->act == HTTP_ACT_USE_SERVICE ? "service" :
		    r->act == HTTP_ACT_SET_VAR ||
		    r->act == HTTP_ACT_SET_VAR_FMT ||
		    r->act == HTTP_ACT_UNSET_VAR ? "var" : "name");
		dump_qs(fp, r->name);
	}
	if (r->act == HTTP_ACT_DEL_HDR && r->hdr_match != HTTP_HM_STR)
		fprintf(fp, " -m %s", NAME_OF(hdr_matches, r->hdr_match));
	if (r->rx != NULL) {
		fprintf(fp, " regex=");
		dump_qs(fp, rx_pattern(r->rx));
	}
	if (r->value != NULL) {
		fprintf(fp, " value=");
		dump_qs(fp, r->value);
	}
	if (r->act == HTTP_ACT_SET_STATUS)
		fprintf(fp, " status=%d", r->status);
	if (r->reason != NULL) {
		fprintf(fp, " reason=");
		dump_qs(fp, r->reason);
	}
	if (r->act == HTTP_ACT_CAPTURE)
		fprintf(fp, " len=%u", r->capture_len);
	if (r->act == HTTP_ACT_SET_LOG_LEVEL)
		fprintf(fp, " level=%s", r->log_level < 0 ? "silent" :
		    NAME_OF(levels, r->log_level));
	if (r->act == HTTP_ACT_STRICT_MODE)
		fprintf(fp, " %s", r->strict ? "on" : "off");
	if (r->reply != NULL)
		dump_reply(fp, r->reply);
	if (r->redirect != NULL)
		dump_redirect(fp, r->redirect);
}

static void
dump_http_rules(const struct dump *dp, const char *list,
    const struct http_rule *v, unsigned n)
{
	FILE		*fp = dp->fp;
	unsigned	i;

	for (i = 0; i < n; i++) {
		fprintf(fp, "%s: %s[%u] = %s", dp->who, list, i,
		    v[i].keyword != NULL ? v[i].keyword : "?");
		dump_http_fields(fp, &v[i]);
		dump_cond(fp, v[i].cond);
		fputc('\n', fp);
	}
}

static void
dump_tcp_rules(const struct dump *dp, const char *list,
    const struct tcp_rule *v, unsigned n, uint32_t inspect_ms)
{
	FILE		*fp = dp->fp;
	char		key[64];
	unsigned	i;

	snprintf(key, sizeof(key), "%s inspect-delay", list);
	dump_time(dp, key, inspect_ms, true);
	for (i = 0; i < n; i++) {
		fprintf(fp, "%s: %s[%u] = %s %s", dp->who, list, i,
		    v[i].when != NULL ? v[i].when : "?", v[i].action != NULL ?
		    v[i].action : "?");
		if (v[i].sample != NULL)
			fprintf(fp, " sample=%s len=%u", v[i].sample,
			    v[i].capture_len);
		if (v[i].act == TCP_ACT_SET_LOG_LEVEL)
			fprintf(fp, " level=%s", v[i].log_level < 0 ?
			    "silent" : NAME_OF(levels, v[i].log_level));
		dump_cond(fp, v[i].cond);
		fputc('\n', fp);
	}
}

static void
dump_switching(const struct dump *dp, const struct proxy_conf *px)
{
	FILE		*fp = dp->fp;
	unsigned	i;

	for (i = 0; i < px->use_backends.n; i++) {
		fprintf(fp, "%s: use_backend[%u] = %s", dp->who, i,
		    px->use_backends.v[i].backend);
		dump_cond(fp, px->use_backends.v[i].cond);
		fputc('\n', fp);
	}
	dump_str(dp, "default_backend", px->default_backend.backend);
	for (i = 0; i < px->use_servers.n; i++) {
		fprintf(fp, "%s: use-server[%u] = %s", dp->who, i,
		    px->use_servers.v[i].server);
		dump_cond(fp, px->use_servers.v[i].cond);
		fputc('\n', fp);
	}
	dump_conds(dp, "force-persist", px->force_persist.v,
	    px->force_persist.n);
	dump_conds(dp, "ignore-persist", px->ignore_persist.v,
	    px->ignore_persist.n);
	for (i = 0; i < px->sticks.n; i++) {
		const struct stick_rule	*r = &px->sticks.v[i];

		fprintf(fp, "%s: stick[%u] = %s %s", dp->who, i,
		    NAME_OF(stick_kinds, r->kind), r->expr);
		if (r->table != NULL)
			fprintf(fp, " table=%s", r->table);
		dump_cond(fp, r->cond);
		fputc('\n', fp);
	}
}

static void
dump_rules(const struct dump *dp, const struct proxy_conf *px)
{
	FILE		*fp = dp->fp;
	unsigned	i;

	dump_switching(dp, px);
	dump_tcp_rules(dp, "tcp-request", px->tcp_req.v, px->tcp_req.n,
	    px->tcp_req_inspect_ms);
	dump_tcp_rules(dp, "tcp-response", px->tcp_res.v, px->tcp_res.n,
	    px->tcp_res_inspect_ms);
	dump_http_rules(dp, "request rule", px->http_req.v, px->http_req.n);
	dump_http_rules(dp, "response rule", px->http_res.v, px->http_res.n);
	dump_http_rules(dp, "after-response rule", px->http_after.v,
	    px->http_after.n);
	for (i = 0; i < px->redirects.n; i++) {
		fprintf(fp, "%s: redirect[%u] =", dp->who, i);
		dump_redirect(fp, &px->redirects.v[i]);
		fputc('\n', fp);
	}
}

/* ------------------------------------------------------------------ */
/* Health checks */

static void
dump_expect(FILE *fp, const struct check_expect *e)
{
	unsigned	i;

	fprintf(fp, "%s%s ", e->negate ? "! " : "",
	    NAME_OF(expect_names, e->kind));
	if (e->kind == EXP_STATUS && e->codes.n > 0) {
		for (i = 0; i < e->codes.n; i++) {
			fprintf(fp, "%s%u", i ? "," : "", e->codes.v[i].lo);
			if (e->codes.v[i].hi != e->codes.v[i].lo)
				fprintf(fp, "-%u", e->codes.v[i].hi);
		}
	} else
		dump_quoted(fp, e->pattern, e->pattern ? e->len : 0);
	if (e->kind == EXP_HDR || e->kind == EXP_FHDR) {
		fprintf(fp, " name-match=%s", NAME_OF(hdr_matches,
		    e->name_match));
		if (e->value != NULL) {
			fprintf(fp, " value=");
			dump_qs(fp, e->value);
			fprintf(fp, " value-match=%s", NAME_OF(hdr_matches,
			    e->value_match));
		}
	}
	if (e->min_recv >= 0)
		fprintf(fp, " min-recv=%d", e->min_recv);
	if (e->ok_status != CHK_ST_DEFAULT)
		fprintf(fp, " ok-status=%s", NAME_OF(check_statuses,
		    e->ok_status));
	if (e->error_status != CHK_ST_DEFAULT)
		fprintf(fp, " error-status=%s", NAME_OF(check_statuses,
		    e->error_status));
	if (e->tout_status != CHK_ST_DEFAULT)
		fprintf(fp, " tout-status=%s", NAME_OF(check_statuses,
		    e->tout_status));
}

static void
dump_connect(FILE *fp, const struct check_connect *c)
{
	char	a[300];

	fprintf(fp, "connect");
	if (c->has_addr)
		fprintf(fp, " addr=%s", addr_format(&c->addr, a, sizeof(a)));
	if (c->port != 0)
		fprintf(fp, " port=%u", c->port);
	if (c->use_default)
		fprintf(fp, " default");
	if (c->send_proxy)
		fprintf(fp, " send-proxy");
	if (c->linger)
		fprintf(fp, " linger");
}

static void
dump_httpchk_req(FILE *fp, const struct httpchk_conf *h)
{
	unsigned	i;

	fprintf(fp, "%s %s %s", h->method ? h->method : "OPTIONS",
	    h->uri ? h->uri : "/", h->version ? h->version : "HTTP/1.0");
	for (i = 0; i < h->hdrs.n; i++) {
		fprintf(fp, " hdr=%s:", h->hdrs.v[i].name);
		dump_qs(fp, h->hdrs.v[i].value);
	}
	if (h->body != NULL) {
		fprintf(fp, " body=");
		dump_qs(fp, h->body);
	}
}

static void
dump_check_step(const struct dump *dp, unsigned i,
    const struct tcpcheck_step *st)
{
	FILE	*fp = dp->fp;

	if (st->action == CHK_ACT_EXPECT) {
		/* "check expect[N] = KIND PATTERN": kept for scripts. */
		fprintf(fp, "%s: check expect[%u] = ", dp->who, i);
		dump_expect(fp, &st->expect);
	} else {
		fprintf(fp, "%s: check step[%u] = ", dp->who, i);
		if (st->action == CHK_ACT_CONNECT)
			dump_connect(fp, &st->connect);
		else if (st->action == CHK_ACT_SEND && st->req != NULL) {
			fprintf(fp, "send ");
			dump_httpchk_req(fp, st->req);
		} else if (st->action == CHK_ACT_SEND) {
			fprintf(fp, "send ");
			dump_quoted(fp, st->data, st->data ? st->len : 0);
		} else
			fprintf(fp, "comment");
	}
	if (st->comment != NULL) {
		fprintf(fp, " comment=");
		dump_qs(fp, st->comment);
	}
	fputc('\n', fp);
}

static void
dump_checks(const struct dump *dp, const struct proxy_conf *px)
{
	FILE			*fp = dp->fp;
	const struct check_opts	*o = &px->check_opts;
	unsigned		 i;

	if (px->check_type != CHK_TCP)
		dump_kv(dp, "check", "%s", NAME_OF(check_types,
		    px->check_type));
	if (px->check_type == CHK_HTTP || px->httpchk.set) {
		fprintf(fp, "%s: httpchk = ", dp->who);
		dump_httpchk_req(fp, &px->httpchk);
		fprintf(fp, "%s\n", px->httpchk.extra ? " +headers" : "");
	}
	dump_str(dp, "check user", o->user);
	dump_yes(dp, "check mysql pre-41", o->mysql_pre41);
	if (o->smtp_hello != NULL)
		dump_kv(dp, "check smtp", "%s %s", o->smtp_hello,
		    o->smtp_domain ? o->smtp_domain : "localhost");
	for (i = 0; i < px->tcpcheck.n; i++)
		dump_check_step(dp, i, &px->tcpcheck.v[i]);
	dump_yes(dp, "http-check disable-on-404", px->disable_on_404);
	dump_yes(dp, "http-check send-state", px->send_state);
}

/* ------------------------------------------------------------------ */
/* Servers and binds */

static void
dump_server_check(FILE *fp, const struct server_conf *s)
{
	char	t1[32], t2[32], t3[32], a[300];

	if (!s->check) {
		fprintf(fp, " no-check");
		return;
	}
	fprintf(fp, " check inter=%s fastinter=%s downinter=%s rise=%u "
	    "fall=%u", fmt_ms(s->inter_ms, t1, sizeof(t1)),
	    fmt_ms(s->fastinter_ms == CFG_UNSET ? s->inter_ms :
	    s->fastinter_ms, t2, sizeof(t2)),
	    fmt_ms(s->downinter_ms == CFG_UNSET ? s->inter_ms :
	    s->downinter_ms, t3, sizeof(t3)), s->rise, s->fall);
	if (s->check_port)
		fprintf(fp, " port=%u", s->check_port);
	if (s->has_check_addr)
		fprintf(fp, " addr=%s", addr_format(&s->check_addr, a,
		    sizeof(a)));
	if (s->observe != SRV_OBS_NONE)
		fprintf(fp, " observe=%s error-limit=%u on-error=%s",
		    NAME_OF(observe_names, s->observe), s->error_limit,
		    NAME_OF(on_error_names, s->on_error));
	if (s->shutdown_on_down)
		fprintf(fp, " on-marked-down=shutdown-sessions");
	if (s->shutdown_backup_on_up)
		fprintf(fp, " on-marked-up=shutdown-backup-sessions");
}

static void
dump_server(const struct dump *dp, const struct server_conf *s)
{
	FILE	*fp = dp->fp;
	char	 a[300], t[32];

	fprintf(fp, "%s: server %s = %s weight=%u%s%s", dp->who, s->name,
	    addr_format(&s->addr, a, sizeof(a)), s->weight,
	    s->backup ? " backup" : "", s->disabled ? " disabled" : "");
	dump_server_check(fp, s);
	if (s->id != 0)
		fprintf(fp, " id=%u", s->id);
	if (s->maxconn != CFG_UNSET)
		fprintf(fp, " maxconn=%u", s->maxconn);
	if (s->minconn != CFG_UNSET)
		fprintf(fp, " minconn=%u", s->minconn);
	if (s->maxqueue != CFG_UNSET)
		fprintf(fp, " maxqueue=%u", s->maxqueue);
	if (s->slowstart_ms != CFG_UNSET && s->slowstart_ms != 0)
		fprintf(fp, " slowstart=%s", fmt_ms(s->slowstart_ms, t,
		    sizeof(t)));
	if (s->cookie != NULL)
		fprintf(fp, " cookie=%s", s->cookie);
	if (s->redir != NULL)
		fprintf(fp, " redir=%s", s->redir);
	if (s->send_proxy || s->send_proxy_v2)
		fprintf(fp, " %s", s->send_proxy_v2 ? "send-proxy-v2" :
		    "send-proxy");
	if (s->init_state != SRV_INIT_DEFAULT)
		fprintf(fp, " init-state=%s", NAME_OF(init_state_names,
		    s->init_state));
	if (s->resolve_none)
		fprintf(fp, " init-addr=none");
	fputc('\n', fp);
}

static void
dump_bind(const struct dump *dp, unsigned i, const struct bind_conf *b)
{
	FILE	*fp = dp->fp;
	char	 a[300];

	fprintf(fp, "%s: bind[%u] = %s", dp->who, i, addr_format(&b->addr, a,
	    sizeof(a)));
	if (b->name != NULL)
		fprintf(fp, " name=%s", b->name);
	if (b->id != 0)
		fprintf(fp, " id=%u", b->id);
	if (b->maxconn != 0)
		fprintf(fp, " maxconn=%u", b->maxconn);
	if (b->backlog != 0)
		fprintf(fp, " backlog=%u", b->backlog);
	fprintf(fp, "%s%s%s%s%s", b->accept_proxy ? " accept-proxy" : "",
	    b->v4v6 ? " v4v6" : "", b->v6only ? " v6only" : "",
	    b->defer_accept ? " defer-accept" : "", b->tfo ? " tfo" : "");
	if (b->interface != NULL)
		fprintf(fp, " interface=%s", b->interface);
	if (b->mode != 0)
		fprintf(fp, " mode=%03o", b->mode);
	if (b->user != NULL)
		fprintf(fp, " user=%s", b->user);
	if (b->group != NULL)
		fprintf(fp, " group=%s", b->group);
	if (b->uid >= 0)
		fprintf(fp, " uid=%ld", b->uid);
	if (b->gid >= 0)
		fprintf(fp, " gid=%ld", b->gid);
	if (b->legacy_listen)
		fprintf(fp, " (from the 'listen' line)");
	fputc('\n', fp);
}

/* ------------------------------------------------------------------ */
/* Proxy settings */

static void
dump_options(const struct dump *dp, const struct proxy_conf *px)
{
	FILE				*fp = dp->fp;
	const struct forwardfor_conf	*f;
	unsigned			 i;

	for (i = 0; i < PXO_COUNT; i++) {
		if (!(px->opts & (1ULL << i)))
			continue;
		fprintf(fp, "%s: option %s", dp->who,
		    NAME_OF(opt_names, i));
		if (i == PXO_HTTPLOG && px->httplog_clf)
			fprintf(fp, " clf");
		if (i == PXO_REDISPATCH && px->redispatch_interval != 0 &&
		    px->redispatch_interval != -1)
			fprintf(fp, " %d", px->redispatch_interval);
		f = i == PXO_FORWARDFOR ? &px->forwardfor :
		    i == PXO_ORIGINALTO ? &px->originalto : NULL;
		if (f != NULL && f->header != NULL)
			fprintf(fp, " header %s", f->header);
		if (f != NULL && f->has_except) {
			fprintf(fp, " except ");
			dump_net(fp, &f->except);
		}
		if (f != NULL && f->if_none)
			fprintf(fp, " if-none");
		fputc('\n', fp);
	}
}

static void
dump_balance(const struct dump *dp, const struct proxy_conf *px)
{
	const struct lb_params	*lb = &px->lb;
	FILE			*fp = dp->fp;

	fprintf(fp, "%s: balance = %s%s%s", dp->who, NAME_OF(lb_names,
	    px->balance), px->balance_arg ? " " : "",
	    px->balance_arg ? px->balance_arg : "");
	if (lb->uri_len != 0)
		fprintf(fp, " len %u", lb->uri_len);
	if (lb->uri_depth != 0)
		fprintf(fp, " depth %u", lb->uri_depth);
	fprintf(fp, "%s%s%s%s", lb->uri_whole ? " whole" : "",
	    lb->uri_path_only ? " path-only" : "",
	    lb->check_post ? " check_post" : "",
	    lb->use_domain_only ? " use_domain_only" : "");
	if (lb->draws != 0)
		fprintf(fp, " draws %u", lb->draws);
	fputc('\n', fp);
	if (px->hash_method != HASH_MAP_BASED || px->hash_fn != HASH_FN_SDBM ||
	    px->hash_avalanche)
		dump_kv(dp, "hash-type", "%s %s%s", NAME_OF(hash_methods,
		    px->hash_method), NAME_OF(hash_fns, px->hash_fn),
		    px->hash_avalanche ? " avalanche" : "");
	dump_nz(dp, "hash-balance-factor", px->hash_balance_factor);
}

static void
dump_retry_on(const struct dump *dp, const struct proxy_conf *px)
{
	FILE		*fp = dp->fp;
	unsigned	i;
	bool		any = false;

	if (!px->retry_on_set)
		return;
	dump_key(dp, "retry-on");
	for (i = 0; i < nitems(retry_names); i++)
		if (px->retry_on & (1u << i)) {
			fprintf(fp, "%s%s", any ? " " : "",
			    retry_names[i]);
			any = true;
		}
	fprintf(fp, "%s\n", any ? "" : "none");
}

/* The backend side: balancing, retries, connections to servers. */
static void
dump_backend_settings(const struct dump *dp, const struct proxy_conf *px)
{
	char	a[300];

	if (!(px->cap & CFG_CAP_BE))
		return;
	dump_balance(dp, px);
	dump_u32(dp, "fullconn", px->fullconn);
	dump_retry_on(dp, px);
	if (px->http_reuse != REUSE_DEFAULT)
		dump_kv(dp, "http-reuse", "%s", NAME_OF(reuse_names,
		    px->http_reuse));
	dump_str(dp, "http-send-name-header", px->http_send_name_header);
	if (px->state_load != SRV_STATE_UNSET)
		dump_str(dp, "load-server-state-from-file",
		    px->state_load == SRV_STATE_GLOBAL ? "global" :
		    px->state_load == SRV_STATE_LOCAL ? "local" : "none");
	dump_str(dp, "server-state-file-name", px->state_file_name);
	if (px->max_keepalive_queue_set)
		dump_kv(dp, "max-keep-alive-queue", "%u",
		    px->max_keepalive_queue);
	if (px->has_dispatch)
		dump_kv(dp, "dispatch", "%s", addr_format(&px->dispatch, a,
		    sizeof(a)));
	dump_nz(dp, "srvtcpka-cnt", px->srvtcpka_cnt);
	dump_time(dp, "srvtcpka-idle", px->srvtcpka_idle_ms, true);
	dump_time(dp, "srvtcpka-intvl", px->srvtcpka_intvl_ms, true);
}

static void
dump_frontend_settings(const struct dump *dp, const struct proxy_conf *px)
{
	FILE		*fp = dp->fp;
	unsigned	i;

	if (!(px->cap & CFG_CAP_FE))
		return;
	dump_u32(dp, "backlog", px->backlog);
	dump_nz(dp, "rate-limit sessions", px->rate_limit_sessions);
	dump_time(dp, "grace", px->grace_ms, true);
	dump_nz(dp, "clitcpka-cnt", px->clitcpka_cnt);
	dump_time(dp, "clitcpka-idle", px->clitcpka_idle_ms, true);
	dump_time(dp, "clitcpka-intvl", px->clitcpka_intvl_ms, true);
	dump_str(dp, "monitor-uri", px->monitor_uri);
	for (i = 0; i < px->monitor_nets.n; i++) {
		fprintf(fp, "%s: monitor-net[%u] = ", dp->who, i);
		dump_net(fp, &px->monitor_nets.v[i]);
		fputc('\n', fp);
	}
	dump_conds(dp, "monitor fail", px->monitor_fail.v,
	    px->monitor_fail.n);
}

static void
dump_logging(const struct dump *dp, const struct proxy_conf *px)
{
	FILE		*fp = dp->fp;
	unsigned	i;

	if (px->log_global)
		dump_kv(dp, "log", "global");
	for (i = 0; i < px->logs.n; i++)
		dump_log(dp, i, &px->logs.v[i]);
	dump_str(dp, "log-tag", px->log_tag);
	dump_text(dp, "log-format", px->log_format.s);
	dump_text(dp, "unique-id-format", px->unique_id_format.s);
	dump_str(dp, "unique-id-header", px->unique_id_header);
	for (i = 0; i < px->captures.n; i++) {
		const struct capture_conf	*c = &px->captures.v[i];

		fprintf(fp, "%s: capture[%u] = %s %s %s len=%u\n",
		    dp->who, i, c->cookie ? "cookie" : c->response ?
		    "response" : "request", c->cookie ? "" : "header",
		    c->name != NULL ? c->name : "?", c->len);
	}
}

static void
dump_cookie(const struct dump *dp, const struct cookie_conf *c)
{
	FILE		*fp = dp->fp;
	char		 t[32];
	unsigned	 i;

	if (!c->set)
		return;
	fprintf(fp, "%s: cookie = %s", dp->who, c->name ? c->name : "?");
	fprintf(fp, "%s%s%s%s%s%s%s%s%s%s", c->rewrite ? " rewrite" : "",
	    c->insert ? " insert" : "", c->prefix ? " prefix" : "",
	    c->indirect ? " indirect" : "", c->nocache ? " nocache" : "",
	    c->postonly ? " postonly" : "", c->preserve ? " preserve" : "",
	    c->httponly ? " httponly" : "", c->secure ? " secure" : "",
	    c->dynamic ? " dynamic" : "");
	for (i = 0; i < c->domains.n; i++)
		fprintf(fp, " domain=%s", c->domains.v[i]);
	for (i = 0; i < c->attrs.n; i++) {
		fprintf(fp, " attr=");
		dump_qs(fp, c->attrs.v[i]);
	}
	if (c->maxidle_ms != CFG_UNSET)
		fprintf(fp, " maxidle=%s", fmt_ms(c->maxidle_ms, t, sizeof(t)));
	if (c->maxlife_ms != CFG_UNSET)
		fprintf(fp, " maxlife=%s", fmt_ms(c->maxlife_ms, t, sizeof(t)));
	fputc('\n', fp);
}

static void
dump_stick_table(const struct dump *dp, const struct stick_table_conf *t)
{
	FILE	*fp = dp->fp;
	char	e[32];

	if (!t->set)
		return;
	fprintf(fp, "%s: stick-table = type=%s", dp->who,
	    NAME_OF(stick_types, t->type));
	if (t->type == STK_STRING || t->type == STK_BINARY)
		fprintf(fp, " len=%u", t->key_len);
	fprintf(fp, " size=%llu expire=%s%s\n", (unsigned long long)t->size,
	    t->expire_ms ? fmt_ms(t->expire_ms, e, sizeof(e)) : "never",
	    t->srvkey_addr ? " srvkey=addr" : "");
}

static void
dump_stats(const struct dump *dp, const struct stats_conf *st)
{
	FILE		*fp = dp->fp;
	char		 t[32];
	unsigned	 i;

	if (!st->enabled)
		return;
	fprintf(fp, "%s: stats = enabled uri=%s%s", dp->who,
	    st->uri ? st->uri : "/haproxy?stats", st->auths.n ? " auth" : "");
	if (st->realm != NULL) {
		fprintf(fp, " realm=");
		dump_qs(fp, st->realm);
	}
	/* The users, not their passwords. */
	for (i = 0; i < st->auths.n; i++)
		fprintf(fp, " user=%.*s", (int)strcspn(st->auths.v[i], ":"),
		    st->auths.v[i]);
	if (st->refresh_ms != CFG_UNSET)
		fprintf(fp, " refresh=%s", fmt_ms(st->refresh_ms, t,
		    sizeof(t)));
	fprintf(fp, "%s%s%s%s%s", st->hide_version ? " hide-version" : "",
	    st->show_legends ? " show-legends" : "",
	    st->show_desc ? " show-desc" : "",
	    st->show_node ? " show-node" : "",
	    st->show_modules ? " show-modules" : "");
	if (st->node_name != NULL)
		fprintf(fp, " node=%s", st->node_name);
	if (st->desc != NULL) {
		fprintf(fp, " desc=");
		dump_qs(fp, st->desc);
	}
	for (i = 0; i < st->scopes.n; i++)
		fprintf(fp, " scope=%s", st->scopes.v[i].name);
	fputc('\n', fp);
	dump_conds(dp, "stats admin", st->admin.v, st->admin.n);
}

static void
dump_errorfiles(const struct dump *dp, const struct proxy_conf *px)
{
	FILE		*fp = dp->fp;
	unsigned	i;

	for (i = 0; i < px->errorfiles.n; i++) {
		const struct errorfile_conf	*ef = &px->errorfiles.v[i];

		if (ef->loc_code != 0)
			fprintf(fp, "%s: errorloc%d %d = %s\n", dp->who,
			    ef->loc_code, ef->status, ef->path);
		else
			fprintf(fp, "%s: errorfile %d = %s (%zu bytes)\n",
			    dp->who, ef->status, ef->path ? ef->path : "?",
			    ef->content_len);
	}
}

/* Identity and the settings every proxy has. */
static void
dump_proxy_common(const struct dump *dp, const struct proxy_conf *px)
{
	unsigned	i;

	if (px->id != 0)
		dump_kv(dp, "id", "%u", px->id);
	dump_text(dp, "description", px->description);
	dump_yes(dp, "disabled", px->disabled);
	dump_kv(dp, "mode", "%s", px->mode == CFG_MODE_UNSET ?
	    "tcp (default)" : cfg_mode_name(px->mode));
	for (i = 0; i < PXT_COUNT; i++)
		if (px->timeout[i] != CFG_UNSET) {
			char	key[64];

			snprintf(key, sizeof(key), "timeout %s",
			    NAME_OF(timeout_names, i));
			dump_time(dp, key, px->timeout[i], false);
		}
	dump_options(dp, px);
	dump_u32(dp, "maxconn", px->maxconn);
	dump_u32(dp, "retries", px->retries);
	dump_str(dp, "dynamic-cookie-key", px->dynamic_cookie_key);
}

static void
dump_proxy(const struct proxy_conf *px, unsigned idx, FILE *fp)
{
	char		who[300];
	struct dump	dp = { fp, who };
	unsigned	i;

	if (px->name != NULL)
		snprintf(who, sizeof(who), "%s %s", px->kind, px->name);
	else
		snprintf(who, sizeof(who), "%s #%u", px->kind, idx);
	dump_proxy_common(&dp, px);
	dump_frontend_settings(&dp, px);
	dump_backend_settings(&dp, px);
	dump_logging(&dp, px);
	dump_stats(&dp, &px->stats);
	dump_cookie(&dp, &px->cookie);
	dump_stick_table(&dp, &px->stick_table);
	dump_errorfiles(&dp, px);
	for (i = 0; i < px->binds.n; i++)
		dump_bind(&dp, i, &px->binds.v[i]);
	dump_acls(&dp, px);
	dump_rules(&dp, px);
	dump_checks(&dp, px);
	for (i = 0; i < px->servers.n; i++)
		dump_server(&dp, &px->servers.v[i]);
}

/* ------------------------------------------------------------------ */
/* userlists and the sections hapx only validates */

static void
dump_userlist(const struct userlist_conf *ul, FILE *fp)
{
	unsigned	i, j;

	fprintf(fp, "userlist %s: users = %u, groups = %u\n", ul->name,
	    ul->users.n, ul->groups.n);
	for (i = 0; i < ul->users.n; i++) {
		const struct userlist_user	*u = &ul->users.v[i];

		fprintf(fp, "userlist %s: user %s = %s", ul->name, u->name,
		    u->password == NULL ? "no password" : u->insecure ?
		    "insecure-password" : "password (hashed)");
		for (j = 0; j < u->groups.n; j++)
			fprintf(fp, "%s%s", j ? "," : " groups=",
			    u->groups.v[j].name);
		fputc('\n', fp);
	}
	for (i = 0; i < ul->groups.n; i++) {
		const struct userlist_group	*g = &ul->groups.v[i];

		fprintf(fp, "userlist %s: group %s =", ul->name, g->name);
		for (j = 0; j < g->users.n; j++)
			fprintf(fp, "%s%s", j ? "," : " users=",
			    g->users.v[j].name);
		fputc('\n', fp);
	}
}

void
cfg_dump(const struct config *cfg, FILE *fp)
{
	const struct proxy_conf		*px;
	const struct userlist_conf	*ul;
	const struct named_section_conf	*o;
	unsigned			 i = 0;

	dump_global(&cfg->global, fp);
	for (px = cfg->defaults; px != NULL; px = px->next)
		dump_proxy(px, ++i, fp);
	for (px = cfg->proxies; px != NULL; px = px->next)
		dump_proxy(px, 0, fp);
	for (ul = cfg->userlists; ul != NULL; ul = ul->next)
		dump_userlist(ul, fp);
	for (o = cfg->others; o != NULL; o = o->next)
		fprintf(fp, "%s %s: checked, not run by hapx\n",
		    o->kind ? o->kind : "?", o->name ? o->name : "");
}
