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

from ocr_repair import tesseract
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
    monkeypatch.setattr(tesseract, "TESSERACT_CMD", "no-such-tesseract-binary")
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


# --------------------------------------------------------------------------- PDF pages too large to rasterise


def _huge_page_pdf(dst: Path, inches: float = 200) -> Path:
    """A tiny PDF (a few hundred bytes) with one blank page of ``inches`` × ``inches``."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(inches * 72, inches * 72)
    doc.save(str(dst))
    doc.close()
    assert dst.stat().st_size < 2000
    return dst


@pytest.fixture
def no_rendering(monkeypatch):
    """Rasterising any PDF page fails the test: the size check must come first."""
    import pypdfium2 as pdfium

    def render(*a, **k):
        raise AssertionError("a PDF page was rendered before its size was checked")

    monkeypatch.setattr(pdfium.PdfPage, "render", render)


def test_huge_pdf_page_is_refused_before_rendering(tmp_path, no_rendering):
    from ocr_repair.inputs import pdf_page, pixel_limit

    pdf = _huge_page_pdf(tmp_path / "huge.pdf")
    limit = pixel_limit()
    with pytest.raises(InputFileError) as info:
        pdf_page(pdf, 0, dpi=300)
    line = info.value.one_line()
    assert line == (f"{pdf}: page 1 is 60000 × 60000 pixels at 300 dpi, over the limit of {limit} pixels; "
                    "it is too large to rasterise even at --dpi 72")  # 14400 × 14400 there
    assert info.value.exit_code == ExitCode.input_file
    with pytest.raises(InputFileError, match="page 1 is 60000 × 60000 pixels"):
        list(pdf_pages(pdf, dpi=300))


def test_pixel_limit_is_pillows(monkeypatch):
    from PIL import Image

    from ocr_repair.inputs import pixel_limit

    assert pixel_limit() == 2 * Image.MAX_IMAGE_PIXELS  # where Pillow refuses an image as a bomb
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    assert pixel_limit() is None


def test_largest_dpi_named_fits(tmp_path, monkeypatch):
    """The dpi the message names is the largest that passes the check."""
    import pypdfium2 as pdfium

    from ocr_repair.inputs import check_page_sizes, pdf_page

    pdf = _huge_page_pdf(tmp_path / "big.pdf", inches=100)
    with pytest.raises(InputFileError, match=r"at 300 dpi, .*lower --dpi \(133 at most\)"):
        check_page_sizes(pdf, 300)
    check_page_sizes(pdf, 133)
    with pytest.raises(InputFileError, match="at 134 dpi"):
        check_page_sizes(pdf, 134)
    monkeypatch.setattr(pdfium.PdfPage, "render", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("rendered")))
    with pytest.raises(RuntimeError, match="rendered"):  # at a dpi that fits, the page is rendered
        pdf_page(pdf, 0, dpi=133)


def test_too_large_even_at_72_dpi(tmp_path, monkeypatch):
    from PIL import Image

    from ocr_repair.inputs import check_page_sizes

    pdf = _huge_page_pdf(tmp_path / "big.pdf", inches=10)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)  # 720 × 720 pixels at 72 dpi
    with pytest.raises(InputFileError, match=r"too large to rasterise even at --dpi 72"):
        check_page_sizes(pdf, 300)


def test_convert_refuses_a_huge_pdf_page(tmp_path, no_rendering, monkeypatch):
    from ocr_repair import tesseract

    monkeypatch.setattr(tesseract, "ocr_page", lambda *a, **k: pytest.fail("OCR ran"))
    good = _huge_page_pdf(tmp_path / "good.pdf", inches=8)  # an ordinary page first
    pdf = _huge_page_pdf(tmp_path / "huge.pdf")
    out = tmp_path / "doc.md"
    result = CliRunner().invoke(cli, ["convert", str(good), str(pdf), "-o", str(out)])
    assert result.exit_code == ExitCode.input_file, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"ocr-repair: error: {pdf}: page 1 is 60000 × 60000 pixels at 300 dpi, over the limit")
    assert line.endswith("; it is too large to rasterise even at --dpi 72")
    assert not out.exists()
    result = CliRunner().invoke(cli, ["convert", str(pdf), "--dpi", "72"])
    assert result.exit_code == ExitCode.input_file
    assert "page 1 is 14400 × 14400 pixels at 72 dpi" in result.stderr


def test_subprocess_huge_pdf_page_under_a_memory_limit(tmp_path):
    """As a real process limited to 1.5 GiB of address space (rendering the page would need
    3.6 GB): exit 3 with the one line, quickly, and no file."""
    import resource
    import sys

    pdf = _huge_page_pdf(tmp_path / "huge.pdf")
    limit = 1536 << 20

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.run([sys.executable, "-m", "ocr_repair", "convert", str(pdf), "-o", str(tmp_path / "doc.md")],
                          capture_output=True, text=True, timeout=120, preexec_fn=cap)
    assert proc.returncode == ExitCode.input_file, proc.stderr
    (line,) = proc.stderr.splitlines()
    assert "page 1 is 60000 × 60000 pixels at 300 dpi" in line
    assert not (tmp_path / "doc.md").exists()


# --------------------------------------------------------------------------- UTF-16 transcriptions

GERMAN = "Größe der Räume: „Maßnahme“ für Bürger – 3,5 Stellen\nZweite Zeile.\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_with_a_bom_is_read(tmp_path, codec):
    path = tmp_path / "doc.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")  # the others add their own
    data = bom + GERMAN.encode(codec)
    path.write_bytes(data)
    assert read_text(path) == GERMAN
    assert validate(path) is Kind.text


@pytest.mark.parametrize("codec, name", [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_utf16_without_a_bom_says_how_to_convert_it(tmp_path, codec, name):
    path = tmp_path / "doc.txt"
    path.write_bytes(GERMAN.encode(codec))
    with pytest.raises(InputFileError) as info:
        read_text(path)
    line = info.value.one_line()
    assert "binary" not in line
    assert line == f"{path}: UTF-16 text ({name}, without a byte-order mark), not UTF-8 " \
                   f"(convert it with iconv -f {name} -t UTF-8)"
    result = CliRunner().invoke(cli, ["convert", str(path)])
    assert result.exit_code == ExitCode.input_file
    assert result.stderr == f"ocr-repair: error: {line}\n"


def test_binary_is_still_binary(tmp_path):
    path = tmp_path / "b.txt"
    path.write_bytes(bytes(range(256)) * 8)  # NULs, but not at every other byte
    with pytest.raises(InputFileError, match="binary file, not text"):
        read_text(path)
    path.write_bytes(b"\xff\xfe" + "a\x00b".encode("utf-16-le"))  # a BOM, then a NUL character
    with pytest.raises(InputFileError, match="binary file, not text"):
        read_text(path)
    path.write_bytes(b"\xff\xfe" + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(InputFileError, match="not valid UTF-16"):
        read_text(path)


def test_utf16_on_stdin(tmp_path):
    result = CliRunner().invoke(cli, ["convert", "-", "--no-config"], input=GERMAN.encode("utf-16"))
    assert result.exit_code == 0, result.output
    assert "Größe" in result.stdout


def test_check_fix_keeps_a_utf16_file_utf16(tmp_path):
    from texts import CLEAN, OCR

    path = tmp_path / "doc.txt"
    path.write_bytes(b"\xfe\xff" + OCR.encode("utf-16-be"))
    result = CliRunner().invoke(cli, ["check", "--fix", "--no-config", str(path)])
    assert result.exit_code in (0, 1), result.output
    raw = path.read_bytes()
    assert raw.startswith(b"\xfe\xff")
    fixed = raw[2:].decode("utf-16-be")
    assert "Fußball" in fixed and "Ful3ball" not in fixed
    assert fixed.count("\n") == CLEAN.count("\n")



# --------------------------------------------------------------------------- a file named "-"


def test_a_file_named_dash_given_as_dot_slash_dash(tmp_path, monkeypatch):
    from texts import OCR

    monkeypatch.chdir(tmp_path)
    Path("-").write_text(OCR, encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", "./-", "--no-front-matter"], input=b"Titel\n\nnicht dies\n")
    assert result.exit_code == 0, result.output
    assert "Staatssekretär" in result.stdout and "nicht dies" not in result.stdout
    Path("x.txt").write_text(OCR, encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", "x.txt", "./-", "--no-front-matter"])
    assert result.exit_code == 0, result.output  # a file, so it may be one of several inputs
