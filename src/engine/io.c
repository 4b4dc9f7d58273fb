/*
 * io: our own reader for the session bufferevents (see io.h for why).
 * A reader is found from its bufferevent through a table indexed by
 * descriptor: a server connection gets its descriptor only once
 * connected and moves between sessions through the idle pool, and the
 * table follows it without any field in the session.  The reader keeps
 * libevent's contract: the read callback after data (at or above the low
 * watermark), the event callback with BEV_EVENT_READING and EOF, ERROR
 * (errno kept) or TIMEOUT after reading has been disabled, no reading
 * past the high watermark until the input drains below it.  It must not
 * touch a bufferevent after calling one of its callbacks: the callback
 * may free it.
 *
 * Writing: libevent writes only once epoll says the socket is writable,
 * so each response costs an epoll_ctl to add the write event and one to
 * remove it.  Here data added to the output of a bufferevent that has a
 * reader queues it for a flush at the end of the current loop turn (an
 * event activated by hand runs after the callbacks already active): the
 * data goes out with one write and, when all of it went, the write event
 * libevent added meanwhile is removed again before epoll ever heard of it
 * (the base uses the epoll change list), and the write callback runs as
 * libevent would run it.  Whatever does not fit is left to libevent.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/queue.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_struct.h>
#include <event2/event.h>
#include <event2/event_struct.h>

#include "engine/io.h"

#define IO_READ_MIN	4096		/* smallest first read */
#define IO_READ_MAX	(256 * 1024)	/* largest read of a burst */
#define IO_WRITE_MAX	(256 * 1024)	/* libevent's default is 16 KB */
#define IO_PAGE_SHIFT	10
#define IO_PAGE		(1 << IO_PAGE_SHIFT)
#define IO_NPAGES	4096		/* descriptors below 4M have readers */

struct io_reader {
	struct event		 ev;		/* EV_READ|EV_PERSIST on the fd */
	struct bufferevent	*bev;		/* not owned */
	struct evbuffer_cb_entry *wm_cb;	/* resumes below the high
						   watermark; NULL until used */
	struct evbuffer_cb_entry *out_cb;	/* queues the flush */
	struct io_flushq	*fq;		/* its thread's flush queue */
	TAILQ_ENTRY(io_reader)	 qlink;		/* in fq->list */
	size_t			 want;		/* size of the next read */
	size_t			 read_size;	/* its loop's first read */
	bool			 enabled;	/* reading wanted */
	bool			 wm_wait;	/* held by the high watermark */
	bool			 queued;	/* in fq->list */
};

/* The bufferevents with output to write at the end of this loop turn;
 * one per thread, as each thread runs its own event base. */
struct io_flushq {
	struct event			*ev;	/* activated by hand */
	TAILQ_HEAD(, io_reader)		 list;
};

/* The I/O context of one event loop (see io.h): the engine owns it, the
 * thread that runs the loop binds it.  Pages of readers are allocated on
 * first use; a page once set stays (an atomic swap makes that safe should
 * several threads race for it, as descriptors are the process's). */
struct io_loop {
	struct io_reader	**pages[IO_NPAGES];
	size_t			  read_size;	/* first read of a burst */
	struct io_flushq	  fq;		/* this loop's flush queue */
};

/* The loop of the calling thread, set by io_loop_bind(): the one piece of
 * per-thread state, so that a bufferevent alone finds its reader. */
static __thread struct io_loop	*io_cur;

static struct io_reader **
io_slot(evutil_socket_t fd, bool create)
{
	struct io_reader	**page, **fresh = NULL;
	size_t			  p;

	if (fd < 0 || (size_t)fd >= (size_t)IO_NPAGES * IO_PAGE)
		return NULL;
	if (io_cur == NULL)
		return NULL;
	p = (size_t)fd >> IO_PAGE_SHIFT;
	page = __atomic_load_n(&io_cur->pages[p], __ATOMIC_ACQUIRE);
	if (page == NULL && create) {
		if ((fresh = calloc(IO_PAGE, sizeof(*fresh))) == NULL)
			return NULL;
		if (__atomic_compare_exchange_n(&io_cur->pages[p], &page, fresh,
		    false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			page = fresh;
		else
			free(fresh);
	}
	return page != NULL ? &page[fd & (IO_PAGE - 1)] : NULL;
}

/* The reader of BEV, or NULL: none, or its descriptor is not usable. */
static struct io_reader *
io_find(struct bufferevent *bev)
{
	struct io_reader	**slot = io_slot(bufferevent_getfd(bev), false);

	return slot != NULL && *slot != NULL && (*slot)->bev == bev ?
	    *slot : NULL;
}

static void	io_read_cb(evutil_socket_t, short, void *);

/* Write what BEV has queued now; all of it gone: no write event, and
 * the write callback runs (it may free BEV). */
static void
io_write_now(struct bufferevent *bev)
{
	struct evbuffer		*out = bufferevent_get_output(bev);
	bufferevent_data_cb	 wcb;
	void			*arg;
	int			 n;

	if (!(bufferevent_get_enabled(bev) & EV_WRITE) ||
	    evbuffer_get_length(out) == 0)
		return;
	/* The start of a bufferevent's output is libevent's to drain. */
	evbuffer_unfreeze(out, 1);
	n = evbuffer_write_atmost(out, bufferevent_getfd(bev), IO_WRITE_MAX);
	evbuffer_freeze(out, 1);
	/* An error or a full socket: libevent's write event, added when
	 * the data came, takes over (and reports the error). */
	if (n <= 0 || evbuffer_get_length(out) > 0)
		return;
	event_del(&bev->ev_write);
	bufferevent_getcb(bev, NULL, &wcb, NULL, &arg);
	if (wcb != NULL)
		wcb(bev, arg);
}

static void
io_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct io_flushq	*fq = arg;
	struct io_reader	*r;

	(void)fd;
	(void)what;
	/* One at a time: a write callback may free any queued one. */
	while ((r = TAILQ_FIRST(&fq->list)) != NULL) {
		TAILQ_REMOVE(&fq->list, r, qlink);
		r->queued = false;
		io_write_now(r->bev);
	}
}

/* The flush queue for a bufferevent on BASE: the bound loop's, or NULL
 * (libevent then writes as usual) for a bufferevent on another base. */
static struct io_flushq *
io_flushq_get(struct event_base *base)
{
	struct io_flushq	*fq = &io_cur->fq;

	return fq->ev != NULL && event_get_base(fq->ev) == base ? fq : NULL;
}

/* Data was added to an output: flush it at the end of this turn. */
static void
io_out_cb(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct io_reader	*r = arg;

	(void)buf;
	if (info->n_added == 0 || r->queued)
		return;
	r->queued = true;
	TAILQ_INSERT_TAIL(&r->fq->list, r, qlink);
	event_active(r->fq->ev, EV_TIMEOUT, 0);
}

/* The reader of BEV, made on first use; NULL: use libevent's reading. */
static struct io_reader *
io_get(struct bufferevent *bev)
{
	evutil_socket_t		  fd = bufferevent_getfd(bev);
	struct io_reader	**slot = io_slot(fd, true), *r;

	if (slot == NULL)
		return NULL;
	if ((r = *slot) != NULL && r->bev == bev)
		return r;
	if (r != NULL) {
		/* Left by a bufferevent freed without io_free(): its
		 * descriptor was closed and reused.  Its bufferevent (and
		 * the buffer callbacks with it) is gone. */
		event_del(&r->ev);
		if (r->queued)
			TAILQ_REMOVE(&r->fq->list, r, qlink);
		free(r);
		*slot = NULL;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	if (event_assign(&r->ev, bufferevent_get_base(bev), fd,
	    EV_READ | EV_PERSIST, io_read_cb, r) < 0) {
		free(r);
		return NULL;
	}
	r->bev = bev;
	r->want = r->read_size = io_cur->read_size;
	bufferevent_set_max_single_write(bev, IO_WRITE_MAX);
	/* Without a flush queue, libevent writes as usual. */
	if ((r->fq = io_flushq_get(bufferevent_get_base(bev))) != NULL)
		r->out_cb = evbuffer_add_cb(bufferevent_get_output(bev),
		    io_out_cb, r);
	*slot = r;
	return r;
}

static void
io_arm(struct io_reader *r)
{
	const struct timeval	*tv = &r->bev->timeout_read;

	event_add(&r->ev, evutil_timerisset(tv) ? tv : NULL);
}

/* Input changed while held by the high watermark: resume below it. */
static void
io_wm_cb(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct io_reader	*r = arg;
	size_t			 high;

	(void)info;
	bufferevent_getwatermark(r->bev, EV_READ, NULL, &high);
	if (high != 0 && evbuffer_get_length(buf) >= high)
		return;
	r->wm_wait = false;
	evbuffer_cb_clear_flags(buf, r->wm_cb, EVBUFFER_CB_ENABLED);
	if (r->enabled)
		io_arm(r);
}

/* Hold reading until the input drains below the high watermark. */
static void
io_wm_hold(struct io_reader *r)
{
	struct evbuffer	*in = bufferevent_get_input(r->bev);

	if (r->wm_cb == NULL &&
	    (r->wm_cb = evbuffer_add_cb(in, io_wm_cb, r)) == NULL)
		return;		/* keep reading past it rather than stall */
	event_del(&r->ev);
	r->wm_wait = true;
	evbuffer_cb_set_flags(in, r->wm_cb, EVBUFFER_CB_ENABLED);
}

static bool
io_above_high(struct bufferevent *bev, size_t *room)
{
	size_t	high, len;

	bufferevent_getwatermark(bev, EV_READ, NULL, &high);
	if (high == 0)
		return false;
	len = evbuffer_get_length(bufferevent_get_input(bev));
	if (room != NULL && len < high && high - len < *room)
		*room = high - len;
	return len >= high;
}

static void
io_stop(struct io_reader *r)
{
	r->enabled = false;
	event_del(&r->ev);
	if (r->wm_wait) {
		r->wm_wait = false;
		evbuffer_cb_clear_flags(bufferevent_get_input(r->bev),
		    r->wm_cb, EVBUFFER_CB_ENABLED);
	}
}

/* Read once into at most two reserved extents of the input. */
static ssize_t
io_readv(evutil_socket_t fd, struct evbuffer *in, size_t want)
{
	struct evbuffer_iovec	v[2];
	struct iovec		iov[2];
	ssize_t			got;
	size_t			left;
	int			i, n, err;

	/* libevent freezes the end of a bufferevent's input against its
	 * user: the reader is libevent's side here. */
	evbuffer_unfreeze(in, 0);
	n = evbuffer_reserve_space(in, (ev_ssize_t)want, v, 2);
	if (n <= 0) {
		evbuffer_freeze(in, 0);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < n; i++) {
		iov[i].iov_base = v[i].iov_base;
		iov[i].iov_len = v[i].iov_len;
	}
	do
		got = readv(fd, iov, n);
	while (got < 0 && errno == EINTR);
	if (got > 0) {
		for (i = 0, left = (size_t)got; i < n; i++) {
			if (v[i].iov_len > left)
				v[i].iov_len = left;
			left -= v[i].iov_len;
		}
		evbuffer_commit_space(in, v, n);
	}
	err = errno;
	evbuffer_freeze(in, 0);
	errno = err;
	return got;
}

static void
io_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct io_reader	*r = arg;
	struct bufferevent	*bev = r->bev;
	struct evbuffer		*in = bufferevent_get_input(bev);
	bufferevent_data_cb	 rcb;
	bufferevent_event_cb	 ecb;
	void			*cbarg;
	size_t			 want = r->want, low;
	ssize_t			 got;
	int			 err;

	bufferevent_getcb(bev, &rcb, NULL, &ecb, &cbarg);
	if (what == EV_TIMEOUT) {
		io_stop(r);
		if (ecb != NULL)
			ecb(bev, BEV_EVENT_READING | BEV_EVENT_TIMEOUT, cbarg);
		return;
	}
	if (io_above_high(bev, &want)) {
		io_wm_hold(r);
		return;
	}
	if ((got = io_readv(fd, in, want)) <= 0) {
		err = errno;
		if (got < 0 && (err == EAGAIN || err == EWOULDBLOCK))
			return;
		io_stop(r);
		errno = err;
		if (ecb != NULL)
			ecb(bev, BEV_EVENT_READING | (got == 0 ?
			    BEV_EVENT_EOF : BEV_EVENT_ERROR), cbarg);
		return;
	}
	/* A full read means more is likely waiting: read more next time,
	 * rather than loop here and pay for a read that finds nothing. */
	r->want = (size_t)got < want ? r->read_size : want * 2 > IO_READ_MAX ?
	    IO_READ_MAX : want * 2;
	if (io_above_high(bev, NULL))
		io_wm_hold(r);
	bufferevent_getwatermark(bev, EV_READ, &low, NULL);
	if (rcb != NULL && evbuffer_get_length(in) >= low)
		rcb(bev, cbarg);
}

void
io_read_enable(struct bufferevent *bev)
{
	struct io_reader	*r = io_get(bev);

	if (r == NULL) {
		bufferevent_enable(bev, EV_READ);
		return;
	}
	r->enabled = true;
	if (r->wm_wait)
		return;
	if (io_above_high(bev, NULL))
		io_wm_hold(r);
	else
		io_arm(r);
}

void
io_read_disable(struct bufferevent *bev)
{
	struct io_reader	*r = io_find(bev);

	if (r == NULL) {
		bufferevent_disable(bev, EV_READ);
		return;
	}
	io_stop(r);
}

void
io_set_timeouts(struct bufferevent *bev, const struct timeval *rd,
    const struct timeval *wr)
{
	struct io_reader	*r;

	bufferevent_set_timeouts(bev, rd, wr);
	/* As libevent does for its own read event: a pending one restarts
	 * with the new timeout. */
	if ((r = io_find(bev)) != NULL && r->enabled && !r->wm_wait)
		io_arm(r);
}

void
io_free(struct bufferevent *bev)
{
	struct io_reader	**slot, *r;

	if (bev == NULL)
		return;
	slot = io_slot(bufferevent_getfd(bev), false);
	if (slot != NULL && (r = *slot) != NULL && r->bev == bev) {
		event_del(&r->ev);
		if (r->wm_cb != NULL)
			evbuffer_remove_cb_entry(bufferevent_get_input(bev),
			    r->wm_cb);
		if (r->out_cb != NULL)
			evbuffer_remove_cb_entry(bufferevent_get_output(bev),
			    r->out_cb);
		if (r->queued)
			TAILQ_REMOVE(&r->fq->list, r, qlink);
		free(r);
		*slot = NULL;
	}
	bufferevent_free(bev);
}

struct io_loop *
io_loop_new(struct event_base *base, size_t read_size)
{
	struct io_loop	*io = calloc(1, sizeof(*io));

	if (io == NULL)
		return NULL;
	io->read_size = read_size < IO_READ_MIN ? IO_READ_MIN :
	    read_size > IO_READ_MAX ? IO_READ_MAX : read_size;
	TAILQ_INIT(&io->fq.list);
	/* Without a flush queue, libevent writes as usual. */
	io->fq.ev = event_new(base, -1, 0, io_flush_cb, &io->fq);
	return io;
}

void
io_loop_bind(struct io_loop *io)
{
	io_cur = io;
}

void
io_loop_free(struct io_loop *io)
{
	size_t	p, i;

	if (io == NULL)
		return;
	for (p = 0; p < IO_NPAGES; p++) {
		if (io->pages[p] == NULL)
			continue;
		for (i = 0; i < IO_PAGE; i++)
			if (io->pages[p][i] != NULL) {
				event_del(&io->pages[p][i]->ev);
				free(io->pages[p][i]);
			}
		free(io->pages[p]);
	}
	if (io->fq.ev != NULL)
		event_free(io->fq.ev);
	if (io_cur == io)
		io_cur = NULL;
	free(io);
}
