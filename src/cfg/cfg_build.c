/*
 * cfg_build: builds struct config (model/cfg_model.h) from the AST.  Walks the sections, opens
 * one model object per section header (with defaults inheritance, as
 * HAProxy copies its defproxy into each new proxy), sends each statement to
 * the keyword index, then runs the whole-model checks: backend references,
 * modes, timeouts, address resolution.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_load.h"
#include "model/cfg_model.h"
#include "cfg/cfg_model_build.h"
#include "base/regex.h"
#include "base/xmalloc.h"

/* ------------------------------------------------------------------ */
/* Section headers */

struct build {
	struct config		*cfg;
	struct diag		*d;
	unsigned		 flags;
	struct proxy_conf	*last_defaults;	/* implicit parent of new proxies */
	struct proxy_conf	**px_tail, **def_tail;
};

typedef int section_head_fn(struct build *, struct cfg_ctx *,
    const struct cfg_line *);

struct section_kind {
	const char		*name;
	unsigned		 kind;		/* CFG_S_* */
	section_head_fn		*head;
	const char		*unsupported;	/* hint when hapx lacks it */
};

/* HAProxy's name rule for proxies and servers: letters, digits, '-', '_',
 * '.' and ':'. */
static int
model_check_name(struct build *b, const struct cfg_arg *a, const char *what)
{
	size_t	i;

	if (a->len == 0) {
		diag_error(b->d, &a->pos, "empty %s name", what);
		return -1;
	}
	for (i = 0; i < a->len; i++) {
		unsigned char	c = (unsigned char)a->s[i];

		if (!isalnum(c) && c != '-' && c != '_' && c != '.' && c != ':') {
			struct cfg_pos	pos = a->pos;

			if (a->len == a->pos.len) {
				pos.col += (unsigned)i;
				pos.len = 1;
			}
			diag_error(b->d, &pos, "character '%c' is not permitted "
			    "in %s name '%s'", isprint(c) ? c : '?', what, a->s);
			diag_hint(b->d, "names use letters, digits, '-', '_', "
			    "'.' and ':'");
			return -1;
		}
	}
	return 0;
}

static struct proxy_conf *
model_find_defaults(struct build *b, const char *name)
{
	struct proxy_conf	*px, *found = NULL;

	for (px = b->cfg->defaults; px != NULL; px = px->next)
		if (px->name != NULL && strcmp(px->name, name) == 0)
			found = px;
	return found;
}

/* "from NAME" at ARGS[I]: the named defaults, which must exist already. */
static int
model_from(struct build *b, const struct cfg_line *l, size_t i,
    struct proxy_conf **def)
{
	if (i >= l->nargs)
		return 0;
	if (strcmp(l->args[i].s, "from") != 0 || i + 1 >= l->nargs) {
		diag_error(b->d, &l->args[i].pos, "unexpected '%s' after the "
		    "section name", l->args[i].s);
		diag_hint(b->d, "the only thing allowed here is 'from "
		    "<defaults name>'");
		return -1;
	}
	if (i + 2 < l->nargs) {
		diag_error(b->d, &l->args[i + 2].pos, "unexpected '%s' after "
		    "'from %s'", l->args[i + 2].s, l->args[i + 1].s);
		return -1;
	}
	if ((*def = model_find_defaults(b, l->args[i + 1].s)) == NULL) {
		diag_error(b->d, &l->args[i + 1].pos, "no defaults section "
		    "named '%s' before this line", l->args[i + 1].s);
		diag_hint(b->d, "a proxy can only start from a named defaults "
		    "section that appears earlier in the configuration");
		return -1;
	}
	return 0;
}

static struct proxy_conf *
model_new_proxy(struct build *b, const struct cfg_line *l, unsigned cap,
    bool is_defaults, struct proxy_conf *def)
{
	struct proxy_conf	*px = arena_alloc(&b->cfg->arena, sizeof(*px));

	px->pos = l->args[0].pos;
	px->kind = arena_strdup(&b->cfg->arena, l->args[0].s);
	px->cap = cap;
	px->is_defaults = is_defaults;
	px->from = def;
	if (l->nargs > 1 && strcmp(l->args[1].s, "from") != 0)
		px->name = arena_strdup(&b->cfg->arena, l->args[1].s);
	proxy_conf_inherit(px, def);
	return px;
}

static int
head_defaults(struct build *b, struct cfg_ctx *ctx, const struct cfg_line *l)
{
	struct proxy_conf	*def = NULL, *px;
	size_t			 i = 1;

	if (l->nargs > 1 && strcmp(l->args[1].s, "from") != 0) {
		if (model_check_name(b, &l->args[1], "defaults") < 0)
			return -1;
		i = 2;
	}
	if (model_from(b, l, i, &def) < 0)
		return -1;
	px = model_new_proxy(b, l, CFG_CAP_FE | CFG_CAP_BE, true, def);
	*b->def_tail = px;
	b->def_tail = &px->next;
	b->last_defaults = px;
	ctx->px = px;
	return 0;
}

static int
model_dup_proxy(struct build *b, const struct cfg_arg *name, unsigned cap)
{
	struct proxy_conf	*other = config_find_proxy(b->cfg, name->s, cap);

	if (other == NULL)
		return 0;
	diag_error(b->d, &name->pos, "%s '%s' has the same name as %s '%s'",
	    cap & CFG_CAP_FE ? (cap & CFG_CAP_BE ? "listen" : "frontend") :
	    "backend", name->s, other->kind, other->name);
	diag_note(b->d, &other->pos, "'%s' was first defined here",
	    other->name);
	diag_hint(b->d, "two proxies that both act as %s need distinct names",
	    (cap & other->cap & CFG_CAP_FE) ? "frontends" : "backends");
	return -1;
}

/* 1.x "listen NAME ADDR:PORT[,ADDR:PORT]": the address becomes a bind. */
static int
model_legacy_bind(struct build *b, struct cfg_ctx *ctx,
    const struct cfg_line *l)
{
	struct cfg_line	bind = *l;

	diag_warn(b->d, &l->args[2].pos, "an address on the '%s' line was "
	    "removed in HAProxy 2.x; hapx still listens on it",
	    l->args[0].s);
	diag_hint(b->d, "modern form: 'bind %s' on its own line in the "
	    "section", l->args[2].s);
	bind.args = l->args + 1;
	bind.nargs = l->nargs - 1;
	ctx->argi = 1;
	ctx->kw = cfg_kw_find("bind", CFG_S_LISTEN);
	if (ctx->kw == NULL || ctx->kw->parse == NULL)
		return -1;
	return ctx->kw->parse(ctx, &bind, b->d);
}

static int
head_proxy(struct build *b, struct cfg_ctx *ctx, const struct cfg_line *l)
{
	struct proxy_conf	*def = b->last_defaults, *px;
	unsigned		 cap = ctx->section == CFG_S_FRONTEND ?
				    CFG_CAP_FE : ctx->section == CFG_S_BACKEND ?
				    CFG_CAP_BE : CFG_CAP_FE | CFG_CAP_BE;
	bool			 legacy = false;

	if (l->nargs < 2) {
		diag_error(b->d, &l->args[0].pos, "'%s' needs a name",
		    l->args[0].s);
		diag_hint(b->d, "syntax: %s <name> [from <defaults>]",
		    l->args[0].s);
		return -1;
	}
	if (model_check_name(b, &l->args[1], l->args[0].s) < 0)
		return -1;
	if (l->nargs > 2 && strcmp(l->args[2].s, "from") != 0 &&
	    (cap & CFG_CAP_FE))
		legacy = true;
	else if (model_from(b, l, 2, &def) < 0)
		return -1;
	if (model_dup_proxy(b, &l->args[1], cap) < 0)
		return -1;
	px = model_new_proxy(b, l, cap, false, def);
	*b->px_tail = px;
	b->px_tail = &px->next;
	px->index = b->cfg->nproxies++;
	ctx->px = px;
	/* A bad legacy address is reported; the section's lines still
	 * deserve checking, so do not fail the header. */
	if (legacy)
		model_legacy_bind(b, ctx, l);
	return 0;
}

static int
head_global(struct build *b, struct cfg_ctx *ctx, const struct cfg_line *l)
{
	(void)ctx;
	if (l->nargs > 1) {
		diag_error(b->d, &l->args[1].pos, "'global' takes no argument");
		return -1;
	}
	return 0;
}

static int
head_userlist(struct build *b, struct cfg_ctx *ctx, const struct cfg_line *l)
{
	struct userlist_conf	*ul, **tail;

	if (l->nargs != 2) {
		diag_error(b->d, &l->args[0].pos, "'userlist' expects exactly "
		    "one name");
		return -1;
	}
	if ((ul = config_find_userlist(b->cfg, l->args[1].s)) != NULL) {
		diag_error(b->d, &l->args[1].pos, "userlist '%s' is defined "
		    "twice", ul->name);
		diag_note(b->d, &ul->pos, "first defined here");
		return -1;
	}
	ul = arena_alloc(&b->cfg->arena, sizeof(*ul));
	ul->pos = l->args[0].pos;
	ul->name = arena_strdup(&b->cfg->arena, l->args[1].s);
	for (tail = &b->cfg->userlists; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = ul;
	ctx->ul = ul;
	return 0;
}

static const struct section_kind section_kinds[] = {
	{ "backend",	CFG_S_BACKEND,	 head_proxy, NULL },
	{ "cache",	CFG_S_OTHER,	 NULL, "hapx has no HTTP cache" },
	{ "defaults",	CFG_S_DEFAULTS,	 head_defaults, NULL },
	{ "fcgi-app",	CFG_S_OTHER,	 NULL, "hapx does not speak FastCGI" },
	{ "frontend",	CFG_S_FRONTEND,	 head_proxy, NULL },
	{ "global",	CFG_S_GLOBAL,	 head_global, NULL },
	{ "http-errors", CFG_S_OTHER,	 NULL,
	    "use 'errorfile' lines in the proxies instead" },
	{ "listen",	CFG_S_LISTEN,	 head_proxy, NULL },
	{ "log-forward", CFG_S_OTHER,	 NULL, "hapx does not relay syslog" },
	{ "mailers",	CFG_S_MAILERS,	 NULL,
	    "hapx sends no e-mail alerts; watch the logs instead" },
	{ "namespace_list", CFG_S_OTHER, NULL,
	    "hapx does not support network namespaces" },
	{ "peers",	CFG_S_PEERS,	 NULL,
	    "hapx does not synchronise stick tables between processes" },
	{ "program",	CFG_S_OTHER,	 NULL,
	    "start the program with your service manager instead" },
	{ "resolvers",	CFG_S_RESOLVERS, NULL,
	    "hapx resolves server names once at start-up; remove 'resolvers' "
	    "from the servers" },
	{ "ring",	CFG_S_OTHER,	 NULL,
	    "log to a UDP or UNIX syslog target instead" },
	{ "userlist",	CFG_S_USERLIST,	 head_userlist, NULL },
};

static const struct section_kind *
model_section_kind(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(section_kinds) / sizeof(section_kinds[0]); i++)
		if (strcmp(section_kinds[i].name, name) == 0)
			return &section_kinds[i];
	return NULL;
}

static void
model_section(struct build *b, const struct cfg_section *s)
{
	const struct section_kind	*k = model_section_kind(s->head.args[0].s);
	struct cfg_ctx			 ctx;
	size_t				 i;

	if (k == NULL)
		return;		/* the parser only makes known sections */
	if (k->head == NULL) {
		diag_error(b->d, &s->head.args[0].pos, "'%s' sections are not "
		    "supported by hapx", k->name);
		diag_hint(b->d, "%s", k->unsupported);
		return;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = b->cfg;
	ctx.d = b->d;
	ctx.section = k->kind;
	ctx.flags = b->flags;
	if (k->head(b, &ctx, &s->head) < 0)
		return;		/* its lines would only add noise */
	for (i = 0; i < s->nlines; i++)
		cfg_kw_dispatch(&ctx, &s->lines[i]);
}

void
cfg_model_build(struct config *cfg, struct cfg_file *files, size_t n,
    unsigned flags, struct diag *d)
{
	struct build	b;
	size_t		i, j;

	memset(&b, 0, sizeof(b));
	b.cfg = cfg;
	b.d = d;
	b.flags = flags;
	b.px_tail = &cfg->proxies;
	b.def_tail = &cfg->defaults;
	for (i = 0; i < n; i++)
		for (j = 0; j < files[i].nsecs; j++)
			model_section(&b, &files[i].secs[j]);
	cfg_model_check(cfg, flags, d);
}
