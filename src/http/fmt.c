/*
 * fmt: compile a format string once into items, evaluate the items per
 * request (see fmt.h).  The syntax is model/fmt_lex.c's, shared with the
 * checker and the log compiler; the output is what the rules gave when
 * rewrite.c parsed each format per request.  Nothing here prints or
 * exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine_types.h"
#include "base/nitems.h"
#include "http/acl_env.h"
#include "http/fmt.h"
#include "http/sample.h"
#include "model/fmt_lex.h"
#include "servers/proxy_types.h"

/* Room for one sample's value, as when rules parsed formats per call. */
#define FMT_SMPSZ	8192

enum fmt_kind { FMT_LIT, FMT_SMP, FMT_CI, FMT_CP, FMT_FI, FMT_FP, FMT_F,
	FMT_B, FMT_PID };

struct fmt_item {
	enum fmt_kind		 kind;
	const char		*s;	/* FMT_LIT: into fmt.text */
	size_t			 len;
	struct sample_expr	*smp;	/* FMT_SMP: owned */
};

struct fmt {
	unsigned		 n;
	struct fmt_item		*v;	/* owned */
	char			*text;	/* owned copy of the source */
	char			*host;	/* owned: %H, the host name, looked
					   up once when compiled */
};

/* The variables the rules know, by name (and %H, fmt_add_host()). */
static const struct {
	const char	*name;
	enum fmt_kind	 kind;
} fmt_vars[] = {
	{ "b", FMT_B }, { "ci", FMT_CI }, { "cp", FMT_CP },
	{ "f", FMT_F }, { "fi", FMT_FI }, { "fp", FMT_FP },
	{ "pid", FMT_PID },
};

/* ------------------------------------------------------------------ */
/* Compiling */

static int
fmt_add(struct fmt *f, enum fmt_kind k, const char *s, size_t len)
{
	struct fmt_item	*it;

	/* Adjacent literals are one piece: the output is the same. */
	if (k == FMT_LIT && f->n > 0 && f->v[f->n - 1].kind == FMT_LIT &&
	    f->v[f->n - 1].s + f->v[f->n - 1].len == s) {
		f->v[f->n - 1].len += len;
		return 0;
	}
	it = &f->v[f->n++];
	it->kind = k;
	it->s = s;
	it->len = len;
	it->smp = NULL;
	return 0;
}

static int
fmt_add_sample(struct fmt *f, const char *expr, size_t len,
    const struct config *cfg)
{
	struct sample_expr	*x;

	if ((x = malloc(sizeof(*x))) == NULL)
		return -1;
	/* one hapx cannot run is kept: it has no value */
	(void)sample_compile(x, expr, len, cfg);
	fmt_add(f, FMT_SMP, NULL, 0);
	f->v[f->n - 1].smp = x;
	return 0;
}

/* %H: the host name does not change while hapx runs, so it is a literal
 * of its own, not a system call per evaluation. */
static int
fmt_add_host(struct fmt *f)
{
	char	buf[256];

	if (f->host == NULL) {
		if (gethostname(buf, sizeof(buf)) != 0)
			strcpy(buf, "-");
		buf[sizeof(buf) - 1] = '\0';
		if ((f->host = strdup(buf)) == NULL)
			return -1;
	}
	return fmt_add(f, FMT_LIT, f->host, strlen(f->host));
}

static bool
fmt_var_kind(const char *name, size_t n, enum fmt_kind *k)
{
	size_t	i;

	for (i = 0; i < nitems(fmt_vars); i++)
		if (strlen(fmt_vars[i].name) == n &&
		    memcmp(fmt_vars[i].name, name, n) == 0) {
			*k = fmt_vars[i].kind;
			return true;
		}
	return false;
}

/* Token T of F's text as an item.  What the checker refuses (a bad
 * token) and variables the rules do not know are kept as written, so
 * that a mistake shows in the output. */
static int
fmt_compile_tok(struct fmt *f, const struct fmt_tok *t,
    const struct config *cfg)
{
	const char	*s = f->text;
	enum fmt_kind	 k;

	switch (t->kind) {
	case FT_PCT:
		return fmt_add(f, FMT_LIT, s + t->off, 1);
	case FT_SMP:
		return fmt_add_sample(f, s + t->name_off, t->name_len, cfg);
	case FT_VAR:
		if (t->name_len == 1 && s[t->name_off] == 'H')
			return fmt_add_host(f);
		if (fmt_var_kind(s + t->name_off, t->name_len, &k))
			return fmt_add(f, k, NULL, 0);
		/* FALLTHROUGH */
	case FT_LIT:
	case FT_BAD:
	default:
		return fmt_add(f, FMT_LIT, s + t->off, t->len);
	}
}

struct fmt *
fmt_compile(const char *s, const struct config *cfg)
{
	return fmt_compile_n(s, s != NULL ? strlen(s) : 0, cfg);
}

struct fmt *
fmt_compile_n(const char *s, size_t len, const struct config *cfg)
{
	struct fmt	*f;
	struct fmt_tok	 t;
	size_t		 pos;

	size_t		 ntok = 0;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	if ((f->text = malloc(len + 1)) == NULL) {
		fmt_free(f);
		return NULL;
	}
	if (len > 0)
		memcpy(f->text, s, len);
	f->text[len] = '\0';
	len = strlen(f->text);	/* a NUL ends the format */
	/* One item per token at most (adjacent literals merge). */
	for (pos = 0; fmt_lex_next(f->text, len, &pos, &t);)
		ntok++;
	if ((f->v = calloc(ntok + 1, sizeof(*f->v))) == NULL) {
		fmt_free(f);
		return NULL;
	}
	for (pos = 0; fmt_lex_next(f->text, len, &pos, &t);)
		if (fmt_compile_tok(f, &t, cfg) < 0) {
			fmt_free(f);
			return NULL;
		}
	return f;
}

void
fmt_free(struct fmt *f)
{
	unsigned	i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		free(f->v[i].smp);
	free(f->v);
	free(f->text);
	free(f->host);
	free(f);
}

unsigned
fmt_nitems(const struct fmt *f)
{
	return f != NULL ? f->n : 0;
}

/* ------------------------------------------------------------------ */
/* Evaluating */

void
fmt_put(struct fmt_out *o, const char *s, size_t n)
{
	if (o->cap == 0 || o->len >= o->cap - 1)
		return;
	if (n > o->cap - 1 - o->len)
		n = o->cap - 1 - o->len;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void
fmt_put_encoded(struct fmt_out *o, const char *s, size_t n)
{
	static const char	hex[] = "0123456789ABCDEF";
	char			esc[3];
	size_t			i, from = 0;
	unsigned char		ch;

	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		if (ch == '\t' || (ch >= 0x20 && ch != 0x7f))
			continue;
		fmt_put(o, s + from, i - from);
		esc[0] = '%';
		esc[1] = hex[ch >> 4];
		esc[2] = hex[ch & 15];
		fmt_put(o, esc, 3);
		from = i + 1;
	}
	fmt_put(o, s + from, n - from);
}

/* An address (or its port) as log-format prints it; "-" when unknown. */
static void
fmt_addr(struct fmt_out *o, const struct sockaddr_storage *ss, bool port)
{
	char	buf[INET6_ADDRSTRLEN + 8];
	int	n = -1;

	if (ss != NULL && ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;

		if (port)
			n = snprintf(buf, sizeof(buf), "%u",
			    ntohs(in->sin_port));
		else if (inet_ntop(AF_INET, &in->sin_addr, buf, sizeof(buf)))
			n = (int)strlen(buf);
	} else if (ss != NULL && ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		if (port)
			n = snprintf(buf, sizeof(buf), "%u",
			    ntohs(in6->sin6_port));
		else if (inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof(buf)))
			n = (int)strlen(buf);
	}
	if (n < 0)
		fmt_put(o, "-", 1);
	else
		fmt_put(o, buf, (size_t)n);
}

static void
fmt_proxy_name(struct fmt_out *o, const struct proxy *p)
{
	const char	*s = p != NULL && p->conf != NULL &&
			    p->conf->name != NULL ? p->conf->name : "-";

	fmt_put(o, s, strlen(s));
}

/* "%[expr]": no value gives nothing, as for HTTP rules in HAProxy (the
 * "-" of logs is not used there). */
static void
fmt_sample(struct fmt_out *o, const struct sample_expr *x,
    const struct acl_env *env)
{
	char	val[FMT_SMPSZ];
	long	len;

	len = sample_eval(x, env, val, sizeof(val));
	if (len > 0)
		fmt_put_encoded(o, val, (size_t)len);
}

static void
fmt_item_eval(struct fmt_out *o, const struct fmt_item *it,
    const struct acl_env *env)
{
	char	buf[32];

	switch (it->kind) {
	case FMT_LIT:
		fmt_put(o, it->s, it->len);
		break;
	case FMT_SMP:
		fmt_sample(o, it->smp, env);
		break;
	case FMT_CI:
	case FMT_CP:
		fmt_addr(o, env->src, it->kind == FMT_CP);
		break;
	case FMT_FI:
	case FMT_FP:
		fmt_addr(o, env->dst, it->kind == FMT_FP);
		break;
	case FMT_F:
	case FMT_B:
		fmt_proxy_name(o, it->kind == FMT_F ? env->fe : env->be);
		break;
	case FMT_PID:
		/* The engine's: right after a daemon's fork too. */
		snprintf(buf, sizeof(buf), "%ld", env->eng != NULL ?
		    env->eng->pid : (long)getpid());
		fmt_put(o, buf, strlen(buf));
		break;
	}
}

size_t
fmt_eval(const struct fmt *f, const struct acl_env *env, char *out,
    size_t outsz)
{
	static const struct acl_env	no_env = { .srv_id = -1 };
	struct fmt_out			o = { out, outsz, 0 };
	unsigned			i;

	if (outsz > 0)
		out[0] = '\0';
	if (env == NULL)
		env = &no_env;
	for (i = 0; f != NULL && i < f->n; i++)
		fmt_item_eval(&o, &f->v[i], env);
	return o.len;
}

size_t
fmt_expand(const struct fmt *c, const char *s, const struct acl_env *env,
    char *out, size_t outsz)
{
	return fmt_expand_n(c, s, s != NULL ? strlen(s) : 0, env, out, outsz);
}

size_t
fmt_expand_n(const struct fmt *c, const char *s, size_t len,
    const struct acl_env *env, char *out, size_t outsz)
{
	struct fmt	*once;
	size_t		 n;

	if (c != NULL)
		return fmt_eval(c, env, out, outsz);
	if ((once = fmt_compile_n(s, len, env != NULL && env->eng != NULL ?
	    env->eng->cfg : NULL)) == NULL) {
		if (outsz > 0)
			out[0] = '\0';
		return 0;
	}
	n = fmt_eval(once, env, out, outsz);
	fmt_free(once);
	return n;
}
