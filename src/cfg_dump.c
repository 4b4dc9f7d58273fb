/* cfg_dump: being written. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cfg_dump.h"

void
cfg_dump(const struct config *cfg, FILE *fp)
{
	(void)cfg;
	(void)fp;
}
