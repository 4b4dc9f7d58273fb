/*
 * cfg_load: text -> AST -> model for a list of files.  The ASTs are freed
 * as soon as the model is built: the model copies what it keeps.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>

#include "cfg_load.h"
#include "cfg_model_build.h"
#include "cfg_parse.h"
#include "xmalloc.h"

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

struct config *
cfg_load(const char *const *paths, size_t n, unsigned flags, struct diag *d)
{
	struct cfg_file	*files = xcalloc(n ? n : 1, sizeof(*files));
	struct config	*cfg;
	size_t		 i;

	for (i = 0; i < n; i++)
		cfg_parse_file(&files[i], paths[i], d);
	cfg = cfg_load_files(files, n, flags, d);
	free(files);
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
