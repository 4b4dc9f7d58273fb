/*
 * cfg_kw_stats: rows and handlers for the proxies' "stats ..." keywords
 * (spec §9), which fill stats_conf; nothing here serves a page.  The
 * global "stats socket/timeout/maxconn" rows are in cfg_kw_global.c.
 *
 * HAProxy 2.6 inheritance [observed 2.6]: a proxy's first own "stats" line
 * drops every stats setting inherited from defaults ("we must detach from
 * the default config"), so a listen with only "stats refresh 10s" serves
 * /haproxy?stats without the defaults' uri and auth.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"

static const struct cfg_arg *
kw_word(struct cfg_ctx *ctx, const struct cfg_line *l)
{
	return &l->args[ctx->argi - 1];
}

/* The position of byte OFF of A, when A was written as is; otherwise the
 * whole word. */
static struct cfg_pos
stats_subpos(const struct cfg_arg *a, size_t off)
{
	struct cfg_pos	p = a->pos;

	if (!(a->flags & (CFG_A_QUOTED | CFG_A_EXPANDED)) &&
	    a->len == a->pos.len && off < a->len) {
		p.col += (unsigned)off;
		p.len = 1;
	}
	return p;
}

/* Whether S holds more than "stats enable" would. */
static bool
stats_custom(const struct stats_conf *s)
{
	return s->uri != NULL || s->realm != NULL || s->auths.n > 0 ||
	    s->refresh_ms != CFG_UNSET || s->hide_version || s->show_legends ||
	    s->show_desc || s->show_node || s->show_modules || s->scopes.n > 0;
}

/* Any stats keyword enables stats.  In a proxy, the first one drops what
 * defaults set: HAProxy detaches uri_auth from the defaults' copy
 * [observed 2.6: a listen with only "stats refresh" serves
 * /haproxy?stats without the defaults' auth]. */
static struct stats_conf *
stats_own(struct cfg_ctx *ctx, const struct cfg_line *l)
{
	struct proxy_conf	*px = ctx->px;

	if (!px->is_defaults && px->stats.owner != px) {
		if (stats_custom(&px->stats)) {
			diag_warn(ctx->d, &l->args[0].pos, "this 'stats' line "
			    "makes %s '%s' drop the stats settings of its "
			    "defaults section", px->kind, px->name);
			if (px->from != NULL)
				diag_note(ctx->d, &px->from->pos, "defaults "
				    "section");
			diag_hint(ctx->d, "HAProxy does not merge them; repeat "
			    "the defaults' 'stats' lines here");
		}
		memset(&px->stats, 0, sizeof(px->stats));
		px->stats.refresh_ms = CFG_UNSET;
		px->stats.owner = px;
	}
	px->stats.enabled = true;
	return &px->stats;
}

/* "stats enable" and the flags; .offset is the flag in stats_conf, or
 * (size_t)-1 for enable alone. */
static int
kw_stats_flag(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct stats_conf	*s = stats_own(ctx, l);

	(void)d;
	if (ctx->kw->offset != (size_t)-1)
		*(bool *)((char *)s + ctx->kw->offset) = true;
	return 0;
}

static int
kw_stats_uri(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];

	if (a->s[0] != '/') {
		diag_warn(d, &a->pos, "'stats uri': '%s' does not start with "
		    "'/'", a->s);
		diag_hint(d, "the prefix is compared with the request URI, "
		    "which starts with '/': write '/%s'", a->s);
	}
	stats_own(ctx, l)->uri = cfg_arg_dup(ctx, a);
	return 0;
}

/* HAProxy reads one word: "stats realm My Stats" is "My" [observed
 * 2.6], which the corpus has; warn rather than refuse. */
static int
kw_stats_realm(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	size_t	i = ctx->argi;

	if (i + 1 < l->nargs) {
		diag_warn(d, &l->args[i + 1].pos, "'stats realm' takes one "
		    "word: the realm is '%s' and '%s' is ignored",
		    l->args[i].s, l->args[i + 1].s);
		diag_hint(d, "escape the spaces ('%s\\ %s') or quote the "
		    "realm", l->args[i].s, l->args[i + 1].s);
	}
	stats_own(ctx, l)->realm = cfg_arg_dup(ctx, &l->args[i]);
	return 0;
}

static int
kw_stats_auth(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	const char		*colon = memchr(a->s, ':', a->len);
	struct stats_conf	*s;

	if (colon == NULL || colon == a->s) {
		diag_error(d, &a->pos, "'stats auth': '%s' is not "
		    "'<user>:<password>'", a->s);
		diag_hint(d, colon == NULL ? "separate the user and the "
		    "password with ':'" : "the user name is empty");
		return -1;
	}
	s = stats_own(ctx, l);
	*CFG_VEC_PUSH(&ctx->cfg->arena, s->auths) = cfg_arg_dup(ctx, a);
	return 0;
}

static int
kw_stats_refresh(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	uint32_t	ms;

	(void)d;
	if (cfg_arg_time(ctx, &l->args[ctx->argi], CFG_TU_S, &ms) < 0) {
		diag_hint(ctx->d, "a delay in seconds, or with a unit: "
		    "'10s', '1m'");
		return -1;
	}
	stats_own(ctx, l)->refresh_ms = ms;
	return 0;
}

static int
kw_stats_scope(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct stats_scope	*sc;
	struct stats_conf	*s;

	(void)d;
	s = stats_own(ctx, l);
	sc = CFG_VEC_PUSH(&ctx->cfg->arena, s->scopes);
	sc->pos = l->args[ctx->argi].pos;
	sc->name = cfg_arg_dup(ctx, &l->args[ctx->argi]);
	return 0;
}

static int
kw_stats_node(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	size_t			 i;
	struct cfg_pos		 p;

	for (i = 0; ctx->argi < l->nargs && i < a->len; i++) {
		if (isalnum((unsigned char)a->s[i]) || a->s[i] == '-' ||
		    a->s[i] == '_')
			continue;
		p = stats_subpos(a, i);
		diag_error(d, &p, "'stats show-node': invalid character '%c' "
		    "in node name '%s'", isprint((unsigned char)a->s[i]) ?
		    a->s[i] : '?', a->s);
		diag_hint(d, "a node name uses letters, digits, '-' and '_'");
		return -1;
	}
	stats_own(ctx, l)->show_node = true;
	if (ctx->argi < l->nargs)
		ctx->px->stats.node_name = cfg_arg_dup(ctx, a);
	return 0;
}

/* The description is the rest of the line, words joined by spaces. */
static int
kw_stats_desc(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct stats_conf	*s = stats_own(ctx, l);
	size_t			 i, len = 0;
	char			*p;

	s->show_desc = true;
	if (ctx->argi >= l->nargs) {
		if (ctx->cfg->global.description == NULL) {
			diag_warn(d, &kw_word(ctx, l)->pos, "'stats show-desc' "
			    "without a description shows nothing: the global "
			    "section sets no 'description'");
			diag_hint(d, "write 'stats show-desc <text>', or set "
			    "'description' in the global section");
		}
		return 0;
	}
	for (i = ctx->argi; i < l->nargs; i++)
		len += l->args[i].len + 1;
	p = arena_alloc(&ctx->cfg->arena, len);
	s->desc = p;
	for (i = ctx->argi; i < l->nargs; i++) {
		if (i > ctx->argi)
			*p++ = ' ';
		memcpy(p, l->args[i].s, l->args[i].len);
		p += l->args[i].len;
	}
	return 0;
}

static int
kw_stats_admin(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	struct cond_conf	*cond = NULL;
	struct stats_conf	*s;

	if (strcmp(a->s, "if") != 0 && strcmp(a->s, "unless") != 0) {
		diag_error(d, &a->pos, "'stats admin' expects 'if' or 'unless' "
		    "and a condition, got '%s'", a->s);
		diag_hint(d, "e.g. 'stats admin if LOCALHOST'");
		return -1;
	}
	if (cfg_cond_parse(ctx, l, ctx->argi, &cond) < 0)
		return -1;
	s = stats_own(ctx, l);
	if (cond != NULL)
		*CFG_VEC_PUSH(&ctx->cfg->arena, s->admin) = cond;
	return 0;
}

/* Warn about "stats scope" names that are no proxy of CFG. */
void
cfg_kw_stats_finish(const struct config *cfg, const struct proxy_conf *px,
    struct diag *d)
{
	const struct stats_scope	*sc;
	unsigned			 i;

	if (px->is_defaults || px->stats.owner != px)
		return;

	for (i = 0; i < px->stats.scopes.n; i++) {
		sc = &px->stats.scopes.v[i];
		if (strcmp(sc->name, ".") == 0 || config_find_proxy(cfg,
		    sc->name, CFG_CAP_FE | CFG_CAP_BE) != NULL)
			continue;
		diag_warn(d, &sc->pos, "'stats scope': there is no proxy "
		    "named '%s'", sc->name);
		diag_hint(d, "the stats page will show nothing for it; '.' "
		    "names this section");
	}
}

/* ------------------------------------------------------------------ */
/* The table */

#define SF(f)	offsetof(struct stats_conf, f)

static const struct cfg_kw stats_rows[] = {
	{ "stats admin", CFG_S_PX_ONLY, 1, -1, kw_stats_admin, 0, KW_OK, 0,
	    NULL, NULL, "{ if | unless } <condition>" },
	{ "stats auth", CFG_S_PROXY, 1, 1, kw_stats_auth, 0, KW_OK, 0, NULL,
	    NULL, "<user>:<password>" },
	{ "stats enable", CFG_S_PROXY, 0, 0, kw_stats_flag, (size_t)-1, KW_OK,
	    0, NULL, NULL, "" },
	{ "stats hide-version", CFG_S_PROXY, 0, 0, kw_stats_flag,
	    SF(hide_version), KW_OK, 0, NULL, NULL, "" },
	{ "stats http-request", CFG_S_PX_ONLY, 1, -1, NULL, 0, KW_UNSUPPORTED,
	    KW_F_RAWARGS, "use 'stats auth' for a password, and "
	    "'http-request deny if ...' in the section to restrict access",
	    NULL, "{ allow | deny | auth [realm <realm>] } "
	    "[{ if | unless } <condition>]" },
	{ "stats realm", CFG_S_PROXY, 1, -1, kw_stats_realm, 0, KW_OK, 0,
	    NULL, NULL, "<realm>" },
	{ "stats refresh", CFG_S_PROXY, 1, 1, kw_stats_refresh, 0, KW_OK, 0,
	    NULL, NULL, "<delay>" },
	{ "stats scope", CFG_S_PROXY, 1, 1, kw_stats_scope, 0, KW_OK, 0, NULL,
	    NULL, "{ <name> | . }" },
	{ "stats show-desc", CFG_S_PROXY, 0, -1, kw_stats_desc, 0, KW_OK, 0,
	    NULL, NULL, "[<description>]" },
	{ "stats show-legends", CFG_S_PROXY, 0, 0, kw_stats_flag,
	    SF(show_legends), KW_OK, 0, NULL, NULL, "" },
	{ "stats show-modules", CFG_S_PROXY, 0, 0, kw_stats_flag,
	    SF(show_modules), KW_OK, 0, NULL, NULL, "" },
	{ "stats show-node", CFG_S_PROXY, 0, 1, kw_stats_node, 0, KW_OK, 0,
	    NULL, NULL, "[<name>]" },
	{ "stats uri", CFG_S_PROXY, 1, 1, kw_stats_uri, 0, KW_OK, 0, NULL,
	    NULL, "<prefix>" },
};

const struct cfg_kw_table cfg_kw_stats_table = {
	stats_rows, sizeof(stats_rows) / sizeof(stats_rows[0])
};
