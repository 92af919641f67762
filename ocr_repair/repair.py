"""The repair engine: one pass over a text that yields explained, non-overlapping edits.

Every change is a :class:`~ocr_repair.models.Correction` over the text as given (start,
end, before, after, rule, confidence), so ``convert --explain`` and ``check`` report the
same findings at the same places, and ``apply_corrections`` replays them.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Collection, Iterator, Sequence

import regex

from . import fixes, noise
from .config import Config
from .dehyphenate import Hyphenated, Join, decide, find_spaced
from .lexicon import Lexicon
from .knowledge import judge_words
from .misreads import MisreadRepairer, Verdict, ocr_sure
from .corrections import Correction
from . import tokens
from .tokens import PROTECTED_RE, TECHNICAL_RE, WORD_RE, SpanSet, Token

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at check's start
if TYPE_CHECKING:
    from .ocr_confidence import WordConfidences

_REPAIRERS: dict[int, MisreadRepairer] = {}

#: words before a name that are no first name: "Frau Prasidentin" is "Präsidentin"
ADDRESS_FORMS = frozenset({"Herr", "Herrn", "Frau", "Dr", "Prof", "Fräulein"})

#: a sentence's end between two words: the one before is no neighbour of the next
#: ("Seite gegeben. 2012 hatte der": no "gegeben hatte" for the context model)
_SENTENCE_END = regex.compile(r"[.!?]\s")

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


def analyse(text: str, config: Config, lexicon: Lexicon,
            sentence_starts: Collection[int] | None = None,
            progress: Callable[[int, int], None] | None = None,
            confidences: WordConfidences | None = None, evidence: Evidence | None = None) -> list[Correction]:
    """All corrections and suspects for ``text``, sorted by position, none overlapping but
    for a suspect on a joined word, which shares its join's span. ``sentence_starts``: the
    offsets of the words that begin a sentence (the layout's,
    :attr:`ocr_repair.models.Layout.sentence_starts`); by default found in ``text``.

    The words are read in windows of about :data:`WINDOW` characters (paragraphs whole), so
    a long text never holds all its tokens at once: a first pass gathers the document's
    evidence (:class:`~ocr_repair.misreads.DocumentStats`) over the whole text, then the
    words are judged window by window, in the same order as one pass over the text would
    (the answers are the same). ``progress(done, total)`` is told the characters judged
    after each window. ``confidences``: Tesseract's word confidences of a scan
    (:class:`~ocr_repair.ocr_confidence.WordConfidences`), which the judge weighs for each
    word it reads (None for a transcription). ``evidence``: the document's, when ``text``
    is a window of it (:func:`gather_evidence` of every window, merged)."""
    rep = repairer_for(lexicon)
    starts = frozenset(tokens.sentence_starts(text) if sentence_starts is None else sentence_starts)
    protected, toks, splits, split_ranges = _scan(text, config)

    # the document's own evidence: words on one line, hyphenated words, umlaut use (a
    # window's caller gathers it over the whole document: ``evidence``)
    ev = _gather(text, toks, split_ranges, lexicon, rep) if evidence is None else evidence
    doc_joined = ev.joined
    stats, doc_hyphenated = ev.stats(rep, config.misreads)

    out: list[Correction] = []
    index = LineIndex(text)

    def judge(word: str, pos: int, prev: str, nxt: str, fragment: bool = False,
              ocr_conf: float | None = None) -> Verdict | None:
        if not config.misreads:
            return None
        return rep.judge(word, pos in starts, stats, prev, nxt, fragment, ocr_conf)

    def emit(start: int, end: int, after: str, rule: str, conf: float, why: str, alts=()) -> None:
        before = text[start:end]
        if after == before:
            return
        applied = conf >= config.threshold and not alts
        line, col = index(start)
        out.append(Correction(start=start, end=end, line=line, col=col, before=before, after=after,
                              rule=rule, confidence=conf, applied=applied, why=why,
                              alternatives=list(alts)))

    def move_rest(end: int) -> None:
        """The rest of a joined word's second line moves down to a line of its own."""
        gap = _REST_OF_LINE.match(text, end)
        if gap:
            emit(gap.start(1), gap.end(1), "\n", "line-move", 1.0, "the rest of the line follows the joined word")

    # 1. words split at line ends (joined before the misread repair)
    if config.dehyphenate:
        for s in splits:
            said = _sharp_s_hyphen(rep, s.a, s.b[1:], stats.umlauts_lost) if config.misreads and s.b[:1] in "BRS" \
                and s.b[1:].isalpha() and s.b[1:].islower() and s.a[-1:] in "aeiouäöüAEIOUÄÖÜ" else None
            if said is not None:  # "Grö-⏎Be": a ß read as a hyphen and a capital, at a line end
                emit(s.start, s.end, said, "dehyphenate", 0.9, "a ß read as a line-break hyphen and a capital")
                move_rest(s.end)
                continue
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
            move_rest(s.end)

        for start, end in find_spaced(text):
            after = _LETTERS.match(text, end)  # no copy of the rest of the text per hit
            if after and after.group()[:1].isupper() and lexicon.noun_freq(after.group()) is None \
                    and lexicon.freq(after.group().lower()) is not None:
                continue  # "Frankfurt am Main- Die AUA-Mutter": a dash before a sentence, no compound
            if not protected.overlaps(start, end):
                emit(start, end, "-", "dehyphenate", 0.85, "a space after a compound's hyphen")

    # 2. misread words
    if config.misreads:  # a ß read as a hyphen and a capital ("Grö-Be", "hei-Ren")
        taken = SpanSet([(c.start, c.end) for c in out])
        for m in _SHARP_S_HYPHEN.finditer(text):
            if protected.overlaps(m.start(), m.end()) or taken.overlaps(m.start(), m.end()):
                continue
            said = _sharp_s_hyphen(rep, m.group(1), m.group(3), stats.umlauts_lost)
            if said is not None:
                emit(m.start(), m.end(), said, "misread", 0.9, "a ß read as a hyphen and a capital")
    taken = SpanSet([(c.start, c.end) for c in out])
    # most tokens are known words the judge keeps wherever they stand: told apart once per
    # form (and document: the windows of one share it)
    kept: dict[str, bool | None] = ev.kept
    lost = stats.umlauts_lost
    stream = iter(toks)
    before, t, done = None, next(stream, None), 0
    while t is not None:
        after = next(stream, None)
        if progress is not None and t.start - done >= WINDOW:
            done = t.start
            progress(done, len(text))
        keep = kept.get(t.text, 0)
        if keep == 0:
            keep = kept[t.text] = True if not config.misreads else _kept_anywhere(rep, t.text, lost)
        if keep is None:  # kept at a sentence's start ("Die"), judged elsewhere
            keep = t.start in starts
        if keep or taken.overlaps(t.start, t.end):
            before, t = t, after
            continue
        # a word across a sentence's end is no neighbour ("gegeben. 2012 hatte")
        prev = before.text if before is not None and not _SENTENCE_END.search(text, before.end, t.start) else ""
        nxt = after.text if after is not None else ""
        after_acronym = prev.isupper() and len(prev) > 1 and text[t.start - 1 : t.start] == "-"
        if after_acronym and not rep.vocab.suspicious(t.text) and not (lost and _lost_umlaut_part(rep, t.text)):
            before, t = t, after
            continue  # "USB-Stick", "EDV-System": loan words after an acronym
        # what Tesseract itself said of the word (a scan's; None for a transcription)
        ocr_conf = confidences.at(t.start, t.end) if confidences is not None else None
        v = judge(t.text, t.start, prev, nxt, _fragment(text, t.start, t.end), ocr_conf)
        if v is not None:
            emit(t.start, t.end, v.after, v.rule, v.confidence, v.why, v.alternatives)
        elif config.misreads and text[t.end : t.end + 1] == "!" and not text[t.end + 1 : t.end + 2].isalnum() \
                and not ocr_sure(ocr_conf):
            said = noise.exclaimed(lexicon, rep.vocab.known, t.text, t.start in starts)  # "Befeh!"
            if said is not None:
                emit(t.start, t.end + 1, said[0], "noise", said[1], said[2])
        before, t = t, after
    if progress is not None:
        progress(len(text), len(text))

    # 3. signs and punctuation: quotes, §, Roman numerals, dashes, stray marks, commas
    taken = SpanSet([(c.start, c.end) for c in out])
    # words as steps 1 and 2 made them ("tagsgebäude" is the end of "Reichstagsgebäude")
    applied = ({c.start: c for c in out if c.applied}, {c.end: c for c in out if c.applied})
    for fix in fixes.FIXES:
        if not config.enabled(fix.__name__):
            continue
        found = fix(text, lambda w, start, end: rep.vocab.known(_repaired(w, start, end, applied), False) is not None,
                    fixes.command_names(lexicon)) if fix is fixes.commas else fix(text)
        for start, end, after, conf, why in found:
            if protected.overlaps(start, end) or taken.overlaps(start, end):
                continue
            emit(start, end, after, fix.__name__, conf, why)
        taken = SpanSet([(c.start, c.end) for c in out])

    out.sort(key=lambda c: c.start)
    return out


#: after a joined word, whatever is glued to it and the space before the rest of its line
_REST_OF_LINE = regex.compile(r"\S*([ \t]+)(?=\S)")


class Evidence:
    """What :func:`analyse`'s first pass gathers from a document's words (its own words on
    one line, their counts, names' shapes, hyphenated words): of one text, or merged over
    the windows of a long one (:meth:`merge`)."""

    def __init__(self, words, fragments, after_capital, chains, joined, hyphenated):
        self.words = words  #: the words (a sequence; counts are all that matter)
        self.fragments: set[str] = fragments
        self.after_capital: set[str] = after_capital
        self.chains: set[tuple[str, str]] = chains
        self.joined: set[str] = joined
        self.hyphenated: set[str] = hyphenated
        self._stats = None
        self.kept: dict[str, bool | None] = {}

    def stats(self, rep: MisreadRepairer, misreads: bool):
        """(the document's :class:`~ocr_repair.misreads.DocumentStats`, its hyphenated
        words), made once (the windows of a document share them)."""
        key = (id(rep), misreads)
        if self._stats is None or self._stats[0] != key:
            stats = rep.document_stats(self.words, misreads)
            # half a hyphenated word names nothing ("Rechtsvor-" of a split OCR did not mark)
            stats.names -= self.fragments
            stats.after_capital = self.after_capital | {last for middle, last in self.chains
                                                        if middle in self.after_capital}
            self._stats = key, stats, Hyphenated(self.hyphenated)
            self.kept = {}  # analyse's forms kept anywhere, under these stats
        return self._stats[1], self._stats[2]

    def merge(self, other: Evidence) -> None:
        """Add ``other``'s (a later window's) to this one (``words`` a :class:`WordCounts`)."""
        self.words.update(other.words)
        self.fragments |= other.fragments
        self.after_capital |= other.after_capital
        self.chains |= other.chains
        self.joined |= other.joined
        self.hyphenated |= other.hyphenated
        self._stats = None


class WordCounts(dict):
    """A document's words as counts, iterated as the words (each as often as it occurs):
    what :meth:`MisreadRepairer.document_stats` reads, in memory of the distinct words."""

    def update(self, words) -> None:  # type: ignore[override]
        for w in words:
            self[w] = self.get(w, 0) + 1

    def __len__(self) -> int:
        return sum(self.values())

    def __iter__(self):
        for w, n in self.items():
            for _ in range(n):
                yield w


def gather_evidence(text: str, config: Config, lexicon: Lexicon) -> Evidence:
    """The evidence :func:`analyse` gathers from ``text`` (a window of a document, the
    text before its layout: the layout changes blank lines only, which no evidence reads)."""
    _, toks, _, split_ranges = _scan(text, config)
    ev = _gather(text, toks, split_ranges, lexicon, repairer_for(lexicon))
    counts = WordCounts()
    counts.update(ev.words)
    ev.words = counts
    return ev


def _scan(text: str, config: Config):
    """(protected spans, the words, the line-break splits, their spans) of ``text``."""
    ignore = [regex.compile(p) for p in config.ignore]
    urls, technical = fast_protected(text)
    extra = [m.span() for pat in ignore for m in pat.finditer(text)]
    protected = SpanSet(urls + technical + extra)
    toks = _Tokens(text, protected)
    # a line-break hyphen inside a technical token is still decided ("/usr/lo-⏎cal/")
    hard = SpanSet(urls + extra)
    splits = [s for s in fast_splits(text) if not hard.overlaps(s.start, s.end)]
    return protected, toks, splits, SpanSet([(s.start, s.end) for s in splits])


def _gather(text: str, toks, split_ranges: SpanSet, lexicon: Lexicon, rep: MisreadRepairer) -> Evidence:
    """:func:`analyse`'s first pass over the words of ``text``."""
    line_words = _Words()
    fragments: set[str] = set()
    after_capital: set[str] = set()
    # a name's chain, "Anna Maria Hochhauser" (the middle name may look like a noun:
    # "Marianen"): (middle, last) of three capitalised words in a row, told once all is read
    chains: set[tuple[str, str]] = set()
    z = a = None
    in_split = split_ranges.overlaps if split_ranges.starts else None
    add_word = line_words.append
    for b in toks:
        if in_split is not None and in_split(b.start, b.end):
            continue
        add_word(b.text)
        if text[b.end : b.end + 1] in _HYPHENS or b.start and text[b.start - 1] in _HYPHENS:  # _fragment
            fragments.add(b.text)
        if z is not None and z.text[:1].isupper() and a.text[:1].isupper() and b.text[:1].isupper() \
                and b.text[1:].islower() and text[z.end : a.start] == " " and text[a.end : b.start] == " ":
            chains.add((a.text, b.text))
        if a is not None and a.text[:1].isupper() and a.text[1:].islower() and text[a.end : b.start] == " " \
                and len(a.text) <= FIRST_NAME_LENGTH and (lexicon.freq(a.text.lower()) is None or lexicon.is_caseless(a.text)) \
                and not rep.vocab.has_umlaut_twin(a.text) \
                and a.text not in ADDRESS_FORMS and not _has_plural(lexicon, a.text):
            after_capital.add(b.text)
        z, a = a, b
    doc_joined = {w.lower() for w in line_words.forms}  # each form once
    hyphenated = {m.group().lower() for m in regex.finditer(r"\p{L}+(?:-\p{L}+)+", text)}
    return Evidence(line_words, fragments, after_capital, chains, doc_joined, hyphenated)


#: a character that every match of ``tokens.PROTECTED_RE`` or ``TECHNICAL_RE`` holds (but
#: inline code, which may hold spaces: a text with a backtick is scanned whole); stdlib
#: ``re``, which finds these faster than ``regex``
_PROTECTION_MARK = re.compile(r"[@_\\<`/$#:-]|\.[^ \t\n]|[A-Za-z][0-9]")
_SPACE = regex.compile(r"\s")
_SPACE_BEFORE = regex.compile(r"(?r)\s")


def fast_protected(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of ``tokens.PROTECTED_RE`` and of ``TECHNICAL_RE`` in ``text``, as their
    ``finditer`` over the whole text gives them, found faster: no match of either holds a
    space (but inline code), and each holds one of :data:`_PROTECTION_MARK`; so only the
    runs of non-space characters around such a mark are scanned (from the run's start, to
    two characters past its end, which the patterns' look-aheads may read)."""
    if "`" in text:
        return [m.span() for m in PROTECTED_RE.finditer(text)], [m.span() for m in TECHNICAL_RE.finditer(text)]
    urls: list[tuple[int, int]] = []
    technical: list[tuple[int, int]] = []
    end, n = -1, len(text)
    for mark in _PROTECTION_MARK.finditer(text):
        p = mark.start()
        if p < end:
            continue  # the run already scanned
        before = _SPACE_BEFORE.search(text, 0, p)
        start = before.end() if before is not None else 0
        after = _SPACE.search(text, p)
        end = after.start() if after is not None else n
        stop = min(n, end + 2)
        urls.extend(m.span() for m in PROTECTED_RE.finditer(text, start, stop) if m.start() < end)
        technical.extend(m.span() for m in TECHNICAL_RE.finditer(text, start, stop) if m.start() < end)
    return urls, technical


#: where a split may be: a line-break hyphen (``SPLIT_RE``'s ``h``, then the line break)
_SPLIT_END = re.compile(r"(?:-[-\u2010\u2011]|[-\u00ad\u2010\u2011])[ \t]*\r?\n")
_SPLIT_PART_BEFORE = regex.compile(r"(?r)[\p{L}\p{M}0-9]+")


def fast_splits(text: str) -> list:
    """``dehyphenate.find_splits(text)``, found faster: ``SPLIT_RE`` is tried only where a
    letter run ends in a hyphen and a line break (it scans every letter of every word),
    from where its full search would first match: the run's start, or the last match's end."""
    from .dehyphenate import SPLIT_RE, Split

    out, last = [], 0
    for cand in _SPLIT_END.finditer(text):
        hyphen = cand.start()
        if hyphen <= last:
            continue
        run = _SPLIT_PART_BEFORE.match(text, last, hyphen)
        if run is None:
            continue
        m = SPLIT_RE.match(text, run.start())
        if m is not None:
            out.append(Split(m.start("a"), m.end("b"), m["a"], m["h"] + (m["h2"] or ""), m["b"]))
            last = m.end()
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


#: characters of a window of words (:func:`analyse`): whole lines, cut after a blank line
WINDOW = 1 << 20

_LETTERS = regex.compile(r"\p{L}+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def windows(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """``text`` cut into spans of about ``size`` characters (or more: a paragraph is never
    cut) that end after a blank line (or with the text), covering it in order."""
    out, start, n = [], 0, len(text)
    while n - start > size:
        m = _BLANK_LINE.search(text, start + size)
        if m is None:
            break
        out.append((start, m.end()))
        start = m.end()
    out.append((start, n))
    return out


class _Tokens:
    """The words of ``text`` outside ``protected`` spans, in order, read window by window
    (:func:`windows`): held as a list only where the text is one window. A word never
    holds a line break, and ``WORD_RE`` looks no further than the next character, so each
    window's words are the whole text's words there."""

    def __init__(self, text: str, protected: SpanSet):
        self.text, self.protected = text, protected
        self.spans = windows(text, WINDOW)
        self._list = list(self._read()) if len(self.spans) == 1 else None

    def _read(self) -> Iterator[Token]:
        text, overlaps = self.text, self.protected.overlaps
        for a, b in self.spans:
            for m in WORD_RE.finditer(text, a, b):
                start, end = m.span()
                if not overlaps(start, end):
                    yield Token(start, end, m.group())

    def __iter__(self) -> Iterator[Token]:
        return iter(self._list) if self._list is not None else self._read()


class _Words(Sequence):
    """The texts of a document's words, compactly: each distinct word once, an array of
    indices into them (a list of 10 million references would be 80 MB)."""

    def __init__(self) -> None:
        self.forms: list[str] = []
        self._index: dict[str, int] = {}
        self._ids = array("I")

    def append(self, word: str) -> None:
        i = self._index.get(word)
        if i is None:
            i = self._index[word] = len(self.forms)
            self.forms.append(word)
        self._ids.append(i)

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self.forms[k] for k in self._ids[i]]
        return self.forms[self._ids[i]]

    def __iter__(self) -> Iterator[str]:
        forms = self.forms
        return (forms[k] for k in self._ids)


def _kept_anywhere(rep: MisreadRepairer, word: str, umlauts_lost: bool) -> bool | None:
    """Whether ``rep.judge`` returns None for ``word`` whatever its neighbours and place
    (True), only at a sentence's start (None), or may not (False), in a document that has
    (or has not) lost its umlauts.

    Kept are a word of the user's list, and a word the lexicon knows as written (or as a
    noun: ``known`` is then the same anywhere, and no capital stands where a small letter
    is meant) that carries no misread mark and is none of the words the judge reads in
    context ("fur", "ber"), no acronym the lexicon lacks ("OVP"), and, where the document
    lost its umlauts, one no twin can be meant for (it has an umlaut, fewer than three
    letters, or is known only from the caseless list). A capitalised word known only in
    small letters ("Die") is kept so at a sentence's start; elsewhere it is judged.

    This mirrors the judge's first steps (``MisreadRepairer.judge`` down to
    ``_real_word``'s early returns); ``tests/test_repair_speed.py`` holds it to them."""
    lex = rep.lex
    if lex.is_listed(word):
        return True
    low = word.lower()
    if low in judge_words("fuer-misread") or low == "ber" or rep.vocab.suspicious(word) \
            or word in judge_words("ein-misread") or word in judge_words("waere-misread"):
        return False
    anywhere = True
    if lex.freq(word) is None:
        if word.isupper() and len(word) > 1:
            return False  # an acronym: its umlaut twin may be a listed one
        if lex.noun_freq(word) is None:
            if rep.vocab.known(word, True) is None:
                return False
            anywhere = None
    if not umlauts_lost or any(c in "äöüÄÖÜß" for c in word) or len(word) < 3 or lex.is_caseless(word):
        return anywhere
    return False


def _has_plural(lexicon: Lexicon, word: str) -> bool:
    """A noun with a plural ("Familie", "Präsidentin"), not a first name ("Irmgard", "Anna")."""
    return lexicon.freq(word + "en") is not None or lexicon.freq(word + "nen") is not None \
        or word.endswith(("e", "er", "el")) and lexicon.freq(word + "n") is not None


def _lost_umlaut_part(rep: MisreadRepairer, word: str) -> bool:
    """Whether the part of a hyphenated word after an acronym ("ORF-Buro", "EU-Turkei") is,
    in a text that lost its umlauts, judged like a word: no word as written, no English
    one, and one or two umlauts make it a known word."""
    from .vocabulary import english_zipf

    return len(word) >= 4 and rep.vocab.known(word, True) is None and english_zipf(word) is None \
        and rep.vocab.has_umlaut_twin(word)


#: a ß the German model read as "-B" (a mis-set run as "-R", "-S") inside a word: "Grö-Be"
_SHARP_S_HYPHEN = regex.compile(r"(?<![\p{L}\p{N}-])(\p{L}{1,12}[aeiouäöüAEIOUÄÖÜ])-([BRS])(\p{Ll}{1,12})(?![\p{L}\p{N}-])")


#: the join beats a first part the frequency list alone knows by this much (Zipf×100)
SHARP_S_MARGIN = 100


def _sharp_s_hyphen(rep: MisreadRepairer, left: str, right: str, lost: bool) -> str | None:
    """The word "Grö-Be" is ("Größe"): ``left`` no word of its own, and ``left`` + ß +
    ``right`` a known word (in a text that lost its umlauts, one umlaut misread away:
    "Fu-Sen" is "Füßen"); else None."""
    vocab = rep.vocab
    f = vocab.known(left, True)
    if f is not None and not rep.lex.is_caseless(left):
        return None  # a word of its own ("Piraterie-Boxen")
    joined = left + "ß" + right
    jf = vocab.known(joined, False)
    if jf is None and lost:
        twins = vocab.twins(joined, False)
        if len(twins) == 1:
            joined, jf = twins[0].word, vocab.known(twins[0].word, False)
    # the frequency list's junk ("Grö", "hei") counts as no word beside a far more frequent one
    return joined if jf is not None and (f is None or jf >= f + SHARP_S_MARGIN) else None


#: a capitalised word longer than this is no first name before a surname ("Maximiliane" is
#: 11 letters; "Ausschlussgrund Verjahrung" is a noun before a noun)
FIRST_NAME_LENGTH = 12


#: the hyphens that make a word part of a hyphenated one (:func:`_fragment`)
_HYPHENS = ("-", "\u2010", "\u2011")


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
