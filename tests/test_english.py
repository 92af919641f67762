"""The English word list's binary search answers what a plain parse of the whole file does."""

import random

from ocr_repair import misreads
from ocr_repair.lexicon import data_file


def _parsed() -> dict[str, int]:
    rows = [ln.split("\t") for ln in data_file("english-words.txt").read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]
    return {w: int(z) for w, z in rows}


def test_search_and_a_full_parse_agree():
    words = _parsed()
    keys = sorted(words)
    sample = random.Random(7).sample(keys, 500) + [keys[0], keys[-1], "Haus", "qqqx", "a", "zzzzzz", "", "list",
                                                  "List", "LIST"]
    for w in sample:
        want = words.get(w.lower()) if w and (w.islower() or w[1:].islower()) else None
        assert misreads.english_zipf(w) == want, w
    assert misreads.english_zipf("list") is not None and misreads.english_zipf("LIST") is None
