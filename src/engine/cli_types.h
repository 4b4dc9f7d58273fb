/*
 * cli_types: the contract between the runtime API's front end (cli.c:
 * sockets, sessions, parsing a line into commands, levels, "help") and
 * the modules that implement commands (cli_show.c, cli_server.c...).
 * A command module exports a table of struct cli_cmd; the front end
 * looks commands up in every table and calls the handler with one
 * struct cli_req.  Handlers write their answer to req->out and never
 * touch the socket, so the same handler serves a stats socket, the
 * master CLI's forwarding and unit tests.
 */
#ifndef HAPX_CLI_TYPES_H
#define HAPX_CLI_TYPES_H

#include <stdarg.h>
#include <stddef.h>

struct engine;
struct evbuffer;

/* "stats socket ... level": what a connection may do (HAProxy's ACCESS_LVL). */
enum cli_level {
	CLI_LVL_USER,		/* read: show info, show stat... */
	CLI_LVL_OPERATOR,	/* also: clear maxima, show sess/errors */
	CLI_LVL_ADMIN		/* also: change servers, frontends, tables */
};

/* One command of a line ("a; b" is two). */
struct cli_req {
	struct engine	 *eng;
	enum cli_level	  level;
	int		  argc;
	char		**argv;		/* the words, unquoted, unescaped */
	const char	 *payload;	/* the lines after "<<", or NULL */
	size_t		  payload_len;
	int		  severity_output; /* CLI_SEV_*: how cli_msg prefixes */
	struct evbuffer	 *out;		/* the answer; the front end adds
					   the final empty line */
	void		 *conn;		/* the front end's, for commands
					   that change the connection
					   (prompt, set timeout cli) */
};

/* "set severity-output": none (default), number ("[3]: "), string. */
enum { CLI_SEV_NONE, CLI_SEV_NUMBER, CLI_SEV_STRING };

/* A command: the leading words that name it ("show", "servers", "state"),
 * the lowest level allowed, help text, and the handler.  A handler
 * returns 0; a usage or lookup error is an answer too (cli_err). */
struct cli_cmd {
	const char	*words[4];	/* NULL-terminated when shorter */
	enum cli_level	 level;
	const char	*usage;		/* for "help": "show info [typed|json]" */
	const char	*help;		/* one line; NULL = not listed */
	int		(*fn)(struct cli_req *);
};

/* Write a message as HAProxy's cli_msg/cli_err do: the severity prefix
 * when asked for ("[3]: " or "[err]: "), then the text, which should end
 * with a newline.  SEV is a syslog severity (3 = err, 6 = info). */
void	cli_msg(struct cli_req *, int sev, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
#define cli_err(req, ...)	cli_msg((req), 3, __VA_ARGS__)
#define cli_info(req, ...)	cli_msg((req), 6, __VA_ARGS__)

#endif
