"""The pipeline: OCR → normalise → dehyphenate + repair misreads → render Markdown.

``convert`` runs it from files; ``repair_text`` from a string. Both return a
:class:`~ocr_repair.models.Result` with the Markdown and the explained corrections.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import regex

from . import lexicon as lexicon_mod
from . import layout, markdown, repair, tesseract
from .config import Config
from .corrections import LAYOUT_RULES, Correction, counts
from .inputs import Kind, image_page_count, image_pages, kind_of, pdf_page_count, pdf_pages, read_text
from .models import Document, Page, PathLike, Result
from .normalise import Mapped, normalise, normalise_mapped
from .repair import LineIndex

__all__ = ["LAYOUT_RULES", "InputMap", "convert", "read_document", "repair_document", "repair_text"]


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
              on_done: Callable[[], None] | None = None,
              sizes: list | None = None) -> list[tuple[str, float | None, int]]:
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
    finished, in order. ``sizes``, if given, gets each image's (width, height, dpi), in order.
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
                if sizes is not None:
                    sizes.append(image_size(image))
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
    sizes: list = []  # each OCR'd image's (width, height, dpi), in order
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
            ocr = ocr_pages(images(), config, jobs, on_done=progress.advance if progress else None, sizes=sizes)
        finally:
            if progress is not None:
                progress.stop()
        doc.ocr_engine = f"tesseract {tesseract.version()}"
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


def repair_document(doc: Document, config: Config, *, show_progress: bool = False) -> Result:
    """Stages 2-4 for the pages of ``doc``: normalise, join (page furniture removed), repair,
    render. The corrections' positions are the input's own (see :class:`Correction`).
    ``show_progress``: a progress line for a long text (:func:`repair_progress`)."""
    # a form feed inside a page's text (pdftotext, Tesseract's own output) is a page break too
    parts = []
    for k, p in enumerate(doc.pages):
        offset = 0
        for raw in p.text.split("\f"):
            parts.append(_Part(k, offset, normalise_mapped(raw)))
            offset += len(raw) + 1
    # running headers/footers and page numbers go; the paragraphs the Markdown will have are
    # set before the repair, so its sentence-start checks see them on every pass
    joined = layout.join([part.norm.text for part in parts], keep_furniture=config.keep_furniture)
    text = normalise(layout.prepare(joined.text))
    where = InputMap(doc, parts, joined, text)
    return _repair(text, config, doc, where, [where.furniture(f) for f in joined.removed], show_progress)


def _repair(text: str, config: Config, doc: Document | None, where: InputMap | None = None,
            extra: list[Correction] | None = None, show_progress: bool = False) -> Result:
    lex = get_lexicon(config)
    corrections = repair.analyse(text, config, lex, progress=repair_progress(len(text)) if show_progress else None)
    fixed = repair.apply_corrections(text, corrections)
    edits = [c for c in corrections if c.applied]
    if where is not None:
        corrections = [where.correction(c) for c in corrections]
    if extra:
        corrections = sorted(extra + corrections, key=lambda c: (c.page, c.start))
    applied, suspects = counts(corrections)
    md = markdown.render(fixed, doc, applied=applied, suspects=suspects,
                         with_front_matter=config.front_matter)
    return Result(text=fixed, markdown=md, corrections=corrections, document=doc, edits=edits)


def repair_progress(size: int, stream=None) -> Callable[[int, int], None] | None:
    """A progress line on ``stream`` (default stderr) for the repair of a long text (over
    two of the engine's windows), only when it is a terminal (as OCRmyPDF shows its bar):
    "ocr-repair: repairing 12.0 of 50.3 MB (24 %)", rewritten in place, cleared at the end."""
    stream = sys.stderr if stream is None else stream
    if size <= 2 * repair.WINDOW:
        return None
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None

    def show(done: int, total: int) -> None:
        if done >= total:
            stream.write("\r\033[K")
        else:
            stream.write(f"\rocr-repair: repairing {done / 1e6:.1f} of {total / 1e6:.1f} M characters "
                         f"({100 * done // total} %)")
        stream.flush()

    return show


# ---------------------------------------------------------------------------------------
# positions: from the text the repair sees back to the input


@dataclass
class _Part:
    """A page's text up to a form feed: its page, where it starts, its normalised text."""

    page: int  #: index into the document's pages
    offset: int  #: where it starts in the page's text
    norm: Mapped  #: normalised, mapped back to the part's own text


class InputMap:
    """The one map from the text the repair works on (normalised, pages joined, paragraphs
    prepared) back to the input: a page of the document and an offset in its text.

    Joining pages and preparing paragraphs only drop lines (page furniture, blank lines) and
    add blank lines; every other line is a line of a normalised page, unchanged and in
    order. So each line of the text is matched to the page line it is, and a column in it to
    the input through the normalisation's own map (:func:`normalise_mapped`).
    """

    def __init__(self, doc: Document, parts: list[_Part], joined: layout.Joined, text: str):
        self.doc = doc
        self.parts = parts
        self.paged = len(doc.pages) > 1 or any(p.scanned for p in doc.pages)
        self.part_starts = [_line_starts(p.norm.text) for p in parts]
        lines = text.split("\n")
        self.starts = _line_starts(text)
        joined_lines = joined.text.split("\n")
        have = [(ln, o) for ln, o in zip(joined_lines, joined.origins) if o is not None and ln.strip()]
        want = [(i, ln) for i, ln in enumerate(lines) if ln.strip()]
        self.origins: list[tuple[int, int] | None] = [None] * len(lines)
        if [ln for _, ln in want] == [ln for ln, _ in have]:
            for (i, _), (_, o) in zip(want, have):
                self.origins[i] = o
        else:  # not expected: align the lines that are the same
            sm = difflib.SequenceMatcher(None, [ln for _, ln in want], [ln for ln, _ in have], autojunk=False)
            for a, b, size in sm.get_matching_blocks():
                for d in range(size):
                    self.origins[want[a + d][0]] = have[b + d][1]
        self._index: dict[int, LineIndex] = {}

    def _norm_pos(self, pos: int) -> tuple[int, int] | None:
        """(part, offset in its normalised text) of position ``pos`` of the text."""
        i = bisect.bisect_right(self.starts, pos) - 1
        col = pos - self.starts[i]
        o = self.origins[i]
        if o is None:  # a blank line between paragraphs: the start of the next page line
            nxt = next((x for x in self.origins[i + 1:] if x is not None), None)
            if nxt is None:
                prev = next((x for x in reversed(self.origins[:i]) if x is not None), None)
                if prev is None:
                    return None
                n, li = prev
                return n, self._line_end(n, li)
            n, li = nxt
            return n, self.part_starts[n][li]
        n, li = o
        return n, min(self.part_starts[n][li] + col, self._line_end(n, li))

    def _line_end(self, n: int, li: int) -> int:
        starts = self.part_starts[n]
        return starts[li + 1] - 1 if li + 1 < len(starts) else len(self.parts[n].norm.text)

    def start(self, pos: int) -> tuple[int, int]:
        """(page, offset in the page's text) of the position before character ``pos``."""
        found = self._norm_pos(pos)
        if found is None:
            return 0, 0
        n, off = found
        part = self.parts[n]
        return part.page, part.offset + part.norm.start(off)

    def end(self, start: int, end: int) -> tuple[int, int]:
        """(page, offset) of the end of the span ``start:end``."""
        if end <= start:
            return self.start(start)
        found = self._norm_pos(end - 1)
        if found is None:
            return 0, 0
        n, off = found
        part = self.parts[n]
        return part.page, part.offset + part.norm.end(off + 1)

    def line_col(self, page: int, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset`` in the page's text: the file's lines for a
        transcription; for a scan the lines of text printed on the page (blank ones are no
        line)."""
        index = self._index.get(page)
        if index is None:
            index = self._index[page] = LineIndex(self.doc.pages[page].text)
        line, col = index(offset)
        if self.doc.pages[page].scanned:
            line = sum(1 for ln in self.doc.pages[page].text.split("\n")[:line] if ln.strip()) or 1
        return line, col

    def _placed(self, c: Correction, page: int, start: int, end: int) -> Correction:
        line, col = self.line_col(page, start)
        return replace(c, start=start, end=end, line=line, col=col, page=page + 1 if self.paged else 0)

    def correction(self, c: Correction) -> Correction:
        """``c`` (positions in the repaired text) with the input's positions."""
        page, start = self.start(c.start)
        end_page, end = self.end(c.start, c.end)
        if end_page != page:  # a span over a page break ends with its first page
            return self._placed(c, page, start, len(self.doc.pages[page].text))
        # what the input has there (a blank line the layout removed, a ligature)
        before = self.doc.pages[page].text[start:end]
        return self._placed(replace(c, before=before), page, start, max(start, end))

    def furniture(self, f: layout.Furniture) -> Correction:
        """The correction that removed a line of page furniture."""
        part = self.parts[f.page]
        line = part.norm.text.split("\n")[f.line]
        a = self.part_starts[f.page][f.line] + len(line) - len(line.lstrip())
        b = self.part_starts[f.page][f.line] + len(line.rstrip())
        start, end = part.offset + part.norm.start(a), part.offset + part.norm.end(b)
        c = Correction(start=start, end=end, before=f.text, after="", rule="page-furniture", confidence=1.0,
                       applied=True, why=f"{f.why}: removed (--keep-furniture keeps it)")
        return self._placed(c, part.page, start, end)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in regex.finditer("\n", text)]


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
    # a long text's repair shows its progress where the pages' does (a terminal)
    return repair_document(doc, config, show_progress=progress is not None)


def repair_text(text: str, config: Config | None = None) -> Result:
    """Repair OCR'd text: the corrections are offsets into ``normalise(text)`` (no pages
    joined, no paragraphs prepared: what the repair engine itself sees)."""
    config = config or Config()
    return _repair(normalise(text), config, None)
