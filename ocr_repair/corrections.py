"""A correction: one explained change (or flagged suspect) in a text.

A plain dataclass, like the pipeline's models (:mod:`ocr_repair.models`), light enough for
``check``'s start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from .registry import LAYOUT_RULES, Rule


@dataclass(slots=True)
class Correction:
    """``start``/``end`` are character offsets into the text the repair was given,
    ``line``/``col`` (1-based) the same position for people; ``applied=False`` marks a
    suspect that is reported, not changed.

    From ``convert`` (:func:`ocr_repair.pipeline.repair_document`) the positions are the
    input's own: ``page`` is 0 for a document of one transcription (``line:col`` and
    ``start``/``end`` are that file's, as ``check`` reports them), else the page of the
    document (1-based, in the order of the inputs; a transcription is one page) and the
    position is in that page's text: the file of a transcription; the OCR text of a scan,
    whose ``line`` counts the lines of text printed on the page (blank space between
    paragraphs is no line)."""

    start: int
    end: int
    before: str
    after: str
    rule: str
    confidence: float = 1.0
    applied: bool = True
    why: str = ""
    line: int = 0
    col: int = 0
    #: other readings as likely as ``after``: such a correction is reported, never applied
    alternatives: list[str] = field(default_factory=list)
    #: the document's page (1-based) where the position is; 0: a document of one transcription
    page: int = 0

    @property
    def where(self) -> str:
        """``line:col``, or ``pN:line:col`` on page N of a document of pages."""
        return f"p{self.page}:{self.line}:{self.col}" if self.page else f"{self.line}:{self.col}"

    def describe(self) -> str:
        verb = "fixed" if self.applied else "suspect"
        alts = f" (or {', '.join(repr(a) for a in self.alternatives)})" if self.alternatives else ""
        why = f": {self.why}" if self.why else ""
        return (f"{self.where}: {verb} {self.before!r} -> {self.after!r}{alts} "
                f"({self.rule}, {self.confidence:.2f}){why}")

    def to_dict(self) -> dict:
        d = asdict(self)
        if not self.page:
            del d["page"]
        return d


# ---------------------------------------------------------------------------------------
# what a correction is: one definition for the front matter, --explain, check and batch


def is_layout(c: Correction) -> bool:
    """An edit of the layout, not of the text's words: the rest of a line moved after a
    joined word (``line-move``), or a real hyphen at a line end kept as it stands, only its
    line break gone ("Nordrhein-\\nWestfalen" -> "Nordrhein-Westfalen", ``hyphen-kept``).
    Such edits are in the replayable list of edits, but are no correction: not counted,
    not explained, not reported by ``check``."""
    return c.rule in LAYOUT_RULES or (c.rule == Rule.HYPHEN_KEPT and "".join(c.before.split()) == c.after)


def is_reported(c: Correction) -> bool:
    """A correction or a suspect: what ``convert --explain`` prints and ``check`` reports."""
    return not is_layout(c)


def is_counted(c: Correction) -> bool:
    """A correction made: the front matter's and batch's ``corrections``."""
    return c.applied and not is_layout(c)


def counts(corrections: Iterable[Correction]) -> tuple[int, int]:
    """(corrections made, suspects) of a list of edits, as the front matter counts them."""
    made = suspects = 0
    for c in corrections:
        if not is_layout(c):
            made += c.applied
            suspects += not c.applied
    return made, suspects
