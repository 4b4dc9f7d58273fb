/*
 * check_acl: ACL evaluation on real config text.  Each row declares ACLs
 * in a frontend, routes "use_backend b <cond>", and evaluates that
 * condition against a request built by hand; more tests cover responses,
 * raw TLS bytes in tcp-request content, userlists, proxy state, sample
 * expressions (acl_sample) and acl_prepare itself.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/acl.h"
#include "cfg/cfg_acl_fetch.h"
#include "cfg/cfg_load.h"
#include "model/cfg_model.h"
#include "engine/engine.h"
#include "http/http1.h"
#include "servers/proxy.h"

#include "base/nitems.h"
#include "tst_prep.h"


#define DEFAULTS "defaults\n  mode http\n  timeout client 5s\n" \
	"  timeout connect 5s\n  timeout server 5s\n"

/* ------------------------------------------------------------------ */
/* Helpers */

static struct config *
load(const char *text)
{
	struct config	*cfg;
	struct diag	 d;

	diag_init(&d);
	cfg = cfg_load_buf("acl.cfg", text, strlen(text),
	    CFG_LOAD_NO_RESOLVE | CFG_LOAD_NO_FILES, &d);
	ck_assert_msg(cfg != NULL, "config failed (%s):\n%s", d.nmsgs ?
	    d.msgs[0].msg : "?", text);
	diag_clear(&d);
	return cfg;
}

static char *
dupn(const char *s, size_t n)
{
	char	*p = malloc(n + 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* One "Name: value" line into L. */
static void
head_line(struct http_line *l, const char *s, size_t n)
{
	const char	*c = memchr(s, ':', n), *v, *e = s + n;

	ck_assert_ptr_nonnull(c);
	l->s = dupn(s, n);
	l->len = n;
	l->nlen = (size_t)(c - s);
	for (v = c + 1; v < e && (*v == ' ' || *v == '\t'); v++)
		continue;
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	l->voff = (size_t)(v - s);
	l->vlen = (size_t)(e - v);
}

/* The start line: "METHOD URI HTTP/x.y" or "HTTP/x.y STATUS REASON". */
static void
head_start(struct http_head *h, const char *s, size_t n)
{
	const char	*sp1 = memchr(s, ' ', n), *sp2;

	ck_assert_ptr_nonnull(sp1);
	h->start.s = dupn(s, n);
	h->start.len = n;
	if (strncmp(s, "HTTP/", 5) == 0) {
		h->vmajor = s[5] - '0';
		h->vminor = s[7] - '0';
		h->status = atoi(sp1 + 1);
		return;
	}
	h->is_request = true;
	sp2 = memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - s));
	ck_assert_ptr_nonnull(sp2);
	h->moff = 0;
	h->mlen = (size_t)(sp1 - s);
	h->uoff = (size_t)(sp1 + 1 - s);
	h->ulen = (size_t)(sp2 - sp1 - 1);
	h->vmajor = sp2[6] - '0';
	h->vminor = sp2[8] - '0';
}

/* A head from text, lines separated by '\n' (the test's own parser, so
 * that ACLs are tested without http1.c). */
static void
head_build(struct http_head *h, const char *text)
{
	const char	*p = text, *e;
	unsigned	 n = 0;

	memset(h, 0, sizeof(*h));
	h->hdrs = calloc(32, sizeof(*h->hdrs));
	h->cap = 32;
	for (; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p)
			continue;
		if (n++ == 0)
			head_start(h, p, (size_t)(e - p));
		else
			head_line(&h->hdrs[h->nhdrs++], p, (size_t)(e - p));
	}
}

static void
head_free(struct http_head *h)
{
	unsigned	i;

	free(h->start.s);
	for (i = 0; i < h->nhdrs; i++)
		free(h->hdrs[i].s);
	free(h->hdrs);
	memset(h, 0, sizeof(*h));
}

static void
mkaddr(struct sockaddr_storage *ss, const char *ip, int port)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)(void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (strchr(ip, ':') != NULL) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		ck_assert_int_eq(inet_pton(AF_INET6, ip, &sin6->sin6_addr), 1);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		ck_assert_int_eq(inet_pton(AF_INET, ip, &sin->sin_addr), 1);
	}
}

static const struct proxy_conf *
find_px(const struct config *cfg, const char *name)
{
	const struct proxy_conf	*px;

	for (px = cfg->proxies; px != NULL; px = px->next)
		if (strcmp(px->name, name) == 0)
			return px;
	ck_abort_msg("no proxy %s", name);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Conditions on requests */

static const struct {
	const char	*acls;		/* "acl" lines of frontend f */
	const char	*cond;		/* after "use_backend b" */
	const char	*req;
	const char	*src;		/* NULL: 10.1.2.3 */
	int		 dport;		/* 0: 8080 */
	bool		 want;
} rows[] = {
	/* The article's ACL. */
	{ "acl spark path_reg /spark/\n", "if spark",
	    "GET /spark/ HTTP/1.1\nHost: x\n", NULL, 0, true },
	{ "acl spark path_reg /spark/\n", "if spark",
	    "GET /static/x HTTP/1.1\n", NULL, 0, false },
	{ "acl spark path_reg /spark/\n", "if !spark",
	    "GET /static/x HTTP/1.1\n", NULL, 0, true },
	{ "acl spark path_reg /spark/\n", "if ! spark",
	    "GET /spark/ HTTP/1.1\n", NULL, 0, false },
	{ "acl spark path_reg ^/SPARK\n", "if spark",
	    "GET /spark/ HTTP/1.1\n", NULL, 0, false },
	{ "acl spark path_reg -i ^/SPARK\n", "if spark",
	    "GET /spark/ HTTP/1.1\n", NULL, 0, true },
	/* path and its forms; the query is not part of the path */
	{ "acl s path_beg /static\n", "if s",
	    "GET /static/x HTTP/1.1\n", NULL, 0, true },
	{ "acl s path_beg /static\n", "if s",
	    "GET /stat HTTP/1.1\n", NULL, 0, false },
	{ "acl i path_end .jpg .png\n", "if i",
	    "GET /a/b.png?x=1 HTTP/1.1\n", NULL, 0, true },
	{ "acl i path_end .jpg\n", "if i",
	    "GET /a/b.jpgx HTTP/1.1\n", NULL, 0, false },
	{ "acl d path_dir img\n", "if d",
	    "GET /static/img/a.png HTTP/1.1\n", NULL, 0, true },
	{ "acl d path_dir img\n", "if d",
	    "GET /static/images/a.png HTTP/1.1\n", NULL, 0, false },
	{ "acl d path_dir /static/img/\n", "if d",
	    "GET /static/img/a.png HTTP/1.1\n", NULL, 0, true },
	{ "acl d path_dom example\n", "if d",
	    "GET /www.example.com/ HTTP/1.1\n", NULL, 0, true },
	{ "acl d path_dom -i EXAMPLE\n", "if d",
	    "GET /www.example.com/ HTTP/1.1\n", NULL, 0, true },
	{ "acl s path_sub -i SPARK\n", "if s",
	    "GET /x/spark/y HTTP/1.1\n", NULL, 0, true },
	{ "acl s path -m sub park\n", "if s",
	    "GET /x/spark/y HTTP/1.1\n", NULL, 0, true },
	{ "acl l path_len gt 3\n", "if l",
	    "GET /abcd HTTP/1.1\n", NULL, 0, true },
	{ "acl l path_len gt 3\n", "if l",
	    "GET /ab HTTP/1.1\n", NULL, 0, false },
	{ "acl x path,lower /abc\n", "if x",
	    "GET /ABC HTTP/1.1\n", NULL, 0, true },
	{ "acl p path /y\n", "if p",
	    "GET http://x/y?z HTTP/1.1\n", NULL, 0, true },
	{ "acl p path -m found\n", "if p",
	    "GET http://x HTTP/1.1\n", NULL, 0, false },
	/* url, base, query, url_param */
	{ "acl u url_beg /a\n", "if u",
	    "GET /a?b HTTP/1.1\n", NULL, 0, true },
	{ "acl b base_beg www.example.com/static\n", "if b",
	    "GET /static/x?y HTTP/1.1\nHost: www.example.com\n", NULL, 0,
	    true },
	{ "acl b base /static/x\n", "if b",
	    "GET /static/x?y HTTP/1.1\n", NULL, 0, true },
	{ "acl q query -m found\n", "if q",
	    "GET /x?a HTTP/1.1\n", NULL, 0, true },
	{ "acl q query -m found\n", "if q",
	    "GET /x HTTP/1.1\n", NULL, 0, false },
	{ "acl q query -m found\n", "if q",
	    "GET /x? HTTP/1.1\n", NULL, 0, true },
	{ "acl p url_param(id) 42\n", "if p",
	    "GET /x?a=1&id=42 HTTP/1.1\n", NULL, 0, true },
	{ "acl p url_param(id) 42\n", "if p",
	    "GET /x?id=420 HTTP/1.1\n", NULL, 0, false },
	{ "acl p url_param(id) 42\n", "if p",
	    "GET /x?a=1;id=42 HTTP/1.1\n", NULL, 0, true },
	{ "acl p url_param(id) 42\n", "if p",
	    "GET /x/id=42 HTTP/1.1\n", NULL, 0, false },
	{ "acl p urlp(id) 7\n", "if p",
	    "GET /x?id=1&id=7 HTTP/1.1\n", NULL, 0, true },
	/* headers */
	{ "acl h hdr(host) -i www.example.com\n", "if h",
	    "GET / HTTP/1.1\nHost: WWW.Example.COM\n", NULL, 0, true },
	{ "acl h hdr(host) www.example.com\n", "if h",
	    "GET / HTTP/1.1\nHost: WWW.Example.COM\n", NULL, 0, false },
	{ "acl h hdr(host) -m found\n", "if h",
	    "GET / HTTP/1.1\n", NULL, 0, false },
	{ "acl h hdr(HOST) -m found\n", "if h",
	    "GET / HTTP/1.1\nhost: x\n", NULL, 0, true },
	{ "acl h hdr_beg(host) -i api.\n", "if h",
	    "GET / HTTP/1.1\nHost: API.example.com\n", NULL, 0, true },
	{ "acl h hdr_beg(host) -i api. www.\n", "if h",
	    "GET / HTTP/1.1\nHost: www.example.com\n", NULL, 0, true },
	{ "acl h hdr_end(host) .example.com\n", "if h",
	    "GET / HTTP/1.1\nHost: a.example.com\n", NULL, 0, true },
	{ "acl h hdr_end(host) .example.com\n", "if h",
	    "GET / HTTP/1.1\nHost: a.example.org\n", NULL, 0, false },
	{ "acl h hdr_sub(user-agent) -i curl\n", "if h",
	    "GET / HTTP/1.1\nUser-Agent: CURL/7.1\n", NULL, 0, true },
	{ "acl h hdr_reg(host) ^[a-z]+[.]example[.]com$\n", "if h",
	    "GET / HTTP/1.1\nHost: www.example.com\n", NULL, 0, true },
	{ "acl h hdr_reg(host) ^[a-z]+[.]example[.]com$\n", "if h",
	    "GET / HTTP/1.1\nHost: w1.example.com\n", NULL, 0, false },
	{ "acl d hdr_dom(host) example.com\n", "if d",
	    "GET / HTTP/1.1\nHost: www.example.com:8080\n", NULL, 0, true },
	{ "acl d hdr_dom(host) ample.com\n", "if d",
	    "GET / HTTP/1.1\nHost: www.example.com\n", NULL, 0, false },
	{ "acl n hdr_cnt(x-forwarded-for) eq 2\n", "if n",
	    "GET / HTTP/1.1\nX-Forwarded-For: 1.1.1.1, 2.2.2.2\n", NULL, 0,
	    true },
	{ "acl n hdr_cnt(x-forwarded-for) eq 2\n", "if n",
	    "GET / HTTP/1.1\nX-Forwarded-For: 1.1.1.1\n"
	    "X-Forwarded-For: 2.2.2.2\n", NULL, 0, true },
	{ "acl n hdr_cnt(x-forwarded-for) gt 2\n", "if n",
	    "GET / HTTP/1.1\nX-Forwarded-For: 1.1.1.1, 2.2.2.2\n", NULL, 0,
	    false },
	{ "acl n hdr_cnt(x-forwarded-for) eq 0\n", "if n",
	    "GET / HTTP/1.1\n", NULL, 0, true },
	{ "acl v hdr_val(content-length) gt 100\n", "if v",
	    "POST / HTTP/1.1\nContent-Length: 200\n", NULL, 0, true },
	{ "acl v hdr_val(content-length) gt 100\n", "if v",
	    "POST / HTTP/1.1\nContent-Length: 50\n", NULL, 0, false },
	{ "acl x hdr(x-forwarded-for,-1) 2.2.2.2\n", "if x",
	    "GET / HTTP/1.1\nX-Forwarded-For: 1.1.1.1, 2.2.2.2\n", NULL, 0,
	    true },
	{ "acl x hdr(x-forwarded-for,1) 2.2.2.2\n", "if x",
	    "GET / HTTP/1.1\nX-Forwarded-For: 1.1.1.1, 2.2.2.2\n", NULL, 0,
	    false },
	{ "acl x hdr(x-forwarded-for) 2.2.2.2\n", "if x",
	    "GET / HTTP/1.1\nX-Forwarded-For: 1.1.1.1, 2.2.2.2\n", NULL, 0,
	    true },
	{ "acl x hdr(x-a) b,c\n", "if x",
	    "GET / HTTP/1.1\nX-A: \"b,c\"\n", NULL, 0, false },
	{ "acl x hdr(x-a) \"b,c\"\n", "if x",
	    "GET / HTTP/1.1\nX-A: a, \"b,c\"\n", NULL, 0, false },
	{ "acl x req.fhdr(x-forwarded-for) 2.2.2.2\n", "if x",
	    "GET / HTTP/1.1\nX-Forwarded-For: 1.1.1.1, 2.2.2.2\n", NULL, 0,
	    false },
	{ "acl x req.fhdr(x-forwarded-for) -m beg 1.1.1.1,\n", "if x",
	    "GET / HTTP/1.1\nX-Forwarded-For: 1.1.1.1, 2.2.2.2\n", NULL, 0,
	    true },
	{ "acl x hdr_ip(x-forwarded-for) 2.2.2.0/24\n", "if x",
	    "GET / HTTP/1.1\nX-Forwarded-For: junk, 2.2.2.9:80\n", NULL, 0,
	    true },
	{ "acl x hdr_ip(x-forwarded-for) 2.2.2.0/24\n", "if x",
	    "GET / HTTP/1.1\nX-Forwarded-For: 1.1.1.1\n", NULL, 0, false },
	{ "acl c cook(session) abc\n", "if c",
	    "GET / HTTP/1.1\nCookie: a=1; session=abc\n", NULL, 0, true },
	{ "acl c cook(session) abc\n", "if c",
	    "GET / HTTP/1.1\nCookie: a=1; xsession=abc\n", NULL, 0, false },
	{ "acl c cook_cnt(a) eq 2\n", "if c",
	    "GET / HTTP/1.1\nCookie: a=1; b=3\nCookie: a=2\n", NULL, 0,
	    true },
	/* method: GET/HEAD, case (spec §4.2) */
	{ "acl m method GET HEAD\n", "if m",
	    "HEAD / HTTP/1.1\n", NULL, 0, true },
	{ "acl m method GET HEAD\n", "if m",
	    "POST / HTTP/1.1\n", NULL, 0, false },
	{ "acl m method get\n", "if m",
	    "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if METH_GET", "HEAD / HTTP/1.1\n", NULL, 0, true },
	{ "", "if METH_GET", "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if METH_POST", "POST / HTTP/1.1\n", NULL, 0, true },
	{ "", "if METH_POST", "GET / HTTP/1.1\n", NULL, 0, false },
	/* addresses and ports */
	{ "acl n src 10.0.0.0/8\n", "if n",
	    "GET / HTTP/1.1\n", "10.1.2.3", 0, true },
	{ "acl n src 10.0.0.0/8\n", "if n",
	    "GET / HTTP/1.1\n", "11.1.2.3", 0, false },
	{ "acl n src 10.0.0.0/8 192.168.0.0/16\n", "if n",
	    "GET / HTTP/1.1\n", "192.168.7.7", 0, true },
	{ "acl n src ::1\n", "if n",
	    "GET / HTTP/1.1\n", "::1", 0, true },
	{ "acl n src ::1\n", "if n",
	    "GET / HTTP/1.1\n", "::2", 0, false },
	{ "acl n src 10.0.0.0/8\n", "if n",
	    "GET / HTTP/1.1\n", "::ffff:10.1.2.3", 0, true },
	{ "acl n src ::ffff:10.0.0.0/104\n", "if n",
	    "GET / HTTP/1.1\n", "10.1.2.3", 0, true },
	{ "acl n src 2001:db8::/32\n", "if n",
	    "GET / HTTP/1.1\n", "2001:db8:1::5", 0, true },
	{ "acl n src 2001:db8::/32\n", "if n",
	    "GET / HTTP/1.1\n", "2001:db9::5", 0, false },
	{ "", "if LOCALHOST", "GET / HTTP/1.1\n", "127.0.0.1", 0, true },
	{ "", "if LOCALHOST", "GET / HTTP/1.1\n", "::1", 0, true },
	{ "", "if LOCALHOST", "GET / HTTP/1.1\n", "192.168.1.1", 0, false },
	{ "acl p dst_port 8080\n", "if p", "GET / HTTP/1.1\n", NULL, 0,
	    true },
	{ "acl p dst_port 8080\n", "if p", "GET / HTTP/1.1\n", NULL, 80,
	    false },
	{ "acl p dst_port 1024:65535\n", "if p", "GET / HTTP/1.1\n", NULL,
	    8443, true },
	{ "acl p dst_port lt 1024\n", "if p", "GET / HTTP/1.1\n", NULL,
	    8443, false },
	{ "acl s src_port 1234\n", "if s", "GET / HTTP/1.1\n", NULL, 0,
	    true },
	{ "acl d dst 127.0.0.0/8\n", "if d", "GET / HTTP/1.1\n", NULL, 0,
	    true },
	{ "", "if { ssl_fc }", "GET / HTTP/1.1\n", NULL, 0, false },
	{ "", "unless { ssl_fc }", "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if { ssl_fc -m found }", "GET / HTTP/1.1\n", NULL, 0, true },
	/* conditions: AND, or, ||, !, { }, unless */
	{ "acl a path_beg /a\nacl b path_beg /b\n", "if a or b",
	    "GET /b/x HTTP/1.1\n", NULL, 0, true },
	{ "acl a path_beg /a\nacl b path_beg /b\n", "if a || b",
	    "GET /c HTTP/1.1\n", NULL, 0, false },
	{ "acl a path_beg /a\nacl b path_beg /b\n", "if !a !b",
	    "GET /c HTTP/1.1\n", NULL, 0, true },
	{ "acl a path_beg /a\nacl h hdr(host) x\nacl b path_beg /b\n",
	    "if a h or b", "GET /a HTTP/1.1\nHost: y\n", NULL, 0, false },
	{ "acl a path_beg /a\nacl h hdr(host) x\nacl b path_beg /b\n",
	    "if a h or b", "GET /a HTTP/1.1\nHost: x\n", NULL, 0, true },
	{ "acl a path_beg /a\nacl h hdr(host) x\nacl b path_beg /b\n",
	    "if a h OR b", "GET /b HTTP/1.1\nHost: y\n", NULL, 0, true },
	{ "", "if { path_beg /api } { method POST }",
	    "POST /api/v1 HTTP/1.1\n", NULL, 0, true },
	{ "", "if { path_beg /api } { method POST }",
	    "GET /api/v1 HTTP/1.1\n", NULL, 0, false },
	{ "", "if { path_beg /api } or { path_beg /v2 }",
	    "GET /v2 HTTP/1.1\n", NULL, 0, true },
	{ "acl a path_beg /a\n", "unless a",
	    "GET /b HTTP/1.1\n", NULL, 0, true },
	{ "acl a path_beg /a\n", "unless a",
	    "GET /a HTTP/1.1\n", NULL, 0, false },
	{ "acl a path_beg /a\nacl b path_beg /b\n", "unless a or b",
	    "GET /b HTTP/1.1\n", NULL, 0, false },
	/* several patterns and several lines of one ACL are ORed */
	{ "acl a path_beg /a /b\n", "if a", "GET /b HTTP/1.1\n", NULL, 0,
	    true },
	{ "acl a path_beg /a\nacl a hdr(host) x\n", "if a",
	    "GET /c HTTP/1.1\nHost: x\n", NULL, 0, true },
	{ "acl a path_beg /a\nacl a hdr(host) x\n", "if a",
	    "GET /c HTTP/1.1\nHost: y\n", NULL, 0, false },
	/* predefined ACLs */
	{ "", "if TRUE", "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if FALSE", "GET / HTTP/1.1\n", NULL, 0, false },
	{ "", "unless FALSE", "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if HTTP", "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if HTTP_1.1", "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if HTTP_1.1", "GET / HTTP/1.0\n", NULL, 0, false },
	{ "", "if HTTP_1.0", "GET / HTTP/1.0\n", NULL, 0, true },
	{ "", "if HTTP_URL_ABS", "GET http://x/y HTTP/1.1\n", NULL, 0,
	    true },
	{ "", "if HTTP_URL_ABS", "GET /y HTTP/1.1\n", NULL, 0, false },
	{ "", "if HTTP_URL_SLASH", "GET /y HTTP/1.1\n", NULL, 0, true },
	{ "", "if HTTP_URL_STAR", "OPTIONS * HTTP/1.1\n", NULL, 0, true },
	{ "", "if HTTP_CONTENT", "POST / HTTP/1.1\nContent-Length: 10\n",
	    NULL, 0, true },
	{ "", "if HTTP_CONTENT", "POST / HTTP/1.1\nContent-Length: 0\n",
	    NULL, 0, false },
	{ "", "if WAIT_END", "GET / HTTP/1.1\n", NULL, 0, true },
	/* constants */
	{ "", "if { int(5) gt 3 }", "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if { str(abc) -m beg ab }", "GET / HTTP/1.1\n", NULL, 0,
	    true },
	{ "", "if { bool(1) }", "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if { bool(0) }", "GET / HTTP/1.1\n", NULL, 0, false },
	{ "", "if { always_true }", "GET / HTTP/1.1\n", NULL, 0, true },
	{ "", "if { always_false }", "GET / HTTP/1.1\n", NULL, 0, false },
	{ "acl v req.ver 1.0\n", "if v", "GET / HTTP/1.0\n", NULL, 0, true },
};

START_TEST(test_rows)
{
	struct sockaddr_storage	 src, dst;
	struct http_head	 req;
	struct acl_env		 env;
	struct config		*cfg;
	const struct proxy_conf	*fe;
	char			 text[2048];
	bool			 got;

	snprintf(text, sizeof(text), DEFAULTS "frontend f\n"
	    "  bind 127.0.0.1:8080\n%s  use_backend b %s\n"
	    "backend b\n  server s 127.0.0.1:80\n", rows[_i].acls,
	    rows[_i].cond);
	cfg = load(text);
	/* Odd rows run without acl_prepare: the look-up by name. */
	if (_i % 2 == 0)
		ck_assert_int_eq(tprepare(cfg), 0);
	fe = find_px(cfg, "f");
	ck_assert_uint_eq(fe->use_backends.n, 1);
	head_build(&req, rows[_i].req);
	mkaddr(&src, rows[_i].src ? rows[_i].src : "10.1.2.3", 1234);
	mkaddr(&dst, "127.0.0.1", rows[_i].dport ? rows[_i].dport : 8080);
	memset(&env, 0, sizeof(env));
	env.req = &req;
	env.src = &src;
	env.dst = &dst;
	env.srv_id = -1;
	if (_i % 2 == 0)
		env.eng = &tst_eng;
	got = acl_cond_eval(fe->use_backends.v[0].cond, &env);
	ck_assert_msg(got == rows[_i].want, "row %d: %s%s on %s gave %d",
	    _i, rows[_i].acls, rows[_i].cond, rows[_i].req, got);
	head_free(&req);
	trelease();
	config_free(cfg);
}
END_TEST

/* No condition is true; no request: request fetches do not match. */
START_TEST(test_null)
{
	struct acl_env		 env;
	struct config		*cfg;
	const struct proxy_conf	*fe;

	memset(&env, 0, sizeof(env));
	ck_assert(acl_cond_eval(NULL, &env));
	cfg = load(DEFAULTS "frontend f\n  mode tcp\n  bind 127.0.0.1:1\n"
	    "  use_backend b if { src 10.0.0.0/8 } or TRUE\n"
	    "  use_backend b unless { src 10.0.0.0/8 }\n"
	    "backend b\n  mode tcp\n  server s 127.0.0.1:80\n");
	fe = find_px(cfg, "f");
	ck_assert(acl_cond_eval(fe->use_backends.v[0].cond, &env));
	/* No address: src gives no sample, so "unless" is true. */
	ck_assert(acl_cond_eval(fe->use_backends.v[1].cond, &env));
	config_free(cfg);
}
END_TEST

/* The same through http1.c's parser, as the session builds heads. */
START_TEST(test_http1_head)
{
	static const char	 raw[] = "GET /spark/x?id=42 HTTP/1.1\r\n"
	    "Host: www.example.com\r\nX-Forwarded-For: 1.1.1.1, 2.2.2.2\r\n"
	    "Cookie: a=1; b=2\r\n\r\n";
	struct http1_msg	*msg;
	struct http_head	 req;
	struct acl_env		 env;
	struct config		*cfg;
	const struct proxy_conf	*fe;
	char			 out[64];
	unsigned		 i;

	cfg = load(DEFAULTS "frontend f\n  bind 127.0.0.1:8080\n"
	    "  acl spark path_reg /spark/\n"
	    "  use_backend b if spark\n"
	    "  use_backend b if { hdr_end(host) .example.com }\n"
	    "  use_backend b if { hdr(x-forwarded-for,-1) 2.2.2.2 }\n"
	    "  use_backend b if { url_param(id) 42 } { cook(b) 2 }\n"
	    "  use_backend b if METH_GET HTTP_1.1\n"
	    "backend b\n  server s 127.0.0.1:80\n");
	ck_assert_int_eq(tprepare(cfg), 0);
	fe = find_px(cfg, "f");
	msg = calloc(1, sizeof(*msg));
	ck_assert_ptr_nonnull(msg);
	http1_msg_setup(msg, 0);
	ck_assert_int_eq(http1_parse_request(msg, raw, sizeof(raw) - 1,
	    16384), HTTP1_DONE);
	memset(&req, 0, sizeof(req));
	ck_assert_int_eq(http_head_from_msg(&req, msg, true), 0);
	memset(&env, 0, sizeof(env));
	env.req = &req;
	for (i = 0; i < fe->use_backends.n; i++)
		ck_assert_msg(acl_cond_eval(fe->use_backends.v[i].cond, &env),
		    "rule %u", i);
	ck_assert_int_eq(acl_sample("base", 4, &env, out, sizeof(out)), 23);
	ck_assert_str_eq(out, "www.example.com/spark/x");
	http_head_clear(&req);
	free(msg);
	trelease();
	config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Responses */

START_TEST(test_response)
{
	struct http_head	 req, res;
	struct acl_env		 env;
	struct config		*cfg;
	const struct proxy_conf	*be;

	cfg = load(DEFAULTS "frontend f\n  bind 127.0.0.1:8080\n"
	    "  default_backend b\n"
	    "backend b\n  server s 127.0.0.1:80\n"
	    "  http-response deny if { status 500:599 }\n"
	    "  http-response deny if { res.hdr(x-err) -m found }\n"
	    "  http-response deny if { shdr_beg(server) -i apache }\n"
	    "  http-response deny if { srv_id 3 }\n"
	    "  http-response deny if METH_POST { status 201 }\n");
	ck_assert_int_eq(tprepare(cfg), 0);
	be = find_px(cfg, "b");
	ck_assert_uint_eq(be->http_res.n, 5);
	head_build(&req, "POST / HTTP/1.1\n");
	head_build(&res, "HTTP/1.1 503 Unavailable\nServer: Apache/2\n");
	memset(&env, 0, sizeof(env));
	env.req = &req;
	env.res = &res;
	env.srv_id = 3;
	ck_assert(acl_cond_eval(be->http_res.v[0].cond, &env));
	ck_assert(!acl_cond_eval(be->http_res.v[1].cond, &env));
	ck_assert(acl_cond_eval(be->http_res.v[2].cond, &env));
	ck_assert(acl_cond_eval(be->http_res.v[3].cond, &env));
	ck_assert(!acl_cond_eval(be->http_res.v[4].cond, &env));
	head_free(&res);
	head_build(&res, "HTTP/1.1 201 Created\nX-Err: 1\n");
	env.srv_id = -1;
	ck_assert(!acl_cond_eval(be->http_res.v[0].cond, &env));
	ck_assert(acl_cond_eval(be->http_res.v[1].cond, &env));
	ck_assert(!acl_cond_eval(be->http_res.v[3].cond, &env));
	ck_assert(acl_cond_eval(be->http_res.v[4].cond, &env));
	env.res = NULL;
	ck_assert(!acl_cond_eval(be->http_res.v[0].cond, &env));
	head_free(&req);
	head_free(&res);
	trelease();
	config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* tcp-request content: raw TLS bytes */

/* A TLS 1.2 ClientHello (record version 3.1) naming HOST; its length. */
static size_t
client_hello(unsigned char *b, const char *host)
{
	size_t	hl = strlen(host), n = 0, ext, body;

	ext = 9 + hl;				/* one server_name extension */
	body = 2 + 32 + 1 + 4 + 2 + 2 + ext;
	b[n++] = 0x16; b[n++] = 3; b[n++] = 1;
	b[n++] = (unsigned char)((body + 4) >> 8);
	b[n++] = (unsigned char)(body + 4);
	b[n++] = 1; b[n++] = 0;
	b[n++] = (unsigned char)(body >> 8); b[n++] = (unsigned char)body;
	b[n++] = 3; b[n++] = 3;
	memset(b + n, 0x42, 32);
	n += 32;
	b[n++] = 0;				/* session id */
	b[n++] = 0; b[n++] = 2; b[n++] = 0; b[n++] = 0x2f;	/* ciphers */
	b[n++] = 1; b[n++] = 0;			/* compression */
	b[n++] = (unsigned char)(ext >> 8); b[n++] = (unsigned char)ext;
	b[n++] = 0; b[n++] = 0;			/* server_name */
	b[n++] = (unsigned char)((hl + 5) >> 8);
	b[n++] = (unsigned char)(hl + 5);
	b[n++] = (unsigned char)((hl + 3) >> 8);
	b[n++] = (unsigned char)(hl + 3);
	b[n++] = 0;
	b[n++] = (unsigned char)(hl >> 8); b[n++] = (unsigned char)hl;
	memcpy(b + n, host, hl);
	return n + hl;
}

static const char tls_cfg[] = DEFAULTS "frontend t\n  mode tcp\n"
	    "  bind 127.0.0.1:9000\n  tcp-request inspect-delay 5s\n"
	    "  tcp-request content accept if { req_ssl_hello_type 1 }\n"
	    "  tcp-request content accept if { req.ssl_ver 3.1 }\n"
	    "  tcp-request content accept if { req.len gt 10 }\n"
	    "  tcp-request content accept if WAIT_END\n"
	    "  use_backend tb if { req_ssl_sni -i WWW.example.com }\n"
	    "  use_backend tb if { req.ssl_sni -m end .org }\n"
	    "backend tb\n  mode tcp\n  server s 127.0.0.1:443\n";

struct tls_conds {
	const struct cond_conf	*hello, *ver, *len, *wait, *sni, *org;
};

static struct config *
tls_load(struct tls_conds *c)
{
	struct config		*cfg = load(tls_cfg);
	const struct proxy_conf	*fe;

	ck_assert_int_eq(tprepare(cfg), 0);
	fe = find_px(cfg, "t");
	c->hello = fe->tcp_req.v[0].cond;
	c->ver = fe->tcp_req.v[1].cond;
	c->len = fe->tcp_req.v[2].cond;
	c->wait = fe->tcp_req.v[3].cond;
	c->sni = fe->use_backends.v[0].cond;
	c->org = fe->use_backends.v[1].cond;
	return cfg;
}

START_TEST(test_tls)
{
	unsigned char		 buf[512];
	struct tls_conds	 c;
	struct acl_env		 env;
	struct config		*cfg = tls_load(&c);
	size_t			 n;

	n = client_hello(buf, "www.example.com");
	memset(&env, 0, sizeof(env));
	env.payload = buf;
	env.payload_len = n;
	ck_assert(acl_cond_eval(c.hello, &env));
	ck_assert(acl_cond_eval(c.ver, &env));
	ck_assert(acl_cond_eval(c.sni, &env));
	ck_assert(!acl_cond_eval(c.org, &env));
	ck_assert(acl_cond_eval(c.wait, &env));
	n = client_hello(buf, "a.example.org");
	env.payload_len = n;
	ck_assert(acl_cond_eval(c.org, &env));
	/* Not TLS at all: decided at once, even with more data to come. */
	env.payload = (const unsigned char *)"GET / HTTP/1.1\r\n";
	env.payload_len = 16;
	env.partial = true;
	ck_assert(!acl_cond_pending(c.hello, &env));
	ck_assert(!acl_cond_pending(c.sni, &env));
	ck_assert(!acl_cond_eval(c.sni, &env));
	trelease();
	config_free(cfg);
}
END_TEST

/* Half a ClientHello: wait while more may come, then false. */
START_TEST(test_tls_partial)
{
	unsigned char		 buf[512];
	struct tls_conds	 c;
	struct acl_env		 env;
	struct config		*cfg = tls_load(&c);

	memset(&env, 0, sizeof(env));
	env.payload = buf;
	env.payload_len = client_hello(buf, "www.example.com") / 2;
	env.partial = true;
	ck_assert(!acl_cond_eval(c.sni, &env));
	ck_assert(acl_cond_pending(c.sni, &env));
	ck_assert(acl_cond_pending(c.hello, &env));
	ck_assert(acl_cond_pending(c.ver, &env));
	ck_assert(acl_cond_pending(c.wait, &env));
	ck_assert(!acl_cond_pending(c.len, &env));
	ck_assert(acl_cond_eval(c.len, &env));
	env.partial = false;
	ck_assert(!acl_cond_pending(c.sni, &env));
	ck_assert(!acl_cond_eval(c.sni, &env));
	/* No data yet: req.len is 0 and may change. */
	env.payload = NULL;
	env.payload_len = 0;
	env.partial = true;
	ck_assert(acl_cond_pending(c.len, &env));
	trelease();
	config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Userlists */

START_TEST(test_auth)
{
	static const char	 text[] = "userlist L\n"
	    "  group admins users alice\n  group devs\n"
	    "  user alice insecure-password secret\n"
	    "  user bob insecure-password pw groups devs\n"
	    DEFAULTS "frontend f\n  bind 127.0.0.1:8080\n"
	    "  acl auth http_auth(L)\n"
	    "  acl adm http_auth_group(L) admins\n"
	    "  acl dev http_auth_group(L) devs admins\n"
	    "  use_backend b if auth\n  use_backend b if adm\n"
	    "  use_backend b if dev\n"
	    "backend b\n  server s 127.0.0.1:80\n";
	static const struct {
		const char	*hdr;
		bool		 auth, adm, dev;
	} cases[] = {
		{ "Authorization: Basic YWxpY2U6c2VjcmV0\n", true, true, true },
		{ "Authorization: basic Ym9iOnB3\n", true, false, true },
		{ "Authorization: Basic Ym9iOnB4\n", false, false, false },
		{ "Authorization: Basic !!!!\n", false, false, false },
		{ "Authorization: Bearer Ym9iOnB3\n", false, false, false },
		{ "", false, false, false },
	};
	struct http_head	 req;
	struct acl_env		 env;
	struct config		*cfg;
	const struct proxy_conf	*fe;
	char			 r[256];
	size_t			 i;

	cfg = load(text);
	ck_assert_int_eq(tprepare(cfg), 0);
	fe = find_px(cfg, "f");
	for (i = 0; i < nitems(cases); i++) {
		snprintf(r, sizeof(r), "GET / HTTP/1.1\n%s", cases[i].hdr);
		head_build(&req, r);
		memset(&env, 0, sizeof(env));
		env.req = &req;
		ck_assert_msg(acl_cond_eval(fe->use_backends.v[0].cond, &env) ==
		    cases[i].auth, "auth %zu", i);
		ck_assert_msg(acl_cond_eval(fe->use_backends.v[1].cond, &env) ==
		    cases[i].adm, "adm %zu", i);
		ck_assert_msg(acl_cond_eval(fe->use_backends.v[2].cond, &env) ==
		    cases[i].dev, "dev %zu", i);
		head_free(&req);
	}
	trelease();
	config_free(cfg);
}
END_TEST

#ifdef HAVE_CRYPT_R
/* "password" takes a crypt(3) hash (here SHA-512, "openssl passwd -6"). */
START_TEST(test_auth_crypt)
{
	static const char	 text[] = "userlist L\n"
	    "  user carol password '$6$abcdefgh$Z7KfoKnKTSZrzo5VZ0YubGLQOj9ov6"
	    "sHo9TmE3zIU/LHKhpE30zCnZ0mcIXYf9r9rQ4DYaXoxAFSPFlcWdxjB.'\n"
	    DEFAULTS "frontend f\n  bind 127.0.0.1:8080\n"
	    "  use_backend b if { http_auth(L) }\n"
	    "backend b\n  server s 127.0.0.1:80\n";
	struct http_head	 req;
	struct acl_env		 env;
	struct config		*cfg;
	const struct proxy_conf	*fe;

	cfg = load(text);
	fe = find_px(cfg, "f");
	memset(&env, 0, sizeof(env));
	env.req = &req;
	head_build(&req, "GET / HTTP/1.1\n"
	    "Authorization: Basic Y2Fyb2w6czNjcmV0\n");
	ck_assert(acl_cond_eval(fe->use_backends.v[0].cond, &env));
	head_free(&req);
	head_build(&req, "GET / HTTP/1.1\n"
	    "Authorization: Basic Y2Fyb2w6d3Jvbmc=\n");
	ck_assert(!acl_cond_eval(fe->use_backends.v[0].cond, &env));
	head_free(&req);
	config_free(cfg);
}
END_TEST
#endif

/* ------------------------------------------------------------------ */
/* Proxy state: nbsrv, be_conn, queue, connslots, fe_id, be_id */

#define PROXY_STATE_CFG DEFAULTS \
	    "frontend f\n  id 5\n  bind 127.0.0.1:8080\n" \
	    "  use_backend b if { nbsrv(b) ge 2 }\n" \
	    "  use_backend b if { fe_id 5 } { be_id 5 }\n" \
	    "  use_backend b if { be_conn(b) gt 3 }\n" \
	    "  use_backend b if { queue(b) eq 7 } { avg_queue(b) eq 4 }\n" \
	    "  use_backend b if { connslots(b) eq 10 }\n" \
	    "  use_backend b if { fe_conn lt 1 }\n" \
	    "backend b\n  server s1 127.0.0.1:80 maxconn 10 maxqueue 5\n" \
	    "  server s2 127.0.0.1:81 maxconn 10 maxqueue 5\n" \
	    "  http-request deny if { be_id 1 } { nbsrv 1 }\n"

/* The runtime objects of frontend f and backend b (two servers, UP). */
struct fake {
	struct server		 srvs[2];
	struct proxy		 pxs[2];
	struct engine		 eng;
	struct acl_env		 env;
};

static void
fake_engine(struct fake *f, const struct config *cfg)
{
	const struct proxy_conf	*be = find_px(cfg, "b");
	unsigned		 i;

	memset(f, 0, sizeof(*f));
	f->pxs[0].conf = find_px(cfg, "f");
	f->pxs[1].conf = be;
	f->pxs[1].srvs = f->srvs;
	f->pxs[1].nsrvs = 2;
	for (i = 0; i < 2; i++) {
		f->srvs[i].conf = &be->servers.v[i];
		f->srvs[i].px = &f->pxs[1];
		f->srvs[i].state = SRV_ST_UP;
		f->srvs[i].weight = 1;
	}
	f->eng.cfg = cfg;
	f->eng.proxies = f->pxs;
	f->eng.nproxies = 2;
	f->env.eng = &f->eng;
	f->eng.prep = tst_eng.prep;
	f->env.fe = &f->pxs[0];
	f->env.srv_id = -1;
}

START_TEST(test_proxy_state)
{
	struct fake		 f;
	struct config		*cfg;
	const struct proxy_conf	*fe, *be;
	const struct acl_env	*env = &f.env;

	cfg = load(PROXY_STATE_CFG);
	ck_assert_int_eq(tprepare(cfg), 0);
	fe = find_px(cfg, "f");
	be = find_px(cfg, "b");
	fake_engine(&f, cfg);
	ck_assert(acl_cond_eval(fe->use_backends.v[0].cond, env));
	/* The backend is the frontend until one is chosen. */
	ck_assert(acl_cond_eval(fe->use_backends.v[1].cond, env));
	f.pxs[1].beconn = 4;
	ck_assert(acl_cond_eval(fe->use_backends.v[2].cond, env));
	f.pxs[1].queued = 5;
	f.srvs[0].queued = 2;
	ck_assert(acl_cond_eval(fe->use_backends.v[3].cond, env));
	f.srvs[0].cur_conns = 3;
	/* (10 - 3 + 5 - 2) + (10 - 0 + 5 - 0) = 25 */
	ck_assert(!acl_cond_eval(fe->use_backends.v[4].cond, env));
	f.srvs[1].state = SRV_ST_DOWN;
	ck_assert(!acl_cond_eval(fe->use_backends.v[0].cond, env));
	/* s1 only: 10 - 3 + 5 - 2 = 10 */
	ck_assert(acl_cond_eval(fe->use_backends.v[4].cond, env));
	ck_assert(acl_cond_eval(fe->use_backends.v[5].cond, env));
	f.pxs[0].feconn = 1;
	ck_assert(!acl_cond_eval(fe->use_backends.v[5].cond, env));
	/* In the backend: its automatic id is 1, one server is usable. */
	f.env.be = &f.pxs[1];
	ck_assert(acl_cond_eval(be->http_req.v[0].cond, env));
	/* Unprepared, ids are computed from the engine's config. */
	trelease();
	f.eng.prep = NULL;
	ck_assert(acl_cond_eval(be->http_req.v[0].cond, env));
	ck_assert(!acl_cond_eval(fe->use_backends.v[1].cond, env));
	f.env.be = NULL;
	ck_assert(acl_cond_eval(fe->use_backends.v[1].cond, env));
	config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* acl_prepare */

/* Every fetch name the config side knows (cfg_acl_fetch.c). */
static const char *const cfg_fetches[] = {
	"always_false", "always_true", "avg_queue", "base", "be_conn",
	"be_id", "bool(1)", "capture.req.method", "capture.req.uri",
	"connslots", "cook(a)", "cook_cnt(a)", "dst", "dst_port", "fe_conn",
	"fe_id", "hdr(a)", "hdr_cnt(a)", "hdr_ip(a)", "hdr_val(a)",
	"http_auth(L)", "http_auth_group(L)", "int(1)", "method", "nbsrv",
	"path", "query", "queue", "req.cook(a)", "req.cook_cnt(a)",
	"req.fhdr(a)", "req.hdr(a)", "req.hdr_cnt(a)", "req.hdr_ip(a)",
	"req.hdr_val(a)", "req.len", "req.proto_http", "req.ssl_hello_type",
	"req.ssl_sni", "req.ssl_ver", "req.ver", "req_len", "req_proto_http",
	"req_ssl_hello_type", "req_ssl_sni", "req_ssl_ver", "req_ver",
	"res.hdr(a)", "shdr(a)", "src", "src_port", "srv_id", "ssl_fc",
	"status", "str(a)", "url", "url_param(a)", "urlp(a)", "wait_end",
};

START_TEST(test_prepare_all)
{
	char			 text[8192];
	struct config		*cfg;
	struct acl_term_conf	*t;
	size_t			 i, n;

	n = (size_t)snprintf(text, sizeof(text), "userlist L\n"
	    "  user u insecure-password p\n" DEFAULTS
	    "listen l\n  bind 127.0.0.1:8080\n  server s 127.0.0.1:80\n");
	for (i = 0; i < nitems(cfg_fetches); i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    "  acl a%zu %s -m found\n", i, cfg_fetches[i]);
	cfg = load(text);
	ck_assert_int_eq(tprepare(cfg), 0);
	/* A fetch hapx cannot run stops the engine. */
	t = &find_px(cfg, "l")->acls.v[3]->terms.v[0];
	t->fetch = "nope";
	ck_assert_int_eq(tprepare(cfg), -1);
	trelease();
	config_free(cfg);
}
END_TEST

/* The names above are the config side's: it must know each one. */
START_TEST(test_prepare_names)
{
	char	name[64];
	size_t	i;

	for (i = 0; i < nitems(cfg_fetches); i++) {
		snprintf(name, sizeof(name), "%.*s",
		    (int)strcspn(cfg_fetches[i], "("), cfg_fetches[i]);
		ck_assert_msg(cfg_acl_fetch_argkinds(name) != NULL, "%s", name);
	}
}
END_TEST

/* Many terms: the prepared table grows and keeps every one. */
START_TEST(test_prepare_many)
{
	static char		 text[65536];
	struct http_head	 req;
	struct acl_env		 env;
	struct config		*cfg;
	const struct proxy_conf	*fe;
	size_t			 i, n;

	n = (size_t)snprintf(text, sizeof(text), DEFAULTS "frontend f\n"
	    "  bind 127.0.0.1:8080\n");
	for (i = 0; i < 600; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    "  acl a%zu path /p%zu\n", i, i);
	for (i = 0; i < 600; i += 100)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    "  use_backend b if a%zu or a%zu\n", i, i + 99);
	snprintf(text + n, sizeof(text) - n,
	    "backend b\n  server s 127.0.0.1:80\n");
	cfg = load(text);
	ck_assert_int_eq(tprepare(cfg), 0);
	ck_assert_int_eq(tprepare(cfg), 0);	/* twice is fine */
	fe = find_px(cfg, "f");
	head_build(&req, "GET /p599 HTTP/1.1\n");
	memset(&env, 0, sizeof(env));
	env.req = &req;
	ck_assert(!acl_cond_eval(fe->use_backends.v[0].cond, &env));
	ck_assert(acl_cond_eval(fe->use_backends.v[5].cond, &env));
	head_free(&req);
	trelease();
	config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Sample expressions */

static const struct {
	const char	*expr;
	long		 want_rc;	/* -1: no value */
	const char	*want;
} samples[] = {
	{ "src", 8, "10.1.2.3" },
	{ "src_port", 4, "1234" },
	{ "dst", 9, "127.0.0.1" },
	{ "dst_port", 4, "8080" },
	{ "hdr(host)", 15, "www.example.com" },
	{ "req.hdr(x-forwarded-for,-1)", 7, "2.2.2.2" },
	{ "req.hdr(x-forwarded-for,1)", 7, "1.1.1.1" },
	{ "hdr(x-forwarded-for)", 7, "2.2.2.2" },
	{ "req.fhdr(x-forwarded-for)", 16, "1.1.1.1, 2.2.2.2" },
	{ "hdr_cnt(x-forwarded-for)", 1, "2" },
	{ "path", 8, "/Spark/x" },
	{ "path,lower", 8, "/spark/x" },
	{ "path,upper,lower()", 8, "/spark/x" },
	{ "url", 18, "/Spark/x?id=42&a=b" },
	{ "query", 9, "id=42&a=b" },
	{ "url_param(id)", 2, "42" },
	{ "urlp(a)", 1, "b" },
	{ "base", 23, "www.example.com/Spark/x" },
	{ "method", 3, "GET" },
	{ "capture.req.method", 3, "GET" },
	{ "req.ver", 3, "1.1" },
	{ "cook(s)", 1, "2" },
	{ "cook", 1, "1" },
	{ "req.cook_cnt(s)", 1, "2" },
	{ "str(hi),upper", 2, "HI" },
	{ "int(42)", 2, "42" },
	{ "bool(true)", 1, "1" },
	{ "ssl_fc", 1, "0" },
	{ "always_true", 1, "1" },
	{ "hdr(nope)", -1, "" },
	{ "query,bogus", -1, "" },
	{ "bogus", -1, "" },
	{ "hdr(host", -1, "" },
	{ "path(x)", -1, "" },
	{ "status", -1, "" },
	{ "nbsrv(nope)", -1, "" },
	{ "", -1, "" },
};

static void
sample_env(struct acl_env *env, struct http_head *req,
    struct sockaddr_storage *src, struct sockaddr_storage *dst)
{
	head_build(req, "GET /Spark/x?id=42&a=b HTTP/1.1\n"
	    "Host: www.example.com\n"
	    "X-Forwarded-For: 1.1.1.1, 2.2.2.2\n"
	    "Cookie: s=1; t=0\nCookie: s=2\n");
	mkaddr(src, "10.1.2.3", 1234);
	mkaddr(dst, "127.0.0.1", 8080);
	memset(env, 0, sizeof(*env));
	env->req = req;
	env->src = src;
	env->dst = dst;
	env->srv_id = -1;
}

START_TEST(test_sample)
{
	struct sockaddr_storage	 src, dst;
	struct http_head	 req;
	struct acl_env		 env;
	char			 out[64];
	long			 rc;

	sample_env(&env, &req, &src, &dst);
	memset(out, 0, sizeof(out));
	rc = acl_sample(samples[_i].expr, strlen(samples[_i].expr), &env, out,
	    sizeof(out));
	ck_assert_msg(rc == samples[_i].want_rc, "%s: rc %ld, want %ld",
	    samples[_i].expr, rc, samples[_i].want_rc);
	if (rc >= 0)
		ck_assert_str_eq(out, samples[_i].want);
	head_free(&req);
}
END_TEST

/* Truncation, a length shorter than the string, the response side. */
START_TEST(test_sample_edges)
{
	struct sockaddr_storage	 src, dst;
	struct http_head	 req, res;
	struct acl_env		 env;
	char			 out[64];

	sample_env(&env, &req, &src, &dst);
	ck_assert_int_eq(acl_sample("path", 4, &env, out, 4), 3);
	ck_assert_str_eq(out, "/Sp");
	ck_assert_int_eq(acl_sample("srcXYZ", 3, &env, out, sizeof(out)), 8);
	ck_assert_str_eq(out, "10.1.2.3");
	ck_assert_int_eq(acl_sample("src", 3, &env, out, 0), -1);
	head_build(&res, "HTTP/1.1 404 Not Found\nHost: back\n");
	env.res = &res;
	ck_assert_int_eq(acl_sample("status", 6, &env, out, sizeof(out)), 3);
	ck_assert_str_eq(out, "404");
	/* "hdr" reads the response in response rules, req.hdr never. */
	ck_assert_int_eq(acl_sample("hdr(host)", 9, &env, out, sizeof(out)),
	    4);
	ck_assert_int_eq(acl_sample("req.hdr(host)", 13, &env, out,
	    sizeof(out)), 15);
	head_free(&res);
	head_free(&req);
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *
acl_suite(void)
{
	Suite	*s = suite_create("acl");
	TCase	*tc = tcase_create("cond");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_rows, 0, (int)nitems(rows));
	tcase_add_test(tc, test_null);
	tcase_add_test(tc, test_http1_head);
	tcase_add_test(tc, test_response);
	tcase_add_test(tc, test_tls);
	tcase_add_test(tc, test_tls_partial);
	tcase_add_test(tc, test_auth);
#ifdef HAVE_CRYPT_R
	tcase_add_test(tc, test_auth_crypt);
#endif
	tcase_add_test(tc, test_proxy_state);
	tcase_add_test(tc, test_prepare_all);
	tcase_add_test(tc, test_prepare_names);
	tcase_add_test(tc, test_prepare_many);
	tcase_add_loop_test(tc, test_sample, 0, (int)nitems(samples));
	tcase_add_test(tc, test_sample_edges);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(acl_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
