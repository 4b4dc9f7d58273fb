#!/bin/sh
# The runtime API's "show errors": bad requests sent on raw sockets and a
# bad response from a fake server are captured and printed as HAProxy
# 2.6.12 prints them (its text for the same bytes, taken with
# /usr/sbin/haproxy and socat; the dates and client ports vary and are
# masked). Needs the stats socket (the CLI): skipped while hapx ignores
# "stats socket".
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py
need_cmd socat

# A server that answers every request with a space in a header name.
cat >"$tmp/bad.py" <<'EOF'
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(8)
print("PORT %d" % s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    c.settimeout(5)
    try:
        c.recv(65536)
        c.sendall(b"HTTP/1.1 200 OK\r\nBad Header: x\r\n"
                  b"Content-Length: 0\r\n\r\n")
    except OSError:
        pass
    c.close()
EOF
start_server BAD "$PY" "$tmp/bad.py"

FE_PORT=$(free_port)
SOCK="$tmp/cli.sock"
cat >"$tmp/hapx.cfg" <<EOF
global
  stats socket $SOCK level admin

defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s

frontend fe
  bind 127.0.0.1:$FE_PORT
  default_backend be

backend be
  server s1 127.0.0.1:$BAD
EOF
if "$HAPX" -c -f "$tmp/hapx.cfg" 2>&1 | grep -q "'stats socket' has no effect"; then
	skip "hapx has no stats socket yet (the CLI)"
fi
start_hapx "$tmp/hapx.cfg" "$FE_PORT"

# cli CMD: the CLI's answer to CMD, dates and client ports masked.
cli() {
	echo "$1" | timeout 5 socat - "UNIX-CONNECT:$SOCK" |
	    sed -e 's#\[[0-9][0-9]/[A-Z][a-z][a-z]/[0-9]\{4\}:[0-9:.]*\]#[DATE]#' \
	    -e 's#src 127\.0\.0\.1:[0-9]*#src 127.0.0.1:PORT#'
}

# send BYTES EXPECTED-STATUS-LINE: one request on its own connection.
send() {
	_got=$(printf "$1" | timeout 5 socat -t2 - "TCP:127.0.0.1:$FE_PORT" |
	    head -n 1 | tr -d '\r')
	assert_eq "$_got" "$2" "status for $1"
}

cli "show errors" >"$tmp/got0"
printf 'Total events captured on [DATE] : 0\n\n' >"$tmp/want0"
cmp -s "$tmp/got0" "$tmp/want0" || {
	diff "$tmp/want0" "$tmp/got0" >&2
	fail "show errors before any error"
}

send 'GET /a\001b HTTP/1.1\r\nHost: x\r\n\r\n' 'HTTP/1.1 400 Bad request'
send 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' 'HTTP/1.1 502 Bad Gateway'
send 'GET / HTTP/1.1\r\nHo st: x\r\n\r\n' 'HTTP/1.1 400 Bad request'

cli "show errors" >"$tmp/got"
cat >"$tmp/want" <<'EOF'
Total events captured on [DATE] : 3
 
[DATE] frontend fe (#2): invalid request
  backend <NONE> (#-1), server <NONE> (#-1), event #2, src 127.0.0.1:PORT
  buffer starts at 0 (including 0 out), 16356 free,
  len 28, wraps at 16336, error at position 18
  H1 connection flags 0x00000100, H1 stream flags 0x00000810
  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001410
  H1 chunk len 0 bytes, H1 body len 0 bytes :
  
  00000  GET / HTTP/1.1\r\n
  00016  Ho st: x\r\n
  00026  \r\n
 
[DATE] backend be (#3): invalid response
  frontend fe (#2), server s1 (#1), event #1, src 127.0.0.1:PORT
  buffer starts at 0 (including 0 out), 16331 free,
  len 53, wraps at 16336, error at position 20
  H1 connection flags 0x80002200, H1 stream flags 0x00004810
  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001414
  H1 chunk len 0 bytes, H1 body len 0 bytes :
  
  00000  HTTP/1.1 200 OK\r\n
  00017  Bad Header: x\r\n
  00032  Content-Length: 0\r\n
  00051  \r\n

EOF
cmp -s "$tmp/got" "$tmp/want" || {
	diff "$tmp/want" "$tmp/got" >&2
	fail "show errors differs from HAProxy's"
}

# The filters: by name or id, by direction, "No such proxy."
cli "show errors be request" >"$tmp/got"
printf 'Total events captured on [DATE] : 3\n\n' >"$tmp/want"
cmp -s "$tmp/got" "$tmp/want" || fail "show errors be request: $(cat "$tmp/got")"
n=$(cli "show errors fe" | grep -c '^\[DATE\]')
assert_eq "$n" 2 "show errors fe (its request and the response it got)"
n=$(cli "show errors 3 response" | grep -c 'invalid response')
assert_eq "$n" 1 "show errors 3 response"
assert_eq "$(cli "show errors nosuch" | head -n 1)" "No such proxy." \
    "show errors nosuch"
exit 0
