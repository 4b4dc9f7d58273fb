/* cfg_kw_acl: keyword rows and handlers (being written). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cfg_keywords.h"

const struct cfg_kw_table cfg_kw_acl_table = { NULL, 0 };
int
cfg_cond_parse(struct cfg_ctx *ctx, const struct cfg_line *l, size_t from,
    struct cond_conf **cond)
{
	(void)ctx; (void)l; (void)from;
	*cond = NULL;
	return 0;
}

size_t
cfg_cond_start(const struct cfg_line *l, size_t from)
{
	(void)from;
	return l->nargs;
}
