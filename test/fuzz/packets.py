#!/usr/bin/env python3
"""Sends malformed and mutated DNS messages at a running server, over UDP and TCP.

Usage: packets.py --udp N --tcp N --port P --source ADDR SERVER [SERVER...]

Every packet is built from a seeded random generator (--seed), so a run can be repeated. The
mix: random bytes, bit flips of valid queries, lying section counts, compression loops and
forward pointers, huge and invalid labels, truncated RDATA, odd EDNS options, every opcode and
class, truncated queries, and responses (QR set). UDP is paced (--rate per second); TCP carries
the same kinds of messages framed, plus broken framing: zero and oversized lengths, a length
prefix cut short, a message cut short. Prints one summary line of what it sent.
"""
import argparse
import os
import random
import selectors
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dnswire import CLASSES, TYPES, header, name, opt, option, query, rr  # noqa: E402

NAMES = ["www.example.net", "example.net", "mail-gw-1.example.net", "nosuch.www.example.net",
         "x.www.example.net", "example.org", "version.bind", "hostname.bind", "."]


def valid_query(rnd):
    qname = rnd.choice(NAMES)
    qtype = rnd.choice(list(TYPES.values()))
    qclass = rnd.choice([1, 1, 1, 3, 255])
    edns = opt(rnd.choice([512, 1232, 4096, 65535]), do=rnd.random() < 0.3) if rnd.random() < 0.5 else None
    return query(qname, qtype, qclass, qid=rnd.getrandbits(16), edns=edns)


def random_bytes(rnd):
    return rnd.randbytes(rnd.choice([0, 1, 11, 12, 13, 17, 30, 64, 300, 512, 1500]))


def bit_flips(rnd):
    q = bytearray(valid_query(rnd))
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randrange(len(q))
        q[i] ^= 1 << rnd.randrange(8)
    return bytes(q)


def lying_counts(rnd):
    q = bytearray(valid_query(rnd))
    struct.pack_into("!HHHH", q, 4, *(rnd.choice([0, 1, 2, 255, 65535]) for _ in range(4)))
    return bytes(q)


def compression(rnd):
    kind = rnd.randrange(6)
    h = header(qid=rnd.getrandbits(16))
    q = b"\x00\x01\x00\x01"
    if kind == 0:  # a pointer to itself
        return h + b"\xc0\x0c" + q
    if kind == 1:  # two labels pointing at each other
        return h + b"\x01a\xc0\x10" + b"\x01b\xc0\x0c" + q
    if kind == 2:  # a forward pointer
        return h + b"\xc0\x20" + q + b"\x00" * 20 + name("www.example.net")
    if kind == 3:  # a pointer past the end
        return h + b"\xc0" + bytes([rnd.randrange(256)]) + q
    if kind == 4:  # a long chain of pointers, each one back
        body = b"\x00"
        chain = b""
        for i in range(60):
            chain += b"\x01x" + struct.pack("!H", 0xC000 | (12 + len(chain) - 3 if chain else 12))
        return h + body + chain + q
    # a compressed name in an answer record pointing into itself
    return header(qid=rnd.getrandbits(16), an=1) + name("example.net") + q + b"\xc0\x1d" + b"\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x01\x02\x03\x04"


def huge_labels(rnd):
    kind = rnd.randrange(4)
    h = header(qid=rnd.getrandbits(16))
    if kind == 0:  # one label claiming 63 bytes with fewer present
        return h + b"\x3f" + b"a" * rnd.randrange(63) + b"\x00\x00\x01\x00\x01"
    if kind == 1:  # label type bits 01 and 10 (extended, reserved)
        return h + bytes([0x40 | rnd.randrange(64)]) + b"abc\x00\x00\x01\x00\x01"
    if kind == 2:  # a name longer than 255 bytes
        return h + (b"\x3f" + b"a" * 63) * 5 + b"\x00\x00\x01\x00\x01"
    return h + b"\x3f" + bytes(rnd.randrange(256) for _ in range(63)) + b"\x00\x00\x01\x00\x01"


def truncated_rdata(rnd):
    rtype = rnd.choice([1, 2, 6, 15, 16, 28, 33, 41, 43, 46, 48, 250, 257, rnd.randrange(65536)])
    rdata = rnd.randbytes(rnd.randrange(40))
    claim = rnd.choice([len(rdata) + 1, len(rdata) + 100, 65535, 0])
    record = name("x.example.net") + struct.pack("!HHIH", rtype, 1, rnd.getrandbits(32), claim) + rdata
    section = rnd.choice(["an", "ns", "ar"])
    counts = {"an": 0, "ns": 0, "ar": 0, section: 1}
    return header(qid=rnd.getrandbits(16), **counts) + name("www.example.net") + b"\x00\x01\x00\x01" + record


def odd_edns(rnd):
    kind = rnd.randrange(9)
    q = name("www.example.net") + b"\x00\x01\x00\x01"
    h = header(qid=rnd.getrandbits(16), ar=1)
    if kind == 0:  # an option whose length runs past the record
        return h + q + b"\x00" + struct.pack("!HHBBHH", 41, 1232, 0, 0, 0, 8) + struct.pack("!HH", 10, 200) + b"\x00" * 4
    if kind == 1:  # unknown options, many of them
        opts = b"".join(option(rnd.randrange(65536), rnd.randbytes(rnd.randrange(20))) for _ in range(rnd.randrange(1, 30)))
        return h + q + opt(rnd.randrange(65536), options=opts)
    if kind == 2:  # malformed client subnet
        return h + q + opt(options=option(8, rnd.randbytes(rnd.randrange(12))))
    if kind == 3:  # cookie of a wrong length
        return h + q + opt(options=option(10, rnd.randbytes(rnd.choice([0, 1, 7, 9, 41]))))
    if kind == 4:  # OPT with a non-root owner
        return h + q + name("x") + struct.pack("!HHIH", 41, 1232, 0, 0)
    if kind == 5:  # OPT in the answer section
        return header(qid=rnd.getrandbits(16), an=1) + q + opt()
    if kind == 6:  # two OPT records
        return header(qid=rnd.getrandbits(16), ar=2) + q + opt() + opt(4096, do=True)
    if kind == 7:  # any version, any extended rcode, any flags
        return h + q + b"\x00" + struct.pack("!HHBBHH", 41, rnd.randrange(65536), rnd.randrange(256),
                                             rnd.randrange(256), rnd.randrange(65536), 0)
    return h + q + opt(rnd.choice([0, 1, 511, 65535]), options=option(12, b"\x00" * rnd.randrange(600)))


def opcodes_and_classes(rnd):
    flags = (rnd.randrange(16) << 11) | rnd.choice([0, 0x0100, 0x0400, 0x0020, 0x0010, rnd.randrange(0x8000)])
    qclass = rnd.choice(list(CLASSES.values()) + [0, 2, rnd.randrange(65536)])
    qtype = rnd.choice([rnd.randrange(65536), 0, 41, 249, 250, 251, 252, 253, 254, 255, 65535])
    return query(rnd.choice(NAMES), qtype, qclass, qid=rnd.getrandbits(16), flags=flags & 0x7fff)


def truncated_query(rnd):
    q = valid_query(rnd)
    return q[:rnd.randrange(len(q))]


def response(rnd):
    q = bytearray(valid_query(rnd))
    q[2] |= 0x80
    return bytes(q)


def all_zero_or_ff(rnd):
    return bytes([rnd.choice([0, 0xff])]) * rnd.choice([12, 13, 64, 512])


KINDS = [random_bytes, bit_flips, bit_flips, lying_counts, compression, huge_labels, truncated_rdata,
         odd_edns, odd_edns, opcodes_and_classes, opcodes_and_classes, truncated_query, response, all_zero_or_ff]


def packet(rnd):
    return rnd.choice(KINDS)(rnd)


def send_udp(servers, port, source, count, rate, rnd):
    socks = []
    for s in servers:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((source, 0))
        sock.setblocking(False)
        socks.append((sock, (s, port)))
    sent = replies = 0
    start = time.monotonic()
    for i in range(count):
        sock, dest = socks[i % len(socks)]
        data = packet(rnd)[:65507]
        try:
            sock.sendto(data, dest)
            sent += 1
        except (BlockingIOError, OSError):
            pass
        if i % 64 == 0:
            for s, _ in socks:
                while True:
                    try:
                        s.recv(65535)
                        replies += 1
                    except (BlockingIOError, OSError):
                        break
            ahead = (i + 1) / rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
    time.sleep(0.5)
    for s, _ in socks:
        while True:
            try:
                s.recv(65535)
                replies += 1
            except (BlockingIOError, OSError):
                break
        s.close()
    return sent, replies


def framed(msg):
    return struct.pack("!H", len(msg) & 0xffff) + msg


def send_tcp(servers, port, source, count, rnd, deadline):
    """Sends about `count` messages over short connections; returns (messages, connections, replies bytes)."""
    messages = conns = received = 0
    left_open = []
    while messages < count and time.monotonic() < deadline:
        server = servers[conns % len(servers)]
        try:
            c = socket.create_connection((server, port), timeout=2, source_address=(source, 0))
        except OSError:
            time.sleep(0.05)
            continue
        conns += 1
        stream = b""
        for _ in range(rnd.randint(1, 20)):
            stream += framed(packet(rnd))
            messages += 1
        tail = rnd.randrange(8)
        if tail == 0:
            stream += b"\x00"  # half a length prefix
        elif tail == 1:
            stream += struct.pack("!H", 300) + rnd.randbytes(rnd.randrange(299))  # a message cut short
        elif tail == 2:
            stream += b"\x00\x00"  # a zero-length message
        elif tail == 3:
            stream += struct.pack("!H", 65535) + rnd.randbytes(100)  # claims the maximum
        slow = tail in (0, 1, 3) and len(left_open) < 20
        try:
            c.sendall(stream)
            if slow:
                left_open.append(c)  # slowloris: left for the server's read timeout to close
                continue
            c.shutdown(socket.SHUT_WR)  # the server answers what it has, then closes
            c.settimeout(1)
            while True:
                chunk = c.recv(65535)
                if not chunk:
                    break
                received += len(chunk)
        except OSError:
            pass
        c.close()
    for c in left_open:
        c.close()
    return messages, conns, received


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("servers", nargs="+")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--source", default="127.0.0.1")
    ap.add_argument("--udp", type=int, default=100000)
    ap.add_argument("--tcp", type=int, default=20000)
    ap.add_argument("--rate", type=float, default=20000, help="UDP packets per second")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--max-seconds", type=float, default=120)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    deadline = time.monotonic() + a.max_seconds
    t0 = time.monotonic()
    udp_sent, udp_replies = send_udp(a.servers, a.port, a.source, a.udp, a.rate, rnd)
    t1 = time.monotonic()
    tcp_msgs, tcp_conns, tcp_bytes = send_tcp(a.servers, a.port, a.source, a.tcp, rnd, deadline)
    t2 = time.monotonic()
    print(f"fuzz: udp {udp_sent} packets sent ({udp_replies} replies) in {t1 - t0:.1f}s; "
          f"tcp {tcp_msgs} messages over {tcp_conns} connections ({tcp_bytes} reply bytes) in {t2 - t1:.1f}s; "
          f"total {udp_sent + tcp_msgs}")


if __name__ == "__main__":
    main()
