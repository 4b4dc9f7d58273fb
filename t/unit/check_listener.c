/*
 * check_listener.c: unit tests for the keys that match a listening
 * socket to a bind across a reload or a -x hand-over (listener_key) and
 * the table of inherited sockets (listen_fds_*).  No socket is opened:
 * the table holds pipe descriptors.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "base/addr.h"
#include "base/nitems.h"
#include "model/cfg_model.h"
#include "engine/listener.h"

/* Two specs, and whether they must share a key. */
static const struct {
	const char	*a, *b;		/* addresses */
	unsigned	 pa, pb;	/* ports */
	bool		 v6a, v6b;	/* bind "v6only" */
	unsigned	 ma, mb;	/* UNIX mode */
	bool		 same;
} cases[] = {
	{ "127.0.0.1:80", "127.0.0.1:80", 80, 80, 0, 0, 0, 0, true },
	{ "127.0.0.1:80", "127.0.0.1:81", 80, 81, 0, 0, 0, 0, false },
	{ "127.0.0.1:80", "127.0.0.2:80", 80, 80, 0, 0, 0, 0, false },
	{ ":80", "0.0.0.0:80", 80, 80, 0, 0, 0, 0, true },
	{ "[::]:80", "[::]:80", 80, 80, false, true, 0, 0, false },
	{ "/tmp/a.sock", "/tmp/a.sock", 0, 0, 0, 0, 0600, 0600, true },
	{ "/tmp/a.sock", "/tmp/a.sock", 0, 0, 0, 0, 0600, 0660, false },
	{ "/tmp/a.sock", "/tmp/b.sock", 0, 0, 0, 0, 0, 0, false },
	{ "abns@x", "/x", 0, 0, 0, 0, 0, 0, false },
	{ "fd@3", "fd@3", 0, 0, 0, 0, 0, 0, true },
	{ "fd@3", "fd@4", 0, 0, 0, 0, 0, 0, false },
};

static void
key_of(const char *addr, unsigned port, bool v6only, unsigned mode,
    char *buf, size_t len)
{
	struct addr_spec	a;
	struct bind_conf	bc;
	struct listen_spec	ls;
	char			err[128];
	size_t			off;

	ck_assert_msg(addr_parse(addr, ADDR_USE_BIND, &a, err, sizeof(err),
	    &off) == 0, "%s: %s", addr, err);
	memset(&bc, 0, sizeof(bc));
	bc.v6only = v6only;
	memset(&ls, 0, sizeof(ls));
	ls.addr = &a;
	ls.port = port;
	ls.bc = &bc;
	ls.mode = mode;
	ls.uid = ls.gid = -1;
	listener_key(&ls, buf, len);
}

START_TEST(test_key)
{
	char	ka[512], kb[512];

	key_of(cases[_i].a, cases[_i].pa, cases[_i].v6a, cases[_i].ma, ka,
	    sizeof(ka));
	key_of(cases[_i].b, cases[_i].pb, cases[_i].v6b, cases[_i].mb, kb,
	    sizeof(kb));
	ck_assert_msg((strcmp(ka, kb) == 0) == cases[_i].same,
	    "%s / %s: '%s' vs '%s'", cases[_i].a, cases[_i].b, ka, kb);
}
END_TEST

/* A socket is taken once; what is not taken is closed by clear. */
START_TEST(test_take)
{
	struct listen_fds	fds = { NULL, 0 };
	int			p[2], q[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(pipe(q), 0);
	ck_assert_int_eq(listen_fds_add(&fds, "k1", p[0]), 0);
	ck_assert_int_eq(listen_fds_add(&fds, "k2", q[0]), 0);
	ck_assert_int_eq(listen_fds_take(&fds, "nope"), -1);
	ck_assert_int_eq(listen_fds_take(&fds, "k1"), p[0]);
	ck_assert_int_eq(listen_fds_take(&fds, "k1"), -1);
	ck_assert_int_eq(listen_fds_take(NULL, "k1"), -1);
	listen_fds_clear(&fds);
	ck_assert_int_eq(fds.n, 0);
	ck_assert_int_ge(fcntl(p[0], F_GETFD), 0);	/* taken: ours */
	ck_assert_int_lt(fcntl(q[0], F_GETFD), 0);	/* closed by clear */
	close(p[0]);
	close(p[1]);
	close(q[1]);
}
END_TEST

static Suite *
listener_suite(void)
{
	Suite	*s = suite_create("listener");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_key, 0, nitems(cases));
	tcase_add_test(tc, test_take);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(listener_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
