/*
 * check_value.c: unit tests for cfg_value.c (times, sizes, integers and
 * their formatting).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cfg/cfg_value.h"

#include "base/nitems.h"

static const struct {
	const char		*in;
	enum cfg_time_unit	 def;
	int			 want_rc;
	uint32_t		 want;
	const char		*err;	/* substring of err when want_rc < 0 */
} time_cases[] = {
	{ "10s", CFG_TU_MS, 0, 10000, NULL },
	{ "500", CFG_TU_MS, 0, 500, NULL },
	{ "500", CFG_TU_S, 0, 500000, NULL },
	{ "0", CFG_TU_MS, 0, 0, NULL },
	{ "0s", CFG_TU_MS, 0, 0, NULL },
	{ "1500us", CFG_TU_MS, 0, 2, NULL },	/* rounds up */
	{ "1us", CFG_TU_MS, 0, 1, NULL },
	{ "1000us", CFG_TU_MS, 0, 1, NULL },
	{ "0us", CFG_TU_MS, 0, 0, NULL },
	{ "250ms", CFG_TU_S, 0, 250, NULL },
	{ "2m", CFG_TU_MS, 0, 120000, NULL },
	{ "1h", CFG_TU_MS, 0, 3600000, NULL },
	{ "1d", CFG_TU_MS, 0, 86400000, NULL },
	{ "24d", CFG_TU_MS, 0, 2073600000, NULL },
	{ "007s", CFG_TU_MS, 0, 7000, NULL },
	{ "2147483647", CFG_TU_MS, 0, 2147483647, NULL },
	{ "2147483647000us", CFG_TU_MS, 0, 2147483647, NULL },
	{ "2147483647001us", CFG_TU_MS, -1, 0, "timer overflow" },
	{ "2147483648", CFG_TU_MS, -1, 0, "timer overflow in '2147483648'" },
	{ "2147483648s", CFG_TU_MS, -1, 0, "timer overflow" },
	{ "2147484", CFG_TU_S, -1, 0, "timer overflow" },
	{ "25d", CFG_TU_MS, -1, 0,
	    "timer overflow in '25d' (maximum is 2147483647 ms, ~24.8 days)" },
	{ "99999999999999999999999d", CFG_TU_MS, -1, 0, "timer overflow" },
	{ "5S", CFG_TU_MS, -1, 0, "unexpected character 'S' in '5S': time "
	    "units are us, ms, s, m, h, d (lower case)" },
	{ "5sec", CFG_TU_MS, -1, 0,
	    "unexpected character 'e' after the unit in '5sec'" },
	{ "5sec", CFG_TU_MS, -1, 0, "(write '5s')" },
	{ "5mn", CFG_TU_MS, -1, 0, "character 'n' after the unit" },
	{ "5mss", CFG_TU_MS, -1, 0, "(write '5ms')" },
	{ "1.5s", CFG_TU_MS, -1, 0, "unexpected character '.' in '1.5s'" },
	{ "-1", CFG_TU_MS, -1, 0, "unexpected character '-' in '-1'" },
	{ "+1", CFG_TU_MS, -1, 0, "unexpected character '+'" },
	{ "", CFG_TU_MS, -1, 0, "empty time value" },
	{ "s", CFG_TU_MS, -1, 0, "unexpected character 's' in 's'" },
	{ " 5s", CFG_TU_MS, -1, 0, "unexpected character ' '" },
	{ "5 s", CFG_TU_MS, -1, 0, "unexpected character ' ' in '5 s'" },
	{ "5\001", CFG_TU_MS, -1, 0, "unexpected character '\\x01'" },
};

static const struct {
	const char	*in;
	uint64_t	 max;
	int		 want_rc;
	uint64_t	 want;
	const char	*err;
} size_cases[] = {
	{ "16384", UINT32_MAX, 0, 16384, NULL },
	{ "0", UINT32_MAX, 0, 0, NULL },
	{ "16k", UINT32_MAX, 0, 16384, NULL },
	{ "16K", UINT32_MAX, 0, 16384, NULL },
	{ "2m", UINT32_MAX, 0, 2097152, NULL },
	{ "1G", UINT32_MAX, 0, 1073741824, NULL },
	{ "3g", UINT32_MAX, 0, 3221225472U, NULL },
	{ "4g", UINT32_MAX, -1, 0,
	    "size '4g' is too large (maximum is 4294967295)" },
	{ "4294967295", UINT32_MAX, 0, 4294967295U, NULL },
	{ "4294967296", UINT32_MAX, -1, 0, "too large" },
	{ "18446744073709551616", UINT64_MAX, -1, 0, "too large" },
	{ "17179869184g", UINT64_MAX, -1, 0, "too large" },
	{ "16kb", UINT32_MAX, -1, 0, "unexpected character 'b' in '16kb'" },
	{ "5x", UINT32_MAX, -1, 0, "optional k, m or g suffix" },
	{ "k", UINT32_MAX, -1, 0, "unexpected character 'k'" },
	{ "-1", UINT32_MAX, -1, 0, "unexpected character '-'" },
	{ "", UINT32_MAX, -1, 0, "empty size" },
};

static const struct {
	const char	*in;
	unsigned long	 min, max;
	int		 want_rc;
	unsigned long	 want;
	const char	*err;
} uint_cases[] = {
	{ "3", 0, 256, 0, 3, NULL },
	{ "256", 0, 256, 0, 256, NULL },
	{ "0", 0, 256, 0, 0, NULL },
	{ "300", 0, 256, -1, 0, "value 300 out of range 0-256" },
	{ "0", 1, 256, -1, 0, "value 0 out of range 1-256" },
	{ "3x", 0, 256, -1, 0, "'3x' is not a valid integer" },
	{ "-3", 0, 256, -1, 0, "'-3' is not a valid integer" },
	{ "+3", 0, 256, -1, 0, "'+3' is not a valid integer" },
	{ "3 ", 0, 256, -1, 0, "not a valid integer" },
	{ "", 0, 256, -1, 0, "empty value" },
	{ "99999999999999999999999", 0, ULONG_MAX, -1, 0, "out of range" },
	{ "18446744073709551615", 0, ULONG_MAX, 0, ULONG_MAX, NULL },
};

static const struct {
	const char	*in;
	long		 min, max;
	int		 want_rc;
	long		 want;
	const char	*err;
} int_cases[] = {
	{ "-5", -10, 10, 0, -5, NULL },
	{ "+5", -10, 10, 0, 5, NULL },
	{ "5", -10, 10, 0, 5, NULL },
	{ "-0", -10, 10, 0, 0, NULL },
	{ "-11", -10, 10, -1, 0, "value -11 out of range -10 to 10" },
	{ "-1", 0, 10, -1, 0, "value -1 out of range 0-10" },
	{ "-", -10, 10, -1, 0, "'-' is not a valid integer" },
	{ "--1", -10, 10, -1, 0, "not a valid integer" },
	{ "1-", -10, 10, -1, 0, "not a valid integer" },
	{ "", -10, 10, -1, 0, "empty value" },
	{ "-9223372036854775808", LONG_MIN, LONG_MAX, 0, LONG_MIN, NULL },
	{ "9223372036854775807", LONG_MIN, LONG_MAX, 0, LONG_MAX, NULL },
	{ "9223372036854775808", LONG_MIN, LONG_MAX, -1, 0, "out of range" },
	{ "-9223372036854775809", LONG_MIN, LONG_MAX, -1, 0, "out of range" },
};

static const struct {
	uint32_t	 ms;
	const char	*want;
} fmt_time_cases[] = {
	{ 0, "0" },
	{ 1, "1ms" },
	{ 1500, "1500ms" },
	{ 10000, "10s" },
	{ 90000, "90s" },
	{ 120000, "2m" },
	{ 3600000, "1h" },
	{ 86400000, "1d" },
	{ 2147483647, "2147483647ms" },
};

static const struct {
	uint64_t	 v;
	const char	*want;
} fmt_size_cases[] = {
	{ 0, "0" },
	{ 1000, "1000" },
	{ 1024, "1k" },
	{ 16384, "16k" },
	{ 1536 * 1024, "1536k" },
	{ 1048576, "1m" },
	{ 3221225472U, "3g" },
};

START_TEST(test_time)
{
	char		err[256] = "";
	uint32_t	ms = 4242;
	int		rc;

	rc = cfg_value_time(time_cases[_i].in, time_cases[_i].def, &ms, err,
	    sizeof(err));
	ck_assert_msg(rc == time_cases[_i].want_rc, "row %d '%s': rc %d (%s)",
	    _i, time_cases[_i].in, rc, err);
	if (rc == 0)
		ck_assert_msg(ms == time_cases[_i].want,
		    "row %d '%s': got %u", _i, time_cases[_i].in, ms);
	else {
		ck_assert_msg(ms == 4242, "row %d: *ms written on error", _i);
		ck_assert_msg(strstr(err, time_cases[_i].err) != NULL,
		    "row %d '%s': err '%s'", _i, time_cases[_i].in, err);
	}
}
END_TEST

START_TEST(test_size)
{
	char		err[256] = "";
	uint64_t	v = 0;
	int		rc;

	rc = cfg_value_size(size_cases[_i].in, size_cases[_i].max, &v, err,
	    sizeof(err));
	ck_assert_msg(rc == size_cases[_i].want_rc, "row %d '%s': rc %d (%s)",
	    _i, size_cases[_i].in, rc, err);
	if (rc == 0)
		ck_assert_msg(v == size_cases[_i].want, "row %d '%s'", _i,
		    size_cases[_i].in);
	else
		ck_assert_msg(strstr(err, size_cases[_i].err) != NULL,
		    "row %d '%s': err '%s'", _i, size_cases[_i].in, err);
}
END_TEST

START_TEST(test_uint)
{
	char		err[256] = "";
	unsigned long	v = 0;
	int		rc;

	rc = cfg_value_uint(uint_cases[_i].in, uint_cases[_i].min,
	    uint_cases[_i].max, &v, err, sizeof(err));
	ck_assert_msg(rc == uint_cases[_i].want_rc, "row %d '%s': rc %d (%s)",
	    _i, uint_cases[_i].in, rc, err);
	if (rc == 0)
		ck_assert_msg(v == uint_cases[_i].want, "row %d '%s': got %lu",
		    _i, uint_cases[_i].in, v);
	else
		ck_assert_msg(strstr(err, uint_cases[_i].err) != NULL,
		    "row %d '%s': err '%s'", _i, uint_cases[_i].in, err);
}
END_TEST

START_TEST(test_int)
{
	char	err[256] = "";
	long	v = 0;
	int	rc;

	rc = cfg_value_int(int_cases[_i].in, int_cases[_i].min,
	    int_cases[_i].max, &v, err, sizeof(err));
	ck_assert_msg(rc == int_cases[_i].want_rc, "row %d '%s': rc %d (%s)",
	    _i, int_cases[_i].in, rc, err);
	if (rc == 0)
		ck_assert_msg(v == int_cases[_i].want, "row %d '%s': got %ld",
		    _i, int_cases[_i].in, v);
	else
		ck_assert_msg(strstr(err, int_cases[_i].err) != NULL,
		    "row %d '%s': err '%s'", _i, int_cases[_i].in, err);
}
END_TEST

/* Formatting is exact and reads back to the same value. */
START_TEST(test_fmt_time)
{
	char		buf[32], err[128];
	uint32_t	ms;

	ck_assert_str_eq(cfg_value_fmt_time(fmt_time_cases[_i].ms, buf,
	    sizeof(buf)), fmt_time_cases[_i].want);
	ck_assert_int_eq(cfg_value_time(buf, CFG_TU_S, &ms, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(ms, fmt_time_cases[_i].ms);
}
END_TEST

START_TEST(test_fmt_size)
{
	char		buf[32], err[128];
	uint64_t	v;

	ck_assert_str_eq(cfg_value_fmt_size(fmt_size_cases[_i].v, buf,
	    sizeof(buf)), fmt_size_cases[_i].want);
	ck_assert_int_eq(cfg_value_size(buf, UINT64_MAX, &v, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(v, fmt_size_cases[_i].v);
}
END_TEST

/* A short err buffer is truncated, never overrun. */
START_TEST(test_short_err)
{
	char		err[8];
	uint32_t	ms;

	memset(err, 'Z', sizeof(err));
	ck_assert_int_eq(cfg_value_time("5S", CFG_TU_MS, &ms, err, 4), -1);
	ck_assert_str_eq(err, "une");
	ck_assert_int_eq(err[4], 'Z');
}
END_TEST

static Suite *
value_suite(void)
{
	Suite	*s = suite_create("cfg_value");
	TCase	*tc = tcase_create("cfg_value");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_time, 0, (int)nitems(time_cases));
	tcase_add_loop_test(tc, test_size, 0, (int)nitems(size_cases));
	tcase_add_loop_test(tc, test_uint, 0, (int)nitems(uint_cases));
	tcase_add_loop_test(tc, test_int, 0, (int)nitems(int_cases));
	tcase_add_loop_test(tc, test_fmt_time, 0, (int)nitems(fmt_time_cases));
	tcase_add_loop_test(tc, test_fmt_size, 0, (int)nitems(fmt_size_cases));
	tcase_add_test(tc, test_short_err);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(value_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
