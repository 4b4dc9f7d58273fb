/*
 * session_types: struct session and the record of its transaction
 * (struct sess_txn).  Types only, so that the layers below the engine
 * that read a session's fields (the log line in log_txn.c, persistence
 * in persist.c) may see them (STYLE.md §1); the session's functions are
 * in session.h, the engine's own.
 */
#ifndef HAPX_SESSION_TYPES_H
#define HAPX_SESSION_TYPES_H

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <stdbool.h>
#include <stdint.h>

#include "http/acl.h"
#include "http/http1.h"
#include "http/rewrite.h"

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
	SESS_CLOSING,		/* flushing a last answer, then close */
	SESS_SERVICE,		/* hapx answers itself (stats admin form):
				   reading the request body */
	SESS_INSPECT,		/* mode tcp: tcp-request content rules wait
				   for data (inspect-delay) */
	SESS_CLOSED		/* session_close() ran: inert until freed at
				   the end of the current event */
};

/*
 * The record of the current transaction (mode http) or connection (mode
 * tcp) that its log line and the stats counters are made of.  Times are
 * monotonic microseconds, -1 until the step is reached.  log.c fills and
 * clears it (log_txn_*); the session code calls those at each step.
 */
struct sess_txn {
	struct timeval		 accept_date;	/* wall clock at t0 */
	int64_t			 t0;		/* accept, or end of the
						   previous transaction */
	int64_t			 t_first;	/* first byte of the request */
	int64_t			 t_head;	/* request head complete and
						   accepted (TR ends) */
	int64_t			 t_queue;	/* left the queue (Tw ends) */
	int64_t			 t_conn;	/* connected (Tc ends) */
	int64_t			 t_resp;	/* response head (Tr ends) */
	int			 status;	/* -1: no response yet */
	uint64_t		 bytes_in, bytes_out;	/* client side */
	bool			 hide_bytes;	/* log 0 bytes: HAProxy's H1
						   layer answers 400/408 */
	unsigned		 retries;
	bool			 redispatched;
	char			 cause, phase;	/* termination; 0 = unset */
	bool			 logged;	/* line sent, or not wanted */
	bool			 done;		/* counted and over, or never
						   to be logged */
	uint64_t		 req_id;	/* %rt */
	char			*reqline;	/* owned; NULL = <BADREQ> */
	char			**cap_req, **cap_res;	/* owned captures */
	char			*cookie_req, *cookie_res;	/* owned */
	char			*unique_id;	/* owned: unique-id-format */
	int			 level;		/* set-log-level: -1 silent,
						   0..7; LOG_L_UNSET */
	const void		*rcap_rule[8];	/* http-request capture rules */
	char			*rcap_val[8];	/* owned: what each captured */
	unsigned		 nrcap;
	char			 ck_req, ck_res;	/* cookie status, %tsc 3rd
						   and 4th chars; 0 = '-' */
	int64_t			 ck_first, ck_last;	/* dates (s) in the
						   request cookie, 0 = none */
	const char		*svc;		/* "<STATS>"...: answered by a
						   service of hapx (static) */
	struct sockaddr_storage	 bk_addr;	/* our end towards the server
						   (%bi %bp); family 0 = none */
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
	struct server		*queue_srv;	/* queued for this server (stick,
						   retry): counted in its
						   "queued" (maxqueue) */
	struct server		*wait_srv;	/* sess_pick(): the server it
						   found full, if bound to one */
	bool			 is_http;
	bool			 srv_slot;	/* holds a maxconn slot on srv */
	bool			 cli_eof, srv_eof;
	bool			 res_inspected;	/* tcp-response content ran */
	bool			 close_after;	/* close the client after this response */
	bool			 req_done;	/* request body fully forwarded */
	bool			 resp_sent;	/* something was sent to the client */
	bool			 head_req;	/* current request is HEAD */
	bool			 out_held;	/* next request waits for the
						   client to read its backlog */
	enum sess_conn_mode	 mode;
	unsigned		 retries_left;
	unsigned		 attempts;
	unsigned		 ntxn;		/* transactions on this connection */
	struct server		*reuse_srv;	/* server of the kept-alive sbev */
	struct server		*force_srv;	/* retry: the same server */
	struct server		*avoid_srv;	/* redispatch: another one */
	struct server		*direct_srv;	/* use-server or cookie chose it
						   (persist.c) */
	unsigned char		 prst;		/* PRST_* (persist.h) */
	bool			 reused;	/* this attempt reuses sbev */
	bool			 be_counted;	/* counted in be->beconn */
	bool			 pp_expect;	/* tcp-request connection
						   expect-proxy layer4 */
	struct http1_msg	*msg;		/* owned: parse state */
	struct http_head	 req, res;
	struct http1_body_state	 reqb, resb;
	struct acl_env		 env;
	struct rw_result	 rw;
	struct sess_txn		 txn;		/* for the log line (log.c) */
};

#endif
