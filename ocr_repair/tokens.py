"""Words, protected spans and sentence positions in OCR'd text."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

#: a word as OCR leaves it: letters, with digits and "&" glued in where misreads put them
#: ("Ful3ball", "er6ffnen", "6ffentlichen", "Versto&", "gema&")
WORD_RE = regex.compile(
    r"""
    (?<![0-9]) (?: [\p{L}\p{M}] | (?<![\p{L}\p{N}])[0-9](?=\p{Ll}{2}) )
    (?: [\p{L}\p{M}0-9] | (?<=[\p{L}0-9])[&$®@](?=\p{L}) )*
    (?: (?<=\p{Ll})[&\]](?![\p{L}\p{N}]) )?
    """,
    regex.X,
)

#: spans never touched: URLs, e-mail addresses, domain names, file names, code
PROTECTED_RE = regex.compile(
    r"""
      <[^<>\s]+>                                        # autolinks
    | (?:https?|ftp)://[^\s<>"“”„]+                     # URLs
    | www\.[^\s<>"“”„]+
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                      # e-mail
    | \b[\w-]+(?:\.[\w-]+)*\.(?:de|com|org|net|eu|nrw|at|ch|info|gov|edu|int|io)\b(?:/[^\s]*)?
    | \b[\w-]+\.(?:pdf|docx?|odt|txt|md|html?|xlsx?|csv|py|json|xml|jpe?g|png|tiff?)\b
    | `[^`\n]+`                                         # inline code
    | \b\w*_\w+\b                                       # identifiers
    | \\[!-/:-@\[-`{-~]                                  # a Markdown backslash escape
    """,
    regex.X | regex.I,
)


#: technical tokens, never touched either, but a line-break hyphen inside one is still
#: decided ("/usr/lo-⏎cal/" is "/usr/local/"): paths, options, dotted names, variables,
#: hashtags, model names and units
TECHNICAL_RE = regex.compile(
    r"""
      (?<![\w/.~-])[~.]{0,2}/(?=[\w.$*{])[\w.+*~${}\[\]-]+(?:/[\w.+*~${}\[\]-]*)*  # paths: /var/log, ~/.ssh
    | (?-i:(?<![\w-])(?:--[A-Za-z0-9][\w=+-]*|-[A-Za-z0-9][a-z0-9]{0,3})(?![\p{L}\p{N}-]))  # options: -d1, -rf, --dry-run
    | (?-i:(?<![\w.])(?:[a-z0-9_][\w+-]*|\w[\w+-]*(?=\.[a-z0-9]{1,3}(?![\p{L}])))(?:\.[a-z0-9][a-z0-9_+-]*)+(?![\p{L}]))
                                                        # dotted names: mail.log, comma.ai, Movie4k.to
    | (?<![\w$])\$\{?[A-Za-z_][A-Za-z0-9_]*\}?(?!\s?\d)      # variables: $PATH
    | (?<![\w#])\#[\p{L}\w][\w-]*                            # hashtags, channels: #softwarefail
    | (?-i:(?<![\p{L}\p{N}])(?:[A-Za-z]{1,2}|[A-Z]{3,})[0-9]+(?![\p{L}\p{N}]))  # models, units: S6, x1, JPEG2000
    """,
    regex.X | regex.I,
)


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


def protected_spans(text: str, extra: list[regex.Pattern] | None = None,
                    technical: bool = True) -> list[tuple[int, int]]:
    spans = [m.span() for m in PROTECTED_RE.finditer(text)]
    if technical:
        spans.extend(m.span() for m in TECHNICAL_RE.finditer(text))
    for pat in extra or ():
        spans.extend(m.span() for m in pat.finditer(text))
    spans.sort()
    return spans


class SpanSet:
    """Fast "is this offset inside a protected span?" over sorted spans."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.ends[i] > start


def words(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


_OPENERS = set(" \t\"'„“”‚‘’»«([{–—-*_#>,")
_SENTENCE_MARK = regex.compile(r"[.!?:;]")


def sentence_starts(text: str) -> list[int]:
    """The sorted offsets of the characters (letters, marks, digits) at which
    :func:`at_sentence_start` is true, in one pass forward: from the start of the text,
    after a blank line, after ``. ! ? : ;`` that is no abbreviation, over the openers in
    between. The layout's blocks are separated by blank lines, so each block starts a
    sentence; the repair reads these offsets instead of looking back from every word."""
    n = len(text)
    anchors = [0]
    for m in regex.finditer("\n", text):  # a blank line: a second line break in one run
        p = m.end()
        while p < n and _skipped(text, p):
            if text[p] == "\n":
                anchors.append(p + 1)
                break
            p += 1
    anchors.extend(m.end() for m in _SENTENCE_MARK.finditer(text) if not _abbreviation_before(text, m.start()))
    out: set[int] = set()
    for p in anchors:
        while p < n:
            ch = text[p]
            if ch.isalnum() or ch >= "\u0300" and _is_mark(ch):
                out.add(p)
            if not _skipped(text, p):
                break
            p += 1
    return sorted(out)


def _skipped(text: str, i: int) -> bool:
    """What :func:`at_sentence_start` looks back over: openers, line breaks, a digit at a
    line start."""
    ch = text[i]
    return ch in _OPENERS or ch == "\n" or ch.isdigit() and text[i - 1 : i] in ("", "\n")


def _is_mark(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch).startswith("M")


def at_sentence_start(text: str, pos: int) -> bool:
    """True where a capital letter is expected: start of text, after . ! ? : or a blank line
    (the definition :func:`sentence_starts` computes for a whole text)."""
    i = pos - 1
    newlines = 0
    while i >= 0 and (text[i] in _OPENERS or text[i] == "\n" or text[i].isdigit() and text[i - 1 : i] in ("", "\n")):
        if text[i] == "\n":
            newlines += 1
            if newlines >= 2:
                return True
        i -= 1
    if i < 0:
        return True
    return text[i] in ".!?:;" and not _abbreviation_before(text, i)


def _abbreviation_before(text: str, dot: int) -> bool:
    """A dot that ends "z.B.", "Nr.", "Abs." or an ordinal ("28.") ends no sentence."""
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot]
    return word.isdigit() or word in _abbreviations() or len(word) == 1


def _abbreviations() -> frozenset[str]:
    from .knowledge import abbreviations

    return abbreviations("sentence")
