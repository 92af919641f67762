"""What ocr-repair leaves wrong: its output aligned with truth.txt, the remaining edits by kind.

    .venv/bin/python benchmarks/residual.py [--corpus DIR] [--kinds eng,deu] [--prefix news2-]
                                            [--examples N] [--kind KIND]

Each word-level difference between the repaired text and the truth (dashes and ellipses
alike, as the accuracy benchmark scores them) is put in one kind, first that fits:

| kind | what |
| --- | --- |
| punctuation/quotes | the letters agree, only signs differ |
| case | the letters agree but for case |
| split/joined | the letters agree, the spaces between them do not |
| umlaut/ß left (real word) | the truth has an umlaut/ß the output lacks, and the output is a word |
| umlaut/ß left (non-word) | the same, the output is no word |
| umlaut/ß added | the output has an umlaut/ß the truth lacks |
| English/technical | the truth's token is technical (a path, option, dotted name) or English |
| real-word misread | the output is a word of the lexicon, one of the truth's letters read for another |
| OCR noise (non-word) | the output is no word: letters blurred, dropped or added |
| garble | more than two words differ in one block |

Counts are differences (blocks) and their character edits; the CER cut counts the edits.
Read the corpora from ``../shared/corpus`` (never copied into the repository).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scoring  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"eng": "ocr-eng.txt", "deu": "ocr-deu.txt"}
UMLAUTS = "äöüÄÖÜß"
_STRIP = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "s"})
LETTERS = re.compile(r"[^\W\d_]+")


def strip_umlauts(text: str) -> str:
    return text.translate(_STRIP)


def letters(text: str) -> str:
    return "".join(LETTERS.findall(text))


def classify(hyp: list[str], ref: list[str], lex, english) -> str:
    h, r = " ".join(hyp), " ".join(ref)
    if letters(h) == letters(r) and len(hyp) == len(ref):
        return "punctuation/quotes"
    if letters(h).lower() == letters(r).lower() and len(hyp) == len(ref):
        return "case"
    if letters(h) == letters(r):
        return "split/joined"
    if len(hyp) > 2 or len(ref) > 2:
        return "garble"
    hw, rw = letters(h), letters(r)
    if any(c in UMLAUTS for c in r) and Levenshtein.distance(strip_umlauts(h), strip_umlauts(r)) \
            < Levenshtein.distance(h, r) and sum(c in UMLAUTS for c in h) < sum(c in UMLAUTS for c in r):
        return "umlaut/ß left (real word)" if hw and lex.is_word(hw) else "umlaut/ß left (non-word)"
    if sum(c in UMLAUTS for c in h) > sum(c in UMLAUTS for c in r):
        return "umlaut/ß added"
    from ocr_repair.tokens import TECHNICAL_RE

    if any(TECHNICAL_RE.search(w) for w in ref) or rw.isascii() and rw and english(rw):
        return "English/technical"
    if hw and lex.is_word(hw) and " " not in h:
        return "real-word misread"
    return "OCR noise (non-word)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", action="append", type=Path)
    ap.add_argument("--kinds", default="eng,deu")
    ap.add_argument("--prefix", default="", help="only documents whose id starts so")
    ap.add_argument("--examples", type=int, default=6, help="examples per kind")
    ap.add_argument("--kind", default=None, help="list every difference of this kind")
    args = ap.parse_args(argv)
    corpora = args.corpus or [ROOT.parent / "shared/corpus/dev", ROOT.parent / "shared/corpus/dev2"]

    from ocr_repair import Config, repair_text
    from ocr_repair.lexicon import load as load_lexicon
    from ocr_repair.misreads import english_zipf
    from ocr_repair.repair import repairer_for

    rep = repairer_for(load_lexicon())

    def english(w: str) -> bool:
        z = english_zipf(w) or english_zipf(w.lower())
        return z is not None and z >= 300 and rep.known(w, True) is None

    config = Config()
    for corpus in corpora:
        if not corpus.is_dir():
            print(f"no corpus at {corpus}", file=sys.stderr)
            continue
        for kind in args.kinds.split(","):
            counts: Counter[str] = Counter()
            edits: Counter[str] = Counter()
            examples: dict[str, list[str]] = defaultdict(list)
            total_in = total_out = 0
            for d in sorted(corpus.iterdir()):
                if not (d / "truth.txt").is_file() or not d.name.startswith(args.prefix):
                    continue
                truth = scoring.alike(scoring.fold((d / "truth.txt").read_text(encoding="utf-8")))
                ocr = (d / KINDS[kind]).read_text(encoding="utf-8")
                out = scoring.alike(scoring.fold(repair_text(ocr, config).text))
                total_in += Levenshtein.distance(scoring.alike(scoring.fold(ocr)), truth)
                total_out += Levenshtein.distance(out, truth)
                hw, rw = out.split(), truth.split()
                for op in Levenshtein.opcodes(hw, rw):
                    if op.tag == "equal":
                        continue
                    h, r = hw[op.src_start:op.src_end], rw[op.dest_start:op.dest_end]
                    k = classify(h, r, rep, english)
                    n = Levenshtein.distance(" ".join(h), " ".join(r)) + (0 if h and r else 1)
                    counts[k] += 1
                    edits[k] += n
                    line = f"    {d.name}: {' '.join(h)!r} -> {' '.join(r)!r} ({n})"
                    if args.kind == k or len(examples[k]) < args.examples:
                        examples[k].append(line)
            print(f"\n## {corpus.name} {kind}{' ' + args.prefix if args.prefix else ''}: "
                  f"edits in {total_in}, out {total_out}, CER cut {100 * (total_in - total_out) / max(total_in, 1):.1f} %")
            print("\n| kind | differences | edits | share |\n| --- | ---: | ---: | ---: |")
            for k, n in edits.most_common():
                print(f"| {k} | {counts[k]} | {n} | {100 * n / max(sum(edits.values()), 1):.1f} % |")
            for k, _ in edits.most_common():
                print(f"  {k}:")
                print("\n".join(examples[k]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
