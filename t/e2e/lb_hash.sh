#!/bin/sh
# Hash-based balancing (spec §7.1): source is stable for one client and
# spreads several; uri, url_param and hdr(host) send the same key to the
# same server and spread different keys; url_param and hdr fall back to
# round robin when the key is absent.
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
	use_backend src if { path_beg /src }
	use_backend uri if { path_beg /uri }
	use_backend param if { path_beg /param }
	use_backend host if { path_beg /host }
backend src
	balance source
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
	server C 127.0.0.1:$upC
backend uri
	balance uri
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
	server C 127.0.0.1:$upC
backend param
	balance url_param user
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
	server C 127.0.0.1:$upC
backend host
	balance hdr(host)
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
	server C 127.0.0.1:$upC
EOF
start_hapx "$tmp/lb.cfg" "$FE"
U="http://127.0.0.1:$FE"

# same N URL [CURL_ARGS]: N requests must all be answered by one server;
# prints its name.
same() {
	_n=$1
	_u=$2
	shift 2
	_first=$(curl_name "$_u" "$@")
	case $_first in ERR:*) fail "$_u: $_first" ;; esac
	_i=1
	while [ "$_i" -lt "$_n" ]; do
		_g=$(curl_name "$_u" "$@")
		[ "$_g" = "$_first" ] ||
		    fail "$_u $*: request $_i went to $_g, the first to $_first"
		_i=$((_i + 1))
	done
	printf '%s\n' "$_first"
}

# spread FILE MSG: fail unless FILE (one name a line) holds 2+ distinct
# names.  (Loops write to a file, not a pipe, so that a fail in them
# ends the test.)
spread() {
	_d=$(sort -u "$1" | wc -l | tr -d ' ')
	[ "$_d" -ge 2 ] || fail "$2: every key went to the same server"
}

# source: stable for 127.0.0.1; other loopback sources may map elsewhere.
same 6 "$U/src/x" >/dev/null || exit 1
same 3 "$U/src/y" >/dev/null || exit 1
if curl -s --max-time 5 -o /dev/null --interface 127.0.0.2 "$U/src/" 2>/dev/null
then
	for i in 2 3 4 5 6 7 8 9 10 11 12 13; do
		same 2 "$U/src/" --interface "127.0.0.$i"
	done >"$tmp/names"
	spread "$tmp/names" "balance source over 12 client addresses"
fi

# uri: the part before '?' is the key.
a=$(same 4 "$U/uri/one") || exit 1
b=$(same 2 "$U/uri/one?x=1") || exit 1
assert_eq "$b" "$a" "uri ignores the query string"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	same 2 "$U/uri/k$i"
done >"$tmp/names"
spread "$tmp/names" "balance uri over 12 URIs"

# url_param: the value of user=; absent -> round robin.
a=$(same 4 "$U/param/?user=alice") || exit 1
b=$(same 2 "$U/param/other?z=1&user=alice") || exit 1
assert_eq "$b" "$a" "url_param keys on the parameter only"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	same 2 "$U/param/?user=u$i"
done >"$tmp/names"
spread "$tmp/names" "balance url_param over 12 values"
got=
for i in 1 2 3; do
	got="$got$(curl_name "$U/param/?nouser=1")"
done
assert_eq "$got" ABC "url_param without the parameter falls back to round robin"

# hdr(host): the Host header; absent -> round robin.
a=$(same 4 "$U/host/" -H 'Host: alpha.example') || exit 1
b=$(same 2 "$U/host/other" -H 'Host: alpha.example') || exit 1
assert_eq "$b" "$a" "hdr(host) keys on the header only"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	same 2 "$U/host/" -H "Host: h$i.example"
done >"$tmp/names"
spread "$tmp/names" "balance hdr(host) over 12 hosts"
got=
for i in 1 2 3; do
	got="$got$(curl_name "$U/host/" --http1.0 -H 'Host:')"
done
assert_eq "$got" ABC "hdr(host) without Host falls back to round robin"
