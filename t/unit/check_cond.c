/*
 * check_cond.c: unit tests for cfg_cond.c, the ".if" condition evaluator
 * (spec haproxy-semantics.md §1.4): integers, defined(), feature(),
 * streq()/strneq(), version_atleast()/version_before() against
 * CFG_COND_COMPAT_VERSION ("2.6.0"), '!', '&&' over '||', parentheses.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cfg/cfg_cond.h"
#include "base/diag.h"

#include "base/nitems.h"

#define P10	"(((((((((("
#define C10	"))))))))))"
#define P50	P10 P10 P10 P10 P10
#define N50	"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"

static const struct {
	const char	*in;
	int		 want;		/* 1, 0, or -1 with one error */
	const char	*msg;		/* substring of the error */
} cond_cases[] = {
	/* integers and the empty condition */
	{ "", 0, NULL },
	{ "   ", 0, NULL },
	{ "0", 0, NULL },
	{ "00", 0, NULL },
	{ "1", 1, NULL },
	{ "42", 1, NULL },
	{ "007", 1, NULL },
	{ "-1", 1, NULL },
	{ " 1 ", 1, NULL },
	/* defined() */
	{ "defined(HT_A)", 1, NULL },
	{ "defined(HT_E)", 1, NULL },		/* set but empty */
	{ "defined(HT_U)", 0, NULL },
	{ "defined()", 0, NULL },
	/* streq / strneq */
	{ "streq(a,a)", 1, NULL },
	{ "streq(a,b)", 0, NULL },
	{ "streq(,)", 1, NULL },
	{ "streq(abc,abcd)", 0, NULL },
	{ "streq(A,a)", 0, NULL },
	{ "strneq(a,b)", 1, NULL },
	{ "strneq(a,a)", 0, NULL },
	/* versions, against 2.6.0 */
	{ "version_atleast(2.6)", 1, NULL },
	{ "version_atleast(2.6.0)", 1, NULL },
	{ "version_atleast(2.6.1)", 0, NULL },
	{ "version_atleast(2.5.99)", 1, NULL },
	{ "version_atleast(2.4)", 1, NULL },
	{ "version_atleast(1.8)", 1, NULL },
	{ "version_atleast(2)", 1, NULL },
	{ "version_atleast(2.10)", 0, NULL },	/* numeric, not lexical */
	{ "version_atleast(3.0)", 0, NULL },
	{ "version_before(2.7)", 1, NULL },
	{ "version_before(2.10)", 1, NULL },
	{ "version_before(3)", 1, NULL },
	{ "version_before(2.6.0)", 0, NULL },
	{ "version_before(2.6)", 0, NULL },
	{ "version_before(2.5)", 0, NULL },
	{ "version_before(1.5.19)", 0, NULL },
	/* feature() */
	{ "feature(EPOLL)", 1, NULL },
	{ "feature(POLL)", 1, NULL },
	{ "feature(THREAD)", 1, NULL },
	{ "feature(OPENSSL)", 0, NULL },
	{ "feature(LUA)", 0, NULL },
	{ "feature(epoll)", 0, NULL },
	{ "feature()", 0, NULL },
	/* operators */
	{ "!0", 1, NULL },
	{ "!1", 0, NULL },
	{ "!!1", 1, NULL },
	{ "! 1", 0, NULL },
	{ "!defined(HT_U)", 1, NULL },
	{ "1 && 1", 1, NULL },
	{ "1 && 0", 0, NULL },
	{ "0 && 1", 0, NULL },
	{ "1&&1", 1, NULL },
	{ "0 || 1", 1, NULL },
	{ "0 || 0", 0, NULL },
	{ "1||0", 1, NULL },
	{ "1 && 1 && 0", 0, NULL },
	{ "0 || 0 || 1", 1, NULL },
	/* precedence: '!' over '&&' over '||' */
	{ "1 || 0 && 0", 1, NULL },
	{ "0 && 0 || 1", 1, NULL },
	{ "0 && 1 || 0", 0, NULL },
	{ "(1 || 0) && 0", 0, NULL },
	{ "1 || (0 && 0)", 1, NULL },
	{ "!0 && 0", 0, NULL },
	{ "!(0 && 0)", 1, NULL },
	{ "!(0 || 0) && 1", 1, NULL },
	{ "((1))", 1, NULL },
	{ "( 1 )", 1, NULL },
	{ "(0)", 0, NULL },
	{ "defined(HT_A) && streq(x,x) && version_atleast(2.4) && "
	    "!feature(OPENSSL)", 1, NULL },
	/* errors */
	{ "foo", -1, "expected an integer or a predicate" },
	{ "1x", -1, "expected an integer or a predicate" },
	{ "true", -1, "in condition 'true'" },
	{ "(", -1, "expected a term" },
	{ "()", -1, "expected a term" },
	{ "(1", -1, "missing ')'" },
	{ "((1)", -1, "missing ')'" },
	{ "(1 || 0", -1, "missing ')'" },
	{ "1)", -1, "unexpected text after the condition" },
	{ "1 2", -1, "unexpected text after the condition" },
	{ "1 & 1", -1, "unexpected text after the condition" },
	{ "1 | 1", -1, "unexpected text" },
	{ "&& 1", -1, "expected a term" },
	{ "1 &&", -1, "expected a term" },
	{ "1 ||", -1, "expected a term" },
	{ "!", -1, "expected a term" },
	{ "0 || foo", -1, "in condition '0 || foo'" },
	{ "1 || foo", -1, "expected an integer" },	/* no short-circuit */
	{ "foo(a)", -1, "unknown predicate" },
	{ "streq(a)", -1, "wrong number of arguments" },
	{ "defined(a,b)", -1, "wrong number of arguments" },
	{ "streq(a,b,c)", -1, "too many arguments" },
	{ "defined(HT_A", -1, "missing ')'" },
	{ "streq(a,", -1, "missing ')'" },
	{ "(foo", -1, "expected an integer" },		/* one error only */
	{ "!(", -1, "expected a term" },
	/* nesting: deep enough for any config, bounded for the recursion */
	{ P10 "1" C10, 1, NULL },
	{ "!" P10 "!!1" C10, 0, NULL },
	{ P50 P50 P50 P50 "1", -1, "too many nested" },
	{ N50 N50 N50 N50 "1", -1, "too many nested" },
};

START_TEST(test_cond)
{
	struct cfg_pos	 pos = { "c.cfg", 7, 1, 3 };
	struct diag	 d;
	char		*dup;
	int		 v;

	setenv("HT_A", "alpha", 1);
	setenv("HT_E", "", 1);
	unsetenv("HT_U");
	diag_init(&d);
	/* An exact-size heap copy, so that reading past the end shows up
	 * under AddressSanitizer (the parser passes such a buffer). */
	dup = strdup(cond_cases[_i].in);
	ck_assert_ptr_nonnull(dup);
	v = cfg_cond_eval(dup, &pos, &d);
	ck_assert_msg(v == cond_cases[_i].want, "row %d '%s': got %d, want %d",
	    _i, cond_cases[_i].in, v, cond_cases[_i].want);
	if (cond_cases[_i].want < 0) {
		ck_assert_msg(d.nmsgs == 1 && d.nerrors == 1,
		    "row %d '%s': %zu messages", _i, cond_cases[_i].in, d.nmsgs);
		ck_assert_msg(strstr(d.msgs[0].msg, cond_cases[_i].msg) != NULL,
		    "row %d '%s': message '%s' lacks '%s'", _i,
		    cond_cases[_i].in, d.msgs[0].msg, cond_cases[_i].msg);
		ck_assert_msg(d.msgs[0].pos.line == 7 &&
		    d.msgs[0].pos.col == 1 &&
		    strcmp(d.msgs[0].pos.file, "c.cfg") == 0,
		    "row %d '%s': position", _i, cond_cases[_i].in);
		ck_assert_msg(d.msgs[0].hint != NULL, "row %d '%s': no hint",
		    _i, cond_cases[_i].in);
	} else
		ck_assert_msg(d.nmsgs == 0, "row %d '%s': unexpected '%s'", _i,
		    cond_cases[_i].in, d.msgs[0].msg);
	free(dup);
	diag_clear(&d);
}
END_TEST

START_TEST(test_compat_version)
{
	ck_assert_str_eq(CFG_COND_COMPAT_VERSION, "2.6.0");
}
END_TEST

static Suite *
cond_suite(void)
{
	Suite	*s = suite_create("cfg_cond");
	TCase	*tc = tcase_create("cfg_cond");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_cond, 0, (int)nitems(cond_cases));
	tcase_add_test(tc, test_compat_version);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(cond_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
