/*
 * check_stick: the stick table alone: keys of each type, look-up, store
 * over an existing key, lazy expiry, and the drop of the least recently
 * used entry when the table is at its size.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/cfg_model.h"
#include "servers/stick.h"

static struct stick_table_conf
conf_of(enum stick_type type, uint64_t size, uint32_t expire_ms)
{
	struct stick_table_conf	c;

	memset(&c, 0, sizeof(c));
	c.set = true;
	c.type = type;
	c.key_len = 4;
	c.size = size;
	c.expire_ms = expire_ms;
	return c;
}

START_TEST(test_insert_lookup)
{
	struct stick_table_conf	 c = conf_of(STK_IP, 10, 0);
	struct stick_table	*t = stick_table_new(&c);

	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_null(stick_table_lookup(t, "10.0.0.1", 0));
	ck_assert_int_eq(stick_table_store(t, "10.0.0.1", "A", 0), 0);
	ck_assert_int_eq(stick_table_store(t, "10.0.0.2", "B", 0), 0);
	ck_assert_str_eq(stick_table_lookup(t, "10.0.0.1", 5), "A");
	ck_assert_str_eq(stick_table_lookup(t, "10.0.0.2", 5), "B");
	/* the same IPv4 address, IPv4-mapped */
	ck_assert_str_eq(stick_table_lookup(t, "::ffff:10.0.0.1", 5), "A");
	/* a store on an existing key replaces its server */
	ck_assert_int_eq(stick_table_store(t, "10.0.0.1", "C", 6), 0);
	ck_assert_str_eq(stick_table_lookup(t, "10.0.0.1", 7), "C");
	ck_assert_uint_eq(stick_table_count(t), 2);
	/* not an address: no key */
	ck_assert_int_eq(stick_table_store(t, "nope", "A", 0), -1);
	ck_assert_ptr_null(stick_table_lookup(t, "2001:db8::1", 0));
	stick_table_free(t);
}
END_TEST

START_TEST(test_types)
{
	struct stick_table_conf	 ci = conf_of(STK_INTEGER, 10, 0);
	struct stick_table_conf	 cs = conf_of(STK_STRING, 10, 0);
	struct stick_table_conf	 c6 = conf_of(STK_IPV6, 10, 0);
	struct stick_table	*ti = stick_table_new(&ci);
	struct stick_table	*ts = stick_table_new(&cs);
	struct stick_table	*t6 = stick_table_new(&c6);

	ck_assert_int_eq(stick_table_store(ti, "42", "A", 0), 0);
	ck_assert_str_eq(stick_table_lookup(ti, "42", 0), "A");
	ck_assert_ptr_null(stick_table_lookup(ti, "43", 0));
	ck_assert_int_eq(stick_table_store(ti, "4x", "A", 0), -1);
	/* strings are cut at "len" (4 here) */
	ck_assert_int_eq(stick_table_store(ts, "alice", "A", 0), 0);
	ck_assert_str_eq(stick_table_lookup(ts, "alicia", 0), "A");
	ck_assert_ptr_null(stick_table_lookup(ts, "ali", 0));
	/* an IPv4 address in an ipv6 table is IPv4-mapped */
	ck_assert_int_eq(stick_table_store(t6, "10.0.0.1", "B", 0), 0);
	ck_assert_str_eq(stick_table_lookup(t6, "::ffff:10.0.0.1", 0), "B");
	stick_table_free(ti);
	stick_table_free(ts);
	stick_table_free(t6);
}
END_TEST

START_TEST(test_expire)
{
	struct stick_table_conf	 c = conf_of(STK_IP, 10, 1000);
	struct stick_table	*t = stick_table_new(&c);

	ck_assert_int_eq(stick_table_store(t, "10.0.0.1", "A", 100), 0);
	ck_assert_str_eq(stick_table_lookup(t, "10.0.0.1", 1099), "A");
	ck_assert_ptr_null(stick_table_lookup(t, "10.0.0.1", 1100));
	ck_assert_uint_eq(stick_table_count(t), 0);	/* purged then */
	/* a new store starts a new period */
	ck_assert_int_eq(stick_table_store(t, "10.0.0.1", "B", 2000), 0);
	ck_assert_str_eq(stick_table_lookup(t, "10.0.0.1", 2999), "B");
	stick_table_free(t);
}
END_TEST

START_TEST(test_evict_at_size)
{
	struct stick_table_conf	 c = conf_of(STK_INTEGER, 3, 0);
	struct stick_table	*t = stick_table_new(&c);

	ck_assert_int_eq(stick_table_store(t, "1", "A", 0), 0);
	ck_assert_int_eq(stick_table_store(t, "2", "B", 1), 0);
	ck_assert_int_eq(stick_table_store(t, "3", "C", 2), 0);
	/* "1" used again: "2" is now the least recently used */
	ck_assert_str_eq(stick_table_lookup(t, "1", 3), "A");
	ck_assert_int_eq(stick_table_store(t, "4", "D", 4), 0);
	ck_assert_uint_eq(stick_table_count(t), 3);
	ck_assert_ptr_null(stick_table_lookup(t, "2", 5));
	ck_assert_str_eq(stick_table_lookup(t, "1", 5), "A");
	ck_assert_str_eq(stick_table_lookup(t, "3", 5), "C");
	ck_assert_str_eq(stick_table_lookup(t, "4", 5), "D");
	stick_table_free(t);
}
END_TEST

START_TEST(test_expired_make_room)
{
	struct stick_table_conf	 c = conf_of(STK_INTEGER, 2, 10);
	struct stick_table	*t = stick_table_new(&c);

	ck_assert_int_eq(stick_table_store(t, "1", "A", 0), 0);
	ck_assert_int_eq(stick_table_store(t, "2", "B", 5), 0);
	/* at 12, "1" expired: it makes room, "2" stays */
	ck_assert_int_eq(stick_table_store(t, "3", "C", 12), 0);
	ck_assert_uint_eq(stick_table_count(t), 2);
	ck_assert_str_eq(stick_table_lookup(t, "2", 13), "B");
	ck_assert_str_eq(stick_table_lookup(t, "3", 13), "C");
	stick_table_free(t);
}
END_TEST

static Suite *
stick_suite(void)
{
	Suite	*s = suite_create("stick");
	TCase	*tc = tcase_create("table");

	tcase_add_test(tc, test_insert_lookup);
	tcase_add_test(tc, test_types);
	tcase_add_test(tc, test_expire);
	tcase_add_test(tc, test_evict_at_size);
	tcase_add_test(tc, test_expired_make_room);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(stick_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
