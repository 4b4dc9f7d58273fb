/*
 * http1: HTTP/1.x messages, strictly.
 *  - http1_parse_request / http1_parse_response: a head, found incrementally
 *    (the scan offset is kept in the message, so bytes are searched once)
 *    and parsed in one pass once complete; heads are bounded by tune.bufsize;
 *  - struct http_head: the editable copy of a parsed head that rules rewrite
 *    (start line and header lines, each kept as its raw text as 1.5's req*
 *    filters see it, plus the parsed name/value offsets);
 *  - http1_body_*: moves a body between evbuffers without copying,
 *    validating Content-Length or chunked framing;
 *  - http1_write_head: serialises a head.
 * No sockets, no policy: what to answer to an error is the session's call.
 */
#ifndef HAPX_HTTP1_H
#define HAPX_HTTP1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct evbuffer;

#define HTTP1_MAX_HDRS		100	/* HAProxy 2.6 rejects the 101st */

enum http1_rc {
	HTTP1_ERROR = -1,
	HTTP1_AGAIN = 0,		/* need more bytes */
	HTTP1_DONE = 1
};

enum http1_err {
	HTTP1_E_NONE = 0,
	HTTP1_E_REQLINE,		/* malformed request line */
	HTTP1_E_METHOD,			/* bad method token */
	HTTP1_E_URI,			/* bad character in the URI (space, CTL, '#') */
	HTTP1_E_URI_TOO_LONG,		/* request line alone exceeds the limit: 414 */
	HTTP1_E_VERSION,		/* not HTTP/1.0 or HTTP/1.1 */
	HTTP1_E_STATUS_LINE,		/* malformed status line (response) */
	HTTP1_E_HDR_NAME,		/* empty name, bad char, space before ':' */
	HTTP1_E_HDR_NO_COLON,
	HTTP1_E_HDR_CTL,		/* NUL, CTL or DEL in a field */
	HTTP1_E_HDR_FOLDING,		/* obsolete line folding */
	HTTP1_E_TOO_MANY_HDRS,
	HTTP1_E_HEAD_TOO_LARGE,		/* head over the limit: 431 */
	HTTP1_E_CL_INVALID,		/* not a number, negative, overflow */
	HTTP1_E_CL_DIFFERENT,		/* two different Content-Length values */
	HTTP1_E_CL_AND_TE,		/* both Content-Length and Transfer-Encoding */
	HTTP1_E_TE_INVALID,		/* a coding other than "chunked" */
	HTTP1_E_HOST_DUP,		/* two Host headers */
	HTTP1_E_CHUNK_SIZE,		/* bad chunk-size line */
	HTTP1_E_CHUNK_CRLF,		/* missing CRLF after chunk data */
	HTTP1_E_TRAILER,		/* bad trailer line */
	HTTP1_E_BODY_TRUNCATED,		/* peer closed inside a body */
	HTTP1_E_TARGET,			/* authority-form without CONNECT, or
					   a target of no known form */
	HTTP1_E_HOST_MISMATCH		/* absolute-form authority != Host */
};

/* Flags of a parsed message. */
#define HTTP1_F_CONN_CLOSE	0x0001	/* Connection: close */
#define HTTP1_F_CONN_KA		0x0002	/* Connection: keep-alive */
#define HTTP1_F_UPGRADE		0x0004	/* Connection: upgrade + Upgrade header */
#define HTTP1_F_EXPECT_100	0x0008	/* Expect: 100-continue */
#define HTTP1_F_HAS_HOST	0x0010
#define HTTP1_F_HEAD_REQ	0x0020	/* response to a HEAD request */

enum http1_body {
	HTTP1_BODY_NONE,		/* no body (GET without length, HEAD, 204...) */
	HTTP1_BODY_LENGTH,		/* Content-Length bytes */
	HTTP1_BODY_CHUNKED,
	HTTP1_BODY_CLOSE		/* response until the server closes */
};

/* One header line of a parsed head; pointers into the caller's buffer. */
struct http1_hdr {
	const char	*line;		/* raw line without CR LF */
	size_t		 linelen;
	size_t		 nlen;		/* name = line[0..nlen) */
	size_t		 voff, vlen;	/* value, optional whitespace trimmed */
};

struct http1_msg {
	unsigned	 max_hdrs;	/* header lines allowed; kept by
					   http1_msg_init (http1_msg_setup) */
	size_t		 scanned;	/* bytes already searched (parse state) */
	size_t		 lstart;	/* start of the line being searched */
	size_t		 soff;		/* offset of the start line in BUF
					   (empty lines before it are skipped) */
	unsigned	 pflags;	/* private parse state (framing seen) */
	size_t		 head_len;	/* head bytes incl. the blank line (DONE) */
	const char	*start;		/* start line, without CR LF */
	size_t		 startlen;
	/* request: method and URI are slices of the start line */
	size_t		 moff, mlen, uoff, ulen;
	/* response */
	int		 status;
	size_t		 roff, rlen;	/* reason phrase */
	int		 vmajor, vminor;
	struct http1_hdr hdrs[HTTP1_MAX_HDRS];
	unsigned	 nhdrs;
	enum http1_body	 body;
	uint64_t	 clen;		/* HTTP1_BODY_LENGTH */
	unsigned	 flags;		/* HTTP1_F_* */
	enum http1_err	 err;
	size_t		 err_off;	/* offset of the offending byte */
};

/* First use of M: its limit, "tune.http.maxhdr N" (at most N - 1 header
 * lines, as HAProxy counts the start line; never more than HTTP1_MAX_HDRS;
 * 0 = default), and a fresh parse state. */
void	 http1_msg_setup(struct http1_msg *m, unsigned maxhdr);
/* Start a new message (zeroes the parse state, keeps the limit). */
void	 http1_msg_init(struct http1_msg *);
/*
 * Parse the request head at BUF (LEN bytes available; BUF must hold the
 * same bytes, possibly more, on every call).  MAX is the largest head
 * accepted.  Returns HTTP1_AGAIN, HTTP1_DONE (msg filled; pointers into
 * BUF) or HTTP1_ERROR (msg->err set).
 */
int	 http1_parse_request(struct http1_msg *, const char *buf, size_t len,
	    size_t max);
/* Same for a response; REQ_HEAD tells that it answers a HEAD request. */
int	 http1_parse_response(struct http1_msg *, const char *buf, size_t len,
	    size_t max, bool req_head);
/* The status a request error is answered with: 400, 414 or 431. */
int	 http1_err_status(enum http1_err);
const char *http1_err_str(enum http1_err);

/* ------------------------------------------------------------------ */
/* The editable head.  Owns its strings (malloc); http_head_clear frees. */

struct http_line {
	char		*s;		/* raw line, NUL-terminated, no CR LF */
	size_t		 len;
	size_t		 nlen;		/* header: name length */
	size_t		 voff, vlen;	/* header: value slice */
	bool		 own;		/* S was malloc'd for this line; else
					   it lies in the head's blk */
};

struct http_head {
	struct http_line	 start;		/* request or status line */
	size_t			 moff, mlen;	/* request: method slice of start */
	size_t			 uoff, ulen;	/* request: URI slice of start */
	int			 status;	/* response */
	int			 vmajor, vminor;
	struct http_line	*hdrs;		/* owned array */
	unsigned		 nhdrs, cap;
	bool			 is_request;
	char			*blk;		/* owned: the lines as parsed, in
						   one block (one malloc, not one
						   per line); edits get their own */
};

/* Copy a parsed message into HEAD.  Returns -1 on allocation failure. */
int	 http_head_from_msg(struct http_head *, const struct http1_msg *,
	    bool is_request);
void	 http_head_clear(struct http_head *);
/* Replace the start line; a request line is re-parsed (method, URI,
 * version): -1 if it is no longer valid (the caller answers 400). */
int	 http_head_set_start(struct http_head *, const char *s, size_t len);
/* Header look-up by name, case-insensitive, from index FROM; -1 if none. */
int	 http_head_find(const struct http_head *, const char *name,
	    size_t nlen, int from);
/* Replace header I by the raw line S ("Name: value"); -1 if S is not a
 * valid header line. */
int	 http_head_set_line(struct http_head *, unsigned i, const char *s,
	    size_t len);
/* Append a header line "NAME: VALUE" (or a raw line with value NULL). */
int	 http_head_add(struct http_head *, const char *name, size_t nlen,
	    const char *value, size_t vlen);
void	 http_head_del(struct http_head *, unsigned i);
/* Delete every header named NAME; returns how many. */
unsigned http_head_del_all(struct http_head *, const char *name, size_t nlen);
/* Slices of the request URI: path (up to '?', without scheme://authority
 * for absolute URIs) and query (after '?', absent = NULL). */
void	 http_head_path(const struct http_head *, const char **p, size_t *len);
void	 http_head_query(const struct http_head *, const char **q, size_t *len);
/* Write the head (start line, headers, blank line) with CR LF endings. */
int	 http1_write_head(struct evbuffer *, const struct http_head *);

/* ------------------------------------------------------------------ */
/* Bodies */

struct http1_body_state {
	enum http1_body	 kind;
	int		 st;		/* chunked parser state */
	uint64_t	 left;		/* bytes left in the length or chunk;
					   the size read so far in a
					   chunk-size line */
	size_t		 linelen;	/* bytes of the chunk-size line */
	enum http1_err	 err;
};

void	 http1_body_init(struct http1_body_state *, const struct http1_msg *);
/*
 * Move body bytes available in IN to OUT, validated.  Data is moved
 * without copying (evbuffer_remove_buffer); chunked framing is re-encoded
 * as "<hex> CR LF <data> CR LF", the last chunk "0 CR LF", trailers and
 * the final empty line with CR LF ends, extensions dropped.  Returns
 * HTTP1_DONE at the end of the message (bytes after it stay in IN),
 * HTTP1_AGAIN when it needs more input, HTTP1_ERROR on bad framing.
 * For HTTP1_BODY_CLOSE it moves everything and returns HTTP1_AGAIN.
 */
int	 http1_body_xfer(struct http1_body_state *, struct evbuffer *in,
	    struct evbuffer *out);
/*
 * Validate, without consuming anything, the framing of the body bytes
 * already buffered in IN, from state ST (left unchanged): HTTP1_ERROR
 * (err in *ST untouched) if they are already known to be bad, else
 * HTTP1_DONE or HTTP1_AGAIN as http1_body_xfer would say.  Lets a request
 * whose bad chunk came with its head be refused before a server sees it.
 */
int	 http1_body_check(const struct http1_body_state *, struct evbuffer *in);
/* The same for a body that starts SKIP bytes into IN (its head not yet
 * drained, so that a refused message can still be captured whole).  On
 * HTTP1_ERROR, *ERR and *ERR_OFF (the offset in IN of the bytes the
 * check could not take) say what was wrong and where. */
int	 http1_body_check_at(const struct http1_body_state *,
	    struct evbuffer *in, size_t skip, enum http1_err *err,
	    size_t *err_off);
/*
 * The peer closed: HTTP1_DONE if the body is complete (always for
 * HTTP1_BODY_CLOSE and HTTP1_BODY_NONE), else HTTP1_ERROR with err set to
 * HTTP1_E_BODY_TRUNCATED.
 */
int	 http1_body_eof(struct http1_body_state *);

#endif
