#!/bin/sh
# "make install" (issue 15, packaging): the binary, the man page, the
# examples and a systemd unit whose ExecStart is the installed binary in
# HAProxy's -Ws form; the man page names every flag hapx takes.
. "${top_srcdir:-.}/t/lib.sh"
need_hapx
need_cmd make

root=$tmp/root
make -s -C "$top_builddir" install DESTDIR="$root" prefix=/usr \
    >"$tmp/install.log" 2>&1 || fail "make install: $(tail -5 "$tmp/install.log")"
for f in usr/bin/hapx usr/share/man/man1/hapx.1 \
    usr/lib/systemd/system/hapx.service \
    usr/share/doc/hapx/examples/hapx.default \
    usr/share/doc/hapx/examples/article.cfg; do
	[ -f "$root/$f" ] || fail "make install did not install /$f"
done
"$root/usr/bin/hapx" -vv | grep -q '^Feature list : ' ||
    fail "the installed binary does not run"
unit=$root/usr/lib/systemd/system/hapx.service
grep -qx 'ExecStart=/usr/bin/hapx -Ws -f $CONFIG -p $PIDFILE $EXTRAOPTS' \
    "$unit" || fail "unit's ExecStart: $(grep ExecStart "$unit")"
grep -qx 'ExecReload=/usr/bin/hapx -Ws -f $CONFIG -c -q $EXTRAOPTS' "$unit" ||
    fail "unit does not check the configuration before reloading"
grep -qx 'Type=notify' "$unit" || fail "unit is not Type=notify"
grep -qx 'KillMode=mixed' "$unit" || fail "unit's KillMode"
if command -v systemd-analyze >/dev/null 2>&1; then
	sed "s|/usr/bin/hapx|$HAPX|" "$unit" >"$tmp/hapx.service"
	systemd-analyze verify "$tmp/hapx.service" 2>&1 |
	    grep -v "man hapx\|Documentation" >"$tmp/verify"
	[ -s "$tmp/verify" ] && fail "systemd-analyze: $(cat "$tmp/verify")"
fi

# Every flag of the usage is documented in the man page's OPTIONS.
sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$top_srcdir/hapx.1" | sed 's/\\-/-/g' \
    >"$tmp/options"
"$HAPX" -h | grep -o -- '-\{1,2\}[a-zA-Z][-a-zA-Z]*' | sort -u >"$tmp/flags"
[ "$(wc -l <"$tmp/flags")" -ge 30 ] || fail "too few flags in hapx -h"
while read -r f; do
	grep -q -- "$f\([^-a-zA-Z]\|\$\)" "$tmp/options" ||
	    fail "the man page's OPTIONS lack $f"
done <"$tmp/flags"
exit 0
