/*
 * state_file: see state_file.h.  The codes are HAProxy 2.6's, checked
 * against it: srv_op_state (0 stopped, 1 starting, 2 running, 3
 * stopping), srv_admin_state bits (0x01 forced maintenance, 0x04
 * maintenance from the configuration, 0x08 forced drain, 0x20 address
 * unresolved), check status numbers (HCHK_STATUS_*), check results
 * (0 unknown, 2 failed, 3 passed, 4 conditionally passed) and check
 * state bits (0x01 running, 0x02 configured, 0x04 enabled, 0x08 paused).
 *
 * Loading follows HAProxy 2.6 where it is observable: backends and
 * servers are matched by name (an id both sides forced must agree), the
 * user weight is restored only when the configured weight did not
 * change, the port is restored but not the address (HAProxy needs
 * "init-addr last" for that, which hapx does not have), a server the
 * configuration disables keeps the configuration's state, and a server
 * saved as stopped goes DOWN "changed from server-state after a reload".
 * Unlike HAProxy, which drops the whole file at its first corrupt line,
 * a bad line is skipped alone.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/nitems.h"
#include "engine/engine_types.h"
#include "model/cfg_model.h"
#include "servers/check_srv.h"
#include "servers/proxy.h"
#include "servers/srv_admin.h"
#include "servers/state_file.h"

const char state_file_header[] = "1\n"
    "# be_id be_name srv_id srv_name srv_addr srv_op_state "
    "srv_admin_state srv_uweight srv_iweight srv_time_since_last_change "
    "srv_check_status srv_check_result srv_check_health srv_check_state "
    "srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port "
    "srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr "
    "srv_agent_port\n";

enum { OP_STOPPED, OP_STARTING, OP_RUNNING, OP_STOPPING };
#define ADM_FMAINT	0x01
#define ADM_CMAINT	0x04
#define ADM_FDRAIN	0x08
#define ADM_RMAINT	0x20
#define CST_RUNNING	0x01
#define CST_CONFIGURED	0x02
#define CST_ENABLED	0x04
#define CST_PAUSED	0x08

/* HAProxy's HCHK_STATUS_* numbers of hapx's check statuses. */
static unsigned
hchk_status(enum check_status st)
{
	static const unsigned char codes[] = {
		[CHK_ST_DEFAULT] = 1,	/* INI */
		[CHK_ST_L4OK] = 6, [CHK_ST_L4TOUT] = 7, [CHK_ST_L4CON] = 8,
		[CHK_ST_L6OK] = 9, [CHK_ST_L6TOUT] = 10, [CHK_ST_L6RSP] = 11,
		[CHK_ST_L7TOUT] = 12, [CHK_ST_L7RSP] = 13, [CHK_ST_L7OK] = 15,
		[CHK_ST_L7OKC] = 16, [CHK_ST_L7STS] = 17,
	};

	if (st == CHK_ST_HANA)
		return 4;
	return (unsigned)st < nitems(codes) && codes[st] != 0 ? codes[st] :
	    1;
}

static unsigned
op_state(const struct server *s)
{
	uint32_t	ss = s->conf->slowstart_ms;

	if (s->state != SRV_ST_UP)
		return OP_STOPPED;
	if (s->nolb)
		return OP_STOPPING;
	if (ss != CFG_UNSET && ss != 0 && s->up_ms != 0 &&
	    proxy_now_ms() - s->up_ms < (int64_t)ss)
		return OP_STARTING;
	return OP_RUNNING;
}

static unsigned
admin_state(const struct server *s)
{
	unsigned	a = 0;

	if (s->state == SRV_ST_MAINT && s->conf->disabled)
		a |= ADM_CMAINT | ADM_FMAINT;
	else if (s->state == SRV_ST_MAINT && s->admin_maint)
		a |= ADM_FMAINT;
	else if (s->state == SRV_ST_MAINT)
		a |= ADM_RMAINT;
	if (s->admin_drain)
		a |= ADM_FDRAIN;
	return a;
}

/* The check columns: status, result, health, state. */
static void
check_cols(const struct server *s, unsigned *st, unsigned *res,
    unsigned *health, unsigned *cst)
{
	struct check_info	ci;

	*st = 1;
	*res = 0;
	/* A server waiting for its address starts with no health. */
	*health = s->addrlen == 0 ? 0 : s->conf->rise;
	*cst = 0;
	if (!check_get_info(s, &ci))
		return;
	/* HAProxy starts a server the config disables with no health. */
	*health = s->conf->disabled && !ci.known ? 0 : ci.health;
	*cst = CST_CONFIGURED | (ci.disabled ? 0 : CST_ENABLED) |
	    (s->state == SRV_ST_MAINT ? CST_PAUSED : 0) |
	    (ci.running ? CST_RUNNING : 0);
	if (!ci.known)
		return;
	*st = hchk_status(ci.st);
	*res = ci.st == CHK_ST_L7OKC ? 4 : check_status_ok(ci.st) ? 3 : 2;
}

/* The address and port of S as text ("-" and 0 when it has none). */
static unsigned
srv_addr_text(const struct server *s, char *ip, size_t sz)
{
	const struct sockaddr_in	*a4 = (const void *)&s->addr;
	const struct sockaddr_in6	*a6 = (const void *)&s->addr;

	snprintf(ip, sz, "-");
	if (s->addrlen == 0)	/* unresolved: the configured port */
		return s->conf->addr.port_lo;
	if (s->addr.ss_family == AF_INET) {
		inet_ntop(AF_INET, &a4->sin_addr, ip, (socklen_t)sz);
		return ntohs(a4->sin_port);
	}
	if (s->addr.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &a6->sin6_addr, ip, (socklen_t)sz);
		return ntohs(a6->sin6_port);
	}
	return 0;
}

/* The check address set on the CLI or by "addr", else "-". */
static void
chk_addr_text(const struct server *s, char *buf, size_t sz)
{
	const struct sockaddr_storage	*ss = s->chk_addrlen != 0 ?
					    &s->chk_addr :
					    s->conf->has_check_addr ?
					    &s->conf->check_addr.ss : NULL;
	const void			*a;

	snprintf(buf, sz, "-");
	if (ss == NULL || (ss->ss_family != AF_INET &&
	    ss->ss_family != AF_INET6))
		return;
	a = ss->ss_family == AF_INET ?
	    (const void *)&((const struct sockaddr_in *)ss)->sin_addr :
	    (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr;
	if (inet_ntop(ss->ss_family, a, buf, (socklen_t)sz) == NULL)
		snprintf(buf, sz, "-");
}

/* HAProxy keeps the name a server was given as its FQDN. */
static const char *
srv_fqdn(const struct server *s)
{
	const char	*h = s->conf->addr.host;
	unsigned char	 b[16];

	if (h[0] == '\0' || inet_pton(AF_INET, h, b) == 1 ||
	    inet_pton(AF_INET6, h, b) == 1)
		return "-";
	return h;
}

size_t
state_file_line(const struct server *s, int64_t now, char *buf, size_t sz)
{
	const struct proxy	*px = s->px;
	char			 ip[INET6_ADDRSTRLEN], caddr[INET6_ADDRSTRLEN];
	unsigned		 port, st, res, health, cst;
	int			 n;

	port = srv_addr_text(s, ip, sizeof(ip));
	check_cols(s, &st, &res, &health, &cst);
	chk_addr_text(s, caddr, sizeof(caddr));
	n = snprintf(buf, sz, "%u %s %u %s %s %u %u %u %u %lld %u %u %u %u "
	    "0 %d %d %s %u - 0 %u %s - 0\n", proxy_id(px), px->conf->name,
	    proxy_srv_id(s), s->conf->name, ip, op_state(s), admin_state(s),
	    s->uweight, s->conf->weight,
	    (long long)(now > s->last_change ? now - s->last_change : 0),
	    st, res, health, cst, px->conf->id != 0, s->conf->id != 0,
	    srv_fqdn(s), port, s->chk_port != 0 ? s->chk_port :
	    s->conf->check_port, caddr);
	if (n < 0 || sz < 2)
		return 0;
	if ((size_t)n < sz)
		return (size_t)n;
	/* Cut (names longer than the line): still one line, so the next
	 * server's does not join it; the loader refuses it by name. */
	buf[sz - 2] = '\n';
	return sz - 1;
}

/* ------------------------------------------------------------------ */
/* Loading */

/* The columns a line must have: up to srv_f_forced_id (HAProxy 1.6's
 * format); later ones (fqdn, port...) are optional. */
#define COL_MIN		17
#define COL_MAX		32

enum { C_BE_ID, C_BE_NAME, C_SRV_ID, C_SRV_NAME, C_ADDR, C_OP, C_ADMIN,
	C_UW, C_IW, C_TSLC, C_CHK_ST, C_CHK_RES, C_CHK_HEALTH, C_CHK_STATE,
	C_AGENT_ST, C_BK_FORCED, C_SRV_FORCED, C_FQDN, C_PORT };

struct sf_line {
	char		*col[COL_MAX];
	unsigned	 ncol;
	unsigned long	 v[C_PORT + 1];	/* numeric columns */
};

struct sf_ctx {
	struct engine		*eng;
	struct diag		*d;
	const char		*file;		/* interned in D */
	unsigned		 line;
	enum srv_state_load	 mode;
	const struct proxy	*only;		/* local file: its backend */
	int64_t			 now;
};

static void sf_warn(const struct sf_ctx *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
sf_warn(const struct sf_ctx *c, const char *fmt, ...)
{
	struct cfg_pos	pos = { c->file, c->line, 1, 0 };
	char		msg[512];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_warn(c->d, &pos, "server state file: %s; line ignored", msg);
}

/* Split TEXT (one line, modified) into columns and read the numbers. */
static int
sf_split(const struct sf_ctx *c, char *text, struct sf_line *l)
{
	static const unsigned char num[] = { C_BE_ID, C_SRV_ID, C_OP, C_ADMIN,
		C_UW, C_IW, C_TSLC, C_CHK_ST, C_CHK_RES, C_CHK_HEALTH,
		C_CHK_STATE, C_AGENT_ST, C_BK_FORCED, C_SRV_FORCED };
	char		*tok, *save = NULL, *end;
	size_t		 i;

	l->ncol = 0;
	for (tok = strtok_r(text, " \t", &save); tok != NULL &&
	    l->ncol < COL_MAX; tok = strtok_r(NULL, " \t", &save))
		l->col[l->ncol++] = tok;
	if (l->ncol < COL_MIN) {
		sf_warn(c, "%u columns, at least %u expected", l->ncol,
		    COL_MIN);
		return -1;
	}
	for (i = 0; i < nitems(num); i++) {
		errno = 0;
		l->v[num[i]] = strtoul(l->col[num[i]], &end, 10);
		if (*end != '\0' || errno != 0 || l->col[num[i]][0] == '-') {
			sf_warn(c, "column %u ('%s') is not a number",
			    num[i] + 1, l->col[num[i]]);
			return -1;
		}
	}
	l->v[C_PORT] = 0;
	if (l->ncol > C_PORT)
		l->v[C_PORT] = strtoul(l->col[C_PORT], NULL, 10);
	if (l->v[C_OP] > OP_STOPPING || l->v[C_UW] > 256) {
		sf_warn(c, "invalid srv_op_state or srv_uweight");
		return -1;
	}
	return 0;
}

/* The server line L is about, or NULL when it is not for this load (no
 * such backend or server, another loading mode, ids that disagree). */
static struct server *
sf_find(const struct sf_ctx *c, const struct sf_line *l)
{
	struct proxy	*be;
	struct server	*s;

	be = proxy_find(c->eng, l->col[C_BE_NAME], CFG_CAP_BE);
	if (be == NULL || be->conf->state_load != c->mode ||
	    (c->only != NULL && be != c->only))
		return NULL;
	if (be->conf->id != 0 && l->v[C_BK_FORCED] &&
	    l->v[C_BE_ID] != be->conf->id) {
		sf_warn(c, "backend '%s' has id %u, not %lu", be->conf->name,
		    be->conf->id, l->v[C_BE_ID]);
		return NULL;
	}
	if ((s = proxy_find_server(be, l->col[C_SRV_NAME])) == NULL)
		return NULL;
	if (s->conf->id != 0 && l->v[C_SRV_FORCED] &&
	    l->v[C_SRV_ID] != s->conf->id) {
		sf_warn(c, "server '%s/%s' has id %u, not %lu",
		    be->conf->name, s->conf->name, s->conf->id,
		    l->v[C_SRV_ID]);
		return NULL;
	}
	return s;
}

/* The port of S's address, when the configuration gave it one. */
static void
sf_port(struct server *s, unsigned long port)
{
	if (port == 0 || port > 65535 || !s->conf->addr.has_port ||
	    s->conf->addr.port_relative)
		return;
	if (s->addr.ss_family == AF_INET)
		((struct sockaddr_in *)&s->addr)->sin_port =
		    htons((uint16_t)port);
	else if (s->addr.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&s->addr)->sin6_port =
		    htons((uint16_t)port);
}

static void
sf_apply(const struct sf_ctx *c, struct server *s, const struct sf_line *l)
{
	unsigned long	adm = l->v[C_ADMIN], op = l->v[C_OP];
	enum check_trans tr;

	if (l->v[C_IW] == s->conf->weight)
		srv_admin_weight(s, (unsigned)l->v[C_UW]);
	if (!s->conf->disabled)
		srv_admin_restore(s, adm & ADM_FMAINT, adm & ADM_FDRAIN);
	if (l->v[C_TSLC] <= (unsigned long)c->now)
		s->last_change = c->now - (int64_t)l->v[C_TSLC];
	sf_port(s, l->v[C_PORT]);
	if (s->chk == NULL)
		return;
	check_restore(s, (unsigned)l->v[C_CHK_HEALTH]);
	if (s->state == SRV_ST_MAINT)
		return;
	tr = op == OP_STOPPED ? CHK_TR_DOWN : op == OP_STOPPING ?
	    CHK_TR_NOLB : CHK_TR_UP;
	if ((tr == CHK_TR_DOWN) != (s->state == SRV_ST_DOWN) ||
	    (tr == CHK_TR_NOLB) != s->nolb)
		check_apply(c->eng, s, tr,
		    ", changed from server-state after a reload");
}

/* Apply every line of TEXT (modified). */
static void
sf_parse(struct sf_ctx *c, char *text)
{
	char		*p = text, *nl;
	struct sf_line	 l;
	struct server	*s;

	for (c->line = 1; p != NULL && *p != '\0'; c->line++, p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if (c->line == 1) {
			if (strcmp(p, "1") != 0) {
				sf_warn(c, "version '%s' unknown, only 1 is; "
				    "the file is ignored", p);
				return;
			}
			continue;
		}
		p += strspn(p, " \t");
		if (*p == '#' || *p == '\0')
			continue;
		if (sf_split(c, p, &l) < 0 || (s = sf_find(c, &l)) == NULL)
			continue;
		sf_apply(c, s, &l);
	}
}

/* FILE (NAME under server-state-base unless absolute) read into memory
 * and parsed; a file that cannot be read is a warning. */
static void
sf_load_file(struct sf_ctx *c, const char *name)
{
	const char	*base = c->eng->cfg->global.server_state_base;
	char		 path[PATH_MAX], *text = NULL;
	size_t		 len = 0, cap = 0, n;
	struct cfg_pos	 none = { NULL, 0, 0, 0 };
	FILE		*fp;

	if (name[0] != '/' && base != NULL)
		snprintf(path, sizeof(path), "%s%s%s", base,
		    base[0] != '\0' && base[strlen(base) - 1] == '/' ? "" :
		    "/", name);
	else
		snprintf(path, sizeof(path), "%s", name);
	if ((fp = fopen(path, "r")) == NULL) {
		diag_warn(c->d, &none, "cannot open the server state file "
		    "'%s': %s; servers start from the configuration", path,
		    strerror(errno));
		return;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char	*t = realloc(text, cap = cap * 2 + 8192);

			if (t == NULL)
				break;
			text = t;
		}
		if ((n = fread(text + len, 1, cap - len - 1, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	if (text == NULL)
		return;
	text[len] = '\0';
	c->file = diag_add_source(c->d, path, text, len);
	sf_parse(c, text);
	free(text);
}

void
state_file_load(struct engine *eng, struct diag *d)
{
	struct sf_ctx	 c = { .eng = eng, .d = d };
	const char	*global = eng->cfg->global.server_state_file;
	struct cfg_pos	 none = { NULL, 0, 0, 0 };
	bool		 want_global = false;
	unsigned	 i;

	c.now = (int64_t)time(NULL);
	for (i = 0; i < eng->nproxies; i++) {
		struct proxy	*px = &eng->proxies[i];

		if (!(px->conf->cap & CFG_CAP_BE))
			continue;
		if (px->conf->state_load == SRV_STATE_GLOBAL)
			want_global = true;
		if (px->conf->state_load != SRV_STATE_LOCAL)
			continue;
		c.mode = SRV_STATE_LOCAL;
		c.only = px;
		sf_load_file(&c, px->conf->state_file_name != NULL ?
		    px->conf->state_file_name : px->conf->name);
	}
	if (!want_global)
		return;
	if (global == NULL) {
		diag_warn(d, &none, "'load-server-state-from-file global' "
		    "without a global 'server-state-file': nothing loaded");
		return;
	}
	c.mode = SRV_STATE_GLOBAL;
	c.only = NULL;
	sf_load_file(&c, global);
}
