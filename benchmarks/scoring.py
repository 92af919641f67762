"""Scoring for the accuracy benchmark: pure functions over whitespace-folded text.

Error rates are Levenshtein distances (over characters, or over words as whole
tokens) divided by the length of the reference.  ``word_changes`` tells which
reference words a repair fixed and which it broke, by aligning the text before
and the text after the repair to the reference.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein


def fold(text: str) -> str:
    """NFC-normalise, collapse every run of whitespace to one space, strip."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def words(text: str) -> list[str]:
    """The words of the folded text: its space-separated tokens, punctuation included."""
    return fold(text).split()


def char_edits(hyp: str, ref: str) -> int:
    return Levenshtein.distance(fold(hyp), fold(ref))


def word_edits(hyp: str, ref: str) -> int:
    return Levenshtein.distance(words(hyp), words(ref))


def cer(hyp: str, ref: str) -> float:
    """Character error rate: character edits per character of the reference."""
    return char_edits(hyp, ref) / max(len(fold(ref)), 1)


def wer(hyp: str, ref: str) -> float:
    """Word error rate: word edits per word of the reference."""
    return word_edits(hyp, ref) / max(len(words(ref)), 1)


def _alignment(hyp: list[str], ref: list[str]) -> list[tuple[bool, str]]:
    """For each reference word: whether ``hyp`` has it right, and the hyp text aligned to it.

    A reference word is right when it lies in an ``equal`` block of the word
    alignment.  In a replace block of equal lengths words pair up one to one;
    otherwise every reference word of the block gets the whole hyp span.
    """
    aligned: list[tuple[bool, str]] = []
    for op in Levenshtein.opcodes(hyp, ref):
        span = hyp[op.src_start : op.src_end]
        n = op.dest_end - op.dest_start
        if op.tag == "equal":
            aligned.extend((True, w) for w in span)
        elif op.tag == "replace" and len(span) == n:
            aligned.extend((False, w) for w in span)
        else:  # insert, or a replace of unequal lengths; a delete has n == 0
            aligned.extend([(False, " ".join(span))] * n)
    return aligned


class WordChanges(NamedTuple):
    fixed: int  #: reference words wrong before and right after
    broken: int  #: reference words right before and wrong after
    correct_before: int  #: reference words right before
    examples: list[tuple[str, str, str]]  #: (before_word, after_word, ref_word) of each broken word


def word_changes(before: str, after: str, ref: str) -> WordChanges:
    """Compare the words of ``before`` and ``after`` a repair, each aligned to ``ref``."""
    ref_words = words(ref)
    was = _alignment(words(before), ref_words)
    now = _alignment(words(after), ref_words)
    fixed = broken = correct_before = 0
    examples = []
    for ref_word, (right_before, before_word), (right_after, after_word) in zip(ref_words, was, now):
        correct_before += right_before
        if right_before and not right_after:
            broken += 1
            examples.append((before_word, after_word, ref_word))
        elif right_after and not right_before:
            fixed += 1
    return WordChanges(fixed, broken, correct_before, examples)


_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-"})


def alike(text: str) -> str:
    """Dashes (``-`` ``–`` ``—``) and ellipses (``...`` ``…``) alike: what text alone cannot
    settle (a typed `` - `` and a printed `` – `` that OCR read as one look the same), so
    the primary figures score them as one sign."""
    return text.translate(_DASHES).replace("\u2026", "...")


def correction_gain(before: str, after: str, ref: str, base: int | None = None) -> tuple[int, int]:
    """(size, gain) of one correction that turned the text ``before`` into ``after``:
    its character edits (folded) and how many edits against ``ref`` it removed. A right
    correction removes exactly as many as it makes (``gain == size > 0``). ``base`` is
    ``char_edits(before, ref)`` where the caller has it already."""
    b, a, r = fold(before), fold(after), fold(ref)
    size = Levenshtein.distance(b, a)
    if base is None:
        base = Levenshtein.distance(b, r)
    return size, base - Levenshtein.distance(a, r)


#: what text alone cannot settle, and artefacts of the corpus's ground truth, scored alike
#: one after the other (cumulative) to show what the remaining character edits are made of
LENIENCIES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("dash: '-', '–' and '—' alike (text alone cannot tell them apart)", lambda t: t.translate(_DASHES)),
    ("ellipsis: '...' and '…' alike", lambda t: t.replace("\u2026", "...")),
    ("truth artefacts left out: C1 control bytes, rules of underscores",
     lambda t: re.sub(r"_{3,}", "", re.sub(r"[\x80-\x9f]", "", t))),
)


def lenient_char_edits(hyp: str, ref: str) -> list[int]:
    """Character edits with each leniency of :data:`LENIENCIES` added in turn (both sides)."""
    out = []
    for _, make_alike in LENIENCIES:
        hyp, ref = make_alike(hyp), make_alike(ref)
        out.append(char_edits(hyp, ref))
    return out
