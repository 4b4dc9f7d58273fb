/*
 * hooks: see hooks.h.
 */
#include "config.h"

#include <stdbool.h>

#include "engine/engine_types.h"
#include "engine/hooks.h"
#include "engine/session.h"
#include "observe/log.h"

static void
hooks_srv_marked(struct engine *eng, const struct server *srv, bool up)
{
	session_kill_server(eng, srv, up);
}

static void
hooks_say(const struct engine *eng, bool alert, const char *line)
{
	log_stderr(eng, alert ? LOG_L_ALERT : LOG_L_WARNING, "%s", line);
}

static void
hooks_log(struct engine *eng, const struct proxy *px, int level,
    const char *line)
{
	log_emit(eng, px, level, "%s", line);
}

void
hooks_init(struct engine *eng)
{
	eng->hooks.srv_marked = hooks_srv_marked;
	eng->hooks.say = hooks_say;
	eng->hooks.log = hooks_log;
}
