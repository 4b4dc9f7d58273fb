#!/usr/bin/env python3
"""pyserv.py: small upstreams and a raw-socket client for hapx's e2e tests
(t/e2e/proc_*.sh, lb_*.sh, tcp_*.sh). Standard library only.

Servers print "PORT <n>" (flushed) on stdout once listening, then serve
until killed:

  pyserv.py http [--name N] [--log FILE] [--host ADDR] [--echo-cookie]
                 [--add-header LINE]... [--hold-dir DIR]
      HTTP/1.1 upstream. Every response has "X-Fake-Spark: N" and the body
      "N METHOD TARGET\n"; keep-alive as HTTP/1.1 wants it. A target
      containing /sleep/MS waits MS milliseconds before answering; one
      containing /hold/KEY waits until the file DIR/KEY exists (at most
      20 s), so a test decides when a slow request ends.
      --log appends "N TARGET\n" per request when it is received.
      --echo-cookie adds "X-Req-Cookie: V" (V: the request's Cookie
      header, "-" if none); --add-header LINE (repeatable) adds LINE.
  pyserv.py echo [--banner TEXT] [--delay S] [--host ADDR]
      TCP echo. Sends TEXT + "\n" first if given; echoes everything (each
      piece S seconds after reading it, with --delay); when the peer shuts
      its write side down, echoes what is left, shuts down its own write
      side and closes.
  pyserv.py talk [--count N] [--every S] [--host ADDR]
      One-way TCP stream: sends "t0\n", "t1\n"... N lines (default 8),
      one every S seconds (default 0.3), then closes; reads nothing.
  pyserv.py blackhole [--host ADDR]
      Listens with backlog 0 and never accepts; fills its own accept queue
      so that further SYNs are dropped and connect() hangs. Prints
      "HANGS yes" or "HANGS no" (after PORT) from a self-test.

Client:

  pyserv.py client PORT [--send TEXT] [--send-bytes N] [--shut-wr]
                   [--wait S] [--out FILE] [--host ADDR] [--delay-send S]
      Connects, waits --delay-send seconds, sends TEXT (Python escapes
      such as \\r\\n are decoded) then N pattern bytes (bytes 0-255
      repeated), shuts its write side down if asked, and reads until EOF
      or --wait seconds (default 5); sending runs beside the reading, so
      a large echo cannot deadlock. Prints one line:
      "connect=ok|refused|timeout eof=yes|no|reset bytes=N elapsed=S"
      (elapsed from the end of the send, or from its start above 64 KiB,
      to EOF or the deadline).
      Received bytes go to --out.
"""

import argparse
import errno
import os
import re
import socket
import sys
import threading
import time


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def listen(host, backlog=128):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, 0))
    s.listen(backlog)
    return s


# ------------------------------------------------------------------ http

def hold(path, limit=20.0):
    end = time.monotonic() + limit
    while not os.path.exists(path) and time.monotonic() < end:
        time.sleep(0.01)


def http_conn(sock, name, logf, lock, opts):
    buf = b""
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                data = sock.recv(65536)
                if not data:
                    return
                buf += data
            head, buf = buf.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            parts = lines[0].split(" ")
            if len(parts) != 3:
                return
            method, target, version = parts
            hdrs = {}
            for ln in lines[1:]:
                k, _, v = ln.partition(":")
                hdrs[k.strip().lower()] = v.strip()
            clen = int(hdrs.get("content-length", "0") or 0)
            while len(buf) < clen:
                data = sock.recv(65536)
                if not data:
                    return
                buf += data
            buf = buf[clen:]
            if logf is not None:
                with lock:
                    logf.write("%s %s\n" % (name, target))
                    logf.flush()
            m = re.search(r"/sleep/(\d+)", target)
            if m:
                time.sleep(int(m.group(1)) / 1000.0)
            m = re.search(r"/hold/([A-Za-z0-9_]+)", target)
            if m and opts.hold_dir:
                hold(os.path.join(opts.hold_dir, m.group(1)))
            conn = hdrs.get("connection", "").lower()
            keep = ("close" not in conn if version == "HTTP/1.1"
                    else "keep-alive" in conn)
            body = ("%s %s %s\n" % (name, method, target)).encode("latin-1")
            out = ["HTTP/1.1 200 OK", "Content-Type: text/plain",
                   "Content-Length: %d" % len(body),
                   "X-Fake-Spark: %s" % name]
            if opts.echo_cookie:
                out.append("X-Req-Cookie: %s" % hdrs.get("cookie", "-"))
            out.extend(opts.add_header or [])
            if not keep:
                out.append("Connection: close")
            data = ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")
            if method != "HEAD":
                data += body
            sock.sendall(data)
            if not keep:
                return
    except OSError:
        return
    finally:
        try:
            sock.close()
        except OSError:
            pass


def serve_http(args):
    ls = listen(args.host)
    say("PORT %d" % ls.getsockname()[1])
    logf = open(args.log, "a") if args.log else None
    lock = threading.Lock()
    while True:
        s, _ = ls.accept()
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=http_conn, args=(s, args.name, logf, lock, args),
                         daemon=True).start()


# ------------------------------------------------------------------ echo

def echo_conn(sock, banner, delay):
    try:
        if banner is not None:
            sock.sendall(banner.encode() + b"\n")
        while True:
            data = sock.recv(65536)
            if not data:
                break
            if delay:
                time.sleep(delay)
            sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    finally:
        sock.close()


def serve_echo(args):
    ls = listen(args.host)
    say("PORT %d" % ls.getsockname()[1])
    while True:
        s, _ = ls.accept()
        threading.Thread(target=echo_conn, args=(s, args.banner, args.delay),
                         daemon=True).start()


# ------------------------------------------------------------------ talk

def talk_conn(sock, count, every):
    try:
        for i in range(count):
            sock.sendall(b"t%d\n" % i)
            time.sleep(every)
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    finally:
        sock.close()


def serve_talk(args):
    ls = listen(args.host)
    say("PORT %d" % ls.getsockname()[1])
    while True:
        s, _ = ls.accept()
        threading.Thread(target=talk_conn, args=(s, args.count, args.every),
                         daemon=True).start()


# ------------------------------------------------------------- blackhole

def serve_blackhole(args):
    ls = listen(args.host, 0)
    port = ls.getsockname()[1]
    say("PORT %d" % port)
    fillers = []
    # Fill the accept queue (backlog 0 still queues one or two).
    for _ in range(4):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect((args.host, port))
        except OSError:
            pass
        fillers.append(c)
    time.sleep(0.2)
    probe = socket.socket()
    probe.settimeout(0.5)
    try:
        probe.connect((args.host, port))
        say("HANGS no")
    except socket.timeout:
        say("HANGS yes")
    except OSError:
        say("HANGS no")
    probe.close()
    while True:
        time.sleep(60)


# ---------------------------------------------------------------- client

def pattern(n):
    """N deterministic bytes, not all alike."""
    unit = bytes(range(256))
    return (unit * (n // 256 + 1))[:n]


def client(args):
    fam = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(args.wait)
    try:
        s.connect((args.host, args.port))
    except socket.timeout:
        say("connect=timeout eof=no bytes=0 elapsed=0")
        return
    except OSError as e:
        if e.errno == errno.ECONNREFUSED:
            say("connect=refused eof=no bytes=0 elapsed=0")
            return
        # Accepted then reset before connect() returned.
        say("connect=ok eof=reset bytes=0 elapsed=0")
        return
    if args.delay_send:
        time.sleep(args.delay_send)
    eof = "no"
    got = b""
    data = b""
    if args.send:
        data = (args.send.encode("latin-1").decode("unicode_escape")
                .encode("latin-1"))
    if args.send_bytes:
        data += pattern(args.send_bytes)
    err = []

    def sender():
        try:
            s.sendall(data)
            if args.shut_wr:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            err.append(1)
    # Send from a thread so that a large echo cannot deadlock us.
    th = threading.Thread(target=sender, daemon=True)
    th.start()
    if len(data) <= 65536:
        th.join()
        if err:
            eof = "reset"
    t0 = time.time()
    deadline = t0 + args.wait
    while eof == "no":
        left = deadline - time.time()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            data = s.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            eof = "reset"
            break
        if not data:
            eof = "yes"
            break
        got += data
    elapsed = time.time() - t0
    th.join(1)
    if args.out:
        with open(args.out, "wb") as f:
            f.write(got)
    say("connect=ok eof=%s bytes=%d elapsed=%.2f" % (eof, len(got), elapsed))
    s.close()


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("http")
    h.add_argument("--name", default="srv")
    h.add_argument("--log")
    h.add_argument("--host", default="127.0.0.1")
    h.add_argument("--echo-cookie", action="store_true")
    h.add_argument("--add-header", action="append")
    h.add_argument("--hold-dir")
    e = sub.add_parser("echo")
    e.add_argument("--banner")
    e.add_argument("--delay", type=float, default=0.0)
    e.add_argument("--host", default="127.0.0.1")
    t = sub.add_parser("talk")
    t.add_argument("--count", type=int, default=8)
    t.add_argument("--every", type=float, default=0.3)
    t.add_argument("--host", default="127.0.0.1")
    b = sub.add_parser("blackhole")
    b.add_argument("--host", default="127.0.0.1")
    c = sub.add_parser("client")
    c.add_argument("port", type=int)
    c.add_argument("--host", default="127.0.0.1")
    c.add_argument("--send")
    c.add_argument("--send-bytes", type=int, default=0)
    c.add_argument("--shut-wr", action="store_true")
    c.add_argument("--wait", type=float, default=5.0)
    c.add_argument("--delay-send", type=float, default=0.0)
    c.add_argument("--out")
    args = p.parse_args()
    threading.stack_size(512 * 1024)
    {"http": serve_http, "echo": serve_echo, "talk": serve_talk,
     "blackhole": serve_blackhole, "client": client}[args.cmd](args)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        os._exit(0)
