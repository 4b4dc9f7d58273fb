#!/bin/sh
# The runtime API's admin commands over real stats sockets (socat):
# "set server B/S state maint" takes a server out of rotation as curl
# through the proxy and the stats CSV see it, "ready" brings it back;
# weights; levels ("Permission denied" on a user or operator socket);
# "shutdown sessions server" ends a long request; disable/enable and
# shutdown of a frontend; the server state file round trip (dump with
# "show servers state", restart with server-state-file, the server is
# still in maintenance).  Also passes with HAPX=/usr/sbin/haproxy.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"
need_cmd socat

TOOL="$top_srcdir/t/e2e/stats_tool.py"
start_py upA http --name A
start_py upB http --name B
FE=$(free_port)
ST=$(free_port)
CLOSED=$(free_port)	# nothing listens there

# config FILE [GLOBAL_LINES] [DEFAULTS_LINES]
config() {
	cat >"$1" <<EOF
global
	stats socket $tmp/admin.sock level admin
	stats socket $tmp/oper.sock level operator
	stats socket $tmp/user.sock level user
$2
defaults
	mode http
	timeout connect 2s
	timeout client 10s
	timeout server 10s
$3
frontend fe
	bind 127.0.0.1:$FE
	default_backend be
backend be
	balance roundrobin
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
backend bc
	server C 127.0.0.1:$CLOSED check inter 200ms rise 1 fall 1
listen st
	bind 127.0.0.1:$ST
	stats uri /st
EOF
}

# cli SOCK LINE: the answer to LINE on socket SOCK (admin, oper, user).
cli() {
	printf '%s\n' "$2" | socat -t 5 - "UNIX-CONNECT:$tmp/$1.sock"
}

# status SV [BE]: the CSV status of server BE/SV (BE: be).
status() {
	curl -s --max-time 5 -o "$tmp/csv" "http://127.0.0.1:$ST/st;csv" ||
	    fail "GET csv"
	"$PY" "$TOOL" csv "$tmp/csv" "${2:-be}" "$1" status
}

# wait_status SV BE WANT: until the CSV says WANT (5 s at most).
wait_status() {
	_n=0
	until [ "$(status "$1" "$2")" = "$3" ]; do
		_n=$((_n + 1))
		[ $_n -lt 50 ] || fail "$2/$1 never $3: $(status "$1" "$2")"
		sleep 0.1
	done
}

# scur SV: the CSV current sessions of server be/SV.
scur() {
	curl -s --max-time 5 -o "$tmp/csv" "http://127.0.0.1:$ST/st;csv" ||
	    fail "GET csv"
	"$PY" "$TOOL" csv "$tmp/csv" be "$1" scur
}

# names N: which servers answered N requests.
names() {
	_s=
	_i=0
	while [ "$_i" -lt "$1" ]; do
		_s="$_s$(curl_name "http://127.0.0.1:$FE/")"
		_i=$((_i + 1))
	done
	printf '%s\n' "$_s"
}

# srvline SV: S's line of "show servers state be", from srv_id on.
srvline() {
	cli admin "show servers state be" | awk -v s="$1" '$4 == s' |
	    cut -d' ' -f3-9
}

config "$tmp/a.cfg"
start_hapx "$tmp/a.cfg" "$ST"
[ -S "$tmp/admin.sock" ] || fail "no admin socket"

assert_eq "$(names 4)" ABAB "both servers before"

# --- maintenance, as the proxy and the stats page see it
assert_eq "$(cli admin 'set server be/B state maint')" "" "maint answer"
assert_eq "$(status B)" MAINT "B in maintenance (CSV)"
assert_eq "$(names 4)" AAAA "no traffic to a server in maintenance"
assert_eq "$(srvline B)" "2 B 127.0.0.1 0 1 1 1" "show servers state: B"
wait_file "$tmp/hapx.err" "Server be/B is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue." 20
assert_eq "$(cli admin 'set server be/B state ready')" "" "ready answer"
wait_file "$tmp/hapx.err" "Server be/B is UP/READY (leaving forced maintenance)." 20
assert_eq "$(status B)" "no check" "B back (CSV)"
case $(names 2) in
AB|BA) ;;
*) fail "B gets no traffic after ready" ;;
esac
assert_eq "$(cli admin 'disable server be/A')" "" "disable server"
assert_eq "$(names 2)" BB "A disabled"
assert_eq "$(cli admin 'enable server be/A')" "" "enable server"

# --- weights and errors, HAProxy's words
assert_eq "$(cli admin 'get weight be/A')" "1 (initial 1)" "get weight"
cli admin 'set server be/A weight 0' >/dev/null
assert_eq "$(cli admin 'get weight be/A')" "0 (initial 1)" "weight 0"
assert_eq "$(names 3)" BBB "weight 0: no traffic to A"
cli admin 'set weight be/A 100%' >/dev/null
assert_eq "$(cli admin 'get weight be/A')" "1 (initial 1)" "weight 100%"
# A huge percentage is capped at 256, not wrapped by an overflow.
cli admin 'set weight be/A 92233720368547759%' >/dev/null
assert_eq "$(cli admin 'get weight be/A')" "256 (initial 1)" "weight capped"
cli admin 'set weight be/A 100%' >/dev/null
assert_eq "$(cli admin 'set server be/Z state ready')" "No such server." \
    "unknown server"
assert_eq "$(cli admin 'set server nope/A state ready')" \
    "No such backend." "unknown backend"
assert_eq "$(cli admin 'set server be/A state sleepy')" \
    "'set server <srv> state' expects 'ready', 'drain' and 'maint'." \
    "bad state"
assert_eq "$(cli admin 'show backend')" "# name
be
bc
st" "show backend"
assert_eq "$(cli admin 'show map foo')" \
    "Unknown map identifier. Please use #<id> or <file>." "show map"

# --- levels
assert_eq "$(cli user 'set server be/B state maint')" \
    "Permission denied" "user: set server"
assert_eq "$(cli user 'disable frontend fe')" "Permission denied" \
    "user: disable frontend"
assert_eq "$(cli oper 'enable server be/B')" "Permission denied" \
    "operator: enable server"
assert_eq "$(cli oper 'clear counters all')" "Permission denied" \
    "operator: clear counters all"
assert_eq "$(cli oper 'clear counters')" "" "operator: clear counters"
assert_eq "$(cli user 'get weight be/B')" "1 (initial 1)" \
    "user: get weight"
assert_eq "$(status B)" "no check" "a refused command changed nothing"

# --- shutdown sessions: a long request to B ends at once
cli admin 'set server be/A state maint' >/dev/null
t0=$(now_ms)
curl -s --max-time 8 -o /dev/null "http://127.0.0.1:$FE/sleep/6000" &
cpid=$!
track_pid "$cpid"
n=0
until [ "$(scur B)" = 1 ]; do
	n=$((n + 1))
	[ $n -lt 50 ] || fail "the long request never reached B"
	sleep 0.05
done
assert_eq "$(cli admin 'shutdown sessions server be/B')" "" \
    "shutdown sessions"
wait "$cpid"
dt=$(($(now_ms) - t0))
[ "$dt" -lt 3000 ] || fail "the long request was not cut ($dt ms)"
cli admin 'set server be/A state ready' >/dev/null

# --- health: forced, and checks sent elsewhere
wait_status C bc "DOWN"
assert_eq "$(cli admin "set server bc/C check-port $upA")" "" "check-port"
wait_status C bc "UP"
assert_eq "$(cli admin 'set server bc/C check-port x')" \
    "provided port is not an integer" "check-port x"
assert_eq "$(cli admin 'disable health bc/C')" "" "disable health"
assert_eq "$(cli admin 'set server bc/C health down')" "" "health down"
assert_eq "$(status C bc)" "DOWN" "forced DOWN (checks off)"
wait_file "$tmp/hapx.err" "Server bc/C is DOWN, changed from CLI." 20
assert_eq "$(cli admin 'enable health bc/C')" "" "enable health"
wait_status C bc "UP"

# --- frontends
assert_eq "$(cli admin 'disable frontend fe')" "" "disable frontend"
assert_eq "$(cli admin 'disable frontend fe')" \
    "All sockets are already disabled." "disable twice"
# As HAProxy: a paused frontend refuses connections (curl's 7).
rc=0
curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$FE/" || rc=$?
assert_eq "$rc" 7 "a disabled frontend refuses connections"
assert_eq "$(cli admin 'enable frontend fe')" "" "enable frontend"
case $(names 1) in
A|B) ;;
*) fail "enabled frontend does not serve" ;;
esac
assert_eq "$(cli admin 'set maxconn frontend fe 10')" "" "maxconn frontend"
assert_eq "$(cli admin 'shutdown frontend fe')" "" "shutdown frontend"
wait_file "$tmp/hapx.err" "Proxy fe stopped (cumulated conns: FE: " 20
assert_eq "$(cli admin 'enable frontend fe')" \
    "Frontend was previously shut down, cannot enable." "enable stopped"
curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$FE/" &&
    fail "a shut down frontend still answers"

# --- server state file round trip
cli admin 'set server be/B state maint' >/dev/null
cli admin 'set server be/A weight 3' >/dev/null
cli admin 'show servers state' >"$tmp/state"
grep -q '^1$' "$tmp/state" || fail "state dump has no version line"
kill "$HAPX_PID"
wait "$HAPX_PID" 2>/dev/null
config "$tmp/b.cfg" "	server-state-file $tmp/state" \
    "	load-server-state-from-file global"
start_hapx "$tmp/b.cfg" "$ST"
assert_eq "$(status B)" MAINT "B still in maintenance after restart"
assert_eq "$(names 3)" AAA "B gets no traffic after restart"
assert_eq "$(cli admin 'get weight be/A')" "3 (initial 1)" \
    "weight restored"
exit 0
