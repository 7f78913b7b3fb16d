#!/usr/bin/env bash
# Installs what is needed, then builds and runs every test twice: a Release build, and
# an AddressSanitizer + UndefinedBehaviorSanitizer build. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

jobs=$(nproc 2>/dev/null || echo 2)
run_suite() {  # run_suite BUILD_DIR CMAKE_ARGS...
  local dir=$1; shift
  echo "== configure $dir"
  cmake -S . -B "$dir" -DKOPILKA_BUILD_TESTS=ON "$@" >/dev/null
  echo "== build $dir"
  cmake --build "$dir" -j"$jobs" 2>&1 | grep -Ev '^\[ *[0-9]+%\]|^(Consolidate|Scanning|Built target)' || true
  cmake --build "$dir" -j"$jobs" >/dev/null  # fails the script if the build failed
  echo "== test $dir"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 900)
}

run_suite build/release -DCMAKE_BUILD_TYPE=Release
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build/sanitize -DCMAKE_BUILD_TYPE=Debug -DKOPILKA_SANITIZE=ON

# Every libFuzzer target for a short while on its seed corpus (clang only; about 2 minutes
# with the build). scripts/fuzz.sh SECONDS runs them longer.
if command -v clang++ >/dev/null 2>&1; then
  bash scripts/fuzz.sh "${KOPILKA_FUZZ_SECONDS:-10}"
else
  echo "== fuzz: skipped, clang++ is not installed"
fi
