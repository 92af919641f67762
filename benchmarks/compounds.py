#!/usr/bin/env python3
"""Compound validity: ocr-repair's own splitter next to Hunspell's compound rules (spylls).

Issue 3 asks which is better and faster. Both judge words the lexicon does not list as
a whole:

* **positives**: words of the development corpus's ``truth.txt`` (correct German) that
  the lexicon lacks — mostly compounds; a good checker accepts them;
* **negatives**: words of ``ocr-eng.txt`` (a mis-set OCR run) that the lexicon lacks and
  that are not in the truth — misreads ("Forderangeboten", "Klagerin"); a good checker
  rejects them, or ocr-repair would keep them.

Run: ``python benchmarks/compounds.py [--corpus DIR] [--limit N]`` (needs ``pip install spylls``
and Debian's ``hunspell-de-de``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocr_repair.compounds import split_compound  # noqa: E402
from ocr_repair.lexicon import load  # noqa: E402

WORD = regex.compile(r"\p{L}{6,}")


def words(path: Path) -> set[str]:
    return set(WORD.findall(path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--hunspell", default="/usr/share/hunspell/de_DE")
    ap.add_argument("--limit", type=int, default=400, help="words of each kind (a random sample)")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: nothing to measure")
        return 0
    try:
        from spylls.hunspell import Dictionary
    except ImportError:
        print("spylls is not installed (pip install spylls)", file=sys.stderr)
        return 1

    lex = load()
    positives: set[str] = set()
    negatives: set[str] = set()
    for doc in sorted(args.corpus.iterdir()):
        truth = words(doc / "truth.txt")
        positives |= {w for w in truth if w not in lex and w.lower() not in lex}
        negatives |= {w for w in words(doc / "ocr-eng.txt") - truth if w not in lex and w.lower() not in lex}
    rng = random.Random(0)
    positives = set(rng.sample(sorted(positives), min(args.limit, len(positives))))
    negatives = set(rng.sample(sorted(negatives), min(args.limit, len(negatives))))

    t = time.perf_counter()
    hunspell = Dictionary.from_files(args.hunspell)
    hunspell_load = time.perf_counter() - t

    def own(w: str) -> bool:
        return split_compound(lex, w) is not None

    rows = []
    for name, check in (("ocr-repair splitter", own), ("Hunspell rules (spylls)", hunspell.lookup)):
        t = time.perf_counter()
        accepted = sum(check(w) for w in positives)
        rejected = sum(not check(w) for w in negatives)
        seconds = time.perf_counter() - t
        rows.append((name, accepted / len(positives), rejected / len(negatives),
                     seconds / (len(positives) + len(negatives)) * 1000))

    print(f"{len(positives)} correct words the lexicon lacks (truth.txt), "
          f"{len(negatives)} misreads it lacks (ocr-eng.txt)\n")
    print("| checker | correct words accepted | misreads rejected | ms per word |")
    print("| --- | ---: | ---: | ---: |")
    for name, acc, rej, ms in rows:
        print(f"| {name} | {acc:.1%} | {rej:.1%} | {ms:.2f} |")
    print(f"\nHunspell dictionary load (spylls): {hunspell_load:.2f} s; ocr-repair's lexicon: memory-mapped, "
          "no load")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
