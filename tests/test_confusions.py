"""The OCR confusions are a table, dictionaries/confusions-de.tsv, read once; its build script
regenerates the weights from corpus alignments."""

import importlib.util
import sys
from pathlib import Path

import pytest

from ocr_repair import confusions, knowledge
from ocr_repair.lexicon import data_file

REPO = Path(__file__).resolve().parent.parent
KINDS = {"swap", "blur", "inner", "speck"}


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_confusions", REPO / "dictionaries" / "build_confusions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_confusions"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["build_confusions"]


def test_the_table_file_has_its_header_and_four_columns():
    lines = data_file(knowledge.CONFUSIONS_FILE).read_text(encoding="utf-8").splitlines()
    header = [ln for ln in lines[: next(i for i, ln in enumerate(lines) if not ln.startswith("#"))]]
    assert header[0].startswith("# ") and any("knowledge.confusions()" in ln for ln in header)
    assert any("build_confusions.py" in ln for ln in header)
    rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]
    assert len(rows) > 90 and all(len(r) == 4 for r in rows)
    assert len({(r[0], r[1]) for r in rows}) == len(rows), "one row per (seen, meant)"
    for seen, meant, cost, kinds in rows:
        assert seen and meant and seen != meant and 0.3 <= float(cost) <= 1.5
        assert kinds == "-" or set(kinds.split(",")) <= KINDS, kinds


def test_the_loader_reads_the_table_once_in_order(monkeypatch):
    knowledge.confusions.cache_clear()
    reads = []
    real = knowledge._rows
    monkeypatch.setattr(knowledge, "_rows", lambda name: reads.append(name) or real(name))
    table = knowledge.confusions()
    assert knowledge.confusions() is table and reads == [knowledge.CONFUSIONS_FILE]
    assert table[0] == ("ii", "ü", 0.3, frozenset())
    assert ("l", "t", 1.4, frozenset({"swap", "blur"})) in table
    assert ("O", "ö", 0.6, frozenset({"inner"})) in table


def test_the_engine_applies_the_table():
    assert confusions.RULES == tuple((s, m, c) for s, m, c, _ in knowledge.confusions())
    assert confusions.BLURS == {("l", "i"), ("l", "t"), ("b", "h")}
    assert confusions.SPECKS == {("ü", "u"), ("ö", "o"), ("ä", "a")}
    assert confusions.BLURS | confusions.SPECKS <= confusions.LETTER_SWAPS
    assert ("O", "ö") in confusions.INNER_ONLY and ("rn", "m") in confusions.LETTER_SWAPS
    best = {c: cost for c, cost, _ in confusions.candidates("Fufsball", max_edits=1)}
    assert best["Fußball"] == 0.5
    # an inner-only rule needs a small letter before it
    assert any(c == "können" for c, _, _ in confusions.candidates("kOnnen", max_edits=1))
    assert not any(c == "önnen" for c, _, _ in confusions.candidates("Onnen", max_edits=1))


def test_the_noise_rules_are_a_table_of_the_same_format():
    """noise.py's blurred letters are data beside the engine's table, read by the same loader."""
    from ocr_repair import noise

    lines = data_file(knowledge.NOISE_CONFUSIONS_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and any("noise.py" in ln for ln in lines if ln.startswith("#"))
    rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]
    assert rows and all(len(r) == 4 and 0 < float(r[2]) <= 1.5 for r in rows)
    assert noise.RULES == tuple((s, m, c) for s, m, c, _ in knowledge.confusions(knowledge.NOISE_CONFUSIONS_FILE))
    assert noise.RULES[0] == ("ı", "i", 0.2) and ("c", "e", 1.0) in noise.RULES
    assert "Bezichungen".replace("c", "e", 1) in [r for r, _ in noise.readings("Bezichungen")]


def test_the_alignment_finds_multi_letter_confusions(build):
    found = set(build.confusions_of("Fufsball", "Fußball"))
    assert ("fs", "ß", True) in found and ("ufs", "uß", False) in found
    assert ("ii", "ü", True) in set(build.confusions_of("fiir", "für"))
    assert ("rn", "m", True) in set(build.confusions_of("Tearn", "Team"))
    assert build.split_known("aB", "äß", {("a", "ä"), ("B", "ß")}) == [("a", "ä"), ("B", "ß")]
    assert build.words_of("Beihil-\nfe und Nordrhein-\nWestfalen") == ["Beihilfe", "und", "Nordrhein-Westfalen"]


def _corpus(root: Path, docs: dict[str, tuple[str, str]]) -> Path:
    for name, (truth, ocr) in docs.items():
        d = root / name
        d.mkdir(parents=True)
        d.joinpath("truth.txt").write_text(truth, encoding="utf-8")
        d.joinpath("ocr-eng.txt").write_text(ocr, encoding="utf-8")
    return root


def test_build_confusions_runs_on_a_tiny_corpus(build, tmp_path, capsys):
    truth = "Die Straße führt über die Brücke zum Fußball. Größe und Maß."
    corpus = _corpus(tmp_path / "corpus", {
        "news-1": (truth, "Die StraBe fiihrt iiber die Briicke zum Fufsball. GroBe und MaB."),
        "news-2": (truth, "Die StraBe fiihrt uber die Brucke zum FuBball. Gr6Be und MaB."),
        "tech-1": ("Die Tür bleibt für immer zu.", "Die Tiir bleibt fiir immer zu."),
    })
    out = tmp_path / "table.tsv"
    assert build.main(["--corpus", str(corpus), "--min-count", "2", "-o", str(out), "--compare"]) == 0
    shown = capsys.readouterr().out
    # ii -> ü 6 times of 8 ü in the truth words; B -> ß 7 of 8; fs -> ß once: under --min-count
    assert "| `ii` | `ü` | - | 0.3 | 6 | 8 | 0.29 | 0.3 | +0.0 |" in shown
    assert "| `B` | `ß` | - | 0.3 | 7 | 8 | 0.13 |" in shown and "| `fs` | `ß` | - | 0.5 | 1 | 8 | – | 0.5 | kept |" in shown
    lines = out.read_text(encoding="utf-8").splitlines()
    shipped = data_file(knowledge.CONFUSIONS_FILE).read_text(encoding="utf-8").splitlines()
    # the same rows, order, kinds and comments; a header line says how it was made
    regenerated = [ln for ln in lines if ln.startswith("# Regenerated:")]
    assert len(regenerated) == 1 and "held out: none" in regenerated[0]
    assert [ln for ln in lines if ln.startswith("#") and ln not in regenerated] == [
        ln for ln in shipped if ln.startswith("#")]
    rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]
    ship = [ln.split("\t") for ln in shipped if ln and not ln.startswith("#")]
    assert [(r[0], r[1], r[3]) for r in rows] == [(r[0], r[1], r[3]) for r in ship]
    costs = {(r[0], r[1]): float(r[2]) for r in rows}
    assert all(0.3 <= c <= 1.5 for c in costs.values())
    assert costs == {(r[0], r[1]): float(r[2]) for r in ship}  # the fit (r 0.99) gives the same costs back
    # no corpus text in the output: only rows of the shipped table and the header
    assert "Brücke" not in out.read_text(encoding="utf-8")


def test_build_confusions_holds_out_a_source(build, tmp_path, capsys):
    corpus = _corpus(tmp_path / "corpus", {
        "news-1": ("Die Tür ist für alle.", "Die Tiir ist fiir alle."),
        "tech-1": ("Die Straße ist groß.", "Die StraBe ist groB."),
    })
    assert build.main(["--corpus", str(corpus), "--hold-out", "tech-", "--min-count", "1", "--compare"]) == 0
    shown = capsys.readouterr().out
    assert "| `ii` | `ü` | - | 0.3 | 2 |" in shown
    assert "| `B` | `ß` | - | 0.3 | 0 |" in shown  # held out: not counted
    assert build.main(["--corpus", str(corpus), "--hold-out", "news-", "--hold-out", "tech-"]) == 2
    assert "no documents" in capsys.readouterr().err
    assert build.main(["--corpus", str(tmp_path / "nothing")]) == 2
