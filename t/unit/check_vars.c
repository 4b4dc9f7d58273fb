/*
 * check_vars: vars.c (the per-session variable store) and set-var /
 * unset-var / set-var-fmt with the var() fetch, from real config text
 * through rewrite_request() and the acl module.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/acl.h"
#include "cfg/cfg_load.h"
#include "model/cfg_model.h"
#include "http/http1.h"
#include "http/rewrite.h"
#include "http/vars.h"
#include "base/var_name.h"
#include "engine/engine_types.h"

#include "tst_prep.h"

#include "base/nitems.h"

/* The value of NAME as a NUL-terminated copy in BUF, or NULL. */
static const char *
get(const struct vars *v, const char *name, char *buf, size_t bufsz)
{
	const char	*s;
	size_t		 len;

	if ((s = vars_get(v, name, strlen(name), &len)) == NULL)
		return NULL;
	ck_assert_uint_lt(len, bufsz);
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

/* ------------------------------------------------------------------ */
/* The store */

START_TEST(test_names)
{
	const char	*rest;

	ck_assert_int_eq(var_name_scope("txn.x", 5, &rest), VAR_SCOPE_TXN);
	ck_assert_str_eq(rest, "x");
	ck_assert_int_eq(var_name_scope("sess.a.b", 8, NULL), VAR_SCOPE_SESS);
	ck_assert_int_eq(var_name_scope("req.x", 5, NULL), VAR_SCOPE_REQ);
	ck_assert_int_eq(var_name_scope("res.x", 5, NULL), VAR_SCOPE_RES);
	ck_assert_int_eq(var_name_scope("proc.x", 6, NULL), VAR_SCOPE_PROC);
	ck_assert_int_eq(var_name_scope("foo.x", 5, NULL), -1);
	ck_assert_int_eq(var_name_scope("txn", 3, NULL), -1);
	ck_assert(var_name_ok("txn.my_var.2", 12));
	ck_assert(var_name_ok("sess.A", 6));
	ck_assert(!var_name_ok("txn.", 4));
	ck_assert(!var_name_ok("txn.a-b", 7));
	ck_assert(!var_name_ok("x", 1));
}
END_TEST

START_TEST(test_store)
{
	struct vars	*v = vars_new();
	char		 buf[64];

	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_null(get(v, "txn.a", buf, sizeof(buf)));
	ck_assert_int_eq(vars_set(v, "txn.a", "one", 3), 0);
	ck_assert_int_eq(vars_set(v, "sess.s", "kept", 4), 0);
	ck_assert_int_eq(vars_set(v, "req.r", "", 0), 0);
	ck_assert_int_eq(vars_set(v, "res.p", "abc", 2), 0);
	ck_assert_str_eq(get(v, "txn.a", buf, sizeof(buf)), "one");
	ck_assert_str_eq(get(v, "req.r", buf, sizeof(buf)), "");
	ck_assert_str_eq(get(v, "res.p", buf, sizeof(buf)), "ab");
	/* Another name of the same length is another variable. */
	ck_assert_ptr_null(get(v, "txn.b", buf, sizeof(buf)));
	/* Setting again replaces, without a second entry. */
	ck_assert_int_eq(vars_set(v, "txn.a", "two!", 4), 0);
	ck_assert_str_eq(get(v, "txn.a", buf, sizeof(buf)), "two!");
	ck_assert_uint_eq(vars_count(v), 4);
	vars_unset(v, "txn.a");
	vars_unset(v, "txn.nothing");
	ck_assert_ptr_null(get(v, "txn.a", buf, sizeof(buf)));
	ck_assert_uint_eq(vars_count(v), 3);
	/* No scope, no variable. */
	ck_assert_int_eq(vars_set(v, "nope", "x", 1), -1);
	vars_free(v);
}
END_TEST

START_TEST(test_txn_end)
{
	struct vars	*v = vars_new();
	char		 buf[64];

	vars_set(v, "txn.a", "1", 1);
	vars_set(v, "sess.s", "2", 1);
	vars_set(v, "req.r", "3", 1);
	vars_set(v, "txn.b", "4", 1);
	vars_set(v, "res.p", "5", 1);
	vars_clear_txn(v);
	ck_assert_uint_eq(vars_count(v), 1);
	ck_assert_str_eq(get(v, "sess.s", buf, sizeof(buf)), "2");
	ck_assert_ptr_null(get(v, "txn.a", buf, sizeof(buf)));
	vars_clear_txn(v);
	ck_assert_uint_eq(vars_count(v), 1);
	vars_free(v);
}
END_TEST

START_TEST(test_null_store)
{
	size_t	len;

	/* A session whose store could not be allocated: nothing is set. */
	ck_assert_int_eq(vars_set(NULL, "txn.a", "1", 1), -1);
	ck_assert_ptr_null(vars_get(NULL, "txn.a", 5, &len));
	vars_unset(NULL, "txn.a");
	vars_clear_txn(NULL);
	vars_free(NULL);
	ck_assert_uint_eq(vars_count(NULL), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Rules and fetches */

#define PX_HEAD	"listen l\n  bind 127.0.0.1:8080\n  mode http\n" \
	"  timeout client 5s\n  timeout connect 5s\n  timeout server 5s\n"
#define PX_TAIL	"  server s 127.0.0.1:81\n"

static const struct {
	const char	*rules;
	const char	*req;
	enum rw_verdict	 verdict;
	const char	*want;		/* header X-V afterwards, NULL: none */
} rule_cases[] = {
	/* The e2e config: set from path, read by %[var()] and by an ACL. */
	{ "  http-request set-var(txn.p) path\n"
	  "  http-request set-header X-V %[var(txn.p)]\n",
	  "GET /a/b?q=1 HTTP/1.1\r\nHost: h\r\n\r\n", RW_CONTINUE, "/a/b" },
	{ "  http-request set-var(txn.p) path\n"
	  "  acl isx var(txn.p) -m beg /x\n"
	  "  http-request deny if isx\n",
	  "GET /xyz HTTP/1.1\r\nHost: h\r\n\r\n", RW_DENY, NULL },
	{ "  http-request set-var(txn.p) path\n"
	  "  acl isx var(txn.p) -m beg /x\n"
	  "  http-request deny if isx\n",
	  "GET /y HTTP/1.1\r\nHost: h\r\n\r\n", RW_CONTINUE, NULL },
	/* Converters, and the ACL's other matches. */
	{ "  http-request set-var(req.h) req.hdr(host),lower\n"
	  "  http-request set-header X-V %[var(req.h)] if { var(req.h) -m "
	  "str example.com }\n",
	  "GET / HTTP/1.1\r\nHost: EXAMPLE.com\r\n\r\n", RW_CONTINUE,
	  "example.com" },
	{ "  http-request set-var(sess.a.b) str(abc)\n"
	  "  http-request set-header X-V %[var(sess.a.b)] if "
	  "{ var(sess.a.b) -m reg ^a.c$ }\n",
	  "GET / HTTP/1.1\r\n\r\n", RW_CONTINUE, "abc" },
	/* A fetch without a value leaves the variable unset; the default
	 * of var() then applies. */
	{ "  http-request set-var(txn.h) req.hdr(x-none)\n"
	  "  http-request set-header X-V %[var(txn.h,dflt)]\n",
	  "GET / HTTP/1.1\r\n\r\n", RW_CONTINUE, "dflt" },
	{ "  http-request set-var(txn.h) req.hdr(x-none)\n"
	  "  http-request set-header X-V <%[var(txn.h)]>\n",
	  "GET / HTTP/1.1\r\n\r\n", RW_CONTINUE, "<>" },
	/* unset-var, set-var-fmt, conditions. */
	{ "  http-request set-var(txn.a) str(1)\n"
	  "  http-request unset-var(txn.a)\n"
	  "  http-request set-header X-V [%[var(txn.a)]]\n",
	  "GET / HTTP/1.1\r\n\r\n", RW_CONTINUE, "[]" },
	{ "  http-request set-var-fmt(txn.f) %[method]:%[path]\n"
	  "  http-request set-header X-V %[var(txn.f)]\n",
	  "GET /p HTTP/1.1\r\n\r\n", RW_CONTINUE, "GET:/p" },
	{ "  http-request set-var(txn.a) str(no) if { always_false }\n"
	  "  http-request set-var(txn.a) str(yes) if { path /c }\n"
	  "  http-request set-header X-V %[var(txn.a)]\n",
	  "GET /c HTTP/1.1\r\n\r\n", RW_CONTINUE, "yes" },
	/* An unset variable does not match, even negated patterns. */
	{ "  http-request deny if { var(txn.none) -m found }\n",
	  "GET / HTTP/1.1\r\n\r\n", RW_CONTINUE, NULL },
};

START_TEST(test_rules)
{
	struct diag		 d;
	struct config		*cfg;
	const struct proxy_conf	*px;
	struct http1_msg	 m;
	struct http_head	 h;
	struct acl_env		 env;
	struct rw_result	 out;
	char			 text[4096];
	int			 i;
	const char		*v;
	size_t			 len;

	snprintf(text, sizeof(text), "%s%s%s", PX_HEAD, rule_cases[_i].rules,
	    PX_TAIL);
	diag_init(&d);
	cfg = cfg_load_buf("t.cfg", text, strlen(text), CFG_LOAD_NO_RESOLVE,
	    &d);
	ck_assert_msg(cfg != NULL, "case %d rejected: %s", _i,
	    d.nmsgs ? d.msgs[0].msg : "?");
	px = config_find_proxy(cfg, "l", CFG_CAP_FE);
	ck_assert_ptr_nonnull(px);
	ck_assert_int_eq(tprepare(cfg), 0);
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, rule_cases[_i].req,
	    strlen(rule_cases[_i].req), 16384), HTTP1_DONE);
	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(http_head_from_msg(&h, &m, true), 0);
	memset(&env, 0, sizeof(env));
	memset(&out, 0, sizeof(out));
	env.srv_id = -1;
	env.eng = &tst_eng;
	env.req = &h;
	env.vars = vars_new();
	rewrite_request(px, &h, &env, &out);
	ck_assert_int_eq(out.verdict, rule_cases[_i].verdict);
	i = http_head_find(&h, "X-V", 3, 0);
	if (rule_cases[_i].want == NULL)
		ck_assert_int_lt(i, 0);
	else {
		ck_assert_msg(i >= 0, "case %d: no X-V", _i);
		v = h.hdrs[i].s + h.hdrs[i].voff;
		len = h.hdrs[i].vlen;
		ck_assert_msg(len == strlen(rule_cases[_i].want) &&
		    memcmp(v, rule_cases[_i].want, len) == 0,
		    "case %d: X-V '%.*s', want '%s'", _i, (int)len, v,
		    rule_cases[_i].want);
	}
	vars_free(env.vars);
	rw_result_clear(&out);
	http_head_clear(&h);
	trelease();
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

/* What the config checker says about bad set-var lines. */
static const struct {
	const char	*line;
	const char	*msg;
} bad_cases[] = {
	{ "  http-request set-var(foo.x) path\n", "has no variable scope" },
	{ "  http-request set-var(x) path\n", "has no variable scope" },
	{ "  http-request set-var(proc.x) path\n",
	  "the 'proc' variable scope is not supported by hapx" },
	{ "  http-request set-var(txn.a-b) path\n",
	  "invalid variable name 'txn.a-b'" },
	{ "  http-request set-var(txn.) path\n", "invalid variable name" },
	{ "  http-request set-var(txn.x) nosuchfetch\n",
	  "unknown fetch method 'nosuchfetch'" },
	{ "  http-request set-var(txn.x) path,word(2,/)\n",
	  "converter 'word' is not supported by hapx" },
	{ "  http-request set-var(txn.x)\n", "expects at least 1 argument" },
	{ "  http-request set-var txn.x path\n",
	  "needs a variable name in parentheses" },
	{ "  http-request set-var(txn.x,ifexists) path\n",
	  "set-var conditions are not supported by hapx" },
	{ "  http-request unset-var(txn.x) path\n", "unexpected" },
	{ "  http-response set-var-fmt(res.x) %[nosuch]\n",
	  "unknown fetch method 'nosuch'" },
	{ "  acl a var(bad) -m found\n", "has no variable scope" },
	{ "  http-request set-header X %[var(proc.x)]\n",
	  "the 'proc' variable scope is not supported by hapx" },
	{ "  http-request set-header X %[var()]\n", "needs an argument" },
};

START_TEST(test_bad)
{
	struct diag	 d;
	struct config	*cfg;
	char		 text[4096];
	size_t		 i;
	bool		 found = false;

	snprintf(text, sizeof(text), "%s%s%s", PX_HEAD, bad_cases[_i].line,
	    PX_TAIL);
	diag_init(&d);
	cfg = cfg_load_buf("t.cfg", text, strlen(text), CFG_LOAD_NO_RESOLVE,
	    &d);
	ck_assert_msg(cfg == NULL, "case %d accepted", _i);
	for (i = 0; i < d.nmsgs; i++)
		found |= strstr(d.msgs[i].msg, bad_cases[_i].msg) != NULL;
	ck_assert_msg(found, "case %d: no '%s' (first: %s)", _i,
	    bad_cases[_i].msg, d.nmsgs ? d.msgs[0].msg : "-");
	diag_clear(&d);
}
END_TEST

static Suite *
vars_suite(void)
{
	Suite	*s = suite_create("vars");
	TCase	*tc = tcase_create("store");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_store);
	tcase_add_test(tc, test_txn_end);
	tcase_add_test(tc, test_null_store);
	suite_add_tcase(s, tc);
	tc = tcase_create("rules");
	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_rules, 0, (int)nitems(rule_cases));
	tcase_add_loop_test(tc, test_bad, 0, (int)nitems(bad_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(vars_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
