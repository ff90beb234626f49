#!/usr/bin/env bash
# Installs the locked dependencies only when node_modules does not match package-lock.json.
# `npm install` rather than `npm ci`: the registry mirror this runs against lacks some
# other-platform optional binaries, so the lock cannot list them and `npm ci` refuses it.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.apex-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
start=$(date +%s)
npm install --no-audit --no-fund >&2
sha256sum package-lock.json | cut -d" " -f1 > "$stamp"
echo "[install] npm install took $(( $(date +%s) - start )) s" >&2
