#!/bin/sh
# option tcp-check (spec §6): the rules run in order on the check
# connection.  Two echo servers, one greeting "+OK ready", one "-ERR no":
#  - "tcp-check expect string +OK": the -ERR one goes DOWN (it never
#    closes, so a Layer7 timeout; its log line names the step), traffic
#    then reaches the +OK one only;
#  - "tcp-check send" + "expect string": the echo of what was sent passes
#    on both (no server goes DOWN);
#  - "expect ! string -ERR": the -ERR one goes DOWN at once, the +OK one
#    passes when the check times out without a match.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py ok echo --banner '+OK ready'
start_py bad echo --banner '-ERR no'
FE=$(free_port)
SND=$(free_port)
NEG=$(free_port)
SRVS="	server good 127.0.0.1:$ok check inter 200ms rise 1 fall 1
	server bad 127.0.0.1:$bad check inter 200ms rise 1 fall 1"
cat >"$tmp/c.cfg" <<CFG
defaults
	mode tcp
	balance roundrobin
	timeout connect 2s
	timeout client 5s
	timeout server 5s
	timeout check 300ms
listen chk
	bind 127.0.0.1:$FE
	option tcp-check
	tcp-check expect string +OK
$SRVS
listen snd
	bind 127.0.0.1:$SND
	option tcp-check
	tcp-check send PING\\r\\n
	tcp-check expect string PING
$SRVS
listen neg
	bind 127.0.0.1:$NEG
	option tcp-check
	tcp-check expect ! string -ERR
$SRVS
CFG
start_hapx "$tmp/c.cfg" "$FE"
wait_file "$tmp/hapx.err" "Server chk/bad is DOWN" 100
wait_file "$tmp/hapx.err" "Server neg/bad is DOWN" 100
assert_contains "$tmp/hapx.err" \
    'Server chk/bad is DOWN, reason: Layer7 timeout, info: "TCPCHK timeout at step 2"'

# reaches PORT N: the banners received over N connections to PORT.
reaches() {
	_i=0
	_s=
	while [ "$_i" -lt "$2" ]; do
		pyclient "$1" --shut-wr --wait 2 --out "$tmp/r" >/dev/null
		_s="$_s$(head -n 1 "$tmp/r")|"
		_i=$((_i + 1))
	done
	printf '%s\n' "$_s"
}

assert_eq "$(reaches "$FE" 4)" "+OK ready|+OK ready|+OK ready|+OK ready|" \
    "expect string +OK: only the +OK server"
assert_eq "$(reaches "$NEG" 4)" "+OK ready|+OK ready|+OK ready|+OK ready|" \
    "expect ! string -ERR: only the +OK server"
sleep 0.6
if grep -F -q "Server snd/" "$tmp/hapx.err"; then
	show_hapx_logs
	fail "send + expect of the echo must keep both servers up"
fi
got=$(reaches "$SND" 4)
case $got in
*OK*ERR* | *ERR*OK*) ;;
*) fail "snd: both servers must serve, got: $got" ;;
esac
if grep -F -q "Server neg/good is DOWN" "$tmp/hapx.err"; then
	fail "a negated expect without a match must pass on timeout"
fi
exit 0
