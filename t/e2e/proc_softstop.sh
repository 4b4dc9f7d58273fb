#!/bin/sh
# SIGUSR1 soft stop (spec §11.3): the listeners close at once (a new
# connection is refused), an idle kept-alive connection is closed, a slow
# request in flight (2 s upstream) completes with its full answer, then
# the process exits 0 by itself.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A --log "$tmp/upA.log"
FE=$(free_port)
cat >"$tmp/s.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 10s
	timeout server 10s
	timeout http-keep-alive 10s
listen l
	bind 127.0.0.1:$FE
	server A 127.0.0.1:$upA
EOF
start_hapx "$tmp/s.cfg" "$FE"

# An idle kept-alive client (after one answer) and a slow request.
pyclient "$FE" --send 'GET /ka HTTP/1.1\r\nHost: x\r\n\r\n' --wait 8 \
    --out "$tmp/ka" >"$tmp/ka.r" &
kpid=$!
track_pid "$kpid"
wait_file "$tmp/upA.log" "A /ka"
curl -s --max-time 8 -D "$tmp/slow.h" -o "$tmp/slow" -w '%{http_code}' \
    "http://127.0.0.1:$FE/echo/sleep/2000" >"$tmp/slow.code" &
cpid=$!
track_pid "$cpid"
wait_file "$tmp/upA.log" "A /echo/sleep/2000"
t0=$(now_ms)
kill -USR1 "$HAPX_PID"

# The process stays for the slow request; its listeners close at once.
sleep 0.2
_spark_alive "$HAPX_PID" || fail "hapx exited before its in-flight request was done"
r=$(pyclient "$FE" --wait 1)
assert_eq "$(field "$r" connect)" refused "new connection after SIGUSR1 ($r)"

wait "$cpid" || fail "the in-flight request failed after SIGUSR1"
assert_eq "$(cat "$tmp/slow.code")" 200 "in-flight request after SIGUSR1"
assert_contains "$tmp/slow" "A GET /echo/sleep/2000"

# Then hapx exits 0 on its own.
n=0
while _spark_alive "$HAPX_PID" && [ "$n" -lt 30 ]; do
	sleep 0.1
	n=$((n + 1))
done
_spark_alive "$HAPX_PID" && fail "hapx still runs 3 s after its last request"
wait "$HAPX_PID"
assert_eq "$?" 0 "exit status after a soft stop"
dt=$(($(now_ms) - t0))
between "$dt" 500 4000 "soft stop waited for the slow request (ms)"

# The idle kept-alive connection got its answer, then was closed at the
# soft stop, long before timeout http-keep-alive.
wait "$kpid"
r=$(cat "$tmp/ka.r")
assert_contains "$tmp/ka" "A GET /ka"
assert_eq "$(field "$r" eof)" yes "idle keep-alive connection closed ($r)"
between "$(field "$r" elapsed | tr -d .)" 0 500 \
    "idle keep-alive closed at the soft stop (1/100 s; $r)"
