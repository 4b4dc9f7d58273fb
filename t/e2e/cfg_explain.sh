#!/bin/sh
# hapx cfgcheck --explain (issue 8): the path of one request through a
# config, on the article's config and on corpus files.  Asserts:
#  1. the article: /spark/x goes through "acl spark" (line 24) and the
#     use_backend of line 26 to SRV_SPARK (line 29), the reqrep of line 34
#     turns "GET /spark/x HTTP/1.1" into "GET /x HTTP/1.1", the three
#     servers are eligible under leastconn; exit 0;
#  2. /static/x: the first use_backend is not taken, the second is, the
#     reqrep changes nothing; /other: no rule, no default_backend: 503,
#     exit 3;
#  3. what explain says the server receives is what a running hapx sends:
#     the request line and headers a fake Spark master logged;
#  4. a deny by source address (--src) exits 3 and names the rule's line;
#  5. corpus files: routing with a negated ACL, a reqrep in the backend,
#     default_backend, an http-request redirect (exit 3), reqadd;
#  6. a bad request line, an unknown frontend and a bad --src exit 1.
# shellcheck disable=SC2154 # t/lib.sh assigns $tmp
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx

case "$(basename "$HAPX")" in
haproxy*) skip "cfgcheck --explain is hapx's own" ;;
esac

ART="$top_srcdir/examples/article.cfg"
CORPUS="$top_srcdir/t/corpus/configs"

# explain OUT WANT_RC ARGS...: run --explain, keep stdout in OUT.
explain() {
	_out=$1
	_want=$2
	shift 2
	"$HAPX" cfgcheck --no-resolve --explain "$@" >"$_out" 2>"$_out.err"
	_rc=$?
	if [ "$_rc" -ne "$_want" ]; then
		cat "$_out" "$_out.err" >&2
		fail "explain $*: exit $_rc, want $_want"
	fi
}

# after OUT TEXT: the line following the first line equal to TEXT.
after() {
	awk -v t="$2" 'f { print; exit } $0 == t { f = 1 }' "$1"
}

# --- 1. the article, /spark/x
explain "$tmp/spark" 0 'GET /spark/x HTTP/1.1' -H 'Host: a' \
    --src 10.0.0.1 "$ART"
for l in \
    'request: GET /spark/x HTTP/1.1' \
    'client: 10.0.0.1' \
    'frontend MGMTSRV (line 20), the first that routes (--frontend NAME picks one)' \
    '  line 26: use_backend SRV_SPARK  if spark' \
    '      acl spark (line 24: acl     spark    path_reg  /spark/): matches' \
    '=> backend SRV_SPARK (line 29)' \
    '  line 34: reqrep  ^([^\ :]*)\ /spark\/(.*)  \1\ /\2' \
    '      before: GET /spark/x HTTP/1.1' \
    '      after:  GET /x HTTP/1.1' \
    'servers of SRV_SPARK, balance leastconn (line 12); every server is taken as UP (no check has run):' \
    '  line 35: spark1 127.0.0.1:8081 weight 1: eligible' \
    '  line 36: spark2 127.0.0.1:8082 weight 1: eligible' \
    '  line 37: spark3 127.0.0.1:8083 weight 1: eligible'; do
	grep -qxF -e "$l" "$tmp/spark" || { cat "$tmp/spark" >&2;
	    fail "article /spark/x: no line: $l"; }
done
assert_eq "$(after "$tmp/spark" '  line 26: use_backend SRV_SPARK  if spark' |
    sed -n 1p)" '      acl spark (line 24: acl     spark    path_reg  /spark/): matches' \
    "acl under the use_backend"
assert_eq "$(grep -A1 -xF '      acl spark (line 24: acl     spark    path_reg  /spark/): matches' \
    "$tmp/spark" | sed -n 2p)" '    -> taken' "use_backend of line 26"
assert_eq "$(after "$tmp/spark" 'the server receives:')" '  GET /x HTTP/1.1' \
    "request line the server receives"
# The static ACL is never evaluated: the first rule was taken.
if grep -q 'acl static' "$tmp/spark"; then
	fail "article /spark/x: line 27 evaluated after line 26 was taken"
fi

# --- 2. /static/x and /other
explain "$tmp/static" 0 'GET /static/x HTTP/1.1' -H 'Host: a' "$ART"
assert_eq "$(grep -c -- '-> not taken' "$tmp/static")" 1 "static: not taken"
assert_eq "$(grep -A1 -xF '      acl static (line 25: acl     static   path_reg  /static/): matches' \
    "$tmp/static" | sed -n 2p)" '    -> taken' "use_backend of line 27"
assert_eq "$(after "$tmp/static" '    -> no condition: runs')" \
    '      no change to the request' "reqrep without a match"
assert_eq "$(after "$tmp/static" 'the server receives:')" \
    '  GET /static/x HTTP/1.1' "static request line"

explain "$tmp/other" 3 'GET /other HTTP/1.1' -H 'Host: a' "$ART"
assert_eq "$(grep -c -- '-> not taken' "$tmp/other")" 2 "other: 2 not taken"
assert_contains "$tmp/other" '=> 503 Service Unavailable'
assert_contains "$tmp/other" \
    'no use_backend rule matched and there is no default_backend'

# --- 3. a running hapx sends what explain says
if [ -n "$PY" ] && command -v curl >/dev/null 2>&1; then
	start_spark spark1 ALIVE
	FE_PORT=$(free_port)
	sed -e "s/^  bind .*/  bind 127.0.0.1:$FE_PORT/" \
	    -e '/^  user\|^  group\|^  daemon/d' \
	    -e "s/127.0.0.1:8081 check.*/127.0.0.1:$SPARK1_PORT/" \
	    -e '/spark[23] /d' "$ART" >"$tmp/live.cfg"
	explain "$tmp/live" 0 'GET /spark/abc?q=1 HTTP/1.1' \
	    -H "Host: 127.0.0.1:$FE_PORT" -H 'X-Test: 1' "$tmp/live.cfg"
	start_hapx "$tmp/live.cfg" "$FE_PORT"
	curl -s --max-time 5 -o /dev/null -H 'X-Test: 1' \
	    "http://127.0.0.1:$FE_PORT/spark/abc?q=1" ||
	    fail "curl through hapx failed"
	wait_spark_log spark1 '/abc?q=1' || fail "spark1 saw no request"
	"$PY" - "$(spark_log spark1)" >"$tmp/live.seen" <<'EOF'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
print(r["line"])
for k, v in r["headers"]:
    if k.lower() in ("host", "x-test"):
        print("%s: %s" % (k, v))
EOF
	awk '/^the server receives:/ { f = 1; next } f && /^  \(/ { exit }
	    f { sub(/^  /, ""); print }' "$tmp/live" |
	    grep -v -i -e '^user-agent:' -e '^accept:' >"$tmp/live.said"
	assert_eq "$(sed -n 1p "$tmp/live.seen")" 'GET /abc?q=1 HTTP/1.1' \
	    "request line spark1 received"
	assert_eq "$(wc -l <"$tmp/live.seen" | tr -d ' ')" 3 \
	    "lines compared (request line, Host, X-Test)"
	if ! cmp -s "$tmp/live.said" "$tmp/live.seen"; then
		printf -- '--- explain:\n' >&2
		cat "$tmp/live.said" >&2
		printf -- '--- spark1 received:\n' >&2
		cat "$tmp/live.seen" >&2
		fail "explain and the running hapx differ"
	fi
	# The defaults' "stats enable" serves the stats page in MGMTSRV.
	explain "$tmp/stats" 3 'GET /haproxy?stats HTTP/1.1' \
	    -H "Host: 127.0.0.1:$FE_PORT" "$tmp/live.cfg"
	assert_contains "$tmp/stats" \
	    '=> the stats page of frontend MGMTSRV (stats uri /haproxy?stats, the default)'
	code=$(curl -s --max-time 5 -o "$tmp/stats.html" -w '%{http_code}' \
	    "http://127.0.0.1:$FE_PORT/haproxy?stats")
	assert_eq "$code" 200 "status of /haproxy?stats"
	assert_contains "$tmp/stats.html" 'Statistics Report'
	assert_eq "$(spark_requests spark1)" 1 "requests to spark1"
	live="compared with a running hapx"
else
	live="not compared with a running hapx (no python3 or curl)"
fi

# --- 4. deny by source
cat >"$tmp/deny.cfg" <<'EOF'
defaults
  mode http
  timeout connect 5s
  timeout client 5s
  timeout server 5s

frontend fe
  bind 127.0.0.1:8000
  acl internal src 10.0.0.0/8
  http-request deny if !internal
  http-request set-header X-Via hapx
  default_backend be

backend be
  balance roundrobin
  server a 127.0.0.1:9001 weight 3
  server b 127.0.0.1:9002 weight 0
  server c 127.0.0.1:9003 backup
EOF
explain "$tmp/deny" 3 'GET / HTTP/1.1' -H 'Host: x' --src 192.0.2.1 \
    "$tmp/deny.cfg"
assert_contains "$tmp/deny" \
    '      acl !internal (line 9: acl internal src 10.0.0.0/8): does not match, negated: true'
assert_contains "$tmp/deny" \
    '=> deny 403 by line 10: http-request deny if !internal'
explain "$tmp/allow" 0 'GET / HTTP/1.1' -H 'Host: x' --src 10.1.2.3 \
    "$tmp/deny.cfg"
assert_contains "$tmp/allow" '    -> condition false: skipped'
assert_contains "$tmp/allow" '      added:   X-Via: hapx'
assert_contains "$tmp/allow" '  line 16: a 127.0.0.1:9001 weight 3: eligible'
assert_contains "$tmp/allow" \
    '  line 17: b 127.0.0.1:9002 weight 0: not eligible, weight 0'
assert_contains "$tmp/allow" \
    '  line 18: c 127.0.0.1:9003 weight 1 backup: not eligible, backup: used only when no active server is UP'
assert_contains "$tmp/allow" '  line 12: default_backend be'

# --- 5. corpus files
explain "$tmp/c1" 0 'GET /search/foo HTTP/1.1' -H 'Host: x' \
    "$CORPUS/090-riak-banana.cfg"
assert_contains "$tmp/c1" '  line 48: use_backend solr if solr !solr_query'
assert_contains "$tmp/c1" \
    '      acl !solr_query (line 42: acl solr_query url_beg /search/query): does not match, negated: true'
assert_contains "$tmp/c1" '=> backend solr (line 57)'
assert_contains "$tmp/c1" '      after:  GET /internal_solr/foo HTTP/1.1'
explain "$tmp/c2" 0 'GET /search/query/x HTTP/1.1' -H 'Host: x' \
    "$CORPUS/090-riak-banana.cfg"
assert_contains "$tmp/c2" '=> backend riak_solr (line 52)'
assert_eq "$(after "$tmp/c2" 'the server receives:')" \
    '  GET /search/query/x HTTP/1.1' "riak_solr has no reqrep"
explain "$tmp/c3" 0 'GET /app.js HTTP/1.1' -H 'Host: x' \
    "$CORPUS/090-riak-banana.cfg"
assert_contains "$tmp/c3" '  line 50: default_backend banana'
assert_contains "$tmp/c3" \
    '      after:  GET /internal_solr/banana/src/app.js HTTP/1.1'
explain "$tmp/c4" 3 'GET / HTTP/1.1' -H 'Host: x' \
    -H 'Cookie: has_remember_me=true' "$CORPUS/096-cocalc-docker.cfg"
assert_contains "$tmp/c4" \
    '=> redirect 302 to /app by line 57: http-request redirect code 302 location /app if is_root_url is_known_user'
explain "$tmp/c5" 0 'GET /policies/a.html HTTP/1.1' -H 'Host: x' \
    "$CORPUS/096-cocalc-docker.cfg"
assert_contains "$tmp/c5" '      after:  GET /static/policies/a.html HTTP/1.1'
assert_contains "$tmp/c5" '      added:   X-Forwarded-Proto: https'
assert_contains "$tmp/c5" '=> backend static (line 22)'

# --- 6. usage errors
explain "$tmp/bad1" 1 'GET' "$ART"
assert_contains "$tmp/bad1.err" 'the request is invalid'
explain "$tmp/bad2" 1 'GET / HTTP/1.1' --frontend nope "$ART"
assert_contains "$tmp/bad2.err" "no frontend or listen section named 'nope'"
explain "$tmp/bad3" 1 'GET / HTTP/1.1' --src 10.0.0.300 "$ART"
assert_contains "$tmp/bad3.err" "--src '10.0.0.300' is not an IP address"
echo "cfg_explain: ok ($live)"
exit 0
