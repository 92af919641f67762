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
