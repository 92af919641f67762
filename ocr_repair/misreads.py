"""Word misreads: umlauts and ß lost or mangled by OCR, judged with the lexicon and context.

The first rule is never to break correct text. A word is changed only when

* it is not a word as written (not in the lexicon, no valid compound, no protected shape),
* an OCR confusion (:mod:`ocr_repair.confusions`) turns it into a known word, and
* that candidate clearly beats every other one (frequency, confusion cost, case).

Known words that have a far more frequent umlaut twin ("wahrend" / "während") are
changed only where the document has lost its umlauts altogether (a mis-set OCR run);
twins of similar frequency ("hatte" / "hätte") are flagged, never changed.

The judge is :data:`ocr_repair.judge_rules.RULES`, named rules tried in order, with every
confidence in :class:`ocr_repair.judge_rules.Confidence`; which strings are words is
:mod:`ocr_repair.vocabulary`'s business. Here: the document's evidence
(:class:`DocumentStats`, built once per document) and :class:`MisreadRepairer`, which
runs the rules and holds the helpers they share (the context model, English words).
"""

from __future__ import annotations

from collections import Counter

from .judge_rules import KEEP, RULES, Case, Confidence, Rule, Verdict, _verdict, ocr_overrules, ocr_sure  # noqa: F401
from .knowledge import judge_words as _jw  # dictionaries/judge-words-de.tsv, read once
from .lexicon import Lexicon
from .vocabulary import Candidate, Vocabulary, english_zipf  # noqa: F401

#: Zipf×100 from which a frequent English word is English inside German text ("list", "kernel")
ENGLISH_ZIPF = 300
#: …and from which one is, next to another English word ("dist-upgrade", "on demand")
ENGLISH_ZIPF_NEAR = 250
#: an English word stays unless its German reading is this much more frequent ("uber" is "über")
ENGLISH_MARGIN = 100

#: the id :meth:`MisreadRepairer.decide` names where Tesseract's sure reading kept a word
OCR_SURE_ID = "ocr-sure"

#: a mis-set run: the words with umlauts are fewer than this share of those that need them
UMLAUT_SHARE = 0.25


def __getattr__(name: str):
    # the word sets that moved to dictionaries/judge-words-de.tsv, for code that still names them
    if name == "FUER_MISREADS":
        return _jw("fuer-misread")
    if name == "STREET_WORDS":
        return _jw("street")
    raise AttributeError(name)


class DocumentStats:
    """What the whole document says: did it lose its umlauts? which unknown words repeat?

    Built once per document (:meth:`MisreadRepairer.document_stats`) and passed to every
    :meth:`MisreadRepairer.judge` of its words."""

    def __init__(self, tokens: list[str]):
        self.tokens = len(tokens)
        #: each form's count, in the order of first use (counted in C: ``Counter``)
        self.counts: dict[str, int] = dict(Counter(tokens))
        self.with_umlaut = sum(n for t, n in self.counts.items() if any(c in "äöüÄÖÜß" for c in t))
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
        return self.repairable_unknown >= 3 and self.with_umlaut < UMLAUT_SHARE * self.repairable_unknown


class MisreadRepairer:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        #: which strings are words (the lexicon's front end), and the candidates of each
        self.vocab = Vocabulary(lexicon)

    # the vocabulary's questions, for callers that still ask the judge (ask ``vocab``)
    def known(self, word: str, sentence_start: bool) -> int | None:
        return self.vocab.known(word, sentence_start)

    def compound(self, word: str) -> int | None:
        return self.vocab.compound(word)

    def is_word(self, word: str, sentence_start: bool = True) -> bool:
        return self.vocab.is_word(word, sentence_start)

    def candidates(self, word: str, sentence_start: bool) -> list[Candidate]:
        return self.vocab.candidates(word, sentence_start)

    def has_umlaut_twin(self, word: str) -> bool:
        return self.vocab.has_umlaut_twin(word)

    suspicious = staticmethod(Vocabulary.suspicious)

    # -- the document's evidence --------------------------------------------------------------
    def document_stats(self, words: list[str], misreads: bool = True) -> DocumentStats:
        """The document's own evidence, built once per document: has it lost its umlauts,
        which names does it use?"""
        vocab = self.vocab
        stats = DocumentStats(words)
        if not misreads:
            return stats
        maybe_names = []
        for w, n in stats.counts.items():  # each form once, as often as it occurs
            if vocab.has_umlaut_twin(w):
                stats.repairable_unknown += n
            elif w[:1].isupper() and w[1:].islower() and len(w) >= 5:
                maybe_names.append(w)
        for w in maybe_names:
            if self.lex.is_caseless(w):
                stats.names.add(w)  # a name the frequency list knows ("Klosterneuburg")
            elif vocab.known(w, True) is None and vocab.compound(w) is None:
                cands = vocab.candidates(w, True)
                # no reading, or only a compound one for a word the text repeats: a name;
                # not a valid compound as written ("Gastarzt"), nor, in a text that lost its
                # umlauts, one that umlauts alone make a compound ("Mehrarbeitszuschlage")
                if not cands or cands[0].compound and stats.counts.get(w, 0) >= 3 \
                        and not (cands[0].plain and stats.umlauts_lost):
                    stats.names.add(w)
        return stats

    # -- the verdicts ---------------------------------------------------------------------
    def judge(self, word: str, sentence_start: bool, stats: DocumentStats, prev: str, nxt: str,
              fragment: bool = False, ocr_conf: float | None = None) -> Verdict | None:
        """What to do with ``word``: None to keep it, else a verdict (applied or flagged).

        A ``fragment`` (a part of a hyphenated word: "Bildungs-" before "und", "ei-nen")
        is no word of its own: only clear misread marks (digits, "ii") change it.
        ``ocr_conf``: Tesseract's confidence (0-100) of the word on a scan (None for a
        transcription): a word it read surely keeps its letters against a verdict of low
        evidence (:func:`~ocr_repair.judge_rules.ocr_overrules`); one it doubted is repaired
        toward a reading one usual confusion away with no rival.
        """
        return self.decide(word, sentence_start, stats, prev, nxt, fragment, ocr_conf)[1]

    def decide(self, word: str, sentence_start: bool, stats: DocumentStats, prev: str, nxt: str,
               fragment: bool = False, ocr_conf: float | None = None) -> tuple[str, Verdict | None]:
        """:meth:`judge`, with the id of the rule that decided (``OCR_SURE_ID`` where
        Tesseract's sure reading overruled a verdict of low evidence)."""
        case = Case(self, word, sentence_start, stats, prev, nxt, fragment, ocr_conf)
        for rule in RULES:
            said = rule.decide(case)
            if said is None:
                continue
            if said is KEEP:
                return rule.id, None
            said.by = rule.id
            if ocr_overrules(ocr_conf, said):
                return OCR_SURE_ID, None
            return rule.id, said
        raise AssertionError("the last rule always decides")

    # -- the helpers the rules share -------------------------------------------------------------
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
            return _verdict(street, Confidence.STREET, "misread-context", f"a street name after '{prev}'")
        # the neighbours as the repair reads them: they lost their umlauts too ("fur", "konnen")
        prev, nxt = (self._reading(w) for w in (prev, nxt))
        said = context.decide(word, f, readings, prev, nxt)
        if said is None:
            return None
        best, margin, why = said
        if best == word:
            return False if margin >= context.KEEP_MARGIN else None
        return _verdict(best, Confidence.CONTEXT, "misread-context", why) if margin >= context.FIX_MARGIN else None

    def _reading(self, word: str) -> str:
        """``word``, or the misread repair's best reading of it where it is no word (the
        candidates of a word mid-sentence: those the judge computes for it anyway)."""
        vocab = self.vocab
        if not word or vocab.known(word, True) is not None:
            return word
        if word.lower() in _jw("fuer-misread"):
            return "für"
        cands = vocab._cands.get((word, True)) or vocab.candidates(word, False)
        return cands[0].word if cands else word

    def _umlaut_in_a_part(self, word: str) -> bool:
        """Whether the word ends in a known word that has its umlaut ("entlöhnen" in
        "löhnen"): then the umlaut may well be right ("Schülklassen" has none such)."""
        known = self.vocab.known
        last = max(word.rfind(c) for c in "äöüÄÖÜ")
        return any(known(word[i:], False) is not None or known(word[i].upper() + word[i + 1:], True)
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
        if word.lower() in _jw("fuer-misread") or self.vocab.has_umlaut_twin(word):
            return False  # "fur", "uber": the misreads of a mis-set run, not English
        de = self.vocab.known(word, True)
        return de is None or self.lex.is_caseless(word) or en > de + 50
