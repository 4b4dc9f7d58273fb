/*
 * check_arena.c: unit tests for arena.c, the chunked bump allocator:
 * zeroed 16-byte aligned blocks that never overlap, big blocks, the
 * string helpers, and arena_clear().
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "base/arena.h"

#include "base/nitems.h"

#define ALIGN	16
#define MAXOPS	8

/* Each row allocates SIZES[0..] in turn, REPEAT times over. */
static const struct {
	const char	*name;
	size_t		 sizes[MAXOPS];
	size_t		 nsizes;	/* entries used in SIZES */
	unsigned	 repeat;
} alloc_cases[] = {
	{ "one byte", { 1 }, 1, 1 },
	{ "zero bytes", { 0 }, 1, 3 },
	{ "exactly aligned", { 16, 32, 48 }, 3, 1 },
	{ "odd sizes", { 1, 2, 3, 15, 17, 31, 33 }, 7, 10 },
	{ "fill several chunks", { 100 }, 1, 3000 },
	{ "a whole chunk", { 65536 }, 1, 3 },
	{ "more than a chunk", { 65537, 1 }, 2, 3 },
	{ "big after small", { 10, 20000, 10 }, 3, 5 },
	{ "just under a quarter", { 16384, 8 }, 2, 10 },
	{ "huge", { 1 << 20, 3 }, 2, 2 },
	{ "mixed", { 5, 70000, 4096, 0, 16385, 64000, 1 }, 7, 4 },
};

struct block {
	unsigned char	*p;
	size_t		 n;
	unsigned char	 fill;
};

START_TEST(test_alloc)
{
	struct arena	 a;
	struct block	*b;
	size_t		 nb = 0, cap, i, j, want_total = 0;
	unsigned	 r;

	cap = alloc_cases[_i].nsizes * alloc_cases[_i].repeat;
	b = calloc(cap, sizeof(*b));
	ck_assert_ptr_nonnull(b);
	arena_init(&a);
	ck_assert_uint_eq(a.total, 0);
	for (r = 0; r < alloc_cases[_i].repeat; r++) {
		for (i = 0; i < alloc_cases[_i].nsizes; i++) {
			size_t		 n = alloc_cases[_i].sizes[i];
			unsigned char	*p = arena_alloc(&a, n);

			ck_assert_msg(p != NULL, "row %d '%s': NULL", _i,
			    alloc_cases[_i].name);
			ck_assert_msg(((uintptr_t)p % ALIGN) == 0,
			    "row %d '%s': %p not aligned", _i,
			    alloc_cases[_i].name, (void *)p);
			for (j = 0; j < n && p[j] == 0; j++)
				;
			ck_assert_msg(j == n, "row %d '%s': byte %zu of block "
			    "%zu not zeroed", _i, alloc_cases[_i].name, j, nb);
			b[nb].p = p;
			b[nb].n = n;
			b[nb].fill = (unsigned char)(nb * 7 + 1);
			memset(p, b[nb].fill, n);
			nb++;
			want_total += n == 0 ? ALIGN :
			    (n + ALIGN - 1) / ALIGN * ALIGN;
		}
	}
	/* No block was overwritten by a later one. */
	for (i = 0; i < nb; i++) {
		for (j = 0; j < b[i].n && b[i].p[j] == b[i].fill; j++)
			;
		ck_assert_msg(j == b[i].n,
		    "row %d '%s': block %zu (size %zu) overwritten at %zu",
		    _i, alloc_cases[_i].name, i, b[i].n, j);
	}
	ck_assert_msg(a.total == want_total, "row %d '%s': total %zu, want %zu",
	    _i, alloc_cases[_i].name, a.total, want_total);
	arena_clear(&a);
	ck_assert_ptr_null(a.head);
	ck_assert_uint_eq(a.total, 0);
	/* Usable again after a clear. */
	ck_assert_ptr_nonnull(arena_alloc(&a, 8));
	arena_clear(&a);
	free(b);
}
END_TEST

static const struct {
	const char	*in;
	size_t		 n;		/* for strndup */
	const char	*want;
} strndup_cases[] = {
	{ "abcdef", 3, "abc" },
	{ "abcdef", 6, "abcdef" },
	{ "abcdef", 0, "" },
	{ "", 0, "" },
	{ "a\0b", 3, "a" },		/* copies N bytes, NUL-terminates */
};

START_TEST(test_strndup)
{
	struct arena	 a;
	char		*p;

	arena_init(&a);
	p = arena_strndup(&a, strndup_cases[_i].in, strndup_cases[_i].n);
	ck_assert_msg(strcmp(p, strndup_cases[_i].want) == 0,
	    "row %d '%s' %zu: got '%s'", _i, strndup_cases[_i].in,
	    strndup_cases[_i].n, p);
	ck_assert_msg(memcmp(p, strndup_cases[_i].in, strndup_cases[_i].n) == 0,
	    "row %d '%s': bytes", _i, strndup_cases[_i].in);
	ck_assert_int_eq(p[strndup_cases[_i].n], '\0');
	ck_assert_ptr_ne(p, strndup_cases[_i].in);
	arena_clear(&a);
}
END_TEST

static const struct {
	const char	*in;
} strdup_cases[] = {
	{ "" }, { "x" }, { "hello world" },
	{ "exactly 15 char" }, { "exactly 16 chars" },
};

START_TEST(test_strdup)
{
	struct arena	 a;
	char		*p;

	arena_init(&a);
	p = arena_strdup(&a, strdup_cases[_i].in);
	ck_assert_msg(strcmp(p, strdup_cases[_i].in) == 0, "row %d '%s'", _i,
	    strdup_cases[_i].in);
	ck_assert_ptr_ne(p, strdup_cases[_i].in);
	arena_clear(&a);
}
END_TEST

START_TEST(test_printf)
{
	struct arena	 a;
	char		*p, *big;
	size_t		 n = 200000;

	arena_init(&a);
	p = arena_printf(&a, "%s-%d-%c", "x", 42, 'z');
	ck_assert_str_eq(p, "x-42-z");
	p = arena_printf(&a, "%s", "");
	ck_assert_str_eq(p, "");
	/* Longer than a chunk. */
	big = malloc(n + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, 'q', n);
	big[n] = '\0';
	p = arena_printf(&a, "<%s>", big);
	ck_assert_uint_eq(strlen(p), n + 2);
	ck_assert_int_eq(p[0], '<');
	ck_assert_int_eq(p[n + 1], '>');
	free(big);
	arena_clear(&a);
}
END_TEST

START_TEST(test_memdup)
{
	static const unsigned char	 src[] = { 0, 1, 2, 0, 255, 7 };
	struct arena			 a;
	unsigned char			*p;
	struct {
		int	 i;
		double	 d;
	}				 s = { 7, 1.5 }, *q;

	arena_init(&a);
	p = arena_memdup(&a, src, sizeof(src));
	ck_assert_int_eq(memcmp(p, src, sizeof(src)), 0);
	ck_assert_ptr_ne(p, src);
	q = arena_memdup(&a, &s, sizeof(s));
	ck_assert_int_eq(q->i, 7);
	ck_assert(q->d == 1.5);
	ck_assert_uint_eq((uintptr_t)q % ALIGN, 0);
	arena_clear(&a);
}
END_TEST

/* A big one-off block does not waste the current chunk's free space: the
 * next small block comes right after the previous small one. */
START_TEST(test_big_keeps_head)
{
	struct arena	 a;
	char		*p1, *big, *p2;

	arena_init(&a);
	p1 = arena_alloc(&a, 16);
	big = arena_alloc(&a, 100000);
	p2 = arena_alloc(&a, 16);
	ck_assert_ptr_nonnull(big);
	ck_assert_ptr_eq(p2, p1 + 16);
	memset(big, 1, 100000);
	ck_assert_int_eq(p1[0] + p2[0], 0);
	arena_clear(&a);
}
END_TEST

/* Clearing an arena that was never used is fine, and so is clearing twice. */
START_TEST(test_clear_empty)
{
	struct arena	a;

	arena_init(&a);
	arena_clear(&a);
	arena_clear(&a);
	ck_assert_ptr_null(a.head);
	ck_assert_uint_eq(a.total, 0);
}
END_TEST

static Suite *
arena_suite(void)
{
	Suite	*s = suite_create("arena");
	TCase	*tc = tcase_create("arena");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_alloc, 0, (int)nitems(alloc_cases));
	tcase_add_loop_test(tc, test_strndup, 0, (int)nitems(strndup_cases));
	tcase_add_loop_test(tc, test_strdup, 0, (int)nitems(strdup_cases));
	tcase_add_test(tc, test_printf);
	tcase_add_test(tc, test_memdup);
	tcase_add_test(tc, test_big_keeps_head);
	tcase_add_test(tc, test_clear_empty);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(arena_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
