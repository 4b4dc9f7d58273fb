/*
 * check_fmt: the syntax of formats (model/fmt_lex.c), the format
 * compiler (fmt.c), the sample compiler
 * (sample.c), and acl_prep, which compiles the model's formats and
 * samples once for the engine.  The compiled form must give what the
 * rules gave when formats were parsed per request (check_rewrite's
 * format rows run the same cases through rewrite_format).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "cfg/cfg_load.h"
#include "engine/engine_types.h"
#include "http/acl.h"
#include "http/fmt.h"
#include "http/http1.h"
#include "http/rewrite.h"
#include "http/sample.h"
#include "model/cfg_model.h"
#include "model/fmt_lex.h"

#ifndef nitems
#include "base/nitems.h"
#endif

#define CFG_TEXT "listen l\n  bind 127.0.0.1:8080\n  mode http\n" \
	"  timeout client 5s\n  timeout connect 5s\n  timeout server 5s\n" \
	"  http-request set-header X-A %[req.hdr(host)]-%[src]\n" \
	"  http-request set-var(txn.h) req.hdr(host),upper\n" \
	"  http-response set-header X-T2 %[res.hdr(content-type)]\n" \
	"  server s 127.0.0.1:81\n"

struct fx {
	struct sockaddr_storage	 src, dst;
	struct http_head	 h;
	struct acl_env		 env;
};

static void
mkaddr(struct sockaddr_storage *ss, const char *ip, unsigned port)
{
	struct sockaddr_in	*in = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	in->sin_family = AF_INET;
	in->sin_port = htons((uint16_t)port);
	ck_assert_int_eq(inet_pton(AF_INET, ip, &in->sin_addr), 1);
}

static void
fx_init(struct fx *f, const char *req)
{
	struct http1_msg	m;

	memset(f, 0, sizeof(*f));
	http1_msg_setup(&m, 0);
	ck_assert_int_eq(http1_parse_request(&m, req, strlen(req), 16384),
	    HTTP1_DONE);
	ck_assert_int_eq(http_head_from_msg(&f->h, &m, true), 0);
	mkaddr(&f->src, "192.0.2.7", 5555);
	mkaddr(&f->dst, "198.51.100.1", 8080);
	f->env.src = &f->src;
	f->env.dst = &f->dst;
	f->env.req = &f->h;
	f->env.srv_id = -1;
}

static struct config *
load(const char *text)
{
	struct diag	 d;
	struct config	*cfg;

	diag_init(&d);
	cfg = cfg_load_buf("t.cfg", text, strlen(text), CFG_LOAD_NO_RESOLVE,
	    &d);
	ck_assert_msg(cfg != NULL, "rejected: %s",
	    d.nmsgs ? d.msgs[0].msg : "?");
	diag_clear(&d);
	return cfg;
}

/* ------------------------------------------------------------------ */
/* fmt_lex: the one syntax */

/* The tokens of a string, one letter each (L literal, P "%%", V variable,
 * S sample, B bad), with the name or expression of V and S in brackets. */
static const struct {
	const char	*s;
	const char	*want;
} lex_cases[] = {
	{ "", "" },
	{ "abc", "L" },
	{ "a%%b", "LPL" },
	{ "%ci:%cp", "V[ci]LV[cp]" },
	{ "%{+Q}r x", "V[r]L" },
	{ "%[src]", "S[src]" },
	{ "%{+Q,-X}[hdr(host),lower]-", "S[hdr(host),lower]L" },
	/* ']' inside the arguments, and after a backslash, do not end it */
	{ "%[str(a])]x", "S[str(a])]L" },
	{ "%[str(a\\]b)]", "S[str(a\\]b)]" },
	{ "%[]", "S[]" },
	{ "%[src", "BL" },	/* no ']': bad, then the rest is text */
	{ "%{+Q", "BL" },	/* no '}' */
	{ "%-x", "BL" },
	{ "%{+Q}", "B" },
	{ "end%", "LB" },
	{ "%T1a", "V[T1a]" },
};

START_TEST(test_lex)
{
	const char	*s = lex_cases[_i].s;
	char		 got[128];
	size_t		 pos = 0, n = 0, len = strlen(s);
	struct fmt_tok	 t;

	got[0] = '\0';
	while (fmt_lex_next(s, len, &pos, &t)) {
		ck_assert_uint_eq(t.off + t.len, pos);
		switch (t.kind) {
		case FT_LIT:
			n += (size_t)snprintf(got + n, sizeof(got) - n, "L");
			break;
		case FT_PCT:
			n += (size_t)snprintf(got + n, sizeof(got) - n, "P");
			break;
		case FT_VAR:
		case FT_SMP:
			n += (size_t)snprintf(got + n, sizeof(got) - n,
			    "%c[%.*s]", t.kind == FT_VAR ? 'V' : 'S', (int)t.name_len,
			    s + t.name_off);
			break;
		case FT_BAD:
			n += (size_t)snprintf(got + n, sizeof(got) - n, "B");
			break;
		}
	}
	ck_assert_msg(strcmp(got, lex_cases[_i].want) == 0,
	    "'%s' gave %s", s, got);
}
END_TEST

/* ------------------------------------------------------------------ */
/* fmt_compile / fmt_eval */

static const struct {
	const char	*fmt;
	const char	*want;
	unsigned	 nitems;	/* 0: not checked */
} cases[] = {
	{ "plain", "plain", 1 },
	{ "100%%", "100%", 1 },		/* "%%" joins the literal */
	{ "a%%b%%c", "a%b%c", 3 },
	{ "%ci:%cp", "192.0.2.7:5555", 3 },
	{ "%fi:%fp", "198.51.100.1:8080", 3 },
	{ "[%[src]]", "[192.0.2.7]", 3 },
	{ "%{+Q}[src]", "192.0.2.7", 1 },
	{ "%{+Q}ci", "192.0.2.7", 1 },
	{ "a%[hdr(none)]b", "ab", 3 },
	{ "%[req.hdr(host)]-%[src]", "Ex.Org-192.0.2.7", 3 },
	{ "%[req.hdr(host),lower]", "ex.org", 1 },
	{ "%[hdr(host),upper]", "EX.ORG", 1 },
	{ "%[nosuchfetch]x", "x", 2 },	/* no value, no error */
	{ "%zz-%ci", "%zz-192.0.2.7", 2 },
	{ "end%", "end%", 1 },
	{ "%-x", "%-x", 1 },
	{ "%[src", "%[src", 1 },
	{ "%f/%b", "-/-", 3 },
	{ "", "", 0 },
};

START_TEST(test_compile_eval)
{
	struct fx	 f;
	struct fmt	*c;
	char		 out[256], ref[256];
	size_t		 n;

	fx_init(&f, "GET / HTTP/1.1\r\nHost: Ex.Org\r\n\r\n");
	c = fmt_compile(cases[_i].fmt, NULL);
	ck_assert_ptr_nonnull(c);
	if (cases[_i].nitems != 0)
		ck_assert_msg(fmt_nitems(c) == cases[_i].nitems,
		    "'%s': %u items", cases[_i].fmt, fmt_nitems(c));
	n = fmt_eval(c, &f.env, out, sizeof(out));
	ck_assert_msg(strcmp(out, cases[_i].want) == 0, "'%s' gave '%s'",
	    cases[_i].fmt, out);
	ck_assert_uint_eq(n, strlen(out));
	/* rewrite_format without an engine compiles per call: the same */
	rewrite_format(cases[_i].fmt, &f.env, ref, sizeof(ref));
	ck_assert_str_eq(ref, out);
	fmt_free(c);
	http_head_clear(&f.h);
}
END_TEST

/* Truncation, no room, no environment, a tab in a value. */
START_TEST(test_edges)
{
	struct fx	 f;
	struct fmt	*c;
	char		 out[8];

	fx_init(&f, "GET / HTTP/1.1\r\nHost: a\tb\r\n\r\n");
	c = fmt_compile("abcdefghij", NULL);
	ck_assert_uint_eq(fmt_eval(c, NULL, out, sizeof(out)), 7);
	ck_assert_str_eq(out, "abcdefg");
	ck_assert_uint_eq(fmt_eval(c, NULL, out, 0), 0);
	fmt_free(c);
	c = fmt_compile("%ci", NULL);
	ck_assert_uint_eq(fmt_eval(c, NULL, out, sizeof(out)), 1);
	ck_assert_str_eq(out, "-");
	fmt_free(c);
	c = fmt_compile("%[hdr(host)]", NULL);
	fmt_eval(c, &f.env, out, sizeof(out));
	ck_assert_str_eq(out, "a\tb");		/* a tab is kept */
	fmt_free(c);
	/* not NUL-terminated: only LEN bytes are the format */
	c = fmt_compile_n("%ci:XYZ", 4, NULL);
	fmt_eval(c, &f.env, out, sizeof(out));
	ck_assert_str_eq(out, "192.0.2");	/* "192.0.2.7:" cut at 7 */
	fmt_free(c);
	fmt_free(NULL);
	http_head_clear(&f.h);
}
END_TEST

/* ------------------------------------------------------------------ */
/* sample_compile / sample_eval */

START_TEST(test_sample)
{
	struct fx		f;
	struct sample_expr	x;
	char			out[64];

	fx_init(&f, "GET /P?q=1 HTTP/1.1\r\nHost: H\r\n\r\n");
	ck_assert_int_eq(sample_compile(&x, "path,lower", 10, NULL), 0);
	ck_assert_int_eq(sample_eval(&x, &f.env, out, sizeof(out)), 2);
	ck_assert_str_eq(out, "/p");
	ck_assert_int_eq(sample_compile(&x, "src", 3, NULL), 0);
	ck_assert_int_eq(sample_eval(&x, &f.env, out, sizeof(out)), 9);
	ck_assert_int_eq(sample_eval(&x, &f.env, out, 0), -1);
	/* unknown fetch, bad converter, unclosed arguments, no backend */
	ck_assert_int_eq(sample_compile(&x, "nope", 4, NULL), -1);
	ck_assert_int_eq(sample_eval(&x, &f.env, out, sizeof(out)), -1);
	ck_assert_int_eq(sample_compile(&x, "path,base64", 11, NULL), -1);
	ck_assert_int_eq(sample_compile(&x, "hdr(host", 8, NULL), -1);
	ck_assert_int_eq(sample_compile(&x, "nbsrv(b)", 8, NULL), -1);
	http_head_clear(&f.h);
}
END_TEST

/* ------------------------------------------------------------------ */
/* acl_prep: the model's formats and samples, compiled once */

START_TEST(test_prep)
{
	struct config		*cfg = load(CFG_TEXT);
	const struct proxy_conf	*px = config_find_proxy(cfg, "l", CFG_CAP_FE);
	struct engine		 eng;
	struct fx		 f;
	const struct fmt	*c;
	char			 out[64];
	char			 copy[64];

	ck_assert_ptr_nonnull(px);
	memset(&eng, 0, sizeof(eng));
	eng.cfg = cfg;
	ck_assert_ptr_nonnull(eng.prep = acl_prep_new(cfg));
	fx_init(&f, "GET / HTTP/1.1\r\nHost: h.example\r\n\r\n");
	/* without the engine: nothing is found */
	ck_assert_ptr_null(acl_prep_fmt_of(&f.env,
	    px->http_req.v[0].value));
	f.env.eng = &eng;
	c = acl_prep_fmt_of(&f.env, px->http_req.v[0].value);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(fmt_nitems(c), 3);
	fmt_eval(c, &f.env, out, sizeof(out));
	ck_assert_str_eq(out, "h.example-192.0.2.7");
	ck_assert_ptr_nonnull(acl_prep_fmt_of(&f.env,
	    px->http_res.v[0].value));
	/* keyed by the model's pointer: an equal string is not it, and is
	 * compiled per call instead, with the same result */
	snprintf(copy, sizeof(copy), "%s", px->http_req.v[0].value);
	ck_assert_ptr_null(acl_prep_fmt_of(&f.env, copy));
	rewrite_format(copy, &f.env, out, sizeof(out));
	ck_assert_str_eq(out, "h.example-192.0.2.7");
	/* set-var's sample expression, compiled too */
	ck_assert_int_eq(acl_sample(px->http_req.v[1].value,
	    strlen(px->http_req.v[1].value), &f.env, out, sizeof(out)), 9);
	ck_assert_str_eq(out, "H.EXAMPLE");
	/* terms, proxy ids, 2 formats, 1 sample */
	ck_assert_uint_ge(acl_prep_count(eng.prep), 4);
	acl_prep_free(eng.prep);
	acl_prep_free(NULL);
	http_head_clear(&f.h);
	config_free(cfg);
}
END_TEST

static Suite *
fmt_suite(void)
{
	Suite	*s = suite_create("fmt");
	TCase	*tc = tcase_create("fmt");

	tcase_add_loop_test(tc, test_lex, 0, nitems(lex_cases));
	tcase_add_loop_test(tc, test_compile_eval, 0, nitems(cases));
	tcase_add_test(tc, test_edges);
	tcase_add_test(tc, test_sample);
	tcase_add_test(tc, test_prep);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(fmt_suite());
	int	 nfail;

	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
