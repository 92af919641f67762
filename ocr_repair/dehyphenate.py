"""Words split by line-break hyphens: join them, keep real hyphens, keep suspended ones.

``Integrati-\\nonszentren`` is one word split by the typesetter; ``Nordrhein-\\nWestfalen``
and ``KOMM-\\nAN`` carry a real hyphen that happens to fall at a line end; ``Bildungs-\\nund``
is a suspended hyphen ("Bildungs- und Förderangebote"). The decision uses the case of the
continuation, the lexicon (is the joined form a word or a valid compound? the hyphenated
one?) and the rest of the document (is the word written elsewhere, joined or hyphenated?).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import regex

from .knowledge import function_words as _fw  # dictionaries/function-words-de.tsv, read once

HYPHENS = "-\u00ad\u2010\u2011"

#: word, hyphen, line break (blank lines and a form feed too: a page or paragraph break
#: inside a word), word
SPLIT_RE = regex.compile(
    r"(?P<a>[\p{L}\p{M}0-9]+)(?P<h>-[-\u2010\u2011]|[" + HYPHENS + r"])[ \t]*\r?\n(?:[ \t\f]*\r?\n)*[ \t\f]*(?P<h2>-(?=\p{L}))?(?P<b>[\p{L}\p{M}0-9&]+)"
)

class Join(enum.Enum):
    join = "join"  #: one word split by the typesetter: "Integrationszentren"
    keep = "keep"  #: a real hyphen: "Nordrhein-Westfalen"
    suspended = "suspended"  #: "Bildungs- und"


@dataclass(slots=True)
class Split:
    start: int  #: start of the first part
    end: int  #: end of the second part
    a: str
    hyphen: str
    b: str


def find_splits(text: str) -> list[Split]:
    return [Split(m.start("a"), m.end("b"), m["a"], m["h"] + (m["h2"] or ""), m["b"]) for m in SPLIT_RE.finditer(text)]


#: "Schädel-Hirn- Trauma": a space OCR put after a compound's hyphen (a suspended hyphen
#: is followed by "und", "oder" or a comma instead)
SPACED_RE = regex.compile(r"(?<=\p{L}\p{L})-[ \t](?=(?P<b>\p{Lu}\p{Ll}+))")


#: a dash glued to the word it opens (" -insoweit"), and a dash glued to the word it closes
#: ("unstreitigen- "): an aside set off by dashes without their spaces
_OPENING_DASH_RE = regex.compile(r"(?<!\S)[-–—](?=\p{L})")
_CLOSING_DASH_RE = regex.compile(r"(?<=\p{L})[-–—](?=\s)")


def _closes_aside(text: str, hyphen: int) -> bool:
    """Whether the hyphen at ``hyphen`` closes an aside that a glued dash opened earlier on
    its line ("der -insoweit unstreitigen- Steuerermäßigung"): the author's dash, no compound."""
    line_start = text.rfind("\n", 0, hyphen) + 1
    opening = None
    for opening in _OPENING_DASH_RE.finditer(text, line_start, hyphen):
        pass
    return opening is not None and _CLOSING_DASH_RE.search(text, opening.end(), hyphen) is None


def find_spaced(text: str) -> list[tuple[int, int]]:
    """Spans of "- " inside hyphenated compounds ("Holding- Unternehmen"), not the closing
    dash of an aside ("-insoweit unstreitigen- Steuer")."""
    return [(m.start(), m.end()) for m in SPACED_RE.finditer(text)
            if m["b"].lower() not in _fw("suspender") and not _closes_aside(text, m.start())]


class Hyphenated(frozenset):
    """The document's hyphenated words (lower case), with the set of their first parts
    (``firsts``: "nordrhein" of "nordrhein-westfalen"), made once for all its splits."""

    def __new__(cls, words):
        self = super().__new__(cls, words)
        self.firsts = frozenset(h.split("-", 1)[0] for h in self)
        return self


def first_parts(hyphenated) -> frozenset[str]:
    """The first parts of ``hyphenated`` words: a part ``a`` (no hyphen in it) is followed by
    a hyphen at the start of one of them exactly when ``a.lower()`` is one of these."""
    firsts = getattr(hyphenated, "firsts", None)
    return firsts if firsts is not None else frozenset(h.split("-", 1)[0] for h in hyphenated)


def decide(split: Split, is_word, doc_joined: set[str], doc_hyphenated: set[str], hyphen_prefix,
           misread_join=None) -> Join:
    """How to rejoin ``split``.

    ``is_word(w)`` says whether ``w`` (after misread repair) is a word or a valid compound;
    ``doc_joined`` / ``doc_hyphenated`` hold the lower-cased words the document writes
    elsewhere, on one line, without / with a hyphen; ``hyphen_prefix(a)`` says whether a
    known name begins with ``a-`` ("Nordrhein-" of "Nordrhein-Westfalen");
    ``misread_join(a, b)`` whether the joined form is a sure misread of a word while ``b``
    alone is none.
    """
    a, b = split.a, split.b
    if split.hyphen == "\u00ad":
        return Join.join  # a soft hyphen only ever marks a break
    if len(split.hyphen) == 2:
        # "Bank--\nAustria": the compound's own hyphen, then the break's; "Einwohner-\n-Stadt":
        # the hyphen repeated at the start of the next line
        return Join.keep
    if a[-1].isdigit() or b[0].isdigit():
        return Join.keep  # "10-20", "57-jährig": never one number or word, never "10- 20"
    if b.lower() in _fw("suspender"):
        # "Bildungs-\nund Förderangebote"; joined only where the text writes the word so
        return Join.join if (a + b).lower() in doc_joined else Join.suspended
    joined, hyphenated = (a + b).lower(), f"{a}-{b}".lower()
    if hyphenated in doc_hyphenated and joined not in doc_joined:
        return Join.keep
    if joined in doc_joined:
        return Join.join
    if misread_join is not None and (b[0].isupper() or a.isupper()) and misread_join(a, b):
        # "au-\nBerhalb", "EI-\ntern": a misread capital (ß read as B, l as I) made the
        # break look like a compound's or an acronym's hyphen
        return Join.join
    if b[0].isupper():
        return Join.keep  # "Nordrhein-Westfalen", "Internet-Adresse", "KOMM-AN"
    if hyphen_prefix(a) or a.lower() in first_parts(doc_hyphenated):
        return Join.keep  # "nordrhein-westfälischen" beside "Nordrhein-Westfalen"
    if a.isupper() and len(a) > 1:
        return Join.keep  # "EU-weit", "IT-gestützt"
    if not is_word(a + b) and is_word(a) and is_word(b) and a[0].isupper() == (a + b)[0].isupper():
        # both halves are words and the joined form is none: a compound written with a hyphen
        return Join.keep if len(b) > 3 and len(a) > 3 else Join.join
    return Join.join
