/*
 * sock_xfer: see sock_xfer.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/listener.h>

#include "base/diag.h"
#include "servers/proxy.h"
#include "engine/engine_types.h"
#include "engine/listener.h"
#include "engine/sock_xfer.h"

#define XFER_TIMEOUT_S	5

/* One message: KEY padded to SOCK_XFER_KEYLEN, with FD unless -1. */
static int
xfer_send_one(int sock, const char *key, int fd)
{
	char		 buf[SOCK_XFER_KEYLEN];
	char		 ctl[CMSG_SPACE(sizeof(int))];
	struct msghdr	 msg;
	struct iovec	 iov;
	struct cmsghdr	*cm;

	memset(buf, 0, sizeof(buf));
	strncpy(buf, key, sizeof(buf) - 1);
	memset(&msg, 0, sizeof(msg));
	memset(ctl, 0, sizeof(ctl));
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
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
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == (ssize_t)sizeof(buf) ?
	    0 : -1;
}

int
sock_xfer_send(struct engine *eng, int sock)
{
	char		key[SOCK_XFER_KEYLEN];
	unsigned	i, j;
	int		fl;

	/* The answer is written here at once: block while it is. */
	fl = fcntl(sock, F_GETFL);
	fcntl(sock, F_SETFL, fl & ~O_NONBLOCK);
	for (i = 0; i < eng->nproxies; i++) {
		struct proxy	*px = &eng->proxies[i];

		for (j = 0; j < px->nlisteners; j++) {
			struct listener	*li = &px->listeners[j];

			if (li->lev == NULL)
				continue;
			listener_key_of(li, key, sizeof(key));
			if (xfer_send_one(sock, key,
			    evconnlistener_get_fd(li->lev)) < 0)
				goto out;
		}
	}
	xfer_send_one(sock, "", -1);
out:
	fcntl(sock, F_SETFL, fl);
	return 0;
}

static int
xfer_connect(const char *path, struct diag *d)
{
	struct sockaddr_un	sun;
	struct timeval		tv = { XFER_TIMEOUT_S, 0 };
	int			fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		diag_error(d, NULL, "-x '%s': path too long", path);
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		diag_error(d, NULL, "-x '%s': cannot connect to the old "
		    "process's stats socket: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

/* One message into KEY (NUL-terminated) and *FD (-1 when none): 1, 0 at
 * the end mark, -1 on error. */
static int
xfer_recv_one(int sock, char *key, int *fd)
{
	char		 ctl[CMSG_SPACE(sizeof(int))];
	struct msghdr	 msg;
	struct iovec	 iov;
	struct cmsghdr	*cm;
	ssize_t		 r;

	*fd = -1;
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = key;
	iov.iov_len = SOCK_XFER_KEYLEN;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl;
	msg.msg_controllen = sizeof(ctl);
	r = recvmsg(sock, &msg, MSG_WAITALL | MSG_CMSG_CLOEXEC);
	for (cm = CMSG_FIRSTHDR(&msg); r > 0 && cm != NULL;
	    cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(cm), sizeof(int));
	if (r != SOCK_XFER_KEYLEN) {
		if (*fd >= 0)
			close(*fd);
		return -1;
	}
	key[SOCK_XFER_KEYLEN - 1] = '\0';
	if (key[0] == '\0')
		return 0;
	return *fd >= 0 ? 1 : -1;
}

int
sock_xfer_fetch(const char *path, struct listen_fds *out, struct diag *d)
{
	char	key[SOCK_XFER_KEYLEN];
	int	sock, fd, r;

	if ((sock = xfer_connect(path, d)) < 0)
		return -1;
	if (write(sock, "_getsocks\n", 10) != 10) {
		diag_error(d, NULL, "-x '%s': %s", path, strerror(errno));
		close(sock);
		return -1;
	}
	while ((r = xfer_recv_one(sock, key, &fd)) > 0)
		if (listen_fds_add(out, key, fd) < 0) {
			close(fd);
			r = -1;
			break;
		}
	close(sock);
	if (r < 0) {
		diag_error(d, NULL, "Failed to get the sockets from the old "
		    "process!");
		diag_hint(d, "-x needs the old process's stats socket with "
		    "'expose-fd listeners' (level admin)");
		return -1;
	}
	return 0;
}
