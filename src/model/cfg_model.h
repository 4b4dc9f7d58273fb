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

#include "base/addr.h"
#include "base/arena.h"
#include "base/diag.h"

struct rx;

#define CFG_UNSET	UINT32_MAX	/* "not set" for times and integers */

/* A growable array in the config arena.  After a struct copy (defaults
 * inheritance) set cap to 0 so the next push copies instead of sharing. */
#define CFG_VEC(type)	struct { type *v; unsigned n, cap; }
void	*cfg_vec_grow(struct arena *, void *v, unsigned n, unsigned *cap,
	    size_t elsz);
#define CFG_VEC_PUSH(ar, vec)						\
	((vec).n >= (vec).cap ?						\
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
	const char		*sample_ranges;	/* "1,3-4" as written; NULL = all */
	unsigned		 sample_size;	/* period of the sample; 0 = none */
};

/* ------------------------------------------------------------------ */
/* ACLs and conditions */

enum acl_match {
	ACL_M_UNSET = 0, ACL_M_FOUND, ACL_M_BOOL, ACL_M_INT, ACL_M_IP,
	ACL_M_BIN, ACL_M_LEN, ACL_M_STR, ACL_M_SUB, ACL_M_REG, ACL_M_BEG,
	ACL_M_END, ACL_M_DIR, ACL_M_DOM
};

/* Output type of a fetch, or of its last converter. */
enum acl_type { ACL_T_BOOL, ACL_T_INT, ACL_T_IP, ACL_T_STR, ACL_T_BIN,
	ACL_T_METH	/* "method": known methods by name, others as text */
};

/* Where a fetch finds its data, which decides the rules it can serve. */
enum acl_side {
	ACL_SIDE_ANY = 0,	/* connection, proxy state, constants */
	ACL_SIDE_REQ_DATA,	/* raw request bytes (req.len, req.ssl_sni) */
	ACL_SIDE_REQ,		/* the parsed HTTP request */
	ACL_SIDE_REQ_KEPT,	/* request facts kept for the response
				   (method, capture.req.uri) */
	ACL_SIDE_BACKEND,	/* once a backend is chosen (be_id) */
	ACL_SIDE_SERVER,	/* once a server is chosen (srv_id) */
	ACL_SIDE_RES_DATA,	/* raw response bytes */
	ACL_SIDE_RES		/* the parsed HTTP response */
};

/* Integer comparison of an ACL_M_INT/LEN pattern (doc 7.1.2). */
enum acl_op { ACL_OP_RANGE = 0, ACL_OP_EQ, ACL_OP_GE, ACL_OP_GT, ACL_OP_LE,
	ACL_OP_LT };

/* Converters hapx runs (",lower"); the others are refused at parse time. */
enum acl_conv { ACL_CONV_LOWER = 1, ACL_CONV_UPPER };
#define ACL_MAX_CONV	4

struct acl_pattern {
	const char	*s;		/* text as written (or from -f file);
					   ACL_M_BIN: the decoded bytes */
	size_t		 len;
	struct rx	*rx;		/* ACL_M_REG: compiled, owned by config */
	long long	 lo, hi;	/* ACL_M_INT/LEN: the inclusive range,
					   operators included ("gt 5" is 6..);
					   open ends are LLONG_MIN/LLONG_MAX.
					   req.ssl_ver "3.1" is 3 << 16 | 1 */
	enum acl_op	 op;		/* as written, for dumps */
	int		 af;		/* ACL_M_IP: AF_INET or AF_INET6;
					   AF_UNSPEC: host name not resolved
					   (--no-resolve) */
	unsigned char	 addr[16];	/* ACL_M_IP: network byte order, host
					   bits cleared */
	unsigned	 prefix;	/* ACL_M_IP: CIDR length */
	bool		 icase;		/* -i was before this pattern */
	struct cfg_pos	 pos;		/* the word, or the line of a -f file */
};

/* One "acl" line or "{ ... }" (several lines with one name are ORed). */
struct acl_term_conf {
	struct cfg_pos		 pos;		/* the criterion word */
	const char		*criterion;	/* as written: "hdr_beg(host),lower" */
	const char		*fetch;		/* canonical: "req.hdr" for hdr_beg */
	const char		*fetch_args[4];	/* hdr(host) -> "host" */
	unsigned		 nfetch_args;
	long long		 fetch_int;	/* hdr(x,OCC) occurrence (0 = all),
					   int(N), bool(B) as 0/1 */
	const char		*converters;	/* ",lower" chain as written */
	unsigned char		 conv[ACL_MAX_CONV];	/* enum acl_conv */
	unsigned		 nconv;
	enum acl_type		 type;		/* after the converters */
	enum acl_side		 side;
	enum acl_match		 match;
	unsigned		 flags;		/* ACL_F_* */
	uint32_t		 unique_id;	/* -u ID, CFG_UNSET */
	struct proxy_conf	*proxy;		/* nbsrv(NAME) and co: resolved by
					   cfg_kw_acl_check; NULL = own */
	struct userlist_conf	*userlist;	/* http_auth(NAME) */
	CFG_VEC(struct acl_pattern) patterns;
};
#define ACL_F_ICASE	0x1	/* some pattern has icase */
#define ACL_F_NODNS	0x2	/* -n */
#define ACL_F_DOTVER	0x4	/* integers written "MAJOR.MINOR" */

struct acl_conf {
	const char		*name;		/* NULL for "{ ... }" */
	struct cfg_pos		 pos;		/* first definition */
	CFG_VEC(struct acl_term_conf) terms;
	bool			 predefined;	/* TRUE, METH_GET... (doc 7.4) */
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
/* Named so one handler can fill any of the proxy's condition lists. */
struct cond_vec {
	struct cond_conf	**v;
	unsigned		  n, cap;
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

/* use-server: the server is checked by cfg_kw_acl_check. */
struct server_rule {
	struct cfg_pos		 pos;		/* the server name */
	const char		*server;
	int			 index;		/* in px->servers, -1 until checked */
	struct cond_conf	*cond;		/* never NULL */
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
	HTTP_ACT_CACHE_STORE, HTTP_ACT_REJECT, HTTP_ACT_REPLACE_PATHQ,
	HTTP_ACT_SET_PATHQ, HTTP_ACT_DISABLE_L7_RETRY, HTTP_ACT_STRICT_MODE,
	HTTP_ACT_SET_VAR_FMT, HTTP_ACT_UNSET_VAR,
	/* 1.x req and rsp families, run as written (spec §5) */
	HTTP_ACT_LEGACY_REP, HTTP_ACT_LEGACY_DEL, HTTP_ACT_LEGACY_ADD,
	HTTP_ACT_LEGACY_ALLOW, HTTP_ACT_LEGACY_DENY, HTTP_ACT_LEGACY_TARPIT,
	HTTP_ACT_LEGACY_PASS, HTTP_ACT_BLOCK
};

/* del-header -m: how the name is matched. */
enum http_hdr_match { HTTP_HM_STR = 0, HTTP_HM_BEG, HTTP_HM_END,
	HTTP_HM_SUB, HTTP_HM_REG };

/* What a deny/tarpit/return reply sends (HAProxy's http_reply). */
enum http_body {
	HTTP_BODY_DEFAULT = 0,	/* the proxy's error page for the status
				 * ("default-errorfiles", implied by a bare deny) */
	HTTP_BODY_NONE,		/* return without payload: empty body */
	HTTP_BODY_ERRORFILE,	/* "errorfile F": a full HTTP response */
	HTTP_BODY_FILE,		/* raw payload */
	HTTP_BODY_LF_FILE,	/* payload evaluated as a log-format */
	HTTP_BODY_STRING,
	HTTP_BODY_LF_STRING
};

struct hdr_conf;

struct http_reply {
	int			 status;	/* 200..599 */
	enum http_body		 body;
	const char		*content_type;	/* NULL = none */
	const char		*text;		/* string / lf-string, or the
						 * path of the file kinds */
	const char		*data;		/* file contents read at config
						 * time (NULL if not read) */
	size_t			 len;
	CFG_VEC(struct hdr_conf) hdrs;		/* "hdr NAME FMT", in order */
};

/* One http-request / http-response / http-after-response rule, or one
 * 1.x reqxxx / rspxxx / block line.  The req vector keeps config order;
 * the 1.5 engine runs block, then http-request, then reqxxx, then reqadd
 * (spec §5.3), so it selects by act rather than by position. */
struct http_rule {
	struct cfg_pos		 pos;
	enum http_act		 act;
	const char		*keyword;	/* "reqrep", "http-request deny" */
	const char		*name;		/* header name, service, capture
						 * sample, auth realm, variable
						 * ("txn.x") */
	const char		*value;		/* format / replacement / string;
						 * set-var's sample expression */
	struct rx		*rx;		/* compiled regex, owned by config */
	int			 status;	/* set-status code; reply status */
	const char		*reason;	/* set-status reason, NULL = default */
	enum http_hdr_match	 hdr_match;	/* del-header -m; REG uses rx */
	int			 log_level;	/* set-log-level 0..7, -1 silent */
	unsigned		 capture_len;	/* capture ... len N; 0 = id form */
	int			 capture_id;	/* capture ... id N; -1 = len form */
	bool			 strict;	/* strict-mode on */
	struct http_reply	*reply;		/* deny, tarpit, return */
	struct redirect_rule	*redirect;	/* http-request/-response redirect */
	struct cond_conf	*cond;
};

enum redirect_type { REDIR_LOCATION, REDIR_PREFIX, REDIR_SCHEME };
struct redirect_rule {
	struct cfg_pos		 pos;
	enum redirect_type	 type;
	const char		*target;	/* literal; a log-format string
						 * in http-request redirect */
	int			 code;		/* 301 302 303 307 308 */
	unsigned		 flags;		/* REDIR_F_* */
	const char		*set_cookie, *clear_cookie;
	struct cond_conf	*cond;		/* NULL inside an http_rule */
};
#define REDIR_F_DROP_QUERY	0x1
#define REDIR_F_APPEND_SLASH	0x2
#define REDIR_F_IGNORE_EMPTY	0x4	/* skip when the format is empty */
#define REDIR_F_FORMAT		0x8	/* target is a log-format string */

/* tcp-request / tcp-response rules (inspect-delay lives in proxy_conf). */
enum tcp_when { TCP_WHEN_CONNECTION, TCP_WHEN_SESSION, TCP_WHEN_CONTENT };
enum tcp_act { TCP_ACT_ACCEPT, TCP_ACT_REJECT, TCP_ACT_EXPECT_PROXY,
	TCP_ACT_SILENT_DROP, TCP_ACT_CAPTURE, TCP_ACT_CLOSE,
	TCP_ACT_SET_LOG_LEVEL };
struct tcp_rule {
	struct cfg_pos		 pos;
	const char		*when;		/* "connection", "session", "content" */
	const char		*action;	/* "accept", "reject", ... */
	enum tcp_when		 when_kind;
	enum tcp_act		 act;
	const char		*sample;	/* capture SAMPLE */
	unsigned		 capture_len;
	int			 log_level;	/* set-log-level 0..7, -1 silent */
	struct cond_conf	*cond;
};

/* ------------------------------------------------------------------ */
/* Health checks (spec §6; cfg_kw_check.c) */

enum check_type { CHK_TCP = 0, CHK_HTTP, CHK_TCPCHECK, CHK_MYSQL, CHK_PGSQL,
	CHK_REDIS, CHK_SSL_HELLO, CHK_SMTP, CHK_LDAP, CHK_EXTERNAL };

enum expect_kind { EXP_STATUS, EXP_RSTATUS, EXP_STRING, EXP_RSTRING,
	EXP_HDR, EXP_FHDR, EXP_STRING_LF, EXP_RSTRING_LF, EXP_BINARY,
	EXP_RBINARY };

/* Check results an expect rule may force (ok-status, error-status,
 * tout-status); CHK_ST_DEFAULT = the rule's usual one. */
enum check_status { CHK_ST_DEFAULT = 0, CHK_ST_L4OK, CHK_ST_L4TOUT,
	CHK_ST_L4CON, CHK_ST_L6OK, CHK_ST_L6TOUT, CHK_ST_L6RSP, CHK_ST_L7OK,
	CHK_ST_L7OKC, CHK_ST_L7TOUT, CHK_ST_L7RSP, CHK_ST_L7STS };

/* How "http-check expect hdr" compares a header name or value. */
enum hdr_match { HDR_M_STR = 0, HDR_M_BEG, HDR_M_END, HDR_M_SUB,
	HDR_M_REG };

struct status_range {
	unsigned	lo, hi;		/* inclusive, 100..599 */
};

struct hdr_conf {
	const char	*name, *value;
};

struct check_expect {
	struct cfg_pos		 pos;
	enum expect_kind	 kind;
	bool			 negate;	/* "!" */
	const char		*pattern;	/* text; hdr: the name; binary:
						   the decoded bytes */
	size_t			 len;		/* bytes in pattern */
	struct rx		*rx;		/* owned by config */
	CFG_VEC(struct status_range) codes;	/* EXP_STATUS */
	enum hdr_match		 name_match, value_match;	/* hdr/fhdr */
	const char		*value;		/* hdr/fhdr; NULL = presence */
	struct rx		*value_rx;	/* owned by config */
	int			 min_recv;	/* -1 = not set */
	const char		*comment;
	enum check_status	 ok_status, error_status, tout_status;
};

/* One HTTP check request.  NULL fields take HAProxy's defaults:
 * "OPTIONS", "/", "HTTP/1.0" (spec §6.1). */
struct httpchk_conf {
	const char		*method;
	const char		*uri;
	const char		*version;
	const char		*extra;		/* legacy "\r\nHost: x" tail after
						   the version, as written; its
						   headers are also in hdrs */
	CFG_VEC(struct hdr_conf) hdrs;
	const char		*body;		/* NULL = none */
	bool			 set;		/* "option httpchk" was given */
};

enum check_action { CHK_ACT_CONNECT, CHK_ACT_SEND, CHK_ACT_EXPECT,
	CHK_ACT_COMMENT };

struct check_connect {
	unsigned		 port;		/* 0 = check port or server port */
	struct addr_spec	 addr;
	bool			 has_addr;
	bool			 use_default;	/* "default": the server's options */
	bool			 send_proxy, linger;
};

/* One http-check or tcp-check rule. */
struct tcpcheck_step {
	struct cfg_pos		 pos;
	enum check_action	 action;
	const char		*comment;	/* "comment <msg>", or the text of
						   a CHK_ACT_COMMENT rule */
	struct check_connect	 connect;	/* CHK_ACT_CONNECT */
	const char		*data;		/* tcp-check send/send-binary: */
	size_t			 len;		/* the bytes to send */
	struct httpchk_conf	*req;		/* http-check send; NULL for the
						   first one, which is merged
						   into the proxy's httpchk */
	struct check_expect	 expect;	/* CHK_ACT_EXPECT */
};

/* Arguments of the protocol check options. */
struct check_opts {
	const char		*user;		/* mysql-check, pgsql-check */
	bool			 mysql_pre41;
	const char		*smtp_hello;	/* "HELO" / "EHLO", NULL = HELO */
	const char		*smtp_domain;	/* NULL = "localhost" */
};

/* ------------------------------------------------------------------ */
/* Servers and binds */

enum srv_init_state { SRV_INIT_DEFAULT = 0, SRV_INIT_UP, SRV_INIT_DOWN,
	SRV_INIT_FULLY_UP, SRV_INIT_FULLY_DOWN };
enum srv_observe { SRV_OBS_NONE = 0, SRV_OBS_L4, SRV_OBS_L7 };
enum srv_on_error { SRV_ONERR_FAIL_CHECK = 0, SRV_ONERR_FASTINTER,
	SRV_ONERR_SUDDEN_DEATH, SRV_ONERR_MARK_DOWN };

/* "load-server-state-from-file": unset and none load nothing. */
enum srv_state_load { SRV_STATE_UNSET = 0, SRV_STATE_GLOBAL,
	SRV_STATE_LOCAL, SRV_STATE_NONE };

struct server_conf {
	struct cfg_pos		 pos;
	const char		*name;
	struct addr_spec	 addr;
	struct cfg_pos		 addr_pos;
	bool			 addr_invalid;	/* reported: skip the checks
						   that depend on it */
	bool			 check;
	uint32_t		 inter_ms, fastinter_ms, downinter_ms; /* the
					   last two CFG_UNSET = inter */
	unsigned		 rise, fall;
	unsigned		 check_port;	/* 0 = server port */
	struct addr_spec	 check_addr;
	bool			 has_check_addr;
	unsigned		 weight;
	bool			 backup, disabled;
	unsigned		 maxconn, minconn, maxqueue; /* CFG_UNSET or
					   0 = no limit */
	const char		*cookie;
	enum srv_observe	 observe;
	unsigned		 error_limit;
	enum srv_on_error	 on_error;
	enum srv_init_state	 init_state;
	bool			 send_proxy;
	uint32_t		 slowstart_ms;	/* CFG_UNSET or 0 = none */
	bool			 resolve_none;	/* init-addr none */
	unsigned		 id;		/* "id", 0 = automatic */
	struct cfg_pos		 id_pos;
	struct cfg_pos		 check_addr_pos;	/* "addr" value */
	const char		*redir;		/* "redir" prefix, NULL = none */
	bool			 send_proxy_v2;
	bool			 shutdown_on_down;	/* on-marked-down
						   shutdown-sessions */
	bool			 shutdown_backup_on_up;	/* on-marked-up
						   shutdown-backup-sessions */
};

struct bind_conf {
	struct cfg_pos		 pos;
	struct addr_spec	 addr;		/* one per address of a bind line */
	struct cfg_pos		 addr_pos;
	const char		*name;
	unsigned		 maxconn, backlog;	/* 0 = the frontend's */
	bool			 accept_proxy, v4v6, v6only;
	bool			 defer_accept, tfo;
	const char		*interface;
	unsigned		 mode;		/* unix socket mode, 0 = default */
	const char		*user, *group;	/* unix socket owner */
	bool			 legacy_listen;	/* from "listen NAME ADDR:PORT" */
	unsigned		 id;		/* "id", 0 = automatic */
	struct cfg_pos		 id_pos;
	long			 uid, gid;	/* unix socket owner, -1 = unset */
};

/* ------------------------------------------------------------------ */
/* Proxies */

/* Option bits (the "option X" family); see cfg_kw_option.c's table. */
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
	PXO_HTTP_TUNNEL, PXO_IDLE_CLOSE_ON_RESPONSE, PXO_HTTP_IGNORE_PROBES,
	PXO_DISABLE_H2_UPGRADE,
	PXO_COUNT
};
#define PXO_BIT(o)	(1ULL << (o))
/* The HTTP connection modes exclude each other: the last one set wins. */
#define PXO_HTTP_MODES	(PXO_BIT(PXO_HTTP_SERVER_CLOSE) |		\
	    PXO_BIT(PXO_HTTPCLOSE) | PXO_BIT(PXO_HTTP_KEEP_ALIVE) |	\
	    PXO_BIT(PXO_FORCECLOSE) | PXO_BIT(PXO_HTTP_TUNNEL))
/* Options HAProxy ignores with a warning outside "mode http". */
#define PXO_HTTP_ONLY	(PXO_BIT(PXO_FORWARDFOR) | PXO_BIT(PXO_ORIGINALTO) | \
	    PXO_BIT(PXO_HTTP_PRETEND_KEEPALIVE) | PXO_BIT(PXO_CHECKCACHE) |	\
	    PXO_BIT(PXO_IDLE_CLOSE_ON_RESPONSE) |			\
	    PXO_BIT(PXO_HTTP_IGNORE_PROBES) |				\
	    PXO_BIT(PXO_DISABLE_H2_UPGRADE) |				\
	    PXO_BIT(PXO_HTTP_USE_PROXY_HEADER) |			\
	    PXO_BIT(PXO_ACCEPT_INVALID_HTTP_REQUEST) |			\
	    PXO_BIT(PXO_ACCEPT_INVALID_HTTP_RESPONSE) |			\
	    PXO_BIT(PXO_PREFER_LAST_SERVER))

enum lb_algo { LB_UNSET = 0, LB_ROUNDROBIN, LB_STATIC_RR, LB_LEASTCONN,
	LB_FIRST, LB_SOURCE, LB_URI, LB_URL_PARAM, LB_HDR, LB_RDP_COOKIE,
	LB_RANDOM };

/* "balance" parameters beyond the algorithm and its name argument. */
struct lb_params {
	struct cfg_pos		 pos;		/* the algorithm word */
	unsigned		 uri_len, uri_depth;	/* uri: 0 = no limit */
	bool			 uri_whole, uri_path_only;
	bool			 check_post;	/* url_param */
	bool			 use_domain_only;	/* hdr() */
	unsigned		 draws;		/* random(N); 0 = default (2) */
};

/* "hash-type METHOD [FUNCTION [avalanche]]". */
enum hash_method { HASH_MAP_BASED = 0, HASH_CONSISTENT };
enum hash_fn { HASH_FN_SDBM = 0, HASH_FN_DJB2, HASH_FN_WT6, HASH_FN_CRC32 };

/* "retry-on" bits; none set with retry_on_set = "retry-on none". */
#define PXR_CONN_FAILURE	0x0001
#define PXR_EMPTY_RESPONSE	0x0002
#define PXR_JUNK_RESPONSE	0x0004
#define PXR_RESPONSE_TIMEOUT	0x0008
#define PXR_0RTT_REJECTED	0x0010
#define PXR_401			0x0020
#define PXR_403			0x0040
#define PXR_404			0x0080
#define PXR_408			0x0100
#define PXR_425			0x0200
#define PXR_500			0x0400
#define PXR_501			0x0800
#define PXR_502			0x1000
#define PXR_503			0x2000
#define PXR_504			0x4000

enum http_reuse { REUSE_DEFAULT = 0, REUSE_NEVER, REUSE_SAFE,
	REUSE_AGGRESSIVE, REUSE_ALWAYS };

/* A network ("except NET", "monitor-net NET"), masked. */
struct net_conf {
	struct cfg_pos		 pos;
	int			 family;	/* AF_INET or AF_INET6 */
	uint8_t			 addr[16];	/* network byte order */
	unsigned		 prefix;	/* bits */
};

/* A log-format string ("log-format", "unique-id-format"), validated. */
struct logfmt_conf {
	const char		*s;		/* as written; NULL = unset */
	struct cfg_pos		 pos;
	const char		*http_var;	/* first variable that needs mode
						   http ("r"), or NULL */
	struct cfg_pos		 http_var_pos;
};

/* "stick-table type T size S [expire E] [srvkey K]" (no store/peers). */
enum stick_type { STK_IP = 0, STK_IPV6, STK_INTEGER, STK_STRING,
	STK_BINARY };
struct stick_table_conf {
	bool			 set;
	struct cfg_pos		 pos;
	enum stick_type		 type;
	unsigned		 key_len;	/* string/binary: default 32 */
	uint64_t		 size;		/* entries */
	uint32_t		 expire_ms;	/* 0 = never */
	bool			 srvkey_addr;	/* "srvkey addr"; default name */
};

/* "stick on|match|store-request SAMPLE [table T] [if|unless COND]". */
enum stick_kind { STICK_ON, STICK_MATCH, STICK_STORE_REQ };
struct stick_rule {
	struct cfg_pos		 pos;
	enum stick_kind		 kind;
	const char		*expr;		/* the sample, e.g. "src" */
	const char		*table;		/* NULL = this proxy's */
	struct cfg_pos		 table_pos;
	struct proxy_conf	*target;	/* resolved by the semantic pass */
	struct cond_conf	*cond;		/* NULL = always */
};

enum px_timeout {
	PXT_CLIENT, PXT_CLIENT_FIN, PXT_CONNECT, PXT_SERVER, PXT_SERVER_FIN,
	PXT_QUEUE, PXT_TARPIT, PXT_TUNNEL, PXT_HTTP_REQUEST,
	PXT_HTTP_KEEP_ALIVE, PXT_CHECK,
	PXT_COUNT
};

struct stats_scope {
	struct cfg_pos		 pos;
	const char		*name;		/* proxy name, or "." = this one */
};

struct stats_conf {
	bool			 enabled;	/* set by "stats enable" or any stats keyword */
	const char		*uri;		/* "/haproxy?stats" by default */
	const char		*realm;
	CFG_VEC(const char *)	 auths;		/* "user:password" */
	uint32_t		 refresh_ms;	/* CFG_UNSET = none */
	bool			 hide_version, show_legends, show_desc;
	bool			 show_node, show_modules;
	const char		*node_name, *desc;	/* NULL = global's */
	CFG_VEC(struct stats_scope) scopes;
	CFG_VEC(struct cond_conf *) admin;	/* "stats admin if ..." */
	const struct proxy_conf	*owner;		/* section whose lines set these;
						   another one = inherited */
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

/* "option forwardfor" and "option originalto" (which has no if-none). */
struct forwardfor_conf {
	const char		*header;	/* "X-Forwarded-For" / "X-Original-To" */
	struct net_conf		 except;	/* valid when has_except */
	bool			 has_except;
	bool			 if_none;
};

struct cookie_conf {
	struct cfg_pos		 pos;
	const char		*name;
	bool			 rewrite, insert, prefix, indirect, nocache;
	bool			 postonly, preserve, httponly, secure, dynamic;
	CFG_VEC(const char *)	 domains;
	CFG_VEC(const char *)	 attrs;		/* "attr" values */
	uint32_t		 maxidle_ms, maxlife_ms;	/* CFG_UNSET */
	bool			 set;
};

struct proxy_conf {
	struct cfg_pos		 pos;		/* the section header */
	const char		*name;		/* NULL for anonymous defaults */
	const char		*kind;		/* "frontend", "backend", "listen", "defaults" */
	unsigned		 cap;		/* CFG_CAP_*; both for defaults */
	bool			 is_defaults;
	struct proxy_conf	*from;		/* defaults it started from */
	unsigned		 id;		/* 0 = automatic */
	struct cfg_pos		 id_pos;
	unsigned		 index;		/* place in config.proxies: the
						   runtime's proxies[] slot */
	const char		*description;
	bool			 disabled;

	enum cfg_mode		 mode;
	uint32_t		 maxconn, backlog, fullconn, retries;
	uint32_t		 timeout[PXT_COUNT];	/* ms, CFG_UNSET */
	struct cfg_pos		 timeout_pos[PXT_COUNT];
	uint64_t		 opts, opts_set;	/* PXO_BIT(PXO_*) */
	bool			 httplog_clf;
	int			 redispatch_interval;	/* -1: last retry */
	struct forwardfor_conf	 forwardfor;
	struct forwardfor_conf	 originalto;
	uint32_t		 grace_ms;	/* 1.x "grace"; 0 = none */

	enum lb_algo		 balance;	/* LB_UNSET = roundrobin */
	const char		*balance_arg;	/* url_param, hdr() or
						   rdp-cookie() name */
	struct lb_params	 lb;
	enum hash_method	 hash_method;
	enum hash_fn		 hash_fn;
	bool			 hash_avalanche;
	unsigned		 hash_balance_factor;	/* 0 = off */
	unsigned		 retry_on;	/* PXR_*; default conn-failure */
	bool			 retry_on_set;
	enum http_reuse		 http_reuse;
	const char		*http_send_name_header;
	enum srv_state_load	 state_load;	/* load-server-state-from-file */
	const char		*state_file_name; /* server-state-file-name;
						   NULL = the backend's name */
	unsigned		 max_keepalive_queue;	/* when _set; else -1 */
	bool			 max_keepalive_queue_set;
	unsigned		 rate_limit_sessions;	/* per second; 0 = none */
	struct addr_spec	 dispatch;	/* when has_dispatch */
	struct cfg_pos		 dispatch_pos;
	bool			 has_dispatch;
	/* TCP keepalive tuning; 0 = system default */
	unsigned		 clitcpka_cnt, srvtcpka_cnt;
	uint32_t		 clitcpka_idle_ms, clitcpka_intvl_ms;
	uint32_t		 srvtcpka_idle_ms, srvtcpka_intvl_ms;
	struct stick_table_conf	 stick_table;
	CFG_VEC(struct stick_rule) sticks;

	CFG_VEC(struct log_conf) logs;
	bool			 log_global;	/* "log global" */
	struct logfmt_conf	 log_format;	/* overrides httplog/tcplog */
	const char		*log_tag;
	struct logfmt_conf	 unique_id_format;
	const char		*unique_id_header;
	struct stats_conf	 stats;
	const char		*monitor_uri;
	CFG_VEC(struct net_conf) monitor_nets;	/* 1.x "monitor-net" */
	const char		*dynamic_cookie_key;
	struct cond_vec		 monitor_fail;	/* ORed, as HAProxy does */
	struct cookie_conf	 cookie;

	CFG_VEC(struct bind_conf) binds;
	unsigned		 bind_lines;	/* seen, even if they failed:
						   no "no bind" warning then */
	CFG_VEC(struct server_conf) servers;
	struct server_conf	 defsrv;	/* default-server */
	CFG_VEC(struct acl_conf *) acls;
	CFG_VEC(struct acl_conf *) anon_acls;	/* "{ ... }" of conditions, for
						   cfg_kw_acl_check; never
						   filled in defaults */
	CFG_VEC(struct switch_rule) use_backends;
	struct switch_rule	 default_backend;	/* .backend NULL = none */
	CFG_VEC(struct server_rule) use_servers;
	struct cond_vec		 force_persist;
	struct cond_vec		 ignore_persist;
	CFG_VEC(struct http_rule) http_req;	/* http-request + req* + block */
	CFG_VEC(struct http_rule) http_res;	/* http-response + rsp* */
	CFG_VEC(struct http_rule) http_after;	/* http-after-response */
	CFG_VEC(struct redirect_rule) redirects;
	CFG_VEC(struct tcp_rule) tcp_req;
	CFG_VEC(struct tcp_rule) tcp_res;
	uint32_t		 tcp_req_inspect_ms;	/* inspect-delay; 0 = none */
	uint32_t		 tcp_res_inspect_ms;
	CFG_VEC(struct errorfile_conf) errorfiles;
	CFG_VEC(struct capture_conf) captures;

	/* Health checks.  As in HAProxy, one check ruleset is active per
	 * proxy: http-check or tcp-check rules in config order.  A proxy's
	 * first own rule replaces what it inherited (spec §6). */
	enum check_type		 check_type;
	struct cfg_pos		 check_pos;	/* the option that set it */
	struct check_opts	 check_opts;
	struct httpchk_conf	 httpchk;	/* "option httpchk" request, merged
						   with the first http-check send */
	CFG_VEC(struct tcpcheck_step) tcpcheck;	/* the ruleset */
	bool			 tcpcheck_http;	/* it holds http-check rules */
	const struct proxy_conf	*tcpcheck_owner; /* section whose lines wrote
						   the ruleset; another one =
						   inherited from defaults */
	bool			 disable_on_404, send_state;

	struct proxy_conf	*next;		/* in config order */
};

/* ------------------------------------------------------------------ */
/* global and userlists */

/* One "stats socket" (the CLI).  The first is embedded in global_conf;
 * further ones hang off its next pointer, in config order. */
struct stats_socket_conf {
	struct cfg_pos		 pos;
	struct addr_spec	 addr;
	const char		*level;		/* user, operator (default), admin */
	unsigned		 mode;		/* UNIX socket mode; 0 = umask */
	long			 uid, gid;	/* -1 = unset */
	const char		*user, *group;	/* checked to exist */
	const char		*name;
	uint32_t		 maxconn;	/* 0 = "stats maxconn" or default */
	bool			 expose_fd_listeners;
	const char		*severity_output; /* none, number, string */
	bool			 set;
	struct stats_socket_conf *next;		/* in the config arena */
};

/* "unix-bind": defaults for UNIX listening sockets. */
struct unix_bind_conf {
	const char		*prefix;
	unsigned		 mode;		/* 0 = unset */
	long			 uid, gid;	/* -1 = unset, once set */
	const char		*user, *group;
	bool			 set;
};

struct global_conf {
	bool			 daemon, quiet, debug, master_worker;
	bool			 mworker_no_exit_on_failure;
	uint32_t		 mworker_max_reloads;	/* CFG_UNSET */
	const char		*user, *group;
	struct cfg_pos		 user_pos, group_pos;
	long			 uid, gid;		/* -1 = unset */
	const char		*chroot, *pidfile;
	uint32_t		 maxconn;		/* CFG_UNSET */
	uint32_t		 nbthread;		/* CFG_UNSET */
	unsigned		 nbproc;		/* 1.x, accepted as 1 */
	uint32_t		 hard_stop_after_ms;
	uint32_t		 grace_ms;		/* 0 = none */
	uint32_t		 close_spread_ms;	/* 0 = unset */
	uint32_t		 spread_checks;		/* percent */
	uint32_t		 max_spread_checks_ms;	/* 0 = unset */
	uint32_t		 ulimit_n;
	uint32_t		 fd_hard_limit;		/* 0 = none */
	uint32_t		 maxconnrate, maxpipes;
	uint32_t		 maxsessrate;		/* 0 = no limit */
	uint32_t		 tune_bufsize, tune_maxrewrite, tune_maxaccept;
	uint32_t		 tune_chksize;
	uint32_t		 tune_http_maxhdr;	/* 0 = default (101) */
	uint32_t		 tune_http_cookielen;	/* 0 = default */
	uint32_t		 tune_http_logurilen;	/* 0 = default (1024) */
	uint32_t		 tune_rcvbuf_client, tune_rcvbuf_server; /* bytes, 0 = OS */
	uint32_t		 tune_sndbuf_client, tune_sndbuf_server;
	bool			 noepoll, nopoll, noevports, nokqueue;
	bool			 noreuseport;
	bool			 no_strict_limits;	/* "no strict-limits" */
	bool			 set_dumpable;
	bool			 h1_accept_payload_any_method;
	bool			 pp2_never_send_local;
	CFG_VEC(struct log_conf) logs;
	const char		*log_tag;
	const char		*log_send_hostname;	/* "" = gethostname */
	bool			 log_send_hostname_set;
	const char		*node, *description;
	struct stats_socket_conf stats_socket;	/* first; .set when present */
	uint32_t		 stats_timeout_ms;
	uint32_t		 stats_maxconn;		/* 0 = default (10) */
	struct unix_bind_conf	 unix_bind;
	const char		*server_state_file;	/* NULL = none */
	const char		*server_state_base;	/* NULL = none */
	bool			 zero_warning;
	bool			 external_check;
};

/* A name in a userlist's "groups a,b" or "users a,b" list. */
struct userlist_ref {
	const char		*name;
	struct cfg_pos		 pos;		/* the name inside the list */
};

struct userlist_user {
	struct cfg_pos		 pos;
	const char		*name;
	const char		*password;	/* crypt(3) hash or clear text; NULL = none */
	bool			 insecure;	/* insecure-password */
	CFG_VEC(struct userlist_ref) groups;
};

struct userlist_group {
	struct cfg_pos		 pos;
	const char		*name;
	CFG_VEC(struct userlist_ref) users;
};

struct userlist_conf {
	struct cfg_pos		 pos;
	const char		*name;
	CFG_VEC(struct userlist_user) users;
	CFG_VEC(struct userlist_group) groups;
	struct userlist_conf	*next;
};

/* peers / resolvers: validated, not run (see cfg_build.c's sections). */
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
	unsigned		 nproxies;	/* how many; each has its index */
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
