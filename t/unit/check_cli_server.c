/*
 * check_cli_server: the runtime API's server commands (cli_server.c) run
 * against an engine built from a small config of backends only (so no
 * socket is bound; health checks are scheduled but never run), each case
 * a list of command lines and the answers they must give, byte for byte
 * (HAProxy 2.6.12's, observed on a stats socket); and the server state
 * file (state_file.c) read back when an engine starts.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "base/diag.h"
#include "base/nitems.h"
#include "cfg/cfg_load.h"
#include "engine/cli_server.h"
#include "engine/engine.h"
#include "model/cfg_model.h"
#include "servers/proxy.h"

#define CFG	"defaults\n  mode http\n  timeout client 5s\n" \
		"  timeout connect 5s\n  timeout server 5s\n" \
		"backend be\n  stick-table type ip size 10\n" \
		"  server s1 127.0.0.1:1 weight 10\n" \
		"  server s2 127.0.0.1:2 check disabled\n" \
		"  server s3 127.0.0.1:3 backup\n" \
		"  server s4 127.0.0.1:4 check inter 60s\n" \
		"backend be2\n  server x 127.0.0.1:4\n"

#define HDR	"1\n# be_id be_name srv_id srv_name srv_addr srv_op_state " \
		"srv_admin_state srv_uweight srv_iweight " \
		"srv_time_since_last_change srv_check_status " \
		"srv_check_result srv_check_health srv_check_state " \
		"srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn " \
		"srv_port srvrecord srv_use_ssl srv_check_port " \
		"srv_check_addr srv_agent_addr srv_agent_port\n"

static struct config	*cfg;
static struct engine	*eng;
static struct diag	 d;

static void
build(const char *text)
{
	diag_init(&d);
	cfg = cfg_load_buf("t.cfg", text, strlen(text), CFG_LOAD_NO_RESOLVE,
	    &d);
	ck_assert_msg(cfg != NULL, "config does not load");
	eng = engine_new(cfg, &d);
	ck_assert_msg(eng != NULL, "engine does not start");
}

static void
teardown(void)
{
	engine_free(eng);
	config_free(cfg);
	diag_clear(&d);
	eng = NULL;
	cfg = NULL;
}

static const struct cli_cmd *
lookup(char **argv, int argc)
{
	size_t	i, j;

	for (i = 0; i < cli_server_ncmds; i++) {
		const struct cli_cmd	*c = &cli_server_cmds[i];

		for (j = 0; j < nitems(c->words) && c->words[j] != NULL; j++)
			if ((int)j >= argc || strcmp(argv[j], c->words[j]) != 0)
				break;
		if (j == nitems(c->words) || c->words[j] == NULL)
			return c;
	}
	return NULL;
}

/* Run LINE ("a b c", one command) at LEVEL, appending the answer (or
 * the front end's "Permission denied") to OUT. */
static void
run(const char *line, enum cli_level level, struct evbuffer *out)
{
	char			 buf[512], *argv[16], *save = NULL, *w;
	int			 argc = 0;
	const struct cli_cmd	*c;
	struct cli_req		 req;

	snprintf(buf, sizeof(buf), "%s", line);
	for (w = strtok_r(buf, " ", &save); w != NULL && argc < 16;
	    w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	c = lookup(argv, argc);
	ck_assert_msg(c != NULL, "no command for '%s'", line);
	memset(&req, 0, sizeof(req));
	req.eng = eng;
	req.level = level;
	req.argc = argc;
	req.argv = argv;
	req.out = out;
	if (level < c->level)
		cli_err(&req, "Permission denied\n");
	else
		ck_assert_int_eq(c->fn(&req), 0);
}

static const struct {
	const char	*cmds[6];
	enum cli_level	 level;
	const char	*want;
} cases[] = {
	{ { "get weight be/s1" }, CLI_LVL_USER, "10 (initial 10)\n" },
	{ { "get weight be" }, CLI_LVL_USER, "Require 'backend/server'.\n" },
	{ { "get weight nope/s1" }, CLI_LVL_USER, "No such backend.\n" },
	{ { "get weight be/nope" }, CLI_LVL_USER, "No such server.\n" },
	{ { "set server be/s1 weight 50%", "get weight be/s1" }, CLI_LVL_ADMIN,
	    "5 (initial 10)\n" },
	{ { "set weight be/s1 300" }, CLI_LVL_ADMIN,
	    "Absolute weight can only be between 0 and 256 inclusive.\n" },
	{ { "set weight be/s1 abc" }, CLI_LVL_ADMIN,
	    "Empty weight string empty or preceded by garbage" },
	{ { "set weight be/s1 5x" }, CLI_LVL_ADMIN,
	    "Trailing garbage in weight string" },
	{ { "set server be/s1 weight" }, CLI_LVL_ADMIN,
	    "Require <weight> or <weight%>.\n" },
	{ { "set server be/s1 foo" }, CLI_LVL_ADMIN,
	    "usage: set server <backend>/<server> addr | agent | agent-addr | "
	    "agent-port | agent-send | check-addr | check-port | fqdn | "
	    "health | ssl | state | weight\n" },
	{ { "set server be/s1 state foo" }, CLI_LVL_ADMIN,
	    "'set server <srv> state' expects 'ready', 'drain' and "
	    "'maint'.\n" },
	{ { "set server be/s1 state maint" }, CLI_LVL_OPERATOR,
	    "Permission denied\n" },
	{ { "show servers state be2" }, CLI_LVL_USER,
	    HDR "2 be2 1 x 127.0.0.1 2 0 1 1 0 1 0 2 0 0 0 0 - 4 - 0 0 - - "
	    "0\n" },
	{ { "set server be/s1 state maint", "set server be/s3 state drain",
	    "show servers state be" }, CLI_LVL_ADMIN,
	    HDR "1 be 1 s1 127.0.0.1 0 1 10 10 0 1 0 2 0 0 0 0 - 1 - 0 0 - - 0\n"
	    "1 be 2 s2 127.0.0.1 0 5 1 1 0 1 0 0 14 0 0 0 - 2 - 0 0 - - 0\n"
	    "1 be 3 s3 127.0.0.1 2 8 1 1 0 1 0 2 0 0 0 0 - 3 - 0 0 - - 0\n"
	    "1 be 4 s4 127.0.0.1 2 0 1 1 0 1 0 2 6 0 0 0 - 4 - 0 0 - - 0\n" },
	{ { "set server be/s4 health down", "show servers state be2",
	    "set server be/s4 health foo" }, CLI_LVL_ADMIN,
	    HDR "2 be2 1 x 127.0.0.1 2 0 1 1 0 1 0 2 0 0 0 0 - 4 - 0 0 - - 0\n"
	    "'set server <srv> health' expects 'up', 'stopping', or "
	    "'down'.\n" },
	{ { "show servers state nope" }, CLI_LVL_USER,
	    "Can't find backend.\n" },
	{ { "show backend" }, CLI_LVL_USER, "# name\nbe\nbe2\n" },
	{ { "set server be/s1 addr 127.0.0.2",
	    "set server be/s1 addr 127.0.0.3 port 81",
	    "set server be/s1 addr 127.0.0.3 port x",
	    "set server be/s1 addr foo", "set server be/s1 addr" },
	    CLI_LVL_ADMIN,
	    "IP changed from '127.0.0.1' to '127.0.0.2' by 'stats socket "
	    "command'\n"
	    "IP changed from '127.0.0.2' to '127.0.0.3', port changed from "
	    "'1' to '81' by 'stats socket command'\n"
	    "no need to change the addr, problem converting port 'x' to an "
	    "int by 'stats socket command'\n"
	    "Invalid addr 'foo' by 'stats socket command'\n"
	    "set server <b>/<s> addr requires an address and optionally a "
	    "port.\n" },
	{ { "set server be/s1 agent up", "enable agent be/s1",
	    "disable agent be/s1", "enable health be/s1",
	    "disable health be/s1" }, CLI_LVL_ADMIN,
	    "agent checks are not enabled on this server.\n"
	    "Agent was not configured on this server, cannot enable.\n"
	    "Health check was not configured on this server, cannot "
	    "enable.\n" },
	{ { "set maxconn global 99999999", "set maxconn global",
	    "set maxconn server be/s1 x", "set maxconn server be/s1" },
	    CLI_LVL_ADMIN, "Value out of range.\nExpects an integer value.\n"
	    "maxconn string empty or preceded by garbage"
	    "Require <maxconn>.\n" },
	{ { "set rate-limit foo", "set rate-limit sessions global",
	    "set rate-limit sessions global 10" }, CLI_LVL_ADMIN,
	    "'set rate-limit' only supports :\n"
	    "   - 'connections global' to set the per-process maximum "
	    "connection rate\n"
	    "   - 'sessions global' to set the per-process maximum session "
	    "rate\n"
	    "   - 'ssl-sessions global' to set the per-process maximum SSL "
	    "session rate\n"
	    "   - 'http-compression global' to set the per-process maximum "
	    "compression speed in kB/s\n"
	    "Expects an integer value.\n" },
	{ { "clear counters all", "clear counters" }, CLI_LVL_OPERATOR,
	    "Permission denied\n" },
	{ { "clear counters" }, CLI_LVL_USER, "Permission denied\n" },
	{ { "disable frontend nope", "disable frontend be",
	    "shutdown frontend" }, CLI_LVL_ADMIN,
	    "No such frontend.\nNo such frontend.\n"
	    "A frontend name is expected.\n" },
	{ { "shutdown sessions server be" }, CLI_LVL_ADMIN,
	    "Require 'backend/server'.\n" },
	{ { "show map", "show map foo", "add map foo k v", "add map foo",
	    "del acl foo k", "clear acl" }, CLI_LVL_USER,
	    "# id (file) description\n"
	    "Unknown map identifier. Please use #<id> or <file>.\n"
	    "Unknown map identifier. Please use #<id> or <file>.\n"
	    "'add map' expects three parameters (map identifier, key and "
	    "value) or one parameter (map identifier) and a payload\n"
	    "Unknown map identifier. Please use #<id> or <file>.\n"
	    "Missing ACL identifier.\n" },
	{ { "show acl foo", "get acl foo", "commit map foo",
	    "commit map @1 foo" }, CLI_LVL_USER,
	    "Unknown ACL identifier. Please use #<id> or <file>.\n"
	    "Missing ACL identifier and/or key.\n"
	    "Missing version number.\n"
	    "Unknown map identifier. Please use #<id> or <file>.\n" },
	{ { "set table nope key 1.2.3.4", "set table be key 1.2.3.4",
	    "clear table be key", "set table be key 1.2.3.4 data.gpc0 1",
	    "set table be key 1.2.3.4 data.foo 1", "clear table be" },
	    CLI_LVL_ADMIN, "No such table\nKey value expected\n"
	    "Data type not stored in this table\nUnknown data type\n" },
	{ { "set table be key 1.2.3.4" }, CLI_LVL_USER,
	    "Permission denied\n" },
};

START_TEST(test_cmds)
{
	struct evbuffer	*out = evbuffer_new();
	char		*got;
	size_t		 i;

	build(CFG);
	for (i = 0; i < nitems(cases[_i].cmds) && cases[_i].cmds[i] != NULL;
	    i++)
		run(cases[_i].cmds[i], cases[_i].level, out);
	evbuffer_add(out, "", 1);
	got = (char *)evbuffer_pullup(out, -1);
	ck_assert_msg(strcmp(got, cases[_i].want) == 0,
	    "case %d ('%s'):\n got: [%s]\nwant: [%s]", _i, cases[_i].cmds[0],
	    got, cases[_i].want);
	evbuffer_free(out);
}
END_TEST

/* A maintenance set on the CLI takes the server out of rotation, and a
 * ready brings it back; weights and maxconn land on the server. */
START_TEST(test_effects)
{
	struct evbuffer	*out = evbuffer_new();
	struct proxy	*be;
	struct server	*s1;

	build(CFG);
	be = proxy_find(eng, "be", CFG_CAP_BE);
	s1 = proxy_find_server(be, "s1");
	ck_assert_ptr_nonnull(s1);
	ck_assert(proxy_srv_usable(s1));
	run("disable server be/s1", CLI_LVL_ADMIN, out);
	ck_assert(!proxy_srv_usable(s1));
	ck_assert_int_eq(s1->state, SRV_ST_MAINT);
	run("enable server be/s1", CLI_LVL_ADMIN, out);
	ck_assert(proxy_srv_usable(s1));
	run("set server be/s1 state drain", CLI_LVL_ADMIN, out);
	ck_assert(!proxy_srv_usable(s1));
	run("get weight be/s1", CLI_LVL_ADMIN, out);
	run("set server be/s1 state ready", CLI_LVL_ADMIN, out);
	ck_assert_uint_eq(s1->weight, 10);
	run("set maxconn server be/s1 7", CLI_LVL_ADMIN, out);
	ck_assert_uint_eq(proxy_srv_maxconn(s1), 7);
	run("set maxconn global 100", CLI_LVL_ADMIN, out);
	ck_assert_uint_eq(eng->maxconn, 100);
	run("set rate-limit sessions global 10", CLI_LVL_ADMIN, out);
	ck_assert_uint_eq(eng->maxsessrate, 10);
	evbuffer_add(out, "", 1);
	ck_assert_str_eq((char *)evbuffer_pullup(out, -1),
	    "10 (initial 10)\n");
	/* "disabled" in the config is a maintenance "enable server" ends */
	run("enable server be/s2", CLI_LVL_ADMIN, out);
	ck_assert_int_ne(proxy_find_server(be, "s2")->state, SRV_ST_MAINT);
	evbuffer_free(out);
}
END_TEST

/* What the engine says on stderr, one line each. */
static char	said[2048];

static void
capture(const struct engine *e, bool alert, const char *line)
{
	(void)e;
	(void)alert;
	strncat(said, line, sizeof(said) - strlen(said) - 2);
	strcat(said, "\n");
}

/* HAProxy 2.6.12's lines for a sequence of state changes. */
START_TEST(test_messages)
{
	struct evbuffer	*out = evbuffer_new();

	build(CFG);
	said[0] = '\0';
	eng->hooks.say = capture;
	run("set server be/s1 state maint", CLI_LVL_ADMIN, out);
	run("set server be/s1 state drain", CLI_LVL_ADMIN, out);
	run("set server be/s1 state ready", CLI_LVL_ADMIN, out);
	run("set server be/s1 state drain", CLI_LVL_ADMIN, out);
	run("disable server be/s1", CLI_LVL_ADMIN, out);
	run("enable server be/s1", CLI_LVL_ADMIN, out);
	run("set server be/s1 state ready", CLI_LVL_ADMIN, out);
	run("set server be/s4 health down", CLI_LVL_ADMIN, out);
	run("set server be/s3 state drain", CLI_LVL_ADMIN, out);
	run("set server be/s3 health down", CLI_LVL_ADMIN, out);
	ck_assert_str_eq(said,
	    "Server be/s1 is going DOWN for maintenance. 1 active and 1 "
	    "backup servers left. 0 sessions active, 0 requeued, 0 remaining "
	    "in queue.\n"
	    "Server be/s1 is UP/DRAIN (leaving forced maintenance).\n"
	    "Server be/s1 remains in forced drain mode.\n"
	    "Server be/s1 is UP (leaving forced drain).\n"
	    "Server be/s1 enters drain state. 1 active and 1 backup servers "
	    "online. 0 sessions requeued, 0 total in queue.\n"
	    "Server be/s1 is going DOWN for maintenance. 1 active and 1 "
	    "backup servers left. 0 sessions active, 0 requeued, 0 remaining "
	    "in queue.\n"
	    "Server be/s1 is UP/READY (leaving forced maintenance).\n"
	    "Server be/s4 is DOWN, changed from CLI. 1 active and 1 backup "
	    "servers left. 0 sessions active, 0 requeued, 0 remaining in "
	    "queue.\n"
	    "Backup Server be/s3 enters drain state. 1 active and 0 backup "
	    "servers online. 0 sessions requeued, 0 total in queue.\n"
	    "Backup Server be/s3 is DOWN, changed from CLI. 1 active and 0 "
	    "backup servers left. 0 sessions active, 0 requeued, 0 remaining "
	    "in queue.\n"
	    "Backup Server be/s3 remains in forced drain mode.\n");
	evbuffer_free(out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The server state file */

static char	 state_path[64];

static void
write_state(const char *text)
{
	FILE	*fp;
	int	 fd;

	snprintf(state_path, sizeof(state_path), "/tmp/hapx-state.XXXXXX");
	fd = mkstemp(state_path);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
}

START_TEST(test_state_file)
{
	char		 text[2048];
	struct proxy	*be;
	unsigned	 i, nwarn = 0;
	bool		 line7 = false;

	write_state(HDR
	    "1 be 1 s1 127.0.0.9 2 1 7 10 10 1 0 2 0 0 0 0 - 99 - 0 0 - - 0\n"
	    "1 be 9 s3 127.0.0.1 2 8 5 1 10 1 0 2 0 0 0 0 - 3 - 0 0 - - 0\n"
	    "1 be 4 s4 127.0.0.1 0 0 1 1 10 8 2 0 6 0 0 0 - 4 - 0 0 - - 0\n"
	    "1 be 5 nope 127.0.0.1 2 1 1 1 10 1 0 2 0 0 0 0 - 5 - 0 0 - - 0\n"
	    "1 be 5 s2 garbage\n"
	    "1 nobe 1 x 127.0.0.1 2 1 1 1 10 1 0 2 0 0 0 0 - 4 - 0 0 - - 0\n"
	    "2 be2 1 x 127.0.0.1 2 1 1 1 10 1 0 2 0 0 0 0 - 4 - 0 0 - - 0\n");
	snprintf(text, sizeof(text), "global\n  server-state-file %s\n"
	    "%s  load-server-state-from-file global\n", state_path, CFG);
	/* the defaults line is in CFG: put the keyword after it */
	snprintf(text, sizeof(text), "global\n  server-state-file %s\n"
	    "defaults\n  load-server-state-from-file global\n%s", state_path,
	    CFG + strlen("defaults\n"));
	build(text);
	unlink(state_path);
	be = proxy_find(eng, "be", CFG_CAP_BE);
	/* s1: maintenance and weight 7 (iweight unchanged), port 99 */
	ck_assert_int_eq(proxy_find_server(be, "s1")->state, SRV_ST_MAINT);
	ck_assert_uint_eq(proxy_find_server(be, "s1")->uweight, 7);
	/* s3: drained, matched by name (no forced ids); its iweight 1 is
	 * the config's, so uweight 5 applies */
	ck_assert(proxy_find_server(be, "s3")->admin_drain);
	ck_assert_uint_eq(proxy_find_server(be, "s3")->uweight, 5);
	/* s4: saved DOWN */
	ck_assert_int_eq(proxy_find_server(be, "s4")->state, SRV_ST_DOWN);
	/* s2 (garbage line) keeps the config's state */
	ck_assert_int_eq(proxy_find_server(be, "s2")->state, SRV_ST_MAINT);
	ck_assert_int_eq(proxy_find(eng, "be2", CFG_CAP_BE)->srvs[0].state,
	    SRV_ST_MAINT);
	for (i = 0; i < d.nmsgs; i++) {
		if (d.msgs[i].sev != DIAG_WARNING)
			continue;
		nwarn++;
		if (d.msgs[i].pos.line == 7 && d.msgs[i].pos.file != NULL &&
		    strcmp(d.msgs[i].pos.file, state_path) == 0)
			line7 = true;
	}
	ck_assert_uint_eq(nwarn, 1);
	ck_assert_msg(line7, "no warning at %s:7", state_path);
}
END_TEST

START_TEST(test_state_file_missing)
{
	unsigned	i, n = 0;

	build("global\n  server-state-file /nonexistent/hapx.state\n"
	    "backend b\n  load-server-state-from-file global\n"
	    "  server s 127.0.0.1:1\n");
	for (i = 0; i < d.nmsgs; i++)
		n += strstr(d.msgs[i].msg, "/nonexistent/hapx.state") != NULL;
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(proxy_find(eng, "b", CFG_CAP_BE)->srvs[0].state,
	    SRV_ST_UP);
}
END_TEST

/* "local": the backend's own file, named by server-state-file-name under
 * server-state-base; lines of other backends in it are not applied. */
START_TEST(test_state_file_local)
{
	char		 text[1024], dir[64], *slash;
	struct proxy	*be;

	write_state(HDR
	    "1 b 1 s 127.0.0.1 2 1 1 1 10 1 0 2 0 0 0 0 - 1 - 0 0 - - 0\n"
	    "2 c 1 t 127.0.0.1 2 1 1 1 10 1 0 2 0 0 0 0 - 1 - 0 0 - - 0\n");
	snprintf(dir, sizeof(dir), "%s", state_path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	snprintf(text, sizeof(text), "global\n  server-state-base %s\n"
	    "backend b\n  load-server-state-from-file local\n"
	    "  server-state-file-name %s\n  server s 127.0.0.1:1\n"
	    "backend c\n  server t 127.0.0.1:1\n", dir, slash + 1);
	build(text);
	unlink(state_path);
	be = proxy_find(eng, "b", CFG_CAP_BE);
	ck_assert_int_eq(be->srvs[0].state, SRV_ST_MAINT);
	be = proxy_find(eng, "c", CFG_CAP_BE);
	ck_assert_int_eq(be->srvs[0].state, SRV_ST_UP);
}
END_TEST

static Suite *
cli_server_suite(void)
{
	Suite	*s = suite_create("cli_server");
	TCase	*tc = tcase_create("commands");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc, test_cmds, 0, nitems(cases));
	tcase_add_test(tc, test_effects);
	tcase_add_test(tc, test_messages);
	suite_add_tcase(s, tc);
	tc = tcase_create("state_file");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_state_file);
	tcase_add_test(tc, test_state_file_missing);
	tcase_add_test(tc, test_state_file_local);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(cli_server_suite());
	int	 nfailed;

	srunner_run_all(sr, CK_NORMAL);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
