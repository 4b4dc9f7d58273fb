# t/e2e/check_lib.sh: helpers for the health-check e2e tests (check_*.sh)
# on top of t/lib.sh, spark_lib.sh and proxy_lib.sh. POSIX sh; source it.
#
#   start_syslog                  # $SYSLOG_PORT; lines land in $tmp/syslog
#   wait_line "$tmp/hapx.err" 'Server be/s1 is DOWN' 30   # 30 x 0.1 s
#   norm_log "$tmp/hapx.err"      # stderr lines without pid and durations
#   req_status PORT PATH          # "200 s2" (status and X-Fake-Spark)
#
# The tests also run against HAProxy 2.6 (HAPX=/usr/sbin/haproxy): every
# config is written in the syntax both accept.

if [ -z "${_lib_pids+x}" ]; then
	# shellcheck source=../lib.sh
	. "${top_srcdir:-.}/t/lib.sh"
fi
# shellcheck source=proxy_lib.sh
. "$top_srcdir/t/e2e/proxy_lib.sh"

# start_syslog: a UDP syslog receiver on 127.0.0.1; sets SYSLOG_PORT and
# appends each datagram as one line to $tmp/syslog.
start_syslog() {
	# shellcheck disable=SC2154 # $tmp comes from t/lib.sh
	cat >"$tmp/syslog.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print("PORT %d" % s.getsockname()[1], flush=True)
with open(sys.argv[1], "a") as out:
    while True:
        d, a = s.recvfrom(65536)
        out.write(d.decode("latin-1").rstrip("\n") + "\n")
        out.flush()
EOF
	: >"$tmp/syslog"
	: >"$tmp/syslog.out"
	"$PY" "$tmp/syslog.py" "$tmp/syslog" >"$tmp/syslog.out" 2>&1 &
	track_pid $!
	_n=0
	SYSLOG_PORT=
	while [ "$_n" -lt 50 ] && [ -z "$SYSLOG_PORT" ]; do
		SYSLOG_PORT=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' \
		    "$tmp/syslog.out")
		[ -n "$SYSLOG_PORT" ] || sleep 0.1
		_n=$((_n + 1))
	done
	[ -n "$SYSLOG_PORT" ] || fail "syslog receiver did not start"
}

# wait_line FILE TEXT [TRIES]: wait until FILE holds the fixed string TEXT,
# TRIES times 0.1 s apart (default 50); 1 if it never does.
wait_line() {
	_n=0
	while [ "$_n" -lt "${3:-50}" ]; do
		grep -F -q -e "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
}

# norm_log FILE: the lines of FILE without the "[LEVEL]   (pid) : " prefix
# of stderr or the "<PRI>date host prog[pid]: " one of syslog (kept as
# "<PRI> "), with every "check duration: Nms" made "check duration: Xms".
norm_log() {
	sed -e 's/^\[\([A-Z]*\)\] *([0-9]*) : /[\1] /' \
	    -e 's/^<\([0-9]*\)>.*\]: /<\1> /' \
	    -e 's/check duration: [0-9]*ms/check duration: Xms/' "$1"
}

# need_line FILE TEXT [TRIES]: wait_line, or fail showing FILE.
need_line() {
	if ! wait_line "$@"; then
		printf -- '--- %s:\n' "$1" >&2
		tail -n 40 "$1" >&2
		fail "never saw in $1: $2"
	fi
}

# req_status PORT PATH: one request; prints "STATUS WHO" (WHO is the
# X-Fake-Spark header, "-" if none; STATUS 0 if no answer).
req_status() {
	"$PY" - "$1" "$2" <<'EOF'
import http.client, sys
try:
    c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=8)
    c.request("GET", sys.argv[2], headers={"Connection": "close"})
    r = c.getresponse()
    r.read()
    print("%d %s" % (r.status, r.getheader("X-Fake-Spark") or "-"))
except Exception:
    print("0 -")
EOF
}
