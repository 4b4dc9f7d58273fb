# t/lib.sh: helpers for script tests. POSIX sh; source it, do not run it.
#
#   . "${top_srcdir:-.}/t/lib.sh"
#
# Environment (exported by `make check`, see AM_TESTS_ENVIRONMENT):
#   top_srcdir, top_builddir   default: the nearest directory above the test
#                              script that holds configure.ac
#   HAPX                       default: $top_builddir/src/hapx
#
# Sourcing this file creates a private temp dir, $tmp (`tmpdir` prints it),
# and installs an EXIT/INT/TERM trap that kills the PIDs given to
# `track_pid` and removes $tmp. Do not install another trap; tests that
# need extra cleanup can put it in a function named `test_cleanup`, which
# the trap calls first. Exit codes: 0 pass, 1 fail, 77 skip.

# fail MSG: report a failure and exit 1.
fail() {
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

# skip MSG: report why the test cannot run here and exit 77.
skip() {
	printf 'SKIP: %s\n' "$*" >&2
	exit 77
}

# need_cmd CMD: skip unless CMD is on $PATH.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 not found"
}

# need_hapx: fail unless the hapx binary under test exists.
need_hapx() {
	[ -x "$HAPX" ] || fail "hapx binary not found: $HAPX (run make first)"
}

_lib_find_top() {
	_d=$(cd "$(dirname "$0")" 2>/dev/null && pwd) || _d=.
	while [ "$_d" != / ] && [ ! -f "$_d/configure.ac" ]; do
		_d=$(dirname "$_d")
	done
	[ -f "$_d/configure.ac" ] || _d=.
	printf '%s\n' "$_d"
}

if [ -z "${top_srcdir:-}" ]; then
	top_srcdir=$(_lib_find_top)
fi
: "${top_builddir:=$top_srcdir}"
: "${HAPX:=$top_builddir/src/hapx}"
export top_srcdir top_builddir HAPX

_lib_pids=

# track_pid PID: kill PID when the test exits.
track_pid() {
	_lib_pids="$_lib_pids $1"
}

_lib_cleanup() {
	if command -v test_cleanup >/dev/null 2>&1; then
		test_cleanup || :
	fi
	for _p in $_lib_pids; do
		kill "$_p" 2>/dev/null || :
	done
	for _p in $_lib_pids; do
		# Bounded wait; a process ignoring SIGTERM gets SIGKILL.
		_n=0
		while kill -0 "$_p" 2>/dev/null && [ "$_n" -lt 20 ]; do
			sleep 0.1
			_n=$((_n + 1))
		done
		kill -9 "$_p" 2>/dev/null || :
		wait "$_p" 2>/dev/null || :
	done
	_lib_pids=
	if [ -n "${tmp:-}" ] && [ -d "$tmp" ]; then
		rm -rf "$tmp"
	fi
}

# tmpdir: create $tmp once (already done when this file is sourced) and
# print its path.
tmpdir() {
	if [ -z "${tmp:-}" ] || [ ! -d "$tmp" ]; then
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/hapx-test.XXXXXX") ||
		    fail "mktemp -d failed"
	fi
	printf '%s\n' "$tmp"
}

tmp=
tmpdir >/dev/null
# shellcheck disable=SC2154 # assigned inside the trap
trap '_lib_rc=$?; _lib_cleanup; exit $_lib_rc' EXIT
trap '_lib_cleanup; trap - EXIT; exit 130' INT
trap '_lib_cleanup; trap - EXIT; exit 143' TERM HUP

# Python helpers run under Debian's interpreter: it starts in ~30 ms where
# a pyenv shim on $PATH takes ~300 ms, and it sees the Debian packages
# (python3-selenium, python3-prometheus-client). PYTHON overrides it.
if [ -n "${PYTHON:-}" ]; then
	PY=$PYTHON
elif [ -x /usr/bin/python3 ]; then
	PY=/usr/bin/python3
else
	PY=$(command -v python3 2>/dev/null) || PY=
fi
export PY

# need_py: skip unless a Python 3 interpreter was found.
need_py() {
	[ -n "$PY" ] || skip "python3 not found"
}

# now_ms: the wall clock in milliseconds, without starting an interpreter.
now_ms() {
	_ns=$(date +%s%N)
	echo $((_ns / 1000000))
}

# Ports. A test never probes for a free port and hopes: it holds a block of
# _lib_port_size ports below the kernel's ephemeral range (so no connect()
# or bind(0) anywhere can be given one) under an flock(1) on fd 9, which it
# and its children keep until they exit. Parallel tests and other runs of
# the suite take other blocks. free_port and free_range hand out the
# block's ports in order; the next one is kept in $tmp/.port-next, so they
# also work inside $(...). The block is taken when this file is sourced.
_lib_port_base=10000
_lib_port_size=40

# _lib_port_block: take the first unlocked block, starting from one picked
# by our PID so that parallel tests rarely contend.
_lib_port_block() {
	_lo=32768
	# Not `read`: dash reads a byte at a time, and this file does not
	# support reads at an offset.
	if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then
		_lo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)
	fi
	_nb=$(((_lo - _lib_port_base) / _lib_port_size))
	[ "$_nb" -gt 0 ] || fail "no room for test ports below $_lo"
	command -v flock >/dev/null 2>&1 || fail "flock(1) not found (util-linux)"
	_pd=${TMPDIR:-/tmp}/hapx-test-ports
	mkdir -p "$_pd" 2>/dev/null || fail "cannot create $_pd"
	_k=0
	while [ "$_k" -lt "$_nb" ]; do
		_b=$((($$ + _k) % _nb))
		exec 9>"$_pd/block.$_b"
		if flock -n 9; then
			echo $((_lib_port_base + _b * _lib_port_size)) \
			    >"$tmp/.port-next"
			echo $((_lib_port_base + (_b + 1) * _lib_port_size)) \
			    >"$tmp/.port-end"
			return 0
		fi
		_k=$((_k + 1))
	done
	exec 9>&-
	fail "all $_nb test port blocks in $_pd are locked"
}

# _lib_port_busy PORT: true when something accepts on 127.0.0.1:PORT (a
# process that outlived an earlier test, or not ours at all).
_lib_port_busy() {
	bash -c '(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null' _ "$1"
}

# free_range N: print the first of N consecutive ports of this test's block
# on which nothing listens; the port after them is left unused, so it
# refuses connections too.
free_range() {
	read -r _p <"$tmp/.port-next"
	read -r _pe <"$tmp/.port-end"
	while [ $((_p + $1)) -lt "$_pe" ]; do
		_i=0
		while [ "$_i" -le "$1" ] && ! _lib_port_busy $((_p + _i)); do
			_i=$((_i + 1))
		done
		if [ "$_i" -gt "$1" ]; then
			echo $((_p + $1 + 1)) >"$tmp/.port-next"
			echo "$_p"
			return 0
		fi
		_p=$((_p + _i + 1))
	done
	fail "free_range $1: this test's port block is used up"
}

# free_port: print a port of this test's block that nothing listens on.
free_port() {
	read -r _p <"$tmp/.port-next"
	read -r _pe <"$tmp/.port-end"
	while [ "$_p" -lt "$_pe" ] && _lib_port_busy "$_p"; do
		_p=$((_p + 1))
	done
	[ "$_p" -lt "$_pe" ] || fail "free_port: this test's port block is used up"
	echo $((_p + 1)) >"$tmp/.port-next"
	echo "$_p"
}

# pid_alive PID: true while PID runs. An exited child stays a zombie
# (kill -0 still succeeds) until waited for, so look at its ps state.
pid_alive() {
	kill -0 "$1" 2>/dev/null || return 1
	command -v ps >/dev/null 2>&1 || return 0
	case "$(ps -o stat= -p "$1" 2>/dev/null)" in
	"" | Z*) return 1 ;;
	esac
	return 0
}

# start_server VAR CMD [ARGS...]: start CMD in the background (stdout in
# $tmp/VAR.out, stderr in $tmp/VAR.err), track its PID and wait, 5 s at
# most, for the "PORT N" line a test server prints once it listens: it
# binds port 0, so the port comes from the process that bound it. Sets
# VAR to N, VAR_pid to the PID and VAR_out to the stdout file.
start_server() {
	_ssv=$1
	shift
	_sso="$tmp/$_ssv.out"
	: >"$_sso"	# the job opens it, maybe after our first sed
	"$@" >"$_sso" 2>"$tmp/$_ssv.err" &
	_sspid=$!
	track_pid "$_sspid"
	_ssn=0
	_ssport=
	while [ "$_ssn" -lt 100 ]; do
		_ssport=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$_sso")
		[ -n "$_ssport" ] && break
		if ! pid_alive "$_sspid"; then
			tail -n 30 "$tmp/$_ssv.err" >&2
			fail "$* exited during startup"
		fi
		sleep 0.05
		_ssn=$((_ssn + 1))
	done
	[ -n "$_ssport" ] || fail "$* printed no PORT line in 5 s"
	eval "$_ssv=\$_ssport; ${_ssv}_pid=\$_sspid; ${_ssv}_out=\$_sso"
}

# wait_port PORT [TRIES]: wait until 127.0.0.1:PORT accepts connections,
# trying TRIES times (default 50) 0.1 s apart, in one bash process. Returns
# 1 if it never does.
wait_port() {
	bash -c '
	i=0
	while [ "$i" -lt "$2" ]; do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && exit 0
		i=$((i + 1))
		[ "$i" -lt "$2" ] && sleep 0.1
	done
	exit 1' _ "$1" "${2:-50}"
}

# wait_file FILE TEXT [TRIES]: wait until FILE contains the fixed string
# TEXT (e.g. a pyserv http --log line: the request reached the server),
# TRIES times 0.05 s apart (default 100); fails if it never does.
wait_file() {
	_n=0
	while [ "$_n" -lt "${3:-100}" ]; do
		if [ -f "$1" ] && grep -F -q -e "$2" "$1"; then
			return 0
		fi
		sleep 0.05
		_n=$((_n + 1))
	done
	fail "$1 never got '$2'"
}

# assert_contains FILE TEXT: fail unless FILE contains the fixed string TEXT.
assert_contains() {
	[ -f "$1" ] || fail "assert_contains: no such file: $1"
	if ! grep -F -q -e "$2" "$1"; then
		printf -- '--- %s:\n' "$1" >&2
		head -n 50 "$1" >&2
		fail "$1 does not contain: $2"
	fi
}

# assert_eq A B MSG: fail with MSG unless A and B are the same string.
assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-values differ}: got '$1', want '$2'"
}

# Here, not on first use: a block taken inside $(free_port) would be
# unlocked when that subshell exits.
_lib_port_block
