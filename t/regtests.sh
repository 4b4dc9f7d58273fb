#!/bin/sh
# HAProxy's own regression tests (2.6.0's reg-tests, run by VTest, the
# harness HAProxy's developers use) that hapx passes, as a ratchet:
# t/regtests.pass lists them and every one must still pass.  Add a test
# there when hapx starts passing it; never remove one to make CI green.
# The tests are GPL test data kept outside the project (../shared/regtests
# or $HAPX_REGTESTS); VTest is built once under $top_builddir/t/vtest-home.
. "${top_srcdir:-.}/t/lib.sh"
need_hapx

RT=${HAPX_REGTESTS:-}
for d in "$top_srcdir/../shared/regtests" /work/shared/regtests; do
	[ -n "$RT" ] || { [ -x "$d/run" ] && RT=$d; }
done
[ -n "$RT" ] && [ -x "$RT/run" ] ||
    skip "HAProxy's reg-tests not found (set HAPX_REGTESTS to ../shared/regtests)"
VTEST_HOME=$top_builddir/t/vtest-home
export VTEST_HOME
# The runner builds VTest and unpacks the tests; no directory: no test.
"$RT/run" "$HAPX" "$tmp/prep" >"$tmp/prep.log" 2>&1
VT=$VTEST_HOME/vtest/vtest
[ -x "$VT" ] || fail "VTest did not build: $(cat "$tmp/prep.log")"
cd "$VTEST_HOME/regtests/haproxy-2.6.0" || fail "reg-tests not unpacked"
HAPROXY_PROGRAM=$(cd "$(dirname "$HAPX")" && pwd)/$(basename "$HAPX")
export HAPROXY_PROGRAM VT

# Two at a time, 15 s each at most (the runner's settings).  A test that
# fails is run once more, alone, and reported as flaky if it then passes:
# the CI machine is shared, and HAProxy's own list is the union of runs.
grep -v '^#' "$top_srcdir/t/regtests.pass" | grep . >"$tmp/list"
n=$(wc -l <"$tmp/list")
[ "$n" -gt 0 ] || fail "t/regtests.pass lists no test"
xargs -P 2 -I{} sh -c 'timeout -k 5 25 "$VT" -q -t 15 "{}" >/dev/null 2>&1 ||
    echo "{}"' <"$tmp/list" >"$tmp/failed"
bad=0
while read -r t; do
	if timeout -k 5 25 "$VT" -q -t 15 "$t" >"$tmp/one.log" 2>&1; then
		echo "FLAKY (passed when run again): $t"
	else
		echo "FAIL: $t"
		grep -E '^(----|\*    |#)' "$tmp/one.log" | head -20
		bad=$((bad + 1))
	fi
done <"$tmp/failed"
echo "$((n - bad)) of $n listed reg-tests pass"
[ "$bad" -eq 0 ] || fail "$bad listed reg-test(s) no longer pass"
exit 0
