/*
 * session: one client connection and what it carries: in mode http a
 * sequence of transactions (request head, rules, routing, server
 * connection, response), in mode tcp a byte relay.  A session owns its two
 * bufferevents, its parsed heads and its timer; session_close() is the only
 * place that frees them.  The types are in session_types.h; these are
 * the engine's own functions.
 */
#ifndef HAPX_SESSION_H
#define HAPX_SESSION_H

#include <sys/socket.h>

#include <stdbool.h>

#include "engine/session_types.h"

struct engine;
struct server;

/* A listener accepted FD from SA. */
void	session_accept(struct listener *, int fd, const struct sockaddr *sa,
	    socklen_t salen);
/* Soft stop: close idle keep-alive sessions, let busy ones finish. */
void	session_soft_stop(struct engine *);
/* Close a server's idle connections (engine shutdown). */
void	session_pool_flush(struct server *);
/* "on-marked-down shutdown-sessions" (UP false: SRV's sessions, logged
 * 'D') and "on-marked-up shutdown-backup-sessions" (UP true: those of
 * every backup server of SRV's backend, logged 'U'): end them now. */
void	session_kill_server(struct engine *, const struct server *srv,
	    bool up);
/* "shutdown sessions server B/S": end SRV's sessions now, logged 'K'
 * (killed by the administrator). */
void	session_shutdown_server(struct engine *, const struct server *srv);
/* Free every session (engine shutdown). */
void	session_free_all(struct engine *);

#endif
