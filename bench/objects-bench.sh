#!/usr/bin/env bash
# The Storage part of a backup (issue 19) against `rclone copy` of the same objects, on the real Storage server
# (../shared/storage-api: storage-api with the file backend, its own PostgreSQL 15), printed side by side from one run.
#
#   bench/objects-bench.sh            1,000 objects of 100 KB and 10 of 50 MB (SMALL, LARGE and their sizes override)
#
# Contenders, each reading every object through Storage's S3 endpoint (<public URL>/storage/v1/s3, the gateway):
#   backup create --objects --compress none   the objects part (4 workers, SHA-256 each) plus the (tiny) database part,
#                                             into one archive
#   rclone copy --transfers 4                 the same objects into a directory (Debian's rclone)
#   backup restore (objects)                  the archive back onto a second, fresh Storage: upload and rows
#   rclone copy --transfers 4 (upload)        the directory into that fresh Storage
# RUNS is 1: the objects are large and one run shows the ratio. AWS_CA_BUNDLE is unset for rclone (its S3 client
# refuses a custom bundle on its own HTTP transport). Needs root (start.sh runs PostgreSQL as postgres),
# python3-boto3 (to load the objects) and rclone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${SUPA_DOKPLOY_STORAGE_API:-$here/../../shared/storage-api}"
small="${SMALL:-1000}" small_kb="${SMALL_KB:-100}" large="${LARGE:-10}" large_mb="${LARGE_MB:-50}"
jar="$here/../target/supa-dokploy.jar"
tree="${SUPA_DOKPLOY_STORAGE_API_TREE:-/tmp/storage-api}"
for c in rclone python3; do command -v "$c" >/dev/null || { echo "needs $c" >&2; exit 1; }; done
python3 -c 'import boto3' 2>/dev/null || { echo "needs python3-boto3" >&2; exit 1; }
[ -x "$shared/start.sh" ] || { echo "no $shared/start.sh" >&2; exit 1; }
[ -f "$jar" ] || (cd "$here/.." && mvn -B -q -o -DskipTests package)
[ -f "$tree/.prepared" ] || SA="$tree" "$shared/prepare.sh"
work="$(mktemp -d /tmp/objects-bench.XXXXXX)"

server() { # name pgport port gwport: a fresh Storage; prints its client.env path
  local sa="/tmp/storage-api-bench-$1"
  mkdir -p "$sa"; for l in node app; do [ -e "$sa/$l" ] || ln -s "$tree/$l" "$sa/$l"; done; cp "$tree/.prepared" "$sa/"
  SA="$sa" PGDIR="/tmp/storage-pg-bench-$1" PGPORT="$2" STORAGE_PORT="$3" GATEWAY_PORT="$4" FRESH=1 \
    "$shared/start.sh" >"$work/start-$1.log" 2>&1
  echo "$sa/client.env"
}
stop() { for n in src dst; do SA="/tmp/storage-api-bench-$n" PGDIR="/tmp/storage-pg-bench-$n" "$shared/stop.sh" >/dev/null 2>&1 || true; done
  rm -rf "$work"; }
trap stop EXIT

src_env="$(server src 5461 5020 5100)"; dst_env="$(server dst 5462 5021 5101)"
load() { (set -a; . "$1"; set +a; eval "$2"); }

echo "loading $small x ${small_kb} KB and $large x ${large_mb} MB…" >&2
load "$src_env" 'python3 - "$small" "$small_kb" "$large" "$large_mb" <<"PY"
import os, sys, boto3, concurrent.futures as cf
from botocore.config import Config
small, skb, large, lmb = map(int, sys.argv[1:])
s3 = boto3.client("s3", endpoint_url=os.environ["STORAGE_S3_URL"], region_name="us-east-1",
    aws_access_key_id=os.environ["STORAGE_S3_ACCESS_KEY_ID"], aws_secret_access_key=os.environ["STORAGE_S3_SECRET_ACCESS_KEY"],
    config=Config(s3={"addressing_style": "path"}, max_pool_connections=8))
for b in ("small", "large"): s3.create_bucket(Bucket=b)
jobs = [("small", "o/%05d.bin" % i, skb * 1000) for i in range(small)] + [("large", "big-%02d.bin" % i, lmb * 1000 * 1000 - 1) for i in range(large)]
def put(j): s3.put_object(Bucket=j[0], Key=j[1], Body=os.urandom(j[2]), ContentType="application/octet-stream")
with cf.ThreadPoolExecutor(8) as ex: list(ex.map(put, jobs))
PY'

rclone_env() { # prefix env file: an rclone remote named $1 for that Storage
  (set -a; . "$2"; set +a
   echo "RCLONE_CONFIG_$1_TYPE=s3 RCLONE_CONFIG_$1_PROVIDER=Other RCLONE_CONFIG_$1_ENDPOINT=$STORAGE_S3_URL" \
        "RCLONE_CONFIG_$1_ACCESS_KEY_ID=$STORAGE_S3_ACCESS_KEY_ID RCLONE_CONFIG_$1_SECRET_ACCESS_KEY=$STORAGE_S3_SECRET_ACCESS_KEY" \
        "RCLONE_CONFIG_$1_FORCE_PATH_STYLE=true RCLONE_CONFIG_$1_REGION=us-east-1")
}
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'; }

total_mb=$(awk -v s="$small" -v k="$small_kb" -v l="$large" -v m="$large_mb" 'BEGIN { printf "%.0f", (s*k/1000 + l*m) }')
sd_backup() { (set -a; . "$src_env"; set +a; export SUPABASE_PUBLIC_URL="$SUPABASE_URL" \
  S3_PROTOCOL_ACCESS_KEY_ID="$STORAGE_S3_ACCESS_KEY_ID" S3_PROTOCOL_ACCESS_KEY_SECRET="$STORAGE_S3_SECRET_ACCESS_KEY"
  java -jar "$jar" backup create --connection "$DATABASE_URL" --objects --compress none -o "$work/archive.sdbak"); }
sd_restore() { (set -a; . "$dst_env"; set +a; export SUPABASE_PUBLIC_URL="$SUPABASE_URL" \
  S3_PROTOCOL_ACCESS_KEY_ID="$STORAGE_S3_ACCESS_KEY_ID" S3_PROTOCOL_ACCESS_KEY_SECRET="$STORAGE_S3_SECRET_ACCESS_KEY"
  java -jar "$jar" backup restore "$work/archive.sdbak" --connection "$DATABASE_URL" --objects --yes); }
rc_down() { env -u AWS_CA_BUNDLE $(rclone_env SRC "$src_env") bash -c "rclone copy --transfers 4 SRC:small '$work/copy/small' && rclone copy --transfers 4 SRC:large '$work/copy/large'"; }
rc_up() { env -u AWS_CA_BUNDLE $(rclone_env DST "$dst_env") bash -c "rclone copy --transfers 4 '$work/copy/small' DST:small2 && rclone copy --transfers 4 '$work/copy/large' DST:large2"; }
prep_dst() { (set -a; . "$dst_env"; set +a; python3 - <<"PY"
import os, boto3
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=os.environ["STORAGE_S3_URL"], region_name="us-east-1",
    aws_access_key_id=os.environ["STORAGE_S3_ACCESS_KEY_ID"], aws_secret_access_key=os.environ["STORAGE_S3_SECRET_ACCESS_KEY"],
    config=Config(s3={"addressing_style": "path"}))
for b in ("small2", "large2"): s3.create_bucket(Bucket=b)
PY
); }

t_backup=$(timed sd_backup)
t_rclone=$(timed rc_down)
t_restore=$(timed sd_restore)
prep_dst
t_rclone_up=$(timed rc_up)
printf '\n%s objects of %s KB + %s of %s MB (%s MB), Storage = storage-api %s, file backend, one run\n' \
  "$small" "$small_kb" "$large" "$large_mb" "$total_mb" "$(cat "$tree/app/COMMIT" 2>/dev/null | cut -c1-8)"
printf '%-50s %8s %10s %8s\n' contender "s" "MB/s" ratio
row() { printf '%-50s %8s %10s %8s\n' "$1" "$2" "$(awk -v m="$total_mb" -v t="$2" 'BEGIN { printf "%.1f", m / t }')" \
  "$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.2fx", a / b }')"; }
row "backup create --objects (archive, SHA-256 each)" "$t_backup" "$t_rclone"
row "rclone copy --transfers 4 (download)" "$t_rclone" "$t_rclone"
row "backup restore (upload + rows)" "$t_restore" "$t_rclone_up"
row "rclone copy --transfers 4 (upload)" "$t_rclone_up" "$t_rclone_up"
