/*
 * regex.h: compiled regular expressions with HAProxy (PCRE) semantics.
 *
 * Patterns are compiled once, at config time (rx_compile); the runtime only
 * matches and substitutes.  The underlying engine (oniguruma) is not exposed.
 */

#ifndef HAPX_REGEX_H
#define HAPX_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#define RX_ICASE		0x1	/* case-insensitive (reqirep, ...) */

/* rx_subst() results other than a length. */
#define RX_SUBST_NOMATCH	-1	/* the regex did not match */
#define RX_SUBST_NOSPACE	-2	/* out is too small for the result */
#define RX_SUBST_ERROR		-3	/* out of memory or match limit hit */

/* Opaque: owns the compiled regex and a copy of its pattern. */
struct rx;

/*
 * Compile pat (PCRE syntax, see regex.c) at config time.  Returns a new
 * regex owned by the caller (release with rx_free), or NULL with a message
 * such as "invalid regex '^(/x': end pattern with unmatched parenthesis"
 * in err (errlen bytes).
 */
struct rx	*rx_compile(const char *pat, unsigned flags, char *err,
		    size_t errlen);

/* Free a regex from rx_compile; NULL is fine. */
void		 rx_free(struct rx *);

/* Number of capture groups (named and unnamed), not counting \0. */
unsigned	 rx_ngroups(const struct rx *);

/* The pattern as given to rx_compile; owned by the regex. */
const char	*rx_pattern(const struct rx *);

/*
 * Unanchored search in s[0..len) (which may hold NUL bytes).  True if it
 * matches.  Uses no shared mutable state, so threads may share one regex.
 */
bool		 rx_match(const struct rx *, const char *s, size_t len);

/*
 * reqrep-style substitution.  If the regex matches s[0..len), the WHOLE
 * subject is replaced by fmt expanded into out (outsz bytes, always
 * NUL-terminated when outsz > 0) and the length is returned.  In fmt,
 * \0..\9 insert capture groups (an unset or missing group inserts nothing),
 * \xHH a byte, and any other \c yields c.  Escapes that rx_check_subst
 * rejects (trailing '\', bad \x) are copied literally.
 * Returns RX_SUBST_NOMATCH (-1), RX_SUBST_NOSPACE (-2) or RX_SUBST_ERROR (-3).
 */
long		 rx_subst(const struct rx *, const char *s, size_t len,
		    const char *fmt, char *out, size_t outsz);

/*
 * Config-time check of replacement string fmt against rx.  Returns -1 with
 * an error in err for a reference to a group the regex does not have, a
 * trailing backslash or a malformed \x; 1 with a warning in err for a
 * deprecated '\c' escape (c not '\', 'x' or a digit); 0 when fine.
 */
int		 rx_check_subst(const struct rx *, const char *fmt, char *err,
		    size_t errlen);

/*
 * rx_match() that also says where: the offset of the leftmost match in
 * *START and its length in *LEN (cfgcheck --probe).  False: no match.
 */
bool		 rx_find(const struct rx *, const char *s, size_t len,
		    size_t *start, size_t *mlen);

#endif /* HAPX_REGEX_H */
