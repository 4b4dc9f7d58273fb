/*
 * cfg_kw_bind: the "bind" row and the bind options ("accept-proxy",
 * "maxconn 100", "v4v6"...), HAProxy 2.6 configuration.txt section 5.1.
 * A bind line gives one bind_conf per comma-separated address (a port
 * range stays one bind_conf); its options apply to all of them.  Also
 * runs the 1.x "listen NAME ADDR:PORT" form for cfg_model.c.  Host names
 * are resolved later by cfg_xref.c.  No printing, no sockets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <grp.h>
#include <limits.h>
#include <net/if.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "cfg/cfg_load.h"

/* What bind option handlers get as their target: the bind_confs of one
 * line.  Options are stored in v[0], then copied to the others. */
struct bind_set {
	struct bind_conf	*v;
	size_t			 n;	/* 0 when no address parsed */
};

#define SET(t)		((struct bind_set *)(t))
#define BIND_INT_MAX	((unsigned long)INT_MAX)

#define NO_TLS		"hapx has no TLS; terminate TLS in front of hapx"
#define NO_QUIC		"hapx has no QUIC or HTTP/3; remove it"
#define ONLY_CLI	"it only applies to a 'stats socket' line in the " \
			"global section"

/* Names and paths end at a NUL byte in C: refuse both "" and "\x00". */
static int
bo_nonempty(struct cfg_ctx *ctx, const struct cfg_arg *args)
{
	if (args[1].len == 0)
		diag_error(ctx->d, &args[1].pos, "'%s': empty value",
		    args[0].s);
	else if (memchr(args[1].s, '\0', args[1].len) != NULL)
		diag_error(ctx->d, &args[1].pos, "'%s': value contains a NUL "
		    "byte", args[0].s);
	else
		return 0;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Options for any address */

static int
bo_name(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)n; (void)d;
	if (bo_nonempty(ctx, args) < 0)
		return -1;
	SET(t)->v[0].name = cfg_arg_dup(ctx, &args[1]);
	return 0;
}

/* The id names one listener: HAProxy refuses it on a line that makes
 * several (a list or a port range), and a second use in the proxy. */
static int
bo_id(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	struct bind_set		*set = SET(t);
	const struct proxy_conf	*px = ctx->px;
	unsigned		 id, i;

	(void)n;
	if (cfg_opt_uint(ctx, args, 1, BIND_INT_MAX, &id) < 0)
		return -1;
	if (set->n > 1 || (set->n == 1 &&
	    set->v[0].addr.port_lo != set->v[0].addr.port_hi)) {
		diag_error(d, &args[0].pos, "'id' needs a bind line with a "
		    "single address and port");
		diag_hint(d, "split the addresses over several 'bind' lines, "
		    "each with its own id");
		return -1;
	}
	for (i = 0; i < px->binds.n; i++) {
		if (&px->binds.v[i] == set->v || px->binds.v[i].id != id)
			continue;
		diag_error(d, &args[1].pos, "bind id %u is already used in "
		    "%s '%s'", id, px->kind, px->name);
		diag_note(d, &px->binds.v[i].id_pos, "first used here");
		return -1;
	}
	set->v[0].id = id;
	set->v[0].id_pos = args[1].pos;
	return 0;
}

static int
bo_maxconn(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n; (void)d;
	return cfg_opt_uint(ctx, args, 0, BIND_INT_MAX, &SET(t)->v[0].maxconn);
}

static int
bo_backlog(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n; (void)d;
	return cfg_opt_uint(ctx, args, 1, BIND_INT_MAX, &SET(t)->v[0].backlog);
}

/* The boolean options: the row name says which field. */
static int
bo_accept_proxy(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)ctx; (void)args; (void)n; (void)d;
	SET(t)->v[0].accept_proxy = true;
	return 0;
}

static int
bo_v4v6(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)ctx; (void)args; (void)n; (void)d;
	SET(t)->v[0].v4v6 = true;
	return 0;
}

static int
bo_v6only(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)ctx; (void)args; (void)n; (void)d;
	SET(t)->v[0].v6only = true;
	return 0;
}

static int
bo_defer_accept(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)ctx; (void)args; (void)n; (void)d;
	SET(t)->v[0].defer_accept = true;
	return 0;
}

static int
bo_tfo(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	(void)ctx; (void)args; (void)n; (void)d;
	SET(t)->v[0].tfo = true;
	return 0;
}

/* SO_BINDTODEVICE takes at most IFNAMSIZ - 1 bytes. */
static int
bo_interface(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)n;
	if (bo_nonempty(ctx, args) < 0)
		return -1;
	if (args[1].len >= IFNAMSIZ) {
		diag_error(d, &args[1].pos, "'interface': name '%s' is too "
		    "long (at most %d bytes)", args[1].s, IFNAMSIZ - 1);
		return -1;
	}
	SET(t)->v[0].interface = cfg_arg_dup(ctx, &args[1]);
	return 0;
}

/* level, expose-fd, severity-output: CLI settings, not a proxy's. */
static int
bo_cli_only(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n,
    void *t, struct diag *d)
{
	(void)ctx; (void)n; (void)t;
	diag_error(d, &args[0].pos, "bind option '%s' is not allowed on a "
	    "proxy's 'bind' line", args[0].s);
	diag_hint(d, ONLY_CLI);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Options for UNIX socket addresses only */

/* HAProxy applies mode/owner options to UNIX sockets and ignores them
 * elsewhere; a silently ignored permission is worth an error. */
static int
bo_unix_only(struct cfg_ctx *ctx, const struct cfg_arg *args,
    const struct bind_set *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		if (set->v[i].addr.kind == ADDR_UNIX)
			continue;
		diag_error(ctx->d, &args[0].pos, "bind option '%s' only "
		    "applies to UNIX socket addresses", args[0].s);
		diag_note(ctx->d, &set->v[i].addr_pos, "this address is not "
		    "a UNIX socket");
		diag_hint(ctx->d, "remove '%s', or bind a path such as "
		    "'unix@/run/hapx.sock'", args[0].s);
		return -1;
	}
	return 0;
}

static int
bo_mode(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	char		*end;
	unsigned long	 v;

	(void)n;
	if (bo_unix_only(ctx, args, SET(t)) < 0)
		return -1;
	v = strtoul(args[1].s, &end, 8);
	if (args[1].len == 0 || *end != '\0' || args[1].s[0] < '0' ||
	    args[1].s[0] > '7' || v > 07777) {
		diag_error(d, &args[1].pos, "'mode': '%s' is not an octal "
		    "permission mode", args[1].s);
		diag_hint(d, "write octal digits, for example 'mode 660'");
		return -1;
	}
	SET(t)->v[0].mode = (unsigned)v;
	return 0;
}

static int
bo_uid(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	unsigned	id;

	(void)n; (void)d;
	if (bo_unix_only(ctx, args, SET(t)) < 0 ||
	    cfg_opt_uint(ctx, args, 0, UINT_MAX - 1, &id) < 0)
		return -1;
	if (strcmp(args[0].s, "uid") == 0)
		SET(t)->v[0].uid = id;
	else
		SET(t)->v[0].gid = id;
	return 0;
}

/* user/group: checked against the system now, as HAProxy does. */
static int
bo_owner(struct cfg_ctx *ctx, const struct cfg_arg *args, size_t n, void *t,
    struct diag *d)
{
	bool	user = strcmp(args[0].s, "user") == 0;

	(void)n;
	if (bo_unix_only(ctx, args, SET(t)) < 0 || bo_nonempty(ctx, args) < 0)
		return -1;
	if (!(ctx->flags & CFG_LOAD_NO_FILES) && (user ?
	    getpwnam(args[1].s) == NULL : getgrnam(args[1].s) == NULL)) {
		diag_error(d, &args[1].pos, "'%s': unknown %s '%s'", args[0].s,
		    args[0].s, args[1].s);
		diag_hint(d, "create it, or use '%s' with a number",
		    user ? "uid" : "gid");
		return -1;
	}
	if (user)
		SET(t)->v[0].user = cfg_arg_dup(ctx, &args[1]);
	else
		SET(t)->v[0].group = cfg_arg_dup(ctx, &args[1]);
	return 0;
}

#define OPT(n, a, fn, syn)	{ n, a, fn, KW_OK, NULL, syn }
#define UNS(n, a, why)		{ n, a, NULL, KW_UNSUPPORTED, why, NULL }
#define IGN(n, a, why)		{ n, a, NULL, KW_IGNORED, why, NULL }

/* Sorted by name (strcmp): cfg_opt_run() bsearches them. */
static const struct cfg_opt bind_opts[] = {
	UNS("accept-netscaler-cip", 1, "hapx does not decode NetScaler client "
	    "IP headers; use 'accept-proxy' with a PROXY protocol sender"),
	OPT("accept-proxy", 0, bo_accept_proxy, NULL),
	UNS("allow-0rtt", 0, NO_TLS),
	UNS("alpn", 1, NO_TLS),
	OPT("backlog", 1, bo_backlog, "<count>"),
	UNS("ca-file", 1, NO_TLS),
	UNS("ca-ignore-err", 1, NO_TLS),
	UNS("ca-sign-file", 1, NO_TLS),
	UNS("ca-sign-pass", 1, NO_TLS),
	UNS("ca-verify-file", 1, NO_TLS),
	UNS("ciphers", 1, NO_TLS),
	UNS("ciphersuites", 1, NO_TLS),
	UNS("crl-file", 1, NO_TLS),
	UNS("crt", 1, NO_TLS),
	UNS("crt-ignore-err", 1, NO_TLS),
	UNS("crt-list", 1, NO_TLS),
	UNS("curves", 1, NO_TLS),
	OPT("defer-accept", 0, bo_defer_accept, NULL),
	UNS("ecdhe", 1, NO_TLS),
	OPT("expose-fd", 1, bo_cli_only, "listeners"),
	UNS("force-sslv3", 0, NO_TLS),
	UNS("force-tlsv10", 0, NO_TLS),
	UNS("force-tlsv11", 0, NO_TLS),
	UNS("force-tlsv12", 0, NO_TLS),
	UNS("force-tlsv13", 0, NO_TLS),
	UNS("generate-certificates", 0, NO_TLS),
	OPT("gid", 1, bo_uid, "<gid>"),
	OPT("group", 1, bo_owner, "<group>"),
	OPT("id", 1, bo_id, "<positive integer>"),
	OPT("interface", 1, bo_interface, "<interface>"),
	OPT("level", 1, bo_cli_only, "user|operator|admin"),
	OPT("maxconn", 1, bo_maxconn, "<count>"),
	OPT("mode", 1, bo_mode, "<octal mode>"),
	UNS("mss", 1, "hapx does not set the TCP MSS; set it on the route "
	    "or with the firewall"),
	OPT("name", 1, bo_name, "<name>"),
	UNS("namespace", 1, "hapx does not support network namespaces"),
	IGN("nice", 1, "hapx does not prioritise listeners"),
	UNS("no-ca-names", 0, NO_TLS),
	UNS("no-sslv3", 0, NO_TLS),
	UNS("no-tls-tickets", 0, NO_TLS),
	UNS("no-tlsv10", 0, NO_TLS),
	UNS("no-tlsv11", 0, NO_TLS),
	UNS("no-tlsv12", 0, NO_TLS),
	UNS("no-tlsv13", 0, NO_TLS),
	UNS("npn", 1, NO_TLS),
	UNS("prefer-client-ciphers", 0, NO_TLS),
	IGN("process", 1, "hapx runs one process; every bind is served by it"),
	UNS("proto", 1, "hapx speaks HTTP/1.x or plain TCP to clients; "
	    "remove 'proto'"),
	UNS("quic-cc-algo", 1, NO_QUIC),
	UNS("quic-force-retry", 0, NO_QUIC),
	OPT("severity-output", 1, bo_cli_only, "none|number|string"),
	IGN("shards", 1, "hapx runs one listener per address"),
	UNS("ssl", 0, NO_TLS),
	UNS("ssl-max-ver", 1, NO_TLS),
	UNS("ssl-min-ver", 1, NO_TLS),
	UNS("strict-sni", 0, NO_TLS),
	UNS("tcp-ut", 1, "hapx does not set TCP_USER_TIMEOUT; rely on "
	    "'timeout client'"),
	OPT("tfo", 0, bo_tfo, NULL),
	IGN("thread", 1, "hapx serves every bind from its one event loop"),
	UNS("tls-ticket-keys", 1, NO_TLS),
	UNS("transparent", 0, "hapx cannot bind addresses that are not "
	    "local; bind a local address"),
	OPT("uid", 1, bo_uid, "<uid>"),
	OPT("user", 1, bo_owner, "<user>"),
	OPT("v4v6", 0, bo_v4v6, NULL),
	OPT("v6only", 0, bo_v6only, NULL),
	UNS("verify", 1, NO_TLS),
};

const struct cfg_opt_table cfg_bind_opts = {
	"bind", bind_opts, sizeof(bind_opts) / sizeof(bind_opts[0])
};

/* ------------------------------------------------------------------ */
/* The bind line */

/*
 * Parse the element LIST->s[OFF..OFF+LEN) of an address list into a new
 * bind_conf of the proxy.  Errors point into the list when the word was
 * written as-is (no quotes or variables shifted its bytes).
 */
static int
bind_one(struct cfg_ctx *ctx, const struct cfg_line *l,
    const struct cfg_arg *list, size_t off, size_t len, bool legacy)
{
	struct cfg_arg		 e = *list;
	struct addr_spec	 addr;
	struct bind_conf	*b;

	e.s = arena_strndup(&ctx->cfg->arena, list->s + off, len);
	e.len = len;
	if (!(list->flags & (CFG_A_QUOTED | CFG_A_EXPANDED)) &&
	    list->len == list->pos.len) {
		e.pos.col += (unsigned)off;
		e.pos.len = len > 0 ? (unsigned)len : 1;
	}
	if (len == 0) {
		diag_error(ctx->d, &e.pos, "empty address in the address list "
		    "'%s'", list->s);
		diag_hint(ctx->d, "separate addresses with single commas, "
		    "without spaces");
		return -1;
	}
	if (cfg_arg_addr(ctx, &e, ADDR_USE_BIND, &addr) < 0)
		return -1;
	b = CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->binds);
	memset(b, 0, sizeof(*b));
	b->pos = l->pos;
	b->addr = addr;
	b->addr_pos = e.pos;
	b->uid = b->gid = -1;
	b->legacy_listen = legacy;
	return 0;
}

/* Give every address of the line the options stored in the first. */
static void
bind_copy_opts(struct bind_set *set)
{
	struct addr_spec	addr;
	struct cfg_pos		pos;
	size_t			i;

	for (i = 1; i < set->n; i++) {
		addr = set->v[i].addr;
		pos = set->v[i].addr_pos;
		set->v[i] = set->v[0];
		set->v[i].addr = addr;
		set->v[i].addr_pos = pos;
	}
}

/*
 * bind ADDR[,ADDR...] [options].  cfg_model.c also calls this for the 1.x
 * "listen NAME ADDR" header, with the name as args[0]: then the line
 * starts before args[0] (at "listen").
 */
static int
kw_bind(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*list = &l->args[ctx->argi];
	bool			 legacy;
	struct bind_conf	 scratch;
	struct bind_set		 set;
	size_t			 start = ctx->px->binds.n, off, len;
	int			 rc = 0;

	(void)d;
	ctx->px->bind_lines++;
	legacy = l->pos.line != l->args[0].pos.line ||
	    l->pos.col != l->args[0].pos.col;
	if (memchr(list->s, '\0', list->len) != NULL) {
		diag_error(ctx->d, &list->pos, "address list contains a NUL "
		    "byte");
		return -1;
	}
	for (off = 0;; off += len + 1) {
		len = strcspn(list->s + off, ",");
		if (bind_one(ctx, l, list, off, len, legacy) < 0)
			rc = -1;
		if (list->s[off + len] == '\0')
			break;
	}
	set.n = ctx->px->binds.n - start;
	if (set.n > 0)
		set.v = &ctx->px->binds.v[start];
	else {
		/* Still check the options, against a throw-away bind. */
		memset(&scratch, 0, sizeof(scratch));
		set.v = &scratch;
	}
	if (cfg_opt_run(ctx, &cfg_bind_opts, l, ctx->argi + 1, &set) < 0)
		rc = -1;
	bind_copy_opts(&set);
	return rc;
}

static const struct cfg_kw bind_rows[] = {
	{ "bind", CFG_S_FE_ONLY, 1, -1, kw_bind, 0, KW_OK, 0, NULL, NULL,
	    "<address>[:<port>][,...] [<options>...]" },
};

const struct cfg_kw_table cfg_kw_bind_table = {
	bind_rows, sizeof(bind_rows) / sizeof(bind_rows[0])
};
