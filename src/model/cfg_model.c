/*
 * cfg_model: the configuration as data: allocation, lookups by name, the
 * defaults a new proxy or server starts from, and defaults inheritance.
 * Building it from the AST is cfg/cfg_build.c's job.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/cfg_model.h"
#include "base/regex.h"
#include "base/xmalloc.h"

void *
cfg_vec_grow(struct arena *a, void *v, unsigned n, unsigned *cap, size_t elsz)
{
	unsigned	 ncap = n < 4 ? 8 : n * 2;
	void		*nv = arena_alloc(a, (size_t)ncap * elsz);

	if (n > 0)
		memcpy(nv, v, (size_t)n * elsz);
	*cap = ncap;
	return nv;
}

struct config *
config_new(void)
{
	struct config	*cfg = xcalloc(1, sizeof(*cfg));
	struct global_conf *g = &cfg->global;

	arena_init(&cfg->arena);
	g->uid = g->gid = -1;
	g->maxconn = g->nbthread = CFG_UNSET;
	g->hard_stop_after_ms = CFG_UNSET;
	g->mworker_max_reloads = CFG_UNSET;
	g->ulimit_n = g->maxconnrate = g->maxpipes = CFG_UNSET;
	g->tune_bufsize = g->tune_maxrewrite = CFG_UNSET;
	g->tune_maxaccept = g->tune_chksize = CFG_UNSET;
	g->stats_timeout_ms = CFG_UNSET;
	g->nbproc = 1;
	return cfg;
}

void
config_free(struct config *cfg)
{
	size_t	i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->nregexes; i++)
		rx_free(cfg->regexes[i]);
	free(cfg->regexes);
	arena_clear(&cfg->arena);
	free(cfg);
}

void
config_own_rx(struct config *cfg, struct rx *rx)
{
	if (cfg->nregexes == cfg->capregexes) {
		cfg->capregexes = cfg->capregexes ? cfg->capregexes * 2 : 16;
		cfg->regexes = xreallocarray(cfg->regexes, cfg->capregexes,
		    sizeof(*cfg->regexes));
	}
	cfg->regexes[cfg->nregexes++] = rx;
}

struct proxy_conf *
config_find_proxy(const struct config *cfg, const char *name, unsigned cap)
{
	struct proxy_conf	*px;

	for (px = cfg->proxies; px != NULL; px = px->next)
		if ((px->cap & cap) && strcmp(px->name, name) == 0)
			return px;
	return NULL;
}

struct userlist_conf *
config_find_userlist(const struct config *cfg, const char *name)
{
	struct userlist_conf	*ul;

	for (ul = cfg->userlists; ul != NULL; ul = ul->next)
		if (strcmp(ul->name, name) == 0)
			return ul;
	return NULL;
}

const char *
cfg_mode_name(enum cfg_mode m)
{
	return m == CFG_MODE_HTTP ? "http" : "tcp";
}

void
server_conf_init(struct server_conf *s)
{
	memset(s, 0, sizeof(*s));
	s->inter_ms = 2000;
	s->fastinter_ms = s->downinter_ms = CFG_UNSET;
	s->rise = 2;
	s->fall = 3;
	s->weight = 1;
	s->error_limit = 10;
	s->maxconn = s->minconn = s->maxqueue = CFG_UNSET;
	s->slowstart_ms = CFG_UNSET;
}

void
proxy_conf_init(struct proxy_conf *px)
{
	size_t	i;

	memset(px, 0, sizeof(*px));
	px->maxconn = px->backlog = px->fullconn = px->retries = CFG_UNSET;
	for (i = 0; i < PXT_COUNT; i++)
		px->timeout[i] = CFG_UNSET;
	px->stats.refresh_ms = CFG_UNSET;
	px->cookie.maxidle_ms = px->cookie.maxlife_ms = CFG_UNSET;
	server_conf_init(&px->defsrv);
}

/* Lists a proxy inherits get cap 0 so that a later push copies them
 * instead of writing into the defaults' array. */
#define VEC_SHARE(vec)	((vec).cap = 0)
#define VEC_EMPTY(vec)	((vec).v = NULL, (vec).n = (vec).cap = 0)

void
proxy_conf_inherit(struct proxy_conf *px, const struct proxy_conf *def)
{
	struct proxy_conf	keep = *px;

	if (def == NULL) {
		proxy_conf_init(px);
	} else {
		*px = *def;
		VEC_SHARE(px->logs);
		VEC_SHARE(px->errorfiles);
		VEC_SHARE(px->captures);
		VEC_SHARE(px->tcpcheck);
		VEC_SHARE(px->httpchk.hdrs);
		VEC_SHARE(px->stats.auths);
		VEC_SHARE(px->stats.scopes);
		VEC_EMPTY(px->stats.admin);
	}
	px->pos = keep.pos;
	px->name = keep.name;
	px->kind = keep.kind;
	px->cap = keep.cap;
	px->is_defaults = keep.is_defaults;
	px->from = keep.from;
	px->next = NULL;
	px->id = 0;
	px->description = NULL;
	VEC_EMPTY(px->binds);
	VEC_EMPTY(px->servers);
	VEC_EMPTY(px->acls);
	VEC_EMPTY(px->use_backends);
	VEC_EMPTY(px->http_req);
	VEC_EMPTY(px->http_res);
	VEC_EMPTY(px->http_after);
	VEC_EMPTY(px->redirects);
	VEC_EMPTY(px->tcp_req);
	VEC_EMPTY(px->tcp_res);
	VEC_EMPTY(px->anon_acls);
	VEC_EMPTY(px->use_servers);
	VEC_EMPTY(px->force_persist);
	VEC_EMPTY(px->ignore_persist);
	VEC_EMPTY(px->monitor_fail);
	if (!(px->cap & CFG_CAP_FE)) {
		memset(&px->default_backend, 0, sizeof(px->default_backend));
		VEC_EMPTY(px->captures);
	}
}
