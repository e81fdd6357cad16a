#!/usr/bin/env bash
# Regenerate the README's picture of the HTML evaluation report (needs Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
.venv/bin/planwatch --db "$tmp/demo.db" demo >/dev/null
.venv/bin/planwatch --db "$tmp/demo.db" report longgang --year 2023 --format html --output "$tmp/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2300 \
  --screenshot="$PWD/docs/images/report-longgang-2023.png" "file://$tmp/report.html" 2>/dev/null
echo "wrote docs/images/report-longgang-2023.png"
