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

# free_port: print a TCP port on 127.0.0.1 that the OS reports as free.
free_port() {
	command -v python3 >/dev/null 2>&1 || skip "python3 not found (free_port)"
	python3 -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# wait_port PORT [TRIES]: wait until 127.0.0.1:PORT accepts connections,
# trying TRIES times (default 50) 0.1 s apart. Returns 1 if it never does.
wait_port() {
	_port=$1
	_tries=${2:-50}
	if command -v python3 >/dev/null 2>&1; then
		python3 -c '
import socket, sys, time
port, tries = int(sys.argv[1]), int(sys.argv[2])
for i in range(tries):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "$_port" "$_tries"
		return
	fi
	command -v bash >/dev/null 2>&1 || skip "need python3 or bash (wait_port)"
	_n=0
	while [ "$_n" -lt "$_tries" ]; do
		if bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$_port" \
		    2>/dev/null; then
			return 0
		fi
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
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
