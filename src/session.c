/*
 * session: the life of a client connection, shared by both modes:
 * accept, timers, routing to a backend, server selection, connection with
 * retries and redispatch, the maxconn queue, the byte relay (mode tcp and
 * HTTP tunnels), and the one close path.  The HTTP transaction itself is
 * in session_http.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "acl.h"
#include "cfg_model.h"
#include "check_srv.h"
#include "engine.h"
#include "io.h"
#include "lb.h"
#include "log.h"
#include "proxy.h"
#include "session.h"
#include "session_http.h"
#include "vars.h"

#define RETRY_DELAY_MAX_MS	1000	/* HAProxy's turn-around delay cap */

/* A timeout of the model, 0 meaning none. */
uint32_t
sess_tmo(const struct proxy *px, enum px_timeout t)
{
	uint32_t	v;

	if (px == NULL)
		return 0;
	v = px->conf->timeout[t];
	return v == CFG_UNSET ? 0 : v;
}

static void
ms_to_tv(uint32_t ms, struct timeval *tv)
{
	tv->tv_sec = ms / 1000;
	tv->tv_usec = (ms % 1000) * 1000;
}

/* Arm the session timer MS from now (0: disarm). */
void
sess_set_timer(struct session *s, uint32_t ms)
{
	struct timeval	tv;

	evtimer_del(s->timer);
	if (ms == 0)
		return;
	ms_to_tv(ms, &tv);
	evtimer_add(s->timer, &tv);
}

/* Inactivity timeouts of a bufferevent (0: none). */
void
sess_bev_timeouts(struct bufferevent *b, uint32_t rd, uint32_t wr)
{
	struct timeval	r, w;

	ms_to_tv(rd, &r);
	ms_to_tv(wr, &w);
	io_set_timeouts(b, rd ? &r : NULL, wr ? &w : NULL);
}

void
sess_release_slot(struct session *s)
{
	struct proxy	*be = s->srv ? s->srv->px : NULL;

	if (!s->srv_slot)
		return;
	s->srv_slot = false;
	lb_release(s->srv);
	if (be != NULL)
		sess_dequeue(be);
}

static void
sess_unqueue(struct session *s)
{
	if (!s->in_queue)
		return;
	TAILQ_REMOVE(&s->be->queue, s, qlink);
	s->be->queued--;
	s->in_queue = false;
}

/* Drop the server side: its connection and its slot. */
void
sess_drop_server(struct session *s)
{
	io_free(s->sbev);
	s->sbev = NULL;
	s->reuse_srv = NULL;
	s->srv_eof = false;
	sess_release_slot(s);
}

static void	sess_donate(struct session *);

void
session_close(struct session *s)
{
	struct engine	*eng = s->eng;
	struct proxy	*fe = s->fe;

	sess_unqueue(s);
	if (s->st == SESS_REQ_WAIT || s->st == SESS_CLOSING)
		sess_donate(s);
	sess_drop_server(s);
	if (s->be_counted)
		s->be->beconn--;
	s->be_counted = false;
	/* Logged after the server side is released, before the frontend
	 * and process counts drop: the counters HAProxy logs. */
	log_txn_close(s);
	log_txn_detach(s);
	io_free(s->cbev);
	if (s->timer != NULL)
		event_free(s->timer);
	http_head_clear(&s->req);
	http_head_clear(&s->res);
	rw_result_clear(&s->rw);
	vars_free(s->env.vars);
	free(s->msg);
	TAILQ_REMOVE(&eng->sessions, s, link);
	fe->feconn--;
	free(s);
	engine_session_removed(eng, fe);
}

/* Close once what is queued for the client has been written. */
void
sess_close_after_flush(struct session *s)
{
	s->st = SESS_CLOSING;
	io_read_disable(s->cbev);
	if (evbuffer_get_length(bufferevent_get_output(s->cbev)) == 0) {
		session_close(s);
		return;
	}
	/* A client that never reads must not hold us forever. */
	sess_set_timer(s, sess_tmo(s->fe, PXT_CLIENT) ?
	    sess_tmo(s->fe, PXT_CLIENT) : 10000);
}

/* ------------------------------------------------------------------ */
/* Routing */

/* use_backend rules in order, then default_backend; a listen section
 * falls back to itself.  NULL: nothing matched (503). */
struct proxy *
sess_route(struct session *s)
{
	const struct proxy_conf		*pc = s->fe->conf;
	const struct switch_rule	*r = acl_route(pc, &s->env);

	if (r != NULL)
		return proxy_of_conf(s->eng, r->target);
	if (pc->cap & CFG_CAP_BE)
		return s->fe;
	return NULL;
}

/* Attach the session to backend BE for this transaction. */
void
sess_set_backend(struct session *s, struct proxy *be)
{
	uint32_t	r = be->conf->retries;

	if (s->be_counted && s->be != be) {
		s->be->beconn--;
		s->be_counted = false;
	}
	s->be = be;
	s->env.be = be;
	if (!s->be_counted) {
		be->beconn++;
		be->cum_beconn++;
		freq_hit(&be->be_sess_rate, &be->be_sess_rate_max,
		    s->eng->base);
		if (be->beconn > be->beconn_max)
			be->beconn_max = be->beconn;
		s->be_counted = true;
	}
	s->retries_left = r == CFG_UNSET ? 3 : r;
	s->attempts = 0;
	s->force_srv = s->avoid_srv = NULL;
}

/* ------------------------------------------------------------------ */
/* Connecting */

static void	sess_connect_start(struct session *, struct server *);
static void	sess_relay_refresh(struct session *);
static void	sess_attempt_failed(struct session *, bool timeout);
static void	sess_dst_port(const struct session *, const struct server *,
		    struct sockaddr_storage *);

void
sess_srv_event_cb(struct bufferevent *b, short what, void *arg)
{
	struct session	*s = arg;

	(void)b;
	if (what & BEV_EVENT_CONNECTED) {
		int	one = 1;

		setsockopt(bufferevent_getfd(s->sbev), IPPROTO_TCP,
		    TCP_NODELAY, &one, sizeof(one));
		check_observe(s->srv, CHK_OBS_L4_OK);
		sess_connected(s);
		return;
	}
	if (s->st == SESS_CONNECTING) {
		sess_attempt_failed(s, (what & BEV_EVENT_TIMEOUT) != 0);
		return;
	}
	if (s->st == SESS_TUNNEL) {
		sess_relay_event(s, false, what);
		return;
	}
	http_srv_event(s, what);
}

/* ------------------------------------------------------------------ */
/* Idle server connections (http-reuse safe) */

#define POOL_MAX_IDLE		64	/* idle connections kept per server */
#define POOL_IDLE_MS		5000	/* HAProxy's pool-purge-delay */

static void
sess_pool_del(struct srv_idle *ic)
{
	TAILQ_REMOVE(&ic->srv->idle, ic, link);
	ic->srv->nidle--;
	ic->srv->nidle_safe -= ic->safe;
	io_free(ic->bev);
	free(ic);
}

/* An idle connection must stay silent: data or a close ends it. */
static void
sess_pool_read_cb(struct bufferevent *b, void *arg)
{
	(void)b;
	sess_pool_del(arg);
}

static void
sess_pool_event_cb(struct bufferevent *b, short what, void *arg)
{
	(void)b;
	(void)what;
	sess_pool_del(arg);
}

/* Give BEV, idle and reusable, to SRV's pool (or close it).  SAFE: it
 * served more than one request. */
static void
sess_pool_put(struct server *srv, struct bufferevent *bev, bool safe)
{
	struct srv_idle	*ic;

	if (srv->nidle >= POOL_MAX_IDLE || srv->state != SRV_ST_UP ||
	    (ic = calloc(1, sizeof(*ic))) == NULL) {
		io_free(bev);
		return;
	}
	ic->bev = bev;
	ic->srv = srv;
	ic->safe = safe;
	TAILQ_INSERT_HEAD(&srv->idle, ic, link);
	srv->nidle++;
	srv->nidle_safe += safe;
	bufferevent_setcb(bev, sess_pool_read_cb, NULL, sess_pool_event_cb, ic);
	sess_bev_timeouts(bev, POOL_IDLE_MS, 0);
	io_read_enable(bev);
}

/* The most recently idle connection of SRV, or NULL. */
static struct bufferevent *
sess_pool_get(struct server *srv)
{
	struct srv_idle		*ic = TAILQ_FIRST(&srv->idle);
	struct bufferevent	*bev;

	if (ic == NULL)
		return NULL;
	TAILQ_REMOVE(&srv->idle, ic, link);
	srv->nidle--;
	srv->nidle_safe -= ic->safe;
	bev = ic->bev;
	free(ic);
	return bev;
}

void
session_pool_flush(struct server *srv)
{
	struct srv_idle	*ic;

	while ((ic = TAILQ_FIRST(&srv->idle)) != NULL)
		sess_pool_del(ic);
}

/* The session's kept connection, idle between two requests, goes to its
 * server's pool for other sessions' later requests; it is closed when it
 * cannot be reused.  The maxconn slot is not touched here: a kept
 * connection gave its slot back when its transaction ended. */
static void
sess_donate(struct session *s)
{
	if (s->sbev == NULL)
		return;
	if (s->reuse_srv != NULL && !s->srv_eof && s->mode == CONN_KEEPALIVE)
		sess_pool_put(s->reuse_srv, s->sbev, s->reused);
	else
		io_free(s->sbev);
	s->sbev = NULL;
	s->reuse_srv = NULL;
	s->srv_eof = false;
}

/* Connect to S (a slot is already taken), or reuse the kept connection. */
static void
sess_connect_start(struct session *s, struct server *srv)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;

	s->srv = srv;
	s->srv_slot = true;
	srv->total++;
	log_txn_server(s);
	/* Servers without an "id" are numbered from 1 in config order. */
	s->env.srv_id = srv->conf->id ? (int)srv->conf->id : (int)srv->idx + 1;
	s->attempts++;
	s->st = SESS_CONNECTING;
	if (s->sbev != NULL && s->reuse_srv == srv) {
		s->reused = true;
		sess_connected(s);
		return;
	}
	sess_donate(s);
	/* "http-reuse safe": a session's first request always gets a
	 * connection of its own; later ones may take an idle one. */
	if (s->ntxn > 1 && s->mode == CONN_KEEPALIVE &&
	    (s->sbev = sess_pool_get(srv)) != NULL) {
		bufferevent_setcb(s->sbev, NULL, NULL, sess_srv_event_cb, s);
		s->reuse_srv = srv;
		s->reused = true;
		s->srv_eof = false;
		sess_connected(s);
		return;
	}
	s->reused = false;
	s->reuse_srv = NULL;
	s->srv_eof = false;
	srv->connect++;
	s->be->connect++;
	s->sbev = bufferevent_socket_new(s->eng->base, -1,
	    BEV_OPT_CLOSE_ON_FREE);
	if (s->sbev == NULL) {
		sess_connect_failed(s);
		return;
	}
	bufferevent_setcb(s->sbev, NULL, NULL, sess_srv_event_cb, s);
	sess_bev_timeouts(s->sbev, 0, sess_tmo(s->be, PXT_CONNECT));
	ss = srv->addr;
	len = srv->addrlen;
	/* No port on the server line: the port the client connected to. */
	if (!srv->conf->addr.has_port || srv->conf->addr.port_relative)
		sess_dst_port(s, srv, &ss);
	if (bufferevent_socket_connect(s->sbev, (struct sockaddr *)&ss,
	    (int)len) < 0)
		sess_connect_failed(s);
}

static struct server *
sess_pick(struct session *s, bool *full)
{
	struct lb_input	 in;
	struct server	*pick;

	*full = false;
	if (s->force_srv != NULL && s->force_srv->state == SRV_ST_UP) {
		struct server	*f = s->force_srv;
		uint32_t	 mc = f->conf->maxconn;

		if (mc != CFG_UNSET && mc > 0 && f->cur_conns >= mc) {
			*full = true;
			return NULL;
		}
		return f;
	}
	in.src = &s->src;
	in.req = s->is_http ? &s->req : NULL;
	in.avoid = s->avoid_srv;
	pick = lb_pick(s->be, &in, full);
	/* HAProxy's lbtot: not a redispatch back to the same server, not
	 * a session leaving the queue. */
	if (pick != NULL && pick != in.avoid && s->st != SESS_QUEUED) {
		pick->lbtot++;
		s->be->lbtot++;
	}
	return pick;
}

/* The connection to the server is up (or reused). */
void
sess_connected(struct session *s)
{
	log_txn_connected(s);
	if (s->is_http)
		http_connected(s);
	else {
		log_txn_asap(s);
		sess_start_relay(s);
	}
}

/* The transaction cannot be served: an error page in mode http, a plain
 * close in mode tcp. */
void
sess_fail(struct session *s, int status)
{
	if (s->is_http)
		http_fail(s, status);
	else
		session_close(s);
}

/* A server written without a port gets the port the client connected to,
 * shifted by a "+N"/"-N" offset. */
static void
sess_dst_port(const struct session *s, const struct server *srv,
    struct sockaddr_storage *ss)
{
	unsigned	port = 0;
	long		p;

	if (s->dst.ss_family == AF_INET)
		port = ntohs(((const struct sockaddr_in *)&s->dst)->sin_port);
	else if (s->dst.ss_family == AF_INET6)
		port = ntohs(((const struct sockaddr_in6 *)&s->dst)->sin6_port);
	p = (long)port + (srv->conf->addr.port_relative ?
	    srv->conf->addr.port_offset : 0);
	if (p < 1 || p > 65535)
		p = port;
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)p);
	else if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)p);
}

/* Pick a server and connect; queue when all are full; 503 when none. */
void
sess_connect(struct session *s)
{
	struct server	*srv;
	bool		 full;
	uint32_t	 qt;

	srv = sess_pick(s, &full);
	if (srv != NULL) {
		lb_take(srv);
		sess_connect_start(s, srv);
		return;
	}
	if (!full) {
		log_txn_term(s, 'S', 'C');
		sess_fail(s, 503);
		return;
	}
	s->st = SESS_QUEUED;
	s->in_queue = true;
	TAILQ_INSERT_TAIL(&s->be->queue, s, qlink);
	s->be->queued++;
	if (s->be->queued > s->be->qmax)
		s->be->qmax = s->be->queued;
	qt = sess_tmo(s->be, PXT_QUEUE);
	sess_set_timer(s, qt ? qt : sess_tmo(s->be, PXT_CONNECT));
}

/* A slot was freed on BE: serve the oldest queued sessions. */
void
sess_dequeue(struct proxy *be)
{
	struct session	*q;
	struct server	*srv;
	bool		 full;

	while ((q = TAILQ_FIRST(&be->queue)) != NULL) {
		srv = sess_pick(q, &full);
		if (srv == NULL)
			return;
		lb_take(srv);
		sess_unqueue(q);
		evtimer_del(q->timer);
		sess_connect_start(q, srv);
	}
}

/* Usable active servers: HAProxy's srv_act. */
static unsigned
sess_srv_act(const struct proxy *be)
{
	unsigned	i, n = 0;

	for (i = 0; i < be->nsrvs; i++)
		if (proxy_srv_usable(&be->srvs[i]) &&
		    !be->srvs[i].conf->backup)
			n++;
	return n;
}

/* The hash-based algorithms (HAProxy's BE_LB_KIND_HI). */
static bool
sess_lb_hashed(const struct proxy *be)
{
	switch (be->conf->balance) {
	case LB_SOURCE:
	case LB_URI:
	case LB_URL_PARAM:
	case LB_HDR:
	case LB_RDP_COOKIE:
		return true;
	default:
		return false;
	}
}

/*
 * Should the retry after a failed attempt go back to the balancer?  This
 * is HAProxy 2.6's stream_choose_redispatch(), with "option redispatch":
 * the server is not UP any more; or the retry falls on the redispatch
 * interval (P > 0: every P-th retry; P < 0, -1 by default: the last
 * retry counted from the end); or, whatever P (even 0), there is more
 * than one usable active server and the algorithm is not a hash, so the
 * server does not matter: every retry is redispatched.  DONE counts the
 * retries including this one.
 */
static bool
sess_redispatch(const struct session *s, const struct server *srv,
    unsigned done)
{
	const struct proxy	*be = s->be;
	uint32_t		 r = be->conf->retries;
	int			 total = r == CFG_UNSET ? 3 : (int)r;
	int			 p = be->conf->redispatch_interval;

	if (!(be->conf->opts & PXO_BIT(PXO_REDISPATCH)))
		return false;
	if (srv->state != SRV_ST_UP)
		return true;
	if (p > 0 && done % (unsigned)p == 0)
		return true;
	if (p < 0 && total + 1 + p > 0 &&
	    done % (unsigned)(total + 1 + p) == 0)
		return true;
	return sess_srv_act(be) > 1 && !sess_lb_hashed(be);
}

/*
 * A connection attempt failed (TIMEOUT: timeout connect expired): retry,
 * redispatching when allowed, else 503.  As HAProxy 2.6
 * (back_handle_st_cer()), the turn-around delay of min(timeout connect,
 * 1 s) follows a connection error only, not a connect timeout (which has
 * waited long enough), and before a redispatch only when there is at most
 * one usable active server (the balancer would likely pick the same one);
 * a redispatch among several servers is immediate.
 */
static void
sess_attempt_failed(struct session *s, bool timeout)
{
	struct server	*srv = s->srv;
	uint32_t	 delay;
	bool		 redisp;

	srv->failed_conns++;
	s->be->failed_conns++;
	/* "observe" counts the error before the retry is decided: a server
	 * that it marks down is redispatched from. */
	if (!(s->reused && s->attempts == 1))
		check_observe(srv, CHK_OBS_L4_ERR);
	sess_drop_server(s);
	if (s->reused && s->attempts == 1) {
		/* The kept-alive connection was closed by the server: a new
		 * one does not count as a retry. */
		s->force_srv = srv;
		s->reused = false;
		sess_connect(s);
		return;
	}
	if (s->retries_left == 0) {
		log_txn_term(s, timeout ? 's' : 'S', 'C');
		sess_fail(s, 503);
		return;
	}
	s->retries_left--;
	redisp = sess_redispatch(s, srv, s->attempts);
	s->force_srv = srv;
	s->avoid_srv = NULL;
	if (redisp) {
		s->force_srv = NULL;
		s->avoid_srv = srv;
		srv->redispatches++;
	} else
		srv->retries++;
	log_txn_retry(s, redisp);
	s->st = SESS_CONNECTING;
	if (timeout || (redisp && sess_srv_act(s->be) > 1)) {
		sess_connect(s);
		return;
	}
	delay = sess_tmo(s->be, PXT_CONNECT);
	if (delay == 0 || delay > RETRY_DELAY_MAX_MS)
		delay = RETRY_DELAY_MAX_MS;
	sess_set_timer(s, delay);
}

/* A connection attempt failed with an error (refused, reset...). */
void
sess_connect_failed(struct session *s)
{
	sess_attempt_failed(s, false);
}

/* ------------------------------------------------------------------ */
/* Byte relay: mode tcp, and HTTP after 101 Switching Protocols */

#define RELAY_MAX	(256 * 1024)	/* stop reading past this backlog */

static struct bufferevent *
sess_peer(struct session *s, struct bufferevent *b)
{
	return b == s->cbev ? s->sbev : s->cbev;
}

/* The idle timeout of the relay's client side and server side: timeout
 * tunnel when set, else timeout client and timeout server. */
static void
sess_relay_tmo(const struct session *s, uint32_t *tc, uint32_t *ts)
{
	uint32_t	tun = sess_tmo(s->be, PXT_TUNNEL);
	uint32_t	cf = sess_tmo(s->fe, PXT_CLIENT_FIN);
	uint32_t	sf = sess_tmo(s->be, PXT_SERVER_FIN);

	*tc = tun ? tun : sess_tmo(s->fe, PXT_CLIENT);
	*ts = tun ? tun : sess_tmo(s->be, PXT_SERVER);
	/* Once a side has half-closed, its *-fin timeout applies to it
	 * (HAProxy: timeout client-fin / server-fin). */
	if (s->cli_eof && cf)
		*tc = cf;
	if (s->srv_eof && sf)
		*ts = sf;
}

static void
sess_relay_read_cb(struct bufferevent *b, void *arg)
{
	struct session		*s = arg;
	struct bufferevent	*peer = sess_peer(s, b);
	struct evbuffer		*out = bufferevent_get_output(peer);
	uint32_t		 tc, ts, t;

	evbuffer_add_buffer(out, bufferevent_get_input(b));
	if (evbuffer_get_length(out) >= RELAY_MAX)
		io_read_disable(b);
	/* Data moving either way is activity for both sides: as with
	 * HAProxy, a one-way stream (a server that only talks) must not
	 * time out on the silent side.  Restart the peer's idle timers. */
	sess_relay_tmo(s, &tc, &ts);
	t = peer == s->cbev ? tc : ts;
	sess_bev_timeouts(peer, t, t);
	if (s->cli_eof || s->srv_eof)
		sess_relay_refresh(s);
}

/* Re-arm both sides' idle timers.  A half-closed side no longer reads,
 * so bufferevent timeouts would never fire for it: its *-fin timeout
 * runs on the session timer instead, restarted by any traffic. */
static void
sess_relay_refresh(struct session *s)
{
	uint32_t	tc, ts, fin = 0;

	sess_relay_tmo(s, &tc, &ts);
	sess_bev_timeouts(s->cbev, tc, tc);
	sess_bev_timeouts(s->sbev, ts, ts);
	if (s->cli_eof && sess_tmo(s->fe, PXT_CLIENT_FIN))
		fin = tc;
	if (s->srv_eof && sess_tmo(s->be, PXT_SERVER_FIN) &&
	    (fin == 0 || ts < fin))
		fin = ts;
	if (fin != 0)
		sess_set_timer(s, fin);
}

/* Both directions done and flushed: the relay is over. */
static bool
sess_relay_done(struct session *s)
{
	return s->cli_eof && s->srv_eof &&
	    evbuffer_get_length(bufferevent_get_output(s->cbev)) == 0 &&
	    evbuffer_get_length(bufferevent_get_output(s->sbev)) == 0;
}

static void
sess_relay_write_cb(struct bufferevent *b, void *arg)
{
	struct session		*s = arg;
	struct bufferevent	*peer = sess_peer(s, b);
	bool			 peer_eof = b == s->cbev ? s->srv_eof :
				    s->cli_eof;

	if (sess_relay_done(s)) {
		session_close(s);
		return;
	}
	/* The peer finished sending: pass the half-close on. */
	if (peer_eof)
		shutdown(bufferevent_getfd(b), SHUT_WR);
	else
		io_read_enable(peer);
}

void
sess_relay_event(struct session *s, bool client, short what)
{
	struct bufferevent	*b = client ? s->cbev : s->sbev;
	struct bufferevent	*peer = sess_peer(s, b);

	if (what & (BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) {
		if (what & BEV_EVENT_TIMEOUT)
			log_txn_term(s, client ? 'c' : 's', 'D');
		else
			log_txn_term(s, client ? 'C' : 'S', 'D');
		session_close(s);
		return;
	}
	if (what & BEV_EVENT_EOF) {
		if (client)
			s->cli_eof = true;
		else
			s->srv_eof = true;
		io_read_disable(b);
		if (sess_relay_done(s)) {
			session_close(s);
			return;
		}
		if (evbuffer_get_length(bufferevent_get_output(peer)) == 0)
			shutdown(bufferevent_getfd(peer), SHUT_WR);
		sess_relay_refresh(s);
	}
}

static void
sess_cli_relay_event_cb(struct bufferevent *b, short what, void *arg)
{
	(void)b;
	sess_relay_event(arg, true, what);
}

/* Switch both sides to a byte relay, under timeout tunnel when set. */
void
sess_start_relay(struct session *s)
{
	uint32_t	tc, ts;

	sess_relay_tmo(s, &tc, &ts);
	s->st = SESS_TUNNEL;
	evtimer_del(s->timer);
	bufferevent_setcb(s->cbev, sess_relay_read_cb, sess_relay_write_cb,
	    sess_cli_relay_event_cb, s);
	bufferevent_setcb(s->sbev, sess_relay_read_cb, sess_relay_write_cb,
	    sess_srv_event_cb, s);
	sess_bev_timeouts(s->cbev, tc, tc);
	sess_bev_timeouts(s->sbev, ts, ts);
	bufferevent_enable(s->cbev, EV_WRITE);
	bufferevent_enable(s->sbev, EV_WRITE);
	io_read_enable(s->cbev);
	io_read_enable(s->sbev);
	if (evbuffer_get_length(bufferevent_get_input(s->cbev)) > 0)
		sess_relay_read_cb(s->cbev, s);
	if (evbuffer_get_length(bufferevent_get_input(s->sbev)) > 0)
		sess_relay_read_cb(s->sbev, s);
}

/* ------------------------------------------------------------------ */
/* Accept, timers, mode tcp */

static void
sess_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct session	*s = arg;

	(void)fd;
	(void)what;
	switch (s->st) {
	case SESS_QUEUED:
		sess_unqueue(s);
		log_txn_term(s, 's', 'Q');
		sess_fail(s, 503);
		break;
	case SESS_CONNECTING:
		sess_connect(s);
		break;
	case SESS_CLOSING:
	case SESS_TUNNEL:	/* a *-fin timeout of a half-closed relay */
		session_close(s);
		break;
	default:
		http_timer(s);
		break;
	}
}

/* tcp-request connection rules: accept stops, reject closes. */
static bool
sess_tcp_conn_rules(struct session *s)
{
	const struct proxy_conf	*pc = s->fe->conf;
	unsigned		 i;

	for (i = 0; i < pc->tcp_req.n; i++) {
		const struct tcp_rule	*r = &pc->tcp_req.v[i];

		if (r->when_kind != TCP_WHEN_CONNECTION ||
		    !acl_cond_eval(r->cond, &s->env))
			continue;
		if (r->act == TCP_ACT_ACCEPT)
			return true;
		if (r->act == TCP_ACT_REJECT || r->act == TCP_ACT_SILENT_DROP) {
			s->fe->denied_req++;
			return false;
		}
	}
	return true;
}

static void
sess_tcp_start(struct session *s)
{
	struct proxy	*be = sess_route(s);

	if (be == NULL) {
		session_close(s);
		return;
	}
	sess_set_backend(s, be);
	sess_connect(s);
}

void
session_accept(struct listener *li, int fd, const struct sockaddr *sa,
    socklen_t salen)
{
	struct proxy	*fe = li->px;
	struct engine	*eng = fe->eng;
	struct session	*s = calloc(1, sizeof(*s));
	socklen_t	 dlen = sizeof(s->dst);
	int		 one = 1;

	if (s == NULL || (s->msg = malloc(sizeof(*s->msg))) == NULL ||
	    (s->timer = evtimer_new(eng->base, sess_timer_cb, s)) == NULL ||
	    (s->cbev = bufferevent_socket_new(eng->base, fd,
	    BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		if (s != NULL) {
			free(s->msg);
			if (s->timer != NULL)
				event_free(s->timer);
		}
		free(s);
		close(fd);
		return;
	}
	s->eng = eng;
	s->li = li;
	s->fe = fe;
	memcpy(&s->src, sa, salen < sizeof(s->src) ? salen : sizeof(s->src));
	getsockname(fd, (struct sockaddr *)&s->dst, &dlen);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	s->is_http = fe->conf->mode == CFG_MODE_HTTP;
	s->env.src = &s->src;
	s->env.dst = &s->dst;
	s->env.fe = fe;
	s->env.eng = eng;
	s->env.srv_id = -1;
	s->env.vars = vars_new();	/* NULL: set-var does nothing */
	log_txn_begin(s);
	TAILQ_INSERT_TAIL(&eng->sessions, s, link);
	fe->feconn++;
	fe->cum_feconn++;
	if (fe->feconn > fe->feconn_max)
		fe->feconn_max = fe->feconn;
	engine_session_added(eng, fe);
	log_txn_attach(s);
	if (!sess_tcp_conn_rules(s)) {
		s->txn.done = true;	/* HAProxy logs no rejected connection */
		session_close(s);
		return;
	}
	if (s->is_http)
		http_session_start(s);
	else
		sess_tcp_start(s);
}

void
session_soft_stop(struct engine *eng)
{
	struct session	*s, *next;

	for (s = TAILQ_FIRST(&eng->sessions); s != NULL; s = next) {
		next = TAILQ_NEXT(s, link);
		if (s->is_http)
			http_soft_stop(s);
	}
}

void
session_free_all(struct engine *eng)
{
	struct session	*s;

	while ((s = TAILQ_FIRST(&eng->sessions)) != NULL)
		session_close(s);
}
