/*
 * cfg_value.c: parse and format typed config values (times, sizes,
 * integers).
 *
 * Pure: no allocation, no diag, no printing.  Errors are returned as text
 * naming the bad argument so the keyword handler can report it at the
 * argument's position.  Where HAProxy is lax (atoi, "5sec" only warns) we
 * reject, because a silently misread timeout is worse than a refused start.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cfg/cfg_value.h"

#define CV_TIME_UNITS	"us, ms, s, m, h, d"

/* A time unit: ms = ceil(n * mul / div). */
struct cv_unit {
	const char	*name;
	uint64_t	 mul;
	uint64_t	 div;
};

static const struct cv_unit cv_time_units[] = {
	{ "us", 1, 1000 },
	{ "ms", 1, 1 },
	{ "s", 1000, 1 },
	{ "m", 60 * 1000, 1 },
	{ "h", 60 * 60 * 1000, 1 },
	{ "d", 24 * 60 * 60 * 1000, 1 },
};

/* Largest first, for formatting. */
static const struct {
	const char	*name;
	uint32_t	 ms;
} cv_fmt_units[] = {
	{ "d", 24 * 60 * 60 * 1000 },
	{ "h", 60 * 60 * 1000 },
	{ "m", 60 * 1000 },
	{ "s", 1000 },
};

/*
 * Render byte c for a message: itself when printable, else \xHH, so a
 * stray control byte shows up instead of corrupting the terminal.
 */
static const char *
cv_char(int c, char *buf, size_t len)
{
	if (isprint((unsigned char)c))
		snprintf(buf, len, "%c", c);
	else
		snprintf(buf, len, "\\x%02x", (unsigned char)c);
	return buf;
}

/*
 * Consume decimal digits at s into *v, saturating at UINT64_MAX and
 * setting *ovf.  Returns the first byte after the digits.
 */
static const char *
cv_digits(const char *s, uint64_t *v, bool *ovf)
{
	unsigned	d;

	*v = 0;
	*ovf = false;
	for (; isdigit((unsigned char)*s); s++) {
		d = (unsigned)(*s - '0');
		if (*v > (UINT64_MAX - d) / 10) {
			*ovf = true;
			*v = UINT64_MAX;
		} else
			*v = *v * 10 + d;
	}
	return s;
}

/* Find the longest time unit that prefixes s, or NULL. */
static const struct cv_unit *
cv_time_unit(const char *s)
{
	const struct cv_unit	*best = NULL;
	size_t			 i, n;

	for (i = 0; i < sizeof(cv_time_units) / sizeof(cv_time_units[0]);
	    i++) {
		n = strlen(cv_time_units[i].name);
		if (strncmp(s, cv_time_units[i].name, n) == 0 &&
		    (best == NULL || n > strlen(best->name)))
			best = &cv_time_units[i];
	}
	return best;
}

/* Report the first bad byte of a time value, with a hint for the fix. */
static int
cv_time_bad(const char *s, const char *p, char *err, size_t errlen)
{
	char	c[8];

	cv_char(*p, c, sizeof(c));
	if (p == s)
		snprintf(err, errlen, "unexpected character '%s' in '%s': a "
		    "time is an unsigned integer with an optional unit ("
		    CV_TIME_UNITS ")", c, s);
	else if (*p == '.' || *p == ',')
		snprintf(err, errlen, "unexpected character '%s' in '%s': "
		    "times are integers; use a smaller unit (1500ms, not "
		    "1.5s)", c, s);
	else
		snprintf(err, errlen, "unexpected character '%s' in '%s': "
		    "time units are " CV_TIME_UNITS " (lower case)", c, s);
	return -1;
}

/* Parse a time value; see cfg_value.h. */
int
cfg_value_time(const char *s, enum cfg_time_unit def, uint32_t *ms,
    char *err, size_t errlen)
{
	static const struct cv_unit	 bare_s = { "s", 1000, 1 };
	static const struct cv_unit	 bare_ms = { "ms", 1, 1 };
	const struct cv_unit		*u;
	const char			*p;
	uint64_t			 v;
	bool				 ovf;
	char				 c[8];

	if (s == NULL || *s == '\0') {
		snprintf(err, errlen, "empty time value: expected an "
		    "integer with an optional unit (" CV_TIME_UNITS ")");
		return -1;
	}
	p = cv_digits(s, &v, &ovf);
	if (p == s)
		return cv_time_bad(s, p, err, errlen);
	if (*p == '\0')
		u = def == CFG_TU_S ? &bare_s : &bare_ms;
	else if ((u = cv_time_unit(p)) == NULL)
		return cv_time_bad(s, p, err, errlen);
	else if (p[strlen(u->name)] != '\0') {
		p += strlen(u->name);
		snprintf(err, errlen, "unexpected character '%s' after the "
		    "unit in '%s': time units are " CV_TIME_UNITS " (write "
		    "'%.*s')", cv_char(*p, c, sizeof(c)), s, (int)(p - s), s);
		return -1;
	}
	/* Round up: HAProxy turns 1us into 1ms, never into 0 (no timeout). */
	if (!ovf && u->div > 1)
		v = v / u->div + (v % u->div != 0);
	if (ovf || v > CFG_TIME_MAX_MS / u->mul) {
		snprintf(err, errlen, "timer overflow in '%s' (maximum is %u "
		    "ms, ~24.8 days)", s, CFG_TIME_MAX_MS);
		return -1;
	}
	*ms = (uint32_t)(v * u->mul);
	return 0;
}

/* Multiplier for size suffix c, or 0 if c is not one. */
static uint64_t
cv_size_mul(int c)
{
	switch (c) {
	case 'k':
	case 'K':
		return 1024;
	case 'm':
	case 'M':
		return 1024 * 1024;
	case 'g':
	case 'G':
		return 1024 * 1024 * 1024;
	default:
		return 0;
	}
}

/* Parse a size; see cfg_value.h. */
int
cfg_value_size(const char *s, uint64_t max, uint64_t *out, char *err,
    size_t errlen)
{
	const char	*p;
	uint64_t	 v, mul = 1;
	bool		 ovf;
	char		 c[8];

	if (s == NULL || *s == '\0') {
		snprintf(err, errlen, "empty size: expected an integer with "
		    "an optional k, m or g suffix");
		return -1;
	}
	p = cv_digits(s, &v, &ovf);
	if (p != s && *p != '\0' && (mul = cv_size_mul(*p)) != 0)
		p++;
	if (p == s || *p != '\0') {
		snprintf(err, errlen, "unexpected character '%s' in '%s': a "
		    "size is an integer with an optional k, m or g suffix "
		    "(x1024)", cv_char(*p, c, sizeof(c)), s);
		return -1;
	}
	if (ovf || v > max / mul) {
		snprintf(err, errlen, "size '%s' is too large (maximum is "
		    "%" PRIu64 ")", s, max);
		return -1;
	}
	*out = v * mul;
	return 0;
}

/* Parse an unsigned integer; see cfg_value.h. */
int
cfg_value_uint(const char *s, unsigned long min, unsigned long max,
    unsigned long *out, char *err, size_t errlen)
{
	const char	*p;
	uint64_t	 v;
	bool		 ovf;

	if (s == NULL || *s == '\0') {
		snprintf(err, errlen, "empty value where an integer is "
		    "expected");
		return -1;
	}
	p = cv_digits(s, &v, &ovf);
	if (p == s || *p != '\0') {
		snprintf(err, errlen, "'%s' is not a valid integer: use "
		    "decimal digits only", s);
		return -1;
	}
	if (ovf || v < min || v > max) {
		snprintf(err, errlen, "value %s out of range %lu-%lu", s, min,
		    max);
		return -1;
	}
	*out = (unsigned long)v;
	return 0;
}

/* Parse a signed integer; see cfg_value.h. */
int
cfg_value_int(const char *s, long min, long max, long *out, char *err,
    size_t errlen)
{
	const char	*p, *d;
	uint64_t	 mag;
	bool		 neg, ovf;
	long		 v;

	if (s == NULL || *s == '\0') {
		snprintf(err, errlen, "empty value where an integer is "
		    "expected");
		return -1;
	}
	neg = *s == '-';
	d = (*s == '-' || *s == '+') ? s + 1 : s;
	p = cv_digits(d, &mag, &ovf);
	if (p == d || *p != '\0') {
		snprintf(err, errlen, "'%s' is not a valid integer: use "
		    "decimal digits with an optional sign", s);
		return -1;
	}
	if (ovf || mag > (uint64_t)LONG_MAX + neg)
		goto range;
	/* LONG_MAX + 1 does not fit a long: negate mag - 1, then step. */
	if (!neg || mag == 0)
		v = (long)mag;
	else
		v = -(long)(mag - 1) - 1;
	if (v < min || v > max)
		goto range;
	*out = v;
	return 0;
range:
	if (min >= 0)
		snprintf(err, errlen, "value %s out of range %ld-%ld", s, min,
		    max);
	else
		snprintf(err, errlen, "value %s out of range %ld to %ld", s,
		    min, max);
	return -1;
}

/* Format a time; see cfg_value.h. */
const char *
cfg_value_fmt_time(uint32_t ms, char *out, size_t outlen)
{
	size_t	i;

	/* A bare 0 reads back the same whatever the keyword's unit. */
	if (ms == 0) {
		snprintf(out, outlen, "0");
		return out;
	}
	for (i = 0; i < sizeof(cv_fmt_units) / sizeof(cv_fmt_units[0]); i++)
		if (ms % cv_fmt_units[i].ms == 0) {
			snprintf(out, outlen, "%" PRIu32 "%s",
			    ms / cv_fmt_units[i].ms, cv_fmt_units[i].name);
			return out;
		}
	snprintf(out, outlen, "%" PRIu32 "ms", ms);
	return out;
}

/* Format a size; see cfg_value.h. */
const char *
cfg_value_fmt_size(uint64_t v, char *out, size_t outlen)
{
	static const char	 sfx[] = "gmk";
	uint64_t		 mul = (uint64_t)1024 * 1024 * 1024;
	size_t			 i;

	for (i = 0; v != 0 && i < sizeof(sfx) - 1; i++, mul /= 1024)
		if (v % mul == 0) {
			snprintf(out, outlen, "%" PRIu64 "%c", v / mul,
			    sfx[i]);
			return out;
		}
	snprintf(out, outlen, "%" PRIu64, v);
	return out;
}
