/*
 * stick: the runtime stick tables ("stick-table type ... size N [expire T]")
 * and the "stick on|match|store-request" rules of a backend.  A table maps
 * a key (client address, integer or string, as its type says) to the
 * server the key sticks to, named as "srvkey" says (its name, or its
 * address "ip:port"), so that a table shared by backends finds the
 * server of the same name in each.  It holds at most SIZE entries: a full
 * table drops its least recently used entry.  Expiry is checked lazily, when
 * an entry is looked up or the table needs room.  Owned by its proxy.
 */
#ifndef HAPX_STICK_H
#define HAPX_STICK_H

#include <stddef.h>
#include <stdint.h>

#include "model/cfg_model.h"

struct acl_env;
struct proxy;
struct server;
struct stick_table;

/* A table for CONF; NULL when out of memory. */
struct stick_table	*stick_table_new(const struct stick_table_conf *conf);
void			 stick_table_free(struct stick_table *);
/* Entries held, expired ones not yet purged included. */
size_t			 stick_table_count(const struct stick_table *);
/* The server key TEXT (a sample's string value) sticks to at NOW_MS, or
 * NULL (no entry, expired, or TEXT is not a value of the table's type).
 * Valid until the table changes. */
const char		*stick_table_lookup(struct stick_table *,
			    const char *text, int64_t now_ms);
/* Make TEXT stick to server key SRVKEY from NOW_MS on; -1 when TEXT does
 * not convert to the table's type or memory runs out. */
int			 stick_table_store(struct stick_table *,
			    const char *text, const char *srvkey,
			    int64_t now_ms);

/* "clear table T key K": drop TEXT's entry; 1 if there was one, 0 if
 * not, -1 when TEXT is not a value of the table's type. */
int			 stick_table_remove(struct stick_table *,
			    const char *text, int64_t now_ms);
/* "clear table T": drop every entry. */
void			 stick_table_clear(struct stick_table *);
/* "set table T key K": make sure TEXT has an entry (a new one sticks to
 * no server); 0, or -1 as stick_table_store(). */
int			 stick_table_touch(struct stick_table *,
			    const char *text, int64_t now_ms);
/* Called by stick_table_walk() for ENTRY (its address, an id): its key as text (an address,
 * a number, or the string; binary keys in hex), the server key it sticks
 * to, and the milliseconds before it expires (-1: never). */
typedef void		 stick_walk_fn(const void *entry, const char *key,
			    const char *srvkey, int64_t exp_left_ms,
			    void *arg);
/* Call FN for each live entry of T, most recently used first. */
void			 stick_table_walk(const struct stick_table *,
			    stick_walk_fn *fn, void *arg);
/* The table's settings. */
const struct stick_table_conf *stick_table_conf(const struct stick_table *);

/* The session hooks.  stick_match(): the server BE's "stick match" and
 * "stick on" rules point the request to, if it is usable; else NULL.
 * stick_store(): after SRV was chosen, "stick on" and "stick
 * store-request" remember it. */
struct server		*stick_match(struct proxy *be, const struct acl_env *);
void			 stick_store(struct proxy *be, const struct acl_env *,
			    const struct server *srv);

#endif
