/*
 * check_parse.c: unit tests for cfg_parse.c: statements grouped into
 * sections, conditional blocks (.if/.elif/.else/.endif), the reporting
 * directives (.notice/.warning/.alert/.diag) and statements outside of any
 * section (spec haproxy-semantics.md §1.4-1.5).
 *
 * Each row is parsed; the AST dumps as "HEAD{LINE|LINE} HEAD{...}", where
 * the words of a statement are joined by single spaces.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "cfg/cfg_parse.h"
#include "base/diag.h"

#include "base/nitems.h"

#define TFILE	"test.cfg"

static void
parse_env(void)
{
	setenv("HT_A", "alpha", 1);
	unsetenv("HT_U");
}

static void
dump_line(FILE *fp, const struct cfg_line *l)
{
	size_t	i;

	for (i = 0; i < l->nargs; i++)
		fprintf(fp, "%s%s", i ? " " : "", l->args[i].s);
}

/* The AST of F as a string (malloc'ed). */
static char *
dump_file(const struct cfg_file *f)
{
	char	*s;
	size_t	 len, i, j;
	FILE	*fp = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(fp);
	for (i = 0; i < f->nsecs; i++) {
		if (i > 0)
			fputc(' ', fp);
		dump_line(fp, &f->secs[i].head);
		fputc('{', fp);
		for (j = 0; j < f->secs[i].nlines; j++) {
			if (j > 0)
				fputc('|', fp);
			dump_line(fp, &f->secs[i].lines[j]);
		}
		fputc('}', fp);
	}
	fclose(fp);
	return s;
}

#define X10(s)	s s s s s s s s s s
#define NEST100	X10(X10(".if 1\n"))		/* HAProxy's limit */
#define END100	X10(X10(".endif\n"))

static const struct {
	const char	*in;
	const char	*want;		/* AST dump */
	int		 rc;
	unsigned	 nerr, nwarn, nnote;
	unsigned	 line, col;	/* of the first message, if any */
	const char	*msg;		/* substring of the first message */
} parse_cases[] = {
	/* sections and lines */
	{ "", "", 0, 0, 0, 0, 0, 0, NULL },
	{ "# nothing\n\n   \n", "", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n", "global{}", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n  maxconn 10\n  nbthread 2\ndefaults\n  mode http\n"
	    "frontend fe\n  bind :80\nbackend be\n  server s1 1.2.3.4:80\n",
	    "global{maxconn 10|nbthread 2} defaults{mode http} "
	    "frontend fe{bind :80} backend be{server s1 1.2.3.4:80}",
	    0, 0, 0, 0, 0, 0, NULL },
	{ "listen l 1.2.3.4:80\n  balance roundrobin\n",
	    "listen l 1.2.3.4:80{balance roundrobin}", 0, 0, 0, 0, 0, 0, NULL },
	{ "frontend fe\n  bind :80\n  backend be\n  server s x\n",
	    "frontend fe{bind :80} backend be{server s x}",
	    0, 0, 0, 0, 0, 0, NULL },
	{ "global\n  a\nglobal\n  b\n", "global{a} global{b}",
	    0, 0, 0, 0, 0, 0, NULL },
	{ "global\r\n  maxconn 1\r\n", "global{maxconn 1}",
	    0, 0, 0, 0, 0, 0, NULL },
	{ "backend b # comment\n  # comment\n\n  x 1\n", "backend b{x 1}",
	    0, 0, 0, 0, 0, 0, NULL },
	{ "userlist u\npeers p\nresolvers r\nmailers m\nprogram p\n"
	    "http-errors h\nring r\nlog-forward l\ncache c\nfcgi-app f\n"
	    "namespace_list\n",
	    "userlist u{} peers p{} resolvers r{} mailers m{} program p{} "
	    "http-errors h{} ring r{} log-forward l{} cache c{} fcgi-app f{} "
	    "namespace_list{}", 0, 0, 0, 0, 0, 0, NULL },
	/* outside of any section */
	{ "maxconn 10\nglobal\n", "global{}", -1, 1, 0, 0, 1, 1,
	    "'maxconn' outside of any section" },
	{ "  \"global\"\n", "global{}", 0, 0, 0, 0, 0, 0, NULL },
	{ "Global\n", "", -1, 1, 0, 0, 1, 1, "'Global' outside of any section" },
	/* the statement with a lexical error is dropped */
	{ "global\n  a \"x\n  b\n", "global{b}", -1, 1, 0, 0, 2, 5,
	    "unmatched double quote" },
	{ "global\n  maxconn 1", "global{maxconn 1}", -1, 1, 0, 0, 2, 12,
	    "missing newline" },
	/* conditional blocks */
	{ ".if 0\nglobal\n.endif\n", "", 0, 0, 0, 0, 0, 0, NULL },
	{ ".if 1\nglobal\n.endif\n", "global{}", 0, 0, 0, 0, 0, 0, NULL },
	{ ".if\nglobal\n.endif\n", "", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 0\n a\n.elif 1\n b\n.else\n c\n.endif\n d\n",
	    "global{b|d}", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 0\n a\n.elif 0\n b\n.else\n c\n.endif\n",
	    "global{c}", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 1\n a\n.elif 1\n b\n.else\n c\n.endif\n",
	    "global{a}", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 0\n a\n.elif 1\n b\n.elif 1\n c\n.endif\n",
	    "global{b}", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 1\n.if 0\n a\n.else\n b\n.endif\n c\n.endif\n",
	    "global{b|c}", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 0\n.if 1\n a\n.else\n b\n.endif\n.else\n c\n.endif\n",
	    "global{c}", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 0\n.if 1\n a\n.elif 1\n b\n.endif\n.elif 1\n"
	    ".if 0\n c\n.else\n d\n.endif\n.endif\n",
	    "global{d}", 0, 0, 0, 0, 0, 0, NULL },
	{ ".if 0\nfrontend a\n.endif\nbackend b\n x\n", "backend b{x}",
	    0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 1 && 0\n a\n.elif 0 || 1\n b\n.endif\n",
	    "global{b}", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if defined(HT_A) && streq(\"$HT_A\",alpha)\n a\n.endif\n",
	    "global{a}", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if \"${HT_U}\"\n a\n.endif\n", "global{}", 0, 0, 1, 0,
	    2, 6, "'HT_U' is not set" },
	{ "global\n.if version_atleast(2.4) && !feature(OPENSSL)\n a\n.endif\n",
	    "global{a}", 0, 0, 0, 0, 0, 0, NULL },
	{ NEST100 "global\n" END100, "global{}", 0, 0, 0, 0, 0, 0, NULL },
	/* one level too deep: one error; the level is dead but matched by
	 * its own '.endif', so nothing else is reported */
	{ NEST100 ".if 1\nglobal\n.else\nfrontend f\n.endif\n" END100, "",
	    -1, 1, 0, 0, 101, 1, "too many nested '.if' blocks" },
	/* an error in a condition: reported, and the branch is false */
	{ "global\n.if foo\n a\n.else\n b\n.endif\n", "global{b}", -1, 1, 0, 0,
	    2, 1, "in condition 'foo'" },
	{ "global\n.if 0\n.elif (1\n a\n.endif\n", "global{}", -1, 1, 0, 0,
	    3, 1, "missing ')'" },
	/* conditions after a taken branch or in a false parent are not
	 * evaluated, so their errors are not reported */
	{ "global\n.if 1\n a\n.elif foo\n b\n.endif\n", "global{a}",
	    0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 0\n.if foo\n.elif bar\n.endif\n.endif\n", "global{}",
	    0, 0, 0, 0, 0, 0, NULL },
	/* a false branch is still tokenized: lexical errors are reported,
	 * but an unset variable is not worth a warning there */
	{ "global\n.if 0\n  x \"unterminated\n.endif\n", "global{}", -1, 1, 0, 0,
	    3, 5, "unmatched double quote" },
	{ "global\n.if 0\n  x \\x4\n.endif\n", "global{}", -1, 1, 0, 0,
	    3, 5, "hexadecimal" },
	{ "global\n.if 0\n  x \"$HT_U\"\n.endif\n", "global{}", 0, 0, 0, 0,
	    0, 0, NULL },
	{ "global\n.if defined(HT_U)\n  x \"$HT_U\"\n.else\n  y \"$HT_U\"\n"
	    ".endif\n", "global{y }", 0, 0, 1, 0, 5, 6, "'HT_U' is not set" },
	/* misplaced directives */
	{ "global\n.if 1\n a\n", "global{a}", -1, 1, 0, 0, 2, 1,
	    "'.if' block is not terminated" },
	{ "global\n.if 1\n.if 0\n", "global{}", -1, 2, 0, 0, 3, 1,
	    "'.if' block is not terminated" },
	{ ".endif\n", "", -1, 1, 0, 0, 1, 1, "'.endif' without a matching '.if'" },
	{ ".else\n", "", -1, 1, 0, 0, 1, 1, "'.else' without a matching '.if'" },
	{ ".elif 1\n", "", -1, 1, 0, 0, 1, 1, "'.elif' without a matching" },
	{ "global\n.if 1\n.else\n.else\n.endif\n", "global{}", -1, 1, 0, 0,
	    4, 1, "'.else' after '.else' is not permitted" },
	{ "global\n.if 1\n.else\n.elif 1\n.endif\n", "global{}", -1, 1, 0, 0,
	    4, 1, "'.elif' after '.else' is not permitted" },
	{ "global\n.if 1\n.else x\n.endif\n", "global{}", -1, 1, 0, 0,
	    3, 7, "unexpected argument 'x' for '.else'" },
	{ "global\n.if 1\n.endif x\nfoo\n", "global{foo}", -1, 1, 0, 0,
	    3, 8, "unexpected argument 'x' for '.endif'" },
	{ ".frobnicate\n", "", -1, 1, 0, 0, 1, 1,
	    "unknown directive '.frobnicate'" },
	{ ".if 0\n.frobnicate\n.endif\n", "", 0, 0, 0, 0, 0, 0, NULL },
	{ "global\n\".x\" 1\n", "global{.x 1}", 0, 0, 0, 0, 0, 0, NULL },
	/* reporting directives */
	{ ".alert \"boom\"\n", "", -1, 1, 0, 0, 1, 8, "boom" },
	{ ".warning \"careful now\"\n", "", 0, 0, 1, 0, 1, 10, "careful now" },
	{ ".notice \"hello\"\n", "", 0, 0, 0, 1, 1, 9, "hello" },
	{ ".diag \"debug only\"\n", "", 0, 0, 0, 0, 0, 0, NULL },
	{ ".alert a b\n", "", -1, 1, 0, 0, 1, 1,
	    "'.alert' takes exactly one argument" },
	{ ".warning\n", "", -1, 1, 0, 0, 1, 1,
	    "'.warning' takes exactly one argument" },
	{ ".if 0\n.alert \"x\"\n.warning \"y\"\n.endif\n", "",
	    0, 0, 0, 0, 0, 0, NULL },
	{ "global\n.if 0\n.else\n.alert \"x$.LINE\"\n.endif\n", "global{}",
	    -1, 1, 0, 0, 4, 8, "x4" },
	/* "$.SECTION" follows the parser */
	{ "frontend fe\n  x \"$.SECTION\"\nglobal\n  y \"$.SECTION\"\n",
	    "frontend fe{x fe} global{y global}", 0, 0, 0, 0, 0, 0, NULL },
};

START_TEST(test_parse)
{
	struct cfg_file		 f;
	struct diag		 d;
	const struct diag_msg	*m;
	char			*got;
	size_t			 i;
	unsigned		 nnote = 0;
	int			 rc;

	parse_env();
	diag_init(&d);
	rc = cfg_parse_buf(&f, TFILE, parse_cases[_i].in,
	    strlen(parse_cases[_i].in), &d);
	got = dump_file(&f);
	for (i = 0; i < d.nmsgs; i++)
		nnote += d.msgs[i].sev == DIAG_NOTE;
	ck_assert_msg(strcmp(got, parse_cases[_i].want) == 0,
	    "row %d '%s': got '%s', want '%s'", _i, parse_cases[_i].in, got,
	    parse_cases[_i].want);
	ck_assert_msg(rc == parse_cases[_i].rc, "row %d '%s': rc %d", _i,
	    parse_cases[_i].in, rc);
	ck_assert_msg(d.nerrors == parse_cases[_i].nerr &&
	    d.nwarnings == parse_cases[_i].nwarn && nnote == parse_cases[_i].nnote,
	    "row %d '%s': %u errors, %u warnings, %u notes (want %u, %u, %u); "
	    "first: %s", _i, parse_cases[_i].in, d.nerrors, d.nwarnings, nnote,
	    parse_cases[_i].nerr, parse_cases[_i].nwarn, parse_cases[_i].nnote,
	    d.nmsgs ? d.msgs[0].msg : "-");
	if (parse_cases[_i].msg != NULL) {
		m = &d.msgs[0];
		ck_assert_msg(strstr(m->msg, parse_cases[_i].msg) != NULL,
		    "row %d '%s': message '%s' lacks '%s'", _i,
		    parse_cases[_i].in, m->msg, parse_cases[_i].msg);
		ck_assert_msg(m->pos.line == parse_cases[_i].line &&
		    m->pos.col == parse_cases[_i].col,
		    "row %d '%s': at %u:%u, want %u:%u", _i, parse_cases[_i].in,
		    m->pos.line, m->pos.col, parse_cases[_i].line,
		    parse_cases[_i].col);
		ck_assert_msg(m->pos.file == f.name, "row %d '%s': file", _i,
		    parse_cases[_i].in);
	}
	free(got);
	cfg_file_free(&f);
	diag_clear(&d);
}
END_TEST

/* Positions "LINE:COL" of every section head and statement, in order. */
static const struct {
	const char	*in;
	const char	*want;
} pos_cases[] = {
	{ "global\n", "1:1" },
	{ "\n# c\nglobal\n\n  maxconn 1\n\tnbthread 2\n", "3:1 5:3 6:2" },
	{ "global\n.if 0\n a\n.else\n  b\n.endif\n c\n", "1:1 5:3 7:2" },
	{ "frontend fe\r\n   bind :80\r\nbackend be\r\n", "1:1 2:4 3:1" },
};

START_TEST(test_pos)
{
	struct cfg_file	 f;
	struct diag	 d;
	char		*got;
	size_t		 len, i, j;
	FILE		*fp;

	diag_init(&d);
	ck_assert_int_eq(cfg_parse_buf(&f, TFILE, pos_cases[_i].in,
	    strlen(pos_cases[_i].in), &d), 0);
	fp = open_memstream(&got, &len);
	ck_assert_ptr_nonnull(fp);
	for (i = 0; i < f.nsecs; i++) {
		const struct cfg_section	*s = &f.secs[i];

		fprintf(fp, "%s%u:%u", i ? " " : "", s->head.pos.line,
		    s->head.pos.col);
		ck_assert_uint_eq(s->head.pos.line, s->head.args[0].pos.line);
		for (j = 0; j < s->nlines; j++) {
			fprintf(fp, " %u:%u", s->lines[j].pos.line,
			    s->lines[j].pos.col);
			ck_assert_ptr_eq(s->lines[j].pos.file, f.name);
		}
	}
	fclose(fp);
	ck_assert_msg(strcmp(got, pos_cases[_i].want) == 0,
	    "row %d '%s': got '%s', want '%s'", _i, pos_cases[_i].in, got,
	    pos_cases[_i].want);
	free(got);
	cfg_file_free(&f);
	diag_clear(&d);
}
END_TEST

static const struct {
	const char	*word;
	bool		 want;
} section_cases[] = {
	{ "global", true }, { "defaults", true }, { "frontend", true },
	{ "backend", true }, { "listen", true }, { "userlist", true },
	{ "peers", true }, { "resolvers", true }, { "mailers", true },
	{ "program", true }, { "http-errors", true }, { "ring", true },
	{ "log-forward", true }, { "cache", true }, { "fcgi-app", true },
	{ "namespace_list", true },
	{ "Global", false }, { "server", false }, { "", false },
	{ "frontends", false }, { "front", false }, { "bind", false },
	{ "global ", false },
};

START_TEST(test_is_section)
{
	ck_assert_msg(cfg_parse_is_section(section_cases[_i].word) ==
	    section_cases[_i].want, "row %d '%s'", _i, section_cases[_i].word);
}
END_TEST

/* The return value counts only this file's errors. */
START_TEST(test_rc_per_file)
{
	struct cfg_file	 a, b;
	struct diag	 d;

	diag_init(&d);
	ck_assert_int_eq(cfg_parse_buf(&a, "a.cfg", "x\n", 2, &d), -1);
	ck_assert_int_eq(cfg_parse_buf(&b, "b.cfg", "global\n", 7, &d), 0);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_str_eq(a.name, "a.cfg");
	ck_assert_str_eq(b.name, "b.cfg");
	ck_assert_ptr_eq(a.name, diag_source_name(&d, "a.cfg"));
	ck_assert_ptr_eq(b.name, diag_source_name(&d, "b.cfg"));
	/* A file starts outside of any section, whatever came before. */
	cfg_file_free(&b);
	ck_assert_int_eq(cfg_parse_buf(&b, "c.cfg", "maxconn 1\n", 10, &d), -1);
	ck_assert_uint_eq(d.nerrors, 2);
	cfg_file_free(&a);
	cfg_file_free(&b);
	ck_assert_uint_eq(a.nsecs, 0);
	ck_assert_ptr_null(a.secs);
	diag_clear(&d);
}
END_TEST

START_TEST(test_parse_file)
{
	char		 path[] = "/tmp/check_parse.XXXXXX";
	static const char text[] = "global\n  maxconn 5\n";
	struct cfg_file	 f;
	struct diag	 d;
	int		 fd;
	char		*got;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof(text) - 1),
	    (int)sizeof(text) - 1);
	close(fd);
	diag_init(&d);
	ck_assert_int_eq(cfg_parse_file(&f, path, &d), 0);
	got = dump_file(&f);
	ck_assert_str_eq(got, "global{maxconn 5}");
	ck_assert_str_eq(f.name, path);
	free(got);
	cfg_file_free(&f);
	unlink(path);

	/* An unreadable file: one error, no position. */
	ck_assert_int_eq(cfg_parse_file(&f, path, &d), -1);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_uint_eq(d.nmsgs, 1);
	ck_assert_uint_eq(d.msgs[0].pos.line, 0);
	ck_assert_ptr_nonnull(strstr(d.msgs[0].msg,
	    "cannot open configuration file"));
	ck_assert_uint_eq(f.nsecs, 0);
	cfg_file_free(&f);
	diag_clear(&d);
}
END_TEST

/* A directory opens but cannot be read: an error, not an empty file. */
START_TEST(test_parse_dir)
{
	char		 path[] = "/tmp/check_parse.XXXXXX";
	struct cfg_file	 f;
	struct diag	 d;

	ck_assert_ptr_nonnull(mkdtemp(path));
	diag_init(&d);
	ck_assert_int_eq(cfg_parse_file(&f, path, &d), -1);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_msg(strstr(d.msgs[0].msg, "cannot read configuration file")
	    != NULL, "got '%s'", d.msgs[0].msg);
	ck_assert_ptr_eq(d.msgs[0].pos.file, f.name);
	cfg_file_free(&f);
	diag_clear(&d);
	rmdir(path);
}
END_TEST

static Suite *
parse_suite(void)
{
	Suite	*s = suite_create("cfg_parse");
	TCase	*tc = tcase_create("cfg_parse");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_parse, 0, (int)nitems(parse_cases));
	tcase_add_loop_test(tc, test_pos, 0, (int)nitems(pos_cases));
	tcase_add_loop_test(tc, test_is_section, 0, (int)nitems(section_cases));
	tcase_add_test(tc, test_rc_per_file);
	tcase_add_test(tc, test_parse_file);
	tcase_add_test(tc, test_parse_dir);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(parse_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
