"""The misread judge's rules, in order, and the one table of its confidences.

:data:`RULES` is the judge (:meth:`ocr_repair.misreads.MisreadRepairer.judge`): named
rules tried in order, each looking at one :class:`Case` (a word in its place) and saying
a :class:`Verdict`, :data:`KEEP` (the word stays as written) or ``None`` (no opinion: the
next rule decides). The first that decides wins; the last always decides. A verdict
carries the id of the rule that decided it (``Verdict.by``); its ``rule`` and ``why``
are what ``--explain`` shows. Every confidence a rule gives is an entry of
:class:`Confidence` (``tests/test_judge.py`` checks that no other float is written here
but the named thresholds).
"""

from __future__ import annotations

from . import confusions, noise, ocr_confidence, ownforms, residue, wordforms
from .judge_case import KEEP, Case, Decision, Rule, Verdict, _verdict  # noqa: F401  (re-exported to misreads)
from .knowledge import function_words as _fw  # dictionaries/function-words-de.tsv, read once
from .knowledge import judge_words as _jw  # dictionaries/judge-words-de.tsv, read once
from .vocabulary import ACRONYM_L, MAX_LOST_COST


class Confidence:
    """Every confidence the judge gives, in one place (applied from ``--threshold``, 0.8 by
    default, and only without rivals; below it a verdict is a suspect)."""

    #: "fur", "fir", … before a German word: "für" as a mis-set OCR run writes it
    FUER = 0.95
    #: "ber" before a word in a text that lost its umlauts: the English model drops the ü of "über"
    UEBER = 0.85
    #: an unknown acronym one umlaut from a listed one ("OVP" -> "ÖVP")
    ACRONYM = 0.9
    #: digits in a word no known word is near: a suspect only, nothing to offer
    NO_READING = 0.3
    #: a spelling suggestion one edit away that no OCR confusion explains: a suspect only
    RESIDUE = 0.5
    #: a reading of a word with misread marks (digits, "ii", an inner capital B)
    SUSPICIOUS = 0.97
    #: a reading of a plain word in a text that lost its umlauts
    UMLAUTS_LOST = 0.93
    #: a reading that only adds umlauts where the text has them elsewhere: flag, don't guess
    PLAIN = 0.6
    #: one usual confusion, or one blurred letter of a long, frequent word ("Kriminalpolizel")
    ONE_CONFUSION = 0.85
    #: any other reading: dearer confusions, a suspect
    OTHER = 0.7
    #: less this for a compound reading near the word (or of a word with misread marks) …
    COMPOUND_NEAR_LESS = 0.05
    #: … and this for one further off: a compound the lexicon lacks is weaker evidence
    COMPOUND_FAR_LESS = 0.1
    #: at most this where the word as written is a valid compound itself
    OWN_COMPOUND_AT_MOST = 0.85
    #: at most this for an umlaut a speck may have made, toward a rare word ("entlöhnen")
    SPECK_AT_MOST = 0.6
    #: at most this for umlauts on a capitalised word in a name's place ("Irmgard Griss")
    NAME_PLACE_AT_MOST = 0.6
    #: at most this where another reading rivals the best: a suspect with alternatives
    RIVALS_AT_MOST = 0.55
    #: "Öffentlich" mid-sentence between small words: an uninflected adjective is written small
    UNINFLECTED_SMALL = 0.85
    #: "Zu", "Zum" mid-sentence before a small word: the English model's capital z
    FUNCTION_WORD_SMALL = 0.85
    #: "Fine Zeugin" at a sentence's start, "das wire falsch": an English word the English model
    #: reads for a German one, beside German words
    ENGLISH_FOR_GERMAN = 0.85
    #: "er Zwar neben", "Zugunsten der": a capital that is its small letter's shape at a larger
    #: size (c k o p s u v w x z), mid-sentence, on an adverb or preposition (never a noun)
    SIZE_CAPITAL_SMALL = 0.85
    #: "lasst" in a text that lost its umlauts, unless "lasst uns/euch"
    LASST = 0.85
    #: "in Hohe von": the capitalised twin is a noun before a noun's follower
    NOUN_TWIN = 0.9
    #: "Bochumer Strafe": a street after a place's adjective
    STREET = 0.9
    #: the context model clearly prefers the twin
    CONTEXT = 0.9
    #: the twin is far more frequent, in a text without umlauts
    FREQUENT_TWIN = 0.85
    #: both are words of similar frequency: a suspect only (``check --strict``)
    SIMILAR_TWIN = 0.4
    #: a reading of at most :data:`~ocr_repair.wordforms.SHORT` letters that only the
    #: frequency list knows, rarer than :data:`~ocr_repair.wordforms.JUNK_ZIPF` ("iim" -> "äm"): a suspect
    SHORT_RARE_AT_MOST = 0.6
    #: a capitalised reading written small before a noun ("im Offentlichen Wohnbau"): a proper
    #: name keeps its capital ("die Österreichische Hoteliervereinigung"), so never surer than this
    ATTRIBUTIVE_AT_MOST = 0.85
    #: "Hilden Uberwacht.": a capital U/A/O mid-sentence, the English model's reading of a
    #: small ü/ä/ö at a word's start, where only the small umlaut reading is a word
    SMALL_UMLAUT_CAPITAL = 0.9
    #: at most this for a reading of a word whose own forms the lexicon knows: a capitalised
    #: one whose genitive or plural in -s it lists ("Proll" beside "Prolls", no "Prölls"), a
    #: verb form of a separable verb it lists ("halst" of "aufhalsen"): a suspect, not a fix
    OWN_FORMS_AT_MOST = 0.6
    #: a scan's word Tesseract itself doubted (confidence below :data:`OCR_DOUBT`), one usual
    #: confusion (or one blurred letter) from a word, no rival: applied
    OCR_DOUBTED = 0.85
    #: an unknown word Tesseract doubted one of whose own alternative readings (another
    #: choice for one or two characters) is the one known word among them: applied
    OCR_CHOICE = 0.9


#: endings of an adjective's uninflected form, which no noun has ("öffentlich", "gültig")
UNINFLECTED_ADJECTIVE = tuple(sorted(_jw("uninflected-ending")))

#: a word without misread marks is changed only this near (summed confusion costs); in a
#: text that lost its umlauts up to :data:`~ocr_repair.vocabulary.MAX_LOST_COST`
MAX_PLAIN_COST = 1.6
#: a reading this near (one usual confusion) is strong evidence where no rival is near
ONE_CONFUSION_COST = 0.6
#: a compound reading up to this near loses :attr:`Confidence.COMPOUND_NEAR_LESS`, a further one more
COMPOUND_NEAR_COST = 0.8
#: Zipf×100 below which an umlaut reading is no better evidence than a name the document uses
NAME_RIVAL_ZIPF = 400
#: an umlaut a speck of noise made is undone only toward a word at least this frequent
SPECK_ZIPF = 400

#: Tesseract's word confidence (0-100) from which it read a scan's word surely: a verdict
#: of low evidence on it (a suspect, a reading of rule 'noise' or 'residue') is dropped ...
OCR_SURE = 90
#: ... and below which it doubted the word: a reading one usual confusion away, with no
#: rival, is raised to :attr:`Confidence.OCR_DOUBTED`
OCR_DOUBT = 60
#: a reading of a doubted word is "one confusion away" up to this cost (one row of the
#: confusion table, or one blurred letter: "grundiegendste" at 1.0; not two: "tahiger")
OCR_DOUBT_COST = 1.0
#: a verdict below this is a suspect (``--threshold``'s default)
SUSPECT_BELOW = 0.8
#: the verdicts' rules that are weak evidence against a word Tesseract read surely
LOW_EVIDENCE_RULES = frozenset({"noise", "residue"})


def ocr_sure(ocr_conf: float | None) -> bool:
    """Whether Tesseract read a scan's word surely (None: no scan, no say)."""
    return ocr_conf is not None and ocr_conf >= OCR_SURE


def ocr_doubted(ocr_conf: float | None) -> bool:
    """Whether Tesseract doubted a scan's word (None: no scan, no say)."""
    return ocr_conf is not None and ocr_conf < OCR_DOUBT


def ocr_overrules(ocr_conf: float | None, v: Verdict) -> bool:
    """Whether a verdict of low evidence (a suspect, a 'noise' or 'residue' reading) gives
    way to Tesseract's sure reading of the word: the word stays as read."""
    return ocr_sure(ocr_conf) and (v.confidence < SUSPECT_BELOW or v.rule in LOW_EVIDENCE_RULES)


#: one blurred letter ("l" for "i", "b" for "h") is fixed in a word of at least 8 letters
#: toward a word at least this frequent (Zipf×100) ...
BLUR_ZIPF = 300
#: ... and no dearer than this (one blur)
BLUR_COST = 1.4


_NO_UMLAUT = str.maketrans("äöüÄÖÜ", "aouAOU")


def _unspecks(word: str, reading: str) -> bool:
    """Whether ``reading`` is ``word`` with umlauts taken off, nothing else."""
    return len(word) == len(reading) and word.translate(_NO_UMLAUT) == reading.translate(_NO_UMLAUT) \
        and sum(c in "äöüÄÖÜ" for c in reading) < sum(c in "äöüÄÖÜ" for c in word)



# -- the rules, in the order RULES tries them ------------------------------------------------
def listed(c: Case) -> Decision:
    """The user's own word list (``--words``): kept."""
    return KEEP if c.j.lex.is_listed(c.word) else None


def fuer_english_context(c: Case) -> Decision:
    """"fur" beside an English word ("fur coat"): kept."""
    if c.fuer and (c.prev.lower() in _fw("english-context") or c.nxt.lower() in _fw("english-context")):
        return KEEP
    return None


def fuer_not_before_german(c: Case) -> Decision:
    """English "far", "Fr." (Frau), with no German word after it: kept."""
    nxt = c.nxt
    if c.fuer and c.low in _jw("fuer-before-german") and (
            not nxt or c.j.vocab.known(nxt, False) is None or c.j.lex.is_caseless(nxt)):
        return KEEP
    return None


def fuer_far_mid_sentence(c: Case) -> Decision:
    """"Far" capitalised mid-sentence (a name): kept."""
    return KEEP if c.fuer and c.word[:1].isupper() and not c.sentence_start and c.low == "far" else None


def fuer(c: Case) -> Decision:
    """"fur", "fir", "flr", …: "für" as a mis-set OCR run writes it."""
    if not c.fuer:
        return None
    return _verdict("Für" if c.word[:1].isupper() else "für", Confidence.FUER, "misread",
                    "'für' as a mis-set OCR run writes it")


def ueber(c: Case) -> Decision:
    """"ber" before a word, in a text that lost its umlauts: "über" without its ü."""
    if c.low == "ber" and c.lost and c.j.vocab.known(c.nxt, False) is not None:
        return _verdict("Über" if c.word[0] == "B" else "über", Confidence.UEBER, "misread", "'über' without its ü")
    return None


def english_for_german(c: Case) -> Decision:
    """English words the English model makes of German ones, beside German words only: a
    sentence's "Fine Zeugin" is "Eine Zeugin" (``ein-misread``: before a capitalised German
    word that is no English one), "das wire falsch" is "wäre" (``waere-misread``)."""
    w, j = c.word, c.j
    if w in _jw("ein-misread"):
        reading = "E" + w[1:]
        nxt = c.nxt
        label = len(c.prev) <= 2 and c.prev.isalpha() and c.prev.islower() and len(set(c.prev)) == 1  # "aa) Fin"
        german = j.vocab.known(nxt, False) is not None or j.vocab.compound(nxt) is not None
        if (c.sentence_start or label) and nxt[:1].isupper() and german \
                and not j.lex.is_caseless(nxt) and not j._only_english(nxt) and j.vocab.known(reading, True) is not None:
            return _verdict(reading, Confidence.ENGLISH_FOR_GERMAN, "misread",
                            f"'{reading}' at a sentence's start before a German noun: the English model's blurred E")
        return KEEP
    if w in _jw("waere-misread"):
        german = [x for x in (c.prev, c.nxt) if x and j.vocab.known(x, False) is not None and not j.lex.is_caseless(x)]
        if german and not (j._only_english(c.prev) or j._only_english(c.nxt)):
            return _verdict("wäre", Confidence.ENGLISH_FOR_GERMAN, "misread", "'wäre' as the English model reads it, beside German words")
        return KEEP
    return None


def ocr_choice(c: Case) -> Decision:
    """An unknown word Tesseract doubted, where one of its own readings (another choice for
    one or two characters: "Ärbeitsreform" with "A" beside "Ä") is the one known word or
    compound among them: fixed (:func:`~ocr_repair.ocr_confidence.known_reading`)."""
    alts = getattr(c.ocr_conf, "alternatives", ())
    if not alts or not ocr_doubted(c.ocr_conf) or c.fragment or c.real or c.own_compound is not None \
            or not c.suspicious and c.j._english(c.word, c.cands[0] if c.cands else None, c.prev, c.nxt):
        return None
    found = ocr_confidence.known_reading(c.j.vocab, c.word, alts, c.sentence_start)
    if found is None:
        return None
    w, p, compound = found
    return _verdict(w, round(Confidence.OCR_CHOICE - (Confidence.COMPOUND_NEAR_LESS if compound else 0), 2),
                    "misread", f"Tesseract doubted it ({c.ocr_conf:.0f}) and read it also as {w!r} ({p:.0f})",
                    compound=compound)


def acronym_listed(c: Case) -> Decision:
    """An acronym the lexicon lists ("KOMM", "NRW"): kept."""
    return KEEP if c.acronym and c.j.lex.freq(c.word) is not None else None


def acronym_umlaut(c: Case) -> Decision:
    """An unknown acronym whose umlaut twin is a listed one ("OVP" → "ÖVP")."""
    if not c.acronym:
        return None
    lex = c.j.lex
    for cand, _, _ in confusions.candidates(c.word, max_edits=1, umlauts_only=True):
        if cand.isupper() and lex.freq(cand) is not None and not lex.is_caseless(cand):
            return _verdict(cand, Confidence.ACRONYM, "misread", f"the acronym '{cand}'")
    return KEEP  # any other acronym stays


def inner_size_capital(c: Case) -> Decision:
    """"SchadenserSatz", "VOrsätzlicher", "auS": a capital of :data:`SIZE_CAPITALS` inside a
    word that is no word as written, where its small letter makes a word of the lexicon
    (not only of its caseless list: "iPhone", "PowerPoint" stay), and the document writes it
    so only once, and not at the seam of two words ("BahnCard"); written small mid-sentence
    where the capitalised form is no noun."""
    w, lex = c.word, c.j.lex
    inner = [i for i, ch in enumerate(w) if i > 0 and ch.isupper()]
    if not inner or c.freq is not None or not w.isalpha() or w[:1].islower() and inner[0] < 2 \
            or any(w[i] not in SIZE_CAPITALS for i in inner) or len(w) - len(inner) < 2 \
            or c.stats.counts.get(w, 0) > 1:  # written so twice: the author's own ("beSt")
        return None
    known = c.j.vocab.known
    if len(inner) == 1 and 3 <= inner[0] <= len(w) - 3 and known(w[:inner[0]].capitalize(), True) is not None \
            and known(w[inner[0]:], True) is not None:
        return None  # a name in camel case at its parts' seam: "BahnCard", "LandesSportBund"
    fixed = w[0] + w[1:].lower()
    if w[0].isupper() and not c.sentence_start and lex.noun_freq(fixed) is None and lex.freq(fixed.lower()) is not None:
        fixed = fixed.lower()
    if c.j.vocab.known(fixed, c.sentence_start) is None or lex.is_caseless(fixed):
        return None
    return _verdict(fixed, Confidence.SIZE_CAPITAL_SMALL, "misread-case",
                    "a capital inside a word: its small letter at a larger size")


def acronym_small_l(c: Case) -> Decision:
    """Capitals and one small "l" ("GUl", "ClA"): the acronym with its "I" read as "l",
    where the lexicon knows it."""
    if not ACRONYM_L.match(c.word):
        return None
    cand = c.word.replace("l", "I")
    if c.j.lex.freq(cand) is not None:
        return _verdict(cand, Confidence.ACRONYM, "misread", f"the acronym '{cand}' (its I read as l)")
    return None


def mixed_case(c: Case) -> Decision:
    """Mixed case without misread marks ("StR", "BvR", "GmbH", "WarnWetter"): kept."""
    w = c.word
    if any(ch.isupper() for ch in w[1:]) and not c.suspicious:
        return KEEP
    return None


def fragment(c: Case) -> Decision:
    """A part of a hyphenated word that is a word, or short, and has no misread marks: kept."""
    return KEEP if c.fragment and not c.suspicious and (c.freq is not None or len(c.word) < 4) else None


def real_uninflected_adjective(c: Case) -> Decision:
    """"und Öffentlich zugänglich": a small umlaut read as a capital; an uninflected adjective is no noun."""
    w, prev, nxt = c.word, c.prev, c.nxt
    if c.real and c.capital_mid and w[0] in "ÄÖÜ" and nxt[:1].islower() and prev[:1].islower() \
            and w.endswith(UNINFLECTED_ADJECTIVE) and prev.lower() not in _fw("article") \
            and nxt not in _fw("article") | _fw("noun-follower") | (_fw("small") | _fw("before-noun")) \
            and not c.lost:
        # "und Ähnliches", "durch Überschreiben" are nouns
        return _verdict(w[0].lower() + w[1:], Confidence.UNINFLECTED_SMALL, "misread-case",
                        "an uninflected adjective mid-sentence is written small")
    return None


def real_capital_function_word(c: Case) -> Decision:
    """"Abschlüsse Zu machen": the English model reads a small z as a capital one."""
    if c.real and c.capital_mid and c.word in _jw("capital-function-word") and c.nxt[:1].islower() and c.prev:
        return _verdict(c.word.lower(), Confidence.FUNCTION_WORD_SMALL, "misread-case",
                        "a function word mid-sentence is written small")
    return None


#: the letters whose capital is the small one's shape at a larger size: the English model
#: reads the one for the other ("er Zwar neben", "geht Zugunsten der")
SIZE_CAPITALS = frozenset("CKOPSUVWXZ")


def real_size_capital(c: Case) -> Decision:
    """"er Zwar neben": a capital of :data:`SIZE_CAPITALS` mid-sentence on an adverb or
    preposition (``size-capital-adverb`` of ``dictionaries/judge-words-de.tsv``): a word
    that is never a noun nor inflected, so nothing but the misread capitalises it there;
    only after a small word (not after a heading run into the text: "Grexit-Plan Zuvor hatte")."""
    w, lex = c.word, c.j.lex
    if c.real and c.capital_mid and w[0] in SIZE_CAPITALS and c.prev[:1].islower() and w[1:].islower():
        low = w[0].lower() + w[1:]
        if low in _jw("size-capital-adverb") and lex.freq(low) is not None:
            return _verdict(low, Confidence.SIZE_CAPITAL_SMALL, "misread-case",
                            f"a capital {w[0]} mid-sentence on a word that is no noun: the small letter at a larger size")
    return None


def real_as_written(c: Case) -> Decision:
    """A known word with an umlaut or ß, short, or of the lexicon's own lists: kept."""
    w = c.word
    if c.real and (any(ch in "äöüÄÖÜß" for ch in w) or len(w) < 3 or c.j.lex.is_caseless(w)):
        return KEEP
    return None


def real_umlauts_kept(c: Case) -> Decision:
    """A known word in a text that has its umlauts, not capitalised mid-sentence: kept."""
    return KEEP if c.real and not c.lost and not c.capital_mid else None


def real_lasst(c: Case) -> Decision:
    """"lasst" is "lässt" in a text that lost its umlauts, unless "lasst uns/euch"."""
    w = c.word
    if c.real and w in _jw("lasst") and c.lost and c.nxt not in _jw("lasst-object"):
        return _verdict(w[0] + "ä" + w[2:], Confidence.LASST, "misread-context", "'lässt' unless 'lasst uns/euch'")
    return None


def real_sharp_s(c: Case) -> Decision:
    """A known word without umlaut twins but with an "f" the context may read as ß ("lief" → "ließ")."""
    if c.real and not c.twins and c.lost and "f" in c.word[1:]:
        return c.j._context(c.word, c.freq, [], c.prev, c.nxt) or KEEP
    return None


def real_no_twin(c: Case) -> Decision:
    """A known word without an umlaut twin: kept."""
    return KEEP if c.real and not c.twins else None


def real_noun_twin(c: Case) -> Decision:
    """"in Hohe von": an adjective cannot stand capitalised before a lower-case word; the noun twin can."""
    if not c.real:
        return None
    twin, nxt = c.twins[0], c.nxt
    if c.capital_mid and c.lost and twin.word[:1].isupper() and nxt in _fw("noun-follower") \
            and c.prev.lower() not in _fw("dative-contraction") and not c.j.lex.is_caseless(twin.word):
        return _verdict(twin.word, Confidence.NOUN_TWIN, "misread-context", f"noun '{twin.word}' fits before '{nxt}'")
    return None


def real_twin_needs_lost_umlauts(c: Case) -> Decision:
    """A known word with a twin, in a text that has its umlauts: kept."""
    return KEEP if c.real and not c.lost else None


def real_context(c: Case) -> Decision:
    """The context model's say on a known word and its twins (see :mod:`ocr_repair.context`)."""
    if not c.real:
        return None
    said = c.j._context(c.word, c.freq, c.twins, c.prev, c.nxt)
    return None if said is None else said or KEEP


def real_frequent_twin(c: Case) -> Decision:
    """The twin is far more frequent, in a text without umlauts: the twin."""
    if not c.real:
        return None
    twin = c.twins[0]
    tf = twin.score + 100 * twin.cost
    if tf - c.freq >= 150:
        return _verdict(twin.word, Confidence.FREQUENT_TWIN, "misread-real-word",
                        f"'{twin.word}' is {10 ** ((tf - c.freq) / 100):.0f}x more frequent in a text without umlauts")
    return None


def real_similar_twin(c: Case) -> Decision:
    """The twin is about as frequent: both are words, a suspect."""
    if not c.real:
        return None
    twin = c.twins[0]
    if twin.score + 100 * twin.cost - c.freq >= -80:
        return _verdict(twin.word, Confidence.SIMILAR_TWIN, "misread-real-word", "both are words; check the context")
    return None


def real_word(c: Case) -> Decision:
    """Any other known word (its twin far rarer): kept."""
    return KEEP if c.real else None


def english(c: Case) -> Decision:
    """An English word inside German text ("list", "kernel", "safe"): kept."""
    if not c.suspicious and c.j._english(c.word, c.cands[0] if c.cands else None, c.prev, c.nxt):
        return KEEP
    return None


def no_reading_digits(c: Case) -> Decision:
    """Digits in a word no known word is near: a suspect, nothing to offer."""
    if not c.cands and c.suspicious and c.own_compound is None and any(ch.isdigit() for ch in c.word):
        return _verdict(c.word, Confidence.NO_READING, "misread", "looks misread; no known word close to it")
    return None


#: a capitalised part of a hyphenated compound this long is a noun of its own ("Presse-Agerntur")
NOUN_PART_LENGTH = 6


def _noun_part(c: Case) -> bool:
    """A part of a hyphenated word that is a noun of its own: capitalised, long, no mark,
    neither a name the document uses ("Leitner" in "Leitners") nor repeated (a double name);
    read by blurs and umlauts only, no letter dropped or added ("Mikl-Leitners")."""
    w = c.word
    return w[:1].isupper() and w[1:].islower() and len(w) >= NOUN_PART_LENGTH and not c.suspicious \
        and not c.stats.is_name_stem(w) and c.stats.counts.get(w, 0) < 2


def blur(c: Case) -> Decision:
    """An unknown word no confusion explains that one blurred letter of a degraded scan
    makes of a frequent word ("Sozialisien"; :mod:`ocr_repair.noise`): fixed or a suspect."""
    own = c.own_compound
    if not c.cands and (own is None or c.lost and not c.fragment) and (not c.fragment or _noun_part(c)):
        said = noise.judge(c.j.lex, c.j.vocab.known, c.word, c.sentence_start, c.j.vocab.compound, c.lost,
                           letters=not c.fragment)
        if said is not None and own is not None and not noise.outweighs(c.j.vocab.known, said, own):
            said = None  # a valid compound as written ("Radweg"), unless a far more frequent word ("modglich")
        if said is not None:
            conf, why = said[1], said[2]
            if ocr_doubted(c.ocr_conf) and conf == noise.FLAG_CONFIDENCE:  # no rival, only too rare to fix
                conf, why = max(conf, Confidence.OCR_DOUBTED), why + f"; Tesseract doubted it ({c.ocr_conf:.0f})"
            return _verdict(said[0], conf, "noise", why)
    return None


def spelling(c: Case) -> Decision:
    """An unknown word no confusion explains, one edit from a common one: a suspect (``residue``)."""
    if not c.cands and c.own_compound is None and not c.fragment:
        near = residue.suggest(c.j.lex, c.word)
        if near is not None:
            return _verdict(near, Confidence.RESIDUE, "residue", "unknown word, one edit from a common one")
    return None


def no_reading(c: Case) -> Decision:
    """An unknown word no confusion turns into a known one: kept."""
    return KEEP if not c.cands else None


def too_far(c: Case) -> Decision:
    """The best reading is too far from the word as written to be sure: kept."""
    limit = MAX_LOST_COST if c.lost else MAX_PLAIN_COST
    return KEEP if c.best.cost > limit and not c.suspicious else None


def fragment_compound(c: Case) -> Decision:
    """A part of a hyphenated word read as a compound: too weak, kept."""
    return KEEP if c.fragment and c.best.compound and not c.suspicious else None


def small_noun(c: Case) -> Decision:
    """A noun written small, read as a compound ("diverse meldungen", no "meldüngen"): kept."""
    return KEEP if c.best.compound and not c.suspicious and wordforms.small_noun(c.j.lex, c.word) else None


def small_umlaut_capital(c: Case) -> Decision:
    """"in Hilden Uberwacht": a capital U/A/O mid-sentence whose small umlaut reading alone
    is a word (:func:`ocr_repair.ownforms.small_umlaut_reading`): the small ü/ä/ö."""
    if c.sentence_start or c.suspicious or c.fragment:
        return None
    small = ownforms.small_umlaut_reading(c.j.lex, c.j.vocab.known, c.word, c.prev, c.j.vocab.compound)
    if small is None or not any(cand.word == small for cand in c.cands[:3]) \
            or any(r.word.lower() != small for r in c.rivals):
        return None
    return _verdict(small, Confidence.SMALL_UMLAUT_CAPITAL, "misread-case",
                    f"'{small}': a capital {c.word[0]} mid-sentence is the small {small[0]} the English model misreads")


def name_stem(c: Case) -> Decision:
    """"Klosterneuburgern" where the text names "Klosterneuburg": kept."""
    return KEEP if not c.suspicious and c.word[:1].isupper() and c.stats.is_name_stem(c.word) else None


def valid_compound(c: Case) -> Decision:
    """A valid compound as written: changed only to a word the lexicon knows, where the text lost its umlauts."""
    return KEEP if c.own_compound is not None and (c.best.compound or not c.lost) else None


def repeated_name(c: Case) -> Decision:
    """A capitalised word the document repeats (a name), in a text that has its umlauts: kept."""
    if c.stats.counts.get(c.word, 0) >= 2 and not c.suspicious and not c.lost and c.word[:1].isupper():
        return KEEP
    return None


def misread(c: Case) -> Decision:
    """The best reading, as sure as its evidence (see :class:`Confidence`)."""
    word, best, stats, suspicious = c.word, c.best, c.stats, c.suspicious
    noise_rivals = False  # the noise model knows another word one blur away
    if suspicious:
        conf = Confidence.SUSPICIOUS
    elif c.lost:
        conf = Confidence.UMLAUTS_LOST
    elif best.plain:
        conf = Confidence.PLAIN
    elif best.cost <= ONE_CONFUSION_COST or (best.cost <= BLUR_COST and len(word) >= 8 and not best.compound
                                             and best.score + 100 * best.cost >= BLUR_ZIPF):
        # one usual confusion, or one blurred letter of a long, frequent word
        # ("Kriminalpolizel", "Festnabme"): strong evidence where no rival is near
        conf = Confidence.ONE_CONFUSION
    else:
        conf = Confidence.OTHER
        said = None if best.compound or best.plain else noise.judge(c.j.lex, c.j.vocab.known, word, c.sentence_start,
                                                                              c.j.vocab.compound)
        if said is not None and said[0] == best.word:
            conf = said[1]  # "soliten": one blurred letter of a frequent word, no rival (noise.py)
        noise_rivals = said is not None and said[1] < noise.FLAG_CONFIDENCE
    doubted = ocr_doubted(c.ocr_conf) and best.cost <= OCR_DOUBT_COST and not c.rivals and not noise_rivals \
        and conf < Confidence.OCR_DOUBTED
    if doubted:  # one confusion from a word Tesseract itself doubted ("Gebaude" at 41)
        conf = Confidence.OCR_DOUBTED
    if best.compound:
        conf -= Confidence.COMPOUND_NEAR_LESS if best.cost < COMPOUND_NEAR_COST or suspicious \
            else Confidence.COMPOUND_FAR_LESS
    if c.own_compound is not None:
        conf = min(conf, Confidence.OWN_COMPOUND_AT_MOST)
    raw = best.score + 100 * best.cost
    if not suspicious and _unspecks(word, best.word) and raw < SPECK_ZIPF and c.j._umlaut_in_a_part(word):
        conf = min(conf, Confidence.SPECK_AT_MOST)  # "entlöhnen" is no speck on "entlohnen": too rare to tell
    if not suspicious and word[:1].isupper() and best.plain and (
            word in stats.after_capital and stats.counts.get(word, 0) >= 2 and raw < NAME_RIVAL_ZIPF
            and not c.j.lex.is_caseless(best.word)
            or not c.sentence_start and c.nxt in _jw("street") and word.endswith("er")
            and (best.compound or raw < NAME_RIVAL_ZIPF)):
        # "Irmgard Griss" is no "Grüß", "Gummersbacher Straße" no "Gümmersbacher": a
        # capitalised word in a name's place gets umlauts only toward a frequent word
        conf = min(conf, Confidence.NAME_PLACE_AT_MOST)
    if len(best.word) <= wordforms.SHORT and c.j.lex.is_caseless(best.word) and raw < wordforms.JUNK_ZIPF:
        conf = min(conf, Confidence.SHORT_RARE_AT_MOST)  # "iim" -> "äm", "Ma" -> "Mä"
    if c.rivals:
        conf = min(conf, Confidence.RIVALS_AT_MOST)
    why = f"{'compound' if best.compound else 'lexicon'} word, confusion cost {best.cost:.1f}"
    if c.own_compound is not None:
        why += "; the original is a rarer compound"
    if doubted:
        why += f"; Tesseract doubted it ({c.ocr_conf:.0f})"
    after = wordforms.attributive(c.j.lex, best.word, c.sentence_start, c.nxt) or best.word  # "im Offentlichen Wohnbau"
    if after != best.word:
        conf = min(conf, Confidence.ATTRIBUTIVE_AT_MOST)
    return _verdict(after, round(conf, 2), "misread", why, [r.word for r in c.rivals[:3]], best.compound)


def own_forms(c: Case) -> Decision:
    """A word whose own forms the lexicon knows, its reading's not: the reading a suspect
    ("Nina Proll" beside "Prolls", no "Prölls"; "halst sich … auf" of "aufhalsen")."""
    why = None if c.suspicious else ownforms.own_forms(c.j.lex, c.word, c.best.word)
    if why is None:
        return None
    v = misread(c)
    if isinstance(v, Verdict) and v.confidence > Confidence.OWN_FORMS_AT_MOST:
        v.confidence, v.why = Confidence.OWN_FORMS_AT_MOST, f"{v.why}; {why}"
    return v


#: the judge: its rules in the order they are tried; the first that decides wins, and the last always does
RULES: tuple[Rule, ...] = tuple(Rule(fn.__name__.replace("_", "-"), fn) for fn in (
    listed,
    # "für" as a mis-set run writes it
    fuer_english_context, fuer_not_before_german, fuer_far_mid_sentence, fuer,
    ueber, english_for_german,
    # a scan's unknown word and Tesseract's own other readings of it
    ocr_choice,
    # acronyms and mixed case
    acronym_listed, acronym_umlaut, acronym_small_l, inner_size_capital, mixed_case,
    fragment,
    # a known word: a misread of its umlaut twin only where the text lost its umlauts
    real_uninflected_adjective, real_capital_function_word, real_size_capital, real_as_written, real_umlauts_kept, real_lasst,
    real_sharp_s, real_no_twin, real_noun_twin, real_twin_needs_lost_umlauts, real_context,
    real_frequent_twin, real_similar_twin, real_word,
    # an unknown word and the known words confusions turn it into
    english, no_reading_digits, blur, spelling, no_reading,
    too_far, fragment_compound, small_noun, small_umlaut_capital, name_stem, valid_compound, repeated_name,
    own_forms, misread,
))
