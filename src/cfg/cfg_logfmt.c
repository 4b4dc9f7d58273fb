/*
 * cfg_logfmt: the one checker of log-format strings (doc 8.2.6), shared by
 * every keyword that takes one (log-format, unique-id-format, http-request
 * set-header/add-header values, return lf-string, redirect location...):
 * every '%' item must be a known variable, "%{flags}var" or "%[sample]",
 * and a literal '%' is written "%%".  The fetch and converters of a
 * "%[sample]" are checked against the ACL fetch table (cfg_acl_fetch.c),
 * as HAProxy parses them at start-up; the string is kept as text for the
 * engine, which compiles it once (http/fmt.c, observe/log_fmt.c).  The
 * syntax is model/fmt_lex.c's, which those compilers read too, so that
 * what is checked is what runs.  Errors point at the bad item; nothing
 * here prints.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "cfg/cfg_acl_fetch.h"
#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "cfg/cfg_logfmt.h"
#include "model/fmt_lex.h"

#include "base/nitems.h"

/* Log-format variables (doc 8.2.6).  The second list is what HAProxy 2.6
 * refuses outside mode http (it lets %tsc through, though the doc marks
 * it HTTP-only). */
static const char *const lf_vars[] = {
	"B", "CC", "CS", "H", "HM", "HP", "HPO", "HQ", "HU", "HV", "ID", "ST",
	"T", "Ta", "Tc", "Td", "Th", "Ti", "Tl", "Tq", "TR", "Tr", "Ts", "Tt",
	"Tu", "Tw", "U", "ac", "b", "bc", "bi", "bp", "bq", "ci", "cp", "f",
	"fc", "fi", "fp", "ft", "hr", "hrl", "hs", "hsl", "lc", "ms", "o",
	"pid", "r", "rc", "rt", "s", "sc", "si", "sp", "sq", "sslc", "sslv",
	"t", "tr", "trg", "trl", "ts", "tsc",
};
static const char *const lf_http_vars[] = {
	"CC", "CS", "HM", "HP", "HPO", "HQ", "HU", "HV", "Ta", "Ti", "Tq",
	"TR", "Tr", "r", "tr", "trg", "trl",
};

static bool
lf_in(const char *w, size_t n, const char *const *names, size_t nn)
{
	size_t	i;

	for (i = 0; i < nn; i++)
		if (strlen(names[i]) == n && strncmp(w, names[i], n) == 0)
			return true;
	return false;
}

static int
lf_error(struct cfg_ctx *ctx, const struct cfg_arg *a, size_t off,
    size_t len, const char *msg)
{
	struct cfg_pos	pos = cfg_arg_subpos(a, off, len);

	diag_error(ctx->d, &pos, "'%s': %s", ctx->kw->name, msg);
	return -1;
}

/* The "{+Q,-X}" flags of token T. */
static int
lf_flags(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const struct fmt_tok *t)
{
	const char	*s = a->s;
	size_t		 j;

	if (t->kind == FT_BAD && t->bad == FB_FLAGS_OPEN) {
		lf_error(ctx, a, t->flags_off - 1, 0, "'{' of the variable "
		    "flags is never closed");
		diag_hint(ctx->d, "write flags as %%{+Q}r; a literal '%%' is "
		    "written '%%%%'");
		return -1;
	}
	for (j = t->flags_off; j < t->flags_off + t->flags_len; j++) {
		if (s[j] == ',' || s[j] == '+' || s[j] == '-' ||
		    s[j] == 'Q' || s[j] == 'X' || s[j] == 'E')
			continue;
		lf_error(ctx, a, j, 1, "unknown log-format flag");
		diag_hint(ctx->d, "flags are +Q (quote), +X (hexadecimal) and "
		    "+E (escape), or -Q/-X/-E to remove them");
		return -1;
	}
	return 0;
}

/* "%[sample expression]" (token T), or its missing ']'. */
static int
lf_sample(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const struct fmt_tok *t)
{
	if (t->kind == FT_BAD) {
		lf_error(ctx, a, t->off, 0, "missing ']' after the sample "
		    "expression");
		diag_hint(ctx->d, "a sample expression is written "
		    "%%[fetch,converter]; write '%%%%' for a literal '%%'");
		return -1;
	}
	if (t->name_len == 0)
		return lf_error(ctx, a, t->off, 3, "empty sample expression "
		    "'%[]'");
	return cfg_acl_sample_check(ctx, a, t->name_off, t->name_len);
}

/* Variable token T; records the first one that needs mode http. */
static int
lf_var(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const struct fmt_tok *t, struct logfmt_conf *out)
{
	const char	*w = a->s + t->name_off, *s;
	size_t		 n = t->name_len;
	char		 name[16];

	if (!lf_in(w, n, lf_vars, nitems(lf_vars))) {
		snprintf(name, sizeof(name), "%.*s", (int)n, w);
		lf_error(ctx, a, t->name_off - 1, n + 1, "unknown log-format "
		    "variable");
		s = cfg_kw_suggest(name, lf_vars, nitems(lf_vars));
		if (s != NULL)
			diag_hint(ctx->d, "'%%%s' is not a variable; did you "
			    "mean '%%%s'? (a literal '%%' is written '%%%%')",
			    name, s);
		else
			diag_hint(ctx->d, "'%%%s' is not a variable; a literal "
			    "'%%' is written '%%%%'", name);
		return -1;
	}
	if (out->http_var == NULL && lf_in(w, n, lf_http_vars,
	    nitems(lf_http_vars))) {
		out->http_var = arena_strndup(&ctx->cfg->arena, w, n);
		out->http_var_pos = cfg_arg_subpos(a, t->name_off - 1, n + 1);
	}
	return 0;
}

/* One token of the format (model/fmt_lex.c: the syntax the runtime
 * compilers read too). */
static int
lf_item(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const struct fmt_tok *t, struct logfmt_conf *out)
{
	if (t->kind == FT_LIT || t->kind == FT_PCT)
		return 0;
	if (lf_flags(ctx, a, t) < 0)
		return -1;
	if (t->kind == FT_SMP || t->bad == FB_NO_BRACKET)
		return lf_sample(ctx, a, t);
	if (t->kind == FT_VAR)
		return lf_var(ctx, a, t, out);
	lf_error(ctx, a, t->off, t->len + 1, t->len > 1 ?
	    "log-format flags without a variable" :
	    "'%' is not followed by a variable");
	diag_hint(ctx->d, "write %%<var>, %%{flags}<var> or %%[expression]; "
	    "a literal '%%' is written '%%%%'");
	return -1;
}

/* Walk the '%' items of A into *F; -1 at the first bad one. */
static int
lf_walk(struct cfg_ctx *ctx, const struct cfg_arg *a, struct logfmt_conf *f)
{
	struct fmt_tok	t;
	size_t		pos = 0;

	memset(f, 0, sizeof(*f));
	while (fmt_lex_next(a->s, a->len, &pos, &t))
		if (lf_item(ctx, a, &t, f) < 0)
			return -1;
	return 0;
}

/* Check a log-format string (doc 8.2.6) and keep it in *OUT. */
int
cfg_logfmt_parse(struct cfg_ctx *ctx, const struct cfg_arg *a,
    struct logfmt_conf *out)
{
	struct logfmt_conf	f;

	if (lf_walk(ctx, a, &f) < 0)
		return -1;
	f.s = cfg_arg_dup(ctx, a);
	f.pos = a->pos;
	*out = f;
	return 0;
}

/* The same checks for a value the caller keeps itself. */
int
cfg_logfmt_check(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	struct logfmt_conf	f;

	return lf_walk(ctx, a, &f);
}
