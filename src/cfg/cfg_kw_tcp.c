/*
 * cfg_kw_tcp: rows and handlers for tcp-request (connection, session,
 * content, inspect-delay) and tcp-response (content, inspect-delay).
 * Handlers check each action and its arguments at config time and append
 * rules to the proxy in config order, warning when a rule is written
 * after one HAProxy runs later (cfg_kw_rules.c).  Nothing here runs a
 * rule; the http-* rules are in cfg_kw_http.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "cfg/cfg_kw_rules.h"

/* For the rows, .offset carries the "when" bit the shared handler fills
 * in; the rows have no field to set. */
#define TW_CONN	0x1
#define TW_SESS	0x2
#define TW_CONT	0x4
#define TW_RES	0x8
#define TW_REQ	(TW_CONN | TW_SESS | TW_CONT)
#define TW_ALL	(TW_REQ | TW_RES)

/* The row name as the user knows it ("tcp-request content"). */
static const char *
kwname(const struct cfg_ctx *ctx)
{
	return ctx->kw->name;
}

struct tcp_rule_state {
	struct tcp_rule	*r;
	size_t		 i, end;	/* next word, condition start */
};

typedef int tcp_arg_fn(struct cfg_ctx *, const struct cfg_line *,
    struct tcp_rule_state *);

struct tcp_action {
	const char	*name;
	unsigned	 where;		/* TW_* */
	enum kw_status	 status;	/* KW_OK or KW_UNSUPPORTED */
	enum tcp_act	 act;
	tcp_arg_fn	*parse;		/* NULL: no argument */
	const char	*hint;		/* for unsupported actions */
};

static int
tcp_expect_proxy(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct tcp_rule_state *ts)
{
	if (ts->i >= ts->end || strcmp(l->args[ts->i].s, "layer4") != 0) {
		diag_error(ctx->d, &l->args[ts->i < ts->end ? ts->i :
		    ts->i - 1].pos, "'%s expect-proxy' expects 'layer4'",
		    kwname(ctx));
		return -1;
	}
	ts->i++;
	return 0;
}

static int
tcp_capture(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct tcp_rule_state *ts)
{
	struct http_rule	hr;

	if (ts->i + 3 > ts->end) {
		diag_error(ctx->d, &l->args[ts->i - 1].pos, "'%s capture' "
		    "expects SAMPLE len LENGTH", kwname(ctx));
		return -1;
	}
	memset(&hr, 0, sizeof(hr));
	if (cfg_kw_rules_capture_size(ctx, l, ts->i + 1, true, &hr) < 0)
		return -1;
	ts->r->sample = cfg_arg_dup(ctx, &l->args[ts->i]);
	ts->r->capture_len = hr.capture_len;
	ts->i += 3;
	return 0;
}

static int
tcp_log_level(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct tcp_rule_state *ts)
{
	if (ts->i >= ts->end) {
		diag_error(ctx->d, &l->args[ts->i - 1].pos, "'%s "
		    "set-log-level' expects a level", kwname(ctx));
		return -1;
	}
	return cfg_kw_rules_log_level(ctx, &l->args[ts->i++],
	    &ts->r->log_level);
}

#define TCP_NOSC	"hapx has no stick tables or counters"
#define TCP_NOVAR	"hapx sets variables in http-request and " \
			"http-response rules only"
#define TCP_NOADDR	"hapx does not rewrite connection addresses"
#define TCP_NOSOCK	"hapx does not set socket options from rules"

static const struct tcp_action tcp_actions[] = {
	{ "accept", TW_ALL, KW_OK, TCP_ACT_ACCEPT, NULL, NULL },
	{ "capture", TW_SESS | TW_CONT, KW_OK, TCP_ACT_CAPTURE, tcp_capture,
	    NULL },
	{ "close", TW_RES, KW_OK, TCP_ACT_CLOSE, NULL, NULL },
	{ "do-resolve", TW_CONT, KW_UNSUPPORTED, 0, NULL,
	    "hapx has no resolvers" },
	{ "expect-netscaler-cip", TW_CONN, KW_UNSUPPORTED, 0, NULL,
	    "use 'expect-proxy layer4' with a PROXY-protocol sender" },
	{ "expect-proxy", TW_CONN, KW_OK, TCP_ACT_EXPECT_PROXY,
	    tcp_expect_proxy, NULL },
	{ "ot-group", TW_CONT | TW_RES, KW_UNSUPPORTED, 0, NULL,
	    "hapx has no OpenTracing filter" },
	{ "reject", TW_ALL, KW_OK, TCP_ACT_REJECT, NULL, NULL },
	{ "sc-inc-gpc", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOSC },
	{ "sc-inc-gpc0", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOSC },
	{ "sc-inc-gpc1", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOSC },
	{ "sc-set-gpt", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOSC },
	{ "sc-set-gpt0", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOSC },
	{ "send-spoe-group", TW_CONT | TW_RES, KW_UNSUPPORTED, 0, NULL,
	    "hapx has no SPOE" },
	{ "set-dst", TW_REQ, KW_UNSUPPORTED, 0, NULL, TCP_NOADDR },
	{ "set-dst-port", TW_REQ, KW_UNSUPPORTED, 0, NULL, TCP_NOADDR },
	{ "set-log-level", TW_CONT | TW_RES, KW_OK, TCP_ACT_SET_LOG_LEVEL,
	    tcp_log_level, NULL },
	{ "set-mark", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOSOCK },
	{ "set-nice", TW_CONT | TW_RES, KW_UNSUPPORTED, 0, NULL,
	    "hapx has no task priorities" },
	{ "set-priority-class", TW_CONT, KW_UNSUPPORTED, 0, NULL,
	    "hapx has no queue priorities" },
	{ "set-priority-offset", TW_CONT, KW_UNSUPPORTED, 0, NULL,
	    "hapx has no queue priorities" },
	{ "set-src", TW_REQ, KW_UNSUPPORTED, 0, NULL, TCP_NOADDR },
	{ "set-src-port", TW_REQ, KW_UNSUPPORTED, 0, NULL, TCP_NOADDR },
	{ "set-tos", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOSOCK },
	{ "set-var", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOVAR },
	{ "set-var-fmt", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOVAR },
	{ "silent-drop", TW_ALL, KW_OK, TCP_ACT_SILENT_DROP, NULL, NULL },
	{ "switch-mode", TW_CONT, KW_UNSUPPORTED, 0, NULL,
	    "put 'mode http' on the frontend instead" },
	{ "track-sc0", TW_REQ, KW_UNSUPPORTED, 0, NULL, TCP_NOSC },
	{ "track-sc1", TW_REQ, KW_UNSUPPORTED, 0, NULL, TCP_NOSC },
	{ "track-sc2", TW_REQ, KW_UNSUPPORTED, 0, NULL, TCP_NOSC },
	{ "unset-var", TW_ALL, KW_UNSUPPORTED, 0, NULL, TCP_NOVAR },
	{ "use-service", TW_CONT, KW_UNSUPPORTED, 0, NULL,
	    "use 'http-request use-service' in a 'mode http' proxy" },
};
#define NTCP_ACTIONS	(sizeof(tcp_actions) / sizeof(tcp_actions[0]))

static const char *const tcp_when_names[] = {
	"connection", "session", "content"
};

static void
tcp_unknown(struct cfg_ctx *ctx, const struct cfg_arg *a, unsigned where)
{
	const char	*cands[NTCP_ACTIONS], *s;
	size_t		 i, n = 0;

	for (i = 0; i < NTCP_ACTIONS; i++)
		if ((tcp_actions[i].where & where) &&
		    tcp_actions[i].status == KW_OK)
			cands[n++] = tcp_actions[i].name;
	diag_error(ctx->d, &a->pos, "unknown '%s' action '%s'", kwname(ctx),
	    a->s);
	if ((s = cfg_kw_suggest(a->s, cands, n)) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else if (where == TW_CONN)
		diag_hint(ctx->d, "actions here: accept, reject, expect-proxy "
		    "layer4, silent-drop");
	else if (where == TW_RES)
		diag_hint(ctx->d, "actions here: accept, reject, close, "
		    "silent-drop, set-log-level");
	else
		diag_hint(ctx->d, "actions here: accept, reject, capture, "
		    "silent-drop%s", where == TW_CONT ? ", set-log-level" : "");
}

/* The action row for word A valid for WHERE; NULL when reported. */
static const struct tcp_action *
tcp_action_find(struct cfg_ctx *ctx, const struct cfg_arg *a, unsigned where)
{
	const struct tcp_action	*t = NULL;
	size_t			 i, n = strcspn(a->s, "(");

	for (i = 0; i < NTCP_ACTIONS && t == NULL; i++)
		if (strlen(tcp_actions[i].name) == n &&
		    strncmp(tcp_actions[i].name, a->s, n) == 0)
			t = &tcp_actions[i];
	if (t == NULL && strncmp(a->s, "lua.", 4) == 0) {
		diag_error(ctx->d, &a->pos, "'%s %s' is not supported by hapx",
		    kwname(ctx), a->s);
		diag_hint(ctx->d, "hapx has no Lua");
		return NULL;
	}
	if (t == NULL) {
		tcp_unknown(ctx, a, where);
		return NULL;
	}
	if (!(t->where & where)) {
		diag_error(ctx->d, &a->pos, "'%s' is not allowed in '%s' rules",
		    a->s, kwname(ctx));
		return NULL;
	}
	if (t->status == KW_UNSUPPORTED) {
		diag_error(ctx->d, &a->pos, "'%s %s' is not supported by hapx",
		    kwname(ctx), t->name);
		diag_hint(ctx->d, "%s", t->hint);
		return NULL;
	}
	if (n != strlen(a->s)) {
		diag_error(ctx->d, &a->pos, "'%s' takes no argument in "
		    "parentheses", t->name);
		return NULL;
	}
	return t;
}

/* tcp-request connection|session|content, tcp-response content. */
static int
kw_tcp_rule(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct tcp_action	*t;
	struct tcp_rule		 r;
	struct tcp_rule_state	 ts = { &r, ctx->argi, 0 };
	unsigned		 where = (unsigned)ctx->kw->offset;

	(void)d;
	if (cfg_kw_rules_in_defaults(ctx, l, kwname(ctx)) < 0)
		return -1;
	if ((t = tcp_action_find(ctx, &l->args[ts.i], where)) == NULL)
		return -1;
	memset(&r, 0, sizeof(r));
	r.pos = l->pos;
	r.when_kind = where == TW_CONN ? TCP_WHEN_CONNECTION :
	    where == TW_SESS ? TCP_WHEN_SESSION : TCP_WHEN_CONTENT;
	r.when = tcp_when_names[r.when_kind];
	r.act = t->act;
	r.action = t->name;
	ts.i++;
	ts.end = cfg_cond_start(l, ts.i);
	if (t->parse != NULL && t->parse(ctx, l, &ts) < 0)
		return -1;
	if (ts.i < ts.end) {
		cfg_kw_rules_unexpected(ctx, l, ts.i);
		return -1;
	}
	if (cfg_cond_parse(ctx, l, ts.end, &r.cond) < 0)
		return -1;
	if (where == TW_RES) {
		*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->tcp_res) = r;
		return 0;
	}
	cfg_kw_rules_order_check(ctx, l,
	    (enum rule_stage)(RULE_ST_TCP_CONN + r.when_kind));
	*CFG_VEC_PUSH(&ctx->cfg->arena, ctx->px->tcp_req) = r;
	return 0;
}

/* tcp-request|tcp-response inspect-delay TIME: a value, inherited from
 * defaults like a timeout. */
static int
kw_tcp_inspect(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	uint32_t	*p = ctx->kw->offset == TW_RES ?
			    &ctx->px->tcp_res_inspect_ms :
			    &ctx->px->tcp_req_inspect_ms;

	(void)d;
	return cfg_arg_time(ctx, &l->args[ctx->argi], CFG_TU_MS, p);
}

/* ------------------------------------------------------------------ */
/* Rows (sorted by name: a unit test checks it) */

#define S_RULES		CFG_S_PROXY	/* defaults refused by the handler */
#define SYN_COND	" [{if | unless} <condition>]"

static const struct cfg_kw tcp_rows[] = {
	{ .name = "tcp-request connection", .sections = CFG_S_FE,
	  .min_args = 1, .max_args = -1, .parse = kw_tcp_rule,
	  .offset = TW_CONN, .status = KW_OK, .flags = KW_F_STRICT,
	  .syntax = "<action> [<arguments>]" SYN_COND },
	{ .name = "tcp-request content", .sections = S_RULES,
	  .min_args = 1, .max_args = -1, .parse = kw_tcp_rule,
	  .offset = TW_CONT, .status = KW_OK,
	  .syntax = "<action> [<arguments>]" SYN_COND },
	{ .name = "tcp-request inspect-delay", .sections = CFG_S_PROXY,
	  .min_args = 1, .max_args = 1, .parse = kw_tcp_inspect,
	  .offset = TW_CONT, .status = KW_OK, .syntax = "<time>" },
	{ .name = "tcp-request session", .sections = CFG_S_FE,
	  .min_args = 1, .max_args = -1, .parse = kw_tcp_rule,
	  .offset = TW_SESS, .status = KW_OK, .flags = KW_F_STRICT,
	  .syntax = "<action> [<arguments>]" SYN_COND },
	{ .name = "tcp-response content", .sections = CFG_S_BE,
	  .min_args = 1, .max_args = -1, .parse = kw_tcp_rule,
	  .offset = TW_RES, .status = KW_OK, .flags = KW_F_STRICT,
	  .syntax = "<action> [<arguments>]" SYN_COND },
	{ .name = "tcp-response inspect-delay", .sections = CFG_S_BE,
	  .min_args = 1, .max_args = 1, .parse = kw_tcp_inspect,
	  .offset = TW_RES, .status = KW_IGNORED, .flags = KW_F_STRICT,
	  .modern = "hapx runs the 'tcp-response content' rules on the "
	  "first bytes the server sends, without waiting for more",
	  .syntax = "<time>" },
};

const struct cfg_kw_table cfg_kw_tcp_table = {
	tcp_rows, sizeof(tcp_rows) / sizeof(tcp_rows[0])
};
