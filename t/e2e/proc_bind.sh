#!/bin/sh
# Listeners (spec §3.3): several bind lines, "bind a,b" and a port range
# (one listener per port) all listen and serve; the same proxy answers on
# each.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A
P1=$(free_port)
P2=$(free_port)
P3=$(free_port)
P4=$(free_port)
# Three consecutive ports for the range; the one after them stays unused.
R=$(free_range 3)
cat >"$tmp/b.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$P1
	bind 127.0.0.1:$P2
	bind 127.0.0.1:$P3,127.0.0.1:$P4
	bind 127.0.0.1:$R-$((R + 2))
	default_backend be
backend be
	server A 127.0.0.1:$upA
EOF
start_hapx "$tmp/b.cfg" "$P1"
for p in "$P1" "$P2" "$P3" "$P4" "$R" $((R + 1)) $((R + 2)); do
	assert_eq "$(curl_name "http://127.0.0.1:$p/")" A "listener on port $p"
done
# Just past the range: nothing.
r=$(pyclient $((R + 3)) --wait 1)
assert_eq "$(field "$r" connect)" refused "port past the range ($r)"
