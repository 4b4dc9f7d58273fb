/*
 * main: the command line.  "hapx -c -f FILE" (HAProxy's flags) and
 * "hapx cfgcheck [--format=json] [--dump] FILE..." load configurations and
 * render the diagnostics; this is the only file that prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/resource.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <oniguruma.h>

#include "tools/cfg_dump.h"
#include "tools/cfg_explain.h"
#include "cfg/cfg_keywords.h"
#include "tools/cfg_lint.h"
#include "cfg/cfg_load.h"
#include "tools/cfg_migrate.h"
#include "tools/cfg_probe.h"
#include "tools/reload_client.h"
#include "engine/engine.h"
#include "engine/listener.h"
#include "engine/sock_xfer.h"
#include "engine/mworker.h"
#include "observe/log.h"
#include "observe/log_types.h"
#include "engine/process.h"
#include "base/diag.h"
#include "base/diag_codes.h"
#include "base/nitems.h"
#include "cfg/cfg_cond.h"
#include "cfg/cfg_parse.h"
#include "model/cfg_model.h"

#ifndef HAPX_CC
#define HAPX_CC	"cc"
#endif

#define MAX_SHOWN	100	/* messages rendered before "N more" */

enum out_format { OUT_TEXT, OUT_JSON, OUT_SARIF };

struct opts {
	bool		 check, quiet, dump;
	struct process_opts proc;
	unsigned	 load_flags;
	enum out_format	 format;
	const char	**files;
	size_t		 nfiles;
	const char	*migrate;	/* --migrate FILE */
	const char	*out;		/* -o OUT with --migrate */
	bool		 lint;		/* cfgcheck: lint, policy, collapse */
	struct diag_policy policy;	/* --werror=, --no-warn= */
	struct cfg_explain_req explain;	/* --explain REQ, -H, --src */
	const char	**hdrs;		/* -H: owned array */
	bool		 probe;		/* --probe FILE [BE[/SRV]] */
	const char	*cond;		/* -cc EXPR */
	uint32_t	 maxconn;	/* -n: global maxconn, 0 = config's */
	uint32_t	 px_maxconn;	/* -N: proxies' default maxconn */
	uint32_t	 memmax_mb;	/* -m */
	bool		 zero_warning;	/* -dW */
	const char	*localpeer;	/* -L */
};

/* --format=sarif: every file's diagnostics, rendered as one log at the
 * end (render() moves them here). */
static struct diag	**sarif_diags;
static size_t		  sarif_n;

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: hapx [-f FILE|DIR]... [-d|-db|-D] [-W|-Ws] [-S BIND[,OPTS]]"
	    " [-p PIDFILE]\n"
	    "            [-q|-V] [-c] [-dr] [-dW] [-dR] [-n MAXCONN] [-N "
	    "MAXPCONN] [-m MB]\n"
	    "            [-C DIR] [-L NAME] [-x SOCKET] [-sf|-st PID...] "
	    "[-- FILE...]\n"
	    "       hapx -cc 'CONDITION'    exit 0 if it holds, as '.if'\n"
	    "       hapx -v | -vv\n"
	    "       hapx cfgcheck [--format=text|json|sarif] [--dump] [-q] "
	    "[--no-resolve]\n"
	    "                     [--werror=CODE,...] [--no-warn=CODE,...] "
	    "FILE|DIR...\n"
	    "       hapx cfgcheck --migrate FILE [-o OUT|-]\n"
	    "       hapx cfgcheck --explain 'GET /path HTTP/1.1' [-H 'Name: "
	    "value']...\n"
	    "                     [--src ADDR] [--frontend NAME] FILE\n"
	    "       hapx cfgcheck --probe FILE [BACKEND[/SERVER]]\n"
	    "       hapx -W|-Ws [-S ADDR[,OPT,VAL]...] -f FILE|DIR...\n"
	    "       hapx reload -S MASTER_SOCKET [-f FILE|DIR]... [-q]\n");
}

static void
add_file(struct opts *o, const char *f)
{
	o->files = realloc(o->files, (o->nfiles + 1) * sizeof(*o->files));
	if (o->files == NULL)
		abort();
	o->files[o->nfiles++] = f;
}

static bool
use_color(void)
{
	const char	*term = getenv("TERM");

	return isatty(STDERR_FILENO) && getenv("NO_COLOR") == NULL &&
	    term != NULL && strcmp(term, "dumb") != 0;
}

static void
render(struct diag *d, const struct opts *o)
{
	size_t	shown = d->nmsgs;

	diag_sort(d);
	if (o->format == OUT_SARIF) {
		sarif_diags = realloc(sarif_diags, (sarif_n + 1) *
		    sizeof(*sarif_diags));
		if (sarif_diags == NULL ||
		    (sarif_diags[sarif_n] = malloc(sizeof(*d))) == NULL)
			abort();
		*sarif_diags[sarif_n++] = *d;
		diag_init(d);
		return;
	}
	if (o->format == OUT_JSON) {
		diag_render_json(d, stdout);
		return;
	}
	if (shown > MAX_SHOWN) {
		d->nmsgs = MAX_SHOWN;
		diag_render_text(d, stderr, use_color());
		d->nmsgs = shown;
		fprintf(stderr, "hapx: %zu more messages not shown\n",
		    shown - MAX_SHOWN);
	} else
		diag_render_text(d, stderr, use_color());
}

/* What the command line overrides in a loaded configuration: -n is the
 * global maxconn, -N the maxconn of proxies that set none (HAProxy). */
static void
apply_overrides(struct config *cfg, const struct opts *o)
{
	unsigned	i;

	if (o->maxconn != 0)
		cfg->global.maxconn = o->maxconn;
	for (i = 0; o->px_maxconn != 0 && i < cfg->nproxies; i++)
		if (cfg->proxies[i].maxconn == CFG_UNSET)
			cfg->proxies[i].maxconn = o->px_maxconn;
	if (o->proc.noreuseport)
		cfg->global.noreuseport = true;
}

/* The warnings "zero-warning" counts: HAProxy's.  hapx's own notes that a
 * keyword has no effect here (W-ignored) would refuse a configuration
 * HAProxy starts. */
static unsigned
count_warnings(const struct diag *d)
{
	size_t		i;
	unsigned	n = 0;

	for (i = 0; i < d->nmsgs; i++)
		if (d->msgs[i].sev == DIAG_WARNING && (d->msgs[i].code == NULL ||
		    strcmp(d->msgs[i].code, LINT_IGNORED) != 0))
			n++;
	return n;
}

/* Load FILES and apply the command line; "zero-warning" or -dW turn a
 * warning into a refusal, as HAProxy's "Some warnings were found". */
static struct config *
load_files(const char *const *files, size_t n, const struct opts *o,
    struct diag *d)
{
	struct config	*cfg = cfg_load(files, n, o->load_flags, d);
	unsigned	 nw;

	if (cfg == NULL)
		return NULL;
	apply_overrides(cfg, o);
	nw = count_warnings(d);
	if ((o->zero_warning || cfg->global.zero_warning) && nw > 0 &&
	    !diag_has_errors(d)) {
		diag_error(d, NULL, "%u warning%s found and %s is set: "
		    "refusing to start", nw, nw == 1 ? " was" : "s were",
		    o->zero_warning ? "-dW" : "'zero-warning'");
		diag_hint(d, "fix the warnings above, or remove %s",
		    o->zero_warning ? "-dW" : "'zero-warning'");
	}
	return cfg;
}

/* -m MB: cap the address space, as HAProxy's -m does. */
static int
set_memmax(uint32_t mb)
{
	struct rlimit	rl;

	rl.rlim_cur = rl.rlim_max = (rlim_t)mb * 1024 * 1024;
	return setrlimit(RLIMIT_AS, &rl);
}

/* Check one set of files that form one configuration; returns the exit
 * status: 0 valid, 1 errors, 2 valid but nothing to listen on. */
static int
check_files(const char *const *files, size_t n, const struct opts *o)
{
	struct diag	 d;
	struct config	*cfg;
	int		 rc = 0;

	diag_init(&d);
	cfg = load_files(files, n, o, &d);
	if (o->lint) {
		if (cfg != NULL)
			cfg_lint(cfg, &d);
		diag_apply_policy(&d, &o->policy);
		diag_collapse(&d);
	}
	/* Before render(), which keeps SARIF's messages for the end. */
	if (cfg == NULL || diag_has_errors(&d))
		rc = 1;
	else if (cfg->nlisteners == 0)
		rc = 2;
	if (!o->quiet || rc == 1)
		render(&d, o);
	if (o->format == OUT_TEXT && !o->quiet) {
		if (rc == 0)
			printf("Configuration file is valid%s\n",
			    d.nwarnings ? " (with warnings)" : "");
		else if (rc == 2)
			printf("Configuration file has no error but will not "
			    "start (no listener) => exit(2).\n");
	}
	if (cfg != NULL && o->dump)
		cfg_dump(cfg, stdout);
	config_free(cfg);
	diag_clear(&d);
	return rc;
}

static void
mw_report(void *arg, struct diag *d)
{
	render(d, arg);
}

/* HAProxy's process messages: "[NOTICE]   (pid) : MSG". */
static void
mw_say(void *arg, int level, const char *msg)
{
	const char	*tag = level <= LOG_L_ERR ? "[ALERT]" :
			    level == LOG_L_WARNING ? "[WARNING]" : "[NOTICE]";

	(void)arg;
	fprintf(stderr, "%-10s (%ld) : %s\n", tag, (long)getpid(), msg);
}

static struct config *
mw_load(void *arg, struct diag *d)
{
	const struct opts	*o = arg;

	return load_files(o->files, o->nfiles, o, d);
}

/* -W, -Ws or "master-worker": the master takes CFG and D over, and
 * reloads O's files. */
static int
run_master(struct config *cfg, struct diag *d, const struct opts *o)
{
	struct mworker_opts	mo = {
		.load = mw_load, .proc = &o->proc, .quiet = o->quiet,
		.report = mw_report, .say = mw_say, .arg = (void *)o,
	};

	return mworker_run(cfg, d, &mo);
}

/* Load, bind, become the service and run until stopped.  A config or
 * bind error leaves nothing running and exits 1. */
static int
run_files(const char *const *files, size_t n, const struct opts *o)
{
	struct diag		 d;
	struct config		*cfg;
	struct engine		*eng = NULL;
	struct listen_fds	 xfds = { NULL, 0 };	/* -x */
	int			 rc = 1;

	diag_init(&d);
	cfg = load_files(files, n, o, &d);
	if (cfg != NULL && !diag_has_errors(&d) &&
	    (o->proc.master_worker || cfg->global.master_worker)) {
		rc = run_master(cfg, &d, o);
		diag_clear(&d);
		return rc;
	}
	if (cfg != NULL && !diag_has_errors(&d) && o->proc.sock_from != NULL &&
	    sock_xfer_fetch(o->proc.sock_from, &xfds, &d) < 0) {
		render(&d, o);
		config_free(cfg);
		diag_clear(&d);
		return 1;
	}
	if (cfg != NULL && !diag_has_errors(&d) &&
	    (eng = engine_new_inherit(cfg, &xfds, &d)) != NULL) {
		/* HAProxy's process messages ("[WARNING] (pid) : Server ...
		 * is DOWN") go to stderr unless -q; a daemon's is /dev/null. */
		eng->stderr_msgs = !o->quiet;
		listen_fds_clear(&xfds);	/* those no bind took */
		/* Warnings go out before a daemon loses its stderr. */
		if (!o->quiet)
			render(&d, o);
		diag_clear(&d);
		diag_init(&d);
		rc = process_setup(&cfg->global, &o->proc, &d);
		if (rc == 0)
			rc = engine_run(eng);
		else if (rc == 1)
			rc = 0;		/* the parent of a daemon */
		else
			rc = 1;
	}
	if (d.nmsgs > 0 && (!o->quiet || diag_has_errors(&d)))
		render(&d, o);
	listen_fds_clear(&xfds);
	engine_free(eng);
	config_free(cfg);
	diag_clear(&d);
	/* Stopped by SIGTERM/SIGINT: HAProxy 2.6 (without -W) dies of the
	 * signal, which VTest checks; a shell sees 128 + N either way. */
	if (rc == 128 + SIGTERM || rc == 128 + SIGINT) {
		signal(rc - 128, SIG_DFL);
		raise(rc - 128);
	}
	return rc;
}

/* Write LEN bytes of S to PATH ("-": stdout); -1 with errno on failure. */
static int
write_text(const char *path, const char *s, size_t len)
{
	FILE	*fp = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	int	 rc;

	if (fp == NULL)
		return -1;
	rc = fwrite(s, 1, len, fp) == len ? 0 : -1;
	if (fp != stdout && fclose(fp) != 0)
		rc = -1;
	return rc;
}

/* --migrate: FILE's 2.6 form as a unified diff on stdout, or written to
 * -o OUT.  Exit 0 when everything was migrated (or nothing needed it),
 * 1 on a parse or I/O error, 2 when some 1.x lines were left as they
 * were (each reported with its reason). */
static int
cmd_migrate(const struct opts *o)
{
	struct diag			 d;
	struct cfg_migrate_result	 r;
	char				*diff;
	int				 rc;

	diag_init(&d);
	if (cfg_migrate_file(o->migrate, &r, &d) < 0) {
		render(&d, o);
		diag_clear(&d);
		return 1;
	}
	if (!o->quiet)
		render(&d, o);
	diag_clear(&d);
	rc = r.nleft > 0 ? 2 : 0;
	if (o->out != NULL) {
		if (write_text(o->out, r.text, r.len) < 0) {
			fprintf(stderr, "hapx: cannot write '%s': %s\n",
			    o->out, strerror(errno));
			rc = 1;
		}
	} else {
		diff = cfg_migrate_diff(o->migrate, r.orig, r.origlen,
		    o->migrate, r.text, r.len);
		fputs(diff, stdout);
		free(diff);
	}
	if (!o->quiet)
		fprintf(stderr, "hapx: %s: %u line%s migrated, %u left as "
		    "they were\n", o->migrate, r.nchanged, r.nchanged == 1 ?
		    "" : "s", r.nleft);
	cfg_migrate_result_free(&r);
	return rc;
}

/* Load FILE for --explain or --probe: errors are rendered (exit 1),
 * warnings are not (cfgcheck FILE reports them).  D holds the file
 * names the model's positions point to: clear it after the config. */
static struct config *
load_one(const char *file, const struct opts *o, struct diag *d)
{
	struct config	*cfg;

	diag_init(d);
	cfg = cfg_load(&file, 1, o->load_flags, d);
	if (cfg == NULL || diag_has_errors(d)) {
		render(d, o);
		config_free(cfg);
		cfg = NULL;
	}
	return cfg;
}

/* --explain: exit 0 when a server would receive the request, 3 when
 * hapx answers it itself (503, deny, redirect...), 1 on a config error
 * or a bad request. */
static int
cmd_explain(const char *file, const struct opts *o)
{
	struct diag	 d;
	struct config	*cfg = load_one(file, o, &d);
	char		 err[512];
	int		 rc;

	if (cfg == NULL) {
		diag_clear(&d);
		return 1;
	}
	err[0] = '\0';
	rc = cfg_explain(cfg, &o->explain, stdout, err, sizeof(err));
	if (err[0] != '\0')
		fprintf(stderr, "hapx: %s\n", err);
	config_free(cfg);
	diag_clear(&d);
	return rc;
}

/* --probe: exit 0 when every probed server passed, 4 when one failed,
 * 1 on a config error or no such server. */
static int
cmd_probe(const char *file, const char *sel, const struct opts *o)
{
	struct diag	 d;
	struct config	*cfg = load_one(file, o, &d);
	char		 err[512];
	int		 rc;

	if (cfg == NULL) {
		diag_clear(&d);
		return 1;
	}
	err[0] = '\0';
	rc = cfg_probe(cfg, sel, stdout, err, sizeof(err));
	if (err[0] != '\0')
		fprintf(stderr, "hapx: %s\n", err);
	config_free(cfg);
	diag_clear(&d);
	return rc;
}

/* Add the comma-separated warning codes of ARG to LIST; -1 (after a
 * message) if one is not a code hapx gives. */
static int
add_codes(char *arg, const char ***list, size_t *n)
{
	size_t			 nrules;
	const struct diag_rule	*rules = cfg_lint_rules(&nrules);
	const char		**names, *s;
	char			*c;
	size_t			 i;

	for (c = strtok(arg, ","); c != NULL; c = strtok(NULL, ",")) {
		for (i = 0; i < nrules && strcmp(rules[i].code, c) != 0; i++)
			continue;
		if (i == nrules && strcmp(c, "all") != 0) {
			names = reallocarray(NULL, nrules, sizeof(*names));
			for (i = 0; names != NULL && i < nrules; i++)
				names[i] = rules[i].code;
			s = names ? cfg_kw_suggest(c, names, nrules) : NULL;
			fprintf(stderr, "hapx: unknown warning code "
			    "'%s'%s%s%s\n", c, s ? " (did you mean '" : "",
			    s ? s : "", s ? "'?)" : " (see 'man hapx', LINT)");
			free(names);
			return -1;
		}
		*list = reallocarray(*list, *n + 1, sizeof(**list));
		if (*list == NULL)
			abort();
		(*list)[(*n)++] = c;
	}
	return 0;
}

/* Render what --format=sarif kept, as one log, and free it. */
static void
sarif_flush(void)
{
	const struct diag_rule	*rules;
	size_t			 nrules, i;

	rules = cfg_lint_rules(&nrules);
	diag_render_sarif((const struct diag *const *)sarif_diags, sarif_n,
	    stdout, rules, nrules);
	for (i = 0; i < sarif_n; i++) {
		diag_clear(sarif_diags[i]);
		free(sarif_diags[i]);
	}
	free(sarif_diags);
	sarif_diags = NULL;
	sarif_n = 0;
}

/* -H, --src, --frontend without --explain. */
static bool
hdr_only(const struct opts *o)
{
	return o->explain.nhdrs > 0 || o->explain.src != NULL ||
	    o->explain.frontend != NULL;
}

/* --explain FILE or --probe FILE [SEL]; the options of one exclude the
 * other's and the lint ones. */
static int
cmd_explain_probe(int argc, char **argv, struct opts *o)
{
	int	rc;
	bool	hdr_opts = o->explain.nhdrs > 0 || o->explain.src != NULL ||
		    o->explain.frontend != NULL;

	if ((o->explain.line != NULL && o->probe) || o->migrate != NULL ||
	    o->out != NULL || o->dump || o->format != OUT_TEXT ||
	    (o->probe && hdr_opts) || optind >= argc ||
	    argc - optind > (o->probe ? 2 : 1)) {
		usage(stderr);
		free(o->hdrs);
		return 1;
	}
	if (o->probe)
		rc = cmd_probe(argv[optind], optind + 1 < argc ?
		    argv[optind + 1] : NULL, o);
	else
		rc = cmd_explain(argv[optind], o);
	free(o->hdrs);
	return rc;
}

static int
cmd_cfgcheck(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format",	required_argument, NULL, 'F' },
		{ "dump",	no_argument,	   NULL, 'D' },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ "no-resolve",	no_argument,	   NULL, 'R' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ "list-keywords", no_argument,	   NULL, 'K' },
		{ "migrate",	required_argument, NULL, 'M' },
		{ "werror",	required_argument, NULL, 'W' },
		{ "no-warn",	required_argument, NULL, 'N' },
		{ "explain",	required_argument, NULL, 'E' },
		{ "header",	required_argument, NULL, 'H' },
		{ "src",	required_argument, NULL, 'S' },
		{ "frontend",	required_argument, NULL, 'P' },
		{ "probe",	no_argument,	   NULL, 'B' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts	o;
	int		ch, rc = 0, r, i;

	memset(&o, 0, sizeof(o));
	o.lint = true;
	while ((ch = getopt_long(argc, argv, "qo:H:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'F':
			if (strcmp(optarg, "json") == 0)
				o.format = OUT_JSON;
			else if (strcmp(optarg, "text") == 0)
				o.format = OUT_TEXT;
			else if (strcmp(optarg, "sarif") == 0)
				o.format = OUT_SARIF;
			else {
				fprintf(stderr, "hapx: unknown format '%s' "
				    "(text, json or sarif)\n", optarg);
				return 1;
			}
			break;
		case 'W':
			if (add_codes(optarg, &o.policy.werror,
			    &o.policy.nwerror) < 0)
				return 1;
			break;
		case 'N':
			if (add_codes(optarg, &o.policy.nowarn,
			    &o.policy.nnowarn) < 0)
				return 1;
			break;
		case 'D':
			o.dump = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'R':
			o.load_flags |= CFG_LOAD_NO_RESOLVE;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'K':
			cfg_kw_write_markdown(stdout);
			return 0;
		case 'M':
			o.migrate = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'E':
			o.explain.line = optarg;
			break;
		case 'H':
			o.hdrs = reallocarray(o.hdrs, o.explain.nhdrs + 1,
			    sizeof(*o.hdrs));
			if (o.hdrs == NULL)
				abort();
			o.hdrs[o.explain.nhdrs++] = optarg;
			o.explain.hdrs = o.hdrs;
			break;
		case 'S':
			o.explain.src = optarg;
			break;
		case 'P':
			o.explain.frontend = optarg;
			break;
		case 'B':
			o.probe = true;
			break;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (o.migrate != NULL && optind == argc)
		return cmd_migrate(&o);
	if (o.explain.line != NULL || o.probe)
		return cmd_explain_probe(argc, argv, &o);
	if (o.migrate != NULL || o.out != NULL || optind >= argc ||
	    hdr_only(&o)) {
		usage(stderr);
		return 1;
	}
	/* Each argument is its own configuration, as a linter checks files;
	 * a directory is one configuration made of its *.cfg files. */
	for (i = optind; i < argc; i++) {
		const char	*f = argv[i];

		r = check_files(&f, 1, &o);
		if (r > rc)
			rc = r;
	}
	if (o.format == OUT_SARIF)
		sarif_flush();
	free(o.policy.werror);
	free(o.policy.nowarn);
	return rc;
}

/*
 * HAProxy's command line (haproxy -h, 2.6), as a table.  A flag takes no
 * argument, one, or a list of PIDs (-sf/-st).  The flags HAProxy uses to
 * disable a poller or a system call hapx does not use are accepted with a
 * warning saying so, like their "global" keywords.
 */
enum flag_arg { FA_NONE, FA_ONE, FA_PIDS };

struct hflag {
	const char	*name;
	enum flag_arg	 arg;
	int		(*fn)(struct opts *, const char *flag, char *arg);
	const char	*no_effect;	/* accepted, with this warning */
};

static int
fl_check(struct opts *o, const char *f, char *a)
{
	(void)f; (void)a;
	o->check = true;
	return 0;
}

static int
fl_quiet(struct opts *o, const char *f, char *a)
{
	(void)a;
	o->quiet = strcmp(f, "-q") == 0;	/* -V: verbose again */
	return 0;
}

static int
fl_noresolve(struct opts *o, const char *f, char *a)
{
	(void)f; (void)a;
	o->load_flags |= CFG_LOAD_NO_RESOLVE;
	return 0;
}

static int
fl_fg(struct opts *o, const char *f, char *a)
{
	(void)f; (void)a;
	o->proc.foreground = true;
	return 0;
}

static int
fl_daemon(struct opts *o, const char *f, char *a)
{
	(void)f; (void)a;
	o->proc.daemon = true;
	return 0;
}

static int
fl_mworker(struct opts *o, const char *f, char *a)
{
	(void)a;
	o->proc.master_worker = true;
	o->proc.systemd = strcmp(f, "-Ws") == 0;
	return 0;
}

static int
fl_mcli(struct opts *o, const char *f, char *a)
{
	(void)f;
	o->proc.mcli = reallocarray(o->proc.mcli, o->proc.nmcli + 1,
	    sizeof(*o->proc.mcli));
	if (o->proc.mcli == NULL)
		abort();
	o->proc.mcli[o->proc.nmcli++] = a;
	return 0;
}

static int
fl_pidfile(struct opts *o, const char *f, char *a)
{
	(void)f;
	o->proc.pidfile = a;
	return 0;
}

static int
fl_file(struct opts *o, const char *f, char *a)
{
	(void)f;
	add_file(o, a);
	return 0;
}

static int
fl_cond(struct opts *o, const char *f, char *a)
{
	(void)f;
	o->cond = a;
	return 0;
}

static int
fl_chdir(struct opts *o, const char *f, char *a)
{
	(void)o; (void)f;
	if (chdir(a) < 0) {
		fprintf(stderr, "hapx: -C %s: %s\n", a, strerror(errno));
		return -1;
	}
	return 0;
}

/* -L: the local peer name, which HAProxy exports to the configuration
 * as HAPROXY_LOCALPEER (the host name without -L). */
static int
fl_peer(struct opts *o, const char *f, char *a)
{
	(void)f;
	o->localpeer = a;
	return 0;
}

static int
set_localpeer(const struct opts *o)
{
	char	host[256];

	if (o->localpeer != NULL)
		return setenv("HAPROXY_LOCALPEER", o->localpeer, 1);
	if (gethostname(host, sizeof(host)) < 0)
		return -1;
	host[sizeof(host) - 1] = '\0';
	return setenv("HAPROXY_LOCALPEER", host, 1);
}

/* -n N / -N N: a positive integer, or an error naming the flag. */
static int
flag_uint(const char *f, const char *a, uint32_t *out)
{
	char		*end;
	unsigned long	 v;

	errno = 0;
	v = strtoul(a, &end, 10);
	if (errno != 0 || end == a || *end != '\0' || a[0] == '-' ||
	    v == 0 || v > INT32_MAX) {
		fprintf(stderr, "hapx: %s expects a positive integer, not "
		    "'%s'\n", f, a);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static int
fl_maxconn(struct opts *o, const char *f, char *a)
{
	return flag_uint(f, a, strcmp(f, "-n") == 0 ? &o->maxconn :
	    &o->px_maxconn);
}

/* -m MB: HAProxy caps the process's memory (RLIMIT_AS). */
static int
fl_memmax(struct opts *o, const char *f, char *a)
{
	return flag_uint(f, a, &o->memmax_mb);
}

static int
fl_zero_warning(struct opts *o, const char *f, char *a)
{
	(void)f; (void)a;
	o->zero_warning = true;
	return 0;
}

static int
fl_noreuseport(struct opts *o, const char *f, char *a)
{
	(void)f; (void)a;
	o->proc.noreuseport = true;
	return 0;
}

static int
fl_sockfrom(struct opts *o, const char *f, char *a)
{
	(void)f;
	o->proc.sock_from = a;
	return 0;
}

/* -sf/-st PID...: the PIDs are the words after the flag that are
 * numbers; main() hands them over here one by one. */
static int
fl_oldpid(struct opts *o, const char *f, char *a)
{
	char	*end;
	long	 pid;

	o->proc.hard_stop_old = strcmp(f, "-st") == 0;
	if (a == NULL)
		return 0;
	errno = 0;
	pid = strtol(a, &end, 10);
	/* Checked against pid_t: a wrapped value would be kill(-1) or
	 * kill(0), every process or our own group. */
	if (*end != '\0' || errno != 0 || pid <= 1 || pid > INT32_MAX) {
		fprintf(stderr, "hapx: %s: '%s' is not a process id\n", f, a);
		return -1;
	}
	o->proc.old_pids = reallocarray(o->proc.old_pids,
	    o->proc.nold_pids + 1, sizeof(*o->proc.old_pids));
	if (o->proc.old_pids == NULL)
		abort();
	o->proc.old_pids[o->proc.nold_pids++] = pid;
	return 0;
}

#define NOEFF_POLL	"hapx uses libevent, which picks the poller itself"

static const struct hflag hflags[] = {
	{ "-C",		FA_ONE,  fl_chdir, NULL },
	{ "-D",		FA_NONE, fl_daemon, NULL },
	{ "-L",		FA_ONE,  fl_peer, NULL },
	{ "-N",		FA_ONE,  fl_maxconn, NULL },
	{ "-S",		FA_ONE,  fl_mcli, NULL },
	{ "-V",		FA_NONE, fl_quiet, NULL },
	{ "-W",		FA_NONE, fl_mworker, NULL },
	{ "-Ws",	FA_NONE, fl_mworker, NULL },
	{ "-c",		FA_NONE, fl_check, NULL },
	{ "-cc",	FA_ONE,  fl_cond, NULL },
	{ "-d",		FA_NONE, fl_fg, NULL },
	{ "-dD",	FA_NONE, NULL, "hapx's diagnostics are 'hapx cfgcheck' "
	    "(lint)" },
	{ "-dG",	FA_NONE, NULL, "hapx always resolves names with "
	    "getaddrinfo()" },
	{ "-dR",	FA_NONE, fl_noreuseport, NULL },
	{ "-dS",	FA_NONE, NULL, "hapx does not splice" },
	{ "-dV",	FA_NONE, NULL, "hapx has no TLS servers to verify" },
	{ "-dW",	FA_NONE, fl_zero_warning, NULL },
	{ "-db",	FA_NONE, fl_fg, NULL },
	{ "-de",	FA_NONE, NULL, NOEFF_POLL },
	{ "-dp",	FA_NONE, NULL, NOEFF_POLL },
	{ "-dr",	FA_NONE, fl_noresolve, NULL },
	{ "-f",		FA_ONE,  fl_file, NULL },
	{ "-m",		FA_ONE,  fl_memmax, NULL },
	{ "-n",		FA_ONE,  fl_maxconn, NULL },
	{ "-p",		FA_ONE,  fl_pidfile, NULL },
	{ "-q",		FA_NONE, fl_quiet, NULL },
	{ "-sf",	FA_PIDS, fl_oldpid, NULL },
	{ "-st",	FA_PIDS, fl_oldpid, NULL },
	{ "-x",		FA_ONE,  fl_sockfrom, NULL },
};

static const struct hflag *
hflag_find(const char *s)
{
	size_t	i;

	for (i = 0; i < nitems(hflags); i++)
		if (strcmp(hflags[i].name, s) == 0)
			return &hflags[i];
	return NULL;
}

/* Parse argv into O; -1 after a message on a bad or unknown flag. */
static int
parse_flags(int argc, char **argv, struct opts *o)
{
	const struct hflag	*fl;
	int			 i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (++i < argc)
				add_file(o, argv[i]);
			break;
		}
		if ((fl = hflag_find(argv[i])) == NULL ||
		    (fl->arg == FA_ONE && i + 1 >= argc)) {
			fprintf(stderr, "hapx: %s option '%s'\n", fl == NULL ?
			    "unknown" : "missing argument to", argv[i]);
			usage(stderr);
			return -1;
		}
		if (fl->no_effect != NULL) {
			if (!o->quiet)
				fprintf(stderr, "hapx: warning: '%s' has no "
				    "effect: %s\n", fl->name, fl->no_effect);
			continue;
		}
		if (fl->arg == FA_PIDS) {
			if (fl->fn(o, fl->name, NULL) < 0)
				return -1;
			while (i + 1 < argc && argv[i + 1][0] != '-')
				if (fl->fn(o, fl->name, argv[++i]) < 0)
					return -1;
			continue;
		}
		if (fl->fn(o, fl->name, fl->arg == FA_ONE ? argv[++i] : NULL) <
		    0)
			return -1;
	}
	return 0;
}

/* -cc EXPR: exit 0 when the condition holds, 1 when not or on error. */
static int
cmd_cond(const struct opts *o)
{
	struct diag	 d;
	int		 r;

	diag_init(&d);
	r = cfg_cond_eval_text(o->cond, "command line", &d);
	if (r < 0)
		render(&d, o);
	diag_clear(&d);
	return r == 1 ? 0 : 1;
}

static void
opts_free(struct opts *o)
{
	free(o->files);
	free(o->proc.mcli);
	free(o->proc.old_pids);
}

static int
cmd_haproxy(int argc, char **argv)
{
	struct opts	o;
	int		rc;

	memset(&o, 0, sizeof(o));
	if (parse_flags(argc, argv, &o) < 0 || set_localpeer(&o) < 0) {
		opts_free(&o);
		return 1;
	}
	if (o.cond != NULL)
		rc = cmd_cond(&o);
	else if (o.nfiles == 0) {
		fprintf(stderr, "hapx: no configuration file (use -f FILE)\n");
		rc = 1;
	} else if (o.memmax_mb != 0 && set_memmax(o.memmax_mb) < 0) {
		fprintf(stderr, "hapx: -m %u: %s\n", o.memmax_mb,
		    strerror(errno));
		rc = 1;
	} else
		rc = o.check ? check_files(o.files, o.nfiles, &o) :
		    run_files(o.files, o.nfiles, &o);
	opts_free(&o);
	return rc;
}

/* "hapx reload -S MASTER_SOCKET [-f FILE]...": with files, check them
 * first as cfgcheck does and reload only when they are valid. */
static int
cmd_reload(int argc, char **argv)
{
	struct opts	 o;
	const char	*sock = NULL;
	char		 err[512];
	int		 i, rc = 0;

	memset(&o, 0, sizeof(o));
	o.lint = true;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-S") == 0 && i + 1 < argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc)
			add_file(&o, argv[++i]);
		else if (strcmp(argv[i], "-q") == 0)
			o.quiet = true;
		else {
			fprintf(stderr, "usage: hapx reload -S MASTER_SOCKET "
			    "[-f FILE|DIR]... [-q]\n");
			free(o.files);
			return 2;
		}
	}
	if (sock == NULL) {
		fprintf(stderr, "hapx reload: which master? give its CLI "
		    "socket with -S (the -S of 'hapx -W')\n");
		free(o.files);
		return 2;
	}
	if (o.nfiles > 0)
		rc = check_files(o.files, o.nfiles, &o);
	free(o.files);
	if (rc == 1) {
		fprintf(stderr, "hapx reload: the configuration has errors; "
		    "not reloading\n");
		return 1;
	}
	err[0] = '\0';
	rc = reload_client_run(sock, stdout, err, sizeof(err));
	if (err[0] != '\0')
		fprintf(stderr, "hapx reload: %s\n", err);
	return rc;
}

/* -vv: the version, then HAProxy's "Feature list :" line (scripts and
 * HAProxy's reg-tests probe it), the defaults and the libraries. */
static void
print_build(void)
{
	const struct cfg_feature	*f;
	size_t				 n, i;
	const char			**m;

	printf("hapx version %s (HAProxy %s configuration language)\n",
	    PACKAGE_VERSION, CFG_COND_COMPAT_VERSION);
	printf("Build options :\n  CC      = %s\n\n", HAPX_CC);
	printf("Feature list :");
	f = cfg_cond_features(&n);
	for (i = 0; i < n; i++)
		printf(" %c%s", f[i].has ? '+' : '-', f[i].name);
	printf("\n\nDefault settings :\n  bufsize = 16384, maxrewrite = "
	    "1024\n\n");
	printf("Built with libevent version : %s\n", event_get_version());
	printf("Built with Oniguruma version : %s\n", onig_version());
	printf("Encrypted password support via crypt(3): yes\n\n");
	printf("Available polling systems :\n");
	for (m = event_get_supported_methods(); m != NULL && *m != NULL; m++)
		printf("  %10s : test result OK\n", *m);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "cfgcheck") == 0)
		return cmd_cfgcheck(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "reload") == 0)
		return cmd_reload(argc - 1, argv + 1);
	if (argc > 1 && (strcmp(argv[1], "-v") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("hapx version %s (HAProxy %s configuration language)\n",
		    PACKAGE_VERSION, CFG_COND_COMPAT_VERSION);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "-vv") == 0) {
		print_build();
		return 0;
	}
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	return cmd_haproxy(argc, argv);
}
