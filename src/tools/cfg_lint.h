/*
 * cfg_lint: warnings about a valid configuration that probably does not
 * do what was meant ("hapx cfgcheck" only; "hapx -c" stays as quiet as
 * HAProxy).  Each warning has a stable code (see cfg_lint_rules()).
 */
#ifndef HAPX_CFG_LINT_H
#define HAPX_CFG_LINT_H

#include <stddef.h>

#include "base/diag.h"
#include "base/diag_codes.h"

struct config;


/* Run the lint checks on CFG (a model cfg_load() returned, so without
 * errors); findings go to D as warnings with a code. */
void	cfg_lint(const struct config *cfg, struct diag *d);
/* Every warning code hapx gives, with a summary, sorted by code; *N is set
 * to their number.  "W-config" stands for warnings without a code of their
 * own, "E-config" for errors (SARIF's ruleId). */
const struct diag_rule *cfg_lint_rules(size_t *n);

#endif
