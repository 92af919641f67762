"""The misread judge's case and verdict: one word in its place (:class:`Case`, what the rules
ask of it computed once), what a rule says of it (:class:`Verdict`, :data:`KEEP` or None) and
the rule itself (:class:`Rule`). The rules are in :mod:`ocr_repair.judge_rules`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from . import wordforms
from .knowledge import function_words as _fw  # dictionaries/function-words-de.tsv, read once
from .knowledge import judge_words as _jw  # dictionaries/judge-words-de.tsv, read once
from .vocabulary import RIVAL_COST, SUSPICIOUS_RE, Candidate

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at check's start
if TYPE_CHECKING:
    from collections.abc import Callable
    from .misreads import DocumentStats, MisreadRepairer


@dataclass(slots=True)
class Verdict:
    after: str
    confidence: float
    rule: str
    why: str
    alternatives: list[str] = field(default_factory=list)
    #: the reading is a compound the lexicon lacks (made of known parts), not a word it knows
    compound: bool = False
    #: the judge rule (an id of :data:`RULES`) that decided it
    by: str = ""


def _prefer_case(cands: list[Candidate], capital: bool) -> list[Candidate]:
    """``cands`` with the best reading's twin in the wanted case first, where there is one."""
    twin = next((c for c in cands if c.word[:1].isupper() == capital), None)
    if twin is None or cands[0].word[:1].isupper() == capital or twin.word.lower() != cands[0].word.lower():
        return cands
    return [twin] + [c for c in cands if c is not twin]


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


#: a rule's say that the word stays as written (None: the rule has no opinion)
KEEP = _Keep()


class Case:
    """One word in its place, with what the rules ask of it computed once, when first asked."""

    def __init__(self, j: MisreadRepairer, word: str, sentence_start: bool, stats: DocumentStats, prev: str,
                 nxt: str, fragment: bool, ocr_conf: float | None = None):
        self.j, self.word, self.sentence_start, self.stats = j, word, sentence_start, stats
        self.prev, self.nxt, self.fragment = prev, nxt, fragment
        #: Tesseract's confidence (0-100) of the word on a scan; None for a transcription
        self.ocr_conf = ocr_conf
        self.low = word.lower()
        self.lost = stats.umlauts_lost

    @functools.cached_property
    def fuer(self) -> bool:
        return self.low in _jw("fuer-misread")

    @functools.cached_property
    def acronym(self) -> bool:
        return self.word.isupper() and len(self.word) > 1 and not SUSPICIOUS_RE.search(self.word)

    @functools.cached_property
    def freq(self) -> int | None:
        return self.j.vocab.known(self.word, self.sentence_start)

    @functools.cached_property
    def suspicious(self) -> bool:
        return self.j.vocab.suspicious(self.word)

    # -- a known word ---------------------------------------------------------------------
    @functools.cached_property
    def real(self) -> bool:
        """A word as written (that may still be a misread of its umlaut twin)."""
        return self.freq is not None and not (self.suspicious and self.j.lex.is_caseless(self.word))

    @functools.cached_property
    def capital_mid(self) -> bool:
        lex, w = self.j.lex, self.word
        return w[:1].isupper() and not self.sentence_start and lex.freq(w) is None and lex.noun_freq(w) is None

    @functools.cached_property
    def twins(self) -> list[Candidate]:
        return self.j.vocab.twins(self.word, self.sentence_start)

    # -- an unknown word --------------------------------------------------------------------
    @functools.cached_property
    def cands(self) -> list[Candidate]:
        return self.j.vocab.candidates(self.word, self.sentence_start)

    @functools.cached_property
    def own_compound(self) -> int | None:
        return None if self.suspicious else self.j.vocab.compound(self.word)

    @functools.cached_property
    def ranked(self) -> list[Candidate]:
        """The candidates, the best reading in the case its place wants first."""
        cands, prev, nxt = self.cands, self.prev, self.nxt
        if self.word[:1].isupper() and not self.sentence_start:
            if prev.lower() in _fw("article") | _fw("noun-marker") and not nxt[:1].isupper() \
                    and wordforms.nominalisable(cands[0].word):
                # "des Ublichen nicht": after an article, with no noun following, a
                # capitalised adjective is itself the noun ("des Üblichen")
                cands = _prefer_case(cands, capital=True)
            elif prev.lower() not in _fw("article") and nxt in _fw("auxiliary"):
                # "auf den Mieter Uberwalzt werden": before an auxiliary a participle or an
                # infinitive, written small ("überwälzt werden")
                cands = _prefer_case(cands, capital=False)
        return cands

    @functools.cached_property
    def best(self) -> Candidate:
        return self.ranked[0]

    @functools.cached_property
    def rivals(self) -> list[Candidate]:
        best = self.best
        return [c for c in self.ranked[1:]
                if c.word.lower() != best.word.lower() and c.score > best.score - 60 and c.cost - best.cost < RIVAL_COST
                and (best.compound or not c.compound)]


Decision = Verdict | _Keep | None


@dataclass(frozen=True, slots=True)
class Rule:
    #: the rule's id (``Verdict.by``)
    id: str
    decide: Callable[[Case], Decision]

    @property
    def doc(self) -> str:
        return (self.decide.__doc__ or "").strip().split("\n")[0]


def _verdict(after: str, confidence: float, rule: str, why: str, alternatives=None, compound: bool = False) -> Verdict:
    return Verdict(after, confidence, rule, why, list(alternatives or ()), compound)
