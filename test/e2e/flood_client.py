#!/usr/bin/env python3
"""Two loopback clients for test/e2e/flood.sh.

  flood_client.py flood  --source 127.0.1.1 --server ADDR --port P --rate 10000 --seconds 10
      sends one query (www.example.net A) at a fixed rate, as a reflection attack through us
      would, and counts what comes back: full answers and truncated (slipped) replies.
  flood_client.py normal --source 127.0.2.1 --server ADDR --port P --rate 20 --seconds 10
      behaves like a resolver: a mix of names, each asked a few times a second at most, one
      query at a time with a 1 s timeout; prints how many got a full answer.
Each prints one line: 'KEY=VALUE ...'.
"""
import argparse
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz"))
from dnswire import opt, query  # noqa: E402

NORMAL_MIX = [("www.example.net", "A"), ("www.example.net", "AAAA"), ("example.net", "MX"),
              ("mail-gw-1.example.net", "A"), ("mail-gw-2.example.net", "A"), ("example.net", "NS"),
              ("example.net", "SOA"), ("www-ns1.example.net", "A"), ("www-ns2.example.net", "A")]


def flood(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.source, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    s.setblocking(False)
    packets = [query("www.example.net", "A", qid=i, edns=opt(1232)) for i in range(256)]
    sent = answered = slipped = 0
    start = time.monotonic()
    total = int(a.rate * a.seconds)
    for i in range(total):
        try:
            s.sendto(packets[i & 0xff], (a.server, a.port))
            sent += 1
        except OSError:
            pass
        if i % 50 == 0:
            while True:
                try:
                    r = s.recv(4096)
                except OSError:
                    break
                if len(r) > 3 and r[2] & 0x02:
                    slipped += 1
                else:
                    answered += 1
            ahead = (i + 1) / a.rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
    elapsed = time.monotonic() - start
    time.sleep(0.3)
    while True:
        try:
            r = s.recv(4096)
        except OSError:
            break
        if len(r) > 3 and r[2] & 0x02:
            slipped += 1
        else:
            answered += 1
    print(f"flood_sent={sent} flood_rate={sent / elapsed:.0f} flood_answered={answered} flood_slipped={slipped} "
          f"flood_dropped={sent - answered - slipped}")


def normal(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.source, 0))
    s.connect((a.server, a.port))
    s.settimeout(1.0)
    rnd = random.Random(7)
    asked = ok = truncated = timeouts = first_try = 0
    start = time.monotonic()
    total = int(a.rate * a.seconds)
    for i in range(total):
        qname, qtype = NORMAL_MIX[i % len(NORMAL_MIX)]
        asked += 1
        # A resolver that hears nothing within 1 s asks again: one retry, with a new ID.
        for attempt in range(2):
            qid = rnd.getrandbits(16)
            s.send(query(qname, qtype, qid=qid, edns=opt(1232)))
            try:
                while True:
                    r = s.recv(4096)
                    if struct.unpack("!H", r[:2])[0] == qid:
                        break
                if r[2] & 0x02:
                    truncated += 1
                elif r[3] & 0x0f in (0, 3):  # NOERROR or NXDOMAIN: an authoritative answer
                    ok += 1
                    first_try += attempt == 0
                break
            except socket.timeout:
                timeouts += 1
        ahead = (i + 1) / a.rate - (time.monotonic() - start)
        if ahead > 0:
            time.sleep(ahead)
    print(f"normal_asked={asked} normal_answered={ok} normal_truncated={truncated} normal_timeouts={timeouts} "
          f"normal_first_try={100.0 * first_try / max(asked, 1):.2f} normal_success={100.0 * ok / max(asked, 1):.2f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["flood", "normal"])
    ap.add_argument("--source", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rate", type=float, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    a = ap.parse_args()
    flood(a) if a.mode == "flood" else normal(a)


if __name__ == "__main__":
    main()
