/*
 * cfg_dump: "hapx cfgcheck --dump": the model as hapx understood it, one
 * line per effective setting, defaults applied and units resolved.
 */
#ifndef HAPX_CFG_DUMP_H
#define HAPX_CFG_DUMP_H

#include <stdio.h>

#include "model/cfg_model.h"

void	cfg_dump(const struct config *, FILE *fp);

#endif
