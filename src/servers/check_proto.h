/*
 * check_proto.h: the protocol health checks (option mysql-check,
 * pgsql-check, redis-check, ssl-hello-chk, smtpchk, ldap-check).  Pure
 * functions: the bytes each check sends and the verdict on the bytes the
 * server answered, with HAProxy 2.6's statuses and info texts.  check.c
 * owns the connection and calls these; nothing here touches a socket.
 *
 * A check runs in stages.  Stage 0 starts right after connect; a verdict
 * of CHKP_NEXT moves to the next stage, whose request is sent on an empty
 * receive buffer (HAProxy resets its buffer at each send, so bytes that
 * came with the previous answer are dropped).
 */
#ifndef HAPX_CHECK_PROTO_H
#define HAPX_CHECK_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/cfg_model.h"
#include "servers/check_srv.h"

enum check_proto_rc {
	CHKP_MORE = 0,		/* undecided: wait for more bytes */
	CHKP_NEXT,		/* stage passed: send the next one's request */
	CHKP_DONE		/* the check is over: see the result */
};

/* True for the check types this module runs (mysql ... ldap). */
bool		 check_proto_handles(enum check_type);

/*
 * The request of STAGE for a check of type T with options O into OUT
 * (outsz bytes); NOW_S (seconds since the epoch) goes into the SSL hello.
 * Returns the length (0: nothing to send in this stage, e.g. the SMTP
 * banner or the MySQL greeting comes first), or -1 if it does not fit.
 */
long		 check_proto_request(enum check_type t,
		    const struct check_opts *o, unsigned stage, uint32_t now_s,
		    char *out, size_t outsz);

/*
 * Judge BUF[0..len), the bytes received in STAGE so far.  COMPLETE: no
 * more will come (EOF, or the buffer is full).  On CHKP_DONE, RES holds
 * the status, code and info to log.
 */
enum check_proto_rc check_proto_verdict(enum check_type t,
		    const struct check_opts *o, unsigned stage,
		    const char *buf, size_t len, bool complete,
		    struct check_result *res);

/* The result of a check of type T that timed out after connect. */
void		 check_proto_timeout(enum check_type t,
		    struct check_result *res);

#endif
