#!/bin/sh
# Keywords that were once accepted without effect and now run
# (t/cfg keyword audit): http-send-name-header, monitor-net,
# option prefer-last-server, rate-limit sessions, clitcpka-idle,
# init-addr none, retry-on none, on-marked-down shutdown-sessions,
# tune.http.maxhdr.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A --echo-cookie
start_py upB http --name B --echo-cookie
start_py e1 echo
start_py chk http --name K
FE=$(free_port)
FM=$(free_port)
FR=$(free_port)
FK=$(free_port)
DEAD=$(free_port)
FD=$(free_port)
cat >"$tmp/k.cfg" <<EOF
global
	tune.http.maxhdr 12
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	use_backend name if { path_beg /name }
	use_backend last if { path_beg /last }
	use_backend dead if { path_beg /dead }
	use_backend retry3 if { path_beg /retry3 }
	default_backend rr
frontend mon
	bind 127.0.0.1:$FM
	monitor-net 127.0.0.0/8
	default_backend rr
frontend rate
	bind 127.0.0.1:$FR
	rate-limit sessions 2
	default_backend rr
frontend ka
	bind 127.0.0.1:$FK
	option clitcpka
	clitcpka-idle 7s
	default_backend rr
listen omd
	mode tcp
	bind 127.0.0.1:$FD
	server s 127.0.0.1:$e1 check port $chk inter 200 fall 1 rise 1 on-marked-down shutdown-sessions
backend name
	http-send-name-header Cookie
	server A 127.0.0.1:$upA
backend rr
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
backend last
	option prefer-last-server
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
	server gone nonexistent.invalid:80 init-addr none
backend dead
	retry-on none
	retries 3
	timeout connect 3s
	server D 127.0.0.1:$DEAD
backend retry3
	retries 3
	timeout connect 3s
	server D 127.0.0.1:$DEAD
EOF
start_hapx "$tmp/k.cfg" "$FE"
U="http://127.0.0.1:$FE"

# http-send-name-header: the server sees its own name in the header
# (Cookie here, as the upstream echoes that one).
got=$(curl -s --max-time 5 -D - -o /dev/null -H 'Cookie: client' "$U/name" |
    tr -d '\r' | sed -n 's/^X-Req-Cookie: //p')
assert_eq "$got" "A" "http-send-name-header replaces the header"

# tune.http.maxhdr 12: 11 header lines pass, 12 are refused.
hdrs() {
	_h=
	_i=0
	while [ "$_i" -lt "$1" ]; do
		_h="$_h -H X-H$_i:v"
		_i=$((_i + 1))
	done
	# Host, User-Agent and Accept are curl's own three.
	# shellcheck disable=SC2086 # word splitting wanted
	curl_name "$U/name" $_h
}
case $(hdrs 8) in ERR:*) fail "11 header lines must pass" ;; esac
assert_eq "$(hdrs 9)" "ERR:400" "12 header lines are refused"

# Two requests on one keep-alive connection: balanced in turn without
# the option, kept on the last server with it ("gone" never resolved:
# it starts in maintenance and takes nothing).
pair() {
	curl -s --max-time 5 -D - -o /dev/null "$U$1" "$U$1" | tr -d '\r' |
	    sed -n 's/^X-Fake-Spark: //p' | tr '\n' ' '
}
assert_eq "$(pair /rr)" "A B " "roundrobin alternates on one connection"
got=$(pair /last)
case $got in
"A A " | "B B ") ;;
*) fail "option prefer-last-server: both requests on one server, got: $got" ;;
esac

# monitor-net: "HTTP/1.0 200 OK" at once, no server involved.
got=$(curl -s --max-time 5 -D - "http://127.0.0.1:$FM/x" | tr -d '\r' |
    head -n 1)
assert_eq "$got" "HTTP/1.0 200 OK" "monitor-net answers by itself"

# retry-on none: a refused connection is not retried. The control is the
# same dead server with the default retry-on: 3 retries take 3 x 1 s of
# turn-around, so retry-on none answers at least 2 s sooner.
t0=$(now_ms)
assert_eq "$(curl_name "$U/dead")" "ERR:503" "a dead server gives 503"
none=$(($(now_ms) - t0))
t0=$(now_ms)
assert_eq "$(curl_name "$U/retry3")" "ERR:503" "a dead server gives 503"
three=$(($(now_ms) - t0))
[ $((three - none)) -ge 2000 ] ||
    fail "retry-on none took $none ms, retries 3 took $three ms"

# rate-limit sessions 2: the 5th session waits for later seconds.
t0=$(now_ms)
i=0
while [ "$i" -lt 5 ]; do
	assert_eq "$(curl_name "http://127.0.0.1:$FR/r$i")" \
	    "$(if [ $((i % 2)) -eq 0 ]; then echo A; else echo B; fi)" \
	    "rate-limited request $i"
	i=$((i + 1))
done
dt=$(($(now_ms) - t0))
between "$dt" 900 6000 "rate-limit sessions 2: 5 sessions (ms)"

# clitcpka-idle 7s: the accepted socket has a keep-alive timer.
if command -v ss >/dev/null 2>&1; then
	pyclient "$FK" --wait 2 >/dev/null &
	cpid=$!
	track_pid "$cpid"
	# Until hapx has accepted it and set the option (at most 2.5 s).
	n=0
	st=
	while [ "$n" -lt 50 ]; do
		sleep 0.05
		st=$(ss -tnoH state established "( sport = :$FK )")
		case $st in *"timer:(keepalive,"*) break ;; esac
		n=$((n + 1))
	done
	case $st in
	*"timer:(keepalive,"*) ;;
	*) fail "option clitcpka: no keepalive timer on the client socket: $st" ;;
	esac
	wait "$cpid"
fi

# on-marked-down shutdown-sessions: the check port dies, the server goes
# DOWN and its session is closed at once, not after the 5 s of waiting.
(sleep 0.5; kill "$chk_pid") &
r=$(pyclient "$FD" --send 'hello' --wait 5)
assert_eq "$(field "$r" eof)" "yes" "the killed session ends"
el=$(field "$r" elapsed)
case $el in
0.* | 1.*) ;;
*) fail "on-marked-down: the session lasted ${el}s" ;;
esac
exit 0
