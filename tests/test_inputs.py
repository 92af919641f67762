"""Reading inputs (ocr_repair.inputs) and every way ``convert`` rejects a bad one (exit 3).

None of these tests needs Tesseract: inputs are checked completely before any OCR starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import leftovers

from ocr_repair.cli import cli
from ocr_repair.errors import ExitCode, InputFileError
from ocr_repair.inputs import Kind, image_pages, kind_of, pdf_page_count, pdf_pages, read_text, validate

# a truncated TIFF makes Pillow warn before it fails; the failure is what is tested
pytestmark = pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")

# --------------------------------------------------------------------------- the readers


def test_kind_by_magic_bytes_before_suffix(scans, tmp_path):
    assert kind_of(scans.page1_png) is Kind.image
    assert kind_of(scans.page1_jpg) is Kind.image
    assert kind_of(scans.tiff) is Kind.image
    assert kind_of(scans.pdf) is Kind.pdf
    assert kind_of(scans.txt) is Kind.text
    assert kind_of(scans.md) is Kind.text
    disguised = tmp_path / "scan.txt"  # a PNG named .txt is still a scan
    shutil.copy(scans.page1_png, disguised)
    assert kind_of(disguised) is Kind.image
    pdf_as_bin = tmp_path / "scan.bin"
    shutil.copy(scans.pdf, pdf_as_bin)
    assert kind_of(pdf_as_bin) is Kind.pdf


def test_read_text_allows_bom_and_keeps_umlauts(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffGröße\n".encode("utf-8"))
    assert read_text(p) == "Größe\n"


def test_tiff_frames_are_pages(scans):
    frames = list(image_pages(scans.tiff))
    assert len(frames) == 2
    assert all(f.size[0] == scans.page_size[0] for f in frames)
    assert round(frames[0].info["dpi"][0]) == 300


def test_pdf_pages_rasterised_at_dpi_and_tagged(scans):
    assert pdf_page_count(scans.pdf) == 2
    pages = list(pdf_pages(scans.pdf, dpi=300))
    assert len(pages) == 2
    width, height = scans.page_size
    assert abs(pages[0].width - width) <= 2 and abs(pages[0].height - height) <= 2
    assert pages[0].mode == "L"
    assert pages[0].info["dpi"] == (300, 300)  # Tesseract is told, not left to guess
    (small,) = list(pdf_pages(scans.pdf, dpi=150))[:1]
    assert abs(small.width - width / 2) <= 2


def test_pdf_pages_outlive_the_document(scans):
    """The images must not point into PDFium buffers freed with the page."""
    pages = list(pdf_pages(scans.pdf, dpi=100))
    assert [p.getextrema()[0] for p in pages] == [0, 0]  # black text on each page


def test_validate_returns_kind(scans):
    assert validate(scans.tiff) is Kind.image
    assert validate(scans.pdf) is Kind.pdf
    assert validate(scans.md) is Kind.text


# --------------------------------------------------------------------------- bad inputs


def _truncated(src: Path, dst: Path) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


def _zero_page_pdf(dst: Path) -> Path:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.save(str(dst))
    doc.close()
    return dst


def _encrypted_pdf(src: Path, dst: Path) -> Path:
    qpdf = shutil.which("qpdf")
    if not qpdf:
        pytest.skip("qpdf is not installed (needed to make an encrypted PDF)")
    subprocess.run([qpdf, "--encrypt", "user", "owner", "256", "--", str(src), str(dst)], check=True)
    return dst


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


#: name: (make(scans, folder) -> path, words the one-line error must contain)
BAD_INPUTS = {
    "missing": (lambda s, d: d / "nope.png", "no such file"),
    "folder": (lambda s, d: _folder(d / "folder.png"), "folder"),
    "empty png": (lambda s, d: _write(d / "empty.png", b""), "empty"),
    "blank txt": (lambda s, d: _write(d / "blank.txt", b" \n\n"), "empty"),
    "random bytes .png": (lambda s, d: _write(d / "r.png", os.urandom(4000)), "image"),
    "random bytes .pdf": (lambda s, d: _write(d / "r.pdf", os.urandom(4000)), "PDF"),
    "pdf header, garbage": (lambda s, d: _write(d / "g.pdf", b"%PDF-1.4\n" + os.urandom(3000)), "PDF"),
    "truncated png": (lambda s, d: _truncated(s.page1_png, d / "t.png"), "corrupt"),
    "truncated tiff": (lambda s, d: _truncated(s.tiff, d / "t.tif"), "corrupt"),
    "zero-page pdf": (lambda s, d: _zero_page_pdf(d / "zero.pdf"), "without pages"),
    "encrypted pdf": (lambda s, d: _encrypted_pdf(s.pdf, d / "enc.pdf"), "encrypted"),
    "binary .txt": (lambda s, d: _write(d / "b.txt", b"abc\x00\x01\x02" * 50), "binary"),
    "latin-1 .txt": (lambda s, d: _write(d / "l.txt", "Größe und Maß\n".encode("latin-1")), "UTF-8"),
    "device": (lambda s, d: Path("/dev/zero"), "regular file"),
}


@pytest.fixture(params=sorted(BAD_INPUTS))
def bad_input(request, scans, tmp_path):
    make, words = BAD_INPUTS[request.param]
    if request.param == "device" and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    src = tmp_path / "in"
    src.mkdir()
    return make(scans, src), words


def test_validate_rejects(bad_input):
    path, words = bad_input
    with pytest.raises(InputFileError, match=words) as info:
        validate(path)
    assert info.value.exit_code == ExitCode.input_file
    assert "\n" not in info.value.one_line()


def test_convert_rejects_bad_input_with_one_line(bad_input, tmp_path):
    path, words = bad_input
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "doc.md"
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(out)])
    assert result.exit_code == ExitCode.input_file, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ocr-repair: error: ") and words in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not out.exists() and leftovers(out_dir) == []


def test_bad_later_input_fails_before_any_ocr(scans, tmp_path, monkeypatch):
    """A corrupt second input is reported at once, without OCR of the first."""
    from ocr_repair import tesseract

    def no_ocr(*a, **k):
        raise AssertionError("OCR ran before the inputs were checked")

    monkeypatch.setattr(tesseract, "ocr_page", no_ocr)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), str(bad)])
    assert result.exit_code == ExitCode.input_file
    assert "bad.pdf" in result.stderr


def test_input_error_wins_over_missing_tesseract(tmp_path, monkeypatch, fresh_tesseract_probe):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "no-such-tesseract-binary")
    bad = tmp_path / "bad.png"
    bad.write_bytes(os.urandom(100))
    result = CliRunner().invoke(cli, ["convert", str(bad)])
    assert result.exit_code == ExitCode.input_file


def test_exif_orientation_is_applied(tmp_path):
    from PIL import Image

    im = Image.new("L", (40, 20), 255)
    exif = im.getexif()
    exif[0x0112] = 6  # stored turned: a viewer rotates it 90° clockwise
    path = tmp_path / "phone.jpg"
    im.save(path, exif=exif, dpi=(300, 300))
    (page,) = image_pages(path)
    assert page.size == (20, 40)
    assert round(page.info["dpi"][0]) == 300
