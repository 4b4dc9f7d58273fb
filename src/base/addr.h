/*
 * addr.h: strict parsing of the addresses written in haproxy.cfg (bind,
 * server, log, peer, server 'addr'), their resolution and formatting.
 * Config-time only: nothing here opens a socket or prints.
 */

#ifndef HAPX_ADDR_H
#define HAPX_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

enum addr_kind {
	ADDR_INET, ADDR_UNIX, ADDR_ABNS,
	ADDR_FD,		/* fd@N: an inherited listening socket */
	ADDR_SOCKPAIR,		/* sockpair@N: one end of a socketpair over
				   which connected sockets arrive */
	ADDR_STDIO
};

/* What the address is used for: decides which forms are allowed. */
enum addr_use {
	ADDR_USE_BIND,		/* ADDR:PORT or ADDR:LO-HI; '' or '*' host */
	ADDR_USE_SERVER,	/* HOST[:PORT], port 0/absent or +N/-N */
	ADDR_USE_LOG,		/* HOST[:PORT] (514), path, stdout, stderr */
	ADDR_USE_PEER,		/* HOST:PORT */
	ADDR_USE_CHECK		/* server 'addr' option: HOST, no port */
};

struct addr_spec {
	enum addr_kind	 kind;
	int		 family;	/* AF_INET/AF_INET6/AF_UNIX, or
					   AF_UNSPEC for a name not yet
					   resolved, fd@ and stdio */
	int		 force_family;	/* from ipv4@/ipv6@/udp4@...: the
					   family addr_resolve asks for;
					   AF_UNSPEC when no prefix forced
					   one */
	bool		 wildcard;	/* '', '*', 0.0.0.0 or :: */
	bool		 has_port;	/* a port was written */
	bool		 port_relative;	/* server "+N"/"-N" */
	int		 port_offset;	/* signed N for relative ports */
	unsigned	 port_lo, port_hi; /* equal unless a bind range;
					   0 when absent, except 514 for
					   log targets */
	char		 host[256];	/* as written, no brackets; "" for
					   the wildcard */
	char		 path[108];	/* unix/abns path, fd@/sockpair@ number,
					   "stdout" or "stderr" */
	struct sockaddr_storage ss;	/* numeric IPs (port = port_lo),
					   unix, abns; names after
					   addr_resolve */
	unsigned	 sslen;		/* 0 while ss is not filled */
};

/*
 * Parse S for USE into OUT. Returns 0, or -1 with a message in ERR (no
 * trailing period) and in *ERR_OFF the byte offset in S of the problem.
 */
int		 addr_parse(const char *s, enum addr_use use,
		    struct addr_spec *out, char *err, size_t errlen,
		    size_t *err_off);

/*
 * Resolve a host name (family AF_UNSPEC) with getaddrinfo, preferring
 * IPv4. No-op for numeric and non-inet addresses. Returns 0, or -1 with
 * "could not resolve address 'NAME'" in ERR.
 */
int		 addr_resolve(struct addr_spec *a, char *err, size_t errlen);

/* Format A for dumps ("127.0.0.1:80", "[::1]:80", "*:80-90"); returns OUT. */
const char	*addr_format(const struct addr_spec *a, char *out,
		    size_t outlen);

#endif /* HAPX_ADDR_H */
