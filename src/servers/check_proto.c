/*
 * check_proto.c: the protocol health checks.  See check_proto.h.
 *
 * What each check sends and how each answer is judged follows HAProxy
 * 2.6 as observed against fake servers (t/e2e/fake_proto.py): 2.6 runs
 * these as built-in tcp-check rulesets, so a failure names the rule's
 * status, and an empty answer at EOF says "TCPCHK got an empty response
 * at step N", N being the rule's place in that ruleset.  Must not: touch
 * sockets or libevent, print, allocate.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "model/cfg_model.h"
#include "servers/check_proto.h"
#include "servers/check_srv.h"

#define U8(p, i)	(((const unsigned char *)(p))[i])

/* ------------------------------------------------------------------ */
/* Results */

/* Set RES; INFO (LEN bytes) is cut at a NUL, as HAProxy prints it. */
static void
set_res(struct check_result *res, enum check_status st, int code,
    const char *info, size_t len)
{
	const char	*nul;

	res->st = st;
	res->code = code;
	if (info == NULL)
		len = 0;
	if (len > 0 && (nul = memchr(info, '\0', len)) != NULL)
		len = (size_t)(nul - info);
	if (len >= sizeof(res->info))
		len = sizeof(res->info) - 1;
	if (len > 0)
		memcpy(res->info, info, len);
	res->info[len] = '\0';
}

static enum check_proto_rc
done(struct check_result *res, enum check_status st, int code,
    const char *info)
{
	set_res(res, st, code, info, info != NULL ? strlen(info) : 0);
	return CHKP_DONE;
}

/* EOF before any byte, at tcp-check rule number STEP of HAProxy's
 * ruleset for this check. */
static enum check_proto_rc
empty(struct check_result *res, enum check_status st, unsigned step)
{
	char	info[64];

	snprintf(info, sizeof(info), "TCPCHK got an empty response at step %u",
	    step);
	return done(res, st, 0, info);
}

/* The length of the first line of BUF: up to a CR or LF (cut_crlf). */
static size_t
line_len(const char *buf, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (buf[i] == '\r' || buf[i] == '\n')
			break;
	return i;
}

/* ------------------------------------------------------------------ */
/* redis-check: "PING" as a RESP array; "+PONG\r\n" anywhere passes. */

static const char redis_ping[] = "*1\r\n$4\r\nPING\r\n";

static enum check_proto_rc
redis_verdict(const char *buf, size_t len, bool complete,
    struct check_result *res)
{
	if (memmem(buf, len, "+PONG\r\n", 7) != NULL)
		return done(res, CHK_ST_L7OK, 0, "Redis server is ok");
	if (!complete)
		return CHKP_MORE;
	if (len == 0)
		return empty(res, CHK_ST_L7STS, 2);
	set_res(res, CHK_ST_L7STS, 0, buf, line_len(buf, len));
	return CHKP_DONE;
}

/* ------------------------------------------------------------------ */
/* ssl-hello-chk: an SSLv3 ClientHello; any handshake (0x16) or alert
 * (0x15) record back passes: the server speaks SSL. */

#define SSL_HELLO_LEN	126

static long
ssl_request(uint32_t now_s, char *out, size_t outsz)
{
	static const unsigned char head[] = {
		0x16, 0x03, 0x00, 0x00, 0x79,	/* handshake record, SSLv3 */
		0x01, 0x00, 0x00, 0x75,		/* ClientHello, 117 bytes */
		0x03, 0x00			/* client version SSLv3 */
	};
	/* The rest of the 32 random bytes: HAProxy's marker, which lets
	 * a server's admin recognise the check. */
	static const char mark[] = "HAPROXYSSLCHK\nHAPROXYSSLCHK\n";
	unsigned char	*p = (unsigned char *)out;
	size_t		 n = 0;
	unsigned	 cs;

	if (outsz < SSL_HELLO_LEN)
		return -1;
	memcpy(p, head, sizeof(head));
	n = sizeof(head);
	p[n++] = (unsigned char)(now_s >> 24);	/* gmt_unix_time */
	p[n++] = (unsigned char)(now_s >> 16);
	p[n++] = (unsigned char)(now_s >> 8);
	p[n++] = (unsigned char)now_s;
	memcpy(p + n, mark, 28);
	n += 28;
	p[n++] = 0x00;				/* no session id */
	p[n++] = 0x00;				/* 39 cipher suites */
	p[n++] = 0x4e;
	for (cs = 0x01; cs <= 0x3a; cs++) {
		if (cs > 0x1b && cs < 0x2f)
			continue;
		p[n++] = 0x00;
		p[n++] = (unsigned char)cs;
	}
	p[n++] = 0x01;				/* one compression method: */
	p[n++] = 0x00;				/* null */
	return (long)n;
}

static enum check_proto_rc
ssl_verdict(const char *buf, size_t len, bool complete,
    struct check_result *res)
{
	if (len == 0)
		return complete ? empty(res, CHK_ST_L6RSP, 2) : CHKP_MORE;
	if (len < 5 && !complete)
		return CHKP_MORE;	/* a record header */
	if (U8(buf, 0) == 0x15 || U8(buf, 0) == 0x16)
		return done(res, CHK_ST_L6OK, 0, NULL);
	return done(res, CHK_ST_L6RSP, 0, NULL);
}

/* ------------------------------------------------------------------ */
/* ldap-check: an anonymous LDAPv3 simple bind (message id 1); the
 * BindResponse's resultCode must be 0 (RFC 4511 4.1.9). */

static const unsigned char ldap_bind[] = {
	0x30, 0x0c,			/* LDAPMessage */
	0x02, 0x01, 0x01,		/* messageID 1 */
	0x60, 0x07,			/* BindRequest */
	0x02, 0x01, 0x03,		/* version 3 */
	0x04, 0x00,			/* name "" */
	0x80, 0x00			/* simple "" */
};

/* Skip a BER length at *POS: 1 done, 0 bytes missing, -1 invalid. */
static int
ber_skip_len(const char *buf, size_t len, size_t *pos)
{
	unsigned	n;

	if (*pos >= len)
		return 0;
	n = U8(buf, *pos);
	(*pos)++;
	if (n < 0x80)
		return 1;
	n &= 0x7f;
	if (n == 0 || n > 4)
		return -1;
	if (*pos + n > len)
		return 0;
	*pos += n;
	return 1;
}

/* Match the fixed bytes WANT at *POS: 1, 0 (missing), -1 (differ). */
static int
ber_expect(const char *buf, size_t len, size_t *pos, const char *want,
    size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++, (*pos)++) {
		if (*pos >= len)
			return 0;
		if (buf[*pos] != want[i])
			return -1;
	}
	return 1;
}

/* The resultCode of the BindResponse in BUF: >= 0, or -1 (bytes
 * missing), -2 (not an LDAPv3 bind response to message 1). */
static int
ldap_result_code(const char *buf, size_t len)
{
	size_t	pos = 0;
	int	r;

	if ((r = ber_expect(buf, len, &pos, "\x30", 1)) == 1 &&
	    (r = ber_skip_len(buf, len, &pos)) == 1 &&
	    (r = ber_expect(buf, len, &pos, "\x02\x01\x01\x61", 4)) == 1 &&
	    (r = ber_skip_len(buf, len, &pos)) == 1 &&
	    (r = ber_expect(buf, len, &pos, "\x0a\x01", 2)) == 1 &&
	    (r = pos < len ? 1 : 0) == 1)
		return U8(buf, pos);
	return r == 0 ? -1 : -2;
}

static enum check_proto_rc
ldap_verdict(const char *buf, size_t len, bool complete,
    struct check_result *res)
{
	int	code = ldap_result_code(buf, len);

	if (code == -1 && !complete)
		return CHKP_MORE;
	if (code == -1)
		return len == 0 ? empty(res, CHK_ST_L7RSP, 2) :
		    done(res, CHK_ST_L7RSP, 0, NULL);
	if (code == -2)
		return done(res, CHK_ST_L7RSP, 0, "Not LDAPv3 protocol");
	if (code != 0)
		return done(res, CHK_ST_L7STS, code,
		    "See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9");
	return done(res, CHK_ST_L7OK, 0, "Success");
}

/* ------------------------------------------------------------------ */
/* pgsql-check: a StartupMessage for the user; an ErrorResponse fails,
 * an Authentication request the check can live with passes. */

static void
put_be32(char *p, uint32_t v)
{
	p[0] = (char)(v >> 24);
	p[1] = (char)(v >> 16);
	p[2] = (char)(v >> 8);
	p[3] = (char)v;
}

static long
pgsql_request(const struct check_opts *o, char *out, size_t outsz)
{
	const char	*user = o->user != NULL ? o->user : "";
	size_t		 ulen = strlen(user), n = 8 + 5 + ulen + 2;

	if (n > outsz)
		return -1;
	put_be32(out, (uint32_t)n);
	put_be32(out + 4, 0x00030000);		/* protocol 3.0 */
	memcpy(out + 8, "user", 5);
	memcpy(out + 13, user, ulen + 1);
	out[n - 1] = '\0';			/* end of parameters */
	return (long)n;
}

/* Authentication request codes that pass: ok, Kerberos V5, cleartext,
 * crypt, MD5, SCM, GSS, SSPI, SASL (not 1, 8 = GSS continue, 11, 12). */
static bool
pgsql_auth_ok(unsigned code)
{
	return code <= 10 && code != 1 && code != 8;
}

static enum check_proto_rc
pgsql_verdict(const char *buf, size_t len, bool complete,
    struct check_result *res)
{
	if (len == 0)
		return complete ? empty(res, CHK_ST_L7RSP, 3) : CHKP_MORE;
	if (len < 5 && !complete)
		return CHKP_MORE;
	if (buf[0] == 'E') {
		/* The text after 'E', the length and the field type:
		 * the severity ("FATAL"), up to its NUL. */
		set_res(res, CHK_ST_L7RSP, 0, buf + (len > 6 ? 6 : len),
		    len > 6 ? len - 6 : 0);
		return CHKP_DONE;
	}
	if (len < 9 && !complete)
		return CHKP_MORE;
	if (len >= 9 && buf[0] == 'R' && memcmp(buf + 1, "\0\0\0", 3) == 0 &&
	    memcmp(buf + 5, "\0\0\0", 3) == 0 && pgsql_auth_ok(U8(buf, 8)))
		return done(res, CHK_ST_L7OK, 0, "PostgreSQL server is ok");
	return done(res, CHK_ST_L7STS, 0, "PostgreSQL unknown error");
}

/* ------------------------------------------------------------------ */
/* mysql-check: without a user, read the greeting only; with one, send a
 * client authentication packet (4.1 or pre-4.1) and a QUIT right after
 * connect, then want the greeting and a non-error answer. */

static long
mysql_request(const struct check_opts *o, char *out, size_t outsz)
{
	static const char auth41[] = {
		0x00, (char)0x82, 0x00, 0x00,	/* PROTOCOL_41|SECURE_CONN */
		0x00, (char)0x80, 0x00, 0x01,	/* max packet */
		0x21				/* charset */
	};
	static const char auth40[] = {
		0x00, (char)0x80,		/* SECURE_CONNECTION */
		0x00, 0x00, 0x01		/* max packet */
	};
	static const char quit[] = { 0x01, 0x00, 0x00, 0x00, 0x01 };
	size_t		 ulen, hlen, plen;

	if (o->user == NULL)
		return 0;
	ulen = strlen(o->user);
	hlen = o->mysql_pre41 ? sizeof(auth40) : sizeof(auth41) + 23;
	plen = hlen + ulen + 2;		/* user NUL, empty auth response */
	if (plen > 0xffffff || 4 + plen + sizeof(quit) > outsz)
		return -1;
	out[0] = (char)plen;
	out[1] = (char)(plen >> 8);
	out[2] = (char)(plen >> 16);
	out[3] = 0x01;			/* sequence: answers the greeting */
	memset(out + 4, 0, hlen);
	memcpy(out + 4, o->mysql_pre41 ? auth40 : auth41,
	    o->mysql_pre41 ? sizeof(auth40) : sizeof(auth41));
	memcpy(out + 4 + hlen, o->user, ulen + 1);
	out[4 + plen - 1] = 0x00;
	memcpy(out + 4 + plen, quit, sizeof(quit));
	return (long)(4 + plen + sizeof(quit));
}

/* The payload length of the packet at OFF if BUF holds all of it. */
static bool
mysql_packet(const char *buf, size_t len, size_t off, size_t *plen)
{
	if (off + 4 > len)
		return false;
	*plen = U8(buf, off) | U8(buf, off + 1) << 8 |
	    (size_t)U8(buf, off + 2) << 16;
	return off + 4 + *plen <= len;
}

/* An ERR packet (0xff) at OFF: its code and message fail the check. */
static bool
mysql_error(const char *buf, size_t off, size_t plen,
    struct check_result *res)
{
	const char	*p = buf + off + 4;

	if (plen == 0 || U8(p, 0) != 0xff)
		return false;
	set_res(res, CHK_ST_L7STS, plen >= 3 ? U8(p, 1) | U8(p, 2) << 8 : 0,
	    p + 3, plen > 3 ? plen - 3 : 0);
	return true;
}

static enum check_proto_rc
mysql_verdict(const struct check_opts *o, const char *buf, size_t len,
    bool complete, struct check_result *res)
{
	size_t	plen, plen2;

	if (len == 0)
		return complete ? empty(res, CHK_ST_L7RSP,
		    o->user != NULL ? 3 : 2) : CHKP_MORE;
	if (!mysql_packet(buf, len, 0, &plen))
		return complete ? done(res, CHK_ST_L7RSP, 0, NULL) : CHKP_MORE;
	if (mysql_error(buf, 0, plen, res))
		return CHKP_DONE;
	if (o->user != NULL) {
		if (!mysql_packet(buf, len, 4 + plen, &plen2))
			return complete ? done(res, CHK_ST_L7RSP, 0, NULL) :
			    CHKP_MORE;
		if (mysql_error(buf, 4 + plen, plen2, res))
			return CHKP_DONE;
	}
	/* Passed: the info is the server version from the greeting. */
	set_res(res, CHK_ST_L7OK, 0, buf + 5, plen > 1 ? plen - 1 : 0);
	return CHKP_DONE;
}

/* ------------------------------------------------------------------ */
/* smtpchk: banner 2xx, "HELO localhost" (or the configured hello and
 * domain) 2xx, "QUIT" 2xx; the QUIT answer is the one logged on success.
 * Only the first line of an answer counts: "^2[0-9]{2}" and then a space
 * or CR (the banner) or also '-' (the multi-line HELO/QUIT answers). */

enum { SMTP_BANNER, SMTP_HELO, SMTP_QUIT };

/* HAProxy's rule number of each stage's first expect: connect(1),
 * banner(2, 3), send HELO(4), answer(5), send QUIT(6), answer(7). */
static const unsigned smtp_step[] = { 2, 5, 7 };

static long
smtp_request(const struct check_opts *o, unsigned stage, char *out,
    size_t outsz)
{
	int	n;

	if (stage == SMTP_QUIT)
		n = snprintf(out, outsz, "QUIT\r\n");
	else if (stage == SMTP_HELO)
		n = snprintf(out, outsz, "%s %s\r\n",
		    o->smtp_hello != NULL ? o->smtp_hello : "HELO",
		    o->smtp_domain != NULL ? o->smtp_domain : "localhost");
	else
		return 0;
	return n < 0 || (size_t)n >= outsz ? -1 : n;
}

static bool
smtp_code_is(const char *buf, size_t len, char first, const char *seps)
{
	return len >= 4 && (first == 0 ? buf[0] >= '0' && buf[0] <= '9' :
	    buf[0] == first) && buf[1] >= '0' && buf[1] <= '9' &&
	    buf[2] >= '0' && buf[2] <= '9' && strchr(seps, buf[3]) != NULL &&
	    buf[3] != '\0';
}

/* The status code (its leading digits) and text of an SMTP answer. */
static enum check_proto_rc
smtp_reply(const char *buf, size_t len, enum check_status st,
    struct check_result *res)
{
	int	code = 0;
	size_t	i, t = 4;

	for (i = 0; i < 3 && i < len && buf[i] >= '0' && buf[i] <= '9'; i++)
		code = code * 10 + (buf[i] - '0');
	while (t < len && buf[t] == ' ')
		t++;
	if (t > len)
		t = len;
	set_res(res, st, code, buf + t, line_len(buf + t, len - t));
	return CHKP_DONE;
}

static enum check_proto_rc
smtp_verdict(unsigned stage, const char *buf, size_t len, bool complete,
    struct check_result *res)
{
	bool	ok;

	if (stage > SMTP_QUIT)
		return done(res, CHK_ST_L7RSP, 0, NULL);
	ok = smtp_code_is(buf, len, '2', stage == SMTP_BANNER ? " \r" :
	    "- \r");
	if (len == 0)
		return complete ? empty(res, stage == SMTP_BANNER ?
		    CHK_ST_L7RSP : CHK_ST_L7STS, smtp_step[stage]) : CHKP_MORE;
	/* The HELO answer waits on a mismatch; the others judge 4 bytes. */
	if (!ok && !complete && (stage == SMTP_HELO || len < 4))
		return CHKP_MORE;
	if (stage == SMTP_BANNER && !smtp_code_is(buf, len, 0, " \r")) {
		set_res(res, CHK_ST_L7RSP, 0, buf, line_len(buf, len));
		return CHKP_DONE;
	}
	if (!ok)
		return smtp_reply(buf, len, CHK_ST_L7STS, res);
	if (stage == SMTP_QUIT)
		return smtp_reply(buf, len, CHK_ST_L7OK, res);
	return CHKP_NEXT;
}

/* ------------------------------------------------------------------ */
/* Dispatch */

bool
check_proto_handles(enum check_type t)
{
	switch (t) {
	case CHK_MYSQL:
	case CHK_PGSQL:
	case CHK_REDIS:
	case CHK_SSL_HELLO:
	case CHK_SMTP:
	case CHK_LDAP:
		return true;
	default:
		return false;
	}
}

/* Copy the fixed request REQ (N bytes) into OUT. */
static long
fixed(const void *req, size_t n, char *out, size_t outsz)
{
	if (n > outsz)
		return -1;
	memcpy(out, req, n);
	return (long)n;
}

long
check_proto_request(enum check_type t, const struct check_opts *o,
    unsigned stage, uint32_t now_s, char *out, size_t outsz)
{
	if (t == CHK_SMTP)
		return smtp_request(o, stage, out, outsz);
	if (stage != 0)
		return 0;
	switch (t) {
	case CHK_MYSQL:
		return mysql_request(o, out, outsz);
	case CHK_PGSQL:
		return pgsql_request(o, out, outsz);
	case CHK_REDIS:
		return fixed(redis_ping, sizeof(redis_ping) - 1, out, outsz);
	case CHK_SSL_HELLO:
		return ssl_request(now_s, out, outsz);
	case CHK_LDAP:
		return fixed(ldap_bind, sizeof(ldap_bind), out, outsz);
	default:
		return 0;
	}
}

enum check_proto_rc
check_proto_verdict(enum check_type t, const struct check_opts *o,
    unsigned stage, const char *buf, size_t len, bool complete,
    struct check_result *res)
{
	switch (t) {
	case CHK_MYSQL:
		return mysql_verdict(o, buf, len, complete, res);
	case CHK_PGSQL:
		return pgsql_verdict(buf, len, complete, res);
	case CHK_REDIS:
		return redis_verdict(buf, len, complete, res);
	case CHK_SSL_HELLO:
		return ssl_verdict(buf, len, complete, res);
	case CHK_SMTP:
		return smtp_verdict(stage, buf, len, complete, res);
	case CHK_LDAP:
		return ldap_verdict(buf, len, complete, res);
	default:
		return done(res, CHK_ST_L4OK, 0, NULL);
	}
}

void
check_proto_timeout(enum check_type t, struct check_result *res)
{
	set_res(res, t == CHK_SSL_HELLO ? CHK_ST_L6TOUT : CHK_ST_L7TOUT, 0,
	    NULL, 0);
}
