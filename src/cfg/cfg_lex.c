/*
 * cfg_lex: HAProxy 2.6 tokenizer rules (spec §1.1-1.3), re-implemented:
 *  - a statement is one line; '#' (unquoted, unescaped) starts a comment even
 *    when glued to a word; no line continuation;
 *  - backslash escapes outside single quotes; unknown escapes keep the
 *    backslash so regex text such as "\." or "\1" reaches the keyword intact;
 *  - single quotes are literal, double quotes expand environment variables;
 *  - quoted pieces concatenate with their neighbours into one word.
 * Every word carries its position; errors go to the diag, never to stdio.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_lex.h"
#include "base/xmalloc.h"

/* A growable byte buffer for the word being decoded. */
struct lex_buf {
	char	*p;
	size_t	 len, cap;
};

/* Words of the current line, before they are copied to the arena. */
struct lex_words {
	struct cfg_arg	 v[CFG_LEX_MAX_WORDS + 1];
	size_t		 n;
	bool		 overflow;
};

struct lex_line {
	struct cfg_lexer	*lx;
	const char		*p;	/* line start */
	size_t			 n;	/* line length without LF/CR */
	size_t			 i;	/* cursor */
	unsigned		 lineno;
	struct lex_buf		 buf;
	struct lex_words	 words;
	struct cfg_pos		 wpos;	/* position of the word being read */
	unsigned		 wflags;
};

void
cfg_lex_init(struct cfg_lexer *lx, const char *file, const char *buf,
    size_t len, struct arena *arena, struct diag *d)
{
	memset(lx, 0, sizeof(*lx));
	lx->file = file;
	lx->buf = buf;
	lx->len = len;
	lx->line = 1;
	lx->arena = arena;
	lx->diag = d;
}

static void
buf_add(struct lex_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_addc(struct lex_buf *b, char c)
{
	buf_add(b, &c, 1);
}

static struct cfg_pos
lex_pos(const struct lex_line *ll, size_t at, size_t len)
{
	struct cfg_pos	pos;

	pos.file = ll->lx->file;
	pos.line = ll->lineno;
	pos.col = (unsigned)at + 1;
	pos.len = (unsigned)len;
	return pos;
}

/* Finish the word in the buffer and append it to the line's words. */
static void
lex_push_word(struct lex_line *ll)
{
	struct cfg_arg	*a;

	if (ll->words.n >= CFG_LEX_MAX_WORDS) {
		ll->words.overflow = true;
		ll->buf.len = 0;
		return;
	}
	a = &ll->words.v[ll->words.n++];
	a->s = arena_strndup(ll->lx->arena, ll->buf.p ? ll->buf.p : "",
	    ll->buf.len);
	a->len = ll->buf.len;
	a->pos = ll->wpos;
	a->flags = ll->wflags;
	ll->buf.len = 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode the escape at ll->i (a backslash).  Returns -1 on a bad \x. */
static int
lex_escape(struct lex_line *ll, bool dquote)
{
	const char	*p = ll->p;
	size_t		 i = ll->i;
	char		 c;
	int		 h1, h2;

	if (i + 1 >= ll->n) {
		/* A trailing backslash: no continuation, keep it. */
		buf_addc(&ll->buf, '\\');
		ll->i++;
		return 0;
	}
	c = p[i + 1];
	switch (c) {
	case ' ': case '\\': case '#': case '\'': case '"':
		buf_addc(&ll->buf, c);
		break;
	case 't':
		buf_addc(&ll->buf, '\t');
		break;
	case 'n':
		buf_addc(&ll->buf, '\n');
		break;
	case 'r':
		buf_addc(&ll->buf, '\r');
		break;
	case 'x':
		h1 = i + 2 < ll->n ? hexval(p[i + 2]) : -1;
		h2 = i + 3 < ll->n ? hexval(p[i + 3]) : -1;
		if (h1 < 0 || h2 < 0) {
			struct cfg_pos	pos = lex_pos(ll, i, 2);

			diag_error(ll->lx->diag, &pos,
			    "truncated or invalid hexadecimal escape");
			diag_hint(ll->lx->diag, "write \\x followed by exactly "
			    "two hex digits, e.g. \\x41 for 'A'");
			return -1;
		}
		buf_addc(&ll->buf, (char)(h1 * 16 + h2));
		ll->i += 4;
		return 0;
	case '$':
		/* "\$" is a literal '$' only inside double quotes. */
		if (!dquote)
			buf_addc(&ll->buf, '\\');
		buf_addc(&ll->buf, '$');
		break;
	default:
		/* Unknown escapes keep the backslash (regex text). */
		buf_addc(&ll->buf, '\\');
		buf_addc(&ll->buf, c);
		break;
	}
	ll->i += 2;
	return 0;
}

static bool
is_name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool
is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Value of a "$.X" pseudo-variable, or NULL if X is unknown. */
static const char *
lex_pseudo_var(struct lex_line *ll, const char *name, size_t n, char *tmp,
    size_t tmplen)
{
	if (n == 4 && memcmp(name, "FILE", 4) == 0)
		return ll->lx->file;
	if (n == 4 && memcmp(name, "LINE", 4) == 0) {
		snprintf(tmp, tmplen, "%u", ll->lineno);
		return tmp;
	}
	if (n == 7 && memcmp(name, "SECTION", 7) == 0)
		return ll->lx->section ? ll->lx->section : "";
	return NULL;
}

/* Append VALUE split on blanks: the first piece joins the current word,
 * each further piece starts a new word ("${VAR[*]}"). */
static void
lex_add_split(struct lex_line *ll, const char *value)
{
	const char	*s = value, *e;
	bool		 first = true;

	while (*s != '\0') {
		while (*s != '\0' && isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		e = s;
		while (*e != '\0' && !isspace((unsigned char)*e))
			e++;
		if (!first)
			lex_push_word(ll);
		buf_add(&ll->buf, s, (size_t)(e - s));
		first = false;
		s = e;
	}
}

struct lex_var {
	const char	*name;
	size_t		 nlen;
	const char	*def;	/* "${X-def}" default, or NULL */
	size_t		 dlen;
	bool		 split;	/* "${X[*]}" */
	bool		 pseudo; /* "$.X" */
	size_t		 end;	/* index just after the reference */
};

static int
lex_var_error(struct lex_line *ll, size_t at, const char *msg)
{
	struct cfg_pos	pos = lex_pos(ll, at, 1);

	diag_error(ll->lx->diag, &pos, "%s", msg);
	diag_hint(ll->lx->diag, "write \"$NAME\", \"${NAME}\" or "
	    "\"${NAME-default}\"; use \\$ for a literal '$'");
	return -1;
}

/* Parse the reference starting at the '$' at index I. */
static int
lex_var_parse(struct lex_line *ll, size_t i, struct lex_var *v)
{
	const char	*p = ll->p;
	size_t		 j = i + 1;
	bool		 brace = j < ll->n && p[j] == '{';

	memset(v, 0, sizeof(*v));
	if (brace)
		j++;
	if (j < ll->n && p[j] == '.') {
		v->pseudo = true;
		j++;
	} else if (j >= ll->n || !is_name_start(p[j]))
		return lex_var_error(ll, j < ll->n ? j : i,
		    "forbidden first character in environment variable name");
	v->name = p + j;
	while (j < ll->n && is_name_char(p[j]))
		j++;
	v->nlen = (size_t)(p + j - v->name);
	if (!brace) {
		v->end = j;
		return 0;
	}
	if (j < ll->n && p[j] == '-') {
		v->def = p + ++j;
		while (j < ll->n && p[j] != '}')
			j++;
		v->dlen = (size_t)(p + j - v->def);
	} else if (j + 2 < ll->n && p[j] == '[') {
		if (p[j + 1] != '*' || p[j + 2] != ']')
			return lex_var_error(ll, j,
			    "invalid word expansion: only \"${NAME[*]}\" exists");
		v->split = true;
		j += 3;
	}
	if (j >= ll->n || p[j] != '}')
		return lex_var_error(ll, i + 1,
		    "unmatched brace in environment variable reference");
	v->end = j + 1;
	return 0;
}

/* Expand the variable reference at ll->i (a '$' inside double quotes). */
static int
lex_expand(struct lex_line *ll)
{
	struct lex_var	 v;
	char		 name[256], tmp[32];
	const char	*val;

	if (lex_var_parse(ll, ll->i, &v) < 0)
		return -1;
	snprintf(name, sizeof(name), "%.*s", (int)v.nlen, v.name);
	if (v.pseudo) {
		val = lex_pseudo_var(ll, v.name, v.nlen, tmp, sizeof(tmp));
		if (val == NULL)
			return lex_var_error(ll, ll->i,
			    "unknown pseudo-variable: only $.FILE, $.LINE and "
			    "$.SECTION exist");
	} else
		val = getenv(name);
	ll->wflags |= CFG_A_EXPANDED;
	if (val == NULL && v.def != NULL)
		buf_add(&ll->buf, v.def, v.dlen);
	else if (val == NULL && !ll->lx->inactive) {
		struct cfg_pos	pos = lex_pos(ll, ll->i, (unsigned)(v.end - ll->i));

		diag_warn(ll->lx->diag, &pos, "environment variable '%s' is not "
		    "set: it expands to an empty string", name);
		diag_hint(ll->lx->diag, "set it, or give a default with "
		    "\"${%s-default}\"", name);
	} else if (val == NULL)
		;	/* unset, in a false .if branch: no warning */
	else if (v.split)
		lex_add_split(ll, val);
	else
		buf_add(&ll->buf, val, strlen(val));
	ll->i = v.end;
	return 0;
}

static bool
lex_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* Read one word starting at ll->i.  Sets *stop at a comment. */
static int
lex_word(struct lex_line *ll, bool *stop)
{
	char	quote = 0;
	size_t	qstart = 0, start = ll->i;

	ll->wflags = 0;
	ll->buf.len = 0;
	while (ll->i < ll->n) {
		char	c = ll->p[ll->i];

		if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			else
				buf_addc(&ll->buf, c);
			ll->i++;
		} else if (quote == '"') {
			if (c == '"') {
				quote = 0;
				ll->i++;
			} else if (c == '\\') {
				if (lex_escape(ll, true) < 0)
					return -1;
			} else if (c == '$') {
				if (lex_expand(ll) < 0)
					return -1;
			} else {
				buf_addc(&ll->buf, c);
				ll->i++;
			}
		} else if (lex_is_blank(c)) {
			break;
		} else if (c == '#') {
			*stop = true;
			break;
		} else if (c == '\'' || c == '"') {
			quote = c;
			qstart = ll->i++;
			ll->wflags |= CFG_A_QUOTED;
		} else if (c == '\\') {
			if (lex_escape(ll, false) < 0)
				return -1;
		} else {
			if (c == '$' && ll->i + 1 < ll->n &&
			    (is_name_start(ll->p[ll->i + 1]) ||
			    ll->p[ll->i + 1] == '{'))
				ll->wflags |= CFG_A_UNQ_DOLLAR;
			buf_addc(&ll->buf, c);
			ll->i++;
		}
	}
	if (quote != 0) {
		struct cfg_pos	pos = lex_pos(ll, qstart, 1);

		diag_error(ll->lx->diag, &pos, "unmatched %s quote",
		    quote == '"' ? "double" : "single");
		diag_hint(ll->lx->diag, "close the quote on the same line: "
		    "a statement cannot span lines");
		return -1;
	}
	ll->wpos = lex_pos(ll, start, ll->i - start);
	/* wpos was needed by nested pushes during ${X[*]}: fix them up. */
	lex_push_word(ll);
	return 0;
}

static int
lex_words(struct lex_line *ll)
{
	bool	stop = false;
	size_t	first;

	while (!stop) {
		while (ll->i < ll->n && lex_is_blank(ll->p[ll->i]))
			ll->i++;
		if (ll->i >= ll->n || ll->p[ll->i] == '#')
			break;
		first = ll->words.n;
		ll->wpos = lex_pos(ll, ll->i, 1);
		if (lex_word(ll, &stop) < 0)
			return -1;
		/* Words split out of "${X[*]}" share the word's position. */
		while (first + 1 < ll->words.n)
			ll->words.v[first++].pos = ll->wpos;
	}
	if (ll->words.overflow) {
		struct cfg_pos	pos = ll->words.v[CFG_LEX_MAX_WORDS - 1].pos;

		diag_error(ll->lx->diag, &pos, "too many words on one line "
		    "(the limit is %d)", CFG_LEX_MAX_WORDS);
		return -1;
	}
	return 0;
}

/* Find the next line: sets *P and *N, checks NUL bytes and the final LF. */
static int
lex_next_raw(struct cfg_lexer *lx, const char **p, size_t *n, bool *bad)
{
	const char	*s = lx->buf + lx->off, *eol, *nul;
	size_t		 rest = lx->len - lx->off;
	struct cfg_pos	 pos;

	if (lx->off >= lx->len)
		return 0;
	eol = memchr(s, '\n', rest);
	*n = eol ? (size_t)(eol - s) : rest;
	*p = s;
	lx->off += *n + (eol ? 1 : 0);
	*bad = false;
	pos.file = lx->file;
	pos.line = lx->line;
	if (eol == NULL) {
		pos.col = (unsigned)*n + 1;
		pos.len = 1;
		diag_error(lx->diag, &pos, "missing newline at the end of the "
		    "file: it may have been truncated");
		diag_hint(lx->diag, "end the last line with a newline "
		    "(HAProxy 2.6 refuses such a file too)");
	}
	nul = memchr(s, '\0', *n);
	if (nul != NULL) {
		pos.col = (unsigned)(nul - s) + 1;
		pos.len = 1;
		diag_error(lx->diag, &pos, "stray NUL byte in the line");
		*bad = true;
	}
	if (*n > 0 && s[*n - 1] == '\r')
		(*n)--;
	return 1;
}

/* Check for a carriage return in the middle of a line: HAProxy silently
 * drops everything after it; we refuse rather than guess. */
static bool
lex_stray_cr(struct cfg_lexer *lx, unsigned lineno, const char *p, size_t n)
{
	const char	*cr = memchr(p, '\r', n);
	struct cfg_pos	 pos;

	if (cr == NULL)
		return false;
	pos.file = lx->file;
	pos.line = lineno;
	pos.col = (unsigned)(cr - p) + 1;
	pos.len = 1;
	diag_error(lx->diag, &pos, "carriage return in the middle of a line");
	diag_hint(lx->diag, "HAProxy ignores the rest of the line after it; "
	    "remove the stray \\r byte");
	return true;
}

int
cfg_lex_line(struct cfg_lexer *lx, struct cfg_arg **args, size_t *nargs,
    struct cfg_pos *linepos)
{
	struct lex_line	 ll;
	const char	*p;
	size_t		 n;
	bool		 bad;
	int		 rc;

	for (;;) {
		if (lex_next_raw(lx, &p, &n, &bad) == 0)
			return 0;
		memset(&ll, 0, sizeof(ll));
		ll.lx = lx;
		ll.p = p;
		ll.n = n;
		ll.lineno = lx->line++;
		if (bad || lex_stray_cr(lx, ll.lineno, p, n))
			return -1;
		rc = lex_words(&ll);
		free(ll.buf.p);
		if (rc < 0)
			return -1;
		if (ll.words.n == 0)
			continue;
		*nargs = ll.words.n;
		*args = arena_memdup(lx->arena, ll.words.v,
		    ll.words.n * sizeof(struct cfg_arg));
		*linepos = ll.words.v[0].pos;
		linepos->col = ll.words.v[0].pos.col;
		return 1;
	}
}
