/*
 * log_fmt: the traffic log line builders (spec §10.2, HAProxy doc 8.2):
 * a log-format string rendered against the record of one transaction.
 * "option httplog", "option httplog clf" and "option tcplog" are the
 * log-format strings HAProxy documents for them, so one renderer builds
 * every line.  No sockets, no session, no clock; the broken-down time of
 * the last second is cached per thread.
 */
#ifndef HAPX_LOG_FMT_H
#define HAPX_LOG_FMT_H

#include <sys/socket.h>
#include <sys/time.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct acl_env;
struct config;

/* The log-format strings of the options (HAProxy doc 8.2.2-8.2.4). */
#define LOG_FMT_HTTPLOG	"%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta " \
	"%ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r"
#define LOG_FMT_CLF	"%{+Q}o %{-Q}ci - - [%trg] %r %ST %B \"\" \"\" " \
	"%cp %ms %ft %b %s %TR %Tw %Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc " \
	"%sq %bq %CC %CS %hrl %hsl"
#define LOG_FMT_TCPLOG	"%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts " \
	"%ac/%fc/%bc/%sc/%rc %sq/%bq"

/*
 * What a log line can say about a transaction (mode http) or a
 * connection (mode tcp).  Times are in ms, -1 when the step was not
 * reached.  Strings are NUL-terminated and borrowed; NULL = absent.
 */
struct log_rec {
	const struct sockaddr_storage *cli;	/* client address */
	const struct sockaddr_storage *fe_addr;	/* address it connected to */
	const struct sockaddr_storage *srv_addr; /* server; NULL = none */
	const struct sockaddr_storage *bk_addr;	/* our end towards it */
	struct timeval		 accept_date;	/* %t: wall clock */
	struct timeval		 req_date;	/* %tr: its first byte */
	const char		*fe_name, *be_name, *srv_name;
	bool			 is_http;
	long			 th, ti, tR, tw, tc, tr, ta, tt;
	int			 status;	/* -1: no response */
	uint64_t		 bytes_out;	/* %B: sent to the client */
	uint64_t		 bytes_in;	/* %U: received from it */
	const char		*cookie_req, *cookie_res;	/* %CC %CS */
	char			 term[5];	/* %tsc "----"; %ts: 2 first */
	unsigned		 actconn, feconn, beconn, srvconn, retries;
	bool			 redispatched;	/* %rc gets a '+' */
	unsigned		 srv_queue, be_queue;
	const char *const	*cap_req;	/* captured request headers */
	unsigned		 ncap_req;	/* 0: none configured */
	const char *const	*cap_res;
	unsigned		 ncap_res;
	const char		*reqline;	/* NULL: "<BADREQ>" */
	const char		*unique_id;
	long			 pid;
	const char		*hostname;
	uint64_t		 req_counter;	/* %rt */
	uint64_t		 log_counter;	/* %lc */
	bool			 partial;	/* option logasap: %Ta %Tt %B so
						   far, shown with a '+' */
	/* What the "%[sample]" items are evaluated against: only heads
	 * that are still alive (a head gone is NULL in it, and its
	 * samples have no value).  NULL: no sample has a value. */
	const struct acl_env	*env;
};

/*
 * A log-format string compiled once (at engine start) into items:
 * literal runs, separators, variables with their flags, and "%[...]"
 * samples (http/sample.c), whose proxy and userlist arguments are
 * resolved in CFG (may be NULL).  OPTS: LOG_FMT_C_*.  Owned by the
 * caller, freed with log_fmt_free.  NULL when out of memory.
 */
#define LOG_FMT_C_HTTP	0x1	/* unique-id-format: samples as in HTTP
				   rules (no "-", no quotes, the bytes a
				   header cannot hold as %XX), as HAProxy */
struct log_fmt;
struct log_fmt	*log_fmt_compile(const char *fmt, const struct config *cfg,
		    unsigned opts);
void		 log_fmt_free(struct log_fmt *);

/* What a compiled format needs that costs to collect (log_fmt_needs). */
#define LOG_FMT_NEED_BKADDR	0x1	/* %bi %bp: getsockname */
unsigned	 log_fmt_needs(const struct log_fmt *);

/* The longest value of a "%[sample]" item; longer ones are cut. */
#define LOG_FMT_SAMPLE_MAX	1024

/*
 * Render F for R into OUT (at most OUTLEN - 1 bytes, always
 * NUL-terminated).  Returns the length written.  Unknown items render as
 * nothing; a "%[sample]" is evaluated against R->env, and is "-" (or ""
 * under +Q) when it has no value or an empty one, as in HAProxy 2.6
 * (nothing under LOG_FMT_C_HTTP).
 */
size_t	log_fmt_run(const struct log_fmt *f, const struct log_rec *r,
	    char *out, size_t outlen);
/* The same for a string FMT (checked at config time), compiled for this
 * one call (its samples without a config: no proxy arguments). */
size_t	log_fmt_render(const char *fmt, const struct log_rec *r, char *out,
	    size_t outlen);

/* What the header of a syslog line says besides the priority. */
struct log_hdr {
	struct timeval		 tv;
	const char		*tag;
	const char		*host;		/* log-send-hostname, or NULL */
	long			 pid;
};

/*
 * The header of a line in format F (an enum log_format of cfg_model.h:
 * rfc3164, rfc5424, short, raw, priority, timed, iso, local) for
 * priority PRI (facility * 8 + level) into OUT; returns its length.
 */
size_t	log_fmt_header(int f, int pri, const struct log_hdr *c, char *out,
	    size_t outlen);

/* "IP:PORT" of SS ("unix" for UNIX sockets) into OUT. */
void	log_fmt_addr(const struct sockaddr_storage *ss, char *out,
	    size_t outlen);

/* "dd/Mmm/yyyy:HH:MM:SS.mmm" (local time) of TV into OUT (>= 32 bytes). */
void	log_fmt_date(const struct timeval *tv, char *out, size_t outlen);

#endif
