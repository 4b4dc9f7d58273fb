#!/bin/sh
# maxconn (spec §7.2): with global maxconn 2, and separately a frontend
# maxconn 2, a third concurrent connection waits in the kernel backlog (no
# answer) until one of the first two closes, then it is served; with the
# frontend limit, another frontend keeps serving meanwhile.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A

# third_waits PORT [OTHER_PORT]: two idle connections, then a third one
# with a request: no answer for 0.8 s (while OTHER_PORT, if given, still
# serves), then close the first: the third gets its answer.
third_waits() {
	"$PY" - "$@" <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
other = int(sys.argv[2]) if len(sys.argv) > 2 else 0
REQ = b"GET /third HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"

def conn(p):
    return socket.create_connection(("127.0.0.1", p), timeout=3)

c1, c2 = conn(port), conn(port)
time.sleep(0.3)
c3 = conn(port)                 # completes in the kernel backlog
c3.sendall(REQ)
c3.settimeout(0.8)
try:
    data = c3.recv(100)
    sys.exit("the third connection was served at once: %r" % data[:40])
except socket.timeout:
    pass
if other:
    o = conn(other)
    o.sendall(b"GET /other HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    got = b""
    while True:
        d = o.recv(4096)
        if not d:
            break
        got += d
    if b"A GET /other" not in got:
        sys.exit("the other frontend did not serve: %r" % got[:80])
t0 = time.time()
c1.close()
c3.settimeout(3)
got = b""
try:
    while True:
        d = c3.recv(4096)
        if not d:
            break
        got += d
except socket.timeout:
    sys.exit("the third connection was not served after one closed")
if not got.startswith(b"HTTP/1.1 200") or b"A GET /third" not in got:
    sys.exit("third connection: %r" % got[:80])
dt = time.time() - t0
if dt > 1.5:
    sys.exit("served %.2f s after the close" % dt)
c2.close()
EOF
}

FE=$(free_port)
cat >"$tmp/g.cfg" <<EOF
global
	maxconn 2
defaults
	mode http
	timeout connect 2s
	timeout client 10s
	timeout server 10s
listen l
	bind 127.0.0.1:$FE
	server A 127.0.0.1:$upA
EOF
start_hapx "$tmp/g.cfg" "$FE"
third_waits "$FE" || fail "global maxconn 2"
kill "$HAPX_PID"
wait "$HAPX_PID"

FE=$(free_port)
FE2=$(free_port)
cat >"$tmp/f.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 10s
	timeout server 10s
frontend limited
	bind 127.0.0.1:$FE
	maxconn 2
	default_backend be
frontend other
	bind 127.0.0.1:$FE2
	default_backend be
backend be
	server A 127.0.0.1:$upA
EOF
start_hapx "$tmp/f.cfg" "$FE"
third_waits "$FE" "$FE2" || fail "frontend maxconn 2"
