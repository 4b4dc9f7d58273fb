/*
 * cfg_ast: the syntax tree of one config file.
 *   cfg_file -> cfg_section (a header line such as "backend b") ->
 *   cfg_line (one statement) -> cfg_arg (one decoded word with its position).
 * Everything lives in the file's arena and is freed by cfg_file_free().
 * No keyword semantics here: the model pass (cfg_model.c) gives meaning.
 */
#ifndef HAPX_CFG_AST_H
#define HAPX_CFG_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"

#define CFG_A_QUOTED	0x01	/* some part was quoted */
#define CFG_A_EXPANDED	0x02	/* an environment variable was expanded */
#define CFG_A_UNQ_DOLLAR 0x04	/* has an unquoted "$NAME" (not expanded) */

struct cfg_arg {
	const char	*s;	/* decoded text, NUL-terminated, in the arena */
	size_t		 len;	/* may contain NUL bytes from \x00 */
	struct cfg_pos	 pos;	/* the raw word in the source */
	unsigned	 flags;	/* CFG_A_* */
};

struct cfg_line {
	struct cfg_arg	*args;	/* args[0] is the keyword */
	size_t		 nargs;
	struct cfg_pos	 pos;	/* start of the first word */
};

struct cfg_section {
	struct cfg_line	 head;	/* "backend b from d": args[0] is the kind */
	struct cfg_line	*lines;
	size_t		 nlines, cap;
};

struct cfg_file {
	const char		*name;	/* interned in the diag */
	struct arena		 arena;	/* owns everything below */
	struct cfg_section	*secs;
	size_t			 nsecs, cap;
};

#endif
