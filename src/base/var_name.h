/*
 * var_name: the names of variables (set-var, unset-var, var(), doc 2.8):
 * a scope prefix ("proc.", "sess.", "txn.", "req.", "res.", "check.") and
 * a name of [A-Za-z0-9._]+.  Shared by the config check of names and the
 * runtime store (http/vars.h), so it lives below both.  Owns nothing.
 */
#ifndef HAPX_VAR_NAME_H
#define HAPX_VAR_NAME_H

#include <stdbool.h>
#include <stddef.h>

enum var_scope {
	VAR_SCOPE_PROC, VAR_SCOPE_SESS, VAR_SCOPE_TXN, VAR_SCOPE_REQ,
	VAR_SCOPE_RES, VAR_SCOPE_CHECK
};

/* The scope of NAME ("txn.x") and, in *REST, what follows "txn."; -1 if
 * NAME does not start with a known scope and a dot. */
int	 var_name_scope(const char *name, size_t len, const char **rest);
/* Whether NAME is a valid variable name: a scope and [A-Za-z0-9._]+. */
bool	 var_name_ok(const char *name, size_t len);

#endif
