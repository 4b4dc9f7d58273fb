#!/bin/sh
# "observe" + "error-limit" + "on-error mark-down" (spec §6.3): live
# traffic takes a server out before its next scheduled check. The checks
# go to a separate, always healthy port ("check port"), every 10 s, so
# only the observed traffic can mark a server down.
#  1. layer4: a crashed server (its port refuses) is marked DOWN at the
#     first request that fails to connect, that request is redispatched
#     (option redispatch) and no client sees an error;
#  2. layer7: a server answering 500 is marked DOWN after error-limit 2
#     consecutive 500s; later requests go to the other server.
# The DOWN lines carry HAProxy's "Health analyze" reason. Passes with hapx
# and with HAProxy 2.6 (HAPX=/usr/sbin/haproxy).
# shellcheck disable=SC2154 # t/lib.sh assigns $tmp
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/check_lib.sh"
need_hapx

start_spark hc ALIVE
start_spark s1 ALIVE
start_spark s2 ALIVE
start_spark s3 ALIVE
start_spark s4 ALIVE
P4=$(free_port)
P7=$(free_port)
OBS="check port $HC_PORT inter 10s error-limit"
cat >"$tmp/c.cfg" <<EOF
defaults
  mode http
  balance roundrobin
  retries 2
  option redispatch
  timeout connect 1s
  timeout client 5s
  timeout server 5s

listen l4
  bind 127.0.0.1:$P4
  option httpchk GET /
  server s1 127.0.0.1:$S1_PORT $OBS 1 observe layer4 on-error mark-down
  server s2 127.0.0.1:$S2_PORT $OBS 1 observe layer4 on-error mark-down

listen l7
  bind 127.0.0.1:$P7
  option httpchk GET /
  server s3 127.0.0.1:$S3_PORT $OBS 2 observe layer7 on-error mark-down
  server s4 127.0.0.1:$S4_PORT $OBS 2 observe layer7 on-error mark-down
EOF
start_hapx "$tmp/c.cfg" "$P4"
E=$tmp/hapx.err

# seq_of PORT N: the answers to N sequential requests, space separated.
seq_of() {
	_i=0
	_out=
	while [ "$_i" -lt "$2" ]; do
		_out="$_out$(req_status "$1" /json | tr ' ' :) "
		_i=$((_i + 1))
	done
	printf '%s\n' "$_out"
}

# 1. layer4: the leader crashes between two checks.
assert_eq "$(seq_of "$P4" 2)" "200:s1 200:s2 " "l4 before the crash"
set_spark_state s1 GONE
t0=$(now_ms)
assert_eq "$(seq_of "$P4" 4)" "200:s2 200:s2 200:s2 200:s2 " \
    "l4 after the crash"
need_line "$E" "Server l4/s1 is DOWN" 5
dt=$(($(now_ms) - t0))
[ "$dt" -lt 5000 ] || fail "l4/s1 marked down only after $dt ms"

# 2. layer7: two consecutive 500s from s3.
set_spark_state s3 500
assert_eq "$(seq_of "$P7" 4)" "500:s3 200:s4 500:s3 200:s4 " "l7, s3 failing"
need_line "$E" "Server l7/s3 is DOWN" 20
assert_eq "$(seq_of "$P7" 4)" "200:s4 200:s4 200:s4 200:s4 " \
    "l7, s3 marked down"

I='1 active and 0 backup servers left. 1 sessions active, 0 requeued, 0 remaining in queue.'
cat >"$tmp/want" <<EOF
[WARNING] Server l4/s1 is DOWN, reason: Health analyze, info: "Detected 1 consecutive errors, last one was: L4 unsuccessful connection". $I
[WARNING] Server l7/s3 is DOWN, reason: Health analyze, info: "Detected 2 consecutive errors, last one was: Wrong http response". $I
EOF
norm_log "$E" | grep -e "l4/" -e "l7/" >"$tmp/got" || :
if ! diff -u "$tmp/want" "$tmp/got" >&2; then
	fail "observe messages differ"
fi
exit 0
