/*
 * sample: compile a sample expression once, evaluate it per request
 * (see sample.h).  The grammar is the one cfg_acl_fetch.c checked:
 * NAME[(ARG,...)][,lower|,upper...].  Nothing here prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

#include "base/nitems.h"
#include "http/acl_env.h"
#include "http/acl_fetch.h"
#include "http/sample.h"

#define SAMPLE_NAMESZ	40

/* "(a,b)" from P (after the '('), copied NUL-terminated into X->args;
 * returns what follows the ')', or NULL. */
static const char *
sample_args(const char *p, const char *e, struct sample_expr *x)
{
	struct acl_term_conf	*t = &x->t;
	char			*buf = x->args;
	size_t			 o = 0;
	unsigned		 n = 0;

	t->fetch_args[n++] = buf;
	for (; p < e && *p != ')'; p++) {
		if (o + 2 > sizeof(x->args))
			return NULL;
		if (*p != ',') {
			buf[o++] = *p;
			continue;
		}
		buf[o++] = '\0';
		if (n == nitems(t->fetch_args))
			return NULL;
		t->fetch_args[n++] = buf + o;
	}
	if (p == e)
		return NULL;
	buf[o] = '\0';
	t->nfetch_args = n == 1 && buf[0] == '\0' ? 0 : n;
	return p + 1;
}

/* ",lower" and ",upper", the converters hapx runs. */
static int
sample_convs(const char *p, const char *e, struct acl_term_conf *t)
{
	size_t	n;

	while (p < e) {
		if (*p++ != ',' || t->nconv == ACL_MAX_CONV)
			return -1;
		for (n = 0; p + n < e && p[n] != ','; n++)
			continue;
		if ((n == 5 || n == 7) && memcmp(p, "lower()", n) == 0)
			t->conv[t->nconv++] = ACL_CONV_LOWER;
		else if ((n == 5 || n == 7) && memcmp(p, "upper()", n) == 0)
			t->conv[t->nconv++] = ACL_CONV_UPPER;
		else
			return -1;
		p += n;
	}
	return 0;
}

/* The typed arguments of fetch D (occurrences, proxies, userlists). */
static int
sample_argvals(const struct acl_fetch_def *d, const struct config *cfg,
    struct acl_term_conf *t)
{
	const char	*a;
	unsigned	 i;

	if (t->nfetch_args > strlen(d->args))
		return -1;
	for (i = 0; i < t->nfetch_args; i++) {
		a = t->fetch_args[i];
		switch (d->args[i]) {
		case 'o':
		case 'i':
			t->fetch_int = strtoll(a, NULL, 10);
			break;
		case 'B':
			t->fetch_int = strcmp(a, "true") == 0 ||
			    strcmp(a, "1") == 0;
			break;
		case 'b':
		case 'f':
			if (cfg == NULL || (t->proxy = config_find_proxy(cfg,
			    a, d->args[i] == 'b' ? CFG_CAP_BE : CFG_CAP_FE)) ==
			    NULL)
				return -1;
			break;
		case 'u':
			if (cfg == NULL || (t->userlist =
			    config_find_userlist(cfg, a)) == NULL)
				return -1;
			break;
		default:
			break;
		}
	}
	return 0;
}

int
sample_compile(struct sample_expr *x, const char *expr, size_t len,
    const struct config *cfg)
{
	const struct acl_fetch_def	*d;
	const char			*p, *e = expr + len;
	char				 name[SAMPLE_NAMESZ];
	size_t				 n;

	memset(x, 0, sizeof(*x));
	for (n = 0; n < len && expr[n] != '(' && expr[n] != ','; n++)
		continue;
	if (n == 0 || n >= sizeof(name))
		return -1;
	memcpy(name, expr, n);
	name[n] = '\0';
	if ((d = acl_fetch_find(name)) == NULL)
		return -1;
	p = expr + n;
	if (p < e && *p == '(' && (p = sample_args(p + 1, e, x)) == NULL)
		return -1;
	if (sample_convs(p, e, &x->t) < 0 || sample_argvals(d, cfg, &x->t) < 0)
		return -1;
	x->def = d;
	return 0;
}

/* Keeps the first value of the fetch, as HAProxy's sample fetches do. */
static bool
sample_sink(struct acl_walk *w, const struct acl_smp *smp)
{
	char		 num[ACL_NUMSZ];
	const char	*s;
	size_t		 len;

	if (!acl_fetch_str(smp, num, &s, &len))
		return false;
	if (len >= w->outsz)
		len = w->outsz - 1;
	memcpy(w->out, s, len);
	w->out[len] = '\0';
	w->outlen = (long)len;
	return !w->last;
}

long
sample_eval(const struct sample_expr *x, const struct acl_env *env,
    char *out, size_t outsz)
{
	struct acl_walk	w;

	if (outsz == 0 || x == NULL || x->def == NULL)
		return -1;
	memset(&w, 0, sizeof(w));
	w.t = &x->t;
	w.env = env;
	w.sink = sample_sink;
	w.out = out;
	w.outsz = outsz;
	w.outlen = -1;
	x->def->fn(&w);
	return w.outlen;
}
