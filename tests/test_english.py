"""The English word list answers the same by a search of its text (the first look-ups of
a run, cheap at check's start) as by its dict (after many look-ups)."""

import random

from ocr_repair import misreads


def test_search_and_dict_agree(monkeypatch):
    words = list(misreads.english_words())
    sample = random.Random(7).sample(words, 300) + ["Haus", "qqqx", "list", "List", "LIST", words[-1], words[0]]
    monkeypatch.setattr(misreads, "_english_asked", 0)
    monkeypatch.setattr(misreads, "_ENGLISH_SCANS", 10**9)
    by_search = [misreads.english_zipf(w) for w in sample]
    monkeypatch.setattr(misreads, "_ENGLISH_SCANS", 0)
    by_dict = [misreads.english_zipf(w) for w in sample]
    assert by_search == by_dict
    assert by_search[-5] is not None and by_search[-3] is None  # "list" yes, "LIST" no
