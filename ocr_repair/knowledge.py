"""German knowledge as data: the word lists under ``dictionaries/``, each read once.

Every list is a plain UTF-8 file with a ``#`` comment header, found through
:func:`ocr_repair.lexicon.data_file` (no importlib.resources at ``check``'s start) and read
at first use only (functools.cache). A word list goes into one of these files, never into
a Python literal (``tests/test_knowledge.py`` checks it).
"""

from __future__ import annotations

import functools

#: the one abbreviation list: ``abbreviation<TAB>uses``
ABBREVIATIONS_FILE = "abbreviations-de.txt"
#: function words and their classes: ``word<TAB>classes``
FUNCTION_WORDS_FILE = "function-words-de.tsv"
#: registers of court file numbers: ``register<TAB>uses``
COURT_REGISTERS_FILE = "court-registers-de.tsv"
#: words of legal citations: ``word<TAB>uses``
CITATIONS_FILE = "citations-de.tsv"
#: units and counted words after a number: ``word<TAB>uses``
UNITS_FILE = "units-de.tsv"
#: the few words the misread judge names: ``word<TAB>kinds``
JUDGE_WORDS_FILE = "judge-words-de.tsv"
#: the OCR confusions: ``seen<TAB>meant<TAB>cost<TAB>kinds``
CONFUSIONS_FILE = "confusions-de.tsv"
#: the blurred letters of degraded scans (:mod:`ocr_repair.noise`), in the same format
NOISE_CONFUSIONS_FILE = "noise-confusions-de.tsv"
#: every ``word<TAB>tags`` file a loader here reads (the test checks that each exists and has its header)
FILES = (ABBREVIATIONS_FILE, FUNCTION_WORDS_FILE, COURT_REGISTERS_FILE, CITATIONS_FILE, UNITS_FILE,
         JUDGE_WORDS_FILE)


def _rows(name: str) -> list[list[str]]:
    from .lexicon import data_file

    text = data_file(name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@functools.cache
def _tagged(name: str) -> dict[str, frozenset[str]]:
    """``word<TAB>tag,tag`` rows of ``name`` as tag -> the words with that tag."""
    out: dict[str, set[str]] = {}
    for row in _rows(name):
        for tag in row[1].split(","):
            out.setdefault(tag.strip(), set()).add(row[0].strip())
    return {tag: frozenset(words) for tag, words in out.items()}


def abbreviations(use: str) -> frozenset[str]:
    """The abbreviations (without their final stop) that count for ``use``: ``sentence``,
    ``line``, ``comma``, ``foreign``, ``lexicon`` (see the file's header)."""
    return _tagged(ABBREVIATIONS_FILE).get(use, frozenset())


def function_words(kind: str) -> frozenset[str]:
    """The function words of one class (``article``, ``auxiliary``, …; see the file's header)."""
    return _tagged(FUNCTION_WORDS_FILE).get(kind, frozenset())


@functools.cache
def _ordered(name: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """``word<TAB>tag,tag`` rows of ``name`` in the file's order."""
    return tuple((row[0].strip(), frozenset(t.strip() for t in row[1].split(","))) for row in _rows(name))


def court_registers(use: str) -> tuple[str, ...]:
    """The court registers (``ZR``, ``StR``, …) that count for ``use`` (``glued``, ``senate``),
    in the file's order: a regex alternation is built from them."""
    return tuple(word for word, uses in _ordered(COURT_REGISTERS_FILE) if use in uses)


def citation_words(use: str) -> tuple[str, ...]:
    """Words of legal citations (``Abs.``, ``Satz``, ``BGB``, …) that count for ``use``
    (``context``, ``before``, ``law``, ``one-in``, ``one-after``, ``one-before``), in the
    file's order: the regexes of :mod:`ocr_repair.fixes` are built from them."""
    return tuple(word for word, uses in _ordered(CITATIONS_FILE) if use in uses)


def units(use: str) -> tuple[tuple[str, bool], ...]:
    """The units and counted words after a number (``Uhr``, ``Euro``, ``%``) that count for
    ``use`` (``count``), in the file's order, each with whether it counts only as a whole word."""
    return tuple((word, "whole" in uses) for word, uses in _ordered(UNITS_FILE) if use in uses)


@functools.cache
def confusions(name: str = CONFUSIONS_FILE) -> tuple[tuple[str, str, float, frozenset[str]], ...]:
    """The OCR confusions ``(seen, meant, cost, kinds)`` of a confusion table (by default
    the engine's; :data:`NOISE_CONFUSIONS_FILE`: a degraded scan's blurred letters) in the
    file's order (the order they are tried); kinds: ``swap``, ``blur``, ``inner``, ``speck``
    (see the file's header)."""
    out = []
    for row in _rows(name):
        seen, meant, cost, kinds = row[:4]
        out.append((seen, meant, float(cost), frozenset(k for k in kinds.split(",") if k not in ("", "-"))))
    return tuple(out)


def judge_words(kind: str) -> frozenset[str]:
    """The words of one kind the misread judge names (``fuer-misread``, ``street``, …; see the file's header)."""
    return _tagged(JUDGE_WORDS_FILE).get(kind, frozenset())
