/*
 * hooks: the engine's answers to what the layers below it report
 * (struct engine_hooks, engine_types.h): a health check's state change
 * ends sessions as the server's on-marked-down/up asks, and a check's
 * messages go to stderr and the log targets.  The layers below thus never
 * include the session or log code (STYLE.md §1).
 */
#ifndef HAPX_HOOKS_H
#define HAPX_HOOKS_H

struct engine;

/* Set ENG's hooks (engine_new, before the checks start). */
void	hooks_init(struct engine *);

#endif
