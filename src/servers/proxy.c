/*
 * proxy: queries on the runtime proxy and server objects.  The engine
 * builds and frees them (engine.c, which also has proxy_of_conf); this file
 * only reads their state.  No I/O, no policy.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <time.h>

#include "model/cfg_model.h"
#include "engine/engine_types.h"
#include "servers/proxy.h"

/*
 * HAProxy's nbsrv (be_usable_srv()): the usable active servers; when there
 * is none, 1 if the first usable backup serves alone, or every usable
 * backup with "option allbackups".  Usable is UP with a weight above 0,
 * the same rule as the balancer's (lb.c).
 */
bool
proxy_srv_usable(const struct server *s)
{
	return s->state == SRV_ST_UP && !s->nolb && !s->admin_drain &&
	    s->weight > 0;
}

unsigned
proxy_usable_servers(const struct proxy *px)
{
	unsigned	i, act = 0, bck = 0;

	for (i = 0; i < px->nsrvs; i++) {
		const struct server	*s = &px->srvs[i];

		if (!proxy_srv_usable(s))
			continue;
		if (s->conf->backup)
			bck++;
		else
			act++;
	}
	if (act > 0)
		return act;
	if (bck > 0 && px->conf != NULL &&
	    !(px->conf->opts & PXO_BIT(PXO_ALLBACKUPS)))
		return 1;
	return bck;
}

int64_t
proxy_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t
proxy_fullconn(const struct proxy *px)
{
	const struct engine	*eng = px->eng;
	uint64_t		 sum = 0;
	unsigned		 i, j;
	bool			 to;

	if (px->conf->fullconn != 0 && px->conf->fullconn != CFG_UNSET)
		return px->conf->fullconn;
	for (i = 0; eng != NULL && i < eng->nproxies; i++) {
		const struct proxy	*fe = &eng->proxies[i];
		const struct proxy_conf	*fc = fe->conf;

		if (!(fc->cap & CFG_CAP_FE))
			continue;
		to = fe == px || fc->default_backend.target == px->conf;
		for (j = 0; j < fc->use_backends.n; j++)
			to |= fc->use_backends.v[j].target == px->conf;
		if (to)
			sum += fe->maxconn;
	}
	return (sum + 9) / 10;
}

/* V scaled by the part of "slowstart" elapsed since S came back; at
 * least 1, as HAProxy's ramp starts above zero. */
static unsigned
srv_ramp(const struct server *s, unsigned v)
{
	uint32_t	ss = s->conf->slowstart_ms;
	int64_t		el;
	uint64_t	r;

	if (ss == CFG_UNSET || ss == 0 || s->up_ms == 0 || v == 0)
		return v;
	el = proxy_now_ms() - s->up_ms;
	if (el >= (int64_t)ss)
		return v;
	r = el > 0 ? ((uint64_t)v * (uint64_t)el + ss - 1) / ss : 0;
	return r > 0 ? (unsigned)r : 1;
}

unsigned
proxy_srv_maxconn(const struct server *s)
{
	unsigned	max = s->maxconn_set ? s->maxconn : s->conf->maxconn;
	unsigned	min = s->conf->minconn;
	uint64_t	full, d;

	if (max == CFG_UNSET || max == 0)
		return 0;
	if (min != CFG_UNSET && min > 0 && min < max && s->px != NULL &&
	    (full = proxy_fullconn(s->px)) > 0 && s->px->beconn < full) {
		d = (uint64_t)s->px->beconn * max / full;
		max = d > min ? (unsigned)d : min;
	}
	return srv_ramp(s, max);
}

unsigned
proxy_srv_eweight(const struct server *s)
{
	return srv_ramp(s, s->weight);
}

void
proxy_count_usable(const struct proxy *px, unsigned *act, unsigned *bck)
{
	unsigned	i;

	*act = *bck = 0;
	for (i = 0; i < px->nsrvs; i++) {
		if (!proxy_srv_usable(&px->srvs[i]))
			continue;
		if (px->srvs[i].conf->backup)
			(*bck)++;
		else
			(*act)++;
	}
}

/* The runtime proxy of CONF: the engine builds proxies[] in the model's
 * order, so CONF's index is its slot (looked up per request). */
struct proxy *
proxy_of_conf(const struct engine *eng, const struct proxy_conf *conf)
{
	if (conf == NULL || conf->index >= eng->nproxies ||
	    eng->proxies[conf->index].conf != conf)
		return NULL;
	return &eng->proxies[conf->index];
}

/* HAProxy numbers proxies in config order from 1, skipping the ids
 * given with "id"; a "stats socket" creates its GLOBAL proxy first (id
 * 1), which the numbering then skips too. */
/* The first id after PREV that no "id" keyword took. */
static unsigned
next_free_id(const struct engine *eng, unsigned prev)
{
	unsigned	j, next = prev;
	bool		used;

	do {
		next++;
		used = false;
		for (j = 0; j < eng->nproxies; j++)
			if (eng->proxies[j].conf->id == next)
				used = true;
	} while (used);
	return next;
}

unsigned
proxy_id(const struct proxy *px)
{
	const struct engine	*eng = px->eng;
	unsigned		 i, next = 0;

	if (px->conf->id != 0)
		return px->conf->id;
	if (eng->cfg != NULL && eng->cfg->global.stats_socket.set)
		next = next_free_id(eng, next);		/* GLOBAL's */
	for (i = 0; i < eng->nproxies; i++) {
		if (eng->proxies[i].conf->id != 0)
			continue;
		next = next_free_id(eng, next);
		if (&eng->proxies[i] == px)
			break;
	}
	return next;
}

unsigned
proxy_srv_id(const struct server *s)
{
	return s->conf->id != 0 ? s->conf->id : s->idx + 1;
}

struct proxy *
proxy_find(const struct engine *eng, const char *name, unsigned cap)
{
	unsigned	i;

	for (i = 0; i < eng->nproxies; i++) {
		struct proxy	*px = &eng->proxies[i];

		if ((px->conf->cap & cap) && strcmp(px->conf->name, name) == 0)
			return px;
	}
	return NULL;
}

struct server *
proxy_find_server(const struct proxy *px, const char *name)
{
	unsigned	i;

	for (i = 0; i < px->nsrvs; i++)
		if (strcmp(px->srvs[i].conf->name, name) == 0)
			return &px->srvs[i];
	return NULL;
}

static void
clear_avg_max(struct txn_avg *a)
{
	a->qtime_max = a->ctime_max = a->rtime_max = a->ttime_max = 0;
}

static void
clear_srv(struct server *s, bool all)
{
	s->max_conns = s->cur_conns;
	s->sess_rate_max = 0;
	clear_avg_max(&s->avg);
	if (!all)
		return;
	s->total = s->bytes_in = s->bytes_out = 0;
	s->failed_conns = s->failed_resp = s->retries = s->redispatches = 0;
	memset(s->hrsp, 0, sizeof(s->hrsp));
	s->cli_abrt = s->srv_abrt = 0;
	memset(&s->avg, 0, sizeof(s->avg));
	s->lbtot = s->connect = s->reuse = s->req_tot = s->wrew = 0;
	s->chk_fail = 0;
	s->down_trans = 0;
	s->down_time = 0;
}

void
proxy_clear_counters(struct proxy *px, bool all)
{
	unsigned	i;

	px->feconn_max = px->feconn;
	px->beconn_max = px->beconn;
	px->sess_rate_max = px->be_sess_rate_max = 0;
	px->req_rate_max = px->conn_rate_max = 0;
	px->qmax = px->queued;
	clear_avg_max(&px->avg);
	for (i = 0; i < px->nsrvs; i++)
		clear_srv(&px->srvs[i], all);
	if (!all)
		return;
	px->cum_feconn = px->cum_beconn = 0;
	px->denied_req = px->denied_resp = px->failed_req = 0;
	px->bytes_in = px->bytes_out = 0;
	memset(px->hrsp, 0, sizeof(px->hrsp));
	px->req_tot = px->cli_abrt = px->srv_abrt = 0;
	px->failed_conns = px->failed_resp = px->retries = 0;
	px->redispatches = px->intercepted = 0;
	px->denied_conn = px->denied_sess = px->cum_sess = 0;
	memset(&px->avg, 0, sizeof(px->avg));
	px->lbtot = px->connect = px->reuse = px->wrew = 0;
	px->down_trans = 0;
	px->down_time = 0;
}
