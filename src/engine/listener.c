/*
 * listener: bind, accept, pause and resume (see listener.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "base/addr.h"
#include "base/diag.h"
#include "base/freq.h"
#include "model/cfg_model.h"
#include "servers/proxy.h"
#include "engine/engine_types.h"
#include "engine/listener.h"
#include "engine/sockopt.h"

#define DEFAULT_BACKLOG		1024

/* Bind one socket for ADDR (port PORT); -1 and a message on failure. */
static int
listener_bind_fd(const struct bind_conf *bc, const struct sockaddr_storage *ss,
    socklen_t len, int backlog, struct diag *d)
{
	int	fd, one = 1;

	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0)
		goto fail;
	if (ss->ss_family != AF_UNIX)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss->ss_family == AF_INET6) {
		int	v6only = bc->v6only ? 1 : 0;

		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
		    sizeof(v6only));
	}
	if (ss->ss_family == AF_UNIX)
		unlink(((const struct sockaddr_un *)ss)->sun_path);
	if (sock_bind_opts(fd, bc, ss->ss_family) < 0 ||
	    bind(fd, (const struct sockaddr *)ss, len) < 0 ||
	    listen(fd, backlog) < 0)
		goto fail;
	if (ss->ss_family == AF_UNIX && bc->mode != 0)
		chmod(((const struct sockaddr_un *)ss)->sun_path, bc->mode);
	if (ss->ss_family == AF_UNIX &&
	    sock_unix_owner(((const struct sockaddr_un *)ss)->sun_path, bc) < 0)
		goto fail;
	return fd;
fail:
	{
		char	a[300];

		diag_error(d, &bc->addr_pos, "cannot bind to %s: %s",
		    addr_format(&bc->addr, a, sizeof(a)), strerror(errno));
		diag_hint(d, "another process may be listening there, or "
		    "binding a port below 1024 needs root");
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

static void
listener_accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int socklen, void *arg)
{
	struct listener	*li = arg;

	(void)lev;
	li->accept(li, fd, sa, (socklen_t)socklen);
}

static int
listener_add(struct proxy *px, const struct bind_conf *bc, unsigned port,
    listener_accept_fn *accept, struct diag *d)
{
	struct listener		*li;
	struct sockaddr_storage	 ss = bc->addr.ss;
	socklen_t		 len = bc->addr.sslen;
	int			 fd, backlog;

	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = htons(port);
	else if (ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
	backlog = bc->backlog ? (int)bc->backlog : px->conf->backlog !=
	    CFG_UNSET && px->conf->backlog ? (int)px->conf->backlog :
	    DEFAULT_BACKLOG;
	if ((fd = listener_bind_fd(bc, &ss, len, backlog, d)) < 0)
		return -1;
	li = &px->listeners[px->nlisteners++];
	li->px = px;
	li->conf = bc;
	li->addr = ss;
	li->addrlen = len;
	li->accept = accept;
	li->lev = evconnlistener_new(px->eng->base, listener_accept_cb, li,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0, fd);
	if (li->lev == NULL) {
		close(fd);
		px->nlisteners--;
		diag_error(d, &bc->pos, "cannot listen: out of memory");
		return -1;
	}
	return 0;
}

int
listener_bind_all(struct proxy *px, listener_accept_fn *accept,
    struct diag *d)
{
	const struct proxy_conf	*pc = px->conf;
	unsigned		 i, n = 0, port;
	int			 rc = 0;

	for (i = 0; i < pc->binds.n; i++)
		n += pc->binds.v[i].addr.kind == ADDR_INET ?
		    pc->binds.v[i].addr.port_hi - pc->binds.v[i].addr.port_lo +
		    1 : 1;
	px->listeners = calloc(n ? n : 1, sizeof(*px->listeners));
	if (px->listeners == NULL)
		return -1;
	for (i = 0; i < pc->binds.n; i++) {
		const struct bind_conf	*bc = &pc->binds.v[i];

		if (bc->addr.kind != ADDR_INET && bc->addr.kind != ADDR_UNIX) {
			diag_error(d, &bc->addr_pos, "this kind of address "
			    "cannot be bound by hapx yet");
			rc = -1;
			continue;
		}
		for (port = bc->addr.port_lo; port <= bc->addr.port_hi; port++)
			if (listener_add(px, bc, port, accept, d) < 0)
				rc = -1;
	}
	return rc;
}

void
listener_set(struct engine *eng, struct proxy *only, bool on)
{
	unsigned	i, j;

	for (i = 0; i < eng->nproxies; i++) {
		struct proxy	*px = &eng->proxies[i];

		if (only != NULL && px != only)
			continue;
		for (j = 0; j < px->nlisteners; j++) {
			struct listener	*li = &px->listeners[j];

			if (li->lev == NULL || li->paused == !on)
				continue;
			if (on)
				evconnlistener_enable(li->lev);
			else
				evconnlistener_disable(li->lev);
			li->paused = !on;
		}
	}
}

/*
 * Rate limits: "maxconnrate" (accepted connections) and "maxsessrate"
 * (sessions) for the process, "rate-limit sessions" for a frontend.  At
 * the limit the listeners pause like at maxconn (the kernel backlog holds
 * the excess) until the rate over the last second is below the limit.
 */
bool
listener_rate_full(struct engine *eng, const struct proxy *fe)
{
	const struct global_conf	*g = &eng->cfg->global;
	unsigned			 lim = fe->conf->rate_limit_sessions;

	if (lim > 0 && freq_read(&fe->sess_rate, eng->base) >= lim)
		return true;
	if (g->maxconnrate != CFG_UNSET && g->maxconnrate > 0 &&
	    freq_read(&eng->conn_rate, eng->base) >= g->maxconnrate)
		return true;
	return g->maxsessrate > 0 &&
	    freq_read(&eng->sess_rate, eng->base) >= g->maxsessrate;
}

bool
listener_update(struct engine *eng)
{
	unsigned	i;
	bool		rate = false, full;

	for (i = 0; i < eng->nproxies; i++) {
		struct proxy	*px = &eng->proxies[i];

		if (px->nlisteners == 0)
			continue;
		full = listener_rate_full(eng, px);
		rate = rate || full;
		listener_set(eng, px, !full &&
		    eng->actconn < eng->maxconn && px->feconn < px->maxconn);
	}
	return rate;
}

void
listener_close_all(struct engine *eng)
{
	unsigned	i, j;

	for (i = 0; i < eng->nproxies; i++) {
		struct proxy	*px = &eng->proxies[i];

		for (j = 0; j < px->nlisteners; j++) {
			if (px->listeners[j].lev != NULL)
				evconnlistener_free(px->listeners[j].lev);
			px->listeners[j].lev = NULL;
		}
	}
}

void
listener_free(struct proxy *px)
{
	unsigned	j;

	for (j = 0; px->listeners != NULL && j < px->nlisteners; j++)
		if (px->listeners[j].lev != NULL)
			evconnlistener_free(px->listeners[j].lev);
	free(px->listeners);
	px->listeners = NULL;
	px->nlisteners = 0;
}
