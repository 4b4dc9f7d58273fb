/*
 * session_http: the HTTP transaction of a session (session_http.c), and
 * the session internals it shares with session.c.  Internal to the two.
 */
#ifndef HAPX_SESSION_HTTP_H
#define HAPX_SESSION_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "model/cfg_model.h"

struct bufferevent;
struct evbuffer;
struct proxy;
struct session;

/* session.c */
uint32_t	 sess_tmo(const struct proxy *, enum px_timeout);
void		 sess_set_timer(struct session *, uint32_t ms);
void		 sess_bev_timeouts(struct bufferevent *, uint32_t rd,
		    uint32_t wr);
void		 session_close(struct session *);
void		 sess_close_after_flush(struct session *);
struct proxy	*sess_route(struct session *);
void		 sess_set_backend(struct session *, struct proxy *);
void		 sess_connect(struct session *);
void		 sess_connected(struct session *);
void		 sess_connect_failed(struct session *);
void		 sess_dequeue(struct proxy *);
void		 sess_drop_server(struct session *);
void		 sess_release_slot(struct session *);
void		 sess_fail(struct session *, int status);
void		 sess_start_relay(struct session *);
/* What a tcp-request/-response rule set decided (sess_tcp_rules). */
enum tcp_verdict { TCPV_CONTINUE, TCPV_ACCEPT, TCPV_REJECT, TCPV_WAIT };
enum tcp_verdict sess_tcp_rules(struct session *, const struct tcp_rule *,
		    unsigned n, enum tcp_when);
void		 sess_relay_event(struct session *, bool client, short what);
void		 sess_srv_event_cb(struct bufferevent *, short, void *);

/* session_http.c */
void		 http_session_start(struct session *);
void		 http_connected(struct session *);
void		 http_fail(struct session *, int status);
void		 http_srv_event(struct session *, short what);
void		 http_timer(struct session *);
void		 http_soft_stop(struct session *);
/* The 401 of "stats auth" with REALM (not owned; must outlive S's
 * transaction). */
void		 http_reply_realm(struct session *, const char *realm);
/* A response hapx makes itself (stats page, services): STATUS, the
 * header lines HDRS ("name: value\r\n" each, or NULL), then BODY
 * (drained; NULL = empty), chunked to an HTTP/1.1 client, else with
 * content-length; ends the transaction. */
void		 http_reply_svc(struct session *, int status, const char *hdrs,
		    struct evbuffer *body);

#endif
