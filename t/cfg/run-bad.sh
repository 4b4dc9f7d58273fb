#!/bin/sh
# Every t/cfg/bad/*.cfg starts with "# expect: LINE:COL: SEVERITY: TEXT".
# hapx must report that diagnostic, at that position, and (for an error)
# exit 1.  Lines "# not: TEXT" that follow name messages that must not
# appear (one mistake, one message).  The table of bad configs is data:
# add a file to add a case.
. "${top_srcdir:-.}/t/lib.sh"
need_hapx

dir="$top_srcdir/t/cfg/bad"
n=0
bad=0
for f in "$dir"/*.cfg; do
	[ -e "$f" ] || fail "no bad configs in $dir"
	n=$((n + 1))
	exp=$(head -n 1 "$f" | sed -n 's/^# expect: //p')
	if [ -z "$exp" ]; then
		echo "$f: first line is not '# expect: LINE:COL: SEVERITY: TEXT'" >&2
		bad=$((bad + 1))
		continue
	fi
	pos=${exp%%: *}
	rest=${exp#*: }
	sev=${rest%%: *}
	msg=${rest#*: }
	out="$tmp/out"
	(cd "$dir" && "$HAPX" cfgcheck "$(basename "$f")") >"$out" 2>&1
	rc=$?
	if ! grep -F -- "$(basename "$f"):$pos: $sev: " "$out" |
	    grep -F -q -- "$msg"; then
		echo "FAIL $f: expected '$pos: $sev: $msg', got:" >&2
		sed 's/^/    /' "$out" >&2
		bad=$((bad + 1))
	elif [ "$sev" = error ] && [ "$rc" -ne 1 ]; then
		echo "FAIL $f: reported the error but exited $rc, not 1" >&2
		bad=$((bad + 1))
	else
		sed -n '2,/^[^#]/s/^# not: //p' "$f" >"$tmp/not"
		while IFS= read -r no; do
			if grep -F -q -- "$no" "$out"; then
				echo "FAIL $f: unexpected '$no' in:" >&2
				sed 's/^/    /' "$out" >&2
				bad=$((bad + 1))
				break
			fi
		done <"$tmp/not"
	fi
done
echo "$((n - bad)) of $n bad configs diagnosed as expected"
[ "$bad" -eq 0 ] || exit 1
exit 0
