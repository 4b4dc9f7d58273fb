/*
 * cfg_kw_option: rows and handlers for the "option" keywords of proxies
 * (doc 4.2 "option ..."), and the 1.x "redispatch"/"redisp" spellings.
 * Most options only set or clear their PXO_* bit in ctx->px ("no option
 * X" clears it, "default option X" restores the built-in value); a few
 * take arguments (forwardfor, originalto, httplog, redispatch).  What an
 * option changes at run time is the engine's business.  Health-check
 * options (httpchk, ...) are in cfg_kw_check.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "cfg/cfg_pxarg.h"

/* ------------------------------------------------------------------ */
/* Options: .offset is the PXO_* bit */

static void
px_opt_set(struct proxy_conf *px, unsigned opt, bool on)
{
	uint64_t	b = PXO_BIT(opt);

	if (on && (b & PXO_HTTP_MODES))
		px->opts &= ~PXO_HTTP_MODES;
	if (on)
		px->opts |= b;
	else
		px->opts &= ~b;
	px->opts_set |= b;
}

/* "option X", "no option X" (off) and "default option X" (built-in). */
static int
kw_option(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	uint64_t	b = PXO_BIT(ctx->kw->offset);

	(void)l;
	(void)d;
	if (ctx->reset) {
		ctx->px->opts &= ~b;
		ctx->px->opts_set &= ~b;
		return 0;
	}
	px_opt_set(ctx->px, (unsigned)ctx->kw->offset, !ctx->negate);
	return 0;
}

/* "option httplog [clf]", "option tcplog": the last log format wins. */
static int
kw_option_log(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct proxy_conf	*px = ctx->px;
	bool			 clf = false;

	if (l->nargs > ctx->argi) {
		if (strcmp(l->args[ctx->argi].s, "clf") != 0) {
			diag_error(d, &l->args[ctx->argi].pos, "'option "
			    "httplog': unknown argument '%s'",
			    l->args[ctx->argi].s);
			diag_hint(d, "the only argument is 'clf' (Common Log "
			    "Format)");
			return -1;
		}
		clf = true;
	}
	px->opts &= ~(PXO_BIT(PXO_HTTPLOG) | PXO_BIT(PXO_TCPLOG));
	px_opt_set(px, (unsigned)ctx->kw->offset, true);
	px->httplog_clf = clf;
	memset(&px->log_format, 0, sizeof(px->log_format));
	return 0;
}

/* "option redispatch [N]", and the 1.x "redispatch"/"redisp" keywords. */
static int
kw_option_redispatch(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	struct proxy_conf	*px = ctx->px;
	int			 every = -1;

	if ((ctx->negate || ctx->reset) && l->nargs > ctx->argi) {
		diag_error(d, &l->args[ctx->argi].pos, "'%s option redispatch' "
		    "takes no argument", l->args[0].s);
		return -1;
	}
	if (ctx->negate || ctx->reset)
		return kw_option(ctx, l, d);
	if (l->nargs > ctx->argi && cfg_pxarg_int(ctx, &l->args[ctx->argi],
	    INT_MIN + 1, INT_MAX, &every) < 0)
		return -1;
	px_opt_set(px, PXO_REDISPATCH, true);
	px->redispatch_interval = every;
	return 0;
}

/* One "except NET" / "header NAME" / "if-none" of option forwardfor. */
static int
px_fwd_arg(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct forwardfor_conf *c, bool ff)
{
	const struct cfg_arg	*a = &l->args[*i];
	bool			 except = strcmp(a->s, "except") == 0;

	if (ff && strcmp(a->s, "if-none") == 0) {
		c->if_none = true;
		return 0;
	}
	if (!except && strcmp(a->s, "header") != 0) {
		diag_error(ctx->d, &a->pos, "'%s': unknown argument '%s'",
		    ctx->kw->name, a->s);
		diag_hint(ctx->d, "arguments are 'except <network>', 'header "
		    "<name>'%s", ff ? " and 'if-none'" : "");
		return -1;
	}
	if (*i + 1 >= l->nargs) {
		diag_error(ctx->d, &a->pos, "'%s %s' needs %s", ctx->kw->name,
		    a->s, except ? "a network" : "a header name");
		cfg_pxarg_syntax_hint(ctx);
		return -1;
	}
	a = &l->args[++*i];
	if (except) {
		c->has_except = true;
		return cfg_pxarg_net(ctx, a, &c->except);
	}
	if (cfg_pxarg_token(ctx, a, "header name") < 0)
		return -1;
	c->header = cfg_arg_dup(ctx, a);
	return 0;
}

/* "option forwardfor [except NET] [header NAME] [if-none]" and
 * "option originalto [except NET] [header NAME]": each line starts over. */
static int
kw_option_fwd(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	bool			ff = ctx->kw->offset == PXO_FORWARDFOR;
	struct forwardfor_conf	c;
	size_t			i;

	(void)d;
	memset(&c, 0, sizeof(c));
	c.header = ff ? "X-Forwarded-For" : "X-Original-To";
	for (i = ctx->argi; i < l->nargs; i++)
		if (px_fwd_arg(ctx, l, &i, &c, ff) < 0)
			return -1;
	if (ff)
		ctx->px->forwardfor = c;
	else
		ctx->px->originalto = c;
	px_opt_set(ctx->px, (unsigned)ctx->kw->offset, true);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The table: sorted by name (a unit test checks it) */

/* "option X" that only sets or clears its bit. */
#define PX_OPT(n, s, o)							\
	{ .name = "option " n, .sections = (s), .parse = kw_option,	\
	  .offset = (o), .flags = KW_F_NEGATABLE }
/* An option hapx does not have. */
#define PX_OPT_NO(n, s, hint)						\
	{ .name = "option " n, .sections = (s), .max_args = -1,		\
	  .status = KW_UNSUPPORTED, .flags = KW_F_NEGATABLE, .modern = (hint) }
/* An option hapx parses but that changes nothing in it (WHY says why). */
#define PX_IGN(n, s, o, why)						\
	{ .name = "option " n, .sections = (s), .parse = kw_option,	\
	  .offset = (o), .status = KW_IGNORED, .flags = KW_F_NEGATABLE,	\
	  .modern = (why) }
#define PX_SPLICE(n)							\
	{ .name = "option " n, .sections = CFG_S_PROXY,			\
	  .status = KW_IGNORED, .flags = KW_F_NEGATABLE,		\
	  .modern = "hapx copies data itself; kernel splicing is an "	\
	  "optimisation it does not use" }

static const struct cfg_kw option_rows[] = {
	PX_OPT("abortonclose", CFG_S_BE, PXO_ABORTONCLOSE),
	PX_IGN("accept-invalid-http-request", CFG_S_FE,
	    PXO_ACCEPT_INVALID_HTTP_REQUEST,
	    "hapx always rejects invalid requests: fix the clients or "
	    "remove it"),
	PX_IGN("accept-invalid-http-response", CFG_S_BE,
	    PXO_ACCEPT_INVALID_HTTP_RESPONSE,
	    "hapx always rejects invalid responses: fix the servers or "
	    "remove it"),
	PX_OPT("allbackups", CFG_S_BE, PXO_ALLBACKUPS),
	PX_IGN("checkcache", CFG_S_BE, PXO_CHECKCACHE,
	    "hapx has no cache, so it does not check responses for "
	    "cacheability"),
	PX_OPT("clitcpka", CFG_S_FE, PXO_CLITCPKA),
	PX_IGN("contstats", CFG_S_FE, PXO_CONTSTATS,
	    "hapx counts a session's bytes when it ends; remove it"),
	PX_IGN("disable-h2-upgrade", CFG_S_FE, PXO_DISABLE_H2_UPGRADE,
	    "hapx speaks HTTP/1 only: there is no HTTP/2 upgrade to disable"),
	PX_OPT("dontlog-normal", CFG_S_FE, PXO_DONTLOG_NORMAL),
	PX_OPT("dontlognull", CFG_S_FE, PXO_DONTLOGNULL),
	{ .name = "option forceclose", .sections = CFG_S_PROXY,
	  .parse = kw_option, .offset = PXO_FORCECLOSE,
	  .status = KW_DEPRECATED, .flags = KW_F_NEGATABLE,
	  .removed_in = "2.0", .modern = "option httpclose" },
	{ .name = "option forwardfor", .sections = CFG_S_PROXY,
	  .max_args = -1, .parse = kw_option_fwd, .offset = PXO_FORWARDFOR,
	  .syntax = "[except <network>] [header <name>] [if-none]" },
	PX_OPT_NO("h1-case-adjust-bogus-client", CFG_S_FE, "hapx does not "
	    "rewrite the case of header names ('h1-case-adjust')"),
	PX_OPT_NO("h1-case-adjust-bogus-server", CFG_S_BE, "hapx does not "
	    "rewrite the case of header names ('h1-case-adjust')"),
	PX_IGN("http-buffer-request", CFG_S_PROXY, PXO_HTTP_BUFFER_REQUEST,
	    "hapx forwards the request body as it comes; the server "
	    "sees the same request, only the timing differs"),
	PX_OPT("http-ignore-probes", CFG_S_FE, PXO_HTTP_IGNORE_PROBES),
	PX_OPT("http-keep-alive", CFG_S_PROXY, PXO_HTTP_KEEP_ALIVE),
	PX_IGN("http-no-delay", CFG_S_PROXY, PXO_HTTP_NO_DELAY,
	    "hapx does not merge small writes; remove it"),
	PX_IGN("http-pretend-keepalive", CFG_S_BE, PXO_HTTP_PRETEND_KEEPALIVE,
	    "hapx keeps the server connection's own close/keep-alive "
	    "semantics; remove it"),
	PX_OPT_NO("http-restrict-req-hdr-names", CFG_S_PROXY, "hapx does not "
	    "filter request header names by their characters; remove it"),
	PX_OPT("http-server-close", CFG_S_PROXY, PXO_HTTP_SERVER_CLOSE),
	{ .name = "option http-tunnel", .sections = CFG_S_PROXY,
	  .parse = kw_option, .offset = PXO_HTTP_TUNNEL,
	  .status = KW_IGNORED, .flags = KW_F_NEGATABLE,
	  .removed_in = "2.1", .modern = "none: HAProxy 2.x analyses every "
	  "request of a connection; remove the line" },
	{ .name = "option http-use-htx", .sections = CFG_S_PROXY,
	  .status = KW_IGNORED, .flags = KW_F_NEGATABLE,
	  .modern = "HTX was HAProxy's internal HTTP form (always on since "
	  "2.1); remove the line" },
	PX_IGN("http-use-proxy-header", CFG_S_FE, PXO_HTTP_USE_PROXY_HEADER,
	    "hapx is no forward proxy and does not read 'Proxy-Connection'"),
	PX_OPT_NO("http_proxy", CFG_S_PROXY, "HAProxy 2.5 removed it and hapx "
	    "is no forward proxy: send requests to 'server' lines"),
	PX_OPT("httpclose", CFG_S_PROXY, PXO_HTTPCLOSE),
	{ .name = "option httplog", .sections = CFG_S_FE, .max_args = 1,
	  .parse = kw_option_log, .offset = PXO_HTTPLOG, .syntax = "[clf]" },
	PX_OPT_NO("httpslog", CFG_S_FE, "hapx has no TLS: use 'option "
	    "httplog'"),
	PX_OPT("idle-close-on-response", CFG_S_FE, PXO_IDLE_CLOSE_ON_RESPONSE),
	PX_IGN("independent-streams", CFG_S_PROXY, PXO_INDEPENDENT_STREAMS,
	    "hapx applies the timeouts to each direction as it runs; "
	    "remove it"),
	PX_OPT("log-health-checks", CFG_S_BE, PXO_LOG_HEALTH_CHECKS),
	PX_OPT("log-separate-errors", CFG_S_FE, PXO_LOG_SEPARATE_ERRORS),
	PX_OPT("logasap", CFG_S_FE, PXO_LOGASAP),
	PX_IGN("nolinger", CFG_S_PROXY, PXO_NOLINGER,
	    "hapx closes connections normally; remove it"),
	{ .name = "option originalto", .sections = CFG_S_PROXY,
	  .max_args = -1, .parse = kw_option_fwd, .offset = PXO_ORIGINALTO,
	  .syntax = "[except <network>] [header <name>]" },
	PX_OPT("persist", CFG_S_BE, PXO_PERSIST),
	PX_OPT("prefer-last-server", CFG_S_BE, PXO_PREFER_LAST_SERVER),
	{ .name = "option redispatch", .sections = CFG_S_BE, .max_args = 1,
	  .parse = kw_option_redispatch, .offset = PXO_REDISPATCH,
	  .flags = KW_F_NEGATABLE, .syntax = "[<interval>]" },
	PX_IGN("socket-stats", CFG_S_FE, PXO_SOCKET_STATS,
	    "hapx keeps counters per proxy and server, not per listener"),
	PX_SPLICE("splice-auto"),
	PX_SPLICE("splice-request"),
	PX_SPLICE("splice-response"),
	PX_OPT("srvtcpka", CFG_S_BE, PXO_SRVTCPKA),
	PX_IGN("tcp-smart-accept", CFG_S_FE, PXO_TCP_SMART_ACCEPT,
	    "a TCP optimisation hapx does not use; remove it"),
	PX_IGN("tcp-smart-connect", CFG_S_BE, PXO_TCP_SMART_CONNECT,
	    "a TCP optimisation hapx does not use; remove it"),
	{ .name = "option tcpka", .sections = CFG_S_PROXY, .parse = kw_option,
	  .offset = PXO_TCPKA },
	{ .name = "option tcplog", .sections = CFG_S_FE,
	  .parse = kw_option_log, .offset = PXO_TCPLOG },
	PX_OPT_NO("transparent", CFG_S_BE, "hapx does not intercept "
	    "connections: give the servers explicit addresses"),
	{ .name = "redisp", .sections = CFG_S_BE,
	  .parse = kw_option_redispatch, .status = KW_DEPRECATED,
	  .removed_in = "2.1", .modern = "option redispatch" },
	{ .name = "redispatch", .sections = CFG_S_BE,
	  .parse = kw_option_redispatch, .status = KW_DEPRECATED,
	  .removed_in = "2.1", .modern = "option redispatch" },
};

const struct cfg_kw_table cfg_kw_option_table = {
	option_rows, sizeof(option_rows) / sizeof(option_rows[0])
};
