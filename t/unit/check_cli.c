/*
 * check_cli: the runtime API's front end (cli.c) through
 * cli_conn_attach(), over a socketpair: how a line becomes commands
 * (';', '\' escapes, "<<" payloads), the framing of the answers (the
 * empty line, the interactive prompt), levels, and when the connection
 * closes.  The texts are HAProxy 2.6's.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "base/diag.h"
#include "base/nitems.h"
#include "cfg/cfg_load.h"
#include "model/cfg_model.h"
#include "engine/cli.h"
#include "engine/engine.h"

/* No listener at all: the test opens no socket but its socketpair. */
static const char cfg_text[] =
	"defaults\n"
	"\tmode http\n"
	"\ttimeout connect 1s\n"
	"\ttimeout client 1s\n"
	"\ttimeout server 1s\n"
	"backend b\n"
	"\tserver s 127.0.0.1:9\n";

static const struct {
	enum cli_level	 level;
	const char	*in;		/* what the client sends, then EOF */
	const char	*want;		/* the whole answer */
	bool		 prefix;	/* WANT starts the answer */
} rows[] = {
	{ CLI_LVL_OPERATOR, "show cli level\n", "operator\n\n", false },
	/* one line only, then close */
	{ CLI_LVL_OPERATOR, "show cli level\nshow cli level\n",
	    "operator\n\n", false },
	/* the last line needs no end of line */
	{ CLI_LVL_ADMIN, "show cli level", "admin\n\n", false },
	{ CLI_LVL_ADMIN, "show cli level\r\n", "admin\n\n", false },
	{ CLI_LVL_ADMIN, "user; show cli level; operator\n",
	    "\nuser\n\nPermission denied\n\n", false },
	{ CLI_LVL_ADMIN, "operator;show cli level\n", "\noperator\n\n",
	    false },
	{ CLI_LVL_USER, "set severity-output number; operator\n",
	    "\n[3]: Permission denied\n\n", false },
	{ CLI_LVL_USER, "set severity-output string; show cli level\n",
	    "\n[info]: user\n\n", false },
	{ CLI_LVL_USER, "show  cli\tlevel\n", "user\n\n", false },
	{ CLI_LVL_USER, "show\\ cli level\n", "Unknown command, but maybe "
	    "one of the following ones is a better match:\n", true },
	{ CLI_LVL_USER, "show cli level\\;x\n", "Unknown command, but maybe",
	    true },
	{ CLI_LVL_USER, "\n", "Unknown command. Please enter one of the "
	    "following commands only:\n", true },
	{ CLI_LVL_USER, "set timeout cli 0\n", "Invalid timeout value.\n\n",
	    false },
	{ CLI_LVL_USER, "set timeout cli\n", "Expects an integer value.\n\n",
	    false },
	{ CLI_LVL_USER, "set timeout client 3\n",
	    "'set timeout' only supports 'cli'.\n\n", false },
	{ CLI_LVL_USER, "set timeout cli 3s\n", "\n", false },
	/* interactive */
	{ CLI_LVL_ADMIN, "prompt\nshow cli level\nquit\nshow cli level\n",
	    "\n> admin\n\n> ", false },
	{ CLI_LVL_ADMIN, "prompt\nshow cli level; user; show cli level\n",
	    "\n> admin\n\n> \n> user\n\n> ", false },
	/* leaving the interactive mode ends the connection */
	{ CLI_LVL_ADMIN, "prompt\nprompt\nshow cli level\n", "\n> \n", false },
	/* payloads */
	{ CLI_LVL_OPERATOR, "show cli level <<\nx\ny\n\nshow cli level\n",
	    "operator\n\n", false },
	{ CLI_LVL_OPERATOR, "prompt\nshow cli level <<\nx\n\n",
	    "\n> + + operator\n\n> ", false },
	{ CLI_LVL_OPERATOR, "quit\n", "", false },
};

static struct config *
load(void)
{
	struct config	*cfg;
	struct diag	 d;

	diag_init(&d);
	cfg = cfg_load_buf("cli.cfg", cfg_text, strlen(cfg_text),
	    CFG_LOAD_NO_RESOLVE | CFG_LOAD_NO_FILES, &d);
	ck_assert_msg(cfg != NULL, "config failed: %s", d.nmsgs ?
	    d.msgs[0].msg : "?");
	diag_clear(&d);
	return cfg;
}

/* Run the loop until the CLI closes its end; what it sent, in OUT. */
static size_t
drain(struct engine *eng, int fd, char *out, size_t sz)
{
	size_t	len = 0;
	int	i;

	for (i = 0; i < 2000; i++) {
		ssize_t	n;

		event_base_loop(eng->base, EVLOOP_NONBLOCK);
		n = read(fd, out + len, sz - 1 - len);
		if (n == 0)
			break;
		if (n > 0)
			len += (size_t)n;
		else if (errno != EAGAIN)
			break;
		usleep(1000);
	}
	ck_assert_msg(i < 2000, "the CLI never closed");
	out[len] = '\0';
	return len;
}

START_TEST(test_rows)
{
	struct config	*cfg = load();
	struct engine	*eng;
	struct diag	 d;
	int		 sv[2];
	char		 out[65536];
	size_t		 n = strlen(rows[_i].in);

	diag_init(&d);
	eng = engine_new(cfg, &d);
	ck_assert_msg(eng != NULL, "engine: %s", d.nmsgs ? d.msgs[0].msg :
	    "?");
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(cli_conn_attach(eng->cli, sv[0], rows[_i].level),
	    0);
	ck_assert_int_eq(write(sv[1], rows[_i].in, n), (ssize_t)n);
	shutdown(sv[1], SHUT_WR);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	drain(eng, sv[1], out, sizeof(out));
	if (rows[_i].prefix)
		ck_assert_msg(strncmp(out, rows[_i].want,
		    strlen(rows[_i].want)) == 0, "in %s: got '%s'",
		    rows[_i].in, out);
	else
		ck_assert_msg(strcmp(out, rows[_i].want) == 0,
		    "in '%s': got '%s', want '%s'", rows[_i].in, out,
		    rows[_i].want);
	close(sv[1]);
	engine_free(eng);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

/* The engine frees a connection still open (a soft stop's end). */
START_TEST(test_free_open)
{
	struct config	*cfg = load();
	struct engine	*eng;
	struct diag	 d;
	int		 sv[2];

	diag_init(&d);
	eng = engine_new(cfg, &d);
	ck_assert_ptr_nonnull(eng);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(cli_conn_attach(eng->cli, sv[0], CLI_LVL_USER), 0);
	ck_assert_int_eq(write(sv[1], "prompt\n", 7), 7);
	event_base_loop(eng->base, EVLOOP_NONBLOCK);
	engine_free(eng);
	close(sv[1]);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite	*s = suite_create("cli");
	TCase	*tc = tcase_create("front end");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_rows, 0, (int)nitems(rows));
	tcase_add_test(tc, test_free_open);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(cli_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
