#!/bin/sh
# grammar/keywords.md must be exactly what the keyword tables say, so the
# documented syntax cannot drift from the code.  Regenerate with:
#   src/hapx cfgcheck --list-keywords > grammar/keywords.md
. "${top_srcdir:-.}/t/lib.sh"
need_hapx

"$HAPX" cfgcheck --list-keywords >"$tmp/kw.md" || fail "--list-keywords failed"
grep -q '^| `bind` |' "$tmp/kw.md" || fail "generated table has no 'bind' row"
if ! diff -u "$top_srcdir/grammar/keywords.md" "$tmp/kw.md" >"$tmp/diff"; then
	head -n 40 "$tmp/diff" >&2
	fail "grammar/keywords.md is out of date: regenerate it"
fi
# Every keyword named in the EBNF's keyword list must exist in the tables.
sed -n 's/^ *(\* kw: \(.*\) \*)$/\1/p' "$top_srcdir/grammar/haproxy.ebnf" \
    >"$tmp/names"
[ -s "$tmp/names" ] || fail "no '(* kw: ... *)' names in grammar/haproxy.ebnf"
while IFS= read -r kw; do
	grep -q "^| \`$kw\` |" "$tmp/kw.md" ||
	    fail "grammar/haproxy.ebnf names '$kw', which no table has"
done <"$tmp/names"
exit 0
