"""``ocr-repair convert -``: a transcription from standard input gives exactly the Markdown
the same text gives from a file, with the same checks (exit 3) and settings found upward
from the current folder; ``-`` alone only (exit 2). In-process and as a real process.
``-o -`` and ``--explain-json -`` write to standard output (one of them at most, exit 2),
never a file named ``-``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocr_repair.cli import cli
from ocr_repair.errors import ExitCode
from ocr_repair.inputs import STDIN_NAME

from texts import OCR

SOURCE_RE = re.compile(r"^source:\n  - (.*)$", re.M)


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """An empty current folder, the end of the settings search (a repository root)."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def convert(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(cli, ["convert", *args], input=stdin)


def test_stdin_gives_what_the_file_gives(workdir):
    Path("doc.txt").write_text(OCR, encoding="utf-8")
    for flags in ([], ["--no-front-matter"], ["--explain"]):
        from_file = convert("doc.txt", *flags)
        from_stdin = convert("-", *flags, stdin=OCR.encode("utf-8"))
        assert from_file.exit_code == from_stdin.exit_code == 0, from_stdin.output
        assert from_stdin.stderr == from_file.stderr
        # the same document, only its front matter's source differs
        assert SOURCE_RE.sub("", from_stdin.stdout) == SOURCE_RE.sub("", from_file.stdout)
        if "--no-front-matter" in flags:
            assert from_stdin.stdout_bytes == from_file.stdout_bytes
        else:
            assert SOURCE_RE.search(from_stdin.stdout)[1] == f'"{STDIN_NAME}"'
    assert "Staatssekretär" in from_stdin.stdout and "Fußball" in from_stdin.stdout  # repaired
    assert "fixed" in from_stdin.stderr  # --explain


def test_stdin_with_a_bom(workdir):
    plain = convert("-", stdin=OCR.encode("utf-8"))
    bom = convert("-", stdin=b"\xef\xbb\xbf" + OCR.encode("utf-8"))
    assert bom.exit_code == 0 and bom.stdout == plain.stdout


def test_stdin_to_output_file(workdir):
    result = convert("-", "-o", "doc.md", stdin=OCR.encode("utf-8"))
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert Path("doc.md").read_text(encoding="utf-8") == convert("-", stdin=OCR.encode("utf-8")).stdout


@pytest.mark.parametrize("raw", [b"abc\x00\x01\x02" * 50, "Größe und Maß\n".encode("latin-1")],
                         ids=["binary", "latin-1"])
def test_bad_stdin_fails_as_a_bad_file_does(workdir, raw):
    Path("bad.txt").write_bytes(raw)
    from_file = convert("bad.txt")
    from_stdin = convert("-", "-o", "doc.md", stdin=raw)
    assert from_file.exit_code == from_stdin.exit_code == ExitCode.input_file
    assert from_stdin.stderr == from_file.stderr.replace("bad.txt", STDIN_NAME)
    assert len(from_stdin.stderr.splitlines()) == 1 and from_stdin.stdout == ""
    assert not Path("doc.md").exists()


@pytest.mark.parametrize("raw", [b"", b" \n\n"], ids=["nothing", "blank"])
def test_empty_stdin(workdir, raw):
    result = convert("-", stdin=raw)
    assert result.exit_code == ExitCode.input_file
    assert result.stderr == f"ocr-repair: error: {STDIN_NAME}: empty input\n"


@pytest.mark.parametrize("inputs", [["-", "doc.txt"], ["doc.txt", "-"], ["-", "-"]])
def test_stdin_only_alone(workdir, inputs):
    Path("doc.txt").write_text(OCR, encoding="utf-8")
    result = convert(*inputs, stdin=OCR.encode("utf-8"))
    assert result.exit_code == ExitCode.usage
    assert "standard input" in result.stderr and result.stdout == ""


def test_settings_are_found_upward_from_the_current_folder(workdir, monkeypatch):
    (workdir / ".ocr-repair.toml").write_text("front_matter = false\n", encoding="utf-8")
    (workdir / "sub").mkdir()
    monkeypatch.chdir(workdir / "sub")
    result = convert("-", stdin=OCR.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Staatssekretär")
    assert convert("-", "--no-config", stdin=OCR.encode("utf-8")).stdout.startswith("---\n")


def test_subprocess_reads_stdin(workdir):
    Path("doc.txt").write_text(OCR, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ocr_repair", "convert", "-", "--no-front-matter"],
                          input=OCR.encode("utf-8"), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert proc.stdout == convert("doc.txt", "--no-front-matter").stdout_bytes


@pytest.mark.parametrize("source", ["doc.txt", "-"], ids=["file", "stdin"])
def test_output_dash_is_stdout(workdir, source):
    Path("doc.txt").write_text(OCR, encoding="utf-8")
    plain = convert(source, stdin=OCR.encode("utf-8"))
    dash = convert(source, "-o", "-", stdin=OCR.encode("utf-8"))
    assert plain.exit_code == dash.exit_code == 0, dash.output
    assert dash.stdout_bytes == plain.stdout_bytes and dash.stderr == ""
    assert sorted(os.listdir()) == [".git", "doc.txt"]  # no file named "-"


def test_explain_json_dash_is_stdout(workdir):
    Path("doc.txt").write_text(OCR, encoding="utf-8")
    to_files = convert("doc.txt", "-o", "files.md", "--explain-json", "files.json")
    result = convert("doc.txt", "-o", "doc.md", "--explain-json", "-")
    assert to_files.exit_code == result.exit_code == 0, result.output
    assert result.stdout == Path("files.json").read_text(encoding="utf-8")
    assert any(c["rule"] for c in json.loads(result.stdout))
    assert Path("doc.md").read_text(encoding="utf-8") == Path("files.md").read_text(encoding="utf-8")
    assert not Path("-").exists()


@pytest.mark.parametrize("flags", [["-o", "-", "--explain-json", "-"], ["--explain-json", "-"]],
                         ids=["both-dash", "no-output"])
def test_only_one_output_on_stdout(workdir, flags):
    Path("doc.txt").write_text(OCR, encoding="utf-8")
    result = convert("doc.txt", *flags)
    assert result.exit_code == ExitCode.usage and result.stdout == ""
    assert "only one of -o and --explain-json can be '-'" in result.stderr
    assert sorted(os.listdir()) == [".git", "doc.txt"]


def test_a_file_named_dash_is_still_possible(workdir):
    Path("doc.txt").write_text(OCR, encoding="utf-8")
    result = convert("doc.txt", "-o", "./-")
    assert result.exit_code == 0 and result.stdout == ""
    assert Path("-").read_text(encoding="utf-8") == convert("doc.txt").stdout
