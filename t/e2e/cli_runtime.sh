#!/bin/sh
# The runtime API (stats socket, issue 15): an admin UNIX socket, a user
# UNIX socket, an operator TCP socket and an abns@ one; commands through
# socat and through Python (t/e2e/cli_tool.py); ';' chains; the
# interactive "prompt" mode; "<<" payloads; levels ("Permission
# denied"); severity-output; "stats timeout" closing an idle prompt;
# show stat equal to the page's ";csv"; show info counters moving with
# traffic; show table after a "stick on src"; hatop attached in tmux.
# Texts are HAProxy 2.6.12's, checked against /usr/sbin/haproxy.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"
need_cmd socat

TOOL="$top_srcdir/t/e2e/cli_tool.py"
start_py upA http --name A
FE=$(free_port)
ST=$(free_port)
TCP=$(free_port)
ADM="$tmp/admin.sock"
USR="$tmp/user.sock"
ABNS="hapx-cli-test-$$"
cat >"$tmp/cli.cfg" <<EOF
global
	stats socket $ADM level admin mode 600
	stats socket $USR level user
	stats socket 127.0.0.1:$TCP
	stats socket abns@$ABNS level admin
	stats timeout 1s
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	default_backend be
backend be
	stick-table type ip size 100 expire 1m
	stick on src
	server A 127.0.0.1:$upA
listen st
	bind 127.0.0.1:$ST
	stats uri /st
EOF
start_hapx "$tmp/cli.cfg" "$TCP"

# cli SOCKET LINE: the answer through socat (UNIX path or TCP port).
cli() {
	case $1 in
	/*) printf '%s\n' "$2" | socat -t 5 - "UNIX-CONNECT:$1" ;;
	*) printf '%s\n' "$2" | socat -t 5 - "TCP:127.0.0.1:$1" ;;
	esac
}
# clipy ADDR LINE: the same through Python.
clipy() {
	"$PY" "$TOOL" send "$@"
}

# Levels and the sockets: socat and Python agree.
assert_eq "$(cli "$ADM" 'show cli level')" admin "admin socket level"
assert_eq "$(cli "$USR" 'show cli level')" user "user socket level"
assert_eq "$(cli "$TCP" 'show cli level')" operator "default level"
assert_eq "$(clipy "abns@$ABNS" 'show cli level')" admin "abns@ socket"
assert_eq "$(clipy "127.0.0.1:$TCP" 'show cli level')" operator "py TCP"
assert_eq "$(stat -c %a "$ADM")" 600 "mode 600 on the admin socket"

# Each command's answer ends with an empty line; ';' chains; operator
# and user lower the level and never raise it.
printf 'user; show cli level; operator\n' >"$tmp/want"
cli "$ADM" 'user; show cli level; operator' >"$tmp/got"
printf '\nuser\n\nPermission denied\n\n' >"$tmp/want"
cmp -s "$tmp/got" "$tmp/want" || fail "chain: $(od -c "$tmp/got" | head)"
assert_eq "$(cli "$USR" 'show sess')" "Permission denied" "user: show sess"
assert_eq "$(cli "$USR" 'show errors')" "Permission denied" \
    "user: show errors"
assert_eq "$(cli "$USR" 'operator')" "Permission denied" "user: operator"
cli "$TCP" 'show errors' >"$tmp/err"
grep -q '^Total events captured on \[[0-9][0-9]/[A-Z][a-z][a-z]/20[0-9][0-9]:[0-9:.]*\] : 0$' \
    "$tmp/err" || fail "show errors: $(cat "$tmp/err")"

# severity-output, as dataplaneapi reads it.
cli "$USR" 'set severity-output number; show sess; show cli level' \
    >"$tmp/got"
printf '\n[3]: Permission denied\n\n[6]: user\n\n' >"$tmp/want"
cmp -s "$tmp/got" "$tmp/want" || fail "severity: $(od -c "$tmp/got" | head)"
r=$(cli "$ADM" 'set severity-output string; set timeout cli x' | sed '/^$/d')
assert_eq "$r" "[err]: Invalid timeout value." "severity string"

# An unknown command: HAProxy's hint, the closest command, the trailer.
cli "$ADM" 'show\ version' >"$tmp/got"
head -1 "$tmp/got" | grep -qx 'Unknown command, but maybe one of the following ones is a better match:' ||
    fail "unknown: $(cat "$tmp/got")"
grep -q '^  show version  *: print hapx.s version$' \
    "$tmp/got" || fail "unknown: no hint 'show version'"
tail -n 4 "$tmp/got" | head -3 | grep -c '^  \(help\|prompt\|quit\) ' |
    grep -qx 3 || fail "unknown: trailer"
# help: every table's commands, usage padded to 40 columns.
cli "$USR" help >"$tmp/help"
head -1 "$tmp/help" | grep -qx 'The following commands are valid at this level:' ||
    fail "help title"
for c in 'show info \[desc|json|typed|float\]\*      : print the process.s figures .*' \
    'show stat \[desc|json|no-maint|typed|up\]\*: print the statistics of .*' \
    'set timeout \[cli\] <delay>               : set this connection.s idle timeout' \
    'quit                                    : close this connection'; do
	grep -q "^  $c\$" "$tmp/help" || fail "help lacks '$c'"
done

# Interactive mode through Python: answers end with "\n> ".
"$PY" "$TOOL" prompt "$ADM" 'show cli level' 'show version; show cli level' \
    'set timeout cli 5' >"$tmp/p" || fail "prompt mode"
printf 'admin\n\n@@END@@\n' >"$tmp/want"
head -3 "$tmp/p" | cmp -s - "$tmp/want" || fail "prompt: $(cat "$tmp/p")"
assert_eq "$(grep -c '@@END@@' "$tmp/p")" 4 "prompt: 4 answers"
# ...and through socat: prompt, a command, prompt again ends the session.
r=$( (printf 'prompt\nshow cli level\n'; sleep 0.3; printf 'prompt\n'
    sleep 0.3; printf 'show cli level\n') |
    socat -t 3 - "UNIX-CONNECT:$ADM" 2>/dev/null |
    od -An -c | tr -s ' \n' ' ')
assert_eq "$r" ' \n > a d m i n \n \n > \n ' "socat prompt session"

# Payload: "+ " per line in interactive mode; non-interactive too.
"$PY" "$TOOL" payload "$ADM" >"$tmp/pl" || fail "payload"
head -c 4 "$tmp/pl" | grep -q '^+ + ' || fail "payload: $(head -2 "$tmp/pl")"
grep -q '^+ + The following commands are valid at this level:$' "$tmp/pl" ||
    fail "payload answer: $(head -2 "$tmp/pl")"
r=$(printf 'show cli level <<\nsome\ndata\n\n' | socat -t 3 - "TCP:127.0.0.1:$TCP")
assert_eq "$r" operator "payload, non-interactive"

# stats timeout 1s closes an idle interactive connection.
ms=$("$PY" "$TOOL" idle "$ADM")
between "$ms" 700 4000 "stats timeout 1s"
# set timeout cli lengthens it for that connection only.
ms=$( (printf 'prompt\nset timeout cli 3\n'; sleep 5) |
    { t0=$(now_ms); socat -t 6 - "UNIX-CONNECT:$ADM" >/dev/null
    echo $(($(now_ms) - t0)); })
between "$ms" 2500 5600 "set timeout cli 3"

# show info: HAProxy's fields; CumReq and CurrConns move with traffic.
cli "$USR" 'show info' >"$tmp/info"
for f in Name Version Release_date Nbthread Nbproc Process_num Pid Uptime \
    Uptime_sec Memmax_MB Ulimit-n Maxsock Maxconn Hard_maxconn CurrConns \
    CumConns CumReq ConnRate SessRate node Stopping Jobs \
    'Unstoppable Jobs' Listeners ActivePeers TotalBytesOut 'Build info' \
    Start_time_sec Tainted; do
	grep -q "^$f: " "$tmp/info" || fail "show info lacks $f"
done
# the order is HAProxy's
assert_eq "$(sed -n '1p;17p;19p;20p' "$tmp/info" | cut -d: -f1 | tr '\n' ,)" \
    "Name,Hard_maxconn,CumConns,CumReq," "show info order"
assert_eq "$(sed -n 's/^Pid: //p' "$tmp/info")" "$HAPX_PID" "Pid"
req0=$(sed -n 's/^CumReq: //p' "$tmp/info")
for i in 1 2 3; do
	c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
	    "http://127.0.0.1:$FE/r$i")
	assert_eq "$c" 200 "request $i"
done
"$PY" "$TOOL" hold "$FE" 3 >"$tmp/hold" &
track_pid $!
wait_file "$tmp/hold" HELD
sleep 0.3
cli "$TCP" 'show info' >"$tmp/info2"
req1=$(sed -n 's/^CumReq: //p' "$tmp/info2")
cur=$(sed -n 's/^CurrConns: //p' "$tmp/info2")
between "$req1" $((req0 + 3)) $((req0 + 4)) "CumReq after 3 requests"
between "$cur" 1 1 "CurrConns with one held connection"
between "$(sed -n 's/^MaxConnRate: //p' "$tmp/info2")" 1 100 "MaxConnRate"
between "$(sed -n 's/^MaxSessRate: //p' "$tmp/info2")" 1 100 "MaxSessRate"
# show sess (operator): the held one, HAProxy's shape.
cli "$TCP" 'show sess' >"$tmp/sess"
grep -q '^0x[0-9a-f]*: proto=tcpv4 src=127\.0\.0\.1:[0-9]* fe=fe be=[^ ]* srv=[^ ]* ts=00 epoch=0 age=[0-9]*s ' \
    "$tmp/sess" || fail "show sess: $(cat "$tmp/sess")"

# show info typed / json
cli "$USR" 'show info typed' | head -2 >"$tmp/t"
printf '0.Name.1:POS:str:hapx\n1.Version.1:POS:str:%s\n' \
    "$(cli "$USR" 'show version')" | cmp -s - "$tmp/t" ||
    fail "show info typed: $(cat "$tmp/t")"
cli "$USR" 'show info json' | "$PY" -c '
import json, sys
v = json.load(sys.stdin)
assert v[0]["field"] == {"pos": 0, "name": "Name"}, v[0]
assert v[0]["tags"] == {"origin": "Product", "nature": "Output",
    "scope": "Service"}, v[0]
assert any(f["field"]["name"] == "CumReq" and f["value"]["type"] == "u32"
    for f in v)' || fail "show info json"

# show stat: the page's ";csv", byte for byte once the page's own proxy
# (its counters move with the page request) and lastchg are left out.
curl -s --max-time 5 -o "$tmp/page.csv" "http://127.0.0.1:$ST/st;csv" ||
    fail "GET ;csv"
cli "$USR" 'show stat' >"$tmp/cli.csv"
strip() { grep -v '^st,' "$1" | cut -d, -f1-23,25- | sed '/^$/d'; }
strip "$tmp/page.csv" >"$tmp/a"
strip "$tmp/cli.csv" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "show stat != ;csv: $(diff "$tmp/a" "$tmp/b")"
assert_eq "$(wc -l <"$tmp/b")" 4 "header + fe + A + be rows"
# "IID TYPE SID": servers only (type 4)
assert_eq "$(cli "$USR" 'show stat -1 4 -1' | sed -n '2p' | cut -d, -f1-2)" \
    "be,A" "show stat -1 4 -1"
assert_eq "$(cli "$USR" 'show stat -1 4 -1' | grep -c .)" 2 \
    "show stat -1 4 -1 rows"
cli "$USR" 'show stat typed' >"$tmp/typed"
grep -q '^F\.[0-9]*\.0\.0\.pxname\.1:KNS:str:fe$' "$tmp/typed" ||
    fail "show stat typed: $(head -3 "$tmp/typed")"
grep -q '^S\.[0-9]*\.1\.1\.svname\.1:KNS:str:A$' "$tmp/typed" ||
    fail "show stat typed: no server A"
cli "$USR" 'show stat json' | "$PY" -c '
import json, sys
v = json.load(sys.stdin)
assert v[0][0]["objType"] == "Frontend", v[0][0]' || fail "show stat json"

# show table after "stick on src"
cli "$USR" 'show table' >"$tmp/tab"
assert_eq "$(cat "$tmp/tab")" "# table: be, type: ip, size:100, used:1" \
    "show table"
assert_eq "$(cli "$USR" 'show table be' | sed -n 2p)" \
    "# contents not dumped due to insufficient privileges" "user: show table"
cli "$TCP" 'show table be' >"$tmp/tab"
sed -n 2p "$tmp/tab" | grep -q '^0x[0-9a-f]*: key=127\.0\.0\.1 use=0 exp=[0-9]* server_id=1 server_key=A$' ||
    fail "show table be: $(cat "$tmp/tab")"
assert_eq "$(cli "$TCP" 'show table be data.server_id gt 1' | grep -c .)" 1 \
    "show table filter"
assert_eq "$(cli "$USR" 'show table nope')" "No such table" "unknown table"

# show activity: HAProxy's field names, one thread.
cli "$USR" 'show activity' >"$tmp/act"
assert_eq "$(head -1 "$tmp/act")" "thread_id: 1 (1..1)" "activity"
grep -q '^accepted: [1-9][0-9]*$' "$tmp/act" || fail "activity accepted"

# quit closes without an answer.
r=$(printf 'prompt\nquit\nshow cli level\n' |
    socat -t 3 - "UNIX-CONNECT:$ADM" 2>/dev/null |
    od -An -c | tr -s ' \n' ' ')
assert_eq "$r" ' \n > ' "quit"

# "stats socket fd@3" (VTest's "fd@${cli}"): a socket inherited from the
# parent; "maxconn 1" on a second socket holds a second client back.
cat >"$tmp/fd.cfg" <<EOF
global
	stats socket fd@3 level admin
	stats socket $tmp/one.sock maxconn 1
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe2
	bind 127.0.0.1:$(free_port)
	default_backend be
backend be
	server A 127.0.0.1:$upA
EOF
"$PY" "$TOOL" fdsock "$HAPX" "$tmp/fd.cfg" "$tmp/fd.out" >"$tmp/fd.info" ||
    fail "fdsock"
track_pid "$(sed -n 's/^PID //p' "$tmp/fd.info")"
FDP=$(sed -n 's/^PORT //p' "$tmp/fd.info")
n=0
while [ ! -S "$tmp/one.sock" ]; do
	[ "$n" -lt 50 ] || fail "fd@ config did not start: $(cat "$tmp/fd.out")"
	sleep 0.1
	n=$((n + 1))
done
assert_eq "$(cli "$FDP" 'show cli level')" admin "fd@3 socket"
(printf 'prompt\n'; sleep 2) | socat -t 3 - "UNIX-CONNECT:$tmp/one.sock" \
    >/dev/null &
track_pid $!
sleep 0.5
t0=$(now_ms)
r=$(cli "$tmp/one.sock" 'show cli level')
dt=$(($(now_ms) - t0))
assert_eq "$r" operator "maxconn 1: second client served"
between "$dt" 800 4000 "maxconn 1: second client waited for the first"

# The same configuration under HAProxy 2.6 (when installed): hapx's help
# lines are HAProxy's, show info has HAProxy's fields in its order, show
# stat has its columns and ids.
if [ -x /usr/sbin/haproxy ]; then
	for who in hapx haproxy; do
		cat >"$tmp/cmp-$who.cfg" <<EOF
global
	stats socket $tmp/cmp-$who.sock level admin
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$(free_port)
	default_backend be
backend be
	server A 127.0.0.1:$upA
EOF
	done
	"$HAPX" -db -f "$tmp/cmp-hapx.cfg" >"$tmp/cmp-hapx.out" 2>&1 &
	track_pid $!
	/usr/sbin/haproxy -db -f "$tmp/cmp-haproxy.cfg" \
	    >"$tmp/cmp-haproxy.out" 2>&1 &
	track_pid $!
	n=0
	while [ ! -S "$tmp/cmp-hapx.sock" ] || [ ! -S "$tmp/cmp-haproxy.sock" ]
	do
		[ "$n" -lt 50 ] || fail "comparison: a process did not start"
		sleep 0.1
		n=$((n + 1))
	done
	for who in hapx haproxy; do
		cli "$tmp/cmp-$who.sock" help >"$tmp/help-$who"
		cli "$tmp/cmp-$who.sock" 'show info' | cut -d: -f1 \
		    >"$tmp/info-$who"
		cli "$tmp/cmp-$who.sock" 'show stat' | cut -d, -f1,2,28,29,33 \
		    >"$tmp/stat-$who"
	done
	# The usage column is the interface; the descriptions are ours.
	sed -n '/^  /{s/^  //;s/ *: .*//;p;}' "$tmp/help-haproxy" \
	    >"$tmp/usage-haproxy"
	sed -n '/^  /{s/^  //;s/ *: .*//;p;}' "$tmp/help-hapx" >"$tmp/usage-hapx"
	[ -s "$tmp/usage-hapx" ] || fail "no usage lines in hapx's help"
	while IFS= read -r l; do
		grep -qxF -e "$l" "$tmp/usage-haproxy" ||
		    fail "help usage not HAProxy's: '$l'"
	done <"$tmp/usage-hapx"
	cmp -s "$tmp/info-hapx" "$tmp/info-haproxy" ||
	    fail "show info fields: $(diff "$tmp/info-haproxy" "$tmp/info-hapx")"
	cmp -s "$tmp/stat-hapx" "$tmp/stat-haproxy" ||
	    fail "show stat ids: $(diff "$tmp/stat-haproxy" "$tmp/stat-hapx")"
fi

# hatop, Debian's curses client, on hapx's socket: its screen shows the
# frontend, the backend and its server.
if command -v hatop >/dev/null 2>&1 && command -v tmux >/dev/null 2>&1; then
	TM="hapx-cli-$$"
	tmux -L "$TM" new-session -d -x 200 -y 50 "hatop -s $ADM" ||
	    fail "tmux"
	n=0
	while [ "$n" -lt 40 ]; do
		tmux -L "$TM" capture-pane -p >"$tmp/screen" 2>/dev/null
		grep -q 'BACKEND' "$tmp/screen" && break
		sleep 0.25
		n=$((n + 1))
	done
	# its CLI view (key 5): a command typed there is answered.
	tmux -L "$TM" send-keys 5
	sleep 0.3
	tmux -L "$TM" send-keys 'show cli level' Enter
	n=0
	while [ "$n" -lt 20 ]; do
		tmux -L "$TM" capture-pane -p >"$tmp/clivw" 2>/dev/null
		grep -A1 '^> show cli level$' "$tmp/clivw" | grep -qx admin &&
		    break
		sleep 0.25
		n=$((n + 1))
	done
	tmux -L "$TM" kill-server 2>/dev/null
	grep -A1 '^> show cli level$' "$tmp/clivw" | grep -qx admin ||
	    fail "hatop CLI view: $(cat "$tmp/clivw")"
	for w in '>>> fe$' '>>> be$' 'FRONTEND  *0 OPEN ' 'A  *1 ' \
	    'BACKEND  *1 UP '; do
		grep -q "^$w" "$tmp/screen" ||
		    fail "hatop screen lacks '$w': $(cat "$tmp/screen")"
	done
fi
exit 0
