"""Tesseract's own evidence for the repair: each OCR'd word's confidence, at its place in
the text the repair works on.

A scanned page's text is Tesseract's words (:attr:`~ocr_repair.models.Page.boxes`)
joined by spaces and line breaks, in order (``tesseract.layout_text``), so the page's
``\\S+`` runs are its boxes one to one. The text the repair works on (pages normalised
and joined, furniture dropped, paragraphs prepared) is traced back to the pages through
:class:`ocr_repair.pipeline.InputMap`, so each of its ``\\S+`` runs is given the
confidence (0-100) of the OCR word it is. A transcription has none (no map at all: the
repair of text input is what it always was).

Where the pages were read with Tesseract's alternative characters (``Config.ocr_choices``),
a word's confidence comes as an :class:`OcrWord`, a float that also carries the word's
alternative readings (``alternatives``), cut to the part of the OCR word the repair judges.
"""

from __future__ import annotations

import bisect

import regex

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at check's start
if TYPE_CHECKING:
    from .models import Document
    from .pipeline import InputMap
    from .vocabulary import Vocabulary

_RUN = regex.compile(r"\S+")


class OcrWord(float):
    """Tesseract's confidence (0-100) of a word, with its ``alternatives``: the readings
    Tesseract's other choice for one of its characters makes, ``(reading, confidence
    0-100)``, likeliest first (``tesseract.readings``)."""

    alternatives: tuple[tuple[str, float], ...]

    def __new__(cls, conf: float, alternatives=()):
        self = super().__new__(cls, conf)
        self.alternatives = tuple(alternatives)
        return self

    def __reduce__(self):
        return (OcrWord, (float(self), self.alternatives))


class WordConfidences:
    """Tesseract's word confidences (0-100) at spans of a text: ``spans`` are
    ``(start, end, confidence)``, sorted, not overlapping; ``choices`` the word that
    starts at an offset, as read, and its alternative readings (where Tesseract gave them)."""

    def __init__(self, spans: list[tuple[int, int, float]], choices: dict | None = None):
        self.spans = sorted(spans)
        self._starts = [s for s, _, _ in self.spans]
        #: the OCR word starting at an offset, as read, and its alternative readings
        self.choices: dict[int, tuple[str, tuple[tuple[str, float], ...]]] = choices or {}

    def __len__(self) -> int:
        return len(self.spans)

    def at(self, start: int, end: int) -> float | None:
        """The lowest confidence of the OCR words that ``start:end`` overlaps (None: no
        OCR word there). Where that is one OCR word with alternative readings, an
        :class:`OcrWord` with those of them that change ``start:end``, cut to it."""
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        found = None
        inside = []
        while i < len(self.spans) and self.spans[i][0] < max(end, start + 1):
            s, e, conf = self.spans[i]
            if e > start:
                found = conf if found is None else min(found, conf)
                inside.append((s, e))
            i += 1
        if len(inside) == 1 and self.choices:
            s, e = inside[0]
            word, alts = self.choices.get(s, ("", ()))
            a, b = start - s, end - s
            if alts and 0 <= a and end <= e:
                return OcrWord(found, [(r[a:b], p) for r, p in alts if r[:a] == word[:a] and r[b:] == word[b:]])
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
            per_page[k] = ([m.start() for m in runs], [m.end() for m in runs], [b.conf for b in page.boxes],
                           page.boxes)
        if not per_page:
            return None
        spans = []
        choices = {}
        for m in _RUN.finditer(text):
            page, off = where.start(m.start())
            found = per_page.get(page)
            if found is None:
                continue
            starts, ends, confs, boxes = found
            i = bisect.bisect_right(starts, off) - 1
            if i >= 0 and off < ends[i] and confs[i] >= 0:
                spans.append((m.start(), m.end(), confs[i]))
                box = boxes[i]
                if box.choices and m.group() == box.text:  # the word as Tesseract read it: its readings fit
                    choices[m.start()] = (box.text, tuple((r, p) for r, p in box.choices if len(r) == len(box.text)))
        return cls(spans, choices)


#: a Tesseract alternative reading is evidence from this confidence (0-100) of its character
#: on (on the corpus scans the same fixes from 1 to 50)
CHOICE_MIN = 20.0


def combined_readings(word: str, alternatives) -> dict[str, float]:
    """Tesseract's readings of ``word``: its alternatives of one character (at least
    :data:`CHOICE_MIN`) and each two of them at different characters together ("tahiger":
    "f" for "t" and "ä" for "a": "fähiger"), with their least confidence."""
    single = [(r, p, next(i for i, (x, y) in enumerate(zip(r, word)) if x != y))
              for r, p in alternatives if p >= CHOICE_MIN and len(r) == len(word) and r != word]
    out = {r: p for r, p, _ in single}
    for k, (r, p, i) in enumerate(single):
        for q, pq, j in single[k + 1 :]:
            if i != j:
                both = r[:j] + q[j] + r[j + 1 :]
                out[both] = max(out.get(both, 0.0), min(p, pq))
    return out


def known_reading(vocab: Vocabulary, word: str, alternatives, sentence_start: bool) -> tuple[str, float, bool] | None:
    """The one reading of :func:`combined_readings` that is a known word or compound (with its
    confidence, and whether it is a compound); None where none is, or two are."""
    known = []
    for w, p in sorted(combined_readings(word, alternatives).items(), key=lambda x: -x[1]):
        if vocab.suspicious(w):
            continue
        if vocab.known(w, sentence_start) is not None:
            known.append((w, p, False))
        elif vocab.compound(w) is not None:
            known.append((w, p, True))
    if not known or len({w.lower() for w, _, _ in known}) > 1:
        return None
    return known[0]
