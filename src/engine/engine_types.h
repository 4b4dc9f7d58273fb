/*
 * engine_types: struct engine, the running proxy's context, which every
 * runtime layer reads (the model, the event base, the counters).  Types
 * only, so that layers below the engine may see it (STYLE.md §1); the
 * engine's functions are in engine.h.
 */
#ifndef HAPX_ENGINE_TYPES_H
#define HAPX_ENGINE_TYPES_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/freq.h"

struct acl_prep;
struct cli;
struct config;
struct diag;
struct event;
struct engine;
struct event_base;
struct io_loop;
struct listen_fds;
struct log_sinks;
struct proxy;
struct server;
struct session;

/*
 * What the engine does when a layer below it reports something: the
 * layers below call up only through these (STYLE.md §1), so that health
 * checks need not know sessions or log targets.  hooks.c sets them when
 * the engine is built.
 */
struct engine_hooks {
	/* Health checks marked SRV DOWN (UP false) or UP again: "on-marked-
	 * down shutdown-sessions", "on-marked-up shutdown-backup-sessions"
	 * (the caller has checked that SRV has the option). */
	void	(*srv_marked)(struct engine *, const struct server *srv,
		    bool up);
	/* A process message LINE on stderr, as HAProxy's ha_alert (ALERT)
	 * or ha_warning, when main.c enabled it. */
	void	(*say)(const struct engine *, bool alert, const char *line);
	/* LINE at LEVEL (LOG_L_*, log_types.h) to the log targets of PX. */
	void	(*log)(struct engine *, const struct proxy *px, int level,
		    const char *line);
};

struct engine {
	const struct config	*cfg;		/* not owned */
	struct acl_prep		*prep;		/* owned: fetches, compiled
						   formats and samples
						   (acl_prep_new) */
	struct event_base	*base;		/* owned */
	struct io_loop		*io;		/* owned: the loop's readers */
	struct proxy		*proxies;	/* owned array, config order */
	unsigned		 nproxies;
	unsigned		 actconn;	/* sessions alive */
	uint32_t		 maxconn;	/* global limit ("set maxconn
						   global" changes it) */
	uint32_t		 hardmaxconn;	/* the limit at start: the most
						   "set maxconn global" allows */
	uint32_t		 maxsessrate;	/* sessions/s, 0 = none ("set
						   rate-limit sessions global") */
	uint32_t		 maxconnrate;	/* connections/s, 0 = none
						   ("set rate-limit connections
						   global") */
	uint32_t		 bufsize;	/* tune.bufsize */
	uint32_t		 maxrewrite;	/* tune.maxrewrite */
	bool			 stopping;	/* soft stop in progress */
	bool			 stderr_msgs;	/* process messages on stderr: set
						   by main.c, which knows whether
						   stderr is still the user's */
	int			 exit_status;	/* what engine_run returns */
	long			 pid;		/* process that built the base */
	struct event		*sig_usr1, *sig_term, *sig_int, *sig_hup;
	struct event		*hard_stop;
	struct event		*rate_timer;	/* listeners paused by a rate */
	struct freq		 conn_rate;	/* all accepted connections */
	struct freq		 sess_rate;	/* all sessions */
	uint32_t		 conn_rate_max, sess_rate_max;	/* highest
						   per-second rates seen */
	uint64_t		 cum_conns;
	uint64_t		 cum_req;	/* HTTP requests, all frontends */
	uint64_t		 err_events;	/* invalid messages captured
						   ("show errors"), all proxies */
	int64_t			 start_time;	/* time (s) the engine started */
	struct log_sinks	*logs;		/* global "log" targets, owned by
						   log.c; NULL = none */
	TAILQ_HEAD(session_list, session) sessions;	/* every live session */
	struct session_list	 closed;	/* closed, freed at the end of
						   the event (session_close) */
	struct engine_hooks	 hooks;		/* set by hooks_init() */
	struct listen_fds	*inherit;	/* not owned: sockets to take
						   instead of binding (a
						   master's, -x); NULL = bind */
	struct cli		*cli;		/* owned: the stats sockets
						   (cli_new) */
};

#endif
