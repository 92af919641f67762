"""The generic residue: unknown words that no OCR confusion explains, one edit away from a
common word ("verpfichtet" → "verpflichtet"), found with symspellpy.

Such a reading is only ever *flagged* (confidence 0.5, below the default threshold): a
plain spelling corrector "fixes" names and rare words (the development corpus measured
symspellpy alone at ~345 broken words per 10,000). The index covers the lexicon's common
lower-case words only, and is built once per lexicon and settings, then cached as a
pickle keyed by both (as symspellpy's own examples do), so it costs a fraction of a
second at first use and nothing at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

from .lexicon import Lexicon, cache_dir

CACHE_VERSION = 1
MAX_EDIT = 1
PREFIX_LENGTH = 7
MIN_ZIPF = 350  #: Zipf×100: words at least this common are suggested
MIN_LENGTH = 6

_INDEXES: dict[Path, object] = {}


def _index(lexicon: Lexicon):
    from symspellpy import SymSpell

    key = lexicon.path
    if key in _INDEXES:
        return _INDEXES[key]
    sym = SymSpell(max_dictionary_edit_distance=MAX_EDIT, prefix_length=PREFIX_LENGTH)
    cache = cache_dir() / f"symspell-v{CACHE_VERSION}-{lexicon.path.stem}-d{MAX_EDIT}-p{PREFIX_LENGTH}-z{MIN_ZIPF}.pickle"
    try:
        sym.load_pickle(cache)
    except (OSError, ValueError, EOFError, KeyError, TypeError):
        for word, freq, flags in lexicon.entries():
            if freq >= MIN_ZIPF and not flags and word.islower() and len(word) >= MIN_LENGTH - 1:
                sym.create_dictionary_entry(word, int(10 ** (freq / 100)))
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".tmp{os.getpid()}")
            sym.save_pickle(tmp)
            os.replace(tmp, cache)
        except OSError:
            pass  # a read-only cache only costs the rebuild next time
    _INDEXES[key] = sym
    return sym


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
