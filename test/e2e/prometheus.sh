#!/usr/bin/env bash
# End-to-end operations check (issue 7): Prometheus scrapes uplinkdns; the metrics pass promtool;
# the alert rules pass their tests; 20 reloads under query load lose no query; a broken zone plus
# SIGHUP leaves the answers unchanged and counts a failed reload. Loopback only; everything
# started here is stopped on exit. Needs: java, dig, curl, prometheus + promtool (Debian).
set -uo pipefail
cd "$(dirname "$0")/../.."
JAR=$PWD/target/uplinkdns.jar
PORT=5454           # DNS, on the demo's 127.0.0.1-3
METRICS=9354
PROM=9390
[[ -f $JAR ]] || mvn -B -q package -DskipTests
for tool in dig curl prometheus promtool java; do
  command -v "$tool" >/dev/null || { echo "FAIL missing $tool (installed by .ci/run)"; exit 1; }
done

work=$(mktemp -d)
pids=()
pass=0
fail=0
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
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
metric() { # series (exact, labels in Prometheus' order) -> value or "none"
  curl -s "http://127.0.0.1:$METRICS/metrics" | awk -v s="$1" '$1 == s {print $2 + 0; found=1} END {if (!found) print "none"}'
}
ask() { dig @"$1" -p $PORT +time=1 +tries=1 +short "${@:2}" 2>/dev/null | grep -v '^;' | sort | xargs; }

# ---- uplinkdns: the demo with its own ports, control socket and state folder
mkdir -p "$work/conf" "$work/zones" "$work/state"
cp zones/*.zone "$work/zones/"
sed -e "s/^port: 5353/port: $PORT/" -e "s|/tmp/uplinkdns-demo/control.sock|$work/control.sock|" conf/demo.yaml \
  > "$work/conf/demo.yaml"
printf '\nmetrics:\n  address: 127.0.0.1\n  port: %s\n' "$METRICS" >> "$work/conf/demo.yaml"
# The reload-under-load loop below asks one name as fast as dig can from one address: response
# rate limiting would (rightly) slip and drop some of it, which is not what this test measures.
printf 'rrl:\n  enabled: false\n' >> "$work/conf/demo.yaml"
UPLINKDNS_DEMO_DIR="$work/state" java -Xmx64m -XX:+UseSerialGC -jar "$JAR" serve --config "$work/conf/demo.yaml" \
  > "$work/uplinkdns.log" 2>&1 &
server=$!
pids+=("$server")
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$METRICS/readyz" >/dev/null && break
  sleep 0.2
done
check "readyz says ready" "ready" "$(curl -s "http://127.0.0.1:$METRICS/readyz" | head -1)"
check "healthz" "200" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$METRICS/healthz")"
check "the metrics port is read-only" "405" \
  "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$METRICS/metrics")"

# ---- Prometheus scraping it
cat > "$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: uplinkdns
    static_configs:
      - targets: ['127.0.0.1:$METRICS']
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$PROM" > "$work/prometheus.log" 2>&1 &
pids+=($!)
promql() { curl -s --get "http://127.0.0.1:$PROM/api/v1/query" --data-urlencode "query=$1"; }
up=
for _ in $(seq 1 60); do
  up=$(promql 'up{job="uplinkdns"}' | grep -o '"value":\[[^]]*,"1"\]' | head -1)
  [[ -n $up ]] && break
  sleep 0.5
done
check "Prometheus scrapes uplinkdns (up == 1)" "yes" "$([[ -n $up ]] && echo yes || echo no)"
sleep 3
check "uplink state series for isp1 and isp2" "isp1 isp2" \
  "$(promql 'uplinkdns_uplink_state{state="up"} == 1' | grep -o '"uplink":"[^"]*"' | cut -d'"' -f4 | sort -u | xargs)"

# ---- promtool on a scrape and on the shipped rules
curl -s "http://127.0.0.1:$METRICS/metrics" > "$work/scrape.txt"
if promtool check metrics < "$work/scrape.txt" > "$work/promtool.txt" 2>&1; then
  check "promtool check metrics" "ok" "ok"
else
  check "promtool check metrics" "ok" "$(head -5 "$work/promtool.txt" | xargs)"
fi
check "promtool check rules" "0" "$(promtool check rules deploy/alerts.yml > /dev/null 2>&1; echo $?)"
check "promtool test rules" "0" "$(cd deploy && promtool test rules alerts_test.yml > /dev/null 2>&1; echo $?)"

# ---- 20 reloads under query load: no query lost or wrong
before_ok=$(metric 'uplinkdns_config_reloads_total{result="success"}')
(
  lost=0; wrong=0; n=0
  end=$((SECONDS + 40))
  while ((n < 3000 && SECONDS < end)) && [[ ! -e "$work/stop-load" ]]; do
    a=$(dig @127.0.0.2 -p $PORT +time=1 +tries=1 +short www.example.net A 2>/dev/null)
    n=$((n + 1))
    if [[ -z $a || $a == *"timed out"* ]]; then lost=$((lost + 1)); elif [[ $a != "198.51.100.10" ]]; then wrong=$((wrong + 1)); fi
  done
  echo "$n $lost $wrong" > "$work/load-result"
) &
loader=$!
reloads_ok=0
for i in $(seq 1 20); do
  java -jar "$JAR" reload --socket "$work/control.sock" > /dev/null 2>&1 && reloads_ok=$((reloads_ok + 1))
done
touch "$work/stop-load"
wait "$loader"
read -r n lost wrong < "$work/load-result"
echo "   $n queries during 20 reloads: $lost lost, $wrong wrong"
check "20 reloads through the control socket succeed" "20" "$reloads_ok"
check "queries during reloads: none lost, none wrong" "0 0" "$lost $wrong"
check "success counter counts them" "$(awk -v b="$before_ok" 'BEGIN {print b + 20}')" \
  "$(metric 'uplinkdns_config_reloads_total{result="success"}')"

# ---- a broken zone edit + SIGHUP: answers unchanged, the failure counted
www_before=$(ask 127.0.0.2 www.example.net A)
mx_before=$(ask 127.0.0.3 example.net MX)
fail_before=$(metric 'uplinkdns_config_reloads_total{result="failure"}')
echo 'mail-gw-9 IN A 198.51.100.999' >> "$work/zones/example.net.zone"
kill -HUP "$server"
for _ in $(seq 1 50); do
  [[ $(metric 'uplinkdns_config_reloads_total{result="failure"}') != "$fail_before" ]] && break
  sleep 0.1
done
check "broken zone: failure counted" "$(awk -v b="$fail_before" 'BEGIN {print b + 1}')" \
  "$(metric 'uplinkdns_config_reloads_total{result="failure"}')"
check "broken zone: the error names file and line" "1" \
  "$(grep -c 'event=reload_failed where=.*example.net.zone:[0-9]' "$work/uplinkdns.log" | xargs -I{} sh -c '[ {} -ge 1 ] && echo 1 || echo 0')"
check "broken zone: www answer unchanged" "$www_before" "$(ask 127.0.0.2 www.example.net A)"
check "broken zone: MX answer unchanged" "$mx_before" "$(ask 127.0.0.3 example.net MX)"
check "server still running" "yes" "$(kill -0 "$server" 2>/dev/null && echo yes || echo no)"

echo "prometheus.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
