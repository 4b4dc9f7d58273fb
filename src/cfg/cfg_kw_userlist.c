/*
 * cfg_kw_userlist: the rows and handlers of the "userlist" section (doc
 * 3.4, spec 2.5): users with their password hash and groups, groups with
 * their users, and the end check that each name they list is declared.
 * Handlers write into the current userlist (ctx->ul) only; they never
 * print.  The http_auth fetches that read userlists are in
 * cfg_acl_fetch.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"

#include "base/nitems.h"

/* ------------------------------------------------------------------ */
/* userlist */

static struct userlist_user *
ul_find_user(struct userlist_conf *ul, const char *name)
{
	unsigned	i;

	for (i = 0; i < ul->users.n; i++)
		if (strcmp(ul->users.v[i].name, name) == 0)
			return &ul->users.v[i];
	return NULL;
}

static struct userlist_group *
ul_find_group(struct userlist_conf *ul, const char *name)
{
	unsigned	i;

	for (i = 0; i < ul->groups.n; i++)
		if (strcmp(ul->groups.v[i].name, name) == 0)
			return &ul->groups.v[i];
	return NULL;
}

/* A "g1,g2" list into VEC, each name with its own position when the
 * word was written plainly (no quotes or variables). */
static int
ul_list(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *what,
    void *vecp)
{
	CFG_VEC(struct userlist_ref)	*vec = vecp;
	bool				 exact = a->len == a->pos.len &&
					    !(a->flags & (CFG_A_QUOTED |
					    CFG_A_EXPANDED));
	const char			*p = a->s, *e;
	struct userlist_ref		*r;

	for (;; p = e + 1) {
		struct cfg_pos	pos = a->pos;

		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		if (exact) {
			pos.col += (unsigned)(p - a->s);
			pos.len = (unsigned)(e - p);
		}
		if (e == p) {
			diag_error(ctx->d, &pos, "empty %s name in '%s'", what,
			    a->s);
			diag_hint(ctx->d, "separate names with single commas, "
			    "without spaces");
			return -1;
		}
		r = CFG_VEC_PUSH(&ctx->cfg->arena, *vec);
		r->name = arena_strndup(&ctx->cfg->arena, p, (size_t)(e - p));
		r->pos = pos;
		if (*e == '\0')
			return 0;
	}
}

/* Whether S looks like something crypt(3) produced: "$id$salt$hash"
 * (MD5, SHA-256/512, yescrypt, bcrypt...) or 13 chars of DES. */
static bool
ul_crypt_like(const char *s)
{
	static const char	 b64[] = "./0123456789"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz";
	size_t			 n = strlen(s), i;

	if (s[0] == '$') {
		for (i = 1; isalnum((unsigned char)s[i]); i++)
			continue;
		return i > 1 && s[i] == '$' && strchr(s + i + 1, '$') != NULL &&
		    s[n - 1] != '$';
	}
	if (s[0] == '_')	/* BSD extended DES */
		return n == 20 && strspn(s + 1, b64) == 19;
	return n == 13 && strspn(s, b64) == 13;
}

static void
ul_check_hash(struct cfg_ctx *ctx, const struct cfg_arg *v, const char *user)
{
	if (ul_crypt_like(v->s))
		return;
	diag_warn(ctx->d, &v->pos, "the password of user '%s' does not look "
	    "like a crypt(3) hash, so no password will match it", user);
	diag_hint(ctx->d, "generate a hash with 'mkpasswd -m sha-512', or "
	    "write 'insecure-password' for a clear-text password");
}

/* One "password"/"insecure-password"/"groups" option of a user line. */
static int
ul_user_opt(struct cfg_ctx *ctx, const struct cfg_arg *o,
    const struct cfg_arg *v, struct userlist_user *u)
{
	static const char *const opts[] = { "password", "insecure-password",
					    "groups" };
	int			 k;

	if ((k = cfg_arg_word(ctx, o, "user", "option", opts,
	    nitems(opts))) < 0)
		return -1;
	if (k == 2) {
		if (u->groups.n > 0) {
			diag_error(ctx->d, &o->pos, "'groups' given twice for "
			    "user '%s'", u->name);
			diag_hint(ctx->d, "list all groups once: groups g1,g2");
			return -1;
		}
		return ul_list(ctx, v, "group", &u->groups);
	}
	if (u->password != NULL) {
		diag_error(ctx->d, &o->pos, "user '%s' already has a password",
		    u->name);
		diag_hint(ctx->d, "give either 'password' or "
		    "'insecure-password', once");
		return -1;
	}
	if (k == 0)
		ul_check_hash(ctx, v, u->name);
	u->password = cfg_arg_dup(ctx, v);
	u->insecure = k == 1;
	return 0;
}

/* Duplicate user or group names in one userlist are refused. */
static int
ul_dup(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *what,
    const struct cfg_pos *first)
{
	diag_error(ctx->d, &a->pos, "%s '%s' is defined twice in userlist "
	    "'%s'", what, a->s, ctx->ul->name);
	diag_note(ctx->d, first, "first defined here");
	diag_hint(ctx->d, "HAProxy ignores the second definition; merge the "
	    "two lines");
	return -1;
}

/* user NAME [password HASH | insecure-password PW] [groups G1,G2] */
static int
kw_ul_user(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	struct userlist_user	 u, *prev;
	size_t			 i;

	(void)d;
	if ((prev = ul_find_user(ctx->ul, a->s)) != NULL)
		return ul_dup(ctx, a, "user", &prev->pos);
	memset(&u, 0, sizeof(u));
	u.pos = a->pos;
	u.name = cfg_arg_dup(ctx, a);
	for (i = ctx->argi + 1; i < l->nargs; i += 2) {
		if (i + 1 >= l->nargs) {
			diag_error(ctx->d, &l->args[i].pos, "'user': option "
			    "'%s' expects a value", l->args[i].s);
			return -1;
		}
		if (ul_user_opt(ctx, &l->args[i], &l->args[i + 1], &u) < 0)
			return -1;
	}
	if (u.password == NULL) {
		diag_warn(ctx->d, &a->pos, "user '%s' has no password, so it "
		    "can never log in", u.name);
		diag_hint(ctx->d, "add 'password <crypt hash>' or "
		    "'insecure-password <text>'");
	}
	*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->ul->users) = u;
	return 0;
}

/* group NAME [users U1,U2] */
static int
kw_ul_group(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	static const char *const opts[] = { "users" };
	const struct cfg_arg	*a = &l->args[ctx->argi];
	struct userlist_group	 g, *prev;

	(void)d;
	if ((prev = ul_find_group(ctx->ul, a->s)) != NULL)
		return ul_dup(ctx, a, "group", &prev->pos);
	memset(&g, 0, sizeof(g));
	g.pos = a->pos;
	g.name = cfg_arg_dup(ctx, a);
	if (ctx->argi + 1 < l->nargs) {
		if (cfg_arg_word(ctx, &l->args[ctx->argi + 1], "group",
		    "option", opts, nitems(opts)) < 0)
			return -1;
		if (ctx->argi + 2 >= l->nargs) {
			diag_error(ctx->d, &l->args[ctx->argi + 1].pos,
			    "'group': 'users' expects a list of users");
			return -1;
		}
		if (ctx->argi + 3 < l->nargs) {
			diag_error(ctx->d, &l->args[ctx->argi + 3].pos,
			    "too many arguments for 'group': unexpected '%s'",
			    l->args[ctx->argi + 3].s);
			diag_hint(ctx->d, "syntax: group <name> [users "
			    "<user>,<user>...]");
			return -1;
		}
		if (ul_list(ctx, &l->args[ctx->argi + 2], "user", &g.users) < 0)
			return -1;
	}
	*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->ul->groups) = g;
	return 0;
}

/* Report REF, naming a WHAT missing from UL, with a suggestion. */
static void
ul_missing(struct userlist_conf *ul, const struct userlist_ref *ref,
    const char *what, const char *owner_kind, const char *owner,
    struct diag *d)
{
	const char	*names[64], *s;
	unsigned	 i, n = what[0] == 'g' ? ul->groups.n : ul->users.n;

	diag_error(d, &ref->pos, "userlist '%s': %s '%s' lists %s '%s', "
	    "which is not defined", ul->name, owner_kind, owner, what,
	    ref->name);
	/* The first names are enough to catch a typo. */
	for (i = 0; i < n && i < nitems(names); i++)
		names[i] = what[0] == 'g' ? ul->groups.v[i].name :
		    ul->users.v[i].name;
	if ((s = cfg_kw_suggest(ref->name, names, i)) != NULL)
		diag_hint(d, "did you mean '%s'?", s);
	else
		diag_hint(d, "declare it in the userlist with '%s %s'", what,
		    ref->name);
}

/* Check that every group a user names, and every user a group names, is
 * declared in the same userlist; report each missing one at its name. */
void
cfg_userlist_check(struct config *cfg, struct diag *d)
{
	struct userlist_conf	*ul;
	unsigned		 i, j;

	for (ul = cfg->userlists; ul != NULL; ul = ul->next) {
		for (i = 0; i < ul->users.n; i++) {
			struct userlist_user	*u = &ul->users.v[i];

			for (j = 0; j < u->groups.n; j++)
				if (ul_find_group(ul, u->groups.v[j].name) ==
				    NULL)
					ul_missing(ul, &u->groups.v[j], "group",
					    "user", u->name, d);
		}
		for (i = 0; i < ul->groups.n; i++) {
			struct userlist_group	*g = &ul->groups.v[i];

			for (j = 0; j < g->users.n; j++)
				if (ul_find_user(ul, g->users.v[j].name) ==
				    NULL)
					ul_missing(ul, &g->users.v[j], "user",
					    "group", g->name, d);
		}
	}
}

/* ------------------------------------------------------------------ */
/* The table (sorted by name: a unit test checks it) */

#define UL		CFG_S_USERLIST

static const struct cfg_kw userlist_rows[] = {
	{ "group", UL, 1, 3, kw_ul_group, 0, KW_OK, 0, NULL, NULL,
	    "<name> [users <user>,<user>...]" },
	{ "user", UL, 1, 5, kw_ul_user, 0, KW_OK, 0, NULL, NULL,
	    "<name> [password <hash> | insecure-password <password>] "
	    "[groups <group>,<group>...]" },
};

const struct cfg_kw_table cfg_kw_userlist_table = {
	userlist_rows, nitems(userlist_rows)
};
