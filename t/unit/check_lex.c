/*
 * check_lex.c: unit tests for cfg_lex.c, the HAProxy 2.6 tokenizer
 * (spec haproxy-semantics.md §1.1-1.3): quotes, comments, backslash
 * escapes, environment variables, line endings, word positions and flags.
 *
 * Each row is lexed to the end; the statements are dumped as "[w1][w2]",
 * joined by ';', a line refused with a lexical error dumps as "!", and bytes
 * outside 0x20-0x7e dump as "<HH>".
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "base/arena.h"
#include "cfg/cfg_lex.h"
#include "base/diag.h"

#include "base/nitems.h"

#define TFILE	"test.cfg"

/* Environment every row sees. */
static void
lex_env(void)
{
	setenv("HT_A", "alpha", 1);
	setenv("HT_SP", " one two\t three ", 1);
	setenv("HT_E", "", 1);
	unsetenv("HT_U");
}

struct lex_result {
	char		*dump;
	size_t		 dumplen;
	struct diag	 d;
	struct arena	 arena;
};

static void
dump_args(FILE *fp, const struct cfg_arg *args, size_t nargs)
{
	size_t	i, j;

	for (i = 0; i < nargs; i++) {
		fputc('[', fp);
		for (j = 0; j < args[i].len; j++) {
			unsigned char	c = (unsigned char)args[i].s[j];

			if (c < 0x20 || c > 0x7e)
				fprintf(fp, "<%02x>", c);
			else
				fputc(c, fp);
		}
		fputc(']', fp);
		ck_assert_msg(args[i].s[args[i].len] == '\0',
		    "word %zu is not NUL-terminated", i);
	}
}

/* Lex the whole of IN (LEN bytes, 0 = strlen). */
static void
lex_all(struct lex_result *r, const char *in, size_t len)
{
	struct cfg_lexer	 lx;
	struct cfg_arg		*args;
	size_t			 nargs;
	struct cfg_pos		 linepos;
	FILE			*fp;
	int			 rc, first = 1, guard = 0;

	if (len == 0)
		len = strlen(in);
	diag_init(&r->d);
	arena_init(&r->arena);
	fp = open_memstream(&r->dump, &r->dumplen);
	ck_assert_ptr_nonnull(fp);
	cfg_lex_init(&lx, TFILE, in, len, &r->arena, &r->d);
	while ((rc = cfg_lex_line(&lx, &args, &nargs, &linepos)) != 0) {
		ck_assert_int_lt(++guard, 1000);
		if (!first)
			fputc(';', fp);
		first = 0;
		if (rc < 0) {
			fputc('!', fp);
			continue;
		}
		ck_assert_msg(nargs > 0 && nargs <= CFG_LEX_MAX_WORDS,
		    "bad nargs %zu", nargs);
		dump_args(fp, args, nargs);
	}
	fclose(fp);
}

static void
lex_free(struct lex_result *r)
{
	free(r->dump);
	diag_clear(&r->d);
	arena_clear(&r->arena);
}

/* 64 words ("w"), and the dump of 64 words. */
#define W8	"w w w w w w w w "
#define W64	W8 W8 W8 W8 W8 W8 W8 W8
#define D8	"[w][w][w][w][w][w][w][w]"
#define D64	D8 D8 D8 D8 D8 D8 D8 D8

static const struct {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	const char	*want;		/* dump, see the top of the file */
	unsigned	 nerr, nwarn;
	unsigned	 line, col;	/* of the first message, if any */
	const char	*msg;		/* substring of the first message */
} lex_cases[] = {
	/* words and blanks */
	{ "global\n", 0, "[global]", 0, 0, 0, 0, NULL },
	{ "  bind  :80\t ssl  \n", 0, "[bind][:80][ssl]", 0, 0, 0, 0, NULL },
	{ "a\vb\fc\n", 0, "[a][b][c]", 0, 0, 0, 0, NULL },
	{ "a\nb c\n", 0, "[a];[b][c]", 0, 0, 0, 0, NULL },
	{ "\n\n   \n\t\n", 0, "", 0, 0, 0, 0, NULL },
	{ "", 0, "", 0, 0, 0, 0, NULL },
	/* quotes concatenate with their neighbours */
	{ "a\"b c\"d'e f'g\n", 0, "[ab cde fg]", 0, 0, 0, 0, NULL },
	{ "\"a b\" 'c d'\n", 0, "[a b][c d]", 0, 0, 0, 0, NULL },
	{ "\"'\" '\"'\n", 0, "['][\"]", 0, 0, 0, 0, NULL },
	{ "\"\"\n", 0, "[]", 0, 0, 0, 0, NULL },
	{ "''\n", 0, "[]", 0, 0, 0, 0, NULL },
	{ "a \"\" b\n", 0, "[a][][b]", 0, 0, 0, 0, NULL },
	{ "x\"\"y\n", 0, "[xy]", 0, 0, 0, 0, NULL },
	/* comments */
	{ "# only a comment\n", 0, "", 0, 0, 0, 0, NULL },
	{ "   # indented comment\n", 0, "", 0, 0, 0, 0, NULL },
	{ "global#this\n", 0, "[global]", 0, 0, 0, 0, NULL },
	{ "11[x]#comment x y\n", 0, "[11[x]]", 0, 0, 0, 0, NULL },
	{ "a # b c\n", 0, "[a]", 0, 0, 0, 0, NULL },
	{ "\"a#b\" 'c#d' e\\#f\n", 0, "[a#b][c#d][e#f]", 0, 0, 0, 0, NULL },
	/* backslash escapes, unquoted */
	{ "a\\ b\n", 0, "[a b]", 0, 0, 0, 0, NULL },
	{ "a\\\\b\n", 0, "[a\\b]", 0, 0, 0, 0, NULL },
	{ "a\\#b\n", 0, "[a#b]", 0, 0, 0, 0, NULL },
	{ "a\\'b\n", 0, "[a'b]", 0, 0, 0, 0, NULL },
	{ "a\\\"b\n", 0, "[a\"b]", 0, 0, 0, 0, NULL },
	{ "a\\tb\\nc\\rd\n", 0, "[a<09>b<0a>c<0d>d]", 0, 0, 0, 0, NULL },
	{ "\\x41\\x6a\\x4A\\x7e\n", 0, "[AjJ~]", 0, 0, 0, 0, NULL },
	{ "\\x00z\n", 0, "[<00>z]", 0, 0, 0, 0, NULL },
	{ "\\xff\n", 0, "[<ff>]", 0, 0, 0, 0, NULL },
	{ "ab \\x4\n", 0, "!", 1, 0, 1, 4, "truncated or invalid hexadecimal" },
	{ "ab \\x4g\n", 0, "!", 1, 0, 1, 4, "hexadecimal" },
	{ "\\xZZ\n", 0, "!", 1, 0, 1, 1, "hexadecimal" },
	{ "x \\x\n", 0, "!", 1, 0, 1, 3, "hexadecimal" },
	{ "\\$X\n", 0, "[\\$X]", 0, 0, 0, 0, NULL },
	{ "\\1 \\. \\z \\d+\n", 0, "[\\1][\\.][\\z][\\d+]", 0, 0, 0, 0, NULL },
	{ "a\\\n", 0, "[a\\]", 0, 0, 0, 0, NULL },	/* no continuation */
	{ "a\\\nb\n", 0, "[a\\];[b]", 0, 0, 0, 0, NULL },
	/* backslash escapes inside double quotes */
	{ "\"\\t\\n\\r\"\n", 0, "[<09><0a><0d>]", 0, 0, 0, 0, NULL },
	{ "\"\\x41\\x42\"\n", 0, "[AB]", 0, 0, 0, 0, NULL },
	{ "\"a\\ b\\\\c\\#d\\'e\\\"f\"\n", 0, "[a b\\c#d'e\"f]", 0, 0, 0, 0,
	    NULL },
	{ "\"\\$HT_A\"\n", 0, "[$HT_A]", 0, 0, 0, 0, NULL },
	{ "\"\\1\\.\"\n", 0, "[\\1\\.]", 0, 0, 0, 0, NULL },
	{ "\"a\\x4\"\n", 0, "!", 1, 0, 1, 3, "hexadecimal" },
	/* single quotes are literal */
	{ "'\\x41 \\\\ \\n $HT_A \"'\n", 0, "[\\x41 \\\\ \\n $HT_A \"]",
	    0, 0, 0, 0, NULL },
	{ "'${HT_U}'\n", 0, "[${HT_U}]", 0, 0, 0, 0, NULL },
	/* environment variables, double quotes only */
	{ "\"$HT_A\"\n", 0, "[alpha]", 0, 0, 0, 0, NULL },
	{ "\"${HT_A}x\"\n", 0, "[alphax]", 0, 0, 0, 0, NULL },
	{ "\"$HT_A.x\"\n", 0, "[alpha.x]", 0, 0, 0, 0, NULL },
	{ "\"$HT_Ax\"\n", 0, "[]", 0, 1, 1, 2, "'HT_Ax' is not set" },
	{ "\"<$HT_A>\" \"$HT_A$HT_A\"\n", 0, "[<alpha>][alphaalpha]",
	    0, 0, 0, 0, NULL },
	{ "pre\"$HT_A\"post\n", 0, "[prealphapost]", 0, 0, 0, 0, NULL },
	{ "\"${HT_U-def val}\"\n", 0, "[def val]", 0, 0, 0, 0, NULL },
	{ "\"${HT_U-}\"\n", 0, "[]", 0, 0, 0, 0, NULL },
	{ "\"${HT_A-def}\"\n", 0, "[alpha]", 0, 0, 0, 0, NULL },
	{ "\"${HT_E-def}\"\n", 0, "[]", 0, 0, 0, 0, NULL },
	{ "\"$HT_E\"\n", 0, "[]", 0, 0, 0, 0, NULL },
	{ "\"${HT_SP[*]}\"\n", 0, "[one][two][three]", 0, 0, 0, 0, NULL },
	{ "x \"<${HT_SP[*]}>\" y\n", 0, "[x][<one][two][three>][y]",
	    0, 0, 0, 0, NULL },
	{ "\"${HT_A[*]}\"\n", 0, "[alpha]", 0, 0, 0, 0, NULL },
	{ "\"${HT_E[*]}\"\n", 0, "[]", 0, 0, 0, 0, NULL },
	{ "\"${HT_A[x]}\"\n", 0, "!", 1, 0, 1, 8, "invalid word expansion" },
	{ "a\n\"$.LINE\" \"${.LINE}\"\n", 0, "[a];[2][2]", 0, 0, 0, 0, NULL },
	{ "\"$.FILE:$.LINE\"\n", 0, "[" TFILE ":1]", 0, 0, 0, 0, NULL },
	{ "\"$.SECTION\"\n", 0, "[]", 0, 0, 0, 0, NULL },
	{ "\"$.FOO\"\n", 0, "!", 1, 0, 1, 2, "unknown pseudo-variable" },
	{ "$HT_A ${HT_A}\n", 0, "[$HT_A][${HT_A}]", 0, 0, 0, 0, NULL },
	{ "\"$HT_U\"\n", 0, "[]", 0, 1, 1, 2,
	    "environment variable 'HT_U' is not set" },
	{ "bind \"${HT_U}:80\"\n", 0, "[bind][:80]", 0, 1, 1, 7, "'HT_U'" },
	{ "\"$1\"\n", 0, "!", 1, 0, 1, 3,
	    "forbidden first character in environment variable name" },
	{ "\"${1}\"\n", 0, "!", 1, 0, 1, 4, "forbidden first character" },
	{ "\"$\"\n", 0, "!", 1, 0, 1, 3, "forbidden first character" },
	{ "\"${HT_A\"\n", 0, "!", 1, 0, 1, 3, "unmatched brace" },
	{ "\"${HT_U-abc\"\n", 0, "!", 1, 0, 1, 3, "unmatched brace" },
	/* unmatched quotes: error at the opening quote */
	{ "\"abc\n", 0, "!", 1, 0, 1, 1, "unmatched double quote" },
	{ "ab 'cd\n", 0, "!", 1, 0, 1, 4, "unmatched single quote" },
	{ "a\"b\"c\"d\n", 0, "!", 1, 0, 1, 6, "unmatched double quote" },
	{ "x \"a'b\n", 0, "!", 1, 0, 1, 3, "unmatched double quote" },
	{ "\"x\nglobal\n", 0, "!;[global]", 1, 0, 1, 1, "unmatched" },
	/* line endings */
	{ "global\r\n  maxconn 1\r\n", 0, "[global];[maxconn][1]",
	    0, 0, 0, 0, NULL },
	{ "a\rb\n", 0, "!", 1, 0, 1, 2, "carriage return in the middle" },
	{ "x\n  a b\r c\r\n", 0, "[x];!", 1, 0, 2, 6, "carriage return" },
	{ "ab\0cd\n", 6, "!", 1, 0, 1, 3, "stray NUL byte" },
	{ "ok\n\0\n", 5, "[ok];!", 1, 0, 2, 1, "stray NUL byte" },
	{ "global\n  maxconn 10", 0, "[global];[maxconn][10]", 1, 0, 2, 13,
	    "missing newline at the end of the file" },
	{ "a\n\nb", 0, "[a];[b]", 1, 0, 3, 2, "missing newline" },
	{ "a\n# c", 0, "[a]", 1, 0, 2, 4, "missing newline" },
	/* word count limit */
	{ W64 "\n", 0, D64, 0, 0, 0, 0, NULL },
	{ W64 "x\n", 0, "!", 1, 0, 1, 127, "too many words on one line" },
	{ W64 "x y z\nok\n", 0, "!;[ok]", 1, 0, 1, 127, "the limit is 64" },
	{ W64 "# x y\n", 0, D64, 0, 0, 0, 0, NULL },
};

START_TEST(test_lex)
{
	struct lex_result	 r;
	const struct diag_msg	*m;

	lex_env();
	lex_all(&r, lex_cases[_i].in, lex_cases[_i].len);
	ck_assert_msg(strcmp(r.dump, lex_cases[_i].want) == 0,
	    "row %d '%s': got '%s', want '%s'", _i, lex_cases[_i].in, r.dump,
	    lex_cases[_i].want);
	ck_assert_msg(r.d.nerrors == lex_cases[_i].nerr &&
	    r.d.nwarnings == lex_cases[_i].nwarn,
	    "row %d '%s': %u errors, %u warnings (want %u, %u); first: %s", _i,
	    lex_cases[_i].in, r.d.nerrors, r.d.nwarnings, lex_cases[_i].nerr,
	    lex_cases[_i].nwarn, r.d.nmsgs ? r.d.msgs[0].msg : "-");
	if (lex_cases[_i].msg != NULL) {
		ck_assert_msg(r.d.nmsgs > 0, "row %d '%s': no message", _i,
		    lex_cases[_i].in);
		m = &r.d.msgs[0];
		ck_assert_msg(strstr(m->msg, lex_cases[_i].msg) != NULL,
		    "row %d '%s': message '%s' lacks '%s'", _i,
		    lex_cases[_i].in, m->msg, lex_cases[_i].msg);
		ck_assert_msg(m->pos.line == lex_cases[_i].line &&
		    m->pos.col == lex_cases[_i].col,
		    "row %d '%s': at %u:%u, want %u:%u", _i, lex_cases[_i].in,
		    m->pos.line, m->pos.col, lex_cases[_i].line,
		    lex_cases[_i].col);
		ck_assert_msg(m->pos.file != NULL &&
		    strcmp(m->pos.file, TFILE) == 0, "row %d '%s': file", _i,
		    lex_cases[_i].in);
	}
	lex_free(&r);
}
END_TEST

/* Positions: "LINE:COL+LEN" of every word of every statement. */
static const struct {
	const char	*in;
	const char	*want;
} pos_cases[] = {
	{ "global\n", "1:1+6" },
	{ "  bind :80\n", "1:3+4 1:8+3" },
	{ "\tbind\t:80\n", "1:2+4 1:7+3" },		/* a tab is one column */
	{ "\t\tx\t\ty\n", "1:3+1 1:6+1" },
	{ "a\"b c\"d x\n", "1:1+7 1:9+1" },
	{ "\n\n  x  'y z'\n", "3:3+1 3:6+5" },
	{ "a\\x41b c\n", "1:1+6 1:8+1" },
	{ "a#b\n", "1:1+1" },
	{ "ab\r\ncd ef\r\n", "1:1+2 2:1+2 2:4+2" },
	{ "\"\" x\n", "1:1+2 1:4+1" },
	{ "\"${HT_SP[*]}\" z\n", "1:1+13 1:1+13 1:1+13 1:15+1" },
	{ "# c\n\nk \"$HT_A\"\n", "3:1+1 3:3+7" },
	{ "x\n\"x\ny\n", "1:1+1 3:1+1" },	/* the bad line 2 is skipped */
};

START_TEST(test_pos)
{
	struct cfg_lexer	 lx;
	struct cfg_arg		*args;
	size_t			 nargs, i;
	struct cfg_pos		 linepos;
	struct diag		 d;
	struct arena		 a;
	char			*got;
	size_t			 gotlen;
	FILE			*fp;
	int			 rc;

	lex_env();
	diag_init(&d);
	arena_init(&a);
	fp = open_memstream(&got, &gotlen);
	ck_assert_ptr_nonnull(fp);
	cfg_lex_init(&lx, TFILE, pos_cases[_i].in, strlen(pos_cases[_i].in),
	    &a, &d);
	while ((rc = cfg_lex_line(&lx, &args, &nargs, &linepos)) != 0) {
		if (rc < 0)
			continue;
		ck_assert_msg(linepos.line == args[0].pos.line &&
		    linepos.col == args[0].pos.col,
		    "row %d '%s': linepos %u:%u, first word %u:%u", _i,
		    pos_cases[_i].in, linepos.line, linepos.col,
		    args[0].pos.line, args[0].pos.col);
		for (i = 0; i < nargs; i++) {
			ck_assert_msg(args[i].pos.file != NULL &&
			    strcmp(args[i].pos.file, TFILE) == 0,
			    "row %d: file", _i);
			fprintf(fp, "%s%u:%u+%u", ftell(fp) ? " " : "",
			    args[i].pos.line, args[i].pos.col, args[i].pos.len);
		}
	}
	fclose(fp);
	ck_assert_msg(strcmp(got, pos_cases[_i].want) == 0,
	    "row %d '%s': got '%s', want '%s'", _i, pos_cases[_i].in, got,
	    pos_cases[_i].want);
	free(got);
	diag_clear(&d);
	arena_clear(&a);
}
END_TEST

/* Flags of each word of the first statement: Q(uoted) E(xpanded)
 * U(nquoted $NAME), or '-' for none. */
static const struct {
	const char	*in;
	const char	*want;
} flag_cases[] = {
	{ "a \"b\" 'c' d\"e\"f\n", "- Q Q Q" },
	{ "\"$HT_A\" \"${HT_U-x}\" \"$.LINE\" \"x\"\n", "QE QE QE Q" },
	{ "\"$HT_U\"\n", "QE" },
	{ "$HT_A ${X} $ $1 a$b \\$X\n", "U U - - U -" },
	{ "'$HT_A' \"\\$HT_A\"\n", "Q Q" },
	{ "$HT_A\"x\"\n", "QU" },
	{ "\"\"\n", "Q" },
};

START_TEST(test_flags)
{
	struct cfg_lexer	 lx;
	struct cfg_arg		*args;
	size_t			 nargs, i;
	struct cfg_pos		 linepos;
	struct diag		 d;
	struct arena		 a;
	char			 got[256];
	size_t			 n = 0;

	lex_env();
	diag_init(&d);
	arena_init(&a);
	cfg_lex_init(&lx, TFILE, flag_cases[_i].in, strlen(flag_cases[_i].in),
	    &a, &d);
	ck_assert_int_eq(cfg_lex_line(&lx, &args, &nargs, &linepos), 1);
	got[0] = '\0';
	for (i = 0; i < nargs && n + 8 < sizeof(got); i++) {
		unsigned	f = args[i].flags;

		if (i > 0)
			got[n++] = ' ';
		if (f == 0)
			got[n++] = '-';
		if (f & CFG_A_QUOTED)
			got[n++] = 'Q';
		if (f & CFG_A_EXPANDED)
			got[n++] = 'E';
		if (f & CFG_A_UNQ_DOLLAR)
			got[n++] = 'U';
		got[n] = '\0';
	}
	ck_assert_msg(strcmp(got, flag_cases[_i].want) == 0,
	    "row %d '%s': got '%s', want '%s'", _i, flag_cases[_i].in, got,
	    flag_cases[_i].want);
	ck_assert_int_eq(cfg_lex_line(&lx, &args, &nargs, &linepos), 0);
	diag_clear(&d);
	arena_clear(&a);
}
END_TEST

/* "$.SECTION" reads the lexer's section, which the parser maintains. */
START_TEST(test_section_var)
{
	static const char	 in[] = "x \"<$.SECTION>\"\n";
	struct cfg_lexer	 lx;
	struct cfg_arg		*args;
	size_t			 nargs;
	struct cfg_pos		 linepos;
	struct diag		 d;
	struct arena		 a;

	diag_init(&d);
	arena_init(&a);
	cfg_lex_init(&lx, TFILE, in, strlen(in), &a, &d);
	lx.section = "fe";
	ck_assert_int_eq(cfg_lex_line(&lx, &args, &nargs, &linepos), 1);
	ck_assert_uint_eq(nargs, 2);
	ck_assert_str_eq(args[1].s, "<fe>");
	ck_assert_uint_eq(d.nmsgs, 0);
	diag_clear(&d);
	arena_clear(&a);
}
END_TEST

/* In a false .if branch (set by the parser) an unset variable is not
 * worth a warning, but lexical errors still are. */
START_TEST(test_inactive)
{
	static const char	 in[] = "x \"$HT_U\" \"${HT_U}\"\ny \"$1\"\n";
	struct cfg_lexer	 lx;
	struct cfg_arg		*args;
	size_t			 nargs;
	struct cfg_pos		 linepos;
	struct diag		 d;
	struct arena		 a;

	lex_env();
	diag_init(&d);
	arena_init(&a);
	cfg_lex_init(&lx, TFILE, in, strlen(in), &a, &d);
	lx.inactive = true;
	ck_assert_int_eq(cfg_lex_line(&lx, &args, &nargs, &linepos), 1);
	ck_assert_uint_eq(nargs, 3);
	ck_assert_str_eq(args[1].s, "");
	ck_assert_uint_eq(d.nmsgs, 0);
	ck_assert_int_eq(cfg_lex_line(&lx, &args, &nargs, &linepos), -1);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_uint_eq(d.nwarnings, 0);
	ck_assert_uint_eq(d.msgs[0].pos.line, 2);
	ck_assert_int_eq(cfg_lex_line(&lx, &args, &nargs, &linepos), 0);
	diag_clear(&d);
	arena_clear(&a);
}
END_TEST

/* A very long line: no length limit (2.6 reallocs its buffer). */
START_TEST(test_long_line)
{
	struct cfg_lexer	 lx;
	struct cfg_arg		*args;
	size_t			 nargs, n = 100000;
	struct cfg_pos		 linepos;
	struct diag		 d;
	struct arena		 a;
	char			*in = malloc(n + 8);

	ck_assert_ptr_nonnull(in);
	memcpy(in, "k ", 2);
	memset(in + 2, 'v', n);
	memcpy(in + 2 + n, "\n", 2);
	diag_init(&d);
	arena_init(&a);
	cfg_lex_init(&lx, TFILE, in, n + 3, &a, &d);
	ck_assert_int_eq(cfg_lex_line(&lx, &args, &nargs, &linepos), 1);
	ck_assert_uint_eq(nargs, 2);
	ck_assert_uint_eq(args[1].len, n);
	ck_assert_uint_eq(args[1].pos.col, 3);
	ck_assert_uint_eq(args[1].pos.len, n);
	ck_assert_uint_eq(d.nmsgs, 0);
	diag_clear(&d);
	arena_clear(&a);
	free(in);
}
END_TEST

static Suite *
lex_suite(void)
{
	Suite	*s = suite_create("cfg_lex");
	TCase	*tc = tcase_create("cfg_lex");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_lex, 0, (int)nitems(lex_cases));
	tcase_add_loop_test(tc, test_pos, 0, (int)nitems(pos_cases));
	tcase_add_loop_test(tc, test_flags, 0, (int)nitems(flag_cases));
	tcase_add_test(tc, test_section_var);
	tcase_add_test(tc, test_inactive);
	tcase_add_test(tc, test_long_line);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(lex_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
