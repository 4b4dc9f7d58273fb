/*
 * cli_server: see cli_server.h.  Each handler reads req->argv (the
 * command's words first) and writes its answer to req->out; the front
 * end has already checked the command's level.  Error texts keep
 * HAProxy's trailing newline or lack of one: a client that compares
 * answers sees the same bytes.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "base/nitems.h"
#include "engine/cli_server.h"
#include "engine/engine.h"
#include "engine/listener.h"
#include "engine/session.h"
#include "model/cfg_model.h"
#include "observe/log_types.h"
#include "servers/check_srv.h"
#include "servers/proxy.h"
#include "servers/srv_admin.h"
#include "servers/state_file.h"
#include "servers/stick.h"

#define BY_CLI		" by 'stats socket command'\n"

/* The word at I, or "" past the end (HAProxy's empty args). */
static const char *
arg(const struct cli_req *req, int i)
{
	return i < req->argc && req->argv[i] != NULL ? req->argv[i] : "";
}

/* A proxy named NAME, or "#ID", with one of the capabilities CAP. */
static struct proxy *
find_px(const struct engine *eng, const char *name, unsigned cap)
{
	unsigned	i;
	char		*end;
	unsigned long	 id;

	if (name[0] != '#')
		return proxy_find(eng, name, cap);
	id = strtoul(name + 1, &end, 10);
	for (i = 0; *end == '\0' && i < eng->nproxies; i++)
		if ((eng->proxies[i].conf->cap & cap) &&
		    proxy_id(&eng->proxies[i]) == id)
			return &eng->proxies[i];
	return NULL;
}

/* The server "BACKEND/SERVER" at word I, or NULL with the answer said. */
static struct server *
arg_server(struct cli_req *req, int i)
{
	char		 buf[512], *slash;
	struct proxy	*be;
	struct server	*s;

	snprintf(buf, sizeof(buf), "%s", arg(req, i));
	if ((slash = strchr(buf, '/')) == NULL) {
		cli_err(req, "Require 'backend/server'.\n");
		return NULL;
	}
	*slash = '\0';
	if ((be = find_px(req->eng, buf, CFG_CAP_BE)) == NULL) {
		cli_err(req, "No such backend.\n");
		return NULL;
	}
	if ((s = proxy_find_server(be, slash + 1)) == NULL)
		cli_err(req, "No such server.\n");
	return s;
}

/* The frontend named at word I, or NULL with the answer said. */
static struct proxy *
arg_frontend(struct cli_req *req, int i)
{
	struct proxy	*fe;

	if (arg(req, i)[0] == '\0') {
		cli_err(req, "A frontend name is expected.\n");
		return NULL;
	}
	if ((fe = find_px(req->eng, arg(req, i), CFG_CAP_FE)) == NULL)
		cli_err(req, "No such frontend.\n");
	return fe;
}

/* A process message about PX: stderr as ha_warning(), and PX's logs. */
static void
say(struct engine *eng, const struct proxy *px, const char *line)
{
	eng->hooks.say(eng, false, line);
	eng->hooks.log(eng, px, LOG_L_WARNING, line);
}

/* HAProxy's proxy_type_str(). */
static const char *
px_type(const struct proxy *px)
{
	if (px->conf->kind != NULL && strcmp(px->conf->kind, "listen") == 0)
		return "proxy";
	return px->conf->cap & CFG_CAP_FE ? "frontend" : "backend";
}

/* ------------------------------------------------------------------ */
/* set server B/S ... */

static int
srv_state(struct cli_req *req, struct server *s)
{
	static const struct {
		const char		*word;
		enum srv_admin_act	 act;
	} acts[] = {
		{ "drain", SRV_ADM_DRAIN },
		{ "maint", SRV_ADM_MAINT },
		{ "ready", SRV_ADM_READY },
	};
	size_t	i;

	for (i = 0; i < nitems(acts); i++)
		if (strcmp(arg(req, 4), acts[i].word) == 0) {
			srv_admin_set(req->eng, s, acts[i].act);
			return 0;
		}
	cli_err(req, "'set server <srv> state' expects 'ready', 'drain' and "
	    "'maint'.\n");
	return 0;
}

static int
srv_health(struct cli_req *req, struct server *s)
{
	static const struct {
		const char		*word;
		enum check_trans	 tr;
	} words[] = {
		{ "down", CHK_TR_DOWN },
		{ "stopping", CHK_TR_NOLB },
		{ "up", CHK_TR_UP },
	};
	size_t	i;

	for (i = 0; i < nitems(words); i++)
		if (strcmp(arg(req, 4), words[i].word) == 0) {
			check_force(req->eng, s, words[i].tr);
			return 0;
		}
	cli_err(req, "'set server <srv> health' expects 'up', 'stopping', or "
	    "'down'.\n");
	return 0;
}

static int
weight_arg(struct cli_req *req, struct server *s, int i)
{
	const char	*msg;
	unsigned	 w;

	if (arg(req, i)[0] == '\0') {
		cli_err(req, "Require <weight> or <weight%%>.\n");
		return 0;
	}
	if ((msg = srv_admin_parse_weight(s, arg(req, i), &w)) != NULL)
		cli_err(req, "%s", msg);
	else
		srv_admin_weight(s, w);
	return 0;
}

static int
srv_weight(struct cli_req *req, struct server *s)
{
	return weight_arg(req, s, 4);
}

static unsigned
sa_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return 0;
}

static void
sa_text(const struct sockaddr_storage *ss, char *buf, size_t sz)
{
	const void	*a = ss->ss_family == AF_INET6 ?
			    (const void *)&((const struct sockaddr_in6 *)ss)->
			    sin6_addr : (const void *)&((const struct
			    sockaddr_in *)ss)->sin_addr;

	if ((ss->ss_family != AF_INET && ss->ss_family != AF_INET6) ||
	    inet_ntop(ss->ss_family, a, buf, (socklen_t)sz) == NULL)
		snprintf(buf, sz, "-");
}

/* TEXT as an address of S's port into SS; -1 if it is none. */
static int
parse_ip(const char *text, unsigned port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in	*a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof(*a4);
		return 0;
	}
	if (inet_pton(AF_INET6, text, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
		return 0;
	}
	return -1;
}

static void
set_port(struct sockaddr_storage *ss, unsigned port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
	else if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
}

/* "set server B/S addr IP [port P]": HAProxy's answer tells what changed,
 * then " by 'stats socket command'".  The old address's idle
 * connections go. */
static int
srv_addr(struct cli_req *req, struct server *s)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	char			 from[INET6_ADDRSTRLEN], to[INET6_ADDRSTRLEN];
	unsigned		 old = sa_port(&s->addr);
	char			*end;
	long			 p;

	if (arg(req, 4)[0] == '\0') {
		cli_err(req, "set server <b>/<s> addr requires an address and "
		    "optionally a port.\n");
		return 0;
	}
	if (parse_ip(arg(req, 4), old, &ss, &len) < 0) {
		cli_err(req, "Invalid addr '%s'" BY_CLI, arg(req, 4));
		return 0;
	}
	sa_text(&s->addr, from, sizeof(from));
	sa_text(&ss, to, sizeof(to));
	if (strcmp(from, to) == 0 && s->addr.ss_family == ss.ss_family)
		evbuffer_add_printf(req->out, "no need to change the addr");
	else
		evbuffer_add_printf(req->out, "IP changed from '%s' to '%s'",
		    from, to);
	if (strcmp(arg(req, 5), "port") == 0) {
		p = strtol(arg(req, 6), &end, 10);
		if (end == arg(req, 6) || *end != '\0')
			evbuffer_add_printf(req->out, ", problem converting "
			    "port '%s' to an int", arg(req, 6));
		else if ((unsigned)(uint16_t)p == old)
			evbuffer_add_printf(req->out, ", no need to change the "
			    "port");
		else {
			/* HAProxy keeps the low 16 bits (99999 -> 34463). */
			evbuffer_add_printf(req->out, ", port changed from "
			    "'%u' to '%u'", old, (unsigned)(uint16_t)p);
			set_port(&ss, (uint16_t)p);
		}
	}
	evbuffer_add_printf(req->out, BY_CLI);
	memcpy(&s->addr, &ss, sizeof(ss));
	s->addrlen = len;
	session_pool_flush(s);
	return 0;
}

static int
srv_agent(struct cli_req *req, struct server *s)
{
	(void)s;
	cli_err(req, "agent checks are not enabled on this server.\n");
	return 0;
}

static int
srv_agent_nonl(struct cli_req *req, struct server *s)
{
	(void)s;
	cli_err(req, "agent checks are not enabled on this server");
	return 0;
}

/* A check port at word I into *PORT; -1 with HAProxy's answer. */
static int
check_port_arg(struct cli_req *req, int i, unsigned *port)
{
	char	*end;
	long	 v;

	v = strtol(arg(req, i), &end, 10);
	if (end == arg(req, i) || *end != '\0') {
		cli_err(req, "provided port is not an integer");
		return -1;
	}
	if (v < 1 || v > 65535) {
		cli_err(req, "provided port is invalid");
		return -1;
	}
	*port = (unsigned)v;
	return 0;
}

static int
srv_check_port(struct cli_req *req, struct server *s)
{
	unsigned	port;

	if (s->chk == NULL) {
		cli_err(req, "health checks are not enabled on this server");
		return 0;
	}
	if (arg(req, 4)[0] == '\0') {
		cli_err(req, "set server <b>/<s> check-port requires a "
		    "port.\n");
		return 0;
	}
	if (check_port_arg(req, 4, &port) == 0)
		s->chk_port = port;
	return 0;
}

/* "set server B/S check-addr IP [port P]": where the checks connect. */
static int
srv_check_addr(struct cli_req *req, struct server *s)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	unsigned		 port = 0;

	if (s->chk == NULL) {
		cli_err(req, "health checks are not enabled on this server");
		return 0;
	}
	if (arg(req, 4)[0] == '\0') {
		cli_err(req, "set server <b>/<s> check-addr requires an "
		    "address and optionally a port.\n");
		return 0;
	}
	if (parse_ip(arg(req, 4), 0, &ss, &len) < 0) {
		cli_err(req, "invalid addr '%s'", arg(req, 4));
		return 0;
	}
	if (strcmp(arg(req, 5), "port") == 0 &&
	    check_port_arg(req, 6, &port) < 0)
		return 0;
	memcpy(&s->chk_addr, &ss, sizeof(ss));
	s->chk_addrlen = len;
	if (port != 0)
		s->chk_port = port;
	return 0;
}

static int
srv_fqdn(struct cli_req *req, struct server *s)
{
	(void)s;
	cli_err(req, "set server <b>/<s> fqdn failed because no resolution is "
	    "configured.\n");
	return 0;
}

static int
srv_ssl(struct cli_req *req, struct server *s)
{
	(void)s;
	cli_err(req, "'set server <srv> ssl' cannot be set.  default-server "
	    "should define ssl settings\n");
	return 0;
}

static const struct {
	const char	*word;
	int		(*fn)(struct cli_req *, struct server *);
} set_server_ops[] = {
	{ "addr", srv_addr },
	{ "agent", srv_agent },
	{ "agent-addr", srv_agent_nonl },
	{ "agent-port", srv_agent_nonl },
	{ "agent-send", srv_agent },
	{ "check-addr", srv_check_addr },
	{ "check-port", srv_check_port },
	{ "fqdn", srv_fqdn },
	{ "health", srv_health },
	{ "ssl", srv_ssl },
	{ "state", srv_state },
	{ "weight", srv_weight },
};

static int
cmd_set_server(struct cli_req *req)
{
	struct server	*s;
	size_t		 i;

	if ((s = arg_server(req, 2)) == NULL)
		return 0;
	for (i = 0; i < nitems(set_server_ops); i++)
		if (strcmp(arg(req, 3), set_server_ops[i].word) == 0)
			return set_server_ops[i].fn(req, s);
	cli_err(req, "usage: set server <backend>/<server> addr | agent | "
	    "agent-addr | agent-port | agent-send | check-addr | check-port "
	    "| fqdn | health | ssl | state | weight\n");
	return 0;
}

/* ------------------------------------------------------------------ */
/* weights, enable/disable server|health|agent, shutdown sessions */

static int
cmd_get_weight(struct cli_req *req)
{
	struct server	*s;

	if ((s = arg_server(req, 2)) != NULL)
		evbuffer_add_printf(req->out, "%u (initial %u)\n", s->uweight,
		    s->conf->weight);
	return 0;
}

static int
cmd_set_weight(struct cli_req *req)
{
	struct server	*s;

	if ((s = arg_server(req, 2)) != NULL)
		weight_arg(req, s, 3);
	return 0;
}

static int
cmd_enable_server(struct cli_req *req)
{
	struct server	*s;

	if ((s = arg_server(req, 2)) != NULL)
		srv_admin_set(req->eng, s, SRV_ADM_UNMAINT);
	return 0;
}

static int
cmd_disable_server(struct cli_req *req)
{
	struct server	*s;

	if ((s = arg_server(req, 2)) != NULL)
		srv_admin_set(req->eng, s, SRV_ADM_MAINT);
	return 0;
}

static int
cmd_enable_health(struct cli_req *req)
{
	struct server	*s;

	if ((s = arg_server(req, 2)) != NULL && check_set_enabled(s, true) < 0)
		cli_err(req, "Health check was not configured on this server, "
		    "cannot enable.\n");
	return 0;
}

static int
cmd_disable_health(struct cli_req *req)
{
	struct server	*s;

	if ((s = arg_server(req, 2)) != NULL)
		(void)check_set_enabled(s, false);
	return 0;
}

/* hapx has no agent checks: no server has one to enable; disabling
 * none is done. */
static int
cmd_enable_agent(struct cli_req *req)
{
	if (arg_server(req, 2) != NULL)
		cli_err(req, "Agent was not configured on this server, cannot "
		    "enable.\n");
	return 0;
}

static int
cmd_disable_agent(struct cli_req *req)
{
	(void)arg_server(req, 2);
	return 0;
}

static int
cmd_shutdown_sessions(struct cli_req *req)
{
	struct server	*s;

	if ((s = arg_server(req, 3)) != NULL)
		session_shutdown_server(req->eng, s);
	return 0;
}

/* ------------------------------------------------------------------ */
/* frontends */

static int
cmd_disable_frontend(struct cli_req *req)
{
	struct proxy	*fe;
	char		 line[300];

	if ((fe = arg_frontend(req, 2)) == NULL)
		return 0;
	if (fe->stopped) {
		cli_err(req, "Frontend was previously shut down, cannot "
		    "disable.\n");
		return 0;
	}
	if (fe->admin_paused) {
		cli_err(req, "All sockets are already disabled.\n");
		return 0;
	}
	fe->admin_paused = true;
	listener_admin_pause(fe, true);
	snprintf(line, sizeof(line), "Paused %s %s.", px_type(fe),
	    fe->conf->name);
	say(req->eng, fe, line);
	return 0;
}

static int
cmd_enable_frontend(struct cli_req *req)
{
	struct proxy	*fe;
	char		 line[300];

	if ((fe = arg_frontend(req, 2)) == NULL)
		return 0;
	if (fe->stopped) {
		cli_err(req, "Frontend was previously shut down, cannot "
		    "enable.\n");
		return 0;
	}
	if (!fe->admin_paused) {
		cli_err(req, "All sockets are already enabled.\n");
		return 0;
	}
	fe->admin_paused = false;
	listener_admin_pause(fe, false);
	engine_limits_changed(req->eng);
	snprintf(line, sizeof(line), "Resumed %s %s.", px_type(fe),
	    fe->conf->name);
	say(req->eng, fe, line);
	return 0;
}

static int
cmd_shutdown_frontend(struct cli_req *req)
{
	struct proxy	*fe;
	char		 line[400];

	if ((fe = arg_frontend(req, 2)) == NULL)
		return 0;
	if (fe->stopped) {
		cli_err(req, "Frontend was already shut down.\n");
		return 0;
	}
	/* Stop listening before closing: under -W the master still holds
	 * the same socket, which would go on queueing connections. */
	listener_admin_pause(fe, true);
	listener_close(fe);
	fe->stopped = true;
	snprintf(line, sizeof(line), "Proxy %s stopped (cumulated conns: FE: "
	    "%llu, BE: %llu).", fe->conf->name,
	    (unsigned long long)fe->cum_feconn,
	    (unsigned long long)fe->cum_beconn);
	say(req->eng, fe, line);
	return 0;
}

/* ------------------------------------------------------------------ */
/* limits */

static int
cmd_set_maxconn_server(struct cli_req *req)
{
	struct server	*s;
	const char	*t;
	char		*end;
	long		 v;

	if ((s = arg_server(req, 3)) == NULL)
		return 0;
	if ((t = arg(req, 4))[0] == '\0') {
		cli_err(req, "Require <maxconn>.\n");
		return 0;
	}
	v = strtol(t, &end, 10);
	if (end == t) {
		cli_err(req, "maxconn string empty or preceded by garbage");
		return 0;
	}
	if (*end != '\0') {
		cli_err(req, "Trailing garbage in maxconn string");
		return 0;
	}
	/* HAProxy takes a negative value too; it limits nothing. */
	s->maxconn = v > 0 ? (unsigned)v : 0;
	s->maxconn_set = true;
	return 0;
}

static int
cmd_set_maxconn_frontend(struct cli_req *req)
{
	struct proxy	*fe;
	int		 v;

	if ((fe = arg_frontend(req, 3)) == NULL)
		return 0;
	if (arg(req, 4)[0] == '\0') {
		cli_err(req, "Integer value expected.\n");
		return 0;
	}
	if ((v = atoi(arg(req, 4))) < 0) {
		cli_err(req, "Value out of range.\n");
		return 0;
	}
	fe->maxconn = v > 0 ? (uint32_t)v : req->eng->maxconn;
	engine_limits_changed(req->eng);
	return 0;
}

static int
cmd_set_maxconn_global(struct cli_req *req)
{
	struct engine	*eng = req->eng;
	int		 v;

	if (arg(req, 3)[0] == '\0') {
		cli_err(req, "Expects an integer value.\n");
		return 0;
	}
	v = atoi(arg(req, 3));
	if (v > 0 && (uint32_t)v > eng->hardmaxconn) {
		cli_err(req, "Value out of range.\n");
		return 0;
	}
	eng->maxconn = v > 0 ? (uint32_t)v : eng->hardmaxconn;
	engine_limits_changed(eng);
	return 0;
}

static int
cmd_set_rate_limit(struct cli_req *req)
{
	static const char *const kinds[] = { "connections", "sessions",
		"ssl-sessions", "http-compression" };
	const char	*k = arg(req, 2);
	size_t		 i;
	int		 v;

	for (i = 0; i < nitems(kinds) && strcmp(k, kinds[i]) != 0; i++)
		;
	if (i == nitems(kinds) || strcmp(arg(req, 3), "global") != 0) {
		cli_err(req, "'set rate-limit' only supports :\n"
		    "   - 'connections global' to set the per-process maximum "
		    "connection rate\n"
		    "   - 'sessions global' to set the per-process maximum "
		    "session rate\n"
		    "   - 'ssl-sessions global' to set the per-process maximum "
		    "SSL session rate\n"
		    "   - 'http-compression global' to set the per-process "
		    "maximum compression speed in kB/s\n");
		return 0;
	}
	if (arg(req, 4)[0] == '\0') {
		cli_err(req, "Expects an integer value.\n");
		return 0;
	}
	if ((v = atoi(arg(req, 4))) < 0) {
		cli_err(req, "Value out of range.\n");
		return 0;
	}
	if (i >= 2) {
		cli_err(req, "hapx has no %s to limit: 'set rate-limit %s "
		    "global' changes nothing.\n", i == 2 ? "SSL sessions" :
		    "HTTP compression", k);
		return 0;
	}
	if (i == 0)
		req->eng->maxconnrate = (uint32_t)v;
	else
		req->eng->maxsessrate = (uint32_t)v;
	engine_limits_changed(req->eng);
	return 0;
}

/* "clear counters" (operator): the maxima; "clear counters all"
 * (admin): every counter. */
static int
cmd_clear_counters(struct cli_req *req)
{
	bool		all = strcmp(arg(req, 2), "all") == 0;
	unsigned	i;

	if (all && req->level < CLI_LVL_ADMIN) {
		cli_err(req, "Permission denied\n");
		return 0;
	}
	for (i = 0; i < req->eng->nproxies; i++)
		proxy_clear_counters(&req->eng->proxies[i], all);
	return 0;
}

/* ------------------------------------------------------------------ */
/* show servers state, show backend */

static void
dump_backend(struct cli_req *req, const struct proxy *be, int64_t now)
{
	char		line[8192];
	unsigned	i;

	for (i = 0; i < be->nsrvs; i++) {
		state_file_line(&be->srvs[i], now, line, sizeof(line));
		evbuffer_add(req->out, line, strlen(line));
	}
}

static int
cmd_show_servers_state(struct cli_req *req)
{
	const struct engine	*eng = req->eng;
	const struct proxy	*only = NULL;
	int64_t			 now = (int64_t)time(NULL);
	unsigned		 i;

	if (arg(req, 3)[0] != '\0' &&
	    (only = find_px(eng, arg(req, 3), CFG_CAP_BE)) == NULL) {
		cli_err(req, "Can't find backend.\n");
		return 0;
	}
	evbuffer_add(req->out, state_file_header, strlen(state_file_header));
	for (i = 0; i < eng->nproxies; i++) {
		const struct proxy	*px = &eng->proxies[i];

		if ((px->conf->cap & CFG_CAP_BE) &&
		    (only == NULL || px == only))
			dump_backend(req, px, now);
	}
	return 0;
}

static int
cmd_show_backend(struct cli_req *req)
{
	unsigned	i;

	evbuffer_add_printf(req->out, "# name\n");
	for (i = 0; i < req->eng->nproxies; i++)
		if (req->eng->proxies[i].conf->cap & CFG_CAP_BE)
			evbuffer_add_printf(req->out, "%s\n",
			    req->eng->proxies[i].conf->name);
	return 0;
}

/* ------------------------------------------------------------------ */
/* tables */

/* HAProxy 2.6's stick-table data types: hapx's tables store only the
 * server a key sticks to, so each of these is "not stored". */
static bool
table_data_known(const char *name)
{
	static const char *const types[] = { "bytes_in_cnt",
		"bytes_in_rate", "bytes_out_cnt", "bytes_out_rate",
		"conn_cnt", "conn_cur", "conn_rate", "gpc", "gpc0",
		"gpc0_rate", "gpc1", "gpc1_rate", "gpc_rate", "gpt", "gpt0",
		"http_err_cnt", "http_err_rate", "http_fail_cnt",
		"http_fail_rate", "http_req_cnt", "http_req_rate",
		"server_id", "server_key", "sess_cnt", "sess_rate" };
	size_t	i;

	for (i = 0; i < nitems(types); i++)
		if (strcmp(name, types[i]) == 0)
			return true;
	return false;
}

static struct stick_table *
find_table(const struct engine *eng, const char *name)
{
	unsigned	i;

	for (i = 0; i < eng->nproxies; i++)
		if (eng->proxies[i].stick != NULL &&
		    strcmp(eng->proxies[i].conf->name, name) == 0)
			return eng->proxies[i].stick;
	return NULL;
}

/* "clear table T [key K | data.X op V]": a user-level socket may type
 * it and nothing happens, as in HAProxy. */
static int
cmd_clear_table(struct cli_req *req)
{
	struct stick_table	*t;
	const char		*w = arg(req, 3);

	if (arg(req, 2)[0] == '\0') {
		cli_err(req, "Required arguments: <table> \"data.<store_data_"
		    "type>\" <operator> <value> or <table> key <key>\n");
		return 0;
	}
	if ((t = find_table(req->eng, arg(req, 2))) == NULL) {
		cli_err(req, "No such table\n");
		return 0;
	}
	if (req->level < CLI_LVL_OPERATOR)
		return 0;
	if (w[0] == '\0')
		stick_table_clear(t);
	else if (strcmp(w, "key") == 0 && arg(req, 4)[0] == '\0')
		cli_err(req, "Key value expected\n");
	else if (strcmp(w, "key") == 0)
		(void)stick_table_remove(t, arg(req, 4), proxy_now_ms());
	else if (strncmp(w, "data.", 5) == 0)
		cli_err(req, "Filter entry #1: %s\n", table_data_known(w + 5) ?
		    "Data type not stored in this table" :
		    "Unknown data type");
	else
		cli_err(req, "Required arguments: <table> \"data.<store_data_"
		    "type>\" <operator> <value> or <table> key <key>\n");
	return 0;
}

static int
cmd_set_table(struct cli_req *req)
{
	struct stick_table	*t;
	int			 i;

	if (arg(req, 2)[0] == '\0' || (arg(req, 3)[0] != '\0' &&
	    strcmp(arg(req, 3), "key") != 0)) {
		cli_err(req, "Required arguments: <table> key <key> "
		    "[data.<store_data_type> <value>]*\n");
		return 0;
	}
	if ((t = find_table(req->eng, arg(req, 2))) == NULL) {
		cli_err(req, "No such table\n");
		return 0;
	}
	if (arg(req, 3)[0] == '\0')
		return 0;
	if (arg(req, 4)[0] == '\0') {
		cli_err(req, "Key value expected\n");
		return 0;
	}
	if (stick_table_touch(t, arg(req, 4), proxy_now_ms()) < 0)
		return 0;	/* not a key of this type: HAProxy is silent */
	for (i = 5; i < req->argc; i += 2) {
		if (strncmp(arg(req, i), "data.", 5) != 0 ||
		    arg(req, i + 1)[0] == '\0') {
			cli_err(req, "\"data.<type>\" followed by a value "
			    "expected\n");
			return 0;
		}
		cli_err(req, "%s\n", table_data_known(arg(req, i) + 5) ?
		    "Data type not stored in this table" :
		    "Unknown data type");
		return 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* maps and ACLs: hapx loads no map or ACL file yet, so every identifier
 * is unknown; the argument checks come first, as in HAProxy. */

#define UNKNOWN_MAP	"Unknown map identifier. Please use #<id> or <file>.\n"
#define UNKNOWN_ACL	"Unknown ACL identifier. Please use #<id> or <file>.\n"

static bool
is_map(const struct cli_req *req)
{
	return strcmp(arg(req, 1), "map") == 0;
}

/* Words after the command's two, past an optional "@<version>". */
static int
first_param(const struct cli_req *req)
{
	return arg(req, 2)[0] == '@' ? 3 : 2;
}

static int
nparams(const struct cli_req *req)
{
	int	n = req->argc - first_param(req);

	return n > 0 ? n : 0;
}

static int
unknown(struct cli_req *req)
{
	cli_err(req, "%s", is_map(req) ? UNKNOWN_MAP : UNKNOWN_ACL);
	return 0;
}

static int
cmd_show_map(struct cli_req *req)
{
	if (nparams(req) == 0) {
		evbuffer_add_printf(req->out, "# id (file) description\n");
		return 0;
	}
	return unknown(req);
}

static int
cmd_add_map(struct cli_req *req)
{
	int	n = nparams(req);

	if (is_map(req) && n != 3 && !(n == 1 && req->payload != NULL)) {
		cli_err(req, "'add map' expects three parameters (map "
		    "identifier, key and value) or one parameter (map "
		    "identifier) and a payload\n");
		return 0;
	}
	if (!is_map(req) && n != 2 && !(n == 1 && req->payload != NULL)) {
		cli_err(req, "'add acl' expects two parameters: ACL identifier "
		    "and pattern.\n");
		return 0;
	}
	return unknown(req);
}

static int
cmd_del_map(struct cli_req *req)
{
	if (nparams(req) < 2) {
		cli_err(req, "This command expects two parameters: %s "
		    "identifier and key.\n", is_map(req) ? "map" : "ACL");
		return 0;
	}
	/* HAProxy 2.6 names a map even for "del acl". */
	cli_err(req, UNKNOWN_MAP);
	return 0;
}

static int
cmd_set_map(struct cli_req *req)
{
	if (nparams(req) < 3) {
		cli_err(req, "'set map' expects three parameters: map "
		    "identifier, key and value.\n");
		return 0;
	}
	return unknown(req);
}

static int
cmd_clear_map(struct cli_req *req)
{
	if (nparams(req) == 0) {
		cli_err(req, "Missing %s identifier.\n", is_map(req) ? "map" :
		    "ACL");
		return 0;
	}
	return unknown(req);
}

static int
cmd_get_map(struct cli_req *req)
{
	if (nparams(req) < 2) {
		cli_err(req, "Missing %s identifier and/or key.\n",
		    is_map(req) ? "map" : "ACL");
		return 0;
	}
	return unknown(req);
}

static int
cmd_commit_map(struct cli_req *req)
{
	if (arg(req, 2)[0] != '@') {
		cli_err(req, "Missing version number.\n");
		return 0;
	}
	if (nparams(req) == 0) {
		cli_err(req, "Missing %s identifier.\n", is_map(req) ? "map" :
		    "ACL");
		return 0;
	}
	return unknown(req);
}

static int
cmd_prepare_map(struct cli_req *req)
{
	return unknown(req);
}

/* ------------------------------------------------------------------ */
/* The table, sorted by words; usage and help are HAProxy's "help"
 * lines. */

#define U	CLI_LVL_USER
#define O	CLI_LVL_OPERATOR
#define A	CLI_LVL_ADMIN

const struct cli_cmd cli_server_cmds[] = {
	{ { "add", "acl" }, U, "add acl [@<ver>] <acl> <pattern>",
	    "add a pattern to an ACL file", cmd_add_map },
	{ { "add", "map" }, U, "add map [@<ver>] <map> <key> <val>",
	    "add a key and value to a map file (or several, as a payload)",
	    cmd_add_map },
	{ { "clear", "acl" }, U, "clear acl [@<ver>] <acl>",
	    "empty an ACL file", cmd_clear_map },
	{ { "clear", "counters" }, O, "clear counters [all]",
	    "reset the maxima of the statistics (all of them with 'all')",
	    cmd_clear_counters },
	{ { "clear", "map" }, U, "clear map [@<ver>] <map>",
	    "empty a map file", cmd_clear_map },
	{ { "clear", "table" }, U, "clear table <table> [<filter>]*",
	    "remove stick table entries (all, or those a filter selects)",
	    cmd_clear_table },
	{ { "commit", "acl" }, U, "commit acl @<ver> <acl>",
	    "make a prepared version of an ACL file the live one", cmd_commit_map },
	{ { "commit", "map" }, U, "commit map @<ver> <map>",
	    "make a prepared version of a map file the live one", cmd_commit_map },
	{ { "del", "acl" }, U, "del acl <acl> [<key>|#<ref>]",
	    "remove the patterns equal to a key from an ACL file", cmd_del_map },
	{ { "del", "map" }, U, "del map <map> [<key>|#<ref>]",
	    "remove the entries of a key from a map file", cmd_del_map },
	{ { "disable", "agent" }, A, "disable agent",
	    "stop a server's agent checks", cmd_disable_agent },
	{ { "disable", "frontend" }, A, "disable frontend <frontend>",
	    "pause a frontend: new connections are refused", cmd_disable_frontend },
	{ { "disable", "health" }, A, "disable health",
	    "stop a server's health checks", cmd_disable_health },
	{ { "disable", "server" }, A, "disable server (DEPRECATED)",
	    "put a server in maintenance (older form of 'set server')",
	    cmd_disable_server },
	{ { "enable", "agent" }, A, "enable agent",
	    "start a server's agent checks again", cmd_enable_agent },
	{ { "enable", "frontend" }, A, "enable frontend <frontend>",
	    "resume a paused frontend", cmd_enable_frontend },
	{ { "enable", "health" }, A, "enable health",
	    "start a server's health checks again", cmd_enable_health },
	{ { "enable", "server" }, A, "enable server  (DEPRECATED)",
	    "take a server out of maintenance (older form of 'set server')",
	    cmd_enable_server },
	{ { "get", "acl" }, U, "get acl <acl> <value>",
	    "tell which pattern of an ACL file a value matches",
	    cmd_get_map },
	{ { "get", "map" }, U, "get map <acl> <value>",
	    "tell which entry of a map file a value matches",
	    cmd_get_map },
	{ { "get", "weight" }, U, "get weight <bk>/<srv>",
	    "print a server's weight and its configured one", cmd_get_weight },
	{ { "prepare", "acl" }, U, "prepare acl <acl>",
	    "start a new version of an ACL file, to commit at once",
	    cmd_prepare_map },
	{ { "prepare", "map" }, U, "prepare map <acl>",
	    "start a new version of a map file, to commit at once",
	    cmd_prepare_map },
	{ { "set", "map" }, U, "set map <map> [<key>|#<ref>] <value>",
	    "change the value of a map entry", cmd_set_map },
	{ { "set", "maxconn", "frontend" }, A,
	    "set maxconn frontend <frontend> <value>",
	    "set a frontend's connection limit", cmd_set_maxconn_frontend },
	{ { "set", "maxconn", "global" }, A, "set maxconn global <value>",
	    "set the process's connection limit", cmd_set_maxconn_global },
	{ { "set", "maxconn", "server" }, A, "set maxconn server <bk>/<srv>",
	    "set a server's connection limit", cmd_set_maxconn_server },
	{ { "set", "rate-limit" }, A, "set rate-limit <setting> <value>",
	    "set a process-wide rate limit", cmd_set_rate_limit },
	{ { "set", "server" }, A, "set server <bk>/<srv> [opts]",
	    "change a server: state, weight, address, health, check port",
	    cmd_set_server },
	{ { "set", "table" }, O, "set table <table> key <k> [data.* <v>]*",
	    "set data of a stick table entry, creating it if needed", cmd_set_table },
	{ { "set", "weight" }, A, "set weight <bk>/<srv>  (DEPRECATED)",
	    "set a server's weight (older form of 'set server')",
	    cmd_set_weight },
	{ { "show", "acl" }, U, "show acl [@<ver>] <acl>]",
	    "list the ACL files, or the patterns of one", cmd_show_map },
	{ { "show", "backend" }, U, "show backend",
	    "list the backends", cmd_show_backend },
	{ { "show", "map" }, U, "show map [@ver] [map]",
	    "list the map files, or the entries of one", cmd_show_map },
	{ { "show", "servers", "state" }, U, "show servers state [<backend>]",
	    "print the servers' runtime state, as a server state file",
	    cmd_show_servers_state },
	{ { "shutdown", "frontend" }, A, "shutdown frontend <frontend>",
	    "close a frontend's listeners for good", cmd_shutdown_frontend },
	{ { "shutdown", "sessions", "server" }, A,
	    "shutdown sessions server <bk>/<srv>",
	    "close every session using a server",
	    cmd_shutdown_sessions },
};

const size_t cli_server_ncmds = nitems(cli_server_cmds);
