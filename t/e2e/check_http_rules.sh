#!/bin/sh
# http-check rulesets (spec §6.1-6.2): several "http-check connect" +
# "send" + "expect" requests in one check, each on its own connection;
# later sends take HAProxy's defaults (OPTIONS, HTTP/1.0), not the
# "option httpchk" words; "expect hdr|fhdr" with -m str/beg/end/sub/reg,
# "!" negation, "comment"; "http-check send-state". Asserts the requests the server received and
# the exact DOWN/UP lines. Passes with hapx and with HAProxy 2.6
# (HAPX=/usr/sbin/haproxy).
# shellcheck disable=SC2154 # t/lib.sh assigns $tmp
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/check_lib.sh"
need_hapx

start_spark s1 ALIVE
start_spark s2 ALIVE
FE=$(free_port)
CHK="check inter 300 rise 1 fall 1"
cat >"$tmp/c.cfg" <<EOF
global
  node testnode

defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
  timeout check 1s

frontend fe
  bind 127.0.0.1:$FE
  default_backend multi

backend multi
  option httpchk GET /
  http-check connect
  http-check send meth GET uri /json
  http-check expect string ALIVE
  http-check connect
  http-check send uri /echo hdr X-Probe two
  http-check expect hdr name content-type value -m beg text/plain
  server s1 127.0.0.1:$S1_PORT $CHK

backend second
  option httpchk GET /
  http-check connect
  http-check send meth GET uri /json
  http-check expect string ALIVE
  http-check connect
  http-check send meth GET uri /nope
  http-check expect status 200
  server s2 127.0.0.1:$S2_PORT $CHK

backend hneg
  option httpchk GET /
  http-check expect ! hdr name x-fake-spark
  server s2 127.0.0.1:$S2_PORT $CHK

backend fhdr
  option httpchk GET /
  http-check expect fhdr name cache-control value no-store
  server s2 127.0.0.1:$S2_PORT $CHK

backend hdrok
  option httpchk GET /
  http-check expect hdr name cache-control value no-store
  http-check expect hdr name -m reg ^x-f.*k\$ value -m end 2
  http-check expect ! hdr name server value -m sub nginx
  server s2 127.0.0.1:$S2_PORT $CHK

backend nstatus
  option httpchk GET /
  http-check expect ! status 200
  server s2 127.0.0.1:$S2_PORT $CHK

backend cmt
  option httpchk GET /
  http-check comment probe
  http-check expect status 201
  server s2 127.0.0.1:$S2_PORT $CHK

backend sstate
  option httpchk GET /echo
  http-check send-state
  server s2 127.0.0.1:$S2_PORT $CHK weight 3
EOF
start_hapx "$tmp/c.cfg" "$FE"
E=$tmp/hapx.err

need_line "$E" "Server cmt/s2 is DOWN"
need_line "$E" "Server second/s2 is DOWN"
wait_spark_log s1 '"target": "/echo"' || fail "no /echo check on s1"
set_spark_state s1 STANDBY
need_line "$E" "Server multi/s1 is DOWN"
set_spark_state s1 ALIVE
need_line "$E" "Server multi/s1 is UP"
assert_eq "$(req_status "$FE" /json)" "200 s1" "traffic once multi/s1 is UP"

# The requests of the multi-step check: each on its own connection.
"$PY" - "$(spark_log s1)" <<'EOF' || fail "multi-step check requests"
import json, sys
bad, seen = [], set()
for ln in open(sys.argv[1]):
    r = json.loads(ln)
    if r["version"] != "HTTP/1.0":
        continue                        # the client request
    seen.add(r["target"])
    want = {"/json": ("GET", []), "/echo": ("OPTIONS", [["x-probe", "two"]])}
    w = want.get(r["target"])
    if w is None or (r["method"], r["headers"]) != w or r["seq"] != 1:
        bad.append(ln.strip())
if seen != {"/json", "/echo"}:
    bad.append("targets seen: %s" % sorted(seen))
for b in bad:
    sys.stderr.write("unexpected check request: %s\n" % b)
sys.exit(1 if bad else 0)
EOF

# http-check send-state: the server as the stats show it.
SS="UP; address=127.0.0.1; port=$S2_PORT; name=sstate/s2; node=testnode; weight=3/3; scur=0/0; qcur=0"
wait_spark_log s2 "[\"x-haproxy-server-state\", \"$SS\"]" ||
    fail "no check with x-haproxy-server-state: $SS"

D='check duration: Xms'
L0='0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.'
cat >"$tmp/want" <<EOF
multi [WARNING] Server multi/s1 is DOWN, reason: Layer7 invalid response, info: "HTTP content check did not match", $D. $L0
multi [ALERT] backend 'multi' has no server available!
multi [WARNING] Server multi/s1 is UP, reason: Layer7 check passed, code: 200, $D. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
second [WARNING] Server second/s2 is DOWN, reason: Layer7 wrong status, code: 404, info: "Not Found", $D. $L0
second [ALERT] backend 'second' has no server available!
hneg [WARNING] Server hneg/s2 is DOWN, reason: Layer7 wrong status, code: 200, info: "OK", $D. $L0
hneg [ALERT] backend 'hneg' has no server available!
fhdr [WARNING] Server fhdr/s2 is DOWN, reason: Layer7 wrong status, code: 200, info: "OK", $D. $L0
fhdr [ALERT] backend 'fhdr' has no server available!
nstatus [WARNING] Server nstatus/s2 is DOWN, reason: Layer7 wrong status, code: 200, info: "OK", $D. $L0
nstatus [ALERT] backend 'nstatus' has no server available!
cmt [WARNING] Server cmt/s2 is DOWN, reason: Layer7 wrong status, code: 200, info: "OK comment: probe", $D. $L0
cmt [ALERT] backend 'cmt' has no server available!
EOF
norm_log "$E" >"$tmp/norm"
: >"$tmp/got"
for b in multi second hneg fhdr hdrok nstatus cmt; do
	grep -e " $b/" -e "'$b'" "$tmp/norm" | sed "s/^/$b /" >>"$tmp/got"
done
if ! diff -u "$tmp/want" "$tmp/got" >&2; then
	fail "check messages differ"
fi
exit 0
