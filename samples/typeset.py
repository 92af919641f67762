#!/usr/bin/env python3
"""Typeset German text onto A4 pages at 300 dpi, the way a scanned print-out looks.

Makes the project's own scanned sample (``samples/press-release-scan.*``) and
gives the tests page images whose text is known exactly, including real
line-break hyphens (``Digitalisierungszen-`` / ``tren``).

Input: paragraphs separated by a blank line; single newlines inside a
paragraph are reflowed like spaces.  The first paragraph is the title (bold,
larger, never hyphenated).  Body lines are filled greedily, long words are
broken at the line end by a small German syllable splitter
(:func:`hyphenation_points`), and lines are justified (or ragged).

API::

    images = typeset(text, size_pt=12, noise=0, seed=0)  # list of PIL images
    save(images, "out.pdf")                              # .png / .tif / .pdf
    pages = layout(text)                                 # the lines, not drawn
    join_lines(line for page in pages for line in page)  # back to the text

CLI::

    python samples/typeset.py INPUT.txt OUTPUT.{png,tif,tiff,pdf} [--size 12] [--noise 0]

Needs only Pillow.  No package and no side effects on import, so tests can
load it by path (``sys.path.insert(0, "samples")``).
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from PIL import Image, ImageDraw, ImageFilter, ImageFont

__all__ = [
    "DPI",
    "EXCEPTIONS",
    "FontNotFoundError",
    "Line",
    "PAGE_SIZE_MM",
    "find_font",
    "hyphenate",
    "hyphenation_points",
    "join_lines",
    "layout",
    "main",
    "paragraphs",
    "render",
    "save",
    "typeset",
]

#: output resolution (dots per inch); every image is tagged with it
DPI = 300
#: A4 portrait
PAGE_SIZE_MM = (210.0, 297.0)
#: page margin on all four sides
MARGIN_MM = 25.0
#: baseline-to-baseline distance, in multiples of the font size
LEADING = 1.3
#: extra space between paragraphs, in multiples of the body line height
PARAGRAPH_GAP = 0.6
#: title font size relative to the body
TITLE_SCALE = 1.35

#: serif (regular, bold) pairs, preferred first; looked up by file name,
#: recursively, under FONT_DIRS (Debian/Ubuntu, Fedora, Homebrew layouts)
FONT_CANDIDATES = (
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
)
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/opt/homebrew/share/fonts",
)
#: environment variable naming a font file to use instead of the search
FONT_ENV = "TYPESET_FONT"


class FontNotFoundError(FileNotFoundError):
    """No usable TrueType font was found."""


# ---------------------------------------------------------------------------
# fonts


def _search_font(name: str) -> Path | None:
    for d in FONT_DIRS:
        root = Path(d).expanduser()
        if not root.is_dir():
            continue
        if (root / name).is_file():
            return root / name
        for hit in sorted(root.rglob(name)):
            if hit.is_file():
                return hit
    return None


def _bold_sibling(path: Path) -> Path | None:
    """``Foo-Regular.ttf`` or ``Foo.ttf`` -> ``Foo-Bold.ttf`` beside it, if there."""
    stem = path.stem.removesuffix("-Regular")
    cand = path.with_name(f"{stem}-Bold{path.suffix}")
    return cand if cand.is_file() else None


def find_font(font: str | os.PathLike[str] | None = None) -> tuple[Path, Path]:
    """Return ``(regular, bold)`` font files.

    *font* may be a path to a ``.ttf``/``.otf`` file (or a bare file name to
    look up); without it the ``TYPESET_FONT`` environment variable is used,
    then DejaVu Serif, then Liberation Serif.  Without a bold face the regular
    one sets the title too (still larger).  Raises :class:`FontNotFoundError`
    with a hint when nothing is found.
    """
    if font is None and os.environ.get(FONT_ENV):
        font = os.environ[FONT_ENV]
    if font is not None:
        path = Path(font).expanduser()
        if not path.is_file():
            found = _search_font(path.name)
            if found is None:
                raise FontNotFoundError(f"font file not found: {font}")
            path = found
        return path, _bold_sibling(path) or path
    for regular, bold in FONT_CANDIDATES:
        r = _search_font(regular)
        if r is not None:
            b = r.with_name(bold)
            return r, b if b.is_file() else (_search_font(bold) or r)
    raise FontNotFoundError(
        "no TrueType serif font found (looked for "
        + " and ".join(r for r, _ in FONT_CANDIDATES)
        + " under "
        + ", ".join(FONT_DIRS)
        + "); install one, e.g. `apt-get install fonts-dejavu-core` or "
        f"`apt-get install fonts-liberation`, or pass --font PATH / set {FONT_ENV}=PATH"
    )


@dataclass(frozen=True)
class _Fonts:
    body: ImageFont.FreeTypeFont
    title: ImageFont.FreeTypeFont


@functools.lru_cache(maxsize=16)
def _truetype(path: Path, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), px)


def _fonts(font, size_pt: float, dpi: int) -> _Fonts:
    regular, bold = find_font(font)
    return _Fonts(
        _truetype(regular, _px(size_pt, dpi)),
        _truetype(bold, _px(size_pt * TITLE_SCALE, dpi)),
    )


def _px(size_pt: float, dpi: int = DPI) -> int:
    return round(size_pt * dpi / 72)


def _mm(mm: float, dpi: int = DPI) -> int:
    return round(mm * dpi / 25.4)


def _page_px(dpi: int) -> tuple[int, int]:
    return _mm(PAGE_SIZE_MM[0], dpi), _mm(PAGE_SIZE_MM[1], dpi)


# ---------------------------------------------------------------------------
# hyphenation

_VOWELS = set("aeiouyäöü")
# letter groups that are one sound and never split: diphthongs and long
# vowels (ei, au, …), digraphs (ch, sch, …)
_UNITS = (
    "sch", "ch", "ck", "ph", "th", "qu",
    "ei", "ai", "au", "eu", "äu", "ie", "aa", "ee", "oo",
)  # fmt: skip
# consonant clusters that may open a syllable inside a word (besides any
# single consonant); s+consonant is deliberately absent, so that ``Fens-ter``
# and ``Landes-programm`` come out right
_ONSETS = {
    "bl", "br", "dr", "fl", "fr", "gl", "gr", "kl", "kr", "pl", "pr", "tr",
    "chr", "thr", "schl", "schm", "schn", "schr", "schw",
}  # fmt: skip
#: TeX-style ``\hyphenation`` exceptions: compounds whose joints the syllable
#: rules miss (second part starting with a vowel, s+t across a joint).  Keys
#: are lower-case words, values the word with every allowed break as ``-``.
EXCEPTIONS = {
    w.replace("-", "").lower(): w.lower()
    for w in (
        "An-lauf-stel-len", "Auf-bau", "Aus-lei-he", "Ein-rich-tun-gen", "Fach-stel-le",
        "För-der-an-ge-bot", "För-der-an-ge-bo-ten", "Fuß-ball-ver-ein", "ge-eig-net",
        "Pres-se-stel-le", "Se-ni-o-ren-ein-rich-tun-gen", "Um-gang", "Ver-ein", "Ver-ei-ne",
        "Ver-eins-ar-chiv", "Ver-eins-chro-ni-ken", "Vor-stel-lung",
    )
}  # fmt: skip
_LEAD_PUNCT = "„“”\"'‚‘’»«(["
_TRAIL_PUNCT = ".,;:!?“”\"'‘’«»)]…"


def _units(word: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(word):
        unit = next((u for u in _UNITS if word.startswith(u, i)), word[i])
        out.append(unit)
        i += len(unit)
    return out


def _is_vowel(unit: str) -> bool:
    return unit != "qu" and unit[0] in _VOWELS


def _syllable_points(word: str) -> list[int]:
    """Break offsets inside a purely alphabetic word (no length limits)."""
    units = _units(word.lower())
    starts, pos = [], 0
    for u in units:
        starts.append(pos)
        pos += len(u)
    nuclei = [i for i, u in enumerate(units) if _is_vowel(u)]
    points = []
    for a, b in zip(nuclei, nuclei[1:]):
        cons = units[a + 1 : b]
        # the longest tail of the consonant run that may open a syllable,
        # but not g+consonant after n (zugäng-lich, Eng-land); none: hiatus
        # (Integrati-on, Muse-um)
        k = 1 if cons else 0
        for n in range(len(cons), 1, -1):
            after_n = n < len(cons) and cons[-n - 1] == "n" and cons[-n] == "g"
            if "".join(cons[-n:]) in _ONSETS and not after_n:
                k = n
                break
        points.append(starts[b - k])
    return points


def hyphenation_points(word: str, *, min_left: int = 2, min_right: int = 3) -> list[int]:
    """Offsets in *word* where a line break may go (the head then gets a ``-``).

    A simple German syllable splitter: break before the last consonant (or a
    cluster that may open a syllable, like ``tr``, ``schr``) between two
    vowels, or between two vowels that are no diphthong; ``ch``, ``ck`` and
    ``sch`` stay together; words in :data:`EXCEPTIONS` use their own breaks.
    Never fewer than *min_left* letters before or *min_right* letters after a
    break.  Words with digits, URLs, e-mail addresses and acronyms are never
    split; words that contain a hyphen are split only right after it (the
    offset then points past the ``-``).  Leading and trailing punctuation
    (quotes, commas) is skipped but counted in the offsets.
    """
    lead = len(word) - len(word.lstrip(_LEAD_PUNCT))
    core = word[lead:].rstrip(_TRAIL_PUNCT)
    if not core or any(c.isdigit() for c in core) or re.search(r"[@/:.\\_=&%#+]", core):
        return []

    def ok(p: int) -> bool:
        left = sum(c.isalpha() for c in core[:p])
        right = sum(c.isalpha() for c in core[p:])
        return left >= min_left and right >= min_right

    if "-" in core:
        points = [i + 1 for i, c in enumerate(core) if c == "-"]
    elif not core.isalpha() or any(c.isupper() for c in core[1:]):
        return []
    elif core.lower() in EXCEPTIONS:
        pattern = EXCEPTIONS[core.lower()]
        points = [m.start() - n for n, m in enumerate(re.finditer("-", pattern))]
    else:
        points = _syllable_points(core)
    return [lead + p for p in points if ok(p)]


def hyphenate(word: str, sep: str = "·", **kw) -> str:
    """*word* with *sep* at every break point, to eyeball the splitter."""
    out, last = [], 0
    for p in hyphenation_points(word, **kw):
        out += [word[last:p], "" if word[p - 1] == "-" else sep]
        last = p
    return "".join(out) + word[last:]


# ---------------------------------------------------------------------------
# layout


@dataclass
class Line:
    """One typeset line: its words, how it ends, where it sits on its page."""

    words: list[str]
    title: bool = False
    #: last line of its paragraph (never justified)
    last: bool = False
    #: ends in a line-break hyphen that was inserted (``Digitalisierungszen-``)
    hyphenated: bool = False
    #: ends inside a word: hyphenated, or at the word's own hyphen (``Grün-``)
    split_word: bool = False
    #: baseline, in pixels from the top of the page
    y: int = 0

    @property
    def text(self) -> str:
        return " ".join(self.words)


def paragraphs(text: str) -> list[str]:
    """Paragraphs of *text*: split at blank lines, inner whitespace collapsed."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _fill(
    words: Sequence[str], font: ImageFont.FreeTypeFont, width: int, hyphenate_words: bool, **hy
) -> list[Line]:
    """Greedy line filling; a word that does not fit is broken if a head fits."""
    space = font.getlength(" ")
    lines: list[Line] = []
    cur: list[str] = []
    cur_w = 0.0
    queue = list(words)
    while queue:
        word = queue.pop(0)
        need = font.getlength(word) + (cur_w + space if cur else 0)
        if need <= width:
            cur.append(word)
            cur_w = need
            continue
        avail = width - (cur_w + space if cur else 0)
        split = None
        if hyphenate_words:
            for p in reversed(hyphenation_points(word, **hy)):
                head = word[:p] if word[p - 1] == "-" else word[:p] + "-"
                if font.getlength(head) <= avail:
                    split = head, word[p:], word[p - 1] != "-"
                    break
        if split:
            head, tail, inserted = split
            lines.append(Line(cur + [head], hyphenated=inserted, split_word=True))
            queue.insert(0, tail)
        elif cur:
            lines.append(Line(cur))
            queue.insert(0, word)
        else:  # one word wider than the line, unbreakable: let it overflow
            lines.append(Line([word]))
        cur, cur_w = [], 0.0
    if cur:
        lines.append(Line(cur))
    if lines:
        lines[-1].last = True
    return lines


def layout(
    text: str,
    *,
    font=None,
    size_pt: float = 12,
    dpi: int = DPI,
    hyphenate_words: bool = True,
    min_left: int = 2,
    min_right: int = 3,
) -> list[list[Line]]:
    """Break *text* into pages of :class:`Line` (with baselines), without drawing.

    ``"\\n".join(line.text for line in page)`` is what a perfect OCR of that
    page reads; :func:`join_lines` turns lines back into the input text.
    """
    fonts = _fonts(font, size_pt, dpi)
    page_w, page_h = _page_px(dpi)
    margin = _mm(MARGIN_MM, dpi)
    width, bottom = page_w - 2 * margin, page_h - margin
    body_h = round(_px(size_pt, dpi) * LEADING)
    title_h = round(_px(size_pt * TITLE_SCALE, dpi) * LEADING)
    gap = round(body_h * PARAGRAPH_GAP)

    pages: list[list[Line]] = [[]]
    y = margin  # top of the next line
    for i, para in enumerate(paragraphs(text)):
        title = i == 0
        font_ = fonts.title if title else fonts.body
        line_h = title_h if title else body_h
        ascent = font_.getmetrics()[0]
        if pages[-1]:
            y += 2 * gap if i == 1 else gap
        hy = dict(min_left=min_left, min_right=min_right)
        for line in _fill(para.split(" "), font_, width, hyphenate_words and not title, **hy):
            if pages[-1] and y + line_h > bottom:
                pages.append([])
                y = margin
            line.title = title
            line.y = y + ascent
            pages[-1].append(line)
            y += line_h
    return pages


def join_lines(lines: Iterable[Line]) -> str:
    """Undo the typesetting of consecutive *lines*: inserted hyphens removed,
    a word's own hyphen (``Grün-Weiß``) and suspended ones (``Bildungs- und``)
    kept, one space between lines, a newline at each paragraph end."""
    out = ""
    prev: Line | None = None
    for line in lines:
        if prev is not None:
            if prev.hyphenated:
                out = out[:-1]
            elif not prev.split_word:
                out += "\n" if prev.last else " "
        out += line.text
        prev = line
    return out


# ---------------------------------------------------------------------------
# rendering


def _draw_line(
    draw: ImageDraw.ImageDraw,
    line: Line,
    font: ImageFont.FreeTypeFont,
    x0: int,
    width: int,
    justify: bool,
) -> None:
    words = line.words
    space = font.getlength(" ")
    gap = space
    if justify and not line.last and not line.title and len(words) > 1:
        gap = (width - sum(font.getlength(w) for w in words)) / (len(words) - 1)
        if gap > 4 * space:  # do not stretch absurdly (a line holding a long URL)
            gap = space
    x = float(x0)
    for w in words:
        draw.text((round(x), line.y), w, font=font, fill=0, anchor="ls")
        x += font.getlength(w) + gap


def _add_noise(img: Image.Image, noise: float, rng: random.Random) -> Image.Image:
    """A mild scanner look: a hair of skew, dust, pinholes and blur."""
    if noise <= 0:
        return img
    angle = rng.uniform(-0.35, 0.35) * noise
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    draw = ImageDraw.Draw(img)
    w, h = img.size
    for _ in range(int(800 * noise)):  # dust: small dark specks
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.choice((1, 1, 1, 2, 2, 3))
        draw.ellipse((x, y, x + r, y + r), fill=rng.randrange(0, 90))
    for _ in range(int(4000 * noise)):  # pinholes: light dots, seen only on ink
        draw.point((rng.randrange(w), rng.randrange(h)), fill=rng.randrange(150, 256))
    return img.filter(ImageFilter.GaussianBlur(0.3 + 0.7 * noise))


def render(
    pages: Sequence[Sequence[Line]],
    *,
    font=None,
    size_pt: float = 12,
    dpi: int = DPI,
    justify: bool = True,
    noise: float = 0,
    seed: int = 0,
    mode: str = "L",
) -> list[Image.Image]:
    """Draw *pages* from :func:`layout` (same *font*, *size_pt*, *dpi*)."""
    if mode not in ("L", "1"):
        raise ValueError(f"mode must be 'L' or '1', not {mode!r}")
    fonts = _fonts(font, size_pt, dpi)
    size = _page_px(dpi)
    margin = _mm(MARGIN_MM, dpi)
    images = []
    for n, page in enumerate(pages):
        img = Image.new("L", size, 255)
        draw = ImageDraw.Draw(img)
        for line in page:
            line_font = fonts.title if line.title else fonts.body
            _draw_line(draw, line, line_font, margin, size[0] - 2 * margin, justify)
        img = _add_noise(img, noise, random.Random(f"{seed}:{n}"))
        if mode == "1":
            img = img.point(lambda v: 255 if v >= 160 else 0).convert("1", dither=Image.Dither.NONE)
        img.info["dpi"] = (dpi, dpi)
        images.append(img)
    return images


def typeset(
    text: str,
    *,
    font=None,
    size_pt: float = 12,
    noise: float = 0,
    seed: int = 0,
    justify: bool = True,
    hyphenate_words: bool = True,
    mode: str = "L",
    dpi: int = DPI,
) -> list[Image.Image]:
    """Typeset *text* onto A4 pages: one image per page, grayscale
    (``mode="L"``) or bitonal (``mode="1"``), tagged with *dpi*.

    *font*: a TrueType file (default DejaVu Serif, else Liberation Serif).
    *noise*: 0 (clean) to 1 (rough); 0.3 looks like a decent office scan.
    The same *seed* gives the same noise.
    """
    kw = dict(font=font, size_pt=size_pt, dpi=dpi)
    pages = layout(text, hyphenate_words=hyphenate_words, **kw)
    return render(pages, justify=justify, noise=noise, seed=seed, mode=mode, **kw)


# ---------------------------------------------------------------------------
# output


def save(
    images: Sequence[Image.Image], path: str | os.PathLike[str], *, dpi: int | None = None
) -> list[Path]:
    """Write page images by the suffix of *path*; return the files written.

    ``.pdf``, ``.tif``/``.tiff``: one multi-page file.  ``.png``: *path* itself
    for one page, else ``NAME-1.png``, ``NAME-2.png``, ….  Bitonal pages are
    stored as CCITT G4 (TIFF, PDF), grayscale as deflate (TIFF) or JPEG (PDF,
    Pillow's only choice).  PDFs carry no timestamp unless SOURCE_DATE_EPOCH
    is set, so the same input gives the same bytes.
    """
    if not images:
        raise ValueError("no pages to save")
    path = Path(path)
    suffix = path.suffix.lower()
    res = dpi or round(images[0].info.get("dpi", (DPI, DPI))[0])
    first, rest = images[0], list(images[1:])
    if suffix == ".pdf":
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        date = time.gmtime(int(epoch)) if epoch else None
        path.parent.mkdir(parents=True, exist_ok=True)
        first.save(
            path,
            "PDF",
            save_all=True,
            append_images=rest,
            resolution=float(res),
            creationDate=date,
            modDate=date,
        )
        return [path]
    if suffix in (".tif", ".tiff"):
        path.parent.mkdir(parents=True, exist_ok=True)
        comp = "group4" if first.mode == "1" else "tiff_deflate"
        first.save(
            path, "TIFF", save_all=True, append_images=rest, dpi=(res, res), compression=comp
        )
        return [path]
    if suffix == ".png":
        path.parent.mkdir(parents=True, exist_ok=True)
        if len(images) == 1:
            targets = [path]
        else:
            targets = [
                path.with_name(f"{path.stem}-{i}{path.suffix}") for i in range(1, len(images) + 1)
            ]
        for img, target in zip(images, targets):
            img.save(target, "PNG", dpi=(res, res), optimize=True)
        return targets
    raise ValueError(f"unsupported output type {path.suffix!r}: use .png, .tif, .tiff or .pdf")


# ---------------------------------------------------------------------------
# command line


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="typeset.py",
        description="Typeset German text (paragraphs separated by blank lines, the first one "
        "is the title) onto A4 pages at 300 dpi, like a scan.",
    )
    ap.add_argument("input", type=Path, help="UTF-8 text file ('-': stdin)")
    ap.add_argument("output", type=Path, help="OUTPUT.png (one file per page), .tif/.tiff or .pdf")
    ap.add_argument("--size", type=float, default=12, help="body font size in pt (default 12)")
    ap.add_argument("--noise", type=float, default=0, help="scan noise, 0..1 (default 0: clean)")
    ap.add_argument("--seed", type=int, default=0, help="noise seed (default 0)")
    ap.add_argument(
        "--font", help=f"font file (default DejaVu Serif, else Liberation Serif; or ${FONT_ENV})"
    )
    ap.add_argument("--ragged", action="store_true", help="ragged right instead of justified")
    ap.add_argument("--no-hyphenate", action="store_true", help="never break words at line ends")
    ap.add_argument("--bw", action="store_true", help="bitonal (1-bit) pages, not 8-bit grayscale")
    ap.add_argument(
        "--page", type=int, action="append", metavar="N", help="write only page N (repeatable)"
    )
    ap.add_argument(
        "--lines",
        action="store_true",
        help="print the typeset lines (what a perfect OCR reads) to stdout, "
        "pages separated by form feeds",
    )
    args = ap.parse_args(None if argv is None else list(argv))

    text = sys.stdin.read() if str(args.input) == "-" else args.input.read_text(encoding="utf-8")
    try:
        pages = layout(
            text, font=args.font, size_pt=args.size, hyphenate_words=not args.no_hyphenate
        )
    except FontNotFoundError as e:
        print(f"typeset.py: {e}", file=sys.stderr)
        return 2
    images = render(
        pages,
        font=args.font,
        size_pt=args.size,
        justify=not args.ragged,
        noise=args.noise,
        seed=args.seed,
        mode="1" if args.bw else "L",
    )
    if args.page:
        bad = [n for n in args.page if not 1 <= n <= len(pages)]
        if bad:
            print(f"typeset.py: no page {bad[0]}; the text fills {len(pages)}", file=sys.stderr)
            return 2
        pages = [pages[n - 1] for n in args.page]
        images = [images[n - 1] for n in args.page]
    if args.lines:
        print("\f\n".join("\n".join(line.text for line in page) for page in pages))
    written = save(images, args.output)
    n = len(images)
    names = ", ".join(map(str, written))
    print(f"typeset.py: wrote {names} ({n} page{'' if n == 1 else 's'})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
