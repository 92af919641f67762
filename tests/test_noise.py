"""General OCR noise on non-words (#12 item 2): a stray letter, a thin letter lost, a long
word only the frequency list knows, a mis-set run's umlauts and ß at any site.

Made-up German sentences, never corpus text."""

from __future__ import annotations

import pytest

from ocr_repair import noise, repair_text
from ocr_repair.lexicon import load
from ocr_repair.repair import repairer_for

#: a sentence that lost its umlauts (a mis-set run): "Behorde", "pruft", "Grunde", "fur"
LOST = "Die Behorde pruft {}, weil die Grunde fur die Messung unklar waren."


def fixed(text: str) -> str:
    return repair_text(text).text.rstrip("\n")


@pytest.mark.parametrize("noisy, meant", [
    ("verpfichtet", "verpflichtet"),      # a hairline l lost after f
    ("jedenfaills", "jedenfalls"),        # a speck read as i
    ("bezahlite", "bezahlte"),
])
def test_a_long_word_with_a_stray_or_lost_thin_letter_is_repaired(noisy, meant):
    text = f"Die Firma ist {noisy} worden, und wir sind froh darüber."
    assert fixed(text) == text.replace(noisy, meant)


def test_a_long_word_only_the_frequency_list_knows_counts_where_it_is_made_of_known_parts():
    text = "Der Antrag auf Zwangsbehandiung wurde gestern vom Gericht abgelehnt."
    assert fixed(text) == text.replace("Zwangsbehandiung", "Zwangsbehandlung")


@pytest.mark.parametrize("noisy, meant", [
    ("die Radioaktivitit", "die Radioaktivität"),   # the i of "-tät", beyond the 14 cheapest sites
    ("die Manahmen", "die Maßnahmen"),              # a ß dropped after a vowel
    ("den Oppositionsfithrer", "den Oppositionsführer"),  # "it" for ü
    ("die kiinflige Regel", "die künftige Regel"),   # an umlaut and a blurred letter (l for t)
])
def test_a_mis_set_run_gets_its_umlauts_back_at_any_site(noisy, meant):
    out = fixed(LOST.format(noisy))
    assert meant in out


def test_umlaut_readings_are_tried_only_in_a_text_that_lost_its_umlauts():
    rep = repairer_for(load())
    v = rep.vocab
    assert noise.judge(rep.lex, v.known, "Radioaktivitit", False, v.compound, True)[0] == "Radioaktivität"
    assert noise.judge(rep.lex, v.known, "Radioaktivitit", False, v.compound, False) is None
    # a short word: only toward a very frequent one
    assert noise.judge(rep.lex, v.known, "heibt", False, v.compound, True)[:2] == ("heißt", noise.FIX_CONFIDENCE)
    # the umlaut rows of the noise table are no blur of their own
    assert all(not r.count("ü") for r, _ in noise.readings("fithren"))


@pytest.mark.parametrize("word", [
    "initiert",        # a variant spelling: no i added beside an i
    "Progamme",        # a typist's slip (a letter other than i or l lost): the author's text stays
    "Kommmentar",      # one of a doubled letter is never dropped
])
def test_a_slip_of_the_author_is_neither_changed_nor_flagged(word):
    text = f"Im Text stand {word} und nichts anderes."
    result = repair_text(text)
    assert result.text.rstrip("\n") == text
    assert not [c for c in result.corrections if c.rule == "noise"]


def test_a_far_rarer_word_one_edit_away_is_no_rival_of_a_blur():
    text = "Die Stadt hat hinyegen nichts dagegen getan."
    assert fixed(text) == text.replace("hinyegen", "hingegen")


def test_edits_keep_the_first_and_last_letter_and_doubled_letters():
    out = {r for r, _ in noise.edits("Abcdeffgh")}
    assert "bcdeffgh" not in out and "Abcdeffg" not in out
    assert "Abcdefgh" not in out  # one of "ff": never dropped
    assert "Abcdeffglh" not in out  # no letter after the last
    assert noise.edits("kurz") == []


def test_a_capitalised_part_of_a_hyphenated_word_is_read_by_blurs():
    text = "Die Debian-Systeme und die Linux-Dokumentatlon sind neu."
    assert fixed(text) == text.replace("Dokumentatlon", "Dokumentation")


def test_a_part_of_a_double_name_loses_no_letter():
    # "Leitners" is one letter from "Leiters": a name's part is read by blurs only, never
    # with a letter dropped or added
    text = "Frau Ebner-Leitners Vorschlag und Herrn Kainz-Meisters Antwort kamen spät."
    assert fixed(text) == text


def test_a_short_capitalised_word_loses_no_letter():
    # a name with its genitive s: "Leitners" is no "Leiters", at a sentence start or not
    for text in ("Wir lasen Frau Leitners Vorschlag.", "Leitners Vorschlag kam spät."):
        assert fixed(text) == text
