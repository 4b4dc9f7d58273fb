/*
 * cli_reply: messages of runtime API commands, with the severity prefix
 * "set severity-output" asks for (cli_types.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>

#include <event2/buffer.h>

#include "base/nitems.h"
#include "engine/cli_types.h"

static const char *const sev_names[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
};

void
cli_msg(struct cli_req *req, int sev, const char *fmt, ...)
{
	va_list	ap;

	if (sev < 0 || (size_t)sev >= nitems(sev_names))
		sev = 3;
	if (req->severity_output == CLI_SEV_NUMBER)
		evbuffer_add_printf(req->out, "[%d]: ", sev);
	else if (req->severity_output == CLI_SEV_STRING)
		evbuffer_add_printf(req->out, "[%s]: ", sev_names[sev]);
	va_start(ap, fmt);
	evbuffer_add_vprintf(req->out, fmt, ap);
	va_end(ap);
}
