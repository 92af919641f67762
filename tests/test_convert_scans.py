"""``ocr-repair convert`` on real scans, with real Tesseract: PNG, JPEG, multi-page TIFF,
multi-page PDF (rasterised with pypdfium2), several inputs as the pages of one document.

The pages are typeset by the test fixtures (conftest.py) from known German text, so the
Markdown must contain its words, umlauts and ß right. Skipped without Tesseract + ``deu``.
Each page is small (cropped to its text), so each OCR takes about a second.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import WORDS_1, WORDS_2, leftovers, needs_tesseract

from ocr_repair.cli import cli

pytestmark = needs_tesseract


def convert(*args: str) -> str:
    result = CliRunner().invoke(cli, ["convert", *args])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def assert_words(md: str, *words: str) -> None:
    missing = [w for w in words if w not in md]
    assert not missing, f"OCR lost {missing} in:\n{md}"


def front_matter(md: str) -> str:
    assert md.startswith("---\n")
    return md[: md.index("\n---\n", 4)]


def test_png_to_stdout(scans):
    md = convert(str(scans.page1_png))
    head = front_matter(md)
    assert "\npages: 1" in head and "mean_word_confidence:" in head
    assert re.search(r"^ocr_engine: \"?tesseract \d", head, re.M)
    assert "\n# Erste Seite: Förderung für Bibliotheken\n" in md
    assert_words(md, *WORDS_1)


def test_jpeg(scans):
    md = convert(str(scans.page1_jpg), "--no-front-matter")
    assert md.startswith("# Erste Seite")
    assert_words(md, *WORDS_1)


def test_multi_page_tiff_to_file(scans, tmp_path):
    out = tmp_path / "doc.md"
    assert convert(str(scans.tiff), "-o", str(out)) == ""
    md = out.read_text(encoding="utf-8")
    assert "pages: 2" in front_matter(md)
    assert_words(md, *WORDS_1, *WORDS_2)
    assert md.index("Erste Seite") < md.index("Zweite Seite")
    assert leftovers(tmp_path) == []


def test_multi_page_pdf(scans):
    md = convert(str(scans.pdf), "--no-front-matter")
    assert_words(md, *WORDS_1, *WORDS_2)
    assert md.index("Erste Seite") < md.index("Zweite Seite")


def test_several_scans_are_pages_in_the_order_given(scans):
    md = convert(str(scans.page2_png), str(scans.page1_jpg))
    head = front_matter(md)
    assert "pages: 2" in head
    assert head.index("page2.png") < head.index("page1.jpg")
    assert md.index("Zweite Seite") < md.index("Erste Seite")
    assert_words(md, *WORDS_1, *WORDS_2)


def test_scans_and_transcriptions_mix(scans):
    md = convert(str(scans.page1_png), str(scans.md), "--no-front-matter")
    assert md.index("Erste Seite") < md.index("Zweite Seite")
    assert_words(md, *WORDS_1, *WORDS_2)


def test_real_process_writes_the_file(scans, tmp_path):
    exe = Path(sys.executable).with_name("ocr-repair")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "ocr_repair.cli"]
    out = tmp_path / "doc.md"
    proc = subprocess.run([*cmd, "convert", str(scans.page2_png), "-o", str(out), "--no-front-matter"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Zweite Seite: Öffnungszeiten\n")
    assert_words(md, *WORDS_2)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("dpi", [150])
def test_pdf_dpi_option(scans, dpi):
    """A lower --dpi still reads the page (the resolution is passed on to Tesseract)."""
    md = convert(str(scans.pdf), "--dpi", str(dpi), "--no-front-matter", "--no-repair")
    assert_words(md, "Förderung", "Bibliotheken", "Zweite", "Außerdem")
