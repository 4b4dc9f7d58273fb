/*
 * io: a faster reader for the session bufferevents.  libevent 2.1 reads at
 * most 4 KB per evbuffer_read() and asks FIONREAD before each read; here
 * an event of our own on the bufferevent's descriptor reads up to
 * tune.bufsize (more while the peer keeps filling it) straight into the
 * input buffer and calls the bufferevent's callbacks as libevent would.
 * The bufferevent's own EV_READ stays off: reading on a session
 * bufferevent is switched only with io_read_enable()/io_read_disable(),
 * and a session bufferevent is freed only with io_free().  Writing is
 * still libevent's.
 */
#ifndef HAPX_IO_H
#define HAPX_IO_H

#include <stddef.h>

struct bufferevent;
struct timeval;

/* Bytes asked of the first read of a burst (tune.bufsize). */
void	io_set_read_size(size_t);
/* Start reading (again), restarting the read timeout. */
void	io_read_enable(struct bufferevent *);
/* Stop reading: backpressure, EOF, a closing session. */
void	io_read_disable(struct bufferevent *);
/* bufferevent_set_timeouts() that also re-arms our reader (NULL: none). */
void	io_set_timeouts(struct bufferevent *, const struct timeval *rd,
	    const struct timeval *wr);
/* Tear down the reader of BEV, then bufferevent_free() it. */
void	io_free(struct bufferevent *);
/* Release the descriptor table (engine shutdown, no reader left). */
void	io_shutdown(void);

#endif
