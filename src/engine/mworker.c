/*
 * mworker: the master process (see mworker.h).  It runs its own event
 * loop with no proxies: signals, its workers' channels and the master
 * CLI.  A reload is asynchronous: the new configuration is loaded and its
 * sockets opened at once, then the old workers are soft-stopped only when
 * the new worker says it is ready (its engine built), so that a worker
 * that fails to start leaves the old one serving.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "base/diag.h"
#include "model/cfg_model.h"
#include "observe/log_types.h"
#include "engine/listener.h"
#include "engine/mworker.h"
#include "engine/mworker_cli.h"
#include "engine/mworker_types.h"
#include "engine/mworker_worker.h"
#include "engine/process.h"
#include "engine/sd_notify.h"
#include "engine/sock_xfer.h"

static void	mw_reload_done(struct mworker *, bool ok);

/* A process message: to the caller's stderr and, during a reload, to
 * the reload's log that the master CLI's "reload" answers with. */
static void __attribute__((format(printf, 3, 4)))
mw_say(struct mworker *m, int level, const char *fmt, ...)
{
	const char	*tag = level <= LOG_L_ERR ? "[ALERT]" :
			    level == LOG_L_WARNING ? "[WARNING]" : "[NOTICE]";
	char		 msg[512];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (m->reload_log != NULL)
		evbuffer_add_printf(m->reload_log, "%-10s (%ld) : %s\n", tag,
		    (long)getpid(), msg);
	if (!m->o->quiet || level <= LOG_L_ERR)
		m->o->say(m->o->arg, level, msg);
}

/* Render D (a configuration's messages) for the caller and, during a
 * reload, into the reload's log as well. */
static void
mw_report(struct mworker *m, struct diag *d, bool always)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*fp;

	if (d->nmsgs == 0)
		return;
	if (m->reload_log != NULL &&
	    (fp = open_memstream(&text, &len)) != NULL) {
		diag_render_text(d, fp, false);
		fclose(fp);
		evbuffer_add(m->reload_log, text, len);
		free(text);
	}
	if (!m->o->quiet || always || diag_has_errors(d))
		m->o->report(m->o->arg, d);
}

static void
mw_gen_clear(struct mw_gen *g)
{
	listen_fds_clear(&g->fds);
	config_free(g->cfg);
	g->cfg = NULL;
	diag_clear(&g->d);
	diag_init(&g->d);
}

/* Open one socket of G per bind address and port: a copy of OLD's when
 * one has the same key (so the accept queue is the same), else a new
 * one.  Errors go to G's diagnostics; -1 then. */
static int
mw_gen_open(struct mw_gen *g, const struct listen_fds *old)
{
	const struct proxy_conf	*pc;
	struct listen_spec	*specs;
	size_t			 n, i, j;
	char			 key[512];
	int			 fd, rc = 0;

	for (pc = g->cfg->proxies; pc != NULL; pc = pc->next) {
		specs = listener_specs(pc, &n);
		for (i = 0; i < n; i++) {
			specs[i].reuseport = !g->cfg->global.noreuseport;
			listener_key(&specs[i], key, sizeof(key));
			fd = -1;
			for (j = 0; old != NULL && j < old->n; j++)
				if (old->v[j].fd >= 0 &&
				    strcmp(old->v[j].key, key) == 0) {
					fd = fcntl(old->v[j].fd,
					    F_DUPFD_CLOEXEC, 3);
					break;
				}
			if (fd < 0 && (fd = listener_open(&specs[i],
			    &g->d)) < 0) {
				rc = -1;
				continue;
			}
			if (listen_fds_add(&g->fds, key, fd) < 0) {
				close(fd);
				rc = -1;
			}
		}
		free(specs);
	}
	return rc;
}

static struct mw_worker *
mw_find(struct mworker *m, pid_t pid)
{
	struct mw_worker	*w;

	TAILQ_FOREACH(w, &m->workers, link)
		if (w->pid == pid)
			return w;
	return NULL;
}

static void
mw_worker_free(struct mw_worker *w)
{
	if (w->ev != NULL)
		event_free(w->ev);
	if (w->chan >= 0)
		close(w->chan);
	free(w);
}

/* The worker's ready byte, or its end of the channel closing. */
static void
mw_chan_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mw_worker	*w = arg;
	struct mworker		*m = w->m;
	char			 c;
	ssize_t			 r;

	(void)what;
	r = read(fd, &c, 1);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r <= 0) {
		/* The worker is gone or going: SIGCHLD says how. */
		event_del(w->ev);
		return;
	}
	if (c != 'R' || w->ready)
		return;
	w->ready = true;
	/* -sf/-st: once, when a worker first serves (the first one, or the
	 * new one of a reload that came before it was ready). */
	if (!m->old_stopped) {
		m->old_stopped = true;
		process_stop_old(m->o->proc);
	}
	if (w == m->next_worker)
		mw_reload_done(m, true);
	else if (w->current) {
		mw_say(m, LOG_L_NOTICE, "Loading success.");
		if (m->o->proc->systemd)
			sd_notify_sendf("READY=1\nMAINPID=%ld\nSTATUS=Ready.\n",
			    (long)getpid());
	}
}

/* Fork a worker for G.  In the child, the master's loop is left and
 * mworker_run goes on as the worker; the parent records it. */
static struct mw_worker *
mw_fork(struct mworker *m, struct mw_gen *g)
{
	struct mw_worker	*w = calloc(1, sizeof(*w));
	int			 sv[2];
	pid_t			 pid;

	if (w == NULL)
		return NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		mw_say(m, LOG_L_ALERT, "cannot create a worker's channel: %s",
		    strerror(errno));
		free(w);
		return NULL;
	}
	if ((pid = fork()) < 0) {
		mw_say(m, LOG_L_ALERT, "cannot fork a worker: %s",
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		free(w);
		return NULL;
	}
	w->m = m;
	w->start = (int64_t)time(NULL);
	if (pid == 0) {
		close(sv[0]);
		w->pid = getpid();
		w->chan = sv[1];
		m->self = w;
		m->self_gen = g;
		event_base_loopbreak(m->base);
		return w;
	}
	close(sv[1]);
	w->pid = pid;
	w->chan = sv[0];
	evutil_make_socket_nonblocking(w->chan);
	w->ev = event_new(m->base, w->chan, EV_READ | EV_PERSIST, mw_chan_cb,
	    w);
	if (w->ev != NULL)
		event_add(w->ev, NULL);
	TAILQ_INSERT_HEAD(&m->workers, w, link);
	mw_say(m, LOG_L_NOTICE, "New worker (%ld) forked", (long)pid);
	return w;
}

/* mworker-max-reloads: a worker that lived through more reloads than
 * that is stopped at once, as HAProxy does. */
static void
mw_max_reloads(struct mworker *m)
{
	uint32_t		 max = m->cur.cfg->global.mworker_max_reloads;
	struct mw_worker	*w;

	if (max == CFG_UNSET)
		return;
	TAILQ_FOREACH(w, &m->workers, link)
		if (!w->current && w->reloads > max) {
			mw_say(m, LOG_L_WARNING, "Worker (%ld) reached the "
			    "maximum number of reloads (%u), sending SIGTERM",
			    (long)w->pid, max);
			kill(w->pid, SIGTERM);
		}
}

/* The reload ended: OK, the new worker is ready, the old ones stop
 * softly and the new configuration is the current one; else the new
 * configuration and its sockets are dropped and nothing else changes. */
static void
mw_reload_done(struct mworker *m, bool ok)
{
	struct mw_worker	*w;
	struct evbuffer		*log;

	if (ok) {
		TAILQ_FOREACH(w, &m->workers, link) {
			if (w == m->next_worker)
				continue;
			if (w->current)
				w->current = false;
			w->reloads++;
			kill(w->pid, SIGUSR1);
		}
		m->next_worker->current = true;
		mw_gen_clear(&m->cur);	/* closes sockets no bind uses */
		m->cur = m->next;
		memset(&m->next, 0, sizeof(m->next));
		diag_init(&m->next.d);
		m->reloads++;
		mw_say(m, LOG_L_NOTICE, "Loading success.");
		mw_max_reloads(m);
	} else {
		m->failed++;
		mw_gen_clear(&m->next);
		mw_say(m, LOG_L_ALERT, "Loading failure!");
	}
	if (m->o->proc->systemd)
		sd_notify_sendf("READY=1\nSTATUS=%s\n", ok ? "Ready." :
		    "Reload failed!");
	m->next_worker = NULL;
	m->loading = false;
	/* Taken first: the answer may start the next reload (its own log). */
	log = m->reload_log;
	m->reload_log = NULL;
	mcli_reload_done(m->cli, ok, log);
	if (log != NULL)
		evbuffer_free(log);
}

int
mworker_reload(struct mworker *m)
{
	struct timespec	ts;

	if (m->loading || m->stop_sig != 0)
		return -1;
	m->loading = true;
	m->reload_log = evbuffer_new();
	if (m->o->proc->systemd) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		sd_notify_sendf("RELOADING=1\nSTATUS=Reloading Configuration."
		    "\nMONOTONIC_USEC=%llu\n", (unsigned long long)ts.tv_sec *
		    1000000ULL + (unsigned long long)ts.tv_nsec / 1000);
	}
	mw_say(m, LOG_L_NOTICE, "Reloading HAProxy");
	diag_init(&m->next.d);
	m->next.cfg = m->o->load(m->o->arg, &m->next.d);
	if (m->next.cfg == NULL || diag_has_errors(&m->next.d) ||
	    mw_gen_open(&m->next, &m->cur.fds) < 0) {
		mw_report(m, &m->next.d, true);
		mw_reload_done(m, false);
		return 0;
	}
	mw_report(m, &m->next.d, false);
	if ((m->next_worker = mw_fork(m, &m->next)) == NULL)
		mw_reload_done(m, false);
	return 0;
}

static const char *
mw_status_text(int status, int *code)
{
	if (WIFSIGNALED(status)) {
		*code = 128 + WTERMSIG(status);
		return strsignal(WTERMSIG(status));
	}
	*code = WEXITSTATUS(status);
	/* A worker's own exit status is 128 + the signal that stopped it:
	 * named as HAProxy names it ("exited with code 130 (Interrupt)"). */
	return *code > 128 && *code < 128 + NSIG ? strsignal(*code - 128) :
	    "Exit";
}

/* Stop: forward SIG to every worker; the master exits once they are
 * gone, with 128 + SIG for SIGTERM/SIGINT as HAProxy does. */
static void
mw_stop(struct mworker *m, int sig, int status)
{
	struct mw_worker	*w;

	if (m->stop_sig == 0) {
		m->stop_sig = sig;
		m->exit_status = status;
		if (m->o->proc->systemd)
			sd_notify_send("STOPPING=1\nSTATUS=Stopping.\n");
	}
	TAILQ_FOREACH(w, &m->workers, link)
		kill(w->pid, sig);
	if (TAILQ_EMPTY(&m->workers))
		event_base_loopexit(m->base, NULL);
}

static void
mw_exited(struct mworker *m, struct mw_worker *w, int status)
{
	const char	*why;
	int		 code;

	why = mw_status_text(status, &code);
	TAILQ_REMOVE(&m->workers, w, link);
	if (w == m->next_worker) {
		mw_say(m, LOG_L_ALERT, "New worker (%ld) exited with code %d "
		    "(%s) before it was ready", (long)w->pid, code, why);
		mw_worker_free(w);
		mw_reload_done(m, false);
	} else if (w->current && m->stop_sig == 0) {
		mw_say(m, LOG_L_ALERT, "Current worker (%ld) exited with "
		    "code %d (%s)", (long)w->pid, code, why);
		mw_worker_free(w);
		/* As HAProxy: a worker that exited cleanly or was stopped
		 * by SIGINT/SIGTERM is no failure. */
		if (!m->no_exit_on_failure && code != 0 && code != 130 &&
		    code != 143) {
			mw_say(m, LOG_L_ALERT, "exit-on-failure: killing "
			    "every process with SIGTERM");
			mw_stop(m, SIGTERM, code);
		}
	} else {
		mw_say(m, w->current ? LOG_L_ALERT : LOG_L_WARNING,
		    "%s worker (%ld) exited with code %d (%s)", w->current ?
		    "Current" : "Former", (long)w->pid, code, why);
		mw_worker_free(w);
	}
	/* The last worker left without a stop or a reload under way (it
	 * exited cleanly, or someone sent it SIGTERM): HAProxy 2.6's master
	 * then exits 0, unless told to wait for a reload. */
	if (m->stop_sig == 0 && TAILQ_EMPTY(&m->workers) && !m->loading &&
	    !m->no_exit_on_failure)
		mw_stop(m, SIGTERM, 0);
	if (m->stop_sig != 0 && TAILQ_EMPTY(&m->workers)) {
		mw_say(m, LOG_L_WARNING, "All workers exited. Exiting... (%d)",
		    m->exit_status);
		event_base_loopexit(m->base, NULL);
	}
}

static void
mw_reap(struct mworker *m)
{
	struct mw_worker	*w;
	pid_t			 pid;
	int			 status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if ((w = mw_find(m, pid)) != NULL)
			mw_exited(m, w, status);
}

static void
mw_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct mworker	*m = arg;

	(void)what;
	switch (sig) {
	case SIGCHLD:
		mw_reap(m);
		break;
	case SIGUSR2:
	case SIGHUP:
		if (mworker_reload(m) < 0)
			mw_say(m, LOG_L_WARNING, "a reload is already in "
			    "progress");
		break;
	case SIGUSR1:
		mw_stop(m, SIGUSR1, 0);
		break;
	default:	/* SIGTERM, SIGINT */
		/* Observed with HAProxy 2.6.12: its master exits 130 after
		 * SIGINT (VTest expects it) and 0 after SIGTERM (the unit's
		 * SuccessExitStatus=143 covers either). */
		mw_say(m, LOG_L_WARNING, "Exiting Master process...");
		mw_stop(m, (int)sig, sig == SIGINT ? 128 + SIGINT : 0);
		break;
	}
}

static int
mw_signals(struct mworker *m)
{
	static const int	sigs[] = { SIGCHLD, SIGUSR1, SIGUSR2, SIGHUP,
				    SIGTERM, SIGINT };
	size_t			i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		m->sigs[i] = evsignal_new(m->base, sigs[i], mw_signal_cb, m);
		if (m->sigs[i] == NULL || evsignal_add(m->sigs[i], NULL) < 0)
			return -1;
	}
	return 0;
}

/* Free the master's state.  In a worker just forked this runs on the
 * child's copy: the event base is reinitialised first, so freeing its
 * events does not touch the master's epoll set or signal pipe. */
static void
mw_free(struct mworker *m)
{
	struct mw_worker	*w;
	size_t			 i;

	if (m->self != NULL && m->base != NULL)
		event_reinit(m->base);
	mcli_free(m->cli);
	while ((w = TAILQ_FIRST(&m->workers)) != NULL) {
		TAILQ_REMOVE(&m->workers, w, link);
		mw_worker_free(w);
	}
	for (i = 0; i < sizeof(m->sigs) / sizeof(m->sigs[0]); i++)
		if (m->sigs[i] != NULL)
			event_free(m->sigs[i]);
	if (m->reload_log != NULL)
		evbuffer_free(m->reload_log);
	if (m->base != NULL)
		event_base_free(m->base);
	if (m->self_gen != &m->cur)
		mw_gen_clear(&m->cur);
	if (m->self_gen != &m->next)
		mw_gen_clear(&m->next);
	free(m);
}

/* In a worker just forked: take its configuration and channel out of
 * the master's state, free the rest, and run. */
static int
mw_become_worker(struct mworker *m)
{
	struct mw_gen	 g = *m->self_gen;
	const struct mworker_opts *o = m->o;
	int		 chan = m->self->chan, rc;

	m->self->chan = -1;
	TAILQ_INSERT_HEAD(&m->workers, m->self, link);	/* freed with m */
	memset(m->self_gen, 0, sizeof(*m->self_gen));
	diag_init(&m->self_gen->d);
	mw_free(m);
	rc = mw_worker_run(&g.cfg, &g.d, &g.fds, chan, o);
	close(chan);
	mw_gen_clear(&g);
	return rc;
}

/* Before the loop: the pid file (the master's pid, as HAProxy 2.6 in
 * master-worker mode, daemon or not) and daemon mode. */
static int
mw_detach(struct mworker *m, struct diag *d)
{
	const struct global_conf	*g = &m->cur.cfg->global;
	const char			*pidfile;
	FILE				*fp;
	int				 rc;

	if ((rc = process_daemon(g, m->o->proc, d)) != 0)
		return rc;
	pidfile = m->o->proc->pidfile ? m->o->proc->pidfile : g->pidfile;
	if (pidfile == NULL || process_is_daemon(g, m->o->proc))
		return 0;
	if ((fp = fopen(pidfile, "w")) == NULL) {
		diag_error(d, NULL, "cannot write pid file '%s': %s",
		    pidfile, strerror(errno));
		return -1;
	}
	fprintf(fp, "%ld\n", (long)getpid());
	fclose(fp);
	return 0;
}

static int
mw_start(struct mworker *m)
{
	struct listen_fds	xfds = { NULL, 0 };	/* -x */
	struct diag		d;
	int			rc;

	diag_init(&d);
	if (m->o->proc->sock_from != NULL &&
	    sock_xfer_fetch(m->o->proc->sock_from, &xfds, &d) < 0) {
		/* As HAProxy: a master says so, then binds. */
		m->o->report(m->o->arg, &d);
		diag_clear(&d);
		diag_init(&d);
	}
	rc = mw_gen_open(&m->cur, &xfds);
	listen_fds_clear(&xfds);
	if (rc < 0 ||
	    (m->cli = mcli_new(m, m->o->proc->mcli, m->o->proc->nmcli,
	    &m->cur.d)) == NULL) {
		mw_report(m, &m->cur.d, true);
		return 1;
	}
	mw_report(m, &m->cur.d, false);
	rc = mw_detach(m, &d);
	if (d.nmsgs > 0)
		m->o->report(m->o->arg, &d);
	diag_clear(&d);
	if (rc != 0)
		return rc < 0 ? 1 : -1;	/* -1: a daemon's parent */
	if ((m->base = event_base_new()) == NULL || mw_signals(m) < 0 ||
	    mcli_start(m->cli, m->base) < 0) {
		mw_say(m, LOG_L_ALERT, "cannot set up the master's event "
		    "loop");
		return 1;
	}
	return 0;
}

int
mworker_run(struct config *cfg, struct diag *d, const struct mworker_opts *o)
{
	struct mworker		*m = calloc(1, sizeof(*m));
	struct mw_worker	*w;
	int			 rc;

	if (m == NULL) {
		config_free(cfg);
		diag_clear(d);
		diag_init(d);
		return 1;
	}
	m->o = o;
	m->cur.cfg = cfg;
	m->cur.d = *d;
	diag_init(d);
	diag_init(&m->next.d);
	TAILQ_INIT(&m->workers);
	m->start = (int64_t)time(NULL);
	m->no_exit_on_failure = cfg->global.mworker_no_exit_on_failure;
	if ((rc = mw_start(m)) != 0) {
		mw_free(m);
		return rc < 0 ? 0 : rc;
	}
	if ((w = mw_fork(m, &m->cur)) == NULL) {
		mw_free(m);
		return 1;
	}
	w->current = true;
	if (m->self == NULL)
		event_base_dispatch(m->base);
	if (m->self != NULL)
		return mw_become_worker(m);
	rc = m->exit_status;
	mw_free(m);
	return rc;
}
