"""Data carried between the pipeline's stages: plain dataclasses.

Pydantic was dropped here (it was a dependency for these models only, and none of its
features was used): importing it cost about 65 ms on every ``convert`` and every batch
worker, ``check`` must start without it, and the settings, which would be the one place
where validation pays, are checked from one table (:mod:`ocr_repair.registry`) that ``check``
can import in a millisecond. What little coercion the models need is in ``__post_init__``.
"""

from __future__ import annotations

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


PathLike = str | Path
