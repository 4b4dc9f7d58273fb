/*
 * check_service.c: unit tests for the services' side of the engine's
 * service interface (engine/service_types.h): the stats page and the
 * Prometheus exporter decide from a request view alone, with no session,
 * and say what to answer (a reply, a 401, or "read the body first").
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <event2/buffer.h>

#include "model/cfg_model.h"
#include "engine/engine_types.h"
#include "engine/service_types.h"
#include "http/acl.h"
#include "http/http1.h"
#include "servers/proxy.h"
#include "observe/prom.h"
#include "observe/stats.h"

static struct config		 cfg;
static struct proxy_conf	 pc;
static struct proxy		 px;
static struct engine		 eng;
static struct http1_msg		 msg;
static struct http_head		 head;
static struct acl_env		 env;
static const char		*auth[] = { "u:p" };

static void
setup(void)
{
	memset(&cfg, 0, sizeof(cfg));
	memset(&pc, 0, sizeof(pc));
	memset(&px, 0, sizeof(px));
	memset(&eng, 0, sizeof(eng));
	memset(&env, 0, sizeof(env));
	memset(&head, 0, sizeof(head));
	pc.name = "st";
	pc.cap = CFG_CAP_FE | CFG_CAP_BE;
	pc.mode = CFG_MODE_HTTP;
	pc.stats.enabled = true;
	pc.stats.uri = "/st";
	pc.stats.refresh_ms = CFG_UNSET;
	eng.cfg = &cfg;
	eng.proxies = &px;
	eng.nproxies = 1;
	px.conf = &pc;
	px.eng = &eng;
	px.last_sess = -1;
}

static void
teardown(void)
{
	http_head_clear(&head);
}

/* The view of request RAW (a whole head) to the proxy. */
static struct svc_req
view(const char *raw)
{
	struct svc_req	r;

	http_head_clear(&head);
	memset(&head, 0, sizeof(head));
	http1_msg_setup(&msg, 0);	/* 0: the default header limit */
	ck_assert_int_eq(http1_parse_request(&msg, raw, strlen(raw), 16384),
	    HTTP1_DONE);
	ck_assert_int_eq(http_head_from_msg(&head, &msg, true), 0);
	env.req = &head;
	memset(&r, 0, sizeof(r));
	r.eng = &eng;
	r.px = &px;
	r.head = &head;
	r.env = &env;
	return r;
}

START_TEST(test_stats_match)
{
	struct svc_req	r = view("GET /st;csv HTTP/1.1\r\nHost: x\r\n\r\n");

	ck_assert(stats_match(&r));
	r = view("GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
	ck_assert(!stats_match(&r));
	pc.stats.enabled = false;
	r = view("GET /st HTTP/1.1\r\nHost: x\r\n\r\n");
	ck_assert(!stats_match(&r));
}
END_TEST

START_TEST(test_stats_page)
{
	struct svc_req		r = view("GET /st;csv HTTP/1.1\r\n\r\n");
	struct svc_reply	rep;

	stats_answer(&r, &rep);
	ck_assert_int_eq(rep.action, SVC_REPLY);
	ck_assert_int_eq(rep.status, 200);
	ck_assert_ptr_nonnull(strstr(rep.hdrs, "content-type: text/plain"));
	ck_assert_ptr_nonnull(rep.body);
	ck_assert_uint_gt(evbuffer_get_length(rep.body), 0);
	evbuffer_free(rep.body);
}
END_TEST

START_TEST(test_stats_auth)
{
	struct svc_req		r;
	struct svc_reply	rep;

	pc.stats.auths.v = auth;
	pc.stats.auths.n = 1;
	r = view("GET /st HTTP/1.1\r\n\r\n");
	stats_answer(&r, &rep);
	ck_assert_int_eq(rep.action, SVC_AUTH);
	ck_assert_str_eq(rep.realm, "HAProxy Statistics");
	ck_assert_ptr_null(rep.body);
	r = view("GET /st HTTP/1.1\r\nAuthorization: Basic dTpw\r\n\r\n");
	stats_answer(&r, &rep);
	ck_assert_int_eq(rep.action, SVC_REPLY);
	evbuffer_free(rep.body);
}
END_TEST

/* The admin form: the body first, then the redirect with the outcome. */
START_TEST(test_stats_post)
{
	struct svc_req		r = view("POST /st HTTP/1.1\r\n"
				    "Content-Length: 21\r\n\r\n");
	struct svc_reply	rep;

	stats_answer(&r, &rep);
	ck_assert_int_eq(rep.action, SVC_NEED_BODY);
	ck_assert_uint_gt(rep.body_max, 0);
	r.body_too_big = true;
	stats_answer(&r, &rep);
	ck_assert_int_eq(rep.action, SVC_REPLY);
	ck_assert_int_eq(rep.status, 303);
	ck_assert_ptr_nonnull(strstr(rep.hdrs, "location: /st;st=EXCD\r\n"));
	r.body_too_big = false;
	r.body = evbuffer_new();
	evbuffer_add_printf(r.body, "s=A&action=drain&b=st");
	stats_answer(&r, &rep);	/* no "stats admin": denied */
	ck_assert_int_eq(rep.action, SVC_REPLY);
	ck_assert_ptr_nonnull(strstr(rep.hdrs, "location: /st;st=DENY\r\n"));
	evbuffer_free(r.body);
}
END_TEST

START_TEST(test_prom)
{
	struct svc_req		r = view("GET /metrics HTTP/1.1\r\n\r\n");
	struct svc_reply	rep;

	ck_assert(!prom_match(&r));
	r.service = "prometheus-exporter";
	ck_assert(prom_match(&r));
	prom_answer(&r, &rep);
	ck_assert_int_eq(rep.action, SVC_REPLY);
	ck_assert_int_eq(rep.status, 200);
	ck_assert_ptr_nonnull(strstr(rep.hdrs, "version=0.0.4"));
	ck_assert_ptr_nonnull(rep.body);
	evbuffer_free(rep.body);
}
END_TEST

static Suite *
service_suite(void)
{
	Suite	*s = suite_create("service");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_stats_match);
	tcase_add_test(tc, test_stats_page);
	tcase_add_test(tc, test_stats_auth);
	tcase_add_test(tc, test_stats_post);
	tcase_add_test(tc, test_prom);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(service_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
