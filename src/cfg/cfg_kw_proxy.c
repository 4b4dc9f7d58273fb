/*
 * cfg_kw_proxy: rows and handlers for the general keywords of defaults,
 * frontend, backend and listen sections: mode, limits, timeouts, balance,
 * logging, error pages, captures, cookies, stick tables.  Handlers only
 * fill ctx->px.  What needs the whole model (stick tables named in
 * another proxy, warnings that depend on the final mode, name resolution)
 * is left to cfg_xref.c.  The "option" family is in cfg_kw_option.c, the
 * log-format checker in cfg_logfmt.c and the argument helpers in
 * cfg_pxarg.c; bind, server, ACL rules, http-*, checks and stats have
 * their own files.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg/cfg_acl_fetch.h"
#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "base/nitems.h"
#include "base/diag_codes.h"
#include "cfg/cfg_load.h"
#include "cfg/cfg_logfmt.h"
#include "cfg/cfg_pxarg.h"
#include "cfg/cfg_value.h"

#define PX_BUFSIZE	16384	/* HAProxy's default tune.bufsize */

/*
 * A list copied from a defaults section still points at the defaults'
 * array (proxy_conf_inherit copies the struct): give the proxy its own
 * copy before appending, so the defaults and its siblings are untouched.
 */
#define PX_VEC_OWN(ctx, field) do {					\
	struct proxy_conf *px_ = (ctx)->px;				\
									\
	if (px_->field.n > 0 && (px_->field.cap < px_->field.n ||	\
	    (px_->from != NULL && px_->field.v == px_->from->field.v)))	\
		px_->field.v = cfg_vec_grow(&(ctx)->cfg->arena,		\
		    px_->field.v, px_->field.n, &px_->field.cap,	\
		    sizeof(*px_->field.v));				\
} while (0)

/* ------------------------------------------------------------------ */
/* Simple values */

static int
kw_mode(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	static const char *const	 modes[] = { "tcp", "http" };
	const struct cfg_arg		*a = &l->args[ctx->argi];
	int				 i;

	if (strcmp(a->s, "health") == 0) {
		diag_error(d, &a->pos, "'mode health' is not supported by "
		    "hapx");
		diag_hint(d, "HAProxy 2.x removed it too: in a 'mode http' "
		    "section, answer probes with 'http-request return status "
		    "200'");
		return -1;
	}
	if ((i = cfg_pxarg_pick(ctx, a, modes, nitems(modes), "mode")) < 0)
		return -1;
	ctx->px->mode = i == 0 ? CFG_MODE_TCP : CFG_MODE_HTTP;
	return 0;
}

/* An unsigned 32-bit field at .offset; MIN is 0 or 1. */
static int
px_set_uint(struct cfg_ctx *ctx, const struct cfg_line *l, unsigned min)
{
	unsigned	*p = (unsigned *)((char *)ctx->px + ctx->kw->offset);
	unsigned	 v;

	if (cfg_pxarg_uint(ctx, &l->args[ctx->argi], min, INT_MAX, &v) < 0)
		return -1;
	*p = v;
	return 0;
}

static int
kw_uint0(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	return px_set_uint(ctx, l, 0);
}

static int
kw_uint1(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	return px_set_uint(ctx, l, 1);
}

/* A time field (uint32_t ms) at .offset; a bare number is in seconds. */
static int
kw_time_s(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	uint32_t	*p = (uint32_t *)((char *)ctx->px + ctx->kw->offset);

	(void)d;
	return cfg_pxarg_time(ctx, &l->args[ctx->argi], CFG_TU_S, p);
}

/* The same with milliseconds as the bare unit. */
static int
kw_time_ms(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	uint32_t	*p = (uint32_t *)((char *)ctx->px + ctx->kw->offset);

	(void)d;
	return cfg_pxarg_time(ctx, &l->args[ctx->argi], CFG_TU_MS, p);
}

/* A header name (const char * at .offset). */
static int
kw_header_name(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const char	**p = (const char **)((char *)ctx->px +
			    ctx->kw->offset);
	const struct cfg_arg *a = &l->args[ctx->argi];

	(void)d;
	if (cfg_pxarg_token(ctx, a, "header name") < 0)
		return -1;
	*p = cfg_arg_dup(ctx, a);
	return 0;
}

/* "load-server-state-from-file global|local|none" (state_file.c reads
 * the file when the engine starts). */
static int
kw_state_load(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	static const struct {
		const char		*word;
		enum srv_state_load	 v;
	} words[] = {
		{ "global", SRV_STATE_GLOBAL },
		{ "local", SRV_STATE_LOCAL },
		{ "none", SRV_STATE_NONE },
	};
	const struct cfg_arg	*a = &l->args[ctx->argi];
	size_t			 i;

	for (i = 0; i < nitems(words); i++)
		if (strcmp(a->s, words[i].word) == 0) {
			ctx->px->state_load = words[i].v;
			return 0;
		}
	diag_error(d, &a->pos, "'load-server-state-from-file' expects "
	    "'global', 'local' or 'none', not '%s'", a->s);
	return -1;
}

/* "server-state-file-name [use-backend-name | FILE]": no argument and
 * use-backend-name both mean the backend's own name. */
static int
kw_state_file_name(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	(void)d;
	ctx->px->state_file_name = NULL;
	if (ctx->argi < l->nargs &&
	    strcmp(l->args[ctx->argi].s, "use-backend-name") != 0)
		ctx->px->state_file_name = cfg_arg_dup(ctx,
		    &l->args[ctx->argi]);
	return 0;
}

/* Proxy ids are unique among all proxies (HAProxy's used_proxy_id). */
static int
kw_id(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	const struct proxy_conf	*p;
	unsigned		 id;

	if (cfg_pxarg_uint(ctx, a, 1, INT_MAX, &id) < 0)
		return -1;
	for (p = ctx->cfg->proxies; p != NULL; p = p->next) {
		if (p == ctx->px || p->id != id)
			continue;
		diag_error(d, &a->pos, "'id': %u is already the id of %s '%s'",
		    id, p->kind, p->name);
		diag_note(d, &p->id_pos, "'%s' takes id %u here", p->name, id);
		diag_hint(d, "proxy ids must be unique; remove one of them to "
		    "let hapx number the proxy itself");
		return -1;
	}
	ctx->px->id = id;
	ctx->px->id_pos = a->pos;
	return 0;
}

static int
kw_description(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	ctx->px->description = cfg_pxarg_join(ctx, l, ctx->argi);
	return 0;
}

/* "disabled" and "enabled". */
static int
kw_disabled(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)l;
	(void)d;
	ctx->px->disabled = strcmp(ctx->kw->name, "disabled") == 0;
	return 0;
}

/* -1 (the default) means no limit. */
static int
kw_max_ka_queue(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	int	v;

	(void)d;
	if (cfg_pxarg_int(ctx, &l->args[ctx->argi], -1, INT_MAX, &v) < 0)
		return -1;
	ctx->px->max_keepalive_queue_set = v >= 0;
	ctx->px->max_keepalive_queue = v >= 0 ? (unsigned)v : 0;
	return 0;
}

static int
kw_hash_balance_factor(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	unsigned		 v;

	if (cfg_pxarg_uint(ctx, a, 0, 65535, &v) < 0)
		return -1;
	if (v != 0 && v <= 100) {
		diag_error(d, &a->pos, "'hash-balance-factor' must be 0 or "
		    "more than 100, not %u", v);
		diag_hint(d, "it is a percentage of the average load a server "
		    "may take (e.g. 150); 0 turns it off");
		return -1;
	}
	ctx->px->hash_balance_factor = v;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Timeouts: .offset is the PXT_* index */

static const char *const px_timeout_names[PXT_COUNT] = {
	[PXT_CLIENT] = "client", [PXT_CLIENT_FIN] = "client-fin",
	[PXT_CONNECT] = "connect", [PXT_SERVER] = "server",
	[PXT_SERVER_FIN] = "server-fin", [PXT_QUEUE] = "queue",
	[PXT_TARPIT] = "tarpit", [PXT_TUNNEL] = "tunnel",
	[PXT_HTTP_REQUEST] = "http-request",
	[PXT_HTTP_KEEP_ALIVE] = "http-keep-alive", [PXT_CHECK] = "check",
};

/* HAProxy warns when a section sets a timeout twice: the first is lost. */
static void
px_timeout_twice(struct cfg_ctx *ctx, const struct cfg_line *l, size_t t)
{
	const struct proxy_conf	*px = ctx->px;
	uint32_t		 inherited = px->from != NULL ?
				    px->from->timeout[t] : CFG_UNSET;

	if (px->timeout[t] == inherited)
		return;
	diag_warn(ctx->d, &l->args[0].pos, "'timeout %s' is set twice in "
	    "this section; the last value wins", px_timeout_names[t]);
	diag_note(ctx->d, &px->timeout_pos[t], "first set here");
}

static int
kw_timeout(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	size_t		t = ctx->kw->offset;
	uint32_t	ms;

	(void)d;
	if (cfg_pxarg_time(ctx, &l->args[ctx->argi], CFG_TU_MS, &ms) < 0)
		return -1;
	px_timeout_twice(ctx, l, t);
	ctx->px->timeout[t] = ms;
	ctx->px->timeout_pos[t] = l->pos;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Load balancing */

typedef int px_lb_args_fn(struct cfg_ctx *, const struct cfg_line *,
    size_t);

/* Algorithms without parameters ("balance source"). */
static int
px_lb_none(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i)
{
	const char	*algo = l->args[ctx->argi].s;

	if (i >= l->nargs)
		return 0;
	diag_error(ctx->d, &l->args[i].pos, "'balance %s' takes no "
	    "parameter, got '%s'", algo, l->args[i].s);
	if (ctx->px->balance == LB_RANDOM && isdigit((unsigned char)
	    l->args[i].s[0]))
		diag_hint(ctx->d, "the number of draws goes in parentheses: "
		    "'balance random(%s)'", l->args[i].s);
	else
		diag_hint(ctx->d, "remove '%s'", l->args[i].s);
	return -1;
}

/* "uri [len N] [depth N] [whole] [path-only]". */
static int
px_lb_uri(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i)
{
	static const char *const params[] = { "len", "depth", "whole",
		"path-only" };
	struct lb_params	*lb = &ctx->px->lb;
	int			 p;

	for (; i < l->nargs; i++) {
		if ((p = cfg_pxarg_pick(ctx, &l->args[i], params,
		    nitems(params), "'uri' parameter")) < 0)
			return -1;
		if (p == 2 || p == 3) {
			*(p == 2 ? &lb->uri_whole : &lb->uri_path_only) = true;
			continue;
		}
		if (i + 1 >= l->nargs) {
			diag_error(ctx->d, &l->args[i].pos, "'balance uri %s' "
			    "needs a number", params[p]);
			return -1;
		}
		if (cfg_pxarg_uint(ctx, &l->args[++i], 1, INT_MAX, p == 0 ?
		    &lb->uri_len : &lb->uri_depth) < 0)
			return -1;
	}
	return 0;
}

/* "url_param NAME [check_post [MAX_WAIT]]". */
static int
px_lb_url_param(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i)
{
	const struct cfg_arg	*post;

	if (i >= l->nargs) {
		diag_error(ctx->d, &l->args[ctx->argi].pos, "'balance "
		    "url_param' needs a parameter name");
		diag_hint(ctx->d, "syntax: balance url_param <param> "
		    "[check_post]");
		return -1;
	}
	ctx->px->balance_arg = cfg_arg_dup(ctx, &l->args[i++]);
	if (i >= l->nargs)
		return 0;
	if (strcmp(l->args[i].s, "check_post") != 0) {
		diag_error(ctx->d, &l->args[i].pos, "'balance url_param': "
		    "unknown modifier '%s'", l->args[i].s);
		diag_hint(ctx->d, "the only modifier is 'check_post'");
		return -1;
	}
	post = &l->args[i];
	/* 1.x took a maximum wait size here; 2.x ignores it. */
	if (++i < l->nargs && isdigit((unsigned char)l->args[i].s[0]) &&
	    i + 1 == l->nargs) {
		diag_warn(ctx->d, &l->args[i].pos, "'balance url_param': the "
		    "size '%s' after 'check_post' is ignored", l->args[i].s);
		diag_hint(ctx->d, "HAProxy 2.x ignores it too; remove it");
	} else if (i < l->nargs) {
		if (isdigit((unsigned char)l->args[i].s[0]))
			i++;
		diag_error(ctx->d, &l->args[i].pos, "'balance url_param': "
		    "unexpected '%s'", l->args[i].s);
		diag_hint(ctx->d, "syntax: balance url_param <param> "
		    "[check_post]");
		return -1;
	}
	/* The server is chosen before the request body arrives. */
	diag_error(ctx->d, &post->pos, "'balance url_param': 'check_post' is "
	    "not supported by hapx");
	diag_hint(ctx->d, "hapx looks for the parameter in the query string "
	    "only; pass it there, or remove 'check_post'");
	return -1;
}

/* "hdr(NAME) [use_domain_only]". */
static int
px_lb_hdr(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i)
{
	if (i >= l->nargs)
		return 0;
	if (strcmp(l->args[i].s, "use_domain_only") != 0) {
		diag_error(ctx->d, &l->args[i].pos, "'balance hdr': unknown "
		    "modifier '%s'", l->args[i].s);
		diag_hint(ctx->d, "the only modifier is 'use_domain_only'");
		return -1;
	}
	ctx->px->lb.use_domain_only = true;
	return px_lb_none(ctx, l, i + 1);
}

struct px_lb_algo {
	const char	*name;
	enum lb_algo	 algo;
	int		 paren;	/* 0 never, 1 optional, 2 required */
	px_lb_args_fn	*args;
};

static const struct px_lb_algo px_lb_algos[] = {
	{ "roundrobin",	LB_ROUNDROBIN,	0, px_lb_none },
	{ "static-rr",	LB_STATIC_RR,	0, px_lb_none },
	{ "leastconn",	LB_LEASTCONN,	0, px_lb_none },
	{ "first",	LB_FIRST,	0, px_lb_none },
	{ "source",	LB_SOURCE,	0, px_lb_none },
	{ "uri",	LB_URI,		0, px_lb_uri },
	{ "url_param",	LB_URL_PARAM,	0, px_lb_url_param },
	{ "hdr",	LB_HDR,		2, px_lb_hdr },
	{ "random",	LB_RANDOM,	1, px_lb_none },
	{ "rdp-cookie",	LB_RDP_COOKIE,	1, px_lb_none },
};

static const struct px_lb_algo *
px_lb_find(struct cfg_ctx *ctx, const struct cfg_arg *a, size_t n)
{
	const char	*names[nitems(px_lb_algos)];
	char		 word[32];
	size_t		 i;

	for (i = 0; i < nitems(px_lb_algos); i++) {
		names[i] = px_lb_algos[i].name;
		if (strlen(names[i]) == n && strncmp(a->s, names[i], n) == 0)
			return &px_lb_algos[i];
	}
	snprintf(word, sizeof(word), "%.*s", (int)n, a->s);
	if (strcmp(word, "hash") == 0) {
		diag_error(ctx->d, &a->pos, "'balance hash' is not supported "
		    "by hapx");
		diag_hint(ctx->d, "hapx does not evaluate sample expressions "
		    "here; use 'source', 'uri', 'url_param <name>' or "
		    "'hdr(<name>)'");
		return NULL;
	}
	diag_error(ctx->d, &a->pos, "'balance': unknown algorithm '%s'", word);
	cfg_pxarg_suggest(ctx, word, names, nitems(names));
	return NULL;
}

/* The "(...)" part of hdr(NAME), random(N), rdp-cookie(NAME). */
static int
px_lb_paren(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const struct px_lb_algo *alg, size_t n)
{
	const char	*in = a->s + n + 1;
	size_t		 inlen;
	char		 num[32], err[128];
	unsigned long	 v;

	if (a->s[n] == '\0') {
		if (alg->paren < 2)
			return 0;
		diag_error(ctx->d, &a->pos, "'balance %s' needs a header name",
		    alg->name);
		diag_hint(ctx->d, "write 'balance hdr(<name>)', e.g. "
		    "'balance hdr(Host)'");
		return -1;
	}
	inlen = a->len >= n + 2 ? a->len - n - 2 : 0;
	if (alg->paren == 0 || a->s[a->len - 1] != ')' || inlen == 0 ||
	    memchr(in, ')', inlen) != NULL) {
		diag_error(ctx->d, &a->pos, "'balance': malformed algorithm "
		    "'%s'", a->s);
		if (alg->paren)
			diag_hint(ctx->d, "write '%s(%s)'", alg->name,
			    alg->algo == LB_RANDOM ? "<draws>" : "<name>");
		else
			diag_hint(ctx->d, "'%s' takes no argument in "
			    "parentheses", alg->name);
		return -1;
	}
	if (alg->algo != LB_RANDOM) {
		ctx->px->balance_arg = arena_strndup(&ctx->cfg->arena, in,
		    inlen);
		return 0;
	}
	snprintf(num, sizeof(num), "%.*s", (int)inlen, in);
	if (cfg_value_uint(num, 1, INT_MAX, &v, err, sizeof(err)) < 0) {
		diag_error(ctx->d, &a->pos, "'balance random': '%s' is not a "
		    "number of draws", num);
		diag_hint(ctx->d, "write 'random(<n>)' with n >= 1; the "
		    "default is 2");
		return -1;
	}
	ctx->px->lb.draws = (unsigned)v;
	return 0;
}

static int
kw_balance(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a;
	const struct px_lb_algo	*alg;
	size_t			 n;

	/* HAProxy takes a bare "balance" silently and keeps the algorithm. */
	if (l->nargs <= ctx->argi) {
		diag_warn(d, &l->args[0].pos, "'balance' without an algorithm "
		    "has no effect");
		diag_hint(d, "write the algorithm, e.g. 'balance roundrobin' "
		    "(the default), or remove the line");
		return 0;
	}
	a = &l->args[ctx->argi];
	n = strcspn(a->s, "(");
	if ((alg = px_lb_find(ctx, a, n)) == NULL)
		return -1;
	memset(&ctx->px->lb, 0, sizeof(ctx->px->lb));
	ctx->px->lb.pos = a->pos;
	ctx->px->balance = alg->algo;
	ctx->px->balance_arg = NULL;
	if (px_lb_paren(ctx, a, alg, n) < 0)
		return -1;
	return alg->args(ctx, l, ctx->argi + 1);
}

static int
kw_hash_type(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	static const char *const	methods[] = { "map-based",
					    "consistent" };
	static const char *const	fns[] = { "sdbm", "djb2", "wt6",
					    "crc32" };
	static const char *const	mods[] = { "avalanche" };
	int				m, f = 0;
	size_t				i = ctx->argi;

	if ((m = cfg_pxarg_pick(ctx, &l->args[i], methods, nitems(methods),
	    "hash method")) < 0)
		return -1;
	if (++i < l->nargs && (f = cfg_pxarg_pick(ctx, &l->args[i], fns,
	    nitems(fns), "hash function")) < 0)
		return -1;
	if (++i < l->nargs && cfg_pxarg_pick(ctx, &l->args[i], mods,
	    nitems(mods), "hash modifier") < 0)
		return -1;
	ctx->px->hash_method = m == 0 ? HASH_MAP_BASED : HASH_CONSISTENT;
	ctx->px->hash_fn = (enum hash_fn)f;
	ctx->px->hash_avalanche = i < l->nargs;
	if (ctx->argi + 1 < l->nargs) {
		diag_warn(d, &l->args[ctx->argi + 1].pos, "'hash-type': the "
		    "hash function has no effect in hapx");
		diag_code(d, LINT_IGNORED);
		diag_hint(d, "hapx hashes keys with its own function (always "
		    "avalanched); only 'map-based' or 'consistent' matters");
	}
	return 0;
}

static const char *const px_retry_names[] = {
	"none", "conn-failure", "empty-response", "junk-response",
	"response-timeout", "0rtt-rejected", "401", "403", "404", "408",
	"425", "500", "501", "502", "503", "504", "all-retryable-errors",
};
static const unsigned px_retry_bits[] = {
	0, PXR_CONN_FAILURE, PXR_EMPTY_RESPONSE, PXR_JUNK_RESPONSE,
	PXR_RESPONSE_TIMEOUT, PXR_0RTT_REJECTED, PXR_401, PXR_403, PXR_404,
	PXR_408, PXR_425, PXR_500, PXR_501, PXR_502, PXR_503, PXR_504,
	PXR_CONN_FAILURE | PXR_EMPTY_RESPONSE | PXR_JUNK_RESPONSE |
	    PXR_RESPONSE_TIMEOUT | PXR_0RTT_REJECTED | PXR_500 | PXR_502 |
	    PXR_503 | PXR_504,
};

/* "retry-on KW...": replaces the previous list, as in HAProxy. */
static int
kw_retry_on(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*bad = NULL;
	unsigned	bits = 0;
	size_t		i;
	int		k;

	for (i = ctx->argi; i < l->nargs; i++) {
		if ((k = cfg_pxarg_pick(ctx, &l->args[i], px_retry_names,
		    nitems(px_retry_names), "event")) < 0)
			return -1;
		if (k == 0 && l->nargs - ctx->argi > 1) {
			diag_error(d, &l->args[i].pos, "'retry-on': 'none' "
			    "cannot be combined with other events");
			diag_hint(d, "write 'retry-on none' alone to disable "
			    "retries of sent requests");
			return -1;
		}
		/* Replaying a request already sent needs it kept whole;
		 * hapx only retries connections (0-RTT needs TLS). */
		if ((px_retry_bits[k] & ~(PXR_CONN_FAILURE |
		    PXR_0RTT_REJECTED)) && bad == NULL)
			bad = &l->args[i];
		bits |= px_retry_bits[k];
	}
	if (bad != NULL) {
		diag_error(d, &bad->pos, "'retry-on': retrying on '%s' is not "
		    "supported by hapx", bad->s);
		diag_hint(d, "hapx retries only when the connection to the "
		    "server fails: use 'retry-on conn-failure' (the default) "
		    "or 'retry-on none'");
		return -1;
	}
	ctx->px->retry_on = bits;
	ctx->px->retry_on_set = true;
	return 0;
}

static int
kw_http_reuse(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	static const char *const	modes[] = { "never", "safe",
					    "aggressive", "always" };
	int				m;

	(void)d;
	if ((m = cfg_pxarg_pick(ctx, &l->args[ctx->argi], modes,
	    nitems(modes), "mode")) < 0)
		return -1;
	ctx->px->http_reuse = (enum http_reuse)(REUSE_NEVER + m);
	return 0;
}

/* "dispatch ADDR:PORT": the 1.x single-server backend. */
static int
kw_dispatch(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	struct addr_spec	 s;

	if (cfg_arg_addr(ctx, a, ADDR_USE_SERVER, &s) < 0)
		return -1;
	if (s.kind == ADDR_INET && (!s.has_port || s.port_relative ||
	    s.port_lo == 0)) {
		diag_error(d, &a->pos, "'dispatch': '%s' needs a port", a->s);
		diag_hint(d, "syntax: dispatch <address>:<port>");
		return -1;
	}
	ctx->px->dispatch = s;
	ctx->px->dispatch_pos = a->pos;
	ctx->px->has_dispatch = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Logging */

/* "log global", "log TARGET ... FACILITY [LEVEL [MINLEVEL]]", "no log". */
static int
kw_log(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct proxy_conf	*px = ctx->px;
	struct log_conf		 lc;

	if (ctx->reset || (ctx->negate && l->nargs > ctx->argi)) {
		diag_error(d, &l->args[0].pos, ctx->reset ? "'default log' "
		    "is not a setting" : "'no log' takes no argument");
		diag_hint(d, "'no log' alone drops the log targets inherited "
		    "from defaults");
		return -1;
	}
	if (ctx->negate) {
		px->logs.v = NULL;
		px->logs.n = px->logs.cap = 0;
		px->log_global = false;
		return 0;
	}
	if (l->nargs <= ctx->argi) {
		diag_error(d, &l->args[0].pos, "'log' needs 'global' or a "
		    "target and a facility");
		cfg_pxarg_syntax_hint(ctx);
		return -1;
	}
	if (strcmp(l->args[ctx->argi].s, "global") == 0) {
		if (l->nargs > ctx->argi + 1) {
			diag_error(d, &l->args[ctx->argi + 1].pos, "'log "
			    "global' takes no other argument");
			diag_hint(d, "the global section's log lines say where "
			    "and how to log; remove '%s'",
			    l->args[ctx->argi + 1].s);
			return -1;
		}
		px->log_global = true;
		return 0;
	}
	memset(&lc, 0, sizeof(lc));
	lc.pos = l->args[ctx->argi].pos;
	if (cfg_log_parse(ctx, l, ctx->argi, &lc) < 0)
		return -1;
	PX_VEC_OWN(ctx, logs);
	*CFG_VEC_PUSH(&ctx->cfg->arena, px->logs) = lc;
	return 0;
}

/* "log-format STR": replaces option httplog/tcplog. */
static int
kw_log_format(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	if (cfg_logfmt_parse(ctx, &l->args[ctx->argi],
	    &ctx->px->log_format) < 0)
		return -1;
	ctx->px->opts &= ~(PXO_BIT(PXO_HTTPLOG) | PXO_BIT(PXO_TCPLOG));
	ctx->px->httplog_clf = false;
	return 0;
}

static int
kw_unique_id_format(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	(void)d;
	return cfg_logfmt_parse(ctx, &l->args[ctx->argi],
	    &ctx->px->unique_id_format);
}

/* ------------------------------------------------------------------ */
/* Error pages */

static const char *const px_err_codes[] = {
	"200", "400", "401", "403", "404", "405", "407", "408", "410", "413",
	"425", "429", "500", "501", "502", "503", "504",
};

static int
px_err_code(struct cfg_ctx *ctx, const struct cfg_arg *a, int *code)
{
	size_t	i;
	char	buf[160];

	for (i = 0; i < nitems(px_err_codes); i++)
		if (strcmp(a->s, px_err_codes[i]) == 0) {
			*code = atoi(a->s);
			return 0;
		}
	diag_error(ctx->d, &a->pos, "'%s': status code '%s' has no error page "
	    "to replace", ctx->kw->name, a->s);
	diag_hint(ctx->d, "the codes are %s", cfg_pxarg_list(px_err_codes,
	    nitems(px_err_codes), "and", buf, sizeof(buf)));
	return -1;
}

/* Whether the headers of an HTTP message end (an empty line). */
static bool
px_has_blank_line(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] != '\n')
			continue;
		if (s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < len &&
		    s[i + 2] == '\n'))
			return true;
	}
	return false;
}

/* The file must be a whole HTTP response: HAProxy 2.6 parses it at
 * start-up (http_load_errorfile -> http_str_to_htx) and refuses one it
 * cannot parse ("unable to parse headers"), so this is an error, not a
 * warning.  An empty file is allowed (the connection is closed without a
 * response). */
static int
px_errorfile_check(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const struct errorfile_conf *ef)
{
	if (ef->content_len == 0)
		return 0;
	if (ef->content_len < 5 || memcmp(ef->content, "HTTP/", 5) != 0) {
		diag_error(ctx->d, &a->pos, "'errorfile': '%s' does not start "
		    "with an HTTP status line", a->s);
		diag_hint(ctx->d, "HAProxy refuses it (\"unable to parse "
		    "headers\"): write a complete response ('HTTP/1.0 503 "
		    "Service Unavailable', headers, an empty line, the body)");
		return -1;
	}
	if (!px_has_blank_line(ef->content, ef->content_len)) {
		diag_error(ctx->d, &a->pos, "'errorfile': the headers in '%s' "
		    "do not end with an empty line", a->s);
		diag_hint(ctx->d, "add an empty line after the last header, "
		    "then the body (if any)");
		return -1;
	}
	return 0;
}

/* The largest page: tune.bufsize - tune.maxrewrite (doc "errorfile"). */
static size_t
px_errorfile_max(const struct cfg_ctx *ctx)
{
	const struct global_conf	*g = &ctx->cfg->global;
	size_t				 b = PX_BUFSIZE, r;

	if (g->tune_bufsize != CFG_UNSET && g->tune_bufsize != 0)
		b = g->tune_bufsize;
	r = b / 2 < 1024 ? b / 2 : 1024;
	if (g->tune_maxrewrite != CFG_UNSET && g->tune_maxrewrite < b)
		r = g->tune_maxrewrite;
	return b - r;
}

/* Read the error file now, so a missing one is reported at its line.
 * Not only regular files: "errorfile 408 /dev/null" is documented. */
static int
px_errorfile_load(struct cfg_ctx *ctx, const struct cfg_arg *a,
    struct errorfile_conf *ef)
{
	struct stat	 st;
	size_t		 max = px_errorfile_max(ctx), n = 0;
	char		*buf, err[160];
	ssize_t		 r = 0;
	int		 fd;

	if ((fd = open(a->s, O_RDONLY)) == -1) {
		diag_error(ctx->d, &a->pos, "'errorfile': cannot open '%s': %s",
		    a->s, strerror(errno));
		diag_hint(ctx->d, "HAProxy refuses to start without it too; a "
		    "relative path is taken from the current directory");
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		diag_error(ctx->d, &a->pos, "'errorfile': '%s' is a directory",
		    a->s);
		diag_hint(ctx->d, "give the path of a file that holds a "
		    "complete HTTP response");
		return -1;
	}
	buf = arena_alloc(&ctx->cfg->arena, max + 2);
	while (n <= max && (r = read(fd, buf + n, max + 1 - n)) > 0)
		n += (size_t)r;
	if (r < 0)
		snprintf(err, sizeof(err), "cannot read '%s': %s", a->s,
		    strerror(errno));
	close(fd);
	if (r < 0)
		return cfg_pxarg_bad(ctx, a, err);
	if (n > max) {
		diag_error(ctx->d, &a->pos, "'errorfile': '%s' is larger than "
		    "tune.bufsize minus tune.maxrewrite (%zu bytes)", a->s,
		    max);
		diag_hint(ctx->d, "an error page is sent from one buffer: "
		    "shorten it, or raise tune.bufsize in the global section");
		return -1;
	}
	ef->content = buf;
	ef->content_len = n;
	return px_errorfile_check(ctx, a, ef);
}

/* The last page set for a status wins; errorfile and errorloc share them. */
static void
px_errorfile_add(struct cfg_ctx *ctx, const struct errorfile_conf *ef)
{
	struct proxy_conf	*px = ctx->px;
	unsigned		 i;

	PX_VEC_OWN(ctx, errorfiles);
	for (i = 0; i < px->errorfiles.n; i++)
		if (px->errorfiles.v[i].status == ef->status) {
			px->errorfiles.v[i] = *ef;
			return;
		}
	*CFG_VEC_PUSH(&ctx->cfg->arena, px->errorfiles) = *ef;
}

static int
kw_errorfile(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct errorfile_conf	ef;
	const struct cfg_arg	*file = &l->args[ctx->argi + 1];

	(void)d;
	memset(&ef, 0, sizeof(ef));
	ef.pos = l->pos;
	if (px_err_code(ctx, &l->args[ctx->argi], &ef.status) < 0)
		return -1;
	ef.path = cfg_arg_dup(ctx, file);
	if (!(ctx->flags & CFG_LOAD_NO_FILES) &&
	    px_errorfile_load(ctx, file, &ef) < 0)
		return -1;
	px_errorfile_add(ctx, &ef);
	return 0;
}

/* "errorloc", "errorloc302" (the same) and "errorloc303". */
static int
kw_errorloc(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct errorfile_conf	ef;

	(void)d;
	memset(&ef, 0, sizeof(ef));
	ef.pos = l->pos;
	if (px_err_code(ctx, &l->args[ctx->argi], &ef.status) < 0)
		return -1;
	ef.path = cfg_arg_dup(ctx, &l->args[ctx->argi + 1]);
	ef.loc_code = strcmp(ctx->kw->name, "errorloc303") == 0 ? 303 : 302;
	px_errorfile_add(ctx, &ef);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Captures, monitoring */

/* A cookie name to capture: a token, maybe ending with '=' (exact name). */
static int
px_capture_cookie_name(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	struct cfg_arg	 b = *a;

	if (b.len > 1 && b.s[b.len - 1] == '=') {
		b.s = arena_strndup(&ctx->cfg->arena, a->s, a->len - 1);
		b.len--;
	}
	return cfg_pxarg_token(ctx, &b, "cookie name");
}

/* "cookie NAME", "request header NAME" or "response header NAME" at *I. */
static int
px_capture_what(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct capture_conf *c)
{
	static const char *const what[] = { "cookie", "request", "response" };
	int			 w;

	if ((w = cfg_pxarg_pick(ctx, &l->args[*i], what, nitems(what),
	    "capture")) < 0)
		return -1;
	c->cookie = w == 0;
	c->response = w == 2;
	if (w > 0 && (*i + 1 >= l->nargs ||
	    strcmp(l->args[*i + 1].s, "header") != 0)) {
		diag_error(ctx->d, &l->args[*i + 1 < l->nargs ? *i + 1 :
		    *i].pos, "'capture %s' needs 'header <name> len "
		    "<length>'", what[w]);
		cfg_pxarg_syntax_hint(ctx);
		return -1;
	}
	if (w > 0)
		++*i;
	if (++*i >= l->nargs) {
		diag_error(ctx->d, &l->args[*i - 1].pos, "'capture': missing "
		    "%s name", c->cookie ? "cookie" : "header");
		cfg_pxarg_syntax_hint(ctx);
		return -1;
	}
	c->name = cfg_arg_dup(ctx, &l->args[*i]);
	if (c->cookie)
		return px_capture_cookie_name(ctx, &l->args[*i]);
	return cfg_pxarg_token(ctx, &l->args[*i], "header name");
}

/* Only one cookie capture per frontend: the last one is used. */
static void
px_capture_cookie_twice(struct cfg_ctx *ctx, const struct capture_conf *c)
{
	struct proxy_conf	*px = ctx->px;
	unsigned		 i;

	for (i = 0; i < px->captures.n; i++) {
		if (!px->captures.v[i].cookie)
			continue;
		diag_warn(ctx->d, &c->pos, "a frontend captures only one "
		    "cookie: this 'capture cookie' replaces the previous one");
		diag_note(ctx->d, &px->captures.v[i].pos, "previous 'capture "
		    "cookie' here");
		px->captures.v[i] = *c;
		return;
	}
	*CFG_VEC_PUSH(&ctx->cfg->arena, px->captures) = *c;
}

static int
kw_capture(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct capture_conf	c;
	size_t			i = ctx->argi;

	memset(&c, 0, sizeof(c));
	c.pos = l->pos;
	if (px_capture_what(ctx, l, &i, &c) < 0)
		return -1;
	if (i + 2 >= l->nargs || strcmp(l->args[i + 1].s, "len") != 0) {
		diag_error(d, &l->args[i + 1 < l->nargs ? i + 1 : i].pos,
		    "'capture': expected 'len <length>' after the name");
		cfg_pxarg_syntax_hint(ctx);
		return -1;
	}
	if (i + 3 < l->nargs) {
		diag_error(d, &l->args[i + 3].pos, "too many arguments for "
		    "'capture': unexpected '%s'", l->args[i + 3].s);
		cfg_pxarg_syntax_hint(ctx);
		return -1;
	}
	if (cfg_pxarg_uint(ctx, &l->args[i + 2], 1, 65535, &c.len) < 0)
		return -1;
	PX_VEC_OWN(ctx, captures);
	if (c.cookie)
		px_capture_cookie_twice(ctx, &c);
	else
		*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->captures) = c;
	return 0;
}

/* 1.x "monitor-net NET": answer monitoring connections from NET. */
static int
kw_monitor_net(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct net_conf	n;

	(void)d;
	if (cfg_pxarg_net(ctx, &l->args[ctx->argi], &n) < 0)
		return -1;
	PX_VEC_OWN(ctx, monitor_nets);
	*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->monitor_nets) = n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Persistence cookie */

struct px_cookie_flag {
	const char	*name;
	size_t		 off;	/* bool in struct cookie_conf */
};

static const struct px_cookie_flag px_cookie_flags[] = {
	{ "dynamic",	offsetof(struct cookie_conf, dynamic) },
	{ "httponly",	offsetof(struct cookie_conf, httponly) },
	{ "indirect",	offsetof(struct cookie_conf, indirect) },
	{ "insert",	offsetof(struct cookie_conf, insert) },
	{ "nocache",	offsetof(struct cookie_conf, nocache) },
	{ "postonly",	offsetof(struct cookie_conf, postonly) },
	{ "prefix",	offsetof(struct cookie_conf, prefix) },
	{ "preserve",	offsetof(struct cookie_conf, preserve) },
	{ "rewrite",	offsetof(struct cookie_conf, rewrite) },
	{ "secure",	offsetof(struct cookie_conf, secure) },
};

static const char *const px_cookie_words[] = {
	"dynamic", "httponly", "indirect", "insert", "nocache", "postonly",
	"prefix", "preserve", "rewrite", "secure", "attr", "domain",
	"maxidle", "maxlife",
};

/* A "cookie" line being read; mode is the rewrite/insert/prefix word,
 * maxage the first maxidle/maxlife. */
struct px_cookie {
	struct cookie_conf	 c;
	const struct cfg_arg	*mode;
	const struct cfg_arg	*preserve;
	const struct cfg_arg	*maxage;
};

/* "attr" values end up in Set-Cookie: no control characters, no ';'. */
static int
px_cookie_attr(struct cfg_ctx *ctx, const struct cfg_arg *v)
{
	struct cfg_pos	pos;
	size_t		i;

	for (i = 0; i < v->len; i++) {
		unsigned char	c = (unsigned char)v->s[i];

		if (c >= 0x20 && c != 0x7f && c != ';')
			continue;
		pos = cfg_arg_subpos(v, i, 1);
		diag_error(ctx->d, &pos, "'cookie': %s is not allowed in an "
		    "attribute value", c == ';' ? "';'" : "a control "
		    "character");
		diag_hint(ctx->d, "give each attribute its own 'attr', e.g. "
		    "'attr SameSite=Strict'");
		return -1;
	}
	return 0;
}

/* "domain D", "attr A", "maxidle T", "maxlife T" at *I. */
static int
px_cookie_value(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct px_cookie *k)
{
	const struct cfg_arg	*w = &l->args[*i], *v;

	if (*i + 1 >= l->nargs) {
		diag_error(ctx->d, &w->pos, "'cookie %s' needs a value", w->s);
		cfg_pxarg_syntax_hint(ctx);
		return -1;
	}
	v = &l->args[++*i];
	if (strcmp(w->s, "domain") == 0) {
		*CFG_VEC_PUSH(&ctx->cfg->arena, k->c.domains) =
		    cfg_arg_dup(ctx, v);
		return 0;
	}
	if (strcmp(w->s, "attr") == 0) {
		if (px_cookie_attr(ctx, v) < 0)
			return -1;
		*CFG_VEC_PUSH(&ctx->cfg->arena, k->c.attrs) =
		    cfg_arg_dup(ctx, v);
		return 0;
	}
	if (k->maxage == NULL)
		k->maxage = w;
	return cfg_pxarg_time(ctx, v, CFG_TU_S, strcmp(w->s, "maxidle") == 0 ?
	    &k->c.maxidle_ms : &k->c.maxlife_ms);
}

static bool
px_cookie_is_mode(const char *w)
{
	return strcmp(w, "insert") == 0 || strcmp(w, "rewrite") == 0 ||
	    strcmp(w, "prefix") == 0;
}

static int
px_cookie_word(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct px_cookie *k)
{
	const struct cfg_arg	*w = &l->args[*i];
	size_t			 f;

	if (strcmp(w->s, "dynamic") == 0) {
		/* Dynamic cookies are a hash of a secret key and the
		 * server's address, which hapx does not compute. */
		diag_error(ctx->d, &w->pos, "'cookie ... dynamic' is not "
		    "supported by hapx");
		diag_hint(ctx->d, "give each server its own 'cookie <value>' "
		    "and remove 'dynamic'");
		return -1;
	}
	for (f = 0; f < nitems(px_cookie_flags); f++) {
		if (strcmp(w->s, px_cookie_flags[f].name) != 0)
			continue;
		if (px_cookie_is_mode(w->s) && k->mode != NULL &&
		    strcmp(k->mode->s, w->s) != 0) {
			diag_error(ctx->d, &w->pos, "'cookie': '%s' and '%s' "
			    "exclude each other", k->mode->s, w->s);
			diag_hint(ctx->d, "choose one of 'rewrite', 'insert' "
			    "and 'prefix'");
			return -1;
		}
		if (px_cookie_is_mode(w->s))
			k->mode = w;
		if (strcmp(w->s, "preserve") == 0)
			k->preserve = w;
		*(bool *)((char *)&k->c + px_cookie_flags[f].off) = true;
		return 0;
	}
	if (strcmp(w->s, "domain") == 0 || strcmp(w->s, "attr") == 0 ||
	    strcmp(w->s, "maxidle") == 0 || strcmp(w->s, "maxlife") == 0)
		return px_cookie_value(ctx, l, i, k);
	diag_error(ctx->d, &w->pos, "'cookie': unknown option '%s'", w->s);
	cfg_pxarg_suggest(ctx, w->s, px_cookie_words,
	    nitems(px_cookie_words));
	return -1;
}

/* What HAProxy refuses or documents as pointless in combination. */
static int
px_cookie_check(struct cfg_ctx *ctx, const struct px_cookie *k)
{
	if (k->preserve != NULL && !k->c.insert && !k->c.indirect) {
		diag_error(ctx->d, &k->preserve->pos, "'cookie': 'preserve' "
		    "needs 'insert' or 'indirect'");
		diag_hint(ctx->d, "add 'insert' (or 'indirect'), or remove "
		    "'preserve'");
		return -1;
	}
	if (k->maxage != NULL && !k->c.insert) {
		diag_warn(ctx->d, &k->maxage->pos, "'cookie': '%s' only "
		    "applies to cookies inserted with 'insert'", k->maxage->s);
		diag_hint(ctx->d, "add 'insert', or remove 'maxidle' and "
		    "'maxlife'");
	}
	if (k->c.prefix && k->c.indirect) {
		diag_warn(ctx->d, &k->mode->pos, "'cookie': with 'prefix', "
		    "'indirect' keeps the server's cookie updates from "
		    "reaching clients");
		diag_hint(ctx->d, "remove 'indirect' (HAProxy's documentation "
		    "advises against this pair)");
	}
	return 0;
}

/* "cookie NAME [options]": the whole setting is replaced. */
static int
kw_cookie(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*name = &l->args[ctx->argi];
	struct px_cookie	 k;
	size_t			 i;

	(void)d;
	memset(&k, 0, sizeof(k));
	if (cfg_pxarg_token(ctx, name, "cookie name") < 0)
		return -1;
	k.c.pos = name->pos;
	k.c.name = cfg_arg_dup(ctx, name);
	k.c.maxidle_ms = k.c.maxlife_ms = CFG_UNSET;
	k.c.set = true;
	for (i = ctx->argi + 1; i < l->nargs; i++)
		if (px_cookie_word(ctx, l, &i, &k) < 0)
			return -1;
	if (px_cookie_check(ctx, &k) < 0)
		return -1;
	ctx->px->cookie = k.c;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Stick tables */

static const char *const px_st_words[] = {
	"type", "size", "expire", "srvkey", "nopurge", "peers", "store",
};

/* A part hapx leaves out: reported at its word; its value is skipped.
 * Returns -2 so that the rest of the line is still checked. */
static int
px_st_unsupported(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i)
{
	const char	*w = l->args[*i].s;

	diag_error(ctx->d, &l->args[*i].pos, "'stick-table': '%s' is not "
	    "supported by hapx", w);
	if (strcmp(w, "store") == 0)
		diag_hint(ctx->d, "hapx keeps no counters in stick tables "
		    "(no track-sc, no sc_*): remove 'store ...'");
	else if (strcmp(w, "peers") == 0)
		diag_hint(ctx->d, "hapx does not replicate tables between "
		    "processes: remove 'peers <name>'");
	else
		diag_hint(ctx->d, "hapx always drops the oldest entries of a "
		    "full table: remove 'nopurge'");
	if (strcmp(w, "nopurge") != 0 && *i + 1 < l->nargs)
		++*i;
	return -2;
}

/* "type ip|ipv6|integer|string [len N]|binary [len N]" at *I. */
static int
px_st_type(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct stick_table_conf *t)
{
	static const char *const types[] = { "ip", "ipv6", "integer",
		"string", "binary" };
	int			 k;

	if ((k = cfg_pxarg_pick(ctx, &l->args[*i], types, nitems(types),
	    "table type")) < 0)
		return -1;
	t->type = (enum stick_type)k;
	if ((t->type != STK_STRING && t->type != STK_BINARY) ||
	    *i + 1 >= l->nargs || strcmp(l->args[*i + 1].s, "len") != 0)
		return 0;
	*i += 2;
	if (*i >= l->nargs) {
		diag_error(ctx->d, &l->args[*i - 1].pos, "'stick-table': "
		    "'len' needs a number of bytes");
		return -1;
	}
	return cfg_pxarg_uint(ctx, &l->args[*i], 1, 65535, &t->key_len);
}

/* One word of a stick-table line at *I (its value follows it). */
static int
px_st_word(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct stick_table_conf *t)
{
	static const char *const srvkeys[] = { "name", "addr" };
	int			 w, k;

	if ((w = cfg_pxarg_pick(ctx, &l->args[*i], px_st_words,
	    nitems(px_st_words), "argument")) < 0)
		return -1;
	if (w >= 4)
		return px_st_unsupported(ctx, l, i);
	if (++*i >= l->nargs) {
		diag_error(ctx->d, &l->args[*i - 1].pos, "'stick-table': "
		    "'%s' needs a value", px_st_words[w]);
		cfg_pxarg_syntax_hint(ctx);
		return -1;
	}
	switch (w) {
	case 0:
		return px_st_type(ctx, l, i, t);
	case 1:
		if (cfg_pxarg_size(ctx, &l->args[*i], INT_MAX, &t->size) < 0)
			return -1;
		return t->size == 0 ? cfg_pxarg_bad(ctx, &l->args[*i],
		    "a table needs a size of at least 1 entry") : 0;
	case 2:
		return cfg_pxarg_time(ctx, &l->args[*i], CFG_TU_MS,
		    &t->expire_ms);
	default:
		if ((k = cfg_pxarg_pick(ctx, &l->args[*i], srvkeys,
		    nitems(srvkeys), "server key")) < 0)
			return -1;
		t->srvkey_addr = k == 1;
		return 0;
	}
}

static int
kw_stick_table(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct stick_table_conf	t;
	bool			has_type = false, has_size = false;
	size_t			i;
	int			r, rc = 0;

	if (ctx->px->stick_table.set) {
		diag_error(d, &l->args[0].pos, "this section already has a "
		    "stick table");
		diag_note(d, &ctx->px->stick_table.pos, "declared here");
		return -1;
	}
	memset(&t, 0, sizeof(t));
	t.pos = l->pos;
	t.key_len = 32;
	for (i = ctx->argi; i < l->nargs; i++) {
		has_type |= strcmp(l->args[i].s, "type") == 0;
		has_size |= strcmp(l->args[i].s, "size") == 0;
		if ((r = px_st_word(ctx, l, &i, &t)) == -1)
			return -1;
		if (r < 0)
			rc = -1;
	}
	if (rc == 0 && (!has_type || !has_size)) {
		diag_error(d, &l->args[0].pos, "'stick-table' needs %s",
		    !has_type ? "'type <ip|ipv6|integer|string|binary>'" :
		    "'size <entries>'");
		cfg_pxarg_syntax_hint(ctx);
		return -1;
	}
	if (rc < 0)
		return -1;
	t.set = true;
	ctx->px->stick_table = t;
	return 0;
}

/* "stick on|match|store-request SAMPLE [table NAME] [if|unless COND]";
 * .offset is the STICK_* kind. */
static int
kw_stick(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*pat = &l->args[ctx->argi];
	struct stick_rule	 r;
	size_t			 i, c = cfg_cond_start(l, ctx->argi + 1);

	if (cfg_acl_sample_check(ctx, pat, 0, pat->len) < 0)
		return -1;
	memset(&r, 0, sizeof(r));
	r.pos = l->pos;
	r.expr = cfg_arg_dup(ctx, pat);
	r.kind = (enum stick_kind)ctx->kw->offset;
	for (i = ctx->argi + 1; i < c; i++) {
		if (strcmp(l->args[i].s, "table") != 0 || i + 1 >= c) {
			diag_error(d, &l->args[i].pos, "'%s': unexpected '%s'",
			    ctx->kw->name, l->args[i].s);
			cfg_pxarg_syntax_hint(ctx);
			return -1;
		}
		r.table = cfg_arg_dup(ctx, &l->args[++i]);
		r.table_pos = l->args[i].pos;
	}
	if (c < l->nargs && cfg_cond_parse(ctx, l, c, &r.cond) < 0)
		return -1;
	*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->sticks) = r;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The table: sorted by name (a unit test checks it) */

#define PX_OFF(f)	offsetof(struct proxy_conf, f)

#define PX_TMO(n, s, t)							\
	{ .name = "timeout " n, .sections = (s), .min_args = 1,		\
	  .max_args = 1, .parse = kw_timeout, .offset = (t),		\
	  .syntax = "<time>" }
/* A 1.x timeout keyword: the same field as its "timeout X" form. */
#define PX_TMO_OLD(n, s, t, m)						\
	{ .name = n, .sections = (s), .min_args = 1, .max_args = 1,	\
	  .parse = kw_timeout, .offset = (t), .status = KW_DEPRECATED,	\
	  .modern = m, .removed_in = "2.1", .syntax = "<time>" }
#define PX_NO(n, s, hint)						\
	{ .name = n, .sections = (s), .max_args = -1,			\
	  .status = KW_UNSUPPORTED, .modern = (hint) }

static const struct cfg_kw px_rows[] = {
	PX_NO("appsession", CFG_S_BE, "HAProxy 1.6 removed it: use 'cookie "
	    "<name> insert' (or 'prefix') for cookie persistence"),
	{ .name = "backlog", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_uint0, .offset = PX_OFF(backlog),
	  .syntax = "<conns>" },
	{ .name = "balance", .sections = CFG_S_BE, .max_args = -1,
	  .parse = kw_balance,
	  .syntax = "roundrobin | static-rr | leastconn | first | source | "
	  "uri [len <n>] [depth <n>] [whole] [path-only] | url_param <param> "
	  "[check_post] | hdr(<name>) [use_domain_only] | random[(<draws>)] | "
	  "rdp-cookie[(<name>)]" },
	{ .name = "bind-process", .sections = CFG_S_PROXY, .min_args = 1,
	  .max_args = -1, .status = KW_IGNORED,
	  .modern = "hapx runs a single process; remove the line",
	  .syntax = "all | odd | even | <n>[-<m>] ..." },
	{ .name = "capture", .sections = CFG_S_FE_ONLY, .min_args = 1,
	  .max_args = 5, .parse = kw_capture,
	  .syntax = "cookie <name> len <length> | request header <name> len "
	  "<length> | response header <name> len <length>" },
	{ .name = "clitcpka-cnt", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_uint1, .offset = PX_OFF(clitcpka_cnt),
	  .syntax = "<count>" },
	{ .name = "clitcpka-idle", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_time_s,
	  .offset = PX_OFF(clitcpka_idle_ms), .syntax = "<time>" },
	{ .name = "clitcpka-intvl", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_time_s,
	  .offset = PX_OFF(clitcpka_intvl_ms), .syntax = "<time>" },
	PX_TMO_OLD("clitimeout", CFG_S_FE, PXT_CLIENT, "timeout client"),
	PX_NO("compression", CFG_S_PROXY, "hapx does not compress responses; "
	    "let the servers compress, or remove the line"),
	PX_TMO_OLD("contimeout", CFG_S_BE, PXT_CONNECT, "timeout connect"),
	{ .name = "cookie", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = -1, .parse = kw_cookie,
	  .syntax = "<name> [rewrite | insert | prefix] [indirect] [nocache] "
	  "[postonly] [preserve] [httponly] [secure] [domain <domain>]* "
	  "[maxidle <idle>] [maxlife <life>] [dynamic] [attr <value>]*" },
	{ .name = "declare capture", .sections = CFG_S_FE_ONLY,
	  .max_args = -1, .status = KW_UNSUPPORTED, .flags = KW_F_STRICT,
	  .modern = "hapx has no capture slots, so 'http-request capture "
	  "... id <n>' has nothing to write into: use 'http-request capture "
	  "<sample> len <n>' or 'capture request header <name> len <n>'" },
	{ .name = "description", .sections = CFG_S_PX_ONLY, .min_args = 1,
	  .max_args = -1, .parse = kw_description, .syntax = "<text>" },
	{ .name = "disabled", .sections = CFG_S_PROXY, .parse = kw_disabled,
	  .syntax = "" },
	{ .name = "dispatch", .sections = CFG_S_BE_ONLY, .min_args = 1,
	  .max_args = 1, .parse = kw_dispatch, .syntax = "<address>:<port>" },
	{ .name = "dynamic-cookie-key", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = 1, .parse = cfg_set_string,
	  .offset = PX_OFF(dynamic_cookie_key), .syntax = "<key>" },
	PX_NO("email-alert", CFG_S_PROXY, "hapx sends no e-mail alerts; "
	    "watch the logs ('option log-health-checks') instead"),
	{ .name = "enabled", .sections = CFG_S_PROXY, .parse = kw_disabled,
	  .syntax = "" },
	PX_NO("error-log-format", CFG_S_FE, "hapx logs connection errors "
	    "with the proxy's 'log-format'"),
	{ .name = "errorfile", .sections = CFG_S_PROXY, .min_args = 2,
	  .max_args = 2, .parse = kw_errorfile, .syntax = "<code> <file>" },
	PX_NO("errorfiles", CFG_S_PROXY, "hapx has no 'http-errors' "
	    "sections: write 'errorfile <code> <file>' lines instead"),
	{ .name = "errorloc", .sections = CFG_S_PROXY, .min_args = 2,
	  .max_args = 2, .parse = kw_errorloc, .syntax = "<code> <url>" },
	{ .name = "errorloc302", .sections = CFG_S_PROXY, .min_args = 2,
	  .max_args = 2, .parse = kw_errorloc, .syntax = "<code> <url>" },
	{ .name = "errorloc303", .sections = CFG_S_PROXY, .min_args = 2,
	  .max_args = 2, .parse = kw_errorloc, .syntax = "<code> <url>" },
	PX_NO("filter", CFG_S_PX_ONLY, "hapx has no filters (compression, "
	    "cache, SPOE, trace, bandwidth limits)"),
	{ .name = "fullconn", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = 1, .parse = kw_uint0, .offset = PX_OFF(fullconn),
	  .modern = "maybe you want 'maxconn', which limits a frontend",
	  .syntax = "<conns>" },
	{ .name = "grace", .sections = CFG_S_PROXY, .min_args = 1,
	  .max_args = 1, .parse = kw_time_ms, .offset = PX_OFF(grace_ms),
	  .status = KW_IGNORED, .removed_in = "2.5",
	  .modern = "'grace <time>' in the global section (hapx stops "
	  "listening at once on a soft stop, so remove it)",
	  .syntax = "<time>" },
	{ .name = "hash-balance-factor", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = 1, .parse = kw_hash_balance_factor,
	  .syntax = "<factor>" },
	{ .name = "hash-type", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = 3, .parse = kw_hash_type,
	  .syntax = "map-based | consistent [sdbm | djb2 | wt6 | crc32] "
	  "[avalanche]" },
	PX_NO("http-error", CFG_S_PROXY, "write 'errorfile <code> <file>' "
	    "with a complete HTTP response instead"),
	{ .name = "http-reuse", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = 1, .parse = kw_http_reuse,
	  .syntax = "never | safe | aggressive | always" },
	{ .name = "http-send-name-header", .sections = CFG_S_BE,
	  .min_args = 1, .max_args = 1, .parse = kw_header_name,
	  .offset = PX_OFF(http_send_name_header), .syntax = "<header>" },
	{ .name = "id", .sections = CFG_S_PX_ONLY, .min_args = 1,
	  .max_args = 1, .parse = kw_id, .syntax = "<positive integer>" },
	{ .name = "load-server-state-from-file", .sections = CFG_S_BE,
	  .min_args = 1, .max_args = 1, .parse = kw_state_load,
	  .syntax = "global | local | none" },
	{ .name = "log", .sections = CFG_S_PROXY, .max_args = -1,
	  .parse = kw_log, .flags = KW_F_NEGATABLE,
	  .syntax = "global | <target> [len <length>] [format <format>] "
	  "[sample <ranges>:<size>] <facility> [<level> [<minlevel>]]" },
	{ .name = "log-format", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_log_format, .syntax = "<format>" },
	PX_NO("log-format-sd", CFG_S_FE, "hapx sends no RFC 5424 structured "
	    "data; put the fields in 'log-format'"),
	{ .name = "log-tag", .sections = CFG_S_PROXY, .min_args = 1,
	  .max_args = 1, .parse = cfg_set_string, .offset = PX_OFF(log_tag),
	  .syntax = "<tag>" },
	{ .name = "max-keep-alive-queue", .sections = CFG_S_BE,
	  .min_args = 1, .max_args = 1, .parse = kw_max_ka_queue,
	  .syntax = "<value>" },
	{ .name = "maxconn", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_uint0, .offset = PX_OFF(maxconn),
	  .modern = "maybe you want 'fullconn', which sizes a backend",
	  .syntax = "<conns>" },
	{ .name = "mode", .sections = CFG_S_PROXY, .min_args = 1,
	  .max_args = 1, .parse = kw_mode, .syntax = "tcp | http" },
	{ .name = "monitor-net", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_monitor_net, .status = KW_DEPRECATED,
	  .removed_in = "2.4",
	  .modern = "http-request return status 200 if { src <network> }",
	  .syntax = "<network>" },
	{ .name = "monitor-uri", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = cfg_set_string, .offset = PX_OFF(monitor_uri),
	  .syntax = "<uri>" },
	PX_NO("persist rdp-cookie", CFG_S_BE, "hapx does not read RDP "
	    "cookies; 'balance source' keeps a client on one server"),
	{ .name = "rate-limit sessions", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_uint0,
	  .offset = PX_OFF(rate_limit_sessions), .syntax = "<rate>" },
	{ .name = "retries", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = 1, .parse = kw_uint0, .offset = PX_OFF(retries),
	  .syntax = "<value>" },
	{ .name = "retry-on", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = -1, .parse = kw_retry_on, .flags = KW_F_STRICT,
	  .syntax = "none | conn-failure | empty-response | junk-response | "
	  "response-timeout | 0rtt-rejected | <status> | "
	  "all-retryable-errors ..." },
	{ .name = "server-state-file-name", .sections = CFG_S_BE,
	  .max_args = 1, .parse = kw_state_file_name,
	  .syntax = "[ use-backend-name | <file> ]" },
	PX_NO("source", CFG_S_BE, "hapx connects from the address the kernel "
	    "picks; remove 'source' (and 'usesrc')"),
	{ .name = "srvtcpka-cnt", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = 1, .parse = kw_uint1, .offset = PX_OFF(srvtcpka_cnt),
	  .syntax = "<count>" },
	{ .name = "srvtcpka-idle", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = 1, .parse = kw_time_s,
	  .offset = PX_OFF(srvtcpka_idle_ms), .syntax = "<time>" },
	{ .name = "srvtcpka-intvl", .sections = CFG_S_BE, .min_args = 1,
	  .max_args = 1, .parse = kw_time_s,
	  .offset = PX_OFF(srvtcpka_intvl_ms), .syntax = "<time>" },
	PX_TMO_OLD("srvtimeout", CFG_S_BE, PXT_SERVER, "timeout server"),
	{ .name = "stick match", .sections = CFG_S_BE_ONLY, .min_args = 1,
	  .max_args = -1, .parse = kw_stick, .offset = STICK_MATCH,
	  .syntax = "src [table <table>] [{if | unless} <condition>]" },
	{ .name = "stick on", .sections = CFG_S_BE_ONLY, .min_args = 1,
	  .max_args = -1, .parse = kw_stick, .offset = STICK_ON,
	  .syntax = "src [table <table>] [{if | unless} <condition>]" },
	{ .name = "stick store-request", .sections = CFG_S_BE_ONLY,
	  .min_args = 1, .max_args = -1, .parse = kw_stick,
	  .offset = STICK_STORE_REQ,
	  .syntax = "src [table <table>] [{if | unless} <condition>]" },
	PX_NO("stick store-response", CFG_S_BE_ONLY, "hapx learns "
	    "stickiness from requests only: use 'stick on src'"),
	{ .name = "stick-table", .sections = CFG_S_PX_ONLY, .min_args = 1,
	  .max_args = -1, .parse = kw_stick_table,
	  .syntax = "type {ip | ipv6 | integer | string [len <length>] | "
	  "binary [len <length>]} size <size> [expire <time>] "
	  "[srvkey name | addr]" },
	PX_NO("timeout appsession", CFG_S_BE, "'appsession' was removed in "
	    "HAProxy 1.6; remove the line"),
	PX_TMO("check", CFG_S_BE, PXT_CHECK),
	PX_TMO("client", CFG_S_FE, PXT_CLIENT),
	PX_TMO("client-fin", CFG_S_FE, PXT_CLIENT_FIN),
	PX_TMO_OLD("timeout clitimeout", CFG_S_FE, PXT_CLIENT,
	    "timeout client"),
	PX_TMO("connect", CFG_S_BE, PXT_CONNECT),
	PX_TMO_OLD("timeout contimeout", CFG_S_BE, PXT_CONNECT,
	    "timeout connect"),
	PX_TMO("http-keep-alive", CFG_S_PROXY, PXT_HTTP_KEEP_ALIVE),
	PX_TMO("http-request", CFG_S_PROXY, PXT_HTTP_REQUEST),
	PX_TMO("queue", CFG_S_BE, PXT_QUEUE),
	PX_TMO("server", CFG_S_BE, PXT_SERVER),
	PX_TMO("server-fin", CFG_S_BE, PXT_SERVER_FIN),
	PX_TMO_OLD("timeout srvtimeout", CFG_S_BE, PXT_SERVER,
	    "timeout server"),
	PX_TMO("tarpit", CFG_S_PROXY, PXT_TARPIT),
	PX_TMO("tunnel", CFG_S_BE, PXT_TUNNEL),
	PX_NO("transparent", CFG_S_BE, "hapx does not intercept connections: "
	    "give the servers explicit addresses"),
	{ .name = "unique-id-format", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_unique_id_format, .syntax = "<format>" },
	{ .name = "unique-id-header", .sections = CFG_S_FE, .min_args = 1,
	  .max_args = 1, .parse = kw_header_name,
	  .offset = PX_OFF(unique_id_header), .syntax = "<name>" },
	PX_NO("use-fcgi-app", CFG_S_BE_ONLY, "hapx does not speak FastCGI: "
	    "put an HTTP server in front of the application"),
	PX_NO("usesrc", CFG_S_BE, "'usesrc' goes with 'source', which hapx "
	    "does not support; remove both"),
};

const struct cfg_kw_table cfg_kw_proxy_table = {
	px_rows, nitems(px_rows)
};
