/*
 * diag: a collection of errors, warnings and notes, each with a position in
 * a config file.  Code below main.c reports here and never prints; main.c
 * renders the collection as gcc-style text or JSON lines.
 */
#ifndef HAPX_DIAG_H
#define HAPX_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A span in a source file.  FILE is interned by diag_add_source() and lives
 * as long as the diag; LINE and COL are 1-based (0 = unknown), LEN in bytes. */
struct cfg_pos {
	const char	*file;
	unsigned	 line;
	unsigned	 col;
	unsigned	 len;
};

enum diag_sev {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE
};

struct diag_msg {
	enum diag_sev	 sev;
	struct cfg_pos	 pos;
	char		*msg;		/* owned */
	char		*hint;		/* owned, may be NULL: how to fix it */
	size_t		 group;		/* seq of the error/warning a note belongs to */
	size_t		 seq;		/* insertion order */
	const char	*code;		/* static, stable: "W-missing-timeout";
					   NULL = none */
	unsigned	 count;		/* 1 + the ones collapsed into it */
	struct cfg_pos	*also;		/* owned: where those were */
	size_t		 nalso;
};

/* A warning code and what it means, for --werror/--no-warn and SARIF. */
struct diag_rule {
	const char	*code;		/* "W-unused-acl" */
	const char	*summary;	/* one line, lower case */
};

/* What cfgcheck does with warnings, by code ("all" = every warning). */
struct diag_policy {
	const char	**werror;	/* turned into errors */
	size_t		  nwerror;
	const char	**nowarn;	/* dropped, with their notes */
	size_t		  nnowarn;
};

struct diag_source;

struct diag {
	struct diag_msg		*msgs;		/* owned */
	size_t			 nmsgs, cap;
	unsigned		 nerrors, nwarnings;
	struct diag_source	*srcs;		/* owned: copies of file texts */
	size_t			 nsrcs;
};

#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))

void		 diag_init(struct diag *);
void		 diag_clear(struct diag *);
/* Register a file's text (copied) for carets; returns the interned name. */
const char	*diag_add_source(struct diag *, const char *name, const char *text,
		    size_t len);
/* The interned name of an already registered file, or NULL. */
const char	*diag_source_name(const struct diag *, const char *name);
void		 diag_error(struct diag *, const struct cfg_pos *, const char *, ...)
		    DIAG_PRINTF(3, 4);
void		 diag_warn(struct diag *, const struct cfg_pos *, const char *, ...)
		    DIAG_PRINTF(3, 4);
/* A note attached to the last error or warning ("first defined here"). */
void		 diag_note(struct diag *, const struct cfg_pos *, const char *, ...)
		    DIAG_PRINTF(3, 4);
/* Attach a fix suggestion to the last error or warning. */
void		 diag_hint(struct diag *, const char *, ...) DIAG_PRINTF(2, 3);
/* Give the last error or warning a stable code (a static string). */
void		 diag_code(struct diag *, const char *code);
/* Whether CODE is named by LIST (N codes; "all" names every one). */
bool		 diag_code_in(const char *code, const char *const *list,
		    size_t n);
/* Drop or promote warnings as POLICY says; a warning without a code is
 * only reached by "all".  Counters are updated. */
void		 diag_apply_policy(struct diag *, const struct diag_policy *);
/* Sort, then fold each warning identical to an earlier one (same code,
 * text and hint) into it: count and positions kept, its notes dropped. */
void		 diag_collapse(struct diag *);
bool		 diag_has_errors(const struct diag *);
/* Source line LINE of FILE (not NUL-terminated; length in *len), or NULL. */
const char	*diag_source_line(const struct diag *, const char *file,
		    unsigned line, size_t *len);

/* Rendering, for main.c only. */
void		 diag_sort(struct diag *);
void		 diag_render_text(const struct diag *, FILE *fp, bool color);
void		 diag_render_json(const struct diag *, FILE *fp);
/* One SARIF 2.1.0 log with one run holding the messages of the N diags
 * DS; RULES (NRULES) describe the codes (tool.driver.rules). */
void		 diag_render_sarif(const struct diag *const *ds, size_t n,
		    FILE *fp, const struct diag_rule *rules, size_t nrules);

#endif
