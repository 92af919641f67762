"""Tests for samples/typeset.py, the helper that typesets German text like a scan."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "samples") not in sys.path:
    sys.path.insert(0, str(ROOT / "samples"))
import typeset  # noqa: E402  (samples/typeset.py)

A4_PX = (2480, 3508)  # 210 x 297 mm at 300 dpi

TITLE = "Neue Förderung für Bibliotheken"
PARAGRAPH = (
    "Die Landesregierung unterstützt die Einrichtung von Integrationszentren "
    "und Digitalisierungszentren in öffentlichen Stadtbibliotheken. Für die "
    "Maßnahme stehen 7,05 Millionen Euro bereit; Bürgerinnen und Bürger können "
    "sich ab dem 28. Juni 2024 über https://www.example.org/presse informieren."
)
TEXT = f"{TITLE}\n\n{PARAGRAPH}\n"


def _font_or_skip():
    try:
        return typeset.find_font()
    except typeset.FontNotFoundError as e:
        pytest.skip(str(e))


@pytest.fixture(scope="module")
def fonts():
    return _font_or_skip()


def _has_tesseract_deu() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return "deu" in (out.stdout + out.stderr).split()


def _distance(a: str, b: str) -> int:
    try:
        from rapidfuzz.distance import Levenshtein
    except ImportError:  # plain dynamic programming, fine for a sentence
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]
    return Levenshtein.distance(a, b)


# --- hyphenation -----------------------------------------------------------


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Integrationszentren", "In·te·gra·ti·ons·zen·tren"),
        ("Landesprogramm", "Lan·des·pro·gramm"),
        ("Ausschreibungsrunde", "Aus·schrei·bungs·runde"),
        ("Maßnahme", "Maß·nahme"),  # never fewer than 3 letters after the break
        ("zugänglich", "zu·gäng·lich"),
        ("Förderangeboten", "För·der·an·ge·bo·ten"),  # from EXCEPTIONS
        ("„Bibliotheken“,", "„Bi·bli·o·the·ken“,"),  # punctuation is ignored
    ],
)
def test_hyphenation(word, expected):
    assert typeset.hyphenate(word) == expected


@pytest.mark.parametrize(
    "word",
    [
        "https://www.example.org/presse",
        "presse@example.org",
        "1234-567",
        "7,05",
        "2024",
        "SV",
        "E-Mail",
        "Bildungs-",
        "Größe",
    ],
)
def test_no_hyphenation(word):
    assert typeset.hyphenation_points(word) == []


def test_compounds_break_only_at_their_own_hyphen():
    assert typeset.hyphenate("Nordrhein-Westfalen") == "Nordrhein-Westfalen"
    assert typeset.hyphenation_points("Nordrhein-Westfalen") == [10]
    assert typeset.hyphenation_points("Online-Banking") == [7]


def test_min_letters_on_each_side():
    for word in ("Integrationszentren", "Digitalisierungszentren", "eröffnen", "Ministerium"):
        for p in typeset.hyphenation_points(word):
            assert p >= 2 and len(word) - p >= 3, (word, p)


# --- layout ----------------------------------------------------------------


def test_layout_keeps_the_text_and_hyphenates(fonts):
    text = (ROOT / "samples" / "press-release.txt").read_text(encoding="utf-8")
    pages = typeset.layout(text)
    lines = [line for page in pages for line in page]
    assert any(line.hyphenated for line in lines)
    for line in lines:
        if line.hyphenated:
            assert line.words[-1].endswith("-")
        if line.split_word and not line.hyphenated:  # broken at its own hyphen
            assert line.words[-1].endswith("-")
    # the lines rebuild the input exactly, across page breaks too
    assert typeset.join_lines(lines).split("\n") == typeset.paragraphs(text)
    # baselines go down the page and stay inside the margins
    for page in pages:
        ys = [line.y for line in page]
        assert ys == sorted(ys) and ys[0] > 0 and ys[-1] < A4_PX[1] - 250


def test_suspended_hyphen_at_line_end_keeps_its_space(fonts):
    # narrow enough that "Bildungs-" and "Grün-Weiß" land at line ends somewhere
    body = "Die Bündelung von Bildungs- und Förderangeboten beim SV Grün-Weiß Hagen. " * 12
    for size in (11, 12, 13, 14, 15):
        lines = [line for page in typeset.layout(f"T\n\n{body}", size_pt=size) for line in page]
        assert typeset.join_lines(lines).split("\n")[1] == body.strip()


def test_first_paragraph_is_the_title(fonts):
    pages = typeset.layout(TEXT)
    assert pages[0][0].title and not pages[0][-1].title
    assert pages[0][0].words == TITLE.split()


# --- output formats --------------------------------------------------------


def test_png_single_page(fonts, tmp_path):
    images = typeset.typeset(TEXT, size_pt=12)
    assert len(images) == 1
    assert images[0].size == A4_PX and images[0].mode == "L"
    written = typeset.save(images, tmp_path / "page.png")
    assert written == [tmp_path / "page.png"]
    with Image.open(written[0]) as im:
        assert im.size == A4_PX
        assert round(im.info["dpi"][0]) == 300
        assert im.getextrema()[0] == 0  # there is ink


def _long_text(pages: int = 2) -> str:
    return TEXT + "\n" + "\n\n".join([PARAGRAPH] * 12 * pages)


def test_tiff_two_pages(fonts, tmp_path):
    images = typeset.typeset(_long_text(), size_pt=12, mode="1")
    assert len(images) >= 2
    images = images[:2]
    out = typeset.save(images, tmp_path / "scan.tif")[0]
    with Image.open(out) as im:
        assert im.n_frames == 2
        for i in range(2):
            im.seek(i)
            assert im.size == A4_PX and im.mode == "1"
            assert round(float(im.info["dpi"][0])) == 300


def test_png_multi_page_numbered(fonts, tmp_path):
    images = typeset.typeset(_long_text(), mode="1")[:2]
    written = typeset.save(images, tmp_path / "scan.png")
    assert [p.name for p in written] == ["scan-1.png", "scan-2.png"]
    assert all(p.is_file() for p in written)


def test_pdf_pages_and_size(fonts, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    images = typeset.typeset(_long_text(), mode="1")[:2]
    out = typeset.save(images, tmp_path / "scan.pdf")[0]
    assert out.stat().st_size < 1_000_000
    pdf = pdfium.PdfDocument(str(out))
    try:
        assert len(pdf) == 2
        w, h = pdf[0].get_size()
        assert abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5  # A4 in points: 300 dpi was kept
    finally:
        pdf.close()


def test_unknown_suffix(fonts, tmp_path):
    with pytest.raises(ValueError, match="unsupported"):
        typeset.save(typeset.typeset(TEXT), tmp_path / "scan.jpg")


def test_noise_is_deterministic(fonts):
    a = typeset.typeset(TEXT, noise=0.5, seed=3)[0]
    b = typeset.typeset(TEXT, noise=0.5, seed=3)[0]
    c = typeset.typeset(TEXT, noise=0.5, seed=4)[0]
    clean = typeset.typeset(TEXT)[0]
    assert a.tobytes() == b.tobytes()
    assert a.tobytes() != c.tobytes()
    assert a.tobytes() != clean.tobytes()


def test_missing_font_message(monkeypatch):
    monkeypatch.setattr(typeset, "FONT_DIRS", ())
    monkeypatch.delenv(typeset.FONT_ENV, raising=False)
    with pytest.raises(typeset.FontNotFoundError, match="fonts-dejavu"):
        typeset.find_font()
    with pytest.raises(typeset.FontNotFoundError, match="not found"):
        typeset.find_font("/nonexistent/NoSuchFont.ttf")


def test_cli(fonts, tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    args = [str(src), str(tmp_path / "out.pdf"), "--size", "11", "--noise", "0.2", "--lines"]
    assert typeset.main(args) == 0
    assert (tmp_path / "out.pdf").is_file()
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == TITLE
    assert typeset.main([str(src), str(tmp_path / "out.png"), "--page", "2"]) == 2


# --- OCR round trip ----------------------------------------------------------


@pytest.mark.skipif(not _has_tesseract_deu(), reason="needs tesseract with the deu model")
def test_tesseract_reads_umlauts_back(fonts, tmp_path):
    sentence = "Die Größe der Fußballplätze in Düsseldorf überrascht öffentlich alle Bürger."
    text = f"Prüfung\n\n{sentence}"
    png = typeset.save(typeset.typeset(text), tmp_path / "ocr.png")[0]
    cmd = ["tesseract", str(png), "-", "-l", "deu"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout
    truth = "\n".join(line.text for line in typeset.layout(text)[0])
    norm = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    assert _distance(norm(truth), norm(out)) <= 2, out
