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

#include "http/acl.h"
#include "model/cfg_model.h"
#include "servers/check_srv.h"
#include "engine/engine.h"
#include "engine/io.h"
#include "servers/lb.h"
#include "observe/log.h"
#include "servers/persist.h"
#include "servers/proxy.h"
#include "http/rewrite.h"
#include "engine/session.h"
#include "engine/session_http.h"
#include "engine/session_pp.h"
#include "engine/sockopt.h"
#include "servers/stick.h"
#include "http/vars.h"

#define RETRY_DELAY_MAX_MS	1000	/* HAProxy's turn-around delay cap */
#define LINGER_MS		1000	/* a closing client may still send */

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

	if (s->st == SESS_CLOSED)
		return;		/* the timer carries the deferred free */
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
	if (s->queue_srv != NULL)
		s->queue_srv->queued--;
	s->queue_srv = NULL;
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

/* The end of the event that closed S: its memory goes now. */
static void
sess_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct session	*s = arg;

	(void)fd;
	(void)what;
	TAILQ_REMOVE(&s->eng->closed, s, link);
	event_free(s->timer);
	free(s);
}

/*
 * The one close path.  Everything the session holds is released here
 * (connections, slot, queue place, log line, counters), but the struct
 * itself is freed only at the end of the current event: a close happens
 * deep inside call chains (a body error, a rule, a failed write) whose
 * callers still look at the session on their way out.  Rather than every
 * function that may close returning a verdict each caller must check, the
 * session stays readable and inert (SESS_CLOSED, no bufferevent, no
 * timer armed) until the event loop comes back, so a caller that checks
 * s->st after a call that may close is always safe.  A second close is a
 * no-op.  The session timer, no longer needed, carries the deferred free.
 */
void
session_close(struct session *s)
{
	struct engine	*eng = s->eng;
	struct proxy	*fe = s->fe;

	if (s->st == SESS_CLOSED)
		return;
	sess_unqueue(s);
	if (s->st == SESS_REQ_WAIT || s->st == SESS_CLOSING)
		sess_donate(s);
	s->st = SESS_CLOSED;
	sess_drop_server(s);
	if (s->be_counted)
		s->be->beconn--;
	s->be_counted = false;
	/* Logged after the server side is released, before the frontend
	 * and process counts drop: the counters HAProxy logs. */
	log_txn_close(s);
	log_txn_detach(s);
	io_free(s->cbev);
	s->cbev = NULL;
	http_head_clear(&s->req);
	http_head_clear(&s->res);
	rw_result_clear(&s->rw);
	vars_free(s->env.vars);
	s->env.vars = NULL;
	free(s->msg);
	s->msg = NULL;
	TAILQ_REMOVE(&eng->sessions, s, link);
	TAILQ_INSERT_TAIL(&eng->closed, s, link);
	fe->feconn--;
	evtimer_del(s->timer);
	event_assign(s->timer, eng->base, -1, 0, sess_reap_cb, s);
	event_active(s->timer, EV_TIMEOUT, 0);
	engine_session_removed(eng, fe);
}

/* Drop what a lingering client still sends. */
static void
sess_linger_read_cb(struct bufferevent *b, void *arg)
{
	struct evbuffer	*in = bufferevent_get_input(b);

	(void)arg;
	evbuffer_drain(in, evbuffer_get_length(in));
}

/* A closing client went away, timed out, or ended its lingering. */
static void
sess_closing_event_cb(struct bufferevent *b, short what, void *arg)
{
	struct session	*s = arg;

	(void)b;
	if (what & (BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT))
		log_txn_term(s, (what & BEV_EVENT_TIMEOUT) ? 'c' : 'C', 0);
	session_close(s);
}

/*
 * The last answer is written: half-close, so that the client reads it to
 * its end, then read and drop what the client still sends until it
 * closes too, for LINGER_MS at most.  A close() with unread input sends a
 * reset instead of a FIN, and a reset may destroy the answer before the
 * client read it (a 414 or 431 comes while the client is still sending);
 * HAProxy closes its error replies this way too.
 */
static void
sess_linger(struct session *s)
{
	struct evbuffer	*in = bufferevent_get_input(s->cbev);

	if (s->cli_eof || shutdown(bufferevent_getfd(s->cbev), SHUT_WR) < 0) {
		session_close(s);
		return;
	}
	sess_donate(s);		/* a kept server connection: not needed */
	evbuffer_drain(in, evbuffer_get_length(in));
	bufferevent_setcb(s->cbev, sess_linger_read_cb, NULL,
	    sess_closing_event_cb, s);
	sess_bev_timeouts(s->cbev, 0, 0);
	sess_set_timer(s, LINGER_MS);
	io_read_enable(s->cbev);
}

static void
sess_closing_write_cb(struct bufferevent *b, void *arg)
{
	(void)b;
	sess_linger(arg);
}

/* Close once what is queued for the client has been written; see
 * sess_linger() for the close itself. */
void
sess_close_after_flush(struct session *s)
{
	if (s->st == SESS_CLOSED)
		return;
	s->st = SESS_CLOSING;
	io_read_disable(s->cbev);
	bufferevent_setcb(s->cbev, NULL, sess_closing_write_cb,
	    sess_closing_event_cb, s);
	if (evbuffer_get_length(bufferevent_get_output(s->cbev)) == 0) {
		sess_linger(s);
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
	/* "retry-on none": connection failures are not retried either. */
	if (be->conf->retry_on_set &&
	    !(be->conf->retry_on & PXR_CONN_FAILURE))
		s->retries_left = 0;
	s->attempts = 0;
	s->force_srv = s->avoid_srv = NULL;
	s->direct_srv = NULL;
	s->prst = 0;
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
		sess_pp_send(s);	/* a new connection: header first */
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

	/* Unread bytes: never reuse (they would answer another request). */
	if (srv->nidle >= POOL_MAX_IDLE || srv->state != SRV_ST_UP ||
	    evbuffer_get_length(bufferevent_get_input(bev)) > 0 ||
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
	if (s->reuse_srv != NULL && !s->srv_eof && s->mode == CONN_KEEPALIVE &&
	    s->reuse_srv->px->conf->http_reuse != REUSE_NEVER)
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
	if (s->be->conf->sticks.n > 0)
		stick_store(s->be, &s->env, srv);
	s->attempts++;
	s->st = SESS_CONNECTING;
	/* The kept connection, unless it spoke out of turn: its bytes
	 * would be taken for the answer to this request. */
	if (s->sbev != NULL && s->reuse_srv == srv &&
	    evbuffer_get_length(bufferevent_get_input(s->sbev)) == 0) {
		s->reused = true;
		sess_connected(s);
		return;
	}
	sess_donate(s);
	/* "http-reuse safe": a session's first request always gets a
	 * connection of its own; later ones may take an idle one.
	 * "aggressive" and "always" behave as "safe"; "never" shares no
	 * connection (the pool stays empty, see sess_donate()). */
	if (s->ntxn > 1 && s->mode == CONN_KEEPALIVE &&
	    s->be->conf->http_reuse != REUSE_NEVER &&
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
	else if (s->sbev != NULL) {
		sock_keepalive(bufferevent_getfd(s->sbev), s->be->conf, false);
		sock_tune_bufs(bufferevent_getfd(s->sbev),
		    &s->eng->cfg->global, false);
	}
}

/* The session must go to F: F, or NULL and *FULL when F is at its maxconn
 * (the session waits for it, unless F's queue holds "maxqueue" sessions
 * already: *FULL stays false, the balancer decides then). */
static struct server *
sess_bound(struct session *s, struct server *f, bool *full)
{
	uint32_t	 mc = proxy_srv_maxconn(f), mq = f->conf->maxqueue;

	if (mc == 0 || f->cur_conns < mc)
		return f;
	if (mq != CFG_UNSET && mq > 0 && f->queued >= mq &&
	    s->queue_srv != f)
		return NULL;
	s->wait_srv = f;
	*full = true;
	return NULL;
}

/*
 * "option prefer-last-server", for the algorithms that do not hash: the
 * server of the session's kept connection, while it is usable.  When it
 * is full the request waits for it, unless "max-keep-alive-queue"
 * requests wait there already: then it is balanced again.
 */
static struct server *
sess_last_srv(struct session *s, bool *full)
{
	const struct proxy_conf	*pc = s->be->conf;
	struct server		*srv = s->reuse_srv;
	uint32_t		 mc;

	if (!(pc->opts & PXO_BIT(PXO_PREFER_LAST_SERVER)) || srv == NULL ||
	    s->sbev == NULL || s->srv_eof || s->avoid_srv != NULL ||
	    srv->px != s->be || !proxy_srv_usable(srv))
		return NULL;
	switch (pc->balance) {
	case LB_SOURCE: case LB_URI: case LB_URL_PARAM: case LB_HDR:
	case LB_RDP_COOKIE:
		return NULL;
	default:
		break;
	}
	mc = proxy_srv_maxconn(srv);
	if (pc->max_keepalive_queue_set && mc > 0 &&
	    srv->cur_conns >= mc && srv->queued >= pc->max_keepalive_queue)
		return NULL;
	return sess_bound(s, srv, full);
}

static struct server *
sess_pick(struct session *s, bool *full)
{
	struct lb_input	 in;
	struct server	*pick;

	*full = false;
	s->wait_srv = NULL;
	if (s->force_srv != NULL && s->force_srv->state == SRV_ST_UP &&
	    ((pick = sess_bound(s, s->force_srv, full)) != NULL || *full))
		return pick;
	/* Queued for a given server (stick): it stays its server. */
	if (s->queue_srv != NULL && s->queue_srv->state == SRV_ST_UP &&
	    ((pick = sess_bound(s, s->queue_srv, full)) != NULL || *full))
		return pick;
	/* use-server or a cookie (persist.c): it may be down then. */
	if (s->direct_srv != NULL && s->avoid_srv == NULL &&
	    ((pick = sess_bound(s, s->direct_srv, full)) != NULL || *full))
		return pick;
	if (s->be->nsrvs == 0 && s->be->dispatch != NULL)
		return s->be->dispatch;
	/* Persistence ("stick match"/"stick on"), but not on a redispatch.
	 * A full server whose queue reached "maxqueue" refuses the request
	 * (503) as HAProxy does, unless "option redispatch" lets the
	 * balancer pick another. */
	if (s->be->conf->sticks.n > 0 && s->avoid_srv == NULL &&
	    (pick = stick_match(s->be, &s->env)) != NULL &&
	    ((pick = sess_bound(s, pick, full)) != NULL || *full ||
	    !(s->be->conf->opts & PXO_BIT(PXO_REDISPATCH))))
		return pick;
	if ((pick = sess_last_srv(s, full)) != NULL || *full)
		return pick;
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

/* The server "redir" of SRV: persist.c decides, the session answers a
 * 302.  True: answered (the transaction is over). */
static bool
sess_redir(struct session *s, struct server *srv)
{
	char	hdrs[PERSIST_REDIR_MAX];

	if (!persist_redir(s, srv, hdrs, sizeof(hdrs)))
		return false;
	s->srv = srv;		/* logged, as HAProxy's, with Tc -1 */
	srv->total++;
	log_txn_server(s);
	s->close_after = true;
	log_txn_term(s, 'L', 'C');
	http_reply_svc(s, 302, hdrs, NULL);
	return true;
}

/* Pick a server and connect; queue when all are full; 503 when none. */
void
sess_connect(struct session *s)
{
	struct server	*srv;
	bool		 full;
	uint32_t	 qt;

	srv = sess_pick(s, &full);
	if (srv != NULL && s->is_http && srv->conf->redir != NULL &&
	    sess_redir(s, srv))
		return;
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
	if ((s->queue_srv = s->wait_srv) != NULL)
		s->queue_srv->queued++;
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

	if (!(be->conf->opts & PXO_BIT(PXO_REDISPATCH)) ||
	    (s->prst & PRST_FORCE))
		return false;
	if (srv->state != SRV_ST_UP)
		return true;
	if (p > 0 && done % (unsigned)p == 0)
		return true;
	if (p < 0 && total + 1 + p > 0 &&
	    done % (unsigned)(total + 1 + p) == 0)
		return true;
	return !(s->prst & PRST_DIRECT) && sess_srv_act(be) > 1 &&
	    !sess_lb_hashed(be);
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
		s->direct_srv = NULL;	/* persistence is over */
		s->prst &= ~PRST_DIRECT;
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

/*
 * Mode tcp, tcp-response content rules of the backend, on the server's
 * first bytes (not waiting for tcp-response inspect-delay: what is there
 * is judged as final).  False: rejected, the session is closed.
 */
static bool
sess_tcp_res_rules(struct session *s)
{
	const struct proxy_conf	*pc = s->be->conf;
	struct evbuffer		*in = bufferevent_get_input(s->sbev);
	enum tcp_verdict	 v;

	s->res_inspected = true;
	if (pc->tcp_res.n == 0)
		return true;
	s->env.payload = evbuffer_pullup(in, -1);
	s->env.payload_len = evbuffer_get_length(in);
	v = sess_tcp_rules(s, pc->tcp_res.v, pc->tcp_res.n, TCP_WHEN_CONTENT);
	s->env.payload = NULL;
	s->env.payload_len = 0;
	if (v != TCPV_REJECT)
		return true;
	s->be->denied_resp++;
	log_txn_term(s, 'S', 'D');
	session_close(s);
	return false;
}

static void
sess_relay_read_cb(struct bufferevent *b, void *arg)
{
	struct session		*s = arg;
	struct bufferevent	*peer = sess_peer(s, b);
	struct evbuffer		*out = bufferevent_get_output(peer);
	uint32_t		 tc, ts, t;

	if (b == s->sbev && !s->res_inspected && !sess_tcp_res_rules(s))
		return;
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
	sess_set_timer(s, 0);
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

static void	sess_inspect(struct session *, bool);

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
	case SESS_INSPECT:	/* inspect-delay is over */
		sess_inspect(s, true);
		break;
	default:
		http_timer(s);
		break;
	}
}

/* "tcp-request content capture SAMPLE len N": the value goes to the log's
 * request captures, next to those of "http-request capture". */
static void
sess_tcp_capture(struct session *s, const struct tcp_rule *r)
{
	struct sess_txn	*t = &s->txn;
	char		 buf[1024];
	size_t		 max = r->capture_len + 1;

	if (t->nrcap >= sizeof(t->rcap_val) / sizeof(t->rcap_val[0]) ||
	    r->sample == NULL)
		return;
	if (max > sizeof(buf))
		max = sizeof(buf);
	if (acl_sample(r->sample, strlen(r->sample), &s->env, buf, max) < 0)
		return;
	t->rcap_rule[t->nrcap] = r;
	if ((t->rcap_val[t->nrcap] = strdup(buf)) != NULL)
		t->nrcap++;
}

/*
 * Run the tcp-request/-response rules V[0..n) of phase W: the first
 * accept or reject decides; capture and set-log-level run and go on.
 * With env.partial, a rule whose data may still come stops the walk
 * (TCPV_WAIT) until more data or the end of inspect-delay.
 */
enum tcp_verdict
sess_tcp_rules(struct session *s, const struct tcp_rule *v, unsigned n,
    enum tcp_when w)
{
	unsigned	i;

	for (i = 0; i < n; i++) {
		const struct tcp_rule	*r = &v[i];

		if (r->when_kind != w)
			continue;
		if (s->env.partial && acl_cond_pending(r->cond, &s->env))
			return TCPV_WAIT;
		if (!acl_cond_eval(r->cond, &s->env))
			continue;
		switch (r->act) {
		case TCP_ACT_ACCEPT:
			return TCPV_ACCEPT;
		case TCP_ACT_REJECT:
		case TCP_ACT_SILENT_DROP:
		case TCP_ACT_CLOSE:
			return TCPV_REJECT;
		case TCP_ACT_CAPTURE:
			sess_tcp_capture(s, r);
			break;
		case TCP_ACT_SET_LOG_LEVEL:
			s->txn.level = r->log_level;
			break;
		case TCP_ACT_EXPECT_PROXY:
			s->pp_expect = true;	/* read after these rules */
			break;
		}
	}
	return TCPV_CONTINUE;
}

/* tcp-request connection rules: false = closed.  The session rules run
 * in sess_accepted(), after a PROXY header (HAProxy's order). */
static bool
sess_tcp_conn_rules(struct session *s)
{
	const struct proxy_conf	*pc = s->fe->conf;

	if (sess_tcp_rules(s, pc->tcp_req.v, pc->tcp_req.n,
	    TCP_WHEN_CONNECTION) == TCPV_REJECT) {
		s->fe->denied_conn++;
		return false;
	}
	return true;
}

static bool
sess_has_rules(const struct proxy_conf *pc, enum tcp_when w)
{
	unsigned	i;

	for (i = 0; i < pc->tcp_req.n; i++)
		if (pc->tcp_req.v[i].when_kind == w)
			return true;
	return false;
}

static void
sess_tcp_route(struct session *s)
{
	struct proxy		*be = sess_route(s);

	enum tcp_verdict	 v = TCPV_CONTINUE;

	if (be != NULL && be != s->fe) {
		sess_set_backend(s, be);
		v = sess_tcp_rules(s, be->conf->tcp_req.v, be->conf->tcp_req.n,
		    TCP_WHEN_CONTENT);
	}
	/* The inspected bytes were in view for routing only. */
	s->env.payload = NULL;
	s->env.payload_len = 0;
	if (be == NULL || v == TCPV_REJECT) {
		if (v == TCPV_REJECT)
			be->denied_req++;
		session_close(s);
		return;
	}
	sess_set_backend(s, be);
	persist_tcp(s);
	sess_connect(s);
}

/*
 * Mode tcp, tcp-request content rules: judge the client's first bytes
 * (FINAL: no more will be waited for: inspect-delay over, EOF or a full
 * buffer).  Accepted, the session is routed with the bytes still in view,
 * so use_backend can test req.ssl_sni; the bytes are relayed later.
 */
static void
sess_inspect(struct session *s, bool final)
{
	const struct proxy_conf	*pc = s->fe->conf;
	struct evbuffer		*in = bufferevent_get_input(s->cbev);
	size_t			 len = evbuffer_get_length(in);
	enum tcp_verdict	 v;

	s->env.payload = len > 0 ? evbuffer_pullup(in, -1) : NULL;
	s->env.payload_len = len;
	s->env.partial = !final && len < s->eng->bufsize;
	v = sess_tcp_rules(s, pc->tcp_req.v, pc->tcp_req.n, TCP_WHEN_CONTENT);
	s->env.partial = false;
	if (v == TCPV_WAIT)
		return;
	sess_set_timer(s, 0);
	io_read_disable(s->cbev);
	if (v == TCPV_REJECT) {
		s->fe->denied_req++;
		log_txn_term(s, 'P', 'R');
		session_close(s);
		return;
	}
	s->st = SESS_CONNECTING;
	sess_tcp_route(s);
}

static void
sess_inspect_read_cb(struct bufferevent *b, void *arg)
{
	(void)b;
	sess_inspect(arg, false);
}

static void
sess_inspect_event_cb(struct bufferevent *b, short what, void *arg)
{
	struct session	*s = arg;

	(void)b;
	if ((what & BEV_EVENT_EOF) &&
	    evbuffer_get_length(bufferevent_get_input(s->cbev)) > 0) {
		sess_inspect(s, true);
		return;
	}
	log_txn_term(s, 'C', 'R');
	session_close(s);
}

/* Mode tcp: content rules first (waiting up to inspect-delay for the
 * data they test), then routing and the connection to a server. */
static void
sess_tcp_start(struct session *s)
{
	const struct proxy_conf	*pc = s->fe->conf;

	if (!sess_has_rules(pc, TCP_WHEN_CONTENT)) {
		sess_tcp_route(s);
		return;
	}
	s->st = SESS_INSPECT;
	if (pc->tcp_req_inspect_ms == 0 || pc->tcp_req_inspect_ms == CFG_UNSET) {
		sess_inspect(s, true);
		return;
	}
	bufferevent_setcb(s->cbev, sess_inspect_read_cb, NULL,
	    sess_inspect_event_cb, s);
	sess_set_timer(s, pc->tcp_req_inspect_ms);
	io_read_enable(s->cbev);
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

	sock_keepalive(fd, fe->conf, true);
	sock_tune_bufs(fd, &eng->cfg->global, true);
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
	http1_msg_setup(s->msg, eng->cfg->global.tune_http_maxhdr);
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
	if (sess_pp_expected(s))
		sess_pp_wait(s);	/* then sess_accepted() */
	else
		sess_accepted(s);
}

/*
 * 1.x "monitor-net": a client from one of the networks gets "HTTP/1.0 200
 * OK" at once in mode http, a bare close in mode tcp; neither is logged.
 */
static bool
sess_monitor_net(struct session *s)
{
	static const char	 ok[] = "HTTP/1.0 200 OK\r\n\r\n";
	const struct proxy_conf	*pc = s->fe->conf;
	size_t			 i;

	for (i = 0; i < pc->monitor_nets.n; i++)
		if (net_has(&pc->monitor_nets.v[i], &s->src))
			break;
	if (i == pc->monitor_nets.n)
		return false;
	s->txn.done = true;
	if (s->is_http && bufferevent_write(s->cbev, ok, sizeof(ok) - 1) == 0)
		sess_close_after_flush(s);
	else
		session_close(s);
	return true;
}

/* Past the connection rules and any PROXY header: the session rules,
 * then mode http or tcp. */
void
sess_accepted(struct session *s)
{
	const struct proxy_conf	*pc = s->fe->conf;
	struct proxy		*fe = s->fe;

	if (sess_monitor_net(s))
		return;
	if (sess_tcp_rules(s, pc->tcp_req.v, pc->tcp_req.n,
	    TCP_WHEN_SESSION) == TCPV_REJECT) {
		fe->denied_sess++;
		s->txn.done = true;	/* HAProxy logs no rejected connection */
		session_close(s);
		return;
	}
	fe->cum_sess++;		/* HAProxy's stot: past the connection rules */
	freq_hit(&fe->sess_rate, &fe->sess_rate_max, s->eng->base);
	engine_session_counted(s->eng, fe);
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

static bool
sess_killed_by(const struct session *s, const struct server *srv, bool up)
{
	if (s->srv == NULL || s->sbev == NULL || s->st == SESS_CLOSING)
		return false;
	if (!up)
		return s->srv == srv;
	return s->srv->px == srv->px && s->srv->conf->backup;
}

/* End the sessions sess_killed_by() picks, with termination code WHY. */
static void
sess_kill(struct engine *eng, const struct server *srv, bool up, char why)
{
	struct session	*s = TAILQ_FIRST(&eng->sessions);

	while (s != NULL) {
		if (!sess_killed_by(s, srv, up)) {
			s = TAILQ_NEXT(s, link);
			continue;
		}
		log_txn_term(s, why, s->st == SESS_CONNECTING ?
		    'C' : s->st == SESS_WAIT_RESP ? 'H' : 'D');
		session_close(s);
		/* Closing frees a slot, which may start or end queued
		 * sessions: look again from the start. */
		s = TAILQ_FIRST(&eng->sessions);
	}
}

void
session_kill_server(struct engine *eng, const struct server *srv, bool up)
{
	sess_kill(eng, srv, up, up ? 'U' : 'D');
}

void
session_shutdown_server(struct engine *eng, const struct server *srv)
{
	sess_kill(eng, srv, false, 'K');
}

void
session_free_all(struct engine *eng)
{
	struct session	*s;

	while ((s = TAILQ_FIRST(&eng->sessions)) != NULL)
		session_close(s);
	/* The loop is over: no event will free them. */
	while ((s = TAILQ_FIRST(&eng->closed)) != NULL)
		sess_reap_cb(-1, 0, s);
}
