/*
 * reload_client: "hapx reload -S MASTER_SOCKET": ask a running master to
 * reload (its CLI's "reload"), print the outcome with the new
 * configuration's messages, then which old workers are still draining,
 * from "show proc", and how many connections each holds (its runtime
 * API's "show info", through the master's "@!PID").  A client of the
 * master CLI only: it opens no listener.
 */
#ifndef HAPX_RELOAD_CLIENT_H
#define HAPX_RELOAD_CLIENT_H

#include <stdio.h>

/* Reload through the master CLI at SOCK (a UNIX path, or HOST:PORT),
 * reporting to OUT.  Returns 0 when the reload succeeded, 1 when the
 * master refused it, 2 when it could not be asked (reason in ERR). */
int	reload_client_run(const char *sock, FILE *out, char *err,
	    size_t errlen);

#endif
