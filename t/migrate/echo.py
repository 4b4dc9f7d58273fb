#!/usr/bin/env python3
"""echo.py: the upstream and the client of t/e2e/cfg_migrate.sh, which sends
the same requests through hapx running a 1.x config and its migrated form.
Standard library only.

  echo.py serve LOG
      HTTP/1.1 upstream on 127.0.0.1, port from the OS, printed as
      "PORT <n>" (flushed).  Each request's head (request line and header
      lines, as received) is appended to LOG as one JSON list, then
      answered 200 with a few headers that response rules can work on
      (Server, Set-Cookie, X-Backend-Secret, Location) and the body "ok".  Requests
      without an "X-Test" header (health checks) are answered and not
      logged.
  echo.py send PORT REQUESTS OUT
      REQUESTS holds one request per line, Python escapes decoded ("\\r\\n").
      Each is sent on its own connection to 127.0.0.1:PORT; the response
      head (status line and header lines, Date removed) is appended to OUT
      as one JSON list, or ["no response"].
  echo.py lower FILE
      FILE (as written by serve or send) with header names in lower case,
      as HAProxy 2.x sends them, on stdout.
"""

import json
import socket
import sys
import threading


def read_head(sock):
    buf = b""
    while b"\r\n\r\n" not in buf:
        data = sock.recv(65536)
        if not data:
            return None
        buf += data
    return buf.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")


def serve_one(sock, log, lock):
    try:
        head = read_head(sock)
        if head is None:
            return
        if any(h.lower().startswith("x-test:") for h in head[1:]):
            with lock:
                log.write(json.dumps(head) + "\n")
                log.flush()
        body = b"ok\n"
        out = ["HTTP/1.1 200 OK", "Server: echo/1.0",
               "Set-Cookie: IP=10.0.0.7; path=/",
               "Set-Cookie: sess=abc; path=/",
               "X-Backend-Secret: s3cret",
               "Location: http://example.com/a?b",
               "Content-Type: text/plain",
               "Content-Length: %d" % len(body), "Connection: close"]
        sock.sendall(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") +
                     body)
    except OSError:
        pass
    finally:
        sock.close()


def serve(logpath):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(64)
    print("PORT %d" % ls.getsockname()[1], flush=True)
    log = open(logpath, "a")
    lock = threading.Lock()
    while True:
        s, _ = ls.accept()
        threading.Thread(target=serve_one, args=(s, log, lock),
                         daemon=True).start()


def send(port, reqfile, outpath):
    with open(reqfile) as f:
        reqs = [l.rstrip("\n") for l in f if l.strip()]
    with open(outpath, "w") as out:
        for r in reqs:
            raw = r.encode("latin-1").decode("unicode_escape")
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            try:
                s.sendall(raw.encode("latin-1"))
                head = read_head(s)
            except OSError:
                head = None
            finally:
                s.close()
            if head is None:
                head = ["no response"]
            head = [h for h in head if not h.lower().startswith("date:")]
            out.write(json.dumps(head) + "\n")


def lower(path):
    with open(path) as f:
        for line in f:
            head = json.loads(line)
            out = head[:1] + [h.split(":", 1)[0].lower() + ":" +
                              h.split(":", 1)[1] if ":" in h else h
                              for h in head[1:]]
            print(json.dumps(out))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "lower":
        lower(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "send":
        send(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
