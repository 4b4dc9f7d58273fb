# t/e2e/log_lib.sh: helpers for the logging e2e tests (log_*.sh) on top of
# t/lib.sh and proxy_lib.sh. POSIX sh; source it.
#
#   start_logrecv syslog udp            # $syslog = its UDP port,
#                                       # $syslog_out = the lines received
#   start_logrecv ulog unix "$tmp/log.sock"
#   wait_lines "$syslog_out" 3          # fails unless 3 lines come
#   logcheck httplog "$syslog_out" 1 status=200 term=----

# shellcheck source=proxy_lib.sh
. "$top_srcdir/t/e2e/proxy_lib.sh"

LOGRECV="$top_srcdir/t/e2e/log_recv.py"
LOGCHECK="$top_srcdir/t/e2e/log_check.py"

# start_logrecv VAR MODE [PATH|PORT]: start "log_recv.py MODE ..." in the
# background; VAR = its port (udp, udp6) or "ready" (unix), VAR_out = the
# file of received lines. MODE udp with a PORT returns 1 when that port
# cannot be bound (taken, or privileged), instead of failing.
start_logrecv() {
	_lv=$1
	_lm=$2
	_lo="$tmp/log-$_lv.lines"
	_ls="$tmp/log-$_lv.stdout"
	: >"$_ls"
	case $_lm in
	udp) "$PY" "$LOGRECV" udp --port "${3:-0}" --out "$_lo" \
	    >"$_ls" 2>&1 & ;;
	udp6) "$PY" "$LOGRECV" udp --host ::1 --out "$_lo" >"$_ls" 2>&1 & ;;
	unix) "$PY" "$LOGRECV" unix "$3" --out "$_lo" >"$_ls" 2>&1 & ;;
	*) fail "start_logrecv: unknown mode $_lm" ;;
	esac
	_lpid=$!
	track_pid "$_lpid"
	_n=0
	_lp=
	while [ "$_n" -lt 100 ]; do
		_lp=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p; s/^READY$/ready/p' \
		    "$_ls")
		[ -n "$_lp" ] && break
		if ! kill -0 "$_lpid" 2>/dev/null; then
			[ "$_lm" = udp ] && [ -n "${3:-}" ] && return 1
			break
		fi
		sleep 0.05
		_n=$((_n + 1))
	done
	[ -n "$_lp" ] || fail "log_recv.py $_lm did not start: $(cat "$_ls")"
	eval "$_lv=\$_lp; ${_lv}_out=\$_lo"
}

# nlines FILE: the number of lines in FILE (0 if it does not exist).
nlines() {
	if [ -f "$1" ]; then
		wc -l <"$1" | tr -d ' '
	else
		echo 0
	fi
}

# wait_lines FILE N [TRIES]: wait until FILE has at least N lines, TRIES
# times 0.05 s apart (default 60); fails showing FILE if it never does.
wait_lines() {
	_n=0
	while [ "$(nlines "$1")" -lt "$2" ]; do
		if [ "$_n" -ge "${3:-60}" ]; then
			printf -- '--- %s:\n' "$1" >&2
			cat "$1" >&2 2>/dev/null
			fail "$1: $(nlines "$1") lines, want $2"
		fi
		sleep 0.05
		_n=$((_n + 1))
	done
}

# logcheck FORMAT FILE N KEY=VALUE...: fail unless line N has those fields
# (see log_check.py).
logcheck() {
	"$PY" "$LOGCHECK" check "$@" >&2 || fail "log line $3 of $2 ($1)"
}

# curl_log URL OUT [CURL_ARGS...]: GET URL; prints "STATUS BYTES LPORT":
# the status, the bytes received (headers and body, what %B counts) and
# the client port (what %cp shows).
curl_log() {
	_cu=$1
	_co=$2
	shift 2
	curl -s --max-time 5 -o "$_co" -w \
	    '%{http_code} %{size_header} %{size_download} %{local_port}\n' \
	    "$@" "$_cu" | awk '{ print $1, $2 + $3, $4 }'
}
