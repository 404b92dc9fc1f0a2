#!/usr/bin/env python3
"""rawhttp.py - raw-socket HTTP clients for the end-to-end tests of the
server's limits and edge cases (tests/e2e/t078x-*.sh). Loopback only.

  cases PORT FILE [COOKIE CSRF]
      sends every request of FILE (see cases.txt) on its own connection and
      checks the answer: a 4xx status with a valid UTF-8 JSON error body
      (for a NAME starting "mhd:", answered by libmicrohttpd's own HTML
      error page, only the 4xx status).
      {LEN} in a request stands for the length of its body.
      Prints "ok - NAME STATUS" or "not ok - NAME ..." per case.
  flood PORT N SIZE PATH
      N parallel unauthenticated POSTs of SIZE bytes each (no Expect:
      100-continue, the body sent at once); prints one status per line
      ("closed" when the connection ended without an answer).
  slowloris PORT N SECONDS
      N connections from 127.0.0.1 that drip header bytes; meanwhile a
      client bound to 127.0.0.2 asks GET /api/v1/session every 0.5 s.
      Prints "opened N", then "held H" (connections the server kept),
      "max_latency S" and "answers K of M".
  drip-headers PORT INTERVAL LIMIT
      one connection that sends a header byte every INTERVAL seconds;
      prints how long the server kept it open ("closed_after S") or
      "open_after LIMIT".
  body PORT PATH COOKIE CSRF RATE SECONDS
      one authenticated POST whose body (CSV bytes) comes at RATE bytes/s
      for SECONDS; prints "status NNN after S" or "closed after S".
"""
import codecs
import json
import socket
import sys
import threading
import time


def connect(port, src="127.0.0.1", timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s


def read_answer(s):
    """Reads until the server closes or a whole answer (by Content-Length)
    is in; returns (status or None, headers dict, body bytes)."""
    data = b""
    try:
        while True:
            head_end = data.find(b"\r\n\r\n")
            if head_end >= 0:
                head = data[:head_end].decode("latin-1").split("\r\n")
                hdrs = {}
                for line in head[1:]:
                    k, _, v = line.partition(":")
                    hdrs[k.strip().lower()] = v.strip()
                if "content-length" in hdrs and \
                        len(data) - head_end - 4 >= int(hdrs["content-length"]):
                    break
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    head_end = data.find(b"\r\n\r\n")
    if not data.startswith(b"HTTP/") or head_end < 0:
        return None, {}, data
    head = data[:head_end].decode("latin-1").split("\r\n")
    hdrs = {}
    for line in head[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    body = data[head_end + 4:]
    if "content-length" in hdrs:
        body = body[:int(hdrs["content-length"])]
    return int(head[0].split()[1]), hdrs, body


def cmd_cases(port, path, cookie="", csrf=""):
    failed = 0
    n = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        name, _, raw = line.partition("\t")
        raw = raw.replace("{COOKIE}", cookie).replace("{CSRF}", csrf)
        req = codecs.escape_decode(raw.encode("utf-8"))[0]
        if b"{LEN}" in req:
            body = req[req.find(b"\r\n\r\n") + 4:]
            req = req.replace(b"{LEN}", str(len(body)).encode())
        n += 1
        s = connect(port)
        try:
            s.sendall(req)
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, hdrs, body = read_answer(s)
        s.close()
        why = None
        if status is None or not 400 <= status < 500:
            why = "status %s" % status
        elif name.startswith("mhd:"):
            pass
        elif not hdrs.get("content-type", "").startswith("application/json"):
            why = "content type %r" % hdrs.get("content-type")
        else:
            try:
                j = json.loads(body.decode("utf-8"))
                if not isinstance(j.get("error"), dict):
                    why = "no error object"
            except (UnicodeDecodeError, ValueError) as e:
                why = "body is not UTF-8 JSON: %s" % e
        if why:
            failed += 1
            print("not ok - %s: %s %r" % (name, why, body[:200]))
        else:
            print("ok - %s %d" % (name, status))
    print("cases %d failed %d" % (n, failed))


def cmd_flood(port, n, size, path):
    results = [None] * n
    head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
            "Content-Length: %d\r\n\r\n" % (path, size)).encode()
    block = b"x" * (1 << 20)

    def one(i):
        s = connect(port, timeout=30)
        status = None
        try:
            s.sendall(head)
            left = size
            while left > 0:
                k = min(left, len(block))
                s.sendall(block[:k])
                left -= k
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass
        status, _, _ = read_answer(s)
        s.close()
        results[i] = status if status is not None else "closed"

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        print(r)


def cmd_slowloris(port, n, seconds):
    socks = []
    for _ in range(n):
        try:
            s = connect(port, timeout=5)
            s.sendall(b"GET /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            socks.append(s)
        except OSError:
            pass
    print("opened %d" % len(socks))
    end = time.time() + seconds
    worst = 0.0
    answers = asked = 0
    tick = 0
    while time.time() < end:
        # keep the slow connections dripping
        for s in socks:
            try:
                s.send(b"X-%d: y\r\n" % tick)
            except OSError:
                pass
        tick += 1
        t0 = time.time()
        asked += 1
        try:
            c = connect(port, src="127.0.0.2", timeout=5)
            c.sendall(b"GET /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Connection: close\r\n\r\n")
            status, _, _ = read_answer(c)
            c.close()
            if status == 401:
                answers += 1
        except OSError:
            pass
        worst = max(worst, time.time() - t0)
        time.sleep(0.5)
    held = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(1) != b"":
                held += 1
        except BlockingIOError:
            held += 1
        except OSError:
            pass
        s.close()
    print("held %d" % held)
    print("max_latency %.3f" % worst)
    print("answers %d of %d" % (answers, asked))


def cmd_drip_headers(port, interval, limit):
    s = connect(port, timeout=interval)
    msg = b"GET /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"a" * 100000
    t0 = time.time()
    i = 0
    while time.time() - t0 < limit:
        try:
            s.send(msg[i:i + 1])
            i += 1
            s.settimeout(interval)
            if s.recv(1024) == b"":
                print("closed_after %.1f" % (time.time() - t0))
                return
        except socket.timeout:
            continue
        except OSError:
            print("closed_after %.1f" % (time.time() - t0))
            return
    print("open_after %d" % limit)


def cmd_body(port, path, cookie, csrf, rate, seconds):
    size = int(rate * seconds)
    s = connect(port, timeout=30)
    s.sendall(("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
               "X-CSRF-Token: %s\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n"
               "Connection: close\r\n\r\n" % (path, cookie, csrf, size)).encode())
    t0 = time.time()
    sent = 0
    step = 0.1
    try:
        while sent < size:
            k = min(size - sent, max(1, int(rate * step)))
            s.sendall(b"," * k)
            sent += k
            want = t0 + sent / rate
            if want > time.time():
                time.sleep(want - time.time())
    except OSError:
        print("closed after %.1f" % (time.time() - t0))
        return
    status, _, _ = read_answer(s)
    if status is None:
        print("closed after %.1f" % (time.time() - t0))
    else:
        print("status %d after %.1f" % (status, time.time() - t0))


def main():
    a = sys.argv[1:]
    if a[0] == "cases":
        cmd_cases(int(a[1]), a[2], *a[3:5])
    elif a[0] == "flood":
        cmd_flood(int(a[1]), int(a[2]), int(a[3]), a[4])
    elif a[0] == "slowloris":
        cmd_slowloris(int(a[1]), int(a[2]), float(a[3]))
    elif a[0] == "drip-headers":
        cmd_drip_headers(int(a[1]), float(a[2]), float(a[3]))
    elif a[0] == "body":
        cmd_body(int(a[1]), a[2], a[3], a[4], float(a[5]), float(a[6]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
