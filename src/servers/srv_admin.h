/*
 * srv_admin: the administrative states of a server, as the stats page's
 * admin form, the runtime API ("set server B/S state", "enable|disable
 * server", "set weight") and the server-state-file set them: forced
 * maintenance, drain, ready, and the weight asked for.  Each change is
 * told as HAProxy tells it (stderr through the engine's hooks, and the
 * backend's log targets), and keeps the stats counters of the server and
 * its backend.  Health-check states are check.c's.
 */
#ifndef HAPX_SRV_ADMIN_H
#define HAPX_SRV_ADMIN_H

#include <stdbool.h>

struct engine;
struct server;

enum srv_admin_act {
	SRV_ADM_READY,		/* leave maintenance and drain */
	SRV_ADM_DRAIN,		/* drain (leaving maintenance if in it) */
	SRV_ADM_MAINT,		/* forced maintenance */
	SRV_ADM_UNMAINT		/* leave maintenance only ("enable server") */
};

/* Apply ACT to S; nothing happens (and nothing is said) when S is
 * already in that state. */
void	srv_admin_set(struct engine *, struct server *s,
	    enum srv_admin_act act);
/* server-state-file: put S in forced maintenance (MAINT) and/or drain
 * (DRAIN) silently, as HAProxy applies a saved state at start. */
void	srv_admin_restore(struct server *s, bool maint, bool drain);
/* Set the weight S serves with to W (the balancer sees 0 while S
 * drains, W again afterwards). */
void	srv_admin_weight(struct server *s, unsigned w);
/* HAProxy's "set weight" argument TEXT: "N" (0..256) or "N%" of the
 * configured weight; the weight into *W, or NULL; else the error
 * message, which ends with a newline only where HAProxy's does. */
const char *srv_admin_parse_weight(const struct server *s, const char *text,
	    unsigned *w);

#endif
