/*
 * freq: per-second event rates (see freq.h).  The clock is the event
 * loop's cached time of day, so counting an event costs no system call.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/time.h>

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "base/freq.h"

#define FREQ_PERIOD	1000	/* ms */

static int64_t
freq_ms(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000 + tv->tv_usec / 1000;
}

/* Bring F to time NOW (ms): a period over becomes the previous one; after
 * more than one idle period (or a clock stepping back) both are empty and
 * a new period starts now. */
static void
freq_rotate(struct freq *f, int64_t now)
{
	int64_t	age = now - f->start;

	if (age >= 0 && age < FREQ_PERIOD)
		return;
	if (age >= FREQ_PERIOD && age < 2 * FREQ_PERIOD) {
		f->prev = f->curr;
		f->start += FREQ_PERIOD;
	} else {
		f->prev = 0;
		f->start = now;
	}
	f->curr = 0;
}

uint32_t
freq_add_at(struct freq *f, uint32_t n, const struct timeval *now)
{
	freq_rotate(f, freq_ms(now));
	f->curr = UINT32_MAX - f->curr < n ? UINT32_MAX : f->curr + n;
	return f->curr;
}

uint32_t
freq_read_at(const struct freq *f, const struct timeval *now)
{
	struct freq	c = *f;
	int64_t		ms = freq_ms(now);
	uint64_t	left;

	freq_rotate(&c, ms);
	/* The previous period counts for the part of the last second it
	 * still covers: what is left of the current period. */
	left = (uint64_t)(FREQ_PERIOD - (ms - c.start));
	return c.curr + (uint32_t)((uint64_t)c.prev * left / FREQ_PERIOD);
}

static void
freq_now(struct event_base *base, struct timeval *tv)
{
	if (base == NULL || event_base_gettimeofday_cached(base, tv) != 0)
		gettimeofday(tv, NULL);
}

void
freq_hit(struct freq *f, uint32_t *max, struct event_base *base)
{
	struct timeval	tv;
	uint32_t	n;

	freq_now(base, &tv);
	n = freq_add_at(f, 1, &tv);
	if (max != NULL && n > *max)
		*max = n;
}

uint32_t
freq_read(const struct freq *f, struct event_base *base)
{
	struct timeval	tv;

	freq_now(base, &tv);
	return freq_read_at(f, &tv);
}
