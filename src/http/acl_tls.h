/*
 * acl_tls: what tcp-request content fetches read in the first bytes of a
 * TLS (or SSLv2) connection: the handshake type, the record version and
 * the SNI of a ClientHello (doc 7.3.5 req.ssl_*).  Pure functions on
 * bytes; hapx never terminates TLS.
 */
#ifndef HAPX_ACL_TLS_H
#define HAPX_ACL_TLS_H

#include <stddef.h>

enum acl_tls {
	ACL_TLS_OK,
	ACL_TLS_SHORT,		/* incomplete: more bytes may make it OK */
	ACL_TLS_NOT		/* not what was looked for */
};

/* req.ssl_hello_type: the handshake type of a complete SSLv3/TLS
 * handshake record in D[0..LEN) (1 = ClientHello). */
enum acl_tls	acl_tls_hello_type(const unsigned char *d, size_t len,
		    long long *type);
/* req.ssl_ver: MAJOR << 16 | MINOR of the first record (SSLv3/TLS record
 * header, or an SSLv2 ClientHello), once the record is complete. */
enum acl_tls	acl_tls_version(const unsigned char *d, size_t len,
		    long long *ver);
/* req.ssl_sni: the host_name of a complete TLS ClientHello; *S points
 * into D. */
enum acl_tls	acl_tls_sni(const unsigned char *d, size_t len,
		    const char **s, size_t *slen);

#endif
