/*
 * fuzz_cfg: libFuzzer harness for the whole config pipeline.  Each input is
 * one haproxy.cfg held in memory; it goes through the lexer, the parser and
 * its conditional blocks, the keyword handlers, the model and the cross
 * references (cfg_load_buf), then the diagnostics are sorted and rendered as
 * text and JSON and a valid model is dumped, so the renderers are fuzzed too.
 * Nothing touches the network or the file system (CFG_LOAD_NO_RESOLVE |
 * CFG_LOAD_NO_FILES); the output goes to /dev/null.
 *
 * Build and run: "make fuzz" (see t/fuzz/README).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tools/cfg_dump.h"
#include "cfg/cfg_load.h"
#include "model/cfg_model.h"
#include "base/diag.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_SHOWN	100	/* as in main.c */

static FILE	*sink;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Known variables so that "$X", "${X[*]}", defined(X) and streq()
	 * take both branches; the seeds use these names. */
	setenv("HAPX_FUZZ_PORT", "8080", 1);
	setenv("HAPX_FUZZ_ADDR", "127.0.0.1:8443", 1);
	setenv("HAPX_FUZZ_WORDS", "  check  inter 2s   rise 3 ", 1);
	setenv("HAPX_FUZZ_EMPTY", "", 1);
	unsetenv("HAPX_FUZZ_UNSET");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag	 d;
	struct config	*cfg;
	size_t		 shown;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		abort();
	diag_init(&d);
	cfg = cfg_load_buf("fuzz.cfg", (const char *)data, size,
	    CFG_LOAD_NO_RESOLVE | CFG_LOAD_NO_FILES, &d);
	diag_sort(&d);
	/* Text like main.c: at most MAX_SHOWN messages, as each one looks its
	 * source line up from the start of the file.  The size's low bit
	 * picks colour or not: both paths get coverage. */
	shown = d.nmsgs;
	if (d.nmsgs > MAX_SHOWN)
		d.nmsgs = MAX_SHOWN;
	diag_render_text(&d, sink, (size & 1) != 0);
	d.nmsgs = shown;
	diag_render_json(&d, sink);
	if (cfg != NULL) {
		cfg_dump(cfg, sink);
		config_free(cfg);
	}
	diag_clear(&d);
	return 0;
}
