#!/bin/sh
# HTTP/1.1 connection handling end to end: keep-alive with the server
# connection reused, pipelining answered in order, HTTP/1.0 clients,
# request bodies (chunked and Content-Length) forwarded whole, a large
# response intact, HEAD, 204 and 304 without a body, Expect: 100-continue,
# option httpclose and http-server-close, and an Upgrade (WebSocket-style)
# tunnel under timeout tunnel. The fake master's request log ("conn",
# "seq") shows how the server connections were used.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py
need_cmd curl

TOOL="$top_srcdir/t/e2e/http_tool.py"

start_spark s1 ALIVE
start_spark big ALIVE --pad-kb 64
FE_PORT=$(free_port)
CLOSE_PORT=$(free_port)
SCLOSE_PORT=$(free_port)
WS_PORT=$(free_port)
NC_PORT=$(free_port)
WSUP_PORT=$(free_port)
"$PY" "$TOOL" upstream "$NC_PORT" 204 >"$tmp/nc.out" 2>&1 &
track_pid $!
"$PY" "$TOOL" upstream --log "$tmp/ws.log" "$WSUP_PORT" ws \
    >"$tmp/ws.out" 2>&1 &
track_pid $!
wait_port "$NC_PORT" || fail "204 upstream did not start"
wait_port "$WSUP_PORT" || fail "ws upstream did not start"
cat >"$tmp/hapx.cfg" <<EOF
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s

frontend fe
  bind 127.0.0.1:$FE_PORT
  use_backend nc if { path_beg /nc/ }
  use_backend big if { hdr(host) -i big }
  default_backend spark

frontend fe_close
  bind 127.0.0.1:$CLOSE_PORT
  option httpclose
  default_backend spark

frontend fe_sclose
  bind 127.0.0.1:$SCLOSE_PORT
  option http-server-close
  default_backend spark

# client and server time out after 500 ms, the tunnel after 5 s
frontend fe_ws
  bind 127.0.0.1:$WS_PORT
  timeout client 500ms
  default_backend ws

backend spark
  server s1 127.0.0.1:$S1_PORT

backend big
  server big 127.0.0.1:$BIG_PORT

backend nc
  server up 127.0.0.1:$NC_PORT

backend ws
  timeout server 500ms
  timeout tunnel 5s
  server ws 127.0.0.1:$WSUP_PORT
EOF
start_hapx "$tmp/hapx.cfg" "$FE_PORT"
H='Host: x\r\n'

# raw NAME PORT STEP...: a raw exchange into $tmp/NAME; $tmp/NAME.end
# says "closed" or "open".
raw() {
	_n=$1
	_p=$2
	shift 2
	"$PY" "$TOOL" raw --idle 0.5 --out "$tmp/$_n" "$_p" "$@" \
	    2>"$tmp/$_n.err" || { cat "$tmp/$_n.err" >&2; fail "$_n: exchange failed"; }
	tail -n 1 "$tmp/$_n.err" >"$tmp/$_n.end"
}
# responses NAME [--head K] <<EOF: the responses in $tmp/NAME, one line
# each (status, body bytes, first body line), then closed/open.
responses() {
	_n=$1
	shift
	{ "$PY" "$TOOL" responses "$@" "$tmp/$_n"; cat "$tmp/$_n.end"; } \
	    >"$tmp/$_n.txt" 2>&1
	cat >"$tmp/$_n.want"
	cmp -s "$tmp/$_n.txt" "$tmp/$_n.want" ||
	    { diff -u "$tmp/$_n.want" "$tmp/$_n.txt" >&2; fail "$_n: unexpected responses"; }
}
# conn TARGET: "conn seq" of the request for TARGET in the fake's log.
conn() {
	"$PY" -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["target"] == sys.argv[2]:
        print(d["conn"], d["seq"])' "$(spark_log s1)" "$1"
}
# seen TARGET: the request line and headers the server got for TARGET.
seen() {
	"$PY" -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["target"] == sys.argv[2]:
        print(d["line"])
        for k, v in d["headers"]:
            print("%s: %s" % (k, v))' "$(spark_log s1)" "$1"
}

# Keep-alive: two requests one after the other on one client connection
# go over one server connection (same "conn", seq 1 then 2).
raw ka "$FE_PORT" "send:GET /echo?ka1 HTTP/1.1\r\n$H\r\n" \
    'wait:server-name: s1\n' "send:GET /echo?ka2 HTTP/1.1\r\n$H\r\n"
responses ka <<'EOF'
200 83 GET /echo?ka1 HTTP/1.1
200 83 GET /echo?ka2 HTTP/1.1
open
EOF
c1=$(conn '/echo?ka1')
c2=$(conn '/echo?ka2')
assert_eq "${c1% *}" "${c2% *}" "keep-alive: server connection of the second request"
assert_eq "${c1#* } ${c2#* }" "1 2" "keep-alive: seq on the server connection"

# Pipelining: three requests in one write, a large response in the
# middle, answered in order; the last one asks to close (the client side:
# the server connection stays keep-alive, its Connection header is hop by
# hop and not forwarded, as in 2.6).
raw pipe "$FE_PORT" "send:GET /echo?p1 HTTP/1.1\r\n$H\r\nGET /static/jquery-1.11.1.min.js HTTP/1.1\r\n$H\r\nGET /echo?p3 HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
responses pipe <<'EOF'
200 82 GET /echo?p1 HTTP/1.1
200 95786 /*! fake jquery-1.11.1.min.js for hapx tests */
200 82 GET /echo?p3 HTTP/1.1
closed
EOF

# The large response byte for byte as the master sends it.
curl -s --max-time 5 -o "$tmp/jq.direct" \
    "http://127.0.0.1:$S1_PORT/static/jquery-1.11.1.min.js"
curl -s --max-time 5 -o "$tmp/jq.proxied" \
    "http://127.0.0.1:$FE_PORT/static/jquery-1.11.1.min.js"
assert_eq "$(wc -c <"$tmp/jq.proxied" | tr -d ' ')" 95786 "jquery size"
cmp -s "$tmp/jq.direct" "$tmp/jq.proxied" || fail "jquery differs through hapx"
curl -s --max-time 5 -o "$tmp/vis" \
    "http://127.0.0.1:$FE_PORT/static/vis.min.js"
assert_eq "$(wc -c <"$tmp/vis" | tr -d ' ')" 393000 "vis.min.js size"
# A chunked response: big's page, padded past Jetty's 32 KB buffer, comes
# chunked; the chunks are relayed (re-encoded) and the next response
# follows.
curl -s --max-time 5 -o "$tmp/big.direct" "http://127.0.0.1:$BIG_PORT/"
size=$(wc -c <"$tmp/big.direct" | tr -d ' ')
[ "$size" -gt 65536 ] || fail "big's page is only $size bytes"
raw chunkresp "$FE_PORT" "send:GET / HTTP/1.1\r\nHost: big\r\n\r\nGET /echo?afterchunked HTTP/1.1\r\n$H\r\n"
tr -d '\r' <"$tmp/chunkresp" | grep -qx 'Transfer-Encoding: chunked' ||
    fail "big's page did not come chunked"
responses chunkresp <<EOF
200 $size <!DOCTYPE html><html>
200 92 GET /echo?afterchunked HTTP/1.1
open
EOF
curl -s --max-time 5 -o "$tmp/big.proxied" -H 'Host: big' \
    "http://127.0.0.1:$FE_PORT/"
cmp -s "$tmp/big.direct" "$tmp/big.proxied" || fail "big's page differs through hapx"

# HTTP/1.0: answered and closed; with keep-alive asked, kept open. The
# server sees the 1.0 request line.
raw v10 "$FE_PORT" 'send:GET /echo?v10 HTTP/1.0\r\n\r\n'
responses v10 <<'EOF'
200 98 GET /echo?v10 HTTP/1.0
closed
EOF
tr -d '\r' <"$tmp/v10" | grep -qx 'Connection: close' ||
    fail "HTTP/1.0 answer without Connection: close"
raw v10ka "$FE_PORT" \
    'send:GET /echo?v10ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'
responses v10ka <<'EOF'
200 100 GET /echo?v10ka HTTP/1.0
open
EOF
tr -d '\r' <"$tmp/v10ka" | grep -qx 'Connection: keep-alive' ||
    fail "HTTP/1.0 keep-alive answer without Connection: keep-alive"

# Request bodies: 300 KB chunked (more than hapx buffers at once) and
# 1 MB with a length reach the server whole.
"$PY" -c 'import sys; sys.stdout.write("b" * 300000)' >"$tmp/body300k"
"$PY" -c 'import sys; sys.stdout.write("c" * 1048576)' >"$tmp/body1m"
curl -s --max-time 5 -o "$tmp/chunked" -H 'Transfer-Encoding: chunked' \
    --data-binary @"$tmp/body300k" "http://127.0.0.1:$FE_PORT/echo?chunked"
assert_contains "$tmp/chunked" 'body-length: 300000'
assert_contains "$tmp/chunked" 'body-encoding: chunked'
curl -s --max-time 5 -o "$tmp/clen" --data-binary @"$tmp/body1m" \
    "http://127.0.0.1:$FE_PORT/echo?clen"
assert_contains "$tmp/clen" 'body-length: 1048576'
assert_contains "$tmp/clen" 'body-encoding: content-length'
# Chunk extensions and a trailer pass; the next request follows.
raw trailer "$FE_PORT" "send:POST /echo?trailer HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\nGET /echo?aftertrailer HTTP/1.1\r\n$H\r\n"
responses trailer <<'EOF'
200 118 POST /echo?trailer HTTP/1.1
200 92 GET /echo?aftertrailer HTTP/1.1
open
EOF
grep -q 'body-length: 8' "$tmp/trailer" || fail "chunked body with trailer: length"

# HEAD: the length of the GET, no body; the next response follows at
# once. 204 and 304 have no body either (none announced, none sent).
raw head "$FE_PORT" "send:HEAD /static/webui.css HTTP/1.1\r\n$H\r\nGET /echo?afterhead HTTP/1.1\r\n$H\r\n"
responses head --head 1 <<'EOF'
200 0 
200 89 GET /echo?afterhead HTTP/1.1
open
EOF
tr -d '\r' <"$tmp/head" | grep -qx 'Content-Length: 4096' ||
    fail "HEAD: Content-Length of the GET expected"
raw nc "$FE_PORT" "send:GET /nc/1 HTTP/1.1\r\n$H\r\nGET /nc/2 HTTP/1.1\r\n$H\r\nGET /nc/3 HTTP/1.1\r\n$H\r\n"
responses nc <<'EOF'
204 0 
204 0 
204 0 
open
EOF
raw 304 "$FE_PORT" "send:GET /static/webui.css HTTP/1.1\r\n${H}If-Modified-Since: Thu, 11 Jun 2015 08:00:00 GMT\r\n\r\nGET /echo?after304 HTTP/1.1\r\n$H\r\n"
responses 304 <<'EOF'
304 0 
200 88 GET /echo?after304 HTTP/1.1
open
EOF

# Expect: 100-continue: the server's 100 comes through before the client
# sends its body (the "wait" step fails otherwise), then the answer.
raw expect "$FE_PORT" "send:POST /echo?expect HTTP/1.1\r\n${H}Content-Length: 5\r\nExpect: 100-continue\r\n\r\n" \
    'wait:HTTP/1.1 100 Continue\r\n\r\n' 'send:hello'
responses expect <<'EOF'
100 0 
200 136 POST /echo?expect HTTP/1.1
open
EOF
grep -q 'body-length: 5' "$tmp/expect" || fail "Expect: body length"

# option httpclose: Connection: close to both sides, client closed.
raw close "$CLOSE_PORT" "send:GET /echo?close HTTP/1.1\r\n$H\r\n"
responses close <<'EOF'
200 103 GET /echo?close HTTP/1.1
closed
EOF
tr -d '\r' <"$tmp/close" | grep -qx 'Connection: close' ||
    fail "httpclose: no Connection: close to the client"
seen '/echo?close' | grep -qx 'Connection: close' ||
    fail "httpclose: no Connection: close to the server"

# option http-server-close: the client connection is kept, each request
# gets its own server connection (seq 1 twice), told to close.
raw sclose "$SCLOSE_PORT" "send:GET /echo?sc1 HTTP/1.1\r\n$H\r\n" \
    'wait:server-name: s1\n' "send:GET /echo?sc2 HTTP/1.1\r\n$H\r\n"
responses sclose <<'EOF'
200 101 GET /echo?sc1 HTTP/1.1
200 101 GET /echo?sc2 HTTP/1.1
open
EOF
c1=$(conn '/echo?sc1')
c2=$(conn '/echo?sc2')
[ "${c1% *}" != "${c2% *}" ] || fail "http-server-close: server connection reused ($c1, $c2)"
assert_eq "${c1#* } ${c2#* }" "1 1" "http-server-close: seq on the server connections"
seen '/echo?sc2' | grep -qx 'Connection: close' ||
    fail "http-server-close: no Connection: close to the server"

# Upgrade: after the server's 101 the connection is a tunnel both ways;
# idle for 1 s (more than timeout client/server, less than timeout
# tunnel) it lives on; a half-close from the client ends it.
raw ws "$WS_PORT" "send:GET /ws HTTP/1.1\r\n${H}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n" \
    'wait:\r\n\r\n' 'send:ping1' 'wait:echo:ping1' sleep:1 'send:ping2' \
    'wait:echo:ping2' shut
printf 'HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\n\necho:ping1echo:ping2\nclosed\n' \
    >"$tmp/ws.want"
{ tr -d '\r' <"$tmp/ws"; echo; cat "$tmp/ws.end"; } >"$tmp/ws.txt"
cmp -s "$tmp/ws.txt" "$tmp/ws.want" ||
    { diff -u "$tmp/ws.want" "$tmp/ws.txt" >&2; fail "websocket tunnel"; }
assert_eq "$(cat "$tmp/ws.log")" "GET /ws HTTP/1.1" "upgrade request at the server"
exit 0
