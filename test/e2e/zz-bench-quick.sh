#!/usr/bin/env bash
# Keeps bench/run.sh working: runs every step of the side-by-side benchmark for a few seconds.
# It reports figures and never fails on performance: it fails only when the script itself
# does not run to the end (a server that does not start, a step that breaks).
set -uo pipefail
cd "$(dirname "$0")/../.."
# Addresses and ports of its own, so it never meets a full benchmark someone runs meanwhile
# (bench/run.sh defaults to 127.0.3.x, ports 5300-5321).
export BENCH_NET=${BENCH_NET:-127.0.6} BENCH_PORT=${BENCH_PORT:-5700}
start=$(date +%s)
if ! timeout 230 bash bench/run.sh --quick; then
  echo "zz-bench-quick.sh: 0 passed, 1 failed (bench/run.sh --quick did not finish)"
  exit 1
fi
echo "zz-bench-quick.sh: bench/run.sh --quick ran in $(($(date +%s) - start)) s"
echo "zz-bench-quick.sh: 1 passed, 0 failed"
