"""Output targets that are not a plain file (issue 10, item 2): ``-o`` through a symbolic
link writes the link's target (atomically, beside it) and keeps the link; a character
device, a FIFO or ``/dev/stdout`` is written directly, never replaced by a rename; an
output that names one of the inputs (as typed, through a link, or a hard link) is refused
(exit 2, one line) before anything is read or written. Batch's outputs go through the same
writer. Device nodes and FIFOs are made inside ``tmp_path`` only, never in ``/dev``."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import leftovers

from ocr_repair.cli import cli
from ocr_repair.errors import ExitCode, OutputFileError
from ocr_repair.output import atomic_write, check_writable

from texts import OCR


def convert(*args: str):
    return CliRunner().invoke(cli, ["convert", *map(str, args)])


@pytest.fixture
def doc(tmp_path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(OCR, encoding="utf-8")
    return path


def _null_device(folder: Path) -> Path:
    """A character device like /dev/null (major 1, minor 3), made inside ``folder``."""
    node = folder / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return node


class _FifoReader(threading.Thread):
    """Reads a FIFO to its end (the writer's close) in the background."""

    def __init__(self, fifo: Path):
        super().__init__(daemon=True)
        self.fifo, self.data = fifo, b""

    def run(self) -> None:
        with open(self.fifo, "rb") as fh:
            self.data = fh.read()


# --------------------------------------------------------------------------- symbolic links


def test_symlink_output_writes_the_target_and_keeps_the_link(doc, tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "doc.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(Path("real") / "doc.md")  # relative, as ln -s makes them
    result = convert(doc, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "doc.md")
    assert target.read_text(encoding="utf-8") == convert(doc).stdout
    assert target.stat().st_mode & 0o777 == 0o640  # the target's mode is kept
    assert leftovers(tmp_path) == [] and leftovers(target.parent) == []


def test_dangling_symlink_output_creates_the_target(tmp_path):
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    atomic_write(link, "text\n")
    assert link.is_symlink()
    assert (tmp_path / "elsewhere.md").read_text() == "text\n"


def test_chain_of_symlinks(tmp_path):
    (tmp_path / "file.md").write_text("old\n")
    (tmp_path / "b.md").symlink_to("file.md")
    (tmp_path / "a.md").symlink_to("b.md")
    atomic_write(tmp_path / "a.md", "new\n")
    assert (tmp_path / "a.md").is_symlink() and (tmp_path / "b.md").is_symlink()
    assert (tmp_path / "file.md").read_text() == "new\n"


def test_symlink_loop_cannot_be_written(tmp_path):
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    with pytest.raises(OutputFileError, match="cannot be written"):
        atomic_write(tmp_path / "a.md", "text\n")
    assert os.readlink(tmp_path / "a.md") == "b.md"


# --------------------------------------------------------------------------- devices and FIFOs


def test_character_device_is_written_not_replaced(doc, tmp_path):
    null = _null_device(tmp_path)
    result = convert(doc, "-o", null, "--explain-json", null)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt", "null"]


def test_fifo_is_written_not_replaced(doc, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = _FifoReader(fifo)
    reader.start()
    result = convert(doc, "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert reader.data.decode("utf-8") == convert(doc).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt", "pipe"]


def test_symlink_to_a_device_writes_the_device(tmp_path):
    null = _null_device(tmp_path)
    link = tmp_path / "link.md"
    link.symlink_to(null)
    atomic_write(link, "text\n")
    assert link.is_symlink() and stat.S_ISCHR(null.stat().st_mode)


def test_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        with pytest.raises(OutputFileError, match="socket"):
            check_writable(path)
        with pytest.raises(OutputFileError, match="socket"):
            atomic_write(path, "x")
        assert stat.S_ISSOCK(path.lstat().st_mode)


# Standard output by name. Never the real /dev/stdout here: a regression would replace the
# machine's /dev/stdout by a file. /proc/self/fd/1 cannot be replaced (no file can be made
# in /proc), and a link in tmp_path to it is what /dev/stdout is.
def _stdout_names(tmp_path: Path) -> dict[str, str]:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("no /proc/self/fd here")
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    return {"/proc/self/fd/1": "/proc/self/fd/1", "link to /proc/self/fd/1": str(link)}


@pytest.mark.parametrize("which", ["/proc/self/fd/1", "link to /proc/self/fd/1"])
def test_stdout_by_name_into_a_file_is_written_directly(doc, tmp_path, which):
    """Standard output by name writes to what it is (here a file the caller opened, which
    must keep its inode and what it held), never replacing the link or the file behind it."""
    name = _stdout_names(tmp_path)[which]
    out = tmp_path / "out.md"
    with open(out, "ab") as fh:
        fh.write(b"before\n")
        fh.flush()
        proc = subprocess.run([sys.executable, "-m", "ocr_repair", "convert", str(doc), "-o", name],
                              stdout=fh, stderr=subprocess.PIPE, timeout=120)
        ino = os.fstat(fh.fileno()).st_ino
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert out.stat().st_ino == ino  # the same file, not a renamed new one
    assert out.read_text(encoding="utf-8") == "before\n" + convert(doc).stdout
    assert (tmp_path / "stdout").is_symlink()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("which", ["/proc/self/fd/1", "link to /proc/self/fd/1"])
def test_stdout_by_name_into_a_pipe(doc, tmp_path, which):
    name = _stdout_names(tmp_path)[which]
    proc = subprocess.run([sys.executable, "-m", "ocr_repair", "convert", str(doc), "-o", name],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == convert(doc).stdout
    assert (tmp_path / "stdout").is_symlink()


# --------------------------------------------------------------------------- an output that is an input


@pytest.mark.parametrize("how", ["same path", "other spelling", "symlink", "hard link"])
@pytest.mark.parametrize("option", ["-o", "--explain-json"])
def test_output_naming_an_input_is_refused(doc, tmp_path, how, option):
    before = doc.read_bytes()
    if how == "same path":
        target = doc
    elif how == "other spelling":
        target = tmp_path / "." / "doc.txt"
    elif how == "symlink":
        target = tmp_path / "link.md"
        target.symlink_to(doc)
    else:
        target = tmp_path / "hard.md"
        os.link(doc, target)
    args = [doc, option, target] + (["-o", tmp_path / "doc.md"] if option != "-o" else [])
    result = convert(*args)
    assert result.exit_code == ExitCode.usage, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("ocr-repair: error: ") and "input" in line and str(target) in line
    assert result.stdout == ""
    assert doc.read_bytes() == before
    assert not (tmp_path / "doc.md").exists()


def test_output_naming_an_input_among_several(doc, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(OCR, encoding="utf-8")
    result = convert(other, doc, "-o", doc)
    assert result.exit_code == ExitCode.usage
    assert doc.read_text(encoding="utf-8") == OCR


def test_markdown_and_json_to_one_file_is_refused(doc, tmp_path):
    out = tmp_path / "out.md"
    result = convert(doc, "-o", out, "--explain-json", tmp_path / "." / "out.md")
    assert result.exit_code == ExitCode.usage
    assert len(result.stderr.splitlines()) == 1 and "same file" in result.stderr
    assert not out.exists()


# --------------------------------------------------------------------------- batch


def test_batch_outputs_keep_links_and_devices(tmp_path):
    from ocr_repair.batch import Options, run_batch
    from ocr_repair.config import Config

    src, dest, real = tmp_path / "src", tmp_path / "dest", tmp_path / "real"
    for folder in (src, dest, real):
        folder.mkdir()
    (src / "a.txt").write_text(OCR, encoding="utf-8")
    (src / "b.txt").write_text(OCR, encoding="utf-8")
    (dest / "a.md").symlink_to(real / "a.md")
    null = _null_device(tmp_path)
    (dest / "b.md").symlink_to(null)
    code = run_batch(Options(src=src, dest=dest, config=Config(), executor="inline"))
    assert code == 0
    assert (dest / "a.md").is_symlink() and (dest / "b.md").is_symlink()
    assert "Staatssekretär" in (real / "a.md").read_text(encoding="utf-8")
    assert stat.S_ISCHR(null.stat().st_mode)
