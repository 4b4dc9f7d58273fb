/*
 * reload_client: see reload_client.h.  Each question is one connection,
 * as the master CLI answers one line and closes.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/reload_client.h"

#define ANSWER_MAX	(1024 * 1024)

static int
rc_connect(const char *sock)
{
	struct sockaddr_un	 sun;
	struct sockaddr_in	 sin;
	const char		*colon = strrchr(sock, ':');
	int			 fd;

	if (sock[0] != '/' && colon != NULL) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)atoi(colon + 1));
		if (colon == sock)
			sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		else {
			char	host[64];

			snprintf(host, sizeof(host), "%.*s",
			    (int)(colon - sock), sock);
			if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
				errno = EINVAL;
				return -1;
			}
		}
		if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
			close(fd);
			return -1;
		}
		return fd;
	}
	if (strlen(sock) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, sock);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send LINE to the master, return its whole answer (malloc'd, NUL-
 * terminated), or NULL with errno. */
static char *
rc_ask(const char *sock, const char *line)
{
	char	*buf = NULL, *nb;
	size_t	 len = 0, cap = 0;
	ssize_t	 r;
	int	 fd;

	if ((fd = rc_connect(sock)) < 0)
		return NULL;
	if (write(fd, line, strlen(line)) < 0 || write(fd, "\n", 1) < 0) {
		close(fd);
		return NULL;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			if (cap > ANSWER_MAX || (nb = realloc(buf, cap)) ==
			    NULL) {
				free(buf);
				close(fd);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		if ((r = read(fd, buf + len, 4096)) < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (buf == NULL && (buf = malloc(1)) == NULL)
		return NULL;
	buf[len] = '\0';
	return buf;
}

/* The CurrConns of worker PID, or -1 when its runtime API does not say. */
static long
rc_worker_conns(const char *sock, long pid)
{
	char	 line[64], *a, *p;
	long	 n = -1;

	snprintf(line, sizeof(line), "@!%ld show info", pid);
	if ((a = rc_ask(sock, line)) == NULL)
		return -1;
	if ((p = strstr(a, "\nCurrConns: ")) != NULL)
		n = strtol(p + 12, NULL, 10);
	else if (strncmp(a, "CurrConns: ", 11) == 0)
		n = strtol(a + 11, NULL, 10);
	free(a);
	return n;
}

/* "show proc", once the old workers are gone or after about a second
 * (an idle one leaves at once; one with connections drains them). */
static char *
rc_show_proc(const char *sock)
{
	char	*a;
	int	 tries;

	for (tries = 0; (a = rc_ask(sock, "show proc")) != NULL &&
	    strstr(a, "# old workers") != NULL && tries < 10; tries++) {
		free(a);
		usleep(100 * 1000);
	}
	return a;
}

/* The old workers of a "show proc" answer, with their connections. */
static void
rc_draining(const char *sock, FILE *out)
{
	char	*a, *line, *save = NULL;
	bool	 old = false;
	long	 pid, conns;
	unsigned n = 0;

	if ((a = rc_show_proc(sock)) == NULL)
		return;
	for (line = strtok_r(a, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#') {
			old = strcmp(line, "# old workers") == 0;
			continue;
		}
		if (!old || (pid = strtol(line, NULL, 10)) <= 0)
			continue;
		if (n++ == 0)
			fprintf(out, "old workers still draining:\n");
		conns = rc_worker_conns(sock, pid);
		if (conns >= 0)
			fprintf(out, "  worker %ld: %ld connection%s\n", pid,
			    conns, conns == 1 ? "" : "s");
		else
			fprintf(out, "  worker %ld: connections unknown\n",
			    pid);
	}
	if (n == 0)
		fprintf(out, "no old worker left: every connection moved to "
		    "the new one\n");
	free(a);
}

int
reload_client_run(const char *sock, FILE *out, char *err, size_t errlen)
{
	char	*a, *body;
	size_t	 len;
	int	 ok;

	if ((a = rc_ask(sock, "reload")) == NULL) {
		snprintf(err, errlen, "cannot reach the master CLI at '%s': "
		    "%s", sock, strerror(errno));
		return 2;
	}
	if (strncmp(a, "Success=", 8) != 0) {
		snprintf(err, errlen, "'%s' did not answer as a master CLI "
		    "(is it a stats socket?): %.80s", sock, a);
		free(a);
		return 2;
	}
	ok = a[8] == '1';
	body = strstr(a, "\n--\n");
	fprintf(out, "reload %s\n", ok ? "succeeded" : "FAILED: the running "
	    "workers go on with the previous configuration");
	if (body != NULL) {
		body += 4;
		len = strlen(body);
		while (len > 0 && body[len - 1] == '\n')
			len--;
		if (len > 0)
			fprintf(out, "%.*s\n", (int)len, body);
	}
	free(a);
	if (ok)
		rc_draining(sock, out);
	return ok ? 0 : 1;
}
