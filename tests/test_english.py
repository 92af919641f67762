"""The English word list's binary search answers what a dict of the whole list does."""

import random

from ocr_repair import misreads


def test_search_and_dict_agree():
    words = misreads.english_words()
    keys = list(words)
    sample = random.Random(7).sample(keys, 500) + [keys[0], keys[-1], "Haus", "qqqx", "a", "zzzzzz", "", "list",
                                                  "List", "LIST"]
    for w in sample:
        want = int(words[w.lower()]) if w.lower() in words and (w.islower() or w[1:].islower()) and w else None
        assert misreads.english_zipf(w) == want, w
    assert misreads.english_zipf("list") is not None and misreads.english_zipf("LIST") is None
