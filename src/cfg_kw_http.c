/* cfg_kw_http: keyword rows and handlers (being written). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cfg_keywords.h"

const struct cfg_kw_table cfg_kw_http_table = { NULL, 0 };
