#!/usr/bin/python3
"""The include graph of src/ has no cycle that spans folders (issue 14).

A module is a file stem (x.c and x.h together); X -> Y when one of X's
files includes Y's header.  Every strongly connected component of that
graph with more than one module must lie in one folder (the engine core's
session files may call each other; the front-end and the runtime never
share a cycle).  Prints the cycles it finds; exit 1 if one spans folders.
t/layering.sh keeps includes going down; this checks the result directly.

    t/include-cycles.sh [SRCDIR]
"""
import glob
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def graph(src):
    g, folder = {}, {}
    for f in glob.glob(os.path.join(src, "**", "*.[ch]"), recursive=True):
        m = os.path.basename(f)[:-2]
        folder[m] = os.path.relpath(os.path.dirname(f), src)
        deps = g.setdefault(m, set())
        with open(f, encoding="utf-8", errors="replace") as fh:
            for inc in INCLUDE.findall(fh.read()):
                h = os.path.basename(inc)
                if h.endswith(".h") and h[:-2] != m and h != "config.h":
                    deps.add(h[:-2])
    for m in list(g):
        g[m] = {d for d in g[m] if d in g}
    return g, folder


def components(g):
    """Tarjan's algorithm, iterative."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in g:
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(g[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(sorted(comp))
    return out


def main():
    top = os.environ.get("top_srcdir") or os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "src")
    g, folder = graph(src)
    if not g:
        print("FAIL: no sources under %s" % src, file=sys.stderr)
        return 1
    bad = 0
    for comp in components(g):
        if len(comp) < 2:
            continue
        dirs = sorted({folder[m] for m in comp})
        print("cycle of %d in %s: %s" % (len(comp), ", ".join(dirs),
                                         " ".join(comp)))
        if len(dirs) > 1:
            bad += 1
    if bad:
        print("FAIL: %d cycle(s) span folders" % bad, file=sys.stderr)
        return 1
    print("%d modules, no cycle spans folders" % len(g))
    return 0


if __name__ == "__main__":
    sys.exit(main())
