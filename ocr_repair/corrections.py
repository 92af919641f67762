"""A correction: one explained change (or flagged suspect) in a text.

A plain dataclass, not a pydantic model, so the repair engine and ``check`` start without
importing pydantic; :class:`~ocr_repair.models.Result` carries these all the same.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class Correction:
    """``start``/``end`` are character offsets into the text the repair was given,
    ``line``/``col`` (1-based) the same position for people; ``applied=False`` marks a
    suspect that is reported, not changed."""

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

    def describe(self) -> str:
        verb = "fixed" if self.applied else "suspect"
        alts = f" (or {', '.join(repr(a) for a in self.alternatives)})" if self.alternatives else ""
        why = f": {self.why}" if self.why else ""
        return (f"{self.line}:{self.col}: {verb} {self.before!r} -> {self.after!r}{alts} "
                f"({self.rule}, {self.confidence:.2f}){why}")

    def to_dict(self) -> dict:
        return asdict(self)
