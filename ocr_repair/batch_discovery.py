"""batch, step 1: which documents lie under SRC, and where their Markdown goes.

Every PDF, image and transcription under SRC is one document; a folder named ``*.pages``
is one document whose files, in natural sort order (``2.png`` before ``10.png``), are its
pages. Hidden files and folders are skipped. Only the standard library: nothing is opened
here but folders.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .inputs import IMAGE_SUFFIXES, PDF_SUFFIXES, TEXT_SUFFIXES

#: a folder with this suffix is one document; its files are the pages
PAGES_SUFFIX = ".pages"
SCAN_SUFFIXES = frozenset(IMAGE_SUFFIXES | PDF_SUFFIXES)
INPUT_SUFFIXES = frozenset(SCAN_SUFFIXES | TEXT_SUFFIXES)


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



def check_paths(src: Path, dest: Path) -> Path | None:
    """Refuse DEST == SRC (the Markdown would land among the inputs): :class:`UsageError`.
    Return DEST when it lies inside SRC, so that discovery leaves it out."""
    s, d = Path(os.path.realpath(src)), Path(os.path.realpath(dest))
    if s == d:
        raise UsageError("DEST must not be SRC: the Markdown would land among the inputs")
    return dest if s in d.parents else None


def lands_in_src(src: Path, dest: Path, output: str) -> bool:
    """With SRC inside DEST, an output may fall inside SRC (``batch DEST/scans DEST`` and a
    folder SRC/scans): it would be read back as a transcription next time."""
    s = Path(os.path.realpath(src))
    return s in Path(os.path.realpath(dest), output).parents
