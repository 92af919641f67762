"""A long transcription in bounded windows: memory flat whatever the input's size.

``convert`` of one plain-text file larger than :data:`BIG` characters runs here instead of
holding the text, its copies and their maps whole (:func:`convert_file`). The file is read
twice, as a stream of windows of about :data:`WINDOW` characters cut at a blank line
that no stage reads across (:func:`windows`):

1. the evidence the document gives as a whole: the column width of its lines (the
   layout's paragraphs, :func:`ocr_repair.layout.width_lengths`) and the repair's first
   pass (:func:`ocr_repair.repair.gather_evidence`: its words' counts, names' shapes,
   hyphenated words), merged over the windows;
2. each window normalised, laid out, repaired (with that evidence) and rendered, its
   corrections mapped to the input (each window's offsets and lines shifted by where it
   starts), its Markdown spooled to a temporary file; at the end the front matter (which
   counts all corrections) and the spooled body go to the output through
   :func:`ocr_repair.output.atomic_write` (a temporary file and a rename).

The Markdown and the corrections are the ones the whole-text path
(:func:`ocr_repair.pipeline.repair_document`) gives (``tests/test_windowed.py``).
A text this path cannot stream (a form feed: pages whose furniture is found across them;
not UTF-8; a byte-order mark) goes the whole-text way.
"""

from __future__ import annotations

import codecs
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import regex

from .config import Config
from .corrections import Correction, counts
from .errors import InputFileError
from .lines import width_of_lengths
from .models import Document, Page, Result

#: characters of a window (about: it ends at the next blank line where a cut is safe)
WINDOW = 1 << 20
#: characters above which ``convert`` of a text file goes window by window
BIG = 3 * WINDOW
#: bytes read from the file at a time
_READ = 1 << 18

_BLANK_RUN = regex.compile(r"\n(?:[ \t\r]*\n)+")
#: a line a window may begin with: running text, a capitalised word first
_SAFE_START = regex.compile(r"[A-ZÄÖÜ][a-zäöüß]+[ ,]")
#: a line that may begin a numbered list item ("1.", "a)", "(2)")
_NUMBERED = regex.compile(r"(?m)^[^\n]{0,8}?(?:\d{1,3}[.)]|[a-z]\)|\((?:\d{1,2}|[a-z])\))")
#: a line that begins a list item (a marker)
_MARKER_START = regex.compile(r"(?:[-–—*+•·▪]|\d{1,3}[.)]|\(?[A-Za-z0-9]{1,2}\))\s")


class NotStreamable(Exception):
    """The text cannot be read window by window (see the module's note): read it whole."""


def _safe_cut(prev: str, nxt: str) -> bool:
    """Whether the blank lines between the line ``prev`` and the line ``nxt`` may end a
    window: no stage reads across them. ``prev`` ends a sentence (no paragraph goes on, no
    hyphenated word is split there, no list runs on) and ``nxt`` begins running text (no
    list item, label, dateline, contact block or page furniture at a window's edge)."""
    from .lines import _ABBREVIATION, _CLOSERS, _CONTACT_START, ends_sentence, is_dateline

    prev, nxt = prev.strip(), nxt.strip()
    if len(prev) < 20 or len(nxt) < 20 or "`" in prev or "`" in nxt:
        return False
    if not ends_sentence(prev) or prev.endswith((":", ";", ",")) or _ABBREVIATION.search(prev.rstrip(_CLOSERS)):
        return False
    if _MARKER_START.match(prev) or not _SAFE_START.match(nxt) or nxt.endswith(":"):
        return False
    return not is_dateline(nxt) and not _CONTACT_START.match(nxt)


def _cut(buf: str, start: int, final: bool) -> tuple[int | None, int]:
    """(where in ``buf`` the window ends: after a blank-line run from ``start`` on whose
    lines around it allow a cut, the next line complete in ``buf``; or None: read on, and
    where to look again then)."""
    for m in _BLANK_RUN.finditer(buf, start):
        line_start = buf.rfind("\n", 0, m.start()) + 1
        nl = buf.find("\n", m.end())
        if nl < 0:
            if not final:
                return None, m.start()
            nl = len(buf)
        if _safe_cut(buf[line_start : m.start()], buf[m.end() : nl]):
            return m.end(), 0
    last = buf.rfind("\n", start)  # a blank-line run may begin with the last line break
    return None, last if last >= 0 else len(buf)


def _decoded(path: Path) -> Iterator[str]:
    """The text of the file ``path`` in pieces: UTF-8 (a BOM allowed), no form feed;
    :class:`NotStreamable` otherwise (the whole-text reader then says what is wrong)."""
    from .inputs import bom_encoding

    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        fh = open(path, "rb")
    except OSError:
        raise NotStreamable() from None
    with fh:
        first = True
        while True:
            raw = fh.read(_READ)
            if first and (bom_encoding(raw) is not None or b"\x00" in raw[:8192]):
                raise NotStreamable()
            first = False
            try:
                text = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError:
                raise NotStreamable() from None
            if "\f" in text:
                raise NotStreamable()
            if text:
                yield text
            if not raw:
                return


def windows(pieces: Iterator[str], size: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(offset, lines before it, text) of each window of the text ``pieces`` give, in order,
    covering it: about ``size`` characters (default :data:`WINDOW`) each, cut after
    blank lines where :func:`_safe_cut` allows (a text with no such place is one window)."""
    size = WINDOW if size is None else size
    buf, offset, lines = "", 0, 0
    final = False
    look = size  # where in ``buf`` a cut is looked for (no text before it is scanned again)
    it = iter(pieces)
    while True:
        if not final:
            piece = next(it, None)
            if piece is None:
                final = True
            else:
                buf += piece
        while len(buf) > size:
            at, look = _cut(buf, max(look, size), final)
            if at is None:
                break
            win, buf = buf[:at], buf[at:]
            look = size
            yield offset, lines, win
            offset += len(win)
            lines += win.count("\n")
        if final:
            if buf:
                yield offset, lines, buf
            return


def streamable(path: Path) -> bool:
    """Whether ``convert`` of the file ``path`` goes window by window: a text file over
    :data:`BIG` bytes (characters: about as many) that :func:`_decoded` reads."""
    try:
        if os.path.getsize(path) <= BIG:
            return False
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    from .inputs import bom_encoding

    return bom_encoding(head) is None and b"\x00" not in head


def validate(path: Path) -> bool:
    """:func:`ocr_repair.inputs.validate` of a text file, in pieces (not read whole): an
    :class:`~ocr_repair.errors.InputFileError` as it gives one. True: the file can be
    converted window by window; False: it is sound, but must be read whole."""
    from .inputs import validate as whole

    nonblank = False
    try:
        for piece in _decoded(path):
            nonblank = nonblank or bool(piece.strip())
    except NotStreamable:
        whole(path)  # says what is wrong, or finds it sound
        return False
    if not nonblank:
        raise InputFileError(f"{path}: empty file")
    return True


def _shift(c: Correction, offset: int, lines: int) -> Correction:
    return replace(c, start=c.start + offset, end=c.end + offset, line=c.line + lines)


def convert_file(path: Path, config: Config, target: str, *, keep_corrections: bool = False,
                 progress: Callable[[int, int], None] | None = None, size: int | None = None,
                 write: Callable | None = None) -> Result:
    """``convert`` of the transcription ``path`` to Markdown written to ``target`` (a
    file, atomically; ``write(chunks)`` is given the Markdown's pieces instead where set:
    standard output), window by window (see the module). Returns the :class:`Result` with
    the corrections (all of them with ``keep_corrections``, else none: what the front
    matter counts is made as the windows go), no text or Markdown (written already).
    ``progress(done, total)`` is told the characters repaired. Raises
    :class:`NotStreamable` before anything is written where the file cannot be streamed."""
    from . import layout, markdown, repair
    from .normalise import normalise, normalise_mapped
    from .pipeline import InputMap, _Part, get_lexicon

    size = WINDOW if size is None else size
    lex = get_lexicon(config)
    # 1. the document's evidence: its column width, the repair's first pass; then which
    # numbered lines are list items (a neighbour may be in another window)
    lengths: Counter[int] = Counter()
    evidence = None
    total = 0
    marked: list[int] = []  # the windows with a numbered line
    for k, (_, _, win) in enumerate(windows(_decoded(path), size)):
        joined = layout.join([normalise(win)], keep_furniture=config.keep_furniture)
        lengths.update(layout.width_lengths(joined.text, start=k == 0))
        ev = repair.gather_evidence(joined.text, config, lex)
        if evidence is None:
            evidence = ev
        else:
            evidence.merge(ev)
        if _NUMBERED.search(joined.text):
            marked.append(k)
        total += len(win)
    width = width_of_lengths(lengths)
    cands: list[tuple[str, int]] = []
    owner: list[tuple[int, int]] = []  # (window, index among its candidates) of each
    for k, (_, _, win) in enumerate(windows(_decoded(path), size)):
        if k in marked:
            joined = layout.join([normalise(win)], keep_furniture=config.keep_furniture)
            found = layout.numbered_candidates(joined.text, width, start=k == 0)
            owner.extend((k, i) for i in range(len(found)))
            cands.extend(found)
    numbered: dict[int, set[int]] = {}
    for i in layout.numbered_survivors(cands):
        numbered.setdefault(owner[i][0], set()).add(owner[i][1])

    doc = Document(sources=[str(path)], language=config.lang)
    doc.pages.append(Page(source=str(path), number=1, text="", words=0))
    kept: list[Correction] = []
    applied = suspects = 0
    previous = None
    spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
    with spool:
        wrote = any_parts = False
        for k, (offset, lines, win) in enumerate(windows(_decoded(path), size)):
            if progress is not None:
                progress(offset, total)
            page = Page(source=str(path), number=1, text=win, words=0)
            one = Document(sources=doc.sources, pages=[page], language=doc.language)
            parts = [_Part(0, 0, normalise_mapped(win))]
            joined = layout.join([parts[0].norm.text], keep_furniture=config.keep_furniture)
            found = layout.build(joined.text, width=width, start=k == 0, numbered=numbered.get(k, set()))
            where = InputMap(one, parts, joined, found.text)
            found_corrections = repair.analyse(found.text, config, lex, found.sentence_starts, evidence=evidence)
            fixed = repair.apply_corrections(found.text, found_corrections)
            moved = found.moved([c for c in found_corrections if c.applied], fixed)
            mapped = [where.furniture(f) for f in joined.removed] + [where.correction(c) for c in found_corrections]
            mapped = [_shift(c, offset, lines) for c in sorted(mapped, key=lambda c: (c.page, c.start))]
            a, s = counts(mapped)
            applied, suspects = applied + a, suspects + s
            if keep_corrections:
                kept.extend(mapped)
            prev, content = markdown.contents(moved.blocks, fixed)
            if k == 0:
                previous = prev
            blocks = markdown.block_parts(content)
            any_parts = any_parts or bool(blocks)
            for part in blocks:
                if part:
                    spool.write("\n\n" + part if wrote else part)
                    wrote = True
            del found, where, found_corrections, fixed, moved, mapped, content, blocks, parts, joined, one, page
        if any_parts:
            spool.write("\n")
        if progress is not None:
            progress(total, total)
        head = markdown.front_matter(doc, applied, suspects, previous) if config.front_matter else ""
        spool.seek(0)

        def chunks() -> Iterator[str]:
            yield head
            while True:
                piece = spool.read(_READ)
                if not piece:
                    return
                yield piece

        if write is not None:
            write(chunks())
        else:
            from .output import atomic_write

            atomic_write(target, chunks())
    return Result(text="", markdown="", corrections=kept, document=doc)


def write_stdout(chunks: Iterator[str]) -> None:
    """The Markdown's pieces to standard output, as UTF-8 whatever the locale says."""
    out = sys.stdout.buffer
    for chunk in chunks:
        out.write(chunk.encode("utf-8"))
    out.flush()
