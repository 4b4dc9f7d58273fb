#!/bin/sh
# Every t/cfg/good/*.cfg and examples/*.cfg must pass cfgcheck: no error,
# exit 0 (or 2 when it deliberately has no listener).
. "${top_srcdir:-.}/t/lib.sh"
need_hapx

n=0
bad=0
for f in "$top_srcdir"/t/cfg/good/*.cfg "$top_srcdir"/examples/*.cfg; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	out="$tmp/out"
	(cd "$(dirname "$f")" && "$HAPX" cfgcheck "$(basename "$f")") \
	    >"$out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ] || grep -q ': error: ' "$out"; then
		echo "FAIL $f (exit $rc):" >&2
		sed 's/^/    /' "$out" >&2
		bad=$((bad + 1))
	fi
done
[ "$n" -gt 0 ] || fail "no good configs found"
echo "$((n - bad)) of $n good configs pass"
[ "$bad" -eq 0 ] || exit 1
exit 0
