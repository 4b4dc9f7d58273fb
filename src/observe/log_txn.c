/*
 * log_txn: the record of a transaction (struct sess_txn in session.h),
 * filled step by step by the session code, and what happens at its end:
 * the traffic counters of the stats page (proxy.h) and the log line
 * (option httplog / httplog clf / tcplog / log-format, spec §10.2), sent
 * through the frontend's targets (log.c).  The timers follow HAProxy
 * 2.6: TR from the first byte to the complete head, Tw from there to the
 * server's choice, Tc to the connection, Tr to the response head, Ta from
 * the first byte to the end, Tt from the accept (or the end of the
 * previous request) to the end.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/time.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "model/cfg_model.h"
#include "engine/engine_types.h"
#include "http/acl_env.h"
#include "http/http1.h"
#include "observe/log.h"
#include "observe/log_fmt.h"
#include "servers/proxy.h"
#include "http/rewrite.h"
#include "engine/session_types.h"

#define LOG_LINE_MAX	8192	/* longest line built, before "len" */
#include "base/nitems.h"
#define AVG_SAMPLES	1024	/* HAProxy's TIME_STATS_SAMPLES */

/* Monotonic microseconds: the clock of every transaction timer. */
int64_t
log_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
log_txn_free(struct sess_txn *t, const struct proxy_conf *fc)
{
	unsigned	i;

	for (i = 0; t->cap_req != NULL && i < fc->captures.n; i++)
		free(t->cap_req[i]);
	for (i = 0; t->cap_res != NULL && i < fc->captures.n; i++)
		free(t->cap_res[i]);
	free(t->cap_req);
	free(t->cap_res);
	free(t->reqline);
	free(t->cookie_req);
	free(t->cookie_res);
	free(t->unique_id);
	for (i = 0; i < t->nrcap; i++)
		free(t->rcap_val[i]);
}

/* Start a record: now is its accept date and the origin of its times. */
void
log_txn_begin(struct session *s)
{
	struct sess_txn	*t = &s->txn;

	log_txn_free(t, s->fe->conf);
	memset(t, 0, sizeof(*t));
	gettimeofday(&t->accept_date, NULL);
	t->t0 = log_now_us();
	t->t_first = t->t_head = t->t_queue = t->t_conn = t->t_resp = -1;
	t->status = -1;
	t->level = LOG_L_UNSET;
}

/* ------------------------------------------------------------------ */
/* Client bytes */

static void
log_in_cb(struct evbuffer *b, const struct evbuffer_cb_info *i, void *arg)
{
	struct session	*s = arg;

	(void)b;
	s->txn.bytes_in += i->n_added;
}

static void
log_out_cb(struct evbuffer *b, const struct evbuffer_cb_info *i, void *arg)
{
	struct session	*s = arg;

	(void)b;
	s->txn.bytes_out += i->n_added;
}

/* Count the client's bytes; HAProxy's default line when the frontend logs
 * but has no format ("Connect from", doc 8.2.1). */
void
log_txn_attach(struct session *s)
{
	const struct proxy_conf	*pc = s->fe->conf;
	char			 a[64], b[64];

	evbuffer_add_cb(bufferevent_get_input(s->cbev), log_in_cb, s);
	evbuffer_add_cb(bufferevent_get_output(s->cbev), log_out_cb, s);
	if (pc->log_format.s != NULL || (pc->opts & (PXO_BIT(PXO_HTTPLOG) |
	    PXO_BIT(PXO_TCPLOG))) || !log_enabled(s->eng, s->fe))
		return;
	log_fmt_addr(&s->src, a, sizeof(a));
	log_fmt_addr(&s->dst, b, sizeof(b));
	log_emit(s->eng, s->fe, LOG_L_INFO, "Connect from %s to %s (%s/%s)",
	    a, b, pc->name, s->is_http ? "HTTP" : "TCP");
}

/* Stop counting: the client's bufferevent is about to go. */
void
log_txn_detach(struct session *s)
{
	if (s->cbev == NULL)
		return;
	evbuffer_remove_cb(bufferevent_get_input(s->cbev), log_in_cb, s);
	evbuffer_remove_cb(bufferevent_get_output(s->cbev), log_out_cb, s);
}

/* ------------------------------------------------------------------ */
/* Steps */

/* The first byte of a request: Ti ends, TR starts. */
void
log_txn_first_byte(struct session *s)
{
	if (s->txn.t_first < 0)
		s->txn.t_first = log_now_us();
}

/* "NAME=value" of the cookie NAME in a Cookie (or, RES, Set-Cookie)
 * header value V, cut at LEN; NULL if absent. */
static char *
log_cookie(const char *v, size_t vlen, const char *name, unsigned len,
    bool res)
{
	size_t		 nl = strlen(name), i = 0, e;

	while (i < vlen) {
		while (i < vlen && (v[i] == ' ' || v[i] == ';'))
			i++;
		for (e = i; e < vlen && v[e] != ';'; e++)
			;
		if (e - i > nl && v[i + nl] == '=' &&
		    strncmp(v + i, name, nl) == 0)
			return strndup(v + i, e - i < len ? e - i : len);
		if (res)
			return NULL;	/* only the first pair names it */
		i = e;
	}
	return NULL;
}

/* The captures of H for the frontend's "capture" lines: header values
 * (the last occurrence) into *CAPS, the cookie into *COOKIE, cut at
 * CKLEN ("tune.http.cookielen"). */
static void
log_capture(const struct proxy_conf *pc, const struct http_head *h,
    bool res, char ***caps, char **cookie, unsigned cklen)
{
	unsigned	 i, k;
	int		 j;

	if (pc->captures.n > 0 && *caps == NULL)
		*caps = calloc(pc->captures.n, sizeof(**caps));
	for (k = 0; k < pc->captures.n; k++) {
		const struct capture_conf	*c = &pc->captures.v[k];
		const char			*hn = c->cookie ? (res ?
						    "Set-Cookie" : "Cookie") :
						    c->name;
		int				 last = -1;

		if (!c->cookie && c->response != res)
			continue;
		for (j = 0; (j = http_head_find(h, hn, strlen(hn), j)) >= 0;
		    j++) {
			last = j;
			if (c->cookie && *cookie == NULL)
				*cookie = log_cookie(h->hdrs[j].s +
				    h->hdrs[j].voff, h->hdrs[j].vlen, c->name,
				    c->len < cklen ? c->len : cklen, res);
		}
		if (c->cookie || last < 0 || *caps == NULL)
			continue;
		i = (unsigned)last;
		free((*caps)[k]);
		(*caps)[k] = strndup(h->hdrs[i].s + h->hdrs[i].voff,
		    h->hdrs[i].vlen < c->len ? h->hdrs[i].vlen : c->len);
	}
}

/* "tune.http.cookielen": the longest cookie capture, 63 by default. */
static unsigned
log_cookielen(const struct session *s)
{
	uint32_t	n = s->eng->cfg->global.tune_http_cookielen;

	return n > 0 ? n : 63;
}

static void	log_fill(const struct session *, struct log_rec *);
static void	log_env(const struct session *, struct acl_env *);
static void	log_fill_timers(const struct sess_txn *, int64_t,
		    struct log_rec *);

/* unique-id-format: render the request's id (%ID) into the record, its
 * samples reading REQ (NULL: none) and no response; false when there is
 * no such format (or no memory). */
static bool
log_uid(struct session *s, const struct http_head *req, int64_t now)
{
	const struct log_fmt	*f = log_uid_format(s->fe);
	struct log_rec		 r;
	struct acl_env		 env;
	char			 id[1024];

	if (f == NULL)
		return false;
	memset(&r, 0, sizeof(r));
	log_fill_timers(&s->txn, now, &r);
	log_fill(s, &r);
	log_env(s, &env);
	env.req = req;
	env.res = NULL;
	r.env = &env;
	log_fmt_run(f, &r, id, sizeof(id));
	free(s->txn.unique_id);
	s->txn.unique_id = strdup(id);
	return s->txn.unique_id != NULL;
}

/* The request is routed: its id, from the head as the rules left it,
 * and the unique-id-header that carries it to the server (see log.h). */
void
log_txn_unique_id(struct session *s)
{
	const struct proxy_conf	*pc = s->fe->conf;

	if (log_uid(s, &s->req, log_now_us()) && pc->unique_id_header != NULL)
		http_head_add(&s->req, pc->unique_id_header,
		    strlen(pc->unique_id_header), s->txn.unique_id,
		    strlen(s->txn.unique_id));
}

/* The request head is parsed: keep what the line shows of it. */
void
log_txn_request(struct session *s)
{
	struct sess_txn	*t = &s->txn;
	uint32_t	 max = s->eng->cfg->global.tune_http_logurilen;

	if (max == 0 || max == CFG_UNSET)
		max = 1024;
	t->t_head = log_now_us();
	if (t->t_first < 0)
		t->t_first = t->t_head;	/* pipelined: already buffered */
	free(t->reqline);
	t->reqline = strndup(s->req.start.s, s->req.start.len < max ?
	    s->req.start.len : max);
	log_capture(s->fe->conf, &s->req, false, &t->cap_req,
	    &t->cookie_req, log_cookielen(s));
	t->req_id = s->eng->cum_req++;
	s->fe->req_tot++;
	freq_hit(&s->fe->req_rate, &s->fe->req_rate_max, s->eng->base);
}

/* The server's response head: Tr ends; its status and captures. */
void
log_txn_response(struct session *s)
{
	struct sess_txn	*t = &s->txn;

	t->t_resp = log_now_us();
	t->status = s->res.status;
	log_capture(s->fe->conf, &s->res, true, &t->cap_res, &t->cookie_res,
	    log_cookielen(s));
}

/* A service of hapx answers (see log.h). */
void
log_txn_service(struct session *s, const char *name)
{
	struct sess_txn	*t = &s->txn;

	t->svc = name;
	t->t_queue = t->t_conn = t->t_resp = log_now_us();
}

/* set-log-level (the last one wins) and http-request capture values. */
void
log_txn_rules(struct session *s, const struct rw_result *rw, bool req)
{
	struct sess_txn	*t = &s->txn;
	unsigned	 i;

	if (rw->log_level >= LOG_L_SILENT && rw->log_level <= LOG_L_DEBUG)
		t->level = rw->log_level;
	/* HAProxy's wrew: in the frontend, the backend once chosen, and the
	 * server for a response. */
	if (rw->failed_rewrites > 0) {
		s->fe->wrew += rw->failed_rewrites;
		if (s->be != NULL && s->be != s->fe)
			s->be->wrew += rw->failed_rewrites;
		if (!req && s->srv != NULL)
			s->srv->wrew += rw->failed_rewrites;
	}
	for (i = 0; req && i < rw->ncaptures; i++) {
		if (t->nrcap >= nitems(t->rcap_val))
			break;
		t->rcap_rule[t->nrcap] = rw->captures[i].rule;
		if ((t->rcap_val[t->nrcap] = strdup(rw->captures[i].value)) !=
		    NULL)
			t->nrcap++;
	}
}

/* The status of a reply hapx wrote itself. */
void
log_txn_reply(struct session *s, int status)
{
	s->txn.status = status;
}

/* The termination state; the first cause noted wins. */
void
log_txn_term(struct session *s, char cause, char phase)
{
	static const char	by_state[] = {
		[SESS_REQ_WAIT] = 'R', [SESS_QUEUED] = 'Q',
		[SESS_CONNECTING] = 'C', [SESS_WAIT_RESP] = 'H',
		[SESS_RESP_BODY] = 'D', [SESS_TUNNEL] = 'D',
		[SESS_TARPIT] = 'T', [SESS_CLOSING] = 'L',
		[SESS_SERVICE] = 'R', [SESS_INSPECT] = 'R',
	};

	if (s->txn.cause != 0)
		return;
	s->txn.cause = cause;
	if (phase == 0)
		phase = (size_t)s->st < sizeof(by_state) && by_state[s->st] ?
		    by_state[s->st] : '-';
	s->txn.phase = phase;
}

/* The server was chosen (the queue, if any, is left behind). */
void
log_txn_server(struct session *s)
{
	time_t	now = time(NULL);

	if (s->txn.t_queue < 0)
		s->txn.t_queue = log_now_us();
	s->srv->last_sess = now;
	s->srv->px->last_sess = now;
	freq_hit(&s->srv->sess_rate, &s->srv->sess_rate_max, s->eng->base);
}

/* The server connection is up (or reused): Tc ends; %bi/%bp. */
void
log_txn_connected(struct session *s)
{
	socklen_t	len = sizeof(s->txn.bk_addr);

	s->txn.t_conn = log_now_us();
	/* A new connection was counted when it was attempted. */
	if (s->reused && s->srv != NULL) {
		s->srv->reuse++;
		s->srv->px->reuse++;
	}
	/* Our end of it only for a format that shows it (%bi %bp). */
	if (s->sbev == NULL || !log_needs_bkaddr(s->fe) ||
	    getsockname(bufferevent_getfd(s->sbev),
	    (struct sockaddr *)&s->txn.bk_addr, &len) < 0)
		s->txn.bk_addr.ss_family = 0;
}

/* A failed connection attempt is retried; REDISP: on another server.
 * The backend's counters follow the server's. */
void
log_txn_retry(struct session *s, bool redisp)
{
	s->txn.retries++;
	if (redisp) {
		s->txn.redispatched = true;
		s->be->redispatches++;
	} else
		s->be->retries++;
}

/* ------------------------------------------------------------------ */
/* The end */

static long
log_ms(int64_t from, int64_t to)
{
	return from < 0 || to < 0 ? -1 : (long)((to - from) / 1000);
}

/* Timers of the record into R, ending at END. */
static void
log_fill_timers(const struct sess_txn *t, int64_t end, struct log_rec *r)
{
	int64_t	rs = t->t_first >= 0 ? t->t_first : t->t0;
	long	ms = (long)((rs - t->t0) / 1000);

	r->accept_date = t->accept_date;
	r->req_date = t->accept_date;
	r->req_date.tv_sec += ms / 1000;
	r->req_date.tv_usec += (ms % 1000) * 1000;
	if (r->req_date.tv_usec >= 1000000) {
		r->req_date.tv_sec++;
		r->req_date.tv_usec -= 1000000;
	}
	r->th = 0;
	r->ti = ms;
	r->tR = log_ms(rs, t->t_head);
	r->tw = log_ms(t->t_head >= 0 ? t->t_head : t->t0, t->t_queue);
	r->tc = log_ms(t->t_queue, t->t_conn);
	r->tr = log_ms(t->t_conn, t->t_resp);
	r->ta = log_ms(rs, end);
	r->tt = log_ms(t->t0, end);
}

/* Everything but the timers. */
static void
log_fill(const struct session *s, struct log_rec *r)
{
	const struct sess_txn	*t = &s->txn;
	const struct server	*srv = t->t_queue >= 0 && t->svc == NULL ?
				    s->srv : NULL;

	r->cli = &s->src;
	r->fe_addr = &s->dst;
	r->srv_addr = srv != NULL ? &srv->addr : NULL;
	r->bk_addr = t->bk_addr.ss_family != 0 ? &t->bk_addr : NULL;
	r->fe_name = s->fe->conf->name;
	r->be_name = s->be != NULL ? s->be->conf->name : NULL;
	r->srv_name = t->svc != NULL ? t->svc : srv != NULL ?
	    srv->conf->name : NULL;
	r->is_http = s->is_http;
	r->status = t->status;
	r->bytes_out = t->hide_bytes ? 0 : t->bytes_out;
	r->bytes_in = t->bytes_in;
	r->cookie_req = t->cookie_req;
	r->cookie_res = t->cookie_res;
	r->term[0] = t->cause ? t->cause : '-';
	r->term[1] = t->cause ? t->phase : '-';
	r->term[2] = t->ck_req ? t->ck_req : '-';
	r->term[3] = t->ck_res ? t->ck_res : '-';
	r->term[4] = '\0';
	r->actconn = s->eng->actconn;
	r->feconn = s->fe->feconn;
	r->beconn = s->be != NULL ? s->be->beconn : 0;
	r->srvconn = srv != NULL ? srv->cur_conns : 0;
	r->retries = t->retries;
	r->redispatched = t->redispatched;
	r->srv_queue = srv != NULL ? srv->queued : 0;
	r->be_queue = s->be != NULL ? s->be->queued : 0;
	r->reqline = t->reqline;
	r->pid = s->eng->pid;
	r->hostname = log_hostname(s->eng);
	r->req_counter = t->req_id;
	r->unique_id = t->unique_id;
}

/*
 * What the "%[sample]" items of a line read: the session's environment,
 * whose req and res point at the heads only while they are alive (set
 * when each is complete, reset with them at the end of a transaction,
 * after its line: http_txn_end, session_close), so that a sample of a
 * head gone, or not yet parsed, has no value.  The bytes tcp-request
 * content inspected are not kept.
 */
static void
log_env(const struct session *s, struct acl_env *e)
{
	*e = s->env;
	e->payload = NULL;
	e->payload_len = 0;
	e->partial = false;
	e->trace = NULL;
}

#define LOG_CAPS_MAX	64

/* The slots of the frontend's "http-request capture ... len N" rules
 * follow the declared headers, empty when the rule did not run. */
static void
log_fill_rule_caps(const struct session *s, const char **rq,
    struct log_rec *r)
{
	const struct proxy_conf	*pc = s->fe->conf;
	unsigned		 i, j;

	for (i = 0; i < pc->http_req.n && r->ncap_req < LOG_CAPS_MAX; i++) {
		const struct http_rule	*h = &pc->http_req.v[i];

		if (h->act != HTTP_ACT_CAPTURE || h->capture_id >= 0)
			continue;
		rq[r->ncap_req] = "";
		for (j = 0; j < s->txn.nrcap; j++)
			if (s->txn.rcap_rule[j] == h)
				rq[r->ncap_req] = s->txn.rcap_val[j];
		r->ncap_req++;
	}
	/* Then those of "tcp-request content capture ... len N". */
	for (i = 0; i < pc->tcp_req.n && r->ncap_req < LOG_CAPS_MAX; i++) {
		const struct tcp_rule	*t = &pc->tcp_req.v[i];

		if (t->act != TCP_ACT_CAPTURE)
			continue;
		rq[r->ncap_req] = "";
		for (j = 0; j < s->txn.nrcap; j++)
			if (s->txn.rcap_rule[j] == t)
				rq[r->ncap_req] = s->txn.rcap_val[j];
		r->ncap_req++;
	}
}

/* The captured header values, request and response apart, in their
 * configuration order (absent ones NULL). */
static void
log_fill_caps(const struct session *s, const char **rq, const char **rs,
    struct log_rec *r)
{
	const struct proxy_conf	*pc = s->fe->conf;
	unsigned		 k;

	r->cap_req = rq;
	r->cap_res = rs;
	/* HAProxy 2.6 has no capture slots without a parsed request. */
	if (s->txn.reqline == NULL)
		return;
	for (k = 0; k < pc->captures.n; k++) {
		const struct capture_conf	*c = &pc->captures.v[k];

		if (c->cookie)
			continue;
		if (c->response && r->ncap_res < LOG_CAPS_MAX)
			rs[r->ncap_res++] = s->txn.cap_res != NULL ?
			    s->txn.cap_res[k] : NULL;
		else if (!c->response && r->ncap_req < LOG_CAPS_MAX)
			rq[r->ncap_req++] = s->txn.cap_req != NULL ?
			    s->txn.cap_req[k] : NULL;
	}
	log_fill_rule_caps(s, rq, r);
}

/* Send the line of S, if its frontend logs and its options allow. */
static void
log_txn_emit(struct session *s, int64_t end, bool asap)
{
	const struct proxy_conf	*pc = s->fe->conf;
	const struct log_fmt	*fmt = log_traffic_format(s->fe, s->is_http);
	const char		*rq[LOG_CAPS_MAX];
	const char		*rs[LOG_CAPS_MAX];
	struct acl_env		 env;
	bool			 err = s->txn.cause != 0 ||
				    s->txn.status >= 500;
	struct log_rec		 r;
	char			 line[LOG_LINE_MAX];
	size_t			 n;
	int			 level = LOG_L_INFO;

	if (fmt == NULL || !log_enabled(s->eng, s->fe))
		return;
	if ((pc->opts & PXO_BIT(PXO_DONTLOGNULL)) && s->txn.bytes_in == 0)
		return;
	if ((pc->opts & PXO_BIT(PXO_DONTLOG_NORMAL)) && !err)
		return;
	if (s->txn.level == LOG_L_SILENT)
		return;
	/* A request that was never routed (denied, answered by a rule, bad)
	 * gets its id now, as HAProxy 2.6 makes it when it logs: without
	 * the request head, which HAProxy no longer has. */
	if (s->txn.unique_id == NULL)
		(void)log_uid(s, NULL, end);
	memset(&r, 0, sizeof(r));
	log_fill_timers(&s->txn, end, &r);
	log_fill(s, &r);
	log_fill_caps(s, rq, rs, &r);
	log_env(s, &env);
	r.env = &env;
	r.partial = asap;
	r.log_counter = log_line_number(s->fe);
	n = log_fmt_run(fmt, &r, line, sizeof(line));
	if (s->txn.level != LOG_L_UNSET)
		level = s->txn.level;
	else if ((pc->opts & PXO_BIT(PXO_LOG_SEPARATE_ERRORS)) && err)
		level = LOG_L_ERR;
	log_send(s->eng, s->fe, level, line, n);
}

/* Fold V (ms) into the running average A over up to 1024 samples, and
 * into the highest value MAX seen (HAProxy's *time_max: the same samples
 * as the averages). */
static void
log_avg_add(uint32_t *a, uint32_t *max, unsigned n, long v)
{
	int64_t	cur = *a;

	if (v < 0)
		v = 0;
	if ((uint64_t)v > *max)
		*max = (uint32_t)((uint64_t)v > UINT32_MAX ? UINT32_MAX : v);
	cur += ((int64_t)v - cur) / (int64_t)n;
	*a = (uint32_t)(cur < 0 ? 0 : cur);
}

static void
log_avg(struct txn_avg *a, const struct log_rec *r)
{
	if (a->n < AVG_SAMPLES)
		a->n++;
	log_avg_add(&a->qtime, &a->qtime_max, a->n, r->tw);
	log_avg_add(&a->ctime, &a->ctime_max, a->n, r->tc);
	log_avg_add(&a->rtime, &a->rtime_max, a->n, r->tr);
	log_avg_add(&a->ttime, &a->ttime_max, a->n, r->tt);
}

static unsigned
log_hrsp_class(int status)
{
	if (status >= 100 && status < 600)
		return (unsigned)(status / 100 - 1);
	return HRSP_OTHER;
}

/* The client-side bytes of a finished transaction, in every object it
 * went through (bin/bout of the stats page; a listen proxy once). */
static void
log_account_bytes(struct session *s, struct server *srv)
{
	const struct sess_txn	*t = &s->txn;

	s->fe->bytes_in += t->bytes_in;
	s->fe->bytes_out += t->bytes_out;
	if (s->be != NULL && s->be != s->fe) {
		s->be->bytes_in += t->bytes_in;
		s->be->bytes_out += t->bytes_out;
	}
	if (srv != NULL && t->t_conn >= 0) {
		srv->bytes_in += t->bytes_in;
		srv->bytes_out += t->bytes_out;
	}
}

/* The stats counters of a finished transaction.  A "listen" proxy is its
 * own frontend and backend: its counters move once. */
static void
log_account(struct session *s, int64_t end)
{
	const struct sess_txn	*t = &s->txn;
	struct proxy		*be = s->be;
	struct server		*srv = t->t_queue >= 0 && t->svc == NULL ?
				    s->srv : NULL;
	struct log_rec		 r;
	bool			 cli = t->cause == 'C' || t->cause == 'c';
	bool			 data = t->phase == 'D' || t->phase == 'L' ||
				    t->phase == 'H';

	if (s->is_http && t->status >= 0) {
		s->fe->hrsp[log_hrsp_class(t->status)]++;
		if (be != NULL && be != s->fe)
			be->hrsp[log_hrsp_class(t->status)]++;
		if (srv != NULL && t->t_resp >= 0)
			srv->hrsp[log_hrsp_class(t->status)]++;
	}
	if (s->is_http && be != NULL && be != s->fe && t->t_head >= 0)
		be->req_tot++;
	if (s->is_http && srv != NULL && t->t_conn >= 0)
		srv->req_tot++;
	if (data && (cli || t->cause == 'S' || t->cause == 's')) {
		if (be != NULL && cli)
			be->cli_abrt++;
		else if (be != NULL)
			be->srv_abrt++;
		if (srv != NULL && cli)
			srv->cli_abrt++;
		else if (srv != NULL)
			srv->srv_abrt++;
	}
	log_account_bytes(s, srv);
	if (srv == NULL || t->t_conn < 0)
		return;
	memset(&r, 0, sizeof(r));
	log_fill_timers(t, end, &r);
	log_avg(&srv->avg, &r);
	log_avg(&be->avg, &r);
}

/* The end of a transaction: count it, then log it unless done. */
void
log_txn(struct session *s)
{
	int64_t	end = log_now_us();

	if (s->txn.done)
		return;
	s->txn.done = true;
	log_account(s, end);
	if (!s->txn.logged) {
		s->txn.logged = true;
		log_txn_emit(s, end, false);
	}
}

/* option logasap: the line goes out with the response head, its total
 * time and byte count so far marked with a '+' (HAProxy doc 4.2). */
void
log_txn_asap(struct session *s)
{
	if (s->txn.logged || !(s->fe->conf->opts & PXO_BIT(PXO_LOGASAP)))
		return;
	s->txn.logged = true;
	log_txn_emit(s, log_now_us(), true);
}

/* The session closes: the open transaction, if any, ends here. */
void
log_txn_close(struct session *s)
{
	struct sess_txn	*t = &s->txn;
	bool		 idle;

	if (!t->done) {
		idle = t->t_first < 0 && t->bytes_in == 0;
		if (!s->is_http)
			log_txn(s);
		else if (!idle || (s->ntxn == 0 && !(s->fe->conf->opts &
		    PXO_BIT(PXO_HTTP_IGNORE_PROBES)))) {
			/* An aborted request; HAProxy 2.6 logs a connection
			 * closed before any request as a 400 "<BADREQ>". */
			if (t->t_head < 0 && t->status < 0) {
				t->status = 400;
				t->hide_bytes = true;
				log_txn_term(s, 'C', 'R');
			}
			log_txn(s);
		}
	}
	log_txn_free(t, s->fe->conf);
	memset(t, 0, sizeof(*t));
	t->logged = t->done = true;
}
