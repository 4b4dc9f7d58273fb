#!/usr/bin/env python3
"""bulk_serv.py: an HTTP/1.1 upstream for t/e2e/http_bulk.sh (large
bodies, slow readers). Standard library only. Prints "PORT <n>" once
listening, then serves until killed:

  POST any path   reads the Content-Length body (sleeping 2 ms after
                  each 64 KiB read when the path contains "slow") and
                  answers "<bytes> <sha256 hex>\\n"
  GET /big/N      N bytes of the pattern bytes(range(256)) repeated
  GET other       "ok\\n"
"""

import hashlib
import http.server
import socketserver
import sys
import time

PATTERN = bytes(range(256)) * 256


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        left = int(self.headers.get("Content-Length", "0"))
        h, got = hashlib.sha256(), 0
        while left > 0:
            d = self.rfile.read(min(65536, left))
            if not d:
                break
            h.update(d)
            got += len(d)
            left -= len(d)
            if "slow" in self.path:
                time.sleep(0.002)
        self.reply(("%d %s\n" % (got, h.hexdigest())).encode())

    def do_GET(self):
        if not self.path.startswith("/big/"):
            self.reply(b"ok\n")
            return
        n = int(self.path[5:])
        self.send_response(200)
        self.send_header("Content-Length", str(n))
        self.end_headers()
        while n > 0:
            c = PATTERN[:min(n, len(PATTERN))]
            self.wfile.write(c)
            n -= len(c)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
