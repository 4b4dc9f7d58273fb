#!/bin/sh
# HTTP-side timeouts (spec §8.3): timeout server -> 504; timeout client
# while waiting for a request head (no timeout http-request) -> 408, for
# an idle new connection as HAProxy 2.6 does and for a partial head;
# timeout http-keep-alive closes an idle kept-alive connection silently,
# well before timeout client.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A
FE=$(free_port)
FE2=$(free_port)
cat >"$tmp/t.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 600ms
	timeout server 1s
listen srv
	bind 127.0.0.1:$FE
	server A 127.0.0.1:$upA
listen ka
	bind 127.0.0.1:$FE2
	timeout client 5s
	timeout http-keep-alive 500ms
	server A 127.0.0.1:$upA
EOF
start_hapx "$tmp/t.cfg" "$FE"
wait_port "$FE2" || fail "second listener"

# timeout server 1s, a server taking 3 s: 504 after ~1 s.
t0=$(now_ms)
got=$(curl -s --max-time 5 -o "$tmp/504" -w '%{http_code}' \
    "http://127.0.0.1:$FE/sleep/3000")
dt=$(($(now_ms) - t0))
assert_eq "$got" 504 "timeout server"
# Tight below; above, anything short of the 3 s answer (which would be a
# 200) is a timeout on a loaded machine.
between "$dt" 950 2900 "504 after timeout server 1s (ms)"
assert_contains "$tmp/504" "The server didn't respond in time."

# timeout client 600ms: a connection that sends nothing gets a 408.
r=$(pyclient "$FE" --out "$tmp/408a")
assert_eq "$(field "$r" eof)" yes "idle new connection closed ($r)"
between "$(field "$r" elapsed | tr -d .)" 55 400 \
    "408 after timeout client 600ms (1/100 s; $r)"
assert_contains "$tmp/408a" "HTTP/1.1 408 Request Time-out"

# ... and so does a partial head.
r=$(pyclient "$FE" --send 'GET / HTTP/1.1\r\nHost: x\r\n' --out "$tmp/408b")
assert_eq "$(field "$r" eof)" yes "partial head: closed ($r)"
between "$(field "$r" elapsed | tr -d .)" 55 400 \
    "partial head: 408 after timeout client 600ms (1/100 s; $r)"
assert_contains "$tmp/408b" "HTTP/1.1 408 Request Time-out"

# timeout http-keep-alive 500ms: one answer, then a silent close.
r=$(pyclient "$FE2" --send 'GET /ka HTTP/1.1\r\nHost: x\r\n\r\n' \
    --out "$tmp/ka")
assert_eq "$(field "$r" eof)" yes "kept-alive connection closed ($r)"
between "$(field "$r" elapsed | tr -d .)" 45 400 \
    "closed after timeout http-keep-alive 500ms, not client 5s (1/100 s; $r)"
assert_contains "$tmp/ka" "A GET /ka"
n=$(grep -c '^HTTP/1.1 ' "$tmp/ka")
assert_eq "$n" 1 "one response, no 408 on the idle kept-alive connection"
