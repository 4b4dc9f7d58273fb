/*
 * acl_env: what a fetch may read about the request it runs for (struct
 * acl_env).  Types only, so that the fetches (acl_fetch.c), the sample
 * and format compilers (sample.c, fmt.c) and the conditions (acl.c) can
 * all see it without including each other.
 */
#ifndef HAPX_ACL_ENV_H
#define HAPX_ACL_ENV_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>

struct acl_trace;
struct engine;
struct http_head;
struct proxy;
struct vars;

/* Everything a fetch may read.  NULL members are "not available here"
 * (e.g. req is NULL in mode tcp): a fetch without its input does not
 * match. */
struct acl_env {
	const struct http_head		*req;
	const struct http_head		*res;
	const struct sockaddr_storage	*src;	/* client */
	const struct sockaddr_storage	*dst;	/* local address it connected to */
	const struct proxy		*fe, *be;
	const struct engine		*eng;	/* proxy_of_conf for nbsrv(NAME) */
	const unsigned char		*payload; /* tcp-request content data */
	size_t				 payload_len;
	int				 srv_id;	/* -1 if none chosen yet */
	struct vars			*vars;	/* the session's; set-var
						   writes through a const env */
	/* More data may come: tcp-request content before inspect-delay
	 * ends.  WAIT_END is false then, and acl_cond_pending() tells a
	 * rule to wait. */
	bool				 partial;
	/* cfgcheck --explain: told each step as it is taken.  NULL in
	 * traffic (one test per ACL evaluated). */
	const struct acl_trace		*trace;
};

#endif
