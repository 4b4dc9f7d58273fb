/*
 * fuzz_cli: libFuzzer harness for the runtime API (the stats socket):
 * cli.c's line reader, word splitter ('\' escapes, ';'), "<<" payloads
 * and prompt mode, and every command handler it dispatches to at the
 * admin level (cli_show.c, cli_server.c, cli_getsocks.c, cli_help.c).
 *
 * One engine is built in LLVMFuzzerInitialize from a small config: a
 * frontend on a UNIX socket with a stick table, an ACL file, two backends whose servers point at a loopback port that is
 * bound but never listens (checks and connections are refused at once:
 * no real network).  Each input is served over a socketpair handed to
 * cli_conn_attach() at the admin level, the way the master CLI hands a
 * worker its connections.  The input is written to the peer end in
 * pieces, one per turn of the event loop (size from the first byte),
 * then the peer half-closes; the harness reads and drops the answers
 * until the CLI closes the connection (or MAX_TURNS turns).
 *
 * Commands change the engine (set server, disable frontend, clear
 * table, shutdown frontend...): that is the point.  Every REBUILD
 * inputs the engine is freed and built again, so a state one input left
 * is met by the next ones but cannot wedge the run; engine_free() then
 * runs against whatever state the commands made (ASan, LeakSanitizer).
 *
 * Build and run: see t/fuzz/README ("make fuzz" runs it).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "base/diag.h"
#include "cfg/cfg_load.h"
#include "engine/cli.h"
#include "engine/engine.h"
#include "engine/engine_types.h"
#include "model/cfg_model.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_INPUT	(256 * 1024)	/* past CLI_MAX_LINE */
#define MAX_TURNS	2000
#define REBUILD		64

static struct engine	*eng;
static struct config	*cfg;
static unsigned		 ninputs;
static int		 dead_fd = -1;	/* bound, never listening */
static char		 dir[] = "/tmp/hapx-fzc-XXXXXX";
static char		 fe_path[64], acl_path[64];

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_cli: %s\n", what);
	abort();
}

static void
remove_dir(void)
{
	unlink(fe_path);
	unlink(acl_path);
	rmdir(dir);
}

static void
write_file(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		die(path);
}

static void
engine_build(void)
{
	struct diag	d;

	diag_init(&d);
	unlink(fe_path);
	if ((eng = engine_new(cfg, &d)) == NULL) {
		diag_render_text(&d, stderr, false);
		die("engine_new");
	}
	diag_clear(&d);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof(sin);
	struct diag		 d;
	char			 text[4096];
	unsigned		 port;
	int			 n;

	(void)argc;
	(void)argv;
	signal(SIGPIPE, SIG_IGN);
	/* The servers' port: bound, so nobody else takes it, and never
	 * listening, so every connection to it is refused at once. */
	dead_fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (dead_fd < 0 || bind(dead_fd, (struct sockaddr *)&sin,
	    sizeof(sin)) < 0 || getsockname(dead_fd, (struct sockaddr *)&sin,
	    &sl) < 0)
		die("server port");
	port = ntohs(sin.sin_port);

	if (mkdtemp(dir) == NULL)
		die("mkdtemp");
	snprintf(fe_path, sizeof(fe_path), "%s/fe", dir);
	snprintf(acl_path, sizeof(acl_path), "%s/acl.lst", dir);
	atexit(remove_dir);
	write_file(acl_path, "/admin\n/private\n");
	n = snprintf(text, sizeof(text),
	    "global\n"
	    "  stats timeout 2s\n"
	    "defaults\n"
	    "  mode http\n"
	    "  timeout connect 1s\n"
	    "  timeout client 1s\n"
	    "  timeout server 1s\n"
	    "frontend fe\n"
	    "  bind unix@%s\n"
	    "  acl blocked path -f %s\n"
	    "  http-request deny if blocked\n"
	    "  use_backend b2 if { req.hdr(host) -i b.example }\n"
	    "  default_backend b1\n"
	    "backend b1\n"
	    "  balance roundrobin\n"
	    "  stick-table type ip size 100 expire 30s\n"
	    "  stick on src\n"
	    "  server s1 127.0.0.1:%u check inter 100ms\n"
	    "  server s2 127.0.0.1:%u weight 50\n"
	    "backend b2\n"
	    "  stick-table type string len 32 size 10\n"
	    "  server s3 127.0.0.1:%u disabled\n"
	    "  server s4 127.0.0.1:%u check inter 1s id 7\n",
	    fe_path, acl_path, port, port, port, port);
	if (n < 0 || (size_t)n >= sizeof(text))
		die("config text");
	diag_init(&d);
	cfg = cfg_load_buf("fuzz_cli.cfg", text, (size_t)n,
	    CFG_LOAD_NO_RESOLVE, &d);
	if (cfg == NULL) {
		diag_render_text(&d, stderr, false);
		die("config");
	}
	diag_clear(&d);
	engine_build();
	return 0;
}

/* Read and drop what the CLI wrote; true once it closed. */
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
	event_base_loop(eng->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t	piece, off = 0, n;
	ssize_t	w;
	int	sv[2];
	bool	closed = false;
	unsigned t;

	if (size < 1 || size > MAX_INPUT)
		return 0;
	if (++ninputs % REBUILD == 0) {
		engine_free(eng);
		engine_build();
	}
	piece = data[0] ? data[0] : MAX_INPUT;
	data++;
	size--;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair");
	if (fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0)
		die("fcntl");
	if (cli_conn_attach(eng->cli, sv[1], CLI_LVL_ADMIN) < 0)
		die("cli_conn_attach");
	if (size == 0)
		shutdown(sv[0], SHUT_WR);
	for (t = 0; t < MAX_TURNS && !closed; t++) {
		if (off < size) {
			n = size - off < piece ? size - off : piece;
			w = send(sv[0], data + off, n, MSG_NOSIGNAL);
			if (w > 0)
				off += (size_t)w;
			else if (w < 0 && errno != EAGAIN && errno != EINTR)
				off = size;	/* the CLI closed early */
			if (off == size)
				shutdown(sv[0], SHUT_WR);
		}
		turn();
		closed = drain(sv[0]);
	}
	close(sv[0]);
	/* Let the CLI see the close and free the connection. */
	for (t = 0; t < 8; t++)
		turn();
	return 0;
}
