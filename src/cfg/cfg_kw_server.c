/*
 * cfg_kw_server: the "server", "default-server" and "server-template" rows
 * and the server options ("check", "inter 2s", "rise 3", "weight 10"...),
 * HAProxy 2.6 configuration.txt section 5.2.  A server starts as a copy of
 * its proxy's default-server settings (px->defsrv, itself inherited from
 * the defaults section), then its own options apply, left to right.
 * Names given to servers are checked here; host names in addresses are
 * resolved later by the whole-model pass (cfg_xref.c).  No printing.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>

#include <ctype.h>
#include <limits.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "cfg/cfg_load.h"

#define SRV(t)		((struct server_conf *)(t))
#define SRV_INT_MAX	((unsigned long)INT_MAX)

#define NO_TLS		"hapx has no TLS; terminate TLS in front of " \
			"hapx and talk to the servers in clear text"
#define NO_DNS		"hapx resolves names once at start-up; remove it"
#define NO_AGENT	"hapx has no agent checks; use 'check' with " \
			"'option httpchk' or 'option tcp-check' instead"
#define NO_POOL		"hapx does not keep idle server connections; " \
			"remove it"
#define NO_SOURCE	"hapx connects from the address the system picks; " \
			"remove 'source' (and its 'usesrc'/'interface')"

/* ------------------------------------------------------------------ */
/* Value helpers: messages name the option and the bad value. */

/* ARGS[1] as a time (bare number = ms); ZERO_OK allows 0. */
static int
so_time(struct cfg_ctx *ctx, const struct cfg_arg *args, bool zero_ok,
    uint32_t *out)
{
	char		err[256];
	uint32_t	ms;

	if (cfg_value_time(args[1].s, CFG_TU_MS, &ms, err, sizeof(err)) < 0) {
		diag_error(ctx->d, &args[1].pos, "'%s': %s", args[0].s, err);
		return -1;
	}
	if (ms == 0 && !zero_ok) {
		diag_error(ctx->d, &args[1].pos, "'%s' must be greater than 0",
		    args[0].s);
		diag_hint(ctx->d, "write a delay such as '%s 2s'", args[0].s);
		return -1;
	}
	*out = ms;
	return 0;
}

/* Index of ARGS[1] among the NULL-terminated WORDS, or -1 (reported). */
static int
so_choice(struct cfg_ctx *ctx, const struct cfg_arg *args,
    const char *const *words)
{
	char	list[256] = "";
	size_t	i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(args[1].s, words[i]) == 0)
			return (int)i;
	for (i = 0; words[i] != NULL; i++) {
		if (i > 0)
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, "'", sizeof(list) - strlen(list) - 1);
		strncat(list, words[i], sizeof(list) - strlen(list) - 1);
		strncat(list, "'", sizeof(list) - strlen(list) - 1);
	}
	diag_error(ctx->d, &args[1].pos, "'%s': unknown value '%s'", args[0].s,
	    args[1].s);
	if (i > 1 && cfg_kw_suggest(args[1].s, words, i) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?",
		    cfg_kw_suggest(args[1].s, words, i));
	else
		diag_hint(ctx->d, "expected %s%s", i > 1 ? "one of " : "",
		    list);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Server options.  The target is the struct server_conf being built (a
 * server, or the proxy's default-server settings). */

static int
so_check(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)ctx; (void)n; (void)d;
	SRV(t)->check = strcmp(args[0].s, "check") == 0;
	return 0;
}

static int
so_backup(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)ctx; (void)n; (void)d;
	SRV(t)->backup = strcmp(args[0].s, "backup") == 0;
	return 0;
}

static int
so_disabled(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)ctx; (void)n; (void)d;
	SRV(t)->disabled = strcmp(args[0].s, "disabled") == 0;
	return 0;
}

/* send-proxy, send-proxy-v2 and their "no-" forms. */
static int
so_send_proxy(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	bool	on = strncmp(args[0].s, "no-", 3) != 0;
	bool	v2 = strstr(args[0].s, "-v2") != NULL;

	(void)ctx; (void)n; (void)d;
	if (v2)
		SRV(t)->send_proxy_v2 = on;
	else
		SRV(t)->send_proxy = on;
	return 0;
}

static int
so_inter(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)n; (void)d;
	return so_time(ctx, args, false, &SRV(t)->inter_ms);
}

static int
so_fastinter(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n; (void)d;
	return so_time(ctx, args, false, &SRV(t)->fastinter_ms);
}

static int
so_downinter(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n; (void)d;
	return so_time(ctx, args, false, &SRV(t)->downinter_ms);
}

/* "slowstart 0" is HAProxy's way to turn it off. */
static int
so_slowstart(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n; (void)d;
	return so_time(ctx, args, true, &SRV(t)->slowstart_ms);
}

/* rise and fall: the health counter needs both > 0 (spec §6.4). */
static int
so_rise(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)n; (void)d;
	return cfg_opt_uint(ctx, args, 1, SRV_INT_MAX / 2, &SRV(t)->rise);
}

static int
so_fall(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)n; (void)d;
	return cfg_opt_uint(ctx, args, 1, SRV_INT_MAX / 2, &SRV(t)->fall);
}

static int
so_port(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)n; (void)d;
	return cfg_opt_uint(ctx, args, 1, 65535, &SRV(t)->check_port);
}

/* The check address is resolved here, as HAProxy does while parsing:
 * cfg_xref.c only resolves the servers' own addresses. */
static int
so_addr(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	struct server_conf	*s = SRV(t);
	char			 err[300];

	(void)n;
	if (cfg_arg_addr(ctx, &args[1], ADDR_USE_CHECK, &s->check_addr) < 0) {
		diag_hint(d, "'addr' takes an IP address or host name; use "
		    "'port' for the check port");
		return -1;
	}
	s->has_check_addr = true;
	s->check_addr_pos = args[1].pos;
	if (s->check_addr.kind == ADDR_INET &&
	    s->check_addr.family == AF_UNSPEC &&
	    !(ctx->flags & CFG_LOAD_NO_RESOLVE) &&
	    addr_resolve(&s->check_addr, err, sizeof(err)) < 0) {
		diag_error(d, &args[1].pos, "'addr': %s", err);
		diag_hint(d, "use an IP address, or a name this machine can "
		    "resolve");
		return -1;
	}
	return 0;
}

static int
so_weight(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)n;
	if (cfg_opt_uint(ctx, args, 0, 256, &SRV(t)->weight) < 0) {
		diag_hint(d, "0 takes the server out of load balancing; 256 "
		    "is the largest weight");
		return -1;
	}
	return 0;
}

static int
so_maxconn(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n; (void)d;
	return cfg_opt_uint(ctx, args, 0, SRV_INT_MAX, &SRV(t)->maxconn);
}

static int
so_minconn(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n; (void)d;
	return cfg_opt_uint(ctx, args, 0, SRV_INT_MAX, &SRV(t)->minconn);
}

static int
so_maxqueue(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n; (void)d;
	return cfg_opt_uint(ctx, args, 0, SRV_INT_MAX, &SRV(t)->maxqueue);
}

static int
so_error_limit(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n; (void)d;
	return cfg_opt_uint(ctx, args, 1, SRV_INT_MAX, &SRV(t)->error_limit);
}

/* HAProxy: "id" is only for "server", and must be > 0. */
static int
so_id(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	struct server_conf	*s = SRV(t);

	(void)n;
	if (ctx->px != NULL && s == &ctx->px->defsrv) {
		diag_error(d, &args[0].pos, "'id' is not allowed on a "
		    "'default-server' line");
		diag_hint(d, "ids are unique per server; set it on each "
		    "'server' line");
		return -1;
	}
	if (cfg_opt_uint(ctx, args, 1, SRV_INT_MAX, &s->id) < 0)
		return -1;
	s->id_pos = args[1].pos;
	return 0;
}

static int
so_cookie(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n;
	if (args[1].len == 0 || memchr(args[1].s, '\0', args[1].len) != NULL) {
		diag_error(d, &args[1].pos, "'cookie': %s", args[1].len == 0 ?
		    "empty value" : "value contains a NUL byte");
		return -1;
	}
	SRV(t)->cookie = cfg_arg_dup(ctx, &args[1]);
	return 0;
}

static int
so_redir(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)n;
	if (args[1].len == 0) {
		diag_error(d, &args[1].pos, "'redir': empty prefix");
		diag_hint(d, "syntax: redir http://host[:port]");
		return -1;
	}
	SRV(t)->redir = cfg_arg_dup(ctx, &args[1]);
	return 0;
}

static int
so_observe(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	static const char *const	 words[] = { "none", "layer4", "layer7",
					    NULL };
	static const enum srv_observe	 vals[] = { SRV_OBS_NONE,
					    SRV_OBS_L4, SRV_OBS_L7 };
	int				 i;

	(void)n; (void)d;
	if ((i = so_choice(ctx, args, words)) < 0)
		return -1;
	SRV(t)->observe = vals[i];
	return 0;
}

static int
so_on_error(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	static const char *const	 words[] = { "fastinter", "fail-check",
					    "sudden-death", "mark-down", NULL };
	static const enum srv_on_error	 vals[] = { SRV_ONERR_FASTINTER,
					    SRV_ONERR_FAIL_CHECK,
					    SRV_ONERR_SUDDEN_DEATH,
					    SRV_ONERR_MARK_DOWN };
	int				 i;

	(void)n; (void)d;
	if ((i = so_choice(ctx, args, words)) < 0)
		return -1;
	SRV(t)->on_error = vals[i];
	return 0;
}

static int
so_on_marked_down(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	static const char *const	words[] = { "shutdown-sessions", NULL };

	(void)n; (void)d;
	if (so_choice(ctx, args, words) < 0)
		return -1;
	SRV(t)->shutdown_on_down = true;
	return 0;
}

static int
so_on_marked_up(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	static const char *const	words[] = { "shutdown-backup-sessions",
					    NULL };

	(void)n; (void)d;
	if (so_choice(ctx, args, words) < 0)
		return -1;
	SRV(t)->shutdown_backup_on_up = true;
	return 0;
}

/* HAProxy 3.1's init-state, which hapx runs (not known to 2.6). */
static int
so_init_state(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	static const char *const		words[] = { "up", "down",
						    "fully-up", "fully-down",
						    NULL };
	static const enum srv_init_state	vals[] = { SRV_INIT_UP,
						    SRV_INIT_DOWN,
						    SRV_INIT_FULLY_UP,
						    SRV_INIT_FULLY_DOWN };
	int					i;

	(void)n; (void)d;
	if ((i = so_choice(ctx, args, words)) < 0)
		return -1;
	SRV(t)->init_state = vals[i];
	return 0;
}

/*
 * init-addr METHOD[,METHOD...]: hapx resolves with libc at start-up and
 * keeps no state file, so "last" and "libc" both mean that; "none" lets a
 * name that does not resolve start the server without an address.
 */
static int
so_init_addr(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	static const char *const	 words[] = { "last", "libc", "none",
					    NULL };
	const char			*p = args[1].s, *e;
	unsigned			 seen = 0, i;
	size_t				 len;

	(void)ctx; (void)n;
	for (;; p = e + 1) {
		e = p + strcspn(p, ",");
		len = (size_t)(e - p);
		for (i = 0; words[i] != NULL; i++)
			if (strlen(words[i]) == len &&
			    strncmp(p, words[i], len) == 0)
				break;
		if (words[i] == NULL || (seen & (1u << i))) {
			diag_error(d, &args[1].pos, "'init-addr': %s method "
			    "'%.*s' in '%s'", len == 0 ? "empty" :
			    words[i] == NULL ? "unsupported" : "repeated",
			    (int)len, p, args[1].s);
			diag_hint(d, "hapx knows 'last', 'libc' and 'none', "
			    "comma-separated, each at most once");
			return -1;
		}
		seen |= 1u << i;
		if (*e == '\0')
			break;
	}
	SRV(t)->resolve_none = (seen & (1u << 2)) != 0;	/* "none" */
	return 0;
}

#define OPT(n, a, fn, syn)	{ n, a, fn, KW_OK, NULL, syn }
#define UNS(n, a, why)		{ n, a, NULL, KW_UNSUPPORTED, why, NULL }
#define IGN(n, a, why)		{ n, a, NULL, KW_IGNORED, why, NULL }

/* Sorted by name (strcmp): cfg_opt_run() bsearches them. */
static const struct cfg_opt server_opts[] = {
	OPT("addr", 1, so_addr, "<ip or host name>"),
	UNS("agent-addr", 1, NO_AGENT),
	UNS("agent-check", 0, NO_AGENT),
	UNS("agent-inter", 1, NO_AGENT),
	UNS("agent-port", 1, NO_AGENT),
	UNS("agent-send", 1, NO_AGENT),
	UNS("allow-0rtt", 0, NO_TLS),
	UNS("alpn", 1, NO_TLS),
	OPT("backup", 0, so_backup, NULL),
	UNS("ca-file", 1, NO_TLS),
	OPT("check", 0, so_check, NULL),
	UNS("check-alpn", 1, NO_TLS),
	UNS("check-proto", 1, "hapx checks servers over TCP or HTTP/1.x only"),
	UNS("check-send-proxy", 0, "hapx health checks never send a PROXY "
	    "header; check a port that does not expect one"),
	UNS("check-sni", 1, NO_TLS),
	UNS("check-ssl", 0, NO_TLS),
	UNS("check-via-socks4", 0, "hapx does not connect through SOCKS "
	    "proxies"),
	UNS("ciphers", 1, NO_TLS),
	UNS("ciphersuites", 1, NO_TLS),
	OPT("cookie", 1, so_cookie, "<value>"),
	UNS("crl-file", 1, NO_TLS),
	UNS("crt", 1, NO_TLS),
	OPT("disabled", 0, so_disabled, NULL),
	OPT("downinter", 1, so_downinter, "<delay>"),
	OPT("enabled", 0, so_disabled, NULL),
	OPT("error-limit", 1, so_error_limit, "<count>"),
	OPT("fall", 1, so_fall, "<count>"),
	OPT("fastinter", 1, so_fastinter, "<delay>"),
	UNS("force-sslv3", 0, NO_TLS),
	UNS("force-tlsv10", 0, NO_TLS),
	UNS("force-tlsv11", 0, NO_TLS),
	UNS("force-tlsv12", 0, NO_TLS),
	UNS("force-tlsv13", 0, NO_TLS),
	OPT("id", 1, so_id, "<positive integer>"),
	OPT("init-addr", 1, so_init_addr, "{last|libc|none}[,...]"),
	OPT("init-state", 1, so_init_state, "up|down|fully-up|fully-down"),
	OPT("inter", 1, so_inter, "<delay>"),
	UNS("interface", 1, NO_SOURCE),
	UNS("log-proto", 1, "hapx does not forward logs to ring servers"),
	UNS("max-reuse", 1, NO_POOL),
	OPT("maxconn", 1, so_maxconn, "<count>"),
	OPT("maxqueue", 1, so_maxqueue, "<count>"),
	OPT("minconn", 1, so_minconn, "<count>"),
	UNS("namespace", 1, "hapx does not support network namespaces"),
	IGN("no-agent-check", 0, "hapx has no agent checks: there is nothing "
	    "to turn off"),
	OPT("no-backup", 0, so_backup, NULL),
	OPT("no-check", 0, so_check, NULL),
	IGN("no-check-ssl", 0, "hapx has no TLS: checks are always in clear "
	    "text"),
	OPT("no-send-proxy", 0, so_send_proxy, NULL),
	OPT("no-send-proxy-v2", 0, so_send_proxy, NULL),
	IGN("no-send-proxy-v2-ssl", 0, "hapx has no TLS: there is nothing to "
	    "turn off"),
	IGN("no-send-proxy-v2-ssl-cn", 0, "hapx has no TLS: there is nothing "
	    "to turn off"),
	IGN("no-ssl", 0, "hapx has no TLS: servers are always in clear text"),
	IGN("no-ssl-reuse", 0, "hapx has no TLS: there is nothing to turn "
	    "off"),
	UNS("no-sslv3", 0, NO_TLS),
	IGN("no-tfo", 0, "hapx does not use TCP Fast Open to servers"),
	UNS("no-tls-tickets", 0, NO_TLS),
	UNS("no-tlsv10", 0, NO_TLS),
	UNS("no-tlsv11", 0, NO_TLS),
	UNS("no-tlsv12", 0, NO_TLS),
	UNS("no-tlsv13", 0, NO_TLS),
	IGN("no-verifyhost", 0, "hapx has no TLS: there is nothing to turn "
	    "off"),
	UNS("non-stick", 0, "hapx has no stick tables; remove it"),
	UNS("npn", 1, NO_TLS),
	OPT("observe", 1, so_observe, "none|layer4|layer7"),
	OPT("on-error", 1, so_on_error,
	    "fastinter|fail-check|sudden-death|mark-down"),
	OPT("on-marked-down", 1, so_on_marked_down, "shutdown-sessions"),
	OPT("on-marked-up", 1, so_on_marked_up, "shutdown-backup-sessions"),
	UNS("pool-low-conn", 1, NO_POOL),
	UNS("pool-max-conn", 1, NO_POOL),
	UNS("pool-purge-delay", 1, NO_POOL),
	OPT("port", 1, so_port, "<check port>"),
	UNS("proto", 1, "hapx speaks HTTP/1.x or plain TCP to servers; "
	    "remove 'proto'"),
	UNS("proxy-v2-options", 1, "hapx sends a plain PROXY v2 header; "
	    "remove the options"),
	OPT("redir", 1, so_redir, "<prefix>"),
	UNS("resolve-net", 1, NO_DNS),
	UNS("resolve-opts", 1, NO_DNS),
	UNS("resolve-prefer", 1, NO_DNS),
	UNS("resolvers", 1, NO_DNS),
	OPT("rise", 1, so_rise, "<count>"),
	OPT("send-proxy", 0, so_send_proxy, NULL),
	OPT("send-proxy-v2", 0, so_send_proxy, NULL),
	UNS("send-proxy-v2-ssl", 0, NO_TLS),
	UNS("send-proxy-v2-ssl-cn", 0, NO_TLS),
	OPT("slowstart", 1, so_slowstart, "<delay>"),
	UNS("sni", 1, NO_TLS),
	UNS("socks4", 1, "hapx does not connect through SOCKS proxies"),
	UNS("source", 1, NO_SOURCE),
	UNS("ssl", 0, NO_TLS),
	UNS("ssl-max-ver", 1, NO_TLS),
	UNS("ssl-min-ver", 1, NO_TLS),
	UNS("ssl-reuse", 0, NO_TLS),
	IGN("stick", 0, "hapx has no stick tables: there is nothing to turn "
	    "back on"),
	UNS("tcp-ut", 1, "hapx does not set TCP_USER_TIMEOUT; rely on "
	    "'timeout server'"),
	UNS("tfo", 0, "hapx does not use TCP Fast Open to servers"),
	UNS("tls-tickets", 0, NO_TLS),
	UNS("track", 1, "hapx does not share check results between servers; "
	    "give this server its own 'check'"),
	UNS("usesrc", 1, NO_SOURCE),
	UNS("verify", 1, NO_TLS),
	UNS("verifyhost", 1, NO_TLS),
	OPT("weight", 1, so_weight, "<0..256>"),
	UNS("ws", 1, "hapx relays WebSocket over HTTP/1.1 only; remove 'ws'"),
};

const struct cfg_opt_table cfg_server_opts = {
	"server", server_opts, sizeof(server_opts) / sizeof(server_opts[0])
};

/* ------------------------------------------------------------------ */
/* The server lines */

/* HAProxy's rule for server names: letters, digits, '-', '_', '.', ':'. */
static int
srv_check_name(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	struct cfg_pos	pos = a->pos;
	size_t		i;

	for (i = 0; i < a->len; i++) {
		unsigned char	c = (unsigned char)a->s[i];

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':')
			continue;
		if (a->len == a->pos.len) {
			pos.col += (unsigned)i;
			pos.len = 1;
		}
		diag_error(ctx->d, &pos, "character '%c' is not permitted in "
		    "server name '%s'", isprint(c) ? c : '?', a->s);
		diag_hint(ctx->d, "server names use letters, digits, '-', '_', "
		    "'.' and ':'");
		return -1;
	}
	return 0;
}

static const struct server_conf *
srv_find(const struct proxy_conf *px, const char *name)
{
	unsigned	i;

	for (i = 0; i < px->servers.n; i++)
		if (strcmp(px->servers.v[i].name, name) == 0)
			return &px->servers.v[i];
	return NULL;
}

/*
 * Ids are unique per proxy.  (A checked server without a port is left to
 * cfg_xref.c: a later "tcp-check connect port N" can supply one.)
 */
static int
srv_check_id(struct cfg_ctx *ctx, const struct server_conf *s)
{
	const struct proxy_conf	*px = ctx->px;
	unsigned		 i;

	/* S is the last server of the proxy: compare with the others. */
	for (i = 0; s->id != 0 && i + 1 < px->servers.n; i++) {
		if (px->servers.v[i].id != s->id)
			continue;
		diag_error(ctx->d, &s->id_pos, "server id %u is already used "
		    "by server '%s'", s->id, px->servers.v[i].name);
		diag_note(ctx->d, &px->servers.v[i].id_pos, "'%s' took id %u "
		    "here", px->servers.v[i].name, s->id);
		return -1;
	}
	return 0;
}

/* server NAME ADDR [options] */
static int
kw_server(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*name = &l->args[ctx->argi];
	const struct cfg_arg	*addr = &l->args[ctx->argi + 1];
	const struct server_conf *first;
	struct server_conf	*s;
	int			 rc = 0;

	if (srv_check_name(ctx, name) < 0)
		return -1;
	if ((first = srv_find(ctx->px, name->s)) != NULL) {
		diag_error(d, &name->pos, "%s '%s' already has a server named "
		    "'%s'", ctx->px->kind, ctx->px->name, name->s);
		diag_note(d, &first->pos, "'%s' was first defined here",
		    first->name);
		diag_hint(d, "servers of one %s need distinct names",
		    ctx->px->kind);
		return -1;
	}
	s = CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->servers);
	*s = ctx->px->defsrv;
	s->pos = name->pos;
	s->name = cfg_arg_dup(ctx, name);
	s->addr_pos = addr->pos;
	if (cfg_arg_addr(ctx, addr, ADDR_USE_SERVER, &s->addr) < 0) {
		/* Keep the server so later references to it do not fail
		 * too, but with an address cfg_xref.c will not resolve. */
		memset(&s->addr, 0, sizeof(s->addr));
		s->addr.family = AF_INET;
		s->addr_invalid = true;
		rc = -1;
	} else if (s->addr.wildcard) {
		diag_warn(d, &addr->pos, "server '%s' has the any-address "
		    "'%s': connections go to this host", s->name, addr->s);
		diag_hint(d, "write 127.0.0.1:PORT if that is meant, or the "
		    "server's real address");
	}
	if (cfg_opt_run(ctx, &cfg_server_opts, l, ctx->argi + 2, s) < 0)
		rc = -1;
	if (rc == 0 && srv_check_id(ctx, s) < 0)
		rc = -1;
	return rc;
}

/* default-server [options]: the starting point of the servers that
 * follow in this section (and, in defaults, of the proxies using it). */
static int
kw_default_server(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	(void)d;
	return cfg_opt_run(ctx, &cfg_server_opts, l, ctx->argi,
	    &ctx->px->defsrv);
}

/* Sorted by name. */
static const struct cfg_kw server_rows[] = {
	{ "default-server", CFG_S_BE, 0, -1, kw_default_server, 0, KW_OK,
	    KW_F_STRICT, NULL, NULL, "[<options>...]" },
	{ "server", CFG_S_BE_ONLY, 2, -1, kw_server, 0, KW_OK, KW_F_STRICT,
	    NULL, NULL, "<name> <address>[:<port>] [<options>...]" },
	{ "server-template", CFG_S_BE_ONLY, 3, -1, NULL, 0, KW_UNSUPPORTED,
	    KW_F_STRICT, "it fills servers from runtime DNS, which hapx does "
	    "not do; list each server on its own 'server' line", NULL,
	    "<prefix> <num | range> <fqdn>[:<port>] [<options>...]" },
};

const struct cfg_kw_table cfg_kw_server_table = {
	server_rows, sizeof(server_rows) / sizeof(server_rows[0])
};
