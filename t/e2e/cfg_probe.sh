#!/bin/sh
# hapx cfgcheck --probe (issue 8): each selected server's health check run
# once, now, by the engine's check code, and its verdict explained.
# Asserts, on the article's config with three fake Spark masters (spark1
# ALIVE, spark2 and spark3 STANDBY):
#  1. spark1 passes (L7OK) and "matched at byte N" is the offset of the
#     match of .+Status.+ALIVE.+ in the body the master sends to the
#     check's own request (computed here with Python's re); spark2 and
#     spark3 fail with "rstring .+Status.+ALIVE.+ did not match"; the
#     times to flip come from inter 10s rise 2 fall 2; exit 4;
#  2. each master received exactly one request, "GET / HTTP/1.0";
#  3. BACKEND/SERVER selects one server (exit 0 when it passes);
#  4. a page whose status line lies past tune.bufsize fails as the engine
#     fails it, and the probe says where the match lies beyond the
#     examined part; a larger tune.bufsize makes it pass;
#  5. a corpus file (011: "check port 8008", "expect status 200"): the
#     probe connects to the check port, a 200 passes, a 404 is L7STS,
#     nothing listening is L4CON;
#  6. an unknown selection exits 1.
# shellcheck disable=SC2154 # t/lib.sh assigns $tmp
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py
case "$(basename "$HAPX")" in
haproxy*) skip "cfgcheck --probe is hapx's own" ;;
esac

# probe OUT WANT_RC ARGS...
probe() {
	_out=$1
	_want=$2
	shift 2
	timeout 30 "$HAPX" cfgcheck --probe "$@" >"$_out" 2>"$_out.err"
	_rc=$?
	if [ "$_rc" -ne "$_want" ]; then
		cat "$_out" "$_out.err" >&2
		fail "probe $*: exit $_rc, want $_want"
	fi
}

# has OUT LINE: OUT holds exactly LINE.
has() {
	grep -qxF -e "$2" "$1" || { cat "$1" >&2; fail "no line: $2"; }
}

# match_at PORT: where .+Status.+ALIVE.+ matches in the body of the page
# the master at PORT answers to "GET / HTTP/1.0" (the check's request).
match_at() {
	"$PY" - "$1" <<'EOF'
import re, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET / HTTP/1.0\r\n\r\n")
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
body = data.split(b"\r\n\r\n", 1)[1]
m = re.search(rb".+Status.+ALIVE.+", body)
print(m.start() if m else -1)
EOF
}

start_spark spark1 ALIVE
start_spark spark2 STANDBY
start_spark spark3 STANDBY
sed -e "s/127.0.0.1:8081/127.0.0.1:$SPARK1_PORT/" \
    -e "s/127.0.0.1:8082/127.0.0.1:$SPARK2_PORT/" \
    -e "s/127.0.0.1:8083/127.0.0.1:$SPARK3_PORT/" \
    "$top_srcdir/examples/article.cfg" >"$tmp/article.cfg"

# --- 1. the article
probe "$tmp/all" 4 "$tmp/article.cfg"
has "$tmp/all" "SRV_SPARK/spark1 127.0.0.1:$SPARK1_PORT (line 35)"
has "$tmp/all" '  check (line 32): option  httpchk GET /'
has "$tmp/all" '  http-check (line 33): http-check expect rstring .+Status.+ALIVE.+'
has "$tmp/all" '  request (18 bytes): "GET / HTTP/1.0\r\n\r\n"'
assert_eq "$(grep -c '^  verdict: L7OK passed (Layer7 check passed), code 200, [0-9]*ms$' \
    "$tmp/all")" 1 "one L7OK verdict"
assert_eq "$(grep -c '^  verdict: L7RSP failed (Layer7 invalid response), code 200, info: "HTTP content check did not match", [0-9]*ms$' \
    "$tmp/all")" 2 "two L7RSP verdicts"
# 2. one request each, the check's own (before match_at sends its own)
for n in spark1 spark2 spark3; do
	assert_eq "$(spark_requests "$n")" 1 "requests to $n"
	assert_contains "$(spark_log "$n")" '"line": "GET / HTTP/1.0"'
done
AT=$(match_at "$SPARK1_PORT")
[ "$AT" -gt 0 ] || fail "the fake page has no status line ($AT)"
has "$tmp/all" "  => spark1 L7OK: Layer7 check passed, rstring .+Status.+ALIVE.+ matched at byte $AT"
has "$tmp/all" '  => spark2 L7RSP: Layer7 invalid response, rstring .+Status.+ALIVE.+ did not match'
has "$tmp/all" '  => spark3 L7RSP: Layer7 invalid response, rstring .+Status.+ALIVE.+ did not match'
grep -q "^    matched at byte $AT of the body (byte [0-9]* of the response), [0-9]* bytes: \".*<li><strong>Status:</strong> ALIVE</li>\"$" \
    "$tmp/all" || { cat "$tmp/all" >&2; fail "match detail"; }
has "$tmp/all" '    inside the part the check examines: the first 16384 bytes of the response (tune.bufsize)'
assert_eq "$(grep -c '^    did not match in the [0-9]* bytes of body examined (the first 16384 bytes of the response, tune.bufsize)$' \
    "$tmp/all")" 2 "did not match, twice"
assert_eq "$(grep -c '^  timing: inter 10s fastinter 10s downinter 10s rise 2 fall 2$' \
    "$tmp/all")" 3 "timing lines"
has "$tmp/all" '    a DOWN server: UP after 2 checks, 10s after the first'
assert_eq "$(grep -c '^    an UP server: DOWN after 2 checks, 10s after the first$' \
    "$tmp/all")" 2 "UP to DOWN"
assert_eq "$(grep -c '^    at start-up (starts UP): DOWN after 1 check, 0s after the first$' \
    "$tmp/all")" 2 "start-up to DOWN"
has "$tmp/all" '3 servers probed, 1 passed, 2 failed'

# --- 3. selection
probe "$tmp/one" 0 "$tmp/article.cfg" SRV_SPARK/spark1
has "$tmp/one" '1 server probed, 1 passed, 0 failed'
if grep -q spark2 "$tmp/one"; then
	fail "SRV_SPARK/spark1 probed spark2"
fi
probe "$tmp/be" 4 "$tmp/article.cfg" SRV_SPARK
has "$tmp/be" '3 servers probed, 1 passed, 2 failed'

# --- 4. the status line past tune.bufsize
start_spark big ALIVE --pad-kb 20
sed -e "s/127.0.0.1:$SPARK1_PORT/127.0.0.1:$BIG_PORT/" "$tmp/article.cfg" \
    >"$tmp/big.cfg"
AT=$(match_at "$BIG_PORT")
probe "$tmp/big" 4 "$tmp/big.cfg" SRV_SPARK/spark1
has "$tmp/big" '  => spark1 L7RSP: Layer7 invalid response, rstring .+Status.+ALIVE.+ did not match'
grep -q "^    the whole response ([0-9]* bytes, read again) has it at byte $AT of the body, past the examined part; a tune.bufsize of [0-9]* or more would reach it$" \
    "$tmp/big" || { cat "$tmp/big" >&2; fail "beyond tune.bufsize"; }
sed -e 's/^global$/global\n  tune.bufsize 65536/' "$tmp/big.cfg" \
    >"$tmp/big64.cfg"
probe "$tmp/big64" 0 "$tmp/big64.cfg" SRV_SPARK/spark1
has "$tmp/big64" "  => spark1 L7OK: Layer7 check passed, rstring .+Status.+ALIVE.+ matched at byte $AT"
has "$tmp/big64" '    inside the part the check examines: the first 65536 bytes of the response (tune.bufsize)'

# --- 5. a corpus file: check port, expect status
start_spark pgok 200
start_spark pg404 ALIVE
NOPORT=$(free_port)
sed -e "s/patroni1:5432 \(.*\) port 8008/127.0.0.1:$NOPORT \1 port $PGOK_PORT/" \
    -e "s/patroni2:5432 \(.*\) port 8008/127.0.0.1:$NOPORT \1 port $PG404_PORT/" \
    -e "s/patroni3:5432 \(.*\) port 8008/127.0.0.1:$NOPORT \1 port $NOPORT/" \
    -e "s/^    bind \*:/    bind 127.0.0.1:/" \
    "$top_srcdir/t/corpus/configs/011-swarm-pgsql-tests.cfg" >"$tmp/pg.cfg"
probe "$tmp/pg" 4 "$tmp/pg.cfg"
has "$tmp/pg" '  http-check (line 26): http-check expect status 200'
assert_eq "$(grep -c '^  request (24 bytes): "GET /master HTTP/1.0\\r\\n\\r\\n"$' \
    "$tmp/pg")" 2 "request to the check port"
grep -q '^  verdict: L7OK passed (Layer7 check passed), code 200, [0-9]*ms$' \
    "$tmp/pg" || { cat "$tmp/pg" >&2; fail "pg1 passes"; }
grep -q '^  verdict: L7STS failed (Layer7 wrong status), code 404, info: "Not Found", [0-9]*ms$' \
    "$tmp/pg" || { cat "$tmp/pg" >&2; fail "pg2 L7STS"; }
grep -q '^  verdict: L4CON failed (Layer4 connection problem), info: "Connection refused", [0-9]*ms$' \
    "$tmp/pg" || { cat "$tmp/pg" >&2; fail "pg3 L4CON"; }
has "$tmp/pg" '  timing: inter 3s fastinter 3s downinter 3s rise 2 fall 3'
has "$tmp/pg" '    an UP server: DOWN after 3 checks, 6s after the first'
has "$tmp/pg" '3 servers probed, 1 passed, 2 failed'
assert_eq "$(spark_requests pgok)" 1 "requests to the check port"

# --- 6. usage
probe "$tmp/none" 1 "$tmp/article.cfg" SRV_SPARK/nope
assert_contains "$tmp/none.err" "no checked server matches 'SRV_SPARK/nope'"
echo "cfg_probe: ok"
exit 0
