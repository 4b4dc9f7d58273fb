/*
 * err_capture: keeping the last invalid request and response of each
 * proxy, and "show errors" (err_capture.h).  Runs only when a session
 * refuses a message; it never decides what is invalid (http1.c does) nor
 * what to answer (session_http.c does).
 *
 * HAProxy 2.6 prints, under each snapshot, the state of its H1 mux.
 * hapx has no mux; what it prints there, so that the text keeps HAProxy's
 * shape and the values it can know, is:
 *  - "H1 msg state": the state HAProxy's H1 parser is in when it refuses
 *    the same error (observed with 2.6.12 for each error hapx reports);
 *  - "H1 msg flags": HAProxy's H1_MF_* bits for what hapx had parsed
 *    (response, HTTP/1.1, length, chunked, unknown coding);
 *  - "H1 connection flags", "H1 stream flags": the values 2.6.12 shows
 *    for a frontend or a backend connection refusing a head (constants:
 *    hapx has no such state);
 *  - "wraps at": 2.6.12 reads into a buffer whose data starts after room
 *    for its HTX header (48 bytes), so it says tune.bufsize - 48;
 *  - a body error found once the head went on ("late"): HAProxy's buffer
 *    then holds the bytes of its last read, and the position is the
 *    error's in them; hapx has moved the good ones on already, so it
 *    shows what is left from the error (position 0), and "H1 body len"
 *    counts the body bytes it took from the same read before the error;
 *  - "H1 chunk len": 0 (HAProxy's is 0 too at a chunk-size error).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "base/nitems.h"
#include "model/cfg_model.h"
#include "http/http1.h"
#include "servers/proxy_types.h"
#include "engine/engine_types.h"
#include "observe/err_capture.h"
#include "observe/log_fmt.h"
#include "observe/stats.h"

#define EC_DEFAULT_BUFSIZE	16384	/* when the engine has none set */
#define EC_HTX_ROOM		48	/* see "wraps at" above */
#define EC_LINE_MAX		79	/* dump line width, offset included */

/* HAProxy 2.6's H1 parser states (h1m_state), by number. */
enum ec_state {
	EC_RQBEFORE = 0, EC_RQMETH = 2, EC_RQURI = 4, EC_RQVER = 6,
	EC_RPVER = 10, EC_RPCODE = 12, EC_HDR_NAME = 17, EC_HDR_VAL = 22,
	EC_HDR_L2_LWS = 24, EC_LAST_LF = 25, EC_CHUNK_SIZE = 26,
	EC_DATA = 27, EC_CHUNK_CRLF = 28, EC_TRAILERS = 29
};

static const char *const ec_state_names[] = {
	"MSG_RQBEFORE", "MSG_RQBEFORE_CR", "MSG_RQMETH", "MSG_RQMETH_SP",
	"MSG_RQURI", "MSG_RQURI_SP", "MSG_RQVER", "MSG_RQLINE_END",
	"MSG_RPBEFORE", "MSG_RPBEFORE_CR", "MSG_RPVER", "MSG_RPVER_SP",
	"MSG_RPCODE", "MSG_RPCODE_SP", "MSG_RPREASON", "MSG_RPLINE_END",
	"MSG_HDR_FIRST", "MSG_HDR_NAME", "MSG_HDR_COL", "MSG_HDR_L1_SP",
	"MSG_HDR_L1_LF", "MSG_HDR_L1_LWS", "MSG_HDR_VAL", "MSG_HDR_L2_LF",
	"MSG_HDR_L2_LWS", "MSG_LAST_LF", "MSG_CHUNK_SIZE", "MSG_DATA",
	"MSG_CHUNK_CRLF", "MSG_TRAILERS", "MSG_DONE", "MSG_TUNNEL"
};

/* HAProxy 2.6's H1_MF_* bits that hapx can tell. */
#define EC_MF_CLEN		0x00000001
#define EC_MF_CHNK		0x00000002
#define EC_MF_RESP		0x00000004
#define EC_MF_VER_11		0x00000010
#define EC_MF_XFER_LEN		0x00000100
#define EC_MF_XFER_ENC		0x00000200
#define EC_MF_NO_PHDR		0x00000400	/* always set by its mux */
#define EC_MF_CLEAN_CONN_HDR	0x00001000	/* always set by its mux */
#define EC_MF_TE_CHUNKED	0x00010000
#define EC_MF_TE_OTHER		0x00020000

/*
 * Per hapx error: HAProxy's parser state for it in a request and in a
 * response, and whether the start line was behind it (HAProxy has read
 * the version then).  HAProxy checks a request's version and its
 * Transfer-Encoding once the head is in, hence MSG_DATA.
 */
static const struct {
	unsigned char	req, resp;
	bool		past_start;
} ec_errs[] = {
	[HTTP1_E_NONE] = { EC_HDR_NAME, EC_HDR_NAME, true },
	[HTTP1_E_REQLINE] = { EC_DATA, EC_RPVER, false },
	[HTTP1_E_METHOD] = { EC_RQMETH, EC_RPVER, false },
	[HTTP1_E_URI] = { EC_RQURI, EC_RPVER, false },
	[HTTP1_E_URI_TOO_LONG] = { EC_RQURI, EC_RPVER, false },
	[HTTP1_E_VERSION] = { EC_DATA, EC_RPVER, false },
	[HTTP1_E_STATUS_LINE] = { EC_RQVER, EC_RPCODE, false },
	[HTTP1_E_HDR_NAME] = { EC_HDR_NAME, EC_HDR_NAME, true },
	[HTTP1_E_HDR_NO_COLON] = { EC_HDR_NAME, EC_HDR_NAME, true },
	[HTTP1_E_HDR_CTL] = { EC_HDR_VAL, EC_HDR_VAL, true },
	[HTTP1_E_HDR_FOLDING] = { EC_HDR_L2_LWS, EC_HDR_L2_LWS, true },
	[HTTP1_E_TOO_MANY_HDRS] = { EC_HDR_L2_LWS, EC_HDR_L2_LWS, true },
	[HTTP1_E_HEAD_TOO_LARGE] = { EC_HDR_NAME, EC_HDR_NAME, true },
	[HTTP1_E_CL_INVALID] = { EC_HDR_L2_LWS, EC_HDR_L2_LWS, true },
	[HTTP1_E_CL_DIFFERENT] = { EC_HDR_L2_LWS, EC_HDR_L2_LWS, true },
	[HTTP1_E_CL_AND_TE] = { EC_DATA, EC_DATA, true },
	[HTTP1_E_TE_INVALID] = { EC_DATA, EC_DATA, true },
	[HTTP1_E_HOST_DUP] = { EC_HDR_L2_LWS, EC_HDR_L2_LWS, true },
	[HTTP1_E_CHUNK_SIZE] = { EC_CHUNK_SIZE, EC_CHUNK_SIZE, true },
	[HTTP1_E_CHUNK_CRLF] = { EC_CHUNK_CRLF, EC_CHUNK_CRLF, true },
	[HTTP1_E_TRAILER] = { EC_TRAILERS, EC_TRAILERS, true },
	[HTTP1_E_BODY_TRUNCATED] = { EC_DATA, EC_DATA, true },
	[HTTP1_E_TARGET] = { EC_LAST_LF, EC_LAST_LF, true },
	[HTTP1_E_HOST_MISMATCH] = { EC_LAST_LF, EC_LAST_LF, true }
};

/* ------------------------------------------------------------------ */
/* Capturing */

/* HAProxy's msg flags for what EV's message had shown when ERR was
 * found. */
static unsigned
ec_msg_flags(const struct err_event *ev, enum http1_err err, enum err_dir dir,
    bool past_start)
{
	const struct http1_msg	*m = ev->msg;
	unsigned		 f = EC_MF_NO_PHDR | EC_MF_CLEAN_CONN_HDR;

	if (dir == ERR_DIR_RESP)
		f |= EC_MF_RESP;
	if (m != NULL ? past_start && m->vmajor == 1 && m->vminor >= 1 :
	    ev->ver11)
		f |= EC_MF_VER_11;
	switch (err) {
	case HTTP1_E_CL_DIFFERENT:
		f |= EC_MF_CLEN;
		break;
	case HTTP1_E_TE_INVALID:
		f |= EC_MF_TE_OTHER | EC_MF_XFER_ENC | EC_MF_XFER_LEN;
		break;
	case HTTP1_E_CHUNK_SIZE:
	case HTTP1_E_CHUNK_CRLF:
	case HTTP1_E_TRAILER:
		f |= EC_MF_TE_CHUNKED | EC_MF_XFER_ENC | EC_MF_XFER_LEN |
		    EC_MF_CHNK;
		break;
	default:
		break;
	}
	return f;
}

/* Where the parser gave up and in which of HAProxy's states. */
static void
ec_set_error(struct err_snap *e, const struct err_event *ev,
    enum err_dir dir)
{
	const struct http1_msg	*m = ev->msg;
	enum http1_err		 err = (enum http1_err)ev->body_err;

	if (err != HTTP1_E_NONE)
		e->err_off = ev->body_err_off;
	else if (m != NULL && m->err != HTTP1_E_NONE) {
		err = m->err;
		e->err_off = m->err_off;
	} else		/* no verdict: a head that outgrew the buffer */
		e->err_off = e->len;
	if (e->err_off > e->len)
		e->err_off = e->len;
	if ((size_t)err >= nitems(ec_errs))
		err = HTTP1_E_NONE;
	e->h1_state = dir == ERR_DIR_REQ ? ec_errs[err].req :
	    ec_errs[err].resp;
	/* A request whose very first byte is no token character never
	 * left HAProxy's "before the start line" state. */
	if (m != NULL && err == HTTP1_E_METHOD && m->err_off == m->soff)
		e->h1_state = EC_RQBEFORE;
	e->msg_flags = ec_msg_flags(ev, err, dir, ec_errs[err].past_start);
}

void
err_capture_save(struct proxy *px, enum err_dir dir,
    const struct err_event *ev)
{
	struct engine	*eng = px->eng;
	struct err_snap	*e;
	size_t		 len, cap;
	uint64_t	 id = eng->err_events++;

	cap = eng->bufsize != 0 ? eng->bufsize : EC_DEFAULT_BUFSIZE;
	len = ev->in != NULL ? evbuffer_get_length(ev->in) : 0;
	if (len > cap)
		len = cap;
	if ((e = malloc(sizeof(*e) + len)) == NULL)
		return;
	memset(e, 0, sizeof(*e));
	gettimeofday(&e->when, NULL);
	if (ev->src != NULL)
		e->src = *ev->src;
	e->oe = ev->oe;
	e->srv = ev->srv;
	e->ev_id = id;
	e->late = ev->late;
	e->body_len = ev->body_len;
	e->len = len;
	if (len != 0 && evbuffer_copyout(ev->in, e->buf, len) != (ssize_t)len)
		e->len = 0;
	ec_set_error(e, ev, dir);
	free(px->err_snap[dir]);
	px->err_snap[dir] = e;
}

void
err_capture_free(struct proxy *px)
{
	free(px->err_snap[ERR_DIR_REQ]);
	px->err_snap[ERR_DIR_REQ] = NULL;
	free(px->err_snap[ERR_DIR_RESP]);
	px->err_snap[ERR_DIR_RESP] = NULL;
}

/* ------------------------------------------------------------------ */
/* Rendering */

static void
ec_date(struct evbuffer *out, const struct timeval *tv)
{
	char	b[40];

	log_fmt_date(tv, b, sizeof(b));
	evbuffer_add_printf(out, "[%s]", b);
}

/* "ADDR:PORT" as HAProxy prints a source; a UNIX socket is "unix:0". */
static void
ec_addr(struct evbuffer *out, const struct sockaddr_storage *ss)
{
	char	b[INET6_ADDRSTRLEN];
	const struct sockaddr_in	*a4 = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6	*a6 = (const struct sockaddr_in6 *)ss;

	if (ss->ss_family == AF_INET &&
	    inet_ntop(AF_INET, &a4->sin_addr, b, sizeof(b)) != NULL)
		evbuffer_add_printf(out, "%s:%u", b, ntohs(a4->sin_port));
	else if (ss->ss_family == AF_INET6 &&
	    inet_ntop(AF_INET6, &a6->sin6_addr, b, sizeof(b)) != NULL)
		evbuffer_add_printf(out, "%s:%u", b, ntohs(a6->sin6_port));
	else
		evbuffer_add_printf(out, "unix:0");
}

/*
 * One dump line of BUF from offset POS: "  OFFSET", ' ' at the start of
 * a line of the message or '+' for its continuation, ' ', then the bytes,
 * escaped, until an LF (included, as "\n") or until the next one would
 * pass EC_LINE_MAX columns.  Returns the offset after the last byte.
 */
static size_t
ec_dump_line(struct evbuffer *out, const char *buf, size_t len, size_t pos,
    bool cont)
{
	char	line[EC_LINE_MAX + 8];
	int	n;
	size_t	w;

	n = snprintf(line, sizeof(line), "  %05zu%c ", pos, cont ? '+' : ' ');
	w = n < 0 ? 0 : (size_t)n;
	while (pos < len) {
		unsigned char	c = (unsigned char)buf[pos];
		char		esc[5];
		size_t		elen;

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			esc[0] = (char)c;
			elen = 1;
		} else if (c == '\t' || c == '\n' || c == '\r' || c == 0x1b ||
		    c == '\\') {
			esc[0] = '\\';
			esc[1] = c == '\t' ? 't' : c == '\n' ? 'n' :
			    c == '\r' ? 'r' : c == 0x1b ? 'e' : '\\';
			elen = 2;
		} else {
			snprintf(esc, sizeof(esc), "\\x%02X", c);
			elen = 4;
		}
		if (w + elen > EC_LINE_MAX)
			break;
		memcpy(line + w, esc, elen);
		w += elen;
		pos++;
		if (c == '\n')
			break;
	}
	line[w++] = '\n';
	evbuffer_add(out, line, w);
	return pos;
}

/* The bytes of E, a line per line of the message (wrapped if long). */
static void
ec_dump(struct evbuffer *out, const struct err_snap *e)
{
	size_t	pos = 0, next;
	bool	cont = false;

	while (pos < e->len) {
		next = ec_dump_line(out, e->buf, e->len, pos, cont);
		cont = next > pos && e->buf[next - 1] != '\n';
		if (next == pos)	/* cannot happen: a line takes a byte */
			break;
		pos = next;
	}
}

/* The mux lines (see the top of this file). */
static void
ec_h1_lines(struct evbuffer *out, const struct err_snap *e, enum err_dir dir)
{
	unsigned	st = (unsigned)e->h1_state;
	unsigned	cf, sf;

	if (dir == ERR_DIR_RESP) {
		cf = 0x80002200u;
		sf = 0x00004810u;
	} else if (e->late) {
		cf = 0x00102200u;
		sf = 0x00004810u;
	} else {
		cf = 0x00000100u;
		sf = 0x00000810u;
	}
	evbuffer_add_printf(out, "  H1 connection flags 0x%08x, "
	    "H1 stream flags 0x%08x\n", cf, sf);
	evbuffer_add_printf(out, "  H1 msg state %s(%u), H1 msg flags "
	    "0x%08x\n", st < nitems(ec_state_names) ? ec_state_names[st] :
	    "?", st, e->msg_flags);
	evbuffer_add_printf(out, "  H1 chunk len 0 bytes, H1 body len %llu "
	    "bytes :\n  \n", (unsigned long long)e->body_len);
}

static void
ec_render_snap(struct evbuffer *out, const struct engine *eng,
    const struct proxy *px, const struct err_snap *e, enum err_dir dir)
{
	uint32_t	bufsize = eng->bufsize != 0 ? eng->bufsize :
			    EC_DEFAULT_BUFSIZE;

	evbuffer_add_printf(out, " \n");
	ec_date(out, &e->when);
	evbuffer_add_printf(out, " %s %s (#%u): invalid %s\n",
	    dir == ERR_DIR_REQ ? "frontend" : "backend", px->conf->name,
	    stats_px_id(px), dir == ERR_DIR_REQ ? "request" : "response");
	evbuffer_add_printf(out, "  %s ", dir == ERR_DIR_REQ ? "backend" :
	    "frontend");
	if (e->oe != NULL)
		evbuffer_add_printf(out, "%s (#%u)", e->oe->conf->name,
		    stats_px_id(e->oe));
	else
		evbuffer_add_printf(out, "<NONE> (#-1)");
	if (e->srv != NULL)
		evbuffer_add_printf(out, ", server %s (#%u)",
		    e->srv->conf->name, stats_srv_id(e->srv));
	else
		evbuffer_add_printf(out, ", server <NONE> (#-1)");
	evbuffer_add_printf(out, ", event #%llu, src ",
	    (unsigned long long)e->ev_id);
	ec_addr(out, &e->src);
	evbuffer_add_printf(out, "\n  buffer starts at 0 (including 0 out), "
	    "%zu free,\n  len %zu, wraps at %u, error at position %zu\n",
	    e->len < bufsize ? bufsize - e->len : 0, e->len,
	    bufsize > EC_HTX_ROOM ? bufsize - EC_HTX_ROOM : bufsize,
	    e->err_off);
	ec_h1_lines(out, e, dir);
	ec_dump(out, e);
}

/* The id PX_ARG selects: a proxy's name, else a number (atoi, as
 * HAProxy: "-1" is every proxy); 0 if neither. */
static long
ec_select(const struct engine *eng, const char *px_arg)
{
	unsigned	i;

	if (px_arg == NULL || *px_arg == '\0')
		return -1;
	for (i = 0; i < eng->nproxies; i++)
		if (strcmp(eng->proxies[i].conf->name, px_arg) == 0)
			return (long)stats_px_id(&eng->proxies[i]);
	return strtol(px_arg, NULL, 10);
}

int
err_capture_dir(const char *word)
{
	if (word == NULL)
		return -1;
	if (strcmp(word, "request") == 0)
		return ERR_DIR_REQ;
	if (strcmp(word, "response") == 0)
		return ERR_DIR_RESP;
	return -1;
}

int
err_capture_render(struct evbuffer *out, const struct engine *eng,
    const char *px_arg, int dir, const struct timeval *now)
{
	struct timeval	 tv;
	long		 iid = ec_select(eng, px_arg);
	unsigned	 i;
	int		 d;

	if (iid == 0)
		return -1;
	if (now == NULL)
		gettimeofday(&tv, NULL);
	else
		tv = *now;
	evbuffer_add_printf(out, "Total events captured on ");
	ec_date(out, &tv);
	evbuffer_add_printf(out, " : %llu\n",
	    (unsigned long long)eng->err_events);
	for (i = 0; i < eng->nproxies; i++) {
		const struct proxy	*px = &eng->proxies[i];

		for (d = ERR_DIR_REQ; d <= ERR_DIR_RESP; d++) {
			const struct err_snap	*e = px->err_snap[d];

			if (e == NULL || (dir != -1 && d != dir))
				continue;
			if (iid != -1 && (long)stats_px_id(px) != iid &&
			    (e->oe == NULL || (long)stats_px_id(e->oe) != iid))
				continue;
			ec_render_snap(out, eng, px, e, (enum err_dir)d);
		}
	}
	return 0;
}
