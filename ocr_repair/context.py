"""A word-sequence model of German: which reading of a word its neighbours prefer.

A mis-set OCR run makes real words of words with umlauts or ß ("hatten" for "hätten",
"Strafe" for "Straße", "lief" for "ließ"): the lexicon knows both readings, only the
context tells them apart. The model is a word bigram model (``dictionaries/de-context.tsv.gz``,
built by ``dictionaries/build_context.py``; sources and licences in ``dictionaries/README.md``),
smoothed by absolute discounting with backoff to the unigram.

The words are the repair engine's own tokens (:func:`ocr_repair.tokens.words`: no
punctuation, no bare numbers), so ``left`` and ``right`` are the neighbouring tokens the
judge sees. :meth:`ContextModel.evidence` is the context's log-likelihood ratio for a reading
(how much more likely its neighbours are next to it than anywhere), in natural-log units;
:meth:`ContextModel.prefer` ranks readings by it, with an optional prior (the lexicon's
frequencies) added.

The file is read on first use only (:func:`model`), so a run that never asks about a twin
word does not pay for it.
"""

from __future__ import annotations

import math
import mmap
from pathlib import Path

#: the data file's format (its header says which)
FORMAT = 2
MODEL_NAME = "de-context.tsv.gz"
#: absolute discount of every bigram count
DISCOUNT = 1.0
#: a reading seen fewer times than this in the model's text gets no context evidence:
#: its neighbours say nothing reliable
MIN_COUNT = 3
#: pseudo-counts of the shape back-off's prior (the shape's share of all words)
SHAPE_PRIOR = 20.0
#: a shape's ratio is held within [1/this, this]: a shape is a coarse class, its say is bounded
SHAPE_CLAMP = 2.0


def shape(word: str) -> str:
    """The class a neighbour of a twin word is backed off to where the pair itself is rare
    ("~gen" for a participle such as "gegeben", "~en" for "geben", "~C" for a capitalised
    word): its last two letters, a "g" before them for a word that starts with "ge"."""
    if word[:1].isupper():
        return "~C"
    return "~" + ("g" if word.startswith("ge") and len(word) > 5 else "") + word[-2:]


class ContextModel:
    """The counts of a model file: unpacked once into the cache (like the lexicon),
    memory-mapped, every count found by bisection over its sorted lines; nothing is parsed
    at start-up but the header."""

    def __init__(self, path: Path | str | None = None):
        self.path = _unpacked(Path(path) if path is not None else bundled_model())
        with open(self.path, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self._size = len(self._mm)
        self.total = 1
        self.types = 1
        self.sources: list[str] = []
        self._cache: dict[bytes, tuple[int, ...] | None] = {}
        self._read_header()

    def _read_header(self) -> None:
        mm, pos = self._mm, 0
        first = True
        while pos < self._size and mm[pos : pos + 1] == b"#":
            end = mm.find(b"\n", pos)
            end = self._size if end < 0 else end
            line = mm[pos:end].decode("utf-8")
            if first and not line.startswith(f"# ocr-repair context model, format {FORMAT}:"):
                raise ValueError(f"{self.path}: not an ocr-repair context model of format {FORMAT}")
            first = False
            if line.startswith("# source: "):
                self.sources.append(line[10:])
            elif line.startswith("#N\t"):
                _, total, types = line.split("\t")
                self.total, self.types = int(total), int(types)
            pos = end + 1
        if first:
            raise ValueError(f"{self.path}: not an ocr-repair context model of format {FORMAT}")
        self._body = pos

    def _lookup(self, key: str) -> tuple[int, ...] | None:
        """The numbers stored under ``key`` (a word, or two words and a space), else None."""
        k = key.encode("utf-8")
        hit = self._cache.get(k, False)
        if hit is not False:
            return hit
        mm, lo, hi = self._mm, self._body, self._size
        result = None
        while lo < hi:
            mid = (lo + hi) // 2
            nl = mm.rfind(b"\n", lo, mid)  # lo and hi are line starts
            start = nl + 1 if nl >= 0 else lo
            end = mm.find(b"\n", start)
            end = self._size if end < 0 else end
            tab = mm.find(b"\t", start, end)
            line_key = mm[start:tab]
            if line_key == k:
                result = tuple(int(x) for x in mm[tab + 1 : end].split(b"\t"))
                break
            if line_key < k:
                lo = end + 1
            else:
                hi = start
        self._cache[k] = result
        return result

    # -- counts ---------------------------------------------------------------------------
    def form(self, word: str) -> str:
        """``word`` as the model knows it: a capital at a sentence start may stand for a small word."""
        if word[:1].isupper() and self.unigram(word) is None:
            low = word[0].lower() + word[1:]
            if self.unigram(low) is not None:
                return low
        return word

    def unigram(self, word: str) -> tuple[int, int, int] | None:
        """(count, distinct followers, distinct predecessors) of ``word`` as written."""
        return None if " " in word else self._lookup(word)  # type: ignore[return-value]

    def bigram(self, first: str, second: str) -> int:
        """How often ``second`` followed ``first`` (counts are kept for twin words only)."""
        hit = self._lookup(first + " " + second)
        return hit[0] if hit else 0

    def count(self, word: str) -> int:
        u = self.unigram(self.form(word))
        return u[0] if u else 0

    def p(self, word: str) -> float:
        """Unigram probability, with half a count for a word the model has not seen."""
        return (self.count(word) + 0.5) / (self.total + 0.5 * self.types)

    def p_next(self, word: str, prev: str, rho: float = 1.0) -> float:
        """P(word | prev): discounted bigram count, the rest of the mass spread by the
        unigram times ``rho`` (the shape back-off's ratio, see :meth:`shape_ratio`)."""
        prev = self.form(prev)
        u = self.unigram(prev)
        if not u:
            return self.p(word) * rho
        n, followers, _ = u
        seen = self.bigram(prev, self.form(word))
        return (max(seen - DISCOUNT, 0.0) + DISCOUNT * max(followers, 1) * self.p(word) * rho) / n

    def shape_ratio(self, twin: str, neighbour: str, left: bool) -> float:
        """P(shape of the neighbour | twin) / P(shape): how much more often words of the
        neighbour's shape stand on that side of ``twin`` than anywhere (1 where the model
        keeps no shapes for it), smoothed toward 1 by :data:`SHAPE_PRIOR` pseudo-counts."""
        twin = self.form(twin)
        total = self._lookup("~ " + twin if left else twin + " ~")
        if not total:
            return 1.0
        s = shape(neighbour)
        hit = self._lookup(s)
        ps = ((hit[0] if hit else 0) + 0.5) / self.total
        seen = self.bigram(s, twin) if left else self.bigram(twin, s)
        ratio = (seen + SHAPE_PRIOR * ps) / (total[0] + SHAPE_PRIOR) / ps
        return min(max(ratio, 1 / SHAPE_CLAMP), SHAPE_CLAMP)

    # -- evidence -------------------------------------------------------------------------
    def knows(self, word: str) -> bool:
        return self.count(word) >= MIN_COUNT

    def evidence(self, left: str, word: str, right: str) -> float:
        """log [P(word | left) / P(word)] + log [P(right | word) / P(right)]: how much the
        neighbours raise (> 0) or lower (< 0) the odds of ``word`` here. 0 for a word
        the model hardly knows; an empty neighbour adds nothing."""
        if not self.knows(word):
            return 0.0
        ev = 0.0
        if left:
            ev += math.log(self.p_next(word, left, self.shape_ratio(word, left, True)) / self.p(word))
        if right:
            ev += math.log(self.p_next(right, word, self.shape_ratio(word, right, False)) / self.p(right))
        return ev

    def score(self, left: str, word: str, right: str) -> float:
        """log P(left word right) up to a constant: the model's own prior and the evidence."""
        return math.log(self.p(word)) + self.evidence(left, word, right)

    def prefer(self, left: str, readings: list[str], right: str,
               prior: dict[str, float] | None = None) -> tuple[str, float]:
        """The reading the context prefers, and its margin over the runner-up (natural log).

        ``prior`` gives each reading's log prior (e.g. the lexicon's frequency); without it
        the readings weigh the same and only the evidence counts. A reading the model does
        not know gets no evidence: the margin is then the priors' alone.
        """
        scored = sorted(((self.evidence(left, r, right) + (prior or {}).get(r, 0.0), r) for r in readings),
                        reverse=True)
        if len(scored) == 1:
            return scored[0][1], math.inf
        return scored[0][1], scored[0][0] - scored[1][0]


#: posterior log-odds (natural log) from which the context's reading is applied
FIX_MARGIN = 4.5
#: ...and from which the word as written is kept without a flag
KEEP_MARGIN = 4.0
#: log prior of reading an "f" for a "ß": a mis-set run reads ß as "B", "f", "&", "R", "fs"
#: ..., "f" in one case of five (dev and dev2: 98 of 443 one-letter readings)
SHARP_S_AS_F = math.log(0.05)
#: street words an "f" for "ß" makes a real word of, after a place's adjective ("Bochumer Strafe")
STREETS = {"Straße", "Strasse"}
LN10 = math.log(10)


def reading_prior(seen: str, reading: str) -> float:
    """Log prior that a mis-set run read ``reading`` as ``seen``: a lost umlaut is what
    such a run always does (0); an "f" for "ß" is one reading of several."""
    return SHARP_S_AS_F if reading.count("ß") > seen.count("ß") else 0.0


def sharp_s_readings(word: str) -> list[str]:
    """``word`` with one "f" read back as the "ß" a mis-set run read it for ("Strafe" ->
    "Straße", "lief" -> "ließ", "Heiligenstädterstrafe")."""
    return [word[:i] + "ß" + word[i + 1:] for i, c in enumerate(word) if c == "f" and i > 0]


def decide(word: str, freq: int, readings: dict[str, tuple[int, float]], left: str, right: str,
           ctx: ContextModel | None = None) -> tuple[str, float, str] | None:
    """Which reading of the known ``word`` (lexicon frequency ``freq``, Zipf×100) its
    neighbours ``left`` and ``right`` make most likely, in a text that lost its umlauts.

    ``readings`` maps each other reading to (its frequency, its log prior of being read
    as ``word``: 0 for a lost umlaut, :data:`SHARP_S_AS_F` for an f for ß). Returns None
    where the model knows too little to say (fall back to frequencies), else (reading,
    margin, why): the margin is the posterior log-odds over the runner-up.
    """
    ctx = ctx or model()
    known = [r for r in readings if ctx.knows(r)]
    if not known or not ctx.knows(word) or not (left and ctx.count(left) or right and ctx.count(right)):
        return None
    prior = {word: freq / 100 * LN10}
    for r in known:
        f, p = readings[r]
        prior[r] = f / 100 * LN10 + p
    best, margin = ctx.prefer(left, [word, *known], right, prior)
    ev = {r: ctx.evidence(left, r, right) for r in (word, *known)}
    why = "context " + ", ".join(f"'{r}' {ev[r]:+.1f}" for r in (word, *known)) + f"; margin {margin:.1f}"
    return best, margin, why


#: the unpacked cache files of any format and key (``context-v2-<key>.tsv``) and their
#: temporary files
_CACHE_FILE = r"context-v\d+-[0-9A-Za-z]+\.(?:tsv|tmp\d+)"


def _unpacked(path: Path) -> Path:
    """The plain sorted file for ``path`` (a .gz), unpacked once into the cache, keyed by
    the gzip trailer (CRC-32 and length) as the lexicon's is."""
    from .lexicon import unpacked_once

    return unpacked_once(path, f"context-v{FORMAT}", _CACHE_FILE)


def bundled_model() -> Path:
    from .lexicon import data_file as _data_file  # no importlib.resources at check's start
    return Path(str(_data_file(MODEL_NAME)))


_MODEL: ContextModel | None = None


def model() -> ContextModel:
    """The shipped model, read on first use."""
    global _MODEL
    if _MODEL is None:
        _MODEL = ContextModel()
    return _MODEL
