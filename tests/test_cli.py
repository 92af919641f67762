"""The ``ocr-repair`` command line: help, version, exit codes, ``convert`` on transcriptions,
atomic output, and the one-line error rule; in-process (Click's CliRunner) and as a real
process. OCR of real scans is in test_convert_scans.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version as dist_version
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PAGE_1, PAGE_2, leftovers

from ocr_repair import cli as cli_mod
from ocr_repair.cli import SUBCOMMANDS, cli
from ocr_repair.errors import EXIT_CODE_HELP, ExitCode, OutputFileError
from ocr_repair.output import atomic_write

VERSION = dist_version("ocr-repair")


def _exe() -> list[str]:
    """The installed console script, else the module (as ``python -m ocr_repair.cli``)."""
    script = Path(sys.executable).with_name("ocr-repair")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "ocr_repair.cli"]


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*_exe(), *args], capture_output=True, text=True, timeout=120, **kw)


# --------------------------------------------------------------------------- help and version


def test_help_lists_commands_and_exit_codes():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    out = result.output
    for name in SUBCOMMANDS:
        assert re.search(rf"^  {name}\s+\S", out, re.M), name
    lines = out.splitlines()
    start = lines.index("  Exit codes:")
    table = [ln for ln in lines[start + 1:] if ln.strip()]
    # one code per line, in order, right-aligned, each with its description unwrapped
    assert len(table) == len(ExitCode)
    for code, line in zip(ExitCode, table):
        assert re.fullmatch(rf" +{int(code)}  {re.escape(EXIT_CODE_HELP[code])}", line), line
    assert len({ln.index(ln.split()[1]) for ln in table}) == 1  # descriptions line up
    assert max(map(len, lines)) <= 100


def test_every_exit_code_is_described():
    assert set(EXIT_CODE_HELP) == set(ExitCode)


def test_short_help_option():
    assert CliRunner().invoke(cli, ["-h"]).output == CliRunner().invoke(cli, ["--help"]).output


def test_convert_help_has_its_exit_codes():
    result = CliRunner().invoke(cli, ["convert", "--help"])
    assert result.exit_code == 0
    assert "Several INPUTs are the pages of one document" in result.output
    for code in (3, 4, 5, 6):
        assert re.search(rf"^ +{code}  {re.escape(EXIT_CODE_HELP[ExitCode(code)])}$", result.output, re.M)


def test_batch_help_has_its_exit_codes():
    result = CliRunner().invoke(cli, ["batch", "--help"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    table = [ln for ln in lines[lines.index("  Exit codes:") + 1:] if ln.strip()]
    codes = [int(ln.split()[0]) for ln in table]
    for code in (0, 2, 4, 6, 7, 8, 15, 130):
        assert code in codes, code
        assert re.search(rf"^ +{code}  {re.escape(EXIT_CODE_HELP[ExitCode(code)])}$", result.output, re.M)
    assert ExitCode.findings not in codes and ExitCode.ocr_failed not in codes  # check's; per document: 7


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"ocr-repair, version {VERSION}\n"


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == ExitCode.usage
    assert "No such command" in result.stderr


def test_convert_needs_an_input():
    result = CliRunner().invoke(cli, ["convert"])
    assert result.exit_code == ExitCode.usage


def test_help_does_not_load_the_ocr_stack():
    code = ("import sys; from ocr_repair.cli import cli\n"
            "try:\n    cli(['--help'], prog_name='ocr-repair')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('PIL', 'pytesseract', 'pypdfium2', 'ocr_repair.commands.convert')"
            " if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines()[-1] == "[]"


def test_subprocess_help_and_version():
    proc = run("--help")
    assert proc.returncode == 0 and proc.stderr == ""
    assert "Exit codes:" in proc.stdout and "input_file" not in proc.stdout
    assert re.search(r"^ +6  the output cannot be written$", proc.stdout, re.M)
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout == f"ocr-repair, version {VERSION}\n"


def test_module_entry_point():
    proc = subprocess.run([sys.executable, "-m", "ocr_repair.cli", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0 and VERSION in proc.stdout


# --------------------------------------------------------------------------- convert on transcriptions


def test_txt_to_stdout(scans):
    result = CliRunner().invoke(cli, ["convert", str(scans.txt)])
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("---\n") and "\npages: 1\n" in md
    assert re.search(r"^ocr_engine: (null|none|~)$", md, re.M)  # no OCR for a transcription
    assert "# Erste Seite: Förderung für Bibliotheken\n" in md
    assert "Bürgerinnen und Bürger" in md and "Maßnahme" in md
    assert result.stderr == ""


def test_md_without_front_matter(scans):
    result = CliRunner().invoke(cli, ["convert", str(scans.md), "--no-front-matter"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Zweite Seite: Öffnungszeiten\n")


def test_several_inputs_are_pages_in_order(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.md"
    a.write_text(PAGE_1 + "\n", encoding="utf-8")
    b.write_text(PAGE_2 + "\n", encoding="utf-8")
    for order in ((a, b), (b, a)):
        result = CliRunner().invoke(cli, ["convert", *map(str, order)])
        assert result.exit_code == 0, result.output
        md = result.stdout
        assert "pages: 2" in md
        first, second = ("Erste", "Zweite") if order[0] == a else ("Zweite", "Erste")
        assert md.index(first) < md.index(second)
        assert md.index(str(order[0])) < md.index(str(order[1]))  # sources listed in order


def test_output_file_is_written_atomically(scans, tmp_path, monkeypatch):
    out = tmp_path / "new" / "folder" / "doc.md"
    result = CliRunner().invoke(cli, ["convert", str(scans.txt), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == ""
    text = out.read_text(encoding="utf-8")
    assert "Förderung" in text and text.endswith("\n")
    assert leftovers(out.parent) == []
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()  # not mkstemp's 0600


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_atomic_write_keeps_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "doc.md"
    target.write_text("old\n")
    target.chmod(0o640)

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputFileError, match="No space left"):
        atomic_write(target, "new\n")
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == []
    monkeypatch.undo()
    atomic_write(target, "new\n")
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640  # the replaced file's mode is kept


def test_atomic_write_cleans_up_on_interrupt(tmp_path, monkeypatch):
    def interrupted(*a):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "doc.md", "text")
    assert list(tmp_path.iterdir()) == []


def test_subprocess_convert_txt(scans, tmp_path):
    proc = run("convert", str(scans.txt), "--no-front-matter")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# Erste Seite: Förderung für Bibliotheken\n")
    out = tmp_path / "doc.md"
    proc = run("convert", str(scans.txt), "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""
    assert "Öffnungszeiten" in out.read_text(encoding="utf-8")
    assert leftovers(tmp_path) == []


def test_stdout_is_utf8_whatever_the_locale(scans):
    env = dict(os.environ, LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii")
    proc = subprocess.run([*_exe(), "convert", str(scans.txt)], capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Förderung".encode() in proc.stdout


def test_closed_stdout_is_no_error(tmp_path):
    big = tmp_path / "big.txt"
    para = "Die Größe der Räume richtet sich nach dem Bedarf vor Ort. " * 20
    big.write_text("Titel\n\n" + "\n\n".join([para] * 150), encoding="utf-8")  # ~ 700 KB of Markdown
    proc = subprocess.Popen([*_exe(), "convert", str(big), "--no-repair"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.read(100)
    proc.stdout.close()  # like `| head -c 100`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert err == ""


# --------------------------------------------------------------------------- the output cannot be written


def _unwritable_targets(tmp_path: Path) -> dict[str, Path]:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    targets = {"parent is a file": blocker / "doc.md", "grandparent is a file": blocker / "sub" / "doc.md"}
    if Path("/proc/self").is_dir():
        targets["/proc"] = Path("/proc/ocr-repair-test.md")
    return targets


@pytest.mark.parametrize("which", ["parent is a file", "grandparent is a file", "/proc"])
def test_unwritable_output_exits_6(scans, tmp_path, which):
    targets = _unwritable_targets(tmp_path)
    if which not in targets:
        pytest.skip("no /proc here")
    target = targets[which]
    result = CliRunner().invoke(cli, ["convert", str(scans.txt), "-o", str(target)])
    assert result.exit_code == ExitCode.output_file, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("ocr-repair: error: ") and "cannot be written" in line
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_unwritable_output_fails_before_ocr(scans, tmp_path, monkeypatch):
    from ocr_repair import tesseract

    def no_ocr(*a, **k):
        raise AssertionError("OCR ran although the output cannot be written")

    monkeypatch.setattr(tesseract, "ocr_page", no_ocr)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["convert", str(scans.page1_png), "-o", str(blocker / "doc.md")])
    assert result.exit_code == ExitCode.output_file


def test_unwritable_explain_json_exits_6(scans, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = tmp_path / "doc.md"
    result = CliRunner().invoke(cli, ["convert", str(scans.txt), "-o", str(out),
                                      "--explain-json", str(blocker / "x.json")])
    assert result.exit_code == ExitCode.output_file
    assert not out.exists()


def test_output_that_is_a_folder_is_a_usage_error(scans, tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(scans.txt), "-o", str(tmp_path)])
    assert result.exit_code == ExitCode.usage


def test_subprocess_unwritable_output(scans, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    proc = run("convert", str(scans.txt), "-o", str(blocker / "doc.md"))
    assert proc.returncode == ExitCode.output_file
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- errors: one line, no traceback


def test_subprocess_bad_input_is_one_line(scans, tmp_path):
    bad = tmp_path / "t.tif"
    data = scans.tiff.read_bytes()
    bad.write_bytes(data[: len(data) // 2])  # also makes Pillow warn: the warning must not show
    proc = run("convert", str(bad), "-o", str(tmp_path / "doc.md"))
    assert proc.returncode == ExitCode.input_file
    assert proc.stdout == ""
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"ocr-repair: error: {bad}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.tif"]


def test_subprocess_missing_input(tmp_path):
    proc = run("convert", str(tmp_path / "nope.png"))
    assert proc.returncode == ExitCode.input_file
    assert proc.stderr == f"ocr-repair: error: {tmp_path / 'nope.png'}: no such file\n"


def _break_pipeline(monkeypatch, exc):
    from ocr_repair import pipeline

    def broken(*a, **k):
        raise exc

    monkeypatch.setattr(pipeline, "repair_document", broken)  # convert runs the stages itself


def test_internal_error_is_one_line_and_code_15(scans, monkeypatch):
    _break_pipeline(monkeypatch, ValueError("bad\nthing"))
    result = CliRunner().invoke(cli, ["convert", str(scans.txt)])
    assert result.exit_code == ExitCode.internal
    (line,) = result.stderr.splitlines()
    assert "internal error: ValueError: bad thing" in line and "-v" in line


def test_verbose_shows_the_traceback(scans, monkeypatch):
    _break_pipeline(monkeypatch, ValueError("bad"))
    result = CliRunner().invoke(cli, ["convert", str(scans.txt), "-v"])
    assert result.exit_code == ExitCode.internal
    assert "Traceback" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("ocr-repair: error: internal error")


def test_interrupt_exits_130(scans, monkeypatch):
    _break_pipeline(monkeypatch, KeyboardInterrupt())
    result = CliRunner().invoke(cli, ["convert", str(scans.txt)])
    assert result.exit_code == ExitCode.interrupted
    assert result.stderr == "ocr-repair: error: interrupted\n"


def test_fail_folds_newlines(capsys):
    with pytest.raises(SystemExit) as info:
        cli_mod.fail("two\nlines\r\n and more", 3)
    assert info.value.code == 3
    assert capsys.readouterr().err == "ocr-repair: error: two lines and more\n"


def test_word_list_must_be_utf8(scans, tmp_path):
    words = tmp_path / "names.txt"
    words.write_bytes("Müller-Lüdenscheidt\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["convert", str(scans.txt), "--words", str(words)])
    assert result.exit_code == ExitCode.input_file
    (line,) = result.stderr.splitlines()
    assert "names.txt" in line and "UTF-8" in line


def test_empty_word_list_is_fine(scans, tmp_path):
    words = tmp_path / "names.txt"
    words.write_text("")
    result = CliRunner().invoke(cli, ["convert", str(scans.txt), "--words", str(words)])
    assert result.exit_code == 0, result.output


def test_missing_word_list_is_a_usage_error(scans, tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(scans.txt), "--words", str(tmp_path / "nope.txt")])
    assert result.exit_code == ExitCode.usage
