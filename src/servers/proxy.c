/*
 * proxy: queries on the runtime proxy and server objects.  The engine
 * builds and frees them (engine.c, which also has proxy_of_conf); this file
 * only reads their state.  No I/O, no policy.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

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
	unsigned	max = s->conf->maxconn, min = s->conf->minconn;
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
