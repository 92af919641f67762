"""``ocr-repair check``'s command line read without Click (``check.parse_args``, the fast
start of a pre-commit hook) gives the command what Click gives it, and leaves every
command line it does not read as Click does (help, errors, unusual spellings) to Click."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from ocr_repair.commands import check, check_cli

from texts import CLEAN, OCR


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.txt").write_text(OCR, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "names.txt").write_text("Klute\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Hecke\n", encoding="utf-8")
    (tmp_path / "settings.toml").write_text("[tool.ocr-repair]\nthreshold = 0.9\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def click_params(args: list[str]) -> dict:
    with check_cli.check.make_context("check", list(args)) as ctx:
        return ctx.params


#: command lines both read (the values as Click converts them)
READ_ALIKE = [
    ["pm.txt"],
    ["pm.txt", "clean.md", "sub", "missing.txt", "-", ""],
    ["--no-config", "-q", "pm.txt"],
    ["--quiet", "--verbose", "-v", "--strict", "--no-config", "pm.txt"],
    ["--format", "json", "pm.txt"],
    ["--format=json", "--format", "text", "pm.txt"],
    ["--fix", "pm.txt"],
    ["--diff", "pm.txt", "clean.md"],
    ["--words", "names.txt", "--words=other.txt", "pm.txt"],
    ["--ignore", "Ful.ball", "--ignore=K[a-z]+", "pm.txt"],
    ["--ignore", "--fix", "pm.txt"],
    ["--threshold", "0.9", "pm.txt"],
    ["--threshold=1", "--threshold", "0", "pm.txt"],
    ["--threshold", "nan", "pm.txt"],
    ["--enable", "quotes,dashes", "--disable", "misreads", "pm.txt"],
    ["--enable", " quotes , ", "--enable=dashes", "pm.txt"],
    ["--config", "settings.toml", "pm.txt"],
    ["--config=settings.toml", "--config", "settings.toml", "pm.txt"],
    ["--", "-q", "pm.txt"],
    ["pm.txt", "--", "--fix"],
    ["-q", "pm.txt", "--no-config", "clean.md"],
]

#: command lines left to Click: help, errors Click names, spellings not read here
LEFT_TO_CLICK = [
    [],
    ["-h"],
    ["--help", "pm.txt"],
    ["-qv", "pm.txt"],
    ["--fix=1", "pm.txt"],
    ["--frob", "pm.txt"],
    ["--format", "xml", "pm.txt"],
    ["--format"],
    ["pm.txt", "--words"],
    ["--words", "missing.txt", "pm.txt"],
    ["--words", "sub", "pm.txt"],
    ["--config", "missing.toml", "pm.txt"],
    ["--config", "sub", "pm.txt"],
    ["--threshold", "1.5", "pm.txt"],
    ["--threshold", "x", "pm.txt"],
    ["--ignore", "(", "pm.txt"],
    ["--disable", "quote", "pm.txt"],
    ["--enable", "quotes", "--disable", "quotes", "pm.txt"],
    ["--fix", "--diff", "pm.txt"],
    ["--diff", "--format", "json", "pm.txt"],
    ["-5", "pm.txt"],
    ["--", ],
]


@pytest.mark.parametrize("args", READ_ALIKE, ids=" ".join)
def test_a_plain_command_line_is_read_as_click_reads_it(folder, args):
    params = check.parse_args(args)
    assert params is not None
    shown = {k: repr(v) for k, v in params.items()}  # repr: nan is no nan's equal
    assert shown == {k: repr(v) for k, v in click_params(args).items()}
    assert check.usage_problem(**params) is None


@pytest.mark.parametrize("args", LEFT_TO_CLICK, ids=" ".join)
def test_help_errors_and_unusual_spellings_are_left_to_click(folder, args):
    assert check.parse_args(args) is None
    try:
        params = click_params(args)
    except click.exceptions.Exit:  # --help
        return
    except click.ClickException:  # the error Click names
        return
    # Click reads it, and the command names the problem (or it is a spelling not read here)
    assert check.usage_problem(**params) is not None or args in (["-qv", "pm.txt"], ["-5", "pm.txt"]) \
        or args[0] == "--"


def test_shell_completion_is_left_to_click(folder, monkeypatch):
    monkeypatch.setenv("_OCR_REPAIR_COMPLETE", "bash_complete")
    assert check.parse_args(["pm.txt"]) is None


def test_the_options_read_here_are_the_click_commands():
    flags, values, multiple = {}, {}, {}
    for p in check_cli.check.params:
        if isinstance(p, click.Argument):
            assert (p.name, p.nargs, p.required) == ("files", -1, True)
            continue
        table = flags if p.is_flag else multiple if p.multiple else values
        table.update(dict.fromkeys(p.opts, p.name))
    assert flags == check._FLAGS
    assert values == check._VALUES
    assert multiple == check._MULTIPLE


def test_check_starts_without_click(folder):
    """A plain ``check`` (a pre-commit hook's) imports neither Click nor typing (3 ms);
    its help does. The
    engine's objects, imported with the garbage collector off, are kept out of its later
    collections (frozen), and the files are checked with it on."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print(gc.isenabled(), gc.get_freeze_count() > 1000, file=sys.stderr))\n"
            "atexit.register(lambda: print('click' in sys.modules, 'typing' in sys.modules, file=sys.stderr))\n"
            "from ocr_repair.cli import main\n"
            "sys.argv = ['ocr-repair', *sys.argv[1:]]\n"
            "main()\n")
    env = dict(os.environ, PYTHONWARNINGS="")
    proc = subprocess.run([sys.executable, "-c", code, "check", "--no-config", "pm.txt"], capture_output=True,
                          text=True, timeout=120, env=env)
    assert proc.returncode == 1
    assert "found 'Ful3ball' -> 'Fußball'" in proc.stdout
    assert proc.stderr.splitlines()[-2:] == ["False False", "True True"]
    proc = subprocess.run([sys.executable, "-c", code, "check", "--help"], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0 and "Report OCR misreads in FILES" in proc.stdout
    assert proc.stderr.splitlines()[-2] == "True True"
