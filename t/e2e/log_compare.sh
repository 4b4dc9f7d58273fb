#!/bin/sh
# The same config and requests through HAProxy 2.6 and hapx give log
# lines of the same shape: each field equal, except what cannot be
# (dates, client ports, timer values, byte counts, the pid and the
# program name). Covers httplog with captures (headers and http-request
# capture), clf, tcplog, proxied
# requests, keep-alive, deny, return, redirect, auth, monitor-uri (not
# logged), set-log-level silent and err, capture cookie, a dead server with
# retries, a backend without servers, a server timeout, an empty
# connection, a bad request, an http-request timeout and the soft-stop
# lines, option logasap, and a log-format of "%[sample]" items (compared
# whole). Skips when /usr/sbin/haproxy is missing.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/log_lib.sh"
need_hapx
HAPROXY=${HAPROXY:-/usr/sbin/haproxy}
[ -x "$HAPROXY" ] || skip "no HAProxy at $HAPROXY"
"$HAPROXY" -v 2>/dev/null | grep -q 'version 2\.' || skip "$HAPROXY is not 2.x"

start_py up http --name A
FE=$(free_port)
FE2=$(free_port)
FE3=$(free_port)
FE5=$(free_port)
FE6=$(free_port)
# A log-format of samples only, some without a value.
SF='%[src] %[method,lower] %[capture.req.uri] %[var(txn.h)]'
SF="$SF %{+Q}[var(txn.nope)] %[status] %[dst_port] %ST"
SF="$SF %{+Q}[capture.req.method]"
DEAD=$(free_port)

# run NAME BINARY: start BINARY on the config, send the requests, soft
# stop it and keep the lines it logged in $tmp/NAME.lines.
run() {
	start_logrecv "rx_$1" udp
	eval "_port=\$rx_$1 _out=\$rx_$1_out"
	cat >"$tmp/$1.cfg" <<CFG
global
	log 127.0.0.1:$_port local0
defaults
	mode http
	log global
	timeout client 2s
	timeout server 400
	timeout connect 200
	timeout http-request 300
frontend fe
	bind 127.0.0.1:$FE
	option httplog
	capture request header Host len 32
	capture request header X-Test len 4
	capture response header Content-Type len 20
	http-request capture path len 3
	http-request deny if { path /deny }
	http-request return status 200 content-type text/plain string ok if { path /ret }
	http-request redirect location /there if { path /redir }
	http-request auth if { path /auth }
	monitor-uri /mon
	capture cookie SESSID len 12
	http-request set-log-level silent if { path /quiet }
	http-request set-log-level err if { path /err }
	use_backend dead if { path_beg /dead }
	use_backend empty if { path_beg /empty }
	default_backend up
frontend fe2
	bind 127.0.0.1:$FE2
	option httplog clf
	option dontlognull
	default_backend up
frontend fe3
	bind 127.0.0.1:$FE3
	mode tcp
	option tcplog
	default_backend upt
frontend fe5
	bind 127.0.0.1:$FE5
	option httplog
	option logasap
	default_backend up
frontend fe6
	bind 127.0.0.1:$FE6
	http-request set-var(txn.h) req.hdr(host),lower
	http-request deny if { path /deny }
	log-format "S6 $SF"
	default_backend up
backend up
	server s1 127.0.0.1:$up
backend dead
	retries 2
	server s1 127.0.0.1:$DEAD
backend empty
backend upt
	mode tcp
	server s1 127.0.0.1:$up
CFG
	"$2" -db -f "$tmp/$1.cfg" >"$tmp/$1.out" 2>"$tmp/$1.err" &
	_hp=$!
	track_pid "$_hp"
	wait_port "$FE2" || fail "$1 did not listen: $(cat "$tmp/$1.err")"
	_n=0
	requests "$_out"
	kill -USR1 "$_hp"
	wait_file "$_out" "Proxy upt stopped"
	wait "$_hp" 2>/dev/null
	cp "$_out" "$tmp/$1.lines"
}

# g URL [CURL_ARGS...]: a GET whose answer does not matter here.
g() {
	_u=$1
	shift
	curl -s --max-time 5 -o /dev/null "$@" "$_u"
}

# requests FILE: the requests, each waiting for its line in FILE.
requests() {
	u="http://127.0.0.1:$FE"
	g "$u/p?q=1" -H 'X-Test: abcdef'; wait_lines "$1" 1
	g "$u/a" -o /dev/null "$u/b"; wait_lines "$1" 3
	g "$u/deny"; wait_lines "$1" 4
	g "$u/ret"; wait_lines "$1" 5
	g "$u/redir"; wait_lines "$1" 6
	g "$u/auth"; wait_lines "$1" 7
	g "$u/mon"	# monitor-uri hits are not logged
	g "$u/quiet"	# nor set-log-level silent ones
	g "$u/err" -H 'Cookie: a=b; SESSID=0123456789abcdef'; wait_lines "$1" 8
	g "$u/dead"; wait_lines "$1" 9
	g "$u/empty"; wait_lines "$1" 10
	g "$u/sleep/800"; wait_lines "$1" 11
	"$PY" -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1]))).close()' "$FE"
	wait_lines "$1" 12
	pyclient "$FE" --send 'GARBAGE\r\n\r\n' >/dev/null; wait_lines "$1" 13
	pyclient "$FE" --send 'GET / HTTP/1.1\r\n' --wait 3 >/dev/null
	wait_lines "$1" 14
	g "http://127.0.0.1:$FE2/clf"; wait_lines "$1" 15
	g "http://127.0.0.1:$FE3/tcp"; wait_lines "$1" 16
	g "http://127.0.0.1:$FE5/asap"; wait_lines "$1" 17
	g "http://127.0.0.1:$FE6/s6?a=1" -H 'Host: X.Example'
	wait_lines "$1" 18
	g "http://127.0.0.1:$FE6/deny"; wait_lines "$1" 19
	pyclient "$FE6" --send 'GARBAGE\r\n\r\n' >/dev/null; wait_lines "$1" 20
}

run haproxy "$HAPROXY"
run hapx "$HAPX"

# Per kind of line; "Proxy <HTTPCLIENT>" is HAProxy's internal proxy.
for n in haproxy hapx; do
	grep -F ']: 127.0.0.1:' "$tmp/$n.lines" | grep ' fe5\{0,1\} ' \
	    >"$tmp/$n.http"
	grep -F ']: 127.0.0.1 - - ' "$tmp/$n.lines" >"$tmp/$n.clf"
	grep -F ' fe3 upt/' "$tmp/$n.lines" >"$tmp/$n.tcp"
	grep -F 'stopped (cumulated' "$tmp/$n.lines" | grep -v HTTPCLIENT |
	    sed 's/^[^]]*\]: //' >"$tmp/$n.stop"
	sed -n 's/^[^]]*\]: S6 /S6 /p' "$tmp/$n.lines" >"$tmp/$n.smp"
done
assert_eq "$(nlines "$tmp/hapx.http")" 15 "httplog lines"
grep -q '^<131>.*SESSID=01234 - .*"GET /err HTTP/1.1"$' "$tmp/hapx.http" ||
    fail "set-log-level err / capture cookie: $(grep /err "$tmp/hapx.http")"
assert_eq "$(nlines "$tmp/hapx.clf")" 1 "clf lines"
assert_eq "$(nlines "$tmp/hapx.tcp")" 1 "tcplog lines"
assert_eq "$(nlines "$tmp/hapx.stop")" 9 "soft-stop lines"
assert_eq "$(nlines "$tmp/hapx.smp")" 3 "log-format %[sample] lines"
ign=cp,tag,ms
"$PY" "$LOGCHECK" compare httplog "$tmp/haproxy.http" "$tmp/hapx.http" \
    "$ign" >&2 || fail "httplog lines differ"
"$PY" "$LOGCHECK" compare clf "$tmp/haproxy.clf" "$tmp/hapx.clf" \
    "$ign" >&2 || fail "clf lines differ"
"$PY" "$LOGCHECK" compare tcplog "$tmp/haproxy.tcp" "$tmp/hapx.tcp" \
    "$ign" >&2 || fail "tcplog lines differ"
if ! cmp -s "$tmp/haproxy.stop" "$tmp/hapx.stop"; then
	diff "$tmp/haproxy.stop" "$tmp/hapx.stop" >&2
	fail "soft-stop lines differ"
fi
if ! cmp -s "$tmp/haproxy.smp" "$tmp/hapx.smp"; then
	diff "$tmp/haproxy.smp" "$tmp/hapx.smp" >&2
	fail "log-format %[sample] lines differ"
fi
exit 0
