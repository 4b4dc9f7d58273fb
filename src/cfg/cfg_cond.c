/*
 * cfg_cond: a small recursive-descent evaluator for conditional blocks.
 * The words after ".if" arrive re-joined with single spaces, as HAProxy
 * does, so the grammar works on one string.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_cond.h"

struct cond {
	const char		*s;
	size_t			 i;
	const struct cfg_pos	*pos;
	struct diag		*d;
	bool			 failed;
	unsigned		 depth;	/* nested '!' and '(' */
};

/* Nesting limit for '!' and '(': the evaluator recurses on them. */
#define COND_MAX_DEPTH	64

/* HAProxy 2.6's build features, with what hapx has: feature(NAME) in a
 * condition and -cc test them, -vv lists them ("+NAME" / "-NAME").  Names
 * HAProxy lists that hapx lacks (TLS, Lua, compression...) are false, so a
 * configuration or a test guarded by them takes its other branch. */
static const struct cfg_feature cond_features[] = {
	{ "51DEGREES", false }, { "ACCEPT4", true }, { "BACKTRACE", false },
	{ "CLOSEFROM", false }, { "CPU_AFFINITY", false },
	{ "CRYPT_H", true }, { "DEVICEATLAS", false }, { "DL", false },
	{ "ENGINE", false }, { "EPOLL", true }, { "EVPORTS", false },
	{ "GETADDRINFO", true }, { "KQUEUE", false }, { "LIBCRYPT", true },
	{ "LINUX_SPLICE", false }, { "LINUX_TPROXY", false }, { "LUA", false },
	{ "MEMORY_PROFILING", false }, { "NETFILTER", false }, { "NS", false },
	{ "OBSOLETE_LINKER", false }, { "OPENSSL", false }, { "OT", false },
	{ "PCRE", false }, { "PCRE2", false }, { "PCRE2_JIT", false },
	{ "PCRE_JIT", false }, { "POLL", true }, { "PRCTL", false },
	{ "PROCCTL", false }, { "PROMEX", true }, { "QUIC", false },
	{ "RT", false }, { "SLZ", false }, { "STATIC_PCRE", false },
	{ "STATIC_PCRE2", false }, { "SYSTEMD", false }, { "TFO", true },
	{ "THREAD", true }, { "THREAD_DUMP", false }, { "TPROXY", false },
	{ "WURFL", false }, { "ZLIB", false },
};

const struct cfg_feature *
cfg_cond_features(size_t *n)
{
	*n = sizeof(cond_features) / sizeof(cond_features[0]);
	return cond_features;
}

static int	cond_or(struct cond *);

static void
cond_skip(struct cond *c)
{
	while (c->s[c->i] == ' ')
		c->i++;
}

static int
cond_fail(struct cond *c, const char *msg)
{
	if (!c->failed) {
		diag_error(c->d, c->pos, "in condition '%s': %s", c->s, msg);
		diag_hint(c->d, "conditions use integers, defined(VAR), "
		    "feature(NAME), streq(a,b), strneq(a,b), "
		    "version_atleast(X), version_before(X), !, &&, || and ()");
	}
	c->failed = true;
	return -1;
}

/* Compare dotted versions numerically ("2.10" > "2.6"). */
static int
cond_vercmp(const char *a, const char *b)
{
	while (*a != '\0' || *b != '\0') {
		long	x = strtol(a, (char **)&a, 10);
		long	y = strtol(b, (char **)&b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
		if ((*a != '\0' && !isdigit((unsigned char)*a)) ||
		    (*b != '\0' && !isdigit((unsigned char)*b)))
			break;
	}
	return 0;
}

/* Read the comma-separated arguments of a predicate up to ')'. */
static int
cond_args(struct cond *c, char args[2][128], int *nargs)
{
	size_t	n = 0;

	*nargs = 0;
	for (;;) {
		char	ch = c->s[c->i];

		if (ch == '\0')
			return cond_fail(c, "missing ')'");
		if (ch == ',' || ch == ')') {
			if (*nargs >= 2)
				return cond_fail(c, "too many arguments");
			args[*nargs][n] = '\0';
			(*nargs)++;
			n = 0;
			c->i++;
			if (ch == ')')
				return 0;
			continue;
		}
		if (*nargs < 2 && n + 1 < sizeof(args[0]))
			args[*nargs][n++] = ch;
		c->i++;
	}
}

static int
cond_feature(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(cond_features) / sizeof(cond_features[0]); i++)
		if (strcmp(cond_features[i].name, name) == 0)
			return cond_features[i].has;
	return 0;
}

static int
cond_predicate(struct cond *c, const char *name)
{
	char	args[2][128];
	int	nargs, want = 1;

	if (strcmp(name, "streq") == 0 || strcmp(name, "strneq") == 0)
		want = 2;
	if (cond_args(c, args, &nargs) < 0)
		return -1;
	if (nargs != want)
		return cond_fail(c, "wrong number of arguments to a predicate");
	if (strcmp(name, "defined") == 0)
		return getenv(args[0]) != NULL;
	if (strcmp(name, "feature") == 0)
		return cond_feature(args[0]);
	if (strcmp(name, "streq") == 0)
		return strcmp(args[0], args[1]) == 0;
	if (strcmp(name, "strneq") == 0)
		return strcmp(args[0], args[1]) != 0;
	if (strcmp(name, "version_atleast") == 0)
		return cond_vercmp(CFG_COND_COMPAT_VERSION, args[0]) >= 0;
	if (strcmp(name, "version_before") == 0)
		return cond_vercmp(CFG_COND_COMPAT_VERSION, args[0]) < 0;
	return cond_fail(c, "unknown predicate");
}

static int
cond_term(struct cond *c)
{
	char	word[64];
	size_t	n = 0;
	int	v;

	cond_skip(c);
	if ((c->s[c->i] == '!' || c->s[c->i] == '(') &&
	    c->depth >= COND_MAX_DEPTH)
		return cond_fail(c, "too many nested '!' or '('");
	if (c->s[c->i] == '!') {
		c->i++;
		c->depth++;
		v = cond_term(c);
		c->depth--;
		return v < 0 ? -1 : !v;
	}
	if (c->s[c->i] == '(') {
		c->i++;
		c->depth++;
		v = cond_or(c);
		c->depth--;
		cond_skip(c);
		if (v >= 0 && c->s[c->i] != ')')
			return cond_fail(c, "missing ')'");
		if (v >= 0)
			c->i++;	/* not past the NUL: callers read on */
		return v;
	}
	while (isalnum((unsigned char)c->s[c->i]) || c->s[c->i] == '_' ||
	    c->s[c->i] == '-') {
		if (n + 1 < sizeof(word))
			word[n++] = c->s[c->i];
		c->i++;
	}
	word[n] = '\0';
	if (n == 0)
		return cond_fail(c, "expected a term");
	if (c->s[c->i] == '(') {
		c->i++;
		return cond_predicate(c, word);
	}
	{
		char	*end;
		long	 num = strtol(word, &end, 10);

		if (*end != '\0')
			return cond_fail(c, "expected an integer or a predicate");
		return num != 0;
	}
}

static int
cond_and(struct cond *c)
{
	int	v = cond_term(c), w;

	for (;;) {
		cond_skip(c);
		if (v < 0 || strncmp(c->s + c->i, "&&", 2) != 0)
			return v;
		c->i += 2;
		w = cond_term(c);
		if (w < 0)
			return -1;
		v = v && w;
	}
}

static int
cond_or(struct cond *c)
{
	int	v = cond_and(c), w;

	for (;;) {
		cond_skip(c);
		if (v < 0 || strncmp(c->s + c->i, "||", 2) != 0)
			return v;
		c->i += 2;
		w = cond_and(c);
		if (w < 0)
			return -1;
		v = v || w;
	}
}

int
cfg_cond_eval(const char *expr, const struct cfg_pos *pos, struct diag *d)
{
	struct cond	c = { expr, 0, pos, d, false, 0 };
	int		v;

	cond_skip(&c);
	if (expr[c.i] == '\0')
		return 0;	/* an empty condition is false */
	v = cond_or(&c);
	cond_skip(&c);
	if (v >= 0 && expr[c.i] != '\0')
		return cond_fail(&c, "unexpected text after the condition");
	return v;
}
