#!/usr/bin/env bash
# First command of the README: install, then run the main job on the embedded default
# (SQLite, the five demo plans).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export PLANWATCH_DATABASE_URL=${PLANWATCH_DATABASE_URL:-sqlite:///$PWD/planwatch-demo.db}
.venv/bin/planwatch demo
