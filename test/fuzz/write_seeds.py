"""Writes the Jazzer seed corpus: one file per interesting query. Run once; the files are kept in git."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
from dnswire import CLASSES, TYPES, header, name, opt, option, query, rr  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
soa = name("example.net") + name("x") + struct.pack("!IIIII", 1, 2, 3, 4, 5)
seeds = {
    "a-www": query("www.example.net", "A"),
    "aaaa-www": query("www.example.net", "AAAA"),
    "mx-apex": query("example.net", "MX"),
    "any-apex": query("example.net", "ANY"),
    "ns-apex": query("www.example.net", "NS"),
    "nxdomain": query("nosuch.www.example.net", "A"),
    "referral-lan": query("host.www.example.net", "A"),
    "ds-cut": query("www.example.net", "DS"),
    "refused-outside": query("example.org", "A"),
    "axfr": query("example.net", "AXFR", flags=0),
    "ixfr": query("example.net", "IXFR", flags=0, authority=rr("example.net", 6, 1, 0, soa), ns_count=1),
    "chaos-version": query("version.bind", "TXT", "CH"),
    "chaos-hostname": query("hostname.bind", "TXT", "CH"),
    "edns-do": query("www.example.net", "A", edns=opt(4096, do=True)),
    "edns-small": query("example.net", "MX", edns=opt(100)),
    "edns-v1": query("www.example.net", "A", edns=opt(1232, version=1)),
    "edns-cookie": query("www.example.net", "A", edns=opt(1232, options=option(10, b"\x01" * 8))),
    "edns-ecs": query("www.example.net", "A", edns=opt(1232, options=option(8, b"\x00\x01\x18\x00\xc0\x00\x02"))),
    "edns-padding": query("www.example.net", "A", edns=opt(1232, options=option(12, b"\x00" * 64))),
    "two-opt": query("www.example.net", "A", edns=opt(), extra_ar=opt(), ar_count=1),
    "notify": query("example.net", "SOA", flags=0x2000),
    "update": query("example.net", "SOA", flags=0x2800),
    "status": query("example.net", "SOA", flags=0x1000),
    "qdcount0": header(qd=0),
    "qdcount2": header(qd=2) + name("a.example.net") + b"\x00\x01\x00\x01" + name("b.example.net") + b"\x00\x01\x00\x01",
    "compressed-question": header() + b"\x03www\xc0\x12" + b"\x07example\x03net\x00" + b"\x00\x01\x00\x01",
    "pointer-loop": header() + b"\xc0\x0c\x00\x01\x00\x01",
    "ttl-ffffffff": query("www.example.net", "A", extra_ar=rr("x.example.net", 1, 1, 0xFFFFFFFF, b"\x01\x02\x03\x04"), ar_count=1),
    "truncated-rdata": query("www.example.net", "A", extra_ar=name("x") + struct.pack("!HHIH", 1, 1, 60, 40) + b"\x01\x02", ar_count=1),
    "maila": query("example.net", "MAILA"),
    "tsig-qtype": query("example.net", "TSIG"),
    "wild-class": query("www.example.net", "A", "ANY"),
    "cname-type": query("www.example.net", "CNAME"),
    "mixed-case": query("WwW.ExAmPlE.NeT", "A"),
    "qr-set": query("www.example.net", "A", flags=0x8000),
    "runt": b"\x12\x34\x01",
}
for key, data in seeds.items():
    with open(os.path.join(out, key), "wb") as f:
        f.write(data)
print(f"{len(seeds)} seeds written to {out}")
