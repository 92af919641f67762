"""A searchable PDF: the scan's pages with an invisible text layer of the repaired words.

Built on OCRmyPDF (``pip install 'ocr-repair[pdf]'``): its fpdf2 renderer draws the text
layer, its grafter lays it under each original page, and it makes the file PDF/A-2b
(with pikepdf's converter, or Ghostscript where that one cannot), exactly as
``ocrmypdf`` does. Only the words differ: OCRmyPDF's OCR engine is replaced by a plugin
(:mod:`ocr_repair.pdf_plugin`) that hands it ocr-repair's words, repaired, at Tesseract's
boxes (:mod:`ocr_repair.boxes`).

Image inputs (PNG, JPEG, TIFF) become PDF pages first, losslessly (img2pdf, which OCRmyPDF
brings along); several inputs are the pages of one PDF. A PDF input keeps its pages as
they are: only the text layer is added (an earlier OCR layer is replaced).

Where no PDF/A can be made the result is a plain PDF and :func:`write_pdf` returns a
note saying so; the caller prints it.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from .boxes import PlacedPage
from .errors import ExitCode, MissingDependencyError, OcrRepairError


_ONE_AT_A_TIME = threading.Lock()


class PdfOutputError(OcrRepairError):
    """OCRmyPDF could not make the PDF (the message says why): exit 6, as for any output
    that cannot be written."""

    exit_code = ExitCode.output_file


def check_available() -> None:
    """Raise :class:`MissingDependencyError` unless OCRmyPDF can be imported."""
    try:
        import ocrmypdf  # noqa: F401
        import img2pdf  # noqa: F401
    except ImportError:
        raise MissingDependencyError(
            "PDF output needs OCRmyPDF, which is not installed",
            hint="install it: pip install 'ocr-repair[pdf]' (or run ./setup.sh)") from None


def _tree(page: PlacedPage):
    """The page's repaired words as an OcrElement tree (paragraphs, lines, words), in
    the pixels of the OCR'd image. A word over a line break is searchable whole: it
    stands, whole, at its first part's box."""
    from ocrmypdf.hocrtransform import BoundingBox, OcrClass, OcrElement

    def bbox(b):
        return BoundingBox(b.left, b.top, max(b.right, b.left + 1), max(b.bottom, b.top + 1))

    pars: list = []
    last_par = None
    text_lines = []
    for line in page.lines:
        words = []
        for w in line.words:
            text = w.whole if w.hyphen == 1 else ("" if w.hyphen == 2 else w.text)
            if text:
                words.append(OcrElement(ocr_class=OcrClass.WORD, bbox=bbox(w.box), text=text,
                                        confidence=w.conf))
        if not words:
            continue
        text_lines.append(" ".join(w.text for w in words))
        el = OcrElement(ocr_class=OcrClass.LINE, bbox=bbox(line.box), children=words)
        if (line.block, line.par) != last_par:
            pars.append(OcrElement(ocr_class=OcrClass.PARAGRAPH, bbox=bbox(line.box)))
            last_par = (line.block, line.par)
        par = pars[-1]
        par.children.append(el)
        b = par.bbox
        par.bbox = BoundingBox(min(b.left, el.bbox.left), min(b.top, el.bbox.top),
                               max(b.right, el.bbox.right), max(b.bottom, el.bbox.bottom))
    root = OcrElement(ocr_class=OcrClass.PAGE, children=pars)
    return root, "\n".join(text_lines) + "\n"


def _origin_pdf(inputs: list[Path], folder: Path) -> Path:
    """One PDF with the inputs' pages in order: a single PDF input as it is, images as
    lossless image pages (img2pdf; re-encoded as PNG only where img2pdf refuses a file)."""
    import img2pdf
    import pikepdf

    from .inputs import Kind, image_pages, kind_of

    if len(inputs) == 1 and kind_of(inputs[0]) is Kind.pdf:
        return inputs[0]
    parts = []
    for n, path in enumerate(inputs):
        if kind_of(path) is Kind.pdf:
            parts.append(path)
            continue
        part = folder / f"part{n}.pdf"
        try:
            part.write_bytes(img2pdf.convert(str(path), rotation=img2pdf.Rotation.ifvalid))
        except Exception:  # alpha channel, 16 bits, an odd TIFF: the pixels as PNG
            from .tesseract import image_dpi, prepare_image

            pngs = []
            for k, image in enumerate(image_pages(path)):
                image = prepare_image(image)
                if image.mode not in ("1", "L", "RGB"):
                    image = image.convert("RGB")
                png = folder / f"part{n}-{k}.png"
                dpi = image_dpi(image) or 300
                image.save(png, "PNG", dpi=(dpi, dpi))
                pngs.append(str(png))
            part.write_bytes(img2pdf.convert(pngs))
        parts.append(part)
    out = folder / "origin.pdf"
    with pikepdf.new() as pdf:
        for part in parts:
            with pikepdf.open(part) as src:
                pdf.pages.extend(src.pages)
        pdf.save(out)
    return out


def _has_text(path: Path) -> bool:
    """Whether any page of the PDF has text (an earlier OCR layer, or born-digital)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                try:
                    if textpage.count_chars() > 0:
                        return True
                finally:
                    textpage.close()
            finally:
                page.close()
        return False
    finally:
        pdf.close()


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def write_pdf(inputs: list[Path], pages: list[PlacedPage], target: Path, lang: str = "deu") -> str | None:
    """Write the searchable PDF of ``inputs`` (the scans whose words ``pages`` places) to
    ``target``, atomically. Returns a note for the user (None if there is none): that
    the file is a plain PDF, not PDF/A, and why."""
    from .output import atomic_write, check_writable

    check_writable(target)
    data, note = pdf_bytes(inputs, pages, lang, name=target)
    atomic_write(target, data)
    return note


def pdf_bytes(inputs: list[Path], pages: list[PlacedPage], lang: str = "deu",
              name: Path | str = "the PDF") -> tuple[bytes, str | None]:
    """The searchable PDF's bytes and the note :func:`write_pdf` returns (``name`` is the
    file named in messages). For a caller that writes the file itself (a batch worker
    hands the bytes to the parent, which writes every output)."""
    check_available()
    import ocrmypdf
    import pikepdf

    from . import pdf_plugin

    target = name
    trees = {}
    for i, p in enumerate(pages):
        if p.page.width and p.page.height:
            tree, text = _tree(p)
            trees[i] = (tree, (p.page.width, p.page.height), text)
    # pikepdf's linearization check in OCRmyPDF's last step leaves sys.stderr pointing at
    # its StringIO (seen with pikepdf 10.18): later messages would vanish. Put both back.
    streams = (sys.stdout, sys.stderr)
    logger = logging.getLogger("ocrmypdf")
    handler = _Collect()
    saved = (logger.level, logger.propagate, list(logger.handlers))
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        with tempfile.TemporaryDirectory(prefix="ocr-repair-pdf-") as tmp:
            folder = Path(tmp)
            origin = _origin_pdf(inputs, folder)
            with pikepdf.open(origin) as pdf:
                count = len(pdf.pages)
            if count != len(pages):
                raise PdfOutputError(f"{target}: the scan has {count} pages, the OCR {len(pages)}")
            # a PDF with a text layer already (an earlier OCR run): OCRmyPDF's "redo" mode
            # replaces it; PDF/A then only by pikepdf's converter, since Ghostscript
            # 10.0.0-10.02.0 (Debian 12's) corrupts such files (OCRmyPDF refuses it there)
            redo = _has_text(origin)
            out = folder / "out.pdf"
            # the plugin finds the words in one module-wide place: one PDF at a time
            with _ONE_AT_A_TIME:
                _run_ocrmypdf(ocrmypdf, pdf_plugin, trees, origin, out, lang, redo, target)
            with pikepdf.open(out) as pdf:
                pdfa = pdf.open_metadata().pdfa_status
            data = out.read_bytes()
    finally:
        sys.stdout, sys.stderr = streams
        logger.handlers[:] = saved[2]
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
    if pdfa:
        return data, None
    why = next((r.getMessage() for r in handler.records
                if "PDF/A" in r.getMessage() and r.levelno >= logging.INFO), "")
    why = " ".join(why.split())[:200]
    hint = ("; with Ghostscript installed OCRmyPDF may convert it"
            if not redo and shutil.which("gs") is None else "")
    return data, f"{target}: a plain PDF, not PDF/A-2b" + (f" ({why})" if why else "") + hint


def _run_ocrmypdf(ocrmypdf, pdf_plugin, trees, origin: Path, out: Path, lang: str, redo: bool,
                  target) -> None:
    import pikepdf
    from ocrmypdf.exceptions import ExitCodeException

    pdf_plugin.install(trees)
    try:
        ocrmypdf.ocr(origin, out, plugins=["ocr_repair.pdf_plugin"],
                     language=[c for c in lang.split("+") if c] or ["deu"],
                     output_type="auto", mode="redo" if redo else "default",
                     pdfa_backend="internal" if redo else "auto", use_threads=True, jobs=1,
                     optimize=0, progress_bar=False, rasterizer="pypdfium")
    except (ExitCodeException, pikepdf.PdfError, OSError) as exc:
        why = " ".join(str(exc).split()) or type(exc).__name__
        raise PdfOutputError(f"{target}: OCRmyPDF could not make the PDF ({why[:300]})") from None
    finally:
        pdf_plugin.install({})
