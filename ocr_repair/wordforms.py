"""What a word's form says about the readings the judge may choose between.

Small predicates of German word formation that the misread judge asks (hooks in
:mod:`ocr_repair.misreads`; made-up cases in ``tests/cases/repair/mis-set-wordforms.tsv``):

* :func:`nominalisable`: a capital after an article makes a noun only of a word that can
  be one: an inflected adjective or an infinitive ("des Üblichen", "beim Öffnen"), never
  an adverb or a preposition ("die Uberhaupt noch" is "die überhaupt noch", "der Uber
  kriminelle" is "der über kriminelle").
* :func:`attributive`: a capitalised reading that is no noun, mid-sentence, before a noun
  is an adjective, written small ("im Offentlichen Wohnbau" → "im öffentlichen Wohnbau")
  (applied at 0.85 at most: a proper name keeps its capital).
* :func:`small_noun`: a lower-case word whose capitalised form is a noun of the lexicon is
  that noun written small (a forum post's "diverse meldungen"), not a misread of a
  compound the lexicon lacks ("meldüngen").
"""

from __future__ import annotations

from .knowledge import function_words
from .lexicon import Lexicon

#: a word of at most SHORT letters that only the frequency list knows, rarer than
#: JUNK_ZIPF (Zipf×100), is no reading to apply: the list carries OCR and web junk
#: ("iim" is no "äm", "fii" no "fü", "Ma" no "Mä"); its long words are mostly compounds
#: igerman98 lacks ("Beschwerdeführer"), which stay readings
SHORT = 3
JUNK_ZIPF = 300

#: endings of the forms a noun is made of: inflected adjectives, infinitives
NOMINAL_ENDINGS = ("e", "en", "em", "er", "es", "n")


def nominalisable(word: str) -> bool:
    """Whether ``word`` (lower case) may stand capitalised as a noun after an article."""
    low = word.lower()
    return low.endswith(NOMINAL_ENDINGS) and not any(
        low in function_words(kind) for kind in ("noun-marker", "article", "small", "before-noun", "auxiliary"))


def small_noun(lex: Lexicon, word: str) -> bool:
    """Whether ``word``, written small, is a noun of the lexicon ("meldungen")."""
    return word.islower() and len(word) >= 4 and lex.noun_freq(word[0].upper() + word[1:]) is not None


def attributive(lex: Lexicon, reading: str, sentence_start: bool, nxt: str) -> str | None:
    """The small form of a capitalised reading that is no noun, mid-sentence, before a
    noun: an attributive adjective ("im Offentlichen Wohnbau" is "im öffentlichen
    Wohnbau"; the English model reads a small ö at a word's start as a capital O); None
    where the reading stays as it is."""
    if sentence_start or reading[:1] not in "ÄÖÜ" or not reading[1:].islower() or not nxt[:1].isupper():
        return None
    if lex.freq(reading) is not None or lex.noun_freq(reading) is not None or lex.noun_freq(nxt) is None:
        return None
    small = reading[0].lower() + reading[1:]
    return small if lex.freq(small) is not None and not lex.is_caseless(small) else None
