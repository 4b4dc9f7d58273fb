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
struct session;

/* Answer S with the service its rule named (s->rw.service); false when
 * hapx has no such service (the caller answers 503). */
bool	prom_service(struct session *s);
/* The metrics of ENG into OUT, at time NOW (seconds). */
void	prom_render(struct evbuffer *out, const struct engine *eng);

#endif
