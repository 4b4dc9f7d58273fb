/*
 * io: a faster reader for the session bufferevents.  libevent 2.1 reads at
 * most 4 KB per evbuffer_read() and asks FIONREAD before each read; here
 * an event of our own on the bufferevent's descriptor reads up to
 * tune.bufsize (more while the peer keeps filling it) straight into the
 * input buffer and calls the bufferevent's callbacks as libevent would.
 * The bufferevent's own EV_READ stays off: reading on a session
 * bufferevent is switched only with io_read_enable()/io_read_disable(),
 * and a session bufferevent is freed only with io_free().  Writing stays
 * libevent's, except that data added to such a bufferevent's output is
 * written at the end of the loop turn instead of after an epoll round
 * trip (see io.c).  The base must use EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST
 * for that to save the epoll_ctl calls.
 *
 * The readers, the read size and the flush queue of one event loop are a
 * struct io_loop, which the engine owns; the thread that runs the loop
 * binds it (io_loop_bind), so that the calls below need only the
 * bufferevent.
 */
#ifndef HAPX_IO_H
#define HAPX_IO_H

#include <stddef.h>

struct bufferevent;
struct event_base;
struct io_loop;
struct timeval;

/* The I/O context of the loop on BASE; READ_SIZE: bytes asked of the
 * first read of a burst (tune.bufsize).  NULL if out of memory. */
struct io_loop *io_loop_new(struct event_base *base, size_t read_size);
/* Make IO the calling thread's loop (NULL: none). */
void	io_loop_bind(struct io_loop *io);
/* Free IO and its readers, after every session bufferevent went through
 * io_free() and before its base is freed; unbinds it.  NULL is fine. */
void	io_loop_free(struct io_loop *io);
/* Start reading (again), restarting the read timeout. */
void	io_read_enable(struct bufferevent *);
/* Stop reading: backpressure, EOF, a closing session. */
void	io_read_disable(struct bufferevent *);
/* bufferevent_set_timeouts() that also re-arms our reader (NULL: none). */
void	io_set_timeouts(struct bufferevent *, const struct timeval *rd,
	    const struct timeval *wr);
/* Tear down the reader of BEV, then bufferevent_free() it. */
void	io_free(struct bufferevent *);

#endif
