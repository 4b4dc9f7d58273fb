/*
 * log: the "log" targets of the config (spec §10.1) and the sending of
 * lines to them: UDP syslog (IPv4/IPv6), UNIX datagram sockets
 * (/dev/log), stdout/stderr/fd@N, in the rfc3164, rfc5424, short, raw,
 * priority, timed, iso and local formats, filtered by level and raised to
 * minlevel, cut at "len".  Sending never blocks the proxy: sockets are
 * non-blocking and a line that cannot go out at once is dropped and
 * counted.  The transaction record and the traffic lines are in
 * log_txn.c, the line builders in log_fmt.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/addr.h"
#include "model/cfg_model.h"
#include "engine/engine_types.h"
#include "observe/log.h"
#include "observe/log_fmt.h"
#include "servers/proxy.h"

/* One opened target. */
struct log_sink {
	const struct log_conf	*conf;
	int			 fd;		/* -1: unusable */
	bool			 own_fd;	/* a socket of ours, closed at
						   the end; not stdout/fd@N */
	struct sockaddr_storage	 addr;		/* sockets: where to send */
	socklen_t		 alen;
	uint64_t		 sent, dropped;
	uint64_t		 seen;		/* lines offered ("sample") */
	/* The header of the last line, reused within the same second
	 * (formats without sub-second time only). */
	time_t			 hdr_sec;
	int			 hdr_pri;
	const char		*hdr_tag, *hdr_host;
	size_t			 hdr_len;	/* 0: none kept */
	char			 hdr[512];
};

/* The targets of the global section (engine->logs) or of one proxy
 * (proxy->logs, also present when the proxy only has "log global"). */
struct log_sinks {
	char			*hostname;	/* owned; global set only */
	uint64_t		 lines;		/* traffic lines so far (%lc) */
	/* A proxy's formats, compiled once (owned): the traffic line of a
	 * transaction in mode http and in mode tcp, unique-id-format. */
	struct log_fmt		*fmt_http, *fmt_tcp, *fmt_uid;
	unsigned		 needs;		/* LOG_FMT_NEED_* of all */
	unsigned		 n;
	struct log_sink		 v[];
};

/* ------------------------------------------------------------------ */
/* Opening and closing */

/* Open the socket of a UDP or UNIX target; -1 when socket() fails (a
 * target that is not listening is not an error: lines to it are lost). */
static int
log_sink_socket(struct log_sink *k)
{
	struct addr_spec	a = k->conf->addr;
	char			err[128];

	if (a.kind == ADDR_INET && a.sslen == 0 &&
	    addr_resolve(&a, err, sizeof(err)) < 0)
		return 0;	/* resolved at check time; now gone */
	memcpy(&k->addr, &a.ss, sizeof(k->addr));
	k->alen = a.sslen ? a.sslen : (socklen_t)sizeof(k->addr);
	k->fd = socket(k->addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (k->fd < 0)
		return -1;
	k->own_fd = true;
	return 0;
}

static int
log_sink_open(struct log_sink *k, const struct log_conf *lc)
{
	memset(k, 0, sizeof(*k));
	k->conf = lc;
	k->fd = -1;
	switch (lc->addr.kind) {
	case ADDR_STDIO:
		k->fd = strcmp(lc->addr.path, "stderr") == 0 ? 2 : 1;
		return 0;
	case ADDR_FD:
		k->fd = atoi(lc->addr.path);
		return 0;
	default:
		return log_sink_socket(k);
	}
}

/* The sinks of the N targets V; NULL on allocation failure. */
static struct log_sinks *
log_sinks_new(const struct log_conf *v, unsigned n, int *rc)
{
	struct log_sinks	*ks;
	unsigned		 i;

	ks = calloc(1, sizeof(*ks) + n * sizeof(ks->v[0]));
	if (ks == NULL) {
		*rc = -1;
		return NULL;
	}
	for (i = 0; i < n; i++, ks->n++)
		if (log_sink_open(&ks->v[i], &v[i]) < 0)
			*rc = -1;
	return ks;
}

static void
log_sinks_free(struct log_sinks *ks)
{
	unsigned	i;

	if (ks == NULL)
		return;
	for (i = 0; i < ks->n; i++)
		if (ks->v[i].own_fd && ks->v[i].fd >= 0)
			close(ks->v[i].fd);
	log_fmt_free(ks->fmt_http);
	log_fmt_free(ks->fmt_tcp);
	log_fmt_free(ks->fmt_uid);
	free(ks->hostname);
	free(ks);
}

/* The host name: log-send-hostname's, or the system's. */
static char *
log_get_hostname(const struct global_conf *g)
{
	char	b[256];

	if (g->log_send_hostname_set && g->log_send_hostname != NULL &&
	    *g->log_send_hostname != '\0')
		return strdup(g->log_send_hostname);
	if (gethostname(b, sizeof(b)) < 0)
		return strdup("localhost");
	b[sizeof(b) - 1] = '\0';
	return strdup(b);
}

/* Compile FMT into *F (NULL: none), its samples against CFG, with OPTS
 * (LOG_FMT_C_*); false when out of memory. */
static bool
log_compile(struct log_sinks *ks, struct log_fmt **f, const char *fmt,
    const struct config *cfg, unsigned opts)
{
	if (fmt == NULL)
		return true;
	if ((*f = log_fmt_compile(fmt, cfg, opts)) == NULL)
		return false;
	ks->needs |= log_fmt_needs(*f);
	return true;
}

/* The formats of PX's lines: its log-format, or its option's (httplog in
 * mode tcp logs as tcplog, as HAProxy), and its unique-id-format. */
static int
log_compile_formats(struct log_sinks *ks, const struct proxy_conf *pc,
    const struct config *cfg)
{
	const char	*http = NULL, *tcp = NULL;

	if (pc->log_format.s != NULL)
		http = tcp = pc->log_format.s;
	else if (pc->opts & PXO_BIT(PXO_HTTPLOG)) {
		http = pc->httplog_clf ? LOG_FMT_CLF : LOG_FMT_HTTPLOG;
		tcp = LOG_FMT_TCPLOG;
	} else if (pc->opts & PXO_BIT(PXO_TCPLOG))
		http = tcp = LOG_FMT_TCPLOG;
	if (!log_compile(ks, &ks->fmt_http, http, cfg, 0) ||
	    !log_compile(ks, &ks->fmt_tcp, tcp, cfg, 0) ||
	    !log_compile(ks, &ks->fmt_uid, pc->unique_id_format.s, cfg,
	    LOG_FMT_C_HTTP))
		return -1;
	return 0;
}

/* Open the global targets and every proxy's (see log.h). */
int
log_open_all(struct engine *eng)
{
	const struct global_conf	*g = &eng->cfg->global;
	unsigned			 i;
	int				 rc = 0;

	eng->logs = log_sinks_new(g->logs.v, g->logs.n, &rc);
	if (eng->logs != NULL)
		eng->logs->hostname = log_get_hostname(g);
	for (i = 0; i < eng->nproxies; i++) {
		struct proxy			*px = &eng->proxies[i];
		const struct proxy_conf		*pc = px->conf;

		if (pc->logs.n > 0 || pc->log_global ||
		    pc->unique_id_format.s != NULL)
			px->logs = log_sinks_new(pc->logs.v, pc->logs.n, &rc);
		if (px->logs != NULL && log_compile_formats(px->logs, pc, eng->cfg) < 0)
			rc = -1;
	}
	return rc;
}

/* Close every target; the proxies' sinks first. */
void
log_close_all(struct engine *eng)
{
	unsigned	i;

	for (i = 0; eng->proxies != NULL && i < eng->nproxies; i++) {
		log_sinks_free(eng->proxies[i].logs);
		eng->proxies[i].logs = NULL;
	}
	log_sinks_free(eng->logs);
	eng->logs = NULL;
}

/* The host name of the log lines and %H. */
const char *
log_hostname(const struct engine *eng)
{
	return eng->logs != NULL && eng->logs->hostname != NULL ?
	    eng->logs->hostname : "localhost";
}

/* The next traffic line number of PX (%lc). */
uint64_t
log_line_number(struct proxy *px)
{
	return px->logs != NULL ? px->logs->lines++ : 0;
}

/* The compiled formats of a proxy (see log.h). */
const struct log_fmt *
log_traffic_format(const struct proxy *px, bool http)
{
	if (px->logs == NULL)
		return NULL;
	return http ? px->logs->fmt_http : px->logs->fmt_tcp;
}

const struct log_fmt *
log_uid_format(const struct proxy *px)
{
	return px->logs != NULL ? px->logs->fmt_uid : NULL;
}

bool
log_needs_bkaddr(const struct proxy *px)
{
	return px->logs != NULL &&
	    (px->logs->needs & LOG_FMT_NEED_BKADDR) != 0;
}

/* Whether PX has a target of its own or through "log global". */
bool
log_enabled(const struct engine *eng, const struct proxy *px)
{
	if (px == NULL || px->logs == NULL)
		return false;
	return px->logs->n > 0 || (px->conf->log_global && eng->logs != NULL &&
	    eng->logs->n > 0);
}

/* ------------------------------------------------------------------ */
/* Headers */

/* ------------------------------------------------------------------ */
/* Sending */

/* Write IOV to K without blocking; false when the line is lost. */
static bool
log_sink_write(struct log_sink *k, struct iovec *iov, int niov)
{
	struct msghdr	m;
	struct pollfd	p;

	if (k->fd < 0)
		return false;
	if (!k->own_fd) {
		/* stdout/stderr may be a full pipe: write only when a
		 * line fits without waiting, which poll() promises for
		 * PIPE_BUF bytes; longer lines are cut to that. */
		char	line[PIPE_BUF];
		size_t	n = 0;
		int	i;

		for (i = 0; i < niov && n < sizeof(line); i++) {
			size_t	c = iov[i].iov_len < sizeof(line) - n ?
				    iov[i].iov_len : sizeof(line) - n;

			memcpy(line + n, iov[i].iov_base, c);
			n += c;
		}
		if (n == sizeof(line))
			line[n - 1] = '\n';
		p.fd = k->fd;
		p.events = POLLOUT;
		if (poll(&p, 1, 0) != 1 || !(p.revents & POLLOUT))
			return false;
		return write(k->fd, line, n) > 0;
	}
	memset(&m, 0, sizeof(m));
	m.msg_name = &k->addr;
	m.msg_namelen = k->alen;
	m.msg_iov = iov;
	m.msg_iovlen = (size_t)niov;
	return sendmsg(k->fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0;
}

/* "sample RANGES:SIZE": is the line numbered N (from 1) in each period
 * of SIZE lines one of RANGES ("1,3-4")? */
static bool
log_sample_ok(struct log_sink *k)
{
	const struct log_conf	*lc = k->conf;
	const char		*p = lc->sample_ranges;
	unsigned long		 n, lo, hi;
	char			*e;

	if (lc->sample_size == 0 || p == NULL)
		return true;
	n = (unsigned long)(k->seen++ % lc->sample_size) + 1;
	while (*p != '\0') {
		lo = hi = strtoul(p, &e, 10);
		if (*e == '-')
			hi = strtoul(e + 1, &e, 10);
		if (n >= lo && n <= hi)
			return true;
		if (*e != ',')
			break;
		p = e + 1;
	}
	return false;
}

/* The header of a line for K at priority PRI: the one of the previous
 * line when only the second it shows could differ and has not changed
 * (*HP points into K), else built into HDR. */
static size_t
log_sink_header(struct log_sink *k, int pri, const struct log_hdr *c,
    char *hdr, size_t hdrlen, const char **hp)
{
	enum log_format	f = (enum log_format)k->conf->format;
	bool		subsec = f == LOG_FMT_TIMED || f == LOG_FMT_ISO ||
			    f == LOG_FMT_RFC5424;

	if (subsec) {
		*hp = hdr;
		return log_fmt_header(f, pri, c, hdr, hdrlen);
	}
	if (k->hdr_len == 0 || k->hdr_sec != c->tv.tv_sec ||
	    k->hdr_pri != pri || k->hdr_tag != c->tag ||
	    k->hdr_host != c->host) {
		k->hdr_len = log_fmt_header(f, pri, c, k->hdr,
		    sizeof(k->hdr));
		k->hdr_sec = c->tv.tv_sec;
		k->hdr_pri = pri;
		k->hdr_tag = c->tag;
		k->hdr_host = c->host;
	}
	*hp = k->hdr;
	return k->hdr_len;
}

/* Send MSG to sink K if LEVEL passes its filter. */
static void
log_sink_send(struct log_sink *k, int level, const struct log_hdr *c,
    const char *msg, size_t len)
{
	const struct log_conf	*lc = k->conf;
	const char		*hp;
	char			 hdr[512];
	size_t			 hlen, max = lc->maxlen ? lc->maxlen : 1024;
	struct iovec		 iov[3];

	if (level > lc->level || !log_sample_ok(k))
		return;
	if (level < lc->minlevel)
		level = lc->minlevel;	/* raised, as HAProxy does */
	hlen = log_sink_header(k, lc->facility * 8 + level, c, hdr,
	    sizeof(hdr), &hp);
	if (hlen > max)
		hlen = max;
	if (len > max - hlen)
		len = max - hlen;
	iov[0].iov_base = (void *)(uintptr_t)hp;
	iov[0].iov_len = hlen;
	iov[1].iov_base = (void *)(uintptr_t)msg;
	iov[1].iov_len = len;
	iov[2].iov_base = (void *)(uintptr_t)"\n";
	iov[2].iov_len = 1;
	if (log_sink_write(k, iov, 3))
		k->sent++;
	else
		k->dropped++;
}

static void
log_sinks_send(struct log_sinks *ks, int level, const struct log_hdr *c,
    const char *msg, size_t len)
{
	unsigned	i;

	for (i = 0; ks != NULL && i < ks->n; i++)
		log_sink_send(&ks->v[i], level, c, msg, len);
}

/* The tag: the proxy's log-tag, the global one, or the program name
 * (HAProxy uses its own, "haproxy"). */
static const char *
log_tag(const struct engine *eng, const struct proxy *px)
{
	if (px != NULL && px->conf->log_tag != NULL)
		return px->conf->log_tag;
	if (eng->cfg->global.log_tag != NULL)
		return eng->cfg->global.log_tag;
	return program_invocation_short_name;
}

/* Send a ready line to PX's targets, or the global ones (PX NULL). */
void
log_send(struct engine *eng, const struct proxy *px, int level,
    const char *msg, size_t len)
{
	struct log_hdr	c;

	if (px != NULL && !log_enabled(eng, px))
		return;
	gettimeofday(&c.tv, NULL);
	c.tag = log_tag(eng, px);
	c.host = eng->cfg->global.log_send_hostname_set ?
	    log_hostname(eng) : NULL;
	c.pid = eng->pid;
	if (px == NULL) {
		log_sinks_send(eng->logs, level, &c, msg, len);
		return;
	}
	log_sinks_send(px->logs, level, &c, msg, len);
	if (px->conf->log_global)
		log_sinks_send(eng->logs, level, &c, msg, len);
}

/* Format and send a line (see log.h). */
void
log_vemit(struct engine *eng, const struct proxy *px, int level,
    const char *fmt, va_list ap)
{
	char	buf[2048];
	int	n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	log_send(eng, px, level, buf, (size_t)n < sizeof(buf) ? (size_t)n :
	    sizeof(buf) - 1);
}

/* Format and send a line (see log.h). */
void
log_emit(struct engine *eng, const struct proxy *px, int level,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vemit(eng, px, level, fmt, ap);
	va_end(ap);
}

/* "[WARNING]  (pid) : MSG": the tag padded to 10 columns, as HAProxy. */
void
log_stderr(const struct engine *eng, int level, const char *fmt, ...)
{
	const char	*tag = level <= LOG_L_ERR ? "[ALERT]" :
			    level == LOG_L_WARNING ? "[WARNING]" : "[NOTICE]";
	va_list		 ap;

	if (!eng->stderr_msgs)
		return;
	fprintf(stderr, "%-10s (%ld) : ", tag, (long)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* HAProxy 2.6's line for each proxy when a soft stop starts. */
void
log_soft_stop(struct engine *eng)
{
	unsigned	i;

	for (i = 0; i < eng->nproxies; i++) {
		const struct proxy	*px = &eng->proxies[i];
		unsigned long long	 fe = px->cum_feconn, be = px->cum_beconn;

		log_stderr(eng, LOG_L_WARNING, "Proxy %s stopped (cumulated conns: "
		    "FE: %llu, BE: %llu).", px->conf->name, fe, be);
		log_emit(eng, px, LOG_L_WARNING, "Proxy %s stopped (cumulated "
		    "conns: FE: %llu, BE: %llu).", px->conf->name, fe, be);
	}
}
