/*
 * fuzz_http1: libFuzzer harness for http1.c.  Each input is the bytes a
 * peer sends: it is parsed as a request and as a response head (max
 * 16384, as tune.bufsize), once whole and once in two pieces split at a
 * point taken from the input, and both must agree.  A complete head is
 * copied into a struct http_head, edited the way rewrite rules do, written
 * out and parsed again (it must still be valid); the bytes after the head
 * go through http1_body_xfer, chunked and as the head says, and must come
 * out unchanged and in order, or, chunked, re-encoded the same way however
 * they are split, into canonical framing that re-encodes to itself.  Any
 * disagreement aborts.
 *
 * Build and run: see t/fuzz/README.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "http/http1.h"

#define FUZZ_MAX	16384

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool	 fuzz_req_head;	/* responses answer a HEAD request */

static int
parse(struct http1_msg *m, const char *buf, size_t len, bool req)
{
	if (req)
		return http1_parse_request(m, buf, len, FUZZ_MAX);
	return http1_parse_response(m, buf, len, FUZZ_MAX, fuzz_req_head);
}

/* Parse in two pieces, each in its own heap copy; must match ONE. */
static void
parse_split(const char *data, size_t size, size_t k, bool req,
    const struct http1_msg *one, int rc1)
{
	struct http1_msg	 m;
	char			*buf;
	int			 rc;

	http1_msg_setup(&m, 0);
	if ((buf = malloc(size + 1)) == NULL)
		return;
	memcpy(buf, data, k);
	rc = parse(&m, buf, k, req);
	if (rc == HTTP1_AGAIN) {
		memcpy(buf + k, data + k, size - k);
		rc = parse(&m, buf, size, req);
	}
	if (rc != rc1 || m.err != one->err)
		abort();
	if (rc == HTTP1_DONE && (m.head_len != one->head_len ||
	    m.nhdrs != one->nhdrs || m.body != one->body ||
	    m.flags != one->flags || m.start != buf + (one->start - data)))
		abort();
	free(buf);
}

/* Edit the head as rules would, write it, and parse it back. */
static void
head_edit(const struct http1_msg *m, bool req)
{
	struct http_head	 h;
	struct http1_msg	 m2;
	struct evbuffer		*out;
	const char		*p, *q;
	size_t			 plen, qlen, len;
	int			 rc;

	if (http_head_from_msg(&h, m, req) != 0)
		return;
	http_head_path(&h, &p, &plen);
	http_head_query(&h, &q, &qlen);
	if (req && p == NULL)
		abort();
	if (req && plen > 1 && p[0] == '/')	/* reqrep-style rewrite */
		(void)http_head_set_start(&h, "GET /x HTTP/1.1", 15);
	if (h.nhdrs > 0)
		(void)http_head_set_line(&h, 0, "X-Set: v", 8);
	(void)http_head_del_all(&h, "connection", 10);
	(void)http_head_add(&h, "X-Forwarded-For", 15, "127.0.0.1", 9);
	(void)http_head_add(&h, "X-Raw: raw", 10, NULL, 0);
	(void)http_head_find(&h, "host", 4, 0);
	if (h.nhdrs > 1)
		http_head_del(&h, 1);

	if ((out = evbuffer_new()) == NULL)
		goto done;
	if (http1_write_head(out, &h) == 0) {
		len = evbuffer_get_length(out);
		http1_msg_setup(&m2, 0);
		rc = parse(&m2, (const char *)evbuffer_pullup(out, -1), len,
		    req);
		if (rc == HTTP1_AGAIN || (rc == HTTP1_ERROR &&
		    (m2.err != HTTP1_E_TOO_MANY_HDRS &&
		    m2.err != HTTP1_E_HEAD_TOO_LARGE &&
		    m2.err != HTTP1_E_CL_AND_TE)))
			abort();
		if (rc == HTTP1_DONE && m2.head_len != len)
			abort();
	}
	evbuffer_free(out);
done:
	http_head_clear(&h);
}

/* Move DATA through a body state of KIND, split at K; OUT gets what came
 * out, the return is the last rc, IN keeps what was not consumed. */
static int
body_pass(const struct http1_msg *m, enum http1_body kind, const char *data,
    size_t size, size_t k, struct evbuffer *in, struct evbuffer *out)
{
	struct http1_msg	 fake = *m;
	struct http1_body_state	 st;
	int			 rc;

	fake.body = kind;
	http1_body_init(&st, &fake);
	evbuffer_add(in, data, k);
	rc = http1_body_xfer(&st, in, out);
	evbuffer_add(in, data + k, size - k);
	if (rc == HTTP1_AGAIN)
		rc = http1_body_xfer(&st, in, out);
	if (rc == HTTP1_AGAIN)
		(void)http1_body_eof(&st);
	return rc;
}

static bool
buf_eq(struct evbuffer *a, struct evbuffer *b)
{
	size_t	 n = evbuffer_get_length(a);

	return n == evbuffer_get_length(b) && (n == 0 ||
	    memcmp(evbuffer_pullup(a, -1), evbuffer_pullup(b, -1), n) == 0);
}

/*
 * Whether P[0..N) is chunked framing as it is re-encoded: "<hex> CRLF",
 * lower case without leading zeros, the data and CRLF; after "0 CRLF",
 * lines ending in CRLF (no other CR or LF) up to an empty one, which must
 * end the bytes if DONE.  Without DONE, the bytes may stop inside chunk
 * data or the trailers, never inside a size line, which goes out whole.
 */
static bool
canonical(const char *p, size_t n, bool done)
{
	size_t		 i = 0, d, e;
	uint64_t	 sz;

	for (;;) {
		if (i == n)
			return !done;
		for (d = i, sz = 0; d < n && ((p[d] >= '0' && p[d] <= '9') ||
		    (p[d] >= 'a' && p[d] <= 'f')); d++)
			sz = sz << 4 | (uint64_t)(p[d] <= '9' ? p[d] - '0' :
			    p[d] - 'a' + 10);
		if (d == i || (p[i] == '0' && d - i > 1) || n - d < 2 ||
		    p[d] != '\r' || p[d + 1] != '\n')
			return false;
		i = d + 2;
		if (sz == 0)
			break;
		if (n - i < sz + 2)
			return !done && (n - i <= sz || p[i + sz] == '\r');
		if (p[i + sz] != '\r' || p[i + sz + 1] != '\n')
			return false;
		i += sz + 2;
	}
	for (;;) {		/* trailer lines */
		for (e = i; e < n && p[e] != '\r' && p[e] != '\n'; e++)
			;
		if (e == n)
			return !done;
		if (p[e] != '\r' || (e + 1 < n && p[e + 1] != '\n'))
			return false;
		if (e + 1 == n)
			return !done;
		if (e == i)
			return e + 2 == n;
		i = e + 2;
	}
}

/*
 * Move the rest through a body state.  Other than chunked, bytes come out
 * unchanged and in order.  Chunked framing is re-encoded: the result must
 * not depend on the split, what is left must be the end of the input, and
 * the re-encoded bytes are a fixpoint (they go through unchanged, all of
 * them consumed).
 */
static void
body_run(const struct http1_msg *m, enum http1_body kind, const char *data,
    size_t size, size_t k)
{
	struct evbuffer	*in, *out, *in2, *out2;
	size_t		 olen, ilen;
	int		 rc, rc2;

	in = evbuffer_new();
	out = evbuffer_new();
	in2 = evbuffer_new();
	out2 = evbuffer_new();
	if (in == NULL || out == NULL || in2 == NULL || out2 == NULL)
		goto done;
	rc = body_pass(m, kind, data, size, k, in, out);
	olen = evbuffer_get_length(out);
	ilen = evbuffer_get_length(in);
	if (ilen > size || (ilen > 0 && memcmp(evbuffer_pullup(in, -1),
	    data + size - ilen, ilen) != 0))
		abort();
	if (kind != HTTP1_BODY_CHUNKED) {
		if (olen + ilen != size || (olen > 0 &&
		    memcmp(evbuffer_pullup(out, -1), data, olen) != 0))
			abort();
		goto done;
	}
	/* After an error, what was let through depends on where the error
	 * was seen in a read: only the verdict must agree. */
	rc2 = body_pass(m, kind, data, size, size, in2, out2);
	if (rc2 != rc || (rc != HTTP1_ERROR && (!buf_eq(in, in2) ||
	    !buf_eq(out, out2))))
		abort();
	evbuffer_drain(in2, evbuffer_get_length(in2));
	evbuffer_drain(out2, evbuffer_get_length(out2));
	rc2 = body_pass(m, kind, olen > 0 ? (const char *)evbuffer_pullup(out,
	    -1) : "", olen, olen, in2, out2);
	if (rc2 == HTTP1_ERROR || (rc == HTTP1_DONE) != (rc2 == HTTP1_DONE) ||
	    evbuffer_get_length(in2) != 0 || !buf_eq(out, out2) ||
	    !canonical(olen > 0 ? (const char *)evbuffer_pullup(out, -1) : "",
	    olen, rc == HTTP1_DONE))
		abort();
done:
	if (in != NULL)
		evbuffer_free(in);
	if (out != NULL)
		evbuffer_free(out);
	if (in2 != NULL)
		evbuffer_free(in2);
	if (out2 != NULL)
		evbuffer_free(out2);
}

static void
one_side(const char *data, size_t size, bool req)
{
	struct http1_msg	 m;
	size_t			 k, rest;
	int			 rc;

	http1_msg_setup(&m, 0);
	rc = parse(&m, data, size, req);
	(void)http1_err_str(m.err);
	(void)http1_err_status(m.err);
	k = size > 0 ? ((unsigned char)data[0] * 131u) % (size + 1) : 0;
	parse_split(data, size, k, req, &m, rc);
	if (rc != HTTP1_DONE)
		return;
	head_edit(&m, req);
	rest = size - m.head_len;
	k = rest > 0 ? ((unsigned char)data[size - 1] * 7u) % (rest + 1) : 0;
	body_run(&m, HTTP1_BODY_CHUNKED, data + m.head_len, rest, k);
	if (m.body != HTTP1_BODY_CHUNKED)
		body_run(&m, m.body, data + m.head_len, rest, k);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_req_head = (size & 1) != 0;
	one_side((const char *)data, size, true);
	one_side((const char *)data, size, false);
	return 0;
}
