"""Tesseract, the one external program: probe it, run it on a page, read its layout.

Probing (version, installed languages) happens once per process. A missing binary or
model is a :class:`~ocr_repair.errors.MissingDependencyError` naming the Debian package.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

from .errors import LanguageNotInstalledError, OcrFailedError, TesseractNotFoundError

#: Debian package of each model ocr-repair is used with
PACKAGES = {"deu": "tesseract-ocr-deu", "eng": "tesseract-ocr-eng", "deu_latf": "tesseract-ocr-deu-latf"}


def _binary() -> str:
    import pytesseract

    return pytesseract.pytesseract.tesseract_cmd


@functools.lru_cache(maxsize=1)
def version() -> str:
    """Tesseract's version, e.g. "5.3.0"; raises if the binary is missing."""
    exe = _binary()
    if shutil.which(exe) is None:
        raise TesseractNotFoundError(f"Tesseract is not installed ('{exe}' not found)")
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TesseractNotFoundError(f"Tesseract cannot be run: {exc}") from None
    first = (out.stdout or out.stderr).strip().splitlines()
    if out.returncode != 0 or not first:
        raise TesseractNotFoundError(f"Tesseract cannot be run: {out.stderr.strip()[:200]}")
    return first[0].split()[-1].lstrip("v")


@functools.lru_cache(maxsize=1)
def languages() -> frozenset[str]:
    """The installed language models ("deu", "eng", "osd", ...)."""
    version()
    try:
        out = subprocess.run([_binary(), "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TesseractNotFoundError(f"Tesseract cannot be run: {exc}") from None
    lines = (out.stdout or "").strip().splitlines()
    return frozenset(ln.strip() for ln in lines[1:] if ln.strip() and not ln.startswith("List of"))


def check_languages(lang: str) -> None:
    """Raise unless every model in ``lang`` ("deu", "deu+eng") is installed."""
    have = languages()
    for code in lang.split("+"):
        if not code or code not in have:
            pkg = PACKAGES.get(code, f"tesseract-ocr-{code.replace('_', '-')}")
            raise LanguageNotInstalledError(
                f"Tesseract's language model '{code}' is not installed",
                hint=f"install it: sudo apt-get install {pkg}",
            )


class PageOcr(tuple):
    """What :func:`ocr_page` returns: the triple (text, mean word confidence, words), as
    ever, and in ``.boxes`` the words with their boxes (dicts of
    :class:`~ocr_repair.models.WordBox`'s fields). Pickles with its boxes."""

    boxes: list[dict]

    def __new__(cls, text: str, conf: float | None, words: int, boxes: list[dict] | None = None):
        self = super().__new__(cls, (text, conf, words))
        self.boxes = boxes or []
        return self

    def __reduce__(self):
        return (PageOcr, (*self, self.boxes))


def ocr_page(image, lang: str = "deu", timeout: float = 180.0) -> PageOcr:
    """OCR one page image: (text with paragraphs as blank lines, mean word confidence, words).

    The text is rebuilt from Tesseract's layout (``image_to_data``): block and paragraph
    numbers give paragraph breaks, line numbers give lines. The result's ``.boxes`` has
    each word of the text with its box (:func:`word_boxes`).
    """
    import pytesseract

    check_languages(lang)
    image = prepare_image(image)
    config = "--psm 3"
    dpi = image_dpi(image)
    if dpi:  # pytesseract's temporary PNG loses the resolution; without it Tesseract guesses
        config += f" --dpi {dpi}"
        if image.mode in ("1", "L", "RGB"):
            # pytesseract hands Tesseract a temporary file in ``image.format``: PNG by
            # default, whose compression costs ~0.09 s of a ~1 s page at 300 dpi; BMP takes
            # ~0.005 s. Same pixels, same resolution (--dpi), so the same text. Only with a
            # resolution known: a BMP would otherwise claim 96 dpi.
            image.format = "BMP"
    try:
        data = pytesseract.image_to_data(
            image, lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout
        )
    # order matters: pytesseract's TesseractError is a RuntimeError (as is its timeout), and
    # its TesseractNotFoundError an OSError
    except pytesseract.TesseractNotFoundError:
        raise TesseractNotFoundError("Tesseract is not installed") from None
    except pytesseract.TesseractError as exc:
        msg = " ".join(str(exc.message).split())[:200]
        raise OcrFailedError(f"Tesseract failed: {msg}") from None
    except RuntimeError as exc:
        if "timeout" not in str(exc).lower():
            raise
        raise OcrFailedError(f"Tesseract timed out after {timeout:g} s on a page",
                             hint="raise --timeout, or check the page image") from None
    except OSError as exc:  # e.g. no space left for pytesseract's temporary files
        raise OcrFailedError(f"Tesseract could not be run: {exc}") from None
    return PageOcr(*layout_text(data), word_boxes(data))


def image_dpi(image) -> int | None:
    """The resolution a page image is tagged with, if plausible (70-2400 dpi)."""
    dpi = image.info.get("dpi")
    try:
        x = round(float(dpi[0] if isinstance(dpi, (tuple, list)) else dpi))
    except (TypeError, ValueError, IndexError):
        return None
    return x if 70 <= x <= 2400 else None


def prepare_image(image):
    """A page image in a mode Tesseract reads well through pytesseract's temporary PNG.

    Pillow cannot write CMYK or YCbCr as PNG, and 16-bit or float grayscale would lose its
    contrast; these become 8-bit ``L``/``RGB``. Transparency is flattened onto white by
    pytesseract itself. The ``dpi`` tag is kept.
    """
    mode = image.mode
    if mode in ("1", "L", "RGB", "RGBA", "LA", "P", "PA"):
        return image
    if mode.startswith("I;16") or mode in ("I", "F"):
        wide = mode.startswith("I;16") or (image.getextrema()[1] or 0) > 255
        scale = 255 / 65535 if wide else 1.0
        base = image if mode == "F" else image.convert("I")
        out = base.point(lambda v: v * scale).convert("L")
    else:  # CMYK, YCbCr, LAB, HSV, ...
        out = image.convert("RGB")
    if "dpi" in image.info:
        out.info["dpi"] = image.info["dpi"]
    return out


#: a lone dash at least this wide (relative to the page's typical word height) is an en
#: dash: Tesseract reads "–" as "-", but the glyph is about twice as wide as a hyphen's.
#: Measured on pages typeset in Liberation Serif/Sans/Mono and DejaVu Serif/Sans at 10-12 pt:
#: hyphens 0.31-0.38 (a bold one 0.46), en dashes 0.53-0.77
EN_DASH_WIDTH = 0.5


def _typical_height(data: dict) -> float | None:
    if "height" not in data or "width" not in data:
        return None
    heights = sorted(h for t, h in zip(data["text"], data["height"]) if t and t.isalpha() and t.islower() and len(t) > 3)
    return heights[len(heights) // 2] if heights else None


def layout_text(data: dict) -> tuple[str, float | None, int]:
    paragraphs: list[list[list[str]]] = []
    confs: list[float] = []
    last_par = last_line = None
    height = _typical_height(data)
    for i, word in enumerate(data["text"]):
        if not word or not word.strip():
            continue
        if word == "-" and height and data["width"][i] >= EN_DASH_WIDTH * height:
            word = "–"
        par = (data["block_num"][i], data["par_num"][i])
        line = par + (data["line_num"][i],)
        if par != last_par:
            paragraphs.append([])
            last_par = par
            last_line = None
        if line != last_line:
            paragraphs[-1].append([])
            last_line = line
        paragraphs[-1][-1].append(word)
        conf = float(data["conf"][i])
        if conf >= 0:
            confs.append(conf)
    text = "\n\n".join("\n".join(" ".join(ws) for ws in lines) for lines in paragraphs)
    mean = sum(confs) / len(confs) if confs else None
    return (text + "\n" if text else ""), mean, len(confs)


def word_boxes(data: dict) -> list[dict]:
    """The words of ``layout_text``'s text, in its order, with their boxes (pixels),
    confidence and block/paragraph/line numbers: the fields of
    :class:`~ocr_repair.models.WordBox`. A lone dash read as an en dash is one here too."""
    if "left" not in data:
        return []
    height = _typical_height(data)
    out = []
    for i, word in enumerate(data["text"]):
        if not word or not word.strip():
            continue
        if word == "-" and height and data["width"][i] >= EN_DASH_WIDTH * height:
            word = "–"
        out.append({"text": word, "left": int(data["left"][i]), "top": int(data["top"][i]),
                    "width": int(data["width"][i]), "height": int(data["height"][i]),
                    "conf": float(data["conf"][i]), "block": int(data["block_num"][i]),
                    "par": int(data["par_num"][i]), "line": int(data["line_num"][i])})
    return out


def single_threaded_env() -> None:
    """One Tesseract thread per process when pages run in parallel (as OCRmyPDF does)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
