#!/usr/bin/env bash
# Flood check (at most 30 s): a client on 127.0.1.1 floods one query at 10,000 q/s -- far above
# the rate limit, well below what the server can parse -- while a resolver-like client on
# 127.0.2.1 asks its usual mix of names at 50 q/s, retrying once after 1 s of silence as a
# resolver does. The normal client must get >= 99% answers;
# the flood must be cut to about the configured rate (plus slipped TC=1 replies).
set -uo pipefail
cd "$(dirname "$0")/../.."
JAR=target/uplinkdns.jar
PORT=${FLOOD_PORT:-5620}
NET=${FLOOD_NET:-127.0.5}
FLOOD_SRC=127.0.1.1
NORMAL_SRC=127.0.2.1
SECONDS_LOAD=10
[[ -f $JAR ]] || mvn -B -q package -DskipTests || exit 1

work=$(mktemp -d)
server=
flooder=
# As an operator of a server that faces floods would (README "Robustness"): let the UDP socket
# buffer hold a burst (the server asks for 4 MiB; the kernel caps it at net.core.rmem_max).
rmem_before=$(sysctl -n net.core.rmem_max 2>/dev/null || echo)
if [[ -n $rmem_before ]] && ((rmem_before < 4194304)); then
  sysctl -qw net.core.rmem_max=4194304 || rmem_before=
else
  rmem_before=
fi
cleanup() {
  [[ -n $rmem_before ]] && sysctl -qw net.core.rmem_max="$rmem_before"
  [[ -n $flooder ]] && kill "$flooder" 2>/dev/null
  if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
    kill "$server"; wait "$server" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/config.yaml" <<YAML
port: $PORT
uplinks:
  - {name: isp1, address: $NET.11, public: 198.51.100.10}
  - {name: isp2, address: $NET.12, public: 203.0.113.10}
listen: [$NET.13]
zones:
  - {name: www.example.net, file: $PWD/zones/www.example.net.zone}
  - {name: example.net, file: $PWD/zones/example.net.zone}
self:
  - {name: www.example.net, types: [A, AAAA], ttl: 10}
# The shipped defaults, spelled out: this test is about them.
rrl:
  enabled: true
  responses-per-second: 20
  errors-per-second: 10
  window: 15s
  slip: 2
  ipv4-prefix-length: 24
  ipv6-prefix-length: 56
YAML

java -Xms64m -Xmx128m -XX:+UseSerialGC -jar "$JAR" serve --config "$work/config.yaml" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  dig @"$NET.11" -p "$PORT" -b "$NET.99" +time=1 +tries=1 example.net SOA >/dev/null 2>&1 && break
  sleep 0.1
done
kill -0 "$server" 2>/dev/null || { echo "FAIL server did not start"; cat "$work/server.log"; exit 1; }

# Datagrams the kernel dropped because a socket buffer was full (all sockets): if these grow, the
# machine, not the rate limiter, decided what was lost.
rcvbuf_errors() { awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 } else print $c }' /proc/net/snmp; }
drops_before=$(rcvbuf_errors)
timeout 25 python3 test/e2e/flood_client.py flood --source $FLOOD_SRC --server "$NET.11" --port "$PORT" \
  --rate 10000 --seconds $SECONDS_LOAD >"$work/flood.out" &
flooder=$!
sleep 0.5 # the flood is under way before the normal client starts
normal=$(timeout 25 python3 test/e2e/flood_client.py normal --source $NORMAL_SRC --server "$NET.11" --port "$PORT" \
  --rate 50 --seconds 9)
wait "$flooder"; flooder=
kernel_drops=$(( $(rcvbuf_errors) - drops_before ))
flood=$(cat "$work/flood.out")
echo "$flood"
echo "$normal"
kill -0 "$server" 2>/dev/null || { echo "FAIL server died"; exit 1; }

val() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
success=$(val normal_success "$normal")
first_try=$(val normal_first_try "$normal")
sent=$(val flood_sent "$flood")
answered=$(val flood_answered "$flood")
rate=$(val flood_rate "$flood")
echo "flood: $sent queries at $rate q/s from $FLOOD_SRC, $answered full answers; normal client success: $success% ($first_try% on the first try);" \
  "UDP datagrams dropped by full socket buffers meanwhile: $kernel_drops (load average $(cut -d' ' -f1 /proc/loadavg))"
fail=0
awk -v s="$success" 'BEGIN { exit !(s >= 99) }' || {
  echo "FAIL normal client got $success% answers (< 99%)"
  (( kernel_drops > 0 )) && echo "     the kernel dropped $kernel_drops datagrams: the server did not get the CPU to read them"
  fail=1
}
awk -v r="$rate" 'BEGIN { exit !(r >= 8000) }' || { echo "FAIL the flood ran at only $rate q/s"; fail=1; }
# 20/s for ~10 s plus the first second's burst: a few hundred at most, never thousands
(( answered <= 20 * (SECONDS_LOAD + 2) )) || { echo "FAIL the flood got $answered full answers"; fail=1; }
[[ $fail -eq 0 ]] && echo "PASS flood limited, normal client unaffected"
[[ $fail -eq 0 ]] && echo "flood.sh: 1 passed, 0 failed" || echo "flood.sh: 0 passed, 1 failed"
exit $fail
