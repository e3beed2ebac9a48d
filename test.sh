#!/usr/bin/env bash
# Run the whole test suite: installs what the tests need (Debian: chromium, postgresql; npm: axe-core,
# configurable-http-proxy),
# creates .venv, starts a throwaway PostgreSQL server, checks the import layers (import-linter),
# runs pytest over tests/ and notebooks/.
# Extra arguments go to pytest (e.g. -k walkthrough, -m "not browser"; -m hub runs only the JupyterHub test).
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# axe-core (npm) for the accessibility checks of the browser tests and configurable-http-proxy
# (JupyterHub's proxy) for tests/hub/, both in .node/ (see below)
AXE_JS=.node/node_modules/axe-core/axe.min.js
CHP=.node/node_modules/.bin/configurable-http-proxy
{ [ -f "$AXE_JS" ] && [ -x "$CHP" ]; } || command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "Installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -f "$AXE_JS" ] || [ ! -x "$CHP" ]; then
  # one command for both: npm install --no-save removes what it is not asked for
  echo "Installing axe-core and configurable-http-proxy from npm into .node/"
  npm install --prefix .node --no-audit --no-fund --no-save --silent axe-core@4 configurable-http-proxy@4
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
