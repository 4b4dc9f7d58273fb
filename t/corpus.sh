#!/usr/bin/python3
"""Run every corpus config through `hapx cfgcheck` and compare with HAProxy 2.6.

Expected verdict per file (issue 3):
  - HAProxy accepted it (exit 0 or 2)                          -> hapx passes
  - HAProxy refused it only for 1.x syntax that 2.x removed    -> hapx passes
  - any other refusal (environment errors included)            -> hapx fails
HAProxy stops at parse errors, so for files that use removed 1.x syntax
INDEX.tsv cannot tell whether the rest is valid: modern-verdicts.tsv (made
by t/corpus/modernize.py) has HAProxy 2.6's verdict on each such file with
the removed syntax rewritten in 2.x form, and that verdict is used.
Prints "N of M agree" and every difference; requires >= 95 %.
Exit 0 pass, 1 fail.
"""
import csv
import os
import re
import subprocess
import sys

TOP = os.environ.get("top_srcdir") or os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))
BUILD = os.environ.get("top_builddir") or TOP
HAPX = os.environ.get("HAPX") or os.path.join(BUILD, "src", "hapx")
CORPUS = os.path.join(TOP, "t", "corpus")
THRESHOLD = 0.95

# HAProxy 2.6 alerts that only say "this 1.x syntax was removed", and the
# summary lines that carry no reason of their own.
REMOVED = re.compile(
    r"(is not supported anymore since HAProxy 2\.1"
    r"|not supported anymore since HAProxy 2\.1"
    r"|nbproc is not supported any more"
    r"|unknown keyword 'debug' in 'global' section"
    r"|option 'forceclose' is not supported any more"
    r"|please use the 'bind' keyword for listening addresses"
    r"|'listen' or 'defaults' expected"
    r"|Error\(s\) found in configuration file"
    r"|Fatal errors found in configuration)")


def expected(row, alerts, modern):
    if row["hrc"] in ("0", "2"):
        return True, "accepted by HAProxy 2.6"
    if row["file"] in modern:
        rc, alert = modern[row["file"]]
        if rc in ("0", "2"):
            return True, "refused by HAProxy 2.6 only for removed 1.x syntax"
        return False, "HAProxy 2.6, 1.x syntax modernized: " + alert
    own = [a for a in alerts if not REMOVED.search(a)]
    first = own[0] if own else "(no alert: 'quiet')"
    return False, "HAProxy 2.6: " + first


def run_hapx(name):
    p = subprocess.run([HAPX, "cfgcheck", name], cwd=os.path.join(
        CORPUS, "configs"), capture_output=True, text=True, timeout=60)
    errors = [l for l in p.stderr.splitlines() if ": error: " in l]
    return p.returncode in (0, 2) and not errors, p.returncode, errors


def main():
    if not os.access(HAPX, os.X_OK):
        print("FAIL: hapx not built: " + HAPX, file=sys.stderr)
        return 1
    alerts = {}
    with open(os.path.join(CORPUS, "alerts.tsv")) as f:
        for line in f:
            name, _, text = line.rstrip("\n").partition("\t")
            alerts.setdefault(name, []).append(text)
    with open(os.path.join(CORPUS, "INDEX.tsv")) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    with open(os.path.join(CORPUS, "modern-verdicts.tsv")) as f:
        modern = {r["file"]: (r["hrc"], r["alert"])
                  for r in csv.DictReader(f, delimiter="\t")}
    agree, diffs, crashed = 0, [], []
    for row in rows:
        name = row["file"]
        want, why = expected(row, alerts.get(name, []), modern)
        got, rc, errors = run_hapx(name)
        if rc not in (0, 1, 2):
            crashed.append((name, rc))
        if got == want:
            agree += 1
            continue
        diffs.append((name, want, why, rc, errors))
    total = len(rows)
    for name, want, why, rc, errors in diffs:
        print("DIFF %s: expected %s (%s); hapx exit %d%s" % (
            name, "pass" if want else "fail", why, rc,
            ("; first error: " + errors[0]) if errors else ""))
    print("%d of %d agree (%.1f%%)" % (agree, total, 100.0 * agree / total))
    for name, rc in crashed:
        print("FAIL: hapx exited %d on %s (crash or sanitizer report)" % (
            rc, name))
    return 0 if agree >= THRESHOLD * total and not crashed else 1


if __name__ == "__main__":
    sys.exit(main())
