"""The ``numbers`` fix (a 1 OCR read as l, | or I; a square metre's ² read as ?), beside
:mod:`ocr_repair.fixes`, whose :data:`~ocr_repair.fixes.FIXES` lists it."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

Edit = tuple[int, int, str, float, str]
#: a valid Roman numeral (also the ``roman_numerals`` fix's test)
_VALID_ROMAN = regex.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")


# -- numbers: a 1 read as l, | or I; a square metre's ² read as ? ------------------------------

_MONTHS = ("Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember")
#: "vom l. Dezember 2017", "am |, Mai": the first day of a month (no Roman numeral counts days)
_FIRST_OF_MONTH = regex.compile(r"(?<![\w.,])[|lI][.,](?=[ \t]+(?:" + "|".join(_MONTHS) + r")[ \t]+\d{4}\b)")
#: a line's list label read as "l." or "|." (never a word nor a numeral)
_LINE_LABEL = regex.compile(r"^([ \t]*)[|l]\.(?=[ \t]+\p{L})", regex.M)
#: a statute's sentence numbers glued to their sentences ("3Praktikant ist, wer"), and an
#: "l" so glued at a line's start ("lDieses Gesetz"): the document's own "1"
_GLUED_NUMBER = regex.compile(r"(?:^|(?<=[.;:] ))[2-9]\p{Lu}\p{Ll}{2,}", regex.M)
_GLUED_ONE = regex.compile(r"^[ \t]*\Kl(?=\p{Lu}\p{Ll}{2,})", regex.M)
#: the next list label of a line, Arabic or Roman
_NEXT_LABEL = regex.compile(r"^[ \t]*(\d{1,2}|[IVX]{1,5})\.[ \t]+\p{L}", regex.M)
#: a court's senate or chamber numbered "|." or "l." ("Der |. Zivilsenat"), or "I." where the
#: document numbers that same body "1." elsewhere
_BODY = regex.compile(r"(?<=\p{L}[ \t]+)(?P<n>[|lI])\.(?=[ \t]+(?P<body>\p{Lu}\p{Ll}*(?:senat|kammer)|Senat|Kammer)\b)")
#: a square or cubic unit after a number: "143,69 m?", "90 km?"
_SQUARE = regex.compile(r"(?<=\d[ \t\u00a0]?(?:[kcdm]?m))\?(?=[ \t]*(?:[.,;:)]|$))", regex.M)
_SQUARE_DIGIT = regex.compile(r"(?<=\d[ \t\u00a0]?(?:[kcdm]?m))2(?=[.,;:)]|[ \t]|$)", regex.M)
#: the senate numbers of court file numbers ("I ZR 12/20", "BVerwG 1 C 6.21")
#: (as read: "BVerwG | C 6.21", "- | ZR 12/20")
_FILE_ROMAN = regex.compile(r"(?:\b[IVX]{1,4}|(?<!\S)\|)[ \t]+(?:ZR|ZB)[ \t]+\d+/\d+|\b[IVX]{1,4}[ \t]+[RB][ \t]+\d+/\d+")
_FILE_ARABIC = regex.compile(r"\bBVerwG[ \t]+[\d|]|\b\d{1,2}[ \t]+StR[ \t]+\d+/\d+")
#: the Bundesverwaltungsgericht numbers its senates in Arabic: "BVerwG I WB 29.21" is "1 WB"
_BVERWG_ONE = regex.compile(r"(?<=\bBVerwG[ \t]+)[Il](?=[ \t]+\p{Lu})")


#: a senate's Roman number with a small i ("Via ZR 100/21", "der Via. Zivilsenat"): before a
#: senate or a court register and its file number, never the word "via"
_ROMAN_SMALL_I = regex.compile(r"(?<![\w.-])(?=[IVX])(?P<n>[IVX]*i[IVX]*[a-h]?)(?=\.?[ \t]+(?:\p{Lu}\p{Ll}*senat(?:s|es)?\b"
                               r"|(?:ZR|ZB|StR|AZR|R|B)[ \t]+\d+/\d+))")


#: counted words a capitalised "SO" may stand before as a word ("SO Mal nicht", "SO Tag für Tag")
_FIFTY_NOT_BEFORE = frozenset({"Uhr", "Jahr", "Monat", "Woche", "Tag", "Stunde", "Minute", "Mal"})


@functools.cache
def _fifty():
    """"mehr als SO Millionen": "SO", "S0" or "5O" before a counted word of
    ``dictionaries/units-de.tsv`` (a number's place; "SO" is no word there) is 50."""
    from .knowledge import units

    counted = "|".join(regex.escape(w) + (r"\b" if whole else "") for w, whole in units("count")
                        if w[:1].isalpha() and w not in _FIFTY_NOT_BEFORE)
    return regex.compile(r"(?<![\w.,-])(?:SO|S0|5O)(?=[ \t\n]+(?:" + counted + r"))")


def _label_after(text: str, end: int) -> str | None:
    m = _NEXT_LABEL.search(text, end)
    return m.group(1) if m else None


def numbers(text: str) -> Iterator[Edit]:
    """A 1 OCR read as ``l``, ``|`` or ``I``, and the ``²`` of m² read as ``?``:

    - ``vom l. Dezember 2017`` → ``vom 1. Dezember 2017`` (a day is never Roman);
    - a line's label ``l.`` / ``|.`` is the first of its list: ``1.`` where the next label
      is ``2.``, ``I.`` where it is ``II.`` or a ``1.`` (the Arabic list under it), ``1.``
      before a small word where no label follows (a clause's items);
    - ``lDieses Gesetz`` at a line's start, in a document that glues its sentence numbers
      ("3Praktikant ist"), is ``1Dieses``;
    - ``Der |. Zivilsenat``: the number the document gives that body elsewhere ("1.
      Senat", "I. Senat"), else the kind of its file numbers ("I ZR 1/20" Roman, "BVerwG 1
      C 2.21" Arabic); an ``I.`` only where the same body is "1." elsewhere;
    - ``BVerwG I WB 29.21`` → ``BVerwG 1 WB 29.21`` (that court's senates are Arabic);
    - ``Via ZR 100/21``, ``der Via. Zivilsenat`` → ``VIa``: a Roman senate number with a small i;
    - ``mehr als SO Millionen`` → ``50 Millionen`` (before a counted word);
    - ``143,69 m?`` → ``m²``; ``m2`` → ``m²`` only where the document writes m² (or m?).
    """
    for m in _FIRST_OF_MONTH.finditer(text):
        yield m.start(), m.end(), "1.", 0.9, "the first of a month: '1.'"
    for m in _LINE_LABEL.finditer(text):
        nxt = _label_after(text, m.end())
        fixed = {"2": "1.", "II": "I.", "1": "I."}.get(nxt or "")
        if nxt is None and text[m.end():m.end() + 2].lstrip(" \t")[:1].islower():
            fixed = "1."  # "l. ein Praktikum, das …": a clause's item is counted in Arabic
        if fixed:
            yield m.end(1), m.end(), fixed, 0.85, f"a list's first label, before '{nxt}.'"
    if _GLUED_NUMBER.search(text):
        for m in _GLUED_ONE.finditer(text):
            yield m.start(), m.end(), "1", 0.85, "'1', a sentence number glued to its sentence as the document's others"
    for m in _BODY.finditer(text):
        body = m["body"]
        named = {g for g in regex.findall(r"\b(\d{1,2}|[IVX]{1,4})\.[ \t]+" + body + r"\b", text) if g != "I"}
        if "1" in named and "I" not in named:
            fixed = "1."
        elif m["n"] == "I":
            continue
        elif named - {"1"} and all(not g.isdigit() for g in named):
            fixed = "I."
        elif _FILE_ARABIC.search(text) and not _FILE_ROMAN.search(text):
            fixed = "1."
        elif _FILE_ROMAN.search(text) and not _FILE_ARABIC.search(text):
            fixed = "I."
        else:
            continue
        yield m.start("n"), m.end("n") + 1, fixed, 0.85, f"the number of a court's {body}"
    for m in _ROMAN_SMALL_I.finditer(text):
        fixed = m["n"].replace("i", "I")
        if _VALID_ROMAN.match(fixed.rstrip("abcdefgh")):
            yield m.start(), m.end(), fixed, 0.85, "a senate's Roman number with a small i"
    for m in _fifty().finditer(text):
        yield m.start(), m.end(), "50", 0.85, "'50' before a counted word"
    for m in _BVERWG_ONE.finditer(text):
        yield m.start(), m.end(), "1", 0.85, "'1', a senate of the Bundesverwaltungsgericht"
    squares = list(_SQUARE.finditer(text))
    for m in squares:
        yield m.start(), m.end(), "²", 0.85, "a square unit's '²' read as '?'"
    if squares or "m²" in text:
        for m in _SQUARE_DIGIT.finditer(text):
            yield m.start(), m.end(), "²", 0.85, "a square unit's '²' read as '2', as the document writes m²"
