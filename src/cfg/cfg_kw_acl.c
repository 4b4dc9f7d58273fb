/*
 * cfg_kw_acl: ACLs and conditions (doc 7).  The "acl" keyword, the
 * "if"/"unless" conditions that every rule keyword parses through
 * cfg_cond_parse(), the predefined ACLs, and the switching rules
 * (use_backend, default_backend, use-server, force-persist,
 * ignore-persist, monitor fail).  One ACL term (fetch, flags, patterns)
 * is parsed by cfg_acl_fetch.c, which also holds the fetch tables.
 *
 * Names of backends, servers and userlists are recorded; cfg_xref.c and
 * cfg_kw_acl_check() resolve them once the model is whole.  Nothing here
 * prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg/cfg_acl_fetch.h"
#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "base/xmalloc.h"

#include "base/nitems.h"

/* Whole-model checks; the lead calls it from cfg_model_check(). */

/* Predefined ACLs (doc 7.4), sorted; built on first use in a proxy. */
static const struct {
	const char	*name;
	const char	*def;		/* the "acl" line after the name */
	bool		 supported;
} acl_predef[] = {
	{ "FALSE",		"always_false",				true },
	{ "HTTP",		"req.proto_http",			true },
	{ "HTTP_1.0",		"req.ver 1.0",				true },
	{ "HTTP_1.1",		"req.ver 1.1",				true },
	{ "HTTP_2.0",		"req.ver 2.0",				true },
	{ "HTTP_CONTENT",	"req.hdr_val(content-length) gt 0",	true },
	{ "HTTP_URL_ABS",	"url_reg ^[^/:]*://",			true },
	{ "HTTP_URL_SLASH",	"url_beg /",				true },
	{ "HTTP_URL_STAR",	"url *",				true },
	{ "LOCALHOST",		"src 127.0.0.1/8 ::1",			true },
	{ "METH_CONNECT",	"method CONNECT",			true },
	{ "METH_DELETE",	"method DELETE",			true },
	{ "METH_GET",		"method GET HEAD",			true },
	{ "METH_HEAD",		"method HEAD",				true },
	{ "METH_OPTIONS",	"method OPTIONS",			true },
	{ "METH_POST",		"method POST",				true },
	{ "METH_PUT",		"method PUT",				true },
	{ "METH_TRACE",		"method TRACE",				true },
	{ "RDP_COOKIE",		"req.rdp_cookie_cnt gt 0",		false },
	{ "REQ_CONTENT",	"req.len gt 0",				true },
	{ "TRUE",		"always_true",				true },
	{ "WAIT_END",		"wait_end",				true },
};

/* ------------------------------------------------------------------ */
/* Conditions (doc 7.2) */

/* When the rule being parsed runs, which decides the data it can see. */
enum cond_when { COND_REQ, COND_RES, COND_CONN };

static enum cond_when
cond_when(const struct cfg_ctx *ctx)
{
	static const struct {
		const char	*prefix;
		enum cond_when	 when;
	} rules[] = {
		{ "http-after-response", COND_RES },
		{ "http-response", COND_RES },
		{ "rsp", COND_RES },
		{ "stick store-response", COND_RES },
		{ "tcp-request connection", COND_CONN },
		{ "tcp-request session", COND_CONN },
		{ "tcp-response", COND_RES },
	};
	size_t	i;

	if (ctx->kw == NULL)
		return COND_REQ;
	for (i = 0; i < nitems(rules); i++)
		if (strncmp(ctx->kw->name, rules[i].prefix,
		    strlen(rules[i].prefix)) == 0)
			return rules[i].when;
	return COND_REQ;
}

/* Whether a fetch of SIDE has data in a WHEN rule of proxy PX (the
 * "will never match" checks of HAProxy's smp_check_usage). */
static bool
cond_side_ok(enum acl_side side, enum cond_when when,
    const struct proxy_conf *px)
{
	switch (side) {
	case ACL_SIDE_ANY:
		return true;
	case ACL_SIDE_REQ_DATA:
	case ACL_SIDE_REQ:
		return when == COND_REQ;
	case ACL_SIDE_REQ_KEPT:
		return when != COND_CONN;
	case ACL_SIDE_BACKEND:
		return when == COND_RES || (when == COND_REQ && (px == NULL ||
		    (px->cap & CFG_CAP_BE)));
	case ACL_SIDE_SERVER:
		return when == COND_RES;
	default:
		return when == COND_RES;
	}
}

/* What a fetch of SIDE waits for, for messages. */
static const char *
cond_side_name(enum acl_side side)
{
	switch (side) {
	case ACL_SIDE_BACKEND:
		return "the backend, which is not chosen yet";
	case ACL_SIDE_SERVER:
		return "the server, which is only chosen after the request "
		    "rules";
	case ACL_SIDE_RES_DATA:
	case ACL_SIDE_RES:
		return "the response";
	default:
		return "the request";
	}
}

/*
 * A fetch the rule cannot see never matches.  HAProxy only warns; a
 * response fetch in a request rule is an error here (spec 12), the other
 * cases stay warnings since HAProxy runs such configs.
 */
static void
cond_check_side(struct cfg_ctx *ctx, const struct acl_conf *acl,
    const struct cfg_pos *use)
{
	const struct acl_term_conf	*bad = NULL;
	enum cond_when			 when = cond_when(ctx);
	const char			*rule;
	unsigned			 i, nbad = 0;

	rule = ctx->kw != NULL ? ctx->kw->name : "this rule";
	for (i = 0; i < acl->terms.n; i++)
		if (!cond_side_ok(acl->terms.v[i].side, when, ctx->px) &&
		    nbad++ == 0)
			bad = &acl->terms.v[i];
	if (bad == NULL)
		return;
	if (when == COND_REQ && nbad == acl->terms.n &&
	    bad->side >= ACL_SIDE_RES_DATA)
		diag_error(ctx->d, use, "'%s' reads the response, which does "
		    "not exist yet when '%s' runs", bad->criterion, rule);
	else
		diag_warn(ctx->d, use, "'%s' never matches in '%s': it needs "
		    "%s", bad->criterion, rule, cond_side_name(bad->side));
	if (acl->name != NULL && !acl->predefined)
		diag_note(ctx->d, &bad->pos, "ACL '%s' is declared here",
		    acl->name);
	if (bad->side == ACL_SIDE_BACKEND)
		diag_hint(ctx->d, "test it in the backend's rules or in an "
		    "'http-response' rule");
	else if (bad->side == ACL_SIDE_SERVER)
		diag_hint(ctx->d, "test it in an 'http-response' rule");
	else if (when == COND_CONN)
		diag_hint(ctx->d, "use 'tcp-request content' or an "
		    "'http-request' rule to look at the request");
	else if (when == COND_RES)
		diag_hint(ctx->d, "request data is gone when the response is "
		    "processed; test it in an 'http-request' rule");
	else
		diag_hint(ctx->d, "test response data in an 'http-response' "
		    "rule");
}

static struct acl_conf *
acl_find(const struct proxy_conf *px, const char *name)
{
	unsigned	i;

	if (px == NULL)
		return NULL;
	for (i = 0; i < px->acls.n; i++)
		if (px->acls.v[i]->name != NULL &&
		    strcmp(px->acls.v[i]->name, name) == 0)
			return px->acls.v[i];
	return NULL;
}

static int
acl_predef_cmp(const void *key, const void *row)
{
	return strcmp(key, *(const char *const *)row);
}

/*
 * A predefined ACL (doc 7.4), built from its definition and added to the
 * proxy as HAProxy does, so that a later "acl NAME" extends it.  Returns
 * 0 if NAME is not predefined, 1 with *OUT, or -1 after an error.
 */
static int
acl_predefined(struct cfg_ctx *ctx, const struct cfg_arg *use,
    const char *name, struct acl_conf **out)
{
	struct cfg_arg	 args[6];
	struct acl_conf	*acl;
	char		*def, *w, *save;
	size_t		 n = 0;
	const char	*row;

	row = bsearch(name, acl_predef, nitems(acl_predef),
	    sizeof(acl_predef[0]), acl_predef_cmp);
	if (row == NULL)
		return 0;
	n = (size_t)((const char *)row - (const char *)acl_predef) /
	    sizeof(acl_predef[0]);
	if (!acl_predef[n].supported) {
		diag_error(ctx->d, &use->pos, "predefined ACL '%s' is not "
		    "supported by hapx", name);
		diag_hint(ctx->d, "it is '%s', which hapx does not implement",
		    acl_predef[n].def);
		return -1;
	}
	def = arena_strdup(&ctx->cfg->arena, acl_predef[n].def);
	for (n = 0, w = strtok_r(def, " ", &save); w != NULL && n <
	    nitems(args); w = strtok_r(NULL, " ", &save), n++) {
		args[n].s = w;
		args[n].len = strlen(w);
		args[n].pos = use->pos;
		args[n].flags = CFG_A_QUOTED;
	}
	acl = arena_alloc(&ctx->cfg->arena, sizeof(*acl));
	acl->name = arena_strdup(&ctx->cfg->arena, name);
	acl->pos = use->pos;
	acl->predefined = true;
	if (cfg_acl_term_parse(ctx, args, n, name,
	    CFG_VEC_PUSH(&ctx->cfg->arena, acl->terms)) < 0)
		return -1;
	if (ctx->px != NULL)
		*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->acls) = acl;
	*out = acl;
	return 1;
}

static void
cond_unknown_acl(struct cfg_ctx *ctx, const struct cfg_pos *pos,
    const char *name)
{
	const char	**cands;
	const char	 *s;
	size_t		  i, n = 0, np = ctx->px ? ctx->px->acls.n : 0;

	diag_error(ctx->d, pos, "no ACL named '%s' declared before this line",
	    name);
	cands = xreallocarray(NULL, np + nitems(acl_predef) + 1,
	    sizeof(*cands));
	for (i = 0; i < np; i++)
		if (ctx->px->acls.v[i]->name != NULL)
			cands[n++] = ctx->px->acls.v[i]->name;
	for (i = 0; i < nitems(acl_predef); i++)
		cands[n++] = acl_predef[i].name;
	if ((s = cfg_kw_suggest(name, cands, n)) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else
		diag_hint(ctx->d, "declare it with 'acl %s <criterion> "
		    "[<pattern>...]' above this line, in the same section",
		    name);
	free(cands);
}

/* The ACL named by word A (NAME is A without its '!'); NULL if reported. */
static struct acl_conf *
cond_named(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *name)
{
	struct cfg_pos	 pos = cfg_acl_subpos(a, (size_t)(name - a->s), 0);
	struct acl_conf	*acl;
	int		 rc;

	if (strcmp(name, "}") == 0) {
		diag_error(ctx->d, &pos, "'}' without a '{' before it");
		return NULL;
	}
	if ((acl = acl_find(ctx->px, name)) == NULL) {
		if ((rc = acl_predefined(ctx, a, name, &acl)) < 0)
			return NULL;
		if (rc == 0) {
			cond_unknown_acl(ctx, &pos, name);
			return NULL;
		}
	}
	acl->used = true;
	return acl;
}

/* "{ criterion [flags] patterns }" at ARGS[*IP]; *IP ends on the '}'. */
static struct acl_conf *
cond_anonymous(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *ip)
{
	struct acl_conf	*acl;
	size_t		 i = *ip, j;

	for (j = i + 1; j < l->nargs && strcmp(l->args[j].s, "}") != 0; j++)
		continue;
	if (j == l->nargs) {
		diag_error(ctx->d, &l->args[i].pos, "missing closing '}' in "
		    "condition");
		diag_hint(ctx->d, "braces are separate words: "
		    "'{ path_beg /api }'");
		*ip = l->nargs;
		return NULL;
	}
	*ip = j;
	if (j == i + 1) {
		diag_error(ctx->d, &l->args[i].pos, "empty '{ }' in condition");
		diag_hint(ctx->d, "write a fetch and patterns between the "
		    "braces: '{ path_beg /api }'");
		return NULL;
	}
	acl = arena_alloc(&ctx->cfg->arena, sizeof(*acl));
	acl->pos = l->args[i].pos;
	acl->used = true;
	if (cfg_acl_term_parse(ctx, &l->args[i + 1], j - i - 1, NULL,
	    CFG_VEC_PUSH(&ctx->cfg->arena, acl->terms)) < 0)
		return NULL;
	/* Defaults never keep them: proxies inherit a copy of the vector. */
	if (ctx->px != NULL && !ctx->px->is_defaults)
		*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->anon_acls) = acl;
	return acl;
}

/* Add ACL to the current AND group, opening one if needed. */
static void
cond_add(struct cfg_ctx *ctx, struct cond_conf *c, struct cond_and **grp,
    struct acl_conf *acl, bool negate, const struct cfg_pos *pos)
{
	struct cond_item	*it;

	if (*grp == NULL)
		*grp = CFG_VEC_PUSH(&ctx->cfg->arena, c->ors);
	it = CFG_VEC_PUSH(&ctx->cfg->arena, (*grp)->items);
	it->acl = acl;
	it->negate = negate;
	it->pos = *pos;
	cond_check_side(ctx, acl, pos);
}

/* A dangling "or" or "!" is accepted by HAProxy and means nothing; it is
 * most likely a word lost in an edit, so refuse it. */
static int
cond_dangling(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *what)
{
	diag_error(ctx->d, &a->pos, "%s", what);
	diag_hint(ctx->d, "conditions are '[!]acl1 [!]acl2 ... [or [!]acl3 "
	    "...]'");
	return -1;
}

/* The words after "if"/"unless", from ARGS[FROM]: AND groups separated by
 * "or"/"||", each ACL maybe negated by '!' (glued or a word of its own). */
static int
cond_terms(struct cfg_ctx *ctx, const struct cfg_line *l, size_t from,
    struct cond_conf *c)
{
	struct cond_and		*grp = NULL;
	struct acl_conf		*acl;
	const struct cfg_arg	*a, *bang = NULL, *or = NULL;
	const char		*w;
	bool			 neg = false, ingroup = false;
	size_t			 i;
	int			 rc = 0;

	for (i = from; i < l->nargs; i++) {
		a = &l->args[i];
		for (w = a->s; *w == '!'; w++) {
			neg = !neg;
			bang = a;
		}
		if (*w == '\0')
			continue;
		if (strcasecmp(w, "or") == 0 || strcmp(w, "||") == 0) {
			if (bang != NULL)
				rc = cond_dangling(ctx, bang, "'!' cannot "
				    "negate 'or'");
			else if (!ingroup)
				rc = cond_dangling(ctx, a, "'or' needs an ACL "
				    "before it");
			grp = NULL;
			or = a;
			neg = ingroup = false;
			bang = NULL;
			continue;
		}
		if (strcmp(w, "{") == 0)
			acl = cond_anonymous(ctx, l, &i);
		else
			acl = cond_named(ctx, a, w);
		if (acl == NULL)
			rc = -1;
		else
			cond_add(ctx, c, &grp, acl, neg, &a->pos);
		neg = false;
		ingroup = true;
		bang = or = NULL;
	}
	if (bang != NULL)
		rc = cond_dangling(ctx, bang, "'!' at the end of the condition "
		    "negates nothing");
	else if (or != NULL)
		rc = cond_dangling(ctx, or, "'or' at the end of the condition");
	return rc;
}

static void
cond_not_if(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	static const char *const words[] = { "if", "unless" };
	const char	*s = cfg_kw_suggest(a->s, words, nitems(words));

	diag_error(ctx->d, &a->pos, "unexpected '%s': only 'if' or 'unless' "
	    "may follow", a->s);
	if (s != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else
		diag_hint(ctx->d, "'%s' takes a condition as 'if <acl>' or "
		    "'unless <acl>'; HAProxy refuses anything else here",
		    ctx->kw ? ctx->kw->name : "this keyword");
}

int
cfg_cond_parse(struct cfg_ctx *ctx, const struct cfg_line *l, size_t from,
    struct cond_conf **cond)
{
	const struct cfg_arg	*a;
	struct cond_conf	*c;

	*cond = NULL;
	if (from >= l->nargs)
		return 0;
	a = &l->args[from];
	if (strcmp(a->s, "if") != 0 && strcmp(a->s, "unless") != 0) {
		cond_not_if(ctx, a);
		return -1;
	}
	if (from + 1 == l->nargs) {
		/* HAProxy accepts an empty condition as always true. */
		diag_error(ctx->d, &a->pos, "'%s' needs a condition after it",
		    a->s);
		diag_hint(ctx->d, "name an ACL declared above ('%s is_static') "
		    "or write one in braces ('%s { path_beg /static }')", a->s,
		    a->s);
		return -1;
	}
	c = arena_alloc(&ctx->cfg->arena, sizeof(*c));
	c->unless = a->s[0] == 'u';
	c->pos = a->pos;
	if (cond_terms(ctx, l, from + 1, c) < 0)
		return -1;
	*cond = c;
	return 0;
}

size_t
cfg_cond_start(const struct cfg_line *l, size_t from)
{
	size_t	i;

	for (i = from; i < l->nargs; i++)
		if (strcmp(l->args[i].s, "if") == 0 ||
		    strcmp(l->args[i].s, "unless") == 0)
			return i;
	return l->nargs;
}

/* ------------------------------------------------------------------ */
/* Keywords */

static int
acl_name_check(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	size_t		n = strspn(a->s, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");
	struct cfg_pos	pos;

	if (n == a->len)
		return 0;
	pos = cfg_acl_subpos(a, n, 1);
	diag_error(ctx->d, &pos, "character '%c' is not allowed in ACL name "
	    "'%s'", a->s[n], a->s);
	diag_hint(ctx->d, "ACL names use letters, digits, '-', '_', '.' and "
	    "':'");
	return -1;
}

/* acl NAME CRITERION [flags] [operator] [patterns...] */
static int
kw_acl(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*na = &l->args[ctx->argi];
	struct acl_term_conf	 t;
	struct acl_conf		*acl;
	int			 rc;

	(void)d;
	if (acl_name_check(ctx, na) < 0)
		return -1;
	rc = cfg_acl_term_parse(ctx, &l->args[ctx->argi + 1],
	    l->nargs - ctx->argi - 1, na->s, &t);
	/* The ACL exists even when its line is wrong, so that the rules
	 * using it do not add "no ACL named" errors to the real one. */
	if ((acl = acl_find(ctx->px, na->s)) == NULL) {
		acl = arena_alloc(&ctx->cfg->arena, sizeof(*acl));
		acl->name = cfg_arg_dup(ctx, na);
		acl->pos = na->pos;
		*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->acls) = acl;
	}
	if (rc < 0)
		return -1;
	*CFG_VEC_PUSH(&ctx->cfg->arena, acl->terms) = t;
	return 0;
}

/* HAProxy 2.6 only takes ACLs in named defaults, which proxies inherit
 * with "from"; hapx has no such inheritance of rules. */
static int
kw_acl_defaults(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	diag_error(d, &l->args[ctx->argi - 1].pos, "ACLs in defaults "
	    "sections are not supported by hapx; declare them in the proxy");
	diag_hint(d, "repeat the 'acl' line in each frontend, backend or "
	    "listen section that uses it");
	return -1;
}

/* use_backend NAME [if|unless COND] */
static int
kw_use_backend(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	struct cond_conf	*cond;
	struct switch_rule	*r;

	if (strstr(a->s, "%[") != NULL) {
		diag_error(d, &a->pos, "dynamic backend names ('%s') are not "
		    "supported by hapx", a->s);
		diag_hint(d, "name the backend statically: one 'use_backend "
		    "<name> if <acl>' line per backend");
		return -1;
	}
	if (cfg_cond_parse(ctx, l, ctx->argi + 1, &cond) < 0)
		return -1;
	r = CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->use_backends);
	r->pos = a->pos;
	r->backend = cfg_arg_dup(ctx, a);
	r->cond = cond;
	return 0;
}

/* default_backend NAME */
static int
kw_default_backend(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	struct switch_rule	*r = &ctx->px->default_backend;
	const struct proxy_conf	*from = ctx->px->from;

	/* HAProxy silently keeps the last one; a second one in the same
	 * section is most likely a leftover. */
	if (r->backend != NULL && (from == NULL ||
	    from->default_backend.backend != r->backend)) {
		diag_warn(d, &a->pos, "'default_backend' is set twice in this "
		    "section; '%s' replaces '%s'", a->s, r->backend);
		diag_note(d, &r->pos, "the first one is here");
	}
	memset(r, 0, sizeof(*r));
	r->pos = a->pos;
	r->backend = cfg_arg_dup(ctx, a);
	return 0;
}

/* The mandatory condition of use-server, force-persist, ignore-persist and
 * monitor fail, from ARGS[FROM]. */
static struct cond_conf *
kw_need_cond(struct cfg_ctx *ctx, const struct cfg_line *l, size_t from)
{
	struct cond_conf	*cond;

	if (from >= l->nargs) {
		diag_error(ctx->d, &l->args[l->nargs - 1].pos, "'%s' needs "
		    "'if' or 'unless' followed by a condition", ctx->kw->name);
		diag_hint(ctx->d, "syntax: %s %s", ctx->kw->name,
		    ctx->kw->syntax);
		return NULL;
	}
	if (cfg_cond_parse(ctx, l, from, &cond) < 0)
		return NULL;
	return cond;
}

/* use-server SERVER if|unless COND */
static int
kw_use_server(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	struct cond_conf	*cond;
	struct server_rule	*r;

	if (strstr(a->s, "%[") != NULL) {
		diag_error(d, &a->pos, "dynamic server names ('%s') are not "
		    "supported by hapx", a->s);
		diag_hint(d, "name the server statically: one 'use-server' "
		    "line per server");
		return -1;
	}
	if ((cond = kw_need_cond(ctx, l, ctx->argi + 1)) == NULL)
		return -1;
	r = CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->use_servers);
	r->pos = a->pos;
	r->server = cfg_arg_dup(ctx, a);
	r->index = -1;
	r->cond = cond;
	return 0;
}

/* Append the condition starting at ctx->argi to LIST. */
static int
kw_push_cond(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct cond_vec *list)
{
	struct cond_conf	*cond = kw_need_cond(ctx, l, ctx->argi);

	if (cond == NULL)
		return -1;
	*CFG_VEC_PUSH(&ctx->cfg->arena, *list) = cond;
	return 0;
}

static int
kw_force_persist(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	(void)d;
	return kw_push_cond(ctx, l, &ctx->px->force_persist);
}

static int
kw_ignore_persist(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	(void)d;
	return kw_push_cond(ctx, l, &ctx->px->ignore_persist);
}

/* monitor fail if|unless COND: several lines are ORed, as in HAProxy. */
static int
kw_monitor_fail(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	(void)d;
	return kw_push_cond(ctx, l, &ctx->px->monitor_fail);
}

/* ------------------------------------------------------------------ */
/* Whole-model checks */

static void
acl_check_suggest(const struct config *cfg, const char *name, unsigned cap,
    struct diag *d)
{
	const struct proxy_conf	*px;
	const char		**cands = NULL, *s;
	size_t			  n = 0;

	for (px = cfg->proxies; px != NULL; px = px->next) {
		if (!(px->cap & cap))
			continue;
		cands = xreallocarray(cands, n + 1, sizeof(*cands));
		cands[n++] = px->name;
	}
	if ((s = cfg_kw_suggest(name, cands, n)) != NULL)
		diag_hint(d, "did you mean '%s'?", s);
	free(cands);
}

/* Backends, frontends and userlists named in fetch arguments.  T->fetch
 * is the name of the fetch's row, so messages name it as before. */
static void
acl_check_term(const struct config *cfg, struct acl_term_conf *t,
    struct diag *d)
{
	const char	*kinds = cfg_acl_fetch_argkinds(t->fetch);
	const char	*v;
	unsigned	 i, cap;

	for (i = 0; kinds != NULL && i < t->nfetch_args; i++) {
		v = t->fetch_args[i];
		if (kinds[i] == 'u') {
			if (t->userlist == NULL &&
			    (t->userlist = config_find_userlist(cfg, v)) ==
			    NULL) {
				diag_error(d, &t->pos, "'%s': no userlist "
				    "named '%s'", t->fetch, v);
				diag_hint(d, "declare it with 'userlist %s' "
				    "and its users", v);
			}
			continue;
		}
		if (kinds[i] != 'b' && kinds[i] != 'f')
			continue;
		cap = kinds[i] == 'b' ? CFG_CAP_BE : CFG_CAP_FE;
		if ((t->proxy = config_find_proxy(cfg, v, cap)) == NULL) {
			diag_error(d, &t->pos, "'%s': no %s named '%s'",
			    t->fetch, cap == CFG_CAP_BE ? "backend" :
			    "frontend", v);
			acl_check_suggest(cfg, v, cap, d);
		}
	}
}

static void
acl_check_use_server(struct proxy_conf *px, struct server_rule *r,
    struct diag *d)
{
	const char	**cands;
	const char	 *s;
	unsigned	  i;

	for (i = 0; i < px->servers.n; i++) {
		if (strcmp(px->servers.v[i].name, r->server) == 0) {
			r->index = (int)i;
			return;
		}
	}
	diag_error(d, &r->pos, "use-server: no server named '%s' in %s '%s'",
	    r->server, px->kind, px->name);
	cands = xreallocarray(NULL, px->servers.n + 1, sizeof(*cands));
	for (i = 0; i < px->servers.n; i++)
		cands[i] = px->servers.v[i].name;
	if ((s = cfg_kw_suggest(r->server, cands, px->servers.n)) != NULL)
		diag_hint(d, "did you mean '%s'?", s);
	free(cands);
}

/* HAProxy: "L6 sample fetches ignored on HTTP proxies": an HTTP proxy
 * has no raw buffer to read, so req.len and req.ssl_* see nothing.  Only
 * known once the proxy's mode is final, hence here. */
static void
acl_check_l6(const struct proxy_conf *px, const struct acl_conf *acl,
    struct diag *d)
{
	const struct acl_term_conf	*t;
	unsigned			 i;

	if (px->mode != CFG_MODE_HTTP || !acl->used)
		return;
	for (i = 0; i < acl->terms.n; i++) {
		t = &acl->terms.v[i];
		if (t->side != ACL_SIDE_REQ_DATA &&
		    t->side != ACL_SIDE_RES_DATA)
			continue;
		diag_warn(d, &t->pos, "'%s' reads raw %s bytes, which %s '%s' "
		    "in 'mode http' does not keep: it never matches",
		    t->criterion, t->side == ACL_SIDE_REQ_DATA ? "request" :
		    "response", px->kind, px->name);
		diag_hint(d, "use it in a 'mode tcp' proxy; in 'mode http' "
		    "test the parsed request (path, hdr(...)) instead");
	}
}

static void
acl_check_acls(const struct config *cfg, const struct proxy_conf *px,
    struct acl_conf *const *acls, unsigned n, struct diag *d)
{
	unsigned	i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < acls[i]->terms.n; j++)
			acl_check_term(cfg, &acls[i]->terms.v[j], d);
		acl_check_l6(px, acls[i], d);
	}
}

/*
 * Checks that need the whole model: the backends, frontends and userlists
 * named in fetch arguments (nbsrv(b), http_auth(u)...), the servers of
 * use-server rules, and raw-data fetches in HTTP proxies.  Diagnostics go
 * to D at the use.  Call it after the proxies' modes are settled.
 */
void
cfg_kw_acl_check(struct config *cfg, unsigned flags, struct diag *d)
{
	struct proxy_conf	*px;
	unsigned		 i;

	(void)flags;
	for (px = cfg->proxies; px != NULL; px = px->next) {
		acl_check_acls(cfg, px, px->acls.v, px->acls.n, d);
		acl_check_acls(cfg, px, px->anon_acls.v, px->anon_acls.n, d);
		for (i = 0; i < px->use_servers.n; i++)
			acl_check_use_server(px, &px->use_servers.v[i], d);
	}
}

/* ------------------------------------------------------------------ */
/* Rows */

static const struct cfg_kw cfg_kw_acl_rows[] = {
	{ "acl", CFG_S_PX_ONLY, 2, -1, kw_acl, 0, KW_OK, 0, NULL, NULL,
	    "<name> <criterion> [flags] [operator] [<pattern>...]" },
	{ "acl", CFG_S_DEFAULTS, 0, -1, kw_acl_defaults, 0, KW_OK,
	    KW_F_RAWARGS, NULL, NULL,
	    "<name> <criterion> [flags] [operator] [<pattern>...]" },
	/* In a backend HAProxy only warns that these are ignored
	 * (warnifnotcap); use_backend in defaults is an error there. */
	{ "default_backend", CFG_S_FE, 1, 1, kw_default_backend, 0, KW_OK,
	    0, NULL, NULL, "<backend>" },
	{ "force-persist", CFG_S_BE_ONLY, 1, -1, kw_force_persist, 0, KW_OK,
	    0, NULL, NULL, "{ if | unless } <condition>" },
	{ "ignore-persist", CFG_S_BE_ONLY, 1, -1, kw_ignore_persist, 0,
	    KW_OK, 0, NULL, NULL, "{ if | unless } <condition>" },
	{ "monitor fail", CFG_S_FE_ONLY, 1, -1, kw_monitor_fail, 0, KW_OK,
	    0, NULL, NULL, "{ if | unless } <condition>" },
	{ "use-server", CFG_S_BE_ONLY, 1, -1, kw_use_server, 0, KW_OK, 0,
	    NULL, NULL, "<server> { if | unless } <condition>" },
	{ "use_backend", CFG_S_FE_ONLY, 1, -1, kw_use_backend, 0, KW_OK,
	    0, NULL, NULL,
	    "<backend> [{ if | unless } <condition>]" },
};

const struct cfg_kw_table cfg_kw_acl_table = {
	cfg_kw_acl_rows, nitems(cfg_kw_acl_rows)
};
