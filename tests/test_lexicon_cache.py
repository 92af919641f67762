"""The lexicon's unpacked cache files: unpacking a new lexicon removes those of other
lexicons and format versions (best effort), and a cache hit never lists the folder."""

from __future__ import annotations

import glob
import gzip
import os
import time
from pathlib import Path

import pytest

from ocr_repair import lexicon

#: a tiny lexicon, sorted as the real one is: ``word<TAB>zipf×100<TAB>flags``
LINES = "Bürger\t450\t\nGröße\t480\t\nMaßnahme\t420\t\n"
HOUR = 3600
WEEK = 7 * 24 * HOUR


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder for this test (``$OCR_REPAIR_CACHE``)."""
    monkeypatch.setenv("OCR_REPAIR_CACHE", str(tmp_path / "cache"))
    folder = lexicon.cache_dir()
    assert folder.is_relative_to(tmp_path)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def packed(tmp_path) -> Path:
    """The tiny lexicon gzipped, as ``dictionaries/de-lexicon.tsv.gz`` is."""
    path = tmp_path / "de-lexicon.tsv.gz"
    path.write_bytes(gzip.compress(LINES.encode("utf-8"), mtime=0))
    return path


def _touch(path: Path, age: float = 0) -> Path:
    path.write_text("old\n", encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def _no_listing(monkeypatch) -> None:
    """Every way of listing a folder fails the test."""

    def listing(*args, **kwargs):
        raise AssertionError("the cache folder was listed")

    monkeypatch.setattr(os, "scandir", listing)
    monkeypatch.setattr(os, "listdir", listing)
    monkeypatch.setattr(Path, "iterdir", listing)
    monkeypatch.setattr(Path, "glob", listing)
    monkeypatch.setattr(Path, "rglob", listing)
    monkeypatch.setattr(glob, "glob", listing)
    monkeypatch.setattr(glob, "iglob", listing)


def test_unpacking_removes_other_lexicons_and_old_temporary_files(cache, packed):
    other_key = _touch(cache / "lexicon-v1-0123456789abcdef.tsv", age=WEEK + HOUR)
    other_version = _touch(cache / "lexicon-v0-fedcba9876543210.tsv", age=WEEK + HOUR)
    other_install = _touch(cache / "lexicon-v1-00112233aabbccdd.tsv", age=6 * 24 * HOUR)
    dead_unpacking = _touch(cache / "lexicon-v1-0123456789abcdef.tmp4242", age=2 * HOUR)
    running_unpacking = _touch(cache / "lexicon-v1-0123456789abcdef.tmp4343", age=60)
    others = [_touch(cache / name) for name in ("notes.txt", "lexicon-v1-mine.tsv.bak",
                                                "symspell-v1-lexicon-v1-0123456789abcdef-d1-p7-z350.pickle")]

    current = lexicon._unpacked(packed)

    assert current.parent == cache and current.read_text(encoding="utf-8") == LINES
    assert not other_key.exists() and not other_version.exists() and not dead_unpacking.exists()
    assert running_unpacking.exists()  # perhaps another process's unpacking, right now
    assert other_install.exists()  # used this week: perhaps another install's lexicon
    assert all(p.exists() for p in others)  # not ours to remove
    assert lexicon.Lexicon(packed).freq("Größe") == 480


def test_new_format_version_removes_the_old_file_of_the_same_lexicon(cache, packed, monkeypatch):
    old = lexicon._unpacked(packed)
    then = time.time() - WEEK - HOUR
    os.utime(old, (then, then))  # last used over a week ago
    monkeypatch.setattr(lexicon, "FORMAT_VERSION", lexicon.FORMAT_VERSION + 1)
    new = lexicon._unpacked(packed)
    assert new != old and new.exists() and not old.exists()


def test_cache_hit_does_not_list_the_folder(cache, packed, monkeypatch):
    current = lexicon._unpacked(packed)
    stale = _touch(cache / "lexicon-v1-0123456789abcdef.tsv", age=WEEK + HOUR)
    _no_listing(monkeypatch)
    assert lexicon._unpacked(packed) == current
    assert lexicon.Lexicon(packed).freq("Maßnahme") == 420
    assert stale.exists()  # only an unpacking cleans up


def _refuse(*args, **kwargs):
    raise PermissionError(13, "Permission denied")


def test_a_file_that_cannot_be_removed_stays(cache, packed, monkeypatch):
    stale = _touch(cache / "lexicon-v1-0123456789abcdef.tsv", age=WEEK + HOUR)
    monkeypatch.setattr(os, "unlink", _refuse)
    assert lexicon._unpacked(packed).exists()
    assert stale.exists()


def test_a_folder_that_cannot_be_listed_is_no_error(cache, packed, monkeypatch):
    stale = _touch(cache / "lexicon-v1-0123456789abcdef.tsv", age=WEEK + HOUR)
    monkeypatch.setattr(os, "scandir", _refuse)
    assert lexicon._unpacked(packed).exists()
    assert stale.exists()
