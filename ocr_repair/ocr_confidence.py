"""Tesseract's own evidence for the repair: each OCR'd word's confidence, at its place in
the text the repair works on.

A scanned page's text is Tesseract's words (:attr:`~ocr_repair.models.Page.boxes`)
joined by spaces and line breaks, in order (``tesseract.layout_text``), so the page's
``\\S+`` runs are its boxes one to one. The text the repair works on (pages normalised
and joined, furniture dropped, paragraphs prepared) is traced back to the pages through
:class:`ocr_repair.pipeline.InputMap`, so each of its ``\\S+`` runs is given the
confidence (0-100) of the OCR word it is. A transcription has none (no map at all: the
repair of text input is what it always was).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from .models import Document
    from .pipeline import InputMap

_RUN = regex.compile(r"\S+")


class WordConfidences:
    """Tesseract's word confidences (0-100) at spans of a text: ``spans`` are
    ``(start, end, confidence)``, sorted, not overlapping."""

    def __init__(self, spans: list[tuple[int, int, float]]):
        self.spans = sorted(spans)
        self._starts = [s for s, _, _ in self.spans]

    def __len__(self) -> int:
        return len(self.spans)

    def at(self, start: int, end: int) -> float | None:
        """The lowest confidence of the OCR words that ``start:end`` overlaps (None: no
        OCR word there)."""
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        found = None
        while i < len(self.spans) and self.spans[i][0] < max(end, start + 1):
            s, e, conf = self.spans[i]
            if e > start:
                found = conf if found is None else min(found, conf)
            i += 1
        return found

    @classmethod
    def of(cls, doc: Document, text: str, where: InputMap) -> WordConfidences | None:
        """The confidences of ``doc``'s OCR words at their places in ``text`` (the text
        ``where`` maps back to the pages); None where no page has word boxes."""
        per_page: dict[int, tuple[list[int], list[int], list[float]]] = {}
        for k, page in enumerate(doc.pages):
            if not page.boxes:
                continue
            runs = list(_RUN.finditer(page.text))
            if len(runs) != len(page.boxes) or any(m.group() != b.text for m, b in zip(runs, page.boxes)):
                continue  # not the text Tesseract's words make (not expected): no evidence for it
            per_page[k] = ([m.start() for m in runs], [m.end() for m in runs], [b.conf for b in page.boxes])
        if not per_page:
            return None
        spans = []
        for m in _RUN.finditer(text):
            page, off = where.start(m.start())
            found = per_page.get(page)
            if found is None:
                continue
            starts, ends, confs = found
            i = bisect.bisect_right(starts, off) - 1
            if i >= 0 and off < ends[i] and confs[i] >= 0:
                spans.append((m.start(), m.end(), confs[i]))
        return cls(spans)
