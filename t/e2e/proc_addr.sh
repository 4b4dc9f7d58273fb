#!/bin/sh
# Listening address forms (issue 15): "unix@PATH" and a bare path with
# "mode 600", "abns@NAME" (abstract), "ipv4@ADDR:PORT", and fd@N (see
# proc_flags.sh): each serves requests; the UNIX socket gets its mode.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"
need_cmd curl
need_py

start_py up http --name U --log "$tmp/up.log"
FE=$(free_port)
abns="hapx-test-$$-$FE"
cat >"$tmp/a.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend f
	bind unix@$tmp/u.sock mode 600
	bind $tmp/p.sock mode 640
	bind abns@$abns
	# last: once it listens, every socket above is bound
	bind ipv4@127.0.0.1:$FE
	http-response set-header X-Via hapx
	default_backend b
backend b
	server U 127.0.0.1:$up
EOF
"$HAPX" -db -f "$tmp/a.cfg" >"$tmp/out" 2>"$tmp/err" &
H=$!
track_pid "$H"
wait_port "$FE" 5 || fail "hapx did not start: $(cat "$tmp/err")"
[ -S "$tmp/u.sock" ] || fail "no UNIX socket at unix@$tmp/u.sock"
[ -S "$tmp/p.sock" ] || fail "no UNIX socket at $tmp/p.sock"
assert_eq "$(stat -c %a "$tmp/u.sock")" 600 "mode of unix@ socket"
assert_eq "$(stat -c %a "$tmp/p.sock")" 640 "mode of path socket"
for how in "http://127.0.0.1:$FE/a" "--unix-socket $tmp/u.sock http://x/b" \
    "--unix-socket $tmp/p.sock http://x/c"; do
	# shellcheck disable=SC2086 # $how is curl's words
	code=$(curl -s -o /dev/null -D "$tmp/h" -w '%{http_code}' --max-time 5 \
	    $how)
	assert_eq "$code" 200 "answer through $how"
	grep -qi '^X-Via: hapx' "$tmp/h" || fail "not through hapx: $how"
done
# abns@: HAProxy binds the whole NUL-padded sun_path (108 bytes), so a
# client must use the same name length (curl's abstract sockets do not).
$PY - "$abns" >"$tmp/abns" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(5)
s.connect(b"\0" + sys.argv[1].encode().ljust(107, b"\0"))
s.sendall(b"GET /d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while True:
    b = s.recv(4096)
    if not b:
        break
    data += b
sys.stdout.write(data.decode("latin-1"))
EOF
head -1 "$tmp/abns" | grep -q '^HTTP/1.1 200' ||
    fail "no 200 through abns@: $(head -3 "$tmp/abns")"
grep -qi '^X-Via: hapx' "$tmp/abns" || fail "abns@ not through hapx"
for p in a b c d; do
	grep -q "U /$p" "$tmp/up.log" || fail "request /$p did not reach the server"
done
# sockpair@N: connections arrive as descriptors sent over a socketpair the
# parent left open (as HAProxy's master does), for a bind and for a stats
# socket.  The parent here is Python: it keeps the other ends, runs hapx
# and passes it one end of a fresh socketpair per connection.
sed -e "s|^	bind unix@.*|	bind \"sockpair@\${SP}\"|" -e '/bind .*p.sock\|bind abns@\|ipv4@/d' \
    -e "s|^defaults|global\n\tstats socket \"sockpair@\${CP}\" level admin\ndefaults|" \
    "$tmp/a.cfg" >"$tmp/sp.cfg"
$PY - "$HAPX" "$tmp/sp.cfg" >"$tmp/sp.out" 2>"$tmp/sp.err" <<'EOF'
import os, signal, socket, sys, time
sp, cp = socket.socketpair(), socket.socketpair()
for s in (sp[1], cp[1]):
    os.set_inheritable(s.fileno(), True)
env = dict(os.environ, SP=str(sp[1].fileno()), CP=str(cp[1].fileno()))
pid = os.fork()
if pid == 0:
    os.execve(sys.argv[1], [sys.argv[1], "-d", "-f", sys.argv[2]], env)
sp[1].close(); cp[1].close()
def talk(chan, data):
    a, b = socket.socketpair()
    chan.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                           bytes(memoryview(__import__("array").array("i", [b.fileno()]))))])
    b.close()
    a.settimeout(5)
    a.sendall(data)
    out = b""
    while True:
        d = a.recv(4096)
        if not d:
            break
        out += d
    return out.decode("latin-1")
try:

    print(talk(sp[0], b"GET /e HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
    print("--cli--")
    print(talk(cp[0], b"show cli level\n"))
finally:
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
EOF
grep -q '^HTTP/1.1 200' "$tmp/sp.out" ||
    fail "no answer through sockpair@: $(cat "$tmp/sp.out" "$tmp/sp.err")"
grep -qi '^X-Via: hapx' "$tmp/sp.out" || fail "sockpair@ not through hapx"
grep -A1 -- '--cli--' "$tmp/sp.out" | grep -qx admin ||
    fail "no CLI answer over a sockpair@ stats socket: $(cat "$tmp/sp.out")"
grep -q "U /e" "$tmp/up.log" || fail "request /e did not reach the server"
exit 0
