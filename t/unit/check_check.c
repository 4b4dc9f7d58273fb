/*
 * check_check.c: unit tests for check.c, the health checks: the verdict of
 * http-check expect rules on a response, the health state machine from
 * every init-state, the interval choice and the HTTP request bytes.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cfg_model.h"
#include "check_srv.h"
#include "regex.h"

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define SPARK1_ALIVE	"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" \
	"<ul class=\"unstyled\">\n<li><strong>URL:</strong> spark://m1:7077</li>\n" \
	"<li><strong>Status:</strong> ALIVE</li>\n</ul>\n"
#define SPARK1_STANDBY	"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" \
	"<ul class=\"unstyled\">\n<li><strong>URL:</strong> spark://m2:7077</li>\n" \
	"<li><strong>Status:</strong> STANDBY</li>\n</ul>\n"
#define SPARK4_ALIVE	"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" \
	"<li><strong>Status:</strong> ALIVE\n" \
	"(<a href=\"/environment/\">Environment</a>,\n" \
	"<a href=\"/logPage/?self&amp;logType=out\">Log</a>)</li>\n"

struct expect_case {
	enum expect_kind	 kind;		/* -1: no rule */
	bool			 negate;
	const char		*pattern;	/* text, regex or "lo-hi,..." */
	const char		*resp;
	enum check_status	 st;
	int			 code;
	const char		*info;
};

static const struct expect_case cases[] = {
	/* No rule: 2xx/3xx pass. */
	{ -1, false, NULL, "HTTP/1.0 200 OK\r\n\r\n", CHK_ST_L7OK, 200, "OK" },
	{ -1, false, NULL, "HTTP/1.0 302 Found\r\n\r\n", CHK_ST_L7OK, 302,
	    "Found" },
	{ -1, false, NULL, "HTTP/1.0 503 Service Unavailable\r\n\r\n",
	    CHK_ST_L7STS, 503, "Service Unavailable" },
	{ -1, false, NULL, "HTTP/1.0 404 Not Found\r\n\r\n", CHK_ST_L7STS, 404,
	    "Not Found" },
	{ -1, false, NULL, "garbage\r\n\r\n", CHK_ST_L7RSP, 0,
	    "Invalid HTTP response" },
	/* status */
	{ EXP_STATUS, false, "200-200", "HTTP/1.0 200 OK\r\n\r\n", CHK_ST_L7OK,
	    200, "OK" },
	{ EXP_STATUS, false, "200-201,300-310", "HTTP/1.0 305 X\r\n\r\n",
	    CHK_ST_L7OK, 305, "X" },
	{ EXP_STATUS, false, "200-200", "HTTP/1.0 503 Service Unavailable\r\n\r\n",
	    CHK_ST_L7STS, 503, "Service Unavailable" },
	{ EXP_STATUS, true, "503-503", "HTTP/1.0 503 Busy\r\n\r\n",
	    CHK_ST_L7STS, 503, "Busy" },
	{ EXP_STATUS, true, "503-503", "HTTP/1.0 500 Err\r\n\r\n",
	    CHK_ST_L7OK, 500, "Err" },
	/* rstatus */
	{ EXP_RSTATUS, false, "^2", "HTTP/1.0 204 No\r\n\r\n", CHK_ST_L7OK,
	    204, "No" },
	{ EXP_RSTATUS, false, "^2", "HTTP/1.0 404 NF\r\n\r\n", CHK_ST_L7STS,
	    404, "NF" },
	{ EXP_RSTATUS, true, "^5", "HTTP/1.0 404 NF\r\n\r\n", CHK_ST_L7OK,
	    404, "NF" },
	{ EXP_RSTATUS, true, "^5", "HTTP/1.0 500 E\r\n\r\n", CHK_ST_L7STS,
	    500, "E" },
	/* string: the body only, not the headers */
	{ EXP_STRING, false, "ALIVE", SPARK1_ALIVE, CHK_ST_L7OK, 200, "OK" },
	{ EXP_STRING, false, "ALIVE", SPARK1_STANDBY, CHK_ST_L7RSP, 200,
	    "HTTP content check did not match" },
	{ EXP_STRING, false, "text/html", SPARK1_ALIVE, CHK_ST_L7RSP, 200,
	    "HTTP content check did not match" },
	{ EXP_STRING, true, "STANDBY", SPARK1_STANDBY, CHK_ST_L7RSP, 200,
	    "HTTP check matched unwanted content" },
	{ EXP_STRING, true, "STANDBY", SPARK1_ALIVE, CHK_ST_L7OK, 200, "OK" },
	/* string: a 5xx page passes when only the body is constrained */
	{ EXP_STRING, false, "up", "HTTP/1.0 503 S\r\n\r\nup", CHK_ST_L7OK, 503,
	    "S" },
	/* rstring: the article's pattern, PCRE '.' */
	{ EXP_RSTRING, false, ".+Status.+ALIVE.+", SPARK1_ALIVE, CHK_ST_L7OK,
	    200, "OK" },
	{ EXP_RSTRING, false, ".+Status.+ALIVE.+", SPARK1_STANDBY,
	    CHK_ST_L7RSP, 200, "HTTP content check did not match" },
	{ EXP_RSTRING, false, ".+Status.+ALIVE.+", SPARK4_ALIVE,
	    CHK_ST_L7RSP, 200, "HTTP content check did not match" },
	{ EXP_RSTRING, true, "STAND(BY)", SPARK1_STANDBY, CHK_ST_L7RSP, 200,
	    "HTTP check matched unwanted content" },
	{ EXP_RSTRING, true, "STAND(BY)", SPARK1_ALIVE, CHK_ST_L7OK, 200,
	    "OK" },
};

static void
set_codes(struct check_expect *e, const char *spec, struct status_range *buf,
    unsigned max)
{
	const char	*p = spec;

	e->codes.v = buf;
	e->codes.n = 0;
	while (*p != '\0' && e->codes.n < max) {
		char	*end;

		buf[e->codes.n].lo = (unsigned)strtoul(p, &end, 10);
		buf[e->codes.n].hi = (unsigned)strtoul(end + 1, &end, 10);
		e->codes.n++;
		p = *end == ',' ? end + 1 : end;
	}
}

START_TEST(test_expect)
{
	const struct expect_case	*c = &cases[_i];
	struct tcpcheck_step		 step;
	struct status_range		 ranges[8];
	struct check_result		 res;
	char				 err[256];

	memset(&step, 0, sizeof(step));
	memset(&res, 0, sizeof(res));
	step.action = CHK_ACT_EXPECT;
	if ((int)c->kind >= 0) {
		step.expect.kind = c->kind;
		step.expect.negate = c->negate;
		step.expect.pattern = c->pattern;
		step.expect.len = strlen(c->pattern);
		if (c->kind == EXP_STATUS)
			set_codes(&step.expect, c->pattern, ranges,
			    nitems(ranges));
		if (c->kind == EXP_RSTATUS || c->kind == EXP_RSTRING) {
			step.expect.rx = rx_compile(c->pattern, 0, err,
			    sizeof(err));
			ck_assert_msg(step.expect.rx != NULL, "%s", err);
		}
	}
	check_http_verdict(&step, (int)c->kind >= 0 ? 1 : 0, c->resp,
	    strlen(c->resp), &res);
	ck_assert_msg(res.st == c->st, "case %d: status %d, want %d", _i,
	    res.st, c->st);
	ck_assert_int_eq(res.code, c->code);
	ck_assert_str_eq(res.info, c->info);
	rx_free(step.expect.rx);
}
END_TEST

/* Rules apply in order; the first failing one decides. */
START_TEST(test_expect_order)
{
	struct tcpcheck_step	 steps[3];
	struct status_range	 r = { 200, 299 };
	struct check_result	 res;

	memset(steps, 0, sizeof(steps));
	steps[0].action = CHK_ACT_COMMENT;
	steps[1].action = CHK_ACT_EXPECT;
	steps[1].expect.kind = EXP_STATUS;
	steps[1].expect.codes.v = &r;
	steps[1].expect.codes.n = 1;
	steps[2].action = CHK_ACT_EXPECT;
	steps[2].expect.kind = EXP_STRING;
	steps[2].expect.pattern = "ALIVE";
	steps[2].expect.len = 5;
	check_http_verdict(steps, 3, SPARK1_STANDBY, strlen(SPARK1_STANDBY),
	    &res);
	ck_assert_int_eq(res.st, CHK_ST_L7RSP);
	check_http_verdict(steps, 3, "HTTP/1.0 500 E\r\n\r\nALIVE", 23, &res);
	ck_assert_int_eq(res.st, CHK_ST_L7STS);
	ck_assert_str_eq(res.info, "E");
	check_http_verdict(steps, 3, SPARK1_ALIVE, strlen(SPARK1_ALIVE), &res);
	ck_assert_int_eq(res.st, CHK_ST_L7OK);
}
END_TEST

/* The caller bounds the response: a marker past the bound is not seen. */
START_TEST(test_expect_bound)
{
	struct tcpcheck_step	 step;
	struct check_result	 res;
	size_t			 hlen, bound = 16384, total = 20000;
	char			*buf = malloc(total);
	const char		*hdr = "HTTP/1.0 200 OK\r\n\r\n";

	ck_assert_ptr_nonnull(buf);
	hlen = strlen(hdr);
	memcpy(buf, hdr, hlen);
	memset(buf + hlen, 'x', total - hlen);
	memcpy(buf + 17000, "ALIVE", 5);
	memset(&step, 0, sizeof(step));
	step.action = CHK_ACT_EXPECT;
	step.expect.kind = EXP_STRING;
	step.expect.pattern = "ALIVE";
	step.expect.len = 5;
	check_http_verdict(&step, 1, buf, bound, &res);
	ck_assert_int_eq(res.st, CHK_ST_L7RSP);
	check_http_verdict(&step, 1, buf, total, &res);
	ck_assert_int_eq(res.st, CHK_ST_L7OK);
	/* Just inside the bound. */
	memcpy(buf + bound - 5, "ALIVE", 5);
	check_http_verdict(&step, 1, buf, bound, &res);
	ck_assert_int_eq(res.st, CHK_ST_L7OK);
	free(buf);
}
END_TEST

/* Health sequences: 'o' success, 'x' failure; UP/DOWN after each step. */
struct health_case {
	enum srv_init_state	 init;
	unsigned		 rise, fall;
	const char		*seq;
	const char		*states;	/* 'U' or 'D' after each step */
	bool			 up0;		/* state before any check */
};

static const struct health_case hcases[] = {
	/* Default: UP with health = rise; the first failure marks DOWN. */
	{ SRV_INIT_DEFAULT, 2, 2, "x", "D", true },
	{ SRV_INIT_DEFAULT, 2, 3, "xoxoo", "DDDDU", true },
	{ SRV_INIT_DEFAULT, 2, 2, "oxxoo", "UUDDU", true },
	{ SRV_INIT_DEFAULT, 2, 3, "oxxx", "UUUD", true },
	{ SRV_INIT_DEFAULT, 2, 3, "oxoxxo", "UUUUUU", true },
	{ SRV_INIT_DEFAULT, 1, 1, "xoxo", "DUDU", true },
	{ SRV_INIT_UP, 2, 2, "x", "D", true },
	/* fully-up: fall failures needed. */
	{ SRV_INIT_FULLY_UP, 2, 2, "xx", "UD", true },
	{ SRV_INIT_FULLY_UP, 3, 3, "xxxooo", "UUDDDU", true },
	/* down: one success is enough. */
	{ SRV_INIT_DOWN, 2, 2, "o", "U", false },
	{ SRV_INIT_DOWN, 2, 2, "xoo", "DDU", false },
	/* fully-down: rise successes. */
	{ SRV_INIT_FULLY_DOWN, 2, 2, "oo", "DU", false },
	{ SRV_INIT_FULLY_DOWN, 3, 2, "ooxooo", "DDDDDU", false },
};

START_TEST(test_health)
{
	const struct health_case	*c = &hcases[_i];
	unsigned			 h, k;

	h = check_health_init(c->init, c->rise, c->fall);
	ck_assert_int_eq(h >= c->rise, c->up0);
	for (k = 0; c->seq[k] != '\0'; k++) {
		h = check_health_step(h, c->rise, c->fall, c->seq[k] == 'o');
		ck_assert_uint_le(h, c->rise + c->fall - 1);
		ck_assert_msg((h >= c->rise) == (c->states[k] == 'U'),
		    "case %d step %u: health %u", _i, k, h);
	}
}
END_TEST

START_TEST(test_interval)
{
	struct server_conf	sc;

	memset(&sc, 0, sizeof(sc));
	sc.inter_ms = 10000;
	sc.fastinter_ms = sc.downinter_ms = CFG_UNSET;
	sc.rise = 2;
	sc.fall = 3;
	ck_assert_uint_eq(check_interval(&sc, 4), 10000);
	ck_assert_uint_eq(check_interval(&sc, 2), 10000);
	ck_assert_uint_eq(check_interval(&sc, 0), 10000);
	sc.fastinter_ms = 1000;
	sc.downinter_ms = 5000;
	ck_assert_uint_eq(check_interval(&sc, 4), 10000);
	ck_assert_uint_eq(check_interval(&sc, 3), 1000);
	ck_assert_uint_eq(check_interval(&sc, 2), 1000);
	ck_assert_uint_eq(check_interval(&sc, 1), 1000);
	ck_assert_uint_eq(check_interval(&sc, 0), 5000);
}
END_TEST

START_TEST(test_request)
{
	struct proxy_conf	 pc;
	struct hdr_conf		 h = { "Host", "www.example.com" };
	char			 buf[256];
	long			 n;

	memset(&pc, 0, sizeof(pc));
	n = check_http_request(&pc, buf, sizeof(buf));
	ck_assert_str_eq(buf, "OPTIONS / HTTP/1.0\r\n\r\n");
	ck_assert_int_eq(n, (long)strlen(buf));
	pc.httpchk.uri = "/health";
	check_http_request(&pc, buf, sizeof(buf));
	ck_assert_str_eq(buf, "OPTIONS /health HTTP/1.0\r\n\r\n");
	pc.httpchk.method = "GET";
	pc.httpchk.uri = "/";
	check_http_request(&pc, buf, sizeof(buf));
	ck_assert_str_eq(buf, "GET / HTTP/1.0\r\n\r\n");
	pc.httpchk.uri = "/h";
	pc.httpchk.version = "HTTP/1.1";
	pc.httpchk.hdrs.v = &h;
	pc.httpchk.hdrs.n = 1;
	check_http_request(&pc, buf, sizeof(buf));
	ck_assert_str_eq(buf, "GET /h HTTP/1.1\r\nhost: www.example.com\r\n"
	    "connection: close\r\n\r\n");
	ck_assert_int_eq(check_http_request(&pc, buf, 10), -1);
}
END_TEST

START_TEST(test_status_text)
{
	ck_assert_str_eq(check_status_text(CHK_ST_L7RSP),
	    "Layer7 invalid response");
	ck_assert_str_eq(check_status_text(CHK_ST_L4CON),
	    "Layer4 connection problem");
	ck_assert(check_status_ok(CHK_ST_L4OK));
	ck_assert(!check_status_ok(CHK_ST_L7STS));
}
END_TEST

/* tcp-check expect: substring/binary, regex, negation, undecided. */
START_TEST(test_tcp_expect)
{
	struct check_expect	e;
	char			err[128];

	memset(&e, 0, sizeof(e));
	e.kind = EXP_STRING;
	e.pattern = "+OK";
	e.len = 3;
	ck_assert_int_eq(check_tcp_expect(&e, "+OK ready\r\n", 11, false), 1);
	ck_assert_int_eq(check_tcp_expect(&e, "-ERR no", 7, false), -1);
	ck_assert_int_eq(check_tcp_expect(&e, "-ERR no", 7, true), 0);
	ck_assert_int_eq(check_tcp_expect(&e, "+O", 2, true), 0);
	e.negate = true;
	ck_assert_int_eq(check_tcp_expect(&e, "x +OK", 5, false), 0);
	ck_assert_int_eq(check_tcp_expect(&e, "-ERR", 4, false), -1);
	ck_assert_int_eq(check_tcp_expect(&e, "-ERR", 4, true), 1);
	e.negate = false;
	e.kind = EXP_BINARY;
	e.pattern = "\x00\x01";
	e.len = 2;
	ck_assert_int_eq(check_tcp_expect(&e, "a\x00\x01" "b", 4, false), 1);
	ck_assert_int_eq(check_tcp_expect(&e, "a\x00\x02" "b", 4, true), 0);
	e.kind = EXP_RSTRING;
	e.rx = rx_compile("^\\+OK", 0, err, sizeof(err));
	ck_assert_ptr_nonnull(e.rx);
	ck_assert_int_eq(check_tcp_expect(&e, "+OK\r\n", 5, false), 1);
	ck_assert_int_eq(check_tcp_expect(&e, "x+OK", 4, true), 0);
	rx_free(e.rx);
}
END_TEST

static Suite *
check_suite(void)
{
	Suite	*s = suite_create("check");
	TCase	*tc = tcase_create("check");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_expect, 0, (int)nitems(cases));
	tcase_add_test(tc, test_expect_order);
	tcase_add_test(tc, test_expect_bound);
	tcase_add_loop_test(tc, test_health, 0, (int)nitems(hcases));
	tcase_add_test(tc, test_interval);
	tcase_add_test(tc, test_request);
	tcase_add_test(tc, test_status_text);
	tcase_add_test(tc, test_tcp_expect);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(check_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
