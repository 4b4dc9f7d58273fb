/*
 * acl: runtime evaluation of the model's conditions (cond_conf) against a
 * request: fetch + match as HAProxy does (spec §4).  Fetch names were
 * resolved at config time to canonical names; acl_prep_new() maps them to
 * functions once, at engine start, so nothing is looked up per request.
 */
#ifndef HAPX_ACL_H
#define HAPX_ACL_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>

#include "http/acl_env.h"
#include "http/acl_fetch.h"	/* acl_b64dec */

struct acl_trace;
struct cond_conf;
struct config;
struct engine;
struct http_head;
struct proxy;
struct proxy_conf;
struct switch_rule;
struct vars;

/*
 * What the runtime resolves once, at engine start, from CFG: the fetch
 * function of every term of its conditions, the proxies' ids, the
 * compiled form of every format string and sample expression its rules
 * evaluate.  Owned by the engine (engine->prep, found through
 * acl_env.eng); NULL if a fetch is unknown (a bug: the checker accepted
 * it) or out of memory.  Without it (tests, tools) the same results come
 * from a slower path: look-up by name, compile per call.
 */
struct acl_prep;
struct fmt;
struct acl_prep	*acl_prep_new(const struct config *);
void		 acl_prep_free(struct acl_prep *);
/* How many objects it holds (tests). */
size_t		 acl_prep_count(const struct acl_prep *);
/* The compiled form of format string S of the model (the same pointer),
 * or NULL when ENV's engine has none. */
const struct fmt *acl_prep_fmt_of(const struct acl_env *, const char *s);
/* Evaluate a condition; NULL (no condition) is true.  Applies "unless". */
bool	acl_cond_eval(const struct cond_conf *, const struct acl_env *);
/* With env->partial (tcp-request content): true when a fetch lacked data
 * that may still arrive, so the rule must wait for more data or the end
 * of inspect-delay before acl_cond_eval() decides (HAProxy's ACL_TEST_MISS). */
bool	acl_cond_pending(const struct cond_conf *, const struct acl_env *);
/* The string value of sample expression EXPR (e.g. "src", "hdr(host)",
 * "path,lower"; compiled by acl_prep_new() when it is the model's): writes at most OUTSZ-1 bytes and
 * a NUL into OUT; returns the length, or -1 when there is no value. */
long	acl_sample(const char *expr, size_t len, const struct acl_env *,
	    char *out, size_t outsz);
/* The rule that picks the backend of a request to frontend PC: its first
 * use_backend whose condition holds, else its default_backend; NULL when
 * none does (a listen section then serves it itself, a frontend answers
 * 503).  The session's routing and the checker's lint both call it. */
const struct switch_rule *acl_route(const struct proxy_conf *pc,
	    const struct acl_env *);

/*
 * cfgcheck --explain: the runtime reports its own decisions through
 * env->trace, so that what is explained is what ran.  ACL_TR_ITEM: an ACL
 * of a condition was evaluated (.item, .result before the item's "!");
 * ACL_TR_SWITCH: acl_route() tried .sw (.result: taken); ACL_TR_RULE: a
 * request rule (.rule, or a "redirect" line .redirect) was reached, its
 * condition gave .result, and when true it runs now on .head;
 * ACL_TR_RULE_DONE: it ran, .head is the head after it.
 */
struct cond_item;
struct http_rule;
struct redirect_rule;
enum acl_trace_kind { ACL_TR_ITEM, ACL_TR_SWITCH, ACL_TR_RULE,
	ACL_TR_RULE_DONE };
struct acl_trace_ev {
	enum acl_trace_kind		 kind;
	const struct cond_item		*item;
	const struct switch_rule	*sw;
	const struct http_rule		*rule;
	const struct redirect_rule	*redirect;
	const struct http_head		*head;
	bool				 result;
	bool				 miss;	/* ITEM: data may still come */
};
struct acl_trace {
	void	(*fn)(void *arg, const struct acl_trace_ev *);
	void	 *arg;
};

#endif
