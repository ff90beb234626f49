#!/usr/bin/env bash
# Validate docker/compose.yaml with the real Compose CLI:
#   - the file parses and passes `docker compose config`, without warnings
#     (e.g. about unset variables: everything needs a local default);
#   - every service Apex needs is defined.
# Usage: bash docker/check-compose.sh [compose-file]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:-$root/docker/compose.yaml}"
required=(postgres temporal temporal-ui api worker web mailpit)

fail() { printf 'check-compose: FAIL: %s\n' "$*" >&2; exit 1; }

out="$(bash "$root/tools/provision-compose.sh")" || fail "could not provision the Compose CLI"
eval "$out"   # COMPOSE_BIN=...
if command -v docker >/dev/null 2>&1; then compose=(docker compose); else compose=("$COMPOSE_BIN"); fi

[[ -f $file ]] || fail "$file not found"
# The settings without a default; any value lets the file be checked.
export JWT_SECRET="${JWT_SECRET:-compose-config-check-placeholder-secret}"
export CREDENTIALS_KEY="${CREDENTIALS_KEY:-Y29tcG9zZS1jb25maWctY2hlY2stcGxhY2Vob2xkZXI=}"
export PROOF_SIGNING_KEY="${PROOF_SIGNING_KEY:-compose-config-check-placeholder-key}"
err="$(mktemp)"; trap 'rm -f "$err"' EXIT

if ! "${compose[@]}" -f "$file" config --quiet 2>"$err"; then
  cat "$err" >&2
  fail "'compose config' rejected $file"
fi
if grep -Eqi 'warn|not set' "$err"; then
  cat "$err" >&2
  fail "'compose config' printed warnings for $file"
fi

services="$("${compose[@]}" -f "$file" config --services 2>"$err")" || { cat "$err" >&2; fail "could not list services"; }
missing=()
for s in "${required[@]}"; do
  grep -qxF "$s" <<<"$services" || missing+=("$s")
done
(( ${#missing[@]} == 0 )) || fail "missing service(s) in $file: ${missing[*]}"

echo "check-compose: OK: $file is valid; services: $(tr '\n' ' ' <<<"$services")"
