/*
 * cfg_parse: builds the AST of one file.  A section keyword always starts a
 * new section (HAProxy: "a section ends at the next section keyword"); every
 * file must open its own first section.  Conditional blocks are resolved
 * here, so later stages never see inactive lines.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_cond.h"
#include "cfg/cfg_lex.h"
#include "cfg/cfg_parse.h"
#include "base/xmalloc.h"

#define COND_MAX_NEST	100	/* HAProxy 2.6 MAXNESTEDCONDS */

/* All section keywords of HAProxy 2.6 (REGISTER_CONFIG_SECTION). */
const char *const cfg_parse_sections[] = {
	"backend", "cache", "defaults", "fcgi-app", "frontend", "global",
	"http-errors", "listen", "log-forward", "mailers", "namespace_list",
	"peers", "program", "resolvers", "ring", "userlist",
};
const size_t cfg_parse_nsections =
    sizeof(cfg_parse_sections) / sizeof(cfg_parse_sections[0]);

struct cond_level {
	bool		active;		/* lines in the current branch count */
	bool		taken;		/* some branch of this .if was taken */
	bool		seen_else;
	struct cfg_pos	pos;
};

struct parser {
	struct cfg_file		*f;
	struct cfg_lexer	 lx;
	struct diag		*d;
	struct cond_level	*conds;		/* owned; may go past
						   COND_MAX_NEST with dead
						   levels */
	int			 nconds, cap;
	unsigned		 errors_at_start;
};

bool
cfg_parse_is_section(const char *word)
{
	size_t	i;

	for (i = 0; i < cfg_parse_nsections; i++)
		if (strcmp(cfg_parse_sections[i], word) == 0)
			return true;
	return false;
}

static bool
parse_active(const struct parser *ps)
{
	return ps->nconds == 0 || ps->conds[ps->nconds - 1].active;
}

/* Whether the enclosing levels (not the innermost) are active. */
static bool
parse_parent_active(const struct parser *ps)
{
	return ps->nconds < 2 || ps->conds[ps->nconds - 2].active;
}

/* The words after the directive, joined by single spaces. */
static char *
parse_join(const struct cfg_arg *args, size_t nargs)
{
	size_t	i, len = 1;
	char	*s;

	for (i = 1; i < nargs; i++)
		len += args[i].len + 1;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 1; i < nargs; i++) {
		if (i > 1)
			strcat(s, " ");
		strncat(s, args[i].s, args[i].len);
	}
	return s;
}

static int
parse_eval(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	char	*expr = parse_join(args, nargs);
	int	 v = cfg_cond_eval(expr, &args[0].pos, ps->d);

	free(expr);
	return v;
}

static void
parse_if(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	struct cond_level	*c;
	int			 v = 0;
	bool			 dead = ps->nconds >= COND_MAX_NEST;

	/* Past the limit the level is still pushed, dead (no branch ever
	 * taken), so that its lines are skipped and its '.endif' matches
	 * instead of raising a second error. */
	if (ps->nconds == COND_MAX_NEST)
		diag_error(ps->d, &args[0].pos, "too many nested '.if' blocks "
		    "(the limit is %d)", COND_MAX_NEST);
	if (ps->nconds == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->conds = xreallocarray(ps->conds, (size_t)ps->cap,
		    sizeof(*ps->conds));
	}
	if (!dead && parse_active(ps))
		v = parse_eval(ps, args, nargs) > 0;
	c = &ps->conds[ps->nconds++];
	c->active = parse_parent_active(ps) && v;
	c->taken = v || dead;
	c->seen_else = false;
	c->pos = args[0].pos;
}

static void
parse_elif_else(struct parser *ps, const struct cfg_arg *args, size_t nargs,
    bool is_else)
{
	struct cond_level	*c;
	int			 v = 1;

	if (ps->nconds == 0) {
		diag_error(ps->d, &args[0].pos, "'%s' without a matching '.if'",
		    args[0].s);
		return;
	}
	c = &ps->conds[ps->nconds - 1];
	if (c->seen_else) {
		diag_error(ps->d, &args[0].pos, "'%s' after '.else' is not "
		    "permitted", args[0].s);
		return;
	}
	if (is_else && nargs > 1) {
		diag_error(ps->d, &args[1].pos, "unexpected argument '%s' for "
		    "'.else'", args[1].s);
		return;
	}
	c->seen_else = is_else;
	if (!is_else && !c->taken && parse_parent_active(ps))
		v = parse_eval(ps, args, nargs) > 0;
	c->active = parse_parent_active(ps) && !c->taken && v;
	c->taken = c->taken || c->active;
}

/* .alert, .warning, .notice "MSG": an error, a warning or a note. */
static void
parse_report(struct parser *ps, const struct cfg_arg *args, size_t nargs,
    enum diag_sev sev)
{
	if (!parse_active(ps))
		return;
	if (nargs != 2) {
		diag_error(ps->d, &args[0].pos, "'%s' takes exactly one "
		    "argument", args[0].s);
		diag_hint(ps->d, "quote the message if it contains spaces");
		return;
	}
	if (sev == DIAG_ERROR)
		diag_error(ps->d, &args[1].pos, "%s", args[1].s);
	else if (sev == DIAG_WARNING)
		diag_warn(ps->d, &args[1].pos, "%s", args[1].s);
	else
		diag_note(ps->d, &args[1].pos, "%s", args[1].s);
}

static void
parse_alert(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	parse_report(ps, args, nargs, DIAG_ERROR);
}

static void
parse_warning(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	parse_report(ps, args, nargs, DIAG_WARNING);
}

static void
parse_notice(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	parse_report(ps, args, nargs, DIAG_NOTE);
}

/* ".diag": only shown by HAProxy's -dD, which hapx does not have. */
static void
parse_diag(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	(void)ps;
	(void)args;
	(void)nargs;
}

static void
parse_endif(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	if (ps->nconds == 0) {
		diag_error(ps->d, &args[0].pos, "'.endif' without a matching "
		    "'.if'");
		return;
	}
	if (nargs > 1)
		diag_error(ps->d, &args[1].pos, "unexpected argument '%s' for "
		    "'.endif'", args[1].s);
	ps->nconds--;	/* closed all the same */
}

static void
parse_elif(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	parse_elif_else(ps, args, nargs, false);
}

static void
parse_else(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	parse_elif_else(ps, args, nargs, true);
}

/* The directives of HAProxy 2.6 (cfgparse.c), sorted for bsearch. */
static const struct parse_directive {
	const char	*name;
	void		(*run)(struct parser *, const struct cfg_arg *, size_t);
} parse_directives[] = {
	{ ".alert",	parse_alert },
	{ ".diag",	parse_diag },
	{ ".elif",	parse_elif },
	{ ".else",	parse_else },
	{ ".endif",	parse_endif },
	{ ".if",	parse_if },
	{ ".notice",	parse_notice },
	{ ".warning",	parse_warning },
};

static int
parse_directive_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct parse_directive *)row)->name);
}

static void
parse_directive(struct parser *ps, const struct cfg_arg *args, size_t nargs)
{
	const struct parse_directive	*dir;

	dir = bsearch(args[0].s, parse_directives, sizeof(parse_directives) /
	    sizeof(parse_directives[0]), sizeof(parse_directives[0]),
	    parse_directive_cmp);
	if (dir != NULL)
		dir->run(ps, args, nargs);
	else if (parse_active(ps)) {
		diag_error(ps->d, &args[0].pos, "unknown directive '%s'",
		    args[0].s);
		diag_hint(ps->d, "directives are .if, .elif, .else, .endif, "
		    ".notice, .warning, .alert and .diag");
	}
}

static struct cfg_section *
parse_new_section(struct parser *ps, struct cfg_arg *args, size_t nargs,
    const struct cfg_pos *pos)
{
	struct cfg_file		*f = ps->f;
	struct cfg_section	*s;

	if (f->nsecs == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->secs = xreallocarray(f->secs, f->cap, sizeof(*f->secs));
	}
	s = &f->secs[f->nsecs++];
	memset(s, 0, sizeof(*s));
	s->head.args = args;
	s->head.nargs = nargs;
	s->head.pos = *pos;
	ps->lx.section = args[0].s;
	if (nargs > 1 && strcmp(args[0].s, "global") != 0)
		ps->lx.section = args[1].s;
	return s;
}

static void
parse_add_line(struct cfg_section *s, struct cfg_arg *args, size_t nargs,
    const struct cfg_pos *pos)
{
	struct cfg_line	*l;

	if (s->nlines == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->lines = xreallocarray(s->lines, s->cap, sizeof(*s->lines));
	}
	l = &s->lines[s->nlines++];
	l->args = args;
	l->nargs = nargs;
	l->pos = *pos;
}

static void
parse_statement(struct parser *ps, struct cfg_arg *args, size_t nargs,
    const struct cfg_pos *pos)
{
	struct cfg_file	*f = ps->f;

	if (args[0].s[0] == '.' && !(args[0].flags & CFG_A_QUOTED)) {
		parse_directive(ps, args, nargs);
		return;
	}
	if (!parse_active(ps))
		return;
	if (cfg_parse_is_section(args[0].s)) {
		parse_new_section(ps, args, nargs, pos);
		return;
	}
	if (f->nsecs == 0) {
		diag_error(ps->d, &args[0].pos, "'%s' outside of any section",
		    args[0].s);
		diag_hint(ps->d, "start a section first: global, defaults, "
		    "frontend NAME, backend NAME or listen NAME");
		return;
	}
	parse_add_line(&f->secs[f->nsecs - 1], args, nargs, pos);
}

int
cfg_parse_buf(struct cfg_file *out, const char *name, const char *buf,
    size_t len, struct diag *d)
{
	struct parser	 ps;
	struct cfg_arg	*args;
	size_t		 nargs;
	struct cfg_pos	 pos;
	int		 rc;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	out->name = diag_add_source(d, name, buf, len);
	memset(&ps, 0, sizeof(ps));
	ps.f = out;
	ps.d = d;
	ps.errors_at_start = d->nerrors;
	cfg_lex_init(&ps.lx, out->name, buf, len, &out->arena, d);
	for (;;) {
		/* A false branch is still tokenized (errors count) but an
		 * unset variable there is not worth a warning. */
		ps.lx.inactive = !parse_active(&ps);
		if ((rc = cfg_lex_line(&ps.lx, &args, &nargs, &pos)) == 0)
			break;
		if (rc > 0)
			parse_statement(&ps, args, nargs, &pos);
	}
	while (ps.nconds > 0) {
		pos = ps.conds[--ps.nconds].pos;
		diag_error(d, &pos, "'.if' block is not terminated");
		diag_hint(d, "add '.endif' after the block");
	}
	free(ps.conds);
	return d->nerrors > ps.errors_at_start ? -1 : 0;
}

/* Report that PATH could not be opened or read (VERB); no position. */
static int
parse_file_error(struct cfg_file *out, const char *path, const char *verb,
    int err, struct diag *d)
{
	struct cfg_pos	pos = { diag_add_source(d, path, "", 0), 0, 0, 0 };

	out->name = pos.file;
	diag_error(d, &pos, "cannot %s configuration file: %s", verb,
	    strerror(err));
	return -1;
}

int
cfg_parse_file(struct cfg_file *out, const char *path, struct diag *d)
{
	FILE	*fp;
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;
	int	 rc, err;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	if ((fp = fopen(path, "rb")) == NULL)
		return parse_file_error(out, path, "open", errno, d);
	for (;;) {
		if (len + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	/* fopen() succeeds on a directory on Linux; only the read fails
	 * (EISDIR).  Without this check a directory parses as empty. */
	if (ferror(fp)) {
		err = errno;
		fclose(fp);
		free(buf);
		return parse_file_error(out, path, "read", err, d);
	}
	fclose(fp);
	rc = cfg_parse_buf(out, path, buf, len, d);
	free(buf);
	return rc;
}

void
cfg_file_free(struct cfg_file *f)
{
	size_t	i;

	for (i = 0; i < f->nsecs; i++)
		free(f->secs[i].lines);
	free(f->secs);
	arena_clear(&f->arena);
	memset(f, 0, sizeof(*f));
}

int
cfg_cond_eval_text(const char *text, const char *name, struct diag *d)
{
	struct cfg_lexer	 lx;
	struct arena		 arena;
	struct cfg_arg		*args;
	struct cfg_pos		 pos;
	size_t			 nargs;
	char			*line, *expr;
	int			 v = -1;

	/* Read as the words of a ".if" line: quotes, escapes and
	 * environment variables as in a configuration. */
	line = xmalloc(strlen(text) + 6);
	snprintf(line, strlen(text) + 6, ".if %s\n", text);
	arena_init(&arena);
	cfg_lex_init(&lx, name, line, strlen(line), &arena, d);
	if (cfg_lex_line(&lx, &args, &nargs, &pos) == 1) {
		expr = parse_join(args, nargs);
		v = cfg_cond_eval(expr, &pos, d);
		free(expr);
	}
	arena_clear(&arena);
	free(line);
	return v;
}
