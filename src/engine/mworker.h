/*
 * mworker: master-worker mode (-W, -Ws, global "master-worker").  The
 * master loads the configuration, opens every listening socket, forks a
 * worker that builds its engine on those sockets, and on SIGUSR2, SIGHUP
 * or the master CLI's "reload" loads the configuration again: a bad one
 * is reported and changes nothing; a good one gets a new worker, which
 * inherits the sockets whose address and options are unchanged, and the
 * old workers are soft-stopped once it is ready.
 *
 * Why no SCM_RIGHTS between workers, as the issue puts it: the master
 * never closes a listening socket that a bind still uses, and a worker is
 * forked from it, so the new worker has the same sockets at fork time
 * with no message to lose; the kernel's accept queue never goes away, so
 * no connection is refused during a reload.  SCM_RIGHTS is used where no
 * fork relates the processes: -x (cli_getsocks.c) and the master CLI's
 * connections to its workers (mworker_cli.c).
 *
 * Nothing here prints: the caller's report and say functions do.
 */
#ifndef HAPX_MWORKER_H
#define HAPX_MWORKER_H

#include <stdbool.h>
#include <stddef.h>

struct config;
struct diag;
struct mworker;
struct process_opts;

/* Load the configuration again (the runtime may not read files:
 * STYLE.md §2); its messages go to D, which then holds its file names. */
typedef struct config *mworker_load_fn(void *arg, struct diag *d);
/* Render diagnostics (errors and warnings of a configuration). */
typedef void mworker_report_fn(void *arg, struct diag *d);
/* A process message at LEVEL (LOG_L_ALERT, _WARNING, _NOTICE). */
typedef void mworker_say_fn(void *arg, int level, const char *msg);

struct mworker_opts {
	mworker_load_fn		*load;		/* on each reload */
	const struct process_opts *proc;	/* -D, -p, -Ws, -S... */
	bool			 quiet;		/* -q */
	mworker_report_fn	*report;
	mworker_say_fn		*say;
	void			*arg;		/* for load, report and say */
};

/* Run as the master with CFG (loaded as O's load does; its messages in
 * D, which holds the file names CFG's positions point to): both are
 * taken over, and freed here.  Returns the exit status of the process:
 * in the master once it stops, and in each forked worker once its engine
 * stopped, so the caller only returns it. */
int	mworker_run(struct config *cfg, struct diag *d,
	    const struct mworker_opts *o);

/* Reload the configuration (SIGUSR2, SIGHUP, the master CLI): -1 when a
 * reload is already going on or the master is stopping; else 0, and the
 * outcome is told to the master CLI (mcli_reload_done) once known. */
int	mworker_reload(struct mworker *m);

#endif
