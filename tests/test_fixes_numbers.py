"""The ``numbers`` fix: a 1 read as l, | or I; the ² of m² read as ?.

Made-up sentences of the kinds a court's press release has."""

from __future__ import annotations

import pytest

from ocr_repair import Config, repair_text


def fixed(text: str) -> str:
    return repair_text(text, Config()).text


@pytest.mark.parametrize(("ocr", "meant"), [
    ("Der Vertrag vom l. Dezember 2017 war wirksam.\n", "Der Vertrag vom 1. Dezember 2017 war wirksam.\n"),
    ("Er kündigte am |, März 2019 fristlos.\n", "Er kündigte am 1. März 2019 fristlos.\n"),
    ("Die Frist lief ab dem I. Juli 2021.\n", "Die Frist lief ab dem 1. Juli 2021.\n"),
])
def test_first_of_a_month(ocr: str, meant: str):
    assert fixed(ocr) == meant


def test_list_label_before_two():
    ocr = "Das Gericht führt aus:\n\nl. Die Klage ist zulässig.\n\n2. Sie ist auch begründet.\n"
    assert fixed(ocr) == ocr.replace("l. Die", "1. Die")


def test_list_label_before_roman_two():
    ocr = "Gründe:\n\n|. Der Antrag ist zulässig.\n\nII. Er ist unbegründet.\n"
    assert fixed(ocr) == ocr.replace("|. Der", "I. Der")


def test_list_label_over_an_arabic_list():
    ocr = "Gründe:\n\nl. Die Beschwerde ist teilweise zulässig.\n\n1. Zwar fehlt es an einer Frist.\n"
    assert fixed(ocr) == ocr.replace("l. Die", "I. Die")


def test_list_label_without_a_sequence_stays():
    ocr = "Es gilt:\n\nl. Die Klage ist zulässig.\n"
    assert fixed(ocr) == ocr


def test_senate_numbered_as_elsewhere():
    ocr = ("Der I. Revisionssenat hat die Sache verhandelt.\n\n"
           "Der 1. Revisionssenat hat sie dann zurückverwiesen.\n")
    assert fixed(ocr) == ocr.replace("I. Revisionssenat", "1. Revisionssenat")


def test_senate_by_the_file_numbers():
    roman = "Der zuständige |. Zivilsenat hat entschieden.\n\nUrteil vom 3. Mai 2021 - I ZR 12/20\n"
    assert fixed(roman) == roman.replace("|. Zivilsenat", "I. Zivilsenat")
    arabic = "Der |. Senat hat entschieden.\n\nBVerwG 3 C 4.21 - Urteil vom 3. Mai 2021\n"
    assert fixed(arabic) == arabic.replace("|. Senat", "1. Senat")


def test_roman_senate_stays():
    text = "Der I. Zivilsenat hat entschieden.\n\nUrteil vom 3. Mai 2021 - I ZR 12/20\n"
    assert fixed(text) == text


def test_civil_register_after_a_bar():
    assert fixed("In der Sache | ZR 139/15 wird verkündet.\n") == "In der Sache I ZR 139/15 wird verkündet.\n"


def test_bverwg_senate_is_arabic():
    assert fixed("BVerwG I WB 12.21 - Beschluss vom 4. Mai 2022\n") == "BVerwG 1 WB 12.21 - Beschluss vom 4. Mai 2022\n"


def test_square_metres():
    assert fixed("Die Wohnung hat 84,5 m?. Das reicht.\n") == "Die Wohnung hat 84,5 m². Das reicht.\n"


def test_question_after_a_unit_word_stays():
    text = "Wie weit ist es noch, Tom? Etwa 90 Meter?\n"
    assert fixed(text) == text


# -- paragraph signs a statute's heading and a glued citation show -----------------------------

@pytest.mark.parametrize(("ocr", "meant"), [
    ("Nach § 3 BGB gilt Folgendes:\n\n8 412 Umfang der Haftung\n\nWer haftet, zahlt.\n",
     "Nach § 3 BGB gilt Folgendes:\n\n§ 412 Umfang der Haftung\n\nWer haftet, zahlt.\n"),
    ("Nach § 3 BGB gilt (Auszug):\n\n8 7 Pflichten\n\nWer haftet, zahlt.\n",
     "Nach § 3 BGB gilt (Auszug):\n\n§ 7 Pflichten\n\nWer haftet, zahlt.\n"),
    ("Die Steuer mindert sich um 20 % (812b EStG). So steht es im Gesetz.\n",
     "Die Steuer mindert sich um 20 % (§12b EStG). So steht es im Gesetz.\n"),
    ("Nach § 2 BGB (TVöD). 8 3.2.1. MTV bestimmt die Zuschläge.\n",
     "Nach § 2 BGB (TVöD). § 3.2.1. MTV bestimmt die Zuschläge.\n"),
])
def test_paragraph_signs(ocr: str, meant: str):
    assert fixed(ocr) == meant


def test_thousands_at_a_paragraph_start_stay():
    text = "Nach § 3 BGB gilt Folgendes.\n\n8 500 Verfahren sind noch anhängig.\n\n8 12 Monate vergingen.\n"
    assert fixed(text) == text


def test_roman_senate_with_a_small_i():
    ocr = "Urteil vom 4. Mai 2022 - Via ZR 17/21\n\nDer Via. Zivilsenat hat entschieden.\n"
    assert fixed(ocr) == ocr.replace("Via", "VIa")


def test_the_word_via_stays():
    text = "Er reiste via Berlin nach Rom. Via Bahn und Bus ging es weiter.\n"
    assert fixed(text) == text


# -- a comma read as a full stop, glued to the next word ---------------------------------------

def test_glued_stop_in_a_salutation_is_a_comma():
    ocr = "Sehr geehrte Frau Präsidentin,liebe Kollegin Berger.meine Damen und Herren,\nich danke Ihnen.\n"
    assert fixed(ocr) == ocr.replace("Berger.meine", "Berger,meine")


def test_glued_stop_without_glued_commas_stays():
    text = "Die Seite Zeit.online und die Datei Main.java liegen bei Beispiel.test bereit.\n"
    assert fixed(text) == text


def test_fifty_before_a_counted_word():
    assert fixed("Der Verein hat mehr als SO\nMillionen Mitglieder.\n") == "Der Verein hat mehr als 50\nMillionen Mitglieder.\n"


def test_shouted_so_stays():
    text = "SO Mal ehrlich: SO geht das nicht, und SO Tag für Tag.\n"
    assert fixed(text) == text


def test_clause_item_before_a_small_word():
    ocr = "Das gilt nicht, wenn sie\n\nl. ein Praktikum leisten,\n\noder eine Ausbildung machen.\n"
    assert fixed(ocr) == ocr.replace("l. ein", "1. ein")


def test_glued_sentence_one_in_a_statute():
    ocr = "§ 22 Mindestlohn\n\nlDieses Gesetz gilt für alle.\n\n3Praktikant ist, wer lernt.\n"
    assert fixed(ocr) == ocr.replace("lDieses", "1Dieses")
    plain = "lDieses Wort ist keins.\n"
    assert fixed(plain) == plain


def test_acronym_with_a_small_l_for_its_i():
    ocr = "Die frühere ÖlAG-Managerin sprach mit der GmbH über das BUrlG.\n"
    assert fixed(ocr) == ocr.replace("ÖlAG", "ÖIAG")


def test_quote_opened_by_a_comma_after_a_hyphen():
    ocr = "Die Motorrad-,Biker“-Vereine sind verboten.\n"
    assert fixed(ocr) == "Die Motorrad-„Biker“-Vereine sind verboten.\n"


def test_ellipsis_with_a_low_quote_inside():
    assert fixed("Er sagte (.„.) nichts weiter.\n") == "Er sagte (...) nichts weiter.\n"
