#!/usr/bin/env bash
# Installs what is needed, then builds and runs every test twice: a Release build, and
# an AddressSanitizer + UndefinedBehaviorSanitizer build. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# docs/openapi.yaml (kopilkad) and docs/office-openapi.yaml (kopilka-office) against
# Redocly's recommended rules, with the version pinned in tools/openapi/package-lock.json
# (installed once, then offline). Node.js is optional: without it, or without the package
# and a network to fetch it, the lint is skipped.
if command -v npm >/dev/null 2>&1; then
  echo "== openapi lint"
  export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
  if [ -x tools/openapi/node_modules/.bin/redocly ] ||
     (cd tools/openapi && npm ci --no-audit --no-fund --loglevel=error); then
    (cd tools/openapi && npx --no-install redocly lint ../../docs/openapi.yaml ../../docs/office-openapi.yaml)
  else
    echo "== openapi lint: skipped, @redocly/cli could not be installed"
  fi
else
  echo "== openapi lint: skipped, node/npm are not installed"
fi

jobs=$(nproc 2>/dev/null || echo 2)
# Both builds are unity builds (CMake compiles 8 sources of a folder as one): the headers
# every file includes (JSON, spdlog, Asio, doctest) are parsed once per 8 files, not per
# file, which more than halves each build on CI's two cores.
run_suite() {  # run_suite BUILD_DIR CMAKE_ARGS...
  local dir=$1; shift
  echo "== configure $dir"
  cmake -S . -B "$dir" -DKOPILKA_BUILD_TESTS=ON -DCMAKE_UNITY_BUILD=ON "$@" >/dev/null
  echo "== build $dir"
  cmake --build "$dir" -j"$jobs" 2>&1 | grep -Ev '^\[ *[0-9]+%\]|^(Consolidate|Scanning|Built target)' || true
  cmake --build "$dir" -j"$jobs" >/dev/null  # fails the script if the build failed
  echo "== test $dir"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 900)
}

run_suite build/release -DCMAKE_BUILD_TYPE=Release
# The sanitizer run leaves out the benchmarks and the PostgreSQL twins of the head-office
# suites (the same HTTP behaviour the Release run checks on both engines); the PostgreSQL
# code itself still runs sanitized in unit_office_postgresql and test_office_pg*.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build/sanitize -DCMAKE_BUILD_TYPE=Debug -DKOPILKA_SANITIZE=ON \
  -DKOPILKA_BUILD_BENCH=OFF -DKOPILKA_PG_TWINS=OFF

# Every libFuzzer target for a short while on its seed corpus (clang only; about 2 minutes
# with the build). scripts/fuzz.sh SECONDS runs them longer.
if command -v clang++ >/dev/null 2>&1; then
  bash scripts/fuzz.sh "${KOPILKA_FUZZ_SECONDS:-10}"
else
  echo "== fuzz: skipped, clang++ is not installed"
fi
