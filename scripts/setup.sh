#!/usr/bin/env bash
# Installs every Debian 12 package Kopilka needs to build, test and run.
# Idempotent and quiet when everything is already there; run as root.
set -euo pipefail

packages=(
  cmake g++ make pkg-config git ca-certificates tzdata python3 socat sqlite3
  libsqlite3-dev libserialport-dev libasio-dev libcli11-dev doctest-dev
  librestinio-dev libhttp-parser-dev libfmt-dev libspdlog-dev nlohmann-json3-dev rapidjson-dev
  libtomlplusplus-dev libcurl4-openssl-dev libssl-dev libsystemd-dev
  libhowardhinnant-date-dev
  # Head office's PostgreSQL engine (libpq), and a server the tests start a throwaway cluster of.
  libpq-dev postgresql
  # Staff passwords: Argon2id from libsodium.
  libsodium-dev
  # The allocator the two servers link (a fifth of a confirm was glibc's malloc and free).
  libmimalloc-dev
  # The notification tests' real SMTP server.
  python3-aiosmtpd
  # The OpenAPI test reads docs/openapi.yaml and validates real answers against it.
  python3-yaml python3-jsonschema
  clang libclang-rt-14-dev
  # Packaging tests: CPack's shlibdeps, lintian, systemd-analyze, the maintainer scripts' adduser.
  dpkg-dev lintian systemd adduser
  # The web admin's browser tests: headless Chromium driven by Selenium.
  chromium chromium-driver python3-selenium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}; run as root to install them" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
