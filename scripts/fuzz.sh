#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) and runs each for
# SECONDS (default 20) on a copy of its seed corpus, one after another. Prints each target's
# executions and a total; exits non-zero on the first crash, leak, hang or broken invariant,
# leaving the input under build/fuzz/artifacts/. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frame_parser receipt_request program json_exact sync_entries config daemon_api
  office_push register_pull)
build=${KOPILKA_FUZZ_BUILD:-build/fuzz}
jobs=$(nproc 2>/dev/null || echo 2)

echo "== configure $build (clang++, libFuzzer, ASan, UBSan)"
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="${CXX_FUZZ:-clang++}" -DCMAKE_BUILD_TYPE=Debug \
  -DKOPILKA_FUZZ=ON -DKOPILKA_BUILD_TESTS=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
echo "== build"
cmake --build "$build" -j"$jobs" --target $(printf '%s_fuzz ' "${targets[@]}") >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
artifacts="$build/artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"
total=0
for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  cp tests/fuzz/corpus/"$t"/* "$work/$t"/ 2>/dev/null || true
  log="$work/$t.log"
  echo "== fuzz $t for ${seconds}s"
  if ! "$build/tests/fuzz/${t}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts/$t-" "$work/$t" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: $t FAILED; the input is in $artifacts (add it to tests/fuzz/corpus/$t once fixed)" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "   $t: ${runs:-0} executions, corpus $(ls "$work/$t" | wc -l) inputs, no failure"
  total=$((total + ${runs:-0}))
done
echo "fuzz: ${#targets[@]} targets, $total executions, no failure"
