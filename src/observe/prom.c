/*
 * prom: the Prometheus exporter service ("http-request use-service
 * prometheus-exporter"): HAProxy 2.6's metric names for what hapx counts,
 * in the text exposition format 0.0.4 (a "# HELP" and a "# TYPE" line
 * per family, then its samples, labels proxy="..." and server="...").
 * Values come from the stats rows (stats.h), so the page, the CSV and
 * the metrics always agree.  A field hapx leaves empty gives no sample.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "model/cfg_model.h"
#include "servers/check_srv.h"
#include "engine/engine_types.h"
#include "observe/prom.h"
#include "servers/proxy.h"
#include "engine/service_types.h"
#include "observe/stats.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	"unknown"
#endif

#define PROM_FE		(1u << ST_FE)
#define PROM_BE		(1u << ST_BE)
#define PROM_SRV	(1u << ST_SRV)

/* How a field becomes a sample. */
enum prom_conv {
	PC_PLAIN,		/* the value as is */
	PC_MS,			/* milliseconds -> seconds */
	PC_STATUS,		/* per-state gauges */
	PC_HRSP,		/* http_responses_total{code=...} */
	PC_CHECK_STATUS,	/* check_status{state=...} */
	PC_AGG_STATUS		/* backend: servers per state */
};

struct prom_metric {
	const char	*name;		/* after haproxy_<kind>_ */
	unsigned	 kinds;		/* PROM_FE|PROM_BE|PROM_SRV */
	enum st_field	 f;
	enum prom_conv	 conv;
	bool		 counter;	/* else gauge */
	const char	*help;
};

static const struct prom_metric prom_metrics[] = {
	{ "current_queue", PROM_BE | PROM_SRV, ST_F_QCUR, PC_PLAIN, false,
	    "Requests waiting in the queue." },
	{ "max_queue", PROM_BE | PROM_SRV, ST_F_QMAX, PC_PLAIN, false,
	    "Most requests waiting in the queue at once." },
	{ "current_sessions", PROM_FE | PROM_BE | PROM_SRV, ST_F_SCUR,
	    PC_PLAIN, false, "Sessions in progress." },
	{ "max_sessions", PROM_FE | PROM_BE | PROM_SRV, ST_F_SMAX, PC_PLAIN,
	    false, "Most sessions at once since the start." },
	{ "limit_sessions", PROM_FE | PROM_BE | PROM_SRV, ST_F_SLIM, PC_PLAIN,
	    false, "Session limit: maxconn (backend: fullconn)." },
	{ "sessions_total", PROM_FE | PROM_BE | PROM_SRV, ST_F_STOT, PC_PLAIN,
	    true, "Sessions since the start." },
	{ "bytes_in_total", PROM_FE | PROM_BE | PROM_SRV, ST_F_BIN, PC_PLAIN,
	    true, "Request bytes received." },
	{ "bytes_out_total", PROM_FE | PROM_BE | PROM_SRV, ST_F_BOUT,
	    PC_PLAIN, true, "Response bytes sent." },
	{ "requests_denied_total", PROM_FE | PROM_BE, ST_F_DREQ, PC_PLAIN,
	    true, "Requests denied by rules." },
	{ "responses_denied_total", PROM_FE | PROM_BE | PROM_SRV, ST_F_DRESP,
	    PC_PLAIN, true, "Responses denied by rules." },
	{ "request_errors_total", PROM_FE, ST_F_EREQ, PC_PLAIN, true,
	    "Invalid requests." },
	{ "connection_errors_total", PROM_BE | PROM_SRV, ST_F_ECON, PC_PLAIN,
	    true, "Failed connections to a server." },
	{ "response_errors_total", PROM_BE | PROM_SRV, ST_F_ERESP, PC_PLAIN,
	    true, "Invalid or aborted server responses." },
	{ "retry_warnings_total", PROM_BE | PROM_SRV, ST_F_WRETR, PC_PLAIN,
	    true, "Connection retries." },
	{ "redispatch_warnings_total", PROM_BE | PROM_SRV, ST_F_WREDIS,
	    PC_PLAIN, true, "Redispatches to another server." },
	{ "status", PROM_FE | PROM_BE | PROM_SRV, ST_F_STATUS, PC_STATUS,
	    false, "Current state, one gauge per state label." },
	{ "weight", PROM_BE | PROM_SRV, ST_F_WEIGHT, PC_PLAIN, false,
	    "Effective weight (backend: of the usable servers)." },
	{ "active_servers", PROM_BE, ST_F_ACT, PC_PLAIN, false,
	    "Usable active servers." },
	{ "backup_servers", PROM_BE, ST_F_BCK, PC_PLAIN, false,
	    "Usable backup servers." },
	{ "check_failures_total", PROM_SRV, ST_F_CHKFAIL, PC_PLAIN, true,
	    "Failed health checks." },
	{ "check_up_down_total", PROM_BE | PROM_SRV, ST_F_CHKDOWN, PC_PLAIN,
	    true, "Transitions from UP to DOWN." },
	{ "check_last_change_seconds", PROM_BE | PROM_SRV, ST_F_LASTCHG,
	    PC_PLAIN, false, "Seconds since the last state change." },
	{ "downtime_seconds_total", PROM_BE | PROM_SRV, ST_F_DOWNTIME,
	    PC_PLAIN, true, "Seconds spent DOWN." },
	{ "queue_limit", PROM_SRV, ST_F_QLIMIT, PC_PLAIN, false,
	    "Queue limit (maxqueue)." },
	{ "loadbalanced_total", PROM_BE | PROM_SRV, ST_F_LBTOT, PC_PLAIN, true,
	    "Times the balancer chose a server (not queue pops)." },
	{ "check_status", PROM_SRV, ST_F_CHECK_STATUS, PC_CHECK_STATUS, false,
	    "Result of the last health check, one gauge per status." },
	{ "check_code", PROM_SRV, ST_F_CHECK_CODE, PC_PLAIN, false,
	    "HTTP status of the last health check." },
	{ "check_duration_seconds", PROM_SRV, ST_F_CHECK_DURATION, PC_MS,
	    false, "Duration of the last health check." },
	{ "limit_session_rate", PROM_FE, ST_F_RATE_LIM, PC_PLAIN, false,
	    "Session rate limit (rate-limit sessions)." },
	{ "max_session_rate", PROM_FE | PROM_BE | PROM_SRV, ST_F_RATE_MAX,
	    PC_PLAIN, false, "Most sessions in one second." },
	{ "http_requests_rate_max", PROM_FE, ST_F_REQ_RATE_MAX, PC_PLAIN,
	    false, "Most HTTP requests in one second." },
	{ "http_requests_total", PROM_FE | PROM_BE, ST_F_REQ_TOT, PC_PLAIN,
	    true, "HTTP requests." },
	{ "http_responses_total", PROM_FE | PROM_BE | PROM_SRV,
	    ST_F_HRSP_1XX, PC_HRSP, true, "HTTP responses by status class." },
	{ "client_aborts_total", PROM_BE | PROM_SRV, ST_F_CLI_ABRT, PC_PLAIN,
	    true, "Transfers aborted by the client." },
	{ "server_aborts_total", PROM_BE | PROM_SRV, ST_F_SRV_ABRT, PC_PLAIN,
	    true, "Transfers aborted by the server." },
	{ "last_session_seconds", PROM_BE | PROM_SRV, ST_F_LASTSESS,
	    PC_PLAIN, false, "Seconds since the last session (-1: never)." },
	{ "queue_time_average_seconds", PROM_BE | PROM_SRV, ST_F_QTIME, PC_MS,
	    false, "Average queue time of the last transactions." },
	{ "connect_time_average_seconds", PROM_BE | PROM_SRV, ST_F_CTIME,
	    PC_MS, false, "Average connect time of the last transactions." },
	{ "response_time_average_seconds", PROM_BE | PROM_SRV, ST_F_RTIME,
	    PC_MS, false, "Average response time of the last transactions." },
	{ "total_time_average_seconds", PROM_BE | PROM_SRV, ST_F_TTIME, PC_MS,
	    false, "Average total time of the last transactions." },
	{ "connections_rate_max", PROM_FE, ST_F_CONN_RATE_MAX, PC_PLAIN,
	    false, "Most connections accepted in one second." },
	{ "connections_total", PROM_FE, ST_F_CONN_TOT, PC_PLAIN, true,
	    "Connections accepted." },
	{ "intercepted_requests_total", PROM_FE, ST_F_INTERCEPTED, PC_PLAIN,
	    true, "Requests answered by the proxy itself." },
	{ "denied_connections_total", PROM_FE, ST_F_DCON, PC_PLAIN, true,
	    "Connections refused by tcp-request connection rules." },
	{ "denied_sessions_total", PROM_FE, ST_F_DSES, PC_PLAIN, true,
	    "Sessions refused by tcp-request session rules." },
	{ "failed_header_rewriting_total", PROM_FE | PROM_BE | PROM_SRV,
	    ST_F_WREW, PC_PLAIN, true, "Header rewrites that failed." },
	{ "connection_attempts_total", PROM_BE | PROM_SRV, ST_F_CONNECT,
	    PC_PLAIN, true, "New connections attempted to a server." },
	{ "connection_reuses_total", PROM_BE | PROM_SRV, ST_F_REUSE, PC_PLAIN,
	    true, "Idle server connections reused." },
	{ "idle_connections_current", PROM_SRV, ST_F_SRV_ICUR, PC_PLAIN,
	    false, "Idle connections kept for reuse." },
	{ "max_queue_time_seconds", PROM_BE | PROM_SRV, ST_F_QTIME_MAX, PC_MS,
	    false, "Longest queue time seen." },
	{ "max_connect_time_seconds", PROM_BE | PROM_SRV, ST_F_CTIME_MAX,
	    PC_MS, false, "Longest connect time seen." },
	{ "max_response_time_seconds", PROM_BE | PROM_SRV, ST_F_RTIME_MAX,
	    PC_MS, false, "Longest response time seen." },
	{ "max_total_time_seconds", PROM_BE | PROM_SRV, ST_F_TTIME_MAX, PC_MS,
	    false, "Longest total time seen." },
	{ "internal_errors_total", PROM_FE | PROM_BE | PROM_SRV, ST_F_EINT,
	    PC_PLAIN, true, "Internal errors." },
	{ "unsafe_idle_connections_current", PROM_SRV, ST_F_IDLE_CONN_CUR,
	    PC_PLAIN, false, "Idle connections not yet known reusable." },
	{ "safe_idle_connections_current", PROM_SRV, ST_F_SAFE_CONN_CUR,
	    PC_PLAIN, false, "Idle connections known reusable." },
	{ "used_connections_current", PROM_SRV, ST_F_USED_CONN_CUR, PC_PLAIN,
	    false, "Connections in use." },
	{ "uweight", PROM_BE | PROM_SRV, ST_F_UWEIGHT, PC_PLAIN, false,
	    "Configured weight (backend: of the usable servers)." },
	{ "agg_server_status", PROM_BE, ST_F_AGG_SERVER_STATUS, PC_AGG_STATUS,
	    false, "Servers of the backend in each state." },
};

static const char *const prom_kinds[] = {
	[ST_FE] = "frontend", [ST_BE] = "backend", [ST_SRV] = "server",
};

/* Label values escape '\', '"' and line feeds (format 0.0.4). */
static void
prom_esc(struct evbuffer *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			evbuffer_add_printf(out, "\\%c", *s);
		else if (*s == '\n')
			evbuffer_add(out, "\\n", 2);
		else
			evbuffer_add(out, s, 1);
	}
}

/* "haproxy_KIND_NAME{proxy="..",server="..",EXTRA="VAL"} " */
static void
prom_head(struct evbuffer *out, const struct prom_metric *m,
    const struct st_row *r, const char *extra, const char *val)
{
	evbuffer_add_printf(out, "haproxy_%s_%s{proxy=\"", prom_kinds[r->kind],
	    m->name);
	prom_esc(out, r->px->conf->name);
	if (r->kind == ST_SRV) {
		evbuffer_add(out, "\",server=\"", 10);
		prom_esc(out, r->srv->conf->name);
	}
	if (extra != NULL)
		evbuffer_add_printf(out, "\",%s=\"%s", extra, val);
	evbuffer_add(out, "\"} ", 3);
}

static void
prom_value(struct evbuffer *out, const struct st_val *v, enum prom_conv c)
{
	if (v->t == ST_V_S32)
		evbuffer_add_printf(out, "%" PRId64 "\n", v->i);
	else if (c == PC_MS)
		evbuffer_add_printf(out, "%" PRIu64 ".%03" PRIu64 "\n",
		    v->u / 1000, v->u % 1000);
	else
		evbuffer_add_printf(out, "%" PRIu64 "\n", v->u);
}

/* HAProxy's server state labels, and which of them a state counts as. */
static const char *const srv_labels[] = { "DOWN", "UP", "MAINT", "DRAIN",
	"NOLB" };

static unsigned
prom_srv_label(enum st_srv_state st)
{
	switch (st) {
	case ST_S_DOWN:
	case ST_S_GOING_UP:
		return 0;
	case ST_S_MAINT:
		return 2;
	case ST_S_DRAIN:
		return 3;
	case ST_S_NOLB:
		return 4;
	default:
		return 1;
	}
}

static void
prom_status(struct evbuffer *out, const struct prom_metric *m,
    const struct st_row *r)
{
	unsigned	i, cur;
	bool		up;

	if (r->kind == ST_SRV) {
		cur = prom_srv_label(stats_srv_state(r->srv));
		for (i = 0; i < 5; i++) {
			prom_head(out, m, r, "state", srv_labels[i]);
			evbuffer_add_printf(out, "%d\n", i == cur);
		}
		return;
	}
	up = r->f[ST_F_STATUS].t == ST_V_STR && (strcmp(r->f[ST_F_STATUS].s,
	    "OPEN") == 0 || strcmp(r->f[ST_F_STATUS].s, "UP") == 0);
	prom_head(out, m, r, "state", "DOWN");
	evbuffer_add_printf(out, "%d\n", !up);
	prom_head(out, m, r, "state", "UP");
	evbuffer_add_printf(out, "%d\n", up);
}

static void
prom_agg(struct evbuffer *out, const struct prom_metric *m,
    const struct st_row *r)
{
	unsigned	n[5] = { 0 }, i;

	if (r->px->nsrvs == 0)
		return;
	for (i = 0; i < r->px->nsrvs; i++)
		n[prom_srv_label(stats_srv_state(&r->px->srvs[i]))]++;
	for (i = 0; i < 5; i++) {
		prom_head(out, m, r, "state", srv_labels[i]);
		evbuffer_add_printf(out, "%u\n", n[i]);
	}
}

/* One gauge per check status, 1 for the last result's. */
static void
prom_check_status(struct evbuffer *out, const struct prom_metric *m,
    const struct st_row *r)
{
	struct check_info	ci;
	unsigned		st;

	memset(&ci, 0, sizeof(ci));
	if (!check_get_info(r->srv, &ci) || !ci.known)
		return;
	for (st = CHK_ST_L4OK; st <= (unsigned)CHK_ST_HANA; st++) {
		prom_head(out, m, r, "state",
		    check_status_code((enum check_status)st));
		evbuffer_add_printf(out, "%d\n", st == (unsigned)ci.st);
	}
}

static void
prom_sample(struct evbuffer *out, const struct prom_metric *m,
    const struct st_row *r)
{
	static const char *const codes[] = { "1xx", "2xx", "3xx", "4xx",
		"5xx", "other" };
	unsigned	i;

	switch (m->conv) {
	case PC_STATUS:
		prom_status(out, m, r);
		break;
	case PC_AGG_STATUS:
		prom_agg(out, m, r);
		break;
	case PC_CHECK_STATUS:
		prom_check_status(out, m, r);
		break;
	case PC_HRSP:
		for (i = 0; i < 6 && r->f[m->f + i].t != ST_V_NONE; i++) {
			prom_head(out, m, r, "code", codes[i]);
			prom_value(out, &r->f[m->f + i], PC_PLAIN);
		}
		break;
	default:
		if (r->f[m->f].t == ST_V_NONE)
			return;
		prom_head(out, m, r, NULL, NULL);
		prom_value(out, &r->f[m->f], m->conv);
		break;
	}
}

static void
prom_family(struct evbuffer *out, const char *name, bool counter,
    const char *help)
{
	evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help,
	    name, counter ? "counter" : "gauge");
}

/* Every metric of KIND, each family's samples together. */
static void
prom_kind(struct evbuffer *out, enum st_kind kind, const struct st_row *rows,
    unsigned n)
{
	struct evbuffer	*tmp = evbuffer_new();
	char		 name[96];
	unsigned	 i, j;

	if (tmp == NULL)
		return;
	for (i = 0; i < sizeof(prom_metrics) / sizeof(prom_metrics[0]); i++) {
		const struct prom_metric	*m = &prom_metrics[i];

		if (!(m->kinds & (1u << kind)))
			continue;
		for (j = 0; j < n; j++)
			if (rows[j].kind == kind)
				prom_sample(tmp, m, &rows[j]);
		if (evbuffer_get_length(tmp) == 0)
			continue;
		snprintf(name, sizeof(name), "haproxy_%s_%s", prom_kinds[kind],
		    m->name);
		prom_family(out, name, m->counter, m->help);
		evbuffer_add_buffer(out, tmp);
	}
	evbuffer_free(tmp);
}

static void
prom_gauge(struct evbuffer *out, const char *name, bool counter,
    const char *help, uint64_t v)
{
	prom_family(out, name, counter, help);
	evbuffer_add_printf(out, "%s %" PRIu64 "\n", name, v);
}

static void
prom_process(struct evbuffer *out, const struct engine *eng, int64_t now)
{
	unsigned	i, nl = 0;

	for (i = 0; i < eng->nproxies; i++)
		nl += eng->proxies[i].nlisteners;
	prom_gauge(out, "haproxy_process_nbthread", false,
	    "Threads (hapx runs one).", 1);
	prom_gauge(out, "haproxy_process_nbproc", false,
	    "Worker processes (always 1).", 1);
	prom_gauge(out, "haproxy_process_relative_process_id", false,
	    "Number of this worker process.", 1);
	prom_gauge(out, "haproxy_process_uptime_seconds", false,
	    "Seconds since the start.", now > eng->start_time ?
	    (uint64_t)(now - eng->start_time) : 0);
	prom_gauge(out, "haproxy_process_max_connections", false,
	    "Connection limit (global maxconn).", eng->maxconn);
	prom_gauge(out, "haproxy_process_current_connections", false,
	    "Connections in progress.", eng->actconn);
	prom_gauge(out, "haproxy_process_connections_total", true,
	    "Connections accepted since the start.", eng->cum_conns);
	prom_gauge(out, "haproxy_process_requests_total", true,
	    "HTTP requests since the start.", eng->cum_req);
	prom_gauge(out, "haproxy_process_stopping", false,
	    "1 while stopping softly.", eng->stopping);
	prom_gauge(out, "haproxy_process_listeners", false,
	    "Listening sockets.", nl);
	prom_gauge(out, "haproxy_process_start_time_seconds", false,
	    "Start time, seconds since the epoch.", (uint64_t)eng->start_time);
	prom_family(out, "haproxy_process_build_info", false,
	    "Build information.");
	evbuffer_add(out, "haproxy_process_build_info{version=\""
	    PACKAGE_VERSION "\"} 1\n", strlen("haproxy_process_build_info"
	    "{version=\"" PACKAGE_VERSION "\"} 1\n"));
}

/* The rows of every frontend, backend and server of ENG; NULL when out
 * of memory.  *N gets their count. */
static struct st_row *
prom_rows(const struct engine *eng, const struct stats_req *req,
    unsigned *n)
{
	struct st_row	*rows;
	unsigned	 i, j, k = 0, max = 0;

	for (i = 0; i < eng->nproxies; i++)
		max += 2 + eng->proxies[i].nsrvs;
	if ((rows = calloc(max ? max : 1, sizeof(*rows))) == NULL)
		return NULL;
	for (i = 0; i < eng->nproxies; i++) {
		const struct proxy	*px = &eng->proxies[i];

		if (px->conf->cap & CFG_CAP_FE)
			stats_fill_row(&rows[k++], ST_FE, px, NULL, req);
		if (!(px->conf->cap & CFG_CAP_BE))
			continue;
		stats_fill_row(&rows[k++], ST_BE, px, NULL, req);
		for (j = 0; j < px->nsrvs; j++)
			stats_fill_row(&rows[k++], ST_SRV, px, &px->srvs[j],
			    req);
	}
	*n = k;
	return rows;
}

void
prom_render(struct evbuffer *out, const struct engine *eng)
{
	struct stats_req	 req;
	struct st_row		*rows;
	unsigned		 n;

	memset(&req, 0, sizeof(req));
	req.eng = eng;
	req.now = stats_now();
	prom_process(out, eng, req.now);
	if ((rows = prom_rows(eng, &req, &n)) == NULL)
		return;
	prom_kind(out, ST_FE, rows, n);
	prom_kind(out, ST_BE, rows, n);
	prom_kind(out, ST_SRV, rows, n);
	free(rows);
}

bool
prom_match(const struct svc_req *r)
{
	return r->service != NULL &&
	    strcmp(r->service, "prometheus-exporter") == 0;
}

void
prom_answer(const struct svc_req *r, struct svc_reply *rep)
{
	memset(rep, 0, sizeof(*rep));
	if ((rep->body = evbuffer_new()) == NULL) {
		rep->action = SVC_FAIL;
		rep->status = 503;
		return;
	}
	prom_render(rep->body, r->eng);
	rep->action = SVC_REPLY;
	rep->status = 200;
	snprintf(rep->hdrs, sizeof(rep->hdrs), "cache-control: no-cache\r\n"
	    "content-type: text/plain; version=0.0.4\r\n");
}
