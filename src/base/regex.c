/*
 * regex.c: oniguruma wrapper giving HAProxy's PCRE regex semantics.
 *
 * Compile at config time, match and substitute at runtime.  This file keeps
 * no mutable global state besides the one-time library initialisation, and
 * must not print or exit: errors go back to the caller as text.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oniguruma.h>

#include "base/regex.h"

/*
 * Syntax and options.  HAProxy is built against PCRE, so a config written
 * for it expects Perl semantics: '.' does not match '\n', '^' matches only
 * at the start of the subject and '$' only at its end or before a final
 * newline, with (?s), (?m), (?i) and (?x) available inline.
 *
 * Oniguruma's default (Ruby) syntax gets this wrong: its '^' and '$' are
 * always line anchors, so "^b" would match "a\nb".  ONIG_SYNTAX_PERL_NG
 * (Perl plus named groups, as in PCRE) enables ONIG_OPTION_SINGLELINE by
 * default, which maps '^' to \A and '$' to \Z, exactly the PCRE defaults;
 * we must therefore NOT pass ONIG_OPTION_NEGATE_SINGLELINE, nor
 * ONIG_OPTION_MULTILINE (which in oniguruma means "dot matches newline",
 * i.e. PCRE's (?s)).
 *
 * ONIG_OPTION_CAPTURE_GROUP: with named groups present oniguruma would
 * otherwise make plain (...) groups non-capturing and reject \1; PCRE
 * numbers named and unnamed groups together, and reqrep's \1..\9 rely on
 * that numbering.
 *
 * ONIG_ENCODING_ASCII: subjects are raw header bytes, never decoded.
 */
#define RX_SYNTAX	ONIG_SYNTAX_PERL_NG
#define RX_OPTIONS	ONIG_OPTION_CAPTURE_GROUP

/* reqrep can only refer to \0..\9 (one digit), as HAProxy's MAX_MATCH. */
#define RX_MAX_REF	9

struct rx {
	OnigRegex	 re;		/* owned; onig_free() */
	char		*pat;		/* owned copy of the pattern */
	unsigned	 ngroups;	/* capture groups, excluding \0 */
};

/* Output cursor for rx_subst: never writes past cap. */
struct rx_out {
	char		*buf;
	size_t		 cap;		/* bytes available, NUL included */
	size_t		 len;		/* bytes the expansion needs so far */
};

/*
 * Initialise oniguruma.  It keeps its own "initialised" flag and returns
 * at once after the first call, so we keep none.  Only called from
 * rx_compile, which runs at config time.
 */
static void
rx_init(void)
{
	OnigEncoding	 encs[1] = { ONIG_ENCODING_ASCII };

	onig_initialize(encs, 1);
}

/* Compile a regex; see regex.h. */
struct rx *
rx_compile(const char *pat, unsigned flags, char *err, size_t errlen)
{
	struct rx	*rx;
	OnigErrorInfo	 einfo;
	OnigOptionType	 opts = RX_OPTIONS;
	UChar		 msg[ONIG_MAX_ERROR_MESSAGE_LEN];
	const UChar	*p;
	int		 rc;

	rx_init();
	if (flags & RX_ICASE)
		opts |= ONIG_OPTION_IGNORECASE;
	if ((rx = calloc(1, sizeof(*rx))) == NULL ||
	    (rx->pat = strdup(pat)) == NULL) {
		free(rx);
		snprintf(err, errlen, "out of memory compiling regex '%s'",
		    pat);
		return NULL;
	}
	/* Compile from our copy: einfo may point into the pattern. */
	p = (const UChar *)rx->pat;
	rc = onig_new(&rx->re, p, p + strlen(rx->pat), opts,
	    ONIG_ENCODING_ASCII, RX_SYNTAX, &einfo);
	if (rc != ONIG_NORMAL) {
		onig_error_code_to_str(msg, rc, &einfo);
		snprintf(err, errlen, "invalid regex '%s': %s", pat,
		    (const char *)msg);
		free(rx->pat);
		free(rx);
		return NULL;
	}
	rx->ngroups = (unsigned)onig_number_of_captures(rx->re);
	return rx;
}

/* Free a compiled regex. */
void
rx_free(struct rx *rx)
{
	if (rx == NULL)
		return;
	onig_free(rx->re);
	free(rx->pat);
	free(rx);
}

/* Number of capture groups. */
unsigned
rx_ngroups(const struct rx *rx)
{
	return rx->ngroups;
}

/* The source pattern. */
const char *
rx_pattern(const struct rx *rx)
{
	return rx->pat;
}

/*
 * Search s[0..len) and fill region (may be NULL).  Returns true on a
 * match; engine errors (retry limit) count as no match, as HAProxy's
 * regex_exec does.
 */
static bool
rx_search(const struct rx *rx, const char *s, size_t len, OnigRegion *region)
{
	const UChar	*u = (const UChar *)s;
	int		 rc;

	rc = onig_search(rx->re, u, u + len, u, u + len, region,
	    ONIG_OPTION_NONE);
	return rc >= 0;
}

/*
 * A match region on the caller's stack.  A reqrep runs per request and a
 * fresh heap region costs two allocations; here the group offsets of a
 * regex with fewer than RX_STACK_REGS groups live on the stack (oniguruma
 * grows a region only when its 'allocated' is too small), and nothing is
 * kept between calls, so threads share no state.  More groups: a heap
 * region, freed by rx_regs_done().
 */
#define RX_STACK_REGS	16

struct rx_regs {
	OnigRegion	 r;
	int		 beg[RX_STACK_REGS];
	int		 end[RX_STACK_REGS];
};

static OnigRegion *
rx_regs_init(struct rx_regs *m, const struct rx *rx)
{
	if (onig_number_of_captures(rx->re) + 1 > RX_STACK_REGS)
		return onig_region_new();
	onig_region_init(&m->r);
	m->r.allocated = RX_STACK_REGS;
	m->r.beg = m->beg;
	m->r.end = m->end;
	return &m->r;
}

static void
rx_regs_done(struct rx_regs *m, OnigRegion *region)
{
	if (region != &m->r) {
		onig_region_free(region, 1);
		return;
	}
	/* The arrays are ours: let oniguruma free only what it may have
	 * added (a capture history). */
	m->r.allocated = 0;
	m->r.beg = m->r.end = NULL;
	onig_region_free(&m->r, 0);
}

/* Unanchored match; see regex.h. */
bool
rx_match(const struct rx *rx, const char *s, size_t len)
{
	/* No region: a yes/no needs no group offsets, nor an allocation. */
	return rx_search(rx, s, len, NULL);
}

/* Value of hex digit c, or -1. */
static int
rx_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Append n bytes if they fit; the needed length grows regardless. */
static void
rx_out_put(struct rx_out *o, const char *p, size_t n)
{
	if (n > 0 && n <= o->cap && o->len <= o->cap - n)
		memcpy(o->buf + o->len, p, n);
	o->len += n;
}

/* Append capture group g of the last match, if it is set. */
static void
rx_out_group(struct rx_out *o, const char *s, const OnigRegion *region,
    int g)
{
	if (g >= region->num_regs || region->beg[g] == ONIG_REGION_NOTPOS)
		return;
	rx_out_put(o, s + region->beg[g],
	    (size_t)(region->end[g] - region->beg[g]));
}

/*
 * Expand the escape at fmt (just after a backslash) into o.  Returns the
 * number of fmt bytes consumed.
 */
static size_t
rx_expand_escape(struct rx_out *o, const char *fmt, const char *s,
    const OnigRegion *region)
{
	char	c;
	int	hi, lo;

	if (*fmt == '\0') {
		/* Trailing '\': rejected at config time; keep it literally. */
		rx_out_put(o, "\\", 1);
		return 0;
	}
	if (isdigit((unsigned char)*fmt)) {
		rx_out_group(o, s, region, *fmt - '0');
		return 1;
	}
	if (*fmt == 'x') {
		if ((hi = rx_hexval(fmt[1])) < 0 ||
		    (lo = rx_hexval(fmt[2])) < 0) {
			/* Malformed: rejected at config time; keep "\x". */
			rx_out_put(o, "\\x", 2);
			return 1;
		}
		c = (char)(hi << 4 | lo);
		rx_out_put(o, &c, 1);
		return 3;
	}
	rx_out_put(o, fmt, 1);
	return 1;
}

/* Expand fmt for the match in region; returns the length needed. */
static size_t
rx_expand(struct rx_out *o, const char *fmt, const char *s,
    const OnigRegion *region)
{
	const char	*bs;

	while (*fmt != '\0') {
		if ((bs = strchr(fmt, '\\')) == NULL) {
			rx_out_put(o, fmt, strlen(fmt));
			break;
		}
		rx_out_put(o, fmt, (size_t)(bs - fmt));
		fmt = bs + 1;
		fmt += rx_expand_escape(o, fmt, s, region);
	}
	return o->len;
}

/* Whole-subject substitution; see regex.h. */
long
rx_subst(const struct rx *rx, const char *s, size_t len, const char *fmt,
    char *out, size_t outsz)
{
	struct rx_regs	 m;
	OnigRegion	*region;
	struct rx_out	 o = { out, outsz, 0 };
	size_t		 n;

	if ((region = rx_regs_init(&m, rx)) == NULL)
		return RX_SUBST_ERROR;
	if (!rx_search(rx, s, len, region)) {
		rx_regs_done(&m, region);
		return RX_SUBST_NOMATCH;
	}
	n = rx_expand(&o, fmt, s, region);
	rx_regs_done(&m, region);
	if (n >= outsz) {
		if (outsz > 0)
			out[0] = '\0';
		return RX_SUBST_NOSPACE;
	}
	out[n] = '\0';
	return (long)n;
}

/*
 * Check the escape at fmt (just after a backslash).  Returns the number of
 * bytes consumed, or -1 with an error in err; sets *warned (and err) for
 * the first deprecated escape.
 */
static int
rx_check_escape(const struct rx *rx, const char *all, const char *fmt,
    bool *warned, char *err, size_t errlen)
{
	unsigned	g;

	if (*fmt == '\0') {
		snprintf(err, errlen, "trailing backslash in replacement "
		    "'%s': write '\\\\' for a literal backslash", all);
		return -1;
	}
	if (isdigit((unsigned char)*fmt)) {
		g = (unsigned)(*fmt - '0');
		if (g > rx->ngroups) {
			snprintf(err, errlen, "replacement '%s' refers to "
			    "group \\%u but regex '%s' has only %u capture "
			    "group%s", all, g, rx->pat, rx->ngroups,
			    rx->ngroups == 1 ? "" : "s");
			return -1;
		}
		return 1;
	}
	if (*fmt == 'x') {
		if (rx_hexval(fmt[1]) < 0 || rx_hexval(fmt[2]) < 0) {
			snprintf(err, errlen, "invalid '\\x' escape in "
			    "replacement '%s': write two hex digits, as in "
			    "'\\x41'", all);
			return -1;
		}
		return 3;
	}
	if (*fmt != '\\' && !*warned) {
		/* HAProxy 1.5 check_replace_string warns the same way. */
		snprintf(err, errlen, "deprecated use of a backslash before "
		    "'%c' in replacement '%s': only '\\\\', '\\x' and a digit "
		    "follow a backslash; write '%c' alone", *fmt, all, *fmt);
		*warned = true;
	}
	return 1;
}

/* Config-time check of a replacement string; see regex.h. */
int
rx_check_subst(const struct rx *rx, const char *fmt, char *err,
    size_t errlen)
{
	const char	*p = fmt;
	bool		 warned = false;
	int		 n;

	while ((p = strchr(p, '\\')) != NULL) {
		p++;
		if ((n = rx_check_escape(rx, fmt, p, &warned, err,
		    errlen)) < 0)
			return -1;
		p += n;
	}
	return warned ? 1 : 0;
}

/* Unanchored match with its place; see regex.h. */
bool
rx_find(const struct rx *rx, const char *s, size_t len, size_t *start,
    size_t *mlen)
{
	struct rx_regs	 regs;
	OnigRegion	*region;
	bool		 m;

	if ((region = rx_regs_init(&regs, rx)) == NULL)
		return false;
	m = rx_search(rx, s, len, region);
	if (m && region->num_regs > 0) {
		*start = (size_t)region->beg[0];
		*mlen = (size_t)(region->end[0] - region->beg[0]);
	}
	rx_regs_done(&regs, region);
	return m;
}
