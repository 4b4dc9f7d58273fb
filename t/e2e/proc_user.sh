#!/bin/sh
# user/group and chroot (spec §11.2): hapx binds first, then chroots and
# drops privileges, so it serves as the configured user from inside the
# chroot.  Needs root (skipped otherwise) and the "nobody" user.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root to drop privileges"
nuid=$(id -u nobody 2>/dev/null) || skip "no user 'nobody'"
ngrp=$(id -gn nobody)
ngid=$(id -g nobody)

start_py upA http --name A
FE=$(free_port)
mkdir -p "$tmp/jail"
cat >"$tmp/user.cfg" <<CFG
global
	user nobody
	group $ngrp
	chroot $tmp/jail
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	default_backend be
backend be
	server a 127.0.0.1:$upA
CFG
start_hapx "$tmp/user.cfg" "$FE"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$FE/x")
assert_eq "$code" 200 "serves after dropping privileges"
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$HAPX_PID/status")
gid=$(awk '/^Gid:/ { print $2 }' "/proc/$HAPX_PID/status")
assert_eq "$uid" "$nuid" "runs as nobody"
assert_eq "$gid" "$ngid" "runs with nobody's group"
root=$(readlink "/proc/$HAPX_PID/root")
assert_eq "$root" "$tmp/jail" "chrooted"
exit 0
