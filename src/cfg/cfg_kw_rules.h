/*
 * cfg_kw_rules: helpers shared by the http rule keywords (cfg_kw_http.c)
 * and the tcp rule keywords (cfg_kw_tcp.c).  Each reports to ctx->d at
 * the word concerned.
 */
#ifndef HAPX_CFG_KW_RULES_H
#define HAPX_CFG_KW_RULES_H

#include <stdbool.h>
#include <stddef.h>

struct cfg_arg;
struct cfg_ctx;
struct cfg_line;
struct http_rule;

/* The message an http rule acts on. */
enum hr_family { HR_REQ, HR_RES, HR_AFTER };

/*
 * Stages of request processing, in the order HAProxy runs them whatever
 * the order of the lines.  A rule written after one of a later stage
 * still runs first, which HAProxy reports with a warning; so do we.
 */
enum rule_stage {
	RULE_ST_TCP_CONN, RULE_ST_TCP_SESS, RULE_ST_TCP_CONT, RULE_ST_MONITOR,
	RULE_ST_BLOCK, RULE_ST_HTTP_REQ, RULE_ST_REQXXX, RULE_ST_REQADD,
	RULE_ST_REDIRECT, RULE_ST_USE_BACKEND,
	RULE_ST_NONE
};

/* The family of the rule being parsed ("rsp*", "http-response ..." are
 * responses), from ctx->kw. */
enum hr_family cfg_kw_rules_family(const struct cfg_ctx *);
/* Warn at L when the proxy already has rules of a stage that HAProxy
 * runs after ST: this rule runs before them whatever its place. */
void	 cfg_kw_rules_order_check(struct cfg_ctx *, const struct cfg_line *l,
	    enum rule_stage st);
/* In a defaults section, report that FAMILY rules are refused and return
 * -1; else 0. */
int	 cfg_kw_rules_in_defaults(struct cfg_ctx *, const struct cfg_line *l,
	    const char *family);
/* Report word I of L, left over before the rule's condition. */
void	 cfg_kw_rules_unexpected(struct cfg_ctx *, const struct cfg_line *l,
	    size_t i);
/* A log level name into *OUT (syslog level, -1 for "silent"); -1 after
 * an error. */
int	 cfg_kw_rules_log_level(struct cfg_ctx *, const struct cfg_arg *a,
	    int *out);
/* The "len N" after a capture sample at word I of L, into R's
 * capture_len; -1 after an error ("id N" too: hapx has no capture slots). */
int	 cfg_kw_rules_capture_size(struct cfg_ctx *, const struct cfg_line *l,
	    size_t i, bool tcp, struct http_rule *r);

#endif
