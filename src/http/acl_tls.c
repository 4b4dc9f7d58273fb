/*
 * acl_tls: the handshake type, record version and SNI of the first bytes
 * of a TLS connection, for req.ssl_hello_type, req.ssl_ver and
 * req.ssl_sni (doc 7.3.5), with HAProxy's checks (payload.c).  Every read
 * is bounds-checked against the bytes received; an incomplete message is
 * ACL_TLS_SHORT so that tcp-request content can wait for the rest.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stddef.h>

#include "http/acl_tls.h"

/* req.ssl_hello_type: the handshake type of a complete SSLv3/TLS
 * handshake record (1 = ClientHello). */
enum acl_tls
acl_tls_hello_type(const unsigned char *d, size_t len, long long *v)
{
	size_t	hs;

	if (len < 1)
		return ACL_TLS_SHORT;
	if (!((d[0] >= 0x14 && d[0] <= 0x17) || d[0] == 0xff))
		return ACL_TLS_NOT;
	if (len < 9)
		return ACL_TLS_SHORT;
	if (((unsigned)d[1] << 16 | d[2]) < 0x30000 ||
	    ((unsigned)d[3] << 8 | d[4]) < 4)
		return ACL_TLS_NOT;
	hs = (size_t)d[6] << 16 | (size_t)d[7] << 8 | d[8];
	if (len - 9 < hs)
		return ACL_TLS_SHORT;
	*v = d[5];
	return ACL_TLS_OK;
}

/* The version of an SSLv2-format ClientHello. */
static enum acl_tls
acl_tls_v2_version(const unsigned char *d, size_t len, long long *v)
{
	size_t	rlen, pad, hdr, ci, si, ch;

	if (d[0] & 0x80) {
		rlen = (size_t)(d[0] & 0x7f) << 8 | d[1];
		pad = 0;
		hdr = 2;
	} else {
		rlen = (size_t)(d[0] & 0x3f) << 8 | d[1];
		pad = len > 2 ? d[2] : 0;
		hdr = 3;
	}
	if (len < hdr + 1)
		return ACL_TLS_SHORT;
	if (d[hdr] != 0x01)
		return ACL_TLS_NOT;
	d += hdr + 1;
	len -= hdr + 1;
	if (len < 8)
		return ACL_TLS_SHORT;
	ci = (size_t)d[2] << 8 | d[3];
	si = (size_t)d[4] << 8 | d[5];
	ch = (size_t)d[6] << 8 | d[7];
	if (ci % 3 != 0 || (si != 0 && si != 16) || ch < 16 || ch > 32 ||
	    rlen != 9 + ci + si + ch)
		return ACL_TLS_NOT;
	*v = (long long)d[0] << 16 | d[1];
	return len - 8 < ci + si + ch + pad ? ACL_TLS_SHORT : ACL_TLS_OK;
}

/* req.ssl_ver: MAJOR << 16 | MINOR of the first record, once complete
 * (HAProxy's smp_fetch_req_ssl_ver). */
enum acl_tls
acl_tls_version(const unsigned char *d, size_t len, long long *v)
{
	size_t	msg;

	if (len < 1)
		return ACL_TLS_SHORT;
	if (!((d[0] >= 0x14 && d[0] <= 0x17) || d[0] == 0xff))
		return len < 2 ? ACL_TLS_SHORT : acl_tls_v2_version(d, len, v);
	if (len < 5)
		return ACL_TLS_SHORT;
	msg = (size_t)d[3] << 8 | d[4];
	if (((unsigned)d[1] << 16 | d[2]) < 0x30000 || msg < 1 ||
	    msg > (1 << 14) + 2048)
		return ACL_TLS_NOT;
	*v = (long long)d[1] << 16 | d[2];
	return len - 5 < msg ? ACL_TLS_SHORT : ACL_TLS_OK;
}

/* The host_name in the server_name extension P[0..N). */
static enum acl_tls
acl_tls_sni_ext(const unsigned char *p, size_t n, const char **s,
    size_t *slen)
{
	size_t	nl;

	if (n < 5 || p[2] != 0)
		return ACL_TLS_NOT;
	nl = (size_t)p[3] << 8 | p[4];
	if (nl + 5 > n)
		return ACL_TLS_NOT;
	*s = (const char *)p + 5;
	*slen = nl;
	return ACL_TLS_OK;
}

/* Skip a vector of N-byte length at *P (within E); false if it overruns. */
static bool
acl_tls_skip(const unsigned char **p, const unsigned char *e, unsigned n)
{
	size_t	len;

	if ((size_t)(e - *p) < n)
		return false;
	len = n == 1 ? (*p)[0] : (size_t)(*p)[0] << 8 | (*p)[1];
	if ((size_t)(e - *p) - n < len)
		return false;
	*p += n + len;
	return true;
}

/* The SNI in ClientHello body P[0..LEN) (RFC 5246 7.4.1.2, RFC 6066 3). */
static enum acl_tls
acl_tls_hello_sni(const unsigned char *p, size_t len, const char **s,
    size_t *slen)
{
	const unsigned char	*e = p + len;
	size_t			 type, n;

	if (len < 34 || p[0] < 3 || (p[0] == 3 && p[1] < 1))
		return ACL_TLS_NOT;
	p += 34;				/* version, random */
	if (!acl_tls_skip(&p, e, 1) ||		/* session id */
	    !acl_tls_skip(&p, e, 2) ||		/* cipher suites */
	    !acl_tls_skip(&p, e, 1) ||		/* compression methods */
	    e - p < 2)
		return ACL_TLS_NOT;
	n = (size_t)p[0] << 8 | p[1];
	if ((size_t)(e - p) - 2 < n)
		return ACL_TLS_NOT;
	p += 2;
	e = p + n;
	while (e - p >= 4) {
		type = (size_t)p[0] << 8 | p[1];
		n = (size_t)p[2] << 8 | p[3];
		p += 4;
		if ((size_t)(e - p) < n)
			return ACL_TLS_NOT;
		if (type == 0)
			return acl_tls_sni_ext(p, n, s, slen);
		p += n;
	}
	return ACL_TLS_NOT;
}

/* req.ssl_sni: the server name of a complete TLS ClientHello. */
enum acl_tls
acl_tls_sni(const unsigned char *d, size_t len, const char **s,
    size_t *slen)
{
	size_t	hs;

	if (len < 1)
		return ACL_TLS_SHORT;
	if (d[0] != 0x16)
		return ACL_TLS_NOT;
	if (len < 5)
		return ACL_TLS_SHORT;
	if (d[1] < 3 || (d[1] == 3 && d[2] < 1))
		return ACL_TLS_NOT;
	d += 5;
	len -= 5;
	if (len < 4)
		return ACL_TLS_SHORT;
	if (d[0] != 0x01)
		return ACL_TLS_NOT;
	hs = (size_t)d[1] << 16 | (size_t)d[2] << 8 | d[3];
	if (len - 4 < hs)
		return ACL_TLS_SHORT;
	return acl_tls_hello_sni(d + 4, hs, s, slen);
}
