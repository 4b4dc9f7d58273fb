/* cfg_kw_other: keyword rows and handlers (being written). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cfg/cfg_keywords.h"

const struct cfg_kw_table cfg_kw_other_table = { NULL, 0 };
