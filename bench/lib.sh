# Shared helpers for the benchmarks: a throwaway PostgreSQL cluster from Debian's packages.
# Benchmarks are for people, not CI: they install what they need (apt-get) and take minutes.

# Installs what is missing of hyperfine, psql and the PostgreSQL server; each argument is one more "command:package"
# wanted on top (e.g. pgcopydb:pgcopydb). Returns non-zero when apt-get fails; callers that can do without an extra
# check `command -v` afterwards.
bench_need() {
  local missing=() extra
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  command -v psql >/dev/null || missing+=(postgresql-client)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  for extra in "$@"; do
    command -v "${extra%%:*}" >/dev/null || missing+=("${extra#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (Debian packages)…" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Starts a cluster on $BENCH_PORT in a temp dir; sets BENCH_URL and BENCH_DIR; stops it on exit.
bench_start_pg() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  BENCH_PORT="${BENCH_PORT:-55432}"
  BENCH_DIR="$(mktemp -d /tmp/sd-bench.XXXXXX)"
  chmod 755 "$BENCH_DIR"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$BENCH_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$BENCH_DIR/data" -U postgres -A trust >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$BENCH_DIR/data" -l "$BENCH_DIR/log" -w \
    -o "-p $BENCH_PORT -k $BENCH_DIR -c max_connections=100 -c shared_buffers=256MB -c fsync=off" start >/dev/null
  trap "'${run[*]}' '$bin/pg_ctl' -D '$BENCH_DIR/data' -m fast stop >/dev/null 2>&1; rm -rf '$BENCH_DIR'" EXIT
  [ "$(id -u)" = 0 ] && trap "runuser -u postgres -- '$bin/pg_ctl' -D '$BENCH_DIR/data' -m fast stop >/dev/null 2>&1; rm -rf '$BENCH_DIR'" EXIT
  BENCH_URL="postgres://postgres@127.0.0.1:$BENCH_PORT/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $BENCH_PORT" >&2
}

# Mean seconds of a hyperfine JSON export (first command = index 0).
bench_mean() {
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['mean'])" "$1" "$2"
}
