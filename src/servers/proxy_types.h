/*
 * proxy_types: struct proxy (frontend, backend or listen), struct server
 * and struct listener, the runtime objects built from the model.  Types
 * only, so that the layers that read their fields without calling the
 * proxy module (a format's %f and %b in http/rewrite.c) may see them
 * (STYLE.md §1); the functions are in proxy.h.
 */
#ifndef HAPX_PROXY_TYPES_H
#define HAPX_PROXY_TYPES_H

#include <sys/queue.h>
#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>

#include "model/cfg_model.h"
#include "base/freq.h"

struct engine;
struct session;
struct evconnlistener;
struct fdpass_inbox;
struct check;
struct log_sinks;
struct stick_table;
struct err_snap;

enum srv_state {
	SRV_ST_UP,		/* usable */
	SRV_ST_DOWN,		/* failed its checks */
	SRV_ST_MAINT		/* "disabled", or set by the admin */
};

/* Response status classes counted per proxy and server: 1xx..5xx, other. */
enum { HRSP_1XX, HRSP_2XX, HRSP_3XX, HRSP_4XX, HRSP_5XX, HRSP_OTHER,
	HRSP_N };

/*
 * Averages of the last transactions' timers, in ms, as HAProxy's
 * qtime/ctime/rtime/ttime (a running average over up to 1024 samples).
 */
struct txn_avg {
	uint32_t		 qtime, ctime, rtime, ttime;
	unsigned		 n;		/* samples so far, capped */
	uint32_t		 qtime_max, ctime_max, rtime_max, ttime_max;
};

/* A session waiting for a free slot (server maxconn). */
TAILQ_HEAD(session_queue, session);

/* An idle server connection kept for reuse by any session's later
 * requests (HAProxy's "http-reuse safe"). */
struct srv_idle {
	struct bufferevent	*bev;		/* owned */
	struct server		*srv;
	bool			 safe;		/* served 2+ requests: HAProxy's
						   "safe" idle connection */
	TAILQ_ENTRY(srv_idle)	 link;
};
TAILQ_HEAD(srv_idle_list, srv_idle);

struct server {
	const struct server_conf *conf;
	struct proxy		*px;		/* its backend */
	unsigned		 idx;		/* position in px->srvs */
	enum srv_state		 state;
	struct sockaddr_storage	 addr;		/* resolved at start */
	socklen_t		 addrlen;
	unsigned		 weight;	/* effective weight (0 while
						   draining) */
	unsigned		 uweight;	/* the weight asked for: config,
						   "set weight"; restored when
						   a drain ends */
	unsigned		 maxconn;	/* "set maxconn server" (when
						   maxconn_set); 0 = none */
	bool			 maxconn_set;	/* else conf->maxconn rules */
	unsigned		 cur_conns;	/* connections in use (maxconn) */
	unsigned		 max_conns;	/* highest cur_conns seen */
	unsigned		 queued;	/* sessions in its queue */
	uint64_t		 total;		/* sessions sent to it */
	uint64_t		 bytes_in, bytes_out;
	uint64_t		 failed_conns, failed_resp, retries, redispatches;
	int64_t			 lb_key;	/* balancer state (wrr credit...) */
	int64_t			 up_ms;		/* proxy_now_ms() of its last
						   return from DOWN (slowstart);
						   0 = never */
	struct session_queue	 queue;
	struct srv_idle_list	 idle;		/* owned idle connections */
	unsigned		 nidle;
	unsigned		 nidle_safe;	/* of them, the "safe" ones */
	struct check		*chk;		/* owned; NULL = no "check" */
	/* "set server B/S check-addr|check-port" (check.c reads them). */
	struct sockaddr_storage	 chk_addr;	/* chk_addrlen 0 = not set */
	socklen_t		 chk_addrlen;
	unsigned		 chk_port;	/* 0 = not set */

	/* Traffic counters for stats and logs (session code updates). */
	uint64_t		 hrsp[HRSP_N];	/* responses by status class */
	uint64_t		 cli_abrt, srv_abrt;	/* aborted transfers */
	int64_t			 last_sess;	/* time (s) of the last session
						   sent to it, -1 = never */
	struct txn_avg		 avg;
	struct freq		 sess_rate;	/* sessions sent to it */
	uint32_t		 sess_rate_max;
	uint64_t		 lbtot;		/* balancer choices of it */
	uint64_t		 connect;	/* new connections attempted */
	uint64_t		 reuse;		/* idle connections reused */
	uint64_t		 req_tot;	/* HTTP requests sent to it */
	uint64_t		 wrew;		/* failed header rewrites */

	/* Health state for stats and logs (check.c updates). */
	int64_t			 last_change;	/* time (s) of the last state
						   change (start = start time) */
	uint64_t		 down_time;	/* seconds spent DOWN, closed
						   periods only */
	unsigned		 down_trans;	/* UP -> DOWN transitions */
	uint64_t		 chk_fail;	/* failed checks */
	bool			 nolb;		/* disable-on-404: UP but no new
						   traffic (stats "NOLB") */
	bool			 admin_drain;	/* set from the stats page */
	bool			 admin_maint;	/* MAINT set from the stats page
						   (vs "disabled" in config) */
};

struct listener {
	struct proxy		*px;
	const struct bind_conf	*conf;
	struct evconnlistener	*lev;		/* owned */
	struct fdpass_inbox	*inbox;		/* owned, sockpair@: where
						   connections arrive */
	struct sockaddr_storage	 addr;
	socklen_t		 addrlen;
	bool			 paused;	/* maxconn reached */
	int			 backlog;	/* listen()'s, to listen again
						   after "disable frontend" */
	/* Where accepted connections go (listener.h's listener_accept_fn). */
	void			(*accept)(struct listener *, int,
			    const struct sockaddr *, socklen_t);
};

struct proxy {
	const struct proxy_conf	*conf;
	struct engine		*eng;
	struct server		*srvs;		/* owned array */
	unsigned		 nsrvs;
	struct listener		*listeners;	/* owned array */
	unsigned		 nlisteners;
	unsigned		 feconn;	/* current frontend sessions */
	unsigned		 beconn;	/* current backend sessions */
	unsigned		 feconn_max, beconn_max;
	uint64_t		 cum_feconn, cum_beconn;
	uint64_t		 denied_req, denied_resp, failed_req;
	uint64_t		 bytes_in, bytes_out;
	unsigned		 lb_next;	/* round-robin cursor */
	unsigned		 queued;	/* sessions in the backend queue */
	struct session_queue	 queue;
	uint32_t		 maxconn;	/* effective frontend maxconn */
	bool			 admin_paused;	/* "disable frontend" */
	bool			 stopped;	/* "shutdown frontend": its
						   listeners are closed */

	/* Traffic counters for stats and logs (session code updates). */
	uint64_t		 hrsp[HRSP_N];	/* responses by status class */
	uint64_t		 req_tot;	/* HTTP requests (frontend) */
	uint64_t		 cli_abrt, srv_abrt;
	uint64_t		 failed_conns, failed_resp;	/* backend */
	uint64_t		 retries, redispatches;	/* backend */
	uint64_t		 intercepted;	/* answered by hapx itself
						   (stats, redirects, returns) */
	uint64_t		 denied_conn;
	uint64_t		 denied_sess;	/* tcp-request session reject */
	int64_t			 last_sess;	/* backend: time (s), -1 = never */
	int64_t			 last_change;	/* backend: time (s) it last went
						   from some to no server up, or
						   back */
	uint64_t		 down_time;	/* backend: seconds with no
						   server up, closed periods */
	unsigned		 down_trans;
	struct txn_avg		 avg;
	uint64_t		 cum_sess;	/* frontend: connections past
						   tcp-request connection */
	struct freq		 sess_rate;	/* frontend: sessions */
	uint32_t		 sess_rate_max;
	struct freq		 be_sess_rate;	/* backend: sessions assigned
						   (a listen has both) */
	uint32_t		 be_sess_rate_max;
	struct freq		 req_rate;	/* frontend: HTTP requests */
	uint32_t		 req_rate_max;
	struct freq		 conn_rate;	/* frontend: accepted conns */
	uint32_t		 conn_rate_max;
	uint64_t		 lbtot;		/* backend: balancer choices */
	unsigned		 qmax;		/* backend: highest "queued" */
	uint64_t		 connect, reuse; /* backend: its servers' */
	uint64_t		 wrew;		/* failed header rewrites */
	struct log_sinks	*logs;		/* owned by log.c; NULL = none */
	struct stick_table	*stick;		/* owned; NULL = no stick-table */
	struct server		*dispatch;	/* owned: "dispatch" target
						   (persist.c); NULL = none */
	struct err_snap		*err_snap[2];	/* owned by err_capture.c: the
						   last invalid request [0] and
						   response [1]; NULL = none */
};

#endif
