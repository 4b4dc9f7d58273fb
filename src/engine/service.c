/*
 * service: see service.h.  The services decide (observe/stats.c,
 * observe/prom.c); this file is all they need of the session: the request
 * view, the body, the reply on the wire, the counters and the log.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "engine/service.h"
#include "engine/service_types.h"
#include "engine/session.h"
#include "engine/session_http.h"
#include "http/http1.h"
#include "observe/log.h"
#include "observe/prom.h"
#include "observe/stats.h"
#include "servers/proxy.h"

static void
service_view(struct svc_req *r, struct session *s, struct proxy *px)
{
	memset(r, 0, sizeof(*r));
	r->eng = s->eng;
	r->px = px;
	r->head = &s->req;
	r->env = &s->env;
	r->service = s->rw.service;
}

/* A service answers S: counted as intercepted and logged as its server
 * NAME, before it runs (its own page shows the request). */
static void
service_begin(struct session *s, const char *name)
{
	s->fe->intercepted++;
	log_txn_service(s, name);
}

/* Send REP (anything but SVC_NEED_BODY) and free its body. */
static void
service_send(struct session *s, struct svc_reply *rep)
{
	switch (rep->action) {
	case SVC_REPLY:
		http_reply_svc(s, rep->status, rep->hdrs, rep->body);
		break;
	case SVC_AUTH:
		http_reply_realm(s, rep->realm);
		break;
	default:
		http_fail(s, rep->status);
		break;
	}
	if (rep->body != NULL)
		evbuffer_free(rep->body);
	rep->body = NULL;
}

/* Wait for the rest of the body in SESS_SERVICE, with the client's
 * timeouts; "Expect: 100-continue" gets its interim answer. */
static void
service_wait_body(struct session *s)
{
	uint32_t	t = sess_tmo(s->fe, PXT_CLIENT);

	if (s->st == SESS_SERVICE)
		return;
	s->st = SESS_SERVICE;
	sess_bev_timeouts(s->cbev, t, t);
	/* The parser's verdict on Expect (a token list, HTTP/1.1 only). */
	if (s->msg->flags & HTTP1_F_EXPECT_100)
		evbuffer_add_printf(bufferevent_get_output(s->cbev),
		    "HTTP/1.1 100 Continue\r\n\r\n");
}

/* Whether the whole request body is in IN: HTTP1_DONE, HTTP1_AGAIN or
 * HTTP1_ERROR (bad chunk framing). */
static int
service_body_ready(const struct session *s, struct evbuffer *in)
{
	if (s->req_done)
		return HTTP1_DONE;
	if (s->reqb.kind == HTTP1_BODY_LENGTH)
		return evbuffer_get_length(in) >= s->reqb.left ? HTTP1_DONE :
		    HTTP1_AGAIN;
	return http1_body_check(&s->reqb, in);
}

/* The stats page asked for the body (REP: SVC_NEED_BODY): wait for it,
 * or run the page again with it (or with "too big") and send that. */
static void
service_stats_body(struct session *s, struct proxy *px,
    struct svc_reply *rep)
{
	struct evbuffer	*in = bufferevent_get_input(s->cbev);
	struct svc_req	 r;
	int		 rc = service_body_ready(s, in);

	if (rc == HTTP1_ERROR) {
		s->fe->failed_req++;
		http_fail(s, 400);
		return;
	}
	service_view(&r, s, px);
	if (rc == HTTP1_AGAIN) {
		if (evbuffer_get_length(in) <= rep->body_max) {
			service_wait_body(s);
			return;
		}
		r.body_too_big = true;
	} else {
		if ((r.body = evbuffer_new()) == NULL) {
			http_fail(s, 500);
			return;
		}
		if (!s->req_done && http1_body_xfer(&s->reqb, in, r.body) ==
		    HTTP1_DONE)
			s->req_done = true;
		r.chunked = s->reqb.kind == HTTP1_BODY_CHUNKED;
	}
	stats_answer(&r, rep);
	if (r.body != NULL)
		evbuffer_free(r.body);
	if (rep->action == SVC_NEED_BODY) {	/* cannot happen: it has it */
		rep->action = SVC_FAIL;
		rep->status = 500;
	}
	service_send(s, rep);
}

/* Run the stats page of PX for S (a request stats_match() accepted). */
static void
service_stats_run(struct session *s, struct proxy *px)
{
	struct svc_req		r;
	struct svc_reply	rep;

	service_view(&r, s, px);
	stats_answer(&r, &rep);
	if (rep.action == SVC_NEED_BODY)
		service_stats_body(s, px, &rep);
	else
		service_send(s, &rep);
}

static bool
service_is_stats(struct session *s, struct proxy *px)
{
	struct svc_req	r;

	if (px == NULL)
		return false;
	service_view(&r, s, px);
	return stats_match(&r);
}

bool
service_stats(struct session *s, struct proxy *px)
{
	if (!service_is_stats(s, px))
		return false;
	service_begin(s, "<STATS>");
	service_stats_run(s, px);
	return true;
}

void
service_read_body(struct session *s)
{
	struct proxy	*px = service_is_stats(s, s->fe) ? s->fe : s->be;

	if (px == NULL) {	/* cannot happen: the head matched before */
		session_close(s);
		return;
	}
	service_stats_run(s, px);
}

bool
service_use(struct session *s)
{
	struct svc_req		r;
	struct svc_reply	rep;

	service_view(&r, s, s->fe);
	if (!prom_match(&r))
		return false;
	service_begin(s, "<PROMEX>");
	prom_answer(&r, &rep);
	service_send(s, &rep);
	return true;
}
