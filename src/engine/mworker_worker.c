/*
 * mworker_worker: see mworker_worker.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/prctl.h>
#include <sys/socket.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "base/diag.h"
#include "model/cfg_model.h"
#include "engine/fdpass.h"
#include "engine/cli.h"
#include "engine/engine.h"
#include "engine/listener.h"
#include "engine/mworker.h"
#include "engine/mworker_worker.h"
#include "engine/process.h"

struct mw_chan {
	struct engine	*eng;
	struct event	*ev;		/* owned */
	int		 fd;		/* not owned */
};

/* A descriptor from the master: a master CLI connection to serve, at
 * the level the byte sent with it says ('0' + CLI_LVL_*).  -2 when the
 * master is gone. */
static int
mw_chan_recv_fd(int chan, enum cli_level *level)
{
	char	c = '0';
	int	fd;
	ssize_t	r = fdpass_recv(chan, &c, 1, 0, &fd);

	if (r <= 0)
		return r == 0 || (errno != EAGAIN && errno != EINTR) ? -2 : -1;
	*level = c == '2' ? CLI_LVL_ADMIN : c == '1' ? CLI_LVL_OPERATOR :
	    CLI_LVL_USER;
	return fd;
}

static void
mw_chan_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mw_chan	*ch = arg;
	enum cli_level	 level;
	int		 cfd;

	(void)what;
	if ((cfd = mw_chan_recv_fd(fd, &level)) == -2) {
		/* The master is gone: PR_SET_PDEATHSIG stops us. */
		event_del(ch->ev);
		return;
	}
	/* The worker's runtime API serves it (the CLI owns CFD then),
	 * whether or not the configuration has a "stats socket". */
	if (cfd >= 0)
		cli_conn_attach(ch->eng->cli, cfd, level);
}

/* Build the engine on the master's sockets; errors go to D. */
static struct engine *
mw_build(const struct config *cfg, struct listen_fds *fds,
    const struct mworker_opts *o, struct diag *d)
{
	struct process_opts	 po = *o->proc;
	struct engine		*eng;

	eng = engine_new_inherit(cfg, fds, d);
	listen_fds_clear(fds);
	if (eng == NULL)
		return NULL;
	/* Privileges are dropped in the worker only: the master keeps them
	 * to bind new addresses on reload, as HAProxy's does. */
	po.foreground = true;
	po.daemon = false;
	po.nold_pids = 0;	/* -sf/-st: the master's, once, at start */
	if (process_setup(&cfg->global, &po, d) != 0) {
		engine_free(eng);
		return NULL;
	}
	eng->stderr_msgs = !o->quiet;
	return eng;
}

int
mw_worker_run(struct config **cfg, struct diag *d, struct listen_fds *fds,
    int chan, const struct mworker_opts *o)
{
	struct mw_chan	 ch = { .fd = chan };
	struct diag	 ed;
	int		 rc;

	(void)d;
	/* A worker outlives no master (HAProxy's workers watch a pipe). */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		return 1;
	signal(SIGUSR2, SIG_IGN);	/* a worker ignores it, as HAProxy */
	signal(SIGHUP, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	diag_init(&ed);
	ch.eng = mw_build(*cfg, fds, o, &ed);
	if (ed.nmsgs > 0 && (ch.eng == NULL || !o->quiet))
		o->report(o->arg, &ed);
	diag_clear(&ed);
	if (ch.eng == NULL)
		return 1;
	evutil_make_socket_nonblocking(chan);
	ch.ev = event_new(ch.eng->base, chan, EV_READ | EV_PERSIST, mw_chan_cb,
	    &ch);
	if (ch.ev != NULL)
		event_add(ch.ev, NULL);
	if (write(chan, "R", 1) != 1) {
		rc = 1;
		goto out;
	}
	rc = engine_run(ch.eng);
out:
	if (ch.ev != NULL)
		event_free(ch.ev);
	engine_free(ch.eng);
	return rc;
}
