#!/usr/bin/env bash
# Writes bench/queries.txt, the query mix every server gets from dnsperf and that the answer
# cache test replays (AnswerCacheTest). Committed, so every machine measures the same queries;
# run this only to change the mix, then rerun the benchmark.
set -euo pipefail
cd "$(dirname "$0")"
{
  echo "; The benchmark's query mix (dnsperf format: name type), written by bench/make-queries.sh."
  echo "; Per 100 queries: 28 self names (3 in mixed case, 5 AAAA NODATA), 10 MX, 4 mail gateway"
  echo "; addresses, 6 SOA/NS, 10 NXDOMAIN, 6 NODATA, 35 names of the 100k-record zone"
  echo "; bench.example (h0 to h99999: 7 in 10 A, 2 AAAA, 1 TXT), 1 outside every zone (REFUSED)."
  awk -v n=10000 -v big=100000 'BEGIN {
    srand(8)
    split("A A A A A A A AAAA AAAA TXT", bigtype, " ")
    for (q = 0; q < n; q++) {
      r = int(rand() * 100); k = int(rand() * big)
      if (r < 20) print "www.example.net A"
      else if (r < 23) print "WwW.ExAmple.NET A"
      else if (r < 28) print "www.example.net AAAA"
      else if (r < 38) print "example.net MX"
      else if (r < 42) print "mail-gw-" (r % 2 + 1) ".example.net A"
      else if (r < 44) print "example.net SOA"
      else if (r < 46) print "example.net NS"
      else if (r < 48) print "www.example.net NS"
      else if (r < 51) print "nx" k ".example.net A"
      else if (r < 54) print "nx" k ".www.example.net A"
      else if (r < 58) print "nx" k ".bench.example A"
      else if (r < 60) print "example.net TXT"
      else if (r < 62) print "mail-gw-1.example.net AAAA"
      else if (r < 64) print "h" (k - k % 10) ".bench.example MX"
      else if (r < 99) print "h" k ".bench.example " bigtype[k % 10 + 1]
      else print "www.example.org A"
    }
  }'
} >queries.txt
echo "wrote bench/queries.txt ($(grep -vc '^;' queries.txt) queries)"
