"""German knowledge lives in data files under dictionaries/, not in Python literals."""

import ast
from pathlib import Path

import pytest

import ocr_repair
from ocr_repair import knowledge
from ocr_repair.lexicon import data_file

PACKAGE = Path(ocr_repair.__file__).parent
#: the most strings one literal may hold before it is a word list
MAX_STRINGS = 20


def _string_counts(tree):
    """(line, count) for every set/list/tuple/dict literal and ``"...".split()`` of strings."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            node.value._not_words = True  # the names a module exports are no word list
        if getattr(node, "_not_words", False):
            continue
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = node.keys
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
              and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
            yield node.lineno, len(node.func.value.value.split())
            continue
        else:
            continue
        yield node.lineno, sum(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in items)


def word_lists(source: str):
    return [(line, n) for line, n in _string_counts(ast.parse(source)) if n > MAX_STRINGS]


def test_the_scan_finds_a_word_list():
    words = ", ".join(f'"w{i}"' for i in range(MAX_STRINGS + 1))
    assert word_lists(f"X = {{{words}}}") and word_lists(f"X = [{words}]")
    assert word_lists('X = frozenset("""' + " ".join(f"w{i}" for i in range(MAX_STRINGS + 1)) + '""".split())')
    assert not word_lists(f"__all__ = [{words}]")
    assert not word_lists('X = {"a", "b"}')


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_holds_a_word_list(path):
    found = word_lists(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}: literals of more than {MAX_STRINGS} strings at lines {found}: move them to dictionaries/"


@pytest.mark.parametrize("name", knowledge.FILES)
def test_every_knowledge_file_exists_with_its_header(name):
    path = data_file(name)
    assert path.is_file()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and "knowledge." in "".join(ln for ln in lines if ln.startswith("#"))
    rows = [ln for ln in lines if ln and not ln.startswith("#")]
    assert rows and all(len(ln.split("\t")) == 2 and ln.split("\t")[1] for ln in rows)
    assert len({ln.split("\t")[0] for ln in rows}) == len(rows), "one row per word"


def test_the_abbreviation_list_is_one_file():
    dictionaries = data_file(knowledge.ABBREVIATIONS_FILE).parent
    assert sorted(p.name for p in dictionaries.glob("abbreviation*")) == [knowledge.ABBREVIATIONS_FILE]
    for use in ("sentence", "line", "comma", "foreign", "lexicon"):
        assert knowledge.abbreviations(use), use
    assert "geb" in knowledge.abbreviations("line") and "corp" in knowledge.abbreviations("foreign")


def test_function_word_classes():
    assert knowledge.court_registers("glued")[0] == "ZR" and "AZB" not in knowledge.court_registers("senate")
    assert "der" in knowledge.function_words("article")
    assert "werden" in knowledge.function_words("auxiliary")
    assert "beziehungsweise" in knowledge.function_words("suspender")
    assert knowledge.function_words("no such class") == frozenset()


def test_loading_reads_each_file_once(monkeypatch):
    knowledge._tagged.cache_clear()
    knowledge._ordered.cache_clear()
    reads = []
    real = knowledge._rows
    monkeypatch.setattr(knowledge, "_rows", lambda name: reads.append(name) or real(name))
    for _ in range(3):
        knowledge.abbreviations("line"), knowledge.abbreviations("comma"), knowledge.function_words("article")
        knowledge.court_registers("glued"), knowledge.court_registers("senate")
        knowledge.citation_words("law"), knowledge.citation_words("context"), knowledge.units("count")
        knowledge.judge_words("street"), knowledge.judge_words("fuer-misread")
    assert sorted(reads) == sorted(knowledge.FILES)


#: where the sentence-start test and the line-end test may disagree, and why
SENTENCE_NOT_LINE = {
    "Alt": "a German word: 'für Jung und Alt.' at a line's end ends a sentence ('§ 3 Alt. 2' inside one does not)",
    "S": "a single letter: the line test takes any one letter", "f": "a single letter", "v": "a single letter",
}


def test_the_abbreviation_uses_agree():
    """An abbreviation ends no sentence for the sentence-start test (tokens) and the line-end
    test (lines, layout, pages) alike; one of four letters or more in small letters is one the
    commas fix keeps too. (Before: "bspw.", "geb.", "o.ä." only at a line's end, "Anh." and
    "Var." only inside a line, "insb.", "bzgl." only for the commas fix.)"""
    sentence, line = knowledge.abbreviations("sentence"), knowledge.abbreviations("line")
    assert sentence - line == set(SENTENCE_NOT_LINE) and line <= sentence
    comma = {w.lower() for w in knowledge.abbreviations("comma")}
    assert {w for w in sentence if len(w) >= 4 and w.isalpha() and w[1:].islower() and w.lower() not in comma} == set()
    assert {w for w in comma if w.isalpha() and w not in {s.lower() for s in sentence}} == set()


@pytest.mark.parametrize("abbreviation", ["bspw.", "geb.", "o.ä.", "u.U.", "v.a.", "insb.", "bzgl.", "Jh."])
def test_no_sentence_starts_after_an_abbreviation(abbreviation):
    from ocr_repair.tokens import at_sentence_start

    text = f"Die Kammer nennt {abbreviation} Beispiele"
    assert not at_sentence_start(text, text.index("Beispiele"))
    assert at_sentence_start("Die Kammer tagt. Beispiele", len("Die Kammer tagt. "))


@pytest.mark.parametrize("line", ["Die Regel steht in Anh.", "Es gilt die Var.", "Gemeint ist insb."])
def test_a_line_ending_in_an_abbreviation_ends_no_sentence(line):
    from ocr_repair.lines import _ABBREVIATION

    assert _ABBREVIATION.search(line)
    assert not _ABBREVIATION.search("Ein Fest für Jung und Alt.")


#: the patterns of fixes.py as they were written with the words inside them
OLD_PATTERNS = {
    "_one_in_citation": r"(?<=\b(?:Abs\.|Satz|Nr\.|Unterabs\.)[ \u00a0])[Il|](?=[ \u00a0,;.)]|$)",
    "_legal_text": r"\bAbs\.\s?\d|\b(?:BGB|ZPO|StGB|SGB|GG|AGG|HGB|VwGO|AO|EStG)\b",
    "_number_pair": r"\s(?!\d{3}(?![\d\p{L}.]))\d{1,4}[a-z]?(?:\.\d+)*\.?\s+(?!Uhr|Prozent|Euro|Jahr|Monat|Woche|Tag|Stunde"
                    r"|Minute|Mio|Mrd|Millionen|Milliarden|Mal|km|m\b|kg|cm|%|€)\p{L}",
}
#: the same alternatives in another order (each alternative moved starts unlike its neighbours,
#: or the pattern is only asked whether it matches): the same matches
REORDERED = {
    "_section": r"(?P<before>(?:gemäß|vgl\.|i\.\s?S\.\s?d\.|iSd\.|iSv\.|iVm\.|\()[ \u00a0]?)?(?<![\w§$])"
                r"(?P<sign>\$\$|\$S|\$|88|SS|8|&|S)(?=\s?\d+[a-z]?\b)(?P<rest>\s\d+(?:\.\d+)*[a-z]?\.?(?:[,;)]|\s(?:Abs\.|"
                r"Absatz|Satz|S\.|Nr\.|Buchst|bis|und|ff?\.|f£\.|iVm|i\.\s?V\.\s?m|[A-Z][A-Za-z]*[A-Z][a-z]*\b|[A-Z]{2,})))?",
    "_one_before": r"[ \t]*(?:Bv[A-Z]|[A-Z]{1,3}R)\b|[ \t]+(?:GG|SGB|BGB|Satz|Nr\.)",
    "_one_after": r"(?:Abs\.|Nr\.|Satz|Art\.)[ \t]*$",
}


@pytest.mark.parametrize("name", sorted(OLD_PATTERNS))
def test_the_fixes_regexes_from_data_are_the_old_ones(name):
    from ocr_repair import fixes

    assert getattr(fixes, name)().pattern == OLD_PATTERNS[name]


def _alternatives(pattern):
    """The pieces between group marks and bars, in any order."""
    return sorted(pattern.replace("(?:", "|").replace(")", "|").split("|"))


@pytest.mark.parametrize("name", sorted(REORDERED))
def test_the_fixes_regexes_from_data_hold_the_old_alternatives(name):
    from ocr_repair import fixes

    assert _alternatives(getattr(fixes, name)().pattern) == _alternatives(REORDERED[name])


def test_citation_words_and_units():
    assert knowledge.citation_words("law")[0] == "BGB" and "AGG" in knowledge.citation_words("law")
    assert "Unterabs." in knowledge.citation_words("one-in") and "gemäß" in knowledge.citation_words("before")
    assert ("m", True) in knowledge.units("count") and ("Euro", False) in knowledge.units("count")
