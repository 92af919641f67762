"""``ocr-repair batch``: a folder tree to a mirrored tree of Markdown, in parallel, resumably.

Two trees: transcriptions (.txt/.md) plus bad files, which need no Tesseract and run
everywhere; and typeset scans (the conftest pages: PDF, PNG, a ``*.pages`` folder) plus a
corrupt and an empty file, for the tests marked ``needs_tesseract``. The scan tree is
converted once per module and reused; the other OCR runs are kept few and small.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PAGE_1, PAGE_2, WORDS_1, WORDS_2, needs_tesseract

from ocr_repair import batch
from ocr_repair.batch import MANIFEST_NAME, Options, PlainProgress, discover, natural_key
from ocr_repair.cli import cli
from ocr_repair.config import Config
from ocr_repair.errors import ExitCode

BAD_PDF = os.urandom(3000).replace(b"%", b"x")


def cli_batch(*args) -> "CliRunner.Result":
    return CliRunner().invoke(cli, ["batch", *map(str, args)])


def run(src: Path, dest: Path, **kw) -> tuple[batch.Summary, str]:
    """batch.run in this process; returns the summary and what it logged."""
    log = io.StringIO()
    kw.setdefault("executor", "inline")
    summary = batch.run(Options(src=src, dest=dest, **kw), PlainProgress(log))
    return summary, log.getvalue()


def statuses(summary: batch.Summary) -> dict[str, str]:
    return {r.source: r.status for r in summary.rows}


def markdown_files(dest: Path) -> dict[str, str]:
    """Every visible file under DEST, relative path -> text."""
    return {p.relative_to(dest).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(dest.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def manifest_lines(dest: Path) -> list[str]:
    return (dest / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()


# -- transcriptions: no OCR, run everywhere ----------------------------------------------

@pytest.fixture
def text_tree(tmp_path) -> Path:
    src = tmp_path / "src"
    (src / "2016" / "sub").mkdir(parents=True)
    (src / "2016" / "a.txt").write_text(PAGE_1 + "\n", encoding="utf-8")
    (src / "2016" / "sub" / "b.md").write_text(PAGE_2 + "\n", encoding="utf-8")
    pages = src / "c.pages"
    pages.mkdir()
    (pages / "page-10.txt").write_text(PAGE_2 + "\n", encoding="utf-8")
    (pages / "page-2.txt").write_text(PAGE_1 + "\n", encoding="utf-8")
    (src / "broken.pdf").write_bytes(BAD_PDF)  # corrupt: fails in the parent, before any work
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"abc\x00\x01\x02" * 10)  # fails in a worker
    (src / "notes.docx").write_bytes(b"PK\x03\x04")  # not an input: ignored
    (src / ".hidden.txt").write_text("Versteckt\n", encoding="utf-8")  # hidden: ignored
    return src


def test_text_tree_is_mirrored_bad_files_reported_exit_7(text_tree, tmp_path):
    dest = tmp_path / "out"
    res = cli_batch(text_tree, dest, "--jobs", "2", "--report", tmp_path / "r.json", "--report", tmp_path / "r.csv")
    assert res.exit_code == ExitCode.some_failed == 7, res.output
    assert res.stdout == ""
    files = markdown_files(dest)
    assert sorted(files) == ["2016/a.md", "2016/sub/b.md", "c.md"]
    assert "# Erste Seite: Förderung für Bibliotheken" in files["2016/a.md"]
    # a *.pages folder: its files in natural order (page-2 before page-10)
    c = files["c.md"]
    assert "pages: 2" in c and c.index("Erste Seite") < c.index("Zweite Seite")
    assert c.index("c.pages/page-2.txt") < c.index("c.pages/page-10.txt")
    err = res.stderr
    assert f"failed: {text_tree}/broken.pdf: corrupt PDF" in err
    assert f"failed: {text_tree}/empty.txt: empty file" in err
    assert f"failed: {text_tree}/binary.txt: binary file, not text" in err
    assert err.rstrip().splitlines()[-1].startswith("3 converted, 0 skipped (up to date), 3 failed in ")
    assert "hidden" not in err and "notes.docx" not in err and "1 other files ignored" in err

    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["converted"] == 3 and report["summary"]["failed"] == 3
    rows = {r["source"]: r for r in report["documents"]}
    a = rows[f"{text_tree}/2016/a.txt"]
    assert a["status"] == "ok" and a["output"] == f"{dest}/2016/a.md" and a["pages"] == 1
    assert a["words"] == len(PAGE_1.split()) and a["mean_confidence"] is None and a["error"] == ""
    assert isinstance(a["corrections"], int) and isinstance(a["suspects"], int) and a["seconds"] >= 0
    bad = rows[f"{text_tree}/broken.pdf"]
    assert bad["status"] == "failed" and bad["output"] is None and "corrupt PDF" in bad["error"]
    with open(tmp_path / "r.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert list(table[0]) == list(batch.REPORT_FIELDS)
    assert {r["source"]: r["status"] for r in table} == {r["source"]: r["status"] for r in report["documents"]}
    assert next(r for r in table if r["source"].endswith("empty.txt"))["error"].endswith("empty file")


def test_output_is_what_convert_gives(text_tree, tmp_path):
    from ocr_repair.pipeline import convert

    dest = tmp_path / "out"
    run(text_tree, dest, executor="local", jobs=2)
    assert (dest / "2016/a.md").read_text(encoding="utf-8") == convert([text_tree / "2016/a.txt"]).markdown


def test_rerun_skips_everything_force_redoes(text_tree, tmp_path):
    dest = tmp_path / "out"
    run(text_tree, dest)
    before = {p: p.stat().st_mtime_ns for p in dest.rglob("*.md")}
    summary, log = run(text_tree, dest)
    assert (summary.converted, summary.skipped, summary.failed) == (0, 3, 3)
    assert summary.line().startswith("0 converted, 3 skipped (up to date), 3 failed in ")
    assert {p: p.stat().st_mtime_ns for p in dest.rglob("*.md")} == before
    skipped = next(r for r in summary.rows if r.source.endswith("a.txt"))
    assert skipped.status == "skipped" and skipped.pages == 1 and skipped.words == len(PAGE_1.split())
    summary, _ = run(text_tree, dest, force=True)
    assert (summary.converted, summary.skipped) == (3, 0)


def test_what_changed_is_redone(text_tree, tmp_path):
    dest = tmp_path / "out"
    run(text_tree, dest)
    (text_tree / "2016/a.txt").write_text(PAGE_1 + " Neu.\n", encoding="utf-8")  # input changed
    (dest / "2016/sub/b.md").unlink()  # output deleted
    (dest / "c.md").write_text("edited\n", encoding="utf-8")  # output changed
    summary, _ = run(text_tree, dest)
    assert summary.converted == 3 and summary.skipped == 0
    assert "Neu." in (dest / "2016/a.md").read_text(encoding="utf-8")
    assert (dest / "c.md").read_text(encoding="utf-8") != "edited\n"
    # a setting that changes the Markdown redoes all; one that cannot (the timeout) does not
    assert run(text_tree, dest, config=Config(page_timeout=5))[0].skipped == 3
    summary, _ = run(text_tree, dest, config=Config(front_matter=False))
    assert summary.converted == 3
    assert not (dest / "2016/a.md").read_text(encoding="utf-8").startswith("---")


def test_torn_manifest_line_is_tolerated(text_tree, tmp_path):
    """kill -9 while appending leaves a torn last line: that document is redone, no more."""
    dest = tmp_path / "out"
    run(text_tree, dest)
    manifest = dest / MANIFEST_NAME
    data = manifest.read_bytes()
    assert data.count(b"\n") == 3
    last_start = data.rstrip(b"\n").rfind(b"\n") + 1
    last_source = json.loads(data[last_start:])["source"]
    manifest.write_bytes(data[: last_start + 25])  # torn mid-line, no newline
    summary, _ = run(text_tree, dest)
    assert summary.converted == 1 and summary.skipped == 2
    assert next(r for r in summary.rows if r.status == "ok").source.endswith(last_source)
    entries = [json.loads(ln) for ln in manifest_lines(dest)]  # compacted: every line whole
    assert sorted(e["source"] for e in entries) == ["2016/a.txt", "2016/sub/b.md", "c.pages"]


def test_manifest_entry(text_tree, tmp_path):
    dest = tmp_path / "out"
    run(text_tree, dest)
    e = next(json.loads(ln) for ln in manifest_lines(dest) if '"2016/a.txt"' in ln)
    assert e["output"] == "2016/a.md" and e["version"] == batch.__version__
    assert e["input_sha256"] == batch.input_hash(text_tree, batch.Source("2016/a.txt", ["2016/a.txt"]))
    assert e["output_sha256"] == batch.sha256_file(dest / "2016/a.md")
    assert e["settings_sha256"] == batch.settings_hash(Config())


def test_stale_temporaries_are_removed(text_tree, tmp_path):
    dest = tmp_path / "out"
    (dest / "2016").mkdir(parents=True)
    stale = dest / "2016" / ".a.md.k2j3h4.tmp"  # what atomic_write leaves after kill -9
    stale.write_text("half", encoding="utf-8")
    other = dest / "2016" / ".notes.md.x.tmp"  # not ours: left alone
    other.write_text("keep", encoding="utf-8")
    run(text_tree, dest)
    assert not stale.exists() and other.exists()


def test_glob_selects_documents(text_tree, tmp_path):
    dest = tmp_path / "out"
    summary, _ = run(text_tree, dest, patterns=("2016/*",))
    assert sorted(markdown_files(dest)) == ["2016/a.md", "2016/sub/b.md"] and summary.failed == 0
    summary, _ = run(text_tree, tmp_path / "out2", patterns=("*.md", "c.pages"))
    assert sorted(markdown_files(tmp_path / "out2")) == ["2016/sub/b.md", "c.md"]


def test_same_stem_keeps_full_names(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "x.txt").write_text("Erste Fassung\n", encoding="utf-8")
    (src / "x.md").write_text("Zweite Fassung\n", encoding="utf-8")
    (src / "y.txt").write_text("Dritte Fassung\n", encoding="utf-8")
    run(src, tmp_path / "out")
    assert sorted(markdown_files(tmp_path / "out")) == ["x.md.md", "x.txt.md", "y.md"]


def test_pages_folder_rules(tmp_path):
    src = tmp_path / "src"
    for name in ("ok.pages", "empty.pages", "nested.pages/inner", "odd.pages"):
        (src / name).mkdir(parents=True)
    (src / "ok.pages" / "10.txt").write_text("zehn\n", encoding="utf-8")
    (src / "ok.pages" / "9.txt").write_text("neun\n", encoding="utf-8")
    (src / "ok.pages" / ".DS_Store").write_bytes(b"\0")
    (src / "odd.pages" / "1.txt").write_text("eins\n", encoding="utf-8")
    (src / "odd.pages" / "notes.docx").write_bytes(b"PK")
    sources, _ = discover(src)
    by = {s.rel: s for s in sources}
    assert by["ok.pages"].files == ["ok.pages/9.txt", "ok.pages/10.txt"] and by["ok.pages"].output == "ok.md"
    assert by["empty.pages"].error.endswith("folder of pages is empty")
    assert "must not contain folders" in by["nested.pages"].error
    assert "not a page image, PDF or transcription: notes.docx" in by["odd.pages"].error
    assert sorted(["p10.png", "p9.png", "P1.png", "a"], key=natural_key) == ["a", "P1.png", "p9.png", "p10.png"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_folder_is_reported(text_tree, tmp_path):
    locked = text_tree / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("Text\n", encoding="utf-8")
    locked.chmod(0)
    try:
        summary, _ = run(text_tree, tmp_path / "out")
    finally:
        locked.chmod(0o755)
    row = next(r for r in summary.rows if r.source == f"{text_tree}/locked")
    assert row.status == "failed" and "folder cannot be read" in row.error


def test_progress_bar_on_a_terminal(text_tree, tmp_path):
    from rich.console import Console

    out = io.StringIO()
    progress = batch.RichProgress(Console(file=out, force_terminal=True, width=120))
    summary = batch.run(Options(src=text_tree, dest=tmp_path / "out", executor="inline"), progress)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())
    assert "4/4 docs" in text and "5/5 pages" in text and "pages/s" in text  # binary.txt fails late
    assert f"failed: {text_tree}/binary.txt: binary file, not text" in text
    assert summary.line() in text


def test_dest_inside_src_is_left_out(text_tree, tmp_path):
    dest = text_tree / "markdown"
    run(text_tree, dest)
    summary, _ = run(text_tree, dest)  # the outputs are not read back as transcriptions
    assert summary.converted == 0 and summary.skipped == 3
    assert not any(r.source.startswith(str(dest)) for r in summary.rows)


def test_dest_equal_to_src_is_a_usage_error(text_tree):
    res = cli_batch(text_tree, text_tree)
    assert res.exit_code == ExitCode.usage
    assert "DEST must not be SRC" in res.output


def test_bad_report_suffix_is_a_usage_error(text_tree, tmp_path):
    res = cli_batch(text_tree, tmp_path / "out", "--report", tmp_path / "r.txt")
    assert res.exit_code == ExitCode.usage and ".json or .csv" in res.output
    assert not (tmp_path / "out").exists()


def test_missing_tesseract_is_one_whole_run_error(tmp_path, monkeypatch):
    from PIL import Image

    from ocr_repair import tesseract
    from ocr_repair.errors import LanguageNotInstalledError

    src = tmp_path / "src"
    src.mkdir()
    for name in ("a.png", "b.png"):
        Image.new("L", (60, 40), 255).save(src / name)
    (src / "c.txt").write_text("Text\n", encoding="utf-8")

    def missing(lang):
        raise LanguageNotInstalledError("Tesseract's language model 'deu' is not installed",
                                        hint="install it: sudo apt-get install tesseract-ocr-deu")

    monkeypatch.setattr(tesseract, "check_languages", missing)
    res = cli_batch(src, tmp_path / "out")
    assert res.exit_code == ExitCode.missing_dependency == 4
    assert res.stderr.strip().splitlines() == [
        "ocr-repair: error: Tesseract's language model 'deu' is not installed "
        "(install it: sudo apt-get install tesseract-ocr-deu)"]
    assert markdown_files(tmp_path / "out") == {}


def test_missing_dask_is_exit_4(text_tree, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    res = cli_batch(text_tree, tmp_path / "out", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1")
    assert res.exit_code == ExitCode.missing_dependency
    assert res.stderr.strip() == ("ocr-repair: error: --executor dask needs dask.distributed, which is not "
                                  "installed (pip install 'ocr-repair[dask]')")


def test_dask_needs_a_scheduler(text_tree, tmp_path, monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    res = cli_batch(text_tree, tmp_path / "out", "--executor", "dask")
    assert res.exit_code == ExitCode.usage and "--scheduler" in res.output


def test_another_batch_on_the_same_dest_is_refused(text_tree, tmp_path):
    fcntl = pytest.importorskip("fcntl")
    dest = tmp_path / "out"
    dest.mkdir()
    with open(dest / batch.LOCK_NAME, "a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        res = cli_batch(text_tree, dest)
    assert res.exit_code == ExitCode.output_file
    assert "another ocr-repair batch is writing there" in res.stderr


def test_dask_without_tesseract_on_the_workers(text_tree, tmp_path):
    """A cluster whose workers lack Tesseract: transcriptions convert as with the local
    pool; a scan makes it one whole-run error (exit 4), found before any work."""
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local"
    run(text_tree, local)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  env={"PATH": "/nonexistent"}) as cluster:
        address = cluster.scheduler_address
        res = cli_batch(text_tree, tmp_path / "dask", "--executor", "dask", "--scheduler", address)
        assert res.exit_code == ExitCode.some_failed, res.output
        assert markdown_files(tmp_path / "dask") == markdown_files(local)
        from PIL import Image

        Image.new("L", (60, 40), 255).save(text_tree / "scan.png")
        res = cli_batch(text_tree, tmp_path / "dask2", "--executor", "dask", "--scheduler", address)
    assert res.exit_code == ExitCode.missing_dependency, res.output
    assert res.stderr.startswith("ocr-repair: error: Dask worker tcp://")
    assert "Tesseract is not installed" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert markdown_files(tmp_path / "dask2") == {}


class CrashingExecutor(batch.InlineExecutor):
    """Like a process pool whose worker dies on one document: every task in flight with
    it fails with BrokenProcessPool, as concurrent.futures does."""

    def __init__(self, culprit: str, window: int = 4):
        self.culprit, self.window, self.restarts = culprit, window, 0

    def wait(self, futures):
        if any(self.culprit in fut.task[1][0].files[0].path for fut in futures):
            for fut in futures:
                fut.set_exception(BrokenProcessPool("a child process terminated abruptly"))
            return set(futures)
        return super().wait(futures)

    is_broken = staticmethod(batch.LocalExecutor.is_broken)

    def restart(self):
        self.restarts += 1


def test_a_worker_crash_fails_only_its_document(text_tree, tmp_path):
    ex = CrashingExecutor("sub/b.md")
    summary, log = run(text_tree, tmp_path / "out", executor=ex)
    st = statuses(summary)
    assert st[f"{text_tree}/2016/sub/b.md"] == "failed"
    assert [s for s, v in st.items() if v == "ok"] == [f"{text_tree}/2016/a.txt", f"{text_tree}/c.pages"]
    row = next(r for r in summary.rows if r.source.endswith("b.md"))
    assert row.error == "a worker process died reading it (crash or out of memory)"
    assert ex.restarts == 2  # once with everything in flight, once alone
    assert sorted(markdown_files(tmp_path / "out")) == ["2016/a.md", "c.md"]


class InterruptingExecutor(batch.InlineExecutor):
    """Ctrl-C after the first document."""

    def __init__(self):
        self.calls = 0

    def wait(self, futures):
        self.calls += 1
        if self.calls == 2:
            raise KeyboardInterrupt
        return super().wait(futures)


def test_interrupt_keeps_what_is_done_and_reports(text_tree, tmp_path):
    dest = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run(text_tree, dest, executor=InterruptingExecutor(), reports=(tmp_path / "r.json",))
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    st = {r["source"].rsplit("/", 1)[-1]: (r["status"], r["error"]) for r in report["documents"]}
    assert st["a.txt"] == ("ok", "")
    assert st["b.md"] == ("failed", "not converted: the run was interrupted")
    assert [json.loads(x)["source"] for x in manifest_lines(dest)] == ["2016/a.txt"]
    summary, _ = run(text_tree, dest)  # the rerun finishes the rest
    assert summary.skipped == 1 and summary.converted == 2


# -- scans: real OCR ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def scan_tree(tmp_path_factory, scans) -> Path:
    """2016/release.pdf (2 pages), 2016/notes.txt, 2017/scan.png, 2017/press.pages (2 PNG
    pages, page-10 after page-2), and a corrupt PDF and an empty PNG."""
    src = tmp_path_factory.mktemp("batch") / "src"
    (src / "2016").mkdir(parents=True)
    (src / "2017" / "press.pages").mkdir(parents=True)
    (src / "2016" / "release.pdf").write_bytes(scans.pdf.read_bytes())
    (src / "2016" / "notes.txt").write_text(PAGE_2 + "\n", encoding="utf-8")
    (src / "2017" / "scan.png").write_bytes(scans.page2_png.read_bytes())
    (src / "2017" / "press.pages" / "page-2.png").write_bytes(scans.page1_png.read_bytes())
    (src / "2017" / "press.pages" / "page-10.png").write_bytes(scans.page2_png.read_bytes())
    (src / "broken.pdf").write_bytes(b"%PDF-1.4\n" + BAD_PDF)
    (src / "empty.png").write_bytes(b"")
    return src


@pytest.fixture(scope="module")
def converted(scan_tree):
    """The scan tree converted once with the local process pool, through the CLI."""
    dest = scan_tree.parent / "out"
    res = cli_batch(scan_tree, dest, "--jobs", "2", "--report", scan_tree.parent / "r.json")
    return dest, res


@needs_tesseract
def test_scans_are_converted_into_the_mirrored_tree(scan_tree, converted):
    dest, res = converted
    assert res.exit_code == ExitCode.some_failed, res.output
    files = markdown_files(dest)
    assert sorted(files) == ["2016/notes.md", "2016/release.md", "2017/press.md", "2017/scan.md"]
    release = files["2016/release.md"]
    assert "pages: 2" in release and "ocr_engine: " in release
    assert release.index("Erste Seite") < release.index("Zweite Seite")
    for w in WORDS_1 + WORDS_2:
        assert w in release and w in files["2017/press.md"], w
    press = files["2017/press.md"]
    assert press.index("Erste Seite") < press.index("Zweite Seite")  # page-2.png before page-10.png
    assert all(w in files["2017/scan.md"] for w in WORDS_2)
    # the same Markdown as `ocr-repair convert` (pages are read and OCR'd one by one here)
    from ocr_repair.pipeline import convert

    assert files["2017/scan.md"] == convert([scan_tree / "2017" / "scan.png"]).markdown
    err = res.stderr
    assert f"failed: {scan_tree}/broken.pdf: corrupt PDF" in err
    assert f"failed: {scan_tree}/empty.png: empty file" in err
    assert err.rstrip().splitlines()[-1].startswith("4 converted, 0 skipped (up to date), 2 failed in ")
    report = json.loads((scan_tree.parent / "r.json").read_text(encoding="utf-8"))
    rows = {r["source"].split("/src/", 1)[1]: r for r in report["documents"]}
    assert rows["2016/release.pdf"]["pages"] == 2 and rows["2017/press.pages"]["pages"] == 2
    assert rows["2016/release.pdf"]["mean_confidence"] > 80 and rows["2016/notes.txt"]["mean_confidence"] is None
    assert rows["2016/release.pdf"]["words"] > 20
    assert rows["broken.pdf"]["status"] == rows["empty.png"]["status"] == "failed"


@needs_tesseract
def test_scans_rerun_does_no_work_force_redoes(scan_tree, converted):
    dest, _ = converted
    before = markdown_files(dest)
    mtimes = {p: p.stat().st_mtime_ns for p in dest.rglob("*.md")}
    res = cli_batch(scan_tree, dest)
    assert res.exit_code == ExitCode.some_failed  # the two bad files are still bad
    assert res.stderr.rstrip().splitlines()[-1].startswith("0 converted, 4 skipped (up to date), 2 failed in ")
    assert {p: p.stat().st_mtime_ns for p in dest.rglob("*.md")} == mtimes
    summary, _ = run(scan_tree, dest, executor="local", jobs=2, force=True, patterns=("2017/scan.png",))
    assert (summary.converted, summary.skipped, summary.failed) == (1, 0, 0)
    assert markdown_files(dest) == before  # the same Markdown again


def _batch_command() -> list[str]:
    exe = Path(sys.executable).with_name("ocr-repair")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "ocr_repair.cli"]


@needs_tesseract
def test_killed_run_resumes(scan_tree, converted, tmp_path):
    """kill -9 after the first documents: no half-written output; a rerun finishes the rest
    and gives the same tree as an uninterrupted run."""
    reference, _ = converted
    dest = tmp_path / "out"
    proc = subprocess.Popen([*_batch_command(), "batch", str(scan_tree), str(dest), "--jobs", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = dest / MANIFEST_NAME
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if manifest.exists() and manifest.read_bytes().count(b"\n") >= 2:
                break
            time.sleep(0.01)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    done = markdown_files(dest)
    want = markdown_files(reference)
    assert done and all(done[k] == want[k] for k in done)  # what is there is whole
    summary, _ = run(scan_tree, dest, executor="local", jobs=2)
    assert summary.skipped >= 2 and summary.converted >= 1  # killed mid-run
    assert summary.converted + summary.skipped == 4
    assert markdown_files(dest) == want


@needs_tesseract
def test_dask_cluster_gives_the_same_outputs(scan_tree, converted, tmp_path):
    distributed = pytest.importorskip("distributed")
    reference, _ = converted
    dest = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary, log = run(scan_tree, dest, executor="dask", scheduler=cluster.scheduler_address,
                           reports=(tmp_path / "r.json",))
    assert f"with Dask cluster {cluster.scheduler_address}" in log
    assert (summary.converted, summary.failed, summary.exit_code) == (4, 2, ExitCode.some_failed)
    assert markdown_files(dest) == markdown_files(reference)
    local = json.loads((scan_tree.parent / "r.json").read_text(encoding="utf-8"))["documents"]
    remote = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"]
    keep = ("source", "status", "pages", "words", "corrections", "suspects", "mean_confidence", "error")
    assert [{k: r[k] for k in keep} for r in remote] == [{k: r[k] for k in keep} for r in local]


def test_page_images_match_the_pipelines(scans):
    """The per-page readers batch uses give the very images the pipeline's generators give."""
    from ocr_repair.inputs import image_page, image_page_count, image_pages, pdf_page, pdf_page_count, pdf_pages

    for path, want, read, count in (
        (scans.pdf, list(pdf_pages(scans.pdf, 150)), lambda p, i: pdf_page(p, i, 150), pdf_page_count),
        (scans.tiff, list(image_pages(scans.tiff)), image_page, image_page_count),
    ):
        assert count(path) == len(want) == 2
        for i, image in enumerate(want):
            got = read(path, i)
            assert (got.mode, got.size, got.info.get("dpi")) == (image.mode, image.size, image.info.get("dpi"))
            assert got.tobytes() == image.tobytes()


def test_help_lists_the_exit_codes():
    from ocr_repair.errors import EXIT_CODE_HELP

    res = CliRunner().invoke(cli, ["batch", "--help"])
    assert res.exit_code == 0
    for code in (0, 2, 4, 6, 7, 130, 143):
        assert re.search(rf"^ +{code}  {re.escape(EXIT_CODE_HELP[ExitCode(code)])}$", res.output, re.M), code
    assert "--connect-timeout S" in res.output


# -- pages in which OCR found no text ---------------------------------------------------

def test_a_blank_page_is_warned_about_as_convert_does(tmp_path, monkeypatch):
    """A scanned page without text: batch gives convert's warning (on stderr, and in the
    report's ``warnings``), for the page and for a document with no text at all; a
    skipped rerun keeps them in its report."""
    from PIL import Image
    from test_tesseract import FakeTesseract

    from ocr_repair import tesseract

    monkeypatch.setattr(tesseract, "languages", lambda: frozenset({"deu", "eng"}))
    monkeypatch.setattr(tesseract, "version", lambda: "5.3.0")
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    fake = FakeTesseract(folder)
    fake.mode("blank")
    monkeypatch.setattr(tesseract, "TESSERACT_CMD", str(fake.exe))
    src, dest, report = tmp_path / "src", tmp_path / "out", tmp_path / "r.json"
    src.mkdir()
    Image.new("L", (200, 100), 255).save(src / "blank.png", dpi=(300, 300))
    (src / "text.txt").write_text(PAGE_1, encoding="utf-8")
    expected = ["src/blank.png: page 1: no text found",
                "src/blank.png: no text found in the whole document: the Markdown is empty"]
    convert = CliRunner().invoke(cli, ["convert", str(src / "blank.png")])
    assert convert.stderr.splitlines() == [f"ocr-repair: warning: {str(tmp_path / m)}" for m in expected]

    log = io.StringIO()
    monkeypatch.chdir(tmp_path)
    batch.run(Options(src=Path("src"), dest=Path("out"), executor="inline", reports=(report,)), PlainProgress(log))
    lines = log.getvalue().splitlines()
    assert [ln for ln in lines if ln.startswith("warning: ")] == [f"warning: {m}" for m in expected]
    rows = {r["source"]: r for r in json.loads(report.read_text(encoding="utf-8"))["documents"]}
    assert rows["src/blank.png"]["warnings"] == expected and rows["src/blank.png"]["status"] == "ok"
    assert rows["src/text.txt"]["warnings"] == []

    batch.run(Options(src=Path("src"), dest=Path("out"), executor="inline", reports=(report,)),
              PlainProgress(io.StringIO()))
    rows = {r["source"]: r for r in json.loads(report.read_text(encoding="utf-8"))["documents"]}
    assert rows["src/blank.png"]["status"] == "skipped" and rows["src/blank.png"]["warnings"] == expected
