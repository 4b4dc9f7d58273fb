#!/bin/sh
# "hapx cfgcheck --migrate" (1.x -> 2.6 syntax):
#  1. t/migrate/rules.cfg migrates to exactly t/migrate/rules.want, the diff
#     it prints applies with patch(1) to the same text, and the migrated
#     file has no 1.x syntax left for hapx cfgcheck to warn about.
#  2. Behaviour: the same requests sent through hapx running rules.cfg and
#     its migrated form reach the server with the same request lines and
#     headers, and come back with the same status lines and headers (and
#     through HAProxy 2.6 running the migrated form, when installed); the
#     same for the article's config (t/cfg/article-original.cfg).
#  3. Lines without an exact 2.x form (t/migrate/untranslated.cfg) are kept
#     with a comment, reported at FILE:LINE:COL, and the exit status is 2.
#  4. HAProxy 2.6 (when installed) accepts every migrated corpus file that
#     it refused only for 1.x syntax: its verdict on the output is the one
#     of t/corpus/modern-verdicts.tsv, and no alert is about 1.x syntax
#     except on the lines migrate reported as left untranslated.
# shellcheck source=../lib.sh
. "${top_srcdir:-.}/t/lib.sh"
need_hapx
need_py

M="$top_srcdir/t/migrate"
ECHO="$M/echo.py"

# migrate IN OUT: migrate IN to OUT; prints the exit status.
migrate() {
	"$HAPX" cfgcheck --migrate "$1" -o "$2" 2>"$2.err"
	echo $?
}

# ---------------------------------------------------------------- 1
rc=$(migrate "$M/rules.cfg" "$tmp/rules.new")
assert_eq "$rc" 0 "migrate rules.cfg: exit status"
cmp -s "$tmp/rules.new" "$M/rules.want" || {
	diff -u "$M/rules.want" "$tmp/rules.new" >&2
	fail "rules.cfg did not migrate to rules.want"
}
"$HAPX" cfgcheck --migrate "$M/rules.cfg" >"$tmp/rules.diff" \
    2>"$tmp/rules.diff.err"
assert_eq "$?" 0 "migrate rules.cfg (diff): exit status"
assert_eq "$(sed -n 1p "$tmp/rules.diff")" "--- $M/rules.cfg" "diff header"
if command -v patch >/dev/null 2>&1; then
	cp "$M/rules.cfg" "$tmp/rules.patched"
	patch -s "$tmp/rules.patched" "$tmp/rules.diff" ||
	    fail "patch refused the diff"
	cmp -s "$tmp/rules.patched" "$tmp/rules.new" ||
	    fail "the diff does not give the -o output"
fi
# "-o -" is the migrated file on stdout; -o alone is a usage error.
"$HAPX" cfgcheck -q --migrate "$M/rules.cfg" -o - >"$tmp/rules.stdout" ||
    fail "-o -: exit status $?"
cmp -s "$tmp/rules.stdout" "$M/rules.want" || fail "-o - is not the file"
"$HAPX" cfgcheck -o "$tmp/x" "$M/rules.cfg" >/dev/null 2>&1
assert_eq "$?" 1 "-o without --migrate"
# Nothing is left for the checker to call 1.x syntax.
"$HAPX" cfgcheck --no-resolve "$tmp/rules.new" >"$tmp/check.out" 2>&1
if grep -E "removed in HAProxy|deprecated|an address on the" \
    "$tmp/check.out" >&2; then
	fail "the migrated rules.cfg still has 1.x syntax"
fi
# A second migration has nothing to do.
rc=$(migrate "$tmp/rules.new" "$tmp/rules.new2")
assert_eq "$rc" 0 "migrate the migrated file: exit status"
cmp -s "$tmp/rules.new" "$tmp/rules.new2" || fail "migration is not idempotent"

# ---------------------------------------------------------------- 2
# run_cfg TEMPLATE TAG REQUESTS: start an echo server and hapx on the
# rendered TEMPLATE, send REQUESTS, stop both.  The server's log is
# $tmp/TAG.seen, the responses $tmp/TAG.got.
run_cfg() {
	: >"$tmp/$2.seen"
	start_server ECHO_PORT "$PY" "$ECHO" serve "$tmp/$2.seen"
	_epid=$ECHO_PORT_pid
	FE_PORT=$(free_port)
	sed -e "s/@FE_PORT@/$FE_PORT/g" -e "s/@ECHO_PORT@/$ECHO_PORT/g" \
	    "$1" >"$tmp/$2.cfg"
	"${RUN_WITH:-$HAPX}" -db -f "$tmp/$2.cfg" >"$tmp/$2.hapx.out" 2>&1 &
	_hpid=$!
	track_pid "$_hpid"
	wait_port "$FE_PORT" || {
		cat "$tmp/$2.hapx.out" >&2
		fail "hapx did not start on $2"
	}
	"$PY" "$ECHO" send "$FE_PORT" "$3" "$tmp/$2.got" ||
	    fail "client failed on $2"
	kill "$_hpid" "$_epid" 2>/dev/null
	wait "$_hpid" "$_epid" 2>/dev/null
}

run_cfg "$M/rules.cfg" old "$M/requests.txt"
run_cfg "$tmp/rules.new" new "$M/requests.txt"
# Proof that the requests did exercise the rules (not two empty logs).
assert_eq "$(wc -l <"$tmp/old.got" | tr -d ' ')" \
    "$(grep -c . "$M/requests.txt")" "one response per request"
assert_contains "$tmp/old.seen" '"GET /x?y=1 HTTP/1.1"'
assert_contains "$tmp/old.seen" '"GET /p?q HTTP/1.1"'
assert_contains "$tmp/old.seen" '"GET /v2/users?id=3 HTTP/1.1", "Host: a", "X-Test: api", "X-Migrated: yes", "X-Backend: api"'
assert_contains "$tmp/old.seen" '"Host: Example.com"'
assert_contains "$tmp/old.got" '"X-Backend-Secret: hidden-s3cret", "Location: https://example.com/a?b"'
assert_contains "$tmp/old.got" '"HTTP/1.1 403 Forbidden"'
cmp -s "$tmp/old.seen" "$tmp/new.seen" || {
	diff -u "$tmp/old.seen" "$tmp/new.seen" >&2
	fail "rules.cfg: the server saw other requests after migration"
}
cmp -s "$tmp/old.got" "$tmp/new.got" || {
	diff -u "$tmp/old.got" "$tmp/new.got" >&2
	fail "rules.cfg: the client got other responses after migration"
}

# HAProxy 2.6 itself on the migrated file: the same requests and
# responses, but for the case of header names (2.x sends them in lower
# case).  hapx does not add "connection: close" to the 403 it makes
# under "option httpclose" as 2.6 does (an engine matter, not a
# migration one): that header is left out of the comparison.
if command -v haproxy >/dev/null 2>&1; then
	RUN_WITH=haproxy run_cfg "$tmp/rules.new" h26 "$M/requests.txt"
	for f in old.seen h26.seen old.got h26.got; do
		"$PY" "$ECHO" lower "$tmp/$f" |
		    sed 's/, "connection: close"\]$/]/' >"$tmp/$f.lc"
	done
	for f in seen got; do
		cmp -s "$tmp/old.$f.lc" "$tmp/h26.$f.lc" || {
			diff -u "$tmp/old.$f.lc" "$tmp/h26.$f.lc" >&2
			fail "rules.cfg: hapx (1.x) and HAProxy 2.6 (migrated) differ"
		}
	done
fi

# The article's config, its addresses made local; one server, so that
# every request is logged by the same echo server.
sed -e '/^ *\(user\|group\|daemon\|log\)/d' \
    -e 's/^\(  bind *\):80$/\1127.0.0.1:@FE_PORT@/' \
    -e 's/SparkMaster1_IP:8080 check.*/127.0.0.1:@ECHO_PORT@/' \
    -e '/SparkMaster[23]_IP/d' \
    "$top_srcdir/t/cfg/article-original.cfg" >"$tmp/article.cfg.in"
assert_eq "$(grep -c '@[A-Z_]*PORT@' "$tmp/article.cfg.in")" 2 \
    "article addresses templated"
rc=$(migrate "$tmp/article.cfg.in" "$tmp/article.new")
assert_eq "$rc" 0 "migrate the article: exit status"
assert_contains "$tmp/article.new" 'http-request replace-path ^/spark/(.*) /\1'
cat >"$tmp/article.req" <<'EOF'
GET /spark/ HTTP/1.1\r\nHost: a\r\nX-Test: 1\r\n\r\n
GET /spark/x?y=1 HTTP/1.1\r\nHost: a\r\nX-Test: 2\r\n\r\n
GET /static/a.css HTTP/1.1\r\nHost: a\r\nX-Test: 3\r\n\r\n
GET /other HTTP/1.1\r\nHost: a\r\nX-Test: 4\r\n\r\n
GET /static/spark/b?c=/spark/ HTTP/1.1\r\nHost: a\r\nReferer: /spark/r\r\nX-Test: 5\r\n\r\n
EOF
run_cfg "$tmp/article.cfg.in" aold "$tmp/article.req"
run_cfg "$tmp/article.new" anew "$tmp/article.req"
assert_contains "$tmp/aold.seen" '"GET /x?y=1 HTTP/1.1"'
assert_contains "$tmp/aold.seen" '"GET /static/a.css HTTP/1.1"'
assert_eq "$(grep -c . "$tmp/aold.seen")" 4 "article: /other reaches no server"
cmp -s "$tmp/aold.seen" "$tmp/anew.seen" || {
	diff -u "$tmp/aold.seen" "$tmp/anew.seen" >&2
	fail "article: the server saw other requests after migration"
}
cmp -s "$tmp/aold.got" "$tmp/anew.got" || {
	diff -u "$tmp/aold.got" "$tmp/anew.got" >&2
	fail "article: the client got other responses after migration"
}

# ---------------------------------------------------------------- 3
rc=$(migrate "$M/untranslated.cfg" "$tmp/untr.new")
assert_eq "$rc" 2 "untranslated.cfg: exit status"
# Each "# expect: LINE:COL: TEXT" of the file is a warning of migrate.
grep '^# expect: ' "$M/untranslated.cfg" | sed 's/^# expect: //' |
while IFS= read -r want; do
	pos=${want%%: *}
	text=${want#*: }
	grep -F -q -e "untranslated.cfg:$pos: warning: $text" \
	    "$tmp/untr.new.err" || {
		cat "$tmp/untr.new.err" >&2
		fail "no warning at $pos: $text"
	}
done || exit 1
n_exp=$(grep -c '^# expect: ' "$M/untranslated.cfg")
n_com=$(grep -c '# hapx migrate: not translated: ' "$tmp/untr.new")
assert_eq "$n_com" "$n_exp" "one comment per untranslated line"

# ---------------------------------------------------------------- 4
C="$top_srcdir/t/corpus"
REMOVED="not supported anymore since HAProxy 2\.1|nbproc is not supported|unknown keyword 'debug'|option 'forceclose'|please use the 'bind'|'listen' or 'defaults' expected|Missing LF on last line"
have_haproxy=no
command -v haproxy >/dev/null 2>&1 && have_haproxy=yes
checked=0
tail -n +2 "$C/modern-verdicts.tsv" | {
while IFS='	' read -r f want _; do
	out="$tmp/corpus-$f"
	rc=$(migrate "$C/configs/$f" "$out")
	case $rc in 0|2) ;; *) cat "$out.err" >&2; fail "$f: migrate exit $rc" ;; esac
	# The lines left untranslated: the line after each comment.
	left=$(grep -n '# hapx migrate: not translated: ' "$out" |
	    cut -d: -f1 | while read -r n; do printf '%s ' $((n + 1)); done)
	# hapx itself finds no 1.x syntax but there.
	"$HAPX" cfgcheck --no-resolve "$out" 2>&1 |
	    sed -n 's/^[^ ]*cfg:\([0-9]*\):[0-9]*: warning: .*removed in HAProxy.*/\1/p;
	    s/^[^ ]*cfg:\([0-9]*\):[0-9]*: warning: an address on the.*/\1/p' |
	while read -r ln; do
		case " $left" in
		*" $ln "*) ;;
		*) echo "$f: hapx finds 1.x syntax at line $ln" >&2; exit 1 ;;
		esac
	done || fail "$f: 1.x syntax left"
	checked=$((checked + 1))
	[ "$have_haproxy" = yes ] || continue
	# haproxy runs from configs/, for the files' relative paths.
	got=$(cd "$C/configs" && haproxy -c -f "$out" 2>&1)
	hrc=$?
	# The same file with the untranslated lines commented out.
	cp "$out" "$out.2"
	for n in $left; do
		sed -i "${n}s/^/#/" "$out.2"
	done
	(cd "$C/configs" && haproxy -c -f "$out.2" >/dev/null 2>&1)
	hrc2=$?
	printf '%s\n' "$got" | grep ALERT | grep -E "$REMOVED" |
	while IFS= read -r a; do
		ln=$(printf '%s\n' "$a" | sed -n 's/.*cfg:\([0-9]*\)\].*/\1/p')
		case " $left" in
		*" $ln "*) ;;
		*) echo "$f: 1.x syntax left at line $ln: $a" >&2; exit 1 ;;
		esac
	done || fail "$f: HAProxy 2.6 still finds 1.x syntax"
	[ -n "$left" ] || assert_eq "$hrc" "$want" "$f: haproxy -c verdict"
	[ -z "$left" ] || assert_eq "$hrc2" "$want" \
	    "$f: haproxy -c verdict without the untranslated lines"
done
[ "$checked" -ge 50 ] || fail "only $checked corpus files checked"
echo "corpus: $checked migrated files checked (haproxy -c: $have_haproxy)"
}
