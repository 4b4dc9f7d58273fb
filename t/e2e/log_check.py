#!/usr/bin/env python3
"""log_check.py: split HAProxy-style traffic log lines into fields and
check them, for hapx's logging e2e tests (t/e2e/log_*.sh). Standard
library only.

  log_check.py check FORMAT FILE N KEY=VALUE...
      Line N (from 1) of FILE, a syslog datagram per line, is split: the
      syslog header (rfc3164: pri, tag, pid), then the message in FORMAT
      (httplog, clf or tcplog). Each KEY must have VALUE, where VALUE is
      a literal, "+" (an integer >= 0), "*" (anything) or "~REGEX" (a
      full match). Prints each mismatch; exit 1 if any.
  log_check.py fields FORMAT FILE N
      Prints the fields of line N as KEY=VALUE lines (for debugging).
  log_check.py compare FORMAT FILE_A FILE_B IGNORE
      Line by line, the fields of FILE_A and FILE_B must be equal except
      the comma-separated keys in IGNORE (and pid, date); timers and
      byte counts only need to agree on -1 (step not reached) or not,
      and on a '+' (option logasap). The line counts must match.

Field names follow HAProxy's log-format variables: ci cp date fe be srv
TR Tw Tc Tr Ta Tt status bytes CC CS term ac fc bc sc rc sq bq hr hs req
(clf also has ms and the list forms hrl/hsl; tcplog has Tw Tc Tt).
"""
import re
import sys

SYSLOG = re.compile(r"^<(?P<pri>\d+)>(?P<mon>\w{3}) (?P<day>[ \d]\d) "
                    r"(?P<time>\d\d:\d\d:\d\d) (?:(?P<host>\S+) )?"
                    r"(?P<tag>[^\s\[]+)\[(?P<pid>\d+)\]: (?P<msg>.*)$")

HTTPLOG = re.compile(
    r"^(?P<ci>\S+):(?P<cp>\d+) \[(?P<date>[^\]]+)\] (?P<fe>\S+) "
    r"(?P<be>[^/ ]+)/(?P<srv>\S+) (?P<TR>-?\d+)/(?P<Tw>-?\d+)/"
    r"(?P<Tc>-?\d+)/(?P<Tr>-?\d+)/(?P<Ta>\+?-?\d+) (?P<status>-?\d+) "
    r"(?P<bytes>\+?\d+) (?P<CC>\S+) (?P<CS>\S+) (?P<term>\S{4}) "
    r"(?P<ac>\d+)/(?P<fc>\d+)/(?P<bc>\d+)/(?P<sc>\d+)/(?P<rc>\+?\d+) "
    r"(?P<sq>\d+)/(?P<bq>\d+)(?: \{(?P<hr>[^}]*)\})?"
    r"(?: \{(?P<hs>[^}]*)\})? \"(?P<req>[^\"]*)\"$")

TCPLOG = re.compile(
    r"^(?P<ci>\S+):(?P<cp>\d+) \[(?P<date>[^\]]+)\] (?P<fe>\S+) "
    r"(?P<be>[^/ ]+)/(?P<srv>\S+) (?P<Tw>-?\d+)/(?P<Tc>-?\d+)/"
    r"(?P<Tt>\+?-?\d+) (?P<bytes>\+?\d+) (?P<term>\S{2}) "
    r"(?P<ac>\d+)/(?P<fc>\d+)/(?P<bc>\d+)/(?P<sc>\d+)/(?P<rc>\+?\d+) "
    r"(?P<sq>\d+)/(?P<bq>\d+)$")

CLF_KEYS = ["ci", "ident", "user", "date", "req", "status", "bytes",
            "referer", "ua", "cp", "ms", "fe", "be", "srv", "TR", "Tw", "Tc",
            "Tr", "Ta", "term", "ac", "fc", "bc", "sc", "rc", "sq", "bq",
            "CC", "CS"]


def clf_tokens(msg):
    """Words of a clf line: "quoted" and [bracketed] ones kept whole."""
    out, i = [], 0
    while i < len(msg):
        if msg[i] == " ":
            i += 1
            continue
        if msg[i] in "\"[":
            end = msg.index("\"" if msg[i] == "\"" else "]", i + 1)
            out.append(msg[i + 1:end])
            i = end + 1
        else:
            end = msg.find(" ", i)
            end = len(msg) if end < 0 else end
            out.append(msg[i:end])
            i = end
    return out


def split(fmt, line):
    """The fields of LINE (a whole datagram) in FMT, or an error text."""
    m = SYSLOG.match(line.rstrip("\n"))
    if m is None:
        return None, "not an rfc3164 syslog line: %r" % line
    f = {"pri": m.group("pri"), "tag": m.group("tag"),
         "pid": m.group("pid"), "host": m.group("host") or ""}
    msg = m.group("msg")
    if fmt == "clf":
        toks = clf_tokens(msg)
        if len(toks) < len(CLF_KEYS):
            return None, "short clf line: %r" % msg
        f.update(zip(CLF_KEYS, toks))
        f["caps"] = " ".join(toks[len(CLF_KEYS):])
        return f, None
    m = (HTTPLOG if fmt == "httplog" else TCPLOG).match(msg)
    if m is None:
        return None, "not a %s line: %r" % (fmt, msg)
    f.update({k: (v if v is not None else "")
              for k, v in m.groupdict().items()})
    return f, None


def matches(want, got):
    if want == "*":
        return True
    if want == "+":
        return got.isdigit()
    if want.startswith("~"):
        return re.fullmatch(want[1:], got) is not None
    return want == got


TIMERS = {"TR", "Tw", "Tc", "Tr", "Ta", "Tt", "bytes"}


def timer_class(v):
    """Timers (and byte counts) are compared as "reached" (>= 0) or "not
    reached" (-1), with the '+' of option logasap."""
    plus = "+" if v.startswith("+") else ""
    return plus + ("-1" if v.lstrip("+") == "-1" else "N")


def read_lines(path):
    with open(path, encoding="latin-1") as fp:
        return [ln for ln in fp.read().split("\n") if ln]


def cmd_check(fmt, path, n, specs):
    lines = read_lines(path)
    if n > len(lines):
        print("line %d of %s: missing (%d lines)" % (n, path, len(lines)))
        return 1
    f, err = split(fmt, lines[n - 1])
    if err:
        print("line %d: %s" % (n, err))
        return 1
    bad = 0
    for spec in specs:
        k, _, want = spec.partition("=")
        got = f.get(k)
        if got is None or not matches(want, got):
            print("line %d: field %s is %r, want %r\n  %s" %
                  (n, k, got, want, lines[n - 1]))
            bad = 1
    return bad


def cmd_compare(fmt, pa, pb, ignore):
    la, lb = read_lines(pa), read_lines(pb)
    skip = set(ignore.split(",")) | {"pid", "date"}
    bad = 0
    if len(la) != len(lb):
        print("%d lines vs %d" % (len(la), len(lb)))
        bad = 1
    for i, (a, b) in enumerate(zip(la, lb), 1):
        fa, ea = split(fmt, a)
        fb, eb = split(fmt, b)
        if ea or eb:
            print("line %d: %s" % (i, ea or eb))
            bad = 1
            continue
        for k in sorted(set(fa) | set(fb)):
            va, vb = fa.get(k), fb.get(k)
            if k in TIMERS and va is not None and vb is not None:
                va, vb = timer_class(va), timer_class(vb)
            if k not in skip and va != vb:
                print("line %d: %s %r vs %r\n  %s\n  %s" %
                      (i, k, fa.get(k), fb.get(k), a, b))
                bad = 1
    return bad


def main(argv):
    if len(argv) >= 5 and argv[1] == "check":
        return cmd_check(argv[2], argv[3], int(argv[4]), argv[5:])
    if len(argv) == 5 and argv[1] == "fields":
        f, err = split(argv[2], read_lines(argv[3])[int(argv[4]) - 1])
        print(err or "\n".join("%s=%s" % kv for kv in sorted(f.items())))
        return 1 if err else 0
    if len(argv) == 6 and argv[1] == "compare":
        return cmd_compare(argv[2], argv[3], argv[4], argv[5])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
