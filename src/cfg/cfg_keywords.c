/*
 * cfg_keywords: one index over every keyword row of the cfg_kw_*.c tables.
 * Section, "no" prefix, status and argument count are checked here, once,
 * from the row, before a handler runs (nginx's ngx_conf_handler idea).
 * Handlers then only parse their own arguments.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "base/diag_codes.h"
#include "cfg/cfg_parse.h"
#include "base/regex.h"
#include "base/nitems.h"
#include "base/xmalloc.h"

const struct cfg_kw_table *const cfg_kw_tables[] = {
	&cfg_kw_global_table,
	&cfg_kw_userlist_table,
	&cfg_kw_proxy_table,
	&cfg_kw_option_table,
	&cfg_kw_server_table,
	&cfg_kw_bind_table,
	&cfg_kw_http_table,
	&cfg_kw_tcp_table,
	&cfg_kw_acl_table,
	&cfg_kw_check_table,
	&cfg_kw_stats_table,
};
const size_t cfg_kw_ntables = nitems(cfg_kw_tables);

/* The merged index, sorted by name; built on first use. */
static const struct cfg_kw	**kw_index;
static size_t			  kw_nindex;

static int
kw_cmp_rows(const void *a, const void *b)
{
	const struct cfg_kw	*const *x = a, *const *y = b;
	int			 c = strcmp((*x)->name, (*y)->name);

	if (c != 0)
		return c;
	return (*x)->sections < (*y)->sections ? -1 :
	    (*x)->sections > (*y)->sections;
}

static void
kw_index_build(void)
{
	size_t	i, j, n = 0;

	if (kw_index != NULL)
		return;
	for (i = 0; i < cfg_kw_ntables; i++)
		n += cfg_kw_tables[i]->nrows;
	kw_index = xreallocarray(NULL, n, sizeof(*kw_index));
	for (i = 0; i < cfg_kw_ntables; i++)
		for (j = 0; j < cfg_kw_tables[i]->nrows; j++)
			kw_index[kw_nindex++] = &cfg_kw_tables[i]->rows[j];
	qsort(kw_index, kw_nindex, sizeof(*kw_index), kw_cmp_rows);
}

/* First index entry named NAME, or kw_nindex. */
static size_t
kw_lower_bound(const char *name)
{
	size_t	lo = 0, hi = kw_nindex, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(kw_index[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Union of the sections of all rows named NAME (0 = unknown keyword). */
static unsigned
kw_sections_of(const char *name)
{
	size_t		i;
	unsigned	mask = 0;

	kw_index_build();
	for (i = kw_lower_bound(name); i < kw_nindex &&
	    strcmp(kw_index[i]->name, name) == 0; i++)
		mask |= kw_index[i]->sections;
	return mask;
}

const struct cfg_kw *
cfg_kw_find(const char *name, unsigned section)
{
	size_t	i;

	kw_index_build();
	for (i = kw_lower_bound(name); i < kw_nindex &&
	    strcmp(kw_index[i]->name, name) == 0; i++)
		if (kw_index[i]->sections & section)
			return kw_index[i];
	return NULL;
}

/* Whether some row is named "WORD something". */
static bool
kw_is_prefix(const char *word)
{
	char	buf[128];
	size_t	i;

	snprintf(buf, sizeof(buf), "%s ", word);
	kw_index_build();
	i = kw_lower_bound(buf);
	return i < kw_nindex && strncmp(kw_index[i]->name, buf,
	    strlen(buf)) == 0;
}

static const char *const section_names[] = {
	"global", "defaults", "frontend", "backend", "listen", "userlist",
	"peers", "resolvers", "mailers", "other",
};

const char *
cfg_section_name(unsigned section)
{
	size_t	i;

	for (i = 0; i < sizeof(section_names) / sizeof(section_names[0]); i++)
		if (section & (1u << i))
			return section_names[i];
	return "?";
}

const char *
cfg_sections_list(unsigned mask, char *buf, size_t len)
{
	size_t	i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(section_names) / sizeof(section_names[0]); i++) {
		if (!(mask & (1u << i)))
			continue;
		if (buf[0] != '\0')
			strncat(buf, "/", len - strlen(buf) - 1);
		strncat(buf, section_names[i], len - strlen(buf) - 1);
	}
	return buf;
}

/* Damerau distance in its "optimal string alignment" form: insertions,
 * deletions, substitutions and swaps of two adjacent letters count 1, so
 * "bge" is 1 from "beg" (HAProxy's cfg_find_best_match uses a cruder
 * metric).  Words of 63 bytes or more are never close. */
static size_t
kw_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, v;
	size_t	r0[64], r1[64], r2[64];		/* rows i-2, i-1, i */
	size_t	*pp = r0, *p = r1, *c = r2, *t;

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		p[j] = j;
	for (i = 1; i <= la; i++) {
		c[0] = i;
		for (j = 1; j <= lb; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb];
}

const char *
cfg_kw_suggest(const char *word, const char *const *cands, size_t n)
{
	const char	*best = NULL;
	size_t		 i, d, bestd = 99, limit = strlen(word) / 3 + 1;

	if (limit > 3)
		limit = 3;
	for (i = 0; i < n; i++) {
		size_t	lc = strlen(cands[i]), lw = strlen(word);

		/* The distance is at least the difference in length. */
		if ((lc > lw ? lc - lw : lw - lc) > limit)
			continue;
		d = kw_distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit ? best : NULL;
}

/* The candidates for an unknown first word in SECTION: single-word rows,
 * the first word of multi-word rows ("timeout" of "timeout client") and
 * the section keywords, which may start a line anywhere.  Strings owned
 * by the caller (free each, then the array). */
static char **
kw_first_words(unsigned section, size_t *np)
{
	char		**cands = xreallocarray(NULL, kw_nindex +
			    cfg_parse_nsections + 1, sizeof(*cands));
	const char	 *name;
	size_t		  i, n = 0, len;

	for (i = 0; i < kw_nindex; i++) {
		name = kw_index[i]->name;
		if (!(kw_index[i]->sections & section) ||
		    kw_index[i]->status == KW_UNSUPPORTED)
			continue;
		len = strcspn(name, " ");
		/* The index is sorted: equal first words are adjacent. */
		if (n > 0 && strncmp(cands[n - 1], name, len) == 0 &&
		    cands[n - 1][len] == '\0')
			continue;
		cands[n++] = xstrndup(name, len);
	}
	for (i = 0; i < cfg_parse_nsections; i++)
		cands[n++] = xstrdup(cfg_parse_sections[i]);
	*np = n;
	return cands;
}

/* Suggest a keyword valid in SECTION, restricted to "PREFIX ..." rows when
 * PREFIX is set, into BUF (LEN bytes).  Returns false when none is close. */
static bool
kw_suggest_in(const char *word, unsigned section, const char *prefix,
    char *buf, size_t len)
{
	char		**words = NULL;
	const char	**cands;
	const char	 *best;
	size_t		  i, n = 0, plen = prefix ? strlen(prefix) : 0;

	if (prefix == NULL) {
		words = kw_first_words(section, &n);
		best = cfg_kw_suggest(word, (const char *const *)words, n);
		if (best != NULL)
			snprintf(buf, len, "%s", best);
		for (i = 0; i < n; i++)
			free(words[i]);
		free(words);
		return best != NULL;
	}
	cands = xreallocarray(NULL, kw_nindex + 1, sizeof(*cands));
	for (i = 0; i < kw_nindex; i++) {
		const char	*name = kw_index[i]->name;

		if (!(kw_index[i]->sections & section) ||
		    kw_index[i]->status == KW_UNSUPPORTED)
			continue;
		if (strncmp(name, prefix, plen) != 0 || name[plen] != ' ')
			continue;
		cands[n++] = name + plen + 1;
	}
	best = cfg_kw_suggest(word, cands, n);
	if (best != NULL)
		snprintf(buf, len, "%s", best);
	free(cands);
	return best != NULL;
}

static void
kw_unknown(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *prefix)
{
	char	s[128];
	bool	found = kw_suggest_in(a->s, ctx->section, prefix, s, sizeof(s));

	if (prefix != NULL)
		diag_error(ctx->d, &a->pos, "unknown '%s' keyword '%s' in a %s "
		    "section", prefix, a->s, cfg_section_name(ctx->section));
	else
		diag_error(ctx->d, &a->pos, "unknown keyword '%s' in a %s "
		    "section", a->s, cfg_section_name(ctx->section));
	if (found)
		diag_hint(ctx->d, "did you mean '%s'?", s);
}

/* The keyword's name as looked up: "option httplog", "http-request
 * set-var" (arguments in parentheses are not part of the name). */
static void
kw_lookup_name(const struct cfg_line *l, size_t k, char *buf, size_t len,
    bool *two)
{
	const char	*w2;
	size_t		 n;

	*two = false;
	snprintf(buf, len, "%s", l->args[k].s);
	if (k + 1 >= l->nargs || !kw_is_prefix(l->args[k].s))
		return;
	w2 = l->args[k + 1].s;
	n = strcspn(w2, "(");
	snprintf(buf, len, "%s %.*s", l->args[k].s, (int)n, w2);
	*two = true;
}

/* Wrong section: HAProxy warns and ignores most proxy keywords in a proxy
 * lacking the capability, but refuses them in defaults and elsewhere. */
static void
kw_wrong_section(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const char *name, unsigned mask)
{
	char		 where[128];
	bool		 strict = false;
	size_t		 i;

	for (i = kw_lower_bound(name); i < kw_nindex &&
	    strcmp(kw_index[i]->name, name) == 0; i++)
		strict |= (kw_index[i]->flags & KW_F_STRICT) != 0;
	cfg_sections_list(mask, where, sizeof(where));
	if (!strict && (ctx->section & (CFG_S_FRONTEND | CFG_S_BACKEND)) &&
	    (mask & CFG_S_PX_ONLY)) {
		diag_warn(ctx->d, &a->pos, "'%s' is ignored in a %s section",
		    name, cfg_section_name(ctx->section));
		diag_code(ctx->d, LINT_WRONG_SECTION);
		diag_hint(ctx->d, "it only applies in a %s section; move it "
		    "there or remove it", where);
		return;
	}
	diag_error(ctx->d, &a->pos, "'%s' is not allowed in a %s section",
	    name, cfg_section_name(ctx->section));
	diag_hint(ctx->d, "it belongs in a %s section", where);
}

/* Check the argument count from the row; truncate at an empty word. */
static int
kw_check_args(struct cfg_ctx *ctx, const struct cfg_kw *kw,
    const struct cfg_line *l, struct cfg_line *out)
{
	size_t	i, n;

	*out = *l;
	for (i = ctx->argi; i < l->nargs; i++) {
		if (l->args[i].len != 0)
			continue;
		/* HAProxy stops at the first empty word; so do we, but we
		 * refuse to drop what follows it without a word. */
		if (i + 1 < l->nargs) {
			diag_error(ctx->d, &l->args[i].pos, "empty argument "
			    "in the middle of '%s'", kw->name);
			diag_hint(ctx->d, "HAProxy stops reading at an empty "
			    "word and would ignore the rest; remove it or set "
			    "the variable it came from");
			return -1;
		}
		out->nargs = i;
	}
	if (kw->flags & KW_F_RAWARGS)
		return 0;
	n = out->nargs - ctx->argi;
	if ((short)n < kw->min_args) {
		const struct cfg_arg	*a = &l->args[out->nargs - 1];

		diag_error(ctx->d, &a->pos, "'%s' expects %s%d argument%s, got "
		    "%zu", kw->name, kw->max_args == kw->min_args ? "" :
		    "at least ", kw->min_args, kw->min_args == 1 ? "" : "s", n);
		diag_hint(ctx->d, "syntax: %s %s", kw->name,
		    kw->syntax ? kw->syntax : "");
		return -1;
	}
	if (kw->max_args >= 0 && n > (size_t)kw->max_args) {
		const struct cfg_arg	*a = &l->args[ctx->argi + kw->max_args];

		diag_error(ctx->d, &a->pos, "too many arguments for '%s': "
		    "unexpected '%s'", kw->name, a->s);
		diag_hint(ctx->d, "syntax: %s %s", kw->name,
		    kw->syntax ? kw->syntax : "");
		return -1;
	}
	return 0;
}

/* The status checks that come before the arguments: an unsupported
 * keyword is an error whatever its arguments (-1); a deprecated one warns
 * and still runs (0). */
static int
kw_status_check(struct cfg_ctx *ctx, const struct cfg_kw *kw,
    const struct cfg_arg *a)
{
	if (kw->status == KW_UNSUPPORTED) {
		diag_error(ctx->d, &a->pos, "'%s' is not supported by hapx",
		    kw->name);
		if (kw->modern != NULL)
			diag_hint(ctx->d, "%s", kw->modern);
		return -1;
	}
	if (kw->status == KW_DEPRECATED) {
		if (kw->removed_in != NULL)
			diag_warn(ctx->d, &a->pos, "'%s' was removed in HAProxy "
			    "%s; hapx still runs it", kw->name, kw->removed_in);
		else
			diag_warn(ctx->d, &a->pos, "'%s' is deprecated; hapx "
			    "still runs it", kw->name);
		diag_code(ctx->d, LINT_DEPRECATED);
		if (kw->modern != NULL)
			diag_hint(ctx->d, "modern equivalent: %s", kw->modern);
	}
	return 0;
}

/* An ignored keyword whose arguments are fine: say it has no effect. */
static void
kw_ignored(struct cfg_ctx *ctx, const struct cfg_kw *kw,
    const struct cfg_arg *a)
{
	if (kw->removed_in != NULL) {
		/* 1.x syntax that would do nothing in hapx either. */
		diag_warn(ctx->d, &a->pos, "'%s' was removed in HAProxy %s; "
		    "it has no effect in hapx", kw->name, kw->removed_in);
		diag_code(ctx->d, LINT_IGNORED);
		if (kw->modern != NULL)
			diag_hint(ctx->d, "modern equivalent: %s", kw->modern);
		return;
	}
	diag_warn(ctx->d, &a->pos, "'%s' has no effect in hapx", kw->name);
	diag_code(ctx->d, LINT_IGNORED);
	if (kw->modern != NULL)
		diag_hint(ctx->d, "%s", kw->modern);
}

/* Resolve the row for the statement; NULL when reported. */
static const struct cfg_kw *
kw_resolve(struct cfg_ctx *ctx, const struct cfg_line *l, size_t k)
{
	const struct cfg_kw	*kw;
	char			 name[160];
	bool			 two;
	unsigned		 mask;

	kw_lookup_name(l, k, name, sizeof(name), &two);
	ctx->argi = k + (two ? 2 : 1);
	if ((mask = kw_sections_of(name)) == 0 && two) {
		/* "capture request header" style: single-word row. */
		if (kw_sections_of(l->args[k].s) != 0) {
			snprintf(name, sizeof(name), "%s", l->args[k].s);
			ctx->argi = k + 1;
			mask = kw_sections_of(name);
		} else {
			kw_unknown(ctx, &l->args[k + 1], l->args[k].s);
			return NULL;
		}
	}
	if (mask == 0) {
		if (kw_is_prefix(l->args[k].s)) {
			diag_error(ctx->d, &l->args[k].pos, "'%s' needs a "
			    "keyword after it", l->args[k].s);
			return NULL;
		}
		kw_unknown(ctx, &l->args[k], NULL);
		return NULL;
	}
	if ((kw = cfg_kw_find(name, ctx->section)) == NULL) {
		kw_wrong_section(ctx, &l->args[k], name, mask);
		return NULL;
	}
	return kw;
}

int
cfg_kw_dispatch(struct cfg_ctx *ctx, const struct cfg_line *l)
{
	const struct cfg_kw	*kw;
	struct cfg_line		 cut;
	size_t			 k = 0;

	ctx->negate = ctx->reset = false;
	if (l->nargs > 1 && (strcmp(l->args[0].s, "no") == 0 ||
	    strcmp(l->args[0].s, "default") == 0)) {
		ctx->negate = l->args[0].s[0] == 'n';
		ctx->reset = !ctx->negate;
		k = 1;
	}
	if ((kw = kw_resolve(ctx, l, k)) == NULL)
		return -1;
	ctx->kw = kw;
	if (k > 0 && !(kw->flags & KW_F_NEGATABLE)) {
		diag_error(ctx->d, &l->args[0].pos, "'%s' cannot be used "
		    "before '%s'", l->args[0].s, kw->name);
		diag_hint(ctx->d, "only options, 'log' and a few global "
		    "settings take 'no' or 'default'");
		return -1;
	}
	if (kw_status_check(ctx, kw, &l->args[k]) < 0)
		return -1;
	/* An ignored keyword's arguments are checked first, so a typo in
	 * them is one error, not hidden behind (or doubled by) the
	 * "no effect" warning. */
	if (kw_check_args(ctx, kw, l, &cut) < 0)
		return -1;
	if (kw->status == KW_IGNORED) {
		kw_ignored(ctx, kw, &l->args[k]);
		/* A row with a handler still has its value validated:
		 * "has no effect" must not hide a typo. */
		if (kw->parse == NULL)
			return 0;
	}
	if (kw->parse == NULL)
		return 0;
	return kw->parse(ctx, &cut, ctx->d);
}

/* ------------------------------------------------------------------ */
/* Server and bind options */

static const struct cfg_opt *
opt_find(const struct cfg_opt_table *t, const char *name)
{
	size_t	lo = 0, hi = t->nrows, mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(t->rows[mid].name, name);
		if (c == 0)
			return &t->rows[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
opt_unknown(struct cfg_ctx *ctx, const struct cfg_opt_table *t,
    const struct cfg_arg *a)
{
	const char	**cands = xreallocarray(NULL, t->nrows + 1,
			    sizeof(*cands));
	const char	 *s;
	size_t		  i;

	for (i = 0; i < t->nrows; i++)
		cands[i] = t->rows[i].name;
	s = cfg_kw_suggest(a->s, cands, t->nrows);
	free(cands);
	diag_error(ctx->d, &a->pos, "unknown %s option '%s'", t->what, a->s);
	if (s != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
}

int
cfg_opt_run(struct cfg_ctx *ctx, const struct cfg_opt_table *t,
    const struct cfg_line *l, size_t from, void *target)
{
	const struct cfg_opt	*o;
	size_t			 i = from;
	int			 rc = 0;

	while (i < l->nargs) {
		const struct cfg_arg	*a = &l->args[i];

		if ((o = opt_find(t, a->s)) == NULL) {
			opt_unknown(ctx, t, a);
			return -1;
		}
		if (i + (size_t)o->nargs >= l->nargs) {
			diag_error(ctx->d, &a->pos, "%s option '%s' expects %d "
			    "argument%s", t->what, o->name, o->nargs,
			    o->nargs == 1 ? "" : "s");
			diag_hint(ctx->d, "syntax: %s %s", o->name,
			    o->syntax ? o->syntax : "");
			return -1;
		}
		if (o->status == KW_IGNORED) {
			diag_warn(ctx->d, &a->pos, "%s option '%s' has no "
			    "effect in hapx", t->what, o->name);
			diag_code(ctx->d, LINT_IGNORED);
			if (o->modern != NULL)
				diag_hint(ctx->d, "%s", o->modern);
			/* Still validate the value when a parser exists. */
			if (o->parse != NULL && o->parse(ctx, a,
			    (size_t)o->nargs + 1, target, ctx->d) < 0)
				rc = -1;
		} else if (o->status == KW_UNSUPPORTED) {
			diag_error(ctx->d, &a->pos, "%s option '%s' is not "
			    "supported by hapx", t->what, o->name);
			if (o->modern != NULL)
				diag_hint(ctx->d, "%s", o->modern);
			rc = -1;
		} else if (o->parse(ctx, a, (size_t)o->nargs + 1, target,
		    ctx->d) < 0)
			rc = -1;
		i += (size_t)o->nargs + 1;
	}
	return rc;
}

int
cfg_opt_uint(struct cfg_ctx *ctx, const struct cfg_arg *args,
    unsigned long min, unsigned long max, unsigned *out)
{
	char		err[256];
	unsigned long	v;

	/* Parse unbounded first so a range error names the option. */
	if (cfg_value_uint(args[1].s, 0, ULONG_MAX, &v, err,
	    sizeof(err)) < 0) {
		diag_error(ctx->d, &args[1].pos, "'%s': %s", args[0].s, err);
		return -1;
	}
	if (v < min) {
		diag_error(ctx->d, &args[1].pos, "'%s' must be at least %lu, "
		    "got '%s'", args[0].s, min, args[1].s);
		return -1;
	}
	if (v > max) {
		diag_error(ctx->d, &args[1].pos, "'%s' must be at most %lu, "
		    "got '%s'", args[0].s, max, args[1].s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* ------------------------------------------------------------------ */
/* grammar/keywords.md, generated from the tables (see t/grammar-sync.sh) */

static const char *
kw_status_name(enum kw_status s)
{
	static const char *const names[] = { "supported", "deprecated (runs)",
	    "not supported", "ignored (warning)" };

	return names[s];
}

/* Table cells must not contain '|' or newlines. */
static void
kw_md_cell(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\n')
			fputc(' ', fp);
		else
			fputc(*s, fp);
	}
}

static void
kw_md_opts(FILE *fp, const struct cfg_opt_table *t)
{
	size_t	i;

	fprintf(fp, "\n## %s options\n\n| option | arguments | status | note "
	    "|\n|---|---|---|---|\n", t->what);
	for (i = 0; i < t->nrows; i++) {
		fprintf(fp, "| `%s` | ", t->rows[i].name);
		kw_md_cell(fp, t->rows[i].syntax);
		fprintf(fp, " | %s | ", kw_status_name(t->rows[i].status));
		kw_md_cell(fp, t->rows[i].modern);
		fputs(" |\n", fp);
	}
}

void
cfg_kw_write_markdown(FILE *fp)
{
	char	where[160];
	size_t	i;

	kw_index_build();
	fputs("# hapx keywords\n\nGenerated from the keyword tables in src/ "
	    "by `hapx cfgcheck --list-keywords`;\nt/grammar-sync.sh fails when "
	    "this file and the tables differ.\n\n| keyword | sections | "
	    "arguments | status | modern equivalent / note |\n"
	    "|---|---|---|---|---|\n", fp);
	for (i = 0; i < kw_nindex; i++) {
		const struct cfg_kw	*k = kw_index[i];

		fprintf(fp, "| `%s` | %s | ", k->name, cfg_sections_list(
		    k->sections, where, sizeof(where)));
		kw_md_cell(fp, k->syntax);
		fprintf(fp, " | %s%s%s | ", kw_status_name(k->status),
		    k->removed_in ? ", removed in HAProxy " : "",
		    k->removed_in ? k->removed_in : "");
		kw_md_cell(fp, k->modern);
		fputs(" |\n", fp);
	}
	kw_md_opts(fp, &cfg_server_opts);
	kw_md_opts(fp, &cfg_bind_opts);
}
