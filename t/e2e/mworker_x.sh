#!/bin/sh
# -x SOCKET (spec §11.3): the new process takes the listening sockets of
# the old one through its stats socket ("expose-fd listeners", the
# "_getsocks" command, SCM_RIGHTS) instead of binding them.  Both use
# "noreuseport", so a bind would fail: the new process serves only if it
# got the old one's socket.  With -sf, a client loop through the
# hand-over sees no refused connection and no failed request.  A stats
# socket without "expose-fd listeners" refuses, and the new process
# exits 1 saying so.
# shellcheck disable=SC2154
. "${top_srcdir:-.}/t/lib.sh"
need_hapx
need_py
need_cmd curl

FE=$(free_port)
# $1: the answer; $2: the stats socket's options.
write_cfg() {
	cat >"$tmp/$1.cfg" <<EOF
global
	noreuseport
	stats socket $tmp/$1.sock level admin $2
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
	option idle-close-on-response
frontend f
	bind 127.0.0.1:$FE
	http-request return status 200 content-type text/plain string $1
EOF
}

LOOP=$top_srcdir/t/e2e/handover_loop.py

write_cfg old "expose-fd listeners"
write_cfg new ""
"$HAPX" -db -f "$tmp/old.cfg" >"$tmp/old.out" 2>&1 &
old=$!
track_pid "$old"
wait_port "$FE" || fail "the old hapx never listened"
"$PY" "$LOOP" "$FE" 2 >"$tmp/loop.out" &
lp=$!
track_pid "$lp"
sleep 0.5
"$HAPX" -db -f "$tmp/new.cfg" -x "$tmp/old.sock" -sf "$old" \
    >"$tmp/new.out" 2>&1 &
new=$!
track_pid "$new"
rc=0
wait "$old" || rc=$?
assert_eq "$rc" 0 "the old process's exit status after -sf"
wait "$lp"
r=$(cat "$tmp/loop.out")
case $r in
*" refused=0 failed=0 seen=new,old") ;;
*) fail "-x hand-over: $r (new: $(cat "$tmp/new.out"))" ;;
esac
pid_alive "$new" || fail "the new hapx exited: $(cat "$tmp/new.out")"
assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/")" new "after -x"

# The new one's stats socket has no expose-fd: a third process fails.
write_cfg third ""
rc=0
timeout 10 "$HAPX" -db -f "$tmp/third.cfg" -x "$tmp/new.sock" >"$tmp/third.out" 2>&1 ||
    rc=$?
assert_eq "$rc" 1 "-x on a socket without expose-fd listeners"
assert_contains "$tmp/third.out" "Failed to get the sockets from the old process!"
pid_alive "$new" || fail "a refused -x stopped the running process"
exit 0
