/*
 * listener: the listening sockets of the frontends.  Binds one socket per
 * "bind" address and port (so a port in use is reported before the process
 * forks), hands each accepted connection to a callback, and pauses or
 * resumes accepting when the engine's connection limits or rate limits
 * say so.  Owns each proxy's listeners array and their evconnlisteners.
 */
#ifndef HAPX_LISTENER_H
#define HAPX_LISTENER_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>

struct addr_spec;
struct bind_conf;
struct cfg_pos;
struct diag;
struct engine;
struct listener;
struct proxy;
struct proxy_conf;
struct listen_fds;

/* Called for each accepted connection, which it then owns (FD). */
typedef void listener_accept_fn(struct listener *, int fd,
    const struct sockaddr *, socklen_t);

/* One listening address: a "bind" line's (BC set: its socket options)
 * or a "stats socket"'s. */
struct listen_spec {
	const struct addr_spec	*addr;
	unsigned		 port;		/* inet: the port to bind */
	int			 backlog;
	const struct bind_conf	*bc;		/* or NULL */
	unsigned		 mode;		/* UNIX: 0 = umask's */
	long			 uid, gid;	/* UNIX owner, -1 = unset */
	const char		*user, *group;	/* else by name, or NULL */
	const struct cfg_pos	*pos;		/* where errors point */
	bool			 reuseport;	/* inet: SO_REUSEPORT */
	struct listen_fds	*inherit;	/* sockets opened before (a
						   master, -x), taken when one
						   matches; or NULL */
};

/*
 * Listening sockets opened by another process or an earlier
 * configuration, by a key that names the address and the socket options
 * set before bind (listener_key): a master's sockets that its workers
 * inherit, those an old process handed over (-x), or the master's own
 * when it reloads.  A socket is reused only for a spec with the same key.
 */
struct listen_fd {
	char		*key;		/* owned */
	int		 fd;		/* owned until taken (-1 then) */
	bool		 taken;
};

struct listen_fds {
	struct listen_fd	*v;		/* owned array */
	size_t			 n;
};

/* The key of LS's socket into BUF: the address with its port, and the
 * options that bind set (v6only, interface, UNIX mode and owner...). */
void	 listener_key(const struct listen_spec *ls, char *buf, size_t len);
/* The key of LI's socket (what listener_key said when it was opened). */
void	 listener_key_of(const struct listener *li, char *buf, size_t len);
/* Add FD under KEY (copied); FDS then owns FD.  -1 when out of memory. */
int	 listen_fds_add(struct listen_fds *fds, const char *key, int fd);
/* Take the socket of KEY out of FDS: its descriptor, or -1. */
int	 listen_fds_take(struct listen_fds *fds, const char *key);
/* Close the sockets still in FDS (none taken) and free it. */
void	 listen_fds_clear(struct listen_fds *fds);

/* Open a non-blocking, close-on-exec listening stream socket for LS:
 * bind an inet, UNIX or abstract address, or take over fd@N (inherited,
 * put to listen if it was not).  Returns the descriptor, or -1 with the
 * reason in D. */
int	 listener_open(const struct listen_spec *ls, struct diag *d);
/* Every address and port of PX_CONF's "bind" lines as specs, in the
 * order listener_bind_all binds them; *N gets the count.  The specs
 * point into PC.  NULL when out of memory (or none, N = 0). */
struct listen_spec *listener_specs(const struct proxy_conf *pc, size_t *n);
/* Bind every address of PX's "bind" lines on PX's engine, accepting into
 * ACCEPT; each failure goes to D and makes it return -1. */
int	 listener_bind_all(struct proxy *px, listener_accept_fn *accept,
	    struct diag *d);
/* Turn accepting on or off for ONLY's listeners, or every proxy's. */
void	 listener_set(struct engine *, struct proxy *only, bool on);
/* Whether FE (or the whole process) is at a connection or session rate
 * limit right now. */
bool	 listener_rate_full(struct engine *, const struct proxy *fe);
/* Set every listener on or off by the limits (maxconn, rates); true if a
 * rate pauses one, so the caller looks again later. */
bool	 listener_update(struct engine *);
/* Accept what waits in every listener's queue (a soft stop, before the
 * listeners close: with SO_REUSEPORT a closing socket's queue would be
 * reset, while the new process's socket takes the next ones). */
void	 listener_drain_all(struct engine *);
/* Close every listening socket (soft stop, shutdown); idempotent. */
void	 listener_close_all(struct engine *);
/* "disable frontend" (PAUSE) and "enable frontend": as HAProxy, a
 * paused TCP listener refuses new connections instead of leaving them
 * in its backlog; resuming listens again (listener_update() then
 * accepts). */
void	 listener_admin_pause(struct proxy *px, bool pause);
/* Close PX's listening sockets ("shutdown frontend"); idempotent. */
void	 listener_close(struct proxy *px);
/* Close and free PX's listeners. */
void	 listener_free(struct proxy *px);

#endif
