/*
 * fdpass: SCM_RIGHTS send and receive (see fdpass.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/uio.h>

#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "engine/fdpass.h"

#define INBOX_BATCH	64	/* connections per wake-up, as an accept loop */

struct fdpass_inbox {
	struct event	*ev;		/* owned */
	int		 sock;		/* owned */
	fdpass_take_fn	*take;
	void		*arg;
};

/* Room for a few descriptors: a peer that sends more than one gets them
 * closed, not leaked into this process. */
#define FDPASS_MAX	8

int
fdpass_send(int sock, const void *data, size_t len, int fd)
{
	char		 ctl[CMSG_SPACE(sizeof(int))];
	struct iovec	 iov = { (void *)(uintptr_t)data, len };
	struct msghdr	 msg;
	struct cmsghdr	*cm;

	memset(&msg, 0, sizeof(msg));
	memset(ctl, 0, sizeof(ctl));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (fd >= 0) {
		msg.msg_control = ctl;
		msg.msg_controllen = sizeof(ctl);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == (ssize_t)len ? 0 : -1;
}

ssize_t
fdpass_recv(int sock, void *data, size_t len, int flags, int *fd)
{
	char		 ctl[CMSG_SPACE(FDPASS_MAX * sizeof(int))];
	struct iovec	 iov = { data, len };
	struct msghdr	 msg;
	struct cmsghdr	*cm;
	ssize_t		 r;
	size_t		 i, n;
	int		 v;

	*fd = -1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl;
	msg.msg_controllen = sizeof(ctl);
	if ((r = recvmsg(sock, &msg, flags | MSG_CMSG_CLOEXEC)) < 0)
		return r;
	for (cm = CMSG_FIRSTHDR(&msg); cm != NULL; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			memcpy(&v, CMSG_DATA(cm) + i * sizeof(int), sizeof(v));
			if (*fd < 0 && !(msg.msg_flags & MSG_CTRUNC))
				*fd = v;
			else
				close(v);
		}
	}
	return r;
}

static void
inbox_cb(evutil_socket_t sock, short what, void *arg)
{
	struct fdpass_inbox	*in = arg;
	char			 byte;
	ssize_t			 n;
	int			 fd, i;

	(void)what;
	for (i = 0; i < INBOX_BATCH; i++) {
		n = fdpass_recv(sock, &byte, 1, 0, &fd);
		if (n > 0 && fd >= 0) {
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
			in->take(in->arg, fd);
			continue;
		}
		if (fd >= 0)
			close(fd);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			event_del(in->ev);	/* the sender is gone */
		if (n <= 0)
			return;
	}
}

struct fdpass_inbox *
fdpass_inbox_new(struct event_base *base, int sock, fdpass_take_fn *take,
    void *arg)
{
	struct fdpass_inbox	*in = calloc(1, sizeof(*in));

	if (in == NULL)
		return NULL;
	in->sock = sock;
	in->take = take;
	in->arg = arg;
	in->ev = event_new(base, sock, EV_READ | EV_PERSIST, inbox_cb, in);
	if (in->ev == NULL || event_add(in->ev, NULL) < 0) {
		if (in->ev != NULL)
			event_free(in->ev);
		free(in);
		return NULL;
	}
	return in;
}

void
fdpass_inbox_set(struct fdpass_inbox *in, bool on)
{
	if (on)
		event_add(in->ev, NULL);
	else
		event_del(in->ev);
}

void
fdpass_inbox_free(struct fdpass_inbox *in)
{
	if (in == NULL)
		return;
	event_free(in->ev);
	close(in->sock);
	free(in);
}
