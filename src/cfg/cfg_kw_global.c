/*
 * cfg_kw_global: the rows and handlers of the "global" section (HAProxy
 * 2.6 doc §3.1-3.3) and the "log" target parser shared with the proxies
 * (§10.1 of the spec).  The "userlist" section is in cfg_kw_userlist.c.
 * Handlers write into cfg->global; they never print and never touch
 * other sections.  Where HAProxy keeps the first of two conflicting lines
 * ("already specified. Continuing.") we keep the first too, and say so in
 * a warning.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "cfg/cfg_load.h"

#include "base/diag_codes.h"
#include "base/nitems.h"

static struct global_conf *
glob(struct cfg_ctx *ctx)
{
	return &ctx->cfg->global;
}

/* The typed field of global_conf the current row points at. */
static void *
glob_field(struct cfg_ctx *ctx)
{
	return (char *)glob(ctx) + ctx->kw->offset;
}

/* An integer in [MIN, MAX]; errors name the keyword KW. */
static int
g_uint(struct cfg_ctx *ctx, const char *kw, const struct cfg_arg *a,
    unsigned long min, unsigned long max, uint32_t *out)
{
	char		 err[256];
	unsigned long	 v;
	size_t		 n = strspn(a->s, "0123456789");

	if (cfg_value_uint(a->s, min, max, &v, err, sizeof(err)) == 0) {
		*out = (uint32_t)v;
		return 0;
	}
	diag_error(ctx->d, &a->pos, "'%s': %s", kw, err);
	if (n > 0 && a->s[n] != '\0' && a->s[n + 1] == '\0' &&
	    strchr("kKmMgG", a->s[n]) != NULL)
		diag_hint(ctx->d, "'%s' takes a plain number, without a size "
		    "suffix (HAProxy would silently read '%s' as %.*s)", kw,
		    a->s, (int)n, a->s);
	else
		diag_hint(ctx->d, "expected an integer from %lu to %lu", min,
		    max);
	return -1;
}

/* A time (bare number = milliseconds); errors name the keyword KW. */
static int
g_time(struct cfg_ctx *ctx, const char *kw, const struct cfg_arg *a,
    uint32_t *ms)
{
	char	err[256];

	if (cfg_value_time(a->s, CFG_TU_MS, ms, err, sizeof(err)) == 0)
		return 0;
	diag_error(ctx->d, &a->pos, "'%s': %s", kw, err);
	diag_hint(ctx->d, "write a number with an optional unit: us, ms, s, "
	    "m, h or d (e.g. '30s')");
	return -1;
}

/* A UNIX socket mode: octal digits, at most 07777. */
static int
g_mode(struct cfg_ctx *ctx, const char *kw, const struct cfg_arg *a,
    unsigned *out)
{
	size_t		 n = strspn(a->s, "01234567");
	unsigned long	 v;

	if (n == 0 || a->s[n] != '\0' || n > 5 ||
	    (v = strtoul(a->s, NULL, 8)) > 07777) {
		diag_error(ctx->d, &a->pos, "'%s': invalid mode '%s'", kw,
		    a->s);
		diag_hint(ctx->d, "write the permissions in octal, e.g. "
		    "'660' or '0600'");
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* HAProxy keeps the first of two such lines: warn that this one is
 * ignored.  PREV describes the value kept. */
static void
g_dup_warn(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *prev)
{
	diag_warn(ctx->d, &a->pos, "'%s' is already set to '%s'; this line "
	    "has no effect", ctx->kw->name, prev);
	diag_hint(ctx->d, "HAProxy keeps the first value; remove one of the "
	    "two lines");
}

/* Existence of a system user or group, unless the caller asked not to
 * look at the machine. */
static int
g_check_account(struct cfg_ctx *ctx, const char *kw, const struct cfg_arg *a,
    bool group)
{
	if (ctx->flags & CFG_LOAD_NO_FILES)
		return 0;
	if (group ? getgrnam(a->s) != NULL : getpwnam(a->s) != NULL)
		return 0;
	diag_error(ctx->d, &a->pos, "'%s': unknown %s '%s'", kw,
	    group ? "group" : "user", a->s);
	diag_hint(ctx->d, "create the %s on this machine, or use a numeric "
	    "'%s'", group ? "group" : "user", group ? "gid" : "uid");
	return -1;
}

/* ------------------------------------------------------------------ */
/* Log targets (spec §10.1) */

static const char *const log_facilities[] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6",
	"local7",
};

static const char *const log_levels[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

/* In enum log_format order. */
static const char *const log_formats[] = {
	"rfc3164", "rfc5424", "short", "raw", "priority", "timed", "iso",
	"local",
};

/* Level spellings other tools accept and HAProxy does not. */
static const struct {
	const char	*alias, *level;
} log_level_aliases[] = {
	{ "critical", "crit" }, { "emergency", "emerg" }, { "error", "err" },
	{ "information", "info" }, { "panic", "emerg" }, { "warn", "warning" },
};

#define LOG_SYNTAX	"<target> [len <length>] [format <format>] " \
			"[sample <ranges>:<size>] <facility> [<level> " \
			"[<minlevel>]]"

static int
log_level(struct cfg_ctx *ctx, const struct cfg_arg *a, const char *what)
{
	size_t	i;

	for (i = 0; i < nitems(log_levels); i++)
		if (strcmp(a->s, log_levels[i]) == 0)
			return (int)i;
	for (i = 0; i < nitems(log_level_aliases); i++)
		if (strcmp(a->s, log_level_aliases[i].alias) == 0) {
			diag_error(ctx->d, &a->pos, "'log': unknown %s '%s'",
			    what, a->s);
			diag_hint(ctx->d, "did you mean '%s'?",
			    log_level_aliases[i].level);
			return -1;
		}
	return cfg_arg_word(ctx, a, "log", what, log_levels,
	    nitems(log_levels));
}

/* One "N" or "N-M" element of a sample range list; updates *HI. */
static int
log_sample_range(const char *s, size_t len, unsigned *hi)
{
	char		 buf[32], *dash, *end;
	unsigned long	 lo, up;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strspn(buf, "0123456789-") != len)
		return -1;
	lo = strtoul(buf, &end, 10);
	up = lo;
	if ((dash = strchr(buf, '-')) != NULL) {
		if (end != dash || dash[1] == '\0')
			return -1;
		up = strtoul(dash + 1, &end, 10);
	}
	if (*end != '\0' || lo == 0 || up < lo || up > INT_MAX)
		return -1;
	if (up > *hi)
		*hi = (unsigned)up;
	return 0;
}

/* "sample RANGES:SIZE", e.g. "1,3-4:5". */
static int
log_sample(struct cfg_ctx *ctx, const struct cfg_arg *a, struct log_conf *out)
{
	const char	*colon = strrchr(a->s, ':'), *p, *e;
	char		 err[256];
	unsigned long	 v;
	unsigned	 hi = 0;
	uint32_t	 size;

	if (colon == NULL) {
		diag_error(ctx->d, &a->pos, "'log': sample '%s' has no size",
		    a->s);
		diag_hint(ctx->d, "write <ranges>:<size>, e.g. '1:2' to send "
		    "one log out of two");
		return -1;
	}
	for (p = a->s; p < colon; p = e + 1) {
		if ((e = memchr(p, ',', (size_t)(colon - p))) == NULL)
			e = colon;
		if (log_sample_range(p, (size_t)(e - p), &hi) < 0) {
			diag_error(ctx->d, &a->pos, "'log': invalid sample "
			    "range '%.*s'", (int)(e - p), p);
			diag_hint(ctx->d, "ranges are numbers or 'N-M' from 1 "
			    "up, separated by commas, e.g. '1,3-4:5'");
			return -1;
		}
	}
	if (cfg_value_uint(colon + 1, 1, INT_MAX, &v, err, sizeof(err)) < 0) {
		diag_error(ctx->d, &a->pos, "'log': invalid sample size '%s': "
		    "%s", colon + 1, err);
		return -1;
	}
	size = (uint32_t)v;
	if (size < hi) {
		diag_error(ctx->d, &a->pos, "'log': sample size %u is smaller "
		    "than the highest range limit %u", size, hi);
		diag_hint(ctx->d, "the size is the period the ranges select "
		    "from: use at least %u", hi);
		return -1;
	}
	out->sample_ranges = arena_strndup(&ctx->cfg->arena, a->s,
	    (size_t)(colon - a->s));
	out->sample_size = size;
	return 0;
}

/* The optional "len", "format" and "sample", in HAProxy's fixed order. */
static int
log_options(struct cfg_ctx *ctx, const struct cfg_line *l, size_t *ip,
    struct log_conf *out)
{
	static const char *const order[] = { "len", "format", "sample" };
	size_t			 i = *ip, k;
	int			 f;

	for (k = 0; k < nitems(order) && i < l->nargs; k++) {
		const struct cfg_arg	*v = &l->args[i + 1];

		if (strcmp(l->args[i].s, order[k]) != 0)
			continue;
		if (i + 1 >= l->nargs) {
			diag_error(ctx->d, &l->args[i].pos, "'log': '%s' "
			    "expects a value", order[k]);
			diag_hint(ctx->d, "syntax: log %s", LOG_SYNTAX);
			return -1;
		}
		if (k == 0 && g_uint(ctx, "log len", v, 80, 65535,
		    &out->maxlen) < 0)
			return -1;
		if (k == 1) {
			if ((f = cfg_arg_word(ctx, v, "log", "log format",
			    log_formats, nitems(log_formats))) < 0)
				return -1;
			out->format = (enum log_format)f;
		}
		if (k == 2 && log_sample(ctx, v, out) < 0)
			return -1;
		i += 2;
	}
	for (k = 0; i < l->nargs && k < nitems(order); k++)
		if (strcmp(l->args[i].s, order[k]) == 0) {
			diag_error(ctx->d, &l->args[i].pos, "'log': '%s' is "
			    "out of place", order[k]);
			diag_hint(ctx->d, "HAProxy takes 'len', 'format' and "
			    "'sample' once each, in that order, before the "
			    "facility: log %s", LOG_SYNTAX);
			return -1;
		}
	*ip = i;
	return 0;
}

/* The target, with the forms hapx cannot send to explained. */
static int
log_target(struct cfg_ctx *ctx, const struct cfg_arg *a, struct log_conf *out)
{
	if (strcmp(a->s, "global") == 0) {
		diag_error(ctx->d, &a->pos, "'log global' is not allowed in "
		    "the global section");
		diag_hint(ctx->d, "'log global' makes a proxy use the global "
		    "log targets; here, name a target such as "
		    "'log 127.0.0.1:514 local0'");
		return -1;
	}
	if (cfg_arg_addr(ctx, a, ADDR_USE_LOG, &out->addr) < 0) {
		if (strncmp(a->s, "ring@", 5) == 0)
			diag_hint(ctx->d, "hapx has no 'ring' sections; send "
			    "the logs to a syslog server over UDP or a UNIX "
			    "socket");
		else if (strncmp(a->s, "tcp", 3) == 0 && strchr(a->s, '@'))
			diag_hint(ctx->d, "hapx sends logs over UDP or a UNIX "
			    "datagram socket only");
		else
			diag_hint(ctx->d, "log targets are 'HOST[:PORT]' (UDP, "
			    "port 514 by default), '/path' or 'unix@/path' "
			    "(UNIX datagram), 'stdout', 'stderr' or 'fd@N'");
		return -1;
	}
	return 0;
}

/*
 * Parse "TARGET [len N] [format F] [sample R:S] FACILITY [LEVEL [MINLEVEL]]"
 * from ARGS[FROM] into OUT (defaults: level debug, format rfc3164, len
 * 1024).  Returns 0, or -1 after reporting to ctx->d.  "log global" and
 * "no log" are the caller's business.
 */
int
cfg_log_parse(struct cfg_ctx *ctx, const struct cfg_line *l, size_t from,
    struct log_conf *out)
{
	size_t	i = from + 1;
	int	v;

	memset(out, 0, sizeof(*out));
	out->level = 7;
	out->format = LOG_FMT_RFC3164;
	out->maxlen = 1024;
	if (from >= l->nargs) {
		diag_error(ctx->d, &l->args[l->nargs - 1].pos, "'log' expects "
		    "a target and a facility");
		diag_hint(ctx->d, "syntax: log %s", LOG_SYNTAX);
		return -1;
	}
	out->pos = l->args[from].pos;
	if (log_target(ctx, &l->args[from], out) < 0 ||
	    log_options(ctx, l, &i, out) < 0)
		return -1;
	if (i >= l->nargs) {
		diag_error(ctx->d, &l->args[i - 1].pos, "'log' needs a "
		    "facility after '%s'", l->args[i - 1].s);
		diag_hint(ctx->d, "syntax: log %s (e.g. 'local0')", LOG_SYNTAX);
		return -1;
	}
	if ((v = cfg_arg_word(ctx, &l->args[i], "log", "log facility",
	    log_facilities, nitems(log_facilities))) < 0)
		return -1;
	out->facility = v;
	if (++i < l->nargs) {
		if ((v = log_level(ctx, &l->args[i], "log level")) < 0)
			return -1;
		out->level = v;
	}
	if (i < l->nargs && ++i < l->nargs) {
		if ((v = log_level(ctx, &l->args[i], "minimum log level")) < 0)
			return -1;
		out->minlevel = v;
	}
	if (i < l->nargs && ++i < l->nargs) {
		diag_error(ctx->d, &l->args[i].pos, "too many arguments for "
		    "'log': unexpected '%s'", l->args[i].s);
		diag_hint(ctx->d, "syntax: log %s", LOG_SYNTAX);
		return -1;
	}
	return 0;
}

/* "log ..." and "no log" in the global section. */
static int
kw_log(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct global_conf	*g = glob(ctx);
	struct log_conf		 lc;

	(void)d;
	if (ctx->reset) {
		diag_error(ctx->d, &l->args[0].pos, "'default log' has no "
		    "meaning in the global section");
		diag_hint(ctx->d, "use 'no log' to drop the log targets "
		    "declared before this line");
		return -1;
	}
	if (ctx->negate) {
		if (ctx->argi < l->nargs) {
			diag_error(ctx->d, &l->args[ctx->argi].pos, "'no log' "
			    "takes no arguments");
			diag_hint(ctx->d, "'no log' drops every log target "
			    "declared before it");
			return -1;
		}
		g->logs.n = 0;
		return 0;
	}
	if (cfg_log_parse(ctx, l, ctx->argi, &lc) < 0)
		return -1;
	*CFG_VEC_PUSH(&ctx->cfg->arena, g->logs) = lc;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Process settings */

/* Boolean settings; "no X" (negatable rows only) and "default X" clear
 * them, since every one of them is off by default. */
static int
g_flag(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)l;
	(void)d;
	*(bool *)glob_field(ctx) = !ctx->negate && !ctx->reset;
	return 0;
}

/* "master-worker [no-exit-on-failure]": run as a master (mworker.c),
 * as -W does; with the option the master stays up when its worker
 * fails. */
static int
kw_master_worker(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	const struct cfg_arg	*a;

	glob(ctx)->master_worker = true;
	if (ctx->argi >= l->nargs)
		return 0;
	a = &l->args[ctx->argi];
	if (strcmp(a->s, "no-exit-on-failure") != 0) {
		diag_error(d, &a->pos, "'master-worker' only takes "
		    "'no-exit-on-failure', not '%s'", a->s);
		return -1;
	}
	glob(ctx)->mworker_no_exit_on_failure = true;
	return 0;
}

/* strict-limits is on by default in 2.6; only "no strict-limits" acts. */
static int
kw_strict_limits(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	(void)l;
	(void)d;
	glob(ctx)->no_strict_limits = ctx->negate;
	return 0;
}

/* A number that HAProxy sets once: a second line only warns.  UNSET is
 * the field's "not set" value. */
static int
g_u32_once(struct cfg_ctx *ctx, const struct cfg_line *l, unsigned long min,
    unsigned long max, uint32_t unset)
{
	uint32_t		*p = glob_field(ctx), v;
	const struct cfg_arg	*a = &l->args[ctx->argi];
	char			 prev[16];

	if (g_uint(ctx, ctx->kw->name, a, min, max, &v) < 0)
		return -1;
	if (*p != unset) {
		snprintf(prev, sizeof(prev), "%u", *p);
		g_dup_warn(ctx, a, prev);
		return 0;
	}
	*p = v;
	return 0;
}

/* A number where the last line wins. */
static int
g_u32(struct cfg_ctx *ctx, const struct cfg_line *l, unsigned long min,
    unsigned long max)
{
	return g_uint(ctx, ctx->kw->name, &l->args[ctx->argi], min, max,
	    glob_field(ctx));
}

/* maxconn, maxconnrate, maxpipes, ulimit-n: CFG_UNSET until set. */
static int
kw_once_unset(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	return g_u32_once(ctx, l, 0, INT_MAX, CFG_UNSET);
}

/* maxsessrate, fd-hard-limit, tune.rcvbuf.*, tune.sndbuf.*: 0 until set. */
static int
kw_once_zero(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	return g_u32_once(ctx, l, 0, INT_MAX, 0);
}

/* Positive sizes and counts where the last line wins. */
static int
kw_positive(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	return g_u32(ctx, l, 1, INT_MAX);
}

static int
kw_spread_checks(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	(void)d;
	return g_u32_once(ctx, l, 0, 50, 0);
}

/* hapx's engine runs one event loop thread: more is said, not ignored. */
static int
kw_nbthread(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];

	(void)d;
	if (g_u32(ctx, l, 1, 64) < 0)
		return -1;
	if (glob(ctx)->nbthread > 1) {
		diag_warn(ctx->d, &a->pos, "hapx runs one thread: "
		    "'nbthread %u' is treated as 'nbthread 1'",
		    glob(ctx)->nbthread);
		diag_hint(ctx->d, "remove 'nbthread' (one hapx thread "
		    "serves all connections)");
		/* hapx's limit, not a mistake HAProxy would report. */
		diag_code(ctx->d, LINT_IGNORED);
	}
	return 0;
}

static int
kw_http_maxhdr(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	uint32_t		 n;

	/* hapx parses into a fixed table of 100 header lines. */
	if (g_uint(ctx, "tune.http.maxhdr", a, 1, 32767, &n) < 0)
		return -1;
	if (n > 101) {
		diag_error(d, &a->pos, "'tune.http.maxhdr': hapx takes at most "
		    "101 (100 header lines), not %u", n);
		diag_hint(d, "use 101 or less; HAProxy's default is 101");
		return -1;
	}
	return g_u32(ctx, l, 1, 32767);
}

/* 1.x multi-process mode: hapx runs one process (threads instead). */
static int
kw_nbproc(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	uint32_t		 n;

	(void)d;
	if (g_uint(ctx, "nbproc", a, 1, 64, &n) < 0)
		return -1;
	glob(ctx)->nbproc = n;
	if (n > 1) {
		diag_warn(ctx->d, &a->pos, "hapx runs a single process: "
		    "'nbproc %u' is treated as 'nbproc 1'", n);
		diag_hint(ctx->d, "remove 'nbproc': one hapx process and "
		    "thread serves all connections");
	}
	return 0;
}

/* Times where the last line wins. */
static int
kw_time(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	return g_time(ctx, ctx->kw->name, &l->args[ctx->argi],
	    glob_field(ctx));
}

/* close-spread-time: a time, or "infinite" (stored as UINT32_MAX). */
static int
kw_close_spread(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	(void)d;
	if (strcmp(l->args[ctx->argi].s, "infinite") == 0) {
		glob(ctx)->close_spread_ms = UINT32_MAX;
		return 0;
	}
	return kw_time(ctx, l, d);
}

/* tune.maxaccept: -1 (no limit, stored as INT_MAX) or 0..INT_MAX. */
static int
kw_maxaccept(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	struct global_conf	*g = glob(ctx);
	char			 prev[16];
	uint32_t		 v = INT_MAX;

	(void)d;
	if (strcmp(a->s, "-1") != 0 &&
	    g_uint(ctx, "tune.maxaccept", a, 0, INT_MAX, &v) < 0) {
		diag_hint(ctx->d, "use -1 for no limit");
		return -1;
	}
	if (g->tune_maxaccept != CFG_UNSET) {
		snprintf(prev, sizeof(prev), "%d", g->tune_maxaccept ==
		    INT_MAX ? -1 : (int)g->tune_maxaccept);
		g_dup_warn(ctx, a, prev);
		return 0;
	}
	g->tune_maxaccept = v;
	return 0;
}

/* HAProxy silently caps maxrewrite to half of bufsize: say so, whichever
 * of the two lines comes last. */
static void
g_check_rewrite(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	struct global_conf	*g = glob(ctx);

	if (g->tune_bufsize == CFG_UNSET || g->tune_maxrewrite == CFG_UNSET ||
	    g->tune_maxrewrite <= g->tune_bufsize / 2)
		return;
	diag_warn(ctx->d, &a->pos, "tune.maxrewrite (%u) is more than half "
	    "of tune.bufsize (%u); it is lowered to %u", g->tune_maxrewrite,
	    g->tune_bufsize, g->tune_bufsize / 2);
	diag_hint(ctx->d, "the rewrite reserve must leave room for the "
	    "message itself; the usual value is 1024 with a 16384 buffer");
}

static int
kw_bufsize(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	if (g_u32(ctx, l, 1024, INT_MAX) < 0)
		return -1;
	g_check_rewrite(ctx, &l->args[ctx->argi]);
	return 0;
}

static int
kw_maxrewrite(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	if (g_u32(ctx, l, 0, INT_MAX) < 0)
		return -1;
	g_check_rewrite(ctx, &l->args[ctx->argi]);
	return 0;
}

/* cookielen / logurilen: any length. */
static int
kw_length(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	return g_u32(ctx, l, 0, INT_MAX - 1);
}

/* chroot, pidfile: HAProxy keeps the first. */
static int
kw_path_once(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const char		**p = glob_field(ctx);
	const struct cfg_arg	 *a = &l->args[ctx->argi];

	(void)d;
	if (*p != NULL) {
		g_dup_warn(ctx, a, *p);
		return 0;
	}
	*p = cfg_arg_dup(ctx, a);
	return 0;
}

static int
kw_string(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	(void)d;
	*(const char **)glob_field(ctx) = cfg_arg_dup(ctx,
	    &l->args[ctx->argi]);
	return 0;
}

/* user/uid and group/gid: one of each pair, the first one wins. */
static bool
g_account_set(struct cfg_ctx *ctx, const struct cfg_arg *a, bool group)
{
	struct global_conf	*g = glob(ctx);
	const char		*name = group ? g->group : g->user;
	long			 id = group ? g->gid : g->uid;
	char			 prev[32];

	if (name == NULL && id < 0)
		return false;
	if (name == NULL)
		snprintf(prev, sizeof(prev), "%ld", id);
	diag_warn(ctx->d, &a->pos, "the %s is already set to '%s' by '%s'; "
	    "this line has no effect", group ? "group" : "user",
	    name != NULL ? name : prev, name != NULL ? (group ? "group" :
	    "user") : (group ? "gid" : "uid"));
	diag_hint(ctx->d, "HAProxy keeps the first of 'user' and 'uid' "
	    "(or 'group' and 'gid'); remove one of the two lines");
	return true;
}

/* "user NAME" / "group NAME": existence is checked by cfg_xref.c. */
static int
kw_account(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct global_conf	*g = glob(ctx);
	const struct cfg_arg	*a = &l->args[ctx->argi];
	bool			 group = ctx->kw->name[0] == 'g';

	(void)d;
	if (g_account_set(ctx, a, group))
		return 0;
	if (group) {
		g->group = cfg_arg_dup(ctx, a);
		g->group_pos = a->pos;
	} else {
		g->user = cfg_arg_dup(ctx, a);
		g->user_pos = a->pos;
	}
	return 0;
}

/* "uid N" / "gid N": HAProxy only warns on a non-number; we refuse. */
static int
kw_account_id(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct global_conf	*g = glob(ctx);
	const struct cfg_arg	*a = &l->args[ctx->argi];
	bool			 group = ctx->kw->name[0] == 'g';
	uint32_t		 id;

	(void)d;
	if (g_uint(ctx, ctx->kw->name, a, 0, INT_MAX, &id) < 0) {
		diag_hint(ctx->d, "for a name, write '%s %s' instead",
		    group ? "group" : "user", a->s);
		return -1;
	}
	if (g_account_set(ctx, a, group))
		return 0;
	if (group)
		g->gid = id;
	else
		g->uid = id;
	return 0;
}

/* description: the words joined with single spaces, as HAProxy does. */
static int
kw_description(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	size_t	i, len = 0;
	char	*s;

	(void)d;
	for (i = ctx->argi; i < l->nargs; i++)
		len += l->args[i].len + 1;
	s = arena_alloc(&ctx->cfg->arena, len + 1);
	for (i = ctx->argi; i < l->nargs; i++) {
		if (i > ctx->argi)
			strcat(s, " ");
		strncat(s, l->args[i].s, l->args[i].len);
	}
	glob(ctx)->description = s;
	return 0;
}

static int
kw_node(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	size_t			 n = strspn(a->s, "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

	(void)d;
	if (n != a->len) {
		struct cfg_pos	pos = a->pos;

		if (a->len == a->pos.len && !(a->flags & CFG_A_QUOTED)) {
			pos.col += (unsigned)n;
			pos.len = 1;
		}
		diag_error(ctx->d, &pos, "'node': invalid character in node "
		    "name '%s'", a->s);
		diag_hint(ctx->d, "a node name uses letters, digits, '.', '-' "
		    "and '_'");
		return -1;
	}
	glob(ctx)->node = cfg_arg_dup(ctx, a);
	return 0;
}

/* log-send-hostname [NAME]: without NAME, the system's host name. */
static int
kw_log_send_hostname(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	struct global_conf	*g = glob(ctx);
	bool			 has = ctx->argi < l->nargs;

	(void)d;
	if (g->log_send_hostname_set) {
		g_dup_warn(ctx, &l->args[has ? ctx->argi : 0],
		    g->log_send_hostname[0] != '\0' ?
		    g->log_send_hostname : "(the host name)");
		return 0;
	}
	g->log_send_hostname = has ? cfg_arg_dup(ctx, &l->args[ctx->argi]) :
	    "";
	g->log_send_hostname_set = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* stats socket / unix-bind */

typedef int stats_opt_fn(struct cfg_ctx *, const struct cfg_arg *,
    struct stats_socket_conf *);

static int
so_level(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	static const char *const levels[] = { "user", "operator", "admin" };
	int			 i;

	if ((i = cfg_arg_word(ctx, v, "stats socket", "level", levels,
	    nitems(levels))) < 0)
		return -1;
	s->level = levels[i];
	return 0;
}

static int
so_severity(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	static const char *const fmts[] = { "none", "number", "string" };
	int			 i;

	if ((i = cfg_arg_word(ctx, v, "stats socket", "severity-output", fmts,
	    nitems(fmts))) < 0)
		return -1;
	s->severity_output = fmts[i];
	return 0;
}

static int
so_expose_fd(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	static const char *const what[] = { "listeners" };

	if (cfg_arg_word(ctx, v, "stats socket", "expose-fd value", what,
	    nitems(what)) < 0)
		return -1;
	s->expose_fd_listeners = true;
	return 0;
}

static int
so_mode(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	return g_mode(ctx, "stats socket mode", v, &s->mode);
}

static int
so_id(struct cfg_ctx *ctx, const struct cfg_arg *v, long *out,
    const char *what)
{
	uint32_t	id;

	if (g_uint(ctx, what, v, 0, INT_MAX, &id) < 0)
		return -1;
	*out = id;
	return 0;
}

static int
so_uid(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	return so_id(ctx, v, &s->uid, "stats socket uid");
}

static int
so_gid(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	return so_id(ctx, v, &s->gid, "stats socket gid");
}

static int
so_user(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	if (g_check_account(ctx, "stats socket", v, false) < 0)
		return -1;
	s->user = cfg_arg_dup(ctx, v);
	return 0;
}

static int
so_group(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	if (g_check_account(ctx, "stats socket", v, true) < 0)
		return -1;
	s->group = cfg_arg_dup(ctx, v);
	return 0;
}

static int
so_name(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	s->name = cfg_arg_dup(ctx, v);
	return 0;
}

static int
so_maxconn(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	return g_uint(ctx, "stats socket maxconn", v, 1, INT_MAX, &s->maxconn);
}

/* A process or thread range: all, odd, even, N or N-M within 1..MAX. */
static bool
so_range_ok(const char *s, size_t n, unsigned long max)
{
	char		 buf[32], *end;
	unsigned long	 lo, hi;

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strcmp(buf, "all") == 0 || strcmp(buf, "odd") == 0 ||
	    strcmp(buf, "even") == 0)
		return true;
	if (!isdigit((unsigned char)buf[0]))
		return false;
	lo = hi = strtoul(buf, &end, 10);
	if (*end == '-' && isdigit((unsigned char)end[1]))
		hi = strtoul(end + 1, &end, 10);
	return *end == '\0' && lo >= 1 && lo <= hi && hi <= max;
}

/* "process P[/T]": as in HAProxy 2.6, only process 1 exists; the option
 * changes nothing, so say so once the value is known to be valid. */
static int
so_process(struct cfg_ctx *ctx, const struct cfg_arg *v,
    struct stats_socket_conf *s)
{
	const char	*slash = strchr(v->s, '/');
	size_t		 n = slash ? (size_t)(slash - v->s) : v->len;

	(void)s;
	if (!so_range_ok(v->s, n, 1) || (slash != NULL &&
	    !so_range_ok(slash + 1, strlen(slash + 1), 64))) {
		diag_error(ctx->d, &v->pos, "'stats socket': invalid process "
		    "set '%s': hapx runs a single process", v->s);
		diag_hint(ctx->d, "HAProxy 2.6 refuses it too; remove "
		    "'process %s' (or write 'process 1')", v->s);
		return -1;
	}
	diag_warn(ctx->d, &v->pos, "'stats socket' option 'process' has no "
	    "effect in hapx");
	diag_hint(ctx->d, "hapx runs a single process; remove it");
	return 0;
}

/* The bind options that make sense on the CLI socket; sorted. */
static const struct {
	const char	*name;
	stats_opt_fn	*parse;		/* NULL: ignored, with WHY */
	const char	*why;
} stats_opts[] = {
	{ "expose-fd",		so_expose_fd, NULL },
	{ "gid",		so_gid, NULL },
	{ "group",		so_group, NULL },
	{ "level",		so_level, NULL },
	{ "maxconn",		so_maxconn, NULL },
	{ "mode",		so_mode, NULL },
	{ "name",		so_name, NULL },
	{ "process",		so_process, NULL },
	{ "severity-output",	so_severity, NULL },
	{ "thread",		NULL, "hapx does not pin sockets to threads" },
	{ "uid",		so_uid, NULL },
	{ "user",		so_user, NULL },
};

static void
stats_opt_unknown(struct cfg_ctx *ctx, const struct cfg_arg *a)
{
	const char	*names[nitems(stats_opts)], *s;
	size_t		 i;

	for (i = 0; i < nitems(stats_opts); i++)
		names[i] = stats_opts[i].name;
	for (i = 0; i < cfg_bind_opts.nrows; i++)
		if (strcmp(cfg_bind_opts.rows[i].name, a->s) == 0) {
			diag_error(ctx->d, &a->pos, "bind option '%s' is not "
			    "supported on a 'stats socket' by hapx", a->s);
			diag_hint(ctx->d, "a stats socket takes level, mode, "
			    "user, group, uid, gid, name, maxconn, expose-fd "
			    "and severity-output");
			return;
		}
	diag_error(ctx->d, &a->pos, "unknown 'stats socket' option '%s'",
	    a->s);
	if ((s = cfg_kw_suggest(a->s, names, nitems(names))) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
	else
		diag_hint(ctx->d, "a stats socket takes level, mode, user, "
		    "group, uid, gid, name, maxconn, expose-fd and "
		    "severity-output");
}

/* The options after the address; every option takes one value. */
static int
stats_socket_opts(struct cfg_ctx *ctx, const struct cfg_line *l, size_t i,
    struct stats_socket_conf *s)
{
	size_t	k;
	int	rc = 0;

	for (; i < l->nargs; i += 2) {
		const struct cfg_arg	*a = &l->args[i];

		for (k = 0; k < nitems(stats_opts); k++)
			if (strcmp(stats_opts[k].name, a->s) == 0)
				break;
		if (k == nitems(stats_opts)) {
			stats_opt_unknown(ctx, a);
			return -1;
		}
		if (i + 1 >= l->nargs) {
			diag_error(ctx->d, &a->pos, "'stats socket' option "
			    "'%s' expects a value", a->s);
			return -1;
		}
		if (stats_opts[k].parse == NULL) {
			diag_warn(ctx->d, &a->pos, "'stats socket' option "
			    "'%s' has no effect in hapx", a->s);
			diag_hint(ctx->d, "%s", stats_opts[k].why);
		} else if (stats_opts[k].parse(ctx, &l->args[i + 1], s) < 0)
			rc = -1;
	}
	return rc;
}

/* The socket's address: a UNIX path, or an IP:port the CLI listens on. */
static int
stats_socket_addr(struct cfg_ctx *ctx, const struct cfg_arg *a,
    struct addr_spec *addr)
{
	char	err[300];

	if (cfg_arg_addr(ctx, a, ADDR_USE_BIND, addr) < 0) {
		if (a->s[0] != '/' && strchr(a->s, '/') != NULL &&
		    strchr(a->s, '@') == NULL)
			diag_hint(ctx->d, "a UNIX socket path must be absolute "
			    "(start with '/')");
		else
			diag_hint(ctx->d, "use an absolute UNIX socket path or "
			    "'ADDRESS:PORT'");
		return -1;
	}
	if (addr->kind == ADDR_INET && addr->port_lo != addr->port_hi) {
		diag_error(ctx->d, &a->pos, "'stats socket' listens on one "
		    "port, not a range ('%s')", a->s);
		return -1;
	}
	if (addr->kind == ADDR_INET && addr->family == AF_UNSPEC &&
	    !(ctx->flags & CFG_LOAD_NO_RESOLVE) &&
	    addr_resolve(addr, err, sizeof(err)) < 0) {
		diag_error(ctx->d, &a->pos, "'stats socket': %s", err);
		return -1;
	}
	return 0;
}

static int
kw_stats_socket(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	struct global_conf		*g = glob(ctx);
	struct stats_socket_conf	 s, **tail;

	(void)d;
	memset(&s, 0, sizeof(s));
	s.pos = l->args[ctx->argi].pos;
	s.uid = s.gid = -1;
	s.level = "operator";
	if (stats_socket_addr(ctx, &l->args[ctx->argi], &s.addr) < 0 ||
	    stats_socket_opts(ctx, l, ctx->argi + 1, &s) < 0)
		return -1;
	s.set = true;
	if (!g->stats_socket.set) {
		g->stats_socket = s;
		return 0;
	}
	for (tail = &g->stats_socket.next; *tail != NULL;
	    tail = &(*tail)->next)
		;
	*tail = arena_memdup(&ctx->cfg->arena, &s, sizeof(s));
	return 0;
}

static int
kw_stats_timeout(struct cfg_ctx *ctx, const struct cfg_line *l,
    struct diag *d)
{
	const struct cfg_arg	*a = &l->args[ctx->argi];
	uint32_t		 ms;

	(void)d;
	if (g_time(ctx, "stats timeout", a, &ms) < 0)
		return -1;
	if (ms == 0) {
		diag_error(ctx->d, &a->pos, "'stats timeout' must be positive");
		diag_hint(ctx->d, "the default is 10s");
		return -1;
	}
	glob(ctx)->stats_timeout_ms = ms;
	return 0;
}

/* One "unix-bind" option and its value into U. */
static int
unix_bind_opt(struct cfg_ctx *ctx, const struct cfg_arg *o,
    const struct cfg_arg *v, struct unix_bind_conf *u)
{
	static const char *const opts[] = { "prefix", "mode", "uid", "gid",
					    "user", "group" };
	uint32_t		 id;
	int			 k;

	if ((k = cfg_arg_word(ctx, o, "unix-bind", "option", opts,
	    nitems(opts))) < 0)
		return -1;
	switch (k) {
	case 0:
		u->prefix = cfg_arg_dup(ctx, v);
		return 0;
	case 1:
		return g_mode(ctx, "unix-bind mode", v, &u->mode);
	case 2:
	case 3:
		if (g_uint(ctx, k == 2 ? "unix-bind uid" : "unix-bind gid",
		    v, 0, INT_MAX, &id) < 0)
			return -1;
		*(k == 2 ? &u->uid : &u->gid) = id;
		return 0;
	default:
		if (g_check_account(ctx, "unix-bind", v, k == 5) < 0)
			return -1;
		*(k == 4 ? &u->user : &u->group) = cfg_arg_dup(ctx, v);
		return 0;
	}
}

static int
kw_unix_bind(struct cfg_ctx *ctx, const struct cfg_line *l, struct diag *d)
{
	struct unix_bind_conf	*u = &glob(ctx)->unix_bind;
	size_t			 i;
	int			 rc = 0;

	(void)d;
	if (!u->set) {
		u->uid = u->gid = -1;
		u->set = true;
	}
	for (i = ctx->argi; i < l->nargs; i += 2) {
		if (i + 1 >= l->nargs) {
			diag_error(ctx->d, &l->args[i].pos, "'unix-bind': "
			    "option '%s' expects a value", l->args[i].s);
			return -1;
		}
		if (unix_bind_opt(ctx, &l->args[i], &l->args[i + 1], u) < 0)
			rc = -1;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* The table */

#define G		CFG_S_GLOBAL
#define OFF(f)		offsetof(struct global_conf, f)
#define NEG		KW_F_NEGATABLE

#define OK(n, mi, ma, fn, off, syn) \
	{ n, G, mi, ma, fn, off, KW_OK, 0, NULL, NULL, syn }
#define FLAG(n, f) \
	{ n, G, 0, 0, g_flag, OFF(f), KW_OK, 0, NULL, NULL, "" }
#define IGN(n, mi, ma, why, syn) \
	{ n, G, mi, ma, NULL, 0, KW_IGNORED, 0, why, NULL, syn }
#define IGNF(n, mi, ma, fl, why, syn) \
	{ n, G, mi, ma, NULL, 0, KW_IGNORED, fl, why, NULL, syn }
/* Parsed and validated, but changes nothing in hapx (WHY says why). */
#define IGNP(n, mi, ma, fn, off, fl, why, syn) \
	{ n, G, mi, ma, fn, off, KW_IGNORED, fl, why, NULL, syn }
#define FLAGI(n, f, why) \
	{ n, G, 0, 0, g_flag, OFF(f), KW_IGNORED, 0, why, NULL, "" }
#define UNS(n, mi, ma, hint, syn) \
	{ n, G, mi, ma, NULL, 0, KW_UNSUPPORTED, 0, hint, NULL, syn }

#define WHY_TLS		"hapx has no TLS listeners or servers, so TLS " \
			"settings change nothing"
#define WHY_H2		"hapx speaks HTTP/1 only"
#define WHY_EVENT	"hapx uses libevent, which picks the best " \
			"poller itself"
#define WHY_QUIC	"hapx has no QUIC listeners"
#define WHY_LUA		"hapx does not embed Lua"
#define WHY_COMP	"hapx does not compress responses"
#define WHY_VARS	"hapx sets no limit on the size of variables"
#define WHY_HTTPCLIENT	"hapx has no internal HTTP client (HAProxy uses it " \
			"for Lua and ACME)"
#define WHY_CPU		"hapx leaves CPU placement to the system"
#define WHY_POLL	"hapx's event loop (libevent) does not use this tuning"
#define WHY_SPLICE	"hapx does not splice data between sockets"
#define WHY_DEBUG	"this HAProxy debugging aid has no hapx equivalent"
#define HINT_DEVICE	"hapx has no device detection; detect devices in the " \
			"application, or remove it"
#define HINT_ENV	"hapx expands environment variables as it reads the " \
			"file; set them in the environment that starts hapx"
#define HINT_CASE	"hapx does not rewrite the case of header names; fix " \
			"the peer that depends on it"
#define HINT_LUA	"hapx does not embed Lua; remove the Lua scripts and " \
			"the rules that use them"

static const struct cfg_kw global_rows[] = {
	UNS("51degrees-cache-size", 1, 1, HINT_DEVICE, "<number>"),
	UNS("51degrees-data-file", 1, 1, HINT_DEVICE, "<file>"),
	UNS("51degrees-property-name-list", 0, -1, HINT_DEVICE,
	    "[<string> ...]"),
	UNS("51degrees-property-separator", 1, 1, HINT_DEVICE, "<char>"),
	IGNF("busy-polling", 0, 0, NEG, WHY_POLL, ""),
	IGN("ca-base", 1, 1, WHY_TLS, "<dir>"),
	OK("chroot", 1, 1, kw_path_once, OFF(chroot), "<jail dir>"),
	IGNP("close-spread-time", 1, 1, kw_close_spread, OFF(close_spread_ms),
	    0, "hapx closes idle connections together when stopping, "
	    "without spreading them over time",
	    "<time> | infinite"),
	IGN("cluster-secret", 1, 1, WHY_QUIC, "<secret>"),
	IGN("cpu-map", 2, -1, WHY_CPU, "[auto:]<thread-group>[/<thread-set>] "
	    "<cpu-set>..."),
	IGN("crt-base", 1, 1, WHY_TLS, "<dir>"),
	FLAG("daemon", daemon),
	{ "debug", G, 0, 0, g_flag, OFF(debug), KW_IGNORED, 0,
	    "the '-d' command line option (hapx has no debug mode)", "2.3",
	    "" },
	UNS("default-path", 1, 2, "write absolute paths, or paths relative to "
	    "the directory hapx starts in",
	    "{ current | config | parent | origin <path> }"),
	OK("description", 1, -1, kw_description, 0, "<text>"),
	UNS("deviceatlas-json-file", 1, 1, HINT_DEVICE, "<path>"),
	UNS("deviceatlas-log-level", 1, 1, HINT_DEVICE, "<value>"),
	UNS("deviceatlas-properties-cookie", 1, 1, HINT_DEVICE, "<name>"),
	UNS("deviceatlas-separator", 1, 1, HINT_DEVICE, "<char>"),
	IGN("expose-experimental-directives", 0, 0, "hapx has no "
	    "experimental directives", ""),
	UNS("external-check", 0, 0, "hapx has no external checks; use "
	    "'option httpchk' or a TCP check", ""),
	IGNP("fd-hard-limit", 1, 1, kw_once_zero, OFF(fd_hard_limit), 0,
	    "hapx sizes nothing from the file descriptor limit; use "
	    "'ulimit-n'", "<number>"),
	OK("gid", 1, 1, kw_account_id, 0, "<number>"),
	IGNP("grace", 1, 1, kw_time, OFF(grace_ms), 0, "hapx stops "
	    "listening at once on a soft stop; use 'hard-stop-after' to bound "
	    "the stop", "<time>"),
	OK("group", 1, 1, kw_account, 0, "<group name>"),
	FLAGI("h1-accept-payload-with-any-method",
	    h1_accept_payload_any_method, "hapx forwards a body with any "
	    "method already"),
	UNS("h1-case-adjust", 2, 2, HINT_CASE, "<from> <to>"),
	UNS("h1-case-adjust-file", 1, 1, HINT_CASE, "<hdrs-file>"),
	IGN("h2-workaround-bogus-websocket-clients", 0, 0, WHY_H2, ""),
	OK("hard-stop-after", 1, 1, kw_time, OFF(hard_stop_after_ms),
	    "<time>"),
	IGN("httpclient.resolvers.id", 1, 1, WHY_HTTPCLIENT, "<resolvers id>"),
	IGN("httpclient.resolvers.prefer", 1, 1, WHY_HTTPCLIENT,
	    "<ipv4|ipv6>"),
	IGN("httpclient.ssl.ca-file", 1, 1, WHY_HTTPCLIENT, "<cafile>"),
	IGN("httpclient.ssl.verify", 1, 1, WHY_HTTPCLIENT, "[none|required]"),
	IGNF("insecure-fork-wanted", 0, 0, NEG, "hapx never starts other "
	    "programs (no external checks, no Lua)", ""),
	IGN("insecure-setuid-wanted", 0, 0, "hapx never starts other "
	    "programs (no external checks, no Lua)", ""),
	IGN("issuers-chain-path", 1, 1, WHY_TLS, "<dir>"),
	IGN("localpeer", 1, 1, "hapx has no peers sections", "<name>"),
	{ "log", G, 0, -1, kw_log, 0, KW_OK, NEG, NULL, NULL, LOG_SYNTAX },
	OK("log-send-hostname", 0, 1, kw_log_send_hostname, 0, "[<string>]"),
	OK("log-tag", 1, 1, kw_string, OFF(log_tag), "<string>"),
	UNS("lua-load", 1, -1, HINT_LUA, "<file>"),
	UNS("lua-load-per-thread", 1, -1, HINT_LUA, "<file>"),
	UNS("lua-prepend-path", 1, 2, HINT_LUA, "<string> [<type>]"),
	OK("master-worker", 0, 1, kw_master_worker, 0,
	    "[no-exit-on-failure]"),
	OK("max-spread-checks", 1, 1, kw_time, OFF(max_spread_checks_ms),
	    "<time>"),
	IGN("maxcompcpuusage", 1, 1, WHY_COMP, "<number>"),
	IGN("maxcomprate", 1, 1, WHY_COMP, "<number>"),
	OK("maxconn", 1, 1, kw_once_unset, OFF(maxconn), "<number>"),
	OK("maxconnrate", 1, 1, kw_once_unset, OFF(maxconnrate), "<number>"),
	IGNP("maxpipes", 1, 1, kw_once_unset, OFF(maxpipes), 0, WHY_SPLICE,
	    "<number>"),
	OK("maxsessrate", 1, 1, kw_once_zero, OFF(maxsessrate), "<number>"),
	IGN("maxsslconn", 1, 1, WHY_TLS, "<number>"),
	IGN("maxsslrate", 1, 1, WHY_TLS, "<number>"),
	IGN("maxzlibmem", 1, 1, WHY_COMP, "<number>"),
	OK("mworker-max-reloads", 1, 1, kw_once_unset,
	    OFF(mworker_max_reloads), "<number>"),
	{ "nbproc", G, 1, 1, kw_nbproc, 0, KW_DEPRECATED, 0, "'nbthread' "
	    "(HAProxy 2.5+ runs one process with threads)",
	    "2.5", "<number>" },
	OK("nbthread", 1, 1, kw_nbthread, OFF(nbthread), "<number>"),
	IGN("no-memory-trimming", 0, 0, WHY_DEBUG, ""),
	OK("node", 1, 1, kw_node, 0, "<name>"),
	FLAGI("noepoll", noepoll, WHY_EVENT),
	FLAGI("noevports", noevports, WHY_EVENT),
	IGN("nogetaddrinfo", 0, 0, "hapx always resolves names with "
	    "getaddrinfo()", ""),
	FLAGI("nokqueue", nokqueue, WHY_EVENT),
	FLAGI("nopoll", nopoll, WHY_EVENT),
	FLAG("noreuseport", noreuseport),
	IGN("nosplice", 0, 0, WHY_SPLICE, ""),
	IGNF("numa-cpu-mapping", 0, 0, NEG, WHY_CPU, ""),
	OK("pidfile", 1, 1, kw_path_once, OFF(pidfile), "<pidfile>"),
	FLAG("pp2-never-send-local", pp2_never_send_local),
	UNS("presetenv", 2, 2, HINT_ENV, "<name> <value>"),
	IGN("profiling.memory", 1, 1, WHY_DEBUG, "{ on | off }"),
	IGN("profiling.tasks", 1, 1, WHY_DEBUG, "{ auto | on | off }"),
	FLAGI("quiet", quiet, "use hapx's '-q' command line option to "
	    "silence its startup messages"),
	UNS("resetenv", 0, -1, HINT_ENV, "[<name> ...]"),
	OK("server-state-base", 1, 1, kw_string, OFF(server_state_base),
	    "<directory>"),
	OK("server-state-file", 1, 1, kw_string, OFF(server_state_file),
	    "<file>"),
	{ "set-dumpable", G, 0, 0, g_flag, OFF(set_dumpable), KW_IGNORED, NEG,
	    "hapx does not change its dumpable state; use the system's "
	    "core dump settings", NULL, "" },
	UNS("set-var", 2, -1, "hapx has no proc-scope variables",
	    "<var-name> <expr>"),
	UNS("set-var-fmt", 2, -1, "hapx has no proc-scope "
	    "variables", "<var-name> <fmt>"),
	UNS("setenv", 2, 2, HINT_ENV, "<name> <value>"),
	OK("spread-checks", 1, 1, kw_spread_checks, OFF(spread_checks),
	    "<0..50, in percent>"),
	IGN("ssl-default-bind-ciphers", 1, 1, WHY_TLS, "<ciphers>"),
	IGN("ssl-default-bind-ciphersuites", 1, 1, WHY_TLS, "<ciphersuites>"),
	IGN("ssl-default-bind-curves", 1, 1, WHY_TLS, "<curves>"),
	IGN("ssl-default-bind-options", 1, -1, WHY_TLS, "[<option>]..."),
	IGN("ssl-default-server-ciphers", 1, 1, WHY_TLS, "<ciphers>"),
	IGN("ssl-default-server-ciphersuites", 1, 1, WHY_TLS,
	    "<ciphersuites>"),
	IGN("ssl-default-server-options", 1, -1, WHY_TLS, "[<option>]..."),
	IGN("ssl-dh-param-file", 1, 1, WHY_TLS, "<file>"),
	IGN("ssl-engine", 1, -1, WHY_TLS, "<name> [algo <algorithms>]"),
	IGN("ssl-load-extra-del-ext", 0, 0, WHY_TLS, ""),
	IGN("ssl-load-extra-files", 1, -1, WHY_TLS,
	    "<none|all|bundle|sctl|ocsp|issuer|key>*"),
	IGN("ssl-mode-async", 0, 0, WHY_TLS, ""),
	IGN("ssl-propquery", 1, 1, WHY_TLS, "<query>"),
	IGN("ssl-provider", 1, 1, WHY_TLS, "<name>"),
	IGN("ssl-provider-path", 1, 1, WHY_TLS, "<path>"),
	IGN("ssl-server-verify", 1, 1, WHY_TLS, "[none|required]"),
	IGN("ssl-skip-self-issued-ca", 0, 0, WHY_TLS, ""),
	IGN("stats bind-process", 1, -1, "hapx runs a single process",
	    "[ all | odd | even | <process_num>[-<process_num>] ] ..."),
	OK("stats maxconn", 1, 1, kw_positive, OFF(stats_maxconn),
	    "<connections>"),
	OK("stats socket", 1, -1, kw_stats_socket, 0,
	    "<path>|<address:port> [level <level>] [mode <mode>] "
	    "[user <user>] [group <group>] [expose-fd listeners] ..."),
	OK("stats timeout", 1, 1, kw_stats_timeout, 0, "<timeout>"),
	{ "strict-limits", G, 0, 0, kw_strict_limits, 0, KW_IGNORED, NEG,
	    "hapx raises no limit by itself; set 'ulimit-n' high enough",
	    NULL, "" },
	IGN("thread-group", 1, -1, WHY_CPU, "<group> [<thread-range>...]"),
	IGN("thread-groups", 1, 1, WHY_CPU, "<number>"),
	IGN("tune.buffers.limit", 1, 1, WHY_POLL, "<number>"),
	IGN("tune.buffers.reserve", 1, 1, WHY_POLL, "<number>"),
	OK("tune.bufsize", 1, 1, kw_bufsize, OFF(tune_bufsize), "<number>"),
	{ "tune.chksize", G, 1, 1, kw_positive, OFF(tune_chksize),
	    KW_DEPRECATED, 0, "'tune.bufsize' (health-check responses are "
	    "read into buffers of that size)", "2.2", "<number>" },
	IGN("tune.comp.maxlevel", 1, 1, WHY_COMP, "<number>"),
	IGN("tune.fail-alloc", 1, 1, WHY_DEBUG, "<percent>"),
	IGN("tune.fd.edge-triggered", 1, 1, WHY_POLL, "{ on | off }"),
	IGN("tune.h2.header-table-size", 1, 1, WHY_H2, "<number>"),
	IGN("tune.h2.initial-window-size", 1, 1, WHY_H2, "<number>"),
	IGN("tune.h2.max-concurrent-streams", 1, 1, WHY_H2, "<number>"),
	IGN("tune.h2.max-frame-size", 1, 1, WHY_H2, "<number>"),
	OK("tune.http.cookielen", 1, 1, kw_length, OFF(tune_http_cookielen),
	    "<number>"),
	OK("tune.http.logurilen", 1, 1, kw_length, OFF(tune_http_logurilen),
	    "<number>"),
	OK("tune.http.maxhdr", 1, 1, kw_http_maxhdr, OFF(tune_http_maxhdr),
	    "<number>"),
	IGN("tune.idle-pool.shared", 1, 1, WHY_POLL, "{ on | off }"),
	IGN("tune.idletimer", 1, 1, WHY_SPLICE, "<timeout>"),
	IGN("tune.listener.multi-queue", 1, 1, WHY_POLL, "{ on | off }"),
	IGN("tune.lua.forced-yield", 1, 1, WHY_LUA, "<number>"),
	IGN("tune.lua.maxmem", 1, 1, WHY_LUA, "<number>"),
	IGN("tune.lua.service-timeout", 1, 1, WHY_LUA, "<timeout>"),
	IGN("tune.lua.session-timeout", 1, 1, WHY_LUA, "<timeout>"),
	IGN("tune.lua.task-timeout", 1, 1, WHY_LUA, "<timeout>"),
	IGNP("tune.maxaccept", 1, 1, kw_maxaccept, 0, 0, WHY_POLL,
	    "<number>"),
	IGN("tune.maxpollevents", 1, 1, WHY_POLL, "<number>"),
	OK("tune.maxrewrite", 1, 1, kw_maxrewrite, OFF(tune_maxrewrite),
	    "<number>"),
	IGN("tune.pattern.cache-size", 1, 1, "hapx keeps no cache of pattern "
	    "matches", "<number>"),
	IGN("tune.peers.max-updates-at-once", 1, 1, "hapx has no peers "
	    "sections", "<number>"),
	IGN("tune.pipesize", 1, 1, WHY_SPLICE, "<number>"),
	IGN("tune.pool-high-fd-ratio", 1, 1, WHY_POLL, "<number>"),
	IGN("tune.pool-low-fd-ratio", 1, 1, WHY_POLL, "<number>"),
	IGN("tune.quic.frontend.conn-tx-buffers.limit", 1, 1, WHY_QUIC,
	    "<number>"),
	IGN("tune.quic.frontend.max-idle-timeout", 1, 1, WHY_QUIC,
	    "<timeout>"),
	IGN("tune.quic.frontend.max-streams-bidi", 1, 1, WHY_QUIC,
	    "<number>"),
	IGN("tune.quic.retry-threshold", 1, 1, WHY_QUIC, "<number>"),
	OK("tune.rcvbuf.client", 1, 1, kw_once_zero, OFF(tune_rcvbuf_client),
	    "<number>"),
	OK("tune.rcvbuf.server", 1, 1, kw_once_zero, OFF(tune_rcvbuf_server),
	    "<number>"),
	IGN("tune.recv_enough", 1, 1, WHY_POLL, "<number>"),
	IGN("tune.runqueue-depth", 1, 1, WHY_POLL, "<number>"),
	IGN("tune.sched.low-latency", 1, 1, WHY_POLL, "{ on | off }"),
	OK("tune.sndbuf.client", 1, 1, kw_once_zero, OFF(tune_sndbuf_client),
	    "<number>"),
	OK("tune.sndbuf.server", 1, 1, kw_once_zero, OFF(tune_sndbuf_server),
	    "<number>"),
	IGN("tune.ssl.cachesize", 1, 1, WHY_TLS, "<number>"),
	IGN("tune.ssl.capture-buffer-size", 1, 1, WHY_TLS, "<number>"),
	IGN("tune.ssl.capture-cipherlist-size", 1, 1, WHY_TLS, "<number>"),
	IGN("tune.ssl.default-dh-param", 1, 1, WHY_TLS, "<number>"),
	IGN("tune.ssl.force-private-cache", 0, 0, WHY_TLS, ""),
	IGN("tune.ssl.hard-maxrecord", 1, 1, WHY_TLS, "<number>"),
	IGN("tune.ssl.keylog", 1, 1, WHY_TLS, "{ on | off }"),
	IGN("tune.ssl.lifetime", 1, 1, WHY_TLS, "<timeout>"),
	IGN("tune.ssl.maxrecord", 1, 1, WHY_TLS, "<number>"),
	IGN("tune.ssl.ssl-ctx-cache-size", 1, 1, WHY_TLS, "<number>"),
	IGN("tune.vars.global-max-size", 1, 1, WHY_VARS, "<size>"),
	IGN("tune.vars.proc-max-size", 1, 1, WHY_VARS, "<size>"),
	IGN("tune.vars.reqres-max-size", 1, 1, WHY_VARS, "<size>"),
	IGN("tune.vars.sess-max-size", 1, 1, WHY_VARS, "<size>"),
	IGN("tune.vars.txn-max-size", 1, 1, WHY_VARS, "<size>"),
	IGN("tune.zlib.memlevel", 1, 1, WHY_COMP, "<number>"),
	IGN("tune.zlib.windowsize", 1, 1, WHY_COMP, "<number>"),
	OK("uid", 1, 1, kw_account_id, 0, "<number>"),
	OK("ulimit-n", 1, 1, kw_once_unset, OFF(ulimit_n), "<number>"),
	{ "unix-bind", G, 1, -1, kw_unix_bind, 0, KW_UNSUPPORTED, 0,
	    "give each unix socket 'bind' its full path and its own 'mode', "
	    "'user' and 'group' options", NULL, "[prefix <prefix>] "
	    "[mode <mode>] [user <user>] [uid <uid>] [group <group>] "
	    "[gid <gid>]" },
	UNS("unsetenv", 1, -1, HINT_ENV, "[<name> ...]"),
	OK("user", 1, 1, kw_account, 0, "<user name>"),
	UNS("wurfl-cache-size", 1, 1, HINT_DEVICE, "<size>"),
	UNS("wurfl-data-file", 1, 1, HINT_DEVICE, "<file path>"),
	UNS("wurfl-information-list", 0, -1, HINT_DEVICE, "[<capability>]*"),
	UNS("wurfl-information-list-separator", 1, 1, HINT_DEVICE, "<char>"),
	UNS("wurfl-patch-file", 0, -1, HINT_DEVICE, "[<file path>]"),
	FLAG("zero-warning", zero_warning),
};

const struct cfg_kw_table cfg_kw_global_table = {
	global_rows, nitems(global_rows)
};
