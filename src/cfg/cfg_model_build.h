/*
 * cfg_model_build: the semantic pass, AST -> model (in cfg_model.c).
 * Separate from cfg_model.h so that runtime code, which reads the model,
 * never sees AST types.
 */
#ifndef HAPX_CFG_MODEL_BUILD_H
#define HAPX_CFG_MODEL_BUILD_H

#include <stddef.h>

#include "cfg/cfg_ast.h"
#include "model/cfg_model.h"

/* Fill CFG from the parsed FILES; every problem goes to D. */
void	cfg_model_build(struct config *cfg, struct cfg_file *files, size_t n,
	    unsigned flags, struct diag *d);

/* Whole-model checks after every statement ran (cfg_xref.c): backend
 * references, modes, missing timeouts, address resolution. */
void	cfg_model_check(struct config *cfg, unsigned flags, struct diag *d);

#endif
