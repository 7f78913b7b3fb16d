#!/usr/bin/env bash
# The long reliability soak, on demand (CI runs the same tests short): hundreds of kill -9
# of kopilkad and kopilka-office under load, a flapping scanner cable for 10 minutes, the
# disk and security checks, POS + scanner + sync together on a ThreadSanitizer build, and
# every fuzz target for FUZZ_SECONDS (default 600). Prints each test's "figures:" line,
# which docs/reliability.md quotes, and keeps them in build/soak-figures.txt.
# Usage: scripts/soak.sh            (about 2 hours on 2 cores; root for the tmpfs disk test)
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc 2>/dev/null || echo 2)
release=${KOPILKA_SOAK_BUILD:-build/release}
tsan=${KOPILKA_TSAN_BUILD:-build/tsan}
figures=build/soak-figures.txt
mkdir -p build
: >"$figures"

build() {  # build DIR CMAKE_ARGS...
  local dir=$1; shift
  echo "== build $dir"
  cmake -S . -B "$dir" -DKOPILKA_BUILD_TESTS=OFF "$@" >/dev/null
  cmake --build "$dir" -j"$jobs" --target kopilkad kopilka-office >/dev/null
}

run() {  # run BUILD_DIR SANITIZE TEST...
  local dir sanitize=$2
  dir=$(cd "$1" && pwd)
  shift 2
  for t in "$@"; do
    echo "== soak $t ($dir)"
    (cd tests/integration && KOPILKA_SOAK=1 KOPILKA_BUILD_DIR="$dir" KOPILKA_SANITIZE="$sanitize" \
      python3 -m unittest -v "$t" 2>&1) | tee "build/soak-$t.log" | grep -E '^(figures:|FAIL|ERROR|OK|Ran)' || true
    grep -q '^OK' "build/soak-$t.log" || { echo "soak: $t FAILED, see build/soak-$t.log" >&2; exit 1; }
    grep '^figures:' "build/soak-$t.log" >>"$figures" || true
  done
}

build "$release" -DCMAKE_BUILD_TYPE=Release
run "$release" OFF test_reliability_crash test_reliability_serial test_reliability_disk \
  test_reliability_security test_reliability_concurrency
# Two head-office processes on one PostgreSQL (skipped without PostgreSQL binaries).
run "$release" OFF test_office_pg_soak

# Only sync's network calls run on a second thread: ThreadSanitizer watches them meet the
# event loop while POS requests, scanner events and syncs run together. (-Wno-tsan: GCC
# warns that Asio's atomic_thread_fence is invisible to the sanitizer, and -Werror would stop.)
build "$tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="-fsanitize=thread -Wno-tsan" \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread
TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1} run "$tsan" ON test_reliability_concurrency

if command -v clang++ >/dev/null 2>&1; then
  bash scripts/fuzz.sh "${FUZZ_SECONDS:-600}" | tee build/soak-fuzz.log
  grep '^fuzz:' build/soak-fuzz.log >>"$figures"
fi
echo "== soak passed; figures in $figures"
cat "$figures"
