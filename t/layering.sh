#!/bin/sh
# t/layering.sh: enforce the one-way data flow of STYLE.md §2 and §4.
#
#   1. src/cfg_*.[ch] do not include <event2/...> (config code has no runtime).
#   2. Runtime files (src/engine*, listener*, proxy*, session*, http1*,
#      rewrite*, acl*, lb*, check*, stats*, log*) do not include cfg_ast.h,
#      cfg_lex.h or cfg_parse.h (runtime reads only the model).
#   3. No src/*.c except main.c calls exit()/_exit() or writes to
#      stdout/stderr (printf, puts, putchar, perror, err/warn, fprintf or
#      fputs to stderr/stdout). fprintf/vfprintf are allowed only to a FILE *
#      named `fp` or `out`; snprintf/vsnprintf are fine. log.c may print
#      (it is the runtime logger, STYLE.md §4) but may not exit.
#
# Comments and string literals are ignored. A line carrying the comment
# `layering: allow` is exempt: write down why next to it.
#
#   t/layering.sh              self-test, then check $top_srcdir/src
#   t/layering.sh --selftest   only the self-test
#   t/layering.sh DIR          check DIR instead of $top_srcdir/src
#
# Exit 0 when clean, 1 with the offending lines otherwise.

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

# strip_and_match MODE FILE...: print FILE:LINE: text for each violation.
# MODE is event2, cfgast, or io (io+exit), or exit (exit only).
strip_and_match() {
	_mode=$1
	shift
	awk -v mode="$_mode" '
	# Blank out comments (nc) and also string/char literals (ncs), keeping
	# line numbers. "incomment" carries across lines.
	FNR == 1 { incomment = 0 }
	{
		line = $0; nc = ""; ncs = ""; i = 1; n = length(line)
		while (i <= n) {
			c = substr(line, i, 1); c2 = substr(line, i, 2)
			if (incomment) {
				if (c2 == "*/") { incomment = 0; i += 2 } else i++
				nc = nc " "; ncs = ncs " "
				continue
			}
			if (c2 == "/*") { incomment = 1; i += 2; nc = nc " "; ncs = ncs " "; continue }
			if (c2 == "//") break
			if (c == "\"" || c == "\047") {
				q = c; nc = nc c; ncs = ncs c; i++
				while (i <= n) {
					c = substr(line, i, 1)
					if (c == "\\") { nc = nc substr(line, i, 2); ncs = ncs "  "; i += 2; continue }
					nc = nc c
					if (c == q) { ncs = ncs c; i++; break }
					ncs = ncs " "; i++
				}
				continue
			}
			nc = nc c; ncs = ncs c; i++
		}
		if (line ~ /layering: allow/)
			next
		B = "(^|[^_A-Za-z0-9.>])"
		bad = 0
		if (mode == "event2") {
			if (nc ~ /^[ \t]*#[ \t]*include[ \t]*[<"]event2\//) bad = 1
		} else if (mode == "cfgast") {
			if (nc ~ /^[ \t]*#[ \t]*include[ \t]*[<"]([^">]*\/)?cfg_(ast|lex|parse)\.h[">]/) bad = 1
		} else {
			if (ncs ~ (B "_?_?(exit|_Exit)[ \t]*\\(")) bad = 1
			if (mode == "io") {
				if (ncs ~ (B "(printf|vprintf|puts|putchar|perror|err|errx|verr|warn|warnx|vwarn)[ \t]*\\(")) bad = 1
				if (ncs ~ (B "v?fprintf[ \t]*\\(") &&
				    ncs !~ (B "v?fprintf[ \t]*\\([ \t]*(fp|out)[ \t]*,")) bad = 1
				if (ncs ~ /(^|[^_A-Za-z0-9])(stdout|stderr)([^_A-Za-z0-9]|$)/) bad = 1
			}
		}
		if (bad)
			printf "%s:%d: %s\n", FILENAME, FNR, line
	}' "$@"
}

# existing GLOB...: print the arguments that name existing files.
existing() {
	for _f in "$@"; do
		[ -f "$_f" ] && printf '%s\n' "$_f"
	done
	return 0
}

# check_tree SRCDIR: run all rules over SRCDIR; print violations; 0 if clean.
check_tree() {
	_src=$1
	_out=$(
		# shellcheck disable=SC2046 # file lists are globs, no spaces
		set -- $(existing "$_src"/cfg_*.c "$_src"/cfg_*.h)
		if [ $# -gt 0 ]; then
			strip_and_match event2 "$@" |
			    sed 's/^/config code includes libevent: /'
		fi
		set --
		for _p in engine listener proxy session http1 rewrite acl lb \
		    check stats log; do
			# shellcheck disable=SC2046
			set -- "$@" $(existing "$_src/$_p"*.c "$_src/$_p"*.h)
		done
		if [ $# -gt 0 ]; then
			strip_and_match cfgast "$@" |
			    sed 's/^/runtime code includes a parser header: /'
		fi
		set --
		for _f in "$_src"/*.c; do
			[ -f "$_f" ] || continue
			case ${_f##*/} in
			main.c) ;;
			log.c)
				strip_and_match exit "$_f" |
				    sed 's/^/exit below main.c: /'
				;;
			*) set -- "$@" "$_f" ;;
			esac
		done
		if [ $# -gt 0 ]; then
			strip_and_match io "$@" |
			    sed 's/^/exit or stdio output below main.c: /'
		fi
	)
	if [ -n "$_out" ]; then
		printf '%s\n' "$_out"
		return 1
	fi
	return 0
}

plant() {
	mkdir -p "$(dirname "$1")"
	cat >"$1"
}

# selftest: plant violations in a scratch tree and make sure each is caught,
# and that allowed constructs are not.
selftest() {
	_st="$tmp/selftest/src"
	mkdir -p "$_st"
	plant "$_st/cfg_ok.c" <<'EOF'
#include "config.h"
#include <stdio.h>
#include "cfg_ast.h"
/* This comment mentions exit(1), printf("x") and <event2/event.h>. */
/*
 * So does this one: exit(2); puts("y"); fprintf(stderr, "z");
 */
static void
dump(FILE *fp, FILE *out)
{
	char buf[8];

	fprintf(fp, "exit(%d) printf(\"x\") stderr\n", 1);
	fprintf(out, "%s\n", "ok");
	snprintf(buf, sizeof(buf), "%d", 1);
	fputs("text", fp);
	atexit(NULL);
	abort();	/* out of memory; layering: allow */
}
EOF
	plant "$_st/main.c" <<'EOF'
#include <event2/event.h>
int main(void) { printf("hi\n"); fprintf(stderr, "x\n"); exit(0); }
EOF
	plant "$_st/log.c" <<'EOF'
#include <stdio.h>
void log_emit(void) { fprintf(stderr, "log line\n"); }
EOF
	check_tree "$_st" >"$tmp/selftest/clean.out" ||
	    fail "selftest: clean tree reported: $(cat "$tmp/selftest/clean.out")"

	plant "$_st/cfg_bad.c" <<'EOF'
#include <event2/event.h>
EOF
	plant "$_st/cfg_bad.h" <<'EOF'
#  include "event2/buffer.h"
EOF
	plant "$_st/session.c" <<'EOF'
#include "cfg_parse.h"
EOF
	plant "$_st/check.h" <<'EOF'
#include "../src/cfg_lex.h"
EOF
	plant "$_st/proxy.c" <<'EOF'
void proxy_die(void) { exit(1); }
void proxy_die2(void) {
	_exit(2);
}
EOF
	plant "$_st/lb.c" <<'EOF'
void lb_debug(void) { printf("picked\n"); }
void lb_debug2(void) { puts("picked"); }
EOF
	plant "$_st/cfg_model.c" <<'EOF'
void cfg_warn(void) { fprintf(stderr, "warning\n"); }
void cfg_warn2(FILE *f) { fprintf(f, "warning\n"); }
void cfg_warn3(void) { fputs("x", stdout); }
void cfg_warn4(void) { perror("open"); }
EOF
	plant "$_st/log2.c" <<'EOF'
EOF
	printf 'void log_fatal(void) { exit(1); }\n' >>"$_st/log.c"

	if check_tree "$_st" >"$tmp/selftest/bad.out"; then
		fail "selftest: planted violations were not caught"
	fi
	for _want in cfg_bad.c:1: cfg_bad.h:1: session.c:1: check.h:1: \
	    proxy.c:1: proxy.c:3: lb.c:1: lb.c:2: cfg_model.c:1: \
	    cfg_model.c:2: cfg_model.c:3: cfg_model.c:4: log.c:3:; do
		grep -q "/$_want" "$tmp/selftest/bad.out" ||
		    fail "selftest: violation $_want not caught; got:
$(cat "$tmp/selftest/bad.out")"
	done
	for _nowant in cfg_ok.c main.c log.c:2:; do
		if grep -q "/$_nowant" "$tmp/selftest/bad.out"; then
			fail "selftest: false positive $_nowant:
$(cat "$tmp/selftest/bad.out")"
		fi
	done
	_n=$(($(wc -l <"$tmp/selftest/bad.out")))
	[ "$_n" -eq 13 ] ||
	    fail "selftest: expected 13 violations, got $_n:
$(cat "$tmp/selftest/bad.out")"
}

case ${1-} in
--selftest)
	selftest
	echo "layering selftest: ok"
	exit 0
	;;
-*)
	echo "usage: t/layering.sh [--selftest | SRCDIR]" >&2
	exit 2
	;;
esac

selftest
src=${1:-$top_srcdir/src}
[ -d "$src" ] || fail "no source directory: $src"
if ! check_tree "$src"; then
	fail "layering violations above (STYLE.md §2, §4)"
fi
echo "layering: ok"
exit 0
