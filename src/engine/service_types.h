/*
 * service_types: the interface between the engine and the services of
 * hapx that answer a request themselves (the stats page and its admin
 * form, the Prometheus exporter).  The engine (service.c) hands a service
 * a view of the request (struct svc_req); the service returns what it
 * decided (struct svc_reply) and the engine sends it, reads the body it
 * asked for, counts and logs.  Types only, so that observe/ sees them
 * without calling up into the session code (STYLE.md §1).
 */
#ifndef HAPX_SERVICE_TYPES_H
#define HAPX_SERVICE_TYPES_H

#include <stdbool.h>
#include <stddef.h>

struct acl_env;
struct engine;
struct evbuffer;
struct http_head;
struct proxy;

/* What a service sees of a request.  All pointers are the session's. */
struct svc_req {
	struct engine		*eng;
	struct proxy		*px;		/* the proxy being served: its
						   stats settings, its rules */
	const struct http_head	*head;		/* the request head */
	const struct acl_env	*env;		/* for its ACLs ("stats admin
						   if ...") */
	const char		*service;	/* "use-service" name, or NULL */
	/* Set only when the service asked for the body (SVC_NEED_BODY): */
	struct evbuffer		*body;		/* the whole body, as the HTTP/1
						   layer passed it on */
	bool			 chunked;	/* BODY keeps its chunk framing */
	bool			 body_too_big;	/* more than body_max arrived
						   before its end (BODY NULL) */
};

/* What the engine does with a reply. */
enum svc_action {
	SVC_REPLY,		/* send status, hdrs, body */
	SVC_FAIL,		/* the error page of status */
	SVC_AUTH,		/* 401 asking for credentials of realm */
	SVC_NEED_BODY		/* read the whole request body (at most
				   body_max bytes), then call the service
				   again with it */
};

struct svc_reply {
	enum svc_action		 action;
	int			 status;	/* SVC_REPLY, SVC_FAIL */
	char			 hdrs[512];	/* SVC_REPLY: header lines,
						   "name: value\r\n" each */
	struct evbuffer		*body;		/* SVC_REPLY: owned by the reply
						   (the engine frees it); NULL =
						   empty */
	const char		*realm;		/* SVC_AUTH: not owned, outlives
						   the transaction */
	size_t			 body_max;	/* SVC_NEED_BODY */
};

#endif
