#!/bin/sh
# hard-stop-after bounds how long an old worker drains after a reload
# (issue 15): with "hard-stop-after 1s", an old worker holding a request
# that never ends exits about 1 s after the reload, while the new worker
# serves; a held request that ends in time gets its answer.
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
	hard-stop-after 1s
defaults
	mode http
	timeout connect 2s
	timeout client 20s
	timeout server 20s
listen l
	bind 127.0.0.1:$FE
	server A 127.0.0.1:$up
EOF
start_master "$tmp/h.cfg" "$FE"
old=$(worker_pids)
MW_WORKERS=$old

curl -s --max-time 15 "http://127.0.0.1:$FE/hold/never" >/dev/null &
c1=$!
track_pid "$c1"
curl -s --max-time 15 "http://127.0.0.1:$FE/hold/go2" >"$tmp/soon" &
c2=$!
track_pid "$c2"
sleep 0.5
t0=$(now_ms)
kill -USR2 "$MASTER_PID"
wait_reloads 1
MW_WORKERS="$MW_WORKERS $(worker_pids)"
sleep 0.3
: >"$tmp/go2"
wait "$c2" || fail "a request that ended before hard-stop-after failed"
assert_contains "$tmp/soon" "A GET /hold/go2"
pid_alive "$old" || fail "the old worker left before hard-stop-after"

n=0
while pid_alive "$old" && [ "$n" -lt 40 ]; do
	sleep 0.1
	n=$((n + 1))
done
pid_alive "$old" && fail "the old worker outlived hard-stop-after 1s"
dt=$(($(now_ms) - t0))
[ "$dt" -ge 900 ] && [ "$dt" -le 3500 ] ||
    fail "the old worker left $dt ms after the reload (want about 1 s)"
wait "$c1" && fail "the request cut by hard-stop-after succeeded"
assert_eq "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:$FE/x")" 200 "the new worker"
exit 0
