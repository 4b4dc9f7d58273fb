#!/bin/sh
# The master CLI and the old workers (issue 15): global "master-worker"
# (no -W) with the master CLI on an inherited descriptor (-S fd@N, as
# VTest passes it); "show proc" lists a worker that still holds a slow
# request under "# old workers" with its reload count; the request ends
# with its full answer; "mworker-max-reloads 1" kills an old worker that
# lives through a second reload; help, prompt mode, an unknown command,
# @N / @!PID forwarding and a PID that is no worker.
# shellcheck disable=SC2154
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/mworker_lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"
need_hapx
need_py
need_cmd socat
need_cmd curl

start_py up http --name A --hold-dir "$tmp"
FE=$(free_port)
cat >"$tmp/h.cfg" <<EOF
global
	master-worker
	mworker-max-reloads 1
defaults
	mode http
	timeout connect 2s
	timeout client 20s
	timeout server 20s
listen l
	bind 127.0.0.1:$FE
	server A 127.0.0.1:$up
EOF

# A bad -S option is an error before anything starts.
rc=0
"$HAPX" -W -S "$tmp/x.sock,mode,600,bogus,1" -f "$tmp/h.cfg" \
    >"$tmp/bad.out" 2>&1 || rc=$?
assert_eq "$rc" 1 "-S with an unknown option"
assert_contains "$tmp/bad.out" "unknown option 'bogus'"
wait_port "$FE" 3 && fail "a master with a bad -S started anyway"

# The master CLI's socket is made here and passed as fd 5.
cat >"$tmp/fdexec.py" <<'PYEOF'
import os, socket, sys
path = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(5)
os.dup2(s.fileno(), 5)
os.set_inheritable(5, True)
os.execv(sys.argv[2], sys.argv[2:])
PYEOF
"$PY" "$tmp/fdexec.py" "$MSOCK" "$HAPX" -S fd@5 -f "$tmp/h.cfg" \
    >"$tmp/master.out" 2>"$tmp/master.err" &
MASTER_PID=$!
track_pid "$MASTER_PID"
wait_port "$FE" || fail "global master-worker never listened: $(cat "$tmp/master.err")"
first=$(worker_pids)
[ "$(printf '%s\n' "$first" | wc -l)" -eq 1 ] || fail "workers: $first"
[ "$first" != "$MASTER_PID" ] || fail "no worker process: $first"
MW_WORKERS=$first

# A request the first worker holds until $tmp/go1 exists.
curl -s --max-time 15 "http://127.0.0.1:$FE/hold/go1" >"$tmp/slow1" &
c1=$!
track_pid "$c1"
# And one the first worker holds until it is killed.
curl -s --max-time 15 "http://127.0.0.1:$FE/hold/never" >"$tmp/slow2" &
c2=$!
track_pid "$c2"
sleep 0.5
# hapx reload: the old worker drains the two held requests.
"$HAPX" reload -S "$MSOCK" >"$tmp/hr.out" 2>&1 ||
    fail "hapx reload: $(cat "$tmp/hr.out")"
assert_contains "$tmp/hr.out" "reload succeeded"
assert_contains "$tmp/hr.out" "old workers still draining:"
assert_contains "$tmp/hr.out" "  worker $first: 2 connections"
wait_reloads 1
MW_WORKERS="$MW_WORKERS $(worker_pids)"
mcli "show proc" >"$tmp/proc1"
assert_contains "$tmp/proc1" "# old workers"
sed -n '/^# old workers$/,/^# programs$/p' "$tmp/proc1" >"$tmp/old1"
assert_contains "$tmp/old1" "$first "
assert_eq "$(awk -v p="$first" '$1 == p { print $3 }' "$tmp/old1")" 1 \
    "the old worker's reload count"

# The held request ends with its answer from the old worker.
: >"$tmp/go1"
wait "$c1" || fail "the in-flight request failed across the reload"
assert_contains "$tmp/slow1" "A GET /hold/go1"

# A second reload: the old worker has lived through 2 > 1: killed.
kill -USR2 "$MASTER_PID"
wait_reloads 2
n=0
while pid_alive "$first" && [ "$n" -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
pid_alive "$first" && fail "mworker-max-reloads 1: worker $first still runs"
assert_contains "$tmp/master.err" "maximum number of reloads"
wait "$c2" && fail "the request of the killed worker succeeded"
mcli "show proc" >"$tmp/proc2"
if grep -q "^$first " "$tmp/proc2"; then
	fail "show proc still lists the killed worker"
fi

# help, an unknown command, prompt mode.
mcli help >"$tmp/help"
assert_contains "$tmp/help" "The following commands are valid at this level:"
assert_contains "$tmp/help" "  reload                                  : load the configuration again"
mcli bogus >"$tmp/bogus"
assert_contains "$tmp/bogus" "Unknown command, but maybe one of the following"
printf 'prompt\nshow version\nquit\n' |
    socat -t 5 - "UNIX-CONNECT:$MSOCK" >"$tmp/prompt"
assert_eq "$(head -c 8 "$tmp/prompt")" "master> " "the prompt"
assert_contains "$tmp/prompt" "master> "

# Levels: admin by default, "user" lowers it; ';' chains commands.
assert_eq "$(mcli "show cli level")" admin "the -S default level"
assert_eq "$(mcli "user; show cli level")" user "after 'user'"
# reload needs the operator level, as HAProxy's master CLI.
mcli "user; reload" >"$tmp/userreload"
assert_contains "$tmp/userreload" "Permission denied"
grep -q "Success=" "$tmp/userreload" && fail "a user-level reload ran"

# Two reloads on one line with a broken configuration: both refused, in
# order, and the master is still there (the second used to run inside the
# first's answer).
cp "$tmp/h.cfg" "$tmp/h.cfg.good"
echo "frontend broken" >>"$tmp/h.cfg"
echo "	bind 127.0.0.1:bogus" >>"$tmp/h.cfg"
mcli "reload; reload" >"$tmp/rr"
assert_eq "$(grep -c '^Success=0' "$tmp/rr")" 2 "answers to 'reload; reload'"
pid_alive "$MASTER_PID" || fail "the master died on 'reload; reload'"
cp "$tmp/h.cfg.good" "$tmp/h.cfg"

# @1 and @!PID reach the current worker; an unknown PID is refused.
cur=$(worker_pids)
mcli "@1 show version" >"$tmp/at1"
mcli "@!$cur show version" >"$tmp/atpid"
[ -s "$tmp/at1" ] || fail "@1: no answer"
cmp -s "$tmp/at1" "$tmp/atpid" || fail "@1 and @!$cur differ"
mcli "@!1 show version" >"$tmp/atbad"
assert_contains "$tmp/atbad" "Can't find the target PID matching the prefix '@!1'"
mcli "@1 show info" >"$tmp/info"
assert_contains "$tmp/info" "Pid: $cur"
mcli "@master show proc" >"$tmp/atmaster"
assert_contains "$tmp/atmaster" "# workers"

kill -INT "$MASTER_PID"
rc=0
wait "$MASTER_PID" || rc=$?
assert_eq "$rc" 130 "master exit status after SIGINT"
exit 0
