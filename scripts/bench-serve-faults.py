#!/usr/bin/env python3
"""The fault run of scripts/bench-serve.sh: misbehaving clients and reloads against a running
`tact serve` on 127.0.0.1, while wrk keeps a normal load on it. Standard library only; every
loop is bounded. Prints one `faults:` line per kind of fault.

usage: bench-serve-faults.py HOST PORT SERVER_PID BODY_FILE
"""

import http.client
import json
import os
import signal
import socket
import struct
import sys
import threading
import time

HOST, PORT, PID, BODY_FILE = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
BODY = open(BODY_FILE, "rb").read()
HEAD = (f"POST /v1/check HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(BODY)}\r\n\r\n").encode()


def status_of(sock):
    """Reads a response's status line; None when the server closed without one."""
    sock.settimeout(10)
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                return None
            data += chunk
    except OSError:
        return None
    return int(data.split(b" ")[1])


def disconnects(n=600):
    """Clients that go away mid-request: in the head, in the body, after sending it all
    without reading, and with a TCP reset."""
    kinds = {"head": 0, "body": 0, "unread": 0, "reset": 0}
    for i in range(n):
        s = socket.create_connection((HOST, PORT))
        k = list(kinds)[i % 4]
        if k == "head":
            s.sendall(HEAD[: len(HEAD) // 2])
        elif k == "body":
            s.sendall(HEAD + BODY[: len(BODY) // 2])
        elif k == "unread":
            s.sendall(HEAD + BODY)
        else:
            s.sendall(HEAD + BODY[:100])
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        kinds[k] += 1
    return kinds


def slow_sender(delay, pieces, results, key):
    """Sends the request in `pieces` parts, `delay` seconds apart."""
    s = socket.create_connection((HOST, PORT))
    data = HEAD + BODY
    step = -(-len(data) // pieces)
    try:
        for i in range(0, len(data), step):
            s.sendall(data[i : i + step])
            time.sleep(delay)
    except OSError:
        pass
    results.setdefault(key, []).append(status_of(s))
    s.close()


def oversized(n=40):
    """2 MiB bodies, with a Content-Length and chunked."""
    got = {}
    big = json.dumps({"text": "a" * (2 << 20)}).encode()
    for i in range(n):
        s = socket.create_connection((HOST, PORT))
        if i % 2 == 0:
            head = (f"POST /v1/check HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(big)}\r\n\r\n").encode()
            body = big
        else:
            head = (f"POST /v1/check HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n").encode()
            body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (big[j : j + 65536] for j in range(0, len(big), 65536)))
            body += b"0\r\n\r\n"
        try:
            s.sendall(head)
            s.sendall(body)
        except OSError:
            pass  # the server answered 413 and closed while the rest was still being sent
        st = status_of(s)
        got[st] = got.get(st, 0) + 1
        s.close()
    return got


def reloads(seconds=10.0, every=0.1):
    n = 0
    end = time.time() + seconds
    while time.time() < end:
        os.kill(PID, signal.SIGHUP)
        n += 1
        time.sleep(every)
    return n


def get(path):
    c = http.client.HTTPConnection(HOST, PORT, timeout=10)
    c.request("GET", path)
    r = c.getresponse()
    return r.status, r.read().decode()


def main():
    out = {}
    slow = {}
    threads = [
        threading.Thread(target=lambda: out.update(disconnects=disconnects())),
        threading.Thread(target=lambda: out.update(oversized=oversized())),
        threading.Thread(target=lambda: out.update(reloads=reloads())),
    ]
    # Within the 2 s timeout: 1 s to send; past it: 4 s to send.
    threads += [threading.Thread(target=slow_sender, args=(0.05, 20, slow, "slow-ok")) for _ in range(10)]
    threads += [threading.Thread(target=slow_sender, args=(0.4, 10, slow, "slow-too-slow")) for _ in range(10)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    took = time.time() - t0
    time.sleep(0.5)
    health, _ = get("/healthz")
    _, metrics = get("/metrics")
    statuses = {l.split('status="')[1].split('"')[0]: int(float(l.split()[-1]))
                for l in metrics.splitlines() if l.startswith('tact_http_requests_total{route="/v1/check"')}
    d = out["disconnects"]
    print(f"faults: {sum(d.values())} clients disconnected mid-request "
          f"({d['head']} in the head, {d['body']} in the body, {d['unread']} without reading, {d['reset']} with a TCP reset)")
    print(f"faults: slow senders finishing within the timeout: statuses {sorted(slow.get('slow-ok', []), key=str)}")
    print(f"faults: slow senders past the 2 s timeout: statuses {sorted(slow.get('slow-too-slow', []), key=str)}")
    print(f"faults: 2 MiB bodies (half chunked) over the 1 MiB limit: {out['oversized']} (None: closed before a status)")
    print(f"faults: {out['reloads']} SIGHUPs sent in 10 s during the load (signals that arrive during a reload coalesce into one)")
    print(f"faults: after {took:.1f} s of faults /healthz says {health}; /v1/check statuses counted by the server: {statuses}")


main()
