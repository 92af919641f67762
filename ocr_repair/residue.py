"""The generic residue: unknown words that no OCR confusion explains, one edit away from a
common word ("verpfichtet" → "verpflichtet"), found with symspellpy.

Such a reading is only ever *flagged* (confidence 0.5, below the default threshold): a
plain spelling corrector "fixes" names and rare words (the development corpus measured
symspellpy alone at ~345 broken words per 10,000). The index covers the lexicon's common
lower-case words only, and is built once per lexicon and settings, then cached as a
pickle keyed by both (as symspellpy's own examples do), so it costs a fraction of a
second at first use and nothing at start-up. Writing a new pickle removes those of other
lexicons and settings that have not been used for a week (as the lexicon's cache does).
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from .lexicon import Lexicon, remove_stale_cache_files, cache_dir

if TYPE_CHECKING:
    from symspellpy import SymSpell

CACHE_VERSION = 1
MAX_EDIT = 1
PREFIX_LENGTH = 7
MIN_ZIPF = 350  #: Zipf×100: words at least this common are suggested
MIN_LENGTH = 6

#: the cached indexes (``symspell-v1-<lexicon>-d1-p7-z350.pickle``) and the temporary
#: files they are written as (``….tmp<pid>``), of any cache version, lexicon and settings
_CACHE_FILE = r"symspell-v\d+-.+-d\d+-p\d+-z\d+\.(?:pickle|tmp\d+)"

_INDEXES: dict[Path, SymSpell] = {}


def _index(lexicon: Lexicon) -> SymSpell:
    """The index for ``lexicon``: from memory, else from the cached pickle, else built
    (and cached)."""
    key = lexicon.path
    if key in _INDEXES:
        return _INDEXES[key]
    cache = _cache_file(lexicon)
    sym = _load(cache)  # a cache hit costs one read: no listing of the folder
    if sym is None:
        sym = _build(lexicon)
        _save(sym, cache)
    _INDEXES[key] = sym
    return sym


def _cache_file(lexicon: Lexicon) -> Path:
    """The pickle for ``lexicon`` and the current settings."""
    name = f"symspell-v{CACHE_VERSION}-{lexicon.path.stem}-d{MAX_EDIT}-p{PREFIX_LENGTH}-z{MIN_ZIPF}.pickle"
    return cache_dir() / name


def _new() -> SymSpell:
    from symspellpy import SymSpell

    return SymSpell(max_dictionary_edit_distance=MAX_EDIT, prefix_length=PREFIX_LENGTH)


def _load(cache: Path) -> SymSpell | None:
    """The index pickled in ``cache``, or None: missing, damaged, or written by another
    symspellpy data version (which ``load_pickle`` reports by returning False)."""
    sym = _new()
    try:
        return sym if sym.load_pickle(cache) else None
    except (OSError, ValueError, EOFError, KeyError, TypeError, pickle.UnpicklingError):
        return None


def _build(lexicon: Lexicon) -> SymSpell:
    """A fresh index of the lexicon's common lower-case words."""
    sym = _new()
    for word, freq, flags in lexicon.entries():
        if freq >= MIN_ZIPF and not flags and word.islower() and len(word) >= MIN_LENGTH - 1:
            sym.create_dictionary_entry(word, int(10 ** (freq / 100)))
    return sym


def _save(sym: SymSpell, cache: Path) -> None:
    """Best effort: write ``sym`` to ``cache`` atomically, then remove the other indexes
    unused for a week and temporary files left an hour or more. A read-only cache only
    costs the rebuild next time."""
    tmp = cache.with_suffix(f".tmp{os.getpid()}")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        sym.save_pickle(tmp)
        os.replace(tmp, cache)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return
    remove_stale_cache_files(cache, _CACHE_FILE)


def suggest(lexicon: Lexicon, word: str) -> str | None:
    """The one common word a single edit away from ``word`` (lower-case words only), or None."""
    if len(word) < MIN_LENGTH or not word.isalpha() or not word.islower():
        return None
    from symspellpy import Verbosity

    hits = _index(lexicon).lookup(word, Verbosity.CLOSEST, max_edit_distance=MAX_EDIT)
    hits = [h for h in hits if h.term != word]
    if len(hits) != 1:
        return None  # none, or several as close: nothing to say
    return hits[0].term
