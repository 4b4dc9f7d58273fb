#!/bin/sh
# The article's scenario end to end (issue 5, Tests, first bullet): three
# fake Spark masters (spark1 ALIVE, spark2 and spark3 STANDBY) behind the
# article's config, with short check intervals. Asserts:
#  1. once startup has settled, /spark/ and /static/ always reach the leader;
#  2. leader step-down (spark1 ALIVE -> STANDBY, spark2 STANDBY -> ALIVE):
#     within fall*inter + rise*inter + 1 s all requests reach spark2, and
#     once spark1 is marked down (its "is DOWN" log line, or the first 503)
#     no request sent afterwards is answered by spark1;
#  3. leader crash (spark2 exits, spark3 STANDBY -> ALIVE): within the same
#     bound traffic reaches spark3 only, and no 5xx once it has switched;
#  4. the health checks the masters received are "GET / HTTP/1.0".
# A poller sends a request every 50 ms (each in its own thread, so a slow
# retry does not hold up the others) and records send time, answer time,
# status and X-Fake-Spark.
#
# Also runs against HAProxy 2.6 (HAPX=/usr/sbin/haproxy), which refuses
# reqrep: it gets the equivalent "http-request replace-path".
# shellcheck disable=SC2154 # t/lib.sh assigns $tmp
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py

INTER_MS=300
RISE=2
FALL=2
# fall*inter + rise*inter + 1 s, in seconds.
BOUND=$("$PY" -c "print(($FALL + $RISE) * $INTER_MS / 1000.0 + 1.0)")

start_spark spark1 ALIVE
start_spark spark2 STANDBY
start_spark spark3 STANDBY
FE_PORT=$(free_port)
CHECK="check inter ${INTER_MS}ms rise $RISE fall $FALL"

case "$(basename "$HAPX")" in
haproxy*) REWRITE='http-request replace-path /spark/(.*) /\1' ;;
*) REWRITE='reqrep  ^([^\ :]*)\ /spark\/(.*)  \1\ /\2' ;;
esac

# The article's config (/work/shared/article.cfg), runnable here: bind and
# server addresses are local ports, no user/group/daemon (-db), short
# check intervals and "timeout check 200ms".
cat >"$tmp/article.cfg.in" <<EOF
global
  log      127.0.0.1  local4 info

defaults
  log      global
  mode     http
  option   dontlognull
  option   redispatch
  balance  leastconn
  retries  3
  maxconn  100
  timeout  connect  5000
  timeout  client  50000
  timeout  server  50000
  timeout  check  200ms
  stats    enable

frontend MGMTSRV
  bind    127.0.0.1:@FE_PORT@
  mode    http
  option  httplog  clf
  acl     spark    path_reg  /spark/
  acl     static   path_reg  /static/
  use_backend SRV_SPARK  if spark
  use_backend SRV_SPARK  if static

backend  SRV_SPARK
  mode    http
  option  httplog  clf
  option  httpchk GET /
  http-check expect rstring .+Status.+ALIVE.+
  $REWRITE
  server  spark1 127.0.0.1:@SPARK1_PORT@ $CHECK
  server  spark2 127.0.0.1:@SPARK2_PORT@ $CHECK
  server  spark3 127.0.0.1:@SPARK3_PORT@ $CHECK
EOF
render_cfg "$tmp/article.cfg.in" "$tmp/article.cfg"

cat >"$tmp/poll.py" <<'EOF'
import http.client, os, sys, threading, time

def now():
    return time.time()

def poll(port, duration, out, errfile):
    """Every 50 ms for DURATION s send one request (alternately /spark/ and
    /static/webui.css) in its own thread; write "R t_send t_recv status who"
    lines, and "D name t" when errfile shows a new "Server SRV_SPARK/name
    is DOWN" line."""
    recs, lock, threads, downs = [], threading.Lock(), [], {}
    paths = ["/spark/", "/static/webui.css"]

    def one(path):
        ts = now()
        status, who = 0, "-"
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=8)
            c.request("GET", path, headers={"Connection": "close"})
            r = c.getresponse()
            r.read()
            status, who = r.status, r.getheader("X-Fake-Spark") or "-"
            c.close()
        except Exception:
            pass
        with lock:
            recs.append((ts, now(), status, who))

    base = {}

    def watch():
        # Only DOWN lines that appear while polling count.
        try:
            with open(errfile, errors="replace") as f:
                text = f.read()
        except OSError:
            text = ""
        for n in ("spark1", "spark2", "spark3"):
            c = text.count("Server SRV_SPARK/%s is DOWN" % n)
            if n not in base:
                base[n] = c
            elif n not in downs and c > base[n]:
                downs[n] = now()

    watch()
    start, i = now(), 0
    while now() - start < duration:
        t = threading.Thread(target=one, args=(paths[i % 2],))
        t.start()
        threads.append(t)
        i += 1
        watch()
        time.sleep(max(0.0, start + i * 0.05 - now()))
    for t in threads:
        t.join(10)
    watch()
    with open(out, "w") as f:
        for r in sorted(recs):
            f.write("R %.3f %.3f %d %s\n" % r)
        for n, t in sorted(downs.items()):
            f.write("D %s %.3f\n" % (n, t))

def check(out, t0, bound, old, new, allowed_other):
    """Assert the switch from OLD to NEW. Prints failures, exits 1."""
    recs, downs = [], {}
    for ln in open(out):
        p = ln.split()
        if p[0] == "R":
            recs.append((float(p[1]), float(p[2]), int(p[3]), p[4]))
        else:
            downs[p[1]] = float(p[2])
    bad = []
    def show():
        for ts, tr, st, who in recs:
            sys.stderr.write("  sent %+7.3f  answered %+7.3f  %d %s\n"
                             % (ts - t0, tr - t0, st, who))
        for n, t in downs.items():
            sys.stderr.write("  %s DOWN seen at %+7.3f\n" % (n, t - t0))
    if not recs or recs[-1][0] < t0 + bound + 0.5:
        bad.append("poller did not run past t0 + bound + 0.5 s")
    for ts, tr, st, who in recs:
        if who not in (old, new, "-"):
            bad.append("answer from %s at %+.3f" % (who, ts - t0))
    # First request from which every later-sent one is a 200 from NEW.
    k = len(recs)
    while k > 0 and recs[k - 1][2] == 200 and recs[k - 1][3] == new:
        k -= 1
    if k == len(recs):
        bad.append("the last request was not answered by %s" % new)
    else:
        sw = recs[k][0] - t0
        print("switch to %s: requests sent from %+.3f s on all reach it "
              "(bound %.1f s)" % (new, sw, bound))
        if sw > bound:
            bad.append("traffic reached %s only %.3f s after the change "
                       "(bound %.1f s)" % (new, sw, bound))
    # Once OLD is marked down (its DOWN log line, or the first 503, which
    # means no server was up), no request sent afterwards reaches OLD.
    marks = []
    if old in downs:
        marks.append(("%s DOWN line" % old, downs[old]))
    r503 = [tr for ts, tr, st, who in recs if st == 503 and ts >= t0]
    if r503:
        marks.append(("first 503", min(r503)))
    if not marks:
        bad.append("no sign that %s was ever marked down (no \"Server "
                   "SRV_SPARK/%s is DOWN\" on stderr, no 503)" % (old, old))
    for what, tm in marks:
        late = [ts for ts, tr, st, who in recs if who == old and ts > tm]
        if late:
            bad.append("%s answered a request sent %.3f s after the %s"
                       % (old, min(late) - tm, what))
    # No 5xx (and nothing but NEW) once NEW has answered for the first time.
    firstnew = [tr for ts, tr, st, who in recs if who == new]
    if firstnew:
        fn = min(firstnew)
        for ts, tr, st, who in recs:
            if ts > fn and not (st == 200 and who == new):
                if allowed_other and who == old and st == 200:
                    continue
                bad.append("after %s first answered (%+.3f), a request sent "
                           "at %+.3f got %d from %s"
                           % (new, fn - t0, ts - t0, st, who))
    # The sequence of answers by send time, runs compressed.
    runs = []
    for ts, tr, st, who in recs:
        key = "%d:%s" % (st, who)
        if runs and runs[-1][0] == key:
            runs[-1][1] += 1
        else:
            runs.append([key, 1, ts - t0])
    print("answers (status:who xN from t): " +
          ", ".join("%s x%d %+.2f" % (k, n, t) for k, n, t in runs))
    if bad or os.environ.get("CHECK_ARTICLE_TRACE"):
        show()
    if bad:
        for b in bad:
            sys.stderr.write("FAIL: %s\n" % b)
        sys.exit(1)

if sys.argv[1] == "poll":
    poll(int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5])
else:
    check(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5],
          sys.argv[6], sys.argv[7] == "1")
EOF

now() {
	date +%s.%3N
}

start_hapx "$tmp/article.cfg" "$FE_PORT"

# 1. Startup settles within the bound; then the leader gets everything.
sleep "$BOUND"
i=0
while [ "$i" -lt 20 ]; do
	case $((i % 2)) in
	0) p=/spark/ ;;
	*) p=/static/webui.css ;;
	esac
	who=$("$PY" - "$FE_PORT" "$p" <<'EOF'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
c.request("GET", sys.argv[2])
r = c.getresponse()
r.read()
print("%d %s" % (r.status, r.getheader("X-Fake-Spark") or "-"))
EOF
)
	assert_eq "$who" "200 spark1" "request $i ($p) after startup"
	i=$((i + 1))
done

POLL_FOR=$("$PY" -c "print(0.3 + $BOUND + 1.5)")

# 2. Leader step-down.
"$PY" "$tmp/poll.py" poll "$FE_PORT" "$POLL_FOR" "$tmp/step.out" \
    "$tmp/hapx.err" &
poller=$!
track_pid "$poller"
sleep 0.3
t0=$(now)
set_spark_state spark1 STANDBY
set_spark_state spark2 ALIVE
wait "$poller" || fail "poller failed (step-down)"
"$PY" "$tmp/poll.py" check "$tmp/step.out" "$t0" "$BOUND" spark1 spark2 1 ||
    { _spark_show_logs "$tmp/hapx.err"; fail "leader step-down"; }

# 3. Leader crash: spark2's process exits, spark3 is elected.
"$PY" "$tmp/poll.py" poll "$FE_PORT" "$POLL_FOR" "$tmp/crash.out" \
    "$tmp/hapx.err" &
poller=$!
track_pid "$poller"
sleep 0.3
t0=$(now)
set_spark_state spark2 GONE
set_spark_state spark3 ALIVE
wait "$poller" || fail "poller failed (crash)"
"$PY" "$tmp/poll.py" check "$tmp/crash.out" "$t0" "$BOUND" spark2 spark3 0 ||
    { _spark_show_logs "$tmp/hapx.err"; fail "leader crash"; }

# 4. Health checks arrive as "GET / HTTP/1.0"; traffic is HTTP/1.1 (the
# client's), so every HTTP/1.0 request a master saw is a check.
for s in spark1 spark2 spark3; do
	f=$(spark_log "$s")
	n=$(grep -c '"version": "HTTP/1.0"' "$f")
	[ "$n" -ge "$RISE" ] || fail "$s received $n health checks, want >= $RISE"
	odd=$(grep '"version": "HTTP/1.0"' "$f" |
	    grep -v -c '^{"line": "GET / HTTP/1.0", ') || :
	assert_eq "$odd" 0 "$s: health checks that are not 'GET / HTTP/1.0'"
done

exit 0
