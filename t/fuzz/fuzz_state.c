/*
 * fuzz_state: libFuzzer harness for the server state file reader
 * (state_file.c), applied to a live engine's servers.  Each input is the
 * content of the state file: the harness writes it to a file in a
 * private directory and calls state_file_load(), the function the engine
 * runs when it starts, so the reader is fuzzed exactly as it reads
 * (fopen, the growing buffer, the line splitter, the column checks,
 * matching backends and servers by name and id, applying weights, admin
 * and check states, ports).
 *
 * The engine has a backend loading the global file ("b1", with forced
 * ids and a check), one loading its own file ("b2": server-state-base
 * plus server-state-file-name; the same file), and one that loads none.
 * The servers point at a loopback port that is bound but never listens.
 * The states a file applies stay for the next inputs (a server in
 * maintenance, a changed weight), as they would in a long-lived process;
 * every REBUILD inputs the engine is freed and built again.  After each
 * load, one non-blocking turn of the event loop runs the checks that
 * are due (every 50 ms, refused at once), then every server's "show
 * servers state" line is written (state_file_line), so that what was
 * applied is read back too.
 *
 * Build and run: see t/fuzz/README ("make fuzz" runs it).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>

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
#include "cfg/cfg_load.h"
#include "engine/engine.h"
#include "engine/engine_types.h"
#include "model/cfg_model.h"
#include "servers/proxy_types.h"
#include "servers/state_file.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define REBUILD		256

static struct engine	*eng;
static struct config	*cfg;
static unsigned		 ninputs;
static int		 dead_fd = -1;	/* bound, never listening */
static char		 dir[] = "/tmp/hapx-fzst-XXXXXX";
static char		 state_path[64];

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_state: %s\n", what);
	abort();
}

static void
remove_dir(void)
{
	unlink(state_path);
	rmdir(dir);
}

static void
write_state(const uint8_t *data, size_t size)
{
	FILE	*f = fopen(state_path, "w");

	if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) ||
	    fclose(f) != 0)
		die(state_path);
}

/* The engine loads the file once when it starts: an empty one. */
static void
engine_build(void)
{
	struct diag	d;

	write_state(NULL, 0);
	diag_init(&d);
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
	snprintf(state_path, sizeof(state_path), "%s/state", dir);
	atexit(remove_dir);
	n = snprintf(text, sizeof(text),
	    "global\n"
	    "  server-state-file %s\n"
	    "  server-state-base %s\n"
	    "defaults\n"
	    "  mode http\n"
	    "  timeout connect 1s\n"
	    "  timeout client 1s\n"
	    "  timeout server 1s\n"
	    "backend b1\n"
	    "  id 3\n"
	    "  load-server-state-from-file global\n"
	    "  server s1 127.0.0.1:%u check inter 50ms id 5\n"
	    "  server s2 127.0.0.1:%u weight 50 slowstart 10s\n"
	    "  server s3 127.0.0.1:%u disabled\n"
	    "  server s6 [::1]:%u check\n"
	    "backend b2\n"
	    "  load-server-state-from-file local\n"
	    "  server-state-file-name state\n"
	    "  server s4 127.0.0.1:%u check inter 50ms rise 1 fall 1\n"
	    "  server s5 127.0.0.1 check port %u\n"
	    "backend b3\n"
	    "  server s1 127.0.0.1:%u\n",
	    state_path, dir, port, port, port, port, port, port, port);
	if (n < 0 || (size_t)n >= sizeof(text))
		die("config text");
	diag_init(&d);
	cfg = cfg_load_buf("fuzz_state.cfg", text, (size_t)n,
	    CFG_LOAD_NO_RESOLVE, &d);
	if (cfg == NULL) {
		diag_render_text(&d, stderr, false);
		die("config");
	}
	diag_clear(&d);
	engine_build();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag	d;
	char		line[1024];
	unsigned	i, j;
	int64_t		now = (int64_t)time(NULL);

	if (++ninputs % REBUILD == 0) {
		engine_free(eng);
		engine_build();
	}
	write_state(data, size);
	diag_init(&d);
	state_file_load(eng, &d);
	diag_clear(&d);
	/* Due checks run (refused at once) against the restored state. */
	event_base_loop(eng->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	for (i = 0; i < eng->nproxies; i++)
		for (j = 0; j < eng->proxies[i].nsrvs; j++)
			state_file_line(&eng->proxies[i].srvs[j], now, line,
			    sizeof(line));
	return 0;
}
