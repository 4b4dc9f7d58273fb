# t/e2e/proxy_lib.sh: helpers for the engine's e2e tests (proc_*, lb_*,
# tcp_*) on top of t/lib.sh and spark_lib.sh. POSIX sh; source it.
#
#   start_py up1 http --name A        # $up1 = its port; t/e2e/pyserv.py
#   start_py echo1 echo --banner E1
#   r=$(pyclient "$FE_PORT" --send 'GET / HTTP/1.0\r\n\r\n' --out "$tmp/o")
#   case $r in *"eof=yes"*) ;; esac
#   t0=$(now_ms); ...; dt=$(($(now_ms) - t0))      # now_ms is in t/lib.sh
#   curl_name URL                      # the X-Fake-Spark header, or ERR:code

if [ -z "${_lib_pids+x}" ]; then
	# shellcheck source=../lib.sh
	. "${top_srcdir:-.}/t/lib.sh"
fi
# shellcheck source=spark_lib.sh
. "$top_srcdir/t/e2e/spark_lib.sh"

PYSERV="$top_srcdir/t/e2e/pyserv.py"
need_py
need_cmd curl

# start_py VAR MODE [ARGS...]: start "pyserv.py MODE ARGS" in the
# background, wait for its PORT line and set the shell variable VAR to the
# port (and VAR_pid to its PID, VAR_out to its stdout file): start_server.
start_py() {
	_pv=$1
	shift
	start_server "$_pv" "$PY" "$PYSERV" "$@"
}

# pyclient PORT [ARGS...]: "pyserv.py client PORT ARGS"; prints its
# one-line summary.
pyclient() {
	"$PY" "$PYSERV" client "$@"
}

# field LINE KEY: the value of KEY=... in a pyclient summary line.
field() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# curl_name URL [CURL_ARGS...]: print the X-Fake-Spark header of the
# response, or "ERR:<code>" when there is none.
curl_name() {
	_cu=$1
	shift
	_cr=$(curl -s --max-time 5 -D - -o /dev/null "$@" "$_cu" | tr -d '\r')
	_cn=$(printf '%s\n' "$_cr" | sed -n 's/^[Xx]-[Ff]ake-[Ss]park: //p')
	if [ -n "$_cn" ]; then
		printf '%s\n' "$_cn"
	else
		printf 'ERR:%s\n' "$(printf '%s\n' "$_cr" |
		    sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p')"
	fi
}

# show_hapx_logs: hapx's stdout/stderr, for a failure report.
show_hapx_logs() {
	_spark_show_logs "$tmp/hapx.out" "$tmp/hapx.err"
}

# between VALUE LO HI MSG: fail unless LO <= VALUE <= HI.
between() {
	if [ "$1" -lt "$2" ] || [ "$1" -gt "$3" ]; then
		fail "$4: $1 not within [$2, $3]"
	fi
}
