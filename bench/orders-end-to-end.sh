#!/usr/bin/env bash
# End to end on the orders example, from source commit to sink row, with the real services.
# Starts ./tally up --example orders, writes CHANGES row changes at RATE per second with
# ./tally generate (RATE=0: as fast as one connection can), waits until sales_by_product
# equals GROUP BY over order_lines, and prints the throughput and the publisher's
# source-commit-to-sink-write quantiles. Usage: RATE=800 CHANGES=20000 bench/orders-end-to-end.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-800}"
CHANGES="${CHANGES:-20000}"

./tally build -q >/dev/null
log="$(mktemp)"
./tally up --example orders >"$log" 2>&1 &
up=$!
trap './tally down >/dev/null 2>&1 || true; wait $up 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 240); do
  grep -q 'ready in' "$log" && break
  kill -0 "$up" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
set -a; . .tally/local.env; set +a

truth="SELECT product_id, count(*), sum(quantity), round(sum(quantity * unit_price), 2), min(unit_price), max(unit_price)
       FROM order_lines GROUP BY product_id ORDER BY product_id"
sink="SELECT product_id, lines, units, round(revenue, 2), min_price, max_price FROM sales_by_product ORDER BY product_id"

start=$(date +%s.%N)
./tally generate --example orders --rate "$RATE" --changes "$CHANGES" --duration 60m | tail -n 1
written=$(date +%s.%N)
expected="$(psql "$SOURCE_PG_URL" -At -c "$truth")"
for _ in $(seq 1 1200); do
  [ "$(psql "$SINK_PG_URL" -At -c "$sink" 2>/dev/null)" = "$expected" ] && break
  sleep 0.25
done
done_at=$(date +%s.%N)
[ "$(psql "$SINK_PG_URL" -At -c "$sink")" = "$expected" ] || { echo "sink never equalled the ground truth"; exit 1; }

awk -v c="$CHANGES" -v s="$start" -v w="$written" -v d="$done_at" 'BEGIN {
  printf "written in %.1f s; sink equal to GROUP BY %.1f s after the last commit; %.0f changes/s source to sink\n",
         w - s, d - w, c / (d - s) }'
curl -s "$PUBLISHER_URL/q/metrics" | grep '^tally_sink_latency_seconds{.*quantile=' \
  | sed -E 's/.*quantile="([0-9.]+)".* ([0-9.eE+-]+)$/\1 \2/' \
  | awk '{ printf "source commit to sink write p%d: %.0f ms\n", $1 * 100, $2 * 1000 }'
