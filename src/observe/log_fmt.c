/*
 * log_fmt: render a log-format string (HAProxy doc 8.2.6) against the
 * record of a transaction (log_fmt.h).  The string was checked at config
 * time (cfg_logfmt.c); log_fmt_compile reads its tokens (model/fmt_lex.c,
 * the syntax the checker and the rule compiler read) once into items (literal
 * runs, separators, variables with their effective flags) and each line
 * is a walk over them, without any name lookup.  HAProxy's
 * observable rules are kept: a run of spaces is one separator, written
 * only after something that is not a separator (so a leading space and
 * the space before an empty %hr vanish); absent strings are "-", or ""
 * under +Q; %r and captured headers escape unsafe bytes as #XX.
 * Nothing here knows sessions, sockets or clocks.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/cfg_model.h"
#include "model/fmt_lex.h"
#include "http/fmt.h"
#include "http/sample.h"
#include "observe/log_fmt.h"

#include "base/nitems.h"

#define LF_Q		0x1	/* quote strings */
#define LF_X		0x2	/* numbers in hexadecimal */
#define LF_E		0x4	/* escape (accepted, rendered as is) */

/* Which bytes a field escapes as "#XX" (HAProxy's url and header
 * encoding maps: control bytes, 8-bit bytes, '"' and '#', and for
 * headers also '{', '|' and '}' that frame the capture list). */
enum lf_esc { ESC_NONE, ESC_URL, ESC_HDR };

struct lf_out {
	char		*buf;
	size_t		 len, cap;	/* cap counts the NUL */
	bool		 last_sp;	/* last thing written: a separator */
};

enum lf_var {
	LV_B, LV_CC, LV_CS, LV_H, LV_HM, LV_HP, LV_HPO, LV_HQ, LV_HU, LV_HV,
	LV_ID, LV_ST, LV_T, LV_Ta, LV_Tc, LV_Td, LV_Th, LV_Ti, LV_Tl, LV_Tq,
	LV_TR, LV_Tr, LV_Ts, LV_Tt, LV_Tu, LV_Tw, LV_U, LV_ac, LV_b, LV_bc,
	LV_bi, LV_bp, LV_bq, LV_ci, LV_cp, LV_f, LV_fc, LV_fi, LV_fp, LV_ft,
	LV_hr, LV_hrl, LV_hs, LV_hsl, LV_lc, LV_ms, LV_o, LV_pid, LV_r, LV_rc,
	LV_rt, LV_s, LV_sc, LV_si, LV_sp, LV_sq, LV_sslc, LV_sslv, LV_t,
	LV_tr, LV_trg, LV_trl, LV_ts, LV_tsc,
	LV_SMP,		/* "%[sample]": its string value, or absent */
	LV_NONE
};

/* One compiled item of a log-format. */
enum lf_kind { LI_LIT, LI_SEP, LI_VAR };

struct lf_item {
	enum lf_kind	 kind;
	enum lf_var	 v;
	unsigned	 fl;		/* effective flags (after %o) */
	const char	*s;		/* LI_LIT: in the format's copy */
	size_t		 len;
	struct sample_expr *x;		/* LV_SMP: owned; NULL: no value */
};

struct log_fmt {
	unsigned	 n;
	unsigned	 needs;		/* LOG_FMT_NEED_* */
	unsigned	 opts;		/* LOG_FMT_C_* */
	struct lf_item	 v[];		/* then the copy of the string */
};

static const struct {
	const char	*name;
	enum lf_var	 v;
} lf_vars[] = {
	{ "B", LV_B }, { "CC", LV_CC }, { "CS", LV_CS }, { "H", LV_H },
	{ "HM", LV_HM }, { "HP", LV_HP }, { "HPO", LV_HPO }, { "HQ", LV_HQ },
	{ "HU", LV_HU }, { "HV", LV_HV }, { "ID", LV_ID }, { "ST", LV_ST },
	{ "T", LV_T }, { "Ta", LV_Ta }, { "Tc", LV_Tc }, { "Td", LV_Td },
	{ "Th", LV_Th }, { "Ti", LV_Ti }, { "Tl", LV_Tl }, { "Tq", LV_Tq },
	{ "TR", LV_TR }, { "Tr", LV_Tr }, { "Ts", LV_Ts }, { "Tt", LV_Tt },
	{ "Tu", LV_Tu }, { "Tw", LV_Tw }, { "U", LV_U }, { "ac", LV_ac },
	{ "b", LV_b }, { "bc", LV_bc }, { "bi", LV_bi }, { "bp", LV_bp },
	{ "bq", LV_bq }, { "ci", LV_ci }, { "cp", LV_cp }, { "f", LV_f },
	{ "fc", LV_fc }, { "fi", LV_fi }, { "fp", LV_fp }, { "ft", LV_ft },
	{ "hr", LV_hr }, { "hrl", LV_hrl }, { "hs", LV_hs }, { "hsl", LV_hsl },
	{ "lc", LV_lc }, { "ms", LV_ms }, { "o", LV_o }, { "pid", LV_pid },
	{ "r", LV_r }, { "rc", LV_rc }, { "rt", LV_rt }, { "s", LV_s },
	{ "sc", LV_sc }, { "si", LV_si }, { "sp", LV_sp }, { "sq", LV_sq },
	{ "sslc", LV_sslc }, { "sslv", LV_sslv }, { "t", LV_t },
	{ "tr", LV_tr }, { "trg", LV_trg }, { "trl", LV_trl }, { "ts", LV_ts },
	{ "tsc", LV_tsc },
};

static const char *const lf_months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* ------------------------------------------------------------------ */
/* Output */

static void
lf_putn(struct lf_out *o, const char *s, size_t n)
{
	size_t	room = o->cap - 1 - o->len;

	if (n > room)
		n = room;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->last_sp = false;
}

static void
lf_putc(struct lf_out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len++] = c;
	o->last_sp = false;
}

static void
lf_puts(struct lf_out *o, const char *s)
{
	lf_putn(o, s, strlen(s));
}

static bool
lf_escaped(unsigned char c, enum lf_esc esc)
{
	if (esc == ESC_NONE)
		return false;
	if (c < 32 || c >= 127 || c == '"' || c == '#')
		return true;
	return esc == ESC_HDR && (c == '{' || c == '|' || c == '}');
}

static const char	lf_hexdig[] = "0123456789ABCDEF";

/* S with ESC applied. */
static void
lf_put_esc(struct lf_out *o, const char *s, enum lf_esc esc)
{
	char	hex[3];

	for (; *s != '\0'; s++) {
		const char	*b = s;

		while (*s != '\0' && !lf_escaped((unsigned char)*s, esc))
			s++;
		if (s > b)
			lf_putn(o, b, (size_t)(s - b));
		if (*s == '\0')
			break;
		hex[0] = '#';
		hex[1] = lf_hexdig[(unsigned char)*s >> 4];
		hex[2] = lf_hexdig[(unsigned char)*s & 15];
		lf_putn(o, hex, 3);
	}
}

/* A string field: "-" when absent, quoted under +Q. */
static void
lf_str(struct lf_out *o, const char *s, unsigned fl, enum lf_esc esc)
{
	if (fl & LF_Q)
		lf_putc(o, '"');
	if (s != NULL)
		lf_put_esc(o, s, esc);
	else if (!(fl & LF_Q))
		lf_putc(o, '-');
	if (fl & LF_Q)
		lf_putc(o, '"');
}

static void
lf_num(struct lf_out *o, long long v, unsigned fl)
{
	char			b[32], *e = b + sizeof(b), *p = e;
	unsigned long long	u = (unsigned long long)v;

	/* Two loops so that each divides by a constant. */
	if (fl & LF_X) {
		do {
			*--p = lf_hexdig[u & 15];
			u >>= 4;
		} while (u != 0);
	} else {
		if (v < 0)
			u = 0 - u;
		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u != 0);
		if (v < 0)
			*--p = '-';
	}
	lf_putn(o, p, (size_t)(e - p));
}

/* ------------------------------------------------------------------ */
/* Dates */

/*
 * The broken-down time of a second and its strings, kept per thread for
 * the last second seen: localtime_r and the formatting run once a second,
 * not once a line.  [0] is local time, [1] GMT.
 */
struct lf_tcache {
	bool		 valid;
	time_t		 sec;
	struct tm	 tm;
	char		 dmy[32];	/* "dd/Mmm/yyyy:HH:MM:SS" */
	size_t		 dmylen;
	char		 zone[8];	/* "+0100" */
};

static __thread struct lf_tcache	lf_tc[2];

static const struct lf_tcache *
lf_tcache(time_t t, bool gmt)
{
	struct lf_tcache	*c = &lf_tc[gmt];
	struct tm		*tm = &c->tm;
	long			 off;
	int			 n;

	if (c->valid && c->sec == t)
		return c;
	if (gmt)
		gmtime_r(&t, tm);
	else
		localtime_r(&t, tm);
	n = snprintf(c->dmy, sizeof(c->dmy), "%02d/%s/%04d:%02d:%02d:%02d",
	    tm->tm_mday, lf_months[tm->tm_mon], tm->tm_year + 1900,
	    tm->tm_hour, tm->tm_min, tm->tm_sec);
	c->dmylen = n < 0 ? 0 : (size_t)n >= sizeof(c->dmy) ?
	    sizeof(c->dmy) - 1 : (size_t)n;
	off = gmt ? 0 : tm->tm_gmtoff / 60;
	snprintf(c->zone, sizeof(c->zone), "%c%02d%02d", off < 0 ? '-' : '+',
	    (int)(labs(off) / 60 % 24), (int)(labs(off) % 60));
	c->sec = t;
	c->valid = true;
	return c;
}

/* ".mmm" of TV into B (4 bytes, no NUL). */
static void
lf_msec(const struct timeval *tv, char *b)
{
	int	ms = (int)(tv->tv_usec / 1000 % 1000);

	b[0] = '.';
	b[1] = (char)('0' + ms / 100);
	b[2] = (char)('0' + ms / 10 % 10);
	b[3] = (char)('0' + ms % 10);
}

/* The local-time date of %t and %tr, with milliseconds. */
void
log_fmt_date(const struct timeval *tv, char *out, size_t outlen)
{
	const struct lf_tcache	*c = lf_tcache(tv->tv_sec, false);
	struct lf_out		 o = { out, 0, outlen, false };
	char			 ms[4];

	if (outlen == 0)
		return;
	lf_msec(tv, ms);
	lf_putn(&o, c->dmy, c->dmylen);
	lf_putn(&o, ms, sizeof(ms));
	out[o.len] = '\0';
}

/* GMT ("+0000") or local time with its offset, as %trg and %trl. */
static void
lf_date_zone(struct lf_out *o, const struct timeval *tv, bool gmt)
{
	const struct lf_tcache	*c = lf_tcache(tv->tv_sec, gmt);

	lf_putn(o, c->dmy, c->dmylen);
	lf_putn(o, " ", 1);
	lf_puts(o, c->zone);
}

static bool
lf_dates(struct lf_out *o, enum lf_var v, const struct log_rec *r,
    unsigned fl)
{
	const struct lf_tcache	*c;
	const struct timeval	*tv;
	char			 b[4];

	switch (v) {
	case LV_t:
	case LV_tr:
		tv = v == LV_t ? &r->accept_date : &r->req_date;
		c = lf_tcache(tv->tv_sec, false);
		lf_msec(tv, b);
		lf_putn(o, c->dmy, c->dmylen);
		lf_putn(o, b, 4);
		return true;
	case LV_T:
	case LV_trg:
	case LV_trl:
		lf_date_zone(o, v == LV_T ? &r->accept_date : &r->req_date,
		    v != LV_trl);
		return true;
	case LV_Ts:
		lf_num(o, r->accept_date.tv_sec, fl);
		return true;
	case LV_ms:
		lf_msec(&r->accept_date, b);
		lf_putn(o, b + 1, 3);
		return true;
	default:
		return false;
	}
}

/* ------------------------------------------------------------------ */
/* Addresses */

/* %{+X}ci: the address bytes in hexadecimal ("7F000001"). */
static void
lf_ip_hex(struct lf_out *o, const struct sockaddr_storage *ss)
{
	const unsigned char	*a;
	size_t			 n, i;
	char			 b[2];

	if (ss->ss_family == AF_INET) {
		a = (const unsigned char *)&((const struct sockaddr_in *)ss)->
		    sin_addr;
		n = 4;
	} else {
		a = (const unsigned char *)&((const struct sockaddr_in6 *)ss)->
		    sin6_addr;
		n = 16;
	}
	for (i = 0; i < n; i++) {
		b[0] = lf_hexdig[a[i] >> 4];
		b[1] = lf_hexdig[a[i] & 15];
		lf_putn(o, b, 2);
	}
}

static void
lf_ip(struct lf_out *o, const struct sockaddr_storage *ss, unsigned fl)
{
	char	b[INET6_ADDRSTRLEN];

	if (ss == NULL || (ss->ss_family != AF_INET &&
	    ss->ss_family != AF_INET6 && ss->ss_family != AF_UNIX)) {
		lf_str(o, NULL, fl, ESC_NONE);
		return;
	}
	if (ss->ss_family == AF_UNIX)
		lf_str(o, "unix", fl, ESC_NONE);
	else if (fl & LF_X)
		lf_ip_hex(o, ss);
	else if (ss->ss_family == AF_INET)
		lf_str(o, inet_ntop(AF_INET, &((const struct sockaddr_in *)
		    ss)->sin_addr, b, sizeof(b)), fl, ESC_NONE);
	else
		lf_str(o, inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    ss)->sin6_addr, b, sizeof(b)), fl, ESC_NONE);
}

static void
lf_port(struct lf_out *o, const struct sockaddr_storage *ss, unsigned fl)
{
	if (ss != NULL && ss->ss_family == AF_INET)
		lf_num(o, ntohs(((const struct sockaddr_in *)ss)->sin_port),
		    fl);
	else if (ss != NULL && ss->ss_family == AF_INET6)
		lf_num(o, ntohs(((const struct sockaddr_in6 *)ss)->sin6_port),
		    fl);
	else
		lf_str(o, NULL, fl & ~LF_Q, ESC_NONE);
}

static bool
lf_addrs(struct lf_out *o, enum lf_var v, const struct log_rec *r,
    unsigned fl)
{
	switch (v) {
	case LV_ci:
		lf_ip(o, r->cli, fl);
		return true;
	case LV_cp:
		lf_port(o, r->cli, fl);
		return true;
	case LV_fi:
		lf_ip(o, r->fe_addr, fl);
		return true;
	case LV_fp:
		lf_port(o, r->fe_addr, fl);
		return true;
	case LV_si:
		lf_ip(o, r->srv_addr, fl);
		return true;
	case LV_sp:
		lf_port(o, r->srv_addr, fl);
		return true;
	case LV_bi:
		lf_ip(o, r->bk_addr, fl);
		return true;
	case LV_bp:
		lf_port(o, r->bk_addr, fl);
		return true;
	default:
		return false;
	}
}

/* ------------------------------------------------------------------ */
/* Timers and counters */

/* %Tq = Th + Ti + TR; %Td = Tt minus the other steps (-1 if one is). */
static long
lf_tq(const struct log_rec *r)
{
	return r->tR < 0 ? -1 : r->th + r->ti + r->tR;
}

static long
lf_td(const struct log_rec *r)
{
	long	tq = lf_tq(r);

	if (tq < 0 || r->tw < 0 || r->tc < 0 || r->tr < 0)
		return -1;
	return r->tt - (tq + r->tw + r->tc + r->tr);
}

static bool
lf_timers(struct lf_out *o, enum lf_var v, const struct log_rec *r,
    unsigned fl)
{
	long	t;

	switch (v) {
	case LV_Th: t = r->th; break;
	case LV_Ti: t = r->ti; break;
	case LV_TR: t = r->tR; break;
	case LV_Tq: t = lf_tq(r); break;
	case LV_Tw: t = r->tw; break;
	case LV_Tc: t = r->tc; break;
	case LV_Tr: t = r->tr; break;
	case LV_Ta:
	case LV_Tt:
		if (r->partial)
			lf_putc(o, '+');
		t = v == LV_Ta ? r->ta : r->tt;
		break;
	case LV_Td: t = lf_td(r); break;
	default:
		return false;
	}
	lf_num(o, t, fl);
	return true;
}

static bool
lf_counters(struct lf_out *o, enum lf_var v, const struct log_rec *r,
    unsigned fl)
{
	switch (v) {
	case LV_ac: lf_num(o, r->actconn, fl); break;
	case LV_fc: lf_num(o, r->feconn, fl); break;
	case LV_bc: lf_num(o, r->beconn, fl); break;
	case LV_sc: lf_num(o, r->srvconn, fl); break;
	case LV_sq: lf_num(o, r->srv_queue, fl); break;
	case LV_bq: lf_num(o, r->be_queue, fl); break;
	case LV_B:
		if (r->partial)
			lf_putc(o, '+');
		lf_num(o, (long long)r->bytes_out, fl);
		break;
	case LV_U: lf_num(o, (long long)r->bytes_in, fl); break;
	case LV_ST: lf_num(o, r->status, fl); break;
	case LV_pid: lf_num(o, r->pid, fl); break;
	case LV_rt: lf_num(o, (long long)r->req_counter, fl); break;
	case LV_lc: lf_num(o, (long long)r->log_counter, fl); break;
	case LV_rc:
		if (r->redispatched)
			lf_putc(o, '+');
		lf_num(o, r->retries, fl);
		break;
	default:
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Names, request line, captures */

/* %HPO: the path of an absolute-form URI [B, E) ("http://h/p" -> "/p"). */
static const char *
lf_path_only(const char *b, const char *e)
{
	const char	*a = b, *p;

	if (b == e || *b == '/')
		return b;
	while (a < e && *a != ':' && *a != '/')
		a++;
	if (e - a < 3 || memcmp(a, "://", 3) != 0)
		return b;
	p = memchr(a + 3, '/', (size_t)(e - a - 3));
	return p != NULL ? p : e;
}

/* Slices of the request line "METHOD URI VERSION". */
static void
lf_reqpart(struct lf_out *o, enum lf_var v, const char *rl, unsigned fl)
{
	const char	*sp1, *sp2, *b, *e;
	char		 tmp[1024];
	size_t		 n;

	if (rl == NULL || (sp1 = strchr(rl, ' ')) == NULL) {
		lf_str(o, NULL, fl, ESC_NONE);
		return;
	}
	sp2 = strrchr(rl, ' ');
	b = rl;
	e = sp1;
	if (v == LV_HU || v == LV_HP || v == LV_HPO || v == LV_HQ) {
		b = sp1 + 1;
		e = sp2 > sp1 ? sp2 : rl + strlen(rl);
		if ((v == LV_HP || v == LV_HPO) &&
		    memchr(b, '?', (size_t)(e - b)) != NULL)
			e = memchr(b, '?', (size_t)(e - b));
		if (v == LV_HPO)
			b = lf_path_only(b, e);
		if (v == LV_HQ) {
			b = memchr(b, '?', (size_t)(e - b));
			if (b == NULL)
				b = e;
		}
	} else if (v == LV_HV) {
		b = sp2 > sp1 ? sp2 + 1 : rl + strlen(rl);
		e = rl + strlen(rl);
	}
	n = (size_t)(e - b) < sizeof(tmp) ? (size_t)(e - b) : sizeof(tmp) - 1;
	memcpy(tmp, b, n);
	tmp[n] = '\0';
	lf_str(o, tmp, fl, ESC_URL);
}

/* "{a|b}" for %hr/%hs, "a b" for %hrl/%hsl; nothing when no capture is
 * configured. */
static void
lf_caps(struct lf_out *o, const char *const *v, unsigned n, bool list,
    unsigned fl)
{
	unsigned	i;

	if (n == 0)
		return;
	if (!list)
		lf_putc(o, '{');
	for (i = 0; i < n; i++) {
		if (i > 0)
			lf_putn(o, list ? " " : "|", 1);
		if (list)
			lf_str(o, v[i], fl, ESC_HDR);
		else if (fl & LF_Q)
			lf_str(o, v[i] ? v[i] : "", fl, ESC_HDR);
		else if (v[i] != NULL)
			lf_put_esc(o, v[i], ESC_HDR);
	}
	if (!list)
		lf_putc(o, '}');
}

static bool
lf_http(struct lf_out *o, enum lf_var v, const struct log_rec *r,
    unsigned fl)
{
	switch (v) {
	case LV_r:
		lf_str(o, r->reqline ? r->reqline : "<BADREQ>", fl, ESC_URL);
		return true;
	case LV_HM:
	case LV_HU:
	case LV_HP:
	case LV_HPO:
	case LV_HQ:
	case LV_HV:
		lf_reqpart(o, v, r->reqline, fl);
		return true;
	case LV_CC:
		lf_str(o, r->cookie_req, fl, ESC_HDR);
		return true;
	case LV_CS:
		lf_str(o, r->cookie_res, fl, ESC_HDR);
		return true;
	case LV_hr:
	case LV_hrl:
		lf_caps(o, r->cap_req, r->ncap_req, v == LV_hrl, fl);
		return true;
	case LV_hs:
	case LV_hsl:
		lf_caps(o, r->cap_res, r->ncap_res, v == LV_hsl, fl);
		return true;
	default:
		return false;
	}
}

static bool
lf_names(struct lf_out *o, enum lf_var v, const struct log_rec *r,
    unsigned fl)
{
	switch (v) {
	case LV_f:
	case LV_ft:
		lf_str(o, r->fe_name, fl, ESC_NONE);
		return true;
	case LV_b:
		lf_str(o, r->be_name ? r->be_name : r->fe_name, fl, ESC_NONE);
		return true;
	case LV_s:
		lf_str(o, r->srv_name ? r->srv_name : "<NOSRV>", fl, ESC_NONE);
		return true;
	case LV_tsc:
	case LV_ts:
		lf_putn(o, r->term, strnlen(r->term, v == LV_ts ? 2 : 4));
		return true;
	case LV_H:
		lf_str(o, r->hostname, fl, ESC_NONE);
		return true;
	case LV_ID:
		/* An empty id (its samples without a value) is absent. */
		lf_str(o, r->unique_id != NULL && *r->unique_id != '\0' ?
		    r->unique_id : NULL, fl, ESC_NONE);
		return true;
	default:
		return false;
	}
}

/* A sample: evaluated for the record's environment (compiled once, at
 * log_fmt_compile); no value, or an empty one, is an absent string, as
 * HAProxy 2.6 logs it.  HTTP (LOG_FMT_C_HTTP): the value as HTTP rules
 * write it, its control bytes as %XX, nothing when absent, no quotes. */
static void
lf_sample(struct lf_out *o, const struct sample_expr *x,
    const struct log_rec *r, unsigned fl, bool http)
{
	char		b[LOG_FMT_SAMPLE_MAX], enc[3 * LOG_FMT_SAMPLE_MAX + 1];
	struct fmt_out	e = { enc, sizeof(enc), 0 };
	long		n;

	n = x == NULL || r->env == NULL ? -1 :
	    sample_eval(x, r->env, b, sizeof(b));
	if (!http) {
		lf_str(o, n > 0 ? b : NULL, fl, ESC_NONE);
		return;
	}
	if (n > 0)
		fmt_put_encoded(&e, b, (size_t)n);	/* as HTTP rules */
	lf_putn(o, enc, e.len);
}

/* Render variable V; FL are its effective flags. */
static void
lf_render_var(struct lf_out *o, enum lf_var v, const struct log_rec *r,
    unsigned fl)
{
	if (lf_dates(o, v, r, fl) || lf_addrs(o, v, r, fl) ||
	    lf_timers(o, v, r, fl) || lf_counters(o, v, r, fl) ||
	    lf_http(o, v, r, fl) || lf_names(o, v, r, fl))
		return;
	/* %Tl, %Tu, %sslc, %sslv: no TLS and no such timers here. */
	lf_str(o, NULL, fl, ESC_NONE);
}

/* ------------------------------------------------------------------ */
/* The walk */

/* The flags "+Q,-X" of S[0..N): updates *FL. */
static void
lf_parse_flags(const char *s, size_t n, unsigned *fl)
{
	const char	*e = s + n;
	bool		 add = true;

	for (; s < e; s++) {
		unsigned	bit = *s == 'Q' ? LF_Q : *s == 'X' ? LF_X :
				    *s == 'E' ? LF_E : 0;

		if (*s == '+' || *s == '-')
			add = *s == '+';
		else if (add)
			*fl |= bit;
		else
			*fl &= ~bit;
	}
}

static bool
lf_lookup(const char *w, size_t n, enum lf_var *v)
{
	size_t	i;

	for (i = 0; n > 0 && i < nitems(lf_vars); i++)
		if (lf_vars[i].name[0] == w[0] &&
		    strncmp(lf_vars[i].name, w, n) == 0 &&
		    lf_vars[i].name[n] == '\0') {
			*v = lf_vars[i].v;
			return true;
		}
	return false;
}

/* Append an item to F (room was reserved by log_fmt_compile). */
static void
lf_add(struct log_fmt *f, enum lf_kind k, enum lf_var v, unsigned fl,
    const char *s, size_t len)
{
	struct lf_item	*it = &f->v[f->n++];

	it->kind = k;
	it->v = v;
	it->fl = fl;
	it->s = s;
	it->len = len;
	it->x = NULL;
	if (k == LI_VAR && (v == LV_bi || v == LV_bp))
		f->needs |= LOG_FMT_NEED_BKADDR;
}

/* Literal text S[0..N): a run of spaces is one separator. */
static void
lf_compile_lit(struct log_fmt *f, const char *s, size_t n)
{
	const char	*e = s + n, *b;

	while (s < e) {
		if (*s == ' ') {
			while (s < e && *s == ' ')
				s++;
			lf_add(f, LI_SEP, LV_NONE, 0, NULL, 0);
			continue;
		}
		for (b = s; s < e && *s != ' '; s++)
			continue;
		lf_add(f, LI_LIT, LV_NONE, 0, b, (size_t)(s - b));
	}
}

/* The sample EXPR[0..N) as the last item of F, compiled against CFG.
 * One hapx cannot run is kept: it has no value.  False when out of
 * memory. */
static bool
lf_compile_smp(struct log_fmt *f, const char *expr, size_t n, unsigned fl,
    const struct config *cfg)
{
	struct sample_expr	*x;

	if ((x = malloc(sizeof(*x))) == NULL)
		return false;
	(void)sample_compile(x, expr, n, cfg);
	lf_add(f, LI_VAR, LV_SMP, fl, NULL, 0);
	f->v[f->n - 1].x = x;
	return true;
}

/*
 * Token T of S (LEN bytes; model/fmt_lex.c's syntax, which the checker
 * read).  GFL: the flags set by %o.  What the checker refuses renders
 * as nothing; an unclosed '{' or '[' ends the format (*POS = LEN).
 * False when out of memory.
 */
static bool
lf_compile_tok(struct log_fmt *f, const char *s, size_t len, size_t *pos,
    const struct fmt_tok *t, unsigned *gfl, const struct config *cfg)
{
	unsigned	 fl = *gfl;
	enum lf_var	 v;

	switch (t->kind) {
	case FT_LIT:
		lf_compile_lit(f, s + t->off, t->len);
		return true;
	case FT_PCT:
		lf_add(f, LI_LIT, LV_NONE, 0, s + t->off, 1);
		return true;
	case FT_SMP:
		lf_parse_flags(s + t->flags_off, t->flags_len, &fl);
		return lf_compile_smp(f, s + t->name_off, t->name_len, fl,
		    cfg);
	case FT_VAR:
		lf_parse_flags(s + t->flags_off, t->flags_len, &fl);
		if (!lf_lookup(s + t->name_off, t->name_len, &v))
			return true;	/* unknown: renders as nothing */
		if (v == LV_o)
			*gfl = fl;
		else
			lf_add(f, LI_VAR, v, fl, NULL, 0);
		return true;
	case FT_BAD:
		if (t->bad == FB_NO_BRACKET) {
			lf_parse_flags(s + t->flags_off, t->flags_len, &fl);
			lf_add(f, LI_VAR, LV_NONE, fl, NULL, 0);
			*pos = len;
		} else if (t->bad == FB_FLAGS_OPEN)
			*pos = len;
		return true;
	}
	return true;
}

/* Compile a log-format string (see log_fmt.h). */
struct log_fmt *
log_fmt_compile(const char *fmt, const struct config *cfg, unsigned opts)
{
	size_t		 len = strlen(fmt);
	struct log_fmt	*f;
	char		*copy;
	struct fmt_tok	 tok;
	size_t		 pos;
	unsigned	 gfl = 0;

	/* Every item takes at least one byte of the string. */
	f = malloc(sizeof(*f) + (len + 1) * sizeof(f->v[0]) + len + 1);
	if (f == NULL)
		return NULL;
	f->n = 0;
	f->needs = 0;
	f->opts = opts;
	copy = (char *)&f->v[len + 1];
	memcpy(copy, fmt, len + 1);
	for (pos = 0; fmt_lex_next(copy, len, &pos, &tok);)
		if (!lf_compile_tok(f, copy, len, &pos, &tok, &gfl, cfg)) {
			log_fmt_free(f);
			return NULL;
		}
	return f;
}

void
log_fmt_free(struct log_fmt *f)
{
	unsigned	i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		free(f->v[i].x);
	free(f);
}

unsigned
log_fmt_needs(const struct log_fmt *f)
{
	return f != NULL ? f->needs : 0;
}

/* Render a compiled log-format for a record (see log_fmt.h).  A run of
 * spaces is written only after something that is not a separator. */
size_t
log_fmt_run(const struct log_fmt *f, const struct log_rec *r, char *out,
    size_t outlen)
{
	struct lf_out		 o = { out, 0, outlen, true };
	const struct lf_item	*it, *end;

	if (outlen == 0)
		return 0;
	for (it = f->v, end = f->v + f->n; it < end; it++) {
		switch (it->kind) {
		case LI_LIT:
			lf_putn(&o, it->s, it->len);
			break;
		case LI_SEP:
			if (!o.last_sp) {
				lf_putc(&o, ' ');
				o.last_sp = true;
			}
			break;
		case LI_VAR:
			if (it->v == LV_SMP)
				lf_sample(&o, it->x, r, it->fl,
				    (f->opts & LOG_FMT_C_HTTP) != 0);
			else
				lf_render_var(&o, it->v, r, it->fl);
			break;
		}
	}
	out[o.len] = '\0';
	return o.len;
}

/* Compile, render, free: for one-off formats (see log_fmt.h). */
size_t
log_fmt_render(const char *fmt, const struct log_rec *r, char *out,
    size_t outlen)
{
	struct log_fmt	*f;
	size_t		 n;

	if (outlen == 0)
		return 0;
	if ((f = log_fmt_compile(fmt, NULL, 0)) == NULL) {
		out[0] = '\0';
		return 0;
	}
	n = log_fmt_run(f, r, out, outlen);
	log_fmt_free(f);
	return n;
}

/* "IP:PORT" of an address, as the "Connect from" line shows it. */
void
log_fmt_addr(const struct sockaddr_storage *ss, char *out, size_t outlen)
{
	struct lf_out	o = { out, 0, outlen, false };

	if (outlen == 0)
		return;
	lf_ip(&o, ss, 0);
	if (ss->ss_family != AF_UNIX) {
		lf_putn(&o, ":", 1);
		lf_port(&o, ss, 0);
	}
	out[o.len] = '\0';
}

/* ------------------------------------------------------------------ */
/* Syslog headers */

/* "2026-11-25T18:55:53.746209+00:00": local time with its offset. */
static void
lf_iso_date(const struct timeval *tv, char *out, size_t outlen)
{
	const struct tm	*tm = &lf_tcache(tv->tv_sec, false)->tm;
	long		 off;

	off = tm->tm_gmtoff / 60;
	snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d.%06d"
	    "%c%02d:%02d", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday,
	    tm->tm_hour, tm->tm_min, tm->tm_sec, (int)(tv->tv_usec % 1000000),
	    off < 0 ? '-' : '+', (int)(labs(off) / 60 % 24),
	    (int)(labs(off) % 60));
}

/* The syslog header of one line; see log_fmt.h. */
size_t
log_fmt_header(int fmt, int pri, const struct log_hdr *c, char *out,
    size_t outlen)
{
	enum log_format	 f = (enum log_format)fmt;
	const struct tm	*tm = &lf_tcache(c->tv.tv_sec, false)->tm;
	char		 iso[96];
	int		 n = 0;

	switch (f) {
	case LOG_FMT_RAW:
		out[0] = '\0';
		break;
	case LOG_FMT_SHORT:
	case LOG_FMT_PRIORITY:
		n = snprintf(out, outlen, "<%d>", f == LOG_FMT_SHORT ?
		    pri & 7 : pri);
		break;
	case LOG_FMT_TIMED:
	case LOG_FMT_ISO:
		lf_iso_date(&c->tv, iso, sizeof(iso));
		n = f == LOG_FMT_TIMED ? snprintf(out, outlen, "<%d>%s ",
		    pri & 7, iso) : snprintf(out, outlen, "%s ", iso);
		break;
	case LOG_FMT_RFC5424:
		lf_iso_date(&c->tv, iso, sizeof(iso));
		n = snprintf(out, outlen, "<%d>1 %s %s %s %ld - - ", pri, iso,
		    c->host ? c->host : "-", c->tag, c->pid);
		break;
	default:	/* rfc3164; "local" never names the host */
		n = snprintf(out, outlen, "<%d>%s %2d %02d:%02d:%02d "
		    "%s%s%s[%ld]: ", pri, lf_months[tm->tm_mon], tm->tm_mday,
		    tm->tm_hour, tm->tm_min, tm->tm_sec,
		    f != LOG_FMT_LOCAL && c->host ? c->host : "",
		    f != LOG_FMT_LOCAL && c->host ? " " : "", c->tag, c->pid);
		break;
	}
	return n < 0 ? 0 : (size_t)n >= outlen ? outlen - 1 : (size_t)n;
}
