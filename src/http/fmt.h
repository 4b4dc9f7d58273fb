/*
 * fmt: the one compiler of format strings for HTTP rules and replies
 * (set-header/add-header values, replace-* replacements, set-path,
 * redirect locations and prefixes, set-var-fmt, return/errorfile
 * templates): literal pieces, "%%", the variables %ci %cp %fi %fp %f %b
 * %H %pid, and "%[fetch(args),converter...]" samples (sample.c).  A
 * format is compiled once, at engine start (acl_prep, owned by the
 * engine); a request only evaluates the compiled items.
 */
#ifndef HAPX_FMT_H
#define HAPX_FMT_H

#include <stddef.h>

struct acl_env;
struct config;

/* A compiled format, owned by its caller: fmt_free. */
struct fmt;

/* Compile format S; proxy and userlist arguments of its samples are
 * resolved in CFG (may be NULL).  NULL only when out of memory.  Never
 * fails on content: "%{flags}" are skipped, an unknown "%name" is kept
 * as written, a sample hapx cannot run gives no value. */
struct fmt	*fmt_compile(const char *s, const struct config *cfg);
/* The same for S[0..LEN), which need not be NUL-terminated. */
struct fmt	*fmt_compile_n(const char *s, size_t len,
		    const struct config *cfg);
void		 fmt_free(struct fmt *);
/* How many items F has (tests). */
unsigned	 fmt_nitems(const struct fmt *);

/*
 * Evaluate F for ENV (NULL: nothing known) into OUT: at most OUTSZ-1
 * bytes and a NUL.  A sample's control characters are %-encoded as
 * HAProxy does for HTTP rules; a sample without a value gives nothing.
 * Returns the length written.
 */
size_t		 fmt_eval(const struct fmt *f, const struct acl_env *env,
		    char *out, size_t outsz);
/*
 * Expand format S for ENV into OUT: from C, its compiled form, when the
 * engine has one (acl_prep_fmt_of: every format of the model, in
 * traffic); else S is compiled for this call, its samples resolved in
 * ENV's engine's config (tests, tools, a format the engine never saw).
 */
size_t		 fmt_expand(const struct fmt *c, const char *s,
		    const struct acl_env *env, char *out, size_t outsz);
/* The same for the LEN bytes at S (a file's content, not NUL-ended). */
size_t		 fmt_expand_n(const struct fmt *c, const char *s, size_t len,
		    const struct acl_env *env, char *out, size_t outsz);

/* A string being built in BUF: appended to, cut at CAP-1 bytes, always
 * NUL-terminated (formats, redirect locations). */
struct fmt_out {
	char	*buf;
	size_t	 cap;		/* bytes, NUL included */
	size_t	 len;
};
void		 fmt_put(struct fmt_out *, const char *s, size_t n);
/* The N bytes at S with what a header value cannot hold (0x00-0x08,
 * 0x0a-0x1f, 0x7f; HAProxy's http_encode_map) as %XX: a sample's value. */
void		 fmt_put_encoded(struct fmt_out *, const char *s, size_t n);

#endif
