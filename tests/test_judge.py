"""The misread judge: named rules in order, one table of confidences, the vocabulary apart,
the document's evidence built once."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from casefiles import CASES, CONTEXT_IN, SEED, read_cases
from ocr_repair import judge_rules, misreads, pipeline, repair
from ocr_repair.config import Config
from ocr_repair.lexicon import Lexicon, load as load_lexicon
from ocr_repair.misreads import MisreadRepairer
from ocr_repair.ocr_confidence import OcrWord

PACKAGE = Path(misreads.__file__).parent
#: the modules of the judge: no float literal in them but the confidence table and named thresholds
JUDGE_MODULES = ("judge_rules.py", "judge_case.py", "misreads.py")

#: the documents the reachability test runs: the repair case files, the seed, the negative set
#: and a few of this test's own (for the rules the case files do not reach)
OWN = [
    "Das Paket ist fur Linux.",  # fuer
    "Wir nehmen den fur coat mit.",  # fuer-english-context
    "Sie ging so far wie nie.",  # fuer-not-before-german
    "Die KOMM und die NRW und die OVP.",  # acronym-listed, acronym-umlaut, acronym-umlaut keeping an acronym
    "Die GmbH und das Projekt WarnWetter.",  # mixed-case
    "Bildungs- und Kulturarbeit.",  # fragment
]


#: words judged directly, where no document of the case files gets (``word, prev, next,
#: fragment, the document``): "ok" has its umlauts, "lost" lost them, "named" names "Hause"
DIRECT = [
    ("ber", "Wir", "den", False, "lost"),  # ueber
    ("NRW", "in", "", False, "ok"),  # acronym-listed (the repair's fast path keeps known acronyms before the judge)
    ("far", "ist", "", False, "ok"),  # fuer-not-before-german
    ("Far", "Die", "die", False, "ok"),  # fuer-far-mid-sentence
    ("Öffentlich", "und", "zugänglich", False, "ok"),  # real-uninflected-adjective
    ("gestorn", "ist", "die", False, "ok"),  # spelling ("verpfichtet" is noise now: a lost l)
    ("Auferung", "die", "", False, "ok"),  # too-far
    ("Schulklassenraumen", "die", "", True, "ok"),  # fragment-compound
    ("Hauser", "die", "", False, "named"),  # name-stem
    ("GUl", "die", "", False, "ok"),  # acronym-small-l
]


def _documents() -> list[str]:
    docs = [c.document()[0] for p in sorted((CASES / "repair").glob("*.tsv")) for c in read_cases(p)]
    docs += [CONTEXT_IN, SEED.read_text(encoding="utf-8"), (CASES / "negative.txt").read_text(encoding="utf-8")]
    return docs + OWN


@pytest.fixture(scope="module")
def reached():
    """How often each rule decided, over :func:`_documents`."""
    lex = load_lexicon()
    rep = MisreadRepairer(lex)
    seen: Counter[str] = Counter()
    real = rep.decide

    def decide(*a, **k):
        rule, verdict = real(*a, **k)
        seen[rule] += 1
        assert verdict is None or verdict.by == rule
        return rule, verdict

    rep.decide = decide
    saved = repair._REPAIRERS.get(id(lex))
    repair._REPAIRERS[id(lex)] = rep
    try:
        for doc in _documents():
            repair.analyse(doc, Config(), lex)
        stats = {k: misreads.DocumentStats(["x"]) for k in ("ok", "lost", "named")}
        stats["lost"].repairable_unknown = 10
        stats["named"].names = {"Hause"}
        for word, prev, nxt, fragment, doc in DIRECT:
            rep.decide(word, False, stats[doc], prev, nxt, fragment)
        # ocr-choice: a scan's doubted word with Tesseract's own alternative reading
        rep.decide("Ärbeitszeit", False, stats["ok"], "neue", "gilt", False, OcrWord(45.0, (("Arbeitszeit", 85.0),)))
        listed = MisreadRepairer(Lexicon(None, extra_words={"Fufiball"}))
        seen[listed.decide("Fufiball", False, stats["ok"], "ist", "")[0]] += 1
    finally:
        if saved is None:
            repair._REPAIRERS.pop(id(lex), None)
        else:
            repair._REPAIRERS[id(lex)] = saved
    return seen


def test_rule_ids_are_unique_and_the_last_rule_always_decides():
    ids = [r.id for r in judge_rules.RULES]
    assert len(ids) == len(set(ids)) and all(r.doc for r in judge_rules.RULES)
    assert judge_rules.RULES[-1].id == "misread"


@pytest.mark.parametrize("rule", [r.id for r in judge_rules.RULES])
def test_every_rule_is_reached(reached, rule):
    assert reached[rule], f"no case reaches the judge rule {rule!r}: it is dead, or needs a case"


def test_a_verdict_names_its_rule():
    rep = MisreadRepairer(load_lexicon())
    stats = rep.document_stats(["Das", "Paket", "ist", "fur", "Linux"])
    v = rep.judge("fur", False, stats, "ist", "Linux")
    assert (v.after, v.rule, v.by, v.confidence) == ("für", "misread", "fuer", judge_rules.Confidence.FUER)
    assert rep.decide("Linux", False, stats, "fur", "")[1] is None


def _stray_floats(source: str) -> list[int]:
    """Lines of float literals outside ``class Confidence`` and module-level constants."""
    tree = ast.parse(source)
    allowed: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "Confidence" \
                or isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets):
            allowed |= {id(n) for n in ast.walk(node)}
    return [n.lineno for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, float) and id(n) not in allowed]


def test_the_float_scan_finds_a_confidence_literal():
    assert _stray_floats("def rule(c):\n    return Verdict('a', 0.9, 'misread', '')\n") == [2]
    assert not _stray_floats("class Confidence:\n    FUER = 0.95\nLIMIT = 1.6\n")


@pytest.mark.parametrize("name", JUDGE_MODULES)
def test_confidences_come_from_the_table_only(name):
    found = _stray_floats((PACKAGE / name).read_text(encoding="utf-8"))
    assert not found, f"{name}: float literals at lines {found}: name them in judge_rules.Confidence"


def test_confidences_are_named_and_in_range():
    table = {k: v for k, v in vars(judge_rules.Confidence).items() if k.isupper()}
    assert table and all(isinstance(v, float) and 0 < v < 1 for v in table.values())


def test_the_vocabulary_is_apart_from_judging():
    from ocr_repair.vocabulary import Vocabulary

    for name in ("known", "compound", "is_word", "has_umlaut_twin", "candidates", "twins", "suspicious"):
        assert callable(getattr(Vocabulary, name)), name
    assert MisreadRepairer(load_lexicon()).vocab.is_word("Fußball")
    text = (PACKAGE / "repair.py").read_text(encoding="utf-8")
    for name in ("known", "is_word", "has_umlaut_twin", "candidates", "suspicious"):
        assert f"rep.{name}(" not in text, f"repair.py asks the judge, not the vocabulary: rep.{name}"


def test_the_document_evidence_is_built_once(monkeypatch):
    calls = []
    real = MisreadRepairer.document_stats
    monkeypatch.setattr(MisreadRepairer, "document_stats", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    text = f"{CONTEXT_IN}\n\nDas Paket ist fur Linux und Fufiball.\n"
    pipeline.repair_text(text)
    assert len(calls) == 1
