#!/usr/bin/env bash
# Start Intervisiekit: creates .venv on first use, installs the kit, runs `intervisie serve`.
# Extra arguments go to `intervisie serve` (e.g. --port 8870 --no-browser).
set -euo pipefail
cd "$(dirname "$0")"
. tools/venv.sh
ensure_venv ""
exec .venv/bin/intervisie serve "$@"
