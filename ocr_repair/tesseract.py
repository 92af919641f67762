"""Tesseract, the one external program: probe it, run it on a page, read its layout.

Probing (version, installed languages) happens once per process. A missing binary or
model is a :class:`~ocr_repair.errors.MissingDependencyError` naming the Debian package.
"""

from __future__ import annotations

import contextlib
import functools
import html
import os
import re
import shutil
import subprocess
import sys
import threading

from .errors import LanguageNotInstalledError, OcrFailedError, TesseractNotFoundError

#: Debian package of each model ocr-repair is used with
PACKAGES = {"deu": "tesseract-ocr-deu", "eng": "tesseract-ocr-eng", "deu_latf": "tesseract-ocr-deu-latf"}


#: the Tesseract program (a name looked up on PATH, or a path)
TESSERACT_CMD = "tesseract"
#: Tesseract's OpenMP threads per process unless the user's environment sets
#: ``OMP_THREAD_LIMIT``: pages run in parallel instead (``--jobs``), as OCRmyPDF does; on a
#: busy or small machine several OpenMP threads per page fight each other (4x slower on 2 cores)
THREADS_PER_PAGE = "1"


def _binary() -> str:
    """:data:`TESSERACT_CMD`, or pytesseract's ``tesseract_cmd`` where a caller changed it
    (pytesseract itself is not imported for this)."""
    pt = sys.modules.get("pytesseract.pytesseract")
    cmd = getattr(pt, "tesseract_cmd", None) if pt is not None else None
    return cmd if cmd and cmd != "tesseract" else TESSERACT_CMD


def tesseract_env(base: dict | None = None) -> dict:
    """The environment a Tesseract child runs in: ``base`` (default ``os.environ``) with
    ``OMP_THREAD_LIMIT=1``, unless it already sets ``OMP_THREAD_LIMIT`` (a value the user
    chose is passed on as it is). ``os.environ`` itself is not changed."""
    env = dict(os.environ if base is None else base)
    if not env.get("OMP_THREAD_LIMIT", "").strip():
        env["OMP_THREAD_LIMIT"] = THREADS_PER_PAGE
    return env


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


#: one probe at a time: a thread that needs the answer while another asks waits for it
_PROBE_LOCK = threading.Lock()


def probed_version() -> str:
    """:func:`version`, waiting for a probe that is asking it now (Tesseract is asked once)."""
    with _PROBE_LOCK:
        return version()


def check_languages(lang: str) -> None:
    """Raise unless every model in ``lang`` ("deu", "deu+eng") is installed."""
    with _PROBE_LOCK:
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


#: the probe thread :func:`start_probe` started last
_PROBE: threading.Thread | None = None


def start_probe(lang: str) -> None:
    """Probe Tesseract (its version, its languages: two runs of it, ~0.05 s) in a thread
    now, while the first page is being rendered. The pages do not wait for it
    (:func:`ocr_page`); :func:`check_languages` and :func:`version` wait for its answer,
    or raise what it found."""
    global _PROBE

    def probe() -> None:
        try:
            check_languages(lang)
        except Exception:  # the caller's own check_languages reports it (probing again)
            pass

    _PROBE = threading.Thread(target=probe, name="ocr-repair-probe", daemon=True)
    _PROBE.start()


def _probing() -> bool:
    """A probe is running now and has no answer yet."""
    return _PROBE is not None and _PROBE.is_alive() and languages.cache_info().currsize == 0


def ocr_page(image, lang: str = "deu", timeout: float = 180.0, choices: bool = False) -> PageOcr:
    """OCR one page image: (text with paragraphs as blank lines, mean word confidence, words).

    The text is rebuilt from Tesseract's layout (its TSV output): block and paragraph
    numbers give paragraph breaks, line numbers give lines. Tesseract runs on one thread
    (:func:`tesseract_env`); several pages may be OCR'd at once from several threads. The
    result's ``.boxes`` has each word of the text with its box (:func:`word_boxes`).

    The languages are checked first, unless :func:`start_probe`'s probe is still asking
    Tesseract: then the page does not wait for it, and is checked after it, by the probe's
    answer: a missing program or model fails the page as it would have before it ran
    (Tesseract itself reads ``-l deu+fra`` without ``fra``, with a warning).

    ``choices``: also read Tesseract's alternative characters of each word (the same run,
    :data:`CHOICE_ARGS`; its boxes get ``choices``, see :func:`readings`). Off by
    default (``Config.ocr_choices``): they cost Tesseract 3.5-5 % more CPU time (on 8
    corpus pages; see the README's scan figures), with the same text and boxes.
    """
    if not _probing():
        check_languages(lang)
        return _ocr_page(image, lang, timeout, choices)
    try:
        result = _ocr_page(image, lang, timeout, choices)
    except (OcrFailedError, TesseractNotFoundError):
        check_languages(lang)  # waits for the probe: a missing program or model is named as such
        raise
    check_languages(lang)
    return result


def _ocr_page(image, lang: str, timeout: float, choices: bool = False) -> PageOcr:
    image = prepare_image(image)
    args = ["--psm", "3"]
    dpi = image_dpi(image)
    if dpi:  # without the resolution Tesseract guesses
        args += ["--dpi", str(dpi)]
    fd, path = _page_file(image, with_dpi=bool(dpi))
    hocr = None
    outputs = [path + ".out.tsv", path + ".out.hocr"] if choices else []
    try:
        lang_args = ["-l", lang] if lang else []
        if not choices:
            data = parse_tsv(run(path, [*lang_args, *args, "tsv"], timeout))
        else:  # two renderers of one run: to files (on stdout they would interleave)
            _PAGE_FILES.update(outputs)
            run(path, [*lang_args, *args, *CHOICE_ARGS, "tsv", "hocr"], timeout, output=path + ".out")
            data = parse_tsv(_read_output(outputs[0]))
            hocr = _read_output(outputs[1])
    finally:
        for name in (path, *outputs):
            _PAGE_FILES.discard(name)
            with contextlib.suppress(OSError):
                os.unlink(name)
    boxes = word_boxes(data)
    if hocr is not None:
        add_choices(boxes, data, hocr)
    return PageOcr(*layout_text(data), boxes)


#: the Tesseract settings that give each word's alternative characters in its hOCR: per
#: character Tesseract's best choices with their confidences (``ocrx_cinfo`` spans). One
#: iteration of the choices' beam search, not the default 5: on the corpus scans the same
#: readings of the doubted words (1,650 words with readings of 12,851, not 1,680) at +3.5 %
#: of Tesseract's CPU time, not +16 %; 0 iterations give no alternatives at all
CHOICE_ARGS = ("-c", "lstm_choice_mode=2", "-c", "lstm_choice_iterations=1")
#: an alternative character carried from this confidence (0-100) on: Tesseract lists up to
#: six per character, most at 0 (97 % of them on the 47 corpus scans of dev and dev2)
CHOICE_MIN = 1.0


def _read_output(name: str) -> str:
    try:
        with open(name, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError as exc:
        raise OcrFailedError(f"Tesseract wrote no output: {exc}") from None


_HOCR_WORD = re.compile(r"<span class='ocrx_word'[^>]*>([^<]*)")
_HOCR_SLOT = re.compile(r"<span class='ocrx_cinfo' id='lstm_choices[^']*'>")
_HOCR_CHOICE = re.compile(r"<span class='ocrx_cinfo' id='choice[^']*' title='x_confs ([0-9.]+)'>([^<]*)</span>")


def word_choices(hocr: str) -> list[tuple[str, list[list[tuple[str, float]]]]]:
    """The words of Tesseract's hOCR (with :data:`CHOICE_ARGS`), in order: each its text
    and, per character, its choices (character, confidence 0-100), best first."""
    out = []
    starts = [m for m in _HOCR_WORD.finditer(hocr)]
    for k, m in enumerate(starts):
        body = hocr[m.end() : starts[k + 1].start() if k + 1 < len(starts) else len(hocr)]
        slots = []
        for part in _HOCR_SLOT.split(body)[1:]:
            slots.append([(html.unescape(ch), float(p)) for p, ch in _HOCR_CHOICE.findall(part)])
        out.append((html.unescape(m.group(1)).strip(), slots))
    return out


def readings(word: str, slots: list[list[tuple[str, float]]]) -> tuple[tuple[str, float], ...]:
    """The word's alternative readings: ``word`` with one character replaced by one of
    Tesseract's other choices for it (at least :data:`CHOICE_MIN`), with that choice's
    confidence (0-100), the likeliest first. None (empty) where the best choices do not
    spell ``word`` (nothing to tell then)."""
    slots = [s for s in slots if s and s[0][0].strip()]  # a space Tesseract read before the word
    if len(slots) != len(word) or "".join(s[0][0] for s in slots) != word:
        return ()
    found: dict[str, float] = {}
    for i, slot in enumerate(slots):
        for ch, p in slot[1:]:
            if p >= CHOICE_MIN and len(ch) == 1 and ch.strip() and ch != word[i]:
                alt = word[:i] + ch + word[i + 1 :]
                found[alt] = max(p, found.get(alt, 0.0))
    return tuple(sorted(found.items(), key=lambda x: (-x[1], x[0])))


def add_choices(boxes: list[dict], data: dict, hocr: str) -> None:
    """Give each of :func:`word_boxes`'s words its alternative readings (:func:`readings`)
    as ``choices`` from the hOCR of the same run; none where the two do not list the same
    words (not expected)."""
    words = [w for w in word_choices(hocr) if w[0]]
    read = [t for t in data["text"] if t and t.strip()]
    if len(words) != len(boxes) or any(w != t for (w, _), t in zip(words, read)):
        return
    for box, (word, slots) in zip(boxes, words):
        alts = readings(word, slots)
        if alts:
            box["choices"] = alts


#: the temporary page images of this process that Tesseract may be reading now
_PAGE_FILES: set[str] = set()


def remove_page_files() -> None:
    """Remove this process's temporary page images (a worker ended by SIGTERM, which runs no
    ``finally``: :func:`ocr_repair.executors.init_worker`)."""
    for path in list(_PAGE_FILES):
        _PAGE_FILES.discard(path)
        with contextlib.suppress(OSError):
            os.unlink(path)


def _page_file(image, with_dpi: bool) -> tuple[int, str]:
    """The page written to a temporary image file (closed; the caller removes it).

    A file, not Tesseract's standard input: Tesseract reads stdin a character at a time
    (~0.25 s of CPU for a 300 dpi page's 8.7 MB BMP), a file at once."""
    import tempfile

    fmt = image_format(image, with_dpi)
    try:
        fd, path = tempfile.mkstemp(prefix="ocr-repair-page-", suffix="." + fmt.lower())
    except OSError as exc:
        raise OcrFailedError(f"cannot write the page image for Tesseract: {exc}") from None
    _PAGE_FILES.add(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            save_image(image, fh, fmt)
    except BaseException as exc:
        _PAGE_FILES.discard(path)
        with contextlib.suppress(OSError):
            os.unlink(path)
        if isinstance(exc, OSError):
            raise OcrFailedError(f"cannot write the page image for Tesseract: {exc}") from None
        raise
    return fd, path


def image_format(image, with_dpi: bool) -> str:
    """BMP where it can hold the image and the resolution is passed as ``--dpi`` (a BMP
    would otherwise claim 96 dpi): ~0.005 s for a 300 dpi page, where PNG's compression
    costs ~0.09 s of a ~1 s page; same pixels, so the same text. Otherwise PNG (no
    resolution tag: Tesseract estimates it)."""
    return "BMP" if with_dpi and image.mode in ("1", "L", "RGB", "RGBA", "LA") else "PNG"


def save_image(image, fh, fmt: str) -> None:
    """Write the page as ``fmt`` to the file ``fh``, transparency flattened onto white."""
    if "A" in image.getbands():
        from PIL import Image

        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, (0, 0), image.getchannel("A"))
        image = flat
    image.save(fh, format=fmt)


def encode_image(image, with_dpi: bool) -> bytes:
    """The bytes of the image file :func:`ocr_page` hands Tesseract."""
    import io

    buf = io.BytesIO()
    save_image(image, buf, image_format(image, with_dpi))
    return buf.getvalue()


#: the Tesseract processes running now, with the name of the thread that waits on each,
#: so that an interrupted run can end them at once: :func:`kill_running`
_RUNNING: dict[subprocess.Popen, str] = {}
_RUNNING_LOCK = threading.Lock()
#: thread-name prefixes whose Tesseracts are being killed: one they start now dies at once
_KILLED: set[str] = set()
#: set once this process has started a Tesseract on a page (``reading``'s work beside the OCR waits for it)
STARTED = threading.Event()


def run(image_path: str, args: list[str], timeout: float, output: str = "stdout") -> str:
    """Run Tesseract on an image file with ``args`` after the input and output names; its
    standard output, decoded (``output``: the output files' base name instead, for more
    than one renderer; then the files are the output). Raises the pipeline's errors: not
    installed, failed (its stderr, folded), timed out. Any other exception (Ctrl-C) kills
    the process before it propagates."""
    cmd = [_binary(), image_path, output, *args]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=tesseract_env())
    except FileNotFoundError:
        raise TesseractNotFoundError("Tesseract is not installed") from None
    except OSError as exc:
        raise OcrFailedError(f"Tesseract could not be run: {exc}") from None
    STARTED.set()
    name = threading.current_thread().name
    with _RUNNING_LOCK:
        _RUNNING[proc] = name
        killed = any(name.startswith(prefix) for prefix in _KILLED)
    try:
        if killed:  # started as its run was being ended
            raise OcrFailedError("Tesseract was stopped")
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise OcrFailedError(f"Tesseract timed out after {timeout:g} s on a page",
                                 hint="raise --timeout, or check the page image") from None
    except BaseException:
        _kill(proc)
        raise
    finally:
        with _RUNNING_LOCK:
            _RUNNING.pop(proc, None)
    if proc.returncode != 0:
        msg = " ".join(err.decode("utf-8", "replace").split())[:200]
        raise OcrFailedError(f"Tesseract failed: {msg or f'exit status {proc.returncode}'}")
    return out.decode("utf-8", "replace")


def _kill(proc: subprocess.Popen) -> None:
    try:
        proc.kill()
    except OSError:
        pass
    try:
        proc.communicate(timeout=5)
    except (subprocess.TimeoutExpired, OSError, ValueError):
        pass


@contextlib.contextmanager
def killing(thread_prefix: str = ""):
    """Kill every Tesseract this process runs from a thread whose name begins with
    ``thread_prefix`` (an interrupted or failed parallel run; default: all), and any such
    thread starts until the block ends (wait there for the threads)."""
    with _RUNNING_LOCK:
        _KILLED.add(thread_prefix)  # no new Tesseract starts from such a thread from now on
    kill_running(thread_prefix)
    try:
        yield
    finally:
        with _RUNNING_LOCK:
            _KILLED.discard(thread_prefix)


def kill_running(thread_prefix: str = "") -> None:
    """Kill every Tesseract this process runs now from a thread whose name begins with
    ``thread_prefix`` (default: all)."""
    with _RUNNING_LOCK:
        procs = [p for p, name in _RUNNING.items() if name.startswith(thread_prefix)]
    for proc in procs:
        try:
            proc.kill()
        except OSError:
            pass


#: the TSV columns :func:`layout_text` reads; all but ``text`` are integers
TSV_COLUMNS = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text")


def parse_tsv(tsv: str) -> dict[str, list]:
    """Tesseract's TSV output as columns (``image_to_data``'s dict): the numbers as
    integers (a confidence of 96.5 is 96, as pytesseract reads it), ``text`` as is."""
    lines = tsv.strip("\n").split("\n")
    if len(lines) < 2:
        return {c: [] for c in TSV_COLUMNS}
    header = lines[0].rstrip("\r").split("\t")
    idx = [header.index(c) for c in TSV_COLUMNS]
    text_col = idx[-1]
    out: dict[str, list] = {c: [] for c in TSV_COLUMNS}
    cols = [out[c] for c in TSV_COLUMNS]
    for line in lines[1:]:
        cells = line.rstrip("\r").split("\t")
        if len(cells) <= text_col:
            cells += [""] * (text_col + 1 - len(cells))
        for col, i in zip(cols, idx):
            col.append(cells[i] if i == text_col else int(float(cells[i])))
    return out


def image_dpi(image) -> int | None:
    """The resolution a page image is tagged with, if plausible (70-2400 dpi)."""
    dpi = image.info.get("dpi")
    try:
        x = round(float(dpi[0] if isinstance(dpi, (tuple, list)) else dpi))
    except (TypeError, ValueError, IndexError):
        return None
    return x if 70 <= x <= 2400 else None


def prepare_image(image):
    """A page image in a mode Tesseract reads well as a BMP or PNG file.

    Pillow cannot write CMYK or YCbCr as PNG, and 16-bit or float grayscale would lose its
    contrast; these become 8-bit ``L``/``RGB``. Transparency is flattened onto white by
    :func:`encode_image`. The ``dpi`` tag is kept.
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
    """One Tesseract thread per process when pages run in parallel (as OCRmyPDF does):
    ``batch``'s workers set it for everything they run. :func:`run` sets it in each
    Tesseract's own environment anyway, unless the user set another value."""
    os.environ["OMP_THREAD_LIMIT"] = THREADS_PER_PAGE
