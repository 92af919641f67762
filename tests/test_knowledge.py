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
        knowledge.judge_words("street"), knowledge.judge_words("fuer-misread")
    assert sorted(reads) == sorted(knowledge.FILES)
