"""The pipeline: OCR → normalise → dehyphenate + repair misreads → render Markdown.

``convert`` runs it from files; ``repair_text`` from a string. Both return a
:class:`~ocr_repair.models.Result` with the Markdown and the explained corrections.
"""

from __future__ import annotations

import bisect
import difflib
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import regex

from . import lexicon as lexicon_mod
from . import layout, markdown, repair
from .config import Config
from .corrections import LAYOUT_RULES, Correction, counts
from .models import Document, Layout, PathLike, Result
from .normalise import Mapped, normalise, normalise_mapped
# stage 1 (reading, OCR) lives in reading.py, which imports nothing of the repair; its names stay here too
from .reading import (PageProgress, default_jobs, image_size, ocr_images, ocr_page_of, ocr_pages,  # noqa: F401
                      read_document, terminal_progress, text_warnings)
from .ocr_confidence import WordConfidences
from .repair import LineIndex

__all__ = ["LAYOUT_RULES", "InputMap", "convert", "read_document", "repair_document", "repair_text"]


#: the repair of a scan hears Tesseract's word confidences (``repair_document(ocr_evidence=)``)
OCR_EVIDENCE = True


def get_lexicon(config: Config) -> lexicon_mod.Lexicon:
    return lexicon_mod.load(None, tuple(str(p) for p in config.words))


def repair_document(doc: Document, config: Config, *, show_progress: bool = False,
                    ocr_evidence: bool | None = None) -> Result:
    """Stages 2-4 for the pages of ``doc``: normalise, join (page furniture removed), repair,
    render. The corrections' positions are the input's own (see :class:`Correction`).
    ``show_progress``: a progress line for a long text (:func:`repair_progress`).
    ``ocr_evidence``: give the repair Tesseract's word confidences of a scan's pages
    (:mod:`ocr_repair.ocr_confidence`; default :data:`OCR_EVIDENCE`)."""
    # a form feed inside a page's text (pdftotext, Tesseract's own output) is a page break too
    parts = []
    for k, p in enumerate(doc.pages):
        offset = 0
        for raw in p.text.split("\f"):
            parts.append(_Part(k, offset, normalise_mapped(raw)))
            offset += len(raw) + 1
    # running headers/footers and page numbers go; the layout is analysed once, here: its
    # text (the paragraphs the Markdown will have as blank lines; the parts are normalised,
    # and the blank lines change nothing normalise would) is what the repair works on
    joined = layout.join([part.norm.text for part in parts], keep_furniture=config.keep_furniture)
    found = layout.build(joined.text)
    where = InputMap(doc, parts, joined, found.text)
    confidences = None
    if OCR_EVIDENCE if ocr_evidence is None else ocr_evidence:
        confidences = WordConfidences.of(doc, found.text, where)
    return _repair(found.text, config, doc, where, [where.furniture(f) for f in joined.removed], found,
                   show_progress, confidences)


def _repair(text: str, config: Config, doc: Document | None, where: InputMap | None = None,
            extra: list[Correction] | None = None, found: Layout | None = None,
            show_progress: bool = False, confidences: WordConfidences | None = None) -> Result:
    """Repair ``text`` (the text of ``found``, the document's blocks; built here, over the
    text as it stands, if not given), then render the blocks moved through the edits."""
    found = found or layout.build(text, rewrite=False)
    lex = get_lexicon(config)
    corrections = repair.analyse(text, config, lex, found.sentence_starts,
                                 progress=repair_progress(len(text)) if show_progress else None,
                                 confidences=confidences)
    fixed = repair.apply_corrections(text, corrections)
    edits = [c for c in corrections if c.applied]
    moved = found.moved(edits, fixed)
    if where is not None:
        corrections = [where.correction(c) for c in corrections]
    if extra:
        corrections = sorted(extra + corrections, key=lambda c: (c.page, c.start))
    applied, suspects = counts(corrections)
    md = markdown.render(moved.blocks, fixed, doc, applied=applied, suspects=suspects,
                         with_front_matter=config.front_matter)
    return Result(text=fixed, markdown=md, corrections=corrections, document=doc, edits=edits, layout=moved)


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
