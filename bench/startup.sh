#!/usr/bin/env bash
# Measures `./tally up --example orders` until it reports ready (broker, PostgreSQL, Connect and
# the Debezium PostgreSQL connector RUNNING), RUNS times, and prints each time and the median.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
./tally build -q >/dev/null
times=()
for i in $(seq 1 "$RUNS"); do
  log="$(mktemp)"
  ./tally up --example orders >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    grep -q 'ready in' "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
  done
  t="$(grep -o 'ready in [0-9.]*' "$log" | awk '{print $3}')"
  times+=("$t")
  echo "run $i: ${t} s"
  ./tally down >/dev/null
  wait "$pid" || true
  rm -f "$log"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median of " NR ": " a[int((NR+1)/2)] " s"}'
