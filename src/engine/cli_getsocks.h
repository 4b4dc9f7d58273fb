/*
 * cli_getsocks: the runtime API's "_getsocks" command (a table per
 * cli_types.h), which a new process started with "-x SOCKET" sends to
 * take over the listening sockets (sock_xfer.h).  Allowed on a stats
 * socket with "expose-fd listeners" at level admin, as HAProxy.
 */
#ifndef HAPX_CLI_GETSOCKS_H
#define HAPX_CLI_GETSOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/cli_types.h"

extern const struct cli_cmd	cli_getsocks_cmds[];
extern const size_t		cli_getsocks_ncmds;

/* From the front end (cli.c): the descriptor of REQ's connection, -1 for
 * one that has none, and whether its socket has "expose-fd listeners". */
int	cli_req_fd(const struct cli_req *req);
bool	cli_req_expose_fd(const struct cli_req *req);

#endif
