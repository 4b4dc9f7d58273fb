/*
 * cfg_cond: evaluation of ".if"/".elif" conditions (HAProxy 2.4+):
 * integers, defined(), feature(), streq(), strneq(), version_atleast(),
 * version_before(), '!', '&&', '||' and parentheses.
 */
#ifndef HAPX_CFG_COND_H
#define HAPX_CFG_COND_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

/* The HAProxy version whose configuration language hapx speaks. */
#define CFG_COND_COMPAT_VERSION	"2.6.0"

struct cfg_feature {
	const char	*name;		/* HAProxy's build feature name */
	bool		 has;		/* hapx has it */
};

/* Every build feature HAProxy 2.6 names, in its -vv order. */
const struct cfg_feature *cfg_cond_features(size_t *n);

/* Returns 1 (true), 0 (false) or -1 (error reported at POS). */
int	cfg_cond_eval(const char *expr, const struct cfg_pos *pos,
	    struct diag *);

#endif
