/*
 * cli_help: what the runtime API lists: "help [WORDS]" and the answer to
 * an unknown command (the commands whose names start with the words
 * typed, else the closest names).  Reads the command tables cli.c
 * gathers; writes to a request's answer only.
 */
#ifndef HAPX_CLI_HELP_H
#define HAPX_CLI_HELP_H

#include <stddef.h>

#include "engine/cli_types.h"

/* A module's command table: the rows and their count. */
struct cli_table {
	const struct cli_cmd	*cmds;
	const size_t		*n;
};

/* In cli.c: every table but the trailer, then the trailer ("help",
 * "prompt", "quit"), which "help" lists last. */
extern const struct cli_table	cli_tables[];
extern const size_t		cli_ntables;
extern const struct cli_cmd	cli_trailer_cmds[];
extern const size_t		cli_trailer_ncmds;

/* How many of ARGV's words name CMD: all of CMD's words, or 0. */
size_t	cli_cmd_matches(const struct cli_cmd *cmd, int argc, char **argv);
/* TITLE, then the commands whose names start with WORDS (all when NW is
 * 0; the closest ones when none does), then the trailer. */
void	cli_help_list(struct cli_req *req, const char *title, int nw,
	    char **words);
/* HAProxy's answer to an unknown command REQ->argv. */
void	cli_help_unknown(struct cli_req *req);

#endif
