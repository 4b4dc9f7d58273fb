#!/bin/sh
# timeout client-fin (spec §8.3): once the client has half-closed, the
# client side's idle timeout becomes client-fin.  An echo server that
# answers 2 s late: with "timeout client-fin 400ms" the relay is cut
# after ~0.4 s and nothing comes back; without it the late echo arrives.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py slow echo --delay 2
FIN=$(free_port)
NOFIN=$(free_port)
cat >"$tmp/fin.cfg" <<CFG
defaults
	mode tcp
	timeout connect 2s
	timeout client 5s
	timeout server 5s
listen fin
	bind 127.0.0.1:$FIN
	timeout client-fin 400ms
	server s 127.0.0.1:$slow
listen nofin
	bind 127.0.0.1:$NOFIN
	server s 127.0.0.1:$slow
CFG
start_hapx "$tmp/fin.cfg" "$FIN"
wait_port "$NOFIN" || fail "second listener"

r=$(pyclient "$FIN" --send 'late\n' --shut-wr --wait 4 --out "$tmp/o1")
assert_eq "$(field "$r" eof)" yes "client-fin closes the half-closed relay ($r)"
assert_eq "$(field "$r" bytes)" 0 "nothing after client-fin fired ($r)"
between "$(field "$r" elapsed | tr -d .)" 35 180 \
    "closed after timeout client-fin 400ms (1/100 s; $r)"

r=$(pyclient "$NOFIN" --send 'late\n' --shut-wr --wait 4 --out "$tmp/o2")
assert_eq "$(cat "$tmp/o2")" late "without client-fin the late echo arrives ($r)"
exit 0
