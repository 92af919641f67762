"""batch, step 2: what is up to date in DEST.

* hashes: of a document's input files (:func:`input_hash`) and of the settings that can
  change the Markdown (:func:`settings_hash`);
* the manifest (:class:`Manifest`): ``DEST/.ocr-repair-manifest.jsonl``, one JSON line
  appended (and fsynced) after each finished document, after its Markdown was written
  atomically. A torn last line (the run was killed while appending) is ignored. It is
  compacted (rewritten atomically, newest entry per document) at the start of each run;
* the lock (:func:`dest_lock`): one batch at a time per DEST;
* :func:`remove_stale_temporaries`: what a killed run's atomic writes left in DEST.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .batch_discovery import Source
from .config import Config
from .errors import InputFileError, OutputFileError
from .output import atomic_write

MANIFEST_NAME = ".ocr-repair-manifest.jsonl"
LOCK_NAME = ".ocr-repair-batch.lock"
MANIFEST_FORMAT = 1
#: settings that cannot change the Markdown, so changing them does not redo documents
SETTINGS_NOT_HASHED = ("page_timeout", "connect_timeout")


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
            for rel, digest in (e.get("extras") or {}).items():  # --format pdf, alto: one document
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

