#!/bin/sh
# "stats admin if COND" (spec §9.1): the page's POST form sets servers
# DRAIN, MAINT or READY and answers 303 to "<uri>;st=<result>" (DONE,
# PART, ERRP, NONE; DENY when the condition does not hold).  A drained or
# maintained server gets no more traffic; READY brings it back.
# Also passes with HAPX=/usr/sbin/haproxy.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

TOOL="$top_srcdir/t/e2e/stats_tool.py"
start_py upA http --name A
start_py upB http --name B
FE=$(free_port)
ST=$(free_port)
RO=$(free_port)
cat >"$tmp/st.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	default_backend be
backend be
	balance roundrobin
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
listen st
	bind 127.0.0.1:$ST
	stats uri /st
	stats admin if { src 127.0.0.1 }
listen ro
	bind 127.0.0.1:$RO
	stats uri /st
	stats admin if { src 10.9.9.9 }
EOF
start_hapx "$tmp/st.cfg" "$ST"

# post PORT BODY: the Location of the answer to the form BODY.
post() {
	curl -s --max-time 5 -D - -o /dev/null -X POST -d "$2" \
	    "http://127.0.0.1:$1/st" | tr -d '\r' |
	    sed -n 's/^[Ll]ocation: //p'
}

# status SV: the CSV status of server be/SV.
status() {
	curl -s --max-time 5 -o "$tmp/csv" "http://127.0.0.1:$ST/st;csv" ||
	    fail "GET csv"
	"$PY" "$TOOL" csv "$tmp/csv" be "$1" status
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

assert_eq "$(names 4)" ABAB "both servers before"
code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -X POST \
    -d 's=B&action=drain&b=be' "http://127.0.0.1:$ST/st")
assert_eq "$code" 303 "POST status"
assert_eq "$(status B)" DRAIN "B drained"
assert_eq "$(status A)" "no check" "A untouched"
assert_eq "$(names 4)" AAAA "no traffic to a draining server"
# HAProxy's messages, on stderr in the foreground.
wait_file "$tmp/hapx.err" "Server be/B enters drain state. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue." 20

assert_eq "$(post "$ST" 's=B&action=ready&b=be')" "/st;st=DONE" "ready"
assert_eq "$(status B)" "no check" "B ready"
wait_file "$tmp/hapx.err" "Server be/B is UP (leaving forced drain)." 20
case $(names 2) in
AB|BA) ;;
*) fail "B not back in the rotation" ;;
esac

# The page's own form names the backend "#<id>" (be is proxy #2).
assert_eq "$(post "$ST" 's=A&action=maint&b=%232')" "/st;st=DONE" "maint"
assert_eq "$(status A)" MAINT "A in maintenance"
wait_file "$tmp/hapx.err" "Server be/A is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue." 20
assert_eq "$(names 3)" BBB "no traffic to a server in MAINT"
assert_eq "$(post "$ST" 's=A&s=nosuch&action=ready&b=be')" "/st;st=PART" \
    "one of two servers unknown"
assert_eq "$(status A)" "no check" "A ready again"
wait_file "$tmp/hapx.err" "Server be/A is UP/READY (leaving forced maintenance)." 20

assert_eq "$(post "$ST" 's=A&action=maint&b=nosuch')" "/st;st=ERRP" \
    "unknown backend"
assert_eq "$(post "$ST" 's=A&action=bogus&b=be')" "/st;st=ERRP" \
    "unknown action"
assert_eq "$(post "$ST" 's=nosuch&action=maint&b=be')" "/st;st=ERRP" \
    "unknown server"
assert_eq "$(post "$RO" 's=A&action=maint&b=be')" "/st;st=DENY" \
    "admin condition false"
assert_eq "$(status A)" "no check" "the denied form changed nothing"

# The page offers the form only where admin is allowed.
curl -s --max-time 5 -o "$tmp/adm.html" "http://127.0.0.1:$ST/st" ||
    fail "GET page"
curl -s --max-time 5 -o "$tmp/ro.html" "http://127.0.0.1:$RO/st" ||
    fail "GET page"
grep -qi '<form method="\{0,1\}post' "$tmp/adm.html" ||
    fail "no admin form on the admin page"
grep -qi '<form method="\{0,1\}post' "$tmp/ro.html" &&
    fail "admin form without admin rights"
exit 0
