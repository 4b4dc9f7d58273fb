#!/bin/sh
# Framing holes (issue 13, defects 5-8), on raw sockets:
#  - chunk sizes of 2^52 or more (8000000000000000, ffffffffffffffff)
#    are refused: 400 for a request, none of which reaches the server,
#    502 for a response whose bad chunk came with its head;
#  - Transfer-Encoding other than "chunked" alone ("identity, chunked")
#    is refused: 400 (HAProxy 2.6: 422), 502 from a server;
#  - chunk framing is re-encoded "<hex> CRLF <data> CRLF" both ways:
#    extensions, BWS, bare LF and zero padding never reach the peer;
#  - an absolute-form target whose authority differs from Host, and
#    authority-form without CONNECT, are 400 (RFC 9112 §3.2).
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py

TOOL="$top_srcdir/t/e2e/http_tool.py"

# The witness logs "PATH HEAD" as soon as a head arrives, then "PATH BODY
# <body, escaped>" once it has read the body, which it parses leniently
# so that whatever framing it is sent shows in the log.  The evil server
# answers /sN with the canned response N, then closes.
cat >"$tmp/servers.py" <<'EOF'
import re, socket, sys, threading

CH = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
EVIL = {
    b"/s1": CH + b"8000000000000000\r\nab\r\n0\r\n\r\n",
    b"/s2": CH + b"ffffffffffffffff\r\nab\r\n0\r\n\r\n",
    b"/s3": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: identity, chunked\r\n"
            b"\r\n2\r\nab\r\n0\r\n\r\n",
    b"/s4": CH + b"2;x=y\r\nab\r\n003 \t\r\ncde\r\n0\r\nX-T: 1\r\n\r\n",
}

def readline(f):
    return f.readline(65536)

def body(f, head):
    h = head.lower()
    if b"\ntransfer-encoding: chunked" in h:
        out = b""
        while True:
            line = readline(f)
            out += line
            m = re.match(rb"[ \t]*([0-9a-fA-F]+)", line)
            if not m:
                return out
            n = int(m.group(1), 16)
            if n > 1 << 30:
                return out + b"HUGE"
            if n == 0:
                break
            out += f.read(n) + readline(f)
        while True:
            line = readline(f)
            out += line
            if line.strip() == b"":
                return out
    m = re.search(rb"\ncontent-length: *([0-9]+)", h)
    return f.read(int(m.group(1))) if m else b""

def witness(c, log):
    f = c.makefile("rb")
    head = b""
    while not head.endswith(b"\n\r\n") and not head.endswith(b"\n\n"):
        line = readline(f)
        if not line:
            return
        head += line
    path = head.split(b" ")[1].decode("latin-1")
    with open(log, "a") as lf:
        lf.write("%s HEAD\n" % path)
    b = body(f, head).decode("latin-1").encode("unicode_escape")
    with open(log, "a") as lf:
        lf.write("%s BODY %s\n" % (path, b.decode()))
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
              b"Connection: close\r\n\r\nok")

def evil(c, log):
    head = b""
    while b"\r\n\r\n" not in head:
        d = c.recv(4096)
        if not d:
            return
        head += d
    c.sendall(EVIL.get(head.split(b" ")[1], b"HTTP/1.1 404 x\r\n\r\n"))

def serve(kind, log):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    print("PORT", s.getsockname()[1], flush=True)
    while True:
        c, _ = s.accept()
        def run(c=c):
            try:
                (witness if kind == "witness" else evil)(c, log)
            except OSError:
                pass
            c.close()
        threading.Thread(target=run, daemon=True).start()

serve(sys.argv[1], sys.argv[2])
EOF

# server NAME KIND: start it, set NAME_PORT.
server() {
	start_server "$1_PORT" "$PY" "$tmp/servers.py" "$2" "$tmp/$1.log"
}
server WIT witness
server EVIL evil
: >"$tmp/WIT.log"
FE_PORT=$(free_port)
cat >"$tmp/hapx.cfg" <<EOF
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s

frontend fe
  bind 127.0.0.1:$FE_PORT
  use_backend evil if { path_beg /s }
  default_backend witness

backend witness
  server wit 127.0.0.1:$WIT_PORT

backend evil
  server evil 127.0.0.1:$EVIL_PORT
EOF
start_hapx "$tmp/hapx.cfg" "$FE_PORT"

# Every case runs at once (each waits for its answer or the idle time);
# failures are collected, so that an old binary shows all it gets wrong.
errs=
bad() { errs="$errs
$*"; }

# raw NAME STEP...: a client in the background, output in $tmp/got.NAME.
raw() {
	_n=$1
	shift
	"$PY" "$TOOL" raw --idle 3 --out "$tmp/got.$_n" "$FE_PORT" "$@" \
	    2>"$tmp/err.$_n" &
	track_pid $!
	clients="$clients $!"
}
clients=
C='Host: a\r\nConnection: close\r\n'
TE='Transfer-Encoding: chunked\r\n'
raw r1 "send:POST /r1 HTTP/1.1\r\n$C$TE\r\n8000000000000000\r\nab\r\n0\r\n\r\n"
raw r2 "send:POST /r2 HTTP/1.1\r\n$C$TE\r\nffffffffffffffff\r\nab\r\n0\r\n\r\n"
raw r3 "send:POST /r3 HTTP/1.1\r\n${C}Transfer-Encoding: identity, chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"
# Extension, bare LF, BWS, a 40-byte zero-padded size line, trailer with
# bare LF ends: all re-encoded.
raw r4 "send:POST /r4 HTTP/1.1\r\n$C$TE\r\n2;ext=1\r\nab\n3 \t\r\ncde\r\n0000000000000000000000000000000000004\r\nfghi\n0;x\nX-T: 1\n\n"
raw r8 "send:POST /r8 HTTP/1.1\r\n$C$TE\r\n2;ext=1\r\nab\n3 \t\r\ncde\r\n0\r\n\r\n"
raw r5 "send:GET http://evil.example/r5 HTTP/1.1\r\n$C\r\n"
raw r6 "send:GET host:80 HTTP/1.1\r\n$C\r\n"
raw r7 "send:GET http://A:80/r7 HTTP/1.1\r\n$C\r\n"
raw s1 "send:GET /s1 HTTP/1.1\r\n$C\r\n"
raw s2 "send:GET /s2 HTTP/1.1\r\n$C\r\n"
raw s3 "send:GET /s3 HTTP/1.1\r\n$C\r\n"
raw s4 "send:GET /s4 HTTP/1.1\r\n$C\r\n"
# shellcheck disable=SC2086 # a list of PIDs
wait $clients

# status NAME: the status code NAME's client received.
status() { sed -n '1s/^HTTP\/1\.1 \([0-9]*\) .*/\1/p' "$tmp/got.$1"; }
for c in r1:400 r2:400 r3:400 r4:200 r8:200 r5:400 r6:400 r7:200 s1:502 s2:502 \
    s3:502 s4:200; do
	[ "$(status "${c%:*}")" = "${c#*:}" ] ||
	    bad "${c%:*}: status '$(status "${c%:*}")', want ${c#*:}"
done
# Refused requests never reached the server; the others did, once.
for p in r1 r2 r3 r5 host:80; do
	grep -q "$p HEAD\$" "$tmp/WIT.log" &&
	    bad "$p reached the server"
done
grep -q '^http://A:80/r7 HEAD$' "$tmp/WIT.log" || bad "r7 did not reach the server"
want='2\r\nab\r\n3\r\ncde\r\n4\r\nfghi\r\n0\r\nX-T: 1\r\n\r\n'
got=$(sed -n 's|^/r4 BODY ||p' "$tmp/WIT.log")
[ "$got" = "$want" ] || bad "r4: server got body '$got', want '$want'"
want='2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n'
got=$(sed -n 's|^/r8 BODY ||p' "$tmp/WIT.log")
[ "$got" = "$want" ] || bad "r8: server got body '$got', want '$want'"
# The client gets the server's chunks re-encoded too.
tr -d '\r' <"$tmp/got.s4" | grep -qix 'transfer-encoding: chunked' ||
    bad "s4: not chunked"
got=$("$PY" -c 'import sys
d = open(sys.argv[1], "rb").read()
print(d[d.find(b"\r\n\r\n") + 4:].decode("latin-1").encode("unicode_escape").decode())' "$tmp/got.s4")
want='2\r\nab\r\n3\r\ncde\r\n0\r\nX-T: 1\r\n\r\n'
[ "$got" = "$want" ] || bad "s4: client got body '$got', want '$want'"

if [ -n "$errs" ]; then
	sed 's/^/  /' "$tmp/WIT.log" >&2
	fail "$errs"
fi
exit 0
