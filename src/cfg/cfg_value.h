/*
 * cfg_value.h: typed config argument values (times, sizes, integers).
 *
 * Pure functions: each parses one argument's text, returns 0 or -1 with a
 * message in err (errlen bytes) that names the bad text and says how to fix
 * it.  Stricter than HAProxy, which often accepts trailing junk (atoi).
 */

#ifndef HAPX_CFG_VALUE_H
#define HAPX_CFG_VALUE_H

#include <stddef.h>
#include <stdint.h>

#define CFG_TIME_MAX_MS	2147483647U	/* HAProxy's timer limit, ~24.8 days */

/* Unit of a bare number in a time value ("timeout client 500" is ms). */
enum cfg_time_unit {
	CFG_TU_MS,
	CFG_TU_S
};

/*
 * Parse a time: digits plus an optional unit us, ms, s, m, h or d (lower
 * case); a bare number is in unit def.  *ms gets milliseconds, rounded up
 * (1us is 1ms), at most CFG_TIME_MAX_MS.
 */
int		 cfg_value_time(const char *s, enum cfg_time_unit def,
		    uint32_t *ms, char *err, size_t errlen);

/* Parse a size: digits plus an optional k, m or g (x1024^n); <= max. */
int		 cfg_value_size(const char *s, uint64_t max, uint64_t *out,
		    char *err, size_t errlen);

/* Parse a plain decimal integer in [min, max]; no sign, no junk. */
int		 cfg_value_uint(const char *s, unsigned long min,
		    unsigned long max, unsigned long *out, char *err,
		    size_t errlen);

/* Parse a decimal integer with an optional '-' or '+', in [min, max]. */
int		 cfg_value_int(const char *s, long min, long max, long *out,
		    char *err, size_t errlen);

/*
 * Format ms as the shortest exact time ("10s", "1500ms", "2m"; 0 is "0")
 * into out (outlen bytes); returns out.
 */
const char	*cfg_value_fmt_time(uint32_t ms, char *out, size_t outlen);

/* Format a size with the largest exact suffix ("16k", "1g", "1000"). */
const char	*cfg_value_fmt_size(uint64_t v, char *out, size_t outlen);

#endif /* HAPX_CFG_VALUE_H */
