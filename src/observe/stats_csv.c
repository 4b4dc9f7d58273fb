/*
 * stats_csv: the rows of the stats page as HAProxy 2.6's CSV (";csv",
 * spec §9.3: a "# " header line, one line per frontend, server and
 * backend, a trailing comma on every line, a "-" column before the
 * module fields) and as its ";json" (an array of rows, each an array of
 * the non-empty fields with their position, name, tags and typed value).
 * Renders only; stats.c fills the rows.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "engine/engine_types.h"
#include "servers/proxy.h"
#include "observe/stats.h"

/* Names in HAProxy's order; tags and types as its ";json" gives them. */
const struct st_field_desc stats_fields[ST_NFIELDS] = {
	{ "pxname", "Key", "Name", "Service", ST_V_STR },
	{ "svname", "Key", "Name", "Service", ST_V_STR },
	{ "qcur", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "qmax", "Metric", "Max", "Process", ST_V_U32 },
	{ "scur", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "smax", "Metric", "Max", "Process", ST_V_U32 },
	{ "slim", "Config", "Limit", "Process", ST_V_U32 },
	{ "stot", "Metric", "Counter", "Process", ST_V_U64 },
	{ "bin", "Metric", "Counter", "Process", ST_V_U64 },
	{ "bout", "Metric", "Counter", "Process", ST_V_U64 },
	{ "dreq", "Metric", "Counter", "Process", ST_V_U64 },
	{ "dresp", "Metric", "Counter", "Process", ST_V_U64 },
	{ "ereq", "Metric", "Counter", "Process", ST_V_U64 },
	{ "econ", "Metric", "Counter", "Process", ST_V_U64 },
	{ "eresp", "Metric", "Counter", "Process", ST_V_U64 },
	{ "wretr", "Metric", "Counter", "Process", ST_V_U64 },
	{ "wredis", "Metric", "Counter", "Process", ST_V_U64 },
	{ "status", "Status", "Gauge", "Process", ST_V_STR },
	{ "weight", "Metric", "Avg", "Process", ST_V_U32 },
	{ "act", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "bck", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "chkfail", "Metric", "Counter", "Process", ST_V_U64 },
	{ "chkdown", "Metric", "Counter", "Process", ST_V_U64 },
	{ "lastchg", "Metric", "Age", "Process", ST_V_U32 },
	{ "downtime", "Metric", "Counter", "Process", ST_V_U32 },
	{ "qlimit", "Config", "Limit", "Service", ST_V_U32 },
	{ "pid", "Key", "Gauge", "Process", ST_V_U32 },
	{ "iid", "Key", "Gauge", "Service", ST_V_U32 },
	{ "sid", "Key", "Gauge", "Service", ST_V_U32 },
	{ "throttle", "Metric", "Avg", "Process", ST_V_U32 },
	{ "lbtot", "Metric", "Counter", "Process", ST_V_U64 },
	{ "tracked", "Config", "Name", "Service", ST_V_STR },
	{ "type", "Config", "Gauge", "Service", ST_V_U32 },
	{ "rate", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "rate_lim", "Config", "Limit", "Process", ST_V_U32 },
	{ "rate_max", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "check_status", "Metric", "Output", "Process", ST_V_STR },
	{ "check_code", "Metric", "Output", "Process", ST_V_U32 },
	{ "check_duration", "Metric", "Duration", "Process", ST_V_U64 },
	{ "hrsp_1xx", "Metric", "Counter", "Process", ST_V_U64 },
	{ "hrsp_2xx", "Metric", "Counter", "Process", ST_V_U64 },
	{ "hrsp_3xx", "Metric", "Counter", "Process", ST_V_U64 },
	{ "hrsp_4xx", "Metric", "Counter", "Process", ST_V_U64 },
	{ "hrsp_5xx", "Metric", "Counter", "Process", ST_V_U64 },
	{ "hrsp_other", "Metric", "Counter", "Process", ST_V_U64 },
	{ "hanafail", "Metric", "Counter", "Process", ST_V_U64 },
	{ "req_rate", "Metric", "Rate", "Process", ST_V_U32 },
	{ "req_rate_max", "Metric", "Max", "Process", ST_V_U32 },
	{ "req_tot", "Metric", "Counter", "Process", ST_V_U64 },
	{ "cli_abrt", "Metric", "Counter", "Process", ST_V_U64 },
	{ "srv_abrt", "Metric", "Counter", "Process", ST_V_U64 },
	{ "comp_in", "Metric", "Counter", "Process", ST_V_U64 },
	{ "comp_out", "Metric", "Counter", "Process", ST_V_U64 },
	{ "comp_byp", "Metric", "Counter", "Process", ST_V_U64 },
	{ "comp_rsp", "Metric", "Counter", "Process", ST_V_U64 },
	{ "lastsess", "Metric", "Age", "Process", ST_V_S32 },
	{ "last_chk", "Metric", "Output", "Process", ST_V_STR },
	{ "last_agt", "Metric", "Output", "Process", ST_V_STR },
	{ "qtime", "Metric", "Avg", "Process", ST_V_U32 },
	{ "ctime", "Metric", "Avg", "Process", ST_V_U32 },
	{ "rtime", "Metric", "Avg", "Process", ST_V_U32 },
	{ "ttime", "Metric", "Avg", "Process", ST_V_U32 },
	{ "agent_status", "Metric", "Output", "Process", ST_V_STR },
	{ "agent_code", "Metric", "Output", "Process", ST_V_U32 },
	{ "agent_duration", "Metric", "Duration", "Process", ST_V_U64 },
	{ "check_desc", "Metric", "Output", "Process", ST_V_STR },
	{ "agent_desc", "Metric", "Output", "Process", ST_V_STR },
	{ "check_rise", "Config", "Gauge", "Service", ST_V_U32 },
	{ "check_fall", "Config", "Gauge", "Service", ST_V_U32 },
	{ "check_health", "Config", "Gauge", "Service", ST_V_U32 },
	{ "agent_rise", "Config", "Gauge", "Service", ST_V_U32 },
	{ "agent_fall", "Config", "Gauge", "Service", ST_V_U32 },
	{ "agent_health", "Config", "Gauge", "Service", ST_V_U32 },
	{ "addr", "Config", "Output", "Service", ST_V_STR },
	{ "cookie", "Config", "Output", "Service", ST_V_STR },
	{ "mode", "Config", "Gauge", "Service", ST_V_STR },
	{ "algo", "Config", "Output", "Service", ST_V_STR },
	{ "conn_rate", "Metric", "Rate", "Process", ST_V_U32 },
	{ "conn_rate_max", "Metric", "Max", "Process", ST_V_U32 },
	{ "conn_tot", "Metric", "Counter", "Process", ST_V_U64 },
	{ "intercepted", "Metric", "Counter", "Process", ST_V_U64 },
	{ "dcon", "Metric", "Counter", "Process", ST_V_U64 },
	{ "dses", "Metric", "Counter", "Process", ST_V_U64 },
	{ "wrew", "Metric", "Counter", "Process", ST_V_U64 },
	{ "connect", "Metric", "Counter", "Process", ST_V_U64 },
	{ "reuse", "Metric", "Counter", "Process", ST_V_U64 },
	{ "cache_lookups", "Metric", "Counter", "Process", ST_V_U64 },
	{ "cache_hits", "Metric", "Counter", "Process", ST_V_U64 },
	{ "srv_icur", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "src_ilim", "Config", "Limit", "Process", ST_V_U32 },
	{ "qtime_max", "Metric", "Max", "Process", ST_V_U32 },
	{ "ctime_max", "Metric", "Max", "Process", ST_V_U32 },
	{ "rtime_max", "Metric", "Max", "Process", ST_V_U32 },
	{ "ttime_max", "Metric", "Max", "Process", ST_V_U32 },
	{ "eint", "Metric", "Counter", "Process", ST_V_U64 },
	{ "idle_conn_cur", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "safe_conn_cur", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "used_conn_cur", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "need_conn_est", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "uweight", "Metric", "Avg", "Process", ST_V_U32 },
	{ "agg_server_status", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "agg_server_check_status", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "agg_check_status", "Metric", "Gauge", "Process", ST_V_U32 },
	{ "ssl_sess", "Metric", "Counter", "Process", ST_V_U64 },
	{ "ssl_reused_sess", "Metric", "Counter", "Process", ST_V_U64 },
	{ "ssl_failed_handshake", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_headers_rcvd", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_data_rcvd", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_settings_rcvd", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_rst_stream_rcvd", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_goaway_rcvd", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_detected_conn_protocol_errors",
	    "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_detected_strm_protocol_errors",
	    "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_rst_stream_resp", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_goaway_resp", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_open_connections", "Metric", "Gauge", "Process", ST_V_U64 },
	{ "h2_backend_open_streams", "Metric", "Gauge", "Process", ST_V_U64 },
	{ "h2_total_connections", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h2_backend_total_streams",
	    "Metric", "Counter", "Process", ST_V_U64 },
	{ "h1_open_connections", "Metric", "Gauge", "Process", ST_V_U64 },
	{ "h1_open_streams", "Metric", "Gauge", "Process", ST_V_U64 },
	{ "h1_total_connections", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h1_total_streams", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h1_bytes_in", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h1_bytes_out", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h1_spliced_bytes_in", "Metric", "Counter", "Process", ST_V_U64 },
	{ "h1_spliced_bytes_out", "Metric", "Counter", "Process", ST_V_U64 },
};

/* A CSV cell: quoted only when it holds a comma, a quote or a line
 * break, quotes doubled. */
static void
csv_str(struct evbuffer *out, const char *s)
{
	const char	*p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		evbuffer_add(out, s, strlen(s));
		return;
	}
	evbuffer_add(out, "\"", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			evbuffer_add(out, "\"", 1);
		evbuffer_add(out, p, 1);
	}
	evbuffer_add(out, "\"", 1);
}

static void
csv_val(struct evbuffer *out, const struct st_val *v)
{
	switch (v->t) {
	case ST_V_U32:
	case ST_V_U64:
		evbuffer_add_printf(out, "%" PRIu64, v->u);
		break;
	case ST_V_S32:
		evbuffer_add_printf(out, "%" PRId64, v->i);
		break;
	case ST_V_STR:
		csv_str(out, v->s);
		break;
	default:
		break;
	}
}

static void
csv_header(struct evbuffer *out)
{
	unsigned	i;

	evbuffer_add(out, "# ", 2);
	for (i = 0; i < ST_NFIELDS; i++) {
		if (i == ST_F_STATIC_END)
			evbuffer_add(out, "-,", 2);
		evbuffer_add_printf(out, "%s,", stats_fields[i].name);
	}
	evbuffer_add(out, "\n", 1);
}

static void
csv_row(struct evbuffer *out, const struct st_row *r)
{
	unsigned	i;

	for (i = 0; i < ST_NFIELDS; i++) {
		if (i == ST_F_STATIC_END)
			evbuffer_add(out, "-,", 2);
		csv_val(out, &r->f[i]);
		evbuffer_add(out, ",", 1);
	}
	evbuffer_add(out, "\n", 1);
}

typedef void	row_fn(struct evbuffer *, const struct st_row *,
		    bool first);

/* Whether the runtime API's "show stat IID TYPE SID" keeps row R. */
static bool
stats_row_kept(const struct stats_req *req, const struct st_row *r)
{
	static const unsigned	bits[] = { [ST_FE] = 1, [ST_BE] = 2,
				    [ST_SRV] = 4 };

	if (!req->filter)
		return true;
	if (req->iid != -1 && r->f[ST_F_IID].u != (uint64_t)req->iid)
		return false;
	if (!(req->types & bits[r->kind]))
		return false;
	return r->kind != ST_SRV || req->sid == -1 ||
	    r->f[ST_F_SID].u == (uint64_t)req->sid;
}

static void
stats_emit(struct evbuffer *out, const struct stats_req *req,
    const struct st_row *r, row_fn *fn, bool *first)
{
	if (!stats_row_kept(req, r))
		return;
	fn(out, r, *first);
	*first = false;
}

/* Every row REQ shows, in HAProxy's order: per proxy its frontend, its
 * servers, its backend. */
static void
stats_each_row(struct evbuffer *out, const struct stats_req *req, row_fn *fn)
{
	const struct engine	*eng = req->eng;
	struct st_row		*r = malloc(sizeof(*r));
	unsigned		 i, j;
	bool			 first = true;

	if (r == NULL)
		return;
	for (i = 0; i < eng->nproxies; i++) {
		const struct proxy	*px = &eng->proxies[i];

		if (!stats_in_scope(req, px))
			continue;
		if (px->conf->cap & CFG_CAP_FE) {
			stats_fill_row(r, ST_FE, px, NULL, req);
			stats_emit(out, req, r, fn, &first);
		}
		if (!(px->conf->cap & CFG_CAP_BE))
			continue;
		for (j = 0; j < px->nsrvs; j++) {
			if (!stats_srv_shown(req, &px->srvs[j]))
				continue;
			stats_fill_row(r, ST_SRV, px, &px->srvs[j], req);
			stats_emit(out, req, r, fn, &first);
		}
		stats_fill_row(r, ST_BE, px, NULL, req);
		stats_emit(out, req, r, fn, &first);
	}
	free(r);
}

static void
csv_row_fn(struct evbuffer *out, const struct st_row *r, bool first)
{
	(void)first;
	csv_row(out, r);
}

void
stats_csv(struct evbuffer *out, const struct stats_req *req)
{
	csv_header(out);
	stats_each_row(out, req, csv_row_fn);
}

/* ------------------------------------------------------------------ */
/* JSON */

static void
json_str(struct evbuffer *out, const char *s)
{
	const unsigned char	*p;

	evbuffer_add(out, "\"", 1);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			evbuffer_add_printf(out, "\\%c", *p);
		else if (*p < 0x20)
			evbuffer_add_printf(out, "\\u%04x", *p);
		else
			evbuffer_add(out, p, 1);
	}
	evbuffer_add(out, "\"", 1);
}

static const char *const json_types[] = {
	[ST_V_NONE] = "empty", [ST_V_U32] = "u32", [ST_V_S32] = "s32",
	[ST_V_U64] = "u64", [ST_V_STR] = "str",
};

static const char *const json_objtypes[] = {
	[ST_FE] = "Frontend", [ST_BE] = "Backend", [ST_SRV] = "Server",
};

static void
json_field(struct evbuffer *out, const struct st_row *r, unsigned i)
{
	const struct st_field_desc	*d = &stats_fields[i];
	const struct st_val		*v = &r->f[i];

	evbuffer_add_printf(out, "{\"objType\":\"%s\",\"proxyId\":%" PRIu64
	    ",\"id\":%" PRIu64 ",\"field\":{\"pos\":%u,\"name\":\"%s\"},"
	    "\"processNum\":1,\"tags\":{\"origin\":\"%s\",\"nature\":\"%s\","
	    "\"scope\":\"%s\"},\"value\":{\"type\":\"%s\",\"value\":",
	    json_objtypes[r->kind], r->f[ST_F_IID].u, r->f[ST_F_SID].u, i,
	    d->name, d->origin, d->nature, d->scope, json_types[v->t]);
	if (v->t == ST_V_STR)
		json_str(out, v->s);
	else if (v->t == ST_V_S32)
		evbuffer_add_printf(out, "%" PRId64, v->i);
	else
		evbuffer_add_printf(out, "%" PRIu64, v->u);
	evbuffer_add(out, "}}", 2);
}

static void
json_row_fn(struct evbuffer *out, const struct st_row *r, bool first)
{
	unsigned	i;
	bool		 any = false;

	evbuffer_add(out, first ? "[" : ",[", first ? 1 : 2);
	for (i = 0; i < ST_NFIELDS; i++) {
		if (r->f[i].t == ST_V_NONE)
			continue;
		if (any)
			evbuffer_add(out, ",", 1);
		json_field(out, r, i);
		any = true;
	}
	evbuffer_add(out, "]", 1);
}

void
stats_json(struct evbuffer *out, const struct stats_req *req)
{
	evbuffer_add(out, "[", 1);
	stats_each_row(out, req, json_row_fn);
	evbuffer_add(out, "]\n", 2);
}

/* ------------------------------------------------------------------ */
/* Typed ("show stat typed") */

/* The one-letter tag of a ";json" tag name: its initial, lower case for
 * the natures "Avg" and "Min" and the scope "System" (HAProxy's). */
static char
typed_tag(const char *name)
{
	if (strcmp(name, "Avg") == 0 || strcmp(name, "Min") == 0 ||
	    strcmp(name, "System") == 0)
		return (char)(name[0] - 'A' + 'a');
	return name[0];
}

static void
typed_row_fn(struct evbuffer *out, const struct st_row *r, bool first)
{
	static const char	kinds[] = { [ST_FE] = 'F', [ST_BE] = 'B',
				    [ST_SRV] = 'S' };
	unsigned		i;

	(void)first;
	for (i = 0; i < ST_NFIELDS; i++) {
		const struct st_field_desc	*d = &stats_fields[i];

		if (r->f[i].t == ST_V_NONE)
			continue;
		evbuffer_add_printf(out, "%c.%" PRIu64 ".%" PRIu64 ".%u.%s.1:"
		    "%c%c%c:%s:", kinds[r->kind], r->f[ST_F_IID].u,
		    r->f[ST_F_SID].u, i, d->name, typed_tag(d->origin),
		    typed_tag(d->nature), typed_tag(d->scope),
		    json_types[r->f[i].t]);
		if (r->f[i].t == ST_V_STR)
			evbuffer_add(out, r->f[i].s, strlen(r->f[i].s));
		else
			csv_val(out, &r->f[i]);
		evbuffer_add(out, "\n", 1);
	}
}

void
stats_typed(struct evbuffer *out, const struct stats_req *req)
{
	stats_each_row(out, req, typed_row_fn);
}
