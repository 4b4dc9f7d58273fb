/*
 * stick: stick tables and the "stick on|match|store-request" rules (see
 * stick.h).  A table is a chained hash map plus a recency list: the list
 * gives the entry to drop when the table is full, and expired entries are
 * found when looked up or when they reach the old end of the list.
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/acl.h"
#include "servers/proxy.h"
#include "servers/stick.h"

#define STICK_MAX_BUCKETS	65536

struct stick_entry {
	struct stick_entry	*next;		/* hash chain */
	TAILQ_ENTRY(stick_entry) lru;		/* most recent first */
	int64_t			 exp_ms;	/* INT64_MAX = never */
	uint32_t		 hash;
	size_t			 klen;
	char			*srvkey;	/* after the key */
	unsigned char		 key[];
};
TAILQ_HEAD(stick_lru, stick_entry);

struct stick_table {
	const struct stick_table_conf	*conf;
	struct stick_entry		**buckets;
	size_t				 nbuckets;	/* a power of 2 */
	size_t				 count;
	struct stick_lru		 lru;
	unsigned char			*kbuf;	/* a key being converted */
};

struct stick_table *
stick_table_new(const struct stick_table_conf *conf)
{
	struct stick_table	*t;
	size_t			 nb = 16;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	while (nb < conf->size && nb < STICK_MAX_BUCKETS)
		nb <<= 1;
	t->buckets = calloc(nb, sizeof(*t->buckets));
	/* room for any key: 16 bytes (ipv6) or "len" */
	t->kbuf = malloc(conf->key_len > 16 ? conf->key_len : 16);
	if (t->buckets == NULL || t->kbuf == NULL) {
		free(t->buckets);
		free(t->kbuf);
		free(t);
		return NULL;
	}
	t->conf = conf;
	t->nbuckets = nb;
	TAILQ_INIT(&t->lru);
	return t;
}

void
stick_table_free(struct stick_table *t)
{
	struct stick_entry	*e;

	if (t == NULL)
		return;
	while ((e = TAILQ_FIRST(&t->lru)) != NULL) {
		TAILQ_REMOVE(&t->lru, e, lru);
		free(e);
	}
	free(t->buckets);
	free(t->kbuf);
	free(t);
}

size_t
stick_table_count(const struct stick_table *t)
{
	return t->count;
}

/* TEXT as a key of the table's type into OUT; its length, or -1. */
static long
stick_key(const struct stick_table *t, const char *text, unsigned char *out)
{
	unsigned char	 a6[16];
	size_t		 len;
	long long	 n;
	char		*end;

	switch (t->conf->type) {
	case STK_IP:
		if (inet_pton(AF_INET, text, out) == 1)
			return 4;
		/* An IPv4-mapped IPv6 address still fits. */
		if (inet_pton(AF_INET6, text, a6) != 1 ||
		    !IN6_IS_ADDR_V4MAPPED((struct in6_addr *)a6))
			return -1;
		memcpy(out, a6 + 12, 4);
		return 4;
	case STK_IPV6:
		if (inet_pton(AF_INET6, text, out) == 1)
			return 16;
		if (inet_pton(AF_INET, text, out + 12) != 1)
			return -1;
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		return 16;
	case STK_INTEGER:
		errno = 0;
		n = strtoll(text, &end, 10);
		if (end == text || *end != '\0' || errno != 0)
			return -1;
		memcpy(out, &n, sizeof(n));
		return sizeof(n);
	default:
		/* string and binary keep their first "len" bytes */
		len = strlen(text);
		if (len > t->conf->key_len)
			len = t->conf->key_len;
		memcpy(out, text, len);
		return (long)len;
	}
}

static uint32_t
stick_hash(const unsigned char *k, size_t len)
{
	uint32_t	h = 2166136261u;	/* FNV-1a */
	size_t		i;

	for (i = 0; i < len; i++)
		h = (h ^ k[i]) * 16777619u;
	return h;
}

static void
stick_del(struct stick_table *t, struct stick_entry *e)
{
	struct stick_entry	**pp = &t->buckets[e->hash & (t->nbuckets - 1)];

	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	TAILQ_REMOVE(&t->lru, e, lru);
	t->count--;
	free(e);
}

/* The live entry for key K, moved to the recent end; expired ones found
 * on the way are dropped. */
static struct stick_entry *
stick_find(struct stick_table *t, const unsigned char *k, size_t len,
    uint32_t h, int64_t now_ms)
{
	struct stick_entry	*e;

	for (e = t->buckets[h & (t->nbuckets - 1)]; e != NULL; e = e->next)
		if (e->hash == h && e->klen == len &&
		    memcmp(e->key, k, len) == 0)
			break;
	if (e == NULL)
		return NULL;
	if (e->exp_ms <= now_ms) {
		stick_del(t, e);
		return NULL;
	}
	TAILQ_REMOVE(&t->lru, e, lru);
	TAILQ_INSERT_HEAD(&t->lru, e, lru);
	return e;
}

const char *
stick_table_lookup(struct stick_table *t, const char *text, int64_t now_ms)
{
	unsigned char		*k = t->kbuf;
	struct stick_entry	*e;
	long			 len;

	if ((len = stick_key(t, text, k)) < 0)
		return NULL;
	e = stick_find(t, k, (size_t)len, stick_hash(k, (size_t)len), now_ms);
	return e != NULL ? e->srvkey : NULL;
}

/* Room for one more entry: expired ones at the old end go first, then
 * the least recently used one. */
static void
stick_make_room(struct stick_table *t, int64_t now_ms)
{
	struct stick_entry	*e;

	while ((e = TAILQ_LAST(&t->lru, stick_lru)) != NULL &&
	    e->exp_ms <= now_ms)
		stick_del(t, e);
	while (t->count > 0 && t->count >= t->conf->size)
		stick_del(t, TAILQ_LAST(&t->lru, stick_lru));
}

int
stick_table_store(struct stick_table *t, const char *text,
    const char *srvkey, int64_t now_ms)
{
	unsigned char		*k = t->kbuf;
	struct stick_entry	*e;
	size_t			 vlen = strlen(srvkey);
	long			 len;
	uint32_t		 h;

	if ((len = stick_key(t, text, k)) < 0)
		return -1;
	h = stick_hash(k, (size_t)len);
	if ((e = stick_find(t, k, (size_t)len, h, now_ms)) != NULL)
		stick_del(t, e);	/* the server key may differ */
	stick_make_room(t, now_ms);
	if ((e = malloc(sizeof(*e) + (size_t)len + vlen + 1)) == NULL)
		return -1;
	e->hash = h;
	e->klen = (size_t)len;
	memcpy(e->key, k, (size_t)len);
	e->srvkey = (char *)e->key + len;
	memcpy(e->srvkey, srvkey, vlen + 1);
	e->exp_ms = t->conf->expire_ms ? now_ms + t->conf->expire_ms :
	    INT64_MAX;
	e->next = t->buckets[h & (t->nbuckets - 1)];
	t->buckets[h & (t->nbuckets - 1)] = e;
	TAILQ_INSERT_HEAD(&t->lru, e, lru);
	t->count++;
	return 0;
}

int
stick_table_remove(struct stick_table *t, const char *text, int64_t now_ms)
{
	unsigned char		*k = t->kbuf;
	struct stick_entry	*e;
	long			 len;

	if ((len = stick_key(t, text, k)) < 0)
		return -1;
	e = stick_find(t, k, (size_t)len, stick_hash(k, (size_t)len), now_ms);
	if (e == NULL)
		return 0;
	stick_del(t, e);
	return 1;
}

void
stick_table_clear(struct stick_table *t)
{
	while (!TAILQ_EMPTY(&t->lru))
		stick_del(t, TAILQ_FIRST(&t->lru));
}

int
stick_table_touch(struct stick_table *t, const char *text, int64_t now_ms)
{
	if (stick_table_lookup(t, text, now_ms) != NULL)
		return 0;
	return stick_table_store(t, text, "", now_ms);
}

/* Entry E's key as text into BUF (SZ >= 2 * the key length + 1). */
static void
stick_key_text(const struct stick_table *t, const struct stick_entry *e,
    char *buf, size_t sz)
{
	long long	n;
	size_t		i;

	switch (t->conf->type) {
	case STK_IP:
		inet_ntop(AF_INET, e->key, buf, (socklen_t)sz);
		break;
	case STK_IPV6:
		inet_ntop(AF_INET6, e->key, buf, (socklen_t)sz);
		break;
	case STK_INTEGER:
		memcpy(&n, e->key, sizeof(n));
		snprintf(buf, sz, "%lld", n);
		break;
	case STK_STRING:
		snprintf(buf, sz, "%.*s", (int)e->klen, (const char *)e->key);
		break;
	default:
		for (i = 0; i < e->klen && 2 * i + 2 < sz; i++)
			snprintf(buf + 2 * i, 3, "%02X", e->key[i]);
		buf[2 * i] = '\0';
		break;
	}
}

static int64_t	stick_now_ms(void);

void
stick_table_walk(const struct stick_table *t, stick_walk_fn *fn, void *arg)
{
	const struct stick_entry	*e;
	int64_t				 now = stick_now_ms();
	size_t				 sz = 2 * t->conf->key_len + 64;
	char				*buf = malloc(sz);

	if (buf == NULL)
		return;
	TAILQ_FOREACH(e, &t->lru, lru) {
		if (e->exp_ms <= now)
			continue;
		stick_key_text(t, e, buf, sz);
		fn(e, buf, e->srvkey, e->exp_ms == INT64_MAX ? -1 :
		    e->exp_ms - now, arg);
	}
	free(buf);
}

const struct stick_table_conf *
stick_table_conf(const struct stick_table *t)
{
	return t->conf;
}

/* ------------------------------------------------------------------ */
/* Session hooks */

static int64_t
stick_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How table T names server S ("srvkey name|addr"), into BUF. */
static const char *
stick_srvkey(const struct stick_table *t, const struct server *s,
    char *buf, size_t sz)
{
	char		 ip[INET6_ADDRSTRLEN];
	unsigned	 port = 0;

	if (!t->conf->srvkey_addr)
		return s->conf->name;
	ip[0] = '\0';
	if (s->addr.ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)&s->addr;

		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
		port = ntohs(a->sin_port);
	} else if (s->addr.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const void *)&s->addr;

		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
		port = ntohs(a->sin6_port);
	}
	snprintf(buf, sz, "%s:%u", ip, port);
	return buf;
}

/* Rule R's table and the request's key for it, into KEY; NULL when the
 * rule does not apply to this request. */
static struct stick_table *
stick_rule_key(const struct stick_rule *r, const struct acl_env *env,
    char *key, size_t sz)
{
	struct proxy	*tp;

	if (r->target == NULL || !acl_cond_eval(r->cond, env))
		return NULL;
	tp = proxy_of_conf(env->eng, r->target);
	if (tp == NULL || tp->stick == NULL)
		return NULL;
	if (acl_sample(r->expr, strlen(r->expr), env, key, sz) <= 0)
		return NULL;
	return tp->stick;
}

struct server *
stick_match(struct proxy *be, const struct acl_env *env)
{
	const struct proxy_conf	*pc = be->conf;
	struct stick_table	*t;
	const char		*sk;
	char			 key[512], buf[INET6_ADDRSTRLEN + 8];
	unsigned		 i, j;

	for (i = 0; i < pc->sticks.n; i++) {
		if (pc->sticks.v[i].kind == STICK_STORE_REQ ||
		    (t = stick_rule_key(&pc->sticks.v[i], env, key,
		    sizeof(key))) == NULL)
			continue;
		if ((sk = stick_table_lookup(t, key, stick_now_ms())) == NULL)
			continue;
		/* A server found DOWN or in maintenance is not used: the
		 * balancer picks another (HAProxy without "option persist");
		 * a draining one still takes its sticky clients. */
		for (j = 0; j < be->nsrvs; j++)
			if (strcmp(sk, stick_srvkey(t, &be->srvs[j], buf,
			    sizeof(buf))) == 0)
				return be->srvs[j].state == SRV_ST_UP ?
				    &be->srvs[j] : NULL;
		return NULL;
	}
	return NULL;
}

void
stick_store(struct proxy *be, const struct acl_env *env,
    const struct server *srv)
{
	const struct proxy_conf	*pc = be->conf;
	struct stick_table	*t;
	char			 key[512], buf[INET6_ADDRSTRLEN + 8];
	unsigned		 i;

	for (i = 0; i < pc->sticks.n; i++) {
		if (pc->sticks.v[i].kind == STICK_MATCH ||
		    (t = stick_rule_key(&pc->sticks.v[i], env, key,
		    sizeof(key))) == NULL)
			continue;
		(void)stick_table_store(t, key, stick_srvkey(t, srv, buf,
		    sizeof(buf)), stick_now_ms());
	}
}
