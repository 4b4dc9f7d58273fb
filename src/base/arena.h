/*
 * arena: a bump allocator.  Everything allocated from one arena is released
 * by a single arena_clear(); used for tokens, the AST and the model, whose
 * lifetimes are all "until the owner is freed".
 */
#ifndef HAPX_ARENA_H
#define HAPX_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk	*head;	/* newest chunk first; owned */
	size_t			 total;	/* bytes handed out, for stats */
};

void	 arena_init(struct arena *);
void	 arena_clear(struct arena *);
void	*arena_alloc(struct arena *, size_t);	/* zeroed, 16-byte aligned */
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	*arena_memdup(struct arena *, const void *, size_t);

#endif
