/*
 * check_err_capture.c: unit tests for the error snapshots and "show
 * errors" (err_capture.c).  Each row is a message HAProxy 2.6.12 refused
 * with the text its "show errors" printed for it (captured with
 * /usr/sbin/haproxy, a "stats socket" and socat): the message goes
 * through hapx's parser, is captured, and must render the same, date,
 * source and event number set to HAProxy's.  Rows marked "hapx" are
 * where hapx differs, on purpose (its parser refuses what 2.6 accepts)
 * or as documented in err_capture.c.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <event2/buffer.h>

#include "model/cfg_model.h"
#include "engine/engine.h"
#include "http/http1.h"
#include "servers/proxy.h"
#include "observe/err_capture.h"

#include "base/nitems.h"

#define T0	1796688691	/* 08/Dec/2026:00:11:31 UTC */

static struct config		 cfg;
static struct proxy_conf	 pc[2];
static struct server_conf	 sc[1];
static struct proxy		 px[2];
static struct server		 srv[1];
static struct engine		 eng;
static struct http1_msg		 msg;

static void
setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	memset(&cfg, 0, sizeof(cfg));
	memset(pc, 0, sizeof(pc));
	memset(sc, 0, sizeof(sc));
	memset(px, 0, sizeof(px));
	memset(srv, 0, sizeof(srv));
	memset(&eng, 0, sizeof(eng));
	/* Automatic ids with a stats socket: HAProxy's CLI proxy takes
	 * #1, so fe is #2 and be #3 (stats_px_id). */
	cfg.global.stats_socket.set = true;
	pc[0].name = "fe";
	pc[0].cap = CFG_CAP_FE;
	pc[0].mode = CFG_MODE_HTTP;
	pc[1].name = "be";
	pc[1].cap = CFG_CAP_BE;
	pc[1].mode = CFG_MODE_HTTP;
	sc[0].name = "s1";
	eng.cfg = &cfg;
	eng.proxies = px;
	eng.nproxies = 2;
	eng.bufsize = 16384;
	px[0].conf = &pc[0];
	px[0].eng = &eng;
	px[1].conf = &pc[1];
	px[1].eng = &eng;
	px[1].srvs = srv;
	px[1].nsrvs = 1;
	srv[0].conf = &sc[0];
	srv[0].px = &px[1];
}

static void
teardown(void)
{
	err_capture_free(&px[0]);
	err_capture_free(&px[1]);
}

/* The text "show errors PX_ARG DIR" renders at T0 + .664 (static). */
static const char *
render(const char *px_arg, int dir, int *rc)
{
	static char	 buf[65536];
	struct timeval	 now = { T0, 664000 };
	struct evbuffer	*b = evbuffer_new();
	int		 n;

	*rc = err_capture_render(b, &eng, px_arg, dir, &now);
	n = evbuffer_remove(b, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	evbuffer_free(b);
	return buf;
}

/* Parse IN (LEN bytes) as DIR, capture it as HAProxy's event EV_ID
 * from 127.0.0.1:PORT at T0 + MS, and check the parser refused it (its
 * head, or the body that came with it, as the session checks). */
static void
capture(const char *in, size_t len, enum err_dir dir, unsigned ev_id,
    unsigned port, unsigned ms)
{
	struct evbuffer		*b = evbuffer_new();
	struct sockaddr_in	*sin;
	struct sockaddr_storage	 ss;
	struct err_event	 ev;
	struct http1_body_state	 body;
	struct proxy		*p = dir == ERR_DIR_REQ ? &px[0] : &px[1];
	int			 rc;
	enum http1_err		 berr = HTTP1_E_NONE;
	size_t			 boff = 0;

	http1_msg_setup(&msg, 0);
	if (dir == ERR_DIR_REQ)
		rc = http1_parse_request(&msg, in, len, 16384 - 1024);
	else
		rc = http1_parse_response(&msg, in, len, 16384 - 1024, false);
	evbuffer_add(b, in, len);
	if (rc == HTTP1_DONE) {
		http1_body_init(&body, &msg);
		rc = http1_body_check_at(&body, b, msg.head_len, &berr, &boff);
	}
	ck_assert_msg(rc == HTTP1_ERROR, "parser accepted %s", in);
	memset(&ss, 0, sizeof(ss));
	sin = (struct sockaddr_in *)&ss;
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &sin->sin_addr);
	memset(&ev, 0, sizeof(ev));
	ev.msg = &msg;
	ev.body_err = berr;
	ev.body_err_off = boff;
	ev.in = b;
	ev.src = &ss;
	if (dir == ERR_DIR_RESP) {
		ev.oe = &px[0];
		ev.srv = &srv[0];
	}
	eng.err_events = ev_id;
	err_capture_save(p, dir, &ev);
	evbuffer_free(b);
	ck_assert_ptr_nonnull(p->err_snap[dir]);
	p->err_snap[dir]->when.tv_sec = T0;
	p->err_snap[dir]->when.tv_usec = (suseconds_t)ms * 1000;
}

#define S(lit)	lit, sizeof(lit) - 1

/* HAProxy 2.6.12's "show errors" for each message (one event each). */
static const struct {
	const char	*in;
	size_t		 len;
	enum err_dir	 dir;
	const char	*want;
} cases[] = {
	/* 0: a control character in the URI */
	{ S("GET /a\x01" "b HTTP/1.1\r\nHost: x\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #0, src "
	  "127.0.0.1:41696\n"
	  "  buffer starts at 0 (including 0 out), 16354 free,\n"
	  "  len 30, wraps at 16336, error at position 6\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_RQURI(4), H1 msg flags 0x00001400\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET /a\\x01b HTTP/1.1\\r\\n\n"
	  "  00019  Host: x\\r\\n\n"
	  "  00028  \\r\\n\n" },
	/* 1: a space in a header name, after a long line (wrapped) and
	 * escapes of every kind */
	{ S("GET / HTTP/1.1\r\nHost: x\r\nX-Long: "
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "\r\nBad Name: y\x00\xff\x7f\t\"\\ \r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #5, src "
	  "127.0.0.1:42198\n"
	  "  buffer starts at 0 (including 0 out), 16139 free,\n"
	  "  len 245, wraps at 16336, error at position 226\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001410\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET / HTTP/1.1\\r\\n\n"
	  "  00016  Host: x\\r\\n\n"
	  "  00025  X-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	  "  00095+ aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	  "  00165+ aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\r\\n\n"
	  "  00223  Bad Name: y\\x00\\xFF\\x7F\\t\"\\\\ \\r\\n\n"
	  "  00243  \\r\\n\n" },
	/* 2: a bad character in the method */
	{ S("G(T / HTTP/1.1\r\nHost: x\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #6, src "
	  "127.0.0.1:42202\n"
	  "  buffer starts at 0 (including 0 out), 16357 free,\n"
	  "  len 27, wraps at 16336, error at position 1\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_RQMETH(2), H1 msg flags 0x00001400\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  G(T / HTTP/1.1\\r\\n\n"
	  "  00016  Host: x\\r\\n\n"
	  "  00025  \\r\\n\n" },
	/* 3: a bad version */
	{ S("GET / HTTP/1\r\nHost: x\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #7, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16359 free,\n"
	  "  len 25, wraps at 16336, error at position 6\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_DATA(27), H1 msg flags 0x00001400\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET / HTTP/1\\r\\n\n"
	  "  00014  Host: x\\r\\n\n"
	  "  00023  \\r\\n\n" },
	/* 4: a header line without a colon */
	{ S("GET / HTTP/1.1\r\nFoo\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #8, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16361 free,\n"
	  "  len 23, wraps at 16336, error at position 19\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001410\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET / HTTP/1.1\\r\\n\n"
	  "  00016  Foo\\r\\n\n"
	  "  00021  \\r\\n\n" },
	/* 5: two different Content-Length values */
	{ S("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n"
	  "\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #9, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16328 free,\n"
	  "  len 56, wraps at 16336, error at position 51\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_HDR_L2_LWS(24), H1 msg flags 0x00001411\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET / HTTP/1.1\\r\\n\n"
	  "  00016  Content-Length: 1\\r\\n\n"
	  "  00035  Content-Length: 2\\r\\n\n"
	  "  00054  \\r\\n\n" },
	/* 6: a Content-Length that is no number */
	{ S("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #10, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16347 free,\n"
	  "  len 37, wraps at 16336, error at position 32\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_HDR_L2_LWS(24), H1 msg flags 0x00001410\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET / HTTP/1.1\\r\\n\n"
	  "  00016  Content-Length: x\\r\\n\n"
	  "  00035  \\r\\n\n" },
	/* 7: two Host headers */
	{ S("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #11, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16348 free,\n"
	  "  len 36, wraps at 16336, error at position 31\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_HDR_L2_LWS(24), H1 msg flags 0x00001410\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET / HTTP/1.1\\r\\n\n"
	  "  00016  Host: a\\r\\n\n"
	  "  00025  Host: b\\r\\n\n"
	  "  00034  \\r\\n\n" },
	/* 8: an absolute URI whose authority is not the Host */
	{ S("GET http://a/ HTTP/1.1\r\nHost: b\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #12, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16349 free,\n"
	  "  len 35, wraps at 16336, error at position 30\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_LAST_LF(25), H1 msg flags 0x00001410\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET http://a/ HTTP/1.1\\r\\n\n"
	  "  00024  Host: b\\r\\n\n"
	  "  00033  \\r\\n\n" },
	/* 9: no version (HTTP/0.9) */
	{ S("GET /\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #13, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16375 free,\n"
	  "  len 9, wraps at 16336, error at position 5\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_DATA(27), H1 msg flags 0x00001400\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET /\\r\\n\n"
	  "  00007  \\r\\n\n" },
	/* 10: an HTTP/1.0 header name with a space */
	{ S("GET / HTTP/1.0\r\nFoo bar\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #14, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16357 free,\n"
	  "  len 27, wraps at 16336, error at position 19\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001400\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  GET / HTTP/1.0\\r\\n\n"
	  "  00016  Foo bar\\r\\n\n"
	  "  00025  \\r\\n\n" },
	/* 11: a non-token first byte */
	{ S(": / HTTP/1.1\r\n\r\n"), ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #15, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16368 free,\n"
	  "  len 16, wraps at 16336, error at position 0\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_RQBEFORE(0), H1 msg flags 0x00001400\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  : / HTTP/1.1\\r\\n\n"
	  "  00014  \\r\\n\n" },
	/* 12: a response with a space in a header name */
	{ S("HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 0\r\n\r\n"),
	  ERR_DIR_RESP,
	  "[08/Dec/2026:00:11:31.641] backend be (#3): invalid response\n"
	  "  frontend fe (#2), server s1 (#1), event #4, src "
	  "127.0.0.1:41730\n"
	  "  buffer starts at 0 (including 0 out), 16331 free,\n"
	  "  len 53, wraps at 16336, error at position 20\n"
	  "  H1 connection flags 0x80002200, H1 stream flags 0x00004810\n"
	  "  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001414\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  HTTP/1.1 200 OK\\r\\n\n"
	  "  00017  Bad Header: x\\r\\n\n"
	  "  00032  Content-Length: 0\\r\\n\n"
	  "  00051  \\r\\n\n" },
	/* 13: a bad chunk size, come with the head */
	{ S("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
	  ERR_DIR_REQ,
	  "[08/Dec/2026:00:11:31.641] frontend fe (#2): invalid request\n"
	  "  backend <NONE> (#-1), server <NONE> (#-1), event #16, src "
	  "127.0.0.1:42212\n"
	  "  buffer starts at 0 (including 0 out), 16333 free,\n"
	  "  len 51, wraps at 16336, error at position 47\n"
	  "  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n"
	  "  H1 msg state MSG_CHUNK_SIZE(26), H1 msg flags 0x00011712\n"
	  "  H1 chunk len 0 bytes, H1 body len 0 bytes :\n"
	  "  \n"
	  "  00000  POST / HTTP/1.1\\r\\n\n"
	  "  00017  Transfer-Encoding: chunked\\r\\n\n"
	  "  00045  \\r\\n\n"
	  "  00047  zz\\r\\n\n" },
};

/* The event number and client port in a row's expected text. */
static void
row_event(const char *want, unsigned *ev, unsigned *port)
{
	const char	*p = strstr(want, "event #");
	const char	*q = strstr(want, "src 127.0.0.1:");

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q);
	*ev = (unsigned)strtoul(p + 7, NULL, 10);
	*port = (unsigned)strtoul(q + 14, NULL, 10);
}

START_TEST(test_haproxy_text)
{
	char		 want[4096];
	const char	*got;
	unsigned	 ev, port;
	int		 rc;

	row_event(cases[_i].want, &ev, &port);
	capture(cases[_i].in, cases[_i].len, cases[_i].dir, ev, port, 641);
	snprintf(want, sizeof(want), "Total events captured on "
	    "[08/Dec/2026:00:11:31.664] : %u\n \n%s", ev + 1, cases[_i].want);
	got = render(NULL, -1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strcmp(got, want) == 0, "row %d:\n--- got\n%s--- want\n%s",
	    _i, got, want);
}
END_TEST

/* No event: the header alone. */
START_TEST(test_empty)
{
	int	rc;

	ck_assert_str_eq(render(NULL, -1, &rc),
	    "Total events captured on [08/Dec/2026:00:11:31.664] : 0\n");
	ck_assert_int_eq(rc, 0);
}
END_TEST

/* The proxy and direction filters, as HAProxy's: a snapshot shows under
 * its own proxy and under its other end. */
START_TEST(test_filters)
{
	static const struct {
		const char	*px;
		int		 dir;
		int		 rc;
		unsigned	 nreq, nresp;
	} f[] = {
		{ NULL, -1, 0, 1, 1 },
		{ "fe", -1, 0, 1, 1 },		/* its response's frontend */
		{ "be", -1, 0, 0, 1 },
		{ "be", ERR_DIR_REQ, 0, 0, 0 },
		{ "fe", ERR_DIR_RESP, 0, 0, 1 },
		{ "2", ERR_DIR_REQ, 0, 1, 0 },
		{ "3", -1, 0, 0, 1 },
		{ "-1", -1, 0, 1, 1 },
		{ "99", -1, 0, 0, 0 },
		{ "nosuch", -1, -1, 0, 0 },
		{ "0", -1, -1, 0, 0 },
	};
	unsigned	i;
	int		rc;

	capture(cases[0].in, cases[0].len, ERR_DIR_REQ, 0, 1, 0);
	capture(cases[12].in, cases[12].len, ERR_DIR_RESP, 1, 2, 0);
	for (i = 0; i < nitems(f); i++) {
		const char	*got = render(f[i].px, f[i].dir, &rc);

		ck_assert_msg(rc == f[i].rc, "filter %u: rc %d", i, rc);
		if (rc != 0) {
			ck_assert_msg(*got == '\0', "filter %u wrote", i);
			continue;
		}
		ck_assert_msg((strstr(got, "invalid request") != NULL) ==
		    (f[i].nreq != 0), "filter %u: %s", i, got);
		ck_assert_msg((strstr(got, "invalid response") != NULL) ==
		    (f[i].nresp != 0), "filter %u: %s", i, got);
	}
	ck_assert_int_eq(err_capture_dir("request"), ERR_DIR_REQ);
	ck_assert_int_eq(err_capture_dir("response"), ERR_DIR_RESP);
	ck_assert_int_eq(err_capture_dir("bogus"), -1);
	ck_assert_int_eq(err_capture_dir(NULL), -1);
}
END_TEST

/* One slot per direction: the newest replaces the older; every event
 * is counted; the copy is bounded by tune.bufsize. */
START_TEST(test_slots)
{
	char		 big[600];
	const char	*got;
	int		 rc;

	capture(cases[0].in, cases[0].len, ERR_DIR_REQ, 0, 1, 0);
	capture(cases[2].in, cases[2].len, ERR_DIR_REQ, 1, 1, 0);
	got = render(NULL, -1, &rc);
	ck_assert_ptr_nonnull(strstr(got, " : 2\n"));
	ck_assert_ptr_nonnull(strstr(got, "G(T"));
	ck_assert_ptr_null(strstr(got, "/a\\x01b"));
	memset(big, 'a', sizeof(big));
	memcpy(big, "G(T / HTTP/1.1\r\n", 16);
	eng.bufsize = 256;
	capture(big, sizeof(big), ERR_DIR_REQ, 2, 1, 0);
	ck_assert_uint_eq(px[0].err_snap[ERR_DIR_REQ]->len, 256);
	got = render(NULL, -1, &rc);
	ck_assert_ptr_nonnull(strstr(got, "0 free,\n  len 256, wraps at "
	    "208, error at position 1\n"));
}
END_TEST

/*
 * A bad chunk once the head went on.  HAProxy 2.6.12 shows its last read
 * ("3\r\nabc\r\nzz\r\n", error at position 8, body len 8); hapx has
 * moved the good chunk on and shows what is left from the error
 * (err_capture.c), the rest as HAProxy's.
 */
START_TEST(test_late)
{
	static const char	 head[] = "HTTP/1.1 200 OK\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n";
	static const char	 want[] =
	    "Total events captured on [08/Dec/2026:00:11:31.664] : 1\n"
	    " \n"
	    "[08/Dec/2026:00:11:31.425] backend be (#3): invalid response\n"
	    "  frontend fe (#2), server s1 (#1), event #0, src "
	    "127.0.0.1:44066\n"
	    "  buffer starts at 0 (including 0 out), 16380 free,\n"
	    "  len 4, wraps at 16336, error at position 0\n"
	    "  H1 connection flags 0x80002200, H1 stream flags 0x00004810\n"
	    "  H1 msg state MSG_CHUNK_SIZE(26), H1 msg flags 0x00011716\n"
	    "  H1 chunk len 0 bytes, H1 body len 8 bytes :\n"
	    "  \n"
	    "  00000  zz\\r\\n\n";
	struct http1_body_state	 b;
	struct evbuffer		*in = evbuffer_new(), *out = evbuffer_new();
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&ss;
	struct err_event	 ev;
	size_t			 len;
	int			 rc;

	http1_msg_setup(&msg, 0);
	ck_assert_int_eq(http1_parse_response(&msg, head, sizeof(head) - 1,
	    4096, false), HTTP1_DONE);
	http1_body_init(&b, &msg);
	evbuffer_add_printf(in, "3\r\nabc\r\nzz\r\n");
	len = evbuffer_get_length(in);
	ck_assert_int_eq(http1_body_xfer(&b, in, out), HTTP1_ERROR);
	memset(&ss, 0, sizeof(ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(44066);
	inet_pton(AF_INET, "127.0.0.1", &sin->sin_addr);
	memset(&ev, 0, sizeof(ev));
	ev.in = in;
	ev.src = &ss;
	ev.oe = &px[0];
	ev.srv = &srv[0];
	ev.body_err = b.err;
	ev.late = true;
	ev.body_len = len - evbuffer_get_length(in);
	ev.ver11 = true;
	err_capture_save(&px[1], ERR_DIR_RESP, &ev);
	px[1].err_snap[ERR_DIR_RESP]->when.tv_sec = T0;
	px[1].err_snap[ERR_DIR_RESP]->when.tv_usec = 425000;
	ck_assert_str_eq(render(NULL, -1, &rc), want);
	evbuffer_free(in);
	evbuffer_free(out);
}
END_TEST

static Suite *
err_capture_suite(void)
{
	Suite	*s = suite_create("err_capture");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_haproxy_text, 0, nitems(cases));
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_slots);
	tcase_add_test(tc, test_late);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(err_capture_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
