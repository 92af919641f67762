"""German compounds: is an unknown word made of known parts?

German makes new compounds freely ("Maßnahmemittel", "Integrationsstaatssekretär"). A
word is a valid compound when it splits into a known *head* (the last part, a noun for a
capitalised word) and a known *modifier*, possibly followed by a linking element
(-s-, -es-, -n-, -en-, -e-, -er-, -ens-), possibly a verb stem ("Förder-" of "fördern"),
possibly itself a compound. Parts are at least three letters; words igerman98 lacks
(caseless frequency-list entries) only serve as parts when they are common.

An own splitter over the lexicon was chosen over Hunspell's compound rules (spylls): the
lexicon already carries Hunspell's compound-only stems, and a split here costs a few
dictionary look-ups instead of an affix-rule expansion.
"""

from __future__ import annotations

from .lexicon import Lexicon
from .lexicon import _remember as remember

LINKS = ("", "s", "es", "n", "en", "e", "er", "ens", "ns")
MIN_MODIFIER = 3
MIN_HEAD = 3
#: a frequency-list word that igerman98 lacks serves as a part only from this Zipf×100 on
MIN_CASELESS_PART = 350
#: …and never as the head: "Blindelung" is no "Blinde" + English "lung"
NO_CASELESS_HEAD = 10_000


def _modifier_freq(lex: Lexicon, m: str, depth: int) -> int | None:
    """Frequency of the modifier ``m`` (the compound's beginning), or None if it is none."""
    best = None
    for link in LINKS:
        if link and not m.endswith(link):
            continue
        stem = m[: len(m) - len(link)] if link else m
        if len(stem) < MIN_MODIFIER:
            continue
        for form in {stem, stem[0].upper() + stem[1:], stem.lower()}:
            f = lex.part_freq(form)
            if f is not None and f >= _min_part(lex, form, MIN_CASELESS_PART):
                best = f if best is None else max(best, f)
        if not link:
            # verb stem: "förder" of "fördern", "bau" of "bauen"
            low = stem.lower()
            for suffix in ("en", "n"):
                f = lex.freq(low + suffix)
                if f is not None and f >= 200 and not lex.is_caseless(low + suffix):
                    best = f if best is None else max(best, f)
                    break
    if best is None and depth < 2 and len(m) >= 2 * MIN_MODIFIER + 1:
        split = split_compound(lex, m, depth + 1, head_any_case=True)
        if split is not None:
            best = split[1]
    return best


def _min_part(lex: Lexicon, form: str, caseless: int) -> int:
    """Caseless frequency-list words (names, English, web junk) must reach ``caseless``."""
    if lex.is_caseless(form):
        return caseless
    return 0


def split_compound(
    lex: Lexicon, word: str, depth: int = 0, head_any_case: bool = False
) -> tuple[list[str], int] | None:
    """The best split of ``word`` as (parts, weakest part's frequency), or None: remembered
    per lexicon (``Lexicon.splits``, emptied when words are added), as a split costs dozens
    of look-ups and the engine asks for the same words again (the document's evidence, the
    judge, the dehyphenation). The parts are a tuple: an answer shared is never changed."""
    key = (word, depth, head_any_case)
    cache = lex.splits
    hit = cache.get(key, False)
    if hit is False:
        hit = _split(lex, word, depth, head_any_case)
        if hit is not None:
            hit = (tuple(hit[0]), hit[1])
        remember(cache, key, hit)
    return hit


def _split(lex: Lexicon, word: str, depth: int, head_any_case: bool) -> tuple[list[str], int] | None:
    """The best split of ``word`` as (parts, weakest part's frequency), or None.

    The head must be known in the case the compound shows: a capitalised compound ends in
    a noun ("…Sekretär"), a lower-case one in a lower-case word ("…verachtende").
    """
    n = len(word)
    if n < MIN_MODIFIER + MIN_HEAD or not word.isalpha() or not word[1:].islower():
        return None
    capital = word[0].isupper()
    best: tuple[list[str], int] | None = None
    # a modifier's own head is a content word: "Kindergarten|bei" is no modifier
    min_head = MIN_HEAD + 1 if head_any_case else MIN_HEAD
    for i in range(MIN_MODIFIER, n - min_head + 1):
        tail = word[i:]
        if capital and not head_any_case:
            heads = [tail[0].upper() + tail[1:]]
        elif head_any_case:
            heads = [tail[0].upper() + tail[1:], tail]
        else:
            heads = [tail]
        hf = None
        for h in heads:
            f = lex.noun_freq(h)
            if f is not None and f >= _min_part(lex, h, NO_CASELESS_HEAD):
                hf = f if hf is None else max(hf, f)
        if hf is None:
            continue
        mf = _modifier_freq(lex, word[:i], depth)
        if mf is None:
            continue
        score = min(hf, mf)
        if best is None or score > best[1]:
            best = ([word[:i], tail], score)
    return best
