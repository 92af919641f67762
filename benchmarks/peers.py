"""The peer tools ocr-repair is measured against; each repairs a text (text -> text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import regex
import wordfreq
from spellchecker import SpellChecker
from symspellpy import SymSpell, Verbosity

#: the igerman98 word list (Debian package wngerman)
NGERMAN = Path("/usr/share/dict/ngerman")

_HYPHENATED_BREAK = re.compile(r"(\w)-\n(?=[a-zäöüß])")
_WORD = regex.compile(r"\p{L}+")


def naive_dehyphenate(text: str) -> str:
    """Join every letter, hyphen, line break, lowercase letter (real hyphens are lost too)."""
    return _HYPHENATED_BREAK.sub(r"\1", text)


def match_case(original: str, word: str) -> str:
    """``word`` with the case pattern of ``original`` (all caps, or capitalised)."""
    if len(original) > 1 and original.isupper():
        return word.upper()
    if original[0].isupper():
        return word[:1].upper() + word[1:]
    return word


def _correct_words(text: str, correct: Callable[[str], str | None]) -> str:
    """Replace each run of letters ``w`` by ``correct(w.lower())``, in ``w``'s case.

    ``w`` stays as it is when ``correct`` gives nothing or ``w`` itself.
    """

    def replace(match: regex.Match) -> str:
        original = match.group()
        lowered = original.lower()
        suggestion = correct(lowered)
        return match_case(original, suggestion) if suggestion and suggestion != lowered else original

    return _WORD.sub(replace, text)


class SymspellPeer:
    """symspellpy over the igerman98 word list, with word counts from wordfreq."""

    def __init__(self, wordlist: Path = NGERMAN) -> None:
        self.symspell = SymSpell(max_dictionary_edit_distance=2)
        entries = {line.strip().lower() for line in wordlist.read_text(encoding="utf-8").splitlines()}
        entries.discard("")
        for word in entries:
            # wordfreq folds ß to ss itself: "straße" and "strasse" share one count
            count = max(1, round(wordfreq.word_frequency(word, "de") * 1e9))
            self.symspell.create_dictionary_entry(word, count)

    def _top(self, word: str) -> str | None:
        suggestions = self.symspell.lookup(word, Verbosity.TOP, max_edit_distance=2)
        return suggestions[0].term if suggestions else None

    def __call__(self, text: str) -> str:
        return _correct_words(naive_dehyphenate(text), self._top)


class PyspellPeer:
    """pyspellchecker's German dictionary, correcting the words it does not know."""

    def __init__(self) -> None:
        self.checker = SpellChecker(language="de", distance=2)

    def __call__(self, text: str) -> str:
        text = naive_dehyphenate(text)
        unknown = self.checker.unknown(_WORD.findall(text))  # lower-cased
        return _correct_words(text, lambda w: self.checker.correction(w) if w in unknown else None)
