/*
 * cfg_keywords: the keyword index.  Every keyword hapx knows, supported or
 * not, is a row of a table in one of the cfg_kw_*.c files; this module
 * merges them into one sorted index, checks section and argument count once
 * from the row, reports unsupported and deprecated keywords, and offers
 * "did you mean" suggestions.  Argument helpers and generic setters
 * are in cfg_args.h.
 */
#ifndef HAPX_CFG_KEYWORDS_H
#define HAPX_CFG_KEYWORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cfg/cfg_ast.h"
#include "model/cfg_model.h"
#include "cfg/cfg_value.h"
#include "base/diag.h"

/* Section kinds, as bits so a row can list where it is allowed. */
#define CFG_S_GLOBAL	0x001
#define CFG_S_DEFAULTS	0x002
#define CFG_S_FRONTEND	0x004
#define CFG_S_BACKEND	0x008
#define CFG_S_LISTEN	0x010
#define CFG_S_USERLIST	0x020
#define CFG_S_PEERS	0x040
#define CFG_S_RESOLVERS	0x080
#define CFG_S_MAILERS	0x100
#define CFG_S_OTHER	0x200	/* sections hapx does not support */
#define CFG_S_PROXY	(CFG_S_DEFAULTS | CFG_S_FRONTEND | CFG_S_BACKEND | \
			    CFG_S_LISTEN)
#define CFG_S_FE	(CFG_S_DEFAULTS | CFG_S_FRONTEND | CFG_S_LISTEN)
#define CFG_S_BE	(CFG_S_DEFAULTS | CFG_S_BACKEND | CFG_S_LISTEN)
#define CFG_S_FE_ONLY	(CFG_S_FRONTEND | CFG_S_LISTEN)	/* not in defaults */
#define CFG_S_BE_ONLY	(CFG_S_BACKEND | CFG_S_LISTEN)
#define CFG_S_PX_ONLY	(CFG_S_FRONTEND | CFG_S_BACKEND | CFG_S_LISTEN)

enum kw_status {
	KW_OK,		/* implemented */
	KW_DEPRECATED,	/* removed from HAProxy, still run by hapx: warning */
	KW_UNSUPPORTED,	/* HAProxy has it, hapx does not: error */
	KW_IGNORED	/* accepted with a warning: it has no effect in hapx
			 * (e.g. TLS defaults when there is no TLS); .modern
			 * says why; a .parse handler, if any, still runs
			 * to validate the value */
};

/* Row flags. */
#define KW_F_NEGATABLE	0x01	/* "no KW" allowed (options, log...) */
#define KW_F_STRICT	0x02	/* wrong proxy section is an error, not a warning */
#define KW_F_RAWARGS	0x04	/* handler checks its own argument count */

struct cfg_kw;

/* What a handler sees. */
struct cfg_ctx {
	struct config			*cfg;
	struct diag			*d;
	unsigned			 section;	/* CFG_S_* of the current section */
	struct proxy_conf		*px;		/* proxy or defaults, else NULL */
	struct userlist_conf		*ul;
	struct named_section_conf	*other;
	bool				 negate;	/* "no" prefix */
	bool				 reset;		/* "default" prefix */
	const struct cfg_kw		*kw;		/* the row being run */
	size_t				 argi;		/* index of the first argument */
	unsigned			 flags;		/* CFG_LOAD_* */
};

typedef int cfg_kw_fn(struct cfg_ctx *, const struct cfg_line *, struct diag *);

struct cfg_kw {
	const char	*name;		/* "balance", "option httplog", "timeout client" */
	unsigned	 sections;	/* CFG_S_* where it belongs */
	short		 min_args;	/* after the keyword words */
	short		 max_args;	/* -1 = no limit */
	cfg_kw_fn	*parse;		/* NULL: generic setter at .offset, or unsupported */
	size_t		 offset;	/* offsetof(struct proxy_conf|global_conf, field) */
	enum kw_status	 status;
	unsigned	 flags;		/* KW_F_* */
	const char	*modern;	/* what to write instead (deprecated/unsupported) */
	const char	*removed_in;	/* HAProxy version that removed it */
	const char	*syntax;	/* "<algorithm> [<arguments>]" for help and grammar */
};

struct cfg_kw_table {
	const struct cfg_kw	*rows;
	size_t			 nrows;
};

/* Tables exported by the cfg_kw_*.c files. */
extern const struct cfg_kw_table cfg_kw_global_table;
extern const struct cfg_kw_table cfg_kw_userlist_table;
extern const struct cfg_kw_table cfg_kw_proxy_table;
extern const struct cfg_kw_table cfg_kw_option_table;	/* "option X" */
extern const struct cfg_kw_table cfg_kw_server_table;	/* "server", "default-server"... */
extern const struct cfg_kw_table cfg_kw_bind_table;	/* "bind" */
extern const struct cfg_kw_table cfg_kw_http_table;
extern const struct cfg_kw_table cfg_kw_tcp_table;	/* tcp-* rules */
extern const struct cfg_kw_table cfg_kw_acl_table;
extern const struct cfg_kw_table cfg_kw_check_table;	/* health checks */
extern const struct cfg_kw_table cfg_kw_stats_table;	/* proxies' "stats" */

/* Whole-proxy checks for the semantic pass, warnings only: check rules
 * without their option, a request lost with inherited rules
 * (cfg_kw_check.c); "stats scope" naming no proxy (cfg_kw_stats.c). */
void	 cfg_kw_check_finish(const struct config *,
	    const struct proxy_conf *, struct diag *);
void	 cfg_kw_stats_finish(const struct config *,
	    const struct proxy_conf *, struct diag *);

/* Server and bind options ("check", "inter 2s", "accept-proxy"...). */
typedef int cfg_opt_fn(struct cfg_ctx *, const struct cfg_arg *args,
    size_t nargs, void *target, struct diag *);
struct cfg_opt {
	const char	*name;
	short		 nargs;		/* words taken after the option name */
	cfg_opt_fn	*parse;
	enum kw_status	 status;
	const char	*modern;
	const char	*syntax;
};
struct cfg_opt_table {
	const char		*what;	/* "server", "bind" */
	const struct cfg_opt	*rows;
	size_t			 nrows;
};
extern const struct cfg_opt_table cfg_server_opts;
extern const struct cfg_opt_table cfg_bind_opts;

/* All row tables, for the index, the grammar check and the unit test. */
extern const struct cfg_kw_table *const cfg_kw_tables[];
extern const size_t cfg_kw_ntables;

/* Run one statement of a section through the index. */
int	 cfg_kw_dispatch(struct cfg_ctx *, const struct cfg_line *);
/* Find the row for NAME valid in SECTION; NULL if none. */
const struct cfg_kw *cfg_kw_find(const char *name, unsigned section);
/* Run the options of a server/bind line from ARGS[FROM]. */
int	 cfg_opt_run(struct cfg_ctx *, const struct cfg_opt_table *,
	    const struct cfg_line *, size_t from, void *target);
/* ARGS[1] as an integer in [MIN, MAX] for server/bind option ARGS[0];
 * messages name the option and the bad value. */
int	 cfg_opt_uint(struct cfg_ctx *, const struct cfg_arg *args,
	    unsigned long min, unsigned long max, unsigned *out);
/* Best suggestion for WORD among CANDIDATES, or NULL (edit distance). */
const char *cfg_kw_suggest(const char *word, const char *const *cands,
	    size_t n);
const char *cfg_section_name(unsigned section);
/* "frontend/listen" style list of the sections in MASK. */
const char *cfg_sections_list(unsigned mask, char *buf, size_t len);

/* Write the keyword reference (grammar/keywords.md) as markdown. */
void	 cfg_kw_write_markdown(FILE *fp);

/* Conditions ("if"/"unless" ...) parsed from ARGS[FROM..]; cfg_kw_acl.c.
 * *COND is NULL when there is no condition.  Returns -1 on error. */
int	 cfg_cond_parse(struct cfg_ctx *, const struct cfg_line *, size_t from,
	    struct cond_conf **cond);
/* Index of the first "if"/"unless" word at or after FROM, or nargs. */
size_t	 cfg_cond_start(const struct cfg_line *, size_t from);

/* End-of-model checks of ACLs (names of backends, userlists and servers
 * used in fetches and use-server rules); cfg_kw_acl.c. */
void	 cfg_kw_acl_check(struct config *, unsigned flags, struct diag *);

/* Log targets ("log ..."), shared by global and proxies; cfg_kw_global.c. */
int	 cfg_log_parse(struct cfg_ctx *, const struct cfg_line *, size_t from,
	    struct log_conf *);
/* Userlist cross-references (a user's groups, a group's users), which
 * may be declared in either order; cfg_kw_userlist.c, run by cfg_xref.c. */
void	 cfg_userlist_check(struct config *, struct diag *);

#endif
