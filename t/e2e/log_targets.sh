#!/bin/sh
# Log targets (spec §10.1): a UNIX datagram socket, UDP over IPv6, stdout,
# targets nobody listens on (a UDP port, a missing UNIX path) that must
# not slow requests down, "format" (rfc3164 with log-send-hostname and
# log-tag, rfc5424, short, raw), "len", level and minlevel, and "no log".
# Runs the same with HAPX=/usr/sbin/haproxy.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/log_lib.sh"
need_hapx
"$PY" -c 'import socket; s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::1", 0))' \
    2>/dev/null || skip "no IPv6 loopback"

start_logrecv v4 udp
start_logrecv v6 udp6
start_logrecv ux unix "$tmp/log.sock"
start_py up http --name A
FE=$(free_port)
FE2=$(free_port)
DEAD=$(free_port)
# HAProxy 2.6 opens one UDP socket for all its inet targets, with the
# family of the first: an IPv6 target after an IPv4 one never receives
# anything ("sendmsg() failed"). hapx has a socket per target; the IPv6
# part runs against hapx only.
v6line="log [::1]:$v6 len 90 format rfc5424 local2"
"$HAPX" -v 2>/dev/null | grep -q '^HAProxy' && v6line=

cat >"$tmp/log.cfg" <<CFG
global
	log-send-hostname testhost
	log 127.0.0.1:$DEAD local0
	log $tmp/missing/log.sock local0
	log $tmp/log.sock local1 info
	$v6line
	log stdout format raw local0 info
	log 127.0.0.1:$v4 local3 notice
	log 127.0.0.1:$v4 format short local4 info notice
defaults
	mode http
	log global
	option httplog
	timeout client 2s
	timeout server 2s
	timeout connect 1s
frontend fe
	bind 127.0.0.1:$FE
	log-tag web
	default_backend up
frontend fe2
	bind 127.0.0.1:$FE2
	no log
	default_backend up
backend up
	server s1 127.0.0.1:$up
CFG
start_hapx "$tmp/log.cfg" "$FE2"

# Three requests, each fast although two targets are dead.
for p in /a /b /c; do
	t0=$(now_ms)
	assert_eq "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' \
	    "http://127.0.0.1:$FE$p")" 200 "GET $p"
	# Generous for loaded test machines; a blocking send would take
	# the seconds of a timeout.
	between $(($(now_ms) - t0)) 0 2500 "GET $p took (ms)"
done
# fe2 has "no log": nothing anywhere for it.
assert_eq "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:$FE2/quiet")" 200 "GET /quiet on fe2"

# UNIX socket, rfc3164 with the host name and the frontend's tag:
# local1.info = <142>.
wait_lines "$ux_out" 3
i=1
for p in /a /b /c; do
	logcheck httplog "$ux_out" $i pri=142 host=testhost tag=web \
	    pid='~\d+' fe=fe be=up srv=s1 status=200 req="GET $p HTTP/1.1"
	i=$((i + 1))
done

# IPv6, rfc5424, cut at 90 bytes (then the newline).
[ -z "$v6line" ] || wait_lines "$v6_out" 3
[ -z "$v6line" ] || awk 'length($0) != 90 { bad = 1; print "length " length($0) ": " $0 }
    END { exit bad }' "$v6_out" >&2 || fail "rfc5424 lines not cut at 90"
[ -z "$v6line" ] || grep -Eq '^<150>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[+-][0-9]{2}:[0-9]{2} testhost web [0-9]+ - - 127\.0\.0\.1:' \
    "$v6_out" || fail "rfc5424 header: $(head -n 1 "$v6_out")"

# stdout, raw: the bare httplog message.
wait_file "$tmp/hapx.out" '"GET /c HTTP/1.1"'
assert_eq "$(grep -c '^127\.0\.0\.1:[0-9]* \[.*\] fe up/s1 .* "GET /[abc] HTTP/1\.1"$' \
    "$tmp/hapx.out")" 3 "raw lines on stdout"

# IPv4: "local3 notice" takes no traffic (info); "short" with minlevel
# notice takes it as <6>.
wait_lines "$v4_out" 3
sleep 0.2
assert_eq "$(nlines "$v4_out")" 3 "lines on the IPv4 receiver"
assert_eq "$(grep -c '^<6>127\.0\.0\.1:[0-9]* \[' "$v4_out")" 3 \
    "short lines at <6>"
grep -q quiet "$ux_out" "$v6_out" "$v4_out" "$tmp/hapx.out" &&
    fail "fe2 logged despite 'no log'"

# Soft stop: "Proxy fe stopped" is a warning: local3 notice takes it
# (<156>), the minlevel notice target raises it to notice (<5>).
kill -USR1 "$HAPX_PID"
wait_file "$v4_out" '<5>Proxy fe stopped'
wait_file "$v4_out" '<156>'
grep -q '^<156>[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* testhost web\[[0-9]*\]: Proxy fe stopped (cumulated conns: FE: 3, BE: 0)\.$' \
    "$v4_out" || fail "no <156> 'Proxy fe stopped' line: $(cat "$v4_out")"
exit 0
