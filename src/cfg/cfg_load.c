/*
 * cfg_load: text -> AST -> model for a list of files.  The ASTs are freed
 * as soon as the model is built: the model copies what it keeps.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_load.h"
#include "cfg/cfg_model_build.h"
#include "cfg/cfg_parse.h"
#include "base/xmalloc.h"

static struct config *
cfg_load_files(struct cfg_file *files, size_t n, unsigned flags,
    struct diag *d)
{
	struct config	*cfg = config_new();
	size_t		 i;

	cfg_model_build(cfg, files, n, flags, d);
	for (i = 0; i < n; i++)
		cfg_file_free(&files[i]);
	if (diag_has_errors(d)) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

/* The files to read, after directories were expanded; owns the strings. */
struct load_list {
	char	**paths;
	size_t	  n, cap;
};

static void
load_list_add(struct load_list *l, char *path)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->paths = xreallocarray(l->paths, l->cap, sizeof(*l->paths));
	}
	l->paths[l->n++] = path;
}

static int
load_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether directory entry NAME is a configuration file by HAProxy's rule:
 * ends in ".cfg" and does not start with '.'. */
static bool
load_is_cfg_name(const char *name)
{
	size_t	len = strlen(name);

	return name[0] != '.' && len > 4 && strcmp(name + len - 4, ".cfg") == 0;
}

/* Report that PATH (a WHAT: "directory" or "file") cannot be opened. */
static void
load_open_error(struct diag *d, const char *what, const char *path, int err)
{
	struct cfg_pos	pos = { diag_add_source(d, path, "", 0), 0, 0, 0 };

	diag_error(d, &pos, "cannot open configuration %s '%s': %s", what,
	    path, strerror(err));
}

/* Add the *.cfg regular files of directory DIR to L in lexical order, as
 * HAProxy 2.6 does for "-f DIR" (haproxy.c cfgfiles_expand_directories:
 * scandir + alphasort; hidden names and non-regular files skipped, so a
 * subdirectory is not descended into). */
static void
load_expand_dir(struct load_list *l, const char *dir, struct diag *d)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;
	size_t		 first = l->n;
	char		*path;

	if ((dp = opendir(dir)) == NULL) {
		load_open_error(d, "directory", dir, errno);
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		if (!load_is_cfg_name(de->d_name))
			continue;
		xasprintf(&path, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		if (stat(path, &st) == -1) {
			load_open_error(d, "file", path, errno);
			free(path);
		} else if (!S_ISREG(st.st_mode))
			free(path);
		else
			load_list_add(l, path);
	}
	closedir(dp);
	/* qsort's array must not be NULL even for zero elements. */
	if (l->n > first)
		qsort(l->paths + first, l->n - first, sizeof(*l->paths),
		    load_cmp);
	if (l->n == first) {
		struct cfg_pos	pos = { diag_add_source(d, dir, "", 0), 0, 0, 0 };

		diag_warn(d, &pos, "configuration directory '%s' has no "
		    "'*.cfg' file", dir);
	}
}

struct config *
cfg_load(const char *const *paths, size_t n, unsigned flags, struct diag *d)
{
	struct load_list l = { NULL, 0, 0 };
	struct cfg_file	*files;
	struct config	*cfg;
	struct stat	 st;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			load_expand_dir(&l, paths[i], d);
		else
			load_list_add(&l, xstrdup(paths[i]));
	}
	files = xcalloc(l.n ? l.n : 1, sizeof(*files));
	for (i = 0; i < l.n; i++)
		cfg_parse_file(&files[i], l.paths[i], d);
	cfg = cfg_load_files(files, l.n, flags, d);
	free(files);
	for (i = 0; i < l.n; i++)
		free(l.paths[i]);
	free(l.paths);
	return cfg;
}

struct config *
cfg_load_buf(const char *name, const char *buf, size_t len, unsigned flags,
    struct diag *d)
{
	struct cfg_file	file;

	cfg_parse_buf(&file, name, buf, len, d);
	return cfg_load_files(&file, 1, flags, d);
}
