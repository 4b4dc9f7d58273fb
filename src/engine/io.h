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
/* Release the descriptor table and this thread's flush queue (engine
 * shutdown, after every session bufferevent went through io_free()). */
void	io_shutdown(void);
/* Release the calling thread's flush queue (a worker thread's last act,
 * before its event base is freed). */
void	io_thread_exit(void);

#endif
