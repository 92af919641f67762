"""The generic residue: unknown words that no OCR confusion explains, one edit away from a
common word ("verpfichtet" → "verpflichtet").

Such a reading is only ever *flagged* (confidence 0.5, below the default threshold): a
plain spelling corrector "fixes" names and rare words (the development corpus measured
symspellpy alone at ~345 broken words per 10,000). The index is the lexicon's common
lower-case words only (about 8,000): a set, in which every string one edit away from the
word (a letter deleted, inserted, replaced, or two neighbours swapped: the optimal string
alignment distance 1 symspellpy's ``lookup`` uses) is looked up; that finds what
symspellpy found, without importing it or loading its pickled index at each start.

The words are taken from the lexicon once per lexicon and settings (a full scan) and
cached as a plain list keyed by both, so a start costs one read of ~80 KB. Writing a new
list removes those of other lexicons and settings (and the symspellpy pickles of earlier
versions) that have not been used for a week, as the lexicon's cache does.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .lexicon import Lexicon, cache_dir, remove_stale_cache_files

CACHE_VERSION = 2
MAX_EDIT = 1
MIN_ZIPF = 350  #: Zipf×100: words at least this common are suggested
MIN_LENGTH = 6
#: the first line of a cached list; its last line is ``END <count>`` (a torn file is rebuilt)
_HEADER = f"ocr-repair residue words v{CACHE_VERSION}"

#: the cached lists (``residue-v2-<lexicon>-z350-l5.txt``), symspellpy indexes of earlier
#: versions (``symspell-v1-<lexicon>-d1-p7-z350.pickle``) and the temporary files they are
#: written as (``….tmp<pid>``), of any version, lexicon and settings
_CACHE_FILE = (r"(?:residue-v\d+-.+-z\d+-l\d+\.(?:txt|tmp\d+)"
               r"|symspell-v\d+-.+-d\d+-p\d+-z\d+\.(?:pickle|tmp\d+))")


#: look-ups answered by trying every neighbour (~0.15 ms each) before the index builds
#: its map of deletions (~25 ms once, then ~0.01 ms a look-up): a page never pays for it,
#: a book does at once
GENERATED_LOOKUPS = 200


class Index:
    """The common words and their alphabet; after :data:`GENERATED_LOOKUPS` look-ups also
    a map from each word with one letter deleted to the words it comes from."""

    def __init__(self, words):
        self.words = frozenset(words)
        self.alphabet = "".join(sorted(set("".join(self.words))))
        self.lookups = 0
        self._deletes: dict[str, list[str]] | None = None

    def near(self, word: str) -> list[str]:
        """The words one edit from ``word`` (not itself), at most two of them: the first two
        in sorted order, whichever way they are looked up (the answer must not depend on how
        many look-ups this process made before, nor on the order of a set)."""
        self.lookups += 1
        if self._deletes is None and self.lookups <= GENERATED_LOOKUPS:
            return sorted({cand for cand in neighbours(word, self.alphabet)
                           if cand in self.words and cand != word})[:2]
        if self._deletes is None:
            self._deletes = _deletes_map(self.words)
        deletes = self._deletes
        found = {c for c in {word[:i] + word[i + 1:] for i in range(len(word))} if c in self.words}
        for key in {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}:
            for cand in deletes.get(key, ()):
                if cand != word and _one_edit(word, cand):
                    found.add(cand)
        found.discard(word)
        return sorted(found)[:2]


def _deletes_map(words) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for w in words:
        for key in {w[:i] + w[i + 1:] for i in range(len(w))}:
            out.setdefault(key, []).append(w)
    return out


def _one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by one deletion, insertion, replacement, or a swap of
    two neighbours."""
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) < len(b):
        a, b = b, a
    if len(a) != len(b) + 1:
        return False
    i = 0
    while i < len(b) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i:]


_INDEXES: dict[Path, Index] = {}


def _index(lexicon: Lexicon) -> Index:
    """The index for ``lexicon``: from memory, else from the cached list, else built
    (and cached)."""
    key = lexicon.path
    if key in _INDEXES:
        return _INDEXES[key]
    cache = _cache_file(lexicon)
    index = _load(cache)  # a cache hit costs one read: no listing of the folder
    if index is None:
        index = _build(lexicon)
        _save(index, cache)
    _INDEXES[key] = index
    return index


def _cache_file(lexicon: Lexicon) -> Path:
    """The cached list for ``lexicon`` and the current settings."""
    name = f"residue-v{CACHE_VERSION}-{lexicon.path.stem}-z{MIN_ZIPF}-l{MIN_LENGTH - 1}.txt"
    return cache_dir() / name


def _load(cache: Path) -> Index | None:
    """The index listed in ``cache``, or None: missing, damaged or torn."""
    try:
        lines = cache.read_bytes().decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if len(lines) < 3 or lines[0] != _HEADER or lines[-1] != "" or lines[-2] != f"END {len(lines) - 3}":
        return None
    return Index(lines[1:-2])


def _build(lexicon: Lexicon) -> Index:
    """A fresh index of the lexicon's common lower-case words."""
    return Index(word for word, freq, flags in lexicon.entries()
                 if freq >= MIN_ZIPF and not flags and word.islower() and len(word) >= MIN_LENGTH - 1)


def _save(index: Index, cache: Path) -> None:
    """Best effort: write ``index`` to ``cache`` atomically, then remove the other lists
    (and old pickles) unused for a week and temporary files left an hour or more. A
    read-only cache only costs the rebuild next time."""
    tmp = cache.with_suffix(f".tmp{os.getpid()}")
    words = sorted(index.words)
    text = "\n".join([_HEADER, *words, f"END {len(words)}", ""])
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(text.encode("utf-8"))
        os.replace(tmp, cache)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return
    remove_stale_cache_files(cache, _CACHE_FILE)


def neighbours(word: str, alphabet: str):
    """Every string one edit from ``word`` (optimal string alignment distance 1: delete,
    swap two neighbours, replace or insert one letter of ``alphabet``); may repeat."""
    n = len(word)
    for i in range(n):
        head, tail = word[:i], word[i + 1:]
        yield head + tail
        if tail:
            yield head + tail[0] + word[i] + tail[1:]
        for c in alphabet:
            yield head + c + tail
    for i in range(n + 1):
        head, tail = word[:i], word[i:]
        for c in alphabet:
            yield head + c + tail


def suggest(lexicon: Lexicon, word: str) -> str | None:
    """The one common word a single edit away from ``word`` (lower-case words only), or None."""
    if len(word) < MIN_LENGTH or not word.isalpha() or not word.islower():
        return None
    index = _index(lexicon)
    if word in index.words:
        return None
    found = index.near(word)
    return found[0] if len(found) == 1 else None  # none, or several as close: nothing to say


def near_words(lexicon: Lexicon, word: str) -> list[str]:
    """The common lower-case words one edit from ``word`` (at most two), as :func:`suggest`
    sees them: the rivals of a reading one edit away."""
    if len(word) < MIN_LENGTH - 1:
        return []
    return _index(lexicon).near(word)
