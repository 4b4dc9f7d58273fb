/*
 * cli: the stats socket's sockets, connections and line handling (see
 * cli.h).  What a line means is decided here (commands, words, payload,
 * levels); what a command answers is decided by its table's handler.
 * The help text and the "unknown command" suggestions are in cli_help.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/queue.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "base/addr.h"
#include "base/diag.h"
#include "base/nitems.h"
#include "model/cfg_model.h"
#include "engine/cli.h"
#include "engine/cli_getsocks.h"
#include "engine/cli_help.h"
#include "engine/cli_server.h"
#include "engine/cli_show.h"
#include "engine/engine_types.h"
#include "engine/fdpass.h"
#include "engine/listener.h"

#define CLI_DEFAULT_TIMEOUT_MS	10000	/* "stats timeout" unset */
#define CLI_DEFAULT_MAXCONN	10	/* "stats maxconn" unset */
#define CLI_MAX_LINE		(64 * 1024)	/* line + payload */
#define CLI_MAX_ARGS		64	/* as HAProxy's MAX_CLI_ARGS */
#define CLI_PROMPT		"> "

struct cli_conn;
TAILQ_HEAD(cli_conn_list, cli_conn);

/* One "stats socket" line's listening socket. */
struct cli_sock {
	struct cli			*cli;
	const struct stats_socket_conf	*conf;
	struct evconnlistener		*lev;		/* owned; NULL = closed */
	struct fdpass_inbox		*inbox;		/* owned, sockpair@: where
							   connections arrive */
	enum cli_level			 level;
	int				 sev;		/* CLI_SEV_* */
	unsigned			 nconn, maxconn;
	bool				 paused;	/* at maxconn */
};

struct cli {
	struct engine		*eng;
	struct cli_sock		*socks;		/* owned array */
	unsigned		 nsocks;
	uint32_t		 timeout_ms;	/* "stats timeout" */
	struct cli_conn_list	 conns;
};

/* One client of the CLI. */
struct cli_conn {
	struct cli		*cli;
	struct cli_sock		*sock;		/* NULL: attached */
	struct bufferevent	*bev;		/* owned, closes the fd */
	enum cli_level		 level;
	int			 sev;
	bool			 interactive;	/* "prompt" */
	bool			 closing;	/* flush the answer, then close */
	char			*pending;	/* owned: a line ending with
						   "<<" waiting for its payload */
	struct evbuffer		*payload;	/* owned, while collecting */
	TAILQ_ENTRY(cli_conn)	 link;
};

static const char *const level_names[] = { "user", "operator", "admin" };

static void	cli_conn_free(struct cli_conn *);
static void	cli_read_cb(struct bufferevent *, void *);

/* ------------------------------------------------------------------ */
/* Core commands: the connection's own settings */

static struct cli_conn *
req_conn(struct cli_req *req)
{
	return req->conn;
}

int
cli_req_fd(const struct cli_req *req)
{
	const struct cli_conn	*c = req->conn;

	return c != NULL ? (int)bufferevent_getfd(c->bev) : -1;
}

bool
cli_req_expose_fd(const struct cli_req *req)
{
	const struct cli_conn	*c = req->conn;

	return c != NULL && c->sock != NULL &&
	    c->sock->conf->expose_fd_listeners;
}

static int
cmd_show_cli_level(struct cli_req *req)
{
	cli_info(req, "%s\n", level_names[req_conn(req)->level]);
	return 0;
}

/* "operator" and "user" only lower the level, as in HAProxy. */
static int
cmd_lower_level(struct cli_req *req)
{
	struct cli_conn	*c = req_conn(req);
	enum cli_level	 want = strcmp(req->argv[0], "user") == 0 ?
			    CLI_LVL_USER : CLI_LVL_OPERATOR;

	if (c->level < want) {
		cli_err(req, "Permission denied\n");
		return 0;
	}
	c->level = want;
	return 0;
}

static int
cmd_set_severity(struct cli_req *req)
{
	static const char *const names[] = { "none", "number", "string" };
	struct cli_conn		*c = req_conn(req);
	size_t			 i;

	for (i = 0; req->argc > 2 && i < nitems(names); i++)
		if (strcmp(req->argv[2], names[i]) == 0) {
			c->sev = (int)i;	/* CLI_SEV_* in this order */
			return 0;
		}
	cli_err(req, "one of 'none', 'number', 'string' is a required "
	    "argument\n");
	return 0;
}

/* A delay in seconds unless a unit follows (HAProxy's default unit for
 * "set timeout cli"); 0 or more than 24 days is refused as HAProxy. */
static int
cli_parse_delay(const char *s, uint32_t *ms)
{
	static const struct { const char *u; uint64_t mul, div; } units[] = {
		{ "", 1000, 1 }, { "us", 1, 1000 }, { "ms", 1, 1 },
		{ "s", 1000, 1 }, { "m", 60000, 1 }, { "h", 3600000, 1 },
		{ "d", 86400000, 1 },
	};
	uint64_t	 v = 0;
	size_t		 i;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	for (i = 0; i < nitems(units); i++)
		if (strcmp(s, units[i].u) == 0) {
			v = v * units[i].mul / units[i].div;
			if (v == 0 || v > INT32_MAX)
				return -1;
			*ms = (uint32_t)v;
			return 0;
		}
	return -1;
}

static void
cli_conn_set_timeout(struct cli_conn *c, uint32_t ms)
{
	struct timeval	tv = { ms / 1000, (ms % 1000) * 1000 };

	bufferevent_set_timeouts(c->bev, &tv, &tv);
}

static int
cmd_set_timeout(struct cli_req *req)
{
	uint32_t	ms;

	if (req->argc < 3 || strcmp(req->argv[2], "cli") != 0) {
		cli_err(req, "'set timeout' only supports 'cli'.\n");
		return 0;
	}
	if (req->argc < 4) {
		cli_err(req, "Expects an integer value.\n");
		return 0;
	}
	if (cli_parse_delay(req->argv[3], &ms) < 0) {
		cli_err(req, "Invalid timeout value.\n");
		return 0;
	}
	cli_conn_set_timeout(req_conn(req), ms);
	return 0;
}

/* "prompt" toggles the interactive mode; the front end prints the
 * prompt itself. */
static int
cmd_prompt(struct cli_req *req)
{
	struct cli_conn	*c = req_conn(req);

	c->interactive = !c->interactive;
	return 0;
}

static int
cmd_quit(struct cli_req *req)
{
	req_conn(req)->closing = true;
	return 0;
}

static int
cmd_help(struct cli_req *req)
{
	cli_help_list(req, "The following commands are valid at this "
	    "level:\n", req->argc - 1, req->argv + 1);
	return 0;
}

/* Sorted by usage in "help" with the other tables' commands. */
static const struct cli_cmd cli_core_cmds[] = {
	{ { "operator", NULL }, CLI_LVL_USER, "operator",
	    "drop this connection to the operator level",
	    cmd_lower_level },
	{ { "set", "severity-output", NULL }, CLI_LVL_USER,
	    "set severity-output [none|number|string]",
	    "prefix messages with their severity: none, number or name",
	    cmd_set_severity },
	{ { "set", "timeout", NULL }, CLI_LVL_USER,
	    "set timeout [cli] <delay>", "set this connection's idle timeout",
	    cmd_set_timeout },
	{ { "show", "cli", "level", NULL }, CLI_LVL_USER, "show cli level",
	    "print this connection's level",
	    cmd_show_cli_level },
	{ { "user", NULL }, CLI_LVL_USER, "user",
	    "drop this connection to the user level",
	    cmd_lower_level },
};
static const size_t cli_core_ncmds = nitems(cli_core_cmds);

/* Listed last by "help", in this order, as HAProxy does. */
const struct cli_cmd cli_trailer_cmds[] = {
	{ { "help", NULL }, CLI_LVL_USER, "help [<command>]",
	    "list the commands, or those starting with the words given",
	    cmd_help },
	{ { "prompt", NULL }, CLI_LVL_USER, "prompt",
	    "switch interactive mode (a prompt, several commands) on or off",
	    cmd_prompt },
	{ { "quit", NULL }, CLI_LVL_USER, "quit", "close this connection", cmd_quit },
};
const size_t cli_trailer_ncmds = nitems(cli_trailer_cmds);

/* Every command table; a module's table is one line here. */
const struct cli_table cli_tables[] = {
	{ cli_core_cmds, &cli_core_ncmds },
	{ cli_show_cmds, &cli_show_ncmds },
	{ cli_server_cmds, &cli_server_ncmds },
	{ cli_getsocks_cmds, &cli_getsocks_ncmds },
};
const size_t cli_ntables = nitems(cli_tables);

/* ------------------------------------------------------------------ */
/* Running a line */

/* The words of the command being split out of a line. */
struct cli_split {
	char	*argv[CLI_MAX_ARGS + 1];
	int	 argc;
	char	*w;		/* end of the word being written */
	bool	 in_word;
};

static void
split_end_word(struct cli_split *s)
{
	if (!s->in_word)
		return;
	*s->w++ = '\0';
	s->in_word = false;
}

static void
split_put(struct cli_split *s, char ch)
{
	if (!s->in_word) {
		if (s->argc == CLI_MAX_ARGS)
			return;		/* extra words are dropped */
		s->argv[s->argc++] = s->w;
		s->in_word = true;
	}
	*s->w++ = ch;
}

static void	cli_run(struct cli_conn *, int argc, char **argv,
		    const char *payload, size_t plen);

/* Split LINE (modified in place) at unescaped ';' into commands and at
 * spaces and tabs into words, '\' escaping the next character, as HAProxy
 * 2.6 does (quotes are not special), and run each command, the last one
 * with the payload.  Stops after a command that closes the connection. */
static void
cli_run_line(struct cli_conn *c, char *line, const char *payload,
    size_t plen)
{
	struct cli_split	 s;
	char			*r = line;
	bool			 last;

	memset(&s, 0, sizeof(s));
	s.w = line;		/* words only shrink: write in place */
	for (;;) {
		if (*r == '\\' && r[1] != '\0') {
			split_put(&s, r[1]);
			r += 2;
			continue;
		}
		if (*r == ' ' || *r == '\t') {
			split_end_word(&s);
			r++;
			continue;
		}
		if (*r != ';' && *r != '\0') {
			split_put(&s, *r++);
			continue;
		}
		last = *r == '\0';
		split_end_word(&s);
		s.argv[s.argc] = NULL;
		cli_run(c, s.argc, s.argv, last ? payload : NULL,
		    last ? plen : 0);
		if (last || c->closing)
			return;
		r++;
		s.argc = 0;
		s.w = r;
	}
}

/* Find the command named by ARGV's first words: the longest match. */
static const struct cli_cmd *
cli_lookup(int argc, char **argv)
{
	const struct cli_cmd	*best = NULL;
	size_t			 t, i, bestn = 0;

	for (t = 0; t < cli_ntables + 1; t++) {
		const struct cli_cmd	*v = t < cli_ntables ?
					    cli_tables[t].cmds :
					    cli_trailer_cmds;
		size_t			 n = t < cli_ntables ?
					    *cli_tables[t].n :
					    cli_trailer_ncmds;

		for (i = 0; i < n; i++) {
			size_t	k = cli_cmd_matches(&v[i], argc, argv);

			if (k > bestn) {
				best = &v[i];
				bestn = k;
			}
		}
	}
	return best;
}

static void
cli_run(struct cli_conn *c, int argc, char **argv, const char *payload,
    size_t plen)
{
	struct evbuffer		*out = bufferevent_get_output(c->bev);
	const struct cli_cmd	*cmd;
	struct cli_req		 req;

	memset(&req, 0, sizeof(req));
	req.eng = c->cli->eng;
	req.level = c->level;
	req.argc = argc;
	req.argv = argv;
	req.payload = payload;
	req.payload_len = plen;
	req.severity_output = c->sev;
	req.out = out;
	req.conn = c;
	cmd = argc > 0 ? cli_lookup(argc, argv) : NULL;
	if (argc == 0)
		cli_help_list(&req, "Unknown command. Please enter one of the "
		    "following commands only:\n", 0, NULL);
	else if (cmd == NULL)
		cli_help_unknown(&req);
	else if (cmd->level > c->level)
		cli_err(&req, "Permission denied\n");
	else
		cmd->fn(&req);
	if (cmd != NULL && cmd->fn == cmd_quit)
		return;		/* nothing more is written */
	evbuffer_add(out, "\n", 1);
	if (c->interactive)
		evbuffer_add(out, CLI_PROMPT, strlen(CLI_PROMPT));
}

/* A complete line (without its end of line) arrived. */
static void
cli_line(struct cli_conn *c, char *line, size_t len)
{
	struct evbuffer	*out = bufferevent_get_output(c->bev);

	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	if (c->pending != NULL) {
		if (len > 0) {
			/* a payload line, newline included; a payload that
			 * never ends is cut off with the connection */
			if (evbuffer_get_length(c->payload) + len >
			    CLI_MAX_LINE) {
				c->closing = true;
				return;
			}
			evbuffer_add(c->payload, line, len);
			evbuffer_add(c->payload, "\n", 1);
			if (c->interactive)
				evbuffer_add(out, "+ ", 2);
			return;
		}
		cli_run_line(c, c->pending,
		    (const char *)evbuffer_pullup(c->payload, -1),
		    evbuffer_get_length(c->payload));
		free(c->pending);
		c->pending = NULL;
		evbuffer_free(c->payload);
		c->payload = NULL;
	} else if (len >= 2 && strcmp(line + len - 2, "<<") == 0) {
		/* The payload follows, up to an empty line. */
		line[len - 2] = '\0';
		if ((c->pending = strdup(line)) == NULL ||
		    (c->payload = evbuffer_new()) == NULL) {
			c->closing = true;
			return;
		}
		if (c->interactive)
			evbuffer_add(out, "+ ", 2);
		return;
	} else {
		bool	was = c->interactive;

		cli_run_line(c, line, NULL, 0);
		/* Leaving the interactive mode ends the connection as a
		 * non-interactive line does. */
		if (was && !c->interactive)
			c->closing = true;
	}
	if (!c->interactive)
		c->closing = true;
}

/* ------------------------------------------------------------------ */
/* Connections */

static void
cli_conn_done(struct cli_conn *c)
{
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		cli_conn_free(c);
	else
		bufferevent_disable(c->bev, EV_READ);
}

static void
cli_read_cb(struct bufferevent *bev, void *arg)
{
	struct cli_conn	*c = arg;
	struct evbuffer	*in = bufferevent_get_input(bev);
	char		*line;
	size_t		 len;

	while (!c->closing && (line = evbuffer_readln(in, &len,
	    EVBUFFER_EOL_LF)) != NULL) {
		cli_line(c, line, len);
		free(line);
	}
	if (!c->closing && evbuffer_get_length(in) > CLI_MAX_LINE)
		c->closing = true;	/* no end of line in sight */
	if (c->closing)
		cli_conn_done(c);
}

static void
cli_write_cb(struct bufferevent *bev, void *arg)
{
	struct cli_conn	*c = arg;

	(void)bev;
	if (c->closing)
		cli_conn_free(c);
}

static void
cli_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct cli_conn	*c = arg;
	struct evbuffer	*in = bufferevent_get_input(bev);
	size_t		 len;
	char		*rest;

	if ((what & BEV_EVENT_EOF) && !c->closing &&
	    (len = evbuffer_get_length(in)) > 0 && len <= CLI_MAX_LINE &&
	    (rest = malloc(len + 1)) != NULL) {
		/* A last line without its end of line still runs. */
		evbuffer_remove(in, rest, len);
		rest[len] = '\0';
		cli_line(c, rest, len);
		free(rest);
	}
	if ((what & BEV_EVENT_EOF) && c->pending != NULL && !c->closing)
		cli_line(c, (char[]){ '\0' }, 0);	/* ends the payload */
	if (what & (BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) {
		cli_conn_free(c);
		return;
	}
	c->closing = true;
	cli_conn_done(c);
}

static void
cli_conn_free(struct cli_conn *c)
{
	struct cli_sock	*s = c->sock;

	TAILQ_REMOVE(&c->cli->conns, c, link);
	bufferevent_free(c->bev);
	free(c->pending);
	if (c->payload != NULL)
		evbuffer_free(c->payload);
	free(c);
	if (s != NULL && --s->nconn < s->maxconn && s->paused &&
	    s->lev != NULL) {
		evconnlistener_enable(s->lev);
		s->paused = false;
	}
}

static struct cli_conn *
cli_conn_new(struct cli *cli, int fd, struct cli_sock *s,
    enum cli_level level, int sev)
{
	struct cli_conn	*c = calloc(1, sizeof(*c));

	if (c == NULL || (c->bev = bufferevent_socket_new(cli->eng->base, fd,
	    BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		free(c);
		close(fd);
		return NULL;
	}
	c->cli = cli;
	c->sock = s;
	c->level = level;
	c->sev = sev;
	TAILQ_INSERT_TAIL(&cli->conns, c, link);
	bufferevent_setcb(c->bev, cli_read_cb, cli_write_cb, cli_event_cb, c);
	cli_conn_set_timeout(c, cli->timeout_ms);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	return c;
}

int
cli_conn_attach(struct cli *cli, int fd, enum cli_level level)
{
	evutil_make_socket_nonblocking(fd);
	return cli_conn_new(cli, fd, NULL, level, CLI_SEV_NONE) != NULL ?
	    0 : -1;
}

/* A "stats socket sockpair@N": each connection arrives as a descriptor
 * sent over the socketpair. */
static void
cli_take_cb(void *arg, int fd)
{
	struct cli_sock	*s = arg;

	if (cli_conn_new(s->cli, fd, s, s->level, s->sev) != NULL)
		s->nconn++;	/* cli_conn_free counts it down */
}

static void
cli_accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct cli_sock	*s = arg;

	(void)sa;
	(void)salen;
	if (cli_conn_new(s->cli, fd, s, s->level, s->sev) == NULL)
		return;
	/* "maxconn": the kernel's backlog holds the excess. */
	if (++s->nconn >= s->maxconn) {
		evconnlistener_disable(lev);
		s->paused = true;
	}
}

/* ------------------------------------------------------------------ */
/* Sockets */

static enum cli_level
cli_level_of(const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < nitems(level_names); i++)
		if (strcmp(name, level_names[i]) == 0)
			return (enum cli_level)i;
	return CLI_LVL_OPERATOR;	/* HAProxy's default */
}

static int
cli_sev_of(const char *name)
{
	if (name != NULL && strcmp(name, "number") == 0)
		return CLI_SEV_NUMBER;
	if (name != NULL && strcmp(name, "string") == 0)
		return CLI_SEV_STRING;
	return CLI_SEV_NONE;
}

static int
cli_sock_open(struct cli *cli, struct cli_sock *s,
    const struct stats_socket_conf *sc, struct diag *d)
{
	const struct global_conf	*g = &cli->eng->cfg->global;
	struct listen_spec		 ls;
	int				 fd;

	memset(&ls, 0, sizeof(ls));
	ls.addr = &sc->addr;
	ls.port = sc->addr.port_lo;
	ls.backlog = 128;
	ls.mode = sc->mode;
	ls.uid = sc->uid;
	ls.gid = sc->gid;
	ls.user = sc->user;
	ls.group = sc->group;
	ls.pos = &sc->pos;
	/* A new worker (reload) or process (-sf) binds a TCP stats socket
	 * while the old one still has it, as the frontends' binds. */
	ls.reuseport = !g->noreuseport;
	if ((fd = listener_open(&ls, d)) < 0)
		return -1;
	s->cli = cli;
	s->conf = sc;
	s->level = cli_level_of(sc->level);
	s->sev = cli_sev_of(sc->severity_output);
	s->maxconn = sc->maxconn ? sc->maxconn : g->stats_maxconn ?
	    g->stats_maxconn : CLI_DEFAULT_MAXCONN;
	if (sc->addr.kind == ADDR_SOCKPAIR) {
		/* No backlog to hold an excess: "maxconn" does not apply. */
		s->inbox = fdpass_inbox_new(cli->eng->base, fd, cli_take_cb, s);
		if (s->inbox != NULL)
			return 0;
	} else
		s->lev = evconnlistener_new(cli->eng->base, cli_accept_cb, s,
		    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1, fd);
	if (s->lev == NULL) {
		close(fd);
		diag_error(d, &sc->pos, "'stats socket': cannot accept "
		    "connections: %s", strerror(errno));
		return -1;
	}
	return 0;
}

struct cli *
cli_new(struct engine *eng, struct diag *d)
{
	const struct global_conf	*g = &eng->cfg->global;
	const struct stats_socket_conf	*sc;
	struct cli			*cli = calloc(1, sizeof(*cli));
	unsigned			 n = 0;

	if (cli == NULL) {
		diag_error(d, NULL, "out of memory for the stats sockets");
		return NULL;
	}
	cli->eng = eng;
	TAILQ_INIT(&cli->conns);
	cli->timeout_ms = g->stats_timeout_ms != CFG_UNSET ?
	    g->stats_timeout_ms : CLI_DEFAULT_TIMEOUT_MS;
	for (sc = g->stats_socket.set ? &g->stats_socket : NULL; sc != NULL;
	    sc = sc->next)
		n++;
	if ((cli->socks = calloc(n ? n : 1, sizeof(*cli->socks))) == NULL) {
		diag_error(d, NULL, "out of memory for the stats sockets");
		free(cli);
		return NULL;
	}
	for (sc = g->stats_socket.set ? &g->stats_socket : NULL; sc != NULL;
	    sc = sc->next) {
		if (cli_sock_open(cli, &cli->socks[cli->nsocks], sc, d) < 0) {
			cli_free(cli);
			return NULL;
		}
		cli->nsocks++;
	}
	return cli;
}

void
cli_close_listeners(struct cli *cli)
{
	unsigned	i;

	for (i = 0; cli != NULL && i < cli->nsocks; i++) {
		struct cli_sock	*s = &cli->socks[i];

		if (s->lev != NULL)
			evconnlistener_free(s->lev);
		s->lev = NULL;
		fdpass_inbox_free(s->inbox);
		s->inbox = NULL;
	}
}

unsigned
cli_nlisteners(const struct cli *cli)
{
	unsigned	i, n = 0;

	for (i = 0; cli != NULL && i < cli->nsocks; i++)
		if (cli->socks[i].lev != NULL || cli->socks[i].inbox != NULL)
			n++;
	return n;
}

void
cli_free(struct cli *cli)
{
	struct cli_conn	*c;

	if (cli == NULL)
		return;
	cli_close_listeners(cli);
	while ((c = TAILQ_FIRST(&cli->conns)) != NULL) {
		c->sock = NULL;		/* its listener is gone */
		cli_conn_free(c);
	}
	free(cli->socks);
	free(cli);
}
