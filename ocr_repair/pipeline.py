"""The pipeline: OCR → normalise → dehyphenate + repair misreads → render Markdown.

``convert`` runs it from files; ``repair_text`` from a string. Both return a
:class:`~ocr_repair.models.Result` with the Markdown and the explained corrections.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from . import lexicon as lexicon_mod
from . import layout, markdown, repair, tesseract
from .config import Config
from .inputs import Kind, image_page_count, image_pages, kind_of, pdf_page_count, pdf_pages, read_text
from .models import Document, Page, PathLike, Result
from .normalise import normalise


#: edits that only move text between lines: not counted or explained as corrections
LAYOUT_RULES = frozenset({"line-move"})


def get_lexicon(config: Config) -> lexicon_mod.Lexicon:
    return lexicon_mod.load(None, tuple(str(p) for p in config.words))


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_POOLS = itertools.count(1)


def ocr_pages(images: Iterable, config: Config, jobs: int | None = None,
              on_done: Callable[[], None] | None = None) -> list[tuple[str, float | None, int]]:
    """OCR page images, ``jobs`` at a time (default: all cores); the results of
    :func:`tesseract.ocr_page` in the images' order.

    Each page is one Tesseract process on one thread, waited on by a thread of this
    process (the work is in Tesseract: threads cost next to nothing and need no pickling).
    ``images`` is read lazily, in this thread (PDF rendering is not thread-safe), one page
    ahead: the next page is rendered while Tesseract reads the others; at most
    ``2 × jobs + 1`` pages are held at once. A page that fails raises its error, as a run
    one page after the other would: the first failing page in order wins, no page starts
    after a failure, the pages still running are killed. Ctrl-C (any exception here) kills
    them too before it propagates. ``on_done`` is called (in this thread) once per page
    finished, in order.
    """
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    results: list[tuple[str, float | None, int]] = []
    # a name of this call's own: on failure only its Tesseracts are killed
    name = f"ocr-repair-pages-{next(_POOLS)}"
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix=name)
    pending: deque = deque()  # futures, in page order
    source = iter(images)
    ahead = None  # the next page, rendered while Tesseract works
    exhausted = False
    try:
        while True:
            # a page failed: the run fails with it (or with an earlier page), start no more
            if any(f.done() and f.exception() is not None for f in pending):
                exhausted, ahead = True, None
            while not exhausted and len(pending) < 2 * jobs and sum(not f.done() for f in pending) < jobs:
                image, ahead = (ahead if ahead is not None else next(source, None)), None
                if image is None:
                    exhausted = True
                    break
                pending.append(pool.submit(tesseract.ocr_page, image, config.lang, config.page_timeout))
                del image
            if not exhausted and ahead is None:
                ahead = next(source, None)
                exhausted = ahead is None
                continue  # a page may have finished meanwhile
            if not pending:
                return results
            running = [f for f in pending if not f.done()]
            if running and not pending[0].done():
                wait(running, return_when=FIRST_COMPLETED)
            while pending and pending[0].done():
                results.append(pending.popleft().result())  # a failed page raises here
                if on_done:
                    on_done()
    except BaseException:
        for f in pending:
            f.cancel()
        with tesseract.killing(name + "_"):
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ocr_images(images: Iterable, source: str, config: Config, first_page: int = 1,
               jobs: int | None = 1) -> list[Page]:
    """Pages of ``source`` from its images (OCR'd ``jobs`` at a time, by default one)."""
    return [Page(source=source, number=n, text=text, mean_confidence=conf, words=words)
            for n, (text, conf, words) in enumerate(ocr_pages(images, config, jobs), start=first_page)]


def read_document(paths: list[PathLike], config: Config,
                  on_page: Callable[[Page], None] | None = None, *, jobs: int | None = None,
                  progress: PageProgress | None = None) -> Document:
    """Stage 1: the pages of a document, OCR'd where they are scans.

    The pages of all its scans are OCR'd ``jobs`` at a time (``None``: all cores) and come
    back in order; ``on_page`` is called with each page, in order, once all are read.
    ``progress`` (e.g. :func:`terminal_progress`) is told the number of scanned pages,
    then each one done.
    """
    paths = [Path(p) for p in paths]
    doc = Document(sources=[str(p) for p in paths], language=config.lang)
    kinds = [kind_of(p) for p in paths]
    scans = [(i, p, k) for i, (p, k) in enumerate(zip(paths, kinds)) if k is not Kind.text]
    ocr: list[tuple[str, float | None, int]] = []
    labels: list[int] = []  # the input (index into paths) of each OCR'd page, in order
    if scans:
        # Tesseract's version and languages are probed while the first page is rendered;
        # the first page checks them before it runs (a missing model fails it at once)
        tesseract.start_probe(config.lang)

        def images():
            for i, p, kind in scans:
                for image in image_pages(p) if kind is Kind.image else pdf_pages(p, config.dpi):
                    labels.append(i)
                    yield image

        if progress is not None:
            progress.start(sum(image_page_count(p) if k is Kind.image else pdf_page_count(p) for _, p, k in scans))
        try:
            ocr = ocr_pages(images(), config, jobs, on_done=progress.advance if progress else None)
        finally:
            if progress is not None:
                progress.stop()
        doc.ocr_engine = f"tesseract {tesseract.version()}"
    for i, (p, kind) in enumerate(zip(paths, kinds)):
        if kind is Kind.text:
            new = [Page(source=str(p), number=1, text=read_text(p), words=0)]
        else:
            mine = [r for label, r in zip(labels, ocr) if label == i]
            new = [Page(source=str(p), number=n, text=text, mean_confidence=conf, words=words)
                   for n, (text, conf, words) in enumerate(mine, start=1)]
        for page in new:
            if on_page:
                on_page(page)
        doc.pages.extend(new)
    return doc


def text_warnings(doc: Document) -> list[str]:
    """Warnings for scanned pages in which OCR found no text ("scan.pdf: page 2: no text
    found"), and one for a document that has no text at all."""
    out = []
    for page in doc.pages:
        if doc.ocr_engine and page.words == 0 and not page.text.strip():
            out.append(f"{page.source}: page {page.number}: no text found")
    if doc.pages and not any(p.text.strip() for p in doc.pages):
        names = ", ".join(dict.fromkeys(p.source for p in doc.pages))
        out.append(f"{names}: no text found in the whole document: the Markdown is empty")
    return out


class PageProgress:
    """What :func:`read_document` tells about OCR progress: ``start(total)`` pages,
    ``advance()`` after each, ``stop()`` at the end. This one tells nobody."""

    def start(self, total: int) -> None:
        pass

    def advance(self) -> None:
        pass

    def stop(self) -> None:
        pass


class _RichPageProgress(PageProgress):
    """A bar of pages on stderr (rich), cleared when done."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(TextColumn("OCR"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"),
                                  TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self._task = None

    def start(self, total: int) -> None:
        self._task = self._progress.add_task("ocr", total=max(total, 1))
        self._progress.start()

    def advance(self) -> None:
        if self._task is not None:
            self._progress.advance(self._task)

    def stop(self) -> None:
        if self._task is not None:
            self._progress.stop()
            self._task = None


def terminal_progress(stream=None) -> PageProgress | None:
    """A page progress bar when ``stream`` (default stderr) is a terminal, else None."""
    stream = sys.stderr if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return _RichPageProgress() if tty else None


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


def convert(paths: PathLike | list[PathLike], config: Config | None = None, *, jobs: int | None = None,
            progress: PageProgress | None = None, warn: Callable[[str], None] | None = None) -> Result:
    """Scans or transcriptions (the pages of one document, in order) to repaired Markdown.

    Scanned pages are OCR'd ``jobs`` at a time (default: all cores). ``warn`` is called
    with each of :func:`text_warnings` (a page in which OCR found no text).
    """
    config = config or Config()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    doc = read_document(list(paths), config, jobs=jobs, progress=progress)
    if warn is not None:
        for message in text_warnings(doc):
            warn(message)
    return repair_document(doc, config)


def repair_text(text: str, config: Config | None = None) -> Result:
    """Repair OCR'd text: the corrections are offsets into ``normalise(text)``."""
    config = config or Config()
    return _repair(normalise(text), config, None)
