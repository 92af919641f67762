"""The OCR confusion model for German print: what a misread looks like, and what it stood for.

Each rule maps a *seen* string to the *meant* one with a cost (lower = more usual). The
weights were read off the alignments of the development corpus (``ocr-eng.txt`` and
``ocr-deu.txt`` against ``truth.txt``): umlauts lost or split into two letters, ß read
as B, 3, R or a pair of letters.
"""

from __future__ import annotations

from itertools import combinations

#: (seen, meant, cost)
RULES: tuple[tuple[str, str, float], ...] = (
    # ü
    ("ii", "ü", 0.3), ("iii", "üi", 0.6), ("ti", "ü", 0.6), ("u", "ü", 0.5), ("i", "ü", 0.6),
    ("li", "ü", 0.7), ("il", "ü", 0.8), ("ll", "ü", 0.9), ("tt", "ü", 1.0), ("t", "ü", 1.2),
    ("ui", "ü", 0.8), ("ij", "ü", 0.8), ("fl", "fü", 0.9), ("f", "fü", 1.2),
    ("iu", "ü", 0.6), ("iti", "ü", 0.8), ("tu", "ü", 0.9),
    # Ü
    ("U", "Ü", 0.5), ("Ti", "Ü", 0.8), ("Ui", "Ü", 0.8), ("U", "ü", 0.6),
    # ö
    ("o", "ö", 0.5), ("6", "ö", 0.3), ("oé", "ö", 0.4), ("dé", "ö", 0.4), ("6o", "ö", 0.3), ("6é", "ö", 0.3), ("é", "ö", 0.5), ("d", "ö", 1.0), ("t", "ö", 1.2),
    ("ó", "ö", 0.4), ("ò", "ö", 0.5), ("tf", "öf", 1.0), ("e", "ö", 1.3), ("G", "ö", 0.6),
    # Ö
    ("O", "Ö", 0.5), ("0", "Ö", 0.8),
    # ö as the English model reads it inside a small word ("kOnnen", "kKOnnen")
    ("O", "ö", 0.6), ("KO", "ö", 0.6), ("Ko", "ö", 0.7),
    # ä
    ("ii", "ä", 1.0), ("i", "ä", 1.0), ("d", "ä", 0.9), ("a", "ä", 0.5), ("é", "ä", 0.7), ("à", "ä", 0.4), ("á", "ä", 0.4), ("aé", "ä", 0.6),
    ("éa", "ä", 0.6), ("ia", "ä", 0.6), ("da", "ä", 0.7), ("Aa", "ä", 0.5), ("A", "ä", 0.7),
    # Ä
    ("A", "Ä", 0.6),
    # ß
    ("B", "ß", 0.3), ("3", "ß", 0.3), ("13", "ß", 0.4), ("l3", "ß", 0.3), ("B3", "ß", 0.3),
    ("R", "ß", 0.5), ("fs", "ß", 0.5), ("f3", "ß", 0.4), ("8", "ß", 0.6), ("&", "ß", 0.5),
    ("ss", "ß", 1.0), ("f", "ß", 1.2), ("S", "ß", 0.8), ("fS", "ß", 0.4), ("f&", "ß", 0.4),
    ("8&", "ß", 0.4), ("f$", "ß", 0.4), ("®", "ß", 0.6), ("fk", "ß", 0.6), ("g", "ß", 1.0),
    ("k", "ß", 1.0), ("ls", "ß", 0.9), ("$", "ß", 0.6), ("af", "aß", 0.6), ("af", "äß", 0.7), ("fi", "ß", 0.5), ("G", "ß", 0.6),
    ("@B", "ß", 0.4), ("B&", "ß", 0.4), ("fs", "ß", 0.5),
    ("Au", "Äu", 0.6),
    # letters the German model swaps
    ("I", "l", 1.2), ("l", "I", 1.5), ("rn", "m", 1.2), ("F", "E", 1.4), ("1", "l", 1.0), ("|", "l", 1.0),
    ("i", "l", 1.0), ("]", "l", 0.8), ("n", "h", 1.3), ("t", "f", 1.0), ("m", "rn", 1.2),
    # letters a photocopy or fax blurs ("Kriminalpolizel", "Slaatsanwaltschaft", "Festnabme", "emer")
    ("l", "i", 1.4), ("l", "t", 1.4), ("b", "h", 1.4),
    # an umlaut the German model made of a speck of noise
    ("ü", "u", 0.6), ("ö", "o", 0.6), ("ä", "a", 0.6),
)

#: confusions of one letter for another (no umlaut): never applied to capitalised words,
#: which are often names ("Cern", "Translarna")
LETTER_SWAPS = {("I", "l"), ("l", "I"), ("rn", "m"), ("F", "E"), ("1", "l"), ("|", "l"), ("i", "l"), ("n", "h"),
                ("t", "f"), ("ü", "u"), ("ö", "o"), ("ä", "a"), ("m", "rn"), ("l", "i"), ("l", "t"), ("b", "h"),
                }


#: letters a photocopy or fax blurs: only into a word the lexicon knows whole, never a compound
BLURS = {("l", "i"), ("l", "t"), ("b", "h")}

#: rules that apply only after a small letter: a capital inside a small word ("kOnnen")
INNER_ONLY = {("O", "ö"), ("KO", "ö"), ("Ko", "ö"), ("e", "ö")}

#: umlauts the German model makes of a speck of noise on a plain vowel
SPECKS = {("ü", "u"), ("ö", "o"), ("ä", "a")}


def adds_umlaut(seen: str, meant: str) -> bool:
    """True for a rule that reads plain letters as an umlaut or ß ("u" → "ü", "ti" → "ü"):
    what a mis-set run does all the time and a correctly set one hardly ever."""
    return seen.isalpha() and seen.isascii() and any(c in "äöüÄÖÜß" for c in meant)

_BY_START: dict[str, list[tuple[str, str, float]]] = {}
for _seen, _meant, _cost in RULES:
    _BY_START.setdefault(_seen[0], []).append((_seen, _meant, _cost))

#: characters that, inside a word, are themselves evidence of a misread
SUSPICIOUS = set("0123456789&|éèàáóò®¢$]")


def sites(word: str) -> list[tuple[int, int, str, float]]:
    """Every place a rule applies: (start, end, meant, cost)."""
    found = []
    seen_rules = set()
    for i, ch in enumerate(word):
        for seen, meant, cost in _BY_START.get(ch, ()):
            if (seen, meant) in INNER_ONLY and not (i and word[i - 1].islower()):
                continue
            if word.startswith(seen, i) and (i, seen, meant) not in seen_rules:
                seen_rules.add((i, seen, meant))
                found.append((i, i + len(seen), meant, cost))
    return found


def candidates(word: str, max_edits: int = 3, max_sites: int = 14, max_cost: float | None = None,
               umlauts_only: bool = False, max_total: float | None = None, min_edits: int = 1):
    """Yield (candidate, cost, edits) for up to ``max_edits`` non-overlapping rule applications.

    Long words with many sites are cut to the cheapest ``max_sites`` places; ``max_cost``
    and ``umlauts_only`` keep only the usual umlaut misreads (for twins of known words);
    ``max_total`` skips combinations whose costs add up to more.
    """
    all_sites = sites(word)
    if max_cost is not None or umlauts_only:
        all_sites = [
            s for s in all_sites
            if (max_cost is None or s[3] <= max_cost) and (not umlauts_only or adds_umlaut(word[s[0]:s[1]], s[2]))
        ]
    if len(all_sites) > max_sites:
        all_sites = sorted(all_sites, key=lambda s: s[3])[:max_sites]
        all_sites.sort()
    for n in range(min_edits, max_edits + 1):
        for combo in combinations(all_sites, n):
            if any(a[1] > b[0] for a, b in zip(combo, combo[1:])):
                continue  # overlapping
            if max_total is not None and sum(c[3] for c in combo) > max_total:
                continue
            out, pos, cost = [], 0, 0.0
            for start, end, meant, c in combo:
                out.append(word[pos:start])
                out.append(meant)
                pos = end
                cost += c
            out.append(word[pos:])
            yield "".join(out), cost, combo
