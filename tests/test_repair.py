"""The repair engine, driven by data files (in the style of ftfy's test cases).

* ``tests/cases/repair/*.tsv``: one case per line, ``input<TAB>expected<TAB>comment``;
  ``\\n`` in a field is a line break (also ``\\t``, ``\\f``, ``\\\\``, ``\\uXXXX``), an
  expected ``=`` means "unchanged", ``#`` starts a comment line. The cases of a
  ``mis-set-*.tsv`` file are embedded after the paragraph of ``mis-set-context.txt``, a
  text that lost its umlauts: the engine judges a document as a whole and restores the
  umlauts of plain words ("Stadten") only in such a text; in a short line without that
  evidence they are only flagged.
* ``tests/cases/negative.txt``: correct text that must come back byte-identical, one
  paragraph per line, and the whole file at once.
* the seed, ``samples/press-release-2016-06-ocr.txt``: its misreads repaired, its names,
  numbers and URL untouched.
* optionally the development corpus's ground truth (``../shared/corpus/dev/*/truth.txt``,
  skipped where absent): no word of a correct text changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ocr_repair import Config, repair_text
from ocr_repair.config import FIXES
from ocr_repair.normalise import normalise

from casefiles import CASES, CONTEXT_IN, CONTEXT_OUT, ROOT, SEED, read_cases

REPAIR_CASES = CASES / "repair"
NEGATIVE = CASES / "negative.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"

ALL_CASES = [c for p in sorted(REPAIR_CASES.glob("*.tsv")) for c in read_cases(p)]
POSITIVE = [c for c in ALL_CASES if c.expected != c.input]


def negative_paragraphs() -> list[tuple[int, str]]:
    return [(n, line) for n, line in enumerate(NEGATIVE.read_text(encoding="utf-8").splitlines(), start=1)
            if line.strip() and not line.startswith("#")]


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def words(text: str) -> list[str]:
    return text.split()


# -- explained corrections ---------------------------------------------------------------

def check_explained(text: str, config: Config | None = None) -> None:
    """Every correction of ``repair_text(text)`` is explained and replays to its text."""
    config = config or Config()
    result = repair_text(text, config)
    norm = normalise(text)
    prev_end, prev_span, prev_rule = 0, (0, 0), ""
    rebuilt, pos = [], 0
    for c in result.corrections:
        where = f"{c.line}:{c.col} {c.before!r} -> {c.after!r}"
        assert isinstance(c.rule, str) and c.rule, where
        assert c.why, where
        assert 0.0 <= c.confidence <= 1.0, where
        assert 0 <= c.start <= c.end <= len(norm), where
        assert norm[c.start:c.end] == c.before, where
        assert c.after != c.before, where
        line = norm.count("\n", 0, c.start) + 1
        col = c.start - (norm.rfind("\n", 0, c.start) + 1) + 1
        assert (c.line, c.col) == (line, col), where
        if c.start < prev_end:  # only a suspect on a joined word shares its join's span
            assert not c.applied and (c.start, c.end) == prev_span and prev_rule == "dehyphenate", \
                f"{where}: overlaps the correction before it"
        prev_end, prev_span, prev_rule = c.end, (c.start, c.end), c.rule
        assert c.applied == (c.confidence >= config.threshold and not c.alternatives), where
        if c.applied:
            rebuilt += [norm[pos:c.start], c.after]
            pos = c.end
    rebuilt.append(norm[pos:])
    assert "".join(rebuilt) == result.text


# -- data-driven cases -------------------------------------------------------------------

def test_case_files_are_there():
    assert len(ALL_CASES) >= 60
    assert any(c.mis_set for c in ALL_CASES) and any(not c.mis_set for c in ALL_CASES)
    # the mis-set context is what its name says: a text without umlauts that needs them
    assert not re.search("[äöüÄÖÜß]", CONTEXT_IN) and re.search("[äöüß]", CONTEXT_OUT)


def test_mis_set_context_alone():
    assert repair_text(CONTEXT_IN + "\n").text == CONTEXT_OUT + "\n"


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_repair_case(case: Case):
    text, expected = case.document()
    assert repair_text(text).text == expected, case.comment


@pytest.mark.parametrize("case", POSITIVE, ids=lambda c: c.id)
def test_repair_is_idempotent(case: Case):
    once = repair_text(case.document()[0]).text
    assert repair_text(once).text == once


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_corrections_are_explained(case: Case):
    check_explained(case.document()[0])


# -- correct text comes back unchanged ------------------------------------------------------

@pytest.mark.parametrize("lineno,para", [pytest.param(n, p, id=f"negative.txt:{n}") for n, p in negative_paragraphs()])
def test_negative_paragraph(lineno: int, para: str):
    text = para + "\n"
    result = repair_text(text)
    assert result.text == text
    assert not [c for c in result.corrections if c.applied]


def test_negative_file_as_a_whole():
    text = NEGATIVE.read_text(encoding="utf-8")
    assert len(negative_paragraphs()) >= 60
    assert repair_text(text).text == text


def test_negative_paragraphs_with_misreads_elsewhere():
    """Correct paragraphs stay correct beside a paragraph with clear misreads."""
    paras = [p for _, p in negative_paragraphs()]
    text = "Es ist wie beim Ful3ball, wir wollen uns kiimmern.\n\n" + "\n\n".join(paras) + "\n"
    fixed = repair_text(text).text
    assert fixed == "Es ist wie beim Fußball, wir wollen uns kümmern.\n\n" + "\n\n".join(paras) + "\n"


# -- confidence: flagged, not applied; the threshold moves the boundary ------------------

PLAIN = "Die Zentren gibt es in den Stadten und Gemeinden.\n"


def test_low_confidence_suspect_is_flagged_not_applied():
    result = repair_text(PLAIN)
    assert result.text == PLAIN
    (c,) = [c for c in result.corrections if c.before == "Stadten"]
    assert c.after == "Städten" and not c.applied and c.confidence < Config().threshold


def test_the_same_word_is_applied_in_a_mis_set_text():
    result = repair_text(f"{CONTEXT_IN}\n\n{PLAIN}")
    (c,) = [c for c in result.corrections if c.before == "Stadten" and c.line == 5]
    assert c.applied and c.after == "Städten"
    assert result.text.endswith("in den Städten und Gemeinden.\n")


def test_ambiguous_word_is_flagged_with_its_reading():
    # "Er hätte es gewusst" is as good German: flagged (where the neighbours make one
    # reading clear, "Er hatte keine Zeit", the context model keeps it without a flag)
    result = repair_text(f"{CONTEXT_IN}\n\nEr hatte es gewusst.\n")
    (c,) = [c for c in result.corrections if c.before == "hatte"]
    assert c.after == "hätte" and not c.applied
    assert result.text.endswith("Er hatte es gewusst.\n")


def test_lower_threshold_applies_the_suspect():
    c = next(c for c in repair_text(PLAIN).corrections if c.before == "Stadten")
    below = Config(threshold=c.confidence - 0.05)
    assert repair_text(PLAIN, below).text == PLAIN.replace("Stadten", "Städten")
    at = Config(threshold=c.confidence)
    assert repair_text(PLAIN, at).text == PLAIN.replace("Stadten", "Städten")
    above = Config(threshold=min(1.0, c.confidence + 0.01))
    assert repair_text(PLAIN, above).text == PLAIN


def test_higher_threshold_holds_back_a_confident_fix():
    text = "Es ist wie beim Ful3ball.\n"
    c = next(c for c in repair_text(text).corrections if c.before == "Ful3ball")
    assert c.applied and c.after == "Fußball"
    strict = repair_text(text, Config(threshold=min(1.0, c.confidence + 0.01)))
    assert strict.text == text
    (held,) = [h for h in strict.corrections if h.before == "Ful3ball"]
    assert not held.applied and held.after == "Fußball"


@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.95, 1.0])
def test_threshold_decides_applied(threshold: float):
    config = Config(threshold=threshold)
    check_explained(seed_text(), config)
    check_explained(f"{CONTEXT_IN}\n\nEr hatte keine Zeit. Die Stadten.\n", config)


def test_threshold_out_of_range():
    with pytest.raises(ValueError):
        Config(threshold=1.5)


# -- word lists silence names ----------------------------------------------------------------

def test_word_list_silences_a_name(tmp_path: Path):
    """In a mis-set text "Kruger" and "Schafer" become "Krüger", "Schäfer"; a word list
    that names them keeps them (and only them: the context is still repaired)."""
    case = "Die Familie Kruger und Herr Schafer kamen aus Borken.\n"
    text = f"{CONTEXT_IN}\n\n{case}"
    plain = repair_text(text)
    assert plain.text == f"{CONTEXT_OUT}\n\nDie Familie Krüger und Herr Schäfer kamen aus Borken.\n"
    wordlist = tmp_path / "names.txt"
    wordlist.write_text("# names of this project\nKruger\nSchafer\n", encoding="utf-8")
    listed = repair_text(text, Config(words=(wordlist,)))
    assert listed.text == f"{CONTEXT_OUT}\n\n{case}"
    assert not [c for c in listed.corrections if c.line == 5]


def test_word_list_silences_a_flagged_word(tmp_path: Path):
    wordlist = tmp_path / "words.txt"
    wordlist.write_text("Stadten\n", encoding="utf-8")
    assert any(c.before == "Stadten" for c in repair_text(PLAIN).corrections)
    assert not any(c.before == "Stadten" for c in repair_text(PLAIN, Config(words=(wordlist,))).corrections)


def test_ignore_pattern_protects_text():
    text = "Es ist wie beim Ful3ball, wir wollen uns kiimmern.\n"
    fixed = repair_text(text, Config(ignore=(r"Ful3ball",))).text
    assert fixed == "Es ist wie beim Ful3ball, wir wollen uns kümmern.\n"


# -- Config.only and the fix switches ---------------------------------------------------------

#: one artefact per fix; each fix alone repairs its own and nothing else
ARTEFACTS = (
    "Die Kommunalen Integrati-\nonszentren nach $ 850a ZPO und dem Il. Senat vom l. Mai 2020:\n"
    "Er sagte: ,Die Zentren sind wie beim Ful3ball -— wichtig.* Das ist alles. sagte er - leise.\n"
    "Sie steht in -/.bashrc, siehe less{1} und \"/etc/hosts\"\".\n"
)
RULES = {
    "dehyphenate": {"dehyphenate", "hyphen-kept", "line-move"},
    "misreads": {"misread", "misread-context", "misread-real-word", "misread-case", "residue"},
}
#: what each fix alone makes of ARTEFACTS
ONLY = {
    "dehyphenate": ("Die Kommunalen Integrationszentren\nnach $ 850a ZPO und dem Il. Senat vom l. Mai 2020:\n"
                    "Er sagte: ,Die Zentren sind wie beim Ful3ball -— wichtig.* Das ist alles. sagte er - leise.\n"
                    "Sie steht in -/.bashrc, siehe less{1} und \"/etc/hosts\"\".\n"),
    "misreads": ARTEFACTS.replace("Ful3ball", "Fußball"),
    "quotes": ARTEFACTS.replace(",Die", "„Die").replace(".*", ".“"),
    "section_signs": ARTEFACTS.replace("$", "§"),
    "roman_numerals": ARTEFACTS.replace("Il.", "II."),
    "dashes": ARTEFACTS.replace("-—", "–"),
    "stray_marks": ARTEFACTS,
    "commas": ARTEFACTS.replace("alles.", "alles,"),
    "spaced_hyphens": ARTEFACTS.replace("er - leise", "er – leise"),
    "numbers": ARTEFACTS.replace("l. Mai", "1. Mai"),
    "tildes": ARTEFACTS.replace("-/.bashrc", "~/.bashrc"),
    "brackets": ARTEFACTS.replace("less{1}", "less(1)"),
    "doubled_quotes": ARTEFACTS.replace('"/etc/hosts""', '"/etc/hosts"'),
}
#: every fix on, those off by default too
ALL_ON = Config(**{f: True for f in FIXES})


@pytest.mark.parametrize("fix", [f for f in FIXES if f != "stray_marks"])
def test_only_one_fix(fix: str):
    result = repair_text(ARTEFACTS, Config.only(fix))
    assert result.text == ONLY[fix]
    assert result.corrections
    assert {c.rule for c in result.corrections} <= RULES.get(fix, {fix})


def test_stray_marks_alone():
    text = "Die Marke® ist bekannt ¢ und | gut.\n"
    result = repair_text(text, Config.only("stray_marks"))
    assert {c.rule for c in result.corrections} == {"stray_marks"}
    assert not repair_text(text, Config.only("quotes")).corrections


def test_all_fixes_together():
    assert repair_text(ARTEFACTS).text == (
        "Die Kommunalen Integrationszentren\nnach § 850a ZPO und dem II. Senat vom 1. Mai 2020:\n"
        "Er sagte: „Die Zentren sind wie beim Fußball – wichtig.“ Das ist alles, sagte er - leise.\n"
        "Sie steht in ~/.bashrc, siehe less(1) und \"/etc/hosts\".\n"
    )


def test_no_fix_changes_nothing():
    result = repair_text(ARTEFACTS, Config.only())
    assert result.text == ARTEFACTS and not result.corrections


@pytest.mark.parametrize("fix", FIXES)
def test_switching_one_fix_off(fix: str):
    """Every fix but one: that one's artefact stays, the others are repaired."""
    result = repair_text(ARTEFACTS, ALL_ON.replace(**{fix: False}))
    assert not {c.rule for c in result.corrections} & RULES.get(fix, {fix})
    if fix != "stray_marks":
        assert result.text != repair_text(ARTEFACTS, ALL_ON).text


def test_only_rejects_unknown_fixes():
    with pytest.raises(ValueError):
        Config.only("umlauts")


# -- the seed: a real mis-set OCR run ------------------------------------------------------------

#: (as OCR wrote it, as it must read after the repair); the first is gone as a word
SEED_REPAIRS = [
    ("fir", "Ministerium für Schule"),
    ("far", "für Arbeit, Integration"),
    ("flr", "im Ministerium für Schule"),
    ("fur", "Staatssekretär für Integration"),
    ("fr", "Ministerium für Arbeit"),
    ("Ful3ball", "wie beim Fußball — entscheidend"),
    ("kiimmern", "kümmern. Durch"),
    ("er6ffnen", "Klute eröffnen Kommunale"),
    ("MaRnahmemittel", "Maßnahmemittel"),
    ("auB3erschulischen", "schulischen und außerschulischen Partnern"),
    ("Blindelung", "in der Bündelung und"),
    ("Hohe", "in Höhe\nvon 7,05 Millionen"),
    ("Ubernehmen", "Geflüchteter\nübernehmen die"),
    ("Stadten", "kreisfreien Städten"),
    ("Staatssekretare", "Staatssekretäre Hecke"),
    ("Eroffnung", "der Eröffnung"),
    ("Uber", "auch über das Internet"),
    ("—", "Fußball — entscheidend"),  # a typed em dash is the author's (issue 12)
    (",Die", "„Die\nNeueröffnung"),
    ("verliehen.*", "Schub verliehen.“"),
    ("geschaffen®", "geschaffen“, so der"),
    ("Integrati-", "Kommunale Integrationszentren\nin den Kreisen"),
    ("anléass-", "anlässlich\nder Eröffnung."),
    ("kim-", "Integrationsprozesse kümmern.\n"),
    ("Nordrhein-\nWestfalen", "in Nordrhein-Westfalen\num die"),
    ("nordrhein-\nwestfalischen", "vom nordrhein-westfälischen\nLandtag"),
    ("Internet-\nAdresse", "unter der Internet-Adresse\nder Landesregierung"),
    ("Forderangeboten", "Bildungs- und Förderangeboten"),
]


@pytest.fixture(scope="module")
def seed():
    text = seed_text()
    return text, repair_text(text)


@pytest.mark.parametrize("before,after", SEED_REPAIRS, ids=[b for b, _ in SEED_REPAIRS])
def test_seed_misread_repaired(seed, before: str, after: str):
    text, result = seed
    assert before in text  # the test's premise: the seed has it
    assert after in result.text
    if before[0].isalnum() and before[-1].isalnum():
        assert not re.search(rf"(?<![\w-]){re.escape(before)}(?![\w-])", result.text)


def test_seed_quote_opens_a_sentence(seed):
    """``ist. ,Mit der Integration`` opens a quote and a sentence: "Mit" stays capital."""
    _, result = seed
    assert "„Mit der Integration ist es ein bisschen" in result.text


NAMES = ("Klute", "Hecke", "Borken", "Steinfurt", "KOMM-AN", "Thorsten", "Ludwig", "Nordrhein-",
         "Integrationsministerium", "Pressestelle")


@pytest.mark.parametrize("name", NAMES)
def test_seed_names_untouched(seed, name: str):
    text, result = seed
    assert result.text.count(name) == text.count(name) > 0
    assert not [c for c in result.corrections if name.rstrip("-") in c.before and c.rule.startswith("misread")]


def test_seed_numbers_and_urls_untouched(seed):
    text, result = seed
    number = r"(?<!\w)(?:\d[\d.,/-]*\d|\d)(?!\w)"
    assert re.findall(number, result.text) == re.findall(number, text)
    url = r"https?://\S+"
    assert re.findall(url, result.text) == re.findall(url, text) == ["http://www.land.nrw", "http://www.land.nrw/"]
    for fixed in ("0211 5867-3505", "0211 855-3118", "7,05 Millionen Euro", "28. und 29. Juni 2016",
                  "170.000\nEuro 3,5 Personalstellen", "100.000 Euro", "des 51. Zentrums", "des 52. Kommunalen"):
        assert fixed in result.text


def test_seed_keeps_its_lines(seed):
    """Joining a split word moves the rest of the line down; no line is lost or added."""
    text, result = seed
    assert result.text.count("\n") == normalise(text).count("\n")
    assert words(result.text)[-3:] == ["Landesregierung", "http://www.land.nrw", "http://www.land.nrw/"]


def test_seed_corrections_explained():
    check_explained(seed_text())


def test_seed_is_idempotent(seed):
    _, result = seed
    assert repair_text(result.text).text == result.text


def test_seed_with_only_dehyphenate(seed):
    text, _ = seed
    fixed = repair_text(text, Config.only("dehyphenate")).text
    assert "Integrationszentren\nin den Kreisen" in fixed and "Nordrhein-Westfalen" in fixed
    assert "anléasslich" in fixed and "Ful3ball" in fixed and ",Die" in fixed  # nothing else repaired
    assert "Bildungs- und Forderangeboten" in fixed and "Teilhabe- und Integrationsgesetzes" in fixed


# -- the development corpus's ground truth (optional) ------------------------------------------

TRUTHS = sorted(CORPUS.glob("*/truth.txt")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not TRUTHS, reason="no development corpus at ../shared/corpus/dev")
def test_corpus_truth_keeps_every_word():
    changed = {}
    for path in TRUTHS:
        text = path.read_text(encoding="utf-8")
        fixed = repair_text(text).text
        if words(fixed) != words(normalise(text)):
            diff = [(a, b) for a, b in zip(words(normalise(text)), words(fixed)) if a != b][:3]
            changed[path.parent.name] = diff
    assert not changed


def test_spaced_hyphens_are_off_by_default():
    """A typed " - " and a printed " – " read as " - " look alike in text: only a source
    known to set the en dash turns them into dashes (``spaced_hyphens``)."""
    text = "Der Senat hat - anders als die Vorinstanz - entschieden. Liste:\n- erstens\n"
    assert repair_text(text).text == text
    on = repair_text(text, Config(spaced_hyphens=True))
    assert on.text == "Der Senat hat – anders als die Vorinstanz – entschieden. Liste:\n- erstens\n"
    assert {c.rule for c in on.corrections} == {"spaced_hyphens"}


# -- text it was never tuned on (issue 12) ------------------------------------------------------

#: a mis-set OCR run (umlauts lost) with English, technical tokens and names in it, written
#: for these tests: the misreads are repaired, the rest stays as written
MIS_SET_MIXED = [
    ("Die Burger der Stadte lesen die Mailing-List, der Kernel ist safe und die Gebaude sind alt.",
     "Die Bürger der Städte lesen die Mailing-List, der Kernel ist safe und die Gebäude sind alt."),
    ("Die Dateien unter /var/lib/apt und /etc/apt/sources.list werden fur die Gebaude geloscht, "
     "mit hdparm -d1 -u1 und dem Befehl apt-get dist-upgrade.",
     "Die Dateien unter /var/lib/apt und /etc/apt/sources.list werden für die Gebäude gelöscht, "
     "mit hdparm -d1 -u1 und dem Befehl apt-get dist-upgrade."),
    ("Die Prasidentin Irmgard Graber sprach uber die Burger. Graber sagte, die Gebaude seien fur alle da.",
     "Die Präsidentin Irmgard Graber sprach über die Bürger. Graber sagte, die Gebäude seien für alle da."),
    ("Die Arztin wohnt an der Hundsdorfer Strasse, die Burger fur Gebaude zahlen mehr.",
     "Die Ärztin wohnt an der Hundsdorfer Straße, die Bürger für Gebäude zahlen mehr."),
]


@pytest.mark.parametrize("before,after", MIS_SET_MIXED)
def test_mis_set_text_keeps_english_technical_tokens_and_names(before: str, after: str):
    assert repair_text(before).text.rstrip("\n") == after


def test_umlaut_speck_undone_only_toward_a_frequent_word():
    """The German model's speck of noise: "Donnerstäg" is "Donnerstag"; "entlöhnen" (a
    rare word whose "löhnen" carries the umlaut) stays, flagged."""
    text = "Die Firma will die Fahrer am Donnerstäg schlechter entlöhnen, sagte sie."
    result = repair_text(text)
    assert result.text.rstrip("\n") == "Die Firma will die Fahrer am Donnerstag schlechter entlöhnen, sagte sie."
    (held,) = [c for c in result.corrections if c.before == "entlöhnen"]
    assert not held.applied


def test_typed_em_dash_stays_an_ocr_double_dash_is_joined():
    assert repair_text("Er zögerte — dann ging er.").text.rstrip("\n") == "Er zögerte — dann ging er."
    assert repair_text("Er zögerte -— dann ging er.").text.rstrip("\n") == "Er zögerte – dann ging er."


def test_uninflected_adjective_small_a_nominalised_one_capital():
    text = "Die Daten werden digitalisiert und Öffentlich zugänglich gemacht, durch Überschreiben gelöscht."
    assert repair_text(text).text.rstrip("\n") == text.replace("Öffentlich", "öffentlich")


def test_mis_set_part_after_an_acronym_gets_its_umlauts():
    """A mis-set run's part after an acronym ("ORF-Buro", "EU-Turkei") is judged like a word;
    a loan word after an acronym ("USB-Stick", "API-Server") stays as it is."""
    before = ("Die Gesprache im ZDF-Buro uber den EU-Turkei-Vertrag waren fur alle schwierig, "
              "sagte sie am USB-Stick und am API-Server.")
    after = ("Die Gespräche im ZDF-Büro über den EU-Türkei-Vertrag waren für alle schwierig, "
             "sagte sie am USB-Stick und am API-Server.")
    assert repair_text(before).text.rstrip("\n") == after


def test_a_long_noun_before_a_noun_is_no_first_name():
    """"Ablehnungsgrund Verspatung" in a mis-set run: a long compound is no first name, so the
    word after it is no surname and gets its umlaut; "Irmgard Graber" stays."""
    before = ("Die Burger nannten als Ablehnungsgrund Verspatung, und die Verspatung war fur "
              "Irmgard Graber argerlich, sagte Graber uber die Gebaude.")
    out = repair_text(before).text
    assert "Ablehnungsgrund Verspätung" in out and "die Verspätung" in out and "Irmgard Graber" in out


def test_a_sharp_s_read_as_a_hyphen_and_a_capital():
    """The German model's "Grö-Be" (ß as "-B"), a mis-set run's "hei-Ren", inline and at a
    line end; a real hyphen before a capital stays ("Mora-Blanco", "vi-Befehle")."""
    before = "Die Grö-Be der Datei, wir laufen auf Fü-\nBen, sie hei-\nRen so. Die Mora-Blanco und vi-\nBefehle."
    out = repair_text(before).text
    assert "Größe" in out and "Füßen," in out and "heißen" in out
    assert "Mora-Blanco" in out and "vi-Befehle" in out
