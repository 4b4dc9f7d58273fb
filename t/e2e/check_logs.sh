#!/bin/sh
# Health-check messages (spec §6.5), on stderr and through "log" to syslog
# at HAProxy's levels, asserted line by line for two proxies:
#  - lhc, "option log-health-checks": one "Health check for server ..."
#    line per result that moves the health counter (notice), then the
#    "is DOWN" (alert) / "is UP" (notice) lines without a reason part, and
#    "no server available" (emerg; stderr ALERT; "proxy" for a listen);
#  - d404, "http-check disable-on-404": a 404 puts an UP server in NOLB
#    ("is stopping", notice, reason L7OKC code 404): no new traffic until
#    it answers 200 again ("is UP"); a stopping server that fails goes DOWN
#    with a notice, not an alert.
# Passes with hapx and with HAProxy 2.6 (HAPX=/usr/sbin/haproxy).
# shellcheck disable=SC2154 # t/lib.sh assigns $tmp
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/check_lib.sh"
need_hapx

start_syslog
start_spark s1 ALIVE
start_spark s2 ALIVE
start_spark s3 ALIVE
P1=$(free_port)
P2=$(free_port)
cat >"$tmp/c.cfg" <<EOF
global
  log 127.0.0.1:$SYSLOG_PORT local0 info

defaults
  log global
  mode http
  option dontlognull
  timeout connect 1s
  timeout client 5s
  timeout server 5s
  timeout check 1s

listen lhc
  bind 127.0.0.1:$P1
  option httpchk GET /
  option log-health-checks
  server s1 127.0.0.1:$S1_PORT check inter 300 rise 2 fall 2

listen d404
  bind 127.0.0.1:$P2
  balance roundrobin
  option httpchk GET /
  http-check disable-on-404
  server s2 127.0.0.1:$S2_PORT check inter 300 rise 2 fall 2
  server s3 127.0.0.1:$S3_PORT check inter 300 rise 2 fall 2
EOF
start_hapx "$tmp/c.cfg" "$P1"
E=$tmp/hapx.err

# requests PORT N: the X-Fake-Spark of N requests, sorted and counted.
requests() {
	_i=0
	while [ "$_i" -lt "$2" ]; do
		req_status "$1" /json
		_i=$((_i + 1))
	done | sort | uniq -c | sed 's/^ *//' | tr '\n' ' '
}

# --- log-health-checks
need_line "$E" "Health check for server lhc/s1 succeeded"
set_spark_state s1 500
need_line "$E" "proxy 'lhc' has no server available!"
set_spark_state s1 ALIVE
need_line "$E" "Server lhc/s1 is UP"

# --- disable-on-404
assert_eq "$(requests "$P2" 4)" "2 200 s2 2 200 s3 " "d404 at start"
set_spark_state s2 404
need_line "$E" "Server d404/s2 is stopping"
assert_eq "$(requests "$P2" 6)" "6 200 s3 " "d404 with s2 in NOLB"
set_spark_state s2 ALIVE
need_line "$E" "Server d404/s2 is UP"
assert_eq "$(requests "$P2" 4)" "2 200 s2 2 200 s3 " "d404, s2 back"
set_spark_state s2 404
wait_line "$E" "Server d404/s2 is stopping" || :
n=0
while [ "$(grep -c 'Server d404/s2 is stopping' "$E")" -lt 2 ] &&
    [ "$n" -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
set_spark_state s2 500
need_line "$E" "Server d404/s2 is DOWN"
sleep 0.3

D='check duration: Xms'
cat >"$tmp/want.err" <<EOF
[WARNING] Health check for server lhc/s1 succeeded, reason: Layer7 check passed, code: 200, $D, status: 2/2 UP.
[WARNING] Health check for server lhc/s1 failed, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", $D, status: 1/2 UP.
[WARNING] Health check for server lhc/s1 failed, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", $D, status: 0/2 DOWN.
[WARNING] Server lhc/s1 is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
[ALERT] proxy 'lhc' has no server available!
[WARNING] Health check for server lhc/s1 succeeded, reason: Layer7 check passed, code: 200, $D, status: 1/2 DOWN.
[WARNING] Health check for server lhc/s1 succeeded, reason: Layer7 check passed, code: 200, $D, status: 2/2 UP.
[WARNING] Server lhc/s1 is UP. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
[WARNING] Server d404/s2 is stopping, reason: Layer7 check conditionally passed, code: 404, $D. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
[WARNING] Server d404/s2 is UP, reason: Layer7 check passed, code: 200, $D. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
[WARNING] Server d404/s2 is stopping, reason: Layer7 check conditionally passed, code: 404, $D. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
[WARNING] Server d404/s2 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", $D. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
EOF
norm_log "$E" | grep -e lhc -e d404 >"$tmp/got.err" || :
if ! diff -u "$tmp/want.err" "$tmp/got.err" >&2; then
	fail "stderr messages differ"
fi

# The same lines through syslog (local0 = 16 * 8): notice 133, alert 129,
# emerg 128; the syslog form of "no server available" has no quotes.
sed -e 's/^\[WARNING\] \(Health check\)/<133> \1/' \
    -e 's/^\[WARNING\] \(Server lhc\/s1 is DOWN\)/<129> \1/' \
    -e 's/^\[WARNING\] /<133> /' \
    -e "s/^\[ALERT\] proxy 'lhc' has/<128> proxy lhc has/" \
    "$tmp/want.err" >"$tmp/want.log"
norm_log "$tmp/syslog" | grep -v "Connect from" | grep -e lhc -e d404 >"$tmp/got.log" || :
if ! diff -u "$tmp/want.log" "$tmp/got.log" >&2; then
	fail "syslog messages differ"
fi
exit 0
