/*
 * proxy: queries on the runtime proxy and server objects.  The engine
 * builds and frees them (engine.c, which also has proxy_of_conf); this file
 * only reads their state.  No I/O, no policy.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cfg_model.h"
#include "proxy.h"

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
