#!/usr/bin/env bash
# The MCP server's launch → initialize answer: start `supa-dokploy mcp`, send initialize, time until the answer line
# (bench/mcp_init_time.py), median of RUNS launches (default 11) through the installed launcher (with the class-data
# sharing archive install.sh makes), as plain `java -jar`, and the bare JVM (`java -cp DIR Hello`) for scale, all in
# one run so that the machine's load is the same for each.
#
#   bench/mcp-startup.sh          (builds the jar when target/ has none; installs into a scratch prefix)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export RUNS="${RUNS:-11}"
jar="$here/../target/supa-dokploy.jar"
[ -f "$jar" ] || (cd "$here/.." && mvn -B -q -DskipTests package)
out="$(mktemp -d /tmp/sd-mcp-startup.XXXXXX)"
trap 'rm -rf "$out"' EXIT
"$here/../install.sh" --skip-build --prefix "$out/prefix" 2>/dev/null
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$out/Hello.java"
javac -d "$out" "$out/Hello.java"
export XDG_CONFIG_HOME="$out/config"
bare() { # the bare JVM's launch → first line, timed like the MCP server
  python3 - "$RUNS" "$out" <<'PY'
import statistics, subprocess, sys, time
times = []
for _ in range(int(sys.argv[1])):
    t0 = time.perf_counter()
    subprocess.run(["java", "-Xshare:auto", "-cp", sys.argv[2], "Hello"], stdout=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - t0) * 1000)
print(f"{statistics.median(times):.0f}")
PY
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(java -version 2>&1 | sed -n 1p)" >&2
b="$(bare)"
installed="$(python3 "$here/mcp_init_time.py" "$out/prefix/bin/supa-dokploy" mcp)"
plain="$(python3 "$here/mcp_init_time.py" java -Xshare:auto -jar "$jar" mcp)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '%-44s %6s ms\n' "bare JVM (java -cp DIR Hello), median of $RUNS" "$b"
printf '%-44s %6s ms\n' "mcp launch → initialize, installed launcher" "$installed"
printf '%-44s %6s ms\n' "mcp launch → initialize, java -jar" "$plain"
