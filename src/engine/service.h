/*
 * service: the engine's side of the services of hapx (service_types.h):
 * it recognises a request for one, counts and logs it, runs the service
 * and acts on its reply (sends it, or reads the request body first).
 */
#ifndef HAPX_SERVICE_H
#define HAPX_SERVICE_H

#include <stdbool.h>

struct proxy;
struct session;

/*
 * If the request of S is for the stats page of PX, answer it and return
 * true; S's transaction is then over (or, for an admin form whose body
 * has not arrived, waiting for it in SESS_SERVICE).  False: go on.
 */
bool	service_stats(struct session *s, struct proxy *px);
/* "http-request use-service" (s->rw.service): answer S and return true,
 * or false when hapx has no such service (the caller answers 503). */
bool	service_use(struct session *s);
/* More of the request body arrived for a service (S in SESS_SERVICE). */
void	service_read_body(struct session *s);

#endif
