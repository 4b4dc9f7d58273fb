/*
 * cfg_parse: statements -> AST.  Groups lines into sections and runs the
 * conditional-block directives (.if/.elif/.else/.endif, .notice/.warning/
 * .alert).  Knows section names only, no keyword meaning.
 */
#ifndef HAPX_CFG_PARSE_H
#define HAPX_CFG_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg/cfg_ast.h"

/* Parse BUF (LEN bytes) named NAME.  Always fills *OUT (free it with
 * cfg_file_free); errors go to the diag.  Returns -1 if any error was found
 * in this file, else 0. */
int	cfg_parse_buf(struct cfg_file *out, const char *name, const char *buf,
	    size_t len, struct diag *);
/* Read PATH and parse it; an unreadable file is an error without position. */
int	cfg_parse_file(struct cfg_file *out, const char *path, struct diag *);
void	cfg_file_free(struct cfg_file *);
/* -cc TEXT: read TEXT as the words of a ".if" line (quotes, escapes,
 * environment) and evaluate them: 1 true, 0 false, -1 error in D, whose
 * positions are named NAME. */
int	cfg_cond_eval_text(const char *text, const char *name, struct diag *);
/* The section keywords of HAProxy 2.6, sorted (for did-you-mean). */
extern const char *const cfg_parse_sections[];
extern const size_t cfg_parse_nsections;
/* Whether WORD opens a section in HAProxy 2.6. */
bool	cfg_parse_is_section(const char *word);

#endif
