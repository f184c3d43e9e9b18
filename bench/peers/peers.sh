# bench/peers/peers.sh — part 4 of bench/run.sh: the workloads W1–W4 served by stashql and by
# its peers (Tailcall, Mercurius, Apollo Server) on the same schema and data, side by side, with
# the floors (a bare Beast server answering stashql's bytes; redis-benchmark). Sourced by
# bench/run.sh, which sets WORKLOADS and the shared settings; writes raw/peers-*.
#
# Upstream calls are shared across concurrent requests (stashql's default `dedupe: true`,
# Tailcall's `dedupe: true`) in every workload but W3a, where stashql shares them within a request
# only and Tailcall runs without dedupe. Mercurius and Apollo batch within a request (loaders,
# DataLoader) in all of them.
#
# Each server under test runs alone, pinned to SERVER_CPU; wrk, the nginx upstream and Redis
# share LOAD_CPU. Before it is measured, each server's answer must equal stashql's (the same
# `data`, no `errors`): a peer that answers something else is not measured at all.

PEERS_DIR="$BENCH/peers"
PEERS_NODE="$PEERS_DIR/node_modules"
TAILCALL="$PEERS_NODE/@tailcallhq/core-linux-x64-gnu/bin/tailcall"

[[ -x "$TAILCALL" && -d "$PEERS_NODE/mercurius" && -d "$PEERS_NODE/@apollo/server" ]] ||
  die "the peers are not installed: \`make bench-deps\` (npm ci in bench/peers)"
for tool in nginx redis-server redis-cli redis-benchmark; do
  command -v "$tool" >/dev/null || die "missing $tool (\`make deps\` installs it)"
done

# Which data a workload reads, its query, and who serves it.
workload_mode() {
  case $1 in W1 | W2 | W3a | W3b) echo http ;; W4 | W4blob) echo redis ;; esac
}
workload_query() {
  case $1 in W1) echo w1 ;; W2) echo w2 ;; W3a | W3b) echo w3 ;; W4) echo w4 ;; W4blob) echo w4_blob ;; esac
}
workload_servers() {
  local all
  case $1 in
    W1 | W2 | W3a) all="stashql tailcall mercurius apollo" ;;
    W3b) all="stashql tailcall" ;;  # the Node peers have no cross-request dedupe
    W4 | W4blob) all="stashql mercurius apollo" ;;  # Tailcall has no Redis and no files
  esac
  # SERVERS="tailcall" measures only those peers beside stashql, whose answer is the reference.
  local name out=stashql
  for name in $all; do
    [[ $name = stashql ]] && continue
    [[ -z "${SERVERS:-}" || " $SERVERS " = *" $name "* ]] && out+=" $name"
  done
  echo "$out"
}

# ---- the data and the backends, shared by every workload -----------------------------------
DATA="$RAW/peers-data"
node "$PEERS_DIR/data.mjs" "$DATA"

upstream_port=$(free_port)
mkdir -p "$RAW/nginx"
sed -e "s|@PORT@|$upstream_port|g" -e "s|@ROOT@|$DATA/http|g" -e "s|@VAR@|$RAW/nginx|g" \
  "$PEERS_DIR/nginx.conf.in" > "$RAW/nginx/nginx.conf"
say "upstream: nginx on 127.0.0.1:$upstream_port, pinned to CPU $LOAD_CPU"
taskset -c "$LOAD_CPU" nginx -p "$RAW/nginx" -c "$RAW/nginx/nginx.conf" -e "$RAW/nginx/error.log" &
nginx_pid=$!
PIDS+=("$nginx_pid")
UPSTREAM="http://127.0.0.1:$upstream_port"
wait_for "$UPSTREAM/posts"

redis_port=$(free_port)
start_redis "$redis_port" "$RAW/peers-redis.log"
peers_redis_pid=$started_pid
redis-cli -p "$redis_port" < "$DATA/redis.txt" > /dev/null
PEERS_REDIS_URL="redis://127.0.0.1:$redis_port"

# The backends' counters: upstream requests served (nginx), Redis reads and commands (INFO).
backend_counters() {
  local calls
  calls=$(curl -s "$UPSTREAM/nginx_status" | awk '/^ *[0-9]+ +[0-9]+ +[0-9]+/ { print $3 }')
  redis-cli -p "$redis_port" INFO stats | tr -d '\r' | awk -F: -v calls="$calls" '
    /^total_reads_processed:/ { reads = $2 } /^total_commands_processed:/ { commands = $2 }
    END { print calls, reads, commands }'
}
# backend_calls URL QUERY_FILE: the upstream calls, Redis reads (round trips) and Redis
# commands of one request alone. Asking costs calls and reads of its own (the status request,
# the INFO command, the previous redis-cli connection closing): measured by asking twice in a
# row, then left out.
backend_calls() {
  local b c d
  read -ra b <<< "$(backend_counters)"
  answer "$1" "$2" /dev/null
  read -ra c <<< "$(backend_counters)"
  read -ra d <<< "$(backend_counters)"
  # c→d is a probe alone; b→c is a probe and the request.
  echo $(( (c[0] - b[0]) - (d[0] - c[0]) )) $(( (c[1] - b[1]) - (d[1] - c[1]) )) \
       $(( (c[2] - b[2]) - (d[2] - c[2]) ))
}

# start_server NAME WORKLOAD PORT: starts it pinned to SERVER_CPU and sets server_pid.
start_server() {
  local name=$1 workload=$2 port=$3 mode
  mode=$(workload_mode "$workload")
  local env=(env "PORT=$port" "MODE=$mode" "UPSTREAM=$UPSTREAM" "REDIS_URL=$PEERS_REDIS_URL"
             "BLOB_ROOT=$DATA/blobs")
  local log="$RAW/peers-$name-$workload.log"
  case $name in
    stashql)
      local dedupe=true
      [[ "$workload" = W3a ]] && dedupe=false
      "${env[@]}" "DEDUPE=$dedupe" taskset -c "$SERVER_CPU" "$STASHQL" serve \
        -c "$PEERS_DIR/stashql/$mode/stashql.yaml" --port "$port" > "$log" 2>&1 &
      ;;
    tailcall)
      local config=http_dedupe
      [[ "$workload" = W3a ]] && config=http
      sed -e "s|@PORT@|$port|g" -e "s|@UPSTREAM@|$UPSTREAM|g" "$PEERS_DIR/tailcall/$config.graphql.in" \
        > "$RAW/tailcall-$workload.graphql"
      # Kept local and quiet: no usage tracking, no update check (a fresh state file in its
      # cache folder), no log line per upstream call.
      mkdir -p "$RAW/tailcall-cache/tailcall"
      date +%s > "$RAW/tailcall-cache/tailcall/.state"
      "${env[@]}" TAILCALL_TRACKER=false TAILCALL_LOG_LEVEL=error XDG_CACHE_HOME="$RAW/tailcall-cache" \
        taskset -c "$SERVER_CPU" "$TAILCALL" start "$RAW/tailcall-$workload.graphql" > "$log" 2>&1 &
      ;;
    mercurius | apollo)
      "${env[@]}" NODE_ENV=production taskset -c "$SERVER_CPU" node "$PEERS_DIR/$name.mjs" > "$log" 2>&1 &
      ;;
  esac
  server_pid=$!
  PIDS+=("$server_pid")
}

# answer URL QUERY_FILE OUT: POSTs the query until the server answers (at most 20 s).
answer() {
  local body
  body=$(request_body "$2")
  for _ in $(seq 200); do
    curl -sf -X POST -H 'Content-Type: application/json' --data "$body" "$1" > "$3" 2>/dev/null &&
      return 0
    sleep 0.1
  done
  return 1
}

# same_data A B: both are GraphQL responses with the same `data` and no `errors`.
same_data() {
  node -e '
    const fs = require("fs");
    const [a, b] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
    if (a.errors || b.errors || JSON.stringify(a.data) !== JSON.stringify(b.data)) process.exit(1);
  ' "$1" "$2"
}

# ---- every workload --------------------------------------------------------------------------
: > "$RAW/peers-backend-calls.jsonl"
for workload in "${WORKLOADS[@]}"; do
  query=$(workload_query "$workload")
  query_file="$PEERS_DIR/queries/$query.graphql"
  reference="$RAW/peers-$workload.body"
  for name in $(workload_servers "$workload"); do
    port=$(free_port)
    say "$workload: $name on 127.0.0.1:$port, pinned to CPU $SERVER_CPU"
    start_server "$name" "$workload" "$port"
    url="http://127.0.0.1:$port/graphql"
    answer "$url" "$query_file" "$RAW/peers-$name-$workload.body" ||
      die "$name did not answer $workload (see $RAW/peers-$name-$workload.log)"
    if [[ "$name" = stashql ]]; then
      cp "$RAW/peers-$name-$workload.body" "$reference"
      grep -q '"errors"' "$reference" && die "stashql answered $workload with errors: $(head -c 300 "$reference")"
    elif ! same_data "$reference" "$RAW/peers-$name-$workload.body"; then
      say "$workload: $name's answer differs from stashql's: not measured (see $RAW/peers-$name-$workload.body)"
      stop_started "$server_pid"
      continue
    fi
    read -r calls reads commands <<< "$(backend_calls "$url" "$query_file")"
    printf '{"server":"%s","workload":"%s","upstream_calls":%d,"redis_reads":%d,"redis_commands":%d}\n' \
      "$name" "$workload" "$calls" "$reads" "$commands" >> "$RAW/peers-backend-calls.jsonl"
    say "$workload: $name: one request = $calls upstream call(s), $reads Redis read(s), $commands command(s)"
    MEASURE_PID=$server_pid MEASURE_COUNTERS=backend_counters measure "peers-$name" "$workload" "$url" "$query_file"
    stop_started "$server_pid"
  done

  # The floor: a bare Beast server answering stashql's very bytes for this workload.
  port=$(free_port)
  say "$workload: beast_floor on 127.0.0.1:$port answering $(wc -c < "$reference") bytes"
  taskset -c "$SERVER_CPU" "$FLOOR_BIN" "$port" "$reference" > "$RAW/beast_floor.log" 2>&1 &
  floor_pid=$!
  PIDS+=("$floor_pid")
  wait_for "http://127.0.0.1:$port/"
  MEASURE_PID=$floor_pid measure peers-floor "$workload" "http://127.0.0.1:$port/graphql" "$query_file"
  stop_started "$floor_pid"
done

if printf '%s\n' "${WORKLOADS[@]}" | grep -q '^W4'; then
  for pipeline in 1 16; do
    say "redis-benchmark HGETALL -c $CONNECTIONS -P $pipeline, pinned to CPU $SERVER_CPU"
    run_waited taskset -c "$SERVER_CPU" redis-benchmark -p "$redis_port" -c "$CONNECTIONS" -n 400000 \
      -P "$pipeline" --csv HGETALL user:3 > "$RAW/peers-redis-benchmark-P$pipeline.csv"
  done
fi
stop_started "$peers_redis_pid"
stop_started "$nginx_pid"
