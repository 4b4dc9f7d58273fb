/*
 * check_model: the semantic pass on real config text: defaults
 * inheritance (implicit and "from"), cross-references and their
 * diagnostics, and that inherited lists are not shared between proxies.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/stat.h>

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/cfg_dump.h"
#include "cfg/cfg_load.h"
#include "model/cfg_model.h"

static struct config *
load(const char *text, struct diag *d)
{
	diag_init(d);
	return cfg_load_buf("m.cfg", text, strlen(text), CFG_LOAD_NO_RESOLVE, d);
}

/* The message at LINE:COL containing WANT, or NULL. */
static const struct diag_msg *
find(const struct diag *d, unsigned line, unsigned col, const char *want)
{
	size_t	i;

	for (i = 0; i < d->nmsgs; i++)
		if (d->msgs[i].pos.line == line && d->msgs[i].pos.col == col &&
		    strstr(d->msgs[i].msg, want) != NULL)
			return &d->msgs[i];
	return NULL;
}

#define TIMEOUTS "  timeout client 5s\n  timeout connect 5s\n" \
	"  timeout server 5s\n"

START_TEST(test_defaults_inherited)
{
	struct diag		 d;
	struct config		*cfg;
	struct proxy_conf	*be;

	cfg = load("defaults\n  mode http\n  balance leastconn\n" TIMEOUTS
	    "  retries 5\nbackend b\n  timeout server 9s\n"
	    "  server s 127.0.0.1:80\n", &d);
	ck_assert_msg(cfg != NULL, "load failed: %s", d.nmsgs ?
	    d.msgs[0].msg : "");
	be = config_find_proxy(cfg, "b", CFG_CAP_BE);
	ck_assert_ptr_nonnull(be);
	ck_assert_int_eq(be->mode, CFG_MODE_HTTP);
	ck_assert_int_eq(be->balance, LB_LEASTCONN);
	ck_assert_uint_eq(be->retries, 5);
	ck_assert_uint_eq(be->timeout[PXT_CONNECT], 5000);
	ck_assert_uint_eq(be->timeout[PXT_SERVER], 9000);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

/* A later defaults section resets; "from" picks a named one. */
START_TEST(test_defaults_from)
{
	struct diag		 d;
	struct config		*cfg;
	struct proxy_conf	*a, *b;

	cfg = load("defaults web\n  mode http\n" TIMEOUTS
	    "defaults\n  mode tcp\n" TIMEOUTS
	    "backend a\n  server s 127.0.0.1:80\n"
	    "backend b from web\n  server s 127.0.0.1:80\n", &d);
	ck_assert_ptr_nonnull(cfg);
	a = config_find_proxy(cfg, "a", CFG_CAP_BE);
	b = config_find_proxy(cfg, "b", CFG_CAP_BE);
	ck_assert_int_eq(a->mode, CFG_MODE_TCP);
	ck_assert_int_eq(b->mode, CFG_MODE_HTTP);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

/* Two proxies appending to inherited log targets must not see each
 * other's additions (copy on write of shared vectors). */
START_TEST(test_inherited_vectors_not_shared)
{
	struct diag		 d;
	struct config		*cfg;
	struct proxy_conf	*a, *b;

	cfg = load("defaults\n  log 127.0.0.1 local0\n" TIMEOUTS
	    "backend a\n  log 127.0.0.2 local1\n  server s 127.0.0.1:80\n"
	    "backend b\n  log 127.0.0.3 local2\n  server s 127.0.0.1:80\n",
	    &d);
	ck_assert_msg(cfg != NULL, "load failed: %s", d.nmsgs ?
	    d.msgs[0].msg : "");
	a = config_find_proxy(cfg, "a", CFG_CAP_BE);
	b = config_find_proxy(cfg, "b", CFG_CAP_BE);
	ck_assert_uint_eq(a->logs.n, 2);
	ck_assert_uint_eq(b->logs.n, 2);
	ck_assert_int_eq(a->logs.v[1].facility, 17);
	ck_assert_int_eq(b->logs.v[1].facility, 18);
	ck_assert_int_eq(cfg->defaults->logs.n, 1);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

static const struct {
	const char	*cfg;
	unsigned	 line, col;
	const char	*want;
} err_cases[] = {
	/* use_backend to a backend that does not exist, at the name */
	{ "frontend f\n  bind :8080\n" TIMEOUTS "  default_backend bakend\n"
	  "backend backend\n  server s 127.0.0.1:80\n", 6, 19,
	  "no backend named 'bakend'" },
	/* duplicate backend names */
	{ "backend b\n" TIMEOUTS "backend b\n" TIMEOUTS, 5, 9,
	  "has the same name" },
	/* from an unknown defaults */
	{ "backend b from nope\n" TIMEOUTS, 1, 16,
	  "no defaults section named 'nope'" },
	/* bad proxy name */
	{ "backend b/x\n" TIMEOUTS, 1, 10, "character '/' is not permitted" },
	/* http frontend to tcp backend */
	{ "frontend f\n  mode http\n  bind :8080\n" TIMEOUTS
	  "  default_backend b\nbackend b\n  mode tcp\n" TIMEOUTS, 7, 19,
	  "cannot use tcp backend" },
	/* unsupported section */
	{ "peers p\n  peer a 127.0.0.1:1000\n", 1, 1, "not supported" },
};

START_TEST(test_errors)
{
	struct diag	 d;
	struct config	*cfg = load(err_cases[_i].cfg, &d);

	ck_assert_msg(cfg == NULL, "case %d should fail", _i);
	ck_assert_msg(find(&d, err_cases[_i].line, err_cases[_i].col,
	    err_cases[_i].want) != NULL, "case %d: no '%s' at %u:%u (first "
	    "message: %u:%u %s)", _i, err_cases[_i].want, err_cases[_i].line,
	    err_cases[_i].col, d.nmsgs ? d.msgs[0].pos.line : 0,
	    d.nmsgs ? d.msgs[0].pos.col : 0, d.nmsgs ? d.msgs[0].msg : "-");
	diag_clear(&d);
}
END_TEST

START_TEST(test_duplicate_note)
{
	struct diag	 d;
	struct config	*cfg = load("backend b\n" TIMEOUTS "backend b\n"
	    TIMEOUTS, &d);
	size_t		 i;
	bool		 note = false;

	ck_assert_ptr_null(cfg);
	for (i = 0; i < d.nmsgs; i++)
		if (d.msgs[i].sev == DIAG_NOTE && d.msgs[i].pos.line == 1)
			note = true;
	ck_assert_msg(note, "no note at the first definition");
	diag_clear(&d);
}
END_TEST

/* The hint names the first missing timeout, not always "client". */
static const struct {
	const char	*cfg;
	const char	*hint;
} timeout_hint_cases[] = {
	{ "backend b\n  timeout server 1s\n  server s 127.0.0.1:80\n",
	  "'timeout connect 5s'" },
	{ "backend b\n  timeout connect 1s\n  server s 127.0.0.1:80\n",
	  "'timeout server 30s'" },
	{ "frontend f\n  bind :8080\n", "'timeout client 30s'" },
	{ "listen l\n  bind :8080\n  timeout client 1s\n"
	  "  server s 127.0.0.1:80\n", "'timeout connect 5s'" },
};

START_TEST(test_timeout_hint)
{
	struct diag		 d;
	struct config		*cfg = load(timeout_hint_cases[_i].cfg, &d);
	const struct diag_msg	*m = find(&d, 1, 1, "missing timeouts");

	ck_assert_msg(m != NULL, "case %d: no warning", _i);
	ck_assert_ptr_nonnull(m->hint);
	ck_assert_msg(strstr(m->hint, timeout_hint_cases[_i].hint) != NULL,
	    "case %d: hint '%s' lacks %s", _i, m->hint,
	    timeout_hint_cases[_i].hint);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

/* "%[...]" in log-format strings is checked against the fetch table, at
 * the column inside the word, with a did-you-mean. */
static const struct {
	const char	*line;		/* added to a frontend, line 4 */
	unsigned	 col;
	const char	*msg, *hint;
} lf_cases[] = {
	{ "  log-format \"%ci %[srcx]\"", 21,
	  "unknown fetch method 'srcx'", "did you mean 'src'?" },
	{ "  http-request set-header X %[req.hdr(host),lowr]", 45,
	  "unknown converter 'lowr'", "did you mean 'lower'?" },
	{ "  http-request redirect location %[path_beg]", 36,
	  "unknown fetch method 'path_beg'", "the sample fetch is 'path'" },
	{ "  http-request set-header X %[var(proc.x)]", 35,
	  "the 'proc' variable scope is not supported by hapx",
	  "per client connection" },
	{ "  http-request set-header X %[env(HOME)]", 31,
	  "fetch method 'env' is not supported by hapx",
	  "does not implement" },
	{ "  unique-id-format %[src]_%[", 27,
	  "missing ']' after the sample expression", "%[fetch,converter]" },
};

START_TEST(test_logfmt_sample)
{
	struct diag		 d;
	struct config		*cfg;
	const struct diag_msg	*m;
	char			 text[512];

	snprintf(text, sizeof(text), "frontend f\n  mode http\n"
	    "  bind :8080\n%s\n", lf_cases[_i].line);
	cfg = load(text, &d);
	ck_assert_ptr_null(cfg);
	m = find(&d, 4, lf_cases[_i].col, lf_cases[_i].msg);
	ck_assert_msg(m != NULL, "case %d: no '%s' at 4:%u (first: %u:%u %s)",
	    _i, lf_cases[_i].msg, lf_cases[_i].col,
	    d.nmsgs ? d.msgs[0].pos.line : 0, d.nmsgs ? d.msgs[0].pos.col : 0,
	    d.nmsgs ? d.msgs[0].msg : "-");
	ck_assert_msg(m->hint != NULL && strstr(m->hint, lf_cases[_i].hint),
	    "case %d: hint '%s'", _i, m->hint ? m->hint : "(none)");
	diag_clear(&d);
}
END_TEST

/* --dump shows every setting the handlers store, one line each. */
static const char dump_cfg[] =
	    "global\n"
	    "  maxconnrate 100\n"
	    "  ulimit-n 4096\n"
	    "  node lb1\n"
	    "  description \"the lb\"\n"
	    "  stats socket 127.0.0.1:9999 level admin\n"
	    "  tune.bufsize 32768\n"
	    "defaults\n"
	    "  mode http\n"
	    "  timeout client 5s\n"
	    "  timeout connect 5s\n"
	    "  timeout server 5s\n"
	    "frontend f\n"
	    "  bind 127.0.0.1:8080 name web maxconn 10\n"
	    "  backlog 64\n"
	    "  log-tag web\n"
	    "  log-format \"%ci %[src]\"\n"
	    "  unique-id-format %[src]\n"
	    "  unique-id-header X-Id\n"
	    "  monitor-uri /mon\n"
	    "  capture request header Host len 32\n"
	    "  option forwardfor header X-F except 10.0.0.0/8\n"
	    "  tcp-request connection accept\n"
	    "  http-request set-header X-A b\n"
	    "  http-request replace-path ^/a(.*) /b\\1\n"
	    "  redirect location /x code 301 if { path /y }\n"
	    "  default_backend b\n"
	    "backend b\n"
	    "  id 5\n"
	    "  description \"my backend\"\n"
	    "  balance source\n"
	    "  hash-type consistent djb2\n"
	    "  retry-on conn-failure\n"
	    "  http-reuse always\n"
	    "  fullconn 100\n"
	    "  errorloc302 503 http://x/\n"
	    "  cookie S insert indirect\n"
	    "  stick-table type ip size 1k expire 30s\n"
	    "  stick on src\n"
	    "  use-server s1 if TRUE\n"
	    "  server s1 127.0.0.1:80\n";

static const char *const dump_want[] = {
	"global: maxconnrate = 100",
	"global: ulimit-n = 4096",
	"global: node = \"lb1\"",
	"global: description = \"the lb\"",
	"global: tune.bufsize = 32768",
	"global: stats socket = 127.0.0.1:9999 level=admin",
	"frontend f: bind[0] = 127.0.0.1:8080 name=web maxconn=10",
	"frontend f: backlog = 64",
	"frontend f: log-tag = web",
	"frontend f: log-format = \"%ci %[src]\"",
	"frontend f: unique-id-format = \"%[src]\"",
	"frontend f: unique-id-header = X-Id",
	"frontend f: monitor-uri = /mon",
	"frontend f: capture[0] = request header Host len=32",
	"frontend f: option forwardfor header X-F except 10.0.0.0/8",
	"frontend f: tcp-request[0] = connection accept",
	"frontend f: request rule[0] = http-request set-header name=\"X-A\" "
	    "value=\"b\"",
	"frontend f: request rule[1] = http-request replace-path "
	    "regex=\"^/a(.*)\" value=\"/b\\\\1\"",
	"frontend f: redirect[0] = location \"/x\" code=301 "
	    "if { path -m str \"/y\" }",
	"backend b: id = 5",
	"backend b: description = \"my backend\"",
	"backend b: hash-type = consistent djb2",
	"backend b: retry-on = conn-failure",
	"backend b: http-reuse = always",
	"backend b: fullconn = 100",
	"backend b: errorloc302 503 = http://x/",
	"backend b: cookie = S insert indirect",
	"backend b: stick-table = type=ip size=1024 expire=30s",
	"backend b: stick[0] = on src",
	"backend b: use-server[0] = s1 if TRUE",
	"backend b: acl TRUE = always_true -m bool (predefined)",
};

START_TEST(test_dump)
{
	struct diag	 d;
	struct config	*cfg = load(dump_cfg, &d);
	char		*out, line[256];
	size_t		 len, i;
	FILE		*fp;

	ck_assert_msg(cfg != NULL, "load failed: %s", d.nmsgs ?
	    d.msgs[0].msg : "");
	fp = open_memstream(&out, &len);
	ck_assert_ptr_nonnull(fp);
	cfg_dump(cfg, fp);
	fclose(fp);
	for (i = 0; i < sizeof(dump_want) / sizeof(dump_want[0]); i++) {
		snprintf(line, sizeof(line), "\n%s\n", dump_want[i]);
		ck_assert_msg(strstr(out, line) != NULL, "no line '%s' in:\n%s",
		    dump_want[i], out);
	}
	/* Predefined ACLs appear only when used. */
	ck_assert_msg(strstr(out, "acl FALSE") == NULL, "unused FALSE dumped");
	free(out);
	config_free(cfg);
	diag_clear(&d);
}
END_TEST

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	path[256];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

/* "-f DIR" loads DIR's *.cfg regular files in lexical order, as HAProxy
 * does: hidden files, other names and subdirectories are skipped. */
START_TEST(test_load_dir)
{
	char		 dir[] = "/tmp/check_model.XXXXXX", sub[300];
	const char	*paths[1] = { dir };
	struct diag	 d;
	struct config	*cfg;
	struct proxy_conf *b;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* The defaults must come first for b to inherit "mode http". */
	write_file(dir, "20-be.cfg", "backend b\n  server s 127.0.0.1:80\n");
	write_file(dir, "10-def.cfg", "defaults\n  mode http\n" TIMEOUTS);
	write_file(dir, "30-junk.txt", "junk\n");
	write_file(dir, ".40-hidden.cfg", "junk\n");
	snprintf(sub, sizeof(sub), "%s/50-sub.cfg", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	diag_init(&d);
	cfg = cfg_load(paths, 1, CFG_LOAD_NO_RESOLVE, &d);
	ck_assert_msg(cfg != NULL, "load failed: %s", d.nmsgs ?
	    d.msgs[0].msg : "");
	ck_assert_uint_eq(d.nmsgs, 0);
	b = config_find_proxy(cfg, "b", CFG_CAP_BE);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(b->mode, CFG_MODE_HTTP);
	config_free(cfg);
	diag_clear(&d);

	/* A directory with no *.cfg file: a warning, not silence. */
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/empty", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	paths[0] = sub;
	diag_init(&d);
	cfg = cfg_load(paths, 1, CFG_LOAD_NO_RESOLVE, &d);
	ck_assert_ptr_nonnull(cfg);
	ck_assert_uint_eq(d.nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(d.msgs[0].msg, "has no '*.cfg' file"));
	config_free(cfg);
	diag_clear(&d);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(sub), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("model");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 nf;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_defaults_inherited);
	tcase_add_test(tc, test_defaults_from);
	tcase_add_test(tc, test_inherited_vectors_not_shared);
	tcase_add_loop_test(tc, test_errors, 0,
	    sizeof(err_cases) / sizeof(err_cases[0]));
	tcase_add_test(tc, test_duplicate_note);
	tcase_add_test(tc, test_load_dir);
	tcase_add_test(tc, test_dump);
	tcase_add_loop_test(tc, test_logfmt_sample, 0,
	    sizeof(lf_cases) / sizeof(lf_cases[0]));
	tcase_add_loop_test(tc, test_timeout_hint, 0,
	    sizeof(timeout_hint_cases) / sizeof(timeout_hint_cases[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
