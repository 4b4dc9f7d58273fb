/*
 * session: one client connection and what it carries: in mode http a
 * sequence of transactions (request head, rules, routing, server
 * connection, response), in mode tcp a byte relay.  A session owns its two
 * bufferevents, its parsed heads and its timer; session_close() is the only
 * place that frees them.
 */
#ifndef HAPX_SESSION_H
#define HAPX_SESSION_H

#include <sys/queue.h>
#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>

#include "acl.h"
#include "http1.h"
#include "rewrite.h"

struct bufferevent;
struct engine;
struct event;
struct listener;
struct proxy;
struct server;

enum sess_state {
	SESS_REQ_WAIT,		/* waiting for (the rest of) a request head */
	SESS_QUEUED,		/* waiting for a server slot */
	SESS_CONNECTING,	/* connecting, or pausing before a retry */
	SESS_WAIT_RESP,		/* request sent or being sent, no response yet */
	SESS_RESP_BODY,		/* forwarding the response body */
	SESS_TUNNEL,		/* mode tcp, or after 101 Switching Protocols */
	SESS_TARPIT,		/* holding a tarpitted request */
	SESS_CLOSING		/* flushing a last answer, then close */
};

/* Connection handling of a transaction (spec §8.4). */
enum sess_conn_mode { CONN_KEEPALIVE, CONN_SERVER_CLOSE, CONN_CLOSE };

struct session {
	struct engine		*eng;
	struct listener		*li;
	struct proxy		*fe, *be;
	struct server		*srv;		/* server of the current attempt */
	struct bufferevent	*cbev, *sbev;	/* owned */
	struct sockaddr_storage	 src, dst;
	struct event		*timer;		/* owned: deadlines */
	enum sess_state		 st;
	TAILQ_ENTRY(session)	 qlink;		/* in a server/backend queue */
	TAILQ_ENTRY(session)	 link;		/* in the list of all sessions */
	bool			 in_queue;
	bool			 is_http;
	bool			 srv_slot;	/* holds a maxconn slot on srv */
	bool			 cli_eof, srv_eof;
	bool			 close_after;	/* close the client after this response */
	bool			 req_done;	/* request body fully forwarded */
	bool			 resp_sent;	/* something was sent to the client */
	bool			 head_req;	/* current request is HEAD */
	enum sess_conn_mode	 mode;
	unsigned		 retries_left;
	unsigned		 attempts;
	unsigned		 ntxn;		/* transactions on this connection */
	struct server		*reuse_srv;	/* server of the kept-alive sbev */
	struct server		*force_srv;	/* retry: the same server */
	struct server		*avoid_srv;	/* redispatch: another one */
	bool			 reused;	/* this attempt reuses sbev */
	bool			 be_counted;	/* counted in be->beconn */
	struct http1_msg	*msg;		/* owned: parse state */
	struct http_head	 req, res;
	struct http1_body_state	 reqb, resb;
	struct acl_env		 env;
	struct rw_result	 rw;
};

/* A listener accepted FD from SA. */
void	session_accept(struct listener *, int fd, const struct sockaddr *sa,
	    socklen_t salen);
/* Soft stop: close idle keep-alive sessions, let busy ones finish. */
void	session_soft_stop(struct engine *);
/* Close a server's idle connections (engine shutdown). */
void	session_pool_flush(struct server *);
/* Free every session (engine shutdown). */
void	session_free_all(struct engine *);

#endif
