/*
 * persist: how a request goes to a given server rather than to the one the
 * balancer would pick (doc §4 "cookie", "use-server", "force-persist",
 * "ignore-persist", "option persist"), and the server-level diversions
 * "redir" and the backend "dispatch" address.
 *
 * Per transaction, after the backend's rules: the persist rules (force or
 * ignore, first match in config order), the use-server rules, then the
 * persistence cookie of the request (which assigns the server only when
 * no use-server rule did, and is stripped as the mode wants).  On the
 * response, the server's own cookie is rewritten, prefixed or removed and
 * an insert-mode cookie is added.
 */
#ifndef HAPX_PERSIST_H
#define HAPX_PERSIST_H

#include <stdbool.h>
#include <stddef.h>

struct proxy;
struct server;
struct session;

/* session.prst */
#define PRST_FORCE	0x01	/* force-persist matched (or option persist) */
#define PRST_IGNORE	0x02	/* ignore-persist matched */
#define PRST_DIRECT	0x04	/* direct_srv was assigned, not balanced */

/* Mode http, before the server is picked: persist rules, use-server, the
 * request's persistence cookie (which it may strip). */
void		 persist_request(struct session *);
/* Mode tcp: persist rules and use-server only. */
void		 persist_tcp(struct session *);
/* Mode http, the response head of s->srv: Set-Cookie handling. */
void		 persist_response(struct session *);
/* The server SRV was picked: with "redir" a GET or HEAD is answered with
 * a 302 instead.  True: the answer's header lines are in HDRS (SZ bytes,
 * PERSIST_REDIR_MAX is enough) and the session code sends it; false:
 * connect as usual. */
#define PERSIST_REDIR_MAX	4096
bool		 persist_redir(const struct session *, const struct server *srv,
		    char *hdrs, size_t sz);
/* The backend's "dispatch" target, a server of its own outside px->srvs
 * (owned by the caller: persist_dispatch_free); NULL when none. */
struct server	*persist_dispatch_new(struct proxy *);
void		 persist_dispatch_free(struct server *);

#endif
