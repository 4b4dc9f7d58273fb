/*
 * check_model: the semantic pass on real config text: defaults
 * inheritance (implicit and "from"), cross-references and their
 * diagnostics, and that inherited lists are not shared between proxies.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_load.h"
#include "cfg_model.h"

static struct config *
load(const char *text, struct diag *d)
{
	diag_init(d);
	return cfg_load_buf("m.cfg", text, strlen(text), CFG_LOAD_NO_RESOLVE, d);
}

/* The message at LINE:COL containing WANT, or NULL. */
static const struct diag_msg *
find(const struct diag *d, unsigned line, unsigned col, const char *want)
{
	size_t	i;

	for (i = 0; i < d->nmsgs; i++)
		if (d->msgs[i].pos.line == line && d->msgs[i].pos.col == col &&
		    strstr(d->msgs[i].msg, want) != NULL)
			return &d->msgs[i];
	return NULL;
}

#define TIMEOUTS "  timeout client 5s\n  timeout connect 5s\n" \
	"  timeout server 5s\n"

START_TEST(test_defaults_inherited)
{
	struct diag		 d;
	struct config		*cfg;
	struct proxy_conf	*be;

	cfg = load("defaults\n  mode http\n  balance leastconn\n" TIMEOUTS
	    "  retries 5\nbackend b\n  timeout server 9s\n"
	    "  server s 127.0.0.1:80\n", &d);
	ck_assert_msg(cfg != NULL, "load failed: %s", d.nmsgs ?
	    d.msgs[0].msg : "");
	be = config_find_proxy(cfg, "b", CFG_CAP_BE);
	ck_assert_ptr_nonnull(be);
	ck_assert_int_eq(be->mode, CFG_MODE_HTTP);
	ck_assert_int_eq(be->balance, LB_LEASTCONN);
	ck_assert_uint_eq(be->retries, 5);
	ck_assert_uint_eq(be->timeout[PXT_CONNECT], 5000);
	ck_assert_uint_eq(be->timeout[PXT_SERVER], 9000);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

/* A later defaults section resets; "from" picks a named one. */
START_TEST(test_defaults_from)
{
	struct diag		 d;
	struct config		*cfg;
	struct proxy_conf	*a, *b;

	cfg = load("defaults web\n  mode http\n" TIMEOUTS
	    "defaults\n  mode tcp\n" TIMEOUTS
	    "backend a\n  server s 127.0.0.1:80\n"
	    "backend b from web\n  server s 127.0.0.1:80\n", &d);
	ck_assert_ptr_nonnull(cfg);
	a = config_find_proxy(cfg, "a", CFG_CAP_BE);
	b = config_find_proxy(cfg, "b", CFG_CAP_BE);
	ck_assert_int_eq(a->mode, CFG_MODE_TCP);
	ck_assert_int_eq(b->mode, CFG_MODE_HTTP);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

/* Two proxies appending to inherited log targets must not see each
 * other's additions (copy on write of shared vectors). */
START_TEST(test_inherited_vectors_not_shared)
{
	struct diag		 d;
	struct config		*cfg;
	struct proxy_conf	*a, *b;

	cfg = load("defaults\n  log 127.0.0.1 local0\n" TIMEOUTS
	    "backend a\n  log 127.0.0.2 local1\n  server s 127.0.0.1:80\n"
	    "backend b\n  log 127.0.0.3 local2\n  server s 127.0.0.1:80\n",
	    &d);
	ck_assert_msg(cfg != NULL, "load failed: %s", d.nmsgs ?
	    d.msgs[0].msg : "");
	a = config_find_proxy(cfg, "a", CFG_CAP_BE);
	b = config_find_proxy(cfg, "b", CFG_CAP_BE);
	ck_assert_uint_eq(a->logs.n, 2);
	ck_assert_uint_eq(b->logs.n, 2);
	ck_assert_int_eq(a->logs.v[1].facility, 17);
	ck_assert_int_eq(b->logs.v[1].facility, 18);
	ck_assert_int_eq(cfg->defaults->logs.n, 1);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

static const struct {
	const char	*cfg;
	unsigned	 line, col;
	const char	*want;
} err_cases[] = {
	/* use_backend to a backend that does not exist, at the name */
	{ "frontend f\n  bind :8080\n" TIMEOUTS "  default_backend bakend\n"
	  "backend backend\n  server s 127.0.0.1:80\n", 6, 19,
	  "no backend named 'bakend'" },
	/* duplicate backend names */
	{ "backend b\n" TIMEOUTS "backend b\n" TIMEOUTS, 5, 9,
	  "has the same name" },
	/* from an unknown defaults */
	{ "backend b from nope\n" TIMEOUTS, 1, 16,
	  "no defaults section named 'nope'" },
	/* bad proxy name */
	{ "backend b/x\n" TIMEOUTS, 1, 10, "character '/' is not permitted" },
	/* http frontend to tcp backend */
	{ "frontend f\n  mode http\n  bind :8080\n" TIMEOUTS
	  "  default_backend b\nbackend b\n  mode tcp\n" TIMEOUTS, 7, 19,
	  "cannot use tcp backend" },
	/* unsupported section */
	{ "peers p\n  peer a 127.0.0.1:1000\n", 1, 1, "not supported" },
};

START_TEST(test_errors)
{
	struct diag	 d;
	struct config	*cfg = load(err_cases[_i].cfg, &d);

	ck_assert_msg(cfg == NULL, "case %d should fail", _i);
	ck_assert_msg(find(&d, err_cases[_i].line, err_cases[_i].col,
	    err_cases[_i].want) != NULL, "case %d: no '%s' at %u:%u (first "
	    "message: %u:%u %s)", _i, err_cases[_i].want, err_cases[_i].line,
	    err_cases[_i].col, d.nmsgs ? d.msgs[0].pos.line : 0,
	    d.nmsgs ? d.msgs[0].pos.col : 0, d.nmsgs ? d.msgs[0].msg : "-");
	diag_clear(&d);
}
END_TEST

START_TEST(test_duplicate_note)
{
	struct diag	 d;
	struct config	*cfg = load("backend b\n" TIMEOUTS "backend b\n"
	    TIMEOUTS, &d);
	size_t		 i;
	bool		 note = false;

	ck_assert_ptr_null(cfg);
	for (i = 0; i < d.nmsgs; i++)
		if (d.msgs[i].sev == DIAG_NOTE && d.msgs[i].pos.line == 1)
			note = true;
	ck_assert_msg(note, "no note at the first definition");
	diag_clear(&d);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("model");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 nf;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_defaults_inherited);
	tcase_add_test(tc, test_defaults_from);
	tcase_add_test(tc, test_inherited_vectors_not_shared);
	tcase_add_loop_test(tc, test_errors, 0,
	    sizeof(err_cases) / sizeof(err_cases[0]));
	tcase_add_test(tc, test_duplicate_note);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
