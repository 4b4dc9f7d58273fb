/*
 * cfg_kw_http: rows and handlers for the http rule keywords of a proxy:
 * http-request, http-response and http-after-response (one row per action),
 * the 1.x reqxxx / rspxxx / block family and "redirect".  Handlers validate
 * every argument at config time (regexes are compiled here, status codes
 * and log-format strings checked) and append rules to the proxy in config
 * order.  Nothing here runs a rule.  tcp-request/tcp-response live in
 * cfg_kw_tcp.c, what both share (rule order, capture sizes...) in
 * cfg_kw_rules.c, health checks and stats in cfg_kw_check.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cfg/cfg_acl_fetch.h"
#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "cfg/cfg_kw_rules.h"
#include "cfg/cfg_load.h"
#include "cfg/cfg_logfmt.h"
#include "base/regex.h"

/* For rule rows, .offset carries the enum http_act the shared handler
 * fills in; the rows have no field to set. */
#define HR_ICASE	0x1000	/* or-ed into .offset: case-insensitive regex */

static const char *const hr_family_names[] = {
	"http-request", "http-response", "http-after-response"
};

/* ------------------------------------------------------------------ */
/* Small shared checks */

/* The row name as the user knows it ("http-request deny", "reqrep"). */
static const char *
kwname(const struct cfg_ctx *ctx)
{
	return ctx->kw->name;
}

/* An HTTP header name is an RFC 9110 token. */
static int
hdr_name_check(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	static const char	 tchar[] = "!#$%&'*+-.^_`|~";
	size_t			 i;
	unsigned char		 c;

	for (i = 0; i < a->len; i++) {
		c = (unsigned char)a->s[i];
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || (c != '\0' &&
		    strchr(tchar, c) != NULL))
			continue;
		diag_error(ctx->d, &a->pos, "'%s': invalid header name '%s'",
		    kwname(ctx), a->s);
		diag_hint(ctx->d, "a header name is made of letters, digits "
		    "and !#$%%&'*+-.^_`|~ only%s", c == ':' ? "; write it "
		    "without the ':'" : "");
		return -1;
	}
	if (a->len == 0) {
		diag_error(ctx->d, &a->pos, "'%s': empty header name",
		    kwname(ctx));
		return -1;
	}
	return 0;
}

/* An integer in [lo, hi], reported as a status code of the keyword. */
static int
status_arg(struct cfg_ctx *ctx, const struct cfg_arg *a, unsigned long lo,
    unsigned long hi, int *out)
{
	char		err[256];
	unsigned long	v;

	if (cfg_value_uint(a->s, lo, hi, &v, err, sizeof(err)) < 0) {
		diag_error(ctx->d, &a->pos, "'%s': invalid status code '%s'",
		    kwname(ctx), a->s);
		diag_hint(ctx->d, "use a status code from %lu to %lu", lo,
		    hi);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Compile a regex; a hint follows the message of cfg_arg_regex. */
static struct rx *
regex_arg(struct cfg_ctx *ctx, const struct cfg_arg *a, unsigned flags)
{
	struct rx	*rx = cfg_arg_regex(ctx, a, flags);

	if (rx == NULL && ctx->kw->status == KW_DEPRECATED)
		diag_hint(ctx->d, "regexes are PCRE; in 1.x-style lines a "
		    "space inside the regex is written '\\ '");
	else if (rx == NULL)
		diag_hint(ctx->d, "regexes are PCRE; quote the regex if it "
		    "holds spaces or '#'");
	return rx;
}

/* Check a replacement string against its regex: a missing group is an
 * error, a deprecated escape a warning. */
static int
subst_arg(struct cfg_ctx *ctx, const struct rx *rx, const struct cfg_arg *a)
{
	char	err[512];
	int	rc = rx_check_subst(rx, a->s, err, sizeof(err));

	if (rc < 0) {
		diag_error(ctx->d, &a->pos, "'%s': %s", kwname(ctx), err);
		diag_hint(ctx->d, "\\0 is the whole match, \\1..\\9 the "
		    "regex's capture groups");
		return -1;
	}
	if (rc > 0)
		diag_warn(ctx->d, &a->pos, "'%s': %s", kwname(ctx), err);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Common frame of http rules */

/*
 * Start an http rule: refuse it in defaults, set the common fields, and
 * find END, where the action's own words stop (at "if"/"unless" or the
 * end of the line).
 */
static int
hr_begin(struct cfg_ctx *ctx, const struct cfg_line *l, struct http_rule *r,
    size_t *end)
{
	const struct cfg_arg	*w = &l->args[ctx->argi - 1];
	enum http_act		 act;

	if (cfg_kw_rules_in_defaults(ctx, l,
	    hr_family_names[cfg_kw_rules_family(ctx)]) < 0)
		return -1;
	act = (enum http_act)(ctx->kw->offset & ~(size_t)HR_ICASE);
	if (strchr(ctx->kw->name, ' ') != NULL && strchr(w->s, '(') != NULL &&
	    act != HTTP_ACT_SET_VAR && act != HTTP_ACT_SET_VAR_FMT &&
	    act != HTTP_ACT_UNSET_VAR) {
		diag_error(ctx->d, &w->pos, "'%s' takes no argument in "
		    "parentheses", kwname(ctx));
		return -1;
	}
	memset(r, 0, sizeof(*r));
	r->pos = l->pos;
	r->act = act;
	r->keyword = ctx->kw->name;
	r->capture_id = -1;
	*end = cfg_cond_start(l, ctx->argi);
	return 0;
}

/* Whether the N words from I are there before END; else report. */
static int
hr_need(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i, size_t end,
    size_t n)
{
	if (i + n <= end)
		return 0;
	diag_error(ctx->d, &l->args[end - 1].pos, "'%s' expects %zu "
	    "argument%s, got %zu", kwname(ctx), n + i - ctx->argi,
	    n + i - ctx->argi == 1 ? "" : "s", end - ctx->argi);
	diag_hint(ctx->d, "syntax: %s %s", kwname(ctx),
	    ctx->kw->syntax ? ctx->kw->syntax : "");
	return -1;
}

/* Finish an http rule: nothing may be left before the condition; parse
 * it, warn about order, and append the rule. */
static int
hr_finish(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i,
    size_t end, struct http_rule *r)
{
	struct proxy_conf	*px = ctx->px;
	struct arena		*ar = &ctx->cfg->arena;
	enum rule_stage		 st = RULE_ST_NONE;

	if (i < end) {
		cfg_kw_rules_unexpected(ctx, l, i);
		return -1;
	}
	if (cfg_cond_parse(ctx, l, end, &r->cond) < 0)
		return -1;
	if (r->act == HTTP_ACT_BLOCK)
		st = RULE_ST_BLOCK;
	else if (r->act == HTTP_ACT_LEGACY_ADD)
		st = RULE_ST_REQADD;
	else if (r->act >= HTTP_ACT_LEGACY_REP)
		st = RULE_ST_REQXXX;
	else
		st = RULE_ST_HTTP_REQ;
	switch (cfg_kw_rules_family(ctx)) {
	case HR_REQ:
		cfg_kw_rules_order_check(ctx, l, st);
		*CFG_VEC_PUSH(ar, px->http_req) = *r;
		break;
	case HR_RES:
		*CFG_VEC_PUSH(ar, px->http_res) = *r;
		break;
	case HR_AFTER:
		*CFG_VEC_PUSH(ar, px->http_after) = *r;
		break;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Simple actions */

/* allow, reject, silent-drop, disable-l7-retry: no argument. */
static int
kw_hr_noarg(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	r;
	size_t			end;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0)
		return -1;
	return hr_finish(ctx, l, ctx->argi, end, &r);
}

/* add-header, set-header NAME FMT. */
static int
kw_hr_hdr_fmt(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	r;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 2) < 0)
		return -1;
	if (hdr_name_check(ctx, &l->args[i]) < 0 ||
	    cfg_logfmt_check(ctx, &l->args[i + 1]) < 0)
		return -1;
	r.name = cfg_arg_dup(ctx, &l->args[i]);
	r.value = cfg_arg_dup(ctx, &l->args[i + 1]);
	return hr_finish(ctx, l, i + 2, end, &r);
}

/* set-path, set-pathq, set-uri, set-query, set-method FMT. */
static int
kw_hr_fmt(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	r;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 1) < 0)
		return -1;
	if (cfg_logfmt_check(ctx, &l->args[i]) < 0)
		return -1;
	r.value = cfg_arg_dup(ctx, &l->args[i]);
	return hr_finish(ctx, l, i + 1, end, &r);
}

/* del-header NAME [-m str|beg|end|sub|reg]. */
static const char *const hdr_match_names[] = {
	"str", "beg", "end", "sub", "reg"
};

static int
del_header_match(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i,
    struct http_rule *r)
{
	const struct cfg_arg	*m = &l->args[i];
	size_t			 k, n = sizeof(hdr_match_names) /
				    sizeof(hdr_match_names[0]);

	for (k = 0; k < n; k++)
		if (strcmp(m->s, hdr_match_names[k]) == 0)
			break;
	if (k == n) {
		diag_error(ctx->d, &m->pos, "'%s': unknown matching method "
		    "'%s'", kwname(ctx), m->s);
		diag_hint(ctx->d, "use -m str, beg, end, sub or reg");
		return -1;
	}
	r->hdr_match = (enum http_hdr_match)k;
	if (r->hdr_match == HTTP_HM_REG &&
	    (r->rx = regex_arg(ctx, &l->args[i - 2], RX_ICASE)) == NULL)
		return -1;
	return 0;
}

static int
kw_hr_del_header(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	struct http_rule	r;
	size_t			end, next, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 1) < 0)
		return -1;
	r.name = cfg_arg_dup(ctx, &l->args[i]);
	next = i + 1;
	if (next < end && strcmp(l->args[next].s, "-m") == 0) {
		if (next + 1 >= end) {
			diag_error(ctx->d, &l->args[next].pos, "'%s': '-m' "
			    "expects a method", kwname(ctx));
			diag_hint(ctx->d, "use -m str, beg, end, sub or reg");
			return -1;
		}
		if (del_header_match(ctx, l, i + 2, &r) < 0)
			return -1;
		next = i + 3;
	}
	if (r.hdr_match != HTTP_HM_REG && hdr_name_check(ctx,
	    &l->args[i]) < 0)
		return -1;
	return hr_finish(ctx, l, next, end, &r);
}

/* replace-header, replace-value NAME REGEX FMT. */
static int
kw_hr_replace_hdr(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	struct http_rule	r;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 3) < 0)
		return -1;
	if (hdr_name_check(ctx, &l->args[i]) < 0 ||
	    (r.rx = regex_arg(ctx, &l->args[i + 1], 0)) == NULL ||
	    cfg_logfmt_check(ctx, &l->args[i + 2]) < 0 ||
	    subst_arg(ctx, r.rx, &l->args[i + 2]) < 0)
		return -1;
	r.name = cfg_arg_dup(ctx, &l->args[i]);
	r.value = cfg_arg_dup(ctx, &l->args[i + 2]);
	return hr_finish(ctx, l, i + 3, end, &r);
}

/* replace-path, replace-pathq, replace-uri REGEX FMT. */
static int
kw_hr_replace_uri(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	struct http_rule	r;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 2) < 0)
		return -1;
	if ((r.rx = regex_arg(ctx, &l->args[i], 0)) == NULL ||
	    cfg_logfmt_check(ctx, &l->args[i + 1]) < 0 ||
	    subst_arg(ctx, r.rx, &l->args[i + 1]) < 0)
		return -1;
	r.value = cfg_arg_dup(ctx, &l->args[i + 1]);
	return hr_finish(ctx, l, i + 2, end, &r);
}

/* set-status CODE [reason TEXT]. */
static int
kw_hr_set_status(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	struct http_rule	r;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 1) < 0)
		return -1;
	if (status_arg(ctx, &l->args[i], 100, 999, &r.status) < 0)
		return -1;
	i++;
	if (i < end && strcmp(l->args[i].s, "reason") == 0) {
		if (hr_need(ctx, l, i, end, 2) < 0)
			return -1;
		r.reason = cfg_arg_dup(ctx, &l->args[i + 1]);
		i += 2;
	}
	return hr_finish(ctx, l, i, end, &r);
}

/* auth [realm REALM]. */
static int
kw_hr_auth(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	r;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0)
		return -1;
	if (i < end && strcmp(l->args[i].s, "realm") == 0) {
		if (i + 1 >= end) {
			diag_error(ctx->d, &l->args[i].pos, "'%s': 'realm' "
			    "expects a value", kwname(ctx));
			return -1;
		}
		r.name = cfg_arg_dup(ctx, &l->args[i + 1]);
		i += 2;
	}
	return hr_finish(ctx, l, i, end, &r);
}

/* set-log-level LEVEL. */
static int
kw_hr_log_level(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	struct http_rule	r;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 1) < 0 ||
	    cfg_kw_rules_log_level(ctx, &l->args[i], &r.log_level) < 0)
		return -1;
	return hr_finish(ctx, l, i + 1, end, &r);
}

/* strict-mode on|off. */
static int
kw_hr_strict(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	r;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 1) < 0)
		return -1;
	if (strcmp(l->args[i].s, "on") != 0 &&
	    strcmp(l->args[i].s, "off") != 0) {
		diag_error(ctx->d, &l->args[i].pos, "'%s' expects 'on' or "
		    "'off', not '%s'", kwname(ctx), l->args[i].s);
		return -1;
	}
	r.strict = l->args[i].s[1] == 'n';
	return hr_finish(ctx, l, i + 1, end, &r);
}

/* use-service NAME: hapx has the Prometheus exporter and nothing else. */
static int
kw_hr_service(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	 r;
	size_t			 end, i = ctx->argi;
	const struct cfg_arg	*a = &l->args[i];

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 1) < 0)
		return -1;
	if (strncmp(a->s, "lua.", 4) == 0) {
		diag_error(ctx->d, &a->pos, "'%s %s' is not supported by hapx",
		    kwname(ctx), a->s);
		diag_hint(ctx->d, "hapx has no Lua; serve this from a backend "
		    "server instead");
		return -1;
	}
	if (strcmp(a->s, "prometheus-exporter") != 0) {
		diag_error(ctx->d, &a->pos, "'%s': unknown service '%s'",
		    kwname(ctx), a->s);
		diag_hint(ctx->d, "the only service is 'prometheus-exporter'");
		return -1;
	}
	r.name = cfg_arg_dup(ctx, a);
	return hr_finish(ctx, l, i + 1, end, &r);
}

/* ------------------------------------------------------------------ */
/* capture */

/* http-request capture SAMPLE len N (the "id N" form is refused).  The
 * sample is checked against the fetch table, as in "%[...]". */
static int
kw_hr_capture(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	r;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end, 3) < 0)
		return -1;
	if (cfg_acl_sample_check(ctx, &l->args[i], 0, l->args[i].len) < 0 ||
	    cfg_kw_rules_capture_size(ctx, l, i + 1, false, &r) < 0)
		return -1;
	r.name = cfg_arg_dup(ctx, &l->args[i]);
	return hr_finish(ctx, l, i + 3, end, &r);
}

/* ------------------------------------------------------------------ */
/* Variables */

/* set-var(VAR) EXPR, set-var-fmt(VAR) FMT, unset-var(VAR): the variable
 * is in the keyword's own word.  hapx: no set-var conditions
 * ("set-var(txn.x,ifexists)"). */
static int
kw_hr_var(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*w = &l->args[ctx->argi - 1];
	struct http_rule	 r;
	size_t			 end, i = ctx->argi, open, n;
	struct cfg_pos		 pos;
	char			*name;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0)
		return -1;
	open = strcspn(w->s, "(");
	if (w->s[open] != '(' || w->len < open + 2 ||
	    w->s[w->len - 1] != ')') {
		diag_error(ctx->d, &w->pos, "'%s' needs a variable name in "
		    "parentheses", kwname(ctx));
		diag_hint(ctx->d, "write '%.*s(<scope>.<name>)', e.g. "
		    "'%.*s(txn.host)'", (int)open, w->s, (int)open, w->s);
		return -1;
	}
	n = w->len - open - 2;
	name = arena_strndup(&ctx->cfg->arena, w->s + open + 1, n);
	pos = cfg_acl_subpos(w, open + 1, n);
	if (strchr(name, ',') != NULL) {
		diag_error(ctx->d, &pos, "'%s': set-var conditions are not "
		    "supported by hapx", kwname(ctx));
		diag_hint(ctx->d, "write the test as the rule's 'if' "
		    "condition instead");
		return -1;
	}
	if (cfg_acl_var_check(ctx, &pos, kwname(ctx), name) < 0)
		return -1;
	r.name = name;
	if (r.act == HTTP_ACT_UNSET_VAR)
		return hr_finish(ctx, l, i, end, &r);
	if (hr_need(ctx, l, i, end, 1) < 0)
		return -1;
	if (r.act == HTTP_ACT_SET_VAR_FMT ?
	    cfg_logfmt_check(ctx, &l->args[i]) < 0 :
	    cfg_acl_sample_check(ctx, &l->args[i], 0, l->args[i].len) < 0)
		return -1;
	r.value = cfg_arg_dup(ctx, &l->args[i]);
	return hr_finish(ctx, l, i + 1, end, &r);
}

/* ------------------------------------------------------------------ */
/* Replies: deny, tarpit, return (HAProxy's http_reply) */

enum reply_kind { RW_STATUS, RW_CTYPE, RW_BODY, RW_HDR };

static const struct reply_word {
	const char	*name;
	short		 nargs;
	enum reply_kind	 kind;
	enum http_body	 body;
} reply_words[] = {
	{ "content-type",	1, RW_CTYPE,	HTTP_BODY_DEFAULT },
	{ "default-errorfiles",	0, RW_BODY,	HTTP_BODY_DEFAULT },
	{ "deny_status",	1, RW_STATUS,	HTTP_BODY_DEFAULT },
	{ "errorfile",		1, RW_BODY,	HTTP_BODY_ERRORFILE },
	{ "errorfiles",		1, RW_BODY,	HTTP_BODY_NONE },
	{ "file",		1, RW_BODY,	HTTP_BODY_FILE },
	{ "hdr",		2, RW_HDR,	HTTP_BODY_DEFAULT },
	{ "lf-file",		1, RW_BODY,	HTTP_BODY_LF_FILE },
	{ "lf-string",		1, RW_BODY,	HTTP_BODY_LF_STRING },
	{ "status",		1, RW_STATUS,	HTTP_BODY_DEFAULT },
	{ "string",		1, RW_BODY,	HTTP_BODY_STRING },
};
#define NREPLY_WORDS	(sizeof(reply_words) / sizeof(reply_words[0]))

/* Status codes HAProxy has a built-in page for (spec §8.1). */
static const int default_pages[] = {
	200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501,
	502, 503, 504
};

/* Parsing state of one reply. */
struct reply_state {
	struct http_reply	*rp;
	/* The words seen, for messages. */
	const struct cfg_arg	*status, *status_val;
	const struct cfg_arg	*ctype;
	const struct cfg_arg	*body;
	const struct cfg_arg	*hdr;
	bool			 deny;		/* deny_status allowed */
};

static const struct reply_word *
reply_word_find(const char *s)
{
	size_t	i;

	for (i = 0; i < NREPLY_WORDS; i++)
		if (strcmp(reply_words[i].name, s) == 0)
			return &reply_words[i];
	return NULL;
}

static void
reply_unknown(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	const char	*cands[NREPLY_WORDS], *s;
	size_t		 i;

	for (i = 0; i < NREPLY_WORDS; i++)
		cands[i] = reply_words[i].name;
	diag_error(ctx->d, &a->pos, "'%s': unexpected '%s'", kwname(ctx),
	    a->s);
	if (strcmp(a->s, "deny_status") == 0)
		diag_hint(ctx->d, "write 'status CODE'");
	else if ((s = cfg_kw_suggest(a->s, cands, NREPLY_WORDS)) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else
		diag_hint(ctx->d, "syntax: %s %s", kwname(ctx),
		    ctx->kw->syntax ? ctx->kw->syntax : "");
}

/* Read a payload or errorfile at config time, as HAProxy does, so that a
 * missing file is an error at its line.  At most one buffer. */
static int
reply_load(struct cfg_ctx *ctx, const struct cfg_arg *a, struct http_reply *rp)
{
	uint32_t	 bufsize = ctx->cfg->global.tune_bufsize;
	struct stat	 st;
	char		*buf;
	ssize_t		 n;
	int		 fd;

	if (ctx->flags & CFG_LOAD_NO_FILES)
		return 0;
	if (bufsize == 0 || bufsize == CFG_UNSET)
		bufsize = 16384;
	if ((fd = open(a->s, O_RDONLY)) < 0 || fstat(fd, &st) < 0) {
		diag_error(ctx->d, &a->pos, "'%s': cannot open '%s': %s",
		    kwname(ctx), a->s, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)bufsize) {
		diag_error(ctx->d, &a->pos, "'%s': '%s' is %s", kwname(ctx),
		    a->s, S_ISREG(st.st_mode) ? "larger than a buffer" :
		    "not a regular file");
		diag_hint(ctx->d, "a reply must fit in tune.bufsize (%u "
		    "bytes)", bufsize);
		close(fd);
		return -1;
	}
	buf = arena_alloc(&ctx->cfg->arena, (size_t)st.st_size + 1);
	n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n != (ssize_t)st.st_size) {
		diag_error(ctx->d, &a->pos, "'%s': cannot read '%s'",
		    kwname(ctx), a->s);
		return -1;
	}
	rp->data = buf;
	rp->len = (size_t)n;
	return 0;
}

/* One "hdr NAME FMT" pair. */
static int
reply_hdr(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i,
    struct reply_state *rs)
{
	const struct cfg_arg	*n = &l->args[i + 1], *v = &l->args[i + 2];
	struct hdr_conf		*h;

	if (hdr_name_check(ctx, n) < 0 || cfg_logfmt_check(ctx, v) < 0)
		return -1;
	if (strcasecmp(n->s, "content-length") == 0 ||
	    strcasecmp(n->s, "transfer-encoding") == 0 ||
	    strcasecmp(n->s, "content-type") == 0) {
		diag_warn(ctx->d, &n->pos, "'%s': header '%s' is always "
		    "ignored by a reply", kwname(ctx), n->s);
		diag_hint(ctx->d, "the length is computed; set the type with "
		    "'content-type'");
		return 0;
	}
	rs->hdr = &l->args[i];
	h = CFG_VEC_PUSH(&ctx->cfg->arena, rs->rp->hdrs);
	h->name = cfg_arg_dup(ctx, n);
	h->value = cfg_arg_dup(ctx, v);
	return 0;
}

/* The payload word: only one per reply. */
static int
reply_body(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i,
    const struct reply_word *w, struct reply_state *rs)
{
	const struct cfg_arg	*a = &l->args[i], *v = &l->args[i + 1];

	if (rs->body != NULL) {
		diag_error(ctx->d, &a->pos, "'%s': '%s' after '%s': a reply "
		    "has one payload", kwname(ctx), a->s, rs->body->s);
		return -1;
	}
	rs->body = a;
	rs->rp->body = w->body;
	if (strcmp(w->name, "errorfiles") == 0) {
		diag_error(ctx->d, &a->pos, "'%s': 'errorfiles' is not "
		    "supported by hapx", kwname(ctx));
		diag_hint(ctx->d, "hapx has no http-errors sections; use "
		    "'errorfile FILE' or 'file FILE'");
		return -1;
	}
	if (w->nargs == 0)
		return 0;
	rs->rp->text = cfg_arg_dup(ctx, v);
	switch (w->body) {
	case HTTP_BODY_LF_STRING:
		return cfg_logfmt_check(ctx, v);
	case HTTP_BODY_FILE:
	case HTTP_BODY_LF_FILE:
		return reply_load(ctx, v, rs->rp);
	case HTTP_BODY_ERRORFILE:
		if (reply_load(ctx, v, rs->rp) < 0)
			return -1;
		if (rs->rp->data != NULL && strncmp(rs->rp->data, "HTTP/",
		    5) != 0) {
			diag_error(ctx->d, &v->pos, "'%s': '%s' is not an "
			    "HTTP response", kwname(ctx), v->s);
			diag_hint(ctx->d, "an errorfile holds a whole "
			    "response: status line, headers, blank line, body");
			return -1;
		}
		return 0;
	default:
		return 0;
	}
}

static int
reply_word(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i,
    const struct reply_word *w, struct reply_state *rs)
{
	const struct cfg_arg	*a = &l->args[i];

	switch (w->kind) {
	case RW_STATUS:
		if (rs->status != NULL) {
			diag_error(ctx->d, &a->pos, "'%s': the status is given "
			    "twice", kwname(ctx));
			diag_hint(ctx->d, "keep one '%s CODE'", a->s);
			return -1;
		}
		rs->status = a;
		rs->status_val = &l->args[i + 1];
		return status_arg(ctx, &l->args[i + 1], 200, 599,
		    &rs->rp->status);
	case RW_CTYPE:
		rs->ctype = a;
		rs->rp->content_type = cfg_arg_dup(ctx, &l->args[i + 1]);
		return 0;
	case RW_HDR:
		return reply_hdr(ctx, l, i, rs);
	case RW_BODY:
		return reply_body(ctx, l, i, w, rs);
	}
	return -1;
}

/* Parse the words of a reply from *IP to END. */
static int
reply_words_parse(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *ip,
    size_t end, struct reply_state *rs)
{
	const struct reply_word	*w;
	size_t			 i = *ip;

	while (i < end) {
		const struct cfg_arg	*a = &l->args[i];

		if ((w = reply_word_find(a->s)) == NULL ||
		    (strcmp(a->s, "deny_status") == 0 && !rs->deny)) {
			reply_unknown(ctx, a);
			return -1;
		}
		if (i + (size_t)w->nargs >= end && w->nargs > 0) {
			diag_error(ctx->d, &a->pos, "'%s': '%s' expects %s",
			    kwname(ctx), a->s, w->nargs == 2 ?
			    "a name and a value" : "a value");
			return -1;
		}
		if (reply_word(ctx, l, i, w, rs) < 0)
			return -1;
		i += (size_t)w->nargs + 1;
	}
	*ip = i;
	return 0;
}

static bool
is_default_page(int status)
{
	size_t	i;

	for (i = 0; i < sizeof(default_pages) / sizeof(default_pages[0]); i++)
		if (default_pages[i] == status)
			return true;
	return false;
}

/* Coherence of the whole reply, as HAProxy's http_parse_http_reply. */
static int
reply_check(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct reply_state *rs)
{
	struct http_reply	*rp = rs->rp;
	const struct cfg_arg	*at = rs->status_val ? rs->status_val :
				    &l->args[ctx->argi - 1];
	bool			 page = rp->body == HTTP_BODY_DEFAULT ||
				    rp->body == HTTP_BODY_ERRORFILE;
	bool			 payload = rp->body >= HTTP_BODY_FILE &&
				    (rp->data ? rp->len > 0 :
				    rp->text != NULL && rp->text[0] != '\0');

	if (page && !is_default_page(rp->status)) {
		diag_error(ctx->d, &at->pos, "'%s': no error page for status "
		    "%d", kwname(ctx), rp->status);
		diag_hint(ctx->d, "pages exist for 200, 400, 401, 403, 404, "
		    "405, 407, 408, 410, 413, 425, 429 and 500-504; for "
		    "another status give a payload ('content-type T string "
		    "S')");
		return -1;
	}
	if (payload && (rp->status == 204 || rp->status == 304)) {
		diag_error(ctx->d, &rs->body->pos, "'%s': a %d response has "
		    "no body", kwname(ctx), rp->status);
		return -1;
	}
	if (payload && rs->ctype == NULL) {
		diag_error(ctx->d, &rs->body->pos, "'%s': a payload needs a "
		    "content type", kwname(ctx));
		diag_hint(ctx->d, "add e.g. 'content-type text/plain'");
		return -1;
	}
	if (rs->ctype != NULL && !payload)
		diag_warn(ctx->d, &rs->ctype->pos, "'%s': 'content-type' is "
		    "ignored without a payload", kwname(ctx));
	if (rs->hdr != NULL && page)
		diag_warn(ctx->d, &rs->hdr->pos, "'%s': 'hdr' is ignored when "
		    "the reply is an error page", kwname(ctx));
	return 0;
}

/* deny, tarpit, return. */
static int
kw_hr_reply(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	r;
	struct reply_state	rs;
	size_t			end, i = ctx->argi;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0)
		return -1;
	memset(&rs, 0, sizeof(rs));
	rs.rp = r.reply = arena_alloc(&ctx->cfg->arena, sizeof(*r.reply));
	rs.deny = r.act != HTTP_ACT_RETURN;
	if (r.act == HTTP_ACT_RETURN) {
		rs.rp->status = 200;
		rs.rp->body = HTTP_BODY_NONE;
	} else
		rs.rp->status = r.act == HTTP_ACT_TARPIT ? 500 :
		    cfg_kw_rules_family(ctx) == HR_RES ? 502 : 403;
	if (reply_words_parse(ctx, l, &i, end, &rs) < 0 ||
	    reply_check(ctx, l, &rs) < 0)
		return -1;
	r.status = rs.rp->status;
	return hr_finish(ctx, l, i, end, &r);
}

/* ------------------------------------------------------------------ */
/* redirect */

enum redir_word { RD_TYPE, RD_CODE, RD_FLAG, RD_COOKIE };

static const struct redir_opt {
	const char	*name;
	enum redir_word	 kind;
	unsigned	 val;		/* type, flag, or 1 for clear-cookie */
} redir_opts[] = {
	{ "append-slash",	RD_FLAG,	REDIR_F_APPEND_SLASH },
	{ "clear-cookie",	RD_COOKIE,	1 },
	{ "code",		RD_CODE,	0 },
	{ "drop-query",		RD_FLAG,	REDIR_F_DROP_QUERY },
	{ "ignore-empty",	RD_FLAG,	REDIR_F_IGNORE_EMPTY },
	{ "location",		RD_TYPE,	REDIR_LOCATION },
	{ "prefix",		RD_TYPE,	REDIR_PREFIX },
	{ "scheme",		RD_TYPE,	REDIR_SCHEME },
	{ "set-cookie",		RD_COOKIE,	0 },
};
#define NREDIR_OPTS	(sizeof(redir_opts) / sizeof(redir_opts[0]))

static const struct redir_opt *
redir_opt_find(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	const char	*cands[NREDIR_OPTS], *s;
	size_t		 i;

	for (i = 0; i < NREDIR_OPTS; i++) {
		if (strcmp(redir_opts[i].name, a->s) == 0)
			return &redir_opts[i];
		cands[i] = redir_opts[i].name;
	}
	diag_error(ctx->d, &a->pos, "'%s': unknown option '%s'", kwname(ctx),
	    a->s);
	if ((s = cfg_kw_suggest(a->s, cands, NREDIR_OPTS)) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else
		diag_hint(ctx->d, "options are location, prefix, scheme, "
		    "code, drop-query, append-slash, ignore-empty, set-cookie "
		    "and clear-cookie");
	return NULL;
}

static int
redir_code(struct cfg_ctx *ctx, const struct cfg_arg *a, int *code)
{
	static const char *const	codes[] = {
		"301", "302", "303", "307", "308"
	};
	size_t				i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(a->s, codes[i]) == 0) {
			*code = atoi(a->s);
			return 0;
		}
	diag_error(ctx->d, &a->pos, "'%s': unsupported redirect code '%s'",
	    kwname(ctx), a->s);
	diag_hint(ctx->d, "use 301, 302, 303, 307 or 308");
	return -1;
}

/* One option with its value at I + 1. */
static int
redir_opt(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i,
    const struct redir_opt *o, bool fmt, struct redirect_rule *rr)
{
	const struct cfg_arg	*v = &l->args[i + 1];

	switch (o->kind) {
	case RD_TYPE:
		if (rr->target != NULL) {
			diag_error(ctx->d, &l->args[i].pos, "'%s': a second "
			    "target '%s'", kwname(ctx), l->args[i].s);
			diag_hint(ctx->d, "give one of location, prefix or "
			    "scheme");
			return -1;
		}
		if (fmt && cfg_logfmt_check(ctx, v) < 0)
			return -1;
		rr->type = (enum redirect_type)o->val;
		rr->target = cfg_arg_dup(ctx, v);
		return 0;
	case RD_CODE:
		return redir_code(ctx, v, &rr->code);
	case RD_COOKIE:
		if (v->s[0] == '=' || strpbrk(v->s, " ;,") != NULL) {
			diag_error(ctx->d, &v->pos, "'%s': invalid cookie "
			    "'%s'", kwname(ctx), v->s);
			diag_hint(ctx->d, "write NAME or NAME=VALUE");
			return -1;
		}
		if (o->val)
			rr->clear_cookie = cfg_arg_dup(ctx, v);
		else
			rr->set_cookie = cfg_arg_dup(ctx, v);
		return 0;
	case RD_FLAG:
		rr->flags |= o->val;
		return 0;
	}
	return -1;
}

/*
 * "location|prefix|scheme TARGET [code N] [options]" from args[I..END),
 * in any order (HAProxy's http_parse_redirect_rule).  FMT: the target is
 * a log-format string (http-request redirect).
 */
static int
redirect_parse(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i,
    size_t end, bool fmt, struct redirect_rule *rr)
{
	const struct redir_opt	*o;

	rr->code = 302;
	rr->flags = fmt ? REDIR_F_FORMAT : 0;
	for (; i < end; i++) {
		if ((o = redir_opt_find(ctx, &l->args[i])) == NULL)
			return -1;
		if (o->kind != RD_FLAG && i + 1 >= end) {
			diag_error(ctx->d, &l->args[i].pos, "'%s': '%s' "
			    "expects a value", kwname(ctx), o->name);
			return -1;
		}
		if (redir_opt(ctx, l, i, o, fmt, rr) < 0)
			return -1;
		if (o->kind != RD_FLAG)
			i++;
	}
	if (rr->target == NULL) {
		diag_error(ctx->d, &l->args[ctx->argi - 1].pos, "'%s' needs a "
		    "target: location, prefix or scheme", kwname(ctx));
		diag_hint(ctx->d, "e.g. '%s scheme https' or '%s location "
		    "/new'", kwname(ctx), kwname(ctx));
		return -1;
	}
	return 0;
}

/* http-request redirect, http-response redirect (location only). */
static int
kw_hr_redirect(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	r;
	size_t			end;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0)
		return -1;
	r.redirect = arena_alloc(&ctx->cfg->arena, sizeof(*r.redirect));
	r.redirect->pos = l->pos;
	if (redirect_parse(ctx, l, ctx->argi, end, true, r.redirect) < 0)
		return -1;
	if (cfg_kw_rules_family(ctx) == HR_RES &&
	    r.redirect->type != REDIR_LOCATION) {
		diag_error(ctx->d, &l->args[ctx->argi - 1].pos, "'%s' only "
		    "supports 'location'", kwname(ctx));
		return -1;
	}
	return hr_finish(ctx, l, end, end, &r);
}

/* The 1.x/2.x top-level "redirect": a literal target. */
static int
kw_redirect(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct redirect_rule	rr;
	size_t			end = cfg_cond_start(l, ctx->argi);

	(void)d;
	memset(&rr, 0, sizeof(rr));
	rr.pos = l->pos;
	if (redirect_parse(ctx, l, ctx->argi, end, false, &rr) < 0 ||
	    cfg_cond_parse(ctx, l, end, &rr.cond) < 0)
		return -1;
	cfg_kw_rules_order_check(ctx, l, RULE_ST_REDIRECT);
	*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->redirects) = rr;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Unknown actions: the family's one-word row catches them */

static void
hr_suggest(struct cfg_ctx *ctx, const char *family, const char *action)
{
	char			 name[160];
	const struct cfg_kw	*kw;
	const char		*cands[256], *s;
	size_t			 i, n = 0, plen = strlen(family);

	for (i = 0; i < cfg_kw_http_table.nrows && n < 256; i++) {
		kw = &cfg_kw_http_table.rows[i];
		if (strncmp(kw->name, family, plen) == 0 &&
		    kw->name[plen] == ' ' && kw->status != KW_UNSUPPORTED)
			cands[n++] = kw->name + plen + 1;
	}
	if ((s = cfg_kw_suggest(action, cands, n)) != NULL) {
		diag_hint(ctx->d, "did you mean '%s'?", s);
		return;
	}
	for (i = 0; i < sizeof(hr_family_names) / sizeof(*hr_family_names);
	    i++) {
		snprintf(name, sizeof(name), "%s %s", hr_family_names[i],
		    action);
		if (cfg_kw_find(name, ctx->section) != NULL) {
			diag_hint(ctx->d, "'%s' is an action of '%s'", action,
			    hr_family_names[i]);
			return;
		}
	}
}

static int
kw_hr_unknown(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const char		*family = ctx->kw->name;
	const struct cfg_arg	*a;

	(void)d;
	if (ctx->argi >= l->nargs) {
		diag_error(ctx->d, &l->args[ctx->argi - 1].pos, "'%s' needs an "
		    "action", family);
		diag_hint(ctx->d, "e.g. '%s set-header X-Name value'", family);
		return -1;
	}
	a = &l->args[ctx->argi];
	if (strncmp(a->s, "lua.", 4) == 0) {
		diag_error(ctx->d, &a->pos, "'%s %s' is not supported by hapx",
		    family, a->s);
		diag_hint(ctx->d, "hapx has no Lua; use the built-in actions "
		    "or a backend server");
		return -1;
	}
	diag_error(ctx->d, &a->pos, "unknown '%s' action '%s'", family, a->s);
	hr_suggest(ctx, family, a->s);
	return -1;
}

/* ------------------------------------------------------------------ */
/* The 1.x family (spec §5): reqxxx, rspxxx, block */

/* reqxxx / rspxxx SEARCH [STRING] [if|unless COND]. */
static int
kw_legacy(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	 r;
	size_t			 end, i = ctx->argi;
	unsigned		 rxf;
	const struct cfg_arg	*a = &l->args[i];

	(void)d;
	rxf = (ctx->kw->offset & HR_ICASE) ? RX_ICASE : 0;
	if (hr_begin(ctx, l, &r, &end) < 0 || hr_need(ctx, l, i, end,
	    r.act == HTTP_ACT_LEGACY_REP ? 2 : 1) < 0)
		return -1;
	if (r.act == HTTP_ACT_LEGACY_ADD) {
		if (strchr(a->s, ':') == NULL)
			diag_warn(ctx->d, &a->pos, "'%s': '%s' has no ':', so "
			    "the added line is not a valid header",
			    kwname(ctx), a->s);
		r.value = cfg_arg_dup(ctx, a);
		return hr_finish(ctx, l, i + 1, end, &r);
	}
	if ((r.rx = regex_arg(ctx, a, rxf)) == NULL)
		return -1;
	if (r.act != HTTP_ACT_LEGACY_REP)
		return hr_finish(ctx, l, i + 1, end, &r);
	if (subst_arg(ctx, r.rx, &l->args[i + 1]) < 0)
		return -1;
	r.value = cfg_arg_dup(ctx, &l->args[i + 1]);
	return hr_finish(ctx, l, i + 2, end, &r);
}

/* block if|unless COND: a condition is required. */
static int
kw_block(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct http_rule	r;
	size_t			end;

	(void)d;
	if (hr_begin(ctx, l, &r, &end) < 0)
		return -1;
	if (end > ctx->argi) {
		cfg_kw_rules_unexpected(ctx, l, ctx->argi);
		return -1;
	}
	if (end >= l->nargs) {
		diag_error(ctx->d, &l->args[0].pos, "'block' needs a "
		    "condition");
		diag_hint(ctx->d, "write 'block if COND' (2.x: 'http-request "
		    "deny if COND')");
		return -1;
	}
	return hr_finish(ctx, l, end, end, &r);
}

/* ------------------------------------------------------------------ */
/* Rows (sorted by name: a unit test checks it) */

#define S_RULES		CFG_S_PROXY	/* defaults refused by the handler */
#define SYN_COND	" [{if | unless} <condition>]"

/* A supported action of FAMILY ("http-request"). */
#define ACT(fam, act, fn, min, code, syn)				\
	{ .name = fam " " act, .sections = S_RULES, .min_args = min,	\
	  .max_args = -1, .parse = fn, .offset = code, .status = KW_OK,	\
	  .syntax = syn SYN_COND }
/* An action hapx does not have. */
#define NOACT(fam, act, why)						\
	{ .name = fam " " act, .sections = S_RULES, .max_args = -1,	\
	  .status = KW_UNSUPPORTED, .modern = why }
/* A 1.x keyword removed in HAProxy 2.1, still run by hapx. */
#define LEGACY(kw, code, min, syn, mod)					\
	{ .name = kw, .sections = CFG_S_PX_ONLY, .min_args = min,	\
	  .max_args = -1, .parse = kw_legacy, .offset = code,		\
	  .status = KW_DEPRECATED, .modern = mod, .removed_in = "2.1",	\
	  .syntax = syn SYN_COND }

#define HRQ	"http-request"
#define HRS	"http-response"
#define HAR	"http-after-response"

#define WHY_ACLMAP	"hapx does not update ACL or map files at run time"
#define WHY_CACHE	"hapx has no cache; remove the cache rules"
/* Responses only capture into a slot ("id N"), made by "declare capture". */
#define WHY_CAPID	"it writes into a capture slot, and hapx has no " \
			"'declare capture' to make one; capture response " \
			"headers with 'capture response header <name> len <n>'"
#define WHY_SC		"hapx has no stick tables or counters; remove the " \
			"rule (rate limiting is not available)"
#define WHY_SPOE	"hapx has no SPOE"
#define WHY_OT		"hapx has no OpenTracing filter"
#define WHY_ADDR	"hapx does not rewrite connection addresses"
#define WHY_SOCK	"hapx does not set socket options from rules"
#define WHY_BODY	"hapx does not wait for request bodies in rules"
#define WHY_PRIO	"hapx has no queue priorities"
#define WHY_PASS	"none; order the http-request rules (or use " \
			"'unless') so the checks it skipped do not apply"

#define SYN_REPLY	"[status <code>] [content-type <type>] [string <str> " \
			"| lf-string <fmt> | file <file> | lf-file <file> | " \
			"errorfile <file> | default-errorfiles] " \
			"[hdr <name> <fmt>]*"
#define SYN_REDIR	"{location | prefix | scheme} <target> [code <code>] " \
			"[drop-query] [append-slash] [ignore-empty] " \
			"[set-cookie <name>[=<value>]] [clear-cookie <name>]"

static const struct cfg_kw http_rows[] = {
	{ .name = "block", .sections = CFG_S_PX_ONLY, .max_args = -1,
	  .parse = kw_block, .offset = HTTP_ACT_BLOCK,
	  .status = KW_DEPRECATED, .removed_in = "2.1",
	  .modern = "http-request deny, with the same condition",
	  .syntax = "{if | unless} <condition>" },
	{ .name = HAR, .sections = S_RULES, .max_args = -1,
	  .parse = kw_hr_unknown, .flags = KW_F_RAWARGS,
	  .syntax = "<action> [<arguments>]" SYN_COND },
	ACT(HAR, "add-header", kw_hr_hdr_fmt, 2, HTTP_ACT_ADD_HDR,
	    "<name> <fmt>"),
	ACT(HAR, "allow", kw_hr_noarg, 0, HTTP_ACT_ALLOW, ""),
	NOACT(HAR, "capture", WHY_CAPID),
	ACT(HAR, "del-header", kw_hr_del_header, 1, HTTP_ACT_DEL_HDR,
	    "<name> [-m <method>]"),
	ACT(HAR, "replace-header", kw_hr_replace_hdr, 3, HTTP_ACT_REPLACE_HDR,
	    "<name> <regex> <fmt>"),
	ACT(HAR, "replace-value", kw_hr_replace_hdr, 3, HTTP_ACT_REPLACE_VAL,
	    "<name> <regex> <fmt>"),
	ACT(HAR, "set-header", kw_hr_hdr_fmt, 2, HTTP_ACT_SET_HDR,
	    "<name> <fmt>"),
	ACT(HAR, "set-status", kw_hr_set_status, 1, HTTP_ACT_SET_STATUS,
	    "<status> [reason <str>]"),
	ACT(HAR, "set-var", kw_hr_var, 1, HTTP_ACT_SET_VAR,
	    "(<scope>.<name>) <expr>"),
	ACT(HAR, "set-var-fmt", kw_hr_var, 1, HTTP_ACT_SET_VAR_FMT,
	    "(<scope>.<name>) <fmt>"),
	ACT(HAR, "strict-mode", kw_hr_strict, 1, HTTP_ACT_STRICT_MODE,
	    "{on | off}"),
	ACT(HAR, "unset-var", kw_hr_var, 0, HTTP_ACT_UNSET_VAR,
	    "(<scope>.<name>)"),
	{ .name = HRQ, .sections = S_RULES, .max_args = -1,
	  .parse = kw_hr_unknown, .flags = KW_F_RAWARGS,
	  .syntax = "<action> [<arguments>]" SYN_COND },
	NOACT(HRQ, "add-acl", WHY_ACLMAP),
	ACT(HRQ, "add-header", kw_hr_hdr_fmt, 2, HTTP_ACT_ADD_HDR,
	    "<name> <fmt>"),
	ACT(HRQ, "allow", kw_hr_noarg, 0, HTTP_ACT_ALLOW, ""),
	ACT(HRQ, "auth", kw_hr_auth, 0, HTTP_ACT_AUTH, "[realm <realm>]"),
	NOACT(HRQ, "cache-use", WHY_CACHE),
	ACT(HRQ, "capture", kw_hr_capture, 3, HTTP_ACT_CAPTURE,
	    "<sample> len <length>"),
	NOACT(HRQ, "del-acl", WHY_ACLMAP),
	ACT(HRQ, "del-header", kw_hr_del_header, 1, HTTP_ACT_DEL_HDR,
	    "<name> [-m <method>]"),
	NOACT(HRQ, "del-map", WHY_ACLMAP),
	ACT(HRQ, "deny", kw_hr_reply, 0, HTTP_ACT_DENY, SYN_REPLY),
	ACT(HRQ, "disable-l7-retry", kw_hr_noarg, 0,
	    HTTP_ACT_DISABLE_L7_RETRY, ""),
	NOACT(HRQ, "do-resolve", "hapx has no resolvers"),
	NOACT(HRQ, "early-hint", "hapx sends no 103 Early Hints; use "
	    "'http-response add-header Link ...'"),
	NOACT(HRQ, "normalize-uri", "hapx does not normalize URIs; use "
	    "'http-request replace-path' for the cases you need"),
	NOACT(HRQ, "ot-group", WHY_OT),
	ACT(HRQ, "redirect", kw_hr_redirect, 2, HTTP_ACT_REDIRECT, SYN_REDIR),
	ACT(HRQ, "reject", kw_hr_noarg, 0, HTTP_ACT_REJECT, ""),
	ACT(HRQ, "replace-header", kw_hr_replace_hdr, 3, HTTP_ACT_REPLACE_HDR,
	    "<name> <regex> <fmt>"),
	ACT(HRQ, "replace-path", kw_hr_replace_uri, 2, HTTP_ACT_REPLACE_PATH,
	    "<regex> <fmt>"),
	ACT(HRQ, "replace-pathq", kw_hr_replace_uri, 2,
	    HTTP_ACT_REPLACE_PATHQ, "<regex> <fmt>"),
	ACT(HRQ, "replace-uri", kw_hr_replace_uri, 2, HTTP_ACT_REPLACE_URI,
	    "<regex> <fmt>"),
	ACT(HRQ, "replace-value", kw_hr_replace_hdr, 3, HTTP_ACT_REPLACE_VAL,
	    "<name> <regex> <fmt>"),
	ACT(HRQ, "return", kw_hr_reply, 0, HTTP_ACT_RETURN, SYN_REPLY),
	NOACT(HRQ, "sc-inc-gpc", WHY_SC),
	NOACT(HRQ, "sc-inc-gpc0", WHY_SC),
	NOACT(HRQ, "sc-inc-gpc1", WHY_SC),
	NOACT(HRQ, "sc-set-gpt", WHY_SC),
	NOACT(HRQ, "sc-set-gpt0", WHY_SC),
	NOACT(HRQ, "send-spoe-group", WHY_SPOE),
	NOACT(HRQ, "set-dst", WHY_ADDR),
	NOACT(HRQ, "set-dst-port", WHY_ADDR),
	ACT(HRQ, "set-header", kw_hr_hdr_fmt, 2, HTTP_ACT_SET_HDR,
	    "<name> <fmt>"),
	ACT(HRQ, "set-log-level", kw_hr_log_level, 1, HTTP_ACT_SET_LOG_LEVEL,
	    "<level>"),
	NOACT(HRQ, "set-map", WHY_ACLMAP),
	NOACT(HRQ, "set-mark", WHY_SOCK),
	ACT(HRQ, "set-method", kw_hr_fmt, 1, HTTP_ACT_SET_METHOD, "<fmt>"),
	NOACT(HRQ, "set-nice", "hapx has no task priorities"),
	ACT(HRQ, "set-path", kw_hr_fmt, 1, HTTP_ACT_SET_PATH, "<fmt>"),
	ACT(HRQ, "set-pathq", kw_hr_fmt, 1, HTTP_ACT_SET_PATHQ, "<fmt>"),
	NOACT(HRQ, "set-priority-class", WHY_PRIO),
	NOACT(HRQ, "set-priority-offset", WHY_PRIO),
	ACT(HRQ, "set-query", kw_hr_fmt, 1, HTTP_ACT_SET_QUERY, "<fmt>"),
	NOACT(HRQ, "set-src", WHY_ADDR),
	NOACT(HRQ, "set-src-port", WHY_ADDR),
	NOACT(HRQ, "set-timeout", "set 'timeout server' or 'timeout "
	    "tunnel' on the backend instead"),
	NOACT(HRQ, "set-tos", WHY_SOCK),
	ACT(HRQ, "set-uri", kw_hr_fmt, 1, HTTP_ACT_SET_URI, "<fmt>"),
	ACT(HRQ, "set-var", kw_hr_var, 1, HTTP_ACT_SET_VAR,
	    "(<scope>.<name>) <expr>"),
	ACT(HRQ, "set-var-fmt", kw_hr_var, 1, HTTP_ACT_SET_VAR_FMT,
	    "(<scope>.<name>) <fmt>"),
	ACT(HRQ, "silent-drop", kw_hr_noarg, 0, HTTP_ACT_SILENT_DROP, ""),
	ACT(HRQ, "strict-mode", kw_hr_strict, 1, HTTP_ACT_STRICT_MODE,
	    "{on | off}"),
	ACT(HRQ, "tarpit", kw_hr_reply, 0, HTTP_ACT_TARPIT, SYN_REPLY),
	NOACT(HRQ, "track-sc0", WHY_SC),
	NOACT(HRQ, "track-sc1", WHY_SC),
	NOACT(HRQ, "track-sc2", WHY_SC),
	ACT(HRQ, "unset-var", kw_hr_var, 0, HTTP_ACT_UNSET_VAR,
	    "(<scope>.<name>)"),
	ACT(HRQ, "use-service", kw_hr_service, 1, HTTP_ACT_USE_SERVICE,
	    "prometheus-exporter"),
	NOACT(HRQ, "wait-for-body", WHY_BODY),
	{ .name = HRQ " wait-for-handshake", .sections = S_RULES,
	  .max_args = -1, .status = KW_IGNORED,
	  .modern = "hapx has no TLS, so there is no handshake to wait for" },
	{ .name = HRS, .sections = S_RULES, .max_args = -1,
	  .parse = kw_hr_unknown, .flags = KW_F_RAWARGS,
	  .syntax = "<action> [<arguments>]" SYN_COND },
	NOACT(HRS, "add-acl", WHY_ACLMAP),
	ACT(HRS, "add-header", kw_hr_hdr_fmt, 2, HTTP_ACT_ADD_HDR,
	    "<name> <fmt>"),
	ACT(HRS, "allow", kw_hr_noarg, 0, HTTP_ACT_ALLOW, ""),
	NOACT(HRS, "cache-store", WHY_CACHE),
	NOACT(HRS, "capture", WHY_CAPID),
	NOACT(HRS, "del-acl", WHY_ACLMAP),
	ACT(HRS, "del-header", kw_hr_del_header, 1, HTTP_ACT_DEL_HDR,
	    "<name> [-m <method>]"),
	NOACT(HRS, "del-map", WHY_ACLMAP),
	ACT(HRS, "deny", kw_hr_reply, 0, HTTP_ACT_DENY, SYN_REPLY),
	NOACT(HRS, "ot-group", WHY_OT),
	ACT(HRS, "redirect", kw_hr_redirect, 2, HTTP_ACT_REDIRECT,
	    "location <target> [code <code>] [options]"),
	ACT(HRS, "replace-header", kw_hr_replace_hdr, 3, HTTP_ACT_REPLACE_HDR,
	    "<name> <regex> <fmt>"),
	ACT(HRS, "replace-value", kw_hr_replace_hdr, 3, HTTP_ACT_REPLACE_VAL,
	    "<name> <regex> <fmt>"),
	ACT(HRS, "return", kw_hr_reply, 0, HTTP_ACT_RETURN, SYN_REPLY),
	NOACT(HRS, "sc-inc-gpc", WHY_SC),
	NOACT(HRS, "sc-inc-gpc0", WHY_SC),
	NOACT(HRS, "sc-inc-gpc1", WHY_SC),
	NOACT(HRS, "sc-set-gpt", WHY_SC),
	NOACT(HRS, "sc-set-gpt0", WHY_SC),
	NOACT(HRS, "send-spoe-group", WHY_SPOE),
	ACT(HRS, "set-header", kw_hr_hdr_fmt, 2, HTTP_ACT_SET_HDR,
	    "<name> <fmt>"),
	ACT(HRS, "set-log-level", kw_hr_log_level, 1, HTTP_ACT_SET_LOG_LEVEL,
	    "<level>"),
	NOACT(HRS, "set-map", WHY_ACLMAP),
	NOACT(HRS, "set-mark", WHY_SOCK),
	NOACT(HRS, "set-nice", "hapx has no task priorities"),
	ACT(HRS, "set-status", kw_hr_set_status, 1, HTTP_ACT_SET_STATUS,
	    "<status> [reason <str>]"),
	NOACT(HRS, "set-tos", WHY_SOCK),
	ACT(HRS, "set-var", kw_hr_var, 1, HTTP_ACT_SET_VAR,
	    "(<scope>.<name>) <expr>"),
	ACT(HRS, "set-var-fmt", kw_hr_var, 1, HTTP_ACT_SET_VAR_FMT,
	    "(<scope>.<name>) <fmt>"),
	ACT(HRS, "silent-drop", kw_hr_noarg, 0, HTTP_ACT_SILENT_DROP, ""),
	ACT(HRS, "strict-mode", kw_hr_strict, 1, HTTP_ACT_STRICT_MODE,
	    "{on | off}"),
	NOACT(HRS, "track-sc0", WHY_SC),
	NOACT(HRS, "track-sc1", WHY_SC),
	NOACT(HRS, "track-sc2", WHY_SC),
	ACT(HRS, "unset-var", kw_hr_var, 0, HTTP_ACT_UNSET_VAR,
	    "(<scope>.<name>)"),
	NOACT(HRS, "wait-for-body", WHY_BODY),
	{ .name = "redirect", .sections = CFG_S_PX_ONLY, .min_args = 2,
	  .max_args = -1, .parse = kw_redirect, .status = KW_OK,
	  .syntax = SYN_REDIR SYN_COND },
	LEGACY("reqadd", HTTP_ACT_LEGACY_ADD, 1, "<string>",
	    "http-request add-header"),
	LEGACY("reqallow", HTTP_ACT_LEGACY_ALLOW, 1, "<search>",
	    "http-request allow"),
	LEGACY("reqdel", HTTP_ACT_LEGACY_DEL, 1, "<search>",
	    "http-request del-header"),
	LEGACY("reqdeny", HTTP_ACT_LEGACY_DENY, 1, "<search>",
	    "http-request deny"),
	LEGACY("reqiallow", HTTP_ACT_LEGACY_ALLOW | HR_ICASE, 1, "<search>",
	    "http-request allow"),
	LEGACY("reqidel", HTTP_ACT_LEGACY_DEL | HR_ICASE, 1, "<search>",
	    "http-request del-header"),
	LEGACY("reqideny", HTTP_ACT_LEGACY_DENY | HR_ICASE, 1, "<search>",
	    "http-request deny"),
	LEGACY("reqipass", HTTP_ACT_LEGACY_PASS | HR_ICASE, 1, "<search>",
	    WHY_PASS),
	LEGACY("reqirep", HTTP_ACT_LEGACY_REP | HR_ICASE, 2,
	    "<search> <string>", "http-request replace-header"),
	LEGACY("reqitarpit", HTTP_ACT_LEGACY_TARPIT | HR_ICASE, 1, "<search>",
	    "http-request tarpit"),
	LEGACY("reqpass", HTTP_ACT_LEGACY_PASS, 1, "<search>", WHY_PASS),
	LEGACY("reqrep", HTTP_ACT_LEGACY_REP, 2, "<search> <string>",
	    "http-request replace-path, replace-uri or replace-header"),
	LEGACY("reqtarpit", HTTP_ACT_LEGACY_TARPIT, 1, "<search>",
	    "http-request tarpit"),
	LEGACY("rspadd", HTTP_ACT_LEGACY_ADD, 1, "<string>",
	    "http-response add-header"),
	LEGACY("rspdel", HTTP_ACT_LEGACY_DEL, 1, "<search>",
	    "http-response del-header"),
	LEGACY("rspdeny", HTTP_ACT_LEGACY_DENY, 1, "<search>",
	    "http-response deny"),
	LEGACY("rspidel", HTTP_ACT_LEGACY_DEL | HR_ICASE, 1, "<search>",
	    "http-response del-header"),
	LEGACY("rspideny", HTTP_ACT_LEGACY_DENY | HR_ICASE, 1, "<search>",
	    "http-response deny"),
	LEGACY("rspirep", HTTP_ACT_LEGACY_REP | HR_ICASE, 2,
	    "<search> <string>", "http-response replace-header"),
	LEGACY("rsprep", HTTP_ACT_LEGACY_REP, 2, "<search> <string>",
	    "http-response replace-header"),
};

const struct cfg_kw_table cfg_kw_http_table = {
	http_rows, sizeof(http_rows) / sizeof(http_rows[0])
};
