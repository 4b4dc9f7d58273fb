/*
 * check_srv.h (for check.c; not "check.h", the unit-test library's header
 * name): server health checks (spec §6).  One struct check per server with
 * "check"; each runs on its own connection, on a timer, and moves its
 * server between SRV_ST_UP and SRV_ST_DOWN with HAProxy's state machine
 * (§6.4) and log lines (§6.5).  The pure parts (HTTP response verdict,
 * health step, request bytes) are exposed for the unit tests.
 */
#ifndef HAPX_CHECK_SRV_H
#define HAPX_CHECK_SRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg_model.h"

struct engine;
struct server;
struct check;

/* The outcome of one check. */
struct check_result {
	enum check_status	 st;		/* L4OK, L7STS... (never DEFAULT) */
	int			 code;		/* HTTP status, 0 = none */
	char			 info[128];	/* "" = none */
};

/* Reason text of a status (spec §6.6), e.g. "Layer7 wrong status". */
const char	*check_status_text(enum check_status);
/* True for the passing statuses (L4OK, L6OK, L7OK, L7OKC). */
bool		 check_status_ok(enum check_status);

/*
 * Judge the HTTP response RESP[0..len) (already bounded by the caller to
 * tune.bufsize) with the http-check expect rules STEPS[0..n) (non-expect
 * steps are skipped); n == 0 means "2xx or 3xx passes".
 */
void		 check_http_verdict(const struct tcpcheck_step *steps,
		    unsigned n, const char *resp, size_t len,
		    struct check_result *res);

/*
 * Judge a tcp-check expect rule E (string/binary: substring; rstring/
 * rbinary: regex) on the bytes BUF[0..len) received so far.  COMPLETE: no
 * more will come (EOF, timeout, buffer full).  1 = passed, 0 = failed,
 * -1 = undecided yet (wait for more bytes).  "!" negates: fails as soon as
 * the pattern matches, passes only once complete without a match.
 */
int		 check_tcp_expect(const struct check_expect *e,
		    const char *buf, size_t len, bool complete);

/*
 * The health counter (spec §6.4): HEALTH in 0..rise+fall-1, UP iff
 * health >= rise.  check_health_init gives the start value for an
 * init-state; check_health_step applies one result and returns the new
 * health.
 */
unsigned	 check_health_init(enum srv_init_state, unsigned rise,
		    unsigned fall);
unsigned	 check_health_step(unsigned health, unsigned rise,
		    unsigned fall, bool ok);
/* The interval to wait before the next check (spec §6.3 srv_getinter). */
uint32_t	 check_interval(const struct server_conf *, unsigned health);

/*
 * The HTTP check request of PC (spec §6.1) into OUT (outsz bytes, NUL
 * terminated); returns its length, or -1 if it does not fit.
 */
long		 check_http_request(const struct proxy_conf *pc, char *out,
		    size_t outsz);

/* Create and schedule the checks of every server of ENG (after the
 * listeners are bound); 0, or -1 when out of memory. */
int		 check_start_all(struct engine *);
/* Stop and free the check of SRV (NULL is fine). */
void		 check_free(struct check *);

#endif
