/*
 * mworker_cli: the master CLI (see mworker_cli.h).  Lines are read one
 * at a time; a line may hold several commands separated by ';'.  A
 * command that waits (a reload, a command sent to a worker) stops the
 * reading of the connection until it is answered; the rest of the line
 * then runs.  Without "prompt" a connection closes after its first line,
 * as HAProxy's.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "base/addr.h"
#include "base/diag.h"
#include "base/nitems.h"
#include "engine/fdpass.h"
#include "engine/cli_types.h"
#include "engine/listener.h"
#include "engine/mworker.h"
#include "engine/mworker_cli.h"
#include "engine/mworker_types.h"

#define MCLI_MAX_WORDS	16
#define MCLI_PROMPT	"master> "
#define MCLI_MAX_LINE	(64 * 1024)
#define MCLI_TIMEOUT_S	10	/* idle, as "stats timeout" */

struct mcli;

/* One -S socket. */
struct mcli_sock {
	struct addr_spec	 addr;
	unsigned		 mode;
	long			 uid, gid;
	char			*user, *group;	/* owned */
	enum cli_level		 level;
	int			 fd;		/* owned until lev */
	struct evconnlistener	*lev;		/* owned */
	struct mcli		*cli;
};

struct mcli_conn {
	TAILQ_ENTRY(mcli_conn)	 link;
	struct mcli		*cli;
	struct bufferevent	*bev;		/* owned: the client */
	struct bufferevent	*fwd;		/* owned: to a worker */
	char			*line;		/* owned: the line running */
	char			*next;		/* its commands not run yet */
	enum cli_level		 level;
	bool			 interactive;	/* "prompt" */
	bool			 reloading;	/* waits for the reload */
	bool			 closing;	/* closes once flushed */
};

struct mcli {
	struct mworker		*m;
	struct mcli_sock	*socks;		/* owned array */
	size_t			 nsocks;
	TAILQ_HEAD(, mcli_conn)	 conns;		/* owned */
};

struct mcli_cmd {
	const char	*words[3];
	enum cli_level	 level;		/* the lowest allowed */
	const char	*usage;
	const char	*help;
	void		(*fn)(struct mcli_conn *, char **argv, int argc);
};

static bool	mcli_run(struct mcli_conn *);
static void	mcli_conn_free(struct mcli_conn *);

static struct evbuffer *
mcli_out(struct mcli_conn *c)
{
	return bufferevent_get_output(c->bev);
}

static void mcli_help(struct mcli_conn *, char **, int);
static void mcli_level(struct mcli_conn *, char **, int);
static void mcli_lower(struct mcli_conn *, char **, int);
static void mcli_prompt(struct mcli_conn *, char **, int);
static void mcli_quit(struct mcli_conn *, char **, int);
static void mcli_reload(struct mcli_conn *, char **, int);
static void mcli_show_proc(struct mcli_conn *, char **, int);
static void mcli_show_version(struct mcli_conn *, char **, int);

/* The master's commands, in "help" order (HAProxy's, then its own). */
static const struct mcli_cmd mcli_cmds[] = {
	{ { "@!<pid>" }, CLI_LVL_USER, "@!<pid>",
	    "send the rest of the line to the process with this pid", NULL },
	{ { "@<relative pid>" }, CLI_LVL_USER, "@<relative pid>",
	    "send the rest of the line to worker N (1: the current one)",
	    NULL },
	{ { "@master" }, CLI_LVL_USER, "@master",
	    "run the rest of the line on the master", NULL },
	{ { "operator" }, CLI_LVL_USER, "operator",
	    "drop this connection to the operator level", mcli_lower },
	{ { "reload" }, CLI_LVL_OPERATOR, "reload",
	    "load the configuration again and start a new worker",
	    mcli_reload },
	{ { "show", "cli", "level" }, CLI_LVL_USER, "show cli level",
	    "print this connection's level", mcli_level },
	{ { "show", "proc" }, CLI_LVL_USER, "show proc",
	    "list the master and its workers", mcli_show_proc },
	{ { "show", "version" }, CLI_LVL_USER, "show version",
	    "print hapx's version", mcli_show_version },
	{ { "user" }, CLI_LVL_USER, "user",
	    "drop this connection to the user level", mcli_lower },
	{ { "help" }, CLI_LVL_USER, "help",
	    "list the commands", mcli_help },
	{ { "prompt" }, CLI_LVL_USER, "prompt",
	    "switch interactive mode (a prompt, several commands) on or off",
	    mcli_prompt },
	{ { "quit" }, CLI_LVL_USER, "quit", "close this connection",
	    mcli_quit },
};

static void
mcli_list(struct mcli_conn *c)
{
	size_t	i;

	for (i = 0; i < nitems(mcli_cmds); i++)
		evbuffer_add_printf(mcli_out(c), "  %-40s: %s\n",
		    mcli_cmds[i].usage, mcli_cmds[i].help);
}

static void
mcli_help(struct mcli_conn *c, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	evbuffer_add_printf(mcli_out(c), "The following commands are valid "
	    "at this level:\n");
	mcli_list(c);
}

static const char *const mcli_levels[] = { "user", "operator", "admin" };

static void
mcli_level(struct mcli_conn *c, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	evbuffer_add_printf(mcli_out(c), "%s\n", mcli_levels[c->level]);
}

/* "operator", "user": only lower the level (what the workers see of the
 * commands sent to them), as HAProxy. */
static void
mcli_lower(struct mcli_conn *c, char **argv, int argc)
{
	enum cli_level	to = argv[0][0] == 'u' ? CLI_LVL_USER :
			    CLI_LVL_OPERATOR;

	(void)argc;
	if (to < c->level)
		c->level = to;
}

static void
mcli_prompt(struct mcli_conn *c, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	c->interactive = !c->interactive;
}

static void
mcli_quit(struct mcli_conn *c, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	c->interactive = false;
	c->closing = true;
}

static void
mcli_show_version(struct mcli_conn *c, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	evbuffer_add_printf(mcli_out(c), "%s\n", PACKAGE_VERSION);
}

static void
mcli_reload(struct mcli_conn *c, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	/* Set first: a configuration that fails to load answers at once. */
	c->reloading = true;
	if (mworker_reload(c->cli->m) < 0) {
		c->reloading = false;
		evbuffer_add_printf(mcli_out(c), "Success=0\n--\nAnother "
		    "reload is still in progress, or the master is "
		    "stopping.\n");
	}
}

static void
mcli_uptime(int64_t since, char *buf, size_t len)
{
	int64_t	s = (int64_t)time(NULL) - since;

	if (s < 0)
		s = 0;
	snprintf(buf, len, "%lldd%02lldh%02lldm%02llds",
	    (long long)(s / 86400), (long long)(s / 3600 % 24),
	    (long long)(s / 60 % 60), (long long)(s % 60));
}

static void
mcli_proc_line(struct mcli_conn *c, long pid, const char *type,
    const char *reloads, int64_t start)
{
	char	up[32];

	mcli_uptime(start, up, sizeof(up));
	evbuffer_add_printf(mcli_out(c), "%-15ld %-15s %-15s %-15s %-15s\n",
	    pid, type, reloads, up, PACKAGE_VERSION);
}

/* HAProxy 2.6's table: the master, "# workers" (current), "# old
 * workers" (soft-stopping), "# programs" (none in hapx). */
static void
mcli_show_proc(struct mcli_conn *c, char **argv, int argc)
{
	struct mworker		*m = c->cli->m;
	struct mw_worker	*w;
	char			 r[64];
	bool			 old = false;

	(void)argv;
	(void)argc;
	evbuffer_add_printf(mcli_out(c), "%-15s %-15s %-15s %-15s %-15s\n",
	    "#<PID>", "<type>", "<reloads>", "<uptime>", "<version>");
	snprintf(r, sizeof(r), "%u [failed: %u]", m->reloads, m->failed);
	mcli_proc_line(c, (long)getpid(), "master", r, m->start);
	evbuffer_add_printf(mcli_out(c), "# workers\n");
	TAILQ_FOREACH(w, &m->workers, link) {
		if (!w->current) {
			old = old || w != m->next_worker;
			continue;
		}
		snprintf(r, sizeof(r), "%u", w->reloads);
		mcli_proc_line(c, (long)w->pid, "worker", r, w->start);
	}
	if (old)
		evbuffer_add_printf(mcli_out(c), "# old workers\n");
	TAILQ_FOREACH(w, &m->workers, link) {
		if (w->current || w == m->next_worker)
			continue;
		snprintf(r, sizeof(r), "%u", w->reloads);
		mcli_proc_line(c, (long)w->pid, "worker", r, w->start);
	}
	evbuffer_add_printf(mcli_out(c), "# programs\n");
}

/* The worker a "@N" or "@!PID" prefix names, or NULL.  "@1" is the
 * current worker (HAProxy numbers the workers of the current
 * generation from 1; hapx has one). */
static struct mw_worker *
mcli_target(struct mcli *cli, const char *prefix)
{
	struct mw_worker	*w;
	char			*end;
	long			 n;

	if (prefix[1] == '!') {
		n = strtol(prefix + 2, &end, 10);
		if (*end != '\0' || end == prefix + 2)
			return NULL;
		TAILQ_FOREACH(w, &cli->m->workers, link)
			if ((long)w->pid == n)
				return w;
		return NULL;
	}
	n = strtol(prefix + 1, &end, 10);
	if (*end != '\0' || end == prefix + 1 || n != 1)
		return NULL;
	TAILQ_FOREACH(w, &cli->m->workers, link)
		if (w->current)
			return w;
	return NULL;
}

static void
mcli_fwd_read(struct bufferevent *bev, void *arg)
{
	struct mcli_conn	*c = arg;

	evbuffer_add_buffer(mcli_out(c), bufferevent_get_input(bev));
}

static void
mcli_fwd_event(struct bufferevent *bev, short what, void *arg)
{
	struct mcli_conn	*c = arg;

	(void)what;
	evbuffer_add_buffer(mcli_out(c), bufferevent_get_input(bev));
	bufferevent_free(c->fwd);
	c->fwd = NULL;
	(void)mcli_run(c);
}

/* Pass a new connection to worker W over its channel (the byte says the
 * level) and send it CMD. */
static int
mcli_forward(struct mcli_conn *c, struct mw_worker *w, const char *cmd)
{
	char		 lvl = (char)('0' + c->level);
	int		 sv[2];

	if (w->chan < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	if (fdpass_send(w->chan, &lvl, 1, sv[1]) < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	close(sv[1]);
	evutil_make_socket_nonblocking(sv[0]);
	c->fwd = bufferevent_socket_new(bufferevent_get_base(c->bev), sv[0],
	    BEV_OPT_CLOSE_ON_FREE);
	if (c->fwd == NULL) {
		close(sv[0]);
		return -1;
	}
	bufferevent_setcb(c->fwd, mcli_fwd_read, NULL, mcli_fwd_event, c);
	bufferevent_enable(c->fwd, EV_READ | EV_WRITE);
	evbuffer_add_printf(bufferevent_get_output(c->fwd), "%s\n", cmd);
	return 0;
}

static int
mcli_split(char *s, char **argv)
{
	int	argc = 0;
	char	*w;

	while ((w = strsep(&s, " \t\r")) != NULL)
		if (*w != '\0' && argc < MCLI_MAX_WORDS)
			argv[argc++] = w;
	return argc;
}

static const struct mcli_cmd *
mcli_find(char **argv, int argc)
{
	size_t	i;
	int	k;

	for (i = 0; i < nitems(mcli_cmds); i++) {
		if (mcli_cmds[i].fn == NULL)
			continue;
		for (k = 0; k < 3 && mcli_cmds[i].words[k] != NULL; k++)
			if (k >= argc || strcmp(argv[k],
			    mcli_cmds[i].words[k]) != 0)
				break;
		if (k == 3 || mcli_cmds[i].words[k] == NULL)
			return &mcli_cmds[i];
	}
	return NULL;
}

/* One command of a line.  Words after an '@' prefix go to that process
 * as written. */
static void
mcli_command(struct mcli_conn *c, char *cmd)
{
	char			*argv[MCLI_MAX_WORDS], *rest;
	const struct mcli_cmd	*k;
	struct mw_worker	*w;
	int			 argc;

	cmd += strspn(cmd, " \t");
	if (cmd[0] == '@') {
		rest = cmd + strcspn(cmd, " \t");
		if (*rest != '\0')
			*rest++ = '\0';
		rest += strspn(rest, " \t");
		if (strcmp(cmd, "@master") != 0) {
			if ((w = mcli_target(c->cli, cmd)) == NULL ||
			    *rest == '\0' || mcli_forward(c, w, rest) < 0)
				evbuffer_add_printf(mcli_out(c), "Can't find "
				    "the target PID matching the prefix "
				    "'%s'\n", cmd);
			return;
		}
		cmd = rest;
	}
	if ((argc = mcli_split(cmd, argv)) == 0)
		return;
	if ((k = mcli_find(argv, argc)) == NULL) {
		evbuffer_add_printf(mcli_out(c), "Unknown command, but maybe "
		    "one of the following ones is a better match:\n");
		mcli_list(c);
		evbuffer_add(mcli_out(c), "\n", 1);
		return;
	}
	if (k->level > c->level) {
		evbuffer_add_printf(mcli_out(c), "Permission denied\n\n");
		return;
	}
	k->fn(c, argv, argc);
	/* Each answer ends with an empty line, except prompt's. */
	if (k->fn != mcli_prompt && k->fn != mcli_quit &&
	    k->fn != mcli_lower && !c->reloading)
		evbuffer_add(mcli_out(c), "\n", 1);
}

/* Close once the answer is written; true when C is already freed. */
static bool
mcli_close(struct mcli_conn *c)
{
	c->closing = true;
	bufferevent_disable(c->bev, EV_READ);
	if (evbuffer_get_length(mcli_out(c)) > 0)
		return false;
	mcli_conn_free(c);
	return true;
}

/* Run the commands of the current line, then read the next lines, until
 * one waits (a reload, a worker's answer) or there is nothing to read.
 * True when C was freed (closed with nothing left to write). */
static bool
mcli_run(struct mcli_conn *c)
{
	struct evbuffer	*in = bufferevent_get_input(c->bev);
	char		*cmd;

	for (;;) {
		while (c->line != NULL && !c->reloading && c->fwd == NULL &&
		    !c->closing && (cmd = strsep(&c->next, ";")) != NULL)
			mcli_command(c, cmd);
		if (c->reloading || c->fwd != NULL)
			return false;
		if (c->line != NULL) {
			free(c->line);
			c->line = c->next = NULL;
			if (!c->interactive)
				return mcli_close(c);
			evbuffer_add_printf(mcli_out(c), MCLI_PROMPT);
		}
		if (c->closing)
			return mcli_close(c);
		if ((c->line = evbuffer_readln(in, NULL,
		    EVBUFFER_EOL_LF)) == NULL) {
			/* No end of line in sight: the master's memory is
			 * not the client's to fill. */
			if (evbuffer_get_length(in) > MCLI_MAX_LINE)
				return mcli_close(c);
			return false;
		}
		c->next = c->line;
	}
}

static void
mcli_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	(void)mcli_run(arg);
}

static void
mcli_write_cb(struct bufferevent *bev, void *arg)
{
	struct mcli_conn	*c = arg;

	(void)bev;
	if (c->closing)
		mcli_conn_free(c);
}

/* The client closed or failed.  A client that only shut its sending
 * side (socat at the end of its input) still gets the answer. */
static void
mcli_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct mcli_conn	*c = arg;

	(void)bev;
	if ((what & BEV_EVENT_EOF) && !(what & BEV_EVENT_ERROR)) {
		/* A last line with no newline still counts. */
		if (c->line == NULL && evbuffer_get_length(
		    bufferevent_get_input(c->bev)) > 0)
			evbuffer_add(bufferevent_get_input(c->bev), "\n", 1);
		c->interactive = false;
		if (!mcli_run(c) && c->line == NULL && !c->closing)
			(void)mcli_close(c);
		return;
	}
	mcli_conn_free(c);
}

static void
mcli_conn_free(struct mcli_conn *c)
{
	TAILQ_REMOVE(&c->cli->conns, c, link);
	if (c->fwd != NULL)
		bufferevent_free(c->fwd);
	bufferevent_free(c->bev);
	free(c->line);
	free(c);
}

static void
mcli_accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int len, void *arg)
{
	struct mcli_sock	*s = arg;
	struct mcli_conn	*c = calloc(1, sizeof(*c));

	(void)sa;
	(void)len;
	if (c == NULL || (c->bev = bufferevent_socket_new(
	    evconnlistener_get_base(lev), fd, BEV_OPT_CLOSE_ON_FREE)) ==
	    NULL) {
		free(c);
		close(fd);
		return;
	}
	c->cli = s->cli;
	c->level = s->level;
	TAILQ_INSERT_TAIL(&s->cli->conns, c, link);
	bufferevent_setcb(c->bev, mcli_read_cb, mcli_write_cb, mcli_event_cb,
	    c);
	bufferevent_set_timeouts(c->bev, &(struct timeval){ MCLI_TIMEOUT_S, 0 },
	    NULL);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

void
mcli_reload_done(struct mcli *cli, bool ok, struct evbuffer *log)
{
	struct mcli_conn	*c, *next;

	if (cli == NULL)
		return;
	for (c = TAILQ_FIRST(&cli->conns); c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		if (!c->reloading)
			continue;
		c->reloading = false;
		evbuffer_add_printf(mcli_out(c), "Success=%d\n--\n", ok);
		if (log != NULL)
			evbuffer_add(mcli_out(c), evbuffer_pullup(log, -1),
			    evbuffer_get_length(log));
		evbuffer_add(mcli_out(c), "\n", 1);
		/* The rest of the line runs from the loop, not from inside
		 * the reload (a second "reload" there would nest). */
		bufferevent_trigger(c->bev, EV_READ, BEV_TRIG_IGNORE_WATERMARKS |
		    BEV_TRIG_DEFER_CALLBACKS);
	}
}

/* -S options, in pairs: "mode 600", "level admin", "user U"... */
static int
mcli_sock_opt(struct mcli_sock *s, const char *k, const char *v,
    const char *spec, struct diag *d)
{
	const char *const *levels = mcli_levels;
	char	*end;
	size_t	 i;

	if (v == NULL) {
		diag_error(d, NULL, "-S '%s': option '%s' needs a value", spec,
		    k);
		return -1;
	}
	if (strcmp(k, "mode") == 0) {
		s->mode = (unsigned)strtoul(v, &end, 8);
		return *end == '\0' ? 0 : (diag_error(d, NULL, "-S '%s': "
		    "'mode' takes an octal number", spec), -1);
	}
	if (strcmp(k, "uid") == 0 || strcmp(k, "gid") == 0) {
		*(k[0] == 'u' ? &s->uid : &s->gid) = strtol(v, &end, 10);
		return *end == '\0' ? 0 : (diag_error(d, NULL, "-S '%s': "
		    "'%s' takes a number", spec, k), -1);
	}
	if (strcmp(k, "user") == 0 || strcmp(k, "group") == 0) {
		free(k[0] == 'u' ? s->user : s->group);
		*(k[0] == 'u' ? &s->user : &s->group) = strdup(v);
		return 0;
	}
	if (strcmp(k, "level") == 0) {
		for (i = 0; i < nitems(mcli_levels); i++)
			if (strcmp(v, levels[i]) == 0) {
				s->level = (enum cli_level)i;
				return 0;
			}
		diag_error(d, NULL, "-S '%s': level '%s' is not one of user, "
		    "operator, admin", spec, v);
		return -1;
	}
	diag_error(d, NULL, "-S '%s': unknown option '%s'", spec, k);
	diag_hint(d, "the master CLI takes mode, user, group, uid, gid and "
	    "level");
	return -1;
}

/* Parse "ADDR[,OPT,VALUE]..." into S and open it. */
static int
mcli_sock_open(struct mcli_sock *s, const char *spec, struct diag *d)
{
	struct listen_spec	 ls;
	char			*copy = strdup(spec), *p, *a, *k, err[256];
	size_t			 off;
	int			 rc = 0;

	s->uid = s->gid = -1;
	s->level = CLI_LVL_ADMIN;
	s->fd = -1;
	if ((p = copy) == NULL)
		return -1;
	a = strsep(&p, ",");
	if (addr_parse(a, ADDR_USE_BIND, &s->addr, err, sizeof(err),
	    &off) < 0) {
		diag_error(d, NULL, "-S '%s': %s", spec, err);
		free(copy);
		return -1;
	}
	if (s->addr.kind == ADDR_SOCKPAIR) {
		diag_error(d, NULL, "-S '%s': the master CLI listens on a "
		    "socket; sockpair@ is for binds and stats sockets", spec);
		free(copy);
		return -1;
	}
	while (rc == 0 && (k = strsep(&p, ",")) != NULL)
		rc = mcli_sock_opt(s, k, strsep(&p, ","), spec, d);
	free(copy);
	if (rc < 0)
		return -1;
	memset(&ls, 0, sizeof(ls));
	ls.addr = &s->addr;
	ls.port = s->addr.port_lo;
	ls.backlog = 10;
	ls.mode = s->mode;
	ls.uid = s->uid;
	ls.gid = s->gid;
	ls.user = s->user;
	ls.group = s->group;
	return (s->fd = listener_open(&ls, d)) < 0 ? -1 : 0;
}

struct mcli *
mcli_new(struct mworker *m, const char *const *specs, size_t n,
    struct diag *d)
{
	struct mcli	*cli = calloc(1, sizeof(*cli));
	size_t		 i;
	int		 rc = 0;

	if (cli == NULL || (n > 0 &&
	    (cli->socks = calloc(n, sizeof(*cli->socks))) == NULL)) {
		free(cli);
		return NULL;
	}
	cli->m = m;
	TAILQ_INIT(&cli->conns);
	for (i = 0; i < n; i++) {
		cli->socks[i].cli = cli;
		cli->nsocks++;
		if (mcli_sock_open(&cli->socks[i], specs[i], d) < 0)
			rc = -1;
	}
	if (rc < 0) {
		mcli_free(cli);
		return NULL;
	}
	return cli;
}

int
mcli_start(struct mcli *cli, struct event_base *base)
{
	size_t	i;

	for (i = 0; i < cli->nsocks; i++) {
		struct mcli_sock	*s = &cli->socks[i];

		s->lev = evconnlistener_new(base, mcli_accept_cb, s,
		    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0, s->fd);
		if (s->lev == NULL)
			return -1;
		s->fd = -1;
	}
	return 0;
}

void
mcli_free(struct mcli *cli)
{
	struct mcli_conn	*c;
	size_t			 i;

	if (cli == NULL)
		return;
	while ((c = TAILQ_FIRST(&cli->conns)) != NULL)
		mcli_conn_free(c);
	for (i = 0; i < cli->nsocks; i++) {
		if (cli->socks[i].lev != NULL)
			evconnlistener_free(cli->socks[i].lev);
		if (cli->socks[i].fd >= 0)
			close(cli->socks[i].fd);
		free(cli->socks[i].user);
		free(cli->socks[i].group);
	}
	free(cli->socks);
	free(cli);
}
