"""How the context model decides the real-word twins of a text that lost its umlauts.

    .venv/bin/python benchmarks/context_eval.py [--corpus DIR ...] [--model FILE] [--show-wrong]

Each ``truth.txt`` is stripped of its umlauts (ä → a, …, ß → f: the letters a mis-set
OCR run reads), and every word of the stripped text that is a known word with an umlaut
twin is put to :func:`ocr_repair.context.decide` with its neighbours, as the misread
judge would. "positive": the truth has the twin ("hätte" stripped to "hatte"); "negative":
the word as written is right. The table gives, for fix margins from 3 to 7, the readings
the context would apply that are right and wrong, and how many misread words it would keep
without a flag (margin of the word as written at least :data:`~ocr_repair.context.KEEP_MARGIN`).

The neighbours are the truth's (no OCR noise): the figures are an upper bound of what the
model does on a real mis-set run; ``benchmarks/accuracy.py`` measures that. ``--model``
compares another model file (e.g. one built by ``dictionaries/build_context.py --out``).
The corpora are read in place, never copied.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr_repair import context  # noqa: E402
from ocr_repair.lexicon import load  # noqa: E402
from ocr_repair.repair import repairer_for  # noqa: E402
from ocr_repair.tokens import sentence_starts, words  # noqa: E402

STRIP = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "f"})
MARGINS = (3, 4, 4.5, 5, 6, 7)


def cases(corpus: Path, rep, ctx):
    """(document, left, word, right, truth, decision) of every twin word of the stripped truths."""
    for d in sorted(p for p in corpus.iterdir() if (p / "truth.txt").is_file()):
        truth = (d / "truth.txt").read_text(encoding="utf-8")
        plain = truth.translate(STRIP)  # one letter for one: the offsets stay the truth's
        starts = set(sentence_starts(plain))
        toks = words(plain)
        for i, t in enumerate(toks):
            start = t.start in starts
            twins = rep.vocab.twins(t.text, start)
            freq = rep.known(t.text, start)
            if freq is None or not twins:
                continue
            readings = {x.word: (x.score + 100 * x.cost, context.reading_prior(t.text, x.word)) for x in twins}
            left = rep._reading(toks[i - 1].text) if i else ""
            right = rep._reading(toks[i + 1].text) if i + 1 < len(toks) else ""
            yield d.name, left, t.text, right, truth[t.start:t.end], context.decide(t.text, freq, readings, left,
                                                                                       right, ctx)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, action="append",
                    help="corpus folder (default: ../shared/corpus/dev and dev2)")
    ap.add_argument("--model", type=Path, help="a context model file (default: the shipped one)")
    ap.add_argument("--show-wrong", action="store_true", help="list the wrong readings from margin 3")
    args = ap.parse_args(argv)
    corpora = args.corpus or [ROOT.parent / "shared" / "corpus" / n for n in ("dev", "dev2")]
    for c in corpora:
        if not c.is_dir():
            print(f"context_eval: no corpus folder {c}", file=sys.stderr)
            return 2
    if args.model is not None and not args.model.is_file():
        print(f"context_eval: no model file {args.model}", file=sys.stderr)
        return 2
    try:
        ctx = context.ContextModel(args.model) if args.model else context.model()
    except ValueError as e:  # another format
        print(f"context_eval: {e}", file=sys.stderr)
        return 2
    rep = repairer_for(load())
    for corpus in corpora:
        rows = list(cases(corpus, rep, ctx))
        n = Counter("positive" if r[4] != r[2] else "negative" for r in rows)
        kept_wrong = sum(1 for *_, w, _, tw, said in rows
                         if said and said[0] == w and said[1] >= context.KEEP_MARGIN and tw != w)
        print(f"{corpus.name}: {n['positive']} positive, {n['negative']} negative; "
              f"misread words kept without a flag: {kept_wrong}")
        print("  fix margin  right  wrong")
        for m in MARGINS:
            fixes = [(tw, said[0]) for *_, w, _, tw, said in rows if said and said[1] >= m and said[0] != w]
            right = sum(1 for tw, best in fixes if tw == best)
            print(f"  {m:>10}  {right:>5}  {len(fixes) - right:>5}")
        if args.show_wrong:
            for doc, left, w, right, tw, said in rows:
                if said and said[1] >= MARGINS[0] and said[0] not in (w, tw):
                    print(f"    {doc}: {left} [{w} -> {said[0]}, truth {tw}] {right}: {said[2]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
