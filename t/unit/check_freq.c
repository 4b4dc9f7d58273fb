/*
 * check_freq.c: unit tests for freq.c (per-second event rates): a burst
 * within one period, the weighted previous period, the reset after two
 * idle periods, a clock stepping back, the maximum kept by freq_hit().
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/time.h>

#include <stdint.h>
#include <stdlib.h>

#include <check.h>

#include "base/freq.h"

/* A time of day MS milliseconds after an arbitrary origin. */
static struct timeval
at(int64_t ms)
{
	struct timeval	tv;

	ms += 1700000000000LL;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000 * 1000);
	return tv;
}

static uint32_t
add(struct freq *f, int64_t ms)
{
	struct timeval	tv = at(ms);

	return freq_add_at(f, 1, &tv);
}

static uint32_t
rd(const struct freq *f, int64_t ms)
{
	struct timeval	tv = at(ms);

	return freq_read_at(f, &tv);
}

START_TEST(test_empty)
{
	struct freq	f = { 0 };

	ck_assert_uint_eq(rd(&f, 0), 0);
	ck_assert_uint_eq(rd(&f, 123456), 0);
}
END_TEST

/* The period starts with the first event, not on a wall-clock second:
 * 5 events over 900 ms straddling a second boundary are one period. */
START_TEST(test_burst_one_period)
{
	struct freq	f = { 0 };
	int		i;

	for (i = 0; i < 5; i++)
		ck_assert_uint_eq(add(&f, 700 + i * 225), (uint32_t)i + 1);
	ck_assert_uint_eq(rd(&f, 1600), 5);
}
END_TEST

/* In the next period the previous count weighs what is left of it. */
START_TEST(test_previous_weighted)
{
	struct freq	f = { 0 };
	int		i;

	for (i = 0; i < 10; i++)
		add(&f, i);
	ck_assert_uint_eq(rd(&f, 999), 10);
	ck_assert_uint_eq(rd(&f, 1000), 10);	/* all of the last second */
	ck_assert_uint_eq(rd(&f, 1250), 7);	/* 10 * 750 / 1000 */
	ck_assert_uint_eq(rd(&f, 1900), 1);
	ck_assert_uint_eq(add(&f, 1500), 1);	/* a new period's count */
	ck_assert_uint_eq(rd(&f, 1500), 6);	/* 1 + 10 * 500 / 1000 */
}
END_TEST

START_TEST(test_idle_resets)
{
	struct freq	f = { 0 };

	add(&f, 0);
	add(&f, 10);
	ck_assert_uint_eq(rd(&f, 1999), 0);	/* 2 * 1 / 1000 */
	ck_assert_uint_eq(rd(&f, 2000), 0);
	ck_assert_uint_eq(rd(&f, 5000), 0);
	ck_assert_uint_eq(add(&f, 5000), 1);
	ck_assert_uint_eq(rd(&f, 5001), 1);
}
END_TEST

START_TEST(test_clock_back)
{
	struct freq	f = { 0 };

	add(&f, 10000);
	add(&f, 10001);
	ck_assert_uint_eq(add(&f, 3000), 1);	/* restarted, not negative */
	ck_assert_uint_eq(rd(&f, 3000), 1);
}
END_TEST

START_TEST(test_hit_max)
{
	struct freq	f = { 0 };
	uint32_t	max = 0;
	int		i;

	/* NULL base: gettimeofday; the period starts with the first hit,
	 * so all of these fall in it. */
	for (i = 0; i < 4; i++)
		freq_hit(&f, &max, NULL);
	ck_assert_uint_eq(max, 4);
	freq_hit(&f, NULL, NULL);
	ck_assert_uint_eq(max, 4);
	ck_assert_uint_eq(freq_read(&f, NULL), 5);
}
END_TEST

static Suite *
freq_suite(void)
{
	Suite	*s = suite_create("freq");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_burst_one_period);
	tcase_add_test(tc, test_previous_weighted);
	tcase_add_test(tc, test_idle_resets);
	tcase_add_test(tc, test_clock_back);
	tcase_add_test(tc, test_hit_max);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(freq_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
