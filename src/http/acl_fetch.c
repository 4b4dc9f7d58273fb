/*
 * acl_fetch: the sample fetches (doc 7.3).  A fetch hands each sample it
 * finds to the walk's sink through acl_emit(), which runs the term's
 * converters first: most fetches give one sample, a header, a cookie or a
 * URL parameter may give several, and an ACL tries each until one matches
 * (doc 7.1).  Samples point into the request or into the caller's stack:
 * nothing here allocates, prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#ifdef HAVE_CRYPT_R
#include <crypt.h>
#endif
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/acl_env.h"
#include "http/acl_fetch.h"
#include "http/acl_tls.h"
#include "model/cfg_model.h"
#include "engine/engine_types.h"
#include "http/http1.h"
#include "servers/proxy.h"
#include "http/vars.h"

#include "base/nitems.h"

/* Room for a value built here (base, a converted string): HAProxy's
 * default tune.bufsize.  A longer one gives no sample, as in HAProxy,
 * whose converters fail when the trash buffer is too small. */
#define ACL_BUFSZ	16384

/* ------------------------------------------------------------------ */
/* Bytes and samples */

/* Compare N bytes, ASCII case ignored when ICASE. */
bool
acl_fetch_bytes_eq(const char *a, const char *b, size_t n, bool icase)
{
	size_t	i;

	if (n == 0)
		return true;
	if (!icase)
		return memcmp(a, b, n) == 0;
	for (i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) !=
		    tolower((unsigned char)b[i]))
			return false;
	return true;
}

/* Drop blanks on both sides of [*S, *E). */
static void
acl_trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

/* HAProxy's string-to-integer cast (read_int64, strl2ic): a sign and the
 * digits that follow, so "12abc" is 12 and "abc" is 0; an empty string
 * has no value.  Saturates instead of overflowing. */
static bool
acl_str_int(const char *s, size_t len, long long *v)
{
	const char		*e = s + len;
	unsigned long long	 n = 0, max = LLONG_MAX;
	bool			 neg = false;

	if (len == 0)
		return false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; s < e && *s >= '0' && *s <= '9'; s++) {
		if (n > (max - (unsigned)(*s - '0')) / 10) {
			n = max;
			break;
		}
		n = n * 10 + (unsigned)(*s - '0');
	}
	*v = neg ? -(long long)n : (long long)n;
	return true;
}

/* An address from text; the whole text must be one (HAProxy c_str2addr). */
static bool
acl_str_ip(const char *s, size_t len, int *af, unsigned char *ip)
{
	char	buf[ACL_NUMSZ];

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, ip) == 1) {
		*af = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, buf, ip) == 1) {
		*af = AF_INET6;
		return true;
	}
	return false;
}

/* The text of SMP; integers and addresses are written into NUM
 * (ACL_NUMSZ bytes). */
bool
acl_fetch_str(const struct acl_smp *smp, char *num, const char **s,
    size_t *len)
{
	int	n;

	switch (smp->type) {
	case ACL_T_BOOL:
	case ACL_T_INT:
		n = snprintf(num, ACL_NUMSZ, "%lld", smp->i);
		*s = num;
		*len = (size_t)n;
		return true;
	case ACL_T_IP:
		if (inet_ntop(smp->af, smp->ip, num, ACL_NUMSZ) == NULL)
			return false;
		*s = num;
		*len = strlen(num);
		return true;
	default:
		*s = smp->s;
		*len = smp->len;
		return true;
	}
}

/* SMP as an integer: IPv4 addresses are their 32-bit value. */
bool
acl_fetch_int(const struct acl_smp *smp, long long *v)
{
	uint32_t	a;

	switch (smp->type) {
	case ACL_T_BOOL:
	case ACL_T_INT:
		*v = smp->i;
		return true;
	case ACL_T_IP:
		if (smp->af != AF_INET)
			return false;
		memcpy(&a, smp->ip, 4);
		*v = ntohl(a);
		return true;
	default:
		return acl_str_int(smp->s, smp->len, v);
	}
}

/* SMP as an address: an integer is an IPv4 address. */
bool
acl_fetch_ip(const struct acl_smp *smp, int *af, unsigned char *ip)
{
	uint32_t	a;

	switch (smp->type) {
	case ACL_T_IP:
		*af = smp->af;
		memcpy(ip, smp->ip, 16);
		return true;
	case ACL_T_BOOL:
	case ACL_T_INT:
		a = htonl((uint32_t)smp->i);
		memcpy(ip, &a, 4);
		*af = AF_INET;
		return true;
	default:
		return acl_str_ip(smp->s, smp->len, af, ip);
	}
}

/* ------------------------------------------------------------------ */
/* Emitting samples */

/* Hand SMP to the walk's sink after the term's converters ("lower",
 * "upper", which make a string); true when the fetch should stop. */
static bool
acl_emit(struct acl_walk *w, const struct acl_smp *smp)
{
	const struct acl_term_conf	*t = w->t;
	struct acl_smp			 c;
	char				 buf[ACL_BUFSZ], num[ACL_NUMSZ];
	const char			*s;
	size_t				 len, i;
	unsigned			 k;

	if (w->stop)
		return true;
	if (t->nconv == 0) {
		w->stop = w->sink(w, smp);
		return w->stop;
	}
	if (!acl_fetch_str(smp, num, &s, &len) || len > sizeof(buf))
		return false;
	for (i = 0; i < len; i++) {
		buf[i] = s[i];
		for (k = 0; k < t->nconv; k++)
			buf[i] = (char)(t->conv[k] == ACL_CONV_LOWER ?
			    tolower((unsigned char)buf[i]) :
			    toupper((unsigned char)buf[i]));
	}
	memset(&c, 0, sizeof(c));
	c.type = ACL_T_STR;
	c.s = buf;
	c.len = len;
	w->stop = w->sink(w, &c);
	return w->stop;
}

static bool
acl_emit_str(struct acl_walk *w, enum acl_type type, const char *s,
    size_t len)
{
	struct acl_smp	smp;

	memset(&smp, 0, sizeof(smp));
	smp.type = type;
	smp.s = s != NULL ? s : "";
	smp.len = s != NULL ? len : 0;
	return acl_emit(w, &smp);
}

static bool
acl_emit_int(struct acl_walk *w, enum acl_type type, long long v)
{
	struct acl_smp	smp;

	memset(&smp, 0, sizeof(smp));
	smp.type = type;
	smp.i = v;
	return acl_emit(w, &smp);
}

/* The address of SS (IPv4 or IPv6; nothing for a UNIX socket). */
static bool
acl_emit_addr(struct acl_walk *w, const struct sockaddr_storage *ss)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;
	struct acl_smp			 smp;

	if (ss == NULL)
		return false;
	memset(&smp, 0, sizeof(smp));
	smp.type = ACL_T_IP;
	smp.af = ss->ss_family;
	if (ss->ss_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)ss;
		memcpy(smp.ip, &sin->sin_addr, 4);
	} else if (ss->ss_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)(const void *)ss;
		memcpy(smp.ip, &sin6->sin6_addr, 16);
	} else
		return false;
	return acl_emit(w, &smp);
}

/* The port of SS, or -1. */
static int
acl_port(const struct sockaddr_storage *ss)
{
	if (ss == NULL)
		return -1;
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)(const void *)ss)->
		    sin_port);
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)(const void *)ss)->
		    sin6_port);
	return -1;
}

/* ------------------------------------------------------------------ */
/* The request line */

/* The request-target as received. */
static bool
acl_uri(const struct acl_env *env, const char **u, size_t *len)
{
	const struct http_head	*h = env->req;

	if (h == NULL || h->start.s == NULL)
		return false;
	*u = h->start.s + h->uoff;
	*len = h->ulen;
	return true;
}

/* The path of URI U: from its first '/' up to '?', past the scheme and
 * authority of an absolute URI; none for "*" or the authority form
 * (HAProxy's http_get_path, spec §4.2). */
static bool
acl_uri_path(const char *u, size_t len, const char **p, size_t *plen)
{
	const char	*s = u, *e = u + len, *q;

	if (s == e || *s == '*')
		return false;
	if (isalpha((unsigned char)*s)) {
		for (s++; s < e && (isalnum((unsigned char)*s) || *s == '+' ||
		    *s == '-' || *s == '.'); s++)
			continue;
		if (e - s < 3 || memcmp(s, "://", 3) != 0)
			return false;
		s += 3;
	}
	while (s < e && *s != '/')
		s++;
	if (s == e)
		return false;
	q = memchr(s, '?', (size_t)(e - s));
	*p = s;
	*plen = (size_t)((q != NULL ? q : e) - s);
	return true;
}

/* ------------------------------------------------------------------ */
/* Headers */

/* The values of the headers named NAME, in order. */
struct acl_hdr_it {
	const struct http_head	*h;
	const char		*name;
	size_t			 nlen;		/* 0: every header */
	bool			 split;		/* comma-separated values */
	unsigned		 i;		/* next line to look at */
	const char		*p, *e;		/* values left on the line */
	bool			 more;		/* p..e holds values */
};

static void
acl_hdr_init(struct acl_hdr_it *it, const struct http_head *h,
    const char *name, bool split)
{
	memset(it, 0, sizeof(*it));
	it->h = h;
	it->name = name;
	it->nlen = strlen(name);
	it->split = split;
}

/* Where the value at P ends: the next comma outside a quoted string
 * (HAProxy's http_find_hdr_value_end). */
static const char *
acl_value_end(const char *p, const char *e)
{
	bool	quoted = false;

	for (; p < e; p++) {
		if (quoted && *p == '\\' && p + 1 < e)
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			return p;
	}
	return e;
}

/* Move to the next line named it->name. */
static bool
acl_hdr_line(struct acl_hdr_it *it)
{
	const struct http_line	*l;

	while (it->h != NULL && it->i < it->h->nhdrs) {
		l = &it->h->hdrs[it->i++];
		if (it->nlen != 0 && (l->nlen != it->nlen ||
		    !acl_fetch_bytes_eq(l->s, it->name, it->nlen, true)))
			continue;
		it->p = l->s + l->voff;
		it->e = it->p + l->vlen;
		it->more = true;
		return true;
	}
	return false;
}

/* The next value: a whole line, or (split) each comma-separated value,
 * blanks trimmed; an empty value counts, as in HAProxy. */
static bool
acl_hdr_next(struct acl_hdr_it *it, const char **v, size_t *len)
{
	const char	*s, *e;

	if (!it->more && !acl_hdr_line(it))
		return false;
	s = it->p;
	e = it->split ? acl_value_end(s, it->e) : it->e;
	it->more = e < it->e;
	if (it->more)
		it->p = e + 1;
	acl_trim(&s, &e);
	*v = s;
	*len = (size_t)(e - s);
	return true;
}

/* How a header value becomes a sample. */
enum acl_hdr_as { ACL_HDR_STR, ACL_HDR_INT, ACL_HDR_IP };

/* hdr_ip: a dotted quad, which may be followed by ":port" or more
 * (HAProxy's url2ipv4), else a whole IPv6 address. */
static bool
acl_hdr_ip(const char *v, size_t len, int *af, unsigned char *ip)
{
	char	buf[16];
	size_t	n;

	for (n = 0; n < len && n < sizeof(buf) && (isdigit((unsigned char)
	    v[n]) || v[n] == '.'); n++)
		continue;
	if (n > 0 && n < sizeof(buf)) {
		memcpy(buf, v, n);
		buf[n] = '\0';
		if (inet_pton(AF_INET, buf, ip) == 1) {
			*af = AF_INET;
			return true;
		}
	}
	return acl_str_ip(v, len, af, ip) && *af == AF_INET6;
}

static bool
acl_emit_hdr(struct acl_walk *w, const char *v, size_t len,
    enum acl_hdr_as as)
{
	struct acl_smp	smp;
	long long	n;

	switch (as) {
	case ACL_HDR_INT:
		if (!acl_str_int(v, len, &n))
			n = 0;
		return acl_emit_int(w, ACL_T_INT, n);
	case ACL_HDR_IP:
		memset(&smp, 0, sizeof(smp));
		smp.type = ACL_T_IP;
		if (!acl_hdr_ip(v, len, &smp.af, smp.ip))
			return false;	/* the next value may be one */
		return acl_emit(w, &smp);
	default:
		return acl_emit_str(w, ACL_T_STR, v, len);
	}
}

/*
 * hdr(NAME[,OCC]) and its variants.  OCC 0 gives every value in an ACL and
 * the last one in a sample expression; OCC > 0 the OCC-th; OCC < 0 counts
 * from the last (doc 7.3.6 req.hdr).  No NAME: every header.
 */
static void
acl_fetch_hdr(struct acl_walk *w, const struct http_head *h, bool split,
    enum acl_hdr_as as)
{
	const struct acl_term_conf	*t = w->t;
	struct acl_hdr_it		 it;
	const char			*name, *v;
	size_t				 len;
	long long			 occ = t->fetch_int, n = 0;

	if (h == NULL)
		return;
	name = t->nfetch_args > 0 ? t->fetch_args[0] : "";
	if (occ == 0 && !w->acl)
		occ = -1;
	if (occ < 0) {
		acl_hdr_init(&it, h, name, split);
		while (acl_hdr_next(&it, &v, &len))
			n++;
		if ((occ += n + 1) < 1)
			return;
		n = 0;
	}
	acl_hdr_init(&it, h, name, split);
	while (acl_hdr_next(&it, &v, &len)) {
		if (occ != 0 && ++n != occ)
			continue;
		if (acl_emit_hdr(w, v, len, as) || occ != 0)
			return;
	}
}

/* hdr_cnt(NAME): the number of comma-separated values. */
static void
acl_fetch_hdr_cnt(struct acl_walk *w, const struct http_head *h)
{
	struct acl_hdr_it	 it;
	const char		*v;
	size_t			 len;
	long long		 n = 0;

	if (h == NULL)
		return;
	acl_hdr_init(&it, h, w->t->nfetch_args > 0 ? w->t->fetch_args[0] : "",
	    true);
	while (acl_hdr_next(&it, &v, &len))
		n++;
	acl_emit_int(w, ACL_T_INT, n);
}

/* ------------------------------------------------------------------ */
/* Cookies */

/* The "NAME=VALUE" pairs of the Cookie lines, separated by ';'. */
struct acl_cook_it {
	struct acl_hdr_it	 hdr;
	const char		*p, *e;		/* rest of the current line */
};

static void
acl_cook_init(struct acl_cook_it *it, const struct http_head *h)
{
	memset(it, 0, sizeof(*it));
	acl_hdr_init(&it->hdr, h, "cookie", false);
}

/* The value of the next cookie named NAME (any cookie when NLEN is 0);
 * names are case-sensitive. */
static bool
acl_cook_next(struct acl_cook_it *it, const char *name, size_t nlen,
    const char **v, size_t *vlen)
{
	const char	*s, *e, *eq, *ne;
	size_t		 len;

	for (;;) {
		if (it->p >= it->e) {
			if (!acl_hdr_next(&it->hdr, &s, &len))
				return false;
			it->p = s;
			it->e = s + len;
			continue;
		}
		s = it->p;
		if ((e = memchr(s, ';', (size_t)(it->e - s))) == NULL)
			e = it->e;
		it->p = e < it->e ? e + 1 : e;
		if ((eq = memchr(s, '=', (size_t)(e - s))) == NULL)
			continue;
		ne = eq;
		acl_trim(&s, &ne);
		if (nlen != 0 && ((size_t)(ne - s) != nlen ||
		    memcmp(s, name, nlen) != 0))
			continue;
		s = eq + 1;
		acl_trim(&s, &e);
		*v = s;
		*vlen = (size_t)(e - s);
		return true;
	}
}

/* ------------------------------------------------------------------ */
/* Raw request bytes (tcp-request content) */

/* The raw request bytes.  An HTTP proxy keeps none: cfg_kw_acl_check()
 * warns that such fetches never match there. */
static bool
acl_payload(const struct acl_env *env, const unsigned char **d, size_t *len)
{
	if (env->payload == NULL && env->req != NULL)
		return false;
	*d = env->payload;
	*len = env->payload != NULL ? env->payload_len : 0;
	return true;
}

/* ------------------------------------------------------------------ */
/* HTTP authentication (userlists) */

static int
acl_b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode base64 S[0..LEN) into OUT; -1 if invalid or too long (also
 * the stats page's Basic authentication). */
long
acl_b64dec(const char *s, size_t len, char *out, size_t outsz)
{
	unsigned	acc = 0, bits = 0;
	size_t		i, n = 0;
	int		v;

	for (i = 0; i < len && s[i] != '='; i++) {
		if ((v = acl_b64val(s[i])) < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == outsz)
				return -1;
			out[n++] = (char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	for (; i < len; i++)
		if (s[i] != '=')
			return -1;
	return (long)n;
}

/* Whether PASS matches the crypt(3) HASH.  Without crypt_r nothing does
 * (the config side already warns about such passwords). */
static bool
acl_crypt_eq(const char *pass, const char *hash)
{
#ifdef HAVE_CRYPT_R
	/* 32 KB, so not on the stack, and not a static either (threads):
	 * one allocation costs nothing beside the hashing itself. */
	struct crypt_data	*cd = calloc(1, sizeof(*cd));
	const char		*r;
	bool			 ok;

	if (cd == NULL)
		return false;
	r = crypt_r(pass, hash, cd);
	ok = r != NULL && strcmp(r, hash) == 0;
	free(cd);
	return ok;
#else
	(void)pass;
	(void)hash;
	return false;
#endif
}

/* The user of UL named USER whose password is PASS, or NULL. */
static const struct userlist_user *
acl_check_user(const struct userlist_conf *ul, const char *user,
    const char *pass)
{
	const struct userlist_user	*u;
	unsigned			 i;

	for (i = 0; i < ul->users.n; i++) {
		u = &ul->users.v[i];
		if (strcmp(u->name, user) != 0)
			continue;
		if (u->password == NULL)
			return NULL;
		if (u->insecure)
			return strcmp(pass, u->password) == 0 ? u : NULL;
		return acl_crypt_eq(pass, u->password) ? u : NULL;
	}
	return NULL;
}

/* The user authenticated by the request's "Authorization: Basic" header
 * against UL, or NULL (HAProxy's get_http_auth + check_user). */
static const struct userlist_user *
acl_auth_user(const struct acl_env *env, const struct userlist_conf *ul)
{
	struct acl_hdr_it	 it;
	const char		*v, *e;
	char			 buf[1024], *colon;
	size_t			 len;
	long			 n;

	if (env->req == NULL || ul == NULL)
		return NULL;
	acl_hdr_init(&it, env->req, "authorization", false);
	if (!acl_hdr_next(&it, &v, &len) || len < 6 ||
	    !acl_fetch_bytes_eq(v, "Basic ", 6, true))
		return NULL;
	e = v + len;
	v += 6;
	acl_trim(&v, &e);
	if ((n = acl_b64dec(v, (size_t)(e - v), buf, sizeof(buf) - 1)) < 0)
		return NULL;
	buf[n] = '\0';
	if ((colon = strchr(buf, ':')) == NULL)
		return NULL;
	*colon = '\0';
	return acl_check_user(ul, buf, colon + 1);
}

/* Whether user U of UL belongs to group G, by its "groups" option or by
 * the group's "users" list. */
bool
acl_fetch_in_group(const struct userlist_conf *ul,
    const struct userlist_user *u, const char *g)
{
	const struct userlist_group	*gr;
	unsigned			 i, j;

	for (i = 0; i < u->groups.n; i++)
		if (strcmp(u->groups.v[i].name, g) == 0)
			return true;
	for (i = 0; i < ul->groups.n; i++) {
		gr = &ul->groups.v[i];
		if (strcmp(gr->name, g) != 0)
			continue;
		for (j = 0; j < gr->users.n; j++)
			if (strcmp(gr->users.v[j].name, u->name) == 0)
				return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Proxies */

/* The proxy a 'b'/'f' argument names; none: the current backend (which
 * is the frontend until one is chosen, as in HAProxy) or frontend. */
static const struct proxy *
acl_arg_proxy(const struct acl_walk *w, bool fe)
{
	const struct acl_env	*env = w->env;

	if (w->t->proxy != NULL)
		return env->eng != NULL ? proxy_of_conf(env->eng, w->t->proxy) :
		    NULL;
	if (fe)
		return env->fe;
	return env->be != NULL ? env->be : env->fe;
}

/* Sessions queued in backend P and in its servers' queues. */
static long long
acl_px_queued(const struct proxy *p)
{
	long long	n = p->queued;
	unsigned	i;

	for (i = 0; i < p->nsrvs; i++)
		n += p->srvs[i].queued;
	return n;
}

/* ------------------------------------------------------------------ */
/* Fetches (doc 7.3), in the order of the table below */

static void
f_always_false(struct acl_walk *w)
{
	acl_emit_int(w, ACL_T_BOOL, 0);
}

static void
f_always_true(struct acl_walk *w)
{
	acl_emit_int(w, ACL_T_BOOL, 1);
}

/* Rounded up, or twice the queue when no server is usable (HAProxy). */
static void
f_avg_queue(struct acl_walk *w)
{
	const struct proxy	*p = acl_arg_proxy(w, false);
	long long		 q;
	unsigned		 n;

	if (p == NULL)
		return;
	q = acl_px_queued(p);
	n = proxy_usable_servers(p);
	acl_emit_int(w, ACL_T_INT, n > 0 ? (q + n - 1) / n : q * 2);
}

static void
f_path(struct acl_walk *w)
{
	const char	*u, *p;
	size_t		 ulen, plen;

	if (acl_uri(w->env, &u, &ulen) && acl_uri_path(u, ulen, &p, &plen))
		acl_emit_str(w, ACL_T_STR, p, plen);
}

/* The first Host value and the path; the path alone without Host. */
static void
f_base(struct acl_walk *w)
{
	struct acl_hdr_it	 it;
	const char		*u, *host, *p = NULL;
	size_t			 ulen, hlen, plen = 0;
	char			 buf[ACL_BUFSZ];

	if (!acl_uri(w->env, &u, &ulen))
		return;
	acl_hdr_init(&it, w->env->req, "host", true);
	if (!acl_hdr_next(&it, &host, &hlen)) {
		f_path(w);
		return;
	}
	if (!acl_uri_path(u, ulen, &p, &plen))
		plen = 0;
	if (hlen + plen > sizeof(buf))
		return;
	memcpy(buf, host, hlen);
	if (plen > 0)
		memcpy(buf + hlen, p, plen);
	acl_emit_str(w, ACL_T_STR, buf, hlen + plen);
}

static void
f_be_conn(struct acl_walk *w)
{
	const struct proxy	*p = acl_arg_proxy(w, false);

	if (p != NULL)
		acl_emit_int(w, ACL_T_INT, p->beconn);
}

static void
f_be_id(struct acl_walk *w)
{
	const struct proxy	*p = acl_arg_proxy(w, false);

	if (p != NULL && p->conf != NULL)
		acl_emit_int(w, ACL_T_INT, acl_px_id(w->env, p->conf));
}

static void
f_bool(struct acl_walk *w)
{
	acl_emit_int(w, ACL_T_BOOL, w->t->fetch_int != 0);
}

static void
f_capture_method(struct acl_walk *w)
{
	const struct http_head	*h = w->env->req;

	if (h != NULL && h->start.s != NULL)
		acl_emit_str(w, ACL_T_STR, h->start.s + h->moff, h->mlen);
}

/* Free connection and queue slots over the usable servers; -1 when one
 * has no limit (HAProxy's smp_fetch_connslots). */
static void
f_connslots(struct acl_walk *w)
{
	const struct proxy	*p = acl_arg_proxy(w, false);
	const struct server	*s;
	long long		 n = 0;
	unsigned		 i, maxconn, maxqueue;

	if (p == NULL)
		return;
	for (i = 0; i < p->nsrvs; i++) {
		s = &p->srvs[i];
		if (s->state != SRV_ST_UP)
			continue;
		maxconn = s->conf->maxconn == CFG_UNSET ? 0 : s->conf->maxconn;
		maxqueue = s->conf->maxqueue == CFG_UNSET ? 0 :
		    s->conf->maxqueue;
		if (maxconn == 0 || maxqueue == 0) {
			n = -1;
			break;
		}
		n += (long long)maxconn - s->cur_conns +
		    (long long)maxqueue - s->queued;
	}
	acl_emit_int(w, ACL_T_INT, n);
}

static void
f_dst(struct acl_walk *w)
{
	acl_emit_addr(w, w->env->dst);
}

static void
f_dst_port(struct acl_walk *w)
{
	int	port = acl_port(w->env->dst);

	if (port >= 0)
		acl_emit_int(w, ACL_T_INT, port);
}

static void
f_fe_conn(struct acl_walk *w)
{
	const struct proxy	*p = acl_arg_proxy(w, true);

	if (p != NULL)
		acl_emit_int(w, ACL_T_INT, p->feconn);
}

static void
f_fe_id(struct acl_walk *w)
{
	const struct proxy	*p = w->env->fe;

	if (p != NULL && p->conf != NULL)
		acl_emit_int(w, ACL_T_INT, acl_px_id(w->env, p->conf));
}

/* Sample expressions: "hdr" and "fhdr" read the response in response
 * rules (doc 7.3.6); ACLs name req.hdr or res.hdr explicitly. */
static const struct http_head *
acl_ctx_head(const struct acl_env *env)
{
	return env->res != NULL ? env->res : env->req;
}

static void
f_fhdr(struct acl_walk *w)
{
	acl_fetch_hdr(w, acl_ctx_head(w->env), false, ACL_HDR_STR);
}

static void
f_hdr(struct acl_walk *w)
{
	acl_fetch_hdr(w, acl_ctx_head(w->env), true, ACL_HDR_STR);
}

static void
f_http_auth(struct acl_walk *w)
{
	acl_emit_int(w, ACL_T_BOOL, acl_auth_user(w->env, w->t->userlist) !=
	    NULL);
}

/* The user name; in an ACL the patterns are groups the user must be in. */
static void
f_http_auth_group(struct acl_walk *w)
{
	const struct userlist_user	*u;
	struct acl_smp			 smp;

	if ((u = acl_auth_user(w->env, w->t->userlist)) == NULL)
		return;
	memset(&smp, 0, sizeof(smp));
	smp.type = ACL_T_STR;
	smp.s = u->name;
	smp.len = strlen(u->name);
	smp.user = u;
	smp.ul = w->t->userlist;
	acl_emit(w, &smp);
}

static void
f_int(struct acl_walk *w)
{
	acl_emit_int(w, ACL_T_INT, w->t->fetch_int);
}

static void
f_method(struct acl_walk *w)
{
	const struct http_head	*h = w->env->req;

	if (h != NULL && h->start.s != NULL)
		acl_emit_str(w, ACL_T_METH, h->start.s + h->moff, h->mlen);
}

static void
f_nbsrv(struct acl_walk *w)
{
	const struct proxy	*p = acl_arg_proxy(w, false);

	if (p != NULL)
		acl_emit_int(w, ACL_T_INT, proxy_usable_servers(p));
}

static void
f_proto_http(struct acl_walk *w)
{
	if (w->env->req != NULL)
		acl_emit_int(w, ACL_T_BOOL, 1);
}

/* After the first '?'; absent without one, empty when it ends the URI. */
static void
f_query(struct acl_walk *w)
{
	const char	*u, *q;
	size_t		 len;

	if (acl_uri(w->env, &u, &len) && (q = memchr(u, '?', len)) != NULL)
		acl_emit_str(w, ACL_T_STR, q + 1, len - (size_t)(q + 1 - u));
}

static void
f_queue(struct acl_walk *w)
{
	const struct proxy	*p = acl_arg_proxy(w, false);

	if (p != NULL)
		acl_emit_int(w, ACL_T_INT, acl_px_queued(p));
}

/* req.cook(NAME): every value in an ACL; in a sample expression the last
 * one named NAME, or the first cookie without a name (doc 7.3.6). */
static void
f_req_cook(struct acl_walk *w)
{
	const struct acl_term_conf	*t = w->t;
	struct acl_cook_it		 it;
	const char			*name, *v;
	size_t				 nlen, len;

	if (w->env->req == NULL)
		return;
	name = t->nfetch_args > 0 ? t->fetch_args[0] : "";
	nlen = strlen(name);
	w->last = nlen != 0;
	acl_cook_init(&it, w->env->req);
	while (acl_cook_next(&it, name, nlen, &v, &len))
		if (acl_emit_str(w, ACL_T_STR, v, len))
			return;
}

static void
f_req_cook_cnt(struct acl_walk *w)
{
	const struct acl_term_conf	*t = w->t;
	struct acl_cook_it		 it;
	const char			*name, *v;
	size_t				 len;
	long long			 n = 0;

	if (w->env->req == NULL)
		return;
	name = t->nfetch_args > 0 ? t->fetch_args[0] : "";
	acl_cook_init(&it, w->env->req);
	while (acl_cook_next(&it, name, strlen(name), &v, &len))
		n++;
	acl_emit_int(w, ACL_T_INT, n);
}

static void
f_req_fhdr(struct acl_walk *w)
{
	acl_fetch_hdr(w, w->env->req, false, ACL_HDR_STR);
}

static void
f_req_hdr(struct acl_walk *w)
{
	acl_fetch_hdr(w, w->env->req, true, ACL_HDR_STR);
}

static void
f_req_hdr_cnt(struct acl_walk *w)
{
	acl_fetch_hdr_cnt(w, w->env->req);
}

static void
f_req_hdr_ip(struct acl_walk *w)
{
	acl_fetch_hdr(w, w->env->req, true, ACL_HDR_IP);
}

static void
f_req_hdr_val(struct acl_walk *w)
{
	acl_fetch_hdr(w, w->env->req, true, ACL_HDR_INT);
}

/* HAProxy marks it as changing: "req.len lt 10" waits for more data. */
static void
f_req_len(struct acl_walk *w)
{
	const unsigned char	*d;
	size_t			 len;

	if (!acl_payload(w->env, &d, &len))
		return;
	w->may_change = true;
	acl_emit_int(w, ACL_T_INT, (long long)len);
}

static void
f_req_ver(struct acl_walk *w)
{
	const struct http_head	*h = w->env->req;
	char			 buf[ACL_NUMSZ];
	int			 n;

	if (h == NULL)
		return;
	n = snprintf(buf, sizeof(buf), "%d.%d", h->vmajor, h->vminor);
	acl_emit_str(w, ACL_T_STR, buf, (size_t)n);
}

static void
f_res_fhdr(struct acl_walk *w)
{
	acl_fetch_hdr(w, w->env->res, false, ACL_HDR_STR);
}

static void
f_res_hdr(struct acl_walk *w)
{
	acl_fetch_hdr(w, w->env->res, true, ACL_HDR_STR);
}

static void
f_src(struct acl_walk *w)
{
	acl_emit_addr(w, w->env->src);
}

static void
f_src_port(struct acl_walk *w)
{
	int	port = acl_port(w->env->src);

	if (port >= 0)
		acl_emit_int(w, ACL_T_INT, port);
}

static void
f_srv_id(struct acl_walk *w)
{
	if (w->env->srv_id >= 0)
		acl_emit_int(w, ACL_T_INT, w->env->srv_id);
}

static void
f_ssl_fc(struct acl_walk *w)
{
	/* hapx never terminates TLS. */
	acl_emit_int(w, ACL_T_BOOL, 0);
}

/* The integer GET reads from the TLS bytes buffered so far; a record not
 * yet complete may still give one, so the answer may change. */
static void
tls_int(struct acl_walk *w, enum acl_tls (*get)(const unsigned char *,
    size_t, long long *))
{
	const unsigned char	*d;
	size_t			 len;
	long long		 v;

	if (!acl_payload(w->env, &d, &len))
		return;
	switch (get(d, len, &v)) {
	case ACL_TLS_OK:
		acl_emit_int(w, ACL_T_INT, v);
		break;
	case ACL_TLS_SHORT:
		w->may_change = true;
		break;
	default:
		break;
	}
}

static void
f_ssl_hello_type(struct acl_walk *w)
{
	tls_int(w, acl_tls_hello_type);
}

static void
f_ssl_sni(struct acl_walk *w)
{
	const unsigned char	*d;
	const char		*s;
	size_t			 len, slen;

	if (!acl_payload(w->env, &d, &len))
		return;
	switch (acl_tls_sni(d, len, &s, &slen)) {
	case ACL_TLS_OK:
		acl_emit_str(w, ACL_T_STR, s, slen);
		break;
	case ACL_TLS_SHORT:
		w->may_change = true;
		break;
	default:
		break;
	}
}

static void
f_ssl_ver(struct acl_walk *w)
{
	tls_int(w, acl_tls_version);
}

static void
f_status(struct acl_walk *w)
{
	if (w->env->res != NULL)
		acl_emit_int(w, ACL_T_INT, w->env->res->status);
}

static void
f_str(struct acl_walk *w)
{
	const char	*s = w->t->nfetch_args > 0 ? w->t->fetch_args[0] : "";

	acl_emit_str(w, ACL_T_STR, s, strlen(s));
}

static void
f_url(struct acl_walk *w)
{
	const char	*u;
	size_t		 len;

	if (acl_uri(w->env, &u, &len))
		acl_emit_str(w, ACL_T_STR, u, len);
}

/* var(NAME[,DEFAULT]): the session's variable, a string. */
static void
f_var(struct acl_walk *w)
{
	const char	*name, *v;
	size_t		 len;

	name = w->t->nfetch_args > 0 ? w->t->fetch_args[0] : "";
	if ((v = vars_get(w->env->vars, name, strlen(name), &len)) == NULL &&
	    w->t->nfetch_args > 1) {
		v = w->t->fetch_args[1];
		len = strlen(v);
	}
	if (v != NULL)
		acl_emit_str(w, ACL_T_STR, v, len);
}

static bool
acl_param_delim(char c, char delim)
{
	return c == '&' || c == ';' || c == delim;
}

/*
 * url_param(NAME[,DELIM]): the values of NAME in the query string, whose
 * parameters end at '&', ';' or DELIM (HAProxy's is_param_delimiter);
 * names are case-sensitive; no NAME: every parameter.  A sample
 * expression takes the first one.
 */
static void
f_url_param(struct acl_walk *w)
{
	const struct acl_term_conf	*t = w->t;
	const char			*u, *q, *e, *s, *pe, *eq, *name, *v;
	size_t				 len, nlen;
	char				 delim = '&';

	if (!acl_uri(w->env, &u, &len) || (q = memchr(u, '?', len)) == NULL)
		return;
	name = t->nfetch_args > 0 ? t->fetch_args[0] : "";
	nlen = strlen(name);
	if (t->nfetch_args > 1 && t->fetch_args[1][0] != '\0')
		delim = t->fetch_args[1][0];
	e = u + len;
	for (s = q + 1; s < e; s = pe + 1) {
		for (pe = s; pe < e && !acl_param_delim(*pe, delim); pe++)
			continue;
		eq = memchr(s, '=', (size_t)(pe - s));
		if (nlen != 0 && (eq == NULL || (size_t)(eq - s) != nlen ||
		    memcmp(s, name, nlen) != 0))
			continue;
		v = eq != NULL ? eq + 1 : pe;
		if (acl_emit_str(w, ACL_T_STR, v, (size_t)(pe - v)) || pe == e)
			return;
	}
}

/* Waits for the end of tcp-request inspect-delay (doc 7.3.5). */
static void
f_wait_end(struct acl_walk *w)
{
	if (w->env->partial)
		w->may_change = true;
	else
		acl_emit_int(w, ACL_T_BOOL, 1);
}

/* ------------------------------------------------------------------ */
/* The fetch table */

/* Every canonical name cfg_acl_fetch.c writes into acl_term_conf.fetch,
 * plus the aliases sample expressions may use.  Sorted by strcmp (checked
 * by acl_prepare through acl_fetch_sorted). */
static const struct acl_fetch_def acl_fetches[] = {
	{ "always_false",	f_always_false,		"" },
	{ "always_true",	f_always_true,		"" },
	{ "avg_queue",		f_avg_queue,		"b" },
	{ "base",		f_base,			"" },
	{ "be_conn",		f_be_conn,		"b" },
	{ "be_id",		f_be_id,		"" },
	{ "bool",		f_bool,			"B" },
	{ "capture.req.method",	f_capture_method,	"" },
	{ "capture.req.uri",	f_url,			"" },
	{ "connslots",		f_connslots,		"b" },
	{ "cook",		f_req_cook,		"s" },
	{ "cook_cnt",		f_req_cook_cnt,		"s" },
	{ "dst",		f_dst,			"" },
	{ "dst_port",		f_dst_port,		"" },
	{ "fe_conn",		f_fe_conn,		"f" },
	{ "fe_id",		f_fe_id,		"" },
	{ "fhdr",		f_fhdr,			"so" },
	{ "hdr",		f_hdr,			"so" },
	{ "hdr_cnt",		f_req_hdr_cnt,		"s" },
	{ "hdr_ip",		f_req_hdr_ip,		"so" },
	{ "hdr_val",		f_req_hdr_val,		"so" },
	{ "http_auth",		f_http_auth,		"u" },
	{ "http_auth_group",	f_http_auth_group,	"u" },
	{ "int",		f_int,			"i" },
	{ "method",		f_method,		"" },
	{ "nbsrv",		f_nbsrv,		"b" },
	{ "path",		f_path,			"" },
	{ "query",		f_query,		"" },
	{ "queue",		f_queue,		"b" },
	{ "req.cook",		f_req_cook,		"s" },
	{ "req.cook_cnt",	f_req_cook_cnt,		"s" },
	{ "req.fhdr",		f_req_fhdr,		"so" },
	{ "req.hdr",		f_req_hdr,		"so" },
	{ "req.hdr_cnt",	f_req_hdr_cnt,		"s" },
	{ "req.hdr_ip",		f_req_hdr_ip,		"so" },
	{ "req.hdr_val",	f_req_hdr_val,		"so" },
	{ "req.len",		f_req_len,		"" },
	{ "req.proto_http",	f_proto_http,		"" },
	{ "req.ssl_hello_type",	f_ssl_hello_type,	"" },
	{ "req.ssl_sni",	f_ssl_sni,		"" },
	{ "req.ssl_ver",	f_ssl_ver,		"" },
	{ "req.ver",		f_req_ver,		"" },
	{ "req_len",		f_req_len,		"" },
	{ "req_proto_http",	f_proto_http,		"" },
	{ "req_ssl_hello_type",	f_ssl_hello_type,	"" },
	{ "req_ssl_sni",	f_ssl_sni,		"" },
	{ "req_ssl_ver",	f_ssl_ver,		"" },
	{ "req_ver",		f_req_ver,		"" },
	{ "res.fhdr",		f_res_fhdr,		"so" },
	{ "res.hdr",		f_res_hdr,		"so" },
	{ "shdr",		f_res_hdr,		"so" },
	{ "src",		f_src,			"" },
	{ "src_port",		f_src_port,		"" },
	{ "srv_id",		f_srv_id,		"" },
	{ "ssl_fc",		f_ssl_fc,		"" },
	{ "status",		f_status,		"" },
	{ "str",		f_str,			"s" },
	{ "url",		f_url,			"" },
	{ "url_param",		f_url_param,		"ss" },
	{ "urlp",		f_url_param,		"ss" },
	{ "var",		f_var,			"vs" },
	{ "wait_end",		f_wait_end,		"" },
};

static int
acl_fetch_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct acl_fetch_def *)row)->name);
}

/* The fetch named NAME (canonical or alias), or NULL. */
const struct acl_fetch_def *
acl_fetch_find(const char *name)
{
	if (name == NULL)
		return NULL;
	return bsearch(name, acl_fetches, nitems(acl_fetches),
	    sizeof(acl_fetches[0]), acl_fetch_cmp);
}

/* Whether the table is sorted and unique, which bsearch needs. */
bool
acl_fetch_sorted(void)
{
	size_t	i;

	for (i = 1; i < nitems(acl_fetches); i++)
		if (strcmp(acl_fetches[i - 1].name, acl_fetches[i].name) >= 0)
			return false;
	return true;
}
