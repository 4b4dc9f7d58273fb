/*
 * http_err: the responses hapx writes itself, as HAProxy 2.6 puts them on
 * the wire (spec §8.1).  Two styles exist in 2.6 and both are reproduced:
 * the H1 multiplexer sends its canned 400/408 text verbatim (capitalised
 * names, "Connection: close"), while everything generated during stream
 * processing goes through HTX, which lower-cases header names and only
 * says "connection: close" when the connection is about to close.
 * This file formats bytes; it never decides what to answer, and it does
 * not touch sockets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "model/cfg_model.h"
#include "http/acl.h"
#include "http/http_err.h"
#include "http/fmt.h"

#define HE_FMT_MAX	16384	/* a log-format payload, as tune.bufsize */

/* One built-in page: "<html><body><h1>CODE TITLE</h1>\nMSG\n</body></html>\n",
 * with TITLE also on the status line.  H1: sent by the H1 layer. */
static const struct http_page {
	int		 status;
	const char	*title;
	const char	*msg;
	bool		 h1;
} http_pages[] = {
	{ 200, "OK", "Service ready.", false },
	{ 400, "Bad request", "Your browser sent an invalid request.", true },
	{ 401, "Unauthorized", "You need a valid user and password to access "
	    "this content.", false },
	{ 403, "Forbidden", "Request forbidden by administrative rules.",
	    false },
	{ 404, "Not Found", "The resource could not be found.", false },
	{ 405, "Method Not Allowed", "A request was made of a resource using a "
	    "request method not supported by that resource", false },
	{ 407, "Unauthorized", "You need a valid user and password to access "
	    "this content.", false },
	{ 408, "Request Time-out", "Your browser didn't send a complete "
	    "request in time.", true },
	{ 410, "Gone", "The resource is no longer available and will not be "
	    "available again.", false },
	{ 413, "Payload Too Large", "The request entity exceeds the maximum "
	    "allowed.", false },
	/* 414 and 431 are not in 2.6 (it answers 400); hapx's parser sends
	 * them, in the H1 style, with the messages of later HAProxy. */
	{ 414, "Request-URI Too Long", "The URI provided was too long for the "
	    "server to process.", true },
	{ 425, "Too Early", "Your browser sent early data.", false },
	{ 429, "Too Many Requests", "You have sent too many requests in a "
	    "given amount of time.", false },
	{ 431, "Request Header Fields Too Large", "Request Header Fields Too "
	    "Large.", true },
	{ 500, "Internal Server Error", "An internal server error occurred.",
	    false },
	/* sic: the leading dot is in HAProxy's page */
	{ 501, "Not Implemented", ".The server does not support the "
	    "functionality required to fulfill the request.", false },
	{ 502, "Bad Gateway", "The server returned an invalid or incomplete "
	    "response.", false },
	{ 503, "Service Unavailable", "No server is available to handle this "
	    "request.", false },
	{ 504, "Gateway Time-out", "The server didn't respond in time.",
	    false },
};
#define NPAGES	(sizeof(http_pages) / sizeof(http_pages[0]))

/* HAProxy's http_get_reason() table, as in 2.6. */
static const struct {
	int		 status;
	const char	*reason;
} http_reasons[] = {
	{ 100, "Continue" }, { 101, "Switching Protocols" },
	{ 102, "Processing" }, { 200, "OK" }, { 201, "Created" },
	{ 202, "Accepted" }, { 203, "Non-Authoritative Information" },
	{ 204, "No Content" }, { 205, "Reset Content" },
	{ 206, "Partial Content" }, { 207, "Multi-Status" },
	{ 210, "Content Different" }, { 226, "IM Used" },
	{ 300, "Multiple Choices" }, { 301, "Moved Permanently" },
	{ 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
	{ 305, "Use Proxy" }, { 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" }, { 310, "Too many Redirects" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" },
	{ 402, "Payment Required" }, { 403, "Forbidden" },
	{ 404, "Not Found" }, { 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" }, { 407, "Proxy Authentication Required" },
	{ 408, "Request Time-out" }, { 409, "Conflict" }, { 410, "Gone" },
	{ 411, "Length Required" }, { 412, "Precondition Failed" },
	{ 413, "Request Entity Too Large" }, { 414, "Request-URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 416, "Requested range unsatisfiable" },
	{ 417, "Expectation failed" }, { 418, "I'm a teapot" },
	{ 421, "Misdirected Request" }, { 422, "Unprocessable entity" },
	{ 423, "Locked" }, { 424, "Method failure" }, { 425, "Too Early" },
	{ 426, "Upgrade Required" }, { 428, "Precondition Required" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" }, { 449, "Retry With" },
	{ 450, "Blocked by Windows Parental Controls" },
	{ 451, "Unavailable For Legal Reasons" },
	{ 456, "Unrecoverable Error" },
	{ 499, "client has closed connection" },
	{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
	{ 502, "Bad Gateway or Proxy Error" }, { 503, "Service Unavailable" },
	{ 504, "Gateway Time-out" }, { 505, "HTTP Version not supported" },
	{ 506, "Variant also negociate" }, { 507, "Insufficient storage" },
	{ 508, "Loop detected" }, { 509, "Bandwidth Limit Exceeded" },
	{ 510, "Not extended" }, { 511, "Network authentication required" },
	{ 520, "Web server is returning an unknown error" },
};

/* HAProxy's http_get_reason(). */
const char *
http_err_reason(int status)
{
	static const char *const classes[] = { "Informational", "Success",
	    "Redirection", "Client Error", "Server Error" };
	size_t	i;

	for (i = 0; i < sizeof(http_reasons) / sizeof(http_reasons[0]); i++)
		if (http_reasons[i].status == status)
			return http_reasons[i].reason;
	if (status >= 100 && status <= 599)
		return classes[status / 100 - 1];
	return "Other";
}

static const struct http_page *
page_find(int status)
{
	size_t	i;

	for (i = 0; i < NPAGES; i++)
		if (http_pages[i].status == status)
			return &http_pages[i];
	return NULL;
}

/* Whether a built-in page exists for STATUS. */
bool
http_err_has_page(int status)
{
	return page_find(status) != NULL;
}

/* The errorfile or errorloc of PX for STATUS.  With CFG_LOAD_NO_FILES an
 * errorfile has no content: it is ignored, as if absent. */
const struct errorfile_conf *
http_err_find(const struct proxy_conf *px, int status)
{
	const struct errorfile_conf	*ef;
	unsigned			 i;

	if (px == NULL)
		return NULL;
	for (i = 0; i < px->errorfiles.n; i++) {
		ef = &px->errorfiles.v[i];
		if (ef->status != status)
			continue;
		if (ef->loc_code == 0 && ef->content == NULL)
			return NULL;
		return ef;
	}
	return NULL;
}

/* Write the built-in page for STATUS (the 500 one when there is none). */
int
http_err_write_builtin(struct evbuffer *out, int status, bool close)
{
	const struct http_page	*pg = page_find(status);
	char			 body[512];
	int			 n, rc;

	if (pg == NULL)
		pg = page_find(500);
	n = snprintf(body, sizeof(body), "<html><body><h1>%d %s</h1>\n%s\n"
	    "</body></html>\n", pg->status, pg->title, pg->msg);
	if (n < 0 || (size_t)n >= sizeof(body))
		return -1;
	if (pg->h1)
		rc = evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\n"
		    "Content-length: %d\r\nCache-Control: no-cache\r\n"
		    "Connection: close\r\nContent-Type: text/html\r\n\r\n%s",
		    pg->status, pg->title, n, body);
	else
		rc = evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\n"
		    "content-length: %d\r\ncache-control: no-cache\r\n"
		    "content-type: text/html\r\n%s\r\n%s", pg->status,
		    pg->title, n, close ? "connection: close\r\n" : "", body);
	return rc < 0 ? -1 : 0;
}

/* "errorloc" and "errorloc303": the 2.6 text of HTTP_302/HTTP_303, which
 * goes through HTX (lower-case names). */
static int
errorloc_write(struct evbuffer *out, const struct errorfile_conf *ef,
    bool close)
{
	int	code = ef->loc_code == 303 ? 303 : 302;

	return evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\n"
	    "cache-control: no-cache\r\ncontent-length: 0\r\nlocation: %s\r\n"
	    "%s\r\n", code, code == 303 ? "See Other" : "Found", ef->path,
	    close ? "connection: close\r\n" : "") < 0 ? -1 : 0;
}

/* The proxy's page for STATUS, else the built-in one.  An errorfile is
 * sent as written (HAProxy 2.6 re-encodes it through HTX; hapx keeps the
 * bytes the administrator wrote, which is what 1.5 did). */
int
http_err_write(struct evbuffer *out, int status, const struct proxy_conf *px,
    bool close)
{
	const struct errorfile_conf	*ef = http_err_find(px, status);

	if (ef == NULL)
		return http_err_write_builtin(out, status, close);
	if (ef->loc_code != 0)
		return errorloc_write(out, ef, close);
	return evbuffer_add(out, ef->content, ef->content_len);
}

/* 2.6 http_reply_40x_unauthorized(): a HTX response, so lower-case. */
int
http_err_write_auth(struct evbuffer *out, const char *realm, bool proxy_auth,
    bool close)
{
	const struct http_page	*pg = page_find(proxy_auth ? 407 : 401);

	return evbuffer_add_printf(out, "HTTP/1.1 %d Unauthorized\r\n"
	    "content-length: 112\r\ncache-control: no-cache\r\n"
	    "content-type: text/html\r\n%s: Basic realm=\"%s\"\r\n%s\r\n"
	    "<html><body><h1>%d Unauthorized</h1>\n%s\n</body></html>\n",
	    pg->status, proxy_auth ? "proxy-authenticate" : "www-authenticate",
	    realm ? realm : "", close ? "connection: close\r\n" : "",
	    pg->status, pg->msg) < 0 ? -1 : 0;
}

/* 2.6 http_apply_redirect_rule(): content-length, location,
 * cache-control (302, 303 and 307 only: the temporary ones must not be
 * cached), set-cookie, in that order; "connection: close" comes last, as
 * the H1 mux appends it at the end of the head. */
int
http_err_write_redirect(struct evbuffer *out, int code, const char *location,
    const char *cookie, bool close)
{
	const char	*reason;

	switch (code) {
	case 301: reason = "Moved Permanently"; break;
	case 303: reason = "See Other"; break;
	case 307: reason = "Temporary Redirect"; break;
	case 308: reason = "Permanent Redirect"; break;
	default: code = 302; reason = "Found"; break;
	}
	if (evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\ncontent-length: 0\r\n"
	    "location: %s\r\n%s", code, reason, location ? location : "",
	    code == 302 || code == 303 || code == 307 ?
	    "cache-control: no-cache\r\n" : "") < 0)
		return -1;
	if (cookie != NULL &&
	    evbuffer_add_printf(out, "set-cookie: %s\r\n", cookie) < 0)
		return -1;
	return evbuffer_add_printf(out, "%s\r\n", close ?
	    "connection: close\r\n" : "") < 0 ? -1 : 0;
}

/* The payload of a reply into *BODY / *LEN; *FREEME is set when it was
 * allocated (log-format).  Returns -1 on allocation failure. */
static int
reply_payload(const struct http_reply *rp, const struct acl_env *env,
    const char **body, size_t *len, char **freeme)
{
	const char	*fmt = rp->text;
	char		*buf;
	size_t		 n;

	*body = NULL;
	*len = 0;
	*freeme = NULL;
	switch (rp->body) {
	case HTTP_BODY_STRING:
		*body = rp->text;
		*len = rp->text ? strlen(rp->text) : 0;
		return 0;
	case HTTP_BODY_FILE:
		*body = rp->data;
		*len = rp->data ? rp->len : 0;
		return 0;
	case HTTP_BODY_LF_FILE:
	case HTTP_BODY_LF_STRING:
		/* The file's content is not NUL-terminated: its length. */
		if (rp->body == HTTP_BODY_LF_FILE) {
			fmt = rp->data;
			n = rp->len;
		} else
			n = fmt != NULL ? strlen(fmt) : 0;
		if (fmt == NULL)
			return 0;
		if ((buf = malloc(HE_FMT_MAX)) == NULL)
			return -1;
		*len = fmt_expand_n(acl_prep_fmt_of(env, fmt), fmt, n, env,
		    buf, HE_FMT_MAX);
		*body = *freeme = buf;
		return 0;
	default:
		return 0;
	}
}

/* The "hdr NAME FMT" lines of a reply, lower-cased as HTX does; a header
 * whose value comes out empty is not sent (http_reply_to_htx). */
static int
reply_hdrs(struct evbuffer *out, const struct http_reply *rp,
    const struct acl_env *env)
{
	char		 val[HE_FMT_MAX / 4], name[256];
	const char	*n;
	size_t		 len, k;
	unsigned	 i;

	for (i = 0; i < rp->hdrs.n; i++) {
		len = fmt_expand(acl_prep_fmt_of(env, rp->hdrs.v[i].value),
		    rp->hdrs.v[i].value, env, val, sizeof(val));
		if (len == 0)
			continue;
		n = rp->hdrs.v[i].name;
		for (k = 0; n[k] != '\0' && k < sizeof(name) - 1; k++)
			name[k] = (char)tolower((unsigned char)n[k]);
		name[k] = '\0';
		if (evbuffer_add_printf(out, "%s: %s\r\n", name, val) < 0)
			return -1;
	}
	return 0;
}

/* http_reply_to_htx() of 2.6. */
int
http_err_write_reply(struct evbuffer *out, const struct http_reply *rp,
    const struct proxy_conf *px, const struct acl_env *env, bool close)
{
	const char	*body;
	size_t		 len;
	char		*freeme;
	int		 rc = -1;

	if (rp->body == HTTP_BODY_DEFAULT ||
	    (rp->body == HTTP_BODY_ERRORFILE && rp->data == NULL))
		return http_err_write(out, rp->status, px, close);
	if (rp->body == HTTP_BODY_ERRORFILE)
		return evbuffer_add(out, rp->data, rp->len);
	if (reply_payload(rp, env, &body, &len, &freeme) < 0)
		return -1;
	if (evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\n", rp->status,
	    http_err_reason(rp->status)) < 0 || reply_hdrs(out, rp, env) < 0 ||
	    evbuffer_add_printf(out, "content-length: %zu\r\n", len) < 0)
		goto done;
	if (len > 0 && rp->content_type != NULL && evbuffer_add_printf(out,
	    "content-type: %s\r\n", rp->content_type) < 0)
		goto done;
	if (evbuffer_add_printf(out, "%s\r\n", close ? "connection: close\r\n" :
	    "") < 0 || (len > 0 && evbuffer_add(out, body, len) < 0))
		goto done;
	rc = 0;
done:
	free(freeme);
	return rc;
}
