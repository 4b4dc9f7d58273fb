#!/bin/sh
# The HTML stats page (spec §9.4) in a real browser: headless Chromium
# loads it, its DOM names every proxy and server with its state (UP with
# L4OK, DOWN with L4CON, MAINT, "no check") and the row colours; the page
# uses no external asset and, at a phone's width, only its tables scroll
# sideways (checked through selenium when python3-selenium is there).
# Screenshots go next to the test's log: stats_html.png (desktop) and
# stats_html_phone.png.
# shellcheck disable=SC2154 # start_py assigns the port variables
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/e2e/proxy_lib.sh"

CHROME=
for c in chromium chromium-browser google-chrome; do
	if command -v "$c" >/dev/null 2>&1; then
		CHROME=$c
		break
	fi
done
[ -n "$CHROME" ] || skip "chromium not installed"
TOOL="$top_srcdir/t/e2e/stats_tool.py"
OUT="${top_builddir:-.}/t/e2e"
[ -d "$OUT" ] || OUT=$tmp

start_py upA http --name A
DOWNPORT=$(free_port)	# nothing listens there
FE=$(free_port)
ST=$(free_port)
cat >"$tmp/st.cfg" <<EOF
defaults
	mode http
	timeout connect 1s
	timeout client 5s
	timeout server 5s
frontend web_front
	bind 127.0.0.1:$FE
	default_backend app_back
backend app_back
	server alpha 127.0.0.1:$upA check inter 200ms
	server bravo 127.0.0.1:$DOWNPORT check inter 200ms fall 1
	server charlie 127.0.0.1:$upA disabled
	server delta 127.0.0.1:$upA backup
listen stats_page
	bind 127.0.0.1:$ST
	stats uri /
	stats refresh 30s
	stats show-legends
EOF
start_hapx "$tmp/st.cfg" "$ST"
curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$FE/" || fail "traffic"

# Wait for bravo's failed check (bounded: 30 x 0.1 s).
n=0
while :; do
	curl -s --max-time 5 -o "$tmp/csv" "http://127.0.0.1:$ST/;csv" ||
	    fail "GET csv"
	st=$("$PY" "$TOOL" csv "$tmp/csv" app_back bravo status)
	[ "$st" = DOWN ] && break
	n=$((n + 1))
	[ "$n" -lt 30 ] || fail "bravo never DOWN (status '$st')"
	sleep 0.1
done

# chrome ARGS...: one headless run, bounded in time.
chrome() {
	timeout 20 "$CHROME" --headless --no-sandbox --disable-gpu \
	    --disable-dev-shm-usage --no-first-run --hide-scrollbars \
	    --user-data-dir="$tmp/chrome" "$@" 2>>"$tmp/chrome.err"
}

chrome --dump-dom "http://127.0.0.1:$ST/" >"$tmp/dom.html" ||
    fail "chromium --dump-dom failed: $(tail -3 "$tmp/chrome.err")"
for w in web_front app_back stats_page alpha bravo charlie delta \
    Frontend Backend 'no check' MAINT DOWN L4OK L4CON OPEN; do
	assert_contains "$tmp/dom.html" "$w"
done
# Row colours: bravo DOWN, charlie MAINT, delta a backup without check.
grep -q 'class="active_down".*bravo' "$tmp/dom.html" ||
    fail "bravo's row is not active_down"
grep -q 'class="maint".*charlie' "$tmp/dom.html" ||
    fail "charlie's row is not maint"
grep -q 'class="no_check".*delta' "$tmp/dom.html" ||
    fail "delta's row is not no_check"
assert_contains "$tmp/dom.html" 'name="viewport"'
if grep -Eiq '(src|href)="(https?:)?//' "$tmp/dom.html" ||
    grep -Eiq '<(link|script)[ >]' "$tmp/dom.html"; then
	fail "the page loads an external asset or a script"
fi

chrome --screenshot="$OUT/stats_html.png" --window-size=1280,900 \
    "http://127.0.0.1:$ST/" >/dev/null || fail "screenshot"
chrome --screenshot="$OUT/stats_html_phone.png" --window-size=390,844 \
    "http://127.0.0.1:$ST/" >/dev/null || fail "phone screenshot"
[ -s "$OUT/stats_html.png" ] || fail "empty screenshot"

# At 390 px the document itself must not be wider than the window.
if "$PY" -c 'import selenium' 2>/dev/null &&
    command -v chromedriver >/dev/null 2>&1; then
	w=$(timeout 25 "$PY" - "http://127.0.0.1:$ST/" <<'EOF'
import sys
from selenium import webdriver
o = webdriver.ChromeOptions()
for a in ("--headless", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--window-size=390,844"):
    o.add_argument(a)
d = webdriver.Chrome(options=o)
try:
    d.get(sys.argv[1])
    print("%d %d" % (d.execute_script(
        "return document.documentElement.scrollWidth"),
        d.execute_script("return window.innerWidth")))
finally:
    d.quit()
EOF
) || fail "selenium run failed"
	set -- $w
	[ "$1" -le "$2" ] || fail "page is $1 px wide in a $2 px window"
fi
exit 0
