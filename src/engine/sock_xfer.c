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
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <event2/listener.h>

#include "base/diag.h"
#include "servers/proxy.h"
#include "engine/fdpass.h"
#include "engine/engine_types.h"
#include "engine/listener.h"
#include "engine/sock_xfer.h"

#define XFER_TIMEOUT_S	5

/* One message: KEY padded to SOCK_XFER_KEYLEN, with FD unless -1. */
static int
xfer_send_one(int sock, const char *key, int fd)
{
	char	buf[SOCK_XFER_KEYLEN];

	memset(buf, 0, sizeof(buf));
	snprintf(buf, sizeof(buf), "%s", key);
	return fdpass_send(sock, buf, sizeof(buf), fd);
}

int
sock_xfer_send(struct engine *eng, int sock)
{
	char		key[SOCK_XFER_KEYLEN];
	struct timeval	tv = { XFER_TIMEOUT_S, 0 }, none = { 0, 0 };
	unsigned	i, j;
	int		fl;

	/* The answer is written here at once: block while it is, but not
	 * for ever on a client that does not read. */
	fl = fcntl(sock, F_GETFL);
	fcntl(sock, F_SETFL, fl & ~O_NONBLOCK);
	setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
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
	setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof(none));
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
	ssize_t	r = fdpass_recv(sock, key, SOCK_XFER_KEYLEN, MSG_WAITALL, fd);

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
