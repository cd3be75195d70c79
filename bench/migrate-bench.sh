#!/usr/bin/env bash
# migrate data against the tools operators use instead to move table data between two databases, on one throwaway
# PostgreSQL cluster (Debian's packages) and the same generated Supabase-like data set, printed side by side with the
# ratio to `migrate data`, from one run.
#
#   bench/migrate-bench.sh [SIZE_MB]      (default 1024: the source tables' size on disk, indexes and TOAST included)
#
# The source holds public.customers (uuid key, unique email, jsonb), public.orders (bigint identity key, uuid, numeric,
# timestamptz, jsonb, text with newlines and tabs, foreign key to customers), public.events (bigint key, jsonb) and 50
# small tables in schema app. Every contender loads into a fresh copy of a target that already has the schema
# (pg_dump --schema-only, made once as a template), so each measures data only; after each run the target's row
# counts must equal the source's, so a contender that copies nothing cannot win. Contenders:
#   migrate data (checksums on both servers, the default), with --no-verify-integrity, with --jobs 1;
#   pg_dump --data-only | psql;  pg_dump -Fd -j2 --data-only + pg_restore -j2 --data-only (both steps timed);
#   pgcopydb copy table-data --table-jobs 2 (left out, with the reason, when pgcopydb cannot be installed or run).
# The two dump tools get --disable-triggers and pgcopydb's target database session_replication_role = replica, as
# migrate data loads with foreign-key checks off too (it sets session_replication_role = replica when it may).
# RUNS (default 3) runs per contender; JOBS (default 2) workers for every parallel contender.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
size_mb="${1:-1024}"
runs="${RUNS:-3}"
jobs="${JOBS:-2}"
jar="$here/../target/supa-dokploy.jar"
[ -f "$jar" ] || (cd "$here/.." && mvn -B -q -o -DskipTests package)
sd="java -Xshare:auto -jar $jar"

bench_need
pgcopydb_missing=""
bench_need pgcopydb:pgcopydb || true
command -v pgcopydb >/dev/null || pgcopydb_missing="pgcopydb could not be installed (apt-get install pgcopydb failed)"
bench_start_pg
base="${BENCH_URL%/postgres}"
src="$base/bench_src"
tgt="$base/bench_tgt"
out="$BENCH_DIR/run"   # removed with the cluster on exit
mkdir "$out"
psql -q "$BENCH_URL" -c "CREATE DATABASE bench_src" -c "CREATE DATABASE bench_template"

# Rows per MB of each big table, measured on PostgreSQL 15 (orders ~55%, events ~30%, customers ~15% of the size).
customers=$((size_mb * 490))
orders=$((size_mb * 1430))
events=$((size_mb * 1030))
echo "generating ~${size_mb} MB: $customers customers, $orders orders, $events events, 50 small tables…" >&2
gen_start=$(date +%s)
psql -q -v ON_ERROR_STOP=1 -v customers="$customers" -v orders="$orders" -v events="$events" -f "$here/supabase-like.sql" "$src" >/dev/null
pg_dump --schema-only "$src" | psql -q -v ON_ERROR_STOP=1 "$base/bench_template" >/dev/null
read -r table_bytes total_bytes tables < <(psql -At -F ' ' "$src" -c "
  SELECT sum(pg_table_size(c.oid)), sum(pg_total_relation_size(c.oid)), count(*)
  FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace IN ('public'::regnamespace, 'app'::regnamespace)")
# The row counts every run must reproduce, one query over every table.
count_sql="$(psql -At "$src" -c "SELECT string_agg(format('SELECT %L, count(*) FROM %I.%I', n.nspname || '.' || c.relname,
  n.nspname, c.relname), ' UNION ALL ' ORDER BY 1) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname IN ('public', 'app')") ORDER BY 1"
psql -At "$src" -c "$count_sql" > "$out/source.counts"
rows="$(awk -F'|' '{s += $2} END {print s}' "$out/source.counts")"
echo "source: $rows rows in $tables tables, $((table_bytes / 1000000)) MB of table data (heap + TOAST), $((total_bytes / 1000000)) MB with indexes; generated in $(( $(date +%s) - gen_start )) s" >&2
pgv="$(psql -At "$src" -c 'SHOW server_version' | awk '{print $1}')"

# prepare NAME [replica]: checks the run before (if any) left the source's row counts in the target, then gives the
# next run an empty target with the schema (replica: whose sessions load with foreign-key checks and triggers off,
# for pgcopydb). Failures land in $out/NAME.bad; hyperfine does not see them.
cat > "$out/prepare.sh" <<EOF
#!/usr/bin/env bash
set -uo pipefail
name="\$1"; mode="\${2:-}"
if [ -f "$out/\$name.ran" ]; then
  if psql -At "$tgt" -c "$count_sql" > "$out/\$name.counts" 2>&1 && cmp -s "$out/source.counts" "$out/\$name.counts"; then
    echo ok >> "$out/\$name.checked"
  else
    diff "$out/source.counts" "$out/\$name.counts" >> "$out/\$name.bad"
  fi
fi
psql -q "$BENCH_URL" -c "DROP DATABASE IF EXISTS bench_tgt WITH (FORCE)" -c "CREATE DATABASE bench_tgt TEMPLATE bench_template" >/dev/null 2>&1 || exit 1
if [ "\$mode" = replica ]; then
  psql -q "$BENCH_URL" -c "ALTER DATABASE bench_tgt SET session_replication_role = replica" || exit 1
fi
rm -rf "$out/dump" "$out/pgcopydb"
touch "$out/\$name.ran"
EOF
chmod +x "$out/prepare.sh"

# Warm the source's pages once so the first contender does not pay for a cold cache alone.
psql -At "$src" -c "$count_sql" >/dev/null
psql -q "$src" -c "SELECT sum(length(t::text)) FROM orders t" -c "SELECT sum(length(t::text)) FROM events t" >/dev/null

names=() labels=() commands=() modes=()
add() { names+=("$1"); labels+=("$2"); modes+=("$3"); commands+=("$4"); }
add md "migrate data (checksums, --jobs $jobs)" plain "$sd migrate data --source $src --target $tgt --jobs $jobs --output json > $out/md.out.json"
add md_noverify "migrate data --no-verify-integrity" plain "$sd migrate data --source $src --target $tgt --jobs $jobs --no-verify-integrity --output json > $out/md_noverify.out.json"
add md_j1 "migrate data --jobs 1 (checksums)" plain "$sd migrate data --source $src --target $tgt --jobs 1 --output json > $out/md_j1.out.json"
add psql "pg_dump --data-only | psql" plain "set -o pipefail; pg_dump --data-only --disable-triggers $src | psql -q -v ON_ERROR_STOP=1 $tgt"
add restore "pg_dump -Fd -j$jobs + pg_restore -j$jobs" plain "pg_dump -Fd -j$jobs --data-only -f $out/dump $src && pg_restore -j$jobs --data-only --disable-triggers -d $tgt $out/dump"
pgcopydb_cmd="pgcopydb copy table-data --source $src --target $tgt --dir $out/pgcopydb --table-jobs $jobs"
if [ -z "$pgcopydb_missing" ]; then
  "$out/prepare.sh" probe replica
  if ! $pgcopydb_cmd > "$out/pgcopydb-probe.log" 2>&1; then
    pgcopydb_missing="pgcopydb failed here: $(grep -m1 -E 'ERROR|FATAL' "$out/pgcopydb-probe.log" || tail -1 "$out/pgcopydb-probe.log")"
  fi
fi
if [ -z "$pgcopydb_missing" ]; then
  add pgcopydb "pgcopydb copy table-data --table-jobs $jobs" replica "$pgcopydb_cmd > $out/pgcopydb.log 2>&1"
fi

for i in "${!names[@]}"; do
  echo "timing ${labels[$i]} ($runs runs)…" >&2
  # --ignore-failure: a contender that fails is still timed, and its row counts show it (WRONG) instead of ending the bench.
  hyperfine --shell bash --style none --ignore-failure --runs "$runs" --export-json "$out/${names[$i]}.json" \
    --prepare "$out/prepare.sh ${names[$i]} ${modes[$i]}" "${commands[$i]}" >/dev/null
  "$out/prepare.sh" "${names[$i]}" "${modes[$i]}"   # checks the last run
done

# What one JVM start and one connection cost on this machine now: the floor under every migrate data row.
hyperfine -N --style none --runs "$runs" --export-json "$out/jvm.json" "$sd db connect $src --output json" >/dev/null 2>&1

printf '\nPostgreSQL %s, %s rows in %s tables, %s MB of table data (%s MB with indexes), %s runs each, %s; load %s\n' \
  "$pgv" "$rows" "$tables" "$((table_bytes / 1000000))" "$((total_bytes / 1000000))" "$runs" "$(date -u '+%F %H:%M UTC')" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %8s %7s %8s %8s %7s %7s  %s\n' "contender" "mean s" "± s" "min s" "MB/s" "ratio" "(min)" "row counts"
stat() { python3 -c "import json,sys; r = json.load(open(sys.argv[1]))['results'][0]; print(r[sys.argv[2]] or 0)" "$out/$1.json" "$2"; }
md_mean="$(stat md mean)"; md_min="$(stat md min)"
for i in "${!names[@]}"; do
  n="${names[$i]}"
  mean="$(stat "$n" mean)"; min="$(stat "$n" min)"
  checked="$( [ -f "$out/$n.checked" ] && wc -l < "$out/$n.checked" || echo 0)"
  verdict="$checked/$runs equal the source's"
  [ -f "$out/$n.bad" ] && verdict="WRONG in $((runs - checked)) run(s): $(head -3 "$out/$n.bad" | tr '\n' ' ')"
  printf '%-44s %8.2f %7.2f %8.2f %8.1f %6.2fx %6.2fx  %s\n' "${labels[$i]}" "$mean" "$(stat "$n" stddev)" "$min" \
    "$(python3 -c "print($table_bytes / 1e6 / $mean)")" "$(python3 -c "print($mean / $md_mean)")" "$(python3 -c "print($min / $md_min)")" "$verdict"
done
printf '%-44s %8.2f  (JVM start and one connection: the fixed cost in each migrate data row)\n' "supa-dokploy db connect" "$(stat jvm mean)"
[ -n "$pgcopydb_missing" ] && printf '%-44s %s\n' "pgcopydb" "left out: $pgcopydb_missing"
echo "(MB/s: the source's table data, heap + TOAST, in 10^6 bytes per second of mean wall clock, JVM start included; ratio: mean time / migrate data's, (min): fastest run / migrate data's)"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
for name, label in (("md", "migrate data"), ("md_noverify", "migrate data --no-verify-integrity")):
    try:
        r = json.load(open(f"{out}/{name}.out.json"))
        r = r.get("result", r)
        r["tables"]
    except (OSError, ValueError, KeyError):
        print(f"{label} (last run): no result (it failed; see the row counts)")
        continue
    big = sorted(r["tables"], key=lambda t: -t["seconds"])[:3]
    print(f"{label} (last run): {r['seconds']:.2f} s inside the JVM, verdict {r['verdict']}, {r['bytes'] / 1e6:.0f} MB streamed "
          f"as COPY, {r['jobs']} jobs, triggersDeferred {r['triggersDeferred']}; slowest tables: "
          + ", ".join(f"{t['table']} {t['seconds']:.2f} s ({t['parts']} part(s), {t['format']})" for t in big))
PY
