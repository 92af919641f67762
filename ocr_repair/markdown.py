"""Render repaired text as Markdown: front matter, title heading, paragraphs, lists, the
contact block, links, escapes.

The structure comes from :func:`ocr_repair.layout.build` (the blocks, analysed once before
the repair and moved through its edits); this module only writes it.
The output is CommonMark, and it is stable: the layout reads its own syntax back (front
matter, ``#`` heading, escapes, autolinks, hard breaks, list markers), so rendering the
repaired output again (``render_text``) gives the same Markdown.
"""

from __future__ import annotations

import json

import regex

from . import layout
from .lines import _MARKER, Line, parse_line, split_front_matter, unescape
from .models import Block, Document

#: a URL: up to white space, without trailing sentence punctuation or an unbalanced ")"
_URL = regex.compile(
    r"(?<![\w@/.-])(?:(?:https?|ftp)://|www\.)[^\s<>\"“”„‚‘’»«]+?(?=[.,;:!?'’)\]]*(?:[\s\"“”„‚‘’»«<>]|$))"
)
_EMAIL = regex.compile(
    r"(?<![\w.+-])" + layout._EMAIL_LOCAL + "@" + layout._EMAIL_DOMAIN + r"(?![\w-])"
)
#: characters escaped wherever they are (in text, not in links)
_INLINE_SPECIAL = regex.compile(r"[\\`*_\[\]<]|&(?=#?[A-Za-z0-9]+;)")
#: line starts that would become a block: heading, quote, list, rule, setext underline, fence
_BLOCK_START = regex.compile(r"^(?:[#>+=-]|~~~|\d{1,9}(?=[.)](?:\s|$)))")
#: line starts the layout reads as list markers ("a) ", "(1) "), escaped where not meant
_OWN_MARKER = regex.compile(r"^(?:[a-z](?=\)\s)|(?=\((?:[a-z]|\d{1,2})\)\s))")


def escape_inline(text: str, *, heading: bool = False) -> str:
    """Escape what would otherwise become markup: ``\\ ` * _ [ ] <`` and entity-like ``&``."""
    text = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    if heading:
        text = text.replace("#", "\\#")
    return text


def escape_line_start(text: str, *, own_markers: bool = True) -> str:
    """Escape a line start that would begin a block (``1.`` that is no list, ``-``, ``#`` …);
    with ``own_markers`` also ``a)`` and ``(1)``, which the layout would read as list items."""
    m = _BLOCK_START.match(text)
    if m:
        if m.group()[:1].isdigit():
            return text[: m.end()] + "\\" + text[m.end():]
        return "\\" + text
    if own_markers:
        m = _OWN_MARKER.match(text)
        if m:
            return text[: m.end()] + "\\" + text[m.end():]
    return text


def inline(text: str, *, heading: bool = False) -> str:
    """Text with URLs and e-mail addresses as links and everything else escaped."""
    out = []
    pos = 0
    for m in _links(text):
        out.append(escape_inline(text[pos:m[0]], heading=heading))
        out.append(m[2])
        pos = m[1]
    out.append(escape_inline(text[pos:], heading=heading))
    return "".join(out)


def _links(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in _URL.finditer(text):
        url = _balance(m.group())
        while text[m.start() + len(url): m.start() + len(url) + 1] == ")" and url.count("(") > url.count(")"):
            url += ")"  # the URL's own closing parenthesis ("wiki/A_(B)")
        if url.startswith("www."):
            if regex.search(r"[()\[\]\\]", url) or len(url) < 8:
                continue
            md = f"[{url}](http://{url})"
        else:
            md = f"<{url}>"
        found.append((m.start(), m.start() + len(url), md))
    for m in _EMAIL.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), f"<{m.group()}>"))
    found.sort()
    return found


def _balance(url: str) -> str:
    """Drop a trailing ")" that closes a parenthesis around the URL, not one in it."""
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


def linkify(text: str) -> str:
    """URLs and e-mail addresses as links (``<http://…>``, ``[www.x.de](http://www.x.de)``)."""
    return inline(text)


def render_blocks(blocks: list[layout.Block]) -> str:
    parts = block_parts(blocks)
    return "\n\n".join(p for p in parts if p) + "\n" if parts else ""


def block_parts(blocks: list[layout.Block]) -> list[str]:
    """The Markdown of each block (``render_blocks`` joins the ones not empty)."""
    parts = []
    for b in blocks:
        if b.kind == "title":
            parts.append("# " + inline(b.text, heading=True))
        elif b.kind == "para":
            parts.append(escape_line_start(inline(b.text)))
        elif b.kind == "lines":
            parts.append(_hard_lines(b.lines))
        elif b.kind == "list":
            parts.append(_list(b))
    return parts


def _hard_lines(lines: list[str]) -> str:
    """Lines kept apart by hard breaks (a backslash at the line end)."""
    return "\\\n".join(escape_line_start(inline(ln), own_markers=False) for ln in lines if ln.strip())


def _list(b: layout.Block) -> str:
    kind = layout._list_kind(b)
    if kind == "bullet":
        return "\n".join("- " + escape_line_start(inline(t)) for _, t in b.items)
    if kind in ("num.", "num)"):
        return "\n".join(f"{m} " + escape_line_start(inline(t)) for m, t in b.items)
    # "a)", "(1)": no CommonMark list; the items stay lines of their own
    return _hard_lines([f"{m} {t}" for m, t in b.items])


# ---------------------------------------------------------------------------------------
# front matter

#: keys of the front matter, in order; the first five describe the source document
FRONT_MATTER_KEYS = ("source", "pages", "ocr_engine", "language", "mean_word_confidence", "corrections",
                     "suspects")


def front_matter(doc: Document | None, applied: int, suspects: int, previous: dict | None = None) -> str:
    """The YAML front matter.

    ``previous`` is the front matter of the input when the input is this tool's own
    Markdown: the document it describes is the original one, so its source, pages, engine,
    language and confidence are kept, the corrections made now are added to its count, and
    the suspects are the larger of the two counts (the repair engine judges real-word
    suspects by how many umlauts the text has lost, so on the repaired text it finds fewer,
    though nobody has resolved them).
    """
    prev = previous or {}
    info: dict = {}
    if doc is not None:
        info = {"source": list(doc.sources), "pages": len(doc.pages), "ocr_engine": doc.ocr_engine,
                "language": doc.language, "mean_word_confidence": doc.mean_confidence}
    if any(k in prev for k in FRONT_MATTER_KEYS[:5]):
        info = {k: prev.get(k) for k in FRONT_MATTER_KEYS[:5] if k in prev}
    lines = ["---"]
    if "source" in info:
        src = info["source"]
        src = src if isinstance(src, list) else [src]
        lines.append("source:")
        lines.extend(f"  - {_yaml_str(str(s))}" for s in src)
    if info.get("pages") is not None:
        lines.append(f"pages: {_int(info['pages'])}")
    if "ocr_engine" in info:
        engine = info["ocr_engine"]
        lines.append(f"ocr_engine: {_yaml_str(str(engine)) if engine and engine != 'none' else 'none'}")
    if info.get("language"):
        lines.append(f"language: {_yaml_scalar(str(info['language']))}")
    conf = info.get("mean_word_confidence")
    if isinstance(conf, (int, float)) and not isinstance(conf, bool):
        lines.append(f"mean_word_confidence: {conf:.1f}")
    lines.append(f"corrections: {_int(prev.get('corrections')) + applied}")
    lines.append(f"suspects: {max(_int(prev.get('suspects')), suspects)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _int(v) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


#: plain YAML scalars that a YAML 1.1 reader would not take for a string
_YAML_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~"}


def _yaml_scalar(s: str) -> str:
    """``deu``, ``deu+eng`` as they are; anything else double-quoted."""
    if regex.fullmatch(r"[A-Za-z][A-Za-z0-9_+.-]*", s) and s.lower() not in _YAML_SPECIAL:
        return s
    return _yaml_str(s)


def _yaml_str(s: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def render(blocks: list[Block], text: str, doc: Document | None = None, *, applied: int = 0,
           suspects: int = 0, with_front_matter: bool = True) -> str:
    """Markdown for ``blocks`` over ``text`` (the repaired text; the blocks moved through
    the repair's edits, :meth:`ocr_repair.models.Layout.moved`): the last step, the layout
    is not analysed again. Each block is written as its kind says, from its lines as the
    repair left them; a front matter block is read as the input's own front matter."""
    previous, content = contents(blocks, text)
    md = render_blocks(content)
    if with_front_matter:
        md = front_matter(doc, applied, suspects, previous) + md
    return md


def contents(blocks: list[Block], text: str) -> tuple[dict | None, list[layout.Block]]:
    """(the input's own front matter or None, what :func:`render_blocks` writes for
    ``blocks`` over ``text``): :func:`render` but the writing."""
    previous = None
    content: list[layout.Block] = []
    for b in blocks:
        if b.kind == "front-matter":
            previous, rest = split_front_matter(text[b.start:b.end])
            if previous is not None and not rest.strip():
                continue
            b = Block("lines", b.start, b.end)  # not expected: the repair left no front matter
        block = _content(b, text)
        if block is not None:
            content.append(block)
    return previous, content


def render_text(text: str, doc: Document | None = None, **kw) -> str:
    """Markdown for ``text`` as it stands (no repair: its own Markdown too): the layout
    built once (:func:`ocr_repair.layout.build`), then :func:`render`."""
    found = layout.build(text)
    return render(found.blocks, found.text, doc, **kw)


def _lines(text: str, start: int, end: int) -> list[Line]:
    return [parse_line(ln) for ln in text[start:end].split("\n") if ln.strip()]


def _content(b: Block, text: str) -> layout.Block | None:
    """What ``render_blocks`` writes for ``b``: its kind, and its lines in ``text``."""
    if b.kind == "list":
        items = []
        for it in b.items:
            lines = _lines(text, it.start, it.end)
            if not lines:
                continue
            mk = None if lines[0].literal else _MARKER.match(lines[0].md)
            if mk is None:  # not expected: the repair changed the marker into none
                items.append((it.marker, layout.join_lines([ln.text for ln in lines])))
            else:
                items.append((mk.group("m"), layout.join_lines([unescape(lines[0].md[mk.end():])]
                                                               + [ln.text for ln in lines[1:]])))
        return layout.Block("list", items=items) if items else None
    lines = _lines(text, b.start, b.end)
    if not lines:
        return None
    if b.kind == "heading":
        first = lines[0]
        return layout.Block("title", [first.title if first.title is not None else first.text])
    kind = {"title": "title", "para": "para", "lines": "lines", "contact": "lines"}[b.kind]
    return layout.Block(kind, [ln.text for ln in lines])
