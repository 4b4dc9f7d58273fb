/*
 * rewrite: the request and response rules of a proxy applied to a head:
 * http-request/http-response actions, the 1.x req and rsp filters (run as
 * 1.5 ran them, spec §5.2-5.3), block, redirect, forwardfor, and the
 * evaluation of the compiled format strings ("%[src]") those rules use.
 */
#ifndef HAPX_REWRITE_H
#define HAPX_REWRITE_H

#include <stdbool.h>
#include <stddef.h>

struct acl_env;
struct http_head;
struct http_rule;
struct net_conf;
struct proxy_conf;
struct redirect_rule;
struct sockaddr_storage;

enum rw_verdict {
	RW_CONTINUE,		/* go on: route, connect, forward */
	RW_DENY,		/* answer .status (403 by default), close */
	RW_TARPIT,		/* hold for timeout tarpit, then answer
				   .status (500) */
	RW_REDIRECT,		/* answer .status with Location .location */
	RW_RETURN,		/* answer .rule->reply (http-request return) */
	RW_AUTH,		/* 401 with WWW-Authenticate realm .realm */
	RW_REJECT,		/* close without a response (also silent-drop:
				   .rule->act == HTTP_ACT_SILENT_DROP) */
	RW_BAD_REQUEST,		/* a rewrite made the request invalid: 400 */
	RW_BAD_RESPONSE,	/* rspdeny / invalid rewritten response: 502 */
	RW_SERVICE,		/* use-service: .service */
	RW_ERROR		/* a rewrite failed under strict-mode: 500 */
};

#define RW_MAX_CAPTURES		8
#define RW_CAPTURE_MAX		256	/* bytes kept of one capture, NUL
					   included */
#define RW_LOG_LEVEL_UNSET	(-2)	/* no set-log-level rule ran */

/* What an "http-request capture" rule captured, for the log.  Held in
 * the result itself, so that resetting a result never leaks. */
struct rw_capture {
	const struct http_rule	*rule;
	char			 value[RW_CAPTURE_MAX];	/* NUL-terminated */
};

struct rw_result {
	enum rw_verdict		 verdict;
	int			 status;
	char			*location;	/* malloc'd; RW_REDIRECT */
	char			*cookie;	/* malloc'd Set-Cookie value
						   of a redirect, or NULL */
	const struct redirect_rule *redirect;	/* RW_REDIRECT */
	const char		*realm;		/* RW_AUTH */
	const char		*service;	/* RW_SERVICE */
	const struct http_rule	*rule;		/* the rule that decided; NULL
						   for a top-level redirect */
	int			 log_level;	/* set-log-level: -1 silent,
						   0..7, RW_LOG_LEVEL_UNSET */
	bool			 no_l7_retry;	/* disable-l7-retry ran */
	unsigned		 failed_rewrites; /* ignored ones */
	unsigned		 ncaptures;
	/* Last: a reset clears only what precedes it (2 KB less to zero,
	 * several times per request); entries past ncaptures are junk. */
	struct rw_capture	 captures[RW_MAX_CAPTURES];
};

/* Free what OUT owns and reset it (verdict RW_CONTINUE). */
void	rw_result_clear(struct rw_result *);

/*
 * Run PX's request rules on REQ, in HAProxy 1.5's order: block, then
 * http-request, then the req* filters in config order (stopping at
 * deny/tarpit; allow/pass skip later verdict filters), then reqadd, then
 * the redirect rules.  ENV->req should be REQ itself, so that conditions
 * see earlier rewrites.  OUT is reset first (call rw_result_clear on a
 * previous result before reusing it) and holds the verdict.
 */
void	rewrite_request(const struct proxy_conf *px, struct http_head *req,
	    const struct acl_env *env, struct rw_result *out);
/* Response rules, in 1.5's order: http-response, rsp* filters (status line
 * first, then headers), rspadd (not on 1xx).  The caller runs the
 * backend's, then the frontend's. */
void	rewrite_response(const struct proxy_conf *px, struct http_head *res,
	    const struct acl_env *env, struct rw_result *out);
/* http-after-response rules (header and status rewrites only) on a
 * response about to be sent, hapx's own ones included. */
void	rewrite_after_response(const struct proxy_conf *px,
	    struct http_head *res, const struct acl_env *env);
/* "option forwardfor" of PX alone (a listen section: PX is both ends). */
void	rewrite_forwardfor(const struct proxy_conf *px, struct http_head *req,
	    const struct acl_env *env);
/*
 * "option forwardfor" and "option originalto" as HAProxy 2.6 combines a
 * frontend FE and a backend BE (spec §8.5): added when either has the
 * option, named after BE's header (else FE's), skipped for a client in
 * either's "except" network, and "if-none" only when neither asks for
 * it always.  Returns -1 if the head could not grow.
 */
int	rewrite_forward_headers(const struct proxy_conf *fe,
	    const struct proxy_conf *be, struct http_head *req,
	    const struct acl_env *env);
/*
 * Expand format string FMT into OUT (grammar and output: fmt.h).  A
 * format of the model is evaluated from the form the engine compiled
 * (env->eng->prep); any other is compiled for this call.  Returns the
 * length (truncated to OUTSZ-1); OUT is NUL-terminated.
 */
size_t	rewrite_format(const char *fmt, const struct acl_env *env, char *out,
	    size_t outsz);
/* Whether address SS is in network NET (same family only). */
bool	net_has(const struct net_conf *net, const struct sockaddr_storage *ss);

#endif
