/*
 * mworker_worker: a worker's side of master-worker mode.  Builds the
 * engine on the sockets the master opened, tells the master it is ready,
 * and serves the master CLI's connections to it: each arrives as a
 * descriptor passed over the channel (SCM_RIGHTS).
 */
#ifndef HAPX_MWORKER_WORKER_H
#define HAPX_MWORKER_WORKER_H

struct config;
struct diag;
struct listen_fds;
struct mworker_opts;

/* Run a worker on *CFG (D holds its file names) with the master's
 * sockets FDS (those not taken are closed) and CHAN, its end of the
 * channel.  Returns the exit status.  *CFG, D and FDS stay the
 * caller's. */
int	mw_worker_run(struct config **cfg, struct diag *d,
	    struct listen_fds *fds, int chan, const struct mworker_opts *o);

#endif
