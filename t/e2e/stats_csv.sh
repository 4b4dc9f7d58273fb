#!/bin/sh
# The stats page's ";csv" and ";json" (spec §9.2-9.3): HAProxy 2.6's
# header line, one row per frontend, server and backend with a trailing
# comma, and counters that match the traffic this test sent: 7 requests
# through fe -> be (roundrobin A/B: 4 and 3), one denied request, one
# to a server in MAINT ("disabled", hidden by ";up").  ";json" holds the
# same rows and values; "refresh" is sent unless ";norefresh".
# Also passes with HAPX=/usr/sbin/haproxy.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

TOOL="$top_srcdir/t/e2e/stats_tool.py"
start_py upA http --name A
start_py upB http --name B
FE=$(free_port)
ST=$(free_port)
cat >"$tmp/st.cfg" <<EOF
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
	server C 127.0.0.1:$upB disabled
listen st
	bind 127.0.0.1:$ST
	stats uri /st
	stats refresh 5s
EOF
# Wait on the stats port: a probe connection to fe would count.
start_hapx "$tmp/st.cfg" "$ST"

i=0
while [ "$i" -lt 7 ]; do
	c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
	    "http://127.0.0.1:$FE/x$i")
	assert_eq "$c" 200 "request $i"
	i=$((i + 1))
done
c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    "http://127.0.0.1:$FE/deny")
assert_eq "$c" 403 "denied request"

curl -s --max-time 5 -D "$tmp/h" -o "$tmp/csv" "http://127.0.0.1:$ST/st;csv" ||
    fail "GET /st;csv"
tr -d '\r' <"$tmp/h" >"$tmp/hh"
grep -q '^HTTP/1.1 200' "$tmp/hh" || fail "status: $(head -1 "$tmp/hh")"
grep -qi '^content-type: text/plain$' "$tmp/hh" || fail "content-type"
grep -qi '^cache-control: no-cache$' "$tmp/hh" || fail "cache-control"
grep -qi '^refresh: 5$' "$tmp/hh" || fail "no refresh: 5 header"

# HAProxy 2.6.12's header line, byte for byte.
want='# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out,'
assert_eq "$(head -1 "$tmp/csv")" "$want" "CSV header line"
"$PY" "$TOOL" check "$tmp/csv" >/dev/null || fail "CSV shape"
rows=$("$PY" "$TOOL" rows "$tmp/csv" | tr '\n' ' ')
assert_eq "$rows" "fe/FRONTEND be/A be/B be/C be/BACKEND st/FRONTEND st/BACKEND " \
    "rows"

# csv_is PX SV FIELD=VALUE...: the row's fields have these values.
csv_is() {
	_px=$1
	_sv=$2
	shift 2
	for _kv in "$@"; do
		_k=${_kv%%=*}
		_got=$("$PY" "$TOOL" csv "$tmp/csv" "$_px" "$_sv" "$_k") ||
		    fail "no $_px/$_sv $_k"
		assert_eq "$_got" "${_kv#*=}" "$_px/$_sv $_k"
	done
}

csv_is fe FRONTEND stot=8 req_tot=8 hrsp_2xx=7 hrsp_4xx=1 hrsp_5xx=0 \
    dreq=1 status=OPEN type=0 pid=1 iid=1 sid=0 scur=0 smax=1 mode=http \
    conn_tot=8 ereq=0
csv_is be BACKEND stot=7 hrsp_2xx=7 status=UP type=1 iid=2 weight=2 act=2 \
    bck=0 econ=0 eresp=0 qcur=0
csv_is be A stot=4 hrsp_2xx=4 status="no check" type=2 sid=1 weight=1 \
    act=1 bck=0 econ=0 scur=0 smax=1 slim= chkfail= \
    check_status=
csv_is be B stot=3 hrsp_2xx=3 sid=2
csv_is be C stot=0 status=MAINT sid=3 lastsess=-1
csv_is st FRONTEND iid=3 type=0 scur=1

# Bytes: every request and response counted on the frontend, the backend
# and the server that carried it (A and B share the backend's).
"$PY" - "$tmp/csv" <<'EOF' || fail "byte counters"
import csv, sys
rows = {(r["# pxname"], r["svname"]): r for r in csv.DictReader(open(sys.argv[1]))}
n = lambda p, s, k: int(rows[(p, s)][k] or 0)
bad = []
for k in ("bin", "bout"):
    fe, be = n("fe", "FRONTEND", k), n("be", "BACKEND", k)
    a, b = n("be", "A", k), n("be", "B", k)
    if not (a > 0 and b > 0 and be == a + b and fe > be):
        bad.append("%s: fe %d be %d A %d B %d" % (k, fe, be, a, b))
if bad:
    sys.exit("; ".join(bad))
EOF

# ;up hides the server in MAINT; ;norefresh drops the header.
curl -s --max-time 5 -D "$tmp/h2" -o "$tmp/csv2" \
    "http://127.0.0.1:$ST/st;csv;up;norefresh" || fail "GET ;up"
grep -qi '^refresh' "$tmp/h2" && fail "refresh despite ;norefresh"
rows=$("$PY" "$TOOL" rows "$tmp/csv2" | tr '\n' ' ')
assert_eq "$rows" "fe/FRONTEND be/A be/B be/BACKEND st/FRONTEND st/BACKEND " \
    "rows with ;up"

# ;json: valid JSON, the same rows and values (fetched at the same
# counters: the CSV request is the only traffic in between).
curl -s --max-time 5 -o "$tmp/csv3" "http://127.0.0.1:$ST/st;csv" ||
    fail "GET csv"
curl -s --max-time 5 -D "$tmp/h4" -o "$tmp/json" \
    "http://127.0.0.1:$ST/st;json" || fail "GET ;json"
tr -d '\r' <"$tmp/h4" | grep -qi '^content-type: application/json$' ||
    fail "json content-type"
# Only the stats listen's own counters moved between the two requests.
grep -v '^st,' "$tmp/csv3" >"$tmp/csv3.fb"
"$PY" - "$tmp/json" "$tmp/json.fb" <<'EOF' || fail "json filter"
import json, sys
d = json.load(open(sys.argv[1]))
d = [r for r in d if r[0]["value"]["value"] != "st"]
json.dump(d, open(sys.argv[2], "w"))
EOF
"$PY" "$TOOL" json "$tmp/json.fb" "$tmp/csv3.fb" >/dev/null ||
    fail "JSON and CSV disagree"
exit 0
