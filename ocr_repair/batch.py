"""``ocr-repair batch``: a folder tree of scans to a mirrored tree of Markdown, in parallel,
resumably: discovery, the manifest, scheduling and the report over the pipeline's own
per-document functions.

The engine behind :mod:`ocr_repair.commands.batch`, in steps, each its own module:

1. **discovery** (:mod:`~ocr_repair.batch_discovery`): every PDF, image and transcription
   under SRC is one document; a folder named ``*.pages`` is one document whose files, in
   natural sort order, are its pages;
2. **planning** (here, in the parent): each document's input files are hashed; a document
   whose manifest entry (:mod:`~ocr_repair.batch_manifest`) matches (same input hash, same
   settings, same ocr-repair version, output unchanged) is skipped. The others are opened
   just far enough to count their pages (an empty, corrupt or encrypted file fails here,
   without costing a worker);
3. **tasks** (:mod:`~ocr_repair.batch_tasks`): a document with at most one page to OCR is
   one task (``pipeline.read_document`` + ``repair_document``, as ``convert``). A longer
   one is one task per scanned page plus a finishing task once its pages are in, so the
   pages of a big document spread over all workers;
4. **scheduling** (here): at most ``executor.window`` tasks in flight; finishing tasks go
   first, then new ones in document order, so documents finish (and are recorded) in
   order. The executor (:mod:`~ocr_repair.executors`: in-process, a local process pool or
   a Dask cluster) only runs tasks; this process writes every file: the Markdown
   (atomically), then the document's manifest line;
5. **the report** (:mod:`~ocr_repair.batch_report`): one typed row per document.

A document that fails is a row with its one-line reason, and the batch goes on; a worker
process that dies (crash, out of memory) breaks the pool: the pool is restarted and the
tasks it had in flight run again one at a time, so only the culprit is failed. What ends
the whole run raises an :mod:`~ocr_repair.errors` error (missing Tesseract or Dask, DEST
not writable, a bad command line) or ``KeyboardInterrupt``; the command turns them into
exit codes. An interrupted run still writes its report and keeps what it finished.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .batch_discovery import PAGES_SUFFIX, Source, check_paths, discover, lands_in_src, natural_key
from .batch_manifest import (
    LOCK_NAME,
    MANIFEST_NAME,
    Manifest,
    dest_lock,
    input_hash,
    remove_stale_temporaries,
    settings_hash,
    sha256_file,
)
from .batch_progress import PlainProgress, RichProgress, failure_line, make_progress
from .batch_report import FAILED, OK, REPORT_FIELDS, SKIPPED, Row, Summary, write_report
from .batch_tasks import DocDone, DocJob, Failure, FileSpec, PagesDone, convert_document, finish_document, read_pages
from .config import Config
from .errors import ExitCode, InputFileError, MissingDependencyError, OcrRepairError, OutputFileError, UsageError
from .executors import DaskExecutor, Executor, InlineExecutor, LocalExecutor
from .inputs import Kind
from .output import atomic_write

REPORT_SUFFIXES = (".json", ".csv")


@dataclass
class Options:
    src: Path
    dest: Path
    config: Config = field(default_factory=Config)
    jobs: int | None = None
    patterns: tuple[str, ...] = ()
    force: bool = False
    reports: tuple[Path, ...] = ()
    executor: Any = "local"  #: "local", "dask", "inline", or an :class:`~ocr_repair.executors.Executor` (tests)
    scheduler: str | None = None
    formats: tuple[str, ...] = ("md",)  #: --format: pdf and alto beside the Markdown


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass
class _Doc:
    """A document of this run: its source, its report row and, while it is converted, its job."""

    source: Source
    row: Row
    job: DocJob | None = None
    in_hash: str = ""
    pages: dict = field(default_factory=dict)  #: scanned unit -> Page, as they come in
    seconds: float = 0.0
    failed: bool = False


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a service manager, a job scheduler's time limit) during a run,
    raised in the main thread by :func:`sigterm_as_interrupt`: the run ends as on Ctrl-C."""


@contextlib.contextmanager
def sigterm_as_interrupt():
    """While the block runs, SIGTERM raises :class:`Terminated` (once; further SIGTERMs
    are ignored while the run stops its workers and writes its report). A no-op outside
    the main thread, where no signal handler can be set."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# task kinds: the whole document; one scanned page; the document from its pages
WHOLE, PAGE, FINISH = "whole", "page", "finish"


def run(opts: Options, progress=None) -> Summary:
    """Convert SRC to DEST; see the module docstring. Raises for whole-run errors
    (missing Tesseract/Dask, DEST not writable, Ctrl-C); document failures are rows."""
    t_start = time.perf_counter()
    progress = progress or make_progress()
    src, dest, config = Path(opts.src), Path(opts.dest), opts.config
    if not src.is_dir():
        raise InputFileError(f"{src}: no such folder")
    exclude = check_paths(src, dest)
    for r in opts.reports:
        if Path(r).suffix.lower() not in REPORT_SUFFIXES:
            raise UsageError(f"--report {r}: the report must end in .json or .csv")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFileError(f"{dest}: cannot be created ({exc.strerror})") from None

    with dest_lock(dest):
        sources, ignored = discover(src, opts.patterns, exclude)
        remove_stale_temporaries(dest, [s.output for s in sources]
                                 + [_extra(s.output, f) for s in sources for f in opts.formats if f != "md"])
        manifest = Manifest(dest).load()
        manifest.compact()
        set_hash = settings_hash(config)
        if tuple(opts.formats) != ("md",):  # other outputs: a document done without them is not
            set_hash = hashlib.sha256(f"{set_hash} {','.join(opts.formats)}".encode()).hexdigest()
        docs, todo = _plan(opts, sources, manifest, set_hash)
        skipped = sum(d.row.status == SKIPPED for d in docs)
        failed_early = sum(d.failed for d in docs)
        needs_ocr = any(f.kind != Kind.text.value for d in todo for f in d.job.files)
        total_pages = sum(len(d.job.units) for d in todo)
        executor = _executor(opts, total_pages)

        if todo:  # a whole-run error (no Tesseract, no cluster) before any work
            try:
                executor.start(config.lang if needs_ocr else None)
            except BaseException:
                executor.close(cancel=True)
                raise
        _log_plan(progress, src, sources, todo, total_pages, executor, skipped, failed_early, ignored)
        for d in docs:
            if d.failed:
                progress.log(failure_line(d.row))

        interrupted: BaseException | None = None
        try:
            if todo:
                progress.start(len(todo), total_pages)
                _schedule(todo, executor, manifest, dest, set_hash, progress)
        except (KeyboardInterrupt, OcrRepairError) as exc:
            interrupted = exc
        finally:
            progress.stop()
            executor.close(cancel=interrupted is not None)
            manifest.close()

        rows = [d.row for d in docs]
        not_run = 0
        if interrupted is not None:
            why = ("the run was terminated (SIGTERM)" if isinstance(interrupted, Terminated)
                   else "the run was interrupted" if isinstance(interrupted, KeyboardInterrupt)
                   else _one_line(interrupted))
            for r in rows:
                if r.status == OK and r.seconds is None:
                    r.fail(f"not converted: {why}")
                    not_run += 1
        failed = sum(r.status == FAILED for r in rows)
        converted = sum(r.status == OK for r in rows)
        code = int(ExitCode.some_failed) if failed else int(ExitCode.ok)
        summary = Summary(rows, converted, skipped, failed, time.perf_counter() - t_start, code, not_run)
        executor_name = opts.executor if isinstance(opts.executor, str) else type(opts.executor).__name__
        for r in opts.reports:
            write_report(r, summary, src=src, dest=dest, executor=executor_name)
        progress.log(summary.line())
        if interrupted is not None:
            raise interrupted
        return summary


def _plan(opts: Options, sources: list[Source], manifest: Manifest, set_hash: str) -> tuple[list[_Doc], list[_Doc]]:
    """Every document's row, and those to convert (each with its job)."""
    src, dest = Path(opts.src), Path(opts.dest)
    src_abs = Path(os.path.realpath(src))
    src_inside_dest = Path(os.path.realpath(dest)) in src_abs.parents
    docs: list[_Doc] = []
    todo: list[_Doc] = []
    for i, s in enumerate(sources):
        d = _Doc(source=s, row=Row(source=_display(src, s.rel), output=_display(dest, s.output)))
        docs.append(d)
        if s.error:
            _fail(d, s.error)
            continue
        if src_inside_dest and lands_in_src(src, dest, s.output):
            _fail(d, f"{d.row.output}: the output would land inside SRC; choose another DEST")
            continue
        try:
            d.in_hash = input_hash(src, s)
        except OcrRepairError as exc:
            _fail(d, exc.one_line())
            continue
        entry = None if opts.force else manifest.up_to_date(dest, s, d.in_hash, set_hash)
        if entry is not None:
            d.row.status, d.row.seconds = SKIPPED, 0.0
            for k in Row.STATS:
                setattr(d.row, k, entry.get(k, [] if k == "warnings" else None))
            continue
        try:
            d.job = DocJob(index=i, config=opts.config, files=[_file_spec(src, src_abs, rel) for rel in s.files],
                           formats=tuple(opts.formats))
        except OcrRepairError as exc:
            _fail(d, exc.one_line())
            continue
        todo.append(d)
    return docs, todo


def _executor(opts: Options, total_pages: int) -> Executor:
    if opts.executor == "dask":
        return DaskExecutor(opts.scheduler or "", connect_timeout=opts.config.connect_timeout)
    if opts.executor == "local":
        return LocalExecutor(max(1, min(opts.jobs or default_jobs(), total_pages or 1)))
    if opts.executor == "inline":
        return InlineExecutor()
    return opts.executor  # an executor object (tests)


def _log_plan(progress, src, sources, todo, total_pages, executor, skipped, failed_early, ignored) -> None:
    msg = f"ocr-repair batch: {len(sources)} documents in {src}"
    parts = [f"{len(todo)} to convert ({total_pages} page{'s' if total_pages != 1 else ''}) with "
             f"{executor.describe()}" if todo else "nothing to convert"]
    if skipped:
        parts.append(f"{skipped} up to date")
    if failed_early:
        parts.append(f"{failed_early} unreadable")
    if ignored:
        parts.append(f"{ignored} other files ignored")
    progress.log(msg + ": " + ", ".join(parts))


def _one_line(exc: BaseException) -> str:
    return exc.one_line() if isinstance(exc, OcrRepairError) else str(exc)


def _display(base: Path, rel: str) -> str:
    return (Path(base) / rel).as_posix()


def _fail(d: _Doc, message: str) -> None:
    d.failed = True
    d.row.fail(message)


def _file_spec(src: Path, src_abs: Path, rel: str) -> FileSpec:
    """Kind and page count, read in the parent: empty/corrupt/encrypted files fail here."""
    from .inputs import image_page_count, kind_of, pdf_page_count

    path = src / rel
    kind = kind_of(path)
    if kind is Kind.pdf:
        pages = pdf_page_count(path)
    elif kind is Kind.image:
        pages = image_page_count(path)
    else:
        pages = 1
    return FileSpec(path=str(src_abs / rel), display=_display(src, rel), kind=kind.value, pages=pages)


# -- scheduling ---------------------------------------------------------------------------

def _schedule(todo: list[_Doc], executor: Executor, manifest: Manifest, dest: Path, set_hash: str, progress) -> None:
    """Feed the executor (finishing tasks first, then new ones in document order), at most
    ``executor.window`` tasks in flight; write each finished document."""
    queue: deque = deque()  # (doc, kind, unit)
    for d in todo:
        if d.job.whole:
            queue.append((d, WHOLE, None))
        else:
            queue.extend((d, PAGE, u) for u in d.job.scanned_units)
    ready: deque = deque()  # docs whose pages are all in: (doc, FINISH, None)
    quarantine: deque = deque()  # tasks in flight when a worker died: rerun one at a time
    inflight: dict = {}

    def submit(task) -> None:
        d, kind, unit = task
        if kind == WHOLE:
            fut = executor.submit(convert_document, d.job)
        elif kind == PAGE:
            fut = executor.submit(read_pages, d.job, [unit])
        else:
            fut = executor.submit(finish_document, d.job, [d.pages[u] for u in d.job.scanned_units])
        inflight[fut] = task

    solo = False  # the one task in flight came from the quarantine
    while queue or ready or quarantine or inflight:
        if quarantine:
            while quarantine and not inflight:
                task = quarantine.popleft()
                if not task[0].failed:
                    submit(task)
                    solo = True
        else:
            solo = False
            while len(inflight) < executor.window and (ready or queue):
                task = ready.popleft() if ready else queue.popleft()
                if not task[0].failed:
                    submit(task)
        if not inflight:
            continue
        done = executor.wait(list(inflight))
        broken = []
        for fut in done:
            task = inflight.pop(fut)
            try:
                outcome = executor.result(fut)
            except KeyboardInterrupt:
                raise
            except OcrRepairError:  # the executor's whole-run errors (a lost cluster)
                raise
            except BaseException as exc:  # noqa: BLE001 - the executor's own failures
                if executor.is_broken(exc):
                    broken.append(task)
                    continue
                outcome = Failure(f"worker failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}",
                                  int(ExitCode.internal))
            _take(task, outcome, ready, manifest, dest, set_hash, progress)
        if broken:
            # every task in flight fails with the pool, and which one killed it is unknown:
            # run them again one at a time; one that kills a worker alone is the culprit
            broken.extend(inflight.values())
            inflight.clear()
            executor.restart()
            if solo and len(broken) == 1:
                _finish_failed(broken[0][0], "a worker process died reading it (crash or out of memory)", progress)
            else:
                quarantine.extend(broken)


def _take(task, outcome, ready, manifest: Manifest, dest: Path, set_hash: str, progress) -> None:
    d, kind, unit = task
    if d.failed:
        return
    if isinstance(outcome, Failure):
        if outcome.code == int(ExitCode.missing_dependency):
            raise MissingDependencyError(outcome.message)
        _finish_failed(d, outcome.message, progress)
        return
    d.seconds += outcome.seconds
    if isinstance(outcome, PagesDone):
        d.pages[unit] = outcome.pages[0]
        progress.pages_done(1)
        if len(d.pages) == len(d.job.scanned_units):
            ready.append((d, FINISH, None))
        return
    progress.pages_done(len(d.job.units) - len(d.pages))
    _write(d, outcome, manifest, dest, set_hash, progress)


def _extra(md_rel: str, fmt: str) -> str:
    from .formats import extra_name

    return extra_name(md_rel, fmt)


def _write(d: _Doc, outcome: DocDone, manifest: Manifest, dest: Path, set_hash: str, progress) -> None:
    """The finished document: its Markdown and its other formats (each atomically), then
    its manifest line."""
    s = d.source
    try:
        atomic_write(Path(dest) / s.output, outcome.markdown)
        for fmt, data in outcome.extras.items():  # --format pdf, alto: beside the Markdown
            atomic_write(Path(dest) / _extra(s.output, fmt), data)
    except OcrRepairError as exc:
        _finish_failed(d, exc.one_line(), progress)
        return
    for note in outcome.notes:
        progress.log(f"note: {_display(dest, s.output)}: {note}")
    for warning in outcome.warnings:  # as convert warns: "warning: src/a.pdf: page 2: no text found"
        progress.log(f"warning: {warning}")
    stats = dict(pages=outcome.pages, words=outcome.words, corrections=outcome.corrections,
                 suspects=outcome.suspects, warnings=list(outcome.warnings),
                 mean_confidence=None if outcome.mean_confidence is None else round(outcome.mean_confidence, 2))
    for k, v in stats.items():
        setattr(d.row, k, v)
    d.row.status, d.row.seconds = OK, round(d.seconds, 3)
    manifest.append({
        "source": s.rel, "output": s.output, "input_sha256": d.in_hash, "settings_sha256": set_hash,
        "version": __version__, "ocr_engine": outcome.ocr_engine,
        "output_sha256": hashlib.sha256(outcome.markdown.encode("utf-8")).hexdigest(),
        **({"extras": {_extra(s.output, f): hashlib.sha256(b).hexdigest() for f, b in outcome.extras.items()}}
           if outcome.extras else {}),
        "seconds": round(d.seconds, 3), "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **stats,
    })
    progress.document_done(d.row)


def _finish_failed(d: _Doc, message: str, progress) -> None:
    remaining = len(d.job.units) - len(d.pages) if d.job else 0
    _fail(d, message)
    d.row.seconds = round(d.seconds, 3)
    if remaining:
        progress.pages_done(remaining)
    progress.document_done(d.row)


def run_batch(opts: Options, progress=None) -> int:
    """:func:`run` and its exit code (0, or 7 when documents failed)."""
    return run(opts, progress).exit_code


__all__ = ["Options", "Terminated", "sigterm_as_interrupt", "Summary", "Row", "Manifest", "Source", "discover", "run", "run_batch", "write_report",
           "natural_key", "sha256_file", "input_hash", "settings_hash", "failure_line", "PlainProgress",
           "RichProgress", "InlineExecutor", "LocalExecutor", "DaskExecutor", "MANIFEST_NAME", "LOCK_NAME",
           "PAGES_SUFFIX", "REPORT_FIELDS"]
