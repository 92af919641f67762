"""The benchmark's scoring functions, on tiny hand-made strings."""

import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from scoring import cer, fold, lenient_char_edits, wer, word_changes  # noqa: E402

REF = "Er kam für die Gewährung."


def test_fold_collapses_whitespace_and_strips():
    assert fold("  Er\tkam\n\nfür \u00a0 die\r\nGewährung. \n") == REF


def test_fold_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "für")
    assert decomposed != "für"
    assert fold(decomposed) == "für"


def test_rates_ignore_layout_and_normal_form():
    hyp = unicodedata.normalize("NFD", "Er kam\nfür  die\n\nGewährung.")
    assert cer(hyp, REF) == 0
    assert wer(hyp, REF) == 0


def test_cer_counts_character_edits_per_reference_character():
    # "fiir" for "für": one substitution and one insertion
    assert cer("Er kam fiir die Gewährung.", REF) == pytest.approx(2 / len(REF))


def test_wer_counts_word_edits_per_reference_word():
    # one word wrong, one word split by a line-break hyphen (a substitution and an insertion)
    assert wer("Er kam fiir die Gewäh- rung.", REF) == pytest.approx(3 / 5)


def test_word_fixed():
    changes = word_changes("Er kam fiir die Gewährung.", REF, REF)
    assert (changes.fixed, changes.broken, changes.correct_before) == (1, 0, 4)
    assert changes.examples == []


def test_word_broken():
    changes = word_changes(REF, "Er kam fair die Gewährung.", REF)
    assert (changes.fixed, changes.broken, changes.correct_before) == (0, 1, 5)
    assert changes.examples == [("für", "fair", "für")]


def test_fixed_and_broken_in_one_repair():
    before = "Er kam fiir die Gewährung."
    after = "Er kam für die Gewahrung."
    assert word_changes(before, after, REF)[:3] == (1, 1, 4)


def test_rejoined_hyphenation_is_fixed_and_a_wrong_join_broken():
    ref = "die Einreise- und Aufenthaltsrechte"
    before = "die Einreise-\nund Aufent-\nhaltsrechte"
    after = "die Einreiseund Aufenthaltsrechte"
    changes = word_changes(before, after, ref)
    assert (changes.fixed, changes.broken, changes.correct_before) == (1, 2, 3)
    assert {ref_word for _, _, ref_word in changes.examples} == {"Einreise-", "und"}


def test_whitespace_alone_changes_nothing():
    changes = word_changes(REF, "Er  kam\nfür die\n\nGewährung.", REF)
    assert changes[:3] == (0, 0, 5)


def test_leniencies_add_up_in_turn():
    ref = "Er kam \x84heute\x93 – wie immer … ______ zurück."
    hyp = "Er kam heute - wie immer ... zurück."
    # dash alike: two C1 bytes, and "… ______" for "..." (8) remain; then "…" counts as
    # "..." (the rule and its space, 7, remain); then the truth's artefacts go
    assert lenient_char_edits(hyp, ref) == [10, 9, 0]
    assert lenient_char_edits(ref, ref) == [0, 0, 0]


def test_alike_scores_dashes_and_ellipses_as_one_sign():
    from scoring import alike

    assert alike("a – b — c - d …") == "a - b - c - d ..."


def test_correction_gain_tells_a_right_correction_from_a_wrong_one():
    from scoring import correction_gain

    ref = "Er kam für die Gewährung."
    assert correction_gain("Er kam fiir die Gewährung.", "Er kam für die Gewährung.", ref) == (2, 2)
    size, gain = correction_gain("Er kam für die Gewährung.", "Er kam fur die Gewährung.", ref)
    assert size == 1 and gain == -1
