/*
 * acl: runtime evaluation of the model's conditions (doc 7, spec §4).
 *
 * A term's fetch (acl_fetch.c) hands each sample to the matcher here,
 * which compares it with the patterns cfg_acl_fetch.c validated and
 * compiled, by the term's match method.  Terms of one ACL are ORed; a
 * condition ORs AND groups of maybe negated ACLs, with HAProxy's
 * three-valued logic (PASS, FAIL, and MISS when data may still arrive).
 *
 * The model is immutable, so acl_prepare() keeps its own table, keyed by
 * the term's address, of the fetch each term runs: nothing is looked up
 * by name per request.  Sample expressions ("%[hdr(host),lower]") are
 * parsed per call, without allocating.  Nothing here prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/acl.h"
#include "http/acl_fetch.h"
#include "model/cfg_model.h"
#include "engine/engine_types.h"
#include "base/regex.h"

#include "base/nitems.h"

/* ------------------------------------------------------------------ */
/* What acl_prepare() built: an open-addressing table keyed by address.
 * A term maps to its fetch, a proxy_conf to its id. */

struct acl_slot {
	const void			*key;
	const struct acl_fetch_def	*def;	/* a term's */
	long				 id;	/* a proxy's */
};

static struct acl_slot	*acl_slots;	/* owned; acl_release() frees */
static size_t		 acl_nslots;	/* a power of two, or 0 */
static size_t		 acl_used;

static size_t
acl_hash(const void *p)
{
	uint64_t	h = (uint64_t)(uintptr_t)p;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static struct acl_slot *
acl_slot_find(const void *key)
{
	size_t	i, mask;

	if (acl_nslots == 0)
		return NULL;
	mask = acl_nslots - 1;
	for (i = acl_hash(key) & mask; acl_slots[i].key != NULL;
	    i = (i + 1) & mask)
		if (acl_slots[i].key == key)
			return &acl_slots[i];
	return NULL;
}

static void
acl_slot_put(struct acl_slot *tab, size_t n, const struct acl_slot *v)
{
	size_t	i, mask = n - 1;

	for (i = acl_hash(v->key) & mask; tab[i].key != NULL;
	    i = (i + 1) & mask)
		continue;
	tab[i] = *v;
}

static int
acl_slot_grow(void)
{
	struct acl_slot	*tab;
	size_t		 n = acl_nslots ? acl_nslots * 2 : 256, i;

	if ((tab = calloc(n, sizeof(*tab))) == NULL)
		return -1;
	for (i = 0; i < acl_nslots; i++)
		if (acl_slots[i].key != NULL)
			acl_slot_put(tab, n, &acl_slots[i]);
	free(acl_slots);
	acl_slots = tab;
	acl_nslots = n;
	return 0;
}

/* Add or replace V (keyed by V->key). */
static int
acl_slot_set(const struct acl_slot *v)
{
	struct acl_slot	*s;

	if ((s = acl_slot_find(v->key)) != NULL) {
		*s = *v;
		return 0;
	}
	if ((acl_used + 1) * 2 > acl_nslots && acl_slot_grow() < 0)
		return -1;
	acl_slot_put(acl_slots, acl_nslots, v);
	acl_used++;
	return 0;
}

static int
acl_slot_set_def(const struct acl_term_conf *t,
    const struct acl_fetch_def *d)
{
	struct acl_slot	v = { t, d, 0 };

	return acl_slot_set(&v);
}

static int
acl_slot_set_id(const struct proxy_conf *px, long id)
{
	struct acl_slot	v = { px, NULL, id };

	return acl_slot_set(&v);
}

/* The fetch of term T.  A term acl_prepare() did not see (a config loaded
 * by a test, or after acl_release()) is looked up by name. */
static acl_fetch_fn *
acl_term_fn(const struct acl_term_conf *t)
{
	const struct acl_slot		*s = acl_slot_find(t);
	const struct acl_fetch_def	*d;

	if (s != NULL && s->def != NULL)
		return s->def->fn;
	d = acl_fetch_find(t->fetch);
	return d != NULL ? d->fn : NULL;
}

static bool
acl_id_taken(const struct config *cfg, long id)
{
	const struct proxy_conf	*q;

	for (q = cfg->proxies; q != NULL; q = q->next)
		if ((long)q->id == id)
			return true;
	return false;
}

/* The id of proxy PX of CFG (NULL: unknown): its "id", or the one
 * acl_prepare() gave it, or else the same computed again. */
long
acl_px_id(const struct config *cfg, const struct proxy_conf *px)
{
	const struct acl_slot	*s = acl_slot_find(px);
	const struct proxy_conf	*q;
	long			 next = 1;

	if (s != NULL && s->def == NULL)
		return s->id;
	if (px->id != 0 || cfg == NULL)
		return (long)px->id;
	for (q = cfg->proxies; q != NULL; q = q->next) {
		if (q->id != 0)
			continue;
		while (acl_id_taken(cfg, next))
			next++;
		if (q == px)
			return next;
		next++;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* acl_prepare() */

static int
acl_prep_acl(const struct acl_conf *acl)
{
	const struct acl_term_conf	*t;
	const struct acl_fetch_def	*d;
	unsigned			 i;

	for (i = 0; i < acl->terms.n; i++) {
		t = &acl->terms.v[i];
		if ((d = acl_fetch_find(t->fetch)) == NULL ||
		    acl_slot_set_def(t, d) < 0)
			return -1;
	}
	return 0;
}

static int
acl_prep_cond(const struct cond_conf *c)
{
	const struct cond_and	*g;
	unsigned		 i, j;

	for (i = 0; c != NULL && i < c->ors.n; i++) {
		g = &c->ors.v[i];
		for (j = 0; j < g->items.n; j++)
			if (acl_prep_acl(g->items.v[j].acl) < 0)
				return -1;
	}
	return 0;
}

static int
acl_prep_conds(struct cond_conf *const *v, unsigned n)
{
	unsigned	i;

	for (i = 0; i < n; i++)
		if (acl_prep_cond(v[i]) < 0)
			return -1;
	return 0;
}

/* The conditions of every rule, which also reach the "{ }" ACLs a
 * defaults section's rules carry into its proxies. */
static int
acl_prep_rules(const struct proxy_conf *px)
{
	unsigned	i;
	int		rc = 0;

	for (i = 0; i < px->use_backends.n; i++)
		rc |= acl_prep_cond(px->use_backends.v[i].cond);
	rc |= acl_prep_cond(px->default_backend.cond);
	for (i = 0; i < px->use_servers.n; i++)
		rc |= acl_prep_cond(px->use_servers.v[i].cond);
	for (i = 0; i < px->http_req.n; i++)
		rc |= acl_prep_cond(px->http_req.v[i].cond);
	for (i = 0; i < px->http_res.n; i++)
		rc |= acl_prep_cond(px->http_res.v[i].cond);
	for (i = 0; i < px->http_after.n; i++)
		rc |= acl_prep_cond(px->http_after.v[i].cond);
	for (i = 0; i < px->redirects.n; i++)
		rc |= acl_prep_cond(px->redirects.v[i].cond);
	for (i = 0; i < px->tcp_req.n; i++)
		rc |= acl_prep_cond(px->tcp_req.v[i].cond);
	for (i = 0; i < px->tcp_res.n; i++)
		rc |= acl_prep_cond(px->tcp_res.v[i].cond);
	for (i = 0; i < px->sticks.n; i++)
		rc |= acl_prep_cond(px->sticks.v[i].cond);
	rc |= acl_prep_conds(px->force_persist.v, px->force_persist.n);
	rc |= acl_prep_conds(px->ignore_persist.v, px->ignore_persist.n);
	rc |= acl_prep_conds(px->monitor_fail.v, px->monitor_fail.n);
	rc |= acl_prep_conds(px->stats.admin.v, px->stats.admin.n);
	return rc != 0 ? -1 : 0;
}

static int
acl_prep_proxy(const struct proxy_conf *px)
{
	unsigned	i;

	for (i = 0; i < px->acls.n; i++)
		if (acl_prep_acl(px->acls.v[i]) < 0)
			return -1;
	for (i = 0; i < px->anon_acls.n; i++)
		if (acl_prep_acl(px->anon_acls.v[i]) < 0)
			return -1;
	return acl_prep_rules(px);
}

/* Proxies without an "id" take the lowest free one from 1 up, in config
 * order, as HAProxy numbers them (fe_id, be_id). */
static int
acl_prep_ids(const struct config *cfg)
{
	const struct proxy_conf	*px;
	long			 next = 1;

	for (px = cfg->proxies; px != NULL; px = px->next) {
		if (px->id != 0) {
			if (acl_slot_set_id(px, (long)px->id) < 0)
				return -1;
			continue;
		}
		while (acl_id_taken(cfg, next))
			next++;
		if (acl_slot_set_id(px, next++) < 0)
			return -1;
	}
	return 0;
}

/* Map every term of CFG's conditions to its fetch and number the
 * proxies.  Returns -1 for a fetch hapx cannot run, or out of memory. */
int
acl_prepare(const struct config *cfg)
{
	const struct proxy_conf	*px;

	if (!acl_fetch_sorted())
		return -1;
	for (px = cfg->proxies; px != NULL; px = px->next)
		if (acl_prep_proxy(px) < 0)
			return -1;
	for (px = cfg->defaults; px != NULL; px = px->next)
		if (acl_prep_proxy(px) < 0)
			return -1;
	return acl_prep_ids(cfg);
}

/* Forget what acl_prepare() built. */
void
acl_release(void)
{
	free(acl_slots);
	acl_slots = NULL;
	acl_nslots = acl_used = 0;
}

/* ------------------------------------------------------------------ */
/* Matching (doc 7.1.1-7.1.6) */

static bool
acl_sub(const char *s, size_t len, const char *p, size_t pl, bool icase)
{
	size_t	i;

	if (pl > len)
		return false;
	for (i = 0; i + pl <= len; i++)
		if (acl_fetch_bytes_eq(s + i, p, pl, icase))
			return true;
	return false;
}

static bool
acl_is_delim(char c, const char *delims)
{
	return c != '\0' && strchr(delims, c) != NULL;
}

/*
 * "-m dir" / "-m dom": pattern PS must equal whole components of S,
 * delimited by DELIMS or the ends; delimiters around the pattern are
 * ignored (HAProxy's match_word).
 */
static bool
acl_word(const char *s, size_t len, const char *ps, size_t pl, bool icase,
    const char *delims)
{
	const char	*c, *end;
	bool		 may = true;

	while (pl > 0 && acl_is_delim(*ps, delims)) {
		ps++;
		pl--;
	}
	while (pl > 0 && acl_is_delim(ps[pl - 1], delims))
		pl--;
	if (pl == 0 || pl > len)
		return false;
	end = s + len - pl;
	for (c = s; c <= end; c++) {
		if (acl_is_delim(*c, delims)) {
			may = true;
			continue;
		}
		if (!may)
			continue;
		if (acl_fetch_bytes_eq(c, ps, pl, icase) &&
		    (c == end || acl_is_delim(c[pl], delims)))
			return true;
		may = false;
	}
	return false;
}

static bool
acl_str_match(enum acl_match m, const struct acl_pattern *p, const char *s,
    size_t len, bool icase)
{
	switch (m) {
	case ACL_M_STR:
		return len == p->len && acl_fetch_bytes_eq(s, p->s, len, icase);
	case ACL_M_BIN:
		return len == p->len && acl_fetch_bytes_eq(s, p->s, len, false);
	case ACL_M_BEG:
		return len >= p->len &&
		    acl_fetch_bytes_eq(s, p->s, p->len, icase);
	case ACL_M_END:
		return len >= p->len &&
		    acl_fetch_bytes_eq(s + len - p->len, p->s, p->len, icase);
	case ACL_M_SUB:
		return acl_sub(s, len, p->s, p->len, icase);
	case ACL_M_REG:
		return p->rx != NULL && rx_match(p->rx, s, len);
	case ACL_M_DIR:
		return acl_word(s, len, p->s, p->len, icase, "/?");
	case ACL_M_DOM:
		return acl_word(s, len, p->s, p->len, icase, "/?.:");
	default:
		return false;
	}
}

/* Whether the first BITS bits of A and NET are equal. */
static bool
acl_prefix_eq(const unsigned char *a, const unsigned char *net,
    unsigned bits)
{
	unsigned	n = bits / 8, r = bits % 8;

	if (memcmp(a, net, n) != 0)
		return false;
	return r == 0 || ((a[n] ^ net[n]) & (0xff00u >> r) & 0xff) == 0;
}

/* An IPv4 address matches an IPv6 pattern as ::ffff:a.b.c.d, and an
 * IPv4-mapped IPv6 address matches IPv4 patterns (HAProxy's
 * v4tov6/v6tov4). */
static bool
acl_ip_match(const struct acl_pattern *p, int af, const unsigned char *ip)
{
	static const unsigned char	 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
					    0, 0, 0xff, 0xff };
	unsigned char			 v6[16];

	if (p->af == AF_INET6 && af == AF_INET) {
		memcpy(v6, mapped, 12);
		memcpy(v6 + 12, ip, 4);
		ip = v6;
	} else if (p->af == AF_INET && af == AF_INET6) {
		if (memcmp(ip, mapped, 12) != 0)
			return false;
		ip += 12;
	} else if (p->af != af)
		return false;	/* AF_UNSPEC: a host name not resolved */
	return acl_prefix_eq(ip, p->addr, p->prefix);
}

/* http_auth_group: the patterns are groups the user must be in. */
static bool
acl_group_match(const struct acl_term_conf *t, const struct acl_smp *smp)
{
	unsigned	i;

	for (i = 0; i < t->patterns.n; i++)
		if (acl_fetch_in_group(smp->ul, smp->user,
		    t->patterns.v[i].s))
			return true;
	return false;
}

static bool
acl_match_str(const struct acl_term_conf *t, const struct acl_smp *smp)
{
	const struct acl_pattern	*p;
	char				 num[ACL_NUMSZ];
	const char			*s;
	size_t				 len;
	unsigned			 i;
	bool				 meth;

	if (smp->user != NULL && t->match == ACL_M_STR)
		return acl_group_match(t, smp);
	if (!acl_fetch_str(smp, num, &s, &len))
		return false;
	/* spec §4.2: "method GET" matches whatever the case of the name. */
	meth = smp->type == ACL_T_METH && t->match == ACL_M_STR;
	for (i = 0; i < t->patterns.n; i++) {
		p = &t->patterns.v[i];
		if (acl_str_match(t->match, p, s, len, p->icase || meth))
			return true;
	}
	return false;
}

static bool
acl_match_int(const struct acl_term_conf *t, long long v)
{
	unsigned	i;

	for (i = 0; i < t->patterns.n; i++)
		if (t->patterns.v[i].lo <= v && v <= t->patterns.v[i].hi)
			return true;
	return false;
}

/* Whether sample SMP matches one of T's patterns. */
static bool
acl_match(const struct acl_term_conf *t, const struct acl_smp *smp)
{
	char		 num[ACL_NUMSZ];
	const char	*s;
	size_t		 len;
	long long	 v;
	unsigned char	 ip[16];
	unsigned	 i;
	int		 af;

	switch (t->match) {
	case ACL_M_FOUND:
		return true;
	case ACL_M_BOOL:
		return acl_fetch_int(smp, &v) && v != 0;
	case ACL_M_INT:
		return acl_fetch_int(smp, &v) && acl_match_int(t, v);
	case ACL_M_LEN:
		return acl_fetch_str(smp, num, &s, &len) &&
		    acl_match_int(t, (long long)len);
	case ACL_M_IP:
		if (!acl_fetch_ip(smp, &af, ip))
			return false;
		for (i = 0; i < t->patterns.n; i++)
			if (acl_ip_match(&t->patterns.v[i], af, ip))
				return true;
		return false;
	default:
		return acl_match_str(t, smp);
	}
}

/* ------------------------------------------------------------------ */
/* Conditions (doc 7.2) */

/* HAProxy's acl_test_res: AND is '&', OR is '|', and negation swaps PASS
 * and FAIL but keeps MISS. */
#define ACL_FAIL	0
#define ACL_MISS	1
#define ACL_PASS	3

static int
acl_neg(int r)
{
	return r == ACL_MISS ? r : ACL_PASS - r;
}

static bool
acl_match_sink(struct acl_walk *w, const struct acl_smp *smp)
{
	w->matched = acl_match(w->t, smp);
	return w->matched;
}

static int
acl_term_exec(const struct acl_term_conf *t, const struct acl_env *env)
{
	acl_fetch_fn	*fn = acl_term_fn(t);
	struct acl_walk	 w;

	if (fn == NULL)
		return ACL_FAIL;
	memset(&w, 0, sizeof(w));
	w.t = t;
	w.env = env;
	w.sink = acl_match_sink;
	w.acl = true;
	fn(&w);
	if (w.matched)
		return ACL_PASS;
	return w.may_change && env->partial ? ACL_MISS : ACL_FAIL;
}

/* Several lines of one ACL are ORed (doc 7.1). */
static int
acl_exec(const struct acl_conf *acl, const struct acl_env *env)
{
	unsigned	i;
	int		r = ACL_FAIL;

	for (i = 0; i < acl->terms.n && r != ACL_PASS; i++)
		r |= acl_term_exec(&acl->terms.v[i], env);
	return r;
}

static void
acl_trace_item(const struct acl_env *env, const struct cond_item *it, int r)
{
	struct acl_trace_ev	ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = ACL_TR_ITEM;
	ev.item = it;
	ev.result = r == ACL_PASS;
	ev.miss = r == ACL_MISS;
	env->trace->fn(env->trace->arg, &ev);
}

static void
acl_trace_switch(const struct acl_env *env, const struct switch_rule *r,
    bool taken)
{
	struct acl_trace_ev	ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = ACL_TR_SWITCH;
	ev.sw = r;
	ev.result = taken;
	env->trace->fn(env->trace->arg, &ev);
}

/* ACL_PASS, ACL_FAIL, or ACL_MISS when a fetch lacked data that may still
 * arrive (env->partial): tcp-request content then waits. */
static int
acl_cond_exec(const struct cond_conf *c, const struct acl_env *env)
{
	const struct cond_and	*g;
	const struct cond_item	*it;
	unsigned		 i, j;
	int			 res = ACL_FAIL, sres, r;

	if (c == NULL)
		return ACL_PASS;
	for (i = 0; i < c->ors.n && res != ACL_PASS; i++) {
		g = &c->ors.v[i];
		sres = ACL_PASS;
		for (j = 0; j < g->items.n && sres != ACL_FAIL; j++) {
			it = &g->items.v[j];
			r = acl_exec(it->acl, env);
			if (env->trace != NULL)
				acl_trace_item(env, it, r);
			sres &= it->negate ? acl_neg(r) : r;
		}
		res |= sres;
	}
	return c->unless ? acl_neg(res) : res;
}

/* Evaluate condition C; NULL (no condition) is true. */
bool
acl_cond_eval(const struct cond_conf *c, const struct acl_env *env)
{
	return acl_cond_exec(c, env) == ACL_PASS;
}

/* Whether C may still change with more data (see struct acl_env). */
bool
acl_cond_pending(const struct cond_conf *c, const struct acl_env *env)
{
	return acl_cond_exec(c, env) == ACL_MISS;
}

const struct switch_rule *
acl_route(const struct proxy_conf *pc, const struct acl_env *env)
{
	const struct switch_rule	*r;
	unsigned			 i;
	bool				 taken;

	for (i = 0; i < pc->use_backends.n; i++) {
		r = &pc->use_backends.v[i];
		if (r->target == NULL)
			continue;
		taken = acl_cond_eval(r->cond, env);
		if (env->trace != NULL)
			acl_trace_switch(env, r, taken);
		if (taken)
			return r;
	}
	if (pc->default_backend.target == NULL)
		return NULL;
	if (env->trace != NULL)
		acl_trace_switch(env, &pc->default_backend, true);
	return &pc->default_backend;
}

/* ------------------------------------------------------------------ */
/* Sample expressions (log-format "%[...]") */

static bool
acl_sample_sink(struct acl_walk *w, const struct acl_smp *smp)
{
	char		 num[ACL_NUMSZ];
	const char	*s;
	size_t		 len;

	if (!acl_fetch_str(smp, num, &s, &len))
		return false;
	if (len >= w->outsz)
		len = w->outsz - 1;
	memcpy(w->out, s, len);
	w->out[len] = '\0';
	w->outlen = (long)len;
	return !w->last;
}

/* "(a,b)" from P (after the '('), copied NUL-terminated into BUF; returns
 * what follows the ')', or NULL. */
static const char *
acl_sample_args(const char *p, const char *e, struct acl_term_conf *t,
    char *buf, size_t bufsz)
{
	size_t		o = 0;
	unsigned	n = 0;

	t->fetch_args[n++] = buf;
	for (; p < e && *p != ')'; p++) {
		if (o + 2 > bufsz)
			return NULL;
		if (*p != ',') {
			buf[o++] = *p;
			continue;
		}
		buf[o++] = '\0';
		if (n == nitems(t->fetch_args))
			return NULL;
		t->fetch_args[n++] = buf + o;
	}
	if (p == e)
		return NULL;
	buf[o] = '\0';
	t->nfetch_args = n == 1 && buf[0] == '\0' ? 0 : n;
	return p + 1;
}

/* ",lower" and ",upper", the converters hapx runs. */
static int
acl_sample_convs(const char *p, const char *e, struct acl_term_conf *t)
{
	size_t	n;

	while (p < e) {
		if (*p++ != ',' || t->nconv == ACL_MAX_CONV)
			return -1;
		for (n = 0; p + n < e && p[n] != ','; n++)
			continue;
		if ((n == 5 || n == 7) && memcmp(p, "lower()", n) == 0)
			t->conv[t->nconv++] = ACL_CONV_LOWER;
		else if ((n == 5 || n == 7) && memcmp(p, "upper()", n) == 0)
			t->conv[t->nconv++] = ACL_CONV_UPPER;
		else
			return -1;
		p += n;
	}
	return 0;
}

/* The typed arguments of fetch D (occurrences, proxies, userlists). */
static int
acl_sample_argvals(const struct acl_fetch_def *d, const struct acl_env *env,
    struct acl_term_conf *t)
{
	const struct config	*cfg = env->eng != NULL ? env->eng->cfg : NULL;
	const char		*a;
	unsigned		 i;

	if (t->nfetch_args > strlen(d->args))
		return -1;
	for (i = 0; i < t->nfetch_args; i++) {
		a = t->fetch_args[i];
		switch (d->args[i]) {
		case 'o':
		case 'i':
			t->fetch_int = strtoll(a, NULL, 10);
			break;
		case 'B':
			t->fetch_int = strcmp(a, "true") == 0 ||
			    strcmp(a, "1") == 0;
			break;
		case 'b':
		case 'f':
			if (cfg == NULL || (t->proxy = config_find_proxy(cfg,
			    a, d->args[i] == 'b' ? CFG_CAP_BE : CFG_CAP_FE)) ==
			    NULL)
				return -1;
			break;
		case 'u':
			if (cfg == NULL || (t->userlist =
			    config_find_userlist(cfg, a)) == NULL)
				return -1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Parse "name(args),conv..." into T; arguments go into BUF. */
static const struct acl_fetch_def *
acl_sample_parse(const char *expr, size_t len, const struct acl_env *env,
    struct acl_term_conf *t, char *buf, size_t bufsz)
{
	const struct acl_fetch_def	*d;
	const char			*p, *e = expr + len;
	char				 name[40];
	size_t				 n;

	for (n = 0; n < len && expr[n] != '(' && expr[n] != ','; n++)
		continue;
	if (n == 0 || n >= sizeof(name))
		return NULL;
	memcpy(name, expr, n);
	name[n] = '\0';
	if ((d = acl_fetch_find(name)) == NULL)
		return NULL;
	p = expr + n;
	if (p < e && *p == '(' &&
	    (p = acl_sample_args(p + 1, e, t, buf, bufsz)) == NULL)
		return NULL;
	if (acl_sample_convs(p, e, t) < 0 || acl_sample_argvals(d, env, t) < 0)
		return NULL;
	return d;
}

/* The string value of sample expression EXPR[0..LEN) into OUT (at most
 * OUTSZ-1 bytes and a NUL); its length, or -1 when there is none. */
long
acl_sample(const char *expr, size_t len, const struct acl_env *env,
    char *out, size_t outsz)
{
	const struct acl_fetch_def	*d;
	struct acl_term_conf		 t;
	struct acl_walk			 w;
	char				 args[256];

	if (outsz == 0)
		return -1;
	memset(&t, 0, sizeof(t));
	if ((d = acl_sample_parse(expr, len, env, &t, args,
	    sizeof(args))) == NULL)
		return -1;
	memset(&w, 0, sizeof(w));
	w.t = &t;
	w.env = env;
	w.sink = acl_sample_sink;
	w.out = out;
	w.outsz = outsz;
	w.outlen = -1;
	d->fn(&w);
	return w.outlen;
}
