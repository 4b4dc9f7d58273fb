/*
 * check_regex.c: unit tests for regex.c (PCRE semantics over oniguruma,
 * reqrep substitution, replacement-string checks).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "base/regex.h"

#include "base/nitems.h"

enum want { W_NOMATCH, W_MATCH, W_ERR };

/* Compile + match rows.  len 0 means strlen(subject). */
static const struct {
	const char	*pat;
	unsigned	 flags;
	const char	*subject;
	size_t		 len;
	enum want	 want;
	const char	*err;		/* substring of the compile error */
	int		 ngroups;	/* -1: don't check */
} match_cases[] = {
	/* Compile errors name the pattern and the reason. */
	{ "^(/x", 0, "", 0, W_ERR,
	    "invalid regex '^(/x': end pattern with unmatched parenthesis",
	    -1 },
	{ "a)", 0, "", 0, W_ERR, "unmatched close parenthesis", -1 },
	{ "*a", 0, "", 0, W_ERR, "target of repeat operator", -1 },
	{ "[z-a]", 0, "", 0, W_ERR, "empty range in char class", -1 },
	{ "a{3,2}", 0, "", 0, W_ERR, "upper is smaller than lower", -1 },
	{ "(a)\\2", 0, "", 0, W_ERR, "invalid backref", -1 },
	{ "abc\\", 0, "", 0, W_ERR, "end pattern at escape", -1 },
	/* PCRE anchors: ^ and $ are subject anchors, not line anchors. */
	{ "^b", 0, "a\nb", 0, W_NOMATCH, NULL, 0 },
	{ "a$", 0, "a\nb", 0, W_NOMATCH, NULL, 0 },
	{ "a$", 0, "xa\n", 0, W_MATCH, NULL, 0 },	/* before final \n */
	{ "a$", 0, "xa\n\n", 0, W_NOMATCH, NULL, 0 },
	{ "a\\z", 0, "xa\n", 0, W_NOMATCH, NULL, 0 },
	{ "(?m)^b", 0, "a\nb", 0, W_MATCH, NULL, 0 },	/* opt-in */
	/* PCRE dot: no newline unless (?s). */
	{ "a.b", 0, "a\nb", 0, W_NOMATCH, NULL, 0 },
	{ "(?s)a.b", 0, "a\nb", 0, W_MATCH, NULL, 0 },
	{ "a.b", 0, "a\0b", 3, W_MATCH, NULL, 0 },	/* bytes, NUL ok */
	{ ".+Status.+ALIVE.+", 0, "<li><strong>Status:</strong> ALIVE</li>",
	    0, W_MATCH, NULL, 0 },
	{ ".+Status.+ALIVE.+", 0,
	    "<li><strong>Status:</strong>\n ALIVE</li>", 0, W_NOMATCH, NULL,
	    0 },
	/* Unanchored search; case. */
	{ "www\\.example", 0, "Host: www.example.com", 0, W_MATCH, NULL, 0 },
	{ "^Host:", 0, "host: x", 0, W_NOMATCH, NULL, 0 },
	{ "^Host:", RX_ICASE, "hOST: x", 0, W_MATCH, NULL, 0 },
	{ "(?i)^host", 0, "HOST: x", 0, W_MATCH, NULL, 0 },
	/* Group counting: PCRE numbers named and unnamed groups together. */
	{ "^(GET|POST) (/[^ ]*)( HTTP/1\\.[01])?$", 0, "GET /a HTTP/1.1", 0,
	    W_MATCH, NULL, 3 },
	{ "(?<n>a)(b)\\1", 0, "abab", 0, W_MATCH, NULL, 2 },
	{ "(?:a)(b)", 0, "ab", 0, W_MATCH, NULL, 1 },
	{ "^[0-9]{3}$", 0, "200", 0, W_MATCH, NULL, 0 },
	{ "^[0-9]{3}$", 0, "2000", 0, W_NOMATCH, NULL, 0 },
	{ "\\d+\\s\\w+", 0, "404 NotFound", 0, W_MATCH, NULL, 0 },
	{ "a{,3}", 0, "a", 0, W_NOMATCH, NULL, 0 },	/* literal, as PCRE */
};

/* Substitution rows: outsz 0 means sizeof(out). */
static const struct {
	const char	*pat;
	unsigned	 flags;
	const char	*subject;
	const char	*fmt;
	size_t		 outsz;
	long		 want_rc;
	const char	*want;
} subst_cases[] = {
	/* The whole line is replaced; text outside the match is lost. */
	{ "^Host:\\ www.example.com", RX_ICASE, "Host: www.example.com.evil",
	    "Host: www", 0, 9, "Host: www" },
	{ "^([^ ]*) /static/(.*)", 0, "GET /static/x.png HTTP/1.1",
	    "\\1 /\\2", 0, 19, "GET /x.png HTTP/1.1" },
	{ "b+", 0, "abbbc", "[\\0]", 0, 5, "[bbb]" },
	{ "(x)?(b)", 0, "ab", "<\\1|\\2>", 0, 4, "<|b>" },	/* unset */
	{ "(b)", 0, "ab", "\\5", 0, 0, "" },		/* missing group */
	{ "b", 0, "ab", "\\x41\\x6a\\x2F", 0, 3, "Aj/" },
	{ "b", 0, "ab", "a\\\\b", 0, 3, "a\\b" },
	{ "b", 0, "ab", "\\q\\ ", 0, 2, "q " },		/* other \c -> c */
	{ "b", 0, "ab", "x\\", 0, 2, "x\\" },		/* trailing \ kept */
	{ "b", 0, "ab", "\\xZ1", 0, 4, "\\xZ1" },	/* bad \x kept */
	{ "^z", 0, "ab", "x", 0, RX_SUBST_NOMATCH, "" },
	{ "b", 0, "ab", "12345", 5, RX_SUBST_NOSPACE, "" },
	{ "b", 0, "ab", "12345", 6, 5, "12345" },
	{ "(b)", 0, "abbb", "\\1\\1", 2, RX_SUBST_NOSPACE, "" },
	{ "b", 0, "ab", "", 1, 0, "" },
	{ "b", 0, "ab", "x", 1, RX_SUBST_NOSPACE, "" },
	/* 15 groups: the last that fit the stack region; 20: a heap one. */
	{ "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)", 0,
	    "abcdefghijklmno", "\\9\\1", 0, 2, "ia" },
	{ "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)(q)(r)(s)(t)", 0,
	    "abcdefghijklmnopqrst", "\\9\\1", 0, 2, "ia" },
};

/* rx_check_subst rows. */
static const struct {
	const char	*pat;
	const char	*fmt;
	int		 want_rc;
	const char	*err;		/* substring of err, or NULL */
} check_cases[] = {
	{ "(a)(b)", "\\0\\1\\2", 0, NULL },
	{ "(a)(b)", "\\3", -1,
	    "refers to group \\3 but regex '(a)(b)' has only 2 capture "
	    "groups" },
	{ "(a)", "x\\2", -1, "has only 1 capture group" },
	{ "a", "\\1", -1, "has only 0 capture groups" },
	{ "a", "\\x4", -1, "invalid '\\x' escape" },
	{ "a", "\\xg0", -1, "write two hex digits" },
	{ "a", "\\x41\\\\", 0, NULL },
	{ "a", "abc\\", -1, "trailing backslash" },
	{ "a", "\\.", 1, "deprecated use of a backslash before '.'" },
	{ "a", "\\ \\q", 1, "before ' '" },		/* first one reported */
	{ "a", "\\.\\9", -1, "group \\9" },	/* error beats warning */
	{ "a", "plain text", 0, NULL },
};

START_TEST(test_match)
{
	char		 err[256] = "";
	struct rx	*rx;
	size_t		 len;
	bool		 m;

	rx = rx_compile(match_cases[_i].pat, match_cases[_i].flags, err,
	    sizeof(err));
	if (match_cases[_i].want == W_ERR) {
		ck_assert_msg(rx == NULL, "row %d '%s': compiled", _i,
		    match_cases[_i].pat);
		ck_assert_msg(strstr(err, match_cases[_i].err) != NULL,
		    "row %d '%s': err '%s'", _i, match_cases[_i].pat, err);
		return;
	}
	ck_assert_msg(rx != NULL, "row %d '%s': %s", _i, match_cases[_i].pat,
	    err);
	ck_assert_str_eq(rx_pattern(rx), match_cases[_i].pat);
	if (match_cases[_i].ngroups >= 0)
		ck_assert_msg((int)rx_ngroups(rx) == match_cases[_i].ngroups,
		    "row %d '%s': %u groups", _i, match_cases[_i].pat,
		    rx_ngroups(rx));
	len = match_cases[_i].len;
	if (len == 0)
		len = strlen(match_cases[_i].subject);
	m = rx_match(rx, match_cases[_i].subject, len);
	ck_assert_msg(m == (match_cases[_i].want == W_MATCH),
	    "row %d '%s' on '%s': got %d", _i, match_cases[_i].pat,
	    match_cases[_i].subject, m);
	rx_free(rx);
}
END_TEST

START_TEST(test_subst)
{
	char		 err[256] = "", out[64];
	struct rx	*rx;
	size_t		 outsz, k;
	long		 rc;

	rx = rx_compile(subst_cases[_i].pat, subst_cases[_i].flags, err,
	    sizeof(err));
	ck_assert_msg(rx != NULL, "row %d: %s", _i, err);
	outsz = subst_cases[_i].outsz ? subst_cases[_i].outsz : sizeof(out);
	memset(out, 'Z', sizeof(out));
	rc = rx_subst(rx, subst_cases[_i].subject,
	    strlen(subst_cases[_i].subject), subst_cases[_i].fmt, out, outsz);
	ck_assert_msg(rc == subst_cases[_i].want_rc,
	    "row %d '%s' / '%s': rc %ld", _i, subst_cases[_i].pat,
	    subst_cases[_i].fmt, rc);
	if (rc >= 0)
		ck_assert_msg(strcmp(out, subst_cases[_i].want) == 0,
		    "row %d '%s': got '%s'", _i, subst_cases[_i].fmt, out);
	/* Nothing may be written past outsz. */
	for (k = outsz; k < sizeof(out); k++)
		ck_assert_msg(out[k] == 'Z', "row %d: wrote out[%zu]", _i, k);
	rx_free(rx);
}
END_TEST

START_TEST(test_check_subst)
{
	char		 err[256] = "";
	struct rx	*rx;
	int		 rc;

	rx = rx_compile(check_cases[_i].pat, 0, err, sizeof(err));
	ck_assert_msg(rx != NULL, "row %d: %s", _i, err);
	err[0] = '\0';
	rc = rx_check_subst(rx, check_cases[_i].fmt, err, sizeof(err));
	ck_assert_msg(rc == check_cases[_i].want_rc, "row %d '%s': rc %d (%s)",
	    _i, check_cases[_i].fmt, rc, err);
	if (check_cases[_i].err != NULL)
		ck_assert_msg(strstr(err, check_cases[_i].err) != NULL,
		    "row %d '%s': err '%s'", _i, check_cases[_i].fmt, err);
	rx_free(rx);
}
END_TEST

/* One regex, many subjects: rx_match keeps no state between calls. */
START_TEST(test_reuse)
{
	char		 err[128];
	struct rx	*rx;
	int		 i;

	rx = rx_compile("^GET ", RX_ICASE, err, sizeof(err));
	ck_assert_ptr_nonnull(rx);
	for (i = 0; i < 100; i++) {
		ck_assert(rx_match(rx, "get /", 5));
		ck_assert(!rx_match(rx, "POST /", 6));
	}
	rx_free(rx);
	rx_free(NULL);
}
END_TEST

static Suite *
regex_suite(void)
{
	Suite	*s = suite_create("regex");
	TCase	*tc = tcase_create("regex");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_match, 0, (int)nitems(match_cases));
	tcase_add_loop_test(tc, test_subst, 0, (int)nitems(subst_cases));
	tcase_add_loop_test(tc, test_check_subst, 0, (int)nitems(check_cases));
	tcase_add_test(tc, test_reuse);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(regex_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
