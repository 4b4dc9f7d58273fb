/*
 * check_addr.c: unit tests for addr.c. Table-driven: each row is one
 * address, the use it is parsed for, and either the expected result
 * (kind, family, ports, addr_format text) or the expected error (message
 * substring and byte offset). Only getaddrinfo() touches the system.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/addr.h"

#include "base/nitems.h"

#define X10		"xxxxxxxxxx"
#define X100		X10 X10 X10 X10 X10 X10 X10 X10 X10 X10

#define OK(in, use, kind, fam, wild, lo, hi, fmt) \
	{ in, ADDR_USE_##use, 0, fmt, 0, ADDR_##kind, fam, wild, lo, hi }
#define BAD(in, use, msg, off) \
	{ in, ADDR_USE_##use, -1, msg, off, ADDR_INET, 0, false, 0, 0 }

static const struct {
	const char	*in;
	enum addr_use	 use;
	int		 want_rc;
	const char	*want;		/* addr_format text, or error text */
	size_t		 want_off;	/* error offset */
	enum addr_kind	 kind;
	int		 family;
	bool		 wildcard;
	unsigned	 lo, hi;
} cases[] = {
	/* bind: accepted forms */
	OK(":80", BIND, INET, AF_INET, true, 80, 80, "*:80"),
	OK("*:80", BIND, INET, AF_INET, true, 80, 80, "*:80"),
	OK("0.0.0.0:80", BIND, INET, AF_INET, true, 80, 80, "0.0.0.0:80"),
	OK("127.0.0.1:8080", BIND, INET, AF_INET, false, 8080, 8080,
	    "127.0.0.1:8080"),
	OK("255.255.255.255:65535", BIND, INET, AF_INET, false, 65535, 65535,
	    "255.255.255.255:65535"),
	OK(":::80", BIND, INET, AF_INET6, true, 80, 80, "[::]:80"),
	OK("[::]:443", BIND, INET, AF_INET6, true, 443, 443, "[::]:443"),
	OK("::1:80", BIND, INET, AF_INET6, false, 80, 80, "[::1]:80"),
	OK("[::1]:80", BIND, INET, AF_INET6, false, 80, 80, "[::1]:80"),
	OK("2001:db8::1:1", BIND, INET, AF_INET6, false, 1, 1,
	    "[2001:db8::1]:1"),
	OK("127.0.0.1:80-90", BIND, INET, AF_INET, false, 80, 90,
	    "127.0.0.1:80-90"),
	OK("*:80-90", BIND, INET, AF_INET, true, 80, 90, "*:80-90"),
	OK(":8080-8080", BIND, INET, AF_INET, true, 8080, 8080, "*:8080"),
	OK("ipv4@127.0.0.1:80", BIND, INET, AF_INET, false, 80, 80,
	    "ipv4@127.0.0.1:80"),
	OK("ipv6@:80", BIND, INET, AF_INET6, true, 80, 80, "ipv6@*:80"),
	OK("tcp6@[::1]:80", BIND, INET, AF_INET6, false, 80, 80,
	    "ipv6@[::1]:80"),
	OK("localhost:80", BIND, INET, AF_UNSPEC, false, 80, 80,
	    "localhost:80"),
	OK("unix@/run/hapx.sock", BIND, UNIX, AF_UNIX, false, 0, 0,
	    "unix@/run/hapx.sock"),
	OK("/run/hapx.sock", BIND, UNIX, AF_UNIX, false, 0, 0,
	    "unix@/run/hapx.sock"),
	OK("/" X100 "xxxxxx", BIND, UNIX, AF_UNIX, false, 0, 0,
	    "unix@/" X100 "xxxxxx"),
	OK("abns@hapx", BIND, ABNS, AF_UNIX, false, 0, 0, "abns@hapx"),
	OK("fd@3", BIND, FD, AF_UNSPEC, false, 0, 0, "fd@3"),
	OK("sockpair@4", BIND, SOCKPAIR, AF_UNSPEC, false, 0, 0, "sockpair@4"),

	/* server: accepted forms */
	OK("127.0.0.1", SERVER, INET, AF_INET, false, 0, 0, "127.0.0.1"),
	OK("127.0.0.1:0", SERVER, INET, AF_INET, false, 0, 0, "127.0.0.1:0"),
	OK("127.0.0.1:+1000", SERVER, INET, AF_INET, false, 0, 0,
	    "127.0.0.1:+1000"),
	OK("127.0.0.1:-1", SERVER, INET, AF_INET, false, 0, 0,
	    "127.0.0.1:-1"),
	OK("[::1]", SERVER, INET, AF_INET6, false, 0, 0, "[::1]"),
	OK("::1:80", SERVER, INET, AF_INET6, false, 80, 80, "[::1]:80"),
	OK("fe80::1", SERVER, INET, AF_INET6, false, 0, 0, "[fe80::1]"),
	OK("0.0.0.0", SERVER, INET, AF_INET, true, 0, 0, "0.0.0.0"),
	OK("app-1.int_x.example:8080", SERVER, INET, AF_UNSPEC, false, 8080,
	    8080, "app-1.int_x.example:8080"),
	OK("1.2.3.com:80", SERVER, INET, AF_UNSPEC, false, 80, 80,
	    "1.2.3.com:80"),
	OK("ipv6@localhost:80", SERVER, INET, AF_UNSPEC, false, 80, 80,
	    "ipv6@localhost:80"),
	OK("unix@/var/run/app.sock", SERVER, UNIX, AF_UNIX, false, 0, 0,
	    "unix@/var/run/app.sock"),
	OK("abns@app", SERVER, ABNS, AF_UNIX, false, 0, 0, "abns@app"),

	/* log, peer, check: accepted forms */
	OK("127.0.0.1", LOG, INET, AF_INET, false, 514, 514, "127.0.0.1"),
	OK("127.0.0.1:1514", LOG, INET, AF_INET, false, 1514, 1514,
	    "127.0.0.1:1514"),
	OK("/dev/log", LOG, UNIX, AF_UNIX, false, 0, 0, "unix@/dev/log"),
	OK("uxdg@/dev/log", LOG, UNIX, AF_UNIX, false, 0, 0,
	    "unix@/dev/log"),
	OK("stdout", LOG, STDIO, AF_UNSPEC, false, 0, 0, "stdout"),
	OK("stderr", LOG, STDIO, AF_UNSPEC, false, 0, 0, "stderr"),
	OK("fd@1", LOG, FD, AF_UNSPEC, false, 0, 0, "fd@1"),
	OK("udp@127.0.0.1:514", LOG, INET, AF_INET, false, 514, 514,
	    "127.0.0.1:514"),
	OK("udp6@[::1]:514", LOG, INET, AF_INET6, false, 514, 514,
	    "ipv6@[::1]:514"),
	OK("udp4@logs.example.com", LOG, INET, AF_UNSPEC, false, 514, 514,
	    "ipv4@logs.example.com"),
	OK("10.0.0.2:10000", PEER, INET, AF_INET, false, 10000, 10000,
	    "10.0.0.2:10000"),
	OK("10.0.0.3", CHECK, INET, AF_INET, false, 0, 0, "10.0.0.3"),
	OK("::1:80", CHECK, INET, AF_INET6, false, 0, 0, "[::1:80]"),
	OK("[::1]", CHECK, INET, AF_INET6, false, 0, 0, "[::1]"),

	/* errors: empty, host */
	BAD("", BIND, "empty address", 0),
	BAD("1.2.3:80", BIND, "invalid IPv4 address '1.2.3'", 0),
	BAD("10.0.0.300:80", BIND, "invalid IPv4 address '10.0.0.300'", 0),
	BAD("01.2.3.4:80", BIND, "invalid IPv4 address '01.2.3.4'", 0),
	BAD("1:80", BIND, "invalid IPv4 address '1'", 0),
	BAD("[1.2.3.4]:80", SERVER, "invalid IPv6 address '1.2.3.4'", 1),
	BAD("1.2.3.4:80:90", SERVER, "invalid IPv6 address '1.2.3.4:80'", 0),
	BAD("[::1:80", SERVER, "missing ']' in '[::1:80'", 0),
	BAD("[::1]x", SERVER, "unexpected character 'x' after ']'", 5),
	BAD("bad$host:80", SERVER,
	    "invalid character '$' in host name 'bad$host'", 3),
	BAD("a..b:80", SERVER, "empty label in host name 'a..b'", 2),
	OK(":80", SERVER, INET, AF_INET, true, 80, 80, "*:80"),
	OK("*:80", SERVER, INET, AF_INET, true, 80, 80, "*:80"),
	BAD("*:80", PEER, "wildcard '*' not allowed in a peer address", 0),
	BAD(":514", LOG, "missing host in ':514'", 0),
	BAD("ipv6@1.2.3.4:80", BIND,
	    "IPv4 address '1.2.3.4' not allowed after 'ipv6@'", 5),
	BAD("ipv4@[::1]:80", SERVER,
	    "IPv6 address '::1' not allowed after 'ipv4@'", 6),

	/* errors: port */
	BAD("127.0.0.1", BIND,
	    "missing port in '127.0.0.1' (bind needs ADDR:PORT)", 9),
	BAD("10.0.0.1", PEER,
	    "missing port in '10.0.0.1' (peer needs ADDR:PORT)", 8),
	BAD("127.0.0.1:", BIND, "missing port after ':' in '127.0.0.1:'", 10),
	BAD(":80x0", BIND, "invalid character 'x' in port '80x0'", 3),
	BAD("127.0.0.1:80x", SERVER, "invalid character 'x' in port '80x'",
	    12),
	BAD(":http", BIND, "invalid character 'h' in port 'http'", 1),
	BAD(":0", BIND, "port 0 out of range 1-65535", 1),
	BAD(":70000", BIND, "port 70000 out of range 1-65535", 1),
	BAD(":99999999999999999999", BIND,
	    "port 99999999999999999999 out of range", 1),
	BAD("127.0.0.1:70000", SERVER, "port 70000 out of range 0-65535", 10),
	BAD("127.0.0.1:0", LOG, "port 0 out of range 1-65535", 10),
	BAD(":+1", BIND, "port offset '+1' not allowed in a bind address", 1),
	BAD(":-1", BIND, "port offset '-1' not allowed in a bind address", 1),
	BAD("10.0.0.1:+1", PEER,
	    "port offset '+1' not allowed in a peer address", 9),
	BAD("127.0.0.1:+", SERVER, "invalid port offset '+'", 10),
	BAD("127.0.0.1:+1x", SERVER, "invalid character 'x' in port '+1x'",
	    12),
	BAD("127.0.0.1:+70000", SERVER, "port offset '+70000' out of range",
	    10),
	BAD(":90-80", BIND, "invalid port range '90-80'", 1),
	BAD(":80-", BIND, "invalid port range '80-'", 4),
	BAD(":80-9x", BIND, "invalid character 'x' in port '80-9x'", 5),
	BAD(":0-10", BIND, "port 0 out of range 1-65535", 1),
	BAD("127.0.0.1:8000-8010", SERVER,
	    "port range '8000-8010' not allowed for a server address", 10),
	BAD("127.0.0.1:80", CHECK, "port not allowed in a check address", 9),

	/* errors: prefixes, paths, fds */
	BAD("foo@1.2.3.4:80", BIND, "unknown address prefix 'foo@'", 0),
	BAD("sockpair@3", LOG,
	    "address prefix 'sockpair@' is not allowed in a log address", 0),
	BAD("sockpair@x", BIND,
	    "invalid character 'x' in file descriptor 'x'", 9),
	BAD("stream+ipv4@:80", BIND,
	    "address prefix 'stream+ipv4@' is not supported", 0),
	BAD("udp@:514", BIND,
	    "address prefix 'udp@' is not allowed in a bind address", 0),
	BAD("fd@3", SERVER,
	    "address prefix 'fd@' is not allowed in a server address", 0),
	BAD("unix@", BIND, "missing path after 'unix@'", 5),
	BAD("/" X100 "xxxxxxx", BIND,
	    "UNIX socket path too long (108 bytes, max 107)", 0),
	BAD("abns@" X100 "xxxxxxxx", BIND,
	    "abstract socket name too long (108 bytes, max 107)", 5),
	BAD("/tmp/x", CHECK,
	    "UNIX socket path is not allowed in a check address", 0),
	BAD("fd@", LOG, "missing file descriptor number after 'fd@'", 3),
	BAD("fd@1x", LOG, "invalid character 'x' in file descriptor '1x'", 4),
	BAD("fd@99999999999", BIND,
	    "file descriptor '99999999999' out of range", 3),
};

/* One row of cases[]: parse, then compare the result or the error. */
START_TEST(test_parse)
{
	struct addr_spec	 a;
	char			 err[256], buf[512];
	size_t			 off = 12345;
	int			 rc;

	rc = addr_parse(cases[_i].in, cases[_i].use, &a, err, sizeof(err),
	    &off);
	ck_assert_msg(rc == cases[_i].want_rc, "row %d '%s': rc %d (%s)",
	    _i, cases[_i].in, rc, rc == 0 ? "" : err);
	if (rc == -1) {
		ck_assert_msg(strstr(err, cases[_i].want) != NULL,
		    "row %d '%s': message '%s' lacks '%s'", _i,
		    cases[_i].in, err, cases[_i].want);
		ck_assert_msg(off == cases[_i].want_off,
		    "row %d '%s': offset %zu, want %zu", _i, cases[_i].in,
		    off, cases[_i].want_off);
		return;
	}
	ck_assert_msg(a.kind == cases[_i].kind && a.family ==
	    cases[_i].family && a.wildcard == cases[_i].wildcard,
	    "row %d '%s': kind %d family %d wildcard %d", _i, cases[_i].in,
	    a.kind, a.family, a.wildcard);
	ck_assert_msg(a.port_lo == cases[_i].lo && a.port_hi == cases[_i].hi,
	    "row %d '%s': ports %u-%u", _i, cases[_i].in, a.port_lo,
	    a.port_hi);
	ck_assert_msg(strcmp(addr_format(&a, buf, sizeof(buf)),
	    cases[_i].want) == 0, "row %d '%s': formatted '%s', want '%s'",
	    _i, cases[_i].in, buf, cases[_i].want);
}
END_TEST

/* Each accepted row, formatted and parsed again, gives the same spec. */
START_TEST(test_roundtrip)
{
	struct addr_spec	 a, b;
	char			 err[256], buf[512];
	size_t			 off;

	if (cases[_i].want_rc != 0)
		return;
	ck_assert_int_eq(addr_parse(cases[_i].in, cases[_i].use, &a, err,
	    sizeof(err), &off), 0);
	addr_format(&a, buf, sizeof(buf));
	ck_assert_msg(addr_parse(buf, cases[_i].use, &b, err, sizeof(err),
	    &off) == 0, "row %d '%s' -> '%s': %s", _i, cases[_i].in, buf,
	    err);
	ck_assert_msg(a.kind == b.kind && a.family == b.family &&
	    a.force_family == b.force_family && a.wildcard == b.wildcard &&
	    a.has_port == b.has_port && a.port_relative == b.port_relative &&
	    a.port_offset == b.port_offset && a.port_lo == b.port_lo &&
	    a.port_hi == b.port_hi && strcmp(a.host, b.host) == 0 &&
	    strcmp(a.path, b.path) == 0 && a.sslen == b.sslen &&
	    memcmp(&a.ss, &b.ss, a.sslen) == 0,
	    "row %d '%s' -> '%s': specs differ", _i, cases[_i].in, buf);
}
END_TEST

/* Numeric addresses fill ss with the port in network order. */
START_TEST(test_sockaddr)
{
	struct addr_spec	 a;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&a.ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&a.ss;
	char			 err[128];

	ck_assert_int_eq(addr_parse("10.1.2.3:8443", ADDR_USE_SERVER, &a,
	    err, sizeof(err), NULL), 0);
	ck_assert_uint_eq(a.sslen, sizeof(*sin));
	ck_assert_int_eq(sin->sin_family, AF_INET);
	ck_assert_uint_eq(ntohs(sin->sin_port), 8443);
	ck_assert_uint_eq(ntohl(sin->sin_addr.s_addr), 0x0a010203);
	ck_assert_str_eq(a.host, "10.1.2.3");

	ck_assert_int_eq(addr_parse("::1:80", ADDR_USE_BIND, &a, err,
	    sizeof(err), NULL), 0);
	ck_assert_uint_eq(a.sslen, sizeof(*sin6));
	ck_assert_uint_eq(ntohs(sin6->sin6_port), 80);
	ck_assert(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr));

	/* The relative offset is kept apart; ss carries port 0. */
	ck_assert_int_eq(addr_parse("127.0.0.1:-20", ADDR_USE_SERVER, &a, err,
	    sizeof(err), NULL), 0);
	ck_assert(a.port_relative && a.has_port);
	ck_assert_int_eq(a.port_offset, -20);
	ck_assert_uint_eq(ntohs(sin->sin_port), 0);
}
END_TEST

/* localhost resolves (IPv4 first) and keeps the parsed port. */
START_TEST(test_resolve_localhost)
{
	struct addr_spec	 a;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&a.ss;
	char			 err[128];

	ck_assert_int_eq(addr_parse("localhost:8080", ADDR_USE_SERVER, &a,
	    err, sizeof(err), NULL), 0);
	ck_assert_int_eq(a.family, AF_UNSPEC);
	ck_assert_uint_eq(a.sslen, 0);
	ck_assert_msg(addr_resolve(&a, err, sizeof(err)) == 0, "%s", err);
	ck_assert(a.family == AF_INET || a.family == AF_INET6);
	if (a.family == AF_INET) {
		ck_assert_uint_eq(a.sslen, sizeof(*sin));
		ck_assert_uint_eq(ntohs(sin->sin_port), 8080);
		ck_assert_uint_eq(ntohl(sin->sin_addr.s_addr) >> 24, 127);
	}
	ck_assert_str_eq(a.host, "localhost");
}
END_TEST

/* An unresolvable name fails with HAProxy's wording (spec §3.4). */
START_TEST(test_resolve_fail)
{
	struct addr_spec	 a;
	char			 err[128];

	ck_assert_int_eq(addr_parse("nonexistent.invalid:80",
	    ADDR_USE_SERVER, &a, err, sizeof(err), NULL), 0);
	ck_assert_int_eq(addr_resolve(&a, err, sizeof(err)), -1);
	ck_assert_str_eq(err,
	    "could not resolve address 'nonexistent.invalid'");
}
END_TEST

/* Resolving a numeric or UNIX address changes nothing. */
START_TEST(test_resolve_noop)
{
	struct addr_spec	 a, b;
	char			 err[128];

	ck_assert_int_eq(addr_parse("192.0.2.1:80", ADDR_USE_SERVER, &a, err,
	    sizeof(err), NULL), 0);
	b = a;
	ck_assert_int_eq(addr_resolve(&a, err, sizeof(err)), 0);
	ck_assert(memcmp(&a, &b, sizeof(a)) == 0);
	ck_assert_int_eq(addr_parse("/dev/log", ADDR_USE_LOG, &a, err,
	    sizeof(err), NULL), 0);
	b = a;
	ck_assert_int_eq(addr_resolve(&a, err, sizeof(err)), 0);
	ck_assert(memcmp(&a, &b, sizeof(a)) == 0);
}
END_TEST

/* Small or absent error buffers and a NULL offset are safe. */
START_TEST(test_small_buffers)
{
	struct addr_spec	 a;
	char			 err[8], buf[6];

	ck_assert_int_eq(addr_parse(":80x0", ADDR_USE_BIND, &a, NULL, 0,
	    NULL), -1);
	ck_assert_int_eq(addr_parse(":80x0", ADDR_USE_BIND, &a, err,
	    sizeof(err), NULL), -1);
	ck_assert_str_eq(err, "invalid");
	ck_assert_int_eq(addr_parse("127.0.0.1:80", ADDR_USE_BIND, &a, err,
	    sizeof(err), NULL), 0);
	ck_assert_str_eq(addr_format(&a, buf, sizeof(buf)), "127.0");
	ck_assert_ptr_eq(addr_format(&a, buf, 0), buf);
}
END_TEST

/* The suite for addr.c. */
static Suite *
addr_suite(void)
{
	Suite	*s = suite_create("addr");
	TCase	*tc = tcase_create("addr");

	tcase_set_timeout(tc, 30);	/* getaddrinfo may wait on DNS */
	tcase_add_loop_test(tc, test_parse, 0, nitems(cases));
	tcase_add_loop_test(tc, test_roundtrip, 0, nitems(cases));
	tcase_add_test(tc, test_sockaddr);
	tcase_add_test(tc, test_resolve_localhost);
	tcase_add_test(tc, test_resolve_fail);
	tcase_add_test(tc, test_resolve_noop);
	tcase_add_test(tc, test_small_buffers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(addr_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
