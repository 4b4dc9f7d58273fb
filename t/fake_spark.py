#!/usr/bin/env python3
"""fake_spark.py: a fake Spark 1.4 standalone master web UI for hapx tests.

Serves what /work/shared/spark/FACTS.md section 9 lists: the master page with
a switchable "Status:" line, /json, /app pages, /static assets (one of them
about 96 KB) and /echo, with Jetty 8's headers. Standard library only.

    fake_spark.py [--port N] [--host ADDR] [--state STATE] [--name NAME]
                  [--spark4] [--pad-kb N] [--log FILE] [--state-file FILE]

--port 0 picks a free port. The bound port is always printed first on
stdout as "PORT <n>" (flushed), before any request is served.

Runtime control: if --state-file FILE exists, its first word is re-read on
every request (and polled every 50 ms) and overrides --state:
    ALIVE STANDBY RECOVERING COMPLETING_RECOVERY   page / json status
    HANG    accept and read requests, never answer
    CLOSE   close the connection without answering
    NNN     (three digits, e.g. 500) answer every request with that status
    GONE    close the listening socket and exit 0 (a revoked leader)
Any other word is shown as the status as is (no workers or apps).

Routes (GET and HEAD unless noted; other methods get 405):
    /                  master page, text/html;charset=utf-8
    /json, /json/      master state, text/json;charset=utf-8
    /app?appId=ID      application page; /app/?appId=ID too
    /app               302 to http://HOST/app/[?query] (HOST from the Host
                       header, else ADDR:PORT); --redirect-app also
                       redirects /app?appId=ID as Jetty would
    /app/kill, /driver/kill   302 to http://HOST/
    /static/FILE       assets (see ASSETS); 404 for others
    /environment/, /logPage/  small pages (--spark4 only)
    /echo[/...][?...]  any method: text/plain with the request line, the
                       headers as received and the body length
    anything else      Jetty's 404 page

Every response carries "X-Fake-Spark: NAME". HTML and JSON pages larger than
--jetty-buffer bytes (default 32768, Jetty's output buffer) are sent chunked
to HTTP/1.1 clients and close-delimited to HTTP/1.0 clients; smaller ones and
static files get Content-Length. HTTP/1.1 connections are persistent unless
"Connection: close"; HTTP/1.0 ones close after the response unless the client
sent "Connection: keep-alive". Pipelined requests are answered in order.

--log FILE appends one JSON object per request, keys in this order:
    {"line": "GET / HTTP/1.0", "method": ..., "target": ..., "version": ...,
     "headers": [[name, value], ...], "body_len": N, "conn": C, "seq": S,
     "status": CODE, "state": STATE, "name": NAME}
"conn" numbers connections from 1; "seq" numbers requests within one
connection from 1, so keep-alive shows as one conn with seq 1, 2, ...
"status" is 0 when no response was sent (HANG, CLOSE, GONE, bad request).
"""

import argparse
import json
import os
import re
import select
import signal
import socket
import struct
import sys
import threading
import time
import zlib
from html import escape
from http import HTTPStatus
from urllib.parse import parse_qs

SERVER = "Jetty(8.1.14.v20131031)"
SPARK_VERSION = "1.4.1"
PAGE_STATES = ("ALIVE", "STANDBY", "RECOVERING", "COMPLETING_RECOVERY")
MAX_HEAD = 65536
IDLE_TIMEOUT = 30.0
HANG_TIMEOUT = 600.0
LAST_MODIFIED = "Thu, 11 Jun 2015 08:00:00 GMT"
HEAD_END = re.compile(rb"\r?\n\r?\n")
TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


class BadRequest(Exception):
    pass


class Closed(Exception):
    pass


# ---------------------------------------------------------------- assets

def filler(size, start, end, first=""):
    """Deterministic text of exactly SIZE bytes: FIRST, then lines
    START + text + END + newline, at most 80 bytes each."""
    out = [first]
    left = size - len(first)
    minlen = len(start) + len(end) + 1
    n = 0
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    while left > 0:
        want = 80 if left >= 80 + minlen else left
        body = want - minlen
        if body < 0:
            # Too short for a full line: lengthen the previous one.
            prev = out.pop()
            out.append(prev[:-len(end) - 1] + "x" * left + end + "\n")
            break
        text = "%06d " % n
        k = n * 7
        while len(text) < body:
            text += alphabet[k % len(alphabet)]
            k += 5
        out.append(start + text[:body] + end + "\n")
        left -= want
        n += 1
    data = "".join(out).encode("ascii")
    assert len(data) == size, (len(data), size)
    return data


def png(width, height, rgba):
    """A valid, solid-colour RGBA PNG."""
    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xffffffff
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
    row = b"\x00" + bytes(rgba) * width
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(row * height, 9)) +
            chunk(b"IEND", b""))


def js(name, size):
    return filler(size, "// ", "", "/*! fake %s for hapx tests */\n" % name)


def css(name, size):
    return filler(size, "/* ", " */", "/* fake %s for hapx tests */\n" % name)


WEBUI_CSS_HEAD = """/* fake webui.css for hapx tests */
.navbar { height: 50px; font-size: 15px; margin-bottom: 15px; }
h3 { vertical-align: bottom; display: inline-block; }
.version { line-height: 30px; vertical-align: bottom; font-size: 12px;
  padding: 0; margin: 0; font-weight: bold; color: #777; }
table.sortable thead { cursor: pointer; }
table.table { width: 100%; border-collapse: collapse; }
table.table th, table.table td { border: 1px solid #ddd; padding: 4px 8px;
  text-align: left; }
ul.unstyled { list-style: none; padding-left: 0; }
.kill-link { margin-right: 2px; margin-left: 20px; color: gray; float: right; }
"""

# name -> (content type, generator). Sizes follow FACTS.md section 7.
ASSETS = {
    "bootstrap.min.css": ("text/css", lambda: css("bootstrap.min.css", 100000)),
    "vis.min.css": ("text/css", lambda: css("vis.min.css", 19000)),
    "webui.css": ("text/css",
                  lambda: filler(4096, "/* ", " */", WEBUI_CSS_HEAD)),
    "timeline-view.css": ("text/css", lambda: css("timeline-view.css", 4000)),
    "sorttable.js": ("application/javascript",
                     lambda: js("sorttable.js", 16891)),
    "jquery-1.11.1.min.js": ("application/javascript",
                             lambda: js("jquery-1.11.1.min.js", 95786)),
    "vis.min.js": ("application/javascript", lambda: js("vis.min.js", 393000)),
    "bootstrap-tooltip.js": ("application/javascript",
                             lambda: js("bootstrap-tooltip.js", 8500)),
    "initialize-tooltips.js": ("application/javascript",
                               lambda: js("initialize-tooltips.js", 900)),
    "table.js": ("application/javascript", lambda: js("table.js", 3500)),
    "additional-metrics.js": ("application/javascript",
                              lambda: js("additional-metrics.js", 2800)),
    "timeline-view.js": ("application/javascript",
                         lambda: js("timeline-view.js", 9000)),
    "spark-logo-77x50px-hd.png": ("image/png",
                                  lambda: png(77, 50, (0xe2, 0x5a, 0x1c, 0xff))),
}
_asset_cache = {}
_asset_lock = threading.Lock()


def asset(name):
    with _asset_lock:
        if name not in _asset_cache:
            _asset_cache[name] = ASSETS[name][1]()
        return _asset_cache[name]


# ---------------------------------------------------------------- model

WORKERS = [
    # id, host, port, cores, cores used, memory MB, memory used MB
    ("worker-20150101000000-192.0.2.11-40001", "192.0.2.11", 40001, 8, 4,
     30720, 8192),
    ("worker-20150101000001-192.0.2.12-40002", "192.0.2.12", 40002, 8, 4,
     30720, 8192),
    ("worker-20150101000002-192.0.2.13-40003", "192.0.2.13", 40003, 8, 0,
     30720, 0),
]
ACTIVE_APPS = [
    # id, name, cores, mem per executor MB, submit date, user, state, duration
    ("app-20150101000000-0000", "PythonPi", 8, 4096, "2015/01/01 00:00:00",
     "spark", "RUNNING", "1.2 h"),
]
COMPLETED_APPS = [
    ("app-20141231230000-0001", "SparkPi", 24, 1024, "2014/12/31 23:00:00",
     "spark", "FINISHED", "32 s"),
    ("app-20141231220000-0002", "WordCount", 16, 2048, "2014/12/31 22:00:00",
     "etl", "FINISHED", "4.1 min"),
]


def mb(n):
    if n >= 1024:
        return "%.1f GB" % (n / 1024.0)
    return "%.1f MB" % n


class Master:
    """What the page shows for one state."""

    def __init__(self, state, name):
        self.state = state
        self.url = "spark://%s:7077" % name
        if state in ("ALIVE", "RECOVERING"):
            self.workers = [w + ("ALIVE",) for w in WORKERS]
        elif state == "COMPLETING_RECOVERY":
            # Workers that did not re-register are still UNKNOWN.
            self.workers = [w + ("UNKNOWN",) for w in WORKERS]
        else:
            self.workers = []
        if state in ("ALIVE", "RECOVERING", "COMPLETING_RECOVERY"):
            self.active = ACTIVE_APPS
            self.completed = COMPLETED_APPS
        else:
            self.active = []
            self.completed = []


def header_nodes():
    css_ = ["bootstrap.min.css", "vis.min.css", "webui.css",
            "timeline-view.css"]
    js_ = ["sorttable.js", "jquery-1.11.1.min.js", "vis.min.js",
           "bootstrap-tooltip.js", "initialize-tooltips.js", "table.js",
           "additional-metrics.js", "timeline-view.js"]
    out = ['<meta http-equiv="Content-type" '
           'content="text/html; charset=utf-8"/>']
    for c in css_:
        out.append('<link rel="stylesheet" href="/static/%s" '
                   'type="text/css"/>' % c)
    for j in js_:
        out.append('<script src="/static/%s"></script>' % j)
    return "\n        ".join(out)


def spark_page(title, content):
    """UIUtils.basicSparkPage, indentation kept as Scala XML does."""
    return ("<!DOCTYPE html>"
            "<html>\n"
            "      <head>\n"
            "        %s\n"
            "        <title>%s</title>\n"
            "      </head>\n"
            "      <body>\n"
            "        <div class=\"container-fluid\">\n"
            "          <div class=\"row-fluid\">\n"
            "            <div class=\"span12\">\n"
            "              <h3 style=\"vertical-align: middle; display: "
            "inline-block;\">\n"
            "                <a style=\"text-decoration: none\" href=\"/\">\n"
            "                  <img src=\"/static/spark-logo-77x50px-hd.png\"/>\n"
            "                  <span class=\"version\" style=\"margin-right: "
            "15px;\">%s</span>\n"
            "                </a>\n"
            "                %s\n"
            "              </h3>\n"
            "            </div>\n"
            "          </div>\n"
            "          %s\n"
            "        </div>\n"
            "      </body>\n"
            "    </html>\n") % (header_nodes(), escape(title), SPARK_VERSION,
                               escape(title), content)


def listing_table(headers, rows):
    ths = "".join('<th width="" class="">%s</th>' % h for h in headers)
    return ('<table class="table table-bordered table-condensed '
            'table-striped sortable">\n'
            '      <thead>%s</thead>\n'
            '      <tbody>\n'
            '        %s\n'
            '      </tbody>\n'
            '    </table>') % (ths, "\n        ".join(rows))


def worker_row(w):
    wid, host, port, cores, cused, mem, mused, state = w
    return ("<tr>\n"
            "      <td>\n"
            "        <a href=\"http://%s:8081\">%s</a>\n"
            "      </td>\n"
            "      <td>%s:%d</td>\n"
            "      <td>%s</td>\n"
            "      <td>%d (%d Used)</td>\n"
            "      <td sorttable_customkey=\"%d.%d\">\n"
            "        %s\n"
            "        (%s Used)\n"
            "      </td>\n"
            "    </tr>") % (host, wid, host, port, state, cores, cused, mem,
                            mused, mb(mem), mb(mused))


def app_row(a, active):
    aid, name, cores, mem, date, user, state, duration = a
    kill = ""
    if active:
        kill = ("\n        <span class=\"kill-link\">\n"
                "        (<a href=\"app/kill?id=%s&amp;terminate=true\" "
                "onclick=\"return window.confirm("
                "'Are you sure you want to kill application %s ?');\">"
                "kill</a>)\n"
                "      </span>") % (aid, aid)
    return ("<tr>\n"
            "      <td>\n"
            "        <a href=\"app?appId=%s\">%s</a>%s\n"
            "      </td>\n"
            "      <td>\n"
            "        <a href=\"http://192.0.2.21:4040\">%s</a>\n"
            "      </td>\n"
            "      <td>\n"
            "        %d\n"
            "      </td>\n"
            "      <td sorttable_customkey=\"%d\">\n"
            "        %s\n"
            "      </td>\n"
            "      <td>%s</td>\n"
            "      <td>%s</td>\n"
            "      <td>%s</td>\n"
            "      <td>%s</td>\n"
            "    </tr>") % (aid, aid, kill, name, cores, mem, mb(mem), date,
                            user, state, duration)


APP_HEADERS = ["Application ID", "Name", "Cores", "Memory per Node",
               "Submitted Time", "User", "State", "Duration"]


def status_item(state, spark4):
    if not spark4:
        return "<li><strong>Status:</strong> %s</li>" % escape(state)
    # Spark >= 4.0 (SPARK-47894): a newline right after the state.
    return ("<li><strong>Status:</strong> %s\n"
            "                (<a href=\"/environment/\">Environment</a>,\n"
            "                <a href=\"/logPage/?self&amp;logType=out\">Log</a>)\n"
            "              </li>") % escape(state)


def pad_block(kb):
    if kb <= 0:
        return ""
    return filler(kb * 1024, "<!-- pad ", " -->").decode("ascii")


def master_page(m, spark4, pad_kb):
    cores = sum(w[3] for w in m.workers)
    cused = sum(w[4] for w in m.workers)
    mem = sum(w[5] for w in m.workers)
    mused = sum(w[6] for w in m.workers)
    workers = listing_table(
        ["Worker Id", "Address", "State", "Cores", "Memory"],
        [worker_row(w) for w in m.workers])
    active = listing_table(APP_HEADERS, [app_row(a, True) for a in m.active])
    completed = listing_table(APP_HEADERS,
                              [app_row(a, False) for a in m.completed])
    content = (pad_block(pad_kb) +
               "<div class=\"row-fluid\">\n"
               "          <div class=\"span12\">\n"
               "            <ul class=\"unstyled\">\n"
               "              <li><strong>URL:</strong> %s</li>\n"
               "              \n"
               "              <li><strong>Workers:</strong> %d</li>\n"
               "              <li><strong>Cores:</strong> %d Total,\n"
               "                %d Used</li>\n"
               "              <li><strong>Memory:</strong>\n"
               "                %s Total,\n"
               "                %s Used</li>\n"
               "              <li><strong>Applications:</strong>\n"
               "                %d Running,\n"
               "                %d Completed </li>\n"
               "              <li><strong>Drivers:</strong>\n"
               "                0 Running,\n"
               "                0 Completed </li>\n"
               "              %s\n"
               "            </ul>\n"
               "          </div>\n"
               "        </div>\n"
               "\n"
               "        <div class=\"row-fluid\">\n"
               "          <div class=\"span12\">\n"
               "            <h4> Workers </h4>\n"
               "            %s\n"
               "          </div>\n"
               "        </div>\n"
               "\n"
               "        <div class=\"row-fluid\">\n"
               "          <div class=\"span12\">\n"
               "            <h4> Running Applications </h4>\n"
               "            %s\n"
               "          </div>\n"
               "        </div>\n"
               "\n"
               "        <div>\n"
               "          \n"
               "        </div>\n"
               "\n"
               "        <div class=\"row-fluid\">\n"
               "          <div class=\"span12\">\n"
               "            <h4> Completed Applications </h4>\n"
               "            %s\n"
               "          </div>\n"
               "        </div>\n"
               "\n"
               "        <div>\n"
               "          \n"
               "        </div>") % (
                   escape(m.url), len(m.workers), cores, cused, mb(mem),
                   mb(mused), len(m.active), len(m.completed),
                   status_item(m.state, spark4), workers, active, completed)
    return spark_page("Spark Master at " + m.url, content)


def app_page(m, app_id):
    found = None
    for a in m.active + m.completed:
        if a[0] == app_id:
            found = a
    if found is None:
        return spark_page("Not Found",
                          "<div class=\"row-fluid\">No running application "
                          "with ID %s</div>" % escape(app_id or ""))
    aid, name, cores, mem, date, user, state, duration = found
    rows = []
    for i, w in enumerate(m.workers[:2]):
        rows.append("<tr>\n"
                    "      <td>%d</td>\n"
                    "      <td>\n"
                    "        <a href=\"http://%s:8081\">%s</a>\n"
                    "      </td>\n"
                    "      <td>4</td>\n"
                    "      <td>%d</td>\n"
                    "      <td>RUNNING</td>\n"
                    "      <td>\n"
                    "        <a href=\"http://%s:8081/logPage?appId=%s&amp;"
                    "executorId=%d&amp;logType=stdout\">stdout</a>\n"
                    "        <a href=\"http://%s:8081/logPage?appId=%s&amp;"
                    "executorId=%d&amp;logType=stderr\">stderr</a>\n"
                    "      </td>\n"
                    "    </tr>" % (i, w[1], w[0], mem, w[1], aid, i, w[1],
                                   aid, i))
    content = ("<div class=\"row-fluid\">\n"
               "          <div class=\"span12\">\n"
               "            <ul class=\"unstyled\">\n"
               "              <li><strong>ID:</strong> %s</li>\n"
               "              <li><strong>Name:</strong> %s</li>\n"
               "              <li><strong>User:</strong> %s</li>\n"
               "              <li><strong>Cores:</strong> %d</li>\n"
               "              <li><strong>Executor Memory:</strong> %s</li>\n"
               "              <li><strong>Submit Date:</strong> %s</li>\n"
               "              <li><strong>State:</strong> %s</li>\n"
               "              <li><strong><a href=\"http://192.0.2.21:4040\">"
               "Application Detail UI</a></strong></li>\n"
               "            </ul>\n"
               "          </div>\n"
               "        </div>\n"
               "\n"
               "        <div class=\"row-fluid\">\n"
               "          <div class=\"span12\">\n"
               "            <h4> Executor Summary </h4>\n"
               "            %s\n"
               "          </div>\n"
               "        </div>") % (
                   aid, escape(name), user, cores, mb(mem), date, state,
                   listing_table(["ExecutorID", "Worker", "Cores", "Memory",
                                  "State", "Logs"], rows))
    return spark_page("Application: " + name, content)


def j4s(v, ind=0):
    """json4s-style pretty printing: "key" : value, arrays inline."""
    if isinstance(v, dict):
        if not v:
            return "{ }"
        pad = " " * (ind + 2)
        items = [pad + json.dumps(k) + " : " + j4s(x, ind + 2)
                 for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * ind + "}"
    if isinstance(v, list):
        if not v:
            return "[ ]"
        return "[ " + ", ".join(j4s(x, ind) for x in v) + " ]"
    return json.dumps(v)


def master_json(m):
    def app(a):
        aid, name, cores, mem, date, user, state, duration = a
        return {"starttime": 1420070400000, "id": aid, "name": name,
                "cores": cores, "user": user, "memoryperslave": mem,
                "submitdate": "Thu Jan 01 00:00:00 UTC 2015",
                "state": state, "duration": 4320000}
    workers = [{"id": w[0], "host": w[1], "port": w[2],
                "webuiaddress": "http://%s:8081" % w[1],
                "cores": w[3], "coresused": w[4], "coresfree": w[3] - w[4],
                "memory": w[5], "memoryused": w[6],
                "memoryfree": w[5] - w[6], "state": w[7],
                "lastheartbeat": 1420074000000} for w in m.workers]
    doc = {"url": m.url, "workers": workers,
           "cores": sum(w[3] for w in m.workers),
           "coresused": sum(w[4] for w in m.workers),
           "memory": sum(w[5] for w in m.workers),
           "memoryused": sum(w[6] for w in m.workers),
           "activeapps": [app(a) for a in m.active],
           "completedapps": [app(a) for a in m.completed],
           "activedrivers": [], "status": m.state}
    return j4s(doc) + "\n"


def jetty_error(code, path, reason=None):
    reason = reason or HTTPStatus(code).phrase
    return ("<html>\n<head>\n<meta http-equiv=\"Content-Type\" "
            "content=\"text/html; charset=ISO-8859-1\"/>\n"
            "<title>Error %d %s</title>\n</head>\n<body>\n"
            "<h2>HTTP ERROR: %d</h2>\n<p>Problem accessing %s. Reason:\n"
            "<pre>    %s</pre></p>\n<hr /><i><small>Powered by Jetty://"
            "</small></i>\n</body>\n</html>\n") % (
                code, reason, code, escape(path), reason)


# ---------------------------------------------------------------- server

class Request:
    def __init__(self):
        self.line = ""
        self.method = ""
        self.target = ""
        self.version = ""
        self.headers = []
        self.body_len = 0
        self.body_encoding = "none"

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def all_headers(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    def conn_tokens(self):
        toks = []
        for v in self.all_headers("connection"):
            toks += [t.strip().lower() for t in v.split(",")]
        return toks


class Conn:
    def __init__(self, srv, sock, conn_id):
        self.srv = srv
        self.sock = sock
        self.id = conn_id
        self.buf = bytearray()

    def recv(self):
        try:
            d = self.sock.recv(65536)
        except (socket.timeout, OSError):
            raise Closed()
        if not d:
            raise Closed()
        self.buf += d

    def read_head(self):
        """The next request head, or None at a clean end of input."""
        while True:
            while self.buf[:2] == b"\r\n" or self.buf[:1] == b"\n":
                del self.buf[:2 if self.buf[:1] == b"\r" else 1]
            m = HEAD_END.search(self.buf)
            if m and m.start() > MAX_HEAD:
                raise BadRequest("request head too large")
            if m:
                head = bytes(self.buf[:m.start()])
                del self.buf[:m.end()]
                return head
            if len(self.buf) > MAX_HEAD:
                raise BadRequest("request head too large")
            try:
                self.recv()
            except Closed:
                if self.buf:
                    raise
                return None

    def readline(self):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line = bytes(self.buf[:i + 1])
                del self.buf[:i + 1]
                return line.rstrip(b"\r\n")
            if len(self.buf) > 8192:
                raise BadRequest("line too long")
            self.recv()

    def discard(self, n):
        while n > 0:
            if not self.buf:
                self.recv()
            k = min(n, len(self.buf))
            del self.buf[:k]
            n -= k

    def read_body(self, req):
        te = ",".join(req.all_headers("transfer-encoding")).lower()
        if te:
            codings = [c.strip() for c in te.split(",") if c.strip()]
            if not codings or codings[-1] != "chunked":
                raise BadRequest("unsupported transfer-encoding")
            req.body_encoding = "chunked"
            total = 0
            while True:
                line = self.readline().split(b";")[0].strip()
                try:
                    size = int(line, 16)
                except ValueError:
                    raise BadRequest("bad chunk size")
                if size < 0:
                    raise BadRequest("bad chunk size")
                if size == 0:
                    break
                self.discard(size)
                total += size
                if self.readline() != b"":
                    raise BadRequest("missing CRLF after chunk")
            while self.readline() != b"":   # trailers
                pass
            req.body_len = total
            return
        cls = req.all_headers("content-length")
        if cls:
            vals = set(v.strip() for c in cls for v in c.split(","))
            if len(vals) != 1 or not next(iter(vals)).isdigit():
                raise BadRequest("bad content-length")
            n = int(next(iter(vals)))
            req.body_encoding = "content-length"
            self.discard(n)
            req.body_len = n

    def parse_head(self, head):
        text = head.decode("latin-1")
        lines = text.split("\n")
        req = Request()
        req.line = lines[0].rstrip("\r")
        parts = req.line.split(" ")
        if len(parts) != 3:
            raise BadRequest("bad request line")
        req.method, req.target, req.version = parts
        if not TOKEN.match(req.method) or not req.target:
            raise BadRequest("bad request line")
        if req.version not in ("HTTP/1.0", "HTTP/1.1"):
            raise BadRequest("bad version")
        for ln in lines[1:]:
            ln = ln.rstrip("\r")
            if ":" not in ln:
                raise BadRequest("bad header line")
            name, value = ln.split(":", 1)
            if not TOKEN.match(name):
                raise BadRequest("bad header name")
            req.headers.append([name, value.strip(" \t")])
        return req

    def serve(self):
        seq = 0
        try:
            while True:
                req = None
                head = b""
                try:
                    head = self.read_head()
                    if head is None:
                        return
                    seq += 1
                    req = self.parse_head(head)
                except BadRequest as e:
                    if req is None:
                        req = Request()
                        req.line = head.split(b"\n")[0].decode(
                            "latin-1").rstrip("\r") if head else ""
                    self.srv.log(req, self.id, seq, 400, "BAD")
                    self.send_simple(400, "HTTP/1.1", False,
                                     jetty_error(400, req.target or "/",
                                                 str(e)))
                    return
                state = self.srv.current_state()
                if state == "HANG":
                    self.srv.log(req, self.id, seq, 0, state)
                    self.hang()
                    return
                if state == "CLOSE":
                    self.srv.log(req, self.id, seq, 0, state)
                    return
                if (req.version == "HTTP/1.1" and
                        (req.header("expect") or "").lower() ==
                        "100-continue"):
                    self.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                try:
                    self.read_body(req)
                except BadRequest as e:
                    self.srv.log(req, self.id, seq, 400, state)
                    self.send_simple(400, req.version, False,
                                     jetty_error(400, req.target, str(e)))
                    return
                if state == "GONE":
                    self.srv.log(req, self.id, seq, 0, state)
                    self.srv.gone.set()
                    return
                keep = self.keep_alive(req)
                resp = self.srv.route(req, state)
                self.srv.log(req, self.id, seq, resp[0], state)
                keep = self.send(req, keep, *resp)
                if not keep:
                    return
        except Closed:
            return
        except OSError:
            return
        finally:
            self.lingering_close()
            try:
                self.sock.close()
            except OSError:
                pass

    def lingering_close(self):
        """Half-close, then drain what the client still sends (bounded), so
        that unread input does not turn our close into a reset that could
        destroy the response in flight."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(0.5)
            deadline = time.time() + 2.0
            while time.time() < deadline and self.sock.recv(65536):
                pass
        except OSError:
            pass

    def hang(self):
        self.sock.settimeout(HANG_TIMEOUT)
        try:
            while self.sock.recv(65536):
                pass
        except OSError:
            pass

    @staticmethod
    def keep_alive(req):
        toks = req.conn_tokens()
        if req.version == "HTTP/1.1":
            return "close" not in toks
        return "keep-alive" in toks

    def send_simple(self, code, version, keep, body):
        req = Request()
        req.method = "GET"
        req.version = version
        self.send(req, keep, code, [("Content-Type",
                                     "text/html;charset=ISO-8859-1")],
                  body.encode("latin-1"), False)

    def send(self, req, keep, code, headers, body, buffered):
        """Write one response. BUFFERED bodies (servlet output) larger than
        Jetty's buffer are chunked (HTTP/1.1) or close-delimited (1.0).
        Returns whether the connection stays open."""
        head_only = req.method == "HEAD"
        chunked = False
        hdrs = list(headers)
        if buffered and len(body) > self.srv.jetty_buffer:
            if req.version == "HTTP/1.1":
                chunked = True
                hdrs.append(("Transfer-Encoding", "chunked"))
            else:
                keep = False
        elif code not in (204, 304):
            hdrs.append(("Content-Length", str(len(body))))
        hdrs.append(("Server", SERVER))
        hdrs.append(("X-Fake-Spark", self.srv.name))
        if not keep:
            hdrs.append(("Connection", "close"))
        elif req.version == "HTTP/1.0":
            hdrs.append(("Connection", "keep-alive"))
        out = ["HTTP/1.1 %d %s\r\n" % (code, HTTPStatus(code).phrase)]
        out += ["%s: %s\r\n" % h for h in hdrs]
        out.append("\r\n")
        data = "".join(out).encode("latin-1")
        if head_only:
            self.sock.sendall(data)
        elif chunked:
            self.sock.sendall(data)
            for i in range(0, len(body), 8192):
                part = body[i:i + 8192]
                self.sock.sendall(b"%x\r\n" % len(part) + part + b"\r\n")
            self.sock.sendall(b"0\r\n\r\n")
        elif len(body) <= 65536:
            self.sock.sendall(data + body)
        else:
            self.sock.sendall(data)
            self.sock.sendall(body)
        if not keep:
            try:
                self.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        return keep


class Server:
    def __init__(self, args):
        self.args = args
        self.name = args.name
        self.jetty_buffer = args.jetty_buffer
        self.gone = threading.Event()
        self.log_lock = threading.Lock()
        self.logf = open(args.log, "a", encoding="utf-8") if args.log else None
        self.conn_seq = 0
        self.port = 0

    def current_state(self):
        if self.args.state_file:
            try:
                with open(self.args.state_file, encoding="utf-8") as f:
                    words = f.read().split()
                if words:
                    return words[0]
            except OSError:
                pass
        return self.args.state

    def log(self, req, conn, seq, status, state):
        if not self.logf:
            return
        rec = {"line": req.line, "method": req.method, "target": req.target,
               "version": req.version, "headers": req.headers,
               "body_len": req.body_len, "conn": conn, "seq": seq,
               "status": status, "state": state, "name": self.name}
        line = json.dumps(rec) + "\n"
        with self.log_lock:
            self.logf.write(line)
            self.logf.flush()

    def base_url(self, req):
        host = req.header("host")
        if not host:
            host = "%s:%d" % (self.args.host, self.port)
        return "http://" + host

    def route(self, req, state):
        """(status, headers, body bytes, buffered)"""
        target = req.target
        if "://" in target:    # absolute-form
            rest = target.split("://", 1)[1]
            target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        path, _, query = target.partition("?")
        html = [("Content-Type", "text/html;charset=utf-8"),
                ("Cache-Control", "no-cache, no-store, must-revalidate")]

        if path == "/echo" or path.startswith("/echo/"):
            return self.echo(req)
        if re.match(r"^\d{3}$", state):
            code = int(state)
            try:
                HTTPStatus(code)
            except ValueError:
                code = 500
            return (code, [("Content-Type", "text/html;charset=ISO-8859-1")],
                    jetty_error(code, path).encode("latin-1"), False)
        if req.method not in ("GET", "HEAD"):
            return (405, [("Content-Type", "text/html;charset=ISO-8859-1"),
                          ("Allow", "GET, HEAD")],
                    jetty_error(405, path, "HTTP method %s is not supported "
                                "by this URL" % req.method).encode("latin-1"),
                    False)

        m = Master(state, self.name)
        args = self.args
        if path == "/":
            body = master_page(m, args.spark4, args.pad_kb)
            return (200, html, body.encode("utf-8"), True)
        if path in ("/json", "/json/"):
            return (200, [("Content-Type", "text/json;charset=utf-8"),
                          ("Cache-Control",
                           "no-cache, no-store, must-revalidate")],
                    master_json(m).encode("utf-8"), True)
        if path == "/app" and (not query or args.redirect_app):
            loc = self.base_url(req) + "/app/" + ("?" + query if query else "")
            return (302, [("Location", loc)], b"", False)
        if path in ("/app", "/app/"):
            app_id = parse_qs(query).get("appId", [""])[0]
            return (200, html, app_page(m, app_id).encode("utf-8"), True)
        if path in ("/app/kill", "/app/kill/", "/driver/kill",
                    "/driver/kill/"):
            return (302, [("Location", self.base_url(req) + "/")], b"", False)
        if args.spark4 and path in ("/environment", "/environment/",
                                    "/logPage", "/logPage/"):
            title = "Environment" if path.startswith("/env") else "Log"
            body = spark_page(title, "<div class=\"row\">%s of %s</div>"
                              % (title, escape(self.name)))
            return (200, html, body.encode("utf-8"), True)
        if path.startswith("/static/"):
            fname = path[len("/static/"):]
            if fname in ASSETS:
                ims = req.header("if-modified-since")
                if ims == LAST_MODIFIED:
                    return (304, [], b"", False)
                return (200, [("Content-Type", ASSETS[fname][0]),
                              ("Last-Modified", LAST_MODIFIED)],
                        asset(fname), False)
        return (404, [("Content-Type", "text/html;charset=ISO-8859-1")],
                jetty_error(404, path).encode("latin-1"), False)

    def echo(self, req):
        lines = [req.line]
        lines += ["%s: %s" % (k, v) for k, v in req.headers]
        lines += ["", "body-length: %d" % req.body_len,
                  "body-encoding: %s" % req.body_encoding,
                  "server-name: %s" % self.name, ""]
        return (200, [("Content-Type", "text/plain;charset=ISO-8859-1")],
                "\n".join(lines).encode("latin-1"), False)

    def poll_state_gone(self):
        return self.current_state() == "GONE"

    def run(self):
        args = self.args
        lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            lsock.bind((args.host, args.port))
        except OSError as e:
            sys.stderr.write("fake_spark: cannot bind %s:%d: %s\n"
                             % (args.host, args.port, e))
            sys.exit(2)
        lsock.listen(1024)
        self.port = lsock.getsockname()[1]
        sys.stdout.write("PORT %d\n" % self.port)
        sys.stdout.flush()
        try:
            while not self.gone.is_set():
                r, _, _ = select.select([lsock], [], [], 0.05)
                if not r:
                    if args.state_file and self.poll_state_gone():
                        break
                    continue
                try:
                    sock, _ = lsock.accept()
                except OSError:
                    continue
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sock.settimeout(IDLE_TIMEOUT)
                self.conn_seq += 1
                c = Conn(self, sock, self.conn_seq)
                t = threading.Thread(target=c.serve, daemon=True)
                t.start()
        finally:
            lsock.close()
        self.exit(0)

    def exit(self, code):
        if self.logf:
            with self.log_lock:
                self.logf.flush()
        sys.stdout.flush()
        os._exit(code)


def main():
    p = argparse.ArgumentParser(
        description="Fake Spark 1.4 standalone master web UI for hapx tests.")
    p.add_argument("--port", type=int, default=8080,
                   help="TCP port, 0 = any free port (default 8080)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1)")
    p.add_argument("--state", default="ALIVE",
                   help="initial state: ALIVE, STANDBY, RECOVERING, "
                   "COMPLETING_RECOVERY, HANG, CLOSE, NNN (default ALIVE)")
    p.add_argument("--name", default="spark1",
                   help="name in the X-Fake-Spark header and the page")
    p.add_argument("--spark4", action="store_true",
                   help="Spark 4 status markup (newline after the state)")
    p.add_argument("--pad-kb", type=int, default=0,
                   help="pad the page with N KiB before the status line")
    p.add_argument("--log", help="append one JSON line per request to FILE")
    p.add_argument("--state-file",
                   help="re-read the state from FILE on each request")
    p.add_argument("--redirect-app", action="store_true",
                   help="302 /app?appId=X to /app/?appId=X as Jetty would")
    p.add_argument("--jetty-buffer", type=int, default=32768,
                   help="pages larger than this are chunked (default 32768)")
    args = p.parse_args()
    if args.state == "GONE":
        p.error("--state GONE makes no sense at start")

    threading.stack_size(512 * 1024)
    srv = Server(args)

    def on_signal(signum, frame):
        srv.exit(0)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    srv.run()


if __name__ == "__main__":
    main()
