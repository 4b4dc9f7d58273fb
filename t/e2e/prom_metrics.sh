#!/bin/sh
# "http-request use-service prometheus-exporter": HAProxy's metric names
# in the text exposition format 0.0.4, parsed by the real parser of
# prometheus_client (Debian's python3-prometheus-client), with values
# matching the traffic this test sent: 5 requests to be (A 3, B 2 with
# roundrobin), one 404 among them, one denied request.
# Also passes with HAPX=/usr/sbin/haproxy.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

TOOL="$top_srcdir/t/e2e/stats_tool.py"
# The parser is Debian's package (t/lib.sh picks Debian's interpreter).
"$PY" -c 'import prometheus_client.parser' 2>/dev/null ||
    skip "python3-prometheus-client not installed for $PY"

start_py upA http --name A
start_py upB http --name B
FE=$(free_port)
MX=$(free_port)
cat >"$tmp/p.cfg" <<EOF
defaults
	mode http
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:$FE
	http-request deny if { path /deny }
	default_backend be
backend be
	balance roundrobin
	server A 127.0.0.1:$upA
	server B 127.0.0.1:$upB
frontend metrics
	bind 127.0.0.1:$MX
	http-request use-service prometheus-exporter if { path /metrics }
EOF
start_hapx "$tmp/p.cfg" "$MX"

t0=$(now_ms)
for p in /a /b /c /d /e; do
	curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$FE$p" ||
	    fail "GET $p"
done
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    "http://127.0.0.1:$FE/deny")" 403 "deny"
dt=$(($(now_ms) - t0))

curl -s --max-time 5 -D "$tmp/h" -o "$tmp/m" "http://127.0.0.1:$MX/metrics" ||
    fail "GET /metrics"
tr -d '\r' <"$tmp/h" >"$tmp/hh"
grep -q '^HTTP/1.1 200' "$tmp/hh" || fail "status: $(head -1 "$tmp/hh")"
grep -qi '^content-type: text/plain; version=0.0.4' "$tmp/hh" ||
    fail "content-type: $(grep -i content-type "$tmp/hh")"
"$PY" "$TOOL" promcheck "$tmp/m" >/dev/null || fail "exposition format"

# m NAME LABELS... = VALUE
m() {
	_n=$1
	shift
	_want=$(eval "printf '%s' \"\${$#}\"")
	_args=
	while [ $# -gt 1 ]; do
		_args="$_args $1"
		shift
	done
	# shellcheck disable=SC2086 # label arguments have no spaces
	_got=$("$PY" "$TOOL" prom "$tmp/m" "$_n" $_args) || fail "parse"
	assert_eq "$_got" "$_want" "$_n$_args"
}

m haproxy_process_nbproc 1
m haproxy_frontend_sessions_total proxy=fe 6
m haproxy_frontend_http_requests_total proxy=fe 6
m haproxy_frontend_requests_denied_total proxy=fe 1
m haproxy_frontend_http_responses_total proxy=fe code=2xx 5
m haproxy_frontend_http_responses_total proxy=fe code=4xx 1
m haproxy_frontend_status proxy=fe state=UP 1
m haproxy_backend_sessions_total proxy=be 5
m haproxy_backend_http_responses_total proxy=be code=2xx 5
m haproxy_backend_status proxy=be state=UP 1
m haproxy_backend_active_servers proxy=be 2
m haproxy_backend_connection_errors_total proxy=be 0
m haproxy_server_sessions_total proxy=be server=A 3
m haproxy_server_sessions_total proxy=be server=B 2
m haproxy_server_http_responses_total proxy=be server=A code=2xx 3
m haproxy_server_status proxy=be server=A state=UP 1
m haproxy_server_status proxy=be server=A state=DOWN 0
m haproxy_server_weight proxy=be server=B 1
m haproxy_server_current_sessions proxy=be server=B 0
# Balancer choices and server connections (one per client connection).
m haproxy_backend_loadbalanced_total proxy=be 5
m haproxy_server_loadbalanced_total proxy=be server=A 3
m haproxy_server_loadbalanced_total proxy=be server=B 2
m haproxy_backend_connection_attempts_total proxy=be 5
m haproxy_server_connection_attempts_total proxy=be server=A 3
m haproxy_server_connection_reuses_total proxy=be server=A 0
m haproxy_backend_connection_reuses_total proxy=be 0
m haproxy_backend_max_queue proxy=be 0
m haproxy_server_max_queue proxy=be server=B 0
m haproxy_frontend_failed_header_rewriting_total proxy=fe 0
m haproxy_server_internal_errors_total proxy=be server=A 0
m haproxy_frontend_denied_sessions_total proxy=fe 0
# The 6 requests within a second: one rate period (it starts with the
# first of them).
if [ "$dt" -lt 900 ]; then
	m haproxy_frontend_max_session_rate proxy=fe 6
	m haproxy_frontend_connections_rate_max proxy=fe 6
	m haproxy_frontend_http_requests_rate_max proxy=fe 6
	m haproxy_backend_max_session_rate proxy=be 5
	m haproxy_server_max_session_rate proxy=be server=A 3
fi
# The *_max times are in seconds, at least the average.
for t in queue connect response total; do
	a=$("$PY" "$TOOL" prom "$tmp/m" \
	    "haproxy_backend_${t}_time_average_seconds" proxy=be)
	x=$("$PY" "$TOOL" prom "$tmp/m" \
	    "haproxy_backend_max_${t}_time_seconds" proxy=be)
	[ "$x" != none ] || fail "no haproxy_backend_max_${t}_time_seconds"
	"$PY" -c "import sys; sys.exit(not float('$x') >= float('$a'))" ||
	    fail "max $t time $x < average $a"
done
exit 0
