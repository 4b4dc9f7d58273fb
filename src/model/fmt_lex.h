/*
 * fmt_lex: the syntax of format strings (log-format, unique-id-format,
 * the values of http-request/-response rules, redirect locations, return
 * and errorfile templates; HAProxy doc 8.2.6), in one place.  It splits a
 * string into tokens; what a token means is its reader's business: the
 * checker (cfg/cfg_logfmt.c) reports bad ones, the rule compiler
 * (http/fmt.c) and the log compiler (observe/log_fmt.c) build their items
 * from good ones.  Offsets only: nothing is copied or allocated.
 */
#ifndef HAPX_FMT_LEX_H
#define HAPX_FMT_LEX_H

#include <stdbool.h>
#include <stddef.h>

enum fmt_tok_kind {
	FT_LIT,		/* text up to the next '%' */
	FT_PCT,		/* "%%": a literal '%' */
	FT_VAR,		/* %name or %{flags}name: .name */
	FT_SMP,		/* %[expr] or %{flags}[expr]: .name is expr */
	FT_BAD		/* see .bad; the token is the '%' and its flags */
};

enum fmt_bad {
	FB_NONE,
	FB_FLAGS_OPEN,	/* '{' without '}': the '{' is at .flags_off - 1 */
	FB_NO_BRACKET,	/* '[' without its ']': .name_off is the '[' */
	FB_NO_VAR	/* '%' (and flags) followed by no name */
};

struct fmt_tok {
	enum fmt_tok_kind	 kind;
	enum fmt_bad		 bad;
	size_t			 off, len;	/* the whole token */
	size_t			 flags_off, flags_len; /* inside "{}" */
	size_t			 name_off, name_len;
};

/* The next token of S[0..LEN) from *POS into T, moving *POS past it;
 * false at the end. */
bool	fmt_lex_next(const char *s, size_t len, size_t *pos,
	    struct fmt_tok *t);

#endif
