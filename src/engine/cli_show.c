/*
 * cli_show: the read commands of the runtime API (see cli_show.h).  The
 * fields, their order and their tags are HAProxy 2.6's (its own "show
 * info typed" lists them); what hapx does not have (TLS, pipes,
 * compression, memory pools, peers) reads 0, as in an HAProxy built
 * without it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "base/freq.h"
#include "base/nitems.h"
#include "model/cfg_model.h"
#include "servers/proxy.h"
#include "servers/stick.h"
#include "observe/log_fmt.h"
#include "observe/stats.h"
#include "engine/cli.h"
#include "engine/cli_show.h"
#include "observe/err_capture.h"
#include "engine/engine_types.h"
#include "engine/session_types.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	"unknown"
#endif
/* Tools read the HAProxy release a process speaks from "Version"; hapx
 * speaks 2.6's configuration language and runtime API. */
#define CLI_VERSION	"2.6-hapx-" PACKAGE_VERSION
/* HAProxy's "Release_date" (YYYY/MM/DD); clients such as hatop refuse an
 * empty one.  The date this release of hapx's runtime API was made. */
#define CLI_RELEASE	"2026/12/08"

/* ------------------------------------------------------------------ */
/* show info */

/* The positions hapx fills; the others read 0. */
enum {
	INF_NAME = 0, INF_VERSION = 1, INF_RELEASE = 2, INF_NBTHREAD = 3,
	INF_NBPROC = 4, INF_PROCESS_NUM = 5, INF_PID = 6, INF_UPTIME = 7,
	INF_UPTIME_SEC = 8, INF_ULIMIT_N = 13, INF_MAXSOCK = 14,
	INF_MAXCONN = 15, INF_HARD_MAXCONN = 16, INF_CURR_CONNS = 17,
	INF_CUM_CONNS = 18, INF_CUM_REQ = 19, INF_CONN_RATE = 26,
	INF_CONN_RATE_LIMIT = 27, INF_MAX_CONN_RATE = 28, INF_SESS_RATE = 29,
	INF_SESS_RATE_LIMIT = 30, INF_MAX_SESS_RATE = 31, INF_IDLE_PCT = 49,
	INF_NODE = 50,
	INF_DESCRIPTION = 51, INF_STOPPING = 52, INF_JOBS = 53,
	INF_LISTENERS = 55, INF_BYTES_OUT = 61, INF_BUILD_INFO = 66,
	INF_START_TIME = 70, INF_TAINTED = 71, INF_NPOS = 72
};

/* TAGS: origin, nature, scope letters, as "show info typed" prints them;
 * OPT: printed only when set (description; HAProxy's zlib fields 45
 * and 46 are never, hapx has no zlib). */
static const struct info_field {
	unsigned	 pos;
	const char	*name;
	const char	 tags[4];
	enum st_vtype	 type;
	bool		 opt;
} info_fields[] = {
	{ 0, "Name", "POS", ST_V_STR, false },
	{ 1, "Version", "POS", ST_V_STR, false },
	{ 2, "Release_date", "POS", ST_V_STR, false },
	{ 3, "Nbthread", "CGS", ST_V_U32, false },
	{ 4, "Nbproc", "CGS", ST_V_U32, false },
	{ 5, "Process_num", "KGP", ST_V_U32, false },
	{ 6, "Pid", "SGP", ST_V_U32, false },
	{ 7, "Uptime", "MDP", ST_V_STR, false },
	{ 8, "Uptime_sec", "MDP", ST_V_U32, false },
	{ 9, "Memmax_MB", "CLP", ST_V_U32, false },
	{ 10, "PoolAlloc_MB", "MGP", ST_V_U32, false },
	{ 11, "PoolUsed_MB", "MGP", ST_V_U32, false },
	{ 12, "PoolFailed", "MCP", ST_V_U32, false },
	{ 13, "Ulimit-n", "CLP", ST_V_U32, false },
	{ 14, "Maxsock", "CLP", ST_V_U32, false },
	{ 15, "Maxconn", "CLP", ST_V_U32, false },
	{ 16, "Hard_maxconn", "CLP", ST_V_U32, false },
	{ 17, "CurrConns", "MGP", ST_V_U32, false },
	{ 18, "CumConns", "MCP", ST_V_U32, false },
	{ 19, "CumReq", "MCP", ST_V_U32, false },
	{ 20, "MaxSslConns", "MMP", ST_V_U32, false },
	{ 21, "CurrSslConns", "MGP", ST_V_U32, false },
	{ 22, "CumSslConns", "MCP", ST_V_U32, false },
	{ 23, "Maxpipes", "CLP", ST_V_U32, false },
	{ 24, "PipesUsed", "MGP", ST_V_U32, false },
	{ 25, "PipesFree", "MGP", ST_V_U32, false },
	{ 26, "ConnRate", "MRP", ST_V_U32, false },
	{ 27, "ConnRateLimit", "CLP", ST_V_U32, false },
	{ 28, "MaxConnRate", "MMP", ST_V_U32, false },
	{ 29, "SessRate", "MRP", ST_V_U32, false },
	{ 30, "SessRateLimit", "CLP", ST_V_U32, false },
	{ 31, "MaxSessRate", "MRP", ST_V_U32, false },
	{ 32, "SslRate", "MRP", ST_V_U32, false },
	{ 33, "SslRateLimit", "CLP", ST_V_U32, false },
	{ 34, "MaxSslRate", "MMP", ST_V_U32, false },
	{ 35, "SslFrontendKeyRate", "MGP", ST_V_U32, false },
	{ 36, "SslFrontendMaxKeyRate", "MMP", ST_V_U32, false },
	{ 37, "SslFrontendSessionReuse_pct", "MGP", ST_V_U32, false },
	{ 38, "SslBackendKeyRate", "MRP", ST_V_U32, false },
	{ 39, "SslBackendMaxKeyRate", "MMP", ST_V_U32, false },
	{ 40, "SslCacheLookups", "MCP", ST_V_U32, false },
	{ 41, "SslCacheMisses", "MCP", ST_V_U32, false },
	{ 42, "CompressBpsIn", "MRP", ST_V_U32, false },
	{ 43, "CompressBpsOut", "MRP", ST_V_U32, false },
	{ 44, "CompressBpsRateLim", "CLP", ST_V_U32, false },
	{ 47, "Tasks", "MGP", ST_V_U32, false },
	{ 48, "Run_queue", "MGP", ST_V_U32, false },
	{ 49, "Idle_pct", "MaP", ST_V_U32, false },
	{ 50, "node", "COS", ST_V_STR, false },
	{ 51, "description", "COS", ST_V_STR, true },
	{ 52, "Stopping", "MGP", ST_V_U32, false },
	{ 53, "Jobs", "MGP", ST_V_U32, false },
	{ 54, "Unstoppable Jobs", "MGP", ST_V_U32, false },
	{ 55, "Listeners", "MGP", ST_V_U32, false },
	{ 56, "ActivePeers", "MGP", ST_V_U32, false },
	{ 57, "ConnectedPeers", "MGP", ST_V_U32, false },
	{ 58, "DroppedLogs", "MGP", ST_V_U32, false },
	{ 59, "BusyPolling", "MGP", ST_V_U32, false },
	{ 60, "FailedResolutions", "MGP", ST_V_U32, false },
	{ 61, "TotalBytesOut", "MGP", ST_V_U64, false },
	{ 62, "TotalSplicdedBytesOut", "MGP", ST_V_U64, false },
	{ 63, "BytesOutRate", "MRP", ST_V_U64, false },
	{ 64, "DebugCommandsIssued", "MGP", ST_V_U32, false },
	{ 65, "CumRecvLogs", "MCP", ST_V_U32, false },
	{ 66, "Build info", "POS", ST_V_STR, false },
	{ 67, "Memmax_bytes", "CLP", ST_V_U32, false },
	{ 68, "PoolAlloc_bytes", "MGP", ST_V_U64, false },
	{ 69, "PoolUsed_bytes", "MGP", ST_V_U64, false },
	{ 70, "Start_time_sec", "MDP", ST_V_U32, false },
	{ 71, "Tainted", "SGP", ST_V_STR, false },
};

/* The values of one "show info", by position; strings in strs. */
struct info_vals {
	uint64_t	 u[INF_NPOS];
	const char	*s[INF_NPOS];
	char		 uptime[32], node[256];
};

static uint64_t
info_bytes_out(const struct engine *eng)
{
	uint64_t	n = 0;
	unsigned	i;

	for (i = 0; i < eng->nproxies; i++)
		if (eng->proxies[i].conf->cap & CFG_CAP_FE)
			n += eng->proxies[i].bytes_out;
	return n;
}

static unsigned
info_listeners(const struct engine *eng)
{
	unsigned	i, n = cli_nlisteners(eng->cli);

	for (i = 0; i < eng->nproxies; i++)
		n += eng->proxies[i].nlisteners;
	return n;
}

static void
info_fill_process(struct info_vals *v, const struct engine *eng)
{
	const struct global_conf	*g = &eng->cfg->global;
	struct rlimit			 rl;
	int64_t				 up = (int64_t)time(NULL) -
					    eng->start_time;

	if (up < 0)
		up = 0;
	snprintf(v->uptime, sizeof(v->uptime), "%dd %dh%02dm%02ds",
	    (int)(up / 86400), (int)(up / 3600 % 24), (int)(up / 60 % 60),
	    (int)(up % 60));
	v->s[INF_UPTIME] = v->uptime;
	v->u[INF_UPTIME_SEC] = (uint64_t)up;
	v->u[INF_START_TIME] = (uint64_t)eng->start_time;
	v->u[INF_NBTHREAD] = v->u[INF_NBPROC] = v->u[INF_PROCESS_NUM] = 1;
	v->u[INF_PID] = (uint64_t)getpid();
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		v->u[INF_ULIMIT_N] = v->u[INF_MAXSOCK] = rl.rlim_cur;
	v->u[INF_MAXCONN] = v->u[INF_HARD_MAXCONN] = eng->maxconn;
	v->u[INF_CONN_RATE_LIMIT] = g->maxconnrate == CFG_UNSET ? 0 :
	    g->maxconnrate;
	v->u[INF_SESS_RATE_LIMIT] = g->maxsessrate == CFG_UNSET ? 0 :
	    g->maxsessrate;
	if (g->node != NULL)
		snprintf(v->node, sizeof(v->node), "%s", g->node);
	else if (gethostname(v->node, sizeof(v->node)) < 0)
		v->node[0] = '\0';
	v->node[sizeof(v->node) - 1] = '\0';
	v->s[INF_NODE] = v->node;
	v->s[INF_DESCRIPTION] = g->description;
}

static void
info_fill(struct info_vals *v, const struct engine *eng)
{
	memset(v, 0, sizeof(*v));
	v->s[INF_NAME] = "hapx";
	v->s[INF_VERSION] = v->s[INF_BUILD_INFO] = CLI_VERSION;
	v->s[INF_RELEASE] = CLI_RELEASE;
	v->s[INF_TAINTED] = "0";
	info_fill_process(v, eng);
	v->u[INF_CURR_CONNS] = eng->actconn;
	v->u[INF_CUM_CONNS] = eng->cum_conns;
	v->u[INF_CUM_REQ] = eng->cum_req;
	v->u[INF_CONN_RATE] = freq_read(&eng->conn_rate, eng->base);
	v->u[INF_SESS_RATE] = freq_read(&eng->sess_rate, eng->base);
	v->u[INF_MAX_CONN_RATE] = eng->conn_rate_max;
	v->u[INF_MAX_SESS_RATE] = eng->sess_rate_max;
	v->u[INF_IDLE_PCT] = 100;
	v->u[INF_STOPPING] = eng->stopping;
	v->u[INF_LISTENERS] = info_listeners(eng);
	/* Jobs: what keeps the process alive, sessions and listeners. */
	v->u[INF_JOBS] = eng->actconn + v->u[INF_LISTENERS];
	v->u[INF_BYTES_OUT] = info_bytes_out(eng);
}

enum info_fmt { INFO_PLAIN, INFO_TYPED, INFO_JSON };

static const char *
tag_name(int which, char c)
{
	static const char *const origins[] = { "C" "Config", "K" "Key",
		"M" "Metric", "P" "Product", "S" "Status" };
	static const char *const natures[] = { "A" "Age", "a" "Avg",
		"C" "Counter", "D" "Duration", "G" "Gauge", "L" "Limit",
		"M" "Max", "m" "Min", "N" "Name", "O" "Output", "R" "Rate" };
	static const char *const scopes[] = { "C" "Cluster", "P" "Process",
		"S" "Service", "s" "System" };
	const char *const	*v = which == 0 ? origins : which == 1 ?
				    natures : scopes;
	size_t			 n = which == 0 ? nitems(origins) :
				    which == 1 ? nitems(natures) :
				    nitems(scopes), i;

	for (i = 0; i < n; i++)
		if (v[i][0] == c)
			return v[i] + 1;
	return "";
}

static void
json_string(struct evbuffer *out, const char *s)
{
	evbuffer_add(out, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			evbuffer_add_printf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			evbuffer_add_printf(out, "\\u%04x", *s);
		else
			evbuffer_add(out, s, 1);
	}
	evbuffer_add(out, "\"", 1);
}

static void
info_json_field(struct evbuffer *out, const struct info_field *f,
    const struct info_vals *v, bool first)
{
	static const char *const types[] = { [ST_V_NONE] = "empty",
		[ST_V_U32] = "u32", [ST_V_S32] = "s32", [ST_V_U64] = "u64",
		[ST_V_STR] = "str" };

	evbuffer_add_printf(out, "%s{\"field\":{\"pos\":%u,\"name\":\"%s\"},"
	    "\"processNum\":1,\"tags\":{\"origin\":\"%s\",\"nature\":\"%s\","
	    "\"scope\":\"%s\"},\"value\":{\"type\":\"%s\",\"value\":",
	    first ? "" : ",", f->pos, f->name, tag_name(0, f->tags[0]),
	    tag_name(1, f->tags[1]), tag_name(2, f->tags[2]), types[f->type]);
	if (f->type == ST_V_STR)
		json_string(out, v->s[f->pos]);
	else
		evbuffer_add_printf(out, "%" PRIu64, v->u[f->pos]);
	evbuffer_add(out, "}}", 2);
}

static void
info_render(struct evbuffer *out, const struct info_vals *v,
    enum info_fmt fmt)
{
	size_t	i;
	bool	first = true;

	if (fmt == INFO_JSON)
		evbuffer_add(out, "[", 1);
	for (i = 0; i < nitems(info_fields); i++) {
		const struct info_field	*f = &info_fields[i];
		char			 num[24];
		const char		*val = v->s[f->pos];

		if (f->opt && val == NULL)
			continue;
		if (fmt == INFO_JSON) {
			info_json_field(out, f, v, first);
			first = false;
			continue;
		}
		if (f->type != ST_V_STR) {
			snprintf(num, sizeof(num), "%" PRIu64, v->u[f->pos]);
			val = num;
		}
		if (fmt == INFO_TYPED)
			evbuffer_add_printf(out, "%u.%s.1:%s:%s:%s\n", f->pos,
			    f->name, f->tags, f->type == ST_V_STR ? "str" :
			    f->type == ST_V_U64 ? "u64" : "u32", val);
		else
			evbuffer_add_printf(out, "%s: %s\n", f->name, val);
	}
	if (fmt == INFO_JSON)
		evbuffer_add(out, "]\n", 2);
}

/* The format words of "show info" and "show stat". */
static enum info_fmt
show_fmt(const struct cli_req *req, int from)
{
	int	i;

	for (i = from; i < req->argc; i++)
		if (strcmp(req->argv[i], "typed") == 0)
			return INFO_TYPED;
		else if (strcmp(req->argv[i], "json") == 0)
			return INFO_JSON;
	return INFO_PLAIN;
}

static int
cmd_show_info(struct cli_req *req)
{
	struct info_vals	*v = malloc(sizeof(*v));

	if (v == NULL) {
		cli_err(req, "Out of memory.\n");
		return 0;
	}
	info_fill(v, req->eng);
	info_render(req->out, v, show_fmt(req, 2));
	free(v);
	return 0;
}

/* ------------------------------------------------------------------ */
/* show stat, show version */

static bool
is_num(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int
cmd_show_stat(struct cli_req *req)
{
	struct stats_req	 sr;
	int			 i;

	memset(&sr, 0, sizeof(sr));
	sr.eng = req->eng;
	sr.now = stats_now();
	/* "IID TYPE SID", as HAProxy only when all three are numbers. */
	if (req->argc >= 5 && is_num(req->argv[2]) && is_num(req->argv[3]) &&
	    is_num(req->argv[4])) {
		sr.filter = true;
		sr.iid = strtol(req->argv[2], NULL, 10);
		sr.types = (unsigned)strtol(req->argv[3], NULL, 10);
		sr.sid = strtol(req->argv[4], NULL, 10);
	}
	for (i = 2; i < req->argc; i++) {
		if (strcmp(req->argv[i], "up") == 0)
			sr.up = true;
		else if (strcmp(req->argv[i], "no-maint") == 0)
			sr.no_maint = true;
	}
	switch (show_fmt(req, 2)) {
	case INFO_TYPED:
		stats_typed(req->out, &sr);
		break;
	case INFO_JSON:
		stats_json(req->out, &sr);
		break;
	default:
		stats_csv(req->out, &sr);
		break;
	}
	return 0;
}

static int
cmd_show_version(struct cli_req *req)
{
	evbuffer_add_printf(req->out, "%s\n", CLI_VERSION);
	return 0;
}

/* ------------------------------------------------------------------ */
/* show activity: HAProxy's per-thread counters; hapx runs one thread
 * and counts connections only. */

static int
cmd_show_activity(struct cli_req *req)
{
	static const char *const zero[] = {
		"ctxsw", "tasksw", "empty_rq", "long_rq", "loops",
		"wake_tasks", "wake_signal", "poll_io", "poll_exp",
		"poll_drop_fd", "poll_skip_fd", "conn_dead", "stream_calls",
		"pool_fail", "buf_wait", "cpust_ms_tot", "cpust_ms_1s",
		"cpust_ms_15s", "avg_loop_us",
	};
	static const char *const zero_after[] = {
		"accq_pushed", "accq_full", "accq_ring", "fd_takeover",
	};
	struct timeval	tv;
	size_t		i;

	gettimeofday(&tv, NULL);
	evbuffer_add_printf(req->out, "thread_id: 1 (1..1)\ndate_now: "
	    "%lld.%06ld\n", (long long)tv.tv_sec, (long)tv.tv_usec);
	for (i = 0; i < nitems(zero); i++)
		evbuffer_add_printf(req->out, "%s: 0\n", zero[i]);
	evbuffer_add_printf(req->out, "accepted: %" PRIu64 "\n",
	    req->eng->cum_conns);
	for (i = 0; i < nitems(zero_after); i++)
		evbuffer_add_printf(req->out, "%s: 0\n", zero_after[i]);
	return 0;
}

/* ------------------------------------------------------------------ */
/* show sess */

static void
sess_addr(const struct sockaddr_storage *ss, char *buf, size_t sz)
{
	char	ip[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;

		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
		snprintf(buf, sz, "%s:%u", ip, ntohs(in->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, sz, "%s:%u", ip, ntohs(in6->sin6_port));
	} else
		snprintf(buf, sz, "unix:1");
}

static const char *
sess_proto(const struct session *s)
{
	if (s->src.ss_family == AF_INET)
		return "tcpv4";
	if (s->src.ss_family == AF_INET6)
		return "tcpv6";
	return "unix_stream";
}

/* HAProxy's line up to "lat="; the buffer and stream-interface details
 * that follow in HAProxy have no hapx equivalent. */
static int
cmd_show_sess(struct cli_req *req)
{
	const struct session	*s;
	struct timeval		 now;
	char			 src[INET6_ADDRSTRLEN + 16];
	long long		 age;

	gettimeofday(&now, NULL);
	TAILQ_FOREACH(s, &req->eng->sessions, link) {
		if (s->st == SESS_CLOSED)
			continue;
		sess_addr(&s->src, src, sizeof(src));
		age = (long long)(now.tv_sec - s->txn.accept_date.tv_sec);
		evbuffer_add_printf(req->out, "%p: proto=%s src=%s fe=%s "
		    "be=%s srv=%s ts=00 epoch=0 age=%llds calls=0 rate=0 "
		    "cpu=0 lat=0\n", (const void *)s, sess_proto(s), src,
		    s->fe != NULL ? s->fe->conf->name : "<NONE>",
		    s->be != NULL ? s->be->conf->name : "<NONE>",
		    s->srv != NULL ? s->srv->conf->name : "<none>",
		    age < 0 ? 0 : age);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* show errors: the capture (helper errcap) is not merged yet; until
 * then, HAProxy's answer with no event captured. */

static const struct proxy *
find_proxy(const struct engine *eng, const char *name)
{
	unsigned	i;

	for (i = 0; i < eng->nproxies; i++)
		if (strcmp(eng->proxies[i].conf->name, name) == 0)
			return &eng->proxies[i];
	return NULL;
}

static int
cmd_show_errors(struct cli_req *req)
{
	const char	*px = req->argc > 2 ? req->argv[2] : NULL;
	const char	*dir = req->argc > 3 ? req->argv[3] : NULL;

	/* "show errors request": HAProxy reads a lone direction word as
	 * the direction, for every proxy. */
	if (px != NULL && dir == NULL && err_capture_dir(px) >= 0) {
		dir = px;
		px = NULL;
	}
	if (err_capture_render(req->out, req->eng, px, err_capture_dir(dir),
	    NULL) < 0)
		cli_err(req, ERR_CAPTURE_NO_PROXY);
	return 0;
}

/* ------------------------------------------------------------------ */
/* show table */

static const char *const stick_types[] = {
	[STK_IP] = "ip", [STK_IPV6] = "ipv6", [STK_INTEGER] = "integer",
	[STK_STRING] = "string", [STK_BINARY] = "binary",
};

/* "data.server_id OP V" (the one data type hapx stores) or "key K". */
struct table_filter {
	const struct proxy	*px;
	struct evbuffer		*out;
	const char		*key;		/* or NULL */
	int			 op;		/* 0 none, else 1 + index */
	long long		 val;
};

static const char *const table_ops[] = { "eq", "ne", "le", "ge", "lt",
	"gt" };

static bool
table_op_ok(int op, long long a, long long b)
{
	switch (op) {
	case 1: return a == b;
	case 2: return a != b;
	case 3: return a <= b;
	case 4: return a >= b;
	case 5: return a < b;
	case 6: return a > b;
	default: return true;
	}
}

/* The id of the server KEY names in PX (its name or "ip:port"), 0 if
 * none. */
static unsigned
table_srv_id(const struct proxy *px, const char *key)
{
	unsigned	i;
	char		a[INET6_ADDRSTRLEN + 16];

	for (i = 0; i < px->nsrvs; i++) {
		const struct server	*s = &px->srvs[i];

		sess_addr(&s->addr, a, sizeof(a));
		if (strcmp(s->conf->name, key) == 0 || strcmp(a, key) == 0)
			return s->conf->id != 0 ? s->conf->id : s->idx + 1;
	}
	return 0;
}

static void
table_entry(const void *entry, const char *key, const char *srvkey,
    int64_t exp_left_ms, void *arg)
{
	struct table_filter	*f = arg;
	unsigned		 id = table_srv_id(f->px, srvkey);

	if (f->key != NULL && strcmp(f->key, key) != 0)
		return;
	if (!table_op_ok(f->op, (long long)id, f->val))
		return;
	evbuffer_add_printf(f->out, "%p: key=%s use=0 exp=%lld server_id=%u "
	    "server_key=%s\n", entry, key, (long long)(exp_left_ms < 0 ? 0 :
	    exp_left_ms), id, srvkey);
}

static void
table_header(struct evbuffer *out, const struct proxy *px)
{
	const struct stick_table_conf	*c = stick_table_conf(px->stick);

	evbuffer_add_printf(out, "# table: %s, type: %s, size:%" PRIu64
	    ", used:%zu\n", px->conf->name, stick_types[c->type], c->size,
	    stick_table_count(px->stick));
}

/* The words after the table name: "data.server_id OP V" or "key K". */
static int
table_parse_filter(struct cli_req *req, struct table_filter *f)
{
	size_t	i;

	if (req->argc <= 3)
		return 0;
	if (strcmp(req->argv[3], "key") == 0 && req->argc > 4) {
		f->key = req->argv[4];
		return 0;
	}
	if (strncmp(req->argv[3], "data.", 5) != 0) {
		cli_err(req, "Optional argument only supports \"data.<store_"
		    "data_type>\" <operator> <value> and key <key>\n");
		return -1;
	}
	if (strcmp(req->argv[3] + 5, "server_id") != 0) {
		cli_err(req, "Filter entry #1: Unknown data type\n");
		return -1;
	}
	for (i = 0; req->argc > 4 && i < nitems(table_ops); i++)
		if (strcmp(req->argv[4], table_ops[i]) == 0)
			f->op = (int)i + 1;
	if (f->op == 0) {
		cli_err(req, "Filter entry #1: Require and operator among "
		    "\"eq\", \"ne\", \"le\", \"ge\", \"lt\", \"gt\"\n");
		return -1;
	}
	if (req->argc <= 5 || !is_num(req->argv[5])) {
		cli_err(req, "Filter entry #1: Require a valid integer value "
		    "to compare against\n");
		return -1;
	}
	f->val = strtoll(req->argv[5], NULL, 10);
	return 0;
}

static int
cmd_show_table(struct cli_req *req)
{
	const struct engine	*eng = req->eng;
	struct table_filter	 f;
	unsigned		 i;

	memset(&f, 0, sizeof(f));
	f.out = req->out;
	if (req->argc > 2) {
		f.px = find_proxy(eng, req->argv[2]);
		if (f.px == NULL || f.px->stick == NULL) {
			cli_err(req, "No such table\n");
			return 0;
		}
		if (table_parse_filter(req, &f) < 0)
			return 0;
		table_header(req->out, f.px);
		/* HAProxy shows the entries to operators and admins only. */
		if (req->level < CLI_LVL_OPERATOR)
			evbuffer_add_printf(req->out, "# contents not dumped "
			    "due to insufficient privileges\n");
		else
			stick_table_walk(f.px->stick, table_entry, &f);
		return 0;
	}
	for (i = 0; i < eng->nproxies; i++)
		if (eng->proxies[i].stick != NULL)
			table_header(req->out, &eng->proxies[i]);
	return 0;
}

/* ------------------------------------------------------------------ */

const struct cli_cmd cli_show_cmds[] = {
	{ { "show", "activity", NULL }, CLI_LVL_USER, "show activity",
	    "print the event loop's counters",
	    cmd_show_activity },
	{ { "show", "errors", NULL }, CLI_LVL_OPERATOR,
	    "show errors [<px>] [request|response]",
	    "print the last invalid request and response each proxy received",
	    cmd_show_errors },
	{ { "show", "info", NULL }, CLI_LVL_USER,
	    "show info [desc|json|typed|float]*",
	    "print the process's figures (version, uptime, connections...)",
	    cmd_show_info },
	{ { "show", "sess", NULL }, CLI_LVL_OPERATOR, "show sess [id]",
	    "list the live sessions",
	    cmd_show_sess },
	{ { "show", "stat", NULL }, CLI_LVL_USER,
	    "show stat [desc|json|no-maint|typed|up]*",
	    "print the statistics of proxies and servers (the stats page's "
	    "CSV)", cmd_show_stat },
	{ { "show", "table", NULL }, CLI_LVL_USER,
	    "show table <table> [<filter>]*",
	    "print the stick tables, or the entries of one "
	    "(filter by data or key)", cmd_show_table },
	{ { "show", "version", NULL }, CLI_LVL_USER, "show version",
	    "print hapx's version", cmd_show_version },
};
const size_t cli_show_ncmds = nitems(cli_show_cmds);
