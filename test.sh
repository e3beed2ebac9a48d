#!/usr/bin/env bash
# Run the whole test suite: installs what the tests need (Debian: chromium, postgresql),
# creates .venv, starts a throwaway PostgreSQL server, checks the import layers (import-linter),
# runs pytest over tests/ and notebooks/.
# Extra arguments go to pytest (e.g. -k walkthrough, -m "not browser").
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "Installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

. tools/venv.sh
ensure_venv "[test]"

# A throwaway PostgreSQL server for the storage tests (stopped again on exit).
if [ -z "${INTERVISIE_TEST_PG_URL:-}" ]; then
  eval "$(tools/pg_test_server.sh start)"
  trap 'tools/pg_test_server.sh stop "$PGTEST_DIR"' EXIT
fi

export PYTHONDONTWRITEBYTECODE=1
# The layer contract in pyproject.toml: an import against the direction fails the run.
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest tests notebooks --nbval-lax -p no:cacheprovider "$@"
