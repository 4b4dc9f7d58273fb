#!/usr/bin/env python3
"""Re-derive HAProxy 2.6's verdict on corpus files that use removed 1.x syntax.

HAProxy 2.6 stops at its parse-time errors, so for a file refused because of
reqrep, contimeout, `listen NAME ADDR` and the like, INDEX.tsv does not say
whether the rest of the file is valid (host names are only resolved, and
many checks only run, once parsing succeeded).  This script rewrites the
removed syntax into its 2.x equivalent (or comments it out, for the req*/rsp*
filters, whose effect does not change validity), runs `haproxy -c` on the
result from configs/ as verdicts.sh does, and writes modern-verdicts.tsv:
    file <TAB> hrc <TAB> first ALERT of the modernized file
t/corpus.sh uses that exit code as HAProxy's verdict for those files.
Needs haproxy 2.6 in PATH; run it by hand when the corpus changes.
"""
import csv
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = os.path.join(HERE, "configs")

REMOVED_ALERT = re.compile(
    r"(not supported anymore since HAProxy 2\.1|nbproc is not supported"
    r"|unknown keyword 'debug'|option 'forceclose'|please use the 'bind'"
    r"|'listen' or 'defaults' expected)")
FILTERS = {"reqrep", "reqirep", "reqdel", "reqidel", "reqadd", "reqallow",
           "reqiallow", "reqdeny", "reqideny", "reqtarpit", "reqitarpit",
           "reqpass", "reqipass", "rsprep", "rspirep", "rspdel", "rspidel",
           "rspadd", "rspdeny", "rspideny", "block"}
TIMEOUTS = {"contimeout": "timeout connect", "clitimeout": "timeout client",
            "srvtimeout": "timeout server"}


def modernize_line(line):
    """Return the 2.x lines for one 1.x line."""
    m = re.match(r"^(\s*)(\S+)(.*)$", line)
    if not m:
        return [line]
    indent, kw, rest = m.groups()
    if kw in FILTERS or kw in ("nbproc", "debug", "quiet"):
        return ["#" + line]
    if kw in TIMEOUTS:
        return [indent + TIMEOUTS[kw] + rest]
    if kw == "redispatch":
        return [indent + "option redispatch" + rest]
    if kw == "option" and rest.split()[:1] == ["forceclose"]:
        return [indent + "option httpclose"]
    words = re.sub(r"(^|\s)#.*", "", rest).split()
    if kw in ("listen", "frontend") and len(words) >= 2 and words[1] != "from":
        return [indent + kw + " " + words[0], "    bind " + " ".join(words[1:])]
    return [line]


def verdict(name):
    with open(os.path.join(CONFIGS, name), errors="surrogateescape") as f:
        text = f.read()
    out = []
    for line in text.split("\n"):
        out.extend(modernize_line(line))
    with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False,
                                     errors="surrogateescape") as t:
        t.write("\n".join(out))
        path = t.name
    try:
        p = subprocess.run(["haproxy", "-c", "-f", path], cwd=CONFIGS,
                           capture_output=True, text=True, timeout=10)
    finally:
        os.unlink(path)
    alerts = [re.sub(r"^.*\[ALERT\]\s*\(\d+\)\s*:\s*", "", l)
              for l in (p.stdout + p.stderr).splitlines() if "[ALERT]" in l]
    alerts = [a.replace(path, name + "(modernized)") for a in alerts]
    return p.returncode, alerts[0] if alerts else ""


def main():
    alerts = {}
    with open(os.path.join(HERE, "alerts.tsv")) as f:
        for line in f:
            name, _, text = line.rstrip("\n").partition("\t")
            alerts.setdefault(name, []).append(text)
    with open(os.path.join(HERE, "INDEX.tsv")) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    with open(os.path.join(HERE, "modern-verdicts.tsv"), "w") as out:
        out.write("file\thrc\talert\n")
        for row in rows:
            al = alerts.get(row["file"], [])
            if row["hrc"] != "1":
                continue
            if al and not any(REMOVED_ALERT.search(a) for a in al):
                continue
            rc, first = verdict(row["file"])
            out.write("%s\t%d\t%s\n" % (row["file"], rc, first[:300]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
