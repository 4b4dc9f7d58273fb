/*
 * cfg_acl_fetch: the sample fetches and converters hapx knows (doc 7.3),
 * and the parser of one ACL term, "CRITERION [flags] [operator]
 * [patterns...]" (doc 7.1), which the "acl" keyword, anonymous "{ ... }"
 * conditions and the predefined ACLs of cfg_kw_acl.c share.
 *
 * Patterns are validated and compiled here, at config time, so the engine
 * only matches.  Backend, frontend and userlist names in fetch arguments
 * are only recorded; cfg_kw_acl_check() resolves them once the model is
 * whole.  Nothing here knows conditions or keywords, prints or exits.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg_acl_fetch.h"
#include "cfg/cfg_keywords.h"
#include "cfg/cfg_args.h"
#include "cfg/cfg_load.h"
#include "base/regex.h"
#include "base/var_name.h"
#include "base/xmalloc.h"

#include "base/nitems.h"

/* ------------------------------------------------------------------ */
/* Sample fetches (doc 7.3) */

#define AF_FORMS	0x1	/* NAME_beg, NAME_reg... ACL forms exist */
#define AF_DOTVER	0x2	/* integer patterns may be "MAJOR.MINOR" */

/*
 * Argument kinds, one letter per argument: 's' string, 'o' header
 * occurrence (>= -10), 'i' integer, 'B' boolean, 'b' backend name,
 * 'f' frontend name, 'u' userlist name, 'v' variable name ("txn.x").
 */
struct acl_fetch {
	const char	*name;
	const char	*args;
	unsigned char	 amin;		/* how many arguments are mandatory */
	unsigned char	 type;		/* enum acl_type */
	unsigned char	 side;		/* enum acl_side */
	unsigned char	 flags;		/* AF_* */
	const char	*canon;		/* what the engine runs; NULL = name */
};

#define F(n, a, m, t, s, f, c)	{ n, a, m, ACL_T_##t, ACL_SIDE_##s, f, c }

/* What hapx runs, sorted by strcmp.  As in HAProxy's ACL keyword list,
 * "hdr" and "cook" in an ACL read the request, "shdr" the response. */
static const struct acl_fetch acl_fetches[] = {
	F("always_false",	"",   0, BOOL, ANY,	 0, NULL),
	F("always_true",	"",   0, BOOL, ANY,	 0, NULL),
	F("avg_queue",		"b",  0, INT,  ANY,	 0, NULL),
	F("base",		"",   0, STR,  REQ,	 AF_FORMS, NULL),
	F("be_conn",		"b",  0, INT,  ANY,	 0, NULL),
	F("be_id",		"",   0, INT,  BACKEND,	 0, NULL),
	F("bool",		"B",  1, BOOL, ANY,	 0, NULL),
	F("capture.req.method",	"",   0, STR,  REQ_KEPT, 0, NULL),
	F("capture.req.uri",	"",   0, STR,  REQ_KEPT, 0, NULL),
	F("connslots",		"b",  0, INT,  ANY,	 0, NULL),
	F("cook",		"s",  0, STR,  REQ,	 AF_FORMS, "req.cook"),
	F("cook_cnt",		"s",  0, INT,  REQ,	 0, "req.cook_cnt"),
	F("dst",		"",   0, IP,   ANY,	 0, NULL),
	F("dst_port",		"",   0, INT,  ANY,	 0, NULL),
	F("fe_conn",		"f",  0, INT,  ANY,	 0, NULL),
	F("fe_id",		"",   0, INT,  ANY,	 0, NULL),
	F("hdr",		"so", 0, STR,  REQ,	 AF_FORMS, "req.hdr"),
	F("hdr_cnt",		"s",  0, INT,  REQ,	 0, "req.hdr_cnt"),
	F("hdr_ip",		"so", 0, IP,   REQ,	 0, "req.hdr_ip"),
	F("hdr_val",		"so", 0, INT,  REQ,	 0, "req.hdr_val"),
	F("http_auth",		"u",  1, BOOL, REQ,	 0, NULL),
	F("http_auth_group",	"u",  1, STR,  REQ,	 0, NULL),
	F("int",		"i",  1, INT,  ANY,	 0, NULL),
	F("method",		"",   0, METH, REQ_KEPT, 0, NULL),
	F("nbsrv",		"b",  0, INT,  ANY,	 0, NULL),
	F("path",		"",   0, STR,  REQ,	 AF_FORMS, NULL),
	F("query",		"",   0, STR,  REQ,	 0, NULL),
	F("queue",		"b",  0, INT,  ANY,	 0, NULL),
	F("req.cook",		"s",  0, STR,  REQ,	 0, NULL),
	F("req.cook_cnt",	"s",  0, INT,  REQ,	 0, NULL),
	F("req.fhdr",		"so", 1, STR,  REQ,	 0, NULL),
	F("req.hdr",		"so", 0, STR,  REQ,	 0, NULL),
	F("req.hdr_cnt",	"s",  0, INT,  REQ,	 0, NULL),
	F("req.hdr_ip",		"so", 0, IP,   REQ,	 0, NULL),
	F("req.hdr_val",	"so", 0, INT,  REQ,	 0, NULL),
	F("req.len",		"",   0, INT,  REQ_DATA, 0, NULL),
	F("req.proto_http",	"",   0, BOOL, REQ_KEPT, 0, NULL),
	F("req.ssl_hello_type",	"",   0, INT,  REQ_DATA, 0, NULL),
	F("req.ssl_sni",	"",   0, STR,  REQ_DATA, 0, NULL),
	F("req.ssl_ver",	"",   0, INT,  REQ_DATA, AF_DOTVER, NULL),
	F("req.ver",		"",   0, STR,  REQ,	 0, NULL),
	F("req_len",		"",   0, INT,  REQ_DATA, 0, "req.len"),
	F("req_proto_http",	"",   0, BOOL, REQ_KEPT, 0,
	    "req.proto_http"),
	F("req_ssl_hello_type",	"",   0, INT,  REQ_DATA, 0,
	    "req.ssl_hello_type"),
	F("req_ssl_sni",	"",   0, STR,  REQ_DATA, 0, "req.ssl_sni"),
	F("req_ssl_ver",	"",   0, INT,  REQ_DATA, AF_DOTVER,
	    "req.ssl_ver"),
	F("req_ver",		"",   0, STR,  REQ,	 0, "req.ver"),
	F("res.hdr",		"so", 0, STR,  RES,	 0, NULL),
	F("shdr",		"so", 0, STR,  RES,	 AF_FORMS, "res.hdr"),
	F("src",		"",   0, IP,   ANY,	 0, NULL),
	F("src_port",		"",   0, INT,  ANY,	 0, NULL),
	F("srv_id",		"",   0, INT,  SERVER,	 0, NULL),
	F("ssl_fc",		"",   0, BOOL, ANY,	 0, NULL),
	F("status",		"",   0, INT,  RES,	 0, NULL),
	F("str",		"s",  0, STR,  ANY,	 0, NULL),
	F("url",		"",   0, STR,  REQ,	 AF_FORMS, NULL),
	F("url_param",		"ss", 0, STR,  REQ,	 0, NULL),
	F("urlp",		"ss", 0, STR,  REQ,	 AF_FORMS, "url_param"),
	F("var",		"vs", 1, STR,  ANY,	 0, NULL),
	F("wait_end",		"",   0, BOOL, ANY,	 0, NULL),
};

#undef F

/* Fetches and ACL keywords HAProxy 2.6 has and hapx refuses, sorted
 * (configuration.txt 7.3.2-7.3.7).  The stick-table counters (sc*_,
 * src_*) are matched by acl_is_counter() instead of being listed. */
static const char *const acl_unsupported[] = {
	"base32", "base32+src", "baseq", "bc_dst", "bc_dst_port", "bc_err",
	"bc_err_str", "bc_http_major", "bc_src", "bc_src_port",
	"be_conn_free", "be_name", "be_server_timeout", "be_sess_rate",
	"be_tunnel_timeout", "bin", "capture.req.hdr", "capture.req.ver",
	"capture.res.hdr", "capture.res.ver", "cook_val", "cookie",
	"cpu_calls", "cpu_ns_avg", "cpu_ns_tot", "cur_server_timeout",
	"cur_tunnel_timeout", "date", "date_us", "distcc_body",
	"distcc_param", "dst_conn", "dst_is_local", "env", "fc_dst",
	"fc_dst_is_local", "fc_dst_port", "fc_err", "fc_err_str",
	"fc_fackets", "fc_http_major", "fc_lost", "fc_pp_authority",
	"fc_pp_unique_id", "fc_rcvd_proxy", "fc_reordering", "fc_retrans",
	"fc_rtt", "fc_rttvar", "fc_sacked", "fc_src", "fc_src_is_local",
	"fc_src_port", "fc_unacked", "fe_client_timeout", "fe_defbe",
	"fe_name", "fe_req_rate", "fe_sess_rate", "hostname",
	"http_auth_bearer", "http_auth_pass", "http_auth_type",
	"http_auth_user", "http_first_req", "internal.htx.data",
	"internal.htx.free", "internal.htx.free_data",
	"internal.htx.has_eom", "internal.htx.nbblks", "internal.htx.size",
	"internal.htx.used", "internal.htx_blk.data",
	"internal.htx_blk.hdrname", "internal.htx_blk.hdrval",
	"internal.htx_blk.size", "internal.htx_blk.start_line",
	"internal.htx_blk.type", "internal.strm.is_htx", "ipv4", "ipv6",
	"last_rule_file", "last_rule_line", "lat_ns_avg", "lat_ns_tot",
	"meth", "pathq", "payload", "payload_lv", "prio_class",
	"prio_offset", "proc", "rand", "rdp_cookie", "rdp_cookie_cnt",
	"rep_ssl_hello_type", "req.body", "req.body_len", "req.body_param",
	"req.body_size", "req.cook_val", "req.fhdr_cnt", "req.hdr_names",
	"req.hdrs", "req.hdrs_bin", "req.payload", "req.payload_lv",
	"req.rdp_cookie", "req.rdp_cookie_cnt", "req.ssl_alpn",
	"req.ssl_ec_ext", "req.ssl_st_ext", "req_rdp_cookie",
	"req_rdp_cookie_cnt", "res.body", "res.body_len", "res.body_size",
	"res.cache_hit", "res.cache_name", "res.comp", "res.comp_algo",
	"res.cook", "res.cook_cnt", "res.cook_val", "res.fhdr",
	"res.fhdr_cnt", "res.hdr_cnt", "res.hdr_ip", "res.hdr_names",
	"res.hdr_val", "res.hdrs", "res.hdrs_bin", "res.len",
	"res.payload", "res.payload_lv", "res.ssl_hello_type", "res.ver",
	"resp_ver", "scook", "scook_beg", "scook_cnt", "scook_dir",
	"scook_dom", "scook_end", "scook_len", "scook_reg", "scook_sub",
	"scook_val", "set-cookie", "shdr_cnt", "shdr_ip", "shdr_val",
	"so_id", "so_name", "src_is_local", "srv_conn", "srv_conn_free",
	"srv_is_up", "srv_iweight", "srv_name", "srv_queue",
	"srv_sess_rate", "srv_uweight", "srv_weight", "ssl_bc",
	"ssl_bc_alg_keysize", "ssl_bc_alpn", "ssl_bc_cipher",
	"ssl_bc_client_random", "ssl_bc_err", "ssl_bc_err_str",
	"ssl_bc_is_resumed", "ssl_bc_npn", "ssl_bc_protocol",
	"ssl_bc_server_random", "ssl_bc_session_id", "ssl_bc_session_key",
	"ssl_bc_unique_id", "ssl_bc_use_keysize", "ssl_c_ca_err",
	"ssl_c_ca_err_depth", "ssl_c_chain_der", "ssl_c_der", "ssl_c_err",
	"ssl_c_i_dn", "ssl_c_key_alg", "ssl_c_notafter", "ssl_c_notbefore",
	"ssl_c_s_dn", "ssl_c_serial", "ssl_c_sha1", "ssl_c_sig_alg",
	"ssl_c_used", "ssl_c_verify", "ssl_c_version", "ssl_f_der",
	"ssl_f_i_dn", "ssl_f_key_alg", "ssl_f_notafter", "ssl_f_notbefore",
	"ssl_f_s_dn", "ssl_f_serial", "ssl_f_sha1", "ssl_f_sig_alg",
	"ssl_f_version", "ssl_fc_alg_keysize", "ssl_fc_alpn",
	"ssl_fc_cipher", "ssl_fc_cipherlist_bin", "ssl_fc_cipherlist_hex",
	"ssl_fc_cipherlist_str", "ssl_fc_cipherlist_xxh",
	"ssl_fc_client_early_traffic_secret",
	"ssl_fc_client_handshake_traffic_secret", "ssl_fc_client_random",
	"ssl_fc_client_traffic_secret_0", "ssl_fc_early_exporter_secret",
	"ssl_fc_ecformats_bin", "ssl_fc_eclist_bin", "ssl_fc_err",
	"ssl_fc_err_str", "ssl_fc_exporter_secret", "ssl_fc_extlist_bin",
	"ssl_fc_has_crt", "ssl_fc_has_early", "ssl_fc_has_sni",
	"ssl_fc_is_resumed", "ssl_fc_npn", "ssl_fc_protocol",
	"ssl_fc_protocol_hello_id", "ssl_fc_server_handshake_traffic_secret",
	"ssl_fc_server_random", "ssl_fc_server_traffic_secret_0",
	"ssl_fc_session_id", "ssl_fc_session_key", "ssl_fc_sni",
	"ssl_fc_sni_end", "ssl_fc_sni_reg", "ssl_fc_unique_id",
	"ssl_fc_use_keysize", "ssl_s_chain_der", "ssl_s_der", "ssl_s_i_dn",
	"ssl_s_key_alg", "ssl_s_notafter", "ssl_s_notbefore", "ssl_s_s_dn",
	"ssl_s_serial", "ssl_s_sha1", "ssl_s_sig_alg", "ssl_s_version",
	"stopping", "table_avl", "table_cnt", "thread", "unique-id",
	"url32", "url32+src", "url_ip", "url_port", "urlp_val", "uuid",
};

/* Stick-table counters, fetched as sc_X(ctr), sc0_X..sc2_X or src_X. */
static const char *const acl_counters[] = {
	"bytes_in_rate", "bytes_out_rate", "clr_gpc", "clr_gpc0", "clr_gpc1",
	"conn_cnt", "conn_cur", "conn_rate", "get_gpc", "get_gpc0",
	"get_gpc1", "get_gpt", "get_gpt0", "gpc0_rate", "gpc1_rate",
	"gpc_rate", "http_err_cnt", "http_err_rate", "http_fail_cnt",
	"http_fail_rate", "http_req_cnt", "http_req_rate", "inc_gpc",
	"inc_gpc0", "inc_gpc1", "kbytes_in", "kbytes_out", "sess_cnt",
	"sess_rate", "tracked", "trackers", "updt_conn_cnt",
};

/* Converters of HAProxy 2.6 (doc 7.3.1) other than lower/upper, sorted;
 * the "map_*" family is matched by prefix. */
static const char *const acl_converters[] = {
	"add", "add_item", "aes_gcm_dec", "and", "b64dec", "base64",
	"be2dec", "be2hex", "bool", "bytes", "capture-req", "capture-res",
	"concat", "cpl", "crc32", "crc32c", "cut_crlf", "da-csv-conv",
	"debug", "digest", "div", "djb2", "even", "field", "fix_is_valid",
	"fix_tag_value", "hex", "hex2i", "hmac", "host_only", "htonl",
	"http_date", "iif", "in_table", "ipmask", "json", "json_query",
	"jwt_header_query", "jwt_payload_query", "jwt_verify", "language",
	"length", "ltime", "ltrim", "map", "mod", "mqtt_field_value",
	"mqtt_is_valid", "mul", "nbsrv", "neg", "not", "odd", "or",
	"port_only", "protobuf", "regsub", "rtrim", "sdbm", "secure_memcmp",
	"set-var", "sha1", "sha2", "srv_queue", "strcmp", "sub",
	"table_bytes_in_rate", "table_bytes_out_rate", "table_conn_cnt",
	"table_conn_cur", "table_conn_rate", "table_expire", "table_gpc",
	"table_gpc0", "table_gpc0_rate", "table_gpc1", "table_gpc1_rate",
	"table_gpc_rate", "table_gpt", "table_gpt0", "table_http_err_cnt",
	"table_http_err_rate", "table_http_fail_cnt", "table_http_fail_rate",
	"table_http_req_cnt", "table_http_req_rate", "table_idle",
	"table_kbytes_in", "table_kbytes_out", "table_server_id",
	"table_sess_cnt", "table_sess_rate", "table_trackers", "ub64dec",
	"ub64enc", "ungrpc", "unset-var", "url_dec", "url_enc", "utime",
	"word", "wt6", "xor", "xxh3", "xxh32", "xxh64",
};

/* The ACL forms of a fetch with AF_FORMS (doc 7.1.3). */
static const struct {
	const char	*suffix;
	enum acl_match	 match;
} acl_variants[] = {
	{ "_beg", ACL_M_BEG }, { "_dir", ACL_M_DIR }, { "_dom", ACL_M_DOM },
	{ "_end", ACL_M_END }, { "_len", ACL_M_LEN }, { "_reg", ACL_M_REG },
	{ "_sub", ACL_M_SUB },
};

/* "-m" names, indexed by enum acl_match. */
static const char *const acl_match_names[] = {
	"", "found", "bool", "int", "ip", "bin", "len", "str", "sub", "reg",
	"beg", "end", "dir", "dom",
};

#define M(x)		(1u << ACL_M_##x)
#define M_ALL		(M(FOUND) | M(BOOL) | M(INT) | M(IP) | M(BIN) | \
			    M(LEN) | M(STR) | M(SUB) | M(REG) | M(BEG) | \
			    M(END) | M(DIR) | M(DOM))

/* Which "-m" a sample type accepts (the matrix of doc 7.1), by acl_type. */
static const unsigned acl_type_matches[] = {
	M_ALL & ~(M(IP) | M(BIN)),	/* bool */
	M_ALL & ~(M(IP) | M(BIN)),	/* int */
	M_ALL & ~(M(BOOL) | M(BIN)),	/* ip */
	M_ALL,				/* str */
	M_ALL & ~(M(BOOL) | M(INT)),	/* bin */
	M_ALL,				/* method */
};

static const char *const acl_type_names[] = {
	"a boolean", "an integer", "an address", "a string", "binary data",
	"a method",
};

static int
acl_fetch_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct acl_fetch *)row)->name);
}

static int
acl_str_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static const struct acl_fetch *
acl_fetch_find(const char *name)
{
	return bsearch(name, acl_fetches, nitems(acl_fetches),
	    sizeof(acl_fetches[0]), acl_fetch_cmp);
}

static bool
acl_in_list(const char *name, const char *const *list, size_t n)
{
	return bsearch(name, list, n, sizeof(*list), acl_str_cmp) != NULL;
}

/* "path_beg" -> the "path" row and ACL_M_BEG; NULL if not an ACL form. */
static const struct acl_fetch *
acl_variant_find(const char *name, enum acl_match *m)
{
	const struct acl_fetch	*f;
	char			 base[64];
	size_t			 i, len = strlen(name);

	if (len <= 4 || len - 4 >= sizeof(base))
		return NULL;
	for (i = 0; i < nitems(acl_variants); i++) {
		if (strcmp(name + len - 4, acl_variants[i].suffix) != 0)
			continue;
		memcpy(base, name, len - 4);
		base[len - 4] = '\0';
		if ((f = acl_fetch_find(base)) == NULL ||
		    !(f->flags & AF_FORMS))
			return NULL;
		*m = acl_variants[i].match;
		return f;
	}
	return NULL;
}

/* sc_http_req_rate, sc1_conn_cur, src_conn_rate... */
static bool
acl_is_counter(const char *name)
{
	const char	*rest;

	if (strncmp(name, "src_", 4) == 0)
		rest = name + 4;
	else if (strncmp(name, "sc_", 3) == 0)
		rest = name + 3;
	else if (strncmp(name, "sc", 2) == 0 && name[2] >= '0' &&
	    name[2] <= '2' && name[3] == '_')
		rest = name + 4;
	else
		return false;
	return acl_in_list(rest, acl_counters, nitems(acl_counters));
}

/* Why a fetch HAProxy knows is refused, for the hint. */
static const char *
acl_unsupported_hint(const char *name)
{
	static const struct {
		const char	*prefix;
		const char	*hint;
	} hints[] = {
		{ "ssl_fc_sni", "hapx does not terminate TLS, so there is no "
		    "SNI to read; in 'mode tcp', route on the ClientHello with "
		    "'req.ssl_sni'" },
		{ "ssl_", "hapx does not terminate TLS; terminate it in front "
		    "of hapx" },
		{ "sc", "stick tables and tracking counters are not supported "
		    "by hapx" },
		{ "src_", "stick tables and tracking counters are not "
		    "supported by hapx" },
		{ "table_", "stick tables are not supported by hapx" },
		{ "lua.", "Lua is not supported by hapx" },
		{ "res.", "hapx only matches 'status' and 'res.hdr' on "
		    "responses" },
	};
	size_t	i;

	for (i = 0; i < nitems(hints); i++)
		if (strncmp(name, hints[i].prefix, strlen(hints[i].prefix)) ==
		    0)
			return hints[i].hint;
	return "hapx does not implement this fetch";
}

/* Did-you-mean over every fetch and, with FORMS, ACL form name.  The ACL
 * form names are built in a static buffer: config time is single-threaded. */
static const char *
acl_fetch_suggest(const char *name, bool forms_too)
{
	static char	  forms[nitems(acl_fetches)][nitems(acl_variants)][24];
	const char	**cands;
	const char	 *best;
	size_t		  i, j, n = 0, max;

	max = nitems(acl_fetches) * (nitems(acl_variants) + 1) +
	    nitems(acl_unsupported);
	cands = xreallocarray(NULL, max, sizeof(*cands));
	for (i = 0; i < nitems(acl_fetches); i++) {
		cands[n++] = acl_fetches[i].name;
		if (!forms_too || !(acl_fetches[i].flags & AF_FORMS))
			continue;
		for (j = 0; j < nitems(acl_variants); j++) {
			snprintf(forms[i][j], sizeof(forms[i][j]), "%s%s",
			    acl_fetches[i].name, acl_variants[j].suffix);
			cands[n++] = forms[i][j];
		}
	}
	for (i = 0; i < nitems(acl_unsupported); i++)
		cands[n++] = acl_unsupported[i];
	best = cfg_kw_suggest(name, cands, n);
	free(cands);
	return best;
}

/* ------------------------------------------------------------------ */
/* One ACL term: "CRITERION [flags] [operator] [patterns...]" */

struct acl_parse {
	struct cfg_ctx		*ctx;
	struct acl_term_conf	*t;
	const struct acl_fetch	*f;
	const char		*acl;		/* ACL name; NULL: anonymous */
	enum acl_match		 variant;	/* from "_beg" and co */
	bool			 explicit_m;	/* "-m" was given */
	bool			 icase;		/* "-i" seen */
	bool			 loaded;	/* a pattern or -f seen */
	bool			 dashdash;	/* "--": no pattern is fine */
	bool			 files;		/* -f seen */
	bool			 sample;	/* a "%[...]" expression, not an
						   ACL: no ACL forms, no flags */
};

/* The span of S[OFF..OFF+LEN) inside word A, when the word was written as
 * is; otherwise the whole word (quotes and escapes moved the bytes). */
struct cfg_pos
cfg_acl_subpos(const struct cfg_arg *a, size_t off, size_t len)
{
	struct cfg_pos	pos = a->pos;

	if ((a->flags & (CFG_A_QUOTED | CFG_A_EXPANDED)) ||
	    a->len != a->pos.len || off >= a->len)
		return pos;
	if (len == 0 || off + len > a->len)
		len = a->len - off;
	pos.col += (unsigned)off;
	pos.len = (unsigned)len;
	return pos;
}

/*
 * Split "(a,b)" starting at S[*IP] == '(' into at most MAX arguments,
 * copied into the arena; offsets of each in OFFS.  Parentheses nest and a
 * backslash protects the next byte, as in HAProxy's argument parser.
 */
static int
acl_split_args(struct acl_parse *p, const struct cfg_arg *a, size_t *ip,
    const char *what, const char **out, size_t *offs, size_t max,
    size_t *nout)
{
	const char	*s = a->s;
	size_t		 i = *ip + 1, start = i, depth = 1;
	struct cfg_pos	 pos;

	*nout = 0;
	for (;; i++) {
		if (s[i] == '\\' && s[i + 1] != '\0') {
			i++;
			continue;
		}
		if (s[i] == '(')
			depth++;
		if (s[i] == '\0' || (depth == 1 && (s[i] == ',' ||
		    s[i] == ')'))) {
			if (s[i] == '\0') {
				pos = cfg_acl_subpos(a, *ip, 0);
				diag_error(p->ctx->d, &pos, "missing ')' after "
				    "the arguments of '%s'", what);
				return -1;
			}
			if (*nout == max) {
				pos = cfg_acl_subpos(a, start, i - start);
				diag_error(p->ctx->d, &pos, "too many "
				    "arguments for '%s'", what);
				return -1;
			}
			offs[*nout] = start;
			out[(*nout)++] = arena_strndup(&p->ctx->cfg->arena,
			    s + start, i - start);
			start = i + 1;
			if (s[i] == ')')
				break;
		} else if (s[i] == ')')
			depth--;
	}
	/* "name()" has no argument, not one empty argument. */
	if (*nout == 1 && out[0][0] == '\0')
		*nout = 0;
	*ip = i + 1;
	return 0;
}

static int
acl_arg_backend(struct acl_parse *p, const struct cfg_pos *pos, char kind,
    const char *v)
{
	struct cfg_ctx	*ctx = p->ctx;

	if (kind == 'u') {
		if (*v == '\0') {
			diag_error(ctx->d, pos, "'%s' needs a userlist name",
			    p->f->name);
			return -1;
		}
		/* A userlist may also come later: cfg_kw_acl_check. */
		p->t->userlist = config_find_userlist(ctx->cfg, v);
		return 0;
	}
	if (*v == '\0') {
		diag_error(ctx->d, pos, "empty %s name in '%s'", kind == 'b' ?
		    "backend" : "frontend", p->f->name);
		return -1;
	}
	return 0;
}

/* Check one fetch argument V of kind KIND (see struct acl_fetch). */
static int
acl_fetch_arg(struct acl_parse *p, const struct cfg_arg *a, size_t off,
    char kind, const char *v)
{
	struct cfg_pos	 pos = cfg_acl_subpos(a, off, strlen(v));
	char		*end;
	long long	 n;

	switch (kind) {
	case 'o':
	case 'i':
		errno = 0;
		n = strtoll(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0) {
			diag_error(p->ctx->d, &pos, "'%s': '%s' is not an "
			    "integer", p->f->name, v);
			return -1;
		}
		if (kind == 'o' && n < -10) {
			diag_error(p->ctx->d, &pos, "'%s': header occurrence "
			    "must be >= -10", p->f->name);
			diag_hint(p->ctx->d, "-1 is the last occurrence, -2 "
			    "the one before; HAProxy keeps the last 10");
			return -1;
		}
		p->t->fetch_int = n;
		return 0;
	case 'B':
		if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
			p->t->fetch_int = 1;
		else if (strcmp(v, "false") != 0 && strcmp(v, "0") != 0) {
			diag_error(p->ctx->d, &pos, "'bool' expects 'true', "
			    "'false', '0' or '1', not '%s'", v);
			return -1;
		}
		return 0;
	case 'b':
	case 'f':
	case 'u':
		return acl_arg_backend(p, &pos, kind, v);
	case 'v':
		return cfg_acl_var_check(p->ctx, &pos, p->f->name, v);
	default:
		return 0;
	}
}

/* Parse "(args)" of the fetch at S[*IP], or check that none were needed. */
static int
acl_fetch_args(struct acl_parse *p, const struct cfg_arg *a, size_t *ip)
{
	const struct acl_fetch	*f = p->f;
	struct cfg_ctx		*ctx = p->ctx;
	size_t			 offs[4], i, n = 0, nk = strlen(f->args);
	struct cfg_pos		 pos = cfg_acl_subpos(a, 0, *ip);

	if (a->s[*ip] == '(' && acl_split_args(p, a, ip, f->name,
	    p->t->fetch_args, offs, nitems(offs), &n) < 0)
		return -1;
	if (n > nk) {
		pos = cfg_acl_subpos(a, offs[nk], 0);
		if (nk == 0)
			diag_error(ctx->d, &pos, "'%s' takes no argument",
			    f->name);
		else
			diag_error(ctx->d, &pos, "'%s' takes at most %zu "
			    "argument%s", f->name, nk, nk == 1 ? "" : "s");
		return -1;
	}
	if (n < f->amin) {
		diag_error(ctx->d, &pos, "'%s' needs %s", f->name,
		    f->args[0] == 'u' ? "a userlist name: "
		    "'http_auth(<userlist>)'" : "an argument in parentheses");
		return -1;
	}
	p->t->nfetch_args = (unsigned)n;
	for (i = 0; i < n; i++)
		if (acl_fetch_arg(p, a, offs[i], f->args[i],
		    p->t->fetch_args[i]) < 0)
			return -1;
	/* nbsrv, queue and co count the current proxy's servers. */
	if (n == 0 && f->args[0] == 'b' && ctx->px != NULL &&
	    !(ctx->px->cap & CFG_CAP_BE)) {
		diag_error(ctx->d, &pos, "'%s' without a backend name needs a "
		    "backend, and %s '%s' is not one", f->name, ctx->px->kind,
		    ctx->px->name);
		diag_hint(ctx->d, "name the backend: '%s(<backend>)'",
		    f->name);
		return -1;
	}
	return 0;
}

static void
acl_unknown_fetch(struct acl_parse *p, const struct cfg_pos *pos,
    const char *name)
{
	struct cfg_ctx		*ctx = p->ctx;
	const struct acl_fetch	*f;
	const char		*s;
	size_t			 len = strlen(name);
	char			 base[64];

	diag_error(ctx->d, pos, "unknown fetch method '%s'", name);
	if (len > 4 && len - 4 < sizeof(base) && name[len - 4] == '_') {
		memcpy(base, name, len - 4);
		base[len - 4] = '\0';
		f = acl_fetch_find(base);
		if (f != NULL && p->sample) {
			diag_hint(ctx->d, "'%s' only exists as an ACL keyword; "
			    "the sample fetch is '%s'", name, base);
			return;
		}
		if (f != NULL) {
			diag_hint(ctx->d, "'%s' has no '%s' form; write "
			    "'%s%s -m %s'", base, name + len - 4, base,
			    f->args[0] != '\0' ? "(...)" : "",
			    name + len - 3);
			return;
		}
	}
	if (p->acl != NULL && (acl_fetch_find(p->acl) != NULL ||
	    acl_variant_find(p->acl, &p->variant) != NULL))
		diag_hint(ctx->d, "the ACL name seems to be missing: "
		    "'acl <name> %s %s ...'", p->acl, name);
	else if (!p->sample && strspn(name,
	    "abcdefghijklmnopqrstuvwxyz0123456789_.+-") != len)
		diag_hint(ctx->d, "an ACL line is 'acl <name> <fetch> "
		    "[flags] <patterns>', e.g. 'acl is_api path_beg /api'");
	else if ((s = acl_fetch_suggest(name, !p->sample)) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
}

/* Find the fetch NAME (the criterion up to '(' or ','). */
static int
acl_fetch_lookup(struct acl_parse *p, const struct cfg_arg *a,
    const char *name, size_t namelen)
{
	struct cfg_ctx	*ctx = p->ctx;
	struct cfg_pos	 pos = cfg_acl_subpos(a, 0, namelen);

	p->variant = ACL_M_UNSET;
	if ((p->f = acl_fetch_find(name)) == NULL && !p->sample)
		p->f = acl_variant_find(name, &p->variant);
	if (p->f != NULL) {
		p->t->fetch = p->f->canon ? p->f->canon : p->f->name;
		p->t->type = p->f->type;
		p->t->side = p->f->side;
		if (p->f->flags & AF_DOTVER)
			p->t->flags |= ACL_F_DOTVER;
		return 0;
	}
	if (acl_in_list(name, acl_unsupported, nitems(acl_unsupported)) ||
	    acl_is_counter(name) || strncmp(name, "lua.", 4) == 0) {
		diag_error(ctx->d, &pos, "fetch method '%s' is not supported "
		    "by hapx", name);
		diag_hint(ctx->d, "%s", acl_unsupported_hint(name));
		return -1;
	}
	acl_unknown_fetch(p, &pos, name);
	return -1;
}

static void
acl_unknown_conv(struct cfg_ctx *ctx, const struct cfg_pos *pos,
    const char *name)
{
	const char	*cands[nitems(acl_converters) + 2];
	const char	*s;

	memcpy(cands, acl_converters, sizeof(acl_converters));
	cands[nitems(acl_converters)] = "lower";
	cands[nitems(acl_converters) + 1] = "upper";
	diag_error(ctx->d, pos, "unknown converter '%s'", name);
	if ((s = cfg_kw_suggest(name, cands, nitems(cands))) != NULL)
		diag_hint(ctx->d, "did you mean '%s'?", s);
}

/* One ",name[(args)]" at S[*IP] (after the comma). */
static int
acl_converter(struct acl_parse *p, const struct cfg_arg *a, size_t *ip)
{
	struct cfg_ctx	*ctx = p->ctx;
	const char	*s = a->s + *ip, *args[4];
	size_t		 n = strcspn(s, ",("), offs[4], nargs = 0;
	char		*name = arena_strndup(&ctx->cfg->arena, s, n);
	struct cfg_pos	 pos = cfg_acl_subpos(a, *ip, n);
	int		 id = 0;

	if (strcmp(name, "lower") == 0)
		id = ACL_CONV_LOWER;
	else if (strcmp(name, "upper") == 0)
		id = ACL_CONV_UPPER;
	*ip += n;
	if (n == 0) {
		diag_error(ctx->d, &pos, "missing converter name after ','");
		return -1;
	}
	if (id == 0 && (acl_in_list(name, acl_converters,
	    nitems(acl_converters)) || strncmp(name, "map_", 4) == 0)) {
		diag_error(ctx->d, &pos, "converter '%s' is not supported by "
		    "hapx", name);
		diag_hint(ctx->d, "hapx runs the 'lower' and 'upper' "
		    "converters only");
		return -1;
	}
	if (id == 0) {
		acl_unknown_conv(ctx, &pos, name);
		return -1;
	}
	if (s[n] == '(' && acl_split_args(p, a, ip, name, args, offs,
	    nitems(args), &nargs) < 0)
		return -1;
	if (nargs > 0) {
		diag_error(ctx->d, &pos, "converter '%s' takes no argument",
		    name);
		return -1;
	}
	if (p->t->nconv == ACL_MAX_CONV) {
		diag_error(ctx->d, &pos, "too many converters (at most %d)",
		    ACL_MAX_CONV);
		return -1;
	}
	p->t->conv[p->t->nconv++] = (unsigned char)id;
	return 0;
}

/* "hdr_beg(host),lower": the fetch, its arguments and the converters. */
static int
acl_criterion(struct acl_parse *p, const struct cfg_arg *a)
{
	struct cfg_ctx	*ctx = p->ctx;
	size_t		 n = strcspn(a->s, "(,"), i = n;
	char		 name[80];
	struct cfg_pos	 pos;

	p->t->pos = a->pos;
	p->t->criterion = cfg_arg_dup(ctx, a);
	if (n == 0 || n >= sizeof(name)) {
		diag_error(ctx->d, &a->pos, n ? "unknown fetch method '%s'" :
		    "missing fetch method in '%s'", a->s);
		return -1;
	}
	memcpy(name, a->s, n);
	name[n] = '\0';
	if (acl_fetch_lookup(p, a, name, n) < 0 ||
	    acl_fetch_args(p, a, &i) < 0)
		return -1;
	if (a->s[i] != '\0' && a->s[i] != ',') {
		pos = cfg_acl_subpos(a, i, 0);
		diag_error(ctx->d, &pos, "unexpected '%s' after the arguments "
		    "of '%s'", a->s + i, name);
		diag_hint(ctx->d, "converters follow a comma: "
		    "'%s(...),lower'", name);
		return -1;
	}
	if (a->s[i] == ',')
		p->t->converters = arena_strdup(&ctx->cfg->arena, a->s + i);
	while (a->s[i] == ',') {
		i++;
		if (acl_converter(p, a, &i) < 0)
			return -1;
		if (a->s[i] != '\0' && a->s[i] != ',') {
			pos = cfg_acl_subpos(a, i, 0);
			diag_error(ctx->d, &pos, "unexpected '%s' after a "
			    "converter", a->s + i);
			return -1;
		}
	}
	if (p->t->nconv > 0)
		p->t->type = ACL_T_STR;
	return 0;
}

/* Settle the match method before the first pattern or -f file. */
static int
acl_match_resolve(struct acl_parse *p, const struct cfg_arg *at)
{
	struct acl_term_conf	*t = p->t;
	struct cfg_ctx		*ctx = p->ctx;
	static const enum acl_match defaults[] = {
		ACL_M_BOOL, ACL_M_INT, ACL_M_IP, ACL_M_STR, ACL_M_UNSET,
		ACL_M_STR
	};

	if (t->match != ACL_M_UNSET)
		return 0;
	if (p->variant != ACL_M_UNSET && t->nconv == 0) {
		t->match = p->variant;
		return 0;
	}
	if (p->variant != ACL_M_UNSET)
		/* doc 7.1: a converter makes HAProxy use the converter's
		 * type and drop the keyword's match: path_beg,lower is an
		 * exact match.  Run it as HAProxy does, but say so. */
		diag_warn(ctx->d, &t->pos, "the converter makes '%s' an exact "
		    "match, not a '-m %s' match", t->criterion,
		    acl_match_names[p->variant]);
	if (p->variant != ACL_M_UNSET)
		diag_hint(ctx->d, "HAProxy ignores the '_%s' form when a "
		    "converter follows; write '%s%s -m %s'",
		    acl_match_names[p->variant], p->f->canon ? p->f->canon :
		    p->f->name, t->converters, acl_match_names[p->variant]);
	t->match = defaults[t->type];
	if (t->match == ACL_M_UNSET) {
		diag_error(ctx->d, &at->pos, "matching method must be "
		    "specified first (using '-m') when using a sample fetch "
		    "of this type ('%s')", t->fetch);
		return -1;
	}
	return 0;
}

/* "-m METHOD". */
static int
acl_flag_m(struct acl_parse *p, const struct cfg_arg *m,
    const struct cfg_arg *v)
{
	struct cfg_ctx	*ctx = p->ctx;
	const char	*s;
	size_t		 i;

	if (p->loaded) {
		diag_error(ctx->d, &m->pos, "'-m' must come before the "
		    "patterns and '-f' files");
		return -1;
	}
	for (i = 1; i < nitems(acl_match_names); i++)
		if (strcmp(v->s, acl_match_names[i]) == 0)
			break;
	if (i == nitems(acl_match_names)) {
		diag_error(ctx->d, &v->pos, "unknown matching method '%s'",
		    v->s);
		s = cfg_kw_suggest(v->s, acl_match_names + 1,
		    nitems(acl_match_names) - 1);
		if (s != NULL)
			diag_hint(ctx->d, "did you mean '%s'?", s);
		else
			diag_hint(ctx->d, "methods: found bool int ip bin len "
			    "str sub reg beg end dir dom");
		return -1;
	}
	if (!(acl_type_matches[p->t->type] & (1u << i))) {
		diag_error(ctx->d, &v->pos, "'-m %s' cannot match '%s', which "
		    "returns %s", v->s, p->t->criterion,
		    acl_type_names[p->t->type]);
		return -1;
	}
	p->t->match = (enum acl_match)i;
	p->explicit_m = true;
	return 0;
}

/* One integer, or "MAJOR.MINOR" for req.ssl_ver; *END after it. */
static int
acl_int(const char *s, bool dotver, long long *v, const char **end)
{
	char		*e;
	long long	 minor;

	errno = 0;
	*v = strtoll(s, &e, 10);
	if (e == s || errno != 0 || *s == ' ' || *s == '+')
		return -1;
	if (dotver && *e == '.') {
		s = e + 1;
		minor = strtoll(s, &e, 10);
		if (e == s || *s == '-' || *s == '+' || minor > 65535 ||
		    *v < 0 || *v > 65535)
			return -1;
		*v = *v << 16 | minor;
	} else if (dotver)
		*v <<= 16;
	*end = e;
	return 0;
}

/* "5", "1024:65535", ":1023", "1024:", or a value after an operator. */
static int
acl_pat_int(struct acl_parse *p, struct acl_pattern *pat, const char *s,
    char *err, size_t errlen)
{
	bool		 dotver = (p->t->flags & ACL_F_DOTVER) != 0;
	const char	*e;
	long long	 v;

	pat->lo = LLONG_MIN;
	pat->hi = LLONG_MAX;
	if (pat->op != ACL_OP_RANGE) {
		if (acl_int(s, dotver, &v, &e) < 0 || *e != '\0') {
			snprintf(err, errlen, "'%s' is not %s", s, strchr(s,
			    ':') ? "a number: an operator cannot take a range" :
			    "a number");
			return -1;
		}
		if (pat->op == ACL_OP_EQ || pat->op == ACL_OP_GE)
			pat->lo = v;
		if (pat->op == ACL_OP_EQ || pat->op == ACL_OP_LE)
			pat->hi = v;
		if (pat->op == ACL_OP_GT)
			pat->lo = v == LLONG_MAX ? v : v + 1;
		if (pat->op == ACL_OP_LT)
			pat->hi = v == LLONG_MIN ? v : v - 1;
		return 0;
	}
	if (*s != ':' && (acl_int(s, dotver, &pat->lo, &e) < 0 ||
	    (*e != '\0' && *e != ':')))
		goto bad;
	if (*s == ':')
		e = s;
	if (*e == '\0')
		pat->hi = pat->lo;
	else if (e[1] != '\0' && (acl_int(e + 1, dotver, &pat->hi, &e) < 0 ||
	    *e != '\0'))
		goto bad;
	if (*s == ':' && s[1] == '\0')
		goto bad;
	if (pat->lo > pat->hi) {
		snprintf(err, errlen, "'%s' is not a valid range: the low "
		    "bound is above the high one", s);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "'%s' is not a number or a range (N, N:M, :M "
	    "or N:)", s);
	return -1;
}

/* "/24" or "/255.255.0.0" (contiguous) for family AF; -1 if invalid. */
static int
acl_ip_mask(const char *m, int af)
{
	struct in_addr	 mask;
	uint32_t	 v;
	char		*e;
	long		 n;
	int		 bits = 0;

	if (m == NULL)
		return af == AF_INET ? 32 : 128;
	if (af == AF_INET && strchr(m, '.') != NULL) {
		if (inet_pton(AF_INET, m, &mask) != 1)
			return -1;
		v = ntohl(mask.s_addr);
		while (v & 0x80000000u) {
			bits++;
			v <<= 1;
		}
		return v == 0 ? bits : -1;
	}
	n = strtol(m, &e, 10);
	if (*m < '0' || *m > '9' || *e != '\0' ||
	    n > (af == AF_INET ? 32 : 128))
		return -1;
	return (int)n;
}

/* Keep only the network part, so the engine compares prefixes. */
static void
acl_ip_clear_host(struct acl_pattern *pat)
{
	unsigned	i, bits = pat->prefix;

	for (i = 0; i < sizeof(pat->addr); i++) {
		if (bits >= 8)
			bits -= 8;
		else {
			pat->addr[i] &= (unsigned char)(0xff00u >> bits);
			bits = 0;
		}
	}
}

/* A host name in an IP pattern: resolved now, as HAProxy does (IPv4). */
static int
acl_ip_resolve(struct acl_parse *p, struct acl_pattern *pat,
    const char *host, char *err, size_t errlen)
{
	struct addrinfo	 hints, *res;

	if (p->t->flags & ACL_F_NODNS) {
		snprintf(err, errlen, "'%s' is not a valid IPv4 or IPv6 "
		    "address, and '-n' forbids host names", host);
		return -1;
	}
	if (p->ctx->flags & CFG_LOAD_NO_RESOLVE) {
		pat->af = AF_UNSPEC;
		return 0;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL) {
		snprintf(err, errlen, "'%s' is not a valid IPv4 or IPv6 "
		    "address, and it does not resolve", host);
		return -1;
	}
	pat->af = AF_INET;
	memcpy(pat->addr, &((struct sockaddr_in *)(void *)res->ai_addr)->
	    sin_addr, 4);
	freeaddrinfo(res);
	return 0;
}

/* "10.0.0.1", "10.0.0.0/8", "10.0.0.0/255.0.0.0", "::1", "2001:db8::/32",
 * the short IPv4 forms of doc 7.1.6 ("10.12" is 10.0.0.12), or a host. */
static int
acl_pat_ip(struct acl_parse *p, struct acl_pattern *pat, const char *s,
    char *err, size_t errlen)
{
	char		 buf[300], *m;
	struct in_addr	 in;
	int		 bits;

	if (strlen(s) >= sizeof(buf))
		goto bad;
	strcpy(buf, s);
	if ((m = strchr(buf, '/')) != NULL)
		*m++ = '\0';
	if (strchr(buf, ':') != NULL) {
		pat->af = AF_INET6;
		if (inet_pton(AF_INET6, buf, pat->addr) != 1)
			goto bad;
	} else if (strspn(buf, "0123456789.") == strlen(buf)) {
		pat->af = AF_INET;
		if (inet_pton(AF_INET, buf, pat->addr) != 1) {
			/* inet_aton() reads "10.12" as doc 7.1.6 says. */
			if (strstr(buf, "..") != NULL || *buf == '.' ||
			    inet_aton(buf, &in) == 0)
				goto bad;
			memcpy(pat->addr, &in, 4);
		}
	} else if (acl_ip_resolve(p, pat, buf, err, errlen) < 0)
		return -1;
	if ((bits = acl_ip_mask(m, pat->af == AF_INET6 ? AF_INET6 :
	    AF_INET)) < 0)
		goto bad;
	pat->prefix = (unsigned)bits;
	acl_ip_clear_host(pat);
	return 0;
bad:
	snprintf(err, errlen, "'%s' is not a valid IPv4 or IPv6 address", s);
	return -1;
}

/* "-m bin": an even number of hex digits, decoded into the arena. */
static int
acl_pat_bin(struct acl_parse *p, struct acl_pattern *pat, const char *s,
    char *err, size_t errlen)
{
	size_t		 i, n = strlen(s);
	unsigned char	*out;
	unsigned	 v;

	if (n % 2 != 0 || strspn(s, "0123456789abcdefABCDEF") != n) {
		snprintf(err, errlen, "'%s' is not an even number of hex "
		    "digits", s);
		return -1;
	}
	out = arena_alloc(&p->ctx->cfg->arena, n / 2 + 1);
	for (i = 0; i < n / 2; i++) {
		sscanf(s + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
	pat->s = (const char *)out;
	pat->len = n / 2;
	return 0;
}

/* Validate and store pattern S (from a word or a -f line) at POS. */
static int
acl_pattern_add(struct acl_parse *p, const char *s, size_t len,
    const struct cfg_pos *pos, enum acl_op op)
{
	struct cfg_ctx		*ctx = p->ctx;
	struct acl_pattern	 pat;
	char			 err[400];
	int			 rc = 0;

	memset(&pat, 0, sizeof(pat));
	pat.s = arena_strndup(&ctx->cfg->arena, s, len);
	pat.len = len;
	pat.op = op;
	pat.icase = p->icase;
	pat.pos = *pos;
	switch (p->t->match) {
	case ACL_M_FOUND:
	case ACL_M_BOOL:
		snprintf(err, sizeof(err), "'%s' takes no pattern, so '%s' "
		    "would be ignored", p->explicit_m ? (p->t->match ==
		    ACL_M_FOUND ? "-m found" : "-m bool") : p->t->criterion,
		    pat.s);
		rc = -1;
		break;
	case ACL_M_INT:
	case ACL_M_LEN:
		rc = acl_pat_int(p, &pat, pat.s, err, sizeof(err));
		break;
	case ACL_M_IP:
		rc = acl_pat_ip(p, &pat, pat.s, err, sizeof(err));
		break;
	case ACL_M_BIN:
		rc = acl_pat_bin(p, &pat, pat.s, err, sizeof(err));
		break;
	case ACL_M_REG:
		pat.rx = rx_compile(pat.s, p->icase ? RX_ICASE : 0, err,
		    sizeof(err));
		if (pat.rx == NULL)
			rc = -1;
		else
			config_own_rx(ctx->cfg, pat.rx);
		break;
	default:
		break;
	}
	if (rc < 0) {
		diag_error(ctx->d, pos, "%s", err);
		return -1;
	}
	if (p->icase)
		p->t->flags |= ACL_F_ICASE;
	*CFG_VEC_PUSH(&ctx->cfg->arena, p->t->patterns) = pat;
	return 0;
}

/* The text of -f FILE, or NULL with an error at A. */
static char *
acl_file_read(struct acl_parse *p, const struct cfg_arg *a, size_t *len)
{
	FILE	*fp = fopen(a->s, "r");
	char	*buf = NULL;
	size_t	 cap = 0, n;

	*len = 0;
	if (fp == NULL) {
		diag_error(p->ctx->d, &a->pos, "cannot open pattern file '%s': "
		    "%s", a->s, strerror(errno));
		diag_hint(p->ctx->d, "HAProxy refuses to start without it; "
		    "create the file (it may be empty) or fix the path");
		return NULL;
	}
	do {
		if (*len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + *len, 1, cap - *len - 1, fp);
		*len += n;
	} while (n > 0);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

/* "-f FILE": one pattern a line; blank and '#' lines skipped, leading
 * blanks stripped, the line ends at CR or LF (doc 7.1). */
static int
acl_flag_f(struct acl_parse *p, const struct cfg_arg *at,
    const struct cfg_arg *a)
{
	struct cfg_pos	 pos;
	const char	*fname, *s, *e;
	char		*buf;
	size_t		 len, off = 0;
	unsigned	 line = 0;
	int		 rc = 0;

	if (acl_match_resolve(p, at) < 0)
		return -1;
	p->loaded = p->files = true;
	if (p->ctx->flags & CFG_LOAD_NO_FILES)
		return 0;
	if ((buf = acl_file_read(p, a, &len)) == NULL)
		return -1;
	fname = diag_add_source(p->ctx->d, a->s, buf, len);
	while (off < len) {
		line++;
		s = buf + off;
		e = s + strcspn(s, "\n");
		off = (size_t)(e - buf) + 1;
		pos.file = fname;
		pos.line = line;
		pos.col = (unsigned)strspn(s, " \t") + 1;
		s += pos.col - 1;
		pos.len = (unsigned)strcspn(s, "\r\n");
		if (pos.len == 0 || *s == '#')
			continue;
		if (acl_pattern_add(p, s, pos.len, &pos, ACL_OP_RANGE) < 0)
			rc = -1;
	}
	free(buf);
	return rc;
}

/* The flags before the patterns (doc 7.1); *IP moves past them. */
static int
acl_flags(struct acl_parse *p, const struct cfg_arg *args, size_t n,
    size_t *ip)
{
	struct cfg_ctx	*ctx = p->ctx;
	size_t		 i;
	uint32_t	 id;
	const char	*w;

	for (i = *ip; i < n && args[i].s[0] == '-'; i++) {
		w = args[i].s;
		if (strcmp(w, "--") == 0) {
			p->dashdash = true;
			i++;
			break;
		}
		if (strcmp(w, "-i") == 0) {
			p->icase = true;
			continue;
		}
		if (strcmp(w, "-n") == 0) {
			p->t->flags |= ACL_F_NODNS;
			continue;
		}
		if (strcmp(w, "-M") == 0) {
			diag_error(ctx->d, &args[i].pos, "'-M' (a map file "
			    "used as ACL patterns) is not supported by hapx");
			diag_hint(ctx->d, "list the keys one per line in a "
			    "pattern file and use '-f'");
			return -1;
		}
		if (strcmp(w, "-f") != 0 && strcmp(w, "-m") != 0 &&
		    strcmp(w, "-u") != 0) {
			diag_error(ctx->d, &args[i].pos, "'%s' is not a valid "
			    "ACL flag", w);
			diag_hint(ctx->d, "flags are -i -f -m -n -u; put '--' "
			    "before a pattern that starts with '-'");
			return -1;
		}
		if (i + 1 >= n) {
			diag_error(ctx->d, &args[i].pos, "'%s' needs %s after "
			    "it", w, w[1] == 'f' ? "a file name" : w[1] == 'm' ?
			    "a matching method" : "an integer id");
			return -1;
		}
		if ((w[1] == 'f' && acl_flag_f(p, &args[*ip - 1], &args[i + 1])
		    < 0) || (w[1] == 'm' && acl_flag_m(p, &args[i],
		    &args[i + 1]) < 0) || (w[1] == 'u' &&
		    cfg_arg_uint(ctx, &args[i + 1], 0, INT_MAX, &id) < 0))
			return -1;
		if (w[1] == 'u')
			p->t->unique_id = id;
		i++;
	}
	*ip = i;
	return 0;
}

static enum acl_op
acl_operator(const char *w)
{
	static const char *const ops[] = { "eq", "ge", "gt", "le", "lt" };
	size_t	i;

	for (i = 0; i < nitems(ops); i++)
		if (strcmp(w, ops[i]) == 0)
			return (enum acl_op)(ACL_OP_EQ + i);
	return ACL_OP_RANGE;
}

/* HAProxy warns and never matches an ACL without any pattern. */
static void
acl_no_pattern(struct acl_parse *p)
{
	const struct acl_term_conf	*t = p->t;

	if (t->patterns.n > 0 || p->files || p->dashdash ||
	    t->match == ACL_M_FOUND || t->match == ACL_M_BOOL)
		return;
	diag_warn(p->ctx->d, &t->pos, "no pattern to match '%s' against: "
	    "this ACL never matches", t->criterion);
	diag_hint(p->ctx->d, "to test presence write '%s -m found'%s; add "
	    "'--' if never matching is intended", t->criterion,
	    t->type == ACL_T_INT ? ", for a non-zero value '-m bool'" : "");
}

/*
 * Parse one term from ARGS[0..N): the criterion, flags, an optional
 * integer operator and the patterns.  NAME is the ACL's name for messages
 * (NULL for "{ ... }").  Every error is reported; returns -1 if any.
 */
int
cfg_acl_term_parse(struct cfg_ctx *ctx, const struct cfg_arg *args,
    size_t n, const char *name, struct acl_term_conf *t)
{
	struct acl_parse	 p;
	enum acl_op		 op = ACL_OP_RANGE;
	size_t			 i = 1;
	int			 rc = 0;

	memset(t, 0, sizeof(*t));
	memset(&p, 0, sizeof(p));
	t->unique_id = CFG_UNSET;
	p.ctx = ctx;
	p.t = t;
	p.acl = name;
	if (acl_criterion(&p, &args[0]) < 0 || acl_flags(&p, args, n, &i) < 0)
		return -1;
	if (acl_match_resolve(&p, &args[0]) < 0)
		return -1;
	if (i < n && (t->match == ACL_M_INT || t->match == ACL_M_LEN) &&
	    (op = acl_operator(args[i].s)) != ACL_OP_RANGE && ++i == n) {
		diag_error(ctx->d, &args[i - 1].pos, "operator '%s' needs a "
		    "value after it", args[i - 1].s);
		return -1;
	}
	for (; i < n; i++) {
		p.loaded = true;
		if (acl_pattern_add(&p, args[i].s, args[i].len, &args[i].pos,
		    op) < 0)
			rc = -1;
	}
	if (rc == 0)
		acl_no_pattern(&p);
	return rc;
}

/* Check a "%[...]" sample expression: the ACL criterion parser, without
 * the ACL forms, on a scratch term that is not kept. */
int
cfg_acl_sample_check(struct cfg_ctx *ctx, const struct cfg_arg *a,
    size_t off, size_t len)
{
	struct acl_term_conf	t;
	struct acl_parse	p;
	struct cfg_arg		e = cfg_arg_sub(ctx, a, off, len);

	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.t = &t;
	p.sample = true;
	return acl_criterion(&p, &e);
}

/* The argument kinds of the fetch NAME, one letter per argument as in
 * struct acl_fetch; NULL when hapx has no such fetch. */
const char *
cfg_acl_fetch_argkinds(const char *name)
{
	const struct acl_fetch	*f = acl_fetch_find(name);

	return f != NULL ? f->args : NULL;
}

/* Check variable name NAME ("txn.x") at POS, for WHAT ("var",
 * "http-request set-var"): a scope hapx keeps, then [A-Za-z0-9._]+. */
int
cfg_acl_var_check(struct cfg_ctx *ctx, const struct cfg_pos *pos,
    const char *what, const char *name)
{
	size_t		 len = strlen(name);
	const char	*rest;
	int		 scope = var_name_scope(name, len, &rest);

	if (scope < 0) {
		diag_error(ctx->d, pos, "'%s': '%s' has no variable scope",
		    what, name);
		diag_hint(ctx->d, "a variable name starts with its scope: "
		    "'sess.', 'txn.', 'req.' or 'res.' (e.g. 'txn.%s')",
		    *name != '\0' ? name : "name");
		return -1;
	}
	if (scope == VAR_SCOPE_PROC || scope == VAR_SCOPE_CHECK) {
		diag_error(ctx->d, pos, "'%s': the '%.*s' variable scope is "
		    "not supported by hapx", what, (int)(rest - name - 1),
		    name);
		diag_hint(ctx->d, "hapx keeps variables per client connection "
		    "('sess.') or per request ('txn.', 'req.', 'res.')");
		return -1;
	}
	if (!var_name_ok(name, len)) {
		diag_error(ctx->d, pos, "'%s': invalid variable name '%s'",
		    what, name);
		diag_hint(ctx->d, "after the scope, a variable name is made of "
		    "letters, digits, '.' and '_'");
		return -1;
	}
	return 0;
}
