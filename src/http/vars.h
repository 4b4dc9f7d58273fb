/*
 * vars: the variables of set-var / unset-var and the var() fetch (doc
 * 2.8, 7.3.2), kept per session as strings.  Names carry their scope,
 * "txn.name": sess lives as long as the client connection, txn, req and
 * res until the end of the transaction (vars_clear_txn).  hapx has no
 * proc scope (config time refuses it) and stores every value as a string.
 */
#ifndef HAPX_VARS_H
#define HAPX_VARS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/var_name.h"

struct vars;

/* An empty store, or NULL if out of memory. */
struct vars *vars_new(void);
/* Free the store and its variables; NULL is fine. */
void	 vars_free(struct vars *);
/* Set NAME to VAL[0..LEN) (a copy); -1 if out of memory or V is NULL. */
int	 vars_set(struct vars *v, const char *name, const char *val,
	    size_t len);
/* Forget NAME. */
void	 vars_unset(struct vars *v, const char *name);
/* The value of NAME (not NUL-terminated, length in *LEN) or NULL. */
const char *vars_get(const struct vars *v, const char *name, size_t len,
	    size_t *vlen);
/* Forget the txn, req and res variables: the transaction is over. */
void	 vars_clear_txn(struct vars *);
/* How many variables are set. */
size_t	 vars_count(const struct vars *);

#endif
