/*
 * sock_xfer: handing listening sockets from a running process to a new
 * one (HAProxy's "-x SOCKET" and the "_getsocks" command of a stats
 * socket with "expose-fd listeners").  The new process connects to the
 * old one's stats socket, sends "_getsocks", and receives each listening
 * socket with its key (listener_key) over SCM_RIGHTS; binds whose key
 * matches take those sockets (engine_new_inherit) instead of binding, so
 * the accept queue is the same and no connection is refused or reset
 * when the old process then stops (-sf).
 *
 * The wire format is hapx's own (both ends are hapx): one message per
 * socket, a fixed SOCK_XFER_KEYLEN-byte NUL-padded key with one
 * descriptor, then an all-zero key without one.
 */
#ifndef HAPX_SOCK_XFER_H
#define HAPX_SOCK_XFER_H

#define SOCK_XFER_KEYLEN	512

struct diag;
struct engine;
struct listen_fds;

/* The old process's side: send every listening socket of ENG over FD
 * (a connected UNIX stream socket).  0, or -1 with errno. */
int	sock_xfer_send(struct engine *eng, int fd);
/* The new process's side: ask the stats socket at PATH for its
 * listening sockets and add them to OUT.  -1 with the reason in D. */
int	sock_xfer_fetch(const char *path, struct listen_fds *out,
	    struct diag *d);

#endif
