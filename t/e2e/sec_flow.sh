#!/bin/sh
# Flow control and closing, against a hostile client (issue 13):
# - a client that pipelines requests and never reads must not make hapx
#   queue answers without bound: past a backlog of unsent output hapx
#   stops taking its requests, whoever answers them (a server, a redirect,
#   an error, the stats page); once the client reads, every answer comes,
#   whole and in order;
# - an error reply followed by a close (400, 414, 431, 503 with a body
#   unread) must not be destroyed by a reset: hapx half-closes and drains
#   what the client still sends for a while, as HAProxy does.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"
need_hapx
need_py
[ -r /proc/self/status ] || skip "no /proc to read VmRSS from"

TOOL="$top_srcdir/t/e2e/sec_flow.py"

start_server UP_PORT "$PY" "$TOOL" upstream --body 8000
FE_PORT=$(free_port)
# Answers big enough that an unbounded queue shows within a second: a
# long redirect, a 503 page of 8 KB; the stats page is big already (and
# a small answer from a server holds a whole read buffer of hapx's).
long=$(printf '%4000s' '' | tr ' ' L)
pad=$(printf '%8000s' '' | tr ' ' p)
printf 'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 8001\r\n\r\n%s\n' \
    "$pad" >"$tmp/503.http"
cat >"$tmp/hapx.cfg" <<CFG
global
  tune.sndbuf.client 16384
  tune.rcvbuf.client 16384

defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
  errorfile 503 $tmp/503.http

frontend fe
  bind 127.0.0.1:$FE_PORT
  stats enable
  stats uri /st/
  http-request redirect prefix /to$long if { path_beg /r/ }
  use_backend none if { path_beg /e/ }
  default_backend up

backend up
  server s1 127.0.0.1:$UP_PORT

backend none
CFG
# Under ASan, memory freed goes to a quarantine (256 MB by default) that
# would count as growth here.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4"
export ASAN_OPTIONS
start_hapx "$tmp/hapx.cfg" "$FE_PORT"

# flood NAME ARGS...: one client pipelines small GETs and reads nothing
# for 1 s; hapx may grow by 32 MB at most (today's binary passed that
# within the second on each path); then it reads every answer.
flood() {
	_n=$1
	shift
	"$PY" "$TOOL" flood "$FE_PORT" --pid "$HAPX_PID" --secs 1 \
	    --max-growth-mb 32 --pad 200 "$@" >"$tmp/flood.$_n" 2>&1 ||
	    { cat "$tmp/flood.$_n" >&2
	    fail "$_n: memory grew past 32 MB, or answers were lost"; }
	kill -0 "$HAPX_PID" 2>/dev/null || fail "$_n: hapx died"
	[ -n "${SEC_FLOW_VERBOSE:-}" ] && cat "$tmp/flood.$_n" >&2
	:
}

flood server --prefix /s/ --order
flood redirect --prefix /r/ --order
flood error --prefix /e/
flood stats --prefix /st/x

# linger NAME CODE REQUEST: REQUEST then 256 KB more that hapx will not
# parse, all sent before reading: the CODE reply must come whole and end
# with a FIN, not a reset (today's binary closed with the input unread).
linger() {
	"$PY" "$TOOL" linger "$FE_PORT" --send "$3" --extra 262144 \
	    >"$tmp/linger.$1" 2>&1 ||
	    { cat "$tmp/linger.$1" >&2; fail "$1: the $2 reply was reset"; }
	assert_contains "$tmp/linger.$1" "status=$2 "
}

H='Host: x\r\n'
uri=$(printf '%16000s' '' | tr ' ' a)
big=$(printf '%17000s' '' | tr ' ' b)
linger uri-414 414 "GET /$uri HTTP/1.1\r\n$H\r\n"
linger head-431 431 "GET / HTTP/1.1\r\n${H}X-Big: $big\r\n\r\n"
linger bad-400 400 'GARBAGE\r\n\r\n'
# A body nobody reads: the 503 closes the connection before it came.
linger body-503 503 "POST /e/ HTTP/1.1\r\n${H}Content-Length: 262144\r\n\r\n"

# The draining is bounded: a client that keeps sending after its 414 is
# closed after about 1 s (today's binary closed at once, with a reset).
r=$("$PY" "$TOOL" trickle "$FE_PORT" --secs 4 \
    --send "GET /$uri HTTP/1.1\r\n$H\r\n")
case $r in
closed_ms=[0-9]*) between "${r#closed_ms=}" 900 3000 "lingering time" ;;
*) fail "a client that never stops sending was never closed: $r" ;;
esac
exit 0
