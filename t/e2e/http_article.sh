#!/bin/sh
# The article's setup end to end: examples/spark.cfg itself (its addresses
# turned into free ports) in front of three fake masters: /spark/ and
# /static/ reach a master, reqrep strips /spark/ from the request line and
# leaves a Referer header alone, anything else is a 503 with HAProxy's
# page. Then routing: use_backend order, default_backend and the ACL forms
# (path_beg, hdr(host) -i, src CIDR, method, anonymous, !, or, unless).
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py
need_cmd curl

TOOL="$top_srcdir/t/e2e/http_tool.py"

start_spark spark1 ALIVE
start_spark spark2 STANDBY
start_spark spark3 STANDBY
FE_PORT=$(free_port)

# The example, made a template: its only addresses become @PORTS@.
sed -e '/^ *bind /s/127\.0\.0\.1:8000$/127.0.0.1:@FE_PORT@/' \
    -e '/^ *server /s/127\.0\.0\.1:8081 /127.0.0.1:@SPARK1_PORT@ /' \
    -e '/^ *server /s/127\.0\.0\.1:8082 /127.0.0.1:@SPARK2_PORT@ /' \
    -e '/^ *server /s/127\.0\.0\.1:8083 /127.0.0.1:@SPARK3_PORT@ /' \
    "$top_srcdir/examples/spark.cfg" >"$tmp/spark.cfg.in"
assert_eq "$(grep -c '@[A-Z0-9_]*_PORT@' "$tmp/spark.cfg.in")" 4 \
    "addresses templated in examples/spark.cfg"
render_cfg "$tmp/spark.cfg.in" "$tmp/spark.cfg"
start_hapx "$tmp/spark.cfg" "$FE_PORT"
u="http://127.0.0.1:$FE_PORT"

# get PATH OUT [CURL_ARGS...]: body to OUT, headers to OUT.h, code out.
get() {
	_p=$1
	_o=$2
	shift 2
	curl -s --max-time 5 -D "$_o.h" -o "$_o" -w '%{http_code}' "$@" "$u$_p"
}

# /spark/ reaches a master and gets its page (the path stripped: a master
# only serves "/").
assert_eq "$(get /spark/ "$tmp/page")" 200 "GET /spark/"
assert_contains "$tmp/page" '<li><strong>Status:</strong> '
grep -q '^X-Fake-Spark: spark[123]' "$tmp/page.h" || fail "/spark/ did not reach a master"

# reqrep rewrote the request line only: the master saw "GET /echo", the
# Referer (which also says /spark/) went through unchanged.
assert_eq "$(get /spark/echo "$tmp/echo" \
    -H 'Referer: http://127.0.0.1/spark/app?x=1')" 200 "GET /spark/echo"
assert_eq "$(head -n 1 "$tmp/echo")" "GET /echo HTTP/1.1" "request line seen by the master"
assert_contains "$tmp/echo" 'Referer: http://127.0.0.1/spark/app?x=1'
# The query string survives (\2 keeps the rest of the line).
get '/spark/echo?a=/spark/b' "$tmp/echoq" >/dev/null
assert_eq "$(head -n 1 "$tmp/echoq")" "GET /echo?a=/spark/b HTTP/1.1" "query kept"
n=$(cat "$(spark_log spark1)" "$(spark_log spark2)" "$(spark_log spark3)" \
    2>/dev/null | grep -c '"line": "GET /echo HTTP/1.1"')
assert_eq "$n" 1 "masters' logs: one GET /echo"

# /static/ reaches a master with its path intact (the page's absolute
# links), the asset whole.
assert_eq "$(get /static/webui.css "$tmp/css")" 200 "GET /static/webui.css"
assert_eq "$(wc -c <"$tmp/css" | tr -d ' ')" 4096 "webui.css size"
grep -q '^X-Fake-Spark: spark[123]' "$tmp/css.h" || fail "/static/ did not reach a master"
n=$(cat "$(spark_log spark1)" "$(spark_log spark2)" "$(spark_log spark3)" \
    2>/dev/null | grep -c '"line": "GET /static/webui.css HTTP/1.1"')
assert_eq "$n" 1 "masters' logs: /static/ path unchanged"

# Nothing matched, no default_backend: 503 with HAProxy's page (HTX
# style: lower-case names, spec §8.1), and no master asked.
before=$(($(spark_requests spark1) + $(spark_requests spark2) + $(spark_requests spark3)))
"$PY" "$TOOL" raw --idle 0.5 --out "$tmp/503" "$FE_PORT" \
    'send:GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n' 2>/dev/null
printf 'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n' \
    >"$tmp/503.want"
cmp -s "$tmp/503" "$tmp/503.want" || { od -c "$tmp/503" | head -n 20 >&2; fail "/nothing: not HAProxy's 503"; }
after=$(($(spark_requests spark1) + $(spark_requests spark2) + $(spark_requests spark3)))
assert_eq "$after" "$before" "a 503 must not reach a master"

# ------------------------------------------------------------------
# Routing: four backends, each a fake master named after it.
start_spark be_a ALIVE
start_spark be_b ALIVE
start_spark be_c ALIVE
start_spark dflt ALIVE
ACL_PORT=$(free_port)
cat >"$tmp/acl.cfg.in" <<'EOF'
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s

frontend routing
  bind 127.0.0.1:@ACL_PORT@
  acl local  src 10.0.0.0/8 127.0.0.0/8
  acl remote src 10.0.0.0/8 192.168.0.0/16
  acl post   method POST
  acl api    path_beg /api/ /v2/api/
  acl admin  hdr(host) -i admin.example.com
  acl unl    path_beg /unless
  # unless: we are local, so never taken
  use_backend be_c if !local
  use_backend be_c unless local
  # order: the first matching rule wins; implicit AND
  use_backend be_b if api admin
  use_backend be_a if api
  # method, and the predefined METH_POST, with an anonymous ACL
  use_backend be_c if post { path_beg /form }
  use_backend be_b if METH_POST { path_beg /submit }
  # ! on a named ACL
  use_backend be_b if { path_beg /neg } !local
  use_backend be_c if { path_beg /neg } local
  # or / ||
  use_backend be_b if remote or { path_beg /either }
  use_backend be_c if { path_beg /other } || remote
  # unless with !: taken exactly for /unless
  use_backend be_a unless !unl
  default_backend dflt

backend be_a
  server a 127.0.0.1:@BE_A_PORT@
backend be_b
  server b 127.0.0.1:@BE_B_PORT@
backend be_c
  server c 127.0.0.1:@BE_C_PORT@
backend dflt
  server d 127.0.0.1:@DFLT_PORT@
EOF
render_cfg "$tmp/acl.cfg.in" "$tmp/acl.cfg"
"$HAPX" -db -f "$tmp/acl.cfg" >"$tmp/acl.out" 2>&1 &
track_pid $!
wait_port "$ACL_PORT" || { cat "$tmp/acl.out" >&2; fail "hapx (routing) did not start"; }

# route WANT PATH [CURL_ARGS...]: PATH must be served by backend WANT.
route() {
	_w=$1
	_p=$2
	shift 2
	_got=$(curl -s --max-time 5 -o /dev/null -D - "$@" \
	    "http://127.0.0.1:$ACL_PORT$_p" | tr -d '\r' |
	    sed -n 's/^X-Fake-Spark: //p')
	assert_eq "$_got" "$_w" "backend for $* $_p"
}
route be_b /api/x -H 'Host: ADMIN.Example.COM'
route be_b /v2/api/x -H 'Host: admin.example.com'
route be_a /api/x -H 'Host: www.example.com'
route be_a /api/x
route dflt /api
route be_c /form -X POST -d x=1
route dflt /form
route be_b /submit -X POST -d x=1
route dflt /submit -X PUT -d x=1
route be_c /neg
route be_b /either
route be_c /other
route be_a /unless
route be_a /unless/deeper
route dflt /nothing/unless
route dflt /

# ------------------------------------------------------------------
# The 1.5 rewrite semantics behind the article's reqrep (spec §5.2-5.3),
# with a regex that could match a header line too: a rule that matched
# the request line is not applied to the headers; one that did not is
# applied to each header line. The frontend's reqrep runs before
# use_backend, which sees the re-parsed request line.
LEG_PORT=$(free_port)
cat >"$tmp/leg.cfg.in" <<'EOF'
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s

frontend legacy
  bind 127.0.0.1:@LEG_PORT@
  reqrep ^([^\ ]*)\ /old/(.*) \1\ /echo/new/\2
  use_backend be_b if { path_beg /echo/new/ }
  default_backend leg

backend leg
  reqrep ^(.*)/spark/(.*) \1/\2
  server a 127.0.0.1:@BE_A_PORT@

backend be_b
  server b 127.0.0.1:@BE_B_PORT@
EOF
render_cfg "$tmp/leg.cfg.in" "$tmp/leg.cfg"
"$HAPX" -db -f "$tmp/leg.cfg" >"$tmp/leg.out" 2>&1 &
track_pid $!
wait_port "$LEG_PORT" || { cat "$tmp/leg.out" >&2; fail "hapx (legacy) did not start"; }
lu="http://127.0.0.1:$LEG_PORT"
curl -s --max-time 5 -o "$tmp/l1" -H 'Referer: http://h/spark/p' "$lu/spark/echo"
assert_eq "$(head -n 1 "$tmp/l1")" "GET /echo HTTP/1.1" "legacy: request line rewritten"
assert_contains "$tmp/l1" 'Referer: http://h/spark/p'
assert_contains "$tmp/l1" 'server-name: be_a'
curl -s --max-time 5 -o "$tmp/l2" -H 'Referer: http://h/spark/p' "$lu/echo"
assert_eq "$(head -n 1 "$tmp/l2")" "GET /echo HTTP/1.1" "legacy: request line kept"
assert_contains "$tmp/l2" 'Referer: http://h/p'
curl -s --max-time 5 -o "$tmp/l3" "$lu/old/x?y=1"
assert_eq "$(head -n 1 "$tmp/l3")" "GET /echo/new/x?y=1 HTTP/1.1" "legacy: frontend reqrep"
assert_contains "$tmp/l3" 'server-name: be_b'
exit 0
