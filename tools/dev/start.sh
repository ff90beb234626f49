#!/usr/bin/env bash
# Installs what is missing, then starts the whole product on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash tools/ensure-node-modules.sh
bash tools/provision-temporal.sh --cli-only >/dev/null
exec node -r @swc-node/register tools/dev/start.ts
