"""The German lexicon at run time: a sorted, memory-mapped word list with frequencies.

The build (``dictionaries/build_lexicon.py``) writes ``dictionaries/de-lexicon.tsv.gz``:
sorted UTF-8 lines ``word<TAB>zipf*100<TAB>flags``. On first use it is unpacked once into
a versioned cache file (keyed by the lexicon's own checksum, as symspellpy keys its cache
by settings) and memory-mapped: start-up costs no parse, and a lookup is a binary search.
Unpacking a new one removes the cache files of other lexicons and format versions that
have not been used for a week.

Beside the cache file a filter of its words is written once (``lexicon-v1-<key>.bloom``,
:func:`word_filter`): a bit per CRC-32 of each word, so that the look-up of a string that
is no word (most of those the engine asks: compound parts, confusion readings) costs no
search of the map; it never changes an answer, only which look-ups search.

Flags: ``i`` the entry came from a frequency list without case information (any case
matches); ``c`` a stem that only begins compounds ("Förder-"), not a word of its own.
"""

from __future__ import annotations

import bisect
import itertools
import mmap
import os
import re
import time
from functools import lru_cache
from pathlib import Path
from zlib import crc32

FORMAT_VERSION = 1
_BLOCK = 4096
LEXICON_NAME = "de-lexicon.tsv.gz"

#: the unpacked cache files (``lexicon-v1-<key>.tsv``) and the temporary files they are
#: written as (``lexicon-v1-<key>.tmp<pid>``), of any format version and key (a pattern,
#: compiled only when an unpacking needs it)
_CACHE_FILE = r"lexicon-v\d+-[0-9A-Za-z]+\.(?:tsv|bloom|(?:bloom\.)?tmp\d+)"
#: the end of a temporary file's name (``.tmp<pid>``), whatever the cache file it becomes
_TMP_SUFFIX = r"\.tmp\d+\Z"
#: a temporary file younger than this may be another process's unpacking: it is left alone
STALE_TMP_SECONDS = 3600
#: another lexicon's file younger than this (unpacked or read: mtime or atime) may belong
#: to another install sharing the cache: it stays, so two installs do not evict each
#: other's file at every start; at worst one re-unpacks (under a second) once a week
STALE_CACHE_SECONDS = 7 * 24 * 3600

#: the filter of the unpacked lexicon's words (:func:`word_filter`): one bit per CRC-32 of
#: a word (its low 25 bits), 4 MiB beside the cache file (``lexicon-v1-<key>.bloom``); a
#: word whose bit is clear is in no line of the lexicon, so most look-ups of strings that
#: are no words (~9 in 10: compound parts, confusion readings) cost no search of the map;
#: of the others ~2 % find nothing
FILTER_BITS = 1 << 25
_FILTER_MASK = FILTER_BITS - 1


def cache_dir() -> Path:
    base = os.environ.get("OCR_REPAIR_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "ocr-repair" if base else Path.home() / ".cache" / "ocr-repair"


def data_file(name: str) -> Path:
    """A data file shipped in the package ``ocr_repair.dictionaries``: beside its
    ``__init__.py`` (found without importlib.resources, which costs a check's start ~10 ms
    of imports: zipfile, tempfile, shutil, ...), else where importlib.resources says (an
    install in a zip file). Every module reads its word lists and models through this."""
    from . import dictionaries

    path = Path(dictionaries.__file__).parent / name
    if path.is_file():
        return path
    from importlib import resources

    return Path(str(resources.files("ocr_repair.dictionaries") / name))


def bundled_lexicon() -> Path:
    """The lexicon shipped in the package (:func:`data_file`)."""
    return data_file(LEXICON_NAME)


def _unpacked(path: Path) -> Path:
    """The plain sorted file for ``path`` (a .gz), unpacked once into the cache."""
    return unpacked_once(path, f"lexicon-v{FORMAT_VERSION}", _CACHE_FILE)


def unpacked_once(path: Path, stem: str, stale: str) -> Path:
    """The plain file for ``path`` (a .gz) in the cache as ``<stem>-<key>.tsv``, unpacked on
    first use; other files matching ``stale`` that were not used for a week are removed then.
    The lexicon and the context model (:mod:`ocr_repair.context`) are unpacked this way."""
    if path.suffix != ".gz":
        return path
    # a gzip file ends in the CRC-32 and length of its content: a key for the cache that
    # costs 8 bytes of reading at start-up, not a hash of the whole file
    with open(path, "rb") as fh:
        fh.seek(-8, os.SEEK_END)
        key = fh.read(8).hex()
    target = cache_dir() / f"{stem}-{key}.tsv"
    if not target.exists():  # a cache hit costs one stat: no listing of the folder
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        import gzip  # only to unpack: not at every start

        tmp.write_bytes(gzip.decompress(path.read_bytes()))
        os.replace(tmp, target)
        remove_stale_cache_files(target, stale)
    return target


def word_filter(plain: Path) -> mmap.mmap | None:
    """The filter of the words of ``plain`` (an unpacked lexicon in the cache): a bit array
    with the bit ``crc32(word) & (FILTER_BITS - 1)`` set for every line's word, memory-mapped
    from ``<plain's stem>.bloom``, written (atomically) on first use. None where ``plain`` is
    no cache file (a lexicon given as a plain file) or the filter cannot be written or read:
    the look-ups are then the map's search alone (the same answers)."""
    if plain.suffix != ".tsv" or plain.parent != cache_dir():
        return None
    target = plain.with_suffix(".bloom")
    try:
        if not target.exists():
            tmp = target.with_name(f"{target.name}.tmp{os.getpid()}")
            try:
                tmp.write_bytes(_filter_bits(plain))
                os.replace(tmp, target)
            finally:
                if tmp.exists():
                    tmp.unlink()
        with open(target, "rb") as fh:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    if len(mm) != FILTER_BITS // 8:
        mm.close()
        return None  # another size: not this version's filter, read as none
    return mm


def _filter_bits(plain: Path) -> bytearray:
    """The bits of :func:`word_filter` for the lexicon file ``plain``."""
    bits = bytearray(FILTER_BITS // 8)
    with open(plain, "rb") as fh:
        data = fh.read()
    for line in data.split(b"\n"):
        if line:
            h = crc32(line[: line.find(b"\t")]) & _FILTER_MASK
            bits[h >> 3] |= 1 << (h & 7)
    return bits


def remove_stale_cache_files(current: Path, pattern: str = _CACHE_FILE) -> None:
    """Best effort: delete the other cache files beside ``current`` whose names match
    ``pattern`` (the lexicon's: another key or format version) when unused for a week, and
    temporary files of those names an hour old or more (a writing that died). Nothing ever
    fails here: a file that cannot go stays. Another process may still have an old file
    memory-mapped; on POSIX that is safe, as unlinking only removes the name (Windows
    refuses, and the file stays until a later unpacking)."""
    try:
        entries = list(os.scandir(current.parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if entry.name == current.name or not re.fullmatch(pattern, entry.name):
            continue
        try:
            if _is_stale(entry, now):
                os.unlink(entry.path)
        except OSError:
            pass


def _is_stale(entry: os.DirEntry, now: float) -> bool:
    """A cache file unused for a week, or a temporary file (``.tmp<pid>``) left an hour or
    more."""
    st = entry.stat(follow_symlinks=False)
    if re.search(_TMP_SUFFIX, entry.name):
        return now - st.st_mtime >= STALE_TMP_SECONDS
    return now - max(st.st_mtime, st.st_atime) >= STALE_CACHE_SECONDS


#: entries each of the lexicon's answer caches keeps; past it, the older half is dropped,
#: so that a book-length text does not grow memory without bound (the engine looks up
#: ~7 new strings per word of a text: words, candidate readings, compound parts)
CACHE_LIMIT = 100_000


def _remember(cache: dict, key, value):
    """``cache[key] = value``, dropping the older half of ``cache`` when it is full."""
    if len(cache) >= CACHE_LIMIT:
        for old in list(itertools.islice(cache, len(cache) // 2)):
            del cache[old]
    cache[key] = value
    return value


class Lexicon:
    """Sorted word list with frequencies; ``freq(word)`` is None for unknown words."""

    def __init__(self, path: Path | None = None, extra_words: set[str] | frozenset[str] = frozenset()):
        plain = _unpacked(Path(path) if path else bundled_lexicon())
        self.path = plain
        with open(plain, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self._size = len(self._mm)
        #: the words' filter (:func:`word_filter`), None without one
        self._filter = word_filter(plain)
        self.extra = set(extra_words)
        self._extra_lower = {w.lower() for w in self.extra}
        self._cache: dict[str, tuple[int, str] | None] = {}
        #: answers of :meth:`freq` and :meth:`noun_freq` (the engine asks the same words
        #: again and again: ~16 times per word of a text)
        self._freq: dict[str, int | None] = {}
        self._noun: dict[str, int | None] = {}
        #: answers of :func:`ocr_repair.compounds.split_compound` over this lexicon
        self.splits: dict = {}
        #: counts the calls of :meth:`add_words`: caches built over this lexicon elsewhere
        #: (:class:`ocr_repair.vocabulary.Vocabulary`) compare it to know they are stale
        self.generation = 0
        self._build_index()

    def entries(self):
        """Every (word, zipf×100, flags) of the lexicon, in order (a full scan)."""
        for line in self._mm[:].decode("utf-8").split("\n"):
            if line:
                word, freq, flags = line.split("\t")
                yield word, int(freq), flags

    def is_listed(self, word: str) -> bool:
        """True for a word from a user's word list (a name never to be judged)."""
        return word in self.extra or word.lower() in self._extra_lower

    def add_words(self, words) -> None:
        for w in words:
            self.extra.add(w)
            self._extra_lower.add(w.lower())
        self.generation += 1
        self._cache.clear()
        self._freq.clear()
        self._noun.clear()
        self.splits.clear()

    # -- look-ups: a block index over the memory map ---------------------------------
    def _build_index(self) -> None:
        """First key and start of every ~4 KiB block: a look-up is one bisect and one find."""
        keys, starts = [], []
        mm, pos = self._mm, 0
        while pos < self._size:
            start = 0 if pos == 0 else mm.find(b"\n", pos) + 1
            if (pos and start <= 0) or start >= self._size:
                break
            if not starts or start > starts[-1]:
                keys.append(mm[start : mm.find(b"\t", start)])
                starts.append(start)
            pos = start + _BLOCK
        self._keys, self._starts = keys, starts

    def _line_at(self, pos: int) -> tuple[int, int]:
        """Start and end of the line containing byte ``pos``."""
        start = self._mm.rfind(b"\n", 0, pos) + 1
        end = self._mm.find(b"\n", pos)
        return start, (self._size if end < 0 else end)

    def _entry(self, word: str) -> tuple[int, str] | None:
        hit = self._cache.get(word, False)
        if hit is not False:
            return hit
        key = word.encode("utf-8")
        bits = self._filter
        if bits is not None:
            h = crc32(key) & _FILTER_MASK
            if not bits[h >> 3] >> (h & 7) & 1 and b"\t" not in key and b"\n" not in key:
                return None  # in no line of the lexicon (a tab or line break is searched)
        i = bisect.bisect_right(self._keys, key) - 1
        result = None
        if i >= 0:
            # searched in place in the map: no copy of the block
            mm, start = self._mm, self._starts[i]
            end = self._starts[i + 1] if i + 1 < len(self._starts) else self._size
            needle = key + b"\t"
            if self._keys[i] == key:
                pos = start
            else:
                pos = mm.find(b"\n" + needle, start, end)
                pos = pos + 1 if pos >= 0 else -1
            if pos >= 0:
                stop = mm.find(b"\n", pos, end)
                fields = mm[pos + len(needle) : stop if stop >= 0 else end].split(b"\t")
                result = (int(fields[0]), fields[1].decode() if len(fields) > 1 else "")
        return _remember(self._cache, word, result)

    def has_prefix(self, prefix: str) -> bool:
        key = prefix.encode("utf-8")
        lo, hi = 0, self._size
        while lo < hi:
            mid = (lo + hi) // 2
            start, end = self._line_at(mid)
            w = self._mm[start:end]
            if w.startswith(key):
                return True
            if w < key:
                lo = end + 1
            else:
                hi = start
        return False

    def has_hyphen_prefix(self, part: str) -> bool:
        """True if a known hyphenated name begins with ``part-`` ("Nordrhein-Westfalen")."""
        return len(part) > 2 and any(self.has_prefix(f + "-") for f in {part, part[:1].upper() + part[1:]})

    # -- public lookups ---------------------------------------------------------------
    def freq(self, word: str) -> int | None:
        """Zipf frequency ×100 of ``word`` exactly as written (case matters), else None.

        Entries without case information match in any case.
        """
        cache = self._freq
        f = cache.get(word, False)
        if f is False:
            f = self._lookup_freq(word)
            if f is None and self._filter is not None:
                return f  # most strings asked are no words: the filter answers them again
            if len(cache) >= CACHE_LIMIT:
                _remember(cache, word, f)
            else:
                cache[word] = f
        return f

    def _lookup_freq(self, word: str) -> int | None:
        if word in self.extra:
            return 300
        bits = self._filter
        if bits is not None:
            key = word.encode("utf-8")
            h = crc32(key) & _FILTER_MASK
            if not bits[h >> 3] >> (h & 7) & 1 and b"\t" not in key and b"\n" not in key:
                # no line of the word as written (what ``_entry`` answers): only its
                # small letters may be known, from the caseless list
                low = word.lower()
                if low in self._extra_lower:
                    return 300
                if low == word or not _plain_case(word):
                    return None
                e = self._entry(low)
                return e[0] if e is not None and "i" in e[1] else None
        e = self._entry(word)
        if e is not None and "c" not in e[1]:
            return e[0]
        low = word.lower()
        if low in self._extra_lower:
            return 300
        if low != word and _plain_case(word):
            e = self._entry(low)
            if e is not None and "i" in e[1]:
                return e[0]
        return None

    def noun_freq(self, word: str) -> int | None:
        """Frequency of a capitalised word, also as the dative plural igerman98 lacks:
        "Angeboten" counts when "Angebote" is a known noun."""
        f = self._noun.get(word, False)
        if f is False:
            f = _remember(self._noun, word, self._lookup_noun_freq(word))
        return f

    def _lookup_noun_freq(self, word: str) -> int | None:
        f = self.freq(word)
        if f is not None or not word[:1].isupper() or not word.endswith(("en", "ln", "rn")):
            return f
        base = word[:-1]
        f = self.freq(base)
        if f is not None and len(base) >= 4 and not self.is_caseless(base):
            return f - 50
        return None

    def is_caseless(self, word: str) -> bool:
        """True if ``word`` is known only from the caseless frequency list."""
        if word in self.extra or self._entry(word) is not None and "i" not in self._entry(word)[1]:
            return False
        e = self._entry(word.lower())
        return e is not None and "i" in e[1]

    def part_freq(self, word: str) -> int | None:
        """Like :meth:`freq`, but compound-only stems ("Förder") count too."""
        f = self.freq(word)
        if f is None:
            e = self._entry(word)
            if e is not None:
                return e[0]
        return f

    def __contains__(self, word: str) -> bool:
        return self.freq(word) is not None

    def freq_any_case(self, word: str) -> int | None:
        """Frequency of the word as written, lowercased or capitalised, whichever is known."""
        best = None
        for form in {word, word.lower(), word[:1].upper() + word[1:].lower()}:
            f = self.freq(form)
            if f is not None and (best is None or f > best):
                best = f
        return best


def _plain_case(word: str) -> bool:
    """lower, Capitalised or ALL CAPS: the shapes a caseless entry may match ("auBerhalb" is none)."""
    rest = word[1:]
    return rest.islower() or word.isupper() or not any(c.isalpha() for c in rest)


@lru_cache(maxsize=4)
def load(path: str | None = None, words: tuple[str, ...] = ()) -> Lexicon:
    """The shared lexicon, with user word lists (files) added."""
    lex = Lexicon(Path(path) if path else None)
    for f in words:
        lex.add_words(read_word_list(Path(f)))
    return lex


def read_word_list(path: Path) -> list[str]:
    """One word per line; blank lines and ``#`` comments are skipped."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out
