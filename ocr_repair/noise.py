"""General OCR noise: letters a degraded scan (photocopy, fax) blurs into others.

"Sozialisien" (t read as i), "Preismodeli" (l as i), "Bezichungen" (e as c), "Wartuny"
(g as y), "Quadratineter" (m as in), "eıne" (a dotless ı): no umlaut or ß misread
explains them, so the misread judge finds no reading. This module gives the judge one
more: the word as written is no word (not in the lexicon, no compound), and **one**
confusion of :data:`RULES` turns it into a frequent word of the lexicon, whole (never a
compound: a made-up compound is what a name one letter away from a word looks like).

Such a reading is applied (confidence :data:`FIX_CONFIDENCE`) only where

* the reading is frequent (Zipf ≥ :data:`FIX_ZIPF`) and the word long enough
  (:data:`MIN_LENGTH` letters) that one letter decides little of it,
* no other reading is near: no other noise reading, and no other common word one edit
  away (:func:`ocr_repair.residue.Index.near`),
* a capitalised word reads as a noun (a capital mid-sentence is a noun's; a name stays),

and flagged (:data:`FLAG_CONFIDENCE`) otherwise. A dotless ı is no letter of German at
all: it is read back as "i" wherever that makes a word.

Beyond one blur (#12 item 2): a long word is also read with one stray inner letter dropped
or a lost hairline i/l added (:func:`edits`: "gezahlit", "verpfichtet"), fixed only where
sure and never flagged by itself (an author's slip looks the same); a long reading only the
frequency list knows counts where it is made of known parts ("Zwangsbehandlung"); and in
a text that lost its umlauts, one or two umlauts or a ß go back at any site of the
confusion table, with one blur more where nothing else reads the word
(:func:`umlaut_readings`: "Radioaktivitit", "Manahmen", "kiinflig").
"""

from __future__ import annotations

from .knowledge import NOISE_CONFUSIONS_FILE, confusions
from .lexicon import Lexicon

#: (seen, meant, cost): what a degraded scan does to a letter, in the order tried
#: (``dictionaries/noise-confusions-de.tsv``, read once)
RULES: tuple[tuple[str, str, float], ...] = tuple(
    (seen, meant, cost) for seen, meant, cost, _ in confusions(NOISE_CONFUSIONS_FILE))

#: a reading is applied from this frequency (Zipf×100) in a word of at least
#: :data:`MIN_LENGTH` letters ("Pfeiltusten" → "Pfeiltasten") ...
FIX_ZIPF = 200
MIN_LENGTH = 6
#: ... and from this one in a shorter word ("neucn" → "neuen", "gcht" → "geht")
SHORT_ZIPF = 500
SHORT_LENGTH = 4
FIX_CONFIDENCE = 0.85
FLAG_CONFIDENCE = 0.6


def readings(word: str) -> list[tuple[str, float]]:
    """Every string one rule of :data:`RULES` away from ``word`` (a dotless ı: all of them
    read as i, which costs nothing more), but the rules that add an umlaut
    (:func:`umlaut_readings` tries those)."""
    if "ı" in word:
        return [(word.replace("ı", "i"), 0.2)]
    return [(word[:a] + meant + word[b:], cost) for a, b, meant, cost in _rule_sites(word, umlaut=False)]


def _rule_sites(word: str, umlaut: bool) -> list[tuple[int, int, str, float]]:
    """(start, end, meant, cost) of each place in ``word`` a rule of :data:`RULES` applies,
    in the rules' order: the rules that add an umlaut (a mis-set run's, read only where the
    text lost its umlauts) where ``umlaut``, else the others."""
    from .confusions import adds_umlaut

    out = []
    for seen, meant, cost in RULES:
        if adds_umlaut(seen, meant) != umlaut:
            continue
        i = word.find(seen)
        while i >= 0:
            out.append((i, i + len(seen), meant, cost))
            i = word.find(seen, i + 1)
    return out


#: a word of at least this many letters is also read with one letter dropped or added
#: inside it (a stray speck read as a letter: "gezahlit"; a thin letter lost: "verpfichtet")
EDIT_LENGTH = 8
#: ... and a capitalised one from this many (a name is shorter: "Frau Leitners" is no "Leiters")
CAPITAL_EDIT_LENGTH = 10
#: the thin letters a degraded scan loses inside a word (added back by :func:`edits`): a
#: hairline "i" or "l" (after "f" the ligature's). Not any letter: a typist's slip drops
#: any ("Progamme"), and the author's text is never changed
LOST_LETTERS = "il"
#: an edit costs this (one blur of :data:`RULES` costs 1.0 to 1.2)
EDIT_COST = 1.0
#: a reading of an edit is applied only toward a word this frequent (Zipf×100)
EDIT_ZIPF = 300
#: a word only the frequency list knows is a reading from :data:`EDIT_LENGTH` letters where
#: it is made of known parts ("Zwangsbehandlung"), with the compound's frequency less this
COMPOUND_DISCOUNT = 100
#: another reading this much rarer (Zipf×100) than the best, that no blur explains (a
#: letter the spelling index changes at random), is no rival ("hinyegen": "hinlegen")
NEAR_RIVAL_MARGIN = 100


def edits(word: str) -> list[tuple[str, float]]:
    """``word`` with one inner letter dropped (never the first or the last, nor one of a
    doubled letter: "vorrübergehend" is the author's) or one of :data:`LOST_LETTERS` added
    inside it, not beside the same letter ("initiert" is no "initiiert" misread): the
    readings of a long word beyond :data:`RULES`."""
    if len(word) < EDIT_LENGTH:
        return []
    out = [(word[:i] + word[i + 1:], EDIT_COST) for i in range(1, len(word) - 1)
           if word[i] != word[i - 1] and word[i] != word[i + 1]]
    for i in range(2, len(word) - 1):
        for c in LOST_LETTERS:
            if c != word[i - 1] and c != word[i]:
                out.append((word[:i] + c + word[i:], EDIT_COST))
    return out


#: a word of at least this many letters is read with one or two umlauts of a mis-set run
#: put back by :func:`umlaut_readings` (the engine's search keeps a long word's cheapest sites)
UMLAUT_LENGTH = 5


#: the letters after which :func:`umlaut_readings` puts back a dropped ß
VOWELS = "aeiou"


def umlaut_readings(word: str, pairs: bool = True) -> list[tuple[str, float]]:
    """``word`` with one or two umlauts or ß put back where a mis-set run wrote letters
    for them (or dropped a ß after a vowel): every site of the engine's table (:mod:`ocr_repair.confusions`) and of
    :data:`RULES` that adds one, with none cut ("Radioaktivitit" has 31 sites; the
    engine's search tries its 14 cheapest, and not the "i" of "-tät"); ``pairs``: two of
    them too."""
    from . import confusions

    sites = [s for s in confusions.sites(word) if confusions.adds_umlaut(word[s[0]:s[1]], s[2])]
    sites += _rule_sites(word, umlaut=True)
    # a ß the run dropped altogether ("Strae", "Manahmen"): after a vowel, before a letter
    sites += [(i, i, "ß", EDIT_COST) for i in range(2, len(word)) if word[i - 1] in VOWELS]
    sites.sort()
    out = []
    for n, a in enumerate(sites):
        out.append((word[:a[0]] + a[2] + word[a[1]:], a[3]))
        for b in sites[n + 1:] if pairs else ():
            if b[0] >= a[1]:
                out.append((word[:a[0]] + a[2] + word[a[1]:b[0]] + b[2] + word[b[1]:], a[3] + b[3]))
    return out


#: an umlaut and its base vowel
_BASE = {"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"}


def specks(word: str) -> list[tuple[str, float]]:
    """``word`` with one umlaut the German model made of a speck beside its own vowel
    dropped ("Operäationen", "Däatenaufzeichnung"). Not an umlaut read as its vowel alone
    ("Ärbeitszeit"): a name's umlaut looks the same ("Gröbming"), and a scan's word is
    Tesseract's to decide (:mod:`ocr_repair.ocr_confidence`)."""
    out = []
    for i, c in enumerate(word):
        base = _BASE.get(c)
        if base is None:
            continue
        if word[i + 1 : i + 2].lower() in (base.lower(), c.lower()) or word[i - 1 : i].lower() == base.lower() and i:
            out.append((word[:i] + word[i + 1:], EDIT_COST))
    return out


def _stutters_only(word: str) -> bool:
    """Whether each capital inside ``word`` follows its own small letter ("koOnne")."""
    return all(not c.isupper() or word[i - 1] == c.lower() for i, c in enumerate(word[1:], 1))


def judge(lex: Lexicon, known, word: str, sentence_start: bool, compound=None,
          umlauts: bool = False, letters: bool = True) -> tuple[str, float, str] | None:
    """(reading, confidence, why) for a non-word ``word`` that one blur of a degraded
    scan explains, else None. ``known(word, sentence_start)`` is the judge's frequency of
    a word in its position (None: no word); ``compound(word)`` (optional) the frequency of
    a valid compound: with it a long reading only the frequency list knows counts where it
    is made of known parts ("Zwangsbehandiung" → "Zwangsbehandlung"), and a long word is
    also read with one letter dropped or added (:func:`edits`); ``umlauts`` (the text lost
    its umlauts: a mis-set run) also with one or two of them put back (:func:`umlaut_readings`);
    not ``letters``: no letter dropped or added (a part of a double name: "Mikl-Leitners")."""
    if not word.isalpha() or len(word) < (2 if "ı" in word else 3) or any(c.isupper() for c in word[1:]) and not (
            umlauts and _stutters_only(word)):
        return None  # mixed case, but for a mis-set run's stutter read as an umlaut ("koOnne")
    #: reading -> (frequency, cost, how: "rule", "edit" or "umlaut")
    found: dict[str, tuple[int, float, str]] = {}
    tried = [(cand, cost, "rule") for cand, cost in readings(word)]
    if compound is not None and "ı" not in word:
        if letters and (word.islower() or len(word) >= CAPITAL_EDIT_LENGTH):
            tried += [(cand, cost, "edit") for cand, cost in edits(word)]
        if umlauts and len(word) >= UMLAUT_LENGTH:
            tried += [(cand, cost, "umlaut") for cand, cost in umlaut_readings(word)]
        if not umlauts and len(word) >= MIN_LENGTH:
            tried += [(cand, cost, "speck") for cand, cost in specks(word)]

    def take(tried: list[tuple[str, float, str]]) -> None:
        for cand, cost, how in tried:
            if cand in found or cand == word:
                continue
            f = known(cand, sentence_start)
            if f is not None and lex.is_caseless(cand):
                # the frequency list alone carries OCR and web junk ("peri", "vdl"); a long
                # word of it made of known parts is a word ("Zwangsbehandlung")
                parts = None if compound is None or len(cand) < EDIT_LENGTH else compound(cand)
                if parts is None:
                    continue
                f = max(f, parts - COMPOUND_DISCOUNT)
            elif f is not None and compound is not None and len(cand) >= EDIT_LENGTH:
                # a rare long word made of known parts is as frequent as they make it ("Befehlszeile")
                parts = compound(cand)
                if parts is not None:
                    f = max(f, parts - COMPOUND_DISCOUNT)
            if f is None and how == "speck" and compound is not None and len(cand) >= EDIT_LENGTH:
                # an umlaut undone, nothing else: a compound of known parts ("Änzeigeformat")
                parts = compound(cand)
                f = None if parts is None else parts - COMPOUND_DISCOUNT
            if f is None:
                # never a compound the lexicon lacks: the splitter takes what one letter changed
                # makes of a valid word it does not know ("Zumutbarkitsregeln", "Daterinhalte")
                continue
            if word[:1].isupper() and not sentence_start and lex.noun_freq(cand) is None \
                    and not (how == "speck" and compound is not None and compound(cand) is not None):
                continue  # a capital mid-sentence: only a noun explains it
            found[cand] = (f, cost, how)

    take(tried)
    if not found and umlauts and compound is not None and len(word) >= EDIT_LENGTH and "ı" not in word:
        # an umlaut and a blurred letter in one long word ("kiinflig": ü and t)
        take([(r2, c1 + c2, "umlaut") for r1, c1 in umlaut_readings(word, pairs=False) for r2, c2 in readings(r1)])
    if not found:
        return None
    best = max(found, key=lambda c: found[c][0] - 100 * found[c][1])
    f, cost, how = found[best]
    why = f"general OCR noise: one blurred letter of a frequent word (Zipf {f / 100:.1f})"
    if how == "edit":
        why = f"general OCR noise: one letter dropped or added in a frequent word (Zipf {f / 100:.1f})"
    elif how == "umlaut":
        why = f"umlauts a mis-set run wrote as letters, in a frequent word (Zipf {f / 100:.1f})"
    elif how == "speck":
        why = f"an umlaut the German model made of a speck, in a frequent word (Zipf {f / 100:.1f})"
    if "ı" in word:
        return best, FIX_CONFIDENCE + 0.1, "a dotless ı read back as i"
    from . import residue

    capital_mid = word[:1].isupper() and not sentence_start
    near = [w for w in residue.near_words(lex, word.lower()) if w != best.lower()
            and (w in found or (lex.freq(w) or 0) > f - NEAR_RIVAL_MARGIN)
            # a capital mid-sentence is a noun's: a verb one edit away is no rival ("Hilte": "halte")
            and not (capital_mid and lex.noun_freq(w[:1].upper() + w[1:]) is None)]
    rivals = [c for c in found if c.lower() != best.lower()] + [w for w in near if w not in found]
    sure = how == "edit" and f >= EDIT_ZIPF or how == "speck" and f >= FIX_ZIPF or how == "umlaut" and (
        f >= FIX_ZIPF and len(word) >= MIN_LENGTH or f >= SHORT_ZIPF)  # "heibt", "weifg"
    if how == "edit" and (rivals or not sure):
        return None  # a letter dropped or added is a typist's slip as often: no suspect of its own
    if rivals:
        return best, FLAG_CONFIDENCE - 0.05, why + f"; rivals {', '.join(rivals[:3])}"
    if how == "rule" and (f >= FIX_ZIPF and len(word) >= MIN_LENGTH or f >= SHORT_ZIPF and len(word) >= SHORT_LENGTH):
        return best, FIX_CONFIDENCE, why
    if sure:
        return best, FIX_CONFIDENCE, why
    return best, FLAG_CONFIDENCE, why


#: a reading outweighs a valid compound as written (in a text that lost its umlauts) by
#: this much (Zipf×100): "modglich" ("Mod" + "glich") is "möglich"
OUTWEIGHS_COMPOUND = 150


def outweighs(known, said: tuple[str, float, str], compound: int) -> bool:
    """Whether :func:`judge`'s fix ``said`` is so much more frequent than the word as a
    compound (its frequency ``compound``) that the compound is a misread's accident."""
    f = known(said[0], False)
    return said[1] >= FIX_CONFIDENCE and f is not None and f >= compound + OUTWEIGHS_COMPOUND


def exclaimed(lex: Lexicon, known, word: str, sentence_start: bool) -> tuple[str, float, str] | None:
    """The word a degraded scan left with "!" for its last "l" ("Befeh!" → "Befehl",
    "Unfal!" → "Unfall"), given ``word`` without the "!": applied only where ``word`` is
    no word and ``word + "l"`` is one of the lexicon's own, at least 4 letters."""
    if len(word) < 3 or not word.isalpha() or known(word, sentence_start) is not None:
        return None
    cand = word + "l"
    f = known(cand, sentence_start)
    if f is None or lex.is_caseless(cand):
        return None
    return cand, FIX_CONFIDENCE, "an 'l' at the word's end read as '!' (a degraded scan)"
