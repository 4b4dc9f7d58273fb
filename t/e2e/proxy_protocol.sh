#!/bin/sh
# The PROXY protocol (haproxy's proxy-protocol.txt), v1 and v2: "bind ...
# accept-proxy" and "tcp-request connection expect-proxy layer4" take the
# client's address from the header (src ACL, X-Forwarded-For, log line),
# a bad header closes the connection with a log line and nothing sent;
# "send-proxy" / "send-proxy-v2" put the header in front of a new server
# connection, in mode http and tcp.  Also passes with
# HAPX=/usr/sbin/haproxy (2.6).
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py

TOOL="$top_srcdir/t/e2e/proxy_tool.py"
SIG='\r\n\r\n\x00\r\nQUIT\n'

"$PY" "$TOOL" serve "$tmp" >"$tmp/up.out" 2>"$tmp/up.err" &
track_pid $!
n=0
while ! grep -q '^PORT ' "$tmp/up.out" 2>/dev/null; do
	n=$((n + 1))
	[ "$n" -lt 50 ] || fail "upstream did not start"
	sleep 0.1
done
UP=$(sed -n 's/^PORT //p' "$tmp/up.out")
CTL=$(free_port)
PP=$(free_port)
EXP=$(free_port)
SP1=$(free_port)
SP2=$(free_port)
TC=$(free_port)
SHORT=$(free_port)

cat >"$tmp/pp.cfg" <<EOF
global
  log stdout format raw local0 info
defaults
  mode http
  log global
  option httplog
  timeout connect 2s
  timeout client 3s
  timeout server 3s
listen ctl
  bind 127.0.0.1:$CTL
  server up 127.0.0.1:$UP
frontend fe_pp
  bind 127.0.0.1:$PP accept-proxy
  option forwardfor
  http-request deny if { src 9.9.9.9 }
  default_backend up
frontend fe_exp
  bind 127.0.0.1:$EXP
  tcp-request connection expect-proxy layer4 if { src 127.0.0.1 }
  option forwardfor
  default_backend up
backend up
  server up 127.0.0.1:$UP
frontend fe_short
  bind 127.0.0.1:$SHORT accept-proxy
  timeout client 300ms
  default_backend up
listen sp1
  bind 127.0.0.1:$SP1
  server s 127.0.0.1:$UP send-proxy
listen sp2
  bind 127.0.0.1:$SP2
  server s 127.0.0.1:$UP send-proxy-v2
listen tcp_chain
  mode tcp
  option tcplog
  bind 127.0.0.1:$TC accept-proxy
  server s 127.0.0.1:$UP send-proxy
EOF
start_hapx "$tmp/pp.cfg" "$CTL"

k=0
# send PORT DATA: the answer (after the LPORT line) in $ans, the
# client's port in $lport.
send() {
	"$PY" "$TOOL" send "$1" "$2" >"$tmp/ans" 2>&1 ||
	    fail "client to $1 failed: $(cat "$tmp/ans")"
	lport=$(sed -n '1s/^LPORT //p' "$tmp/ans")
	ans=$(sed 1d "$tmp/ans")
}
# got: what the upstream received on its next connection, in $g.
got() {
	k=$((k + 1))
	n=0
	while [ ! -f "$tmp/got.$k" ]; do
		n=$((n + 1))
		[ "$n" -lt 50 ] || fail "upstream never got connection $k"
		sleep 0.1
	done
	g=$(cat "$tmp/got.$k")
}
body() {
	printf '%s\n' "$ans" | sed 's/.*\\r\\n\\r\\n//'
}

# v1 on accept-proxy: the announced source is the client.
send "$PP" 'PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET /a HTTP/1.0\r\n\r\n'
assert_eq "$(body)" 'xff=1.2.3.4\n' "v1: X-Forwarded-For"
got
case $g in
'GET /a HTTP/1.0\r\n'*) ;;
*) fail "v1: upstream got $g" ;;
esac

# The src ACL sees the announced address.
send "$PP" 'PROXY TCP4 9.9.9.9 5.6.7.8 1111 2222\r\nGET /d HTTP/1.0\r\n\r\n'
case $ans in
'HTTP/1.1 403 '*) ;;
*) fail "src 9.9.9.9 not denied: $ans" ;;
esac

# v2, IPv4.
send "$PP" "$SIG"'!\x11\x00\x0c\x0a\x01\x02\x03\x7f\x00\x00\x01\x04\xd2\x00\x50GET /b HTTP/1.0\r\n\r\n'
assert_eq "$(body)" 'xff=10.1.2.3\n' "v2: X-Forwarded-For"
got
# v2 LOCAL and v1 UNKNOWN: the real address stays.
send "$PP" "$SIG"' \x00\x00\x00GET /c HTTP/1.0\r\n\r\n'
assert_eq "$(body)" 'xff=127.0.0.1\n' "v2 LOCAL: X-Forwarded-For"
got
send "$PP" 'PROXY UNKNOWN\r\nGET /u HTTP/1.0\r\n\r\n'
assert_eq "$(body)" 'xff=127.0.0.1\n' "v1 UNKNOWN: X-Forwarded-For"
got

# Not a PROXY header, a bad one: closed, nothing sent.
send "$PP" 'GET /x HTTP/1.0\r\n\r\n'
assert_eq "$ans" RESET "plain request on accept-proxy"
send "$PP" 'PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\nGET /x HTTP/1.0\r\n\r\n'
assert_eq "$ans" RESET "bare LF"
send "$PP" 'PROXY UDP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET /x HTTP/1.0\r\n\r\n'
assert_eq "$ans" RESET "UDP4"

# Nothing, or half a header, within "timeout client": closed.
send "$SHORT" ''
assert_eq "$ans" '' "silent client"
send "$SHORT" 'PROXY TCP4 1.2.3'
assert_eq "$ans" RESET "half a header"

# expect-proxy layer4 on a matching source.
send "$EXP" 'PROXY TCP4 5.5.5.5 5.6.7.8 1111 2222\r\nGET /e HTTP/1.0\r\n\r\n'
assert_eq "$(body)" 'xff=5.5.5.5\n' "expect-proxy: X-Forwarded-For"
got

# send-proxy: the client's address and port, then the request.
send "$SP1" 'GET /s1 HTTP/1.0\r\n\r\n'
assert_eq "$(body)" 'xff=-\n' "send-proxy: answer"
got
assert_eq "${g%%GET /s1 HTTP/1.0\\r\\n*}" \
    "PROXY TCP4 127.0.0.1 127.0.0.1 $lport $SP1\\r\\n" "send-proxy: upstream got"

# send-proxy-v2: the binary header.
send "$SP2" 'GET /s2 HTTP/1.0\r\n\r\n'
want=$("$PY" -c '
import struct, sys
h = (b"\r\n\r\n\x00\r\nQUIT\n\x21\x11\x00\x0c\x7f\x00\x00\x01\x7f\x00\x00\x01"
     + struct.pack("!HH", int(sys.argv[1]), int(sys.argv[2])))
print(repr(h)[2:-1])' "$lport" "$SP2")
got
assert_eq "${g%%GET /s2 HTTP/1.0\\r\\n*}" "$want" "send-proxy-v2: upstream got"

# mode tcp: accept-proxy, then send-proxy with the announced addresses.
send "$TC" 'PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET /t HTTP/1.0\r\n\r\n'
got
assert_eq "$g" 'PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET /t HTTP/1.0\r\n\r\n' \
    "tcp: upstream got"
assert_eq "$(body)" 'xff=-\n' "tcp: answer"

# The log: the announced client, and the reasons for the closes (each
# waited for: a line is written when its connection closes).
wait_file "$tmp/hapx.out" '1.2.3.4:1111 ['
wait_file "$tmp/hapx.out" '] fe_pp up/up '
wait_file "$tmp/hapx.out" '"GET /a HTTP/1.0"'
wait_file "$tmp/hapx.out" \
    'fe_pp/1: Received something which does not look like a PROXY protocol header'
wait_file "$tmp/hapx.out" \
    'fe_pp/1: Received an invalid PROXY protocol header'
wait_file "$tmp/hapx.out" \
    'fe_pp/1: Received an unhandled protocol in the PROXY protocol header'
wait_file "$tmp/hapx.out" \
    'fe_short/1: Timeout while waiting for PROXY protocol header'
wait_file "$tmp/hapx.out" \
    'fe_short/1: Truncated PROXY protocol header received'
wait_file "$tmp/hapx.out" '] tcp_chain tcp_chain/s '
grep -F '] tcp_chain tcp_chain/s ' "$tmp/hapx.out" | grep -q '^1.2.3.4:1111 ' ||
    fail "tcp log line without the announced client: $(cat "$tmp/hapx.out")"
exit 0
