#!/bin/sh
# The protocol health checks (spec §6; check_proto.c): one backend per
# option, each with a healthy fake server, a failing one and one that
# fails its first check then passes (t/e2e/fake_proto.py).  Asserts the
# "Server be/s is DOWN|UP, reason: ..., info: ..." lines as HAProxy 2.6
# prints them for the same servers, and the request bytes each check
# sends.  Also passes with HAPX=/usr/sbin/haproxy.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

# start_py runs $PYSERV: point it at the protocol fakes.
PYSERV="$top_srcdir/t/e2e/fake_proto.py"

start_py redis_ok redis_ok --log "$tmp/redis.log"
start_py redis_bad redis_err_close
start_py redis_back redis_err_close --after 1 redis_ok
start_py smtp_ok smtp_ok --log "$tmp/smtp.log"
start_py smtp_bad smtp_554
start_py smtp_back smtp_554 --after 1 smtp_ok
start_py pgsql_ok pgsql_ok --log "$tmp/pgsql.log"
start_py pgsql_bad pgsql_err
start_py mysql_ok mysql_ok --log "$tmp/mysql.log"
start_py mysql_bad mysql_err
start_py my41_ok mysql_ok --log "$tmp/my41.log"
start_py my41_bad mysql_denied
start_py ssl_ok ssl_ok --log "$tmp/ssl.log"
start_py ssl_bad ssl_bad
start_py ssl_back ssl_bad --after 1 ssl_ok
start_py ssl_mute silent
start_py ldap_ok ldap_ok --log "$tmp/ldap.log"
start_py ldap_bad ldap_err
FE=$(free_port)
O="check inter 200ms rise 1 fall 1"
cat >"$tmp/c.cfg" <<CFG
defaults
	mode tcp
	timeout connect 2s
	timeout client 5s
	timeout server 5s
	timeout check 400ms
listen fe
	bind 127.0.0.1:$FE
	server s 127.0.0.1:1
backend redis
	option redis-check
	server ok 127.0.0.1:$redis_ok $O
	server bad 127.0.0.1:$redis_bad $O
	server back 127.0.0.1:$redis_back $O
backend smtp
	option smtpchk
	server ok 127.0.0.1:$smtp_ok $O
	server bad 127.0.0.1:$smtp_bad $O
	server back 127.0.0.1:$smtp_back $O
backend pgsql
	option pgsql-check user hapx
	server ok 127.0.0.1:$pgsql_ok $O
	server bad 127.0.0.1:$pgsql_bad $O
backend mysql
	option mysql-check
	server ok 127.0.0.1:$mysql_ok $O
	server bad 127.0.0.1:$mysql_bad $O
backend my41
	option mysql-check user hapx
	server ok 127.0.0.1:$my41_ok $O
	server bad 127.0.0.1:$my41_bad $O
backend ssl
	option ssl-hello-chk
	server ok 127.0.0.1:$ssl_ok $O
	server bad 127.0.0.1:$ssl_bad $O
	server back 127.0.0.1:$ssl_back $O
	server mute 127.0.0.1:$ssl_mute $O
backend ldap
	option ldap-check
	server ok 127.0.0.1:$ldap_ok $O
	server bad 127.0.0.1:$ldap_bad $O
CFG
start_hapx "$tmp/c.cfg" "$FE"

# want LINE: hapx prints LINE (up to the check duration) within 3 s.
want() {
	wait_file "$tmp/hapx.err" "$1, check duration: " 60
}

want 'Server redis/bad is DOWN, reason: Layer7 wrong status, code: 0, info: "-ERR operation not permitted"'
want 'Server redis/back is UP, reason: Layer7 check passed, code: 0, info: "Redis server is ok"'
want 'Server smtp/bad is DOWN, reason: Layer7 wrong status, code: 554, info: "no service here"'
want 'Server smtp/back is UP, reason: Layer7 check passed, code: 221, info: "bye"'
want 'Server pgsql/bad is DOWN, reason: Layer7 invalid response, info: "FATAL"'
want 'Server mysql/bad is DOWN, reason: Layer7 wrong status, code: 1040, info: "Too many connections"'
want "Server my41/bad is DOWN, reason: Layer7 wrong status, code: 1045, info: \"#28000Access denied for user 'hapx'\""
want 'Server ssl/bad is DOWN, reason: Layer6 invalid response'
want 'Server ssl/back is UP, reason: Layer6 check passed'
want 'Server ssl/mute is DOWN, reason: Layer6 timeout'
want 'Server ldap/bad is DOWN, reason: Layer7 wrong status, code: 49, info: "See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9"'

# A few more checks of the healthy servers: none goes DOWN.
sleep 0.5
if grep -F -q "/ok is DOWN" "$tmp/hapx.err"; then
	show_hapx_logs
	fail "a healthy server went DOWN"
fi

# sent BACKEND HEX: every check connection to BACKEND's healthy server
# received exactly the bytes HEX.
sent() {
	_got=$(sort -u "$tmp/$1.log")
	assert_eq "$_got" "$2" "$1 check request"
}
sent redis 2a310d0a24340d0a50494e470d0a				# *1 $4 PING
sent smtp 48454c4f206c6f63616c686f73740d0a515549540d0a		# HELO, QUIT
sent pgsql 00000013000300007573657200686170780000		# StartupMessage
sent mysql ''							# nothing
sent my41 2600000100820000008000012100000000000000000000000000000000000000000000006861707800000100000001
sent ldap 300c020101600702010304008000				# anonymous bind
# The SSLv3 ClientHello: only its time (bytes 11-14) changes.
got=$(sort -u "$tmp/ssl.log" | cut -c1-22,31- | sort -u)
assert_eq "$got" 160300007901000075030048415052\
4f585953534c43484b0a484150524f585953534c43484b0a00004e000100020003000400050006000700080009000a000b000c000d000e000f0010001100120013001400150016001700180019001a001b002f0030003100320033003400350036003700380039003a0100 \
    "ssl-hello-chk request"
exit 0
