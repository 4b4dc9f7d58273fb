#!/usr/bin/env python3
"""sec_flow.py: clients and an upstream for t/e2e/sec_flow.sh.

    sec_flow.py upstream [--body N]
        An HTTP/1.1 origin on 127.0.0.1, on a port the kernel picks (printed
        as "PORT n" once it listens), that keeps up with pipelining:
        it answers every request head "200 OK" with the body "srv TARGET\\n"
        and N bytes "u" (one write per batch of requests read), keep-alive,
        no request body read.

    sec_flow.py flood PORT --prefix P --bytes N --secs S --pid PID
                      [--max-growth-mb M] [--order] [--read-secs R] [--pad K]
        Pipeline small "GET P<i> HTTP/1.1" requests (with an X-Pad header
        of K bytes when K > 0; up to N bytes of requests)
        on one connection with a 4 KB receive buffer, without reading, for
        S seconds, sampling the VmRSS of PID every 20 ms; stop early once
        it grew by more than M MB (default 64). Then read: every request
        sent whole must get a complete response (Content-Length or
        chunked), and with --order the i-th response must name P<i> (in a
        header or the body).  Prints one line:
            sent=K rss0=KB grow=KB answered=A order=ok|bad|- rest=B
        and exits 1 when A != K, the order is wrong or the growth passed M.

    sec_flow.py linger PORT --send TEXT [--extra N]
        Send TEXT (Python escapes) and then N more bytes ("x"), all before
        reading; then read until the peer closes.  Prints one line:
            send=ok|ERR:... status=CODE bytes=B whole=yes|no end=eof|reset|timeout
        and exits 1 unless all was sent and the reply came whole (by its
        Content-Length) and ended with a clean EOF: a close with unread
        input would have reset the connection instead.

    sec_flow.py trickle PORT --send TEXT [--secs S]
        Send TEXT, then 1 KB every 5 ms for up to S seconds (default 4),
        never reading; print "closed_ms=T", T the milliseconds until a send
        failed (the peer closed), or "closed_ms=never".

Standard library only; used by the tests, not installed.
"""

import argparse
import ast
import re
import select
import socket
import sys
import threading
import time


def unescape(text):
    """TEXT with Python string escapes turned into bytes (latin-1)."""
    quoted = "'" + text.replace("\\'", "'").replace("'", "\\'") + "'"
    return ast.literal_eval(quoted).encode("latin-1")


# ---------------------------------------------------------------- upstream

def up_conn(sock, pad):
    buf = b""
    try:
        while True:
            d = sock.recv(262144)
            if not d:
                return
            buf += d
            out = []
            while True:
                end = buf.find(b"\r\n\r\n")
                if end < 0:
                    break
                line = buf[:buf.find(b"\r\n")]
                buf = buf[end + 4:]
                parts = line.split(b" ")
                target = parts[1] if len(parts) > 1 else b"?"
                body = b"srv " + target + b"\n" + pad
                out.append(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n"
                           % len(body) + body)
            if out:
                sock.sendall(b"".join(out))
    except OSError:
        return
    finally:
        sock.close()


def cmd_upstream(args):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(64)
    print("PORT %d" % ls.getsockname()[1], flush=True)
    while True:
        s, _ = ls.accept()
        threading.Thread(target=up_conn, args=(s, b"u" * args.body),
                         daemon=True).start()


# ------------------------------------------------------------------- flood

def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            if ln.startswith("VmRSS:"):
                return int(ln.split()[1])
    return 0


def build_requests(prefix, nbytes, pad):
    """The requests and the end offset of each one."""
    parts, ends, total, i = [], [], 0, 0
    extra = "X-Pad: %s\r\n" % ("p" * pad) if pad else ""
    while total < nbytes:
        r = ("GET %s%d HTTP/1.1\r\nHost: x\r\n%s\r\n"
             % (prefix, i, extra)).encode()
        parts.append(r)
        total += len(r)
        ends.append(total)
        i += 1
    return b"".join(parts), ends


def flood_send(sock, data, args):
    """Send without reading for args.secs; returns (sent, rss0, grow)."""
    rss0 = grow = rss_kb(args.pid)
    grow = 0
    sent = 0
    end = time.monotonic() + args.secs
    limit = args.max_growth_mb * 1024
    while time.monotonic() < end and grow <= limit:
        if sent < len(data):
            _, w, _ = select.select([], [sock], [], 0.02)
            if w:
                try:
                    sent += sock.send(data[sent:sent + 65536])
                except BlockingIOError:
                    pass
        else:
            time.sleep(0.02)
        grow = max(grow, rss_kb(args.pid) - rss0)
    return sent, rss0, grow


def next_response(buf, pos):
    """The end of the complete response at BUF[POS:], or -1."""
    he = buf.find(b"\r\n\r\n", pos)
    if he < 0:
        return -1
    head = buf[pos:he].decode("latin-1")
    bend = he + 4
    m = re.search(r"(?im)^content-length:\s*(\d+)", head)
    if m:
        bend += int(m.group(1))
        return bend if bend <= len(buf) else -1
    if not re.search(r"(?im)^transfer-encoding:\s*chunked", head):
        return bend
    while True:
        le = buf.find(b"\r\n", bend)
        if le < 0:
            return -1
        n = int(buf[bend:le].split(b";")[0], 16)
        bend = le + 2 + n + 2
        if bend > len(buf):
            return -1
        if n == 0:
            return bend


def flood_read(sock, want, secs, pat):
    """Read until WANT responses arrived or nothing came for SECS.  Returns
    how many came, whether each named its request (PAT: the i-th must
    match with group 1 == i; None: not checked) and the bytes left over."""
    buf, pos, n, order = bytearray(), 0, 0, True
    last = time.monotonic()
    while n < want and time.monotonic() - last < secs:
        r, _, _ = select.select([sock], [], [], 0.1)
        if not r:
            continue
        try:
            d = sock.recv(1 << 20)
        except OSError:
            break
        if not d:
            break
        buf += d
        last = time.monotonic()
        while (end := next_response(buf, pos)) >= 0:
            if pat is not None:
                m = pat.search(buf, pos, end)
                order = order and m is not None and int(m.group(1)) == n
            n += 1
            pos = end
        del buf[:pos]
        pos = 0
    return n, order, len(buf)


def cmd_flood(args):
    data, ends = build_requests(args.prefix, args.bytes, args.pad)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
    sock.connect(("127.0.0.1", args.port))
    sock.setblocking(False)
    sent, rss0, grow = flood_send(sock, data, args)
    whole = sum(1 for e in ends if e <= sent)
    pat = None
    if args.order:
        pat = re.compile(re.escape(args.prefix.encode()) + rb"(\d+)")
    n, order, rest = flood_read(sock, whole, args.read_secs, pat)
    print("sent=%d rss0=%d grow=%d answered=%d order=%s rest=%d"
          % (whole, rss0, grow, n, "-" if pat is None else
             "ok" if order else "bad", rest))
    ok = n == whole and order and grow <= args.max_growth_mb * 1024
    return 0 if ok else 1


# ------------------------------------------------------------------ linger

def cmd_linger(args):
    sock = socket.create_connection(("127.0.0.1", args.port), timeout=5)
    state = "ok"
    try:
        sock.sendall(unescape(args.send) + b"x" * args.extra)
    except OSError as e:
        state = "ERR:%s" % e.__class__.__name__
    buf, end = b"", "timeout"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            d = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            end = "reset"
            break
        if not d:
            end = "eof"
            break
        buf += d
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", buf)
    status = m.group(1).decode() if m else "-"
    whole = "yes" if next_response(buf, 0) == len(buf) else "no"
    print("send=%s status=%s bytes=%d whole=%s end=%s"
          % (state, status, len(buf), whole, end))
    return 0 if state == "ok" and whole == "yes" and end == "eof" else 1


def cmd_trickle(args):
    """Send TEXT, then keep sending for up to SECS: the time until the
    peer shut the connection (a failed send) or 'never'."""
    sock = socket.create_connection(("127.0.0.1", args.port), timeout=5)
    t0 = time.monotonic()
    try:
        sock.sendall(unescape(args.send))
        while time.monotonic() - t0 < args.secs:
            sock.sendall(b"x" * 1024)
            time.sleep(0.005)
    except OSError:
        print("closed_ms=%d" % ((time.monotonic() - t0) * 1000))
        return 0
    print("closed_ms=never")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("upstream")
    u.add_argument("--body", type=int, default=0)
    f = sub.add_parser("flood")
    f.add_argument("port", type=int)
    f.add_argument("--prefix", required=True)
    f.add_argument("--bytes", type=int, default=8000000)
    f.add_argument("--secs", type=float, default=1.5)
    f.add_argument("--read-secs", type=float, default=3.0)
    f.add_argument("--pid", type=int, required=True)
    f.add_argument("--max-growth-mb", type=int, default=64)
    f.add_argument("--order", action="store_true")
    f.add_argument("--pad", type=int, default=0)
    g = sub.add_parser("linger")
    g.add_argument("port", type=int)
    g.add_argument("--send", required=True)
    g.add_argument("--extra", type=int, default=0)
    t = sub.add_parser("trickle")
    t.add_argument("port", type=int)
    t.add_argument("--send", required=True)
    t.add_argument("--secs", type=float, default=4.0)
    args = p.parse_args()
    if args.cmd == "upstream":
        cmd_upstream(args)
        return 0
    if args.cmd == "flood":
        return cmd_flood(args)
    if args.cmd == "trickle":
        return cmd_trickle(args)
    return cmd_linger(args)


if __name__ == "__main__":
    sys.exit(main())
