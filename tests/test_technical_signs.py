"""Signs of technical tokens OCR misreads: a path's "~" as "-", a round bracket as a brace."""

import pytest

from ocr_repair.pipeline import repair_text


@pytest.mark.parametrize("before,after", [
    ('Die Einstellungen stehen in "-/.ssh/config" und in -/.profile.',
     'Die Einstellungen stehen in "~/.ssh/config" und in ~/.profile.'),
    ('Legen Sie den Schlüssel in "—-/.ssh/authorized_keys" ab.',
     'Legen Sie den Schlüssel in "~/.ssh/authorized_keys" ab.'),
    ("Das Skript liegt unter -/bin/sichern.sh im Heimverzeichnis.",
     "Das Skript liegt unter ~/bin/sichern.sh im Heimverzeichnis."),
])
def test_a_paths_tilde_read_as_a_hyphen(before: str, after: str):
    assert repair_text(before).text.rstrip("\n") == after


@pytest.mark.parametrize("before,after", [
    ("Siehe mc{1) und grep(1} sowie less{1} und mount(8}.",
     "Siehe mc(1) und grep(1) sowie less(1) und mount(8)."),
    ("Die Datei {notizen.txt) nennt die Werte (12.} und (3.}.",
     "Die Datei (notizen.txt) nennt die Werte (12.) und (3.)."),
])
def test_a_round_bracket_read_as_a_brace(before: str, after: str):
    assert repair_text(before).text.rstrip("\n") == after


@pytest.mark.parametrize("text", [
    "Die Ein-/Ausgabe läuft über -v und --verbose, der Bereich -/+ 5 bleibt.",
    'Mit "${HOME}/.cache" und "datei{1,2}.txt" sowie dem Muster "a{3}" und "ab{2}" arbeiten.',
    "Die Option -/ gibt es nicht, und -/20 % bleibt ein Wert.",
])
def test_correct_technical_text_stays(text: str):
    assert repair_text(text).text.rstrip("\n") == text


def test_an_acronyms_i_read_as_small_l():
    text = "Die GUl-Oberfläche zeigt, was die ClA über das Netz weiß."
    assert repair_text(text).text.rstrip("\n") == "Die GUI-Oberfläche zeigt, was die CIA über das Netz weiß."


@pytest.mark.parametrize("before,after", [
    ('Setzen Sie "$EDITOR"” und "/etc/mailname”" ein.', 'Setzen Sie "$EDITOR" und "/etc/mailname" ein.'),
    ('Die Präfixe ""http://", "ftp://" gelten.', 'Die Präfixe "http://", "ftp://" gelten.'),
])
def test_a_quote_read_twice_around_a_token(before: str, after: str):
    assert repair_text(before).text.rstrip("\n") == after


def test_a_german_quote_around_a_straight_one_and_an_empty_string_stay():
    text = 'Die „"Release"-Dateien“ und der Wert FS="" bleiben.'
    assert repair_text(text).text.rstrip("\n") == text
