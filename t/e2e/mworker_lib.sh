# t/e2e/mworker_lib.sh: helpers for the master-worker tests; source it
# after t/lib.sh.
#
#   start_master CFG PORT [ARGS...]  hapx -W -S $tmp/m.sock ARGS -f CFG;
#                                    sets MASTER_PID, waits for PORT
#   mcli CMD...                      send one line to the master CLI
#   wait_reloads N                   until "show proc" counts N reloads
#   worker_pids                      the workers "show proc" lists

MSOCK="$tmp/m.sock"

start_master() {
	_cfg=$1
	_port=$2
	shift 2
	"$HAPX" -W -S "$MSOCK" "$@" -f "$_cfg" >"$tmp/master.out" \
	    2>"$tmp/master.err" &
	MASTER_PID=$!
	track_pid "$MASTER_PID"
	if ! wait_port "$_port"; then
		cat "$tmp/master.err" >&2
		fail "hapx -W never listened on $_port"
	fi
	_n=0
	while [ ! -S "$MSOCK" ] && [ "$_n" -lt 50 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
}

# mcli LINE: the master CLI's answer (socat waits up to 10 s for it).
mcli() {
	printf '%s\n' "$*" | socat -t 10 -T 10 - "UNIX-CONNECT:$MSOCK"
}

# The master's reload count, from its "show proc" line.
master_reloads() {
	mcli "show proc" | awk '$2 == "master" { print $3 }'
}

wait_reloads() {
	_n=0
	while [ "$(master_reloads)" != "$1" ] && [ "$_n" -lt 50 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	assert_eq "$(master_reloads)" "$1" "reloads counted by show proc"
}

worker_pids() {
	mcli "show proc" | awk '$2 == "worker" { print $1 }'
}

# Workers are the master's children and stop with it (PR_SET_PDEATHSIG);
# kill any left over, by the PIDs the master listed.
MW_WORKERS=
test_cleanup() {
	for _w in $MW_WORKERS; do
		kill "$_w" 2>/dev/null || :
	done
}
