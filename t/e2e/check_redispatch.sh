#!/bin/sh
# Redispatch with health checks (spec §7.3): with "option redispatch", a
# request whose server died (connection refused) before its check noticed
# goes to another server, and once the checks mark the server DOWN the
# balancer skips it; with every server DOWN the answer is 503 at once.
# Without redispatch the retries stay on the dead server: 503.
# Passes with hapx and with HAProxy 2.6 (HAPX=/usr/sbin/haproxy).
# shellcheck disable=SC2154 # t/lib.sh assigns $tmp
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/check_lib.sh"
need_hapx

start_spark s1 ALIVE
start_spark s2 ALIVE
start_spark s3 ALIVE
start_spark s4 ALIVE
PR=$(free_port)
PN=$(free_port)
cat >"$tmp/c.cfg" <<EOF
defaults
  mode http
  balance roundrobin
  timeout connect 1s
  timeout client 5s
  timeout server 5s
  option httpchk GET /

listen r
  bind 127.0.0.1:$PR
  retries 3
  option redispatch
  server s1 127.0.0.1:$S1_PORT check inter 1s rise 1 fall 1
  server s2 127.0.0.1:$S2_PORT check inter 1s rise 1 fall 1

listen nr
  bind 127.0.0.1:$PN
  retries 1
  server s3 127.0.0.1:$S3_PORT check inter 10s
  server s4 127.0.0.1:$S4_PORT check inter 10s
EOF
start_hapx "$tmp/c.cfg" "$PR"
E=$tmp/hapx.err

seq_of() {
	_i=0
	_out=
	while [ "$_i" -lt "$2" ]; do
		_out="$_out$(req_status "$1" /json | tr ' ' :) "
		_i=$((_i + 1))
	done
	printf '%s\n' "$_out"
}

assert_eq "$(seq_of "$PR" 2)" "200:s1 200:s2 " "r at start"
# The control for the timings below: 4 requests with both servers alive.
t0=$(now_ms)
assert_eq "$(seq_of "$PR" 4)" "200:s1 200:s2 200:s1 200:s2 " "r, control"
ctl=$(($(now_ms) - t0))
assert_eq "$(seq_of "$PN" 2)" "200:s3 200:s4 " "nr at start"

# s1 dies: before and after its check marks it DOWN, every request is
# answered by s2, without the 1 s turn-around of a retry on s1.
set_spark_state s1 GONE
t0=$(now_ms)
assert_eq "$(seq_of "$PR" 4)" "200:s2 200:s2 200:s2 200:s2 " "r, s1 dead"
dt=$(($(now_ms) - t0))
[ "$dt" -lt $((ctl + 900)) ] ||
    fail "4 redispatched requests took $dt ms, 4 plain ones $ctl ms"
need_line "$E" "Server r/s1 is DOWN" 30
assert_eq "$(seq_of "$PR" 2)" "200:s2 200:s2 " "r, s1 DOWN"

# No server left: 503 at once (trying the DOWN servers with "retries 3"
# would take 3 s or more).
set_spark_state s2 GONE
need_line "$E" "'r' has no server available!" 30
t0=$(now_ms)
assert_eq "$(seq_of "$PR" 1)" "503:- " "r, no server"
dt=$(($(now_ms) - t0))
[ "$dt" -lt $((ctl + 1500)) ] ||
    fail "503 without servers took $dt ms, 4 plain requests $ctl ms"

# Without redispatch: the retry goes to the dead s3 again.
set_spark_state s3 GONE
assert_eq "$(seq_of "$PN" 2)" "503:- 200:s4 " "nr, s3 dead"
exit 0
