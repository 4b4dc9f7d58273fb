#!/bin/sh
# Master-worker reload under load (issue 15): wrk keeps 50 keep-alive
# connections busy through "hapx -W" while the configuration changes and
# SIGUSR2 is sent three times: no socket error, no non-2xx answer, and
# each new route is live afterwards.  Then a broken configuration: the
# master CLI's "reload" says Success=0 and why, the old worker keeps
# serving, "show proc" counts the failure; SIGTERM makes the master exit
# 0 with its workers (as HAProxy 2.6.12).
# shellcheck disable=SC2154
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/mworker_lib.sh"
need_hapx
need_cmd socat
need_cmd curl
[ -x /usr/bin/wrk ] || skip "wrk not installed"

FE=$(free_port)
# $1: how many routes /r1../rN the configuration has.
write_cfg() {
	{
		printf 'global\n\thard-stop-after 10s\n'
		printf 'defaults\n\tmode http\n\ttimeout connect 2s\n'
		printf '\ttimeout client 10s\n\ttimeout server 10s\n'
		printf '\ttimeout http-keep-alive 2s\n'
		# A soft-stopping worker answers the next request of an idle
		# keep-alive connection with "Connection: close" instead of
		# closing it under a client that may be sending (HAProxy's
		# advice for reloads under keep-alive load).
		printf '\toption idle-close-on-response\n'
		printf 'frontend f\n\tbind 127.0.0.1:%s\n' "$FE"
		_i=1
		while [ "$_i" -le "$1" ]; do
			printf '\thttp-request return status 200 content-type '
			printf 'text/plain string r%s-g%s if { path /r%s }\n' \
			    "$_i" "$1" "$_i"
			_i=$((_i + 1))
		done
		printf '\thttp-request return status 200 content-type '
		printf 'text/plain string ok\n'
	} >"$tmp/h.cfg"
}

write_cfg 0
start_master "$tmp/h.cfg" "$FE"
assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/")" ok "first worker"
MW_WORKERS=$(worker_pids)
[ -n "$MW_WORKERS" ] || fail "show proc lists no worker"
mcli "show proc" >"$tmp/proc0"
assert_contains "$tmp/proc0" "#<PID>          <type>          <reloads>       <uptime>        <version>"
assert_contains "$tmp/proc0" " master          0 [failed: 0]   0d00h00m0"
assert_eq "$(awk '$2 == "master" { print $1 }' "$tmp/proc0")" "$MASTER_PID" \
    "the master's pid in show proc"
assert_contains "$tmp/proc0" "# workers"

/usr/bin/wrk -t 2 -c 50 -d 4s "http://127.0.0.1:$FE/" >"$tmp/wrk.out" 2>&1 &
wpid=$!
track_pid "$wpid"
sleep 0.5
for gen in 1 2 3; do
	write_cfg "$gen"
	kill -USR2 "$MASTER_PID"
	wait_reloads "$gen"
	MW_WORKERS="$MW_WORKERS $(worker_pids)"
	sleep 0.6
done
wait "$wpid" || fail "wrk failed: $(cat "$tmp/wrk.out")"
if grep -q -e "Socket errors" -e "Non-2xx" "$tmp/wrk.out"; then
	cat "$tmp/wrk.out" >&2
	fail "errors during the reloads under load"
fi
reqs=$(awk '/requests in/ { print $1 }' "$tmp/wrk.out")
[ "${reqs:-0}" -gt 1000 ] ||
    fail "wrk made only ${reqs:-0} requests: $(cat "$tmp/wrk.out")"

# The last generation's routes are live: its new one, and an old one
# with its new answer.
assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/r3")" r3-g3 "new route"
assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/r1")" r1-g3 \
    "a changed route"

# The old workers finish and leave: one worker is left.
n=0
while [ "$(worker_pids | wc -l)" -ne 1 ] && [ "$n" -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
mcli "show proc" >"$tmp/proc3"
assert_eq "$(grep -c ' worker ' "$tmp/proc3")" 1 "workers after the reloads"
assert_contains "$tmp/proc3" "master          3 [failed: 0]"

# A broken configuration: Success=0 with the reason; the worker serves on.
printf 'frontend g\n\tbind 127.0.0.1:%s\n\tbogus-keyword 1\n' "$FE" \
    >>"$tmp/h.cfg"
mcli reload >"$tmp/bad"
assert_contains "$tmp/bad" "Success=0"
assert_contains "$tmp/bad" "bogus-keyword"
assert_contains "$tmp/bad" "h.cfg:"
assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/r2")" r2-g3 \
    "the old worker after a failed reload"
assert_contains "$tmp/master.err" "Loading failure!"
mcli "show proc" >"$tmp/proc4"
assert_contains "$tmp/proc4" "master          3 [failed: 1]"

# A good one through the master CLI: Success=1.
write_cfg 4
mcli reload >"$tmp/good"
assert_contains "$tmp/good" "Success=1"
assert_contains "$tmp/good" "--"
assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/r4")" r4-g4 "CLI reload"
MW_WORKERS="$MW_WORKERS $(worker_pids)"

# hapx reload: checks the files first, then reloads through the CLI.
write_cfg 5
"$HAPX" reload -S "$MSOCK" -f "$tmp/h.cfg" >"$tmp/hr.out" 2>&1 ||
    fail "hapx reload: $(cat "$tmp/hr.out")"
assert_contains "$tmp/hr.out" "Configuration file is valid"
assert_contains "$tmp/hr.out" "reload succeeded"
assert_contains "$tmp/hr.out" "no old worker left"
assert_eq "$(curl -s --max-time 5 "http://127.0.0.1:$FE/r5")" r5-g5 \
    "hapx reload"
printf '\tbogus-keyword 1\n' >>"$tmp/h.cfg"
rc=0
"$HAPX" reload -S "$MSOCK" -f "$tmp/h.cfg" >"$tmp/hr.out" 2>&1 || rc=$?
assert_eq "$rc" 1 "hapx reload of a broken configuration"
assert_contains "$tmp/hr.out" "not reloading"
rc=0
"$HAPX" reload -S "$MSOCK" >"$tmp/hr.out" 2>&1 || rc=$?
assert_eq "$rc" 1 "hapx reload refused by the master"
assert_contains "$tmp/hr.out" "reload FAILED"
assert_contains "$tmp/hr.out" "bogus-keyword"
MW_WORKERS="$MW_WORKERS $(worker_pids)"

# SIGTERM: forwarded to the workers; the master exits 0, as HAProxy
# 2.6.12 does (observed).
kill -TERM "$MASTER_PID"
rc=0
wait "$MASTER_PID" || rc=$?
assert_eq "$rc" 0 "master exit status after SIGTERM"
for w in $MW_WORKERS; do
	pid_alive "$w" && fail "worker $w outlived its master"
done
exit 0
