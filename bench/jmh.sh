#!/usr/bin/env bash
# JMH benchmark of the answer layer alone (Responder.respond on the benchmark's snapshot and
# query mix), outside mvn verify. Extra arguments go to JMH, e.g. `bench/jmh.sh -prof gc`.
#
#   bench/jmh.sh [--quick] [JMH options]
#
# Builds the classes, generates bench/work (the same data bench/run.sh uses) when missing,
# compiles bench/jmh/ against the jmh profile's classpath and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
W=bench/work
run=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
if [[ ${1:-} == --quick ]]; then run=(-f 1 -wi 1 -w 1s -i 2 -r 1s); shift; fi
# JMH rejects an option given twice: options of the caller's own replace these defaults.
[[ " $* " == *" -i "* || " $* " == *" -wi "* ]] && run=()

mvn -B -q -o compile 2>/dev/null || mvn -B -q compile
[[ -f $W/uplinkdns/big.yaml && -f $W/queries.txt ]] || bash bench/run.sh --data-only
mvn -B -q -Pjmh dependency:build-classpath -Dmdep.outputFile="$W/jmh-classpath.txt" -Dmdep.includeScope=test >/dev/null
cp="target/classes:$(cat "$W/jmh-classpath.txt")"
rm -rf "$W/jmh-classes"
mkdir -p "$W/jmh-classes"
# JMH's annotation processor (on the classpath) generates the benchmark harness.
javac -cp "$cp" -d "$W/jmh-classes" $(find bench/jmh -name '*.java')
exec java -cp "$W/jmh-classes:$cp" org.openjdk.jmh.Main "${run[@]}" "$@" ResponderBenchmark
