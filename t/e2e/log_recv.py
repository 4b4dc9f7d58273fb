#!/usr/bin/env python3
"""log_recv.py: a syslog receiver for hapx's logging e2e tests
(t/e2e/log_*.sh). Standard library only.

  log_recv.py udp [--host ADDR] [--port N] --out FILE
      Binds a UDP socket on ADDR (default 127.0.0.1) port N (default 0:
      any), prints "PORT <n>" (flushed), then appends every datagram to
      FILE, each followed by a newline unless it already ends with one.
      Exits 1 if it cannot bind.
  log_recv.py unix PATH --out FILE
      The same on a UNIX datagram socket bound at PATH; prints "READY".

Runs until killed.
"""
import argparse
import os
import socket
import sys


def serve(sock, out):
    with open(out, "ab", buffering=0) as f:
        while True:
            data = sock.recv(65536)
            if not data.endswith(b"\n"):
                data += b"\n"
            f.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["udp", "unix"])
    ap.add_argument("path", nargs="?")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    open(a.out, "ab").close()
    if a.mode == "udp":
        fam = socket.AF_INET6 if ":" in a.host else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_DGRAM)
        try:
            s.bind((a.host, a.port))
        except OSError as e:
            sys.exit("cannot bind %s:%d: %s" % (a.host, a.port, e))
        print("PORT %d" % s.getsockname()[1], flush=True)
    else:
        if a.path is None:
            sys.exit("unix mode needs a PATH")
        if os.path.exists(a.path):
            os.unlink(a.path)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(a.path)
        print("READY", flush=True)
    serve(s, a.out)


if __name__ == "__main__":
    main()
