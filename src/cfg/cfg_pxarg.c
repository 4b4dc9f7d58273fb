/*
 * cfg_pxarg: argument helpers of the proxy keyword files (cfg_kw_proxy.c,
 * cfg_kw_option.c): integers, times, sizes, words from a list, header
 * names, networks.  Every message names the keyword and points at the
 * bad word, and a hint repeats the row's syntax.  Nothing here writes to
 * the proxy, prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "cfg/cfg_pxarg.h"
#include "cfg/cfg_value.h"

/* "syntax: KW SYNTAX" after an error, when the row has a syntax. */
void
cfg_pxarg_syntax_hint(struct cfg_ctx *ctx)
{
	if (ctx->kw->syntax != NULL)
		diag_hint(ctx->d, "syntax: %s %s", ctx->kw->name,
		    ctx->kw->syntax);
}

/* "'KW': ERR" at A, then the syntax hint; returns -1. */
int
cfg_pxarg_bad(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *err)
{
	diag_error(ctx->d, &a->pos, "'%s': %s", ctx->kw->name, err);
	cfg_pxarg_syntax_hint(ctx);
	return -1;
}

/* An unsigned integer in [MIN, MAX]. */
int
cfg_pxarg_uint(struct cfg_ctx *ctx, const struct cfg_arg *a,
    unsigned long min, unsigned long max, unsigned *out)
{
	char		err[256];
	unsigned long	v;

	if (cfg_value_uint(a->s, min, max, &v, err, sizeof(err)) < 0)
		return cfg_pxarg_bad(ctx, a, err);
	*out = (unsigned)v;
	return 0;
}

/* A signed integer in [MIN, MAX]. */
int
cfg_pxarg_int(struct cfg_ctx *ctx, const struct cfg_arg *a, long min,
    long max, int *out)
{
	char	err[256];
	long	v;

	if (cfg_value_int(a->s, min, max, &v, err, sizeof(err)) < 0)
		return cfg_pxarg_bad(ctx, a, err);
	*out = (int)v;
	return 0;
}

/* A time in milliseconds; U is the unit of a bare number. */
int
cfg_pxarg_time(struct cfg_ctx *ctx, const struct cfg_arg *a,
    enum cfg_time_unit u, uint32_t *ms)
{
	char	err[256];

	if (cfg_value_time(a->s, u, ms, err, sizeof(err)) < 0)
		return cfg_pxarg_bad(ctx, a, err);
	return 0;
}

/* A size in bytes, at most MAX. */
int
cfg_pxarg_size(struct cfg_ctx *ctx, const struct cfg_arg *a, uint64_t max,
    uint64_t *out)
{
	char	err[256];

	if (cfg_value_size(a->s, max, out, err, sizeof(err)) < 0)
		return cfg_pxarg_bad(ctx, a, err);
	return 0;
}

/* "'a', 'b' or 'c'" for hints (CONJ is "or" or "and"). */
const char *
cfg_pxarg_list(const char *const *names, size_t n, const char *conj,
    char *buf, size_t len)
{
	size_t	i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0 && i + 1 == n) {
			strncat(buf, " ", len - strlen(buf) - 1);
			strncat(buf, conj, len - strlen(buf) - 1);
			strncat(buf, " ", len - strlen(buf) - 1);
		} else if (i > 0)
			strncat(buf, ", ", len - strlen(buf) - 1);
		strncat(buf, "'", len - strlen(buf) - 1);
		strncat(buf, names[i], len - strlen(buf) - 1);
		strncat(buf, "'", len - strlen(buf) - 1);
	}
	return buf;
}

/* Hint after an unknown word: the closest name, else the whole list. */
void
cfg_pxarg_suggest(struct cfg_ctx *ctx, const char *word,
    const char *const *names, size_t n)
{
	const char	*s = cfg_kw_suggest(word, names, n);
	char		 buf[512];

	if (s != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else
		diag_hint(ctx->d, "expected %s%s", n > 2 ? "one of " : "",
		    cfg_pxarg_list(names, n, "or", buf, sizeof(buf)));
}

/* Index of A's text in NAMES, or -1 after reporting it as an unknown WHAT. */
int
cfg_pxarg_pick(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const char *const *names, size_t n, const char *what)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(a->s, names[i]) == 0)
			return (int)i;
	diag_error(ctx->d, &a->pos, "'%s': unknown %s '%s'", ctx->kw->name,
	    what, a->s);
	cfg_pxarg_suggest(ctx, a->s, names, n);
	return -1;
}

/* RFC 7230 tchar: what a header or cookie name may contain. */
static bool
px_tchar(int c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) !=
	    NULL);
}

/* A header name (token); WHAT says which one in the message. */
int
cfg_pxarg_token(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *what)
{
	struct cfg_pos	pos;
	size_t		i;

	for (i = 0; i < a->len; i++) {
		unsigned char	c = (unsigned char)a->s[i];

		if (px_tchar(c))
			continue;
		pos = cfg_arg_subpos(a, i, 1);
		if (isprint(c))
			diag_error(ctx->d, &pos, "'%s': character '%c' is not "
			    "allowed in %s '%s'", ctx->kw->name, c, what, a->s);
		else
			diag_error(ctx->d, &pos, "'%s': byte 0x%02x is not "
			    "allowed in %s '%s'", ctx->kw->name, c, what, a->s);
		diag_hint(ctx->d, "a name is a token: letters, digits and "
		    "!#$%%&'*+-.^_`|~");
		return -1;
	}
	if (a->len == 0)
		return cfg_pxarg_bad(ctx, a, "empty name");
	return 0;
}

/* Keep the first LEN bits of a network address. */
static void
px_net_mask(struct net_conf *n)
{
	unsigned	i, bits = n->family == AF_INET ? 32 : 128;

	for (i = n->prefix; i < bits; i++)
		n->addr[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
}

/* Prefix length of a dotted IPv4 mask; -1 when it has holes. */
static int
px_dotted_mask(const char *s)
{
	struct in_addr	m;
	uint32_t	v;
	int		n = 0;

	if (inet_pton(AF_INET, s, &m) != 1)
		return -1;
	v = ntohl(m.s_addr);
	while (v & 0x80000000u) {
		v <<= 1;
		n++;
	}
	return v == 0 ? n : -1;
}

/* "ADDR[/LEN]" or "ADDR/DOTTED.MASK" (IPv4 or IPv6). */
int
cfg_pxarg_net(struct cfg_ctx *ctx, const struct cfg_arg *a, struct net_conf *n)
{
	char		 buf[INET6_ADDRSTRLEN + 20], *mask;
	unsigned long	 v;
	unsigned	 max;
	int		 m;
	char		 err[128];

	memset(n, 0, sizeof(*n));
	n->pos = a->pos;
	if (a->len >= sizeof(buf))
		goto bad;
	memcpy(buf, a->s, a->len + 1);
	if ((mask = strchr(buf, '/')) != NULL)
		*mask++ = '\0';
	if (inet_pton(AF_INET, buf, n->addr) == 1)
		n->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, n->addr) == 1)
		n->family = AF_INET6;
	else
		goto bad;
	max = n->family == AF_INET ? 32 : 128;
	n->prefix = max;
	if (mask != NULL && n->family == AF_INET && strchr(mask, '.')) {
		if ((m = px_dotted_mask(mask)) < 0)
			goto bad;
		n->prefix = (unsigned)m;
	} else if (mask != NULL) {
		if (cfg_value_uint(mask, 0, max, &v, err, sizeof(err)) < 0)
			goto bad;
		n->prefix = (unsigned)v;
	}
	px_net_mask(n);
	return 0;
bad:
	diag_error(ctx->d, &a->pos, "'%s': '%s' is not a network",
	    ctx->kw->name, a->s);
	diag_hint(ctx->d, "write an IPv4 or IPv6 address with an optional "
	    "'/prefix-length' (or IPv4 '/dotted.mask'), e.g. 10.0.0.0/8");
	return -1;
}

/* All words from FROM, joined by single spaces, in the config arena. */
const char *
cfg_pxarg_join(struct cfg_ctx *ctx, const struct cfg_line *l, size_t from)
{
	size_t	 i, n = 1;
	char	*s, *p;

	for (i = from; i < l->nargs; i++)
		n += l->args[i].len + 1;
	s = p = arena_alloc(&ctx->cfg->arena, n);
	for (i = from; i < l->nargs; i++) {
		if (p > s)
			*p++ = ' ';
		memcpy(p, l->args[i].s, l->args[i].len);
		p += l->args[i].len;
	}
	*p = '\0';
	return s;
}
