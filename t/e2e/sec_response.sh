#!/bin/sh
# Issue 13, the response side: a server that answers more, or other, than
# it was asked must not reach another request nor another client, nor
# crash hapx, nor open a raw tunnel.  One hostile upstream (written below
# into $tmp) answers each path with the bytes under test; HAProxy 2.6 was
# run against the same bytes and handles every case as asserted here.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py

TOOL="$top_srcdir/t/e2e/http_tool.py"

cat >"$tmp/evil.py" <<'EOF'
# A hostile origin: one thread per connection, keep-alive; logs each
# request line (and, after a 101, each raw read as "RAW ...") to argv[1].
import socket, sys, threading, time
LOG = sys.argv[1]
FORGED = (b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Injected: 1\r\n\r\n"
          b"INJECTED")
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
ANS = {
    "/second": b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond",
    "/over": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" + FORGED,
    "/headbody": b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n" + FORGED,
    "/n204": b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello" +
             FORGED,
    "/n304": b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello" +
             FORGED,
    "/badchunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"z\r\n",
    "/bigchunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
                 b"1" * 17 + b"\r\n",
    "/u101": b"HTTP/1.1 101 Switching Protocols\r\n\r\n",
    "/ws": b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
           b"Upgrade: websocket\r\n\r\n",
}
lock = threading.Lock()
def note(s):
    with lock, open(LOG, "a") as f:
        f.write(s + "\n")
def serve(c):
    buf, raw = b"", False
    try:
        while True:
            d = c.recv(65536)
            if not d:
                return
            if raw:
                note("RAW " + repr(d))
                c.sendall(b"raw:" + d)
                continue
            buf += d
            while b"\r\n\r\n" in buf:
                head, buf = buf.split(b"\r\n\r\n", 1)
                line = head.split(b"\r\n")[0].decode("latin-1")
                note(line)
                path = line.split(" ")[1]
                c.sendall(ANS.get(path, OK))
                if path == "/late":
                    time.sleep(0.2)
                    c.sendall(FORGED)
                    note("LATE sent")
                if path in ("/u101", "/ws"):
                    raw = True
                    if buf:
                        note("RAW " + repr(buf))
                    buf = b""
    except OSError:
        pass
    finally:
        c.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(64)
print("PORT %d" % s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF

LOG="$tmp/evil.log"
: >"$LOG"
start_server EVIL "$PY" "$tmp/evil.py" "$LOG"

FE=$(free_port)
cat >"$tmp/hapx.cfg" <<EOF
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s

frontend fe
  bind 127.0.0.1:$FE
  default_backend evil

backend evil
  server e 127.0.0.1:$EVIL
EOF
start_hapx "$tmp/hapx.cfg" "$FE"

# raw OUT STEP...: one client connection (http_tool.py raw, 1 s idle).
raw() {
	_o=$1
	shift
	"$PY" "$TOOL" raw --idle 1 --out "$_o" "$FE" "$@" 2>"$_o.state"
}

# seen TEXT: how many lines of the upstream's log are TEXT.
seen() {
	grep -c -x -F -e "$1" "$LOG"
}

# refuse FILE TEXT: fail if FILE holds TEXT.
refuse() {
	if grep -q -F -e "$2" "$1"; then
		cat "$1" >&2
		fail "$1 holds '$2'"
	fi
}

# warm_pool: a client's kept server connection goes to the idle pool when
# the client leaves (hapx closes the client after its half-close, so when
# raw returns the connection is pooled).  A client's second request may
# take it at once, while the first request's connection still holds
# unread bytes.
warm_pool() {
	raw "$tmp/warm" 'send:GET /warm HTTP/1.1\r\nHost: a\r\n\r\n' 'wait:ok' \
	    'shut' || fail "warm-up request failed"
}

# pipelined NAME FIRST: FIRST then GET /second, in one write, after the
# pool was warmed; the reply goes to $tmp/NAME.
pipelined() {
	warm_pool
	raw "$tmp/$1" "send:$2 HTTP/1.1\\r\\nHost: a\\r\\n\\r\\nGET /second HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n" \
	    'wait:second' 'shut'
}

# --- 1. Response desync.  The server answers the first request with its
# response and a forged one behind it, in one write; the forged one must
# never answer /second: the client gets the server's real answer to
# /second, and the connection that spoke out of turn is not read again.
for first in 'GET /over' 'HEAD /headbody' 'GET /n204'; do
	for try in 1 2 3; do
		before=$(seen 'GET /second HTTP/1.1')
		pipelined desync "$first"
		refuse "$tmp/desync" INJECTED
		refuse "$tmp/desync" X-Injected
		assert_contains "$tmp/desync" second
		assert_eq "$(seen 'GET /second HTTP/1.1')" $((before + 1)) \
		    "$first, try $try: /second reached the server"
	done
done

# An idle kept connection that speaks is dropped, not read for the next
# request (a guard: hapx already did this).
: >"$tmp/late.log"
raw "$tmp/late" 'send:GET /late HTTP/1.1\r\nHost: a\r\n\r\n' 'wait:ok' \
    'sleep:0.4' 'send:GET /second HTTP/1.1\r\nHost: a\r\n\r\n' 'wait:second' 'shut'
refuse "$tmp/late" INJECTED
assert_contains "$LOG" "LATE sent"

# --- 2. A response whose first chunk size is invalid (or 17 hex digits)
# in the same write as its head: the client gets a 502 (the head is not
# forwarded), and hapx does not touch the session it closed (an ASan build
# aborted, a release build sent an empty reply).
for p in /badchunk /bigchunk; do
	raw "$tmp/chunk" "send:GET $p HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n" shut
	assert_contains "$tmp/chunk" "HTTP/1.1 502 Bad Gateway"
	refuse "$tmp/chunk" "Transfer-Encoding"
done
raw "$tmp/alive" 'send:GET /second HTTP/1.1\r\nHost: a\r\n\r\n' shut
assert_contains "$tmp/alive" second

# --- 3. An unsolicited 101 (the GET asked for no upgrade) is an invalid
# response: 502, no tunnel.  The client's next request, with two
# different Content-Length values, is then judged by hapx (400) and
# nothing of it reaches the server raw.
raw "$tmp/u101" 'send:GET /u101 HTTP/1.1\r\nHost: a\r\n\r\n' \
    'wait:</html>' 'send:POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'
assert_contains "$tmp/u101" "HTTP/1.1 502 Bad Gateway"
assert_contains "$tmp/u101" "HTTP/1.1 400 Bad request"
refuse "$tmp/u101" "101 Switching"
refuse "$tmp/u101" "raw:"
refuse "$LOG" "RAW "
refuse "$LOG" "POST /x"

# A 101 to another protocol than the one asked for: 502.  The client
# half-closes at once: the 502 must still reach it, whether hapx sees the
# FIN before the answer or after it (then in the same turn as its flush).
raw "$tmp/h2c" 'send:GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n' shut
assert_contains "$tmp/h2c" "HTTP/1.1 502 Bad Gateway"
refuse "$tmp/h2c" "101 Switching"

# A WebSocket upgrade without Sec-WebSocket-Key: 400, as HAProxy 2.6's H1
# layer, before any server sees it.
before=$(seen 'GET /ws HTTP/1.1')
raw "$tmp/nokey" 'send:GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'
assert_contains "$tmp/nokey" "HTTP/1.1 400 Bad request"
assert_eq "$(seen 'GET /ws HTTP/1.1')" "$before" "keyless upgrade reached the server"

# The control: an upgrade that was asked for still becomes a tunnel.
raw "$tmp/ws" 'send:GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' \
    'wait:\r\n\r\n' 'send:hi' 'wait:raw:hi' shut
assert_contains "$tmp/ws" "101 Switching Protocols"
assert_contains "$tmp/ws" "raw:hi"

# --- 9. A 204 goes out without its Content-Length (RFC 9110 §8.6, as
# HAProxy 2.6; a 304 keeps it) and neither forwards the body bytes the
# server put after it: the next bytes the client gets are the answer to
# its next request.
for c in 204 304; do
	raw "$tmp/nb" "send:GET /n$c HTTP/1.1\\r\\nHost: a\\r\\n\\r\\nGET /second HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n" \
	    'wait:second' shut
	"$PY" "$TOOL" responses "$tmp/nb" >"$tmp/nb.split" ||
	    fail "$c: the client's bytes do not split into responses"
	assert_eq "$(cat "$tmp/nb.split")" "$c 0 
200 6 second" "$c: responses"
	sed -n '1,/^\r$/p' "$tmp/nb" >"$tmp/nb.head"
	if [ "$c" = 204 ]; then
		refuse "$tmp/nb.head" "Content-Length"
	else
		assert_contains "$tmp/nb.head" "Content-Length: 5"
	fi
done

exit 0
