/*
 * sample: a sample expression ("hdr(host),lower", "src") compiled once,
 * at engine start, into its fetch, its typed arguments and its
 * converters; evaluated per request without parsing or allocating.
 * Used by the format compiler (fmt.c: "%[...]"), captures, set-var and
 * stick rules.
 */
#ifndef HAPX_SAMPLE_H
#define HAPX_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/cfg_model.h"

struct acl_env;
struct acl_fetch_def;

#define SAMPLE_ARGSZ	256

/* A compiled expression; it points into itself, so it is not moved once
 * compiled (embed it in what owns it, or allocate it). */
struct sample_expr {
	const struct acl_fetch_def	*def;	/* NULL: never has a value */
	struct acl_term_conf		 t;	/* fetch arguments, converters */
	char				 args[SAMPLE_ARGSZ]; /* t's strings */
};

/* Compile EXPR[0..LEN) into X, resolving proxy and userlist arguments in
 * CFG (may be NULL).  Returns -1 (and X->def NULL) when hapx cannot run
 * it: it then has no value, as before when it was parsed per request. */
int	sample_compile(struct sample_expr *x, const char *expr, size_t len,
	    const struct config *cfg);
/* The string value of X for ENV into OUT (at most OUTSZ-1 bytes and a
 * NUL); its length, or -1 when there is none. */
long	sample_eval(const struct sample_expr *x, const struct acl_env *env,
	    char *out, size_t outsz);

#endif
