#!/bin/sh
# mode tcp (issue 4, TCP): a listen section relays bytes both ways to an
# echo server, 1 MiB intact; half-close: the client shuts its write side
# down and still gets all the echoed data, then the end of the stream;
# frontend + backend in mode tcp balance roundrobin over two servers;
# tcp-request connection reject closes at once without reaching a server.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py e1 echo --banner E1
start_py e2 echo --banner E2
start_py slow echo --delay 0.5
L=$(free_port)
HC=$(free_port)
FE=$(free_port)
RJ=$(free_port)
cat >"$tmp/tcp.cfg" <<EOF
defaults
	mode tcp
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen relay
	bind 127.0.0.1:$L
	server e1 127.0.0.1:$e1
listen halfclose
	bind 127.0.0.1:$HC
	server slow 127.0.0.1:$slow
frontend fe
	bind 127.0.0.1:$FE
	default_backend two
backend two
	balance roundrobin
	server e1 127.0.0.1:$e1
	server e2 127.0.0.1:$e2
frontend rj
	bind 127.0.0.1:$RJ
	tcp-request connection reject if { src 127.0.0.1 }
	default_backend two
EOF
start_hapx "$tmp/tcp.cfg" "$L"
# (No wait_port on $FE: a probe would take a turn of the round robin.
# hapx binds every listener before it serves any.)

# Both ways, and the half-close: shut down after sending, read to EOF.
r=$(pyclient "$L" --send 'hello\n' --shut-wr --out "$tmp/o1")
assert_eq "$(field "$r" eof)" yes "half-closed relay ends ($r)"
printf 'E1\nhello\n' >"$tmp/want1"
cmp -s "$tmp/o1" "$tmp/want1" || fail "relay: got '$(cat "$tmp/o1")'"

# The half-close proper: the echo comes 0.5 s after the client is done
# sending; the relay must keep the way back open until then.
r=$(pyclient "$HC" --send 'late\n' --shut-wr --out "$tmp/o4")
assert_eq "$(field "$r" eof)" yes "half-closed relay ends ($r)"
assert_eq "$(cat "$tmp/o4")" late "echo after the client's shutdown ($r)"
between "$(field "$r" elapsed | tr -d .)" 45 400 "echo delayed by 0.5 s (1/100 s)"

# 1 MiB each way, through the relay's flow control.
r=$(pyclient "$L" --send-bytes 1048576 --shut-wr --wait 20 --out "$tmp/o2")
assert_eq "$(field "$r" eof)" yes "1 MiB relay ends ($r)"
"$PY" - "$tmp/o2" <<'EOF' || fail "1 MiB echoed through the relay differs"
import sys
data = open(sys.argv[1], "rb").read()
unit = bytes(range(256))
want = b"E1\n" + (unit * 4096)
sys.exit(0 if data == want else 1)
EOF

# Without the half-close the connection stays open: the echo comes back
# and nobody closes before timeout client/server.
r=$(pyclient "$L" --send 'open\n' --wait 1 --out "$tmp/o3")
assert_eq "$(field "$r" eof)" no "an open relay stays open ($r)"
printf 'E1\nopen\n' >"$tmp/want3"
cmp -s "$tmp/o3" "$tmp/want3" || fail "open relay: got '$(cat "$tmp/o3")'"

# Round robin over two tcp servers: the banner says which one.
seq=
for i in 1 2 3 4; do
	pyclient "$FE" --send 'x\n' --shut-wr --out "$tmp/b$i" >/dev/null
	seq="$seq$(head -n 1 "$tmp/b$i")"
done
assert_eq "$seq" E1E2E1E2 "balance roundrobin in mode tcp"

# tcp-request connection reject: closed at once, nothing relayed.
r=$(pyclient "$RJ" --send 'x\n' --wait 3)
case $(field "$r" eof) in
yes | reset) ;;
*) fail "tcp-request connection reject: not closed ($r)" ;;
esac
assert_eq "$(field "$r" bytes)" 0 "reject relays nothing ($r)"
between "$(field "$r" elapsed | tr -d .)" 0 150 "reject closes at once, not at --wait 3 s (1/100 s)"
