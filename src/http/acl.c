/*
 * acl: runtime evaluation of the model's conditions (doc 7, spec §4).
 *
 * A term's fetch (acl_fetch.c) hands each sample to the matcher here,
 * which compares it with the patterns cfg_acl_fetch.c validated and
 * compiled, by the term's match method.  Terms of one ACL are ORed; a
 * condition ORs AND groups of maybe negated ACLs, with HAProxy's
 * three-valued logic (PASS, FAIL, and MISS when data may still arrive).
 *
 * The model is immutable, so acl_prep_new() builds a table the engine
 * owns, keyed by the model object's address: the fetch each term runs,
 * the compiled form of each format string (fmt.c) and sample expression
 * (sample.c) the rules use.  Nothing is looked up by name or parsed per
 * request.  Nothing here prints or exits.
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
#include "http/fmt.h"
#include "http/sample.h"
#include "model/cfg_model.h"
#include "engine/engine_types.h"
#include "base/regex.h"

#include "base/nitems.h"

/* ------------------------------------------------------------------ */
/* What acl_prep_new() built, owned by the engine (engine->prep): an
 * open-addressing table keyed by the model object's address and its
 * kind.  A term maps to its fetch, a proxy_conf to its id, a format
 * string to its compiled form (fmt.c), a sample expression to its
 * compiled form (sample.c). */

enum acl_slot_kind { AS_TERM, AS_PXID, AS_FMT, AS_SMP };

struct acl_slot {
	const void			*key;
	enum acl_slot_kind		 kind;
	const struct acl_fetch_def	*def;	/* AS_TERM */
	long				 id;	/* AS_PXID; AS_SMP: length */
	struct fmt			*fmt;	/* AS_FMT: owned */
	struct sample_expr		*smp;	/* AS_SMP: owned */
};

struct acl_prep {
	const struct config	*cfg;		/* not owned */
	struct acl_slot		*slots;		/* owned */
	size_t			 nslots;	/* a power of two, or 0 */
	size_t			 used;
};

static size_t
acl_hash(const void *p, enum acl_slot_kind k)
{
	uint64_t	h = (uint64_t)(uintptr_t)p + (uint64_t)k;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static struct acl_slot *
acl_slot_find(const struct acl_prep *ap, const void *key,
    enum acl_slot_kind k)
{
	size_t	i, mask;

	if (ap == NULL || ap->nslots == 0)
		return NULL;
	mask = ap->nslots - 1;
	for (i = acl_hash(key, k) & mask; ap->slots[i].key != NULL;
	    i = (i + 1) & mask)
		if (ap->slots[i].key == key && ap->slots[i].kind == k)
			return &ap->slots[i];
	return NULL;
}

static void
acl_slot_put(struct acl_slot *tab, size_t n, const struct acl_slot *v)
{
	size_t	i, mask = n - 1;

	for (i = acl_hash(v->key, v->kind) & mask; tab[i].key != NULL;
	    i = (i + 1) & mask)
		continue;
	tab[i] = *v;
}

static int
acl_slot_grow(struct acl_prep *ap)
{
	struct acl_slot	*tab;
	size_t		 n = ap->nslots ? ap->nslots * 2 : 256, i;

	if ((tab = calloc(n, sizeof(*tab))) == NULL)
		return -1;
	for (i = 0; i < ap->nslots; i++)
		if (ap->slots[i].key != NULL)
			acl_slot_put(tab, n, &ap->slots[i]);
	free(ap->slots);
	ap->slots = tab;
	ap->nslots = n;
	return 0;
}

/* Add V (keyed by V->key and V->kind) unless it is there: the first
 * wins, so a shared object is compiled once.  Returns 1 when added. */
static int
acl_slot_add(struct acl_prep *ap, const struct acl_slot *v)
{
	if (acl_slot_find(ap, v->key, v->kind) != NULL)
		return 0;
	if ((ap->used + 1) * 2 > ap->nslots && acl_slot_grow(ap) < 0)
		return -1;
	acl_slot_put(ap->slots, ap->nslots, v);
	ap->used++;
	return 1;
}

static const struct acl_prep *
acl_env_prep(const struct acl_env *env)
{
	return env != NULL && env->eng != NULL ? env->eng->prep : NULL;
}

/* The fetch of term T.  A term acl_prep_new() did not see (a config
 * loaded by a test without an engine) is looked up by name. */
static acl_fetch_fn *
acl_term_fn(const struct acl_term_conf *t, const struct acl_env *env)
{
	const struct acl_slot		*s;
	const struct acl_fetch_def	*d;

	s = acl_slot_find(acl_env_prep(env), t, AS_TERM);
	if (s != NULL)
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

/* The id of proxy PX (NULL: unknown): its "id", or the one
 * acl_prep_new() gave it, or else the same computed again. */
long
acl_px_id(const struct acl_env *env, const struct proxy_conf *px)
{
	const struct acl_slot	*s;
	const struct config	*cfg;
	const struct proxy_conf	*q;
	long			 next = 1;

	if ((s = acl_slot_find(acl_env_prep(env), px, AS_PXID)) != NULL)
		return s->id;
	cfg = env != NULL && env->eng != NULL ? env->eng->cfg : NULL;
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
/* acl_prep_new() */

static int
acl_prep_acl(struct acl_prep *ap, const struct acl_conf *acl)
{
	const struct acl_term_conf	*t;
	struct acl_slot			 v;
	unsigned			 i;

	for (i = 0; i < acl->terms.n; i++) {
		t = &acl->terms.v[i];
		memset(&v, 0, sizeof(v));
		v.key = t;
		v.kind = AS_TERM;
		if ((v.def = acl_fetch_find(t->fetch)) == NULL ||
		    acl_slot_add(ap, &v) < 0)
			return -1;
	}
	return 0;
}

static int
acl_prep_cond(struct acl_prep *ap, const struct cond_conf *c)
{
	const struct cond_and	*g;
	unsigned		 i, j;

	for (i = 0; c != NULL && i < c->ors.n; i++) {
		g = &c->ors.v[i];
		for (j = 0; j < g->items.n; j++)
			if (acl_prep_acl(ap, g->items.v[j].acl) < 0)
				return -1;
	}
	return 0;
}

static int
acl_prep_conds(struct acl_prep *ap, struct cond_conf *const *v, unsigned n)
{
	unsigned	i;

	for (i = 0; i < n; i++)
		if (acl_prep_cond(ap, v[i]) < 0)
			return -1;
	return 0;
}

/* Format S (LEN bytes, NUL-terminated or not), compiled once. */
static int
acl_prep_fmt_n(struct acl_prep *ap, const char *s, size_t len)
{
	struct acl_slot	v;

	if (s == NULL || acl_slot_find(ap, s, AS_FMT) != NULL)
		return 0;
	memset(&v, 0, sizeof(v));
	v.key = s;
	v.kind = AS_FMT;
	if ((v.fmt = fmt_compile_n(s, len, ap->cfg)) == NULL ||
	    acl_slot_add(ap, &v) < 0) {
		fmt_free(v.fmt);
		return -1;
	}
	return 0;
}

static int
acl_prep_fmt(struct acl_prep *ap, const char *s)
{
	return s != NULL ? acl_prep_fmt_n(ap, s, strlen(s)) : 0;
}

/* Sample expression S, compiled once (one that cannot run has no
 * value, as when it was parsed per request). */
static int
acl_prep_smp(struct acl_prep *ap, const char *s)
{
	struct acl_slot	v;

	if (s == NULL || acl_slot_find(ap, s, AS_SMP) != NULL)
		return 0;
	memset(&v, 0, sizeof(v));
	v.key = s;
	v.kind = AS_SMP;
	v.id = (long)strlen(s);
	if ((v.smp = malloc(sizeof(*v.smp))) == NULL)
		return -1;
	(void)sample_compile(v.smp, s, strlen(s), ap->cfg);
	if (acl_slot_add(ap, &v) < 0) {
		free(v.smp);
		return -1;
	}
	return 0;
}

static int
acl_prep_reply(struct acl_prep *ap, const struct http_reply *rp)
{
	unsigned	i;
	int		rc = 0;

	if (rp == NULL)
		return 0;
	if (rp->body == HTTP_BODY_LF_STRING)
		rc |= acl_prep_fmt(ap, rp->text);
	if (rp->body == HTTP_BODY_LF_FILE && rp->data != NULL)
		rc |= acl_prep_fmt_n(ap, rp->data, rp->len);
	for (i = 0; i < rp->hdrs.n; i++)
		rc |= acl_prep_fmt(ap, rp->hdrs.v[i].value);
	return rc;
}

/* What a rule evaluates: its condition, and its format or sample. */
static int
acl_prep_http_rules(struct acl_prep *ap, const struct http_rule *v,
    unsigned n)
{
	const struct http_rule	*r;
	unsigned		 i;
	int			 rc = 0;

	for (i = 0; i < n; i++) {
		r = &v[i];
		rc |= acl_prep_cond(ap, r->cond);
		if (r->act == HTTP_ACT_SET_VAR)
			rc |= acl_prep_smp(ap, r->value);
		else
			rc |= acl_prep_fmt(ap, r->value);
		if (r->act == HTTP_ACT_CAPTURE)
			rc |= acl_prep_smp(ap, r->name);
		if (r->redirect != NULL)
			rc |= acl_prep_fmt(ap, r->redirect->target);
		rc |= acl_prep_reply(ap, r->reply);
	}
	return rc;
}

/* The conditions of every rule, which also reach the "{ }" ACLs a
 * defaults section's rules carry into its proxies, and the formats and
 * samples the rules evaluate. */
static int
acl_prep_rules(struct acl_prep *ap, const struct proxy_conf *px)
{
	unsigned	i;
	int		rc = 0;

	for (i = 0; i < px->use_backends.n; i++)
		rc |= acl_prep_cond(ap, px->use_backends.v[i].cond);
	rc |= acl_prep_cond(ap, px->default_backend.cond);
	for (i = 0; i < px->use_servers.n; i++)
		rc |= acl_prep_cond(ap, px->use_servers.v[i].cond);
	rc |= acl_prep_http_rules(ap, px->http_req.v, px->http_req.n);
	rc |= acl_prep_http_rules(ap, px->http_res.v, px->http_res.n);
	rc |= acl_prep_http_rules(ap, px->http_after.v, px->http_after.n);
	for (i = 0; i < px->redirects.n; i++) {
		rc |= acl_prep_cond(ap, px->redirects.v[i].cond);
		rc |= acl_prep_fmt(ap, px->redirects.v[i].target);
	}
	for (i = 0; i < px->tcp_req.n; i++) {
		rc |= acl_prep_cond(ap, px->tcp_req.v[i].cond);
		rc |= acl_prep_smp(ap, px->tcp_req.v[i].sample);
	}
	for (i = 0; i < px->tcp_res.n; i++)
		rc |= acl_prep_cond(ap, px->tcp_res.v[i].cond);
	for (i = 0; i < px->sticks.n; i++) {
		rc |= acl_prep_cond(ap, px->sticks.v[i].cond);
		rc |= acl_prep_smp(ap, px->sticks.v[i].expr);
	}
	rc |= acl_prep_conds(ap, px->force_persist.v, px->force_persist.n);
	rc |= acl_prep_conds(ap, px->ignore_persist.v, px->ignore_persist.n);
	rc |= acl_prep_conds(ap, px->monitor_fail.v, px->monitor_fail.n);
	rc |= acl_prep_conds(ap, px->stats.admin.v, px->stats.admin.n);
	return rc != 0 ? -1 : 0;
}

static int
acl_prep_proxy(struct acl_prep *ap, const struct proxy_conf *px)
{
	unsigned	i;

	for (i = 0; i < px->acls.n; i++)
		if (acl_prep_acl(ap, px->acls.v[i]) < 0)
			return -1;
	for (i = 0; i < px->anon_acls.n; i++)
		if (acl_prep_acl(ap, px->anon_acls.v[i]) < 0)
			return -1;
	return acl_prep_rules(ap, px);
}

/* Proxies without an "id" take the lowest free one from 1 up, in config
 * order, as HAProxy numbers them (fe_id, be_id). */
static int
acl_prep_ids(struct acl_prep *ap, const struct config *cfg)
{
	const struct proxy_conf	*px;
	struct acl_slot		 v;
	long			 next = 1;

	for (px = cfg->proxies; px != NULL; px = px->next) {
		memset(&v, 0, sizeof(v));
		v.key = px;
		v.kind = AS_PXID;
		if (px->id != 0)
			v.id = (long)px->id;
		else {
			while (acl_id_taken(cfg, next))
				next++;
			v.id = next++;
		}
		if (acl_slot_add(ap, &v) < 0)
			return -1;
	}
	return 0;
}

/* Map every term of CFG's conditions to its fetch, number the proxies,
 * compile the formats and samples of the rules.  NULL for a fetch hapx
 * cannot run, or out of memory. */
struct acl_prep *
acl_prep_new(const struct config *cfg)
{
	struct acl_prep		*ap;
	const struct proxy_conf	*px;
	int			 rc = 0;

	if (!acl_fetch_sorted() || (ap = calloc(1, sizeof(*ap))) == NULL)
		return NULL;
	ap->cfg = cfg;
	for (px = cfg->proxies; px != NULL && rc == 0; px = px->next)
		rc = acl_prep_proxy(ap, px);
	for (px = cfg->defaults; px != NULL && rc == 0; px = px->next)
		rc = acl_prep_proxy(ap, px);
	if (rc != 0 || acl_prep_ids(ap, cfg) < 0) {
		acl_prep_free(ap);
		return NULL;
	}
	return ap;
}

void
acl_prep_free(struct acl_prep *ap)
{
	size_t	i;

	if (ap == NULL)
		return;
	for (i = 0; i < ap->nslots; i++) {
		fmt_free(ap->slots[i].fmt);
		free(ap->slots[i].smp);
	}
	free(ap->slots);
	free(ap);
}

const struct fmt *
acl_prep_fmt_of(const struct acl_env *env, const char *s)
{
	const struct acl_slot	*sl;

	sl = acl_slot_find(acl_env_prep(env), s, AS_FMT);
	return sl != NULL ? sl->fmt : NULL;
}

size_t
acl_prep_count(const struct acl_prep *ap)
{
	return ap != NULL ? ap->used : 0;
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
	acl_fetch_fn	*fn = acl_term_fn(t, env);
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
/* Sample expressions */

/* The string value of sample expression EXPR[0..LEN) into OUT (at most
 * OUTSZ-1 bytes and a NUL); its length, or -1 when there is none.  The
 * model's expressions were compiled by acl_prep_new(); another one (a
 * test, a tool) is compiled for this call. */
long
acl_sample(const char *expr, size_t len, const struct acl_env *env,
    char *out, size_t outsz)
{
	const struct acl_slot	*s;
	struct sample_expr	 x;

	s = acl_slot_find(acl_env_prep(env), expr, AS_SMP);
	if (s != NULL && (size_t)s->id == len)
		return sample_eval(s->smp, env, out, outsz);
	if (outsz == 0 || sample_compile(&x, expr, len, env != NULL &&
	    env->eng != NULL ? env->eng->cfg : NULL) < 0)
		return -1;
	return sample_eval(&x, env, out, outsz);
}
