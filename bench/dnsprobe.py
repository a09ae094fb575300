#!/usr/bin/env python3
"""Timed DNS probes for bench/run.sh: what dnsperf does not measure.

  first   waits for the first correct answer from a server being started and prints the
          wall-clock time of it (ns since the epoch), so the caller can subtract the time
          it started the server.
  reload  queries a zone's SOA back to back, runs a reload command, and reports how long
          until the new serial is served and the longest gap between two answers meanwhile.

Standard library only; every loop is bounded in time.
"""
import argparse
import socket
import struct
import subprocess
import sys
import time

TYPES = {"A": 1, "NS": 2, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28}


def build_query(qid, name, qtype):
    header = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 1)
    labels = b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split(".") if l)
    question = labels + b"\0" + struct.pack(">HH", TYPES[qtype], 1)
    opt = b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0)
    return header + question + opt


def skip_name(msg, pos):
    while True:
        length = msg[pos]
        if length == 0:
            return pos + 1
        if length & 0xC0 == 0xC0:
            return pos + 2
        pos += 1 + length


def parse(msg):
    """(id, rcode, ancount, SOA serial of the first answer or None)."""
    qid, flags, qd, an = struct.unpack(">HHHH", msg[:8])
    serial = None
    if an:
        pos = 12
        for _ in range(qd):
            pos = skip_name(msg, pos) + 4
        pos = skip_name(msg, pos)
        rtype, _, _, _ = struct.unpack(">HHIH", msg[pos:pos + 10])
        pos += 10
        if rtype == TYPES["SOA"]:
            pos = skip_name(msg, skip_name(msg, pos))
            serial = struct.unpack(">I", msg[pos:pos + 4])[0]
    return qid, flags & 0xF, an, serial


class Client:
    def __init__(self, server, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.connect((server, port))
        self.qid = 0

    def ask(self, name, qtype, timeout):
        """The parsed answer, or None on timeout or a refused port."""
        self.qid = (self.qid + 1) & 0xFFFF
        deadline = time.monotonic() + timeout
        try:
            self.sock.send(build_query(self.qid, name, qtype))
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.sock.settimeout(left)
                reply = parse(self.sock.recv(4096))
                if reply[0] == self.qid:
                    return reply
        except (socket.timeout, ConnectionRefusedError):
            # Not listening yet: the refusal arrives at once, so pace the retries.
            time.sleep(max(0.0, deadline - time.monotonic()))
            return None


def first(args):
    client = Client(args.server, args.port)
    print("ready", flush=True)
    end = time.monotonic() + args.limit
    while time.monotonic() < end:
        reply = client.ask(args.name, args.type, 0.002)
        if reply and reply[1] == 0 and reply[2] > 0:
            print(time.time_ns(), flush=True)
            return 0
    print("no answer within %ss" % args.limit, file=sys.stderr)
    return 1


def reload(args):
    client = Client(args.server, args.port)
    end = time.monotonic() + args.limit
    last_answer = None
    max_gap = 0.0
    triggered = done = None
    answers = timeouts = 0
    warm_until = time.monotonic() + args.warm
    while time.monotonic() < end:
        now = time.monotonic()
        if triggered is None and now >= warm_until:
            triggered = now
            subprocess.Popen(args.trigger, shell=True, stdout=subprocess.DEVNULL)
        reply = client.ask(args.zone, "SOA", 0.1)
        now = time.monotonic()
        if reply is None or reply[1] != 0:
            timeouts += 1
            continue
        answers += 1
        if triggered is not None and last_answer is not None:
            max_gap = max(max_gap, now - last_answer)
        last_answer = now
        if triggered is not None and done is None and reply[3] == args.serial:
            done = now
        if done is not None and now - done >= args.after:
            break
    if done is None:
        print("reload_s=NA max_stall_ms=%.1f answers=%d timeouts=%d" % (max_gap * 1e3, answers, timeouts))
        return 1
    print("reload_s=%.3f max_stall_ms=%.1f answers=%d timeouts=%d"
          % (done - triggered, max_gap * 1e3, answers, timeouts))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("first", help="time of the first correct answer")
    f.add_argument("--name", required=True)
    f.add_argument("--type", default="A", choices=TYPES)
    r = sub.add_parser("reload", help="reload time and longest stall")
    r.add_argument("--zone", required=True)
    r.add_argument("--serial", type=int, required=True, help="the serial the reload brings")
    r.add_argument("--trigger", required=True, help="shell command that starts the reload")
    r.add_argument("--warm", type=float, default=0.5, help="seconds of queries before the trigger")
    r.add_argument("--after", type=float, default=0.3, help="seconds of queries after the new serial")
    for s in (f, r):
        s.add_argument("--server", required=True)
        s.add_argument("--port", type=int, required=True)
        s.add_argument("--limit", type=float, default=60, help="give up after this many seconds")
    args = p.parse_args()
    return first(args) if args.cmd == "first" else reload(args)


if __name__ == "__main__":
    sys.exit(main())
