#!/bin/sh
# Bad input on raw sockets: each malformed request gets HAProxy's page
# (400, or hapx's 414/431 where HAProxy 2.6 says 400), byte for byte, the
# connection is closed, and nothing of it reaches a server. Then the
# server-side failures: garbage -> 502, too slow -> 504, and a client too
# slow to send its head -> 408.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py
need_cmd curl

TOOL="$top_srcdir/t/e2e/http_tool.py"

# upstream NAME MODE: start an http_tool.py upstream; sets NAME_PORT.
upstream() {
	_p=$(free_port)
	"$PY" "$TOOL" upstream --log "$tmp/$1.log" "$_p" "$2" \
	    >"$tmp/$1.out" 2>&1 &
	track_pid $!
	wait_port "$_p" || fail "upstream $1 ($2) did not start"
	eval "$1_PORT=\$_p"
}

# The witness: it logs each request line as soon as the head arrives,
# before reading any body (t/fake_spark.py logs only after the body, so it
# would miss a head that was forwarded before a bad chunk was seen).
upstream WIT ok
upstream GARBAGE garbage
upstream SLOW slow
FE_PORT=$(free_port)
T408_PORT=$(free_port)
cat >"$tmp/hapx.cfg" <<EOF
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s

frontend fe
  bind 127.0.0.1:$FE_PORT
  use_backend garbage if { path_beg /garbage }
  use_backend slow if { path_beg /slow }
  default_backend witness

# A separate frontend for 408, so that the short http-request timeout
# cannot be what closes the connections of the other cases.
frontend fe408
  bind 127.0.0.1:$T408_PORT
  timeout http-request 500ms
  default_backend witness

backend witness
  server wit 127.0.0.1:$WIT_PORT

backend garbage
  server junk 127.0.0.1:$GARBAGE_PORT

backend slow
  timeout server 500ms
  server slow 127.0.0.1:$SLOW_PORT
EOF
start_hapx "$tmp/hapx.cfg" "$FE_PORT"

# page CODE: HAProxy's built-in page for CODE, into $tmp/want.CODE.
# 400, 408 (and hapx's 414, 431) come from the H1 layer: capitalised
# names and Connection: close; the others go through HTX: lower case.
page() {
	case $1 in
	400) _t='Bad request'; _m='Your browser sent an invalid request.' ;;
	408) _t='Request Time-out'
	    _m="Your browser didn't send a complete request in time." ;;
	414) _t='Request-URI Too Long'
	    _m='The URI provided was too long for the server to process.' ;;
	431) _t='Request Header Fields Too Large'
	    _m='Request Header Fields Too Large.' ;;
	502) _t='Bad Gateway'
	    _m='The server returned an invalid or incomplete response.' ;;
	504) _t='Gateway Time-out'; _m="The server didn't respond in time." ;;
	*) fail "page: no page $1" ;;
	esac
	_b=$(printf '<html><body><h1>%s %s</h1>\n%s\n</body></html>\n_' \
	    "$1" "$_t" "$_m")
	_b=${_b%_}
	case $1 in
	400 | 408 | 414 | 431)
		printf 'HTTP/1.1 %s %s\r\nContent-length: %s\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n%s' \
		    "$1" "$_t" "${#_b}" "$_b" ;;
	*)
		printf 'HTTP/1.1 %s %s\r\ncontent-length: %s\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n%s' \
		    "$1" "$_t" "${#_b}" "$_b" ;;
	esac >"$tmp/want.$1"
}
for c in 400 408 414 431 502 504; do
	page "$c"
done
# The spec's lengths (§8.1), so that a wrong page cannot be "expected".
grep -q 'Content-length: 90' "$tmp/want.400" || fail "400 page length"
grep -q 'content-length: 107' "$tmp/want.502" || fail "502 page length"
grep -q 'content-length: 92' "$tmp/want.504" || fail "504 page length"
grep -q 'Content-length: 110' "$tmp/want.408" || fail "408 page length"

# bad NAME CODE STEP...: send the steps to the frontend; the answer must
# be the CODE page exactly and the connection closed.
bad() {
	_n=$1
	_c=$2
	shift 2
	"$PY" "$TOOL" raw --idle 2 --out "$tmp/got.$_n" "$FE_PORT" "$@" \
	    2>"$tmp/err.$_n"
	if ! cmp -s "$tmp/got.$_n" "$tmp/want.$_c"; then
		printf -- '--- got (%s):\n' "$_n" >&2
		od -c "$tmp/got.$_n" | head -n 20 >&2
		fail "$_n: not the $_c page"
	fi
	[ "$(tail -n 1 "$tmp/err.$_n")" = closed ] ||
	    fail "$_n: connection left open after $_c"
}

H='Host: x\r\n'
bad reqline 400 'send:GARBAGE\r\n\r\n'
bad space-in-uri 400 "send:GET /bad/a b HTTP/1.1\r\n$H\r\n"
bad version 400 "send:GET /bad/version HTTP/1.x\r\n$H\r\n"
bad http09 400 'send:GET /bad/http09\r\n\r\n'
bad no-colon 400 "send:GET /bad/no-colon HTTP/1.1\r\n${H}X-A b\r\n\r\n"
bad space-colon 400 "send:GET /bad/space-colon HTTP/1.1\r\n${H}X-A : b\r\n\r\n"
bad space-name 400 "send:GET /bad/space-name HTTP/1.1\r\n${H}X A: b\r\n\r\n"
# NUL and other CTLs in a value: hapx refuses them (HAProxy 2.6.12
# forwards them, spec §8.2/§12; the engine issue asks for 400).
bad nul 400 "send:GET /bad/nul HTTP/1.1\r\n${H}X-A: a\\x00b\r\n\r\n"
bad ctl 400 "send:GET /bad/ctl HTTP/1.1\r\n${H}X-A: a\\x01b\r\n\r\n"
bad cl-differ 400 "send:POST /bad/cl-differ HTTP/1.1\r\n${H}Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"
bad cl-bad 400 "send:POST /bad/cl-bad HTTP/1.1\r\n${H}Content-Length: 3x\r\n\r\nabc"
bad cl-neg 400 "send:POST /bad/cl-neg HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n"
# CL together with TE: HAProxy 2.6 drops the CL and goes on; hapx refuses
# the smuggling vector outright (engine issue, "Bad input").
bad cl-te 400 "send:POST /bad/cl-te HTTP/1.1\r\n${H}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
bad te-gzip 400 "send:POST /bad/te-gzip HTTP/1.1\r\n${H}Transfer-Encoding: chunked, gzip\r\n\r\n"
bad chunk-size 400 "send:POST /bad/chunk-size HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"
bad two-host 400 "send:GET /bad/two-host HTTP/1.1\r\n${H}Host: y\r\n\r\n"

# Sizes: the head may be tune.bufsize - maxrewrite = 15360 bytes.
pre="send:GET /bad/size HTTP/1.1\r\n$H"
bad head-15361 431 "$pre" padto:X-Big:15361 'send:\r\n'
bad head-17000 431 "$pre" pad:X-Big:17000 'send:\r\n'
long=$(printf '%16000s' '' | tr ' ' a)
bad reqline-long 414 "send:GET /bad/$long HTTP/1.1\r\n$H\r\n"
hdrs=$(i=0; while [ "$i" -lt 100 ]; do
	printf 'X-H%d: v\\r\\n' "$i"
	i=$((i + 1))
done)
bad hdrs-101 400 "send:GET /bad/hdrs HTTP/1.1\r\n$H$hdrs\r\n"

# None of the above reached the witness; then exactly what is allowed.
sleep 0.2
[ ! -s "$tmp/WIT.log" ] || { cat "$tmp/WIT.log" >&2; fail "a rejected request reached the server"; }

# The limits are not off by one: a head of exactly 15360 bytes and 100
# headers pass (HAProxy 2.6: 100 passed, 101 rejected).
"$PY" "$TOOL" raw --idle 0.5 --out "$tmp/got.max" "$FE_PORT" \
    "send:GET /ok/size HTTP/1.1\r\n$H" padto:X-Big:15360 'send:\r\n' \
    2>/dev/null
grep -q '^HTTP/1.1 200 OK' "$tmp/got.max" || fail "a 15360-byte head must pass"
"$PY" "$TOOL" raw --idle 0.5 --out "$tmp/got.hdrs" "$FE_PORT" \
    "send:GET /ok/hdrs HTTP/1.1\r\n$(printf '%s' "$hdrs" | sed 's/X-H0: v\\r\\n//')$H\r\n" 2>/dev/null
grep -q '^HTTP/1.1 200 OK' "$tmp/got.hdrs" || fail "100 headers must pass"
sleep 0.2
printf 'GET /ok/size HTTP/1.1\nGET /ok/hdrs HTTP/1.1\n' >"$tmp/WIT.want"
cmp -s "$tmp/WIT.log" "$tmp/WIT.want" ||
    { cat "$tmp/WIT.log" >&2; fail "the witness did not see exactly the two good requests"; }

# The server answers garbage: 502. Too slow (timeout server 500ms, it
# answers after 3 s): 504.
"$PY" "$TOOL" raw --idle 2 --out "$tmp/got.502" "$FE_PORT" \
    "send:GET /garbage HTTP/1.1\r\n$H\r\n" 2>/dev/null
cmp -s "$tmp/got.502" "$tmp/want.502" ||
    { od -c "$tmp/got.502" | head >&2; fail "garbage from the server: not the 502 page"; }
grep -q '^GET /garbage HTTP/1.1$' "$tmp/GARBAGE.log" || fail "garbage server never asked"
code=$(curl -s --max-time 5 -o "$tmp/got.504" -w '%{http_code}' \
    "http://127.0.0.1:$FE_PORT/slow")
assert_eq "$code" 504 "slow server"
sed -n '/^<html>/,$p' "$tmp/want.504" >"$tmp/want.504.body"
cmp -s "$tmp/got.504" "$tmp/want.504.body" || fail "504 body differs"
"$PY" "$TOOL" raw --idle 2 --out "$tmp/got.504raw" "$FE_PORT" \
    "send:GET /slow HTTP/1.1\r\n$H\r\n" 2>/dev/null
cmp -s "$tmp/got.504raw" "$tmp/want.504" ||
    { od -c "$tmp/got.504raw" | head >&2; fail "slow server: not the 504 page"; }

# A client too slow to send its head (timeout http-request 500ms): 408
# and close, well before timeout client (10 s); nothing was forwarded.
"$PY" "$TOOL" raw --idle 2 --out "$tmp/got.408" "$T408_PORT" \
    'send:GET /bad/slow-client HTTP/1.1\r\nHost: x\r\n' sleep:1 \
    2>"$tmp/err.408"
cmp -s "$tmp/got.408" "$tmp/want.408" ||
    { od -c "$tmp/got.408" | head >&2; fail "slow client: not the 408 page"; }
[ "$(tail -n 1 "$tmp/err.408")" = closed ] || fail "408 left the connection open"
# HAProxy 2.6 also answers 408 to a connection that sent nothing.
"$PY" "$TOOL" raw --idle 2 --out "$tmp/got.408b" "$T408_PORT" sleep:1 \
    2>/dev/null
cmp -s "$tmp/got.408b" "$tmp/want.408" || fail "silent client: not the 408 page"
sleep 0.2
cmp -s "$tmp/WIT.log" "$tmp/WIT.want" ||
    { cat "$tmp/WIT.log" >&2; fail "a timed-out request reached the server"; }
exit 0
