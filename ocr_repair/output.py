"""Atomic output: a temporary file beside the target, then a rename. A failed or killed
run never leaves a half-written file behind."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from .errors import OutputFileError


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask is process-wide, racy in threads)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _cannot(path: Path, why: str) -> OutputFileError:
    return OutputFileError(f"{path}: cannot be written ({why})")


def check_writable(path: Path | str) -> None:
    """Raise :class:`OutputFileError` now if ``path`` can plainly not be written later:
    it is a folder, a parent is a file, or the nearest existing folder is read-only."""
    path = Path(path)
    if path.is_dir():
        raise _cannot(path, "it is a folder")
    parent = path.parent
    while not parent.exists():
        if parent.is_symlink():  # a dangling link: mkdir will fail on it
            raise _cannot(path, f"{parent} is a broken link")
        if parent == parent.parent:
            break
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise _cannot(path, f"{parent} is not a folder")
    if parent.is_dir() and not os.access(parent, os.W_OK | os.X_OK):
        raise _cannot(path, f"no permission to write in {parent}")


def atomic_write(path: Path | str, text: str | bytes) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends; or bytes as they are) to ``path``
    atomically; create its folders.

    The file gets the mode an ordinary ``open()`` would give it (the umask applies), or
    keeps the mode of the file it replaces.
    """
    path = Path(path)
    check_writable(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot(path, exc.strerror or str(exc)) from None
    try:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~_umask()
        # mkstemp makes the file 0600; give it what a plain open() would (0666 less the umask)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        binary = isinstance(text, bytes)
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _cannot(path, exc.strerror or str(exc)) from None
        raise
    try:  # make the rename itself durable; best effort (not every file system allows it)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
