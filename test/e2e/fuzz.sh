#!/usr/bin/env bash
# CI wrapper of the packet fuzzer: 100,000 UDP packets and 20,000 TCP messages at a server on
# 127.0.5.1-3, then answers, heap and file descriptors are checked (see test/fuzz/run.sh).
set -uo pipefail
cd "$(dirname "$0")/../.."
FUZZ_PORT=${FUZZ_PORT:-5611} exec timeout 170 bash test/fuzz/run.sh 100000 20000
