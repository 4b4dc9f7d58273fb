#!/bin/sh
# A worker that dies (issue 15, HAProxy's "exit-on-failure"): by default
# the master stops too, with the worker's status (137 after SIGKILL);
# with "master-worker no-exit-on-failure" the master stays, lists no
# worker, and a reload starts a new one that serves.  A worker that dies
# while starting fails the reload (Success=0) and the old one serves on.
# shellcheck disable=SC2154
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/mworker_lib.sh"
need_hapx
need_cmd socat
need_cmd curl

FE=$(free_port)
# $1: the master-worker line's option.
write_cfg() {
	cat >"$tmp/h.cfg" <<EOF
global
	master-worker $1
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend f
	bind 127.0.0.1:$FE
	http-request return status 200 content-type text/plain string ok
EOF
}

# Default: the master follows its worker.
write_cfg ""
start_master "$tmp/h.cfg" "$FE"
w=$(worker_pids)
MW_WORKERS=$w
kill -KILL "$w"
rc=0
wait "$MASTER_PID" || rc=$?
assert_eq "$rc" 137 "master exit status after its worker was killed"
assert_contains "$tmp/master.err" "Current worker ($w) exited with code 137"

# A worker stopped by SIGTERM is no failure: the master exits 0 once it
# has no worker left, as HAProxy 2.6's ("All workers exited").
rm -f "$MSOCK"
start_master "$tmp/h.cfg" "$FE"
w=$(worker_pids)
MW_WORKERS="$MW_WORKERS $w"
kill -TERM "$w"
rc=0
wait "$MASTER_PID" || rc=$?
assert_eq "$rc" 0 "master exit status after its worker got SIGTERM"
assert_contains "$tmp/master.err" "All workers exited. Exiting... (0)"
grep -q "exit-on-failure" "$tmp/master.err" &&
    fail "SIGTERM to the worker counted as a failure"

# no-exit-on-failure: the master stays and a reload starts a worker.
rm -f "$MSOCK"
write_cfg no-exit-on-failure
start_master "$tmp/h.cfg" "$FE"
w=$(worker_pids)
MW_WORKERS="$MW_WORKERS $w"
kill -KILL "$w"
n=0
while [ -n "$(worker_pids)" ] && [ "$n" -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
assert_eq "$(worker_pids)" "" "workers after the only one was killed"
pid_alive "$MASTER_PID" || fail "no-exit-on-failure: the master exited"
mcli reload >"$tmp/r1"
assert_contains "$tmp/r1" "Success=1"
MW_WORKERS="$MW_WORKERS $(worker_pids)"
assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/")" ok \
    "a new worker after the reload"

# A worker that cannot start (the configuration loads, but its chroot
# fails in the worker): the reload fails, the running worker serves on.
cur=$(worker_pids)
sed -i 's|^global$|global\n\tchroot /nonexistent/hapx-test|' "$tmp/h.cfg"
mcli reload >"$tmp/r2"
assert_contains "$tmp/r2" "Success=0"
assert_contains "$tmp/r2" "before it was ready"
assert_contains "$tmp/master.err" "cannot chroot"
assert_eq "$(worker_pids)" "$cur" "the worker after a failed start"
assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/")" ok \
    "serving after the failed reload"
exit 0
