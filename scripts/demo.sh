#!/usr/bin/env bash
# Installs what is needed, builds, and starts kopilkad in the foreground on the embedded
# demo configuration (127.0.0.1:8765, demo programs and cards in a scratch data dir).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DKOPILKA_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc 2>/dev/null || echo 2)" --target kopilkad
# The demo's data is made relative to the day it is created (Anna's birthday gift, the
# coupon's validity): a fresh directory each day keeps it answering what README.md says.
exec build/release/daemon/kopilkad --demo "${KOPILKA_DEMO_DIR:-/tmp/kopilka-demo-$(date +%F)}"
