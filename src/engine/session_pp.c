/*
 * session_pp: PROXY protocol headers on the two sides of a session.  The
 * client side waits for the whole header before the session starts (the
 * connection rules have already run on the real addresses, as in
 * HAProxy); the announced addresses then replace the real ones for
 * everything after: ACLs, logs, forwardfor, the header we send on.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "model/cfg_model.h"
#include "engine/io.h"
#include "observe/log.h"
#include "observe/log_fmt.h"
#include "servers/proxy.h"
#include "http/proxy_proto.h"
#include "engine/session.h"
#include "engine/session_http.h"
#include "engine/session_pp.h"

#define PP_WAIT_MS	5000	/* no "timeout client": still bounded */
#define PP_PEEK_MAX	16384	/* a header longer than a buffer is bad */

bool
sess_pp_expected(const struct session *s)
{
	return s->pp_expect || (s->li->conf != NULL &&
	    s->li->conf->accept_proxy);
}

/* HAProxy's line for a connection that died in its handshake:
 * "ADDR:PORT [DATE] FRONTEND/BIND: WHY". */
static void
sess_pp_log(struct session *s, const char *why)
{
	const struct bind_conf	*bc = s->li->conf;
	char			 addr[64], date[32], bind[32];
	struct tm		 tm;
	time_t			 t = s->txn.accept_date.tv_sec;

	if (!log_enabled(s->eng, s->fe))
		return;
	log_fmt_addr(&s->src, addr, sizeof(addr));
	localtime_r(&t, &tm);
	strftime(date, sizeof(date), "%d/%b/%Y:%H:%M:%S", &tm);
	if (bc != NULL && bc->name != NULL)
		snprintf(bind, sizeof(bind), "%s", bc->name);
	else
		snprintf(bind, sizeof(bind), "%u", bc != NULL && bc->id ?
		    bc->id : (unsigned)(s->li - s->fe->listeners) + 1);
	log_emit(s->eng, s->fe, LOG_L_INFO, "%s [%s.%03d] %s/%s: %s", addr,
	    date, (int)(s->txn.accept_date.tv_usec / 1000),
	    s->fe->conf->name, bind, why);
}

/* A bad or missing header: close, nothing sent.  HAProxy leaves what it
 * got unread, so the kernel resets the connection: the same here. */
static void
sess_pp_fail(struct session *s, const char *why)
{
	struct linger	lg = { 1, 0 };

	sess_pp_log(s, why);
	if (evbuffer_get_length(bufferevent_get_input(s->cbev)) > 0)
		setsockopt(bufferevent_getfd(s->cbev), SOL_SOCKET, SO_LINGER,
		    &lg, sizeof(lg));
	s->txn.done = true;	/* no traffic log line: not a session */
	session_close(s);
}

static void
sess_pp_read_cb(struct bufferevent *b, void *arg)
{
	struct session		*s = arg;
	struct evbuffer		*in = bufferevent_get_input(b);
	size_t			 n = evbuffer_get_length(in);
	struct pp_result	 r;

	if (n > PP_PEEK_MAX)
		n = PP_PEEK_MAX;
	switch (pp_parse(evbuffer_pullup(in, (ssize_t)n), n, &r)) {
	case PP_NEED_MORE:
		if (n == PP_PEEK_MAX)
			sess_pp_fail(s, "Received an invalid PROXY protocol "
			    "version 2 header");
		return;
	case PP_ERROR:
		sess_pp_fail(s, r.err);
		return;
	case PP_DONE:
		break;
	}
	evbuffer_drain(in, r.len);
	/* The header is the connection's, not the client's traffic. */
	s->txn.bytes_in -= s->txn.bytes_in >= r.len ? r.len : s->txn.bytes_in;
	if (!r.local) {
		s->src = r.src;
		s->dst = r.dst;
	}
	io_read_disable(b);
	sess_bev_timeouts(b, 0, 0);
	bufferevent_setcb(b, NULL, NULL, NULL, NULL);
	s->txn.done = false;
	sess_accepted(s);
}

static void
sess_pp_event_cb(struct bufferevent *b, short what, void *arg)
{
	struct session	*s = arg;

	/* HAProxy gives up on the first read of a partial header; we wait
	 * for the rest (a sender may split it) and name it on timeout. */
	if (evbuffer_get_length(bufferevent_get_input(b)) > 0)
		sess_pp_fail(s, "Truncated PROXY protocol header received");
	else
		sess_pp_fail(s, what & BEV_EVENT_TIMEOUT ? "Timeout while "
		    "waiting for PROXY protocol header" : what & BEV_EVENT_EOF ?
		    "Connection closed while waiting for PROXY protocol header" :
		    "Connection error while waiting for PROXY protocol header");
}

void
sess_pp_wait(struct session *s)
{
	uint32_t	tmo = sess_tmo(s->fe, PXT_CLIENT);

	/* Not a session yet: closing it now (a stop) logs nothing. */
	s->txn.done = true;
	bufferevent_setcb(s->cbev, sess_pp_read_cb, NULL, sess_pp_event_cb, s);
	sess_bev_timeouts(s->cbev, tmo ? tmo : PP_WAIT_MS, 0);
	io_read_enable(s->cbev);
}

void
sess_pp_send(struct session *s)
{
	const struct server_conf	*sc = s->srv->conf;
	unsigned char			 buf[PP_V1_MAX + PP_V2_BUILD_MAX];
	size_t				 n;

	/* Both on the line: version 2 wins, as in HAProxy. */
	if (sc->send_proxy_v2)
		n = pp_build_v2(buf, sizeof(buf), (struct sockaddr *)&s->src,
		    (struct sockaddr *)&s->dst);
	else if (sc->send_proxy)
		n = pp_build_v1((char *)buf, sizeof(buf),
		    (struct sockaddr *)&s->src, (struct sockaddr *)&s->dst);
	else
		return;
	evbuffer_add(bufferevent_get_output(s->sbev), buf, n);
}
