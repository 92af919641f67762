"""Output files: a temporary file beside the target, then a rename, so that a failed or
killed run never leaves a half-written file behind.

Only a regular file (or a new one) is replaced so. A symbolic link is followed: its target
is written (atomically, beside the target) and the link stays. A character device (a
terminal, a null device), a FIFO or standard output by name (``/dev/stdout``,
``/proc/self/fd/1``) is written directly: renaming over it would replace the device with
a file. A block device or a socket is refused.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputFileError

#: names of an open file descriptor: written to, never replaced (they are links into /proc)
_STREAM = re.compile(r"/dev/(?:stdout|stderr|fd/\d+)|/proc/(?:self|thread-self|\d+)/fd/\d+")


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


def _is_stream(path: Path) -> bool:
    """True when ``path``, or a link it leads through, names an open file descriptor."""
    p = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links in a row
        if _STREAM.fullmatch(p):
            return True
        try:
            link = os.readlink(p)
        except OSError:  # not a link (or nothing there)
            return False
        p = os.path.normpath(os.path.join(os.path.dirname(p), link))
    return False


def resolve_target(path: Path | str) -> tuple[Path, bool]:
    """Where writing ``path`` goes, and whether it is written directly (True: a device, a
    FIFO, standard output by name) or replaced atomically (False: a regular file, or a new
    one). A symbolic link leads to its target, a dangling one to the file it names.
    Raises :class:`OutputFileError` for a folder, a block device, a socket, a link loop."""
    path = Path(path)
    if _is_stream(path):
        return path, True
    try:
        st = os.stat(path)  # follows links
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        st = None  # a parent is a file: check_writable says so
    except OSError as exc:  # a loop of links, no permission to look
        raise _cannot(path, exc.strerror or str(exc)) from None
    if st is None:
        return (Path(os.path.realpath(path)) if os.path.islink(path) else path), False
    if stat.S_ISDIR(st.st_mode):
        raise _cannot(path, "it is a folder")
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return path, True
    if stat.S_ISBLK(st.st_mode):
        raise _cannot(path, "it is a block device")
    if stat.S_ISSOCK(st.st_mode):
        raise _cannot(path, "it is a socket")
    if not os.path.islink(path):
        return path, False
    real = Path(os.path.realpath(path))
    try:
        same = os.path.samestat(os.stat(real), st)
    except OSError:
        same = False
    return (real, False) if same else (path, True)  # a link the path cannot name: write it as it is


def check_writable(path: Path | str) -> None:
    """Raise :class:`OutputFileError` now if ``path`` can plainly not be written later:
    it is a folder, a parent is a file, the nearest existing folder is read-only, or it is
    a block device or a socket. A link is judged by its target."""
    path, direct = resolve_target(path)
    if direct:
        if os.path.exists(path) and not os.access(path, os.W_OK):
            raise _cannot(path, "no permission to write it")
        return
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


def _write_directly(path: Path, data: bytes) -> None:
    """``data`` to a device, FIFO or open file descriptor, as the shell's ``>`` would (a
    FIFO waits for its reader); appending, so a file behind ``/dev/stdout`` keeps what the
    caller put there first."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as exc:
        raise _cannot(path, exc.strerror or str(exc)) from None


def atomic_write(path: Path | str, text: str | bytes | Iterable[str], *, encoding: str = "utf-8") -> None:
    """Write ``text`` (``\\n`` line ends kept as they are; or bytes as they are; or the
    strings an iterable gives, one after the other: a long output written as it is made)
    to ``path`` atomically; create its folders.

    The file gets the mode an ordinary ``open()`` would give it (the umask applies), or
    keeps the mode of the file it replaces. A link's target is written and the link kept;
    a device, FIFO or ``/dev/stdout`` is written directly (see :func:`resolve_target`).
    """
    check_writable(path)
    path, direct = resolve_target(path)
    if direct:
        if isinstance(text, (str, bytes)):
            _write_directly(path, text if isinstance(text, bytes) else text.encode(encoding))
        else:
            for chunk in text:
                _write_directly(path, chunk.encode(encoding))
        return
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
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline="\n")) as fh:
            os.fchmod(fh.fileno(), mode)
            if isinstance(text, (str, bytes)):
                fh.write(text)
            else:
                for chunk in text:
                    fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):  # changed meanwhile
            raise OSError(0, "it is no longer a regular file")
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
