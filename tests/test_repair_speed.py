"""The repair engine's short cuts give the answers the long way gives (issue 13).

Windows of words, the judge skipped for words it keeps anywhere, spans found by a
pre-filter, remembered compound splits: each is held here to the plain computation on
texts these tests make themselves. No timings.
"""

from __future__ import annotations

import io
import random
import re

import pytest

from ocr_repair import Config, compounds, repair
from ocr_repair.dehyphenate import find_splits
from ocr_repair.lexicon import Lexicon
from ocr_repair.pipeline import get_lexicon, repair_progress, repair_text
from ocr_repair.tokens import PROTECTED_RE, TECHNICAL_RE

from texts import OCR

#: a mis-set run (umlauts lost) and a correctly set one, with names, acronyms, splits,
#: quotes, a URL, sentence starts, English words, "fur"
PARAGRAPHS = [
    OCR,
    "Die Landesregierung unterstutzt die Zentren. Die Zentren helfen vor Ort; die Beratung ist kostenlos.\n",
    "Herr Griss sagte in Klosterneuburg: ,Wir kummern uns um die Menschen.* Die OVP und die SPO\n"
    "stimmten fur den Antrag. Der Antrag wurde angenommen, die Mehrarbeitszuschlage bleiben.\n",
    "Die Stadt Gummersbacher Strasse 5 liegt in NRW. Weitere Informationen unter www.example.org/presse\n"
    "oder per E-Mail an presse@example.org; Dateien: bericht_2020.pdf, /usr/local/bin.\n",
    "Mit einer Forderung von 7,05 Millionen Euro unterstützt das Land den Aufbau der Integrati-\n"
    "onszentren in Nordrhein-\nWestfalen und die Bildungs- und Förderangebote der Volkshochschulen.\n",
    "Sie hatte das Update fur den Kernel installiert, das dist-\nupgrade lief uber Nacht. Er6ffnung am Montag.\n",
]


def made_up_text(n: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    return "\n".join(rnd.choice(PARAGRAPHS) for _ in range(n))


def test_windows_cover_the_text_at_blank_lines():
    text = made_up_text(40)
    spans = repair.windows(text, 500)
    assert len(spans) > 5
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(re.search(r"\n[ \t]*\n\Z", text[a:b]) for a, b in spans[:-1])


@pytest.mark.parametrize("window", [300, 1000])
def test_windowed_analysis_equals_one_pass(monkeypatch, window):
    """A made-up text of many windows: the same corrections (offsets, lines, columns,
    verdicts) as with the whole text in one window, and the same repaired text."""
    lex = get_lexicon(Config())
    text = made_up_text(60)
    whole = repair.analyse(text, Config(), lex)
    monkeypatch.setattr(repair, "WINDOW", window)
    assert len(repair.windows(text, window)) > 10
    seen: list[tuple[int, int]] = []
    windowed = repair.analyse(text, Config(), lex, progress=lambda done, total: seen.append((done, total)))
    assert windowed == whole
    assert whole and any(c.rule == "dehyphenate" for c in whole) and any(c.rule == "misread" for c in whole)
    # the offsets point at what they replace, in every window
    assert all(text[c.start : c.end] == c.before for c in windowed)
    assert repair.apply_corrections(text, windowed) == repair.apply_corrections(text, whole)
    assert len(seen) > 3 and seen[-1] == (len(text), len(text)) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_windowed_repair_text_equals_one_pass(monkeypatch):
    text = made_up_text(30, seed=3)
    whole = repair_text(text, Config())
    monkeypatch.setattr(repair, "WINDOW", 400)
    windowed = repair_text(text, Config())
    assert windowed.text == whole.text and windowed.markdown == whole.markdown
    assert windowed.corrections == whole.corrections


def test_document_evidence_is_the_whole_documents(monkeypatch):
    """A name the document repeats only across windows is still its name: the evidence is
    gathered over the whole text before any window is judged."""
    lex = get_lexicon(Config())
    filler = "Die Beratung ist kostenlos und findet im Rathaus statt.\n\n" * 30
    text = "Burgermeisterin Kruger eroffnete die Sitzung.\n\n" + filler + "Kruger sagte, die Stadt wachse.\n\n" + \
        filler + "Ein Dank an Kruger.\n"
    whole = repair.analyse(text, Config(), lex)
    monkeypatch.setattr(repair, "WINDOW", 200)
    assert repair.analyse(text, Config(), lex) == whole


def test_progress_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert repair_progress(10 * repair.WINDOW, io.StringIO()) is None  # not a terminal
    assert repair_progress(100, Tty()) is None  # short: no line
    out = Tty()
    show = repair_progress(10 * repair.WINDOW, out)
    show(repair.WINDOW, 10 * repair.WINDOW)
    assert "repairing" in out.getvalue() and "(10 %)" in out.getvalue()
    show(10 * repair.WINDOW, 10 * repair.WINDOW)
    assert out.getvalue().endswith("\r\033[K")


# -- the judge skipped for words it keeps anywhere -----------------------------------------

CONTEXTS = ["", "der", "die", "des", "Die", "werden", "wird", "Straße", "und", "the", "upgrade", "fur", "in", "Frau",
            "Bochumer", "lasst", "uns", "von", "Hohe"]


def vocabulary() -> list[str]:
    words = set()
    for p in PARAGRAPHS:
        words.update(t.text for t in repair._Tokens(p, repair.SpanSet([])))
    return sorted(words | {"Die", "Der", "OVP", "KOMM", "NRW", "fur", "Fur", "ber", "hatte", "wahrend", "Ublichen",
                           "Öffentlich", "Zu", "lasst", "Hohe", "B", "R", "GmbH", "StR", "groBe", "list", "kernel",
                           "Kruger", "Griss", "lief", "Strafe", "Mieter", "Uberwalzt"})


@pytest.mark.parametrize("lost", [False, True])
def test_kept_anywhere_words_are_kept_by_the_judge(lost):
    """Wherever ``_kept_anywhere`` says the judge keeps a word, the judge does keep it: in
    every position and beside every neighbour tried (None: at a sentence's start)."""
    lex = get_lexicon(Config())
    rep = repair.repairer_for(lex)
    stats = rep.document_stats(vocabulary())
    stats.repairable_unknown, stats.with_umlaut = (100, 0) if lost else (0, 100)
    assert stats.umlauts_lost is lost
    kept = {w: repair._kept_anywhere(rep, w, lost) for w in vocabulary()}
    assert sum(v is True for v in kept.values()) > 10 and any(v is None for v in kept.values())
    assert kept["fur"] is False and kept["OVP"] is False and kept["Die"] is (False if lost else None)
    for word, keep in kept.items():
        if keep is False:
            continue
        for ss in (True,) if keep is None else (True, False):
            for fragment in (False, True):
                for prev in CONTEXTS:
                    for nxt in CONTEXTS:
                        assert rep.judge(word, ss, stats, prev, nxt, fragment) is None, (word, ss, prev, nxt)


def test_the_short_cut_changes_no_answer(monkeypatch):
    """The same corrections with the short cut switched off (every word judged)."""
    lex = get_lexicon(Config())
    text = made_up_text(20, seed=11) + "\n" + OCR.replace("ae", "a")
    fast = repair.analyse(text, Config(), lex)
    monkeypatch.setattr(repair, "_kept_anywhere", lambda rep, word, lost: False)
    assert repair.analyse(text, Config(), lex) == fast


def test_kept_per_document_not_per_word(monkeypatch):
    """The short cut's answers are remembered per document: "wahrend" is kept in a text whose
    umlauts are right and judged in one that lost them (a cache keyed by the word alone would
    keep it in both)."""
    lex = get_lexicon(Config())
    rep = repair.repairer_for(lex)
    assert repair._kept_anywhere(rep, "wahrend", False) is True
    assert repair._kept_anywhere(rep, "wahrend", True) is False
    right = "Die Zentren helfen während der Woche. Die Beratung ist für alle kostenlos und öffentlich.\n"
    lost = "Die Zentren helfen wahrend der Woche. Die Beratung ist fur alle kostenlos und offentlich, " \
           "die Burger konnen uber die Stadt Antrage stellen. Es gibt Gesprache fur Familien.\n"
    assert not any(c.before == "wahrend" for c in repair.analyse(right.replace("während", "wahrend"), Config(), lex))
    assert any(c.before == "wahrend" and c.after == "während" for c in repair.analyse(lost, Config(), lex))


# -- spans by pre-filter --------------------------------------------------------------------

def test_fast_spans_equal_the_patterns_finditer():
    rnd = random.Random(1)
    alphabet = list("abcäöüßXYZ019 -\u00ad\u2010\u2011\n\t\r\f.@_/\\<>$#:~{}[]+*=,;ſ\u0301\u00a0\x1c") + \
        ["http://", "www.", ".de", ".pdf", "--", "-\n", "- \n\n", " 5", "$PATH", "#tag", "S6", "ABC12", "mail.log"]
    texts = PARAGRAPHS + ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 60))) for _ in range(3000)]
    texts.append("Code: `ls -la /tmp` und `x_y`, dann www.example.org.")  # a backtick: scanned whole
    for text in texts:
        urls, technical = repair.fast_protected(text)
        assert urls == [m.span() for m in PROTECTED_RE.finditer(text)], text
        assert technical == [m.span() for m in TECHNICAL_RE.finditer(text)], text
        assert [(s.start, s.end, s.a, s.hyphen, s.b) for s in repair.fast_splits(text)] == \
            [(s.start, s.end, s.a, s.hyphen, s.b) for s in find_splits(text)], text


# -- remembered compound splits -------------------------------------------------------------

def test_compound_splits_remembered_per_lexicon_and_emptied_by_added_words(tmp_path):
    lex = Lexicon()
    word = "Quxbarwerkstatt"
    assert compounds.split_compound(lex, word) is None
    assert (word, 0, False) in lex.splits
    lex.add_words(["Quxbar"])  # a new modifier: the remembered "no split" would now be wrong
    assert not lex.splits
    found = compounds.split_compound(lex, word)
    assert found is not None and found[0] == ("Quxbar", "werkstatt")
    # the key holds how it was asked: a modifier's own split (head in any case) is another answer
    for args in ((1, True), (0, False)):
        plain = compounds._split(lex, "Grundschulklassen", *args)
        got = compounds.split_compound(lex, "Grundschulklassen", *args)
        assert got == (None if plain is None else (tuple(plain[0]), plain[1]))


def test_vocabulary_answers_remembered_by_position_and_emptied_by_added_words():
    from ocr_repair.vocabulary import Vocabulary

    vocab = Vocabulary(Lexicon())
    # twins are remembered per (word, sentence_start): mid-sentence "Über" needs a noun
    # reading, so a key of the word alone would hand the sentence start's order back
    mid = vocab.twins("Uber", False)
    start = vocab.twins("Uber", True)
    assert start == Vocabulary(Lexicon()).twins("Uber", True)
    assert mid == Vocabulary(Lexicon()).twins("Uber", False)
    assert [c.word for c in start] != [c.word for c in mid]
    # a word the lexicon learns later: the remembered "no reading" would now be wrong
    word = "Xyzfufs"
    assert vocab.candidates(word, True) == [] and not vocab.has_umlaut_twin(word)
    vocab.lex.add_words(["Xyzfuß"])
    assert [c.word for c in vocab.candidates(word, True)] == ["Xyzfuß"]
    assert vocab.has_umlaut_twin(word)


def _reference_candidates(word, max_edits=3, max_sites=14, max_cost=None, umlauts_only=False,
                          max_total=None, min_edits=1):
    """The enumeration as it was: every combination of sites, overlapping ones filtered out."""
    from itertools import combinations

    from ocr_repair import confusions

    all_sites = confusions.sites(word)
    if max_cost is not None or umlauts_only:
        all_sites = [s for s in all_sites if (max_cost is None or s[3] <= max_cost)
                     and (not umlauts_only or confusions.adds_umlaut(word[s[0]:s[1]], s[2]))]
    if len(all_sites) > max_sites:
        all_sites = sorted(sorted(all_sites, key=lambda s: s[3])[:max_sites])
    for n in range(min_edits, max_edits + 1):
        for combo in combinations(all_sites, n):
            if any(a[1] > b[0] for a, b in zip(combo, combo[1:])):
                continue
            if max_total is not None and sum(c[3] for c in combo) > max_total:
                continue
            out, pos, cost = [], 0, 0.0
            for start, end, meant, c in combo:
                out += [word[pos:start], meant]
                pos, cost = end, cost + c
            yield "".join(out + [word[pos:]]), cost, combo


@pytest.mark.parametrize("word", ["Strafsenbahnhaltestelle", "VerstoB", "Gewahrungsleistungsuberprufung",
                                  "kOnnen", "Ful3ballubertragung", "fiir", "Haus"])
def test_confusion_candidates_equal_the_plain_enumeration(word):
    from ocr_repair import confusions

    # the sites are remembered per word and the chosen sites per (word, settings): asking
    # with other settings first must not change the answer, nor a caller's change of a list
    confusions.sites(word).clear()
    for kw in ({"max_edits": 2, "max_cost": 0.6, "umlauts_only": True}, {}, {"max_edits": 1},
               {"max_edits": 3, "max_total": 2.0}, {"max_edits": 3, "max_total": 0.9, "min_edits": 2},
               {"max_sites": 4}):
        assert list(confusions.candidates(word, **kw)) == list(_reference_candidates(word, **kw))


def test_candidates_searched_once_per_word_scored_per_place():
    from ocr_repair.vocabulary import Vocabulary

    # the search is remembered per word, the scores per place: "Überall" mid-sentence is
    # only the lower-case word's, so a remembered sentence-start answer would rank it first
    vocab = Vocabulary(Lexicon())
    mid = vocab.candidates("Uberall", False)
    start = vocab.candidates("Uberall", True)
    assert "Uberall" in vocab._raw
    assert start == Vocabulary(Lexicon()).candidates("Uberall", True)
    assert mid == Vocabulary(Lexicon()).candidates("Uberall", False)
    assert start[0].word == "Überall" and mid[0].word == "überall"


# -- the lexicon's word filter, the document's evidence per form, English words in place ----


def _unfiltered(lex: Lexicon) -> Lexicon:
    """A second lexicon over the same file that searches the map for every string."""
    plain = Lexicon(lex.path)
    plain._filter = None
    return plain


def test_the_word_filter_changes_no_look_up():
    """Every look-up answers as the map's search alone does: words, their cases, compound
    parts and strings that are no words (made-up readings of made-up text)."""
    lex = Lexicon()
    assert lex._filter is not None
    plain = _unfiltered(lex)
    forms = set()
    for w in re.findall(r"\w+", made_up_text(30, seed=5) + OCR):
        forms |= {w, w.lower(), w.capitalize(), w.upper(), w[:-1], w[1:], w + "n", w[:3], w[3:].capitalize()}
    forms |= {"Förder", "Staatssekretär", "auBerhalb", "OVP", "Bürger\t450", "", "x"}
    for w in sorted(forms):
        assert (lex.freq(w), lex.noun_freq(w), lex.part_freq(w), lex.is_caseless(w)) \
            == (plain.freq(w), plain.noun_freq(w), plain.part_freq(w), plain.is_caseless(w)), w


def test_the_word_filter_changes_no_correction(monkeypatch):
    """The same corrections with the filter and without it (the map searched for every string)."""
    lex = get_lexicon(Config())
    text = made_up_text(12, seed=3) + "\n" + OCR
    fast = repair.analyse(text, Config(), lex)
    plain = _unfiltered(lex)
    monkeypatch.setattr(repair, "_REPAIRERS", {})
    assert repair.analyse(text, Config(), plain) == fast


def test_document_evidence_counts_each_form_as_often_as_it_occurs():
    """Counted per form, the evidence is what counting every occurrence gives."""
    from ocr_repair.misreads import DocumentStats

    rep = repair.repairer_for(get_lexicon(Config()))
    words = re.findall(r"\w+", (PARAGRAPHS[1] + PARAGRAPHS[2]) * 3 + "Gesprache fur Burger uber Antrage")
    stats = rep.document_stats(words)
    assert stats.counts == {w: words.count(w) for w in dict.fromkeys(words)}
    assert list(stats.counts) == list(dict.fromkeys(words))  # the order of first use
    assert stats.with_umlaut == sum(1 for w in words if any(c in "äöüÄÖÜß" for c in w))
    assert stats.repairable_unknown == sum(1 for w in words if rep.vocab.has_umlaut_twin(w))
    assert stats.tokens == len(words) and isinstance(DocumentStats(words).counts, dict)


@pytest.mark.parametrize("word", ["the", "kernel", "Kernel", "list", "update", "aa", "zz", "a", "zzzz",
                                  "kernelx", "Tabelle", "upgrade", "ber", "xterm", "", "The"])
def test_english_words_searched_in_place_as_in_the_text(word):
    from ocr_repair import vocabulary

    mm, lo = vocabulary._english_map()
    text = vocabulary._english_text()
    assert vocabulary._search_english_bytes(mm, word.lower().encode(), lo) == vocabulary._search_english(text, word.lower())
    if word.isascii() and (word.islower() or word[1:].islower()):
        assert vocabulary.english_zipf(word) == vocabulary._search_english(text, word.lower())
