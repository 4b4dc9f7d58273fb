#!/bin/sh
# The article's logging setup: "log 127.0.0.1 local4 info" in global (UDP,
# default port 514), "log global" in defaults, "option httplog clf" in the
# frontend and the backend, "option dontlognull". Each request gives one
# CLF line at local4.info (<166>) with the request line as the client
# sent it (before reqrep), and the probe connection of the test none.
# examples/spark.cfg is used as it is when 127.0.0.1:514/udp can be bound
# (the default port itself is tested); otherwise its log line gets a free
# port.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/log_lib.sh"
need_hapx

start_spark spark1 ALIVE
start_spark spark2 STANDBY
start_spark spark3 STANDBY
FE_PORT=$(free_port)
logsed=
if ! start_logrecv syslog udp 514; then
	start_logrecv syslog udp
	logsed="s/^\( *log *127\.0\.0\.1\)\( .*local4\)/\1:$syslog\2/"
fi
sed -e '/^ *bind /s/127\.0\.0\.1:8000$/127.0.0.1:@FE_PORT@/' \
    -e '/^ *server /s/127\.0\.0\.1:8081 /127.0.0.1:@SPARK1_PORT@ /' \
    -e '/^ *server /s/127\.0\.0\.1:8082 /127.0.0.1:@SPARK2_PORT@ /' \
    -e '/^ *server /s/127\.0\.0\.1:8083 /127.0.0.1:@SPARK3_PORT@ /' \
    -e "${logsed:-p;d}" \
    "$top_srcdir/examples/spark.cfg" >"$tmp/spark.cfg.in"
grep -q '^  log      127\.0\.0\.1[ :0-9]*local4 info$' "$tmp/spark.cfg.in" ||
    fail "the log line of examples/spark.cfg changed: $(grep log "$tmp/spark.cfg.in")"
render_cfg "$tmp/spark.cfg.in" "$tmp/spark.cfg"
start_hapx "$tmp/spark.cfg" "$FE_PORT"
u="http://127.0.0.1:$FE_PORT"
L=$syslog_out

# clf_lines: the CLF lines of our process received so far (health-check
# lines aside; another test running the article's config may send to
# port 514 too).
clf_lines() {
	grep -c "^<166>[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* [^ ]*\[$HAPX_PID\]: 127\.0\.0\.1 - - \[" \
	    "$L" 2>/dev/null
}
# wait_clf N: wait for the Nth CLF line; keep it in $tmp/clf.
wait_clf() {
	_n=0
	while [ "$(clf_lines)" -lt "$1" ]; do
		[ "$_n" -lt 60 ] || fail "$(clf_lines) CLF lines, want $1: $(cat "$L")"
		sleep 0.05
		_n=$((_n + 1))
	done
	grep "^<166>.*\[$HAPX_PID\]: 127\.0\.0\.1 - - \[" "$L" >"$tmp/clf"
}

set -- $(curl_log "$u/spark/" "$tmp/page")
assert_eq "$1" 200 "GET /spark/"
wait_clf 1
logcheck clf "$tmp/clf" 1 pri=166 ci=127.0.0.1 req='GET /spark/ HTTP/1.1' \
    status=200 bytes="$2" cp="$3" fe=MGMTSRV be=SRV_SPARK srv="~spark[123]" \
    term=---- rc=0

set -- $(curl_log "$u/static/missing.css" "$tmp/page")
assert_eq "$1" 404 "GET /static/missing.css"
wait_clf 2
logcheck clf "$tmp/clf" 2 req='GET /static/missing.css HTTP/1.1' \
    status=404 bytes="$2" cp="$3" be=SRV_SPARK srv="~spark[123]" term=----

# No use_backend matches and there is no default_backend: 503.
set -- $(curl_log "$u/other" "$tmp/page")
assert_eq "$1" 503 "GET /other"
wait_clf 3
logcheck clf "$tmp/clf" 3 req='GET /other HTTP/1.1' status=503 \
    bytes="$2" be=MGMTSRV srv='<NOSRV>' TR=-1 Tw=-1 Tc=-1 Tr=-1 term=SC--

# One line per request, nothing for the probe (dontlognull).
sleep 0.2
assert_eq "$(clf_lines)" 3 "CLF lines"
exit 0
