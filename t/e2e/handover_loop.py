#!/usr/bin/python3
"""handover_loop.py PORT SECS: one request per connection to 127.0.0.1:PORT
for SECS seconds (a hand-over between two processes happens meanwhile);
prints "ok=N refused=N failed=N seen=ANSWERS", the answers' bodies sorted.
Used by mworker_sf.sh and mworker_x.sh."""
import socket, sys, time
port, secs = int(sys.argv[1]), float(sys.argv[2])
ok = refused = failed = 0
seen = set()
end = time.monotonic() + secs
while time.monotonic() < end:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
    except ConnectionRefusedError:
        refused += 1
        continue
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            d = s.recv(4096)
            if not d:
                break
            data += d
        if data.startswith(b"HTTP/1.1 200"):
            ok += 1
            seen.add(data.split(b"\r\n\r\n", 1)[1].decode())
        else:
            failed += 1
    except OSError:
        failed += 1
    finally:
        s.close()
print("ok=%d refused=%d failed=%d seen=%s" % (ok, refused, failed,
      ",".join(sorted(seen))))
