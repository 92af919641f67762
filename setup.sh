#!/bin/sh
# Set up ocr-repair on Debian/Ubuntu: Tesseract with its German model, a virtual
# environment in .venv, and the package. `./setup.sh --dev` adds what the tests need.
set -eu
cd "$(dirname "$0")"

dev=0
[ "${1:-}" = "--dev" ] && dev=1

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

need=""
command -v tesseract >/dev/null 2>&1 || need="$need tesseract-ocr"
tesseract --list-langs 2>/dev/null | grep -qx deu || need="$need tesseract-ocr-deu"
python3 -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || need="$need python3 python3-venv"
if [ "$dev" = 1 ]; then
    # fonts to typeset test pages, git for the pre-commit test, qpdf for an encrypted PDF
    [ -e /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || need="$need fonts-dejavu-core"
    command -v git >/dev/null 2>&1 || need="$need git"
    command -v qpdf >/dev/null 2>&1 || need="$need qpdf"
    # pdftotext reads the searchable PDF's text layer back in the output tests
    command -v pdftotext >/dev/null 2>&1 || need="$need poppler-utils"
    # the German word list the accuracy benchmark's symspellpy peer is built from
    [ -e /usr/share/dict/ngerman ] || need="$need wngerman"
fi
# no Ghostscript: OCRmyPDF makes PDF/A-2b with pikepdf alone, and Debian 12's Ghostscript
# (10.0.0) is one OCRmyPDF refuses for PDFs that already have a text layer
if [ -n "$need" ]; then
    echo "setup: installing$need" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$dev" = 1 ]; then
    .venv/bin/python -m pip install -q -e ".[dev]"
else
    .venv/bin/python -m pip install -q ".[pdf]"  # [pdf]: OCRmyPDF, for convert -o out.pdf
fi
echo "setup: ready ($(.venv/bin/ocr-repair --version); $(tesseract --version 2>&1 | head -n 1))" >&2
