/* cfg_kw_global: keyword rows and handlers (being written). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cfg_keywords.h"

const struct cfg_kw_table cfg_kw_global_table = { NULL, 0 };
int
cfg_log_parse(struct cfg_ctx *ctx, const struct cfg_line *l, size_t from,
    struct log_conf *out)
{
	(void)ctx; (void)l; (void)from; (void)out;
	return -1;
}
