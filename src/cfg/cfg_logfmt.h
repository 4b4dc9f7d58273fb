/*
 * cfg_logfmt: the checker of log-format strings (doc 8.2.6), for every
 * keyword that takes one, including the "%[sample]" expressions in them.
 */
#ifndef HAPX_CFG_LOGFMT_H
#define HAPX_CFG_LOGFMT_H

struct cfg_arg;
struct cfg_ctx;
struct logfmt_conf;

/*
 * Check the log-format string A: each '%' starts "%%", a known variable
 * (with optional "{flags}") or a "%[sample]" expression.  On success keep
 * the string in *OUT (with the first variable that needs mode http) and
 * return 0; else report at the bad item, naming ctx->kw, and return -1.
 */
int	 cfg_logfmt_parse(struct cfg_ctx *, const struct cfg_arg *a,
	    struct logfmt_conf *out);
/* The same checks for a log-format value that the caller keeps itself
 * (set-header, lf-string, redirect location...): 0, or -1 once reported. */
int	 cfg_logfmt_check(struct cfg_ctx *, const struct cfg_arg *a);

#endif
