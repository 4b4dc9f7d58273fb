/*
 * check_checkproto.c: unit tests for check_proto.c, the protocol health
 * checks: the request bytes of each protocol, and the verdict on good,
 * error, truncated and garbage answers (statuses and info texts as
 * HAProxy 2.6 logs them against t/e2e/fake_proto.py).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "model/cfg_model.h"
#include "servers/check_proto.h"
#include "servers/check_srv.h"

#include "base/nitems.h"

/* A byte string literal and its length (it may hold NULs). */
#define B(s)		(s), (sizeof(s) - 1)

static const struct check_opts no_opts;
static const struct check_opts user_opts = { .user = "hapx" };
static const struct check_opts pre41_opts = { .user = "hapx",
	.mysql_pre41 = true };
static const struct check_opts ehlo_opts = { .smtp_hello = "EHLO",
	.smtp_domain = "example.org" };

/* ------------------------------------------------------------------ */
/* Requests */

static const struct req_case {
	enum check_type		 t;
	const struct check_opts	*o;
	unsigned		 stage;
	const char		*want;
	size_t			 wlen;
} rcases[] = {
	{ CHK_REDIS, &no_opts, 0, B("*1\r\n$4\r\nPING\r\n") },
	{ CHK_REDIS, &no_opts, 1, B("") },
	{ CHK_LDAP, &no_opts, 0,
	    B("\x30\x0c\x02\x01\x01\x60\x07\x02\x01\x03\x04\x00\x80\x00") },
	{ CHK_PGSQL, &user_opts, 0,
	    B("\x00\x00\x00\x13\x00\x03\x00\x00user\0hapx\0\0") },
	{ CHK_MYSQL, &no_opts, 0, B("") },
	{ CHK_MYSQL, &user_opts, 0,
	    B("\x26\x00\x00\x01\x00\x82\x00\x00\x00\x80\x00\x01\x21"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	    "hapx\0\0" "\x01\x00\x00\x00\x01") },
	{ CHK_MYSQL, &pre41_opts, 0,
	    B("\x0b\x00\x00\x01\x00\x80\x00\x00\x01hapx\0\0"
	    "\x01\x00\x00\x00\x01") },
	{ CHK_SMTP, &no_opts, 0, B("") },
	{ CHK_SMTP, &no_opts, 1, B("HELO localhost\r\n") },
	{ CHK_SMTP, &ehlo_opts, 1, B("EHLO example.org\r\n") },
	{ CHK_SMTP, &no_opts, 2, B("QUIT\r\n") },
	{ CHK_SMTP, &no_opts, 3, B("") },
};

START_TEST(test_request)
{
	const struct req_case	*rc = &rcases[_i];
	char			 out[512];
	long			 n;

	n = check_proto_request(rc->t, rc->o, rc->stage, 0, out, sizeof(out));
	ck_assert_msg(n == (long)rc->wlen, "case %d: length %ld, want %zu",
	    _i, n, rc->wlen);
	ck_assert_msg(memcmp(out, rc->want, rc->wlen) == 0,
	    "case %d: bytes differ", _i);
	/* One byte short: it does not fit. */
	if (rc->wlen > 0)
		ck_assert_int_eq(check_proto_request(rc->t, rc->o, rc->stage,
		    0, out, rc->wlen - 1), -1);
}
END_TEST

/* The SSLv3 hello: record and handshake headers, the time, HAProxy's
 * marker in the random bytes, 39 cipher suites, null compression. */
START_TEST(test_ssl_hello)
{
	unsigned char	out[512];
	long		n;

	n = check_proto_request(CHK_SSL_HELLO, &no_opts, 0, 0x6b072ef4,
	    (char *)out, sizeof(out));
	ck_assert_int_eq(n, 126);
	ck_assert(memcmp(out, "\x16\x03\x00\x00\x79\x01\x00\x00\x75\x03\x00"
	    "\x6b\x07\x2e\xf4HAPROXYSSLCHK\nHAPROXYSSLCHK\n\x00\x00\x4e"
	    "\x00\x01\x00\x02", 50) == 0);
	ck_assert(memcmp(out + 98, "\x00\x1b\x00\x2f", 4) == 0);
	ck_assert(memcmp(out + 122, "\x00\x3a\x01\x00", 4) == 0);
	ck_assert_int_eq(check_proto_request(CHK_SSL_HELLO, &no_opts, 1, 0,
	    (char *)out, sizeof(out)), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Verdicts */

#define MORE	CHKP_MORE, CHK_ST_DEFAULT, 0, NULL
#define NEXT	CHKP_NEXT, CHK_ST_DEFAULT, 0, NULL
#define DONE	CHKP_DONE

#define MYSQL_GREETING	"\x1c\x00\x00\x00\x0a" "5.7.99-fake\0" \
	"\x07\x00\x00\x00" "abcdefgh\0" "\xff\xf7"
#define MYSQL_ERR1040	"\x17\x00\x00\x00\xff\x10\x04Too many connections"
#define MYSQL_ERR1045	"\x1f\x00\x00\x02\xff\x15\x04" \
	"#28000Access denied for user"
#define PG_ERROR	"E\x00\x00\x00\x13SFATAL\0C28000\0\0"
#define LDAP_OK		"\x30\x0c\x02\x01\x01\x61\x07\x0a\x01\x00\x04\x00\x04\x00"
#define LDAP_49		"\x30\x0c\x02\x01\x01\x61\x07\x0a\x01\x31\x04\x00\x04\x00"
#define LDAP_RFC	"See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9"

static const struct verdict_case {
	enum check_type		 t;
	const struct check_opts	*o;
	unsigned		 stage;
	const char		*in;
	size_t			 len;
	bool			 complete;
	enum check_proto_rc	 rc;
	enum check_status	 st;
	int			 code;
	const char		*info;
} vcases[] = {
	/* redis: "+PONG\r\n" anywhere; a failure logs the first line. */
	{ CHK_REDIS, &no_opts, 0, B("+PONG\r\n"), false,
	    DONE, CHK_ST_L7OK, 0, "Redis server is ok" },
	{ CHK_REDIS, &no_opts, 0, B("$1\r\nx\r\n+PONG\r\n"), false,
	    DONE, CHK_ST_L7OK, 0, "Redis server is ok" },
	{ CHK_REDIS, &no_opts, 0, B("+PON"), false, MORE },
	{ CHK_REDIS, &no_opts, 0, B("-ERR no\r\n"), false, MORE },
	{ CHK_REDIS, &no_opts, 0, B("-ERR operation not permitted\r\n"), true,
	    DONE, CHK_ST_L7STS, 0, "-ERR operation not permitted" },
	{ CHK_REDIS, &no_opts, 0, B("+PON"), true,
	    DONE, CHK_ST_L7STS, 0, "+PON" },
	{ CHK_REDIS, &no_opts, 0, B("+PONGX\r\n"), true,
	    DONE, CHK_ST_L7STS, 0, "+PONGX" },
	{ CHK_REDIS, &no_opts, 0, B(""), true,
	    DONE, CHK_ST_L7STS, 0, "TCPCHK got an empty response at step 2" },

	/* ssl-hello-chk: a handshake or alert record passes. */
	{ CHK_SSL_HELLO, &no_opts, 0, B("\x16\x03\x01\x00\x2a\x02"), false,
	    DONE, CHK_ST_L6OK, 0, "" },
	{ CHK_SSL_HELLO, &no_opts, 0, B("\x15\x03\x01\x00\x02\x02\x28"), false,
	    DONE, CHK_ST_L6OK, 0, "" },
	{ CHK_SSL_HELLO, &no_opts, 0, B("\x16\x03"), false, MORE },
	{ CHK_SSL_HELLO, &no_opts, 0, B("\x16\x03"), true,
	    DONE, CHK_ST_L6OK, 0, "" },
	{ CHK_SSL_HELLO, &no_opts, 0, B("HTTP/1.1 400 Bad Request\r\n"), false,
	    DONE, CHK_ST_L6RSP, 0, "" },
	{ CHK_SSL_HELLO, &no_opts, 0, B(""), false, MORE },
	{ CHK_SSL_HELLO, &no_opts, 0, B(""), true,
	    DONE, CHK_ST_L6RSP, 0, "TCPCHK got an empty response at step 2" },

	/* ldap-check: resultCode 0 passes, others are a wrong status. */
	{ CHK_LDAP, &no_opts, 0, B(LDAP_OK), false,
	    DONE, CHK_ST_L7OK, 0, "Success" },
	{ CHK_LDAP, &no_opts, 0, B("\x30\x84\x00\x00\x00\x0c\x02\x01\x01\x61"
	    "\x84\x00\x00\x00\x07\x0a\x01\x00\x04\x00\x04\x00"), false,
	    DONE, CHK_ST_L7OK, 0, "Success" },
	{ CHK_LDAP, &no_opts, 0, B(LDAP_49), false,
	    DONE, CHK_ST_L7STS, 49, LDAP_RFC },
	{ CHK_LDAP, &no_opts, 0, B("\x30\x0c\x02\x01\x01\x61\x07\x0a"), false,
	    MORE },
	{ CHK_LDAP, &no_opts, 0, B("\x30\x0c\x02\x01\x01\x61\x07\x0a"), true,
	    DONE, CHK_ST_L7RSP, 0, "" },
	{ CHK_LDAP, &no_opts, 0, B("\x04\x05hello"), false,
	    DONE, CHK_ST_L7RSP, 0, "Not LDAPv3 protocol" },
	{ CHK_LDAP, &no_opts, 0, B("\x30\x0c\x02\x01\x02\x61"), false,
	    DONE, CHK_ST_L7RSP, 0, "Not LDAPv3 protocol" },
	{ CHK_LDAP, &no_opts, 0, B(""), true,
	    DONE, CHK_ST_L7RSP, 0, "TCPCHK got an empty response at step 2" },

	/* pgsql-check: an authentication request passes; 'E' fails. */
	{ CHK_PGSQL, &user_opts, 0, B("R\0\0\0\x08\0\0\0\0"), false,
	    DONE, CHK_ST_L7OK, 0, "PostgreSQL server is ok" },
	{ CHK_PGSQL, &user_opts, 0, B("R\0\0\0\x0c\0\0\0\x05" "abcd"), false,
	    DONE, CHK_ST_L7OK, 0, "PostgreSQL server is ok" },
	{ CHK_PGSQL, &user_opts, 0, B("R\0\0\0\x08\0\0\0\x0a"), false,
	    DONE, CHK_ST_L7OK, 0, "PostgreSQL server is ok" },
	{ CHK_PGSQL, &user_opts, 0, B("R\0\0\0\x08\0\0\0\x08"), false,
	    DONE, CHK_ST_L7STS, 0, "PostgreSQL unknown error" },
	{ CHK_PGSQL, &user_opts, 0, B("R\0\0\0\x08\0\0"), false, MORE },
	{ CHK_PGSQL, &user_opts, 0, B("R\0\0"), true,
	    DONE, CHK_ST_L7STS, 0, "PostgreSQL unknown error" },
	{ CHK_PGSQL, &user_opts, 0, B(PG_ERROR), false,
	    DONE, CHK_ST_L7RSP, 0, "FATAL" },
	{ CHK_PGSQL, &user_opts, 0, B("E\0\0"), false, MORE },
	{ CHK_PGSQL, &user_opts, 0, B("E\0\0"), true,
	    DONE, CHK_ST_L7RSP, 0, "" },
	{ CHK_PGSQL, &user_opts, 0, B("HTTP/1.0 200 OK\r\n\r\n"), false,
	    DONE, CHK_ST_L7STS, 0, "PostgreSQL unknown error" },
	{ CHK_PGSQL, &user_opts, 0, B(""), true,
	    DONE, CHK_ST_L7RSP, 0, "TCPCHK got an empty response at step 3" },

	/* mysql-check without a user: the greeting. */
	{ CHK_MYSQL, &no_opts, 0, B(MYSQL_GREETING), false,
	    DONE, CHK_ST_L7OK, 0, "5.7.99-fake" },
	{ CHK_MYSQL, &no_opts, 0, B(MYSQL_ERR1040), false,
	    DONE, CHK_ST_L7STS, 1040, "Too many connections" },
	{ CHK_MYSQL, &no_opts, 0, B("\x1c\x00\x00\x00\x0a" "5.7"), false,
	    MORE },
	{ CHK_MYSQL, &no_opts, 0, B("\x1c\x00\x00\x00\x0a" "5.7"), true,
	    DONE, CHK_ST_L7RSP, 0, "" },
	{ CHK_MYSQL, &no_opts, 0, B("hello world\r\n"), true,
	    DONE, CHK_ST_L7RSP, 0, "" },
	{ CHK_MYSQL, &no_opts, 0, B(""), true,
	    DONE, CHK_ST_L7RSP, 0, "TCPCHK got an empty response at step 2" },
	/* ... with a user: the greeting, then the answer to the login. */
	{ CHK_MYSQL, &user_opts, 0, B(MYSQL_GREETING), false, MORE },
	{ CHK_MYSQL, &user_opts, 0, B(MYSQL_GREETING
	    "\x07\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00"), false,
	    DONE, CHK_ST_L7OK, 0, "5.7.99-fake" },
	{ CHK_MYSQL, &pre41_opts, 0, B(MYSQL_GREETING MYSQL_ERR1045), false,
	    DONE, CHK_ST_L7STS, 1045, "#28000Access denied for user" },
	{ CHK_MYSQL, &user_opts, 0, B(MYSQL_ERR1040), false,
	    DONE, CHK_ST_L7STS, 1040, "Too many connections" },
	{ CHK_MYSQL, &user_opts, 0, B(MYSQL_GREETING "hello\r\n"), true,
	    DONE, CHK_ST_L7RSP, 0, "" },
	{ CHK_MYSQL, &user_opts, 0, B(""), true,
	    DONE, CHK_ST_L7RSP, 0, "TCPCHK got an empty response at step 3" },

	/* smtpchk: the banner... */
	{ CHK_SMTP, &no_opts, 0, B("220 fake.example ESMTP\r\n"), false, NEXT },
	{ CHK_SMTP, &no_opts, 0, B("22"), false, MORE },
	{ CHK_SMTP, &no_opts, 0, B("22"), true,
	    DONE, CHK_ST_L7RSP, 0, "22" },
	{ CHK_SMTP, &no_opts, 0, B("554 no service here\r\n"), false,
	    DONE, CHK_ST_L7STS, 554, "no service here" },
	{ CHK_SMTP, &no_opts, 0, B("220-fake.example\r\n220 ESMTP\r\n"), false,
	    DONE, CHK_ST_L7RSP, 0, "220-fake.example" },
	{ CHK_SMTP, &no_opts, 0, B("hello\r\n"), false,
	    DONE, CHK_ST_L7RSP, 0, "hello" },
	{ CHK_SMTP, &no_opts, 0, B(""), true,
	    DONE, CHK_ST_L7RSP, 0, "TCPCHK got an empty response at step 2" },
	/* ... the HELO answer (a mismatch waits for EOF)... */
	{ CHK_SMTP, &no_opts, 1, B("250 fake.example hello\r\n"), false, NEXT },
	{ CHK_SMTP, &no_opts, 1, B("250-fake.example\r\n250 SIZE\r\n"), false,
	    NEXT },
	{ CHK_SMTP, &no_opts, 1, B("501 bad domain\r\n"), false, MORE },
	{ CHK_SMTP, &no_opts, 1, B("501 bad domain\r\n"), true,
	    DONE, CHK_ST_L7STS, 501, "bad domain" },
	{ CHK_SMTP, &no_opts, 1, B("xyz\r\n"), true,
	    DONE, CHK_ST_L7STS, 0, "" },
	{ CHK_SMTP, &no_opts, 1, B(""), true,
	    DONE, CHK_ST_L7STS, 0, "TCPCHK got an empty response at step 5" },
	/* ... and the QUIT answer, logged on success. */
	{ CHK_SMTP, &no_opts, 2, B("221 bye\r\n"), false,
	    DONE, CHK_ST_L7OK, 221, "bye" },
	{ CHK_SMTP, &no_opts, 2, B("221-bye\r\n221 ok\r\n"), false,
	    DONE, CHK_ST_L7OK, 221, "bye" },
	{ CHK_SMTP, &no_opts, 2, B("500 what\r\n"), false,
	    DONE, CHK_ST_L7STS, 500, "what" },
	{ CHK_SMTP, &no_opts, 2, B("xyz\r\n"), false,
	    DONE, CHK_ST_L7STS, 0, "" },
	{ CHK_SMTP, &no_opts, 2, B("22"), false, MORE },
	{ CHK_SMTP, &no_opts, 2, B(""), true,
	    DONE, CHK_ST_L7STS, 0, "TCPCHK got an empty response at step 7" },
};

START_TEST(test_verdict)
{
	const struct verdict_case	*vc = &vcases[_i];
	struct check_result		 res;
	enum check_proto_rc		 rc;

	memset(&res, 0, sizeof(res));
	rc = check_proto_verdict(vc->t, vc->o, vc->stage, vc->in, vc->len,
	    vc->complete, &res);
	ck_assert_msg(rc == vc->rc, "case %d: rc %d, want %d", _i, rc,
	    vc->rc);
	if (rc != CHKP_DONE)
		return;
	ck_assert_msg(res.st == vc->st, "case %d: status %d, want %d", _i,
	    res.st, vc->st);
	ck_assert_msg(res.code == vc->code, "case %d: code %d, want %d", _i,
	    res.code, vc->code);
	ck_assert_msg(strcmp(res.info, vc->info) == 0,
	    "case %d: info \"%s\", want \"%s\"", _i, res.info, vc->info);
}
END_TEST

/* Random bytes from a server: never a crash, and COMPLETE always
 * decides. */
START_TEST(test_garbage)
{
	static const enum check_type types[] = { CHK_MYSQL, CHK_PGSQL,
	    CHK_REDIS, CHK_SSL_HELLO, CHK_SMTP, CHK_LDAP };
	struct check_result	 res;
	char			 buf[64];
	unsigned		 i, n, s;

	srandom(42);
	for (n = 0; n < 2000; n++) {
		size_t	len = (size_t)(random() % (long)sizeof(buf));

		for (i = 0; i < len; i++)
			buf[i] = (char)random();
		for (i = 0; i < nitems(types); i++)
			for (s = 0; s < 3; s++)
				ck_assert(check_proto_verdict(types[i],
				    &user_opts, s, buf, len, true, &res) !=
				    CHKP_MORE);
	}
}
END_TEST

START_TEST(test_misc)
{
	struct check_result	res;

	ck_assert(check_proto_handles(CHK_MYSQL));
	ck_assert(check_proto_handles(CHK_LDAP));
	ck_assert(!check_proto_handles(CHK_TCP));
	ck_assert(!check_proto_handles(CHK_HTTP));
	ck_assert(!check_proto_handles(CHK_TCPCHECK));
	ck_assert(!check_proto_handles(CHK_EXTERNAL));
	check_proto_timeout(CHK_SSL_HELLO, &res);
	ck_assert_int_eq(res.st, CHK_ST_L6TOUT);
	ck_assert_str_eq(res.info, "");
	check_proto_timeout(CHK_REDIS, &res);
	ck_assert_int_eq(res.st, CHK_ST_L7TOUT);
}
END_TEST

static Suite *
checkproto_suite(void)
{
	Suite	*s = suite_create("checkproto");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_request, 0, (int)nitems(rcases));
	tcase_add_test(tc, test_ssl_hello);
	tcase_add_loop_test(tc, test_verdict, 0, (int)nitems(vcases));
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_misc);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(checkproto_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
