/*
 * cfg_args: turning a keyword's words into values.  Typed argument helpers
 * (time, integer, size, address, regex, a word among names, a sub-word with
 * its exact position) report at the argument's position into the context's
 * diagnostics; the generic setters write one such value into the global or
 * proxy model at the row's offset.  Owns nothing: copies and compiled
 * regexes belong to the config being built.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cfg/cfg_args.h"
#include "cfg/cfg_keywords.h"
#include "base/regex.h"
#include "base/xmalloc.h"

/* ------------------------------------------------------------------ */
/* Typed argument helpers */

void *
cfg_ctx_base(struct cfg_ctx *ctx)
{
	if (ctx->section == CFG_S_GLOBAL)
		return &ctx->cfg->global;
	return ctx->px;
}

int
cfg_arg_time(struct cfg_ctx *ctx, const struct cfg_arg *a,
    enum cfg_time_unit unit, uint32_t *ms)
{
	char	err[256];

	if (cfg_value_time(a->s, unit, ms, err, sizeof(err)) < 0) {
		diag_error(ctx->d, &a->pos, "%s", err);
		return -1;
	}
	return 0;
}

int
cfg_arg_uint(struct cfg_ctx *ctx, const struct cfg_arg *a, unsigned long min,
    unsigned long max, uint32_t *out)
{
	char		err[256];
	unsigned long	v;

	if (cfg_value_uint(a->s, min, max, &v, err, sizeof(err)) < 0) {
		diag_error(ctx->d, &a->pos, "%s", err);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int
cfg_arg_size(struct cfg_ctx *ctx, const struct cfg_arg *a, uint64_t max,
    uint64_t *out)
{
	char	err[256];

	if (cfg_value_size(a->s, max, out, err, sizeof(err)) < 0) {
		diag_error(ctx->d, &a->pos, "%s", err);
		return -1;
	}
	return 0;
}

int
cfg_arg_addr(struct cfg_ctx *ctx, const struct cfg_arg *a, enum addr_use use,
    struct addr_spec *out)
{
	char		err[256];
	size_t		off = 0;
	struct cfg_pos	pos = a->pos;

	if (addr_parse(a->s, use, out, err, sizeof(err), &off) < 0) {
		/* Point at the offending byte when the word was not
		 * rewritten by quotes or escapes. */
		if (!(a->flags & (CFG_A_QUOTED | CFG_A_EXPANDED)) &&
		    a->len == a->pos.len && off < a->len) {
			pos.col += (unsigned)off;
			pos.len = (unsigned)(a->len - off);
		}
		diag_error(ctx->d, &pos, "%s", err);
		return -1;
	}
	return 0;
}

struct rx *
cfg_arg_regex(struct cfg_ctx *ctx, const struct cfg_arg *a, unsigned rxflags)
{
	char		 err[256];
	struct rx	*rx = rx_compile(a->s, rxflags, err, sizeof(err));

	if (rx == NULL) {
		diag_error(ctx->d, &a->pos, "%s", err);
		return NULL;
	}
	config_own_rx(ctx->cfg, rx);
	return rx;
}

const char *
cfg_arg_dup(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	return arena_strndup(&ctx->cfg->arena, a->s, a->len);
}

/* "a, b or c" into BUF, for hints. */
static const char *
kw_join(const char *const *names, size_t n, char *buf, size_t len)
{
	size_t	i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strncat(buf, i + 1 == n ? " or " : ", ",
			    len - strlen(buf) - 1);
		strncat(buf, "'", len - strlen(buf) - 1);
		strncat(buf, names[i], len - strlen(buf) - 1);
		strncat(buf, "'", len - strlen(buf) - 1);
	}
	return buf;
}

/* How many bytes of A's source come before its text (0 as written, 1
 * for a plain quoted string), or -1 when quotes, escapes or variables
 * moved its bytes so that no column inside it is exact. */
static int
kw_arg_skip(const struct cfg_arg *a)
{
	if (a->flags & CFG_A_EXPANDED)
		return -1;
	if (!(a->flags & CFG_A_QUOTED) && a->pos.len == a->len)
		return 0;
	if (a->flags & CFG_A_QUOTED && a->pos.len == a->len + 2)
		return 1;
	return -1;
}

/*
 * The position of bytes [OFF, OFF + LEN) of A's text.  Exact when the word
 * is its own source text, or a plain quoted string; else the whole word.
 */
struct cfg_pos
cfg_arg_subpos(const struct cfg_arg *a, size_t off, size_t len)
{
	struct cfg_pos	pos = a->pos;
	int		skip = kw_arg_skip(a);

	if (skip < 0 || off >= a->len)
		return pos;
	if (len == 0 || off + len > a->len)
		len = a->len - off;
	pos.col += (unsigned)skip + (unsigned)off;
	pos.len = (unsigned)len;
	return pos;
}

/* Bytes [OFF, OFF + LEN) of A as a word of their own, in the arena. */
struct cfg_arg
cfg_arg_sub(struct cfg_ctx *ctx, const struct cfg_arg *a, size_t off,
    size_t len)
{
	struct cfg_arg	e;

	if (off > a->len)
		off = a->len;
	if (len > a->len - off)
		len = a->len - off;
	e.s = arena_strndup(&ctx->cfg->arena, a->s + off, len);
	e.len = len;
	e.pos = cfg_arg_subpos(a, off, len);
	/* Inexact: mark it so that positions inside it stay whole. */
	e.flags = kw_arg_skip(a) < 0 || len == 0 ? CFG_A_EXPANDED : 0;
	return e;
}

/* Index of A among NAMES, or -1 after an error naming WHAT. */
int
cfg_arg_word(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *kw,
    const char *what, const char *const *names, size_t n)
{
	const char	*s;
	char		 buf[512];
	size_t		 i;

	for (i = 0; i < n; i++)
		if (strcmp(a->s, names[i]) == 0)
			return (int)i;
	diag_error(ctx->d, &a->pos, "'%s': unknown %s '%s'", kw, what, a->s);
	if ((s = cfg_kw_suggest(a->s, names, n)) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else
		diag_hint(ctx->d, "expected %s", kw_join(names, n, buf,
		    sizeof(buf)));
	return -1;
}

/* ------------------------------------------------------------------ */
/* Generic setters */

int
cfg_set_time_ms(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	uint32_t	*p = (uint32_t *)((char *)cfg_ctx_base(ctx) +
			    ctx->kw->offset);

	(void)d;
	return cfg_arg_time(ctx, &l->args[ctx->argi], CFG_TU_MS, p);
}

int
cfg_set_uint(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	uint32_t	*p = (uint32_t *)((char *)cfg_ctx_base(ctx) +
			    ctx->kw->offset);

	(void)d;
	return cfg_arg_uint(ctx, &l->args[ctx->argi], 0, UINT32_MAX - 1, p);
}

int
cfg_set_flag(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	bool	*p = (bool *)((char *)cfg_ctx_base(ctx) + ctx->kw->offset);

	(void)l;
	(void)d;
	*p = !ctx->negate;
	return 0;
}

int
cfg_set_string(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const char	**p = (const char **)((char *)cfg_ctx_base(ctx) +
			    ctx->kw->offset);

	(void)d;
	*p = cfg_arg_dup(ctx, &l->args[ctx->argi]);
	return 0;
}

