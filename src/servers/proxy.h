/*
 * proxy: the runtime objects built from the model: struct proxy (frontend,
 * backend or listen), struct server, struct listener.  Each holds a const
 * pointer to its *_conf and its own mutable state and counters.  Owned by
 * the engine (engine_free releases them).  The types are in
 * proxy_types.h.
 */
#ifndef HAPX_PROXY_H
#define HAPX_PROXY_H

#include <stdbool.h>
#include <stdint.h>

#include "servers/proxy_types.h"

struct engine;

/* Usable servers (UP, weight > 0), for nbsrv and the balancer. */
unsigned	 proxy_usable_servers(const struct proxy *);
/* The usable servers of PX (UP, not NOLB or draining, weight above 0),
 * active in *ACT and backup in *BCK: HAProxy's srv_act and srv_bck, as
 * in "N active and M backup servers left". */
void		 proxy_count_usable(const struct proxy *, unsigned *act,
		    unsigned *bck);
/* Can S take new load-balanced traffic: UP, not NOLB (disable-on-404),
 * not draining, weight above 0. */
bool		 proxy_srv_usable(const struct server *s);
/* Monotonic milliseconds. */
int64_t		 proxy_now_ms(void);
/* HAProxy's default fullconn: "fullconn", else a tenth of the maxconn of
 * the frontends that can route to PX, rounded up. */
uint64_t	 proxy_fullconn(const struct proxy *px);
/* The connection limit of S now (0 = none): "maxconn", lowered by
 * "minconn" while the backend is below fullconn, and by "slowstart". */
unsigned	 proxy_srv_maxconn(const struct server *s);
/* The weight a dynamic balancer gives S now: its weight, ramped up
 * during "slowstart" after S came back from DOWN. */
unsigned	 proxy_srv_eweight(const struct server *s);
/* The runtime proxy built from CONF, or NULL. */
struct proxy	*proxy_of_conf(const struct engine *,
		    const struct proxy_conf *conf);

/* HAProxy's proxy id ("iid", "be_id"): "id", else the automatic one. */
unsigned	 proxy_id(const struct proxy *px);
/* HAProxy's server id ("sid", "srv_id"): "id", else its position. */
unsigned	 proxy_srv_id(const struct server *s);
/* The proxy named NAME with one of the capabilities CAP (CFG_CAP_FE,
 * CFG_CAP_BE), or NULL. */
struct proxy	*proxy_find(const struct engine *, const char *name,
		    unsigned cap);
/* PX's server named NAME, or NULL. */
struct server	*proxy_find_server(const struct proxy *px, const char *name);
/* "clear counters": reset PX's and its servers' maxima (highest
 * sessions, rates, timers); ALL ("clear counters all"): every
 * cumulated counter too.  Current values (sessions, queues) stay. */
void		 proxy_clear_counters(struct proxy *px, bool all);

#endif
