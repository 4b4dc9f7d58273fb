#!/bin/sh
# hapx -Ws speaks systemd's notify protocol (issue 15): a Python datagram
# socket set as NOTIFY_SOCKET receives READY=1 with MAINPID (the master),
# RELOADING=1 with MONOTONIC_USEC on SIGUSR2 then READY=1 again, a
# failed reload's STATUS, and STOPPING=1; an abstract '@' name works
# too.  The master exits 130 on SIGINT.  The pid file holds the master.
# shellcheck disable=SC2154
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/mworker_lib.sh"
need_hapx
need_py
need_cmd socat
need_cmd curl

# notify_recv ADDR OUT: print each datagram received on ADDR into OUT,
# followed by "--".
cat >"$tmp/notify.py" <<'PYEOF'
import socket, sys
addr, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + addr[1:] if addr.startswith("@") else addr)
print("PORT 1", flush=True)
s.settimeout(30)
with open(out, "a") as f:
    while True:
        try:
            d = s.recv(4096)
        except socket.timeout:
            break
        f.write(d.decode() + "--\n")
        f.flush()
PYEOF

FE=$(free_port)
cat >"$tmp/h.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend f
	bind 127.0.0.1:$FE
	http-request return status 200 content-type text/plain string ok
EOF

# $1: the NOTIFY_SOCKET name.
run_one() {
	: >"$tmp/notify.out"
	start_server nrecv "$PY" "$tmp/notify.py" "$1" "$tmp/notify.out"
	NOTIFY_SOCKET=$1 "$HAPX" -Ws -S "$MSOCK" -p "$tmp/pid" -f "$tmp/h.cfg" \
	    >"$tmp/master.out" 2>"$tmp/master.err" &
	MASTER_PID=$!
	track_pid "$MASTER_PID"
	wait_port "$FE" || fail "hapx -Ws never listened"
	wait_file "$tmp/notify.out" "READY=1"
	assert_contains "$tmp/notify.out" "MAINPID=$MASTER_PID"
	assert_contains "$tmp/notify.out" "STATUS=Ready."
	assert_eq "$(cat "$tmp/pid")" "$MASTER_PID" "pid file (-W: the master)"

	kill -USR2 "$MASTER_PID"
	wait_file "$tmp/notify.out" "RELOADING=1"
	assert_contains "$tmp/notify.out" "MONOTONIC_USEC="
	n=0
	while [ "$(grep -c '^READY=1' "$tmp/notify.out")" -lt 2 ] &&
	    [ "$n" -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	assert_eq "$(grep -c '^READY=1' "$tmp/notify.out")" 2 \
	    "READY=1 after the reload"
	usec=$(sed -n 's/^MONOTONIC_USEC=//p' "$tmp/notify.out")
	now=$(awk '{ printf "%.0f", $1 * 1000000 }' /proc/uptime)
	# CLOCK_MONOTONIC and /proc/uptime differ by the time suspended.
	[ "$usec" -gt 0 ] && [ "$usec" -le "$((now + 1000000))" ] ||
	    fail "MONOTONIC_USEC=$usec is not the monotonic clock ($now)"

	printf 'frontend g\n\tbogus 1\n' >>"$tmp/h.cfg"
	mcli reload >"$tmp/bad"
	assert_contains "$tmp/bad" "Success=0"
	wait_file "$tmp/notify.out" "STATUS=Reload failed!"
	sed -i '/^frontend g$/,$d' "$tmp/h.cfg"

	kill -INT "$MASTER_PID"
	rc=0
	wait "$MASTER_PID" || rc=$?
	assert_eq "$rc" 130 "master exit status after SIGINT"
	wait_file "$tmp/notify.out" "STOPPING=1"
	kill "$nrecv_pid" 2>/dev/null
	wait "$nrecv_pid" 2>/dev/null
}

run_one "$tmp/notify.sock"
run_one "@hapx-notify-$$"
exit 0
