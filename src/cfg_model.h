/*
 * cfg_model: the configuration as hapx understood it.  Built by the keyword
 * handlers (cfg_kw_*.c) and the semantic pass (cfg_model.c) from the AST;
 * immutable once cfg_load() returns.  Everything is allocated in the
 * config's arena, except compiled regexes, which the config also owns
 * (config_free() frees both).  No AST pointers are kept: positions are
 * copied by value, strings are copied into the arena.
 */
#ifndef HAPX_CFG_MODEL_H
#define HAPX_CFG_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "arena.h"
#include "diag.h"

struct rx;

#define CFG_UNSET	UINT32_MAX	/* "not set" for times and integers */

/* A growable array in the config arena.  After a struct copy (defaults
 * inheritance) set cap to 0 so the next push copies instead of sharing. */
#define CFG_VEC(type)	struct { type *v; unsigned n, cap; }
void	*cfg_vec_grow(struct arena *, void *v, unsigned n, unsigned *cap,
	    size_t elsz);
#define CFG_VEC_PUSH(ar, vec)						\
	((vec).n == (vec).cap ?						\
	    (void)((vec).v = cfg_vec_grow((ar), (vec).v, (vec).n,	\
	    &(vec).cap, sizeof(*(vec).v))) : (void)0, &(vec).v[(vec).n++])

/* Section capabilities. */
#define CFG_CAP_FE	0x1
#define CFG_CAP_BE	0x2

enum cfg_mode { CFG_MODE_UNSET = 0, CFG_MODE_TCP, CFG_MODE_HTTP };

/* ------------------------------------------------------------------ */
/* Logging */

enum log_format { LOG_FMT_RFC3164 = 0, LOG_FMT_RFC5424, LOG_FMT_SHORT,
	LOG_FMT_RAW, LOG_FMT_PRIORITY, LOG_FMT_TIMED, LOG_FMT_ISO,
	LOG_FMT_LOCAL };

struct log_conf {
	struct cfg_pos		 pos;
	struct addr_spec	 addr;
	int			 facility;	/* 0..23 */
	int			 level;		/* max level sent, 0..7 */
	int			 minlevel;	/* 0..7 */
	enum log_format		 format;
	unsigned		 maxlen;	/* default 1024 */
	unsigned		 sample_ratio, sample_range; /* 0 = none */
};

/* ------------------------------------------------------------------ */
/* ACLs and conditions */

enum acl_match {
	ACL_M_UNSET = 0, ACL_M_FOUND, ACL_M_BOOL, ACL_M_INT, ACL_M_IP,
	ACL_M_BIN, ACL_M_LEN, ACL_M_STR, ACL_M_SUB, ACL_M_REG, ACL_M_BEG,
	ACL_M_END, ACL_M_DIR, ACL_M_DOM
};

struct acl_pattern {
	const char	*s;		/* text as written (or from -f file) */
	size_t		 len;
	struct rx	*rx;		/* ACL_M_REG: compiled, owned by config */
	long long	 lo, hi;	/* ACL_M_INT/LEN ranges (inclusive) */
	int		 op;		/* int operators eq/ge/gt/le/lt */
	struct addr_spec ip;		/* ACL_M_IP */
	unsigned	 prefix;	/* ACL_M_IP: CIDR length */
	bool		 icase;
};

/* One "acl" line (several lines with one name are ORed). */
struct acl_term_conf {
	struct cfg_pos		 pos;
	const char		*fetch;		/* "path", "hdr", "src"... */
	const char		*fetch_args[4];	/* hdr(host) -> "host" */
	unsigned		 nfetch_args;
	const char		*converters;	/* ",lower" chain as written */
	enum acl_match		 match;
	unsigned		 flags;		/* ACL_F_* */
	CFG_VEC(struct acl_pattern) patterns;
};
#define ACL_F_ICASE	0x1
#define ACL_F_NODNS	0x2

struct acl_conf {
	const char		*name;
	struct cfg_pos		 pos;		/* first definition */
	CFG_VEC(struct acl_term_conf) terms;
	bool			 predefined;
	bool			 used;
};

/* "if a !b or { path_beg /x }": OR of AND groups of (maybe negated) ACLs. */
struct cond_item {
	struct acl_conf	*acl;		/* named or anonymous; in the config arena */
	bool		 negate;
	struct cfg_pos	 pos;
};
struct cond_and {
	CFG_VEC(struct cond_item) items;
};
struct cond_conf {
	bool			 unless;
	struct cfg_pos		 pos;
	CFG_VEC(struct cond_and) ors;
};

/* ------------------------------------------------------------------ */
/* Rules */

/* use_backend / default_backend target. */
struct switch_rule {
	struct cfg_pos		 pos;
	const char		*backend;	/* name as written */
	struct proxy_conf	*target;	/* resolved by the semantic pass */
	struct cond_conf	*cond;		/* NULL = always */
};

enum http_act {
	HTTP_ACT_ALLOW, HTTP_ACT_DENY, HTTP_ACT_TARPIT, HTTP_ACT_AUTH,
	HTTP_ACT_REDIRECT, HTTP_ACT_ADD_HDR, HTTP_ACT_SET_HDR,
	HTTP_ACT_DEL_HDR, HTTP_ACT_REPLACE_HDR, HTTP_ACT_REPLACE_VAL,
	HTTP_ACT_REPLACE_PATH, HTTP_ACT_REPLACE_URI, HTTP_ACT_SET_PATH,
	HTTP_ACT_SET_URI, HTTP_ACT_SET_QUERY, HTTP_ACT_SET_METHOD,
	HTTP_ACT_SET_STATUS, HTTP_ACT_RETURN, HTTP_ACT_USE_SERVICE,
	HTTP_ACT_SET_VAR, HTTP_ACT_CAPTURE, HTTP_ACT_SILENT_DROP,
	HTTP_ACT_TRACK_SC, HTTP_ACT_SET_LOG_LEVEL, HTTP_ACT_CACHE_USE,
	HTTP_ACT_CACHE_STORE,
	/* 1.x req and rsp families, run as written (spec §5) */
	HTTP_ACT_LEGACY_REP, HTTP_ACT_LEGACY_DEL, HTTP_ACT_LEGACY_ADD,
	HTTP_ACT_LEGACY_ALLOW, HTTP_ACT_LEGACY_DENY, HTTP_ACT_LEGACY_TARPIT,
	HTTP_ACT_LEGACY_PASS, HTTP_ACT_BLOCK
};

/* One http-request / http-response / reqxxx / rspxxx / block rule. */
struct http_rule {
	struct cfg_pos		 pos;
	enum http_act		 act;
	const char		*keyword;	/* "reqrep", "http-request deny" */
	const char		*name;		/* header name, var name, service */
	const char		*value;		/* format / replacement / string */
	struct rx		*rx;		/* compiled regex, owned by config */
	int			 status;	/* deny_status, redirect code... */
	const char		*args[6];	/* further action arguments */
	unsigned		 nargs;
	struct cond_conf	*cond;
};

enum redirect_type { REDIR_LOCATION, REDIR_PREFIX, REDIR_SCHEME };
struct redirect_rule {
	struct cfg_pos		 pos;
	enum redirect_type	 type;
	const char		*target;
	int			 code;		/* 301 302 303 307 308 */
	unsigned		 flags;		/* REDIR_F_* */
	const char		*set_cookie, *clear_cookie;
	struct cond_conf	*cond;
};
#define REDIR_F_DROP_QUERY	0x1
#define REDIR_F_APPEND_SLASH	0x2

/* tcp-request / tcp-response rules. */
struct tcp_rule {
	struct cfg_pos		 pos;
	const char		*when;		/* connection, content, session, inspect-delay */
	const char		*action;	/* accept, reject, ... */
	uint32_t		 delay_ms;	/* inspect-delay */
	struct cond_conf	*cond;
};

/* ------------------------------------------------------------------ */
/* Health checks */

enum check_type { CHK_TCP = 0, CHK_HTTP, CHK_TCPCHECK, CHK_MYSQL, CHK_PGSQL,
	CHK_REDIS, CHK_SSL_HELLO, CHK_SMTP, CHK_LDAP, CHK_EXTERNAL };

enum expect_kind { EXP_STATUS, EXP_RSTATUS, EXP_STRING, EXP_RSTRING,
	EXP_HDR, EXP_FHDR, EXP_STRING_LF, EXP_RSTRING_LF, EXP_BINARY,
	EXP_RBINARY };

struct status_range {
	unsigned	lo, hi;
};

struct hdr_conf {
	const char	*name, *value;
};

struct check_expect {
	struct cfg_pos		 pos;
	enum expect_kind	 kind;
	bool			 negate;
	const char		*pattern;
	struct rx		*rx;		/* owned by config */
	CFG_VEC(struct status_range) codes;
};

struct httpchk_conf {
	const char		*method;	/* "OPTIONS" by default */
	const char		*uri;		/* "/" */
	const char		*version;	/* "HTTP/1.0" */
	const char		*extra;		/* legacy "\r\nHost: x" tail */
	CFG_VEC(struct hdr_conf) hdrs; /* http-check send */
	const char		*body;
};

struct tcpcheck_step {
	struct cfg_pos		 pos;
	const char		*action;	/* connect, send, send-binary, expect, comment */
	const char		*args[8];
	unsigned		 nargs;
	struct check_expect	 expect;	/* when action == expect */
};

/* ------------------------------------------------------------------ */
/* Servers and binds */

enum srv_init_state { SRV_INIT_DEFAULT = 0, SRV_INIT_UP, SRV_INIT_DOWN,
	SRV_INIT_FULLY_UP, SRV_INIT_FULLY_DOWN };
enum srv_observe { SRV_OBS_NONE = 0, SRV_OBS_L4, SRV_OBS_L7 };
enum srv_on_error { SRV_ONERR_FAIL_CHECK = 0, SRV_ONERR_FASTINTER,
	SRV_ONERR_SUDDEN_DEATH, SRV_ONERR_MARK_DOWN };

struct server_conf {
	struct cfg_pos		 pos;
	const char		*name;
	struct addr_spec	 addr;
	struct cfg_pos		 addr_pos;
	bool			 check;
	uint32_t		 inter_ms, fastinter_ms, downinter_ms;
	unsigned		 rise, fall;
	unsigned		 check_port;	/* 0 = server port */
	struct addr_spec	 check_addr;
	bool			 has_check_addr;
	unsigned		 weight;
	bool			 backup, disabled;
	unsigned		 maxconn, minconn, maxqueue;
	const char		*cookie;
	enum srv_observe	 observe;
	unsigned		 error_limit;
	enum srv_on_error	 on_error;
	enum srv_init_state	 init_state;
	bool			 send_proxy;
	bool			 agent_check;
	uint32_t		 slowstart_ms;
	bool			 resolve_none;	/* init-addr none */
	const char		*resolvers;
};

struct bind_conf {
	struct cfg_pos		 pos;
	struct addr_spec	 addr;		/* one per address of a bind line */
	struct cfg_pos		 addr_pos;
	const char		*name;
	unsigned		 maxconn, backlog;
	bool			 accept_proxy, transparent, v4v6, v6only;
	bool			 defer_accept, tfo;
	const char		*interface;
	unsigned		 mode;		/* unix socket mode, 0 = default */
	const char		*user, *group;	/* unix socket owner */
	bool			 legacy_listen;	/* from "listen NAME ADDR:PORT" */
};

/* ------------------------------------------------------------------ */
/* Proxies */

/* Option bits (the "option X" family); see cfg_kw_proxy.c's table. */
enum px_opt {
	PXO_HTTPLOG, PXO_TCPLOG, PXO_DONTLOGNULL, PXO_DONTLOG_NORMAL,
	PXO_LOG_SEPARATE_ERRORS, PXO_LOG_HEALTH_CHECKS, PXO_LOGASAP,
	PXO_REDISPATCH, PXO_FORWARDFOR, PXO_ORIGINALTO,
	PXO_HTTP_SERVER_CLOSE, PXO_HTTPCLOSE, PXO_HTTP_KEEP_ALIVE,
	PXO_HTTP_PRETEND_KEEPALIVE, PXO_HTTP_BUFFER_REQUEST,
	PXO_HTTP_NO_DELAY, PXO_HTTP_USE_PROXY_HEADER, PXO_HTTP_PROXY,
	PXO_ABORTONCLOSE, PXO_ALLBACKUPS, PXO_CONTSTATS,
	PXO_TCPKA, PXO_CLITCPKA, PXO_SRVTCPKA,
	PXO_TCP_SMART_ACCEPT, PXO_TCP_SMART_CONNECT,
	PXO_SPLICE_AUTO, PXO_SPLICE_REQUEST, PXO_SPLICE_RESPONSE,
	PXO_ACCEPT_INVALID_HTTP_REQUEST, PXO_ACCEPT_INVALID_HTTP_RESPONSE,
	PXO_NOLINGER, PXO_PERSIST, PXO_PREFER_LAST_SERVER,
	PXO_INDEPENDENT_STREAMS, PXO_CHECKCACHE, PXO_SOCKET_STATS,
	PXO_HTTPCHK, PXO_TCP_CHECK, PXO_MYSQL_CHECK, PXO_PGSQL_CHECK,
	PXO_REDIS_CHECK, PXO_SSL_HELLO_CHK, PXO_SMTPCHK, PXO_LDAP_CHECK,
	PXO_EXTERNAL_CHECK, PXO_TRANSPARENT, PXO_FORCECLOSE,
	PXO_COUNT
};

enum lb_algo { LB_UNSET = 0, LB_ROUNDROBIN, LB_STATIC_RR, LB_LEASTCONN,
	LB_FIRST, LB_SOURCE, LB_URI, LB_URL_PARAM, LB_HDR, LB_RDP_COOKIE,
	LB_RANDOM };

enum px_timeout {
	PXT_CLIENT, PXT_CLIENT_FIN, PXT_CONNECT, PXT_SERVER, PXT_SERVER_FIN,
	PXT_QUEUE, PXT_TARPIT, PXT_TUNNEL, PXT_HTTP_REQUEST,
	PXT_HTTP_KEEP_ALIVE, PXT_CHECK,
	PXT_COUNT
};

struct stats_conf {
	bool			 enabled;	/* set by "stats enable" or any stats keyword */
	const char		*uri;		/* "/haproxy?stats" by default */
	const char		*realm;
	CFG_VEC(const char *)	 auths;		/* "user:password" */
	uint32_t		 refresh_ms;	/* CFG_UNSET = none */
	bool			 hide_version, show_legends, show_desc;
	bool			 show_node;
	const char		*node_name, *desc;
	CFG_VEC(const char *)	 scopes;
	CFG_VEC(struct cond_conf *) admin;	/* "stats admin if ..." */
};

struct errorfile_conf {
	struct cfg_pos		 pos;
	int			 status;
	const char		*path;		/* errorfile; or URL for errorloc */
	const char		*content;	/* file loaded at check time */
	size_t			 content_len;
	int			 loc_code;	/* errorloc302/303: 302 or 303; 0 = file */
};

struct capture_conf {
	struct cfg_pos		 pos;
	bool			 response;
	bool			 cookie;
	const char		*name;
	unsigned		 len;
};

struct forwardfor_conf {
	const char		*header;	/* "X-Forwarded-For" */
	const char		*except;	/* network as written */
	bool			 if_none;
};

struct cookie_conf {
	const char		*name;
	bool			 rewrite, insert, prefix, indirect, nocache;
	bool			 postonly, preserve, httponly, secure;
	const char		*domain;
	uint32_t		 maxidle_ms, maxlife_ms;
	bool			 set;
};

struct proxy_conf {
	struct cfg_pos		 pos;		/* the section header */
	const char		*name;		/* NULL for anonymous defaults */
	const char		*kind;		/* "frontend", "backend", "listen", "defaults" */
	unsigned		 cap;		/* CFG_CAP_*; both for defaults */
	bool			 is_defaults;
	struct proxy_conf	*from;		/* defaults it started from */
	unsigned		 id;
	const char		*description;
	bool			 disabled;

	enum cfg_mode		 mode;
	uint32_t		 maxconn, backlog, fullconn, retries;
	uint32_t		 timeout[PXT_COUNT];	/* ms, CFG_UNSET */
	struct cfg_pos		 timeout_pos[PXT_COUNT];
	uint64_t		 opts, opts_set;	/* 1 << PXO_* */
	bool			 httplog_clf;
	struct forwardfor_conf	 forwardfor;
	const char		*originalto_header;

	enum lb_algo		 balance;
	const char		*balance_arg;	/* url_param / hdr name ... */
	const char		*hash_type;

	CFG_VEC(struct log_conf) logs;
	bool			 log_global;	/* "log global" */
	const char		*log_format;
	const char		*log_tag;
	struct stats_conf	 stats;
	const char		*monitor_uri;
	struct cond_conf	*monitor_fail;
	struct cookie_conf	 cookie;

	CFG_VEC(struct bind_conf) binds;
	CFG_VEC(struct server_conf) servers;
	struct server_conf	 defsrv;	/* default-server */
	CFG_VEC(struct acl_conf *) acls;
	CFG_VEC(struct switch_rule) use_backends;
	struct switch_rule	 default_backend;	/* .backend NULL = none */
	CFG_VEC(struct http_rule) http_req;	/* http-request + req* + block */
	CFG_VEC(struct http_rule) http_res;	/* http-response + rsp* */
	CFG_VEC(struct http_rule) http_after;	/* http-after-response */
	CFG_VEC(struct redirect_rule) redirects;
	CFG_VEC(struct tcp_rule) tcp_req;
	CFG_VEC(struct tcp_rule) tcp_res;
	CFG_VEC(struct errorfile_conf) errorfiles;
	CFG_VEC(struct capture_conf) captures;

	enum check_type		 check_type;
	struct httpchk_conf	 httpchk;
	CFG_VEC(struct check_expect) expects;
	CFG_VEC(struct tcpcheck_step) tcpcheck;
	bool			 disable_on_404;

	struct proxy_conf	*next;		/* in config order */
};

/* ------------------------------------------------------------------ */
/* global and userlists */

struct global_conf {
	bool			 daemon, quiet, debug, master_worker;
	const char		*user, *group;
	struct cfg_pos		 user_pos, group_pos;
	long			 uid, gid;		/* -1 = unset */
	const char		*chroot, *pidfile;
	uint32_t		 maxconn;		/* CFG_UNSET */
	uint32_t		 nbthread;		/* CFG_UNSET */
	unsigned		 nbproc;		/* 1.x, accepted as 1 */
	uint32_t		 hard_stop_after_ms;
	uint32_t		 spread_checks;		/* percent */
	uint32_t		 ulimit_n;
	uint32_t		 maxconnrate, maxpipes;
	uint32_t		 tune_bufsize, tune_maxrewrite, tune_maxaccept;
	uint32_t		 tune_chksize;
	CFG_VEC(struct log_conf) logs;
	const char		*log_tag;
	const char		*log_send_hostname;	/* "" = gethostname */
	bool			 log_send_hostname_set;
	const char		*node, *description;
	struct {
		struct cfg_pos		 pos;
		struct addr_spec	 addr;
		const char		*level;
		unsigned		 mode;
		bool			 set;
	}			 stats_socket;
	uint32_t		 stats_timeout_ms;
	const char		*server_state_file;
	bool			 zero_warning;
	bool			 external_check;
};

struct userlist_user {
	struct cfg_pos		 pos;
	const char		*name;
	const char		*password;	/* crypt(3) hash or clear text */
	bool			 insecure;	/* insecure-password */
	const char		*groups;	/* "g1,g2" */
};

struct userlist_group {
	struct cfg_pos		 pos;
	const char		*name;
	const char		*users;
};

struct userlist_conf {
	struct cfg_pos		 pos;
	const char		*name;
	CFG_VEC(struct userlist_user) users;
	CFG_VEC(struct userlist_group) groups;
	struct userlist_conf	*next;
};

/* peers / resolvers: validated, not run (see cfg_kw_other.c). */
struct named_section_conf {
	struct cfg_pos		 pos;
	const char		*kind;
	const char		*name;
	struct named_section_conf *next;
};

struct config {
	struct arena		 arena;		/* owns every model object */
	struct global_conf	 global;
	struct proxy_conf	*proxies;	/* frontends/backends/listens, in order */
	struct proxy_conf	*defaults;	/* defaults sections, in order */
	struct userlist_conf	*userlists;
	struct named_section_conf *others;
	struct rx		**regexes;	/* owned; freed by config_free */
	size_t			 nregexes, capregexes;
	unsigned		 nlisteners;
};

struct config	*config_new(void);
void		 config_free(struct config *);
/* Register a compiled regex so config_free() releases it. */
void		 config_own_rx(struct config *, struct rx *);
/* Look-ups, for the semantic pass and the engine. */
struct proxy_conf *config_find_proxy(const struct config *, const char *name,
		    unsigned cap);
struct userlist_conf *config_find_userlist(const struct config *,
		    const char *name);
/* The built-in starting point of a defaults section (HAProxy's defproxy). */
void		 proxy_conf_init(struct proxy_conf *);
void		 server_conf_init(struct server_conf *);
/* Start proxy PX as a copy of defaults DEF (NULL = built-in defaults). */
void		 proxy_conf_inherit(struct proxy_conf *px,
		    const struct proxy_conf *def);
const char	*cfg_mode_name(enum cfg_mode);

#endif
