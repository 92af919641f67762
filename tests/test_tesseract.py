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
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "no-such-tesseract-binary")


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


def test_timeout_is_ocr_failed(fake_installed, monkeypatch, scans, tmp_path):
    import pytesseract

    def slow(*a, **k):
        raise RuntimeError("Tesseract process timeout")

    monkeypatch.setattr(pytesseract, "image_to_data", slow)
    with pytest.raises(OcrFailedError, match="timed out after 2.5 s"):
        tesseract.ocr_page(Image.new("L", (10, 10), 255), timeout=2.5)
    out = tmp_path / "doc.md"
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), "-o", str(out)])
    assert result.exit_code == ExitCode.ocr_failed
    (line,) = result.stderr.splitlines()
    assert "timed out" in line and "--timeout" in line
    assert not out.exists() and leftovers(tmp_path) == []


def test_tesseract_error_is_ocr_failed(fake_installed, monkeypatch, scans):
    import pytesseract

    def broken(*a, **k):
        raise pytesseract.TesseractError(1, "Error in pixReadStream\nImage file cannot be read")

    monkeypatch.setattr(pytesseract, "image_to_data", broken)
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png)])
    assert result.exit_code == ExitCode.ocr_failed
    (line,) = result.stderr.splitlines()
    assert "Tesseract failed" in line and "pixReadStream" in line


def test_dpi_is_passed_to_tesseract(fake_installed, monkeypatch):
    import pytesseract

    seen = {}

    def spy(image, lang, config, output_type, timeout):
        seen.update(lang=lang, config=config, timeout=timeout)
        return {"text": ["Größe"], "block_num": [1], "par_num": [1], "line_num": [1], "conf": [91.0]}

    monkeypatch.setattr(pytesseract, "image_to_data", spy)
    im = Image.new("L", (10, 10), 255)
    im.info["dpi"] = (300, 300)
    assert tesseract.ocr_page(im, "deu", 7) == ("Größe\n", 91.0, 1)
    assert seen == {"lang": "deu", "config": "--psm 3 --dpi 300", "timeout": 7}
    tesseract.ocr_page(Image.new("L", (10, 10), 255))
    assert "--dpi" not in seen["config"]


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
