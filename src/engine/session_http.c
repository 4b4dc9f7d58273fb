/*
 * session_http: one HTTP transaction after another on a client
 * connection: read and parse the request head (408/400/414/431 on
 * failure, nothing reaches a server), run the frontend's then the
 * backend's rules, route, connect, forward head and body, parse the
 * response (502/504), run the response rules, forward it, and then either
 * wait for the next request (keep-alive, pipelining) or close.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "model/cfg_model.h"
#include "servers/check_srv.h"
#include "engine/engine.h"
#include "observe/err_capture.h"
#include "http/http1.h"
#include "http/http_err.h"
#include "engine/io.h"
#include "observe/log.h"
#include "servers/persist.h"
#include "servers/proxy.h"
#include "http/rewrite.h"
#include "engine/session.h"
#include "engine/service.h"
#include "engine/session_http.h"
#include "http/vars.h"

#define FWD_MAX		(256 * 1024)	/* stop reading past this backlog */
#define OUT_CHAINS_MAX	64		/* or past this many chains of it */

static void	http_wait_request(struct session *);
static void	http_read_request(struct session *);
static void	http_txn_end(struct session *);

static size_t
http_max_head(const struct session *s)
{
	return s->eng->bufsize - s->eng->maxrewrite;
}

static const struct proxy_conf *
http_err_px(const struct session *s)
{
	return s->be != NULL ? s->be->conf : s->fe->conf;
}

/* Where a reply hapx generates is written: the client's output, or for
 * a HEAD request a scratch buffer of which http_reply_flush passes on the
 * head only (no body in a response to HEAD, RFC 9110 §9.3.2, as HAProxy
 * 2.6 does). */
static struct evbuffer *
http_reply_buf(struct session *s)
{
	struct evbuffer	*b = s->head_req ? evbuffer_new() : NULL;

	return b != NULL ? b : bufferevent_get_output(s->cbev);
}

static void
http_reply_flush(struct session *s, struct evbuffer *b)
{
	struct evbuffer		*out = bufferevent_get_output(s->cbev);
	struct evbuffer_ptr	 p;

	if (b == out)
		return;
	p = evbuffer_search(b, "\r\n\r\n", 4, NULL);
	if (p.pos >= 0)
		evbuffer_remove_buffer(b, out, (size_t)p.pos + 4);
	else
		evbuffer_add_buffer(out, b);
	evbuffer_free(b);
}

/* An error page for a request that never reached a server, or that
 * failed on the way; CLOSE ends the connection after it. */
static void
http_reply_error(struct session *s, int status, bool close)
{
	struct evbuffer	*out = http_reply_buf(s);
	size_t		 before = evbuffer_get_length(out);

	log_txn_reply(s, status);
	http_err_write(out, status, http_err_px(s), close);
	/* An empty errorfile (/dev/null) answers nothing: as HAProxy, the
	 * connection closes at once instead of waiting for a request. */
	close = close || evbuffer_get_length(out) == before;
	http_reply_flush(s, out);
	s->resp_sent = true;
	if (close)
		s->close_after = true;
	http_txn_end(s);
}

void
http_fail(struct session *s, int status)
{
	if (s->resp_sent) {
		session_close(s);
		return;
	}
	sess_drop_server(s);
	http_reply_error(s, status, !s->req_done);
}

/* ------------------------------------------------------------------ */
/* Request side */

/* A frontend keeps the requests, a backend the responses (with the
 * frontend and server they came through). */
static void
http_capture_save(struct session *s, enum err_dir dir, struct err_event *ev)
{
	if (dir == ERR_DIR_REQ) {
		err_capture_save(s->fe, dir, ev);
		return;
	}
	ev->oe = s->fe;
	ev->srv = s->srv;
	err_capture_save(s->be, dir, ev);
}

/*
 * Keep the message the parser refused for "show errors" (a bad head, or
 * a bad chunk that came with it: BODY_ERR at BODY_ERR_OFF).  IN still
 * holds the message from its first byte.  A request has no backend yet,
 * as in HAProxy, whose H1 layer refuses it before a stream exists.
 * Error paths only.
 */
static void
http_capture(struct session *s, enum err_dir dir, struct evbuffer *in,
    enum http1_err body_err, size_t body_err_off)
{
	struct err_event	ev = { .msg = s->msg, .in = in,
				    .src = &s->src, .body_err = body_err,
				    .body_err_off = body_err_off };

	http_capture_save(s, dir, &ev);
}

/* The same for bad framing in a body being forwarded (B its state): IN
 * holds what is left from the error, TAKEN bytes of the same read went
 * on before it.  The request's backend is known by then (HAProxy shows
 * it, without the server). */
static void
http_capture_late(struct session *s, enum err_dir dir, struct evbuffer *in,
    const struct http1_body_state *b, size_t taken)
{
	const struct http_head	*h = dir == ERR_DIR_REQ ? &s->req : &s->res;
	struct err_event	 ev = { .in = in, .src = &s->src,
				    .body_err = b->err, .late = true,
				    .body_len = taken };

	ev.ver11 = h->vmajor == 1 && h->vminor >= 1;
	if (dir == ERR_DIR_REQ)
		ev.oe = s->be;
	http_capture_save(s, dir, &ev);
}

static void
http_fwd_req_body(struct session *s)
{
	struct evbuffer	*in = bufferevent_get_input(s->cbev);
	struct evbuffer	*out;
	size_t		 len = evbuffer_get_length(in);
	int		 rc;

	if (s->req_done || s->sbev == NULL || (s->st != SESS_WAIT_RESP &&
	    s->st != SESS_RESP_BODY))
		return;
	out = bufferevent_get_output(s->sbev);
	rc = http1_body_xfer(&s->reqb, in, out);
	if (rc == HTTP1_DONE) {
		s->req_done = true;
		return;
	}
	if (rc == HTTP1_ERROR) {
		http_capture_late(s, ERR_DIR_REQ, in, &s->reqb,
		    len - evbuffer_get_length(in));
		s->fe->failed_req++;
		log_txn_term(s, 'P', 0);
		http_fail(s, 400);
		return;
	}
	if (evbuffer_get_length(out) >= FWD_MAX)
		io_read_disable(s->cbev);
}

/* Does a comma-separated list of H's NAME headers hold TOKEN (case
 * insensitive, whole token)? */
static bool
http_hdr_has_token(const struct http_head *h, const char *name,
    const char *tok, size_t tlen)
{
	int		 i = -1;
	size_t		 nlen = strlen(name);

	while ((i = http_head_find(h, name, nlen, i + 1)) >= 0) {
		const char	*p = h->hdrs[i].s + h->hdrs[i].voff;
		const char	*end = p + h->hdrs[i].vlen, *t;

		while (p < end) {
			while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
				p++;
			for (t = p; p < end && *p != ','; p++)
				;
			while (p > t && (p[-1] == ' ' || p[-1] == '\t'))
				p--;
			if ((size_t)(p - t) == tlen && tlen > 0 &&
			    strncasecmp(t, tok, tlen) == 0)
				return true;
			while (p < end && *p != ',')
				p++;
		}
	}
	return false;
}

/* A WebSocket upgrade must carry its key (RFC 6455 §4.1); HAProxy 2.6's
 * H1 layer answers 400 to one without. */
static bool
http_ws_key_missing(const struct session *s)
{
	return (s->msg->flags & HTTP1_F_UPGRADE) &&
	    http_hdr_has_token(&s->req, "Upgrade", "websocket", 9) &&
	    http_head_find(&s->req, "Sec-WebSocket-Key", 17, 0) < 0;
}

/*
 * A 101 is an answer only to a request that asked to upgrade (Connection:
 * upgrade and Upgrade, kept on the forwarded request by
 * http_set_conn_hdr), and only to a protocol the request offered (RFC
 * 9110 §7.8, §15.2.2).  Anything else would turn the client connection
 * into a raw tunnel past every rule: an invalid response (502).
 */
static bool
http_switch_ok(const struct session *s)
{
	int		 i = http_head_find(&s->res, "Upgrade", 7, 0);
	const char	*v;
	size_t		 n;

	if (i < 0 || !http_hdr_has_token(&s->req, "Connection", "upgrade", 7))
		return false;
	v = s->res.hdrs[i].s + s->res.hdrs[i].voff;
	n = s->res.hdrs[i].vlen;
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	return http_head_find(&s->res, "Upgrade", 7, i + 1) < 0 &&
	    memchr(v, ',', n) == NULL &&
	    http_hdr_has_token(&s->req, "Upgrade", v, n);
}

static bool
http_is_method(const struct http_head *h, const char *m)
{
	size_t	n = strlen(m);

	return h->mlen == n && memcmp(h->start.s + h->moff, m, n) == 0;
}

/* Connection handling per spec §8.4: the strongest of frontend and
 * backend wins; the client's own wish to close is honoured too. */
static void
http_conn_mode(struct session *s, const struct proxy_conf *bc)
{
	uint64_t	o = s->fe->conf->opts | (bc ? bc->opts : 0);
	unsigned	f = s->msg->flags;

	s->mode = CONN_KEEPALIVE;
	if (o & (1ULL << PXO_HTTP_SERVER_CLOSE))
		s->mode = CONN_SERVER_CLOSE;
	if (o & ((1ULL << PXO_HTTPCLOSE) | (1ULL << PXO_FORCECLOSE)))
		s->mode = CONN_CLOSE;
	if ((f & HTTP1_F_CONN_CLOSE) || (s->req.vminor == 0 &&
	    !(f & HTTP1_F_CONN_KA)))
		s->close_after = true;
	/* RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request means
	 * faulty framing, close after it; HAProxy 2.6 closes both sides. */
	if (s->req.vminor == 0 && s->reqb.kind == HTTP1_BODY_CHUNKED) {
		s->mode = CONN_CLOSE;
		s->close_after = true;
	}
}

/* Connection headers are hop-by-hop: drop the client's and state what
 * this hop wants (not for an Upgrade, which needs them end to end).  An
 * HTTP/1.0 request closes by default: no header (HAProxy 2.6 neither). */
static void
http_set_conn_hdr(struct http_head *h, bool upgrade, bool close, bool v10)
{
	if (upgrade)
		return;
	http_head_del_all(h, "Connection", 10);
	if (close) {
		if (!v10 || !h->is_request)
			http_head_add(h, "Connection", 10, "close", 5);
	} else if (v10)
		http_head_add(h, "Connection", 10, "keep-alive", 10);
}

static bool
http_monitor(struct session *s)
{
	const struct proxy_conf	*pc = s->fe->conf;
	const char		*u = s->req.start.s + s->req.uoff;
	unsigned		 i;
	int			 status = 200;

	if (pc->monitor_uri == NULL || strlen(pc->monitor_uri) !=
	    s->req.ulen || memcmp(pc->monitor_uri, u, s->req.ulen) != 0)
		return false;
	for (i = 0; i < pc->monitor_fail.n; i++)
		if (acl_cond_eval(pc->monitor_fail.v[i], &s->env))
			status = 503;
	s->txn.logged = true;	/* HAProxy does not log monitor-uri hits */
	s->fe->intercepted++;
	http_reply_error(s, status, !s->req_done);
	return true;
}

static void
http_reply_redirect(struct session *s)
{
	bool		 close = s->close_after || !s->req_done;
	struct evbuffer	*out = http_reply_buf(s);

	log_txn_reply(s, s->rw.status ? s->rw.status : 302);
	log_txn_term(s, 'L', 'R');
	http_err_write_redirect(out, s->rw.status ? s->rw.status : 302,
	    s->rw.location ? s->rw.location : "/", s->rw.cookie, close);
	http_reply_flush(s, out);
	s->resp_sent = true;
	s->close_after = close;
	http_txn_end(s);
}

/* deny, tarpit and return replies: the rule's own, else the page. */
static void
http_reply_rule(struct session *s, int status)
{
	const struct http_reply	*r = s->rw.rule ? s->rw.rule->reply : NULL;
	bool			 close = s->close_after || !s->req_done;
	struct evbuffer		*out = http_reply_buf(s);
	size_t			 before = evbuffer_get_length(out);

	log_txn_reply(s, r != NULL ? r->status : status);
	if (r != NULL)
		http_err_write_reply(out, r, http_err_px(s), &s->env, close);
	else
		http_err_write(out, status, http_err_px(s), close);
	close = close || evbuffer_get_length(out) == before;	/* as above */
	http_reply_flush(s, out);
	s->resp_sent = true;
	s->close_after = close;
	http_txn_end(s);
}

static void
http_reply_auth(struct session *s)
{
	bool		 close = s->close_after || !s->req_done;
	struct evbuffer	*out = http_reply_buf(s);

	log_txn_reply(s, 401);
	log_txn_term(s, 'L', 'R');
	http_err_write_auth(out, s->rw.realm ? s->rw.realm :
	    s->fe->conf->name, false, close);
	http_reply_flush(s, out);
	s->resp_sent = true;
	s->close_after = close;
	http_txn_end(s);
}

void
http_reply_realm(struct session *s, const char *realm)
{
	s->rw.realm = realm;
	http_reply_auth(s);
}

void
http_reply_svc(struct session *s, int status, const char *hdrs,
    struct evbuffer *body)
{
	bool		 close = s->close_after || !s->req_done;
	struct evbuffer	*out = http_reply_buf(s);
	size_t		 len = body != NULL ? evbuffer_get_length(body) : 0;
	bool		 chunked = len > 0 && s->req.vminor >= 1;

	/* HAProxy's applets answer an HTTP/1.1 client in chunks. */
	evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\n%s", status,
	    http_err_reason(status), hdrs != NULL ? hdrs : "");
	if (chunked)
		evbuffer_add_printf(out, "transfer-encoding: chunked\r\n");
	else
		evbuffer_add_printf(out, "content-length: %zu\r\n", len);
	evbuffer_add_printf(out, "%s\r\n", close ? "connection: close\r\n" :
	    "");
	if (chunked)
		evbuffer_add_printf(out, "%zx\r\n", len);
	if (body != NULL)
		evbuffer_add_buffer(out, body);
	if (chunked)
		evbuffer_add_printf(out, "\r\n0\r\n\r\n");
	log_txn_reply(s, status);
	log_txn_term(s, 'L', 'R');
	http_reply_flush(s, out);
	s->resp_sent = true;
	s->close_after = close;
	http_txn_end(s);
}

/* A rule decided the fate of the request. */
static void
http_verdict(struct session *s)
{
	switch (s->rw.verdict) {
	case RW_DENY:
		s->fe->denied_req++;
		log_txn_term(s, 'P', 'R');
		http_reply_rule(s, s->rw.status ? s->rw.status : 403);
		break;
	case RW_TARPIT: {
		uint32_t	t = sess_tmo(s->be ? s->be : s->fe, PXT_TARPIT);

		s->fe->denied_req++;
		s->st = SESS_TARPIT;
		io_read_disable(s->cbev);
		sess_set_timer(s, t ? t : sess_tmo(s->be ? s->be : s->fe,
		    PXT_CONNECT) ? sess_tmo(s->be ? s->be : s->fe,
		    PXT_CONNECT) : 1);
		break;
	}
	case RW_REDIRECT:
		s->fe->intercepted++;
		http_reply_redirect(s);
		break;
	case RW_RETURN:
		s->fe->intercepted++;
		log_txn_term(s, 'L', 'R');
		http_reply_rule(s, s->rw.status ? s->rw.status : 200);
		break;
	case RW_AUTH:
		http_reply_auth(s);
		break;
	case RW_REJECT:
		log_txn_term(s, 'P', 'R');
		session_close(s);
		break;
	case RW_BAD_REQUEST:
		s->fe->failed_req++;
		log_txn_term(s, 'P', 'R');
		http_reply_error(s, 400, true);
		break;
	case RW_ERROR:
		log_txn_term(s, 'I', 'R');
		http_reply_error(s, 500, !s->req_done);
		break;
	case RW_SERVICE:
		if (service_use(s))
			break;
		http_reply_error(s, 503, !s->req_done);
		break;
	default:
		http_reply_error(s, 503, !s->req_done);
		break;
	}
}

static bool
http_rules(struct session *s, const struct proxy_conf *pc)
{
	rw_result_clear(&s->rw);
	rewrite_request(pc, &s->req, &s->env, &s->rw);
	log_txn_rules(s, &s->rw, true);
	if (s->rw.verdict == RW_CONTINUE)
		return true;
	http_verdict(s);
	return false;
}

/*
 * tcp-request content rules of PX in mode http: they run on each parsed
 * request, before the http-request rules, as HAProxy's; a reject closes
 * the connection without an answer.  False: closed.
 */
static bool
http_tcp_content(struct session *s, struct proxy *px)
{
	const struct proxy_conf	*pc = px->conf;

	if (pc->tcp_req.n == 0 || sess_tcp_rules(s, pc->tcp_req.v,
	    pc->tcp_req.n, TCP_WHEN_CONTENT) != TCPV_REJECT)
		return true;
	px->denied_req++;
	log_txn_term(s, 'P', 'R');
	session_close(s);
	return false;
}

static void
http_process_request(struct session *s)
{
	struct proxy		*be;

	sess_set_timer(s, 0);
	s->ntxn++;
	s->env.req = &s->req;
	s->env.res = NULL;
	s->head_req = http_is_method(&s->req, "HEAD");
	http_conn_mode(s, NULL);
	if (http_monitor(s) || !http_tcp_content(s, s->fe) ||
	    !http_rules(s, s->fe->conf) || service_stats(s, s->fe))
		return;
	if ((be = sess_route(s)) == NULL) {
		/* HAProxy 2.6 logs no TR when no backend was found. */
		s->txn.t_head = -1;
		log_txn_term(s, 'S', 'C');
		http_reply_error(s, 503, !s->req_done);
		return;
	}
	sess_set_backend(s, be);
	if (be != s->fe && (!http_tcp_content(s, be) ||
	    !http_rules(s, be->conf) || service_stats(s, be)))
		return;
	http_conn_mode(s, be->conf);
	persist_request(s);
	log_txn_unique_id(s);
	rewrite_forward_headers(s->fe->conf, be->conf, &s->req, &s->env);
	http_set_conn_hdr(&s->req, s->msg->flags & HTTP1_F_UPGRADE,
	    s->mode != CONN_KEEPALIVE, s->req.vminor == 0);
	sess_connect(s);
}

static void
http_try_parse(struct session *s)
{
	struct evbuffer	*in = bufferevent_get_input(s->cbev);
	size_t		 len = evbuffer_get_length(in), max = http_max_head(s);
	size_t		 n = len < max ? len : max, boff;
	const char	*buf;
	enum http1_err	 berr;
	int		 rc;

	if (len == 0)
		return;
	buf = (const char *)evbuffer_pullup(in, (ssize_t)n);
	rc = http1_parse_request(s->msg, buf, n, max);
	if (rc == HTTP1_AGAIN && n < max)
		return;
	if (rc != HTTP1_DONE) {
		int	status = rc == HTTP1_AGAIN ? 431 :
			    http1_err_status(s->msg->err);

		s->fe->failed_req++;
		s->req_done = false;
		http_capture(s, ERR_DIR_REQ, in, HTTP1_E_NONE, 0);
		/* HAProxy's H1 layer answers these before a stream exists:
		 * its line has no request and 0 bytes. */
		log_txn_term(s, 'P', 'R');
		s->txn.hide_bytes = true;
		http_reply_error(s, status, true);
		return;
	}
	if (http_head_from_msg(&s->req, s->msg, true) < 0) {
		log_txn_term(s, 'I', 'R');
		http_reply_error(s, 500, true);
		return;
	}
	if (http_ws_key_missing(s)) {
		s->fe->failed_req++;
		log_txn_term(s, 'P', 'R');
		s->txn.hide_bytes = true;
		http_reply_error(s, 400, true);
		return;
	}
	log_txn_request(s);
	http1_body_init(&s->reqb, s->msg);
	s->req_done = s->reqb.kind == HTTP1_BODY_NONE;
	/* Like HAProxy's H1 mux, which parses the chunks it already holds
	 * before a stream exists: a bad chunk that came with the head is a
	 * 400 before any server sees the request (checked before the head
	 * is drained, so that "show errors" shows the whole message). */
	if (http1_body_check_at(&s->reqb, in, s->msg->head_len, &berr,
	    &boff) == HTTP1_ERROR) {
		http_capture(s, ERR_DIR_REQ, in, berr, boff);
		evbuffer_drain(in, s->msg->head_len);
		s->fe->failed_req++;
		log_txn_term(s, 'P', 'R');
		s->txn.hide_bytes = true;
		http_reply_error(s, 400, true);
		return;
	}
	evbuffer_drain(in, s->msg->head_len);
	http_process_request(s);
}

/* ------------------------------------------------------------------ */
/* Response side */

static void
http_fwd_resp_body(struct session *s)
{
	struct evbuffer	*in = bufferevent_get_input(s->sbev);
	struct evbuffer	*out = bufferevent_get_output(s->cbev);
	size_t		 len = evbuffer_get_length(in);
	int		 rc;

	rc = http1_body_xfer(&s->resb, in, out);
	if (rc == HTTP1_DONE) {
		http_txn_end(s);
		return;
	}
	if (rc == HTTP1_ERROR) {
		http_capture_late(s, ERR_DIR_RESP, in, &s->resb,
		    len - evbuffer_get_length(in));
		s->srv->failed_resp++;
		s->be->failed_resp++;
		log_txn_term(s, 'S', 'D');
		session_close(s);
		return;
	}
	if (s->srv_eof) {
		if (s->resb.kind == HTTP1_BODY_CLOSE) {
			s->close_after = true;
			http_txn_end(s);
		} else {
			log_txn_term(s, 'S', 'D');
			session_close(s);	/* truncated by the server */
		}
		return;
	}
	if (evbuffer_get_length(out) >= FWD_MAX)
		io_read_disable(s->sbev);
}

static bool
http_resp_rules(struct session *s)
{
	struct rw_result	r;
	bool			ok = true;

	/* rewrite_response() resets R (captures excepted: past ncaptures
	 * they are junk), no need to zero its 2 KB of captures here. */
	rewrite_response(s->be->conf, &s->res, &s->env, &r);
	if (r.verdict == RW_CONTINUE && s->be != s->fe)
		rewrite_response(s->fe->conf, &s->res, &s->env, &r);
	log_txn_rules(s, &r, false);
	if (r.verdict != RW_CONTINUE) {
		s->be->denied_resp++;
		log_txn_term(s, 'P', 'H');
		sess_drop_server(s);
		http_reply_error(s, r.status ? r.status : 502, true);
		ok = false;
	}
	rw_result_clear(&r);
	return ok;
}

/* A complete response head arrived: 1xx are relayed as they are, 101
 * turns into a tunnel, others go through the rules and then the body. */
static void
http_got_response(struct session *s)
{
	struct evbuffer	*out = bufferevent_get_output(s->cbev);
	unsigned	 f = s->msg->flags;
	int		 st = s->res.status;

	if (st >= 100 && st < 200 && st != 101) {
		http1_write_head(out, &s->res);
		http_head_clear(&s->res);
		http1_msg_init(s->msg);
		return;
	}
	check_observe_status(s->srv, st);
	s->env.res = &s->res;
	log_txn_response(s);
	if (!http_resp_rules(s))
		return;
	persist_response(s);
	/* RFC 9110 §8.6: no Content-Length in a 1xx or 204 (HAProxy 2.6
	 * drops it; a 304 keeps it, it describes the selected
	 * representation).  Their body is none, whatever the header says. */
	if (st == 204)
		http_head_del_all(&s->res, "Content-Length", 14);
	if (s->resb.kind == HTTP1_BODY_CLOSE)
		s->close_after = true;
	s->reuse_srv = (f & HTTP1_F_CONN_CLOSE) || s->resb.kind ==
	    HTTP1_BODY_CLOSE || (s->res.vminor == 0 && !(f & HTTP1_F_CONN_KA)) ?
	    NULL : s->srv;
	http_set_conn_hdr(&s->res, st == 101, s->close_after ||
	    s->mode == CONN_CLOSE, s->req.vminor == 0);
	rewrite_after_response(s->be->conf, &s->res, &s->env);
	if (s->be != s->fe)
		rewrite_after_response(s->fe->conf, &s->res, &s->env);
	http1_write_head(out, &s->res);
	s->resp_sent = true;
	log_txn_asap(s);
	if (st == 101) {
		sess_start_relay(s);
		return;
	}
	s->st = SESS_RESP_BODY;
	http_fwd_resp_body(s);
}

/* The server's bytes are not a valid response for this request:
 * nothing of them reaches the client, 502. */
static void
http_bad_response(struct session *s)
{
	check_observe(s->srv, CHK_OBS_HTTP_HDRRSP);
	s->srv->failed_resp++;
	s->be->failed_resp++;
	log_txn_term(s, 'P', 'H');	/* invalid: blocked */
	http_fail(s, 502);
}

/*
 * Parse the response head from the server's input.  Interim 1xx heads
 * are relayed and parsing goes on; a final head ends the loop whatever
 * it led to (body, end of the transaction, close): the bytes after it on
 * this connection belong to that response or to nothing, never to the
 * next request, which may already be out on another connection (the
 * transaction end drops a connection with unread bytes).  A bad chunk
 * that came with the head is caught before the head is forwarded, as
 * HAProxy's H1 layer does, so the client gets a 502.
 */
static void
http_try_parse_response(struct session *s)
{
	struct evbuffer	*in = bufferevent_get_input(s->sbev);
	size_t		 len, max = http_max_head(s), n, boff;
	enum http1_err	 berr;
	int		 rc, st;

	while (s->st == SESS_WAIT_RESP &&
	    (len = evbuffer_get_length(in)) > 0) {
		n = len < max ? len : max;
		rc = http1_parse_response(s->msg, (const char *)
		    evbuffer_pullup(in, (ssize_t)n), n, max, s->head_req);
		if (rc == HTTP1_AGAIN && n < max)
			return;
		if (rc != HTTP1_DONE) {
			http_capture(s, ERR_DIR_RESP, in, HTTP1_E_NONE, 0);
			http_bad_response(s);
			return;
		}
		if (http_head_from_msg(&s->res, s->msg, false) < 0) {
			http_bad_response(s);
			return;
		}
		st = s->res.status;
		http1_body_init(&s->resb, s->msg);
		if (http1_body_check_at(&s->resb, in, s->msg->head_len,
		    &berr, &boff) == HTTP1_ERROR) {
			http_capture(s, ERR_DIR_RESP, in, berr, boff);
			http_bad_response(s);
			return;
		}
		evbuffer_drain(in, s->msg->head_len);
		if (st == 101 && !http_switch_ok(s)) {
			http_bad_response(s);
			return;
		}
		http_got_response(s);
		if (st >= 200 || st == 101)
			return;
	}
}

static void
http_srv_read_cb(struct bufferevent *b, void *arg)
{
	struct session	*s = arg;

	(void)b;
	if (s->st == SESS_WAIT_RESP)
		http_try_parse_response(s);
	else if (s->st == SESS_RESP_BODY)
		http_fwd_resp_body(s);
	else
		sess_drop_server(s);	/* an idle connection must be quiet:
					   its bytes answer nothing */
}

static void
http_srv_write_cb(struct bufferevent *b, void *arg)
{
	struct session	*s = arg;

	(void)b;
	if (!s->req_done && s->st != SESS_CLOSING)
		io_read_enable(s->cbev);
}

/* "http-send-name-header H": H names the server the request goes to;
 * set again on each connection, so a retry elsewhere corrects it. */
static void
http_send_name(struct session *s)
{
	const char	*h = s->be->conf->http_send_name_header;
	const char	*n;

	if (h == NULL || s->srv == NULL || (n = s->srv->conf->name) == NULL)
		return;
	http_head_del_all(&s->req, h, strlen(h));
	/* Without memory the request goes without it, as HAProxy's does
	 * when the buffer is full. */
	(void)http_head_add(&s->req, h, strlen(h), n, strlen(n));
}

void
http_connected(struct session *s)
{
	uint32_t	ts = sess_tmo(s->be, PXT_SERVER);

	s->st = SESS_WAIT_RESP;
	bufferevent_setcb(s->sbev, http_srv_read_cb, http_srv_write_cb,
	    sess_srv_event_cb, s);
	sess_bev_timeouts(s->sbev, ts, ts);
	io_read_enable(s->sbev);	/* first: io then writes the head */
	http_send_name(s);
	/* Writing is on from the start (libevent's default) and never
	 * turned off: enabling it again would only add a write event. */
	http1_write_head(bufferevent_get_output(s->sbev), &s->req);
	http1_msg_init(s->msg);
	http_fwd_req_body(s);
}

void
http_srv_event(struct session *s, short what)
{
	if (s->st != SESS_WAIT_RESP && s->st != SESS_RESP_BODY &&
	    s->st != SESS_TUNNEL && s->st != SESS_CONNECTING) {
		/* An idle kept connection went away (while the client is
		 * between requests, posting to the stats page, tarpitted...):
		 * the client's transaction does not depend on it. */
		sess_drop_server(s);
		return;
	}
	if (what & BEV_EVENT_TIMEOUT) {
		log_txn_term(s, 's', 0);
		if (s->st == SESS_WAIT_RESP)
			check_observe(s->srv, CHK_OBS_HTTP_READ_TIMEOUT);
		if (s->st == SESS_WAIT_RESP)
			http_fail(s, 504);
		else
			session_close(s);
		return;
	}
	s->srv_eof = true;
	if (s->st == SESS_RESP_BODY && !(what & BEV_EVENT_ERROR)) {
		http_fwd_resp_body(s);
		return;
	}
	if (s->st == SESS_WAIT_RESP && s->reused &&
	    s->reqb.kind == HTTP1_BODY_NONE &&
	    evbuffer_get_length(bufferevent_get_input(s->sbev)) == 0) {
		sess_connect_failed(s);	/* reconnects, not a retry */
		return;
	}
	if (s->st == SESS_WAIT_RESP) {
		check_observe(s->srv, what & BEV_EVENT_ERROR ?
		    CHK_OBS_HTTP_READ_ERROR : CHK_OBS_HTTP_BROKEN_PIPE);
		s->srv->failed_resp++;
		s->be->failed_resp++;
		log_txn_term(s, 'S', 'H');
		http_fail(s, 502);
		return;
	}
	log_txn_term(s, 'S', 0);
	session_close(s);
}

/* ------------------------------------------------------------------ */
/* Client callbacks and the transaction loop */

static void
http_cli_read_cb(struct bufferevent *b, void *arg)
{
	struct session	*s = arg;

	(void)b;
	if (s->st == SESS_REQ_WAIT) {
		log_txn_first_byte(s);
		http_try_parse(s);
	} else if (s->st == SESS_WAIT_RESP || s->st == SESS_RESP_BODY)
		http_fwd_req_body(s);
	else if (s->st == SESS_SERVICE)
		service_read_body(s);
}

static void
http_cli_write_cb(struct bufferevent *b, void *arg)
{
	struct session	*s = arg;

	(void)b;
	if (s->st == SESS_REQ_WAIT && s->out_held) {
		s->out_held = false;
		http_read_request(s);
		return;
	}
	if (s->st == SESS_RESP_BODY && s->sbev != NULL)
		io_read_enable(s->sbev);
}

/*
 * Close a session that waits for its next request (an idle client, a
 * keep-alive timeout, a soft stop).  Its last answer may still be queued,
 * unwritten: the end-of-turn flush runs after the event that got here, so
 * it goes out first (sess_close_after_flush), then the close.
 */
static void
http_close_idle(struct session *s)
{
	if (evbuffer_get_length(bufferevent_get_output(s->cbev)) == 0)
		session_close(s);
	else
		sess_close_after_flush(s);
}

static void
http_cli_event_cb(struct bufferevent *b, short what, void *arg)
{
	struct session	*s = arg;

	(void)b;
	if (s->st == SESS_REQ_WAIT && !(what & (BEV_EVENT_ERROR |
	    BEV_EVENT_TIMEOUT))) {
		/* The client is done (a FIN, maybe in the same read as its
		 * last request): its answer still goes out. */
		log_txn_term(s, 'C', 0);
		s->cli_eof = true;
		http_close_idle(s);
		return;
	}
	if ((what & (BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) ||
	    s->st == SESS_REQ_WAIT || !s->req_done) {
		log_txn_term(s, (what & BEV_EVENT_TIMEOUT) ? 'c' : 'C', 0);
		session_close(s);
		return;
	}
	/* "option abortonclose": a request still waiting for a slot or a
	 * connection is dropped (logged CQ / CC); the server never sees it. */
	if ((s->st == SESS_QUEUED || s->st == SESS_CONNECTING) &&
	    s->be != NULL && (s->be->conf->opts & PXO_BIT(PXO_ABORTONCLOSE))) {
		log_txn_term(s, 'C', 0);
		session_close(s);
		return;
	}
	/* The client half-closed after a complete request: answer it,
	 * then close. */
	s->cli_eof = true;
	s->close_after = true;
	io_read_disable(s->cbev);
}

static void
http_txn_end(struct session *s)
{
	if (s->st == SESS_CLOSED)
		return;
	/* A connection holding unread bytes (a server that answered more
	 * than asked) must never serve another request: they would be
	 * taken for its response. */
	if (s->reuse_srv != NULL && s->reuse_srv == s->srv &&
	    s->mode == CONN_KEEPALIVE && s->req_done && !s->srv_eof &&
	    s->sbev != NULL &&
	    evbuffer_get_length(bufferevent_get_input(s->sbev)) == 0) {
		/* Keep the server connection for this client's next
		 * request; its maxconn slot is given back meanwhile. */
		sess_release_slot(s);
		sess_bev_timeouts(s->sbev, 0, 0);
	} else
		sess_drop_server(s);
	if (s->be_counted) {
		/* As HAProxy's streams: a backend session per request. */
		s->be->beconn--;
		s->be_counted = false;
	}
	log_txn(s);
	s->be = NULL;
	s->env.be = NULL;
	s->srv = NULL;
	http_head_clear(&s->req);
	http_head_clear(&s->res);
	rw_result_clear(&s->rw);
	vars_clear_txn(s->env.vars);
	s->env.req = s->env.res = NULL;
	if (s->close_after || s->mode == CONN_CLOSE || s->cli_eof ||
	    !s->req_done || s->eng->stopping) {
		sess_close_after_flush(s);
		return;
	}
	http_wait_request(s);
}

/*
 * Whether the client let answers pile up unread: past FWD_MAX bytes (the
 * server side stops there too), or past OUT_CHAINS_MAX buffer chains,
 * since a small answer from a server holds a whole read buffer of ours
 * (its chain is moved, not copied).  Such a client gets no new
 * transaction, not even from the requests it already pipelined, until it
 * reads.  Without this a client that sends and never reads makes us
 * queue answers without bound; HAProxy stops reading such a client once
 * its output buffer is full.
 */
static bool
http_out_full(const struct session *s)
{
	struct evbuffer	*out = bufferevent_get_output(s->cbev);

	return evbuffer_get_length(out) >= FWD_MAX ||
	    evbuffer_peek(out, -1, NULL, NULL, 0) >= OUT_CHAINS_MAX;
}

/* Take (or wait for) the next request: the keep-alive or http-request
 * timeout runs from here. */
static void
http_read_request(struct session *s)
{
	uint32_t	t;

	t = s->ntxn > 0 ? sess_tmo(s->fe, PXT_HTTP_KEEP_ALIVE) : 0;
	if (t == 0)
		t = sess_tmo(s->fe, PXT_HTTP_REQUEST);
	if (t == 0)
		t = sess_tmo(s->fe, PXT_CLIENT);
	sess_set_timer(s, t);
	sess_bev_timeouts(s->cbev, 0, sess_tmo(s->fe, PXT_CLIENT));
	io_read_enable(s->cbev);
	if (evbuffer_get_length(bufferevent_get_input(s->cbev)) > 0)
		http_try_parse(s);
}

static void
http_wait_request(struct session *s)
{
	s->st = SESS_REQ_WAIT;
	if (s->ntxn > 0)
		log_txn_begin(s);	/* the accept began the first one */
	http1_msg_init(s->msg);
	s->req_done = false;
	s->resp_sent = false;
	s->close_after = false;
	s->head_req = false;
	if (!http_out_full(s)) {
		http_read_request(s);
		return;
	}
	/* Held until the output drains (http_cli_write_cb); meanwhile only
	 * timeout client, on the writes, runs. */
	s->out_held = true;
	sess_set_timer(s, 0);
	sess_bev_timeouts(s->cbev, 0, sess_tmo(s->fe, PXT_CLIENT));
	io_read_disable(s->cbev);
}

void
http_session_start(struct session *s)
{
	bufferevent_setcb(s->cbev, http_cli_read_cb, http_cli_write_cb,
	    http_cli_event_cb, s);
	bufferevent_setwatermark(s->cbev, EV_READ, 0, FWD_MAX);
	/* EV_WRITE is on already (libevent's default): enabling it on an
	 * empty output would cost an epoll_ctl and a wake-up for nothing. */
	io_read_enable(s->cbev);
	http_wait_request(s);
}

void
http_timer(struct session *s)
{
	if (s->st == SESS_TARPIT) {
		s->close_after = true;
		log_txn_term(s, 'P', 'T');
		http_reply_rule(s, s->rw.status ? s->rw.status : 500);
		return;
	}
	if (s->st != SESS_REQ_WAIT)
		return;
	/* HAProxy 2.6 answers 408 even to a connection that sent nothing,
	 * but closes an idle kept-alive one silently. */
	if (s->ntxn == 0 || evbuffer_get_length(
	    bufferevent_get_input(s->cbev)) > 0) {
		log_txn_term(s, 'c', 'R');
		s->txn.hide_bytes = true;	/* as HAProxy's H1 layer */
		http_reply_error(s, 408, true);
		return;
	}
	http_close_idle(s);
}

void
http_soft_stop(struct session *s)
{
	/* "option idle-close-on-response": an idle client may still send
	 * its next request, answered with "Connection: close". */
	if (s->st == SESS_REQ_WAIT && evbuffer_get_length(
	    bufferevent_get_input(s->cbev)) == 0 &&
	    !(s->fe->conf->opts & PXO_BIT(PXO_IDLE_CLOSE_ON_RESPONSE))) {
		http_close_idle(s);
		return;
	}
	s->close_after = true;
}
