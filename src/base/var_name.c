/*
 * var_name: scope prefixes and the character set of variable names (see
 * var_name.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "base/nitems.h"
#include "base/var_name.h"

static const struct {
	const char	*prefix;
	enum var_scope	 scope;
} scopes[] = {
	{ "proc.", VAR_SCOPE_PROC }, { "sess.", VAR_SCOPE_SESS },
	{ "txn.", VAR_SCOPE_TXN }, { "req.", VAR_SCOPE_REQ },
	{ "res.", VAR_SCOPE_RES }, { "check.", VAR_SCOPE_CHECK },
};

int
var_name_scope(const char *name, size_t len, const char **rest)
{
	size_t	i, n;

	for (i = 0; i < nitems(scopes); i++) {
		n = strlen(scopes[i].prefix);
		if (len >= n && memcmp(name, scopes[i].prefix, n) == 0) {
			if (rest != NULL)
				*rest = name + n;
			return (int)scopes[i].scope;
		}
	}
	return -1;
}

bool
var_name_ok(const char *name, size_t len)
{
	const char	*rest;
	size_t		 n;

	if (var_name_scope(name, len, &rest) < 0)
		return false;
	n = len - (size_t)(rest - name);
	return n > 0 && strspn(rest, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._") >= n;
}
