#!/usr/bin/env bash
# Side-by-side benchmark: uplinkdns, BIND (views by match-destinations) and Knot (one view of
# the same data), one at a time, on loopback addresses, each pinned to the same CPUs, with
# response rate limiting off for all. Prints one table with the ratios uplinkdns/BIND and
# uplinkdns/Knot and writes it, with the machine's description, to bench/results/.
#
#   bench/run.sh [--quick] [--servers uplinkdns,bind,knot] [--out FILE]
#
#   --quick     every step for a few seconds only (CI keeps the script working with it); the
#               table then goes to bench/work/, since such short runs are not figures to keep
#   --servers   which servers to measure (default: all three)
#   --out FILE  where to write the table (default: bench/results/<date>-<host kind>.md)
#   --data-only only generate bench/work (zones, query file, configs), as bench/jmh.sh needs
#
# Environment: BENCH_NET (default 127.0.3: the servers listen on .1 LAN, .2 isp1, .3 isp2),
# BENCH_PORT (default 5300: uplinkdns on it, BIND on +10, BIND's control on +11, Knot on +20),
# BENCH_SERVER_CPUS / BENCH_LOAD_CPUS (taskset lists; default below), BENCH_SECONDS (length of
# each load step, default 10), UPLINKDNS_JAVA_OPTS
# (replaces the JVM flags that bin/uplinkdns ships).
#
# Needs root to install packages (dnsperf, bind9, knot, bind9-dnsutils) when missing and to put
# the three addresses on lo for the run (BIND listens only on interface addresses).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=$ROOT/bench/work
PROBE=(python3 "$ROOT/bench/dnsprobe.py")

QUICK=0
DATA_ONLY=0
SERVERS=(uplinkdns bind knot)
OUT=
while (($#)); do
  case $1 in
    --quick) QUICK=1 ;;
    --data-only) DATA_ONLY=1 ;;
    --servers) IFS=, read -r -a SERVERS <<<"$2"; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for s in "${SERVERS[@]}"; do
  [[ $s =~ ^(uplinkdns|bind|knot)$ ]] || { echo "run.sh: unknown server '$s'" >&2; exit 2; }
done

NET=${BENCH_NET:-127.0.3}
LAN=$NET.1 ISP1=$NET.2 ISP2=$NET.3
BASE_PORT=${BENCH_PORT:-5300}
declare -A PORT=([uplinkdns]=$BASE_PORT [bind]=$((BASE_PORT + 10)) [knot]=$((BASE_PORT + 20)))
RNDC_PORT=$((BASE_PORT + 11))
RATE=20000          # the fixed offered load, queries per second
CLIENTS=8           # dnsperf -c
if ((QUICK)); then RUN=2 WARM=1; else RUN=${BENCH_SECONDS:-10} WARM=3; fi

# With 4 CPUs or more the server gets the upper half and dnsperf the lower half. Below that
# both share all CPUs: on a 2-vCPU virtual machine one CPU each leaves both half idle, waiting
# for each other's wake-ups, and measures the hypervisor more than the server.
ncpu=$(nproc)
half=$((ncpu / 2))
if ((ncpu >= 4)); then
  SERVER_CPUS=${BENCH_SERVER_CPUS:-$half-$((ncpu - 1))}
  LOAD_CPUS=${BENCH_LOAD_CPUS:-0-$((half - 1))}
else
  SERVER_CPUS=${BENCH_SERVER_CPUS:-0-$((ncpu - 1))} LOAD_CPUS=${BENCH_LOAD_CPUS:-0-$((ncpu - 1))}
fi
cpus_in() { # number of CPUs in a taskset list such as 0-1,3
  local n=0 part
  for part in ${1//,/ }; do
    if [[ $part == *-* ]]; then n=$((n + ${part#*-} - ${part%-*} + 1)); else n=$((n + 1)); fi
  done
  echo $n
}
SERVER_THREADS=$(cpus_in "$SERVER_CPUS")
LOAD_THREADS=$(cpus_in "$LOAD_CPUS")
HZ=$(getconf CLK_TCK)

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Everything started is stopped on exit.
STARTED=()
CREATED_POLICY=0
ADDED_ADDRESSES=()
cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  ((CREATED_POLICY)) && rm -f /usr/sbin/policy-rc.d
  local a
  for a in "${ADDED_ADDRESSES[@]}"; do ip addr del "$a/32" dev lo 2>/dev/null || true; done
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Packages. A policy-rc.d forbids the packages' own services from starting; any named or knotd
# that appears during the install all the same is stopped by its PID.
install_packages() {
  local want=(dnsperf bind9 knot bind9-dnsutils util-linux) missing=() p
  command -v python3 >/dev/null || want+=(python3)
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  ((EUID == 0)) || die "missing packages ${missing[*]}: install them or run as root"
  say "installing ${missing[*]}"
  local before
  before=$(pgrep -x 'named|knotd' | sort || true)
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    CREATED_POLICY=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  ((CREATED_POLICY)) && rm -f /usr/sbin/policy-rc.d && CREATED_POLICY=0
  for p in $(comm -13 <(echo "$before") <(pgrep -x 'named|knotd' | sort || true)); do
    say "stopping $(cat /proc/"$p"/comm 2>/dev/null) (pid $p) started by its package"
    kill "$p" 2>/dev/null || true
  done
}

# BIND listens only on addresses it finds on an interface (loopback answers for all of
# 127.0.0.0/8, but lo carries only 127.0.0.1): put ours on lo for the run.
add_addresses() {
  local a have
  have=$(ip -o addr show dev lo)
  for a in "$LAN" "$ISP1" "$ISP2"; do
    [[ $have == *" $a/"* ]] && continue
    ((EUID == 0)) || die "$a is not on lo and only root can add it (ip addr add $a/32 dev lo)"
    ip addr add "$a/32" dev lo
    ADDED_ADDRESSES+=("$a")
  done
}

# ---------------------------------------------------------------------------------------------
# Data: the same zones for every server. The demo zones; www.example.net's self record written
# out per view for BIND and Knot (uplinkdns computes it); a zone of 100k records (the same as
# AnswerCacheTest writes); the query mix of bench/queries.txt.
BIG=bench.example
BIG_RECORDS=100000
SERIAL=1

gen_data() {
  rm -rf "$W/zones" "$W/bind" "$W/knot" "$W/uplinkdns"
  mkdir -p "$W/zones" "$W/bind" "$W/knot/db" "$W/uplinkdns"
  cp zones/example.net.zone zones/www.example.net.zone "$W/zones/"
  local view
  for view in isp1 isp2 internal; do
    cp zones/www.example.net.zone "$W/zones/www.example.net.$view.zone"
  done
  echo "@ 10 IN A 198.51.100.10" >>"$W/zones/www.example.net.isp1.zone"
  echo "@ 10 IN A 203.0.113.10" >>"$W/zones/www.example.net.isp2.zone"
  printf '@ 10 IN A 198.51.100.10\n@ 10 IN A 203.0.113.10\n' >>"$W/zones/www.example.net.internal.zone"

  # Keep the serial on line 3: reload() rewrites it there.
  awk -v n=$BIG_RECORDS -v serial=$SERIAL 'BEGIN {
    print "$ORIGIN bench.example."; print "$TTL 3600"
    print "@ IN SOA ns1.bench.example. hostmaster.bench.example. " serial " 3600 900 604800 300"
    print "@ IN NS ns1.bench.example."; print "ns1 IN A 192.0.2.53"
    for (i = 0; i < n; i++) {
      t = i % 10
      if (t < 7) printf "h%d IN A 198.51.100.%d\n", i, i % 254 + 1
      else if (t < 9) printf "h%d IN AAAA 2001:db8::%x:%x\n", i, int(i / 65536), i % 65536
      else printf "h%d IN TXT \"record %d\"\n", i, i
    }
  }' >"$W/zones/$BIG.zone"

  # The query mix is committed (bench/make-queries.sh wrote it): every machine measures the
  # same queries, and the answer cache test replays them.
  grep -v '^;' bench/queries.txt >"$W/queries.txt"

  gen_uplinkdns demo
  gen_uplinkdns big
  gen_bind demo
  gen_bind big
  gen_knot demo
  gen_knot big
}

gen_uplinkdns() { # demo|big
  local f=$W/uplinkdns/$1.yaml
  {
    echo "port: ${PORT[uplinkdns]}"
    echo "uplinks:"
    echo "  - {name: isp1, address: $ISP1, public: 198.51.100.10}"
    echo "  - {name: isp2, address: $ISP2, public: 203.0.113.10}"
    echo "listen: [$LAN]"
    echo "zones:"
    echo "  - {name: www.example.net, file: ../zones/www.example.net.zone}"
    echo "  - {name: example.net, file: ../zones/example.net.zone}"
    [[ $1 == big ]] && echo "  - {name: $BIG, file: ../zones/$BIG.zone}"
    echo "self:"
    echo "  - {name: www.example.net, types: [A, AAAA], ttl: 10}"
  } >"$f"
  # Response rate limiting off, as for BIND and Knot. A build that does not know the key
  # rejects it, and has no rate limiting to turn off: validate decides whether it goes in.
  cp "$f" "$f.try"
  printf '# response rate limiting off, as for BIND and Knot\nrrl:\n  enabled: false\n' >>"$f.try"
  if java -jar "$JAR" validate --config "$f.try" >/dev/null 2>&1; then
    mv "$f.try" "$f"
    UPLINKDNS_RRL="off (rrl: enabled: false)"
  else
    rm -f "$f.try"
    UPLINKDNS_RRL="none in this build"
  fi
  java -jar "$JAR" validate --config "$f" >/dev/null || die "generated $f does not validate"
}

gen_bind() { # demo|big
  local f=$W/bind/named-$1.conf view dest
  {
    cat <<EOF
// Generated by bench/run.sh. No rate-limit clause: response rate limiting is off.
options {
    directory "$W/bind";
    pid-file "$W/bind/named.pid";
    session-keyfile "$W/bind/session.key";
    listen-on port ${PORT[bind]} { $LAN; $ISP1; $ISP2; };
    listen-on-v6 { none; };
    recursion no;
    dnssec-validation no;
    notify no;
    allow-transfer { none; };
    minimal-responses no-auth;
};
include "$W/bind/rndc.key";
controls { inet $LAN port $RNDC_PORT allow { $LAN; } keys { "rndc-key"; }; };
logging { channel errors { stderr; severity warning; }; category default { errors; }; };
EOF
    for view in isp1 isp2 internal; do
      case $view in isp1) dest="match-destinations { $ISP1; };" ;; isp2) dest="match-destinations { $ISP2; };" ;;
        internal) dest="match-clients { any; };" ;; esac
      echo "view \"$view\" {"
      echo "    $dest"
      echo "    zone \"www.example.net\" { type primary; file \"$W/zones/www.example.net.$view.zone\"; };"
      if [[ $view == isp1 ]]; then
        echo "    zone \"example.net\" { type primary; file \"$W/zones/example.net.zone\"; };"
        [[ $1 == big ]] && echo "    zone \"$BIG\" { type primary; file \"$W/zones/$BIG.zone\"; };"
      else
        # One copy of the shared zones, as an operator would configure it.
        echo "    zone \"example.net\" { in-view isp1; };"
        [[ $1 == big ]] && echo "    zone \"$BIG\" { in-view isp1; };"
      fi
      echo "};"
    done
  } >"$f"
  command -v named-checkconf >/dev/null || return 0 # --data-only without BIND installed
  [[ -f $W/bind/rndc.key ]] || tsig-keygen -a hmac-sha256 rndc-key >"$W/bind/rndc.key"
  named-checkconf "$f" || die "generated $f is not valid"
}

gen_knot() { # demo|big
  local f=$W/knot/knot-$1.conf
  {
    cat <<EOF
# Generated by bench/run.sh. Knot cannot choose answers by destination address: it serves
# isp1's view of the same data on every address. No rrl module: rate limiting is off.
server:
    rundir: "$W/knot"
    listen: [ $LAN@${PORT[knot]}, $ISP1@${PORT[knot]}, $ISP2@${PORT[knot]} ]
    udp-workers: $SERVER_THREADS
    tcp-workers: $SERVER_THREADS
    background-workers: 1
database:
    storage: "$W/knot/db"
control:
    listen: "$W/knot/knot.sock"
log:
  - target: stderr
    any: warning
template:
  - id: default
    storage: "$W/zones"
    zonefile-sync: -1
    journal-content: none
    semantic-checks: off
zone:
  - domain: www.example.net
    file: www.example.net.isp1.zone
  - domain: example.net
    file: example.net.zone
EOF
    [[ $1 == big ]] && printf '  - domain: %s\n    file: %s.zone\n' "$BIG" "$BIG"
  } >"$f"
  command -v knotc >/dev/null || return 0 # --data-only without Knot installed
  knotc -c "$f" conf-check >/dev/null || die "generated $f is not valid"
}

# ---------------------------------------------------------------------------------------------
# Servers: started one at a time, pinned to SERVER_CPUS, with as many worker threads as CPUs.
SERVER_PID=
start_server() { # server demo|big
  local port=${PORT[$1]} log=$W/$1-$2.log
  if [[ -n $(ss -Hltun "( sport = :$port )") ]]; then
    die "port $port is already in use: stop what holds it or set BENCH_PORT"
  fi
  # SIGHUP back to its default: under nohup the JVM would not install uplinkdns's reload handler.
  case $1 in
    uplinkdns) UPLINKDNS_JAR=$JAR env --default-signal=HUP taskset -c "$SERVER_CPUS" bin/uplinkdns serve --config "$W/uplinkdns/$2.yaml" \
                 --threads "$SERVER_THREADS" --log-level info >"$log" 2>&1 & ;;
    bind) taskset -c "$SERVER_CPUS" named -f -4 -n "$SERVER_THREADS" -c "$W/bind/named-$2.conf" >"$log" 2>&1 & ;;
    knot) rm -rf "$W/knot/db" && mkdir -p "$W/knot/db"
          taskset -c "$SERVER_CPUS" knotd -c "$W/knot/knot-$2.conf" >"$log" 2>&1 & ;;
  esac
  SERVER_PID=$!
  STARTED+=("$SERVER_PID")
}

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

reload_command() { # server: the command an operator uses to reload the big zone
  case $1 in
    uplinkdns) echo "kill -HUP $SERVER_PID" ;;
    bind) echo "rndc -k $W/bind/rndc.key -s $LAN -p $RNDC_PORT reload $BIG IN isp1" ;;
    knot) echo "knotc -s $W/knot/knot.sock zone-reload $BIG" ;;
  esac
}

cpu_ticks() { # utime+stime of a process, all threads, in clock ticks
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# ---------------------------------------------------------------------------------------------
# Measurements. R[server.metric] holds every figure.
declare -A R

# Starts the server and sets R[server.KEY] to the seconds from its start to the first correct
# answer for NAME TYPE (the probe is running, and says so, before the server is started).
time_to_answer() { # server demo|big name type key
  local out=$W/probe-first.out
  taskset -c "$LOAD_CPUS" "${PROBE[@]}" first --server "$ISP1" --port "${PORT[$1]}" --name "$3" --type "$4" \
    --limit 60 >"$out" &
  local probe=$!
  STARTED+=("$probe")
  for _ in $(seq 1 200); do grep -q ready "$out" 2>/dev/null && break; sleep 0.01; done
  local t0
  t0=$(date +%s%N)
  start_server "$1" "$2"
  while kill -0 "$probe" 2>/dev/null && kill -0 "$SERVER_PID" 2>/dev/null; do sleep 0.05; done
  if ! kill -0 "$SERVER_PID" 2>/dev/null || ! wait "$probe"; then
    tail -20 "$W/$1-$2.log" >&2
    die "$1 gave no answer for $3 $4 (log: ${W#"$ROOT"/}/$1-$2.log)"
  fi
  R[$1.$5]=$(awk -v t0="$t0" 'NR == 2 {printf "%.3f", ($1 - t0) / 1e9}' "$out")
}

# Runs dnsperf against the running server and sets R[server.PREFIX_*].
dnsperf_run() { # server prefix mode seconds [rate]
  local s=$1 p=$2 mode=$3 secs=$4 rate=${5:-}
  local out=$W/dnsperf-$s-$p.out
  local args=(-s "$ISP1" -p "${PORT[$s]}" -d "$W/queries.txt" -m "$mode" -c $CLIENTS -T "$LOAD_THREADS"
    -l "$secs" -D)
  [[ -n $rate ]] && args+=(-Q "$rate" -v)
  local c0 c1 t0 t1 load
  c0=$(cpu_ticks "$SERVER_PID")
  t0=$(date +%s%N)
  load=$( { TIMEFORMAT='%3U %3S'; time taskset -c "$LOAD_CPUS" dnsperf "${args[@]}" >"$out" 2>&1; } 2>&1 )
  t1=$(date +%s%N)
  c1=$(cpu_ticks "$SERVER_PID")
  local wall completed
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1e9}')
  completed=$(awk '/Queries completed:/ {print $3}' "$out")
  [[ -n $completed && $completed -gt 0 ]] || { cat "$out" >&2; die "dnsperf completed no query against $s"; }
  R[$s.${p}_qps]=$(awk '/Queries per second:/ {printf "%.0f", $4}' "$out")
  R[$s.${p}_lost]=$(awk '/Queries lost:/ {print $3}' "$out")
  R[$s.${p}_avg]=$(awk '/Average Latency/ {printf "%.3f", $4 * 1000; exit}' "$out")
  R[$s.${p}_cpu_us]=$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v n="$completed" 'BEGIN {printf "%.1f", c / hz * 1e6 / n}')
  R[$s.${p}_server_util]=$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v w="$wall" -v n="$SERVER_THREADS" \
    'BEGIN {printf "%.0f", 100 * c / hz / w / n}')
  R[$s.${p}_load_util]=$(echo "$load" | awk -v w="$wall" -v n="$LOAD_THREADS" '{printf "%.0f", 100 * ($1 + $2) / w / n}')
  if [[ -n $rate ]]; then
    R[$s.${p}_p99]=$(awk '/^> / {print $NF}' "$out" | sort -g |
      awk '{v[NR] = $1} END {i = int(NR * 0.99); if (i < 1) i = 1; printf "%.3f", v[i] * 1000}')
  fi
}

# Rewrites the big zone's serial (line 3) and has the server reload it while a probe queries
# the zone's SOA back to back: reload time and the longest gap between two answers.
measure_reload() { # server
  local s=$1 next=$((SERIAL + 1)) out=$W/probe-reload-$1.out
  sed "3s/ $SERIAL / $next /" "$W/zones/$BIG.zone" >"$W/zones/$BIG.zone.new"
  mv "$W/zones/$BIG.zone.new" "$W/zones/$BIG.zone"
  SERIAL=$next
  if taskset -c "$LOAD_CPUS" "${PROBE[@]}" reload --server "$ISP1" --port "${PORT[$s]}" --zone $BIG \
       --serial "$next" --trigger "$(reload_command "$s")" --limit 60 >"$out"; then
    R[$s.reload]=$(sed -n 's/.*reload_s=\([0-9.]*\).*/\1/p' "$out")
  else
    R[$s.reload]=NA
  fi
  R[$s.stall]=$(sed -n 's/.*max_stall_ms=\([0-9.]*\).*/\1/p' "$out")
}

measure() { # server
  local s=$1
  if [[ $s == uplinkdns ]]; then
    # As after an install: the first start writes the class data archive (bin/uplinkdns) when
    # it stops; the starts measured below use it.
    say "$s: first start (writes the class data archive)"
    time_to_answer "$s" demo www.example.net A first_start
    stop_server
  fi
  say "$s: start to first answer (demo config)"
  time_to_answer "$s" demo www.example.net A start
  stop_server
  say "$s: start with the 100k-record zone"
  time_to_answer "$s" big h99990.$BIG A load
  say "$s: warm-up ${WARM}s"
  dnsperf_run "$s" warm udp "$WARM"
  say "$s: UDP and TCP at saturation, ${RUN}s each"
  dnsperf_run "$s" udp udp "$RUN"
  dnsperf_run "$s" tcp tcp "$RUN"
  say "$s: UDP and TCP at $RATE q/s, ${RUN}s each"
  dnsperf_run "$s" udp20k udp "$RUN" $RATE
  dnsperf_run "$s" tcp20k tcp "$RUN" $RATE
  R[$s.rss]=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status")
  say "$s: reload of the 100k-record zone"
  measure_reload "$s"
  stop_server
}

# ---------------------------------------------------------------------------------------------
# The table.
has() { [[ -n ${R[$1]:-} && ${R[$1]} != NA ]]; }
ratio() { # a b
  if has "$1" && has "$2" && awk -v b="${R[$2]}" 'BEGIN {exit !(b > 0)}'; then
    awk -v a="${R[$1]}" -v b="${R[$2]}" 'BEGIN {printf "%.2f", a / b}'
  else
    echo "–"
  fi
}
val() { has "$1" && echo "${R[$1]}" || echo "–"; }
# Whether uplinkdns meets the target of a row: prints "met", "MISSED" or "–".
verdict() { # awk-condition on u (uplinkdns), b (BIND), k (Knot)
  local key=$1 cond=$2 u=${R[uplinkdns.$1]:-} b=${R[bind.$1]:-} k=${R[knot.$1]:-}
  [[ -n $u && $u != NA ]] || { echo "–"; return; }
  [[ $cond == *k* && ( -z $k || $k == NA ) ]] && { echo "–"; return; }
  [[ $cond == *b* && ( -z $b || $b == NA ) ]] && { echo "–"; return; }
  awk -v u="$u" -v b="${b:-0}" -v k="${k:-0}" "BEGIN {exit !($cond)}" && echo "met" || echo "MISSED"
}
# Who limited a saturated run. On CPUs of their own, whichever used ≥ 90% of its CPUs. On
# shared CPUs, when together they used ≥ 90%: the larger consumer (dnsperf using more than the
# server means the load generator, not the server, held the rate down).
limit() { # server prefix
  local su=${R[$1.$2_server_util]:-} lu=${R[$1.$2_load_util]:-} who
  [[ -n $su ]] || { echo "–"; return; }
  if [[ $SERVER_CPUS == "$LOAD_CPUS" ]]; then
    who="neither (latency-bound)"
    if ((su + lu >= 90)); then
      ((lu >= su)) && who="dnsperf" || who="server"
    fi
    echo "$who (server $su% + dnsperf $lu% of the shared CPUs)"
  else
    who="neither (latency-bound)"
    ((lu >= 90)) && who="dnsperf"
    ((su >= 90)) && who="server"
    ((su >= 90 && lu >= 90)) && who="both"
    echo "$who (server $su% of its CPUs, dnsperf $lu% of its CPUs)"
  fi
}

table() {
  local bind_v knot_v
  bind_v=$(named -v 2>/dev/null | awk '{print $2}' | cut -d- -f1)
  knot_v=$(knotd -V 2>/dev/null | awk '{print $NF}')
  echo "| metric | uplinkdns | BIND $bind_v (views) | Knot $knot_v | uplinkdns/BIND | uplinkdns/Knot | target | uplinkdns |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
  row() { # label key target condition
    echo "| $1 | $(val uplinkdns.$2) | $(val bind.$2) | $(val knot.$2) | $(ratio uplinkdns.$2 bind.$2) | $(ratio uplinkdns.$2 knot.$2) | $3 | $(verdict "$2" "$4") |"
  }
  row "UDP q/s, saturated" udp_qps "≥ Knot and ≥ BIND" "u >= k && u >= b"
  row "TCP q/s, saturated" tcp_qps "≥ Knot and ≥ BIND" "u >= k && u >= b"
  row "CPU µs/query, UDP at 20k q/s" udp20k_cpu_us "≤ Knot" "u <= k"
  row "CPU µs/query, TCP at 20k q/s" tcp20k_cpu_us "≤ Knot" "u <= k"
  row "avg latency ms, UDP at 20k q/s" udp20k_avg "≤ Knot + 0.05" "u <= k + 0.05"
  row "p99 latency ms, UDP at 20k q/s" udp20k_p99 "≤ 1" "u <= 1"
  row "avg latency ms, TCP at 20k q/s" tcp20k_avg "≤ Knot + 0.05" "u <= k + 0.05"
  row "p99 latency ms, TCP at 20k q/s" tcp20k_p99 "≤ 1" "u <= 1"
  row "RSS MB after the load" rss "≤ 128" "u <= 128"
  row "start → first answer s (demo)" start "≤ 1" "u <= 1"
  row "start → answers from 100k zone s" load "≤ 2" "u <= 2"
  row "reload of 100k zone s" reload "–" "1"
  row "longest answer stall ms in reload" stall "≤ 50" "u <= 50"
  echo
  echo "Who limited the saturated runs:"
  echo
  local s
  for s in "${SERVERS[@]}"; do
    echo "- $s: UDP $(limit "$s" udp); TCP $(limit "$s" tcp)"
  done
  echo
  echo "Queries lost (saturated UDP / TCP, 20k UDP / TCP):"
  for s in "${SERVERS[@]}"; do
    echo "- $s: $(val $s.udp_lost) / $(val $s.tcp_lost) / $(val $s.udp20k_lost) / $(val $s.tcp20k_lost)"
  done
}

machine() {
  local model mem
  model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "- machine: $(nproc) CPUs, $model, $mem, kernel $(uname -r); load average before the run: $LOADAVG (other work on the machine skews every figure)"
  echo "- pinning: servers on CPUs $SERVER_CPUS ($SERVER_THREADS worker threads each), dnsperf on CPUs $LOAD_CPUS (-T $LOAD_THREADS -c $CLIENTS)"
  echo "- versions: $(java -version 2>&1 | head -1); dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ {print $2}'); $(named -v); Knot $(knotd -V | awk '{print $NF}'); uplinkdns $(git describe --always --dirty 2>/dev/null || echo unknown)"
  echo "- uplinkdns JVM flags: ${UPLINKDNS_JAVA_OPTS:-$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"/\1/p' bin/uplinkdns)} (rate limiting: $UPLINKDNS_RRL); the first start after a build, which writes the class data archive, took $(val uplinkdns.first_start) s"
  echo "- load: the $(wc -l <"$W/queries.txt") queries of bench/queries.txt (self names, MX, NXDOMAIN, NODATA, names of a $BIG_RECORDS-record zone), EDNS with DO, to $ISP1 (uplink isp1); ${RUN}s per step"
}

host_kind() {
  local model
  model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo | tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '-' | sed 's/^-//; s/-$//')
  echo "$(nproc)cpu-${model:-unknown}"
}

# ---------------------------------------------------------------------------------------------
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
((DATA_ONLY)) || install_packages
JAR=$ROOT/target/uplinkdns.jar
[[ -f $JAR ]] || { say "building target/uplinkdns.jar"; mvn -B -q package -DskipTests; }
say "generating data in bench/work"
gen_data
((DATA_ONLY)) && exit 0
add_addresses
for s in "${SERVERS[@]}"; do
  measure "$s"
done

if [[ -z $OUT ]]; then
  if ((QUICK)); then OUT=$W/$(date +%F)-$(host_kind)-quick.md; else OUT=bench/results/$(date +%F)-$(host_kind).md; fi
fi
mkdir -p "$(dirname "$OUT")"
{
  echo "# Benchmark $(date +%F) on $(host_kind)$( ((QUICK)) && echo " (--quick: not figures to compare)")"
  echo
  echo "Command: \`bench/run.sh$( ((QUICK)) && echo " --quick")\`"
  echo
  machine
  echo
  table
} >"$OUT"
cat "$OUT"
say "written to ${OUT#"$ROOT"/}"
