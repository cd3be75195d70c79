#!/usr/bin/env bash
# What every cron job and CI step pays before supa-dokploy does anything: the installed launcher (with the
# class-data sharing archive install.sh builds) against a bare `java -cp DIR Hello` on the same machine in the
# same run, and the plain `java -jar` without the archive, with ratios to the bare JVM.
#
#   bench/startup.sh          (RUNS=20 by default; installs hyperfine from Debian's packages when missing)
#
# Measures: --version, --help, a failing `db connect` to a closed port (exit 3), and the MCP server's
# launch → initialize answer (median of 5 launches, bench/mcp_init_time.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
runs="${RUNS:-20}"
jar="$here/../target/supa-dokploy.jar"
[ -f "$jar" ] || (cd "$here/.." && mvn -B -q -DskipTests package)
command -v hyperfine >/dev/null || { echo "installing hyperfine (Debian package)…" >&2; apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

out="$(mktemp -d /tmp/sd-startup.XXXXXX)"
trap 'rm -rf "$out"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$out/Hello.java"
javac -d "$out" "$out/Hello.java"
"$here/../install.sh" --skip-build --prefix "$out/prefix" 2>/dev/null
sd="$out/prefix/bin/supa-dokploy"
plain="java -Xshare:auto -jar $jar"
closed="postgres://postgres@127.0.0.1:1/postgres"
export XDG_CONFIG_HOME="$out/config"

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(java -version 2>&1 | sed -n 1p)" >&2
hf() { hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$out/$1.json" "${@:2}" >/dev/null 2>&1; }
hf bare "java -Xshare:auto -cp $out Hello"
hf version "$sd --version" "$plain --version"
hf help "$sd --help" "$plain --help"
hf connect "$sd db connect $closed" "$plain db connect $closed"
mcp_sd="$(python3 "$here/mcp_init_time.py" "$sd" mcp)"
mcp_plain="$(python3 "$here/mcp_init_time.py" java -Xshare:auto -jar "$jar" mcp)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

bare="$(bench_mean "$out/bare.json" 0)"
row() { # name installed-seconds plain-seconds
  printf '%-46s %9.0f ms %6.2fx %12.0f ms %6.2fx\n' "$1" "$(python3 -c "print($2*1000)")" "$(python3 -c "print($2/$bare)")" \
    "$(python3 -c "print($3*1000)")" "$(python3 -c "print($3/$bare)")"
}
printf '\n%-46s %12s %7s %15s %7s\n' "startup (mean of $runs runs; MCP: median of 5)" "installed" "ratio" "java -jar" "ratio"
printf '%-46s %9.0f ms %6.2fx\n' "bare JVM: java -cp DIR Hello" "$(python3 -c "print($bare*1000)")" 1
row "--version" "$(bench_mean "$out/version.json" 0)" "$(bench_mean "$out/version.json" 1)"
row "--help" "$(bench_mean "$out/help.json" 0)" "$(bench_mean "$out/help.json" 1)"
row "db connect to a closed port (exit 3)" "$(bench_mean "$out/connect.json" 0)" "$(bench_mean "$out/connect.json" 1)"
row "mcp: launch → initialize answer" "$(python3 -c "print($mcp_sd/1000)")" "$(python3 -c "print($mcp_plain/1000)")"
