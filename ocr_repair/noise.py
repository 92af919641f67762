"""General OCR noise: letters a degraded scan (photocopy, fax) blurs into others.

"Sozialisien" (t read as i), "Preismodeli" (l as i), "Bezichungen" (e as c), "Wartuny"
(g as y), "Quadratineter" (m as in), "eıne" (a dotless ı): no umlaut or ß misread
explains them, so the misread judge finds no reading. This module gives the judge one
more: the word as written is no word (not in the lexicon, no compound), and **one**
confusion of :data:`RULES` turns it into a frequent word of the lexicon, whole (never a
compound: a made-up compound is what a name one letter away from a word looks like).

Such a reading is applied (confidence :data:`FIX_CONFIDENCE`) only where

* the reading is frequent (Zipf ≥ :data:`FIX_ZIPF`) and the word long enough
  (:data:`MIN_LENGTH` letters) that one letter decides little of it,
* no other reading is near: no other noise reading, and no other common word one edit
  away (:func:`ocr_repair.residue.Index.near`),
* a capitalised word reads as a noun (a capital mid-sentence is a noun's; a name stays),

and flagged (:data:`FLAG_CONFIDENCE`) otherwise. A dotless ı is no letter of German at
all: it is read back as "i" wherever that makes a word.
"""

from __future__ import annotations

from .knowledge import NOISE_CONFUSIONS_FILE, confusions
from .lexicon import Lexicon

#: (seen, meant, cost): what a degraded scan does to a letter, in the order tried
#: (``dictionaries/noise-confusions-de.tsv``, read once)
RULES: tuple[tuple[str, str, float], ...] = tuple(
    (seen, meant, cost) for seen, meant, cost, _ in confusions(NOISE_CONFUSIONS_FILE))

#: a reading is applied from this frequency (Zipf×100) in a word of at least
#: :data:`MIN_LENGTH` letters ("Pfeiltusten" → "Pfeiltasten") ...
FIX_ZIPF = 200
MIN_LENGTH = 6
#: ... and from this one in a shorter word ("neucn" → "neuen", "gcht" → "geht")
SHORT_ZIPF = 500
SHORT_LENGTH = 4
FIX_CONFIDENCE = 0.85
FLAG_CONFIDENCE = 0.6


def readings(word: str) -> list[tuple[str, float]]:
    """Every string one rule of :data:`RULES` away from ``word`` (a dotless ı: all of them
    read as i, which costs nothing more)."""
    if "ı" in word:
        return [(word.replace("ı", "i"), 0.2)]
    out = []
    for seen, meant, cost in RULES:
        i = word.find(seen)
        while i >= 0:
            out.append((word[:i] + meant + word[i + len(seen):], cost))
            i = word.find(seen, i + 1)
    return out


def judge(lex: Lexicon, known, word: str, sentence_start: bool) -> tuple[str, float, str] | None:
    """(reading, confidence, why) for a non-word ``word`` that one blur of a degraded
    scan explains, else None. ``known(word, sentence_start)`` is the judge's frequency of
    a word in its position (None: no word)."""
    if not word.isalpha() or len(word) < 3 or any(c.isupper() for c in word[1:]):
        return None
    found: dict[str, tuple[int, float]] = {}
    for cand, cost in readings(word):
        if cand in found or cand == word:
            continue
        f = known(cand, sentence_start)
        if f is None or lex.is_caseless(cand):
            continue  # the frequency list alone carries OCR and web junk ("peri", "vdl")
        if word[:1].isupper() and not sentence_start and lex.noun_freq(cand) is None:
            continue  # a capital mid-sentence: only a noun explains it
        found[cand] = (f, cost)
    if not found:
        return None
    best = max(found, key=lambda c: found[c][0] - 100 * found[c][1])
    f, cost = found[best]
    why = f"general OCR noise: one blurred letter of a frequent word (Zipf {f / 100:.1f})"
    if "ı" in word:
        return best, FIX_CONFIDENCE + 0.1, "a dotless ı read back as i"
    from . import residue

    near = [w for w in residue.near_words(lex, word.lower()) if w != best.lower()]
    rivals = [c for c in found if c != best] + near
    if rivals:
        return best, FLAG_CONFIDENCE - 0.05, why + f"; rivals {', '.join(rivals[:3])}"
    if f >= FIX_ZIPF and len(word) >= MIN_LENGTH or f >= SHORT_ZIPF and len(word) >= SHORT_LENGTH:
        return best, FIX_CONFIDENCE, why
    return best, FLAG_CONFIDENCE, why


def exclaimed(lex: Lexicon, known, word: str, sentence_start: bool) -> tuple[str, float, str] | None:
    """The word a degraded scan left with "!" for its last "l" ("Befeh!" → "Befehl",
    "Unfal!" → "Unfall"), given ``word`` without the "!": applied only where ``word`` is
    no word and ``word + "l"`` is one of the lexicon's own, at least 4 letters."""
    if len(word) < 3 or not word.isalpha() or known(word, sentence_start) is not None:
        return None
    cand = word + "l"
    f = known(cand, sentence_start)
    if f is None or lex.is_caseless(cand):
        return None
    return cand, FIX_CONFIDENCE, "an 'l' at the word's end read as '!' (a degraded scan)"
