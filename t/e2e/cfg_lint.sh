#!/bin/sh
# "hapx cfgcheck" lint warnings (issue 8): each t/lint/*.cfg names the coded
# warnings it must give, "# expect: LINE:COL: CODE [TEXT]" (TEXT: a part of
# the message), and gives no other coded warning; "# count: CODE N" checks
# a collapsed warning.  Then the article, --werror/--no-warn, collapsing,
# JSON and SARIF output, "hapx -c" staying quiet, and the running proxy
# answering the article's probes as the lint said it would.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"
need_hapx
case $("$HAPX" -v 2>&1) in
*hapx*) ;;
*) skip "cfgcheck and its lint are hapx's own" ;;
esac

LINT="$top_srcdir/t/lint"
ART="$top_srcdir/examples/article.cfg"

# check_file CFG: the JSON lines of "cfgcheck --format=json CFG" against
# the file's expectations.
check_file() {
	(cd "$(dirname "$1")" && "$HAPX" cfgcheck --format=json \
	    "$(basename "$1")") >"$tmp/out.json" 2>"$tmp/out.err"
	_rc=$?
	[ "$_rc" -eq 0 ] || fail "$1: exit $_rc: $(cat "$tmp/out.err")"
	"$PY" - "$1" "$tmp/out.json" <<'EOF' || fail "$1: see above"
import json, re, sys
cfg, out = sys.argv[1], sys.argv[2]
want, counts = [], {}
for l in open(cfg):
    m = re.match(r"# expect: (\d+):(\d+): (\S+) ?(.*)$", l.rstrip("\n"))
    if m:
        want.append((int(m[1]), int(m[2]), m[3], m[4]))
    m = re.match(r"# count: (\S+) (\d+)$", l.rstrip("\n"))
    if m:
        counts[m[1]] = int(m[2])
got = [json.loads(l) for l in open(out)]
bad = []
coded = [g for g in got if g["severity"] == "warning" and g.get("code")]
for line, col, code, text in want:
    hit = [g for g in coded if (g["line"], g["column"], g["code"]) ==
           (line, col, code) and text in g["message"]]
    if not hit:
        bad.append("missing %d:%d %s %r" % (line, col, code, text))
keys = {(w[0], w[1], w[2]) for w in want}
for g in coded:
    if g["code"].startswith("W-") and (g["line"], g["column"],
                                       g["code"]) not in keys:
        bad.append("unexpected %d:%d %s %s" % (g["line"], g["column"],
                                               g["code"], g["message"]))
for code, n in counts.items():
    c = [g.get("count", 1) for g in coded if g["code"] == code]
    if c != [n]:
        bad.append("%s counts %r, want [%d]" % (code, c, n))
for b in bad:
    print(cfg + ": " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
}

n=0
for f in "$LINT"/*.cfg; do
	check_file "$f"
	n=$((n + 1))
done
[ "$n" -ge 9 ] || fail "only $n lint inputs in $LINT"

# The article: every finding of the issue, at its place.
cp "$ART" "$tmp/article.cfg"
{
	echo "# expect: 20:1: W-no-default-backend requests for '/', '/spark' and '/static' match no use_backend"
	echo "# expect: 24:30: W-unanchored-path-reg it also matches '/x/spark/'"
	echo "# expect: 25:30: W-unanchored-path-reg it also matches '/x/static/'"
	echo "# expect: 31:3: W-wrong-section 'option httplog' is ignored in a backend"
	echo "# expect: 33:3: W-check-regex-dot or when 'ALIVE' ends a line"
	echo "# expect: 34:3: W-deprecated 'reqrep' was removed"
	echo "# expect: 35:11: W-starts-up-before-check up to 6.7s after start ('spark3', inter 10s)"
} >>"$tmp/article.cfg"
check_file "$tmp/article.cfg"

# Text: codes in brackets, the hint, exit 0.
(cd "$tmp" && "$HAPX" cfgcheck article.cfg) >"$tmp/t.out" 2>"$tmp/t.err" ||
    fail "article: cfgcheck exit $?"
assert_contains "$tmp/t.err" "article.cfg:24:30: warning: 'path_reg /spark/' is not anchored: it also matches '/x/spark/' [W-unanchored-path-reg]"
assert_contains "$tmp/t.err" "= hint: anchor it: 'path_reg ^/spark/', or use 'path_beg /spark/'"
assert_contains "$tmp/t.err" "= hint: add 'init-state down' to the servers"
assert_contains "$tmp/t.out" "Configuration file is valid (with warnings)"

# --werror=CODE: that warning becomes an error, exit 1.
(cd "$tmp" && "$HAPX" cfgcheck --werror=W-unanchored-path-reg article.cfg) \
    >"$tmp/w.out" 2>"$tmp/w.err"
assert_eq "$?" 1 "--werror=W-unanchored-path-reg exit"
assert_contains "$tmp/w.err" "article.cfg:24:30: error: 'path_reg /spark/' is not anchored"
assert_contains "$tmp/w.err" "article.cfg:34:3: warning: 'reqrep' was removed"
# --no-warn=CODE: gone, the others stay; a list works too.
(cd "$tmp" && "$HAPX" cfgcheck --format=json \
    --no-warn=W-unanchored-path-reg,W-deprecated article.cfg) >"$tmp/n.json"
assert_eq "$?" 0 "--no-warn exit"
if grep -q -e W-unanchored-path-reg -e W-deprecated "$tmp/n.json"; then
	fail "--no-warn left: $(cat "$tmp/n.json")"
fi
assert_eq "$(grep -c '"code":"W-' "$tmp/n.json")" 4 "warnings left by --no-warn"
# --werror=all, and both: --no-warn wins for its codes.
(cd "$tmp" && "$HAPX" cfgcheck -q --werror=all article.cfg) 2>/dev/null
assert_eq "$?" 1 "--werror=all exit"
(cd "$tmp" && "$HAPX" cfgcheck -q --werror=all --no-warn=all article.cfg) \
    >"$tmp/q.out" 2>&1
assert_eq "$?:$(cat "$tmp/q.out")" "0:" "--werror=all --no-warn=all"
# An unknown code is refused with a suggestion.
"$HAPX" cfgcheck --no-warn=W-unused-acls "$ART" >/dev/null 2>"$tmp/u.err"
assert_eq "$?" 1 "unknown code exit"
assert_contains "$tmp/u.err" "unknown warning code 'W-unused-acls' (did you mean 'W-unused-acl'?)"

# Collapsing: one warning, its count and the other places.
(cd "$LINT" && "$HAPX" cfgcheck collapse.cfg) 2>"$tmp/c.err" >/dev/null
assert_eq "$(grep -c "warning: 'reqadd' was removed" "$tmp/c.err")" 1 \
    "collapsed reqadd warnings"
assert_contains "$tmp/c.err" "[W-deprecated] (3 times)"
assert_contains "$tmp/c.err" "= also at: 13:3, 14:3"

# "hapx -c" is HAProxy's check: no lint warnings there.
"$HAPX" -c -f "$ART" >/dev/null 2>"$tmp/c2.err" || fail "-c exit $?"
if grep -q -e no-default-backend -e unanchored -e starts-up "$tmp/c2.err"
then
	fail "-c gives lint warnings: $(cat "$tmp/c2.err")"
fi
assert_contains "$tmp/c2.err" "'reqrep' was removed in HAProxy 2.1"

# SARIF 2.1.0: one run, rules, results with locations (two files).
"$HAPX" cfgcheck --format=sarif "$tmp/article.cfg" "$LINT/collapse.cfg" \
    >"$tmp/s.json" || fail "sarif exit $?"
"$PY" - "$tmp/s.json" <<'EOF' || fail "bad SARIF: $(head -c 2000 "$tmp/s.json")"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0" and "sarif-2.1.0" in s["$schema"]
assert len(s["runs"]) == 1
run = s["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "hapx"
ids = [r["id"] for r in drv["rules"]]
assert ids == sorted(ids) and len(set(ids)) == len(ids)
for r in drv["rules"]:
    assert r["shortDescription"]["text"]
res = run["results"]
for r in res:
    assert r["ruleId"] in ids, r["ruleId"]
    assert r["level"] in ("error", "warning", "note")
    assert r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"]
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
want = {("W-no-default-backend", 20, 1), ("W-unanchored-path-reg", 24, 30),
        ("W-check-regex-dot", 33, 3), ("W-starts-up-before-check", 35, 11),
        ("W-deprecated", 12, 3)}
got = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]
        ["startLine"], r["locations"][0]["physicalLocation"]["region"]
        ["startColumn"]) for r in res}
assert want <= got, want - got
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in res}
assert any(u.endswith("article.cfg") for u in uris) and \
    any(u.endswith("collapse.cfg") for u in uris), uris
c = [r for r in res if r["ruleId"] == "W-deprecated" and
     r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
     .endswith("collapse.cfg")]
assert len(c) == 1 and c[0]["properties"]["count"] == 3
assert len(c[0]["relatedLocations"]) == 2
EOF

# The running proxy agrees with the lint: '/', '/spark' and '/static' get
# a 503, '/x/spark/' reaches the backend (unanchored path_reg).
start_py up http --name A
FE=$(free_port)
sed -e "s/^  bind .*/  bind 127.0.0.1:$FE/" -e '/^global/,/^$/d' \
    -e "s/^  server  spark1 .*/  server spark1 127.0.0.1:$up/" \
    -e '/^  server  spark[23]/d' -e '/http-check\|httpchk\|stats/d' \
    "$ART" >"$tmp/run.cfg"
start_hapx "$tmp/run.cfg" "$FE"
for p in / /spark /static /spark/ /x/spark/ /static/a; do
	printf '%s=%s ' "$p" "$(curl -s -o /dev/null -w '%{http_code}' \
	    --max-time 5 "http://127.0.0.1:$FE$p")"
done >"$tmp/codes"
assert_eq "$(cat "$tmp/codes")" \
    "/=503 /spark=503 /static=503 /spark/=200 /x/spark/=200 /static/a=200 " \
    "status codes through the article's frontend"
# HAProxy 2.6 answers the same (without the reqrep it refuses).
if command -v haproxy >/dev/null 2>&1; then
	FE2=$(free_port)
	sed -e "s/127.0.0.1:$FE/127.0.0.1:$FE2/" -e '/reqrep/d' \
	    "$tmp/run.cfg" >"$tmp/run2.cfg"
	haproxy -db -f "$tmp/run2.cfg" >"$tmp/haproxy.out" 2>&1 &
	track_pid $!
	wait_port "$FE2" || fail "haproxy: $(cat "$tmp/haproxy.out")"
	for p in / /spark /static /spark/ /x/spark/ /static/a; do
		printf '%s=%s ' "$p" "$(curl -s -o /dev/null -w '%{http_code}' \
		    --max-time 5 "http://127.0.0.1:$FE2$p")"
	done >"$tmp/codes2"
	assert_eq "$(cat "$tmp/codes2")" "$(cat "$tmp/codes")" \
	    "HAProxy 2.6 status codes"
fi
# Corpus files (real configs): the findings a user of each would get.
C="$top_srcdir/t/corpus/configs"
lint_codes() {
	"$HAPX" cfgcheck "$C/$1" 2>&1 | sed -n \
	    's/^[^:]*:\([0-9]*\):\([0-9]*\): warning: .*\[\(W-[a-z-]*\)\].*/\1:\2 \3/p' |
	    grep -E " ($2)" | tr '\n' ' '
}
assert_eq "$(lint_codes 065-christiankniep-docker-haproxy.cfg W-no-default-backend)" \
    "69:1 W-no-default-backend " "corpus 065: routing gap"
assert_eq "$(lint_codes 007-hbox-k3s-cluster.cfg W-name-clash)" \
    "16:1 W-name-clash 20:1 W-name-clash 24:1 W-name-clash " \
    "corpus 007: frontend/backend name clashes"
assert_eq "$(lint_codes 001-vps-auto-installer.cfg W-httplog-tcp | cut -d' ' -f1-4)" \
    "106:1 W-httplog-tcp 112:1 W-httplog-tcp" "corpus 001: httplog in tcp mode"
echo "cfg_lint: ok ($n inputs)"
exit 0
