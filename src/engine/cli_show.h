/*
 * cli_show: the runtime API's read commands: show info, show stat, show
 * version, show activity, show sess, show errors, show table.  Each
 * writes HAProxy 2.6's format to the request's answer; none changes
 * anything.  show stat renders through the stats page's code
 * (stats_csv.c), so the socket and the page always agree.
 */
#ifndef HAPX_CLI_SHOW_H
#define HAPX_CLI_SHOW_H

#include <stddef.h>

#include "engine/cli_types.h"

extern const struct cli_cmd	cli_show_cmds[];
extern const size_t		cli_show_ncmds;

#endif
