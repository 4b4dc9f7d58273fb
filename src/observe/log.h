/*
 * log: sending log lines to the "log" targets of the config (spec §10):
 * UDP syslog (IPv4/IPv6), UNIX datagram sockets (/dev/log), stdout and
 * stderr, in the rfc3164/rfc5424/short/raw... formats, with facility,
 * level and minlevel.  Sending never blocks: a target that cannot take a
 * line loses it (and counts it), the proxy goes on.
 *
 * Also builds the traffic log lines (option httplog, httplog clf,
 * tcplog, log-format) of a transaction from its record (session.h).
 */
#ifndef HAPX_LOG_H
#define HAPX_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "observe/log_types.h"

struct engine;
struct log_fmt;
struct proxy;
struct rw_result;
struct session;


/* Open the global targets and those of every proxy (after the engine has
 * built its proxies, before the event loop).  0, or -1 when a target
 * cannot be opened at all (socket() failed); a target that is merely
 * unreachable is not an error. */
int	log_open_all(struct engine *);
/* Close and free every target (engine_free). */
void	log_close_all(struct engine *);

/*
 * Send one line (printf FMT, no trailing newline) at LEVEL to the targets
 * of PX ("log global" = the global ones), or to the global targets when PX
 * is NULL.  Used for health-check transitions, start/stop events.
 */
void	log_emit(struct engine *, const struct proxy *px, int level,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	log_vemit(struct engine *, const struct proxy *px, int level,
	    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* Send the ready line MSG (LEN bytes, no newline) like log_emit. */
void	log_send(struct engine *, const struct proxy *px, int level,
	    const char *msg, size_t len);
/* Does PX (a frontend) send its traffic logs anywhere? */
bool	log_enabled(const struct engine *, const struct proxy *px);
/* The number of PX's next traffic line, from 0 (%lc). */
uint64_t log_line_number(struct proxy *px);
/* The compiled traffic format of the frontend PX for a transaction in
 * mode http (HTTP) or tcp, and its unique-id-format; NULL = none. */
const struct log_fmt *log_traffic_format(const struct proxy *px, bool http);
const struct log_fmt *log_uid_format(const struct proxy *px);
/* Whether those formats show %bi/%bp (worth a getsockname). */
bool	log_needs_bkaddr(const struct proxy *px);
/* The host name (gethostname), for %H. */
const char *log_hostname(const struct engine *);

/* "Proxy X stopped (cumulated conns: FE: n, BE: m)." for every proxy, at
 * the start of a soft stop (level warning, as HAProxy 2.6), to the
 * targets and, when enabled, to stderr. */
void	log_soft_stop(struct engine *);

/* A process message at LEVEL (LOG_L_ALERT, LOG_L_WARNING, LOG_L_NOTICE)
 * to stderr, as HAProxy prints them in the foreground ("[WARNING]  (pid)
 * : ..."), if ENG's stderr_msgs is on (main.c turns it on: not with -q);
 * the caller sends it to the targets itself. */
void	log_stderr(const struct engine *eng, int level, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * The transaction record (struct sess_txn in session.h), in log_txn.c.
 * The session code calls these at each step; they only note times and
 * facts, the line is built at the end.
 */
/* Monotonic clock, microseconds. */
int64_t	log_now_us(void);
/* A transaction starts: at accept, and after each one in keep-alive. */
void	log_txn_begin(struct session *s);
/* Count the client's bytes (evbuffer callbacks on s->cbev); detach before
 * the bufferevent is freed. */
void	log_txn_attach(struct session *s);
void	log_txn_detach(struct session *s);
/* The first byte of a request arrived. */
void	log_txn_first_byte(struct session *s);
/* The server was chosen; the connection is up; an attempt failed and is
 * retried (REDISP: on another server). */
void	log_txn_server(struct session *s);
void	log_txn_connected(struct session *s);
void	log_txn_retry(struct session *s, bool redisp);
/* The request head was parsed: request line, captures, counters. */
void	log_txn_request(struct session *s);
/* The request goes to its backend (its rules, the frontend's and the
 * backend's, have run): the unique-id-format is rendered into %ID and
 * the unique-id-header, as HAProxy 2.6 does then.  A request denied or
 * answered by a rule before gets its id only when its line is built,
 * without its head (its header samples have no value), as HAProxy's. */
void	log_txn_unique_id(struct session *s);
/* A response head came from the server. */
void	log_txn_response(struct session *s);
/* A service of hapx answers the request (NAME: "<STATS>", "<PROMEX>"):
 * logged as its server, with zero queue, connect and response times. */
void	log_txn_service(struct session *s, const char *name);
/* A rule set ran (REQ: http-request, else http-response): what its
 * set-log-level and "capture ... len N" rules decided for the log. */
void	log_txn_rules(struct session *s, const struct rw_result *rw,
	    bool req);
/* hapx answered STATUS itself (error page, deny, redirect...). */
void	log_txn_reply(struct session *s, int status);
/* Why and when the transaction ends abnormally: CAUSE (C S P L R I D K
 * c s) and PHASE (R Q C H D L T); PHASE 0 = from the session state.  The
 * first call wins. */
void	log_txn_term(struct session *s, char cause, char phase);

/* The response head is out: the line of "option logasap" goes now. */
void	log_txn_asap(struct session *s);
/* The transaction S has just finished (mode http: response done or error
 * reply sent): count it in the stats, send its log line through the
 * frontend's targets, and start the record of the next one. */
void	log_txn(struct session *s);
/* The session is closing: log the transaction still open (mode tcp: the
 * connection; mode http: an aborted request, not an idle keep-alive
 * connection), then free the record. */
void	log_txn_close(struct session *s);

#endif
