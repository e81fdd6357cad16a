#!/usr/bin/env bash
# Install everything planwatch needs into ./.venv (idempotent; quick when already done).
# System packages come from Debian (fonts for charts, chromium for browser tests) when
# apt-get is available and we are root; Python packages from PyPI, pinned by constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.planwatch-installed
wanted=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e '.[dev]'
  echo "$wanted" > "$stamp"
fi
