/*
 * cli_server: the runtime API commands that change servers, frontends,
 * process limits and tables ("set server", "enable|disable ...",
 * "shutdown frontend|sessions", "set maxconn", "set rate-limit", "clear
 * counters", "set|clear table"), the server state dump ("show servers
 * state", "show backend") and the map/acl commands (hapx has no map
 * files yet: they answer as HAProxy 2.6 does for an unknown map).  A
 * table of struct cli_cmd (cli_types.h) for the CLI front end; answers
 * and messages are HAProxy 2.6's, word for word.  State changes go
 * through srv_admin.c and check.c, as the stats page's do.
 */
#ifndef HAPX_CLI_SERVER_H
#define HAPX_CLI_SERVER_H

#include <stddef.h>

#include "engine/cli_types.h"

extern const struct cli_cmd	cli_server_cmds[];
extern const size_t		cli_server_ncmds;

#endif
