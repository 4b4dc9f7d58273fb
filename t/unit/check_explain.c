/*
 * check_explain: cfg_explain() on config text (each case: a request, its
 * exit status and lines the report must hold), and the probe's matcher
 * check_http_body_match() (where a body rule matches, by the verdict's
 * own matcher).  No sockets: the probe's network side is t/e2e's.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/cfg_explain.h"
#include "cfg/cfg_load.h"
#include "model/cfg_model.h"
#include "servers/check_srv.h"
#include "base/diag.h"
#include "base/regex.h"

#include "base/nitems.h"

#define HEAD	"defaults\n  mode http\n  timeout client 5s\n" \
		"  timeout connect 5s\n  timeout server 5s\n" \
		"frontend fe\n  bind 127.0.0.1:18080\n"
/* HEAD is 7 lines: a case's own text starts on line 8. */
#define BE	"backend b\n  server s 127.0.0.1:1\n"

static const struct {
	const char	*text;
	const char	*req;
	const char	*hdr;		/* NULL: none */
	const char	*src;		/* NULL: none */
	int		 rc;
	const char	*want[4];	/* lines of the report */
} cases[] = {
	{ HEAD "  acl a path_beg /a\n  use_backend b if a\n" BE,
	    "GET /a/x HTTP/1.1", "Host: x", NULL, CFG_EXPLAIN_FORWARDED,
	    { "  line 9: ", "      acl a (line 8: ): matches", "    -> taken",
	    "=> backend b (line 10)" } },
	{ HEAD "  acl a path_beg /a\n  use_backend b if a\n" BE,
	    "GET /z HTTP/1.1", "Host: x", NULL, CFG_EXPLAIN_ANSWERED,
	    { "    -> not taken", "=> 503 Service Unavailable" } },
	/* A negated ACL, and an AND group that stops at its first false. */
	{ HEAD "  acl a path_beg /a\n  acl h hdr(host) -i y\n"
	    "  use_backend b if !a h\n  default_backend b\n" BE,
	    "GET /a HTTP/1.1", "Host: y", NULL, CFG_EXPLAIN_FORWARDED,
	    { "      acl !a (line 8: ): matches, negated: false",
	    "    -> not taken", "  line 11: ", "=> backend b (line 12)" } },
	/* The rewrite is shown with the line before and after. */
	{ HEAD "  default_backend b\n"
	    "  http-request replace-path /old/(.*) /new/\\1\n" BE,
	    "GET /old/p HTTP/1.1", "Host: x", NULL, CFG_EXPLAIN_FORWARDED,
	    { "  line 9: ", "    -> no condition: runs",
	    "      before: GET /old/p HTTP/1.1",
	    "      after:  GET /new/p HTTP/1.1" } },
	{ HEAD "  default_backend b\n  reqadd X-A:\\ 1\n" BE,
	    "GET / HTTP/1.1", "Host: x", NULL, CFG_EXPLAIN_FORWARDED,
	    { "      added:   X-A: 1", "the server receives:", "  X-A: 1" } },
	{ HEAD "  default_backend b\n  http-request deny if { src 10.0.0.0/8 }\n"
	    BE, "GET / HTTP/1.1", "Host: x", "10.1.1.1", CFG_EXPLAIN_ANSWERED,
	    { "    -> condition true: runs", "=> deny 403 by line 9: " } },
	{ HEAD "  default_backend b\n  option forwardfor\n" BE,
	    "GET / HTTP/1.1", "Host: x", "192.0.2.7", CFG_EXPLAIN_FORWARDED,
	    { "      added:   X-Forwarded-For: 192.0.2.7" } },
	/* No eligible server: a 503 after routing. */
	{ HEAD "  default_backend b\nbackend b\n  server s 127.0.0.1:1 "
	    "disabled\n", "GET / HTTP/1.1", "Host: x", NULL,
	    CFG_EXPLAIN_ANSWERED,
	    { "  line 10: s 127.0.0.1:1 weight 1: not eligible, disabled "
	    "(MAINT)", "=> 503: no server available" } },
	/* A listen section serves what it does not route. */
	{ "defaults\n  mode http\n  timeout client 5s\n  timeout connect 5s\n"
	    "  timeout server 5s\nlisten l\n  bind 127.0.0.1:18080\n"
	    "  server s 127.0.0.1:1\n", "GET / HTTP/1.1", "Host: x", NULL,
	    CFG_EXPLAIN_FORWARDED,
	    { "  no rule matched: the listen section serves it itself",
	    "=> backend l (line 6)" } },
	{ HEAD "  default_backend b\n" BE, "GET", NULL, NULL, CFG_EXPLAIN_BAD,
	    { NULL } },
};

static bool
has_line(const char *text, const char *want)
{
	const char	*p;

	for (p = text; (p = strstr(p, want)) != NULL; p++)
		if (p == text || p[-1] == '\n')
			return true;
	return false;
}

START_TEST(test_explain)
{
	struct cfg_explain_req	 rq;
	struct diag		 d;
	struct config		*cfg;
	char			*buf = NULL, err[256];
	size_t			 len = 0;
	unsigned		 i;
	FILE			*fp;
	int			 rc;

	diag_init(&d);
	cfg = cfg_load_buf("x.cfg", cases[_i].text, strlen(cases[_i].text),
	    CFG_LOAD_NO_RESOLVE, &d);
	ck_assert_msg(cfg != NULL && !diag_has_errors(&d),
	    "case %d does not load", _i);
	memset(&rq, 0, sizeof(rq));
	rq.line = cases[_i].req;
	rq.hdrs = &cases[_i].hdr;
	rq.nhdrs = cases[_i].hdr != NULL;
	rq.src = cases[_i].src;
	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	err[0] = '\0';
	rc = cfg_explain(cfg, &rq, fp, err, sizeof(err));
	fclose(fp);
	ck_assert_msg(rc == cases[_i].rc, "case %d: exit %d, want %d:\n%s%s",
	    _i, rc, cases[_i].rc, buf, err);
	if (rc == CFG_EXPLAIN_BAD)
		ck_assert_msg(err[0] != '\0', "case %d: no reason", _i);
	for (i = 0; i < nitems(cases[_i].want) && cases[_i].want[i]; i++)
		ck_assert_msg(has_line(buf, cases[_i].want[i]),
		    "case %d: no line '%s' in:\n%s", _i, cases[_i].want[i], buf);
	free(buf);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

/* ------------------------------------------------------------------ */
/* check_http_body_match */

#define RESP	"HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\n" \
		"<li>Status: ALIVE</li>\nmore..."

START_TEST(test_body_match)
{
	struct check_expect	e;
	struct check_match	m;
	char			errbuf[128];

	memset(&e, 0, sizeof(e));
	e.kind = EXP_RSTRING;
	e.rx = rx_compile(".+Status.+ALIVE.+", 0, errbuf, sizeof(errbuf));
	ck_assert_ptr_nonnull(e.rx);
	ck_assert_int_eq(check_http_body_match(&e, RESP, strlen(RESP), &m), 1);
	ck_assert_uint_eq(m.body_off, strlen(RESP) - 30);
	ck_assert_uint_eq(m.body_len, 30);
	ck_assert_uint_eq(m.at, 0);
	ck_assert_uint_eq(m.mlen, 22);	/* '.' stops at the newline */
	rx_free(e.rx);
	e.rx = rx_compile("ALIVE", 0, errbuf, sizeof(errbuf));
	ck_assert_int_eq(check_http_body_match(&e, RESP, strlen(RESP), &m), 1);
	ck_assert_uint_eq(m.at, 12);
	rx_free(e.rx);
	e.rx = rx_compile("STANDBY", 0, errbuf, sizeof(errbuf));
	ck_assert_int_eq(check_http_body_match(&e, RESP, strlen(RESP), &m), 0);
	rx_free(e.rx);
	e.rx = NULL;
	e.kind = EXP_STRING;
	e.pattern = "more";
	e.len = 4;
	ck_assert_int_eq(check_http_body_match(&e, RESP, strlen(RESP), &m), 1);
	ck_assert_uint_eq(m.at, 23);
	/* Not a body rule, not an HTTP response. */
	e.kind = EXP_STATUS;
	ck_assert_int_eq(check_http_body_match(&e, RESP, strlen(RESP), &m), -1);
	e.kind = EXP_STRING;
	ck_assert_int_eq(check_http_body_match(&e, "hello", 5, &m), -1);
}
END_TEST

static Suite *
explain_suite(void)
{
	Suite	*s = suite_create("explain");
	TCase	*tc = tcase_create("explain");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_explain, 0, nitems(cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("body_match");
	tcase_add_test(tc, test_body_match);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(explain_suite());
	int	 nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
