/*
 * proxy_proto: the PROXY protocol header (haproxy's proxy-protocol.txt),
 * version 1 (one text line) and version 2 (binary).  Pure functions on
 * byte buffers: parse what a sender put in front of a connection, build
 * what we put in front of a server connection.
 */
#ifndef HAPX_PROXY_PROTO_H
#define HAPX_PROXY_PROTO_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>

#define PP_V1_MAX	107		/* the longest v1 line, CRLF included */
#define PP_V2_HDR	16		/* v2 fixed part */
#define PP_V2_BUILD_MAX	(PP_V2_HDR + 36)	/* what pp_build_v2 writes */

enum pp_status {
	PP_NEED_MORE,		/* a valid start: wait for more bytes */
	PP_ERROR,		/* not a PROXY protocol header */
	PP_DONE			/* a complete header */
};

struct pp_result {
	size_t			 len;		/* bytes the header takes */
	int			 version;	/* 1 or 2 */
	bool			 local;		/* UNKNOWN, LOCAL, unsupported
						   family: keep the real
						   addresses */
	struct sockaddr_storage	 src, dst;	/* when !local */
	const char		*err;		/* PP_ERROR: why, as HAProxy
						   logs it (static) */
};

/* Parse the start of BUF (N bytes).  PP_DONE fills RES. */
enum pp_status	pp_parse(const void *buf, size_t n, struct pp_result *res);
/* Write the v1 line for SRC -> DST into OUT (at least PP_V1_MAX + 1
 * bytes); returns its length.  Not an IPv4/IPv6 pair: "PROXY UNKNOWN". */
size_t		pp_build_v1(char *out, size_t outlen,
		    const struct sockaddr *src, const struct sockaddr *dst);
/* Write the v2 header for SRC -> DST into OUT (at least PP_V2_BUILD_MAX
 * bytes); returns its length, 0 if OUTLEN is too small.  Not an
 * IPv4/IPv6 pair: the LOCAL command. */
size_t		pp_build_v2(void *out, size_t outlen,
		    const struct sockaddr *src, const struct sockaddr *dst);

#endif
