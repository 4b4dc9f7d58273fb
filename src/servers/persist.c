/*
 * persist: cookie persistence, use-server, force-persist, ignore-persist,
 * option persist, server "redir" and backend "dispatch", as HAProxy 2.6
 * (doc §4.2; observed behaviour in t/e2e/http_cookie.sh).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/acl.h"
#include "model/cfg_model.h"
#include "http/http1.h"
#include "servers/persist.h"
#include "servers/proxy.h"
#include "engine/session_types.h"

#define CK_PFX_DELIM	'~'	/* prefix mode: VALUE~original */
#define CK_DATE_DELIM	'|'	/* insert mode: VALUE|dates (maxidle...) */
#define CK_LINE_MAX	4096

/* A piece of text inside a header line. */
struct slice {
	const char	*p;
	size_t		 n;
};

static bool
slice_eq(struct slice a, const char *s)
{
	return s != NULL && strlen(s) == a.n && memcmp(a.p, s, a.n) == 0;
}

static struct slice
slice_trim(const char *p, size_t n)
{
	struct slice	r;

	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	r.p = p;
	r.n = n;
	return r;
}

/* maxidle / maxlife in seconds, 0 = unset. */
static int64_t
persist_secs(uint32_t ms)
{
	return ms == CFG_UNSET ? 0 : ms / 1000;
}

static const char b64tab[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* A cookie date: 30 bits (seconds / 4) in 5 base64 digits, as HAProxy. */
static void
persist_date_enc(int64_t secs, char out[6])
{
	uint32_t	v = (uint32_t)((secs + 3) >> 2);
	int		i;

	for (i = 4; i >= 0; i--) {
		out[i] = b64tab[v & 63];
		v >>= 6;
	}
	out[5] = '\0';
}

/* The date in the 5 digits at P (seconds), 0 if invalid. */
static int64_t
persist_date_dec(const char *p)
{
	int64_t		v = 0;
	const char	*c;
	int		i;

	for (i = 0; i < 5; i++) {
		if (p[i] == '\0' || (c = strchr(b64tab, p[i])) == NULL)
			return 0;
		v = (v << 6) | (c - b64tab);
	}
	return v << 2;
}

static bool
persist_has_cookie(const struct proxy *be)
{
	return be->conf->cookie.name != NULL && be->conf->cookie.set;
}

/* Can SRV take a persistent request: running, or persistence forced. */
static bool
persist_srv_ok(const struct session *s, const struct server *srv)
{
	return srv->state == SRV_ST_UP ||
	    (s->be->conf->opts & PXO_BIT(PXO_PERSIST)) ||
	    (s->prst & PRST_FORCE);
}

static void
persist_assign(struct session *s, struct server *srv)
{
	s->direct_srv = srv;
	s->prst |= PRST_DIRECT;
}

/*
 * force-persist / ignore-persist: HAProxy keeps both in one list and the
 * first rule that matches, in config order, decides.  The model has two
 * lists; their positions give the order back.
 */
static void
persist_rules(struct session *s)
{
	const struct proxy_conf	*pc = s->be->conf;
	const struct cond_conf	*best = NULL;
	unsigned		 i, fl = 0;

	for (i = 0; i < pc->force_persist.n; i++)
		if (acl_cond_eval(pc->force_persist.v[i], &s->env)) {
			best = pc->force_persist.v[i];
			fl = PRST_FORCE;
			break;
		}
	for (i = 0; i < pc->ignore_persist.n; i++) {
		const struct cond_conf	*c = pc->ignore_persist.v[i];

		if (best != NULL && c->pos.line > best->pos.line)
			break;
		if (acl_cond_eval(c, &s->env)) {
			fl = PRST_IGNORE;
			break;
		}
	}
	s->prst |= fl;
}

/* use-server: the first matching rule whose server can take the request
 * assigns it; a rule naming a server that is down is skipped. */
static void
persist_use_server(struct session *s)
{
	const struct proxy_conf	*pc = s->be->conf;
	unsigned		 i;

	for (i = 0; i < pc->use_servers.n; i++) {
		const struct server_rule	*r = &pc->use_servers.v[i];
		struct server			*srv;

		if (r->index < 0 || (unsigned)r->index >= s->be->nsrvs ||
		    !acl_cond_eval(r->cond, &s->env))
			continue;
		srv = &s->be->srvs[r->index];
		if (persist_srv_ok(s, srv)) {
			persist_assign(s, srv);
			return;
		}
	}
}

void
persist_tcp(struct session *s)
{
	persist_rules(s);
	persist_use_server(s);
}

/* ------------------------------------------------------------------ */
/* Request cookie */

/*
 * The request carries the persistence cookie with value V: find the first
 * server of that cookie value that can take it (unless persistence is
 * ignored or a server is assigned already) and note the cookie status
 * for the log (HAProxy's 3rd termination character).
 */
static void
persist_ck_server(struct session *s, struct slice id)
{
	unsigned	i;
	bool		down = false;

	if (s->txn.ck_req == 'E' || s->txn.ck_req == 'O')
		return;		/* expired: as if there were no cookie */
	if (id.n > 0 && !(s->prst & (PRST_IGNORE | PRST_DIRECT)))
		for (i = 0; i < s->be->nsrvs; i++) {
			struct server	*srv = &s->be->srvs[i];

			if (!slice_eq(id, srv->conf->cookie))
				continue;
			if (persist_srv_ok(s, srv)) {
				persist_assign(s, srv);
				s->txn.ck_req = srv->state == SRV_ST_UP ?
				    'V' : 'D';
				return;
			}
			down = true;
			s->txn.ck_req = 'D';
		}
	if (!down)
		s->txn.ck_req = s->prst & (PRST_IGNORE | PRST_DIRECT) ?
		    'U' : 'I';
}

/* The 5 date digits at P (N bytes left), 0 if too short or invalid. */
static int64_t
persist_date_at(const char *p, size_t n)
{
	char	b[6];

	if (n < 5)
		return 0;
	memcpy(b, p, 5);
	b[5] = '\0';
	return persist_date_dec(b);
}

/*
 * insert mode, "ID|last|first" (P at the first '|', N bytes to the end
 * of the value): the dates maxidle and maxlife judge.  An expired cookie
 * is treated as absent (*ID emptied), as HAProxy's E and O statuses.
 */
static void
persist_ck_dates(struct session *s, const char *p, size_t n,
    struct slice *id)
{
	const struct cookie_conf	*ck = &s->be->conf->cookie;
	int64_t				 now = time(NULL);
	int64_t				 life = persist_secs(ck->maxlife_ms);
	int64_t				 idle = persist_secs(ck->maxidle_ms);
	const char			*q = memchr(p + 1, CK_DATE_DELIM, n - 1);
	struct sess_txn			*t = &s->txn;

	t->ck_last = persist_date_at(p + 1, n - 1);
	t->ck_first = q != NULL ? persist_date_at(q + 1,
	    (size_t)(p + n - q - 1)) : 0;
	if (t->ck_first && life && (now - t->ck_first > life ||
	    t->ck_first - now > 86400))
		t->ck_req = 'O';
	else if (t->ck_last && idle && (now - t->ck_last > idle ||
	    t->ck_last - now > 86400))
		t->ck_req = 'E';
	else
		return;
	id->n = 0;
	t->ck_first = t->ck_last = 0;
}

/*
 * One "name=value" of a Cookie header.  Appends what the server must see
 * of it to OUT (prefix mode: the value without "ID~"; insert+indirect:
 * nothing); returns whether it was the persistence cookie.
 */
static bool
persist_req_one(struct session *s, struct slice c, char *out, size_t *olen,
    size_t osz)
{
	const struct cookie_conf	*ck = &s->be->conf->cookie;
	const char			*eq = memchr(c.p, '=', c.n);
	struct slice			 name, val, id;
	const char			*d;
	int				 n;

	name = slice_trim(c.p, eq != NULL ? (size_t)(eq - c.p) : c.n);
	val = eq != NULL ? slice_trim(eq + 1, c.n - (size_t)(eq - c.p) - 1) :
	    slice_trim(c.p + c.n, 0);
	if (!slice_eq(name, ck->name)) {
		n = snprintf(out + *olen, osz - *olen, "%s%.*s",
		    *olen ? "; " : "", (int)c.n, c.p);
		if (n > 0 && (size_t)n < osz - *olen)
			*olen += (size_t)n;
		return false;
	}
	id = val;
	d = memchr(val.p, ck->prefix ? CK_PFX_DELIM : CK_DATE_DELIM, val.n);
	if (d != NULL)
		id.n = (size_t)(d - val.p);
	if (ck->insert && d != NULL)
		persist_ck_dates(s, d, (size_t)(val.p + val.n - d), &id);
	persist_ck_server(s, id);
	if (ck->prefix && d != NULL) {
		n = snprintf(out + *olen, osz - *olen, "%s%.*s=%.*s",
		    *olen ? "; " : "", (int)name.n, name.p,
		    (int)(val.n - id.n - 1), d + 1);
		if (n > 0 && (size_t)n < osz - *olen)
			*olen += (size_t)n;
	} else if (!(ck->insert && ck->indirect)) {
		n = snprintf(out + *olen, osz - *olen, "%s%.*s",
		    *olen ? "; " : "", (int)c.n, c.p);
		if (n > 0 && (size_t)n < osz - *olen)
			*olen += (size_t)n;
	}
	return true;
}

/* Cookie header I: find the persistence cookie, strip it as the mode
 * wants.  Returns the index of the next header to look at. */
static int
persist_req_hdr(struct session *s, unsigned i)
{
	struct http_line	*l = &s->req.hdrs[i];
	const char		*p = l->s + l->voff, *end = p + l->vlen, *semi;
	char			 out[CK_LINE_MAX];
	size_t			 olen = 0;
	bool			 hit = false;
	struct slice		 c;

	while (p < end) {
		semi = memchr(p, ';', (size_t)(end - p));
		c = slice_trim(p, (semi != NULL ? semi : end) - p);
		if (c.n > 0)
			hit |= persist_req_one(s, c, out, &olen, sizeof(out));
		p = semi != NULL ? semi + 1 : end;
	}
	if (!hit)
		return (int)i + 1;
	if (olen == 0) {
		http_head_del(&s->req, i);	/* nothing left of it */
		return (int)i;
	}
	{
		char	line[CK_LINE_MAX + 16];
		int	n = snprintf(line, sizeof(line), "%.*s: %.*s",
			    (int)l->nlen, l->s, (int)olen, out);

		if (n > 0 && (size_t)n < sizeof(line))
			http_head_set_line(&s->req, i, line, (size_t)n);
	}
	return (int)i + 1;
}

static void
persist_req_cookie(struct session *s)
{
	int	i = 0;

	s->txn.ck_req = 'N';
	s->txn.ck_res = 'N';
	while ((i = http_head_find(&s->req, "Cookie", 6, i)) >= 0)
		i = persist_req_hdr(s, (unsigned)i);
}

void
persist_request(struct session *s)
{
	s->direct_srv = NULL;
	s->prst = 0;
	persist_rules(s);
	persist_use_server(s);
	if (persist_has_cookie(s->be))
		persist_req_cookie(s);
}

/* ------------------------------------------------------------------ */
/* Response cookie */

/* Header I of H as a slice of its value. */
static struct slice
hdr_val(const struct http_head *h, unsigned i)
{
	struct slice	r;

	r.p = h->hdrs[i].s + h->hdrs[i].voff;
	r.n = h->hdrs[i].vlen;
	return r;
}

/* Does any header NAME of H hold the token TOK (case-insensitive)? */
static bool
hdr_has(const struct http_head *h, const char *name, const char *tok)
{
	size_t	tl = strlen(tok);
	int	i = 0;

	while ((i = http_head_find(h, name, strlen(name), i)) >= 0) {
		struct slice	v = hdr_val(h, (unsigned)i);
		size_t		k;

		for (k = 0; k + tl <= v.n; k++)
			if (strncasecmp(v.p + k, tok, tl) == 0)
				return true;
		i++;
	}
	return false;
}

/*
 * Would a shared cache store this response (HAProxy's TX_CACHEABLE)?  A
 * GET or HEAD without Authorization, a cacheable status, no directive
 * against caching, and explicit freshness or a validator.
 */
static bool
persist_cacheable(const struct session *s)
{
	const struct http_head	*q = &s->req, *r = &s->res;
	static const int	 ok[] = { 200, 203, 204, 206, 300, 301, 404,
				    405, 410, 414, 501 };
	unsigned		 i;
	bool			 st = false;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		st |= r->status == ok[i];
	if (!st || http_head_find(q, "Authorization", 13, 0) >= 0)
		return false;
	if (!(q->mlen == 3 && memcmp(q->start.s + q->moff, "GET", 3) == 0) &&
	    !(q->mlen == 4 && memcmp(q->start.s + q->moff, "HEAD", 4) == 0))
		return false;
	if (hdr_has(r, "Pragma", "no-cache") ||
	    hdr_has(r, "Cache-Control", "private") ||
	    hdr_has(r, "Cache-Control", "no-cache") ||
	    hdr_has(r, "Cache-Control", "no-store") ||
	    hdr_has(r, "Cache-Control", "max-age=0") ||
	    hdr_has(r, "Cache-Control", "s-maxage=0"))
		return false;
	return hdr_has(r, "Cache-Control", "max-age") ||
	    hdr_has(r, "Cache-Control", "public") ||
	    http_head_find(r, "Expires", 7, 0) >= 0 ||
	    http_head_find(r, "ETag", 4, 0) >= 0 ||
	    http_head_find(r, "Last-Modified", 13, 0) >= 0;
}

/* Set-Cookie header I names the persistence cookie (value V, the rest
 * of the line after it in REST): keep, delete, rewrite or prefix it.
 * Returns the index of the next header. */
static int
persist_res_hdr(struct session *s, unsigned i, struct slice v,
    const char *rest)
{
	const struct cookie_conf	*ck = &s->be->conf->cookie;
	const char			*sck = s->srv->conf->cookie;
	char				 line[CK_LINE_MAX];
	int				 n;

	s->txn.ck_res = 'P';
	if (ck->preserve)
		return (int)i + 1;
	if (ck->insert || ((s->prst & PRST_DIRECT) && ck->indirect)) {
		http_head_del(&s->res, i);
		s->txn.ck_res = 'D';
		return (int)i;
	}
	if (sck == NULL || !(ck->rewrite || ck->prefix))
		return (int)i + 1;
	n = snprintf(line, sizeof(line), "Set-Cookie: %s=%s%s%.*s%s", ck->name,
	    sck, ck->prefix ? "~" : "", ck->prefix ? (int)v.n : 0, v.p, rest);
	if (n > 0 && (size_t)n < sizeof(line) &&
	    http_head_set_line(&s->res, i, line, (size_t)n) == 0)
		s->txn.ck_res = 'R';
	return (int)i + 1;
}

/* The server's own Set-Cookie headers; true if one named the cookie. */
static bool
persist_res_server(struct session *s)
{
	const char	*name = s->be->conf->cookie.name;
	bool		 found = false;
	int		 i = 0;

	while ((i = http_head_find(&s->res, "Set-Cookie", 10, i)) >= 0) {
		struct slice	 v = hdr_val(&s->res, (unsigned)i), nm, val;
		const char	*eq = memchr(v.p, '=', v.n), *semi;

		if (eq == NULL) {
			i++;
			continue;
		}
		nm = slice_trim(v.p, (size_t)(eq - v.p));
		semi = memchr(eq, ';', v.n - (size_t)(eq - v.p));
		if (semi == NULL)
			semi = v.p + v.n;
		val = slice_trim(eq + 1, (size_t)(semi - eq - 1));
		if (!slice_eq(nm, name)) {
			i++;
			continue;
		}
		found = true;
		{
			char	rest[CK_LINE_MAX];

			snprintf(rest, sizeof(rest), "%.*s",
			    (int)(v.p + v.n - semi), semi);
			i = persist_res_hdr(s, (unsigned)i, val, rest);
		}
	}
	return found;
}

/* "NAME=VALUE[|last[|first]]; path=/" into V; its length. */
static size_t
persist_ck_value(const struct session *s, char *v, size_t sz)
{
	const struct cookie_conf	*ck = &s->be->conf->cookie;
	int64_t				 now = time(NULL);
	char				 last[6], first[6];

	if (!persist_secs(ck->maxidle_ms) && !persist_secs(ck->maxlife_ms))
		return (size_t)snprintf(v, sz, "%s=%s; path=/", ck->name,
		    s->srv->conf->cookie);
	persist_date_enc(now, last);
	persist_date_enc(s->txn.ck_first ? s->txn.ck_first : now, first);
	return (size_t)snprintf(v, sz, "%s=%s|%s%s%s; path=/", ck->name,
	    s->srv->conf->cookie, last, persist_secs(ck->maxlife_ms) ?
	    "|" : "", persist_secs(ck->maxlife_ms) ? first : "");
}

/* Should an insert-mode cookie go out: the client did not come here by
 * its cookie, or the cookie's dates need setting or refreshing. */
static bool
persist_ck_refresh(const struct session *s)
{
	const struct cookie_conf	*ck = &s->be->conf->cookie;
	const struct sess_txn		*t = &s->txn;
	int64_t				 life = persist_secs(ck->maxlife_ms);

	if (!(s->prst & PRST_DIRECT))
		return true;
	if ((persist_secs(ck->maxidle_ms) || t->ck_last) &&
	    (!t->ck_last || t->ck_last - time(NULL) < 0))
		return true;
	return (life && !t->ck_first) || (!life && t->ck_first);
}

/* insert mode: the Set-Cookie that makes the client come back here. */
static void
persist_res_insert(struct session *s)
{
	const struct cookie_conf	*ck = &s->be->conf->cookie;
	const char			*sck = s->srv->conf->cookie;
	char				 v[CK_LINE_MAX];
	size_t				 n;
	unsigned			 i;

	if (sck == NULL)
		n = (size_t)snprintf(v, sizeof(v), "%s=; Expires=Thu, "
		    "01-Jan-1970 00:00:01 GMT; path=/", ck->name);
	else
		n = persist_ck_value(s, v, sizeof(v));
	for (i = 0; i < ck->domains.n && n < sizeof(v); i++)
		n += (size_t)snprintf(v + n, sizeof(v) - n, "; domain=%s",
		    ck->domains.v[i]);
	if (ck->httponly && n < sizeof(v))
		n += (size_t)snprintf(v + n, sizeof(v) - n, "; HttpOnly");
	if (ck->secure && n < sizeof(v))
		n += (size_t)snprintf(v + n, sizeof(v) - n, "; Secure");
	for (i = 0; i < ck->attrs.n && n < sizeof(v); i++)
		n += (size_t)snprintf(v + n, sizeof(v) - n, "; %s",
		    ck->attrs.v[i]);
	if (n >= sizeof(v))
		return;
	http_head_add(&s->res, "Set-Cookie", 10, v, n);
	s->txn.ck_res = sck != NULL && (s->prst & PRST_DIRECT) ? 'U' : 'I';
	if (ck->nocache && persist_cacheable(s))
		http_head_add(&s->res, "Cache-control", 13, "private", 7);
}

void
persist_response(struct session *s)
{
	const struct cookie_conf	*ck;
	bool				 found;

	if (s->srv == NULL || s->srv == s->be->dispatch ||
	    !persist_has_cookie(s->be))
		return;
	ck = &s->be->conf->cookie;
	found = persist_res_server(s);
	if (!ck->insert || (found && ck->preserve) ||
	    (s->prst & PRST_IGNORE) || !persist_ck_refresh(s))
		return;
	if (ck->postonly && !(s->req.mlen == 4 &&
	    memcmp(s->req.start.s + s->req.moff, "POST", 4) == 0))
		return;
	persist_res_insert(s);
}

/* ------------------------------------------------------------------ */
/* redir, dispatch */

bool
persist_redir(const struct session *s, const struct server *srv,
    char *hdrs, size_t sz)
{
	const char	*u = s->req.start.s + s->req.uoff, *m;
	size_t		 ul = s->req.ulen;
	int		 n;

	m = s->req.start.s + s->req.moff;
	if (!(s->req.mlen == 3 && memcmp(m, "GET", 3) == 0) &&
	    !(s->req.mlen == 4 && memcmp(m, "HEAD", 4) == 0))
		return false;
	/* An absolute URI: from the '/' of its path on. */
	if (ul > 0 && *u != '/') {
		const char	*p = memchr(u, ':', ul);

		if (p != NULL && (size_t)(u + ul - p) > 3 &&
		    memcmp(p, "://", 3) == 0) {
			const char	*sl = memchr(p + 3, '/',
					    (size_t)(u + ul - p - 3));

			ul = sl != NULL ? (size_t)(u + ul - sl) : 0;
			u = sl;
		}
	}
	n = snprintf(hdrs, sz, "cache-control: no-cache\r\n"
	    "location: %s%.*s\r\n", srv->conf->redir, (int)ul,
	    ul > 0 ? u : "");
	return n >= 0 && (size_t)n < sz;
}

/* The dispatch target and its configuration, in one allocation. */
struct persist_dispatch {
	struct server		srv;	/* first: freed through it */
	struct server_conf	conf;
};

struct server *
persist_dispatch_new(struct proxy *px)
{
	const struct proxy_conf	*pc = px->conf;
	struct persist_dispatch	*d;

	if (!pc->has_dispatch || (d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	d->conf.addr = pc->dispatch;
	d->conf.pos = pc->dispatch_pos;
	d->conf.weight = 1;
	d->conf.maxconn = CFG_UNSET;
	d->srv.conf = &d->conf;	/* name NULL: logged as <NOSRV> */
	d->srv.px = px;
	d->srv.weight = 1;
	d->srv.state = SRV_ST_UP;
	d->srv.last_sess = -1;
	memcpy(&d->srv.addr, &pc->dispatch.ss, sizeof(d->srv.addr));
	d->srv.addrlen = pc->dispatch.sslen;
	TAILQ_INIT(&d->srv.queue);
	TAILQ_INIT(&d->srv.idle);
	return &d->srv;
}

void
persist_dispatch_free(struct server *srv)
{
	free(srv);	/* struct persist_dispatch: srv is its first member */
}
