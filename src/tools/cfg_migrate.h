/*
 * cfg_migrate: rewrite the 1.x syntax of one config file into its HAProxy
 * 2.6 form ("hapx cfgcheck --migrate").  Works on the parsed AST and edits
 * the file's text line by line, so every other byte (comments, layout) is
 * kept.  What has no exact 2.x form is left as written, with a comment
 * saying why, and reported to the diag as a warning.  Never prints.
 */
#ifndef HAPX_CFG_MIGRATE_H
#define HAPX_CFG_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

struct cfg_migrate_result {
	char		*text;		/* the migrated file; malloc'd, owned */
	size_t		 len;
	char		*orig;		/* a copy of the input, for the diff */
	size_t		 origlen;
	unsigned	 nchanged;	/* lines rewritten or commented out */
	unsigned	 nleft;		/* 1.x lines left untranslated */
};

/* Migrate BUF (LEN bytes) named NAME.  Returns -1 when the file does not
 * parse (errors in D, OUT empty), else 0 with OUT filled; warnings for
 * untranslated lines go to D.  Free OUT with cfg_migrate_result_free. */
int	cfg_migrate_buf(const char *name, const char *buf, size_t len,
	    struct cfg_migrate_result *out, struct diag *d);
/* The same for a file on disk; an unreadable file is an error in D. */
int	cfg_migrate_file(const char *path, struct cfg_migrate_result *out,
	    struct diag *d);
void	cfg_migrate_result_free(struct cfg_migrate_result *);

/*
 * A unified diff ("diff -u", 3 lines of context) from OLD to NEW, labelled
 * OLDNAME and NEWNAME.  Returns a malloc'd NUL-terminated string (empty
 * when the texts are equal); the caller frees it.
 */
char	*cfg_migrate_diff(const char *oldname, const char *old, size_t oldlen,
	    const char *newname, const char *new, size_t newlen);

/* What a 1.x rule's regex (and replacement) means in 2.x terms. */
enum cfg_mig_kind {
	CFG_MIG_NONE,		/* no exact 2.x form: .why says why */
	CFG_MIG_PATH,		/* replace-path .regex .fmt */
	CFG_MIG_URI,		/* replace-uri .regex .fmt */
	CFG_MIG_METHOD,		/* set-method .fmt when the method is .name */
	CFG_MIG_HEADER,		/* header .name; .regex on its value ("" for
				   any value), .fmt the new value */
	CFG_MIG_ANY		/* matches every line: no test needed */
};

#define CFG_MIG_STRSZ	512

struct cfg_mig_shape {
	enum cfg_mig_kind kind;
	char		 name[128];
	char		 regex[CFG_MIG_STRSZ];	/* decoded, for the 2.x rule */
	char		 fmt[CFG_MIG_STRSZ];	/* decoded 2.x format */
	char		 why[256];		/* CFG_MIG_NONE: the reason */
	char		 caveat[256];		/* translated, but 1.x also did
						   this: "" when exact */
};

/*
 * Recognise the shape of a 1.x regex RX (decoded text) with replacement
 * REP (NULL for rules that only match: del, deny, tarpit, allow).
 * REQUEST: the rule sees a request (request line then headers), else a
 * response.  ICASE: the "i" variant.  Fills *OUT.  A rewrite is kept only
 * if the old and the new rule give the same result on sample lines, run
 * by regex.c and rewrite_format() as traffic runs them
 * (cfg_migrate_rx.c).
 */
void	cfg_migrate_shape(const char *rx, const char *rep, bool request,
	    bool icase, struct cfg_mig_shape *out);

/* ARG as one word for the 2.6 tokenizer (escaped where needed), written
 * into OUT (OUTSZ bytes, NUL-terminated); returns false if it did not
 * fit. */
bool	cfg_migrate_word(const char *arg, size_t len, char *out, size_t outsz);

#endif
