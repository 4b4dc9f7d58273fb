#!/bin/sh
# retries and option redispatch on connection failure (spec §7.3), as
# HAProxy 2.6.12 does them (each case below was run through it):
#  - a refusing server, retries 2, no redispatch: 503 after 2 x 1 s
#    turn-around delays; retries 0: 503 at once;
#  - option redispatch, roundrobin over two active servers, one refusing:
#    the retry goes at once (no delay) to the other server, 200;
#  - option redispatch, hash-type consistent: retries on the same server
#    (1 s apart), the last one redispatched to another server: 200 after
#    ~2 s with retries 3;
#  - option redispatch, map-based hash: the redispatch hashes to the same
#    refusing server again: 503 after the 1 s of the one delayed retry;
#  - one active server refusing and a backup: no health checks, so the
#    active server never counts as down and the backup is not used: 503.
# shellcheck disable=SC2154 # start_py assigns the port variables
# shellcheck disable=SC2046 # "set -- $(timed ...)" splits "NAME MS"
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upB http --name B
start_py upK http --name K
DEAD=$(free_port)	# nothing listens there: connection refused
FE=$(free_port)
cat >"$tmp/r.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	use_backend plain if { path_beg /plain }
	use_backend none if { path_beg /none }
	use_backend rr if { path_beg /rr }
	use_backend chash if { path_beg /chash }
	use_backend map if { path_beg /map }
	use_backend bk if { path_beg /bk }
backend plain
	retries 2
	server A 127.0.0.1:$DEAD
backend none
	retries 0
	server A 127.0.0.1:$DEAD
backend rr
	retries 2
	option redispatch
	server A 127.0.0.1:$DEAD
	server B 127.0.0.1:$upB
backend chash
	balance uri
	hash-type consistent
	retries 3
	option redispatch
	server A 127.0.0.1:$DEAD
	server B 127.0.0.1:$upB
backend map
	balance uri
	retries 2
	option redispatch
	server A 127.0.0.1:$DEAD
	server B 127.0.0.1:$upB
backend bk
	retries 2
	option redispatch
	server A 127.0.0.1:$DEAD
	server K 127.0.0.1:$upK backup
EOF
start_hapx "$tmp/r.cfg" "$FE"
U="http://127.0.0.1:$FE"

# timed PATH: "NAME MS" (NAME as curl_name prints it).
timed() {
	_t0=$(now_ms)
	_n=$(curl_name "$U$1")
	printf '%s %s\n' "$_n" $(($(now_ms) - _t0))
}

# Lower bounds are tight: each turn-around delay is 1 s. An answer "at
# once" is measured against a control, the 503 of retries 0 (which has no
# delay), so the overhead of a loaded machine cancels out.
set -- $(timed /plain)
assert_eq "$1" ERR:503 "retries 2 on a refusing server"
between "$2" 1950 5000 "retries 2: 503 after two 1 s turn-around delays (ms)"
plain=$2

set -- $(timed /none)
assert_eq "$1" ERR:503 "retries 0 on a refusing server"
ctl=$2
[ $((plain - ctl)) -ge 1700 ] ||
    fail "retries 0 ($ctl ms) is not 2 s sooner than retries 2 ($plain ms)"

# at_once MS WHAT: fail unless MS is less than a turn-around delay more
# than the control.
at_once() {
	[ "$1" -lt $((ctl + 700)) ] ||
	    fail "$2: $1 ms, the control (no delay) took $ctl ms"
}

for i in 1 2 3 4; do
	set -- $(timed "/rr/$i")
	assert_eq "$1" B "redispatch, roundrobin, request $i"
	at_once "$2" "roundrobin redispatches without a delay, request $i"
done

# Consistent hashing: each URI is served by B, either directly or after
# two delayed retries on A and a redispatch; some must hash to A.
slow=0
for i in 1 2 3 4 5 6 7 8; do
	set -- $(timed "/chash/u$i")
	assert_eq "$1" B "hash-type consistent with redispatch, /chash/u$i"
	if [ "$2" -ge 1000 ]; then
		between "$2" 1950 5000 "/chash/u$i: redispatched on the last retry (ms)"
		slow=$((slow + 1))
	fi
done
[ "$slow" -ge 1 ] || fail "no URI of 8 hashed to the refusing server"

# Map-based: the URIs that hash to A fail, the others are served by B.
slow=0
for i in 1 2 3 4 5 6 7 8; do
	set -- $(timed "/map/u$i")
	case $1 in
	B) at_once "$2" "/map/u$i served by B directly" ;;
	ERR:503)
		# One delay, not two (redispatch is at once).
		between "$2" 950 $((ctl + 1700)) \
		    "/map/u$i: one delayed retry, then A again (ms)"
		slow=$((slow + 1)) ;;
	*) fail "/map/u$i: got $1" ;;
	esac
done
[ "$slow" -ge 1 ] || fail "no URI of 8 hashed to the refusing server (map)"

set -- $(timed /bk)
assert_eq "$1" ERR:503 "an active server that refuses is not down: no backup"
between "$2" 1950 5000 "backup case: two delayed retries (ms)"
