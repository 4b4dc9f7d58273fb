/*
 * cfg_args: the shared helpers of keyword handlers that turn one argument
 * into a value (reporting at the argument's position), and the generic
 * setters a row uses with .offset.  See cfg_keywords.h for the rows.
 */
#ifndef HAPX_CFG_ARGS_H
#define HAPX_CFG_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "cfg/cfg_ast.h"
#include "cfg/cfg_value.h"
#include "base/addr.h"
#include "base/diag.h"

struct cfg_ctx;
struct rx;
/* Typed argument helpers: report at the argument's position. */
int	 cfg_arg_time(struct cfg_ctx *, const struct cfg_arg *,
	    enum cfg_time_unit, uint32_t *ms);
int	 cfg_arg_uint(struct cfg_ctx *, const struct cfg_arg *,
	    unsigned long min, unsigned long max, uint32_t *out);
int	 cfg_arg_size(struct cfg_ctx *, const struct cfg_arg *, uint64_t max,
	    uint64_t *out);
int	 cfg_arg_addr(struct cfg_ctx *, const struct cfg_arg *, enum addr_use,
	    struct addr_spec *);
/* Compile a regex at the argument's position; owned by the config. */
struct rx *cfg_arg_regex(struct cfg_ctx *, const struct cfg_arg *,
	    unsigned rxflags);
/* Copy an argument's text into the config arena. */
const char *cfg_arg_dup(struct cfg_ctx *, const struct cfg_arg *);
/* The position of bytes [OFF, OFF + LEN) of A's text (LEN 0: to the end):
 * exact when the word is its own source text or a plain quoted string,
 * else A's whole position. */
struct cfg_pos cfg_arg_subpos(const struct cfg_arg *a, size_t off,
	    size_t len);
/* Bytes [OFF, OFF + LEN) of A as a word of their own (text in the config
 * arena), positioned inside A as cfg_arg_subpos does; when that is not
 * exact, every position inside the new word is A's whole position. */
struct cfg_arg cfg_arg_sub(struct cfg_ctx *, const struct cfg_arg *a,
	    size_t off, size_t len);
/* Index of A's text among the N NAMES, or -1 after "'KW': unknown WHAT"
 * with a did-you-mean or the list of NAMES. */
int	 cfg_arg_word(struct cfg_ctx *, const struct cfg_arg *a,
	    const char *kw, const char *what, const char *const *names,
	    size_t n);
/* The base struct a generic setter writes to (global or proxy). */
void	*cfg_ctx_base(struct cfg_ctx *);

/* Generic setters usable as .parse with .offset. */
int	 cfg_set_time_ms(struct cfg_ctx *, const struct cfg_line *,
	    struct diag *);	/* uint32_t ms, bare = ms */
int	 cfg_set_uint(struct cfg_ctx *, const struct cfg_line *,
	    struct diag *);	/* uint32_t */
int	 cfg_set_flag(struct cfg_ctx *, const struct cfg_line *,
	    struct diag *);	/* bool: true, or false with "no" */
int	 cfg_set_string(struct cfg_ctx *, const struct cfg_line *,
	    struct diag *);	/* const char * */

#endif
