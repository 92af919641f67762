"""The layout of OCR'd text: pages joined, paragraphs found, blocks classified.

Three jobs, all plain text in, plain structure out (``markdown`` renders it):

``join_pages`` (``join``: with where each line came from and what was removed)
    page texts to one text: page furniture is dropped on strong evidence only
    (``find_furniture``: page numbers; a running header or footer at the same place on
    most pages, shaped like a title, never a line that continues the text), and a
    paragraph that runs on over the page break is rejoined.

``analyse``
    the text (OCR output, or this project's own Markdown fed back in) to a list of
    :class:`Block`: title, paragraphs, issuer/dateline lines, lists, the contact block.
    Tesseract's paragraphs (blank lines) are the starting point; a "paragraph" that
    continues a sentence (``sie verletzen`` / ``den Beschwerdeführer``) is merged back, and
    a paragraph that ends in a short line inside Tesseract's block is split off.

``prepare``
    the same paragraph decisions written back into the raw text (blank lines added and
    removed, lines untouched), so the repair engine sees the paragraphs the Markdown will
    have: its "is this a sentence start?" checks then agree on the first and second pass.

Reading its own Markdown back (a front matter block, ``# `` heading, backslash escapes,
autolinks, hard breaks, list markers) is part of ``analyse``: rendering the analysis of
rendered Markdown gives the same Markdown again.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

import regex

# ---------------------------------------------------------------------------------------
# page joining

#: "Seite 2", "Seite 2 von 3", "- 2 -", "– 2 –", "2", "2/3", "S. 2", "Page 2 of 3"
_PAGE_NUMBER = regex.compile(
    r"""^(?:
        (?:Seite|Page|S\.)\s*\d{1,3}(?:\s*(?:von|/|of)\s*\d{1,3})?
      | [-–—]\s*\d{1,3}\s*[-–—]
      | \d{1,3}(?:\s*/\s*\d{1,3})?
    )$""",
    regex.X | regex.I,
)
#: page numbers no text line looks like: "Seite 2 von 3", "Page 2 of 3", "- 2 -"
_PAGE_COUNTED = regex.compile(
    r"^(?:(?:Seite|Page)\s*\d{1,3}\s*(?:von|/|of)\s*\d{1,3}|[-–—]\s*\d{1,3}\s*[-–—])$", regex.I)
#: "Seite 2", "S. 2", "2", "2/3": a page number only where the number fits the page
_PAGE_PLAIN = regex.compile(r"^(?:(?:Seite|Page|S\.)\s*)?(\d{1,3})(?:\s*/\s*(\d{1,3}))?$", regex.I)
#: a running title that carries the page number: "Pressemitteilung 12/2024 – Seite 2 von 3"
_PAGE_IN_TITLE = regex.compile(
    r"""^(?P<rest>\S.*?)\s*(?:
        (?P<sep>[-–—|·•,]\s*)(?:Seite|Page)\s*\d{1,3}(?:\s*(?:von|/|of)\s*\d{1,3})?
      | (?:Seite|Page)\s*\d{1,3}\s*(?:von|/|of)\s*\d{1,3}
    )$
    | ^(?:Seite|Page)\s*\d{1,3}\s*(?:von|/|of)\s*\d{1,3}\s*(?P<sep2>[-–—|·•,])?\s*(?P<rest2>\S.*)$""",
    regex.X | regex.I,
)
#: how many lines at the top and bottom of a page may be a running header or footer
_ZONE = 3
#: a running title is at most this long (characters)
_RUNNING_MAX = 100
#: a running header or footer must be on this share of the pages (and on two at least)
RUNNING_SHARE = 2 / 3


@dataclass
class Furniture:
    """A line removed as page furniture: ``page`` and ``line`` index the page texts given
    to :func:`join` and the lines of that page (``split("\\n")``)."""

    page: int
    line: int
    text: str
    why: str


@dataclass
class Joined:
    """The pages as one text, and where each of its lines came from."""

    text: str
    #: per line of ``text`` (``text.split("\\n")`` less the empty one after the last
    #: newline): (page, line) of the page line it is, or None for a line put between pages
    origins: list[tuple[int, int] | None] = field(default_factory=list)
    removed: list[Furniture] = field(default_factory=list)


def _fingerprint(line: str) -> str:
    """A line compared across pages: digits (page numbers, dates) and spacing ignored."""
    return regex.sub(r"\s+", " ", regex.sub(r"\d+", "#", line.strip().lower()))


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 8:
        return False
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # the quick ratios are upper bounds of the ratio: most pairs end there
    return sm.real_quick_ratio() >= 0.85 and sm.quick_ratio() >= 0.85 and sm.ratio() >= 0.85


def _same_running(a: _Page, k: int, b: _Page, j: int) -> bool:
    """Line ``k`` of ``a`` and line ``j`` of ``b`` are one running title: the same words (OCR
    may misread a letter) and the same numbers but for one (the page number, a date)."""
    if not _similar(a.fp(k), b.fp(j)):
        return False
    da, db = a.digits(k), b.digits(j)
    return len(da) == len(db) and sum(x != y for x, y in zip(da, db)) <= 1


def _sentence_inside(s: str) -> bool:
    """A sentence ends inside ``s`` ("Er kam. Sie ging"), not an abbreviation ("Nr. 3")."""
    for m in regex.finditer(r"[.!?][" + regex.escape(_CLOSERS) + r"]*\s+(?=[\p{Lu}„\"])", s):
        core = s[: m.start() + 1]
        if not (core.endswith(".") and _ABBREVIATION.search(core)):
            return True
    return False


def _title_shaped(s: str) -> bool:
    """The shape of a running header or footer: a short line that is no sentence (no sentence
    end in it or at its end), no list item, and does not run on (a hyphen or comma at its end)."""
    return (0 < len(s) <= _RUNNING_MAX and not ends_sentence(s) and not _sentence_inside(s)
            and not s.endswith((",", "-", "‐", "\u00ad")) and not _MARKER.match(s)
            and not starts_continuation(s))


def _row_key(s: str) -> str:
    """The label of a list row: "bauabschnitt" of "Bauabschnitt 4: 1,8 Kilometer …"."""
    m = regex.match(r"^([\p{L}][\p{L}\-]{2,}(?:\s+[\p{L}][\p{L}\-]*){0,2})\s*[\d:(]", s)
    return m.group(1).lower() if m else ""


class _Page:
    """One page's non-blank lines, for the furniture tests."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.idx = [i for i, ln in enumerate(lines) if ln.strip()]
        self._fp: dict[int, str] = {}
        self._sides: dict[str, list[str]] = {}

    def fp(self, k: int) -> str:
        """The fingerprint of the ``k``-th non-blank line (:func:`_fingerprint`)."""
        if k not in self._fp:
            self._fp[k] = _fingerprint(self.text(k))
        return self._fp[k]

    def digits(self, k: int) -> list[str]:
        return regex.findall(r"\d+", self.text(k))

    def text(self, k: int) -> str:
        """The ``k``-th non-blank line, stripped ("" beyond either end)."""
        return self.lines[self.idx[k]].strip() if 0 <= k < len(self.idx) else ""

    def zone(self, side: str) -> list[int]:
        """Positions (into ``idx``) of the lines where a header (top) or footer may be, edge first."""
        n = len(self.idx)
        return list(range(min(_ZONE, n))) if side == "head" else list(range(n - 1, max(-1, n - 1 - _ZONE), -1))

    def side(self, side: str) -> list[str]:
        """The first lines from the top or bottom, as fingerprints: a few beyond the zone."""
        if side not in self._sides:
            n = len(self.idx)
            ks = range(min(n, _ZONE + 2)) if side == "head" else range(n - 1, max(-1, n - 1 - _ZONE - 2), -1)
            self._sides[side] = [self.fp(k) for k in ks]
        return self._sides[side]


def _in_flow(page: _Page, k: int, side: str, prev_open: bool) -> bool:
    """Is line ``k`` part of the text's flow: a list row among rows, the end of a word split
    over the line break, or the start of a sentence the next line continues?"""
    s = page.text(k)
    before, after = page.text(k - 1), page.text(k + 1)
    if before.endswith(("-", "‐", "\u00ad")) or before.endswith(","):
        return True  # the line before runs on into this one
    if before and not ends_sentence(before) and starts_continuation(s):
        return True
    # a list: the line towards the body has the same shape ("Bauabschnitt 3: …")
    nb = after if side == "head" else before
    if nb and (_similar(_fingerprint(s), _fingerprint(nb)) or (_row_key(s) and _row_key(s) == _row_key(nb))):
        return True
    # a header that begins a sentence the next line goes on with (unless that line goes on
    # with the previous page's last sentence)
    return side == "head" and bool(after) and starts_continuation(after) and not prev_open


def _page_number(page: _Page, k: int, side: str, rank: int, count: int) -> str:
    """Why line ``k`` is a page number or a running title with one ("" if it is not)."""
    s = page.text(k)
    before = page.text(k - 1)
    if _PAGE_COUNTED.match(s):
        return "page number"
    if before.endswith(("-", "‐", "\u00ad", ",", ":")):
        return ""  # "Tel. 9231-" / "300": the line goes on from the one before
    m = _PAGE_PLAIN.match(s)
    if m:
        # a bare number or "Seite 2" only on a document of pages, and only the page's own
        # number ("3" at the foot of page 3; "2/3": page 2 of 3)
        n, of = int(m.group(1)), m.group(2)
        if count >= 2 and n == rank + 1 and (of is None or int(of) == count):
            return "page number"
        if s[:1].isalpha() and n == rank + 1 and (not before or ends_sentence(before) or side == "head"):
            return "page number"  # "Seite 1" on a page of its own
        return ""
    m = _PAGE_IN_TITLE.match(s)
    if m:
        rest = (m.group("rest") or m.group("rest2") or "").strip(" -–—|·•,")
        # without a separator, no sentence may run into the number ("… finden Sie auf Seite 2 von 3")
        words = rest.split()
        run_in = not (m.group("sep") or m.group("sep2")) and bool(words) and (
            words[-1][:1].islower() if m.group("rest") else words[0][:1].islower())
        if rest and _title_shaped(rest) and not run_in:
            return "running title with the page number"
    return ""


def _copies(a: _Page, b: _Page, side: str) -> bool:
    """Are the two pages the same text from this side on, beyond where furniture ends?"""
    return a.side(side) == b.side(side)


def find_furniture(pages: list[list[str]]) -> dict[tuple[int, int], str]:
    """The lines of ``pages`` (each a list of lines) that are page furniture, with why:
    {(page, line): why}.

    A line goes only on strong evidence, from the top or bottom of a page inward while
    the lines are furniture (at most three lines deep):

    - a page number: "Seite 2 von 3", "- 2 -", "Page 2 of 3" anywhere, even on a document of
      one page; "Seite 2", "2", "2/3" only where the number is the page's own; a running
      title that carries one ("Pressemitteilung 12/2024 – Seite 2 von 3");
    - a running header or footer: the same line (the same words, the same numbers but one)
      at the same place on at least two thirds of the pages and on two at least, of the
      shape of a title (short, no sentence, no list item), on pages that are not copies of
      each other.

    Never a line that continues the text's flow: one the line before runs on into (a
    hyphen, a comma, a sentence going on in lower case), a row of a list (the next line has
    the same shape: "Bauabschnitt 3: …" / "Bauabschnitt 4: …"), a sentence.
    """
    ps = [_Page(p) for p in pages]
    texts = [n for n, p in enumerate(ps) if p.idx]
    count = len(texts)
    need = max(2, -(-2 * count // 3))  # at least two thirds (rounded up), and two
    rank = {n: r for r, n in enumerate(texts)}
    out: dict[tuple[int, int], str] = {}
    for side in ("head", "foot"):
        marks: dict[int, dict[int, str]] = {n: {} for n in texts}
        for n in texts:
            for k in ps[n].zone(side):
                why = _page_number(ps[n], k, side, rank[n], count)
                if why:
                    marks[n][k] = why
        # running lines: their place counted without the page numbers
        cands = {n: [k for k in ps[n].zone(side) if k not in marks[n]] for n in texts}
        for depth in range(_ZONE):
            at = {n: c[depth] for n, c in cands.items() if len(c) > depth}
            for n, k in at.items():
                s = ps[n].text(k)
                prev_open = rank[n] > 0 and not ends_sentence(_last_body_line(ps[texts[rank[n] - 1]]))
                if not _title_shaped(s) or _in_flow(ps[n], k, side, prev_open):
                    continue
                support = [m for m, j in at.items() if m == n or (
                    _same_running(ps[n], k, ps[m], j) and not _copies(ps[n], ps[m], side))]
                if len(support) >= need:
                    where = "header" if side == "head" else "footer"
                    marks[n][k] = f"running {where} on {len(support)} of {count} pages"
        for n in texts:
            for k in ps[n].zone(side):  # from the edge inward, while the lines are furniture
                if k not in marks[n]:
                    break
                out[(n, ps[n].idx[k])] = marks[n][k]
    return out


def _last_body_line(page: _Page) -> str:
    """The last line of a page that is no page number (a guess at where its text ends)."""
    for k in range(len(page.idx) - 1, -1, -1):
        if not _PAGE_NUMBER.match(page.text(k)):
            return page.text(k)
    return ""


def join(page_texts: list[str], keep_furniture: bool = False) -> Joined:
    """The pages of one document as one text (:func:`join_pages`), with the origin of every
    line and the furniture removed (none with ``keep_furniture``)."""
    pages = [regex.sub(r"\r\n?", "\n", t).split("\n") for t in page_texts]
    found = {} if keep_furniture else find_furniture(pages)
    removed = [Furniture(n, i, pages[n][i].strip(), why) for (n, i), why in sorted(found.items())]
    kept: list[list[tuple[int, int]]] = []
    for n, p in enumerate(pages):
        lines = [(n, i) for i in range(len(p)) if (n, i) not in found]
        while lines and pages[lines[0][0]][lines[0][1]] == "":
            lines.pop(0)  # as ``"\n".join(lines).strip("\n")``
        while lines and pages[lines[-1][0]][lines[-1][1]] == "":
            lines.pop()
        if any(pages[a][b].strip() for a, b in lines):
            kept.append(lines)
    if not kept:
        return Joined("", [], removed)
    texts = ["\n".join(pages[a][b] for a, b in lines) for lines in kept]
    width = line_width([ln for t in texts for ln in _body_lines(t)])
    out = texts[0]
    origins: list[tuple[int, int] | None] = list(kept[0])
    for t, lines in zip(texts[1:], kept[1:]):
        last = out.rstrip().rsplit("\n", 1)[-1].strip()
        first = t.lstrip().split("\n", 1)[0].strip()
        if _runs_on(last, first, width):
            out += "\n" + t
        else:
            out += "\n\n" + t
            origins.append(None)
        origins.extend(lines)
    return Joined(out + "\n", origins, removed)


def join_pages(page_texts: list[str], keep_furniture: bool = False) -> str:
    """The pages of one document as one text.

    Page furniture (:func:`find_furniture`: page numbers, running headers and footers) is
    removed, unless ``keep_furniture``. A paragraph that runs on over the page break (the
    page ends without a sentence end and the next starts in lower case, or the page's last
    line is a full line) continues without a blank line; otherwise the pages are separated
    by one. Nothing is invented: text lost at a page break stays lost.
    """
    return join(page_texts, keep_furniture).text


def _body_lines(text: str) -> list[str]:
    """The lines of multi-line paragraphs (a page's last paragraph may end in a full line)."""
    lines = []
    for block in regex.split(r"\n[ \t]*\n", text):
        ls = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if len(ls) > 1:
            lines.extend(ls)
    return lines


def _runs_on(last: str, first: str, width: float | None) -> bool:
    """Does the paragraph ending in ``last`` go on with ``first`` (across a break)?"""
    if not last or not first or ends_sentence(last) or _PAGE_NUMBER.match(first):
        return False
    if last.endswith(("-", "\u00ad")):
        return True
    if starts_continuation(first):
        return True
    return width is not None and len(last) >= 0.85 * width and not _MARKER.match(first)


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


def parse_line(raw: str) -> Line:
    s = raw.strip()
    hard = False
    trail = len(s) - len(s.rstrip("\\"))
    if trail % 2 == 1:
        hard, s = True, s[:-1].rstrip()
    literal = bool(regex.match(r"\\[" + _ASCII_PUNCT + "]", s))
    title = None
    hm = regex.match(r"^#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", s)
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
_ABBREVIATION = regex.compile(
    r"(?:^|[\s(/])(?:\d{1,4}|[A-Za-zÄÖÜäöü]|Abs|Art|Nr|bzw|ca|vgl|Dr|Prof|St|Str|Tel|evtl|ggf|"
    r"usw|etc|inkl|sog|Az|Mio|Mrd|rd|Hr|Fr|Rn|Buchst|lit|Kap|zzgl|ff|geb|Jh|Jhd|bspw|u\.a|z\.B|d\.h|"
    r"i\.V|u\.U|v\.a|o\.ä)\.$"
)
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
    if not s or regex.match(r"[a-z]\)\s|\([a-z]\)\s", s):
        return False  # a lettered list item: "a) ihre Zwecke", "(b) die"
    return bool(regex.match(r"^(?:[–—]\s+)?\p{Ll}[\p{L}\p{M}\-]*(?![\p{L}\p{N}@/]|[.:][\p{L}\p{N}/])", s))


def line_width(lines: list[str]) -> float | None:
    """The column width in characters: the 90th percentile of the lines that fill it."""
    lens = sorted(len(ln.strip()) for ln in lines if ln.strip())
    if len(lens) < 4:
        return None
    return float(lens[int(0.9 * (len(lens) - 1))])


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


# ---------------------------------------------------------------------------------------
# blocks


@dataclass
class Block:
    """``kind``: ``title`` (the ``#`` heading), ``para``, ``lines`` (line breaks kept),
    ``list`` (``items`` of (marker, text))."""

    kind: str
    lines: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)
    #: the raw lines the block came from (``prepare`` writes them back)
    raw: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines(self.lines)


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line: a line-end hyphen left by the repair engine is a
    suspended one ("Bildungs- und"), except between digits ("0211 5867-3505")."""
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if not out:
            out = ln
        elif out[-1] in "-‐" and len(out) > 1 and out[-2].isdigit() and ln[0].isdigit():
            out += ln
        else:
            out += " " + ln
    return out


@dataclass
class _Raw:
    lines: list[Line]
    explicit: str | None = None  #: "title" / "lines" when the input said so in Markdown


def _marker(line: Line) -> str | None:
    """The list marker the line starts with (read before unescaping: ``1\\.`` is none)."""
    if line.literal:
        return None
    m = _MARKER.match(line.md)
    return m.group("m") if m else None


def _ordinal(marker: str) -> tuple[str, int] | None:
    """("num."|"num)"|"alpha)"|"(num)"|"(alpha)", position) of a numbered marker."""
    m = regex.fullmatch(r"(\d{1,3})([.)])", marker)
    if m:
        return "num" + m.group(2), int(m.group(1))
    m = regex.fullmatch(r"([a-z])\)", marker)
    if m:
        return "alpha)", ord(m.group(1)) - 96
    m = regex.fullmatch(r"\((\d{1,2}|[a-z])\)", marker)
    if m:
        v = m.group(1)
        return ("(num)", int(v)) if v.isdigit() else ("(alpha)", ord(v) - 96)
    return None


def analyse(text: str) -> tuple[dict | None, list[Block]]:
    """(front matter read from the top of ``text`` or None, the blocks of the text)."""
    fm, body = split_front_matter(text)
    raws = _explicit(raw_blocks(body))
    width = line_width([ln.text for r in raws if r.explicit is None for ln in r.lines[:-1]])
    raws = _merge_continuations(raws, width)
    blocks: list[Block] = []
    numbered = _numbered_items(raws, width)
    for r in raws:
        blocks.extend(_segment(r, width, numbered))
    blocks = _join_lists(blocks)
    _choose_title(blocks)
    return fm, blocks


def _explicit(blocks: list[list[Line]]) -> list[_Raw]:
    """Blocks marked by Markdown syntax: a ``#`` heading, hard line breaks."""
    out = []
    for n, lines in enumerate(blocks):
        # "# " is the title only where ``markdown`` puts it: the first block, or the one
        # after a leading dateline/issuer line or two; elsewhere it is text (and is escaped)
        if lines[0].title is not None and n <= 2 and not any(r.explicit == "title" for r in out) and all(
                is_dateline(t) or is_issuer(t) for t in (join_lines([ln.text for ln in b]) for b in blocks[:n])):
            out.append(_Raw([lines[0]], "title"))
            lines = lines[1:]
            if not lines:
                continue
        if any(ln.hard for ln in lines[:-1]):
            out.append(_Raw(lines, "lines"))
        else:
            out.append(_Raw(lines))
    return out


def _continues(line: str, nxt: str) -> bool:
    """``nxt`` goes on with the sentence ``line`` left open (so no paragraph break between).

    After a comma it may not: "meine Damen und Herren," / "ich bedanke mich" (a salutation).
    """
    return starts_continuation(nxt) and not ends_sentence(line) and not line.rstrip().endswith(",")


#: a last line at least this share of the column is a full line: the paragraph goes on
FULL_LINE = 0.75


def _body_like(r: _Raw) -> bool:
    """Several lines of running text (not a title or a header of short lines)."""
    if len(r.lines) < 2:
        return False
    text = join_lines([ln.text for ln in r.lines])
    return len(r.lines) >= 3 or bool(regex.search(r"[.!?][“”\"»«)]*\s+[\p{Lu}„\"]", text))


def _merge_continuations(raws: list[_Raw], width: float | None) -> list[_Raw]:
    """A block that begins mid-sentence joins the block before it: Tesseract split one
    paragraph in two (at a page break, or one line too early). Mid-sentence: it starts in
    lower case after a block without a sentence end, or it follows a block of several lines
    whose last two lines are full and the last open (no sentence end; only OCR lines are
    judged so, and never the first block, the title)."""
    out: list[_Raw] = []
    for r in raws:
        prev = out[-1] if out else None
        if prev is not None and prev.explicit is None and r.explicit is None and not r.lines[0].literal:
            last, first = prev.lines[-1], r.lines[0]
            if _continues(last.text, first.text):
                first.rejoined = True
                prev.lines.extend(r.lines)
                continue
            if (len(out) >= 2 and _body_like(prev) and not ends_sentence(last.text) and _marker(last) is None
                    and not regex.search(r"\s[-–—]$", last.text) and not first.text.rstrip().endswith(":")
                    and width is not None and not is_short(prev.lines[-2].text, last.text, width, FULL_LINE)
                    and _marker(first) is None and regex.match(r"[\p{L}\p{N}„“\"»«(]", first.text)
                    and not is_dateline(first.text) and not _CONTACT_START.match(first.text)
                    and not is_short(last.text, first.text, width, FULL_LINE)):
                prev.lines.extend(r.lines)
                continue
        out.append(_Raw(list(r.lines), r.explicit))
    return out


def _next_marker_is(lines: list[Line], j: int, style: str, n: int) -> bool:
    """Is the next line after ``j`` with a marker (in this block) number ``n`` of ``style``?"""
    for ln in lines[j + 1:]:
        m = _marker(ln)
        if m is not None:
            return _ordinal(m) == (style, n)
    return False


def _numbered_items(raws: list[_Raw], width: float | None) -> set[int]:
    """ids of the lines that start a numbered list item: a marker at a paragraph start
    (or after an item, a colon or a short line) with the previous or next number of the
    same style nearby."""
    cands: list[tuple[int, str, int]] = []  # (line id, style, number)
    for r in raws:
        if r.explicit == "title":
            continue
        for j, ln in enumerate(r.lines):
            m = _marker(ln)
            o = _ordinal(m) if m else None
            if o is None:
                continue
            prev = r.lines[j - 1] if j else None
            if (prev is None or _marker(prev) is not None or ends_sentence(prev.text)
                    or r.explicit == "lines" or is_short(prev.text, ln.text, width, SHORT_AFTER_SENTENCE)
                    or (o[1] == 1 and _next_marker_is(r.lines, j, o[0], 2))):
                cands.append((id(ln), o[0], o[1]))
    # a candidate without a neighbour is rendered escaped, so it is no candidate when the
    # Markdown is read again: drop such ones until every one left has its neighbour
    while True:
        keep = []
        for k, (lid, style, n) in enumerate(cands):
            before = cands[k - 1] if k else None
            after = cands[k + 1] if k + 1 < len(cands) else None
            if (before and before[1] == style and before[2] == n - 1) or (
                    after and after[1] == style and after[2] == n + 1):
                keep.append(cands[k])
        if len(keep) == len(cands):
            return {lid for lid, _, _ in keep}
        cands = keep


def _segment(r: _Raw, width: float | None, numbered: set[int]) -> list[Block]:
    """One Tesseract block as paragraphs, lists, issuer/dateline lines, a contact block."""
    if r.explicit == "title":
        return [Block("title", [r.lines[0].title or ""], raw=[r.lines[0].raw])]
    if r.explicit == "lines":
        return _lines_block(r.lines)
    out: list[Block] = []
    cur: list[Line] = []
    cur_list: list[Line] = []  # the lines of the list item being read

    def flush() -> None:
        if cur:
            out.append(Block("para", [ln.text for ln in cur], raw=[ln.raw for ln in cur]))
            cur.clear()

    lines = r.lines
    j = 0
    while j < len(lines):
        ln = lines[j]
        prev = lines[j - 1] if j else None
        intentional = prev is None or _break_meant(prev.text, ln.text, width) or (
            prev.rejoined and _break_meant(prev.text, ln.text, width, SHORT_REJOINED))
        # the contact block: from its first line to the end of the Tesseract block
        if _CONTACT_START.match(ln.text) and (prev is None or intentional or ends_sentence(prev.text)):
            flush()
            out.extend(_lines_block(lines[j:]))
            return out
        marker = _marker(ln)
        if marker is not None and _is_item(ln, marker, prev, cur_list, numbered):
            flush()
            item = [ln]
            k = j + 1
            while (k < len(lines) and _marker(lines[k]) is None
                   and not _break_meant(lines[k - 1].text, lines[k].text, width)
                   and not _CONTACT_START.match(lines[k].text)):
                item.append(lines[k])
                k += 1
            mk = _MARKER.match(ln.md)
            text = join_lines([unescape(ln.md[mk.end():])] + [x.text for x in item[1:]])
            out.append(Block("list", items=[(marker, text)], raw=[x.raw for x in item]))
            cur_list = item
            j = k
            continue
        cur_list = []
        if is_dateline(ln.text) and not (prev is not None and _continues(prev.text, ln.text)) and not (
                j + 1 < len(lines) and _continues(ln.text, lines[j + 1].text)):
            flush()
            out.append(Block("para", [ln.text], raw=[ln.raw]))
            j += 1
            continue
        if prev is not None and cur and intentional:
            flush()
        cur.append(ln)
        if is_issuer(ln.text):
            flush()
        j += 1
    flush()
    return out


#: Tesseract often puts its paragraph break one line early: "…Sie verletzen" / blank /
#: "den Beschwerdeführer … GG." / "Die Einschränkung …". The line after such a break that
#: ends a sentence ends the paragraph unless it is about full.
SHORT_REJOINED = 0.9


def _break_meant(line: str, nxt: str, width: float | None, after_sentence: float = SHORT_AFTER_SENTENCE) -> bool:
    """Is the break after ``line`` a paragraph end rather than a wrap?"""
    if _continues(line, nxt):
        return False
    if is_label(nxt) and (ends_sentence(line) or is_short(line, nxt, width, FULL_LINE)):
        return True
    if ends_sentence(line) and not _ABBREVIATION.search(line.rstrip(_CLOSERS)):
        return is_short(line, nxt, width, after_sentence)
    if regex.search(r"[\p{L}\p{N}][-‐]$", line.rstrip()):
        return False  # a hyphen the repair left at the line end: "Bildungs-" / "und"
    return is_short(line, nxt, width, SHORT_ANY)


def _is_item(ln: Line, marker: str, prev: Line | None, cur_list: list[Line], numbered: set[int]) -> bool:
    if _ordinal(marker) is not None:
        return id(ln) in numbered
    if marker in _BULLETS_ALWAYS:
        return True
    # "-", "–", "*", "+": a bullet at a block start, after an item, or after a colon
    return prev is None or bool(cur_list) or prev.text.rstrip().endswith(":")


def _lines_block(lines: list[Line]) -> list[Block]:
    """Lines whose breaks are kept (the contact block, own hard breaks)."""
    return [Block("lines", [ln.text for ln in lines], raw=[ln.raw for ln in lines])]


def _join_lists(blocks: list[Block]) -> list[Block]:
    """Consecutive list items of one kind form one list."""
    out: list[Block] = []
    for b in blocks:
        if b.kind == "list" and out and out[-1].kind == "list" and _list_kind(out[-1]) == _list_kind(b):
            out[-1].items.extend(b.items)
            out[-1].raw.extend([""] + b.raw)  # ``prepare`` keeps the items' blocks apart
        else:
            out.append(b)
    return out


def _list_kind(b: Block) -> str:
    o = _ordinal(b.items[0][0])
    return o[0] if o else "bullet"


#: a title is at most this long (characters)
TITLE_MAX = 300


def _choose_title(blocks: list[Block]) -> None:
    """The first paragraph becomes the title, unless the input names one (``# ``); a
    leading dateline or issuer line stays a paragraph when a title-like one follows."""
    if len(blocks) < 2 or any(b.kind == "title" for b in blocks):
        return
    i = 0
    while (i < 2 and i + 1 < len(blocks) and blocks[i].kind == "para"
           and (is_dateline(blocks[i].text) or is_issuer(blocks[i].text))
           and blocks[i + 1].kind == "para" and _title_like(blocks[i + 1].text)):
        i += 1
    if blocks[i].kind == "para" and _title_like(blocks[i].text) and i + 1 < len(blocks):
        blocks[i].kind = "title"


def _title_like(text: str) -> bool:
    return 0 < len(text) <= TITLE_MAX and not text.rstrip().endswith(":")


# ---------------------------------------------------------------------------------------
# writing the paragraph decisions back into the raw text


def prepare(text: str) -> str:
    """``text`` with blank lines where ``analyse`` puts paragraph breaks (and none where it
    joins Tesseract's blocks); lines and a front matter block are kept as they are."""
    m = _FRONT_MATTER.match(text)
    head = ""
    if m and all(_YAML_LINE.match(ln) for ln in m.group(1).split("\n")):
        head, text = text[: m.end()], text[m.end():]
    _, blocks = analyse(text)
    body = "\n\n".join("\n".join(b.raw) for b in blocks if b.raw)
    return head + (body + "\n" if body else "")
