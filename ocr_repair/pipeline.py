"""The pipeline: OCR → normalise → dehyphenate + repair misreads → render Markdown.

``convert`` runs it from files; ``repair_text`` from a string. Both return a
:class:`~ocr_repair.models.Result` with the Markdown and the explained corrections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from . import lexicon as lexicon_mod
from . import layout, markdown, repair, tesseract
from .config import Config
from .inputs import Kind, image_pages, kind_of, pdf_pages, read_text
from .models import Document, Page, PathLike, Result
from .normalise import normalise


#: edits that only move text between lines: not counted or explained as corrections
LAYOUT_RULES = frozenset({"line-move"})


def get_lexicon(config: Config) -> lexicon_mod.Lexicon:
    return lexicon_mod.load(None, tuple(str(p) for p in config.words))


def ocr_images(images: Iterable, source: str, config: Config, first_page: int = 1) -> list[Page]:
    pages = []
    for n, image in enumerate(images, start=first_page):
        ocr = tesseract.ocr_page(image, config.lang, config.page_timeout)
        text, conf, words = ocr
        pages.append(Page(source=source, number=n, text=text, mean_confidence=conf, words=words,
                          boxes=getattr(ocr, "boxes", []), width=image.width, height=image.height,
                          dpi=tesseract.image_dpi(image)))
    return pages


def read_document(paths: list[PathLike], config: Config,
                  on_page: Callable[[Page], None] | None = None) -> Document:
    """Stage 1: the pages of a document, OCR'd where they are scans."""
    doc = Document(sources=[str(p) for p in paths], language=config.lang)
    for p in map(Path, paths):
        kind = kind_of(p)
        if kind is Kind.text:
            new = [Page(source=str(p), number=1, text=read_text(p), words=0)]
        else:
            tesseract.check_languages(config.lang)
            doc.ocr_engine = f"tesseract {tesseract.version()}"
            images = image_pages(p) if kind is Kind.image else pdf_pages(p, config.dpi)
            new = []
            for page in ocr_images(images, str(p), config, first_page=1):
                new.append(page)
                if on_page:
                    on_page(page)
        doc.pages.extend(new)
    return doc


def repair_document(doc: Document, config: Config) -> Result:
    # a form feed inside a page's text (pdftotext, Tesseract's own output) is a page break too
    pages = [normalise(part) for p in doc.pages for part in p.text.split("\f")]
    # running headers/footers and page numbers go; the paragraphs the Markdown will have are
    # set before the repair, so its sentence-start checks see them on every pass
    text = normalise(layout.prepare(layout.join_pages(pages)))
    return _repair(text, config, doc)


def _repair(text: str, config: Config, doc: Document | None) -> Result:
    lex = get_lexicon(config)
    corrections = repair.analyse(text, config, lex)
    fixed = repair.apply_corrections(text, corrections)
    applied = sum(c.applied and c.rule not in LAYOUT_RULES for c in corrections)
    suspects = sum(not c.applied for c in corrections)
    md = markdown.render(fixed, doc, applied=applied, suspects=suspects,
                         with_front_matter=config.front_matter)
    return Result(text=fixed, markdown=md, corrections=corrections, document=doc)


def convert(paths: PathLike | list[PathLike], config: Config | None = None) -> Result:
    """Scans or transcriptions (the pages of one document, in order) to repaired Markdown."""
    config = config or Config()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return repair_document(read_document(list(paths), config), config)


def repair_text(text: str, config: Config | None = None) -> Result:
    """Repair OCR'd text: the corrections are offsets into ``normalise(text)``."""
    config = config or Config()
    return _repair(normalise(text), config, None)
