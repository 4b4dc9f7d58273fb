/*
 * fdpass: passing one descriptor over a UNIX stream socket (SCM_RIGHTS)
 * with the data that goes with it: the master's connections to its
 * workers, sockpair@ listeners, and "-x" listener hand-over all use it.
 */
#ifndef HAPX_FDPASS_H
#define HAPX_FDPASS_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

struct event_base;
struct fdpass_inbox;

/* Send LEN bytes of DATA (at least 1) with FD (none when -1); 0 when all
 * of DATA went out, -1 otherwise. */
int	fdpass_send(int sock, const void *data, size_t len, int fd);
/* Receive up to LEN bytes into DATA (FLAGS for recvmsg, e.g.
 * MSG_WAITALL) and the descriptor sent with them into *FD (-1: none),
 * close-on-exec.  Descriptors beyond the first, or a truncated set, are
 * closed and not returned.  Returns recvmsg's count: 0 when the peer is
 * gone, -1 with errno. */
ssize_t	fdpass_recv(int sock, void *data, size_t len, int flags, int *fd);

/*
 * sockpair@: a socket over which connected sockets arrive, one per
 * message.  TAKE gets each (non-blocking, close-on-exec; it owns it), a
 * bounded batch per wake-up.  The inbox owns SOCK and stops reading
 * when the sender is gone.
 */
typedef void fdpass_take_fn(void *arg, int fd);
struct fdpass_inbox *fdpass_inbox_new(struct event_base *, int sock,
	    fdpass_take_fn *take, void *arg);
/* Read (ON) or leave the connections queued in the socket. */
void	fdpass_inbox_set(struct fdpass_inbox *, bool on);
/* Stop reading and close the socket; NULL is fine. */
void	fdpass_inbox_free(struct fdpass_inbox *);

#endif
