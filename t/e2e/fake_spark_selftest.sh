#!/bin/sh
# The fake Spark master (t/fake_spark.py) itself, with no proxy: the e2e
# tests rely on what it serves, so prove it here first.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_py
need_cmd curl

start_spark spark1 ALIVE
start_spark spark2 STANDBY
p1=$(spark_port spark1)
p2=$(spark_port spark2)
[ "$(printenv SPARK1_PORT)" = "$p1" ] || fail "SPARK1_PORT not exported"
[ "$(printenv SPARK_PORT_spark2)" = "$p2" ] || fail "SPARK_PORT_spark2 not exported"
u1="http://127.0.0.1:$p1"
u2="http://127.0.0.1:$p2"

# get URL OUT [CURL_ARGS...]: body to OUT, headers to OUT.h, code on stdout.
get() {
	_u=$1
	_o=$2
	shift 2
	curl -s --max-time 5 -D "$_o.h" -o "$_o" -w '%{http_code}' "$@" "$_u"
}

# The page: status line, headers as Jetty 8 sends them, who answered.
assert_eq "$(get "$u1/" "$tmp/p1")" 200 "GET / on spark1"
assert_contains "$tmp/p1" '<li><strong>Status:</strong> ALIVE</li>'
assert_contains "$tmp/p1" '<td>ALIVE</td>'
assert_contains "$tmp/p1" 'href="/static/bootstrap.min.css"'
assert_contains "$tmp/p1" '<a href="app?appId=app-20150101000000-0000">'
assert_contains "$tmp/p1" 'spark://spark1:7077'
assert_contains "$tmp/p1.h" 'Content-Type: text/html;charset=utf-8'
assert_contains "$tmp/p1.h" 'Cache-Control: no-cache, no-store, must-revalidate'
assert_contains "$tmp/p1.h" 'Server: Jetty(8.1.14.v20131031)'
assert_contains "$tmp/p1.h" 'X-Fake-Spark: spark1'
size=$(wc -c <"$tmp/p1" | tr -d ' ')
assert_contains "$tmp/p1.h" "Content-Length: $size"
[ "$size" -ge 5000 ] && [ "$size" -le 9500 ] || fail "page size $size not 5-9 KB"
at=$(grep -bo '<li><strong>Status:' "$tmp/p1" | cut -d: -f1)
[ "$at" -ge 1500 ] && [ "$at" -le 3500 ] || fail "status line at byte $at"

assert_eq "$(get "$u2/" "$tmp/p2")" 200 "GET / on a standby"
assert_contains "$tmp/p2" '<li><strong>Status:</strong> STANDBY</li>'
assert_contains "$tmp/p2.h" 'X-Fake-Spark: spark2'
! grep -q 'ALIVE' "$tmp/p2" || fail "a standby page must not contain ALIVE"

# /json and /json/.
assert_eq "$(get "$u1/json" "$tmp/j1")" 200 "/json"
assert_contains "$tmp/j1" '"status" : "ALIVE"'
assert_contains "$tmp/j1.h" 'Content-Type: text/json;charset=utf-8'
assert_eq "$(get "$u2/json/" "$tmp/j2")" 200 "/json/"
assert_contains "$tmp/j2" '"status" : "STANDBY"'
assert_contains "$tmp/j2" '"workers" : [ ]'

# A large static file, a small PNG, 404.
assert_eq "$(get "$u1/static/jquery-1.11.1.min.js" "$tmp/jq")" 200 "jquery"
assert_eq "$(wc -c <"$tmp/jq" | tr -d ' ')" 95786 "jquery size"
assert_contains "$tmp/jq.h" 'Content-Type: application/javascript'
assert_eq "$(get "$u1/static/spark-logo-77x50px-hd.png" "$tmp/png")" 200 png
assert_contains "$tmp/png.h" 'Content-Type: image/png'
assert_eq "$(get "$u1/static/nope.js" "$tmp/404")" 404 "unknown static file"
assert_eq "$(get "$u1/nope" "$tmp/404")" 404 "unknown path"
assert_contains "$tmp/404.h" 'X-Fake-Spark: spark1'

# /app pages and the redirect.
assert_eq "$(get "$u1/app?appId=app-20150101000000-0000" "$tmp/app")" 200 app
assert_contains "$tmp/app" 'PythonPi'
assert_eq "$(get "$u1/app" "$tmp/r" -H 'Host: front:8000')" 302 "/app"
assert_contains "$tmp/r.h" 'Location: http://front:8000/app/'

# /echo: what the client sent, headers as received, body length.
assert_eq "$(get "$u1/echo?a=1" "$tmp/e" -H 'X-Hapx-Test: hello  world' \
    --data-binary 'twelve bytes')" 200 "/echo"
assert_contains "$tmp/e" 'POST /echo?a=1 HTTP/1.1'
assert_contains "$tmp/e" 'X-Hapx-Test: hello  world'
assert_contains "$tmp/e" 'body-length: 12'
assert_eq "$(get "$u1/echo" "$tmp/e" -H 'Transfer-Encoding: chunked' \
    --data-binary 'chunky')" 200 "/echo chunked"
assert_contains "$tmp/e" 'body-length: 6'
assert_contains "$tmp/e" 'body-encoding: chunked'

# The log: one JSON line per request, with the headers as received.
log1=$(spark_log spark1)
assert_contains "$log1" '"line": "POST /echo HTTP/1.1"'
assert_contains "$log1" '["X-Hapx-Test", "hello  world"]'

# HTTP/1.0: Connection: close, then the server closes (two URLs, two
# connections). HTTP/1.1: two URLs share one connection.
n0=$(spark_requests spark2)
curl -s --max-time 5 -0 -D "$tmp/h10" -o /dev/null -o /dev/null \
    "$u2/" "$u2/json" || fail "curl -0"
assert_contains "$tmp/h10" 'Connection: close'
curl -s --max-time 5 -o /dev/null -o /dev/null "$u2/" "$u2/json" ||
    fail "curl keep-alive"
"$PY" - "$(spark_log spark2)" "$n0" <<'PY' || fail "connection reuse"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2]):]
assert [r["version"] for r in recs] == ["HTTP/1.0"] * 2 + ["HTTP/1.1"] * 2, recs
c10, c11 = recs[:2], recs[2:]
assert c10[0]["conn"] != c10[1]["conn"], "HTTP/1.0 connection was reused"
assert c11[0]["conn"] == c11[1]["conn"], "HTTP/1.1 connection not reused"
assert [r["seq"] for r in c11] == [1, 2], c11
PY

# Pipelining on a raw socket: three requests in one write, answered in order.
"$PY" - "$p1" <<'PY' || fail "pipelining"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET /json HTTP/1.1\r\nHost: a\r\n\r\n"
          b"GET /static/webui.css HTTP/1.1\r\nHost: a\r\n\r\n"
          b"GET /nope HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
data = b""
while True:
    d = s.recv(65536)
    if not d:
        break
    data += d
codes = [int(x[:3]) for x in data.split(b"HTTP/1.1 ")[1:]]
assert codes == [200, 200, 404], codes
PY

# Switching state at run time through the state file.
set_spark_state spark2 ALIVE
get "$u2/" "$tmp/p2" >/dev/null
assert_contains "$tmp/p2" '<li><strong>Status:</strong> ALIVE</li>'
set_spark_state spark1 RECOVERING
get "$u1/" "$tmp/p1" >/dev/null
assert_contains "$tmp/p1" '<li><strong>Status:</strong> RECOVERING</li>'
assert_contains "$tmp/p1" '<td>ALIVE</td>'
set_spark_state spark1 500
assert_eq "$(get "$u1/" "$tmp/p1")" 500 "state 500"

# HANG: the connection is accepted, no answer (curl times out: 28).
set_spark_state spark1 HANG
rc=0
curl -s --max-time 1 -o /dev/null "$u1/" || rc=$?
assert_eq "$rc" 28 "curl against a hanging master"
wait_spark_log spark1 '"state": "HANG"' || fail "HANG request not logged"

# GONE: the listener closes and the process exits (connection refused: 7).
set_spark_state spark1 GONE
rc=0
curl -s --max-time 5 -o /dev/null "$u1/" || rc=$?
assert_eq "$rc" 7 "curl against a gone master"
# The other one is unaffected.
assert_eq "$(get "$u2/json" "$tmp/j2")" 200 "spark2 after spark1 left"
exit 0
