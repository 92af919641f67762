"""The README's quick start leaves the checkout clean: the Markdown its first command
writes lands where git ignores it (issue 10), in a folder the command creates."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _quick_start_output() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    assert commands, "no command in the quick start"
    m = re.search(r"ocr-repair convert \S+ -o (\S+)", commands[0])
    assert m, commands[0]
    return m[1]


def test_quick_start_output_is_ignored_by_git():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = _quick_start_output()
    assert not Path(out).is_absolute() and ".." not in Path(out).parts
    proc = subprocess.run(["git", "check-ignore", "-q", "--no-index", out], cwd=ROOT, timeout=30)
    assert proc.returncode == 0, f"git would show {out} as untracked after the quick start"
