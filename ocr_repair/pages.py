"""Joining the pages of one document: page furniture (page numbers, running headers and
footers) removed on strong evidence only, and a paragraph that runs on over a page break
rejoined. :func:`join` also tells where every line of the joined text came from and what
was removed, so each removal is an explained correction.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import regex

from .lines import _ABBREVIATION, _CLOSERS, _MARKER, ends_sentence, line_width, starts_continuation

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
