#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR for SECONDS each. Each target starts from a
# scratch copy of its seed corpus (tests/fuzz/corpus/<name>/, named after <name>_fuzz), so the
# committed corpus is never written to. Crash inputs are kept in BUILD_DIR/fuzz-artifacts/.
# Exits non-zero if any target crashes, leaks, times out or is missing.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)

shopt -s nullglob
targets=("$build_dir"/tests/fuzz/*_fuzz)
if [ ${#targets[@]} -eq 0 ]; then
  echo "no fuzz targets in $build_dir/tests/fuzz (build the fuzz_targets target first)" >&2
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

failed=()
for target in "${targets[@]}"; do
  name=$(basename "$target" _fuzz)
  corpus="$scratch/$name"
  artifacts="$build_dir/fuzz-artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  if [ -d "$here/corpus/$name" ]; then
    cp -R "$here/corpus/$name/." "$corpus/"
  fi
  echo "== $name: ${seconds}s from $(ls "$corpus" | wc -l) seeds"
  if ! "$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$corpus"; then
    failed+=("$name")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $build_dir/fuzz-artifacts/)" >&2
  exit 1
fi
echo "fuzz: all ${#targets[@]} target(s) ran ${seconds}s without a crash"
