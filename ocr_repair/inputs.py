"""Read inputs: scans (PNG, JPEG, TIFF, PDF) as page images, transcriptions as text.

Every way an input can be bad (missing, unreadable, empty, corrupt, encrypted, binary,
not UTF-8) is one :class:`~ocr_repair.errors.InputFileError` with a one-line message.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import InputFileError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at check's start
if TYPE_CHECKING:
    from typing import BinaryIO

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".pnm", ".pbm", ".pgm", ".ppm"}
PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}

#: the input name that means standard input (``ocr-repair convert -``), as for black or codespell
STDIN = "-"
#: what standard input is called in messages and in the front matter's ``source``
STDIN_NAME = "<stdin>"


class Kind(enum.Enum):
    image = "image"
    pdf = "pdf"
    text = "text"


def kind_of(path: Path) -> Kind:
    """The input's kind, by its first bytes where they tell, else by its suffix."""
    head = _head(path)
    if head.startswith(b"%PDF"):
        return Kind.pdf
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        return Kind.image
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return Kind.pdf
    if suffix in IMAGE_SUFFIXES:
        return Kind.image
    return Kind.text


def _head(path: Path) -> bytes:
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder, not a file")
    if not path.is_file():  # a FIFO, socket or device (/dev/zero would never end)
        raise InputFileError(f"{path}: not a regular file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror})") from None
    if not head:
        raise InputFileError(f"{path}: empty file")
    return head


def validate(path: Path) -> Kind:
    """Check an input completely before any OCR starts; return its kind.

    Text is decoded, every frame of an image decoded, a PDF opened (encryption, pages).
    Raises :class:`InputFileError` for the first problem, so that a corrupt last page does
    not surface only after minutes of OCR, and an input error wins over a missing Tesseract.
    """
    path = Path(path)
    kind = kind_of(path)
    if kind is Kind.text:
        read_text(path)
    elif kind is Kind.pdf:
        pdf_page_count(path)
    else:
        for _ in image_pages(path):
            pass
    return kind


def read_transcription(path: Path) -> tuple[bytes, str]:
    """The bytes and text of a transcription: UTF-8 (a BOM is allowed) or UTF-16/32 with a
    BOM, not binary; the text may be empty. Errors: missing, a folder, unreadable, binary, not UTF-8."""
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder, not a file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror})") from None
    return raw, decode_transcription(raw, str(path))


#: byte-order marks of the encodings read besides UTF-8 (UTF-32's before UTF-16's: FF FE 00 00)
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def bom_encoding(raw: bytes) -> str | None:
    """The codec a UTF-16 or UTF-32 byte-order mark at the start of ``raw`` names (without
    the mark: ``utf-16-le``, ...), else None (UTF-8, with or without its BOM)."""
    for bom, codec in BOMS:
        if raw.startswith(bom):
            return codec
    return None


def _bomless_utf16(head: bytes) -> str | None:
    """``UTF-16LE``/``UTF-16BE`` when ``head`` is plainly UTF-16 without a BOM: most bytes
    at odd (LE) or even (BE) positions are NUL, as Latin text is, and almost none at the
    others; else None."""
    n = len(head) // 2
    if n < 2:
        return None
    even, odd = head[0:2 * n:2].count(0), head[1:2 * n:2].count(0)
    if odd >= 0.5 * n and even <= 0.05 * n:
        return "UTF-16LE"
    if even >= 0.5 * n and odd <= 0.05 * n:
        return "UTF-16BE"
    return None


def decode_transcription(raw: bytes, name: str) -> str:
    """The text of a transcription's bytes: UTF-8 (a BOM is allowed), or UTF-16/UTF-32
    with a byte-order mark; not binary; it may be empty. ``name`` (a path, or
    :data:`STDIN_NAME`) begins the error messages."""
    codec = bom_encoding(raw)
    if codec is not None:
        label, skip = codec[:6].upper(), len(next(b for b, c in BOMS if c == codec))
        try:
            text = raw[skip:].decode(codec)
        except UnicodeDecodeError as exc:
            raise InputFileError(f"{name}: not valid {label} text, though it begins with a {label} "
                                 f"byte-order mark (byte {skip + exc.start})") from None
        if "\x00" in text[:8192]:
            raise InputFileError(f"{name}: binary file, not text")
        return text
    if b"\x00" in raw[:8192]:
        utf16 = _bomless_utf16(raw[:8192])
        if utf16:
            raise InputFileError(f"{name}: UTF-16 text ({utf16}, without a byte-order mark), not UTF-8",
                                 hint=f"convert it with iconv -f {utf16} -t UTF-8")
        raise InputFileError(f"{name}: binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{name}: not UTF-8 text (byte {exc.start})",
                             hint="convert it with iconv -f latin1 -t utf-8") from None


def read_text(path: Path, *, allow_empty: bool = False) -> str:
    """A transcription's text: as :func:`read_transcription`, and not empty (unless allowed)."""
    _, text = read_transcription(path)
    if not text.strip() and not allow_empty:
        raise InputFileError(f"{path}: empty file")
    return text


def read_stdin_text(stream: BinaryIO | None = None) -> str:
    """A transcription from standard input (``stream``, default ``sys.stdin``'s bytes, read
    to the end): the checks of :func:`read_text`, with :data:`STDIN_NAME` in the messages."""
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # started with stdin closed (``<&-``)
        raise InputFileError(f"{STDIN_NAME}: cannot be read (standard input is closed)")
    try:
        raw = stream.read()
    except OSError as exc:
        raise InputFileError(f"{STDIN_NAME}: cannot be read ({exc.strerror})") from None
    text = decode_transcription(raw, STDIN_NAME)
    if not text.strip():
        raise InputFileError(f"{STDIN_NAME}: empty input")
    return text


class _image_errors:
    """Pillow's failures on a bad image file as one-line input errors."""

    def __init__(self, path: Path, page: int = 0):
        self.path, self.page = path, page

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        from PIL import Image, UnidentifiedImageError

        if kind is None:
            return False
        if issubclass(kind, UnidentifiedImageError):
            raise InputFileError(f"{self.path}: not an image Pillow can read (corrupt?)") from None
        if issubclass(kind, Image.DecompressionBombError):
            raise InputFileError(f"{self.path}: image too large ({exc})") from None
        if issubclass(kind, (OSError, SyntaxError, ValueError, EOFError)):
            what = f"page {self.page + 1} of " if self.page else ""
            raise InputFileError(f"{self.path}: corrupt image ({what}{exc})") from None
        return False


def image_page_count(path: Path) -> int:
    """How many frames (pages) an image file has."""
    from PIL import Image

    with _image_errors(path), Image.open(path) as im:
        return max(1, int(getattr(im, "n_frames", 1)))


def image_page(path: Path, index: int):
    """Frame ``index`` of an image file, decoding only that one, turned upright."""
    from PIL import Image, ImageOps

    with _image_errors(path, index), Image.open(path) as im:
        try:
            im.seek(index)
        except EOFError:
            raise InputFileError(f"{path}: page {index + 1} is missing (the file changed?)") from None
        im.load()
        # upright, as a viewer shows it (a phone's JPEG is often stored sideways);
        # exif_transpose returns a new image, or a copy where there is nothing to turn
        return ImageOps.exif_transpose(im)


def image_pages(path: Path) -> Iterator:
    """The frames of an image file (a multi-page TIFF gives several) as Pillow images,
    turned upright by their EXIF orientation."""
    for index in range(image_page_count(path)):
        yield image_page(path, index)


def pdf_page_count(path: Path) -> int:
    with _open_pdf(path) as pdf:
        return len(pdf)


class _open_pdf:
    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        import pypdfium2 as pdfium

        try:
            self.pdf = pdfium.PdfDocument(str(self.path))
        except pdfium.PdfiumError as exc:
            msg = str(exc)
            if "password" in msg.lower():
                raise InputFileError(f"{self.path}: encrypted PDF (a password is needed to open it)",
                                     hint="decrypt it first: qpdf --decrypt --password=... in.pdf out.pdf") from None
            if _looks_pageless(self.path):  # PDFium refuses these, with no or a stale error code
                raise InputFileError(f"{self.path}: PDF without pages") from None
            reason = msg.rsplit("PDFium:", 1)[-1].strip(" .)") if "PDFium:" in msg else msg
            detail = "" if reason.lower() == "success" else f" ({reason})"
            raise InputFileError(f"{self.path}: corrupt PDF, PDFium cannot open it{detail}") from None
        if len(self.pdf) == 0:
            self.pdf.close()
            raise InputFileError(f"{self.path}: PDF without pages")
        return self.pdf

    def __exit__(self, *exc):
        self.pdf.close()


def _looks_pageless(path: Path) -> bool:
    """A well-formed PDF whose page tree is empty (``/Count 0``, no ``/Type /Page``)."""
    import re

    try:
        with open(path, "rb") as fh:
            data = fh.read(1 << 20)
    except OSError:
        return False
    return (re.search(rb"/Count\s*0(?![0-9])", data) is not None
            and re.search(rb"/Type\s*/Page(?![A-Za-z])", data) is None)


def pixel_limit() -> int | None:
    """The most pixels a page may have: Pillow's decompression-bomb limit, where it refuses
    an image (twice ``Image.MAX_IMAGE_PIXELS``, about 179 million); None where it is off."""
    from PIL import Image

    most = Image.MAX_IMAGE_PIXELS
    return None if most is None else 2 * int(most)


def _check_page_size(page, path: Path, index: int, dpi: int) -> None:
    """Refuse a page whose raster at ``dpi`` would be over :func:`pixel_limit`, before any
    memory is spent on it (a 200-inch page at 300 dpi is 3.6 billion pixels)."""
    import math

    limit = pixel_limit()
    if limit is None:
        return
    w_pt, h_pt = page.get_width(), page.get_height()  # as pypdfium2's render sizes its bitmap

    def pixels(d: int) -> tuple[int, int]:
        return math.ceil(w_pt * d / 72), math.ceil(h_pt * d / 72)

    w, h = pixels(dpi)
    if w * h <= limit:
        return
    most = int(72 * math.sqrt(limit / max(w_pt * h_pt, 1e-9))) + 1
    while most >= 72 and math.prod(pixels(most)) > limit:
        most -= 1
    advice = f"lower --dpi ({most} at most)" if most >= 72 else "it is too large to rasterise even at --dpi 72"
    raise InputFileError(f"{path}: page {index + 1} is {w} × {h} pixels at {dpi} dpi, "
                         f"over the limit of {limit} pixels; {advice}")


def check_page_sizes(path: Path, dpi: int) -> None:
    """For a PDF: every page must fit :func:`pixel_limit` at ``dpi`` (checked without
    rendering); other inputs pass (an image's own size is checked as it is decoded)."""
    path = Path(path)
    if kind_of(path) is not Kind.pdf:
        return
    with _open_pdf(path) as pdf:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                _check_page_size(page, path, index, dpi)
            finally:
                page.close()


def _render(pdf, path: Path, index: int, dpi: int):
    import pypdfium2 as pdfium

    page = pdf[index]
    try:
        _check_page_size(page, path, index, dpi)
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        # a copy: to_pil() shares PDFium's buffer, which is freed with the bitmap
        image = bitmap.to_pil().copy()
    except pdfium.PdfiumError as exc:
        raise InputFileError(f"{path}: page {index + 1} cannot be rendered ({exc})") from None
    finally:
        page.close()
    image.info["dpi"] = (dpi, dpi)  # Tesseract then knows the resolution (else it guesses)
    return image


def pdf_page(path: Path, index: int, dpi: int = 300):
    """Page ``index`` of a PDF rasterised at ``dpi``, rendering only that page."""
    with _open_pdf(path) as pdf:
        if index >= len(pdf):
            raise InputFileError(f"{path}: page {index + 1} is missing (the file changed?)")
        return _render(pdf, path, index, dpi)


def pdf_pages(path: Path, dpi: int = 300) -> Iterator:
    """Each PDF page rasterised at ``dpi`` as a grayscale Pillow image (no poppler needed)."""
    with _open_pdf(path) as pdf:
        for i in range(len(pdf)):
            yield _render(pdf, path, i, dpi)
