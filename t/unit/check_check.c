/*
 * check_check.c: unit tests for check.c and check_http.c, the health
 * checks: the verdict of http-check expect rules on a response (every form,
 * negated, hdr/fhdr, when a rule can be judged, the bufsize bound), the
 * health state machine and the server transitions, the interval choice,
 * start-up spreading and the HTTP request bytes.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "model/cfg_model.h"
#include "servers/check_srv.h"
#include "base/regex.h"

#include "base/nitems.h"

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
	{ -1, false, NULL, "HTTP/1.0 200 OK\r\n\r\n", CHK_ST_L7OK, 200, "" },
	{ -1, false, NULL, "HTTP/1.0 302 Found\r\n\r\n", CHK_ST_L7OK, 302,
	    "" },
	{ -1, false, NULL, "HTTP/1.0 503 Service Unavailable\r\n\r\n",
	    CHK_ST_L7STS, 503, "Service Unavailable" },
	{ -1, false, NULL, "HTTP/1.0 404 Not Found\r\n\r\n", CHK_ST_L7STS, 404,
	    "Not Found" },
	{ -1, false, NULL, "garbage\r\n\r\n", CHK_ST_L7RSP, 0,
	    "Invalid HTTP response" },
	/* status */
	{ EXP_STATUS, false, "200-200", "HTTP/1.0 200 OK\r\n\r\n", CHK_ST_L7OK,
	    200, "" },
	{ EXP_STATUS, false, "200-201,300-310", "HTTP/1.0 305 X\r\n\r\n",
	    CHK_ST_L7OK, 305, "" },
	{ EXP_STATUS, false, "200-200", "HTTP/1.0 503 Service Unavailable\r\n\r\n",
	    CHK_ST_L7STS, 503, "Service Unavailable" },
	{ EXP_STATUS, true, "503-503", "HTTP/1.0 503 Busy\r\n\r\n",
	    CHK_ST_L7STS, 503, "Busy" },
	{ EXP_STATUS, true, "503-503", "HTTP/1.0 500 Err\r\n\r\n",
	    CHK_ST_L7OK, 500, "" },
	/* rstatus */
	{ EXP_RSTATUS, false, "^2", "HTTP/1.0 204 No\r\n\r\n", CHK_ST_L7OK,
	    204, "" },
	{ EXP_RSTATUS, false, "^2", "HTTP/1.0 404 NF\r\n\r\n", CHK_ST_L7STS,
	    404, "NF" },
	{ EXP_RSTATUS, true, "^5", "HTTP/1.0 404 NF\r\n\r\n", CHK_ST_L7OK,
	    404, "" },
	{ EXP_RSTATUS, true, "^5", "HTTP/1.0 500 E\r\n\r\n", CHK_ST_L7STS,
	    500, "E" },
	/* string: the body only, not the headers */
	{ EXP_STRING, false, "ALIVE", SPARK1_ALIVE, CHK_ST_L7OK, 200, "" },
	{ EXP_STRING, false, "ALIVE", SPARK1_STANDBY, CHK_ST_L7RSP, 200,
	    "HTTP content check did not match" },
	{ EXP_STRING, false, "text/html", SPARK1_ALIVE, CHK_ST_L7RSP, 200,
	    "HTTP content check did not match" },
	{ EXP_STRING, true, "STANDBY", SPARK1_STANDBY, CHK_ST_L7RSP, 200,
	    "HTTP check matched unwanted content" },
	{ EXP_STRING, true, "STANDBY", SPARK1_ALIVE, CHK_ST_L7OK, 200, "" },
	/* string: a 5xx page passes when only the body is constrained */
	{ EXP_STRING, false, "up", "HTTP/1.0 503 S\r\n\r\nup", CHK_ST_L7OK, 503,
	    "" },
	/* rstring: the article's pattern, PCRE '.' */
	{ EXP_RSTRING, false, ".+Status.+ALIVE.+", SPARK1_ALIVE, CHK_ST_L7OK,
	    200, "" },
	{ EXP_RSTRING, false, ".+Status.+ALIVE.+", SPARK1_STANDBY,
	    CHK_ST_L7RSP, 200, "HTTP content check did not match" },
	{ EXP_RSTRING, false, ".+Status.+ALIVE.+", SPARK4_ALIVE,
	    CHK_ST_L7RSP, 200, "HTTP content check did not match" },
	{ EXP_RSTRING, true, "STAND(BY)", SPARK1_STANDBY, CHK_ST_L7RSP, 200,
	    "HTTP check matched unwanted content" },
	{ EXP_RSTRING, true, "STAND(BY)", SPARK1_ALIVE, CHK_ST_L7OK, 200,
	    "" },
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

/* hdr / fhdr on a Jetty-like response (HAProxy 2.6 gave the same verdicts
 * for the same rules on t/fake_spark.py's page). */
#define HDR_RESP "HTTP/1.1 200 OK\r\n" \
	"Content-Type: text/json;charset=utf-8\r\n" \
	"Cache-Control: no-cache, no-store, must-revalidate\r\n" \
	"Server: Jetty(8.1.14.v20131031)\r\n" \
	"X-Fake-Spark: s1\r\n" \
	"Content-Length: 2\r\n\r\nok"

struct hdr_case {
	enum expect_kind	 kind;
	bool			 negate;
	enum hdr_match		 nm;
	const char		*name;
	enum hdr_match		 vm;
	const char		*value;		/* NULL: presence only */
	enum check_status	 st;
};

static const struct hdr_case hdr_cases[] = {
	{ EXP_HDR, false, HDR_M_STR, "x-fake-spark", 0, NULL, CHK_ST_L7OK },
	{ EXP_HDR, false, HDR_M_STR, "X-FAKE-SPARK", 0, NULL, CHK_ST_L7OK },
	{ EXP_HDR, false, HDR_M_STR, "x-nope", 0, NULL, CHK_ST_L7STS },
	{ EXP_HDR, true, HDR_M_STR, "x-fake-spark", 0, NULL, CHK_ST_L7STS },
	{ EXP_HDR, true, HDR_M_STR, "x-nope", 0, NULL, CHK_ST_L7OK },
	{ EXP_HDR, false, HDR_M_STR, "server", HDR_M_BEG, "Jetty",
	    CHK_ST_L7OK },
	{ EXP_HDR, false, HDR_M_STR, "server", HDR_M_SUB, "nginx",
	    CHK_ST_L7STS },
	{ EXP_HDR, true, HDR_M_STR, "server", HDR_M_SUB, "Jetty",
	    CHK_ST_L7STS },
	{ EXP_HDR, true, HDR_M_STR, "server", HDR_M_SUB, "nginx",
	    CHK_ST_L7OK },
	{ EXP_HDR, false, HDR_M_STR, "server", HDR_M_STR,
	    "jetty(8.1.14.v20131031)", CHK_ST_L7STS },
	{ EXP_HDR, false, HDR_M_STR, "content-type", HDR_M_REG, "^text/json",
	    CHK_ST_L7OK },
	{ EXP_HDR, false, HDR_M_STR, "content-length", HDR_M_REG, "^[0-9]$",
	    CHK_ST_L7OK },
	/* hdr splits the value on commas, fhdr takes it whole. */
	{ EXP_HDR, false, HDR_M_STR, "cache-control", HDR_M_STR, "no-store",
	    CHK_ST_L7OK },
	{ EXP_FHDR, false, HDR_M_STR, "cache-control", HDR_M_STR, "no-store",
	    CHK_ST_L7STS },
	{ EXP_FHDR, false, HDR_M_STR, "cache-control", HDR_M_SUB, "no-store",
	    CHK_ST_L7OK },
	{ EXP_FHDR, true, HDR_M_STR, "cache-control", HDR_M_END,
	    "must-revalidate", CHK_ST_L7STS },
	{ EXP_HDR, false, HDR_M_BEG, "x-fake", 0, NULL, CHK_ST_L7OK },
	{ EXP_HDR, false, HDR_M_END, "spark", HDR_M_BEG, "s", CHK_ST_L7OK },
	{ EXP_HDR, false, HDR_M_SUB, "fake", HDR_M_STR, "s1", CHK_ST_L7OK },
	{ EXP_HDR, false, HDR_M_REG, "^x-f.*k$", HDR_M_END, "k1",
	    CHK_ST_L7STS },
	{ EXP_HDR, false, HDR_M_REG, "^x-f.*k$", HDR_M_END, "1", CHK_ST_L7OK },
};

START_TEST(test_expect_hdr)
{
	const struct hdr_case	*c = &hdr_cases[_i];
	struct check_expect	 e;
	struct check_result	 res;
	char			 err[128];
	int			 r;

	memset(&e, 0, sizeof(e));
	memset(&res, 0, sizeof(res));
	e.kind = c->kind;
	e.negate = c->negate;
	e.min_recv = -1;
	e.name_match = c->nm;
	e.pattern = c->name;
	e.len = strlen(c->name);
	e.value_match = c->vm;
	e.value = c->value;
	if (c->nm == HDR_M_REG)
		ck_assert_ptr_nonnull(e.rx = rx_compile(c->name, 0, err,
		    sizeof(err)));
	if (c->value != NULL && c->vm == HDR_M_REG)
		ck_assert_ptr_nonnull(e.value_rx = rx_compile(c->value, 0,
		    err, sizeof(err)));
	r = check_http_expect(&e, NULL, HDR_RESP, strlen(HDR_RESP), false,
	    &res);
	ck_assert_msg(res.st == c->st, "case %d (%s%s %s): status %d, want %d",
	    _i, c->negate ? "! " : "", c->name, c->value ? c->value : "",
	    res.st, c->st);
	ck_assert_int_eq(r, c->st == CHK_ST_L7OK ? 1 : 0);
	ck_assert_int_eq(res.code, 200);
	/* HAProxy: a failed header rule reports the reason phrase. */
	ck_assert_str_eq(res.info, c->st == CHK_ST_L7OK ? "" : "OK");
	rx_free(e.rx);
	rx_free(e.value_rx);
}
END_TEST

/* When a rule can be judged: status and headers need the whole head,
 * body rules the whole body (content-length, or the end) or min-recv. */
START_TEST(test_expect_wait)
{
	struct check_expect	 st, str;
	struct status_range	 r200 = { 200, 200 };
	struct check_result	 res;
	const char		*head = "HTTP/1.1 200 OK\r\nContent-Le";
	const char		*cl = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n"
				    "\r\n0123456789";
	const char		*nocl = "HTTP/1.0 200 OK\r\n\r\n01234ALIVE";
	size_t			 hl = strlen(cl) - 10;

	memset(&st, 0, sizeof(st));
	st.kind = EXP_STATUS;
	st.codes.v = &r200;
	st.codes.n = 1;
	st.min_recv = -1;
	memset(&str, 0, sizeof(str));
	str.kind = EXP_STRING;
	str.pattern = "789";
	str.len = 3;
	str.min_recv = -1;
	ck_assert_int_eq(check_http_expect(&st, NULL, "HTT", 3, false, &res),
	    -1);
	ck_assert_int_eq(check_http_expect(&st, NULL, head, strlen(head), false,
	    &res), -1);
	/* At the end, a partial head is judged as it is. */
	ck_assert_int_eq(check_http_expect(&st, NULL, head, strlen(head), true,
	    &res), 1);
	ck_assert_int_eq(check_http_expect(&st, NULL, "XYZ\r\n", 5, false,
	    &res), 0);
	ck_assert_int_eq(res.st, CHK_ST_L7RSP);
	ck_assert_str_eq(res.info, "Invalid HTTP response");
	/* Status: as soon as the head is in; body: at content-length. */
	ck_assert_int_eq(check_http_expect(&st, NULL, cl, hl, false, &res), 1);
	ck_assert_int_eq(check_http_expect(&str, NULL, cl, hl + 5, false,
	    &res), -1);
	ck_assert_int_eq(check_http_expect(&str, NULL, cl, hl + 10, false,
	    &res), 1);
	/* No content-length: the end, or min-recv bytes of body. */
	ck_assert_int_eq(check_http_expect(&str, NULL, nocl, strlen(nocl),
	    false, &res), -1);
	ck_assert_int_eq(check_http_expect(&str, NULL, nocl, strlen(nocl),
	    true, &res), 0);
	str.pattern = "ALIVE";
	str.len = 5;
	str.min_recv = 100000;
	ck_assert_int_eq(check_http_expect(&str, NULL, nocl, strlen(nocl),
	    false, &res), -1);
	ck_assert_int_eq(check_http_expect(&str, NULL, nocl, strlen(nocl),
	    true, &res), 1);
	str.min_recv = 3;
	ck_assert_int_eq(check_http_expect(&str, NULL, nocl, strlen(nocl) - 5,
	    false, &res), 0);
	ck_assert_int_eq(check_http_expect(&str, NULL, nocl, strlen(nocl),
	    false, &res), 1);
}
END_TEST

/* comment, error-status and ok-status, as HAProxy 2.6 logs them. */
START_TEST(test_expect_status_opts)
{
	struct tcpcheck_step	 steps[2];
	struct status_range	 r201 = { 201, 201 }, r200 = { 200, 200 };
	struct check_result	 res;
	const char		*ok = "HTTP/1.0 200 OK\r\n\r\nALIVE";

	memset(steps, 0, sizeof(steps));
	steps[0].action = CHK_ACT_COMMENT;
	steps[0].comment = "hello";
	steps[1].action = CHK_ACT_EXPECT;
	steps[1].expect.kind = EXP_STATUS;
	steps[1].expect.codes.v = &r201;
	steps[1].expect.codes.n = 1;
	steps[1].expect.min_recv = -1;
	ck_assert_str_eq(check_step_comment(steps, 1), "hello");
	check_http_verdict(steps, 2, ok, strlen(ok), &res);
	ck_assert_int_eq(res.st, CHK_ST_L7STS);
	ck_assert_str_eq(res.info, "OK comment: hello");
	steps[1].comment = "my comment";
	ck_assert_str_eq(check_step_comment(steps, 1), "my comment");
	check_http_verdict(steps, 2, ok, strlen(ok), &res);
	ck_assert_str_eq(res.info, "OK comment: my comment");
	steps[0].comment = NULL;
	steps[1].comment = NULL;
	ck_assert_ptr_null(check_step_comment(steps, 1));
	steps[1].expect.kind = EXP_STRING;
	steps[1].expect.pattern = "NOPE";
	steps[1].expect.len = 4;
	steps[1].comment = "c2";
	check_http_verdict(steps, 2, ok, strlen(ok), &res);
	ck_assert_int_eq(res.st, CHK_ST_L7RSP);
	ck_assert_str_eq(res.info,
	    "HTTP content check did not match comment: c2");
	steps[1].comment = NULL;
	steps[1].expect.error_status = CHK_ST_L4CON;
	check_http_verdict(steps, 2, ok, strlen(ok), &res);
	ck_assert_int_eq(res.st, CHK_ST_L4CON);
	ck_assert_str_eq(res.info, "HTTP content check did not match");
	steps[1].expect.kind = EXP_STATUS;
	steps[1].expect.codes.v = &r200;
	steps[1].expect.ok_status = CHK_ST_L7OKC;
	check_http_verdict(steps, 2, ok, strlen(ok), &res);
	ck_assert_int_eq(res.st, CHK_ST_L7OKC);
	ck_assert_int_eq(res.code, 200);
}
END_TEST

/*
 * The server state machine: results 'o' pass, 'c' conditional pass
 * (L7OKC), 'x' fail, 'h' HANA; after each, the transition ('-' none, 'D',
 * 'U', 'N' NOLB) and the health.
 */
struct fsm_case {
	unsigned	 rise, fall, health;
	bool		 up, nolb;
	const char	*seq;
	const char	*trans;
	const char	*health_after;	/* one digit per step */
};

static const struct fsm_case fsm_cases[] = {
	/* Start: UP with health = rise; one failure marks it DOWN. */
	{ 2, 2, 2, true, false, "x", "D", "0" },
	{ 2, 2, 2, true, false, "oxxoo", "--D-U", "32013" },
	{ 2, 3, 2, true, false, "h", "D", "0" },
	/* disable-on-404: NOLB, then UP again on a pass. */
	{ 2, 2, 3, true, false, "cco", "N-U", "333" },
	/* A NOLB server failing goes DOWN after fall failures. */
	{ 2, 2, 3, true, true, "xx", "-D", "20" },
	/* A DOWN server stays DOWN on 404s (its health still rises)... */
	{ 2, 2, 0, false, false, "cc", "--", "13" },
	/* ...and a pass at full health brings it UP at once. */
	{ 2, 2, 3, false, false, "o", "U", "3" },
	{ 3, 1, 0, false, false, "ooxooo", "-----U", "120123" },
	/* Failures at health 0 change nothing (and are not reported). */
	{ 2, 2, 0, false, false, "xx", "--", "00" },
};

START_TEST(test_fsm)
{
	const struct fsm_case	*c = &fsm_cases[_i];
	struct check_fsm	 f = { c->health, c->up, c->nolb };
	unsigned		 k, h0;
	bool			 report;

	for (k = 0; c->seq[k] != '\0'; k++) {
		enum check_status	 st;
		enum check_trans	 tr;
		char			 got;

		st = c->seq[k] == 'o' ? CHK_ST_L7OK : c->seq[k] == 'c' ?
		    CHK_ST_L7OKC : c->seq[k] == 'h' ? CHK_ST_HANA :
		    CHK_ST_L4CON;
		h0 = f.health;
		tr = check_fsm_apply(&f, c->rise, c->fall, st, &report);
		got = tr == CHK_TR_DOWN ? 'D' : tr == CHK_TR_UP ? 'U' :
		    tr == CHK_TR_NOLB ? 'N' : '-';
		ck_assert_msg(got == c->trans[k] &&
		    f.health == (unsigned)(c->health_after[k] - '0'),
		    "case %d step %u: %c health %u, want %c %c", _i, k, got,
		    f.health, c->trans[k], c->health_after[k]);
		ck_assert_int_eq(report, h0 != f.health);
		ck_assert_int_eq(f.up, tr == CHK_TR_DOWN ? false :
		    tr == CHK_TR_NONE ? f.up : true);
	}
}
END_TEST

/* Start-up spreading (spec §6.4), checked against HAProxy 2.6: four
 * servers with inter 3000 start at 0, 750, 1500 and 2250 ms. */
START_TEST(test_spread)
{
	struct server_conf	sc;
	uint32_t		m = 0;

	memset(&sc, 0, sizeof(sc));
	sc.rise = 2;
	sc.fall = 3;
	sc.fastinter_ms = sc.downinter_ms = CFG_UNSET;
	sc.inter_ms = 3000;
	m = check_spread_fold(m, &sc);
	m = check_spread_fold(m, &sc);
	ck_assert_uint_eq(m, 3000);
	ck_assert_uint_eq(check_first_delay(m, 0, 4), 0);
	ck_assert_uint_eq(check_first_delay(m, 1, 4), 750);
	ck_assert_uint_eq(check_first_delay(m, 3, 4), 2250);
	/* The first interval is fastinter (health = rise, not full). */
	sc.fastinter_ms = 2000;
	ck_assert_uint_eq(check_spread_fold(m, &sc), 2000);
	/* Under 1 s, an interval does not dictate the spreading. */
	sc.fastinter_ms = CFG_UNSET;
	sc.inter_ms = 500;
	ck_assert_uint_eq(check_spread_fold(m, &sc), 3000);
	ck_assert_uint_eq(check_spread_fold(0, &sc), 0);
	ck_assert_uint_eq(check_first_delay(0, 3, 4), 0);
	/* downinter does not apply at start (not DOWN with health 0)... */
	sc.inter_ms = 4000;
	sc.downinter_ms = 1000;
	ck_assert_uint_eq(check_spread_fold(0, &sc), 4000);
	/* ...except for a server starting fully down. */
	sc.init_state = SRV_INIT_FULLY_DOWN;
	ck_assert_uint_eq(check_spread_fold(0, &sc), 1000);
}
END_TEST

/* A later "http-check send": its own request, HAProxy's defaults for
 * what it does not give (not the "option httpchk" words). */
START_TEST(test_request_of)
{
	struct httpchk_conf	rq;
	struct hdr_conf		h = { "X-B", "2" };
	char			buf[256];

	memset(&rq, 0, sizeof(rq));
	rq.uri = "/x6";
	rq.hdrs.v = &h;
	rq.hdrs.n = 1;
	ck_assert_int_gt(check_http_request_of(&rq, NULL, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "OPTIONS /x6 HTTP/1.0\r\nx-b: 2\r\n\r\n");
	rq.method = "POST";
	rq.body = "hello";
	rq.hdrs.n = 0;
	check_http_request_of(&rq, NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "POST /x6 HTTP/1.0\r\ncontent-length: 5\r\n"
	    "\r\nhello");
	rq.hdrs.n = 1;
	rq.body = NULL;
	check_http_request_of(&rq, "UP; name=be/s1", buf, sizeof(buf));
	ck_assert_str_eq(buf, "POST /x6 HTTP/1.0\r\nx-b: 2\r\n"
	    "x-haproxy-server-state: UP; name=be/s1\r\n\r\n");
}
END_TEST

START_TEST(test_status_code)
{
	ck_assert_str_eq(check_status_code(CHK_ST_DEFAULT), "INI");
	ck_assert_str_eq(check_status_code(CHK_ST_L7OKC), "L7OKC");
	ck_assert_str_eq(check_status_code(CHK_ST_HANA), "HANA");
	ck_assert_str_eq(check_status_text(CHK_ST_HANA), "Health analyze");
	ck_assert(!check_status_ok(CHK_ST_HANA));
	ck_assert(check_status_ok(CHK_ST_L7OKC));
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
	tcase_add_loop_test(tc, test_expect_hdr, 0, (int)nitems(hdr_cases));
	tcase_add_test(tc, test_expect_wait);
	tcase_add_test(tc, test_expect_status_opts);
	tcase_add_loop_test(tc, test_fsm, 0, (int)nitems(fsm_cases));
	tcase_add_test(tc, test_spread);
	tcase_add_test(tc, test_request_of);
	tcase_add_test(tc, test_status_code);
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
