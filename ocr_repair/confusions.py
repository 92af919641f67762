"""The OCR confusion model for German print: what a misread looks like, and what it stood for.

Each rule maps a *seen* string to the *meant* one with a cost (lower = more usual):
umlauts lost or split into two letters, ß read as B, 3, R or a pair of letters. The table
is data, ``dictionaries/confusions-de.tsv`` (read once through
:func:`ocr_repair.knowledge.confusions`); ``dictionaries/build_confusions.py`` counts the
confusions of the development corpora's alignments and compares its weights with it. This
module applies the table.
"""

from __future__ import annotations

import functools

from .knowledge import confusions as _table  # dictionaries/confusions-de.tsv, read once

#: (seen, meant, cost), in the order of ``dictionaries/confusions-de.tsv``
RULES: tuple[tuple[str, str, float], ...] = tuple((seen, meant, cost) for seen, meant, cost, _ in _table())


def _kind(kind: str) -> frozenset[tuple[str, str]]:
    return frozenset((seen, meant) for seen, meant, _, kinds in _table() if kind in kinds)


#: confusions of one letter for another (no umlaut, kind ``swap``): never applied to
#: capitalised words, which are often names ("Cern", "Translarna")
LETTER_SWAPS = _kind("swap")

#: letters a photocopy or fax blurs (``blur``): only into a word the lexicon knows whole, never a compound
BLURS = _kind("blur")

#: rules that apply only after a small letter (``inner``): a capital inside a small word ("kOnnen")
INNER_ONLY = _kind("inner")

#: umlauts the German model makes of a speck of noise on a plain vowel (``speck``)
SPECKS = _kind("speck")


def adds_umlaut(seen: str, meant: str) -> bool:
    """True for a rule that reads plain letters as an umlaut or ß ("u" → "ü", "ti" → "ü"):
    what a mis-set run does all the time and a correctly set one hardly ever."""
    return seen.isalpha() and seen.isascii() and any(c in "äöüÄÖÜß" for c in meant)

_BY_START: dict[str, list[tuple[str, str, float]]] = {}
for _seen, _meant, _cost in RULES:
    _BY_START.setdefault(_seen[0], []).append((_seen, _meant, _cost))

#: words whose confusion sites are kept (a text's distinct unknown words, and more)
SITES_CACHE = 50_000

#: characters that, inside a word, are themselves evidence of a misread
SUSPICIOUS = set("0123456789&|éèàáóò®¢$]")


def sites(word: str) -> list[tuple[int, int, str, float]]:
    """Every place a rule applies: (start, end, meant, cost)."""
    return list(_sites(word))


@functools.lru_cache(maxsize=SITES_CACHE)
def _sites(word: str) -> tuple[tuple[int, int, str, float], ...]:
    found = []
    seen_rules = set()
    for i, ch in enumerate(word):
        for seen, meant, cost in _BY_START.get(ch, ()):
            if (seen, meant) in INNER_ONLY and not (i and word[i - 1].islower()):
                continue
            if word.startswith(seen, i) and (i, seen, meant) not in seen_rules:
                seen_rules.add((i, seen, meant))
                found.append((i, i + len(seen), meant, cost))
    return tuple(found)


@functools.lru_cache(maxsize=SITES_CACHE)
def _chosen_sites(word: str, max_sites: int, max_cost: float | None,
                  umlauts_only: bool) -> tuple[tuple[int, int, str, float], ...]:
    """The sites :func:`candidates` combines, in order: a pure function of its arguments."""
    all_sites = list(_sites(word))
    if max_cost is not None or umlauts_only:
        all_sites = [
            s for s in all_sites
            if (max_cost is None or s[3] <= max_cost) and (not umlauts_only or adds_umlaut(word[s[0]:s[1]], s[2]))
        ]
    if len(all_sites) > max_sites:
        all_sites = sorted(all_sites, key=lambda s: s[3])[:max_sites]
        all_sites.sort()
    return tuple(all_sites)


def _combos(all_sites, n: int, max_total: float | None):
    """The non-overlapping ``n``-site combinations of ``all_sites`` whose costs add up to no
    more than ``max_total``, in the order of ``itertools.combinations`` (which this replaces:
    it enumerated every combination, overlapping ones too, and filtered them). Costs are
    never negative, so a partial sum over ``max_total`` ends a branch; the sums are added
    in the same order as before, so the same combinations pass."""
    k = len(all_sites)

    def rec(first: int, left: int, last_end: int, total: float, prefix: tuple):
        for i in range(first, k - left + 1):
            s = all_sites[i]
            if s[0] < last_end:
                continue  # overlapping the site before
            t = total + s[3]
            if max_total is not None and t > max_total:
                continue
            if left == 1:
                yield prefix + (s,)
            else:
                yield from rec(i + 1, left - 1, s[1], t, prefix + (s,))

    if n >= 1:
        yield from rec(0, n, 0, 0, ())


def candidates(word: str, max_edits: int = 3, max_sites: int = 14, max_cost: float | None = None,
               umlauts_only: bool = False, max_total: float | None = None, min_edits: int = 1):
    """Yield (candidate, cost, edits) for up to ``max_edits`` non-overlapping rule applications.

    Long words with many sites are cut to the cheapest ``max_sites`` places; ``max_cost``
    and ``umlauts_only`` keep only the usual umlaut misreads (for twins of known words);
    ``max_total`` skips combinations whose costs add up to more.
    """
    all_sites = _chosen_sites(word, max_sites, max_cost, umlauts_only)
    for n in range(min_edits, max_edits + 1):
        for combo in _combos(all_sites, n, max_total):
            out, pos, cost = [], 0, 0.0
            for start, end, meant, c in combo:
                out.append(word[pos:start])
                out.append(meant)
                pos = end
                cost += c
            out.append(word[pos:])
            yield "".join(out), cost, combo
