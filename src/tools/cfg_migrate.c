/*
 * cfg_migrate: 1.x syntax -> HAProxy 2.6 syntax, as edits of the file's
 * text ("hapx cfgcheck --migrate").
 *
 * The file is parsed with the same lexer and parser that load it, and each
 * keyword is looked up in the same keyword tables: a line is migrated when
 * its row is a deprecated one (.removed_in), and a renamed keyword takes
 * its new name from the row's .modern.  Only the words of a migrated line
 * change; indentation, comments and every other line are copied byte for
 * byte.
 *
 * The req* and rsp* filters (spec §5) are translated only when the 2.x rule
 * does exactly what 1.5 did (cfg_migrate_rx.c decides); anything else is
 * left as written with a "# hapx migrate: not translated: WHY" comment
 * above it, and a warning.  Also the unified diff of the result.  Must
 * not print, exit or load a model.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg/cfg_keywords.h"
#include "tools/cfg_migrate.h"
#include "cfg/cfg_parse.h"
#include "base/xmalloc.h"

/* ------------------------------------------------------------------ */
/* Edits of the file's text */

struct mg_edit {
	size_t	 off, len;	/* bytes of the input replaced */
	char	*text;		/* owned */
	size_t	 seq;		/* insertion order: stable sort */
};

/* A rule about order, for the section being migrated (spec §5.3). */
struct mg_order {
	struct cfg_pos	 filter;	/* last req* filter migrated */
	struct cfg_pos	 rfilter;	/* last rsp* filter migrated */
	struct cfg_pos	 reqadd;	/* a reqadd with a condition */
	bool		 has_filter, has_rfilter, has_reqadd, has_hreq;
};

struct mg {
	const char		*buf;
	size_t			 len;
	size_t			*lines;		/* owned: line N starts
						   at [N - 1] */
	unsigned		 nlines;
	struct mg_edit		*edits;		/* owned */
	size_t			 nedits, cap;
	struct diag		*d;
	unsigned		 section;	/* CFG_S_* */
	const struct cfg_section *sec;
	size_t			 li;		/* line being done */
	struct mg_order		 ord;
	unsigned		 nchanged, nleft;
};

static size_t
mg_off(const struct mg *m, const struct cfg_pos *p)
{
	if (p->line == 0 || p->line > m->nlines)
		return m->len;
	return m->lines[p->line - 1] + (p->col > 0 ? p->col - 1 : 0);
}

static size_t
mg_end(const struct mg *m, const struct cfg_arg *a)
{
	return mg_off(m, &a->pos) + a->pos.len;
}

/* Offset just past line LINE's newline (or the end of the buffer). */
static size_t
mg_next_line(const struct mg *m, unsigned line)
{
	return line < m->nlines ? m->lines[line] : m->len;
}

static void
mg_edit(struct mg *m, size_t off, size_t len, const char *text)
{
	struct mg_edit	*e;

	if (m->nedits == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->edits = xreallocarray(m->edits, m->cap, sizeof(*e));
	}
	e = &m->edits[m->nedits];
	e->off = off;
	e->len = len;
	e->text = xstrdup(text);
	e->seq = m->nedits++;
}

/* The blanks before line L's first word. */
static void
mg_indent(const struct mg *m, const struct cfg_line *l, char *out,
    size_t outsz)
{
	size_t	start = m->lines[l->pos.line - 1], n;

	n = mg_off(m, &l->args[0].pos) - start;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, m->buf + start, n);
	out[n] = '\0';
}

/* Leave line L as written, with a comment above it saying why. */
static void
mg_leave(struct mg *m, const struct cfg_line *l, size_t k, const char *why,
    const char *hint)
{
	char	indent[64], *text;

	mg_indent(m, l, indent, sizeof(indent));
	xasprintf(&text, "%s# hapx migrate: not translated: %s\n", indent,
	    why);
	mg_edit(m, m->lines[l->pos.line - 1], 0, text);
	free(text);
	diag_warn(m->d, &l->args[k].pos, "'%s' not translated: %s",
	    l->args[k].s, why);
	if (hint != NULL)
		diag_hint(m->d, "2.x: %s", hint);
	m->nleft++;
}

/* The raw text of L's words FROM.. to the end, or "". */
static char *
mg_raw_from(const struct mg *m, const struct cfg_line *l, size_t from)
{
	size_t	off;

	if (from >= l->nargs)
		return xstrdup("");
	off = mg_off(m, &l->args[from].pos);
	return xstrndup(m->buf + off, mg_end(m, &l->args[l->nargs - 1]) -
	    off);
}

/* Replace words K.. of L (through its last word; a trailing comment
 * stays) by WORDS, then the raw condition from word CI, or COND. */
static void
mg_rewrite(struct mg *m, const struct cfg_line *l, size_t k,
    const char *words, size_t ci, const char *cond)
{
	char	*raw, *text;
	size_t	 off = mg_off(m, &l->args[k].pos);

	raw = cond != NULL ? xstrdup(cond) : mg_raw_from(m, l, ci);
	xasprintf(&text, "%s%s%s", words, *raw != '\0' ? " " : "", raw);
	mg_edit(m, off, mg_end(m, &l->args[l->nargs - 1]) - off, text);
	free(text);
	free(raw);
	m->nchanged++;
}

/* Append the decoded word W to BUF as a 2.6 word; false if too long. */
static bool
mg_word(char *buf, size_t bufsz, const char *w)
{
	size_t	len = strlen(buf);

	if (len > 0 && len + 1 < bufsz)
		buf[len++] = ' ';
	buf[len] = '\0';
	return cfg_migrate_word(w, strlen(w), buf + len, bufsz - len);
}

/* WORDS joined as 2.6 words into BUF (NULL-terminated list). */
static bool
mg_words(char *buf, size_t bufsz, const char *const *words)
{
	buf[0] = '\0';
	for (; *words != NULL; words++)
		if (!mg_word(buf, bufsz, *words))
			return false;
	return true;
}

/* "if EXTRA" and the rule's own condition at word CI, ANDed.  NULL (and
 * *WHY) when the result would need '||'. */
static char *
mg_cond_and(const struct mg *m, const struct cfg_line *l, size_t ci,
    const char *extra, const char **why)
{
	char		*raw, *out;
	const char	*w;
	size_t		 i;

	if (ci >= l->nargs) {
		xasprintf(&out, "if %s", extra);
		return out;
	}
	for (i = ci + 1; i < l->nargs; i++)
		if (strcmp(l->args[i].s, "||") == 0 ||
		    strcmp(l->args[i].s, "or") == 0) {
			*why = "its condition has '||', and the regex test "
			    "would have to go into each branch";
			return NULL;
		}
	raw = mg_raw_from(m, l, ci + 1);
	if (strcmp(l->args[ci].s, "if") == 0)
		xasprintf(&out, "if %s %s", extra, raw);
	else if (ci + 2 == l->nargs && (w = l->args[ci + 1].s)[0] != '{')
		xasprintf(&out, "if %s %s%s", extra, w[0] == '!' ? "" : "!",
		    raw + (w[0] == '!'));
	else {
		*why = "its 'unless' condition has several terms, and the "
		    "regex test cannot be added to it without '||'";
		out = NULL;
	}
	free(raw);
	return out;
}

/* ------------------------------------------------------------------ */
/* Keywords */

typedef void mg_fn(struct mg *, const struct cfg_line *, size_t k,
    const struct cfg_kw *);

#define MG_LINESZ	2048

/* A renamed keyword: its words become the row's .modern ("contimeout"
 * -> "timeout connect"; "option forceclose" -> "option httpclose"). */
static void
mg_rename(struct mg *m, const struct cfg_line *l, size_t k,
    const struct cfg_kw *row)
{
	size_t	nw = strchr(row->name, ' ') != NULL ? 2 : 1;
	size_t	off = mg_off(m, &l->args[k].pos);

	mg_edit(m, off, mg_end(m, &l->args[k + nw - 1]) - off, row->modern);
	m->nchanged++;
}

/* A keyword 2.x removed and hapx ignores in effect: commented out, with
 * the row's .modern as the reason. */
static void
mg_drop(struct mg *m, const struct cfg_line *l, size_t k,
    const struct cfg_kw *row)
{
	char	indent[64], *text;

	mg_indent(m, l, indent, sizeof(indent));
	xasprintf(&text, "%s# hapx migrate: removed in HAProxy %s; use %s\n"
	    "%s# ", indent, row->removed_in, row->modern, indent);
	mg_edit(m, mg_off(m, &l->args[0].pos), 0, text + strlen(indent));
	free(text);
	diag_warn(m->d, &l->args[k].pos, "'%s' commented out: HAProxy %s "
	    "removed it", row->name, row->removed_in);
	diag_hint(m->d, "%s", row->modern);
	m->nchanged++;
}

/* A deprecated row this migration has no rule for. */
static void
mg_generic(struct mg *m, const struct cfg_line *l, size_t k,
    const struct cfg_kw *row)
{
	char	why[256];

	snprintf(why, sizeof(why), "'%s' was removed in HAProxy %s and has "
	    "no mechanical 2.x form", row->name, row->removed_in);
	mg_leave(m, l, k, why, row->modern);
}

/* block if|unless COND -> http-request deny if|unless COND.  1.5 ran
 * block before every http-request rule (spec §5.1). */
static void
mg_block(struct mg *m, const struct cfg_line *l, size_t k,
    const struct cfg_kw *row)
{
	size_t	off = mg_off(m, &l->args[k].pos);

	(void)row;
	if (m->ord.has_hreq || m->ord.filter.line != 0) {
		diag_warn(m->d, &l->args[k].pos, "'block' ran before the "
		    "rules above it in 1.x; the migrated rule runs after "
		    "them");
		diag_hint(m->d, "move the line above the first http-request "
		    "rule of the section");
	}
	mg_edit(m, off, mg_end(m, &l->args[k]) - off, "http-request deny");
	m->nchanged++;
}

/* reqadd "Name: value" -> http-request add-header Name value. */
static void
mg_add(struct mg *m, const struct cfg_line *l, size_t k, const char *fam,
    size_t ci)
{
	const char	*s = l->args[k + 1].s, *colon = strchr(s, ':');
	char		 name[128], val[MG_LINESZ], words[MG_LINESZ];
	size_t		 n, o = 0;

	n = colon != NULL ? (size_t)(colon - s) : 0;
	if (n == 0 || n >= sizeof(name) || strspn(s, "ABCDEFGHIJKLMNOPQRS"
	    "TUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != n)
		return mg_leave(m, l, k, "the added line is not a 'Name: "
		    "value' header", "http-request add-header <name> <fmt>");
	memcpy(name, s, n);
	name[n] = '\0';
	for (s = colon + 1; *s == ' ' || *s == '\t'; s++)
		continue;
	for (; *s != '\0' && o + 2 < sizeof(val); s++) {
		if (*s == '%')
			val[o++] = '%';	/* a log-format in 2.x */
		val[o++] = *s;
	}
	val[o] = '\0';
	if (o == 0)
		return mg_leave(m, l, k, "the added header has no value",
		    "http-request add-header <name> <fmt>");
	if (!mg_words(words, sizeof(words), (const char *[]){ fam,
	    "add-header", name, val, NULL }))
		return mg_leave(m, l, k, "the line is too long", NULL);
	mg_rewrite(m, l, k, words, ci, NULL);
}

/* reqrep/reqirep/rsprep/rspirep. */
static void
mg_rep(struct mg *m, const struct cfg_line *l, size_t k, const char *fam,
    bool req, bool icase, size_t ci)
{
	struct cfg_mig_shape	 sh;
	char			 words[MG_LINESZ], ext[256], *cond = NULL;
	const char		*why = NULL;
	bool			 ok;

	cfg_migrate_shape(l->args[k + 1].s, l->args[k + 2].s, req, icase,
	    &sh);
	switch (sh.kind) {
	case CFG_MIG_PATH:
	case CFG_MIG_URI:
		ok = mg_words(words, sizeof(words), (const char *[]){ fam,
		    sh.kind == CFG_MIG_PATH ? "replace-path" : "replace-uri",
		    sh.regex, sh.fmt, NULL });
		break;
	case CFG_MIG_HEADER:
		ok = mg_words(words, sizeof(words), (const char *[]){ fam,
		    "replace-header", sh.name, sh.regex, sh.fmt, NULL });
		break;
	case CFG_MIG_METHOD:
		snprintf(ext, sizeof(ext), "{ method %s%s }", icase ? "-i " :
		    "", sh.name);
		if ((cond = mg_cond_and(m, l, ci, ext, &why)) == NULL)
			return mg_leave(m, l, k, why, NULL);
		ok = mg_words(words, sizeof(words), (const char *[]){ fam,
		    "set-method", sh.fmt, NULL });
		break;
	default:
		return mg_leave(m, l, k, sh.why, req ? "http-request "
		    "replace-path, replace-uri, set-method or replace-header" :
		    "http-response replace-header");
	}
	if (!ok) {
		free(cond);
		return mg_leave(m, l, k, "the line is too long", NULL);
	}
	if (sh.caveat[0] != '\0')
		diag_warn(m->d, &l->args[k].pos, "'%s' translated, but %s",
		    l->args[k].s, sh.caveat);
	mg_rewrite(m, l, k, words, ci, cond);
	free(cond);
}

/* reqdel/reqidel/rspdel/rspidel: by name only in 2.6. */
static void
mg_del(struct mg *m, const struct cfg_line *l, size_t k, const char *fam,
    bool req, bool icase, size_t ci)
{
	struct cfg_mig_shape	sh;
	char			words[MG_LINESZ], why[384];

	cfg_migrate_shape(l->args[k + 1].s, NULL, req, icase, &sh);
	if (sh.kind == CFG_MIG_HEADER && sh.regex[0] != '\0') {
		snprintf(why, sizeof(why), "2.6's del-header removes every "
		    "'%s' header, and this rule removed only those whose "
		    "value matched", sh.name);
		return mg_leave(m, l, k, why, NULL);
	}
	if (sh.kind != CFG_MIG_HEADER)
		return mg_leave(m, l, k, sh.kind == CFG_MIG_ANY ? "it deletes "
		    "every header" : sh.why, NULL);
	if (!mg_words(words, sizeof(words), (const char *[]){ fam,
	    "del-header", sh.name, NULL }))
		return mg_leave(m, l, k, "the line is too long", NULL);
	mg_rewrite(m, l, k, words, ci, NULL);
}

/* Whether a rule that 2.x would stop at an "allow" follows line LI. */
static bool
mg_rules_follow(const struct mg *m)
{
	size_t		 i;
	const char	*w;

	for (i = m->li + 1; i < m->sec->nlines; i++) {
		w = m->sec->lines[i].args[0].s;
		if (strcmp(w, "http-request") == 0 || strcmp(w, "block") == 0 ||
		    (strncmp(w, "req", 3) == 0 && cfg_kw_find(w,
		    CFG_S_PX_ONLY) != NULL))
			return true;
	}
	return false;
}

/* reqdeny/reqtarpit/reqallow (and i), rspdeny/rspideny. */
static void
mg_verdict(struct mg *m, const struct cfg_line *l, size_t k, const char *fam,
    const char *act, bool req, bool icase, size_t ci)
{
	struct cfg_mig_shape	 sh;
	char			 words[MG_LINESZ], ext[256], *cond = NULL;
	const char		*why = NULL;

	if (strcmp(act, "allow") == 0 && mg_rules_follow(m))
		return mg_leave(m, l, k, "1.x went on with the rewrites after "
		    "it, and 2.x's 'http-request allow' stops every rule after "
		    "it", NULL);
	cfg_migrate_shape(l->args[k + 1].s, NULL, req, icase, &sh);
	if (sh.kind == CFG_MIG_HEADER && sh.regex[0] == '\0') {
		snprintf(ext, sizeof(ext), "{ %s.hdr(%s) -m found }",
		    req ? "req" : "res", sh.name);
		if ((cond = mg_cond_and(m, l, ci, ext, &why)) == NULL)
			return mg_leave(m, l, k, why, NULL);
	} else if (sh.kind != CFG_MIG_ANY)
		return mg_leave(m, l, k, sh.kind == CFG_MIG_HEADER ? "it tests "
		    "a header's value, which an ACL reads split at commas" :
		    sh.why, NULL);
	if (!mg_words(words, sizeof(words), (const char *[]){ fam, act,
	    NULL })) {
		free(cond);
		return mg_leave(m, l, k, "the line is too long", NULL);
	}
	mg_rewrite(m, l, k, words, ci, cond);
	free(cond);
}

/* The req* and rsp* filters, by the word after "req"/"rsp" and its
 * optional "i" (spec §5.1). */
static void
mg_filter(struct mg *m, const struct cfg_line *l, size_t k,
    const struct cfg_kw *row)
{
	const char	*kw = l->args[k].s, *op;
	bool		 req = kw[2] == 'q', icase = kw[3] == 'i';
	const char	*fam = req ? "http-request" : "http-response";
	size_t		 ci = cfg_cond_start(l, k + 1), nw = ci - k - 1;
	unsigned	 before = m->nchanged;

	op = kw + (icase ? 4 : 3);
	if (nw != (strcmp(op, "rep") == 0 ? 2u : 1u))
		return mg_leave(m, l, k, "it does not have the expected "
		    "arguments", row->modern);
	if (strcmp(op, "add") == 0)
		mg_add(m, l, k, fam, ci);
	else if (strcmp(op, "rep") == 0)
		mg_rep(m, l, k, fam, req, icase, ci);
	else if (strcmp(op, "del") == 0)
		mg_del(m, l, k, fam, req, icase, ci);
	else if (strcmp(op, "pass") == 0)
		return mg_leave(m, l, k, "2.x has no rule that only skips the "
		    "checks after it", row->modern);
	else
		mg_verdict(m, l, k, fam, op, req, icase, ci);
	if (m->nchanged == before)
		return;
	if (!req) {
		m->ord.rfilter = l->args[k].pos;
		m->ord.has_rfilter = true;
		return;
	}
	if (strcmp(op, "add") == 0 && ci < l->nargs && !m->ord.has_reqadd) {
		m->ord.reqadd = l->args[k].pos;
		m->ord.has_reqadd = true;
	} else if (strcmp(op, "add") != 0 && m->ord.has_reqadd) {
		diag_warn(m->d, &m->ord.reqadd, "1.x ran 'reqadd' after every "
		    "other req* filter of the section; the migrated rule runs "
		    "where it is written, before line %u", l->pos.line);
		diag_hint(m->d, "move it below line %u if its condition or "
		    "header depends on the rules there", l->pos.line);
		m->ord.has_reqadd = false;
	}
	m->ord.filter = l->args[k].pos;
	m->ord.has_filter = true;
}

/* What each deprecated row becomes; rows not listed are left with a
 * comment (mg_generic).  Sorted by name. */
static const struct mg_kw {
	const char	*name;
	mg_fn		*fn;
} mg_kws[] = {
	{ "block",		mg_block },
	{ "clitimeout",		mg_rename },
	{ "contimeout",		mg_rename },
	{ "debug",		mg_drop },
	{ "nbproc",		mg_drop },
	{ "option forceclose",	mg_rename },
	{ "option http-tunnel",	mg_drop },
	{ "redisp",		mg_rename },
	{ "redispatch",		mg_rename },
	{ "reqadd",		mg_filter },
	{ "reqallow",		mg_filter },
	{ "reqdel",		mg_filter },
	{ "reqdeny",		mg_filter },
	{ "reqiallow",		mg_filter },
	{ "reqidel",		mg_filter },
	{ "reqideny",		mg_filter },
	{ "reqipass",		mg_filter },
	{ "reqirep",		mg_filter },
	{ "reqitarpit",		mg_filter },
	{ "reqpass",		mg_filter },
	{ "reqrep",		mg_filter },
	{ "reqtarpit",		mg_filter },
	{ "rspadd",		mg_filter },
	{ "rspdel",		mg_filter },
	{ "rspdeny",		mg_filter },
	{ "rspidel",		mg_filter },
	{ "rspideny",		mg_filter },
	{ "rspirep",		mg_filter },
	{ "rsprep",		mg_filter },
	{ "srvtimeout",		mg_rename },
	{ "timeout clitimeout",	mg_rename },
	{ "timeout contimeout",	mg_rename },
	{ "timeout srvtimeout",	mg_rename },
	{ "tune.chksize",	mg_drop },
};

static int
mg_kw_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct mg_kw *)row)->name);
}

/* The row of line L's keyword at word K, as the dispatcher names it
 * ("option forceclose", "timeout contimeout", "reqrep"), in this
 * section or, for a 1.x keyword written in the wrong one, any. */
static const struct cfg_kw *
mg_row(const struct mg *m, const struct cfg_line *l, size_t k)
{
	const struct cfg_kw	*row = NULL;
	char			 two[160];

	if (k + 1 < l->nargs) {
		snprintf(two, sizeof(two), "%s %.*s", l->args[k].s,
		    (int)strcspn(l->args[k + 1].s, "("), l->args[k + 1].s);
		if ((row = cfg_kw_find(two, m->section)) == NULL)
			row = cfg_kw_find(two, ~0u);
	}
	if (row == NULL && (row = cfg_kw_find(l->args[k].s, m->section)) ==
	    NULL)
		row = cfg_kw_find(l->args[k].s, ~0u);
	return row;
}

/* An http-request (http-response) rule A after a migrated req* (rsp*)
 * filter at FILTER: 1.5 ran it before the filters (spec §5.3). */
static void
mg_order(struct mg *m, const struct cfg_arg *a, bool *pending,
    const struct cfg_pos *filter)
{
	if (!*pending)
		return;
	diag_warn(m->d, &a->pos, "1.x ran this rule before the %s filters "
	    "above it (line %u); after migration it runs after them",
	    a->s[7] == 'q' ? "req*" : "rsp*", filter->line);
	diag_hint(m->d, "move it above line %u to keep the 1.x order",
	    filter->line);
	*pending = false;
}

static void
mg_line(struct mg *m, const struct cfg_line *l)
{
	const struct cfg_kw	*row;
	const struct mg_kw	*mk;
	size_t			 k = 0;

	if (l->nargs > 1 && (strcmp(l->args[0].s, "no") == 0 ||
	    strcmp(l->args[0].s, "default") == 0))
		k = 1;
	if (strcmp(l->args[k].s, "http-request") == 0) {
		mg_order(m, &l->args[k], &m->ord.has_filter, &m->ord.filter);
		m->ord.has_hreq = true;
	} else if (strcmp(l->args[k].s, "http-response") == 0)
		mg_order(m, &l->args[k], &m->ord.has_rfilter, &m->ord.rfilter);
	/* Removed 1.x syntax: run by hapx (deprecated) or without effect
	 * in it (ignored), it has a 2.x form or goes. */
	if ((row = mg_row(m, l, k)) == NULL || (row->status != KW_DEPRECATED &&
	    row->status != KW_IGNORED) || row->removed_in == NULL)
		return;
	mk = bsearch(row->name, mg_kws, sizeof(mg_kws) / sizeof(mg_kws[0]),
	    sizeof(mg_kws[0]), mg_kw_cmp);
	/* A rule where 1.x refused it (a filter in defaults) stays so; a
	 * misplaced setting was a warning in 1.x and is one in 2.6. */
	if (mk != NULL && (mk->fn == mg_filter || mk->fn == mg_block) &&
	    !(row->sections & m->section))
		return mg_leave(m, l, k, "1.x did not allow it in this "
		    "section either", NULL);
	(mk != NULL ? mk->fn : mg_generic)(m, l, k, row);
}

/* "listen NAME ADDR" (1.x) -> "listen NAME" and "bind ADDR" below it. */
static void
mg_header(struct mg *m, const struct cfg_section *s)
{
	const struct cfg_line	*h = &s->head;
	char			 indent[64] = "    ", *addr, *text;
	size_t			 end, nl;

	if (h->nargs < 3 || strcmp(h->args[2].s, "from") == 0 ||
	    (strcmp(h->args[0].s, "listen") != 0 &&
	    strcmp(h->args[0].s, "frontend") != 0))
		return;
	end = mg_end(m, &h->args[1]);
	if (s->nlines > 0)
		mg_indent(m, &s->lines[0], indent, sizeof(indent));
	addr = mg_raw_from(m, h, 2);
	mg_edit(m, end, mg_end(m, &h->args[h->nargs - 1]) - end, "");
	nl = mg_next_line(m, h->pos.line);
	xasprintf(&text, "%s%sbind %s\n", nl > 0 && m->buf[nl - 1] != '\n' ?
	    "\n" : "", indent, addr);
	mg_edit(m, nl, 0, text);
	free(text);
	free(addr);
	m->nchanged++;
}

static unsigned
mg_section_kind(const char *w)
{
	static const struct {
		const char	*name;
		unsigned	 kind;
	} kinds[] = {
		{ "backend", CFG_S_BACKEND }, { "defaults", CFG_S_DEFAULTS },
		{ "frontend", CFG_S_FRONTEND }, { "global", CFG_S_GLOBAL },
		{ "listen", CFG_S_LISTEN }, { "userlist", CFG_S_USERLIST },
	};
	size_t	i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, w) == 0)
			return kinds[i].kind;
	return CFG_S_OTHER;
}

/* ------------------------------------------------------------------ */
/* Driver */

static void
mg_index_lines(struct mg *m)
{
	size_t	i, cap = 64;

	m->lines = xreallocarray(NULL, cap, sizeof(*m->lines));
	m->lines[0] = 0;
	m->nlines = 1;
	for (i = 0; i < m->len; i++) {
		if (m->buf[i] != '\n' || i + 1 == m->len)
			continue;
		if (m->nlines == cap) {
			cap *= 2;
			m->lines = xreallocarray(m->lines, cap,
			    sizeof(*m->lines));
		}
		m->lines[m->nlines++] = i + 1;
	}
}

static int
mg_edit_cmp(const void *a, const void *b)
{
	const struct mg_edit	*x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The input with the edits applied, into OUT. */
static void
mg_apply(struct mg *m, struct cfg_migrate_result *out)
{
	size_t	i, cur = 0, cap = m->len + 1, n;
	char	*s;

	for (i = 0; i < m->nedits; i++)
		cap += strlen(m->edits[i].text);
	s = xmalloc(cap);
	if (m->nedits > 0)
		qsort(m->edits, m->nedits, sizeof(*m->edits), mg_edit_cmp);
	out->len = 0;
	for (i = 0; i < m->nedits; i++) {
		const struct mg_edit	*e = &m->edits[i];

		if (e->off < cur)
			continue;	/* overlapping: never made */
		memcpy(s + out->len, m->buf + cur, e->off - cur);
		out->len += e->off - cur;
		n = strlen(e->text);
		memcpy(s + out->len, e->text, n);
		out->len += n;
		cur = e->off + e->len;
	}
	memcpy(s + out->len, m->buf + cur, m->len - cur);
	out->len += m->len - cur;
	s[out->len] = '\0';
	out->text = s;
}

static void
mg_sections(struct mg *m, const struct cfg_file *f)
{
	size_t	i, j;

	for (i = 0; i < f->nsecs; i++) {
		const struct cfg_section	*s = &f->secs[i];

		m->sec = s;
		m->section = s->head.nargs > 0 ?
		    mg_section_kind(s->head.args[0].s) : CFG_S_OTHER;
		memset(&m->ord, 0, sizeof(m->ord));
		if (s->head.nargs > 0)
			mg_header(m, s);
		for (j = 0; j < s->nlines; j++) {
			m->li = j;
			mg_line(m, &s->lines[j]);
		}
	}
}

/* Migrate the parsed file F, whose text is BUF (ending with '\n'). */
static void
mg_run(struct mg *m, const struct cfg_file *f, struct cfg_migrate_result *out)
{
	size_t	i;

	mg_index_lines(m);
	mg_sections(m, f);
	mg_apply(m, out);
	out->nchanged += m->nchanged;
	out->nleft = m->nleft;
	for (i = 0; i < m->nedits; i++)
		free(m->edits[i].text);
	free(m->edits);
	free(m->lines);
}

int
cfg_migrate_buf(const char *name, const char *buf, size_t len,
    struct cfg_migrate_result *out, struct diag *d)
{
	struct cfg_file	 f;
	struct mg	 m;
	char		*text;
	size_t		 tlen = len;
	int		 rc;

	memset(out, 0, sizeof(*out));
	/* 1.x read a last line without LF, 2.6 refuses it: the migrated
	 * file gets one, and the parser sees the file that way. */
	text = xmalloc(len + 2);
	memcpy(text, buf, len);
	if (len > 0 && buf[len - 1] != '\n')
		text[tlen++] = '\n';
	text[tlen] = '\0';
	rc = cfg_parse_buf(&f, name, text, tlen, d);
	if (rc == 0) {
		memset(&m, 0, sizeof(m));
		m.buf = text;
		m.len = tlen;
		m.d = d;
		if (tlen > len) {
			diag_warn(d, &(struct cfg_pos){ .file =
			    diag_source_name(d, name) }, "a newline was added "
			    "at the end of the file (HAProxy 2.6 refuses a "
			    "last line without one)");
			out->nchanged++;
		}
		mg_run(&m, &f, out);
		out->orig = xmalloc(len + 1);
		memcpy(out->orig, buf, len);
		out->orig[len] = '\0';
		out->origlen = len;
	}
	cfg_file_free(&f);
	free(text);
	return rc < 0 ? -1 : 0;
}

int
cfg_migrate_file(const char *path, struct cfg_migrate_result *out,
    struct diag *d)
{
	FILE	*fp;
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;
	int	 rc;

	memset(out, 0, sizeof(*out));
	if ((fp = fopen(path, "rb")) == NULL) {
		diag_error(d, &(struct cfg_pos){ .file = path }, "cannot open "
		    "'%s': %s", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	rc = ferror(fp) ? -1 : 0;
	fclose(fp);
	if (rc < 0) {
		diag_error(d, &(struct cfg_pos){ .file = path }, "cannot read "
		    "'%s'", path);
		free(buf);
		return -1;
	}
	rc = cfg_migrate_buf(path, buf, len, out, d);
	free(buf);
	return rc;
}

void
cfg_migrate_result_free(struct cfg_migrate_result *r)
{
	free(r->text);
	free(r->orig);
	memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------------------ */
/* Unified diff */

#define DIFF_CONTEXT	3
#define DIFF_MAXCELLS	(16u * 1024 * 1024)	/* LCS table bound */

struct dline {
	const char	*s;
	size_t		 len;		/* without the newline */
	bool		 nl;		/* ends with '\n' */
};

struct dtext {
	struct dline	*v;		/* owned */
	size_t		 n;
};

struct dstr {
	char	*s;
	size_t	 len, cap;
};

static void
dtext_split(const char *s, size_t len, struct dtext *t)
{
	size_t	i, start = 0, cap = 16;

	t->v = xreallocarray(NULL, cap, sizeof(*t->v));
	t->n = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		if (t->n == cap) {
			cap *= 2;
			t->v = xreallocarray(t->v, cap, sizeof(*t->v));
		}
		t->v[t->n].s = s + start;
		t->v[t->n].len = i - start;
		t->v[t->n++].nl = i < len;
		start = i + 1;
	}
}

static bool
dline_eq(const struct dline *a, const struct dline *b)
{
	return a->len == b->len && a->nl == b->nl &&
	    memcmp(a->s, b->s, a->len) == 0;
}

static void
dstr_add(struct dstr *d, const char *s, size_t n)
{
	if (d->len + n + 1 > d->cap) {
		d->cap = (d->len + n + 1) * 2;
		d->s = xrealloc(d->s, d->cap);
	}
	memcpy(d->s + d->len, s, n);
	d->len += n;
	d->s[d->len] = '\0';
}

/* The edit script from A to B as ops ' ', '-', '+' (one per line):
 * common prefix and suffix, and a longest common subsequence between. */
static char *
diff_ops(const struct dtext *a, const struct dtext *b, size_t *nops)
{
	size_t		 pre = 0, suf = 0, n, m, i, j, k = 0;
	uint32_t	*t = NULL;
	char		*ops = xmalloc(a->n + b->n + 1);

	while (pre < a->n && pre < b->n && dline_eq(&a->v[pre], &b->v[pre]))
		pre++;
	while (suf < a->n - pre && suf < b->n - pre &&
	    dline_eq(&a->v[a->n - 1 - suf], &b->v[b->n - 1 - suf]))
		suf++;
	n = a->n - pre - suf;
	m = b->n - pre - suf;
	if ((n + 1) * (m + 1) <= DIFF_MAXCELLS)
		t = xcalloc((n + 1) * (m + 1), sizeof(*t));
#define T(x, y)	t[(x) * (m + 1) + (y)]
	for (i = n; t != NULL && i-- > 0;)
		for (j = m; j-- > 0;)
			T(i, j) = dline_eq(&a->v[pre + i], &b->v[pre + j]) ?
			    T(i + 1, j + 1) + 1 : T(i + 1, j) > T(i, j + 1) ?
			    T(i + 1, j) : T(i, j + 1);
	memset(ops, ' ', pre);
	k = pre;
	for (i = j = 0; i < n || j < m;) {
		if (t != NULL && i < n && j < m &&
		    dline_eq(&a->v[pre + i], &b->v[pre + j])) {
			ops[k++] = ' ';
			i++, j++;
		} else if (i < n && (j == m || t == NULL ||
		    T(i + 1, j) >= T(i, j + 1))) {
			ops[k++] = '-';
			i++;
		} else {
			ops[k++] = '+';
			j++;
		}
	}
#undef T
	memset(ops + k, ' ', suf);
	*nops = k + suf;
	free(t);
	return ops;
}

/* "N" or "N,COUNT" as diff -u writes a range (an empty one names the
 * line before it). */
static void
diff_range(struct dstr *d, char sign, size_t first, size_t count)
{
	char	buf[64];
	int	n;

	if (count == 1)
		n = snprintf(buf, sizeof(buf), "%c%zu", sign, first + 1);
	else
		n = snprintf(buf, sizeof(buf), "%c%zu,%zu", sign,
		    count == 0 ? first : first + 1, count);
	dstr_add(d, buf, (size_t)n);
}

static void
diff_line(struct dstr *d, char op, const struct dline *l)
{
	dstr_add(d, &op, 1);
	dstr_add(d, l->s, l->len);
	dstr_add(d, "\n", 1);
	if (!l->nl)
		dstr_add(d, "\\ No newline at end of file\n", 28);
}

/* One hunk: ops [START, END), whose first line is line OA of A and OB
 * of B (0-based). */
static void
diff_hunk(struct dstr *d, const char *ops, size_t start, size_t end,
    const struct dtext *a, const struct dtext *b, size_t oa, size_t ob)
{
	size_t	i, na = 0, nb = 0;

	for (i = start; i < end; i++) {
		na += ops[i] != '+';
		nb += ops[i] != '-';
	}
	dstr_add(d, "@@ ", 3);
	diff_range(d, '-', oa, na);
	dstr_add(d, " ", 1);
	diff_range(d, '+', ob, nb);
	dstr_add(d, " @@\n", 4);
	for (i = start; i < end; i++) {
		if (ops[i] == '+')
			diff_line(d, '+', &b->v[ob++]);
		else {
			diff_line(d, ops[i], &a->v[oa++]);
			if (ops[i] == ' ')
				ob++;
		}
	}
}

/* A unified diff of two texts. */
char *
cfg_migrate_diff(const char *oldname, const char *old, size_t oldlen,
    const char *newname, const char *new, size_t newlen)
{
	struct dtext	 a, b;
	struct dstr	 d = { NULL, 0, 0 };
	size_t		 nops, p = 0, c, q, last, start, i;
	size_t		 oa = 0, ob = 0;
	char		*ops;

	dtext_split(old, oldlen, &a);
	dtext_split(new, newlen, &b);
	ops = diff_ops(&a, &b, &nops);
	dstr_add(&d, "", 0);
	for (;;) {
		for (c = p; c < nops && ops[c] == ' '; c++)
			continue;
		if (c == nops)
			break;
		if (d.len == 0) {
			dstr_add(&d, "--- ", 4);
			dstr_add(&d, oldname, strlen(oldname));
			dstr_add(&d, "\n+++ ", 5);
			dstr_add(&d, newname, strlen(newname));
			dstr_add(&d, "\n", 1);
		}
		start = c >= p + DIFF_CONTEXT ? c - DIFF_CONTEXT : p;
		for (q = last = c; q < nops; q++)
			if (ops[q] != ' ')
				last = q;
			else if (q - last > 2 * DIFF_CONTEXT)
				break;
		q = last + DIFF_CONTEXT + 1 < nops ? last + DIFF_CONTEXT + 1 :
		    nops;
		for (i = p; i < start; i++) {
			oa += ops[i] != '+';
			ob += ops[i] != '-';
		}
		diff_hunk(&d, ops, start, q, &a, &b, oa, ob);
		for (i = start; i < q; i++) {
			oa += ops[i] != '+';
			ob += ops[i] != '-';
		}
		p = q;
	}
	free(ops);
	free(a.v);
	free(b.v);
	return d.s;
}
