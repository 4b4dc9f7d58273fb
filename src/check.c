/*
 * check.c: server health checks (spec §6).  See check.h.
 */
#include "config.h"

#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "cfg_model.h"
#include "check_srv.h"
#include "engine.h"
#include "proxy.h"
#include "regex.h"

#define CHECK_DEFAULT_BUFSIZE	16384

struct check {
	struct server		*srv;
	struct engine		*eng;
	unsigned		 health;
	struct event		*timer;		/* next check, or timeout */
	struct bufferevent	*bev;		/* the check connection */
	bool			 connected;
	bool			 running;
	uint64_t		 start_ms;
	struct evbuffer		*resp;		/* bytes received */
	size_t			 bufsize;
	unsigned		 step;		/* tcp-check: the current rule */
};

static const char *const status_text[] = {
	[CHK_ST_DEFAULT] = "Unknown",
	[CHK_ST_L4OK] = "Layer4 check passed",
	[CHK_ST_L4TOUT] = "Layer4 timeout",
	[CHK_ST_L4CON] = "Layer4 connection problem",
	[CHK_ST_L6OK] = "Layer6 check passed",
	[CHK_ST_L6TOUT] = "Layer6 timeout",
	[CHK_ST_L6RSP] = "Layer6 invalid response",
	[CHK_ST_L7OK] = "Layer7 check passed",
	[CHK_ST_L7OKC] = "Layer7 check conditionally passed",
	[CHK_ST_L7TOUT] = "Layer7 timeout",
	[CHK_ST_L7RSP] = "Layer7 invalid response",
	[CHK_ST_L7STS] = "Layer7 wrong status",
};

const char *
check_status_text(enum check_status st)
{
	if ((unsigned)st >= sizeof(status_text) / sizeof(status_text[0]))
		return "Unknown";
	return status_text[st];
}

bool
check_status_ok(enum check_status st)
{
	return st == CHK_ST_L4OK || st == CHK_ST_L6OK || st == CHK_ST_L7OK ||
	    st == CHK_ST_L7OKC;
}

/* ------------------------------------------------------------------ */
/* Pure parts */

static void
res_set(struct check_result *res, enum check_status st, int code,
    const char *info, size_t infolen)
{
	res->st = st;
	res->code = code;
	if (infolen >= sizeof(res->info))
		infolen = sizeof(res->info) - 1;
	memcpy(res->info, info != NULL ? info : "", info != NULL ? infolen : 0);
	res->info[info != NULL ? infolen : 0] = '\0';
}

/* Parse "HTTP/x.y NNN reason" at the start of RESP.  Sets the code, the
 * reason and the body (after the empty line; empty if none). */
static bool
parse_response(const char *resp, size_t len, int *code, const char **reason,
    size_t *rlen, const char **body, size_t *blen)
{
	const char	*eol, *p, *end = resp + len;
	size_t		 i;

	if (len < 12 || memcmp(resp, "HTTP/", 5) != 0)
		return false;
	eol = memchr(resp, '\n', len);
	if (eol == NULL)
		eol = end;
	p = memchr(resp, ' ', (size_t)(eol - resp));
	if (p == NULL || eol - p < 4)
		return false;
	p++;
	for (i = 0; i < 3; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	if (p + 3 < eol && p[3] != ' ' && p[3] != '\r')
		return false;
	*code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	p += 3;
	while (p < eol && *p == ' ')
		p++;
	*reason = p;
	*rlen = (size_t)(eol - p);
	if (*rlen > 0 && p[*rlen - 1] == '\r')
		(*rlen)--;
	/* The body: after the first empty line. */
	*body = end;
	*blen = 0;
	for (p = eol; p < end; ) {
		const char	*nl = memchr(p + 1, '\n', (size_t)(end - p - 1));

		if (nl == NULL || p + 1 >= end)
			break;
		if (nl == p + 1 || (nl == p + 2 && p[1] == '\r')) {
			*body = nl + 1;
			*blen = (size_t)(end - *body);
			break;
		}
		p = nl;
	}
	return true;
}

static bool
code_in(const struct check_expect *e, int code)
{
	unsigned	i;

	for (i = 0; i < e->codes.n; i++)
		if ((unsigned)code >= e->codes.v[i].lo &&
		    (unsigned)code <= e->codes.v[i].hi)
			return true;
	return false;
}

static bool
mem_has(const char *h, size_t hlen, const char *n, size_t nlen)
{
	size_t	i;

	if (nlen == 0)
		return true;
	for (i = 0; i + nlen <= hlen; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nlen) == 0)
			return true;
	return false;
}

void
check_http_verdict(const struct tcpcheck_step *steps, unsigned n,
    const char *resp, size_t len, struct check_result *res)
{
	const char	*reason, *body;
	size_t		 rlen, blen;
	int		 code;
	unsigned	 i;
	bool		 any = false;

	if (!parse_response(resp, len, &code, &reason, &rlen, &body, &blen)) {
		res_set(res, CHK_ST_L7RSP, 0, "Invalid HTTP response", 21);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct check_expect	*e = &steps[i].expect;
		char				 cs[4];
		bool				 m, is_status;
		enum check_status		 st;

		if (steps[i].action != CHK_ACT_EXPECT)
			continue;
		any = true;
		is_status = e->kind == EXP_STATUS || e->kind == EXP_RSTATUS;
		switch (e->kind) {
		case EXP_STATUS:
			m = code_in(e, code);
			break;
		case EXP_RSTATUS:
			cs[0] = (char)('0' + code / 100 % 10);
			cs[1] = (char)('0' + code / 10 % 10);
			cs[2] = (char)('0' + code % 10);
			cs[3] = '\0';
			m = e->rx != NULL && rx_match(e->rx, cs, 3);
			break;
		case EXP_STRING:
			m = mem_has(body, blen, e->pattern, e->len);
			break;
		case EXP_RSTRING:
			m = e->rx != NULL && rx_match(e->rx, body, blen);
			break;
		default:
			/* Forms not implemented: pass, as no constraint. */
			continue;
		}
		if (m != e->negate)
			continue;
		st = e->error_status != CHK_ST_DEFAULT ? e->error_status :
		    is_status ? CHK_ST_L7STS : CHK_ST_L7RSP;
		if (is_status)
			res_set(res, st, code, reason, rlen);
		else if (e->negate)
			res_set(res, st, code,
			    "HTTP check matched unwanted content", 35);
		else
			res_set(res, st, code, "HTTP content check did not match",
			    32);
		return;
	}
	if (!any && (code < 200 || code > 399)) {
		res_set(res, CHK_ST_L7STS, code, reason, rlen);
		return;
	}
	res_set(res, CHK_ST_L7OK, code, reason, rlen);
}

int
check_tcp_expect(const struct check_expect *e, const char *buf, size_t len,
    bool complete)
{
	bool	m;

	switch (e->kind) {
	case EXP_STRING:
	case EXP_BINARY:
		m = mem_has(buf, len, e->pattern, e->len);
		break;
	case EXP_RSTRING:
	case EXP_RBINARY:
		m = e->rx != NULL && rx_match(e->rx, buf, len);
		break;
	default:
		return 1;	/* not a tcp-check form: no constraint */
	}
	if (m)
		return e->negate ? 0 : 1;
	if (!complete)
		return -1;
	return e->negate ? 1 : 0;
}

unsigned
check_health_init(enum srv_init_state is, unsigned rise, unsigned fall)
{
	switch (is) {
	case SRV_INIT_FULLY_UP:
		return rise + fall - 1;
	case SRV_INIT_DOWN:
		return rise - 1;
	case SRV_INIT_FULLY_DOWN:
		return 0;
	case SRV_INIT_UP:
	case SRV_INIT_DEFAULT:
	default:
		return rise;
	}
}

unsigned
check_health_step(unsigned health, unsigned rise, unsigned fall, bool ok)
{
	if (ok) {
		if (health < rise)
			health++;
		if (health >= rise)
			health = rise + fall - 1;
		return health;
	}
	if (health > rise)
		return health - 1;
	return 0;
}

uint32_t
check_interval(const struct server_conf *sc, unsigned health)
{
	uint32_t	inter = sc->inter_ms;

	if (health >= sc->rise + sc->fall - 1)
		return inter;
	if (health == 0)
		return sc->downinter_ms != CFG_UNSET ? sc->downinter_ms : inter;
	return sc->fastinter_ms != CFG_UNSET ? sc->fastinter_ms : inter;
}

static bool
req_add(char *out, size_t outsz, size_t *pos, const char *s, size_t n)
{
	if (*pos + n >= outsz)
		return false;
	memcpy(out + *pos, s, n);
	*pos += n;
	out[*pos] = '\0';
	return true;
}

#define REQ_ADDS(s)	req_add(out, outsz, &pos, (s), strlen(s))

long
check_http_request(const struct proxy_conf *pc, char *out, size_t outsz)
{
	const struct httpchk_conf	*rq = &pc->httpchk;
	const char	*meth = rq->method ? rq->method : "OPTIONS";
	const char	*uri = rq->uri ? rq->uri : "/";
	const char	*ver = rq->version ? rq->version : "HTTP/1.0";
	size_t		 pos = 0;
	unsigned	 i;
	bool		 ok = true, v11 = strcmp(ver, "HTTP/1.1") == 0;
	char		 cl[48];

	if (outsz == 0)
		return -1;
	out[0] = '\0';
	ok = REQ_ADDS(meth) && REQ_ADDS(" ") && REQ_ADDS(uri) &&
	    REQ_ADDS(" ") && REQ_ADDS(ver) && REQ_ADDS("\r\n");
	for (i = 0; ok && i < rq->hdrs.n; i++) {
		const char	*nm = rq->hdrs.v[i].name;
		size_t		 j, start = pos;

		ok = REQ_ADDS(nm);
		for (j = start; ok && j < pos; j++)
			out[j] = (char)tolower((unsigned char)out[j]);
		ok = ok && REQ_ADDS(": ") &&
		    REQ_ADDS(rq->hdrs.v[i].value ? rq->hdrs.v[i].value : "") &&
		    REQ_ADDS("\r\n");
	}
	if (ok && rq->body != NULL) {
		snprintf(cl, sizeof(cl), "content-length: %zu\r\n",
		    strlen(rq->body));
		ok = REQ_ADDS(cl);
	}
	if (ok && v11)
		ok = REQ_ADDS("connection: close\r\n");
	ok = ok && REQ_ADDS("\r\n");
	if (ok && rq->body != NULL)
		ok = REQ_ADDS(rq->body);
	return ok ? (long)pos : -1;
}

/* ------------------------------------------------------------------ */
/* Runtime */

static uint64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ha_warning()/ha_alert() of HAProxy, until src/log.c exists. */
static void
check_log(bool alert, const char *fmt, ...)
{
	FILE	*fp = stderr;	/* layering: allow (no log.c yet) */
	va_list	 ap;

	fprintf(fp, "%s (%ld) : ", alert ? "[ALERT]   " : "[WARNING] ",
	    (long)getpid());
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
	fflush(fp);
}

static void
arm(struct check *c, uint32_t ms)
{
	struct timeval	tv = { .tv_sec = ms / 1000,
	    .tv_usec = (ms % 1000) * 1000 };

	evtimer_add(c->timer, &tv);
}

static uint32_t
jitter(const struct engine *eng, uint32_t inter)
{
	unsigned	p = eng->cfg->global.spread_checks;
	long		d;

	if (p == 0 || inter == 0)
		return inter;
	if (p > 50)
		p = 50;
	d = (long)(random() % (2 * (long)p + 1)) - (long)p;
	return (uint32_t)((long)inter + (long)inter * d / 100);
}

static void
log_transition(struct check *c, bool up, const struct check_result *res,
    uint64_t dur)
{
	struct server	*s = c->srv;
	struct proxy	*px = s->px;
	unsigned	 act = 0, bck = 0, i;
	char		 detail[256];
	const char	*pfx = s->conf->backup ? "Backup Server" : "Server";
	int		 n;

	for (i = 0; i < px->nsrvs; i++) {
		if (px->srvs[i].state != SRV_ST_UP)
			continue;
		if (px->srvs[i].conf->backup)
			bck++;
		else
			act++;
	}
	n = snprintf(detail, sizeof(detail), "reason: %s",
	    check_status_text(res->st));
	/* HAProxy prints the code only from HCHK_STATUS_L57DATA on. */
	if ((res->st == CHK_ST_L7OK || res->st == CHK_ST_L7OKC ||
	    res->st == CHK_ST_L7STS) && n > 0 && (size_t)n < sizeof(detail))
		n += snprintf(detail + n, sizeof(detail) - (size_t)n,
		    ", code: %d", res->code);
	if (res->info[0] != '\0' && n > 0 && (size_t)n < sizeof(detail))
		snprintf(detail + n, sizeof(detail) - (size_t)n,
		    ", info: \"%s\"", res->info);
	if (up)
		check_log(false, "%s %s/%s is UP, %s, check duration: %llums. "
		    "%u active and %u backup servers online.%s "
		    "0 sessions requeued, %u total in queue.", pfx,
		    px->conf->name, s->conf->name, detail,
		    (unsigned long long)dur, act, bck,
		    act == 0 && bck > 0 ? " Running on backup." : "",
		    s->queued);
	else
		check_log(false, "%s %s/%s is DOWN, %s, check duration: "
		    "%llums. %u active and %u backup servers left.%s "
		    "%u sessions active, 0 requeued, %u remaining in queue.",
		    pfx, px->conf->name, s->conf->name, detail,
		    (unsigned long long)dur, act, bck,
		    act == 0 && bck > 0 ? " Running on backup." : "",
		    s->cur_conns, s->queued);
	if (!up && act == 0 && bck == 0)
		check_log(true, "backend '%s' has no server available!",
		    px->conf->name);
}

static void
check_done(struct check *c, const struct check_result *res)
{
	const struct server_conf	*sc = c->srv->conf;
	uint64_t			 dur = now_ms() - c->start_ms;
	bool				 was_up, is_up;

	if (c->bev != NULL) {
		bufferevent_free(c->bev);
		c->bev = NULL;
	}
	evbuffer_drain(c->resp, evbuffer_get_length(c->resp));
	c->running = false;
	was_up = c->health >= sc->rise;
	c->health = check_health_step(c->health, sc->rise, sc->fall,
	    check_status_ok(res->st));
	is_up = c->health >= sc->rise;
	if (c->srv->state != SRV_ST_MAINT && was_up != is_up) {
		c->srv->state = is_up ? SRV_ST_UP : SRV_ST_DOWN;
		log_transition(c, is_up, res, dur);
	}
	evtimer_del(c->timer);
	arm(c, jitter(c->eng, check_interval(sc, c->health)));
}

static void
check_finish_http(struct check *c)
{
	struct check_result	 res;
	const struct proxy_conf	*pc = c->srv->px->conf;
	size_t			 len = evbuffer_get_length(c->resp);
	const char		*p;

	if (len > c->bufsize)
		len = c->bufsize;
	p = (const char *)evbuffer_pullup(c->resp, (ssize_t)len);
	memset(&res, 0, sizeof(res));
	if (len == 0 || p == NULL)
		res_set(&res, CHK_ST_L7RSP, 0, NULL, 0);
	else
		check_http_verdict(pc->tcpcheck.v, pc->tcpcheck.n, p, len,
		    &res);
	check_done(c, &res);
}

/* HAProxy's step number of rule I: 1-based, counting the implicit
 * connect it adds when the ruleset does not start with one. */
static unsigned
tcpchk_step_id(const struct proxy_conf *pc, unsigned i)
{
	bool	implicit = pc->tcpcheck.n == 0 ||
	    pc->tcpcheck.v[0].action != CHK_ACT_CONNECT;

	return i + 1 + (implicit ? 1 : 0);
}

static void
tcpchk_fail(struct check *c, enum check_status st, const char *what)
{
	const struct proxy_conf		*pc = c->srv->px->conf;
	const struct check_expect	*e = &pc->tcpcheck.v[c->step].expect;
	struct check_result		 res;
	char				 info[128];
	int				 n;

	memset(&res, 0, sizeof(res));
	if (e->error_status != CHK_ST_DEFAULT && st == CHK_ST_L7RSP)
		st = e->error_status;
	else if (e->tout_status != CHK_ST_DEFAULT && st == CHK_ST_L7TOUT)
		st = e->tout_status;
	if (what != NULL)
		n = snprintf(info, sizeof(info), "TCPCHK %s content '%.*s' at "
		    "step %u", what, (int)(e->len > 64 ? 64 : e->len),
		    e->pattern != NULL ? e->pattern : "",
		    tcpchk_step_id(pc, c->step));
	else
		n = snprintf(info, sizeof(info), "TCPCHK timeout at step %u",
		    tcpchk_step_id(pc, c->step));
	res_set(&res, st, 0, info, n > 0 ? (size_t)n : 0);
	check_done(c, &res);
}

/* Judge the expect rule at c->step on the bytes received; 1 = passed (and
 * the bytes consumed), 0 = failed (check done), -1 = wait for more. */
static int
tcpchk_expect(struct check *c, bool complete)
{
	const struct check_expect	*e =
	    &c->srv->px->conf->tcpcheck.v[c->step].expect;
	size_t				 len = evbuffer_get_length(c->resp);
	const char			*p;
	int				 r;

	if (len >= c->bufsize) {
		len = c->bufsize;
		complete = true;
	}
	p = (const char *)evbuffer_pullup(c->resp, (ssize_t)len);
	r = check_tcp_expect(e, p != NULL ? p : "", p != NULL ? len : 0,
	    complete);
	if (r == 1)
		evbuffer_drain(c->resp, evbuffer_get_length(c->resp));
	else if (r == 0)
		tcpchk_fail(c, CHK_ST_L7RSP, e->negate ? "matched unwanted" :
		    "did not match");
	return r;
}

/* Run the tcp-check rules from c->step on until one must wait or the
 * check is done.  COMPLETE: no more bytes will come (EOF, timeout). */
static void
tcpchk_run(struct check *c, bool complete)
{
	const struct proxy_conf	*pc = c->srv->px->conf;
	struct check_result	 res;

	for (; c->step < pc->tcpcheck.n; c->step++) {
		const struct tcpcheck_step	*st = &pc->tcpcheck.v[c->step];

		if (st->action == CHK_ACT_SEND && st->len > 0)
			bufferevent_write(c->bev, st->data, st->len);
		else if (st->action == CHK_ACT_EXPECT &&
		    tcpchk_expect(c, complete) != 1)
			return;
		/* Later connect rules: the check keeps its connection. */
	}
	memset(&res, 0, sizeof(res));
	res_set(&res, pc->tcpcheck.n > 0 ? CHK_ST_L7OK : CHK_ST_L4OK, 0,
	    NULL, 0);
	check_done(c, &res);
}

/* The check timed out (COMPLETE for a pending expect). */
static void
tcpchk_timeout(struct check *c)
{
	const struct proxy_conf	*pc = c->srv->px->conf;

	if (c->step < pc->tcpcheck.n &&
	    pc->tcpcheck.v[c->step].action == CHK_ACT_EXPECT &&
	    pc->tcpcheck.v[c->step].expect.negate) {
		tcpchk_run(c, true);
		if (c->running)
			tcpchk_fail(c, CHK_ST_L7TOUT, NULL);
		return;
	}
	tcpchk_fail(c, CHK_ST_L7TOUT, NULL);
}

static void
check_read_cb(struct bufferevent *bev, void *arg)
{
	struct check	*c = arg;

	evbuffer_add_buffer(c->resp, bufferevent_get_input(bev));
	if (c->srv->px->conf->check_type == CHK_TCPCHECK)
		tcpchk_run(c, false);
	else if (evbuffer_get_length(c->resp) >= c->bufsize)
		check_finish_http(c);
}

/* The check connection is up: pass a plain TCP check, or start the
 * tcp-check rules or the HTTP request under "timeout check". */
static void
check_connected(struct check *c, struct bufferevent *bev)
{
	const struct proxy_conf	*pc = c->srv->px->conf;
	struct check_result	 res;
	struct timeval		 t;
	char			 req[4096];
	long			 n;

	c->connected = true;
	if (pc->check_type != CHK_HTTP && pc->check_type != CHK_TCPCHECK) {
		memset(&res, 0, sizeof(res));
		res_set(&res, CHK_ST_L4OK, 0, NULL, 0);
		check_done(c, &res);
		return;
	}
	if (pc->timeout[PXT_CHECK] != CFG_UNSET) {
		/* Read timeout = timeout check, from now on. */
		t.tv_sec = pc->timeout[PXT_CHECK] / 1000;
		t.tv_usec = (pc->timeout[PXT_CHECK] % 1000) * 1000;
		evtimer_add(c->timer, &t);
	}
	bufferevent_enable(bev, EV_READ);
	if (pc->check_type == CHK_TCPCHECK) {
		c->step = pc->tcpcheck.n > 0 &&
		    pc->tcpcheck.v[0].action == CHK_ACT_CONNECT;
		tcpchk_run(c, false);
		return;
	}
	n = check_http_request(pc, req, sizeof(req));
	if (n > 0)
		bufferevent_write(bev, req, (size_t)n);
}

static void
check_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct check		*c = arg;
	const struct proxy_conf	*pc = c->srv->px->conf;
	struct check_result	 res;

	memset(&res, 0, sizeof(res));
	if (what & BEV_EVENT_CONNECTED) {
		check_connected(c, bev);
		return;
	}
	if (c->connected && pc->check_type == CHK_TCPCHECK &&
	    (what & BEV_EVENT_EOF || evbuffer_get_length(c->resp) > 0)) {
		evbuffer_add_buffer(c->resp, bufferevent_get_input(bev));
		tcpchk_run(c, true);
		return;
	}
	if (what & BEV_EVENT_EOF && c->connected) {
		evbuffer_add_buffer(c->resp, bufferevent_get_input(bev));
		check_finish_http(c);
		return;
	}
	if (c->connected && evbuffer_get_length(c->resp) > 0) {
		check_finish_http(c);
		return;
	}
	{
		int		 e = EVUTIL_SOCKET_ERROR();
		const char	*msg = e != 0 ? strerror(e) : NULL;

		res_set(&res, c->connected ? CHK_ST_L7RSP : CHK_ST_L4CON, 0,
		    msg, msg != NULL ? strlen(msg) : 0);
	}
	check_done(c, &res);
}

/* The address and port of a leading "tcp-check connect" rule. */
static void
tcpchk_dest(const struct proxy_conf *pc, struct sockaddr_storage *ss,
    socklen_t *len)
{
	const struct check_connect	*cn;
	uint16_t			 port;

	if (pc->tcpcheck.n == 0 ||
	    pc->tcpcheck.v[0].action != CHK_ACT_CONNECT)
		return;
	cn = &pc->tcpcheck.v[0].connect;
	port = ss->ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)ss)->sin6_port :
	    ((struct sockaddr_in *)ss)->sin_port;
	if (cn->has_addr) {
		memcpy(ss, &cn->addr.ss, sizeof(*ss));
		*len = cn->addr.sslen;
	}
	if (cn->port != 0)
		port = htons((uint16_t)cn->port);
	else if (cn->has_addr && cn->addr.has_port)
		return;
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = port;
	else if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = port;
}

static void
check_begin(struct check *c)
{
	const struct server_conf	*sc = c->srv->conf;
	const struct proxy_conf		*pc = c->srv->px->conf;
	struct sockaddr_storage		 ss;
	socklen_t			 len;
	uint32_t			 tmo = sc->inter_ms;
	struct check_result		 res;

	memset(&res, 0, sizeof(res));
	c->running = true;
	c->connected = false;
	c->start_ms = now_ms();
	if (sc->has_check_addr) {
		memcpy(&ss, &sc->check_addr.ss, sizeof(ss));
		len = sc->check_addr.sslen;
		if (!sc->check_addr.has_port && ss.ss_family == AF_INET)
			((struct sockaddr_in *)&ss)->sin_port =
			    ((struct sockaddr_in *)&c->srv->addr)->sin_port;
		else if (!sc->check_addr.has_port && ss.ss_family == AF_INET6)
			((struct sockaddr_in6 *)&ss)->sin6_port =
			    ((struct sockaddr_in6 *)&c->srv->addr)->sin6_port;
	} else {
		memcpy(&ss, &c->srv->addr, sizeof(ss));
		len = c->srv->addrlen;
	}
	if (sc->check_port != 0 && ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port =
		    htons((uint16_t)sc->check_port);
	else if (sc->check_port != 0 && ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port =
		    htons((uint16_t)sc->check_port);
	if (pc->check_type == CHK_TCPCHECK)
		tcpchk_dest(pc, &ss, &len);
	if (pc->timeout[PXT_CHECK] != CFG_UNSET &&
	    pc->timeout[PXT_CONNECT] != CFG_UNSET &&
	    pc->timeout[PXT_CONNECT] < tmo)
		tmo = pc->timeout[PXT_CONNECT];
	arm(c, tmo);
	c->bev = bufferevent_socket_new(c->eng->base, -1,
	    BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		res_set(&res, CHK_ST_L4CON, 0, "Socket error", 12);
		check_done(c, &res);
		return;
	}
	bufferevent_setcb(c->bev, check_read_cb, NULL, check_event_cb, c);
	if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&ss,
	    (int)len) < 0) {
		int		 e = errno;
		const char	*msg = e != 0 ? strerror(e) : "Socket error";

		res_set(&res, CHK_ST_L4CON, 0, msg, strlen(msg));
		check_done(c, &res);
	}
}

static void
check_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct check		*c = arg;
	struct check_result	 res;

	(void)fd;
	(void)what;
	memset(&res, 0, sizeof(res));
	if (!c->running) {
		if (c->srv->state == SRV_ST_MAINT) {
			arm(c, check_interval(c->srv->conf, c->health));
			return;
		}
		check_begin(c);
		return;
	}
	if (c->connected && c->srv->px->conf->check_type == CHK_TCPCHECK) {
		tcpchk_timeout(c);
		return;
	}
	/* Timeout: a received partial response is still judged. */
	if (c->connected && evbuffer_get_length(c->resp) > 0) {
		check_finish_http(c);
		return;
	}
	res_set(&res, c->connected ? CHK_ST_L7TOUT : CHK_ST_L4TOUT, 0, NULL,
	    0);
	check_done(c, &res);
}

int
check_start_all(struct engine *eng)
{
	unsigned	i, j, nb = 0, pos = 0;
	uint32_t	mininter = 0;

	for (i = 0; i < eng->nproxies; i++)
		for (j = 0; j < eng->proxies[i].nsrvs; j++) {
			struct server	*s = &eng->proxies[i].srvs[j];
			uint32_t	 in;

			if (!s->conf->check || s->conf->addr_invalid)
				continue;
			nb++;
			in = check_interval(s->conf, check_health_init(
			    s->conf->init_state, s->conf->rise,
			    s->conf->fall));
			if (mininter == 0 || in < mininter)
				mininter = in;
		}
	if (eng->cfg->global.max_spread_checks_ms != 0 &&
	    mininter > eng->cfg->global.max_spread_checks_ms)
		mininter = eng->cfg->global.max_spread_checks_ms;
	for (i = 0; i < eng->nproxies; i++)
		for (j = 0; j < eng->proxies[i].nsrvs; j++) {
			struct server	*s = &eng->proxies[i].srvs[j];
			struct check	*c;

			if (!s->conf->check || s->conf->addr_invalid)
				continue;
			if ((c = calloc(1, sizeof(*c))) == NULL)
				return -1;
			s->chk = c;
			c->srv = s;
			c->eng = eng;
			c->bufsize = eng->bufsize ? eng->bufsize :
			    CHECK_DEFAULT_BUFSIZE;
			c->health = check_health_init(s->conf->init_state,
			    s->conf->rise, s->conf->fall);
			if (s->state != SRV_ST_MAINT)
				s->state = c->health >= s->conf->rise ?
				    SRV_ST_UP : SRV_ST_DOWN;
			c->resp = evbuffer_new();
			c->timer = evtimer_new(eng->base, check_timer_cb, c);
			if (c->resp == NULL || c->timer == NULL)
				return -1;
			arm(c, (uint32_t)((uint64_t)mininter * pos / nb));
			pos++;
		}
	return 0;
}

void
check_free(struct check *c)
{
	if (c == NULL)
		return;
	if (c->bev != NULL)
		bufferevent_free(c->bev);
	if (c->timer != NULL)
		event_free(c->timer);
	if (c->resp != NULL)
		evbuffer_free(c->resp);
	free(c);
}
