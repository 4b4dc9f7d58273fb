/*
 * fmt_lex: split a format string into tokens (see fmt_lex.h).  A sample
 * expression ends at the first ']' outside the parentheses of its
 * arguments, a backslash protecting the next byte, as HAProxy's argument
 * parser reads it; a variable name is a run of letters and digits that
 * starts with a letter.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <string.h>

#include "model/fmt_lex.h"

/* The ']' closing the expression that starts at S[I]; LEN if none. */
static size_t
fmt_lex_smp_end(const char *s, size_t i, size_t len)
{
	unsigned	depth = 0;

	for (; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (s[i] == ']' && depth == 0)
			return i;
	}
	return len;
}

/* The '%' item at S[I]; returns the index after it. */
static size_t
fmt_lex_pct(const char *s, size_t len, size_t i, struct fmt_tok *t)
{
	const char	*end;
	size_t		 e;

	if (++i < len && s[i] == '%') {
		t->kind = FT_PCT;
		return i + 1;
	}
	if (i < len && s[i] == '{') {
		t->flags_off = i + 1;
		if ((end = memchr(s + i, '}', len - i)) == NULL) {
			t->kind = FT_BAD;
			t->bad = FB_FLAGS_OPEN;
			return i;
		}
		t->flags_len = (size_t)(end - s) - t->flags_off;
		i = (size_t)(end - s) + 1;
	}
	if (i < len && s[i] == '[') {
		t->name_off = i + 1;
		if ((e = fmt_lex_smp_end(s, i + 1, len)) == len) {
			t->name_off = i;
			t->kind = FT_BAD;
			t->bad = FB_NO_BRACKET;
			return i;
		}
		t->kind = FT_SMP;
		t->name_len = e - t->name_off;
		return e + 1;
	}
	if (i < len && isalpha((unsigned char)s[i])) {
		t->kind = FT_VAR;
		t->name_off = i;
		while (i < len && isalnum((unsigned char)s[i]))
			i++;
		t->name_len = i - t->name_off;
		return i;
	}
	t->kind = FT_BAD;
	t->bad = FB_NO_VAR;
	return i;
}

bool
fmt_lex_next(const char *s, size_t len, size_t *pos, struct fmt_tok *t)
{
	const char	*pct;
	size_t		 i = *pos;

	if (i >= len)
		return false;
	memset(t, 0, sizeof(*t));
	t->off = i;
	if (s[i] != '%') {
		pct = memchr(s + i, '%', len - i);
		t->kind = FT_LIT;
		i = pct != NULL ? (size_t)(pct - s) : len;
	} else
		i = fmt_lex_pct(s, len, i, t);
	t->len = i - t->off;
	*pos = i;
	return true;
}
