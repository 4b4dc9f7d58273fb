#!/bin/sh
# Traffic logs over UDP syslog (spec §10): option httplog (with captured
# headers), httplog clf, tcplog and a log-format, each field checked
# against the request that caused it: a proxied 200, a deny (PR--), a
# dead server after one retry (SC--), a server timeout (sH--), an empty
# connection (400 CR-- "<BADREQ>"), an http-request timeout (408 cR--),
# dontlognull, and the "Proxy X stopped" line of a soft stop. Runs the
# same with HAPX=/usr/sbin/haproxy (2.x syntax).
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/log_lib.sh"
need_hapx

start_logrecv syslog udp
start_py up http --name A
FE=$(free_port)
FE2=$(free_port)
FE3=$(free_port)
FE4=$(free_port)
DEAD=$(free_port)	# nothing listens there

cat >"$tmp/log.cfg" <<CFG
global
	log 127.0.0.1:$syslog local0 info
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
	capture request header User-Agent len 5
	capture response header Content-Type len 20
	http-request deny if { path /deny }
	use_backend dead if { path /dead }
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
frontend fe4
	bind 127.0.0.1:$FE4
	log-format "%ci|%ST|%HM|%HP|%HQ|%B|%{+Q}r|%b|%s|%tsc|%rc|%f|%{+Q}CC|%ID|%bi:%bp"
	unique-id-format "%{+X}o %ci:%cp_%fi:%fp_%Ts_%rt:%pid"
	unique-id-header X-Unique-ID
	default_backend up
backend up
	server s1 127.0.0.1:$up
backend dead
	retries 1
	server s1 127.0.0.1:$DEAD
backend upt
	mode tcp
	server s1 127.0.0.1:$up
CFG
# Wait on fe2: its dontlognull keeps the probe out of the log.
start_hapx "$tmp/log.cfg" "$FE2"
o="$tmp/body"
L=$syslog_out
# HAProxy 2.6 counts %B on its internal (HTX) messages, a few bytes off
# the wire; hapx counts what the client receives.
exact=yes
"$HAPX" -v 2>/dev/null | grep -q '^HAProxy' && exact=
# b N: the bytes field to expect when the client received N bytes.
b() {
	if [ -n "$exact" ]; then echo "$1"; else echo +; fi
}

# 1. A proxied request: every field of the line.
set -- $(curl_log "http://127.0.0.1:$FE/p?q=1" "$o" -A Mozilla/5)
assert_eq "$1" 200 "GET /p?q=1"
wait_lines "$L" 1
logcheck httplog "$L" 1 pri=134 ci=127.0.0.1 cp="$3" \
    date='~\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d\.\d{3}' fe=fe be=up srv=s1 \
    TR=+ Tw=+ Tc=+ Tr=+ Ta=+ status=200 bytes="$(b "$2")" CC=- CS=- \
    term=---- \
    ac=1 fc=1 bc=0 sc=0 rc=0 sq=0 bq=0 hr="127.0.0.1:$FE|Mozil" \
    hs=text/plain req='GET /p?q=1 HTTP/1.1'

# 2. Denied by a rule: no backend, no server, no timers after TR.
set -- $(curl_log "http://127.0.0.1:$FE/deny" "$o")
assert_eq "$1" 403 "GET /deny"
wait_lines "$L" 2
logcheck httplog "$L" 2 cp="$3" be=fe srv='<NOSRV>' TR=+ Tw=-1 Tc=-1 \
    Tr=-1 Ta=+ status=403 bytes="$(b "$2")" term=PR-- rc=0 \
    hr="127.0.0.1:$FE|curl/" hs= req='GET /deny HTTP/1.1'

# 3. A dead server: one retry, then 503; the server is named.
set -- $(curl_log "http://127.0.0.1:$FE/dead" "$o")
assert_eq "$1" 503 "GET /dead"
wait_lines "$L" 3
logcheck httplog "$L" 3 be=dead srv=s1 TR=+ Tw=+ Tc=-1 Tr=-1 status=503 \
    bytes="$(b "$2")" term=SC-- rc=1 bc=0 sc=0

# 4. The server answers after timeout server: 504.
set -- $(curl_log "http://127.0.0.1:$FE/sleep/800" "$o")
assert_eq "$1" 504 "GET /sleep/800"
wait_lines "$L" 4
logcheck httplog "$L" 4 be=up srv=s1 Tc=+ Tr=-1 Ta='~[3-9]\d\d' \
    status=504 bytes="$(b "$2")" term=sH-- req='GET /sleep/800 HTTP/1.1'

# 5. A connection that sends nothing (no dontlognull here).
"$PY" -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1]))).close()' "$FE"
wait_lines "$L" 5
logcheck httplog "$L" 5 be=fe srv='<NOSRV>' TR=-1 Tw=-1 Tc=-1 Tr=-1 \
    status=400 bytes=0 term=CR-- req='<BADREQ>'

# 6. An incomplete request: 408 after timeout http-request.
r=$(pyclient "$FE" --send 'GET / HTTP/1.1\r\n' --wait 3)
case $r in *eof=yes*) ;; *) fail "408: no close: $r" ;; esac
wait_lines "$L" 6
logcheck httplog "$L" 6 be=fe srv='<NOSRV>' TR=-1 Ta='~[2-9]\d\d' \
    status=408 bytes=0 term=cR-- req='<BADREQ>'

# 7. dontlognull: an empty connection leaves no line; a request does.
pyclient "$FE2" --wait 0.2 >/dev/null
set -- $(curl_log "http://127.0.0.1:$FE2/clf" "$o")
assert_eq "$1" 200 "GET /clf"
wait_lines "$L" 7
logcheck clf "$L" 7 ci=127.0.0.1 ident=- user=- \
    date='~\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000' \
    req='GET /clf HTTP/1.1' status=200 bytes="$(b "$2")" referer= ua= \
    cp="$3" \
    ms='~\d{3}' fe=fe2 be=up srv=s1 TR=+ Tw=+ Tc=+ Tr=+ Ta=+ term=---- \
    ac=1 fc=1 bc=0 sc=0 rc=0 sq=0 bq=0 CC= CS= caps=

# 8. tcplog: the bytes are the server's.
set -- $(curl_log "http://127.0.0.1:$FE3/tcp" "$o")
assert_eq "$1" 200 "GET /tcp through mode tcp"
wait_lines "$L" 8
logcheck tcplog "$L" 8 ci=127.0.0.1 cp="$3" fe=fe3 be=upt srv=s1 Tw=+ \
    Tc=+ Tt=+ bytes="$(b "$2")" term=-- ac=1 fc=1 bc=0 sc=0 rc=0 sq=0 bq=0

# 9. log-format.
set -- $(curl_log "http://127.0.0.1:$FE4/lf?a=b" "$o")
assert_eq "$1" 200 "GET /lf?a=b"
wait_lines "$L" 9
got=$(sed -n '9s/^<134>[^]]*\]: //p' "$L")
bytes=$(printf '%s\n' "$got" | cut -d'|' -f6)
[ -z "$exact" ] || assert_eq "$bytes" "$2" "log-format %B"
assert_eq "$(printf '%s\n' "$got" | cut -d'|' -f1-5,7-13)" \
    '127.0.0.1|200|GET|/lf|?a=b|"GET /lf?a=b HTTP/1.1"|up|s1|----|0|fe4|""' \
    "log-format line"
# %ID: unique-id-format with hexadecimal addresses, ports and date.
id=$(printf '%s\n' "$got" | cut -d'|' -f14)
case $id in
"7F000001:$(printf %X "$3")_7F000001:$(printf %X "$FE4")_"[0-9A-F]*_[0-9A-F]*:[0-9A-F]*) ;;
*) fail "unique id '$id' (client port $3)" ;;
esac
# %bi:%bp: our end of the server connection (an ephemeral port).
bk=$(printf '%s\n' "$got" | cut -d'|' -f15)
case $bk in
127.0.0.1:[1-9]*) [ "${bk#*:}" != "$up" ] || fail "%bp is the server's port" ;;
*) fail "%bi:%bp '$bk'" ;;
esac

# Exactly these lines: nothing for the null connection of fe2.
sleep 0.2
assert_eq "$(nlines "$L")" 9 "lines logged"

# A soft stop says how many connections each proxy had (level warning).
kill -USR1 "$HAPX_PID"
wait_file "$L" "Proxy fe4 stopped"
assert_contains "$L" "<132>"
grep -q ': Proxy fe stopped (cumulated conns: FE: 6, BE: 0)\.$' "$L" ||
    fail "no 'Proxy fe stopped' line with FE: 6: $(grep stopped "$L")"
grep -q ': Proxy fe2 stopped (cumulated conns: FE: 3, BE: 0)\.$' "$L" ||
    fail "no 'Proxy fe2 stopped' line with FE: 3"
exit 0
