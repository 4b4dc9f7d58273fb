/*
 * cfg_probe: "hapx cfgcheck --probe FILE [BACKEND[/SERVER]]".
 *
 * Each selected server's check runs once through check_probe(), which is
 * check.c's own runner (address, request bytes, timeouts, verdict) on a
 * private loop; what the probe adds is only the explanation: the config
 * lines of the check, the request and the first bytes of the answer,
 * where each body rule matched (check_http_body_match(), the matcher the
 * verdict uses) and whether that lies inside the part of the response
 * the check examines (tune.bufsize), and how long the state machine
 * (check_fsm_apply(), check_interval()) would take to move the server if
 * every check gave this result.  Nothing here judges a response itself.
 * Output goes to the FILE the caller gives; nothing exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/time.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/addr.h"
#include "tools/cfg_explain.h"
#include "model/cfg_model.h"
#include "tools/cfg_probe.h"
#include "servers/check_srv.h"
#include "engine/engine.h"
#include "servers/lb.h"
#include "servers/proxy.h"

#define PROBE_DEF_BUFSIZE	16384	/* engine.c's tune.bufsize default */
#define PROBE_SHOWN		160	/* bytes of a body shown */
#define PROBE_FULL_MAX		(4 << 20)	/* a whole response, at most */
#define PROBE_FULL_TMO		2	/* seconds, for the whole response */

/* The whole response, read again past tune.bufsize (see probe_refetch). */
struct probe_full {
	char		*buf;
	size_t		 len;
};

/* ------------------------------------------------------------------ */
/* The idle runtime */

/* Servers as engine_new() starts them: UP, or MAINT when "disabled". */
static int
probe_proxy(struct engine *eng, struct proxy *px, const struct proxy_conf *pc)
{
	unsigned	i;

	px->conf = pc;
	px->eng = eng;
	px->last_sess = -1;
	px->last_change = eng->start_time;
	TAILQ_INIT(&px->queue);
	px->nsrvs = pc->servers.n;
	if ((px->srvs = calloc(px->nsrvs ? px->nsrvs : 1,
	    sizeof(*px->srvs))) == NULL)
		return -1;
	for (i = 0; i < px->nsrvs; i++) {
		struct server		*s = &px->srvs[i];
		const struct server_conf *sc = &pc->servers.v[i];

		s->conf = sc;
		s->px = px;
		s->idx = i;
		s->weight = sc->weight;
		s->state = sc->disabled ? SRV_ST_MAINT : SRV_ST_UP;
		s->last_sess = -1;
		s->last_change = eng->start_time;
		memcpy(&s->addr, &sc->addr.ss, sizeof(s->addr));
		s->addrlen = sc->addr.sslen;
		TAILQ_INIT(&s->queue);
		TAILQ_INIT(&s->idle);
	}
	lb_init(px);
	return 0;
}

struct engine *
cfg_probe_engine_new(const struct config *cfg)
{
	struct engine		*eng = calloc(1, sizeof(*eng));
	const struct proxy_conf	*pc;
	unsigned		 i = 0;

	if (eng == NULL)
		return NULL;
	eng->cfg = cfg;
	eng->start_time = (int64_t)time(NULL);
	TAILQ_INIT(&eng->sessions);
	TAILQ_INIT(&eng->closed);
	eng->bufsize = cfg->global.tune_bufsize != CFG_UNSET ?
	    cfg->global.tune_bufsize : PROBE_DEF_BUFSIZE;
	eng->nproxies = cfg->nproxies;	/* proxy_conf.index is the slot */
	eng->proxies = calloc(eng->nproxies ? eng->nproxies : 1,
	    sizeof(*eng->proxies));
	if (eng->proxies == NULL) {
		free(eng);
		return NULL;
	}
	for (pc = cfg->proxies; pc != NULL; pc = pc->next)
		if (probe_proxy(eng, &eng->proxies[i++], pc) < 0) {
			cfg_probe_engine_free(eng);
			return NULL;
		}
	return eng;
}

void
cfg_probe_engine_free(struct engine *eng)
{
	unsigned	i;

	if (eng == NULL)
		return;
	for (i = 0; i < eng->nproxies; i++)
		free(eng->proxies[i].srvs);
	free(eng->proxies);
	free(eng);
}

/* ------------------------------------------------------------------ */
/* Telling */

static void
probe_ms(char *out, size_t outsz, uint64_t ms)
{
	if (ms % 1000 == 0)
		snprintf(out, outsz, "%llus", (unsigned long long)(ms / 1000));
	else if (ms < 1000)
		snprintf(out, outsz, "%llums", (unsigned long long)ms);
	else
		snprintf(out, outsz, "%.1fs", (double)ms / 1000);
}

static void
probe_cfgline(FILE *out, const char *what, const struct cfg_pos *pos)
{
	char	buf[512];

	if (pos->line == 0)
		return;
	fprintf(out, "  %s (line %u): %s\n", what, pos->line,
	    cfg_explain_line(pos, buf, sizeof(buf)));
}

/* The lines that make up PC's check. */
static void
probe_check_conf(FILE *out, const struct proxy_conf *pc)
{
	unsigned	i;

	probe_cfgline(out, "check", &pc->check_pos);
	for (i = 0; i < pc->tcpcheck.n; i++)
		probe_cfgline(out, pc->tcpcheck_http ? "http-check" :
		    "tcp-check", &pc->tcpcheck.v[i].pos);
}

/* Checks until every check giving ST moves a server of SC from HEALTH
 * (UP when UP) into the other state, and in *MS the time from the first
 * of them to that one; 0 when it never does. */
static unsigned
probe_flip(const struct server_conf *sc, unsigned health, bool up,
    enum check_status st, uint64_t *ms)
{
	struct check_fsm	f;
	enum check_trans	tr;
	unsigned		i;
	bool			report;

	f.health = health;
	f.up = up;
	f.nolb = false;
	*ms = 0;
	for (i = 1; i <= sc->rise + sc->fall + 1; i++) {
		tr = check_fsm_apply(&f, sc->rise, sc->fall, st, &report);
		if (tr == CHK_TR_DOWN || tr == CHK_TR_UP)
			return i;
		*ms += check_interval(sc, f.health);
	}
	return 0;
}

static void
probe_flip_line(FILE *out, const struct server_conf *sc, const char *from,
    unsigned health, bool up, enum check_status st)
{
	uint64_t	ms;
	unsigned	n = probe_flip(sc, health, up, st, &ms);
	char		t[32];

	if (n == 0) {
		fprintf(out, "    %s: stays %s\n", from, up ? "UP" : "DOWN");
		return;
	}
	probe_ms(t, sizeof(t), ms);
	fprintf(out, "    %s: %s after %u check%s, %s after the first\n",
	    from, up ? "DOWN" : "UP", n, n == 1 ? "" : "s", t);
}

static void
probe_timing(FILE *out, const struct server_conf *sc, enum check_status st)
{
	unsigned	full = sc->rise + sc->fall - 1;
	unsigned	h0 = check_health_init(sc->init_state, sc->rise,
			    sc->fall);
	char		in[32], fi[32], di[32];
	bool		ok = check_status_ok(st);

	probe_ms(in, sizeof(in), sc->inter_ms);
	probe_ms(fi, sizeof(fi), sc->fastinter_ms != CFG_UNSET ?
	    sc->fastinter_ms : sc->inter_ms);
	probe_ms(di, sizeof(di), sc->downinter_ms != CFG_UNSET ?
	    sc->downinter_ms : sc->inter_ms);
	fprintf(out, "  timing: inter %s fastinter %s downinter %s rise %u "
	    "fall %u\n", in, fi, di, sc->rise, sc->fall);
	fprintf(out, "  if every check gives this result:\n");
	probe_flip_line(out, sc, ok ? "a DOWN server" : "an UP server",
	    ok ? 0 : full, !ok, st);
	probe_flip_line(out, sc, h0 >= sc->rise ? "at start-up (starts UP)" :
	    "at start-up (starts DOWN)", h0, h0 >= sc->rise, st);
}

/*
 * The check stopped at tune.bufsize: send its request again to the
 * address it used and read the whole response, only to tell where a
 * pattern lies beyond the examined part.  The verdict is not redone.
 */
static void
probe_refetch(const struct check_probe *p, struct probe_full *f)
{
	struct timeval	tv = { PROBE_FULL_TMO, 0 };
	ssize_t		n;
	int		fd;

	memset(f, 0, sizeof(*f));
	if (p->reqlen == 0 || p->addrlen == 0 ||
	    (fd = socket(p->addr.ss_family, SOCK_STREAM, 0)) < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (const struct sockaddr *)&p->addr, p->addrlen) < 0 ||
	    write(fd, p->req, p->reqlen) != (ssize_t)p->reqlen ||
	    (f->buf = malloc(PROBE_FULL_MAX + 1)) == NULL) {
		close(fd);
		return;
	}
	while (f->len < PROBE_FULL_MAX && (n = read(fd, f->buf + f->len,
	    PROBE_FULL_MAX - f->len)) > 0)
		f->len += (size_t)n;
	f->buf[f->len] = '\0';
	close(fd);
}

/* Body rule E on the response: where it matches in what the check
 * examined, or beyond it in the whole response F. */
static void
probe_rule_match(FILE *out, const struct tcpcheck_step *st,
    const struct check_probe *p, const struct probe_full *f)
{
	const struct check_expect	*e = &st->expect;
	struct check_match		 m;
	size_t				 seen = p->len < p->bufsize ? p->len :
					    p->bufsize;
	char				 buf[512];
	int				 r;

	r = check_http_body_match(e, p->resp, seen, &m);
	if (r < 0)
		return;
	fprintf(out, "  rule (line %u): %s\n", st->pos.line,
	    cfg_explain_line(&st->pos, buf, sizeof(buf)));
	if (r == 1) {
		fprintf(out, "    %s at byte %zu of the body (byte %zu of the "
		    "response), %zu bytes: ", e->negate ? "unwanted content "
		    "found" : "matched", m.at, m.body_off + m.at, m.mlen);
		cfg_explain_quote(out, p->resp + m.body_off + m.at,
		    m.mlen > 80 ? 80 : m.mlen);
		fprintf(out, "%s\n    inside the part the check examines: the "
		    "first %zu bytes of the response (tune.bufsize)\n",
		    m.mlen > 80 ? "..." : "", p->bufsize);
		return;
	}
	fprintf(out, "    %s in the %zu bytes of body examined (the first "
	    "%zu bytes of the response, tune.bufsize)\n", e->negate ?
	    "no unwanted content" : "did not match", m.body_len, p->bufsize);
	if (f->len > seen && check_http_body_match(e, f->buf, f->len,
	    &m) == 1)
		fprintf(out, "    the whole response (%zu bytes, read again) "
		    "has it at byte %zu of the body, past the examined part; "
		    "a tune.bufsize of %zu or more would reach it\n", f->len, m.at,
		    m.body_off + m.at + m.mlen);
}

/* The answer: status line, size, first bytes of the body. */
static void
probe_answer(FILE *out, const struct proxy_conf *pc,
    const struct check_probe *p, const struct probe_full *f)
{
	const char	*eol, *body;
	unsigned	 i;
	size_t		 blen;

	if (p->len == 0) {
		fprintf(out, "  response: none\n");
		return;
	}
	if (pc->check_type != CHK_HTTP) {
		fprintf(out, "  response (%zu bytes): ", p->len);
		cfg_explain_quote(out, p->resp, p->len > PROBE_SHOWN ?
		    PROBE_SHOWN : p->len);
		fprintf(out, "%s\n", p->len > PROBE_SHOWN ? "..." : "");
		return;
	}
	eol = memchr(p->resp, '\n', p->len);
	fprintf(out, "  response: ");
	cfg_explain_quote(out, p->resp, eol == NULL ? p->len :
	    (size_t)(eol - p->resp) - (eol > p->resp && eol[-1] == '\r'));
	body = strstr(p->resp, "\r\n\r\n");
	body = body != NULL ? body + 4 : p->resp + p->len;
	blen = p->len - (size_t)(body - p->resp);
	fprintf(out, " (%zu bytes received, body %zu bytes)\n", p->len, blen);
	fprintf(out, "  body starts: ");
	cfg_explain_quote(out, body, blen > PROBE_SHOWN ? PROBE_SHOWN : blen);
	fprintf(out, "%s\n", blen > PROBE_SHOWN ? "..." : "");
	for (i = 0; i < pc->tcpcheck.n; i++)
		if (pc->tcpcheck.v[i].action == CHK_ACT_EXPECT)
			probe_rule_match(out, &pc->tcpcheck.v[i], p, f);
}

static void
probe_verdict(FILE *out, const struct check_probe *p)
{
	const struct check_result	*r = &p->res;

	fprintf(out, "  verdict: %s %s (%s)", check_status_code(r->st),
	    check_status_ok(r->st) ? "passed" : "failed",
	    check_status_text(r->st));
	if (r->code != 0)
		fprintf(out, ", code %d", r->code);
	if (r->info[0] != '\0')
		fprintf(out, ", info: \"%s\"", r->info);
	fprintf(out, ", %lldms\n", (long long)p->dur_ms);
}

/* The word of a body rule, as written after "expect". */
static const char *
probe_kind(enum expect_kind k)
{
	switch (k) {
	case EXP_STRING:
		return "string";
	case EXP_RSTRING:
		return "rstring";
	case EXP_BINARY:
		return "binary";
	case EXP_RBINARY:
		return "rbinary";
	default:
		return "";
	}
}

/* One line: the verdict and, for a body rule, what decided it. */
static void
probe_summary(FILE *out, const struct server *s, const struct check_probe *p)
{
	const struct proxy_conf		*pc = s->px->conf;
	const struct check_expect	*e;
	struct check_match		 m;
	unsigned			 i;
	size_t				 seen = p->len < p->bufsize ? p->len :
					    p->bufsize;

	fprintf(out, "  => %s %s: %s", s->conf->name,
	    check_status_code(p->res.st), check_status_text(p->res.st));
	for (i = 0; pc->check_type == CHK_HTTP && i < pc->tcpcheck.n; i++) {
		if (pc->tcpcheck.v[i].action != CHK_ACT_EXPECT)
			continue;
		e = &pc->tcpcheck.v[i].expect;
		switch (check_http_body_match(e, p->resp, seen, &m)) {
		case 1:
			fprintf(out, ", %s%s %s matched at byte %zu",
			    e->negate ? "!" : "", probe_kind(e->kind),
			    e->pattern, m.at);
			break;
		case 0:
			fprintf(out, ", %s%s %s did not match",
			    e->negate ? "!" : "", probe_kind(e->kind),
			    e->pattern);
			break;
		default:
			break;
		}
	}
	fprintf(out, "\n");
}

/* Probe server S; true when its check passed. */
static bool
probe_server(FILE *out, struct engine *eng, struct server *s)
{
	const struct server_conf	*sc = s->conf;
	const struct proxy_conf		*pc = s->px->conf;
	struct check_probe		 p;
	struct probe_full		 f;
	char				 a[300];

	fprintf(out, "%s/%s %s (line %u)%s\n", pc->name, sc->name,
	    addr_format(&sc->addr, a, sizeof(a)), sc->pos.line,
	    sc->check ? "" : " (no 'check': the engine does not check it)");
	probe_check_conf(out, pc);
	if (check_probe(eng, s, &p) < 0) {
		fprintf(out, "  cannot run the check: out of memory\n");
		return false;
	}
	if (p.reqlen > 0) {
		fprintf(out, "  request (%zu bytes): ", p.reqlen);
		cfg_explain_quote(out, p.req, p.reqlen);
		fprintf(out, "\n");
	}
	probe_verdict(out, &p);
	memset(&f, 0, sizeof(f));
	if (!check_status_ok(p.res.st) && p.len >= p.bufsize)
		probe_refetch(&p, &f);
	/* A plain TCP check reads nothing: its connection is the test. */
	if (p.len > 0 || (p.connected && pc->check_type != CHK_TCP))
		probe_answer(out, pc, &p, &f);
	probe_timing(out, sc, p.res.st);
	probe_summary(out, s, &p);
	free(f.buf);
	free(p.resp);
	return check_status_ok(p.res.st);
}

/* ------------------------------------------------------------------ */
/* Selection */

static bool
probe_selected(const struct server *s, const char *be, size_t belen,
    const char *srv)
{
	if (be == NULL)
		return s->conf->check && !s->conf->addr_invalid;
	if (strlen(s->px->conf->name) != belen ||
	    memcmp(s->px->conf->name, be, belen) != 0)
		return false;
	return srv != NULL ? strcmp(s->conf->name, srv) == 0 :
	    s->conf->check;
}

int
cfg_probe(const struct config *cfg, const char *sel, FILE *out, char *err,
    size_t errsz)
{
	struct engine	*eng;
	const char	*slash = sel != NULL ? strchr(sel, '/') : NULL;
	size_t		 belen = sel == NULL ? 0 : slash != NULL ?
			    (size_t)(slash - sel) : strlen(sel);
	unsigned	 i, j, n = 0, failed = 0;

	if ((eng = cfg_probe_engine_new(cfg)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return CFG_PROBE_USAGE;
	}
	for (i = 0; i < eng->nproxies; i++)
		for (j = 0; j < eng->proxies[i].nsrvs; j++) {
			struct server	*s = &eng->proxies[i].srvs[j];

			if (!probe_selected(s, sel, belen, slash != NULL ?
			    slash + 1 : NULL))
				continue;
			if (n++ > 0)
				fprintf(out, "\n");
			if (!probe_server(out, eng, s))
				failed++;
		}
	cfg_probe_engine_free(eng);
	if (n == 0) {
		snprintf(err, errsz, "%s%s%s", sel == NULL ? "no server has "
		    "'check'" : "no checked server matches '", sel != NULL ?
		    sel : "", sel != NULL ? "'" : "");
		return CFG_PROBE_USAGE;
	}
	fprintf(out, "\n%u server%s probed, %u passed, %u failed\n", n,
	    n == 1 ? "" : "s", n - failed, failed);
	return failed > 0 ? CFG_PROBE_FAILED : CFG_PROBE_OK;
}
