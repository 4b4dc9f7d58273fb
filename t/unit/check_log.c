/*
 * check_log: the log line builders of log_fmt.c: log-format rendering
 * (the httplog, clf and tcplog lines of HAProxy 2.6, separators,
 * quoting, escaping, captures, timers) and the syslog headers of each
 * "format".  Times are rendered in UTC (TZ is set), from a fixed record.
 * "%[sample]" items: compiled once, evaluated against the record's
 * environment (the heads still alive), "-" without a value.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/cfg_model.h"
#include "http/acl_env.h"
#include "http/http1.h"
#include "observe/log_fmt.h"

#include "base/nitems.h"

static struct sockaddr_storage	cli, fe, srv;

/* 25/Nov/2026:18:55:18.052 UTC, as an observed HAProxy 2.6 line. */
#define T_ACCEPT	1795632918

static void
set_in(struct sockaddr_storage *ss, const char *ip, unsigned port)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, ip, &sin->sin_addr);
}

/* A plain proxied request: 200 from up/s1, one capture of each kind. */
static void
base_rec(struct log_rec *r)
{
	static const char *const	rq[] = { "127.0.0.1:19101", "Mozil" };
	static const char *const	rs[] = { "text/plain" };

	setenv("TZ", "UTC", 1);
	tzset();
	set_in(&cli, "127.0.0.1", 46034);
	set_in(&fe, "127.0.0.1", 19101);
	set_in(&srv, "127.0.0.1", 8080);
	memset(r, 0, sizeof(*r));
	r->cli = &cli;
	r->fe_addr = &fe;
	r->srv_addr = &srv;
	r->accept_date.tv_sec = T_ACCEPT;
	r->accept_date.tv_usec = 52000;
	r->req_date = r->accept_date;
	r->fe_name = "fe";
	r->be_name = "up";
	r->srv_name = "s1";
	r->is_http = true;
	r->tR = 1;
	r->tc = 2;
	r->tr = 3;
	r->ta = 7;
	r->tt = 7;
	r->status = 200;
	r->bytes_out = 98;
	r->bytes_in = 77;
	memcpy(r->term, "----", 5);
	r->actconn = r->feconn = 1;
	r->cap_req = rq;
	r->ncap_req = 2;
	r->cap_res = rs;
	r->ncap_res = 1;
	r->reqline = "GET /p?q=1 HTTP/1.1";
	r->pid = 4242;
	r->hostname = "vm";
	r->req_counter = 3;
}

/* Variants of the base record, by number. */
static void
variant(struct log_rec *r, int v)
{
	static const char *const	rq[] = { NULL, "a|b\"c" };

	switch (v) {
	case 1:		/* denied before any server */
		r->be_name = r->srv_name = NULL;
		r->srv_addr = NULL;
		r->tw = r->tc = r->tr = -1;
		r->tR = 0;
		r->ta = r->tt = 0;
		r->status = 403;
		r->bytes_out = 192;
		memcpy(r->term, "PR--", 5);
		r->ncap_req = r->ncap_res = 0;
		break;
	case 2:		/* unparsable request */
		r->be_name = r->srv_name = NULL;
		r->tR = r->tw = r->tc = r->tr = -1;
		r->ta = r->tt = 4;
		r->status = 400;
		r->bytes_out = 0;
		memcpy(r->term, "CR--", 5);
		r->reqline = NULL;
		r->ncap_req = r->ncap_res = 0;
		break;
	case 3:		/* redispatched twice, escaped captures */
		r->retries = 2;
		r->redispatched = true;
		r->cap_req = rq;
		r->reqline = "GET /a\"b#\x01 HTTP/1.1";
		break;
	case 4:		/* option logasap: logged with the response head */
		r->partial = true;
		break;
	case 5:		/* an absolute-form URI */
		r->reqline = "GET http://h:8/p/q?x=1 HTTP/1.1";
		break;
	default:
		break;
	}
}

static const struct {
	const char	*fmt;
	int		 variant;
	const char	*want;
} fmt_cases[] = {
	/* The option formats, as HAProxy 2.6 writes them. */
	{ LOG_FMT_HTTPLOG, 0, "127.0.0.1:46034 [25/Nov/2026:18:55:18.052] fe "
	    "up/s1 1/0/2/3/7 200 98 - - ---- 1/1/0/0/0 0/0 "
	    "{127.0.0.1:19101|Mozil} {text/plain} \"GET /p?q=1 HTTP/1.1\"" },
	{ LOG_FMT_HTTPLOG, 1, "127.0.0.1:46034 [25/Nov/2026:18:55:18.052] fe "
	    "fe/<NOSRV> 0/-1/-1/-1/0 403 192 - - PR-- 1/1/0/0/0 0/0 "
	    "\"GET /p?q=1 HTTP/1.1\"" },
	{ LOG_FMT_HTTPLOG, 2, "127.0.0.1:46034 [25/Nov/2026:18:55:18.052] fe "
	    "fe/<NOSRV> -1/-1/-1/-1/4 400 0 - - CR-- 1/1/0/0/0 0/0 "
	    "\"<BADREQ>\"" },
	{ LOG_FMT_CLF, 1, "127.0.0.1 - - [25/Nov/2026:18:55:18 +0000] "
	    "\"GET /p?q=1 HTTP/1.1\" 403 192 \"\" \"\" 46034 052 \"fe\" "
	    "\"fe\" \"<NOSRV>\" 0 -1 -1 -1 0 PR-- 1 1 0 0 0 0 0 \"\" \"\" " },
	{ LOG_FMT_CLF, 0, "127.0.0.1 - - [25/Nov/2026:18:55:18 +0000] "
	    "\"GET /p?q=1 HTTP/1.1\" 200 98 \"\" \"\" 46034 052 \"fe\" \"up\" "
	    "\"s1\" 1 0 2 3 7 ---- 1 1 0 0 0 0 0 \"\" \"\" "
	    "\"127.0.0.1:19101\" \"Mozil\" \"text/plain\"" },
	{ LOG_FMT_TCPLOG, 0, "127.0.0.1:46034 [25/Nov/2026:18:55:18.052] fe "
	    "up/s1 0/2/7 98 -- 1/1/0/0/0 0/0" },
	/* Separators: runs collapse, a leading one vanishes. */
	{ " x  y   %ST ", 0, "x y 200 " },
	{ "%hr %hs %ST", 1, "403" },
	{ "%%%ST%%", 0, "%200%" },
	/* Quoting, globally with %o and per variable. */
	{ "%{+Q}ci %{+Q}cp %{+Q}ST %{+Q}CC %{+Q}ID %{+Q}b", 0,
	    "\"127.0.0.1\" 46034 200 \"\" \"\" \"up\"" },
	{ "%{+Q}o %ft %{-Q}b %CS", 0, "\"fe\" up \"\"" },
	{ "%ID %CC %bi", 0, "- - -" },
	/* Timers and counters. */
	{ "%Th %Ti %TR %Tq %Tw %Tc %Tr %Td %Ta %Tt", 0, "0 0 1 1 0 2 3 1 7 7" },
	{ "%Tq %Td", 2, "-1 -1" },
	{ "%rc %ac %fc %bc %sc %sq %bq %B %U", 3, "+2 1 1 0 0 0 0 98 77" },
	{ "%ts %tsc", 1, "PR PR--" },
	{ "%Tr %Ta %Tt %B %U", 4, "3 +7 +7 +98 77" },
	{ "%{+X}ST %{+X}Ts", 0, "C8 6B072F16" },
	{ "%{+X}o %ci:%cp_%fi:%fp_%Ts_%rt:%pid", 0,
	    "7F000001:B3D2_7F000001:4A9D_6B072F16_3:1092" },
	/* Dates. */
	{ "%t|%tr|%trg|%trl|%T|%Ts|%ms", 0, "25/Nov/2026:18:55:18.052|"
	    "25/Nov/2026:18:55:18.052|25/Nov/2026:18:55:18 +0000|"
	    "25/Nov/2026:18:55:18 +0000|25/Nov/2026:18:55:18 +0000|"
	    "1795632918|052" },
	/* The request line and its parts. */
	{ "%HM|%HU|%HP|%HQ|%HV", 0, "GET|/p?q=1|/p|?q=1|HTTP/1.1" },
	/* %HPO: the path alone, without host or query (HAProxy 2.6). */
	{ "%HPO|%HP", 0, "/p|/p" },
	{ "%HPO|%HP|%HQ", 5, "/p/q|http://h:8/p/q|?x=1" },
	{ "%HM %HU %r", 2, "- - <BADREQ>" },
	{ "%{+Q}r %hr %hrl", 3, "\"GET /a#22b#23#01 HTTP/1.1\" "
	    "{|a#7Cb#22c} - a#7Cb#22c" },
	/* Names, addresses, process. */
	{ "%f %b %s %ci:%cp %fi:%fp %si:%sp %pid %H %rt %lc", 0,
	    "fe up s1 127.0.0.1:46034 127.0.0.1:19101 127.0.0.1:8080 4242 "
	    "vm 3 0" },
	{ "%s %si %sp", 1, "<NOSRV> - -" },
	/* Not evaluated at run time: sample expressions, TLS. */
	{ "%[src] %{+Q}[path] %sslv", 0, "- \"\" -" },
};

START_TEST(test_render)
{
	struct log_rec	r;
	char		out[1024];
	size_t		n;

	base_rec(&r);
	variant(&r, fmt_cases[_i].variant);
	n = log_fmt_render(fmt_cases[_i].fmt, &r, out, sizeof(out));
	ck_assert_msg(strcmp(out, fmt_cases[_i].want) == 0,
	    "format '%s' (variant %d):\n got '%s'\nwant '%s'",
	    fmt_cases[_i].fmt, fmt_cases[_i].variant, out, fmt_cases[_i].want);
	ck_assert_uint_eq(n, strlen(out));
}
END_TEST

START_TEST(test_truncate)
{
	struct log_rec	r;
	char		out[16];
	size_t		n;

	base_rec(&r);
	n = log_fmt_render(LOG_FMT_HTTPLOG, &r, out, sizeof(out));
	ck_assert_uint_eq(n, 15);
	ck_assert_str_eq(out, "127.0.0.1:46034");
	ck_assert_uint_eq(log_fmt_render("%ST", &r, out, 1), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_addr)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)&ss;
	struct log_rec		 r;
	char			 out[128];

	memset(&ss, 0, sizeof(ss));
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(443);
	inet_pton(AF_INET6, "::1", &s6->sin6_addr);
	log_fmt_addr(&ss, out, sizeof(out));
	ck_assert_str_eq(out, "::1:443");
	base_rec(&r);
	r.cli = &ss;
	log_fmt_render("%ci %cp", &r, out, sizeof(out));
	ck_assert_str_eq(out, "::1 443");
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = AF_UNIX;
	log_fmt_render("%ci %cp", &r, out, sizeof(out));
	ck_assert_str_eq(out, "unix -");
	log_fmt_addr(&ss, out, sizeof(out));
	ck_assert_str_eq(out, "unix");
}
END_TEST

/* A format compiled once serves many records: separators, %o, "%%",
 * and the per-second date cache across seconds (back and forth). */
START_TEST(test_compiled)
{
	struct log_fmt	*f;
	struct log_rec	 r;
	char		 out[256];
	size_t		 n;

	f = log_fmt_compile("%{+Q}o %% %ci  %{-Q}ft [%t] %zz %ST %{+X}ST",
	    NULL, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(log_fmt_needs(f), 0);
	base_rec(&r);
	n = log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "% \"127.0.0.1\" fe [25/Nov/2026:18:55:18.052] "
	    "200 C8");
	ck_assert_uint_eq(n, strlen(out));
	r.accept_date.tv_sec++;
	r.accept_date.tv_usec = 7000;
	r.status = 404;
	log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "% \"127.0.0.1\" fe [25/Nov/2026:18:55:19.007] "
	    "404 194");
	r.accept_date.tv_sec -= 3600;
	log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "% \"127.0.0.1\" fe [25/Nov/2026:17:55:19.007] "
	    "404 194");
	ck_assert_uint_eq(log_fmt_run(f, &r, out, 4), 3);
	ck_assert_str_eq(out, "% \"");
	log_fmt_free(f);
	f = log_fmt_compile(" %bi:%bp %trg", NULL, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(log_fmt_needs(f), LOG_FMT_NEED_BKADDR);
	r.bk_addr = &fe;
	log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "127.0.0.1:19101 25/Nov/2026:18:55:18 +0000");
	log_fmt_free(f);
	f = log_fmt_compile("", NULL, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(log_fmt_run(f, &r, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
	log_fmt_free(f);
}
END_TEST

/* A head parsed from BUF into H (REQ: a request, else a response). */
static void
parse_head(struct http_head *h, const char *buf, bool req)
{
	struct http1_msg	m;

	memset(h, 0, sizeof(*h));
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(req ? http1_parse_request(&m, buf, strlen(buf),
	    16384) : http1_parse_response(&m, buf, strlen(buf), 16384, false),
	    HTTP1_DONE);
	ck_assert_int_eq(http_head_from_msg(h, &m, req), 0);
}

#define SMP_FMT	"%[src] %[req.hdr(host)] %[req.hdr(host),lower] %[path] " \
	"%[method] %{+Q}[req.hdr(x-none)] %[req.hdr(x-empty)] " \
	"%{+Q}[res.hdr(content-type)] %[status] %[nosuch.fetch] %ST"

/* Samples are compiled once and evaluated per record, against the heads
 * the record's environment still has: none, the request only (the end
 * of a transaction), both (option logasap). */
START_TEST(test_samples)
{
	struct log_fmt	*f;
	struct log_rec	 r;
	struct acl_env	 env;
	struct http_head req, res;
	char		 out[512];
	size_t		 n;

	parse_head(&req, "GET /a/B?x=1 HTTP/1.1\r\nHost: ExAmple.COM\r\n"
	    "X-Empty:\r\n\r\n", true);
	parse_head(&res, "HTTP/1.1 200 OK\r\nContent-Type: Text/Plain\r\n"
	    "Content-Length: 0\r\n\r\n", false);
	f = log_fmt_compile(SMP_FMT, NULL, 0);
	ck_assert_ptr_nonnull(f);
	base_rec(&r);
	/* No environment: no sample has a value. */
	n = log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "- - - - - \"\" - \"\" - - 200");
	ck_assert_uint_eq(n, strlen(out));
	memset(&env, 0, sizeof(env));
	env.src = &cli;
	env.srv_id = -1;
	r.env = &env;
	/* The heads are gone: only the address. */
	log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "127.0.0.1 - - - - \"\" - \"\" - - 200");
	env.req = &req;
	log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "127.0.0.1 ExAmple.COM example.com /a/B GET "
	    "\"\" - \"\" - - 200");
	env.res = &res;
	log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "127.0.0.1 ExAmple.COM example.com /a/B GET "
	    "\"\" - \"Text/Plain\" 200 - 200");
	/* Cut at the end of the line. */
	ck_assert_uint_eq(log_fmt_run(f, &r, out, 6), 5);
	ck_assert_str_eq(out, "127.0");
	log_fmt_free(f);
	/* A '[' without its ']' ends the format, as an absent sample. */
	f = log_fmt_compile("%ST %[src", NULL, 0);
	ck_assert_ptr_nonnull(f);
	log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "200 -");
	log_fmt_free(f);
	/* unique-id-format: samples as HTTP rules write them, nothing
	 * when absent, never quoted. */
	f = log_fmt_compile("%[req.hdr(x-none)]-%{+Q}[req.hdr(host)]-"
	    "%{+Q}[req.hdr(x-none)]-%{+Q}ci", NULL, LOG_FMT_C_HTTP);
	ck_assert_ptr_nonnull(f);
	log_fmt_run(f, &r, out, sizeof(out));
	ck_assert_str_eq(out, "-ExAmple.COM--\"127.0.0.1\"");
	log_fmt_free(f);
	/* An empty id (its samples had no value) logs as absent. */
	r.unique_id = "";
	log_fmt_render("%ID|%{+Q}ID", &r, out, sizeof(out));
	ck_assert_str_eq(out, "-|\"\"");
	r.unique_id = NULL;
	/* The one-off renderer evaluates them too. */
	log_fmt_render("%{+Q}[src]:%[req.hdr(host),upper]", &r, out,
	    sizeof(out));
	ck_assert_str_eq(out, "\"127.0.0.1\":EXAMPLE.COM");
	http_head_clear(&req);
	http_head_clear(&res);
}
END_TEST

/* Syslog headers: local0.info (134) on 25 Nov 2026 18:55:18.052 UTC. */
static const struct {
	enum log_format	 f;
	const char	*host;
	const char	*want;
} hdr_cases[] = {
	{ LOG_FMT_RFC3164, NULL, "<134>Nov 25 18:55:18 haproxy[99]: " },
	{ LOG_FMT_RFC3164, "h1", "<134>Nov 25 18:55:18 h1 haproxy[99]: " },
	{ LOG_FMT_LOCAL, "h1", "<134>Nov 25 18:55:18 haproxy[99]: " },
	{ LOG_FMT_RFC5424, NULL, "<134>1 2026-11-25T18:55:18.052000+00:00 - "
	    "haproxy 99 - - " },
	{ LOG_FMT_RFC5424, "h1", "<134>1 2026-11-25T18:55:18.052000+00:00 h1 "
	    "haproxy 99 - - " },
	{ LOG_FMT_SHORT, NULL, "<6>" },
	{ LOG_FMT_PRIORITY, NULL, "<134>" },
	{ LOG_FMT_RAW, NULL, "" },
	{ LOG_FMT_TIMED, NULL, "<6>2026-11-25T18:55:18.052000+00:00 " },
	{ LOG_FMT_ISO, NULL, "2026-11-25T18:55:18.052000+00:00 " },
};

START_TEST(test_header)
{
	struct log_hdr	h;
	char		out[256];
	size_t		n;

	setenv("TZ", "UTC", 1);
	tzset();
	h.tv.tv_sec = T_ACCEPT;
	h.tv.tv_usec = 52000;
	h.tag = "haproxy";
	h.host = hdr_cases[_i].host;
	h.pid = 99;
	n = log_fmt_header(hdr_cases[_i].f, 16 * 8 + 6, &h, out, sizeof(out));
	ck_assert_msg(strcmp(out, hdr_cases[_i].want) == 0,
	    "format %d: got '%s', want '%s'", (int)hdr_cases[_i].f, out,
	    hdr_cases[_i].want);
	ck_assert_uint_eq(n, strlen(out));
}
END_TEST

START_TEST(test_day_padding)
{
	struct log_hdr	h;
	char		out[256];

	setenv("TZ", "UTC", 1);
	tzset();
	h.tv.tv_sec = 1767312000;	/* 2 Jan 2026 00:00:00 */
	h.tv.tv_usec = 0;
	h.tag = "t";
	h.host = NULL;
	h.pid = 1;
	log_fmt_header(LOG_FMT_RFC3164, 0, &h, out, sizeof(out));
	ck_assert_str_eq(out, "<0>Jan  2 00:00:00 t[1]: ");
	log_fmt_date(&h.tv, out, sizeof(out));
	ck_assert_str_eq(out, "02/Jan/2026:00:00:00.000");
}
END_TEST

static Suite *
log_suite(void)
{
	Suite	*s = suite_create("log");
	TCase	*tc = tcase_create("render");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_render, 0, (int)nitems(fmt_cases));
	tcase_add_test(tc, test_truncate);
	tcase_add_test(tc, test_addr);
	tcase_add_test(tc, test_compiled);
	tcase_add_test(tc, test_samples);
	suite_add_tcase(s, tc);
	tc = tcase_create("header");
	tcase_add_loop_test(tc, test_header, 0, (int)nitems(hdr_cases));
	tcase_add_test(tc, test_day_padding);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(log_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
