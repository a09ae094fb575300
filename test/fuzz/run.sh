#!/usr/bin/env bash
# Sends >= 100,000 malformed and mutated DNS messages over UDP and TCP at a running uplinkdns
# (started here on 127.0.5.1-3), then checks that it still answers correctly on every listener
# and that its heap (after a full GC) and file descriptor count are back near where they started.
#   test/fuzz/run.sh [UDP_PACKETS] [TCP_MESSAGES]      (defaults 100000 and 20000)
# Environment: FUZZ_PORT (5610), FUZZ_NET (127.0.5), FUZZ_SEED. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
UDP=${1:-100000}
TCP=${2:-20000}
PORT=${FUZZ_PORT:-5610}
NET=${FUZZ_NET:-127.0.5}
SEED=${FUZZ_SEED:-20261123}
JAR=target/uplinkdns.jar
[[ -f $JAR ]] || mvn -B -q package -DskipTests || exit 1

work=$(mktemp -d)
server=
cleanup() {
  if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
    kill "$server"; wait "$server" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL $*"; [[ -f $work/server.log ]] && tail -20 "$work/server.log"; exit 1; }

cat >"$work/config.yaml" <<YAML
port: $PORT
uplinks:
  - {name: isp1, address: $NET.1, public: 198.51.100.10}
  - {name: isp2, address: $NET.2, public: 203.0.113.10}
listen: [$NET.3]
zones:
  - {name: www.example.net, file: $PWD/zones/www.example.net.zone}
  - {name: example.net, file: $PWD/zones/example.net.zone}
self:
  - {name: www.example.net, types: [A, AAAA], ttl: 10}
# Every reply is rendered and sent: the fuzzer is after the parsing and rendering paths.
rrl: {enabled: false}
tcp: {read-timeout: 2s, idle-timeout: 3s, max-connections: 500, max-connections-per-client: 200}
transfer: {allow: [$NET.0/24]}
chaos: {version: fuzz, hostname: fuzz}
YAML

java -Xms32m -Xmx128m -XX:+UseSerialGC -jar "$JAR" serve --config "$work/config.yaml" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  dig @"$NET.3" -p "$PORT" +time=1 +tries=1 example.net SOA >/dev/null 2>&1 && break
  sleep 0.1
done
kill -0 "$server" 2>/dev/null || fail "server did not start"

answers() { # all answers the demo promises, on every listener, over UDP and TCP; prints mismatches
  local bad=0
  for proto in +notcp +tcp; do
    local a b c
    a=$(dig @"$NET.1" -p "$PORT" $proto +time=2 +tries=2 www.example.net A +short)
    b=$(dig @"$NET.2" -p "$PORT" $proto +time=2 +tries=2 www.example.net A +short)
    c=$(dig @"$NET.3" -p "$PORT" $proto +time=2 +tries=2 www.example.net A +short | sort | xargs)
    [[ $a == 198.51.100.10 ]] || { echo "  $NET.1 $proto: got [$a]"; bad=1; }
    [[ $b == 203.0.113.10 ]] || { echo "  $NET.2 $proto: got [$b]"; bad=1; }
    [[ $c == "198.51.100.10 203.0.113.10" ]] || { echo "  $NET.3 $proto: got [$c]"; bad=1; }
  done
  return $bad
}
heap_kb() { # heap in use after a full GC, in KiB
  jcmd "$server" GC.run >/dev/null 2>&1
  jcmd "$server" GC.heap_info 2>/dev/null | awk '/generation|PSYoungGen|ParOldGen/ && /used/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); s += v } } END { print s + 0 }'
}
fds() { ls /proc/"$server"/fd | wc -l; }
rss_kb() { awk '/VmRSS/ {print $2}' /proc/"$server"/status; }

# Warm up (classes loaded, JIT started) before the baseline is taken.
for _ in 1 2 3; do answers >/dev/null; done
dig @"$NET.1" -p "$PORT" +tcp example.net AXFR >/dev/null
base_heap=$(heap_kb); base_fds=$(fds); base_rss=$(rss_kb)
echo "before: heap ${base_heap} KiB, fds $base_fds, rss ${base_rss} KiB"

start=$(date +%s)
timeout 150 python3 test/fuzz/packets.py --udp "$UDP" --tcp "$TCP" --port "$PORT" --source "$NET.200" \
  --seed "$SEED" --max-seconds 120 "$NET.1" "$NET.2" "$NET.3" || fail "the packet generator failed"
echo "fuzzing took $(( $(date +%s) - start )) s"

kill -0 "$server" 2>/dev/null || fail "server died"
sleep 4 # connections left half-sent are closed by the 2 s read timeout
answers || fail "wrong answers after fuzzing"
echo "PASS every listener answers correctly over UDP and TCP after fuzzing"

heap=$(heap_kb); nfds=$(fds); rss=$(rss_kb)
echo "after:  heap ${heap} KiB, fds $nfds, rss ${rss} KiB"
(( nfds <= base_fds + 4 )) || fail "file descriptors grew from $base_fds to $nfds"
(( heap <= base_heap + 8192 )) || fail "heap after GC grew from ${base_heap} KiB to ${heap} KiB"
echo "PASS fds $base_fds -> $nfds, heap after GC ${base_heap} -> ${heap} KiB (within 8 MiB)"
errors=$(grep -cE 'Exception|ERROR' "$work/server.log")
(( errors == 0 )) || { grep -E 'Exception|ERROR' "$work/server.log" | head; fail "$errors error lines in the server log"; }
echo "PASS no exceptions in the server log"
echo "fuzz: all checks passed; crashes 0"
