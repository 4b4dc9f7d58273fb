/*
 * engine: the running proxy.  Builds the runtime objects (proxies,
 * servers, listeners) from an immutable model, owns the event_base and the
 * signal handlers, and stops softly (SIGUSR1) or at once (SIGTERM/SIGINT).
 */
#ifndef HAPX_ENGINE_H
#define HAPX_ENGINE_H

#include <stdbool.h>

#include "engine/engine_types.h"

struct config;
struct diag;
struct listen_fds;
struct proxy;

/* Build the runtime from CFG and bind every listener.  Problems (a port
 * in use...) go to D; returns NULL then, with nothing left bound. */
struct engine	*engine_new(const struct config *cfg, struct diag *d);
/* The same, taking each listening socket whose key matches from INHERIT
 * (a master's or an old process's sockets, listener.h) instead of
 * binding it; the sockets taken are the engine's. */
struct engine	*engine_new_inherit(const struct config *cfg,
		    struct listen_fds *inherit, struct diag *d);
/* Run the event loop until stopped; returns the exit status: 0 after a
 * soft stop, 128 + the signal after SIGTERM or SIGINT (as HAProxy). */
int		 engine_run(struct engine *);
void		 engine_free(struct engine *);
/* A session started or ended: pause/resume listeners on maxconn. */
void		 engine_session_added(struct engine *, struct proxy *fe);
void		 engine_session_removed(struct engine *, struct proxy *fe);
/* A limit changed at run time (maxconn, rates, a frontend enabled):
 * set every listener on or off again. */
void		 engine_limits_changed(struct engine *);
/* A session passed FE's connection rules: count it for the rate limits. */
void		 engine_session_counted(struct engine *, struct proxy *fe);

#endif
