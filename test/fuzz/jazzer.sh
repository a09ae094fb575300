#!/usr/bin/env bash
# Coverage-guided fuzzing of the decode and answer path (Responder.respond on the demo snapshot)
# with Jazzer for the duration in ResponderFuzzTest's @FuzzTest (10 minutes), instrumenting the
# project's and dnsjava's classes. A crashing input is written next to the seeds in
# src/test/resources/org/uplinkdns/answer/ResponderFuzzTestInputs/respond/ and so becomes a
# regression seed that every `mvn verify` replays: commit it with the fix.
# Prints the executions run and the findings; exits non-zero when Jazzer found something.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p target/jazzer
log=target/jazzer/jazzer.log
inputs=src/test/resources/org/uplinkdns/answer/ResponderFuzzTestInputs/respond
before=$(ls "$inputs" | wc -l)

JAZZER_FUZZ=1 JAZZER_INSTRUMENT='org.uplinkdns.**,org.xbill.**' \
  mvn -B test -Dtest=ResponderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
status=$?

runs=$(grep -aoE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
[[ -z $runs ]] && runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')" runs (last status line)"
cov=$(grep -aE '^#[0-9]+.*cov: [0-9]+' "$log" | tail -1 | grep -aoE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9/]+[a-zA-Z]*')
found=$(( $(ls "$inputs" | wc -l) - before ))
echo "jazzer: ${runs:-no run line}; ${cov:-no coverage line}; new crashing inputs kept: $found; maven exit $status"
echo "jazzer: full log in $log"
grep -aE '== Java Exception|FuzzTestFindingException|Caused by' "$log" | head -5
[[ $status -eq 0 && $found -eq 0 ]]
