/*
 * check_keywords: invariants of the keyword tables that the dispatcher
 * relies on (sorted for bsearch, unique, complete rows), and the
 * dispatcher's generic diagnostics.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_load.h"

START_TEST(test_tables_sorted_unique)
{
	size_t	t, i;

	for (t = 0; t < cfg_kw_ntables; t++) {
		const struct cfg_kw_table	*tb = cfg_kw_tables[t];

		for (i = 1; i < tb->nrows; i++) {
			const struct cfg_kw	*a = &tb->rows[i - 1];
			const struct cfg_kw	*b = &tb->rows[i];
			int			 c = strcmp(a->name, b->name);

			ck_assert_msg(c <= 0, "table %zu: '%s' sorted before "
			    "'%s'", t, a->name, b->name);
			ck_assert_msg(c != 0 || (a->sections & b->sections) == 0,
			    "table %zu: '%s' twice for one section", t,
			    a->name);
		}
	}
}
END_TEST

START_TEST(test_rows_complete)
{
	size_t	t, i;

	for (t = 0; t < cfg_kw_ntables; t++) {
		const struct cfg_kw_table	*tb = cfg_kw_tables[t];

		for (i = 0; i < tb->nrows; i++) {
			const struct cfg_kw	*k = &tb->rows[i];

			ck_assert_msg(k->sections != 0, "'%s': no section",
			    k->name);
			ck_assert_msg(k->status != KW_OK || k->parse != NULL,
			    "'%s' is supported but has no handler", k->name);
			ck_assert_msg(k->status != KW_DEPRECATED ||
			    k->modern != NULL, "'%s' is deprecated without "
			    "a modern equivalent", k->name);
			ck_assert_msg(k->status != KW_UNSUPPORTED ||
			    k->modern != NULL, "'%s' is unsupported without "
			    "a hint", k->name);
			ck_assert_msg(k->max_args < 0 ||
			    k->max_args >= k->min_args, "'%s': max < min",
			    k->name);
		}
	}
}
END_TEST

/* A keyword must not be in two tables for the same section. */
START_TEST(test_no_cross_table_duplicates)
{
	size_t	t1, t2, i, j;

	for (t1 = 0; t1 < cfg_kw_ntables; t1++)
		for (t2 = t1 + 1; t2 < cfg_kw_ntables; t2++)
			for (i = 0; i < cfg_kw_tables[t1]->nrows; i++)
				for (j = 0; j < cfg_kw_tables[t2]->nrows; j++) {
					const struct cfg_kw *a =
					    &cfg_kw_tables[t1]->rows[i];
					const struct cfg_kw *b =
					    &cfg_kw_tables[t2]->rows[j];

					ck_assert_msg(strcmp(a->name, b->name)
					    != 0 || !(a->sections & b->sections),
					    "'%s' in two tables", a->name);
				}
}
END_TEST

static void
check_opt_table(const struct cfg_opt_table *t)
{
	size_t	i;

	for (i = 1; i < t->nrows; i++)
		ck_assert_msg(strcmp(t->rows[i - 1].name, t->rows[i].name) < 0,
		    "%s options: '%s' not sorted before '%s'", t->what,
		    t->rows[i - 1].name, t->rows[i].name);
	for (i = 0; i < t->nrows; i++)
		ck_assert_msg(t->rows[i].status != KW_OK ||
		    t->rows[i].parse != NULL, "%s option '%s' has no handler",
		    t->what, t->rows[i].name);
}

START_TEST(test_opt_tables)
{
	check_opt_table(&cfg_server_opts);
	check_opt_table(&cfg_bind_opts);
}
END_TEST

START_TEST(test_suggest)
{
	static const char *const cands[] = { "bind", "balance", "backlog",
	    "default_backend" };

	ck_assert_str_eq(cfg_kw_suggest("bnd", cands, 4), "bind");
	ck_assert_str_eq(cfg_kw_suggest("defualt_backend", cands, 4),
	    "default_backend");
	ck_assert_ptr_null(cfg_kw_suggest("zzzzzz", cands, 4));
}
END_TEST

/* A swap of two adjacent letters is one edit (Damerau, OSA form): "bge"
 * is closer to "beg" than to "bin", which Levenshtein ties at 2. */
START_TEST(test_suggest_swap)
{
	static const char *const cands[] = { "bin", "beg", "end" };

	ck_assert_str_eq(cfg_kw_suggest("bge", cands, 3), "beg");
	ck_assert_str_eq(cfg_kw_suggest("ned", cands, 3), "end");
}
END_TEST

/* The did-you-mean hint of an unknown first word also considers the first
 * word of multi-word keywords and the section keywords. */
static const struct {
	const char	*cfg;
	unsigned	 line, col;
	const char	*hint;
} hint_cases[] = {
	{ "defaults\n  timout client 1s\n", 2, 3, "did you mean 'timeout'?" },
	{ "defaults\n  optoin httplog\n", 2, 3, "did you mean 'option'?" },
	{ "defaults\nfrontnd x\n", 2, 1, "did you mean 'frontend'?" },
	{ "global\nbakend b\n", 2, 1, "did you mean 'backend'?" },
	{ "backend b\n  http-reqest deny\n", 2, 3,
	  "did you mean 'http-request'?" },
	{ "frontend f\n  bind :8080\n  acl a path -m bge /x\n", 3, 17,
	  "did you mean 'beg'?" },
};

START_TEST(test_suggest_hint)
{
	struct diag	 d;
	struct config	*cfg;
	size_t		 i;
	const char	*got = NULL;

	diag_init(&d);
	cfg = cfg_load_buf("t.cfg", hint_cases[_i].cfg,
	    strlen(hint_cases[_i].cfg), CFG_LOAD_NO_RESOLVE, &d);
	config_free(cfg);
	for (i = 0; i < d.nmsgs; i++)
		if (d.msgs[i].sev == DIAG_ERROR &&
		    d.msgs[i].pos.line == hint_cases[_i].line &&
		    d.msgs[i].pos.col == hint_cases[_i].col)
			got = d.msgs[i].hint;
	ck_assert_msg(got != NULL && strstr(got, hint_cases[_i].hint) != NULL,
	    "case %d (%s): hint '%s', want '%s'", _i, hint_cases[_i].cfg,
	    got ? got : "(none)", hint_cases[_i].hint);
	diag_clear(&d);
}
END_TEST

/* Diagnostics produced by the dispatcher itself, on real config text. */
static const struct {
	const char	*cfg;
	const char	*want;		/* substring of some message */
	unsigned	 line, col;
} dispatch_cases[] = {
	{ "global\n  frobnicate 1\n", "unknown keyword 'frobnicate'", 2, 3 },
	{ "defaults\n  no frobnicate\n", "unknown keyword", 2, 6 },
	{ "frontend f\n", NULL, 0, 0 },
	{ "x\n", "outside of any section", 1, 1 },
};

START_TEST(test_dispatch_diag)
{
	struct diag	 d;
	struct config	*cfg;
	size_t		 i;
	bool		 found = false;

	diag_init(&d);
	cfg = cfg_load_buf("t.cfg", dispatch_cases[_i].cfg,
	    strlen(dispatch_cases[_i].cfg), CFG_LOAD_NO_RESOLVE, &d);
	config_free(cfg);
	if (dispatch_cases[_i].want == NULL) {
		ck_assert_msg(d.nerrors == 0, "case %d: unexpected error '%s'",
		    _i, d.nmsgs ? d.msgs[0].msg : "");
		diag_clear(&d);
		return;
	}
	for (i = 0; i < d.nmsgs; i++)
		if (strstr(d.msgs[i].msg, dispatch_cases[_i].want) != NULL &&
		    d.msgs[i].pos.line == dispatch_cases[_i].line &&
		    d.msgs[i].pos.col == dispatch_cases[_i].col)
			found = true;
	ck_assert_msg(found, "case %d (%s): no '%s' at %u:%u", _i,
	    dispatch_cases[_i].cfg, dispatch_cases[_i].want,
	    dispatch_cases[_i].line, dispatch_cases[_i].col);
	diag_clear(&d);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("keywords");
	TCase	*tc = tcase_create("tables");
	SRunner	*sr;
	int	 nf;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_tables_sorted_unique);
	tcase_add_test(tc, test_rows_complete);
	tcase_add_test(tc, test_no_cross_table_duplicates);
	tcase_add_test(tc, test_opt_tables);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_suggest_swap);
	tcase_add_loop_test(tc, test_suggest_hint, 0,
	    sizeof(hint_cases) / sizeof(hint_cases[0]));
	tcase_add_loop_test(tc, test_dispatch_diag, 0,
	    sizeof(dispatch_cases) / sizeof(dispatch_cases[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
