/*
 * stats: HAProxy's statistics page (spec §9) and what the page is built
 * from.  stats.c recognises a request for a proxy's stats URI, applies
 * "stats auth", "stats admin" (the POST form that sets servers READY,
 * DRAIN or MAINT) and "stats scope", and answers with the HTML page
 * (stats_html.c), the CSV or the JSON (stats_csv.c).  Every output
 * renders the same rows: one struct st_row per frontend, server and
 * backend, filled from the runtime counters, with HAProxy 2.6's fields
 * in HAProxy's order.  Nothing here changes a counter; only an admin
 * action changes a server's state.
 */
#ifndef HAPX_STATS_H
#define HAPX_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct engine;
struct evbuffer;
struct http_head;
struct proxy;
struct proxy_conf;
struct server;
struct stats_conf;
struct svc_reply;
struct svc_req;

/* Whether request R is for the stats page of R->px (a proxy with "stats
 * enable" or another "stats" keyword, whose URI prefix the request
 * starts with). */
bool	stats_match(const struct svc_req *r);
/* What to answer R, a request stats_match() accepted (service_types.h):
 * the 401 of "stats auth", the page (HTML, CSV or JSON), or for an admin
 * form SVC_NEED_BODY until R carries the body, then its redirect. */
void	stats_answer(const struct svc_req *r, struct svc_reply *rep);
/* The stats settings of PC if request H is for its stats page (the test
 * stats_match() makes), else NULL. */
const struct stats_conf *stats_request_for(const struct proxy_conf *pc,
	    const struct http_head *h);

/* The proxy's numeric id (HAProxy's uuid, the "iid" column) and the
 * server's ("sid"), as "show stat" and "show errors" print them. */
unsigned stats_px_id(const struct proxy *px);
unsigned stats_srv_id(const struct server *s);

/* ------------------------------------------------------------------ */
/* The rows (for stats_csv.c, stats_html.c and prom.c) */

/* HAProxy 2.6's fields: the CSV columns, then the ones of its stats
 * modules (CSV puts a "-" column between the two groups). */
enum st_field {
	ST_F_PXNAME,
	ST_F_SVNAME,
	ST_F_QCUR,
	ST_F_QMAX,
	ST_F_SCUR,
	ST_F_SMAX,
	ST_F_SLIM,
	ST_F_STOT,
	ST_F_BIN,
	ST_F_BOUT,
	ST_F_DREQ,
	ST_F_DRESP,
	ST_F_EREQ,
	ST_F_ECON,
	ST_F_ERESP,
	ST_F_WRETR,
	ST_F_WREDIS,
	ST_F_STATUS,
	ST_F_WEIGHT,
	ST_F_ACT,
	ST_F_BCK,
	ST_F_CHKFAIL,
	ST_F_CHKDOWN,
	ST_F_LASTCHG,
	ST_F_DOWNTIME,
	ST_F_QLIMIT,
	ST_F_PID,
	ST_F_IID,
	ST_F_SID,
	ST_F_THROTTLE,
	ST_F_LBTOT,
	ST_F_TRACKED,
	ST_F_TYPE,
	ST_F_RATE,
	ST_F_RATE_LIM,
	ST_F_RATE_MAX,
	ST_F_CHECK_STATUS,
	ST_F_CHECK_CODE,
	ST_F_CHECK_DURATION,
	ST_F_HRSP_1XX,
	ST_F_HRSP_2XX,
	ST_F_HRSP_3XX,
	ST_F_HRSP_4XX,
	ST_F_HRSP_5XX,
	ST_F_HRSP_OTHER,
	ST_F_HANAFAIL,
	ST_F_REQ_RATE,
	ST_F_REQ_RATE_MAX,
	ST_F_REQ_TOT,
	ST_F_CLI_ABRT,
	ST_F_SRV_ABRT,
	ST_F_COMP_IN,
	ST_F_COMP_OUT,
	ST_F_COMP_BYP,
	ST_F_COMP_RSP,
	ST_F_LASTSESS,
	ST_F_LAST_CHK,
	ST_F_LAST_AGT,
	ST_F_QTIME,
	ST_F_CTIME,
	ST_F_RTIME,
	ST_F_TTIME,
	ST_F_AGENT_STATUS,
	ST_F_AGENT_CODE,
	ST_F_AGENT_DURATION,
	ST_F_CHECK_DESC,
	ST_F_AGENT_DESC,
	ST_F_CHECK_RISE,
	ST_F_CHECK_FALL,
	ST_F_CHECK_HEALTH,
	ST_F_AGENT_RISE,
	ST_F_AGENT_FALL,
	ST_F_AGENT_HEALTH,
	ST_F_ADDR,
	ST_F_COOKIE,
	ST_F_MODE,
	ST_F_ALGO,
	ST_F_CONN_RATE,
	ST_F_CONN_RATE_MAX,
	ST_F_CONN_TOT,
	ST_F_INTERCEPTED,
	ST_F_DCON,
	ST_F_DSES,
	ST_F_WREW,
	ST_F_CONNECT,
	ST_F_REUSE,
	ST_F_CACHE_LOOKUPS,
	ST_F_CACHE_HITS,
	ST_F_SRV_ICUR,
	ST_F_SRC_ILIM,
	ST_F_QTIME_MAX,
	ST_F_CTIME_MAX,
	ST_F_RTIME_MAX,
	ST_F_TTIME_MAX,
	ST_F_EINT,
	ST_F_IDLE_CONN_CUR,
	ST_F_SAFE_CONN_CUR,
	ST_F_USED_CONN_CUR,
	ST_F_NEED_CONN_EST,
	ST_F_UWEIGHT,
	ST_F_AGG_SERVER_STATUS,
	ST_F_AGG_SERVER_CHECK_STATUS,
	ST_F_AGG_CHECK_STATUS,
	ST_F_SSL_SESS,
	ST_F_SSL_REUSED_SESS,
	ST_F_SSL_FAILED_HANDSHAKE,
	ST_F_H2_HEADERS_RCVD,
	ST_F_H2_DATA_RCVD,
	ST_F_H2_SETTINGS_RCVD,
	ST_F_H2_RST_STREAM_RCVD,
	ST_F_H2_GOAWAY_RCVD,
	ST_F_H2_DETECTED_CONN_PROTOCOL_ERRORS,
	ST_F_H2_DETECTED_STRM_PROTOCOL_ERRORS,
	ST_F_H2_RST_STREAM_RESP,
	ST_F_H2_GOAWAY_RESP,
	ST_F_H2_OPEN_CONNECTIONS,
	ST_F_H2_BACKEND_OPEN_STREAMS,
	ST_F_H2_TOTAL_CONNECTIONS,
	ST_F_H2_BACKEND_TOTAL_STREAMS,
	ST_F_H1_OPEN_CONNECTIONS,
	ST_F_H1_OPEN_STREAMS,
	ST_F_H1_TOTAL_CONNECTIONS,
	ST_F_H1_TOTAL_STREAMS,
	ST_F_H1_BYTES_IN,
	ST_F_H1_BYTES_OUT,
	ST_F_H1_SPLICED_BYTES_IN,
	ST_F_H1_SPLICED_BYTES_OUT,
	ST_NFIELDS
};
#define ST_F_STATIC_END	ST_F_SSL_SESS	/* first module field */

/* Value types, as ";json" names them. */
enum st_vtype { ST_V_NONE, ST_V_U32, ST_V_S32, ST_V_U64, ST_V_STR };

struct st_field_desc {
	const char	*name;
	const char	*origin, *nature, *scope;	/* ";json" tags */
	enum st_vtype	 type;
};
extern const struct st_field_desc stats_fields[ST_NFIELDS];

/* One value; t == ST_V_NONE is an empty field (not applicable, or not
 * something hapx counts). */
struct st_val {
	enum st_vtype	 t;
	uint64_t	 u;		/* ST_V_U32, ST_V_U64 */
	int64_t		 i;		/* ST_V_S32 */
	const char	*s;		/* ST_V_STR: static, or in
					   st_row.strs */
};

/* HAProxy's "type" field. */
enum st_kind { ST_FE = 0, ST_BE = 1, ST_SRV = 2 };

struct st_row {
	enum st_kind		 kind;
	const struct proxy	*px;
	const struct server	*srv;		/* ST_SRV */
	struct st_val		 f[ST_NFIELDS];
	char			 strs[768];	/* the strings of f[] */
	size_t			 used;
};

/* Server states for colours and the Prometheus "state" labels. */
enum st_srv_state { ST_S_UP, ST_S_GOING_DOWN, ST_S_DOWN, ST_S_GOING_UP,
	ST_S_NOLB, ST_S_DRAIN, ST_S_MAINT, ST_S_NOCHECK };

struct stats_req;
/* Fill ROW for PX's frontend (ST_FE), backend (ST_BE) or server SRV
 * (ST_SRV), as REQ sees them (its time, its "show-legends"). */
void	stats_fill_row(struct st_row *row, enum st_kind kind,
	    const struct proxy *px, const struct server *srv,
	    const struct stats_req *req);
/* The colour class of server SRV (stats_html.c, prom.c). */
enum st_srv_state stats_srv_state(const struct server *srv);
/* Whether the backend PX has a usable server (its status "UP"). */
bool	stats_be_up(const struct proxy *px);
/* Seconds since the epoch. */
int64_t	stats_now(void);

/* What a stats request asked for (URI suffixes, spec §9.2). */
struct stats_req {
	const struct engine	*eng;
	const struct proxy	*self;		/* serving the page */
	const struct stats_conf	*sc;
	const char		*uri;		/* the URI prefix */
	bool			 up;		/* ";up": hide DOWN */
	bool			 no_maint;	/* ";no-maint" */
	bool			 norefresh;
	bool			 admin;		/* admin allowed */
	char			 st[8];		/* ";st=" code or "" */
	int64_t			 now;
	/* "show stat IID TYPE SID" (the runtime API): when FILTER, only
	 * proxy IID (-1: all), the row kinds in TYPES (1 frontend, 2
	 * backend, 4 server) and server SID (-1: all). */
	bool			 filter;
	long			 iid, sid;
	unsigned		 types;
};

/* Whether proxy PX is shown under REQ's "stats scope". */
bool	stats_in_scope(const struct stats_req *req, const struct proxy *px);
/* Whether server SRV is shown (";up", ";no-maint"). */
bool	stats_srv_shown(const struct stats_req *req,
	    const struct server *srv);

/* stats_csv.c: the CSV (header line and rows) and the ";json" array. */
void	stats_csv(struct evbuffer *out, const struct stats_req *req);
void	stats_json(struct evbuffer *out, const struct stats_req *req);
/* The runtime API's "show stat typed": one line per non-empty field,
 * "F.IID.SID.POS.NAME.1:TAGS:TYPE:VALUE". */
void	stats_typed(struct evbuffer *out, const struct stats_req *req);
/* stats_html.c: the HTML page. */
void	stats_html(struct evbuffer *out, const struct stats_req *req);

#endif
