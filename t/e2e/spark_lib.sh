# t/e2e/spark_lib.sh: helpers for end-to-end tests with fake Spark masters
# (t/fake_spark.py) in front of hapx. POSIX sh; source it, do not run it.
#
#   . "${top_srcdir:-.}/t/lib.sh"          # optional: sourced here if not yet
#   . "$top_srcdir/t/e2e/spark_lib.sh"
#
#   start_spark spark1 ALIVE               # SPARK_PORT_spark1, SPARK1_PORT
#   start_spark spark2 STANDBY --spark4    # extra args go to fake_spark.py
#   FE_PORT=$(free_port)
#   render_cfg "$top_srcdir/t/e2e/x.cfg.in" "$tmp/x.cfg"   # @FE_PORT@ ...
#   start_hapx "$tmp/x.cfg" "$FE_PORT"
#   curl -s --max-time 5 "http://127.0.0.1:$FE_PORT/spark/"
#   set_spark_state spark1 GONE            # waits until it has exited
#   grep -F '"line": "GET / HTTP/1.0"' "$(spark_log spark1)"
#
# All files live in $tmp (removed by t/lib.sh's trap); every process started
# here is given to track_pid, so the trap kills it by PID.

if [ -z "${_lib_pids+x}" ]; then
	# shellcheck source=../lib.sh
	. "${top_srcdir:-.}/t/lib.sh"
fi

FAKE_SPARK="$top_srcdir/t/fake_spark.py"

# _spark_var NAME: check that NAME can be part of a variable name.
_spark_var() {
	case "$1" in
	"" | *[!A-Za-z0-9_]*) fail "spark name must be [A-Za-z0-9_]+: '$1'" ;;
	esac
}

# _spark_get VAR: print the value of the variable named VAR.
_spark_get() {
	eval "printf '%s\n' \"\${$1-}\""
}

# _spark_show_logs FILE...: print FILEs (stdout/stderr of a process) to
# stderr, for failure reports.
_spark_show_logs() {
	for _f in "$@"; do
		[ -s "$_f" ] || continue
		printf -- '--- %s:\n' "$_f" >&2
		tail -n 30 "$_f" >&2
	done
}

# _spark_alive PID: true while PID runs (t/lib.sh).
_spark_alive() {
	pid_alive "$1"
}

# start_spark NAME STATE [FAKE_SPARK_ARGS...]: start a fake master on a free
# port (or --port N given in the extra args) and wait for it to listen.
# Exports SPARK_PORT_<NAME>, <UPPERNAME>_PORT (spark1 -> SPARK1_PORT, for
# render_cfg), SPARK_PID_<NAME>, SPARK_STATE_<NAME> (its state file, absent
# until set_spark_state) and SPARK_LOG_<NAME> (its JSON-lines request log).
start_spark() {
	[ $# -ge 2 ] || fail "usage: start_spark NAME STATE [ARGS...]"
	need_py
	_spark_var "$1"
	_sn=$1
	_sst=$2
	shift 2
	# shellcheck disable=SC2154 # $tmp comes from t/lib.sh
	_sdir="$tmp/spark-$_sn"
	mkdir -p "$_sdir" || fail "mkdir $_sdir"
	rm -f "$_sdir/state" "$_sdir/requests.log"
	start_server "SPARK_PORT_$_sn" "$PY" "$FAKE_SPARK" --port 0 \
	    --host 127.0.0.1 --name "$_sn" --state "$_sst" \
	    --state-file "$_sdir/state" --log "$_sdir/requests.log" "$@"
	_sport=$(_spark_get "SPARK_PORT_$_sn")
	_spid=$(_spark_get "SPARK_PORT_${_sn}_pid")
	_sup=$(printf '%s' "$_sn" | tr '[:lower:]' '[:upper:]')
	export "SPARK_PORT_$_sn"
	eval "${_sup}_PORT=\$_sport; export ${_sup}_PORT"
	eval "SPARK_PID_$_sn=\$_spid; export SPARK_PID_$_sn"
	eval "SPARK_STATE_$_sn=\$_sdir/state; export SPARK_STATE_$_sn"
	eval "SPARK_LOG_$_sn=\$_sdir/requests.log; export SPARK_LOG_$_sn"
}

# spark_port NAME: print the port of fake master NAME.
spark_port() {
	_spark_var "$1"
	_v=$(_spark_get "SPARK_PORT_$1")
	[ -n "$_v" ] || fail "no fake spark named '$1'"
	printf '%s\n' "$_v"
}

# spark_log NAME: print the path of NAME's request log (JSON lines, one per
# request: "line", "method", "target", "version", "headers", "body_len",
# "conn", "seq", "status", "state", "name"; see t/fake_spark.py). The file
# does not exist until the first request.
spark_log() {
	_spark_var "$1"
	[ -n "$(_spark_get "SPARK_PORT_$1")" ] || fail "no fake spark named '$1'"
	printf '%s\n' "$tmp/spark-$1/requests.log"
}

# spark_requests NAME: print how many requests NAME has logged.
spark_requests() {
	_f=$(spark_log "$1")
	if [ -f "$_f" ]; then
		wc -l <"$_f" | tr -d ' '
	else
		echo 0
	fi
}

# wait_spark_log NAME TEXT [TRIES]: wait until NAME's request log contains
# the fixed string TEXT, TRIES times 0.1 s apart (default 50). Returns 1 if
# it never does (e.g. a health check that never came).
wait_spark_log() {
	_f=$(spark_log "$1")
	_n=0
	while [ "$_n" -lt "${3:-50}" ]; do
		if [ -f "$_f" ] && grep -F -q -e "$2" "$_f"; then
			return 0
		fi
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
}

# set_spark_state NAME STATE: switch fake master NAME at run time. STATE is
# ALIVE, STANDBY, RECOVERING, COMPLETING_RECOVERY (what the page and /json
# show), HANG (accept, never answer), CLOSE (close without answering), NNN
# (answer every request with status NNN, e.g. 500) or GONE (close the
# listener and exit; this waits until the process is gone, so the port
# refuses connections when it returns). The next request sees the new state.
set_spark_state() {
	[ $# -eq 2 ] || fail "usage: set_spark_state NAME STATE"
	_spark_var "$1"
	_sf=$(_spark_get "SPARK_STATE_$1")
	[ -n "$_sf" ] || fail "no fake spark named '$1'"
	if ! printf '%s\n' "$2" >"$_sf.new" || ! mv -f "$_sf.new" "$_sf"; then
		fail "cannot write $_sf"
	fi
	if [ "$2" = GONE ]; then
		# It polls the file every 50 ms, closes its listener and exits.
		_spid=$(_spark_get "SPARK_PID_$1")
		_n=0
		while _spark_alive "$_spid"; do
			[ "$_n" -lt 50 ] || fail "fake spark '$1' did not exit on GONE"
			sleep 0.1
			_n=$((_n + 1))
		done
		wait "$_spid" 2>/dev/null || :
	fi
}

# start_hapx CFG PORT [HAPX_ARGS...]: start "$HAPX" -db -f CFG in the
# background (stdout and stderr in $tmp/hapx.out and $tmp/hapx.err), track
# its PID (exported as HAPX_PID) and wait until 127.0.0.1:PORT accepts
# connections. Fails, showing hapx's output, if it exits or never listens.
start_hapx() {
	[ $# -ge 2 ] || fail "usage: start_hapx CFG PORT [ARGS...]"
	need_hapx
	_hcfg=$1
	_hport=$2
	shift 2
	[ -f "$_hcfg" ] || fail "start_hapx: no such config: $_hcfg"
	"$HAPX" -db -f "$_hcfg" "$@" >"$tmp/hapx.out" 2>"$tmp/hapx.err" &
	HAPX_PID=$!
	export HAPX_PID
	track_pid "$HAPX_PID"
	_n=0
	while ! wait_port "$_hport" 1; do
		if ! _spark_alive "$HAPX_PID"; then
			wait "$HAPX_PID"
			_hrc=$?
			_spark_show_logs "$tmp/hapx.out" "$tmp/hapx.err"
			fail "hapx exited with status $_hrc before listening on $_hport"
		fi
		_n=$((_n + 1))
		if [ "$_n" -ge 50 ]; then
			_spark_show_logs "$tmp/hapx.out" "$tmp/hapx.err"
			fail "hapx is running but 127.0.0.1:$_hport never accepted"
		fi
		sleep 0.1
	done
	if ! _spark_alive "$HAPX_PID"; then
		_spark_show_logs "$tmp/hapx.out" "$tmp/hapx.err"
		fail "hapx exited right after startup"
	fi
}

# render_cfg TEMPLATE OUT: copy TEMPLATE to OUT, replacing each @VAR@ with
# the value of the shell variable VAR (exported or not). Fails if a VAR is
# unset, so a typo cannot leave a placeholder behind.
render_cfg() {
	[ $# -eq 2 ] || fail "usage: render_cfg TEMPLATE OUT"
	[ -f "$1" ] || fail "render_cfg: no such template: $1"
	_rvars=$(awk '{
		s = $0
		while (match(s, /@[A-Za-z_][A-Za-z0-9_]*@/)) {
			print substr(s, RSTART + 1, RLENGTH - 2)
			s = substr(s, RSTART + RLENGTH)
		}
	}' "$1" | sort -u)
	: >"$tmp/render.sed"
	for _rv in $_rvars; do
		if eval "[ -z \"\${$_rv+x}\" ]"; then
			fail "render_cfg: $1 uses @$_rv@ but \$$_rv is not set"
		fi
		# Escape the replacement for sed: backslash, '|' and '&'.
		_rval=$(_spark_get "$_rv" | sed 's/[\\|&]/\\&/g')
		printf 's|@%s@|%s|g\n' "$_rv" "$_rval" >>"$tmp/render.sed"
	done
	sed -f "$tmp/render.sed" "$1" >"$2" || fail "render_cfg: sed failed"
}
