/*
 * freq: event rates per second, as the "rate", "req_rate" and
 * "conn_rate" fields of HAProxy's stats page.  As HAProxy 2.6's
 * frequency counters, a counter keeps the events of its current
 * one-second period and of the period before it; a period starts with
 * the first event after an idle one, so a burst shorter than a second
 * is counted in one period.  Reading it at time T gives HAProxy's
 * estimate of "the events over the last elapsed second": the current
 * period's count plus the previous period's count weighted by the part
 * of the current period still to come.  Two idle seconds read 0.  The
 * maxima kept next to a counter are the highest count one period
 * reached, updated on each event.
 */
#ifndef HAPX_FREQ_H
#define HAPX_FREQ_H

#include <sys/time.h>

#include <stdint.h>

struct event_base;

struct freq {
	int64_t		start;	/* ms when the current period began */
	uint32_t	curr;	/* events in the current period */
	uint32_t	prev;	/* events in the period before it */
};

/* Count N events at NOW; returns the count of NOW's period. */
uint32_t	freq_add_at(struct freq *f, uint32_t n,
		    const struct timeval *now);
/* The rate at NOW, events per second. */
uint32_t	freq_read_at(const struct freq *f, const struct timeval *now);
/* One event at the event loop's cached time; raises *MAX (may be NULL)
 * to the count of the current period. */
void		freq_hit(struct freq *f, uint32_t *max,
		    struct event_base *base);
/* The rate at the event loop's cached time. */
uint32_t	freq_read(const struct freq *f, struct event_base *base);

#endif
