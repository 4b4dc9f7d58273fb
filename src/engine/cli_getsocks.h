/*
 * cli_getsocks: the runtime API's "_getsocks" command (a table per
 * cli_types.h), which a new process started with "-x SOCKET" sends to
 * take over the listening sockets (sock_xfer.h).  Allowed on a stats
 * socket with "expose-fd listeners" at level admin, as HAProxy.
 */
#ifndef HAPX_CLI_GETSOCKS_H
#define HAPX_CLI_GETSOCKS_H

#include <stddef.h>

#include "engine/cli_types.h"

extern const struct cli_cmd	cli_getsocks_cmds[];
extern const size_t		cli_getsocks_ncmds;

#endif
