#!/bin/sh
# Stats access (spec §9.1): "stats auth" answers 401 with
# WWW-Authenticate: Basic realm="<stats realm>" until the right
# user:password comes; "stats uri" is a prefix and replaces the default
# /haproxy?stats; "stats scope" limits the rows; "stats hide-version"
# hides the version; "stats enable" in defaults serves /haproxy?stats on
# every proxy, also in a backend after routing.
# Also passes with HAPX=/usr/sbin/haproxy.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

TOOL="$top_srcdir/t/e2e/stats_tool.py"
start_py upA http --name A
FE=$(free_port)
ST=$(free_port)
DF=$(free_port)
cat >"$tmp/st.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	default_backend be
backend be
	server A 127.0.0.1:$upA
listen st
	bind 127.0.0.1:$ST
	stats uri /admin/stats
	stats realm Private\ Area
	stats auth alice:s3cret
	stats auth bob:pw2
	stats scope be
	stats scope .
	stats hide-version
defaults withstats
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
	stats enable
frontend df from withstats
	bind 127.0.0.1:$DF
	use_backend dbe if { path_beg /b/ }
	default_backend dbe
backend dbe from withstats
	http-request set-path /haproxy if { path /b/haproxy }
	server A 127.0.0.1:$upA
EOF
start_hapx "$tmp/st.cfg" "$ST"

# code URL [CURL_ARGS...]: the status of one request.
code() {
	_u=$1
	shift
	curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$_u"
}

U="http://127.0.0.1:$ST/admin/stats"
curl -s --max-time 5 -D "$tmp/h" -o "$tmp/b" "$U" || fail "GET"
tr -d '\r' <"$tmp/h" >"$tmp/hh"
grep -q '^HTTP/1.1 401' "$tmp/hh" || fail "no 401: $(head -1 "$tmp/hh")"
assert_contains "$tmp/hh" 'Basic realm="Private Area"'
assert_eq "$(code "$U" -u alice:wrong)" 401 "wrong password"
assert_eq "$(code "$U" -u carol:s3cret)" 401 "unknown user"
assert_eq "$(code "$U" -u alice:s3cret)" 200 "alice"
assert_eq "$(code "$U;csv" -u bob:pw2)" 200 "bob"
# A prefix: anything after it is still the stats page.
assert_eq "$(code "$U/more?x=1" -u bob:pw2)" 200 "prefix match"
# The default URI is not served once "stats uri" is set: the request goes
# on to the listen's (empty) backend.
assert_eq "$(code "http://127.0.0.1:$ST/haproxy?stats" -u bob:pw2)" 503 \
    "default URI with a custom one"

# Scope: be and the listen itself; not fe.
curl -s --max-time 5 -u alice:s3cret -o "$tmp/csv" "$U;csv" || fail "csv"
rows=$("$PY" "$TOOL" rows "$tmp/csv" | tr '\n' ' ')
assert_eq "$rows" "be/A be/BACKEND st/FRONTEND st/BACKEND " "scoped rows"

# hide-version: the HTML page names no version.
curl -s --max-time 5 -u alice:s3cret -o "$tmp/html" "$U" || fail "html"
assert_contains "$tmp/html" "be"
if grep -qi 'version [0-9]' "$tmp/html"; then
	fail "version shown despite hide-version"
fi

# "stats enable" from defaults: no auth, /haproxy?stats, in the frontend
# and, after the backend's rewrite, in the backend.
assert_eq "$(code "http://127.0.0.1:$DF/haproxy?stats")" 200 "defaults fe"
assert_eq "$(code "http://127.0.0.1:$DF/b/haproxy?stats")" 200 \
    "in the backend after set-path"
curl -s --max-time 5 -D "$tmp/h2" -o /dev/null \
    "http://127.0.0.1:$DF/haproxy?stats" || fail "GET"
tr -d '\r' <"$tmp/h2" | grep -qi '^content-type: text/html' ||
    fail "HTML content-type"
assert_eq "$(curl_name "http://127.0.0.1:$DF/b/other")" A "normal traffic"
exit 0
