# Sourced by start.sh and test.sh: make .venv (Debian's python3 may need python3-venv first)
# and install the kit into it with the pip extras in $1 (e.g. "" or "[test]"), once per
# change of pyproject.toml.
ensure_venv() {
  local extras="${1:-}" py="${PYTHON:-python3}" sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ ! -x .venv/bin/python ]; then
    if ! "$py" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
      "$py" -m venv .venv
    fi
  fi
  local stamp=".venv/.intervisiekit-installed${extras:+-${extras//[^a-z]/}}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".${extras}"
    touch "$stamp"
  fi
}
