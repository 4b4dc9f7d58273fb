/*
 * cfg_load: the config pipeline in one call: read and parse each file,
 * build the model, free the ASTs.  The only entry point main.c, the tests
 * and the fuzzer need.
 */
#ifndef HAPX_CFG_LOAD_H
#define HAPX_CFG_LOAD_H

#include <stddef.h>

#include "model/cfg_model.h"
#include "base/diag.h"

#define CFG_LOAD_NO_RESOLVE	0x1	/* -dr: skip host name resolution */
#define CFG_LOAD_NO_FILES	0x2	/* fuzzing: do not open errorfiles, -f files */

/* Load PATHS (N files or directories; a directory stands for its *.cfg
 * files in lexical order, as HAProxy's "-f DIR").  Returns the model, or
 * NULL when any error was reported to D (the partial model is freed). */
struct config	*cfg_load(const char *const *paths, size_t n, unsigned flags,
		    struct diag *d);
/* The same from memory, for tests and the fuzzer. */
struct config	*cfg_load_buf(const char *name, const char *buf, size_t len,
		    unsigned flags, struct diag *d);

#endif
