"""Stage 1 of the pipeline: the pages of a document, OCR'd where they are scans.

:func:`read_document` reads a document's inputs (``inputs.py``) and OCRs its scanned pages
(``tesseract.py``), ``jobs`` at a time on an executor (``executors.py``), in order.
This module imports nothing of the repair (no lexicon, no layout, no ``regex``), so that
``convert`` starts Tesseract on the first page before it loads them, and loads them while
Tesseract reads (:func:`read_document`'s ``while_ocr``).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from . import tesseract
from .config import Config
from .inputs import Kind, image_page_count, image_pages, kind_of, pdf_page_count, pdf_pages, read_text
from .models import Document, Page, PathLike

__all__ = ["PageProgress", "default_jobs", "image_size", "ocr_images", "ocr_page_of", "ocr_pages", "read_document",
           "terminal_progress", "text_warnings"]


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ocr_pages(images: Iterable, config: Config, jobs: int | None = None,
              on_done: Callable[[], None] | None = None,
              sizes: list | None = None, executor=None) -> list[tuple[str, float | None, int]]:
    """OCR page images, ``jobs`` at a time (default: all cores); the results of
    :func:`tesseract.ocr_page` in the images' order.

    Each page is one task, ``tesseract.ocr_page(image, lang, timeout)``, on ``executor``
    (an :class:`~ocr_repair.executors.Executor`; default :func:`executors.for_pages`:
    ``jobs`` threads of this process, each waiting on one single-threaded Tesseract; a
    given executor is used as it is, neither started nor closed here). ``images`` is read
    lazily, in this thread (PDF rendering is not thread-safe), one page ahead: the next
    page is rendered while Tesseract reads the others; at most ``2 × jobs + 1`` pages are
    held at once. A page that fails raises its error, as a run one page after the other
    would: the first failing page in order wins, no page starts after a failure, the
    pages still running are killed. Ctrl-C (any exception here) kills them too before it
    propagates. ``on_done`` is called (in this thread) once per page finished, in order.
    ``sizes``, if given, gets each image's (width, height, dpi), in order.
    """
    from collections import deque

    from . import executors

    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    own = executor is None
    if own:
        executor = executors.for_pages(jobs)
        executor.start()  # Tesseract is checked by the first page (read_document probes it meanwhile)
    running_max = getattr(executor, "jobs", jobs)
    in_flight_max = max(running_max, getattr(executor, "window", 2 * running_max))
    results: list[tuple[str, float | None, int]] = []
    pending: deque = deque()  # futures, in page order
    source = iter(images)
    ahead = None  # the next page, rendered while Tesseract works
    exhausted = False
    try:
        while True:
            # a page failed: the run fails with it (or with an earlier page), start no more
            if any(f.done() and f.exception() is not None for f in pending):
                exhausted, ahead = True, None
            while (not exhausted and len(pending) < in_flight_max
                   and sum(not f.done() for f in pending) < running_max):
                image, ahead = (ahead if ahead is not None else next(source, None)), None
                if image is None:
                    exhausted = True
                    break
                if sizes is not None:
                    sizes.append(image_size(image))
                # Tesseract's alternative characters only where asked for (they cost it time)
                extra = (True,) if config.ocr_choices else ()
                pending.append(executor.submit(tesseract.ocr_page, image, config.lang, config.page_timeout, *extra))
                del image
            if not exhausted and ahead is None:
                ahead = next(source, None)
                exhausted = ahead is None
                continue  # a page may have finished meanwhile
            if not pending:
                return results
            running = [f for f in pending if not f.done()]
            if running and not pending[0].done():
                executor.wait(running)
            while pending and pending[0].done():
                results.append(executor.result(pending.popleft()))  # a failed page raises here
                if on_done:
                    on_done()
    except BaseException:
        for f in pending:
            f.cancel()
        if own:
            executor.close(cancel=True)
        raise
    finally:
        if own:
            executor.close()


def ocr_images(images: Iterable, source: str, config: Config, first_page: int = 1,
               jobs: int | None = 1) -> list[Page]:
    """Pages of ``source`` from its images (OCR'd ``jobs`` at a time, by default one)."""
    sizes: list = []
    results = ocr_pages(images, config, jobs, sizes=sizes)
    return [ocr_page_of(source, n, ocr, size)
            for n, (ocr, size) in enumerate(zip(results, sizes), start=first_page)]


def image_size(image) -> tuple[int, int, int | None]:
    """A page image's (width, height) in pixels and its resolution (None if untagged)."""
    return image.width, image.height, tesseract.image_dpi(image)


def ocr_page_of(source: str, number: int, ocr, size: tuple[int, int, int | None]) -> Page:
    """The Page of one OCR'd image: its text, confidence, words and their boxes, its size."""
    text, conf, words = ocr
    width, height, dpi = size
    return Page(source=source, number=number, text=text, mean_confidence=conf, words=words,
                boxes=getattr(ocr, "boxes", []), width=width, height=height, dpi=dpi)


def read_document(paths: list[PathLike], config: Config,
                  on_page: Callable[[Page], None] | None = None, *, jobs: int | None = None,
                  progress: PageProgress | None = None, executor=None,
                  while_ocr: Callable[[], object] | None = None) -> Document:
    """Stage 1: the pages of a document, OCR'd where they are scans.

    The pages of all its scans are OCR'd ``jobs`` at a time (``None``: all cores; on
    ``executor``, see :func:`ocr_pages`) and come back in order; ``on_page`` is called
    with each page, in order, once all are read. ``progress`` (e.g.
    :func:`terminal_progress`) is told the number of scanned pages, then each one done.
    ``while_ocr`` (``convert``: import and load the repair stage) runs on a thread of its
    own once the first page's Tesseract has started, and has finished when this returns
    (its errors are ignored: the caller meets them again when it does the work itself).
    """
    paths = [Path(p) for p in paths]
    doc = Document(sources=[str(p) for p in paths], language=config.lang)
    kinds = [kind_of(p) for p in paths]
    scans = [(i, p, k) for i, (p, k) in enumerate(zip(paths, kinds)) if k is not Kind.text]
    ocr: list[tuple[str, float | None, int]] = []
    sizes: list = []  # each OCR'd image's (width, height, dpi), in order
    labels: list[int] = []  # the input (index into paths) of each OCR'd page, in order
    if scans:
        # Tesseract's version and languages are probed while the first page is rendered;
        # the first page checks them before it runs (a missing model fails it at once)
        tesseract.start_probe(config.lang)

        warm = _Beside(while_ocr) if while_ocr is not None else None

        def images():
            for i, p, kind in scans:
                for image in image_pages(p) if kind is Kind.image else pdf_pages(p, config.dpi):
                    labels.append(i)
                    yield image
                    if warm is not None:  # asked for the next page: the first one is submitted
                        warm.start()

        if progress is not None:
            progress.start(sum(image_page_count(p) if k is Kind.image else pdf_page_count(p) for _, p, k in scans))
        try:
            ocr = ocr_pages(images(), config, jobs, on_done=progress.advance if progress else None, sizes=sizes,
                            executor=executor)
        finally:
            if progress is not None:
                progress.stop()
        if warm is not None:
            warm.start()  # a one-page document: no next page was asked for
            warm.join()
        doc.ocr_engine = f"tesseract {tesseract.probed_version()}"
    for i, (p, kind) in enumerate(zip(paths, kinds)):
        if kind is Kind.text:
            new = [Page(source=str(p), number=1, text=read_text(p), words=0)]
        else:
            mine = [(r, size) for label, r, size in zip(labels, ocr, sizes) if label == i]
            new = [ocr_page_of(str(p), n, r, size) for n, (r, size) in enumerate(mine, start=1)]
        for page in new:
            if on_page:
                on_page(page)
        doc.pages.extend(new)
    return doc


class _Beside:
    """A function run once, on a daemon thread, beside the OCR: once a Tesseract has started
    (not to hold up the first page: the function runs Python, which needs the interpreter
    lock the page's thread needs too), and, where the system allows it, at a lower CPU
    priority than Tesseract (nice +10 for this thread alone: the pages come first, the
    function takes the idle CPU, and runs at full speed when the pages are done)."""

    #: seconds to wait for a Tesseract to start before running anyway
    WAIT_FOR_OCR = 5.0

    def __init__(self, fn: Callable[[], object]):
        self.fn = fn
        self.thread = None
        self.done = threading.Event()  #: the OCR is over: run now

    def _run(self) -> None:
        import time

        deadline = time.monotonic() + self.WAIT_FOR_OCR
        while not (tesseract.STARTED.is_set() or self.done.is_set()) and time.monotonic() < deadline:
            tesseract.STARTED.wait(0.005)
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # Linux: this thread only
        except (AttributeError, OSError):
            pass
        try:
            self.fn()
        except BaseException:  # noqa: BLE001 - met again, and reported, by the caller's own call
            pass

    def start(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="ocr-repair-beside-ocr", daemon=True)
            self.thread.start()

    def join(self) -> None:
        self.done.set()
        if self.thread is not None:
            self.thread.join()


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
