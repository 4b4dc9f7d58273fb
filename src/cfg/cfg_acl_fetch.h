/*
 * cfg_acl_fetch: the sample fetches and converters hapx knows (doc 7.3)
 * and the parser of one ACL term, "CRITERION [flags] [operator]
 * [patterns...]" (doc 7.1).  cfg_kw_acl.c builds ACLs and conditions on
 * top of it.
 */
#ifndef HAPX_CFG_ACL_FETCH_H
#define HAPX_CFG_ACL_FETCH_H

#include <stddef.h>

#include "base/diag.h"

struct acl_term_conf;
struct cfg_arg;
struct cfg_ctx;

/*
 * Parse one term from ARGS[0..N) into *T: the criterion, flags, an
 * optional integer operator and the patterns (regexes compiled, -f files
 * read).  NAME is the ACL's name for messages (NULL for "{ ... }").
 * Every error goes to ctx->d; returns -1 if any.
 */
int	 cfg_acl_term_parse(struct cfg_ctx *, const struct cfg_arg *args,
	    size_t n, const char *name, struct acl_term_conf *t);
/* The span of bytes [OFF, OFF + LEN) of word A when the word was written
 * as is; otherwise A's whole position. */
struct cfg_pos cfg_acl_subpos(const struct cfg_arg *a, size_t off,
	    size_t len);
/*
 * Check the sample expression "FETCH[(ARGS)][,CONV[(ARGS)]]..." at bytes
 * [OFF, OFF + LEN) of word A: the inside of a "%[...]" of a log-format
 * string.  The fetch and converters must be ones hapx runs (the ACL
 * table; ACL-only forms such as path_beg are not fetches).  Errors go to
 * ctx->d at their column inside A when the word allows; returns -1 if any.
 */
int	 cfg_acl_sample_check(struct cfg_ctx *, const struct cfg_arg *a,
	    size_t off, size_t len);
/* The argument kinds of fetch NAME, one letter per argument ('b' backend,
 * 'f' frontend, 'u' userlist...); NULL when hapx has no such fetch. */
const char *cfg_acl_fetch_argkinds(const char *name);
/* Check variable name NAME ("txn.x") at POS for WHAT ("var",
 * "http-request set-var"): scope sess, txn, req or res, then
 * [A-Za-z0-9._]+.  Returns -1 after reporting. */
int	 cfg_acl_var_check(struct cfg_ctx *, const struct cfg_pos *pos,
	    const char *what, const char *name);

#endif
