/*
 * process: what turns a bound engine into a service: fork to the
 * background, the pid file, chroot and dropping privileges, in HAProxy's
 * order (after binding, so ports below 1024 work).
 */
#ifndef HAPX_PROCESS_H
#define HAPX_PROCESS_H

#include <stdbool.h>

struct diag;
struct global_conf;

struct process_opts {
	bool		 foreground;	/* -db / -d: never fork */
	bool		 daemon;	/* -D or "daemon" */
	const char	*pidfile;	/* -p, else "pidfile" */
	bool		 master_worker;	/* -W, -Ws or "master-worker" */
	bool		 systemd;	/* -Ws: sd_notify */
	const char	**mcli;		/* -S BIND[,opts]: owned array */
	size_t		 nmcli;
	long		*old_pids;	/* -sf/-st PID...: owned array */
	size_t		 nold_pids;
	bool		 hard_stop_old;	/* -st: SIGTERM, else SIGUSR1 */
	const char	*sock_from;	/* -x SOCKET: take listeners there */
	bool		 noreuseport;	/* -dR */
};

/* Become the service.  In daemon mode the parent exits here (the
 * function returns 1 in the parent, which must exit 0 at once), 0 in the
 * process that goes on, -1 on error (reported to D). */
int	process_setup(const struct global_conf *, const struct process_opts *,
	    struct diag *d);

/* -sf/-st: once this process listens, tell the old ones to stop
 * (SIGUSR1, or SIGTERM for -st); process_setup does it, a master once its
 * first worker is ready.  A pid that is gone is fine, as HAProxy. */
void	process_stop_old(const struct process_opts *);

/* Only the fork to the background of process_setup (for a master, which
 * keeps its privileges): 1 in the parent, 0 in the process that goes on
 * (or when not a daemon), -1 on error. */
int	process_daemon(const struct global_conf *, const struct process_opts *,
	    struct diag *d);
/* Whether O and G ask for daemon mode. */
bool	process_is_daemon(const struct global_conf *,
	    const struct process_opts *);

#endif
