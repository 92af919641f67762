"""What a word's own forms say about a misread reading (the judge's ``small-umlaut-capital``
and ``own-forms`` rules in :mod:`ocr_repair.judge_rules`; made-up cases in
``tests/cases/repair/misreads.tsv`` and ``mis-set-wordforms.tsv``):

* :func:`small_umlaut_reading`: "in Hilden Uberwacht" is "überwacht": the English model
  reads a small ü/ä/ö at a word's start as a capital U/A/O; mid-sentence, where only the
  small umlaut reading is a word, that reading is meant.
* :func:`own_forms`: a word whose own forms the lexicon lists, its reading's not, is no
  misread to fix: "Nina Proll" beside "Prolls" (no "Prölls"); "halst sich … auf", a form
  of "aufhalsen" (no "halsen").
"""

from __future__ import annotations

from .knowledge import function_words, judge_words
from .lexicon import Lexicon
from .vocabulary import english_zipf
from .wordforms import nominalisable

_SMALL_UMLAUT = {"U": "ü", "A": "ä", "O": "ö"}
#: a word of at least this many letters ("Uber", the company, is no "über")
SMALL_UMLAUT_LETTERS = 6
#: a separable verb the lexicon lists at least this frequent (Zipf×100; not igerman98's
#: bare forms at 0, "herausfuhren")
PARTICLE_VERB_ZIPF = 100
#: endings after which a capitalised word's "-s" form says nothing of the word: "Umstande"
#: + "s" is the genitive of "Umstand", "Lander" + "s" a plural of its own
OWN_FORMS_NOT_AFTER = ("s", "e", "er", "el", "en", "em")


def small_umlaut_reading(lex: Lexicon, known, word: str, prev: str, compound) -> str | None:
    """The small umlaut reading of a capitalised ``word`` mid-sentence ("Uberwacht" →
    "überwacht"), or None: it must be a word whose capital form is no word nor name, and
    no noun (an inflected adjective or an infinitive, "Überlebende", "Überreden", may be
    one), and ``prev`` no article or noun marker. ``known(word, sentence_start)`` and
    ``compound(word)`` are the vocabulary's."""
    if len(word) < SMALL_UMLAUT_LETTERS or word[0] not in _SMALL_UMLAUT or not word[1:].islower() \
            or prev.lower() in function_words("article") | function_words("noun-marker"):
        return None
    small = _SMALL_UMLAUT[word[0]] + word[1:]
    capital = small[0].upper() + small[1:]
    # the caseless frequency list knows no capitals: there only the case-aware lexicon's say counts
    capital_word = not lex.is_caseless(capital) and (lex.freq(capital) is not None or lex.noun_freq(capital) is not None)
    if lex.freq(small) is None or capital_word or known(word[0].lower() + word[1:], False) is not None \
            or nominalisable(small):
        return None
    if lex.is_caseless(small) and not (small.endswith("t") and compound(capital) is None):
        return None  # the caseless list's "überwachungskamera" is a noun; its "überplant" a participle
    return small


def _verb_of_particle(lex: Lexicon, word: str) -> bool:
    """Whether lower-case ``word`` ("halst") is a present form (-t, -st) of a separable
    verb the lexicon lists ("aufhalsen") whose simple verb it lacks ("halsen")."""
    for ending in ("st", "t"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and lex.freq(stem + "en") is None:
            if any((lex.freq(p + stem + "en") or 0) >= PARTICLE_VERB_ZIPF for p in judge_words("verb-particle")):
                return True
    return False


def own_forms(lex: Lexicon, word: str, reading: str) -> str | None:
    """Why ``word``'s own forms make ``reading`` doubtful, or None: a capitalised word whose
    -s form the lexicon lists (not an English plural), its reading's not ("Proll":
    "Prolls", no "Prölls"); a lower-case form of a separable verb ("halst": "aufhalsen")."""
    if len(word) < 4 or not word[1:].islower():
        return None
    if word[0].isupper():
        if word.endswith(OWN_FORMS_NOT_AFTER) or lex.freq(word + "s") is None or lex.freq(reading + "s") is not None \
                or english_zipf(word + "s") is not None:
            return None  # "Umstande"+"s" is the singular's genitive, "Turks" English
        return f"'{word}s' is a word, '{reading}s' none"
    if _verb_of_particle(lex, word) and not _verb_of_particle(lex, reading):
        return f"'{word}' is a form of a separable verb"
    return None
