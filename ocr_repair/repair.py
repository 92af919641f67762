"""The repair engine: one pass over a text that yields explained, non-overlapping edits.

Every change is a :class:`~ocr_repair.models.Correction` over the text as given (start,
end, before, after, rule, confidence), so ``convert --explain`` and ``check`` report the
same findings at the same places, and ``apply_corrections`` replays them.
"""

from __future__ import annotations

import bisect

import regex

from . import fixes
from .config import Config
from .dehyphenate import Join, decide, find_spaced, find_splits
from .lexicon import Lexicon
from .misreads import MisreadRepairer, Verdict
from .corrections import Correction
from .tokens import TECHNICAL_RE, SpanSet, at_sentence_start, protected_spans, words

_REPAIRERS: dict[int, MisreadRepairer] = {}

#: words before a name that are no first name: "Frau Prasidentin" is "Präsidentin"
ADDRESS_FORMS = frozenset({"Herr", "Herrn", "Frau", "Dr", "Prof", "Fräulein"})

#: Zipf×100 below which a word is rare: "tern" (English) is no evidence for "EI-tern"
RARE = 300


def repairer_for(lexicon: Lexicon) -> MisreadRepairer:
    r = _REPAIRERS.get(id(lexicon))
    if r is None or r.lex is not lexicon:
        r = _REPAIRERS[id(lexicon)] = MisreadRepairer(lexicon)
    return r


class LineIndex:
    """Offsets to 1-based line and column."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in regex.finditer("\n", text)]

    def __call__(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i + 1, pos - self.starts[i] + 1


def analyse(text: str, config: Config, lexicon: Lexicon) -> list[Correction]:
    """All corrections and suspects for ``text``, sorted by position, none overlapping but
    for a suspect on a joined word, which shares its join's span."""
    rep = repairer_for(lexicon)
    ignore = [regex.compile(p) for p in config.ignore]
    protected = SpanSet(protected_spans(text, ignore))
    toks = [t for t in words(text) if not protected.overlaps(t.start, t.end)]
    # a line-break hyphen inside a technical token is still decided ("/usr/lo-⏎cal/")
    hard = SpanSet(protected_spans(text, ignore, technical=False))
    splits = [s for s in find_splits(text) if not hard.overlaps(s.start, s.end)]
    split_ranges = SpanSet([(s.start, s.end) for s in splits])

    # the document's own evidence: words on one line, hyphenated words, umlaut use
    line_words = [t for t in toks if not split_ranges.overlaps(t.start, t.end)]
    stats = rep.document_stats([t.text for t in line_words], config.misreads)
    # half a hyphenated word names nothing ("Rechtsvor-" of a split OCR did not mark)
    stats.names -= {t.text for t in line_words if _fragment(text, t.start, t.end)}
    stats.after_capital = {b.text for a, b in zip(line_words, line_words[1:])
                           if a.text[:1].isupper() and a.text[1:].islower() and text[a.end : b.start] == " "
                           and (lexicon.freq(a.text.lower()) is None or lexicon.is_caseless(a.text))
                           and not rep.vocab.has_umlaut_twin(a.text)
                           and a.text not in ADDRESS_FORMS and not _has_plural(lexicon, a.text)}
    doc_joined = {t.lower for t in line_words}
    doc_hyphenated = {m.group().lower() for m in regex.finditer(r"\p{L}+(?:-\p{L}+)+", text)}

    out: list[Correction] = []
    index = LineIndex(text)

    def judge(word: str, pos: int, prev: str, nxt: str, fragment: bool = False) -> Verdict | None:
        if not config.misreads:
            return None
        return rep.judge(word, at_sentence_start(text, pos), stats, prev, nxt, fragment)

    def emit(start: int, end: int, after: str, rule: str, conf: float, why: str, alts=()) -> None:
        before = text[start:end]
        if after == before:
            return
        applied = conf >= config.threshold and not alts
        line, col = index(start)
        out.append(Correction(start=start, end=end, line=line, col=col, before=before, after=after,
                              rule=rule, confidence=conf, applied=applied, why=why,
                              alternatives=list(alts)))

    # 1. words split at line ends (joined before the misread repair)
    if config.dehyphenate:
        for s in splits:
            how = decide(s, lambda w: rep.vocab.is_word(_best(rep, w)), doc_joined, doc_hyphenated,
                         lexicon.has_hyphen_prefix,
                         lambda a, b: (rep.vocab.known(b, True) or 0) < RARE
                         and _sure_misread(judge(a + b, s.start, "", ""), config))
            if how in (Join.suspended,):
                continue
            if how is Join.join:
                word = s.a + s.b
                v = judge(word, s.start, "", "")
                fixed = v.after if v and v.confidence >= config.threshold and not v.alternatives else word
                why = "line-break hyphen inside a word"
                if fixed != word:
                    why += f"; then {v.rule}: {v.why}"
                emit(s.start, s.end, fixed, "dehyphenate", 0.95, why)
                if v and fixed == word and v.after != word:
                    # the joined word is a suspect: reported on the same span (a suspect is
                    # never replayed), as it is once the text is joined ("auszudglei-/chen")
                    emit(s.start, s.end, v.after, v.rule, v.confidence,
                         f"the joined word '{word}': {v.why}", v.alternatives or ())
            else:
                # the other part is each one's neighbour ("dist-⏎upgrade" is English); a
                # technical part stays ("xterm--⏎r6", "1--⏎Heimerfolg")
                parts = [p if TECHNICAL_RE.fullmatch(p) or p.isdigit()
                         else _fix(judge(p, s.start, prev, nxt, fragment=True), p, config)
                         for p, prev, nxt in ((s.a, "", s.b), (s.b, s.a, ""))]
                emit(s.start, s.end, f"{parts[0]}-{parts[1]}", "hyphen-kept", 0.95,
                     "a real hyphen at a line end (compound or name)")
            # the rest of the second line moves down ("Integrationszentren\nin den Kreisen"),
            # after whatever is glued to the word ("Gewaltverhältnis*", "KOMM-AN-Projekt")
            gap = regex.compile(r"\S*([ \t]+)(?=\S)").match(text, s.end)
            if gap:
                emit(gap.start(1), gap.end(1), "\n", "line-move", 1.0, "the rest of the line follows the joined word")

        for start, end in find_spaced(text):
            after = regex.match(r"\p{L}+", text[end:])
            if after and after.group()[:1].isupper() and lexicon.noun_freq(after.group()) is None \
                    and lexicon.freq(after.group().lower()) is not None:
                continue  # "Frankfurt am Main- Die AUA-Mutter": a dash before a sentence, no compound
            if not protected.overlaps(start, end):
                emit(start, end, "-", "dehyphenate", 0.85, "a space after a compound's hyphen")

    # 2. misread words
    taken = SpanSet([(c.start, c.end) for c in out])
    for i, t in enumerate(toks):
        if taken.overlaps(t.start, t.end):
            continue
        prev = toks[i - 1].text if i else ""
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        after_acronym = prev.isupper() and len(prev) > 1 and text[t.start - 1 : t.start] == "-"
        if after_acronym and not rep.vocab.suspicious(t.text):
            continue  # "USB-Stick", "EDV-System": loan words after an acronym
        v = judge(t.text, t.start, prev, nxt, _fragment(text, t.start, t.end))
        if v is not None:
            emit(t.start, t.end, v.after, v.rule, v.confidence, v.why, v.alternatives)

    # 3. signs and punctuation: quotes, §, Roman numerals, dashes, stray marks, commas
    taken = SpanSet([(c.start, c.end) for c in out])
    # words as steps 1 and 2 made them ("tagsgebäude" is the end of "Reichstagsgebäude")
    applied = ({c.start: c for c in out if c.applied}, {c.end: c for c in out if c.applied})
    for fix in fixes.FIXES:
        if not config.enabled(fix.__name__):
            continue
        found = fix(text, lambda w, start, end: rep.vocab.known(_repaired(w, start, end, applied), False) is not None) \
            if fix is fixes.commas else fix(text)
        for start, end, after, conf, why in found:
            if protected.overlaps(start, end) or taken.overlaps(start, end):
                continue
            emit(start, end, after, fix.__name__, conf, why)
        taken = SpanSet([(c.start, c.end) for c in out])

    out.sort(key=lambda c: c.start)
    return out


def analyse_text(text: str, config: Config, lexicon: Lexicon) -> list[Correction]:
    """:func:`analyse` of ``normalise(text)`` (what ``convert`` repairs), with the positions
    and ``before`` of ``text`` as given: what ``check`` reports for a file."""
    from dataclasses import replace

    from .normalise import normalise_mapped

    m = normalise_mapped(text)
    if m.text == text:
        return analyse(text, config, lexicon)
    index = LineIndex(text)
    out = []
    for c in analyse(m.text, config, lexicon):
        start = m.start(c.start)
        end = max(start, m.end(c.end)) if c.end > c.start else start
        line, col = index(start)
        out.append(replace(c, start=start, end=end, line=line, col=col, before=text[start:end]))
    return out
#: suspects ``check`` lists only with ``--strict``: a real word that may be its umlaut twin
#: ("hatte"/"hätte"), a spelling suggestion for an unknown word that no OCR confusion explains
STRICT_ONLY_RULES = frozenset({"misread-real-word", "residue"})


def strict_only(c: Correction, lexicon: Lexicon) -> bool:
    """Whether ``c`` is a suspect (not applied) that is no finding by default: one of
    :data:`STRICT_ONLY_RULES`, or a misread suspect on a word that is valid as written
    (a compound, a word of the lexicon)."""
    if c.applied:
        return False
    if c.rule in STRICT_ONLY_RULES:
        return True
    word = regex.sub(r"-\n", "", c.before)
    return c.rule.startswith("misread") and bool(regex.fullmatch(r"\p{L}+", word)) \
        and repairer_for(lexicon).vocab.is_word(word)


def _has_plural(lexicon: Lexicon, word: str) -> bool:
    """A noun with a plural ("Familie", "Präsidentin"), not a first name ("Irmgard", "Anna")."""
    return lexicon.freq(word + "en") is not None or lexicon.freq(word + "nen") is not None \
        or word.endswith(("e", "er", "el")) and lexicon.freq(word + "n") is not None


def _fragment(text: str, start: int, end: int) -> bool:
    """Part of a hyphenated word: "Bildungs-" (suspended), "ei-nen", "USB-Stick"."""
    return text[end : end + 1] in ("-", "\u2010", "\u2011") or text[max(0, start - 1) : start] in ("-", "\u2010", "\u2011")


def _best(rep: MisreadRepairer, word: str) -> str:
    """The word a misread repair would make of ``word`` (itself if none)."""
    if rep.vocab.is_word(word):
        return word
    c = rep.vocab.candidates(word, True)
    return c[0].word if c else word


def _repaired(word: str, start: int, end: int, applied: tuple[dict, dict]) -> str:
    """``word`` (at ``start:end``) as the corrections made it: the word a correction that
    starts or ends with it made (a join, a misread repair), else the word itself."""
    c = applied[0].get(start)
    if c is not None:
        found = regex.match(r"\p{L}+", c.after)
        return found.group() if found else word
    c = applied[1].get(end)
    if c is not None:
        found = regex.search(r"\p{L}+$", c.after)
        return found.group() if found else word
    return word


def _sure_misread(v: Verdict | None, config: Config) -> bool:
    """Whether the verdict confidently turns a non-word into a word the lexicon knows."""
    return bool(v and v.rule == "misread" and v.confidence >= config.threshold and not v.alternatives
                and not v.compound)


def _fix(v: Verdict | None, word: str, config: Config) -> str:
    return v.after if v and v.confidence >= config.threshold and not v.alternatives else word


def apply_corrections(text: str, corrections: list[Correction]) -> str:
    """Replay the applied corrections (sorted, non-overlapping) on ``text``."""
    out, pos = [], 0
    for c in sorted((c for c in corrections if c.applied), key=lambda c: c.start):
        out.append(text[pos : c.start])
        out.append(c.after)
        pos = c.end
    out.append(text[pos:])
    return "".join(out)
