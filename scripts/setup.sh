#!/usr/bin/env bash
# First command of the README: install, load the demo (SQLite, the five plans, sample
# observations, demo accounts), then serve the dashboard on http://127.0.0.1:8000 (PORT to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export PLANWATCH_DATABASE_URL=${PLANWATCH_DATABASE_URL:-sqlite:///$PWD/planwatch-demo.db}
.venv/bin/planwatch demo
exec .venv/bin/planwatch serve --port "${PORT:-8000}"
