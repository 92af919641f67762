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

``build``
    the analysis, once, as the document of blocks (:class:`ocr_repair.models.Layout`): the
    paragraph decisions written back into the raw text (blank lines added and removed,
    lines untouched; ``prepare`` gives that text alone), so the repair sees the paragraphs
    the Markdown will have, the span of each block in it, and the sentence starts the
    repair reads. The repair's edits move the spans; ``markdown.render`` writes the blocks
    without analysing again.

Reading its own Markdown back (a front matter block, ``# `` heading, backslash escapes,
autolinks, hard breaks, list markers) is part of ``analyse``: rendering the analysis of
rendered Markdown gives the same Markdown again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .lines import (  # noqa: F401  (the line tests; markdown and the tests read some as layout.X)
    Line,
    SHORT_AFTER_SENTENCE,
    SHORT_ANY,
    _ABBREVIATION,
    _BULLETS_ALWAYS,
    _CLOSERS,
    _CONTACT_START,
    _EMAIL_DOMAIN,
    _EMAIL_LOCAL,
    _FRONT_MATTER,
    _MARKER,
    _YAML_LINE,
    ends_sentence,
    is_dateline,
    is_issuer,
    is_label,
    is_short,
    line_width,
    parse_front_matter,
    raw_blocks,
    split_front_matter,
    starts_continuation,
    unescape,
)
from . import models
from .models import Layout
from .pages import Furniture, Joined, find_furniture, join, join_pages  # noqa: F401
from .pages import _PAGE_NUMBER  # noqa: F401
from .tokens import sentence_starts

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
    #: the kind of :class:`ocr_repair.models.Block` it is: ``heading`` for a title the
    #: input gives (``# ``), ``contact`` for the contact block; else ``kind``
    role: str = ""

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


#: ``analyse(width=)`` not given: the column width of the text's own lines
OWN_WIDTH = object()


def analyse(text: str, *, width=OWN_WIDTH, start: bool = True,
            numbered: set[int] | None = None) -> tuple[dict | None, list[Block]]:
    """(front matter read from the top of ``text`` or None, the blocks of the text).

    A window of a longer document (:mod:`ocr_repair.windowed`) gives the document's
    column ``width`` (:func:`width_lengths` of all its windows), ``start=False`` for a
    window after the first (no front matter, no title there) and ``numbered``: which of
    its :func:`numbered_candidates` are list items (:func:`numbered_survivors` of all)."""
    fm, body = split_front_matter(text) if start else (None, text)
    raws = _explicit(raw_blocks(body), start)
    if width is OWN_WIDTH:
        width = line_width(_width_lines(raws))
    raws = _merge_continuations(raws, width, start)
    blocks: list[Block] = []
    numbered = _numbered_items(raws, width, numbered)
    for r in raws:
        blocks.extend(_segment(r, width, numbered))
    blocks = _join_lists(blocks)
    if start:
        _choose_title(blocks)
    return fm, blocks


def _width_lines(raws: list[_Raw]) -> list[str]:
    """The lines the column width is measured on: all but each OCR block's last."""
    return [ln.text for r in raws if r.explicit is None for ln in r.lines[:-1]]


def _window_raws(text: str, start: bool) -> list[_Raw]:
    """The OCR blocks :func:`analyse` reads in the text :func:`build` is given."""
    if start:
        m = _FRONT_MATTER.match(text)
        if m and all(_YAML_LINE.match(ln) for ln in m.group(1).split("\n")):
            text = text[m.end():]
        text = split_front_matter(text)[1]
    return _explicit(raw_blocks(text), start)


def width_lengths(text: str, start: bool = True) -> list[int]:
    """The lengths :func:`line_width` takes the column width from, in ``text`` (a window
    of a document given to :func:`build`: ``start`` as for :func:`analyse`)."""
    return [len(t.strip()) for t in _width_lines(_window_raws(text, start)) if t.strip()]


def numbered_candidates(text: str, width: float | None, start: bool = True) -> list[tuple[str, int]]:
    """(style, number) of the lines that may start a numbered list item in ``text`` (a
    window given to :func:`build`), in order: :func:`numbered_survivors` of all the
    windows' says which are."""
    raws = _merge_continuations(_window_raws(text, start), width, start)
    return [(style, n) for _, style, n in _numbered_candidates(raws, width)]


def _explicit(blocks: list[list[Line]], start: bool = True) -> list[_Raw]:
    """Blocks marked by Markdown syntax: a ``#`` heading, hard line breaks."""
    out = []
    for n, lines in enumerate(blocks):
        # "# " is the title only where ``markdown`` puts it: the first block, or the one
        # after a leading dateline/issuer line or two; elsewhere it is text (and is escaped)
        if start and lines[0].title is not None and n <= 2 and not any(r.explicit == "title" for r in out) and all(
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


def _merge_continuations(raws: list[_Raw], width: float | None, start: bool = True) -> list[_Raw]:
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
            if ((len(out) >= 2 or not start) and _body_like(prev) and not ends_sentence(last.text) and _marker(last) is None
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


def _numbered_items(raws: list[_Raw], width: float | None, keep: set[int] | None = None) -> set[int]:
    """ids of the lines that start a numbered list item: a marker at a paragraph start
    (or after an item, a colon or a short line) with the previous or next number of the
    same style nearby. ``keep``: which candidates are (their indices), where the
    neighbours were told over a whole document of windows."""
    cands = _numbered_candidates(raws, width)
    if keep is None:
        keep = numbered_survivors([(style, n) for _, style, n in cands])
    return {cands[i][0] for i in keep}


def _numbered_candidates(raws: list[_Raw], width: float | None) -> list[tuple[int, str, int]]:
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
    return cands


def numbered_survivors(cands: list[tuple[str, int]]) -> set[int]:
    """The indices of the candidates (style, number) that are list items: a candidate
    without a neighbour is rendered escaped, so it is no candidate when the Markdown is
    read again; such ones are dropped until every one left has its neighbour."""
    idx = list(range(len(cands)))
    while True:
        keep = []
        for k, i in enumerate(idx):
            style, n = cands[i]
            before = cands[idx[k - 1]] if k else None
            after = cands[idx[k + 1]] if k + 1 < len(idx) else None
            if (before and before[0] == style and before[1] == n - 1) or (
                    after and after[0] == style and after[1] == n + 1):
                keep.append(i)
        if len(keep) == len(idx):
            return set(keep)
        idx = keep


def _segment(r: _Raw, width: float | None, numbered: set[int]) -> list[Block]:
    """One Tesseract block as paragraphs, lists, issuer/dateline lines, a contact block."""
    if r.explicit == "title":
        return [Block("title", [r.lines[0].title or ""], raw=[r.lines[0].raw], role="heading")]
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
            out.extend(_lines_block(lines[j:], "contact"))
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


def _lines_block(lines: list[Line], role: str = "lines") -> list[Block]:
    """Lines whose breaks are kept (the contact block, own hard breaks)."""
    return [Block("lines", [ln.text for ln in lines], raw=[ln.raw for ln in lines], role=role)]


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
# the document of blocks: the analysis once, with spans


#: the kind of :class:`ocr_repair.models.Block` of each analysed block (by ``role`` or ``kind``)
_KINDS = {"heading": "heading", "title": "title", "para": "para", "lines": "lines", "contact": "contact",
          "list": "list"}


def build(text: str, *, rewrite: bool = True, width=OWN_WIDTH, start: bool = True,
          numbered: set[int] | None = None) -> Layout:
    """The document of blocks of ``text``: the layout analysed once, before the repair.

    With ``rewrite`` (what ``convert`` repairs), the text of the layout is ``text`` with a
    blank line where :func:`analyse` puts a paragraph break and none where it joins
    Tesseract's blocks (lines and a front matter block kept as they are), so the repair
    sees the paragraphs the Markdown will have; without, the text is ``text`` itself and
    the blocks span its lines as they stand. Each block's span covers its lines; a list's
    items have their own spans. ``width``, ``start``, ``numbered``: a window of a document
    (:func:`analyse`).
    """
    m = _FRONT_MATTER.match(text) if start else None
    head = ""
    if m and all(_YAML_LINE.match(ln) for ln in m.group(1).split("\n")):
        head, body = text[: m.end()], text[m.end():]
    else:
        body = text
    _, found = analyse(body, width=width, start=start, numbered=numbered)
    blocks: list[models.Block] = [models.Block("front-matter", 0, len(head))] if head else []
    groups = [_groups(b) for b in found if b.raw]
    found = [b for b in found if b.raw]
    if rewrite:
        chunks = ["\n\n".join("\n".join(g) for g in gs) for gs in groups]
        out = head + ("\n\n".join(chunks) + "\n" if chunks else "")
        spans = []
        pos = len(head)
        for gs in groups:
            item_spans = []
            for g in gs:
                n = len("\n".join(g))
                item_spans.append((pos, pos + n))
                pos += n + 2
            spans.append(item_spans)
    else:
        out = text
        spans = _locate(text, len(head), groups)
    for b, item_spans in zip(found, spans):
        start, end = item_spans[0][0], item_spans[-1][1]
        items = [models.Item(marker, s, e) for (marker, _), (s, e) in zip(b.items, item_spans)] \
            if b.kind == "list" else []
        blocks.append(models.Block(_KINDS[b.role or b.kind], start, end, items))
    return Layout(out, blocks, sentence_starts(out))


def _groups(b: Block) -> list[list[str]]:
    """The raw lines of a block, by list item (one group for any other block)."""
    if b.kind != "list":
        return [b.raw]
    out: list[list[str]] = [[]]
    for ln in b.raw:
        if ln == "":  # ``_join_lists`` keeps the items' lines apart
            out.append([])
        else:
            out[-1].append(ln)
    return out


def _locate(text: str, pos: int, groups: list[list[list[str]]]) -> list[list[tuple[int, int]]]:
    """The spans of the groups of raw lines in ``text`` from ``pos`` on: each raw line is
    the next line of the text that is the same (blank lines are in no block)."""
    lines = []  # (start, end, line) of the lines of the text from pos
    for ln in text[pos:].split("\n"):
        lines.append((pos, pos + len(ln), ln))
        pos += len(ln) + 1
    out = []
    k = 0
    for gs in groups:
        spans = []
        for g in gs:
            first = None
            for raw in g:
                while k < len(lines) and lines[k][2] != raw:
                    k += 1
                if k == len(lines):  # not expected: the analysis keeps every line
                    k -= 1
                first = lines[k][0] if first is None else first
                k += 1
            spans.append((first, lines[k - 1][1]))
        out.append(spans)
    return out


def prepare(text: str) -> str:
    """``text`` with blank lines where ``analyse`` puts paragraph breaks (and none where it
    joins Tesseract's blocks); lines and a front matter block are kept as they are: the
    text of :func:`build`."""
    return build(text).text
