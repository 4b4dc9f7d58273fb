/*
 * cfg_migrate_rx: the regexes of the 1.x req* and rsp* filters (spec §5),
 * taken apart into a small list of atoms, and the shapes among them that
 * have an exact 2.x form: the request line (replace-path, replace-uri,
 * set-method), a header (replace-header, del-header, a header test), or
 * every line.  Each translation of a rewrite is then proven on sample
 * lines by the regex and format code that runs traffic.  Also the
 * escaping of words for the 2.6 tokenizer.  Knows nothing of files.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tools/cfg_migrate.h"
#include "base/regex.h"
#include "http/rewrite.h"

/* ------------------------------------------------------------------ */
/* Regexes as lists of atoms */

enum at_type {
	AT_LIT,			/* one literal byte .c */
	AT_CLASS,		/* [...], \s, \S, \d, \w */
	AT_DOT,
	AT_OPEN,		/* '(' of group .group (0: non-capturing) */
	AT_CLOSE,		/* ')' of group .group; .q is the group's */
	AT_BOL,
	AT_EOL
};

struct atom {
	enum at_type	 t;
	char		 c;		/* AT_LIT */
	char		 single;	/* AT_CLASS of one byte: it */
	bool		 nonspace;	/* AT_CLASS: all but space... */
	bool		 colon;		/* ...and ':' too */
	bool		 space;		/* AT_CLASS: blanks only */
	char		 q;		/* 0, '?', '*' or '+' */
	unsigned	 group;
	size_t		 off, end;	/* span in the regex text */
};

#define MG_MAXATOMS	128

struct atoms {
	struct atom	 v[MG_MAXATOMS];
	size_t		 n;
	unsigned	 ngroups;
	const char	*src;
};

/* A bracket class at S (S[0] == '['); returns its length or 0. */
static size_t
rx_class(const char *s, struct atom *a)
{
	size_t	 i = 1, nmem = 0;
	bool	 neg = false, sp = false, colon = false, other = false;
	char	 first = 0;

	if (s[i] == '^') {
		neg = true;
		i++;
	}
	for (; s[i] != '\0' && (s[i] != ']' || nmem == 0); i++, nmem++) {
		char	c = s[i];

		if (c == '\\' && s[i + 1] != '\0') {
			c = s[++i];
			if (c == 's')
				sp = true, c = ' ';
			else if (c == 't')
				c = '\t';
			else if (isalnum((unsigned char)c))
				return 0;	/* \d, \w: too rich */
		} else if (c == '[' || (c == '-' && nmem > 0 &&
		    s[i + 1] != ']'))
			return 0;		/* ranges, [:alpha:] */
		if (nmem == 0)
			first = c;
		if (c == ' ')
			sp = true;
		else if (c == ':')
			colon = true;
		else if (c != '\t')
			other = true;
	}
	if (s[i] != ']')
		return 0;
	a->t = AT_CLASS;
	a->nonspace = neg && sp && !other;	/* "[^ :]", "[^ \t]" */
	a->colon = a->nonspace && !colon;
	a->space = !neg && !other;
	a->single = !neg && nmem == 1 ? first : 0;
	return i + 1;
}

/* A backslash escape at S (S[0] == '\\'); returns its length or 0. */
static size_t
rx_escape(const char *s, struct atom *a)
{
	char	c = s[1];

	a->t = AT_LIT;
	if (c == 's' || c == 'S') {
		a->t = AT_CLASS;
		a->space = c == 's';
		a->nonspace = a->colon = c == 'S';
		return 2;
	}
	if (c == 'x' && isxdigit((unsigned char)s[2]) &&
	    isxdigit((unsigned char)s[3])) {
		char	hex[3] = { s[2], s[3], '\0' };

		a->c = (char)strtol(hex, NULL, 16);
		return 4;
	}
	if (c == 't' || c == 'n' || c == 'r') {
		a->c = c == 't' ? '\t' : c == 'n' ? '\n' : '\r';
		return 2;
	}
	if (c == '\0' || isalnum((unsigned char)c))
		return 0;		/* \d, \w, \b, \1...: not handled */
	a->c = c;
	return 2;
}

/* One atom at S[*I] into A; false when the regex is beyond this module. */
static bool
rx_atom(struct atoms *as, size_t *i, unsigned *stack, int *depth)
{
	const char	*s = as->src + *i;
	struct atom	*a = &as->v[as->n];
	size_t		 n = 1;

	memset(a, 0, sizeof(*a));
	a->off = *i;
	switch (*s) {
	case '^': a->t = AT_BOL; break;
	case '$': a->t = AT_EOL; break;
	case '.': a->t = AT_DOT; break;
	case '|': case '{': case '}': case ']': return false;
	case '(':
		if (*depth >= 16 || (s[1] == '?' && s[2] != ':'))
			return false;
		a->t = AT_OPEN;
		if (s[1] == '?')
			n = 3;
		else
			a->group = ++as->ngroups;
		stack[(*depth)++] = a->group;
		break;
	case ')':
		if (*depth == 0)
			return false;
		a->t = AT_CLOSE;
		a->group = stack[--(*depth)];
		break;
	case '[': n = rx_class(s, a); break;
	case '\\': n = rx_escape(s, a); break;
	case '*': case '+': case '?': return false;
	default: a->t = AT_LIT; a->c = *s; break;
	}
	if (n == 0)
		return false;
	*i += n;
	if (strchr("*+?", as->src[*i]) != NULL && as->src[*i] != '\0' &&
	    a->t != AT_OPEN && a->t != AT_BOL && a->t != AT_EOL) {
		a->q = as->src[(*i)++];
		if (strchr("*+?{", as->src[*i]) != NULL && as->src[*i] != '\0')
			return false;	/* lazy or possessive */
	}
	a->end = *i;
	as->n++;
	return true;
}

/* Split regex SRC into atoms; false when it uses what is not handled. */
static bool
rx_atoms(const char *src, struct atoms *as)
{
	unsigned	stack[16];
	int		depth = 0;
	size_t		i = 0;

	as->n = 0;
	as->ngroups = 0;
	as->src = src;
	while (src[i] != '\0') {
		if (as->n == MG_MAXATOMS || !rx_atom(as, &i, stack, &depth))
			return false;
	}
	return depth == 0;
}

/* Atoms [FROM, N) back as regex text, appended to OUT: a literal is
 * written bare unless it is a metacharacter ("\/" becomes "/"), other
 * atoms as they were written. */
static bool
rx_text(const struct atoms *as, size_t from, char *out, size_t outsz)
{
	size_t			 len = strlen(out);
	const struct atom	*a;
	int			 n;

	for (; from < as->n; from++) {
		a = &as->v[from];
		if (a->t != AT_LIT)
			n = snprintf(out + len, outsz - len, "%.*s",
			    (int)(a->end - a->off), as->src + a->off);
		else if ((unsigned char)a->c < 0x20 || a->c == 0x7f)
			n = snprintf(out + len, outsz - len, "\\x%02x%.*s",
			    (unsigned char)a->c, a->q != 0, &a->q);
		else
			n = snprintf(out + len, outsz - len, "%s%c%.*s",
			    strchr(".[]()*+?{}|^$\\", a->c) != NULL ? "\\" :
			    "", a->c, a->q != 0, &a->q);
		if (n < 0 || (size_t)n >= outsz - len)
			return false;
		len += (size_t)n;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Replacement strings: \N references and literal bytes */

struct rep_item {
	int	ref;		/* group number, or -1: literal .c */
	char	c;
};

struct rep {
	struct rep_item	v[CFG_MIG_STRSZ];
	size_t		n;
};

/* Parse a 1.x replacement as exp_replace reads it (spec §5.2). */
static bool
rep_parse(const char *s, struct rep *r)
{
	char	hex[3] = { 0, 0, 0 };

	r->n = 0;
	for (; *s != '\0'; s++) {
		struct rep_item	*it = &r->v[r->n];

		if (r->n + 1 >= CFG_MIG_STRSZ)
			return false;
		it->ref = -1;
		it->c = *s;
		if (*s == '\\') {
			if (s[1] == '\0')
				return false;
			s++;
			if (isdigit((unsigned char)*s))
				it->ref = *s - '0';
			else if (*s == 'x' && isxdigit((unsigned char)s[1]) &&
			    isxdigit((unsigned char)s[2])) {
				hex[0] = s[1];
				hex[1] = s[2];
				it->c = (char)strtol(hex, NULL, 16);
				s += 2;
			} else
				it->c = *s;
		}
		r->n++;
	}
	return true;
}

/* Append ITEMS [FROM, TO) to FMT as a 2.x format: \N renumbered by
 * -SHIFT, '%' doubled (log-format), '\' and control bytes escaped. */
static bool
rep_format(const struct rep *r, size_t from, size_t to, unsigned shift,
    char *fmt, size_t fmtsz)
{
	size_t	len = strlen(fmt);
	int	n;

	for (; from < to; from++) {
		const struct rep_item	*it = &r->v[from];
		unsigned char		 c = (unsigned char)it->c;

		if (it->ref >= 0)
			n = snprintf(fmt + len, fmtsz - len, "\\%d",
			    it->ref - (int)shift);
		else if (c == '%')
			n = snprintf(fmt + len, fmtsz - len, "%%%%");
		else if (c == '\\')
			n = snprintf(fmt + len, fmtsz - len, "\\\\");
		else if (c < 0x20 || c == 0x7f)
			n = snprintf(fmt + len, fmtsz - len, "\\x%02x", c);
		else
			n = snprintf(fmt + len, fmtsz - len, "%c", c);
		if (n < 0 || (size_t)n >= fmtsz - len)
			return false;
		len += (size_t)n;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Shapes */

static void
shape_none(struct cfg_mig_shape *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
shape_none(struct cfg_mig_shape *out, const char *fmt, ...)
{
	va_list	ap;

	out->kind = CFG_MIG_NONE;
	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
}

static bool
has_alpha(const char *s)
{
	for (; *s != '\0'; s++)
		if (isalpha((unsigned char)*s))
			return true;
	return false;
}

/* OUT = [ "(?i)" ] PREFIX atoms[FROM..]: a case-insensitive 1.x regex
 * keeps its meaning with an inline flag (PCRE and oniguruma read it). */
static bool
shape_regex(char *out, size_t outsz, bool icase, const char *prefix,
    const struct atoms *as, size_t from)
{
	char	body[CFG_MIG_STRSZ];
	int	n;

	snprintf(body, sizeof(body), "%s", prefix);
	if (!rx_text(as, from, body, sizeof(body)))
		return false;
	n = snprintf(out, outsz, "%s%s", icase && has_alpha(body) ? "(?i)" :
	    "", body);
	return n >= 0 && (size_t)n < outsz;
}

/* Every byte of a request line or status line: a non-empty line. */
static bool
shape_any(const struct atoms *as)
{
	size_t	i;

	for (i = 0; i < as->n; i++)
		if (as->v[i].t != AT_BOL && as->v[i].t != AT_EOL &&
		    !(as->v[i].t == AT_DOT && i + 1 == as->n))
			return false;
	return true;
}

/* Whether atom A can only match inside a path: no space, no '?'. */
static bool
path_safe(const struct atom *a)
{
	if (a->t == AT_LIT)
		return a->c != ' ' && a->c != '?' && a->c != '\t';
	if (a->t == AT_CLASS)
		return a->single != 0 && a->single != ' ' && a->single != '?';
	return (a->t == AT_OPEN || a->t == AT_CLOSE) && a->q == 0;
}

/* The request line: "METHOD URI VERSION" (spec §5.2). */
struct rl_shape {
	unsigned	 mgroup;	/* group of the method, 0 if none */
	char		 lit[64];	/* URI start inside it (B) */
	char		 method[32];	/* literal method (case D) */
	size_t		 u;		/* first atom of the URI */
	unsigned	 tgroup;	/* the trailing "(.*)" */
	size_t		 tatom;		/* its AT_OPEN */
};

/* "^([^ :]*) ", "^([^ ]* /prefix)" or "^GET ": the method part. */
static bool
rl_method(const struct atoms *as, struct rl_shape *rl)
{
	const struct atom	*v = as->v;
	size_t			 i = 1, k = 0;

	if (as->n > 4 && v[1].t == AT_OPEN && v[1].group == 1 &&
	    v[2].t == AT_CLASS && v[2].nonspace && v[2].q != 0 &&
	    v[2].q != '?') {
		rl->mgroup = 1;
		if (v[3].t == AT_CLOSE && v[3].q == 0 && v[4].t == AT_LIT &&
		    v[4].c == ' ' && v[4].q == 0) {
			rl->u = 5;
			return true;
		}
		if (v[3].t != AT_LIT || v[3].c != ' ' || v[3].q != 0)
			return false;
		for (i = 4; i < as->n && v[i].t == AT_LIT && v[i].q == 0 &&
		    path_safe(&v[i]) && v[i].c != '%' && v[i].c != '\\' &&
		    k + 1 < sizeof(rl->lit); i++)
			rl->lit[k++] = v[i].c;
		rl->u = i + 1;
		return k > 0 && i < as->n && v[i].t == AT_CLOSE && v[i].q == 0;
	}
	for (; i < as->n && v[i].t == AT_LIT && isalpha((unsigned char)v[i].c)
	    && v[i].q == 0 && k + 1 < sizeof(rl->method); i++)
		rl->method[k++] = v[i].c;
	rl->u = i + 1;
	return k > 0 && i < as->n && v[i].t == AT_LIT && v[i].c == ' ' &&
	    v[i].q == 0;
}

/* The URI part ends with "(.*)" or "(.*)$", before which only
 * path-safe atoms appear. */
static bool
rl_uri(const struct atoms *as, struct rl_shape *rl)
{
	const struct atom	*v = as->v;
	size_t			 n = as->n, i;

	if (n > 0 && v[n - 1].t == AT_EOL)
		n--;
	if (n < rl->u + 3 || v[n - 3].t != AT_OPEN || v[n - 3].group == 0 ||
	    v[n - 2].t != AT_DOT || v[n - 2].q != '*' ||
	    v[n - 1].t != AT_CLOSE || v[n - 1].q != 0)
		return false;
	rl->tatom = n - 3;
	rl->tgroup = v[n - 3].group;
	for (i = rl->u; i < rl->tatom; i++)
		if (!path_safe(&v[i]))
			return false;
	return true;
}

/* reqrep "^GET (.*)" -> "POST \1": set-method. */
static void
rl_set_method(const struct rl_shape *rl, const struct rep *r,
    struct cfg_mig_shape *out)
{
	size_t	i, k = 0;

	for (i = 0; i < r->n && r->v[i].ref < 0 &&
	    isalpha((unsigned char)r->v[i].c) && k + 1 < sizeof(out->fmt); i++)
		out->fmt[k++] = r->v[i].c;
	out->fmt[k] = '\0';
	if (rl->u != rl->tatom || k == 0 || i + 2 != r->n ||
	    r->v[i].ref >= 0 || r->v[i].c != ' ' ||
	    r->v[i + 1].ref != (int)rl->tgroup) {
		shape_none(out, "the rule depends on the method in a way "
		    "'http-request set-method' cannot express");
		return;
	}
	out->kind = CFG_MIG_METHOD;
	snprintf(out->name, sizeof(out->name), "%s", rl->method);
}

/* The new URI T = R[FROM..]: it must end with the trailing group and
 * refer to no group outside the URI part. */
static bool
rl_target(const struct rl_shape *rl, const struct rep *r, size_t from,
    const char **why)
{
	size_t	i;

	*why = "the replacement does not end with the group that carries "
	    "the rest of the request line (query string and HTTP version)";
	if (from >= r->n || r->v[r->n - 1].ref != (int)rl->tgroup)
		return false;
	for (i = from; i + 1 < r->n; i++) {
		const struct rep_item	*it = &r->v[i];

		*why = "the replacement uses the method or the rest of the "
		    "line elsewhere than at its end";
		if (it->ref >= 0 && (it->ref == 0 || it->ref == (int)
		    rl->mgroup || it->ref == (int)rl->tgroup))
			return false;
		*why = "the replacement puts a space in the URI";
		if (it->ref < 0 && (it->c == ' ' || it->c == '\t'))
			return false;
	}
	return true;
}

/* replace-path when the regex and the new URI both start with a
 * mandatory '/' and the new URI has no '?': the path is then all that
 * the 1.x regex could touch before its "(.*)"; else replace-uri. */
static bool
rl_is_path(const struct atoms *as, const struct rl_shape *rl,
    const struct rep *r, size_t from)
{
	const struct atom	*u = &as->v[rl->u];
	size_t			 i;

	if (rl->lit[0] == '\0' && (u->t != AT_LIT || u->c != '/' ||
	    u->q != 0 || r->v[from].ref >= 0 || r->v[from].c != '/'))
		return false;
	if (rl->lit[0] != '\0' && rl->lit[0] != '/')
		return false;
	for (i = from; i < r->n; i++)
		if (r->v[i].ref < 0 && r->v[i].c == '?')
			return false;
	return true;
}

static void
shape_reqline(const struct atoms *as, const struct rep *r, bool icase,
    struct cfg_mig_shape *out)
{
	struct rl_shape	 rl;
	const char	*why;
	char		 pre[160];
	size_t		 from, i, k;

	memset(&rl, 0, sizeof(rl));
	if (!rl_method(as, &rl))
		return shape_none(out, "the regex does not split the request "
		    "line into its method and URI");
	if (!rl_uri(as, &rl))
		return shape_none(out, "the URI part of the regex does not "
		    "end with '(.*)', or may match past the path");
	if (rl.method[0] != '\0')
		return rl_set_method(&rl, r, out);
	/* Case A: "\1 T"; case B: "\1T" where \1 ends with the literal. */
	from = rl.lit[0] != '\0' ? 1 : 2;
	if (r->n < from || r->v[0].ref != (int)rl.mgroup || (from == 2 &&
	    (r->v[1].ref >= 0 || r->v[1].c != ' ')))
		return shape_none(out, "the replacement does not keep the "
		    "method as it was");
	if (!rl_target(&rl, r, from, &why))
		return shape_none(out, "%s", why);
	out->kind = rl_is_path(as, &rl, r, from) ? CFG_MIG_PATH : CFG_MIG_URI;
	pre[0] = '^';
	for (i = 0, k = 1; rl.lit[i] != '\0' && k + 3 < sizeof(pre); i++) {
		if (strchr(".[]()*+?{}|^$", rl.lit[i]) != NULL)
			pre[k++] = '\\';
		pre[k++] = rl.lit[i];
	}
	pre[k] = '\0';
	snprintf(out->fmt, sizeof(out->fmt), "%s", rl.lit);
	if (!shape_regex(out->regex, sizeof(out->regex), icase, pre, as,
	    rl.u) || !rep_format(r, from, r->n,
	    rl.mgroup, out->fmt, sizeof(out->fmt)))
		return shape_none(out, "the rule is too long");
	if (as->v[2].colon)
		snprintf(out->caveat, sizeof(out->caveat), "1.x also tried "
		    "it on header lines (its method part matches 'Name:'), "
		    "which 2.x does not");
}

/* A header line: "^Name:" then blanks, then the value part. */
struct hd_shape {
	char		 name[64];
	bool		 blanks;	/* blanks allowed after ':' */
	size_t		 v;		/* first atom of the value */
};

static bool
hd_token(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

static bool
hd_name(const struct atoms *as, struct hd_shape *hd)
{
	const struct atom	*v = as->v;
	size_t			 i, k = 0;

	if (as->n < 3 || v[0].t != AT_BOL)
		return false;
	for (i = 1; i < as->n && v[i].t == AT_LIT && v[i].q == 0 &&
	    hd_token(v[i].c) && k + 1 < sizeof(hd->name); i++)
		hd->name[k++] = v[i].c;
	hd->name[k] = '\0';
	if (k == 0 || i >= as->n || v[i].t != AT_LIT || v[i].c != ':' ||
	    v[i].q != 0)
		return false;
	for (i++; i < as->n && ((v[i].t == AT_LIT && (v[i].c == ' ' ||
	    v[i].c == '\t')) || (v[i].t == AT_CLASS && v[i].space)); i++)
		hd->blanks = true;
	hd->v = i;
	return true;
}

/* Whether a case-sensitive 1.x rule on NAME meant the header as
 * clients write it: every word capitalised ("X-Forwarded-For").  A rule
 * on "x-forwarded-for" left the usual header alone, which 2.x's
 * case-insensitive names cannot express. */
static bool
hd_canonical(const char *name)
{
	const char	*p = name;

	for (; *p != '\0'; p++)
		if ((p == name || p[-1] == '-') && islower((unsigned char)*p))
			return false;
	return true;
}

/* The value regex, checked: 1.x saw the blanks after ':' and 2.x does
 * not, so a value part that starts right after ':' must not care. */
static bool
hd_value(const struct atoms *as, const struct hd_shape *hd, bool icase,
    struct cfg_mig_shape *out)
{
	const char	*val;

	val = hd->v < as->n ? as->src + as->v[hd->v].off : "";
	if (!hd->blanks && *val != '\0' && strcmp(val, ".*") != 0) {
		shape_none(out, "the regex reads the value from right after "
		    "':', spaces included, and 2.x values have no leading "
		    "space");
		return false;
	}
	if (*val == '\0' || strcmp(val, ".*") == 0)
		val = "";
	if (*val != '\0' && !shape_regex(out->regex, sizeof(out->regex),
	    icase, "^", as, hd->v)) {
		shape_none(out, "the rule is too long");
		return false;
	}
	return true;
}

/* reqrep "^Name:\ (.*)" -> "Name:\ new\1": the line keeps its name. */
static void
shape_header_rep(const struct atoms *as, const struct hd_shape *hd,
    const struct rep *r, struct cfg_mig_shape *out)
{
	size_t	i, k = 0;

	for (i = 0; i < r->n && r->v[i].ref < 0 && r->v[i].c != ':'; i++)
		if (k >= sizeof(hd->name) - 1 || tolower((unsigned char)
		    r->v[i].c) != tolower((unsigned char)hd->name[k++]))
			break;
	if (i >= r->n || r->v[i].ref >= 0 || r->v[i].c != ':' ||
	    hd->name[k] != '\0')
		return shape_none(out, "the replacement renames the header");
	for (i++; i < r->n && r->v[i].ref < 0 && (r->v[i].c == ' ' ||
	    r->v[i].c == '\t'); i++)
		continue;
	if (i == r->n)
		return shape_none(out, "the replacement empties the value");
	for (k = i; k < r->n; k++)
		if (r->v[k].ref == 0 || r->v[k].ref > (int)as->ngroups)
			return shape_none(out, "the replacement uses the "
			    "whole line (\\0) or a group the regex lacks");
	if (out->regex[0] == '\0')
		snprintf(out->regex, sizeof(out->regex), ".*");
	if (!rep_format(r, i, r->n, 0, out->fmt, sizeof(out->fmt)))
		return shape_none(out, "the rule is too long");
	out->kind = CFG_MIG_HEADER;
}

static void
shape_header(const struct atoms *as, const struct rep *r, bool icase,
    struct cfg_mig_shape *out)
{
	struct hd_shape	hd;

	memset(&hd, 0, sizeof(hd));
	if (!hd_name(as, &hd))
		return shape_none(out, "the regex is neither a request line "
		    "nor a header of a known shape");
	snprintf(out->name, sizeof(out->name), "%s", hd.name);
	if (!icase && !hd_canonical(hd.name))
		return shape_none(out, "1.x matched the header name '%s' in "
		    "this case only (clients send it capitalised), and 2.x "
		    "header names match in any case", hd.name);
	if (!hd_value(as, &hd, icase, out))
		return;
	if (r != NULL)
		return shape_header_rep(as, &hd, r, out);
	out->kind = CFG_MIG_HEADER;
}

/* ------------------------------------------------------------------ */
/* Proof with the runtime's own code
 *
 * A recognised shape is then run, old and new, on sample lines by the
 * regex and format code that runs traffic (regex.c rx_subst, as rewrite.c
 * applies a 1.x filter; rewrite_format for the 2.x format), and refused if
 * any sample comes out different.  Absolute-form URIs are not sampled:
 * replace-path rewrites their path where 1.x's regex did not match
 * (documented in hapx.1). */

#define PROBE_SZ	2048

struct probe {
	const struct cfg_mig_shape *sh;
	struct rx	*old, *new;
	const char	*rep;			/* the 1.x replacement */
	bool		 icase;
	char		 fmt[PROBE_SZ];	/* 2.x format, expanded */
	char		 lit[64];	/* literal start of a match */
};

/* 1.x: the whole line replaced when the regex matches it. */
static void
probe_old(const struct probe *p, const char *line, char *out)
{
	if (rx_subst(p->old, line, strlen(line), p->rep, out, PROBE_SZ) < 0)
		snprintf(out, PROBE_SZ, "%s", line);
}

/* 2.x on a request line "M URI V": the path, the URI or the method. */
static void
probe_new_rl(const struct probe *p, const char *m, const char *uri,
    char *out)
{
	char		 val[PROBE_SZ];
	size_t		 plen = strcspn(uri, "?");
	const char	*sh_name = p->sh->name;

	if (p->sh->kind == CFG_MIG_METHOD) {
		bool	same = p->icase ? strcasecmp(m, sh_name) == 0 :
		    strcmp(m, sh_name) == 0;

		snprintf(out, PROBE_SZ, "%.64s %.256s HTTP/1.1", same ?
		    p->fmt : m, uri);
		return;
	}
	if (p->sh->kind == CFG_MIG_URI)
		plen = strlen(uri);
	if (rx_subst(p->new, uri, plen, p->fmt, val, sizeof(val)) < 0)
		snprintf(out, PROBE_SZ, "%s %s HTTP/1.1", m, uri);
	else
		snprintf(out, PROBE_SZ, "%.64s %.1024s%.256s HTTP/1.1", m,
		    val, uri + plen);
}

/* Request lines made from the literal start of the regex. */
static bool
probe_reqline(const struct probe *p, char *why, size_t whysz)
{
	static const char *const methods[] = { "GET", "HEAD", "purge" };
	static const char *const tails[] = { "", "x", "a/b?c=d", "?q=1",
	    "x y" };
	char		 uri[256], line[PROBE_SZ], a[PROBE_SZ], b[PROBE_SZ];
	const char	*m;
	size_t		 i, j;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]) + 1; i++) {
		m = i < 3 ? methods[i] : p->sh->name;
		for (j = 0; j < sizeof(tails) / sizeof(tails[0]) + 2; j++) {
			if (j < 5)
				snprintf(uri, sizeof(uri), "%s%s", p->lit,
				    tails[j]);
			else
				snprintf(uri, sizeof(uri), "%s", j == 5 ?
				    "/" : "/zz?y=/a");
			if (*m == '\0' || strchr(uri, ' ') != NULL)
				continue;
			snprintf(line, sizeof(line), "%s %s HTTP/1.1", m, uri);
			probe_old(p, line, a);
			probe_new_rl(p, m, uri, b);
			if (strcmp(a, b) != 0) {
				snprintf(why, whysz, "self-check: 1.x turns "
				    "'%.40s' into '%.40s', the 2.x rule into "
				    "'%.40s'", line, a, b);
				return false;
			}
		}
	}
	return true;
}

/* Header lines NAME: VALUE; names compare in any case (2.x sends them
 * in lower case anyway). */
static bool
probe_header(const struct probe *p, char *why, size_t whysz)
{
	static const char *const vals[] = { "x", "www.example.com",
	    "a, b", "Two Words" };
	char		 line[PROBE_SZ], a[PROBE_SZ], b[PROBE_SZ], v[256];
	const char	*name = p->sh->name;
	size_t		 i, n = strlen(name);

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]) * 2; i++) {
		snprintf(v, sizeof(v), "%s%s", i % 2 ? p->lit : "",
		    vals[i / 2]);
		snprintf(line, sizeof(line), "%s: %s", name, v);
		probe_old(p, line, a);
		if (rx_subst(p->new, v, strlen(v), p->fmt, b + n + 2,
		    sizeof(b) - n - 2) < 0)
			snprintf(b + n + 2, sizeof(b) - n - 2, "%s", v);
		memcpy(b, name, n);
		memcpy(b + n, ": ", 2);
		if (strncasecmp(a, b, n) != 0 || strcmp(a + n, b + n) != 0) {
			snprintf(why, whysz, "self-check: 1.x turns '%.40s' "
			    "into '%.40s', the 2.x rule into '%.40s'", line, a,
			    b);
			return false;
		}
	}
	return true;
}

/* The literal text the regex starts with after "^" and the method or
 * header name (samples are built on it). */
static void
probe_literal(const struct atoms *as, const struct cfg_mig_shape *sh,
    char *lit, size_t litsz)
{
	struct atoms	na;
	size_t		i, k = 0;
	const char	*rx = sh->regex;

	if (strncmp(rx, "(?i)", 4) == 0)
		rx += 4;
	(void)as;
	if (sh->kind == CFG_MIG_METHOD || !rx_atoms(rx, &na))
		na.n = 0;
	for (i = 0; i < na.n && k + 1 < litsz; i++) {
		if (na.v[i].t == AT_BOL || na.v[i].t == AT_OPEN)
			continue;
		if (na.v[i].t == AT_LIT)
			lit[k++] = na.v[i].c;
		else if (na.v[i].t == AT_CLASS && na.v[i].single != 0)
			lit[k++] = na.v[i].single;
		else
			break;
	}
	lit[k] = '\0';
	if (sh->kind == CFG_MIG_METHOD)
		snprintf(lit, litsz, "/");
}

/* Run the proof; false with OUT set to CFG_MIG_NONE if it fails. */
static bool
shape_prove(const struct atoms *as, const char *rx, const char *rep,
    bool icase, struct cfg_mig_shape *out)
{
	struct probe	 p;
	char		 err[256], why[sizeof(out->why)];
	bool		 ok;

	memset(&p, 0, sizeof(p));
	p.sh = out;
	p.rep = rep;
	p.icase = icase;
	rewrite_format(out->fmt, NULL, p.fmt, sizeof(p.fmt));
	probe_literal(as, out, p.lit, sizeof(p.lit));
	p.old = rx_compile(rx, icase ? RX_ICASE : 0, err, sizeof(err));
	if (out->kind != CFG_MIG_METHOD)
		p.new = rx_compile(out->regex, 0, err, sizeof(err));
	if (p.old == NULL || (p.new == NULL && out->kind != CFG_MIG_METHOD)) {
		rx_free(p.old);
		shape_none(out, "a regex does not compile: %s", err);
		return false;
	}
	ok = out->kind == CFG_MIG_HEADER ? probe_header(&p, why, sizeof(why)) :
	    probe_reqline(&p, why, sizeof(why));
	rx_free(p.old);
	rx_free(p.new);
	if (!ok)
		shape_none(out, "%s", why);
	return ok;
}

/* Recognise the shape of a 1.x rule's regex and replacement. */
void
cfg_migrate_shape(const char *rx, const char *rep, bool request, bool icase,
    struct cfg_mig_shape *out)
{
	struct atoms	as;
	struct rep	r;

	memset(out, 0, sizeof(*out));
	if (!rx_atoms(rx, &as))
		return shape_none(out, "the regex uses constructs this "
		    "migration does not analyse");
	if (rep != NULL && !rep_parse(rep, &r))
		return shape_none(out, "the replacement ends with a lone "
		    "backslash or is too long");
	if (rep == NULL && shape_any(&as)) {
		out->kind = CFG_MIG_ANY;
		return;
	}
	if (as.n > 0 && as.v[0].t == AT_BOL && hd_name(&as, &(struct hd_shape)
	    { .v = 0 }))
		shape_header(&as, rep != NULL ? &r : NULL, icase, out);
	else if (request && rep != NULL)
		shape_reqline(&as, &r, icase, out);
	else
		return shape_none(out, "the regex is not a header test or a "
		    "match-everything pattern");
	if (rep != NULL && out->kind != CFG_MIG_NONE)
		shape_prove(&as, rx, rep, icase, out);
}

/* ------------------------------------------------------------------ */
/* Words for the 2.6 tokenizer */

/* Escape ARG so that the 2.6 tokenizer gives it back: blanks, '#' and
 * quotes get a backslash, and a backslash that the tokenizer would
 * read as an escape is doubled (spec §1.2). */
bool
cfg_migrate_word(const char *arg, size_t len, char *out, size_t outsz)
{
	size_t	i, o = 0;
	int	n;

	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)arg[i];
		char		nx = i + 1 < len ? arg[i + 1] : '\0';

		if (c == ' ' || c == '#' || c == '\'' || c == '"')
			n = snprintf(out + o, outsz - o, "\\%c", c);
		else if (c == '\\' && (nx == '\0' ||
		    strchr(" \\#'\"tnrx", nx) != NULL))
			n = snprintf(out + o, outsz - o, "\\\\");
		else if (c == '\t')
			n = snprintf(out + o, outsz - o, "\\t");
		else if (c < 0x20 || c == 0x7f)
			n = snprintf(out + o, outsz - o, "\\x%02x", c);
		else
			n = snprintf(out + o, outsz - o, "%c", c);
		if (n < 0 || (size_t)n >= outsz - o)
			return false;
		o += (size_t)n;
	}
	if (o == 0)
		return snprintf(out, outsz, "\"\"") == 2;
	return true;
}

