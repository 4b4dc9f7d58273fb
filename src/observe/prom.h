/*
 * prom: "http-request use-service prometheus-exporter": HAProxy's
 * haproxy_process_*, haproxy_frontend_*, haproxy_backend_* and
 * haproxy_server_* metrics for what hapx counts, in the Prometheus text
 * exposition format 0.0.4.  Reads the same rows as the stats page.
 */
#ifndef HAPX_PROM_H
#define HAPX_PROM_H

#include <stdbool.h>

struct evbuffer;
struct engine;
struct svc_reply;
struct svc_req;

/* Whether R's "use-service" is this one ("prometheus-exporter"). */
bool	prom_match(const struct svc_req *r);
/* The metrics page answering R (service_types.h). */
void	prom_answer(const struct svc_req *r, struct svc_reply *rep);
/* The metrics of ENG into OUT, at time NOW (seconds). */
void	prom_render(struct evbuffer *out, const struct engine *eng);

#endif
