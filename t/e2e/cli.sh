#!/bin/sh
# The command line: HAProxy's -c -f flags and "hapx cfgcheck", exit codes,
# -q, --format=json, --dump, and the article's config as published.
. "${top_srcdir:-.}/t/lib.sh"
need_hapx
need_py

ex="$top_srcdir/examples"
orig="$top_srcdir/t/cfg/article-original.cfg"

# The article as written: only its three placeholder hosts are wrong.
"$HAPX" -c -f "$orig" >"$tmp/out" 2>"$tmp/err"
rc=$?
assert_eq "$rc" 1 "article.cfg with placeholder hosts must fail"
n=$(grep -c ': error: ' "$tmp/err")
assert_eq "$n" 3 "exactly three errors expected in the original article"
for i in 1 2 3; do
	l=$((34 + i))
	grep -q "article-original.cfg:$l:18: error: could not resolve address 'SparkMaster${i}_IP'" \
	    "$tmp/err" || fail "no resolution error for SparkMaster${i}_IP at $l:18"
done
grep -q "reqrep" "$tmp/err" || fail "no deprecation warning for reqrep"

# With real addresses it passes, prints HAProxy's line, exit 0.
"$HAPX" -c -f "$ex/article.cfg" >"$tmp/out" 2>"$tmp/err"
assert_eq "$?" 0 "examples/article.cfg must pass"
grep -q '^Configuration file is valid' "$tmp/out" || fail "no 'valid' line"
grep -q "warning: 'reqrep' was removed in HAProxy 2.1" "$tmp/err" ||
    fail "reqrep must be accepted with a warning"

# -q: nothing at all on success.
"$HAPX" -c -q -f "$ex/article-modern.cfg" >"$tmp/out" 2>&1
assert_eq "$?" 0 "-q on a valid config"
[ ! -s "$tmp/out" ] || fail "-q printed: $(cat "$tmp/out")"

# cfgcheck with several files: each is checked, the worst status wins.
"$HAPX" cfgcheck "$ex/article.cfg" "$orig" >/dev/null 2>&1
assert_eq "$?" 1 "cfgcheck over a good and a bad file"

# JSON lines: one object per diagnostic with the documented fields.
"$HAPX" cfgcheck --format=json "$orig" >"$tmp/json" 2>/dev/null
"$PY" - "$tmp/json" <<'PY' || fail "bad JSON diagnostics"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert rows, "no JSON rows"
for r in rows:
    for k in ("file", "line", "column", "severity", "message", "hint"):
        assert k in r, (k, r)
errs = [r for r in rows if r["severity"] == "error"]
assert len(errs) == 3 and all(r["line"] in (35, 36, 37) and r["column"] == 18
                              for r in errs), errs
PY

# --dump shows what was understood, defaults applied.
"$HAPX" cfgcheck --dump "$ex/article.cfg" >"$tmp/dump" 2>/dev/null
grep -q '^backend SRV_SPARK: balance = leastconn$' "$tmp/dump" ||
    fail "dump: balance not inherited from defaults"
grep -q '^backend SRV_SPARK: timeout server = 50s$' "$tmp/dump" ||
    fail "dump: timeout not inherited"
grep -q '^backend SRV_SPARK: server spark1 = 127.0.0.1:8081 .*check inter=10s.*rise=2 fall=2' \
    "$tmp/dump" || fail "dump: server line"

# A config with no listener: valid but will not start, exit 2 (as HAProxy).
printf 'backend b\n  timeout connect 1s\n  timeout server 1s\n' >"$tmp/nol.cfg"
"$HAPX" -c -f "$tmp/nol.cfg" >"$tmp/out" 2>&1
assert_eq "$?" 2 "no listener must exit 2"

# A missing file is an error, not a crash.
"$HAPX" -c -f "$tmp/does-not-exist.cfg" >"$tmp/out" 2>&1
assert_eq "$?" 1 "missing file"
grep -q 'cannot open configuration file' "$tmp/out" || fail "missing file message"

"$HAPX" -v | grep -q '^hapx version' || fail "-v"
exit 0
