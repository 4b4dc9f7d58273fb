/*
 * check_http.c: the pure parts of HTTP health checks (spec §6.1-6.2):
 * building a check request and judging "http-check expect" rules on the
 * bytes of a response.  No I/O and no server state here: check.c runs the
 * rules on its connections and decides what a result does to the server.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "model/cfg_model.h"
#include "servers/check_srv.h"
#include "base/regex.h"

/* One response as check_http_expect() sees it. */
struct chk_resp {
	int		 code;
	const char	*reason;
	size_t		 rlen;
	const char	*hdrs;		/* the header lines after the status */
	size_t		 hlen;
	const char	*body;
	size_t		 blen;
	bool		 hdone;		/* the empty line was seen */
	long		 clen;		/* content-length, -1 = none */
};

static void
res_fill(struct check_result *res, enum check_status st, int code,
    const char *info, size_t infolen)
{
	res->st = st;
	res->code = code;
	if (info == NULL)
		infolen = 0;
	if (infolen >= sizeof(res->info))
		infolen = sizeof(res->info) - 1;
	if (infolen > 0)
		memcpy(res->info, info, infolen);
	res->info[infolen] = '\0';
	/* The text may come from a hostile server and goes into log lines:
	 * no control bytes (a CR or ESC would forge or garble a line). */
	for (; infolen > 0; infolen--)
		if ((unsigned char)res->info[infolen - 1] < 0x20 ||
		    res->info[infolen - 1] == 0x7f)
			res->info[infolen - 1] = '.';
}

/* Parse the status line "HTTP/x.y NNN reason" ending at EOL. */
static bool
resp_status(const char *p, const char *eol, struct chk_resp *r)
{
	const char	*sp;
	size_t		 i;

	if (eol - p < 12 || memcmp(p, "HTTP/", 5) != 0)
		return false;
	if ((sp = memchr(p, ' ', (size_t)(eol - p))) == NULL || eol - sp < 4)
		return false;
	sp++;
	for (i = 0; i < 3; i++)
		if (!isdigit((unsigned char)sp[i]))
			return false;
	if (sp + 3 < eol && sp[3] != ' ' && sp[3] != '\r')
		return false;
	r->code = (sp[0] - '0') * 100 + (sp[1] - '0') * 10 + (sp[2] - '0');
	sp += 3;
	while (sp < eol && *sp == ' ')
		sp++;
	r->reason = sp;
	r->rlen = (size_t)(eol - sp);
	if (r->rlen > 0 && sp[r->rlen - 1] == '\r')
		r->rlen--;
	return true;
}

/* The digits of a Content-Length value in [p, end) (the buffer is not
 * NUL-terminated: strtol could run past it); -1 when bad. */
static long
clen_value(const char *p, const char *end)
{
	long	v = 0;
	bool	any = false;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (LONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
		any = true;
	}
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return any && p == end ? v : -1;
}

/* The value of the Content-Length header of R, -1 when absent or bad. */
static long
resp_clen(const struct chk_resp *r)
{
	const char	*p = r->hdrs, *end = r->hdrs + r->hlen, *nl;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl - p > 15 && strncasecmp(p, "content-length:", 15) == 0)
			return clen_value(p + 15, nl);
	}
	return -1;
}

/*
 * Parse RESP[0..len).  1: the status line is there (the headers may not
 * be complete yet: see hdone); 0: not an HTTP response; -1: too short to
 * tell.
 */
static int
resp_parse(const char *resp, size_t len, struct chk_resp *r)
{
	const char	*eol, *p, *end = resp + len, *nl;

	memset(r, 0, sizeof(*r));
	r->clen = -1;
	if (len < 5)
		return memcmp(resp, "HTTP/", len) == 0 ? -1 : 0;
	if ((eol = memchr(resp, '\n', len)) == NULL)
		return len < 64 && memcmp(resp, "HTTP/", 5) == 0 ? -1 : 0;
	if (!resp_status(resp, eol, r))
		return 0;
	r->hdrs = eol + 1;
	r->body = end;
	for (p = eol + 1; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		if (nl == p || (nl == p + 1 && *p == '\r')) {
			r->hdone = true;
			r->hlen = (size_t)(p - r->hdrs);
			r->body = nl + 1;
			break;
		}
	}
	if (!r->hdone)
		r->hlen = (size_t)(end - r->hdrs);
	r->blen = (size_t)(end - r->body);
	r->clen = resp_clen(r);
	return 1;
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
mem_hasi(const char *h, size_t hlen, const char *n, size_t nlen)
{
	size_t	i;

	for (i = 0; i + nlen <= hlen; i++)
		if (strncasecmp(h + i, n, nlen) == 0)
			return true;
	return false;
}

/* Compare S[0..len) with the pattern PAT by method M ("-m str|beg|end|
 * sub|reg").  Header names compare without case (HAProxy lower-cases
 * them), values with case. */
static bool
hdr_cmp(enum hdr_match m, const char *pat, const struct rx *rx,
    const char *s, size_t len, bool icase)
{
	size_t	plen = pat != NULL ? strlen(pat) : 0;
	int	(*cmp)(const char *, const char *, size_t) =
		    icase ? strncasecmp : strncmp;

	switch (m) {
	case HDR_M_STR:
		return len == plen && cmp(s, pat, len) == 0;
	case HDR_M_BEG:
		return len >= plen && cmp(s, pat, plen) == 0;
	case HDR_M_END:
		return len >= plen && cmp(s + len - plen, pat, plen) == 0;
	case HDR_M_SUB:
		return icase ? mem_hasi(s, len, pat, plen) :
		    memmem(s, len, pat, plen) != NULL;
	case HDR_M_REG:
		return rx != NULL && rx_match(rx, s, len);
	}
	return false;
}

static bool
hdr_name_ok(const struct check_expect *e, const char *n, size_t nlen)
{
	char	low[128];
	size_t	i;

	if (e->name_match != HDR_M_REG)
		return hdr_cmp(e->name_match, e->pattern, NULL, n, nlen, true);
	if (nlen >= sizeof(low))
		nlen = sizeof(low) - 1;
	for (i = 0; i < nlen; i++)
		low[i] = (char)tolower((unsigned char)n[i]);
	return hdr_cmp(HDR_M_REG, NULL, e->rx, low, nlen, false);
}

/* Does the value V[0..len) of a matching header satisfy E?  "hdr" tries
 * each comma-separated element, "fhdr" the whole value. */
static bool
hdr_value_ok(const struct check_expect *e, const char *v, size_t len)
{
	const char	*p = v, *end = v + len, *c;

	if (e->value == NULL && e->value_rx == NULL)
		return true;
	if (e->kind == EXP_FHDR)
		return hdr_cmp(e->value_match, e->value, e->value_rx, v, len,
		    false);
	while (p <= end) {
		const char	*a = p, *b;

		if ((c = memchr(p, ',', (size_t)(end - p))) == NULL)
			c = end;
		b = c;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a && hdr_cmp(e->value_match, e->value, e->value_rx, a,
		    (size_t)(b - a), false))
			return true;
		p = c + 1;
	}
	return false;
}

/* "hdr"/"fhdr": some header of R has a matching name and value. */
static bool
hdr_match(const struct check_expect *e, const struct chk_resp *r)
{
	const char	*p = r->hdrs, *end = r->hdrs + r->hlen, *nl, *colon;

	for (; p < end; p = nl + 1) {
		const char	*v, *ve;

		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((colon = memchr(p, ':', (size_t)(nl - p))) == NULL)
			continue;
		if (!hdr_name_ok(e, p, (size_t)(colon - p)))
			continue;
		v = colon + 1;
		ve = nl;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' ||
		    ve[-1] == '\t'))
			ve--;
		if (hdr_value_ok(e, v, (size_t)(ve - v)))
			return true;
	}
	return false;
}

static bool
is_body_kind(enum expect_kind k)
{
	return k == EXP_STRING || k == EXP_RSTRING || k == EXP_STRING_LF ||
	    k == EXP_RSTRING_LF || k == EXP_BINARY || k == EXP_RBINARY;
}

/* Does R hold enough of the body to judge E?  The whole of it (EOF, the
 * buffer bound, or content-length reached), or min-recv bytes. */
static bool
body_ready(const struct check_expect *e, const struct chk_resp *r,
    bool complete)
{
	if (complete)
		return true;
	if (r->clen >= 0 && r->blen >= (size_t)r->clen)
		return true;
	return e->min_recv >= 0 && r->blen >= (size_t)e->min_recv;
}

/* The failure of E on R, with HAProxy 2.6's statuses and texts. */
static void
expect_fail(const struct check_expect *e, const char *comment,
    const struct chk_resp *r, struct check_result *res)
{
	char		 info[sizeof(res->info)];
	const char	*what;
	bool		 body = is_body_kind(e->kind);
	int		 n;

	if (body)
		what = e->negate ? "HTTP check matched unwanted content" :
		    "HTTP content check did not match";
	else
		what = NULL;
	n = snprintf(info, sizeof(info), "%.*s%s%s",
	    what != NULL ? (int)strlen(what) : (int)r->rlen,
	    what != NULL ? what : r->reason,
	    comment != NULL ? " comment: " : "", comment != NULL ? comment : "");
	res_fill(res, e->error_status != CHK_ST_DEFAULT ? e->error_status :
	    body ? CHK_ST_L7RSP : CHK_ST_L7STS, r->code, info,
	    n > 0 ? (size_t)n : 0);
}

int
check_http_expect(const struct check_expect *e, const char *comment,
    const char *resp, size_t len, bool complete, struct check_result *res)
{
	struct chk_resp	 r;
	char		 cs[4];
	bool		 m;
	int		 pr = resp_parse(resp, len, &r);

	if (pr <= 0 || (!r.hdone && !complete)) {
		if (pr == 0 || complete) {
			res_fill(res, e->error_status != CHK_ST_DEFAULT ?
			    e->error_status : CHK_ST_L7RSP, 0,
			    "Invalid HTTP response", 21);
			return 0;
		}
		return -1;
	}
	if (is_body_kind(e->kind) && !body_ready(e, &r, complete))
		return -1;
	switch (e->kind) {
	case EXP_STATUS:
		m = code_in(e, r.code);
		break;
	case EXP_RSTATUS:
		cs[0] = (char)('0' + r.code / 100 % 10);
		cs[1] = (char)('0' + r.code / 10 % 10);
		cs[2] = (char)('0' + r.code % 10);
		cs[3] = '\0';
		m = e->rx != NULL && rx_match(e->rx, cs, 3);
		break;
	case EXP_HDR:
	case EXP_FHDR:
		m = hdr_match(e, &r);
		break;
	case EXP_STRING:
	case EXP_BINARY:
		m = memmem(r.body, r.blen, e->pattern, e->len) != NULL;
		break;
	case EXP_RSTRING:
	case EXP_RBINARY:
		m = e->rx != NULL && rx_match(e->rx, r.body, r.blen);
		break;
	default:
		/* string-lf/rstring-lf are refused by the config. */
		m = !e->negate;
		break;
	}
	if (m == e->negate) {
		expect_fail(e, comment, &r, res);
		return 0;
	}
	res_fill(res, e->ok_status != CHK_ST_DEFAULT ? e->ok_status :
	    CHK_ST_L7OK, r.code, NULL, 0);
	return 1;
}

int
check_http_default(const char *resp, size_t len, bool complete,
    struct check_result *res)
{
	struct chk_resp	 r;
	int		 pr = resp_parse(resp, len, &r);

	if (pr <= 0 || (!r.hdone && !complete)) {
		if (pr == 0 || complete) {
			res_fill(res, CHK_ST_L7RSP, 0, "Invalid HTTP response",
			    21);
			return 0;
		}
		return -1;
	}
	if (r.code < 200 || r.code > 399) {
		res_fill(res, CHK_ST_L7STS, r.code, r.reason, r.rlen);
		return 0;
	}
	res_fill(res, CHK_ST_L7OK, r.code, NULL, 0);
	return 1;
}

int
check_http_code(const char *resp, size_t len)
{
	struct chk_resp	r;

	return resp_parse(resp, len, &r) == 1 ? r.code : 0;
}

const char *
check_step_comment(const struct tcpcheck_step *steps, unsigned i)
{
	if (steps[i].comment != NULL)
		return steps[i].comment;
	while (i-- > 0)
		if (steps[i].action == CHK_ACT_COMMENT)
			return steps[i].comment;
	return NULL;
}

void
check_http_verdict(const struct tcpcheck_step *steps, unsigned n,
    const char *resp, size_t len, struct check_result *res)
{
	unsigned	i;
	bool		 any = false;

	for (i = 0; i < n; i++) {
		if (steps[i].action != CHK_ACT_EXPECT)
			continue;
		any = true;
		if (check_http_expect(&steps[i].expect,
		    check_step_comment(steps, i), resp, len, true, res) == 0)
			return;
	}
	if (!any)
		check_http_default(resp, len, true, res);
}

/* ------------------------------------------------------------------ */
/* Requests */

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
check_http_request_of(const struct httpchk_conf *rq, const char *state,
    char *out, size_t outsz)
{
	const char	*meth = rq->method ? rq->method : "OPTIONS";
	const char	*uri = rq->uri ? rq->uri : "/";
	const char	*ver = rq->version ? rq->version : "HTTP/1.0";
	size_t		 pos = 0;
	unsigned	 i;
	bool		 ok, v11 = strcmp(ver, "HTTP/1.1") == 0;
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
	if (ok && state != NULL)
		ok = REQ_ADDS("x-haproxy-server-state: ") && REQ_ADDS(state) &&
		    REQ_ADDS("\r\n");
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

long
check_http_request(const struct proxy_conf *pc, char *out, size_t outsz)
{
	return check_http_request_of(&pc->httpchk, NULL, out, outsz);
}

/* ------------------------------------------------------------------ */
/* cfgcheck --probe */

int
check_http_body_match(const struct check_expect *e, const char *resp,
    size_t len, struct check_match *m)
{
	struct chk_resp	 r;
	size_t		 i;

	memset(m, 0, sizeof(*m));
	if (!is_body_kind(e->kind) || resp_parse(resp, len, &r) != 1)
		return -1;
	m->body_off = (size_t)(r.body - resp);
	m->body_len = r.blen;
	if (e->kind == EXP_RSTRING || e->kind == EXP_RBINARY)
		return e->rx != NULL && rx_find(e->rx, r.body, r.blen, &m->at,
		    &m->mlen) ? 1 : 0;
	for (i = 0; e->pattern != NULL && i + e->len <= r.blen; i++)
		if (memcmp(r.body + i, e->pattern, e->len) == 0) {
			m->at = i;
			m->mlen = e->len;
			return 1;
		}
	return 0;
}
