/*
 * check_proxy_proto.c: unit tests for proxy_proto.c.  Table-driven v1
 * and v2 headers (accepted ones with the addresses they announce, each
 * also cut at every length to check it asks for more; rejected ones with
 * their reason), and build -> parse round trips.  No sockets.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "http/proxy_proto.h"

#include "base/nitems.h"

#define IN(s)		s, sizeof(s) - 1
#define V2SIG		"\r\n\r\n\0\r\nQUIT\n"

struct good {
	const char	*in;
	size_t		 n;
	size_t		 len;		/* header length */
	int		 version;
	bool		 local;
	const char	*src, *dst;	/* "addr port" */
};

static const struct good good_cases[] = {
	{ IN("PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET /"), 38, 1, false,
	    "1.2.3.4 1111", "5.6.7.8 2222" },
	{ IN("PROXY TCP6 ::1 2001:db8::2 65535 0\r\n"), 36, 1, false,
	    "::1 65535", "2001:db8::2 0" },
	{ IN("PROXY TCP4 1.2.3.4 5.6.7.8 01111 2222\r\n"), 39, 1, false,
	    "1.2.3.4 1111", "5.6.7.8 2222" },
	{ IN("PROXY UNKNOWN\r\nxyz"), 15, 1, true, NULL, NULL },
	{ IN("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n"), 35, 1, true, NULL,
	    NULL },
	{ IN(V2SIG "\x21\x11\x00\x0c\x01\x02\x03\x04\x05\x06\x07\x08"
	    "\x00\x10\x00\x20" "GET"), 28, 2, false, "1.2.3.4 16",
	    "5.6.7.8 32" },
	/* with a TLV after the addresses: skipped */
	{ IN(V2SIG "\x21\x11\x00\x10\x01\x02\x03\x04\x05\x06\x07\x08"
	    "\x00\x10\x00\x20\x04\x00\x01\x00"), 32, 2, false, "1.2.3.4 16",
	    "5.6.7.8 32" },
	{ IN(V2SIG "\x21\x21\x00\x24"
	    "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01"
	    "\x04\xd2\x00\x50"), 52, 2, false, "2001:db8::1 1234", "::1 80" },
	/* LOCAL, UNSPEC, UNIX: the real addresses stay */
	{ IN(V2SIG "\x20\x00\x00\x00GET"), 16, 2, true, NULL, NULL },
	{ IN(V2SIG "\x20\x11\x00\x0c\x01\x02\x03\x04\x05\x06\x07\x08"
	    "\x00\x10\x00\x20"), 28, 2, true, NULL, NULL },
	{ IN(V2SIG "\x21\x00\x00\x00"), 16, 2, true, NULL, NULL },
	{ IN(V2SIG "\x21\x31\x00\x02xx"), 18, 2, true, NULL, NULL },
};

struct bad {
	const char	*in;
	size_t		 n;
	const char	*why;		/* a word of the reason */
};

static const struct bad bad_cases[] = {
	{ IN("GET / HTTP/1.1\r\n"), "does not look" },
	{ IN("GARBAGE"), "does not look" },
	{ IN("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n"), "does not look" },
	{ IN("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n"), "unhandled" },
	{ IN("PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\n"), "invalid" },
	{ IN("PROXY TCP4 1.2.3.4 5.6.7.8 1111\r\n"), "invalid" },
	{ IN("PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222 3\r\n"), "invalid" },
	{ IN("PROXY TCP4 1.2.3.4  5.6.7.8 1111 2222\r\n"), "invalid" },
	{ IN("PROXY TCP4 1.2.3.256 5.6.7.8 1111 2222\r\n"), "invalid" },
	{ IN("PROXY TCP4 ::1 5.6.7.8 1111 2222\r\n"), "invalid" },
	{ IN("PROXY TCP6 1.2.3.4 ::1 1111 2222\r\n"), "invalid" },
	{ IN("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2222\r\n"), "invalid" },
	{ IN("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2222\r\n"), "invalid" },
	{ IN("PROXY TCP4 1.2.3.4 5.6.7.8 1111 \r\n"), "invalid" },
	{ IN("PROXY TCP4 1.2.3.4 5.6.7.8 1111 22222222222222222222222222"
	    "222222222222222222222222222222222222222222222222222222222222"),
	    "invalid" },	/* no CRLF within 107 bytes */
	{ IN(V2SIG "\x11\x11\x00\x00"), "version 2" },	/* version 1 */
	{ IN(V2SIG "\x22\x11\x00\x00"), "version 2" },	/* command 2 */
	{ IN(V2SIG "\x21\x11\x00\x08\x01\x02\x03\x04\x05\x06\x07\x08"),
	    "version 2" },	/* too short for IPv4 */
	{ IN(V2SIG "\x21\x21\x00\x0c\x01\x02\x03\x04\x05\x06\x07\x08"
	    "\x00\x10\x00\x20"), "version 2" },	/* too short for IPv6 */
};

/* "addr port" of SS. */
static void
fmt(const struct sockaddr_storage *ss, char *out, size_t len)
{
	char	a[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in	*in = (const void *)ss;

		inet_ntop(AF_INET, &in->sin_addr, a, sizeof(a));
		snprintf(out, len, "%s %u", a, ntohs(in->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6	*in6 = (const void *)ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, a, sizeof(a));
		snprintf(out, len, "%s %u", a, ntohs(in6->sin6_port));
	} else
		snprintf(out, len, "family %d", ss->ss_family);
}

START_TEST(test_good)
{
	const struct good	*c = &good_cases[_i];
	struct pp_result	 r;
	char			 a[80];

	ck_assert_int_eq(pp_parse(c->in, c->n, &r), PP_DONE);
	ck_assert_uint_eq(r.len, c->len);
	ck_assert_int_eq(r.version, c->version);
	ck_assert_int_eq(r.local, c->local);
	if (c->local)
		return;
	fmt(&r.src, a, sizeof(a));
	ck_assert_str_eq(a, c->src);
	fmt(&r.dst, a, sizeof(a));
	ck_assert_str_eq(a, c->dst);
}
END_TEST

/* Every cut of a good header short of its end asks for more. */
START_TEST(test_good_truncated)
{
	const struct good	*c = &good_cases[_i];
	struct pp_result	 r;
	size_t			 n;

	for (n = 0; n < c->len; n++)
		ck_assert_msg(pp_parse(c->in, n, &r) == PP_NEED_MORE,
		    "case %d cut at %zu", _i, n);
}
END_TEST

START_TEST(test_bad)
{
	const struct bad	*c = &bad_cases[_i];
	struct pp_result	 r;

	ck_assert_int_eq(pp_parse(c->in, c->n, &r), PP_ERROR);
	ck_assert_ptr_nonnull(r.err);
	ck_assert_msg(strstr(r.err, c->why) != NULL, "case %d: %s", _i,
	    r.err);
}
END_TEST

/* Garbage is refused from its first wrong byte. */
START_TEST(test_bad_early)
{
	struct pp_result	r;

	ck_assert_int_eq(pp_parse("G", 1, &r), PP_ERROR);
	ck_assert_int_eq(pp_parse("PROX", 4, &r), PP_NEED_MORE);
	ck_assert_int_eq(pp_parse("PROXX", 5, &r), PP_ERROR);
	ck_assert_int_eq(pp_parse("\r\n\r\n\0\r", 6, &r), PP_NEED_MORE);
	ck_assert_int_eq(pp_parse("\r\n\r\n\0\n", 6, &r), PP_ERROR);
}
END_TEST

static void
mk4(struct sockaddr_storage *ss, const char *a, unsigned port)
{
	struct sockaddr_in	*in = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	in->sin_family = AF_INET;
	in->sin_port = htons((uint16_t)port);
	ck_assert_int_eq(inet_pton(AF_INET, a, &in->sin_addr), 1);
}

static void
mk6(struct sockaddr_storage *ss, const char *a, unsigned port)
{
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	in6->sin6_family = AF_INET6;
	in6->sin6_port = htons((uint16_t)port);
	ck_assert_int_eq(inet_pton(AF_INET6, a, &in6->sin6_addr), 1);
}

START_TEST(test_build_v1)
{
	struct sockaddr_storage	 s, d;
	char			 buf[PP_V1_MAX + 1], a[80];
	struct pp_result	 r;
	size_t			 n;

	mk4(&s, "127.0.0.1", 40000);
	mk4(&d, "10.0.0.2", 80);
	n = pp_build_v1(buf, sizeof(buf), (void *)&s, (void *)&d);
	ck_assert_str_eq(buf, "PROXY TCP4 127.0.0.1 10.0.0.2 40000 80\r\n");
	ck_assert_uint_eq(n, strlen(buf));
	ck_assert_int_eq(pp_parse(buf, n, &r), PP_DONE);
	ck_assert_uint_eq(r.len, n);
	fmt(&r.src, a, sizeof(a));
	ck_assert_str_eq(a, "127.0.0.1 40000");

	mk6(&s, "2001:db8::1", 1);
	mk6(&d, "::1", 65535);
	n = pp_build_v1(buf, sizeof(buf), (void *)&s, (void *)&d);
	ck_assert_str_eq(buf, "PROXY TCP6 2001:db8::1 ::1 1 65535\r\n");
	/* mixed families: IPv4 mapped into IPv6 */
	mk4(&s, "1.2.3.4", 5);
	n = pp_build_v1(buf, sizeof(buf), (void *)&s, (void *)&d);
	ck_assert_str_eq(buf, "PROXY TCP6 ::ffff:1.2.3.4 ::1 5 65535\r\n");
	ck_assert_int_eq(pp_parse(buf, n, &r), PP_DONE);
	/* the longest TCP6 line, within PP_V1_MAX */
	mk6(&s, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535);
	mk6(&d, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535);
	n = pp_build_v1(buf, sizeof(buf), (void *)&s, (void *)&d);
	ck_assert_uint_eq(n, 104);
	ck_assert_int_eq(pp_parse(buf, n, &r), PP_DONE);
	/* not IP */
	memset(&s, 0, sizeof(s));
	s.ss_family = AF_UNIX;
	n = pp_build_v1(buf, sizeof(buf), (void *)&s, (void *)&d);
	ck_assert_str_eq(buf, "PROXY UNKNOWN\r\n");
	ck_assert_uint_eq(pp_build_v1(buf, 10, (void *)&d, (void *)&d), 0);
}
END_TEST

START_TEST(test_build_v2)
{
	struct sockaddr_storage	 s, d;
	unsigned char		 buf[PP_V2_BUILD_MAX];
	struct pp_result	 r;
	char			 a[80];
	size_t			 n;

	mk4(&s, "127.0.0.1", 40000);
	mk4(&d, "10.0.0.2", 80);
	n = pp_build_v2(buf, sizeof(buf), (void *)&s, (void *)&d);
	ck_assert_uint_eq(n, 28);
	ck_assert_int_eq(memcmp(buf, V2SIG "\x21\x11\x00\x0c\x7f\x00\x00\x01"
	    "\x0a\x00\x00\x02\x9c\x40\x00\x50", 28), 0);
	ck_assert_int_eq(pp_parse(buf, n, &r), PP_DONE);
	ck_assert_uint_eq(r.len, 28);

	mk6(&s, "2001:db8::1", 1234);
	mk6(&d, "::1", 80);
	n = pp_build_v2(buf, sizeof(buf), (void *)&s, (void *)&d);
	ck_assert_uint_eq(n, 52);
	ck_assert_int_eq(pp_parse(buf, n, &r), PP_DONE);
	ck_assert_int_eq(r.local, false);
	fmt(&r.src, a, sizeof(a));
	ck_assert_str_eq(a, "2001:db8::1 1234");
	fmt(&r.dst, a, sizeof(a));
	ck_assert_str_eq(a, "::1 80");

	memset(&s, 0, sizeof(s));
	s.ss_family = AF_UNIX;
	n = pp_build_v2(buf, sizeof(buf), (void *)&s, (void *)&d);
	ck_assert_uint_eq(n, 16);
	ck_assert_int_eq(memcmp(buf, V2SIG "\x20\x00\x00\x00", 16), 0);
	ck_assert_int_eq(pp_parse(buf, n, &r), PP_DONE);
	ck_assert_int_eq(r.local, true);
	ck_assert_uint_eq(pp_build_v2(buf, 20, (void *)&d, (void *)&d), 0);
}
END_TEST

static Suite *
pp_suite(void)
{
	Suite	*s = suite_create("proxy_proto");
	TCase	*tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_good, 0, (int)nitems(good_cases));
	tcase_add_loop_test(tc, test_good_truncated, 0,
	    (int)nitems(good_cases));
	tcase_add_loop_test(tc, test_bad, 0, (int)nitems(bad_cases));
	tcase_add_test(tc, test_bad_early);
	suite_add_tcase(s, tc);
	tc = tcase_create("build");
	tcase_add_test(tc, test_build_v1);
	tcase_add_test(tc, test_build_v2);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(pp_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
