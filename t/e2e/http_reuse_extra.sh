#!/bin/sh
# A server that answers more than it was asked (two responses to one
# request) must not have its extra bytes taken for the answer to a later
# request, from the same client (kept connection) or another one (idle
# pool, http-reuse safe): the connection is dropped instead.
# Passes with HAPX=/usr/sbin/haproxy too.
# shellcheck disable=SC2154 # t/lib.sh assigns $tmp
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

SP=$(free_port)
FE=$(free_port)
cat >"$tmp/dbl.py" <<'PYEOF'
import socket, sys, threading
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1])))
ls.listen(50)
def one(body):
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
def serve(c):
    buf = b""
    while True:
        d = c.recv(65536)
        if not d:
            break
        buf += d
        while b"\r\n\r\n" in buf:
            head, buf = buf.split(b"\r\n\r\n", 1)
            path = head.split(b" ")[1]
            out = one(b"for " + path)
            if path.startswith(b"/evil"):
                out += one(b"EXTRA after " + path)
            c.sendall(out)
    c.close()
while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PYEOF
"$PY" "$tmp/dbl.py" "$SP" >"$tmp/dbl.out" 2>&1 &
track_pid $!
wait_port "$SP" || fail "double-answer server did not start"
cat >"$tmp/x.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen fe
	bind 127.0.0.1:$FE
	http-reuse safe
	server s1 127.0.0.1:$SP
EOF
start_hapx "$tmp/x.cfg" "$FE"
"$PY" - "$FE" <<'PYEOF' >"$tmp/got" || fail "client failed: $(cat "$tmp/got")"
import http.client, sys
port = int(sys.argv[1])
out = []
a = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
for p in ("/evil", "/a2", "/a3"):
    try:
        a.request("GET", p)
        out.append(a.getresponse().read().decode())
    except Exception as e:
        a = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        a.request("GET", p)
        out.append(a.getresponse().read().decode())
for p in ("/b1", "/b2"):
    b = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    b.request("GET", p)
    out.append(b.getresponse().read().decode())
print(" | ".join(out))
PYEOF
assert_eq "$(cat "$tmp/got")" \
    "for /evil | for /a2 | for /a3 | for /b1 | for /b2" \
    "each request gets its own answer"
exit 0
