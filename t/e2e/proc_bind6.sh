#!/bin/sh
# An IPv6 listener (spec §3.3): "bind [::1]:PORT" serves over IPv6, next
# to an IPv4 one. Skipped where ::1 cannot be bound.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

"$PY" -c '
import socket
socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null || skip "cannot bind ::1"
P6=$(free_port)
start_py upA http --name A
P4=$(free_port)
cat >"$tmp/b6.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$P4
	bind [::1]:$P6
	default_backend be
backend be
	server A 127.0.0.1:$upA
EOF
start_hapx "$tmp/b6.cfg" "$P4"
assert_eq "$(curl_name "http://[::1]:$P6/echo")" A "IPv6 listener"
assert_eq "$(curl_name "http://127.0.0.1:$P4/")" A "IPv4 listener beside it"
r=$(pyclient "$P6" --host ::1 --send 'GET /v6 HTTP/1.0\r\n\r\n' --out "$tmp/o")
assert_eq "$(field "$r" eof)" yes "raw IPv6 request answered and closed ($r)"
assert_contains "$tmp/o" "A GET /v6"
