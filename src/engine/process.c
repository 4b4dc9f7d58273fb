/*
 * process: daemonising, pid file, chroot, user and group.  The order
 * matters: fork first (the pid file holds the process that serves), write
 * the pid file while still privileged and outside the chroot, then chroot,
 * then drop the group before the user.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/cfg_model.h"
#include "base/diag.h"
#include "engine/process.h"

/*
 * Fork; the parent writes the child's pid to PIDFILE (opened before the
 * fork, so an error is reported while we still have a terminal) and
 * returns 1; the child returns 0.  The parent writes it, not the child:
 * whoever waits for the parent to exit then finds the file complete.
 */
static int
process_daemonize(const char *pidfile, struct diag *d)
{
	FILE	*fp = NULL;
	pid_t	 pid;
	int	 fd;

	if (pidfile != NULL && (fp = fopen(pidfile, "w")) == NULL) {
		diag_error(d, NULL, "cannot write pid file '%s': %s", pidfile,
		    strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		diag_error(d, NULL, "cannot fork: %s", strerror(errno));
		if (fp != NULL)
			fclose(fp);
		return -1;
	}
	if (pid > 0) {
		if (fp != NULL) {
			fprintf(fp, "%ld\n", (long)pid);
			fclose(fp);
		}
		return 1;
	}
	if (fp != NULL)
		fclose(fp);
	setsid();
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	return 0;
}

static int
process_ids(const struct global_conf *g, uid_t *uid, gid_t *gid,
    struct diag *d)
{
	struct passwd	*pw;
	struct group	*gr;

	*uid = g->uid >= 0 ? (uid_t)g->uid : (uid_t)-1;
	*gid = g->gid >= 0 ? (gid_t)g->gid : (gid_t)-1;
	if (g->user != NULL) {
		if ((pw = getpwnam(g->user)) == NULL) {
			diag_error(d, &g->user_pos, "unknown user '%s'",
			    g->user);
			return -1;
		}
		*uid = pw->pw_uid;
		if (*gid == (gid_t)-1 && g->group == NULL)
			*gid = pw->pw_gid;
	}
	if (g->group != NULL) {
		if ((gr = getgrnam(g->group)) == NULL) {
			diag_error(d, &g->group_pos, "unknown group '%s'",
			    g->group);
			return -1;
		}
		*gid = gr->gr_gid;
	}
	return 0;
}

/* chroot, then the group, then the user: once the user is dropped the
 * group can no longer change. */
static int
process_drop(const struct global_conf *g, struct diag *d)
{
	uid_t	uid;
	gid_t	gid;

	if (process_ids(g, &uid, &gid, d) < 0)
		return -1;
	if (g->chroot != NULL && (chroot(g->chroot) < 0 || chdir("/") < 0)) {
		diag_error(d, NULL, "cannot chroot to '%s': %s", g->chroot,
		    strerror(errno));
		return -1;
	}
	if (gid != (gid_t)-1 && (setgroups(0, NULL) < 0 || setgid(gid) < 0) &&
	    getegid() != gid) {
		diag_error(d, NULL, "cannot set group %ld: %s", (long)gid,
		    strerror(errno));
		return -1;
	}
	if (uid != (uid_t)-1 && setuid(uid) < 0 && geteuid() != uid) {
		diag_error(d, NULL, "cannot set user %ld: %s", (long)uid,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* The new process holds its listeners (SO_REUSEPORT let both bind, or
 * -x handed them over), so the old ones may stop: softly (SIGUSR1: they
 * finish what they serve) or at once (SIGTERM). */
void
process_stop_old(const struct process_opts *o)
{
	size_t	i;

	for (i = 0; i < o->nold_pids; i++)
		kill((pid_t)o->old_pids[i], o->hard_stop_old ? SIGTERM :
		    SIGUSR1);
}

bool
process_is_daemon(const struct global_conf *g, const struct process_opts *o)
{
	return (o->daemon || g->daemon) && !o->foreground;
}

int
process_daemon(const struct global_conf *g, const struct process_opts *o,
    struct diag *d)
{
	/* As HAProxy 2.6 (without master-worker): the pid file is written
	 * in daemon mode only, never in the foreground. */
	if (!process_is_daemon(g, o))
		return 0;
	return process_daemonize(o->pidfile ? o->pidfile : g->pidfile, d);
}

int
process_setup(const struct global_conf *g, const struct process_opts *o,
    struct diag *d)
{
	int	rc;

	if ((rc = process_daemon(g, o, d)) != 0)
		return rc;
	if ((rc = process_drop(g, d)) != 0)
		return rc;
	process_stop_old(o);
	return 0;
}
