/*
 * cfg_explain: "hapx cfgcheck --explain 'GET /x HTTP/1.1' [-H 'Name: v']...
 * [--src ADDR] [--frontend NAME] FILE": the path of one request through
 * a configuration, told by the runtime's own code as it decides (the
 * acl_env trace of acl.c and rewrite.c): the frontend, each ACL with its
 * result, the rule that fired, the backend (or why none), each rewrite
 * with the line before and after, the head the server receives and the
 * servers the balancer would choose from.  Every step names its line.
 */
#ifndef HAPX_CFG_EXPLAIN_H
#define HAPX_CFG_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>

struct cfg_pos;
struct config;

/* Exit statuses of cfg_explain() (hapx.1 documents them). */
#define CFG_EXPLAIN_FORWARDED	0	/* a server would receive it */
#define CFG_EXPLAIN_BAD		1	/* bad request text or options */
#define CFG_EXPLAIN_ANSWERED	3	/* hapx answers itself: 503, deny,
					   redirect, ... */

struct cfg_explain_req {
	const char		*line;		/* "GET /x HTTP/1.1" */
	const char *const	*hdrs;		/* "Name: value" */
	size_t			 nhdrs;
	const char		*src;		/* client address, NULL = none */
	const char		*frontend;	/* NULL = the first one */
};

/* Explain REQ on CFG to OUT; a problem with REQ goes to ERR (ERRSZ
 * bytes).  Returns a CFG_EXPLAIN_* status. */
int	cfg_explain(const struct config *cfg, const struct cfg_explain_req *req,
	    FILE *out, char *err, size_t errsz);

/* The text of the config line at POS, trimmed, into BUF ("" if it cannot
 * be read); returns BUF. */
const char *cfg_explain_line(const struct cfg_pos *pos, char *buf,
	    size_t bufsz);
/* S[0..len) on OUT with C escapes for what is not printable. */
void	cfg_explain_quote(FILE *out, const char *s, size_t len);

#endif
