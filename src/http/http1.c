/*
 * http1.c: HTTP/1.x heads and bodies, strictly (see http1.h).
 *
 * The head parser is resumable: memchr finds each line end once, and each
 * line is validated as soon as its LF arrives, so a bad request line or
 * header is rejected without waiting for the rest of the head.  Only
 * offsets are kept between calls (the caller's buffer may move); the
 * pointers of struct http1_msg are set when the head is complete.  The
 * parser never allocates; only http_head_* does.
 *
 * Strictness follows HAProxy 2.6 (spec §8.2) except where our issue asks
 * for more: CTL bytes in header values and Content-Length together with
 * Transfer-Encoding are errors here, forwarded or repaired by HAProxy.
 * So are obsolete line folding, several spaces between request-line
 * words and versions other than HTTP/1.0 and 1.1, which HAProxy
 * normalises (RFC 9112 lets a server refuse them; t/e2e/differential.sh
 * lists each such difference).  A Transfer-Encoding other than "chunked"
 * alone is a 400 here (HAProxy: 422); an absolute-form target whose
 * authority differs from Host is refused as HAProxy refuses it, but the
 * one that agrees is forwarded as sent (HAProxy drops a default port).
 * Chunked framing is re-encoded on the way through, as HAProxy does.
 *
 * This file must not touch sockets, print, or decide what to answer.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>

#include "http/http1.h"

/* Character classes. */
#define H1_TOK		0x01	/* tchar (RFC 9110 §5.6.2) */
#define H1_FV		0x02	/* value: HTAB, SP, VCHAR, obs-text */
#define H1_HEX		0x04
#define H1_URI		0x08	/* URI byte: 0x21-0x7e except '#' */

static const unsigned char h1_ctype[256] = {
	/* 00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0,
	/* 10 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 20 */ 2, 11, 10, 3, 11, 11, 11, 11, 10, 10, 11, 11, 10, 11, 11, 10,
	/* 30 */ 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 10, 10, 10, 10, 10, 10,
	/* 40 */ 10, 15, 15, 15, 15, 15, 15, 11, 11, 11, 11, 11, 11, 11, 11, 11,
	/* 50 */ 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 10, 10, 10, 11, 11,
	/* 60 */ 11, 15, 15, 15, 15, 15, 15, 11, 11, 11, 11, 11, 11, 11, 11, 11,
	/* 70 */ 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 10, 11, 10, 11, 0,
	/* 80 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* 90 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* a0 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* b0 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* c0 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* d0 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* e0 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* f0 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

#define H1_IS(c, cl)	((h1_ctype[(unsigned char)(c)] & (cl)) != 0)
#define H1_IS_OWS(c)	((c) == ' ' || (c) == '\t')

/* Private parse state bits (struct http1_msg pflags). */
#define H1_PF_RESP		0x0001	/* parsing a response */
#define H1_PF_CL		0x0002	/* Content-Length seen */
#define H1_PF_TE		0x0004	/* Transfer-Encoding seen */
#define H1_PF_TE_CHUNKED	0x0008	/* "chunked" seen in it */
#define H1_PF_CONN_UPGRADE	0x0020	/* Connection: upgrade */
#define H1_PF_UPGRADE_HDR	0x0040	/* an Upgrade header */

/* Chunked body states (struct http1_body_state st). */
enum {
	H1_CH_SIZE = 0,		/* in the digits of a chunk-size line */
	H1_CH_SIZE_WS,		/* BWS after the digits */
	H1_CH_SIZE_EXT,		/* a chunk extension, dropped */
	H1_CH_SIZE_CR,		/* CR of the chunk-size line */
	H1_CH_DATA,		/* inside chunk data, LEFT bytes to go */
	H1_CH_DATA_CRLF,	/* the CRLF after chunk data */
	H1_CH_TR_START,		/* start of a trailer line or the end */
	H1_CH_TR_NAME,
	H1_CH_TR_VALUE,
	H1_CH_TR_CR,		/* CR seen at the end of a trailer line */
	H1_CH_END_CR,		/* CR of the final empty line */
	H1_CH_DONE
};

/* Chunk sizes from 2^52 on are refused, as HAProxy 2.6 does: no real
 * chunk is that big and no sum of them can overflow.  Leading zeros,
 * spaces and extensions may make the line longer than the digits; it is
 * parsed as it streams, so its limit is only against endless lines. */
#define H1_CHUNK_SIZE_BITS	52
#define H1_CHUNK_LINE_MAX	16384

/* The parsed parts of a start line, offsets relative to it. */
struct h1_start {
	size_t	 moff, mlen, uoff, ulen;	/* request */
	size_t	 roff, rlen;			/* response reason */
	int	 status;
	int	 vminor;
};

static const char *h1_after_scheme(const char *, const char *);

static const char *const h1_err_strs[] = {
	[HTTP1_E_NONE] = "no error",
	[HTTP1_E_REQLINE] = "malformed request line",
	[HTTP1_E_METHOD] = "invalid character in the method",
	[HTTP1_E_URI] = "invalid character in the URI",
	[HTTP1_E_URI_TOO_LONG] = "request line too long",
	[HTTP1_E_VERSION] = "unsupported HTTP version",
	[HTTP1_E_STATUS_LINE] = "malformed status line",
	[HTTP1_E_HDR_NAME] = "invalid header name",
	[HTTP1_E_HDR_NO_COLON] = "header line without a colon",
	[HTTP1_E_HDR_CTL] = "control character in a header value",
	[HTTP1_E_HDR_FOLDING] = "obsolete header line folding",
	[HTTP1_E_TOO_MANY_HDRS] = "too many headers",
	[HTTP1_E_HEAD_TOO_LARGE] = "headers too large",
	[HTTP1_E_CL_INVALID] = "invalid Content-Length",
	[HTTP1_E_CL_DIFFERENT] = "conflicting Content-Length values",
	[HTTP1_E_CL_AND_TE] = "both Content-Length and Transfer-Encoding",
	[HTTP1_E_TE_INVALID] = "invalid Transfer-Encoding",
	[HTTP1_E_HOST_DUP] = "duplicate Host header",
	[HTTP1_E_CHUNK_SIZE] = "invalid chunk size line",
	[HTTP1_E_CHUNK_CRLF] = "missing CRLF after chunk data",
	[HTTP1_E_TRAILER] = "invalid trailer line",
	[HTTP1_E_BODY_TRUNCATED] = "connection closed inside the body",
	[HTTP1_E_TARGET] = "request target form not allowed",
	[HTTP1_E_HOST_MISMATCH] = "Host differs from the target's authority",
};

/* ------------------------------------------------------------------ */
/* Lines and fields */

static int
h1_fail(struct http1_msg *m, enum http1_err err, size_t off)
{
	m->err = err;
	m->err_off = off;
	return HTTP1_ERROR;
}

/* ASCII case-insensitive equality of S[0..LEN) with LIT (lower case). */
static bool
h1_eq(const char *s, size_t len, const char *lit)
{
	size_t	 i;
	char	 c;

	for (i = 0; i < len; i++) {
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != lit[i])	/* also stops at LIT's NUL */
			return false;
	}
	return lit[len] == '\0';
}

/* True if a byte of X is a CTL (< 0x20) or DEL; bytes >= 0x80 are not.
 * Exact as a boolean (bit twiddling hacks, "hasless" and "haszero"). */
static bool
h1_word_has_ctl(uint64_t x)
{
	const uint64_t	 lo = 0x0101010101010101ULL;
	const uint64_t	 hi = 0x8080808080808080ULL;
	uint64_t	 d = x ^ (lo * 0x7f);

	return (((x - lo * 0x20) & ~x) | ((d - lo) & ~d)) & hi;
}

/* Index of the first byte of S[I..LEN) not allowed in a field value (HTAB
 * is), or LEN; eight bytes at a time while they are clean. */
static size_t
h1_value_scan(const char *s, size_t i, size_t len)
{
	uint64_t	 x;

	while (i < len) {
		if (len - i >= sizeof(x)) {
			memcpy(&x, s + i, sizeof(x));
			if (!h1_word_has_ctl(x)) {
				i += sizeof(x);
				continue;
			}
		}
		if (!H1_IS(s[i], H1_FV))
			return i;
		i++;
	}
	return len;
}

/*
 * The next element of the comma-separated list in [*P, E), OWS trimmed;
 * empty elements are skipped (RFC 9110 §5.6.1).  False at the end.
 */
static bool
h1_list_next(const char **p, const char *e, const char **tok, size_t *tlen)
{
	const char	*s, *t;

	while (*p < e) {
		s = *p;
		if ((t = memchr(s, ',', (size_t)(e - s))) == NULL)
			t = e;
		*p = t < e ? t + 1 : e;
		while (s < t && H1_IS_OWS(*s))
			s++;
		while (t > s && H1_IS_OWS(t[-1]))
			t--;
		if (t > s) {
			*tok = s;
			*tlen = (size_t)(t - s);
			return true;
		}
	}
	return false;
}

/*
 * Split the header line S (LEN bytes, no CR LF) into name and value and
 * validate both; fills H's linelen, nlen, voff and vlen.  On error *BAD is
 * the offset of the offending byte.
 */
static enum http1_err
h1_split_hdr(const char *s, size_t len, struct http1_hdr *h, size_t *bad)
{
	size_t	 n, v, e, i;

	for (n = 0; n < len && H1_IS(s[n], H1_TOK); n++)
		;
	if (n == len) {
		*bad = n;
		return n > 0 ? HTTP1_E_HDR_NO_COLON : HTTP1_E_HDR_NAME;
	}
	if (n == 0 || s[n] != ':') {
		*bad = n;
		return HTTP1_E_HDR_NAME;
	}
	for (v = n + 1; v < len && H1_IS_OWS(s[v]); v++)
		;
	if ((i = h1_value_scan(s, v, len)) < len) {
		*bad = i;
		return HTTP1_E_HDR_CTL;
	}
	for (e = len; e > v && H1_IS_OWS(s[e - 1]); e--)
		;
	h->linelen = len;
	h->nlen = n;
	h->voff = v;
	h->vlen = e - v;
	return HTTP1_E_NONE;
}

/* ------------------------------------------------------------------ */
/* Start lines */

/*
 * Parse a request line: METHOD SP URI SP HTTP/1.x with single spaces.  The
 * version is the word after the last space, so a space inside the URI is
 * reported as a URI error, as HAProxy does.
 */
static enum http1_err
h1_parse_reqline(const char *s, size_t len, struct h1_start *sl, size_t *bad)
{
	size_t	 i, u, v;

	for (i = 0; i < len && H1_IS(s[i], H1_TOK); i++)
		;
	*bad = i;
	if (i == len)
		return HTTP1_E_REQLINE;
	if (s[i] != ' ')
		return HTTP1_E_METHOD;
	if (i == 0)
		return HTTP1_E_REQLINE;
	u = i + 1;
	for (v = len; v > u && s[v - 1] != ' '; v--)
		;
	if (v == u) {			/* HTTP/0.9: no version */
		*bad = len;
		return HTTP1_E_VERSION;
	}
	if (s[u] == ' ') {		/* two spaces, or an empty URI */
		*bad = u;
		return HTTP1_E_REQLINE;
	}
	if (len - v != 8 || memcmp(s + v, "HTTP/1.", 7) != 0 ||
	    (s[v + 7] != '0' && s[v + 7] != '1')) {
		*bad = v;
		return HTTP1_E_VERSION;
	}
	for (i = u; i < v - 1; i++) {
		if (!H1_IS(s[i], H1_URI)) {
			*bad = i;
			return HTTP1_E_URI;
		}
	}
	sl->moff = 0;
	sl->mlen = u - 1;
	sl->uoff = u;
	sl->ulen = v - 1 - u;
	sl->vminor = s[v + 7] - '0';
	return HTTP1_E_NONE;
}

/* Parse a status line: HTTP/1.x SP 3DIGIT [SP reason], status 100-599. */
static enum http1_err
h1_parse_statusline(const char *s, size_t len, struct h1_start *sl,
    size_t *bad)
{
	const char	*sp;
	size_t		 v, i;

	*bad = 0;
	if ((sp = memchr(s, ' ', len)) == NULL)
		return HTTP1_E_STATUS_LINE;
	v = (size_t)(sp - s);
	if (v != 8 || memcmp(s, "HTTP/1.", 7) != 0 ||
	    (s[7] != '0' && s[7] != '1'))
		return len >= 5 && memcmp(s, "HTTP/", 5) == 0 ?
		    HTTP1_E_VERSION : HTTP1_E_STATUS_LINE;
	sl->vminor = s[7] - '0';
	sl->status = 0;
	for (i = 9; i < 12; i++) {
		if (i >= len || s[i] < '0' || s[i] > '9') {
			*bad = i;
			return HTTP1_E_STATUS_LINE;
		}
		sl->status = sl->status * 10 + (s[i] - '0');
	}
	if (sl->status < 100 || sl->status > 599 ||
	    (len > 12 && s[12] != ' ')) {
		*bad = 9;
		return HTTP1_E_STATUS_LINE;
	}
	sl->roff = len > 12 ? 13 : 12;
	sl->rlen = len - sl->roff;
	for (i = sl->roff; i < len; i++) {
		if (!H1_IS(s[i], H1_FV)) {
			*bad = i;
			return HTTP1_E_STATUS_LINE;
		}
	}
	return HTTP1_E_NONE;
}

/* Validate the start line at OFF (LEN bytes) and store its parts in M. */
static int
h1_start_line(struct http1_msg *m, const char *s, size_t len, size_t off)
{
	struct h1_start	 sl;
	enum http1_err	 err;
	size_t		 bad;

	memset(&sl, 0, sizeof(sl));
	if (m->pflags & H1_PF_RESP)
		err = h1_parse_statusline(s, len, &sl, &bad);
	else
		err = h1_parse_reqline(s, len, &sl, &bad);
	if (err != HTTP1_E_NONE)
		return h1_fail(m, err, off + bad);
	m->soff = off;
	m->startlen = len;
	m->moff = sl.moff;
	m->mlen = sl.mlen;
	m->uoff = sl.uoff;
	m->ulen = sl.ulen;
	m->status = sl.status;
	m->roff = sl.roff;
	m->rlen = sl.rlen;
	m->vmajor = 1;
	m->vminor = sl.vminor;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Header semantics */

/*
 * Content-Length: a list of decimal numbers that must all be equal, also
 * across several headers (HAProxy http_parse_cont_len_header); no sign,
 * no empty element.
 */
static int
h1_hdr_clen(struct http1_msg *m, const char *v, size_t vlen, size_t off)
{
	const char	*p = v, *e = v + vlen;
	uint64_t	 cl;
	unsigned	 d;
	bool		 prev = (m->pflags & H1_PF_CL) != 0;

	for (;;) {
		while (p < e && H1_IS_OWS(*p))
			p++;
		if (p == e || *p < '0' || *p > '9')
			return h1_fail(m, HTTP1_E_CL_INVALID,
			    off + (size_t)(p - v));
		for (cl = 0; p < e && *p >= '0' && *p <= '9'; p++) {
			d = (unsigned)(*p - '0');
			if (cl > (UINT64_MAX - d) / 10)
				return h1_fail(m, HTTP1_E_CL_INVALID,
				    off + (size_t)(p - v));
			cl = cl * 10 + d;
		}
		while (p < e && H1_IS_OWS(*p))
			p++;
		if (p < e && *p != ',')
			return h1_fail(m, HTTP1_E_CL_INVALID,
			    off + (size_t)(p - v));
		if (prev && cl != m->clen)
			return h1_fail(m, HTTP1_E_CL_DIFFERENT, off);
		m->clen = cl;
		prev = true;
		if (p == e)
			break;
		p++;
	}
	m->pflags |= H1_PF_CL;
	return 0;
}

/*
 * Transfer-Encoding: "chunked", once, and nothing else.  Any other coding
 * ("identity, chunked", "gzip, chunked") would be forwarded for a server
 * to read its own way, and parameters on chunked are undefined; both are
 * refused, as HAProxy 2.6 refuses them (422 or 400).  Empty list elements
 * are ignored (RFC 9110 §5.6.1).
 */
static int
h1_hdr_te(struct http1_msg *m, const char *v, size_t vlen, size_t off)
{
	const char	*p = v, *tok;
	size_t		 tlen;

	m->pflags |= H1_PF_TE;
	while (h1_list_next(&p, v + vlen, &tok, &tlen)) {
		/* RFC 9112 §6.1: chunked must not be applied twice. */
		if (!h1_eq(tok, tlen, "chunked") ||
		    (m->pflags & H1_PF_TE_CHUNKED))
			return h1_fail(m, HTTP1_E_TE_INVALID,
			    off + (size_t)(tok - v));
		m->pflags |= H1_PF_TE_CHUNKED;
	}
	return 0;
}

/* Connection: the close, keep-alive and upgrade tokens. */
static void
h1_hdr_conn(struct http1_msg *m, const char *v, size_t vlen)
{
	const char	*p = v, *tok;
	size_t		 tlen;

	while (h1_list_next(&p, v + vlen, &tok, &tlen)) {
		if (h1_eq(tok, tlen, "close"))
			m->flags |= HTTP1_F_CONN_CLOSE;
		else if (h1_eq(tok, tlen, "keep-alive"))
			m->flags |= HTTP1_F_CONN_KA;
		else if (h1_eq(tok, tlen, "upgrade"))
			m->pflags |= H1_PF_CONN_UPGRADE;
	}
}

/* Expect: 100-continue; ignored in HTTP/1.0 requests (RFC 9110 §10.1.1). */
static void
h1_hdr_expect(struct http1_msg *m, const char *v, size_t vlen)
{
	const char	*p = v, *tok;
	size_t		 tlen;

	if (m->vminor == 0)
		return;
	while (h1_list_next(&p, v + vlen, &tok, &tlen))
		if (h1_eq(tok, tlen, "100-continue"))
			m->flags |= HTTP1_F_EXPECT_100;
}

/* Note what a header means for framing and connection handling. */
static int
h1_hdr_meaning(struct http1_msg *m, const char *s, const struct http1_hdr *h,
    size_t off)
{
	const char	*v = s + h->voff;
	bool		 req = (m->pflags & H1_PF_RESP) == 0;
	int		 rc = 0;

	switch (h->nlen) {
	case 4:
		if (req && h1_eq(s, 4, "host")) {
			/* At the value, where HAProxy reports it
			 * ("show errors"). */
			if (m->flags & HTTP1_F_HAS_HOST)
				return h1_fail(m, HTTP1_E_HOST_DUP,
				    off + h->voff);
			m->flags |= HTTP1_F_HAS_HOST;
		}
		return 0;
	case 6:
		if (req && h1_eq(s, 6, "expect"))
			h1_hdr_expect(m, v, h->vlen);
		return 0;
	case 7:
		if (h1_eq(s, 7, "upgrade"))
			m->pflags |= H1_PF_UPGRADE_HDR;
		return 0;
	case 10:
		if (h1_eq(s, 10, "connection"))
			h1_hdr_conn(m, v, h->vlen);
		return 0;
	case 14:
		if (h1_eq(s, 14, "content-length"))
			rc = h1_hdr_clen(m, v, h->vlen, off + h->voff);
		break;
	case 17:
		if (h1_eq(s, 17, "transfer-encoding"))
			rc = h1_hdr_te(m, v, h->vlen, off + h->voff);
		break;
	default:
		return 0;
	}
	/* Stricter than HAProxy (which drops Content-Length): our issue asks
	 * for a 400, as request smuggling hides in this combination. */
	if (rc == 0 && (m->pflags & (H1_PF_CL | H1_PF_TE)) ==
	    (H1_PF_CL | H1_PF_TE))
		return h1_fail(m, HTTP1_E_CL_AND_TE, off);
	return rc;
}

/* Validate the header line at OFF (LEN bytes) and append it to M. */
static int
h1_hdr_line(struct http1_msg *m, const char *s, size_t len, size_t off)
{
	struct http1_hdr	*h;
	enum http1_err		 err;
	size_t			 bad;

	if (H1_IS_OWS(s[0]))
		return h1_fail(m, HTTP1_E_HDR_FOLDING, off);
	if (m->nhdrs >= m->max_hdrs)
		return h1_fail(m, HTTP1_E_TOO_MANY_HDRS, off);
	h = &m->hdrs[m->nhdrs];
	if ((err = h1_split_hdr(s, len, h, &bad)) != HTTP1_E_NONE)
		return h1_fail(m, err, off + bad);
	h->line = NULL;		/* set by h1_finish: BUF may move */
	m->nhdrs++;
	return h1_hdr_meaning(m, s, h, off);
}

/* ------------------------------------------------------------------ */
/* The head */

/* Offset of the line after the one at OFF of LEN bytes (CR LF or LF). */
static size_t
h1_next_line(const char *buf, size_t off, size_t len)
{
	off += len;
	return off + (buf[off] == '\r' ? 2 : 1);
}

/* LEN of the authority A without a port that is empty or DEF (":80"). */
static size_t
h1_authority_len(const char *a, size_t len, const char *def)
{
	size_t	 dl = strlen(def);

	if (len > 0 && a[len - 1] == ':')
		return len - 1;
	if (len > dl && memcmp(a + len - dl, def, dl) == 0)
		return len - dl;
	return len;
}

/*
 * RFC 9112 §3.2: the request target of M (head complete) must be
 * origin-form, "*", absolute-form whose authority agrees with the Host
 * header (§3.2.2: a proxy must not let the two tell different hosts to
 * different hops), or authority-form, for CONNECT only (§3.2.3).
 */
static int
h1_check_target(struct http1_msg *m)
{
	const char	*u = m->start + m->uoff, *e = u + m->ulen, *a, *ae;
	const char	*def, *h;
	size_t		 hlen, alen;
	unsigned	 i;

	if (u[0] == '/' || (m->ulen == 1 && u[0] == '*'))
		return 0;
	if ((a = h1_after_scheme(u, e)) == NULL) {
		if (m->mlen == 7 && memcmp(m->start + m->moff, "CONNECT", 7) ==
		    0)
			return 0;
		return h1_fail(m, HTTP1_E_TARGET, m->soff + m->uoff);
	}
	def = a - u == 8 && h1_eq(u, 5, "https") ? ":443" : ":80";
	for (ae = a; ae < e && *ae != '/' && *ae != '?'; ae++)
		;
	for (h = ae; h > a && h[-1] != '@'; h--)	/* userinfo */
		;
	a = h;
	alen = h1_authority_len(a, (size_t)(ae - a), def);

	/* Only absolute-form targets come here: every Host must agree. */
	for (i = 0; i < m->nhdrs; i++) {
		if (m->hdrs[i].nlen != 4 || !h1_eq(m->hdrs[i].line, 4, "host"))
			continue;
		h = m->hdrs[i].line + m->hdrs[i].voff;
		hlen = h1_authority_len(h, m->hdrs[i].vlen, def);
		if (hlen != alen || strncasecmp(h, a, alen) != 0)
			return h1_fail(m, HTTP1_E_HOST_MISMATCH,
			    (size_t)(h - m->start) + m->soff);
	}
	return 0;
}

/* The head is complete: set the pointers into BUF and decide framing. */
static int
h1_finish(struct http1_msg *m, const char *buf)
{
	size_t		 off;
	unsigned	 i;
	bool		 resp = (m->pflags & H1_PF_RESP) != 0;

	m->start = buf + m->soff;
	off = h1_next_line(buf, m->soff, m->startlen);
	for (i = 0; i < m->nhdrs; i++) {
		m->hdrs[i].line = buf + off;
		off = h1_next_line(buf, off, m->hdrs[i].linelen);
	}
	if ((m->pflags & (H1_PF_CONN_UPGRADE | H1_PF_UPGRADE_HDR)) ==
	    (H1_PF_CONN_UPGRADE | H1_PF_UPGRADE_HDR))
		m->flags |= HTTP1_F_UPGRADE;
	if (!resp && h1_check_target(m) != 0)
		return HTTP1_ERROR;

	if (resp && (m->status < 200 || m->status == 204 ||
	    m->status == 304 || (m->flags & HTTP1_F_HEAD_REQ)))
		m->body = HTTP1_BODY_NONE;
	else if (m->pflags & H1_PF_TE) {
		if (m->pflags & H1_PF_TE_CHUNKED)
			m->body = HTTP1_BODY_CHUNKED;
		else {		/* an empty Transfer-Encoding */
			off = m->soff;
			for (i = 0; i < m->nhdrs; i++)
				if (h1_eq(m->hdrs[i].line, m->hdrs[i].nlen,
				    "transfer-encoding"))
					off = (size_t)(m->hdrs[i].line - buf) +
					    m->hdrs[i].voff;
			return h1_fail(m, HTTP1_E_TE_INVALID, off);
		}
	} else if (m->pflags & H1_PF_CL)
		m->body = HTTP1_BODY_LENGTH;
	else
		m->body = resp ? HTTP1_BODY_CLOSE : HTTP1_BODY_NONE;
	return HTTP1_DONE;
}

/*
 * Search the lines of the head, validating each one as its LF arrives.
 * Empty lines before the start line are skipped (RFC 9112 §2.2, as
 * HAProxy does); a bare LF ends a line like CR LF.
 */
static int
h1_parse(struct http1_msg *m, const char *buf, size_t len, size_t max)
{
	const char	*lf;
	size_t		 lim, ls, end, llen;

	if (m->err != HTTP1_E_NONE)
		return HTTP1_ERROR;
	if (m->head_len != 0)
		return h1_finish(m, buf);
	lim = len < max ? len : max;
	while (m->scanned < lim) {
		lf = memchr(buf + m->scanned, '\n', lim - m->scanned);
		if (lf == NULL) {
			m->scanned = lim;
			break;
		}
		end = (size_t)(lf - buf);
		ls = m->lstart;
		m->scanned = m->lstart = end + 1;
		llen = end - ls;
		if (llen > 0 && buf[end - 1] == '\r')
			llen--;
		if (m->startlen == 0) {
			if (llen > 0 &&
			    h1_start_line(m, buf + ls, llen, ls) != 0)
				return HTTP1_ERROR;
			continue;
		}
		if (llen == 0) {
			m->head_len = end + 1;
			return h1_finish(m, buf);
		}
		if (h1_hdr_line(m, buf + ls, llen, ls) != 0)
			return HTTP1_ERROR;
	}
	if (len < max)
		return HTTP1_AGAIN;
	if (m->startlen == 0 && (m->pflags & H1_PF_RESP) == 0)
		return h1_fail(m, HTTP1_E_URI_TOO_LONG, m->lstart);
	return h1_fail(m, HTTP1_E_HEAD_TOO_LARGE, m->lstart);
}

/* Start a new message (zeroes the parse state).  The 4 KB of hdrs[] are
 * left alone: an entry is written in full before nhdrs counts it. */
void
http1_msg_init(struct http1_msg *m)
{
	_Static_assert(offsetof(struct http1_msg, nhdrs) ==
	    offsetof(struct http1_msg, hdrs) + sizeof(m->hdrs),
	    "http1_msg_init: nhdrs must follow hdrs");
	unsigned	max = m->max_hdrs;

	memset(m, 0, offsetof(struct http1_msg, hdrs));
	memset(&m->nhdrs, 0, sizeof(*m) - offsetof(struct http1_msg, nhdrs));
	m->max_hdrs = max;
}

void
http1_msg_setup(struct http1_msg *m, unsigned maxhdr)
{
	m->max_hdrs = maxhdr < 2 || maxhdr - 1 > HTTP1_MAX_HDRS ?
	    HTTP1_MAX_HDRS : maxhdr - 1;
	http1_msg_init(m);
}

/* Parse (or go on parsing) a request head; see http1.h. */
int
http1_parse_request(struct http1_msg *m, const char *buf, size_t len,
    size_t max)
{
	return h1_parse(m, buf, len, max);
}

/* Parse (or go on parsing) a response head; see http1.h. */
int
http1_parse_response(struct http1_msg *m, const char *buf, size_t len,
    size_t max, bool req_head)
{
	m->pflags |= H1_PF_RESP;
	if (req_head)
		m->flags |= HTTP1_F_HEAD_REQ;
	return h1_parse(m, buf, len, max);
}

/* The status a request error is answered with: 400, 414 or 431. */
int
http1_err_status(enum http1_err err)
{
	switch (err) {
	case HTTP1_E_URI_TOO_LONG:
		return 414;
	case HTTP1_E_HEAD_TOO_LARGE:
		return 431;
	default:
		return 400;
	}
}

/* A short English description of ERR. */
const char *
http1_err_str(enum http1_err err)
{
	if ((size_t)err >= sizeof(h1_err_strs) / sizeof(h1_err_strs[0]) ||
	    h1_err_strs[err] == NULL)
		return "unknown error";
	return h1_err_strs[err];
}

/* ------------------------------------------------------------------ */
/* The editable head */

/* Set L to a copy of S (LEN bytes); the old string is freed. */
static int
h1_line_set(struct http_line *l, const char *s, size_t len)
{
	char	*p;

	if ((p = malloc(len + 1)) == NULL)
		return -1;
	memcpy(p, s, len);
	p[len] = '\0';
	if (l->own)
		free(l->s);
	l->s = p;
	l->len = len;
	l->own = true;
	return 0;
}

/* Point L at a copy of S (LEN bytes) made at *BLK, which moves past it. */
static void
h1_line_blk(struct http_line *l, const char *s, size_t len, char **blk)
{
	memcpy(*blk, s, len);
	(*blk)[len] = '\0';
	l->s = *blk;
	l->len = len;
	l->own = false;
	*blk += len + 1;
}

/* Bytes of the block that holds M's lines, each with its NUL. */
static size_t
h1_blk_size(const struct http1_msg *m)
{
	size_t		n = m->startlen + 1;
	unsigned	i;

	for (i = 0; i < m->nhdrs; i++)
		n += m->hdrs[i].linelen + 1;
	return n;
}

/* Make room for one more header line. */
static int
h1_head_grow(struct http_head *h)
{
	struct http_line	*p;
	unsigned		 cap;

	if (h->nhdrs < h->cap)
		return 0;
	cap = h->cap != 0 ? h->cap * 2 : 16;
	if ((p = realloc(h->hdrs, cap * sizeof(*p))) == NULL)
		return -1;
	h->hdrs = p;
	h->cap = cap;
	return 0;
}

/* L: the Content-Length header MH with one value, the last of its list
 * ("3, 3" -> "3"), as HAProxy's h1_parse_cont_len_header keeps it; the
 * parser checked that the list is digits, OWS and commas, all equal. */
static int
h1_clen_line(struct http_line *l, const struct http1_hdr *mh)
{
	const char	*v = mh->line + mh->voff;
	size_t		 e = mh->vlen, b;
	char		*line;
	int		 rc;

	while (e > 0 && (v[e - 1] < '0' || v[e - 1] > '9'))
		e--;
	for (b = e; b > 0 && v[b - 1] >= '0' && v[b - 1] <= '9'; b--)
		;
	if (b == 0 && e == mh->vlen) {
		if (h1_line_set(l, mh->line, mh->linelen) != 0)
			return -1;
		l->voff = mh->voff;
	} else {
		if ((line = malloc(mh->nlen + 2 + (e - b))) == NULL)
			return -1;
		memcpy(line, mh->line, mh->nlen);
		memcpy(line + mh->nlen, ": ", 2);
		memcpy(line + mh->nlen + 2, v + b, e - b);
		rc = h1_line_set(l, line, mh->nlen + 2 + (e - b));
		free(line);
		if (rc != 0)
			return -1;
		l->voff = mh->nlen + 2;
	}
	l->nlen = mh->nlen;
	l->vlen = e - b;
	return 0;
}

/* Copy a parsed message into HEAD.  Returns -1 on allocation failure. */
int
http_head_from_msg(struct http_head *h, const struct http1_msg *m,
    bool is_request)
{
	const struct http1_hdr	*mh;
	struct http_line	*l;
	unsigned		 i;
	bool			 cl_seen = false;
	char			*b;

	memset(h, 0, sizeof(*h));
	if (m->start == NULL)
		return -1;
	h->is_request = is_request;
	h->moff = m->moff;
	h->mlen = m->mlen;
	h->uoff = m->uoff;
	h->ulen = m->ulen;
	h->status = m->status;
	h->vmajor = m->vmajor;
	h->vminor = m->vminor;
	h->cap = m->nhdrs + 8;		/* room for the usual additions */
	if ((h->hdrs = calloc(h->cap, sizeof(*h->hdrs))) == NULL ||
	    (h->blk = b = malloc(h1_blk_size(m))) == NULL)
		goto fail;
	h1_line_blk(&h->start, m->start, m->startlen, &b);
	for (i = 0; i < m->nhdrs; i++) {
		mh = &m->hdrs[i];
		l = &h->hdrs[h->nhdrs];
		if (mh->nlen == 14 && h1_eq(mh->line, 14, "content-length")) {
			/* Equal Content-Length headers or a list "3, 3" (the
			 * parser checked): one header, one value, as HAProxy
			 * 2.6 forwards them (spec §8.2). */
			if (cl_seen)
				continue;
			cl_seen = true;
			if (h1_clen_line(l, mh) != 0)
				goto fail;
			h->nhdrs++;
			continue;
		}
		h1_line_blk(l, mh->line, mh->linelen, &b);
		l->nlen = mh->nlen;
		l->voff = mh->voff;
		l->vlen = mh->vlen;
		h->nhdrs++;
	}
	return 0;
fail:
	http_head_clear(h);
	return -1;
}

/* Free everything HEAD owns and zero it. */
void
http_head_clear(struct http_head *h)
{
	unsigned	 i;

	for (i = 0; i < h->nhdrs; i++)
		if (h->hdrs[i].own)
			free(h->hdrs[i].s);
	free(h->hdrs);
	if (h->start.own)
		free(h->start.s);
	free(h->blk);
	memset(h, 0, sizeof(*h));
}

/* Replace the start line, re-parsing it; -1 (HEAD unchanged) if invalid. */
int
http_head_set_start(struct http_head *h, const char *s, size_t len)
{
	struct h1_start	 sl;
	enum http1_err	 err;
	size_t		 bad;

	memset(&sl, 0, sizeof(sl));
	if (len == 0)
		return -1;
	if (h->is_request)
		err = h1_parse_reqline(s, len, &sl, &bad);
	else
		err = h1_parse_statusline(s, len, &sl, &bad);
	if (err != HTTP1_E_NONE || h1_line_set(&h->start, s, len) != 0)
		return -1;
	h->moff = sl.moff;
	h->mlen = sl.mlen;
	h->uoff = sl.uoff;
	h->ulen = sl.ulen;
	h->status = sl.status;
	h->vmajor = 1;
	h->vminor = sl.vminor;
	return 0;
}

/* Header look-up by name, case-insensitive, from index FROM; -1 if none. */
int
http_head_find(const struct http_head *h, const char *name, size_t nlen,
    int from)
{
	unsigned	 i;

	for (i = from > 0 ? (unsigned)from : 0; i < h->nhdrs; i++) {
		if (h->hdrs[i].nlen == nlen &&
		    strncasecmp(h->hdrs[i].s, name, nlen) == 0)
			return (int)i;
	}
	return -1;
}

/* Set L to the header line S if it is a valid one. */
static int
h1_hdr_set(struct http_line *l, const char *s, size_t len)
{
	struct http1_hdr	 hh;
	size_t			 bad;

	if (h1_split_hdr(s, len, &hh, &bad) != HTTP1_E_NONE)
		return -1;
	if (h1_line_set(l, s, len) != 0)
		return -1;
	l->nlen = hh.nlen;
	l->voff = hh.voff;
	l->vlen = hh.vlen;
	return 0;
}

/* Replace header I by the raw line S; -1 if S is not a valid header line. */
int
http_head_set_line(struct http_head *h, unsigned i, const char *s, size_t len)
{
	if (i >= h->nhdrs)
		return -1;
	return h1_hdr_set(&h->hdrs[i], s, len);
}

/*
 * Append "NAME: VALUE", or the raw line NAME when VALUE is NULL.  Either
 * must make a valid header line (no CR, LF or other CTL can be smuggled
 * into the head); -1 otherwise or on allocation failure.
 */
int
http_head_add(struct http_head *h, const char *name, size_t nlen,
    const char *value, size_t vlen)
{
	struct http_line	*l;
	struct http1_hdr	 hh;
	size_t			 len = value != NULL ? nlen + 2 + vlen : nlen;
	size_t			 i, bad;
	char			*buf;

	for (i = 0; value != NULL && i < nlen; i++)
		if (!H1_IS(name[i], H1_TOK))
			return -1;
	/* Built in place: the line's own string, one allocation. */
	if (h1_head_grow(h) != 0 || (buf = malloc(len + 1)) == NULL)
		return -1;
	memcpy(buf, name, nlen);
	if (value != NULL) {
		memcpy(buf + nlen, ": ", 2);
		memcpy(buf + nlen + 2, value, vlen);
	}
	buf[len] = '\0';
	if (h1_split_hdr(buf, len, &hh, &bad) != HTTP1_E_NONE) {
		free(buf);
		return -1;
	}
	l = &h->hdrs[h->nhdrs++];
	memset(l, 0, sizeof(*l));
	l->s = buf;
	l->len = len;
	l->own = true;
	l->nlen = hh.nlen;
	l->voff = hh.voff;
	l->vlen = hh.vlen;
	return 0;
}

/* Delete header I (no-op if out of range). */
void
http_head_del(struct http_head *h, unsigned i)
{
	if (i >= h->nhdrs)
		return;
	if (h->hdrs[i].own)
		free(h->hdrs[i].s);
	memmove(&h->hdrs[i], &h->hdrs[i + 1],
	    (h->nhdrs - i - 1) * sizeof(h->hdrs[0]));
	h->nhdrs--;
}

/* Delete every header named NAME; returns how many. */
unsigned
http_head_del_all(struct http_head *h, const char *name, size_t nlen)
{
	unsigned	 n = 0;
	int		 i = 0;

	while ((i = http_head_find(h, name, nlen, i)) >= 0) {
		http_head_del(h, (unsigned)i);
		n++;
	}
	return n;
}

/* After "scheme://" at the start of [U, E), or NULL (RFC 3986 §3.1). */
static const char *
h1_after_scheme(const char *u, const char *e)
{
	const char	*p = u;

	if (p == e || (*p | 0x20) < 'a' || (*p | 0x20) > 'z')
		return NULL;
	while (p < e && (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.'))
		p++;
	if (e - p < 3 || memcmp(p, "://", 3) != 0)
		return NULL;
	return p + 3;
}

/*
 * Split a request URI into path and query.  "*" is its own path; an
 * absolute URI loses scheme and authority; authority-form (CONNECT) has
 * an empty path.  Query NULL when there is no '?'.
 */
static void
h1_uri_parts(const struct http_head *h, const char **p, size_t *plen,
    const char **q, size_t *qlen)
{
	const char	*u, *e, *s, *qm;

	*p = *q = NULL;
	*plen = *qlen = 0;
	if (!h->is_request || h->start.s == NULL)
		return;
	u = h->start.s + h->uoff;
	e = u + h->ulen;
	s = u;
	if (h->ulen == 1 && u[0] == '*') {
		*p = u;
		*plen = 1;
		return;
	}
	if (h->ulen == 0 || u[0] != '/') {
		if ((s = h1_after_scheme(u, e)) == NULL) {
			*p = e;
			return;
		}
		while (s < e && *s != '/' && *s != '?')
			s++;
	}
	*p = s;
	if ((qm = memchr(s, '?', (size_t)(e - s))) == NULL) {
		*plen = (size_t)(e - s);
		return;
	}
	*plen = (size_t)(qm - s);
	*q = qm + 1;
	*qlen = (size_t)(e - qm - 1);
}

/* The path of the request URI (see h1_uri_parts). */
void
http_head_path(const struct http_head *h, const char **p, size_t *len)
{
	const char	*q;
	size_t		 qlen;

	h1_uri_parts(h, p, len, &q, &qlen);
}

/* The query of the request URI, after '?'; NULL when absent. */
void
http_head_query(const struct http_head *h, const char **q, size_t *len)
{
	const char	*p;
	size_t		 plen;

	h1_uri_parts(h, &p, &plen, q, len);
}

/* S (LEN bytes) and CR LF at P; returns the end. */
static char *
h1_put_line(char *p, const char *s, size_t len)
{
	memcpy(p, s, len);
	memcpy(p + len, "\r\n", 2);
	return p + len + 2;
}

/* Write the head (start line, headers, blank line) with CR LF endings. */
int
http1_write_head(struct evbuffer *out, const struct http_head *h)
{
	struct evbuffer_iovec	 v;
	size_t			 total;
	unsigned		 i;
	char			*p;

	total = h->start.len + 4;
	for (i = 0; i < h->nhdrs; i++)
		total += h->hdrs[i].len + 2;
	/* One contiguous extent, one commit: the buffer's callbacks (byte
	 * counters, write scheduling) run once, not twice per line. */
	if (evbuffer_reserve_space(out, (ev_ssize_t)total, &v, 1) != 1)
		return -1;
	p = v.iov_base;
	p = h1_put_line(p, h->start.s, h->start.len);
	for (i = 0; i < h->nhdrs; i++)
		p = h1_put_line(p, h->hdrs[i].s, h->hdrs[i].len);
	memcpy(p, "\r\n", 2);
	v.iov_len = total;
	return evbuffer_commit_space(out, &v, 1);
}

/* ------------------------------------------------------------------ */
/* Bodies */

/* Start moving the body of M. */
void
http1_body_init(struct http1_body_state *st, const struct http1_msg *m)
{
	memset(st, 0, sizeof(*st));
	st->kind = m->body;
	st->st = H1_CH_SIZE;
	if (m->body == HTTP1_BODY_LENGTH)
		st->left = m->clen;
}

static int
h1_body_fail(struct http1_body_state *st, enum http1_err err)
{
	st->err = err;
	return HTTP1_ERROR;
}

/* Move N bytes from IN to OUT (chains are moved, not copied). */
static int
h1_move(struct evbuffer *in, struct evbuffer *out, size_t n)
{
	if (n > 0 && evbuffer_remove_buffer(in, out, n) != (int)n)
		return -1;
	return 0;
}

/* Content-Length body: exactly LEFT more bytes. */
static int
h1_xfer_length(struct http1_body_state *st, struct evbuffer *in,
    struct evbuffer *out)
{
	size_t	 n = evbuffer_get_length(in);

	if (n > st->left)
		n = (size_t)st->left;
	if (h1_move(in, out, n) != 0)
		return HTTP1_ERROR;
	st->left -= n;
	return st->left == 0 ? HTTP1_DONE : HTTP1_AGAIN;
}

/* The value of the hex digit C. */
static unsigned
h1_hexval(unsigned char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/*
 * One byte of a chunk-size line: hex digits, optional BWS and ";ext",
 * CR LF or LF.  Returns 1 at the LF, 0 to go on, -1 if C is invalid.
 * st->linelen counts the line's bytes, st->left accumulates the size.
 */
static int
h1_size_byte(struct http1_body_state *st, unsigned char c)
{
	if (++st->linelen > H1_CHUNK_LINE_MAX)
		return -1;
	switch (st->st) {
	case H1_CH_SIZE:
		if (H1_IS(c, H1_HEX)) {
			st->left = st->left << 4 | h1_hexval(c);
			return st->left >> H1_CHUNK_SIZE_BITS ? -1 : 0;
		}
		if (st->linelen == 1)	/* no digit */
			return -1;
		st->st = H1_CH_SIZE_WS;
		/* FALLTHROUGH */
	case H1_CH_SIZE_WS:
		if (H1_IS_OWS(c))
			return 0;
		if (c == ';') {
			st->st = H1_CH_SIZE_EXT;
			return 0;
		}
		break;
	case H1_CH_SIZE_EXT:
		if (H1_IS(c, H1_FV))
			return 0;
		break;
	case H1_CH_SIZE_CR:
		return c == '\n' ? 1 : -1;
	}
	if (c == '\r') {
		st->st = H1_CH_SIZE_CR;
		return 0;
	}
	return c == '\n' ? 1 : -1;
}

/*
 * A chunk-size line, validated as it streams and consumed; what goes out
 * is the canonical "<hex> CR LF" once the line is complete, extensions,
 * padding and BWS dropped, so that no server sees framing that it could
 * read differently from us.  Returns HTTP1_DONE at the end of the line.
 */
static int
h1_chunk_size(struct http1_body_state *st, struct evbuffer *in,
    struct evbuffer *out)
{
	unsigned char	 tmp[64];
	char		 line[24];
	ev_ssize_t	 got;
	size_t		 i;
	int		 rc = 0, n;

	while (rc == 0) {
		if ((got = evbuffer_copyout(in, tmp, sizeof(tmp))) <= 0)
			return HTTP1_AGAIN;
		for (i = 0; i < (size_t)got && rc == 0; i++)
			rc = h1_size_byte(st, tmp[i]);
		if (rc < 0)
			return h1_body_fail(st, HTTP1_E_CHUNK_SIZE);
		evbuffer_drain(in, i);
	}
	n = snprintf(line, sizeof(line), "%" PRIx64 "\r\n", st->left);
	if (evbuffer_add(out, line, (size_t)n) != 0)
		return HTTP1_ERROR;
	st->linelen = 0;
	st->st = st->left != 0 ? H1_CH_DATA : H1_CH_TR_START;
	return HTTP1_DONE;
}

/* The CR LF (or LF) after chunk data, passed on as CR LF. */
static int
h1_chunk_crlf(struct http1_body_state *st, struct evbuffer *in,
    struct evbuffer *out)
{
	char		 c[2];
	ev_ssize_t	 got;
	size_t		 n;

	if ((got = evbuffer_copyout(in, c, 2)) <= 0)
		return HTTP1_AGAIN;
	if (c[0] == '\n')
		n = 1;
	else if (c[0] != '\r')
		return h1_body_fail(st, HTTP1_E_CHUNK_CRLF);
	else if (got < 2)
		return HTTP1_AGAIN;
	else if (c[1] != '\n')
		return h1_body_fail(st, HTTP1_E_CHUNK_CRLF);
	else
		n = 2;
	evbuffer_drain(in, n);
	if (evbuffer_add(out, "\r\n", 2) != 0)
		return HTTP1_ERROR;
	st->st = H1_CH_SIZE;
	st->left = 0;
	return HTTP1_DONE;
}

/* One byte of the trailer section; false if it is invalid there. */
static bool
h1_trailer_byte(struct http1_body_state *st, unsigned char c)
{
	switch (st->st) {
	case H1_CH_TR_START:
		if (c == '\r')
			st->st = H1_CH_END_CR;
		else if (c == '\n')
			st->st = H1_CH_DONE;
		else if (H1_IS(c, H1_TOK))
			st->st = H1_CH_TR_NAME;
		else
			return false;	/* folding, or a bad name */
		return true;
	case H1_CH_TR_NAME:
		if (c == ':')
			st->st = H1_CH_TR_VALUE;
		return c == ':' || H1_IS(c, H1_TOK);
	case H1_CH_TR_VALUE:
		if (c == '\r')
			st->st = H1_CH_TR_CR;
		else if (c == '\n')
			st->st = H1_CH_TR_START;
		return c == '\r' || c == '\n' || H1_IS(c, H1_FV);
	case H1_CH_TR_CR:
		st->st = H1_CH_TR_START;
		return c == '\n';
	case H1_CH_END_CR:
		st->st = H1_CH_DONE;
		return c == '\n';
	default:
		return false;
	}
}

/*
 * Trailer lines up to the empty line, validated byte by byte and passed
 * on with CR LF line ends (a bare LF would be read differently by
 * different servers); trailer lines may be longer than TMP.
 */
static int
h1_trailers(struct http1_body_state *st, struct evbuffer *in,
    struct evbuffer *out)
{
	char		 tmp[256], put[2 * sizeof(tmp)];
	ev_ssize_t	 got;
	size_t		 i, o;

	for (;;) {
		if ((got = evbuffer_copyout(in, tmp, sizeof(tmp))) <= 0)
			return HTTP1_AGAIN;
		for (i = o = 0; i < (size_t)got && st->st != H1_CH_DONE; i++) {
			if (!h1_trailer_byte(st, (unsigned char)tmp[i]))
				return h1_body_fail(st, HTTP1_E_TRAILER);
			if (tmp[i] == '\n')
				put[o++] = '\r';
			if (tmp[i] != '\r')
				put[o++] = tmp[i];
		}
		evbuffer_drain(in, i);
		if (evbuffer_add(out, put, o) != 0)
			return HTTP1_ERROR;
		if (st->st == H1_CH_DONE)
			return HTTP1_DONE;
	}
}

/* Chunked body: chunks, the last chunk and the trailer section. */
static int
h1_xfer_chunked(struct http1_body_state *st, struct evbuffer *in,
    struct evbuffer *out)
{
	size_t	 n;
	int	 rc;

	for (;;) {
		switch (st->st) {
		case H1_CH_SIZE:
		case H1_CH_SIZE_WS:
		case H1_CH_SIZE_EXT:
		case H1_CH_SIZE_CR:
			rc = h1_chunk_size(st, in, out);
			break;
		case H1_CH_DATA:
			if ((n = evbuffer_get_length(in)) == 0)
				return HTTP1_AGAIN;
			if (n > st->left)
				n = (size_t)st->left;
			if (h1_move(in, out, n) != 0)
				return HTTP1_ERROR;
			if ((st->left -= n) == 0)
				st->st = H1_CH_DATA_CRLF;
			rc = HTTP1_DONE;
			break;
		case H1_CH_DATA_CRLF:
			rc = h1_chunk_crlf(st, in, out);
			break;
		case H1_CH_DONE:
			return HTTP1_DONE;
		default:
			return h1_trailers(st, in, out);
		}
		if (rc != HTTP1_DONE)
			return rc;
	}
}

/* Move available body bytes from IN to OUT; see http1.h. */
int
http1_body_xfer(struct http1_body_state *st, struct evbuffer *in,
    struct evbuffer *out)
{
	if (st->err != HTTP1_E_NONE)
		return HTTP1_ERROR;
	switch (st->kind) {
	case HTTP1_BODY_NONE:
		return HTTP1_DONE;
	case HTTP1_BODY_LENGTH:
		return h1_xfer_length(st, in, out);
	case HTTP1_BODY_CHUNKED:
		return h1_xfer_chunked(st, in, out);
	case HTTP1_BODY_CLOSE:
		if (h1_move(in, out, evbuffer_get_length(in)) != 0)
			return HTTP1_ERROR;
		return HTTP1_AGAIN;
	}
	return HTTP1_ERROR;
}

/* Dry-run http1_body_xfer on a reference to IN (no data is copied but
 * for a partial chunk) and a copy of ST; see http1.h. */
int
http1_body_check_at(const struct http1_body_state *st, struct evbuffer *in,
    size_t skip, enum http1_err *err, size_t *err_off)
{
	struct http1_body_state	 t = *st;
	struct evbuffer		*ref, *sink;
	size_t			 len = evbuffer_get_length(in);
	int			 rc = HTTP1_AGAIN;

	*err = st->err;
	*err_off = skip;
	if (st->err != HTTP1_E_NONE)
		return HTTP1_ERROR;
	/* Only chunked framing can be wrong before the end of the body. */
	if (st->kind != HTTP1_BODY_CHUNKED || len <= skip)
		return HTTP1_AGAIN;
	ref = evbuffer_new();
	sink = evbuffer_new();
	if (ref != NULL && sink != NULL &&
	    evbuffer_add_buffer_reference(ref, in) == 0 &&
	    evbuffer_drain(ref, skip) == 0) {
		rc = http1_body_xfer(&t, ref, sink);
		*err = t.err;
		*err_off = len - evbuffer_get_length(ref);
	}
	if (ref != NULL)
		evbuffer_free(ref);
	if (sink != NULL)
		evbuffer_free(sink);
	return rc;
}

/* http1_body_check_at with the body at the start of IN. */
int
http1_body_check(const struct http1_body_state *st, struct evbuffer *in)
{
	enum http1_err	err;
	size_t		off;

	return http1_body_check_at(st, in, 0, &err, &off);
}

/* The peer closed; see http1.h. */
int
http1_body_eof(struct http1_body_state *st)
{
	if (st->err != HTTP1_E_NONE)
		return HTTP1_ERROR;
	switch (st->kind) {
	case HTTP1_BODY_NONE:
	case HTTP1_BODY_CLOSE:
		return HTTP1_DONE;
	case HTTP1_BODY_LENGTH:
		if (st->left == 0)
			return HTTP1_DONE;
		break;
	case HTTP1_BODY_CHUNKED:
		if (st->st == H1_CH_DONE)
			return HTTP1_DONE;
		break;
	}
	return h1_body_fail(st, HTTP1_E_BODY_TRUNCATED);
}
