/*
 * check_srv.h (for check.c and check_http.c; not "check.h", the unit-test
 * library's header name): server health checks (spec §6).  One struct
 * check per server with "check"; each runs on its own connection, on a
 * timer, and moves its server between UP, NOLB (disable-on-404) and DOWN
 * with HAProxy's state machine (§6.4), log lines (§6.5, on stderr and to
 * the backend's log targets) and "observe"/"on-error" (§6.3, fed by the
 * session code through check_observe()).  The pure parts (expect rules,
 * state machine, intervals, request bytes) are exposed for the unit tests;
 * check_get_info() is what the stats page reads.
 */
#ifndef HAPX_CHECK_SRV_H
#define HAPX_CHECK_SRV_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/cfg_model.h"

struct engine;
struct proxy;
struct server;
struct check;

/* The outcome of one check. */
struct check_result {
	enum check_status	 st;		/* L4OK, L7STS... (never DEFAULT) */
	int			 code;		/* HTTP status, 0 = none */
	char			 info[128];	/* "" = none */
};

/*
 * The model's check_status lists what an expect rule may force; a result
 * may also be HAProxy's HANA ("Health analyze"): "observe" saw enough
 * consecutive errors on live traffic (spec §6.3, §6.6).
 */
#define CHK_ST_HANA	((enum check_status)(CHK_ST_L7STS + 1))

/* Reason text of a status (spec §6.6), e.g. "Layer7 wrong status". */
const char	*check_status_text(enum check_status);
/* Short code of a status as the stats CSV "check_status" shows it:
 * "L4OK", "L7STS", "HANA"...; "INI" for CHK_ST_DEFAULT (none yet). */
const char	*check_status_code(enum check_status);
/* True for the passing statuses (L4OK, L6OK, L7OK, L7OKC). */
bool		 check_status_ok(enum check_status);

/*
 * Judge the HTTP response RESP[0..len) (already bounded by the caller to
 * tune.bufsize) with the http-check expect rules STEPS[0..n) (non-expect
 * steps are skipped; the first failing rule decides); no expect rule means
 * "2xx or 3xx passes".  The response is taken as complete.
 */
void		 check_http_verdict(const struct tcpcheck_step *steps,
		    unsigned n, const char *resp, size_t len,
		    struct check_result *res);

/*
 * Judge one "http-check expect" rule E on the response bytes received so
 * far, RESP[0..len).  COMPLETE: no more will come (EOF, timeout, the
 * tune.bufsize bound).  Status and header forms need the headers; body
 * forms the whole body (content-length reached, or complete), or min-recv
 * bytes of it.  "!" negates every form.  1 = passed, 0 = failed, -1 =
 * wait for more bytes; RES is set when decided: L7OK (or ok-status) with
 * no info on success, HAProxy 2.6's status and info on failure (L7STS and
 * the reason phrase for status/hdr forms, L7RSP and "HTTP content check
 * did not match" / "HTTP check matched unwanted content" for body forms,
 * or error-status), COMMENT (NULL = none) appended as " comment: ...".
 */
int		 check_http_expect(const struct check_expect *e,
		    const char *comment, const char *resp, size_t len,
		    bool complete, struct check_result *res);
/* The rule used when a request has no expect rule: 2xx/3xx pass (L7OK),
 * others fail (L7STS + reason); returns as check_http_expect(). */
int		 check_http_default(const char *resp, size_t len,
		    bool complete, struct check_result *res);
/* The status code of the response RESP[0..len), 0 if none yet. */
int		 check_http_code(const char *resp, size_t len);
/* The comment shown for rule I of STEPS: its own, or the nearest
 * "comment" rule before it; NULL if none. */
const char	*check_step_comment(const struct tcpcheck_step *steps,
		    unsigned i);

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
/*
 * Start-up spreading (spec §6.4): check_spread_fold() folds server SC into
 * MININTER, the smallest first interval of at least 1 s among the checked
 * servers (0 = none yet); the POS-th of NB checked servers, in config
 * order, has its first check check_first_delay() ms after start.
 */
uint32_t	 check_spread_fold(uint32_t mininter,
		    const struct server_conf *sc);
uint32_t	 check_first_delay(uint32_t mininter, unsigned pos,
		    unsigned nb);
/* The interval to wait before the next check (spec §6.3 srv_getinter). */
uint32_t	 check_interval(const struct server_conf *, unsigned health);

/*
 * The HTTP check request of PC (spec §6.1: "option httpchk" merged with the
 * first "http-check send") into OUT (outsz bytes, NUL terminated); returns
 * its length, or -1 if it does not fit.  check_http_request_of builds the
 * request of one send rule (later sends: HAProxy's defaults OPTIONS / and
 * HTTP/1.0 for what they do not give), with an "x-haproxy-server-state:
 * STATE" header after the rule's ones when STATE is not NULL
 * ("http-check send-state").
 */
long		 check_http_request(const struct proxy_conf *pc, char *out,
		    size_t outsz);
long		 check_http_request_of(const struct httpchk_conf *rq,
		    const char *state, char *out, size_t outsz);

/*
 * The state machine of one server (spec §6.4; HAProxy's
 * set_server_check_status() and check_notify_*()).  FSM holds the health
 * counter and the server's state; check_fsm_apply() applies a result of
 * status ST and returns the transition it causes: a failure with health
 * down to 0 marks an UP server DOWN; a pass (L7OK...) with health at rise
 * or more marks a DOWN or NOLB server UP; a conditional pass (L7OKC:
 * disable-on-404, ok-status L7OKC) puts an UP server in NOLB (HAProxy's
 * "stopping").  *REPORT is set when the health counter moved (HAProxy
 * counts a failed check and logs it then).
 */
enum check_trans { CHK_TR_NONE, CHK_TR_DOWN, CHK_TR_UP, CHK_TR_NOLB };
struct check_fsm {
	unsigned		 health;	/* 0..rise+fall-1 */
	bool			 up;		/* UP (or NOLB) vs DOWN */
	bool			 nolb;		/* UP but no new LB traffic */
};
enum check_trans check_fsm_apply(struct check_fsm *, unsigned rise,
		    unsigned fall, enum check_status st, bool *report);

/*
 * What the stats page shows of a server's check: check_get_info() fills
 * INFO and returns true, or returns false when SRV has no "check".
 * INFO->info points into the check (valid until its next result).
 */
struct check_info {
	bool			 known;		/* a check has completed */
	bool			 running;	/* one is in progress ("*") */
	enum check_status	 st;		/* of the last result; DEFAULT
						   until known; may be HANA */
	int			 code;		/* HTTP status, 0 = none */
	const char		*info;		/* "" = none */
	int64_t			 dur_ms;	/* -1 = none (HANA, unknown) */
	unsigned		 health, rise, fall;
	uint64_t		 hana;		/* "observe" failures acted on */
	bool			 disabled;	/* "disable health" */
};
bool		 check_get_info(const struct server *,
		    struct check_info *info);

/*
 * "observe layer4|layer7" (spec §6.3): what the session code saw on live
 * traffic to a server.  CHK_OBS_L4_* count for layer4 and layer7 (the
 * connection), CHK_OBS_HTTP_* for layer7 only; the OK events reset the
 * consecutive error count (L4_OK only under layer4, HTTP_OK only under
 * layer7, as HAProxy).  After "error-limit" consecutive errors, "on-error"
 * acts: fastinter, fail-check (a failed check), sudden-death (health
 * down to one failure from DOWN, then a failed check) or mark-down, all
 * with the result HANA and the next check at fastinter.  No effect on a
 * server without "observe" or without "check".
 */
enum check_obs {
	CHK_OBS_L4_OK,		/* connection established */
	CHK_OBS_L4_ERR,		/* connection refused, reset, timed out */
	CHK_OBS_HTTP_OK,	/* status 100-499, 501, 505 */
	CHK_OBS_HTTP_STS,	/* other statuses (5xx) */
	CHK_OBS_HTTP_HDRRSP,	/* unparsable response headers */
	CHK_OBS_HTTP_RSP,	/* invalid response */
	CHK_OBS_HTTP_READ_ERROR,	/* read error before the response */
	CHK_OBS_HTTP_READ_TIMEOUT,	/* timeout server before it */
	CHK_OBS_HTTP_BROKEN_PIPE	/* the server closed before it */
};
void		 check_observe(struct server *, enum check_obs);
/* check_observe() with the HTTP status STATUS of a response. */
void		 check_observe_status(struct server *, int status);

/*
 * Move SRV by transition TR (not CHK_TR_NONE) as a check result would:
 * its state and NOLB flag, the stats counters of it and its backend, the
 * "Server B/S is DOWN<REASON>. ..." line on stderr and in the logs, the
 * on-marked-down/up actions and "backend 'B' has no server available!".
 * REASON is ", reason: ..." or ", changed from CLI" ("" = none).
 */
void		 check_apply(struct engine *, struct server *srv,
		    enum check_trans tr, const char *reason);
/* "backend 'B' has no server available!" on stderr and in PX's logs. */
void		 check_no_server_left(struct engine *, const struct proxy *px);
/* "set server B/S health up|stopping|down" (TR = UP, NOLB, DOWN): set the
 * health counter (rise+fall-1, or 0) and move the server, "changed from
 * CLI"; a server in maintenance only gets the counter. */
void		 check_force(struct engine *, struct server *srv,
		    enum check_trans tr);
/* "enable|disable health": run SRV's checks or not (the server keeps
 * its state meanwhile); -1 when SRV has no "check". */
int		 check_set_enabled(struct server *srv, bool on);
/* server-state-file: set SRV's health counter (bounded to rise+fall-1);
 * the state is the caller's (check_apply). */
void		 check_restore(struct server *srv, unsigned health);

/* Create and schedule the checks of every server of ENG (after the
 * listeners are bound); 0, or -1 when out of memory. */
int		 check_start_all(struct engine *);
/* Stop and free the check of SRV (NULL is fine). */
void		 check_free(struct check *);

/*
 * cfgcheck --probe: run the check of SRV once, now, with the code and
 * settings of a scheduled one (same address, request bytes, timeouts and
 * verdict) on a private event loop, blocking until it is over.  Nothing
 * is applied to the server and nothing is logged.  OUT gets the result,
 * its duration and the bytes received (RESP, malloc'd, NUL-terminated:
 * free it; the check examined the first BUFSIZE of them at most).
 * Returns 0, or -1 when out of memory.
 */
struct check_probe {
	struct check_result	 res;
	int64_t			 dur_ms;
	bool			 connected;	/* when it ended */
	char			*resp;
	size_t			 len;
	size_t			 bufsize;	/* tune.bufsize */
	char			 req[4096];	/* HTTP: the first request
						   sent, NUL-terminated */
	size_t			 reqlen;
	struct sockaddr_storage	 addr;		/* where it connected last */
	socklen_t		 addrlen;
};
int		 check_probe(struct engine *, struct server *,
		    struct check_probe *out);

/*
 * Where body rule E (string, rstring, binary, rbinary) finds its pattern
 * in the HTTP response RESP[0..len), by the matcher check_http_expect()
 * uses: the body starts at BODY_OFF in RESP and is BODY_LEN long; the
 * match is AT bytes into it, MLEN long.  1 = found, 0 = not found, -1 =
 * E is no body rule or RESP no HTTP response.
 */
struct check_match {
	size_t			 body_off, body_len, at, mlen;
};
int		 check_http_body_match(const struct check_expect *e,
		    const char *resp, size_t len, struct check_match *m);

#endif
