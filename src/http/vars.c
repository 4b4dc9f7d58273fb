/*
 * vars: per-session variables, a small list of malloc-owned strings (a
 * session has a handful of them; see vars.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "http/vars.h"

struct var {
	struct var	*next;
	enum var_scope	 scope;
	char		*name;		/* with its scope: "txn.x" */
	char		*val;
	size_t		 len;
};

struct vars {
	struct var	*head;
	size_t		 n;
};

struct vars *
vars_new(void)
{
	return calloc(1, sizeof(struct vars));
}

static void
var_free(struct var *e)
{
	free(e->name);
	free(e->val);
	free(e);
}

void
vars_free(struct vars *v)
{
	struct var	*e, *next;

	if (v == NULL)
		return;
	for (e = v->head; e != NULL; e = next) {
		next = e->next;
		var_free(e);
	}
	free(v);
}

static struct var *
var_find(const struct vars *v, const char *name, size_t len)
{
	struct var	*e;

	if (v == NULL)
		return NULL;
	for (e = v->head; e != NULL; e = e->next)
		if (strlen(e->name) == len && memcmp(e->name, name, len) == 0)
			return e;
	return NULL;
}

int
vars_set(struct vars *v, const char *name, const char *val, size_t len)
{
	struct var	*e;
	char		*copy;
	int		 scope;

	if (v == NULL || (scope = var_name_scope(name, strlen(name), NULL)) < 0)
		return -1;
	if ((copy = malloc(len + 1)) == NULL)
		return -1;
	memcpy(copy, val, len);
	copy[len] = '\0';
	if ((e = var_find(v, name, strlen(name))) != NULL) {
		free(e->val);
		e->val = copy;
		e->len = len;
		return 0;
	}
	if ((e = calloc(1, sizeof(*e))) == NULL ||
	    (e->name = strdup(name)) == NULL) {
		free(e);
		free(copy);
		return -1;
	}
	e->scope = (enum var_scope)scope;
	e->val = copy;
	e->len = len;
	e->next = v->head;
	v->head = e;
	v->n++;
	return 0;
}

/* Unlink and free the variable NAME or, with TXN, every variable that
 * does not outlive the transaction. */
static void
vars_drop(struct vars *v, const char *name, bool txn)
{
	struct var	**pp, *e;

	if (v == NULL)
		return;
	for (pp = &v->head; (e = *pp) != NULL;) {
		if (txn ? e->scope != VAR_SCOPE_SESS &&
		    e->scope != VAR_SCOPE_PROC : strcmp(e->name, name) == 0) {
			*pp = e->next;
			var_free(e);
			v->n--;
			continue;
		}
		pp = &e->next;
	}
}

void
vars_unset(struct vars *v, const char *name)
{
	vars_drop(v, name, false);
}

void
vars_clear_txn(struct vars *v)
{
	vars_drop(v, NULL, true);
}

const char *
vars_get(const struct vars *v, const char *name, size_t len, size_t *vlen)
{
	const struct var	*e = var_find(v, name, len);

	if (e == NULL)
		return NULL;
	*vlen = e->len;
	return e->val;
}

size_t
vars_count(const struct vars *v)
{
	return v != NULL ? v->n : 0;
}
