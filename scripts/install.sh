#!/usr/bin/env bash
# Install everything planwatch needs into ./.venv (idempotent; quick when already done).
# System packages come from Debian (fonts for charts, chromium for browser tests) when
# apt-get is available and we are root; Python packages from PyPI, pinned by constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: a CJK font so charts render Chinese (never downloaded at run time), and
# chromium for the browser tests (Playwright drives /usr/bin/chromium; it downloads no browser).
debs=()
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || debs+=(fonts-noto-cjk)
[ -x /usr/bin/chromium ] || debs+=(chromium)
# LibreOffice renders the Word report to PDF (a test checks the printed tables; the headless build
# without a GUI toolkit is enough), poppler-utils turns PDF pages into the README's pictures.
command -v soffice >/dev/null || debs+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || debs+=(poppler-utils)
if [ ${#debs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
  else
    echo "warning: install the Debian package(s) ${debs[*]} (as root: apt-get install ${debs[*]})" >&2
  fi
fi

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
