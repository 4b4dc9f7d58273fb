#!/bin/sh
# Large bodies and backpressure through the proxy (src/io.c reads with
# its own reader, 16 KB and more at a time, and writes at the end of the
# loop turn): an 8 MiB upload to a server that reads slowly, a 16 MiB
# download by a client that reads slowly, 6 pipelined requests with
# bodies up to 3 MiB, and 100 pipelined requests with 3 KB headers each
# (300 KB in all, past the 256 KB that the client side buffers before it
# stops reading).  Every byte must arrive, in order.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_py
need_cmd curl

out="$tmp/bulk.out"
"$PY" "$top_srcdir/t/e2e/bulk_serv.py" >"$out" 2>"$tmp/bulk.err" &
track_pid $!
n=0
while [ -z "$(sed -n 's/^PORT //p' "$out")" ] && [ "$n" -lt 100 ]; do
	sleep 0.05
	n=$((n + 1))
done
UP=$(sed -n 's/^PORT //p' "$out")
[ -n "$UP" ] || fail "bulk_serv.py printed no port"

FE=$(free_port)
cat >"$tmp/bulk.cfg" <<CFG
defaults
	mode http
	timeout connect 2s
	timeout client 10s
	timeout server 10s
listen l
	bind 127.0.0.1:$FE
	server up 127.0.0.1:$UP
CFG
start_hapx "$tmp/bulk.cfg" "$FE"

# An 8 MiB upload, read slowly by the server: the client side must stop
# reading and resume, without losing or reordering a byte.
head -c 8388608 /dev/urandom >"$tmp/up.bin"
want="8388608 $(sha256sum "$tmp/up.bin" | cut -c1-64)"
got=$(curl -s --max-time 20 --data-binary @"$tmp/up.bin" \
    "http://127.0.0.1:$FE/slow")
assert_eq "$got" "$want" "8 MiB upload to a slow server"

# A 16 MiB download by a client reading at 8 MB/s.
want=$("$PY" -c '
import hashlib
p = bytes(range(256)) * 256
h = hashlib.sha256()
for i in range(16 * 1024 * 1024 // len(p)):
    h.update(p)
print(h.hexdigest())')
got=$(curl -s --max-time 20 --limit-rate 8M \
    "http://127.0.0.1:$FE/big/16777216" | sha256sum | cut -c1-64)
assert_eq "$got" "$want" "16 MiB download by a slow client"

# Pipelined requests, all written at once: big bodies, then many heads.
"$PY" - "$FE" >"$tmp/pipe.out" 2>&1 <<'PY' || {
import socket, sys

def responses(s, count):
    """Parse COUNT responses off S; returns their bodies."""
    data, bodies = b"", []
    while len(bodies) < count:
        while b"\r\n\r\n" not in data:
            d = s.recv(1 << 20)
            if not d:
                raise SystemExit("EOF after %d responses" % len(bodies))
            data += d
        head, _, data = data.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            raise SystemExit("bad status: %r" % head[:40])
        n = [int(l.split(b":")[1]) for l in head.split(b"\r\n")
             if l.lower().startswith(b"content-length:")][0]
        while len(data) < n:
            d = s.recv(1 << 20)
            if not d:
                raise SystemExit("EOF in body %d" % len(bodies))
            data += d
        bodies.append(data[:n])
        data = data[n:]
    return bodies

pat = bytes(range(256)) * 256
def big(n):
    return (pat * (n // len(pat) + 1))[:n]

port = int(sys.argv[1])
sizes = [100000, 200000, 7, 3000000, 11, 65536]
s = socket.create_connection(("127.0.0.1", port), timeout=8)
s.sendall(b"".join(b"GET /big/%d HTTP/1.1\r\nHost: x\r\n\r\n" % n
                   for n in sizes))
got = responses(s, len(sizes))
if got != [big(n) for n in sizes]:
    raise SystemExit("pipelined bodies differ")
pad = b"x" * 3000
s.sendall(b"".join(b"GET /n%d HTTP/1.1\r\nHost: x\r\nX-Pad: %s\r\n\r\n"
                   % (i, pad) for i in range(100)))
got = responses(s, 100)
if got != [b"ok\n"] * 100:
    raise SystemExit("pipelined small bodies differ")
print("ok")
PY
	cat "$tmp/pipe.out" >&2
	fail "pipelined requests"
}
assert_eq "$(cat "$tmp/pipe.out")" "ok" "pipelined requests"
echo "PASS: http_bulk"
exit 0
