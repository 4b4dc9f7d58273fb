#!/usr/bin/env python3
"""fake_proto.py: scripted fake servers for the protocol health checks
(t/e2e/check_proto.sh: mysql-check, pgsql-check, redis-check,
ssl-hello-chk, smtpchk, ldap-check). Standard library only.

  fake_proto.py SCENARIO [--log FILE] [--after N SCENARIO2]

Prints "PORT <n>" (flushed) once listening on 127.0.0.1, then serves each
connection with the steps of SCENARIO (see SCENARIOS below): "send" writes
bytes, "recv" waits (up to 2 s) for at least one byte, "sleep" pauses,
"close" closes (an RST if the check's bytes are still unread).
After the last step it reads until the peer closes (up to 2 s) and closes.
With --after N SCENARIO2, connections after the N-th use SCENARIO2 (to
see a server come back UP). --log appends one line per connection: the
hex of every byte received.
"""

import argparse
import socket
import struct
import sys
import threading
import time


def mysql_packet(seq, payload):
    return struct.pack("<I", len(payload))[:3] + bytes([seq]) + payload


MYSQL_GREETING = mysql_packet(0, b"\x0a" + b"5.7.99-fake\x00" +
                              struct.pack("<I", 7) + b"abcdefgh\x00" +
                              b"\xff\xf7" + b"\x21" + b"\x02\x00" +
                              b"\xff\x81" + b"\x15" + b"\x00" * 10 +
                              b"ijklmnopqrst\x00" +
                              b"mysql_native_password\x00")
MYSQL_OK = mysql_packet(2, b"\x00\x00\x00\x02\x00\x00\x00")
MYSQL_ERR_1040 = mysql_packet(0, b"\xff" + struct.pack("<H", 1040) +
                              b"Too many connections")
MYSQL_ERR_1045 = mysql_packet(2, b"\xff" + struct.pack("<H", 1045) +
                              b"#28000Access denied for user 'hapx'")


def pg_error(msg):
    body = b"SFATAL\x00C28000\x00M" + msg + b"\x00\x00"
    return b"E" + struct.pack(">I", len(body) + 4) + body


def ldap_bind_response(code):
    op = b"\x0a\x01" + bytes([code]) + b"\x04\x00\x04\x00"
    msg = b"\x02\x01\x01" + b"\x61" + bytes([len(op)]) + op
    return b"\x30" + bytes([len(msg)]) + msg


TLS_SERVER_HELLO = (b"\x16\x03\x01\x00\x2a" + b"\x02\x00\x00\x26\x03\x01" +
                    b"\x11" * 32 + b"\x00" + b"\x00\x2f" + b"\x00")
TLS_ALERT = b"\x15\x03\x01\x00\x02\x02\x28"

SCENARIOS = {
    "redis_ok": [("recv",), ("send", b"+PONG\r\n")],
    "redis_err": [("recv",), ("send", b"-ERR operation not permitted\r\n")],
    "redis_garbage": [("recv",), ("send", b"hello\r\n"), ("close",)],
    "smtp_ok": [("send", b"220 fake.example ESMTP\r\n"), ("recv",),
                ("send", b"250 fake.example hello\r\n"), ("recv",),
                ("send", b"221 bye\r\n")],
    "smtp_554": [("send", b"554 no service here\r\n")],
    "smtp_helo_501": [("send", b"220 fake.example ESMTP\r\n"), ("recv",),
                      ("send", b"501 bad domain\r\n")],
    "smtp_garbage": [("send", b"hello\r\n")],
    "pgsql_ok": [("recv",), ("send", b"R\x00\x00\x00\x08\x00\x00\x00\x00")],
    "pgsql_md5": [("recv",),
                  ("send", b"R\x00\x00\x00\x0c\x00\x00\x00\x05abcd")],
    "pgsql_err": [("recv",),
                  ("send", pg_error(b'role "hapx" does not exist'))],
    "pgsql_garbage": [("recv",), ("send", b"HTTP/1.0 200 OK\r\n\r\n"),
                      ("close",)],
    "mysql_ok": [("send", MYSQL_GREETING), ("recv",), ("send", MYSQL_OK)],
    "mysql_err": [("send", MYSQL_ERR_1040), ("close",)],
    "mysql_denied": [("send", MYSQL_GREETING), ("recv",),
                     ("send", MYSQL_ERR_1045), ("close",)],
    "mysql_garbage": [("send", b"hello world\r\n"), ("close",)],
    "ssl_ok": [("recv",), ("send", TLS_SERVER_HELLO)],
    "ssl_alert": [("recv",), ("send", TLS_ALERT), ("close",)],
    "ssl_bad": [("recv",), ("send", b"HTTP/1.1 400 Bad Request\r\n\r\n"),
                ("close",)],
    "ldap_ok": [("recv",), ("send", ldap_bind_response(0))],
    "ldap_err": [("recv",), ("send", ldap_bind_response(49))],
    "ldap_garbage": [("recv",), ("send", b"\x04\x05hello"), ("close",)],
    "redis_err_close": [("recv",),
                        ("send", b"-ERR operation not permitted\r\n"),
                        ("close",)],
    "redis_trunc": [("recv",), ("send", b"+PON"), ("close",)],
    "smtp_helo_501_close": [("send", b"220 fake.example ESMTP\r\n"),
                            ("recv",), ("send", b"501 bad domain\r\n"),
                            ("close",)],
    "smtp_quit_500": [("send", b"220 fake.example ESMTP\r\n"), ("recv",),
                      ("send", b"250 fake.example hello\r\n"), ("recv",),
                      ("send", b"500 what\r\n")],
    "smtp_multi": [("send", b"220-fake.example\r\n220 ESMTP\r\n"),
                   ("recv",), ("send", b"250-fake.example\r\n250 SIZE\r\n"),
                   ("recv",), ("send", b"221 bye\r\n")],
    "smtp_oneshot": [("send", b"220 fake.example ESMTP\r\n"), ("recv",),
                     ("send", b"250 hello\r\n221 bye\r\n")],
    "pgsql_trunc": [("recv",), ("send", b"R\x00\x00"), ("close",)],
    "pgsql_e_short": [("recv",), ("send", b"E\x00\x00"), ("close",)],
    "ldap_trunc": [("recv",), ("send", ldap_bind_response(0)[:8]),
                   ("close",)],
    "mysql_trunc": [("send", MYSQL_GREETING[:20]), ("close",)],
    "mysql_v9": [("send", mysql_packet(0, b"\x09" + b"3.22-fake\x00" +
                                       b"\x00" * 12)), ("recv",)],
    "ssl_short": [("recv",), ("send", b"\x16\x03"), ("close",)],
    "mysql_late": [("recv",), ("send", MYSQL_GREETING), ("recv",),
                   ("send", MYSQL_OK)],
    "recv_close": [("recv",), ("close",)],
    "smtp_helo_250_hold": [("send", b"220 fake.example ESMTP\r\n"),
                           ("recv",), ("send", b"250 x\r\n")],
    "smtp_helo_gb_hold": [("send", b"220 fake.example ESMTP\r\n"),
                          ("recv",), ("send", b"xyz\r\n")],
    "smtp_ehlo_multi": [("send", b"220 fake.example ESMTP\r\n"), ("recv",),
                        ("send", b"250-fake.example\r\n250 SIZE 10\r\n"),
                        ("recv",), ("send", b"221 bye\r\n")],
    "smtp_quit_gb_hold": [("send", b"220 fake.example ESMTP\r\n"), ("recv",),
                          ("send", b"250 fake.example hello\r\n"), ("recv",),
                          ("send", b"xyz\r\n")],
    "smtp_banner_2part": [("send", b"22"), ("sleep", 0.1),
                          ("send", b"0 hi\r\n"), ("recv",),
                          ("send", b"250 x\r\n"), ("recv",),
                          ("send", b"221 bye\r\n")],
    "redis_pong_x": [("recv",), ("send", b"+PONGX\r\n")],
    "redis_pong_nocrlf": [("recv",), ("send", b"+PONG"), ("close",)],
    "redis_pong_later": [("recv",), ("send", b"$1\r\nx\r\n+PONG\r\n")],
    "mysql_auth_gb": [("send", MYSQL_GREETING), ("recv",),
                      ("send", b"hello\r\n"), ("close",)],
    "mysql_auth_hold": [("send", MYSQL_GREETING), ("recv",)],
    "ldap_long": [("recv",), ("send", b"\x30\x84\x00\x00\x00\x0c\x02\x01\x01"
                                      b"\x61\x84\x00\x00\x00\x07\x0a\x01\x00"
                                      b"\x04\x00\x04\x00")],
    "ldap_msgid2": [("recv",), ("send", b"\x30\x0c\x02\x01\x02\x61\x07\x0a\x01"
                                        b"\x00\x04\x00\x04\x00")],
    "smtp_helo_gb_close": [("send", b"220 fake.example ESMTP\r\n"),
                           ("recv",), ("send", b"xyz\r\n"), ("close",)],
    "smtp_helo_empty": [("send", b"220 fake.example ESMTP\r\n"),
                        ("recv",), ("close",)],
    "smtp_quit_multi": [("send", b"220 fake.example ESMTP\r\n"), ("recv",),
                        ("send", b"250 fake.example hello\r\n"), ("recv",),
                        ("send", b"221-bye\r\n221 ok\r\n")],
    "smtp_quit_empty": [("send", b"220 fake.example ESMTP\r\n"), ("recv",),
                        ("send", b"250 fake.example hello\r\n"), ("recv",),
                        ("close",)],
    "smtp_banner_short": [("send", b"22"), ("close",)],
    "smtp_helo_500_hold": [("send", b"220 fake.example ESMTP\r\n"),
                           ("recv",), ("send", b"500 no\r\n")],
    "silent": [],
    "close": [("close",)],
}


def serve(conn, steps, log, lock):
    got = bytearray()
    conn.settimeout(2)
    try:
        for st in steps:
            if st[0] == "send":
                conn.sendall(st[1])
            elif st[0] == "recv":
                data = conn.recv(65536)
                got += data
                if not data:
                    break
            elif st[0] == "sleep":
                time.sleep(st[1])
            elif st[0] == "close":
                break
        else:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                got += data
    except OSError:
        pass
    finally:
        conn.close()
        if log:
            with lock, open(log, "a") as f:
                f.write(got.hex() + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    ap.add_argument("--log")
    ap.add_argument("--after", nargs=2, metavar=("N", "SCENARIO2"))
    a = ap.parse_args()
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    sys.stdout.write("PORT %d\n" % s.getsockname()[1])
    sys.stdout.flush()
    lock = threading.Lock()
    n = 0
    while True:
        conn, _ = s.accept()
        n += 1
        name = a.scenario
        if a.after and n > int(a.after[0]):
            name = a.after[1]
        threading.Thread(target=serve, daemon=True,
                         args=(conn, SCENARIOS[name], a.log, lock)).start()


if __name__ == "__main__":
    main()
