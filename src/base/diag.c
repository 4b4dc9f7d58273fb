/*
 * diag: collects positioned messages and renders them.  Rendering follows
 * gcc/clang: "FILE:LINE:COL: error: MESSAGE", the source line, a caret under
 * the span (tabs expand to 8 columns for the marker only), then the hint.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xmalloc.h"

#define DIAG_ALSO_SHOWN	10	/* positions listed under a collapsed one */

struct diag_source {
	char	*name;
	char	*text;
	size_t	 len;
};

void
diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void
diag_clear(struct diag *d)
{
	size_t	i;

	for (i = 0; i < d->nmsgs; i++) {
		free(d->msgs[i].msg);
		free(d->msgs[i].hint);
		free(d->msgs[i].also);
	}
	free(d->msgs);
	for (i = 0; i < d->nsrcs; i++) {
		free(d->srcs[i].name);
		free(d->srcs[i].text);
	}
	free(d->srcs);
	memset(d, 0, sizeof(*d));
}

const char *
diag_source_name(const struct diag *d, const char *name)
{
	size_t	i;

	for (i = 0; i < d->nsrcs; i++)
		if (strcmp(d->srcs[i].name, name) == 0)
			return d->srcs[i].name;
	return NULL;
}

const char *
diag_add_source(struct diag *d, const char *name, const char *text, size_t len)
{
	struct diag_source	*s;
	size_t			 i;

	for (i = 0; i < d->nsrcs; i++) {
		if (strcmp(d->srcs[i].name, name) == 0) {
			s = &d->srcs[i];
			free(s->text);
			s->text = xmalloc(len + 1);
			memcpy(s->text, text, len);
			s->text[len] = '\0';
			s->len = len;
			return s->name;
		}
	}
	d->srcs = xreallocarray(d->srcs, d->nsrcs + 1, sizeof(*d->srcs));
	s = &d->srcs[d->nsrcs++];
	s->name = xstrdup(name);
	s->text = xmalloc(len + 1);
	memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->len = len;
	return s->name;
}

static void
diag_vadd(struct diag *d, enum diag_sev sev, const struct cfg_pos *pos,
    const char *fmt, va_list ap)
{
	struct diag_msg	*m;
	char		*text;

	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	if (d->nmsgs == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->msgs = xreallocarray(d->msgs, d->cap, sizeof(*d->msgs));
	}
	m = &d->msgs[d->nmsgs];
	memset(m, 0, sizeof(*m));
	m->sev = sev;
	if (pos != NULL)
		m->pos = *pos;
	m->msg = text;
	m->count = 1;
	m->seq = d->nmsgs;
	m->group = d->nmsgs;
	if (sev == DIAG_NOTE) {
		size_t	i = d->nmsgs;

		/* Notes belong to the closest preceding error/warning. */
		while (i > 0 && d->msgs[i - 1].sev == DIAG_NOTE)
			i--;
		m->group = i > 0 ? d->msgs[i - 1].group : d->nmsgs;
	} else if (sev == DIAG_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
	d->nmsgs++;
}

void
diag_error(struct diag *d, const struct cfg_pos *pos, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
}

void
diag_warn(struct diag *d, const struct cfg_pos *pos, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_WARNING, pos, fmt, ap);
	va_end(ap);
}

void
diag_note(struct diag *d, const struct cfg_pos *pos, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_NOTE, pos, fmt, ap);
	va_end(ap);
}

void
diag_hint(struct diag *d, const char *fmt, ...)
{
	struct diag_msg	*m;
	va_list		 ap;
	size_t		 i = d->nmsgs;

	while (i > 0 && d->msgs[i - 1].sev == DIAG_NOTE)
		i--;
	if (i == 0)
		return;
	m = &d->msgs[i - 1];
	free(m->hint);
	va_start(ap, fmt);
	if (vasprintf(&m->hint, fmt, ap) < 0)
		abort();
	va_end(ap);
}

void
diag_code(struct diag *d, const char *code)
{
	size_t	i = d->nmsgs;

	while (i > 0 && d->msgs[i - 1].sev == DIAG_NOTE)
		i--;
	if (i > 0)
		d->msgs[i - 1].code = code;
}

bool
diag_code_in(const char *code, const char *const *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], "all") == 0 ||
		    (code != NULL && strcmp(list[i], code) == 0))
			return true;
	return false;
}

/* Remove message I (its strings freed); the array stays in order. */
static void
diag_remove(struct diag *d, size_t i)
{
	struct diag_msg	*m = &d->msgs[i];

	if (m->sev == DIAG_ERROR)
		d->nerrors--;
	else if (m->sev == DIAG_WARNING)
		d->nwarnings--;
	free(m->msg);
	free(m->hint);
	free(m->also);
	memmove(m, m + 1, (d->nmsgs - i - 1) * sizeof(*m));
	d->nmsgs--;
}

/* After removals: SEQ and GROUP are indexes again (diag_sort needs it),
 * keeping the present order. */
static void
diag_renumber(struct diag *d)
{
	size_t	i, primary = 0;

	for (i = 0; i < d->nmsgs; i++) {
		d->msgs[i].seq = i;
		if (d->msgs[i].sev != DIAG_NOTE || i == 0)
			primary = i;
		d->msgs[i].group = primary;
	}
}

/* Notes follow their error or warning, in insertion order as after a
 * sort, so dropping one drops the notes right behind it. */
void
diag_apply_policy(struct diag *d, const struct diag_policy *p)
{
	struct diag_msg	*m;
	size_t		 i = 0;
	bool		 drop = false;

	while (i < d->nmsgs) {
		m = &d->msgs[i];
		if (m->sev == DIAG_WARNING) {
			drop = diag_code_in(m->code, p->nowarn, p->nnowarn);
			if (!drop && diag_code_in(m->code, p->werror,
			    p->nwerror)) {
				m->sev = DIAG_ERROR;
				d->nwarnings--;
				d->nerrors++;
			}
		} else if (m->sev == DIAG_ERROR)
			drop = false;
		if (drop)
			diag_remove(d, i);
		else
			i++;
	}
	diag_renumber(d);
}

static bool
diag_same(const struct diag_msg *a, const struct diag_msg *b)
{
	if (a->sev != DIAG_WARNING || b->sev != DIAG_WARNING)
		return false;
	if ((a->code == NULL) != (b->code == NULL) || (a->code != NULL &&
	    strcmp(a->code, b->code) != 0))
		return false;
	if ((a->hint == NULL) != (b->hint == NULL) || (a->hint != NULL &&
	    strcmp(a->hint, b->hint) != 0))
		return false;
	return strcmp(a->msg, b->msg) == 0;
}

void
diag_collapse(struct diag *d)
{
	struct diag_msg	*m, *k;
	size_t		 i = 0, j;
	bool		 drop = false;

	diag_sort(d);
	while (i < d->nmsgs) {
		m = &d->msgs[i];
		if (m->sev != DIAG_NOTE) {
			drop = false;
			for (j = 0; j < i && !drop; j++)
				drop = diag_same(&d->msgs[j], m);
			if (drop) {
				k = &d->msgs[j - 1];
				k->also = xreallocarray(k->also, k->nalso + 1,
				    sizeof(*k->also));
				k->also[k->nalso++] = m->pos;
				k->count++;
			}
		}
		if (drop)
			diag_remove(d, i);
		else
			i++;
	}
	diag_renumber(d);
}

bool
diag_has_errors(const struct diag *d)
{
	return d->nerrors > 0;
}

static const struct diag_source *
diag_find_source(const struct diag *d, const char *file, size_t *idx)
{
	size_t	i;

	for (i = 0; file != NULL && i < d->nsrcs; i++) {
		if (d->srcs[i].name == file || strcmp(d->srcs[i].name, file) == 0) {
			if (idx != NULL)
				*idx = i;
			return &d->srcs[i];
		}
	}
	if (idx != NULL)
		*idx = (size_t)-1;
	return NULL;
}

const char *
diag_source_line(const struct diag *d, const char *file, unsigned line,
    size_t *len)
{
	const struct diag_source	*s = diag_find_source(d, file, NULL);
	const char			*p, *end, *eol;
	unsigned			 n = 1;

	if (s == NULL || line == 0)
		return NULL;
	p = s->text;
	end = s->text + s->len;
	while (n < line) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			return NULL;
		p = eol + 1;
		n++;
	}
	if (p > end)
		return NULL;
	eol = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((eol ? eol : end) - p);
	if (*len > 0 && p[*len - 1] == '\r')
		(*len)--;
	return p;
}

struct diag_sortkey {
	size_t		 file, line, col, group, seq;
	struct diag_msg	 msg;
};

static int
diag_cmp(const void *va, const void *vb)
{
	const struct diag_sortkey	*a = va, *b = vb;

	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

/* Order messages by file, line and column of their group's primary message,
 * keeping notes right behind it.  Keys are computed first because qsort is
 * not stable.  GROUP is the primary's SEQ, which is its index only until the
 * first sort: map it through AT so that sorting again changes nothing. */
void
diag_sort(struct diag *d)
{
	struct diag_sortkey	*keys;
	const struct diag_msg	*p;
	size_t			 i, *at;

	if (d->nmsgs < 2)
		return;
	keys = xreallocarray(NULL, d->nmsgs, sizeof(*keys));
	at = xreallocarray(NULL, d->nmsgs, sizeof(*at));
	for (i = 0; i < d->nmsgs; i++)
		at[d->msgs[i].seq] = i;
	for (i = 0; i < d->nmsgs; i++) {
		p = &d->msgs[at[d->msgs[i].group]];
		diag_find_source(d, p->pos.file, &keys[i].file);
		keys[i].line = p->pos.line;
		keys[i].col = p->pos.col;
		keys[i].group = d->msgs[i].group;
		keys[i].seq = d->msgs[i].seq;
		keys[i].msg = d->msgs[i];
	}
	qsort(keys, d->nmsgs, sizeof(*keys), diag_cmp);
	for (i = 0; i < d->nmsgs; i++)
		d->msgs[i] = keys[i].msg;
	free(at);
	free(keys);
}

static const char *
diag_sev_name(enum diag_sev sev)
{
	static const char *const names[] = { "error", "warning", "note" };

	return names[sev];
}

static void
diag_render_caret(FILE *fp, const char *line, size_t linelen,
    const struct cfg_pos *pos, const char *gutter)
{
	size_t		i, vcol = 0, end;
	unsigned	col = pos->col ? pos->col : 1;

	fprintf(fp, "%s%.*s\n", gutter, (int)linelen, line);
	fprintf(fp, "%*s | ", (int)strlen(gutter) - 3, "");
	for (i = 0; i + 1 < col && i < linelen; i++) {
		size_t	w = line[i] == '\t' ? 8 - (vcol % 8) : 1;

		vcol += w;
		while (w-- > 0)
			fputc(' ', fp);
	}
	fputc('^', fp);
	end = (size_t)col - 1 + (pos->len ? pos->len : 1);
	for (i = col; i < end && i < linelen; i++)
		fputc('~', fp);
	fputc('\n', fp);
}

/* "= also at: 35:3, 36:3" for a collapsed warning (first ones only). */
static void
diag_render_also(const struct diag_msg *m, FILE *fp)
{
	size_t	i;

	if (m->nalso == 0)
		return;
	fputs("      = also at:", fp);
	for (i = 0; i < m->nalso && i < DIAG_ALSO_SHOWN; i++) {
		const struct cfg_pos	*p = &m->also[i];

		if (p->file != m->pos.file && p->file != NULL)
			fprintf(fp, "%s %s:%u:%u", i ? "," : "", p->file,
			    p->line, p->col);
		else
			fprintf(fp, "%s %u:%u", i ? "," : "", p->line, p->col);
	}
	if (m->nalso > DIAG_ALSO_SHOWN)
		fprintf(fp, " and %zu more", m->nalso - DIAG_ALSO_SHOWN);
	fputc('\n', fp);
}

static void
diag_render_one(const struct diag *d, const struct diag_msg *m, FILE *fp,
    bool color)
{
	static const char *const colors[] = { "\033[1;31m", "\033[1;35m",
	    "\033[1;36m" };
	const char	*line;
	size_t		 linelen;
	char		 gutter[32];

	if (m->pos.file != NULL && m->pos.line > 0)
		fprintf(fp, "%s:%u:%u: ", m->pos.file, m->pos.line,
		    m->pos.col ? m->pos.col : 1);
	else if (m->pos.file != NULL)
		fprintf(fp, "%s: ", m->pos.file);
	else
		fprintf(fp, "hapx: ");
	fprintf(fp, "%s%s:%s %s", color ? colors[m->sev] : "",
	    diag_sev_name(m->sev), color ? "\033[0m" : "", m->msg);
	if (m->code != NULL)
		fprintf(fp, " [%s]", m->code);
	if (m->count > 1)
		fprintf(fp, " (%u times)", m->count);
	fputc('\n', fp);
	line = diag_source_line(d, m->pos.file, m->pos.line, &linelen);
	if (line != NULL) {
		snprintf(gutter, sizeof(gutter), "%5u | ", m->pos.line);
		diag_render_caret(fp, line, linelen, &m->pos, gutter);
	}
	if (m->hint != NULL)
		fprintf(fp, "      = hint: %s\n", m->hint);
	diag_render_also(m, fp);
}

void
diag_render_text(const struct diag *d, FILE *fp, bool color)
{
	size_t	i;

	for (i = 0; i < d->nmsgs; i++)
		diag_render_one(d, &d->msgs[i], fp, color);
}

static void
diag_json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

/* "code", and "count" + "also" for a collapsed warning: only when set,
 * so messages without them keep the shape they always had. */
static void
diag_json_extra(const struct diag_msg *m, FILE *fp)
{
	size_t	i;

	if (m->code != NULL) {
		fputs(",\"code\":", fp);
		diag_json_str(fp, m->code);
	}
	if (m->count <= 1)
		return;
	fprintf(fp, ",\"count\":%u,\"also\":[", m->count);
	for (i = 0; i < m->nalso; i++) {
		fputs(i ? ",{\"file\":" : "{\"file\":", fp);
		diag_json_str(fp, m->also[i].file);
		fprintf(fp, ",\"line\":%u,\"column\":%u}", m->also[i].line,
		    m->also[i].col);
	}
	fputs("]", fp);
}

void
diag_render_json(const struct diag *d, FILE *fp)
{
	const struct diag_msg	*m;
	size_t			 i;

	for (i = 0; i < d->nmsgs; i++) {
		m = &d->msgs[i];
		fputs("{\"file\":", fp);
		if (m->pos.file != NULL)
			diag_json_str(fp, m->pos.file);
		else
			fputs("null", fp);
		fprintf(fp, ",\"line\":%u,\"column\":%u,\"end_column\":%u,"
		    "\"severity\":", m->pos.line, m->pos.col,
		    m->pos.col + (m->pos.len ? m->pos.len : 1));
		diag_json_str(fp, diag_sev_name(m->sev));
		fputs(",\"message\":", fp);
		diag_json_str(fp, m->msg);
		fputs(",\"hint\":", fp);
		if (m->hint != NULL)
			diag_json_str(fp, m->hint);
		else
			fputs("null", fp);
		diag_json_extra(m, fp);
		fputs("}\n", fp);
	}
}

/* SARIF wants a URI: percent-encode what is not unreserved or '/'. */
static void
diag_json_uri(FILE *fp, const char *s)
{
	static const char	 ok[] = "-._~/";
	char			*u, *q;

	q = u = xmalloc(strlen(s) * 3 + 1);
	for (; *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(ok, c) != NULL)
			*q++ = (char)c;
		else
			q += sprintf(q, "%%%02X", c);
	}
	*q = '\0';
	diag_json_str(fp, u);
	free(u);
}

static void
diag_sarif_location(FILE *fp, const struct cfg_pos *p, const char *msg)
{
	fputs("{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", fp);
	diag_json_uri(fp, p->file != NULL ? p->file : "hapx");
	fputs("}", fp);
	if (p->line > 0)
		fprintf(fp, ",\"region\":{\"startLine\":%u,\"startColumn\":%u,"
		    "\"endColumn\":%u}", p->line, p->col ? p->col : 1,
		    (p->col ? p->col : 1) + (p->len ? p->len : 1));
	fputs("}", fp);
	if (msg != NULL) {
		fputs(",\"message\":{\"text\":", fp);
		diag_json_str(fp, msg);
		fputs("}", fp);
	}
	fputs("}", fp);
}

/* Code of a message for SARIF's ruleId: errors and warnings without one
 * get "E-config" / "W-config". */
static const char *
diag_sarif_rule(const struct diag_msg *m)
{
	if (m->code != NULL)
		return m->code;
	return m->sev == DIAG_ERROR ? "E-config" : "W-config";
}

/* One result: the message (with its hint), its location, its notes and
 * the places of collapsed copies as related locations. */
static void
diag_sarif_result(FILE *fp, const struct diag *d, size_t i)
{
	const struct diag_msg	*m = &d->msgs[i];
	size_t			 j, k = 0;

	fputs("{\"ruleId\":", fp);
	diag_json_str(fp, diag_sarif_rule(m));
	fputs(",\"level\":", fp);
	diag_json_str(fp, diag_sev_name(m->sev));
	fputs(",\"message\":{\"text\":", fp);
	diag_json_str(fp, m->msg);
	fputs("},\"locations\":[", fp);
	diag_sarif_location(fp, &m->pos, NULL);
	fputs("]", fp);
	if (m->hint != NULL) {
		fputs(",\"properties\":{\"hint\":", fp);
		diag_json_str(fp, m->hint);
		fprintf(fp, ",\"count\":%u}", m->count);
	} else
		fprintf(fp, ",\"properties\":{\"count\":%u}", m->count);
	fputs(",\"relatedLocations\":[", fp);
	for (j = i + 1; j < d->nmsgs && d->msgs[j].sev == DIAG_NOTE; j++) {
		fputs(k++ ? "," : "", fp);
		diag_sarif_location(fp, &d->msgs[j].pos, d->msgs[j].msg);
	}
	for (j = 0; j < m->nalso; j++) {
		fputs(k++ ? "," : "", fp);
		diag_sarif_location(fp, &m->also[j], "the same warning");
	}
	fputs("]}", fp);
}

static void
diag_sarif_rules(FILE *fp, const struct diag_rule *rules, size_t nrules)
{
	size_t	i;

	fputs("\"rules\":[", fp);
	for (i = 0; i < nrules; i++) {
		fputs(i ? ",{\"id\":" : "{\"id\":", fp);
		diag_json_str(fp, rules[i].code);
		fputs(",\"shortDescription\":{\"text\":", fp);
		diag_json_str(fp, rules[i].summary);
		fputs("}}", fp);
	}
	fputs("]", fp);
}

void
diag_render_sarif(const struct diag *const *ds, size_t n, FILE *fp,
    const struct diag_rule *rules, size_t nrules)
{
	size_t	i, j, k = 0;

	fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
	    "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
	    "\"name\":\"hapx\",\"informationUri\":"
	    "\"https://www.haproxy.org/\",", fp);
#ifdef PACKAGE_VERSION
	fputs("\"version\":", fp);
	diag_json_str(fp, PACKAGE_VERSION);
	fputs(",", fp);
#endif
	diag_sarif_rules(fp, rules, nrules);
	fputs("}},\"results\":[", fp);
	for (i = 0; i < n; i++)
		for (j = 0; j < ds[i]->nmsgs; j++) {
			if (ds[i]->msgs[j].sev == DIAG_NOTE)
				continue;
			fputs(k++ ? ",\n" : "\n", fp);
			diag_sarif_result(fp, ds[i], j);
		}
	fputs("]}]}\n", fp);
}
