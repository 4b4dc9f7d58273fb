/*
 * fuzz_session: libFuzzer harness for the response path of a live session
 * (session.c, session_http.c, http1.c over real sockets).  The harness is
 * both ends: a client that sends 1 to 3 pipelined requests to a hapx
 * frontend, and the server behind it.  The first server connection plays
 * the fuzzer's bytes, split into pieces at points taken from the input,
 * one piece per turn of the event loop; every later server connection
 * answers each request it gets with a well-formed response that carries a
 * nonce and the request's number.  The nonce is random per process, so the
 * fuzzed bytes cannot forge it.
 *
 * Before the requests, a warm-up request on another client connection
 * leaves an idle, good server connection in the pool, so the second
 * request may go out on it while the fuzzed connection still has bytes
 * (the response desync of issue 13).
 *
 * What must hold, checked after each input:
 *  - a response that carries the nonce answers the request it names, in
 *    order: the i-th response the client gets is the i-th request's;
 *  - a request answered by a good connection gets that answer, never
 *    bytes from the fuzzed connection (response desync, issue 13);
 *  - nothing touches a session after its close (ASan), nothing leaks
 *    (LeakSanitizer, once every socket of the input is closed).
 *
 * Two frontends: "fk" keeps server connections alive (and pooled, http-reuse
 * safe), "fc" has option http-server-close.  The first input byte picks
 * one, the request count, whether the first request is a HEAD, whether the
 * fuzzed connection is closed once its bytes are out, and the piece size.
 *
 * Build and run: see t/fuzz/README ("make fuzz" runs it).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/un.h>
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

#include "cfg/cfg_load.h"
#include "model/cfg_model.h"
#include "base/diag.h"
#include "engine/engine.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_REQS	3
#define MAX_CONNS	8
#define MAX_FUZZ	4096
#define BUF_MAX		65536
#define MAX_TURNS	4000
#define IDLE_TURNS	6

struct conn {
	int	 fd;
	char	 in[BUF_MAX];
	size_t	 inlen;
	size_t	 seen;		/* request heads already answered/counted */
	bool	 eof;
	bool	 fuzz;		/* got request 0: plays the input */
};

struct run {
	const uint8_t	*fuzz;
	size_t		 fuzzlen, fuzzoff, piece;
	bool		 close_fuzz;
	struct conn	 srv[MAX_CONNS];
	unsigned	 nsrv;
	int		 cli;
	char		 cin[BUF_MAX];
	size_t		 cinlen;
	bool		 cli_eof;
	bool		 good[MAX_REQS];	/* a good connection answered */
	unsigned	 nreq;
	bool		 head0;
};

static struct engine	*eng;
static struct config	*cfg;
static int		 srv_lfd = -1;
static char		 nonce[17];
static char		 fe_path[2][64];

/* ------------------------------------------------------------------ */

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_session: %s\n", what);
	abort();
}

static void
set_nonblock(int fd)
{
	int	fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		die("fcntl");
}

static socklen_t
unix_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path, sizeof(sun->sun_path), "%s", path);
	return (socklen_t)sizeof(*sun);
}

static char	sockdir[] = "/tmp/hapx-fz-XXXXXX";

/* The frontends' sockets live in a directory of our own. */
static void
remove_sockdir(void)
{
	unlink(fe_path[0]);
	unlink(fe_path[1]);
	rmdir(sockdir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof(sin);
	struct diag		 d;
	char			 text[2048];
	FILE			*r;
	unsigned char		 rnd[8];
	int			 n, i;

	(void)argc;
	(void)argv;
	signal(SIGPIPE, SIG_IGN);
	if ((r = fopen("/dev/urandom", "r")) == NULL ||
	    fread(rnd, 1, sizeof(rnd), r) != sizeof(rnd))
		die("/dev/urandom");
	fclose(r);
	for (i = 0; i < 8; i++)
		snprintf(nonce + 2 * i, 3, "%02x", rnd[i]);

	/* The server side: our own listener, its port from the kernel. */
	srv_lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (srv_lfd < 0 || bind(srv_lfd, (struct sockaddr *)&sin,
	    sizeof(sin)) < 0 || listen(srv_lfd, 64) < 0 ||
	    getsockname(srv_lfd, (struct sockaddr *)&sin, &sl) < 0)
		die("server listener");
	set_nonblock(srv_lfd);

	if (mkdtemp(sockdir) == NULL)
		die("mkdtemp");
	snprintf(fe_path[0], sizeof(fe_path[0]), "%s/k", sockdir);
	snprintf(fe_path[1], sizeof(fe_path[1]), "%s/c", sockdir);
	atexit(remove_sockdir);
	n = snprintf(text, sizeof(text),
	    "defaults\n"
	    "  mode http\n"
	    "  timeout connect 1s\n"
	    "  timeout client 1s\n"
	    "  timeout server 1s\n"
	    "  retries 0\n"
	    "frontend fk\n"
	    "  bind unix@%s\n"
	    "  default_backend bk\n"
	    "frontend fc\n"
	    "  bind unix@%s\n"
	    "  option http-server-close\n"
	    "  default_backend bc\n"
	    "backend bk\n"
	    "  http-reuse safe\n"
	    "  server s 127.0.0.1:%u\n"
	    "backend bc\n"
	    "  option http-server-close\n"
	    "  server s 127.0.0.1:%u\n",
	    fe_path[0], fe_path[1], ntohs(sin.sin_port), ntohs(sin.sin_port));
	if (n < 0 || (size_t)n >= sizeof(text))
		die("config text");
	diag_init(&d);
	cfg = cfg_load_buf("fuzz_session.cfg", text, (size_t)n,
	    CFG_LOAD_NO_RESOLVE | CFG_LOAD_NO_FILES, &d);
	if (cfg == NULL || (eng = engine_new(cfg, &d)) == NULL) {
		diag_render_text(&d, stderr, false);
		die("config");
	}
	diag_clear(&d);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The server side */

#define REQ_WARMUP	MAX_REQS

/* Request number N from a head "GET /rN ..." or "HEAD /rN ...";
 * REQ_WARMUP for "GET /w". */
static int
req_number(const char *head, size_t len)
{
	const char	*p = memchr(head, '/', len);

	if (p == NULL || (size_t)(p - head) + 2 >= len)
		return -1;
	if (p[1] == 'w')
		return REQ_WARMUP;
	if (p[1] != 'r' || p[2] < '0' || p[2] >= '0' + MAX_REQS)
		return -1;
	return p[2] - '0';
}

static void
send_all(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	/* Loopback, small writes: the socket buffer takes them whole;
	 * anything else is a broken connection hapx has closed. */
	while (len > 0 && (n = send(fd, buf, len, MSG_NOSIGNAL)) > 0) {
		buf += n;
		len -= (size_t)n;
	}
}

/* Take the request heads connection K got.  The one that gets request 0
 * turns into the fuzzed connection; a good one answers each head with a
 * response that names it. */
static void
serve(struct run *r, struct conn *k)
{
	char		 resp[256];
	char		*end;
	int		 num, n;

	while ((end = memmem(k->in + k->seen, k->inlen - k->seen,
	    "\r\n\r\n", 4)) != NULL) {
		num = req_number(k->in + k->seen, (size_t)(end - k->in) -
		    k->seen);
		k->seen = (size_t)(end - k->in) + 4;
		if (num < 0)
			die("server got an unknown request");
		if (num == 0)
			k->fuzz = true;
		if (k->fuzz)
			continue;
		if (num < MAX_REQS)
			r->good[num] = true;
		n = snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\n"
		    "Content-Length: 2\r\nX-Nonce: %s-%d\r\n\r\n%s", nonce,
		    num, num == 0 && r->head0 ? "" : "ok");
		send_all(k->fd, resp, (size_t)n);
	}
}

/* The fuzzed connection sends one piece of the input per turn. */
static void
fuzz_turn(struct run *r, struct conn *k)
{
	size_t	n;

	if (r->fuzzoff < r->fuzzlen) {
		n = r->fuzzlen - r->fuzzoff;
		if (n > r->piece)
			n = r->piece;
		send_all(k->fd, (const char *)r->fuzz + r->fuzzoff, n);
		r->fuzzoff += n;
	} else if (r->close_fuzz) {
		close(k->fd);
		k->fd = -1;
	}
}

/* Read what is there on FD into BUF; returns bytes read, sets *EOF. */
static size_t
pull(int fd, char *buf, size_t *len, bool *eof)
{
	size_t	got = 0;
	ssize_t	n;

	while (*len < BUF_MAX) {
		n = recv(fd, buf + *len, BUF_MAX - *len, MSG_DONTWAIT);
		if (n > 0) {
			*len += (size_t)n;
			got += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			*eof = true;
		break;
	}
	return got;
}

/* One turn: accept, read every socket, answer.  True if anything moved. */
static bool
turn(struct run *r)
{
	bool		moved = false;
	unsigned	i;
	int		fd;

	event_base_loop(eng->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	while (r->nsrv < MAX_CONNS && (fd = accept(srv_lfd, NULL,
	    NULL)) >= 0) {
		set_nonblock(fd);
		r->srv[r->nsrv].fd = fd;
		r->nsrv++;
		moved = true;
	}
	for (i = 0; i < r->nsrv; i++) {
		struct conn	*k = &r->srv[i];

		if (k->fd < 0 || k->eof)
			continue;
		if (pull(k->fd, k->in, &k->inlen, &k->eof) > 0)
			moved = true;
		serve(r, k);
		if (k->fuzz) {
			size_t	before = r->fuzzoff;

			fuzz_turn(r, k);
			moved = moved || r->fuzzoff != before;
		}
	}
	if (r->cli >= 0 && !r->cli_eof &&
	    pull(r->cli, r->cin, &r->cinlen, &r->cli_eof) > 0)
		moved = true;
	return moved;
}

/* ------------------------------------------------------------------ */
/* The oracle: split what the client got into responses */

static const char *
find_hdr(const char *h, size_t len, const char *name)
{
	size_t		 nl = strlen(name);
	const char	*p = h, *e = h + len;

	while (p < e) {
		const char	*eol = memchr(p, '\n', (size_t)(e - p));

		if (eol == NULL)
			return NULL;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0)
			return p + nl;
		p = eol + 1;
	}
	return NULL;
}

/* Bytes of a chunked body at P..E, up to the end of its trailers; -1 if
 * it is not all there or not well-formed. */
static long
chunked_len(const char *p, const char *e)
{
	const char	*q = p, *eol;
	char		*hexend;
	unsigned long	 sz;

	for (;;) {
		if ((eol = memmem(q, (size_t)(e - q), "\r\n", 2)) == NULL)
			return -1;
		sz = strtoul(q, &hexend, 16);
		if (hexend == q || sz > BUF_MAX)
			return -1;
		q = eol + 2;
		if (sz == 0)
			break;
		if ((size_t)(e - q) < sz + 2 || memcmp(q + sz, "\r\n", 2) != 0)
			return -1;
		q += sz + 2;
	}
	/* Trailers, then the empty line. */
	while ((eol = memmem(q, (size_t)(e - q), "\r\n", 2)) != NULL) {
		if (eol == q)
			return (long)(eol + 2 - p);
		q = eol + 2;
	}
	return -1;
}

/* Body length of the response at P (head HLEN bytes, status ST) if it is
 * framed by Content-Length, chunked or has none; -1 when close-delimited
 * or incomplete (the oracle stops there). */
static long
body_len(const char *p, size_t hlen, const char *e, int st, bool head)
{
	const char	*v;

	if (head || (st >= 100 && st < 200) || st == 204 || st == 304)
		return 0;
	if (find_hdr(p, hlen, "transfer-encoding:") != NULL)
		return chunked_len(p + hlen, e);
	if ((v = find_hdr(p, hlen, "content-length:")) != NULL)
		return strtol(v, NULL, 10);
	return -1;
}

/*
 * Does the head at H carry the nonce, and for request I (I < 0: any)?
 * The nonce is compared by XOR, never with memcmp(), memmem() or ==
 * on its bytes: libFuzzer traces those comparisons, would learn the
 * nonce and forge it in the server's bytes.
 */
static bool
has_nonce(const char *h, size_t hl, int i)
{
	static const char	 tag[] = "X-Nonce: ";
	const char		*p = h, *e = h + hl, *t;
	unsigned char		 diff;
	size_t			 k;

	while ((t = memmem(p, (size_t)(e - p), tag, sizeof(tag) - 1)) !=
	    NULL) {
		t += sizeof(tag) - 1;
		p = t;
		if ((size_t)(e - t) < 16 + 3)
			return false;
		diff = 0;
		for (k = 0; k < 16; k++)
			diff |= (unsigned char)(t[k] ^ nonce[k]);
		if (diff != 0)
			continue;
		if (i < 0 || (t[16] == '-' && t[17] == '0' + i &&
		    t[18] == '\r'))
			return true;
	}
	return false;
}

static void
check(const struct run *r)
{
	const char	*p = r->cin, *e = r->cin + r->cinlen, *end;
	unsigned	 i = 0;

	while (p < e && i < r->nreq) {
		size_t	 hlen;
		long	 blen;
		int	 st;

		if ((end = memmem(p, (size_t)(e - p), "\r\n\r\n", 4)) == NULL)
			return;
		hlen = (size_t)(end - p) + 4;
		if (hlen < 12 || memcmp(p, "HTTP/1.", 7) != 0)
			return;	/* a tunnel after a 101, or the like */
		st = atoi(p + 9);
		blen = body_len(p, hlen, e, st, i == 0 && r->head0);
		if (st >= 200) {
			bool	has = has_nonce(p, hlen, (int)i);

			/* A response with a nonce must be this request's. */
			if (has_nonce(p, hlen, -1) && !has)
				die("a good response answers another request");
			/* A request a good connection answered gets that
			 * answer, or nothing (the client was closed before)
			 * -- never bytes of the fuzzed connection. */
			if (r->good[i] && !has)
				die("desync: a request got another response");
			i++;
		}
		if (blen < 0)
			return;
		p += hlen + (size_t)blen;
	}
}

/* ------------------------------------------------------------------ */

/*
 * Close both ends and let hapx see it, so that it frees its sessions and
 * idle server connections before the next input (and before
 * LeakSanitizer looks).  A session whose reused connection closed before
 * it answered connects again (retries 0: once); that connection is
 * accepted and closed too.  After the quick turns, real time passes, so
 * that the timeouts (1 s) fire for whatever still waits.
 */
static void
teardown(struct run *r)
{
	unsigned	i;
	int		n, fd;

	close(r->cli);
	for (i = 0; i < r->nsrv; i++)
		if (r->srv[i].fd >= 0)
			close(r->srv[i].fd);
	for (n = 0; n < 3000 && !TAILQ_EMPTY(&eng->sessions); n++) {
		event_base_loop(eng->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
		while ((fd = accept(srv_lfd, NULL, NULL)) >= 0)
			close(fd);
		if (n > 100)
			usleep(1000);
	}
	if (!TAILQ_EMPTY(&eng->sessions))
		die("a session outlived both of its peers by 3 s");
}

static int
client_connect(const struct sockaddr_un *sun, socklen_t sl)
{
	int	fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (const struct sockaddr *)sun, sl) < 0)
		die("connect to the frontend");
	set_nonblock(fd);
	return fd;
}

/* A request on a client connection of its own, answered by a good server
 * connection, which hapx then keeps idle in its pool. */
static void
warm_up(struct run *r, const struct sockaddr_un *sun, socklen_t sl)
{
	static const char	 req[] = "GET /w HTTP/1.1\r\nHost: a\r\n\r\n";
	static char		 buf[BUF_MAX];
	size_t			 len = 0;
	bool			 eof = false;
	unsigned		 n;
	int			 fd = client_connect(sun, sl);

	send_all(fd, req, sizeof(req) - 1);
	for (n = 0; n < MAX_TURNS && !eof; n++) {
		turn(r);
		pull(fd, buf, &len, &eof);
		if (len >= 2 && memcmp(buf + len - 2, "ok", 2) == 0)
			break;
	}
	if (len < 2 || memcmp(buf + len - 2, "ok", 2) != 0)
		die("the warm-up request got no answer");
	close(fd);
	for (n = 0; n < 4; n++)
		turn(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run	 run;
	struct run		*r = &run;
	struct sockaddr_un	 sun;
	socklen_t		 sl;
	char			 reqs[256];
	size_t			 rl = 0;
	unsigned		 i, idle = 0, n;
	bool			 server_close;

	if (size < 2 || size > MAX_FUZZ + 2)
		return 0;
	memset(r, 0, sizeof(*r));
	r->cli = -1;
	server_close = data[0] & 1;
	r->nreq = 1 + (data[0] >> 1 & 3) % MAX_REQS;
	r->head0 = data[0] >> 3 & 1;
	r->close_fuzz = data[0] >> 4 & 1;
	r->piece = data[1] ? data[1] : MAX_FUZZ;
	r->fuzz = data + 2;
	r->fuzzlen = size - 2;

	sl = unix_addr(&sun, fe_path[server_close]);
	if (!server_close)
		warm_up(r, &sun, sl);
	r->cli = client_connect(&sun, sl);
	for (i = 0; i < r->nreq; i++)
		rl += (size_t)snprintf(reqs + rl, sizeof(reqs) - rl,
		    "%s /r%u HTTP/1.1\r\nHost: a\r\n\r\n",
		    i == 0 && r->head0 ? "HEAD" : "GET", i);
	send_all(r->cli, reqs, rl);

	for (n = 0; n < MAX_TURNS && idle < IDLE_TURNS && !r->cli_eof; n++)
		idle = turn(r) ? 0 : idle + 1;
	check(r);
	teardown(r);
	return 0;
}
