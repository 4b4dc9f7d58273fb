/*
 * fuzz_mcli: libFuzzer harness for the master CLI's line handling
 * (mworker_cli.c): lines split at ';' into commands, "@N", "@!PID" and
 * "@master" prefixes, words, the command table, prompt mode, level
 * changes, forwarding a command to a worker and relaying its answer.
 *
 * No process is forked.  The master is a struct mworker of the harness's
 * own: an event base, two workers (the current one, whose channel is a
 * socketpair the harness plays the worker on, and an old one whose
 * channel is closed), and "loading" set so that "reload" answers that a
 * reload is in progress instead of forking.  mcli_new() opens two -S
 * sockets in a private directory, one at the admin level and one at the
 * user level; the first input byte picks one and the piece size.  Each
 * input is sent over a new client connection, one piece per turn of the
 * loop, then the client half-closes and reads until the master closes.
 * When the master forwards a command, the harness, as the worker, takes
 * the descriptor from the channel, answers one line and closes it.
 *
 * Build and run: see t/fuzz/README.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "base/diag.h"
#include "engine/mworker_cli.h"
#include "engine/mworker_types.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_INPUT	65536
#define MAX_TURNS	2000

static struct mworker	 m;
static struct mw_worker	 workers[2];
static int		 wchan = -1;	/* the harness's end, as worker */
static char		 dir[] = "/tmp/hapx-fzm-XXXXXX";
static char		 path[2][64];

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_mcli: %s\n", what);
	abort();
}

static void
remove_dir(void)
{
	unlink(path[0]);
	unlink(path[1]);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char		 spec[2][96];
	const char	*specs[2] = { spec[0], spec[1] };
	struct diag	 d;
	int		 sv[2];

	(void)argc;
	(void)argv;
	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(dir) == NULL)
		die("mkdtemp");
	snprintf(path[0], sizeof(path[0]), "%s/admin", dir);
	snprintf(path[1], sizeof(path[1]), "%s/user", dir);
	atexit(remove_dir);
	snprintf(spec[0], sizeof(spec[0]), "unix@%s,mode,600", path[0]);
	snprintf(spec[1], sizeof(spec[1]), "unix@%s,level,user", path[1]);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 ||
	    fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0)
		die("channel");
	wchan = sv[0];
	if ((m.base = event_base_new()) == NULL)
		die("event_base_new");
	TAILQ_INIT(&m.workers);
	m.start = (int64_t)time(NULL) - 5;
	m.reloads = 2;
	m.failed = 1;
	m.loading = true;	/* "reload": one is in progress */
	workers[0].m = &m;
	workers[0].pid = getpid();
	workers[0].chan = sv[1];
	workers[0].current = true;
	workers[0].ready = true;
	workers[0].start = m.start;
	workers[0].reloads = 0;
	workers[1].m = &m;
	workers[1].pid = getpid() + 1;
	workers[1].chan = -1;	/* gone: forwarding to it fails */
	workers[1].start = m.start - 100;
	workers[1].reloads = 3;
	TAILQ_INSERT_TAIL(&m.workers, &workers[0], link);
	TAILQ_INSERT_TAIL(&m.workers, &workers[1], link);
	diag_init(&d);
	if ((m.cli = mcli_new(&m, specs, 2, &d)) == NULL ||
	    mcli_start(m.cli, m.base) < 0) {
		diag_render_text(&d, stderr, false);
		die("mcli_new");
	}
	diag_clear(&d);
	return 0;
}

/* Play the worker: take every descriptor the master passed, answer one
 * line on it and close it. */
static void
worker_turn(void)
{
	static const char	 ans[] = "worker answer\n";
	char			 lvl, ctl[CMSG_SPACE(sizeof(int))];
	struct msghdr		 msg;
	struct iovec		 iov;
	struct cmsghdr		*cm;
	int			 fd;

	for (;;) {
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = &lvl;
		iov.iov_len = 1;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctl;
		msg.msg_controllen = sizeof(ctl);
		if (recvmsg(wchan, &msg, MSG_DONTWAIT) <= 0)
			return;
		cm = CMSG_FIRSTHDR(&msg);
		if (cm == NULL || cm->cmsg_type != SCM_RIGHTS)
			die("the channel carried no descriptor");
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
		if (send(fd, ans, sizeof(ans) - 1, MSG_NOSIGNAL) < 0 &&
		    errno != EPIPE)
			die("worker send");
		close(fd);
	}
}

static bool
drain(int fd)
{
	char	buf[16384];
	ssize_t	n;

	for (;;) {
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n > 0)
			continue;
		return n == 0 || (errno != EAGAIN && errno != EINTR);
	}
}

static void
turn(void)
{
	event_base_loop(m.base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	worker_turn();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_un	sun;
	size_t			piece, off = 0, n;
	ssize_t			w;
	unsigned		t;
	bool			closed = false;
	int			fd;

	if (size < 1 || size > MAX_INPUT)
		return 0;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s",
	    path[data[0] & 1]);
	piece = data[0] >> 1 ? data[0] >> 1 : MAX_INPUT;
	data++;
	size--;
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    fcntl(fd, F_SETFL, O_NONBLOCK) < 0)
		die("connect to the master CLI");
	if (size == 0)
		shutdown(fd, SHUT_WR);
	for (t = 0; t < MAX_TURNS && !closed; t++) {
		if (off < size) {
			n = size - off < piece ? size - off : piece;
			w = send(fd, data + off, n, MSG_NOSIGNAL);
			if (w > 0)
				off += (size_t)w;
			else if (w < 0 && errno != EAGAIN && errno != EINTR)
				off = size;
			if (off == size)
				shutdown(fd, SHUT_WR);
		}
		turn();
		closed = drain(fd);
	}
	close(fd);
	for (t = 0; t < 8; t++)
		turn();
	return 0;
}
