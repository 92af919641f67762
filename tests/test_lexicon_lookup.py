"""Lexicon look-ups keep their answers per word; words added later are seen at once."""

from __future__ import annotations

import pytest

from ocr_repair import lexicon


def test_added_words_are_seen_after_a_cached_answer():
    lex = lexicon.Lexicon()
    assert lex.freq("Quarkwitzer") is None and lex.noun_freq("Quarkwitzern") is None  # answers now kept
    lex.add_words(["Quarkwitzer"])
    assert lex.freq("Quarkwitzer") == 300
    assert lex.noun_freq("Quarkwitzer") == 300
    assert "Quarkwitzer" in lex


def test_cached_answers_equal_fresh_ones():
    words = ["Größe", "größe", "GRÖSSE", "Angeboten", "Förder", "Nordrhein-Westfalen", "xqzt", "Bürger", "bürger"]
    warm = lexicon.Lexicon()
    first = [(warm.freq(w), warm.noun_freq(w)) for w in words]
    again = [(warm.freq(w), warm.noun_freq(w)) for w in words]
    fresh = [(lexicon.Lexicon().freq(w), lexicon.Lexicon().noun_freq(w)) for w in words]
    assert first == again == fresh
    assert warm.freq("Größe") is not None and warm.noun_freq("Angeboten") is not None


@pytest.mark.parametrize("with_filter", [False, True])
def test_answer_caches_are_bounded(monkeypatch, with_filter):
    monkeypatch.setattr(lexicon, "CACHE_LIMIT", 100)
    lex = lexicon.Lexicon()
    if not with_filter:
        lex._filter = None  # every answer is remembered
    else:
        # the filter answers a string that is no word again: it is not remembered
        assert lex._filter is not None and lex.freq("Unwort0") is None and "Unwort0" not in lex._freq
        for i in range(1000):
            lex.freq(f"Haus{i}")
            lex.freq("Größe")
        assert len(lex._freq) <= 100 and "Größe" in lex._freq
        return
    for i in range(1000):
        lex.freq(f"Unwort{i}")
        lex.noun_freq(f"Unwörter{i}")
    assert max(len(lex._cache), len(lex._freq), len(lex._noun)) <= 100
    assert "Unwort999" in lex._freq and "Unwort0" not in lex._freq  # the newest stay
    assert lex.freq("Größe") == lexicon.Lexicon().freq("Größe")
