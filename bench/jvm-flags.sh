#!/usr/bin/env bash
# Chooses the launcher's JVM flags by measurement: runs bench/run.sh against uplinkdns alone
# with each candidate (collector × heap) and writes one table of RSS, throughput, CPU per query,
# start-up and reload figures to bench/results/<date>-jvm-flags.md.
#
#   bench/jvm-flags.sh [--seconds N] [--out FILE]   (N: length of each load step, default 5)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=5
out=bench/results/$(date +%F)-jvm-flags.md
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift ;;
    --out) out=$2; shift ;;
    *) echo "jvm-flags.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
common="-XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m -Xss512k"
candidates=(
  "(JVM defaults)"
  "-XX:+UseSerialGC -Xmx64m $common"
  "-XX:+UseSerialGC -Xmx128m $common"
  "-XX:+UseSerialGC -Xmx192m $common"
  "-XX:+UseParallelGC -Xmx192m $common"
  "-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xmx128m $common"
  "-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xmx192m $common"
  "-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1 $common"
)
mkdir -p "$(dirname "$out")" bench/work
rows=()
get() { # file label: the uplinkdns column of a row of run.sh's table
  awk -F'|' -v l="$2" '$2 ~ l {gsub(/ /, "", $3); print $3}' "$1"
}
for flags in "${candidates[@]}"; do
  opts=$flags
  [[ $flags == "(JVM defaults)" ]] && opts=" "
  echo "== $flags" >&2
  file=bench/work/jvm-$(echo "$flags" | tr -c 'a-zA-Z0-9' '_').md
  if UPLINKDNS_JAVA_OPTS=$opts BENCH_SECONDS=$seconds bash bench/run.sh --servers uplinkdns --out "$file" >/dev/null 2>bench/work/jvm-run.log; then
    rows+=("| \`$flags\` | $(get "$file" 'RSS MB') | $(get "$file" 'UDP q/s') | $(get "$file" 'TCP q/s') | $(get "$file" 'CPU µs/query, UDP') | $(get "$file" 'p99 latency ms, UDP') | $(get "$file" 'start → first answer') | $(get "$file" 'start → answers from 100k') | $(get "$file" 'reload of 100k') | $(get "$file" 'longest answer stall') |")
  else
    why=$(grep -m1 -o 'OutOfMemoryError[^"]*' bench/work/uplinkdns-*.log 2>/dev/null | head -1)
    rows+=("| \`$flags\` | failed: ${why:-see bench/work/jvm-run.log} | | | | | | | | |")
  fi
done
{
  echo "# JVM flags for the launcher, $(date +%F)"
  echo
  echo "Command: \`bench/jvm-flags.sh --seconds $seconds\` (bench/run.sh against uplinkdns alone, same data: demo zones + a 100k-record zone)."
  echo "Each candidate also has \`$common\` unless it is the JVM defaults."
  echo
  echo "- machine: $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), kernel $(uname -r); $(java -version 2>&1 | head -1); uplinkdns $(git describe --always --dirty)"
  echo
  echo "| flags | RSS MB after load | UDP q/s | TCP q/s | CPU µs/q UDP 20k | p99 ms UDP 20k | start s | start with 100k zone s | reload s | reload stall ms |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
} >"$out"
cat "$out"
