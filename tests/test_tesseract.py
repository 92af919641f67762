"""Tesseract probing and running (ocr_repair.tesseract): missing binary or model (exit 4),
failures and timeouts (exit 5), the text rebuilt from Tesseract's layout.

Only the tests marked ``needs_tesseract`` run the real program; the others fake it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT, leftovers, needs_tesseract
from PIL import Image

from ocr_repair import tesseract
from ocr_repair.cli import cli
from ocr_repair.errors import (
    ExitCode,
    LanguageNotInstalledError,
    OcrFailedError,
    TesseractNotFoundError,
)

# --------------------------------------------------------------------------- layout_text


def _data(*words):
    """image_to_data's dict from (text, block, par, line, conf) tuples."""
    keys = ("text", "block_num", "par_num", "line_num", "conf")
    return {k: [w[i] for w in words] for i, k in enumerate(keys)}


def test_layout_text_lines_and_paragraphs():
    data = _data(
        ("", 1, 0, 0, -1),  # block/paragraph/line rows carry no text
        ("Neue", 1, 1, 1, 96.0), ("Förderung", 1, 1, 1, 90.0),
        ("für", 1, 1, 2, 93.0),
        ("Die", 2, 1, 1, 95.0), ("Größe", 2, 1, 1, 89.0),
        ("  ", 2, 1, 1, 10.0),  # blank words are dropped
        ("Räume", 2, 2, 1, 97.0),
    )
    text, conf, words = tesseract.layout_text(data)
    assert text == "Neue Förderung\nfür\n\nDie Größe\n\nRäume\n"
    assert words == 6
    assert conf == pytest.approx((96 + 90 + 93 + 95 + 89 + 97) / 6)


def test_layout_text_of_a_blank_page():
    assert tesseract.layout_text(_data(("", 1, 0, 0, -1))) == ("", None, 0)


def test_image_dpi():
    im = Image.new("L", (10, 10), 255)
    assert tesseract.image_dpi(im) is None
    im.info["dpi"] = (299.9994, 299.9994)
    assert tesseract.image_dpi(im) == 300
    im.info["dpi"] = (1, 1)  # implausible: let Tesseract estimate
    assert tesseract.image_dpi(im) is None


@pytest.mark.parametrize("mode", ["CMYK", "I;16", "I", "F", "YCbCr"])
def test_prepare_image_gives_a_mode_png_can_hold(mode, tmp_path):
    im = Image.new(mode, (8, 8))
    im.info["dpi"] = (300, 300)
    out = tesseract.prepare_image(im)
    assert out.mode in ("L", "RGB")
    assert out.info["dpi"] == (300, 300)
    out.save(tmp_path / "x.png")


def test_prepare_image_scales_16_bit_gray():
    im = Image.new("I;16", (4, 4), 65535)
    assert tesseract.prepare_image(im).getextrema() == (255, 255)
    im = Image.new("I;16", (4, 4), 0)
    assert tesseract.prepare_image(im).getextrema() == (0, 0)


def test_prepare_image_leaves_common_modes_alone():
    for mode in ("1", "L", "RGB", "RGBA"):
        im = Image.new(mode, (4, 4))
        assert tesseract.prepare_image(im) is im


# --------------------------------------------------------------------------- missing Tesseract / model


def _fake_no_tesseract(monkeypatch):
    monkeypatch.setattr(tesseract, "TESSERACT_CMD", "no-such-tesseract-binary")


def test_pytesseract_tesseract_cmd_is_still_honoured(monkeypatch, fresh_tesseract_probe):
    """pytesseract is no dependency; where a caller has it and set its ``tesseract_cmd``,
    that program is the one run (without importing pytesseract)."""
    import types

    fake = types.SimpleNamespace(tesseract_cmd="no-such-tesseract-binary")
    monkeypatch.setitem(sys.modules, "pytesseract.pytesseract", fake)
    with pytest.raises(TesseractNotFoundError, match="no-such-tesseract-binary"):
        tesseract.check_languages("deu")


def test_missing_binary_names_the_package(monkeypatch, fresh_tesseract_probe):
    _fake_no_tesseract(monkeypatch)
    with pytest.raises(TesseractNotFoundError) as info:
        tesseract.check_languages("deu")
    assert info.value.exit_code == ExitCode.missing_dependency
    assert "tesseract-ocr" in info.value.one_line()


def test_convert_without_tesseract_exits_4(scans, tmp_path, monkeypatch, fresh_tesseract_probe):
    _fake_no_tesseract(monkeypatch)
    out = tmp_path / "doc.md"
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), "-o", str(out)])
    assert result.exit_code == ExitCode.missing_dependency
    (line,) = result.stderr.splitlines()
    assert "Tesseract is not installed" in line and "apt-get install tesseract-ocr" in line
    assert not out.exists() and leftovers(tmp_path) == []


def test_transcriptions_need_no_tesseract(scans, monkeypatch, fresh_tesseract_probe):
    _fake_no_tesseract(monkeypatch)
    result = CliRunner().invoke(cli, ["convert", str(scans.txt), "--no-front-matter"])
    assert result.exit_code == 0, result.output
    assert "Förderung" in result.stdout


def test_subprocess_with_path_lacking_tesseract(scans, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TESSDATA")}
    env["PATH"] = str(tmp_path)  # nothing in it: no tesseract
    proc = subprocess.run([sys.executable, "-m", "ocr_repair.cli", "convert", str(scans.page1_png)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == ExitCode.missing_dependency, proc.stderr
    assert proc.stdout == ""
    (line,) = proc.stderr.splitlines()
    assert line.startswith("ocr-repair: error: ") and "tesseract-ocr" in line


def test_missing_german_model_names_the_package(scans, monkeypatch):
    monkeypatch.setattr(tesseract, "languages", lambda: frozenset({"eng", "osd"}))
    monkeypatch.setattr(tesseract, "version", lambda: "5.3.0")
    with pytest.raises(LanguageNotInstalledError, match="'deu'") as info:
        tesseract.check_languages("deu")
    assert "tesseract-ocr-deu" in info.value.one_line()
    tesseract.check_languages("eng")
    with pytest.raises(LanguageNotInstalledError) as info:
        tesseract.check_languages("eng+deu_latf")
    assert "apt-get install tesseract-ocr-deu-latf" in info.value.one_line()

    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png)])
    assert result.exit_code == ExitCode.missing_dependency
    (line,) = result.stderr.splitlines()
    assert "apt-get install tesseract-ocr-deu" in line


@needs_tesseract
def test_unknown_language_exits_4(scans, fresh_tesseract_probe):
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), "--lang", "xyz"])
    assert result.exit_code == ExitCode.missing_dependency
    (line,) = result.stderr.splitlines()
    assert "'xyz'" in line and "tesseract-ocr-xyz" in line


@pytest.mark.parametrize("lang", ["", "deu+", "deu; rm -rf /", "-l"])
def test_malformed_language_is_a_usage_error(scans, lang):
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), f"--lang={lang}"])
    assert result.exit_code == ExitCode.usage
    assert "Tesseract language list" in result.stderr


@needs_tesseract
def test_real_probe(fresh_tesseract_probe):
    assert tesseract.version()[0].isdigit()
    assert {"deu"} <= tesseract.languages()
    assert not any(" " in code for code in tesseract.languages())


# --------------------------------------------------------------------------- failures and timeouts


@pytest.fixture
def fake_installed(monkeypatch):
    monkeypatch.setattr(tesseract, "languages", lambda: frozenset({"deu", "eng"}))
    monkeypatch.setattr(tesseract, "version", lambda: "5.3.0")


#: a stand-in for the tesseract program: it logs each call (arguments, OMP_THREAD_LIMIT,
#: pid, the image's width) to calls.jsonl beside it and does what the file ``mode`` says:
#: ``ok`` prints TSV with one word naming the page (a weekday: "Montag" for width 1,
#: "Dienstag" for 2, ...; "page<width>" from 8 on), ``fail`` exits 1 with a
#: message, ``sleep`` sleeps, ``pair`` makes the page of width 1 wait until the page of
#: width 2 has started (proof that two run at once; at most ``patience`` s, then it reads
#: "alone"), ``blank`` finds no text and ``hang`` sleeps until killed
FAKE_TESSERACT = """\
import json, os, pathlib, struct, sys, time
here = pathlib.Path(__file__).resolve().parent
if sys.argv[1] in ("--version", "--list-langs"):
    with open(here / "probes.log", "a") as fh:
        fh.write(sys.argv[1] + "\\n")
    print("tesseract 5.3.0" if sys.argv[1] == "--version" else "List of available languages (2):\\ndeu\\neng")
    sys.exit(0)
data = sys.stdin.buffer.read() if sys.argv[1] == "-" else open(sys.argv[1], "rb").read()
if data[:2] == b"BM":
    width = struct.unpack("<i", data[18:22])[0]
elif data[:4] == b"\\x89PNG":
    width = struct.unpack(">I", data[16:20])[0]
else:
    width = -1
with open(here / "calls.jsonl", "a") as fh:
    fh.write(json.dumps({"args": sys.argv[1:], "omp": os.environ.get("OMP_THREAD_LIMIT"), "pid": os.getpid(),
                         "width": width, "format": data[:2].decode("latin-1")}) + "\\n")
(here / f"started-{width}").touch()
mode = (here / "mode").read_text().strip() if (here / "mode").exists() else "ok"
word = dict(enumerate(["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"], 1)).get(width, f"page{width}")
if mode == "fail":
    sys.stderr.write("Error in pixReadStream\\nImage file cannot be read\\n")
    sys.exit(1)
if mode == "sleep":
    time.sleep(30)
if mode == "hang":
    time.sleep(120)
    (here / f"finished-{width}").touch()
if mode == "pair" and width == 1:
    patience = float((here / "patience").read_text()) if (here / "patience").exists() else 20
    for _ in range(int(patience / 0.05)):
        if (here / "started-2").exists():
            break
        time.sleep(0.05)
    else:
        word = "alone"
if mode == "blank":
    word = ""
print("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext")
print("1\\t1\\t0\\t0\\t0\\t0\\t0\\t0\\t100\\t100\\t-1\\t")
if word:
    print(f"5\\t1\\t1\\t1\\t1\\t1\\t10\\t10\\t40\\t20\\t91.6\\t{word}")
"""


class FakeTesseract:
    def __init__(self, folder):
        self.folder = folder
        self.exe = folder / "tesseract"
        self.exe.write_text(f"#!{sys.executable}\n" + FAKE_TESSERACT)
        self.exe.chmod(0o755)

    def mode(self, mode: str) -> None:
        (self.folder / "mode").write_text(mode)

    def calls(self) -> list[dict]:
        import json

        path = self.folder / "calls.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def fake_tesseract(fake_installed, monkeypatch, tmp_path):
    """The tesseract program replaced by :data:`FAKE_TESSERACT` (installed: deu, eng)."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    fake = FakeTesseract(folder)
    monkeypatch.setattr(tesseract, "TESSERACT_CMD", str(fake.exe))
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    return fake


def _page(width: int, dpi: int | None = 300):
    im = Image.new("L", (width, 8), 255)
    if dpi:
        im.info["dpi"] = (dpi, dpi)
    return im


def test_tesseract_runs_on_one_thread(fake_tesseract):
    """OMP_THREAD_LIMIT=1 in Tesseract's own environment (its OpenMP threads fight on a
    small or busy machine), without changing this process's environment."""
    assert tesseract.ocr_page(_page(3)) == ("Mittwoch\n", 91.0, 1)
    (call,) = fake_tesseract.calls()
    assert call["omp"] == "1"
    assert "OMP_THREAD_LIMIT" not in os.environ


def test_a_thread_limit_the_user_set_is_kept(fake_tesseract, monkeypatch):
    monkeypatch.setenv("OMP_THREAD_LIMIT", "4")
    tesseract.ocr_page(_page(3))
    assert fake_tesseract.calls()[-1]["omp"] == "4"
    assert tesseract.tesseract_env({"OMP_THREAD_LIMIT": ""})["OMP_THREAD_LIMIT"] == "1"
    assert tesseract.tesseract_env({"PATH": "/x"}) == {"PATH": "/x", "OMP_THREAD_LIMIT": "1"}


def test_convert_runs_tesseract_on_one_thread(fake_tesseract, scans):
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), "--no-front-matter"])
    assert result.exit_code == 0, result.output
    assert [c["omp"] for c in fake_tesseract.calls()] == ["1"]


def test_timeout_is_ocr_failed(fake_tesseract, scans, tmp_path):
    fake_tesseract.mode("sleep")
    with pytest.raises(OcrFailedError, match="timed out after 0.5 s"):
        tesseract.ocr_page(_page(5), timeout=0.5)
    (call,) = fake_tesseract.calls()
    with pytest.raises(ProcessLookupError):  # killed, and reaped
        os.kill(call["pid"], 0)
    out = tmp_path / "doc.md"
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), "--timeout", "0.5", "-o", str(out)])
    assert result.exit_code == ExitCode.ocr_failed
    (line,) = result.stderr.splitlines()
    assert "timed out" in line and "--timeout" in line
    assert not out.exists() and leftovers(tmp_path) == []


def test_tesseract_error_is_ocr_failed(fake_tesseract, scans):
    fake_tesseract.mode("fail")
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png)])
    assert result.exit_code == ExitCode.ocr_failed
    (line,) = result.stderr.splitlines()
    assert "Tesseract failed" in line and "pixReadStream Image file cannot be read" in line


def test_dpi_and_language_are_passed_to_tesseract(fake_tesseract):
    assert tesseract.ocr_page(_page(3), "deu", 7) == ("Mittwoch\n", 91.0, 1)
    call = fake_tesseract.calls()[-1]
    assert call["args"][1:] == ["stdout", "-l", "deu", "--psm", "3", "--dpi", "300", "tsv"]
    assert call["format"] == "BM"  # with the resolution given, the cheap BMP
    assert not os.path.exists(call["args"][0])  # the page's temporary file is gone
    tesseract.ocr_page(_page(3, dpi=None), "eng")
    call = fake_tesseract.calls()[-1]
    assert "--dpi" not in call["args"] and "eng" in call["args"]
    assert call["format"] == "\x89P"  # PNG: a BMP would claim 96 dpi


def test_transparency_is_flattened_onto_white(fake_tesseract):
    im = Image.new("RGBA", (3, 8), (0, 0, 0, 0))
    data = tesseract.encode_image(im, with_dpi=True)
    from io import BytesIO

    flat = Image.open(BytesIO(data))
    assert flat.mode == "RGB" and flat.getextrema() == ((255, 255),) * 3


def test_parse_tsv_reads_tesseracts_columns():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "1\t1\t0\t0\t0\t0\t0\t0\t2481\t3508\t-1\t\n"
           "5\t1\t1\t1\t1\t1\t297\t276\t190\t45\t96.548\tGröße\n"
           "5\t1\t1\t1\t1\t2\t500\t276\t90\t45\t90.1\t-\n")
    data = tesseract.parse_tsv(tsv)
    assert data["text"] == ["", "Größe", "-"]
    assert data["conf"] == [-1, 96, 90]  # whole numbers, as pytesseract reads them
    assert data["width"] == [2481, 190, 90] and data["line_num"] == [0, 1, 1]
    assert tesseract.parse_tsv("") == {c: [] for c in tesseract.TSV_COLUMNS}


@needs_tesseract
def test_real_timeout_exits_5(scans, tmp_path):
    out = tmp_path / "doc.md"
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), "--timeout", "0.001", "-o", str(out)])
    assert result.exit_code == ExitCode.ocr_failed, result.output
    (line,) = result.stderr.splitlines()
    assert "timed out" in line
    assert not out.exists() and leftovers(tmp_path) == []


def test_timeout_must_be_positive(scans):
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), "--timeout", "0"])
    assert result.exit_code == ExitCode.usage


def test_layout_text_reads_a_wide_dash_as_an_en_dash():
    # Tesseract reads both "-" and "–" as "-"; the box width tells them apart
    words = ["Die", "Klägerin", "hat", "-", "wie", "immer", "-", "recht"]
    widths = [60, 150, 55, 26, 45, 90, 12, 80]
    data = {
        "text": words,
        "block_num": [1] * len(words), "par_num": [1] * len(words), "line_num": [1] * len(words),
        "conf": [95.0] * len(words),
        "width": widths,
        "height": [35, 36, 35, 4, 34, 35, 7, 35],
    }
    text, _, _ = tesseract.layout_text(data)
    assert text == "Die Klägerin hat – wie immer - recht\n"


# --------------------------------------------------------------------------- pages in parallel


def test_pages_come_back_in_order_with_two_jobs(fake_tesseract):
    """Page 1 waits until page 2 has started: both run at once, page 2 finishes first,
    and the results are still in the pages' order."""
    from ocr_repair.config import Config
    from ocr_repair.pipeline import ocr_pages

    fake_tesseract.mode("pair")
    done = []
    results = ocr_pages([_page(w) for w in (1, 2, 3, 4, 5)], Config(), jobs=2, on_done=lambda: done.append(1))
    assert [text for text, _, _ in results] == ["Montag\n", "Dienstag\n", "Mittwoch\n", "Donnerstag\n", "Freitag\n"]
    assert len(done) == 5
    assert {c["omp"] for c in fake_tesseract.calls()} == {"1"}


def test_one_job_runs_pages_one_after_the_other(fake_tesseract):
    from ocr_repair.config import Config
    from ocr_repair.pipeline import ocr_pages

    fake_tesseract.mode("pair")  # page 1 never sees page 2 start: it reads "alone"
    (fake_tesseract.folder / "patience").write_text("1")
    results = ocr_pages([_page(1), _page(2)], Config(), jobs=1)
    assert [text for text, _, _ in results] == ["alone\n", "Dienstag\n"]


def test_convert_runs_its_pages_on_the_executors_for_pages(fake_tesseract, tmp_path, monkeypatch):
    """convert's pages go through executors.py (the protocol batch uses): one executor
    for the document, ``--jobs`` wide, started and closed once."""
    from ocr_repair import executors

    made = []
    real = executors.for_pages

    def recording(jobs):
        ex = real(jobs)
        made.append(ex)
        for name in ("start", "submit", "close"):
            fn = getattr(ex, name)
            setattr(ex, name, (lambda fn, name: lambda *a, **k: (ex.calls.append(name), fn(*a, **k))[1])(fn, name))
        ex.calls = []
        return ex

    monkeypatch.setattr(executors, "for_pages", recording)
    pages = []
    for w in (1, 2, 3):
        path = tmp_path / f"p{w}.png"
        _page(w).save(path, dpi=(300, 300))
        pages.append(str(path))
    result = CliRunner().invoke(cli, ["convert", *pages, "--jobs", "2", "--no-front-matter"])
    assert result.exit_code == 0, result.output
    (ex,) = made
    assert isinstance(ex, executors.ThreadExecutor) and ex.jobs == 2
    assert ex.calls == ["start", "submit", "submit", "submit", "close"]
    assert {c["omp"] for c in fake_tesseract.calls()} == {"1"}


def test_pages_on_each_executor_give_the_same_results(fake_tesseract):
    from ocr_repair import executors
    from ocr_repair.config import Config
    from ocr_repair.pipeline import ocr_pages

    want = ["Montag\n", "Dienstag\n", "Mittwoch\n", "Donnerstag\n", "Freitag\n"]
    for ex in (executors.InlineExecutor(), executors.ThreadExecutor(1), executors.ThreadExecutor(3)):
        ex.start()
        try:
            results = ocr_pages([_page(w) for w in (1, 2, 3, 4, 5)], Config(), jobs=2, executor=ex)
        finally:
            ex.close()
        assert [text for text, _, _ in results] == want, ex.name


@needs_tesseract
def test_a_process_pool_reads_the_pages_as_threads_do(scans):
    """The same real pages on threads (convert's default) and on batch's process pool: the
    same text, confidences and boxes."""
    from PIL import Image

    from ocr_repair import executors
    from ocr_repair.config import Config
    from ocr_repair.pipeline import ocr_pages

    def images():
        for path in (scans.page1_png, scans.page2_png):
            with Image.open(path) as im:
                im.load()
                yield im

    pool = executors.LocalExecutor(2)
    pool.start("deu")
    try:
        on_pool = ocr_pages(images(), Config(), jobs=2, executor=pool)
    finally:
        pool.close()
    on_threads = ocr_pages(images(), Config(), jobs=2)
    assert on_pool == on_threads and [r.boxes for r in on_pool] == [r.boxes for r in on_threads]
    assert on_pool[0][0].startswith("Erste Seite") and on_pool[0][2] > 20  # real OCR, not the stand-in


def test_convert_jobs_option_gives_the_same_document(fake_tesseract, tmp_path):
    pages = []
    for w in (1, 2, 3):
        path = tmp_path / f"p{w}.png"
        _page(w).save(path, dpi=(300, 300))
        pages.append(str(path))
    outs = []
    for jobs in ("1", "3"):
        result = CliRunner().invoke(cli, ["convert", *pages, "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outs.append(result.stdout)
    assert outs[0] == outs[1]
    assert outs[0].index("Montag") < outs[0].index("Dienstag") < outs[0].index("Mittwoch")
    assert CliRunner().invoke(cli, ["convert", *pages, "--jobs", "0"]).exit_code == ExitCode.usage


def test_a_failed_page_fails_the_document_with_its_error(fake_tesseract, monkeypatch):
    from ocr_repair import pipeline
    from ocr_repair.config import Config

    real = tesseract.ocr_page
    calls = []

    def third_fails(image, lang, timeout):
        calls.append(image.width)
        if image.width == 3:
            raise OcrFailedError("Tesseract failed: page three")
        return real(image, lang, timeout)

    monkeypatch.setattr(tesseract, "ocr_page", third_fails)
    with pytest.raises(OcrFailedError, match="page three"):
        pipeline.ocr_pages([_page(w) for w in range(1, 30)], Config(), jobs=2)
    assert len(calls) < 29  # no more pages started once one failed


def test_interrupt_kills_the_running_tesseracts(fake_tesseract):
    """Ctrl-C while pages are OCR'd: KeyboardInterrupt propagates at once, and the
    Tesseracts still running are killed (none finishes its work afterwards)."""
    import time

    from ocr_repair.config import Config
    from ocr_repair.pipeline import ocr_pages

    fake_tesseract.mode("hang")

    def images():
        yield _page(1)
        yield _page(2)
        for _ in range(400):  # both have started
            if len(fake_tesseract.calls()) == 2:
                break
            time.sleep(0.05)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ocr_pages(images(), Config(), jobs=3)
    calls = fake_tesseract.calls()
    assert len(calls) == 2
    for call in calls:
        with pytest.raises(ProcessLookupError):
            os.kill(call["pid"], 0)
    assert not list(fake_tesseract.folder.glob("finished-*"))
    import threading

    assert not [t for t in threading.enumerate() if t.name.startswith("ocr-repair-pages")]


# --------------------------------------------------------------------------- pages without text


def test_a_blank_page_is_warned_about(fake_tesseract, tmp_path):
    """A blank page (made here: plain white) gives exit 0, and a warning naming the file
    and the page; a document with no text at all gets one more."""
    fake_tesseract.mode("blank")
    blank = tmp_path / "blank.png"
    Image.new("L", (200, 100), 255).save(blank, dpi=(300, 300))
    result = CliRunner().invoke(cli, ["convert", str(blank)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"ocr-repair: warning: {blank}: page 1: no text found",
        f"ocr-repair: warning: {blank}: no text found in the whole document: the Markdown is empty",
    ]


def test_a_blank_page_among_others_is_named(fake_tesseract, tmp_path, monkeypatch):
    from ocr_repair import pipeline
    from ocr_repair.config import Config

    real = tesseract.ocr_page

    def second_blank(image, lang, timeout):
        return ("", None, 0) if image.width == 2 else real(image, lang, timeout)

    monkeypatch.setattr(tesseract, "ocr_page", second_blank)
    doc_path = tmp_path / "doc.tif"
    _page(1).save(doc_path, save_all=True, append_images=[_page(2), _page(3)], dpi=(300, 300))
    warnings = []
    result = pipeline.convert([doc_path], Config(), jobs=2, warn=warnings.append)
    assert warnings == [f"{doc_path}: page 2: no text found"]
    assert "Montag" in result.markdown and "Mittwoch" in result.markdown


@needs_tesseract
def test_real_blank_page_warns(tmp_path):
    blank = tmp_path / "white.png"
    Image.new("L", (600, 400), 255).save(blank, dpi=(300, 300))
    result = CliRunner().invoke(cli, ["convert", str(blank), "--no-front-matter"])
    assert result.exit_code == 0, result.output
    assert f"{blank}: page 1: no text found" in result.stderr
    assert result.stdout.strip() == ""


# --------------------------------------------------------------------------- page progress


def test_progress_bar_only_on_a_terminal():
    import io

    from ocr_repair.pipeline import PageProgress, terminal_progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert terminal_progress(io.StringIO()) is None
    assert isinstance(terminal_progress(Tty()), PageProgress)


def test_read_document_reports_pages_to_the_progress(fake_tesseract, tmp_path):
    from ocr_repair import pipeline
    from ocr_repair.config import Config

    doc = tmp_path / "doc.tif"
    _page(1).save(doc, save_all=True, append_images=[_page(2), _page(3)], dpi=(300, 300))
    single = tmp_path / "p4.png"
    _page(4).save(single, dpi=(300, 300))
    seen = []

    class Recorder(pipeline.PageProgress):
        def start(self, total):
            seen.append(("start", total))

        def advance(self):
            seen.append("page")

        def stop(self):
            seen.append("stop")

    document = pipeline.read_document([doc, single], Config(), jobs=2, progress=Recorder())
    assert seen == [("start", 4), "page", "page", "page", "page", "stop"]
    assert [(p.source, p.number, p.text) for p in document.pages] == [
        (str(doc), 1, "Montag\n"), (str(doc), 2, "Dienstag\n"), (str(doc), 3, "Mittwoch\n"), (str(single), 1, "Donnerstag\n")]


def test_scans_and_transcriptions_keep_their_order(fake_tesseract, tmp_path):
    from ocr_repair import pipeline
    from ocr_repair.config import Config

    a, c = tmp_path / "a.png", tmp_path / "c.png"
    _page(1).save(a, dpi=(300, 300))
    _page(3).save(c, dpi=(300, 300))
    b = tmp_path / "b.txt"
    b.write_text("Zwischentext\n", encoding="utf-8")
    document = pipeline.read_document([a, b, c, a], Config(), jobs=3)
    assert [(p.source, p.text) for p in document.pages] == [
        (str(a), "Montag\n"), (str(b), "Zwischentext\n"), (str(c), "Mittwoch\n"), (str(a), "Montag\n")]


def _slow_probe(monkeypatch, folder):
    """Tesseract's version answered only once a page's Tesseract has started (or after 4 s):
    a page that waited for the probe would start 4 s late. Returns what the probe saw."""
    import functools
    import time

    real = tesseract.version.__wrapped__
    seen = {}

    def slow_version():
        for _ in range(200):
            if list(folder.glob("started-*")):
                seen["page started first"] = True
                break
            time.sleep(0.02)
        return real()

    monkeypatch.setattr(tesseract, "version", functools.lru_cache(maxsize=1)(slow_version))
    return seen


def _fake_on_cmd(monkeypatch, tmp_path):
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    fake = FakeTesseract(folder)
    monkeypatch.setattr(tesseract, "TESSERACT_CMD", str(fake.exe))
    monkeypatch.setattr(tesseract.shutil, "which", lambda exe: exe)
    return fake


def test_the_first_page_does_not_wait_for_the_probe(monkeypatch, tmp_path, fresh_tesseract_probe):
    fake = _fake_on_cmd(monkeypatch, tmp_path)
    seen = _slow_probe(monkeypatch, fake.folder)
    page = tmp_path / "p.png"
    _page(1).save(page, dpi=(300, 300))
    result = CliRunner().invoke(cli, ["convert", str(page)])
    assert result.exit_code == 0, result.output
    assert seen == {"page started first": True}
    assert 'ocr_engine: "tesseract 5.3.0"' in result.stdout and "Montag" in result.stdout


def test_a_missing_model_fails_a_page_that_did_not_wait_for_the_probe(monkeypatch, tmp_path, fresh_tesseract_probe):
    """The page ran beside the probe (the stand-in reads any language, as Tesseract reads
    ``deu+fra`` without ``fra``): the probe's answer still fails it, exit 4, no output."""
    fake = _fake_on_cmd(monkeypatch, tmp_path)
    seen = _slow_probe(monkeypatch, fake.folder)
    page, out = tmp_path / "p.png", tmp_path / "p.md"
    _page(1).save(page, dpi=(300, 300))
    result = CliRunner().invoke(cli, ["convert", str(page), "--lang", "deu+fra", "-o", str(out)])
    assert result.exit_code == ExitCode.missing_dependency, result.output
    assert "tesseract-ocr-fra" in result.stderr and seen and not out.exists()


def test_convert_starts_tesseract_before_it_loads_the_repair(tmp_path):
    """In a fresh process: the first page is handed to Tesseract before anything of the
    repair (``regex``, the lexicon, layout) is imported; that is loaded while Tesseract
    reads, and the Markdown is as ever."""
    fake = FakeTesseract(tmp_path)
    page = tmp_path / "p.png"
    _page(1).save(page, dpi=(300, 300))
    code = f"""
import sys
from ocr_repair import executors, tesseract
tesseract.TESSERACT_CMD = {str(fake.exe)!r}
heavy = ("regex", "ocr_repair.repair", "ocr_repair.lexicon", "ocr_repair.layout", "ocr_repair.pipeline")
seen = []
real = executors.ThreadExecutor.submit
def submit(self, fn, *args):
    seen.append(sorted(m for m in heavy if m in sys.modules))
    return real(self, fn, *args)
executors.ThreadExecutor.submit = submit
from ocr_repair.cli import cli
try:
    cli(["convert", {str(page)!r}, "--no-front-matter"], prog_name="ocr-repair")
except SystemExit as exc:
    print("exit", exc.code, seen)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.splitlines()[-1] == "exit 0 [[]]", proc.stdout + proc.stderr
    assert "Montag" in proc.stdout


def test_tesseract_is_probed_once_for_a_document(monkeypatch, tmp_path, fresh_tesseract_probe):
    """The version and language probes run once, beside the first page's rendering, however
    many pages run at once; the front matter names the version."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    fake = FakeTesseract(folder)
    monkeypatch.setattr(tesseract, "TESSERACT_CMD", str(fake.exe))
    monkeypatch.setattr(tesseract.shutil, "which", lambda exe: exe)
    doc = tmp_path / "doc.tif"
    _page(1).save(doc, save_all=True, append_images=[_page(w) for w in range(2, 6)], dpi=(300, 300))
    result = CliRunner().invoke(cli, ["convert", str(doc), "--jobs", "4"])
    assert result.exit_code == 0, result.output
    assert 'ocr_engine: "tesseract 5.3.0"' in result.stdout
    assert sorted((folder / "probes.log").read_text().split()) == ["--list-langs", "--version"]
    assert len(fake.calls()) == 5
    result = CliRunner().invoke(cli, ["convert", str(doc), "--lang", "fra"])
    assert result.exit_code == ExitCode.missing_dependency
    assert "tesseract-ocr-fra" in result.stderr and len(fake.calls()) == 5  # no page OCR'd
