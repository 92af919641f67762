"""An OCRmyPDF plugin whose "OCR engine" hands back ocr-repair's repaired words.

OCRmyPDF does everything else as it always does: it rasterises each page (only to learn
its size here), renders the words as an invisible text layer with its fpdf2 renderer,
grafts that layer onto the original page, and makes the file PDF/A. The words were read
by ocr-repair's own Tesseract run and repaired beforehand; :func:`install` puts them
where :meth:`RepairedWords.generate_ocr` finds them (OCRmyPDF runs it in threads of this
process: ``use_threads=True``).
"""

from __future__ import annotations

import threading
from pathlib import Path

from ocrmypdf import hookimpl
from ocrmypdf.hocrtransform import BoundingBox, OcrClass, OcrElement
from ocrmypdf.pluginspec import OcrEngine, OrientationConfidence
from PIL import Image

#: 0-based page number -> OcrElement tree in the pixels of ocr-repair's page image, with
#: that image's (width, height)
_PAGES: dict[int, tuple[OcrElement, tuple[int, int], str]] = {}
_LOCK = threading.Lock()


def install(pages: dict[int, tuple[OcrElement, tuple[int, int], str]]) -> None:
    with _LOCK:
        _PAGES.clear()
        _PAGES.update(pages)


def _scaled(el: OcrElement, sx: float, sy: float) -> OcrElement:
    box = el.bbox
    return OcrElement(
        ocr_class=el.ocr_class, text=el.text, confidence=el.confidence, language=el.language,
        bbox=None if box is None else BoundingBox(box.left * sx, box.top * sy, box.right * sx, box.bottom * sy),
        children=[_scaled(c, sx, sy) for c in el.children],
    )


class RepairedWords(OcrEngine):
    """Returns the repaired words of the page OCRmyPDF asks for, scaled to its image."""

    @staticmethod
    def version() -> str:
        from ocr_repair import __version__

        return __version__

    @staticmethod
    def creator_tag(options) -> str:
        from ocr_repair import __version__

        return f"ocr-repair {__version__}"

    def __str__(self) -> str:
        return "ocr-repair (Tesseract, repaired)"

    @staticmethod
    def languages(options) -> set[str]:
        return set(options.languages or ())

    @staticmethod
    def get_orientation(input_file: Path, options) -> OrientationConfidence:
        return OrientationConfidence(angle=0, confidence=0.0)

    @staticmethod
    def get_deskew(input_file: Path, options) -> float:
        return 0.0

    @staticmethod
    def supports_generate_ocr() -> bool:
        return True

    @staticmethod
    def generate_ocr(input_file: Path, options, page_number: int = 0) -> tuple[OcrElement, str]:
        with Image.open(input_file) as img:
            width, height = img.size
            dpi = img.info.get("dpi", (72, 72))
            dpi = float(dpi[0] if isinstance(dpi, (tuple, list)) else dpi)
        with _LOCK:
            entry = _PAGES.get(page_number)
        page = OcrElement(ocr_class=OcrClass.PAGE, bbox=BoundingBox(0, 0, width, height),
                          dpi=dpi, page_number=page_number)
        if entry is None:
            return page, ""
        tree, (w0, h0), text = entry
        sx, sy = width / w0, height / h0
        page.children = [_scaled(c, sx, sy) for c in tree.children]
        return page, text

    @staticmethod
    def generate_hocr(input_file, output_hocr, output_text, options) -> None:
        raise NotImplementedError("ocr-repair's engine gives OcrElement trees (generate_ocr)")

    @staticmethod
    def generate_pdf(input_file, output_pdf, output_text, options) -> None:
        raise NotImplementedError("ocr-repair's engine gives OcrElement trees (generate_ocr)")


@hookimpl
def get_ocr_engine(options):
    return RepairedWords()
