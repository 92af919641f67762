#!/usr/bin/env python3
"""What Tesseract's word confidences do for the repair of real scans: CER of the repair
with and without them, beside Tesseract's own text, side by side in one run.

Each document of the corpus that keeps its scans is OCR'd **once** (the pipeline's own
reading with ``Config.ocr_choices``: TSV words with their confidences and, from the hOCR
of the same run, Tesseract's alternative characters), then repaired three times from the
same pages: ``pipeline.repair_document(ocr_evidence=False)``, ``=True`` with the pages'
alternatives taken away (confidences only), and ``=True`` with them. Scoring is
``scan_cer.py``'s (Markdown stripped minimally, NFC, whitespace folded, Levenshtein against
``truth.txt``). The Tesseract column is the pages' text as read (the repair's input), so
all three columns come from one OCR.

    .venv/bin/python benchmarks/scan_evidence.py [--corpus DIR] [--limit N] [--only ID,ID] [--cache DIR]

``--cache DIR`` keeps each document's OCR (a pickle, outside the repository) to rerun the
repair without OCR. Also lists the words whose verdict the evidence changed: the word
confidences (no evidence -> confidences), then the alternatives (confidences -> both).
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import pickle
import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan_cer import DEFAULT_CORPUS, documents, fold, strip_markdown  # noqa: E402

from ocr_repair import pipeline  # noqa: E402
from ocr_repair.config import Config  # noqa: E402


def read(scans: list[Path], config: Config, cache: Path | None, doc_id: str):
    if cache is not None:
        f = cache / f"{doc_id}.pickle"
        if f.is_file():
            return pickle.loads(f.read_bytes())
    doc = pipeline.read_document([str(s) for s in scans], config.replace(ocr_choices=True), jobs=2)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / f"{doc_id}.pickle").write_bytes(pickle.dumps(doc))
    return doc


def without_choices(doc):
    """``doc`` with its words' alternative readings taken away (the confidences kept)."""
    doc = copy.copy(doc)
    doc.pages = [dataclasses.replace(p, boxes=[dataclasses.replace(b, choices=()) for b in p.boxes])
                 for p in doc.pages]
    return doc


def changes(doc_id: str, off, on) -> list[tuple]:
    """The verdicts that differ between two repairs of one document."""
    a = {(c.page, c.start): c for c in off.corrections}
    b = {(c.page, c.start): c for c in on.corrections}
    out = []
    for key in sorted(set(a) | set(b)):
        x, y = a.get(key), b.get(key)
        sx = (x.after, x.applied) if x else None
        sy = (y.after, y.applied) if y else None
        if sx != sy:
            out.append((doc_id, (x or y).before, sx, sy, (y or x).why))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, action="append")
    ap.add_argument("--limit", type=int, help="only the first N documents with scans (per corpus)")
    ap.add_argument("--only", help="comma-separated document ids")
    ap.add_argument("--cache", type=Path, help="keep each document's OCR here (outside the repository)")
    args = ap.parse_args(argv)
    corpora = args.corpus or [DEFAULT_CORPUS, DEFAULT_CORPUS.parent / "dev2"]
    config = Config(front_matter=False)
    docs = []
    for corpus in corpora:
        if not corpus.is_dir():
            print(f"scan_evidence.py: no corpus at {corpus}", file=sys.stderr)
            continue
        found = documents(corpus)
        if args.only:
            found = [d for d in found if d[0] in set(args.only.split(","))]
        docs += found[: args.limit] if args.limit else found
    if not docs:
        print("scan_evidence.py: no documents with scans; nothing to do", file=sys.stderr)
        return 0
    total = {"chars": 0, "tesseract": 0, "off": 0, "conf": 0, "on": 0}
    rows, changed, by_choices = [], [], []
    words = with_choices = 0
    for n, (doc_id, scans, truth_path) in enumerate(docs, 1):
        truth = fold(truth_path.read_text(encoding="utf-8"))
        doc = read(scans, config, args.cache, doc_id)
        words += sum(len(p.boxes) for p in doc.pages)
        with_choices += sum(bool(b.choices) for p in doc.pages for b in p.boxes)
        plain = "\n".join(p.text for p in doc.pages)
        off = pipeline.repair_document(doc, config, ocr_evidence=False)
        conf = pipeline.repair_document(without_choices(doc), config, ocr_evidence=True)
        on = pipeline.repair_document(doc, config, ocr_evidence=True)
        row = {"id": doc_id, "chars": len(truth), "tesseract": Levenshtein.distance(fold(plain), truth)}
        for name, res in (("off", off), ("conf", conf), ("on", on)):
            row[name] = Levenshtein.distance(fold(strip_markdown(res.markdown)), truth)
        rows.append(row)
        for k in total:
            total[k] += row[k]
        changed += changes(doc_id, off, conf)
        by_choices += changes(doc_id, conf, on)
        print(f"[{n}/{len(docs)}] {doc_id}: {row}", file=sys.stderr)

    def pct(e: int, chars: int) -> str:
        return f"{100 * e / max(chars, 1):.2f} %"

    print("| document | chars | Tesseract CER | repair, no OCR evidence | with word confidences "
          "| with confidences and alternatives |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows + [{"id": "**all**", **total}]:
        print(f"| {r['id']} | {r['chars']} | {pct(r['tesseract'], r['chars'])} | {pct(r['off'], r['chars'])} "
              f"| {pct(r['conf'], r['chars'])} | {pct(r['on'], r['chars'])} |")
    print(f"\nedits: Tesseract {total['tesseract']}, no evidence {total['off']}, confidences {total['conf']}, "
          f"with alternatives {total['on']}")
    print(f"words with alternative readings: {with_choices} of {words}")
    for title, found in (("the word confidences changed (no evidence -> confidences)", changed),
                         ("the alternatives changed (confidences -> with alternatives)", by_choices)):
        print(f"\n{len(found)} verdicts {title} (document, word, before, after):")
        for doc_id, before, sx, sy, why in found:
            print(f"- {doc_id}: {before!r}: {sx} -> {sy} ({why})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
