/*
 * listener: bind, accept, pause and resume (see listener.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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
#include "engine/fdpass.h"
#include "engine/listener.h"
#include "engine/sockopt.h"

#define DEFAULT_BACKLOG		1024

/* fd@N: a listening socket the parent (systemd, VTest, a master) left
 * open.  It must be a stream socket; one not yet listening is put to
 * listen, as HAProxy does. */
static int
listener_inherit(const struct listen_spec *ls, struct diag *d)
{
	int		fd = atoi(ls->addr->path), type = 0, acc = 0, fl;
	socklen_t	len = sizeof(type);

	if (fcntl(fd, F_GETFD) < 0) {
		diag_error(d, ls->pos, "fd@%d: no such file descriptor was "
		    "inherited", fd);
		diag_hint(d, "the program that starts hapx must leave it "
		    "open (systemd socket activation, a master process)");
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    type != SOCK_STREAM) {
		diag_error(d, ls->pos, "fd@%d is not a stream socket", fd);
		return -1;
	}
	len = sizeof(acc);
	if ((getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) < 0 ||
	    !acc) && listen(fd, ls->backlog) < 0) {
		diag_error(d, ls->pos, "fd@%d: cannot listen: %s", fd,
		    strerror(errno));
		return -1;
	}
	fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* sockpair@N: one end of a socketpair (AF_UNIX, stream) left open by the
 * parent, over which it sends connected sockets, as HAProxy's master
 * does for its workers. */
static int
listener_sockpair_fd(const struct listen_spec *ls, struct diag *d)
{
	int			 fd = atoi(ls->addr->path), type = 0, fl;
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(type);

	if (fcntl(fd, F_GETFD) < 0) {
		diag_error(d, ls->pos, "sockpair@%d: no such file descriptor "
		    "was inherited", fd);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    type != SOCK_STREAM ||
	    getsockname(fd, (struct sockaddr *)&ss, &(socklen_t){ sizeof(ss) })
	    < 0 || ss.ss_family != AF_UNIX) {
		diag_error(d, ls->pos, "sockpair@%d is not a UNIX stream "
		    "socket", fd);
		diag_hint(d, "sockpair@ takes one end of a socketpair(2) over "
		    "which connections are passed; a listening socket is fd@");
		return -1;
	}
	fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* The address to bind: the spec's, with its port when it is inet. */
static socklen_t
listener_sockaddr(const struct listen_spec *ls, struct sockaddr_storage *ss)
{
	*ss = ls->addr->ss;
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons(ls->port);
	else if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons(ls->port);
	return ls->addr->sslen;
}

/* Set a fresh UNIX socket's mode and owner; abstract ones have no file. */
static int
listener_unix_perms(const struct listen_spec *ls, const char *path)
{
	if (ls->addr->kind != ADDR_UNIX)
		return 0;
	if (ls->mode != 0 && chmod(path, ls->mode) < 0)
		return -1;
	return sock_unix_owner(path, ls->uid, ls->gid, ls->user, ls->group);
}

void
listener_key(const struct listen_spec *ls, char *buf, size_t len)
{
	const struct bind_conf	*bc = ls->bc;
	struct sockaddr_storage	 ss;
	char			 host[INET6_ADDRSTRLEN + 2] = "";
	const char		*where = host;

	if (ls->addr->kind == ADDR_INET) {
		listener_sockaddr(ls, &ss);
		if (ss.ss_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->
			    sin_addr, host, sizeof(host));
		else
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->
			    sin6_addr, host, sizeof(host));
	} else
		where = ls->addr->path;
	snprintf(buf, len, "%d:%s:%u|v6only=%d,v4v6=%d,if=%s,tfo=%d,defer=%d,"
	    "mode=%o,uid=%ld,gid=%ld,user=%s,group=%s", (int)ls->addr->kind,
	    where, ls->addr->kind == ADDR_INET ? ls->port : 0,
	    bc != NULL && bc->v6only, bc != NULL && bc->v4v6,
	    bc != NULL && bc->interface ? bc->interface : "",
	    bc != NULL && bc->tfo, bc != NULL && bc->defer_accept, ls->mode,
	    ls->uid, ls->gid, ls->user ? ls->user : "",
	    ls->group ? ls->group : "");
}

int
listen_fds_add(struct listen_fds *fds, const char *key, int fd)
{
	struct listen_fd	*v;
	char			*k = strdup(key);

	v = k != NULL ? reallocarray(fds->v, fds->n + 1, sizeof(*v)) : NULL;
	if (v == NULL) {
		free(k);
		return -1;
	}
	fds->v = v;
	v[fds->n].key = k;
	v[fds->n].fd = fd;
	v[fds->n].taken = false;
	fds->n++;
	return 0;
}

int
listen_fds_take(struct listen_fds *fds, const char *key)
{
	size_t	i;
	int	fd;

	for (i = 0; fds != NULL && i < fds->n; i++) {
		if (fds->v[i].taken || strcmp(fds->v[i].key, key) != 0)
			continue;
		fd = fds->v[i].fd;
		fds->v[i].taken = true;
		fds->v[i].fd = -1;
		return fd;
	}
	return -1;
}

void
listen_fds_clear(struct listen_fds *fds)
{
	size_t	i;

	for (i = 0; i < fds->n; i++) {
		if (fds->v[i].fd >= 0)
			close(fds->v[i].fd);
		free(fds->v[i].key);
	}
	free(fds->v);
	fds->v = NULL;
	fds->n = 0;
}

/* A socket from LS's inherit table, made ready for this process's loop
 * (the backlog may have changed with the configuration). */
static int
listener_reuse(const struct listen_spec *ls)
{
	char	key[512];
	int	fd;

	listener_key(ls, key, sizeof(key));
	if ((fd = listen_fds_take(ls->inherit, key)) < 0)
		return -1;
	listen(fd, ls->backlog);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

int
listener_open(const struct listen_spec *ls, struct diag *d)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	const char		*path;
	int			 fd, one = 1;
	char			 a[300];

	if (ls->inherit != NULL && (fd = listener_reuse(ls)) >= 0)
		return fd;
	if (ls->addr->kind == ADDR_FD)
		return listener_inherit(ls, d);
	if (ls->addr->kind == ADDR_SOCKPAIR)
		return listener_sockpair_fd(ls, d);
	if (ls->addr->kind != ADDR_INET && ls->addr->kind != ADDR_UNIX &&
	    ls->addr->kind != ADDR_ABNS) {
		diag_error(d, ls->pos, "this kind of address cannot be "
		    "listened on");
		return -1;
	}
	len = listener_sockaddr(ls, &ss);
	path = ((const struct sockaddr_un *)&ss)->sun_path;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0)
		goto fail;
	if (ss.ss_family != AF_UNIX)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* As HAProxy: a new process (-sf, a reload) binds beside the old
	 * one, which then stops; "noreuseport" / -dR turn it off. */
	if (ss.ss_family != AF_UNIX && ls->reuseport)
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	if (ss.ss_family == AF_INET6) {
		int	v6only = ls->bc != NULL && ls->bc->v6only ? 1 : 0;

		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
		    sizeof(v6only));
	}
	if (ls->addr->kind == ADDR_UNIX)
		unlink(path);
	if ((ls->bc != NULL && sock_bind_opts(fd, ls->bc, ss.ss_family) < 0) ||
	    bind(fd, (const struct sockaddr *)&ss, len) < 0 ||
	    listen(fd, ls->backlog) < 0 || listener_unix_perms(ls, path) < 0)
		goto fail;
	return fd;
fail:
	diag_error(d, ls->pos, "cannot bind to %s: %s",
	    addr_format(ls->addr, a, sizeof(a)), strerror(errno));
	if (ss.ss_family == AF_UNIX)
		diag_hint(d, "check that the directory exists and is "
		    "writable");
	else
		diag_hint(d, "another process may be listening there, or "
		    "binding a port below 1024 needs root");
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

/* The spec of BC's PORT on PC. */
static void
listener_spec(const struct proxy_conf *pc, const struct bind_conf *bc,
    unsigned port, struct listen_spec *ls)
{
	memset(ls, 0, sizeof(*ls));
	ls->addr = &bc->addr;
	ls->port = port;
	ls->bc = bc;
	ls->mode = bc->mode;
	ls->uid = bc->uid;
	ls->gid = bc->gid;
	ls->user = bc->user;
	ls->group = bc->group;
	ls->pos = &bc->addr_pos;
	ls->backlog = bc->backlog ? (int)bc->backlog :
	    pc->backlog != CFG_UNSET && pc->backlog ?
	    (int)pc->backlog : DEFAULT_BACKLOG;
}

/* Listening addresses of PC: one per address, and per port of a range. */
static size_t
listener_count(const struct proxy_conf *pc)
{
	size_t	i, n = 0;

	for (i = 0; i < pc->binds.n; i++)
		n += pc->binds.v[i].addr.kind == ADDR_INET ?
		    pc->binds.v[i].addr.port_hi - pc->binds.v[i].addr.port_lo +
		    1 : 1;
	return n;
}

struct listen_spec *
listener_specs(const struct proxy_conf *pc, size_t *n)
{
	struct listen_spec	*v;
	size_t			 i, k = 0;
	unsigned		 port;

	*n = listener_count(pc);
	if (*n == 0 || (v = calloc(*n, sizeof(*v))) == NULL) {
		*n = 0;
		return NULL;
	}
	for (i = 0; i < pc->binds.n; i++) {
		const struct bind_conf	*bc = &pc->binds.v[i];

		for (port = bc->addr.port_lo; port <= bc->addr.port_hi; port++)
			listener_spec(pc, bc, port, &v[k++]);
	}
	return v;
}

void
listener_key_of(const struct listener *li, char *buf, size_t len)
{
	struct listen_spec	ls;
	unsigned		port = 0;

	if (li->addr.ss_family == AF_INET)
		port = ntohs(((const struct sockaddr_in *)&li->addr)->sin_port);
	else if (li->addr.ss_family == AF_INET6)
		port = ntohs(((const struct sockaddr_in6 *)&li->addr)->
		    sin6_port);
	listener_spec(li->px->conf, li->conf, port, &ls);
	listener_key(&ls, buf, len);
}

/* A connection passed over a sockpair@: as one accepted. */
static void
listener_take_cb(void *arg, int fd)
{
	struct listener		*li = arg;
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(ss);

	if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0) {
		memset(&ss, 0, sizeof(ss));
		ss.ss_family = AF_UNIX;
		len = sizeof(sa_family_t);
	}
	li->accept(li, fd, (struct sockaddr *)&ss, len);
}

static int
listener_add(struct proxy *px, const struct bind_conf *bc, unsigned port,
    listener_accept_fn *accept, struct diag *d)
{
	struct listener		*li;
	struct listen_spec	 ls;
	int			 fd;

	listener_spec(px->conf, bc, port, &ls);
	ls.inherit = px->eng->inherit;
	ls.reuseport = !px->eng->cfg->global.noreuseport;
	if ((fd = listener_open(&ls, d)) < 0)
		return -1;
	li = &px->listeners[px->nlisteners++];
	li->px = px;
	li->conf = bc;
	li->addrlen = sizeof(li->addr);
	if (getsockname(fd, (struct sockaddr *)&li->addr, &li->addrlen) < 0)
		li->addrlen = listener_sockaddr(&ls, &li->addr);
	li->accept = accept;
	li->backlog = ls.backlog;
	if (bc->addr.kind == ADDR_SOCKPAIR) {
		li->inbox = fdpass_inbox_new(px->eng->base, fd,
		    listener_take_cb, li);
		if (li->inbox != NULL)
			return 0;
	} else
		li->lev = evconnlistener_new(px->eng->base, listener_accept_cb,
		    li, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0, fd);
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
	unsigned		 i, port;
	size_t			 n = listener_count(pc);
	int			 rc = 0;

	px->listeners = calloc(n ? n : 1, sizeof(*px->listeners));
	if (px->listeners == NULL)
		return -1;
	for (i = 0; i < pc->binds.n; i++) {
		const struct bind_conf	*bc = &pc->binds.v[i];

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

			if ((li->lev == NULL && li->inbox == NULL) ||
			    li->paused == !on)
				continue;
			if (li->inbox != NULL)
				fdpass_inbox_set(li->inbox, on);
			else if (on)
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
	unsigned	lim = fe->conf->rate_limit_sessions;

	if (lim > 0 && freq_read(&fe->sess_rate, eng->base) >= lim)
		return true;
	if (eng->maxconnrate > 0 &&
	    freq_read(&eng->conn_rate, eng->base) >= eng->maxconnrate)
		return true;
	return eng->maxsessrate > 0 &&
	    freq_read(&eng->sess_rate, eng->base) >= eng->maxsessrate;
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
		listener_set(eng, px, !full && !px->admin_paused &&
		    eng->actconn < eng->maxconn && px->feconn < px->maxconn);
	}
	return rate;
}

void
listener_drain_all(struct engine *eng)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	unsigned		 i, j;
	int			 fd;

	for (i = 0; i < eng->nproxies; i++) {
		struct proxy	*px = &eng->proxies[i];

		for (j = 0; j < px->nlisteners; j++) {
			struct listener	*li = &px->listeners[j];

			if (li->lev == NULL || li->paused)
				continue;
			for (;;) {
				len = sizeof(ss);
				fd = accept4(evconnlistener_get_fd(li->lev),
				    (struct sockaddr *)&ss, &len,
				    SOCK_NONBLOCK | SOCK_CLOEXEC);
				if (fd < 0)
					break;
				li->accept(li, fd, (struct sockaddr *)&ss,
				    len);
			}
		}
	}
}

void
listener_close_all(struct engine *eng)
{
	unsigned	i;

	for (i = 0; i < eng->nproxies; i++)
		listener_close(&eng->proxies[i]);
}

void
listener_admin_pause(struct proxy *px, bool pause)
{
	unsigned	j;

	for (j = 0; j < px->nlisteners; j++) {
		struct listener	*li = &px->listeners[j];
		int		 fd;

		if (li->inbox != NULL && pause) {
			fdpass_inbox_set(li->inbox, false); /* none to refuse */
			li->paused = true;
		}
		if (li->lev == NULL)
			continue;
		fd = evconnlistener_get_fd(li->lev);
		if (!pause) {
			/* listener_update() enables it again */
			(void)listen(fd, li->backlog);
			continue;
		}
		evconnlistener_disable(li->lev);
		li->paused = true;
		/* Linux stops listening: new connections are refused,
		 * those in the backlog reset (a UNIX socket refuses the
		 * call and only stops being accepted from). */
		(void)shutdown(fd, SHUT_RD);
	}
}

void
listener_close(struct proxy *px)
{
	unsigned	j;

	for (j = 0; px->listeners != NULL && j < px->nlisteners; j++) {
		struct listener	*li = &px->listeners[j];

		if (li->lev != NULL)
			evconnlistener_free(li->lev);
		li->lev = NULL;
		fdpass_inbox_free(li->inbox);
		li->inbox = NULL;
	}
}

void
listener_free(struct proxy *px)
{
	listener_close(px);
	free(px->listeners);
	px->listeners = NULL;
	px->nlisteners = 0;
}
