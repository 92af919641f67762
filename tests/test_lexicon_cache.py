"""The lexicon's unpacked cache files: unpacking a new lexicon removes those of other
lexicons and format versions (best effort), and a cache hit never lists the folder. The
same for residue's indexes: writing a new word list removes those of other lexicons and
settings (and the symspellpy pickles earlier versions wrote)."""

from __future__ import annotations

import glob
import gzip
import os
import pickle
import time
from pathlib import Path

import pytest

from ocr_repair import lexicon, residue

#: a tiny lexicon, sorted as the real one is: ``word<TAB>zipf×100<TAB>flags``
LINES = "Bürger\t450\t\nGröße\t480\t\nMaßnahme\t420\t\nverpflichtet\t450\t\n"
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


# -- residue's indexes (symspell pickles before) -------------------------------------------------------

#: a pickle of another lexicon and one of other settings, as ``residue`` names them
OTHER_LEXICON = "symspell-v1-lexicon-v1-0123456789abcdef-d1-p7-z350.pickle"
OTHER_SETTINGS = "symspell-v1-{stem}-d2-p7-z300.pickle"


@pytest.fixture
def lex(cache, packed, monkeypatch) -> lexicon.Lexicon:
    """The tiny lexicon, unpacked into the cache; no index in memory yet."""
    monkeypatch.setattr(residue, "_INDEXES", {})
    return lexicon.Lexicon(packed)


def _fresh_process(monkeypatch) -> None:
    """Forget the indexes in memory, as a new process would."""
    monkeypatch.setattr(residue, "_INDEXES", {})


def test_writing_an_index_removes_other_indexes_and_old_temporary_files(cache, lex):
    stem = lex.path.stem
    other_lexicon = _touch(cache / OTHER_LEXICON, age=WEEK + HOUR)
    other_settings = _touch(cache / OTHER_SETTINGS.format(stem=stem), age=WEEK + HOUR)
    other_version = _touch(cache / f"symspell-v0-{stem}-d1-p7-z350.pickle", age=WEEK + HOUR)
    other_install = _touch(cache / "symspell-v1-my words.v2-d1-p7-z350.pickle", age=6 * 24 * HOUR)
    dead_writing = _touch(cache / "symspell-v1-lexicon-v1-0123456789abcdef-d1-p7-z350.tmp4242", age=2 * HOUR)
    running_writing = _touch(cache / "symspell-v1-lexicon-v1-0123456789abcdef-d1-p7-z350.tmp4343", age=60)
    others = [_touch(cache / name, age=WEEK + HOUR)
              for name in ("notes.txt", "symspell-v1-mine.pickle.bak", "symspell.pickle")]

    assert residue.suggest(lex, "verpfichtet") == "verpflichtet"

    current = residue._cache_file(lex)
    assert current.parent == cache and current.exists()
    assert not any(p.exists() for p in (other_lexicon, other_settings, other_version, dead_writing))
    assert running_writing.exists()  # perhaps another process's writing, right now
    assert other_install.exists()  # used this week: perhaps another install's index
    assert lex.path.exists() and all(p.exists() for p in others)  # not residue's to remove


def test_an_index_cache_hit_does_not_list_the_folder(cache, lex, monkeypatch):
    residue.suggest(lex, "verpfichtet")
    stale = _touch(cache / OTHER_LEXICON, age=WEEK + HOUR)
    _fresh_process(monkeypatch)
    _no_listing(monkeypatch)
    monkeypatch.setattr(residue, "_build", _refuse)  # read from the pickle, not rebuilt
    assert residue.suggest(lex, "verpfichtet") == "verpflichtet"
    assert stale.exists()  # only a writing cleans up


@pytest.mark.parametrize("content", [b"", b"not gzip", gzip.compress(b"not a pickle"),
                                     gzip.compress(pickle.dumps({"data_version": -1}))],
                         ids=["empty", "not-gzip", "not-a-pickle", "other-symspellpy"])
def test_a_bad_index_is_rebuilt_and_replaced(cache, lex, monkeypatch, content):
    residue._cache_file(lex).write_bytes(content)
    assert residue.suggest(lex, "verpfichtet") == "verpflichtet"
    _fresh_process(monkeypatch)
    monkeypatch.setattr(residue, "_build", _refuse)
    assert residue.suggest(lex, "verpfichtet") == "verpflichtet"  # the pickle was rewritten


@pytest.mark.parametrize("refused", ["unlink", "scandir"])
def test_an_index_that_cannot_be_removed_stays(cache, lex, monkeypatch, refused):
    stale = _touch(cache / OTHER_LEXICON, age=WEEK + HOUR)
    monkeypatch.setattr(os, refused, _refuse)
    assert residue.suggest(lex, "verpfichtet") == "verpflichtet"
    assert residue._cache_file(lex).exists() and stale.exists()


def test_an_index_that_cannot_be_written_is_no_error(cache, lex, monkeypatch):
    stale = _touch(cache / OTHER_LEXICON, age=WEEK + HOUR)
    monkeypatch.setattr(os, "replace", _refuse)
    assert residue.suggest(lex, "verpfichtet") == "verpflichtet"
    assert not residue._cache_file(lex).exists()
    # no temporary file left (the lexicon's word filter was written with the lexicon)
    assert sorted(p.name for p in cache.iterdir()) == sorted([lex.path.name, lex.path.with_suffix(".bloom").name,
                                                              stale.name])


# -- the word filter beside the unpacked lexicon ---------------------------------------------------


def test_the_word_filter_is_written_once_and_answers_as_the_map_does(cache, packed, monkeypatch):
    lex = lexicon.Lexicon(packed)
    bloom = lex.path.with_suffix(".bloom")
    assert lex._filter is not None and bloom.stat().st_size == lexicon.FILTER_BITS // 8
    plain = lexicon.Lexicon(packed)
    plain._filter = None  # the search of the map alone
    words = ["Bürger", "Größe", "Maßnahme", "verpflichtet", "bürger", "Grösse", "Maßnahmen", "xyz",
             "Bürger\t450", "", "Größe\n"]
    assert [lex._entry(w) for w in words] == [plain._entry(w) for w in words]
    assert [lex.freq(w) for w in words] == [plain.freq(w) for w in words]
    monkeypatch.setattr(lexicon, "_filter_bits", _refuse)  # read, not rebuilt
    assert lexicon.Lexicon(packed)._filter is not None


def test_a_lexicon_without_a_filter_still_answers(cache, packed, monkeypatch):
    lexicon._unpacked(packed)
    monkeypatch.setattr(os, "replace", _refuse)  # the filter cannot be written
    lex = lexicon.Lexicon(packed)
    assert lex._filter is None and lex.freq("Größe") == 480 and lex.freq("Grösse") is None
    assert not [p for p in cache.iterdir() if ".tmp" in p.name]  # no temporary file left


def test_a_filter_of_another_size_is_not_read(cache, packed):
    lex = lexicon.Lexicon(packed)
    lex.path.with_suffix(".bloom").write_bytes(b"\0" * 16)
    other = lexicon.Lexicon(packed)
    assert other._filter is None and other.freq("Maßnahme") == 420


def test_a_stale_filter_goes_with_its_lexicon(cache, packed):
    old = _touch(cache / "lexicon-v1-0123456789abcdef.bloom", age=WEEK + HOUR)
    dead = _touch(cache / "lexicon-v1-0123456789abcdef.bloom.tmp4242", age=2 * HOUR)
    lexicon._unpacked(packed)
    assert not old.exists() and not dead.exists()
