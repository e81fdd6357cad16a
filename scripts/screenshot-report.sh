#!/usr/bin/env bash
# Regenerate the README's pictures of the evaluation report: the HTML report (Debian's chromium) and
# the Word report as printed (Debian's LibreOffice renders the .docx to PDF, pdftoppm makes PNGs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
.venv/bin/planwatch --db "$tmp/demo.db" demo >/dev/null
.venv/bin/planwatch --db "$tmp/demo.db" report shenzhen --year 2023 --format html --output "$tmp/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2600 \
  --screenshot="$PWD/docs/images/report-shenzhen-2023.png" "file://$tmp/report.html" 2>/dev/null
.venv/bin/planwatch --db "$tmp/demo.db" report shenzhen --year 2023 --format docx --output "$tmp/report.docx"
soffice --headless -env:UserInstallation="file://$tmp/lo" --convert-to pdf --outdir "$tmp" "$tmp/report.docx" >/dev/null
pages=$(pdfinfo "$tmp/report.pdf" | awk '/^Pages/ {print $2}')
# the first page (总体评价), the first indicator tables (landscape), the last page (data sources, header repeated)
for n in 1 3 "$pages"; do
  name=$([ "$n" = "$pages" ] && echo last || echo "$n")
  pdftoppm -png -r 60 -f "$n" -l "$n" -singlefile "$tmp/report.pdf" "$PWD/docs/images/report-shenzhen-2023-word-$name"
done
echo "wrote docs/images/report-shenzhen-2023.png and report-shenzhen-2023-word-{1,3,last}.png ($pages pages)"
