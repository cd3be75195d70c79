#!/usr/bin/env bash
# How long `--help`, a group's help and a failing command take against a bare JVM's start, in one run (the same load
# for each): median of RUNS runs (default 21) per case, with the ratio to `java -Xshare:auto -cp DIR Trivial`, and the
# ratio of the CPU time (user + system, mean), which a busy machine distorts less than the wall time.
#
#   bench/cli-startup.sh                   the installed launcher, installed from target/ into a scratch prefix
#   bench/cli-startup.sh LAUNCHER…         also these launchers (e.g. an older installation's bin/supa-dokploy),
#                                          one column each: before and after a change, side by side
#
# Needs hyperfine (installed from Debian's packages when missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${RUNS:-21}"
jar="$here/../target/supa-dokploy.jar"
[ -f "$jar" ] || (cd "$here/.." && mvn -B -q -DskipTests package)
command -v hyperfine >/dev/null || { echo "installing hyperfine (Debian package)…" >&2; apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

out="$(mktemp -d /tmp/sd-cli-startup.XXXXXX)"
trap 'rm -rf "$out"' EXIT
printf 'public class Trivial { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$out/Trivial.java"
javac -d "$out" "$out/Trivial.java"
"$here/../install.sh" --skip-build --prefix "$out/prefix" 2>/dev/null
launchers=("$out/prefix/bin/supa-dokploy" "$@")
# No configuration and no database in the environment: `db sql` fails for want of a database.
export XDG_CONFIG_HOME="$out/config"
unset SUPA_DOKPLOY_DATABASE_URL SUPA_DOKPLOY_CONFIG PGHOST PGDATABASE PGUSER DATABASE_URL

cases=("--version" "--help" "db --help" "--no-such-option" "db sql 'SELECT 1'"
  "db sql --connection postgres://postgres@127.0.0.1:1/postgres 'SELECT 1'")
labels=("--version" "--help" "db --help" "usage error: unknown option (exit 2)" "db sql, no database given"
  "db sql to a closed port (exit 3)")

median() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$@"; }
cpu() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print(r["user"]+r["system"])' "$@"; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(java -version 2>&1 | sed -n 1p)" >&2
hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$out/bare.json" \
  "java -Xshare:auto -cp $out Trivial" >/dev/null 2>&1
for i in "${!cases[@]}"; do
  commands=()
  for l in "${launchers[@]}"; do commands+=("$l ${cases[$i]}"); done
  hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$out/case$i.json" "${commands[@]}" >/dev/null 2>&1
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

bare="$(median "$out/bare.json" 0)"
bare_cpu="$(cpu "$out/bare.json" 0)"
printf '\n%-40s' "median of $runs runs"
for l in "${launchers[@]}"; do printf ' %26s' "$( [ "$l" = "${launchers[0]}" ] && echo "this tree" || basename "$(dirname "$(dirname "$l")")")"; done
printf '\n%-40s %11.0f ms  1.00x (cpu 1.00x)\n' "bare JVM: java -cp DIR Trivial" "$(python3 -c "print($bare*1000)")"
for i in "${!cases[@]}"; do
  printf '%-40s' "${labels[$i]}"
  for j in "${!launchers[@]}"; do
    m="$(median "$out/case$i.json" "$j")"
    c="$(cpu "$out/case$i.json" "$j")"
    printf ' %7.0f ms %5.2fx (cpu %4.2fx)' "$(python3 -c "print($m*1000)")" "$(python3 -c "print($m/$bare)")" \
      "$(python3 -c "print($c/$bare_cpu)")"
  done
  printf '\n'
done
