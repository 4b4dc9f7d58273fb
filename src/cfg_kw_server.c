/* cfg_kw_server: keyword rows and handlers (being written). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cfg_keywords.h"

const struct cfg_kw_table cfg_kw_server_table = { NULL, 0 };
const struct cfg_opt_table cfg_server_opts = { "server", NULL, 0 };
