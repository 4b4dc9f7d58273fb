#!/bin/sh
# t/layering.sh: enforce the folders and the one-way data flow of
# STYLE.md §1, §2 and §4.
#
#   1. Files in src/model and src/cfg do not include <event2/...> (the
#      config front-end has no runtime).
#   2. Runtime files (src/http, servers, observe, engine) do not include
#      cfg_ast.h, cfg_lex.h or cfg_parse.h (the runtime reads the model).
#   3. No src/*/*.c calls exit()/_exit() or writes to stdout/stderr
#      (printf, puts, putchar, perror, err/warn, fprintf or fputs to
#      stderr/stdout); main.c is the only file outside the folders and
#      may. fprintf/vfprintf are allowed only to a FILE * named `fp` or
#      `out`; snprintf/vsnprintf are fine. observe/log.c may print (it is
#      the runtime logger, STYLE.md §4) but may not exit.
#   4. Every source file but main.c is in a folder, and includes only go
#      down (a folder's own headers and those of the folders below it):
#        base     base
#        model    base
#        cfg      base model             (the front-end)
#        http     base model             (the runtime, from here on)
#        servers  base model http
#        observe  base model http servers
#        engine   base model http servers observe
#        tools    everything
#      A types-only header, NAME_types.h, may be included from any folder
#      of the runtime. The includes listed in layering-debts.txt still go
#      up (issue 14 removes them); a new one fails, and so does a listed
#      one that is gone, so that the list only shrinks.
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

# folder_deps FOLDER: the folders FOLDER may include from (rule 4).
folder_deps() {
	case $1 in
	base) echo "base" ;;
	model) echo "base model" ;;
	cfg) echo "base model cfg" ;;
	http) echo "base model http" ;;
	servers) echo "base model http servers" ;;
	observe) echo "base model http servers observe" ;;
	engine) echo "base model http servers observe engine" ;;
	tools) echo "base model cfg http servers observe engine tools" ;;
	*) return 1 ;;
	esac
}

# check_folders SRCDIR DEBTS: rule 4 over SRCDIR, DEBTS the file of
# allowed upward includes ("folder/file.c folder/header.h" per line).
check_folders() {
	for _f in "$1"/*.c "$1"/*.h; do
		[ -f "$_f" ] || continue
		[ "${_f##*/}" = main.c ] || echo "$_f: not in a folder"
	done
	for _d in "$1"/*/; do
		_d=${_d%/}
		[ -d "$_d" ] || continue
		_fd=${_d##*/}
		if ! _deps=$(folder_deps "$_fd"); then
			echo "$_d: a folder the layering rules do not know"
			continue
		fi
		for _f in "$_d"/*.c "$_d"/*.h; do
			[ -f "$_f" ] || continue
			sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([a-z_]*\)\/\([^"]*\)".*/\1 \2/p' \
			    "$_f" | while read -r _to _h; do
				case " $_deps " in *" $_to "*) continue ;; esac
				case $_h in *_types.h)
					[ "$_fd" != cfg ] && [ "$_fd" != model ] &&
					    [ "$_fd" != base ] && continue ;;
				esac
				grep -qx "$_fd/${_f##*/} $_to/$_h" "$2" 2>/dev/null &&
				    continue
				echo "$_f: includes $_to/$_h: up or sideways from $_fd/"
			done
		done
	done
	[ -f "$2" ] || return 0
	while read -r _from _to; do
		case $_from in "" | "#"*) continue ;; esac
		grep -q "^[ \t]*#[ \t]*include[ \t]*\"$_to\"" "$1/$_from" \
		    2>/dev/null ||
		    echo "$2: $_from no longer includes $_to: remove the line"
	done <"$2"
}

# check_tree SRCDIR [DEBTS]: run all rules over SRCDIR; print violations;
# 0 if clean.
check_tree() {
	_src=$1
	_debts=${2:-/dev/null}
	_out=$(
		# shellcheck disable=SC2046 # file lists are globs, no spaces
		set -- $(existing "$_src"/model/*.[ch] "$_src"/cfg/*.[ch])
		if [ $# -gt 0 ]; then
			strip_and_match event2 "$@" |
			    sed 's/^/config code includes libevent: /'
		fi
		# shellcheck disable=SC2046
		set -- $(existing "$_src"/http/*.[ch] "$_src"/servers/*.[ch] \
		    "$_src"/observe/*.[ch] "$_src"/engine/*.[ch])
		if [ $# -gt 0 ]; then
			strip_and_match cfgast "$@" |
			    sed 's/^/runtime code includes a parser header: /'
		fi
		set --
		for _f in "$_src"/*/*.c; do
			[ -f "$_f" ] || continue
			case $_f in
			*/observe/log.c)
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
		check_folders "$_src" "$_debts"
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
	plant "$_st/cfg/cfg_ok.c" <<'EOF'
#include "config.h"
#include <stdio.h>
#include "cfg/cfg_ast.h"
#include "model/cfg_model.h"
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
#include "tools/cfg_lint.h"
int main(void) { printf("hi\n"); fprintf(stderr, "x\n"); exit(0); }
EOF
	plant "$_st/observe/log.c" <<'EOF'
#include <stdio.h>
void log_emit(void) { fprintf(stderr, "log line\n"); }
EOF
	plant "$_st/http/ok_types.c" <<'EOF'
#include "engine/engine_types.h"
#include "http/http1.h"
#include "base/diag.h"
EOF
	plant "$_st/http/rewrite.c" <<'EOF'
#include "servers/proxy.h"
EOF
	plant "$_st/tools/lint.c" <<'EOF'
#include "engine/session.h"
#include "cfg/cfg_parse.h"
EOF
	printf 'http/rewrite.c servers/proxy.h\n' >"$tmp/selftest/debts"
	check_tree "$_st" "$tmp/selftest/debts" >"$tmp/selftest/clean.out" ||
	    fail "selftest: clean tree reported: $(cat "$tmp/selftest/clean.out")"

	plant "$_st/cfg/cfg_bad.c" <<'EOF'
#include <event2/event.h>
EOF
	plant "$_st/cfg/cfg_bad.h" <<'EOF'
#  include "event2/buffer.h"
EOF
	plant "$_st/engine/session.c" <<'EOF'
#include "cfg/cfg_parse.h"
EOF
	plant "$_st/servers/check.h" <<'EOF'
#include "../src/cfg_lex.h"
EOF
	plant "$_st/servers/proxy.c" <<'EOF'
void proxy_die(void) { exit(1); }
void proxy_die2(void) {
	_exit(2);
}
EOF
	plant "$_st/servers/lb.c" <<'EOF'
void lb_debug(void) { printf("picked\n"); }
void lb_debug2(void) { puts("picked"); }
EOF
	plant "$_st/cfg/cfg_model.c" <<'EOF'
void cfg_warn(void) { fprintf(stderr, "warning\n"); }
void cfg_warn2(FILE *f) { fprintf(f, "warning\n"); }
void cfg_warn3(void) { fputs("x", stdout); }
void cfg_warn4(void) { perror("open"); }
EOF
	printf 'void log_fatal(void) { exit(1); }\n' >>"$_st/observe/log.c"
	plant "$_st/http/acl.h" <<'EOF'
#include "engine/session.h"
EOF
	plant "$_st/cfg/types.c" <<'EOF'
#include "engine/engine_types.h"
EOF
	plant "$_st/stray.c" <<'EOF'
EOF
	plant "$_st/weird/x.c" <<'EOF'
EOF
	printf 'http/acl_fetch.c servers/proxy.h\n' >>"$tmp/selftest/debts"

	if check_tree "$_st" "$tmp/selftest/debts" >"$tmp/selftest/bad.out"
	then
		fail "selftest: planted violations were not caught"
	fi
	for _want in cfg_bad.c:1: cfg_bad.h:1: session.c:1: check.h:1: \
	    proxy.c:1: proxy.c:3: lb.c:1: lb.c:2: cfg_model.c:1: \
	    cfg_model.c:2: cfg_model.c:3: cfg_model.c:4: log.c:3: \
	    "session.c: includes cfg/cfg_parse.h" \
	    "acl.h: includes engine/session.h" \
	    "types.c: includes engine/engine_types.h" \
	    "stray.c: not in a folder" "weird: a folder" \
	    "acl_fetch.c no longer includes"; do
		grep -qF "$_want" "$tmp/selftest/bad.out" ||
		    fail "selftest: violation $_want not caught; got:
$(cat "$tmp/selftest/bad.out")"
	done
	for _nowant in cfg_ok.c main.c log.c:2: ok_types.c rewrite.c lint.c
	do
		if grep -q "/$_nowant" "$tmp/selftest/bad.out"; then
			fail "selftest: false positive $_nowant:
$(cat "$tmp/selftest/bad.out")"
		fi
	done
	_n=$(($(wc -l <"$tmp/selftest/bad.out")))
	[ "$_n" -eq 19 ] ||
	    fail "selftest: expected 19 violations, got $_n:
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
if ! check_tree "$src" "$top_srcdir/t/layering-debts.txt"; then
	fail "layering violations above (STYLE.md §2, §4)"
fi
echo "layering: ok"
exit 0
