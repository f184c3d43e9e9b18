#!/usr/bin/env bash
# Serves the blog demo with everything it needs, all under ./var (STASHQL_VAR) and on loopback:
# - a redis-server on port 6390 (BLOG_REDIS_PORT) loaded with the demo data, unless REDIS_URL
#   names a Redis to use instead (that one is never written to by this script);
# - the comments service: nginx on port 4001 (COMMENTS_PORT) serving data/http, unless
#   COMMENTS_URL is set;
# - the post bodies copied to var/blog/blobs (posts written since are kept).
# Ctrl-C stops stashql and then whatever this script started (by PID).
# Usage: pipelines/blog/run.sh [path/to/stashql] [port]
set -euo pipefail

stashql=${1:-build/stashql}
port=${2:-4000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
var=${STASHQL_VAR:-$root/var}
mkdir -p "$var/blog/blobs" "$var/redis" "$var/nginx"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits (at most 10 s) until a TCP port on 127.0.0.1 accepts connections.
wait_for_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: nothing answers on port $1 (see $2)" >&2
  return 1
}

cp -rn "$here/data/blobs/." "$var/blog/blobs/"
export BLOG_BLOBS="$var/blog/blobs"

if [ -z "${REDIS_URL:-}" ]; then
  redis_port=${BLOG_REDIS_PORT:-6390}
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$var/redis" --save "60 1" \
    --appendonly no --daemonize no --logfile "$var/redis/redis.log" &
  pids+=($!)
  wait_for_port "$redis_port" "$var/redis/redis.log"
  redis-cli -p "$redis_port" < "$here/data/seed.redis" > /dev/null
  export REDIS_URL="redis://127.0.0.1:$redis_port"
  echo "run.sh: redis-server on $REDIS_URL (data in var/redis)"
fi

if [ -z "${COMMENTS_URL:-}" ]; then
  comments_port=${COMMENTS_PORT:-4001}
  sed -e "s|@PORT@|$comments_port|g" -e "s|@ROOT@|$here/data/http|g" -e "s|@VAR@|$var/nginx|g" \
    "$here/data/nginx.conf.in" > "$var/nginx/nginx.conf"
  nginx -p "$var/nginx" -c "$var/nginx/nginx.conf" -e "$var/nginx/error.log" &
  pids+=($!)
  wait_for_port "$comments_port" "$var/nginx/error.log"
  export COMMENTS_URL="http://127.0.0.1:$comments_port"
  echo "run.sh: comments service (nginx) on $COMMENTS_URL"
fi

"$stashql" serve -c "$here/stashql.yaml" --port "$port" &
pids+=($!)
wait "${pids[-1]}"
