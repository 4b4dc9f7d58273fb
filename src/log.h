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

struct engine;
struct proxy;
struct session;

/* Syslog levels (RFC 5424). */
enum { LOG_L_EMERG, LOG_L_ALERT, LOG_L_CRIT, LOG_L_ERR, LOG_L_WARNING,
	LOG_L_NOTICE, LOG_L_INFO, LOG_L_DEBUG };

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

/* The traffic log line of the transaction S has just finished (or of the
 * connection, in mode tcp), sent through its frontend's targets. */
void	log_txn(struct session *s);

#endif
