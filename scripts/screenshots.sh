#!/usr/bin/env bash
# Regenerate the README's pictures: the browser tests save their screenshots into docs/images,
# and the HTML report is rendered by chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PLANWATCH_SCREENSHOTS="$PWD/docs/images" .venv/bin/python -m pytest -q tests/test_browser.py tests/test_browser_dashboard.py tests/test_browser_views.py
bash scripts/screenshot-report.sh
