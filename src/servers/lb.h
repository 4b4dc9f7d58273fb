/*
 * lb: server selection for a backend: roundrobin (weighted, grouped as
 * HAProxy's), static-rr, leastconn, first, source, uri, url_param,
 * hdr(name), random; backup servers only when no active one is usable
 * (all of them with "option allbackups"); DOWN, MAINT and weight 0 never.
 */
#ifndef HAPX_LB_H
#define HAPX_LB_H

#include <sys/socket.h>

#include <stdbool.h>

struct http_head;
struct proxy;
struct server;

struct lb_input {
	const struct sockaddr_storage	*src;	/* client address (source) */
	const struct http_head		*req;	/* NULL in mode tcp */
	const struct server		*avoid;	/* redispatch: not this one */
};

/* Set up the backend's balancer state (at engine start). */
void		 lb_init(struct proxy *be);
/*
 * Choose a server.  *FULL is set when usable servers exist but all are at
 * their maxconn (the caller queues the session); returns NULL then, and
 * also when no server is usable at all (503).
 */
struct server	*lb_pick(struct proxy *be, const struct lb_input *, bool *full);
/* Account a connection taken on / released from S (leastconn, maxconn). */
void		 lb_take(struct server *s);
void		 lb_release(struct server *s);

/* cfgcheck --explain: whether lb_pick() would consider S now (its
 * serving group, usable, not full). */
bool		 lb_eligible(struct proxy *be, const struct server *s);

#endif
