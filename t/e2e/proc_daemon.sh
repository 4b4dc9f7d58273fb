#!/bin/sh
# Daemon mode (spec §11): "daemon" in the config or -D forks after
# binding; the parent exits 0 at once and the pid file ("pidfile" or
# -p, which wins) holds the pid of the child that serves. The test stops
# each daemon by the pid from its pid file. No pid file in the foreground.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A

# run_daemon CFG PORT PIDFILE [ARGS...]: start hapx without -db, check
# that the parent exits 0 and that the pid in PIDFILE serves PORT; sets
# $dpid.
run_daemon() {
	_cfg=$1
	_port=$2
	_pf=$3
	shift 3
	rm -f "$_pf"
	"$HAPX" -f "$_cfg" "$@" >"$tmp/d.out" 2>"$tmp/d.err" &
	_parent=$!
	track_pid "$_parent"
	_n=0
	while _spark_alive "$_parent" && [ "$_n" -lt 30 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	_spark_alive "$_parent" && fail "the parent of the daemon did not exit"
	wait "$_parent"
	_rc=$?
	[ "$_rc" = 0 ] || { _spark_show_logs "$tmp/d.out" "$tmp/d.err"; \
	    fail "the parent exited with $_rc"; }
	[ -s "$_pf" ] || fail "no pid file $_pf"
	dpid=$(tr -d ' \n' <"$_pf")
	case $dpid in '' | *[!0-9]*) fail "pid file holds '$dpid'" ;; esac
	track_pid "$dpid"
	[ "$dpid" != "$_parent" ] || fail "the pid file holds the parent's pid"
	kill -0 "$dpid" 2>/dev/null || fail "pid $dpid from $_pf is not running"
	wait_port "$_port" || fail "the daemon does not listen on $_port"
	assert_eq "$(curl_name "http://127.0.0.1:$_port/")" A "served by the daemon"
	# The serving process is the one in the pid file: it holds the port.
	if command -v ss >/dev/null 2>&1; then
		ss -ltnp 2>/dev/null | grep ":$_port " | grep -q "pid=$dpid," ||
		    fail "port $_port is not held by pid $dpid"
	fi
}

# stop_daemon: SIGTERM the pid from the pid file; it must go away.
stop_daemon() {
	kill -TERM "$dpid" || fail "cannot signal $dpid"
	_n=0
	while kill -0 "$dpid" 2>/dev/null && [ "$_n" -lt 30 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	kill -0 "$dpid" 2>/dev/null && fail "daemon $dpid did not stop"
	r=$(pyclient "$1" --wait 1)
	assert_eq "$(field "$r" connect)" refused "port free after the stop ($r)"
}

# "daemon" and "pidfile" in the config.
FE=$(free_port)
cat >"$tmp/d1.cfg" <<EOF
global
	daemon
	pidfile $tmp/cfg.pid
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen l
	bind 127.0.0.1:$FE
	server A 127.0.0.1:$upA
EOF
run_daemon "$tmp/d1.cfg" "$FE" "$tmp/cfg.pid"
stop_daemon "$FE"

# -D and -p on the command line; -p wins over "pidfile".
FE=$(free_port)
cat >"$tmp/d2.cfg" <<EOF
global
	pidfile $tmp/ignored.pid
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen l
	bind 127.0.0.1:$FE
	server A 127.0.0.1:$upA
EOF
run_daemon "$tmp/d2.cfg" "$FE" "$tmp/cli.pid" -D -p "$tmp/cli.pid"
if [ -e "$tmp/ignored.pid" ]; then fail "-p must win over pidfile"; fi
stop_daemon "$FE"

# In the foreground there is no pid file (HAProxy 2.6 without
# master-worker writes it in daemon mode only).
FE=$(free_port)
sed "s/bind 127.0.0.1:[0-9]*/bind 127.0.0.1:$FE/" "$tmp/d2.cfg" >"$tmp/d3.cfg"
start_hapx "$tmp/d3.cfg" "$FE" -p "$tmp/fg.pid"
if [ -e "$tmp/fg.pid" ] || [ -e "$tmp/ignored.pid" ]; then
	fail "a pid file was written in the foreground"
fi
