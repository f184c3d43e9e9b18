#!/usr/bin/env bash
# bench/run.sh — runs every benchmark and writes bench/results/latest.{md,json}.
# It builds nothing: `make bench` builds the Release binaries first, then calls this.
#
#  1. parse + validate: stashql_bench (Google Benchmark) and graphql-js on the same inputs,
#     both pinned to the server core; prints the ratio.
#  2. end to end: `stashql serve` (bench/app) pinned to one core, wrk pinned to another,
#     POST /graphql with `{ __typename }` and with a 50-field query; then beast_floor (a bare
#     Beast server) answering the very bytes stashql answered, as the floor. Each: a warm-up,
#     then RUNS measured runs; the median run is reported.
#  3. Redis: a redis-server (pinned to the load core) seeded by bench/redis_app/seed.mjs;
#     `stashql serve -c bench/redis_app/stashql.yaml` answering one post (an HGETALL and a
#     check) and 100 posts with their authors (the N+1 shape), with the Redis reads each one
#     costs (INFO stats around one request); then redis-benchmark HGETALL on the same Redis,
#     one command per round trip and 16 (-P 16), as the floor.
#  4. the peers (bench/peers/peers.sh): the workloads W1 { greet }, W2 { posts { title } },
#     W3a/W3b (the N+1 query over HTTP, without and with cross-request dedupe), W4 and W4blob
#     (the N+1 query on Redis, 16 KB blobs) served by stashql, Tailcall 1.0.0, Mercurius and
#     Apollo Server on the same schema and data, each with its floor; results in
#     bench/results/peers.{md,json}.
#
#   bench/run.sh               every part
#   bench/run.sh W3a W4 …      only those workloads of part 4 (W1 W2 W3a W3b W4 W4blob)
#
# Settings (environment): BUILD (default: build), DURATION (10s), WARMUP (3s), RUNS (3),
# CONNECTIONS (64), SERVER_CPU (0), LOAD_CPU (1), MICRO=0, E2E=0, REDIS=0 or PEERS=0 to skip a
# part, SERVERS (the peers of part 4: "tailcall mercurius apollo", or none), STASHQL (the server
# binary, default $BUILD/stashql: another build's, for a before/after run on the same floor).
# Everything started here is stopped by PID when the script ends, however it ends.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-build}
[[ "$BUILD" = /* ]] || BUILD="$ROOT/$BUILD"
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
RUNS=${RUNS:-3}
CONNECTIONS=${CONNECTIONS:-64}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
MICRO=${MICRO:-1}
E2E=${E2E:-1}
REDIS=${REDIS:-1}
PEERS=${PEERS:-1}
ALL_WORKLOADS=(W1 W2 W3a W3b W4 W4blob)
WORKLOADS=("${ALL_WORKLOADS[@]}")
if (( $# > 0 )); then
  for w in "$@"; do
    [[ " ${ALL_WORKLOADS[*]} " = *" $w "* ]] ||
      { echo "run.sh: unknown workload $w (expected one of: ${ALL_WORKLOADS[*]})" >&2; exit 2; }
  done
  WORKLOADS=("$@")
  MICRO=0 E2E=0 REDIS=0 PEERS=1
fi

BENCH="$ROOT/bench"
RESULTS="$BENCH/results"
RAW="$RESULTS/raw"
LUA="$BENCH/wrk/post_graphql.lua"
QUERIES=(typename fields_50)

STASHQL=${STASHQL:-$BUILD/stashql}
MICRO_BIN="$BUILD/bench/stashql_bench"
FLOOR_BIN="$BUILD/bench/beast_floor"

die() { echo "run.sh: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

for bin in "$STASHQL" "$MICRO_BIN" "$FLOOR_BIN"; do
  [[ -x "$bin" ]] || die "missing $bin — build first with \`make bench\`"
done
for tool in node wrk curl taskset; do
  command -v "$tool" >/dev/null || die "missing $tool (\`make deps\` installs it)"
done
if (( $(nproc) < 2 )); then
  die "needs 2 cores: the server and the load generator run on separate cores"
fi

mkdir -p "$RAW"
rm -rf "${RAW:?}"/*

# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

# ---- 1. parse and validate -------------------------------------------------------------------
if [[ "$MICRO" = 1 ]]; then
  say "stashql_bench (parse, validate), pinned to CPU $SERVER_CPU"
  run_waited taskset -c "$SERVER_CPU" "$MICRO_BIN" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_out="$RAW/stashql_bench.json" \
    --benchmark_out_format=json >&2
  say "graphql-js (parse, validate), pinned to CPU $SERVER_CPU"
  run_waited taskset -c "$SERVER_CPU" node "$BENCH/graphql_js_parse.mjs" > "$RAW/graphql_js_parse.json"
  node "$BENCH/report.mjs" --micro-only
fi

# ---- 2. end to end ---------------------------------------------------------------------------
if [[ "$E2E" = 1 ]]; then
  port=$(free_port)
  say "stashql serve on 127.0.0.1:$port, pinned to CPU $SERVER_CPU"
  taskset -c "$SERVER_CPU" "$STASHQL" serve -c "$BENCH/app/stashql.yaml" --port "$port" \
    > "$RAW/stashql-serve.log" 2>&1 &
  stashql_pid=$!
  PIDS+=("$stashql_pid")
  wait_for "http://127.0.0.1:$port/healthz"
  for query in "${QUERIES[@]}"; do
    curl -sf -X POST -H 'Content-Type: application/json' \
      --data "$(request_body "$BENCH/queries/$query.graphql")" \
      "http://127.0.0.1:$port/graphql" > "$RAW/$query.body" || die "stashql refused $query"
    if grep -q '"errors"' "$RAW/$query.body"; then
      die "stashql answered $query with errors: $(head -c 300 "$RAW/$query.body")"
    fi
    measure stashql "$query" "http://127.0.0.1:$port/graphql"
  done
  stop_started "$stashql_pid"

  for query in "${QUERIES[@]}"; do
    port=$(free_port)
    say "beast_floor on 127.0.0.1:$port answering the $(wc -c < "$RAW/$query.body")-byte body of $query"
    taskset -c "$SERVER_CPU" "$FLOOR_BIN" "$port" "$RAW/$query.body" > "$RAW/beast_floor.log" 2>&1 &
    floor_pid=$!
    PIDS+=("$floor_pid")
    wait_for "http://127.0.0.1:$port/"
    measure floor "$query" "http://127.0.0.1:$port/graphql"
    stop_started "$floor_pid"
  done
fi

# ---- 3. Redis-backed queries ----------------------------------------------------------------
redis_reads() {  # PORT -> total_reads_processed (the INFO call itself is one read)
  redis-cli -p "$1" INFO stats | tr -d '\r' | sed -n 's/^total_reads_processed://p'
}
if [[ "$REDIS" = 1 ]]; then
  for tool in redis-server redis-cli redis-benchmark; do
    command -v "$tool" >/dev/null || die "missing $tool (\`make deps\` installs redis-server)"
  done
  rport=$(free_port)
  start_redis "$rport" "$RAW/redis-server.log"
  redis_pid=$started_pid
  node "$BENCH/redis_app/seed.mjs" | redis-cli -p "$rport" > /dev/null

  port=$(free_port)
  say "stashql serve (bench/redis_app) on 127.0.0.1:$port, pinned to CPU $SERVER_CPU"
  REDIS_URL="redis://127.0.0.1:$rport" taskset -c "$SERVER_CPU" "$STASHQL" serve \
    -c "$BENCH/redis_app/stashql.yaml" --port "$port" > "$RAW/stashql-redis.log" 2>&1 &
  stashql_pid=$!
  PIDS+=("$stashql_pid")
  wait_for "http://127.0.0.1:$port/healthz"
  : > "$RAW/redis_round_trips.jsonl"
  for query in redis_post redis_posts_100; do
    body=$(request_body "$BENCH/queries/$query.graphql")
    curl -sf -X POST -H 'Content-Type: application/json' --data "$body" \
      "http://127.0.0.1:$port/graphql" > "$RAW/$query.body" || die "stashql refused $query"
    grep -q '"errors"' "$RAW/$query.body" && die "stashql answered $query with errors: $(head -c 300 "$RAW/$query.body")"
    # Reading the counter costs Redis reads of its own (the INFO command, the previous INFO
    # connection closing): measured with two reads in a row, then left out.
    first=$(redis_reads "$rport")
    before=$(redis_reads "$rport")
    curl -sf -X POST -H 'Content-Type: application/json' --data "$body" \
      "http://127.0.0.1:$port/graphql" > /dev/null
    after=$(redis_reads "$rport")
    trips=$((after - before - (before - first)))
    echo "{\"query\":\"$query\",\"redis_reads\":$trips}" >> "$RAW/redis_round_trips.jsonl"
    say "$query: $trips Redis read(s) for one request"
    measure stashql "$query" "http://127.0.0.1:$port/graphql"
  done
  stop_started "$stashql_pid"

  for pipeline in 1 16; do
    say "redis-benchmark HGETALL -c $CONNECTIONS -P $pipeline, pinned to CPU $SERVER_CPU"
    run_waited taskset -c "$SERVER_CPU" redis-benchmark -p "$rport" -c "$CONNECTIONS" -n 400000 \
      -P "$pipeline" --csv HGETALL post:p042 > "$RAW/redis-benchmark-P$pipeline.csv"
  done
  stop_started "$redis_pid"
fi

# ---- 4. the peers, side by side ---------------------------------------------------------------
if [[ "$PEERS" = 1 ]]; then
  # shellcheck source=bench/peers/peers.sh
  source "$BENCH/peers/peers.sh"
fi

export BUILD DURATION WARMUP RUNS CONNECTIONS SERVER_CPU LOAD_CPU
if [[ "$MICRO$E2E$REDIS" != 000 ]]; then
  node "$BENCH/report.mjs"
  say "wrote $RESULTS/latest.md and $RESULTS/latest.json"
fi
if [[ "$PEERS" = 1 ]]; then
  WORKLOADS="${WORKLOADS[*]}" node "$BENCH/peers/report.mjs"
  say "wrote $RESULTS/peers.md and $RESULTS/peers.json"
fi
