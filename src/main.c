/*
 * main: the command line.  "hapx -c -f FILE" (HAProxy's flags) and
 * "hapx cfgcheck [--format=json] [--dump] FILE..." load configurations and
 * render the diagnostics; this is the only file that prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg_dump.h"
#include "cfg_keywords.h"
#include "cfg_load.h"
#include "engine.h"
#include "process.h"
#include "diag.h"

#define MAX_SHOWN	100	/* messages rendered before "N more" */

enum out_format { OUT_TEXT, OUT_JSON };

struct opts {
	bool		 check, quiet, dump;
	struct process_opts proc;
	unsigned	 load_flags;
	enum out_format	 format;
	const char	**files;
	size_t		 nfiles;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: hapx -f FILE|DIR [-f FILE|DIR]... [-db|-D] [-p PIDFILE] "
	    "[-q] [-dr]\n"
	    "       hapx -c -f FILE|DIR [-f FILE|DIR]... [-q] [-dr]\n"
	    "       hapx cfgcheck [--format=text|json] [--dump] [-q] "
	    "[--no-resolve] FILE|DIR...\n"
	    "       hapx -v\n");
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

/* Check one set of files that form one configuration; returns the exit
 * status: 0 valid, 1 errors, 2 valid but nothing to listen on. */
static int
check_files(const char *const *files, size_t n, const struct opts *o)
{
	struct diag	 d;
	struct config	*cfg;
	int		 rc = 0;

	diag_init(&d);
	cfg = cfg_load(files, n, o->load_flags, &d);
	if (!o->quiet || diag_has_errors(&d))
		render(&d, o);
	if (cfg == NULL)
		rc = 1;
	else if (cfg->nlisteners == 0)
		rc = 2;
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

/* Load, bind, become the service and run until stopped.  A config or
 * bind error leaves nothing running and exits 1. */
static int
run_files(const char *const *files, size_t n, const struct opts *o)
{
	struct diag	 d;
	struct config	*cfg;
	struct engine	*eng = NULL;
	int		 rc = 1;

	diag_init(&d);
	cfg = cfg_load(files, n, o->load_flags, &d);
	if (cfg != NULL && (eng = engine_new(cfg, &d)) != NULL) {
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
	engine_free(eng);
	config_free(cfg);
	diag_clear(&d);
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
		{ NULL, 0, NULL, 0 }
	};
	struct opts	o;
	int		ch, rc = 0, r, i;

	memset(&o, 0, sizeof(o));
	while ((ch = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (ch) {
		case 'F':
			if (strcmp(optarg, "json") == 0)
				o.format = OUT_JSON;
			else if (strcmp(optarg, "text") == 0)
				o.format = OUT_TEXT;
			else {
				fprintf(stderr, "hapx: unknown format '%s' "
				    "(text or json)\n", optarg);
				return 1;
			}
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
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind >= argc) {
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
	return rc;
}

static int
cmd_haproxy(int argc, char **argv)
{
	struct opts	o;
	int		i, rc;

	memset(&o, 0, sizeof(o));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0)
			o.check = true;
		else if (strcmp(argv[i], "-q") == 0)
			o.quiet = true;
		else if (strcmp(argv[i], "-dr") == 0)
			o.load_flags |= CFG_LOAD_NO_RESOLVE;
		else if (strcmp(argv[i], "-db") == 0 ||
		    strcmp(argv[i], "-d") == 0)
			o.proc.foreground = true;
		else if (strcmp(argv[i], "-D") == 0)
			o.proc.daemon = true;
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			o.proc.pidfile = argv[++i];
		else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc)
			add_file(&o, argv[++i]);
		else if (strcmp(argv[i], "--") == 0) {
			while (++i < argc)
				add_file(&o, argv[i]);
		} else {
			fprintf(stderr, "hapx: unknown or incomplete option "
			    "'%s'\n", argv[i]);
			usage(stderr);
			free(o.files);
			return 1;
		}
	}
	if (o.nfiles == 0) {
		fprintf(stderr, "hapx: no configuration file (use -f FILE)\n");
		return 1;
	}
	rc = o.check ? check_files(o.files, o.nfiles, &o) :
	    run_files(o.files, o.nfiles, &o);
	free(o.files);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "cfgcheck") == 0)
		return cmd_cfgcheck(argc - 1, argv + 1);
	if (argc > 1 && (strcmp(argv[1], "-v") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		printf("hapx version %s (HAProxy 2.6 configuration language)\n",
		    PACKAGE_VERSION);
		return 0;
	}
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	return cmd_haproxy(argc, argv);
}
