/*
 * session_pp: the PROXY protocol on sessions (session_pp.c): reading the
 * header a client announces (bind accept-proxy, tcp-request connection
 * expect-proxy layer4) and sending one to a server (send-proxy,
 * send-proxy-v2).  Internal to the session code.
 */
#ifndef HAPX_SESSION_PP_H
#define HAPX_SESSION_PP_H

#include <stdbool.h>

struct session;

/* session.c: the session is past its connection rules and its PROXY
 * header; count it and start mode http or tcp. */
void	sess_accepted(struct session *);

/* Does the client of S have to send a PROXY header first? */
bool	sess_pp_expected(const struct session *);
/* Read the header, take its addresses, then sess_accepted(S); a bad
 * header closes the connection. */
void	sess_pp_wait(struct session *);
/* A new connection to S's server: queue the header its server line asks
 * for (nothing otherwise), before anything else. */
void	sess_pp_send(struct session *);

#endif
