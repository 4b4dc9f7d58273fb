#!/bin/sh
# Differential suite (issue 4): the same raw requests through HAProxy 2.6
# and through hapx, both running the article's config (t/diff/*.cfg.in:
# reqrep for hapx, http-request replace-path for HAProxy) in front of the
# same three fake Spark masters (spark1 ALIVE, spark2/3 STANDBY). The
# driver, t/diff/run.py, compares the status line, Content-Type, framing
# (Content-Length / Transfer-Encoding), Location, the Connection header and
# whether the connection stays open, the body bytes, and what the masters
# received (request line, headers with names compared case-insensitively,
# body length). It prints every difference, one line each, and this test
# fails on any that the table below does not explain.
#
#   t/e2e/differential.sh                  the whole suite
#   DIFF_ONLY=cl_te,two_cl t/e2e/differential.sh   some requests only
#   DIFF_VERBOSE=1 t/e2e/differential.sh   every field of every request
#   python3 t/diff/run.py --list           the request ids
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_py
need_cmd haproxy
need_hapx

# The explained differences: REQUEST-ID FIELD REASON. FIELD is a field
# name as printed in the DIFF lines, or an fnmatch pattern (r1.*, be1.*).
# Keep it short: every entry needs a reason that cites the spec or an issue.
cat >"$tmp/explained" <<'EOF'
# hapx draws its own stats page (same columns and data; HAProxy's is GPL).
stats          r1.body  hapx renders its own HTML for the stats page (spec §9.4): status, content type and framing are compared
# The config translation: reqrep and replace-path do not see the same text.
absolute_uri   *    reqrep's regex sees the request line, where an absolute-form URI does not start with /spark/, so hapx (as 1.5) leaves it; replace-path rewrites the path of any URI form (spec §5.2, §5.4)
spark_inside   *    replace-path's unanchored /spark/(.*) turns the path /echo/spark/x into /x; the article's reqrep is anchored at the request line's start and leaves it (spec §5.2, §5.4)
# Stricter than HAProxy on purpose.
cl_te          *    issue 4 asks for a 400 on Content-Length with Transfer-Encoding; HAProxy 2.6 drops the Content-Length and forwards (spec §8.2)
nul_value      *    issue 4 asks for a 400 on CTL or NUL in a field; HAProxy 2.6.12 forwards it (spec §8.2, §12)
big_header     r1.* hapx answers 431 to a head over bufsize - maxrewrite where HAProxy says 400 (spec §8.2): issue 4 asks for 431
long_uri       r1.* hapx answers 414 to a request line over the head limit where HAProxy says 400: issue 4 asks for 414
obs_fold       *    issue 4's strict parser rejects obsolete line folding (RFC 9112 §5.2 allows it; t/unit/check_http1.c pins it); HAProxy 2.6 unfolds it (spec §8.2)
double_space   *    issue 4's strict parser wants single spaces in the request line (RFC 9112 §3 allows a 400; t/unit/check_http1.c pins it); HAProxy 2.6 normalises
http12         *    issue 4's strict parser takes only HTTP/1.0 and HTTP/1.1 (t/unit/check_http1.c pins it); HAProxy 2.6 forwards HTTP/1.2 as HTTP/1.1 (RFC 9110 §2.5 SHOULD)
http20         *    HTTP/2.0 on an HTTP/1 request line: 400 from issue 4's strict parser (RFC 9112 §2.3 allows a 400 or 505; t/unit/check_http1.c pins it); HAProxy 2.6 forwards it as HTTP/1.1
te_identity    r1.* hapx answers 400 where HAProxy 2.6 says 422 to a Transfer-Encoding other than chunked alone (issue 13 allows 400); neither forwards it
EOF

start_spark spark1 ALIVE
start_spark spark2 STANDBY
start_spark spark3 STANDBY
HAPROXY_PORT=$(free_port)
HAPX_PORT=$(free_port)
while [ "$HAPX_PORT" = "$HAPROXY_PORT" ]; do
	HAPX_PORT=$(free_port)
done
render_cfg "$top_srcdir/t/diff/haproxy.cfg.in" "$tmp/haproxy.cfg"
render_cfg "$top_srcdir/t/diff/hapx.cfg.in" "$tmp/hapx.cfg"

haproxy -c -q -f "$tmp/haproxy.cfg" >"$tmp/haproxy.out" 2>&1 || {
	cat "$tmp/haproxy.out" >&2
	fail "HAProxy refuses t/diff/haproxy.cfg.in"
}
haproxy -db -f "$tmp/haproxy.cfg" >"$tmp/haproxy.out" 2>&1 &
track_pid $!
wait_port "$HAPROXY_PORT" || {
	cat "$tmp/haproxy.out" >&2
	fail "HAProxy never listened on $HAPROXY_PORT"
}
start_hapx "$tmp/hapx.cfg" "$HAPX_PORT"

set -- --ref "$HAPROXY_PORT" --hapx "$HAPX_PORT" \
    --log "$(spark_log spark1)" --log "$(spark_log spark2)" \
    --log "$(spark_log spark3)" --explained "$tmp/explained"
[ -n "${DIFF_ONLY:-}" ] && set -- "$@" --only "$DIFF_ONLY"
[ -n "${DIFF_VERBOSE:-}" ] && set -- "$@" -v
"$PY" "$top_srcdir/t/diff/run.py" "$@" || fail "unexplained differences"
_spark_alive "$HAPX_PID" || fail "hapx died during the suite"
