/*
 * cfg_probe: "hapx cfgcheck --probe FILE [BACKEND[/SERVER]]": run the
 * health check of each selected server once, now, by the engine's own
 * check code (check_probe()), and explain the verdict.  Also builds the
 * idle runtime (proxies and servers, nothing bound) that --explain
 * reads the balancer from.
 */
#ifndef HAPX_CFG_PROBE_H
#define HAPX_CFG_PROBE_H

#include <stdio.h>

struct config;
struct engine;

/* Exit statuses of cfg_probe() (hapx.1 documents them). */
#define CFG_PROBE_OK		0	/* every probed server passed */
#define CFG_PROBE_USAGE		1	/* no such backend or server */
#define CFG_PROBE_FAILED	4	/* some check failed */

/*
 * The runtime objects engine_new() would build from CFG (proxies,
 * servers in their start state, balancers), without binding, checks or
 * an event loop.  Free with cfg_probe_engine_free(); NULL when out of
 * memory.
 */
struct engine	*cfg_probe_engine_new(const struct config *cfg);
void		 cfg_probe_engine_free(struct engine *);

/*
 * Probe the servers SEL names ("BACKEND", "BACKEND/SERVER", NULL = every
 * server with "check"), writing the report to OUT and a usage problem to
 * ERR (NUL-terminated, ERRSZ bytes).  Returns a CFG_PROBE_* status.
 */
int		 cfg_probe(const struct config *cfg, const char *sel, FILE *out,
		    char *err, size_t errsz);

#endif
