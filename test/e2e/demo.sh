#!/usr/bin/env bash
# End-to-end check of the loopback demo: starts target/uplinkdns.jar with conf/demo.yaml and
# checks every answer the README promises, over UDP and TCP. The server is stopped on any exit.
set -uo pipefail
cd "$(dirname "$0")/../.."
JAR=target/uplinkdns.jar
PORT=5353
[[ -f $JAR ]] || mvn -B -q package -DskipTests
log=$(mktemp)
# The demo's health probes watch <uplink>.down files here; a private folder keeps runs apart.
export UPLINKDNS_DEMO_DIR=$(mktemp -d)
pass=0
fail=0
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -f "$log"
  rm -rf "$UPLINKDNS_DEMO_DIR"
}
trap cleanup EXIT

check() { # name expected actual
  if [[ "$2" == "$3" ]]; then
    echo "PASS $1"; pass=$((pass + 1))
  else
    echo "FAIL $1: expected [$2] got [$3]"; fail=$((fail + 1))
  fi
}

java -Xmx64m -jar "$JAR" serve --config conf/demo.yaml >"$log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  dig @127.0.0.1 -p $PORT +time=1 +tries=1 example.net SOA >/dev/null 2>&1 && break
  sleep 0.1
done
if ! kill -0 "$server" 2>/dev/null; then
  echo "FAIL server did not start:"; cat "$log"; exit 1
fi

for proto in udp tcp; do
  flag=$([[ $proto == tcp ]] && echo +tcp || echo +notcp)
  q() { dig "$@" -p $PORT $flag +time=2 +tries=1; }
  check "$proto isp1 self A" "198.51.100.10" "$(q @127.0.0.2 www.example.net A +short)"
  check "$proto isp2 self A" "203.0.113.10" "$(q @127.0.0.3 www.example.net A +short)"
  check "$proto lan self A lists both" "198.51.100.10 203.0.113.10" \
    "$(q @127.0.0.1 www.example.net A +short | sort | xargs)"
  check "$proto NXDOMAIN" "NXDOMAIN" "$(q @127.0.0.2 nosuch.www.example.net | sed -n 's/.*status: \([A-Z]*\).*/\1/p')"
  check "$proto NXDOMAIN has SOA" "www.example.net. SOA" \
    "$(q @127.0.0.2 nosuch.www.example.net +noall +authority | awk '{print $1, $4}')"
  check "$proto REFUSED outside zones" "REFUSED" "$(q @127.0.0.2 example.org | sed -n 's/.*status: \([A-Z]*\).*/\1/p')"
  check "$proto self TTL" "10" "$(q @127.0.0.2 www.example.net A +noall +answer | awk '{print $2}')"
  check "$proto AA set" "1" "$(q @127.0.0.2 www.example.net A | grep -c 'flags: qr aa')"
  check "$proto AAAA NODATA" "NOERROR 0" \
    "$(q @127.0.0.2 www.example.net AAAA | sed -n 's/.*status: \([A-Z]*\).*/\1/p;s/.*ANSWER: \([0-9]*\).*/\1/p' | xargs)"
  check "$proto isp1 MX prefers mail-gw-1" "10 mail-gw-1.example.net. 20 mail-gw-2.example.net." \
    "$(q @127.0.0.2 example.net MX +short | sort | xargs)"
  check "$proto isp2 MX prefers mail-gw-2" "10 mail-gw-2.example.net. 20 mail-gw-1.example.net." \
    "$(q @127.0.0.3 example.net MX +short | sort | xargs)"
  check "$proto lan MX in config order" "10 mail-gw-1.example.net. 20 mail-gw-2.example.net." \
    "$(q @127.0.0.1 example.net MX +short | sort | xargs)"
  check "$proto mail-gw-2 resolves on isp1" "203.0.113.10" "$(q @127.0.0.2 mail-gw-2.example.net A +short)"
  check "$proto SPF lists both uplinks" '"v=spf1 ip4:198.51.100.10 ip4:203.0.113.10 ~all"' \
    "$(q @127.0.0.2 example.net TXT +short)"
  check "$proto reply from queried address" "0" "$(q @127.0.0.3 www.example.net A 2>&1 | grep -c 'reply from unexpected source')"
done

# Health: the exec probe of isp1 fails while isp1.down exists (README "Health checks").
lan() { dig @127.0.0.1 -p $PORT +time=1 +tries=1 www.example.net A +short | sort | xargs; }
wait_lan() { # expected, within 8 s
  for _ in $(seq 1 80); do
    [[ "$(lan)" == "$1" ]] && return
    sleep 0.1
  done
}
touch "$UPLINKDNS_DEMO_DIR/isp1.down"
wait_lan "203.0.113.10"
check "isp1.down -> LAN view answers only isp2" "203.0.113.10" "$(lan)"
check "isp1.down -> isp1's self answer replaced, degraded TTL" "5 203.0.113.10" \
  "$(dig @127.0.0.2 -p $PORT +time=1 +tries=1 www.example.net A +noall +answer | awk '{print $2, $5}')"
check "isp1.down -> NS set unchanged" "www-ns1.example.net. www-ns2.example.net." \
  "$(dig @127.0.0.2 -p $PORT +time=1 +tries=1 www.example.net NS +short | sort | xargs)"
rm "$UPLINKDNS_DEMO_DIR/isp1.down"
wait_lan "198.51.100.10 203.0.113.10"
check "isp1 back -> both again" "198.51.100.10 203.0.113.10" "$(lan)"
check "one log line per transition" "2" "$(grep -cE 'event=health_transition uplink=isp1 from=(up|down)' "$log")"

kill "$server"
wait "$server" 2>/dev/null
server=
check "server stopped" "" "$(dig @127.0.0.1 -p $PORT +time=1 +tries=1 example.net SOA +short 2>/dev/null | grep -v '^;' || true)"
echo "demo.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
