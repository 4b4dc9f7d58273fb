/*
 * check.c: server health checks at run time (spec §6).  See check_srv.h.
 * Runs the check connections (plain TCP, the http-check and tcp-check
 * rulesets, the protocol checks of check_proto.c), applies each result to
 * the server (health counter, UP/NOLB/DOWN, the stats fields of struct
 * server) and says so on stderr and in the logs, through the engine's
 * hooks (engine_types.h).  Judging response bytes is check_http.c's
 * job; this file must not block: every step is a libevent callback.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

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

#include "model/cfg_model.h"
#include "servers/check_proto.h"
#include "servers/check_srv.h"
#include "engine/engine_types.h"
#include "observe/log_types.h"
#include "http/proxy_proto.h"
#include "servers/proxy.h"
#include "base/regex.h"

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
	unsigned		 step;		/* tcp-check: the current rule;
						   protocol checks: the stage;
						   http: the current rule */
	bool			 seg_expect;	/* http: an expect rule passed
						   on this connection */
	struct check_result	 okres;		/* http: the last passed rule */
	struct check_result	 last;		/* the last result (stats) */
	int64_t			 last_dur;	/* its duration, -1 = none */
	bool			 known;		/* last is set */
	bool			 force_fast;	/* on-error: next at fastinter */
	unsigned		 obs_errors;	/* observe: consecutive errors */
	uint64_t		 hana;		/* observe: on-error actions */
	struct check_probe	*probe;		/* check_probe(): where the one
						   result goes; NULL = scheduled */
	bool			 disabled;	/* "disable health": no checks
						   run until enabled */
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
	[CHK_ST_HANA] = "Health analyze",
};

static const char *const status_code[] = {
	[CHK_ST_DEFAULT] = "INI",
	[CHK_ST_L4OK] = "L4OK",
	[CHK_ST_L4TOUT] = "L4TOUT",
	[CHK_ST_L4CON] = "L4CON",
	[CHK_ST_L6OK] = "L6OK",
	[CHK_ST_L6TOUT] = "L6TOUT",
	[CHK_ST_L6RSP] = "L6RSP",
	[CHK_ST_L7OK] = "L7OK",
	[CHK_ST_L7OKC] = "L7OKC",
	[CHK_ST_L7TOUT] = "L7TOUT",
	[CHK_ST_L7RSP] = "L7RSP",
	[CHK_ST_L7STS] = "L7STS",
	[CHK_ST_HANA] = "HANA",
};

const char *
check_status_text(enum check_status st)
{
	if ((unsigned)st >= sizeof(status_text) / sizeof(status_text[0]))
		return "Unknown";
	return status_text[st];
}

const char *
check_status_code(enum check_status st)
{
	if ((unsigned)st >= sizeof(status_code) / sizeof(status_code[0]))
		return "UNK";
	return status_code[st];
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

int
check_tcp_expect(const struct check_expect *e, const char *buf, size_t len,
    bool complete)
{
	bool	m;

	switch (e->kind) {
	case EXP_STRING:
	case EXP_BINARY:
		m = memmem(buf, len, e->pattern, e->len) != NULL;
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
check_spread_fold(uint32_t mininter, const struct server_conf *sc)
{
	uint32_t	in = check_interval(sc, check_health_init(sc->init_state,
			    sc->rise, sc->fall));

	/* Short intervals do not dictate the spreading (HAProxy's
	 * SRV_CHK_INTER_THRES). */
	if (in >= 1000 && (mininter == 0 || in < mininter))
		return in;
	return mininter;
}

uint32_t
check_first_delay(uint32_t mininter, unsigned pos, unsigned nb)
{
	return nb == 0 ? 0 : (uint32_t)((uint64_t)mininter * pos / nb);
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

enum check_trans
check_fsm_apply(struct check_fsm *f, unsigned rise, unsigned fall,
    enum check_status st, bool *report)
{
	unsigned	full = rise + fall - 1;

	*report = false;
	if (!check_status_ok(st)) {
		if (f->health > 0) {
			*report = true;
			f->health--;
			if (f->health < rise)
				f->health = 0;
		}
		if (f->health == 0 && f->up) {
			f->up = f->nolb = false;
			return CHK_TR_DOWN;
		}
		return CHK_TR_NONE;
	}
	if (f->health < full) {
		*report = true;
		f->health++;
		if (f->health >= rise)
			f->health = full;
	}
	if (f->health < rise)
		return CHK_TR_NONE;
	if (st == CHK_ST_L7OKC) {
		/* A DOWN server stays down on a conditional pass. */
		if (!f->up || f->nolb)
			return CHK_TR_NONE;
		f->nolb = true;
		return CHK_TR_NOLB;
	}
	if (f->up && !f->nolb)
		return CHK_TR_NONE;
	f->up = true;
	f->nolb = false;
	return CHK_TR_UP;
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

/* The stderr line of HAProxy's ha_warning()/ha_alert(), through the
 * engine (its hooks); the same text also goes to the log targets
 * (check_report()). */
static void __attribute__((format(printf, 3, 4)))
check_log(const struct check *c, bool alert, const char *fmt, ...)
{
	char	 line[1024];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	c->eng->hooks.say(c->eng, alert, line);
}

static void
arm(struct check *c, uint32_t ms)
{
	struct timeval	tv = { .tv_sec = ms / 1000,
	    .tv_usec = (ms % 1000) * 1000 };

	evtimer_add(c->timer, &tv);
}

/* The first check of the POS-th server at MS: POS microseconds more keep
 * checks due at the same time in config order, as HAProxy runs them. */
static void
arm_first(struct check *c, uint32_t ms, unsigned pos)
{
	struct timeval	tv = { .tv_sec = ms / 1000,
	    .tv_usec = (ms % 1000) * 1000 + pos % 1000 };

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

/* ", reason: ...[, code: N][, info: "..."][, check duration: Nms]" of
 * HAProxy's srv_append_status(); DUR < 0: no duration (HANA). */
static void
fmt_reason(char *buf, size_t sz, const struct check_result *res,
    int64_t dur)
{
	size_t	n;

	snprintf(buf, sz, ", reason: %s", check_status_text(res->st));
	/* HAProxy prints the code only from HCHK_STATUS_L57DATA on. */
	if (res->st == CHK_ST_L7OK || res->st == CHK_ST_L7OKC ||
	    res->st == CHK_ST_L7STS) {
		n = strlen(buf);
		snprintf(buf + n, sz - n, ", code: %d", res->code);
	}
	if (res->info[0] != '\0') {
		n = strlen(buf);
		snprintf(buf + n, sz - n, ", info: \"%s\"", res->info);
	}
	if (dur >= 0) {
		n = strlen(buf);
		snprintf(buf + n, sz - n, ", check duration: %lldms",
		    (long long)dur);
	}
}

/* Log a line on stderr (as HAProxy's ha_warning/ha_alert) and to the
 * backend's log targets at LEVEL. */
static void
check_report(const struct check *c, bool alert, int level, const char *line)
{
	check_log(c, alert, "%s", line);
	c->eng->hooks.log(c->eng, c->srv->px, level, line);
}

/* "option log-health-checks": the line of one result (spec §6.5). */
static void
log_health_line(const struct check *c, const struct check_result *res,
    int64_t dur)
{
	const struct server	*s = c->srv;
	unsigned		 rise = s->conf->rise, fall = s->conf->fall;
	bool			 up = c->health >= rise;
	char			 reason[256], line[512];

	fmt_reason(reason, sizeof(reason), res, dur);
	snprintf(line, sizeof(line), "Health check for %sserver %s/%s %s%s%s, "
	    "status: %u/%u %s.", s->conf->backup ? "backup " : "",
	    s->px->conf->name, s->conf->name,
	    res->st == CHK_ST_L7OKC ? "conditionally " : "",
	    check_status_ok(res->st) ? "succeeded" : "failed", reason,
	    up ? c->health - rise + 1 : c->health, up ? fall : rise,
	    !up ? "DOWN" : s->weight == 0 || s->admin_drain ? "DRAIN" : "UP");
	check_report(c, false, LOG_L_NOTICE, line);
}

/* The "Server be/s is UP|DOWN|stopping" line of transition TR, with
 * REASON (", reason: ..." of a check, ", changed from CLI", or ""). */
static void
log_transition(struct engine *eng, const struct server *s,
    enum check_trans tr, const char *reason, bool was_nolb)
{
	const struct proxy	*px = s->px;
	unsigned		 act, bck;
	char			 line[768];
	const char		*pfx = s->conf->backup ? "Backup Server" : "Server";
	const char		*onbck;

	proxy_count_usable(px, &act, &bck);
	onbck = act == 0 && bck > 0 ? " Running on backup." : "";
	if (tr == CHK_TR_DOWN)
		snprintf(line, sizeof(line), "%s %s/%s is DOWN%s. %u active and "
		    "%u backup servers left.%s %u sessions active, 0 requeued, "
		    "%u remaining in queue.", pfx, px->conf->name,
		    s->conf->name, reason, act, bck, onbck, s->cur_conns,
		    s->queued);
	else
		snprintf(line, sizeof(line), "%s %s/%s is %s%s. %u active and "
		    "%u backup servers online.%s 0 sessions requeued, %u total "
		    "in queue.", pfx, px->conf->name, s->conf->name,
		    tr == CHK_TR_UP ? "UP" : "stopping", reason, act, bck,
		    onbck, px->queued);
	/* A server that was stopping (NOLB) goes down with a notice. */
	eng->hooks.say(eng, false, line);
	eng->hooks.log(eng, px, tr == CHK_TR_DOWN && !was_nolb ? LOG_L_ALERT :
	    LOG_L_NOTICE, line);
	/* HAProxy follows any change of a draining server with this. */
	if (!s->admin_drain)
		return;
	snprintf(line, sizeof(line), "%s %s/%s remains in forced drain mode.",
	    pfx, px->conf->name, s->conf->name);
	eng->hooks.say(eng, false, line);
	eng->hooks.log(eng, px, LOG_L_NOTICE, line);
}

/* Keep the state-change counters of the server and of its backend
 * (stats: last_change, down_trans, down_time). */
static void
note_change(struct server *s, enum check_trans tr, bool be_was_up)
{
	struct proxy	*px = s->px;
	int64_t		 now = (int64_t)time(NULL);
	bool		 be_up = proxy_usable_servers(px) > 0;

	if (tr == CHK_TR_DOWN)
		s->down_trans++;
	s->last_change = now;
	if (be_was_up == be_up)
		return;
	if (!be_up)
		px->down_trans++;
	else if (px->last_change <= now)
		px->down_time += (uint64_t)(now - px->last_change);
	px->last_change = now;
}

void
check_no_server_left(struct engine *eng, const struct proxy *px)
{
	/* HAProxy's proxy_type_str(): a listen section is a "proxy". */
	const char	*ty = px->conf->kind != NULL &&
			    strcmp(px->conf->kind, "listen") == 0 ?
			    "proxy" : "backend";
	char		 line[1024];

	snprintf(line, sizeof(line), "%s '%s' has no server available!", ty,
	    px->conf->name);
	eng->hooks.say(eng, true, line);
	snprintf(line, sizeof(line), "%s %s has no server available!", ty,
	    px->conf->name);
	eng->hooks.log(eng, px, LOG_L_EMERG, line);
}

void
check_apply(struct engine *eng, struct server *s, enum check_trans tr,
    const char *reason)
{
	struct proxy	*px = s->px;
	bool		 was_nolb = s->nolb, be_was_up;
	int64_t		 now = (int64_t)time(NULL);

	if (tr == CHK_TR_NONE)
		return;
	be_was_up = proxy_usable_servers(px) > 0;
	if (tr == CHK_TR_UP && s->state == SRV_ST_DOWN &&
	    s->last_change <= now)
		s->down_time += (uint64_t)(now - s->last_change);
	/* "slowstart" ramps a server back from DOWN (proxy.c). */
	if (tr == CHK_TR_UP && s->state == SRV_ST_DOWN)
		s->up_ms = proxy_now_ms();
	s->state = tr == CHK_TR_DOWN ? SRV_ST_DOWN : SRV_ST_UP;
	s->nolb = tr == CHK_TR_NOLB;
	note_change(s, tr, be_was_up);
	log_transition(eng, s, tr, reason, was_nolb);
	if (tr == CHK_TR_DOWN && s->conf->shutdown_on_down)
		eng->hooks.srv_marked(eng, s, false);
	else if (tr == CHK_TR_UP && !s->conf->backup && s->weight > 0 &&
	    s->conf->shutdown_backup_on_up)
		eng->hooks.srv_marked(eng, s, true);
	if (be_was_up && proxy_usable_servers(px) == 0)
		check_no_server_left(eng, px);
}

/* Apply transition TR of a check result to the server and say so; the
 * reason part only without log-health-checks, whose line said it. */
static void
check_transition(struct check *c, enum check_trans tr,
    const struct check_result *res, int64_t dur)
{
	char	reason[256];

	reason[0] = '\0';
	if (!(c->srv->px->conf->opts & PXO_BIT(PXO_LOG_HEALTH_CHECKS)))
		fmt_reason(reason, sizeof(reason), res, dur);
	check_apply(c->eng, c->srv, tr, reason);
}

/* The interval before the next check: HAProxy's srv_getinter(), where an
 * "on-error" action forces fastinter once. */
static uint32_t
next_inter(const struct check *c)
{
	const struct server_conf	*sc = c->srv->conf;

	if (c->force_fast && c->health != 0)
		return sc->fastinter_ms != CFG_UNSET ? sc->fastinter_ms :
		    sc->inter_ms;
	return check_interval(sc, c->health);
}

/* Apply one result RES (DUR ms, -1 = none) to the server: the health
 * counter, the log-health-checks line, the transition. */
static void
check_result(struct check *c, const struct check_result *res, int64_t dur)
{
	struct server		*s = c->srv;
	struct check_fsm	 f;
	enum check_status	 prev = c->known ? c->last.st : CHK_ST_DEFAULT;
	enum check_trans	 tr;
	bool			 report;

	c->last = *res;
	c->last_dur = dur;
	c->known = true;
	f.health = c->health;
	f.up = s->state != SRV_ST_DOWN;
	f.nolb = s->nolb;
	tr = check_fsm_apply(&f, s->conf->rise, s->conf->fall, res->st,
	    &report);
	c->health = f.health;
	if (report && !check_status_ok(res->st))
		s->chk_fail++;
	if (s->state == SRV_ST_MAINT)
		return;
	if ((s->px->conf->opts & PXO_BIT(PXO_LOG_HEALTH_CHECKS)) &&
	    (res->st != prev || report))
		log_health_line(c, res, dur);
	check_transition(c, tr, res, dur);
}

/* The check is over with RES: close it, apply it, schedule the next. */
static void	probe_done(struct check *, const struct check_result *);

static void
check_done(struct check *c, const struct check_result *res)
{
	int64_t	dur = (int64_t)(now_ms() - c->start_ms);

	if (c->probe != NULL) {
		probe_done(c, res);
		return;
	}
	if (c->bev != NULL) {
		bufferevent_free(c->bev);
		c->bev = NULL;
	}
	evbuffer_drain(c->resp, evbuffer_get_length(c->resp));
	c->running = false;
	c->connected = false;
	check_result(c, res, dur);
	c->force_fast = false;
	evtimer_del(c->timer);
	arm(c, jitter(c->eng, next_inter(c)));
}

/* ------------------------------------------------------------------ */
/* HTTP checks: the http-check ruleset, one request per connection
 * ("http-check connect" starts the next one), each followed by its
 * expect rules (spec §6.1-6.2). */

static void	check_connect(struct check *);

/* check_probe(): the first request sent, to show it. */
static void
probe_note_req(struct check_probe *p, const char *req, size_t len)
{
	if (len >= sizeof(p->req))
		len = sizeof(p->req) - 1;
	memcpy(p->req, req, len);
	p->req[len] = '\0';
	p->reqlen = len;
}

/* The bytes received, bounded to tune.bufsize; *COMPLETE set when the
 * bound is reached. */
static const char *
resp_bytes(struct check *c, size_t *len, bool *complete)
{
	const char	*p;

	*len = evbuffer_get_length(c->resp);
	if (*len >= c->bufsize) {
		*len = c->bufsize;
		*complete = true;
	}
	p = (const char *)evbuffer_pullup(c->resp, (ssize_t)*len);
	if (p == NULL) {
		*len = 0;
		p = "";
	}
	return p;
}

/* The "UP", "UP 1/3", "NOLB", "DOWN 1/2"... of HAProxy's stats. */
static void
state_word(const struct check *c, char *buf, size_t sz)
{
	const struct server	*s = c->srv;
	unsigned		 rise = s->conf->rise, fall = s->conf->fall;

	if (s->state == SRV_ST_DOWN && c->health == 0)
		snprintf(buf, sz, "DOWN");
	else if (s->state == SRV_ST_DOWN)
		snprintf(buf, sz, "DOWN %u/%u", c->health, rise);
	else if (c->health >= rise + fall - 1)
		snprintf(buf, sz, "%s", s->nolb ? "NOLB" : "UP");
	else
		snprintf(buf, sz, "%s %u/%u", s->nolb ? "NOLB" : "UP",
		    c->health - rise + 1, fall);
}

/* "http-check send-state": the value of the X-Haproxy-Server-State
 * header (doc §4.2; fields in HAProxy 2.6's order). */
static void
send_state(const struct check *c, char *buf, size_t sz)
{
	const struct server	*s = c->srv;
	const struct proxy	*px = s->px;
	const char		*node = c->eng->cfg->global.node;
	char			 word[32], host[256], addr[INET6_ADDRSTRLEN];
	unsigned		 i, tot = 0, port = 0;

	for (i = 0; i < px->nsrvs; i++)
		if (proxy_srv_usable(&px->srvs[i]) &&
		    px->srvs[i].conf->backup == s->conf->backup)
			tot += px->srvs[i].weight;
	if (node == NULL && gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		node = host;
	}
	addr[0] = '\0';
	if (s->addr.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)&s->addr;

		inet_ntop(AF_INET, &in->sin_addr, addr, sizeof(addr));
		port = ntohs(in->sin_port);
	} else if (s->addr.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)&s->addr;

		inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof(addr));
		port = ntohs(in6->sin6_port);
	}
	state_word(c, word, sizeof(word));
	snprintf(buf, sz, "%s; address=%s; port=%u; name=%s/%s; node=%s; "
	    "weight=%u/%u; scur=%u/%u; qcur=%u", word, addr, port,
	    px->conf->name, s->conf->name, node != NULL ? node : "",
	    s->weight, tot, s->cur_conns, px->beconn, s->queued);
}

/* Send the request of the connection starting at rule c->step (a connect
 * rule, or the start of the ruleset) and move c->step past the connect. */
static void
httpchk_start(struct check *c)
{
	const struct proxy_conf		*pc = c->srv->px->conf;
	const struct httpchk_conf	*rq = &pc->httpchk;
	unsigned			 i = c->step, n = pc->tcpcheck.n;
	char				 req[4096], st[512];
	long				 len;

	if (i < n && pc->tcpcheck.v[i].action == CHK_ACT_CONNECT)
		i++;
	c->step = i;
	c->seg_expect = false;
	for (; i < n && pc->tcpcheck.v[i].action != CHK_ACT_CONNECT; i++)
		if (pc->tcpcheck.v[i].action == CHK_ACT_SEND) {
			/* The first send is merged into pc->httpchk. */
			if (pc->tcpcheck.v[i].req != NULL)
				rq = pc->tcpcheck.v[i].req;
			break;
		}
	if (pc->send_state)
		send_state(c, st, sizeof(st));
	len = check_http_request_of(rq, pc->send_state ? st : NULL, req,
	    sizeof(req));
	if (len > 0)
		bufferevent_write(c->bev, req, (size_t)len);
	if (c->probe != NULL && len > 0 && c->probe->reqlen == 0)
		probe_note_req(c->probe, req, (size_t)len);
}

/* disable-on-404 (doc §4.2): a 404 from a server that is not DOWN is a
 * conditional pass, before any expect rule.  1 = it applies (RES set),
 * 0 = it does not, -1 = the status line is not there yet. */
static int
httpchk_404(struct check *c, const char *p, size_t len, bool complete,
    struct check_result *res)
{
	int	code;

	if (!c->srv->px->conf->disable_on_404 || c->srv->state == SRV_ST_DOWN)
		return 0;
	if ((code = check_http_code(p, len)) == 0)
		return complete ? 0 : -1;
	if (code != 404)
		return 0;
	memset(res, 0, sizeof(*res));
	res_set(res, CHK_ST_L7OKC, 404, NULL, 0);
	return 1;
}

/* Judge rule c->step (an expect) or, at END, the default rule of a
 * request without expect rules.  1 = passed, 0 = the check is over (RES),
 * -1 = wait. */
static int
httpchk_judge(struct check *c, bool end, const char *p, size_t len,
    bool complete, struct check_result *res)
{
	const struct tcpcheck_step	*v = c->srv->px->conf->tcpcheck.v;
	int				 r;

	if (!c->seg_expect) {
		if ((r = httpchk_404(c, p, len, complete, res)) != 0)
			return r > 0 ? 0 : -1;
	}
	memset(res, 0, sizeof(*res));
	if (end)
		r = check_http_default(p, len, complete, res);
	else
		r = check_http_expect(&v[c->step].expect,
		    check_step_comment(v, c->step), p, len, complete, res);
	if (r == 1)
		c->seg_expect = true;
	return r;
}

/* Run the rules from c->step on the bytes received.  COMPLETE: no more
 * will come (EOF, timeout). */
static void
httpchk_run(struct check *c, bool complete)
{
	const struct proxy_conf	*pc = c->srv->px->conf;
	struct check_result	 res;
	const char		*p;
	size_t			 len;
	int			 r;

	p = resp_bytes(c, &len, &complete);
	for (; c->step < pc->tcpcheck.n; c->step++) {
		enum check_action	a = pc->tcpcheck.v[c->step].action;

		if (a == CHK_ACT_CONNECT)
			break;
		if (a != CHK_ACT_EXPECT)
			continue;
		if ((r = httpchk_judge(c, false, p, len, complete, &res)) < 0)
			return;
		if (r == 0) {
			check_done(c, &res);
			return;
		}
		c->okres = res;
	}
	if (!c->seg_expect) {
		if ((r = httpchk_judge(c, true, p, len, complete, &res)) < 0)
			return;
		if (r == 0) {
			check_done(c, &res);
			return;
		}
		c->okres = res;
	}
	if (c->step < pc->tcpcheck.n) {
		/* "http-check connect": the next request, on its own
		 * connection. */
		bufferevent_free(c->bev);
		c->bev = NULL;
		c->connected = false;
		evbuffer_drain(c->resp, evbuffer_get_length(c->resp));
		check_connect(c);
		return;
	}
	check_done(c, &c->okres);
}

/* The server closed the connection, or the check timed out (TIMEOUT). */
static void
httpchk_end(struct check *c, bool timeout)
{
	const struct proxy_conf	*pc = c->srv->px->conf;
	struct check_result	 res;

	if (evbuffer_get_length(c->resp) > 0) {
		/* A received partial response is still judged. */
		httpchk_run(c, true);
		return;
	}
	memset(&res, 0, sizeof(res));
	res_set(&res, timeout ? CHK_ST_L7TOUT : CHK_ST_L7RSP, 0, NULL, 0);
	if (timeout && c->step < pc->tcpcheck.n &&
	    pc->tcpcheck.v[c->step].action == CHK_ACT_EXPECT &&
	    pc->tcpcheck.v[c->step].expect.tout_status != CHK_ST_DEFAULT)
		res.st = pc->tcpcheck.v[c->step].expect.tout_status;
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

/* Send the request of the current stage of a protocol check. */
static void
proto_send(struct check *c)
{
	const struct proxy_conf	*pc = c->srv->px->conf;
	char			 req[4096];
	long			 n;

	n = check_proto_request(pc->check_type, &pc->check_opts, c->step,
	    (uint32_t)time(NULL), req, sizeof(req));
	if (n > 0)
		bufferevent_write(c->bev, req, (size_t)n);
}

/* Judge what a protocol check (check_proto.c) received; a passed stage
 * sends the next one's request on an empty buffer, as HAProxy does.
 * COMPLETE: no more bytes will come (EOF). */
static void
proto_run(struct check *c, bool complete)
{
	const struct proxy_conf	*pc = c->srv->px->conf;
	struct check_result	 res;
	enum check_proto_rc	 rc;
	size_t			 len;
	const char		*p;

	for (;;) {
		len = evbuffer_get_length(c->resp);
		if (len >= c->bufsize) {
			len = c->bufsize;
			complete = true;
		}
		p = (const char *)evbuffer_pullup(c->resp, (ssize_t)len);
		memset(&res, 0, sizeof(res));
		rc = check_proto_verdict(pc->check_type, &pc->check_opts,
		    c->step, p != NULL ? p : "", p != NULL ? len : 0, complete,
		    &res);
		if (rc == CHKP_MORE)
			return;
		if (rc == CHKP_DONE) {
			check_done(c, &res);
			return;
		}
		evbuffer_drain(c->resp, evbuffer_get_length(c->resp));
		c->step++;
		proto_send(c);
	}
}

static void
check_read_cb(struct bufferevent *bev, void *arg)
{
	struct check	*c = arg;

	evbuffer_add_buffer(c->resp, bufferevent_get_input(bev));
	if (c->srv->px->conf->check_type == CHK_TCPCHECK)
		tcpchk_run(c, false);
	else if (check_proto_handles(c->srv->px->conf->check_type))
		proto_run(c, false);
	else if (c->srv->px->conf->check_type == CHK_HTTP)
		httpchk_run(c, false);
}

/* The check connection is up: pass a plain TCP check, or start the
 * tcp-check rules or the HTTP request under "timeout check". */
/*
 * A server behind "send-proxy[-v2]" reads a PROXY header first.  As
 * HAProxy's, a check to the server's own address and port sends one; it
 * says LOCAL (v2) or UNKNOWN (v1): the connection comes from hapx itself.
 */
static void
check_send_proxy(struct check *c, struct bufferevent *bev)
{
	const struct server_conf	*sc = c->srv->conf;
	struct sockaddr_storage		 none;
	char				 buf[PP_V2_BUILD_MAX + 128];
	size_t				 n;

	if ((!sc->send_proxy && !sc->send_proxy_v2) || sc->check_port != 0 ||
	    sc->has_check_addr)
		return;
	memset(&none, 0, sizeof(none));
	none.ss_family = AF_UNSPEC;
	n = sc->send_proxy_v2 ?
	    pp_build_v2(buf, sizeof(buf), (struct sockaddr *)&none,
	    (struct sockaddr *)&none) :
	    pp_build_v1(buf, sizeof(buf), (struct sockaddr *)&none,
	    (struct sockaddr *)&none);
	if (n > 0)
		bufferevent_write(bev, buf, n);
}

static void
check_connected(struct check *c, struct bufferevent *bev)
{
	const struct proxy_conf	*pc = c->srv->px->conf;
	struct check_result	 res;
	struct timeval		 t;

	c->connected = true;
	check_send_proxy(c, bev);
	if (pc->check_type != CHK_HTTP && pc->check_type != CHK_TCPCHECK &&
	    !check_proto_handles(pc->check_type)) {
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
	if (check_proto_handles(pc->check_type)) {
		c->step = 0;
		proto_send(c);
		return;
	}
	httpchk_start(c);
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
	if (c->connected && check_proto_handles(pc->check_type) &&
	    (what & BEV_EVENT_EOF || evbuffer_get_length(c->resp) > 0)) {
		evbuffer_add_buffer(c->resp, bufferevent_get_input(bev));
		proto_run(c, true);
		return;
	}
	if (c->connected && pc->check_type == CHK_HTTP &&
	    (what & BEV_EVENT_EOF || evbuffer_get_length(c->resp) > 0)) {
		evbuffer_add_buffer(c->resp, bufferevent_get_input(bev));
		httpchk_end(c, false);
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

/* The address and port of the connect rule at IDX, if it is one. */
static void
tcpchk_dest(const struct proxy_conf *pc, unsigned idx,
    struct sockaddr_storage *ss, socklen_t *len)
{
	const struct check_connect	*cn;
	uint16_t			 port;

	if (idx >= pc->tcpcheck.n ||
	    pc->tcpcheck.v[idx].action != CHK_ACT_CONNECT)
		return;
	cn = &pc->tcpcheck.v[idx].connect;
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

/* The check address of the server: "addr" and "port", else its own. */
static void
check_addr(const struct check *c, struct sockaddr_storage *ss,
    socklen_t *len)
{
	const struct server_conf	*sc = c->srv->conf;
	unsigned			 port;

	if (sc->has_check_addr) {
		memcpy(ss, &sc->check_addr.ss, sizeof(*ss));
		*len = sc->check_addr.sslen;
		if (!sc->check_addr.has_port && ss->ss_family == AF_INET)
			((struct sockaddr_in *)ss)->sin_port =
			    ((struct sockaddr_in *)&c->srv->addr)->sin_port;
		else if (!sc->check_addr.has_port && ss->ss_family == AF_INET6)
			((struct sockaddr_in6 *)ss)->sin6_port =
			    ((struct sockaddr_in6 *)&c->srv->addr)->sin6_port;
	} else {
		memcpy(ss, &c->srv->addr, sizeof(*ss));
		*len = c->srv->addrlen;
	}
	if (c->srv->chk_addrlen != 0) {
		/* set on the CLI: the address, with the port found so far */
		in_port_t	p = ss->ss_family == AF_INET6 ?
				    ((struct sockaddr_in6 *)ss)->sin6_port :
				    ((struct sockaddr_in *)ss)->sin_port;

		memcpy(ss, &c->srv->chk_addr, sizeof(*ss));
		*len = c->srv->chk_addrlen;
		if (ss->ss_family == AF_INET6)
			((struct sockaddr_in6 *)ss)->sin6_port = p;
		else
			((struct sockaddr_in *)ss)->sin_port = p;
	}
	port = c->srv->chk_port != 0 ? c->srv->chk_port : sc->check_port;
	if (port != 0 && ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
	else if (port != 0 && ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
}

/* Open the check connection for the rules from c->step (a tcp-check
 * ruleset's leading connect, or the connect of an HTTP request). */
static void
check_connect(struct check *c)
{
	const struct server_conf	*sc = c->srv->conf;
	const struct proxy_conf		*pc = c->srv->px->conf;
	struct sockaddr_storage		 ss;
	socklen_t			 len;
	uint32_t			 tmo = sc->inter_ms;
	struct check_result		 res;

	memset(&res, 0, sizeof(res));
	check_addr(c, &ss, &len);
	if (pc->check_type == CHK_TCPCHECK || pc->check_type == CHK_HTTP)
		tcpchk_dest(pc, c->step, &ss, &len);
	if (pc->timeout[PXT_CHECK] != CFG_UNSET &&
	    pc->timeout[PXT_CONNECT] != CFG_UNSET &&
	    pc->timeout[PXT_CONNECT] < tmo)
		tmo = pc->timeout[PXT_CONNECT];
	if (c->probe != NULL) {
		memcpy(&c->probe->addr, &ss, sizeof(ss));
		c->probe->addrlen = len;
	}
	evtimer_del(c->timer);
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
check_begin(struct check *c)
{
	const struct proxy_conf	*pc = c->srv->px->conf;
	unsigned		 i = 0;

	c->running = true;
	c->connected = false;
	c->start_ms = now_ms();
	/* An HTTP ruleset may start with comments, then its connect. */
	while (pc->check_type == CHK_HTTP && i < pc->tcpcheck.n &&
	    pc->tcpcheck.v[i].action == CHK_ACT_COMMENT)
		i++;
	c->step = pc->check_type == CHK_HTTP ? i : 0;
	check_connect(c);
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
		if (c->srv->state == SRV_ST_MAINT || c->disabled) {
			arm(c, next_inter(c));
			return;
		}
		check_begin(c);
		return;
	}
	if (c->connected && c->srv->px->conf->check_type == CHK_TCPCHECK) {
		tcpchk_timeout(c);
		return;
	}
	if (c->connected && check_proto_handles(c->srv->px->conf->check_type)) {
		check_proto_timeout(c->srv->px->conf->check_type, &res);
		check_done(c, &res);
		return;
	}
	if (c->connected && c->srv->px->conf->check_type == CHK_HTTP) {
		httpchk_end(c, true);
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

			if (!s->conf->check || s->conf->addr_invalid)
				continue;
			nb++;
			mininter = check_spread_fold(mininter, s->conf);
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
			c->last_dur = -1;
			if (s->state != SRV_ST_MAINT)
				s->state = c->health >= s->conf->rise ?
				    SRV_ST_UP : SRV_ST_DOWN;
			c->resp = evbuffer_new();
			c->timer = evtimer_new(eng->base, check_timer_cb, c);
			if (c->resp == NULL || c->timer == NULL)
				return -1;
			arm_first(c, check_first_delay(mininter, pos, nb), pos);
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

/* ------------------------------------------------------------------ */
/* observe / on-error (HAProxy's health_adjust()) */

/* Per event: its text, and for layer4 / layer7 whether it is an error
 * (1), a success that resets the count (2) or does not count (0). */
static const struct {
	const char	*desc;
	unsigned char	 l4, l7;
} obs_events[] = {
	[CHK_OBS_L4_OK] = { "L4 successful connection", 2, 0 },
	[CHK_OBS_L4_ERR] = { "L4 unsuccessful connection", 1, 1 },
	[CHK_OBS_HTTP_OK] = { "Correct http response", 0, 2 },
	[CHK_OBS_HTTP_STS] = { "Wrong http response", 0, 1 },
	[CHK_OBS_HTTP_HDRRSP] = { "Invalid http response (headers)", 0, 1 },
	[CHK_OBS_HTTP_RSP] = { "Invalid http response", 0, 1 },
	[CHK_OBS_HTTP_READ_ERROR] = { "Read error (http)", 0, 1 },
	[CHK_OBS_HTTP_READ_TIMEOUT] = { "Read timeout (http)", 0, 1 },
	[CHK_OBS_HTTP_BROKEN_PIPE] = { "Close from server (http)", 0, 1 },
};

/* Enough consecutive errors: the "on-error" action, whose result is
 * HANA, and the next check at fastinter (sooner than planned). */
static void
observe_act(struct check *c, enum check_obs ev)
{
	const struct server_conf	*sc = c->srv->conf;
	struct check_result		 res;
	struct timeval			 tv, now;
	uint32_t			 fast;

	c->force_fast = true;
	memset(&res, 0, sizeof(res));
	res.st = CHK_ST_HANA;
	snprintf(res.info, sizeof(res.info), "Detected %u consecutive "
	    "errors, last one was: %s", c->obs_errors, obs_events[ev].desc);
	switch (sc->on_error) {
	case SRV_ONERR_FASTINTER:
		break;
	case SRV_ONERR_SUDDEN_DEATH:
		if (c->health > sc->rise)
			c->health = sc->rise + 1;
		check_result(c, &res, -1);
		break;
	case SRV_ONERR_MARK_DOWN:
		c->health = sc->rise;
		check_result(c, &res, -1);
		break;
	case SRV_ONERR_FAIL_CHECK:
	default:
		check_result(c, &res, -1);
		break;
	}
	c->obs_errors = 0;
	c->hana++;
	if (c->running || sc->fastinter_ms == CFG_UNSET)
		return;
	fast = sc->fastinter_ms;
	if (evtimer_pending(c->timer, &tv) &&
	    event_base_gettimeofday_cached(c->eng->base, &now) == 0 &&
	    ((long long)tv.tv_sec - now.tv_sec) * 1000 +
	    ((long long)tv.tv_usec - now.tv_usec) / 1000 <= (long long)fast)
		return;
	evtimer_del(c->timer);
	arm(c, fast);
}

void
check_observe(struct server *s, enum check_obs ev)
{
	struct check	*c = s->chk;
	unsigned	 kind, limit;

	if (c == NULL || s->conf->observe == SRV_OBS_NONE ||
	    (unsigned)ev >= sizeof(obs_events) / sizeof(obs_events[0]))
		return;
	kind = s->conf->observe == SRV_OBS_L4 ? obs_events[ev].l4 :
	    obs_events[ev].l7;
	if (kind == 0)
		return;
	if (kind == 2) {
		c->obs_errors = 0;
		return;
	}
	limit = s->conf->error_limit > 0 ? s->conf->error_limit : 1;
	if (++c->obs_errors < limit)
		return;
	observe_act(c, ev);
}

/* Status codes 501 and 505 answer what the client asked for, so they do
 * not count against the server (HAProxy http_wait_for_response()). */
void
check_observe_status(struct server *s, int status)
{
	check_observe(s, status >= 100 && (status < 500 || status == 501 ||
	    status == 505) ? CHK_OBS_HTTP_OK : CHK_OBS_HTTP_STS);
}

bool
check_get_info(const struct server *s, struct check_info *info)
{
	const struct check	*c = s->chk;

	memset(info, 0, sizeof(*info));
	info->info = "";
	info->dur_ms = -1;
	info->rise = s->conf->rise;
	info->fall = s->conf->fall;
	if (c == NULL)
		return false;
	info->known = c->known;
	info->running = c->running;
	info->disabled = c->disabled;
	info->health = c->health;
	info->hana = c->hana;
	if (c->known) {
		info->st = c->last.st;
		info->code = c->last.code;
		info->info = c->last.info;
		info->dur_ms = c->last_dur;
	}
	return true;
}

void
check_force(struct engine *eng, struct server *s, enum check_trans tr)
{
	unsigned		 top = s->conf->rise + s->conf->fall - 1;
	enum check_trans	 now;

	if (s->chk != NULL)
		s->chk->health = tr == CHK_TR_DOWN ? 0 : top;
	if (s->state == SRV_ST_MAINT)
		return;
	now = s->state == SRV_ST_DOWN ? CHK_TR_DOWN : s->nolb ? CHK_TR_NOLB :
	    CHK_TR_UP;
	if (now != tr)
		check_apply(eng, s, tr, ", changed from CLI");
}

int
check_set_enabled(struct server *s, bool on)
{
	if (s->chk == NULL)
		return -1;
	s->chk->disabled = !on;
	return 0;
}

void
check_restore(struct server *s, unsigned health)
{
	unsigned	top = s->conf->rise + s->conf->fall - 1;

	if (s->chk == NULL)
		return;
	s->chk->health = health > top ? top : health;
}

/* ------------------------------------------------------------------ */
/* cfgcheck --probe: one check, now, by the code above */

/* The probe's check is over: keep its result and the bytes it judged
 * (with whatever else already arrived), and schedule nothing, so that
 * check_probe()'s loop ends. */
static void
probe_done(struct check *c, const struct check_result *res)
{
	struct check_probe	*p = c->probe;
	size_t			 n;

	p->res = *res;
	p->dur_ms = (int64_t)(now_ms() - c->start_ms);
	p->connected = c->connected;
	if (c->bev != NULL) {
		evbuffer_add_buffer(c->resp, bufferevent_get_input(c->bev));
		bufferevent_free(c->bev);
		c->bev = NULL;
	}
	n = evbuffer_get_length(c->resp);
	free(p->resp);
	if ((p->resp = malloc(n + 1)) != NULL) {
		evbuffer_remove(c->resp, p->resp, n);
		p->resp[n] = '\0';
		p->len = n;
	}
	evbuffer_drain(c->resp, evbuffer_get_length(c->resp));
	c->running = false;
	c->connected = false;
	evtimer_del(c->timer);
}

int
check_probe(struct engine *eng, struct server *srv, struct check_probe *out)
{
	struct event_base	*saved = eng->base, *base;
	struct check		 c;
	int			 rc = -1;

	memset(out, 0, sizeof(*out));
	if ((base = event_base_new()) == NULL)
		return -1;
	memset(&c, 0, sizeof(c));
	eng->base = base;
	c.srv = srv;
	c.eng = eng;
	c.probe = out;
	c.bufsize = eng->bufsize ? eng->bufsize : CHECK_DEFAULT_BUFSIZE;
	c.health = check_health_init(srv->conf->init_state, srv->conf->rise,
	    srv->conf->fall);
	c.last_dur = -1;
	out->bufsize = c.bufsize;
	c.resp = evbuffer_new();
	c.timer = evtimer_new(base, check_timer_cb, &c);
	if (c.resp != NULL && c.timer != NULL) {
		check_begin(&c);
		rc = event_base_dispatch(base) < 0 ? -1 : 0;
	}
	if (c.bev != NULL)
		bufferevent_free(c.bev);
	if (c.timer != NULL)
		event_free(c.timer);
	if (c.resp != NULL)
		evbuffer_free(c.resp);
	event_base_free(base);
	eng->base = saved;
	return rc;
}
