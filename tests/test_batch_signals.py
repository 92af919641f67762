"""SIGTERM during ``batch`` ends it as Ctrl-C does: the summary, the report (the
unfinished documents marked), the manifest of what finished, no warning, exit 143."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time

from conftest import PAGE_1, PAGE_2

from ocr_repair import batch
from ocr_repair.batch import MANIFEST_NAME, Options, PlainProgress
from ocr_repair.errors import ExitCode


def test_sigterm_writes_the_summary_and_report_and_keeps_what_finished(tmp_path):
    src, dest, report = tmp_path / "src", tmp_path / "out", tmp_path / "r.json"
    src.mkdir()
    for i in range(80):
        (src / f"doc-{i:02d}.txt").write_text("\n\n".join([PAGE_1, PAGE_2] * 3) + f"\n\nNummer {i}.\n",
                                             encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "ocr_repair.cli", "batch", str(src), str(dest), "--jobs", "2",
                             "--report", str(report)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    manifest = dest / MANIFEST_NAME
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 2:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == ExitCode.terminated == 143, err
    lines = err.strip().splitlines()
    assert lines[-1] == "ocr-repair: error: terminated (SIGTERM)"
    assert "not converted (interrupted) in " in lines[-2]  # the summary
    assert "leaked" not in err and "Traceback" not in err and "Warning" not in err
    rows = json.loads(report.read_text(encoding="utf-8"))["documents"]
    ok = [r for r in rows if r["status"] == "ok"]
    not_run = [r for r in rows if r["status"] == "failed"]
    assert len(ok) >= 2 and not_run and len(ok) + len(not_run) == 80
    assert {r["error"] for r in not_run} == {"not converted: the run was terminated (SIGTERM)"}
    assert len(manifest.read_text(encoding="utf-8").splitlines()) == len(ok)
    summary = batch.run(Options(src=src, dest=dest, executor="inline"), PlainProgress(io.StringIO()))
    assert (summary.skipped, summary.converted) == (len(ok), len(not_run))


def _fake_tesseract_on_path(tmp_path):
    """tests/test_tesseract.py's stand-in program, first on PATH, hanging on every page."""
    from test_tesseract import FakeTesseract

    folder = tmp_path / "fake-bin"
    folder.mkdir()
    fake = FakeTesseract(folder)
    fake.mode("hang")
    return fake


def _wait_for(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def _ppid(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[1])


def test_a_worker_ended_by_sigterm_leaves_no_page_image(tmp_path):
    """A worker SIGTERMed while its Tesseract reads a page (an administrator's ``kill``, the
    batch's own cancel) removes the temporary page image it wrote for Tesseract; so does
    the whole run ended by SIGTERM."""
    from PIL import Image

    fake = _fake_tesseract_on_path(tmp_path)
    src, dest, tmp = tmp_path / "src", tmp_path / "out", tmp_path / "tmp"
    src.mkdir()
    tmp.mkdir()
    Image.new("L", (3, 8), 255).save(src / "scan.png", dpi=(300, 300))
    env = {**os.environ, "PATH": f"{fake.folder}{os.pathsep}{os.environ.get('PATH', '')}", "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "ocr_repair.cli", "batch", str(src), str(dest), "--jobs", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert _wait_for(lambda: len(fake.calls()) == 1), "Tesseract never started"
        (image,) = tmp.glob("ocr-repair-page-*")
        worker = _ppid(fake.calls()[0]["pid"])
        assert worker != proc.pid
        os.kill(worker, signal.SIGTERM)  # the worker alone: the batch reruns its page
        assert _wait_for(lambda: not os.path.exists(f"/proc/{worker}") or
                         open(f"/proc/{worker}/stat").read().rsplit(")", 1)[1].split()[0] == "Z", 30)
        assert not image.exists(), "the SIGTERMed worker left its page image"
        assert _wait_for(lambda: len(fake.calls()) == 2), "the page was not rerun"
        os.kill(proc.pid, signal.SIGTERM)  # the whole run: it ends its worker with SIGTERM
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == ExitCode.terminated, err
    assert list(tmp.glob("ocr-repair-page-*")) == [], "a page image was left behind"
