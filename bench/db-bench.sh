#!/usr/bin/env bash
# The db group against the tools operators use instead (psql from Debian's packages), on one
# throwaway PostgreSQL cluster with the same data, printed side by side with ratios.
#
#   bench/db-bench.sh [ROWS]      (default 1000000 rows in the export table)
#
# Measures: one-shot connection check (process launch included), a one-row query, a CSV export of ROWS
# rows, in-process round-trip latency (db connect vs pgbench's SELECT 1), the db connections snapshot,
# and the MCP server's launch→initialize time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
rows="${1:-1000000}"
jar="$here/../target/supa-dokploy.jar"
[ -f "$jar" ] || (cd "$here/.." && mvn -B -q -DskipTests package)
sd=(java -Xshare:auto -jar "$jar")

bench_need
bench_start_pg
export SUPA_DOKPLOY_DATABASE_URL="$BENCH_URL"
psql -q "$BENCH_URL" <<SQL
CREATE TABLE bench_orders (
  id bigint PRIMARY KEY, customer uuid NOT NULL, amount numeric(12,2) NOT NULL, status text NOT NULL,
  created_at timestamptz NOT NULL, payload jsonb);
INSERT INTO bench_orders
SELECT g, md5(g::text)::uuid, (g % 100000) / 100.0, (ARRAY['new','paid','shipped','refunded'])[1 + g % 4],
       timestamptz '2025-01-01' + g * interval '1 second', jsonb_build_object('n', g, 'tag', 'x' || (g % 97))
FROM generate_series(1, $rows) g;
ANALYZE bench_orders;
SQL
out="$(mktemp -d)"
hf() { hyperfine -N --style none --warmup 2 --runs "${RUNS:-10}" --export-json "$out/$1.json" "${@:2}" >/dev/null; }

hf connect "${sd[*]} db connect $BENCH_URL --output json" "psql $BENCH_URL -Atc 'select version()'"
hf query "${sd[*]} db sql 'select count(*) from bench_orders where status = \$1' --param paid --output json" \
         "psql $BENCH_URL -Atc \"select count(*) from bench_orders where status = 'paid'\""
hf export "bash -c \"${sd[*]} db sql 'select * from bench_orders' --max-rows 0 --output csv > /dev/null\"" \
          "bash -c \"psql $BENCH_URL --csv -c 'select * from bench_orders' > /dev/null\""

conn_json="$("${sd[@]}" db connect "$BENCH_URL" --latency-samples 50 --output json)"
sd_rtt="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["latency"]["medianMs"])' <<<"$conn_json")"
echo 'SELECT 1;' > "$out/select1.sql"
pgbench_lat="$(pgbench -n -T 3 -f "$out/select1.sql" "$BENCH_URL" 2>/dev/null | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')"
snap_ms="$("${sd[@]}" db connections "$BENCH_URL" --output json | python3 -c 'import json,sys; print(json.load(sys.stdin).get("snapshotMs", "n/a"))')"
mcp_ms="$(python3 "$here/mcp_init_time.py" "${sd[@]}" mcp)"

printf '\n%-44s %14s %14s %8s\n' "benchmark (mean of ${RUNS:-10} runs)" "supa-dokploy" "psql" "ratio"
for b in connect query export; do
  a="$(bench_mean "$out/$b.json" 0)"; p="$(bench_mean "$out/$b.json" 1)"
  printf '%-44s %12.3f s %12.3f s %7.2fx\n' "$b$( [ $b = export ] && echo " ($rows rows, CSV)")" "$a" "$p" "$(python3 -c "print($a/$p)")"
done
printf '%-44s %11s ms %11s ms %7.2fx\n' "round trip SELECT 1 (vs pgbench)" "$sd_rtt" "$pgbench_lat" "$(python3 -c "print($sd_rtt/$pgbench_lat)")"
printf '%-44s %11s ms\n' "db connections snapshot" "$snap_ms"
printf '%-44s %11s ms\n' "mcp launch -> initialize answer (median)" "$mcp_ms"
rm -rf "$out"
