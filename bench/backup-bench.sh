#!/usr/bin/env bash
# backup create / restore against pg_dump -Fc / pg_restore, on one throwaway PostgreSQL cluster (Debian's packages) and
# the benchmarks' generated Supabase-like data set (bench/supabase-like.sql), printed side by side from one run.
#
#   bench/backup-bench.sh [SIZE_MB]      (default 1024: the source tables' size on disk, indexes included)
#
# Backups: `backup create` with zstd and a 32-byte key file (AES-256-GCM); `pg_dump -Fc` (its default compression,
# not encrypted); `pg_dump -Fc -Z0 | zstd | openssl enc -aes-256-ctr` (what people script to encrypt it). Restores
# into a fresh empty database: `backup restore` (one transaction, counts and checksums checked) of the encrypted
# archive and of a zstd one without encryption (as -Fc is), and `pg_restore` (of the -Fc dump, one job). Each
# restore must leave the source's row counts. RUNS (default 3) per contender.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
size_mb="${1:-1024}"
runs="${RUNS:-3}"
jar="$here/../target/supa-dokploy.jar"
[ -f "$jar" ] || (cd "$here/.." && mvn -B -q -o -DskipTests package)
sd="java -Xshare:auto -jar $jar"

bench_need zstd:zstd openssl:openssl
bench_start_pg
base="${BENCH_URL%/postgres}"
src="$base/bench_src"
out="$BENCH_DIR/run"   # removed with the cluster on exit
mkdir "$out"
psql -q "$BENCH_URL" -c "CREATE DATABASE bench_src"
echo "generating ~${size_mb} MB…" >&2
psql -q -v ON_ERROR_STOP=1 -v customers=$((size_mb * 490)) -v orders=$((size_mb * 1430)) -v events=$((size_mb * 1030)) \
  -f "$here/supabase-like.sql" "$src" >/dev/null
count_sql="$(psql -At "$src" -c "SELECT string_agg(format('SELECT %L, count(*) FROM %I.%I', n.nspname || '.' || c.relname,
  n.nspname, c.relname), ' UNION ALL ' ORDER BY 1) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname IN ('public', 'app')") ORDER BY 1"
psql -At "$src" -c "$count_sql" > "$out/source.counts"
read -r total_bytes < <(psql -At "$src" -c "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
  WHERE c.relkind = 'r' AND c.relnamespace IN ('public'::regnamespace, 'app'::regnamespace)")
head -c 32 /dev/urandom > "$out/key" && chmod 600 "$out/key"
pgv="$(psql -At "$src" -c 'SHOW server_version' | awk '{print $1}')"

# fresh: an empty target database for the next restore; check NAME: the target holds the source's row counts.
fresh() { psql -q "$BENCH_URL" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS bench_tgt WITH (FORCE)" \
  -c "CREATE DATABASE bench_tgt" >/dev/null; }
check() {
  psql -At "$base/bench_tgt" -c "$count_sql" > "$out/$1.counts"
  cmp -s "$out/source.counts" "$out/$1.counts" || { echo "$1: the restore's row counts differ from the source's" >&2; exit 1; }
}
# time_runs NAME CMD: mean and min seconds of RUNS runs of CMD (each after `fresh`), into $out/NAME.time
time_runs() {
  local name="$1"; shift
  local times=()
  for _ in $(seq "$runs"); do
    fresh
    local t0; t0=$(date +%s.%N)
    bash -c "$*" >/dev/null
    times+=("$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { print a - b }')")
  done
  printf '%s\n' "${times[@]}" | awk '{s += $1; if (min == "" || $1 < min) min = $1} END {printf "%.2f %.2f\n", s / NR, min}' > "$out/$name.time"
}

echo "timing backups ($runs runs each)…" >&2
time_runs create "rm -f $out/b.sdbak && $sd backup create --connection $src --output-path $out/b.sdbak --encrypt --encryption-key-file $out/key -q"
time_runs dump "pg_dump -Fc -f $out/d.dump $src"
time_runs dumpenc "pg_dump -Fc -Z0 $src | zstd -q -3 | openssl enc -aes-256-ctr -pbkdf2 -pass file:$out/key -out $out/d.dump.zst.enc"
$sd backup create --connection "$src" --output-path "$out/z.sdbak" -q >/dev/null   # zstd, not encrypted: like -Fc
echo "timing restores ($runs runs each)…" >&2
time_runs restore "$sd backup restore $out/b.sdbak --connection $base/bench_tgt --decryption-key-file $out/key -q"
check restore
time_runs restoreplain "$sd backup restore $out/z.sdbak --connection $base/bench_tgt -q"
check restoreplain
time_runs pgrestore "pg_restore -d $base/bench_tgt $out/d.dump"
check pgrestore

size() { stat -c %s "$1"; }
echo
echo "PostgreSQL $pgv, $(awk -F'|' '{s += $2} END {print s}' "$out/source.counts") rows, $((total_bytes / 1000000)) MB with indexes, $runs runs each, $(date -u '+%Y-%m-%d %H:%M') UTC; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %8s %8s %10s %8s\n' contender "mean s" "min s" "size MB" ratio
row() { read -r mean min < "$out/$2.time"; printf '%-58s %8s %8s %10s %8s\n' "$1" "$mean" "$min" "${4:-}" \
  "$(awk -v a="$mean" -v b="$3" 'BEGIN { printf "%.2fx", a / b }')"; }
read -r create_mean _ < "$out/create.time"
read -r restore_mean _ < "$out/restore.time"
row "backup create (zstd + AES-256-GCM)" create "$create_mean" "$(( $(size "$out/b.sdbak") / 1000000 ))"
row "pg_dump -Fc" dump "$create_mean" "$(( $(size "$out/d.dump") / 1000000 ))"
row "pg_dump -Fc -Z0 | zstd -3 | openssl enc" dumpenc "$create_mean" "$(( $(size "$out/d.dump.zst.enc") / 1000000 ))"
row "backup restore (one transaction, checksums checked)" restore "$restore_mean"
row "backup restore of a zstd archive, not encrypted" restoreplain "$restore_mean"
row "pg_restore (of the -Fc dump)" pgrestore "$restore_mean"
echo "(ratio: mean time / backup create's for backups, / backup restore's for restores; every restore left the source's row counts)"
