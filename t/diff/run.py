#!/usr/bin/env python3
"""run.py: the differential driver of t/e2e/differential.sh.

Sends the same raw requests to HAProxy 2.6 and to hapx, both running the
article's config in front of the same fake Spark masters, and compares
what a client sees (status line, the headers that matter, body bytes,
whether the connection stays open) and what the backend received (request
line, headers with names compared case-insensitively, body length, from
the fake masters' --log files).

    run.py --ref PORT --hapx PORT --log FILE... --explained FILE
           [--only ID[,ID...]] [--list] [-v]

Prints one line per difference:
    DIFF <id> <field>: haproxy=<value> hapx=<value>
followed by "  [explained: <reason>]" when the explained table lists it.
Exit status 0 when every difference is explained, 1 otherwise.

The explained table: one entry per line, "ID FIELD REASON...", FIELD may
be an fnmatch pattern ("be1.*"); '#' starts a comment line.
"""

import argparse
import fnmatch
import json
import os
import select
import socket
import sys
import time

HOST = "spark.example"
READ_TIMEOUT = 3.0      # a response must come within this
IDLE_WAIT = 0.25        # after the last response: closed within this?
MAXSHOW = 90


# ------------------------------------------------------------ requests

def req(method="GET", target="/", version="HTTP/1.1", headers=None,
        body=b"", host=True, eol=b"\r\n"):
    """Build one raw request. HEADERS: list of (name, value) or raw
    bytes lines; a Host header comes first unless HOST is False."""
    lines = [("%s %s %s" % (method, target, version)).encode("latin-1")]
    if host:
        lines.append(b"Host: " + HOST.encode())
    for h in headers or []:
        if isinstance(h, bytes):
            lines.append(h)
        else:
            lines.append(("%s: %s" % h).encode("latin-1"))
    if isinstance(body, str):
        body = body.encode("latin-1")
    return eol.join(lines) + eol + eol + body


def get(target, **kw):
    return req("GET", target, **kw)


def chunked(*parts, trailers=b""):
    out = b""
    for p in parts:
        out += b"%x\r\n" % len(p) + p + b"\r\n"
    return out + b"0\r\n" + trailers + b"\r\n"


class Step:
    """Bytes to send, then the methods of the responses to read (one per
    request; HEAD responses have no body)."""

    def __init__(self, data, methods=("GET",)):
        self.data = data
        self.methods = list(methods)


def case(cid, what, *steps):
    return (cid, what, [s if isinstance(s, Step) else Step(s)
                        for s in steps])


def cases():
    big = "a" * 17000
    many = [("X-H%03d" % i, "v") for i in range(101)]
    ok100 = [("X-H%03d" % i, "v") for i in range(99)]
    post = [("Content-Type", "application/x-www-form-urlencoded")]
    return [
        # --- the article's paths
        case("spark_root", "the master page through /spark/",
             get("/spark/")),
        case("spark_json", "/spark/json/ is rewritten to /json/",
             get("/spark/json/")),
        case("spark_static", "an asset via /spark/static/",
             get("/spark/static/webui.css")),
        case("static_css", "/static/ routed by the second ACL, 100 KB",
             get("/static/bootstrap.min.css")),
        case("static_png", "binary asset",
             get("/static/spark-logo-77x50px-hd.png")),
        case("static_big", "393 KB asset",
             get("/static/vis.min.js")),
        case("static_404", "unknown asset: the master's 404",
             get("/static/nope.js")),
        case("nothing", "no ACL matches: 503",
             get("/nothing")),
        case("root", "/ matches no ACL: 503",
             get("/")),
        case("spark_noslash", "/spark without slash: 503",
             get("/spark")),
        case("spark_app", "application page with a query string",
             get("/spark/app?appId=app-20150101000000-0000")),
        case("spark_app_302", "/spark/app: the master's redirect",
             get("/spark/app")),
        case("static_query", "asset with a query string",
             get("/static/webui.css?v=1.4.1")),
        case("spark_twice", "/spark/spark/echo: one prefix stripped",
             get("/spark/spark/echo")),
        case("echo_query", "query with /spark/ in it",
             get("/spark/echo/a/b?x=1&next=/spark/")),
        case("referer", "Referer with /spark/ is left alone",
             get("/spark/echo", headers=[
                 ("Referer", "http://spark.example/spark/"),
                 ("User-Agent", "Mozilla/5.0 (X11) diff"),
                 ("Accept", "text/html,*/*;q=0.8")])),
        case("echo_headers", "header names, duplicates, odd spacing",
             get("/spark/echo", headers=[
                 ("x-lower", "1"), ("X-UPPER", "2"), ("X-Dup", "a"),
                 ("X-Dup", "b"), b"X-Spaces:   padded value   ",
                 b"X-Tab:\tv", ("Cookie", "a=1; b=2")])),
        case("static_abs", "absolute-form target for /static/",
             get("http://spark.example/static/webui.css")),
        case("encoded_spark", "/%73park/ is not /spark/ for path_reg",
             get("/%73park/echo")),
        case("query_only", "/spark/ in the query only: 503",
             get("/x?a=/spark/")),
        case("stats", "the article's stats enable, default URI",
             get("/spark/haproxy?stats")),
        # --- methods and bodies
        case("head_spark", "HEAD of the page",
             Step(req("HEAD", "/spark/"), ["HEAD"])),
        case("head_static", "HEAD of an asset",
             Step(req("HEAD", "/static/webui.css"), ["HEAD"])),
        case("head_503", "HEAD where nothing matches",
             Step(req("HEAD", "/nothing"), ["HEAD"])),
        case("post_echo", "POST with a Content-Length body",
             req("POST", "/spark/echo", headers=post +
                 [("Content-Length", "7")], body="a=1&b=2")),
        case("post_chunked", "POST with a chunked body and trailer",
             req("POST", "/spark/echo",
                 headers=[("Transfer-Encoding", "chunked")],
                 body=chunked(b"hello ", b"world",
                              trailers=b"X-Trailer: t\r\n"))),
        case("post_chunk_ext", "chunk extensions",
             req("POST", "/spark/echo",
                 headers=[("Transfer-Encoding", "chunked")],
                 body=b"5;name=value\r\nhello\r\n0\r\n\r\n")),
        case("post_static_405", "POST to a page: the master's 405",
             req("POST", "/spark/", headers=[("Content-Length", "2")],
                 body="xy")),
        case("expect_100", "Expect: 100-continue with the body at once",
             req("POST", "/spark/echo", headers=[
                 ("Content-Length", "4"), ("Expect", "100-continue")],
                 body="body")),
        case("dup_cl_same", "two identical Content-Length",
             req("POST", "/spark/echo", headers=[
                 ("Content-Length", "3"), ("Content-Length", "3")],
                 body="abc")),
        case("delete", "DELETE, any method reaches /echo",
             req("DELETE", "/spark/echo/x")),
        case("lower_method", "lower-case method is forwarded as is",
             req("get", "/spark/echo")),
        case("options_star", "OPTIONS * matches no ACL",
             req("OPTIONS", "*")),
        # --- versions and connections
        case("http10", "HTTP/1.0 without Host",
             get("/spark/", version="HTTP/1.0", host=False)),
        case("http10_ka", "HTTP/1.0 keep-alive, two requests",
             get("/spark/echo", version="HTTP/1.0",
                 headers=[("Connection", "keep-alive")]),
             get("/static/webui.css", version="HTTP/1.0",
                 headers=[("Connection", "keep-alive")])),
        case("http10_chunked", "chunked body on an HTTP/1.0 request",
             req("POST", "/spark/echo", version="HTTP/1.0",
                 headers=[("Transfer-Encoding", "chunked")],
                 body=chunked(b"abc"))),
        case("http10_post", "HTTP/1.0 POST with Content-Length",
             req("POST", "/spark/echo", version="HTTP/1.0",
                 headers=[("Content-Length", "3")], body="abc")),
        case("http10_chunked_ka", "chunked HTTP/1.0 request, keep-alive",
             req("POST", "/spark/echo", version="HTTP/1.0",
                 headers=[("Transfer-Encoding", "chunked"),
                          ("Connection", "keep-alive")],
                 body=chunked(b"abc")),
             get("/spark/echo", version="HTTP/1.0",
                 headers=[("Connection", "keep-alive")])),
        case("ka_header_11", "HTTP/1.1 with Connection: keep-alive",
             get("/spark/echo", headers=[("Connection", "keep-alive")])),
        case("pipelined_close", "pipelined, the first says close",
             Step(get("/spark/echo?n=1", headers=[("Connection", "close")])
                  + get("/spark/echo?n=2"), ["GET"])),
        case("upgrade_ws", "WebSocket upgrade the master does not take",
             get("/spark/echo", headers=[
                 ("Connection", "Upgrade"), ("Upgrade", "websocket"),
                 ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
                 ("Sec-WebSocket-Version", "13")])),
        case("post_large", "a 300 KB POST body",
             req("POST", "/spark/echo", headers=[
                 ("Content-Length", str(300 * 1024))],
                 body=b"p" * (300 * 1024))),
        case("post_empty", "POST with Content-Length: 0, then a GET",
             req("POST", "/spark/echo", headers=[("Content-Length", "0")]),
             get("/static/webui.css")),
        case("keepalive_seq", "three requests, one connection",
             get("/spark/"), get("/static/webui.css"),
             get("/spark/json/")),
        case("keepalive_503", "a 503 then another request",
             get("/nothing"), get("/spark/echo")),
        case("conn_close", "Connection: close",
             get("/spark/echo", headers=[("Connection", "close")])),
        case("pipelined", "two requests in one write",
             Step(get("/spark/echo?n=1") + get("/static/webui.css"),
                  ["GET", "GET"])),
        case("pipelined_503", "pipelined, the middle one 503",
             Step(get("/spark/echo?n=1") + get("/nothing") +
                  get("/spark/echo?n=3"), ["GET", "GET", "GET"])),
        case("ims_304", "If-Modified-Since: 304 without a body",
             get("/static/webui.css", headers=[
                 ("If-Modified-Since", "Thu, 11 Jun 2015 08:00:00 GMT")])),
        # --- odd but valid
        case("no_host", "HTTP/1.1 without Host",
             get("/spark/echo", host=False)),
        case("bare_lf", "LF line endings",
             get("/spark/echo", eol=b"\n")),
        case("leading_crlf", "an empty line before the request",
             b"\r\n" + get("/spark/echo")),
        case("absolute_uri", "absolute-form target",
             get("http://spark.example/spark/echo")),
        case("spark_inside", "/spark/ not at the start of the path",
             get("/echo/spark/x")),
        case("eight_bit", "8-bit bytes in a header value",
             get("/spark/echo", headers=[b"X-Latin: caf\xe9"])),
        case("hdr_15000", "a 15000-byte header (fits)",
             get("/spark/echo", headers=[("X-Big", "b" * 15000)])),
        case("hdrs_100", "100 header lines (fits)",
             get("/spark/echo", headers=ok100)),
        case("upper_names", "upper-case header names",
             req("POST", "/spark/echo", headers=[
                 ("CONTENT-LENGTH", "2"), ("X-FOO", "Bar")], body="ok")),
        case("obs_fold", "obsolete line folding",
             get("/spark/echo", headers=[b"X-Fold: a", b"    b"])),
        case("nul_value", "NUL in a header value",
             get("/spark/echo", headers=[b"X-Nul: a\x00b"])),
        # --- malformed
        case("bad_reqline", "garbage request line",
             b"HELLO\r\n\r\n"),
        case("http09", "request line without version",
             b"GET /spark/\r\n\r\n"),
        case("bad_version", "HTTP/1.x",
             get("/spark/", version="HTTP/1.x")),
        case("double_space", "two spaces after the method",
             b"GET  /spark/echo HTTP/1.1\r\nHost: spark.example\r\n\r\n"),
        case("trailing_space", "a space after the version",
             b"GET /spark/echo HTTP/1.1 \r\nHost: spark.example\r\n\r\n"),
        case("http12", "HTTP/1.2",
             get("/spark/echo", version="HTTP/1.2")),
        case("http20", "HTTP/2.0 in an HTTP/1 request line",
             get("/spark/echo", version="HTTP/2.0")),
        case("lower_version", "http/1.1 in lower case",
             get("/spark/echo", version="http/1.1")),
        case("connect", "CONNECT matches no ACL",
             req("CONNECT", "spark.example:443")),
        case("space_uri", "space inside the URI",
             get("/spark/a b")),
        case("fragment", "# in the URI",
             get("/spark/echo#frag")),
        case("cl_te", "Content-Length and Transfer-Encoding",
             req("POST", "/spark/echo", headers=[
                 ("Content-Length", "8"),
                 ("Transfer-Encoding", "chunked")],
                 body=chunked(b"abc"))),
        case("two_cl", "two different Content-Length",
             req("POST", "/spark/echo", headers=[
                 ("Content-Length", "3"), ("Content-Length", "4")],
                 body="abcd")),
        case("cl_neg", "negative Content-Length",
             req("POST", "/spark/echo", headers=[
                 ("Content-Length", "-1")])),
        case("te_gzip", "Transfer-Encoding not ending in chunked",
             req("POST", "/spark/echo", headers=[
                 ("Transfer-Encoding", "chunked, gzip")],
                 body=chunked(b"abc"))),
        case("bad_chunk", "invalid chunk size",
             req("POST", "/spark/echo", headers=[
                 ("Transfer-Encoding", "chunked")],
                 body=b"zz\r\nabc\r\n0\r\n\r\n")),
        case("chunk_2p63", "a chunk size of 2^63 (issue 13)",
             req("POST", "/spark/echo", headers=[
                 ("Transfer-Encoding", "chunked")],
                 body=b"8000000000000000\r\nabc\r\n0\r\n\r\n")),
        case("chunk_odd", "chunk extension, BWS, bare LF, zero padding",
             req("POST", "/spark/echo", headers=[
                 ("Transfer-Encoding", "chunked")],
                 body=b"2;a=b\r\nab\n03 \t\ncde\r\n" + b"0" * 40 +
                 b"1\r\nf\r\n0;x\r\n\r\n")),
        case("te_identity", "Transfer-Encoding: identity, chunked",
             req("POST", "/spark/echo", headers=[
                 ("Transfer-Encoding", "identity, chunked")],
                 body=chunked(b"abc"))),
        case("abs_host_differs", "absolute-form host other than Host",
             get("http://evil.example/spark/echo")),
        case("authority_get", "authority-form target on GET",
             get("spark.example:80")),
        case("big_header", "a 17000-byte header (over 16 KiB)",
             get("/spark/echo", headers=[("X-Big", big)])),
        case("long_uri", "a 17000-byte URI",
             get("/spark/echo?" + big)),
        case("hdrs_101", "101 header lines",
             get("/spark/echo", headers=many)),
        case("hdr_space_name", "space inside a header name",
             get("/spark/echo", headers=[b"X A: b"])),
        case("hdr_space_colon", "space before the colon",
             get("/spark/echo", headers=[b"X-A : b"])),
        case("hdr_no_colon", "header line without a colon",
             get("/spark/echo", headers=[b"NoColonHere"])),
        case("two_hosts", "two Host headers",
             get("/spark/echo", headers=[("Host", "other.example")])),
        case("bad_then_good", "pipelined: malformed, then valid",
             Step(get("/spark/a b") + get("/spark/echo"), ["GET", "GET"])),
        case("good_then_bad", "keep-alive: valid, then malformed",
             get("/spark/echo"), get("/spark/", version="HTTP/1.x")),
    ]


# ------------------------------------------------------------ client

class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=3)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.eof = False
        self.reset = False

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError:
            self.reset = True

    def fill(self, deadline):
        """Read more; False on EOF, error or timeout."""
        if self.eof:
            return False
        left = deadline - time.time()
        if left <= 0:
            return False
        r, _, _ = select.select([self.sock], [], [], left)
        if not r:
            return False
        try:
            d = self.sock.recv(65536)
        except OSError:
            d = b""
            self.reset = True
        if not d:
            self.eof = True
            return False
        self.buf += d
        return True

    def closed_soon(self, wait):
        """Whether the peer closes within WAIT seconds (data is kept)."""
        deadline = time.time() + wait
        while not self.eof and self.fill(deadline):
            pass
        return self.eof

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def read_response(c, method):
    """One final response (1xx collected as interim). Returns a dict, or
    None if nothing parseable arrived."""
    deadline = time.time() + READ_TIMEOUT
    interim = []
    while True:
        while b"\r\n\r\n" not in c.buf and b"\n\n" not in c.buf:
            if not c.fill(deadline):
                if c.buf:
                    return {"garbage": c.buf[:200]}
                return None
        i = c.buf.find(b"\r\n\r\n")
        j = c.buf.find(b"\n\n")
        if i >= 0 and (j < 0 or i < j):
            head, c.buf = c.buf[:i], c.buf[i + 4:]
        else:
            head, c.buf = c.buf[:j], c.buf[j + 2:]
        lines = head.replace(b"\r\n", b"\n").split(b"\n")
        sl = lines[0].decode("latin-1")
        hdrs = []
        for ln in lines[1:]:
            n, _, v = ln.decode("latin-1").partition(":")
            hdrs.append((n.strip().lower(), v.strip()))
        parts = sl.split(" ", 2)
        try:
            code = int(parts[1])
        except (IndexError, ValueError):
            return {"garbage": head[:200]}
        if 100 <= code < 200 and code != 101:
            interim.append(sl)
            continue
        break

    def hget(name):
        vals = [v for n, v in hdrs if n == name]
        return ", ".join(vals) if vals else None

    te = hget("transfer-encoding")
    cl = hget("content-length")
    body = b""
    framing = "length"
    truncated = False
    if method == "HEAD" or code in (204, 304):
        framing = "none"
    elif te and "chunked" in te.lower():
        framing = "chunked"
        while True:
            while b"\r\n" not in c.buf:
                if not c.fill(deadline):
                    truncated = True
                    break
            if truncated:
                break
            line, _, rest = c.buf.partition(b"\r\n")
            try:
                n = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                truncated = True
                break
            if n == 0:
                c.buf = rest
                # trailers up to the empty line
                while b"\r\n\r\n" not in b"\r\n" + c.buf:
                    if not c.fill(deadline):
                        truncated = True
                        break
                k = (b"\r\n" + c.buf).find(b"\r\n\r\n")
                c.buf = c.buf[max(k + 2, 0):]
                break
            while len(rest) < n + 2:
                if not c.fill(deadline):
                    truncated = True
                    break
                rest = c.buf.partition(b"\r\n")[2]
            if truncated:
                break
            body += rest[:n]
            c.buf = rest[n + 2:]
    elif cl is not None:
        try:
            n = int(cl.split(",")[0])
        except ValueError:
            n = 0
        while len(c.buf) < n:
            if not c.fill(deadline):
                truncated = True
                break
        body, c.buf = c.buf[:n], c.buf[n:]
    else:
        framing = "close"
        while c.fill(deadline):
            pass
        body, c.buf = c.buf, b""
    return {"status": sl, "code": code, "interim": interim, "hget": hget,
            "version": parts[0], "body": body, "framing": framing,
            "truncated": truncated}


def norm_echo(body):
    """The fake's /echo lists the headers as received: compare their
    names case-insensitively (HAProxy 2.6 lower-cases them)."""
    try:
        text = body.decode("latin-1")
    except UnicodeDecodeError:
        return body
    if "\nserver-name: " not in text:
        return body
    lines = text.split("\n")
    out = [lines[0]]
    i = 1
    while i < len(lines) and lines[i] != "":
        n, _, v = lines[i].partition(":")
        out.append(n.lower() + ":" + v)
        i += 1
    return "\n".join(out + lines[i:]).encode("latin-1")


def conn_token(r):
    v = r["hget"]("connection")
    if v is None:
        return "-"
    return ",".join(sorted(t.strip().lower() for t in v.split(",")))


def run_case(port, steps, logs):
    """Run one case on PORT. Returns {field: value}."""
    marks = {f: log_size(f) for f in logs}
    out = {}
    c = Conn(port)
    n = got = 0
    gone = False
    for st in steps:
        if gone:
            break
        c.send(st.data)
        for m in st.methods:
            r = read_response(c, m)
            n += 1
            p = "r%d." % n
            if r is None:
                out[p + "status"] = "(none: %s)" % (
                    "closed" if c.eof else "timeout")
                gone = True
                break
            if "garbage" in r:
                out[p + "status"] = "(garbage %r)" % r["garbage"][:40]
                gone = True
                break
            got += 1
            out[p + "status"] = r["status"]
            if r["interim"]:
                out[p + "interim"] = " | ".join(r["interim"])
            for h in ("content-type", "location"):
                v = r["hget"](h)
                if v is not None:
                    out[p + h] = v
            cl = r["hget"]("content-length")
            out[p + "framing"] = r["framing"] + (
                "" if cl is None else " content-length=" + cl) + (
                " (truncated)" if r["truncated"] else "")
            out[p + "connection"] = conn_token(r)
            sb = r["hget"]("x-fake-spark")
            if sb is not None:
                out[p + "served-by"] = sb
            out[p + "body"] = norm_echo(r["body"])
    out["responses"] = got
    out["conn-open"] = "closed" if (c.eof or c.closed_soon(IDLE_WAIT)) \
        else "open"
    if c.buf:
        out["extra-bytes"] = c.buf[:60]
    c.close()
    # What the masters received: the log lines added by this case.
    recs = []
    for f in logs:
        recs += read_log(f, marks[f])
    recs.sort(key=lambda r: (r.get("_t", 0)))
    out["be.count"] = len(recs)
    for i, r in enumerate(recs, 1):
        p = "be%d." % i
        out[p + "line"] = r["line"]
        out[p + "headers"] = " | ".join(
            "%s: %s" % (n.lower(), v) for n, v in r["headers"])
        out[p + "body_len"] = r["body_len"]
        out[p + "server"] = r["name"]
        if r["status"] in (0, 400):
            got += 1
            out[p + "status"] = r["status"]
    return out


def log_size(f):
    try:
        return os.path.getsize(f)
    except OSError:
        return 0


def read_log(f, offset):
    try:
        with open(f, "rb") as fh:
            fh.seek(offset)
            data = fh.read()
    except OSError:
        return []
    recs = []
    for k, ln in enumerate(data.splitlines()):
        r = json.loads(ln)
        r["_t"] = k
        recs.append(r)
    return recs


# ------------------------------------------------------------ comparing

def show(v):
    if isinstance(v, bytes):
        s = repr(v)[2:-1]
    else:
        s = str(v).encode("unicode_escape").decode("ascii")
    return s if len(s) <= MAXSHOW else s[:MAXSHOW] + "...(%d)" % len(s)


def show_pair(a, b):
    if isinstance(a, bytes) and isinstance(b, bytes):
        k = 0
        while k < min(len(a), len(b)) and a[k] == b[k]:
            k += 1
        lo = max(0, k - 20)
        return ("%d bytes, at %d: %s" % (len(a), k, show(a[lo:lo + 60])),
                "%d bytes, at %d: %s" % (len(b), k, show(b[lo:lo + 60])))
    return show(a), show(b)


def load_explained(path):
    table = []
    with open(path, encoding="utf-8") as f:
        for ln in f:
            ln = ln.strip()
            if not ln or ln.startswith("#"):
                continue
            parts = ln.split(None, 2)
            if len(parts) < 3:
                sys.exit("explained table: need ID FIELD REASON: %r" % ln)
            table.append([parts[0], parts[1], parts[2], 0])
    return table


def explain(table, cid, field):
    for e in table:
        if e[0] == cid and fnmatch.fnmatchcase(field, e[1]):
            e[3] += 1
            return e[2]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", type=int, help="HAProxy's port")
    ap.add_argument("--hapx", type=int, help="hapx's port")
    ap.add_argument("--log", action="append", default=[])
    ap.add_argument("--explained")
    ap.add_argument("--only")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("-v", action="store_true", help="print every field")
    a = ap.parse_args()
    all_cases = cases()
    if a.list:
        for cid, what, _ in all_cases:
            print("%-16s %s" % (cid, what))
        return 0
    ids = [c[0] for c in all_cases]
    assert len(ids) == len(set(ids)), "duplicate case id"
    table = load_explained(a.explained) if a.explained else []
    for e in table:
        if e[0] not in ids:
            sys.exit("explained table: unknown request id %s" % e[0])
    only = set(a.only.split(",")) if a.only else None
    if only and only - set(ids):
        sys.exit("unknown request id: %s" % ", ".join(sorted(only - set(ids))))
    if a.ref is None or a.hapx is None:
        sys.exit("--ref and --hapx are required")
    ndiff = nunexp = nreq = 0
    told = set()
    for cid, what, steps in all_cases:
        if only and cid not in only:
            continue
        nreq += sum(len(s.methods) for s in steps)
        ref = run_case(a.ref, steps, a.log)
        got = run_case(a.hapx, steps, a.log)
        if a.v:
            print("== %s: %s" % (cid, what))
            for k in sorted(set(ref) | set(got)):
                print("   %-20s %s" % (k, show(ref.get(k, "(absent)"))))
                if ref.get(k) != got.get(k):
                    print("   %-20s %s  <- hapx" % ("", show(got.get(
                        k, "(absent)"))))
        for k in sorted(set(ref) | set(got)):
            x, y = ref.get(k, "(absent)"), got.get(k, "(absent)")
            if x == y:
                continue
            ndiff += 1
            sx, sy = show_pair(x, y)
            why = explain(table, cid, k)
            line = "DIFF %s %s: haproxy=%s hapx=%s" % (cid, k, sx, sy)
            if why:
                line += "  [explained%s]" % (
                    ", as above" if why in told else ": " + why)
                told.add(why)
            else:
                nunexp += 1
            print(line)
    for e in table:
        if e[3] == 0 and (not only or e[0] in only):
            print("NOTE: explained entry matched nothing: %s %s"
                  % (e[0], e[1]))
    ncases = len(only) if only else len(all_cases)
    print("%d cases, %d requests; %d differences, %d unexplained"
          % (ncases, nreq, ndiff, nunexp))
    return 1 if nunexp else 0


if __name__ == "__main__":
    sys.exit(main())
