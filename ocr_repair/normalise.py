"""Normalise OCR text before repair: Unicode NFC, ligatures, line ends, control characters,
soft hyphens and page separators."""

from __future__ import annotations

import unicodedata

import regex

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LIGATURE_RE = regex.compile("|".join(LIGATURES))
#: control characters except tab, line feed and form feed (Tesseract's page separator)
_CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\u200e\u200f\ufeff]")
#: a soft hyphen inside a line is invisible: drop it; at a line end it marks a break
_INNER_SOFT_HYPHEN = regex.compile(r"\u00ad(?![ \t]*\n)")


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], text)
    text = _CONTROL_RE.sub("", text)
    text = _INNER_SOFT_HYPHEN.sub("", text)
    # a page separator is a paragraph break; trailing spaces go
    text = regex.sub(r"[ \t]*\f[ \t]*", "\n\n", text)
    text = regex.sub(r"[ \t]+\n", "\n", text)
    return text.strip("\n") + "\n" if text.strip() else ""
