#!/bin/sh
# log-format and unique-id-format "%[sample]" items (issue 14): compiled
# once with the formats, evaluated when the line is built, for real
# requests through a UDP syslog target: fetches of the connection (src,
# dst_port), of the request (method, capture.req.*), of the response
# (status), variables, converters, +Q, no value ("-", or "" quoted), a
# bad request (no request: "-"), a deny, option logasap, mode tcp, and a
# unique-id-format that reads a header (samples as in HTTP rules: no "-"
# and no quotes; a denied request's id is made for its line, without
# its head).
# Runs the same with HAPX=/usr/sbin/haproxy: these are the values
# HAProxy 2.6 logs.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/log_lib.sh"
need_hapx

start_logrecv syslog udp
start_py up http --name A
FE=$(free_port)
FE2=$(free_port)
FE3=$(free_port)
FE4=$(free_port)
FE5=$(free_port)

SF='%[src] %[method] %[method,lower] %[capture.req.uri]'
SF="$SF %[capture.req.method] %[var(txn.h)] %{+Q}[var(txn.h)]"
SF="$SF %[var(txn.nope)] %{+Q}[var(txn.nope)] %[status] %[dst_port] %ST"
cat >"$tmp/log.cfg" <<CFG
global
	log 127.0.0.1:$syslog local0 info
defaults
	mode http
	log global
	timeout client 2s
	timeout server 2s
	timeout connect 1s
frontend fe
	bind 127.0.0.1:$FE
	http-request set-var(txn.h) req.hdr(host),lower
	http-request deny if { path /deny }
	log-format "S $SF"
	default_backend up
frontend fe2
	bind 127.0.0.1:$FE2
	option logasap
	option dontlognull
	http-request set-var(txn.h) req.hdr(host),lower
	log-format "A $SF"
	default_backend up
frontend fe3
	bind 127.0.0.1:$FE3
	mode tcp
	log-format "T %[src] %[dst_port] %{+Q}[src]"
	default_backend upt
frontend fe4
	bind 127.0.0.1:$FE4
	http-request deny if { path /deny }
	unique-id-format "%[req.hdr(host),upper]%[req.hdr(x-no)]"
	log-format "U %ID %[method]"
	default_backend up
frontend fe5
	bind 127.0.0.1:$FE5
	http-request deny
	unique-id-format "%[req.hdr(host)]-%[src]"
	log-format "V %ID"
	default_backend up
backend up
	server s1 127.0.0.1:$up
backend upt
	mode tcp
	server s1 127.0.0.1:$up
CFG
# Wait on fe2: its dontlognull keeps the probe out of the log.
start_hapx "$tmp/log.cfg" "$FE2"
L=$syslog_out
o="$tmp/body"

# line N: line N of the log without its syslog header.
line() {
	sed -n "$1"'s/^<134>[^]]*\]: //p' "$L"
}

set -- $(curl_log "http://127.0.0.1:$FE/s?x=1" "$o" -H 'Host: Example.COM')
assert_eq "$1" 200 "GET /s?x=1"
wait_lines "$L" 1
assert_eq "$(line 1)" "S 127.0.0.1 GET get /s?x=1 GET example.com \
\"example.com\" - \"\" 200 $FE 200" "a proxied request"

set -- $(curl_log "http://127.0.0.1:$FE/deny" "$o")
assert_eq "$1" 403 "GET /deny"
wait_lines "$L" 2
assert_eq "$(line 2)" "S 127.0.0.1 GET get /deny GET 127.0.0.1:$FE \
\"127.0.0.1:$FE\" - \"\" - $FE 403" "a denied request"

pyclient "$FE" --send 'GARBAGE\r\n\r\n' >/dev/null
wait_lines "$L" 3
assert_eq "$(line 3)" "S 127.0.0.1 - - - - - \"\" - \"\" - $FE 400" \
    "a bad request"

set -- $(curl_log "http://127.0.0.1:$FE2/asap" "$o" -H 'Host: B.example')
assert_eq "$1" 200 "GET /asap"
wait_lines "$L" 4
assert_eq "$(line 4)" "A 127.0.0.1 GET get /asap GET b.example \
\"b.example\" - \"\" 200 $FE2 200" "option logasap"

set -- $(curl_log "http://127.0.0.1:$FE3/tcp" "$o")
assert_eq "$1" 200 "GET /tcp through mode tcp"
wait_lines "$L" 5
assert_eq "$(line 5)" "T 127.0.0.1 $FE3 \"127.0.0.1\"" "mode tcp"

set -- $(curl_log "http://127.0.0.1:$FE4/u" "$o" -H 'Host: c.Example')
assert_eq "$1" 200 "GET /u"
wait_lines "$L" 6
assert_eq "$(line 6)" "U C.EXAMPLE GET" "unique-id-format"

set -- $(curl_log "http://127.0.0.1:$FE4/deny" "$o" -H 'Host: c.Example')
assert_eq "$1" 403 "GET /deny"
wait_lines "$L" 7
assert_eq "$(line 7)" "U - GET" "unique-id-format, denied"

# Its id is empty, hence "-".
pyclient "$FE4" --send 'GARBAGE\r\n\r\n' >/dev/null
wait_lines "$L" 8
assert_eq "$(line 8)" "U - -" "unique-id-format, bad request"

# Denied, its id is made for its line, without its head.
set -- $(curl_log "http://127.0.0.1:$FE5/" "$o" -H 'Host: d.example')
assert_eq "$1" 403 "GET / (fe5)"
wait_lines "$L" 9
assert_eq "$(line 9)" "V -127.0.0.1" "unique-id-format, made for the line"

sleep 0.2
assert_eq "$(nlines "$L")" 9 "lines logged"
exit 0
