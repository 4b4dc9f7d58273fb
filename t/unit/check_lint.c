/*
 * check_lint: cfg_lint() on config text (each case: the coded warning it
 * must give at LINE:COL with a part of its message, or must not give at
 * all), the code table (sorted, unique), and diag's policy and collapsing
 * of coded warnings.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/cfg_lint.h"
#include "cfg/cfg_load.h"
#include "model/cfg_model.h"
#include "base/diag.h"

#include "base/nitems.h"

#define HEAD	"defaults\n  mode http\n  timeout client 5s\n" \
		"  timeout connect 5s\n  timeout server 5s\n" \
		"frontend fe\n  bind 127.0.0.1:18080\n"
/* HEAD is 7 lines: a case's own text starts on line 8. */

static const struct {
	const char	*text;
	const char	*code;
	unsigned	 line, col;	/* 0: CODE must not appear at all */
	const char	*want;
} cases[] = {
	{ HEAD "  default_backend b\n  acl x path /x\n"
	    "backend b\n  server s 127.0.0.1:1\n",
	    "W-unused-acl", 9, 7, "ACL 'x' of frontend 'fe' is never used" },
	{ HEAD "  default_backend b\n  acl x path /x\n"
	    "  http-request deny if x\nbackend b\n  server s 127.0.0.1:1\n",
	    "W-unused-acl", 0, 0, NULL },
	{ HEAD "  default_backend b\nbackend b\n  server s 127.0.0.1:1\n"
	    "backend c\n  server s 127.0.0.1:1\n",
	    "W-unused-backend", 11, 1, "backend 'c' receives no traffic" },
	/* Referenced by nbsrv(): a backend watched, not unused. */
	{ HEAD "  default_backend b\n  monitor-uri /m\n"
	    "  monitor fail if { nbsrv(c) lt 1 }\nbackend b\n"
	    "  server s 127.0.0.1:1\nbackend c\n  server s 127.0.0.1:1\n",
	    "W-unused-backend", 0, 0, NULL },
	{ HEAD "  use_backend b if { path_beg /a }\n"
	    "  use_backend c if { path_beg /a } { path_end .png }\n"
	    "  default_backend b\nbackend b\n  server s 127.0.0.1:1\n"
	    "backend c\n  server s 127.0.0.1:1\n",
	    "W-shadowed-use-backend", 9, 15, "'use_backend c' never applies" },
	/* OR: the second branch is not covered, so it may apply. */
	{ HEAD "  use_backend b if { path_beg /a }\n"
	    "  use_backend c if { path_beg /a } || { path_beg /c }\n"
	    "  default_backend b\nbackend b\n  server s 127.0.0.1:1\n"
	    "backend c\n  server s 127.0.0.1:1\n",
	    "W-shadowed-use-backend", 0, 0, NULL },
	{ HEAD "  use_backend b\n  default_backend c\nbackend b\n"
	    "  server s 127.0.0.1:1\nbackend c\n  server s 127.0.0.1:1\n",
	    "W-shadowed-use-backend", 9, 19, "'default_backend c' never" },
	{ HEAD "  use_backend b if { path_beg /api/ }\nbackend b\n"
	    "  server s 127.0.0.1:1\n",
	    "W-no-default-backend", 6, 1, "'/' and '/api' match no" },
	{ HEAD "  use_backend b if { hdr(host) -i a.example }\nbackend b\n"
	    "  server s 127.0.0.1:1\n",
	    "W-no-default-backend", 6, 1, "'GET /' with 'Host: lint.invalid'" },
	/* Every path matches: nothing to report. */
	{ HEAD "  use_backend b if { path_beg / }\nbackend b\n"
	    "  server s 127.0.0.1:1\n",
	    "W-no-default-backend", 0, 0, NULL },
	{ HEAD "  default_backend b\n  acl a path_reg /spark/\n"
	    "  http-request deny if a\nbackend b\n  server s 127.0.0.1:1\n",
	    "W-unanchored-path-reg", 9, 18, "also matches '/x/spark/'" },
	{ HEAD "  default_backend b\n  acl a path_reg ^/spark/\n"
	    "  http-request deny if a\nbackend b\n  server s 127.0.0.1:1\n",
	    "W-unanchored-path-reg", 0, 0, NULL },
	/* A regex that needs the start: the probe does not match. */
	{ HEAD "  default_backend b\n  acl a path_reg \\A/spark/\n"
	    "  http-request deny if a\nbackend b\n  server s 127.0.0.1:1\n",
	    "W-unanchored-path-reg", 0, 0, NULL },
	{ HEAD "  default_backend b\nbackend b\n  option httpchk\n"
	    "  http-check expect rstring up.+\n"
	    "  server s 127.0.0.1:1 check init-state down\n",
	    "W-check-regex-dot", 11, 3, "fails when 'up' ends a line" },
	{ HEAD "  default_backend b\nbackend b\n  option httpchk\n"
	    "  http-check expect rstring up.*\n"
	    "  server s 127.0.0.1:1 check init-state down\n",
	    "W-check-regex-dot", 0, 0, NULL },
	{ HEAD "  default_backend b\nbackend b\n  option httpchk\n"
	    "  http-check expect rstring (?s)a.+b\n"
	    "  server s 127.0.0.1:1 check init-state down\n",
	    "W-check-regex-dot", 0, 0, NULL },
	{ HEAD "  default_backend b\nbackend b\n"
	    "  server s 127.0.0.1:1 check inter 4s\n"
	    "  server t 127.0.0.1:2 check inter 4s\n",
	    "W-starts-up-before-check", 10, 10, "up to 2s after start ('t'" },
	{ HEAD "  default_backend b\nbackend b\n"
	    "  server s 127.0.0.1:1 check init-state down\n"
	    "  server t 127.0.0.1:2\n",
	    "W-starts-up-before-check", 0, 0, NULL },
	{ HEAD "  default_backend fe\nbackend fe\n  server s 127.0.0.1:1\n",
	    "W-name-clash", 9, 1, "has the name of frontend 'fe'" },
};

static bool
has(const struct diag *d, const char *code, unsigned line, unsigned col,
    const char *want)
{
	size_t	i;

	for (i = 0; i < d->nmsgs; i++) {
		const struct diag_msg	*m = &d->msgs[i];

		if (m->code == NULL || strcmp(m->code, code) != 0)
			continue;
		if (line == 0)
			return true;
		if (m->pos.line == line && m->pos.col == col &&
		    strstr(m->msg, want) != NULL)
			return true;
	}
	return false;
}

static void
dump(const struct diag *d)
{
	size_t	i;

	for (i = 0; i < d->nmsgs; i++)
		fprintf(stderr, "  %u:%u %s %s\n", d->msgs[i].pos.line,
		    d->msgs[i].pos.col, d->msgs[i].code ? d->msgs[i].code :
		    "-", d->msgs[i].msg);
}

START_TEST(test_lint_case)
{
	struct diag	 d;
	struct config	*cfg;
	bool		 got;

	diag_init(&d);
	cfg = cfg_load_buf("l.cfg", cases[_i].text, strlen(cases[_i].text),
	    CFG_LOAD_NO_RESOLVE, &d);
	if (cfg == NULL)
		dump(&d);
	ck_assert_msg(cfg != NULL, "case %d does not load", _i);
	cfg_lint(cfg, &d);
	got = has(&d, cases[_i].code, cases[_i].line, cases[_i].col,
	    cases[_i].want);
	if (got != (cases[_i].line != 0))
		dump(&d);
	ck_assert_msg(got == (cases[_i].line != 0), "case %d: %s at %u:%u %s",
	    _i, cases[_i].code, cases[_i].line, cases[_i].col,
	    cases[_i].line ? "missing" : "given");
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

START_TEST(test_rules_sorted)
{
	const struct diag_rule	*r;
	size_t			 n, i;

	r = cfg_lint_rules(&n);
	ck_assert_uint_gt(n, 10);
	for (i = 1; i < n; i++)
		ck_assert_msg(strcmp(r[i - 1].code, r[i].code) < 0,
		    "%s before %s", r[i - 1].code, r[i].code);
	for (i = 0; i < n; i++)
		ck_assert_msg(r[i].summary != NULL && r[i].summary[0] != '\0',
		    "%s has no summary", r[i].code);
}
END_TEST

static void
warn_coded(struct diag *d, unsigned line, const char *code, const char *msg)
{
	struct cfg_pos	pos = { "p.cfg", line, 3, 1 };

	diag_warn(d, &pos, "%s", msg);
	diag_code(d, code);
	diag_note(d, &pos, "note of line %u", line);
}

/* Three identical warnings fold into the first; their notes go; another
 * text stays; sorting again changes nothing. */
START_TEST(test_collapse)
{
	struct diag	d;

	diag_init(&d);
	warn_coded(&d, 5, "W-a", "same");
	warn_coded(&d, 3, "W-a", "same");
	warn_coded(&d, 4, "W-a", "other");
	warn_coded(&d, 9, "W-a", "same");
	diag_collapse(&d);
	ck_assert_uint_eq(d.nmsgs, 4);
	ck_assert_uint_eq(d.nwarnings, 2);
	ck_assert_uint_eq(d.msgs[0].pos.line, 3);
	ck_assert_uint_eq(d.msgs[0].count, 3);
	ck_assert_uint_eq(d.msgs[0].nalso, 2);
	ck_assert_uint_eq(d.msgs[0].also[0].line, 5);
	ck_assert_uint_eq(d.msgs[0].also[1].line, 9);
	ck_assert_int_eq(d.msgs[1].sev, DIAG_NOTE);
	ck_assert_str_eq(d.msgs[2].msg, "other");
	ck_assert_uint_eq(d.msgs[2].count, 1);
	diag_sort(&d);
	ck_assert_uint_eq(d.msgs[0].pos.line, 3);
	ck_assert_str_eq(d.msgs[3].msg, "note of line 4");
	diag_clear(&d);
}
END_TEST

START_TEST(test_policy)
{
	struct diag		 d;
	const char		*werror[] = { "W-b" }, *nowarn[] = { "W-a" };
	struct diag_policy	 p = { werror, 1, nowarn, 1 };
	struct cfg_pos		 pos = { "p.cfg", 1, 1, 1 };

	diag_init(&d);
	warn_coded(&d, 1, "W-a", "dropped");
	warn_coded(&d, 2, "W-b", "promoted");
	diag_warn(&d, &pos, "no code");
	diag_apply_policy(&d, &p);
	ck_assert_uint_eq(d.nmsgs, 3);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_uint_eq(d.nwarnings, 1);
	ck_assert_str_eq(d.msgs[0].msg, "promoted");
	ck_assert_int_eq(d.msgs[0].sev, DIAG_ERROR);
	ck_assert_int_eq(d.msgs[1].sev, DIAG_NOTE);
	ck_assert_str_eq(d.msgs[2].msg, "no code");
	ck_assert(diag_code_in(NULL, (const char *[]){ "all" }, 1));
	ck_assert(!diag_code_in(NULL, werror, 1));
	diag_clear(&d);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("lint");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 nf;

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_lint_case, 0, nitems(cases));
	tcase_add_test(tc, test_rules_sorted);
	tcase_add_test(tc, test_collapse);
	tcase_add_test(tc, test_policy);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
