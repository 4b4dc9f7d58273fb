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
struct config;
struct diag;
struct event;
struct event_base;
struct log_sinks;
struct proxy;
struct session;

struct engine {
	const struct config	*cfg;		/* not owned */
	struct acl_prep		*prep;		/* owned: fetches, compiled
						   formats and samples
						   (acl_prep_new) */
	struct event_base	*base;		/* owned */
	struct proxy		*proxies;	/* owned array, config order */
	unsigned		 nproxies;
	unsigned		 actconn;	/* sessions alive */
	uint32_t		 maxconn;	/* global limit */
	uint32_t		 bufsize;	/* tune.bufsize */
	uint32_t		 maxrewrite;	/* tune.maxrewrite */
	bool			 stopping;	/* soft stop in progress */
	bool			 listeners_paused; /* global maxconn reached */
	int			 exit_status;	/* what engine_run returns */
	long			 pid;		/* process that built the base */
	struct event		*sig_usr1, *sig_term, *sig_int, *sig_hup;
	struct event		*hard_stop;
	struct event		*rate_timer;	/* listeners paused by a rate */
	struct freq		 conn_rate;	/* all accepted connections */
	struct freq		 sess_rate;	/* all sessions */
	uint64_t		 cum_conns;
	uint64_t		 cum_req;	/* HTTP requests, all frontends */
	int64_t			 start_time;	/* time (s) the engine started */
	struct log_sinks	*logs;		/* global "log" targets, owned by
						   log.c; NULL = none */
	TAILQ_HEAD(session_list, session) sessions;	/* every live session */
	struct session_list	 closed;	/* closed, freed at the end of
						   the event (session_close) */
};

#endif
