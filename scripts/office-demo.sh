#!/usr/bin/env bash
# Head office demo: installs what is needed, builds, generates a demo chain (3 stores,
# 6 registers, 3 000 customers with a year of receipts, programs of every kind, made by
# the benchmark's generator bench/gen_data.cc), starts kopilka-office on the embedded SQLite
# and prints the web admin's address with a demo owner's login and one-time password.
# Runs in the foreground; Ctrl-C stops it. Run as root on a fresh Debian 12.
#   KOPILKA_OFFICE_DEMO_DIR  where the demo lives (default: a new temp directory)
#   KOPILKA_OFFICE_DEMO_PORT its port (default 8780)
#   KOPILKA_OFFICE_DEMO_CARDS customers (default 3000)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc 2>/dev/null || echo 2)" --target kopilka-office kopilka-bench-gen >/dev/null

dir=${KOPILKA_OFFICE_DEMO_DIR:-$(mktemp -d /tmp/kopilka-office-demo-XXXXXX)}
port=${KOPILKA_OFFICE_DEMO_PORT:-8780}
cards=${KOPILKA_OFFICE_DEMO_CARDS:-3000}
if [ -e "$dir/data/office.db" ]; then
  echo "office-demo: $dir already holds a demo; remove it or set KOPILKA_OFFICE_DEMO_DIR" >&2
  exit 1
fi
mkdir -p "$dir/data"
office=build/release/office/kopilka-office

# A year of receipts: about 12 per customer, spread over the registers.
build/release/bench/kopilka-bench-gen office --dir "$dir/data" --cards "$cards" --programs 12 \
  --entries $((cards * 12)) --registers 6 --credentials "$dir/register-credentials" \
  --pool "$dir/entries.jsonl" --pool-size 500
# Three stores, two registers each (the generator makes registers without a store).
now=$(date +%s)
sqlite3 "$dir/data/office.db" <<SQL
INSERT INTO stores(id, name, address, timezone, created) VALUES
  ('s-1', 'Копилка на Тверской', 'Москва, Тверская, 1', 'Europe/Moscow', $now),
  ('s-2', 'Копилка на Невском', 'Санкт-Петербург, Невский пр., 20', 'Europe/Moscow', $now),
  ('s-3', 'Копилка в Екатеринбурге', 'Екатеринбург, ул. Ленина, 5', 'Asia/Yekaterinburg', $now);
UPDATE registers SET store_id = 's-' || (1 + (CAST(substr(id, 4) AS INTEGER) / 2));
SQL

cat >"$dir/office.toml" <<TOML
listen = "127.0.0.1:$port"
data_dir = "$dir/data"
timezone = "Europe/Moscow"
admin_token = "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
insecure_http = true
TOML

"$office" --config "$dir/office.toml" >"$dir/office.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 100); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
    "http://127.0.0.1:$port/v1/health" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { cat "$dir/office.log" >&2; exit 1; }
  sleep 0.1
done

if password=$("$office" user add demo --role owner --config "$dir/office.toml" 2>"$dir/user-add.err"); then
  sign_in="login: demo   one-time password: $password   (you will choose your own at once)"
else
  sign_in="this build has no staff accounts ($(head -n 1 "$dir/user-add.err" | cut -c1-160)); the API takes the admin_token in $dir/office.toml"
fi
cat <<TEXT

Kopilka head office demo
  web admin:  http://127.0.0.1:$port/
  $sign_in
  chain:      3 stores, 6 registers, $cards customers, a year of receipts, 12 programs
  data:       $dir (log: $dir/office.log)
Ctrl-C stops it.
TEXT
wait $pid
