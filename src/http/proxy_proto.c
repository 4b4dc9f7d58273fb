/*
 * proxy_proto: parse and build PROXY protocol headers (v1 text, v2
 * binary) as described in haproxy's proxy-protocol.txt.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "http/proxy_proto.h"

#define PP_V1_FIELDS	6	/* PROXY proto src dst sport dport */

#define PP_E_NOTPP	"Received something which does not look like a " \
			"PROXY protocol header"
#define PP_E_PROTO	"Received an unhandled protocol in the PROXY " \
			"protocol header"
#define PP_E_INVAL	"Received an invalid PROXY protocol header"
#define PP_E_V2		"Received an invalid PROXY protocol version 2 header"

/* Fail with a reason. */
static enum pp_status
pp_err(struct pp_result *res, const char *why)
{
	res->err = why;
	return PP_ERROR;
}

static const unsigned char pp_v2_sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

/* A v1 port: decimal, 0..65535. */
static bool
pp_port(const char *s, uint16_t *port)
{
	unsigned long	v = 0;
	size_t		i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 5)
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (i == 0 || v > 65535)
		return false;
	*port = htons((uint16_t)v);
	return true;
}

/* One v1 address with its port into SS. */
static bool
pp_v1_addr(int af, const char *a, const char *p, struct sockaddr_storage *ss)
{
	struct sockaddr_in	*in = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)af;
	if (af == AF_INET)
		return inet_pton(AF_INET, a, &in->sin_addr) == 1 &&
		    pp_port(p, &in->sin_port);
	return inet_pton(AF_INET6, a, &in6->sin6_addr) == 1 &&
	    pp_port(p, &in6->sin6_port);
}

/* The fields of LINE (NUL-terminated, no CRLF), split on single spaces. */
static size_t
pp_v1_split(char *line, char **f, size_t max)
{
	size_t	n = 0;
	char	*p = line;

	while (n < max) {
		f[n++] = p;
		if ((p = strchr(p, ' ')) == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static enum pp_status
pp_parse_v1(const unsigned char *p, size_t n, struct pp_result *res)
{
	char	 line[PP_V1_MAX + 1], *f[PP_V1_FIELDS + 1];
	size_t	 lim = n < PP_V1_MAX ? n : PP_V1_MAX, i, nf;
	int	 af;

	for (i = 0; i < lim && p[i] != '\n'; i++)
		;
	if (i == lim)
		return n < PP_V1_MAX ? PP_NEED_MORE :
		    pp_err(res, PP_E_INVAL);
	if (p[i - 1] != '\r')
		return pp_err(res, PP_E_INVAL);
	memcpy(line, p, i - 1);
	line[i - 1] = '\0';
	res->len = i + 1;
	res->version = 1;
	nf = pp_v1_split(line, f, PP_V1_FIELDS + 1);
	if (nf >= 2 && strcmp(f[1], "UNKNOWN") == 0) {
		res->local = true;	/* the rest of the line is ignored */
		return PP_DONE;
	}
	if (strcmp(f[1], "TCP4") == 0)
		af = AF_INET;
	else if (strcmp(f[1], "TCP6") == 0)
		af = AF_INET6;
	else
		return pp_err(res, PP_E_PROTO);
	if (nf != PP_V1_FIELDS ||
	    !pp_v1_addr(af, f[2], f[4], &res->src) ||
	    !pp_v1_addr(af, f[3], f[5], &res->dst))
		return pp_err(res, PP_E_INVAL);
	return PP_DONE;
}

static enum pp_status
pp_parse_v2(const unsigned char *p, size_t n, struct pp_result *res)
{
	struct sockaddr_in	*s4 = (struct sockaddr_in *)&res->src;
	struct sockaddr_in	*d4 = (struct sockaddr_in *)&res->dst;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)&res->src;
	struct sockaddr_in6	*d6 = (struct sockaddr_in6 *)&res->dst;
	size_t			 len;
	const unsigned char	*a = p + PP_V2_HDR;

	if (n < PP_V2_HDR)
		return PP_NEED_MORE;
	/* Version 2; command LOCAL (0) or PROXY (1). */
	if ((p[12] >> 4) != 2 || (p[12] & 0x0f) > 1)
		return pp_err(res, PP_E_V2);
	len = (size_t)p[14] << 8 | p[15];
	if (n < PP_V2_HDR + len)
		return PP_NEED_MORE;
	res->len = PP_V2_HDR + len;
	res->version = 2;
	if ((p[12] & 0x0f) == 0 || (p[13] != 0x11 && p[13] != 0x21)) {
		/* LOCAL, or a family we do not take (UNSPEC, UNIX,
		 * datagrams): the connection's own addresses stay. */
		res->local = true;
		return PP_DONE;
	}
	if (p[13] == 0x11) {		/* TCP over IPv4 */
		if (len < 12)
			return pp_err(res, PP_E_V2);
		s4->sin_family = d4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, a, 4);
		memcpy(&d4->sin_addr, a + 4, 4);
		memcpy(&s4->sin_port, a + 8, 2);
		memcpy(&d4->sin_port, a + 10, 2);
		return PP_DONE;
	}
	if (len < 36)			/* TCP over IPv6 */
		return pp_err(res, PP_E_V2);
	s6->sin6_family = d6->sin6_family = AF_INET6;
	memcpy(&s6->sin6_addr, a, 16);
	memcpy(&d6->sin6_addr, a + 16, 16);
	memcpy(&s6->sin6_port, a + 32, 2);
	memcpy(&d6->sin6_port, a + 34, 2);
	return PP_DONE;
}

enum pp_status
pp_parse(const void *buf, size_t n, struct pp_result *res)
{
	const unsigned char	*p = buf;

	memset(res, 0, sizeof(*res));
	if (n == 0)
		return PP_NEED_MORE;
	if (memcmp(p, pp_v2_sig, n < sizeof(pp_v2_sig) ? n :
	    sizeof(pp_v2_sig)) == 0)
		return n < sizeof(pp_v2_sig) ? PP_NEED_MORE :
		    pp_parse_v2(p, n, res);
	if (memcmp(p, "PROXY ", n < 6 ? n : 6) != 0)
		return pp_err(res, PP_E_NOTPP);
	return n < 6 ? PP_NEED_MORE : pp_parse_v1(p, n, res);
}

/* SA as IPv6 (an IPv4 address mapped into ::ffff:0:0/96). */
static void
pp_to6(const struct sockaddr *sa, struct sockaddr_in6 *out)
{
	const struct sockaddr_in	*in = (const struct sockaddr_in *)sa;

	if (sa->sa_family == AF_INET6) {
		memcpy(out, sa, sizeof(*out));
		return;
	}
	memset(out, 0, sizeof(*out));
	out->sin6_family = AF_INET6;
	out->sin6_port = in->sin_port;
	out->sin6_addr.s6_addr[10] = 0xff;
	out->sin6_addr.s6_addr[11] = 0xff;
	memcpy(&out->sin6_addr.s6_addr[12], &in->sin_addr, 4);
}

/* 4: both IPv4, 6: IPv6 (S6/D6 filled, IPv4 mapped), 0: not IP. */
static int
pp_pair(const struct sockaddr *src, const struct sockaddr *dst,
    struct sockaddr_in6 *s6, struct sockaddr_in6 *d6)
{
	if (src == NULL || dst == NULL ||
	    (src->sa_family != AF_INET && src->sa_family != AF_INET6) ||
	    (dst->sa_family != AF_INET && dst->sa_family != AF_INET6))
		return 0;
	if (src->sa_family == AF_INET && dst->sa_family == AF_INET)
		return 4;
	pp_to6(src, s6);
	pp_to6(dst, d6);
	return 6;
}

size_t
pp_build_v1(char *out, size_t outlen, const struct sockaddr *src,
    const struct sockaddr *dst)
{
	const struct sockaddr_in	*s4 = (const struct sockaddr_in *)src;
	const struct sockaddr_in	*d4 = (const struct sockaddr_in *)dst;
	struct sockaddr_in6		 s6, d6;
	char				 sa[INET6_ADDRSTRLEN];
	char				 da[INET6_ADDRSTRLEN];
	int				 n;

	switch (pp_pair(src, dst, &s6, &d6)) {
	case 4:
		inet_ntop(AF_INET, &s4->sin_addr, sa, sizeof(sa));
		inet_ntop(AF_INET, &d4->sin_addr, da, sizeof(da));
		n = snprintf(out, outlen, "PROXY TCP4 %s %s %u %u\r\n", sa,
		    da, ntohs(s4->sin_port), ntohs(d4->sin_port));
		break;
	case 6:
		inet_ntop(AF_INET6, &s6.sin6_addr, sa, sizeof(sa));
		inet_ntop(AF_INET6, &d6.sin6_addr, da, sizeof(da));
		n = snprintf(out, outlen, "PROXY TCP6 %s %s %u %u\r\n", sa,
		    da, ntohs(s6.sin6_port), ntohs(d6.sin6_port));
		break;
	default:
		n = snprintf(out, outlen, "PROXY UNKNOWN\r\n");
		break;
	}
	return n < 0 || (size_t)n >= outlen ? 0 : (size_t)n;
}

size_t
pp_build_v2(void *out, size_t outlen, const struct sockaddr *src,
    const struct sockaddr *dst)
{
	const struct sockaddr_in	*s4 = (const struct sockaddr_in *)src;
	const struct sockaddr_in	*d4 = (const struct sockaddr_in *)dst;
	struct sockaddr_in6		 s6, d6;
	unsigned char			*p = out, *a = p + PP_V2_HDR;
	size_t				 len = 0;
	int				 kind;

	if (outlen < PP_V2_BUILD_MAX)
		return 0;
	memcpy(p, pp_v2_sig, sizeof(pp_v2_sig));
	p[12] = 0x21;			/* version 2, PROXY */
	kind = pp_pair(src, dst, &s6, &d6);
	if (kind == 4) {
		p[13] = 0x11;
		memcpy(a, &s4->sin_addr, 4);
		memcpy(a + 4, &d4->sin_addr, 4);
		memcpy(a + 8, &s4->sin_port, 2);
		memcpy(a + 10, &d4->sin_port, 2);
		len = 12;
	} else if (kind == 6) {
		p[13] = 0x21;
		memcpy(a, &s6.sin6_addr, 16);
		memcpy(a + 16, &d6.sin6_addr, 16);
		memcpy(a + 32, &s6.sin6_port, 2);
		memcpy(a + 34, &d6.sin6_port, 2);
		len = 36;
	} else {
		p[12] = 0x20;		/* LOCAL: nothing to announce */
		p[13] = 0x00;
	}
	p[14] = (unsigned char)(len >> 8);
	p[15] = (unsigned char)len;
	return PP_V2_HDR + len;
}
