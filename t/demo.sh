#!/bin/sh
# t/demo.sh: the article's setup on one machine, in the foreground.
#
#   three fake Spark masters (t/fake_spark.py): 127.0.0.1:8081 ALIVE,
#   :8082 and :8083 STANDBY; hapx -db -f examples/spark.cfg on :8000.
#
# Open http://127.0.0.1:8000/spark/ and stop with Ctrl-C; everything this
# script started is stopped by PID. The fixed ports must be free.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_py
need_hapx

cfg="$top_srcdir/examples/spark.cfg"
[ -f "$cfg" ] || fail "missing $cfg"

started=
test_cleanup() {
	[ -z "$started" ] || echo "demo: stopping hapx and the fake masters"
}

busy=$("$PY" -c '
import socket, sys
busy = []
for p in sys.argv[1:]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", int(p)))
    except OSError:
        busy.append(p)
    s.close()
print(" ".join(busy))' 8000 8081 8082 8083)
[ -z "$busy" ] || fail "port(s) in use: $busy (the demo needs 8000, 8081-8083)"
started=1

start_spark spark1 ALIVE --port 8081
start_spark spark2 STANDBY --port 8082
start_spark spark3 STANDBY --port 8083
echo "demo: fake Spark masters on 127.0.0.1:8081 (ALIVE), :8082, :8083 (STANDBY)"

start_hapx "$cfg" 8000
# shellcheck disable=SC2154 # the SPARK_STATE_* variables come from start_spark
cat <<EOF
demo: hapx is running (pid $HAPX_PID): $HAPX -db -f $cfg

    open http://127.0.0.1:8000/spark/

  Fail over by hand (checks run every 10 s; rise 2 / fall 2), e.g.:
    echo STANDBY > $SPARK_STATE_spark1; echo ALIVE > $SPARK_STATE_spark2
  Other states: RECOVERING, HANG, 500, GONE (the master exits).
  Requests each master received: $tmp/spark-*/requests.log

Press Ctrl-C to stop.
EOF

# Runs until Ctrl-C (the trap from t/lib.sh cleans up) or until hapx exits.
wait "$HAPX_PID"
rc=$?
echo "demo: hapx exited with status $rc" >&2
for f in "$tmp/hapx.out" "$tmp/hapx.err"; do
	[ -s "$f" ] || continue
	printf -- '--- %s:\n' "$f" >&2
	tail -n 30 "$f" >&2
done
exit 1
