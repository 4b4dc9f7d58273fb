/*
 * cfg_kw_rules: what the rule keywords of cfg_kw_http.c (http-request,
 * http-response, reqxxx...) and cfg_kw_tcp.c (tcp-request, tcp-response)
 * share: the family of a rule, the order in which HAProxy runs the
 * request stages whatever the order of the lines, the refusal of rules
 * in defaults, words left before the condition, log levels and capture
 * sizes.  It only checks and reports; appending rules is the callers' job.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_kw_rules.h"

/* The row name as the user knows it ("http-request deny", "reqrep"). */
static const char *
kwname(const struct cfg_ctx *ctx)
{
	return ctx->kw->name;
}

/* Level names of set-log-level; index = syslog level, "silent" = -1. */
static const char *const log_levels[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
};

/* A set-log-level argument: the syslog level's index, or -1 for
 * "silent". */
int
cfg_kw_rules_log_level(struct cfg_ctx *ctx, const struct cfg_arg *a,
    int *out)
{
	const char	*s;
	size_t		 i, n = sizeof(log_levels) / sizeof(log_levels[0]);

	if (strcmp(a->s, "silent") == 0) {
		*out = -1;
		return 0;
	}
	for (i = 0; i < n; i++)
		if (strcmp(a->s, log_levels[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	diag_error(ctx->d, &a->pos, "'%s': unknown log level '%s'",
	    kwname(ctx), a->s);
	if ((s = cfg_kw_suggest(a->s, log_levels, n)) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else
		diag_hint(ctx->d, "use emerg, alert, crit, err, warning, "
		    "notice, info, debug or silent");
	return -1;
}

/* ------------------------------------------------------------------ */
/* Rule order (spec §4.4, §5.3) */

static const char *const stage_names[] = {
	"tcp-request connection", "tcp-request session",
	"tcp-request content", "monitor fail", "block", "http-request",
	"reqxxx", "reqadd", "redirect", "use_backend"
};

static bool
http_stage_present(const struct proxy_conf *px, enum rule_stage st)
{
	unsigned	i;
	enum http_act	a;

	for (i = 0; i < px->http_req.n; i++) {
		a = px->http_req.v[i].act;
		if (st == RULE_ST_BLOCK && a == HTTP_ACT_BLOCK)
			return true;
		if (st == RULE_ST_HTTP_REQ && a < HTTP_ACT_LEGACY_REP)
			return true;
		if (st == RULE_ST_REQADD && a == HTTP_ACT_LEGACY_ADD)
			return true;
		if (st == RULE_ST_REQXXX && a >= HTTP_ACT_LEGACY_REP &&
		    a != HTTP_ACT_LEGACY_ADD && a != HTTP_ACT_BLOCK)
			return true;
	}
	return false;
}

static bool
stage_present(const struct proxy_conf *px, enum rule_stage st)
{
	unsigned	i;

	switch (st) {
	case RULE_ST_TCP_CONN:
	case RULE_ST_TCP_SESS:
	case RULE_ST_TCP_CONT:
		for (i = 0; i < px->tcp_req.n; i++)
			if ((int)px->tcp_req.v[i].when_kind ==
			    (int)(st - RULE_ST_TCP_CONN))
				return true;
		return false;
	case RULE_ST_MONITOR:
		return px->monitor_fail.n > 0;
	case RULE_ST_REDIRECT:
		return px->redirects.n > 0;
	case RULE_ST_USE_BACKEND:
		return px->use_backends.n > 0;
	case RULE_ST_NONE:
		return false;
	default:
		return http_stage_present(px, st);
	}
}

/* Warn when rules of a stage HAProxy runs after ST are already there. */
void
cfg_kw_rules_order_check(struct cfg_ctx *ctx, const struct cfg_line *l,
    enum rule_stage st)
{
	enum rule_stage	s;

	for (s = st + 1; s < RULE_ST_NONE; s++) {
		if (!stage_present(ctx->px, s))
			continue;
		diag_warn(ctx->d, &l->args[0].pos, "'%s' is placed after the "
		    "'%s' rules but is processed before them", kwname(ctx),
		    stage_names[s]);
		diag_hint(ctx->d, "move it up; rules run in this order: "
		    "tcp-request, block, http-request, reqxxx, reqadd, "
		    "redirect, use_backend");
		return;
	}
}

/* ------------------------------------------------------------------ */
/* Common frame of rules */

/* The family of the rule being parsed, from its keyword. */
enum hr_family
cfg_kw_rules_family(const struct cfg_ctx *ctx)
{
	const char	*n = ctx->kw->name;

	if (strncmp(n, "rsp", 3) == 0 || strncmp(n, "http-response", 13) == 0)
		return HR_RES;
	if (strncmp(n, "http-after-response", 19) == 0)
		return HR_AFTER;
	return HR_REQ;
}

/* HAProxy 2.5+ accepts rules only in named defaults sections and runs
 * them before the proxy's own; hapx keeps rules in proxies only. */
int
cfg_kw_rules_in_defaults(struct cfg_ctx *ctx, const struct cfg_line *l,
    const char *family)
{
	if (!ctx->px->is_defaults)
		return 0;
	diag_error(ctx->d, &l->args[0].pos, "%s rules in a defaults section "
	    "are not supported by hapx; put them in the proxy", family);
	diag_hint(ctx->d, "copy the rule into each frontend/backend/listen "
	    "section that needs it");
	return -1;
}

/* Report word I, left before the condition of a rule. */
void
cfg_kw_rules_unexpected(struct cfg_ctx *ctx, const struct cfg_line *l,
    size_t i)
{
	diag_error(ctx->d, &l->args[i].pos, "'%s': unexpected '%s'",
	    kwname(ctx), l->args[i].s);
	if (ctx->kw->status == KW_DEPRECATED)
		diag_hint(ctx->d, "only 'if' or 'unless' and a condition may "
		    "follow; a space inside a 1.x regex or string is written "
		    "'\\ '");
	else
		diag_hint(ctx->d, "only 'if' or 'unless' and a condition may "
		    "follow; syntax: %s %s", kwname(ctx),
		    ctx->kw->syntax ? ctx->kw->syntax : "");
}

/* ------------------------------------------------------------------ */
/* capture */

/* "id N": HAProxy writes into slot N, made by "declare capture" or a
 * "capture request|response header" line.  hapx keeps each capture rule's
 * value on its own and has no "declare capture", so there is no slot. */
static int
rules_capture_id(struct cfg_ctx *ctx, const struct cfg_arg *w, bool req)
{
	diag_error(ctx->d, &w->pos, "'%s ... id' is not supported by hapx: "
	    "it writes into a capture slot, and hapx has no 'declare "
	    "capture' to make one", kwname(ctx));
	if (req)
		diag_hint(ctx->d, "write 'http-request capture <sample> len "
		    "<n>' in the frontend or listen section, or 'capture "
		    "request header <name> len <n>'");
	else
		diag_hint(ctx->d, "capture response headers with 'capture "
		    "response header <name> len <n>' in the frontend or listen "
		    "section");
	return -1;
}

/* "len N" (or, unless TCP, "id N", which hapx refuses) at word I of a
 * capture action, into R. */
int
cfg_kw_rules_capture_size(struct cfg_ctx *ctx, const struct cfg_line *l,
    size_t i, bool tcp, struct http_rule *r)
{
	const struct cfg_arg	*w = &l->args[i];
	char			 err[256];
	unsigned long		 n;
	bool			 req = cfg_kw_rules_family(ctx) == HR_REQ;

	if (strcmp(w->s, "id") == 0 && !tcp)
		return rules_capture_id(ctx, w, req);
	if (strcmp(w->s, "len") != 0) {
		diag_error(ctx->d, &w->pos, "'%s': expected 'len' after the "
		    "sample, not '%s'", kwname(ctx), w->s);
		return -1;
	}
	if (!req || !(ctx->px->cap & CFG_CAP_FE)) {
		diag_error(ctx->d, &w->pos, "'%s ... len' needs %s",
		    kwname(ctx), req ? "a frontend or listen section" :
		    "a request: HAProxy's responses only take 'id N'");
		diag_hint(ctx->d, "%s", req ? "capture in the frontend or "
		    "listen section that receives the request" : "capture "
		    "response headers with 'capture response header <name> "
		    "len <n>' in the frontend or listen section");
		return -1;
	}
	if (cfg_value_uint(l->args[i + 1].s, true, 65535, &n, err,
	    sizeof(err)) < 0) {
		diag_error(ctx->d, &l->args[i + 1].pos, "'%s': invalid capture "
		    "len '%s'", kwname(ctx), l->args[i + 1].s);
		diag_hint(ctx->d, "use an integer from 1 to 65535");
		return -1;
	}
	r->capture_len = (unsigned)n;
	return 0;
}
