#!/usr/bin/env bash
# Builds supa-dokploy and installs it for the current user (or under --prefix):
#   PREFIX/bin/supa-dokploy                          launcher
#   PREFIX/share/supa-dokploy/supa-dokploy.jar       the program
#   PREFIX/share/bash-completion/completions/supa-dokploy
#   PREFIX/share/man/man1/supa-dokploy*.1
# Usage: ./install.sh [--prefix DIR] [--skip-build]
set -euo pipefail

prefix="${HOME}/.local"
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --skip-build) build=0; shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/supa-dokploy.jar"

if ! command -v java >/dev/null 2>&1; then
  echo "install.sh: java not found; install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)" >&2
  exit 1
fi
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
if [ "${java_major:-0}" -lt 17 ]; then
  echo "install.sh: Java 17 or newer is needed, found ${java_major:-unknown}" >&2
  exit 1
fi

if [ "$build" = 1 ]; then
  if ! command -v mvn >/dev/null 2>&1; then
    echo "install.sh: mvn not found; install Maven 3.8+ (Debian: apt-get install maven) or pass --skip-build with a built jar" >&2
    exit 1
  fi
  echo "Building (mvn -B -q -DskipTests package)…" >&2
  (cd "$here" && mvn -B -q -DskipTests package)
fi
[ -f "$jar" ] || { echo "install.sh: $jar is missing; run without --skip-build" >&2; exit 1; }

share="$prefix/share/supa-dokploy"
mkdir -p "$prefix/bin" "$share" "$prefix/share/bash-completion/completions" "$prefix/share/man/man1"
install -m 0644 "$jar" "$share/supa-dokploy.jar.tmp"
mv -f "$share/supa-dokploy.jar.tmp" "$share/supa-dokploy.jar"

# The launcher finds java at run time; SUPA_DOKPLOY_JAVA / SUPA_DOKPLOY_JAVA_OPTS override.
# -Xlog sends JVM warnings to stderr: stdout carries results and the MCP protocol.
cat > "$prefix/bin/supa-dokploy.tmp" <<LAUNCHER
#!/bin/sh
exec "\${SUPA_DOKPLOY_JAVA:-java}" -Xshare:auto -Xlog:disable -Xlog:all=warning:stderr \${SUPA_DOKPLOY_JAVA_OPTS:-} -jar "$share/supa-dokploy.jar" "\$@"
LAUNCHER
chmod 0755 "$prefix/bin/supa-dokploy.tmp"
mv -f "$prefix/bin/supa-dokploy.tmp" "$prefix/bin/supa-dokploy"

install -m 0644 "$here/completions/supa-dokploy.bash" "$prefix/share/bash-completion/completions/supa-dokploy"
for page in "$here"/man/*.1; do
  install -m 0644 "$page" "$prefix/share/man/man1/"
done

echo "Installed supa-dokploy $("$prefix/bin/supa-dokploy" --version | head -1 | cut -d' ' -f2) to $prefix/bin/supa-dokploy" >&2
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add $prefix/bin to PATH, e.g.: echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.profile" >&2 ;;
esac
