#!/bin/sh
# Stick tables, server maxqueue and option abortonclose, as HAProxy 2.6
# does them (the same config passes through it):
#  - "stick-table type ip" + "stick on src": every request from 127.0.0.1
#    goes to the server of the first one, despite roundrobin;
#  - "expire 1s": once the entry expired, the balancer decides again;
#  - "stick match src table st" in another backend finds the server of the
#    same name there, unless it is DOWN (then the balancer picks);
#  - "type string" keys work as well, "stick on hdr(x-user)" too;
#  - "maxqueue 1" + "option redispatch": a stuck client whose server is
#    full and has one request queued already goes to another server
#    instead of waiting (without redispatch HAProxy answers 503);
#  - "option abortonclose": a queued request whose client shut its output
#    is dropped: the server never sees it.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

mkdir "$tmp/hold" || fail "mkdir"
start_py upA http --name A --log "$tmp/A.log" --hold-dir "$tmp/hold"
start_py upB http --name B
DEAD=$(free_port)	# nothing listens there: connection refused
FE=$(free_port)
ST=$(free_port)
cat >"$tmp/s.cfg" <<CFG
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
	timeout queue 5s
frontend fe
	bind 127.0.0.1:$FE
	use_backend st if { path_beg /st }
	use_backend ex if { path_beg /ex }
	use_backend other if { path_beg /other }
	use_backend dn if { path_beg /dn }
	use_backend str if { path_beg /str }
	use_backend mq if { path_beg /mq }
	use_backend ab if { path_beg /ab }
	use_backend hd if { path_beg /hd }
backend st
	balance roundrobin
	stick-table type ip size 10
	stick on src
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
backend ex
	balance roundrobin
	stick-table type ip size 10 expire 1s
	stick on src
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
backend other
	balance roundrobin
	stick match src table st
	server B 127.0.0.1:$upB
	server A 127.0.0.1:$upA
backend dn
	balance roundrobin
	stick match src table st
	server A 127.0.0.1:$DEAD check inter 100ms fall 1 rise 1
	server B 127.0.0.1:$upB
backend str
	balance roundrobin
	stick-table type string len 16 size 10
	stick on src
	server B 127.0.0.1:$upB
	server A 127.0.0.1:$upA
backend mq
	balance roundrobin
	stick-table type ip size 10
	stick on src
	option redispatch
	server A 127.0.0.1:$upA maxconn 1 maxqueue 1
	server B 127.0.0.1:$upB
backend hd
	balance roundrobin
	stick-table type string len 16 size 10
	stick on hdr(x-user)
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
backend ab
	option abortonclose
	server A 127.0.0.1:$upA maxconn 1
listen stats
	bind 127.0.0.1:$ST
	stats enable
	stats uri /
CFG
start_hapx "$tmp/s.cfg" "$FE"
U="http://127.0.0.1:$FE"

names() {
	_ns=
	for _p in "$@"; do
		_ns="$_ns$(curl_name "$U$_p") "
	done
	printf '%s\n' "$_ns"
}

assert_eq "$(names /st/1 /st/2 /st/3 /st/4)" "A A A A " \
    "stick on src: all requests to the first server"
assert_eq "$(names /other/1 /other/2)" "A A " \
    "stick match table st: A each time (roundrobin alone: A B)"
assert_eq "$(names /str/1 /str/2 /str/3)" "A A A " \
    "type string (roundrobin alone: A B A)"
u() {
	curl_name "$U/hd/$1" -H "X-User: $1"
}
# alice -> A (first pick), bob -> B, then each stays on its server
# (roundrobin alone: A B A B A)
assert_eq "$(u alice) $(u bob) $(u bob) $(u alice) $(u alice)" \
    "A B B A A" "stick on hdr(x-user)"
assert_eq "$(curl_name "$U/hd/1") $(curl_name "$U/hd/2")" "A B" \
    "no x-user header: no key, roundrobin"
assert_eq "$(names /ex/1 /ex/2)" "A A " "expire 1s: stuck before expiry"
sleep 1.4
assert_eq "$(names /ex/3 /ex/4)" "B B " "expire 1s: rebalanced after it"
wait_file "$tmp/hapx.err" "Server dn/A is DOWN"
assert_eq "$(names /dn/1 /dn/2)" "B B " "stuck server DOWN: balancer decides"

# wait_qcur BACKEND N: wait until BACKEND's server A has N requests in
# its queue (the stats CSV's qcur), at most 5 s.
wait_qcur() {
	_n=0
	while [ "$_n" -lt 100 ]; do
		_q=$(curl -s --max-time 5 "http://127.0.0.1:$ST/;csv" |
		    awk -F, -v b="$1" '$1 == b && $2 == "A" { print $3 }')
		[ "$_q" = "$2" ] && return 0
		sleep 0.05
		_n=$((_n + 1))
	done
	fail "$1/A: qcur stayed '$_q', want $2"
}

# maxqueue: /mq/0 makes the client stick to A (HAProxy stores the entry
# once the response came), /mq/1 holds A's only slot until the test
# releases it, /mq/2 waits for A, /mq/3 finds A's queue full and goes to
# B (queued, it would wait for the release and time out instead).
assert_eq "$(curl_name "$U/mq/0")" A "mq 0 on A"
curl_name "$U/mq/hold/mq1/1" >"$tmp/mq1" &
mq1=$!
track_pid "$mq1"
wait_file "$tmp/A.log" "/mq/hold/mq1/1"
curl_name "$U/mq/2" >"$tmp/mq2" &
mq2=$!
track_pid "$mq2"
wait_qcur mq 1
assert_eq "$(curl_name "$U/mq/3" --max-time 3)" B \
    "maxqueue reached: another server"
: >"$tmp/hold/mq1"
wait "$mq1" "$mq2"
assert_eq "$(cat "$tmp/mq1") $(cat "$tmp/mq2")" "A A" "mq 1 and 2 on A"

# abortonclose: /ab/2 is queued behind /ab/1 and its client closes:
# dropped, never sent to A, as the HAProxy documentation says.  HAProxy
# 2.6 itself (HTTP mode) stops reading a client whose request is complete
# and so never sees the close: it sends /ab/2 anyway; not checked there.
case ${HAPX##*/} in
haproxy*)
	exit 0
	;;
esac
# Events, not delays: /ab/1 holds A until released; the client of /ab/2
# closes once /ab/2 is in the backend queue, and the slot is released only once
# the queue is empty again. /ab/3 goes after it: a queued /ab/2 would have
# reached A first.
curl_name "$U/ab/hold/ab1/1" >"$tmp/ab1" &
ab1=$!
track_pid "$ab1"
wait_file "$tmp/A.log" "/ab/hold/ab1/1"
"$PY" - "$FE" "$ST" <<'PY' || fail "abortonclose: client failed"
import socket, sys, time, urllib.request
def qcur():
    url = "http://127.0.0.1:%s/;csv" % sys.argv[2]
    for row in urllib.request.urlopen(url, timeout=5).read().decode().split("\n"):
        f = row.split(",")
        if f[:2] == ["ab", "BACKEND"]:
            return f[2]
def wait_qcur(want):
    for _ in range(100):
        if qcur() == want:
            return
        time.sleep(0.05)
    sys.exit("ab: qcur %s, want %s" % (qcur(), want))
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
c.sendall(b"GET /ab/2 HTTP/1.1\r\nHost: x\r\n\r\n")
wait_qcur("1")
c.close()
wait_qcur("0")
PY
: >"$tmp/hold/ab1"
wait "$ab1"
assert_eq "$(cat "$tmp/ab1")" A "ab 1 served"
assert_eq "$(curl_name "$U/ab/3")" A "ab 3 served"
if grep -q "/ab/2" "$tmp/A.log"; then
	fail "abortonclose: the aborted request reached the server"
fi
exit 0
