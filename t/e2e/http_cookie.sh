#!/bin/sh
# Persistence (doc §4.2 "cookie", "use-server", "force-persist",
# "ignore-persist", server "cookie"/"redir", "dispatch"), as HAProxy 2.6:
# insert indirect nocache sets the cookie once and hides it from the
# server, a cookie naming a server sends the client there, prefix and
# rewrite modes edit the server's own cookie, a dead server's clients are
# redispatched, use-server wins over the cookie, redir answers 302 and a
# backend without servers goes to its dispatch address.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

start_py s1 http --name s1 --echo-cookie --add-header 'Set-Cookie: JS=abc' \
    --add-header 'Last-Modified: Wed, 21 Oct 2015 07:28:00 GMT'
start_py s2 http --name s2 --echo-cookie --add-header 'Set-Cookie: JS=def'
DEAD=$(free_port)
FE=$(free_port)
cat >"$tmp/ck.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	use_backend pfx if { path_beg /pfx }
	use_backend rw if { path_beg /rw }
	use_backend rd if { path_beg /rd }
	use_backend dead if { path_beg /dead }
	use_backend us if { path_beg /us }
	use_backend dp if { path_beg /dp }
	use_backend fp if { path_beg /fp }
	use_backend idle if { path_beg /idle }
	default_backend ins
backend ins
	cookie SRV insert indirect nocache httponly domain .example.com
	server s1 127.0.0.1:$s1 cookie s1
	server s2 127.0.0.1:$s2 cookie s2
backend pfx
	cookie JS prefix
	server s1 127.0.0.1:$s1 cookie s1
	server s2 127.0.0.1:$s2 cookie s2
backend rw
	cookie JS rewrite
	server s1 127.0.0.1:$s1 cookie s1
	server s2 127.0.0.1:$s2 cookie s2
backend dead
	option redispatch
	retries 1
	cookie SRV insert indirect
	server s1 127.0.0.1:$s1 cookie s1
	server sx 127.0.0.1:$DEAD cookie sx
backend us
	balance first
	cookie SRV insert indirect
	use-server s2 if { path_beg /us/two }
	server s1 127.0.0.1:$s1 cookie s1
	server s2 127.0.0.1:$s2 cookie s2
backend rd
	cookie SRV insert
	server s1 127.0.0.1:$s1 cookie s1 redir http://elsewhere.example
backend dp
	dispatch 127.0.0.1:$s2
backend fp
	balance first
	cookie SRV insert indirect
	ignore-persist if { path_beg /fp/static }
	force-persist if { req.hdr(x-force) 1 }
	server s1 127.0.0.1:$s1 cookie s1
	server s2 127.0.0.1:$s2 cookie s2 disabled
backend idle
	balance first
	cookie SRV insert indirect maxidle 30m maxlife 8h
	server s1 127.0.0.1:$s1 cookie s1
	server s2 127.0.0.1:$s2 cookie s2
EOF
start_hapx "$tmp/ck.cfg" "$FE"

# get PATH [CURL_ARGS...]: the response head, CR stripped, names lowered.
get() {
	_p=$1
	shift
	curl -s --max-time 5 -D - -o /dev/null "$@" "http://127.0.0.1:$FE$_p" |
	    tr -d '\r' | awk -F': ' 'NF > 1 { $1 = tolower($1) } { print }' \
	    OFS=': '
}
# hdr HEAD NAME: the values of header NAME (lower case), one a line.
hdr() {
	printf '%s\n' "$1" | sed -n "s/^$2: //p"
}

# insert indirect nocache: the first answer sets the cookie, uncacheable.
h=$(get /)
assert_eq "$(hdr "$h" x-fake-spark)" s1 "first request balanced to s1"
assert_eq "$(hdr "$h" set-cookie | grep SRV)" \
    "SRV=s1; path=/; domain=.example.com; HttpOnly" "inserted cookie"
assert_eq "$(hdr "$h" set-cookie | grep -c JS)" 1 "server cookie kept"
assert_eq "$(hdr "$h" cache-control)" private "nocache: Cache-control"
# The cookie brings the client back to s2, and s2 never sees it.
i=0
while [ "$i" -lt 4 ]; do
	h=$(get / -H 'Cookie: SRV=s2')
	assert_eq "$(hdr "$h" x-fake-spark)" s2 "Cookie SRV=s2, request $i"
	assert_eq "$(hdr "$h" x-req-cookie)" - "indirect: no cookie to s2"
	assert_eq "$(hdr "$h" set-cookie | grep -c SRV)" 0 \
	    "valid cookie: none inserted"
	i=$((i + 1))
done
h=$(get / -H 'Cookie: a=1; SRV=s1; b=2')
assert_eq "$(hdr "$h" x-fake-spark)" s1 "cookie among others"
assert_eq "$(hdr "$h" x-req-cookie)" "a=1; b=2" "only SRV is removed"
h=$(get / -H 'Cookie: SRV=nope')
assert_eq "$(hdr "$h" set-cookie | grep SRV | cut -d';' -f1)" \
    "SRV=$(hdr "$h" x-fake-spark)" "unknown value: balanced, re-set"

# prefix: the server's cookie gets "s1~", which is removed on the way in.
h=$(get /pfx)
assert_eq "$(hdr "$h" set-cookie)" "JS=s1~abc" "prefix on the response"
h=$(get /pfx -H 'Cookie: JS=s2~xyz; o=1')
assert_eq "$(hdr "$h" x-fake-spark)" s2 "prefix cookie picks s2"
assert_eq "$(hdr "$h" x-req-cookie)" "JS=xyz; o=1" "prefix stripped"
assert_eq "$(hdr "$h" set-cookie)" "JS=s2~def" "prefix on s2's cookie"

# rewrite: the server's cookie value becomes the server's id.
h=$(get /rw)
assert_eq "$(hdr "$h" set-cookie)" "JS=s1" "rewrite mode"
h=$(get /rw -H 'Cookie: JS=s2')
assert_eq "$(hdr "$h" x-fake-spark)" s2 "rewrite cookie picks s2"
assert_eq "$(hdr "$h" x-req-cookie)" "JS=s2" "rewrite: not indirect"

# A cookie for a dead server: redispatched, and the cookie moves.
h=$(get /dead -H 'Cookie: SRV=sx')
assert_eq "$(hdr "$h" x-fake-spark)" s1 "dead server: redispatched"
assert_eq "$(hdr "$h" set-cookie | grep SRV)" "SRV=s1; path=/" \
    "redispatched client gets the new server's cookie"

# use-server comes first; the cookie is still stripped.
h=$(get /us/two -H 'Cookie: SRV=s1')
assert_eq "$(hdr "$h" x-fake-spark)" s2 "use-server over the cookie"
assert_eq "$(hdr "$h" x-req-cookie)" - "cookie stripped anyway"
assert_eq "$(hdr "$h" set-cookie | grep -c SRV)" 0 "use-server: no insert"
h=$(get /us/one)
assert_eq "$(hdr "$h" x-fake-spark)" s1 "no rule matched: balanced"

# ignore-persist / force-persist (s2 is disabled).
h=$(get /fp/x -H 'Cookie: SRV=s2')
assert_eq "$(hdr "$h" x-fake-spark)" s1 "cookie of a disabled server"
h=$(get /fp/x -H 'Cookie: SRV=s2' -H 'x-force: 1')
assert_eq "$(hdr "$h" x-fake-spark)" s2 "force-persist to a disabled server"
h=$(get /fp/static/x -H 'Cookie: SRV=s2' -H 'x-force: 1')
assert_eq "$(hdr "$h" x-fake-spark)" s1 "ignore-persist comes first"

# redir: GET and HEAD get a 302, other methods reach the server.
h=$(get '/rd/a?b=1')
assert_eq "$(printf '%s\n' "$h" | sed -n 1p)" "HTTP/1.1 302 Found" "redir"
assert_eq "$(hdr "$h" location)" "http://elsewhere.example/rd/a?b=1" \
    "redir location"
h=$(get /rd/a -X POST -d x=1)
assert_eq "$(hdr "$h" x-fake-spark)" s1 "POST is not redirected"

# dispatch: a backend without servers.
h=$(get /dp/a -H 'Cookie: SRV=s1')
assert_eq "$(hdr "$h" x-fake-spark)" s2 "dispatch"
assert_eq "$(hdr "$h" x-req-cookie)" "SRV=s1" "no cookie in dispatch backend"
# maxidle/maxlife: "SRV=ID|last|first", dates (s/4) in 5 base64 digits.
# date AGO: the cookie date of AGO seconds ago.
date_of() {
	"$PY" -c 'import sys, time
t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
v = (int(time.time()) - int(sys.argv[1]) + 3) >> 2
print("".join(t[(v >> (6 * i)) & 63] for i in range(4, -1, -1)))' "$1"
}
h=$(get /idle)
case $(hdr "$h" set-cookie | grep SRV) in
"SRV=s1|"?????"|"?????"; path=/") ;;
*) fail "maxidle/maxlife cookie: $(hdr "$h" set-cookie | grep SRV)" ;;
esac
first=$(date_of 600)
h=$(get /idle -H "Cookie: SRV=s2|$(date_of 60)|$first")
assert_eq "$(hdr "$h" x-fake-spark)" s2 "fresh dated cookie"
assert_eq "$(hdr "$h" set-cookie | grep SRV | sed 's/.*|//')" \
    "$first; path=/" \
    "refreshed, first date kept"
h=$(get /idle -H "Cookie: SRV=s2|$(date_of 3600)|$(date_of 3600)")
assert_eq "$(hdr "$h" x-fake-spark)" s1 "idle for 1 h: balanced"
h=$(get /idle -H "Cookie: SRV=s2|$(date_of 60)|$(date_of 36000)")
assert_eq "$(hdr "$h" x-fake-spark)" s1 "10 h old: balanced"
exit 0
