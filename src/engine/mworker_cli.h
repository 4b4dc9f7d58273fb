/*
 * mworker_cli: the master CLI (-S BIND[,OPTION,VALUE...]): "help",
 * "prompt", "quit", "show proc", "show version", "reload", and commands
 * prefixed with "@N", "@!PID" or "@master" sent to one process.  A
 * command for a worker goes over a new socketpair whose other end is
 * passed to the worker over its channel (SCM_RIGHTS), so the master keeps
 * no connection state in the worker.
 */
#ifndef HAPX_MWORKER_CLI_H
#define HAPX_MWORKER_CLI_H

#include <stdbool.h>
#include <stddef.h>

struct diag;
struct evbuffer;
struct event_base;
struct mcli;
struct mworker;

/* Open the listening sockets of the N -S SPECS (errors into D: NULL
 * then); with none, an empty CLI. */
struct mcli	*mcli_new(struct mworker *m, const char *const *specs,
		    size_t n, struct diag *d);
/* Start accepting on BASE (the master's loop). */
int		 mcli_start(struct mcli *, struct event_base *base);
/* A reload ended: answer the connections that asked for it with
 * "Success=1" or "Success=0", then "--" and LOG (the reload's
 * messages), as HAProxy 2.7+ does. */
void		 mcli_reload_done(struct mcli *, bool ok, struct evbuffer *log);
void		 mcli_free(struct mcli *);

#endif
