"""The vocabulary: which strings are words (the lexicon's front end), and which known
words OCR confusions turn a string into.

:class:`Vocabulary` answers ``known`` (a word's frequency as written in its place),
``compound``, ``is_word``, ``has_umlaut_twin`` and ``candidates``; it judges nothing.
The misread judge (:mod:`ocr_repair.misreads`), the dehyphenation and the signs ask it.
"""

from __future__ import annotations

import functools
import mmap
from dataclasses import dataclass

import regex

from . import confusions
from .compounds import split_compound
from .lexicon import Lexicon, _remember

#: a capital inside lower-case letters where ß was meant ("groBe", "MaRnahme", "heiBt")
INNER_SHARP_S = regex.compile(r"\p{Ll}(?:B|R|S|G|B3|3|U|O|A)\p{Ll}|\p{Ll}(?:B|3|fS)$")
SUSPICIOUS_RE = regex.compile(r"[0-9&|éèàáóò$®\]@]|ii|^\p{Lu}I\p{Ll}{3,}$")
#: a small letter stuttered as its capital ("kKonnen", "koOnne"): an OCR mark, no German word's
STUTTER = regex.compile(r"(\p{Ll})(?i:\1)(?<=\p{Lu})")
#: an acronym with its "I" read as "l" ("GUl", "ClA"): capitals and one small l
ACRONYM_L = regex.compile(r"^(?=\p{Lu}*l\p{Lu}*$)(?:\p{Lu}{2,}l\p{Lu}*|\p{Lu}l\p{Lu}+)$")


#: a word is changed only this near (summed confusion costs) in a text that lost its umlauts
#: ("Auferung" -> "Äußerung"): dearer readings are not tried (the judge's limit, see misreads)
MAX_LOST_COST = 2.0

#: a reading is a rival of the best one only if its confusions cost less than this more
RIVAL_COST = 0.6

#: the summed confusion cost of an umlaut twin ("hatte" / "hätte"): one or two usual misreads
TWIN_COST = 0.6

#: a compound is far rarer than its parts: its estimated Zipf×100 is its weakest part's less this
COMPOUND_DISCOUNT = 250


@functools.cache
def _english_text() -> str:
    """The body of ``dictionaries/english-words.txt`` (``word<TAB>zipf``, one a line),
    with a line break in front: read once, not parsed."""
    from .lexicon import data_file as _data_file  # no importlib.resources at check's start

    text = _data_file("english-words.txt").read_text(encoding="utf-8")
    body = text[text.index("\n", text.rindex("\n#") + 1) + 1:] if text.startswith("#") else text
    return "\n" + body


def _search_english(text: str, key: str) -> int | None:
    """Zipf×100 of ``key`` by a binary search of the sorted lines of ``text`` (``\n`` in
    front of each ``word<TAB>zipf`` line): no parsing of the 51,000 lines a check rarely needs."""
    lo, hi = 0, len(text)  # lo: the line break before a line still in the range
    while lo < hi:
        s = text.rfind("\n", lo, (lo + hi) // 2 + 1)
        e = text.find("\t", s)
        if e < 0:  # the empty end after the last line
            hi = s
            continue
        w = text[s + 1:e]
        if w == key:
            end = text.find("\n", e)
            return int(text[e + 1:end if end >= 0 else None])
        if w < key:
            lo = text.find("\n", e)
            if lo < 0:
                return None
        else:
            hi = s
    return None


@functools.cache
def _english_map() -> tuple[mmap.mmap, int] | None:
    """``dictionaries/english-words.txt`` memory-mapped, and the offset of the line break
    before its first word (after the comment header): searched as bytes in place, as
    :func:`_english_text` is as a string, without reading and decoding the file (a check
    of one page asks a few dozen words). None for a file without a comment header."""
    from .lexicon import data_file as _data_file

    with open(_data_file("english-words.txt"), "rb") as fh:
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    if mm[:1] != b"#" or mm.rfind(b"\n#") < 0:
        return None
    return mm, mm.find(b"\n", mm.rfind(b"\n#") + 1)


def _search_english_bytes(mm, key: bytes, lo: int) -> int | None:
    """:func:`_search_english` over the bytes of ``mm`` from ``lo`` (a line break) on: the
    lines are sorted, and UTF-8 keeps the order of the characters, so it finds what the
    string search finds."""
    hi = len(mm)
    while lo < hi:
        s = mm.rfind(b"\n", lo, (lo + hi) // 2 + 1)
        e = mm.find(b"\t", s)
        if e < 0:  # the empty end after the last line
            hi = s
            continue
        w = mm[s + 1:e]
        if w == key:
            end = mm.find(b"\n", e)
            return int(mm[e + 1:end if end >= 0 else len(mm)])
        if w < key:
            lo = mm.find(b"\n", e)
            if lo < 0:
                return None
        else:
            hi = s
    return None


def english_zipf(word: str) -> int | None:
    """Zipf×100 of ``word`` as an English word (lower case, or capitalised), None if it is none."""
    if not word.isascii() or not (word.islower() or word[1:].islower()):
        return None
    mapped = _english_map()
    if mapped is None:
        return _search_english(_english_text(), word.lower())
    return _search_english_bytes(mapped[0], word.lower().encode("ascii"), mapped[1])



@dataclass(slots=True)
class Candidate:
    word: str
    score: float
    cost: float
    compound: bool
    #: only plain vowels turned umlauts ("Liste" -> "Lüste"): what a mis-set run does,
    #: a correctly set one hardly ever
    plain: bool = False


def _plain(word: str, combo) -> bool:
    """Whether the edits only add umlauts."""
    return all(confusions.adds_umlaut(word[a:b], m) for a, b, m, _ in combo)


def _swaps_letters(word: str, combo, but_specks: bool = False) -> bool:
    """Whether a letter of a capitalised word, which may well be a name ("Cern" is no
    "Cem"), is read for another ("Mindestiohn"); ``but_specks`` leaves out umlauts made of
    a speck of noise ("Schülklassen")."""
    return word[:1].isupper() and any(
        (word[a:b], m) in confusions.LETTER_SWAPS and not (but_specks and (word[a:b], m) in confusions.SPECKS)
        for a, b, m, _ in combo
    )


class Vocabulary:
    """The words of one lexicon: look-ups and the confusion candidates, cached."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self._cands: dict[tuple[str, bool], list[Candidate]] = {}
        #: answers of :meth:`twins` by (word, sentence_start) and of :meth:`has_umlaut_twin`
        #: by word: the judge asks them of every known word, again at each occurrence
        self._twins: dict[tuple[str, bool], list[Candidate]] = {}
        self._has_twin: dict[str, bool] = {}
        #: the readings of :meth:`candidates` per word, whatever its place (``_readings``)
        self._raw: dict[str, tuple] = {}
        #: the lexicon's word additions these answers were computed under
        self._generation = lexicon.generation

    def _fresh(self) -> None:
        """Forget every cached answer once the lexicon has learned words (``add_words``)."""
        if self._generation != self.lex.generation:
            self._cands.clear()
            self._raw.clear()
            self._twins.clear()
            self._has_twin.clear()
            self._generation = self.lex.generation

    def known(self, word: str, sentence_start: bool) -> int | None:
        """Frequency of ``word`` as written in this position, None if it is no word."""
        lex = self.lex
        f = lex.freq(word)
        if f is not None:
            return f
        if word[:1].isupper():
            f = lex.noun_freq(word)
            if f is not None:
                return f
            if word[1:].islower() or len(word) == 1:
                # sentence start, names, nominalised adjectives and verbs ("Kommunale")
                f = lex.freq(word[0].lower() + word[1:])
                if f is not None:
                    return f - (0 if sentence_start else 60)
            if word.isupper() and len(word) > 1:
                f = lex.freq(word.capitalize()) or lex.freq(word.lower())
                if f is not None:
                    return f
        return None

    def compound(self, word: str) -> int | None:
        if "-" in word:
            parts = word.split("-")
            if all(p and (self.known(p, True) is not None or p.isupper()) for p in parts):
                return 300
            return None
        split = split_compound(self.lex, word)
        return None if split is None else split[1]

    def is_word(self, word: str, sentence_start: bool = True) -> bool:
        return self.known(word, sentence_start) is not None or self.compound(word) is not None

    # -- candidates ---------------------------------------------------------------------
    def candidates(self, word: str, sentence_start: bool) -> list[Candidate]:
        """Known words that confusions turn ``word`` into, best first.

        Whole words first; only where none is found are the candidates tried as compounds
        (a split costs dozens of look-ups).
        """
        self._fresh()
        key = (word, sentence_start)
        hit = self._cands.get(key)
        if hit is not None:
            return hit
        result = sorted((self._candidate(cand, f_start if sentence_start else f_mid, cost, compound, plain,
                                         sentence_start)
                         for cand, f_start, f_mid, cost, compound, plain in self._readings(word)),
                        key=lambda c: -c.score)
        self._cands[key] = result
        return result

    def _readings(self, word: str) -> tuple:
        """The search behind :meth:`candidates`, which is the same in either place of a word:
        (form, frequency at a sentence start, mid-sentence, cost, compound, plain) of each
        reading found, in the order found; remembered per word, so a word met both at a
        sentence start and inside one is searched once."""
        hit = self._raw.get(word)
        if hit is not None:
            return hit
        found: dict[str, tuple] = {}
        unknown: list[tuple[str, float, tuple]] = []
        suspicious = self.suspicious(word)
        edits = 3 if suspicious or len(word) >= 12 else 2
        # a plain word is changed only this near (see judge): dearer readings need not be tried
        total = None if suspicious else MAX_LOST_COST

        def scan(min_edits: int, max_edits: int, max_total: float | None) -> None:
            for cand, cost, combo in confusions.candidates(word, max_edits=max_edits, max_total=max_total,
                                                           min_edits=min_edits):
                if cand in found or cand == word:
                    continue
                # whether a form is a word does not depend on its place, only its frequency
                f = self.known(cand, True)
                if f is None:
                    if len(cand) >= 8:
                        unknown.append((cand, cost, combo))
                    continue
                if self.lex.is_caseless(cand) and any((word[a:b], m) in confusions.LETTER_SWAPS
                                                      and (word[a:b], m) not in confusions.SPECKS for a, b, m, _ in combo):
                    # one letter read for another only into a word of the lexicon's own lists:
                    # the frequency list carries OCR and web junk ("vdl", "lndustrie", "mall")
                    continue
                if _swaps_letters(word, combo) and (
                        self.lex.noun_freq(cand) is None or self.lex.is_caseless(cand)
                        and (_swaps_letters(word, combo, but_specks=True) or self.compound(cand) is None)):
                    # a capitalised word may be a name: a letter read for another only into a
                    # German word ("Schulklassen" of "Schul" + "Klassen"; "Gröbming" stays)
                    continue
                found[cand] = (cand, f, self.known(cand, False), cost, False, _plain(word, combo))

        # one edit first; more edits only as far as they could still rival the best reading
        scan(1, 1, total)
        if found:
            bound = min(r[3] for r in found.values()) + RIVAL_COST
            total = bound if total is None else min(total, bound)
        scan(2, edits, total)
        if not found:
            for cand, cost, combo in sorted(unknown, key=lambda u: u[1])[:40]:
                plain = _plain(word, combo)
                if _swaps_letters(word, combo) or cand in found \
                        or any((word[a:b], m) in confusions.BLURS for a, b, m, _ in combo):
                    continue
                f = self.compound(cand)
                if f is not None:
                    found[cand] = (cand, f - COMPOUND_DISCOUNT, f - COMPOUND_DISCOUNT, cost, True, plain)
        return _remember(self._raw, word, tuple(found.values()))

    def _candidate(self, form: str, f: int, cost: float, compound: bool, plain: bool, sentence_start: bool) -> Candidate:
        if form[:1].isupper() and not sentence_start and self.lex.freq(form) is None \
                and self.lex.noun_freq(form) is None:
            f -= 60  # a capital mid-sentence that only a lower-case word explains
        return Candidate(form, f - 100 * cost, cost, compound, plain)

    @staticmethod
    def suspicious(word: str) -> bool:
        """Marks no German word carries: digits, "ii", a capital B or R inside small letters."""
        return bool(SUSPICIOUS_RE.search(word) or INNER_SHARP_S.search(word) or STUTTER.search(word)
                    or ACRONYM_L.match(word))

    def has_umlaut_twin(self, word: str) -> bool:
        """Cheap test for the document statistics: an unknown word a usual umlaut misread explains."""
        self._fresh()
        hit = self._has_twin.get(word)
        if hit is None:
            hit = _remember(self._has_twin, word, self.known(word, True) is None and any(
                self.known(c, True) is not None
                for c, _, _ in confusions.candidates(word, max_edits=2, max_cost=TWIN_COST, umlauts_only=True)
            ))
        return hit

    def twins(self, word: str, sentence_start: bool) -> list[Candidate]:
        """Known words one or two usual umlaut misreads away ("hatte" -> "hätte"); no compounds.
        The list is shared between callers: read it, never change it."""
        self._fresh()
        key = (word, sentence_start)
        hit = self._twins.get(key)
        if hit is not None:
            return hit
        found = []
        for cand, cost, _ in confusions.candidates(word, max_edits=2, max_cost=TWIN_COST, umlauts_only=True):
            f = self.known(cand, sentence_start)
            if f is not None:
                found.append(Candidate(cand, f - 100 * cost, cost, False, True))
        return _remember(self._twins, key, sorted(found, key=lambda c: -c.score))
