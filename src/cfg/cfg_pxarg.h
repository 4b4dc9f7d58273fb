/*
 * cfg_pxarg: argument helpers of the proxy keyword files.  Each reports
 * to ctx->d at the argument, naming the keyword (ctx->kw), and returns -1
 * after an error.
 */
#ifndef HAPX_CFG_PXARG_H
#define HAPX_CFG_PXARG_H

#include <stddef.h>
#include <stdint.h>

#include "cfg/cfg_value.h"

struct cfg_arg;
struct cfg_ctx;
struct cfg_line;
struct net_conf;

/* "syntax: KW SYNTAX" as a hint, when the row has a syntax. */
void	 cfg_pxarg_syntax_hint(struct cfg_ctx *);
/* Report "'KW': ERR" at A with the syntax hint; returns -1. */
int	 cfg_pxarg_bad(struct cfg_ctx *, const struct cfg_arg *a,
	    const char *err);
int	 cfg_pxarg_uint(struct cfg_ctx *, const struct cfg_arg *a,
	    unsigned long min, unsigned long max, unsigned *out);
int	 cfg_pxarg_int(struct cfg_ctx *, const struct cfg_arg *a, long min,
	    long max, int *out);
/* A time in ms; U is the unit of a bare number. */
int	 cfg_pxarg_time(struct cfg_ctx *, const struct cfg_arg *a,
	    enum cfg_time_unit u, uint32_t *ms);
int	 cfg_pxarg_size(struct cfg_ctx *, const struct cfg_arg *a,
	    uint64_t max, uint64_t *out);
/* "'a', 'b' CONJ 'c'" into BUF (LEN bytes), for hints; returns BUF. */
const char *cfg_pxarg_list(const char *const *names, size_t n,
	    const char *conj, char *buf, size_t len);
/* Hint after an unknown WORD: the closest of NAMES, else all of them. */
void	 cfg_pxarg_suggest(struct cfg_ctx *, const char *word,
	    const char *const *names, size_t n);
/* Index of A's text among the N NAMES, or -1 after reporting an unknown
 * WHAT. */
int	 cfg_pxarg_pick(struct cfg_ctx *, const struct cfg_arg *a,
	    const char *const *names, size_t n, const char *what);
/* A header or cookie name (an RFC 7230 token); WHAT names it. */
int	 cfg_pxarg_token(struct cfg_ctx *, const struct cfg_arg *a,
	    const char *what);
/* "ADDR[/LEN]" or "ADDR/DOTTED.MASK" into *N, masked. */
int	 cfg_pxarg_net(struct cfg_ctx *, const struct cfg_arg *a,
	    struct net_conf *n);
/* The words of L from FROM, joined by single spaces, in the config
 * arena. */
const char *cfg_pxarg_join(struct cfg_ctx *, const struct cfg_line *l,
	    size_t from);

#endif
