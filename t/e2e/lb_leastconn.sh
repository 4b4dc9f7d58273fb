#!/bin/sh
# balance leastconn (spec §7.1): while one server has a slow request in
# flight, new requests go to the idle one; once it is done, both serve
# again.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A --log "$tmp/up.log"
start_py upB http --name B --log "$tmp/up.log"
FE=$(free_port)
cat >"$tmp/lb.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen lc
	bind 127.0.0.1:$FE
	balance leastconn
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
EOF
start_hapx "$tmp/lb.cfg" "$FE"
U="http://127.0.0.1:$FE"

# One slow request (2 s) in the background; which server has it?
curl -s --max-time 5 -D "$tmp/slow.h" -o /dev/null "$U/sleep/2000" &
slow=$!
track_pid "$slow"
wait_file "$tmp/up.log" "/sleep/2000"
quick=
for i in 1 2 3 4 5 6; do
	quick="$quick$(curl_name "$U/q$i")"
done
wait "$slow" || fail "the slow request failed"
busy=$(tr -d '\r' <"$tmp/slow.h" | sed -n 's/^[Xx]-[Ff]ake-[Ss]park: //p')
case $busy in
A) idle=B ;;
B) idle=A ;;
*) fail "the slow request got no server name: $(cat "$tmp/slow.h")" ;;
esac
assert_eq "$quick" "$idle$idle$idle$idle$idle$idle" \
    "leastconn: the idle server takes requests while $busy is busy"

# Both idle again: equal loads rotate over both servers.
after=
for i in 1 2 3 4; do
	after="$after$(curl_name "$U/a$i")"
done
case $after in
*A*B* | *B*A*) ;;
*) fail "leastconn with equal loads used one server only: $after" ;;
esac
