"""Normalise OCR text before repair: Unicode NFC, ligatures, line ends, control characters,
soft hyphens and page separators.

:func:`normalise_mapped` does the same and keeps, for every character of the result, the
span of the input it came from (a :class:`Mapped` text), so that a position in the
normalised text can be reported as a position in the input.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Callable

import regex

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LIGATURE_RE = regex.compile("|".join(LIGATURES))
#: control characters except tab, line feed and form feed (Tesseract's page separator)
_CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\u200e\u200f\ufeff]")
#: a soft hyphen inside a line is invisible: drop it; at a line end it marks a break
_INNER_SOFT_HYPHEN = regex.compile(r"\u00ad(?![ \t]*\n)")
_LINE_END_RE = regex.compile(r"\r\n|\r")
_PAGE_BREAK_RE = regex.compile(r"[ \t]*\f[ \t]*")
_TRAILING_SPACE_RE = regex.compile(r"[ \t]+\n")
_GRAPHEME_RE = regex.compile(r"\X")


class Mapped:
    """A text and where each of its characters came from: ``starts[i]:ends[i]`` is the
    span of the source text that character ``i`` stands for (an inserted character has the
    span of what it replaced, or an empty span where nothing was)."""

    __slots__ = ("text", "starts", "ends", "source_len")

    def __init__(self, text: str, starts: list[int] | None = None, ends: list[int] | None = None,
                 source_len: int | None = None):
        self.text = text
        # the maps are compact: a range (nothing changed yet) or an array of offsets, not a
        # list of int objects (about 70 bytes a character for the two: a long text's memory)
        self.starts = range(len(text)) if starts is None else starts
        self.ends = range(1, len(text) + 1) if ends is None else ends
        self.source_len = len(text) if source_len is None else source_len

    def start(self, pos: int) -> int:
        """The source offset of the position before character ``pos`` (``len(text)``: the end)."""
        if pos < len(self.text):
            return self.starts[pos]
        return self.ends[-1] if self.ends else self.source_len

    def end(self, pos: int) -> int:
        """The source offset of the position after character ``pos - 1``."""
        if pos <= 0:
            return self.start(0)
        return self.ends[min(pos, len(self.text)) - 1]

    def sub(self, pattern: regex.Pattern, repl: str | Callable[[regex.Match], str]) -> Mapped:
        """``pattern.sub(repl, text)``, with the map carried along."""
        text, starts, ends = [], _offsets(), _offsets()
        pos = 0
        changed = False
        for m in pattern.finditer(self.text):
            new = repl if isinstance(repl, str) else repl(m)
            a, b = m.span()
            if new == m.group():
                continue
            changed = True
            text.append(self.text[pos:a])
            starts.extend(self.starts[pos:a])
            ends.extend(self.ends[pos:a])
            self._place(new, a, b, text, starts, ends)
            pos = b
        if not changed:
            return self
        text.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return Mapped("".join(text), starts, ends, self.source_len)

    def _place(self, new: str, a: int, b: int, text: list, starts: list, ends: list) -> None:
        """``new`` in place of characters ``a:b``: one to one where the lengths agree, else
        every new character stands for the whole replaced span."""
        if not new:
            return
        text.append(new)
        if len(new) == b - a:
            starts.extend(self.starts[a:b])
            ends.extend(self.ends[a:b])
        else:
            s, e = (self.starts[a], self.ends[b - 1]) if b > a else (self.start(a), self.start(a))
            starts.extend([s] * len(new))
            ends.extend([e] * len(new))

    def slice(self, a: int, b: int) -> Mapped:
        return Mapped(self.text[a:b], self.starts[a:b], self.ends[a:b], self.source_len)

    def append(self, s: str) -> Mapped:
        """``s`` added at the end, standing for the (empty) end of the source."""
        end = self.start(len(self.text))
        starts, ends = _offsets(self.starts), _offsets(self.ends)
        starts.extend([end] * len(s))
        ends.extend([end] * len(s))
        return Mapped(self.text + s, starts, ends, self.source_len)

    def realigned(self, new: str) -> Mapped:
        """``new``, a changed copy of this text, mapped by aligning the two (difflib)."""
        import difflib

        starts, ends, text = _offsets(), _offsets(), []
        sm = difflib.SequenceMatcher(None, self.text, new, autojunk=False)
        for op, a1, a2, b1, b2 in sm.get_opcodes():
            if op == "equal":
                starts.extend(self.starts[a1:a2])
                ends.extend(self.ends[a1:a2])
            elif b2 > b1:
                s = self.starts[a1] if a2 > a1 else self.start(a1)
                e = self.ends[a2 - 1] if a2 > a1 else s
                starts.extend([s] * (b2 - b1))
                ends.extend([e] * (b2 - b1))
            text.append(new[b1:b2])
        return Mapped(new, starts, ends, self.source_len)


def _offsets(values=()) -> array:
    """A compact list of offsets into a text: 4 bytes each (a text of 4 G characters would
    not fit in memory as a string long before)."""
    return array("I", values)


def _nfc(m: Mapped) -> Mapped:
    if unicodedata.is_normalized("NFC", m.text):
        return m
    whole = unicodedata.normalize("NFC", m.text)
    # composition stays inside a grapheme cluster (a base and its marks, a Hangul syllable)
    out = m.sub(_GRAPHEME_RE, lambda g: unicodedata.normalize("NFC", g.group()))
    return out if out.text == whole else m.realigned(whole)


def normalise_mapped(text: str) -> Mapped:
    """:func:`normalise` with the map from the result back to ``text``."""
    m = Mapped(text)
    m = m.sub(_LINE_END_RE, "\n")
    m = _nfc(m)
    m = m.sub(_LIGATURE_RE, lambda g: LIGATURES[g.group()])
    m = m.sub(_CONTROL_RE, "")
    m = m.sub(_INNER_SOFT_HYPHEN, "")
    # a page separator is a paragraph break; trailing spaces go
    m = m.sub(_PAGE_BREAK_RE, "\n\n")
    m = m.sub(_TRAILING_SPACE_RE, "\n")
    if not m.text.strip():
        return Mapped("", [], [], len(text))
    a = len(m.text) - len(m.text.lstrip("\n"))
    b = len(m.text.rstrip("\n"))
    return m.slice(a, b).append("\n")


def normalise(text: str) -> str:
    """``normalise_mapped(text).text``, without the map: the same steps on the string."""
    text = _LINE_END_RE.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _LIGATURE_RE.sub(lambda g: LIGATURES[g.group()], text)
    text = _CONTROL_RE.sub("", text)
    text = _INNER_SOFT_HYPHEN.sub("", text)
    text = _PAGE_BREAK_RE.sub("\n\n", text)
    text = _TRAILING_SPACE_RE.sub("\n", text)
    if not text.strip():
        return ""
    return text.strip("\n") + "\n"
