/*
 * cli_getsocks: "_getsocks" (see cli_getsocks.h).  The answer is binary
 * (sock_xfer.c) and written on the connection at once; the front end's
 * final empty line after it is ignored by the client, which stops at the
 * end mark.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>

#include "base/nitems.h"
#include "engine/cli.h"
#include "engine/cli_getsocks.h"
#include "engine/sock_xfer.h"

static int
cmd_getsocks(struct cli_req *req)
{
	int	fd = cli_req_fd(req);

	if (!cli_req_expose_fd(req) || fd < 0) {
		cli_err(req, "Permission denied\n");
		return 0;
	}
	if (sock_xfer_send(req->eng, fd) < 0)
		cli_err(req, "_getsocks: %s\n", strerror(errno));
	return 0;
}

const struct cli_cmd cli_getsocks_cmds[] = {
	/* Not in "help", as HAProxy. */
	{ { "_getsocks", NULL }, CLI_LVL_ADMIN, "_getsocks", NULL,
	    cmd_getsocks },
};
const size_t cli_getsocks_ncmds = nitems(cli_getsocks_cmds);
