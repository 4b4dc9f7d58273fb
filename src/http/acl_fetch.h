/*
 * acl_fetch: the sample fetches ACLs and sample expressions run (doc 7.3):
 * samples and their casts, the converters, and the table of fetches by
 * name.  Internal to the acl module: acl.c matches and evaluates, and is
 * the only user of this header.
 */
#ifndef HAPX_ACL_FETCH_H
#define HAPX_ACL_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "model/cfg_model.h"

struct acl_env;

/* Room for an integer or an address written as text. */
#define ACL_NUMSZ	64

/* One sample (HAProxy's struct sample). */
struct acl_smp {
	enum acl_type			 type;
	const char			*s;	/* STR, METH, BIN: never NULL,
						   not NUL-terminated */
	size_t				 len;
	long long			 i;	/* BOOL, INT */
	int				 af;	/* IP: AF_INET or AF_INET6 */
	unsigned char			 ip[16];	/* IP: network order */
	const struct userlist_user	*user;	/* http_auth_group */
	const struct userlist_conf	*ul;
};

struct acl_walk;
/* Receives each sample of a fetch; returns true to stop the fetch. */
typedef bool acl_sink_fn(struct acl_walk *, const struct acl_smp *);

/* One run of a fetch: the term, its inputs and where samples go. */
struct acl_walk {
	const struct acl_term_conf	*t;
	const struct acl_env		*env;
	acl_sink_fn			*sink;
	bool				 acl;	/* ACL: every value;
						   sample expression: one */
	bool				 last;	/* sample: keep the last */
	bool				 stop;
	bool				 matched;
	bool				 may_change;	/* more data could
							   change the result */
	char				*out;	/* acl_sample() */
	size_t				 outsz;
	long				 outlen;
};

typedef void acl_fetch_fn(struct acl_walk *);

struct acl_fetch_def {
	const char	*name;
	acl_fetch_fn	*fn;
	const char	*args;	/* argument kinds for acl_sample(), as in
				   cfg_acl_fetch.c: 's' string, 'o' header
				   occurrence, 'i' integer, 'B' boolean,
				   'b' backend, 'f' frontend, 'u' userlist,
				   'v' variable name */
};

/* The fetch named NAME (canonical or alias), or NULL. */
const struct acl_fetch_def *acl_fetch_find(const char *name);
/* Whether the table is sorted and unique, which acl_fetch_find needs. */
bool	 acl_fetch_sorted(void);

/* Casts (HAProxy's sample_casts).  The text of an integer or an address
 * is written into NUM (ACL_NUMSZ bytes). */
bool	 acl_fetch_str(const struct acl_smp *, char *num, const char **s,
	    size_t *len);
bool	 acl_fetch_int(const struct acl_smp *, long long *);
bool	 acl_fetch_ip(const struct acl_smp *, int *af, unsigned char *ip);
/* Compare N bytes, ASCII case ignored when ICASE. */
bool	 acl_fetch_bytes_eq(const char *, const char *, size_t n, bool icase);
/* Whether user U of userlist UL is in group G. */
bool	 acl_fetch_in_group(const struct userlist_conf *ul,
	    const struct userlist_user *u, const char *g);

/* From acl.c: the id of proxy PX in ENV's engine (its config, if any),
 * its "id" or the one HAProxy gives it. */
long	 acl_px_id(const struct acl_env *env, const struct proxy_conf *px);
/* Decode base64 S[0..LEN) into OUT (OUTSZ bytes, not NUL-terminated);
 * returns the length, -1 if invalid or too long. */
long	 acl_b64dec(const char *s, size_t len, char *out, size_t outsz);

#endif
