"""Words split at line ends (issue 4), driven by ``tests/cases/dehyphenate/*.tsv``.

One case per line, ``input<TAB>expected<TAB>comment`` (``\\n``, ``\\f``, ``\\uXXXX``
escapes; ``=`` for "unchanged"; ``#`` comment lines). By file name:

* ``join.tsv``, ``keep.tsv``: ``Config.only("dehyphenate")``, compared exactly (a joined
  word goes onto the first line, the rest of the second line moves down);
* ``*-folded.tsv``: the same, compared whitespace-folded (page breaks: where the blank
  line goes is the layout's business);
* ``mis-set-*.tsv``: all fixes, the case embedded after the mis-set context paragraph
  (``tests/cases/repair/mis-set-context.txt``): joined, then repaired.
"""

from __future__ import annotations

import re

import pytest

from ocr_repair import Config, repair_text
from ocr_repair.normalise import normalise

from casefiles import ROOT, SEED, Case, read_cases

CASES = ROOT / "tests" / "cases" / "dehyphenate"
ONLY = Config.only("dehyphenate")


def fold(text: str) -> str:
    return " ".join(text.split())


def config_of(case: Case) -> Config:
    return Config() if case.mis_set else ONLY


ALL_CASES = [c for p in sorted(CASES.glob("*.tsv")) for c in read_cases(p)]


def test_case_files_are_there():
    assert len(ALL_CASES) >= 50
    assert {c.file for c in ALL_CASES} >= {"join.tsv", "keep.tsv", "page-breaks-folded.tsv", "mis-set-repair.tsv"}


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_dehyphenate_case(case: Case):
    text, expected = case.document()
    fixed = repair_text(text, config_of(case)).text
    if case.folded:
        assert fold(fixed) == fold(expected), case.comment
    else:
        assert fixed == expected, case.comment


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_dehyphenate_is_idempotent(case: Case):
    once = repair_text(case.document()[0], config_of(case)).text
    assert repair_text(once, config_of(case)).text == once


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_dehyphenate_corrections_explained(case: Case):
    text = case.document()[0]
    norm = normalise(text)
    for c in repair_text(text, config_of(case)).corrections:
        assert norm[c.start:c.end] == c.before
        assert (c.line, c.col) == (norm.count("\n", 0, c.start) + 1, c.start - norm.rfind("\n", 0, c.start))
        assert c.rule and c.why and 0.0 <= c.confidence <= 1.0
        if c.rule in ("dehyphenate", "hyphen-kept"):
            # a split's correction spans both halves and says which it did
            assert "\n" in c.before
            assert ("-" in c.after) == (c.rule == "hyphen-kept")


# -- which rule decided -----------------------------------------------------------------------

@pytest.mark.parametrize("text,rule,after", [
    ("Kommunale Integrati-\nonszentren in den Kreisen\n", "dehyphenate", "Integrationszentren"),
    ("in Nordrhein-\nWestfalen um die\n", "hyphen-kept", "Nordrhein-Westfalen"),
    ("im Rahmen von KOMM-\nAN Ehrenamtliche\n", "hyphen-kept", "KOMM-AN"),
    ("zwischen 10-\n20 Prozent\n", "hyphen-kept", "10-20"),
])
def test_rule_of_a_split(text: str, rule: str, after: str):
    c, move = repair_text(text, ONLY).corrections
    assert (c.rule, c.after, c.applied) == (rule, after, True)
    assert c.line == 1
    # the rest of the second line moves down, as a separate edit that check does not report
    assert (move.rule, move.before, move.after, move.line) == ("line-move", " ", "\n", 2)


@pytest.mark.parametrize("text", [
    "Konzepte zu Bildungs-\nund Förderangeboten\n",
    "die Schul-\noder Jugendarbeit\n",
    "des Teilhabe- und Integrationsgesetzes\n",
])
def test_suspended_hyphen_is_no_correction(text: str):
    assert not repair_text(text, ONLY).corrections


def test_numbers_never_glued():
    for text in ("zwischen 10-\n20 Prozent\n", "zwischen 10-\n\n20 Prozent\n", "Telefon 0211 5867-\n3505\n"):
        fixed = repair_text(text).text
        assert "1020" not in fixed and "58673505" not in fixed
        assert re.search(r"10-20|5867-3505", fixed)


def test_dehyphenate_switched_off():
    text = "Kommunale Integrati-\nonszentren in Nordrhein-\nWestfalen\n"
    assert repair_text(text, Config(dehyphenate=False)).text == text
    assert repair_text(text, Config.only()).text == text
    assert repair_text(text, ONLY).text == "Kommunale Integrationszentren\nin Nordrhein-Westfalen\n"


def test_only_dehyphenate_repairs_nothing_else():
    text = "Staatssekretar Klute er6ffnet die Integrati-\nonszentren. ,Ful3ball — ja.*\n"
    assert repair_text(text, ONLY).text == "Staatssekretar Klute er6ffnet die Integrationszentren.\n,Ful3ball — ja.*\n"


# -- the document's own evidence ----------------------------------------------------------------

def test_evidence_joined_elsewhere():
    without = repair_text("die Borken-\nsteinfurter Zusammenarbeit\n", ONLY).text
    assert without == "die Borken-steinfurter\nZusammenarbeit\n"
    with_ = repair_text("die Borken-\nsteinfurter Zusammenarbeit; die borkensteinfurter Art\n", ONLY).text
    assert with_.startswith("die Borkensteinfurter\n")


def test_evidence_hyphenated_elsewhere():
    without = repair_text("in schwarz-\nweiß gedruckt\n", ONLY).text
    assert without == "in schwarzweiß\ngedruckt\n"
    with_ = repair_text("in schwarz-\nweiß gedruckt, nicht schwarz-weiß wie sonst\n", ONLY).text
    assert with_.startswith("in schwarz-weiß\ngedruckt")


def test_evidence_across_paragraphs():
    """The evidence is the whole document's, not the paragraph's."""
    text = "Die Zentren in Nordrhein-Westfalen.\n\nDas Gesetz des nordrhein-\nwestfälischen Landtags.\n"
    assert "nordrhein-westfälischen\nLandtags." in repair_text(text, ONLY).text


# -- the seed ---------------------------------------------------------------------------------

SEED_JOINED = {
    "Integrationszentren", "Weiterbildung", "Landesregierung", "Arbeit", "kimmern",
    "anléasslich", "Integrationsgesetzes", "Koordination", "zugewanderter", "hinaus", "ehrenamtlicher",
    "insgesamt",
}
SEED_KEPT = {"Nordrhein-Westfalen", "nordrhein-westfalischen", "Internet-Adresse"}


def test_seed_splits():
    result = repair_text(SEED.read_text(encoding="utf-8"), ONLY)
    joined = {c.after.strip() for c in result.corrections if c.rule == "dehyphenate"}
    kept = {c.after.strip() for c in result.corrections if c.rule == "hyphen-kept"}
    assert joined == SEED_JOINED
    assert kept == SEED_KEPT
    assert {c.rule for c in result.corrections} == {"dehyphenate", "hyphen-kept", "line-move"}
    # the suspended hyphens of the seed stay
    assert "Teilhabe- und Integrationsgesetzes" in result.text
    assert "Bildungs- und Forderangeboten" in result.text
    # no word is left ending in a line-break hyphen, but for the suspended ones
    assert not re.search(r"\w-\n", result.text)


def test_seed_lines_move_down():
    text = SEED.read_text(encoding="utf-8")
    fixed = repair_text(text, ONLY).text
    lines = fixed.splitlines()
    assert lines[0] == " Staatssekretare Hecke und Klute er6ffnen Kommunale Integrationszentren"
    assert lines[1] == "in den Kreisen Borken und Steinfurt"
    assert len(lines) == len(normalise(text).splitlines())
    # nothing but whitespace and the joins' hyphens changed
    joins = sum(c.rule == "dehyphenate" for c in repair_text(text, ONLY).corrections)
    assert len(re.sub(r"\s", "", fixed)) == len(re.sub(r"\s", "", text)) - joins
    assert re.sub(r"[\s-]", "", fixed) == re.sub(r"[\s-]", "", text)


def test_a_dash_closing_an_aside_is_no_compound_hyphen():
    """ "der -insoweit unstreitigen- Steuerermäßigung": the hyphen closes an aside a glued
    dash opened; only a compound's hyphen outside such an aside loses its space."""
    from ocr_repair.dehyphenate import find_spaced
    aside = "Neben der -insoweit unstreitigen- Steuerermäßigung für die Leistung"
    assert find_spaced(aside) == []
    text = "Die -kleine- Firma und die Holding- Unternehmen wachsen"
    assert [text[s:e] for s, e in find_spaced(text)] == ["- "]
    assert find_spaced(text)[0][0] == text.index("Holding-") + len("Holding")
