# bench/lib.sh — what bench/run.sh and its parts share: the processes they start (stopped by PID
# however the run ends), free ports, waiting for a server, and wrk runs. Sourced, not run; it
# expects BENCH, RAW, LUA, WARMUP, DURATION, RUNS, CONNECTIONS and LOAD_CPU to be set.

# ---- processes we start, stopped by PID on exit ---------------------------------------------
PIDS=()
stop_pid() {
  local pid=$1
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
# Stops a process started here and forgets it (so its PID, once reused, is never signalled).
forget_pid() {
  local kept=() p
  for p in "${PIDS[@]}"; do [[ "$p" = "$1" ]] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}
stop_started() {
  stop_pid "$1"
  forget_pid "$1"
}
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a command in the background and waits for it: a signal interrupts `wait` at once (it
# would not interrupt a foreground command), so Ctrl-C stops the run and everything it started.
run_waited() {
  "$@" &
  local pid=$!
  PIDS+=("$pid")
  local status=0
  wait "$pid" || status=$?
  forget_pid "$pid"
  return "$status"
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => {
    console.log(s.address().port); s.close(); });'
}

wait_for() {  # URL: until it answers, at most 10 s
  for _ in $(seq 100); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  die "nothing answers at $1"
}

request_body() {  # QUERY_FILE -> {"query": "..."}
  node -e 'process.stdout.write(JSON.stringify({query: require("fs").readFileSync(process.argv[1], "utf8")}))' "$1"
}

# start_redis PORT LOG: a redis-server on 127.0.0.1:PORT, pinned to LOAD_CPU, keeping nothing
# on disk; sets started_pid once it answers.
start_redis() {
  say "redis-server on 127.0.0.1:$1, pinned to CPU $LOAD_CPU"
  taskset -c "$LOAD_CPU" redis-server --port "$1" --bind 127.0.0.1 --save "" \
    --appendonly no --daemonize no --dir "$RAW" > "$2" 2>&1 &
  started_pid=$!
  PIDS+=("$started_pid")
  for _ in $(seq 100); do redis-cli -p "$1" PING >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "redis-server on port $1 does not answer (see $2)"
}

# CPU time of a process and all its threads, in clock ticks (utime + stime of /proc/PID/stat).
cpu_ticks() {
  # The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
# The process's peak resident set, in KiB (VmHWM).
peak_rss_kb() {
  awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"
}

# measure SERVER QUERY URL [QUERY_FILE]: warm-up, then RUNS runs appended to
# raw/SERVER-QUERY.jsonl. QUERY_FILE defaults to bench/queries/QUERY.graphql. With MEASURE_PID
# set, the CPU time that process spent during the measured runs and its peak RSS go to
# raw/SERVER-QUERY.proc.json; with MEASURE_COUNTERS (a command printing numbers) too, what it
# printed before and after the measured runs.
measure() {
  local server=$1 query=$2 url=$3 file=${4:-"$BENCH/queries/$2.graphql"}
  local wrk_cmd=(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --latency -s "$LUA")
  say "$server, $query: warm-up $WARMUP"
  run_waited "${wrk_cmd[@]}" -d"$WARMUP" "$url" -- "$file" >/dev/null
  local ticks_before=0 counters_before=""
  [[ -n "${MEASURE_PID:-}" ]] && ticks_before=$(cpu_ticks "$MEASURE_PID")
  [[ -n "${MEASURE_COUNTERS:-}" ]] && counters_before=$($MEASURE_COUNTERS)
  for run in $(seq "$RUNS"); do
    run_waited "${wrk_cmd[@]}" -d"$DURATION" "$url" -- "$file" > "$RAW/$server-$query.run$run.txt"
    grep '^WRK_JSON ' "$RAW/$server-$query.run$run.txt" | sed 's/^WRK_JSON //' \
      >> "$RAW/$server-$query.jsonl" || die "wrk printed no summary (see $RAW/$server-$query.run$run.txt)"
    say "$server, $query: run $run: $(grep -o '"rps":[0-9.]*' "$RAW/$server-$query.jsonl" | tail -1)"
  done
  if [[ -n "${MEASURE_PID:-}" ]]; then
    local ticks_after counters_after=""
    ticks_after=$(cpu_ticks "$MEASURE_PID")
    [[ -n "${MEASURE_COUNTERS:-}" ]] && counters_after=$($MEASURE_COUNTERS)
    local list='s/^ *//; s/ *$//; s/  */,/g'
    printf '{"cpu_seconds":%s,"peak_rss_kb":%s,"counters_before":[%s],"counters_after":[%s]}\n' \
      "$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }')" \
      "$(peak_rss_kb "$MEASURE_PID")" "$(sed "$list" <<< "$counters_before")" \
      "$(sed "$list" <<< "$counters_after")" > "$RAW/$server-$query.proc.json"
  fi
}
