/*
 * cfg_lex: bytes of a haproxy.cfg -> words, one statement (line) at a time,
 * with HAProxy 2.6's rules: '#' comments, backslash escapes, single and
 * double quotes, environment variables inside double quotes.  Knows nothing
 * about keywords or sections.
 */
#ifndef HAPX_CFG_LEX_H
#define HAPX_CFG_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg/cfg_ast.h"

#define CFG_LEX_MAX_WORDS	64	/* HAProxy's MAX_LINE_ARGS */

struct cfg_lexer {
	const char	*file;		/* interned name */
	const char	*buf;		/* whole file, not owned */
	size_t		 len, off;
	unsigned	 line;		/* line number of the next line */
	struct arena	*arena;		/* where decoded words go */
	struct diag	*diag;
	const char	*section;	/* for "$.SECTION"; set by the parser */
	bool		 inactive;	/* in a false .if branch: errors only;
					 * set by the parser */
};

void	cfg_lex_init(struct cfg_lexer *, const char *file, const char *buf,
	    size_t len, struct arena *, struct diag *);
/*
 * Read the next statement.  Returns 1 with *ARGS and *NARGS set (never 0 words),
 * 0 at end of file, -1 when the line had a lexical error (already reported
 * to the diag; the caller skips it).  *LINEPOS is the start of the line.
 */
int	cfg_lex_line(struct cfg_lexer *, struct cfg_arg **args, size_t *nargs,
	    struct cfg_pos *linepos);

#endif
