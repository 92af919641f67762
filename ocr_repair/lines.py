"""Lines of OCR'd text and what they look like: reading this project's own Markdown back
(front matter, escapes, list markers), and the shape tests the layout uses (does a line end
a sentence, continue one, is it short, a label, a dateline, the issuer's line?).

:mod:`ocr_repair.pages` (joining pages) and :mod:`ocr_repair.layout` (paragraphs and
blocks) both read lines through these functions.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import dataclass

import regex

# ---------------------------------------------------------------------------------------
# reading text (and this project's own Markdown)

#: a front matter block at the very top (``---`` … ``---``), as ``markdown`` writes it
_FRONT_MATTER = regex.compile(r"\A[ \t]*---[ \t]*\n((?:[^\n]*\n){0,60}?)[ \t]*(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_YAML_LINE = regex.compile(r"^(?:[A-Za-z_][\w-]*:(?:[ \t].*)?|[ \t]+-[ \t].*|[ \t]*#.*|[ \t]*)$")

_ASCII_PUNCT = r"""!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"""
_EMAIL_LOCAL = r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
_EMAIL_DOMAIN = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
#: own inline syntax: a backslash escape, an autolink, a [www.x.de](http://www.x.de) link
_INLINE_SYNTAX = regex.compile(
    r"\\(?P<esc>[" + _ASCII_PUNCT + r"]|[\p{P}\p{S}])"
    r"|<(?P<auto>(?:https?|ftp)://[^\s<>]+|" + _EMAIL_LOCAL + "@" + _EMAIL_DOMAIN + r")>"
    r"|\[(?P<text>(?:www\.|https?://)[^\s\[\]()<>]+)\]\((?P<href>[^\s()<>]+)\)"
)

#: list markers: bullets, "1." / "1)", "a)", "(a)" / "(1)"
_MARKER = regex.compile(
    r"^(?P<m>[•●▪◦‣∙·■□➢►]|[-–—*+](?=\s)|\d{1,3}[.)](?=\s)|[a-z]\)(?=\s)|\((?:[a-z]|\d{1,2})\)(?=\s))\s+(?=\S)"
)
_BULLETS_ALWAYS = set("•●▪◦‣∙·■□➢►")


@dataclass
class Line:
    """One line of a block: its text with escapes and links undone."""

    text: str
    raw: str  #: as given
    md: str = ""  #: as given, stripped, without a hard break: list markers are read here
    hard: bool = False  #: ended in a hard break (backslash)
    literal: bool = False  #: its first character was escaped: no list marker, no heading
    title: str | None = None  #: the text of an ATX heading ("# Title")
    rejoined: bool = False  #: the first line of a block merged into the one before it


def split_front_matter(text: str) -> tuple[dict | None, str]:
    """(front matter as a dict, the rest) when ``text`` starts with a YAML-ish block."""
    m = _FRONT_MATTER.match(text)
    if not m or not all(_YAML_LINE.match(ln) for ln in m.group(1).split("\n")):
        return None, text
    return parse_front_matter(m.group(1)), text[m.end():]


def parse_front_matter(body: str) -> dict:
    """The subset of YAML ``markdown.front_matter`` writes: scalars, lists of scalars."""
    data: dict = {}
    key = None
    for line in body.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = regex.match(r"^[ \t]+-[ \t]+(.*)$", line)
        if item and key is not None:
            if not isinstance(data.get(key), list):
                data[key] = []
            data[key].append(_scalar(item.group(1)))
            continue
        kv = regex.match(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$", line)
        if kv:
            key = kv.group(1)
            data[key] = _scalar(kv.group(2)) if kv.group(2).strip() else []
    return data


def _scalar(s: str):
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] == '"':
        try:
            return json.loads(s)
        except ValueError:
            return s[1:-1]
    if len(s) >= 2 and s[0] == s[-1] == "'":
        return s[1:-1].replace("''", "'")
    if regex.fullmatch(r"-?\d+", s):
        return int(s)
    if regex.fullmatch(r"-?\d+\.\d*", s):
        return float(s)
    if s in ("null", "~", ""):
        return None
    return s


def unescape(text: str) -> str:
    """Undo the inline syntax ``markdown`` writes: escapes, autolinks, www links."""

    def repl(m: regex.Match) -> str:
        if m.group("esc") is not None:
            return m.group("esc")
        if m.group("auto") is not None:
            return m.group("auto")
        t, href = m.group("text"), m.group("href")
        if href in (t, "http://" + t, "https://" + t):
            return t
        return m.group()

    return _INLINE_SYNTAX.sub(repl, text)


#: the patterns of :func:`parse_line` and :func:`starts_continuation`, compiled once (each
#: is matched on every line: ``regex.match`` with a pattern string costs a cache look-up)
_LITERAL = regex.compile(r"\\[" + _ASCII_PUNCT + "]")
_ATX_TITLE = regex.compile(r"^#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LETTERED_ITEM = regex.compile(r"[a-z]\)\s|\([a-z]\)\s")
_CONTINUATION = regex.compile(r"^(?:[–—]\s+)?\p{Ll}[\p{L}\p{M}\-]*(?![\p{L}\p{N}@/]|[.:][\p{L}\p{N}/])")


def parse_line(raw: str) -> Line:
    s = raw.strip()
    hard = False
    trail = len(s) - len(s.rstrip("\\"))
    if trail % 2 == 1:
        hard, s = True, s[:-1].rstrip()
    literal = bool(_LITERAL.match(s))
    title = None
    hm = _ATX_TITLE.match(s)
    if hm and not literal:
        title = unescape(hm.group(1))
    return Line(text=unescape(s), raw=raw, md=s, hard=hard, literal=literal, title=title)


def raw_blocks(text: str) -> list[list[Line]]:
    """Blank-line separated blocks of parsed lines."""
    blocks = []
    for chunk in regex.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = [parse_line(ln) for ln in chunk.split("\n") if ln.strip()]
        if lines:
            blocks.append(lines)
    return blocks


# ---------------------------------------------------------------------------------------
# line and paragraph tests

_CLOSERS = "“”\"'’‘»«)]"
_SENTENCE_END = regex.compile(r"[.!?:;…][" + regex.escape(_CLOSERS) + r"]*$")
#: line ends that are no sentence end: "Abs.", "Nr.", "z. B.", an ordinal ("28.")
class _Abbreviation:
    """The line-end abbreviation regex, compiled at first use from
    ``knowledge.abbreviations("line")`` (the one list in ``dictionaries/abbreviations-de.txt``)."""

    @functools.cached_property
    def _re(self):
        from .knowledge import abbreviations

        words = sorted(abbreviations("line"), key=lambda w: (-len(w), w))
        return regex.compile(
            r"(?:^|[\s(/])(?:\d{1,4}|[A-Za-zÄÖÜäöü]|" + "|".join(regex.escape(w) for w in words) + r")\.$"
        )

    def search(self, text: str):
        return self._re.search(text)


_ABBREVIATION = _Abbreviation()
_ISSUER_END = regex.compile(r"\b(?:teilt|teilen|gibt|geben)\b[^.!?]{0,40}\b(?:mit|bekannt)\s*:?$")
_DATELINE = regex.compile(
    r"""^(?:
        (?:Presse(?:mitteilung|information|meldung|erklärung)|Gemeinsame\ Pressemitteilung)
            (?:\s+(?:Nr\.?\s*)?\d+(?:\s*/\s*\d{2,4})?)?(?:\s+vom\s+.{4,30})?
      | [\p{Lu}][\p{L}\-./() ]{1,40},\ (?:den\ )?\d{1,2}\.\s?(?:\d{1,2}\.\s?\d{2,4}|\p{L}+\.?\ \d{4})
      | (?:\p{L}+,\ )?\d{1,2}\.\s?(?:\d{1,2}\.\s?\d{2,4}|\p{L}+\.?\ \d{4})
    )$""",
    regex.X,
)
_CONTACT_START = regex.compile(
    r"^(?:Bei\s+(?:Nach|Rück)fragen|Für\s+(?:Nach|Rück)fragen|(?:Nach|Rück)fragen\b|Pressekontakt|"
    r"Kontakt\s*:|Ansprechp\w+\s*:|Pressestelle\s*:|Medienkontakt|V\.\s?i\.\s?S\.\s?d\.\s?P\.)"
)

#: below this share of the column a line ending in a sentence end closes its paragraph …
SHORT_AFTER_SENTENCE = 0.75
#: … and below this share any line does
SHORT_ANY = 0.6


def ends_sentence(line: str) -> bool:
    line = line.rstrip()
    if not _SENTENCE_END.search(line):
        return False
    core = line.rstrip(_CLOSERS)
    return not (core.endswith(".") and _ABBREVIATION.search(core))


def starts_continuation(line: str) -> bool:
    """A line that can only continue a sentence: lower case, or a dash and lower case."""
    s = line.lstrip()
    if not s or _LETTERED_ITEM.match(s):
        return False  # a lettered list item: "a) ihre Zwecke", "(b) die"
    return bool(_CONTINUATION.match(s))


def line_width(lines: list[str]) -> float | None:
    """The column width in characters: the 90th percentile of the lines that fill it."""
    return width_of_lengths(Counter(len(ln.strip()) for ln in lines if ln.strip()))


def width_of_lengths(lengths: Counter[int]) -> float | None:
    """:func:`line_width` of lines of these lengths (a count of each: a long text's windows
    add theirs up, ``windowed.convert_file``)."""
    n = sum(lengths.values())
    if n < 4:
        return None
    at = int(0.9 * (n - 1))
    for length, k in sorted(lengths.items()):
        if at < k:
            return float(length)
        at -= k
    raise AssertionError("not reached")


def is_short(line: str, nxt: str, width: float | None, share: float) -> bool:
    """Would the next line's first word have fitted on ``line``? (so the break was meant)"""
    if width is None:
        return False
    first = nxt.split(None, 1)[0] if nxt.split() else ""
    return len(line) + 1 + len(first) < share * width


def is_label(text: str) -> bool:
    """A short line that introduces what follows: "Sachverhalt:", "Vorinstanzen:"."""
    t = text.strip()
    return len(t) <= 50 and t.endswith(":") and t[:1].isupper() and not regex.search(r"[.!?;:]\s", t)


def is_dateline(text: str) -> bool:
    return bool(_DATELINE.match(text.strip()))


def is_issuer(text: str) -> bool:
    return bool(_ISSUER_END.search(text.strip()))
