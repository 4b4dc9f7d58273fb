/*
 * cfg_kw_check: rows and handlers for health checks ("option httpchk" and
 * the other check options, "http-check ...", "tcp-check ...", spec §6).
 * Handlers fill the check ruleset of the proxy being parsed; nothing here
 * runs a check.  The "stats" keywords are in cfg_kw_stats.c.
 *
 * One HAProxy 2.6 inheritance rule shapes this file [observed 2.6]: a
 * proxy's first own check rule or check option replaces the whole ruleset
 * inherited from defaults, "option httpchk" request included.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "base/diag_codes.h"
#include "cfg/cfg_load.h"
#include "base/regex.h"

/* ------------------------------------------------------------------ */
/* Shared helpers */

static const struct cfg_arg *
kw_word(struct cfg_ctx *ctx, const struct cfg_line *l)
{
	return &l->args[ctx->argi - 1];
}

/* The position of bytes [off, off+n) of A, when A was written as is;
 * otherwise the whole word. */
static struct cfg_pos
chk_subpos(const struct cfg_arg *a, size_t off, size_t n)
{
	struct cfg_pos	p = a->pos;

	if (!(a->flags & (CFG_A_QUOTED | CFG_A_EXPANDED)) &&
	    a->len == a->pos.len && off < a->len) {
		p.col += (unsigned)off;
		p.len = (unsigned)n;
	}
	return p;
}

/* Index of NAME in the NULL-terminated list NAMES, or -1. */
static int
chk_lookup(const char *const *names, const char *name)
{
	int	i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

/* S for a message: control bytes written as \r, \n or \xHH. */
static const char *
chk_shown(struct cfg_ctx *ctx, const char *s)
{
	char	*out = arena_alloc(&ctx->cfg->arena, 4 * strlen(s) + 1);
	char	*p = out;

	for (; *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		if (c == '\r' || c == '\n')
			p += sprintf(p, "\\%c", c == '\r' ? 'r' : 'n');
		else if (c < ' ' || c == 0x7f)
			p += sprintf(p, "\\x%02x", c);
		else
			*p++ = (char)c;
	}
	*p = '\0';
	return out;
}

/* NAMES as "a, b, c", in the arena. */
static const char *
chk_join(struct cfg_ctx *ctx, const char *const *names)
{
	size_t	 i, n = 1;
	char	*out;

	for (i = 0; names[i] != NULL; i++)
		n += strlen(names[i]) + 2;
	out = arena_alloc(&ctx->cfg->arena, n);
	for (i = 0; names[i] != NULL; i++) {
		if (i > 0)
			strcat(out, ", ");
		strcat(out, names[i]);
	}
	return out;
}

/* "unknown X 'w'" plus a did-you-mean over NAMES. */
static void
chk_unknown(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *kw,
    const char *what, const char *const *names)
{
	const char	*s;
	size_t		 n = 0;

	while (names[n] != NULL)
		n++;
	s = cfg_kw_suggest(a->s, names, n);
	diag_error(ctx->d, &a->pos, "'%s': unknown %s '%s'", kw, what, a->s);
	if (s != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else
		diag_hint(ctx->d, "one of: %s", chk_join(ctx, names));
}

/* Argument I+1 of option word I, or NULL after reporting it missing. */
static const struct cfg_arg *
chk_value(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i,
    const char *kw)
{
	if (i + 1 < l->nargs)
		return &l->args[i + 1];
	diag_error(ctx->d, &l->args[i].pos, "'%s': '%s' expects a value",
	    kw, l->args[i].s);
	return NULL;
}

static int
chk_unsupported_word(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const char *kw, const char *why)
{
	diag_error(ctx->d, &a->pos, "'%s': '%s' is not supported by hapx", kw,
	    a->s);
	diag_hint(ctx->d, "%s", why);
	return -1;
}

/* Decode the hex string of A (send-binary, expect binary) into the arena. */
static int
chk_hex(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *kw,
    const char **out, size_t *outlen)
{
	char	*buf;
	size_t	 i;
	struct cfg_pos	 p;

	for (i = 0; i < a->len; i++) {
		if (isxdigit((unsigned char)a->s[i]))
			continue;
		p = chk_subpos(a, i, 1);
		diag_error(ctx->d, &p, "'%s': invalid hex digit '%c' in '%s'",
		    kw, isprint((unsigned char)a->s[i]) ? a->s[i] : '?', a->s);
		diag_hint(ctx->d, "write the bytes as pairs of hex digits, "
		    "e.g. '50494e470d0a' for \"PING\\r\\n\"");
		return -1;
	}
	if (a->len == 0 || a->len % 2 != 0) {
		diag_error(ctx->d, &a->pos, "'%s': '%s' has an odd number of "
		    "hex digits", kw, a->s);
		diag_hint(ctx->d, "each byte takes two hex digits; add a "
		    "leading '0' to the first byte if it was meant");
		return -1;
	}
	buf = arena_alloc(&ctx->cfg->arena, a->len / 2 + 1);
	for (i = 0; i < a->len / 2; i++) {
		char	two[3] = { a->s[2 * i], a->s[2 * i + 1], '\0' };

		buf[i] = (char)strtoul(two, NULL, 16);
	}
	*out = buf;
	*outlen = a->len / 2;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The ruleset: ownership and order */

/* Make the proxy's ruleset its own, of kind HTTP.  The first own rule
 * replaces an inherited ruleset (HAProxy resets TCPCHK_RULES_DEF lists); a
 * rule of the other kind starts a new list, as HAProxy switches rulesets.
 * cfg_kw_check_finish() reports what this loses. */
static void
chk_own(struct proxy_conf *px, bool http)
{
	if (px->tcpcheck_owner != px) {
		memset(&px->tcpcheck, 0, sizeof(px->tcpcheck));
		memset(&px->httpchk, 0, sizeof(px->httpchk));
		px->tcpcheck_owner = px;
	} else if (px->tcpcheck_http != http)
		memset(&px->tcpcheck, 0, sizeof(px->tcpcheck));
	px->tcpcheck_http = http;
}

/* The last rule that is not a comment, or NULL. */
static const struct tcpcheck_step *
chk_last(const struct proxy_conf *px)
{
	unsigned	i;

	for (i = px->tcpcheck.n; i > 0; i--)
		if (px->tcpcheck.v[i - 1].action != CHK_ACT_COMMENT)
			return &px->tcpcheck.v[i - 1];
	return NULL;
}

static bool
chk_has(const struct proxy_conf *px, enum check_action act)
{
	unsigned	i;

	for (i = 0; i < px->tcpcheck.n; i++)
		if (px->tcpcheck.v[i].action == act)
			return true;
	return false;
}

/* HAProxy's rule: once a ruleset has a connect, it must start with one
 * (comments aside). */
static int
chk_connect_first(struct cfg_ctx *ctx, const struct cfg_line *l)
{
	const struct proxy_conf	*px = ctx->px;
	unsigned		 i;

	for (i = 0; i < px->tcpcheck.n; i++) {
		if (px->tcpcheck.v[i].action == CHK_ACT_COMMENT)
			continue;
		if (px->tcpcheck.v[i].action == CHK_ACT_CONNECT)
			return 0;
		diag_error(ctx->d, &kw_word(ctx, l)->pos, "'%s': a ruleset "
		    "with a 'connect' rule must start with one",
		    ctx->kw->name);
		diag_note(ctx->d, &px->tcpcheck.v[i].pos, "the ruleset "
		    "starts here");
		diag_hint(ctx->d, "add a plain 'connect' rule before the "
		    "first rule");
		return -1;
	}
	return 0;
}

/* Connection steps of HAProxy's http-check rulesets
 * (tcpcheck_add_http_rule): one request per connection, each request
 * followed by its expects. */
static int
chk_http_order(struct cfg_ctx *ctx, const struct cfg_line *l,
    enum check_action act)
{
	const struct tcpcheck_step	*last = chk_last(ctx->px);
	const char			*need = NULL;

	if (last == NULL || act == CHK_ACT_COMMENT)
		return 0;
	if (act == CHK_ACT_SEND && last->action != CHK_ACT_CONNECT)
		need = "an 'http-check connect' (one request per connection)";
	else if (act == CHK_ACT_EXPECT && last->action == CHK_ACT_CONNECT)
		need = "an 'http-check send'";
	else if (act == CHK_ACT_CONNECT && last->action != CHK_ACT_EXPECT)
		need = "an 'http-check expect'";
	if (need == NULL)
		return 0;
	diag_error(ctx->d, &kw_word(ctx, l)->pos, "'%s' must follow %s",
	    ctx->kw->name, need);
	diag_note(ctx->d, &last->pos, "the previous rule is here");
	return -1;
}

static struct tcpcheck_step *
chk_push(struct cfg_ctx *ctx, const struct cfg_line *l,
    enum check_action act)
{
	struct tcpcheck_step	*st = CFG_VEC_PUSH(&ctx->cfg->arena,
				    ctx->px->tcpcheck);

	memset(st, 0, sizeof(*st));
	st->pos = l->pos;
	st->action = act;
	st->expect.min_recv = -1;
	return st;
}

/* ------------------------------------------------------------------ */
/* Check options */

static void
chk_set_type(struct cfg_ctx *ctx, const struct cfg_line *l,
    enum check_type t)
{
	struct proxy_conf	*px = ctx->px;

	px->check_type = t;
	px->check_pos = l->args[ctx->argi - 1].pos;
	memset(&px->check_opts, 0, sizeof(px->check_opts));
}

/* A protocol check option brings its own rules: it empties the ruleset. */
static void
chk_protocol(struct cfg_ctx *ctx, const struct cfg_line *l,
    enum check_type t)
{
	chk_set_type(ctx, l, t);
	chk_own(ctx->px, false);
	memset(&ctx->px->tcpcheck, 0, sizeof(ctx->px->tcpcheck));
}

/* "option tcp-check" keeps a tcp-check ruleset already there, even an
 * inherited one; the protocol checks bring their own. */
static int
kw_opt_tcpcheck(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	chk_set_type(ctx, l, CHK_TCPCHECK);
	if (ctx->px->tcpcheck_http)
		chk_own(ctx->px, false);
	return 0;
}

static const char *const chk_simple_names[] = {
	"ldap-check", "redis-check", "ssl-hello-chk", NULL
};
static const enum check_type chk_simple_types[] = {
	CHK_LDAP, CHK_REDIS, CHK_SSL_HELLO
};

static int
kw_opt_simple(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	int	i = chk_lookup(chk_simple_names, kw_word(ctx, l)->s);

	(void)d;
	if (i < 0)
		return -1;
	chk_protocol(ctx, l, chk_simple_types[i]);
	return 0;
}

/* "user <name>" at ARGS[I], for mysql-check and pgsql-check. */
static int
chk_user(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i)
{
	const char	*kw = ctx->kw->name;

	if (i >= l->nargs || strcmp(l->args[i].s, "user") != 0) {
		diag_error(ctx->d, i < l->nargs ? &l->args[i].pos :
		    &kw_word(ctx, l)->pos, "'%s' expects 'user <username>'%s",
		    kw, i < l->nargs ? "" : " after it");
		diag_hint(ctx->d, "syntax: %s %s", kw, ctx->kw->syntax);
		return -1;
	}
	if (i + 1 >= l->nargs) {
		diag_error(ctx->d, &l->args[i].pos, "'%s': 'user' expects a "
		    "user name", kw);
		return -1;
	}
	return 0;
}

static int
kw_opt_mysql(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	static const char *const vers[] = { "post-41", "pre-41", NULL };
	size_t		 i = ctx->argi;
	int		 v = 0;

	if (i < l->nargs && chk_user(ctx, l, i) < 0)
		return -1;
	if (i + 2 < l->nargs && (v = chk_lookup(vers, l->args[i + 2].s)) < 0) {
		chk_unknown(ctx, &l->args[i + 2], ctx->kw->name,
		    "client protocol", vers);
		return -1;
	}
	if (i + 3 < l->nargs) {
		diag_error(d, &l->args[i + 3].pos, "too many arguments for "
		    "'%s': unexpected '%s'", ctx->kw->name, l->args[i + 3].s);
		return -1;
	}
	chk_protocol(ctx, l, CHK_MYSQL);
	if (i < l->nargs)
		ctx->px->check_opts.user = cfg_arg_dup(ctx, &l->args[i + 1]);
	ctx->px->check_opts.mysql_pre41 = v == 1;
	if (i >= l->nargs) {
		diag_warn(d, &kw_word(ctx, l)->pos, "'%s' without a user only "
		    "reads the server greeting", ctx->kw->name);
		diag_hint(d, "MySQL may block this address after too many "
		    "aborted connections; add 'user <name>' (a user without "
		    "password)");
	}
	return 0;
}

static int
kw_opt_pgsql(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	if (chk_user(ctx, l, ctx->argi) < 0)
		return -1;
	chk_protocol(ctx, l, CHK_PGSQL);
	ctx->px->check_opts.user = cfg_arg_dup(ctx, &l->args[ctx->argi + 1]);
	return 0;
}

static int
kw_opt_smtp(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	static const char *const hellos[] = { "EHLO", "HELO", NULL };
	size_t		 i = ctx->argi;

	/* HAProxy turns any other word into HELO, and wants a domain. */
	if (i < l->nargs && chk_lookup(hellos, l->args[i].s) < 0) {
		chk_unknown(ctx, &l->args[i], ctx->kw->name, "hello command",
		    hellos);
		return -1;
	}
	if (i < l->nargs && i + 1 >= l->nargs) {
		diag_error(d, &l->args[i].pos, "'%s %s' needs a domain name",
		    ctx->kw->name, l->args[i].s);
		diag_hint(d, "e.g. 'option smtpchk %s localhost'",
		    l->args[i].s);
		return -1;
	}
	chk_protocol(ctx, l, CHK_SMTP);
	if (i < l->nargs) {
		ctx->px->check_opts.smtp_hello = cfg_arg_dup(ctx, &l->args[i]);
		ctx->px->check_opts.smtp_domain = cfg_arg_dup(ctx,
		    &l->args[i + 1]);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* option httpchk and http-check send: the request */

/* An HTTP token (method, header name): RFC 9110 tchar. */
static bool
chk_is_token(const char *s, size_t len)
{
	size_t	i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && (s[i] == '\0' ||
		    strchr("!#$%&'*+-.^_`|~", s[i]) == NULL))
			return false;
	return true;
}

static int
chk_method(struct cfg_ctx *ctx, const struct cfg_arg *a, const char **out)
{
	if (!chk_is_token(a->s, a->len)) {
		diag_error(ctx->d, &a->pos, "'%s': invalid HTTP method '%s'",
		    ctx->kw->name, a->s);
		diag_hint(ctx->d, "a method is one word such as GET, HEAD or "
		    "OPTIONS");
		return -1;
	}
	*out = cfg_arg_dup(ctx, a);
	return 0;
}

static int
chk_uri(struct cfg_ctx *ctx, const struct cfg_arg *a, const char **out)
{
	size_t	i;

	for (i = 0; i < a->len; i++) {
		unsigned char	c = (unsigned char)a->s[i];
		struct cfg_pos	p;

		if (c > ' ' && c != 0x7f)
			continue;
		p = chk_subpos(a, i, 1);
		diag_error(ctx->d, &p, "'%s': the URI '%s' contains a space or "
		    "control character", ctx->kw->name, a->s);
		diag_hint(ctx->d, "percent-encode it (a space is %%20)");
		return -1;
	}
	if (a->len == 0 || (a->s[0] != '/' && strcmp(a->s, "*") != 0 &&
	    strstr(a->s, "://") == NULL)) {
		diag_warn(ctx->d, &a->pos, "'%s': the URI '%s' does not start "
		    "with '/'", ctx->kw->name, a->s);
		diag_hint(ctx->d, "most servers answer 400 to it; write "
		    "'/%s' for a path", a->s);
	}
	*out = cfg_arg_dup(ctx, a);
	return 0;
}

/* Check "HTTP/x.y" in S[0..LEN); report at P. */
static int
chk_version_ok(struct cfg_ctx *ctx, const struct cfg_pos *p, const char *s,
    size_t len)
{
	if (len == 8 && strncmp(s, "HTTP/", 5) == 0 &&
	    isdigit((unsigned char)s[5]) && s[6] == '.' &&
	    isdigit((unsigned char)s[7]))
		return 0;
	diag_error(ctx->d, p, "'%s': invalid HTTP version '%.*s'",
	    ctx->kw->name, (int)len, s);
	diag_hint(ctx->d, "write 'HTTP/1.0' or 'HTTP/1.1'");
	return -1;
}

/* The legacy tail after the version ("\r\nHost: x\r\n\r\nbody"): its
 * header lines become headers, what follows an empty line the body, as
 * HAProxy 2.6 does. */
static int
chk_legacy_tail(struct cfg_ctx *ctx, const struct cfg_arg *a,
    const char *tail, struct httpchk_conf *rq)
{
	const char	*p = tail, *eol, *colon;
	struct hdr_conf	*h;

	while (*p == '\r' || *p == '\n') {
		p += *p == '\r' && p[1] == '\n' ? 2 : 1;
		if ((eol = strpbrk(p, "\r\n")) == NULL)
			eol = p + strlen(p);
		if (eol == p) {		/* empty line: the body follows */
			p += *p == '\r' && p[1] == '\n' ? 2 : (*p != '\0');
			rq->body = *p ? arena_strdup(&ctx->cfg->arena, p) : NULL;
			return 0;
		}
		colon = memchr(p, ':', (size_t)(eol - p));
		if (colon == NULL || !chk_is_token(p, (size_t)(colon - p))) {
			diag_error(ctx->d, &a->pos, "'%s': '%.*s' after the "
			    "version is not a header line", ctx->kw->name,
			    (int)(eol - p), p);
			diag_hint(ctx->d, "use 'http-check send hdr <name> "
			    "<value>' instead");
			return -1;
		}
		h = CFG_VEC_PUSH(&ctx->cfg->arena, rq->hdrs);
		h->name = arena_strndup(&ctx->cfg->arena, p,
		    (size_t)(colon - p));
		for (colon++; *colon == ' ' || *colon == '\t'; colon++)
			;
		h->value = arena_strndup(&ctx->cfg->arena, colon,
		    (size_t)(eol - colon));
		p = eol;
	}
	return 0;
}

/* Append S to the arena string *OUT, its spaces escaped as "\ ". */
static void
chk_append_word(struct cfg_ctx *ctx, char **out, const char *pre,
    const char *s)
{
	size_t	 n = strlen(*out) + strlen(pre) + 2 * strlen(s) + 1;
	char	*p = arena_alloc(&ctx->cfg->arena, n);
	size_t	 k = (size_t)snprintf(p, n, "%s%s", *out, pre);

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			p[k++] = '\\';
		p[k++] = *s;
	}
	p[k] = '\0';
	*out = p;
}

/* The "http-check send" words equivalent to RQ's headers and body. */
static const char *
chk_send_words(struct cfg_ctx *ctx, const struct httpchk_conf *rq)
{
	char		*out = arena_strdup(&ctx->cfg->arena, "");
	unsigned	 i;

	for (i = 0; i < rq->hdrs.n; i++) {
		chk_append_word(ctx, &out, " hdr ", rq->hdrs.v[i].name);
		chk_append_word(ctx, &out, " ", rq->hdrs.v[i].value);
	}
	if (rq->body != NULL)
		chk_append_word(ctx, &out, " body ", rq->body);
	return out;
}

/* The version word of "option httpchk", maybe with the legacy tail. */
static int
chk_opt_version(struct cfg_ctx *ctx, const struct cfg_arg *a,
    struct httpchk_conf *rq)
{
	size_t	n = strcspn(a->s, "\r\n");

	if (chk_version_ok(ctx, &a->pos, a->s, n) < 0)
		return -1;
	rq->version = arena_strndup(&ctx->cfg->arena, a->s, n);
	if (n == a->len)
		return 0;
	rq->extra = arena_strdup(&ctx->cfg->arena, a->s + n);
	if (chk_legacy_tail(ctx, a, a->s + n, rq) < 0)
		return -1;
	diag_warn(ctx->d, &a->pos, "'%s': hiding headers or a body after "
	    "the version is deprecated", ctx->kw->name);
	diag_hint(ctx->d, "write them on their own line: 'http-check send%s'",
	    chk_send_words(ctx, rq));
	return 0;
}

/* HAProxy takes a lone argument as the URI: "option httpchk GET" sends
 * "OPTIONS GET HTTP/1.0" (spec §12). */
static bool
chk_lone_method(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	static const char *const meths[] = { "CONNECT", "DELETE", "GET",
		"HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE", NULL };

	if (chk_lookup(meths, a->s) < 0)
		return false;
	diag_warn(ctx->d, &a->pos, "'option httpchk': '%s' is taken as the "
	    "URI, and the request is 'OPTIONS %s HTTP/1.0'", a->s, a->s);
	diag_hint(ctx->d, "did you mean 'option httpchk %s /'?", a->s);
	return true;
}

/* Copy SRC's given fields over DST, appending headers (HAProxy's
 * tcpcheck_overwrite_send_http_rule). */
static void
chk_merge_req(struct cfg_ctx *ctx, struct httpchk_conf *dst,
    const struct httpchk_conf *src)
{
	unsigned	i;

	dst->method = src->method ? src->method : dst->method;
	dst->uri = src->uri ? src->uri : dst->uri;
	dst->version = src->version ? src->version : dst->version;
	dst->body = src->body ? src->body : dst->body;
	for (i = 0; i < src->hdrs.n; i++)
		*CFG_VEC_PUSH(&ctx->cfg->arena, dst->hdrs) = src->hdrs.v[i];
}

static int
kw_opt_httpchk(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct httpchk_conf	 rq;
	const struct cfg_arg	*a = &l->args[ctx->argi];
	size_t			 n = l->nargs - ctx->argi;

	(void)d;
	memset(&rq, 0, sizeof(rq));
	rq.set = true;
	if (n == 1 && chk_lone_method(ctx, &a[0]))
		rq.uri = cfg_arg_dup(ctx, &a[0]);
	else if (n == 1 && chk_uri(ctx, &a[0], &rq.uri) < 0)
		return -1;
	else if (n >= 2) {
		if (chk_method(ctx, &a[0], &rq.method) < 0 ||
		    chk_uri(ctx, &a[1], &rq.uri) < 0)
			return -1;
		if (n == 3 && chk_opt_version(ctx, &a[2], &rq) < 0)
			return -1;
	}
	chk_set_type(ctx, l, CHK_HTTP);
	chk_own(ctx->px, true);
	/* HAProxy merges the option into an explicit first send given
	 * before it, the option's words winning. */
	if (chk_has(ctx->px, CHK_ACT_SEND)) {
		chk_merge_req(ctx, &ctx->px->httpchk, &rq);
		ctx->px->httpchk.extra = rq.extra;
		ctx->px->httpchk.set = true;
		return 0;
	}
	ctx->px->httpchk = rq;
	return 0;
}

enum { SND_METH, SND_URI, SND_URI_LF, SND_VER, SND_HDR, SND_BODY,
	SND_BODY_LF, SND_COMMENT };
static const char *const chk_send_opts[] = {
	"meth", "uri", "uri-lf", "ver", "hdr", "body", "body-lf", "comment",
	NULL
};

/* One option of "http-check send" at ARGS[*I]; advances *I. */
static int
chk_send_opt(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct httpchk_conf *rq, const char **comment)
{
	const struct cfg_arg	*o = &l->args[*i], *v;
	struct hdr_conf		*h;
	int			 k = chk_lookup(chk_send_opts, o->s);

	if (k < 0) {
		chk_unknown(ctx, o, ctx->kw->name, "option", chk_send_opts);
		return -1;
	}
	if (k == SND_URI_LF || k == SND_BODY_LF)
		return chk_unsupported_word(ctx, o, ctx->kw->name, "hapx has "
		    "no log-format in checks; use 'uri' or 'body' with a "
		    "fixed string");
	if ((v = chk_value(ctx, l, *i, ctx->kw->name)) == NULL)
		return -1;
	*i += 2;
	switch (k) {
	case SND_METH:
		return chk_method(ctx, v, &rq->method);
	case SND_URI:
		return chk_uri(ctx, v, &rq->uri);
	case SND_VER:
		if (chk_version_ok(ctx, &v->pos, v->s, v->len) < 0)
			return -1;
		rq->version = cfg_arg_dup(ctx, v);
		return 0;
	case SND_BODY:
		rq->body = cfg_arg_dup(ctx, v);
		return 0;
	case SND_COMMENT:
		*comment = cfg_arg_dup(ctx, v);
		return 0;
	}
	if (!chk_is_token(v->s, v->len) || *i >= l->nargs) {
		diag_error(ctx->d, *i >= l->nargs ? &o->pos : &v->pos,
		    "'%s': 'hdr' expects a header name and a value",
		    ctx->kw->name);
		return -1;
	}
	h = CFG_VEC_PUSH(&ctx->cfg->arena, rq->hdrs);
	h->name = cfg_arg_dup(ctx, v);
	h->value = cfg_arg_dup(ctx, &l->args[(*i)++]);
	return 0;
}

static int
kw_http_send(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct httpchk_conf	 rq;
	struct tcpcheck_step	*st;
	const char		*comment = NULL;
	size_t			 i = ctx->argi;
	bool			 first;

	(void)d;
	memset(&rq, 0, sizeof(rq));
	while (i < l->nargs)
		if (chk_send_opt(ctx, l, &i, &rq, &comment) < 0)
			return -1;
	chk_own(ctx->px, true);
	if (chk_http_order(ctx, l, CHK_ACT_SEND) < 0)
		return -1;
	first = !chk_has(ctx->px, CHK_ACT_SEND);
	st = chk_push(ctx, l, CHK_ACT_SEND);
	st->comment = comment;
	if (first) {
		/* The proxy's request: "option httpchk" merged with this. */
		chk_merge_req(ctx, &ctx->px->httpchk, &rq);
		return 0;
	}
	st->req = arena_memdup(&ctx->cfg->arena, &rq, sizeof(rq));
	return 0;
}

/* ------------------------------------------------------------------ */
/* connect rules */

enum { CON_DEFAULT, CON_PORT, CON_ADDR, CON_SEND_PROXY, CON_VIA_SOCKS4,
	CON_SSL, CON_SNI, CON_ALPN, CON_LINGER, CON_PROTO, CON_COMMENT };
static const char *const chk_con_opts[] = {
	"default", "port", "addr", "send-proxy", "via-socks4", "ssl", "sni",
	"alpn", "linger", "proto", "comment", NULL
};
static const short chk_con_nargs[] = { 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1 };

/* "addr HOST[:PORT]": HAProxy takes a port here too, and resolves the
 * name at once. */
static int
chk_con_addr(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct tcpcheck_step *st)
{
	struct addr_spec	*a = &st->connect.addr;
	char			 err[300];

	if (cfg_arg_addr(ctx, v, ADDR_USE_SERVER, a) < 0)
		return -1;
	if (a->kind != ADDR_INET || a->port_relative) {
		diag_error(ctx->d, &v->pos, "'%s': '%s' is not an IP address "
		    "with an optional port", ctx->kw->name, v->s);
		return -1;
	}
	if (a->family == AF_UNSPEC && !(ctx->flags & CFG_LOAD_NO_RESOLVE) &&
	    addr_resolve(a, err, sizeof(err)) < 0) {
		diag_error(ctx->d, &v->pos, "%s", err);
		return -1;
	}
	st->connect.has_addr = true;
	if (a->has_port && st->connect.port == 0)
		st->connect.port = a->port_lo;
	return 0;
}

static int
chk_con_value(struct cfg_ctx *ctx, int k, const struct cfg_arg *v,
    struct tcpcheck_step *st)
{
	uint32_t	port;

	switch (k) {
	case CON_PORT:
		if (cfg_arg_uint(ctx, v, 1, 65535, &port) < 0) {
			diag_hint(ctx->d, "a port number from 1 to 65535 (hapx "
			    "takes no sample expression here)");
			return -1;
		}
		st->connect.port = port;
		return 0;
	case CON_ADDR:
		return chk_con_addr(ctx, v, st);
	case CON_COMMENT:
		st->comment = cfg_arg_dup(ctx, v);
		return 0;
	}
	return 0;
}

static int
chk_con_opts_parse(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct tcpcheck_step *st)
{
	size_t	i = ctx->argi;
	int	k;

	while (i < l->nargs) {
		const struct cfg_arg	*o = &l->args[i];

		if ((k = chk_lookup(chk_con_opts, o->s)) < 0) {
			chk_unknown(ctx, o, ctx->kw->name, "option",
			    chk_con_opts);
			return -1;
		}
		if (k == CON_SSL || k == CON_SNI || k == CON_ALPN)
			return chk_unsupported_word(ctx, o, ctx->kw->name,
			    "hapx has no TLS; check the plain port instead");
		if (k == CON_VIA_SOCKS4 || k == CON_PROTO)
			return chk_unsupported_word(ctx, o, ctx->kw->name,
			    "hapx connects to the server directly, over "
			    "HTTP/1.1 or raw TCP");
		if (k == CON_SEND_PROXY)
			return chk_unsupported_word(ctx, o, ctx->kw->name,
			    "a check sends a PROXY header when the server "
			    "line has 'send-proxy' or 'check-send-proxy'");
		if (k == CON_LINGER) {
			diag_warn(ctx->d, &o->pos, "'%s': 'linger' has no "
			    "effect in hapx", ctx->kw->name);
			diag_code(ctx->d, LINT_IGNORED);
			diag_hint(ctx->d, "hapx closes check connections "
			    "normally; remove it");
		}
		if (chk_con_nargs[k] && chk_value(ctx, l, i,
		    ctx->kw->name) == NULL)
			return -1;
		st->connect.use_default |= k == CON_DEFAULT;
		st->connect.send_proxy |= k == CON_SEND_PROXY;
		st->connect.linger |= k == CON_LINGER;
		if (chk_con_nargs[k] && chk_con_value(ctx, k, &l->args[i + 1],
		    st) < 0)
			return -1;
		i += 1 + (size_t)chk_con_nargs[k];
	}
	return 0;
}

static int
kw_chk_connect(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct tcpcheck_step	 tmp;
	bool			 http = ctx->kw->name[0] == 'h';

	(void)d;
	memset(&tmp, 0, sizeof(tmp));
	if (chk_con_opts_parse(ctx, l, &tmp) < 0)
		return -1;
	chk_own(ctx->px, http);
	if (chk_connect_first(ctx, l) < 0 ||
	    (http && chk_http_order(ctx, l, CHK_ACT_CONNECT) < 0))
		return -1;
	tmp.pos = l->pos;
	tmp.action = CHK_ACT_CONNECT;
	tmp.expect.min_recv = -1;
	*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->tcpcheck) = tmp;
	return 0;
}

/* ------------------------------------------------------------------ */
/* expect rules */

/* "200,201,300-310" (HAProxy 2.2+), each code in 100..599. */
static int
chk_status_list(struct cfg_ctx *ctx, const struct cfg_arg *a,
    struct check_expect *e)
{
	const char		*s = a->s, *p = s;
	struct status_range	*r;
	unsigned long		 lo, hi;
	char			*end;
	struct cfg_pos		 pos;

	for (;;) {
		if (!isdigit((unsigned char)*p))
			goto bad_char;
		lo = hi = strtoul(p, &end, 10);
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1])) {
				p = end + 1;
				goto bad_char;
			}
			hi = strtoul(end + 1, &end, 10);
		}
		if (*end != '\0' && *end != ',') {
			p = end;
			goto bad_char;
		}
		if (lo < 100 || hi > 599 || lo > hi) {
			pos = chk_subpos(a, (size_t)(p - s), (size_t)(end - p));
			diag_error(ctx->d, &pos, "'%s': invalid status code or "
			    "range '%.*s'", ctx->kw->name, (int)(end - p), p);
			diag_hint(ctx->d, "status codes go from 100 to 599, "
			    "and a range is written low-high");
			return -1;
		}
		r = CFG_VEC_PUSH(&ctx->cfg->arena, e->codes);
		r->lo = (unsigned)lo;
		r->hi = (unsigned)hi;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
bad_char:
	pos = chk_subpos(a, (size_t)(p - s), 1);
	if (*p == '\0')
		diag_error(ctx->d, &pos, "'%s': status list '%s' ends early",
		    ctx->kw->name, s);
	else
		diag_error(ctx->d, &pos, "'%s': invalid character '%c' in "
		    "status list '%s'", ctx->kw->name, isprint(
		    (unsigned char)*p) ? *p : '?', s);
	diag_hint(ctx->d, "write codes and ranges separated by commas, "
	    "e.g. '200,201,300-310'");
	return -1;
}

enum { EO_MIN_RECV, EO_COMMENT, EO_OK_STATUS, EO_ERROR_STATUS,
	EO_TOUT_STATUS, EO_ON_SUCCESS, EO_ON_ERROR, EO_STATUS_CODE };
static const char *const chk_exp_opts[] = {
	"min-recv", "comment", "ok-status", "error-status", "tout-status",
	"on-success", "on-error", "status-code", NULL
};

/* Status names, in enum check_status order (CHK_ST_DEFAULT excluded). */
static const char *const chk_st_names[] = {
	"L4OK", "L4TOUT", "L4CON", "L6OK", "L6TOUT", "L6RSP", "L7OK", "L7OKC",
	"L7TOUT", "L7RSP", "L7STS", NULL
};

/* The statuses each of ok-status, error-status, tout-status accepts. */
static int
chk_exp_status(struct cfg_ctx *ctx, int k, const struct cfg_arg *v,
    enum check_status *out)
{
	static const char *const allowed[] = {
		"L7OK L7OKC L6OK L4OK", "L7OKC L7RSP L7STS L6RSP L4CON",
		"L7TOUT L6TOUT L4TOUT"
	};
	const char	*set = allowed[k - EO_OK_STATUS];
	int		 i = chk_lookup(chk_st_names, v->s);
	const char	*at = i < 0 ? NULL : strstr(set, v->s);

	if (at == NULL || (at[v->len] != ' ' && at[v->len] != '\0')) {
		diag_error(ctx->d, &v->pos, "'%s': '%s' does not take status "
		    "'%s'", ctx->kw->name, chk_exp_opts[k], v->s);
		diag_hint(ctx->d, "one of: %s", set);
		return -1;
	}
	*out = (enum check_status)(i + 1);
	return 0;
}

/* One expect option (ARGS[I] is in chk_exp_opts) and its value. */
static int
chk_exp_opt(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i, int k,
    struct check_expect *e)
{
	const struct cfg_arg	*v;
	char			 err[200];
	long			 n;

	if (k == EO_ON_SUCCESS || k == EO_ON_ERROR || k == EO_STATUS_CODE)
		return chk_unsupported_word(ctx, &l->args[i], ctx->kw->name,
		    "hapx has no log-format or sample expression in checks; "
		    "use 'comment' for the message");
	if ((v = chk_value(ctx, l, i, ctx->kw->name)) == NULL)
		return -1;
	switch (k) {
	case EO_MIN_RECV:
		if (cfg_value_int(v->s, -1, INT_MAX, &n, err,
		    sizeof(err)) < 0) {
			diag_error(ctx->d, &v->pos, "'%s': min-recv: %s",
			    ctx->kw->name, err);
			return -1;
		}
		e->min_recv = (int)n;
		return 0;
	case EO_COMMENT:
		e->comment = cfg_arg_dup(ctx, v);
		return 0;
	case EO_OK_STATUS:
		return chk_exp_status(ctx, k, v, &e->ok_status);
	case EO_ERROR_STATUS:
		return chk_exp_status(ctx, k, v, &e->error_status);
	}
	return chk_exp_status(ctx, k, v, &e->tout_status);
}

static const char *const chk_meth_names[] = {
	"str", "beg", "end", "sub", "reg", NULL
};

/* "[-m METH] WORD" of hdr/fhdr from ARGS[*I]; advances *I. */
static int
chk_hdr_part(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    enum hdr_match *m, const char **s, struct rx **rx)
{
	int	k;

	if (*i < l->nargs && strcmp(l->args[*i].s, "-m") == 0) {
		if (chk_value(ctx, l, *i, ctx->kw->name) == NULL)
			return -1;
		if ((k = chk_lookup(chk_meth_names, l->args[*i + 1].s)) < 0) {
			chk_unknown(ctx, &l->args[*i + 1], ctx->kw->name,
			    "match method", chk_meth_names);
			return -1;
		}
		*m = (enum hdr_match)k;
		*i += 2;
	}
	if (*i >= l->nargs) {
		diag_error(ctx->d, &l->args[*i - 1].pos, "'%s': '%s' expects "
		    "a pattern", ctx->kw->name, l->args[*i - 1].s);
		return -1;
	}
	*s = cfg_arg_dup(ctx, &l->args[*i]);
	if (*m == HDR_M_REG &&
	    (*rx = cfg_arg_regex(ctx, &l->args[*i], RX_ICASE)) == NULL)
		return -1;
	(*i)++;
	return 0;
}

/* "hdr name [-m M] N [value [-m M] V]" from ARGS[*I] (after "hdr"). */
static int
chk_exp_hdr(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct check_expect *e)
{
	const struct cfg_arg	*w = &l->args[*i - 1];

	if (*i >= l->nargs || strcmp(l->args[*i].s, "name") != 0) {
		if (*i < l->nargs && strcmp(l->args[*i].s, "name-lf") == 0)
			return chk_unsupported_word(ctx, &l->args[*i],
			    ctx->kw->name, "hapx has no log-format in checks; "
			    "use 'name'");
		diag_error(ctx->d, *i < l->nargs ? &l->args[*i].pos : &w->pos,
		    "'%s': '%s' expects 'name <header>'", ctx->kw->name, w->s);
		return -1;
	}
	(*i)++;
	if (chk_hdr_part(ctx, l, i, &e->name_match, &e->pattern, &e->rx) < 0)
		return -1;
	e->len = strlen(e->pattern);
	if (*i >= l->nargs)
		return 0;
	if (strcmp(l->args[*i].s, "value-lf") == 0)
		return chk_unsupported_word(ctx, &l->args[*i], ctx->kw->name,
		    "hapx has no log-format in checks; use 'value'");
	if (strcmp(l->args[*i].s, "value") != 0)
		return 0;
	(*i)++;
	return chk_hdr_part(ctx, l, i, &e->value_match, &e->value,
	    &e->value_rx);
}

static const char *const chk_http_matches[] = {
	"status", "rstatus", "string", "rstring", "hdr", "fhdr", "string-lf",
	NULL
};
static const enum expect_kind chk_http_kinds[] = {
	EXP_STATUS, EXP_RSTATUS, EXP_STRING, EXP_RSTRING, EXP_HDR, EXP_FHDR,
	EXP_STRING_LF
};
static const char *const chk_tcp_matches[] = {
	"string", "rstring", "binary", "rbinary", "string-lf", "binary-lf",
	NULL
};
static const enum expect_kind chk_tcp_kinds[] = {
	EXP_STRING, EXP_RSTRING, EXP_BINARY, EXP_RBINARY, EXP_STRING_LF,
	EXP_STRING_LF
};

/* The pattern of match KIND at ARGS[*I]; advances *I. */
static int
chk_exp_pattern(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct check_expect *e)
{
	const struct cfg_arg	*a;

	if (e->kind == EXP_HDR || e->kind == EXP_FHDR)
		return chk_exp_hdr(ctx, l, i, e);
	if ((a = chk_value(ctx, l, *i - 1, ctx->kw->name)) == NULL)
		return -1;
	(*i)++;
	switch (e->kind) {
	case EXP_STATUS:
		e->pattern = cfg_arg_dup(ctx, a);
		return chk_status_list(ctx, a, e);
	case EXP_BINARY:
		return chk_hex(ctx, a, ctx->kw->name, &e->pattern, &e->len);
	case EXP_RSTATUS:
	case EXP_RSTRING:
	case EXP_RBINARY:
		if ((e->rx = cfg_arg_regex(ctx, a, 0)) == NULL)
			return -1;
		break;
	default:
		break;
	}
	e->pattern = arena_memdup(&ctx->cfg->arena, a->s, a->len + 1);
	e->len = a->len;
	return 0;
}

/* The match keyword at ARGS[*I], maybe glued to its "!"; advances *I. */
static int
chk_exp_match(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *i,
    struct check_expect *e, bool http)
{
	const struct cfg_arg	*a = &l->args[*i];
	const char		*w = a->s + (a->s[0] == '!');
	const char *const	*names = http ? chk_http_matches :
				    chk_tcp_matches;
	int			 k = chk_lookup(names, w);

	if (k < 0) {
		struct cfg_arg	tmp = *a;

		tmp.s = w;
		chk_unknown(ctx, &tmp, ctx->kw->name, "match or option",
		    names);
		return -1;
	}
	e->kind = http ? chk_http_kinds[k] : chk_tcp_kinds[k];
	if (e->kind == EXP_STRING_LF)
		return chk_unsupported_word(ctx, a, ctx->kw->name, "hapx has "
		    "no log-format in checks; match a fixed 'string'");
	e->negate ^= a->s[0] == '!';
	(*i)++;
	return chk_exp_pattern(ctx, l, i, e);
}

/* Options may come before or after "[!] MATCH PATTERN", as in HAProxy. */
static int
chk_expect_parse(struct cfg_ctx *ctx, const struct cfg_line *l, bool http,
    struct check_expect *e)
{
	size_t	i = ctx->argi;
	bool	have = false, bang = false;
	int	k;

	while (i < l->nargs) {
		const struct cfg_arg	*a = &l->args[i];

		if ((k = chk_lookup(chk_exp_opts, a->s)) >= 0) {
			if (chk_exp_opt(ctx, l, i, k, e) < 0)
				return -1;
			i += 2;
		} else if (have) {
			diag_error(ctx->d, &a->pos, "'%s': unexpected '%s' "
			    "after the pattern", ctx->kw->name,
			    chk_shown(ctx, a->s));
			diag_hint(ctx->d, "escape spaces in the pattern with "
			    "'\\ ' or quote it");
			return -1;
		} else if (strcmp(a->s, "!") == 0) {
			if (bang) {
				diag_error(ctx->d, &a->pos, "'%s': '!' is given "
				    "twice", ctx->kw->name);
				return -1;
			}
			e->negate = bang = true;
			i++;
		} else {
			if (chk_exp_match(ctx, l, &i, e, http) < 0)
				return -1;
			have = true;
		}
	}
	if (have)
		return 0;
	diag_error(ctx->d, &l->args[l->nargs - 1].pos, "'%s' expects a match "
	    "and a pattern", ctx->kw->name);
	diag_hint(ctx->d, "e.g. '%s %s'", ctx->kw->name, http ?
	    "status 200" : "string +OK");
	return -1;
}

static int
kw_chk_expect(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct check_expect	 e;
	struct tcpcheck_step	*st;
	bool			 http = ctx->kw->name[0] == 'h';

	(void)d;
	memset(&e, 0, sizeof(e));
	e.min_recv = -1;
	e.pos = l->pos;
	if (chk_expect_parse(ctx, l, http, &e) < 0)
		return -1;
	chk_own(ctx->px, http);
	if (http && chk_http_order(ctx, l, CHK_ACT_EXPECT) < 0)
		return -1;
	st = chk_push(ctx, l, CHK_ACT_EXPECT);
	st->comment = e.comment;
	st->expect = e;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Other check rules */

static int
kw_chk_comment(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct tcpcheck_step	*st;

	(void)d;
	chk_own(ctx->px, ctx->kw->name[0] == 'h');
	st = chk_push(ctx, l, CHK_ACT_COMMENT);
	st->comment = cfg_arg_dup(ctx, &l->args[ctx->argi]);
	return 0;
}

/* "tcp-check send DATA [comment MSG]" and send-binary. */
static int
kw_tcp_send(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	const char		*data, *comment = NULL;
	size_t			 len = a->len;
	bool			 bin = strchr(ctx->kw->name + 10, '-') != NULL;
	struct tcpcheck_step	*st;

	if (l->nargs - ctx->argi == 2 ||
	    (l->nargs - ctx->argi == 3 && strcmp(a[1].s, "comment") != 0)) {
		diag_error(d, &a[1].pos, "'%s': unexpected '%s'",
		    ctx->kw->name, chk_shown(ctx, a[1].s));
		diag_hint(d, "escape spaces in the data with '\\ ' or quote "
		    "it; only 'comment <msg>' may follow");
		return -1;
	}
	if (l->nargs - ctx->argi == 3)
		comment = cfg_arg_dup(ctx, &a[2]);
	if (bin) {
		if (chk_hex(ctx, a, ctx->kw->name, &data, &len) < 0)
			return -1;
	} else
		data = arena_memdup(&ctx->cfg->arena, a->s, a->len + 1);
	chk_own(ctx->px, false);
	st = chk_push(ctx, l, CHK_ACT_SEND);
	st->data = data;
	st->len = len;
	st->comment = comment;
	return 0;
}

static int
kw_http_flag(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)l;
	(void)d;
	if (strcmp(ctx->kw->name, "http-check send-state") == 0)
		ctx->px->send_state = true;
	else
		ctx->px->disable_on_404 = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Whole-proxy checks */

static const char *
chk_type_option(enum check_type t)
{
	static const char *const names[] = {
		"tcp", "option httpchk", "option tcp-check",
		"option mysql-check", "option pgsql-check",
		"option redis-check", "option ssl-hello-chk",
		"option smtpchk", "option ldap-check", "option external-check"
	};

	return names[t];
}

/* PX has http-check rules of its own but its "option httpchk" comes from
 * defaults: HAProxy 2.6 dropped that option's request with the inherited
 * rules [observed 2.6: defaults "option httpchk GET /d" and a backend
 * "http-check expect status 200" send nothing; with a backend "http-check
 * send hdr X y" they send "OPTIONS / HTTP/1.0"]. */
static void
chk_finish_dropped(const struct proxy_conf *px, struct diag *d)
{
	const struct httpchk_conf	*def = px->from ? &px->from->httpchk :
					    NULL;
	bool				 sends = chk_has(px, CHK_ACT_SEND);

	if (sends && (def == NULL || (def->method == NULL &&
	    def->uri == NULL && def->version == NULL && def->hdrs.n == 0)))
		return;
	diag_warn(d, &px->tcpcheck.v[0].pos, "%s '%s': its own http-check "
	    "rules replace those of its defaults section, and the defaults' "
	    "'option httpchk' request with them", px->kind, px->name);
	diag_note(d, &px->check_pos, "'option httpchk' of the defaults "
	    "section");
	if (sends)
		diag_hint(d, "the request is built from this section's "
		    "'http-check send' alone; repeat the 'option httpchk' "
		    "line here to keep its method and URI");
	else
		diag_hint(d, "HAProxy 2.6 then sends no request and the check "
		    "times out; repeat the 'option httpchk' line here");
}

/* PX's own rules replaced inherited ones, but it has no expect of its own
 * while the defaults had some [observed 2.6: defaults "http-check expect
 * status 500", a backend's own "option httpchk GET /x" passes on 200]. */
static void
chk_finish_lost_expects(const struct proxy_conf *px, struct diag *d)
{
	const struct proxy_conf	*def = px->from;
	const struct cfg_pos	*at = px->tcpcheck.n > 0 ?
				    &px->tcpcheck.v[0].pos : &px->check_pos;
	unsigned		 i;

	if (px->check_type != (px->tcpcheck_http ? CHK_HTTP : CHK_TCPCHECK))
		return;
	if (def == NULL || def->tcpcheck_http != px->tcpcheck_http ||
	    !chk_has(def, CHK_ACT_EXPECT) || chk_has(px, CHK_ACT_EXPECT))
		return;
	for (i = 0; def->tcpcheck.v[i].action != CHK_ACT_EXPECT; i++)
		;
	diag_warn(d, at, "%s '%s' sets up its own health check, so the "
	    "'%s expect' rules of its defaults section do not apply", px->kind,
	    px->name, px->tcpcheck_http ? "http-check" : "tcp-check");
	diag_note(d, &def->tcpcheck.v[i].pos, "the first of them");
	diag_hint(d, "HAProxy does not add a section's rules to the "
	    "defaults' ones; repeat the expect lines here%s",
	    px->tcpcheck_http ? " (now any 2xx or 3xx passes)" : "");
}

static void
chk_finish_rules(const struct proxy_conf *px, struct diag *d)
{
	enum check_type	want = px->tcpcheck_http ? CHK_HTTP : CHK_TCPCHECK;
	const char	*kind = px->tcpcheck_http ? "http-check" : "tcp-check";

	if (px->tcpcheck.n > 0 && px->check_type != want) {
		diag_warn(d, &px->tcpcheck.v[0].pos, "%s '%s' uses %s rules "
		    "without '%s', so the rules are ignored", px->kind,
		    px->name, kind, chk_type_option(want));
		if (px->check_type != CHK_TCP)
			diag_note(d, &px->check_pos, "the check type is set "
			    "by '%s' here", chk_type_option(px->check_type));
		diag_hint(d, "add '%s' to the section, or remove the rules",
		    chk_type_option(want));
		return;
	}
	if (px->check_type == CHK_HTTP && px->tcpcheck_http &&
	    !px->httpchk.set)
		chk_finish_dropped(px, d);
	chk_finish_lost_expects(px, d);
}

/* Warn about check rules PX carries without their option, or that lost
 * the request of an inherited "option httpchk". */
void
cfg_kw_check_finish(const struct config *cfg, const struct proxy_conf *px,
    struct diag *d)
{
	(void)cfg;
	if (px->is_defaults)
		return;
	if ((px->cap & CFG_CAP_BE) && px->tcpcheck_owner == px)
		chk_finish_rules(px, d);
}

/* ------------------------------------------------------------------ */
/* The table */

#define UNSUP(n, s, mn, why)	{ n, s, mn, -1, NULL, 0, KW_UNSUPPORTED, \
				    KW_F_RAWARGS, why, NULL, NULL }
#define NOVAR	"hapx has no variables in health checks; use fixed " \
		"values in the check rules"
#define NOLF	"hapx has no log-format in checks; use the fixed-string form"
#define NOEXT	"hapx runs no external check programs; use 'option httpchk' " \
		"or 'option tcp-check' against a small health endpoint"

static const struct cfg_kw check_rows[] = {
	UNSUP("external-check command", CFG_S_BE, 1, NOEXT),
	UNSUP("external-check path", CFG_S_BE, 1, NOEXT),
	{ "http-check comment", CFG_S_BE, 1, 1, kw_chk_comment, 0, KW_OK, 0,
	    NULL, NULL, "<string>" },
	{ "http-check connect", CFG_S_BE, 0, -1, kw_chk_connect, 0, KW_OK,
	    KW_F_RAWARGS, NULL, NULL, "[default] [port <port>] [addr <ip>] "
	    "[send-proxy] [linger] [comment <msg>]" },
	{ "http-check disable-on-404", CFG_S_BE, 0, 0, kw_http_flag, 0, KW_OK,
	    0, NULL, NULL, "" },
	{ "http-check expect", CFG_S_BE, 0, -1, kw_chk_expect, 0, KW_OK,
	    KW_F_RAWARGS, NULL, NULL, "[min-recv <int>] [comment <msg>] "
	    "[ok-status <st>] [error-status <st>] [tout-status <st>] [!] "
	    "<match> <pattern>" },
	{ "http-check send", CFG_S_BE, 0, -1, kw_http_send, 0, KW_OK,
	    KW_F_RAWARGS, NULL, NULL, "[meth <method>] [uri <uri>] "
	    "[ver <version>] [hdr <name> <value>]* [body <string>] "
	    "[comment <msg>]" },
	{ "http-check send-state", CFG_S_BE, 0, 0, kw_http_flag, 0, KW_OK, 0,
	    NULL, NULL, "" },
	UNSUP("http-check set-var", CFG_S_BE, 1, NOVAR),
	UNSUP("http-check set-var-fmt", CFG_S_BE, 1, NOVAR),
	UNSUP("http-check unset-var", CFG_S_BE, 0, NOVAR),
	{ "option external-check", CFG_S_BE, 0, 0, NULL, 0, KW_UNSUPPORTED, 0,
	    NOEXT, NULL, "" },
	{ "option httpchk", CFG_S_BE, 0, 3, kw_opt_httpchk, 0, KW_OK, 0, NULL,
	    NULL, "[[<method>] <uri> [<version>]]" },
	{ "option ldap-check", CFG_S_BE, 0, 0, kw_opt_simple, 0, KW_OK, 0,
	    NULL, NULL, "" },
	{ "option mysql-check", CFG_S_BE, 0, -1, kw_opt_mysql, 0, KW_OK,
	    KW_F_RAWARGS, NULL, NULL, "[user <username> [post-41|pre-41]]" },
	{ "option pgsql-check", CFG_S_BE, 0, -1, kw_opt_pgsql, 0, KW_OK,
	    KW_F_RAWARGS, NULL, NULL, "user <username>" },
	{ "option redis-check", CFG_S_BE, 0, 0, kw_opt_simple, 0, KW_OK, 0,
	    NULL, NULL, "" },
	{ "option smtpchk", CFG_S_BE, 0, 2, kw_opt_smtp, 0, KW_OK, 0, NULL,
	    NULL, "[HELO|EHLO <domain>]" },
	{ "option spop-check", CFG_S_BE, 0, 0, NULL, 0, KW_UNSUPPORTED, 0,
	    "hapx has no SPOE agents to check", NULL, "" },
	{ "option ssl-hello-chk", CFG_S_BE, 0, 0, kw_opt_simple, 0, KW_OK, 0,
	    NULL, NULL, "" },
	{ "option tcp-check", CFG_S_BE, 0, 0, kw_opt_tcpcheck, 0, KW_OK, 0,
	    NULL, NULL, "" },
	{ "tcp-check comment", CFG_S_BE, 1, 1, kw_chk_comment, 0, KW_OK, 0,
	    NULL, NULL, "<string>" },
	{ "tcp-check connect", CFG_S_BE, 0, -1, kw_chk_connect, 0, KW_OK,
	    KW_F_RAWARGS, NULL, NULL, "[default] [port <port>] [addr <ip>] "
	    "[send-proxy] [linger] [comment <msg>]" },
	{ "tcp-check expect", CFG_S_BE, 0, -1, kw_chk_expect, 0, KW_OK,
	    KW_F_RAWARGS, NULL, NULL, "[min-recv <int>] [comment <msg>] "
	    "[ok-status <st>] [error-status <st>] [tout-status <st>] [!] "
	    "<match> <pattern>" },
	{ "tcp-check send", CFG_S_BE, 1, 3, kw_tcp_send, 0, KW_OK, 0, NULL,
	    NULL, "<data> [comment <msg>]" },
	{ "tcp-check send-binary", CFG_S_BE, 1, 3, kw_tcp_send, 0, KW_OK, 0,
	    NULL, NULL, "<hexstring> [comment <msg>]" },
	UNSUP("tcp-check send-binary-lf", CFG_S_BE, 1, NOLF),
	UNSUP("tcp-check send-lf", CFG_S_BE, 1, NOLF),
	UNSUP("tcp-check set-var", CFG_S_BE, 1, NOVAR),
	UNSUP("tcp-check set-var-fmt", CFG_S_BE, 1, NOVAR),
	UNSUP("tcp-check unset-var", CFG_S_BE, 0, NOVAR),
};

const struct cfg_kw_table cfg_kw_check_table = {
	check_rows, sizeof(check_rows) / sizeof(check_rows[0])
};
