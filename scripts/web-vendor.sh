#!/usr/bin/env bash
# Refreshes web/vendor/ from npm: installs exactly what web/package-lock.json pins (npm ci)
# and copies each library's minified files and LICENSE in. Run by hand after changing
# web/package.json; the result is committed, so builds and CI never need the network.
set -euo pipefail
cd "$(dirname "$0")/../web"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp package.json package-lock.json "$tmp/"
(cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --silent)
rm -rf vendor/uplot
mkdir -p vendor/uplot
cp "$tmp/node_modules/uplot/dist/uPlot.iife.min.js" "$tmp/node_modules/uplot/dist/uPlot.min.css" \
   "$tmp/node_modules/uplot/LICENSE" vendor/uplot/
echo "web-vendor: uplot $(node -p "require('$tmp/node_modules/uplot/package.json').version") in web/vendor/uplot"
