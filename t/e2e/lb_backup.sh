#!/bin/sh
# Backup servers (spec §7.1): used only when no active server is usable;
# then the first backup alone, or all of them with option allbackups.
# There are no health checks yet, so "not usable" is "disabled" here (an
# active server that refuses connections still counts as up: see
# lb_retries.sh, last case).
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py upA http --name A
start_py upK1 http --name K1
start_py upK2 http --name K2
FE=$(free_port)
cat >"$tmp/b.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	use_backend up if { path_beg /up }
	use_backend one if { path_beg /one }
	use_backend all if { path_beg /all }
backend up
	server A 127.0.0.1:$upA
	server K1 127.0.0.1:$upK1 backup
	server K2 127.0.0.1:$upK2 backup
backend one
	server A 127.0.0.1:$upA disabled
	server K1 127.0.0.1:$upK1 backup
	server K2 127.0.0.1:$upK2 backup
backend all
	option allbackups
	server A 127.0.0.1:$upA disabled
	server K1 127.0.0.1:$upK1 backup
	server K2 127.0.0.1:$upK2 backup
EOF
start_hapx "$tmp/b.cfg" "$FE"
U="http://127.0.0.1:$FE"

names() {
	_s=
	_i=0
	while [ "$_i" -lt "$2" ]; do
		_s="$_s$(curl_name "$U$1") "
		_i=$((_i + 1))
	done
	printf '%s\n' "$_s"
}

assert_eq "$(names /up 4)" "A A A A " "an active server is up: no backup"
assert_eq "$(names /one 4)" "K1 K1 K1 K1 " "no active server: the first backup"
got=$(names /all 4)
case $got in
*K1*K2* | *K2*K1*) ;;
*) fail "option allbackups: both backups must serve, got: $got" ;;
esac
case $got in *A*) fail "allbackups used the disabled server: $got" ;; esac
