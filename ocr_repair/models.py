"""Data carried between the pipeline's stages: plain dataclasses.

Pydantic was dropped here (it was a dependency for these models only, and none of its
features was used): importing it cost about 65 ms on every ``convert`` and every batch
worker, ``check`` must start without it, and the settings, which would be the one place
where validation pays, are checked from one table (:mod:`ocr_repair.registry`) that ``check``
can import in a millisecond. What little coercion the models need is in ``__post_init__``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .corrections import Correction, is_counted, is_reported


@dataclass(kw_only=True)
class WordBox:
    """One word as Tesseract read it, with its place on the page image (pixels, top-left
    origin), its confidence (0-100) and the block, paragraph and line it belongs to."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    block: int = 0
    par: int = 0
    line: int = 0
    #: Tesseract's alternative readings of the word, (reading, confidence 0-100), likeliest
    #: first, where it was asked for them (``tesseract.ocr_page(choices=True)``)
    choices: tuple[tuple[str, float], ...] = ()


@dataclass(kw_only=True)
class Page:
    """One page of a document: its text (OCR'd or read) and where it came from."""

    source: str
    number: int = 1
    text: str
    #: Tesseract's paragraph breaks are already blank lines in ``text``
    mean_confidence: float | None = None
    words: int = 0
    #: a scan's words with their boxes, in reading order (``text`` is built from them);
    #: empty for a transcription
    boxes: list[WordBox] = field(default_factory=list)
    #: the OCR'd page image's size in pixels and its resolution (None if untagged)
    width: int | None = None
    height: int | None = None
    dpi: int | None = None

    def __post_init__(self) -> None:
        # Tesseract's words come as dicts of WordBox's fields (they pickle small)
        self.boxes = [b if isinstance(b, WordBox) else WordBox(**b) for b in self.boxes]

    @property
    def scanned(self) -> bool:
        """OCR'd from a scan (Tesseract gave a confidence), not read as a transcription."""
        return self.mean_confidence is not None


@dataclass(kw_only=True)
class Document:
    sources: list[str]
    pages: list[Page] = field(default_factory=list)
    ocr_engine: str | None = None  #: e.g. "tesseract 5.3.0", None for transcriptions
    language: str = "deu"

    @property
    def mean_confidence(self) -> float | None:
        vals = [(p.mean_confidence, p.words) for p in self.pages if p.mean_confidence is not None]
        total = sum(w for _, w in vals)
        if not total:
            return None
        return sum(c * w for c, w in vals) / total


@dataclass(kw_only=True)
class Result:
    """What ``convert`` and ``repair_text`` return.

    ``corrections`` holds every edit, layout edits too (:func:`~ocr_repair.corrections.is_layout`);
    ``counted`` and ``suspects`` are what the front matter counts, ``reported`` what
    ``--explain`` prints (and ``check`` reports for a transcription).
    """

    text: str  #: the repaired plain text (line structure kept, hyphenated line breaks joined)
    markdown: str  #: the rendered Markdown
    corrections: list[Correction] = field(default_factory=list)
    document: Document | None = None
    #: the applied edits at offsets into the text the repair was given (normalised, pages
    #: joined, page furniture removed), as the engine made them: ``corrections`` carry the
    #: input's positions instead. For the outputs that trace words back to the page
    #: (:mod:`ocr_repair.boxes`); not part of the JSON.
    edits: list[Correction] = field(default_factory=list, repr=False)
    #: the document's blocks over ``text`` (moved through ``edits``): what was rendered
    layout: Layout | None = field(default=None, repr=False)

    @property
    def applied(self) -> list[Correction]:
        """Every edit made, layout edits included."""
        return [c for c in self.corrections if c.applied]

    @property
    def counted(self) -> list[Correction]:
        """The corrections made: the front matter's ``corrections``."""
        return [c for c in self.corrections if is_counted(c)]

    @property
    def suspects(self) -> list[Correction]:
        """Reported, not changed: the front matter's ``suspects``."""
        return [c for c in self.corrections if is_reported(c) and not c.applied]

    @property
    def reported(self) -> list[Correction]:
        """Corrections and suspects, in order: what ``--explain`` prints."""
        return [c for c in self.corrections if is_reported(c)]


# ---------------------------------------------------------------------------------------
# the document's structure: blocks with spans over the text the repair works on

#: the kinds of :class:`Block`
BLOCK_KINDS = ("front-matter", "heading", "title", "para", "lines", "contact", "list")


@dataclass(slots=True)
class Block:
    """One block of the document and its span ``start:end`` in the text (the block's lines,
    without the blank lines around it).

    ``kind``: ``front-matter`` (this project's own YAML block at the top), ``heading`` (a
    ``# `` heading the input gives), ``title`` (the paragraph chosen as the title), ``para``
    (a paragraph; a dateline or the issuer's line is one of its own), ``lines`` (lines whose
    breaks are kept: hard breaks the input gives), ``contact`` (the contact block, breaks
    kept), ``list`` (``items``: the marker and span of each list item, in order).
    """

    kind: str
    start: int
    end: int
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Item:
    """One list item: its marker as the layout read it, and its span (marker included)."""

    marker: str
    start: int
    end: int


@dataclass
class Layout:
    """The document of blocks: ``text`` (the text the repair works on, or, once
    :meth:`moved`, the repaired text), its ``blocks`` in order, and ``sentence_starts``: the
    sorted offsets of the characters of words that begin a sentence (start of a block, after
    ``. ! ? : ;`` that is no abbreviation), which the repair reads instead of looking back.

    Made once, before the repair, by :func:`ocr_repair.layout.build`; carried through the
    repair's edits by :meth:`moved`; rendered by :func:`ocr_repair.markdown.render`.
    """

    text: str
    blocks: list[Block] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)

    def moved(self, edits: Iterable, text: str) -> Layout:
        """This layout over ``text``, the text after ``edits`` (the applied corrections:
        sorted, non-overlapping ``start``/``end``/``after`` over :attr:`text`).

        A block keeps what was replaced inside it; an edit at its first or last character
        is inside it, an insertion at either end too. An edit from one block into the next
        (a word rejoined over the blank line between them) makes them one block, of the
        first one's kind: the text it joined is one line now."""
        edits = list(edits)
        m = SpanMap(edits)
        blocks: list[Block] = []
        k = 0
        for b in self.blocks:
            start, end = m.start(b.start), m.end(b.end)
            items = [Item(it.marker, m.start(it.start), m.end(it.end)) for it in b.items]
            while k < len(edits) and edits[k].end <= b.start:
                k += 1
            prev = self._joined(blocks, edits, k, b)
            if prev is not None:
                prev.end = max(prev.end, end)
                if prev.items:
                    prev.items[-1].end = prev.end
                continue
            blocks.append(Block(b.kind, start, max(start, end), items))
        starts = sorted({m.start(p) for p in self.sentence_starts})
        return Layout(text, blocks, starts)

    def _joined(self, blocks: list[Block], edits: list, k: int, b: Block) -> Block | None:
        """The block (moved) that ``b`` joins: the one before, when an edit starts before
        ``b`` and ends inside it (``edits[k]`` is the first that ends after ``b``'s start)."""
        if not blocks or k >= len(edits):
            return None
        e = edits[k]
        return blocks[-1] if e.start < b.start < e.end else None


class SpanMap:
    """Positions in a text mapped through edits made to it (objects with ``start``, ``end``
    and ``after``, sorted and non-overlapping) to positions in the edited text."""

    def __init__(self, edits: Iterable):
        self.edits = sorted(((e.start, e.end, len(e.after)) for e in edits), key=lambda x: (x[0], x[1]))
        self.starts = [s for s, _, _ in self.edits]
        # the shift of everything after edit k: the length change of edits 0..k
        self.shift: list[int] = []
        total = 0
        for s, e, n in self.edits:
            total += n - (e - s)
            self.shift.append(total)

    def _before(self, k: int) -> int:
        return self.shift[k - 1] if k > 0 else 0

    def start(self, pos: int) -> int:
        """Where a span that starts at ``pos`` starts: before an insertion at ``pos``, at
        the start of the replacement of an edit that ``pos`` is inside of."""
        k = bisect.bisect_left(self.starts, pos)  # edits 0..k-1 start before pos
        if k > 0:
            s, e, n = self.edits[k - 1]
            if e > pos:  # pos inside edit k-1
                return s + self._before(k - 1)
        return pos + self._before(k)

    def end(self, pos: int) -> int:
        """Where a span that ends at ``pos`` ends: after an insertion at ``pos``, at the end
        of the replacement of an edit that ``pos`` is inside of."""
        k = bisect.bisect_right(self.starts, pos)  # edits 0..k-1 start at or before pos
        while k > 0 and self.edits[k - 1][0] == pos and self.edits[k - 1][1] > pos:
            k -= 1  # an edit that starts at the span's end is after it
        if k > 0:
            s, e, n = self.edits[k - 1]
            if e > pos:  # pos inside edit k-1
                return s + self._before(k - 1) + n
        return pos + self._before(k)


PathLike = str | Path
