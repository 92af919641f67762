"""Shared fixtures: typeset German pages (PNG, JPEG, 2-page TIFF, 2-page PDF), transcriptions,
and the ``needs_tesseract`` marker for tests that run real OCR.

The pages are typeset by ``samples/typeset.py`` from the text below, so the tests know
exactly what a scan says; they never read the development corpus. Pages are cropped to
the text (a few hundred pixels high, 300 dpi) to keep Tesseract fast.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "samples") not in sys.path:
    sys.path.insert(0, str(ROOT / "samples"))

#: the two pages of the test document; each page's first paragraph is typeset as a title
PAGE_1 = (
    "Erste Seite: Förderung für Bibliotheken\n\n"
    "Die Größe der Räume richtet sich nach dem Bedarf. Bürgerinnen und Bürger "
    "können die Maßnahme ab Montag nutzen."
)
PAGE_2 = (
    "Zweite Seite: Öffnungszeiten\n\n"
    "Die Zentren öffnen werktags. Außerdem gibt es Schulungen für Ältere."
)
#: words OCR must get right (umlauts and ß included), per page
WORDS_1 = ("Förderung", "Bibliotheken", "Größe", "Räume", "Bürgerinnen", "Maßnahme", "können")
WORDS_2 = ("Öffnungszeiten", "Zentren", "öffnen", "Außerdem", "Ältere")


@functools.lru_cache(maxsize=1)
def tesseract_deu_missing() -> str:
    """Why real OCR cannot run here ("" when Tesseract and its German model are installed)."""
    exe = shutil.which("tesseract")
    if not exe:
        return "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-deu)"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract cannot be run: {exc}"
    if "deu" not in (out.stdout + out.stderr).split():
        return "Tesseract's German model is not installed (apt-get install tesseract-ocr-deu)"
    return ""


#: skip a test unless Tesseract and its ``deu`` model are installed
needs_tesseract = pytest.mark.skipif(bool(tesseract_deu_missing()), reason=tesseract_deu_missing() or "-")


def _typeset_page(text: str):
    import typeset

    try:
        (image,) = typeset.typeset(text, size_pt=12)
    except typeset.FontNotFoundError as exc:
        pytest.skip(str(exc))
    # the text sits in the top of an A4 page: crop the empty rest (OCR time grows with area)
    box = image.point(lambda v: 255 - v).getbbox()
    assert box is not None
    margin = 60
    cropped = image.crop((0, 0, image.width, min(image.height, box[3] + margin)))
    cropped.info["dpi"] = image.info["dpi"]
    return cropped


class Scans:
    """Paths of the typeset test document in every input format."""

    def __init__(self, root: Path):
        import typeset

        self.root = root
        p1, p2 = _typeset_page(PAGE_1), _typeset_page(PAGE_2)
        # every save gets fresh copies: Pillow keeps a format's encoder settings on an image
        # it saved, and a later multi-page TIFF save of that image then fails
        self.page1_png = root / "page1.png"
        self.page2_png = root / "page2.png"
        typeset.save([p1.copy()], self.page1_png)
        typeset.save([p2.copy()], self.page2_png)
        self.page1_jpg = root / "page1.jpg"
        p1.copy().save(self.page1_jpg, "JPEG", quality=92, dpi=(300, 300))
        self.tiff = root / "document.tif"
        typeset.save([p1.copy(), p2.copy()], self.tiff)
        self.pdf = root / "document.pdf"
        typeset.save([p1.copy(), p2.copy()], self.pdf)
        self.txt = root / "document.txt"
        self.txt.write_text(PAGE_1 + "\n\n" + PAGE_2 + "\n", encoding="utf-8")
        self.md = root / "document.md"
        self.md.write_text(PAGE_2 + "\n", encoding="utf-8")
        self.page_size = p1.size


@pytest.fixture(scope="session")
def scans(tmp_path_factory) -> Scans:
    """The two-page test document as PNG (one file per page), JPEG (page 1), TIFF and PDF
    (both pages), and as .txt/.md transcriptions, in a session-wide temporary folder."""
    return Scans(tmp_path_factory.mktemp("scans"))


@pytest.fixture
def fresh_tesseract_probe():
    """Clear the once-per-process Tesseract probes before and after a test that fakes them."""
    from ocr_repair import tesseract

    tesseract.version.cache_clear()
    tesseract.languages.cache_clear()
    yield tesseract
    tesseract.version.cache_clear()
    tesseract.languages.cache_clear()


def leftovers(folder: Path) -> list[str]:
    """Temporary files atomic_write may have left in ``folder`` (there must be none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))
