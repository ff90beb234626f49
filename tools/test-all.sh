#!/usr/bin/env bash
# Installs and provisions everything the tests need, then runs lint, typecheck,
# build and every test of every project. Idempotent; prints the wall time of each phase.
set -euo pipefail
cd "$(dirname "$0")/.."

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# CI proves everything afresh rather than trusting outputs cached by an earlier run on the machine.
if [ -n "${CI:-}" ]; then export NX_SKIP_NX_CACHE=true; fi
total_start=$(date +%s)
phase_start=$total_start
phase() {
  local now; now=$(date +%s)
  printf '\n[phase] %-28s %4d s\n' "$1" $((now - phase_start))
  phase_start=$now
}

bash tools/provision-system.sh
phase "system packages"

bash tools/ensure-node-modules.sh
phase "dependencies"

# Temporal, Compose and stripe-mock (Go builds) in parallel; each is cached after the first run.
bash tools/provision-temporal.sh >/dev/null &
temporal_pid=$!
bash tools/provision-compose.sh &
compose_pid=$!
bash tools/provision-stripe-mock.sh >/dev/null &
stripe_mock_pid=$!
wait "$temporal_pid"
wait "$compose_pid"
wait "$stripe_mock_pid"
phase "Temporal, Compose, stripe-mock"

rm -rf test-results/*.json test-results/screenshots
status=0
npx nx run-many -t lint typecheck --output-style=static || status=$?
phase "lint and typecheck"
if [ "$status" -eq 0 ]; then
  npx nx run-many -t build --output-style=static || status=$?
  phase "build"
fi
if [ "$status" -eq 0 ]; then
  npx nx run-many -t test --output-style=static || status=$?
  phase "tests"
fi

node tools/summarize-tests.mjs test-results || status=$?
printf '[phase] %-28s %4d s\n' "total" $(( $(date +%s) - total_start ))
exit "$status"
