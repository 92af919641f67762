"""Word misreads: umlauts and ß lost or mangled by OCR, judged with the lexicon and context.

The first rule is never to break correct text. A word is changed only when

* it is not a word as written (not in the lexicon, no valid compound, no protected shape),
* an OCR confusion (:mod:`ocr_repair.confusions`) turns it into a known word, and
* that candidate clearly beats every other one (frequency, confusion cost, case).

Known words that have a far more frequent umlaut twin ("wahrend" / "während") are
changed only where the document has lost its umlauts altogether (a mis-set OCR run);
twins of similar frequency ("hatte" / "hätte") are flagged, never changed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from . import confusions, noise, residue, wordforms
from .compounds import split_compound
from .knowledge import function_words as _fw  # dictionaries/function-words-de.tsv, read once
from .lexicon import Lexicon

#: "für" as a mis-set OCR run writes it
FUER_MISREADS = {"fur", "fir", "flr", "fiir", "ftir", "fuir", "fr", "far", "fär", "fiür", "füir"}

#: endings of an adjective's uninflected form, which no noun has ("öffentlich", "gültig")
UNINFLECTED_ADJECTIVE = ("lich", "ig", "isch", "bar", "sam", "haft", "los")

#: words of a street's name after a place-name adjective ("Gummersbacher Straße", "Hundsdorfer Weg")
STREET_WORDS = {"Straße", "Strasse", "Str", "Weg", "Platz", "Allee", "Ring", "Gasse", "Damm", "Chaussee", "Ufer",
                "Markt", "Steig", "Pfad"}
#: Zipf×100 below which an umlaut reading is no better evidence than a name the document uses
NAME_RIVAL_ZIPF = 400
#: an umlaut a speck of noise made is undone only toward a word at least this frequent
SPECK_ZIPF = 400

#: a capital inside lower-case letters where ß was meant ("groBe", "MaRnahme", "heiBt")
INNER_SHARP_S = regex.compile(r"\p{Ll}(?:B|R|S|G|B3|3|U|O|A)\p{Ll}|\p{Ll}(?:B|3|fS)$")
SUSPICIOUS_RE = regex.compile(r"[0-9&|éèàáóò$®\]@]|ii|^\p{Lu}I\p{Ll}{3,}$")


#: a word without misread marks is changed only this near (summed confusion costs)
MAX_PLAIN_COST = 1.6
#: …and in a text that lost its umlauts ("Auferung" -> "Äußerung")
MAX_LOST_COST = 2.0

#: a reading is a rival of the best one only if its confusions cost less than this more
RIVAL_COST = 0.6

#: one blurred letter ("l" for "i", "b" for "h") is fixed in a word of at least 8 letters
#: toward a word at least this frequent (Zipf×100) ...
BLUR_ZIPF = 300
#: ... and no dearer than this (one blur)
BLUR_COST = 1.4

#: a compound is far rarer than its parts: its estimated Zipf×100 is its weakest part's less this
COMPOUND_DISCOUNT = 250


#: Zipf×100 from which a frequent English word is English inside German text ("list", "kernel")
ENGLISH_ZIPF = 300
#: …and from which one is, next to another English word ("dist-upgrade", "on demand")
ENGLISH_ZIPF_NEAR = 250
#: an English word stays unless its German reading is this much more frequent ("uber" is "über")
ENGLISH_MARGIN = 100


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


def english_zipf(word: str) -> int | None:
    """Zipf×100 of ``word`` as an English word (lower case, or capitalised), None if it is none."""
    if not word.isascii() or not (word.islower() or word[1:].islower()):
        return None
    return _search_english(_english_text(), word.lower())


@dataclass(slots=True)
class Verdict:
    after: str
    confidence: float
    rule: str
    why: str
    alternatives: list[str] = field(default_factory=list)
    #: the reading is a compound the lexicon lacks (made of known parts), not a word it knows
    compound: bool = False


@dataclass(slots=True)
class Candidate:
    word: str
    score: float
    cost: float
    compound: bool
    #: only plain vowels turned umlauts ("Liste" -> "Lüste"): what a mis-set run does,
    #: a correctly set one hardly ever
    plain: bool = False


def _prefer_case(cands: list[Candidate], capital: bool) -> list[Candidate]:
    """``cands`` with the best reading's twin in the wanted case first, where there is one."""
    twin = next((c for c in cands if c.word[:1].isupper() == capital), None)
    if twin is None or cands[0].word[:1].isupper() == capital or twin.word.lower() != cands[0].word.lower():
        return cands
    return [twin] + [c for c in cands if c is not twin]


_NO_UMLAUT = str.maketrans("äöüÄÖÜ", "aouAOU")


def _unspecks(word: str, reading: str) -> bool:
    """Whether ``reading`` is ``word`` with umlauts taken off, nothing else."""
    return len(word) == len(reading) and word.translate(_NO_UMLAUT) == reading.translate(_NO_UMLAUT) \
        and sum(c in "äöüÄÖÜ" for c in reading) < sum(c in "äöüÄÖÜ" for c in word)


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


class DocumentStats:
    """What the whole document says: did it lose its umlauts? which unknown words repeat?"""

    def __init__(self, tokens: list[str]):
        self.tokens = len(tokens)
        self.with_umlaut = sum(1 for t in tokens if any(c in "äöüÄÖÜß" for c in t))
        self.counts: dict[str, int] = {}
        for t in tokens:
            self.counts[t] = self.counts.get(t, 0) + 1
        self.repairable_unknown = 0  # filled in by the engine's first pass
        #: capitalised words the lexicon lacks and no misread explains: names ("Klosterneuburg")
        self.names: set[str] = set()
        #: words that directly follow a capitalised word somewhere ("Irmgard Griss", "Nina Proll"):
        #: a name's shape (filled in by the engine, which sees the spaces between words)
        self.after_capital: set[str] = set()

    def is_name_stem(self, word: str) -> bool:
        """True if ``word`` is one of the document's names with an ending ("Klosterneuburgern")."""
        return any(word[:n] in self.names for n in range(5, len(word)))

    @property
    def umlauts_lost(self) -> bool:
        """A mis-set run: words that need umlauts far outnumber words that have them."""
        return self.repairable_unknown >= 3 and self.with_umlaut < 0.25 * self.repairable_unknown


class MisreadRepairer:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self._cands: dict[tuple[str, bool], list[Candidate]] = {}

    # -- knowledge ----------------------------------------------------------------------
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
        key = (word, sentence_start)
        hit = self._cands.get(key)
        if hit is not None:
            return hit
        found: dict[str, Candidate] = {}
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
                f = self.known(cand, sentence_start)
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
                found[cand] = self._candidate(cand, f, cost, False, _plain(word, combo), sentence_start)

        # one edit first; more edits only as far as they could still rival the best reading
        scan(1, 1, total)
        if found:
            bound = min(c.cost for c in found.values()) + RIVAL_COST
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
                    found[cand] = self._candidate(cand, f - COMPOUND_DISCOUNT, cost, True, plain, sentence_start)
        result = sorted(found.values(), key=lambda c: -c.score)
        self._cands[key] = result
        return result

    def _candidate(self, form: str, f: int, cost: float, compound: bool, plain: bool, sentence_start: bool) -> Candidate:
        if form[:1].isupper() and not sentence_start and self.lex.freq(form) is None \
                and self.lex.noun_freq(form) is None:
            f -= 60  # a capital mid-sentence that only a lower-case word explains
        return Candidate(form, f - 100 * cost, cost, compound, plain)

    @staticmethod
    def suspicious(word: str) -> bool:
        """Marks no German word carries: digits, "ii", a capital B or R inside small letters."""
        return bool(SUSPICIOUS_RE.search(word) or INNER_SHARP_S.search(word))

    def document_stats(self, words: list[str], misreads: bool = True) -> DocumentStats:
        """The document's own evidence: has it lost its umlauts, which names does it use?"""
        stats = DocumentStats(words)
        if not misreads:
            return stats
        maybe_names = []
        for w in words:
            if self.has_umlaut_twin(w):
                stats.repairable_unknown += 1
            elif w[:1].isupper() and w[1:].islower() and len(w) >= 5:
                maybe_names.append(w)
        for w in maybe_names:
            if self.lex.is_caseless(w):
                stats.names.add(w)  # a name the frequency list knows ("Klosterneuburg")
            elif self.known(w, True) is None and self.compound(w) is None:
                cands = self.candidates(w, True)
                # no reading, or only a compound one for a word the text repeats: a name;
                # not a valid compound as written ("Gastarzt"), nor, in a text that lost its
                # umlauts, one that umlauts alone make a compound ("Mehrarbeitszuschlage")
                if not cands or cands[0].compound and stats.counts.get(w, 0) >= 3 \
                        and not (cands[0].plain and stats.umlauts_lost):
                    stats.names.add(w)
        return stats

    def has_umlaut_twin(self, word: str) -> bool:
        """Cheap test for the document statistics: an unknown word a usual umlaut misread explains."""
        return self.known(word, True) is None and any(
            self.known(c, True) is not None
            for c, _, _ in confusions.candidates(word, max_edits=2, max_cost=0.6, umlauts_only=True)
        )

    def _twins(self, word: str, sentence_start: bool) -> list[Candidate]:
        """Known words one or two usual umlaut misreads away ("hatte" -> "hätte"); no compounds."""
        found = []
        for cand, cost, _ in confusions.candidates(word, max_edits=2, max_cost=0.6, umlauts_only=True):
            f = self.known(cand, sentence_start)
            if f is not None:
                found.append(Candidate(cand, f - 100 * cost, cost, False, True))
        return sorted(found, key=lambda c: -c.score)

    # -- the verdicts ---------------------------------------------------------------------
    def judge(self, word: str, sentence_start: bool, stats: DocumentStats, prev: str, nxt: str,
              fragment: bool = False) -> Verdict | None:
        """What to do with ``word``: None to keep it, else a verdict (applied or flagged).

        A ``fragment`` (a part of a hyphenated word: "Bildungs-" before "und", "ei-nen")
        is no word of its own: only clear misread marks (digits, "ii") change it.
        """
        if self.lex.is_listed(word):
            return None  # the user's own word list
        low = word.lower()
        if low in FUER_MISREADS:
            return self._fuer(word, sentence_start, prev, nxt)
        if low == "ber" and stats.umlauts_lost and self.known(nxt, False) is not None:
            # the English model drops the ü of "über" altogether
            return Verdict("Über" if word[0] == "B" else "über", 0.85, "misread", "'über' without its ü")
        if word.isupper() and len(word) > 1 and not SUSPICIOUS_RE.search(word):
            return self._acronym(word)  # "KOMM", "NRW" stay; "OVP" is "ÖVP"
        if any(c.isupper() for c in word[1:]) and not INNER_SHARP_S.search(word) and not SUSPICIOUS_RE.search(word):
            return None  # mixed case: "StR", "BvR", "GmbH", "WarnWetter"
        f = self.known(word, sentence_start)
        suspicious = self.suspicious(word)
        if fragment and not suspicious and (f is not None or len(word) < 4):
            return None
        if f is not None and not (suspicious and self.lex.is_caseless(word)):
            return self._real_word(word, f, sentence_start, stats, prev, nxt)
        cands = self.candidates(word, sentence_start)
        own_compound = None if suspicious else self.compound(word)
        if not suspicious and self._english(word, cands[0] if cands else None, prev, nxt):
            return None  # an English word inside German text ("list", "kernel", "safe")
        if not cands:
            if suspicious and own_compound is None and any(c.isdigit() for c in word):
                return Verdict(word, 0.3, "misread", "looks misread; no known word close to it")
            if own_compound is None and not fragment:
                said = noise.judge(self.lex, self.known, word, sentence_start)  # "Sozialisien"
                if said is not None:
                    return Verdict(said[0], said[1], "noise", said[2])
                near = residue.suggest(self.lex, word)
                if near is not None:
                    return Verdict(near, 0.5, "residue", "unknown word, one edit from a common one")
            return None
        if word[:1].isupper() and not sentence_start:
            if prev.lower() in _fw("article") | _fw("noun-marker") and not nxt[:1].isupper() \
                    and wordforms.nominalisable(cands[0].word):
                # "des Ublichen nicht": after an article, with no noun following, a
                # capitalised adjective is itself the noun ("des Üblichen")
                cands = _prefer_case(cands, capital=True)
            elif prev.lower() not in _fw("article") and nxt in _fw("auxiliary"):
                # "auf den Mieter Uberwalzt werden": before an auxiliary a participle or an
                # infinitive, written small ("überwälzt werden")
                cands = _prefer_case(cands, capital=False)
        best = cands[0]
        if best.cost > (MAX_LOST_COST if stats.umlauts_lost else MAX_PLAIN_COST) and not suspicious:
            return None  # too far from the word as written to be sure
        if fragment and best.compound and not suspicious:
            return None  # a part of a hyphenated word as a compound: too weak
        if best.compound and not suspicious and wordforms.small_noun(self.lex, word):
            return None  # "diverse meldungen": a noun written small, no "meldüngen"
        if not suspicious and word[:1].isupper() and stats.is_name_stem(word):
            return None  # "Klosterneuburgern" where the text names "Klosterneuburg"
        if own_compound is not None:
            # a valid compound as written: change only to a word the lexicon itself knows,
            # and only where the document lost its umlauts
            if best.compound or not stats.umlauts_lost:
                return None
        if stats.counts.get(word, 0) >= 2 and not suspicious and not stats.umlauts_lost and word[:1].isupper():
            return None  # a name the document repeats
        rivals = [
            c for c in cands[1:]
            if c.word.lower() != best.word.lower() and c.score > best.score - 60 and c.cost - best.cost < 0.6
            and (best.compound or not c.compound)
        ]
        if suspicious:
            conf = 0.97
        elif stats.umlauts_lost:
            conf = 0.93
        elif best.plain:
            conf = 0.6  # umlauts are right elsewhere in this text: flag, don't guess
        elif best.cost <= 0.6 or (best.cost <= BLUR_COST and len(word) >= 8 and not best.compound
                                  and best.score + 100 * best.cost >= BLUR_ZIPF):
            # one usual confusion, or one blurred letter of a long, frequent word
            # ("Kriminalpolizel", "Festnabme"): strong evidence where no rival is near
            conf = 0.85
        else:
            conf = 0.7
            said = None if best.compound or best.plain else noise.judge(self.lex, self.known, word, sentence_start)
            if said is not None and said[0] == best.word:
                conf = said[1]  # "soliten": one blurred letter of a frequent word, no rival (noise.py)
        if best.compound:
            conf -= 0.05 if best.cost < 0.8 or suspicious else 0.1
        if own_compound is not None:
            conf = min(conf, 0.85)
        raw = best.score + 100 * best.cost
        if not suspicious and _unspecks(word, best.word) and raw < SPECK_ZIPF and self._umlaut_in_a_part(word):
            conf = min(conf, 0.6)  # "entlöhnen" is no speck on "entlohnen": too rare to tell
        if not suspicious and word[:1].isupper() and best.plain and (
                word in stats.after_capital and stats.counts.get(word, 0) >= 2 and raw < NAME_RIVAL_ZIPF
                and not self.lex.is_caseless(best.word)
                or not sentence_start and nxt in STREET_WORDS and word.endswith("er")
                and (best.compound or raw < NAME_RIVAL_ZIPF)):
            # "Irmgard Griss" is no "Grüß", "Gummersbacher Straße" no "Gümmersbacher": a
            # capitalised word in a name's place gets umlauts only toward a frequent word
            conf = min(conf, 0.6)
        if len(best.word) <= wordforms.SHORT and self.lex.is_caseless(best.word) and raw < wordforms.JUNK_ZIPF:
            conf = min(conf, 0.6)  # "iim" -> "äm", "Ma" -> "Mä": a rare word of the frequency list alone
        if rivals:
            conf = min(conf, 0.55)
        why = f"{'compound' if best.compound else 'lexicon'} word, confusion cost {best.cost:.1f}"
        if own_compound is not None:
            why += "; the original is a rarer compound"
        after = wordforms.attributive(self.lex, best.word, sentence_start, nxt) or best.word  # "im Offentlichen Wohnbau"
        if after != best.word:
            conf = min(conf, 0.85)  # a proper name keeps its capital ("die Österreichische Hoteliervereinigung")
        return Verdict(after, round(conf, 2), "misread", why, [c.word for c in rivals[:3]], best.compound)

    def _context(self, word: str, f: int, twins: list[Candidate], prev: str, nxt: str) -> Verdict | bool | None:
        """The context model's say on a known word with twins in a text that lost its
        umlauts: a verdict for the twin it clearly prefers, False to keep the word as
        written, None where it cannot tell (see :mod:`ocr_repair.context`)."""
        from . import context  # only a text that lost its umlauts gets here: check's start stays as it was

        readings = {t.word: (t.score + 100 * t.cost, context.reading_prior(word, t.word)) for t in twins}
        for r in context.sharp_s_readings(word):
            rf = self.lex.freq(r)
            if rf is not None and r not in readings:
                readings[r] = (rf, context.reading_prior(word, r))
        if not readings:
            return None
        street = next((r for r in readings if r in context.STREETS), None)
        if street and prev[:1].isupper() and prev.endswith("er") and len(prev) >= 5 \
                and (self.lex.freq(prev.lower()) is None or self.lex.is_caseless(prev)):
            # "Bochumer Strafe": a place's adjective (no small word: not "Der", "Jeder")
            return Verdict(street, 0.9, "misread-context", f"a street name after '{prev}'")
        # the neighbours as the repair reads them: they lost their umlauts too ("fur", "konnen")
        prev, nxt = (self._reading(w) for w in (prev, nxt))
        said = context.decide(word, f, readings, prev, nxt)
        if said is None:
            return None
        best, margin, why = said
        if best == word:
            return False if margin >= context.KEEP_MARGIN else None
        return Verdict(best, 0.9, "misread-context", why) if margin >= context.FIX_MARGIN else None

    def _reading(self, word: str) -> str:
        """``word``, or the misread repair's best reading of it where it is no word (the
        candidates of a word mid-sentence: those the judge computes for it anyway)."""
        if not word or self.known(word, True) is not None:
            return word
        if word.lower() in FUER_MISREADS:
            return "für"
        cands = self._cands.get((word, True)) or self.candidates(word, False)
        return cands[0].word if cands else word
    def _umlaut_in_a_part(self, word: str) -> bool:
        """Whether the word ends in a known word that has its umlaut ("entlöhnen" in
        "löhnen"): then the umlaut may well be right ("Schülklassen" has none such)."""
        last = max(word.rfind(c) for c in "äöüÄÖÜ")
        return any(self.known(word[i:], False) is not None or self.known(word[i].upper() + word[i + 1:], True)
                   is not None for i in range(1, min(last + 1, len(word) - 3)))

    def _english(self, word: str, best: Candidate | None, prev: str, nxt: str) -> bool:
        """Whether ``word`` is an English word inside German text: frequent in English (or
        next to another English word), and its German reading is not far more frequent."""
        en = english_zipf(word)
        if en is None or en < ENGLISH_ZIPF_NEAR:
            return False
        if (en < ENGLISH_ZIPF or word[:1].isupper()) and not (self._only_english(prev) or self._only_english(nxt)):
            # a capitalised one may be a name ("Kruger" is "Krüger"): only beside English
            return False
        return best is None or en + ENGLISH_MARGIN >= best.score + 100 * best.cost

    def _only_english(self, word: str) -> bool:
        """A frequent English word that is no German one ("upgrade", "demand")."""
        en = english_zipf(word)
        if en is None or en < ENGLISH_ZIPF:
            return False
        if word.lower() in FUER_MISREADS or self.has_umlaut_twin(word):
            return False  # "fur", "uber": the misreads of a mis-set run, not English
        de = self.known(word, True)
        return de is None or self.lex.is_caseless(word) or en > de + 50

    def _acronym(self, word: str) -> Verdict | None:
        """An unknown acronym whose umlaut twin is a listed one ("OVP" → "ÖVP")."""
        if self.lex.freq(word) is not None:
            return None
        for cand, _, _ in confusions.candidates(word, max_edits=1, umlauts_only=True):
            if cand.isupper() and self.lex.freq(cand) is not None and not self.lex.is_caseless(cand):
                return Verdict(cand, 0.9, "misread", f"the acronym '{cand}'")
        return None

    def _fuer(self, word: str, sentence_start: bool, prev: str, nxt: str) -> Verdict | None:
        if prev.lower() in _fw("english-context") or nxt.lower() in _fw("english-context"):
            return None
        if word.lower() in ("far", "fr") and (not nxt or self.known(nxt, False) is None or self.lex.is_caseless(nxt)):
            return None  # English "far", "Fr." (Frau), or no German word after it
        after = "Für" if word[:1].isupper() else "für"
        if word[:1].isupper() and not sentence_start and word.lower() == "far":
            return None
        return Verdict(after, 0.95, "misread", "'für' as a mis-set OCR run writes it")

    def _real_word(self, word: str, f: int, sentence_start: bool, stats: DocumentStats, prev: str,
                   nxt: str) -> Verdict | None:
        """A known word that may still be a misread of its umlaut twin."""
        capital_mid = word[:1].isupper() and not sentence_start and self.lex.freq(word) is None \
            and self.lex.noun_freq(word) is None
        if capital_mid and word[0] in "ÄÖÜ" and nxt[:1].islower() and prev[:1].islower() \
                and word.endswith(UNINFLECTED_ADJECTIVE) and prev.lower() not in _fw("article") \
                and nxt not in _fw("article") | _fw("noun-follower") | (_fw("small") | _fw("before-noun")) and not stats.umlauts_lost:
            # "und Öffentlich zugänglich": the German model read a small umlaut as a capital;
            # an uninflected adjective is no noun ("und Ähnliches", "durch Überschreiben" are)
            return Verdict(word[0].lower() + word[1:], 0.85, "misread-case",
                           "an uninflected adjective mid-sentence is written small")
        if capital_mid and word in ("Zu", "Zum") and nxt[:1].islower() and prev:
            # "Abschlüsse Zu machen": the English model reads a small z as a capital one
            return Verdict(word.lower(), 0.85, "misread-case", "a function word mid-sentence is written small")
        if any(c in "äöüÄÖÜß" for c in word) or len(word) < 3 or self.lex.is_caseless(word):
            return None
        if not stats.umlauts_lost and not capital_mid:
            return None
        if word in ("lasst", "Lasst") and stats.umlauts_lost and nxt not in ("uns", "euch"):
            return Verdict(word[0] + "ä" + word[2:], 0.85, "misread-context", "'lässt' unless 'lasst uns/euch'")
        twins = self._twins(word, sentence_start)
        if not twins:
            if stats.umlauts_lost and "f" in word[1:]:
                return self._context(word, f, [], prev, nxt) or None  # "lief" -> "ließ"
            return None
        twin = twins[0]
        tf = twin.score + 100 * twin.cost
        if capital_mid and stats.umlauts_lost and twin.word[:1].isupper() and nxt in _fw("noun-follower") \
                and prev.lower() not in _fw("dative-contraction") and not self.lex.is_caseless(twin.word):
            # "in Hohe von": an adjective cannot stand capitalised before a lower-case word;
            # the noun twin can
            return Verdict(twin.word, 0.9, "misread-context", f"noun '{twin.word}' fits before '{nxt}'")
        if not stats.umlauts_lost:
            return None
        verdict = self._context(word, f, twins, prev, nxt)
        if verdict is not None:
            return verdict or None
        if tf - f >= 150:
            return Verdict(twin.word, 0.85, "misread-real-word",
                           f"'{twin.word}' is {10 ** ((tf - f) / 100):.0f}x more frequent in a text without umlauts")
        if tf - f >= -80:
            return Verdict(twin.word, 0.4, "misread-real-word", "both are words; check the context")
        return None
