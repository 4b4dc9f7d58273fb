#!/bin/sh
# "http-reuse never": server connections are not shared between clients.
# The same traffic as http_reuse.sh: client A sends one request to spark1
# and leaves; client B's first request goes to spark2, its second to
# spark1 -- on a new connection (a different connection number in
# spark1's log, seq 1), where "safe" reuses A's.  HAProxy 2.6 does the same.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_py

start_spark spark1 ALIVE
start_spark spark2 ALIVE
FE_PORT=$(free_port)
cat >"$tmp/reuse.cfg" <<CFG
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE_PORT
	default_backend be
backend be
	balance roundrobin
	http-reuse never
	server spark1 127.0.0.1:$SPARK1_PORT
	server spark2 127.0.0.1:$SPARK2_PORT
CFG
start_hapx "$tmp/reuse.cfg" "$FE_PORT"

"$PY" - "$FE_PORT" <<'PY' || fail "requests failed"
import socket, sys, time
port = int(sys.argv[1])
def get(s, path):
    s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    n = int([l.split(b":")[1] for l in head.split(b"\r\n")
             if l.lower().startswith(b"content-length")][0])
    while len(body) < n:
        body += s.recv(65536)
    return head
a = socket.create_connection(("127.0.0.1", port), timeout=5)
assert b"spark1" in get(a, b"/echo/a1")
a.close()
time.sleep(0.3)
b = socket.create_connection(("127.0.0.1", port), timeout=5)
assert b"spark2" in get(b, b"/echo/b1")
assert b"spark1" in get(b, b"/echo/b2")
b.close()
PY
log=$(spark_log spark1)
"$PY" - "$log" <<'PY' || fail "spark1's connections: $(cat "$log")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
a = [r for r in rows if r["target"] == "/echo/a1"][0]
b = [r for r in rows if r["target"] == "/echo/b2"][0]
assert a["conn"] != b["conn"], ("reused", a["conn"], b["conn"])
assert b["seq"] == 1, b["seq"]
PY
exit 0
