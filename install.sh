#!/usr/bin/env bash
# Builds supa-dokploy and installs it for the current user (or under --prefix):
#   PREFIX/bin/supa-dokploy                                  launcher
#   PREFIX/share/supa-dokploy/supa-dokploy.jar               the program
#   PREFIX/share/supa-dokploy/supa-dokploy.jsa               class-data sharing archive (faster start)
#   PREFIX/share/bash-completion/completions/supa-dokploy    bash completion
#   PREFIX/share/zsh/site-functions/_supa-dokploy            zsh completion
#   PREFIX/share/fish/vendor_completions.d/supa-dokploy.fish fish completion
#   PREFIX/share/man/man1/supa-dokploy*.1                    man pages
# Usage: ./install.sh [--prefix DIR] [--skip-build] [--uninstall]
#   --prefix DIR   where to install (default ~/.local; no root needed)
#   --skip-build   install target/supa-dokploy.jar as it is
#   --uninstall    remove what an earlier install put under the prefix
# Running it again updates the installation in place. Rerun it after upgrading Java (the archive is per Java build).
set -euo pipefail

prefix="${HOME}/.local"
build=1
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --skip-build) build=0; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[ -n "$prefix" ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }
prefix="$(mkdir -p "$prefix" && cd "$prefix" && pwd)"

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/supa-dokploy.jar"
share="$prefix/share/supa-dokploy"
# Every file this script installs, relative to the prefix, so that --uninstall and a later install (which may
# install fewer man pages) remove exactly what was put there.
manifest="$share/installed-files"

remove_installed() {
  while IFS= read -r file; do
    case "$file" in
      ''|/*|*..*) continue ;;  # only plain paths under the prefix
    esac
    rm -f "$prefix/$file"
  done < "$manifest"
}

if [ "$uninstall" = 1 ]; then
  if [ ! -f "$manifest" ]; then
    echo "install.sh: supa-dokploy is not installed under $prefix; nothing to remove" >&2
    exit 0
  fi
  remove_installed
  mapfile -t files < <(sort -r "$manifest")
  rm -f "$manifest"
  # The directories of those files that are empty now (share/zsh/site-functions…), up to the prefix itself.
  for file in "${files[@]}" share/supa-dokploy/installed-files; do
    dir="$(dirname "$file")"
    while [ "$dir" != . ] && rmdir "$prefix/$dir" 2>/dev/null; do dir="$(dirname "$dir")"; done
  done
  echo "Removed supa-dokploy from $prefix" >&2
  exit 0
fi

# The Java the launcher will run: JAVA_HOME first, then PATH (the archive below is made for that Java).
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  java="$(command -v java)"
else
  echo "install.sh: java not found; install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME" >&2
  exit 1
fi
java_major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
if [ "${java_major:-0}" -lt 17 ]; then
  echo "install.sh: Java 17 or newer is needed, $java is ${java_major:-unknown}" >&2
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

installed=()
put() { # put MODE SOURCE RELATIVE-TARGET: atomic (temp name, then rename), recorded in the manifest
  mkdir -p "$(dirname "$prefix/$3")"
  install -m "$1" "$2" "$prefix/$3.tmp"
  mv -f "$prefix/$3.tmp" "$prefix/$3"
  installed+=("$3")
}

previous=()
[ -f "$manifest" ] && mapfile -t previous < "$manifest"
mkdir -p "$share" "$prefix/bin"
put 0644 "$jar" share/supa-dokploy/supa-dokploy.jar
put 0644 "$here/completions/supa-dokploy.bash" share/bash-completion/completions/supa-dokploy
put 0644 "$here/completions/_supa-dokploy" share/zsh/site-functions/_supa-dokploy
put 0644 "$here/completions/supa-dokploy.fish" share/fish/vendor_completions.d/supa-dokploy.fish
for page in "$here"/man/*.1; do
  put 0644 "$page" "share/man/man1/$(basename "$page")"
done

# Class-data sharing: a few training runs record the classes a start needs (the MCP server answering initialize and
# tools/list; --help of the root and of a group; a usage error; a query to a closed port and one without a database), then
# one JVM writes them into an archive for this jar and this Java. A static archive (-Xshare:dump) rather than one
# written at exit (-XX:ArchiveClassesAtExit): only the static one holds picocli, whose classes are Java 5 class files
# that Java 17 leaves out of the other, and picocli is most of what --help and a usage error load (bench/cli-startup.sh).
# The launcher uses it only when it is whole (its size and first 64 KiB as written here: a damaged archive can crash
# the JVM before main), and the JVM ignores it when the jar or Java changed; all it costs then is start time.
archive="$share/supa-dokploy.jsa"
tmp_archive="$share/training.jsa"
training="$share/training"
rm -rf "$tmp_archive" "$training"
mkdir -p "$training"
train() { # train NAME ARGS…: one run recording the classes it loads
  XDG_CONFIG_HOME="$training/config" "$java" -XX:DumpLoadedClassList="$training/$1.classes" \
    -Xlog:disable -jar "$share/supa-dokploy.jar" "${@:2}" >/dev/null 2>&1 </dev/null || true
}
# The runs are independent: side by side, so that installing takes little longer than the MCP run alone.
train help --help &
train group db --help &
train usage --no-such-option &
train failing db sql --connection postgres://postgres@127.0.0.1:1/postgres 'SELECT 1' & # a closed port
# no database given, nor one from the environment or a configuration: the error path before any connection
(unset SUPA_DOKPLOY_DATABASE_URL SUPA_DOKPLOY_CONFIG; train nodb db sql 'SELECT 1') &
printf '%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"install.sh","version":"1"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' |
  XDG_CONFIG_HOME="$training/config" "$java" -XX:DumpLoadedClassList="$training/mcp.classes" -Xlog:disable \
    -jar "$share/supa-dokploy.jar" --quiet mcp >/dev/null 2>&1 || true
wait
# One list, each class once, in the order the runs first loaded them.
cat "$training"/*.classes 2>/dev/null | awk '!/^#/ && !seen[$0]++' > "$training/all.classes"
if [ -s "$training/all.classes" ]; then
  "$java" -Xshare:dump -XX:SharedClassListFile="$training/all.classes" -XX:SharedArchiveFile="$tmp_archive" -Xlog:disable \
    -cp "$share/supa-dokploy.jar" >/dev/null 2>&1 || rm -f "$tmp_archive"
fi
rm -rf "$training"
if [ -s "$tmp_archive" ]; then
  mv -f "$tmp_archive" "$archive"
  head -c 65536 "$archive" > "$archive.head"
  archive_size="$(wc -c < "$archive" | tr -d ' ')"
  installed+=(share/supa-dokploy/supa-dokploy.jsa share/supa-dokploy/supa-dokploy.jsa.head)
else
  archive_size=0
  rm -f "$tmp_archive"
  echo "install.sh: could not build the class-data sharing archive; supa-dokploy works, it only starts slower" >&2
fi

# Java 17 updates map class-data archives at a random address (ArchiveRelocationMode=1) and then patch every pointer
# in them, at each start: with this archive that costs more than a bare JVM's whole start (bench/mcp-startup.sh).
# Mode 0, Java 17's first default, maps them at the address they were made for and relocates only when that is taken.
# The option is a diagnostic one, so the launcher passes it only to the Java it was checked with here (the same
# resolved path); any other Java gets the archive alone, which it uses or ignores.
java_real="$(readlink -f "$java")"
relocation=""
if "$java" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -Xshare:auto -version >/dev/null 2>&1; then
  relocation="-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
fi

# The launcher finds Java at run time: SUPA_DOKPLOY_JAVA, then JAVA_HOME, then PATH; SUPA_DOKPLOY_JAVA_OPTS adds options.
# JVM warnings go to stderr (stdout carries results and the MCP protocol); the archive's own messages are off.
# exec passes the exit code through.
cat > "$prefix/bin/supa-dokploy.tmp" <<LAUNCHER
#!/bin/sh
# supa-dokploy launcher, written by install.sh.
share='$share'
if [ -n "\${SUPA_DOKPLOY_JAVA:-}" ]; then
  java="\$SUPA_DOKPLOY_JAVA"
elif [ -n "\${JAVA_HOME:-}" ] && [ -x "\$JAVA_HOME/bin/java" ]; then
  java="\$JAVA_HOME/bin/java"
else
  java=java
fi
cds=
archive="\$share/supa-dokploy.jsa"
# --version loads a handful of classes: mapping the archive costs it more than it saves (bench/startup.sh).
case "\$*" in
  --version|-V) ;;
  *) if [ -f "\$archive" ] && [ "\$(wc -c < "\$archive" 2>/dev/null)" -eq $archive_size ] 2>/dev/null \\
         && cmp -s -n 65536 "\$archive" "\$archive.head"; then
       cds="-XX:SharedArchiveFile=\$archive"
       # the archive at its own address, only for the Java install.sh checked the option with
       if [ -n '$relocation' ] && [ "\$(readlink -f "\$(command -v "\$java")" 2>/dev/null)" = '$java_real' ]; then
         cds="$relocation \$cds"
       fi
     fi ;;
esac
# A start runs mostly in the interpreter; compiling what it runs only a few times takes the CPU it needs: the MCP
# server's first answers (bench/mcp-startup.sh), a usage error or a failing command (bench/cli-startup.sh: a sixth less
# CPU). Five times the usual counts before compiling changes nothing for long runs (the server, migrate data, backups),
# whose hot code is compiled all the same, a few milliseconds later.
exec "\$java" -Xshare:auto \$cds -XX:CompileThresholdScaling=5 -Xlog:disable -Xlog:all=warning,cds*=off:stderr \${SUPA_DOKPLOY_JAVA_OPTS:-} \\
  -jar "\$share/supa-dokploy.jar" "\$@"
LAUNCHER
chmod 0755 "$prefix/bin/supa-dokploy.tmp"
mv -f "$prefix/bin/supa-dokploy.tmp" "$prefix/bin/supa-dokploy"
installed+=(bin/supa-dokploy)

printf '%s\n' "${installed[@]}" > "$manifest.tmp"
# What the previous install put there and this one did not (a man page of a removed command) goes.
for file in "${previous[@]}"; do
  case " ${installed[*]} " in
    *" $file "*) ;;
    *) case "$file" in ''|/*|*..*) ;; *) rm -f "$prefix/$file" ;; esac ;;
  esac
done
mv -f "$manifest.tmp" "$manifest"

echo "Installed supa-dokploy $("$prefix/bin/supa-dokploy" --version | head -1 | cut -d' ' -f2) to $prefix/bin/supa-dokploy" >&2
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add $prefix/bin to PATH, e.g.: echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.profile" >&2 ;;
esac
