"""Small DNS wire-format builders shared by the fuzz generator and the seed writer (standard library only)."""
import struct

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28, "SRV": 33, "OPT": 41,
         "DS": 43, "RRSIG": 46, "DNSKEY": 48, "TSIG": 250, "IXFR": 251, "AXFR": 252, "MAILB": 253,
         "MAILA": 254, "ANY": 255, "CAA": 257}
CLASSES = {"IN": 1, "CH": 3, "HS": 4, "NONE": 254, "ANY": 255}


def name(text):
    out = b""
    for label in text.strip(".").split("."):
        if label:
            raw = label.encode()
            out += bytes([len(raw)]) + raw
    return out + b"\x00"


def header(qid=0x1234, flags=0x0100, qd=1, an=0, ns=0, ar=0):
    return struct.pack("!HHHHHH", qid, flags, qd, an, ns, ar)


def opt(payload=1232, ext_rcode=0, version=0, do=False, options=b""):
    flags = 0x8000 if do else 0
    return b"\x00" + struct.pack("!HHBBHH", 41, payload, ext_rcode, version, flags, len(options)) + options


def option(code, data):
    return struct.pack("!HH", code, len(data)) + data


def query(qname, qtype="A", qclass="IN", qid=0x1234, flags=0x0100, edns=None, extra_ar=b"", ar_count=0,
          authority=b"", ns_count=0):
    t = TYPES[qtype] if isinstance(qtype, str) else qtype
    c = CLASSES[qclass] if isinstance(qclass, str) else qclass
    ar = ar_count + (1 if edns is not None else 0)
    body = name(qname) + struct.pack("!HH", t, c) + authority + (edns or b"") + extra_ar
    return header(qid, flags, 1, 0, ns_count, ar) + body


def rr(owner, rtype, rclass, ttl, rdata):
    return name(owner) + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata
