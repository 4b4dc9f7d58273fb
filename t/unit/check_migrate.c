/*
 * check_migrate.c: unit tests for cfg_migrate.c: the regex shapes of the
 * 1.x filters and what they become, words for the 2.6 tokenizer, whole
 * files migrated, and the unified diff.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "tools/cfg_migrate.h"
#include "base/diag.h"

#include "base/nitems.h"

#define REQ	true
#define RSP	false

/* Regexes and replacements as the config tokenizer hands them over
 * ("\ " already a space). */
static const struct {
	const char		*rx, *rep;
	bool			 request, icase;
	enum cfg_mig_kind	 kind;
	const char		*name, *regex, *fmt;	/* NULL: not checked */
	const char		*why;		/* substring, for NONE */
} shape_cases[] = {
	/* The article: method kept, /spark/ stripped: replace-path. */
	{ "^([^ :]*) /spark\\/(.*)", "\\1 /\\2", REQ, false, CFG_MIG_PATH,
	    NULL, "^/spark/(.*)", "/\\1", NULL },
	{ "^([^ :]*) /policies/(.*)", "\\1 /static/policies/\\2", REQ, false,
	    CFG_MIG_PATH, NULL, "^/policies/(.*)", "/static/policies/\\1",
	    NULL },
	{ "^([^ :]*) /app(.*)", "\\1 /static/app.html\\2", REQ, false,
	    CFG_MIG_PATH, NULL, "^/app(.*)", "/static/app.html\\1", NULL },
	/* The method group holds " /" too (004-satellite). */
	{ "^([^ ]* /)httpbin[/]?(.*)", "\\1\\2", REQ, false, CFG_MIG_PATH,
	    NULL, "^/httpbin[/]?(.*)", "/\\1", NULL },
	/* Optional leading '/': the URI, not the path. */
	{ "^([^ :]*) [/]?(.*)", "\\1 /internal/\\2", REQ, false, CFG_MIG_URI,
	    NULL, "^[/]?(.*)", "/internal/\\1", NULL },
	/* A '?' in the new URI: replace-uri keeps the meaning. */
	{ "^([^ :]*) /q/(.*)", "\\1 /q?x=\\2", REQ, false, CFG_MIG_URI,
	    NULL, "^/q/(.*)", "/q?x=\\1", NULL },
	/* Inner groups are renumbered; '%' is doubled for log-format. */
	{ "^([^ :]*) /(a|b)x/(.*)", "\\1 /\\2/\\3", REQ, false, CFG_MIG_NONE,
	    NULL, NULL, NULL, "constructs" },
	{ "^([^ :]*) /(v1)/(.*)", "\\1 /api-\\2%/\\3", REQ, false,
	    CFG_MIG_PATH, NULL, "^/(v1)/(.*)", "/api-\\1%%/\\2", NULL },
	/* reqirep on the request line: an inline flag. */
	{ "^([^ :]*) /Spark/(.*)", "\\1 /\\2", REQ, true, CFG_MIG_PATH,
	    NULL, "(?i)^/Spark/(.*)", "/\\1", NULL },
	/* A method change. */
	{ "^PURGE (.*)", "GET \\1", REQ, false, CFG_MIG_METHOD, "PURGE",
	    NULL, "GET", NULL },
	{ "^GET /x/(.*)", "GET /y/\\1", REQ, false, CFG_MIG_NONE, NULL,
	    NULL, NULL, "set-method" },
	/* Request-line rules that have no exact 2.x form. */
	{ "^([^ a]*) /x/(.*)", "\\1 /\\2", REQ, false, CFG_MIG_NONE, NULL,
	    NULL, NULL, "does not split" },
	{ "^([^ :]*) /a (.*)", "\\1 /b \\2", REQ, false, CFG_MIG_NONE, NULL,
	    NULL, NULL, "may match past the path" },
	{ "^([^ :]*) /.*/(.*)", "\\1 /\\2", REQ, false, CFG_MIG_NONE, NULL,
	    NULL, NULL, "may match past the path" },
	{ "^([^ :]*) /x/(.*)", "\\1 /y/\\2 more", REQ, false, CFG_MIG_NONE,
	    NULL, NULL, NULL, "does not end with the group" },
	{ "^([^ :]*) /x/(.*)", "POST /y/\\2", REQ, false, CFG_MIG_NONE, NULL,
	    NULL, NULL, "does not keep the method" },
	{ "^([^ :]*) /x/(.*)", "\\1 /\\1/\\2", REQ, false, CFG_MIG_NONE, NULL,
	    NULL, NULL, "uses the method" },
	{ "/spark/", "/", REQ, false, CFG_MIG_NONE, NULL, NULL, NULL,
	    "does not split the request line" },
	{ "^([^ :]*) /x/(.*)", "\\1 /y/\\2\\", REQ, false, CFG_MIG_NONE, NULL,
	    NULL, NULL, "lone backslash" },
	/* Headers: the whole value replaced, as 1.x replaced the line. */
	{ "^Host:", "Host: example.org", REQ, true, CFG_MIG_HEADER, "Host",
	    ".*", "example.org", NULL },
	{ "^Host: www\\.(.*)", "Host: \\1", REQ, true, CFG_MIG_HEADER, "Host",
	    "(?i)^www\\.(.*)", "\\1", NULL },
	{ "^X-Backend-Secret: (.*)", "X-Backend-Secret: hidden-\\1", RSP,
	    false, CFG_MIG_HEADER, "X-Backend-Secret", "^(.*)", "hidden-\\1",
	    NULL },
	{ "^Location: http://(.*)", "Location: https://\\1", RSP, true,
	    CFG_MIG_HEADER, "Location", "(?i)^http://(.*)", "https://\\1",
	    NULL },
	{ "^x-forwarded-for: (.*)", "X-Forwarded-For: \\1", REQ, false,
	    CFG_MIG_NONE, NULL, NULL, NULL, "in this case only" },
	{ "^x-forwarded-for: (.*)", "X-Forwarded-For: \\1", REQ, true,
	    CFG_MIG_HEADER, "x-forwarded-for", "^(.*)", "\\1", NULL },
	{ "^X-A:(.*)", "X-A:b\\1", REQ, false, CFG_MIG_NONE, NULL, NULL,
	    NULL, "leading space" },
	{ "^X-A: (.*)", "X-B: \\1", REQ, false, CFG_MIG_NONE, NULL, NULL,
	    NULL, "renames" },
	{ "^X-A: (.*)", "X-A: \\0", REQ, false, CFG_MIG_NONE, NULL, NULL,
	    NULL, "whole line" },
	{ "^X-A: (.*)", "X-A: ", REQ, false, CFG_MIG_NONE, NULL, NULL, NULL,
	    "empties" },
	/* Status lines are not rewritten by these shapes. */
	{ "^HTTP/1.1 200 (.*)", "HTTP/1.1 201 \\1", RSP, false, CFG_MIG_NONE,
	    NULL, NULL, NULL, "not a header test" },
	/* Match-only rules (del, deny...). */
	{ ".", NULL, REQ, true, CFG_MIG_ANY, NULL, NULL, NULL, NULL },
	{ "^.*", NULL, REQ, false, CFG_MIG_ANY, NULL, NULL, NULL, NULL },
	{ "^X-Secret:", NULL, REQ, false, CFG_MIG_HEADER, "X-Secret", "",
	    NULL, NULL },
	{ "^X-Secret: .*", NULL, REQ, false, CFG_MIG_HEADER, "X-Secret", "",
	    NULL, NULL },
	{ "^Set-cookie: IP=", NULL, RSP, true, CFG_MIG_HEADER, "Set-cookie",
	    "(?i)^IP=", NULL, NULL },
	{ "^GET ", NULL, REQ, false, CFG_MIG_NONE, NULL, NULL, NULL,
	    "not a header test" },
};

START_TEST(test_shape)
{
	struct cfg_mig_shape	sh;
	const char		*in = shape_cases[_i].rx;

	cfg_migrate_shape(in, shape_cases[_i].rep, shape_cases[_i].request,
	    shape_cases[_i].icase, &sh);
	ck_assert_msg(sh.kind == shape_cases[_i].kind, "%s -> %s: kind %d, "
	    "want %d (%s)", in, shape_cases[_i].rep, sh.kind,
	    shape_cases[_i].kind, sh.why);
	if (shape_cases[_i].name != NULL)
		ck_assert_str_eq(sh.name, shape_cases[_i].name);
	if (shape_cases[_i].regex != NULL)
		ck_assert_str_eq(sh.regex, shape_cases[_i].regex);
	if (shape_cases[_i].fmt != NULL)
		ck_assert_str_eq(sh.fmt, shape_cases[_i].fmt);
	if (shape_cases[_i].why != NULL)
		ck_assert_msg(strstr(sh.why, shape_cases[_i].why) != NULL,
		    "%s: why '%s', want '%s'", in, sh.why,
		    shape_cases[_i].why);
}
END_TEST

/* The caveat of a method part that also matches "Name:". */
START_TEST(test_shape_caveat)
{
	struct cfg_mig_shape	sh;

	cfg_migrate_shape("^([^ ]*) /x/(.*)", "\\1 /\\2", REQ, false, &sh);
	ck_assert_int_eq(sh.kind, CFG_MIG_PATH);
	ck_assert_ptr_nonnull(strstr(sh.caveat, "header lines"));
	cfg_migrate_shape("^([^ :]*) /x/(.*)", "\\1 /\\2", REQ, false, &sh);
	ck_assert_str_eq(sh.caveat, "");
}
END_TEST

static const struct {
	const char	*in, *want;
} word_cases[] = {
	{ "^/spark/(.*)", "^/spark/(.*)" },
	{ "a b", "a\\ b" },
	{ "x#y", "x\\#y" },
	{ "it's \"q\"", "it\\'s\\ \\\"q\\\"" },
	{ "^www\\.(.*)", "^www\\.(.*)" },	/* \. kept by the tokenizer */
	{ "\\1", "\\1" },
	{ "a\\ b", "a\\\\\\ b" },		/* a literal backslash-space */
	{ "\\x41", "\\\\x41" },
	{ "\\n", "\\\\n" },
	{ "tab\there", "tab\\there" },
	{ "end\\", "end\\\\" },
	{ "", "\"\"" },
};

START_TEST(test_word)
{
	char	out[256];

	ck_assert(cfg_migrate_word(word_cases[_i].in,
	    strlen(word_cases[_i].in), out, sizeof(out)));
	ck_assert_str_eq(out, word_cases[_i].want);
}
END_TEST

START_TEST(test_word_too_long)
{
	char	out[4];

	ck_assert(!cfg_migrate_word("abcdef", 6, out, sizeof(out)));
}
END_TEST

/* Whole files: input, output, lines changed and left. */
static const struct {
	const char	*in, *want;
	unsigned	 nchanged, nleft;
	const char	*warn;		/* substring of a warning, or NULL */
} file_cases[] = {
	{ "global\n    maxconn 10\n", "global\n    maxconn 10\n", 0, 0, NULL },
	{ "defaults\n\tcontimeout 5000 # c\n\tclitimeout 1s\n",
	    "defaults\n\ttimeout connect 5000 # c\n\ttimeout client 1s\n", 2,
	    0, NULL },
	{ "defaults\n timeout srvtimeout 3s\n",
	    "defaults\n timeout server 3s\n", 1, 0, NULL },
	{ "listen web 127.0.0.1:80 # w\n  mode http\n",
	    "listen web # w\n  bind 127.0.0.1:80\n  mode http\n", 1, 0, NULL },
	{ "frontend f :80,:81\n", "frontend f\n    bind :80,:81\n", 1, 0,
	    NULL },
	{ "backend b\n"
	    "  reqrep ^([^\\ :]*)\\ /s/(.*) \\1\\ /\\2 if { src 10.0.0.1 }\n",
	    "backend b\n  http-request replace-path ^/s/(.*) /\\1 if "
	    "{ src 10.0.0.1 }\n", 1, 0, NULL },
	{ "backend b\n  reqadd X-A:\\ 50%\\ off\n",
	    "backend b\n  http-request add-header X-A 50%%\\ off\n", 1, 0,
	    NULL },
	{ "backend b\n  rspadd X-B:\\ 1 unless { status 304 }\n",
	    "backend b\n  http-response add-header X-B 1 unless "
	    "{ status 304 }\n", 1, 0, NULL },
	{ "backend b\n  reqideny ^X-Evil: unless ok\n",
	    "backend b\n  http-request deny if { req.hdr(X-Evil) -m found } "
	    "!ok\n", 1, 0, NULL },
	{ "backend b\n  reqideny ^X-Evil: unless ok ok2\n",
	    NULL, 0, 1, "several terms" },
	{ "backend b\n  reqdeny ^X-Evil: if a || b\n", NULL, 0, 1, "'||'" },
	{ "backend b\n  reqrep ^GET\\ (.*) HEAD\\ \\1 if x\n",
	    "backend b\n  http-request set-method HEAD if { method GET } x\n",
	    1, 0, NULL },
	{ "frontend f\n  block if { src 10.0.0.0/8 }\n",
	    "frontend f\n  http-request deny if { src 10.0.0.0/8 }\n", 1, 0,
	    NULL },
	{ "frontend f\n  http-request deny if x\n  block if y\n",
	    "frontend f\n  http-request deny if x\n  http-request deny if y\n",
	    1, 0, "ran before the rules above it" },
	{ "backend b\n  reqadd X-A:\\ 1 if p\n"
	    "  reqrep ^([^\\ :]*)\\ /a/(.*) \\1\\ /\\2\n", NULL, 2, 0,
	    "ran 'reqadd' after" },
	{ "backend b\n  reqrep ^([^\\ :]*)\\ /a/(.*) \\1\\ /\\2\n"
	    "  http-request set-header X 1\n", NULL, 1, 0,
	    "before the req* filters" },
	{ "backend b\n  rspadd X:\\ 1\n  http-response set-header Y 2\n",
	    NULL, 1, 0, "before the rsp* filters" },
	{ "frontend f\n  reqadd X:\\ 1\n  block if y\n", NULL, 2, 0,
	    "'block' ran before the rules above it" },
	{ "global\n  nbproc 2\n",
	    "global\n  # hapx migrate: removed in HAProxy 2.5; use 'nbthread' "
	    "(HAProxy 2.5+ runs one process with threads)\n"
	    "  # nbproc 2\n", 1, 0, "commented out" },
	{ "defaults\n  option forceclose\n  no option forceclose\n",
	    "defaults\n  option httpclose\n  no option httpclose\n", 2, 0,
	    NULL },
	{ "backend b\n  redispatch\n", "backend b\n  option redispatch\n", 1,
	    0, NULL },
	{ "backend b\n  reqpass ^X:\n",
	    "backend b\n  # hapx migrate: not translated: 2.x has no rule "
	    "that only skips the checks after it\n  reqpass ^X:\n", 0, 1,
	    "'reqpass' not translated" },
	{ "backend b\n  rspidel ^Server:\n  reqdel ^X-Secret:\\ .*\n",
	    "backend b\n  http-response del-header Server\n"
	    "  http-request del-header X-Secret\n", 2, 0, NULL },
	/* Not where 1.x allowed it: left. */
	{ "defaults\n  reqadd X:\\ 1\n", NULL, 0, 1, "did not allow it" },
	/* A missing LF on the last line is added (2.6 refuses it). */
	{ "global\n  maxconn 1", "global\n  maxconn 1\n", 1, 0,
	    "newline was added" },
};

START_TEST(test_file)
{
	struct cfg_migrate_result	 r;
	struct diag			 d;
	size_t				 i;
	bool				 found = false;

	diag_init(&d);
	ck_assert_int_eq(cfg_migrate_buf("t.cfg", file_cases[_i].in,
	    strlen(file_cases[_i].in), &r, &d), 0);
	if (file_cases[_i].want != NULL)
		ck_assert_str_eq(r.text, file_cases[_i].want);
	ck_assert_str_eq(r.orig, file_cases[_i].in);
	ck_assert_uint_eq(r.nchanged, file_cases[_i].nchanged);
	ck_assert_uint_eq(r.nleft, file_cases[_i].nleft);
	for (i = 0; i < d.nmsgs; i++)
		if (file_cases[_i].warn != NULL && d.msgs[i].sev ==
		    DIAG_WARNING && strstr(d.msgs[i].msg,
		    file_cases[_i].warn) != NULL)
			found = true;
	if (file_cases[_i].warn != NULL)
		ck_assert_msg(found, "no warning with '%s'",
		    file_cases[_i].warn);
	else
		ck_assert_uint_eq(d.nwarnings, 0);
	ck_assert_uint_eq(d.nerrors, 0);
	cfg_migrate_result_free(&r);
	diag_clear(&d);
}
END_TEST

/* A file that does not parse is an error, and nothing is produced. */
START_TEST(test_file_error)
{
	struct cfg_migrate_result	r;
	struct diag			d;
	const char			*in = "global\n  maxconn \"10\n";

	diag_init(&d);
	ck_assert_int_eq(cfg_migrate_buf("t.cfg", in, strlen(in), &r, &d),
	    -1);
	ck_assert_ptr_null(r.text);
	ck_assert_uint_ge(d.nerrors, 1);
	diag_clear(&d);
	diag_init(&d);
	ck_assert_int_eq(cfg_migrate_file("/nonexistent/x.cfg", &r, &d), -1);
	ck_assert_uint_eq(d.nerrors, 1);
	diag_clear(&d);
}
END_TEST

static const struct {
	const char	*a, *b, *want;
} diff_cases[] = {
	{ "x\n", "x\n", "" },
	{ "a\nb\nc\n", "a\nB\nc\n",
	    "--- o\n+++ n\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n" },
	/* Far apart: two hunks, 3 lines of context each. */
	{ "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
	    "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n",
	    "--- o\n+++ n\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n"
	    "@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n" },
	/* Close together: one hunk. */
	{ "1\n2\n3\n4\n5\n6\n7\n8\n", "1\nX\n3\n4\n5\n6\nY\n8\n",
	    "--- o\n+++ n\n@@ -1,8 +1,8 @@\n 1\n-2\n+X\n 3\n 4\n 5\n 6\n"
	    "-7\n+Y\n 8\n" },
	/* Insertion, and an empty old range. */
	{ "a\nb\n", "a\nn\nb\n",
	    "--- o\n+++ n\n@@ -1,2 +1,3 @@\n a\n+n\n b\n" },
	{ "", "a\n", "--- o\n+++ n\n@@ -0,0 +1 @@\n+a\n" },
	/* The last line without a newline. */
	{ "a\nb", "a\nb\n", "--- o\n+++ n\n@@ -1,2 +1,2 @@\n a\n-b\n"
	    "\\ No newline at end of file\n+b\n" },
};

START_TEST(test_diff)
{
	char	*d = cfg_migrate_diff("o", diff_cases[_i].a,
	    strlen(diff_cases[_i].a), "n", diff_cases[_i].b,
	    strlen(diff_cases[_i].b));

	ck_assert_str_eq(d, diff_cases[_i].want);
	free(d);
}
END_TEST

static Suite *
migrate_suite(void)
{
	Suite	*s = suite_create("migrate");
	TCase	*tc = tcase_create("migrate");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_shape, 0, nitems(shape_cases));
	tcase_add_test(tc, test_shape_caveat);
	tcase_add_loop_test(tc, test_word, 0, nitems(word_cases));
	tcase_add_test(tc, test_word_too_long);
	tcase_add_loop_test(tc, test_file, 0, nitems(file_cases));
	tcase_add_test(tc, test_file_error);
	tcase_add_loop_test(tc, test_diff, 0, nitems(diff_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(migrate_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
