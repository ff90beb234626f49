#!/usr/bin/env bash
# Runs `npm ci` only when node_modules does not match package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.apex-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
start=$(date +%s)
npm ci --no-audit --no-fund >&2
echo "$want" > "$stamp"
echo "[install] npm ci took $(( $(date +%s) - start )) s" >&2
