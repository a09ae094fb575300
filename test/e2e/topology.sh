#!/usr/bin/env bash
# End-to-end test of uplinks that follow the host, in network namespaces (needs root):
#
#   lan (192.0.2.2) --- gw --- isp1 (198.51.100.1, 2001:db8:1::1) --- remote (192.0.2.130)
#                        \---- isp2 (203.0.113.1, 2001:db8:2::1) ---/   (192.0.2.194)
#
# gw runs target/uplinkdns.jar with uplinks given by interface name (up1, up2), a LAN listener and a
# 'lan' client-prefix view. gw has one default route (via isp1) plus source policy routing
# (ip rule from <uplink address> lookup <table>), set up here as an operator would. Each ISP
# counts, with nftables, the DNS replies it forwards and drops packets from gw whose source is not
# its own customer prefix (ingress filtering, BCP 38), so a reply leaving by the wrong ISP is lost
# as it would be on the Internet.
#
# Checks (one PASS/FAIL line each):
#   3  isp2's interface is absent at start-up; added later, it answers without a restart
#   1  isp1 -> isp1's address, isp2 -> isp2's (A and AAAA, over IPv4 and IPv6), lan -> the LAN view, UDP and TCP
#   5  from remote, each ISP's address answers and the reply comes back through that ISP (nft counters)
#   2  renumbering isp1 (ip addr del/add): within 3 s the new address answers with itself, the old one is gone;
#      a deprecated IPv6 address keeps answering but is no longer handed out
#   4  every reply came from the address queried (dig's "reply from unexpected source" counts as failure)
#   6  200 add/del cycles of an address: no file descriptor, thread or process is leaked
#   7  the netlink-free fallback (serve --address-source poll, a second server on port 5301) follows too
#
# Only documentation prefixes are used; everything is removed on any exit; bounded in time.
# On failure it prints the gateway's addresses, rules, routes and sockets and the server's threads;
# KEEP_SERVER_LOG=FILE keeps the server's log.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=target/uplinkdns.jar
PFX=ul-
GW=${PFX}gw ISP1=${PFX}isp1 ISP2=${PFX}isp2 LAN=${PFX}lan REMOTE=${PFX}remote
NAMESPACES=("$GW" "$ISP1" "$ISP2" "$LAN" "$REMOTE")
TIME_LIMIT=300
pass=0
fail=0
server=
poller=
watchdog=
tmp=

if [[ $EUID -ne 0 ]]; then
  echo "FAIL topology.sh needs root (network namespaces)"
  exit 1
fi
for tool in ip nft dig java ss; do
  command -v "$tool" >/dev/null || { echo "FAIL topology.sh needs '$tool'"; exit 1; }
done
[[ -f $JAR ]] || mvn -B -q package -DskipTests || { echo "FAIL could not build $JAR"; exit 1; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $watchdog ]]; then kill "$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null; fi
  for pid in $server $poller; do
    kill -0 "$pid" 2>/dev/null || continue
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  for n in "${NAMESPACES[@]}"; do ip netns del "$n" 2>/dev/null; done
  [[ -n $tmp ]] && rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "FAIL interrupted (signal or the ${TIME_LIMIT} s limit)"; exit 1' INT TERM

(
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$TIME_LIMIT" & sleeper=$!
  wait "$sleeper"
  kill -TERM $$
) &
watchdog=$!

tmp=$(mktemp -d)
log=$tmp/server.log
digs=$tmp/dig.log
: >"$digs"

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1${2:+: $2}"; fail=$((fail + 1)); }
check() { # name expected actual
  if [[ "$2" == "$3" ]]; then ok "$1"; else bad "$1" "expected [$2] got [$3]"; fi
}
in_ns() { local n=$1; shift; ip netns exec "$n" "$@"; }
# q NAMESPACE SERVER NAME TYPE [dig options]: the answer's data, sorted, on one line. Every dig
# output is kept for check 4.
q() {
  local n=$1 at=$2 name=$3 type=$4; shift 4
  local out
  out=$(in_ns "$n" dig @"$at" "$name" "$type" +time=1 +tries=2 +noall +answer "$@" 2>&1)
  printf '## query %s %s %s %s\n%s\n' "$n" "$at" "$name" "$type" "$out" >>"$digs"
  printf '%s\n' "$out" | awk '!/^;/ && NF >= 5 {print $NF}' | sort | xargs
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}'; }
# wait_for SECONDS EXPECTED COMMAND...: polls until the command prints EXPECTED; 0 when it did.
wait_for() {
  local limit=$1 want=$2; shift 2
  local end=$(($(date +%s%N) + limit * 1000000000))
  while (($(date +%s%N) < end)); do
    [[ "$("$@")" == "$want" ]] && return 0
    sleep 0.1
  done
  return 1
}
counter() { # NAMESPACE NAME: packets counted so far
  in_ns "$1" nft list counter inet ul "$2" | awk '/packets/ {print $2}'
}
# Resource counts of the server, taken as the least of a few samples: a periodic address read
# briefly holds a child process and two pipes, which is use, not a leak.
least() { local best=999999 v; for _ in 1 2 3 4 5; do v=$("$@"); ((v < best)) && best=$v; sleep 0.05; done; echo "$best"; }
fds() { ls "/proc/$server/fd" | wc -l; }
# The JVM starts and stops JIT compiler threads as it likes: those are not counted.
threads() { cat /proc/"$server"/task/*/comm 2>/dev/null | grep -vc 'CompilerThre'; }
children() { ps --ppid "$server" -o args= | grep -vc 'addr show'; }

echo "== building the topology (namespaces ${PFX}*)"
for n in "${NAMESPACES[@]}"; do ip netns del "$n" 2>/dev/null; done
for n in "${NAMESPACES[@]}"; do
  ip netns add "$n"
  ip -n "$n" link set lo up
  # nodad everywhere: tests must not race duplicate address detection.
  in_ns "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
    net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
done
for n in "$ISP1" "$ISP2"; do
  in_ns "$n" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
done
# Keep the other addresses when the primary one is deleted (renumbering in check 2).
in_ns "$GW" sysctl -qw net.ipv4.conf.all.promote_secondaries=1 net.ipv4.conf.default.promote_secondaries=1

addr() { ip -n "$1" addr add "$2" dev "$3" $([[ $2 == *:* ]] && echo nodad); }
ip -n "$GW" link add up1 type veth peer name gw netns "$ISP1"
ip -n "$GW" link add lan0 type veth peer name eth0 netns "$LAN"
ip -n "$REMOTE" link add r1 type veth peer name remote netns "$ISP1"
ip -n "$REMOTE" link add r2 type veth peer name remote netns "$ISP2"
addr "$GW" 198.51.100.10/24 up1;  addr "$GW" 2001:db8:1::10/64 up1
addr "$ISP1" 198.51.100.1/24 gw;  addr "$ISP1" 2001:db8:1::1/64 gw
addr "$GW" 192.0.2.1/25 lan0;     addr "$LAN" 192.0.2.2/25 eth0
addr "$REMOTE" 192.0.2.130/26 r1; addr "$REMOTE" 2001:db8:f1::2/64 r1
addr "$ISP1" 192.0.2.129/26 remote; addr "$ISP1" 2001:db8:f1::1/64 remote
addr "$REMOTE" 192.0.2.194/26 r2; addr "$REMOTE" 2001:db8:f2::2/64 r2
addr "$ISP2" 192.0.2.193/26 remote; addr "$ISP2" 2001:db8:f2::1/64 remote
for pair in "$GW up1" "$GW lan0" "$ISP1 gw" "$ISP1 remote" "$LAN eth0" "$REMOTE r1" "$REMOTE r2" "$ISP2 remote"; do
  set -- $pair
  ip -n "$1" link set "$2" up
done
ip -n "$LAN" route add default via 192.0.2.1
# remote reaches each ISP's customers through that ISP; each ISP reaches all of remote.
ip -n "$REMOTE" route add 198.51.100.0/24 via 192.0.2.129
ip -n "$REMOTE" route add 203.0.113.0/24 via 192.0.2.193
ip -n "$REMOTE" -6 route add 2001:db8:1::/64 via 2001:db8:f1::1
ip -n "$REMOTE" -6 route add 2001:db8:2::/64 via 2001:db8:f2::1
ip -n "$ISP1" route add 192.0.2.192/26 via 192.0.2.130
ip -n "$ISP1" -6 route add 2001:db8:f2::/64 via 2001:db8:f1::2
ip -n "$ISP2" route add 192.0.2.128/26 via 192.0.2.194
ip -n "$ISP2" -6 route add 2001:db8:f1::/64 via 2001:db8:f2::2

# gw: one default route (isp1), and per-uplink tables chosen by source address (seed 004).
ip -n "$GW" route add default via 198.51.100.1 dev up1
ip -n "$GW" -6 route add default via 2001:db8:1::1 dev up1
uplink_table() { # TABLE DEV GW4 GW6: a table with that uplink's default route and the LAN
  ip -n "$GW" route replace 192.0.2.0/25 dev lan0 table "$1"
  ip -n "$GW" route replace default via "$3" dev "$2" table "$1"
  ip -n "$GW" -6 route replace default via "$4" dev "$2" table "$1"
}
uplink_table 101 up1 198.51.100.1 2001:db8:1::1
ip -n "$GW" rule add from 198.51.100.10 lookup 101
ip -n "$GW" -6 rule add from 2001:db8:1::10 lookup 101

# Each ISP counts the DNS replies of its own customer prefix that it forwards, and drops (and
# counts) anything from gw with another source: a reply that took the wrong ISP.
isp_filter() { # NAMESPACE PREFIX4 PREFIX6
  in_ns "$1" nft -f - <<EOF
table inet ul {
  counter own { }
  counter foreign { }
  chain forward {
    type filter hook forward priority 0; policy accept;
    iifname "gw" ip saddr $2 udp sport 53 counter name own
    iifname "gw" ip6 saddr $3 udp sport 53 counter name own
    iifname "gw" ip saddr != $2 counter name foreign drop
    iifname "gw" ip6 saddr != $3 ip6 saddr != fe80::/10 counter name foreign drop
  }
}
EOF
}
isp_filter "$ISP1" 198.51.100.0/24 2001:db8:1::/64
isp_filter "$ISP2" 203.0.113.0/24 2001:db8:2::/64

# The LAN view serves its own copy of www.example.net: the web server's inside address.
cp zones/www.example.net.zone "$tmp/www.example.net.lan.zone"
echo "@   IN A   192.0.2.80" >>"$tmp/www.example.net.lan.zone"
cat >"$tmp/gw.yaml" <<EOF
port: 53
uplinks:
  - name: isp1
    interface: up1
  - name: isp2
    interface: up2
listen:
  - 192.0.2.1
  - 127.0.0.1
views:
  - name: lan
    match-clients: [192.0.2.0/25]
zones:
  - name: www.example.net
    file: $ROOT/zones/www.example.net.zone
    views:
      lan: www.example.net.lan.zone
  - name: example.net
    file: $ROOT/zones/example.net.zone
self:
  - name: www.example.net
    types: [A, AAAA]
    ttl: 10
EOF

echo "== starting uplinkdns in $GW (isp2's interface does not exist yet)"
# ip netns exec execs java itself, so $! is the server's pid.
ip netns exec "$GW" java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$ROOT/$JAR" serve --config "$tmp/gw.yaml" >"$log" 2>&1 &
server=$!
if ! wait_for 30 198.51.100.10 q "$ISP1" 198.51.100.10 www.example.net A; then
  bad "server start" "isp1 did not answer within 30 s"
  cat "$log"
  exit 1
fi
echo "server pid $server answering"

echo "== check 3: an uplink interface that appears after start-up"
if grep -q 'event=uplink_waiting uplink=isp2 interface=up2' "$log"; then
  ok "3 missing interface at start-up is logged, not fatal"
else
  bad "3 missing interface at start-up is logged, not fatal" "no uplink_waiting line for isp2"
fi
ip -n "$GW" link add up2 type veth peer name gw netns "$ISP2"
addr "$ISP2" 203.0.113.1/24 gw
addr "$ISP2" 2001:db8:2::1/64 gw
addr "$GW" 203.0.113.10/24 up2
addr "$GW" 2001:db8:2::10/64 up2
ip -n "$GW" link set up2 up
ip -n "$ISP2" link set gw up
uplink_table 102 up2 203.0.113.1 2001:db8:2::1
ip -n "$GW" rule add from 203.0.113.10 lookup 102
ip -n "$GW" -6 rule add from 2001:db8:2::10 lookup 102
t0=$(now)
if wait_for 5 203.0.113.10 q "$ISP2" 203.0.113.10 www.example.net A; then
  ok "3 isp2 answers $(elapsed "$t0") s after its interface appeared"
else
  bad "3 isp2 answers after its interface appeared" "no answer within 5 s"
fi
if kill -0 "$server" 2>/dev/null && [[ $(grep -c 'event=ready' "$log") -eq 1 ]]; then
  ok "3 same server process, never restarted"
else
  bad "3 same server process, never restarted"
fi

echo "== check 1: answers per uplink, per family, per transport; the LAN view"
for proto in udp tcp; do
  flag=$([[ $proto == tcp ]] && echo +tcp || echo +notcp)
  for at in 198.51.100.10 2001:db8:1::10; do
    check "1 $proto isp1 via $at: A" "198.51.100.10" "$(q "$ISP1" $at www.example.net A $flag)"
    check "1 $proto isp1 via $at: AAAA" "2001:db8:1::10" "$(q "$ISP1" $at www.example.net AAAA $flag)"
  done
  for at in 203.0.113.10 2001:db8:2::10; do
    check "1 $proto isp2 via $at: A" "203.0.113.10" "$(q "$ISP2" $at www.example.net A $flag)"
    check "1 $proto isp2 via $at: AAAA" "2001:db8:2::10" "$(q "$ISP2" $at www.example.net AAAA $flag)"
  done
  check "1 $proto lan: A is the inside server (LAN view)" "192.0.2.80" "$(q "$LAN" 192.0.2.1 www.example.net A $flag)"
  check "1 $proto lan: AAAA lists every uplink" "2001:db8:1::10 2001:db8:2::10" \
    "$(q "$LAN" 192.0.2.1 www.example.net AAAA $flag)"
  check "1 $proto gw loopback: internal view lists every uplink" "198.51.100.10 203.0.113.10" \
    "$(q "$GW" 127.0.0.1 www.example.net A $flag)"
done

echo "== check 5: the reply goes back through the ISP the query came in by"
return_path() { # ADDRESS THIS_ISP OTHER_ISP FAMILY
  local at=$1 this=$2 other=$3 type=$4 n=5 answered=0
  local own0 foreign0 other_own0
  own0=$(counter "$this" own); foreign0=$(counter "$other" foreign); other_own0=$(counter "$other" own)
  for _ in $(seq $n); do
    [[ "$(q "$REMOTE" "$at" www.example.net "$type" +notcp)" == "$at" ]] && answered=$((answered + 1))
  done
  local own=$(($(counter "$this" own) - own0)) foreign=$(($(counter "$other" foreign) - foreign0))
  local other_own=$(($(counter "$other" own) - other_own0))
  check "5 remote -> $at: answered" "$n/$n" "$answered/$n"
  if ((own >= n && foreign == 0 && other_own == 0)); then
    ok "5 remote -> $at: replies counted at ${this#"$PFX"} ($own), none at ${other#"$PFX"}"
  else
    bad "5 remote -> $at: reply path" "${this#"$PFX"} own=$own, ${other#"$PFX"} foreign=$foreign own=$other_own"
  fi
}
return_path 198.51.100.10 "$ISP1" "$ISP2" A
return_path 203.0.113.10 "$ISP2" "$ISP1" A
return_path 2001:db8:1::10 "$ISP1" "$ISP2" AAAA
return_path 2001:db8:2::10 "$ISP2" "$ISP1" AAAA
# Control: without isp2's policy rule the reply takes the default route (isp1), whose ingress
# filter drops it. This shows the counters above can see a wrong path.
ip -n "$GW" rule del from 203.0.113.10 lookup 102
foreign0=$(counter "$ISP1" foreign)
got=$(q "$REMOTE" 203.0.113.10 www.example.net A +notcp)
dropped=$(($(counter "$ISP1" foreign) - foreign0))
ip -n "$GW" rule add from 203.0.113.10 lookup 102
if [[ -z $got ]] && ((dropped > 0)); then
  ok "5 control: without 'ip rule from 203.0.113.10' the reply leaves via isp1 and is dropped there ($dropped)"
else
  bad "5 control: reply without policy routing" "answer [$got], dropped at isp1: $dropped"
fi

echo "== check 2: renumbering"
# A DHCP renumbering: the old address goes, a new one comes; the operator's hook moves the policy rule.
t0=$(now)
ip -n "$GW" -batch - <<EOF
addr del 198.51.100.10/24 dev up1
addr add 198.51.100.20/24 dev up1
EOF
ip -n "$GW" route replace default via 198.51.100.1 dev up1
uplink_table 101 up1 198.51.100.1 2001:db8:1::1
ip -n "$GW" rule add from 198.51.100.20 lookup 101
ip -n "$GW" rule del from 198.51.100.10 lookup 101
if wait_for 3 198.51.100.20 q "$ISP1" 198.51.100.20 www.example.net A; then
  ok "2 new isp1 address answers with itself after $(elapsed "$t0") s (limit 3 s)"
else
  bad "2 new isp1 address answers with itself within 3 s"
fi
check "2 AAAA over the new address still isp1's" "2001:db8:1::10" "$(q "$ISP1" 198.51.100.20 www.example.net AAAA)"
check "2 old address 198.51.100.10 no longer answers" "" "$(q "$ISP1" 198.51.100.10 www.example.net A +tries=1)"
check "2 old address has no socket left" "0" "$(in_ns "$GW" ss -Hlnu src 198.51.100.10 | wc -l)"
check "2 internal view (gw loopback) lists the new address" "198.51.100.20 203.0.113.10" \
  "$(q "$GW" 127.0.0.1 www.example.net A)"
if grep -q 'uplink isp1 address .*198\.51\.100\.10.* -> .*198\.51\.100\.20' "$log" ||
  grep -q 'uplink isp1 address none -> 198\.51\.100\.20' "$log"; then
  ok "2 change logged: $(grep -o 'uplink isp1 address [^"]*198\.51\.100\.20.*' "$log" | head -1)"
else
  bad "2 change logged" "no 'uplink isp1 address ... -> 198.51.100.20' line"
fi
# IPv6 renumbering with a grace period: the new address arrives, the old one is deprecated.
t0=$(now)
addr "$GW" 2001:db8:1::20/64 up1
ip -n "$GW" addr change 2001:db8:1::10/64 dev up1 preferred_lft 0
ip -n "$GW" -6 rule add from 2001:db8:1::20 lookup 101
if wait_for 3 2001:db8:1::20 q "$ISP1" 2001:db8:1::20 www.example.net AAAA; then
  ok "2 new IPv6 address answers with itself after $(elapsed "$t0") s"
else
  bad "2 new IPv6 address answers with itself within 3 s"
fi
check "2 deprecated 2001:db8:1::10 still answers, handing out the new address" "2001:db8:1::20" \
  "$(q "$ISP1" 2001:db8:1::10 www.example.net AAAA)"
check "2 A over IPv4 lists isp1's preferred IPv6 for AAAA" "2001:db8:1::20" \
  "$(q "$ISP1" 198.51.100.20 www.example.net AAAA)"

echo "== check 6: 200 add/del cycles leak nothing"
sleep 1
fd0=$(least fds); th0=$(least threads); ch0=$(least children)
binds0=$(grep -c 'event=listen address=198.51.100.30 ' "$log")
t0=$(now)
for _ in $(seq 200); do
  printf 'addr add 198.51.100.30/24 dev up1\naddr add 2001:db8:1::30/64 dev up1 nodad\n' | ip -n "$GW" -batch -
  sleep 0.01
  printf 'addr del 198.51.100.30/24 dev up1\naddr del 2001:db8:1::30/64 dev up1\n' | ip -n "$GW" -batch -
  sleep 0.01
done
flap_time=$(elapsed "$t0")
sleep 2
fd1=$(least fds); th1=$(least threads); ch1=$(least children)
binds=$(($(grep -c 'event=listen address=198.51.100.30 ' "$log") - binds0))
echo "   flapped 200 times in $flap_time s; the server bound 198.51.100.30 $binds times"
echo "   open fds $fd0 -> $fd1, threads $th0 -> $th1, child processes $ch0 -> $ch1"
if ((fd1 <= fd0 + 2 && th1 <= th0 + 1 && ch1 <= ch0 && binds > 0)); then
  ok "6 no fd, thread or process leaked after 200 cycles"
else
  bad "6 no fd, thread or process leaked after 200 cycles" "fds $fd0->$fd1 threads $th0->$th1 children $ch0->$ch1 binds $binds"
fi
check "6 flapping address has no socket left" "0" "$(in_ns "$GW" ss -Hlnu src 198.51.100.30 | wc -l)"
check "6 still answering on isp1" "198.51.100.20" "$(q "$ISP1" 198.51.100.20 www.example.net A)"
check "6 still answering on isp1 over IPv6" "2001:db8:1::20" "$(q "$ISP1" 2001:db8:1::20 www.example.net AAAA)"
check "6 still answering on isp2" "203.0.113.10" "$(q "$ISP2" 203.0.113.10 www.example.net A)"
check "6 still answering on the LAN" "192.0.2.80" "$(q "$LAN" 192.0.2.1 www.example.net A)"

echo "== check 7: the netlink-free fallback (a second server polling NetworkInterface, port 5301)"
sed 's/^port: 53$/port: 5301/' "$tmp/gw.yaml" >"$tmp/poll.yaml"
ip netns exec "$GW" java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$ROOT/$JAR" serve \
  --config "$tmp/poll.yaml" --address-source poll >"$tmp/poll.log" 2>&1 &
poller=$!
if wait_for 30 198.51.100.20 q "$ISP1" 198.51.100.20 www.example.net A -p 5301; then
  check "7 poll mode in use" "1" "$(grep -c 'address_source source="poll' "$tmp/poll.log")"
  check "7 poll: deprecated 2001:db8:1::10 answers with the preferred address (flags from /proc)" "2001:db8:1::20" \
    "$(q "$ISP1" 2001:db8:1::10 www.example.net AAAA -p 5301)"
  t0=$(now)
  ip -n "$GW" addr add 198.51.100.40/24 dev up1
  ip -n "$GW" rule add from 198.51.100.40 lookup 101
  if wait_for 3 198.51.100.40 q "$ISP1" 198.51.100.40 www.example.net A -p 5301; then
    ok "7 poll: a new address answers with itself after $(elapsed "$t0") s (limit 3 s)"
  else
    bad "7 poll: a new address answers with itself within 3 s"
  fi
  ip -n "$GW" addr del 198.51.100.40/24 dev up1
  if wait_for 3 0 bash -c "ip netns exec $GW ss -Hlnu src 198.51.100.40 sport = :5301 | wc -l"; then
    ok "7 poll: its listener closes when the address goes"
  else
    bad "7 poll: its listener closes when the address goes" "socket on 198.51.100.40:5301 still open after 3 s"
  fi
else
  bad "7 poll-mode server answers" "no answer on 198.51.100.20:5301 within 30 s"
  tail -20 "$tmp/poll.log"
fi
kill "$poller" 2>/dev/null
wait "$poller" 2>/dev/null
poller=

echo "== check 4: replies come from the address queried"
wrong=$(grep -c 'unexpected source' "$digs")
check "4 no reply from an unexpected source in $(grep -c '^## query' "$digs") queries" "0" "$wrong"

echo "== server log (address changes)"
grep -E 'uplink [a-z0-9]+ address|uplink_waiting|address_source' "$log" | sed 's/^/   /' | head -20
if ((fail > 0)); then
  echo "== gateway state"
  { ip -n "$GW" -br addr; ip -n "$GW" rule; ip -n "$GW" route show table all | grep -v -e '^local' -e '^multicast' -e '^fe80' -e '^ff00';
    in_ns "$GW" ss -lnu; } 2>&1 | sed 's/^/   /'
  if command -v jcmd >/dev/null && kill -0 "$server" 2>/dev/null; then
    echo "== server threads"
    jcmd "$server" Thread.print 2>&1 | grep -A12 -E '^"(epoll|nio|uplink|multiThread|main)' | sed 's/^/   /'
  fi
  [[ -n ${KEEP_SERVER_LOG:-} ]] && cp "$log" "$KEEP_SERVER_LOG"
  echo "== server log, last 40 lines"
  tail -40 "$log" | sed 's/^/   /'
fi
echo "topology.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
