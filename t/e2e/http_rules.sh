#!/bin/sh
# HAProxy 2.x rules end to end: http-request set-header, add-header,
# del-header, replace-header, replace-value, replace-path, replace-uri,
# set-path, set-query, deny, allow, redirect and return; http-response
# set-header and del-header; set-var and the var() fetch in log-format
# strings and ACLs; option forwardfor (plain, except, header);
# errorfile; capture request header. The fake master's /echo shows what
# the server got; the answers were checked against HAProxy 2.6.12.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/spark_lib.sh"
need_hapx
need_py

TOOL="$top_srcdir/t/e2e/http_tool.py"

start_spark s1 ALIVE
FE_PORT=$(free_port)
EX_PORT=$(free_port)
HDR_PORT=$(free_port)
VAR_PORT=$(free_port)
NULL_PORT=$(free_port)
printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nX-Errorfile: yes\r\n\r\nsorry, busy' \
    >"$tmp/503.http"
cat >"$tmp/hapx.cfg" <<EOF
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s

frontend fe
  bind 127.0.0.1:$FE_PORT
  option forwardfor
  capture request header User-Agent len 32
  capture request header Host len 64
  http-request deny if { path_beg /deny }
  http-request deny deny_status 429 if { path_beg /slowdown }
  http-request allow if { path_beg /echo/allowed }
  http-request deny if { path_beg /echo/allowed }
  http-request redirect location /new code 301 if { path /old }
  http-request redirect prefix /v2 if { path_beg /v1/ }
  http-request redirect scheme https code 308 if { path /secure }
  http-request return status 200 content-type text/plain string "hello" if { path /ret }
  http-request set-header X-Set set-%[src]
  http-request set-header X-Over overwritten
  http-request add-header X-Add one
  http-request add-header X-Add two
  http-request del-header X-Del
  http-request replace-header X-Rep ^a(.*)$ b\1
  http-request replace-value X-Val ^a(.*)$ z\1
  http-request replace-path ^/rp/(.*) /echo/rp-\1
  http-request replace-uri ^/ru(.*) /echo/ru\1
  http-request set-path /echo/sp if { path /sp }
  http-request set-query q=new if { path /echo/sq }
  http-response set-header X-Resp yes
  http-response del-header Server
  use_backend empty if { path_beg /empty }
  default_backend be

frontend fe_except
  bind 127.0.0.1:$EX_PORT
  option forwardfor except 127.0.0.0/8
  default_backend be

frontend fe_hdr
  bind 127.0.0.1:$HDR_PORT
  option forwardfor header X-Client
  default_backend be

# Variables: txn.p read by set-header and by an ACL; sess.first outlives
# the transaction, txn.last must not.
frontend fe_vars
  bind 127.0.0.1:$VAR_PORT
  acl isx var(txn.p) -m beg /x
  http-request set-var(txn.p) path
  http-request set-header X-P %[var(txn.p)]
  http-request deny if isx
  http-request set-header X-Old %[var(txn.last,none)]
  http-request set-var(txn.last) path
  http-request set-var(sess.first) path unless { var(sess.first) -m found }
  http-request set-header X-First %[var(sess.first)]
  http-response set-header X-Resp-P %[var(txn.p)]
  default_backend be

# An empty errorfile: nothing is sent and the connection closes at once.
frontend fe_null
  bind 127.0.0.1:$NULL_PORT
  errorfile 403 /dev/null
  http-request deny
  default_backend be

backend be
  server s1 127.0.0.1:$S1_PORT

# No server: every request is a 503, with this errorfile.
backend empty
  errorfile 503 $tmp/503.http
EOF
start_hapx "$tmp/hapx.cfg" "$FE_PORT"

# check NAME PORT REQUEST: send REQUEST (escapes allowed) on a new
# connection; what comes back (CR removed), then "closed" or "open", must
# be what stdin says.
check() {
	"$PY" "$TOOL" raw --idle 0.5 --out "$tmp/$1.got" "$2" "send:$3" \
	    2>"$tmp/$1.err"
	{ tr -d '\r' <"$tmp/$1.got"; echo; tail -n 1 "$tmp/$1.err"; } \
	    >"$tmp/$1.txt"
	cat >"$tmp/$1.want"
	if ! cmp -s "$tmp/$1.txt" "$tmp/$1.want"; then
		diff -u "$tmp/$1.want" "$tmp/$1.txt" >&2
		fail "$1: unexpected answer"
	fi
}
H='Host: x\r\n'

# An empty errorfile answers nothing and closes (HAProxy 2.6), rather than
# keeping the connection for another request.
check nullpage "$NULL_PORT" "GET /x HTTP/1.1\r\n$H\r\n" <<'EOF'

closed
EOF

# deny: the 403 page, HTX style; deny_status picks another page. The
# connection stays open (keep-alive, request complete), as in 2.6.
check deny "$FE_PORT" "GET /deny HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 403 Forbidden
content-length: 93
cache-control: no-cache
content-type: text/html

<html><body><h1>403 Forbidden</h1>
Request forbidden by administrative rules.
</body></html>

open
EOF
check deny429 "$FE_PORT" "GET /slowdown HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 429 Too Many Requests
content-length: 117
cache-control: no-cache
content-type: text/html

<html><body><h1>429 Too Many Requests</h1>
You have sent too many requests in a given amount of time.
</body></html>

open
EOF
# ... and closes when the client asked for it, or left a body unread.
check deny-close "$FE_PORT" "GET /deny HTTP/1.1\r\n${H}Connection: close\r\n\r\n" <<'EOF'
HTTP/1.1 403 Forbidden
content-length: 93
cache-control: no-cache
content-type: text/html
connection: close

<html><body><h1>403 Forbidden</h1>
Request forbidden by administrative rules.
</body></html>

closed
EOF
check deny-body "$FE_PORT" "POST /deny HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\n" <<'EOF'
HTTP/1.1 403 Forbidden
content-length: 93
cache-control: no-cache
content-type: text/html
connection: close

<html><body><h1>403 Forbidden</h1>
Request forbidden by administrative rules.
</body></html>

closed
EOF

# allow stops the rules: the deny after it is not run, nor any other
# http-request rule (no X-Set, X-Add...); forwardfor still applies, and the
# response rules too (X-Resp added, Server removed).
check allow "$FE_PORT" "GET /echo/allowed HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 200 OK
Content-Type: text/plain;charset=ISO-8859-1
Content-Length: 114
X-Fake-Spark: s1
X-Resp: yes

GET /echo/allowed HTTP/1.1
Host: x
X-Forwarded-For: 127.0.0.1

body-length: 0
body-encoding: none
server-name: s1

open
EOF

# Redirects: code and Location; 302/303/307 add cache-control: no-cache;
# connection: close comes last.
check redir-301 "$FE_PORT" "GET /old HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 301 Moved Permanently
content-length: 0
location: /new


open
EOF
check redir-prefix "$FE_PORT" "GET /v1/a?b=c HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 302 Found
content-length: 0
location: /v2/v1/a?b=c
cache-control: no-cache


open
EOF
check redir-close "$FE_PORT" "GET /v1/a HTTP/1.1\r\n${H}Connection: close\r\n\r\n" <<'EOF'
HTTP/1.1 302 Found
content-length: 0
location: /v2/v1/a
cache-control: no-cache
connection: close


closed
EOF
check redir-scheme "$FE_PORT" "GET /secure HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 308 Permanent Redirect
content-length: 0
location: https://x/secure


open
EOF

# return: status, content type and payload; an HTTP/1.0 client is closed.
check return "$FE_PORT" "GET /ret HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 200 OK
content-length: 5
content-type: text/plain

hello
open
EOF
check return-10 "$FE_PORT" "GET /ret HTTP/1.0\r\n\r\n" <<'EOF'
HTTP/1.1 200 OK
content-length: 5
content-type: text/plain
connection: close

hello
closed
EOF

# Header rules, in order: set-header (log-format %[src]) replaces the
# client's value, add-header appends, del-header removes, replace-header
# replaces the whole value, replace-value each comma-separated value
# (rejoined with a bare comma, as 2.6 does); forwardfor appends its own
# X-Forwarded-For after the client's.
check headers "$FE_PORT" "GET /echo HTTP/1.1\r\n${H}X-Over: client\r\nX-Del: gone\r\nX-Rep: abc\r\nX-Val: abc, axy,q\r\nX-Forwarded-For: 192.0.2.1\r\nUser-Agent: t/e2e\r\n\r\n" <<'EOF'
HTTP/1.1 200 OK
Content-Type: text/plain;charset=ISO-8859-1
Content-Length: 242
X-Fake-Spark: s1
X-Resp: yes

GET /echo HTTP/1.1
Host: x
X-Rep: bbc
X-Val: zbc,zxy,q
X-Forwarded-For: 192.0.2.1
User-Agent: t/e2e
X-Set: set-127.0.0.1
X-Over: overwritten
X-Add: one
X-Add: two
X-Forwarded-For: 127.0.0.1

body-length: 0
body-encoding: none
server-name: s1

open
EOF

# URI rules: replace-path keeps the query, replace-uri works on all of it,
# set-path keeps the query, set-query replaces it.
for c in "rp /rp/x/y?k=v /echo/rp-x/y?k=v" "ru /ruzz?k /echo/ruzz?k" \
    "sp /sp?keep=1 /echo/sp?keep=1" "sq /echo/sq?old=1 /echo/sq?q=new"; do
	# shellcheck disable=SC2086 # three words, no glob characters
	set -- $c
	"$PY" "$TOOL" raw --idle 0.5 --out "$tmp/$1.got" "$FE_PORT" \
	    "send:GET $2 HTTP/1.1\r\n$H\r\n" 2>/dev/null
	line=$(tr -d '\r' <"$tmp/$1.got" | sed -n '/^GET /p')
	assert_eq "$line" "GET $3 HTTP/1.1" "$1: request line seen by the server for $2"
done

# errorfile replaces the 503 page (the file as written).
check errorfile "$FE_PORT" "GET /empty HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 503 Service Unavailable
Content-Type: text/plain
Content-Length: 11
X-Errorfile: yes

sorry, busy
open
EOF

# forwardfor except 127.0.0.0/8: nothing added for us; header X-Client:
# that name instead. Without http-response rules, Server stays.
check ff-except "$EX_PORT" "GET /echo HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 200 OK
Content-Type: text/plain;charset=ISO-8859-1
Content-Length: 79
Server: Jetty(8.1.14.v20131031)
X-Fake-Spark: s1

GET /echo HTTP/1.1
Host: x

body-length: 0
body-encoding: none
server-name: s1

open
EOF
check ff-header "$HDR_PORT" "GET /echo HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 200 OK
Content-Type: text/plain;charset=ISO-8859-1
Content-Length: 99
Server: Jetty(8.1.14.v20131031)
X-Fake-Spark: s1

GET /echo HTTP/1.1
Host: x
X-Client: 127.0.0.1

body-length: 0
body-encoding: none
server-name: s1

open
EOF

# set-var(txn.p) path: the server got X-P from %[var(txn.p)], the
# response rules still see it; an ACL on var(txn.p) denies /x...
check var-set "$VAR_PORT" "GET /echo/a?q=1 HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 200 OK
Content-Type: text/plain;charset=ISO-8859-1
Content-Length: 127
Server: Jetty(8.1.14.v20131031)
X-Fake-Spark: s1
X-Resp-P: /echo/a

GET /echo/a?q=1 HTTP/1.1
Host: x
X-P: /echo/a
X-Old: none
X-First: /echo/a

body-length: 0
body-encoding: none
server-name: s1

open
EOF
check var-deny "$VAR_PORT" "GET /xyz HTTP/1.1\r\n$H\r\n" <<'EOF'
HTTP/1.1 403 Forbidden
content-length: 93
cache-control: no-cache
content-type: text/html

<html><body><h1>403 Forbidden</h1>
Request forbidden by administrative rules.
</body></html>

open
EOF
# ... and on one keep-alive connection, the second request sees the
# session's sess.first but not the first one's txn.last.
"$PY" "$TOOL" raw --idle 1 --out "$tmp/var-ka.got" "$VAR_PORT" \
    "send:GET /echo/one HTTP/1.1\r\n$H\r\n" "wait:server-name: s1" \
    "send:GET /echo/two HTTP/1.1\r\n$H\r\n" 2>/dev/null
got=$(tr -d '\r' <"$tmp/var-ka.got" |
    grep -E '^(X-P|X-Old|X-First|X-Resp-P):' | tr '\n' '|')
assert_eq "$got" "X-Resp-P: /echo/one|X-P: /echo/one|X-Old: none|X-First: /echo/one|X-Resp-P: /echo/two|X-P: /echo/two|X-Old: none|X-First: /echo/one|" \
    "variables over two keep-alive requests"

# Nothing that was answered by a rule reached the server: /deny,
# /slowdown, /old, /v1/, /secure, /ret, /empty, /xyz are not in its log.
log=$(spark_log s1)
if grep -E '"line": "[A-Z]+ /(deny|slowdown|old|v1/|secure|ret|empty|xyz)' "$log" >&2; then
	fail "a request answered by a rule reached the server"
fi
assert_eq "$(spark_requests s1)" 11 "requests that reached the server"
exit 0
