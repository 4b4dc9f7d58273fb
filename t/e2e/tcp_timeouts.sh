#!/bin/sh
# Timeouts of a mode tcp relay (spec §8.3): timeout tunnel supersedes
# timeout client and server once the relay is up, so an idle relay closes
# after it; without it, timeout client closes an idle relay; traffic in
# either direction keeps a relay alive past the timeouts (a server that
# only talks, as HAProxy 2.6 does).
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py e1 echo
start_py talker talk --count 8 --every 0.3
TUN=$(free_port)
CLI=$(free_port)
TT=$(free_port)
TC=$(free_port)
cat >"$tmp/tt.cfg" <<EOF
defaults
	mode tcp
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen tun
	bind 127.0.0.1:$TUN
	timeout tunnel 600ms
	server e1 127.0.0.1:$e1
listen cli
	bind 127.0.0.1:$CLI
	timeout client 600ms
	server e1 127.0.0.1:$e1
listen talk_tun
	bind 127.0.0.1:$TT
	timeout tunnel 600ms
	server t 127.0.0.1:$talker
listen talk_cli
	bind 127.0.0.1:$TC
	timeout client 600ms
	server t 127.0.0.1:$talker
EOF
start_hapx "$tmp/tt.cfg" "$TUN"
wait_port "$CLI" || fail "second listener"

# Idle after one echo: closed by timeout tunnel (0.6 s), not 5 s.
r=$(pyclient "$TUN" --send 'ping\n' --wait 4 --out "$tmp/o1")
assert_eq "$(field "$r" eof)" yes "timeout tunnel closes an idle relay ($r)"
assert_eq "$(cat "$tmp/o1")" ping "the relay worked before it timed out"
between "$(field "$r" elapsed | tr -d .)" 55 400 \
    "closed after timeout tunnel 600ms (1/100 s; $r)"

# Idle: closed by timeout client (0.6 s), not timeout server (5 s).
r=$(pyclient "$CLI" --send 'ping\n' --wait 4 --out "$tmp/o2")
assert_eq "$(field "$r" eof)" yes "timeout client closes an idle relay ($r)"
assert_eq "$(cat "$tmp/o2")" ping "the relay worked before it timed out"
between "$(field "$r" elapsed | tr -d .)" 55 400 \
    "closed after timeout client 600ms (1/100 s; $r)"

# Traffic every 0.3 s for 1.5 s keeps a tunnel alive past 600 ms.
"$PY" - "$TUN" <<'EOF' || fail "a busy relay was closed by timeout tunnel"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
for i in range(5):
    s.sendall(b"tick%d\n" % i)
    want = b"tick%d\n" % i
    got = b""
    while len(got) < len(want):
        d = s.recv(100)
        if not d:
            sys.exit("closed at tick %d" % i)
        got += d
    if got != want:
        sys.exit("got %r" % got)
    time.sleep(0.3)
EOF

# A server talking every 0.3 s for 2.4 s to a silent client: neither
# timeout tunnel nor timeout client (600 ms) cuts it.
want='t0 t1 t2 t3 t4 t5 t6 t7 '
for p in "$TT" "$TC"; do
	r=$(pyclient "$p" --wait 5 --out "$tmp/talk")
	assert_eq "$(tr '\n' ' ' <"$tmp/talk")" "$want" "one-way stream via port $p ($r)"
	assert_eq "$(field "$r" eof)" yes "one-way stream ends ($r)"
done
