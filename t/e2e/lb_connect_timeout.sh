#!/bin/sh
# timeout connect (spec §7.3, §8.3): a server whose connect() hangs (a
# local listener with a full accept queue, so SYNs are dropped) gets a 503
# after timeout connect with retries 0; with retries 1 after two connect
# timeouts back to back: HAProxy 2.6 applies its turn-around delay after a
# connection error only, not after a connect timeout (observed: 886 ms
# for 2 x 400 ms). Skipped where such a listener does not make connect() hang.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py hole blackhole
n=0
while ! grep -q '^HANGS' "$hole_out" && [ "$n" -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
grep -q '^HANGS yes' "$hole_out" ||
    skip "a listener with a full accept queue does not make connect() hang here"

FE=$(free_port)
cat >"$tmp/c.cfg" <<EOF
defaults
	mode http
	timeout connect 1s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	use_backend once if { path_beg /once }
	default_backend twice
backend once
	retries 0
	server H 127.0.0.1:$hole
backend twice
	retries 1
	server H 127.0.0.1:$hole
EOF
start_hapx "$tmp/c.cfg" "$FE"

t0=$(now_ms)
got=$(curl -s --max-time 5 -o "$tmp/503" -w '%{http_code}' \
    "http://127.0.0.1:$FE/once")
once=$(($(now_ms) - t0))
assert_eq "$got" 503 "timeout connect, retries 0"
between "$once" 950 4000 "503 after timeout connect 1s (ms)"
assert_contains "$tmp/503" "No server is available to handle this request."

# 1 s (connect) + 1 s (connect): no turn-around delay after a timeout
# (with one, 3 s).
t0=$(now_ms)
got=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:$FE/twice")
twice=$(($(now_ms) - t0))
assert_eq "$got" 503 "timeout connect, retries 1"
between "$twice" 1950 5000 "503 after two connect timeouts (ms)"
# The retry adds one connect timeout and no turn-around delay (with one,
# 2 s); measured against the first case, so both carry the same overhead.
between $((twice - once)) 900 1700 \
    "the retry after a connect timeout adds 1 s, not 2 s (ms)"
