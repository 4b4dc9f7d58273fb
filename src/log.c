/*
 * log: stub until the log targets are written (see log.h).
 */
#include <stdarg.h>

#include "log.h"

int
log_open_all(struct engine *eng)
{
	(void)eng;
	return 0;
}

void
log_close_all(struct engine *eng)
{
	(void)eng;
}

void
log_vemit(struct engine *eng, const struct proxy *px, int level,
    const char *fmt, va_list ap)
{
	(void)eng;
	(void)px;
	(void)level;
	(void)fmt;
	(void)ap;
}

void
log_emit(struct engine *eng, const struct proxy *px, int level,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vemit(eng, px, level, fmt, ap);
	va_end(ap);
}

void
log_txn(struct session *s)
{
	(void)s;
}
