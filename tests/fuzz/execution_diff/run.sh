#!/usr/bin/env bash
# Differential test of execution against graphql-js 16 on generated queries, data and
# variables. Not part of CI (it takes a while); run it after changing the executor:
#   tests/fuzz/execution_diff/run.sh [BUILD_DIR] [SEEDS] [CASES_PER_SEED]
# BUILD_DIR must hold a built libstashql_core.a (default: build).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build="${1:-build}"
seeds="${2:-5}"
per_seed="${3:-400}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

c++ -std=c++20 -O1 -I"$root/include" -I"$root/src" -I"$root/tests" "$here/runner.cpp" \
  "$root/$build/libstashql_core.a" -lgtest -lyaml-cpp -pthread -o "$work/runner"
"$work/runner" --schema > "$work/schema.graphql"

status=0
for seed in $(seq 1 "$seeds"); do
  for kind in selections variables; do
    python3 "$here/gen_$kind.py" "$seed" "$per_seed" "$work/cases.json"
    node "$here/oracle.mjs" "$work/schema.graphql" "$work/cases.json" "$work/expected.json"
    "$work/runner" "$work/cases.json" > "$work/actual.json"
    echo -n "seed $seed $kind: "
    python3 "$here/compare.py" "$work/cases.json" "$work/expected.json" "$work/actual.json" || status=1
  done
  python3 "$here/gen_selections.py" "$seed" "$per_seed" "$work/cases.json"
  node "$here/oracle.mjs" "$work/schema.graphql" "$work/cases.json" "$work/expected.json"
  "$work/runner" "$work/cases.json" async > "$work/actual.json"
  echo -n "seed $seed selections, async resolvers: "
  python3 "$here/compare.py" "$work/cases.json" "$work/expected.json" "$work/actual.json" \
    data-only || status=1
done
exit $status
