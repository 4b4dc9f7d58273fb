#!/usr/bin/env python3
"""proxy_tool.py: PROXY protocol helpers for t/e2e/proxy_protocol.sh.
Standard library only.

  proxy_tool.py serve DIR
      HTTP upstream. Prints "PORT <n>" once listening. For each
      connection it reads up to the end of a request head and writes what
      it got, Python-escaped, to DIR/got.<k> (k = 1, 2...); it answers 200
      with the body "xff=<X-Forwarded-For or ->\n" and closes.
  proxy_tool.py send PORT DATA
      Connects to 127.0.0.1:PORT, sends DATA (Python escapes), prints
      "LPORT <its own port>", then what comes back (Python-escaped) or
      "RESET" when the peer resets.
"""
import ast
import os
import socket
import sys


def serve(d):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    print("PORT %d" % ls.getsockname()[1], flush=True)
    k = 0
    while True:
        c, _ = ls.accept()
        c.settimeout(5)
        got = b""
        try:
            while b"\r\n\r\n" not in got:
                b = c.recv(4096)
                if not b:
                    break
                got += b
        except OSError:
            pass
        k += 1
        tmp = os.path.join(d, "got.%d.tmp" % k)
        with open(tmp, "w") as f:
            f.write(repr(got)[2:-1] + "\n")
        os.rename(tmp, os.path.join(d, "got.%d" % k))
        xff = "-"
        for line in got.split(b"\r\n"):
            if line.lower().startswith(b"x-forwarded-for:"):
                xff = line.split(b":", 1)[1].strip().decode()
        body = ("xff=%s\n" % xff).encode()
        try:
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n"
                      b"Connection: close\r\n\r\n" % len(body) + body)
        except OSError:
            pass
        c.close()


def send(port, data):
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=5)
    print("LPORT %d" % s.getsockname()[1])
    s.sendall(ast.literal_eval("b'''" + data + "'''"))
    out = b""
    try:
        while True:
            b = s.recv(4096)
            if not b:
                break
            out += b
    except ConnectionResetError:
        print("RESET")
        return
    except socket.timeout:
        out += b"<TIMEOUT>"
    print(repr(out)[2:-1])


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        send(sys.argv[2], sys.argv[3])
