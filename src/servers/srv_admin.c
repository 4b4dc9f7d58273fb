/*
 * srv_admin: see srv_admin.h.  The messages are HAProxy 2.6's
 * (srv_update_status()), checked against it on a stats socket.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine/engine_types.h"
#include "observe/log_types.h"
#include "servers/check_srv.h"
#include "servers/proxy.h"
#include "servers/srv_admin.h"

#define SRV_MAX_WEIGHT	256

static void say(struct engine *, const struct server *, int,
    const char *, ...) __attribute__((format(printf, 4, 5)));

/* LINE as HAProxy's ha_warning() on stderr, and at LEVEL to the
 * backend's log targets. */
static void
say(struct engine *eng, const struct server *s, int level, const char *fmt,
    ...)
{
	char	line[768];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	eng->hooks.say(eng, false, line);
	eng->hooks.log(eng, s->px, level, line);
}

static const char *
pfx(const struct server *s)
{
	return s->conf->backup ? "Backup Server" : "Server";
}

static const char *
onbck(unsigned act, unsigned bck)
{
	return act == 0 && bck > 0 ? " Running on backup." : "";
}

static void
enter_maint(struct engine *eng, struct server *s)
{
	bool		was_up = s->state == SRV_ST_UP;
	unsigned	act, bck;

	s->state = SRV_ST_MAINT;
	s->admin_maint = true;
	s->last_change = (int64_t)time(NULL);
	/* HAProxy 2.6 forgets a drain on entering maintenance: leaving it
	 * says "UP/READY" and a later "ready" says nothing. */
	s->admin_drain = false;
	s->weight = s->uweight;
	if (!was_up) {
		say(eng, s, LOG_L_NOTICE, "%s %s/%s was DOWN and now enters "
		    "maintenance.", pfx(s), s->px->conf->name, s->conf->name);
		return;
	}
	proxy_count_usable(s->px, &act, &bck);
	s->down_trans++;
	say(eng, s, LOG_L_ALERT, "%s %s/%s is going DOWN for maintenance. %u "
	    "active and %u backup servers left.%s %u sessions active, 0 "
	    "requeued, %u remaining in queue.", pfx(s), s->px->conf->name,
	    s->conf->name, act, bck, onbck(act, bck), s->cur_conns,
	    s->queued);
}

/* A checked server comes back in the state its health counter gives
 * (checks pause during maintenance), so that the next result moves it
 * as usual; HAProxy instead restarts the health at "rise" and checks at
 * once. */
static void
leave_maint(struct engine *eng, struct server *s)
{
	struct check_info	ci;
	const char		*st;

	s->admin_maint = false;
	s->state = check_get_info(s, &ci) && ci.health < ci.rise ?
	    SRV_ST_DOWN : SRV_ST_UP;
	s->last_change = (int64_t)time(NULL);
	st = s->state != SRV_ST_UP ? "DOWN" : s->admin_drain ? "UP/DRAIN" :
	    "UP/READY";
	say(eng, s, LOG_L_NOTICE, "%s %s/%s is %s (leaving forced "
	    "maintenance).", pfx(s), s->px->conf->name, s->conf->name, st);
	if (s->admin_drain)
		say(eng, s, LOG_L_NOTICE, "%s %s/%s remains in forced drain "
		    "mode.", pfx(s), s->px->conf->name, s->conf->name);
}

static void
enter_drain(struct engine *eng, struct server *s)
{
	unsigned	act, bck;

	s->admin_drain = true;
	s->weight = 0;
	if (s->state == SRV_ST_MAINT)
		return;
	s->last_change = (int64_t)time(NULL);
	proxy_count_usable(s->px, &act, &bck);
	say(eng, s, LOG_L_NOTICE, "%s %s/%s enters drain state. %u active and "
	    "%u backup servers online.%s 0 sessions requeued, %u total in "
	    "queue.", pfx(s), s->px->conf->name, s->conf->name, act, bck,
	    onbck(act, bck), s->queued);
}

static void
leave_drain(struct engine *eng, struct server *s, bool quiet)
{
	s->admin_drain = false;
	s->weight = s->uweight;
	if (quiet)
		return;
	s->last_change = (int64_t)time(NULL);
	say(eng, s, LOG_L_NOTICE, "%s %s/%s is UP (leaving forced drain).",
	    pfx(s), s->px->conf->name, s->conf->name);
}

static void
apply(struct engine *eng, struct server *s, enum srv_admin_act act)
{
	bool	maint = s->admin_maint && s->state == SRV_ST_MAINT;

	switch (act) {
	case SRV_ADM_MAINT:
		if (s->state != SRV_ST_MAINT)
			enter_maint(eng, s);
		break;
	case SRV_ADM_DRAIN:
		if (!s->admin_drain)
			enter_drain(eng, s);
		if (maint)
			leave_maint(eng, s);
		break;
	case SRV_ADM_UNMAINT:
		if (maint)
			leave_maint(eng, s);
		break;
	case SRV_ADM_READY:
		if (maint)
			leave_maint(eng, s);
		if (s->admin_drain)
			leave_drain(eng, s, maint);
		break;
	}
}

/* Keep the backend's state-change counters as check.c does when the
 * backend loses its last usable server or gets one back. */
void
srv_admin_set(struct engine *eng, struct server *s, enum srv_admin_act act)
{
	struct proxy	*px = s->px;
	bool		 was_up = proxy_usable_servers(px) > 0, up;
	int64_t		 now = (int64_t)time(NULL);

	apply(eng, s, act);
	if ((up = proxy_usable_servers(px) > 0) == was_up)
		return;
	if (!up) {
		px->down_trans++;
		check_no_server_left(eng, px);
	} else if (px->last_change <= now)
		px->down_time += (uint64_t)(now - px->last_change);
	px->last_change = now;
}

void
srv_admin_restore(struct server *s, bool maint, bool drain)
{
	if (maint) {
		s->state = SRV_ST_MAINT;
		s->admin_maint = true;
	}
	if (drain) {
		s->admin_drain = true;
		s->weight = 0;
	}
}

void
srv_admin_weight(struct server *s, unsigned w)
{
	s->uweight = w;
	if (!s->admin_drain)
		s->weight = w;
}

const char *
srv_admin_parse_weight(const struct server *s, const char *text,
    unsigned *w)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (end == text || errno != 0)
		return "Empty weight string empty or preceded by garbage";
	if (*end == '%' && end[1] == '\0') {
		if (v < 0)
			return "Relative weight must be positive.\n";
		/* HAProxy: a percentage of the initial weight, rounded
		 * down, at most 256.  Capped first: the product must not
		 * overflow (weights are at most 256, so 25600% is the top). */
		if (v > SRV_MAX_WEIGHT * 100)
			v = SRV_MAX_WEIGHT * 100;
		v = (long)s->conf->weight * v / 100;
		if (v > SRV_MAX_WEIGHT)
			v = SRV_MAX_WEIGHT;
	} else if (*end != '\0')
		return "Trailing garbage in weight string";
	else if (v < 0 || v > SRV_MAX_WEIGHT)
		return "Absolute weight can only be between 0 and 256 "
		    "inclusive.\n";
	*w = (unsigned)v;
	return NULL;
}
