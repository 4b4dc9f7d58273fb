/*
 * lb: choose a server of a backend for one request (spec §7.1).
 *
 * Every algorithm works on the same candidate set: the servers of the
 * serving group (the usable active servers, or when there is none the
 * first usable backup, or every usable backup with "option allbackups")
 * minus those at their maxconn, minus the server to avoid on a redispatch
 * unless it is the only one left (map-based hashing does not avoid it, as
 * HAProxy).  Hash algorithms map their key over the whole group (so the
 * mapping does not move with the load) and walk forward to the next
 * candidate when the mapped server cannot take the request.
 *
 * This module only decides; it does not queue, connect or count sessions
 * (the session does), and it never prints.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/cfg_model.h"
#include "http/http1.h"
#include "servers/lb.h"
#include "servers/proxy.h"

#define LB_RANDOM_DRAWS	2	/* HAProxy's default for "random" */

/* The candidate set of one lb_pick() call. */
struct lb_sel {
	struct proxy		*be;
	bool			 backup;	/* serving the backup group */
	const struct server	*only;		/* the first usable backup, when
						   not "option allbackups" */
	const struct server	*avoid;		/* NULL when it is the last
						   resort */
};

static bool
lb_usable(const struct server *s)
{
	return proxy_srv_usable(s);
}

/* Server maxconn (with minconn and slowstart); 0 means "no limit". */
static bool
lb_full(const struct server *s)
{
	unsigned	max = proxy_srv_maxconn(s);

	return max > 0 && s->cur_conns >= max;
}

static bool
lb_member(const struct lb_sel *sel, const struct server *s)
{
	if (!lb_usable(s) || s->conf->backup != sel->backup)
		return false;
	return sel->only == NULL || s == sel->only;
}

static bool
lb_cand(const struct lb_sel *sel, const struct server *s)
{
	return lb_member(sel, s) && !lb_full(s) && s != sel->avoid;
}

/* static-rr ignores weight changes made at run time (doc §4.2 balance). */
static unsigned
lb_weight(const struct lb_sel *sel, const struct server *s)
{
	if (sel->be->conf->balance == LB_STATIC_RR && s->conf->weight > 0)
		return s->conf->weight;
	return proxy_srv_eweight(s);
}

/* Pick the serving group.  The backups serve only when no active server
 * is usable; being full does not count as unusable (the request waits). */
static void
lb_sel_group(struct lb_sel *sel)
{
	struct proxy	*be = sel->be;
	unsigned	 i;

	sel->backup = true;
	for (i = 0; i < be->nsrvs; i++)
		if (lb_usable(&be->srvs[i]) && !be->srvs[i].conf->backup)
			sel->backup = false;
	if (!sel->backup || (be->conf->opts & PXO_BIT(PXO_ALLBACKUPS)))
		return;
	for (i = 0; i < be->nsrvs && sel->only == NULL; i++)
		if (lb_usable(&be->srvs[i]) && be->srvs[i].conf->backup)
			sel->only = &be->srvs[i];
}

/* Set SEL up; false when there is no candidate (*FULL tells why). */
static bool
lb_sel_init(struct lb_sel *sel, struct proxy *be, const struct lb_input *in,
    bool *full)
{
	const struct server	*avoid = in != NULL ? in->avoid : NULL;
	unsigned		 i, nmemb = 0, nfree = 0, nother = 0;

	memset(sel, 0, sizeof(*sel));
	sel->be = be;
	lb_sel_group(sel);
	if (sel->backup && sel->only == NULL &&
	    !(be->conf->opts & PXO_BIT(PXO_ALLBACKUPS)))
		return false;
	for (i = 0; i < be->nsrvs; i++) {
		const struct server	*s = &be->srvs[i];

		if (!lb_member(sel, s))
			continue;
		nmemb++;
		if (lb_full(s))
			continue;
		nfree++;
		if (s != avoid)
			nother++;
	}
	*full = nmemb > 0 && nfree == 0;
	if (nfree == 0)
		return false;
	sel->avoid = nother > 0 ? avoid : NULL;
	return true;
}

/*
 * Weighted round robin by credits: each server of the group starts a round
 * with credit = weight; the candidate with the most credit left is served
 * (the earliest in config order on a tie) and pays one; when no candidate
 * has credit, a new round starts.  From a fresh start weights 3/1 give
 * AAAB AAAB..., as observed with HAProxy 2.6 (spec §7.1), and equal
 * weights alternate.
 */
static struct server *
lb_rr(struct lb_sel *sel)
{
	struct proxy	*be = sel->be;
	struct server	*s, *best;
	unsigned	 i, pass;

	for (pass = 0; pass < 2; pass++) {
		best = NULL;
		for (i = 0; i < be->nsrvs; i++) {
			s = &be->srvs[i];
			if (!lb_cand(sel, s))
				continue;
			/* the weight may have dropped since the round began */
			if (s->lb_key > (int64_t)lb_weight(sel, s))
				s->lb_key = lb_weight(sel, s);
			if (s->lb_key > 0 &&
			    (best == NULL || s->lb_key > best->lb_key))
				best = s;
		}
		if (best != NULL) {
			best->lb_key--;
			return best;
		}
		for (i = 0; i < be->nsrvs; i++)
			if (lb_member(sel, &be->srvs[i]))
				be->srvs[i].lb_key =
				    lb_weight(sel, &be->srvs[i]);
	}
	return NULL;		/* not reached: lb_sel_init found a candidate */
}

/* Compare loads (cur_conns + queued) / weight without dividing. */
static int
lb_load_cmp(const struct server *a, const struct server *b)
{
	uint64_t	la, lb;

	la = ((uint64_t)a->cur_conns + a->queued) * proxy_srv_eweight(b);
	lb = ((uint64_t)b->cur_conns + b->queued) * proxy_srv_eweight(a);
	return la < lb ? -1 : la > lb;
}

/*
 * Least loaded candidate.  lb_key is the server's last pick stamp: on a
 * tie the one picked longest ago wins, which rotates equally loaded
 * servers.  Stamps are 1 + the highest stamp, so they never wrap.
 */
static struct server *
lb_leastconn(struct lb_sel *sel)
{
	struct proxy	*be = sel->be;
	struct server	*s, *best = NULL;
	int64_t		 stamp = 0;
	unsigned	 i;
	int		 c;

	for (i = 0; i < be->nsrvs; i++) {
		s = &be->srvs[i];
		if (s->lb_key > stamp)
			stamp = s->lb_key;
		if (!lb_cand(sel, s))
			continue;
		if (best == NULL || (c = lb_load_cmp(s, best)) < 0 ||
		    (c == 0 && s->lb_key < best->lb_key))
			best = s;
	}
	if (best != NULL)
		best->lb_key = stamp + 1;
	return best;
}

/* "first": the first candidate in config order; weights do not matter. */
static struct server *
lb_first(struct lb_sel *sel)
{
	unsigned	i;

	for (i = 0; i < sel->be->nsrvs; i++)
		if (lb_cand(sel, &sel->be->srvs[i]))
			return &sel->be->srvs[i];
	return NULL;
}

/* xorshift32 on the backend's lb_next; lb_init seeds it. */
static uint32_t
lb_rand(struct proxy *be)
{
	uint32_t	x = be->lb_next;

	if (x == 0)
		x = 0x9e3779b9u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	be->lb_next = x;
	return x;
}

/* "random(N)": N weighted draws, the least loaded of them wins. */
static struct server *
lb_random(struct lb_sel *sel)
{
	struct proxy	*be = sel->be;
	struct server	*s, *best = NULL;
	uint64_t	 total = 0, r;
	unsigned	 i, d, draws;

	draws = be->conf->lb.draws > 0 ? be->conf->lb.draws : LB_RANDOM_DRAWS;
	for (i = 0; i < be->nsrvs; i++)
		if (lb_cand(sel, &be->srvs[i]))
			total += lb_weight(sel, &be->srvs[i]);
	for (d = 0; d < draws && total > 0; d++) {
		r = lb_rand(be) % total;
		for (i = 0, s = NULL; i < be->nsrvs; i++) {
			if (!lb_cand(sel, &be->srvs[i]))
				continue;
			s = &be->srvs[i];
			if (r < lb_weight(sel, s))
				break;
			r -= lb_weight(sel, s);
		}
		if (best == NULL || lb_load_cmp(s, best) < 0)
			best = s;
	}
	return best;
}

/*
 * Map-based hashing: H modulo the group's total weight selects a server,
 * each owning weight consecutive slots (hash-type map-based).
 */
static struct server *
lb_map(struct lb_sel *sel, uint32_t h)
{
	struct proxy	*be = sel->be;
	uint64_t	 total = 0, slot;
	unsigned	 i, start = 0, w;

	for (i = 0; i < be->nsrvs; i++)
		if (lb_member(sel, &be->srvs[i]))
			total += lb_weight(sel, &be->srvs[i]);
	if (total == 0)
		return NULL;
	slot = h % total;
	for (i = 0; i < be->nsrvs; i++) {
		if (!lb_member(sel, &be->srvs[i]))
			continue;
		w = lb_weight(sel, &be->srvs[i]);
		if (slot < w) {
			start = i;
			break;
		}
		slot -= w;
	}
	for (i = 0; i < be->nsrvs; i++) {
		struct server	*s = &be->srvs[(start + i) % be->nsrvs];

		if (lb_cand(sel, s))
			return s;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Keys.  HAProxy's exact hash functions are not reproduced (spec §7.1
 * requires only a stable, well spread mapping): FNV-1a, then a murmur3
 * finaliser so that close keys (10.0.0.1, 10.0.0.2) land far apart. */

#define LB_FNV_BASIS	2166136261u
#define LB_FNV_PRIME	16777619u

static uint32_t
lb_fnv(uint32_t h, const void *p, size_t len)
{
	const unsigned char	*c = p;

	while (len-- > 0)
		h = (h ^ *c++) * LB_FNV_PRIME;
	return h;
}

static uint32_t
lb_avalanche(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/*
 * Consistent hashing as rendezvous hashing: each server of weight W is W
 * virtual nodes, the node scoring highest for H wins.  A server going down
 * or coming back only moves its own keys (what "hash-type consistent" is
 * for); HAProxy's ring gives the same property, not the same mapping.
 */
static uint32_t
lb_chash_score(const struct server *s, unsigned weight, uint32_t h)
{
	uint32_t	best = 0, v, sh;
	unsigned	k, w = weight > 0 ? weight : 1;

	/* A server is known by its name, so that adding one elsewhere in
	 * the list moves no key; by its position when it has none. */
	if (s->conf->name != NULL)
		sh = lb_fnv(LB_FNV_BASIS, s->conf->name, strlen(s->conf->name));
	else
		sh = lb_fnv(LB_FNV_BASIS, &s->idx, sizeof(s->idx));

	for (k = 0; k < w; k++) {
		v = lb_avalanche(h ^ lb_avalanche(sh + k * LB_FNV_PRIME));
		if (v >= best)
			best = v;
	}
	return best;
}

/* "hash-balance-factor F": a server may carry at most F% of its
 * weight's share of the backend's connections (plus the new one). */
static bool
lb_chash_room(const struct lb_sel *sel, const struct server *s,
    uint64_t conns, uint64_t totw)
{
	unsigned	f = sel->be->conf->hash_balance_factor;
	uint64_t	cap;

	if (f == 0 || totw == 0)
		return true;
	cap = ((conns + 1) * f * lb_weight(sel, s) + 100 * totw - 1) /
	    (100 * totw);
	return s->cur_conns < cap;
}

static struct server *
lb_chash(struct lb_sel *sel, uint32_t h)
{
	struct proxy	*be = sel->be;
	struct server	*s, *best = NULL, *any = NULL;
	uint32_t	 v, bv = 0, av = 0;
	uint64_t	 conns = 0, totw = 0;
	unsigned	 i;

	for (i = 0; i < be->nsrvs; i++)
		if (lb_member(sel, &be->srvs[i])) {
			conns += be->srvs[i].cur_conns;
			totw += lb_weight(sel, &be->srvs[i]);
		}
	for (i = 0; i < be->nsrvs; i++) {
		s = &be->srvs[i];
		if (!lb_cand(sel, s) || lb_weight(sel, s) == 0)
			continue;
		v = lb_chash_score(s, lb_weight(sel, s), h);
		if (any == NULL || v > av) {
			any = s;
			av = v;
		}
		if (lb_chash_room(sel, s, conns, totw) &&
		    (best == NULL || v > bv)) {
			best = s;
			bv = v;
		}
	}
	return best != NULL ? best : any;
}

/* "source": the client address; an IPv4-mapped IPv6 address hashes as
 * the IPv4 one.  False for other families (UNIX sockets). */
static bool
lb_key_source(const struct sockaddr_storage *ss, uint32_t *h)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;

	if (ss == NULL)
		return false;
	if (ss->ss_family == AF_INET) {
		sin = (const struct sockaddr_in *)ss;
		*h = lb_fnv(LB_FNV_BASIS, &sin->sin_addr, 4);
		return true;
	}
	if (ss->ss_family != AF_INET6)
		return false;
	sin6 = (const struct sockaddr_in6 *)ss;
	if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr))
		*h = lb_fnv(LB_FNV_BASIS, &sin6->sin6_addr.s6_addr[12], 4);
	else
		*h = lb_fnv(LB_FNV_BASIS, &sin6->sin6_addr, 16);
	return true;
}

/* Hashing state for "uri", fed in pieces (path, '?', query). */
struct lb_uri_hash {
	const struct lb_params	*lb;
	uint32_t		 h;
	unsigned		 n, slashes;
	bool			 stop;
};

/*
 * "len N" hashes the first N characters; "depth N" stops before the
 * (N+1)th '/' (HAProxy counts one level per slash); without "whole" the
 * hash stops at '?'.
 */
static void
lb_uri_feed(struct lb_uri_hash *u, const char *p, size_t len)
{
	const struct lb_params	*lb = u->lb;
	size_t			 i;

	for (i = 0; i < len && !u->stop; i++) {
		if ((lb->uri_len > 0 && u->n >= lb->uri_len) ||
		    (p[i] == '?' && !lb->uri_whole) ||
		    (p[i] == '/' && lb->uri_depth > 0 &&
		    ++u->slashes > lb->uri_depth)) {
			u->stop = true;
			break;
		}
		u->h = lb_fnv(u->h, &p[i], 1);
		u->n++;
	}
}

/* "uri": the request URI as sent, or from its path on with "path-only"
 * (an absolute URI then hashes like its origin form). */
static bool
lb_key_uri(const struct proxy_conf *pc, const struct http_head *req,
    uint32_t *h)
{
	struct lb_uri_hash	 u = { &pc->lb, LB_FNV_BASIS, 0, 0, false };
	const char		*p;
	size_t			 len;

	if (req == NULL || req->start.s == NULL)
		return false;
	if (!pc->lb.uri_path_only) {
		lb_uri_feed(&u, req->start.s + req->uoff, req->ulen);
	} else {
		http_head_path(req, &p, &len);
		lb_uri_feed(&u, p, len);
		http_head_query(req, &p, &len);
		if (p != NULL) {
			lb_uri_feed(&u, "?", 1);
			lb_uri_feed(&u, p, len);
		}
	}
	*h = u.h;
	return true;
}

/* The value of query parameter NAME ("NAME=value", '&'-separated, case
 * sensitive, first occurrence); a bare "NAME" without '=' does not count. */
static bool
lb_query_param(const char *q, size_t qlen, const char *name,
    const char **v, size_t *vlen)
{
	const char	*end = q + qlen, *seg;
	size_t		 nlen = strlen(name);

	while (q < end) {
		if ((seg = memchr(q, '&', (size_t)(end - q))) == NULL)
			seg = end;
		if ((size_t)(seg - q) > nlen && memcmp(q, name, nlen) == 0 &&
		    q[nlen] == '=') {
			*v = q + nlen + 1;
			*vlen = (size_t)(seg - *v);
			return true;
		}
		q = seg + 1;
	}
	return false;
}

static bool
lb_key_url_param(const struct proxy_conf *pc, const struct http_head *req,
    uint32_t *h)
{
	const char	*q, *v;
	size_t		 qlen, vlen;

	if (req == NULL || pc->balance_arg == NULL)
		return false;
	http_head_query(req, &q, &qlen);
	if (q == NULL || !lb_query_param(q, qlen, pc->balance_arg, &v, &vlen))
		return false;
	*h = lb_fnv(LB_FNV_BASIS, v, vlen);
	return true;
}

/* use_domain_only: the label before the last dot ("www.example.com" and
 * "example.com:8080" give "example"); no dot: the whole value.  This is
 * HAProxy's backward scan in get_server_hh(). */
static void
lb_domain_only(const char **v, size_t *vlen)
{
	const char	*s = *v, *end, *start;

	for (end = s + *vlen; end > s && end[-1] != '.'; end--)
		;
	if (end == s)
		return;
	end--;			/* on the last dot */
	for (start = end; start > s && start[-1] != '.'; start--)
		;
	*v = start;
	*vlen = (size_t)(end - start);
}

/* "hdr(NAME)": the first NAME header's value; empty counts as absent. */
static bool
lb_key_hdr(const struct proxy_conf *pc, const struct http_head *req,
    uint32_t *h)
{
	const struct http_line	*line;
	const char		*v;
	size_t			 vlen;
	int			 i;

	if (req == NULL || pc->balance_arg == NULL)
		return false;
	i = http_head_find(req, pc->balance_arg, strlen(pc->balance_arg), 0);
	if (i < 0)
		return false;
	line = &req->hdrs[i];
	v = line->s + line->voff;
	vlen = line->vlen;
	if (pc->lb.use_domain_only)
		lb_domain_only(&v, &vlen);
	if (vlen == 0)
		return false;
	*h = lb_fnv(LB_FNV_BASIS, v, vlen);
	return true;
}

/* The hash key of a hashing algorithm; false when the request has none
 * (then HAProxy falls back to round robin). */
static bool
lb_key(const struct proxy *be, const struct lb_input *in, uint32_t *h)
{
	const struct proxy_conf	*pc = be->conf;
	bool			 ok = false;

	if (in == NULL)
		return false;
	switch (pc->balance) {
	case LB_SOURCE:
		ok = lb_key_source(in->src, h);
		break;
	case LB_URI:
		ok = lb_key_uri(pc, in->req, h);
		break;
	case LB_URL_PARAM:
		ok = lb_key_url_param(pc, in->req, h);
		break;
	case LB_HDR:
		ok = lb_key_hdr(pc, in->req, h);
		break;
	default:
		break;
	}
	if (ok)
		*h = lb_avalanche(*h);
	return ok;
}

/* ------------------------------------------------------------------ */

void
lb_init(struct proxy *be)
{
	unsigned	i;

	for (i = 0; i < be->nsrvs; i++)
		be->srvs[i].lb_key = 0;
	be->lb_next = 0;
	if (be->conf != NULL && be->conf->balance == LB_RANDOM)
		be->lb_next = (uint32_t)time(NULL) ^ (uint32_t)getpid() << 16 ^
		    (uint32_t)(uintptr_t)be;
}

struct server *
lb_pick(struct proxy *be, const struct lb_input *in, bool *full)
{
	struct lb_sel	 sel;
	struct server	*s = NULL;
	uint32_t	 h;

	*full = false;
	if (!lb_sel_init(&sel, be, in, full))
		return NULL;
	switch (be->conf->balance) {
	case LB_LEASTCONN:
		return lb_leastconn(&sel);
	case LB_FIRST:
		return lb_first(&sel);
	case LB_RANDOM:
		return lb_random(&sel);
	case LB_SOURCE:
	case LB_URI:
	case LB_URL_PARAM:
	case LB_HDR:
		if (lb_key(be, in, &h)) {
			/* A map-based hash ignores the server to avoid: as
			 * in HAProxy 2.6 (map_get_server_hash() takes no
			 * avoid argument), a redispatch hashes to the same
			 * server again.  Consistent hashing avoids it. */
			if (be->conf->hash_method == HASH_CONSISTENT) {
				s = lb_chash(&sel, h);
				break;
			}
			sel.avoid = NULL;
			s = lb_map(&sel, h);
		}
		break;
	default:		/* roundrobin, static-rr, rdp-cookie */
		break;
	}
	return s != NULL ? s : lb_rr(&sel);
}

void
lb_take(struct server *s)
{
	s->cur_conns++;
	if (s->cur_conns > s->max_conns)
		s->max_conns = s->cur_conns;
}

void
lb_release(struct server *s)
{
	if (s->cur_conns > 0)
		s->cur_conns--;
}

bool
lb_eligible(struct proxy *be, const struct server *s)
{
	struct lb_sel	sel;
	bool		full;

	return lb_sel_init(&sel, be, NULL, &full) && lb_cand(&sel, s);
}
