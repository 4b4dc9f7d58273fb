/*
 * check_stats.c: unit tests for the stats rows and their CSV and JSON
 * renderings (stats.c, stats_csv.c).  An engine with a frontend and a
 * backend of two servers is built by hand; counters are set directly.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <event2/buffer.h>

#include "model/cfg_model.h"
#include "engine/engine.h"
#include "servers/proxy.h"
#include "observe/stats.h"

#include "base/nitems.h"

/* HAProxy 2.6.12's CSV header line (spec §9.3). */
static const char want_header[] = "# pxname,svname,qcur,qmax,scur,smax,"
    "slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,"
    "weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,"
    "throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,"
    "check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,"
    "hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,"
    "srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,"
    "last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,"
    "agent_duration,check_desc,agent_desc,check_rise,check_fall,"
    "check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,"
    "algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,"
    "connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,"
    "ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,"
    "used_conn_cur,need_conn_est,uweight,agg_server_status,"
    "agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,"
    "ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,"
    "h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,"
    "h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,"
    "h2_open_connections,h2_backend_open_streams,h2_total_connections,"
    "h2_backend_total_streams,h1_open_connections,h1_open_streams,"
    "h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,"
    "h1_spliced_bytes_in,h1_spliced_bytes_out,\n";

static struct config		 cfg;
static struct proxy_conf	 pc[2];
static struct server_conf	 sc[2];
static struct proxy		 px[2];
static struct server		 srv[2];
static struct engine		 eng;

static void
setup(void)
{
	memset(&cfg, 0, sizeof(cfg));
	memset(pc, 0, sizeof(pc));
	memset(sc, 0, sizeof(sc));
	memset(px, 0, sizeof(px));
	memset(srv, 0, sizeof(srv));
	memset(&eng, 0, sizeof(eng));
	pc[0].name = "fe";
	pc[0].cap = CFG_CAP_FE;
	pc[0].mode = CFG_MODE_HTTP;
	pc[0].default_backend.target = &pc[1];
	pc[1].name = "be";
	pc[1].cap = CFG_CAP_BE;
	pc[1].mode = CFG_MODE_HTTP;
	sc[0].name = "A";
	sc[0].weight = 1;
	sc[0].rise = 2;
	sc[0].fall = 3;
	sc[1].name = "B,x";
	sc[1].weight = 2;
	sc[1].backup = true;
	sc[1].rise = 2;
	sc[1].fall = 3;
	eng.cfg = &cfg;
	eng.proxies = px;
	eng.nproxies = 2;
	eng.start_time = stats_now() - 100;
	px[0].conf = &pc[0];
	px[0].eng = &eng;
	px[0].maxconn = 2000;
	px[0].last_sess = -1;
	px[1].conf = &pc[1];
	px[1].eng = &eng;
	px[1].srvs = srv;
	px[1].nsrvs = 2;
	px[1].last_sess = -1;
	px[1].last_change = eng.start_time;
	for (unsigned i = 0; i < 2; i++) {
		srv[i].conf = &sc[i];
		srv[i].px = &px[1];
		srv[i].idx = i;
		srv[i].state = SRV_ST_UP;
		srv[i].weight = sc[i].weight;
		srv[i].uweight = sc[i].weight;
		srv[i].last_sess = -1;
		srv[i].last_change = eng.start_time;
	}
}

static void
teardown(void)
{
}

/* The text STATS_CSV / STATS_JSON renders, NUL-terminated (static). */
static const char *
render(bool json, const struct stats_conf *sconf)
{
	static char		 buf[65536];
	struct stats_req	 req;
	struct evbuffer		*b = evbuffer_new();
	size_t			 n;

	memset(&req, 0, sizeof(req));
	req.eng = &eng;
	req.self = &px[0];
	req.sc = sconf;
	req.now = stats_now();
	if (json)
		stats_json(b, &req);
	else
		stats_csv(b, &req);
	n = evbuffer_remove(b, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	evbuffer_free(b);
	return buf;
}

/* Cell I (0-based, counting the "-" column) of the line starting with
 * PREFIX. */
static const char *
cell(const char *text, const char *prefix, unsigned i)
{
	static char	out[256];
	const char	*l = strstr(text, prefix), *e;
	unsigned	 k;

	ck_assert_msg(l != NULL, "no line %s", prefix);
	for (k = 0; k < i; k++) {
		if (*l == '"')
			l = strchr(l + 1, '"') + 1;
		l = strchr(l, ',') + 1;
	}
	e = strchr(l, ',');
	if (*l == '"')
		e = strchr(strchr(l + 1, '"') + 1, ',');
	snprintf(out, sizeof(out), "%.*s", (int)(e - l), l);
	return out;
}

START_TEST(test_header)
{
	const char	*t = render(false, NULL);

	ck_assert_int_eq(strncmp(t, want_header, strlen(want_header)), 0);
}
END_TEST

START_TEST(test_rows)
{
	const char	*t;

	px[0].cum_feconn = 7;
	px[0].cum_sess = 7;	/* stot: past the tcp-request connection rules */
	px[0].req_tot = 7;
	px[0].hrsp[HRSP_2XX] = 6;
	px[0].hrsp[HRSP_5XX] = 1;
	px[1].cum_beconn = 6;
	srv[0].total = 4;
	t = render(false, NULL);
	/* Line order: FRONTEND, A, "B,x" (quoted), BACKEND. */
	ck_assert_ptr_nonnull(strstr(t, "\nfe,FRONTEND,"));
	ck_assert_ptr_nonnull(strstr(t, "\nbe,A,"));
	ck_assert_ptr_nonnull(strstr(t, "\nbe,\"B,x\","));
	ck_assert_ptr_nonnull(strstr(t, "\nbe,BACKEND,"));
	ck_assert(strstr(t, "\nbe,A,") < strstr(t, "\nbe,BACKEND,"));
	ck_assert_str_eq(cell(t, "\nfe,FRONTEND,", 7), "7");	/* stot */
	ck_assert_str_eq(cell(t, "\nfe,FRONTEND,", 40), "6");	/* 2xx */
	ck_assert_str_eq(cell(t, "\nfe,FRONTEND,", 43), "1");	/* 5xx */
	ck_assert_str_eq(cell(t, "\nfe,FRONTEND,", 48), "7");	/* req */
	ck_assert_str_eq(cell(t, "\nfe,FRONTEND,", 17), "OPEN");
	ck_assert_str_eq(cell(t, "\nfe,FRONTEND,", 13), "");	/* econ */
	ck_assert_str_eq(cell(t, "\nbe,A,", 7), "4");
	ck_assert_str_eq(cell(t, "\nbe,A,", 17), "no check");
	ck_assert_str_eq(cell(t, "\nbe,A,", 32), "2");		/* type */
	ck_assert_str_eq(cell(t, "\nbe,A,", 28), "1");		/* sid */
	ck_assert_str_eq(cell(t, "\nbe,A,", 55), "-1");	/* lastsess */
	ck_assert_str_eq(cell(t, "\nbe,A,", 103), "-");
	ck_assert_str_eq(cell(t, "\nbe,BACKEND,", 7), "6");
	ck_assert_str_eq(cell(t, "\nbe,BACKEND,", 18), "1");	/* weight */
	ck_assert_str_eq(cell(t, "\nbe,BACKEND,", 19), "1");	/* act */
	ck_assert_str_eq(cell(t, "\nbe,BACKEND,", 20), "1");	/* bck */
	ck_assert_str_eq(cell(t, "\nbe,BACKEND,", 27), "2");	/* iid */
	/* fullconn by default: a tenth of fe's maxconn. */
	ck_assert_str_eq(cell(t, "\nbe,BACKEND,", 6), "200");
}
END_TEST

static const struct {
	enum srv_state		 state;
	bool			 drain, nolb;
	enum st_srv_state	 want;
	const char		*status;
	bool			 be_up;
} state_cases[] = {
	{ SRV_ST_UP, false, false, ST_S_NOCHECK, "no check", true },
	{ SRV_ST_UP, true, false, ST_S_DRAIN, "DRAIN", true },
	{ SRV_ST_UP, false, true, ST_S_NOLB, "NOLB", true },
	{ SRV_ST_MAINT, false, false, ST_S_MAINT, "MAINT", false },
	{ SRV_ST_DOWN, false, false, ST_S_DOWN, "DOWN", false },
};

START_TEST(test_states)
{
	struct stats_req	req;
	struct st_row		*r = malloc(sizeof(*r));

	memset(&req, 0, sizeof(req));
	req.eng = &eng;
	req.now = stats_now();
	srv[0].state = state_cases[_i].state;
	srv[0].admin_drain = state_cases[_i].drain;
	srv[0].nolb = state_cases[_i].nolb;
	if (state_cases[_i].drain)
		srv[0].weight = 0;
	srv[1].state = SRV_ST_MAINT;
	ck_assert_int_eq(stats_srv_state(&srv[0]), state_cases[_i].want);
	stats_fill_row(r, ST_SRV, &px[1], &srv[0], &req);
	ck_assert_str_eq(r->f[ST_F_STATUS].s, state_cases[_i].status);
	/* A drained server keeps showing its weight. */
	ck_assert_uint_eq(r->f[ST_F_WEIGHT].u, 1);
	ck_assert_int_eq(stats_be_up(&px[1]), state_cases[_i].be_up &&
	    !state_cases[_i].drain);
	free(r);
}
END_TEST

START_TEST(test_be_no_server)
{
	px[1].nsrvs = 0;
	ck_assert(stats_be_up(&px[1]));
}
END_TEST

START_TEST(test_scope)
{
	struct stats_conf	 s;
	struct stats_scope	 one = { .name = "be" };
	const char		*t;

	memset(&s, 0, sizeof(s));
	s.scopes.v = &one;
	s.scopes.n = 1;
	t = render(false, &s);
	ck_assert_ptr_null(strstr(t, "\nfe,"));
	ck_assert_ptr_nonnull(strstr(t, "\nbe,BACKEND,"));
	one.name = ".";		/* the proxy serving the page: fe */
	t = render(false, &s);
	ck_assert_ptr_nonnull(strstr(t, "\nfe,FRONTEND,"));
	ck_assert_ptr_null(strstr(t, "\nbe,"));
}
END_TEST

START_TEST(test_json)
{
	const char	*t;

	pc[1].name = "b\"e";
	t = render(true, NULL);
	ck_assert_int_eq(t[0], '[');
	ck_assert_ptr_nonnull(strstr(t, "\"value\":{\"type\":\"str\","
	    "\"value\":\"b\\\"e\"}"));
	ck_assert_ptr_nonnull(strstr(t, "{\"objType\":\"Server\",\"proxyId\":2,"
	    "\"id\":1,\"field\":{\"pos\":0,\"name\":\"pxname\"}"));
	/* Empty fields are left out: no qcur for a frontend. */
	ck_assert_ptr_null(strstr(t, "\"objType\":\"Frontend\",\"proxyId\":1,"
	    "\"id\":0,\"field\":{\"pos\":2,"));
}
END_TEST

static Suite *
stats_suite(void)
{
	Suite	*s = suite_create("stats");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_header);
	tcase_add_test(tc, test_rows);
	tcase_add_loop_test(tc, test_states, 0, nitems(state_cases));
	tcase_add_test(tc, test_be_no_server);
	tcase_add_test(tc, test_scope);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(stats_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
