#!/usr/bin/python3
"""Drive hapx's runtime API (stats socket) the way scripts and hatop do.

ADDR is a UNIX socket path, "abns@NAME" or "HOST:PORT".

  cli_tool.py send ADDR LINE          one line, print the answer (to EOF)
  cli_tool.py prompt ADDR CMD...      "prompt", then each CMD; print each
                                      answer (without its "> ") then a
                                      line "@@END@@"
  cli_tool.py payload ADDR            interactive "help <<" with a payload:
                                      print what came back, "+ " included
  cli_tool.py idle ADDR               enter prompt mode, then wait: print
                                      the ms until hapx closes (<= 10 s)
  cli_tool.py hold PORT SECONDS       open a TCP connection to PORT, send a
                                      partial request, keep it SECONDS
  cli_tool.py fdsock HAPX CFG OUTFILE start HAPX with a listening socket
                                      inherited as fd 3 (stats socket
                                      "fd@3"); print "PORT n" and "PID n"
"""
import os
import socket
import subprocess
import sys
import time

PROMPT = b"> "


def connect(addr, timeout=5.0):
    if addr.startswith("abns@"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        # HAProxy (and hapx) bind abns@ with the whole NUL-padded
        # sun_path: a client must use the same 108 bytes.
        name = addr[5:].encode()
        s.connect(b"\0" + name + b"\0" * (107 - len(name)))
    elif addr.startswith("/"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(addr)
    else:
        host, port = addr.rsplit(":", 1)
        s = socket.create_connection((host, int(port)), timeout)
    return s


def read_all(s):
    out = b""
    while True:
        d = s.recv(65536)
        if not d:
            return out
        out += d


_left = b""


def read_until(s, end):
    """The bytes up to and including the first END; the rest is kept for
    the next call (one recv may hold several answers)."""
    global _left
    while end not in _left:
        d = s.recv(65536)
        if not d:
            raise SystemExit("closed before %r; got %r" % (end, _left[-200:]))
        _left += d
    i = _left.index(end) + len(end)
    got, _left = _left[:i], _left[i:]
    return got


def cmd_send(addr, line):
    s = connect(addr)
    s.sendall(line.encode() + b"\n")
    sys.stdout.write(read_all(s).decode(errors="replace"))


def cmd_prompt(addr, cmds):
    s = connect(addr)
    s.sendall(b"prompt\n")
    first = read_until(s, PROMPT)
    if first != b"\n" + PROMPT:
        raise SystemExit("prompt answered %r" % first)
    for c in cmds:
        s.sendall(c.encode() + b"\n")
        # A chain "a; b" answers once per command, each with its prompt.
        for _ in range(c.count(";") + 1):
            # "\n> ": a usage line may hold "> " ("<frontend> <value>")
            ans = read_until(s, b"\n" + PROMPT)
            sys.stdout.write(ans[:-len(PROMPT)].decode(errors="replace"))
            sys.stdout.write("@@END@@\n")
    s.sendall(b"quit\n")
    rest = read_all(s)
    if rest:
        raise SystemExit("quit answered %r" % rest)


def cmd_payload(addr):
    s = connect(addr)
    s.sendall(b"prompt\n")
    read_until(s, PROMPT)
    s.sendall(b"help <<\n")
    got = read_until(s, b"+ ")
    s.sendall(b"line one\n")
    got += read_until(s, b"+ ")
    s.sendall(b"\n")
    got += read_until(s, b"\n" + PROMPT)
    sys.stdout.write(got.decode(errors="replace"))


def cmd_idle(addr):
    s = connect(addr, timeout=10.0)
    s.sendall(b"prompt\n")
    read_until(s, PROMPT)
    t0 = time.monotonic()
    try:
        d = s.recv(100)
    except socket.timeout:
        print("TIMEOUT")
        return
    if d:
        raise SystemExit("unexpected data %r" % d)
    print(int((time.monotonic() - t0) * 1000))


def cmd_hold(port, secs):
    s = socket.create_connection(("127.0.0.1", int(port)), 5)
    s.sendall(b"GET /held HTTP/1.1\r\nHost: x\r\n")
    print("HELD", flush=True)
    time.sleep(float(secs))
    s.close()


def cmd_fdsock(hapx, cfg, outfile):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    port = ls.getsockname()[1]
    fd = ls.fileno()
    with open(outfile, "wb") as out:
        p = subprocess.Popen([hapx, "-db", "-f", cfg], stdout=out,
                             stderr=subprocess.STDOUT, pass_fds=(3,),
                             preexec_fn=lambda: os.dup2(fd, 3))
    ls.close()
    print("PORT %d" % port)
    print("PID %d" % p.pid, flush=True)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    what, args = sys.argv[1], sys.argv[2:]
    if what == "send":
        cmd_send(args[0], args[1])
    elif what == "prompt":
        cmd_prompt(args[0], args[1:])
    elif what == "payload":
        cmd_payload(args[0])
    elif what == "idle":
        cmd_idle(args[0])
    elif what == "hold":
        cmd_hold(args[0], args[1])
    elif what == "fdsock":
        cmd_fdsock(args[0], args[1], args[2])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
