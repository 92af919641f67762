"""The generic residue (ocr_repair.residue): a common word one edit away from an unknown
one, found by looking up every neighbour in a set of the lexicon's common words, or (after
many look-ups) through a map of deletions. Both must find what symspellpy's look-up
(optimal string alignment distance 1, the closest only) found, which residue used before."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

from ocr_repair import lexicon, residue

ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüß"


def _variants(words, seed=1):
    """Each word with one random edit (delete, replace, insert, swap), and a second edit."""
    rnd = random.Random(seed)
    out = set()
    for w in words:
        v = w
        for _ in range(2):
            i = rnd.randrange(len(v))
            op = rnd.randrange(4)
            v = (v[:i] + v[i + 1:], v[:i] + rnd.choice(ALPHABET) + v[i + 1:], v[:i] + rnd.choice(ALPHABET) + v[i:],
                 v[:i] + v[i + 1:i + 2] + v[i] + v[i + 2:])[op]
            out.add(v)
    return sorted(out)


@pytest.fixture(scope="module")
def lex():
    return lexicon.load()


def _symspell(lex):
    symspellpy = pytest.importorskip("symspellpy")
    sym = symspellpy.SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    for word in residue._index(lex).words:
        sym.create_dictionary_entry(word, 1)

    def suggest(word):
        if len(word) < residue.MIN_LENGTH or not word.isalpha() or not word.islower():
            return None
        hits = [h.term for h in sym.lookup(word, symspellpy.Verbosity.CLOSEST, max_edit_distance=1) if h.term != word]
        return hits[0] if len(hits) == 1 else None

    return suggest


@pytest.mark.parametrize("generated", [True, False], ids=["neighbours", "deletions-map"])
def test_the_set_look_up_finds_what_symspellpy_found(lex, monkeypatch, generated):
    index = residue._index(lex)
    monkeypatch.setattr(residue, "GENERATED_LOOKUPS", 10**9 if generated else 0)
    monkeypatch.setattr(index, "lookups", 0)
    monkeypatch.setattr(index, "_deletes", None)
    words = sorted(index.words)[::40]
    tests = _variants(words) + ["verpfichtet", "kümmern", "kiimmern", "Verpfichtet", "abc", "x" * 40]
    old = _symspell(lex)
    got = {w: residue.suggest(lex, w) for w in tests}
    assert got == {w: old(w) for w in tests}
    assert got["verpfichtet"] == "verpflichtet"
    assert sum(v is not None for v in got.values()) > len(tests) // 4  # the test finds something
    assert (index._deletes is None) == generated


def test_one_edit():
    assert residue._one_edit("abcd", "abd") and residue._one_edit("abd", "abcd")
    assert residue._one_edit("abcd", "abxd") and residue._one_edit("abcd", "acbd")
    assert not residue._one_edit("abcd", "axcy") and not residue._one_edit("axbc", "abyc")
    assert not residue._one_edit("abcd", "ab") and not residue._one_edit("abcd", "badc")


#: modules a check must not import: the residue's former index, and what only unpacking the
#: lexicon, --format json, -v or a zip install need
NOT_AT_START = ("symspellpy", "gzip", "zipfile", "tempfile", "shutil", "importlib.resources", "json", "traceback")


def test_check_imports_no_symspellpy(tmp_path):
    """A check that needs the residue reads a word list: symspellpy is not imported, nor
    what only an unpacking of the lexicon, a JSON report or a traceback needs."""
    f = tmp_path / "t.txt"
    f.write_text("Die Gemeinde hat gestorn die Kosten getragen.\n", encoding="utf-8")  # no noise reading
    code = ("import sys; from ocr_repair.cli import cli\n"
            "try:\n    cli(['check', '--no-config', '--strict', sys.argv[1]])\n"
            "except SystemExit as e:\n"
            f"    print(e.code, sorted(m for m in {NOT_AT_START!r} if m in sys.modules))\n")
    from ocr_repair import lexicon

    lexicon.load()  # the lexicon unpacked already: a start, not the first run
    proc = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ))
    assert "'gestorn' -> 'gestern' (residue" in proc.stdout, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "1 []"


def test_near_words_do_not_depend_on_the_lookups_made_before():
    """A word with three neighbours: both look-up strategies (neighbours tried one by one
    for the first look-ups, the map of deletions after) name the same two, so a rival listed
    in a correction's 'why' does not depend on what the process judged before."""
    from ocr_repair import residue

    words = ["selten", "sollten", "holten", "halten", "gelten"]
    fresh = residue.Index(words)
    first = fresh.near("solten")
    used = residue.Index(words)
    used.lookups = residue.GENERATED_LOOKUPS  # the next look-up builds the map
    assert used.near("solten") == first == sorted(first)
    assert len(first) == 2
