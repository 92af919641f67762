"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by the real pre-commit framework.

The hook repository is this working tree as it is (tracked and untracked, not ignored
files), copied into a temporary git repository and committed; a second temporary
repository uses it with ``repo: <path>`` / ``rev: <sha>``. pre-commit then pip-installs
ocr-repair (and its dependencies, from PyPI) into its own environment under a temporary
``PRE_COMMIT_HOME``: the first test takes a minute or so, the second reuses it.

Skipped when git or pre-commit is missing, or when the package index cannot be reached.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from texts import CLEAN, OCR

ROOT = Path(__file__).resolve().parent.parent

NAMES = ("Klute", "Hecke", "Borken", "Steinfurt", "KOMM-AN", "land.nrw")
TRANSCRIPT = "transcripts/pm-2016-06.txt"


def _pre_commit() -> str | None:
    local = Path(sys.executable).parent / "pre-commit"
    return str(local) if local.exists() else shutil.which("pre-commit")


def _index_unreachable() -> str:
    url = os.environ.get("PIP_INDEX_URL") or "https://pypi.org/simple"
    parsed = urlparse(url)
    host, port = parsed.hostname or "pypi.org", parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=5).close()
    except OSError as exc:
        return f"the package index {host} cannot be reached ({exc}): pre-commit could not install the hook"
    return ""


PRE_COMMIT = _pre_commit()
pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)"),
]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "ocr-repair tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "ocr-repair tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def sh(args: list[str], cwd: Path, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env={**os.environ, **GIT_ENV, **(env or {})}, capture_output=True,
                          text=True, timeout=timeout)


def git(cwd: Path, *args: str) -> str:
    proc = sh(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
               *args], cwd)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str, dict]:
    """This working tree as a committed git repository: (path, sha, env for pre-commit)."""
    why = _index_unreachable()
    if why:
        pytest.skip(why)
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "ocr-repair"
    listed = sh(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT)
    assert listed.returncode == 0, listed.stderr
    for rel in filter(None, listed.stdout.split("\0")):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():  # a tracked file deleted in the tree is left out
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "ocr-repair as it is in the working tree")
    sha = git(repo, "rev-parse", "HEAD").strip()
    env = {"PRE_COMMIT_HOME": str(base / "pre-commit-home"), "PRE_COMMIT_COLOR": "never",
           "OCR_REPAIR_CACHE": str(base / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return repo, sha, env


def project(tmp_path: Path, hook_repo, hook_id: str) -> Path:
    repo, sha, _ = hook_repo
    proj = tmp_path / "project"
    proj.mkdir()
    git(proj, "init", "-q")
    (proj / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {sha}\n    hooks:\n      - id: {hook_id}\n", encoding="utf-8")
    (proj / "transcripts").mkdir()
    (proj / TRANSCRIPT).write_text(OCR, encoding="utf-8")
    (proj / "README.md").write_text("# Pressemitteilungen\n\nAbschriften der Pressemitteilungen.\n",
                                    encoding="utf-8")
    # code is not a transcription: the hook's `files` pattern must leave it alone
    (proj / "tools").mkdir()
    (proj / "tools" / "count.py").write_text('WORD = "Ful3ball"  # kiimmern\n', encoding="utf-8")
    return proj


def findings_in(output: str) -> list[str]:
    return re.findall(r"^\S+:\d+:\d+: (?:found|fixed) .*$", output, re.M)


def test_check_hook_blocks_a_commit_of_ocr_text_and_passes_the_corrected_one(tmp_path, hook_repo):
    _, _, env = hook_repo
    proj = project(tmp_path, hook_repo, "ocr-repair-check")
    proc = sh([PRE_COMMIT, "install"], proj, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    git(proj, "add", "-A")

    # `git commit` runs the hook; pre-commit installs ocr-repair into its own environment first
    proc = sh(["git", "-c", "commit.gpgsign=false", "commit", "-m", "OCR-Abschrift"], proj, env, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "ocr-repair check" in out and "Failed" in out, out
    lines = findings_in(out)
    assert any(l.startswith(f"{TRANSCRIPT}:4:51: found 'Ful3ball' -> 'Fußball'") for l in lines), out
    assert any(l.startswith(f"{TRANSCRIPT}:4:25: found 'kiimmern' -> 'kümmern'") for l in lines), out
    assert all(l.startswith(TRANSCRIPT + ":") for l in lines), out  # not tools/count.py, not README.md
    for name in NAMES:
        assert not [l for l in lines if name in l.split(" -> ")[0]], (name, out)
    assert sh(["git", "rev-parse", "--verify", "HEAD"], proj).returncode != 0  # nothing was committed

    (proj / TRANSCRIPT).write_text(CLEAN, encoding="utf-8")
    git(proj, "add", "-A")
    proc = sh(["git", "-c", "commit.gpgsign=false", "commit", "-m", "Korrigierte Abschrift"], proj, env, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert re.search(r"ocr-repair check.*Passed", out), out
    assert findings_in(out) == []


def test_fix_hook_corrects_the_file_in_place(tmp_path, hook_repo):
    _, _, env = hook_repo
    proj = project(tmp_path, hook_repo, "ocr-repair-fix")
    git(proj, "add", "-A")
    proc = sh([PRE_COMMIT, "run", "--all-files"], proj, env, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out  # files were modified: the hook fails, as fixers do
    text = (proj / TRANSCRIPT).read_text(encoding="utf-8")
    for word in ("Fußball", "kümmern", "eröffnet", "„Wir", "Landesregierung", *NAMES):
        assert word in text, (word, text)
    assert "Ful3ball" not in text and "kiimmern" not in text
    assert "Ful3ball" in (proj / "tools" / "count.py").read_text(encoding="utf-8")
    # the fixed file passes: only ambiguous findings could be left, and none are here
    git(proj, "add", "-A")
    proc = sh([PRE_COMMIT, "run", "--all-files"], proj, env, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
