#!/usr/bin/env bash
# Idempotent install: Debian packages (PostgreSQL 15 + PostGIS 3, venv support), then a virtualenv in .venv
# with gridgov installed in editable mode, and a Chinese TrueType font (fonts-wqy-microhei): the PDF and
# DOCX reports are set in it on a server too (reports/fonts.py finds it). With --test (make test) also what
# only the tests use: Chromium and its driver for the browser tests, Node.js to run a page script's
# function in a test, poppler-utils (pdftotext, pdftoppm: the report tests read and render the PDF), and
# the test extras (pytest, selenium, pypdf). A server needs none of those: `make install`. Safe to run
# any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(postgresql-15 postgresql-15-postgis-3 postgresql-contrib python3-venv python3-dev fonts-wqy-microhei)
EXTRAS=""
if [ "${1:-}" = "--test" ]; then
    APT_PACKAGES+=(chromium chromium-driver nodejs poppler-utils)
    EXTRAS="[test]"
fi

need_apt=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "installing Debian packages: ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=".venv/.gridgov-installed${EXTRAS:+-test}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/pip install -q --upgrade pip
    # compat mode: a .pth entry for the checkout, so new packages need no reinstall
    .venv/bin/pip install -q -e ".${EXTRAS}" --config-settings editable_mode=compat
    touch "$stamp"
fi
echo "gridgov installed in .venv ($(.venv/bin/python --version))"
