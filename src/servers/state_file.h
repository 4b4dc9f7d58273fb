/*
 * state_file: HAProxy's server state file, format version 1: what "show
 * servers state" writes (one line per server: ids, names, address,
 * operational and administrative states, weights, check state, port...)
 * and what "server-state-file" with "load-server-state-from-file
 * global|local" reads back when the engine starts, so that a server put
 * in maintenance stays there across a restart.  Reading never fails the
 * start: a line it cannot use is a warning naming FILE:LINE.  Sockets
 * and the CLI are not its business.
 */
#ifndef HAPX_STATE_FILE_H
#define HAPX_STATE_FILE_H

#include <stddef.h>
#include <stdint.h>

struct diag;
struct engine;
struct server;

/* The version line and the column names, each ending with a newline. */
extern const char state_file_header[];

/* S's line at NOW (seconds since the epoch), newline included, into BUF
 * (SZ bytes, NUL-terminated); its length, truncated to SZ - 1. */
size_t	state_file_line(const struct server *s, int64_t now, char *buf,
	    size_t sz);

/* Apply the state files ENG's backends ask for to their servers: the
 * global one for "load-server-state-from-file global", the backend's own
 * (server-state-file-name, under server-state-base) for "local".
 * Problems are warnings in D. */
void	state_file_load(struct engine *eng, struct diag *d);

#endif
