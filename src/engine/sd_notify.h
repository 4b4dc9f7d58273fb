/*
 * sd_notify: systemd's notify protocol (Type=notify units, hapx -Ws),
 * written by hand: one datagram of "KEY=VALUE" lines to the UNIX socket
 * named by $NOTIFY_SOCKET ('@' for an abstract name).  No state.
 */
#ifndef HAPX_SD_NOTIFY_H
#define HAPX_SD_NOTIFY_H

/* Send STATE ("READY=1\nSTATUS=Ready.\n"); 0 when sent or when there
 * is no NOTIFY_SOCKET, -1 (errno) when it could not be sent. */
int	sd_notify_send(const char *state);
/* The same, formatted. */
int	sd_notify_sendf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

#endif
