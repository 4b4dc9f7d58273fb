#!/usr/bin/env python3
"""stats_tool.py: read the stats outputs for t/e2e/stats_*.sh and prom_*.sh.

  stats_tool.py csv FILE PX SV FIELD...   print the FIELDs of row PX/SV of
                                          the CSV FILE, one per line
  stats_tool.py rows FILE                 print "PX/SV" of every row
  stats_tool.py check FILE                check the CSV shape: "# " header,
                                          every line ends with ',', as many
                                          cells as header names
  stats_tool.py json FILE CSVFILE         check that FILE is valid JSON with
                                          the same rows and values as CSVFILE
  stats_tool.py prom FILE NAME [K=V...]   the value of sample NAME{K=V...}
                                          (exact label set), parsed with
                                          prometheus_client's parser;
                                          "none" if absent
  stats_tool.py promcheck FILE            parse FILE; check every family has
                                          HELP and TYPE; print "families=N"
Exit 1 with a message on stderr when something does not hold.
"""

import csv
import json
import sys


def die(msg):
    sys.stderr.write("stats_tool: %s\n" % msg)
    sys.exit(1)


def load_csv(path):
    with open(path, newline="") as f:
        text = f.read()
    lines = text.split("\n")
    if not lines or not lines[0].startswith("# "):
        die("no '# ' header line: %r" % lines[:1])
    rows = list(csv.reader(lines[1:]))
    head = lines[0][2:].split(",")
    return head, [r for r in rows if r]


def row_of(head, rows, px, sv):
    for r in rows:
        if r[0] == px and r[1] == sv:
            return dict(zip(head, r))
    die("no row %s/%s" % (px, sv))


def cmd_csv(a):
    head, rows = load_csv(a[0])
    r = row_of(head, rows, a[1], a[2])
    for f in a[3:]:
        if f not in r:
            die("no field %s" % f)
        print(r[f])


def cmd_rows(a):
    _, rows = load_csv(a[0])
    for r in rows:
        print("%s/%s" % (r[0], r[1]))


def cmd_check(a):
    with open(a[0], newline="") as f:
        lines = [ln for ln in f.read().split("\n") if ln]
    if not lines[0].startswith("# "):
        die("header does not start with '# '")
    n = len(lines[0][2:].split(","))
    for ln in lines:
        if not ln.endswith(","):
            die("line without a trailing comma: %r" % ln[:60])
    for r in csv.reader(lines[1:]):
        if len(r) != n:
            die("%d cells, header has %d: %r" % (len(r), n, r[:2]))
    print("lines=%d cells=%d" % (len(lines), n))


# Fields that follow the clock, not the traffic: the current per-second
# rates and the seconds since an event. Two fetches may straddle a second,
# so the JSON and the CSV need only agree that they are numbers.
CLOCK_FIELDS = {"rate", "req_rate", "conn_rate", "lastchg", "lastsess",
                "downtime"}


def cmd_json(a):
    with open(a[0]) as f:
        data = json.loads(f.read())
    head, rows = load_csv(a[1])
    if len(data) != len(rows):
        die("json has %d rows, csv %d" % (len(data), len(rows)))
    names = [h for h in head if h != "-"]
    for obj, r in zip(data, rows):
        cells = [c for h, c in zip(head, r) if h != "-"]
        got = {f["field"]["name"]: f for f in obj}
        for pos, (name, cell) in enumerate(zip(names, cells)):
            if cell == "":
                if name in got:
                    die("%s/%s %s: json has it, csv empty" %
                        (r[0], r[1], name))
                continue
            f = got.get(name)
            if f is None:
                die("%s/%s %s: missing in json" % (r[0], r[1], name))
            if f["field"]["pos"] != pos:
                die("%s: pos %d, want %d" % (name, f["field"]["pos"], pos))
            if name in CLOCK_FIELDS:
                if not (cell.lstrip("-").isdigit() and
                        str(f["value"]["value"]).lstrip("-").isdigit()):
                    die("%s/%s %s: json %r csv %r, not numbers" %
                        (r[0], r[1], name, f["value"]["value"], cell))
                continue
            if str(f["value"]["value"]) != cell:
                die("%s/%s %s: json %r csv %r" %
                    (r[0], r[1], name, f["value"]["value"], cell))
    print("rows=%d" % len(data))


def prom_families(path):
    try:
        from prometheus_client.parser import text_string_to_metric_families
    except ImportError:
        die("prometheus_client not installed")
    with open(path) as f:
        return list(text_string_to_metric_families(f.read()))


def cmd_prom(a):
    want = dict(kv.split("=", 1) for kv in a[2:])
    for fam in prom_families(a[0]):
        for s in fam.samples:
            if s.name == a[1] and dict(s.labels) == want:
                v = s.value
                print(int(v) if v == int(v) else v)
                return
    print("none")


def cmd_promcheck(a):
    fams = prom_families(a[0])
    with open(a[0]) as f:
        text = f.read()
    for fam in fams:
        if fam.type not in ("counter", "gauge"):
            die("%s: type %s" % (fam.name, fam.type))
        # A counter family "x_total" is named "x" by the parser.
        names = (fam.name, fam.name + "_total")
        if not any(("# HELP %s " % n) in text and ("# TYPE %s " % n) in text
                   for n in names):
            die("%s: no HELP/TYPE line" % fam.name)
    print("families=%d" % len(fams))


CMDS = {"csv": cmd_csv, "rows": cmd_rows, "check": cmd_check,
        "json": cmd_json, "prom": cmd_prom, "promcheck": cmd_promcheck}

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in CMDS:
        die("usage: see the docstring")
    CMDS[sys.argv[1]](sys.argv[2:])
