#!/usr/bin/env bash
# End-to-end check of 'uplinkdns plan' and 'uplinkdns check' against a parent zone served by a
# second uplinkdns instance on loopback. The gateway instance serves www.example.net with one
# listener per uplink and derives the mail records of example.net, which it does not serve; the
# parent instance serves example.net from a zone built from 'plan' output. Stale glue, a wrong
# SPF record and a DS for the unsignable child must each make 'check' exit 1 and name the record;
# the fixed parent makes it exit 0. Both servers are stopped on any exit.
# The MX failover part of issue 6 (link down -> only mail-gw-2 in every view) needs the health
# checker; its unit tests are in MailAnswersTest and MailRecordsTest until the namespace test exists.
set -uo pipefail
cd "$(dirname "$0")/../.."
JAR=$PWD/target/uplinkdns.jar
GW_PORT=5500          # gateway listeners 127.0.4.1 (LAN), 127.0.4.2 (isp1), 127.0.4.3 (isp2)
PARENT=127.0.4.10
PARENT_PORT=5501
DEAD=127.0.4.99:5599  # nothing listens here
[[ -f $JAR ]] || mvn -B -q package -DskipTests
work=$(mktemp -d)
pass=0
fail=0
gw=
parent=
cleanup() {
  [[ -n $gw ]] && kill "$gw" 2>/dev/null && wait "$gw" 2>/dev/null
  [[ -n $parent ]] && kill "$parent" 2>/dev/null && wait "$parent" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

check() { # name expected actual
  if [[ "$2" == "$3" ]]; then
    echo "PASS $1"; pass=$((pass + 1))
  else
    echo "FAIL $1: expected [$2] got [$3]"; fail=$((fail + 1))
  fi
}
contains() { # name needle haystack
  if grep -qF -- "$2" <<<"$3"; then
    echo "PASS $1"; pass=$((pass + 1))
  else
    echo "FAIL $1: [$2] not in:"; sed 's/^/    /' <<<"$3"; fail=$((fail + 1))
  fi
}
wait_for() { # server port name type expected-substring
  for _ in $(seq 1 100); do
    dig @"$1" -p "$2" +time=1 +tries=1 +short "$3" "$4" 2>/dev/null | grep -qF -- "$5" && return 0
    sleep 0.1
  done
  return 1
}
uplinkdns() { java -Xmx64m -jar "$JAR" "$@"; }

cat >"$work/www.example.net.zone" <<'ZONE'
$ORIGIN www.example.net.
$TTL 86400
@ IN SOA www-ns1.example.net. hostmaster.example.net. 2026112301 28800 7200 864000 60
  IN NS  www-ns1.example.net.
  IN NS  www-ns2.example.net.
ZONE
cat >"$work/gateway.yaml" <<YAML
port: $GW_PORT
uplinks:
  - name: isp1
    address: 127.0.4.2
    public: 198.51.100.10
  - name: isp2
    address: 127.0.4.3
    public: 203.0.113.10
listen: [127.0.4.1]
zones:
  - name: www.example.net
    file: www.example.net.zone
self:
  - name: www.example.net
    types: [A]
mail:
  domain: example.net
  extra-mx:
    - target: backup-mx.provider.example
      preference: 90
  spf:
    mechanisms: [include:_spf.provider.example]
    all: "-all"
YAML
cat >"$work/parent.yaml" <<YAML
port: $PARENT_PORT
uplinks:
  - name: provider
    address: $PARENT
zones:
  - name: example.net
    file: example.net.zone
YAML

# The parent zone: a provider's SOA and NS, then every example.net record 'plan' prints.
# $1 = serial; stdin = plan output (possibly edited)
write_parent() {
  {
    echo "\$ORIGIN example.net."
    echo "@ 3600 IN SOA ns.provider.example. hostmaster.provider.example. $1 3600 600 86400 300"
    echo "@ 3600 IN NS ns.provider.example."
    awk '!/^;/ && $1 ~ /(^|\.)example\.net\.$/'
  } >"$work/example.net.zone.new"
  mv "$work/example.net.zone.new" "$work/example.net.zone"
}

# --- plan
plan=$(uplinkdns plan --config "$work/gateway.yaml"); rc=$?
check "plan exits 0" "0" "$rc"
contains "plan delegates www" "www.example.net.	86400	IN	NS	www-ns1.example.net." "$plan"
contains "plan glue for uplink 1" "www-ns1.example.net.	86400	IN	A	198.51.100.10" "$plan"
contains "plan MX in config order" "example.net.		60	IN	MX	10 mail-gw-1.example.net." "$plan"
contains "plan keeps the extra MX" "IN	MX	90 backup-mx.provider.example." "$plan"
contains "plan gateway 2 address" "mail-gw-2.example.net.	60	IN	A	203.0.113.10" "$plan"
contains "plan SPF" '"v=spf1 ip4:198.51.100.10 ip4:203.0.113.10 include:_spf.provider.example -all"' "$plan"
contains "plan PTR for isp2" "10.113.0.203.in-addr.arpa.	3600	IN	PTR	mail-gw-2.example.net." "$plan"
contains "plan policy routing" "ip rule add from 127.0.4.2 lookup 101" "$plan"
contains "plan says no DS" "No DS record for www.example.net." "$plan"

# --- servers: the gateway, and the parent with stale glue for www-ns1
# Servers are started with 'java' directly (not the shell function) so $! is the server's own PID.
java -Xmx64m -jar "$JAR" serve --config "$work/gateway.yaml" >"$work/gateway.log" 2>&1 &
gw=$!
sed 's/^\(www-ns1\.example\.net\..*\)198\.51\.100\.10/\1192.0.2.99/' <<<"$plan" | write_parent 2026010101
java -Xmx64m -jar "$JAR" serve --config "$work/parent.yaml" >"$work/parent.log" 2>&1 &
parent=$!
if ! wait_for 127.0.4.2 $GW_PORT www.example.net A 198.51.100.10 || ! wait_for $PARENT $PARENT_PORT example.net SOA 2026010101; then
  echo "FAIL servers did not start:"; cat "$work/gateway.log" "$work/parent.log"; exit 1
fi
check "gateway isp2 self answer" "203.0.113.10" "$(dig @127.0.4.3 -p $GW_PORT +short www.example.net A)"
check "parent serves stale glue" "192.0.2.99" "$(dig @$PARENT -p $PARENT_PORT +short www-ns1.example.net A)"

# --- stale glue: exit 1, the record named
out=$(uplinkdns check --config "$work/gateway.yaml" --parent $PARENT:$PARENT_PORT --timeout 1s); rc=$?
check "stale glue: check exits 1" "1" "$rc"
contains "stale glue named" "stale record www-ns1.example.net. A 192.0.2.99; uplink isp1 is 198.51.100.10 now" "$out"
contains "www-ns2 agrees" "www-ns2.example.net. A" "$out"
contains "MX agrees" "10 mail-gw-1.example.net., 20 mail-gw-2.example.net., 90 backup-mx.provider.example." "$out"
contains "SOA through isp2" "serial 2026112301 through uplink isp2" "$out"
contains "listener answers own address" "uplink isp2 answers its own address 203.0.113.10" "$out"
json=$(uplinkdns check --config "$work/gateway.yaml" --parent $PARENT:$PARENT_PORT --timeout 1s --json)
check "json exit field" "1" "$(jq -r .exit <<<"$json")"
check "json names the stale glue" "different www-ns1.example.net. A" \
  "$(jq -r '.findings[] | select(.status != "ok" and .status != "warning") | "\(.status) \(.subject)"' <<<"$json")"

# --- fixed parent: exit 0
write_parent 2026010102 <<<"$plan"
kill -HUP "$parent"
wait_for $PARENT $PARENT_PORT www-ns1.example.net A 198.51.100.10 || echo "(parent did not reload)"
out=$(uplinkdns check --config "$work/gateway.yaml" --parent $PARENT:$PARENT_PORT --timeout 1s); rc=$?
check "fixed parent: check exits 0" "0" "$rc"
[[ $rc == 0 ]] || echo "$out"

# --- SPF missing an uplink, and a DS for the per-uplink child: exit 1, both named
sed 's/ ip4:203\.0\.113\.10//' <<<"$plan" | write_parent 2026010103
echo 'www.example.net. 3600 IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF' \
  >>"$work/example.net.zone"
kill -HUP "$parent"
wait_for $PARENT $PARENT_PORT example.net SOA 2026010103 || echo "(parent did not reload)"
out=$(uplinkdns check --config "$work/gateway.yaml" --parent $PARENT:$PARENT_PORT --timeout 1s); rc=$?
check "SPF and DS: check exits 1" "1" "$rc"
contains "SPF difference named" "missing ip4:203.0.113.10" "$out"
contains "DS named as an error" "the parent publishes 1 DS record(s), but www.example.net. is unsigned" "$out"

# --- unreachable parent: bounded, reported per server
start=$(date +%s)
out=$(timeout 60 java -Xmx64m -jar "$JAR" check --config "$work/gateway.yaml" --parent $DEAD --timeout 500ms --tries 2); rc=$?
elapsed=$(( $(date +%s) - start ))
check "dead parent: check exits 1" "1" "$rc"
contains "dead parent reported" "127.0.4.99:5599" "$out"
contains "dead parent: no answer" "no answer after 2 tries of 500ms" "$out"
check "dead parent: done within 20 s" "yes" "$([[ $elapsed -lt 20 ]] && echo yes || echo "no (${elapsed}s)")"

# --- usage errors
uplinkdns check --parent $PARENT >/dev/null 2>&1; check "no --config: exit 2" "2" "$?"
uplinkdns check --config "$work/gateway.yaml" --parent not-an-address >/dev/null 2>&1
check "bad --parent: exit 2" "2" "$?"
uplinkdns check --config "$work/gateway.yaml" --timeout soon >/dev/null 2>&1; check "bad --timeout: exit 2" "2" "$?"
printf 'mail:\n  domain: example.org\n' >>"$work/gateway.yaml"
err=$(uplinkdns plan --config "$work/gateway.yaml" 2>&1 >/dev/null); rc=$?
check "mail domain outside: plan exits 2" "2" "$rc"

echo "mail.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
