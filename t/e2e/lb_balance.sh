#!/bin/sh
# Balancing without hashing (spec §7.1): roundrobin with weights 3/1 gives
# HAProxy's grouped AAABAAABAAAB, static-rr alternates, first always takes
# the first server with a free slot, a "disabled" server and a weight 0
# server never receive a request.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A
start_py upB http --name B
start_py upC http --name C
FE=$(free_port)
cat >"$tmp/lb.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	use_backend rr if { path_beg /rr }
	use_backend srr if { path_beg /srr }
	use_backend first if { path_beg /first }
	use_backend off if { path_beg /off }
	default_backend rr
backend rr
	balance roundrobin
	server A 127.0.0.1:$upA weight 3
	server B 127.0.0.1:$upB weight 1
backend srr
	balance static-rr
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
	server C 127.0.0.1:$upC
backend first
	balance first
	server B 127.0.0.1:$upB
	server A 127.0.0.1:$upA
backend off
	balance roundrobin
	server A 127.0.0.1:$upA disabled
	server B 127.0.0.1:$upB weight 0
	server C 127.0.0.1:$upC
EOF
start_hapx "$tmp/lb.cfg" "$FE"

# seq PATH N: the names of the servers that answered N requests in a row.
seq_of() {
	_s=
	_i=0
	while [ "$_i" -lt "$2" ]; do
		_s="$_s$(curl_name "http://127.0.0.1:$FE$1")"
		_i=$((_i + 1))
	done
	printf '%s\n' "$_s"
}

got=$(seq_of /rr 12)
assert_eq "$got" AAABAAABAAAB "roundrobin, weights 3/1"
got=$(seq_of /srr 6)
assert_eq "$got" ABCABC "static-rr"
got=$(seq_of /first 4)
assert_eq "$got" BBBB "first"
got=$(seq_of /off 4)
assert_eq "$got" CCCC "disabled and weight 0 servers are never used"
