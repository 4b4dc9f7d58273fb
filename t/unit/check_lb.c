/*
 * check_lb.c: unit tests for lb.c (server selection) and
 * proxy_usable_servers().  Backends are built by hand from server_conf and
 * proxy_conf structs; requests are struct http_head filled by hand.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <check.h>

#include "model/cfg_model.h"
#include "http/http1.h"
#include "servers/lb.h"
#include "servers/proxy.h"

#include "base/nitems.h"

#define MAX_SRV		4
#define MAX_IN		16

/*
 * Weak stand-ins for the three http1.c look-ups lb.c uses, so that this
 * test links without http1.o; when http1.o is linked, its definitions win.
 */
__attribute__((weak)) int
http_head_find(const struct http_head *h, const char *name, size_t nlen,
    int from)
{
	unsigned	i;

	for (i = from < 0 ? 0 : (unsigned)from; i < h->nhdrs; i++)
		if (h->hdrs[i].nlen == nlen &&
		    strncasecmp(h->hdrs[i].s, name, nlen) == 0)
			return (int)i;
	return -1;
}

static void
stub_uri(const struct http_head *h, const char **u, size_t *len)
{
	*u = h->start.s + h->uoff;
	*len = h->ulen;
}

__attribute__((weak)) void
http_head_path(const struct http_head *h, const char **p, size_t *len)
{
	const char	*u, *end, *s;
	size_t		 ulen;

	stub_uri(h, &u, &ulen);
	end = u + ulen;
	if (ulen > 0 && u[0] != '/' && (s = strstr(u, "://")) != NULL &&
	    s < end) {
		for (u = s + 3; u < end && *u != '/' && *u != '?'; u++)
			;
	}
	for (s = u; s < end && *s != '?'; s++)
		;
	*p = u;
	*len = (size_t)(s - u);
}

__attribute__((weak)) void
http_head_query(const struct http_head *h, const char **q, size_t *len)
{
	const char	*u, *s;
	size_t		 ulen;

	stub_uri(h, &u, &ulen);
	if ((s = memchr(u, '?', ulen)) == NULL) {
		*q = NULL;
		*len = 0;
		return;
	}
	*q = s + 1;
	*len = ulen - (size_t)(*q - u);
}

/* ------------------------------------------------------------------ */

struct srv_spec {
	unsigned	 w;		/* weight (0 = none: spell every one) */
	bool		 bk;		/* backup */
	enum srv_state	 st;		/* default SRV_ST_UP */
	unsigned	 maxconn;	/* 0 = no limit */
	unsigned	 cur, queued;
};

/*
 * One scenario: strlen(want) picks.  want: 'A'..'D' that server; '-' no
 * server (not full); '!' no server, *full set; '*' any server; '=' the
 * same server as the first pick.  in: space-separated inputs, cycled over
 * the picks: client IPs (source), URIs (uri, url_param) or header values
 * (hdr; "-" = no header).
 */
static const struct lb_case {
	const char	*name;
	enum lb_algo	 algo;
	const char	*arg;		/* balance_arg */
	struct lb_params lb;
	bool		 allbackups;
	unsigned	 nsrv;
	struct srv_spec	 srv[MAX_SRV];
	const char	*in;
	char		 avoid;		/* 'A'.. or 0 */
	bool		 hold;		/* lb_take each pick and keep it */
	unsigned	 nbsrv;		/* proxy_usable_servers() */
	const char	*want;
} cases[] = {
	/* roundrobin */
	{ "rr 3/1 grouped as HAProxy 2.6", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 3 }, { .w = 1 } }, NULL, 0, false, 2,
	  "AAABAAABAAAB" },
	{ "default algorithm is roundrobin", LB_UNSET, NULL, { .draws = 0 },
	  false, 2, { { .w = 3 }, { .w = 1 } }, NULL, 0, false, 2,
	  "AAABAAABAAAB" },
	{ "static-rr 3/1", LB_STATIC_RR, NULL, { .draws = 0 },
	  false, 2, { { .w = 3 }, { .w = 1 } }, NULL, 0, false, 2,
	  "AAABAAABAAAB" },
	{ "rr 3/1 held connections", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 3 }, { .w = 1 } }, NULL, 0, true, 2,
	  "AAABAAAB" },
	{ "rr equal weights alternate", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1 }, { .w = 1 } }, NULL, 0, false, 2,
	  "ABABAB" },
	{ "rr 2/2 alternate", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 2 }, { .w = 2 } }, NULL, 0, false, 2,
	  "ABABABAB" },
	{ "rr three servers", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 3, { { .w = 1 }, { .w = 1 }, { .w = 1 } }, NULL, 0, false, 3,
	  "ABCABCABC" },
	{ "rr weight 0 never", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 0 }, { .w = 1 } }, NULL, 0, false, 1,
	  "BBBB" },
	{ "rr all weight 0: none", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 0 }, { .w = 0 } }, NULL, 0, false, 0,
	  "---" },
	{ "rr DOWN and MAINT skipped", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 3, { { .w = 1, .st = SRV_ST_DOWN },
	  { .w = 1, .st = SRV_ST_MAINT }, { .w = 1 } }, NULL, 0, false, 1,
	  "CCC" },
	{ "rr all down: none", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1, .st = SRV_ST_DOWN },
	  { .w = 1, .st = SRV_ST_MAINT } }, NULL, 0, false, 0, "--" },
	{ "rdp-cookie falls back to rr", LB_RDP_COOKIE, NULL, { .draws = 0 },
	  false, 2, { { .w = 1 }, { .w = 1 } }, NULL, 0, false, 2, "ABAB" },

	/* backups */
	{ "backup idle while an active is up", LB_ROUNDROBIN, NULL,
	  { .draws = 0 }, false, 2, { { .w = 1 }, { .w = 1, .bk = true } },
	  NULL, 0, false, 1, "AAAA" },
	{ "first backup when actives are down", LB_ROUNDROBIN, NULL,
	  { .draws = 0 }, false, 3, { { .w = 1, .st = SRV_ST_DOWN },
	  { .w = 1, .bk = true }, { .w = 1, .bk = true } }, NULL, 0, false, 1,
	  "BBBB" },
	{ "first usable backup", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 4, { { .w = 1, .st = SRV_ST_DOWN },
	  { .w = 1, .bk = true, .st = SRV_ST_MAINT },
	  { .w = 1, .bk = true }, { .w = 1, .bk = true } }, NULL, 0, false, 1,
	  "CCCC" },
	{ "active of weight 0 lets the backup serve", LB_ROUNDROBIN, NULL,
	  { .draws = 0 }, false, 2, { { .w = 0 }, { .w = 1, .bk = true } },
	  NULL, 0, false, 1, "BBB" },
	{ "allbackups balances the backups", LB_ROUNDROBIN, NULL,
	  { .draws = 0 }, true, 3, { { .w = 1, .st = SRV_ST_DOWN },
	  { .w = 1, .bk = true }, { .w = 1, .bk = true } }, NULL, 0, false, 2,
	  "BCBC" },
	{ "allbackups weighted", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  true, 3, { { .w = 1, .st = SRV_ST_MAINT },
	  { .w = 3, .bk = true }, { .w = 1, .bk = true } }, NULL, 0, false, 2,
	  "BBBCBBBC" },
	{ "allbackups idle while an active is up", LB_ROUNDROBIN, NULL,
	  { .draws = 0 }, true, 3, { { .w = 1 }, { .w = 1, .bk = true },
	  { .w = 1, .bk = true } }, NULL, 0, false, 1, "AAA" },
	{ "backups all down: none", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  true, 2, { { .w = 1, .st = SRV_ST_DOWN },
	  { .w = 1, .bk = true, .st = SRV_ST_DOWN } }, NULL, 0, false, 0,
	  "--" },

	/* leastconn */
	{ "leastconn picks the least loaded", LB_LEASTCONN, NULL,
	  { .draws = 0 }, false, 3, { { .w = 1, .cur = 5 },
	  { .w = 1, .cur = 2 }, { .w = 1, .cur = 3 } }, NULL, 0, false, 3,
	  "BBB" },
	{ "leastconn divides by weight", LB_LEASTCONN, NULL, { .draws = 0 },
	  false, 2, { { .w = 2, .cur = 3 }, { .w = 1, .cur = 2 } }, NULL, 0,
	  false, 2, "AA" },
	{ "leastconn counts queued", LB_LEASTCONN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1, .cur = 1, .queued = 3 }, { .w = 1, .cur = 2 } },
	  NULL, 0, false, 2, "BB" },
	{ "leastconn rotates ties", LB_LEASTCONN, NULL, { .draws = 0 },
	  false, 3, { { .w = 1 }, { .w = 1 }, { .w = 1 } }, NULL, 0, false, 3,
	  "ABCABC" },
	{ "leastconn with held connections", LB_LEASTCONN, NULL,
	  { .draws = 0 }, false, 3, { { .w = 1, .cur = 2 }, { .w = 1 },
	  { .w = 1 } }, NULL, 0, true, 3, "BCBCABC" },
	{ "leastconn skips DOWN", LB_LEASTCONN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1, .st = SRV_ST_DOWN }, { .w = 1, .cur = 9 } },
	  NULL, 0, false, 1, "BB" },

	/* first */
	{ "first fills in order", LB_FIRST, NULL, { .draws = 0 },
	  false, 2, { { .w = 1, .maxconn = 2 }, { .w = 1, .maxconn = 2 } },
	  NULL, 0, true, 2, "AABB!" },
	{ "first without maxconn stays on the first", LB_FIRST, NULL,
	  { .draws = 0 }, false, 2, { { .w = 1 }, { .w = 5 } }, NULL, 0, true,
	  2, "AAAA" },
	{ "first skips DOWN", LB_FIRST, NULL, { .draws = 0 },
	  false, 2, { { .w = 1, .st = SRV_ST_DOWN }, { .w = 1 } }, NULL, 0,
	  false, 1, "BBB" },

	/* maxconn and redispatch */
	{ "every server full", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1, .maxconn = 1, .cur = 1 },
	  { .w = 1, .maxconn = 1, .cur = 1 } }, NULL, 0, false, 2, "!!" },
	{ "full server skipped", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1, .maxconn = 1, .cur = 1 }, { .w = 1 } }, NULL,
	  0, false, 2, "BBB" },
	{ "rr fills then reports full", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1, .maxconn = 1 }, { .w = 1, .maxconn = 1 } },
	  NULL, 0, true, 2, "AB!" },
	{ "full actives do not open the backups", LB_ROUNDROBIN, NULL,
	  { .draws = 0 }, false, 2, { { .w = 1, .maxconn = 1, .cur = 1 },
	  { .w = 1, .bk = true } }, NULL, 0, false, 1, "!" },
	{ "leastconn all full", LB_LEASTCONN, NULL, { .draws = 0 },
	  false, 1, { { .w = 1, .maxconn = 3, .cur = 3 } }, NULL, 0, false, 1,
	  "!" },
	{ "avoid honoured", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1 }, { .w = 1 } }, NULL, 'A', false, 2, "BBBB" },
	{ "avoid the only usable server", LB_ROUNDROBIN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1 }, { .w = 1, .st = SRV_ST_DOWN } }, NULL, 'A',
	  false, 1, "AAA" },
	{ "avoid when the other one is full", LB_ROUNDROBIN, NULL,
	  { .draws = 0 }, false, 2, { { .w = 1 },
	  { .w = 1, .maxconn = 1, .cur = 1 } }, NULL, 'A', false, 2, "AA" },
	{ "leastconn avoid", LB_LEASTCONN, NULL, { .draws = 0 },
	  false, 2, { { .w = 1 }, { .w = 1, .cur = 4 } }, NULL, 'A', false, 2,
	  "BB" },

	/* source */
	{ "source stable for one IP", LB_SOURCE, NULL, { .draws = 0 },
	  false, 3, { { .w = 1 }, { .w = 1 }, { .w = 1 } }, "10.0.0.1", 0,
	  false, 3, "*====" },
	{ "source: v4-mapped v6 hashes as v4", LB_SOURCE, NULL, { .draws = 0 },
	  false, 4, { { .w = 1 }, { .w = 1 }, { .w = 1 }, { .w = 1 } },
	  "192.168.1.7 ::ffff:192.168.1.7", 0, false, 4, "*===" },
	{ "source stable for one v6 IP", LB_SOURCE, NULL, { .draws = 0 },
	  false, 3, { { .w = 1 }, { .w = 2 }, { .w = 1 } }, "2001:db8::1", 0,
	  false, 3, "*===" },
	{ "source without an address: rr", LB_SOURCE, NULL, { .draws = 0 },
	  false, 2, { { .w = 1 }, { .w = 1 } }, NULL, 0, false, 2, "ABAB" },
	{ "source single server", LB_SOURCE, NULL, { .draws = 0 },
	  false, 2, { { .w = 1, .st = SRV_ST_DOWN }, { .w = 1 } },
	  "10.1.2.3 10.9.9.9 172.16.0.1", 0, false, 1, "BBB" },

	/* uri */
	{ "uri stable per path, query ignored", LB_URI, NULL, { .draws = 0 },
	  false, 4, { { .w = 1 }, { .w = 1 }, { .w = 1 }, { .w = 1 } },
	  "/a/b?x=1 /a/b?y=2 /a/b", 0, false, 4, "*==" },
	{ "uri depth 2", LB_URI, NULL, { .uri_depth = 2 },
	  false, 4, { { .w = 1 }, { .w = 1 }, { .w = 1 }, { .w = 1 } },
	  "/a/b/c /a/b/d/e /a/b /a/b?q", 0, false, 4, "*===" },
	{ "uri len 3", LB_URI, NULL, { .uri_len = 3 },
	  false, 4, { { .w = 1 }, { .w = 1 }, { .w = 1 }, { .w = 1 } },
	  "/abcdef /abcxyz /ab", 0, false, 4, "*==" },
	{ "uri whole len covers the query", LB_URI, NULL,
	  { .uri_whole = true, .uri_len = 4 }, false, 4, { { .w = 1 },
	  { .w = 1 }, { .w = 1 }, { .w = 1 } }, "/p?abc /p?axyz", 0, false, 4,
	  "*=" },
	{ "uri path-only on absolute URIs", LB_URI, NULL,
	  { .uri_path_only = true }, false, 4, { { .w = 1 }, { .w = 1 },
	  { .w = 1 }, { .w = 1 } }, "http://h1/x /x http://h2:80/x?q", 0,
	  false, 4, "*==" },
	{ "uri in tcp mode: rr", LB_URI, NULL, { .draws = 0 },
	  false, 2, { { .w = 1 }, { .w = 1 } }, NULL, 0, false, 2, "ABAB" },

	/* url_param */
	{ "url_param stable per value", LB_URL_PARAM, "id", { .draws = 0 },
	  false, 4, { { .w = 1 }, { .w = 1 }, { .w = 1 }, { .w = 1 } },
	  "/x?id=7 /y?a=1&id=7 /z?id=7&b=2 /?xid=3&id=7", 0, false, 4,
	  "*===" },
	{ "url_param absent: rr", LB_URL_PARAM, "id", { .draws = 0 },
	  false, 2, { { .w = 1 }, { .w = 1 } },
	  "/x /y?a=1 /z?ida=1&xid=2 /w?id", 0, false, 2, "ABAB" },

	/* hdr */
	{ "hdr stable per value", LB_HDR, "X-User", { .draws = 0 },
	  false, 4, { { .w = 1 }, { .w = 1 }, { .w = 1 }, { .w = 1 } },
	  "bob", 0, false, 4, "*==" },
	{ "hdr absent: rr", LB_HDR, "X-User", { .draws = 0 },
	  false, 2, { { .w = 1 }, { .w = 1 } }, "-", 0, false, 2, "ABAB" },
	{ "hdr use_domain_only", LB_HDR, "Host", { .use_domain_only = true },
	  false, 4, { { .w = 1 }, { .w = 1 }, { .w = 1 }, { .w = 1 } },
	  "www.example.com example.com:8080 a.b.example.org example", 0,
	  false, 4, "*===" },

	/* random */
	{ "random picks usable servers", LB_RANDOM, NULL, { .draws = 0 },
	  false, 3, { { .w = 1 }, { .w = 1 }, { .w = 1 } }, NULL, 0, false, 3,
	  "********" },
	{ "random skips DOWN and weight 0", LB_RANDOM, NULL, { .draws = 0 },
	  false, 3, { { .w = 1, .st = SRV_ST_DOWN }, { .w = 0 }, { .w = 1 } },
	  NULL, 0, false, 1, "CCCC" },
	{ "random(1) all full", LB_RANDOM, NULL, { .draws = 1 },
	  false, 2, { { .w = 1, .maxconn = 1, .cur = 1 },
	  { .w = 1, .maxconn = 1, .cur = 1 } }, NULL, 0, false, 2, "!" },
};

/* ------------------------------------------------------------------ */
/* Fixtures */

struct fixture {
	struct proxy_conf	pc;
	struct server_conf	sc[MAX_SRV];
	struct server		srv[MAX_SRV];
	struct proxy		be;
};

static struct fixture	fx;

static void
fx_build(enum lb_algo algo, const char *arg, const struct lb_params *lb,
    bool allbackups, unsigned nsrv, const struct srv_spec *spec)
{
	unsigned	i;

	memset(&fx, 0, sizeof(fx));
	proxy_conf_init(&fx.pc);
	fx.pc.balance = algo;
	fx.pc.balance_arg = arg;
	if (lb != NULL)
		fx.pc.lb = *lb;
	if (allbackups)
		fx.pc.opts |= PXO_BIT(PXO_ALLBACKUPS);
	for (i = 0; i < nsrv; i++) {
		server_conf_init(&fx.sc[i]);
		fx.sc[i].weight = spec[i].w;
		fx.sc[i].backup = spec[i].bk;
		if (spec[i].maxconn > 0)
			fx.sc[i].maxconn = spec[i].maxconn;
		fx.srv[i].conf = &fx.sc[i];
		fx.srv[i].px = &fx.be;
		fx.srv[i].idx = i;
		fx.srv[i].state = spec[i].st;
		fx.srv[i].weight = spec[i].w;
		fx.srv[i].cur_conns = spec[i].cur;
		fx.srv[i].queued = spec[i].queued;
	}
	fx.be.conf = &fx.pc;
	fx.be.srvs = fx.srv;
	fx.be.nsrvs = nsrv;
	lb_init(&fx.be);
}

/* A request, built by hand as http1.c would leave it. */
struct req {
	char			start[256];
	char			line[256];
	struct http_line	hdr;
	struct http_head	head;
};

static void
req_build(struct req *r, const char *uri, const char *hname,
    const char *hval)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->start, sizeof(r->start), "GET %s HTTP/1.1", uri);
	r->head.start.s = r->start;
	r->head.start.len = strlen(r->start);
	r->head.moff = 0;
	r->head.mlen = 3;
	r->head.uoff = 4;
	r->head.ulen = strlen(uri);
	r->head.vmajor = r->head.vminor = 1;
	r->head.is_request = true;
	if (hname == NULL)
		return;
	snprintf(r->line, sizeof(r->line), "%s: %s", hname, hval);
	r->hdr.s = r->line;
	r->hdr.len = strlen(r->line);
	r->hdr.nlen = strlen(hname);
	r->hdr.voff = r->hdr.nlen + 2;
	r->hdr.vlen = strlen(hval);
	r->head.hdrs = &r->hdr;
	r->head.nhdrs = r->head.cap = 1;
}

static void
addr_build(struct sockaddr_storage *ss, const char *ip)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, ip, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		return;
	}
	ck_assert_msg(inet_pton(AF_INET6, ip, &sin6->sin6_addr) == 1,
	    "bad test address %s", ip);
	sin6->sin6_family = AF_INET6;
}

/* Fill IN for input token TOK under algorithm ALGO. */
static void
input_build(struct lb_input *in, struct sockaddr_storage *ss, struct req *r,
    enum lb_algo algo, const char *arg, const char *tok)
{
	memset(in, 0, sizeof(*in));
	if (tok == NULL)
		return;
	switch (algo) {
	case LB_SOURCE:
		addr_build(ss, tok);
		in->src = ss;
		break;
	case LB_HDR:
		req_build(r, "/", strcmp(tok, "-") == 0 ? NULL : arg, tok);
		in->req = &r->head;
		break;
	default:
		req_build(r, tok, NULL, NULL);
		in->req = &r->head;
		break;
	}
}

static unsigned
tokens(const char *s, char *buf, size_t bufsz, char **tok)
{
	unsigned	 n = 0;
	char		*p, *save = NULL;

	if (s == NULL)
		return 0;
	snprintf(buf, bufsz, "%s", s);
	for (p = strtok_r(buf, " ", &save); p != NULL && n < MAX_IN;
	    p = strtok_r(NULL, " ", &save))
		tok[n++] = p;
	return n;
}

static char
pick_char(const struct server *s, bool full)
{
	if (s == NULL)
		return full ? '!' : '-';
	return (char)('A' + s->idx);
}

/* One pick on the fixture, as a character. */
static char
pick1(const struct lb_input *in)
{
	struct server	*s;
	bool		 full;

	s = lb_pick(&fx.be, in, &full);
	return pick_char(s, full);
}

/* ------------------------------------------------------------------ */

START_TEST(test_case)
{
	const struct lb_case	*c = &cases[_i];
	struct lb_input		 in;
	struct sockaddr_storage	 ss;
	struct req		 r;
	struct server		*s, *first = NULL;
	char			 buf[512], *tok[MAX_IN], got[64];
	unsigned		 ntok, k, n = (unsigned)strlen(c->want);
	bool			 full, ok = true;

	fx_build(c->algo, c->arg, &c->lb, c->allbackups, c->nsrv, c->srv);
	ck_assert_msg(proxy_usable_servers(&fx.be) == c->nbsrv,
	    "%s: nbsrv %u, want %u", c->name, proxy_usable_servers(&fx.be),
	    c->nbsrv);
	ntok = tokens(c->in, buf, sizeof(buf), tok);
	for (k = 0; k < n && k < sizeof(got) - 1; k++) {
		input_build(&in, &ss, &r, c->algo, c->arg,
		    ntok > 0 ? tok[k % ntok] : NULL);
		in.avoid = c->avoid ? &fx.srv[c->avoid - 'A'] : NULL;
		full = k % 2 == 0;	/* lb_pick must set it either way */
		s = lb_pick(&fx.be, &in, &full);
		got[k] = pick_char(s, full);
		if (s != NULL && full)
			ok = false;
		if (k == 0)
			first = s;
		switch (c->want[k]) {
		case '*':
			ok = ok && s != NULL;
			break;
		case '=':
			ok = ok && s != NULL && s == first;
			break;
		default:
			ok = ok && got[k] == c->want[k];
			break;
		}
		if (s != NULL && c->hold)
			lb_take(s);
	}
	got[k] = '\0';
	ck_assert_msg(ok, "%s: got %s, want %s", c->name, got, c->want);
}
END_TEST

/* Source hashing follows the weights over many clients: 3/1. */
START_TEST(test_source_spread)
{
	static const struct srv_spec	spec[] = { { .w = 3 }, { .w = 1 } };
	struct sockaddr_storage		ss;
	struct lb_input			in = { &ss, NULL, NULL };
	struct server			*s;
	unsigned			i, count[2] = { 0, 0 };
	char				ip[32];
	bool				full;

	fx_build(LB_SOURCE, NULL, NULL, false, 2, spec);
	for (i = 0; i < 1000; i++) {
		snprintf(ip, sizeof(ip), "10.%u.%u.%u", i >> 16 & 255,
		    i >> 8 & 255, i & 255);
		addr_build(&ss, ip);
		s = lb_pick(&fx.be, &in, &full);
		ck_assert_ptr_nonnull(s);
		count[s->idx]++;
	}
	ck_assert_msg(count[0] > 650 && count[0] < 850,
	    "A got %u of 1000 (want ~750)", count[0]);
}
END_TEST

/* Different paths spread over four servers; "whole" spreads queries. */
START_TEST(test_uri_spread)
{
	static const struct srv_spec	spec[] = { { .w = 1 }, { .w = 1 },
		{ .w = 1 }, { .w = 1 } };
	struct lb_params		lb = { .uri_whole = _i == 1 };
	struct lb_input			in = { NULL, NULL, NULL };
	struct req			r;
	struct server			*s;
	unsigned			i, count[4] = { 0, 0, 0, 0 };
	char				uri[64];
	bool				full;

	fx_build(LB_URI, NULL, &lb, false, 4, spec);
	for (i = 0; i < 400; i++) {
		if (_i == 0)
			snprintf(uri, sizeof(uri), "/img/%u.png", i);
		else
			snprintf(uri, sizeof(uri), "/q?id=%u", i);
		req_build(&r, uri, NULL, NULL);
		in.req = &r.head;
		s = lb_pick(&fx.be, &in, &full);
		ck_assert_ptr_nonnull(s);
		count[s->idx]++;
	}
	for (i = 0; i < 4; i++)
		ck_assert_msg(count[i] > 50, "server %u got %u of 400", i,
		    count[i]);
}
END_TEST

/* A hashed client moves off its server only while it is full, or avoided
 * with consistent hashing, and comes back after.  Map-based hashing
 * ignores the server to avoid (HAProxy 2.6: a redispatch hashes to the
 * same server). */
START_TEST(test_hash_avoid_full)
{
	static const struct srv_spec	spec[] = { { .w = 1 }, { .w = 1 },
		{ .w = 1 } };
	struct sockaddr_storage		ss;
	struct lb_input			in = { &ss, NULL, NULL };
	struct server			*home, *s;
	bool				full;

	fx_build(LB_SOURCE, NULL, NULL, false, 3, spec);
	addr_build(&ss, "198.51.100.23");
	home = lb_pick(&fx.be, &in, &full);
	ck_assert_ptr_nonnull(home);
	in.avoid = home;
	ck_assert_ptr_eq(lb_pick(&fx.be, &in, &full), home);
	/* Consistent hashing maps keys its own way: its home first. */
	fx.pc.hash_method = HASH_CONSISTENT;
	in.avoid = NULL;
	home = lb_pick(&fx.be, &in, &full);
	ck_assert_ptr_nonnull(home);
	in.avoid = home;
	s = lb_pick(&fx.be, &in, &full);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_ne(s, home);
	in.avoid = NULL;
	fx.sc[home->idx].maxconn = 1;
	lb_take(home);
	s = lb_pick(&fx.be, &in, &full);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_ne(s, home);
	ck_assert(!full);
	lb_release(home);
	ck_assert_ptr_eq(lb_pick(&fx.be, &in, &full), home);
}
END_TEST

/* Consistent hashing: a server going down moves its own keys only, and
 * "hash-balance-factor" sends a key elsewhere while its home is loaded. */
START_TEST(test_hash_consistent)
{
	static const struct srv_spec	spec[] = { { .w = 1 }, { .w = 1 },
		{ .w = 1 }, { .w = 1 } };
	struct sockaddr_storage		ss;
	struct lb_input			in = { &ss, NULL, NULL };
	struct server			*before[200], *s;
	unsigned			i, count[4] = { 0 }, moved = 0;
	bool				full;
	char				a[32];

	fx_build(LB_SOURCE, NULL, NULL, false, 4, spec);
	fx.pc.hash_method = HASH_CONSISTENT;
	for (i = 0; i < 200; i++) {
		snprintf(a, sizeof(a), "10.1.%u.%u", i / 50, i % 50 + 1);
		addr_build(&ss, a);
		before[i] = lb_pick(&fx.be, &in, &full);
		ck_assert_ptr_nonnull(before[i]);
		count[before[i]->idx]++;
	}
	for (i = 0; i < 4; i++)
		ck_assert_msg(count[i] > 20, "server %u got %u of 200", i,
		    count[i]);
	fx.srv[2].state = SRV_ST_DOWN;
	for (i = 0; i < 200; i++) {
		snprintf(a, sizeof(a), "10.1.%u.%u", i / 50, i % 50 + 1);
		addr_build(&ss, a);
		s = lb_pick(&fx.be, &in, &full);
		ck_assert_ptr_nonnull(s);
		ck_assert_ptr_ne(s, &fx.srv[2]);
		if (before[i] != &fx.srv[2])
			ck_assert_ptr_eq(s, before[i]);
		else
			moved++;
	}
	ck_assert_uint_eq(moved, count[2]);
	fx.srv[2].state = SRV_ST_UP;
	addr_build(&ss, "10.1.0.1");
	s = before[0];
	s->cur_conns = 10;
	fx.pc.hash_balance_factor = 125;
	ck_assert_ptr_ne(lb_pick(&fx.be, &in, &full), s);
	fx.pc.hash_balance_factor = 0;
	ck_assert_ptr_eq(lb_pick(&fx.be, &in, &full), s);
}
END_TEST

START_TEST(test_take_release)
{
	static const struct srv_spec	spec[] = { { .w = 1 } };
	struct server			*s;

	fx_build(LB_ROUNDROBIN, NULL, NULL, false, 1, spec);
	s = &fx.srv[0];
	lb_take(s);
	lb_take(s);
	ck_assert_uint_eq(s->cur_conns, 2);
	ck_assert_uint_eq(s->max_conns, 2);
	lb_release(s);
	ck_assert_uint_eq(s->cur_conns, 1);
	ck_assert_uint_eq(s->max_conns, 2);
	lb_release(s);
	lb_release(s);		/* never below zero */
	ck_assert_uint_eq(s->cur_conns, 0);
}
END_TEST

/* Weight changes and server state changes take effect at once, and
 * lb_init restarts the pattern. */
START_TEST(test_rr_dynamic)
{
	static const struct srv_spec	spec[] = { { .w = 3 }, { .w = 1 } };
	char				got[16];
	unsigned			k = 0;

	fx_build(LB_ROUNDROBIN, NULL, NULL, false, 2, spec);
	got[k++] = pick1(NULL);
	fx.srv[0].weight = 1;		/* credit 2 left, clamped to 1 */
	got[k++] = pick1(NULL);
	got[k++] = pick1(NULL);
	got[k++] = pick1(NULL);
	fx.srv[1].state = SRV_ST_DOWN;
	got[k++] = pick1(NULL);
	got[k++] = pick1(NULL);
	fx.srv[0].state = SRV_ST_MAINT;
	got[k++] = pick1(NULL);
	fx.srv[0].state = fx.srv[1].state = SRV_ST_UP;
	fx.srv[0].weight = 3;
	lb_init(&fx.be);
	got[k++] = pick1(NULL);
	got[k++] = pick1(NULL);
	got[k++] = pick1(NULL);
	got[k++] = pick1(NULL);
	got[k] = '\0';
	ck_assert_str_eq(got, "AABAAA-AAAB");
}
END_TEST

/* static-rr keeps the configured weights when the effective one moves. */
START_TEST(test_static_rr_weight)
{
	static const struct srv_spec	spec[] = { { .w = 3 }, { .w = 1 } };
	char				got[16];
	unsigned			k;

	fx_build(LB_STATIC_RR, NULL, NULL, false, 2, spec);
	fx.srv[0].weight = 1;
	for (k = 0; k < 8; k++)
		got[k] = pick1(NULL);
	got[k] = '\0';
	ck_assert_str_eq(got, "AAABAAAB");
}
END_TEST

/* A frontend (no servers, conf may be NULL) has no usable server. */
START_TEST(test_usable_no_servers)
{
	struct proxy	px;
	bool		full = true;

	memset(&px, 0, sizeof(px));
	ck_assert_uint_eq(proxy_usable_servers(&px), 0);
	proxy_conf_init(&fx.pc);
	px.conf = &fx.pc;
	lb_init(&px);
	ck_assert_ptr_null(lb_pick(&px, NULL, &full));
	ck_assert(!full);
}
END_TEST

static Suite *
lb_suite(void)
{
	Suite	*s = suite_create("lb");
	TCase	*tc = tcase_create("lb");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_case, 0, (int)nitems(cases));
	tcase_add_test(tc, test_source_spread);
	tcase_add_loop_test(tc, test_uri_spread, 0, 2);
	tcase_add_test(tc, test_hash_avoid_full);
	tcase_add_test(tc, test_hash_consistent);
	tcase_add_test(tc, test_take_release);
	tcase_add_test(tc, test_rr_dynamic);
	tcase_add_test(tc, test_static_rr_weight);
	tcase_add_test(tc, test_usable_no_servers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(lb_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
