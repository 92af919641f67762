"""``batch --format md,pdf,alto``: the searchable PDF and the ALTO beside each scan's
Markdown in the mirrored tree; the manifest and resume treat them as one document."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from conftest import PAGE_1, needs_tesseract
from test_outputs import assert_valid_alto, needs_tools, pdftotext

from ocr_repair import batch
from ocr_repair.batch import MANIFEST_NAME, Options, PlainProgress
from ocr_repair.cli import cli

pytestmark = [needs_tesseract, needs_tools]


def run(src, dest, **kw):
    log = io.StringIO()
    summary = batch.run(Options(src=src, dest=dest, executor="inline", **kw), PlainProgress(log))
    return summary, log.getvalue()


@pytest.fixture(scope="module")
def tree(scans, tmp_path_factory):
    src = tmp_path_factory.mktemp("formats") / "src"
    (src / "sub").mkdir(parents=True)
    shutil.copy(scans.page1_png, src / "a.png")
    shutil.copy(scans.pdf, src / "sub" / "b.pdf")
    (src / "t.txt").write_text(PAGE_1 + "\n", encoding="utf-8")
    return src


def test_each_format_beside_the_markdown_and_resume(tree, tmp_path):
    dest = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(tree), str(dest), "--format", "md,pdf,alto", "-j", "1"])
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if not p.name.startswith("."))
    assert files == ["a.md", "a.pdf", "a.xml", "sub", "sub/b.md", "sub/b.pdf", "sub/b.xml", "t.md"]
    for pdf in (dest / "a.pdf", dest / "sub" / "b.pdf"):
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout
    assert "Förderung" in pdftotext(dest / "a.pdf") and "Öffnungszeiten" in pdftotext(dest / "sub" / "b.pdf")
    from lxml import etree

    for xml in (dest / "a.xml", dest / "sub" / "b.xml"):
        assert_valid_alto(etree.parse(str(xml)))
    entries = {e["source"]: e for e in map(json.loads, (dest / MANIFEST_NAME).read_text().splitlines())}
    assert set(entries["sub/b.pdf"]["extras"]) == {"sub/b.pdf", "sub/b.xml"}
    assert "extras" not in entries["t.txt"]

    # a rerun skips all three documents; a lost PDF redoes its document only
    summary, _ = run(tree, dest, formats=("md", "pdf", "alto"))
    assert summary.skipped == 3 and summary.converted == 0
    (dest / "a.pdf").unlink()
    summary, _ = run(tree, dest, formats=("md", "pdf", "alto"))
    assert summary.converted == 1 and (dest / "a.pdf").is_file()
    # Markdown only again: the settings differ, every document is redone
    summary, _ = run(tree, dest)
    assert summary.converted == 3


def test_unknown_format_is_a_usage_error(tree, tmp_path):
    result = CliRunner().invoke(cli, ["batch", str(tree), str(tmp_path / "out"), "--format", "md,docx"])
    assert result.exit_code == 2
    assert "docx" in result.output
    assert not (tmp_path / "out").exists()


def test_pdf_without_ocrmypdf_is_a_missing_dependency_before_any_ocr(tree, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ocrmypdf", None)
    result = CliRunner().invoke(cli, ["batch", str(tree), str(tmp_path / "out"), "--format", "pdf"])
    assert result.exit_code == 4
    assert "OCRmyPDF" in result.output
    assert not list((tmp_path / "out").rglob("*.md"))  # nothing converted


def test_stale_temporaries_of_the_other_formats_go(tree, tmp_path):
    """A run killed while writing a PDF leaves ``.a.pdf.XXXX.tmp``: the next run with
    --format pdf removes it (and leaves other dot files alone)."""
    dest = tmp_path / "out"
    dest.mkdir()
    stale = dest / ".a.pdf.k3j9.tmp"
    stale.write_bytes(b"%PDF-1.7 half")
    other = dest / ".keep.tmp"
    other.write_text("mine")
    summary, _ = run(tree, dest, formats=("md", "pdf"), patterns=("a.png",))
    assert summary.converted == 1 and (dest / "a.pdf").is_file() and not (dest / "a.xml").exists()
    assert not stale.exists() and other.read_text() == "mine"


def test_markdown_only_keeps_the_settings_hash(tree, tmp_path):
    """The formats enter the settings hash only when there are others than Markdown, so a
    manifest written before --format existed stays valid."""
    from ocr_repair.batch_manifest import settings_hash
    from ocr_repair.config import Config

    dest = tmp_path / "out"
    summary, _ = run(tree, dest, patterns=("t.txt",))
    (entry,) = map(json.loads, (dest / MANIFEST_NAME).read_text().splitlines())
    assert entry["settings_sha256"] == settings_hash(Config())
    assert "extras" not in entry
    summary, _ = run(tree, dest, patterns=("t.txt",), formats=("md",))
    assert summary.skipped == 1
