#!/bin/sh
# Server maxconn and the backend queue (spec §7.2): with maxconn 1 and a
# slow request in flight, a second request waits and is served once the
# first is done; with timeout queue 300ms it gets a 503 after ~300 ms
# instead (and the server never sees it).
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A --log "$tmp/upA.log"
FE=$(free_port)
cat >"$tmp/q.cfg" <<EOF
defaults
	mode http
	timeout connect 5s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	use_backend short if { path_beg /short }
	default_backend long
backend long
	server A 127.0.0.1:$upA maxconn 1
backend short
	timeout queue 300ms
	server A 127.0.0.1:$upA maxconn 1
EOF
start_hapx "$tmp/q.cfg" "$FE"
U="http://127.0.0.1:$FE"

# The queued request is served after the slow one.
t0=$(now_ms)
curl -s --max-time 5 -o "$tmp/slow" "$U/sleep/1200" &
slow=$!
track_pid "$slow"
wait_file "$tmp/upA.log" "A /sleep/1200"
got=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$U/second")
dt=$(($(now_ms) - t0))
assert_eq "$got" 200 "a queued request is served"
between "$dt" 1150 4500 "the queued request waited for the slow one (ms)"
wait "$slow" || fail "the slow request failed"
assert_contains "$tmp/slow" "A GET /sleep/1200"
# The server saw them one after the other.
assert_eq "$(tr '\n' ' ' <"$tmp/upA.log")" "A /sleep/1200 A /second " \
    "order of arrival at the server"

# timeout queue: 503 after 300 ms, never sent to the server.
curl -s --max-time 5 -o /dev/null "$U/short/sleep/1500" &
slow=$!
track_pid "$slow"
wait_file "$tmp/upA.log" "A /short/sleep/1500"
t0=$(now_ms)
got=$(curl -s --max-time 5 -o "$tmp/q503" -w '%{http_code}' "$U/short/queued")
dt=$(($(now_ms) - t0))
assert_eq "$got" 503 "timeout queue expired"
# Above: short of the 1.5 s after which the slot frees and it is served.
between "$dt" 280 1400 "503 after timeout queue 300ms (ms)"
assert_contains "$tmp/q503" "No server is available to handle this request."
wait "$slow" || fail "the slow request (short backend) failed"
! grep -q queued "$tmp/upA.log" || fail "the server got the request that timed out in the queue"
