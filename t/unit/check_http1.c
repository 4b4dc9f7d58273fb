/*
 * check_http1.c: unit tests for http1.c.  Table-driven: request and
 * response heads (accepted forms with what was parsed, rejected ones with
 * their http1_err), each also fed in every possible split to check that
 * the parser resumes; bodies (Content-Length and chunked) moved between
 * evbuffers, split at every byte; and edits of struct http_head with
 * their re-serialisation.  No sockets.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <event2/buffer.h>

#include "http/http1.h"

#include "base/nitems.h"

#define IN(s)		s, sizeof(s) - 1
#define MAXHEAD		16384

/* ------------------------------------------------------------------ */
/* Request heads */

#define F_CLOSE		HTTP1_F_CONN_CLOSE
#define F_KA		HTTP1_F_CONN_KA
#define F_UPG		HTTP1_F_UPGRADE
#define F_100		HTTP1_F_EXPECT_100
#define F_HOST		HTTP1_F_HAS_HOST

#define REQ_OK(in, meth, uri, minor, nh, body, clen, flags) \
	{ IN(in), HTTP1_DONE, HTTP1_E_NONE, -1, meth, uri, minor, nh, \
	    HTTP1_BODY_##body, clen, flags }
#define REQ_BAD(in, err) \
	{ IN(in), HTTP1_ERROR, HTTP1_E_##err, -1, NULL, NULL, 0, 0, \
	    HTTP1_BODY_NONE, 0, 0 }
#define REQ_BAD_AT(in, err, off) \
	{ IN(in), HTTP1_ERROR, HTTP1_E_##err, off, NULL, NULL, 0, 0, \
	    HTTP1_BODY_NONE, 0, 0 }

static const struct req_case {
	const char	*in;
	size_t		 len;
	int		 rc;
	enum http1_err	 err;
	long		 err_off;	/* -1: not checked */
	const char	*method, *uri;
	int		 vminor;
	unsigned	 nhdrs;
	enum http1_body	 body;
	uint64_t	 clen;
	unsigned	 flags;
} req_cases[] = {
	/* every form of request target */
	REQ_OK("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/", 1, 1,
	    NONE, 0, F_HOST),
	REQ_OK("GET /p?q=1&r HTTP/1.0\r\n\r\n", "GET", "/p?q=1&r", 0, 0,
	    NONE, 0, 0),
	REQ_OK("GET http://h.example:8080/p?q HTTP/1.1\r\nHost: h.example:8080"
	    "\r\n\r\n", "GET", "http://h.example:8080/p?q", 1, 1, NONE, 0,
	    F_HOST),
	/* absolute-form: Host must agree, modulo case and default port */
	REQ_OK("GET http://u@H.example:80/p HTTP/1.1\r\nHost: h.EXAMPLE\r\n\r\n",
	    "GET", "http://u@H.example:80/p", 1, 1, NONE, 0, F_HOST),
	REQ_OK("GET https://h:443?q HTTP/1.1\r\nHost: h:\r\n\r\n",
	    "GET", "https://h:443?q", 1, 1, NONE, 0, F_HOST),
	REQ_OK("GET http://h/p HTTP/1.1\r\n\r\n", "GET", "http://h/p", 1, 0,
	    NONE, 0, 0),
	REQ_OK("CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\n\r\n",
	    "CONNECT", "h.example:443", 1, 1, NONE, 0, F_HOST),
	REQ_OK("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", "OPTIONS", "*", 1, 1,
	    NONE, 0, F_HOST),
	REQ_OK("CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\n\r\n",
	    "CONNECT", "h.example:443", 1, 1, NONE, 0, F_HOST),
	REQ_OK("get /lower HTTP/1.1\r\n\r\n", "get", "/lower", 1, 0,
	    NONE, 0, 0),
	REQ_OK("M-SEARCH! /x HTTP/1.1\r\n\r\n", "M-SEARCH!", "/x", 1, 0,
	    NONE, 0, 0),
	REQ_OK("GET /%7e/a;b=c,d'(e)*f$g+h!~ HTTP/1.1\r\n\r\n", "GET",
	    "/%7e/a;b=c,d'(e)*f$g+h!~", 1, 0, NONE, 0, 0),
	/* line endings: bare LF accepted, mixed too */
	REQ_OK("GET / HTTP/1.1\nHost: a\n\n", "GET", "/", 1, 1, NONE, 0,
	    F_HOST),
	REQ_OK("GET / HTTP/1.1\r\nHost: a\nX: y\r\n\n", "GET", "/", 1, 2,
	    NONE, 0, F_HOST),
	/* empty lines before the request line are skipped */
	REQ_OK("\r\n\nGET /after HTTP/1.1\r\n\r\n", "GET", "/after", 1, 0,
	    NONE, 0, 0),
	/* values: OWS trimmed, empty, HTAB, 8-bit */
	REQ_OK("GET / HTTP/1.1\r\nX-A: \t a b \t\r\nX-E:\r\nX-F:   \r\n"
	    "X-8: caf\xc3\xa9\r\n\r\n", "GET", "/", 1, 4, NONE, 0, 0),
	/* Content-Length */
	REQ_OK("POST /u HTTP/1.1\r\nContent-Length: 5\r\n\r\n", "POST", "/u",
	    1, 1, LENGTH, 5, 0),
	REQ_OK("POST /u HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "POST", "/u",
	    1, 1, LENGTH, 0, 0),
	REQ_OK("POST /u HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n", "POST",
	    "/u", 1, 1, LENGTH, 3, 0),
	REQ_OK("POST /u HTTP/1.1\r\ncontent-length: 3\r\nCONTENT-LENGTH: 3\r\n"
	    "\r\n", "POST", "/u", 1, 2, LENGTH, 3, 0),
	REQ_OK("POST /u HTTP/1.1\r\nContent-Length: 007\r\n\r\n", "POST",
	    "/u", 1, 1, LENGTH, 7, 0),
	REQ_OK("POST /u HTTP/1.1\r\nContent-Length: 18446744073709551615\r\n"
	    "\r\n", "POST", "/u", 1, 1, LENGTH, UINT64_MAX, 0),
	/* Transfer-Encoding */
	REQ_OK("POST /u HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
	    "POST", "/u", 1, 1, CHUNKED, 0, 0),
	REQ_OK("POST /u HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n",
	    "POST", "/u", 1, 1, CHUNKED, 0, 0),
	REQ_OK("POST /u HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
	    "POST", "/u", 0, 1, CHUNKED, 0, 0),
	REQ_OK("POST /u HTTP/1.1\r\nTransfer-Encoding: ,chunked,\r\n\r\n",
	    "POST", "/u", 1, 1, CHUNKED, 0, 0),
	/* Connection, Upgrade, Expect */
	REQ_OK("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", "GET", "/", 1, 1,
	    NONE, 0, F_CLOSE),
	REQ_OK("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "GET", "/",
	    0, 1, NONE, 0, F_KA),
	REQ_OK("GET /ws HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n"
	    "Upgrade: websocket\r\n\r\n", "GET", "/ws", 1, 2, NONE, 0,
	    F_KA | F_UPG),
	REQ_OK("GET /ws HTTP/1.1\r\nUpgrade: h2c\r\nConnection: x,UPGRADE\r\n"
	    "\r\n", "GET", "/ws", 1, 2, NONE, 0, F_UPG),
	REQ_OK("GET /ws HTTP/1.1\r\nConnection: upgrade\r\n\r\n", "GET", "/ws",
	    1, 1, NONE, 0, 0),
	REQ_OK("GET / HTTP/1.1\r\nConnection: closed, keep-alive-x\r\n\r\n",
	    "GET", "/", 1, 1, NONE, 0, 0),
	REQ_OK("PUT /u HTTP/1.1\r\nExpect: 100-Continue\r\n"
	    "Content-Length: 1\r\n\r\n", "PUT", "/u", 1, 2, LENGTH, 1, F_100),
	REQ_OK("PUT /u HTTP/1.0\r\nExpect: 100-continue\r\n"
	    "Content-Length: 1\r\n\r\n", "PUT", "/u", 0, 2, LENGTH, 1, 0),

	/* request line */
	REQ_BAD_AT("GET  / HTTP/1.1\r\n\r\n", REQLINE, 4),
	REQ_BAD(" GET / HTTP/1.1\r\n\r\n", REQLINE),
	REQ_BAD("GET\r\n\r\n", REQLINE),
	REQ_BAD("GET / HTTP/1.1\r\r\n\r\n", VERSION),
	REQ_BAD_AT("G(T / HTTP/1.1\r\n\r\n", METHOD, 1),
	REQ_BAD("GET\t/ HTTP/1.1\r\n\r\n", METHOD),
	REQ_BAD_AT("GET /a b HTTP/1.1\r\n\r\n", URI, 6),
	REQ_BAD_AT("GET /a#frag HTTP/1.1\r\n\r\n", URI, 6),
	REQ_BAD("GET /a\x01 HTTP/1.1\r\n\r\n", URI),
	REQ_BAD("GET /a\x7f HTTP/1.1\r\n\r\n", URI),
	REQ_BAD("GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n", URI),
	REQ_BAD("GET /a\tb HTTP/1.1\r\n\r\n", URI),
	REQ_BAD("GET /a\rb HTTP/1.1\r\n\r\n", URI),
	REQ_BAD("GET /\r\n\r\n", VERSION),		/* HTTP/0.9 */
	REQ_BAD_AT("GET / HTTP/1.2\r\n\r\n", VERSION, 6),
	REQ_BAD("GET / HTTP/2.0\r\n\r\n", VERSION),
	REQ_BAD("GET / HTTP/1.x\r\n\r\n", VERSION),
	REQ_BAD("GET / http/1.1\r\n\r\n", VERSION),
	REQ_BAD("GET / HTTP/1.10\r\n\r\n", VERSION),
	REQ_BAD("GET / HTTP/1.1 \r\n\r\n", VERSION),
	REQ_BAD("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\n", METHOD),
	/* header lines */
	REQ_BAD_AT("GET / HTTP/1.1\r\nX A: b\r\n\r\n", HDR_NAME, 17),
	REQ_BAD_AT("GET / HTTP/1.1\r\nX-A : b\r\n\r\n", HDR_NAME, 19),
	REQ_BAD("GET / HTTP/1.1\r\n: b\r\n\r\n", HDR_NAME),
	REQ_BAD("GET / HTTP/1.1\r\nX\"A: b\r\n\r\n", HDR_NAME),
	REQ_BAD("GET / HTTP/1.1\r\nX\x80: b\r\n\r\n", HDR_NAME),
	REQ_BAD_AT("GET / HTTP/1.1\r\nNoColon\r\n\r\n", HDR_NO_COLON, 23),
	REQ_BAD_AT("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", HDR_CTL, 20),
	REQ_BAD("GET / HTTP/1.1\r\nX: a\x01\r\n\r\n", HDR_CTL),
	REQ_BAD("GET / HTTP/1.1\r\nX: a\x7f\r\n\r\n", HDR_CTL),
	REQ_BAD("GET / HTTP/1.1\r\nX: a\x1b[0m\r\n\r\n", HDR_CTL),
	REQ_BAD("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", HDR_CTL),
	REQ_BAD("GET / HTTP/1.1\r\nX: a\r\r\n\r\n", HDR_CTL),
	REQ_BAD("GET / HTTP/1.1\r\nX: a\r\n\r\r\n", HDR_NAME),
	REQ_BAD_AT("GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n", HDR_FOLDING, 22),
	REQ_BAD("GET / HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n", HDR_FOLDING),
	REQ_BAD("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", HOST_DUP),
	/* framing */
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 3x\r\n\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 3,\r\n\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 3,,3\r\n\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 18446744073709551616\r\n"
	    "\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n"
	    "\r\n", CL_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\n",
	    CL_DIFFERENT),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n"
	    "\r\n", CL_DIFFERENT),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
	    TE_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
	    TE_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding:\r\n\r\n", TE_INVALID),
	/* only chunked, alone: other codings would reach the server */
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: identity, chunked\r\n"
	    "\r\n", TE_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
	    TE_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", TE_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: chunked;q=1\r\n\r\n",
	    TE_INVALID),
	/* request targets */
	REQ_BAD("GET http://evil.example/x HTTP/1.1\r\nHost: a\r\n\r\n",
	    HOST_MISMATCH),
	REQ_BAD("GET http://a:8080/x HTTP/1.1\r\nHost: a\r\n\r\n",
	    HOST_MISMATCH),
	REQ_BAD("GET https://a:80/x HTTP/1.1\r\nHost: a\r\n\r\n",
	    HOST_MISMATCH),
	REQ_BAD("GET http://a/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
	    HOST_DUP),
	REQ_BAD("GET host:80 HTTP/1.1\r\nHost: host\r\n\r\n", TARGET),
	REQ_BAD("GET x/y HTTP/1.1\r\nHost: a\r\n\r\n", TARGET),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n"
	    "\r\n", TE_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", TE_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: chun ked\r\n\r\n",
	    TE_INVALID),
	REQ_BAD("POST / HTTP/1.1\r\nContent-Length: 3\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", CL_AND_TE),
	REQ_BAD("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Length: 3\r\n\r\n", CL_AND_TE),
};

/* Copy BUF[0..LEN) to a fresh heap block, so a parser that kept a pointer
 * into an earlier call's buffer would trip ASan. */
static char *
dup_bytes(const char *buf, size_t len)
{
	char	*p = malloc(len + 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, buf, len);
	p[len] = '\0';
	return p;
}

static void
check_req_result(const struct req_case *c, const struct http1_msg *m,
    const char *buf, int rc)
{
	ck_assert_msg(rc == c->rc, "%s: rc %d, want %d (err %s)", c->in, rc,
	    c->rc, http1_err_str(m->err));
	ck_assert_msg(m->err == c->err, "%s: err %s, want %s", c->in,
	    http1_err_str(m->err), http1_err_str(c->err));
	if (c->err_off >= 0)
		ck_assert_msg(m->err_off == (size_t)c->err_off,
		    "%s: err_off %zu, want %ld", c->in, m->err_off, c->err_off);
	if (rc != HTTP1_DONE)
		return;
	ck_assert_uint_eq(m->head_len, c->len);
	ck_assert_ptr_eq(m->start, buf + (strchr(c->in, c->method[0]) -
	    c->in));
	ck_assert_uint_eq(m->mlen, strlen(c->method));
	ck_assert_mem_eq(m->start + m->moff, c->method, m->mlen);
	ck_assert_uint_eq(m->ulen, strlen(c->uri));
	ck_assert_mem_eq(m->start + m->uoff, c->uri, m->ulen);
	ck_assert_int_eq(m->vmajor, 1);
	ck_assert_int_eq(m->vminor, c->vminor);
	ck_assert_uint_eq(m->nhdrs, c->nhdrs);
	ck_assert_int_eq(m->body, c->body);
	if (c->body == HTTP1_BODY_LENGTH)
		ck_assert_uint_eq(m->clen, c->clen);
	ck_assert_msg(m->flags == c->flags, "%s: flags %#x, want %#x", c->in,
	    m->flags, c->flags);
}

START_TEST(test_req)
{
	const struct req_case	*c = &req_cases[_i];
	struct http1_msg	 m;
	int			 rc;

	http1_msg_setup(&m, 0);
	rc = http1_parse_request(&m, c->in, c->len, MAXHEAD);
	check_req_result(c, &m, c->in, rc);
	/* A finished message answers the same again. */
	rc = http1_parse_request(&m, c->in, c->len, MAXHEAD);
	ck_assert_int_eq(rc, c->rc);
}
END_TEST

/* Feed every prefix, each in a new buffer, to the same message: AGAIN
 * until the end (an error may come earlier), then the one-shot result. */
START_TEST(test_req_split)
{
	const struct req_case	*c = &req_cases[_i];
	struct http1_msg	 m;
	char			*buf;
	size_t			 k;
	int			 rc = HTTP1_AGAIN;

	http1_msg_setup(&m, 0);
	for (k = 0; k <= c->len && rc == HTTP1_AGAIN; k++) {
		buf = dup_bytes(c->in, k);
		rc = http1_parse_request(&m, buf, k, MAXHEAD);
		if (k < c->len && c->rc == HTTP1_DONE)
			ck_assert_msg(rc == HTTP1_AGAIN,
			    "%s: prefix %zu: %d %s", c->in, k, rc,
			    http1_err_str(m.err));
		if (rc != HTTP1_AGAIN)
			check_req_result(c, &m, buf, rc);
		free(buf);
	}
	ck_assert_int_eq(rc, c->rc);
}
END_TEST

/* Limits: the request line alone (414), the whole head (431), the
 * number of headers. */
START_TEST(test_req_limits)
{
	struct http1_msg	 m;
	char			*buf;
	size_t			 max = 1024, len;

	buf = malloc(4 * max);
	ck_assert_ptr_nonnull(buf);
	memset(buf, 'a', 4 * max);
	memcpy(buf, "GET /", 5);

	/* no LF yet: one byte short of the limit waits, the limit is 414 */
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, buf, max - 1, max),
	    HTTP1_AGAIN);
	ck_assert_int_eq(http1_parse_request(&m, buf, max, max), HTTP1_ERROR);
	ck_assert_int_eq(m.err, HTTP1_E_URI_TOO_LONG);
	ck_assert_int_eq(http1_err_status(m.err), 414);
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, buf, 3 * max, max),
	    HTTP1_ERROR);
	ck_assert_int_eq(m.err, HTTP1_E_URI_TOO_LONG);

	/* a head of exactly MAX bytes passes, one more is 431 */
	len = max;
	memcpy(buf + 10, " HTTP/1.1\r\nX: ", 14);
	memcpy(buf + len - 4, "\r\n\r\n", 4);
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, buf, len, max), HTTP1_DONE);
	ck_assert_uint_eq(m.head_len, max);
	ck_assert_uint_eq(m.hdrs[0].vlen, max - 28);
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, buf, len, max - 1),
	    HTTP1_ERROR);
	ck_assert_int_eq(m.err, HTTP1_E_HEAD_TOO_LARGE);
	ck_assert_int_eq(http1_err_status(m.err), 431);
	/* ... also when it arrives in pieces */
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, buf, 100, max - 1),
	    HTTP1_AGAIN);
	ck_assert_int_eq(http1_parse_request(&m, buf, len, max - 1),
	    HTTP1_ERROR);
	ck_assert_int_eq(m.err, HTTP1_E_HEAD_TOO_LARGE);
	free(buf);
}
END_TEST

static char *
req_with_headers(unsigned n, size_t *lenp)
{
	char	*buf = malloc(32 + 16 * (size_t)n);
	size_t	 len;
	unsigned i;

	ck_assert_ptr_nonnull(buf);
	len = (size_t)sprintf(buf, "GET / HTTP/1.1\r\n");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(buf + len, "X-%u: %u\r\n", i, i);
	len += (size_t)sprintf(buf + len, "\r\n");
	*lenp = len;
	return buf;
}

START_TEST(test_req_max_hdrs)
{
	struct http1_msg	 m;
	char			*buf;
	size_t			 len;

	buf = req_with_headers(HTTP1_MAX_HDRS, &len);
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, buf, len, MAXHEAD),
	    HTTP1_DONE);
	ck_assert_uint_eq(m.nhdrs, HTTP1_MAX_HDRS);
	ck_assert_mem_eq(m.hdrs[99].line, "X-99: 99", 8);
	free(buf);

	buf = req_with_headers(HTTP1_MAX_HDRS + 1, &len);
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, buf, len, MAXHEAD),
	    HTTP1_ERROR);
	ck_assert_int_eq(m.err, HTTP1_E_TOO_MANY_HDRS);
	ck_assert_int_eq(http1_err_status(m.err), 400);
	free(buf);
}
END_TEST

/* Every byte value at every position of a 40-byte value (the value is
 * checked eight bytes at a time): CTL and DEL are refused where they
 * are, HTAB, SP and 8-bit bytes accepted. */
START_TEST(test_value_bytes)
{
	struct http1_msg	 m;
	char			 buf[128];
	size_t			 pos, len;
	unsigned		 c = (unsigned)_i;
	bool			 bad = (c < 0x20 && c != '\t') || c == 0x7f;
	int			 rc;

	for (pos = 1; pos < 39; pos++) {
		len = (size_t)snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\n"
		    "X: %s\r\n\r\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
		buf[19 + pos] = (char)c;
		http1_msg_setup(&m, 0);
		rc = http1_parse_request(&m, buf, len, MAXHEAD);
		if (c == '\n' || c == '\r') {
			ck_assert_int_eq(rc, HTTP1_ERROR);
			continue;
		}
		ck_assert_msg(rc == (bad ? HTTP1_ERROR : HTTP1_DONE),
		    "byte %#x at %zu: rc %d", c, pos, rc);
		if (bad) {
			ck_assert_int_eq(m.err, HTTP1_E_HDR_CTL);
			ck_assert_uint_eq(m.err_off, 19 + pos);
		}
	}
}
END_TEST

/* Pipelined requests: head_len says where the next one starts. */
static const struct {
	const char	*in;
	size_t		 head1;
	const char	*uri2;
} pipe_cases[] = {
	{ "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n", 19, "/b" },
	{ "GET /a HTTP/1.1\n\nGET /b HTTP/1.1\n\n", 17, "/b" },
	{ "GET /a HTTP/1.1\r\nHost: h\r\n\r\n\r\nGET /c HTTP/1.0\r\n\r\n", 28,
	    "/c" },
	{ "HEAD /a HTTP/1.1\r\n\r\nOPTIONS * HTTP/1.1\r\n\r\nGET /z HTTP/1.1"
	    "\r\n\r\n", 20, "*" },
};

START_TEST(test_pipeline)
{
	struct http1_msg	 m;
	const char		*in = pipe_cases[_i].in;
	size_t			 len = strlen(in);

	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, in, len, MAXHEAD),
	    HTTP1_DONE);
	ck_assert_uint_eq(m.head_len, pipe_cases[_i].head1);
	in += m.head_len;
	len -= m.head_len;
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, in, len, MAXHEAD),
	    HTTP1_DONE);
	ck_assert_uint_eq(m.ulen, strlen(pipe_cases[_i].uri2));
	ck_assert_mem_eq(m.start + m.uoff, pipe_cases[_i].uri2, m.ulen);
	ck_assert_uint_le(m.head_len, len);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Response heads */

#define RSP_OK(in, head, st, reason, minor, body, clen, flags) \
	{ IN(in), head, HTTP1_DONE, HTTP1_E_NONE, st, reason, minor, \
	    HTTP1_BODY_##body, clen, flags }
#define RSP_BAD(in, head, err) \
	{ IN(in), head, HTTP1_ERROR, HTTP1_E_##err, 0, NULL, 0, \
	    HTTP1_BODY_NONE, 0, 0 }

static const struct rsp_case {
	const char	*in;
	size_t		 len;
	bool		 req_head;
	int		 rc;
	enum http1_err	 err;
	int		 status;
	const char	*reason;
	int		 vminor;
	enum http1_body	 body;
	uint64_t	 clen;
	unsigned	 flags;
} rsp_cases[] = {
	RSP_OK("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", false, 200,
	    "OK", 1, LENGTH, 5, 0),
	RSP_OK("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true, 200,
	    "OK", 1, NONE, 0, HTTP1_F_HEAD_REQ),
	RSP_OK("HTTP/1.1 204 No Content\r\n\r\n", false, 204, "No Content", 1,
	    NONE, 0, 0),
	RSP_OK("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
	    false, 304, "Not Modified", 1, NONE, 0, 0),
	RSP_OK("HTTP/1.1 100 Continue\r\n\r\n", false, 100, "Continue", 1,
	    NONE, 0, 0),
	RSP_OK("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
	    "Upgrade: websocket\r\n\r\n", false, 101, "Switching Protocols",
	    1, NONE, 0, F_UPG),
	RSP_OK("HTTP/1.0 200 OK\r\nServer: x\r\n\r\n", false, 200, "OK", 0,
	    CLOSE, 0, 0),
	RSP_OK("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", false, 200,
	    "OK", 1, CLOSE, 0, F_CLOSE),
	RSP_OK("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false,
	    200, "OK", 1, CHUNKED, 0, 0),
	RSP_OK("HTTP/1.1 503 Service Unavailable\nContent-Length: 107\n\n",
	    false, 503, "Service Unavailable", 1, LENGTH, 107, 0),
	RSP_OK("HTTP/1.1 200\r\n\r\n", false, 200, "", 1, CLOSE, 0, 0),
	RSP_OK("HTTP/1.1 200 \r\n\r\n", false, 200, "", 1, CLOSE, 0, 0),
	RSP_OK("HTTP/1.1 599 weird \t r\xe9" "ason\r\n\r\n", false, 599,
	    "weird \t r\xe9" "ason", 1, CLOSE, 0, 0),
	RSP_OK("\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
	    false, 404, "Not Found", 1, LENGTH, 0, 0),

	RSP_BAD("HTTP/1.1 99 Low\r\n\r\n", false, STATUS_LINE),
	RSP_BAD("HTTP/1.1 099 Low\r\n\r\n", false, STATUS_LINE),
	RSP_BAD("HTTP/1.1 600 High\r\n\r\n", false, STATUS_LINE),
	RSP_BAD("HTTP/1.1 2000 OK\r\n\r\n", false, STATUS_LINE),
	RSP_BAD("HTTP/1.1 20a OK\r\n\r\n", false, STATUS_LINE),
	RSP_BAD("HTTP/1.1  200 OK\r\n\r\n", false, STATUS_LINE),
	RSP_BAD("HTTP/1.1 200 O\x01K\r\n\r\n", false, STATUS_LINE),
	RSP_BAD("HTTP/1.1\r\n\r\n", false, STATUS_LINE),
	RSP_BAD("ICY 200 OK\r\n\r\n", false, STATUS_LINE),
	RSP_BAD("HTTP/2 200 OK\r\n\r\n", false, VERSION),
	RSP_BAD("HTTP/1.2 200 OK\r\n\r\n", false, VERSION),
	RSP_BAD("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", false, CL_AND_TE),
	RSP_BAD("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n", false,
	    CL_DIFFERENT),
	RSP_BAD("HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n", false, HDR_NAME),
	RSP_BAD("HTTP/1.1 200 OK\r\nX: 1\r\n 2\r\n\r\n", false, HDR_FOLDING),
};

static void
check_rsp_result(const struct rsp_case *c, const struct http1_msg *m, int rc)
{
	ck_assert_msg(rc == c->rc, "%s: rc %d, want %d (err %s)", c->in, rc,
	    c->rc, http1_err_str(m->err));
	ck_assert_msg(m->err == c->err, "%s: err %s, want %s", c->in,
	    http1_err_str(m->err), http1_err_str(c->err));
	if (rc != HTTP1_DONE)
		return;
	ck_assert_uint_eq(m->head_len, c->len);
	ck_assert_int_eq(m->status, c->status);
	ck_assert_uint_eq(m->rlen, strlen(c->reason));
	ck_assert_mem_eq(m->start + m->roff, c->reason, m->rlen);
	ck_assert_int_eq(m->vminor, c->vminor);
	ck_assert_int_eq(m->body, c->body);
	if (c->body == HTTP1_BODY_LENGTH)
		ck_assert_uint_eq(m->clen, c->clen);
	ck_assert_msg(m->flags == c->flags, "%s: flags %#x, want %#x", c->in,
	    m->flags, c->flags);
}

START_TEST(test_rsp)
{
	const struct rsp_case	*c = &rsp_cases[_i];
	struct http1_msg	 m;

	http1_msg_setup(&m, 0);
	check_rsp_result(c, &m, http1_parse_response(&m, c->in, c->len,
	    MAXHEAD, c->req_head));
}
END_TEST

START_TEST(test_rsp_split)
{
	const struct rsp_case	*c = &rsp_cases[_i];
	struct http1_msg	 m;
	char			*buf;
	size_t			 k;
	int			 rc = HTTP1_AGAIN;

	http1_msg_setup(&m, 0);
	for (k = 0; k <= c->len && rc == HTTP1_AGAIN; k++) {
		buf = dup_bytes(c->in, k);
		rc = http1_parse_response(&m, buf, k, MAXHEAD, c->req_head);
		if (k < c->len && c->rc == HTTP1_DONE)
			ck_assert_int_eq(rc, HTTP1_AGAIN);
		if (rc != HTTP1_AGAIN)
			check_rsp_result(c, &m, rc);
		free(buf);
	}
	ck_assert_int_eq(rc, c->rc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors */

START_TEST(test_err_status)
{
	enum http1_err	 e;

	for (e = HTTP1_E_NONE; e <= HTTP1_E_BODY_TRUNCATED; e++) {
		ck_assert_ptr_nonnull(http1_err_str(e));
		ck_assert_str_ne(http1_err_str(e), "unknown error");
		if (e == HTTP1_E_URI_TOO_LONG)
			ck_assert_int_eq(http1_err_status(e), 414);
		else if (e == HTTP1_E_HEAD_TOO_LARGE)
			ck_assert_int_eq(http1_err_status(e), 431);
		else
			ck_assert_int_eq(http1_err_status(e), 400);
	}
	ck_assert_str_eq(http1_err_str((enum http1_err)1000), "unknown error");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Bodies */

static const struct body_case {
	const char	*in;
	size_t		 len;
	enum http1_body	 kind;
	uint64_t	 clen;
	int		 rc;
	enum http1_err	 err;
	const char	*rest;		/* left in IN */
	const char	*want;		/* in OUT; NULL: IN less REST */
} body_cases[] = {
#define CH(in, rc, err, rest) \
	{ IN(in), HTTP1_BODY_CHUNKED, 0, HTTP1_##rc, HTTP1_E_##err, rest, \
	  NULL }
/* Chunked framing re-encoded: OUT gets WANT. */
#define CHX(in, rc, rest, want) \
	{ IN(in), HTTP1_BODY_CHUNKED, 0, HTTP1_##rc, HTTP1_E_NONE, rest, \
	  want }
#define CL(clen, in, rc, rest) \
	{ IN(in), HTTP1_BODY_LENGTH, clen, HTTP1_##rc, HTTP1_E_NONE, rest, \
	  NULL }
	CH("5\r\nhello\r\n0\r\n\r\n", DONE, NONE, ""),
	CH("5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n", DONE, NONE,
	    "GET / HTTP/1.1\r\n\r\n"),
	CHX("5\nhello\n0\n\n", DONE, "", "5\r\nhello\r\n0\r\n\r\n"),
	CH("1\r\na\r\n2\r\nbc\r\n3\r\ndef\r\n0\r\n\r\n", DONE, NONE, ""),
	CHX("A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n", DONE, "",
	    "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n"),
	CHX("0005\r\nhello\r\n000\r\n\r\n", DONE, "",
	    "5\r\nhello\r\n0\r\n\r\n"),
	CHX("0000000000000005\r\nhello\r\n0\r\n\r\n", DONE, "",
	    "5\r\nhello\r\n0\r\n\r\n"),
	CHX("00000000000000000000000000000000000000000005\r\nhello\r\n0\r\n"
	    "\r\n", DONE, "", "5\r\nhello\r\n0\r\n\r\n"),
	CHX("5;name=value\r\nhello\r\n0;last\r\n\r\n", DONE, "",
	    "5\r\nhello\r\n0\r\n\r\n"),
	CHX("5 ; a=\"b c\"\r\nhello\r\n0\t\r\n\r\n", DONE, "",
	    "5\r\nhello\r\n0\r\n\r\n"),
	CHX("5 \t;aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nhello\n0\r\n\r\n",
	    DONE, "", "5\r\nhello\r\n0\r\n\r\n"),
	CHX("fffffffffffff\r\nab", AGAIN, "", "fffffffffffff\r\nab"),
	CH("5\r\n\r\n\0\xff\n\r\n0\r\n\r\nX", DONE, NONE, "X"),
	CH("0\r\nX-T: 1\r\nY:2\r\n\r\n", DONE, NONE, ""),
	CH("0\r\nX-Checksum: sha256=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\nNEXT", DONE, NONE, "NEXT"),
	CHX("0\nX-T: 1\n\n\r\n", DONE, "\r\n", "0\r\nX-T: 1\r\n\r\n"),
	CH("5\r\nhel", AGAIN, NONE, ""),
	CH("5\r\nhello\r", AGAIN, NONE, "\r"),
	CH("5\r\nhello\r\n0\r\nX-T: 1", AGAIN, NONE, ""),
	CHX("5\r\nhello\r\n1", AGAIN, "", "5\r\nhello\r\n"),
	CH("", AGAIN, NONE, ""),
	CH("zz\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("-5\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("0x5\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("5x\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("5\rX\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("5;a\x01\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	/* sizes from 2^52 on, as HAProxy 2.6 */
	CH("10000000000000\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("8000000000000000\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("ffffffffffffffff\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("10000000000000005\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("5 x\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH(" 5\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH(";x\r\nhello\r\n", ERROR, CHUNK_SIZE, NULL),
	CH("5\r\nhelloX\r\n0\r\n\r\n", ERROR, CHUNK_CRLF, NULL),
	CH("5\r\nhello\rX0\r\n\r\n", ERROR, CHUNK_CRLF, NULL),
	CH("0\r\n x\r\n\r\n", ERROR, TRAILER, NULL),
	CH("0\r\nbad name: x\r\n\r\n", ERROR, TRAILER, NULL),
	CH("0\r\nX: a\x01\r\n\r\n", ERROR, TRAILER, NULL),
	CH("0\r\nX: a\rb\r\n\r\n", ERROR, TRAILER, NULL),
	CH("0\r\n\rX", ERROR, TRAILER, NULL),
	CL(5, "hello", DONE, ""),
	CL(5, "helloGET / HTTP/1.1\r\n\r\n", DONE, "GET / HTTP/1.1\r\n\r\n"),
	CL(0, "next", DONE, "next"),
	CL(10, "hello", AGAIN, ""),
	{ IN("anything, until close"), HTTP1_BODY_CLOSE, 0, HTTP1_AGAIN,
	    HTTP1_E_NONE, "", NULL },
	{ IN("pipelined"), HTTP1_BODY_NONE, 0, HTTP1_DONE, HTTP1_E_NONE,
	    "pipelined", NULL },
#undef CH
#undef CHX
#undef CL
};

static void
body_init(struct http1_body_state *st, const struct body_case *c)
{
	struct http1_msg	 m;

	http1_msg_setup(&m, 0);
	m.body = c->kind;
	m.clen = c->clen;
	http1_body_init(st, &m);
}

static void
check_body_out(const struct body_case *c, struct evbuffer *in,
    struct evbuffer *out)
{
	size_t	 rlen = strlen(c->rest);
	size_t	 olen = c->want != NULL ? strlen(c->want) : c->len - rlen;

	ck_assert_msg(evbuffer_get_length(out) == olen, "%s: out %zu, want %zu",
	    c->in, evbuffer_get_length(out), olen);
	if (olen > 0)
		ck_assert_mem_eq(evbuffer_pullup(out, -1),
		    c->want != NULL ? c->want : c->in, olen);
	ck_assert_uint_eq(evbuffer_get_length(in), rlen);
	if (rlen > 0)
		ck_assert_mem_eq(evbuffer_pullup(in, -1), c->rest, rlen);
}

START_TEST(test_body)
{
	const struct body_case	*c = &body_cases[_i];
	struct http1_body_state	 st;
	struct evbuffer		*in = evbuffer_new();
	struct evbuffer		*out = evbuffer_new();
	int			 rc;

	body_init(&st, c);
	evbuffer_add(in, c->in, c->len);
	rc = http1_body_xfer(&st, in, out);
	ck_assert_msg(rc == c->rc, "%s: rc %d, want %d (%s)", c->in, rc, c->rc,
	    http1_err_str(st.err));
	ck_assert_int_eq(st.err, c->err);
	if (rc != HTTP1_ERROR)
		check_body_out(c, in, out);
	/* Idempotent at the end. */
	ck_assert_int_eq(http1_body_xfer(&st, in, out), c->rc);
	if (c->kind != HTTP1_BODY_CLOSE && c->kind != HTTP1_BODY_NONE &&
	    rc == HTTP1_AGAIN) {
		ck_assert_int_eq(http1_body_eof(&st), HTTP1_ERROR);
		ck_assert_int_eq(st.err, HTTP1_E_BODY_TRUNCATED);
	} else if (rc != HTTP1_ERROR)
		ck_assert_int_eq(http1_body_eof(&st), HTTP1_DONE);
	evbuffer_free(in);
	evbuffer_free(out);
}
END_TEST

/*
 * Feed C's bytes to a new body state: the first K bytes, then the rest
 * (BYTEWISE: one byte per call).  Once the body ends or fails, the
 * remaining bytes are added unparsed, as a pipelining client would.
 */
static int
body_feed(const struct body_case *c, struct http1_body_state *st,
    struct evbuffer *in, struct evbuffer *out, size_t k, bool bytewise)
{
	size_t	 off = 0, n;
	int	 rc;

	body_init(st, c);
	n = bytewise ? (c->len > 0) : k;
	do {
		evbuffer_add(in, c->in + off, n);
		off += n;
		rc = http1_body_xfer(st, in, out);
		n = bytewise ? 1 : c->len - off;
	} while (off < c->len && rc == HTTP1_AGAIN);
	evbuffer_add(in, c->in + off, c->len - off);
	return rc;
}

/* Split at every byte, then one byte at a time: same result, same bytes
 * out, same rest. */
START_TEST(test_body_split)
{
	const struct body_case	*c = &body_cases[_i];
	struct http1_body_state	 st;
	struct evbuffer		*in, *out;
	size_t			 k;
	int			 rc;

	for (k = 0; k <= c->len + 1; k++) {
		in = evbuffer_new();
		out = evbuffer_new();
		rc = body_feed(c, &st, in, out, k, k > c->len);
		ck_assert_msg(rc == c->rc, "%s: split %zu: rc %d, want %d",
		    c->in, k, rc, c->rc);
		ck_assert_int_eq(st.err, c->err);
		if (rc != HTTP1_ERROR)
			check_body_out(c, in, out);
		evbuffer_free(in);
		evbuffer_free(out);
	}
}
END_TEST

/* A whole exchange: parse a chunked POST, then move its body. */
START_TEST(test_body_after_head)
{
	static const char	 req[] = "POST /up HTTP/1.1\r\nHost: h\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n"
	    "GET /next HTTP/1.1\r\n\r\n";
	struct http1_msg	 m;
	struct http1_body_state	 st;
	struct evbuffer		*in = evbuffer_new();
	struct evbuffer		*out = evbuffer_new();

	evbuffer_add(in, req, sizeof(req) - 1);
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m,
	    (const char *)evbuffer_pullup(in, -1), evbuffer_get_length(in),
	    MAXHEAD), HTTP1_DONE);
	ck_assert_int_eq(m.body, HTTP1_BODY_CHUNKED);
	evbuffer_drain(in, m.head_len);
	http1_body_init(&st, &m);
	ck_assert_int_eq(http1_body_xfer(&st, in, out), HTTP1_DONE);
	ck_assert_uint_eq(evbuffer_get_length(out), 14);
	ck_assert_uint_eq(evbuffer_get_length(in), 22);
	evbuffer_free(in);
	evbuffer_free(out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The editable head */

static void
head_parse(struct http_head *h, const char *in, bool req)
{
	struct http1_msg	 m;
	int			 rc;

	http1_msg_setup(&m, 0);
	if (req)
		rc = http1_parse_request(&m, in, strlen(in), MAXHEAD);
	else
		rc = http1_parse_response(&m, in, strlen(in), MAXHEAD, false);
	ck_assert_int_eq(rc, HTTP1_DONE);
	ck_assert_int_eq(http_head_from_msg(h, &m, req), 0);
}

static void
head_check_out(const struct http_head *h, const char *want)
{
	struct evbuffer	*out = evbuffer_new();
	size_t		 len;

	ck_assert_int_eq(http1_write_head(out, h), 0);
	len = evbuffer_get_length(out);
	ck_assert_msg(len == strlen(want) &&
	    memcmp(evbuffer_pullup(out, -1), want, len) == 0,
	    "wrote \"%.*s\", want \"%s\"", (int)len,
	    (const char *)evbuffer_pullup(out, -1), want);
	evbuffer_free(out);
}

static void
head_check_path(const struct http_head *h, const char *path,
    const char *query)
{
	const char	*p, *q;
	size_t		 plen, qlen;

	http_head_path(h, &p, &plen);
	http_head_query(h, &q, &qlen);
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(plen == strlen(path) && memcmp(p, path, plen) == 0,
	    "%s: path \"%.*s\", want \"%s\"", h->start.s, (int)plen, p, path);
	if (query == NULL) {
		ck_assert_msg(q == NULL, "%s: query \"%.*s\", want none",
		    h->start.s, (int)qlen, q);
		ck_assert_uint_eq(qlen, 0);
	} else {
		ck_assert_ptr_nonnull(q);
		ck_assert_msg(qlen == strlen(query) &&
		    memcmp(q, query, qlen) == 0, "%s: query \"%.*s\", want "
		    "\"%s\"", h->start.s, (int)qlen, q, query);
	}
}

static const struct {
	const char	*uri;
	const char	*path, *query;
} path_cases[] = {
	{ "/", "/", NULL },
	{ "/p", "/p", NULL },
	{ "/p?q", "/p", "q" },
	{ "/p?", "/p", "" },
	{ "/?a?b=c", "/", "a?b=c" },
	{ "/a/b;c/d?x=1&y=2", "/a/b;c/d", "x=1&y=2" },
	{ "http://h/p?q", "/p", "q" },
	{ "HTTPS://u:pw@h:8443/a/b?c=d", "/a/b", "c=d" },
	{ "http://h", "", NULL },
	{ "http://h?x", "", "x" },
	{ "http://h:80/", "/", NULL },
	{ "*", "*", NULL },
	{ "h.example:443", "", NULL },
	{ "1http://h/p", "", NULL },
};

START_TEST(test_head_path)
{
	struct http_head	 h;
	char			 line[128];

	head_parse(&h, "GET / HTTP/1.1\r\n\r\n", true);
	snprintf(line, sizeof(line), "GET %s HTTP/1.1", path_cases[_i].uri);
	ck_assert_int_eq(http_head_set_start(&h, line, strlen(line)), 0);
	head_check_path(&h, path_cases[_i].path, path_cases[_i].query);
	http_head_clear(&h);
}
END_TEST

/* The reqrep case: a rewritten request line is parsed again. */
START_TEST(test_head_set_start)
{
	static const char	 rl[] = "GET /x HTTP/1.1";
	struct http_head	 h;

	head_parse(&h, "GET /spark/x?k=v HTTP/1.1\r\nHost: h\r\n\r\n", true);
	head_check_path(&h, "/spark/x", "k=v");
	ck_assert_int_eq(http_head_set_start(&h, rl, sizeof(rl) - 1), 0);
	head_check_path(&h, "/x", NULL);
	ck_assert_uint_eq(h.mlen, 3);
	ck_assert_uint_eq(h.ulen, 2);
	ck_assert_mem_eq(h.start.s + h.uoff, "/x", 2);
	ck_assert_int_eq(h.vminor, 1);
	head_check_out(&h, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");

	/* invalid lines are refused and change nothing */
	ck_assert_int_eq(http_head_set_start(&h, IN("GET /a b HTTP/1.1")), -1);
	ck_assert_int_eq(http_head_set_start(&h, IN("GET /a")), -1);
	ck_assert_int_eq(http_head_set_start(&h, IN("GET /a HTTP/1.1\r\n")),
	    -1);
	ck_assert_int_eq(http_head_set_start(&h, IN("GET /a\0 HTTP/1.1")), -1);
	ck_assert_int_eq(http_head_set_start(&h, IN("")), -1);
	ck_assert_str_eq(h.start.s, rl);
	head_check_path(&h, "/x", NULL);

	ck_assert_int_eq(http_head_set_start(&h, IN("POST /y HTTP/1.0")), 0);
	ck_assert_int_eq(h.vminor, 0);
	ck_assert_mem_eq(h.start.s + h.moff, "POST", h.mlen);
	http_head_clear(&h);

	/* a response */
	head_parse(&h, "HTTP/1.1 200 OK\r\nServer: s\r\n\r\n", false);
	ck_assert_int_eq(h.status, 200);
	ck_assert_int_eq(http_head_set_start(&h,
	    IN("HTTP/1.0 503 Service Unavailable")), 0);
	ck_assert_int_eq(h.status, 503);
	ck_assert_int_eq(h.vminor, 0);
	ck_assert_int_eq(http_head_set_start(&h, IN("HTTP/1.1 700 No")), -1);
	ck_assert_int_eq(h.status, 503);
	head_check_out(&h, "HTTP/1.0 503 Service Unavailable\r\nServer: s\r\n"
	    "\r\n");
	http_head_clear(&h);
}
END_TEST

START_TEST(test_head_edit)
{
	struct http_head	 h;

	head_parse(&h, "GET /a HTTP/1.1\nHost: x\nX-A:  b \ncookie: c=1\n"
	    "X-a: second\n\n", true);
	ck_assert_uint_eq(h.nhdrs, 4);
	/* lines are re-emitted as received, with CR LF */
	head_check_out(&h, "GET /a HTTP/1.1\r\nHost: x\r\nX-A:  b \r\n"
	    "cookie: c=1\r\nX-a: second\r\n\r\n");
	ck_assert_uint_eq(h.hdrs[1].vlen, 1);
	ck_assert_mem_eq(h.hdrs[1].s + h.hdrs[1].voff, "b", 1);

	/* find */
	ck_assert_int_eq(http_head_find(&h, IN("x-a"), 0), 1);
	ck_assert_int_eq(http_head_find(&h, IN("x-a"), 2), 3);
	ck_assert_int_eq(http_head_find(&h, IN("x-a"), 4), -1);
	ck_assert_int_eq(http_head_find(&h, IN("X"), 0), -1);
	ck_assert_int_eq(http_head_find(&h, IN("HOST"), -5), 0);

	/* set_line */
	ck_assert_int_eq(http_head_set_line(&h, 2, IN("Cookie: c=2")), 0);
	ck_assert_uint_eq(h.hdrs[2].nlen, 6);
	ck_assert_int_eq(http_head_set_line(&h, 2, IN("Bad Name: 1")), -1);
	ck_assert_int_eq(http_head_set_line(&h, 2, IN("X: a\r\nY: b")), -1);
	ck_assert_int_eq(http_head_set_line(&h, 2, IN(" folded")), -1);
	ck_assert_int_eq(http_head_set_line(&h, 9, IN("X: 1")), -1);
	ck_assert_str_eq(h.hdrs[2].s, "Cookie: c=2");

	/* add */
	ck_assert_int_eq(http_head_add(&h, IN("X-Forwarded-For"),
	    IN("127.0.0.1")), 0);
	ck_assert_int_eq(http_head_add(&h, IN("X-Raw:  raw "), NULL, 0), 0);
	ck_assert_int_eq(http_head_add(&h, IN("X-Empty"), IN("")), 0);
	ck_assert_int_eq(http_head_add(&h, IN("Bad:Name"), IN("v")), -1);
	ck_assert_int_eq(http_head_add(&h, IN(""), IN("v")), -1);
	ck_assert_int_eq(http_head_add(&h, IN("X"), IN("a\r\nInjected: 1")),
	    -1);
	ck_assert_int_eq(http_head_add(&h, IN("no colon"), NULL, 0), -1);
	ck_assert_uint_eq(h.nhdrs, 7);
	ck_assert_int_eq(http_head_find(&h, IN("x-raw"), 0), 5);
	ck_assert_uint_eq(h.hdrs[5].vlen, 3);
	ck_assert_uint_eq(h.hdrs[6].vlen, 0);

	/* del, del_all */
	http_head_del(&h, 0);
	http_head_del(&h, 99);
	ck_assert_int_eq(http_head_find(&h, IN("host"), 0), -1);
	ck_assert_uint_eq(http_head_del_all(&h, IN("X-A")), 2);
	ck_assert_uint_eq(http_head_del_all(&h, IN("X-A")), 0);
	head_check_out(&h, "GET /a HTTP/1.1\r\nCookie: c=2\r\n"
	    "X-Forwarded-For: 127.0.0.1\r\nX-Raw:  raw \r\nX-Empty: \r\n\r\n");

	/* many additions grow the array */
	while (h.nhdrs < 200)
		ck_assert_int_eq(http_head_add(&h, IN("X-N"), IN("n")), 0);
	ck_assert_uint_eq(http_head_del_all(&h, IN("x-n")), 196);
	ck_assert_uint_eq(h.nhdrs, 4);
	http_head_clear(&h);
	ck_assert_ptr_null(h.hdrs);
	http_head_clear(&h);
}
END_TEST

/* Equal Content-Length headers or a list are forwarded as one header with
 * one value (HAProxy 2.6, spec §8.2); a single value is kept as written. */
START_TEST(test_head_clen_merge)
{
	static const char *const in[][2] = {
		{ "POST /u HTTP/1.1\r\nContent-Length: 3, 3\r\nX: y\r\n\r\n",
		  "POST /u HTTP/1.1\r\nContent-Length: 3\r\nX: y\r\n\r\n" },
		{ "POST /u HTTP/1.1\r\ncontent-length: 3\r\nX: y\r\n"
		  "CONTENT-LENGTH: 3\r\n\r\n",
		  "POST /u HTTP/1.1\r\ncontent-length: 3\r\nX: y\r\n\r\n" },
		{ "POST /u HTTP/1.1\r\nContent-Length: 007\r\n\r\n",
		  "POST /u HTTP/1.1\r\nContent-Length: 007\r\n\r\n" },
		{ "POST /u HTTP/1.1\r\nContent-Length: 3 ,03\r\n\r\n",
		  "POST /u HTTP/1.1\r\nContent-Length: 03\r\n\r\n" },
	};
	struct http1_msg	 m;
	struct http_head	 h;
	unsigned		 i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		http1_msg_setup(&m, 0);
		ck_assert_int_eq(http1_parse_request(&m, in[i][0],
		    strlen(in[i][0]), MAXHEAD), HTTP1_DONE);
		ck_assert_int_eq(http_head_from_msg(&h, &m, true), 0);
		head_check_out(&h, in[i][1]);
		http_head_clear(&h);
	}
}
END_TEST

/* The written head of every valid request parses back to the same. */
START_TEST(test_head_roundtrip)
{
	const struct req_case	*c = &req_cases[_i];
	struct http1_msg	 m, m2;
	struct http_head	 h;
	struct evbuffer		*out;
	const char		*buf;
	unsigned		 i;

	if (c->rc != HTTP1_DONE)
		return;
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, c->in, c->len, MAXHEAD),
	    HTTP1_DONE);
	ck_assert_int_eq(http_head_from_msg(&h, &m, true), 0);
	out = evbuffer_new();
	ck_assert_int_eq(http1_write_head(out, &h), 0);
	buf = (const char *)evbuffer_pullup(out, -1);
	http1_msg_setup(&m2, 0);
	ck_assert_int_eq(http1_parse_request(&m2, buf,
	    evbuffer_get_length(out), MAXHEAD), HTTP1_DONE);
	ck_assert_uint_eq(m2.head_len, evbuffer_get_length(out));
	ck_assert_uint_eq(m2.nhdrs, h.nhdrs);	/* Content-Length merged */
	ck_assert_int_eq(m2.body, m.body);
	ck_assert_uint_eq(m2.clen, m.clen);
	ck_assert_uint_eq(m2.flags, m.flags);
	ck_assert_uint_eq(m2.startlen, m.startlen);
	ck_assert_mem_eq(m2.start, m.start, m.startlen);
	for (i = 0; i < h.nhdrs; i++) {
		ck_assert_uint_eq(m2.hdrs[i].linelen, h.hdrs[i].len);
		ck_assert_mem_eq(m2.hdrs[i].line, h.hdrs[i].s, h.hdrs[i].len);
	}
	evbuffer_free(out);
	http_head_clear(&h);
}
END_TEST

static Suite *
http1_suite(void)
{
	Suite	*s = suite_create("http1");
	TCase	*tc;

	tc = tcase_create("request");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_req, 0, (int)nitems(req_cases));
	tcase_add_loop_test(tc, test_req_split, 0, (int)nitems(req_cases));
	tcase_add_test(tc, test_req_limits);
	tcase_add_test(tc, test_req_max_hdrs);
	tcase_add_loop_test(tc, test_value_bytes, 0, 256);
	tcase_add_loop_test(tc, test_pipeline, 0, (int)nitems(pipe_cases));
	tcase_add_test(tc, test_err_status);
	suite_add_tcase(s, tc);

	tc = tcase_create("response");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_rsp, 0, (int)nitems(rsp_cases));
	tcase_add_loop_test(tc, test_rsp_split, 0, (int)nitems(rsp_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("body");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_body, 0, (int)nitems(body_cases));
	tcase_add_loop_test(tc, test_body_split, 0, (int)nitems(body_cases));
	tcase_add_test(tc, test_body_after_head);
	suite_add_tcase(s, tc);

	tc = tcase_create("head");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_head_path, 0, (int)nitems(path_cases));
	tcase_add_test(tc, test_head_set_start);
	tcase_add_test(tc, test_head_edit);
	tcase_add_test(tc, test_head_clen_merge);
	tcase_add_loop_test(tc, test_head_roundtrip, 0, (int)nitems(req_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(http1_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
