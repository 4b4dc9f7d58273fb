#!/bin/sh
# The process in the foreground (spec §11): "hapx -db -f" keeps serving as
# the process started (even with "daemon" in the config), SIGTERM and
# SIGINT stop it at once with HAProxy's status 128 + signal, in-flight
# requests included; a config error exits 1 without ever binding; a port
# in use exits 1 naming the address, leaving the other ports unbound.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A --log "$tmp/upA.log"
FE=$(free_port)
cat >"$tmp/fg.cfg" <<EOF
global
	daemon
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen l
	bind 127.0.0.1:$FE
	server A 127.0.0.1:$upA
EOF

# -db wins over "daemon": $! is the serving process.
start_hapx "$tmp/fg.cfg" "$FE"
assert_eq "$(curl_name "http://127.0.0.1:$FE/")" A "served in the foreground"
_spark_alive "$HAPX_PID" || fail "hapx -db is not the serving process"

# SIGTERM with a slow request in flight: exits at once with 143.
curl -s --max-time 8 -o /dev/null "http://127.0.0.1:$FE/sleep/5000" &
cpid=$!
track_pid "$cpid"
wait_file "$tmp/upA.log" "A /sleep/5000"
t0=$(now_ms)
kill -TERM "$HAPX_PID"
wait "$HAPX_PID"
rc=$?
dt=$(($(now_ms) - t0))
assert_eq "$rc" 143 "exit status after SIGTERM"
between "$dt" 0 2000 "SIGTERM stops at once, not after the 5 s request (ms)"
wait "$cpid" && fail "the in-flight request completed after SIGTERM"
r=$(pyclient "$FE" --wait 1)
assert_eq "$(field "$r" connect)" refused "port closed after SIGTERM ($r)"

# SIGINT: same, 130. A script's background jobs start with SIGINT
# ignored, which HAProxy keeps; give it the default disposition back, as
# an interactive shell would, so that the test means the same for both.
"$PY" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$HAPX" -db -f "$tmp/fg.cfg" \
    >"$tmp/hapx.out" 2>"$tmp/hapx.err" &
HAPX_PID=$!
track_pid "$HAPX_PID"
wait_port "$FE" || fail "hapx (for SIGINT) did not listen"
kill -INT "$HAPX_PID"
wait "$HAPX_PID"
assert_eq "$?" 130 "exit status after SIGINT"

# A config error: exit 1 with the diagnostics; the port is never bound.
cat >"$tmp/bad.cfg" <<EOF
defaults
	mode http
listen l
	bind 127.0.0.1:$FE
	server A 127.0.0.1:$upA
	no-such-keyword here
EOF
"$HAPX" -db -f "$tmp/bad.cfg" >"$tmp/bad.out" 2>"$tmp/bad.err" &
bpid=$!
track_pid "$bpid"
bound=no
n=0
while _spark_alive "$bpid" && [ "$n" -lt 50 ]; do
	"$PY" -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()' \
	    "$FE" 2>/dev/null && bound=yes
	n=$((n + 1))
done
wait "$bpid"
rc=$?
assert_eq "$rc" 1 "exit status on a config error"
assert_eq "$bound" no "the port was bound despite the config error"
assert_contains "$tmp/bad.err" "no-such-keyword"

# A port in use (and one free port before it): exit 1, naming the
# address; the free port is not left bound.
start_py busy echo
FREE=$(free_port)
cat >"$tmp/inuse.cfg" <<EOF
defaults
	mode tcp
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen l
	bind 127.0.0.1:$FREE
	bind 127.0.0.1:$busy
	server A 127.0.0.1:$upA
EOF
timeout 10 "$HAPX" -db -f "$tmp/inuse.cfg" >"$tmp/inuse.out" 2>"$tmp/inuse.err"
rc=$?
assert_eq "$rc" 1 "exit status when a port is in use"
assert_contains "$tmp/inuse.err" "127.0.0.1:$busy"
assert_contains "$tmp/inuse.err" "Address already in use"
r=$(pyclient "$FREE" --wait 1)
assert_eq "$(field "$r" connect)" refused "the other port is not left bound ($r)"
