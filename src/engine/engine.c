/*
 * engine: model -> runtime.  One struct proxy per proxy_conf, one struct
 * server per server_conf; listener.c binds one struct listener per address
 * and port.  Listeners are bound before anything else happens so that a
 * port in use is reported before the process forks or drops privileges.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/resource.h>
#include <sys/socket.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "http/acl.h"
#include "engine/cli.h"
#include "model/cfg_model.h"
#include "base/diag.h"
#include "servers/check_srv.h"
#include "engine/engine.h"
#include "observe/err_capture.h"
#include "engine/hooks.h"
#include "engine/io.h"
#include "engine/listener.h"
#include "servers/lb.h"
#include "observe/log.h"
#include "servers/persist.h"
#include "servers/proxy.h"
#include "engine/session.h"
#include "engine/sockopt.h"
#include "servers/state_file.h"
#include "servers/stick.h"

#define DEFAULT_BUFSIZE		16384
#define DEFAULT_MAXREWRITE	1024

/* HAProxy derives the global maxconn from the file descriptor limit when
 * it is not set: each session needs two descriptors. */
static uint32_t
engine_default_maxconn(void)
{
	struct rlimit	rl;
	rlim_t		n = 4096;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		n = rl.rlim_cur;
	n = n > 64 ? (n - 32) / 2 : 16;
	return n > 100000 ? 100000 : (uint32_t)n;
}

static void
engine_init_servers(struct proxy *px, int64_t now)
{
	const struct proxy_conf	*pc = px->conf;
	unsigned		 i;

	px->nsrvs = pc->servers.n;
	px->srvs = calloc(px->nsrvs ? px->nsrvs : 1, sizeof(*px->srvs));
	for (i = 0; px->srvs != NULL && i < px->nsrvs; i++) {
		struct server		*s = &px->srvs[i];
		const struct server_conf *sc = &pc->servers.v[i];

		s->conf = sc;
		s->px = px;
		s->idx = i;
		s->weight = sc->weight;
		s->uweight = sc->weight;
		/* "disabled" is a maintenance "enable server" ends. */
		s->admin_maint = sc->disabled;
		/* "init-addr none" and a name that did not resolve:
		 * maintenance, as HAProxy. */
		s->state = sc->disabled || sc->addr.sslen == 0 ?
		    SRV_ST_MAINT : SRV_ST_UP;
		s->last_sess = -1;
		s->last_change = now;
		memcpy(&s->addr, &sc->addr.ss, sizeof(s->addr));
		s->addrlen = sc->addr.sslen;
		TAILQ_INIT(&s->queue);
		TAILQ_INIT(&s->idle);
	}
	px->dispatch = persist_dispatch_new(px);
}

static void
engine_init_proxy(struct engine *eng, struct proxy *px,
    const struct proxy_conf *pc)
{
	px->conf = pc;
	px->eng = eng;
	TAILQ_INIT(&px->queue);
	px->maxconn = pc->maxconn != CFG_UNSET && pc->maxconn > 0 ?
	    pc->maxconn : eng->maxconn;
	px->last_sess = -1;
	px->last_change = eng->start_time;
	engine_init_servers(px, eng->start_time);
	lb_init(px);
	/* Out of memory leaves the rules without a table: no stickiness. */
	if (pc->stick_table.set)
		px->stick = stick_table_new(&pc->stick_table);
}

/* The event loop.  With the epoll change list, a descriptor's interest
 * changes within one loop turn (a write event added, then removed once
 * the data went out) cost one epoll_ctl at most, often none. */
static void	engine_rate_cb(evutil_socket_t, short, void *);

static struct event_base *
engine_base_new(void)
{
	struct event_config	*ec = event_config_new();
	struct event_base	*base;

	if (ec == NULL)
		return NULL;
	event_config_set_flag(ec, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	base = event_base_new_with_config(ec);
	event_config_free(ec);
	return base;
}

struct engine *
engine_new(const struct config *cfg, struct diag *d)
{
	return engine_new_inherit(cfg, NULL, d);
}

struct engine *
engine_new_inherit(const struct config *cfg, struct listen_fds *inherit,
    struct diag *d)
{
	struct engine		*eng = calloc(1, sizeof(*eng));
	const struct proxy_conf	*pc;
	unsigned		 i = 0;
	int			 rc = 0;

	if (eng == NULL)
		return NULL;
	eng->cfg = cfg;
	eng->inherit = inherit;
	eng->pid = (long)getpid();
	eng->start_time = (int64_t)time(NULL);
	TAILQ_INIT(&eng->sessions);
	TAILQ_INIT(&eng->closed);
	hooks_init(eng);
	if (cfg->global.ulimit_n != CFG_UNSET &&
	    sock_set_nofile(cfg->global.ulimit_n) < 0)
		diag_warn(d, NULL, "'ulimit-n %u': cannot set the file "
		    "descriptor limit: %s", cfg->global.ulimit_n,
		    strerror(errno));
	eng->maxconn = cfg->global.maxconn != CFG_UNSET ? cfg->global.maxconn :
	    engine_default_maxconn();
	eng->hardmaxconn = eng->maxconn;
	eng->maxsessrate = cfg->global.maxsessrate;
	eng->maxconnrate = cfg->global.maxconnrate != CFG_UNSET ?
	    cfg->global.maxconnrate : 0;
	eng->bufsize = cfg->global.tune_bufsize != CFG_UNSET ?
	    cfg->global.tune_bufsize : DEFAULT_BUFSIZE;
	eng->maxrewrite = cfg->global.tune_maxrewrite != CFG_UNSET ?
	    cfg->global.tune_maxrewrite : DEFAULT_MAXREWRITE;
	if (eng->maxrewrite >= eng->bufsize / 2)
		eng->maxrewrite = eng->bufsize / 2;
	if ((eng->base = engine_base_new()) == NULL ||
	    (eng->io = io_loop_new(eng->base, eng->bufsize)) == NULL ||
	    (eng->prep = acl_prep_new(cfg)) == NULL ||
	    (eng->rate_timer = evtimer_new(eng->base, engine_rate_cb,
	    eng)) == NULL) {
		diag_error(d, NULL, "cannot initialise the event loop");
		engine_free(eng);
		return NULL;
	}
	io_loop_bind(eng->io);	/* this thread builds and runs the loop */
	eng->nproxies = cfg->nproxies;	/* proxy_conf.index is the slot */
	eng->proxies = calloc(eng->nproxies ? eng->nproxies : 1,
	    sizeof(*eng->proxies));
	for (pc = cfg->proxies; eng->proxies != NULL && pc != NULL;
	    pc = pc->next)
		engine_init_proxy(eng, &eng->proxies[i++], pc);
	for (i = 0; eng->proxies != NULL && i < eng->nproxies; i++)
		if (listener_bind_all(&eng->proxies[i], session_accept, d) < 0)
			rc = -1;
	if (eng->proxies == NULL || rc < 0 ||
	    (eng->cli = cli_new(eng, d)) == NULL) {
		engine_free(eng);
		return NULL;
	}
	eng->inherit = NULL;	/* the caller's, valid while we bind */
	if (log_open_all(eng) < 0) {
		diag_error(d, NULL, "cannot open the log targets");
		engine_free(eng);
		return NULL;
	}
	if (check_start_all(eng) < 0) {
		diag_error(d, NULL, "cannot start the health checks");
		engine_free(eng);
		return NULL;
	}
	/* After the checks: a saved state overrides their start state. */
	state_file_load(eng, d);
	return eng;
}

/* At a rate limit the listeners pause (listener.c) and this timer looks
 * again every RATE_POLL_MS until the rate over the last second is below
 * the limit. */
#define RATE_POLL_MS	50

static void
engine_rate_arm(struct engine *eng)
{
	struct timeval	tv = { 0, RATE_POLL_MS * 1000 };

	if (eng->rate_timer != NULL && !eng->stopping)
		evtimer_add(eng->rate_timer, &tv);
}

static void
engine_rate_cb(evutil_socket_t fd, short what, void *arg)
{
	struct engine	*eng = arg;

	(void)fd;
	(void)what;
	if (!eng->stopping && listener_update(eng))
		engine_rate_arm(eng);
}

/* A connection got past the connection rules of FE: a session. */
void
engine_session_counted(struct engine *eng, struct proxy *fe)
{
	freq_hit(&eng->sess_rate, &eng->sess_rate_max, eng->base);
	if (listener_rate_full(eng, fe) && listener_update(eng))
		engine_rate_arm(eng);
}

/* Stop accepting at the global or frontend limit (the kernel backlog
 * holds the excess, as with HAProxy), resume once below it. */
void
engine_session_added(struct engine *eng, struct proxy *fe)
{
	eng->actconn++;
	eng->cum_conns++;
	/* conn_rate: every accepted connection, before the tcp-request
	 * connection rules (the session rate counts after them). */
	freq_hit(&eng->conn_rate, &eng->conn_rate_max, eng->base);
	if (fe != NULL)
		freq_hit(&fe->conn_rate, &fe->conn_rate_max, eng->base);
	if (eng->actconn >= eng->maxconn)
		listener_set(eng, NULL, false);
	else if (fe != NULL && fe->feconn >= fe->maxconn)
		listener_set(eng, fe, false);
	if (fe != NULL && listener_rate_full(eng, fe) &&
	    listener_update(eng))
		engine_rate_arm(eng);
}

void
engine_session_removed(struct engine *eng, struct proxy *fe)
{
	eng->actconn--;
	if (eng->stopping) {
		if (eng->actconn == 0)
			event_base_loopexit(eng->base, NULL);
		return;
	}
	(void)fe;
	if (eng->actconn < eng->maxconn && listener_update(eng))
		engine_rate_arm(eng);
}

void
engine_limits_changed(struct engine *eng)
{
	if (!eng->stopping && listener_update(eng))
		engine_rate_arm(eng);
}

static void
engine_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct engine	*eng = arg;

	(void)what;
	if (sig == SIGUSR1) {
		/* Soft stop: no new connections, finish in-flight ones. */
		listener_drain_all(eng);
		eng->stopping = true;
		listener_close_all(eng);
		cli_close_listeners(eng->cli);
		log_soft_stop(eng);
		if (eng->hard_stop != NULL) {
			uint32_t	ms = eng->cfg->global.hard_stop_after_ms;
			struct timeval	tv = { ms / 1000, (ms % 1000) * 1000 };

			/* hard-stop-after bounds how long a soft stop may
			 * wait for in-flight sessions. */
			evtimer_add(eng->hard_stop, &tv);
		}
		session_soft_stop(eng);
		if (eng->actconn == 0)
			event_base_loopexit(eng->base, NULL);
		return;
	}
	/* Hard stop: 128 + the signal, which main.c turns into dying of
	 * it, as HAProxy 2.6 does (its unit has SuccessExitStatus=143). */
	eng->exit_status = 128 + (int)sig;
	event_base_loopbreak(eng->base);
}

static void
engine_hard_stop_cb(evutil_socket_t fd, short what, void *arg)
{
	struct engine	*eng = arg;

	(void)fd;
	(void)what;
	event_base_loopbreak(eng->base);
}

int
engine_run(struct engine *eng)
{
	/* The base (and its epoll descriptor, shared with the parent) was
	 * made before a daemon forked: the child must rebuild it, or the
	 * listeners' events go to the parent's epoll set and are lost. */
	if ((long)getpid() != eng->pid) {
		if (event_reinit(eng->base) < 0)
			return 1;
		eng->pid = (long)getpid();	/* logged: %pid, syslog header */
	}
	io_loop_bind(eng->io);
	signal(SIGPIPE, SIG_IGN);
	eng->sig_usr1 = evsignal_new(eng->base, SIGUSR1, engine_signal_cb, eng);
	eng->sig_term = evsignal_new(eng->base, SIGTERM, engine_signal_cb, eng);
	eng->sig_int = evsignal_new(eng->base, SIGINT, engine_signal_cb, eng);
	if (eng->sig_usr1 == NULL || eng->sig_term == NULL ||
	    eng->sig_int == NULL)
		return 1;
	evsignal_add(eng->sig_usr1, NULL);
	evsignal_add(eng->sig_term, NULL);
	evsignal_add(eng->sig_int, NULL);
	if (eng->cfg->global.hard_stop_after_ms != CFG_UNSET)
		eng->hard_stop = evtimer_new(eng->base, engine_hard_stop_cb,
		    eng);
	event_base_dispatch(eng->base);
	return eng->exit_status;
}

void
engine_free(struct engine *eng)
{
	unsigned	i;

	if (eng == NULL)
		return;
	session_free_all(eng);
	listener_close_all(eng);
	cli_free(eng->cli);	/* its handlers read the proxies */
	eng->cli = NULL;
	for (i = 0; eng->proxies != NULL && i < eng->nproxies; i++) {
		unsigned	j;

		for (j = 0; eng->proxies[i].srvs != NULL &&
		    j < eng->proxies[i].nsrvs; j++) {
			session_pool_flush(&eng->proxies[i].srvs[j]);
			check_free(eng->proxies[i].srvs[j].chk);
		}
		free(eng->proxies[i].srvs);
		if (eng->proxies[i].dispatch != NULL) {
			session_pool_flush(eng->proxies[i].dispatch);
			persist_dispatch_free(eng->proxies[i].dispatch);
		}
		listener_free(&eng->proxies[i]);
		stick_table_free(eng->proxies[i].stick);
		err_capture_free(&eng->proxies[i]);
	}
	log_close_all(eng);	/* before the proxies: they hold sinks */
	free(eng->proxies);
	if (eng->sig_usr1 != NULL)
		event_free(eng->sig_usr1);
	if (eng->sig_term != NULL)
		event_free(eng->sig_term);
	if (eng->sig_int != NULL)
		event_free(eng->sig_int);
	if (eng->hard_stop != NULL)
		event_free(eng->hard_stop);
	if (eng->rate_timer != NULL)
		event_free(eng->rate_timer);
	io_loop_free(eng->io);	/* before the base: readers hold events */
	if (eng->base != NULL)
		event_base_free(eng->base);
	acl_prep_free(eng->prep);
	free(eng);
}
