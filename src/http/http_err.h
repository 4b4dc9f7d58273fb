/*
 * http_err: the responses hapx generates itself, byte for byte as HAProxy
 * 2.6 sends them (spec §8.1): the built-in error pages, a proxy's
 * "errorfile" / "errorloc" overrides, the 401 of "http-request auth", the
 * redirect of "redirect" rules and the replies of "http-request
 * deny|tarpit|return".  Writes into an evbuffer; no sockets, no policy
 * (which status to send, and whether to close, is the session's call).
 */
#ifndef HAPX_HTTP_ERR_H
#define HAPX_HTTP_ERR_H

#include <stdbool.h>

struct acl_env;
struct errorfile_conf;
struct evbuffer;
struct http_reply;
struct proxy_conf;

/* HAProxy's reason phrase for STATUS (http_get_reason): "Request
 * Time-out" for 408, "Found" for 302, a class name for unknown codes. */
const char	*http_err_reason(int status);
/* Whether hapx has a built-in page for STATUS (the §8.1 table plus 414
 * and 431); the others are answered with the 500 page, as HAProxy does. */
bool		 http_err_has_page(int status);
/* PX's errorfile/errorloc for STATUS, or NULL (also when PX is NULL).  A
 * session asks the backend first, then the frontend, as HAProxy does. */
const struct errorfile_conf *http_err_find(const struct proxy_conf *px,
		    int status);
/*
 * Write the response for STATUS into OUT: PX's errorfile as is (nothing
 * at all for an empty file: the caller just closes), its errorloc as a
 * 302/303, else the built-in page.  400, 408, 414 and 431 come from the
 * H1 layer in HAProxy: capitalised names and "Connection: close", always.
 * The others are sent through HTX: lower-case names, plus "connection:
 * close" when CLOSE.  Returns 0, or -1 if OUT could not grow.
 */
int		 http_err_write(struct evbuffer *out, int status,
		    const struct proxy_conf *px, bool close);
/* The built-in page only, whatever PX says. */
int		 http_err_write_builtin(struct evbuffer *out, int status,
		    bool close);
/* "http-request auth": 401 (407 when PROXY_AUTH) with the page of 401 and
 * WWW-Authenticate (Proxy-Authenticate): Basic realm="REALM". */
int		 http_err_write_auth(struct evbuffer *out, const char *realm,
		    bool proxy_auth, bool close);
/* A redirect: CODE (301 302 303 307 308) with LOCATION and, when COOKIE
 * is not NULL, a Set-Cookie header carrying it (see rewrite.h). */
int		 http_err_write_redirect(struct evbuffer *out, int code,
		    const char *location, const char *cookie, bool close);
/*
 * The reply of a deny, tarpit or return rule: the proxy's page for its
 * status (HTTP_BODY_DEFAULT, via http_err_write), an errorfile as is, or
 * a status line, the "hdr" headers (log-format, evaluated with ENV; empty
 * ones dropped), content-length and content-type, then the payload.
 */
int		 http_err_write_reply(struct evbuffer *out,
		    const struct http_reply *rp, const struct proxy_conf *px,
		    const struct acl_env *env, bool close);

#endif
