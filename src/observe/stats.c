/*
 * stats: the stats page of a proxy (spec §9): recognise its URI, check
 * "stats auth" and "stats admin", run an admin form, and answer with the
 * HTML, CSV or JSON rendering of the rows this file fills from the
 * runtime counters.  It reads counters and never updates them, except
 * px->intercepted; an admin action changes a server's state, as HAProxy's
 * form does (ready, drain, maint, and the health overrides).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "http/acl.h"
#include "model/cfg_model.h"
#include "servers/check_srv.h"
#include "engine/engine_types.h"
#include "http/http1.h"
#include "observe/log.h"
#include "servers/proxy.h"
#include "servers/srv_admin.h"
#include "engine/service_types.h"
#include "observe/stats.h"

#define STATS_DEF_URI	"/haproxy?stats"
#define STATS_DEF_REALM	"HAProxy Statistics"
#define STATS_BODY_MAX	16384	/* largest admin form accepted */

int64_t
stats_now(void)
{
	return (int64_t)time(NULL);
}

/* ------------------------------------------------------------------ */
/* Recognising a stats request */

/*
 * The part of the request URI the prefix is compared with: from the path
 * on (an absolute URI loses its scheme and authority, as HAProxy does
 * when the prefix starts with '/').
 */
static void
stats_req_uri(const struct http_head *h, const char *prefix, const char **u,
    size_t *len)
{
	const char	*uri = h->start.s + h->uoff, *p;
	size_t		 plen;

	*u = uri;
	*len = h->ulen;
	if (prefix[0] != '/')
		return;
	http_head_path(h, &p, &plen);
	if (p != NULL && p >= uri && p <= uri + h->ulen) {
		*len = h->ulen - (size_t)(p - uri);
		*u = p;
	}
}

/* Whether the text after the prefix holds the suffix WORD (";up"...). */
static bool
stats_has(const char *s, size_t len, const char *word)
{
	size_t	wl = strlen(word), i;

	for (i = 0; i + wl <= len; i++)
		if (memcmp(s + i, word, wl) == 0)
			return true;
	return false;
}

/* The suffixes of spec §9.2, searched anywhere after the prefix. */
static void
stats_parse_suffix(struct stats_req *r, const char *s, size_t len,
    bool *csv, bool *json)
{
	size_t	i, n;

	r->up = stats_has(s, len, ";up");
	r->no_maint = stats_has(s, len, ";no-maint");
	r->norefresh = stats_has(s, len, ";norefresh");
	*csv = stats_has(s, len, ";csv");
	/* ";json-schema" (HAProxy's schema of the JSON) is not served:
	 * hapx answers it with the page rather than with the data. */
	*json = stats_has(s, len, ";json") &&
	    !stats_has(s, len, ";json-schema");
	for (i = 0; i + 4 <= len; i++) {
		if (memcmp(s + i, ";st=", 4) != 0)
			continue;
		for (n = 0; n < sizeof(r->st) - 1 && i + 4 + n < len &&
		    s[i + 4 + n] != ';'; n++)
			r->st[n] = s[i + 4 + n];
		r->st[n] = '\0';
	}
}

/* ------------------------------------------------------------------ */
/* Authentication */

/* Whether the request carries one of SC's "stats auth" user:password
 * pairs in an "Authorization: Basic" header. */
static bool
stats_auth_ok(const struct stats_conf *sc, const struct http_head *h)
{
	const struct http_line	*l;
	const char		*v;
	char			 cred[512];
	size_t			 vlen;
	unsigned		 i;
	int			 hi;
	long			 n;

	if (sc->auths.n == 0)
		return true;
	if ((hi = http_head_find(h, "Authorization", 13, 0)) < 0)
		return false;
	l = &h->hdrs[hi];
	v = l->s + l->voff;
	vlen = l->vlen;
	if (vlen < 6 || strncasecmp(v, "Basic ", 6) != 0)
		return false;
	for (v += 6, vlen -= 6; vlen > 0 && *v == ' '; v++, vlen--)
		;
	while (vlen > 0 && v[vlen - 1] == ' ')
		vlen--;
	if ((n = acl_b64dec(v, vlen, cred, sizeof(cred) - 1)) < 0)
		return false;
	cred[n] = '\0';
	for (i = 0; i < sc->auths.n; i++)
		if (strcmp(sc->auths.v[i], cred) == 0)
			return true;
	return false;
}

/* "stats admin if|unless COND": any condition that holds allows it. */
static bool
stats_admin_ok(const struct stats_conf *sc, const struct acl_env *env)
{
	unsigned	i;

	for (i = 0; i < sc->admin.n; i++)
		if (acl_cond_eval(sc->admin.v[i], env))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Scope and filters */

bool
stats_in_scope(const struct stats_req *r, const struct proxy *px)
{
	const struct stats_scope	*sc;
	unsigned			 i;

	if (r->sc == NULL || r->sc->scopes.n == 0)
		return true;
	for (i = 0; i < r->sc->scopes.n; i++) {
		sc = &r->sc->scopes.v[i];
		if (strcmp(sc->name, ".") == 0 ? px == r->self :
		    strcmp(sc->name, px->conf->name) == 0)
			return true;
	}
	return false;
}

bool
stats_srv_shown(const struct stats_req *r, const struct server *s)
{
	enum st_srv_state	st = stats_srv_state(s);

	/* HAProxy hides the servers DOWN and not about to change, and
	 * those in MAINT; one going up stays. */
	if (r->up && (st == ST_S_DOWN || st == ST_S_MAINT))
		return false;
	if (r->no_maint && st == ST_S_MAINT)
		return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* Server state */

/* What the page shows of a server's health check. */
struct stats_chk {
	bool			 on;	/* the server has "check" */
	struct check_info	 ci;
};

static void
stats_chk_get(const struct server *s, struct stats_chk *c)
{
	memset(c, 0, sizeof(*c));
	c->ci.info = "";
	c->ci.dur_ms = -1;
	c->ci.rise = s->conf->rise;
	c->ci.fall = s->conf->fall;
	c->on = check_get_info(s, &c->ci);
}

enum st_srv_state
stats_srv_state(const struct server *s)
{
	struct stats_chk	c;

	if (s->state == SRV_ST_MAINT)
		return ST_S_MAINT;
	stats_chk_get(s, &c);
	if (s->state == SRV_ST_DOWN)
		return c.on && c.ci.health > 0 ? ST_S_GOING_UP : ST_S_DOWN;
	if (c.on && c.ci.health < c.ci.rise + c.ci.fall - 1)
		return ST_S_GOING_DOWN;
	if (s->admin_drain)
		return ST_S_DRAIN;
	if (s->nolb)
		return ST_S_NOLB;
	return c.on ? ST_S_UP : ST_S_NOCHECK;
}

/* HAProxy: UP while some server can take traffic (UP with a weight),
 * or when there is no server at all (a stats-only listen). */
bool
stats_be_up(const struct proxy *px)
{
	unsigned	i;

	for (i = 0; i < px->nsrvs; i++)
		if (px->srvs[i].state == SRV_ST_UP && px->srvs[i].weight > 0)
			return true;
	return px->nsrvs == 0;
}

/* ------------------------------------------------------------------ */
/* Rows */

static void
set_u(struct st_row *r, enum st_field f, uint64_t v)
{
	r->f[f].t = stats_fields[f].type == ST_V_U64 ? ST_V_U64 : ST_V_U32;
	r->f[f].u = v;
}

static void
set_i(struct st_row *r, enum st_field f, int64_t v)
{
	r->f[f].t = ST_V_S32;
	r->f[f].i = v;
}

static void
set_s(struct st_row *r, enum st_field f, const char *v)
{
	r->f[f].t = ST_V_STR;
	r->f[f].s = v;
}

static void set_fmt(struct st_row *, enum st_field, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* A string value formatted into the row's own storage. */
static void
set_fmt(struct st_row *r, enum st_field f, const char *fmt, ...)
{
	va_list	ap;
	size_t	room = sizeof(r->strs) - r->used;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(r->strs + r->used, room, fmt, ap);
	va_end(ap);
	if (n < 0 || room == 0)
		return;
	set_s(r, f, r->strs + r->used);
	r->used += (size_t)n < room ? (size_t)n + 1 : room;
}

/* The ids live with the runtime objects (proxy.c), where the server
 * state file reads them too. */
unsigned
stats_px_id(const struct proxy *px)
{
	return proxy_id(px);
}

unsigned
stats_srv_id(const struct server *s)
{
	return proxy_srv_id(s);
}

static const char *
stats_mode(const struct proxy *px)
{
	return px->conf->mode == CFG_MODE_HTTP ? "http" : "tcp";
}

static void
stats_fill_hrsp(struct st_row *r, const struct proxy *px,
    const uint64_t *hrsp)
{
	unsigned	i;

	if (px->conf->mode != CFG_MODE_HTTP)
		return;
	for (i = 0; i < HRSP_N; i++)
		set_u(r, (enum st_field)(ST_F_HRSP_1XX + i), hrsp[i]);
}

static void
stats_fill_avg(struct st_row *r, const struct txn_avg *a)
{
	set_u(r, ST_F_QTIME, a->qtime);
	set_u(r, ST_F_CTIME, a->ctime);
	set_u(r, ST_F_RTIME, a->rtime);
	set_u(r, ST_F_TTIME, a->ttime);
	set_u(r, ST_F_QTIME_MAX, a->qtime_max);
	set_u(r, ST_F_CTIME_MAX, a->ctime_max);
	set_u(r, ST_F_RTIME_MAX, a->rtime_max);
	set_u(r, ST_F_TTIME_MAX, a->ttime_max);
}

/* The session rate of a row: now, and its highest. */
static void
stats_fill_rate(struct st_row *r, const struct proxy *px,
    const struct freq *f, uint32_t max)
{
	set_u(r, ST_F_RATE, freq_read(f, px->eng->base));
	set_u(r, ST_F_RATE_MAX, max);
}

/* The fields every row has, and the zeros of what hapx never does
 * (compression, cache, SSL, HTTP/2): real counters that stay at 0. */
static void
stats_fill_common(struct st_row *r, const struct proxy *px)
{
	unsigned	i;

	set_s(r, ST_F_PXNAME, px->conf->name);
	set_u(r, ST_F_PID, 1);
	set_u(r, ST_F_IID, proxy_id(px));
	set_u(r, ST_F_TYPE, r->kind);
	set_s(r, ST_F_MODE, stats_mode(px));
	set_u(r, ST_F_WREW, r->kind == ST_SRV ? r->srv->wrew : px->wrew);
	set_u(r, ST_F_EINT, 0);
	for (i = ST_F_SSL_SESS; i <= ST_F_SSL_FAILED_HANDSHAKE; i++)
		set_u(r, (enum st_field)i, 0);
	if (r->kind == ST_SRV)
		return;
	for (i = ST_F_COMP_IN; i <= ST_F_COMP_RSP; i++)
		set_u(r, (enum st_field)i, 0);
	set_u(r, ST_F_CACHE_LOOKUPS, 0);
	set_u(r, ST_F_CACHE_HITS, 0);
	for (i = ST_F_H2_HEADERS_RCVD; i < ST_NFIELDS; i++)
		set_u(r, (enum st_field)i, 0);
}

static void
stats_fill_fe(struct st_row *r, const struct proxy *px)
{
	bool	http = px->conf->mode == CFG_MODE_HTTP;

	set_s(r, ST_F_SVNAME, "FRONTEND");
	set_u(r, ST_F_SCUR, px->feconn);
	set_u(r, ST_F_SMAX, px->feconn_max);
	set_u(r, ST_F_SLIM, px->maxconn);
	set_u(r, ST_F_STOT, px->cum_sess);
	set_u(r, ST_F_BIN, px->bytes_in);
	set_u(r, ST_F_BOUT, px->bytes_out);
	set_u(r, ST_F_DREQ, px->denied_req);
	set_u(r, ST_F_DRESP, px->denied_resp);
	set_u(r, ST_F_EREQ, px->failed_req);
	set_s(r, ST_F_STATUS, px->conf->disabled ? "STOP" : "OPEN");
	set_u(r, ST_F_SID, 0);
	set_u(r, ST_F_RATE_LIM, px->conf->rate_limit_sessions);
	stats_fill_rate(r, px, &px->sess_rate, px->sess_rate_max);
	stats_fill_hrsp(r, px, px->hrsp);
	/* A tcp frontend shows its 0 requests too (HAProxy 2.6). */
	set_u(r, ST_F_REQ_RATE, freq_read(&px->req_rate, px->eng->base));
	set_u(r, ST_F_REQ_RATE_MAX, px->req_rate_max);
	set_u(r, ST_F_REQ_TOT, px->req_tot);
	set_u(r, ST_F_CONN_RATE, freq_read(&px->conn_rate, px->eng->base));
	set_u(r, ST_F_CONN_RATE_MAX, px->conn_rate_max);
	set_u(r, ST_F_CONN_TOT, px->cum_feconn);
	set_u(r, ST_F_INTERCEPTED, px->intercepted);
	set_u(r, ST_F_DCON, px->denied_conn);
	set_u(r, ST_F_DSES, px->denied_sess);
	if (!http)
		return;
	set_u(r, ST_F_H1_OPEN_CONNECTIONS, px->feconn);
	set_u(r, ST_F_H1_OPEN_STREAMS, px->feconn);
	set_u(r, ST_F_H1_TOTAL_CONNECTIONS, px->cum_feconn);
	set_u(r, ST_F_H1_TOTAL_STREAMS, px->req_tot);
	set_u(r, ST_F_H1_BYTES_IN, px->bytes_in);
	set_u(r, ST_F_H1_BYTES_OUT, px->bytes_out);
}

/* Weight and counts of the usable servers, as the backend row sums
 * them: the active ones, or the backups when no active one is left. */
static void
stats_be_weights(const struct proxy *px, unsigned *act, unsigned *bck,
    uint64_t *w, uint64_t *uw)
{
	uint64_t	wa = 0, wb = 0, ua = 0, ub = 0;
	unsigned	i;

	*act = *bck = 0;
	for (i = 0; i < px->nsrvs; i++) {
		const struct server	*s = &px->srvs[i];

		if (s->state != SRV_ST_UP || s->weight == 0)
			continue;
		if (s->conf->backup) {
			(*bck)++;
			wb += s->weight;
			ub += s->conf->weight;
		} else {
			(*act)++;
			wa += s->weight;
			ua += s->conf->weight;
		}
	}
	*w = *act > 0 ? wa : wb;
	*uw = *act > 0 ? ua : ub;
}

/* The backend's session limit (proxy.c has HAProxy's default). */
static uint64_t
stats_fullconn(const struct proxy *px)
{
	return proxy_fullconn(px);
}

static void
stats_fill_be(struct st_row *r, const struct proxy *px, int64_t now)
{
	unsigned	act, bck;
	uint64_t	w, uw, down = px->down_time;
	int64_t		lc = px->last_change > 0 ? px->last_change :
			    px->eng->start_time;

	stats_be_weights(px, &act, &bck, &w, &uw);
	set_s(r, ST_F_SVNAME, "BACKEND");
	set_u(r, ST_F_QCUR, px->queued);
	set_u(r, ST_F_QMAX, px->qmax);
	set_u(r, ST_F_LBTOT, px->lbtot);
	stats_fill_rate(r, px, &px->be_sess_rate, px->be_sess_rate_max);
	set_u(r, ST_F_CONNECT, px->connect);
	set_u(r, ST_F_REUSE, px->reuse);
	set_u(r, ST_F_SCUR, px->beconn);
	set_u(r, ST_F_SMAX, px->beconn_max);
	set_u(r, ST_F_SLIM, stats_fullconn(px));
	set_u(r, ST_F_STOT, px->cum_beconn);
	set_u(r, ST_F_BIN, px->bytes_in);
	set_u(r, ST_F_BOUT, px->bytes_out);
	set_u(r, ST_F_DREQ, px->denied_req);
	set_u(r, ST_F_DRESP, px->denied_resp);
	set_u(r, ST_F_ECON, px->failed_conns);
	set_u(r, ST_F_ERESP, px->failed_resp);
	set_u(r, ST_F_WRETR, px->retries);
	set_u(r, ST_F_WREDIS, px->redispatches);
	set_s(r, ST_F_STATUS, stats_be_up(px) ? "UP" : "DOWN");
	set_u(r, ST_F_WEIGHT, w);
	set_u(r, ST_F_ACT, act);
	set_u(r, ST_F_BCK, bck);
	set_u(r, ST_F_CHKDOWN, px->down_trans);
	set_u(r, ST_F_LASTCHG, now > lc ? (uint64_t)(now - lc) : 0);
	if (!stats_be_up(px) && now > lc)
		down += (uint64_t)(now - lc);	/* the current period */
	set_u(r, ST_F_DOWNTIME, down);
	set_u(r, ST_F_SID, 0);
	stats_fill_hrsp(r, px, px->hrsp);
	if (px->conf->mode == CFG_MODE_HTTP)
		set_u(r, ST_F_REQ_TOT, px->req_tot);
	set_u(r, ST_F_CLI_ABRT, px->cli_abrt);
	set_u(r, ST_F_SRV_ABRT, px->srv_abrt);
	set_i(r, ST_F_LASTSESS, px->last_sess < 0 ? -1 : now - px->last_sess);
	stats_fill_avg(r, &px->avg);
	/* "algo" stays empty: HAProxy 2.6's CSV leaves it so. */
	set_u(r, ST_F_UWEIGHT, uw);
	set_u(r, ST_F_AGG_SERVER_STATUS, 0);
	set_u(r, ST_F_AGG_SERVER_CHECK_STATUS, 0);
	set_u(r, ST_F_AGG_CHECK_STATUS, 0);
	if (px->conf->mode != CFG_MODE_HTTP)
		return;
	set_u(r, ST_F_H1_OPEN_CONNECTIONS, px->beconn);
	set_u(r, ST_F_H1_OPEN_STREAMS, px->beconn);
	set_u(r, ST_F_H1_TOTAL_CONNECTIONS, px->cum_beconn);
	set_u(r, ST_F_H1_TOTAL_STREAMS, px->req_tot);
	set_u(r, ST_F_H1_BYTES_IN, px->bytes_in);
	set_u(r, ST_F_H1_BYTES_OUT, px->bytes_out);
}

/* HAProxy's status text of a server (spec §9.3). */
static void
stats_srv_status(struct st_row *r, const struct server *s,
    const struct stats_chk *c)
{
	const char	*base = s->admin_drain ? "DRAIN" : s->nolb ? "NOLB" :
			    "UP";

	switch (stats_srv_state(s)) {
	case ST_S_MAINT:
		set_s(r, ST_F_STATUS, "MAINT");
		break;
	case ST_S_DOWN:
		set_s(r, ST_F_STATUS, "DOWN");
		break;
	case ST_S_GOING_UP:
		set_fmt(r, ST_F_STATUS, "DOWN %u/%u", c->ci.health, c->ci.rise);
		break;
	case ST_S_GOING_DOWN:
		set_fmt(r, ST_F_STATUS, "%s %u/%u", base,
		    c->ci.health - c->ci.rise + 1, c->ci.fall);
		break;
	case ST_S_NOCHECK:
		set_s(r, ST_F_STATUS, "no check");
		break;
	default:
		set_s(r, ST_F_STATUS, base);
		break;
	}
}

static void
stats_fill_check(struct st_row *r, const struct server *s, int64_t now)
{
	struct stats_chk	c;

	stats_chk_get(s, &c);
	stats_srv_status(r, s, &c);
	if (!c.on)
		return;
	set_u(r, ST_F_CHKFAIL, s->chk_fail);
	set_u(r, ST_F_CHKDOWN, s->down_trans);
	/* As HAProxy, the current DOWN period counts too. */
	set_u(r, ST_F_DOWNTIME, s->down_time + (s->state != SRV_ST_UP &&
	    now > s->last_change ? (uint64_t)(now - s->last_change) : 0));
	if (c.ci.known) {
		set_fmt(r, ST_F_CHECK_STATUS, "%s%s", c.ci.running ? "* " : "",
		    check_status_code(c.ci.st));
		if (c.ci.code != 0)
			set_u(r, ST_F_CHECK_CODE, (uint64_t)c.ci.code);
		if (c.ci.dur_ms >= 0)
			set_u(r, ST_F_CHECK_DURATION, (uint64_t)c.ci.dur_ms);
		set_s(r, ST_F_CHECK_DESC, check_status_text(c.ci.st));
		if (c.ci.info != NULL && c.ci.info[0] != '\0')
			set_s(r, ST_F_LAST_CHK, c.ci.info);
	}
	if (s->conf->observe != SRV_OBS_NONE)
		set_u(r, ST_F_HANAFAIL, c.ci.hana);
	set_u(r, ST_F_CHECK_RISE, c.ci.rise);
	set_u(r, ST_F_CHECK_FALL, c.ci.fall);
	set_u(r, ST_F_CHECK_HEALTH, c.ci.health);
}

static void
stats_fill_addr(struct st_row *r, const struct server *s)
{
	char	host[INET6_ADDRSTRLEN];

	if (s->addr.ss_family == AF_INET) {
		const struct sockaddr_in	*a = (const void *)&s->addr;

		inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		set_fmt(r, ST_F_ADDR, "%s:%u", host, ntohs(a->sin_port));
	} else if (s->addr.ss_family == AF_INET6) {
		const struct sockaddr_in6	*a = (const void *)&s->addr;

		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		set_fmt(r, ST_F_ADDR, "[%s]:%u", host, ntohs(a->sin6_port));
	}
}

static void
stats_fill_srv(struct st_row *r, const struct server *s, int64_t now,
    bool legends)
{
	const struct server_conf	*sc = s->conf;
	bool				 drain = s->admin_drain;

	set_s(r, ST_F_SVNAME, sc->name);
	set_u(r, ST_F_QCUR, s->queued);
	/* hapx queues in the backend only: a server's queue stays empty. */
	set_u(r, ST_F_QMAX, 0);
	set_u(r, ST_F_LBTOT, s->lbtot);
	stats_fill_rate(r, s->px, &s->sess_rate, s->sess_rate_max);
	set_u(r, ST_F_CONNECT, s->connect);
	set_u(r, ST_F_REUSE, s->reuse);
	set_u(r, ST_F_SCUR, s->cur_conns);
	set_u(r, ST_F_SMAX, s->max_conns);
	if (s->maxconn_set ? s->maxconn != 0 : sc->maxconn != 0 &&
	    sc->maxconn != CFG_UNSET)
		set_u(r, ST_F_SLIM, s->maxconn_set ? s->maxconn : sc->maxconn);
	set_u(r, ST_F_STOT, s->total);
	set_u(r, ST_F_BIN, s->bytes_in);
	set_u(r, ST_F_BOUT, s->bytes_out);
	set_u(r, ST_F_DRESP, 0);
	set_u(r, ST_F_ECON, s->failed_conns);
	set_u(r, ST_F_ERESP, s->failed_resp);
	set_u(r, ST_F_WRETR, s->retries);
	set_u(r, ST_F_WREDIS, s->redispatches);
	/* Draining keeps the weight on show; the balancer sees 0. */
	set_u(r, ST_F_WEIGHT, drain ? s->uweight : s->weight);
	set_u(r, ST_F_ACT, !sc->backup);
	set_u(r, ST_F_BCK, sc->backup);
	set_u(r, ST_F_LASTCHG, now > s->last_change ?
	    (uint64_t)(now - s->last_change) : 0);
	if (sc->maxqueue != 0 && sc->maxqueue != CFG_UNSET)
		set_u(r, ST_F_QLIMIT, sc->maxqueue);
	set_u(r, ST_F_SID, proxy_srv_id(s));
	stats_fill_check(r, s, now);
	stats_fill_hrsp(r, s->px, s->hrsp);
	if (s->px->conf->mode == CFG_MODE_HTTP)
		set_u(r, ST_F_REQ_TOT, s->req_tot);
	set_u(r, ST_F_CLI_ABRT, s->cli_abrt);
	set_u(r, ST_F_SRV_ABRT, s->srv_abrt);
	set_i(r, ST_F_LASTSESS, s->last_sess < 0 ? -1 : now - s->last_sess);
	stats_fill_avg(r, &s->avg);
	if (legends)
		stats_fill_addr(r, s);
	if (legends && sc->cookie != NULL)
		set_s(r, ST_F_COOKIE, sc->cookie);
	/* Idle connections: "safe" once one served a second request. */
	set_u(r, ST_F_SRV_ICUR, s->nidle);
	set_u(r, ST_F_IDLE_CONN_CUR, s->nidle - s->nidle_safe);
	set_u(r, ST_F_SAFE_CONN_CUR, s->nidle_safe);
	/* hapx: HAProxy's estimate rises with the connections in use and
	 * decays every pool-purge-delay; hapx keeps no decay, so it is the
	 * highest number in use. */
	set_u(r, ST_F_NEED_CONN_EST, s->max_conns);
	set_u(r, ST_F_USED_CONN_CUR, s->cur_conns);
	set_u(r, ST_F_UWEIGHT, sc->weight);
}

void
stats_fill_row(struct st_row *r, enum st_kind kind, const struct proxy *px,
    const struct server *srv, const struct stats_req *req)
{
	int64_t	now = req->now;

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->px = px;
	r->srv = srv;
	stats_fill_common(r, px);
	if (kind == ST_FE)
		stats_fill_fe(r, px);
	else if (kind == ST_BE)
		stats_fill_be(r, px, now);
	else
		stats_fill_srv(r, srv, now, req->sc != NULL &&
		    req->sc->show_legends);
}

/* ------------------------------------------------------------------ */
/* Admin actions (the POST form of the page) */

enum stats_act { ACT_NONE, ACT_READY, ACT_DRAIN, ACT_MAINT };

static const struct {
	const char	*name;
	enum stats_act	 act;
} stats_acts[] = {
	{ "drain", ACT_DRAIN },
	{ "maint", ACT_MAINT },
	{ "ready", ACT_READY },
};

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the form value V[0..len) (%XX, '+') into OUT. */
static void
stats_urldec(const char *v, size_t len, char *out, size_t outsz)
{
	size_t	i, n = 0;

	for (i = 0; i < len && n + 1 < outsz; i++) {
		if (v[i] == '+')
			out[n++] = ' ';
		else if (v[i] == '%' && i + 2 < len && hexval(v[i + 1]) >= 0 &&
		    hexval(v[i + 2]) >= 0) {
			out[n++] = (char)(hexval(v[i + 1]) * 16 +
			    hexval(v[i + 2]));
			i += 2;
		} else
			out[n++] = v[i];
	}
	out[n] = '\0';
}

/* Form field I: KEY=VALUE pairs separated by '&', decoded. */
static bool
stats_form_field(const char *body, size_t len, unsigned idx, char *key,
    char *val, size_t sz)
{
	const char	*p = body, *end = body + len, *amp, *eq;
	unsigned	 i;

	for (i = 0; p < end; i++) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (i == idx) {
			eq = memchr(p, '=', (size_t)(amp - p));
			if (eq == NULL)
				eq = amp;
			stats_urldec(p, (size_t)(eq - p), key, sz);
			stats_urldec(eq < amp ? eq + 1 : eq, (size_t)(amp -
			    (eq < amp ? eq + 1 : eq)), val, sz);
			return true;
		}
		p = amp + 1;
	}
	return false;
}

/* The backend named NAME, or "#ID" as the page's form sends it. */
static struct proxy *
stats_find_backend(struct engine *eng, const char *name)
{
	unsigned	i;
	char		*end;
	unsigned long	id = 0;

	if (name[0] == '#')
		id = strtoul(name + 1, &end, 10);
	for (i = 0; i < eng->nproxies; i++) {
		struct proxy	*px = &eng->proxies[i];

		if (!(px->conf->cap & CFG_CAP_BE))
			continue;
		if (name[0] == '#' ? proxy_id(px) == id :
		    strcmp(px->conf->name, name) == 0)
			return px;
	}
	return NULL;
}

static struct server *
stats_find_server(struct proxy *px, const char *name)
{
	unsigned	i;

	for (i = 0; i < px->nsrvs; i++)
		if (strcmp(px->srvs[i].conf->name, name) == 0)
			return &px->srvs[i];
	return NULL;
}

/* Apply ACT to S (srv_admin.c says it and keeps the counters). */
static void
stats_apply(struct engine *eng, struct server *s, enum stats_act act)
{
	srv_admin_set(eng, s, act == ACT_MAINT ? SRV_ADM_MAINT :
	    act == ACT_DRAIN ? SRV_ADM_DRAIN : SRV_ADM_READY);
}

/*
 * Run the form BODY ("s=S1&s=S2&action=A&b=#ID"): HAProxy reads the
 * backend and the action first, wherever they are.  Returns the status
 * code the page then shows: DONE, PART (some servers unknown), NONE
 * (nothing selected) or ERRP (bad backend, action or servers).
 */
static const char *
stats_admin_apply(struct engine *eng, const char *body, size_t len)
{
	char		 key[256], val[256];
	struct proxy	*be = NULL;
	struct server	*s;
	enum stats_act	 act = ACT_NONE;
	unsigned	 i, j, total = 0, done = 0;
	bool		 empty_act = false;

	for (i = 0; stats_form_field(body, len, i, key, val, sizeof(key));
	    i++) {
		if (strcmp(key, "b") == 0)
			be = stats_find_backend(eng, val);
		else if (strcmp(key, "action") == 0) {
			empty_act = val[0] == '\0';
			for (j = 0; j < sizeof(stats_acts) /
			    sizeof(stats_acts[0]); j++)
				if (strcmp(val, stats_acts[j].name) == 0)
					act = stats_acts[j].act;
		}
	}
	if (empty_act)
		return "NONE";
	if (be == NULL || act == ACT_NONE)
		return "ERRP";
	for (i = 0; stats_form_field(body, len, i, key, val, sizeof(key));
	    i++) {
		if (strcmp(key, "s") != 0)
			continue;
		total++;
		if ((s = stats_find_server(be, val)) == NULL)
			continue;
		stats_apply(eng, s, act);
		done++;
	}
	if (total == 0)
		return "NONE";
	return done == total ? "DONE" : done > 0 ? "PART" : "ERRP";
}

/* ------------------------------------------------------------------ */
/* Serving */

static const char *
stats_prefix(const struct stats_conf *sc)
{
	return sc->uri != NULL ? sc->uri : STATS_DEF_URI;
}

const struct stats_conf *
stats_request_for(const struct proxy_conf *pc, const struct http_head *h)
{
	const struct stats_conf	*sc = &pc->stats;
	const char		*u, *prefix;
	size_t			 ulen, plen;

	if (!sc->enabled)
		return NULL;
	prefix = stats_prefix(sc);
	plen = strlen(prefix);
	stats_req_uri(h, prefix, &u, &ulen);
	if (ulen < plen || memcmp(u, prefix, plen) != 0)
		return NULL;
	return sc;
}

bool
stats_match(const struct svc_req *r)
{
	return stats_request_for(r->px->conf, r->head) != NULL;
}

static void
stats_prepare(struct stats_req *sr, const struct svc_req *r, bool *csv,
    bool *json)
{
	const char	*u;
	size_t		 ulen, plen;

	memset(sr, 0, sizeof(*sr));
	sr->eng = r->eng;
	sr->self = r->px;
	sr->sc = &r->px->conf->stats;
	sr->uri = stats_prefix(sr->sc);
	sr->now = stats_now();
	sr->admin = stats_admin_ok(sr->sc, r->env);
	plen = strlen(sr->uri);
	stats_req_uri(r->head, sr->uri, &u, &ulen);
	stats_parse_suffix(sr, u + plen, ulen - plen, csv, json);
}

/* The common headers; "refresh" unless ";norefresh" (spec §9.1). */
static void
stats_headers(char *h, size_t sz, const struct stats_req *r,
    const char *ctype)
{
	int	n;

	n = snprintf(h, sz, "cache-control: no-cache\r\ncontent-type: %s\r\n",
	    ctype);
	if (n > 0 && (size_t)n < sz && r->sc->refresh_ms != CFG_UNSET &&
	    !r->norefresh)
		snprintf(h + n, sz - (size_t)n, "refresh: %u\r\n",
		    r->sc->refresh_ms / 1000);
}

static void
stats_page(const struct svc_req *r, struct svc_reply *rep)
{
	struct stats_req	 sr;
	bool			 csv, json;

	if ((rep->body = evbuffer_new()) == NULL) {
		rep->action = SVC_FAIL;
		rep->status = 500;
		return;
	}
	stats_prepare(&sr, r, &csv, &json);
	if (csv)
		stats_csv(rep->body, &sr);
	else if (json)
		stats_json(rep->body, &sr);
	else
		stats_html(rep->body, &sr);
	stats_headers(rep->hdrs, sizeof(rep->hdrs), &sr, csv ? "text/plain" : json ?
	    "application/json" : "text/html");
	rep->action = SVC_REPLY;
	rep->status = 200;
}

/* After a POST, HAProxy sends the browser back to the page with the
 * outcome in ";st=" (spec §9.2). */
static void
stats_redirect(struct svc_reply *rep, const struct proxy *px,
    const char *code)
{
	char	*hdrs = rep->hdrs;
	size_t	 sz = sizeof(rep->hdrs);
	int	 n;

	n = snprintf(hdrs, sz, "cache-control: no-cache\r\n"
	    "content-type: text/plain\r\nlocation: %s;st=%s\r\n",
	    stats_prefix(&px->conf->stats), code);
	if (n < 0 || (size_t)n >= sz)	/* a very long stats uri */
		snprintf(hdrs, sz, "cache-control: no-cache\r\n"
		    "content-type: text/plain\r\nlocation: ;st=%s\r\n",
		    code);
	rep->action = SVC_REPLY;
	rep->status = 303;
}

/* The data of the chunked body IN[0..len) (already validated by the
 * HTTP/1 layer) into OUT; returns its length.  OUT may be IN: the data
 * never runs ahead of its framing. */
static size_t
stats_dechunk(const char *in, size_t len, char *out, size_t outsz)
{
	const char	*p = in, *end = in + len, *eol;
	size_t		 n = 0, sz;
	char		*num_end;

	while (p < end && (eol = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		sz = strtoul(p, &num_end, 16);
		if (sz == 0 || num_end == p)
			break;
		p = eol + 1;
		if (sz > (size_t)(end - p))
			sz = (size_t)(end - p);
		if (n + sz > outsz)
			sz = outsz - n;
		memmove(out + n, p, sz);
		n += sz;
		p += sz;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p = eol + 1;
	}
	return n;
}

/* The form in R's body (as the HTTP/1 layer passed it on, chunk framing
 * included) run as an admin action. */
static const char *
stats_admin_body(const struct svc_req *r, struct evbuffer *body)
{
	size_t	 len = evbuffer_get_length(body);
	char	*p;

	if (len > STATS_BODY_MAX)
		return "EXCD";
	if (len == 0)
		return stats_admin_apply(r->eng, "", 0);
	if ((p = (char *)evbuffer_pullup(body, -1)) == NULL)
		return "EXCD";
	/* BODY is the request's own copy (engine/service.c made it):
	 * unframe in place. */
	if (r->chunked)
		len = stats_dechunk(p, len, p, len);
	return stats_admin_apply(r->eng, p, len);
}

/* An admin form: ask the engine for its whole body, run it, redirect. */
static void
stats_post(const struct svc_req *r, struct svc_reply *rep)
{
	const char	*code;

	if (r->body_too_big)
		code = "EXCD";
	else if (r->body == NULL) {
		rep->action = SVC_NEED_BODY;
		rep->body_max = STATS_BODY_MAX;
		return;
	} else
		code = stats_admin_ok(&r->px->conf->stats, r->env) ?
		    stats_admin_body(r, r->body) : "DENY";
	stats_redirect(rep, r->px, code);
}

void
stats_answer(const struct svc_req *r, struct svc_reply *rep)
{
	const struct stats_conf	*sc = &r->px->conf->stats;

	memset(rep, 0, sizeof(*rep));
	if (!stats_auth_ok(sc, r->head)) {
		rep->action = SVC_AUTH;
		rep->realm = sc->realm != NULL ? sc->realm : STATS_DEF_REALM;
		return;
	}
	if (r->head->mlen == 4 && memcmp(r->head->start.s + r->head->moff,
	    "POST", 4) == 0)
		stats_post(r, rep);
	else
		stats_page(r, rep);
}
