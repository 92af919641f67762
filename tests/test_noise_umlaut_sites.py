"""A mis-set run's umlaut written as two letters ("modglich", "phadnomenal", "fulhren") or as a
stutter of its vowel's capital ("koOnne"), and a small letter stuttered as a capital ("kKonnen")."""

import pytest

from ocr_repair.pipeline import repair_text

#: a mis-set run: its umlauts lost throughout
LOST = "Die Burger fur die Gebaude uber der Brucke wurden gepruft. "


@pytest.mark.parametrize("word,meant", [
    ("fulhren", "führen"),
    ("phadnomenal", "phänomenal"),
    ("Enthutllungen", "Enthüllungen"),
    ("koOnne", "könne"),
    ("kKonnen", "können"),
])
def test_mis_set_umlaut_of_two_letters(word: str, meant: str):
    before = LOST + f"Sie sagte, man {word} das."
    if word[0].isupper():
        before = LOST + f"Sie sprach von {word} im Amt."
    out = repair_text(before).text.rstrip("\n")
    assert meant in out and word not in out


def test_correct_mixed_case_and_words_with_those_letters_stay():
    text = "Die Firma eBay und das iPhone, der Radweg, die Mode und das Sodbrennen bleiben, sagte er."
    assert repair_text(text).text.rstrip("\n") == text


def test_a_dotless_i_in_a_two_letter_word():
    text = "Das steht ım Vertrag, und sie gehen ın die Stadt."
    assert repair_text(text).text.rstrip("\n") == "Das steht im Vertrag, und sie gehen in die Stadt."


def test_an_umlaut_the_german_model_made_of_a_speck():
    """In a text with its umlauts: "Operäationen", "Däatenablage" (ä beside its a) lose the
    umlaut; names stay."""
    before = "Die Verwaltungs-Operäationen der Däatenablage prüfen wir über Mödling und Pöggstall."
    after = "Die Verwaltungs-Operationen der Datenablage prüfen wir über Mödling und Pöggstall."
    assert repair_text(before).text.rstrip("\n") == after


def test_a_far_more_frequent_reading_outweighs_an_accidental_compound():
    """"modglich" splits into "Mod" + "glich"; in a mis-set run it is "möglich"."""
    out = repair_text(LOST + "Das ist nicht modglich, sagte er am Radweg.").text
    assert "nicht möglich, sagte er am Radweg." in out
