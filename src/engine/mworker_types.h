/*
 * mworker_types: the master's state, shared by mworker.c (processes,
 * reloads), mworker_cli.c (the master CLI) and mworker_worker.c (a
 * worker's end of its channel).  Types only; the functions are in
 * mworker.h and mworker_cli.h.
 */
#ifndef HAPX_MWORKER_TYPES_H
#define HAPX_MWORKER_TYPES_H

#include <sys/queue.h>
#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "engine/listener.h"

struct config;
struct event;
struct event_base;
struct evbuffer;
struct mcli;
struct mcli_conn;
struct mworker_opts;

/* One configuration with the listening sockets of its binds. */
struct mw_gen {
	struct config		*cfg;		/* owned */
	struct diag		 d;		/* owned: holds the file names
						   cfg's positions point to */
	struct listen_fds	 fds;		/* owned */
};

/* A forked worker, as the master sees it. */
struct mw_worker {
	TAILQ_ENTRY(mw_worker)	 link;
	struct mworker		*m;
	pid_t			 pid;
	int			 chan;		/* owned: the master's end of
						   the socketpair; -1 closed */
	struct event		*ev;		/* owned: reads chan */
	unsigned		 reloads;	/* reloads lived through */
	int64_t			 start;		/* time(NULL) at fork */
	bool			 current;	/* runs the configuration */
	bool			 ready;		/* sent its ready byte */
};
TAILQ_HEAD(mw_worker_list, mw_worker);

struct mworker {
	const struct mworker_opts *o;
	struct event_base	*base;		/* owned */
	struct event		*sigs[6];	/* owned */
	struct mw_gen		 cur;		/* what the current worker
						   runs */
	struct mw_gen		 next;		/* a reload's, until its
						   worker is ready */
	bool			 loading;	/* next is in use */
	bool			 old_stopped;	/* -sf/-st PIDs signalled */
	struct mw_worker	*next_worker;	/* next's worker, or NULL */
	struct evbuffer		*reload_log;	/* owned: the messages of
						   the reload going on */
	struct mw_worker_list	 workers;	/* owned, newest first */
	struct mcli		*cli;		/* owned: master CLI */
	unsigned		 reloads;	/* successful */
	unsigned		 failed;	/* failed reloads */
	int64_t			 start;
	int			 stop_sig;	/* stopping on it, or 0 */
	int			 exit_status;
	bool			 no_exit_on_failure;
	/* Set in a worker just forked: leave the master's loop and run. */
	struct mw_worker	*self;
	struct mw_gen		*self_gen;
};

#endif
