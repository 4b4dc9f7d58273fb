/*
 * check_rewrite: rewrite.c and http_err.c on real config text.  Each row
 * is a proxy's rules, a head as it came from the wire, and what the head
 * must look like afterwards (serialized by http1) or the verdict.  The
 * 1.5 rows follow spec §5.2-5.3; the article's reqrep is the first one.
 * Conditions use the ACLs "yes" (always_true) and "no" (always_false),
 * evaluated by the real acl module.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "http/acl.h"
#include "cfg/cfg_load.h"
#include "model/cfg_model.h"
#include "http/http1.h"
#include "http/http_err.h"
#include "http/rewrite.h"
#include "engine/engine_types.h"

#include "tst_prep.h"

#include "base/nitems.h"

/* ------------------------------------------------------------------ */
/* Helpers */

#define PX_HEAD	"listen l\n  bind 127.0.0.1:8080\n  mode http\n" \
	"  timeout client 5s\n  timeout connect 5s\n  timeout server 5s\n" \
	"  acl yes always_true\n  acl no always_false\n"
#define PX_TAIL	"  server s 127.0.0.1:81\n"

struct fixture {
	struct config		*cfg;
	const struct proxy_conf	*px;
	struct diag		 d;
	struct http_head	 h;
	struct sockaddr_storage	 src, dst;
	struct acl_env		 env;
	struct rw_result	 out;
};

/* Load PX_HEAD + BODY + PX_TAIL; fails the test with the first message. */
static void
fx_load(struct fixture *fx, const char *body, unsigned flags)
{
	char	cfg[4096];

	memset(fx, 0, sizeof(*fx));
	snprintf(cfg, sizeof(cfg), "%s%s%s", PX_HEAD, body, PX_TAIL);
	diag_init(&fx->d);
	fx->cfg = cfg_load_buf("t.cfg", cfg, strlen(cfg),
	    CFG_LOAD_NO_RESOLVE | flags, &fx->d);
	ck_assert_msg(fx->cfg != NULL, "config rejected: %s\n%s",
	    fx->d.nmsgs ? fx->d.msgs[0].msg : "?", body);
	fx->px = config_find_proxy(fx->cfg, "l", CFG_CAP_FE);
	ck_assert_ptr_nonnull(fx->px);
	ck_assert_int_eq(tprepare(fx->cfg), 0);
}

static void
fx_addr(struct sockaddr_storage *ss, const char *ip, unsigned port)
{
	struct sockaddr_in	*in = (void *)ss;
	struct sockaddr_in6	*in6 = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (strchr(ip, ':') != NULL) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		ck_assert_int_eq(inet_pton(AF_INET6, ip, &in6->sin6_addr), 1);
	} else {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		ck_assert_int_eq(inet_pton(AF_INET, ip, &in->sin_addr), 1);
	}
}

/* Parse TEXT (a request or response head) into fx->h; set up ENV. */
static void
fx_head(struct fixture *fx, const char *text, bool request)
{
	struct http1_msg	m;
	int			rc;

	http1_msg_setup(&m, 0);
	if (request)
		rc = http1_parse_request(&m, text, strlen(text), 16384);
	else
		rc = http1_parse_response(&m, text, strlen(text), 16384,
		    false);
	ck_assert_msg(rc == HTTP1_DONE, "head not parsed (%s): %s",
	    http1_err_str(m.err), text);
	ck_assert_int_eq(http_head_from_msg(&fx->h, &m, request), 0);
	fx_addr(&fx->src, "192.0.2.7", 5555);
	fx_addr(&fx->dst, "198.51.100.1", 8080);
	fx->env.src = &fx->src;
	fx->env.dst = &fx->dst;
	fx->env.srv_id = -1;
	fx->env.eng = &tst_eng;
	if (request)
		fx->env.req = &fx->h;
	else
		fx->env.res = &fx->h;
}

/* The head as http1 sends it, NUL-terminated; the caller frees. */
static char *
fx_dump(const struct http_head *h)
{
	struct evbuffer	*b = evbuffer_new();
	size_t		 n;
	char		*s;

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(http1_write_head(b, h), 0);
	n = evbuffer_get_length(b);
	s = malloc(n + 1);
	ck_assert_ptr_nonnull(s);
	evbuffer_remove(b, s, n);
	s[n] = '\0';
	evbuffer_free(b);
	return s;
}

static void
fx_free(struct fixture *fx)
{
	trelease();
	rw_result_clear(&fx->out);
	http_head_clear(&fx->h);
	config_free(fx->cfg);
	diag_clear(&fx->d);
}

/* Bytes written by F into a fresh evbuffer, NUL-terminated. */
static char *
buf_text(struct evbuffer *b)
{
	size_t	 n = evbuffer_get_length(b);
	char	*s = malloc(n + 1);

	ck_assert_ptr_nonnull(s);
	evbuffer_remove(b, s, n);
	s[n] = '\0';
	return s;
}

/* ------------------------------------------------------------------ */
/* Requests */

#define GET_SPARK "GET /spark/static/app.css HTTP/1.1\r\nHost: mgmt\r\n" \
	"Referer: http://mgmt/spark/\r\n\r\n"

static const struct {
	const char	*cfg;
	const char	*req;
	enum rw_verdict	 verdict;
	int		 status;
	const char	*want;		/* head afterwards; NULL: not checked */
	const char	*loc;		/* RW_REDIRECT Location */
} req_cases[] = {
	/* The article: the request line is rewritten, and because the rule
	 * matched there, the Referer header is not even tried. */
	{ "  reqrep  ^([^\\ :]*)\\ /spark\\/(.*)  \\1\\ /\\2\n", GET_SPARK,
	    RW_CONTINUE, 0, "GET /static/app.css HTTP/1.1\r\nHost: mgmt\r\n"
	    "Referer: http://mgmt/spark/\r\n\r\n", NULL },
	/* ... and a request line it does not match stays as it was. */
	{ "  reqrep  ^([^\\ :]*)\\ /spark\\/(.*)  \\1\\ /\\2\n",
	    "GET /other HTTP/1.1\r\nReferer: http://mgmt/spark/\r\n\r\n",
	    RW_CONTINUE, 0, "GET /other HTTP/1.1\r\n"
	    "Referer: http://mgmt/spark/\r\n\r\n", NULL },
	/* The whole line is replaced: text outside the match is lost. */
	{ "  reqirep ^Host:\\ www.example.com Host:\\ www\n",
	    "GET / HTTP/1.1\r\nhost: www.example.com.evil\r\nX: y\r\n\r\n",
	    RW_CONTINUE, 0, "GET / HTTP/1.1\r\nHost: www\r\nX: y\r\n\r\n",
	    NULL },
	/* reqrep (case-sensitive) misses the lower-case name. */
	{ "  reqrep ^Host:\\ www.example.com Host:\\ www\n",
	    "GET / HTTP/1.1\r\nhost: www.example.com\r\n\r\n",
	    RW_CONTINUE, 0, "GET / HTTP/1.1\r\nhost: www.example.com\r\n\r\n",
	    NULL },
	/* Every matching header is rewritten, the others kept in place. */
	{ "  reqrep ^X-A:\\ (.*) X-B:\\ \\1\n",
	    "GET / HTTP/1.1\r\nX-A: 1\r\nY: 2\r\nX-A: 3\r\n\r\n",
	    RW_CONTINUE, 0, "GET / HTTP/1.1\r\nX-B: 1\r\nY: 2\r\nX-B: 3\r\n"
	    "\r\n", NULL },
	/* reqdel: all matching headers, never the request line. */
	{ "  reqidel ^x-forwarded-for:\n  reqdel ^GET\n",
	    "GET / HTTP/1.1\r\nX-Forwarded-For: 1.2.3.4\r\nHost: a\r\n"
	    "x-forwarded-for: 5.6.7.8\r\n\r\n",
	    RW_CONTINUE, 0, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", NULL },
	/* reqadd comes after every other req* filter, whatever the order
	 * in the file, and in its own order. */
	{ "  reqadd X-A:\\ 1\n  reqadd X-C:\\ 3\n  reqrep ^X-A:.* X-A:\\ 2\n",
	    "GET / HTTP/1.1\r\nHost: a\r\nX-A: 0\r\n\r\n",
	    RW_CONTINUE, 0, "GET / HTTP/1.1\r\nHost: a\r\nX-A: 2\r\nX-A: 1\r\n"
	    "X-C: 3\r\n\r\n", NULL },
	{ "  reqadd X-A:\\ 1 if no\n  reqadd X-B:\\ 2 if yes\n",
	    "GET / HTTP/1.1\r\n\r\n", RW_CONTINUE, 0,
	    "GET / HTTP/1.1\r\nX-B: 2\r\n\r\n", NULL },
	/* reqdeny on any line: 403. */
	{ "  reqideny ^User-Agent:.*curl\n",
	    "GET / HTTP/1.1\r\nUser-Agent: curl/8.0\r\n\r\n", RW_DENY, 403,
	    NULL, NULL },
	{ "  reqideny ^User-Agent:.*curl\n",
	    "GET / HTTP/1.1\r\nUser-Agent: wget\r\n\r\n", RW_CONTINUE, 0,
	    NULL, NULL },
	{ "  reqdeny ^DELETE\n", "DELETE /x HTTP/1.1\r\n\r\n", RW_DENY, 403,
	    NULL, NULL },
	/* After an allow, verdict filters are skipped, rewrites still run. */
	{ "  reqallow ^Host:\\ ok\n  reqdeny .\n  reqrep ^Host:.* Host:\\ b\n",
	    "GET / HTTP/1.1\r\nHost: ok\r\n\r\n", RW_CONTINUE, 0,
	    "GET / HTTP/1.1\r\nHost: b\r\n\r\n", NULL },
	{ "  reqpass ^Host:\\ ok\n  reqdeny .\n",
	    "GET / HTTP/1.1\r\nHost: ok\r\n\r\n", RW_CONTINUE, 0, NULL, NULL },
	/* A deny stops the filters: the rewrite after it does not run. */
	{ "  reqdeny ^Host:\\ bad\n  reqrep ^Host:.* Host:\\ b\n",
	    "GET / HTTP/1.1\r\nHost: bad\r\n\r\n", RW_DENY, 403,
	    "GET / HTTP/1.1\r\nHost: bad\r\n\r\n", NULL },
	{ "  reqitarpit ^X-Scan:\n", "GET / HTTP/1.1\r\nx-scan: 1\r\n\r\n",
	    RW_TARPIT, 500, NULL, NULL },
	/* Conditions are per rule. */
	{ "  reqrep ^X-A:.* X-A:\\ b if no\n  reqrep ^X-C:.* X-C:\\ d if yes\n",
	    "GET / HTTP/1.1\r\nX-A: a\r\nX-C: c\r\n\r\n", RW_CONTINUE, 0,
	    "GET / HTTP/1.1\r\nX-A: a\r\nX-C: d\r\n\r\n", NULL },
	/* block runs first, before http-request rules. */
	{ "  block if yes\n", "GET / HTTP/1.1\r\n\r\n", RW_DENY, 403, NULL,
	    NULL },
	{ "  block if no\n  block unless yes\n", "GET / HTTP/1.1\r\n\r\n",
	    RW_CONTINUE, 0, NULL, NULL },
	{ "  http-request allow\n  block if yes\n", "GET / HTTP/1.1\r\n\r\n",
	    RW_DENY, 403, NULL, NULL },
	/* http-request allow ends the http-request rules only: 1.5's req*
	 * filters still run after it. */
	{ "  http-request allow\n  http-request deny\n  reqdeny ^GET\n",
	    "GET / HTTP/1.1\r\n\r\n", RW_DENY, 403, NULL, NULL },
	{ "  http-request allow\n  http-request deny\n",
	    "GET / HTTP/1.1\r\n\r\n", RW_CONTINUE, 0, NULL, NULL },
	{ "  http-request deny deny_status 429 if yes\n",
	    "GET / HTTP/1.1\r\n\r\n", RW_DENY, 429, NULL, NULL },
	{ "  http-request tarpit\n", "GET / HTTP/1.1\r\n\r\n", RW_TARPIT,
	    500, NULL, NULL },
	/* http-request rules run before reqrep. */
	{ "  http-request set-path /old/z\n"
	    "  reqrep ^(GET)\\ /old(.*) \\1\\ /new\\2\n",
	    "GET /x HTTP/1.1\r\n\r\n", RW_CONTINUE, 0,
	    "GET /new/z HTTP/1.1\r\n\r\n", NULL },
	/* A rewritten request line that no longer parses: 400. */
	{ "  reqrep ^GET.* BAD\n", "GET / HTTP/1.1\r\n\r\n", RW_BAD_REQUEST,
	    400, NULL, NULL },
	/* A rewritten header that is not "Name: value": 400 too. */
	{ "  reqrep ^X-A:.* X\\ A\n", "GET / HTTP/1.1\r\nX-A: 1\r\n\r\n",
	    RW_BAD_REQUEST, 400, NULL, NULL },
	/* CR LF in the replacement makes two indexed lines; an empty result
	 * deletes the line instead of ending the head early. */
	{ "  reqirep ^(Host:.*) \\1\\x0d\\x0aX-Added:\\ yes\n"
	    "  reqrep ^X-Gone:.* \\x0d\\x0a\n",
	    "GET / HTTP/1.1\r\nHost: a\r\nX-Gone: 1\r\nZ: z\r\n\r\n",
	    RW_CONTINUE, 0, "GET / HTTP/1.1\r\nHost: a\r\nX-Added: yes\r\n"
	    "Z: z\r\n\r\n", NULL },
	{ "  reqrep ^(GET\\ /\\ HTTP/1.1) \\1\\r\\nX-First:\\ 1\n",
	    "GET / HTTP/1.1\r\nHost: a\r\n\r\n", RW_CONTINUE, 0,
	    "GET / HTTP/1.1\r\nX-First: 1\r\nHost: a\r\n\r\n", NULL },
	/* http-request header actions, with log-format values. */
	{ "  http-request set-header X-Client %[src]\n"
	    "  http-request add-header X-Conn %ci:%cp->%fi:%fp\n",
	    "GET / HTTP/1.1\r\nX-Client: forged\r\nHost: a\r\n\r\n",
	    RW_CONTINUE, 0, "GET / HTTP/1.1\r\nHost: a\r\n"
	    "X-Client: 192.0.2.7\r\nX-Conn: 192.0.2.7:5555->198.51.100.1:8080"
	    "\r\n\r\n", NULL },
	{ "  http-request set-header X-Host %[hdr(host)]\n"
	    "  http-request del-header host\n",
	    "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n", RW_CONTINUE, 0,
	    "GET / HTTP/1.1\r\nX-Host: a.example\r\n\r\n", NULL },
	{ "  http-request del-header x-f -m beg\n",
	    "GET / HTTP/1.1\r\nX-Foo: 1\r\nA: 2\r\nx-fa: 3\r\n\r\n",
	    RW_CONTINUE, 0, "GET / HTTP/1.1\r\nA: 2\r\n\r\n", NULL },
	{ "  http-request replace-header X-T ^a b\n",
	    "GET / HTTP/1.1\r\nX-T: abc, axy\r\n\r\n", RW_CONTINUE, 0,
	    "GET / HTTP/1.1\r\nX-T: b\r\n\r\n", NULL },
	{ "  http-request replace-value X-T ^a b\n",
	    "GET / HTTP/1.1\r\nX-T: abc, axy\r\n\r\n", RW_CONTINUE, 0,
	    "GET / HTTP/1.1\r\nX-T: b,b\r\n\r\n", NULL },
	{ "  http-request replace-value X-T ^a(.*) <\\1>\n",
	    "GET / HTTP/1.1\r\nX-T: zz,  abc ,x\r\n\r\n", RW_CONTINUE, 0,
	    "GET / HTTP/1.1\r\nX-T: zz,<bc>,x\r\n\r\n", NULL },
	/* URI actions: the query is preserved by the path ones. */
	{ "  http-request replace-path ^/foo(.*) /bar\\1\n",
	    "GET /foo/x?q=1 HTTP/1.1\r\n\r\n", RW_CONTINUE, 0,
	    "GET /bar/x?q=1 HTTP/1.1\r\n\r\n", NULL },
	{ "  http-request replace-path ^/foo /bar\n",
	    "GET http://h/foo/x?q=1 HTTP/1.1\r\n\r\n", RW_CONTINUE, 0,
	    "GET http://h/bar?q=1 HTTP/1.1\r\n\r\n", NULL },
	{ "  http-request replace-uri ^/u(.*) /v\\1\n",
	    "GET /uzz?k HTTP/1.1\r\n\r\n", RW_CONTINUE, 0,
	    "GET /vzz?k HTTP/1.1\r\n\r\n", NULL },
	{ "  http-request replace-pathq ^/a\\?b=(.*) /c?d=\\1\n",
	    "GET /a?b=1 HTTP/1.1\r\n\r\n", RW_CONTINUE, 0,
	    "GET /c?d=1 HTTP/1.1\r\n\r\n", NULL },
	{ "  http-request set-query x=%[src]\n  http-request set-method PUT\n",
	    "GET /p HTTP/1.1\r\n\r\n", RW_CONTINUE, 0,
	    "PUT /p?x=192.0.2.7 HTTP/1.1\r\n\r\n", NULL },
	{ "  http-request set-query %[hdr(nothere)]\n",
	    "GET /p?old HTTP/1.1\r\n\r\n", RW_CONTINUE, 0,
	    "GET /p? HTTP/1.1\r\n\r\n", NULL },
	{ "  http-request set-uri /new?a=b\n", "GET /old HTTP/1.0\r\n\r\n",
	    RW_CONTINUE, 0, "GET /new?a=b HTTP/1.0\r\n\r\n", NULL },
	/* A set-path that breaks the request line fails the rewrite:
	 * 500 under strict-mode (the default), ignored when off. */
	{ "  http-request set-path /a\\ b\n", "GET / HTTP/1.1\r\n\r\n",
	    RW_ERROR, 500, NULL, NULL },
	{ "  http-request strict-mode off\n  http-request set-path /a\\ b\n",
	    "GET / HTTP/1.1\r\n\r\n", RW_CONTINUE, 0,
	    "GET / HTTP/1.1\r\n\r\n", NULL },
	/* Verdicts of the 2.x actions. */
	{ "  http-request auth realm Admins\n", "GET / HTTP/1.1\r\n\r\n",
	    RW_AUTH, 401, NULL, NULL },
	{ "  http-request return status 204\n", "GET / HTTP/1.1\r\n\r\n",
	    RW_RETURN, 204, NULL, NULL },
	{ "  http-request reject\n", "GET / HTTP/1.1\r\n\r\n", RW_REJECT, 0,
	    NULL, NULL },
	{ "  http-request use-service prometheus-exporter\n",
	    "GET /metrics HTTP/1.1\r\n\r\n", RW_SERVICE, 200, NULL, NULL },
	/* Redirects: the "redirect" rules run last. */
	{ "  redirect prefix https://new.example.com drop-query\n",
	    "GET /a/b?x=1 HTTP/1.1\r\nHost: old\r\n\r\n", RW_REDIRECT, 302,
	    NULL, "https://new.example.com/a/b" },
	{ "  redirect prefix https://new.example.com code 301\n",
	    "GET /a/b?x=1 HTTP/1.1\r\n\r\n", RW_REDIRECT, 301,
	    NULL, "https://new.example.com/a/b?x=1" },
	{ "  redirect prefix / append-slash drop-query\n",
	    "GET /dir?x HTTP/1.1\r\n\r\n", RW_REDIRECT, 302, NULL, "/dir/" },
	{ "  http-request redirect scheme https if yes\n",
	    "GET /p?q HTTP/1.1\r\nHost: www.example.com\r\n\r\n",
	    RW_REDIRECT, 302, NULL, "https://www.example.com/p?q" },
	{ "  http-request redirect location /login?from=%[src] code 303\n",
	    "GET /p HTTP/1.1\r\n\r\n", RW_REDIRECT, 303, NULL,
	    "/login?from=192.0.2.7" },
	{ "  redirect location /x if no\n  redirect location /y\n"
	    "  reqdeny ^GET\n", "GET / HTTP/1.1\r\n\r\n", RW_DENY, 403,
	    NULL, NULL },
	{ "  redirect location /x if no\n  redirect location /y\n",
	    "GET / HTTP/1.1\r\n\r\n", RW_REDIRECT, 302, NULL, "/y" },
};

START_TEST(test_request)
{
	struct fixture	 fx;
	char		*got;

	fx_load(&fx, req_cases[_i].cfg, 0);
	fx_head(&fx, req_cases[_i].req, true);
	rewrite_request(fx.px, &fx.h, &fx.env, &fx.out);
	ck_assert_msg(fx.out.verdict == req_cases[_i].verdict &&
	    fx.out.status == req_cases[_i].status,
	    "row %d: verdict %d status %d, want %d %d\n%s", _i,
	    fx.out.verdict, fx.out.status, req_cases[_i].verdict,
	    req_cases[_i].status, req_cases[_i].cfg);
	if (req_cases[_i].want != NULL) {
		got = fx_dump(&fx.h);
		ck_assert_msg(strcmp(got, req_cases[_i].want) == 0,
		    "row %d:\n%s--- got:\n%s--- want:\n%s", _i,
		    req_cases[_i].cfg, got, req_cases[_i].want);
		free(got);
	}
	if (req_cases[_i].loc != NULL)
		ck_assert_str_eq(fx.out.location, req_cases[_i].loc);
	fx_free(&fx);
}
END_TEST

/* The rule that decided, its realm and cookies. */
START_TEST(test_request_details)
{
	struct fixture	fx;

	fx_load(&fx, "  http-request auth realm Admins\n", 0);
	fx_head(&fx, "GET / HTTP/1.1\r\n\r\n", true);
	rewrite_request(fx.px, &fx.h, &fx.env, &fx.out);
	ck_assert_str_eq(fx.out.realm, "Admins");
	ck_assert_ptr_nonnull(fx.out.rule);
	ck_assert_int_eq(fx.out.rule->act, HTTP_ACT_AUTH);
	fx_free(&fx);

	fx_load(&fx, "  http-request auth\n", 0);
	fx_head(&fx, "GET / HTTP/1.1\r\n\r\n", true);
	rewrite_request(fx.px, &fx.h, &fx.env, &fx.out);
	ck_assert_str_eq(fx.out.realm, "l");
	fx_free(&fx);

	fx_load(&fx, "  redirect location /in set-cookie SEEN=1\n", 0);
	fx_head(&fx, "GET / HTTP/1.1\r\n\r\n", true);
	rewrite_request(fx.px, &fx.h, &fx.env, &fx.out);
	ck_assert_str_eq(fx.out.cookie, "SEEN=1; path=/;");
	ck_assert_ptr_null(fx.out.rule);
	fx_free(&fx);

	fx_load(&fx, "  http-request redirect location /out "
	    "clear-cookie SEEN=\n", 0);
	fx_head(&fx, "GET / HTTP/1.1\r\n\r\n", true);
	rewrite_request(fx.px, &fx.h, &fx.env, &fx.out);
	ck_assert_str_eq(fx.out.cookie, "SEEN=; path=/; Max-Age=0;");
	fx_free(&fx);

	fx_load(&fx, "  http-request capture hdr(host) len 3\n"
	    "  http-request set-log-level silent\n"
	    "  http-request disable-l7-retry\n", 0);
	fx_head(&fx, "GET / HTTP/1.1\r\nHost: abcdef\r\n\r\n", true);
	rewrite_request(fx.px, &fx.h, &fx.env, &fx.out);
	ck_assert_uint_eq(fx.out.ncaptures, 1);
	ck_assert_str_eq(fx.out.captures[0].value, "abc");
	ck_assert_int_eq(fx.out.log_level, -1);
	ck_assert(fx.out.no_l7_retry);
	fx_free(&fx);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Responses */

static const struct {
	const char	*cfg;
	const char	*res;
	enum rw_verdict	 verdict;
	int		 status;
	const char	*want;
	int		 want_status;	/* head status afterwards */
} res_cases[] = {
	{ "  rsprep ^HTTP/1\\.1\\ 200\\ (.*) HTTP/1.1\\ 200\\ Great\n",
	    "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n", RW_CONTINUE, 0,
	    "HTTP/1.1 200 Great\r\nServer: x\r\n\r\n", 200 },
	/* The status is read again from the rewritten line. */
	{ "  rsprep ^HTTP/1.1\\ 404(.*) HTTP/1.1\\ 410\\ Gone\n",
	    "HTTP/1.1 404 Not Found\r\n\r\n", RW_CONTINUE, 0,
	    "HTTP/1.1 410 Gone\r\n\r\n", 410 },
	{ "  rsprep ^HTTP.* garbage\n", "HTTP/1.1 200 OK\r\n\r\n",
	    RW_BAD_RESPONSE, 502, NULL, 200 },
	{ "  rspidel ^server:\n  rspdel ^HTTP\n",
	    "HTTP/1.1 200 OK\r\nServer: apache\r\nA: b\r\nSERVER: x\r\n\r\n",
	    RW_CONTINUE, 0, "HTTP/1.1 200 OK\r\nA: b\r\n\r\n", 200 },
	{ "  rspadd X-Frame-Options:\\ DENY\n",
	    "HTTP/1.1 200 OK\r\nA: b\r\n\r\n", RW_CONTINUE, 0,
	    "HTTP/1.1 200 OK\r\nA: b\r\nX-Frame-Options: DENY\r\n\r\n", 200 },
	/* not on 1xx */
	{ "  rspadd X-Frame-Options:\\ DENY\n",
	    "HTTP/1.1 100 Continue\r\n\r\n", RW_CONTINUE, 0,
	    "HTTP/1.1 100 Continue\r\n\r\n", 100 },
	{ "  rspideny ^Server:.*IIS\n",
	    "HTTP/1.1 200 OK\r\nServer: Microsoft-IIS/8\r\n\r\n",
	    RW_BAD_RESPONSE, 502, NULL, 200 },
	/* http-response runs before rsp* in 1.5. */
	{ "  http-response set-header X-A 1\n  rsprep ^X-A:.* X-A:\\ 2\n",
	    "HTTP/1.1 200 OK\r\n\r\n", RW_CONTINUE, 0,
	    "HTTP/1.1 200 OK\r\nX-A: 2\r\n\r\n", 200 },
	{ "  http-response set-status 503\n", "HTTP/1.1 200 OK\r\n\r\n",
	    RW_CONTINUE, 0, "HTTP/1.1 503 Service Unavailable\r\n\r\n", 503 },
	{ "  http-response set-status 299 reason \"Very Fine\"\n",
	    "HTTP/1.0 200 OK\r\n\r\n", RW_CONTINUE, 0,
	    "HTTP/1.0 299 Very Fine\r\n\r\n", 299 },
	{ "  http-response deny\n  rspadd X-A:\\ 1\n",
	    "HTTP/1.1 200 OK\r\n\r\n", RW_DENY, 502,
	    "HTTP/1.1 200 OK\r\n\r\n", 200 },
	{ "  http-response del-header server\n"
	    "  http-response replace-value Cache-Control ^max-age=.* "
	    "max-age=60\n",
	    "HTTP/1.1 200 OK\r\nServer: x\r\n"
	    "Cache-Control: public, max-age=3600\r\n\r\n", RW_CONTINUE, 0,
	    "HTTP/1.1 200 OK\r\nCache-Control: public,max-age=60\r\n\r\n",
	    200 },
};

START_TEST(test_response)
{
	struct fixture	 fx;
	char		*got;

	fx_load(&fx, res_cases[_i].cfg, 0);
	fx_head(&fx, res_cases[_i].res, false);
	rewrite_response(fx.px, &fx.h, &fx.env, &fx.out);
	ck_assert_msg(fx.out.verdict == res_cases[_i].verdict &&
	    fx.out.status == res_cases[_i].status,
	    "row %d: verdict %d status %d\n%s", _i, fx.out.verdict,
	    fx.out.status, res_cases[_i].cfg);
	if (res_cases[_i].want != NULL) {
		got = fx_dump(&fx.h);
		ck_assert_msg(strcmp(got, res_cases[_i].want) == 0,
		    "row %d:\n%s--- got:\n%s--- want:\n%s", _i,
		    res_cases[_i].cfg, got, res_cases[_i].want);
		free(got);
	}
	ck_assert_int_eq(fx.h.status, res_cases[_i].want_status);
	fx_free(&fx);
}
END_TEST

START_TEST(test_after_response)
{
	struct fixture	 fx;
	char		*got;

	fx_load(&fx, "  http-after-response set-header X-Via hapx\n", 0);
	fx_head(&fx, "HTTP/1.1 503 Service Unavailable\r\n\r\n", false);
	rewrite_after_response(fx.px, &fx.h, &fx.env);
	got = fx_dump(&fx.h);
	ck_assert_str_eq(got, "HTTP/1.1 503 Service Unavailable\r\n"
	    "X-Via: hapx\r\n\r\n");
	free(got);
	fx_free(&fx);
}
END_TEST

/* ------------------------------------------------------------------ */
/* forwardfor */

static const struct {
	const char	*cfg;
	const char	*src;
	const char	*req;
	const char	*want;
} fwd_cases[] = {
	{ "  option forwardfor\n", "192.0.2.7",
	    "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
	    "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 192.0.2.7\r\n\r\n" },
	/* an existing header is kept, the new one appended */
	{ "  option forwardfor\n", "192.0.2.7",
	    "GET / HTTP/1.1\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n",
	    "GET / HTTP/1.1\r\nX-Forwarded-For: 10.0.0.1\r\n"
	    "X-Forwarded-For: 192.0.2.7\r\n\r\n" },
	{ "  option forwardfor if-none\n", "192.0.2.7",
	    "GET / HTTP/1.1\r\nx-forwarded-for: 10.0.0.1\r\n\r\n",
	    "GET / HTTP/1.1\r\nx-forwarded-for: 10.0.0.1\r\n\r\n" },
	{ "  option forwardfor if-none\n", "192.0.2.7",
	    "GET / HTTP/1.1\r\n\r\n",
	    "GET / HTTP/1.1\r\nX-Forwarded-For: 192.0.2.7\r\n\r\n" },
	{ "  option forwardfor except 192.0.2.0/24\n", "192.0.2.7",
	    "GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\n\r\n" },
	{ "  option forwardfor except 192.0.3.0/24 header X-Real-IP\n",
	    "192.0.2.7", "GET / HTTP/1.1\r\n\r\n",
	    "GET / HTTP/1.1\r\nX-Real-IP: 192.0.2.7\r\n\r\n" },
	{ "  option forwardfor except 127.0.0.0/8\n", "2001:db8::1",
	    "GET / HTTP/1.1\r\n\r\n",
	    "GET / HTTP/1.1\r\nX-Forwarded-For: 2001:db8::1\r\n\r\n" },
	{ "  option originalto\n", "192.0.2.7", "GET / HTTP/1.1\r\n\r\n",
	    "GET / HTTP/1.1\r\nX-Original-To: 198.51.100.1\r\n\r\n" },
	{ "", "192.0.2.7", "GET / HTTP/1.1\r\n\r\n",
	    "GET / HTTP/1.1\r\n\r\n" },
};

START_TEST(test_forwardfor)
{
	struct fixture	 fx;
	char		*got;

	fx_load(&fx, fwd_cases[_i].cfg, 0);
	fx_head(&fx, fwd_cases[_i].req, true);
	fx_addr(&fx.src, fwd_cases[_i].src, 40000);
	rewrite_forwardfor(fx.px, &fx.h, &fx.env);
	got = fx_dump(&fx.h);
	ck_assert_msg(strcmp(got, fwd_cases[_i].want) == 0,
	    "row %d:\n%s--- got:\n%s--- want:\n%s", _i, fwd_cases[_i].cfg,
	    got, fwd_cases[_i].want);
	free(got);
	fx_free(&fx);
}
END_TEST

/* A frontend/backend pair: the backend names the header, both excepts
 * apply, and if-none only holds when neither side wants it always. */
START_TEST(test_forwardfor_pair)
{
	static const char cfg[] = "defaults\n  mode http\n"
	    "  timeout client 5s\n  timeout connect 5s\n  timeout server 5s\n"
	    "frontend f\n  bind 127.0.0.1:8080\n  option forwardfor if-none\n"
	    "  default_backend b\n"
	    "backend b\n  option forwardfor header X-Client if-none\n"
	    "  server s 127.0.0.1:81\n"
	    "backend c\n  option forwardfor except 192.0.2.0/24\n"
	    "  server s 127.0.0.1:81\n";
	struct fixture		 fx;
	struct config		*c;
	const struct proxy_conf	*fe, *b, *cc;
	char			*got;

	memset(&fx, 0, sizeof(fx));
	diag_init(&fx.d);
	c = cfg_load_buf("p.cfg", cfg, strlen(cfg), CFG_LOAD_NO_RESOLVE,
	    &fx.d);
	ck_assert_msg(c != NULL, "%s", fx.d.nmsgs ? fx.d.msgs[0].msg : "");
	fe = config_find_proxy(c, "f", CFG_CAP_FE);
	b = config_find_proxy(c, "b", CFG_CAP_BE);
	cc = config_find_proxy(c, "c", CFG_CAP_BE);
	fx_head(&fx, "GET / HTTP/1.1\r\nX-Client: 1\r\n\r\n", true);
	ck_assert_int_eq(rewrite_forward_headers(fe, b, &fx.h, &fx.env), 0);
	got = fx_dump(&fx.h);
	ck_assert_str_eq(got, "GET / HTTP/1.1\r\nX-Client: 1\r\n\r\n");
	free(got);
	ck_assert_int_eq(rewrite_forward_headers(fe, cc, &fx.h, &fx.env), 0);
	got = fx_dump(&fx.h);
	ck_assert_str_eq(got, "GET / HTTP/1.1\r\nX-Client: 1\r\n\r\n");
	free(got);
	fx_addr(&fx.src, "203.0.113.9", 1);
	ck_assert_int_eq(rewrite_forward_headers(fe, cc, &fx.h, &fx.env), 0);
	got = fx_dump(&fx.h);
	ck_assert_str_eq(got, "GET / HTTP/1.1\r\nX-Client: 1\r\n"
	    "X-Forwarded-For: 203.0.113.9\r\n\r\n");
	free(got);
	http_head_clear(&fx.h);
	config_free(c);
	diag_clear(&fx.d);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Log-format strings */

static const struct {
	const char	*fmt;
	const char	*want;
} fmt_cases[] = {
	{ "plain", "plain" },
	{ "100%%", "100%" },
	{ "%ci:%cp", "192.0.2.7:5555" },
	{ "%fi:%fp", "198.51.100.1:8080" },
	{ "[%[src]]", "[192.0.2.7]" },
	{ "%{+Q}[src]", "192.0.2.7" },
	{ "%{+Q}ci", "192.0.2.7" },
	{ "a%[hdr(none)]b", "ab" },
	{ "%zz-%ci", "%zz-192.0.2.7" },
	{ "end%", "end%" },
	{ "%-x", "%-x" },
	{ "%[src", "%[src" },
	{ "", "" },
};

START_TEST(test_format)
{
	struct fixture	fx;
	char		out[256];
	size_t		n;

	memset(&fx, 0, sizeof(fx));
	fx_head(&fx, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", true);
	n = rewrite_format(fmt_cases[_i].fmt, &fx.env, out, sizeof(out));
	ck_assert_msg(strcmp(out, fmt_cases[_i].want) == 0,
	    "'%s' gave '%s'", fmt_cases[_i].fmt, out);
	ck_assert_uint_eq(n, strlen(fmt_cases[_i].want));
	http_head_clear(&fx.h);
}
END_TEST

START_TEST(test_format_truncated)
{
	char	out[6];

	ck_assert_uint_eq(rewrite_format("abc%ci", NULL, out, sizeof(out)),
	    4);
	ck_assert_str_eq(out, "abc-");
	ck_assert_uint_eq(rewrite_format("abcdefgh", NULL, out, sizeof(out)),
	    5);
	ck_assert_str_eq(out, "abcde");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Error pages (spec §8.1) */

static const struct {
	int		 status;
	const char	*line;
	int		 clen;
	bool		 h1;
} page_cases[] = {
	{ 200, "HTTP/1.1 200 OK", 58, false },
	{ 400, "HTTP/1.1 400 Bad request", 90, true },
	{ 401, "HTTP/1.1 401 Unauthorized", 112, false },
	{ 403, "HTTP/1.1 403 Forbidden", 93, false },
	{ 404, "HTTP/1.1 404 Not Found", 83, false },
	{ 405, "HTTP/1.1 405 Method Not Allowed", 146, false },
	{ 407, "HTTP/1.1 407 Unauthorized", 112, false },
	{ 408, "HTTP/1.1 408 Request Time-out", 110, true },
	{ 410, "HTTP/1.1 410 Gone", 114, false },
	{ 413, "HTTP/1.1 413 Payload Too Large", 106, false },
	{ 414, "HTTP/1.1 414 Request-URI Too Long", 118, true },
	{ 425, "HTTP/1.1 425 Too Early", 80, false },
	{ 429, "HTTP/1.1 429 Too Many Requests", 117, false },
	{ 431, "HTTP/1.1 431 Request Header Fields Too Large", 105, true },
	{ 500, "HTTP/1.1 500 Internal Server Error", 97, false },
	{ 501, "HTTP/1.1 501 Not Implemented", 136, false },
	{ 502, "HTTP/1.1 502 Bad Gateway", 107, false },
	{ 503, "HTTP/1.1 503 Service Unavailable", 107, false },
	{ 504, "HTTP/1.1 504 Gateway Time-out", 92, false },
	{ 418, "HTTP/1.1 500 Internal Server Error", 97, false },
};

START_TEST(test_pages)
{
	struct evbuffer	*b = evbuffer_new();
	char		 want[256], *got, *body;

	ck_assert_int_eq(http_err_write(b, page_cases[_i].status, NULL,
	    false), 0);
	got = buf_text(b);
	snprintf(want, sizeof(want), "%s\r\n%s: %d\r\n%s\r\n%s%s\r\n\r\n",
	    page_cases[_i].line, page_cases[_i].h1 ? "Content-length" :
	    "content-length", page_cases[_i].clen, page_cases[_i].h1 ?
	    "Cache-Control: no-cache" : "cache-control: no-cache",
	    page_cases[_i].h1 ? "Connection: close\r\n" : "",
	    page_cases[_i].h1 ? "Content-Type: text/html" :
	    "content-type: text/html");
	ck_assert_msg(strncmp(got, want, strlen(want)) == 0,
	    "status %d:\n%s--- want head:\n%s", page_cases[_i].status, got,
	    want);
	body = got + strlen(want);
	ck_assert_int_eq((int)strlen(body), page_cases[_i].clen);
	ck_assert(strncmp(body, "<html><body><h1>", 16) == 0);
	free(got);
	evbuffer_free(b);
}
END_TEST

START_TEST(test_page_bytes)
{
	struct evbuffer	*b = evbuffer_new();
	char		*got;

	ck_assert_int_eq(http_err_write(b, 503, NULL, true), 0);
	got = buf_text(b);
	ck_assert_str_eq(got, "HTTP/1.1 503 Service Unavailable\r\n"
	    "content-length: 107\r\ncache-control: no-cache\r\n"
	    "content-type: text/html\r\nconnection: close\r\n\r\n"
	    "<html><body><h1>503 Service Unavailable</h1>\n"
	    "No server is available to handle this request.\n"
	    "</body></html>\n");
	free(got);
	ck_assert_int_eq(http_err_write(b, 400, NULL, false), 0);
	got = buf_text(b);
	ck_assert_str_eq(got, "HTTP/1.1 400 Bad request\r\n"
	    "Content-length: 90\r\nCache-Control: no-cache\r\n"
	    "Connection: close\r\nContent-Type: text/html\r\n\r\n"
	    "<html><body><h1>400 Bad request</h1>\n"
	    "Your browser sent an invalid request.\n</body></html>\n");
	free(got);
	ck_assert_str_eq(http_err_reason(408), "Request Time-out");
	ck_assert_str_eq(http_err_reason(299), "Success");
	ck_assert_str_eq(http_err_reason(700), "Other");
	evbuffer_free(b);
}
END_TEST

/* errorfile (read at load time) and errorloc override the built-in
 * pages of their status only. */
START_TEST(test_errorfile)
{
	static const char page[] = "HTTP/1.0 503 Busy\r\nX: y\r\n\r\nlater\n";
	char		 path[] = "/tmp/check_rewrite.XXXXXX", body[512];
	struct fixture	 fx;
	struct evbuffer	*b = evbuffer_new();
	char		*got;
	int		 fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, page, sizeof(page) - 1),
	    (int)sizeof(page) - 1);
	close(fd);
	snprintf(body, sizeof(body), "  errorfile 503 %s\n"
	    "  errorloc 403 https://err.example/403\n"
	    "  errorloc303 404 /nf\n", path);
	fx_load(&fx, body, 0);
	unlink(path);
	ck_assert_int_eq(http_err_write(b, 503, fx.px, true), 0);
	got = buf_text(b);
	ck_assert_str_eq(got, page);
	free(got);
	ck_assert_int_eq(http_err_write(b, 403, fx.px, false), 0);
	got = buf_text(b);
	ck_assert_str_eq(got, "HTTP/1.1 302 Found\r\ncache-control: no-cache"
	    "\r\ncontent-length: 0\r\nlocation: https://err.example/403\r\n"
	    "\r\n");
	free(got);
	ck_assert_int_eq(http_err_write(b, 404, fx.px, true), 0);
	got = buf_text(b);
	ck_assert_str_eq(got, "HTTP/1.1 303 See Other\r\ncache-control: "
	    "no-cache\r\ncontent-length: 0\r\nlocation: /nf\r\n"
	    "connection: close\r\n\r\n");
	free(got);
	ck_assert_int_eq(http_err_write(b, 502, fx.px, false), 0);
	got = buf_text(b);
	ck_assert(strncmp(got, "HTTP/1.1 502 Bad Gateway\r\n", 26) == 0);
	free(got);
	ck_assert_ptr_null(http_err_find(fx.px, 500));
	fx_free(&fx);

	/* Not loaded (CFG_LOAD_NO_FILES): the built-in page. */
	fx_load(&fx, "  errorfile 503 /nonexistent/503.http\n",
	    CFG_LOAD_NO_FILES);
	ck_assert_ptr_null(http_err_find(fx.px, 503));
	ck_assert_int_eq(http_err_write(b, 503, fx.px, false), 0);
	got = buf_text(b);
	ck_assert(strncmp(got, "HTTP/1.1 503 Service Unavailable\r\n",
	    34) == 0);
	free(got);
	fx_free(&fx);
	evbuffer_free(b);
}
END_TEST

START_TEST(test_generated)
{
	struct evbuffer	*b = evbuffer_new();
	struct fixture	 fx;
	char		*got;

	ck_assert_int_eq(http_err_write_auth(b, "Admins", false, false), 0);
	got = buf_text(b);
	ck_assert_str_eq(got, "HTTP/1.1 401 Unauthorized\r\n"
	    "content-length: 112\r\ncache-control: no-cache\r\n"
	    "content-type: text/html\r\n"
	    "www-authenticate: Basic realm=\"Admins\"\r\n\r\n"
	    "<html><body><h1>401 Unauthorized</h1>\nYou need a valid user "
	    "and password to access this content.\n</body></html>\n");
	free(got);
	ck_assert_int_eq(http_err_write_redirect(b, 301, "/x", "A=1; path=/;",
	    true), 0);
	got = buf_text(b);
	/* As 2.6 sends it: the H1 mux appends connection: close last. */
	ck_assert_str_eq(got, "HTTP/1.1 301 Moved Permanently\r\n"
	    "content-length: 0\r\nlocation: /x\r\n"
	    "set-cookie: A=1; path=/;\r\nconnection: close\r\n\r\n");
	free(got);
	/* 302, 303 and 307 are not to be cached. */
	ck_assert_int_eq(http_err_write_redirect(b, 302, "/y", NULL, false),
	    0);
	got = buf_text(b);
	ck_assert_str_eq(got, "HTTP/1.1 302 Found\r\ncontent-length: 0\r\n"
	    "location: /y\r\ncache-control: no-cache\r\n\r\n");
	free(got);

	fx_load(&fx, "  http-request return status 200 content-type "
	    "text/plain lf-string \"hi %[src]\" hdr X-Who %ci hdr X-None "
	    "%[hdr(none)] if yes\n  http-request deny deny_status 403\n", 0);
	fx_head(&fx, "GET / HTTP/1.1\r\n\r\n", true);
	ck_assert_int_eq(http_err_write_reply(b, fx.px->http_req.v[0].reply,
	    fx.px, &fx.env, false), 0);
	got = buf_text(b);
	ck_assert_str_eq(got, "HTTP/1.1 200 OK\r\nx-who: 192.0.2.7\r\n"
	    "content-length: 12\r\ncontent-type: text/plain\r\n\r\n"
	    "hi 192.0.2.7");
	free(got);
	ck_assert_int_eq(http_err_write_reply(b, fx.px->http_req.v[1].reply,
	    fx.px, &fx.env, false), 0);
	got = buf_text(b);
	ck_assert(strncmp(got, "HTTP/1.1 403 Forbidden\r\ncontent-length: 93"
	    "\r\n", 42) == 0);
	free(got);
	fx_free(&fx);

	fx_load(&fx, "  http-request return status 204 hdr X-A b\n", 0);
	fx_head(&fx, "GET / HTTP/1.1\r\n\r\n", true);
	ck_assert_int_eq(http_err_write_reply(b, fx.px->http_req.v[0].reply,
	    fx.px, &fx.env, true), 0);
	got = buf_text(b);
	ck_assert_str_eq(got, "HTTP/1.1 204 No Content\r\nx-a: b\r\n"
	    "content-length: 0\r\nconnection: close\r\n\r\n");
	free(got);
	fx_free(&fx);
	evbuffer_free(b);
}
END_TEST

static Suite *
rewrite_suite(void)
{
	Suite	*s = suite_create("rewrite");
	TCase	*tc = tcase_create("rules");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_request, 0, (int)nitems(req_cases));
	tcase_add_test(tc, test_request_details);
	tcase_add_loop_test(tc, test_response, 0, (int)nitems(res_cases));
	tcase_add_test(tc, test_after_response);
	tcase_add_loop_test(tc, test_forwardfor, 0, (int)nitems(fwd_cases));
	tcase_add_test(tc, test_forwardfor_pair);
	tcase_add_loop_test(tc, test_format, 0, (int)nitems(fmt_cases));
	tcase_add_test(tc, test_format_truncated);
	suite_add_tcase(s, tc);
	tc = tcase_create("http_err");
	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_pages, 0, (int)nitems(page_cases));
	tcase_add_test(tc, test_page_bytes);
	tcase_add_test(tc, test_errorfile);
	tcase_add_test(tc, test_generated);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(rewrite_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
