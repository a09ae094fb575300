#!/usr/bin/env bash
# End-to-end health checks through network namespaces. Needs root, iproute2, nftables, dig,
# iputils ping and socat.
#
#   hl-gw  (uplinkdns; LAN view on 127.0.0.1)
#     gw-isp1 198.51.100.2/24 ---- 198.51.100.1/24 isp1-gw  hl-isp1  isp1-tgt 192.0.2.1/30 --+
#     gw-isp2 203.0.113.2/24  ---- 203.0.113.1/24  isp2-gw  hl-isp2  isp2-tgt 192.0.2.5/30 --+
#                                                                                           |
#   hl-tgt: 192.0.2.2/30 and 192.0.2.6/30, probe target 192.0.2.100 (ICMP, TCP port 80) -----+
#
# The target is reachable through both ISPs, so a probe can only fail with its uplink if it is
# bound to the uplink's address and the gateway routes by source (ip rule from ... lookup ...).
# Checks: isp1's link down -> the LAN view answers only isp2 within interval*fall+timeout+1 s;
# link up -> both back after rise; isp2 down alone -> only isp1 (the main default route would
# still carry an unbound probe); both down -> every address (fail open); 20% random loss toward
# the target for 60 s -> no transition. Prints the measured figures. About 90 s.
set -uo pipefail
cd "$(dirname "$0")/../.."
JAR=target/uplinkdns.jar
[[ -f $JAR ]] || mvn -B -q package -DskipTests
for tool in ip nft dig ping socat java; do
  command -v "$tool" >/dev/null || { echo "FAIL health.sh needs $tool"; exit 1; }
done

INTERVAL_MS=1000 TIMEOUT_MS=500 FALL=3 RISE=3
DETECT_LIMIT_MS=$((INTERVAL_MS * FALL + TIMEOUT_MS + 1000))
RECOVER_LIMIT_MS=$((INTERVAL_MS * RISE + INTERVAL_MS + TIMEOUT_MS + 1000))
LOSS_SECONDS=${HEALTH_LOSS_SECONDS:-60}
NS=(hl-gw hl-isp1 hl-isp2 hl-tgt)
work=$(mktemp -d)
pids=()
pass=0
fail=0

cleanup() {
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
  done
  pkill -f -- "$work/" 2>/dev/null  # anything else started with a path of this run
  for n in "${NS[@]}"; do
    ip netns del "$n" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

check() { # name expected actual
  if [[ "$2" == "$3" ]]; then
    echo "PASS $1"; pass=$((pass + 1))
  else
    echo "FAIL $1: expected [$2] got [$3]"; fail=$((fail + 1))
  fi
}
within() { # name measured_ms limit_ms
  if (($2 >= 0 && $2 <= $3)); then
    echo "PASS $1: ${2} ms (limit ${3} ms)"; pass=$((pass + 1))
  else
    echo "FAIL $1: ${2} ms (limit ${3} ms)"; fail=$((fail + 1))
  fi
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
gw() { ip netns exec hl-gw "$@"; }
mx() { # the MX targets a listener answers for example.net, sorted, on one line
  gw dig @"$1" -p 53 +time=1 +tries=2 +short example.net MX 2>/dev/null | grep -v '^;' | awk '{print $2}' | sort | xargs
}
mx_everywhere() { # the MX targets of every view: lan|isp1|isp2
  echo "$(mx 127.0.0.1)|$(mx 198.51.100.2)|$(mx 203.0.113.2)"
}
answer() { # the A records a listener answers for www.example.net, sorted, on one line
  gw dig @"$1" -p 53 +time=1 +tries=2 +short www.example.net A 2>/dev/null | grep -v '^;' | sort | xargs
}
wait_answer() { # listener expected timeout_ms -> prints elapsed ms, or -1 on timeout
  local start end
  start=$(now_ms)
  end=$((start + $3))
  while (($(now_ms) < end)); do
    if [[ "$(answer "$1")" == "$2" ]]; then
      echo $(($(now_ms) - start)); return
    fi
    sleep 0.05
  done
  echo -1
}
transitions() { # changes between up and down so far (the first verdict, from=unknown, is not one)
  grep -cE 'event=health_transition .*from=(up|down) to=(up|down)' "$work/log"
}

# ---- topology
for n in "${NS[@]}"; do
  ip netns del "$n" 2>/dev/null
  ip netns add "$n" || { echo "FAIL cannot create namespace $n (root needed)"; exit 1; }
  ip -n "$n" link set lo up
done
ip link add gw-isp1 netns hl-gw type veth peer name isp1-gw netns hl-isp1
ip link add gw-isp2 netns hl-gw type veth peer name isp2-gw netns hl-isp2
ip link add isp1-tgt netns hl-isp1 type veth peer name tgt-isp1 netns hl-tgt
ip link add isp2-tgt netns hl-isp2 type veth peer name tgt-isp2 netns hl-tgt
ip -n hl-gw addr add 198.51.100.2/24 dev gw-isp1
ip -n hl-gw addr add 203.0.113.2/24 dev gw-isp2
ip -n hl-isp1 addr add 198.51.100.1/24 dev isp1-gw
ip -n hl-isp2 addr add 203.0.113.1/24 dev isp2-gw
ip -n hl-isp1 addr add 192.0.2.1/30 dev isp1-tgt
ip -n hl-isp2 addr add 192.0.2.5/30 dev isp2-tgt
ip -n hl-tgt addr add 192.0.2.2/30 dev tgt-isp1
ip -n hl-tgt addr add 192.0.2.6/30 dev tgt-isp2
ip -n hl-tgt addr add 192.0.2.100/32 dev lo
for l in hl-gw:gw-isp1 hl-gw:gw-isp2 hl-isp1:isp1-gw hl-isp1:isp1-tgt hl-isp2:isp2-gw hl-isp2:isp2-tgt \
         hl-tgt:tgt-isp1 hl-tgt:tgt-isp2; do
  ip -n "${l%%:*}" link set "${l#*:}" up
done
ip netns exec hl-isp1 sysctl -qw net.ipv4.ip_forward=1
ip netns exec hl-isp2 sysctl -qw net.ipv4.ip_forward=1
ip -n hl-isp1 route add 192.0.2.100/32 via 192.0.2.2
ip -n hl-isp2 route add 192.0.2.100/32 via 192.0.2.6
ip -n hl-tgt route add 198.51.100.0/24 via 192.0.2.1
ip -n hl-tgt route add 203.0.113.0/24 via 192.0.2.5
# The gateway: main default route via isp1, and source policy routing per uplink (seed 004).
ip -n hl-gw route add default via 198.51.100.1
ip -n hl-gw route add default via 198.51.100.1 table 101
ip -n hl-gw route add default via 203.0.113.1 table 102
ip -n hl-gw rule add from 198.51.100.2 lookup 101
ip -n hl-gw rule add from 203.0.113.2 lookup 102

ip netns exec hl-tgt socat TCP-LISTEN:80,bind=192.0.2.100,fork,reuseaddr EXEC:/bin/true >/dev/null 2>&1 &
pids+=($!)

cat >"$work/www.example.net.zone" <<'EOF'
$ORIGIN www.example.net.
$TTL 86400
@ IN SOA www-ns1.example.net. hostmaster.example.net. 1 28800 7200 864000 60
@ IN NS www-ns1.example.net.
@ IN NS www-ns2.example.net.
EOF
cat >"$work/example.net.zone" <<'EOF'
$ORIGIN example.net.
$TTL 3600
@ IN SOA www-ns1.example.net. hostmaster.example.net. 1 28800 7200 864000 300
@ IN NS www-ns1.example.net.
@ IN NS www-ns2.example.net.
www-ns1 IN A 198.51.100.2
www-ns2 IN A 203.0.113.2
EOF
cat >"$work/uplinkdns.yaml" <<EOF
port: 53
uplinks:
  - name: isp1
    address: 198.51.100.2
  - name: isp2
    address: 203.0.113.2
listen: [127.0.0.1]
rrl:                    # the wait loops poll one name ~15 times a second; rate limiting is not measured here
  enabled: false
zones:
  - name: www.example.net
    file: www.example.net.zone
  - name: example.net
    file: example.net.zone
mail:                   # mail-gw-1 -> isp1, mail-gw-2 -> isp2: the MX set follows health
  domain: example.net
self:
  - name: www.example.net
    types: [A]
    ttl: 10
health:                 # the defaults, written out
  interval: ${INTERVAL_MS}ms
  timeout: ${TIMEOUT_MS}ms
  rise: $RISE
  fall: $FALL
  probes:
    - kind: icmp
      targets: 192.0.2.100
    - kind: tcp
      targets: 192.0.2.100:80
EOF

# Started by ip netns exec directly (not through the gw function, which would background a
# subshell): $! is then the server itself, so cleanup stops it.
ip netns exec hl-gw java -Xmx64m -XX:+UseSerialGC -jar "$JAR" serve -c "$work/uplinkdns.yaml" >"$work/log" 2>&1 &
pids+=($!)
both="198.51.100.2 203.0.113.2"
ready=$(wait_answer 127.0.0.1 "$both" 15000)
if ((ready < 0)); then
  echo "FAIL uplinkdns did not answer in hl-gw:"; cat "$work/log"; exit 1
fi
for _ in $(seq 1 50); do
  (($(grep -c 'from=unknown to=up' "$work/log") == 2)) && break
  sleep 0.1
done
check "first round: both uplinks up" "2" "$(grep -c 'from=unknown to=up' "$work/log")"
check "isp2's address answers isp2" "203.0.113.2" "$(answer 203.0.113.2)"

# ---- isp1's link goes down on the ISP side
ip -n hl-isp1 link set isp1-gw down
t=$(wait_answer 127.0.0.1 "203.0.113.2" 10000)
within "isp1 down -> LAN view answers only isp2" "$t" "$DETECT_LIMIT_MS"
detect1=$t
check "self answer on dead isp1 is replaced by isp2" "203.0.113.2" "$(answer 198.51.100.2)"
check "isp2's own answer unchanged" "203.0.113.2" "$(answer 203.0.113.2)"
gw2="mail-gw-2.example.net."
check "isp1 down -> MX is only mail-gw-2 from every view" "$gw2|$gw2|$gw2" "$(mx_everywhere)"

# ---- and comes back
ip -n hl-isp1 link set isp1-gw up
t=$(wait_answer 127.0.0.1 "$both" 15000)
within "isp1 up -> both addresses back after rise" "$t" "$RECOVER_LIMIT_MS"
recover1=$t
allmx="mail-gw-1.example.net. mail-gw-2.example.net."
check "isp1 up -> both MX back in every view" "$allmx|$allmx|$allmx" "$(mx_everywhere)"
check "isp1's view prefers mail-gw-1" "mail-gw-1.example.net." \
  "$(gw dig @198.51.100.2 -p 53 +short example.net MX | sort -n | head -1 | awk '{print $2}')"

# ---- isp2 alone: the target stays reachable through isp1 (the main default route), so isp2's
# probes fail only because they are bound to isp2's address and routed by source.
ip -n hl-isp2 link set isp2-gw down
t=$(wait_answer 127.0.0.1 "198.51.100.2" 10000)
within "isp2 down -> LAN view answers only isp1 (probes bound to isp2's address)" "$t" "$DETECT_LIMIT_MS"
detect2=$t

# ---- then isp1 too: every uplink dead, answers fail open
ip -n hl-isp1 link set isp1-gw down
start=$(now_ms)
for _ in $(seq 1 200); do
  (($(grep -cE 'to=down' "$work/log") >= 3)) && break  # isp1 earlier, isp2, isp1 again
  sleep 0.05
done
both_down=$(($(now_ms) - start))
within "both down detected" "$both_down" "$DETECT_LIMIT_MS"
check "both dead -> every address served (fail open)" "$both" "$(answer 127.0.0.1)"
check "both dead -> isp1 answers its own address" "198.51.100.2" "$(answer 198.51.100.2)"
check "both dead -> both MX served in every view (fail open)" "$allmx|$allmx|$allmx" "$(mx_everywhere)"
ip -n hl-isp1 link set isp1-gw up
ip -n hl-isp2 link set isp2-gw up
for _ in $(seq 1 300); do
  (($(grep -cE 'from=down to=up' "$work/log") >= 3)) && break
  sleep 0.05
done
check "both recovered" "3" "$(grep -cE 'from=down to=up' "$work/log")"

# ---- 20% random loss toward the probe target through isp1, default settings
ip netns exec hl-isp1 nft -f - <<'EOF'
table inet hl_loss {
  chain forward_loss {
    type filter hook forward priority 0; policy accept;
    ip daddr 192.0.2.100 counter
    ip daddr 192.0.2.100 numgen random mod 100 < 20 counter drop
  }
}
EOF
before=$(transitions)
sleep "$LOSS_SECONDS"
after=$(transitions)
counters=$(ip netns exec hl-isp1 nft list chain inet hl_loss forward_loss | grep -o 'packets [0-9]*' | awk '{print $2}' | xargs)
seen=${counters%% *}
dropped=${counters##* }
echo "loss: ${dropped} of ${seen} packets toward the target dropped in ${LOSS_SECONDS} s"
check "loss is really applied" "yes" "$( ((dropped > 0 && dropped * 100 / seen >= 10)) && echo yes || echo no)"
check "20% loss for ${LOSS_SECONDS} s -> no transition" "0" "$((after - before))"
check "both still answered under loss" "$both" "$(answer 127.0.0.1)"

echo "-- transitions logged:"
grep 'event=health_transition' "$work/log" | sed 's/^[^ ]* [A-Z]* //'
echo "-- measured: isp1 detect ${detect1} ms, recover ${recover1} ms; isp2 detect ${detect2} ms;" \
  "second uplink down ${both_down} ms" \
  "(interval ${INTERVAL_MS} ms, timeout ${TIMEOUT_MS} ms, fall ${FALL}, rise ${RISE})"
echo "health.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
