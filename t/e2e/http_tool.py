#!/usr/bin/env python3
"""http_tool.py: raw-socket helpers for the t/e2e/http_*.sh tests.

    http_tool.py raw [--out FILE] [--idle S] PORT STEP...
        Connect to 127.0.0.1:PORT and run the STEPs in order:
            send:TEXT    send TEXT, with Python escapes (\\r \\n \\x00 ...)
            sendfile:F   send the bytes of file F
            pad:NAME:N   send the header line "NAME: xxx...x" (N x's) CRLF
            padto:NAME:N the same, with as many x's as make what was sent
                         so far plus this line plus a final CRLF N bytes
            sleep:S      pause S seconds (a float)
            wait:TEXT    read until TEXT (escapes allowed) has been received,
                         at most --idle seconds; exit 3 if it never comes
            shut         half-close (SHUT_WR)
        then read until the peer closes or sends nothing for --idle seconds
        (default 2). Everything received goes to --out (default stdout);
        the last line on stderr is "closed" (the peer closed the
        connection, FIN or reset) or "open".

    http_tool.py upstream [--log FILE] PORT MODE
        A tiny origin server on 127.0.0.1:PORT, one thread per connection,
        keep-alive, for what t/fake_spark.py cannot do:
            garbage   answer every request head with bytes that are not HTTP
            slow      answer after 3 s (for timeout server)
            ws        answer "101 Switching Protocols", then echo every byte
                      back prefixed with "echo:" per read, until EOF
            204       "204 No Content" (no body, no Content-Length)
            ok        "200 OK" with the body "ok\n"
        --log FILE appends each request line it received, one per line.

    http_tool.py responses [--head K]... FILE
        Split FILE, the bytes a client received, into HTTP/1.1 responses
        (Content-Length, chunked, no body for 1xx/204/304 and for the K-th
        response, 1-based, which answers a HEAD) and print one line each:
        "STATUS BODY_BYTES FIRST_BODY_LINE"; then "rest N" if N bytes do
        not parse. Exit 1 if FILE does not split.

Standard library only; used by the tests, not installed.
"""

import argparse
import ast
import socket
import sys
import threading
import time


def unescape(text):
    """TEXT with Python string escapes turned into bytes (latin-1)."""
    quoted = "'" + text.replace("\\'", "'").replace("'", "\\'") + "'"
    return ast.literal_eval(quoted).encode("latin-1")


def read_until(sock, buf, want, idle):
    deadline = time.time() + idle
    while want not in buf:
        left = deadline - time.time()
        if left <= 0:
            return False
        sock.settimeout(left)
        try:
            d = sock.recv(65536)
        except socket.timeout:
            return False
        except OSError:
            return False
        if not d:
            return False
        buf += d
    return True


def cmd_raw(args):
    sock = socket.create_connection(("127.0.0.1", args.port), timeout=5)
    buf = bytearray()
    sent = 0
    for step in args.steps:
        kind, _, arg = step.partition(":")
        try:
            data = None
            if kind == "send":
                data = unescape(arg)
            elif kind == "sendfile":
                with open(arg, "rb") as f:
                    data = f.read()
            elif kind in ("pad", "padto"):
                name, _, n = arg.rpartition(":")
                n = int(n)
                if kind == "padto":
                    n -= sent + len(name) + 2 + 2 + 2
                data = name.encode() + b": " + b"x" * n + b"\r\n"
            if data is not None:
                sock.sendall(data)
                sent += len(data)
            elif kind == "sleep":
                time.sleep(float(arg))
            elif kind == "wait":
                if not read_until(sock, buf, unescape(arg), args.idle):
                    out(args, buf)
                    sys.stderr.write("wait: never got %r\n" % arg)
                    sys.exit(3)
            elif kind == "shut":
                sock.shutdown(socket.SHUT_WR)
            elif data is None:
                sys.exit("unknown step: %s" % step)
        except OSError as e:
            # The proxy may close on us mid-request (it rejected the
            # head): keep what it answered.
            sys.stderr.write("%s: %s\n" % (kind, e))
            break
    closed = False
    sock.settimeout(args.idle)
    while True:
        try:
            d = sock.recv(65536)
        except socket.timeout:
            break
        except OSError:
            closed = True
            break
        if not d:
            closed = True
            break
        buf += d
    out(args, buf)
    sys.stderr.write("closed\n" if closed else "open\n")


def out(args, buf):
    if args.out:
        with open(args.out, "wb") as f:
            f.write(buf)
    else:
        sys.stdout.buffer.write(buf)
        sys.stdout.flush()


def cmd_responses(args):
    data = open(args.file, "rb").read()
    pos = 0
    n = 0
    while pos < len(data):
        end = data.find(b"\r\n\r\n", pos)
        if end < 0:
            break
        lines = data[pos:end].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            break
        status = int(parts[1])
        hdrs = {}
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            hdrs[k.strip().lower()] = v.strip()
        pos = end + 4
        n += 1
        body = b""
        if (100 <= status < 200 or status in (204, 304) or
                n in (args.head or [])):
            pass
        elif "chunked" in hdrs.get("transfer-encoding", "").lower():
            while True:
                le = data.index(b"\r\n", pos)
                size = int(data[pos:le].split(b";")[0], 16)
                pos = le + 2
                if size == 0:
                    pos = data.index(b"\r\n\r\n", pos - 2) + 4
                    break
                body += data[pos:pos + size]
                pos += size + 2
        elif "content-length" in hdrs:
            size = int(hdrs["content-length"])
            body = data[pos:pos + size]
            if len(body) < size:
                sys.exit("response %d: body truncated" % n)
            pos += size
        else:
            body = data[pos:]
            pos = len(data)
        first = body.split(b"\n", 1)[0].decode("latin-1") if body else ""
        print(status, len(body), first)
    if pos < len(data):
        print("rest", len(data) - pos)


# ---------------------------------------------------------------- upstream

class Upstream:
    def __init__(self, mode, log):
        self.mode = mode
        self.log = log
        self.lock = threading.Lock()

    def note(self, line):
        if not self.log:
            return
        with self.lock, open(self.log, "a", encoding="latin-1") as f:
            f.write(line + "\n")

    def serve(self, sock):
        buf = bytearray()
        try:
            while True:
                while b"\r\n\r\n" not in buf:
                    d = sock.recv(65536)
                    if not d:
                        return
                    buf += d
                end = buf.index(b"\r\n\r\n") + 4
                head = bytes(buf[:end]).decode("latin-1")
                del buf[:end]
                self.note(head.split("\r\n")[0])
                clen = 0
                for ln in head.split("\r\n")[1:]:
                    if ln.lower().startswith("content-length:"):
                        clen = int(ln.split(":", 1)[1])
                while len(buf) < clen:
                    d = sock.recv(65536)
                    if not d:
                        return
                    buf += d
                del buf[:clen]
                if not self.answer(sock, buf):
                    return
        except OSError:
            return
        finally:
            sock.close()

    def answer(self, sock, buf):
        """Answer one request; False to close the connection."""
        if self.mode == "garbage":
            sock.sendall(b"SPARK\x00 this is not HTTP at all\r\n\r\n")
            return False
        if self.mode == "slow":
            time.sleep(3)
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nslow\n")
            return True
        if self.mode == "ok":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
            return True
        if self.mode == "204":
            sock.sendall(b"HTTP/1.1 204 No Content\r\nX-Upstream: 204\r\n\r\n")
            return True
        if self.mode == "ws":
            sock.sendall(b"HTTP/1.1 101 Switching Protocols\r\n"
                         b"Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
            if buf:
                sock.sendall(b"echo:" + bytes(buf))
            while True:
                d = sock.recv(65536)
                if not d:
                    return False
                sock.sendall(b"echo:" + d)
        return False

    def run(self, port):
        lsock = socket.socket()
        lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lsock.bind(("127.0.0.1", port))
        lsock.listen(64)
        while True:
            sock, _ = lsock.accept()
            threading.Thread(target=self.serve, args=(sock,),
                             daemon=True).start()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("raw")
    r.add_argument("port", type=int)
    r.add_argument("--out")
    r.add_argument("--idle", type=float, default=2.0)
    r.add_argument("steps", nargs="*")
    u = sub.add_parser("upstream")
    u.add_argument("port", type=int)
    u.add_argument("mode", choices=("garbage", "slow", "ws", "204", "ok"))
    u.add_argument("--log")
    s = sub.add_parser("responses")
    s.add_argument("--head", type=int, action="append")
    s.add_argument("file")
    args = p.parse_args()
    if args.cmd == "raw":
        cmd_raw(args)
    elif args.cmd == "responses":
        cmd_responses(args)
    else:
        Upstream(args.mode, args.log).run(args.port)


if __name__ == "__main__":
    main()
