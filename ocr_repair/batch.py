"""``ocr-repair batch``: a folder tree of scans to a mirrored tree of Markdown, in parallel,
resumably.

The engine behind :mod:`ocr_repair.commands.batch`:

* **discovery** (:func:`discover`): every PDF, image and transcription under SRC is one
  document; a folder named ``*.pages`` is one document whose files, in natural sort order
  (``2.png`` before ``10.png``), are its pages. Hidden files and folders are skipped.
* **planning** (in the parent): each document's input files are hashed (sha256); a document
  whose manifest entry matches (same input hash, same settings, same ocr-repair version,
  output unchanged) is skipped. The others are opened just far enough to count their pages
  (an empty, corrupt or encrypted file fails here, without costing a worker).
* **work units**: a one-page document is one task (read/OCR + repair). A longer one is one
  task per page plus a repair task once its pages are in, so the pages of a big document
  spread over all workers. At most ``2 × workers`` tasks are in flight; repair tasks go
  first, then pages in document order, so documents finish (and are recorded) in order.
* **executors**: a local :class:`~concurrent.futures.ProcessPoolExecutor` (each worker's
  Tesseract on one thread) or a Dask distributed cluster. Workers return Markdown and
  statistics; only the parent writes files, the manifest and the report.
* **manifest** (:class:`Manifest`): ``DEST/.ocr-repair-manifest.jsonl``, one JSON line
  appended (and fsynced) after each finished document, after its Markdown was written
  atomically. A torn last line (the run was killed while appending) is ignored. It is
  compacted (rewritten atomically, newest entry per document) at the start of each run.
* **failure isolation**: a document that fails is reported with its one-line reason and
  the batch goes on; a worker process that dies (crash, out of memory) breaks the pool: the
  pool is restarted and the tasks it had in flight run again one at a time, so only the
  culprit is failed. Missing Tesseract or language model is a whole-run error, checked
  before any work.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import fnmatch
import hashlib
import io
import json
import os
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .errors import (
    ExitCode,
    InputFileError,
    MissingDependencyError,
    OcrRepairError,
    OutputFileError,
)
from .inputs import IMAGE_SUFFIXES, PDF_SUFFIXES, TEXT_SUFFIXES, Kind
from .output import atomic_write

MANIFEST_NAME = ".ocr-repair-manifest.jsonl"
LOCK_NAME = ".ocr-repair-batch.lock"
MANIFEST_FORMAT = 1
#: a folder with this suffix is one document; its files are the pages
PAGES_SUFFIX = ".pages"
SCAN_SUFFIXES = frozenset(IMAGE_SUFFIXES | PDF_SUFFIXES)
INPUT_SUFFIXES = frozenset(SCAN_SUFFIXES | TEXT_SUFFIXES)
#: settings that cannot change the Markdown, so changing them does not redo documents
SETTINGS_NOT_HASHED = ("page_timeout",)
REPORT_FIELDS = ("source", "output", "status", "pages", "words", "corrections", "suspects",
                 "mean_confidence", "seconds", "error")


# -- discovery ---------------------------------------------------------------------------

@dataclass
class Source:
    """One document found under SRC."""

    rel: str  #: path relative to SRC, POSIX separators: a file, or a ``*.pages`` folder
    files: list[str]  #: its input files, relative to SRC, pages in order
    output: str = ""  #: the Markdown's path relative to DEST
    error: str = ""  #: set when discovery already knows the document is bad

    @property
    def is_pages_folder(self) -> bool:
        return self.rel.lower().endswith(PAGES_SUFFIX) and self.files != [self.rel]


def natural_key(name: str) -> tuple:
    """Sort key: digit runs compare as numbers ("page-2" < "page-10"), text case-folded."""
    parts = re.split(r"(\d+)", name)
    return tuple((int(p), p) if i % 2 else (p.casefold(), p) for i, p in enumerate(parts))


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    if not patterns:
        return True
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def discover(src: Path, patterns: Iterable[str] = (), exclude: Path | None = None) -> tuple[list[Source], int]:
    """The documents under ``src``, in natural order, and how many files were ignored.

    ``patterns``: fnmatch patterns; a document is kept if its path relative to SRC or its
    name matches one (``*`` also matches ``/``). ``exclude``: a folder not to walk (DEST,
    when it lies inside SRC).
    """
    patterns = tuple(patterns)
    src = Path(src)
    exclude_real = os.path.realpath(exclude) if exclude is not None else None
    found: list[Source] = []
    ignored = 0

    def unreadable(exc: OSError) -> None:  # a folder os.walk cannot list: one failed "document"
        rel = Path(exc.filename).relative_to(src).as_posix() if exc.filename else "."
        found.append(Source(rel=rel, files=[], error=f"{Path(src, rel).as_posix()}: folder cannot be read "
                                                     f"({exc.strerror})"))

    for top, dirs, files in os.walk(src, onerror=unreadable):
        top_path = Path(top)
        rel_top = top_path.relative_to(src).as_posix()
        rel_top = "" if rel_top == "." else rel_top + "/"
        keep_dirs = []
        for d in sorted(dirs, key=natural_key):
            if _hidden(d):
                continue
            if exclude_real is not None and os.path.realpath(top_path / d) == exclude_real:
                continue
            if d.lower().endswith(PAGES_SUFFIX):
                if _matches(rel_top + d, patterns):
                    found.append(_pages_folder(top_path / d, rel_top + d))
                continue
            keep_dirs.append(d)
        dirs[:] = keep_dirs
        for f in sorted(files, key=natural_key):
            if _hidden(f):
                continue
            if Path(f).suffix.lower() not in INPUT_SUFFIXES:
                ignored += 1
                continue
            rel = rel_top + f
            if _matches(rel, patterns):
                found.append(Source(rel=rel, files=[rel]))
    found.sort(key=lambda s: tuple(natural_key(part) for part in s.rel.split("/")))
    _name_outputs(found)
    return found, ignored


def _pages_folder(folder: Path, rel: str) -> Source:
    src = Source(rel=rel, files=[])
    try:
        entries = sorted((e for e in os.listdir(folder) if not _hidden(e)), key=natural_key)
    except OSError as exc:
        src.error = f"{folder.as_posix()}: folder cannot be read ({exc.strerror})"
        return src
    for e in entries:
        if (folder / e).is_dir():
            src.error = f"{folder.as_posix()}: a folder of pages must not contain folders ({e})"
            return src
        if Path(e).suffix.lower() not in INPUT_SUFFIXES:
            src.error = f"{folder.as_posix()}: not a page image, PDF or transcription: {e}"
            return src
        src.files.append(f"{rel}/{e}")
    if not src.files:
        src.error = f"{folder.as_posix()}: folder of pages is empty"
    return src


def _name_outputs(sources: list[Source]) -> None:
    """``a/b.pdf`` → ``a/b.md``, ``a/b.pages`` → ``a/b.md``; where two documents of one
    folder share a stem (``b.pdf`` and ``b.png``), each keeps its full name: ``b.pdf.md``."""
    stems: dict[str, list[Source]] = {}
    for s in sources:
        parent, _, name = s.rel.rpartition("/")
        stem = name[: -len(PAGES_SUFFIX)] if name.lower().endswith(PAGES_SUFFIX) else Path(name).stem
        key = (parent + "/" if parent else "") + stem
        stems.setdefault(key.casefold(), []).append(s)
        s.output = key + ".md"
    for group in stems.values():
        if len(group) > 1:
            for s in group:
                s.output = s.rel + ".md"


# -- hashing and the manifest ------------------------------------------------------------

def sha256_file(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def input_hash(src: Path, source: Source) -> str:
    """sha256 over the document's files (name relative to the document, then content hash)."""
    h = hashlib.sha256()
    base = source.rel + "/" if source.is_pages_folder else ""
    for rel in source.files:
        path = src / rel
        try:
            digest = sha256_file(path)
        except OSError as exc:
            raise InputFileError(f"{path}: cannot be read ({exc.strerror})") from None
        h.update(f"{rel[len(base):]}\0{digest}\n".encode())
    return h.hexdigest()


def settings_hash(config: Config) -> str:
    """sha256 of every setting that can change the Markdown (word lists by content)."""
    d = {}
    for f in dataclasses.fields(config):
        if f.name in SETTINGS_NOT_HASHED:
            continue
        value = getattr(config, f.name)
        if f.name == "words":
            value = [[str(p), _word_list_hash(p)] for p in value]
        elif isinstance(value, tuple):
            value = list(value)
        d[f.name] = value
    return hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()


def _word_list_hash(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError as exc:
        raise InputFileError(f"{path}: word list cannot be read ({exc.strerror})") from None


class Manifest:
    """``DEST/.ocr-repair-manifest.jsonl``: one JSON object per finished document.

    Append-only while a run is going (a line is appended and fsynced after the document's
    Markdown was written atomically), compacted at the start of a run. Lines that do not
    parse (a torn last line after ``kill -9``) are ignored.
    """

    def __init__(self, dest: Path):
        self.path = Path(dest) / MANIFEST_NAME
        self.entries: dict[str, dict] = {}
        self._fh = None

    def load(self) -> "Manifest":
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self
        except OSError as exc:
            raise OutputFileError(f"{self.path}: cannot be read ({exc.strerror})") from None
        for line in raw.split(b"\n"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and entry.get("format") == MANIFEST_FORMAT and isinstance(entry.get("source"), str):
                self.entries[entry["source"]] = entry
        return self

    def compact(self) -> None:
        """Rewrite the manifest atomically with the newest entry per document."""
        if not self.path.exists() and not self.entries:
            return
        text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in self.entries.values())
        atomic_write(self.path, text)

    def up_to_date(self, dest: Path, source: Source, in_hash: str, set_hash: str) -> dict | None:
        """The entry if ``source``'s output is up to date, else None."""
        e = self.entries.get(source.rel)
        if not e or e.get("input_sha256") != in_hash or e.get("settings_sha256") != set_hash:
            return None
        if e.get("version") != __version__ or e.get("output") != source.output:
            return None
        try:
            if sha256_file(Path(dest) / source.output) != e.get("output_sha256"):
                return None
            for rel, digest in (e.get("extras") or {}).items():  # --format pdf, alto
                if sha256_file(Path(dest) / rel) != digest:
                    return None
        except OSError:
            return None
        return e

    def append(self, entry: dict) -> None:
        entry = {"format": MANIFEST_FORMAT, **entry}
        self.entries[entry["source"]] = entry
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        try:
            if self._fh is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fh = open(self.path, "ab")
                if self._fh.tell() > 0 and not self._ends_with_newline():
                    self._fh.write(b"\n")  # after a torn last line: start a fresh one
            self._fh.write(line.encode())
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise OutputFileError(f"{self.path}: cannot be written ({exc.strerror})") from None

    def _ends_with_newline(self) -> bool:
        with open(self.path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


@contextlib.contextmanager
def dest_lock(dest: Path):
    """One batch at a time per DEST (an advisory ``flock``; a no-op where there is none)."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    path = Path(dest) / LOCK_NAME
    try:
        fh = open(path, "a+")
    except OSError as exc:
        raise OutputFileError(f"{dest}: cannot be written ({exc.strerror})") from None
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputFileError(f"{dest}: another ocr-repair batch is writing there",
                                  hint="wait for it to finish") from None
        yield
    finally:
        fh.close()


def _extra(md_rel: str, fmt: str) -> str:
    from .formats import extra_name

    return extra_name(md_rel, fmt)


def remove_stale_temporaries(dest: Path, outputs: Iterable[str]) -> int:
    """Delete what ``atomic_write`` leaves when a run is killed mid-write: ``.NAME.XXXX.tmp``
    beside an output this batch writes (or the manifest); nothing else in DEST is touched."""
    by_dir: dict[Path, set[str]] = {Path(dest): {MANIFEST_NAME}}
    for rel in outputs:
        target = Path(dest) / rel
        by_dir.setdefault(target.parent, set()).add(target.name)
    n = 0
    for folder, names in by_dir.items():
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for e in entries:
            if e.startswith(".") and e.endswith(".tmp") and any(e.startswith(f".{name}.") for name in names):
                with contextlib.suppress(OSError):
                    os.unlink(folder / e)
                    n += 1
    return n


# -- work done in the workers ------------------------------------------------------------

@dataclass
class FileSpec:
    path: str  #: absolute, for reading
    display: str  #: as the user names it (SRC as given + relative path): messages, front matter
    kind: str  #: Kind value
    pages: int


@dataclass
class DocJob:
    """What a worker needs to read (part of) one document; picklable."""

    index: int
    files: list[FileSpec]
    config: Config
    formats: tuple[str, ...] = ("md",)  #: --format: pdf and alto are written beside the Markdown

    @property
    def units(self) -> list[tuple[int, int]]:
        """(file index, page index) of every page, in order."""
        return [(i, p) for i, f in enumerate(self.files) for p in range(f.pages)]


@dataclass
class Failure:
    message: str  #: the one-line reason
    code: int  #: the ExitCode it would have in ``convert``


@dataclass
class PagesDone:
    pages: list  #: models.Page
    seconds: float


@dataclass
class DocDone:
    markdown: str
    pages: int
    words: int
    corrections: int
    suspects: int
    mean_confidence: float | None
    ocr_engine: str | None
    seconds: float
    extras: dict = field(default_factory=dict)  #: --format pdf/alto: format -> the file's bytes
    notes: list = field(default_factory=list)  #: for the user (a plain PDF, not PDF/A)


def init_worker() -> None:
    """ProcessPoolExecutor initializer: Tesseract on one thread, and a process group of
    its own: Ctrl-C in the terminal reaches only the parent, which then ends each worker
    together with the Tesseract it runs (``killpg``)."""
    from .tesseract import single_threaded_env

    single_threaded_env()
    with contextlib.suppress(AttributeError, OSError):
        os.setpgrp()
    import threading

    threading.Thread(target=_exit_with_parent, name="ocr-repair-watchdog", daemon=True).start()


def _exit_with_parent() -> None:
    """Watchdog thread of a pool worker: when the batch process dies (``kill -9``), end this
    worker and its Tesseract at once instead of lingering as orphans."""
    import multiprocessing
    import signal
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or getattr(parent, "sentinel", None) is None:
        return
    wait([parent.sentinel])
    with contextlib.suppress(OSError, AttributeError):
        if os.getpgid(0) == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
    os._exit(1)


def work(job: DocJob, units: list[tuple[int, int]], prior: list | None, finish: bool):
    """Read (OCR) the pages ``units`` of ``job``; with ``finish``, repair the document made
    of ``prior`` and those pages and return :class:`DocDone`, else :class:`PagesDone`.
    Never raises for a bad input: returns :class:`Failure`."""
    from .tesseract import single_threaded_env

    single_threaded_env()  # Dask workers run no initializer
    t0 = time.perf_counter()
    try:
        pages = list(prior or []) + [_read_unit(job, f, p) for f, p in units]
        if not finish:
            return PagesDone(pages, time.perf_counter() - t0)
        return _finish(job, pages, t0)
    except OcrRepairError as exc:
        msg = exc.one_line()
        for f in job.files:  # name files as the user does, whichever path the worker read
            msg = msg.replace(f.path, f.display)
        return Failure(msg, int(exc.exit_code))
    except MemoryError:
        return Failure("out of memory", int(ExitCode.internal))
    except Exception as exc:  # a bug, or a library failing on a strange file: this document only
        return Failure(f"internal error: {type(exc).__name__}: {exc}", int(ExitCode.internal))


def _read_unit(job: DocJob, file_index: int, page_index: int):
    from . import pipeline
    from .inputs import image_page, pdf_page, read_text
    from .models import Page

    f = job.files[file_index]
    if f.kind == Kind.text.value:
        return Page(source=f.display, number=1, text=read_text(Path(f.path)), words=0)
    path = Path(f.path)
    image = pdf_page(path, page_index, job.config.dpi) if f.kind == Kind.pdf.value else image_page(path, page_index)
    return pipeline.ocr_images([image], f.display, job.config, first_page=page_index + 1)[0]


def _finish(job: DocJob, pages: list, t0: float) -> DocDone:
    from . import pipeline, tesseract
    from .models import Document

    doc = Document(sources=[f.display for f in job.files], language=job.config.lang, pages=pages)
    if any(f.kind != Kind.text.value for f in job.files):
        doc.ocr_engine = f"tesseract {tesseract.version()}"
    result = pipeline.repair_document(doc, job.config)
    applied = len(result.applied)
    from .formats import extra_outputs

    extras, notes = extra_outputs(result, [f.path for f in job.files], job.formats, job.config.lang)
    return DocDone(
        extras=extras, notes=notes,
        markdown=result.markdown,
        pages=len(pages),
        words=len(result.text.split()),
        corrections=applied,
        suspects=len(result.corrections) - applied,
        mean_confidence=doc.mean_confidence,
        ocr_engine=doc.ocr_engine,
        seconds=time.perf_counter() - t0,
    )


def probe_worker(lang: str | None) -> tuple[str, str]:
    """Run on every Dask worker before any work: (its ocr-repair version, why it cannot OCR
    or ""). Returns rather than raises, so that the worker logs no traceback."""
    from . import tesseract

    try:
        if lang:
            tesseract.check_languages(lang)
    except OcrRepairError as exc:
        return __version__, exc.one_line()
    return __version__, ""


# -- executors ---------------------------------------------------------------------------

class InlineExecutor:
    """Runs each task in this process when it is waited for: no parallelism, no isolation.
    For debugging (a breakpoint in a task works) and tests; not offered on the command line."""

    window = 1

    def describe(self) -> str:
        return "no worker processes (inline)"

    def start(self) -> None:
        pass

    def submit(self, fn: Callable, *args):
        from concurrent.futures import Future

        fut = Future()
        fut.task = (fn, args)
        return fut

    def wait(self, futures) -> set:
        for fut in futures:
            fn, args = fut.task
            fut.set_result(fn(*args))
        return set(futures)

    @staticmethod
    def is_broken(exc: BaseException) -> bool:
        return False

    def restart(self) -> None:
        pass

    def close(self, cancel: bool = False) -> None:
        pass


class LocalExecutor:
    """A process pool on this machine; ``restart`` after a worker died."""

    def describe(self) -> str:
        return f"{self.jobs} process{'es' if self.jobs != 1 else ''}"

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.window = 2 * jobs
        self._pool = None

    def start(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver/spawn, not fork: the parent runs threads (the progress bar)
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context(method),
                                         initializer=init_worker)

    def submit(self, fn: Callable, *args):
        return self._pool.submit(fn, *args)

    def wait(self, futures) -> set:
        from concurrent.futures import FIRST_COMPLETED, wait

        return wait(futures, return_when=FIRST_COMPLETED).done

    @staticmethod
    def is_broken(exc: BaseException) -> bool:
        from concurrent.futures.process import BrokenProcessPool

        return isinstance(exc, BrokenProcessPool)

    def restart(self) -> None:
        self.close(cancel=True)
        self.start()

    def close(self, cancel: bool = False) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if cancel:
            procs = list(getattr(pool, "_processes", {}).values() or [])
            pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:  # tasks already running would otherwise finish first
                _kill_worker(p)
        else:
            pool.shutdown(wait=True)


def _kill_worker(proc) -> None:
    """SIGTERM to the worker's process group (it and its Tesseract), else to the worker."""
    import signal

    try:
        if proc.pid and hasattr(os, "killpg") and os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, signal.SIGTERM)
            return
    except OSError:
        pass
    with contextlib.suppress(Exception):
        proc.terminate()


class DaskExecutor:
    """The same tasks on a Dask distributed cluster (``dask.distributed.Client(address)``)."""

    def describe(self) -> str:
        return f"Dask cluster {self.address}"

    def __init__(self, address: str):
        self.address = address
        self.client = None
        self.window = 4
        self._completed = None  #: a distributed.as_completed fed by submit

    def start(self, lang: str | None = None) -> None:
        try:
            import distributed
        except ImportError:
            raise MissingDependencyError("--executor dask needs dask.distributed, which is not installed",
                                         hint="pip install 'ocr-repair[dask]'") from None
        try:
            self.client = distributed.Client(self.address, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise MissingDependencyError(f"cannot reach the Dask scheduler at {self.address}: "
                                         f"{' '.join(str(exc).split())[:200]}") from None
        try:
            info = self.client.run(probe_worker, lang)
        except Exception as exc:
            self.close()
            raise MissingDependencyError(f"a Dask worker cannot run ocr-repair: {type(exc).__name__}: {exc}",
                                         hint="install ocr-repair (same version) on every worker") from None
        if not info:
            self.close()
            raise MissingDependencyError(f"the Dask cluster at {self.address} has no workers")
        for w, (version, problem) in sorted(info.items()):
            if problem:
                self.close()
                raise MissingDependencyError(f"Dask worker {w}: {problem}")
            if version != __version__:
                self.close()
                raise MissingDependencyError(f"Dask worker {w} runs ocr-repair {version}, this is {__version__}",
                                             hint="install the same version on every worker")
        threads = sum(self.client.nthreads().values())
        self.window = max(4, 2 * threads)

    def submit(self, fn: Callable, *args):
        import distributed

        fut = self.client.submit(fn, *args, pure=False)
        if self._completed is None:
            self._completed = distributed.as_completed([fut], loop=self.client.loop)
        else:
            self._completed.add(fut)
        return fut

    def wait(self, futures) -> set:
        """At least one finished future (all of ``futures`` were submitted here)."""
        done = {next(self._completed)}
        done.update(self._completed.next_batch(block=False))
        return done

    @staticmethod
    def is_broken(exc: BaseException) -> bool:
        return False  # Dask reschedules the tasks of a lost worker itself

    def restart(self) -> None:  # pragma: no cover - never broken
        pass

    def close(self, cancel: bool = False) -> None:
        if self.client is not None:
            client, self.client = self.client, None
            with contextlib.suppress(Exception):
                client.close()


# -- progress ----------------------------------------------------------------------------

def failure_line(row: dict) -> str:
    """``failed: src/a.pdf: corrupt PDF (...)``; the source is named unless the reason does."""
    err = row["error"] or ""
    return f"failed: {err}" if err.startswith(row["source"]) else f"failed: {row['source']}: {err}"


class PlainProgress:
    """Log lines on stderr (stderr is not a terminal)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.docs_total = self.docs_done = 0

    def log(self, message: str) -> None:
        print(message, file=self.stream, flush=True)

    def start(self, docs: int, pages: int) -> None:
        self.docs_total = docs

    def pages_done(self, n: int) -> None:
        pass

    def document_done(self, row: dict) -> None:
        self.docs_done += 1
        n = f"[{self.docs_done}/{self.docs_total}]"
        if row["status"] == "ok":
            pages = f"{row['pages']} page{'s' if row['pages'] != 1 else ''}"
            self.log(f"{n} ok {row['source']} -> {row['output']} ({pages}, {row['seconds']:.1f} s)")
        else:
            self.log(f"{n} {failure_line(row)}")

    def stop(self) -> None:
        pass


class RichProgress(PlainProgress):
    """A progress bar on stderr (a terminal): documents and pages done, pages/s, time left."""

    def __init__(self, console=None):
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task):
                return Text("–" if task.speed is None else f"{task.speed:.2f} pages/s", style="progress.data.speed")

        self.console = console or Console(stderr=True)
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(),
            TextColumn("{task.fields[docs]} docs"), TextColumn("{task.completed:.0f}/{task.total:.0f} pages"),
            Rate(), TimeRemainingColumn(), console=self.console, transient=False,
        )
        self.task = None

    def log(self, message: str) -> None:
        self.console.print(message, markup=False, highlight=False)

    def start(self, docs: int, pages: int) -> None:
        self.docs_total = docs
        self.task = self.progress.add_task("converting", total=max(pages, 1), docs=f"0/{docs}")
        self.progress.start()

    def pages_done(self, n: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)

    def document_done(self, row: dict) -> None:
        self.docs_done += 1
        if row["status"] != "ok":
            self.log(failure_line(row))
        if self.task is not None:
            self.progress.update(self.task, docs=f"{self.docs_done}/{self.docs_total}")

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()
            self.task = None


def make_progress(force_plain: bool = False):
    return RichProgress() if sys.stderr.isatty() and not force_plain else PlainProgress()


# -- the run -----------------------------------------------------------------------------

@dataclass
class Options:
    src: Path
    dest: Path
    config: Config = field(default_factory=Config)
    jobs: int | None = None
    patterns: tuple[str, ...] = ()
    force: bool = False
    reports: tuple[Path, ...] = ()
    executor: Any = "local"  #: "local", "dask", "inline", or an executor object (tests)
    scheduler: str | None = None
    formats: tuple[str, ...] = ("md",)  #: --format: pdf and alto beside the Markdown


@dataclass
class Summary:
    rows: list[dict]
    converted: int
    skipped: int
    failed: int
    seconds: float
    exit_code: int
    not_run: int = 0  #: interrupted before they were converted (counted in ``failed`` too)

    def line(self) -> str:
        failed = f"{self.failed - self.not_run} failed"
        if self.not_run:
            failed += f", {self.not_run} not converted (interrupted)"
        return f"{self.converted} converted, {self.skipped} skipped (up to date), {failed} in {self.seconds:.1f} s"


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def check_paths(src: Path, dest: Path) -> Path | None:
    """Refuse DEST == SRC (the Markdown would land among the inputs); return DEST when it
    lies inside SRC, so that discovery leaves it out."""
    s, d = Path(os.path.realpath(src)), Path(os.path.realpath(dest))
    if s == d:
        import click

        raise click.UsageError("DEST must not be SRC: the Markdown would land among the inputs")
    return dest if s in d.parents else None


def _lands_in_src(src: Path, dest: Path, output: str) -> bool:
    """With SRC inside DEST, an output may fall inside SRC (``batch DEST/scans DEST`` and a
    folder SRC/scans): it would be read back as a transcription next time."""
    s = Path(os.path.realpath(src))
    return s in Path(os.path.realpath(dest), output).parents


@dataclass
class _Doc:
    source: Source
    row: dict
    job: DocJob | None = None
    in_hash: str = ""
    pages: dict = field(default_factory=dict)  #: unit index -> Page
    seconds: float = 0.0
    failed: bool = False


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
        if r.suffix.lower() not in (".json", ".csv"):
            import click

            raise click.BadParameter(f"{r}: the report must end in .json or .csv", param_hint="--report")
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
        src_abs = Path(os.path.realpath(src))
        src_inside_dest = Path(os.path.realpath(dest)) in src_abs.parents

        docs: list[_Doc] = []
        todo: list[_Doc] = []
        skipped = 0
        for i, s in enumerate(sources):
            row = {k: None for k in REPORT_FIELDS}
            row.update(source=_display(src, s.rel), output=_display(dest, s.output), status="ok", error="")
            d = _Doc(source=s, row=row)
            docs.append(d)
            if s.error:
                _fail(d, s.error)
                continue
            if src_inside_dest and _lands_in_src(src, dest, s.output):
                _fail(d, f"{row['output']}: the output would land inside SRC; choose another DEST")
                continue
            try:
                d.in_hash = input_hash(src, s)
            except OcrRepairError as exc:
                _fail(d, exc.one_line())
                continue
            entry = None if opts.force else manifest.up_to_date(dest, s, d.in_hash, set_hash)
            if entry is not None:
                skipped += 1
                row.update(status="skipped", seconds=0.0,
                           **{k: entry.get(k) for k in ("pages", "words", "corrections", "suspects", "mean_confidence")})
                continue
            try:
                d.job = DocJob(index=i, config=config, files=[_file_spec(src, src_abs, rel) for rel in s.files],
                               formats=opts.formats)
            except OcrRepairError as exc:
                _fail(d, exc.one_line())
                continue
            todo.append(d)

        failed_early = sum(d.failed for d in docs)
        needs_ocr = any(f.kind != Kind.text.value for d in todo for f in d.job.files)
        total_pages = sum(len(d.job.units) for d in todo)
        jobs = opts.jobs or default_jobs()

        if opts.executor == "dask":
            executor = DaskExecutor(opts.scheduler or "")
            if todo:  # checks Tesseract on every worker
                executor.start(config.lang if needs_ocr else None)
        else:
            if needs_ocr:  # a whole-run error, before any work
                from . import tesseract

                tesseract.check_languages(config.lang)
            if opts.executor == "local":
                executor = LocalExecutor(max(1, min(jobs, total_pages or 1)))
            elif opts.executor == "inline":
                executor = InlineExecutor()
            else:  # an executor object (tests)
                executor = opts.executor
            if todo:
                executor.start()

        where = executor.describe()
        msg = f"ocr-repair batch: {len(sources)} documents in {src}"
        parts = [f"{len(todo)} to convert ({total_pages} page{'s' if total_pages != 1 else ''}) with {where}" if todo else "nothing to convert"]
        if skipped:
            parts.append(f"{skipped} up to date")
        if failed_early:
            parts.append(f"{failed_early} unreadable")
        if ignored:
            parts.append(f"{ignored} other files ignored")
        progress.log(msg + ": " + ", ".join(parts))
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
            why = ("the run was interrupted" if isinstance(interrupted, KeyboardInterrupt)
                   else _one_line(interrupted))
            for r in rows:
                if r["status"] == "ok" and r["seconds"] is None:
                    r.update(status="failed", output=None, error=f"not converted: {why}")
                    not_run += 1
        failed = sum(1 for r in rows if r["status"] == "failed")
        converted = sum(1 for r in rows if r["status"] == "ok")
        seconds = time.perf_counter() - t_start
        code = int(ExitCode.some_failed) if failed else int(ExitCode.ok)
        summary = Summary(rows, converted, skipped, failed, seconds, code, not_run)
        for r in opts.reports:
            write_report(r, summary, opts)
        if interrupted is not None:
            progress.log(summary.line())
            raise interrupted
        progress.log(summary.line())
        return summary


def _one_line(exc: BaseException) -> str:
    return exc.one_line() if isinstance(exc, OcrRepairError) else str(exc)


def _display(base: Path, rel: str) -> str:
    return (Path(base) / rel).as_posix()


def _fail(d: _Doc, message: str) -> None:
    d.failed = True
    d.row.update(status="failed", output=None, error=message)


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


def _schedule(todo: list[_Doc], executor, manifest: Manifest, dest: Path, set_hash: str, progress) -> None:
    """Feed the executor (repair tasks first, then pages in document order), at most
    ``executor.window`` tasks in flight; write each finished document."""
    queue: deque = deque()  # (doc, units, finish)
    for d in todo:
        units = d.job.units
        if len(units) == 1:
            queue.append((d, [units[0]], True))
        else:
            queue.extend((d, [u], False) for u in units)
    ready: deque = deque()  # docs whose pages are all in: (doc, None, True)
    quarantine: deque = deque()  # tasks in flight when a worker died: rerun one at a time
    inflight: dict = {}

    def submit(task) -> None:
        d, units, finish = task
        prior = None
        if finish and units is None:
            prior = [d.pages[u] for u in d.job.units]
            units = []
        inflight[executor.submit(work, d.job, units, prior, finish)] = task

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
            d, units, finish = task
            try:
                outcome = fut.result()
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - the executor's own failures
                if executor.is_broken(exc):
                    broken.append(task)
                    continue
                outcome = Failure(f"worker failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}",
                                  int(ExitCode.internal))
            _take(d, units, finish, outcome, ready, manifest, dest, set_hash, progress)
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


def _take(d: _Doc, units, finish, outcome, ready, manifest, dest, set_hash, progress) -> None:
    if d.failed:
        return
    if isinstance(outcome, Failure):
        if outcome.code == int(ExitCode.missing_dependency):
            raise MissingDependencyError(outcome.message)
        _finish_failed(d, outcome.message, progress)
        return
    d.seconds += outcome.seconds
    if isinstance(outcome, PagesDone):
        for u, page in zip(units, outcome.pages):
            d.pages[u] = page
        progress.pages_done(len(outcome.pages))
        if len(d.pages) == len(d.job.units):
            ready.append((d, None, True))
        return
    # DocDone
    if units:
        progress.pages_done(len(units))
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
    stats = dict(pages=outcome.pages, words=outcome.words, corrections=outcome.corrections,
                 suspects=outcome.suspects,
                 mean_confidence=None if outcome.mean_confidence is None else round(outcome.mean_confidence, 2))
    d.row.update(status="ok", seconds=round(d.seconds, 3), **stats)
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
    d.row["seconds"] = round(d.seconds, 3)
    if remaining:
        progress.pages_done(remaining)
    progress.document_done(d.row)


# -- the report --------------------------------------------------------------------------

def write_report(path: Path, summary: Summary, opts: Options) -> None:
    """``.json``: run details, counts and one object per document; ``.csv``: one row per document."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(REPORT_FIELDS), lineterminator="\n")
        w.writeheader()
        for r in summary.rows:
            w.writerow({k: "" if r.get(k) is None else r.get(k) for k in REPORT_FIELDS})
        atomic_write(path, buf.getvalue())
        return
    data = {
        "ocr_repair_version": __version__,
        "src": Path(opts.src).as_posix(),
        "dest": Path(opts.dest).as_posix(),
        "executor": opts.executor if isinstance(opts.executor, str) else type(opts.executor).__name__,
        "summary": {"converted": summary.converted, "skipped": summary.skipped, "failed": summary.failed,
                    "seconds": round(summary.seconds, 3)},
        "documents": [{k: r.get(k) for k in REPORT_FIELDS} for r in summary.rows],
    }
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def run_batch(opts: Options, progress=None) -> int:
    """:func:`run` and its exit code (0, or 7 when documents failed)."""
    return run(opts, progress).exit_code


__all__ = ["Options", "Summary", "Manifest", "Source", "discover", "run", "run_batch", "write_report",
           "natural_key", "MANIFEST_NAME", "PAGES_SUFFIX"]
