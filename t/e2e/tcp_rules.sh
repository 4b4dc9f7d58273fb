#!/bin/sh
# tcp-request session and content rules, tcp-response content rules
# (HAProxy doc 4.2 "tcp-request content", "tcp-request inspect-delay").
#  - mode tcp: content rules judge the client's first bytes, waiting up
#    to inspect-delay for data they test: 5 bytes or more are relayed
#    (even when they come 0.5 s late), fewer are closed at the end of
#    inspect-delay with nothing relayed;
#  - tcp-request session reject closes at once;
#  - mode http: content rules run on each request (reject = close, no
#    answer);
#  - tcp-response content reject on the server's first bytes.
# Passes with HAPX=/usr/sbin/haproxy too.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py e1 echo
start_py e2 echo --banner BAD
start_py h1 http
IN=$(free_port)
SS=$(free_port)
HT=$(free_port)
RS=$(free_port)
cat >"$tmp/r.cfg" <<EOF
defaults
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen inspect
	mode tcp
	bind 127.0.0.1:$IN
	tcp-request inspect-delay 2s
	tcp-request content accept if { req.len ge 5 }
	tcp-request content reject
	server e1 127.0.0.1:$e1
listen sess
	mode tcp
	bind 127.0.0.1:$SS
	tcp-request session reject if { src 127.0.0.1 }
	server e1 127.0.0.1:$e1
listen web
	mode http
	bind 127.0.0.1:$HT
	tcp-request content reject if { path /blocked }
	server h1 127.0.0.1:$h1
listen resp
	mode tcp
	bind 127.0.0.1:$RS
	tcp-response content reject
	server e2 127.0.0.1:$e2
EOF
start_hapx "$tmp/r.cfg" "$IN"

r=$(pyclient "$IN" --send 'HELLO world\n' --shut-wr --out "$tmp/o1")
assert_eq "$(cat "$tmp/o1")" "HELLO world" "accepted content is relayed ($r)"
r=$(pyclient "$IN" --send 'HELLO late\n' --delay-send 0.5 --shut-wr \
    --out "$tmp/o2")
assert_eq "$(cat "$tmp/o2")" "HELLO late" "content rules wait for data ($r)"
r=$(pyclient "$IN" --send 'BYE\n' --wait 4 --out "$tmp/o3")
case $(field "$r" eof) in
yes | reset) ;;
*) fail "content reject: not closed ($r)" ;;
esac
assert_eq "$(field "$r" bytes)" 0 "content reject relays nothing ($r)"

r=$(pyclient "$SS" --send 'x\n' --wait 3)
case $(field "$r" eof) in
yes | reset) ;;
*) fail "tcp-request session reject: not closed ($r)" ;;
esac
assert_eq "$(field "$r" bytes)" 0 "session reject relays nothing ($r)"

code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    "http://127.0.0.1:$HT/ok")
assert_eq "$code" 200 "mode http: a request the content rules accept"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    "http://127.0.0.1:$HT/blocked")
assert_eq "$code" 000 "mode http: content reject closes without an answer"

r=$(pyclient "$RS" --send 'x\n' --wait 3 --out "$tmp/o4")
assert_eq "$(cat "$tmp/o4" 2>/dev/null)" "" "tcp-response reject relays nothing ($r)"
exit 0
