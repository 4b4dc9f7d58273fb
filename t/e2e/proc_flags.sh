#!/bin/sh
# HAProxy's command line (spec §11.1): -vv's feature list, -cc, -C, -L,
# -n, -dW and "zero-warning", -sf hand-over on the same port
# (SO_REUSEPORT), fd@N listeners inherited from the parent, flags with no
# effect warned about, unknown flags refused.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

# -vv: a "Feature list :" line in HAProxy's shape, and what it says is
# what -cc answers.
"$HAPX" -vv >"$tmp/vv" || fail "-vv failed"
grep -q '^Feature list : .*+EPOLL .*-OPENSSL ' "$tmp/vv" ||
    fail "-vv has no HAProxy-shaped feature list: $(cat "$tmp/vv")"
"$HAPX" -cc 'version_atleast(2.5-dev0)' || fail "-cc version_atleast(2.5)"
"$HAPX" -cc 'version_before(2.5)' && fail "-cc version_before(2.5) held"
"$HAPX" -cc 'feature(EPOLL) && !feature(OPENSSL)' ||
    fail "-cc disagrees with -vv"
"$HAPX" -cc 'feature(' 2>"$tmp/cc.err" && fail "-cc accepted 'feature('"
grep -q "command line:1:1: error: in condition" "$tmp/cc.err" ||
    fail "no error for a broken -cc condition: $(cat "$tmp/cc.err")"

# Unknown and incomplete flags are refused by name.
"$HAPX" -zz -f x 2>"$tmp/u.err" && fail "-zz accepted"
grep -q "unknown option '-zz'" "$tmp/u.err" || fail "-zz not named"
"$HAPX" -f 2>"$tmp/u.err" && fail "-f without a file accepted"
grep -q "missing argument to option '-f'" "$tmp/u.err" ||
    fail "-f without argument not named"
# A PID that would wrap into kill(-1) or kill(0) is refused.
for p in 4294967295 4294967296 1; do
	"$HAPX" -sf "$p" -f x 2>"$tmp/u.err" && fail "-sf $p accepted"
	grep -q -- "-sf: '$p' is not a process id" "$tmp/u.err" ||
	    fail "-sf $p not refused: $(cat "$tmp/u.err")"
done
"$HAPX" -n 0 -f x 2>"$tmp/u.err" && fail "-n 0 accepted"
grep -q -- "-n expects a positive integer, not '0'" "$tmp/u.err" ||
    fail "-n 0 not explained"

start_py up http --name U --log "$tmp/up.log"
FE=$(free_port)
mkdir "$tmp/etc"
cat >"$tmp/etc/f.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend f
	bind 127.0.0.1:$FE
	http-response set-header X-Peer "\${HAPROXY_LOCALPEER}"
	http-response set-header X-Who "\${WHO}"
	default_backend b
backend b
	server U 127.0.0.1:$up
EOF

# -C DIR: relative -f paths are read from DIR.  -L sets the local peer
# name the configuration sees.  -de only warns.
WHO=first "$HAPX" -db -C "$tmp/etc" -L mypeer -de -f f.cfg \
    >"$tmp/a.out" 2>"$tmp/a.err" &
A=$!
track_pid "$A"
wait_port "$FE" 5 || fail "hapx -C did not start: $(cat "$tmp/a.err")"
grep -q "'-de' has no effect" "$tmp/a.err" || fail "-de not warned about"
curl -s -D "$tmp/h1" -o /dev/null "http://127.0.0.1:$FE/x" ||
    fail "no answer from the first process"
grep -qi '^X-Peer: mypeer' "$tmp/h1" || fail "-L not seen: $(cat "$tmp/h1")"
grep -qi '^X-Who: first' "$tmp/h1" || fail "first process not answering"

# -sf: a second process binds the same port beside the first, which then
# stops softly (SIGUSR1) and exits 0; no connection is refused meanwhile.
WHO=second "$HAPX" -db -C "$tmp/etc" -L mypeer -f f.cfg -sf "$A" \
    >"$tmp/b.out" 2>"$tmp/b.err" &
B=$!
track_pid "$B"
refused=0
i=0
while [ $i -lt 100 ] && pid_alive "$A"; do
	curl -s -o /dev/null "http://127.0.0.1:$FE/y" || refused=$((refused + 1))
	i=$((i + 1))
done
pid_alive "$B" || fail "the -sf process died: $(cat "$tmp/b.err")"
pid_alive "$A" && fail "the old process is still running after -sf"
wait "$A"
rc=$?
assert_eq "$rc" 0 "the old process's exit status after -sf"
assert_eq "$refused" 0 "connections refused during the -sf hand-over"
curl -s -D "$tmp/h2" -o /dev/null "http://127.0.0.1:$FE/z" ||
    fail "no answer after the hand-over"
grep -qi '^X-Who: second' "$tmp/h2" || fail "new process not answering"
kill "$B"
wait "$B"

# -n 1: the global maxconn from the command line; a second client waits
# while the first holds the only connection.
WHO=third "$HAPX" -db -n 1 -f "$tmp/etc/f.cfg" >"$tmp/c.out" 2>"$tmp/c.err" &
C=$!
track_pid "$C"
wait_port "$FE" 5 || fail "hapx -n 1 did not start: $(cat "$tmp/c.err")"
curl -s -o /dev/null --max-time 8 "http://127.0.0.1:$FE/echo/sleep/1500" &
slow=$!
track_pid "$slow"
wait_file "$tmp/up.log" "U /echo/sleep/1500"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 0.7 \
    "http://127.0.0.1:$FE/fast")
assert_eq "$code" 000 "-n 1 let a second connection in"
wait "$slow"
kill "$C"
wait "$C"

# fd@N: the parent binds and passes the socket (as systemd and VTest do).
FD=$(free_port)
sed "s/bind 127.0.0.1:$FE/bind \"fd@\${LFD}\"/" "$tmp/etc/f.cfg" >"$tmp/fd.cfg"
WHO=fd $PY - "$HAPX" "$tmp/fd.cfg" "$FD" >"$tmp/fd.out" 2>&1 <<'EOF' &
import os, socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[3])))
s.listen(16)
os.set_inheritable(s.fileno(), True)
os.environ["LFD"] = str(s.fileno())
os.execv(sys.argv[1], [sys.argv[1], "-d", "-f", sys.argv[2]])
EOF
F=$!
track_pid "$F"
wait_port "$FD" 5 || fail "no fd@ listener: $(cat "$tmp/fd.out")"
curl -s -D "$tmp/h3" -o /dev/null "http://127.0.0.1:$FD/w" ||
    fail "no answer on the inherited socket: $(cat "$tmp/fd.out")"
grep -qi '^X-Who: fd' "$tmp/h3" || fail "fd@ listener not served by hapx"
kill "$F"
wait "$F"
echo 'frontend g
	bind "fd@99"' >"$tmp/bad.cfg"
"$HAPX" -db -f "$tmp/bad.cfg" 2>"$tmp/bad.err" && fail "fd@99 accepted"
grep -q "bad.cfg:2:7: error: fd@99: no such file descriptor" "$tmp/bad.err" ||
    fail "fd@99 error not clear: $(cat "$tmp/bad.err")"

# -dW and "zero-warning": a warning stops the start, named.
printf 'frontend g\n\tbind 127.0.0.1:%s\n\tmode http\n\ttimeout client 1s\n\treqadd X-a:\\ b\n' \
    "$FD" >"$tmp/w.cfg"
"$HAPX" -c -dW -f "$tmp/w.cfg" >"$tmp/w.out" 2>"$tmp/w.err" &&
    fail "-dW passed a config with a warning"
grep -q "warning was found and -dW is set" "$tmp/w.err" ||
    fail "-dW refusal not said: $(cat "$tmp/w.err")"
"$HAPX" -c -f "$tmp/w.cfg" >/dev/null 2>&1 || fail "the same config without -dW failed"
printf 'global\n\tzero-warning\n' | cat - "$tmp/w.cfg" >"$tmp/z.cfg"
"$HAPX" -c -f "$tmp/z.cfg" >/dev/null 2>"$tmp/z.err" && fail "zero-warning ignored"
grep -q "'zero-warning' is set" "$tmp/z.err" || fail "zero-warning not named"
# hapx's own notes ("has no effect in hapx") are not HAProxy's warnings:
# a configuration HAProxy starts under zero-warning starts here too.
printf 'global\n\tzero-warning\n\tset-dumpable\nfrontend g\n\tbind 127.0.0.1:%s\n\tmode http\n\ttimeout client 1s\n' \
    "$FD" >"$tmp/z2.cfg"
"$HAPX" -c -f "$tmp/z2.cfg" >/dev/null 2>"$tmp/z2.err" ||
    fail "zero-warning refused hapx's own note: $(cat "$tmp/z2.err")"
grep -q "'set-dumpable' has no effect" "$tmp/z2.err" ||
    fail "the no-effect note is gone: $(cat "$tmp/z2.err")"
exit 0
