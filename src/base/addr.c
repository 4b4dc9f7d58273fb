/*
 * addr.c: parse the addresses of bind, server, log, peer and 'addr' lines.
 *
 * Deliberately stricter than HAProxy's str2sa_range() (spec §3.3, §3.4,
 * §12): a port must be all digits (HAProxy atoi()s ":80x0" to 80), an IPv4
 * address must be a full dotted quad (HAProxy's inet_aton takes "1.2.3" as
 * 1.2.0.3), and each use accepts only the forms it can mean. This file must
 * not print, exit or open sockets; getaddrinfo() in addr_resolve() is its
 * only I/O.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <limits.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/addr.h"

#define ADDR_PORT_MAX	65535
#define ADDR_LOG_PORT	514	/* syslog: the default port of 'log' (§10.1) */
#define ADDR_HOST_MAX	253	/* longest DNS name in text form */
#define ADDR_NUM_CAP	(1ULL << 32) /* digits saturate here: no overflow */

#define U(x)		(1u << ADDR_USE_##x)
#define ADDR_STREAM	(U(BIND) | U(SERVER) | U(PEER))
#define ADDR_IP		(ADDR_STREAM | U(LOG) | U(CHECK))

/* State of one addr_parse() call, so helpers can report errors. */
struct addr_ctx {
	const char		*s;	/* the whole input, NUL-terminated */
	enum addr_use		 use;
	struct addr_spec	*out;
	char			*err;
	size_t			 errlen;
	size_t			*err_off;	/* may be NULL */
	size_t			 plen;	/* length of "xxx@" prefix, or 0 */
};

/* Where the host and the port are in the input (offsets into s). */
struct addr_split {
	size_t	 hoff, hlen;
	size_t	 poff, plen;
	bool	 bracketed;	/* host was written "[...]" */
	bool	 has_port;	/* a ':' introduced a port */
};

struct addr_prefix {
	const char	*name;		/* text before the '@' */
	enum addr_kind	 kind;
	int		 family;	/* forced inet family, or AF_UNSPEC */
	unsigned	 uses;		/* U() mask; 0: known, unsupported */
};

/*
 * The 2.6 prefixes (spec §3.3). Those hapx cannot serve stay listed so the
 * user is told "not supported" instead of "unknown". udp@ is only a log
 * target here: hapx has no datagram listeners.
 */
static const struct addr_prefix addr_prefixes[] = {
	{ "abns",	ADDR_ABNS, AF_UNSPEC,	ADDR_STREAM },
	{ "fd",		ADDR_FD,   AF_UNSPEC,	U(BIND) | U(LOG) },
	{ "ipv4",	ADDR_INET, AF_INET,	ADDR_IP },
	{ "ipv6",	ADDR_INET, AF_INET6,	ADDR_IP },
	{ "quic4",	ADDR_INET, AF_INET,	0 },
	{ "quic6",	ADDR_INET, AF_INET6,	0 },
	{ "ring",	ADDR_INET, AF_UNSPEC,	0 },
	{ "sockpair",	ADDR_SOCKPAIR, AF_UNSPEC, U(BIND) },
	{ "tcp",	ADDR_INET, AF_UNSPEC,	ADDR_STREAM },
	{ "tcp4",	ADDR_INET, AF_INET,	ADDR_STREAM },
	{ "tcp6",	ADDR_INET, AF_INET6,	ADDR_STREAM },
	{ "udp",	ADDR_INET, AF_UNSPEC,	U(LOG) },
	{ "udp4",	ADDR_INET, AF_INET,	U(LOG) },
	{ "udp6",	ADDR_INET, AF_INET6,	U(LOG) },
	{ "unix",	ADDR_UNIX, AF_UNSPEC,	ADDR_STREAM | U(LOG) },
	{ "uxdg",	ADDR_UNIX, AF_UNSPEC,	U(LOG) },
	{ "uxst",	ADDR_UNIX, AF_UNSPEC,	ADDR_STREAM },
};

static const char *const addr_use_names[] = {
	[ADDR_USE_BIND] = "bind",
	[ADDR_USE_SERVER] = "server",
	[ADDR_USE_LOG] = "log",
	[ADDR_USE_PEER] = "peer",
	[ADDR_USE_CHECK] = "check",
};

static int	addr_fail(struct addr_ctx *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Record an error at byte OFF of the input; always returns -1. */
static int
addr_fail(struct addr_ctx *c, size_t off, const char *fmt, ...)
{
	va_list	ap;

	if (c->err_off != NULL)
		*c->err_off = off;
	if (c->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Quote one character for a message; control bytes become '\xNN'. */
static const char *
addr_chr(char ch, char *buf, size_t len)
{
	unsigned char	 u = (unsigned char)ch;

	if (isprint(u))
		snprintf(buf, len, "'%c'", ch);
	else
		snprintf(buf, len, "'\\x%02x'", u);
	return buf;
}

/*
 * Read the decimal number in P[0..LEN). Returns 0 with the value (saturated
 * at ADDR_NUM_CAP) in *V, or -1 with the index of the first non-digit in
 * *BAD.
 */
static int
addr_digits(const char *p, size_t len, unsigned long long *v, size_t *bad)
{
	size_t	 i;

	*v = 0;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)p[i])) {
			*bad = i;
			return -1;
		}
		*v = *v * 10 + (unsigned)(p[i] - '0');
		if (*v > ADDR_NUM_CAP)
			*v = ADDR_NUM_CAP;
	}
	return 0;
}

/*
 * Is P[0..LEN) a dotted quad? Checked by hand before inet_pton() because
 * libcs differ on leading zeros, which some read as octal.
 */
static bool
addr_pton4(const char *p, size_t len, struct in_addr *dst)
{
	char		 buf[INET_ADDRSTRLEN];
	size_t		 i, start = 0, parts = 0;

	if (len >= sizeof(buf))
		return false;
	for (i = 0; i <= len; i++) {
		if (i < len && p[i] != '.')
			continue;
		if (i == start || i - start > 3 ||
		    (i - start > 1 && p[start] == '0'))
			return false;
		parts++;
		start = i + 1;
	}
	if (parts != 4)
		return false;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return inet_pton(AF_INET, buf, dst) == 1;
}

/* Is P[0..LEN) an IPv6 address? Stores it in *DST unless DST is NULL. */
static bool
addr_pton6(const char *p, size_t len, struct in6_addr *dst)
{
	char		 buf[INET6_ADDRSTRLEN];
	struct in6_addr	 tmp;

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return inet_pton(AF_INET6, buf, dst != NULL ? dst : &tmp) == 1;
}

/* Length of a leading "name@" prefix in S, '@' included, or 0. */
static size_t
addr_prefix_len(const char *s)
{
	size_t	 i;

	for (i = 0; isalnum((unsigned char)s[i]) || s[i] == '+'; i++)
		continue;
	return (i > 0 && s[i] == '@') ? i + 1 : 0;
}

/* "stdout"/"stderr": the log target HAProxy maps to fd@1/fd@2 (§10.1). */
static int
addr_parse_stdio(struct addr_ctx *c)
{
	c->out->kind = ADDR_STDIO;
	c->out->family = AF_UNSPEC;
	memcpy(c->out->path, c->s, strlen(c->s) + 1);	/* 7 bytes */
	return 0;
}

/* A UNIX path ("/x", "unix@x") or an abstract name ("abns@x") at OFF. */
static int
addr_parse_unix(struct addr_ctx *c, size_t off, enum addr_kind kind)
{
	struct addr_spec	*o = c->out;
	struct sockaddr_un	*sun = (struct sockaddr_un *)&o->ss;
	const char		*path = c->s + off;
	size_t			 len = strlen(path);
	size_t			 max = sizeof(sun->sun_path) - 1;

	if (c->use == ADDR_USE_CHECK)
		return addr_fail(c, 0, "a UNIX socket path is not allowed "
		    "in a check address");
	if (len == 0)
		return addr_fail(c, off, "missing path after '%.*s'",
		    (int)off, c->s);
	if (len > max)
		return addr_fail(c, off, "%s too long (%zu bytes, max %zu)",
		    kind == ADDR_ABNS ? "abstract socket name" :
		    "UNIX socket path", len, max);
	memcpy(o->path, path, len + 1);
	o->kind = kind;
	o->family = AF_UNIX;
	sun->sun_family = AF_UNIX;
	if (kind == ADDR_ABNS) {
		/*
		 * HAProxy binds abns@ with the whole NUL-padded sun_path, so
		 * the kernel name is all 108 bytes; use the same length or
		 * a HAProxy peer on the same name would never meet us.
		 */
		memcpy(sun->sun_path + 1, path, len);
		o->sslen = sizeof(*sun);
	} else {
		memcpy(sun->sun_path, path, len + 1);
		o->sslen = offsetof(struct sockaddr_un, sun_path) + len + 1;
	}
	return 0;
}

/* "fd@N": an inherited file descriptor, N decimal. */
static int
addr_parse_fd(struct addr_ctx *c, size_t off)
{
	const char		*n = c->s + off;
	size_t			 len = strlen(n), bad;
	unsigned long long	 v;
	char			 ch[8];

	if (len == 0)
		return addr_fail(c, off, "missing file descriptor number "
		    "after '%.*s'", (int)off, c->s);
	if (addr_digits(n, len, &v, &bad) == -1)
		return addr_fail(c, off + bad, "invalid character %s in "
		    "file descriptor '%s'", addr_chr(n[bad], ch, sizeof(ch)),
		    n);
	if (v > INT_MAX || len >= sizeof(c->out->path))
		return addr_fail(c, off, "file descriptor '%s' out of range",
		    n);
	c->out->kind = ADDR_FD;
	c->out->family = AF_UNSPEC;
	memcpy(c->out->path, n, len + 1);
	return 0;
}

/*
 * Should the bare (unbracketed) address R split at COLON, its last ':'?
 * HAProxy always splits at the last colon (§3.3: ":::80", "::1:80"). We
 * split too unless that leaves a host that is neither IPv4, a name nor
 * IPv6 while the whole text is IPv6, so "fe80::1" stays one address.
 * A check address has no port, so whole IPv6 text wins there.
 */
static bool
addr_split_here(enum addr_use use, const char *r, const char *colon)
{
	size_t	 blen = (size_t)(colon - r);

	if (use == ADDR_USE_CHECK && addr_pton6(r, strlen(r), NULL))
		return false;
	if (blen == 0 || memchr(r, ':', blen) == NULL)
		return true;
	if (addr_pton6(r, blen, NULL))
		return true;
	return !addr_pton6(r, strlen(r), NULL);
}

/* Find the host in "[host]:port" starting at OFF. */
static int
addr_split_bracket(struct addr_ctx *c, size_t off, struct addr_split *sp)
{
	const char	*r = c->s + off, *close;
	size_t		 coff;
	char		 ch[8];

	if ((close = strchr(r, ']')) == NULL)
		return addr_fail(c, off, "missing ']' in '%s'", c->s);
	coff = off + (size_t)(close - r);
	sp->bracketed = true;
	sp->hoff = off + 1;
	sp->hlen = coff - sp->hoff;
	if (close[1] == '\0')
		return 0;
	if (close[1] != ':')
		return addr_fail(c, coff + 1, "unexpected character %s after "
		    "']' in '%s'", addr_chr(close[1], ch, sizeof(ch)), c->s);
	sp->has_port = true;
	sp->poff = coff + 2;
	sp->plen = strlen(close + 2);
	return 0;
}

/* Split the inet address at OFF into host and port; checks port presence. */
static int
addr_split(struct addr_ctx *c, size_t off, struct addr_split *sp)
{
	const char	*r = c->s + off, *colon;

	memset(sp, 0, sizeof(*sp));
	sp->hoff = off;
	if (*r == '[') {
		if (addr_split_bracket(c, off, sp) == -1)
			return -1;
	} else if ((colon = strrchr(r, ':')) != NULL &&
	    addr_split_here(c->use, r, colon)) {
		sp->hlen = (size_t)(colon - r);
		sp->has_port = true;
		sp->poff = off + sp->hlen + 1;
		sp->plen = strlen(colon + 1);
	} else
		sp->hlen = strlen(r);

	if (sp->has_port && c->use == ADDR_USE_CHECK)
		return addr_fail(c, sp->poff - 1, "port not allowed in a check "
		    "address '%s' (use the 'port' server option)", c->s);
	if (!sp->has_port &&
	    (c->use == ADDR_USE_BIND || c->use == ADDR_USE_PEER))
		return addr_fail(c, strlen(c->s), "missing port in '%s' (%s "
		    "needs ADDR:PORT)", c->s, addr_use_names[c->use]);
	return 0;
}

/* Empty host or '*': the any-address.  HAProxy also takes it for a
 * server (connecting to 0.0.0.0 reaches this host); the server keyword
 * warns about it, as it is rarely what was meant. */
static int
addr_host_wildcard(struct addr_ctx *c, const struct addr_split *sp)
{
	struct addr_spec	*o = c->out;
	bool			 ok = c->use == ADDR_USE_BIND ||
				    c->use == ADDR_USE_SERVER;

	if (!ok && sp->hlen == 0)
		return addr_fail(c, sp->hoff, "missing host in '%s'", c->s);
	if (!ok)
		return addr_fail(c, sp->hoff, "wildcard '*' not allowed in a "
		    "%s address", addr_use_names[c->use]);
	o->wildcard = true;
	/* ss stays zeroed: INADDR_ANY, or in6addr_any after ipv6@. */
	o->family = o->force_family == AF_INET6 ? AF_INET6 : AF_INET;
	return 0;
}

/* A numeric IPv6 host (bracketed or bare). */
static int
addr_host_ipv6(struct addr_ctx *c, const struct addr_split *sp)
{
	struct addr_spec	*o = c->out;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&o->ss;
	const char		*h = c->s + sp->hoff;

	if (!addr_pton6(h, sp->hlen, &sin6->sin6_addr))
		return addr_fail(c, sp->hoff, "invalid IPv6 address '%.*s'",
		    (int)sp->hlen, h);
	if (o->force_family == AF_INET)
		return addr_fail(c, sp->hoff, "IPv6 address '%.*s' not "
		    "allowed after '%.*s'", (int)sp->hlen, h, (int)c->plen,
		    c->s);
	o->family = AF_INET6;
	o->wildcard = IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr);
	memcpy(o->host, h, sp->hlen);
	o->host[sp->hlen] = '\0';
	return 0;
}

/* A numeric IPv4 host: exactly four decimal parts. */
static int
addr_host_ipv4(struct addr_ctx *c, const struct addr_split *sp)
{
	struct addr_spec	*o = c->out;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&o->ss;
	const char		*h = c->s + sp->hoff;

	if (!addr_pton4(h, sp->hlen, &sin->sin_addr))
		return addr_fail(c, sp->hoff, "invalid IPv4 address '%.*s'",
		    (int)sp->hlen, h);
	if (o->force_family == AF_INET6)
		return addr_fail(c, sp->hoff, "IPv4 address '%.*s' not "
		    "allowed after '%.*s'", (int)sp->hlen, h, (int)c->plen,
		    c->s);
	o->family = AF_INET;
	o->wildcard = sin->sin_addr.s_addr == htonl(INADDR_ANY);
	memcpy(o->host, h, sp->hlen);
	o->host[sp->hlen] = '\0';
	return 0;
}

/* A host name, left for addr_resolve(): letters, digits, '-', '_', '.'. */
static int
addr_host_name(struct addr_ctx *c, const struct addr_split *sp)
{
	const char	*h = c->s + sp->hoff;
	size_t		 i, len = sp->hlen;
	char		 ch[8];

	if (len > ADDR_HOST_MAX)
		return addr_fail(c, sp->hoff, "host name too long (%zu bytes, "
		    "max %d)", len, ADDR_HOST_MAX);
	for (i = 0; i < len; i++) {
		if (h[i] == '.' && (i == 0 || h[i - 1] == '.'))
			return addr_fail(c, sp->hoff + i, "empty label in "
			    "host name '%.*s'", (int)len, h);
		if (!isalnum((unsigned char)h[i]) && h[i] != '-' &&
		    h[i] != '_' && h[i] != '.')
			return addr_fail(c, sp->hoff + i, "invalid character "
			    "%s in host name '%.*s'",
			    addr_chr(h[i], ch, sizeof(ch)), (int)len, h);
	}
	memcpy(c->out->host, h, len);
	c->out->host[len] = '\0';
	c->out->family = AF_UNSPEC;
	return 0;
}

/* Classify the host text and parse it with the matching helper. */
static int
addr_parse_host(struct addr_ctx *c, const struct addr_split *sp)
{
	const char	*h = c->s + sp->hoff;
	size_t		 i;

	if (sp->bracketed)
		return addr_host_ipv6(c, sp);
	if (sp->hlen == 0 || (sp->hlen == 1 && *h == '*'))
		return addr_host_wildcard(c, sp);
	if (memchr(h, ':', sp->hlen) != NULL)
		return addr_host_ipv6(c, sp);
	/* All digits and dots: meant as IPv4, never a name ("1.2.3"). */
	for (i = 0; i < sp->hlen; i++)
		if (!isdigit((unsigned char)h[i]) && h[i] != '.')
			return addr_host_name(c, sp);
	return addr_host_ipv4(c, sp);
}

/* One port number at OFF (LEN bytes) of the port text; range-checked. */
static int
addr_port_num(struct addr_ctx *c, const struct addr_split *sp, size_t off,
    size_t len, unsigned *port)
{
	unsigned long long	 v;
	size_t			 bad;
	unsigned		 min;
	char			 ch[8];

	if (addr_digits(c->s + off, len, &v, &bad) == -1)
		return addr_fail(c, off + bad, "invalid character %s in port "
		    "'%.*s'", addr_chr(c->s[off + bad], ch, sizeof(ch)),
		    (int)sp->plen, c->s + sp->poff);
	/* A server's port 0 means "the port the client connected to". */
	min = c->use == ADDR_USE_SERVER ? 0 : 1;
	if (v < min || v > ADDR_PORT_MAX)
		return addr_fail(c, off, "port %.*s out of range %u-%d",
		    (int)len, c->s + off, min, ADDR_PORT_MAX);
	*port = (unsigned)v;
	return 0;
}

/* Server "+N"/"-N": an offset from the client's destination port. */
static int
addr_port_offset(struct addr_ctx *c, const struct addr_split *sp)
{
	const char		*p = c->s + sp->poff;
	unsigned long long	 v;
	size_t			 bad;
	char			 ch[8];

	if (c->use != ADDR_USE_SERVER)
		return addr_fail(c, sp->poff, "port offset '%.*s' not allowed "
		    "in a %s address", (int)sp->plen, p,
		    addr_use_names[c->use]);
	if (sp->plen == 1)
		return addr_fail(c, sp->poff, "invalid port offset '%c'", *p);
	if (addr_digits(p + 1, sp->plen - 1, &v, &bad) == -1)
		return addr_fail(c, sp->poff + 1 + bad, "invalid character %s "
		    "in port '%.*s'", addr_chr(p[1 + bad], ch, sizeof(ch)),
		    (int)sp->plen, p);
	if (v > ADDR_PORT_MAX)
		return addr_fail(c, sp->poff, "port offset '%.*s' out of "
		    "range", (int)sp->plen, p);
	c->out->port_relative = true;
	c->out->port_offset = *p == '-' ? -(int)v : (int)v;
	return 0;
}

/* Bind "LO-HI": one listener per port (§3.3). */
static int
addr_port_range(struct addr_ctx *c, const struct addr_split *sp, size_t dlen)
{
	struct addr_spec	*o = c->out;
	const char		*p = c->s + sp->poff;
	size_t			 hoff = sp->poff + dlen + 1;

	if (c->use != ADDR_USE_BIND)
		return addr_fail(c, sp->poff, "port range '%.*s' not allowed "
		    "for a %s address", (int)sp->plen, p,
		    addr_use_names[c->use]);
	if (dlen + 1 == sp->plen)
		return addr_fail(c, hoff, "invalid port range '%.*s'",
		    (int)sp->plen, p);
	if (addr_port_num(c, sp, sp->poff, dlen, &o->port_lo) == -1 ||
	    addr_port_num(c, sp, hoff, sp->plen - dlen - 1, &o->port_hi) == -1)
		return -1;
	if (o->port_lo > o->port_hi)
		return addr_fail(c, sp->poff, "invalid port range '%.*s'",
		    (int)sp->plen, p);
	return 0;
}

/* The port after the ':', or the use's default when there is none. */
static int
addr_parse_port(struct addr_ctx *c, const struct addr_split *sp)
{
	struct addr_spec	*o = c->out;
	const char		*p = c->s + sp->poff, *dash;

	if (!sp->has_port) {
		if (c->use == ADDR_USE_LOG)
			o->port_lo = o->port_hi = ADDR_LOG_PORT;
		return 0;
	}
	o->has_port = true;
	if (sp->plen == 0)
		return addr_fail(c, sp->poff, "missing port after ':' in '%s'",
		    c->s);
	if (*p == '+' || *p == '-')
		return addr_port_offset(c, sp);
	if ((dash = memchr(p, '-', sp->plen)) != NULL)
		return addr_port_range(c, sp, (size_t)(dash - p));
	if (addr_port_num(c, sp, sp->poff, sp->plen, &o->port_lo) == -1)
		return -1;
	o->port_hi = o->port_lo;
	return 0;
}

/* Put the port into ss once a numeric family is known. */
static void
addr_set_port(struct addr_spec *o)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)&o->ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&o->ss;

	if (o->family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((unsigned short)o->port_lo);
		o->sslen = sizeof(*sin);
	} else if (o->family == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((unsigned short)o->port_lo);
		o->sslen = sizeof(*sin6);
	}
}

/* HOST[:PORT] at OFF, after any ipv4@/ipv6@/tcp@/udp@ prefix. */
static int
addr_parse_inet(struct addr_ctx *c, size_t off)
{
	struct addr_split	 sp;

	c->out->kind = ADDR_INET;
	if (addr_split(c, off, &sp) == -1 ||
	    addr_parse_host(c, &sp) == -1 ||
	    addr_parse_port(c, &sp) == -1)
		return -1;
	addr_set_port(c->out);
	return 0;
}

/* Look up the prefix of length c->plen and parse what follows it. */
static int
addr_parse_prefixed(struct addr_ctx *c)
{
	const struct addr_prefix	*p = NULL;
	size_t				 i, nlen = c->plen - 1;
	int				 plen = (int)c->plen;

	for (i = 0; i < sizeof(addr_prefixes) / sizeof(addr_prefixes[0]);
	    i++) {
		if (strlen(addr_prefixes[i].name) == nlen &&
		    strncmp(addr_prefixes[i].name, c->s, nlen) == 0)
			p = &addr_prefixes[i];
	}
	/* "stream+ipv4@" and friends pick a socket type hapx lacks. */
	if (p == NULL && memchr(c->s, '+', nlen) != NULL)
		return addr_fail(c, 0, "address prefix '%.*s' is not supported",
		    plen, c->s);
	if (p == NULL)
		return addr_fail(c, 0, "unknown address prefix '%.*s'", plen,
		    c->s);
	if (p->uses == 0)
		return addr_fail(c, 0, "address prefix '%.*s' is not supported",
		    plen, c->s);
	if ((p->uses & (1u << c->use)) == 0)
		return addr_fail(c, 0, "address prefix '%.*s' is not allowed "
		    "in a %s address", plen, c->s, addr_use_names[c->use]);
	switch (p->kind) {
	case ADDR_UNIX:
	case ADDR_ABNS:
		return addr_parse_unix(c, c->plen, p->kind);
	case ADDR_FD:
	case ADDR_SOCKPAIR:
		if (addr_parse_fd(c, c->plen) < 0)
			return -1;
		c->out->kind = p->kind;
		return 0;
	default:
		c->out->force_family = p->family;
		return addr_parse_inet(c, c->plen);
	}
}

/* Parse S for USE into OUT; see addr.h for the error contract. */
int
addr_parse(const char *s, enum addr_use use, struct addr_spec *out,
    char *err, size_t errlen, size_t *err_off)
{
	struct addr_ctx	 c;

	memset(out, 0, sizeof(*out));
	out->family = AF_UNSPEC;
	out->force_family = AF_UNSPEC;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.use = use;
	c.out = out;
	c.err = err;
	c.errlen = errlen;
	c.err_off = err_off;
	if (errlen > 0)
		err[0] = '\0';
	if (err_off != NULL)
		*err_off = 0;

	if ((unsigned)use > ADDR_USE_CHECK)
		return addr_fail(&c, 0, "invalid address use %d", (int)use);
	if (*s == '\0')
		return addr_fail(&c, 0, "empty address");
	if (use == ADDR_USE_LOG &&
	    (strcmp(s, "stdout") == 0 || strcmp(s, "stderr") == 0))
		return addr_parse_stdio(&c);
	if (*s == '/')
		return addr_parse_unix(&c, 0, ADDR_UNIX);
	if ((c.plen = addr_prefix_len(s)) > 0)
		return addr_parse_prefixed(&c);
	return addr_parse_inet(&c, 0);
}

/* Resolve a host name with getaddrinfo; see addr.h. */
int
addr_resolve(struct addr_spec *a, char *err, size_t errlen)
{
	struct addrinfo	 hints, *res, *ai, *pick = NULL;

	if (a->kind != ADDR_INET || a->family != AF_UNSPEC)
		return 0;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = a->force_family;
	hints.ai_socktype = SOCK_STREAM;	/* one entry per address */
	if (getaddrinfo(a->host, NULL, &hints, &res) != 0)
		goto fail;
	/* HAProxy's libc resolution prefers IPv4, then falls back to IPv6. */
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET) {
			pick = ai;
			break;
		}
		if (ai->ai_family == AF_INET6 && pick == NULL)
			pick = ai;
	}
	if (pick == NULL || pick->ai_addrlen > sizeof(a->ss)) {
		freeaddrinfo(res);
		goto fail;
	}
	memset(&a->ss, 0, sizeof(a->ss));
	memcpy(&a->ss, pick->ai_addr, pick->ai_addrlen);
	a->family = pick->ai_family;
	freeaddrinfo(res);
	addr_set_port(a);
	return 0;
fail:
	if (errlen > 0)
		snprintf(err, errlen, "could not resolve address '%s'",
		    a->host);
	return -1;
}

/* HOST[:PORT] with brackets around IPv6 and the forced-family prefix. */
static void
addr_format_inet(const struct addr_spec *a, char *out, size_t outlen)
{
	const char	*pfx = "", *host = a->host;
	const char	*lb = "", *rb = "";
	char		 port[32] = "";

	if (a->force_family == AF_INET)
		pfx = "ipv4@";
	else if (a->force_family == AF_INET6)
		pfx = "ipv6@";
	if (host[0] == '\0')
		host = "*";
	else if (strchr(host, ':') != NULL) {
		lb = "[";
		rb = "]";
	}
	if (a->has_port && a->port_relative)
		snprintf(port, sizeof(port), ":%+d", a->port_offset);
	else if (a->has_port && a->port_lo != a->port_hi)
		snprintf(port, sizeof(port), ":%u-%u", a->port_lo, a->port_hi);
	else if (a->has_port)
		snprintf(port, sizeof(port), ":%u", a->port_lo);
	snprintf(out, outlen, "%s%s%s%s%s", pfx, lb, host, rb, port);
}

/* Format A for dumps, in a form addr_parse() reads back; returns OUT. */
const char *
addr_format(const struct addr_spec *a, char *out, size_t outlen)
{
	if (outlen == 0)
		return out;
	switch (a->kind) {
	case ADDR_INET:
		addr_format_inet(a, out, outlen);
		break;
	case ADDR_UNIX:
		snprintf(out, outlen, "unix@%s", a->path);
		break;
	case ADDR_ABNS:
		snprintf(out, outlen, "abns@%s", a->path);
		break;
	case ADDR_FD:
		snprintf(out, outlen, "fd@%s", a->path);
		break;
	case ADDR_SOCKPAIR:
		snprintf(out, outlen, "sockpair@%s", a->path);
		break;
	case ADDR_STDIO:
		snprintf(out, outlen, "%s", a->path);
		break;
	}
	return out;
}
