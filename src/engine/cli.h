/*
 * cli: the runtime API's front end (HAProxy's "stats socket").  Opens one
 * listening socket per "stats socket" line, accepts connections (at most
 * "maxconn" per socket), reads command lines, splits them into commands
 * (';') and words (spaces, '\' escapes), collects "<<" payloads, checks
 * each command's level, and runs it from the command tables
 * (cli_types.h).  Owns the connections and the interactive "prompt"
 * mode; the commands themselves live in their modules (cli_show.c...)
 * and never touch a socket.  Per engine: no process-wide state.
 */
#ifndef HAPX_CLI_H
#define HAPX_CLI_H

#include <stdbool.h>

#include "engine/cli_types.h"

struct cli;
struct diag;
struct engine;

/* The runtime API of ENG: listens on every "stats socket" of its
 * configuration.  Returns NULL with the reason in D when a socket cannot
 * be opened (nothing is left open then). */
struct cli	*cli_new(struct engine *eng, struct diag *d);
/* Close and free every socket and connection; NULL is fine. */
void		 cli_free(struct cli *);
/* Stop accepting (soft stop); connections already open stay. */
void		 cli_close_listeners(struct cli *);
/* Serve FD, an already connected stream socket (the master CLI hands a
 * worker its connections), at LEVEL, non-interactive until "prompt".
 * The CLI owns FD from then on, even on failure (-1). */
int		 cli_conn_attach(struct cli *, int fd, enum cli_level level);
/* The descriptor of REQ's connection (-1 if none), and whether its
 * socket has "expose-fd listeners": for "_getsocks" (cli_getsocks.c). */
int		 cli_req_fd(const struct cli_req *req);
bool		 cli_req_expose_fd(const struct cli_req *req);
/* Listening sockets open, for "show info" Listeners. */
unsigned	 cli_nlisteners(const struct cli *);

#endif
