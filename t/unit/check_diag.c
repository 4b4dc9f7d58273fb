/*
 * check_diag.c: unit tests for diag.c: counting, notes grouped with their
 * error/warning, hints, sorting by file/line/column with notes kept behind
 * their primary, gcc-style text with a caret line (tabs expanded), JSON
 * lines with escaping, and source line lookup.  Rendering goes to a
 * memstream and is compared as a string.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "base/diag.h"

#include "base/nitems.h"

/* Registered in this order: the sort follows load order, not names. */
#define SRC_Z		"global\n\tbind\t:80 ssl\n  x\n"
#define SRC_A		"frontend fe\r\n  y\n"
#define SRC_Q		"q\n"

enum { F_NONE, F_Z, F_A, F_Q, F_UNREG };

static const char *
file_name(int f)
{
	static const char *const names[] = { NULL, "z.cfg", "a.cfg",
	    "d\"q\\.cfg", "unregistered.cfg" };

	return names[f];
}

static void
setup_sources(struct diag *d)
{
	diag_add_source(d, "z.cfg", SRC_Z, strlen(SRC_Z));
	diag_add_source(d, "a.cfg", SRC_A, strlen(SRC_A));
	diag_add_source(d, "d\"q\\.cfg", SRC_Q, strlen(SRC_Q));
}

struct op {
	char		 kind;		/* E W N, or H: hint */
	int		 file;		/* F_NONE: no position at all */
	unsigned	 line, col, len;
	const char	*text;
};

static void
run_op(struct diag *d, const struct op *o)
{
	struct cfg_pos	 pos;
	const struct cfg_pos *pp = NULL;

	if (o->file != F_NONE) {
		pos.file = o->file == F_UNREG ? file_name(o->file) :
		    diag_source_name(d, file_name(o->file));
		pos.line = o->line;
		pos.col = o->col;
		pos.len = o->len;
		pp = &pos;
	}
	switch (o->kind) {
	case 'E':
		diag_error(d, pp, "%s", o->text);
		break;
	case 'W':
		diag_warn(d, pp, "%s", o->text);
		break;
	case 'N':
		diag_note(d, pp, "%s", o->text);
		break;
	case 'H':
		diag_hint(d, "%s", o->text);
		break;
	default:
		ck_abort_msg("bad op '%c'", o->kind);
	}
}

/* "SEV FILE:LINE:COL MSG[=HINT]/GROUP" per message, joined by "; ". */
static char *
listing(const struct diag *d)
{
	char	*s;
	size_t	 len, i;
	FILE	*fp = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(fp);
	for (i = 0; i < d->nmsgs; i++) {
		const struct diag_msg	*m = &d->msgs[i];

		fprintf(fp, "%s%c %s:%u:%u %s", i ? "; " : "",
		    "EWN"[m->sev], m->pos.file ? m->pos.file : "-",
		    m->pos.line, m->pos.col, m->msg);
		if (m->hint != NULL)
			fprintf(fp, "=%s", m->hint);
		fprintf(fp, "/%zu", m->group);
	}
	fclose(fp);
	return s;
}

#define OPS_SORT_MIX \
	{ 'E', F_A, 1, 1, 1, "e1" }, { 'W', F_Z, 5, 1, 1, "w1" },	\
	{ 'E', F_Z, 2, 3, 1, "e2" }, { 'N', F_A, 2, 3, 1, "n2" },	\
	{ 'W', F_Z, 2, 1, 1, "w2" }, { 'E', F_NONE, 0, 0, 0, "e0" },	\
	{ 'E', F_UNREG, 1, 1, 1, "e3" }
#define WANT_SORT_MIX \
	"W z.cfg:2:1 w2/4; E z.cfg:2:3 e2/2; N a.cfg:2:3 n2/2; " \
	"W z.cfg:5:1 w1/1; E a.cfg:1:1 e1/0; E -:0:0 e0/5; " \
	"E unregistered.cfg:1:1 e3/6"

static const struct {
	const char	*name;
	struct op	 ops[8];
	int		 sorts;		/* how many times to call diag_sort */
	unsigned	 nerr, nwarn;
	const char	*want;		/* listing() */
} script_cases[] = {
	{ "empty", { { 0 } }, 0, 0, 0, "" },
	{ "empty sorted", { { 0 } }, 1, 0, 0, "" },
	{ "counts", {
	    { 'E', F_Z, 1, 1, 1, "e1" }, { 'W', F_Z, 2, 1, 1, "w1" },
	    { 'N', F_Z, 3, 1, 1, "n1" }, { 'E', F_A, 1, 1, 1, "e2" } }, 0, 2, 1,
	    "E z.cfg:1:1 e1/0; W z.cfg:2:1 w1/1; N z.cfg:3:1 n1/1; "
	    "E a.cfg:1:1 e2/3" },
	{ "warning only", { { 'W', F_Z, 1, 1, 1, "w" } }, 0, 0, 1,
	    "W z.cfg:1:1 w/0" },
	{ "lone note", { { 'N', F_Z, 1, 1, 1, "n" } }, 0, 0, 0,
	    "N z.cfg:1:1 n/0" },
	{ "note chain", {
	    { 'W', F_Z, 1, 1, 1, "w" }, { 'N', F_Z, 2, 1, 1, "n1" },
	    { 'N', F_Z, 3, 1, 1, "n2" }, { 'E', F_Z, 1, 2, 1, "e" },
	    { 'N', F_A, 1, 1, 1, "n3" } }, 0, 1, 1,
	    "W z.cfg:1:1 w/0; N z.cfg:2:1 n1/0; N z.cfg:3:1 n2/0; "
	    "E z.cfg:1:2 e/3; N a.cfg:1:1 n3/3" },
	{ "hint attaches to the primary, last one wins", {
	    { 'E', F_Z, 1, 1, 1, "e" }, { 'H', 0, 0, 0, 0, "h1" },
	    { 'N', F_Z, 2, 1, 1, "n" }, { 'H', 0, 0, 0, 0, "h2" } }, 0, 1, 0,
	    "E z.cfg:1:1 e=h2/0; N z.cfg:2:1 n/0" },
	{ "hint with nothing to attach to", {
	    { 'H', 0, 0, 0, 0, "h" }, { 'W', F_Z, 1, 1, 1, "w" } }, 0, 0, 1,
	    "W z.cfg:1:1 w/0" },
	{ "hint after a lone note", {
	    { 'N', F_Z, 1, 1, 1, "n" }, { 'H', 0, 0, 0, 0, "h" } }, 0, 0, 0,
	    "N z.cfg:1:1 n/0" },
	{ "hints go to their own message", {
	    { 'E', F_Z, 1, 1, 1, "e1" }, { 'H', 0, 0, 0, 0, "h1" },
	    { 'W', F_Z, 2, 1, 1, "w2" }, { 'H', 0, 0, 0, 0, "h2" } }, 1, 1, 1,
	    "E z.cfg:1:1 e1=h1/0; W z.cfg:2:1 w2=h2/1" },
	{ "sort: file in load order, line, column; notes follow", {
	    OPS_SORT_MIX }, 1, 4, 2, WANT_SORT_MIX },
	{ "sort twice: idempotent", { OPS_SORT_MIX }, 2, 4, 2, WANT_SORT_MIX },
	{ "sort: same position keeps insertion order", {
	    { 'E', F_Z, 1, 1, 1, "x" }, { 'W', F_Z, 1, 1, 1, "y" },
	    { 'E', F_Z, 1, 1, 1, "z" } }, 1, 2, 1,
	    "E z.cfg:1:1 x/0; W z.cfg:1:1 y/1; E z.cfg:1:1 z/2" },
	{ "sort: columns", {
	    { 'E', F_Z, 1, 5, 1, "b" }, { 'E', F_Z, 1, 2, 1, "a" },
	    { 'E', F_Z, 1, 10, 1, "c" } }, 1, 3, 0,
	    "E z.cfg:1:2 a/1; E z.cfg:1:5 b/0; E z.cfg:1:10 c/2" },
	{ "sort: lines before columns", {
	    { 'E', F_Z, 10, 1, 1, "b" }, { 'E', F_Z, 2, 9, 1, "a" } }, 1, 2, 0,
	    "E z.cfg:2:9 a/1; E z.cfg:10:1 b/0" },
	{ "sort: a note stays behind its primary whatever its position", {
	    { 'E', F_Z, 3, 1, 1, "e" }, { 'N', F_Z, 1, 1, 1, "n" },
	    { 'W', F_Z, 2, 1, 1, "w" }, { 'N', F_Z, 9, 1, 1, "m" } }, 1, 1, 1,
	    "W z.cfg:2:1 w/2; N z.cfg:9:1 m/2; E z.cfg:3:1 e/0; "
	    "N z.cfg:1:1 n/0" },
	{ "sort twice with notes", {
	    { 'E', F_Z, 3, 1, 1, "e" }, { 'N', F_Z, 1, 1, 1, "n" },
	    { 'W', F_Z, 2, 1, 1, "w" }, { 'N', F_Z, 9, 1, 1, "m" } }, 3, 1, 1,
	    "W z.cfg:2:1 w/2; N z.cfg:9:1 m/2; E z.cfg:3:1 e/0; "
	    "N z.cfg:1:1 n/0" },
};

START_TEST(test_script)
{
	struct diag	 d;
	char		*got;
	size_t		 i;
	int		 k;

	diag_init(&d);
	setup_sources(&d);
	for (i = 0; i < nitems(script_cases[_i].ops) &&
	    script_cases[_i].ops[i].kind != 0; i++)
		run_op(&d, &script_cases[_i].ops[i]);
	for (k = 0; k < script_cases[_i].sorts; k++)
		diag_sort(&d);
	got = listing(&d);
	ck_assert_msg(strcmp(got, script_cases[_i].want) == 0,
	    "row %d '%s': got '%s', want '%s'", _i, script_cases[_i].name, got,
	    script_cases[_i].want);
	ck_assert_msg(d.nerrors == script_cases[_i].nerr &&
	    d.nwarnings == script_cases[_i].nwarn,
	    "row %d '%s': %u errors, %u warnings", _i, script_cases[_i].name,
	    d.nerrors, d.nwarnings);
	ck_assert_msg(diag_has_errors(&d) == (script_cases[_i].nerr > 0),
	    "row %d '%s': diag_has_errors", _i, script_cases[_i].name);
	free(got);
	diag_clear(&d);
	ck_assert_uint_eq(d.nmsgs, 0);
	ck_assert_uint_eq(d.nerrors, 0);
}
END_TEST

/* One message rendered as text. */
static const struct {
	struct op	 op;
	const char	*hint;
	bool		 color;
	const char	*want;
} text_cases[] = {
	{ { 'E', F_Z, 2, 7, 3, "bad address" }, "fix it", false,
	    "z.cfg:2:7: error: bad address\n"
	    "    2 | \tbind\t:80 ssl\n"
	    "      |                 ^~~\n"		/* tabs: 8 + 4 + 4 */
	    "      = hint: fix it\n" },
	{ { 'E', F_Z, 2, 2, 4, "tab first" }, NULL, false,
	    "z.cfg:2:2: error: tab first\n"
	    "    2 | \tbind\t:80 ssl\n"
	    "      |         ^~~~\n" },
	{ { 'W', F_Z, 1, 1, 6, "w" }, NULL, false,
	    "z.cfg:1:1: warning: w\n"
	    "    1 | global\n"
	    "      | ^~~~~~\n" },
	{ { 'N', F_Z, 3, 3, 1, "n" }, NULL, false,
	    "z.cfg:3:3: note: n\n"
	    "    3 |   x\n"
	    "      |   ^\n" },
	{ { 'E', F_Z, 3, 3, 0, "no length" }, NULL, false,
	    "z.cfg:3:3: error: no length\n"
	    "    3 |   x\n"
	    "      |   ^\n" },
	{ { 'E', F_Z, 3, 3, 10, "clipped" }, NULL, false,
	    "z.cfg:3:3: error: clipped\n"
	    "    3 |   x\n"
	    "      |   ^\n" },
	{ { 'E', F_Z, 3, 4, 1, "after the end" }, NULL, false,
	    "z.cfg:3:4: error: after the end\n"
	    "    3 |   x\n"
	    "      |    ^\n" },
	{ { 'E', F_Z, 1, 0, 0, "no column" }, NULL, false,
	    "z.cfg:1:1: error: no column\n"
	    "    1 | global\n"
	    "      | ^\n" },
	{ { 'E', F_A, 1, 1, 8, "crlf" }, NULL, false,
	    "a.cfg:1:1: error: crlf\n"
	    "    1 | frontend fe\n"
	    "      | ^~~~~~~~\n" },
	{ { 'E', F_Z, 0, 0, 0, "cannot open" }, NULL, false,
	    "z.cfg: error: cannot open\n" },
	{ { 'E', F_Z, 9, 1, 1, "past the end of the file" }, NULL, false,
	    "z.cfg:9:1: error: past the end of the file\n" },
	{ { 'E', F_UNREG, 1, 1, 1, "no text" }, NULL, false,
	    "unregistered.cfg:1:1: error: no text\n" },
	{ { 'E', F_NONE, 0, 0, 0, "oops" }, "try again", false,
	    "hapx: error: oops\n"
	    "      = hint: try again\n" },
	{ { 'E', F_NONE, 0, 0, 0, "red" }, NULL, true,
	    "hapx: \033[1;31merror:\033[0m red\n" },
	{ { 'W', F_NONE, 0, 0, 0, "magenta" }, NULL, true,
	    "hapx: \033[1;35mwarning:\033[0m magenta\n" },
	{ { 'N', F_Z, 1, 1, 1, "cyan" }, NULL, true,
	    "z.cfg:1:1: \033[1;36mnote:\033[0m cyan\n"
	    "    1 | global\n"
	    "      | ^\n" },
};

START_TEST(test_text)
{
	struct diag	 d;
	char		*got;
	size_t		 len;
	FILE		*fp;

	diag_init(&d);
	setup_sources(&d);
	run_op(&d, &text_cases[_i].op);
	if (text_cases[_i].hint != NULL)
		diag_hint(&d, "%s", text_cases[_i].hint);
	fp = open_memstream(&got, &len);
	ck_assert_ptr_nonnull(fp);
	diag_render_text(&d, fp, text_cases[_i].color);
	fclose(fp);
	ck_assert_msg(strcmp(got, text_cases[_i].want) == 0,
	    "row %d '%s': got\n%s\nwant\n%s", _i, text_cases[_i].op.text, got,
	    text_cases[_i].want);
	free(got);
	diag_clear(&d);
}
END_TEST

/* One message rendered as a JSON line. */
static const struct {
	struct op	 op;
	const char	*hint;
	const char	*want;
} json_cases[] = {
	{ { 'E', F_Z, 2, 7, 3, "bad" }, NULL,
	    "{\"file\":\"z.cfg\",\"line\":2,\"column\":7,\"end_column\":10,"
	    "\"severity\":\"error\",\"message\":\"bad\",\"hint\":null}\n" },
	{ { 'W', F_Z, 1, 1, 0, "say \"hi\" \\ now" }, "use 'x' \"y\"",
	    "{\"file\":\"z.cfg\",\"line\":1,\"column\":1,\"end_column\":2,"
	    "\"severity\":\"warning\",\"message\":\"say \\\"hi\\\" \\\\ now\","
	    "\"hint\":\"use 'x' \\\"y\\\"\"}\n" },
	{ { 'N', F_Z, 3, 3, 1, "a\nb\tc\rd\001e\037f\177g" }, NULL,
	    "{\"file\":\"z.cfg\",\"line\":3,\"column\":3,\"end_column\":4,"
	    "\"severity\":\"note\","
	    "\"message\":\"a\\nb\\tc\\u000dd\\u0001e\\u001ff\\u007fg\","
	    "\"hint\":null}\n" },
	{ { 'E', F_Z, 1, 1, 1, "caf\303\251 /" }, NULL,
	    "{\"file\":\"z.cfg\",\"line\":1,\"column\":1,\"end_column\":2,"
	    "\"severity\":\"error\",\"message\":\"caf\303\251 /\","
	    "\"hint\":null}\n" },
	{ { 'E', F_NONE, 0, 0, 0, "no position" }, "h",
	    "{\"file\":null,\"line\":0,\"column\":0,\"end_column\":1,"
	    "\"severity\":\"error\",\"message\":\"no position\","
	    "\"hint\":\"h\"}\n" },
	{ { 'E', F_Q, 1, 1, 1, "odd name" }, NULL,
	    "{\"file\":\"d\\\"q\\\\.cfg\",\"line\":1,\"column\":1,"
	    "\"end_column\":2,\"severity\":\"error\",\"message\":\"odd name\","
	    "\"hint\":null}\n" },
	{ { 'E', F_Z, 1, 1, 1, "" }, "",
	    "{\"file\":\"z.cfg\",\"line\":1,\"column\":1,\"end_column\":2,"
	    "\"severity\":\"error\",\"message\":\"\",\"hint\":\"\"}\n" },
};

START_TEST(test_json)
{
	struct diag	 d;
	char		*got;
	size_t		 len;
	FILE		*fp;

	diag_init(&d);
	setup_sources(&d);
	run_op(&d, &json_cases[_i].op);
	if (json_cases[_i].hint != NULL)
		diag_hint(&d, "%s", json_cases[_i].hint);
	fp = open_memstream(&got, &len);
	ck_assert_ptr_nonnull(fp);
	diag_render_json(&d, fp);
	fclose(fp);
	ck_assert_msg(strcmp(got, json_cases[_i].want) == 0,
	    "row %d '%s': got\n%s\nwant\n%s", _i, json_cases[_i].op.text, got,
	    json_cases[_i].want);
	free(got);
	diag_clear(&d);
}
END_TEST

/* Several messages: sorted, then rendered one after the other. */
START_TEST(test_render_all)
{
	static const char	 want_text[] =
	    "z.cfg:1:1: warning: first\n"
	    "    1 | global\n"
	    "      | ^~~~~~\n"
	    "z.cfg:3:3: error: second\n"
	    "    3 |   x\n"
	    "      |   ^\n"
	    "      = hint: h\n"
	    "a.cfg:2:3: note: defined here\n"
	    "    2 |   y\n"
	    "      |   ^\n";
	static const char	 want_json[] =
	    "{\"file\":\"z.cfg\",\"line\":1,\"column\":1,\"end_column\":7,"
	    "\"severity\":\"warning\",\"message\":\"first\",\"hint\":null}\n"
	    "{\"file\":\"z.cfg\",\"line\":3,\"column\":3,\"end_column\":4,"
	    "\"severity\":\"error\",\"message\":\"second\",\"hint\":\"h\"}\n"
	    "{\"file\":\"a.cfg\",\"line\":2,\"column\":3,\"end_column\":4,"
	    "\"severity\":\"note\",\"message\":\"defined here\","
	    "\"hint\":null}\n";
	static const struct op	 ops[] = {
		{ 'E', F_Z, 3, 3, 1, "second" }, { 'H', 0, 0, 0, 0, "h" },
		{ 'N', F_A, 2, 3, 1, "defined here" },
		{ 'W', F_Z, 1, 1, 6, "first" },
	};
	struct diag	 d;
	char		*got;
	size_t		 len, i;
	FILE		*fp;

	diag_init(&d);
	setup_sources(&d);
	for (i = 0; i < nitems(ops); i++)
		run_op(&d, &ops[i]);
	diag_sort(&d);
	fp = open_memstream(&got, &len);
	ck_assert_ptr_nonnull(fp);
	diag_render_text(&d, fp, false);
	fclose(fp);
	ck_assert_str_eq(got, want_text);
	free(got);
	fp = open_memstream(&got, &len);
	ck_assert_ptr_nonnull(fp);
	diag_render_json(&d, fp);
	fclose(fp);
	ck_assert_str_eq(got, want_json);
	free(got);
	diag_clear(&d);
}
END_TEST

static const struct {
	int		 file;
	unsigned	 line;
	const char	*want;		/* NULL: no such line */
} line_cases[] = {
	{ F_Z, 1, "global" },
	{ F_Z, 2, "\tbind\t:80 ssl" },
	{ F_Z, 3, "  x" },
	{ F_Z, 9, NULL },
	{ F_Z, 0, NULL },
	{ F_A, 1, "frontend fe" },		/* CR stripped */
	{ F_A, 2, "  y" },
	{ F_Q, 1, "q" },
	{ F_UNREG, 1, NULL },
	{ F_NONE, 1, NULL },
};

START_TEST(test_source_line)
{
	struct diag	 d;
	const char	*p;
	size_t		 len = 12345;

	diag_init(&d);
	setup_sources(&d);
	p = diag_source_line(&d, file_name(line_cases[_i].file),
	    line_cases[_i].line, &len);
	if (line_cases[_i].want == NULL)
		ck_assert_msg(p == NULL, "row %d %s:%u: got a line", _i,
		    file_name(line_cases[_i].file), line_cases[_i].line);
	else {
		ck_assert_msg(p != NULL, "row %d %s:%u: no line", _i,
		    file_name(line_cases[_i].file), line_cases[_i].line);
		ck_assert_msg(len == strlen(line_cases[_i].want) &&
		    memcmp(p, line_cases[_i].want, len) == 0,
		    "row %d %s:%u: got '%.*s'", _i,
		    file_name(line_cases[_i].file), line_cases[_i].line,
		    (int)len, p);
	}
	diag_clear(&d);
}
END_TEST

START_TEST(test_sources)
{
	struct diag	 d;
	const char	*n1, *n2, *p;
	size_t		 len;
	char		 name[] = "x.cfg";

	diag_init(&d);
	ck_assert_ptr_null(diag_source_name(&d, "x.cfg"));
	n1 = diag_add_source(&d, name, "old\n", 4);
	ck_assert_ptr_ne(n1, name);		/* interned copy */
	ck_assert_str_eq(n1, "x.cfg");
	name[0] = 'y';
	ck_assert_ptr_eq(diag_source_name(&d, "x.cfg"), n1);
	ck_assert_ptr_null(diag_source_name(&d, "y.cfg"));
	/* Registering again replaces the text, keeps the name. */
	n2 = diag_add_source(&d, "x.cfg", "new text\n", 9);
	ck_assert_ptr_eq(n1, n2);
	p = diag_source_line(&d, n1, 1, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 8);
	ck_assert_int_eq(memcmp(p, "new text", 8), 0);
	/* Text with a NUL byte and no final newline. */
	diag_add_source(&d, "n.cfg", "a\0b\nc", 5);
	p = diag_source_line(&d, "n.cfg", 1, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 3);
	p = diag_source_line(&d, "n.cfg", 2, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(p[0], 'c');
	diag_clear(&d);
	ck_assert_uint_eq(d.nsrcs, 0);
	ck_assert_ptr_null(diag_source_name(&d, "x.cfg"));
	/* Usable again after a clear. */
	diag_error(&d, NULL, "%d%s", 4, "2");
	ck_assert_str_eq(d.msgs[0].msg, "42");
	ck_assert(diag_has_errors(&d));
	diag_clear(&d);
}
END_TEST

/* Many messages: the array grows, counts and order hold. */
START_TEST(test_many)
{
	struct diag	 d;
	struct cfg_pos	 pos = { NULL, 0, 1, 1 };
	unsigned	 i;

	diag_init(&d);
	pos.file = diag_add_source(&d, "m.cfg", "", 0);
	for (i = 0; i < 1000; i++) {
		pos.line = 1000 - i;
		if (i % 3 == 2)
			diag_note(&d, &pos, "n%u", i);
		else if (i % 2)
			diag_warn(&d, &pos, "w%u", i);
		else
			diag_error(&d, &pos, "e%u", i);
	}
	ck_assert_uint_eq(d.nmsgs, 1000);
	ck_assert_uint_eq(d.nerrors + d.nwarnings, 667);
	diag_sort(&d);
	for (i = 1; i < d.nmsgs; i++) {
		const struct diag_msg	*a = &d.msgs[i - 1], *b = &d.msgs[i];

		if (b->sev == DIAG_NOTE)
			ck_assert_uint_eq(b->group, a->group);
		else
			ck_assert_uint_lt(a->pos.line, b->pos.line);
	}
	diag_clear(&d);
}
END_TEST

static Suite *
diag_suite(void)
{
	Suite	*s = suite_create("diag");
	TCase	*tc = tcase_create("diag");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_script, 0, (int)nitems(script_cases));
	tcase_add_loop_test(tc, test_text, 0, (int)nitems(text_cases));
	tcase_add_loop_test(tc, test_json, 0, (int)nitems(json_cases));
	tcase_add_loop_test(tc, test_source_line, 0, (int)nitems(line_cases));
	tcase_add_test(tc, test_render_all);
	tcase_add_test(tc, test_sources);
	tcase_add_test(tc, test_many);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(diag_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
