"""The repaired words at their places on the page: the repair's text aligned back to
Tesseract's word boxes, for the outputs that keep the page (searchable PDF, ALTO XML).

The repair works on one text for the whole document (pages joined, running headers and
page numbers dropped, paragraphs set). The corrections a :class:`Result` reports carry the
input's positions (page and offset in the page's OCR text); its ``edits`` are the same
edits at offsets into the text the repair was given, and those are used here. Each word of
the repaired text is traced back to the OCR words it came from:

1. the text the repair was given is rebuilt from the repaired text and its applied
   edits (each keeps what it replaced);
2. its words are aligned to the OCR words of all pages (``difflib`` over the word
   sequences: they are the same words, less the dropped page furniture);
3. the repaired text's characters are mapped to that text's characters (identity
   outside the corrections, a character alignment of before and after inside them), and
   so every repaired word to the OCR words (and the characters in them) it came from.

A repaired word from one OCR word gets that word's box; one from several words on a line
(a join) the union of their boxes; one from words on several lines (a word rejoined over
a line-break hyphen) is placed as its parts, one per line, each with its line's box
(:attr:`Placed.hyphen`); several repaired words from one OCR word (a split) share its box
by their characters. So every box is kept. OCR words the repair never saw (running
headers, footers, page numbers dropped from the text: the ``page-furniture`` corrections)
stay as Tesseract read them, marked :attr:`Placed.furniture`; OCR words the repair removed
(a stray mark) are gone.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass, field

import regex

from .corrections import Correction
from .models import Page, Result, WordBox
from .normalise import normalise
from .registry import Rule

_WORD = regex.compile(r"\S+")
_HYPHENS = "-\u00ad\u2010\u2011"


@dataclass(slots=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def union(self, other: Box) -> Box:
        return Box(min(self.left, other.left), min(self.top, other.top),
                   max(self.right, other.right), max(self.bottom, other.bottom))


@dataclass(slots=True)
class Placed:
    """A repaired word (or the part of one on this line) with its box on the page."""

    text: str  #: what goes at this place: the repaired word, or its part on this line
    box: Box
    conf: float  #: 0-1: Tesseract's for letters as read, the correction's for a repaired word
    ocr: str  #: what Tesseract read at this place
    changed: bool = False  #: a correction touched it
    #: for a word over a line break: 1 for its first part, 2 for the others
    hyphen: int = 0
    whole: str = ""  #: the whole repaired word (== text unless ``hyphen``)
    furniture: bool = False  #: not in the repaired text (a running header, a page number)


@dataclass(slots=True)
class PlacedLine:
    block: int
    par: int
    line: int
    words: list[Placed] = field(default_factory=list)

    @property
    def box(self) -> Box:
        box = self.words[0].box
        for w in self.words[1:]:
            box = box.union(w.box)
        return box


@dataclass(slots=True)
class PlacedPage:
    page: Page
    lines: list[PlacedLine] = field(default_factory=list)

    @property
    def words(self) -> list[Placed]:
        return [w for ln in self.lines for w in ln.words]


def edits(result: Result) -> list[Correction]:
    """The applied edits at offsets into the text the repair was given, in order.

    A pipeline's :class:`Result` carries them (``edits``); its ``corrections`` have the
    input's positions. A Result made by hand, without ``edits``, is taken to have its
    corrections at those offsets (less the page furniture, which was never in that text).
    """
    found = result.edits or [c for c in result.corrections if c.applied and c.rule != Rule.PAGE_FURNITURE]
    return sorted(found, key=lambda c: c.start)


def source_text(result: Result) -> str:
    """The text the repair was given, rebuilt from the repaired text and the applied
    edits (each keeps its ``before``): their offsets are into this text (:func:`edits`)."""
    out, pos0, pos1 = [], 0, 0
    fixed = result.text
    for c in edits(result):
        gap = c.start - pos0
        out.append(fixed[pos1 : pos1 + gap])
        out.append(c.before)
        pos1 += gap + len(c.after)
        pos0 = c.end
    out.append(fixed[pos1:])
    return "".join(out)


def _char_map(before: str, after: str) -> list[int]:
    """For each character of ``after``, the index of the character of ``before`` it comes
    from (equal runs one to one, replaced runs in proportion, inserted characters to
    their neighbour in ``before``)."""
    out: list[int] = []
    if not before:
        return [-1] * len(after)
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out.extend(range(i1, i2))
        elif tag == "replace":
            # onto the letters replaced, not a line-break hyphen or space between them
            # ("Stra-\nBensperren" -> "Straßensperren": the ß is the B of the second line)
            cands = [i for i in range(i1, i2) if before[i].isalnum()] or list(range(i1, i2))
            n, m = len(cands), j2 - j1
            out.extend(cands[min(n - 1, (k * n) // m)] for k in range(m))
        elif tag == "insert":
            out.extend([max(0, i1 - 1)] * (j2 - j1))
    return out


def _repaired_to_source(result: Result) -> list[int]:
    """For each character of the repaired text, its position in :func:`source_text`."""
    fixed = result.text
    out: list[int] = []
    pos0 = pos1 = 0
    for c in edits(result):
        gap = c.start - pos0
        out.extend(range(pos0, pos0 + gap))
        out.extend(c.start + k if k >= 0 else c.start for k in _char_map(c.before, c.after))
        pos1 += gap + len(c.after)
        pos0 = c.end
    out.extend(range(pos0, pos0 + len(fixed) - pos1))
    return out


def _key(word: str) -> str:
    return normalise(word).strip()


@dataclass(slots=True)
class _Alignment:
    pages: list[Page]
    ocr: list[tuple[int, WordBox]]  #: (page index, word) for every OCR word, in order
    toks: list[tuple[int, int, str]]  #: the words of the text the repair was given
    tok_ocr: list[int | None]  #: for each of those, the OCR word it is (index into ``ocr``)
    in_text: list[bool]  #: for each OCR word, whether the repair saw it


def _align(result: Result) -> _Alignment:
    """The words of the text the repair was given aligned to the OCR words of all pages."""
    doc = result.document
    pages = list(doc.pages) if doc else []
    ocr = [(pi, w) for pi, p in enumerate(pages) for w in p.boxes]
    src = source_text(result)
    toks = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(src)]
    tok_ocr: list[int | None] = [None] * len(toks)
    keys = [_key(w.text) for _, w in ocr]
    sm = difflib.SequenceMatcher(None, keys, [t[2] for t in toks], autojunk=False)
    in_text = [False] * len(ocr)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(j2 - j1):
                tok_ocr[j1 + k] = i1 + k
                in_text[i1 + k] = True
        elif tag == "replace":  # unequal runs: in proportion
            n, m = i2 - i1, j2 - j1
            for k in range(m):
                tok_ocr[j1 + k] = i1 + min(n - 1, (k * n) // m)
            for i in range(i1, i2):
                in_text[i] = True
        elif tag == "insert" and ocr:  # words no OCR word has: they share their neighbour's box
            near = max(0, i1 - 1)
            for k in range(j1, j2):
                tok_ocr[k] = near
            in_text[near] = True
    return _Alignment(pages, ocr, toks, tok_ocr, in_text)


def correction_boxes(result: Result) -> list[tuple[Correction, list[tuple[int, Box]]]]:
    """Each applied correction, as the Result reports it (the input's positions), with the
    boxes of the OCR words it touches, as (page number, box): one for a misread repaired
    in a word, every part's for a join over a line break or a split, the words of its line
    for a running header or page number removed (``page-furniture``); none for a
    transcription."""
    al = _align(result)
    starts = [t[0] for t in al.toks]

    def box(oi: int) -> tuple[int, Box]:
        pi, w = al.ocr[oi]
        return al.pages[pi].number, Box(w.left, w.top, w.left + w.width, w.top + w.height)

    def touched(c: Correction) -> list[tuple[int, Box]]:
        seen: dict[int, None] = {}
        i = max(0, bisect.bisect_right(starts, c.start) - 1)
        while i < len(al.toks) and al.toks[i][0] < max(c.end, c.start + 1):
            if al.toks[i][1] > c.start and al.tok_ocr[i] is not None:
                seen[al.tok_ocr[i]] = None
            i += 1
        return [box(oi) for oi in seen]

    # the reported corrections (less the furniture) are the edits in the same order
    internal = edits(result)
    reported = [c for c in result.corrections if c.applied and c.rule != Rule.PAGE_FURNITURE]
    same = (bool(result.edits) and len(reported) == len(internal)
            and all(a.rule == b.rule and a.after == b.after for a, b in zip(reported, internal)))
    edit_of = {id(a): b for a, b in zip(reported, internal)} if same else {}
    # the OCR words outside the text, page by page: the furniture lines' words
    outside: dict[int, list[int]] = {}
    for oi, (pi, _) in enumerate(al.ocr):
        if not al.in_text[oi]:
            outside.setdefault(pi, []).append(oi)
    used: set[int] = set()

    def furniture(c: Correction) -> list[tuple[int, Box]]:
        want = [_key(t) for t in c.before.split()]
        cands = [oi for oi in outside.get(c.page - 1, []) if oi not in used]
        keys = [_key(al.ocr[oi][1].text) for oi in cands]
        for k in range(len(cands) - len(want) + 1):
            if want and keys[k : k + len(want)] == want:
                run = cands[k : k + len(want)]
                used.update(run)
                return [box(oi) for oi in run]
        return []

    out = []
    if not same:
        out = [(c, touched(c)) for c in internal]
    for c in result.corrections:
        if not c.applied:
            continue
        if c.rule == Rule.PAGE_FURNITURE:
            out.append((c, furniture(c) if c.page else []))
        elif same:
            out.append((c, touched(edit_of[id(c)])))
    return out


def place(result: Result) -> list[PlacedPage]:
    """The repaired words of a scanned document at their places, page by page (pages with
    no word boxes, a transcription's, come back empty)."""
    al = _align(result)
    pages, ocr, toks, tok_ocr, in_text = al.pages, al.ocr, al.toks, al.tok_ocr, al.in_text
    tok_starts = [t[0] for t in toks]

    def locate(pos: int) -> tuple[int, float] | None:
        """Source position -> (OCR word, fraction of that word's width where it lies)."""
        t = bisect.bisect_right(tok_starts, pos) - 1
        if t < 0 or pos >= toks[t][1] or tok_ocr[t] is None:
            return None
        start, end, _ = toks[t]
        return tok_ocr[t], (pos - start) / max(1, end - start)

    # 3. repaired words -> (OCR word, fraction range) pieces
    to_src = _repaired_to_source(result)
    changed_spans = sorted((c.start, c.end, c.confidence) for c in edits(result) if c.before != c.after)
    span_starts = [s for s, _, _ in changed_spans]

    def correction_at(lo: int, hi: int) -> float | None:
        """The lowest confidence of the corrections overlapping source ``lo:hi``."""
        i = max(0, bisect.bisect_right(span_starts, lo) - 1)
        confs = []
        while i < len(changed_spans) and changed_spans[i][0] < hi:
            s, e, conf = changed_spans[i]
            if e > lo or (s == e and lo <= s < hi):
                confs.append(conf)
            i += 1
        return min(confs) if confs else None

    fixed = result.text
    # per OCR word: the repaired words (their index, fraction range) taking part of it
    shares: dict[int, list[tuple[int, float, float]]] = {}
    found: list[tuple[str, list[tuple[int, int, int, float, float]], float | None]] = []
    for m in _WORD.finditer(fixed):
        pieces: list[list] = []  # [ocr index, first char, last char + 1, frac lo, frac hi]
        src_lo = src_hi = None
        for q in range(m.start(), m.end()):
            p = to_src[q] if q < len(to_src) else -1
            hit = locate(p) if p >= 0 else None
            if hit is None:
                if pieces:  # inserted or moved: stays with the piece before it
                    pieces[-1][2] = q - m.start() + 1
                continue
            src_lo = p if src_lo is None else min(src_lo, p)
            src_hi = p + 1 if src_hi is None else max(src_hi, p + 1)
            oi, frac = hit
            if pieces and pieces[-1][0] == oi:
                pieces[-1][2] = q - m.start() + 1
                pieces[-1][3] = min(pieces[-1][3], frac)
                pieces[-1][4] = max(pieces[-1][4], frac)
            else:
                pieces.append([oi, q - m.start(), q - m.start() + 1, frac, frac])
        if not pieces:
            continue
        pieces[0][1] = 0  # leading characters with no source of their own
        conf = correction_at(src_lo, src_hi) if src_lo is not None else None
        idx = len(found)
        found.append((m.group(), [tuple(pc) for pc in pieces], conf))
        for oi, _, _, lo, hi in pieces:
            shares.setdefault(oi, []).append((idx, lo, hi))

    # 4. boxes: a whole OCR word's box where one repaired word takes it, else a share
    def box_of(oi: int, idx: int) -> Box:
        w = ocr[oi][1]
        full = Box(w.left, w.top, w.left + w.width, w.top + w.height)
        takers = shares[oi]
        if len(takers) == 1:
            return full
        order = sorted(takers, key=lambda s: (s[1], s[0]))
        k = next(i for i, s in enumerate(order) if s[0] == idx)
        # cut between neighbours at the midpoint of their characters' positions
        cuts = [0.0] + [(order[i][2] + order[i + 1][1]) / 2 for i in range(len(order) - 1)] + [1.0]
        lo, hi = cuts[k], cuts[k + 1]
        return Box(w.left + w.width * lo, w.top, w.left + w.width * hi, w.top + w.height)

    def line_of(oi: int) -> tuple[int, int, int, int]:
        pi, w = ocr[oi]
        return (pi, w.block, w.par, w.line)

    placed: dict[int, list[tuple[tuple, Placed]]] = {}  # OCR word index of its first piece -> words
    for idx, (text, pieces, conf) in enumerate(found):
        groups: list[list] = []  # pieces per line, in order
        for pc in pieces:
            if groups and line_of(groups[-1][-1][0]) == line_of(pc[0]):
                groups[-1].append(pc)
            else:
                groups.append([pc])
        for g, grp in enumerate(groups):
            box = box_of(grp[0][0], idx)
            for pc in grp[1:]:
                box = box.union(box_of(pc[0], idx))
            ocr_text = " ".join(dict.fromkeys(ocr[pc[0]][1].text for pc in grp))
            if len(groups) == 1:
                part = text
            else:
                first = 0 if g == 0 else grp[0][1]
                last = len(text) if g == len(groups) - 1 else groups[g + 1][0][1]
                part = text[first:last]
            ocr_conf = min(max(0.0, ocr[pc[0]][1].conf) for pc in grp) / 100
            # a part whose letters are as Tesseract read them (a word only rejoined over a
            # line break) keeps Tesseract's confidence; a repaired one gets the repair's
            as_read = part.rstrip(_HYPHENS) == ocr_text.rstrip(_HYPHENS)
            item = Placed(text=part, box=box, conf=ocr_conf if conf is None or as_read else conf, ocr=ocr_text,
                          changed=conf is not None, hyphen=0 if len(groups) == 1 else (1 if g == 0 else 2),
                          whole=text)
            placed.setdefault(grp[0][0], []).append((line_of(grp[0][0]), item))

    # OCR words the repair never saw (page furniture) stay as read
    for oi, (pi, w) in enumerate(ocr):
        if not in_text[oi] and oi not in shares:
            conf = max(0.0, w.conf) / 100
            placed.setdefault(oi, []).append((line_of(oi), Placed(
                text=w.text, box=Box(w.left, w.top, w.left + w.width, w.top + w.height), conf=conf,
                ocr=w.text, whole=w.text, furniture=True)))

    out = [PlacedPage(page=p) for p in pages]
    for oi in sorted(placed):
        for (pi, block, par, line), item in placed[oi]:
            lines = out[pi].lines
            if not lines or (lines[-1].block, lines[-1].par, lines[-1].line) != (block, par, line):
                lines.append(PlacedLine(block, par, line))
            lines[-1].words.append(item)
    return out
