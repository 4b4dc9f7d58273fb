#!/bin/sh
# -sf / -st outside master-worker (spec §11.3): a new hapx binds next to
# the old one (SO_REUSEPORT, as HAProxy), then sends SIGUSR1 (-sf) or
# SIGTERM (-st) to the old pids.  A client loop running through the
# hand-over never sees a refused connection nor a failed request; the
# old process exits 0 after -sf and 143 after -st.  With "noreuseport"
# the second bind fails as before.
# shellcheck disable=SC2154
. "${top_srcdir:-.}/t/lib.sh"
need_hapx
need_py
need_cmd curl

FE=$(free_port)
# $1: the answer.
write_cfg() {
	cat >"$tmp/$1.cfg" <<EOF
global
	$2
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

# $1: -sf or -st; $2: the old one's expected exit status.
handover() {
	write_cfg old ""
	write_cfg new ""
	"$HAPX" -db -f "$tmp/old.cfg" >"$tmp/old.out" 2>&1 &
	old=$!
	track_pid "$old"
	wait_port "$FE" || fail "the old hapx never listened"
	"$PY" "$LOOP" "$FE" 2 >"$tmp/loop.out" &
	lp=$!
	track_pid "$lp"
	sleep 0.5
	"$HAPX" -db -f "$tmp/new.cfg" "$1" "$old" >"$tmp/new.out" 2>&1 &
	new=$!
	track_pid "$new"
	rc=0
	wait "$old" || rc=$?
	assert_eq "$rc" "$2" "the old process's exit status after $1"
	wait "$lp"
	r=$(cat "$tmp/loop.out")
	# -st is a hard stop: the requests the old process holds (and its
	# accept queue) are cut, as with HAProxy; nothing is refused.
	case $1:$r in
	*" refused=0 failed=0 "* | -st:*" refused=0 "*) ;;
	*) fail "$1 hand-over: $r" ;;
	esac
	case $r in
	*"seen=new,old") ;;
	*) fail "$1: both processes should have answered: $r" ;;
	esac
	pid_alive "$new" || fail "the new hapx exited: $(cat "$tmp/new.out")"
	assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/")" new \
	    "after $1"
	kill "$new"
	wait "$new" 2>/dev/null
}

handover -sf 0
handover -st 143

# noreuseport: the new process cannot bind next to the old one.
write_cfg old "noreuseport"
write_cfg new "noreuseport"
"$HAPX" -db -f "$tmp/old.cfg" >"$tmp/old.out" 2>&1 &
old=$!
track_pid "$old"
wait_port "$FE" || fail "the old hapx never listened"
rc=0
"$HAPX" -db -f "$tmp/new.cfg" -sf "$old" >"$tmp/new.out" 2>&1 || rc=$?
assert_eq "$rc" 1 "noreuseport: a second bind fails"
assert_contains "$tmp/new.out" "cannot bind to 127.0.0.1:$FE"
pid_alive "$old" || fail "a failed start stopped the old process"
exit 0
