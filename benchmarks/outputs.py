#!/usr/bin/env python3
"""The searchable PDF and the ALTO of ``ocr-repair convert`` on the corpus's real page scans.

For every document of the development corpus with scans (``scan-N.png``), OCR'd with
``--lang`` (default: both ``eng``, the mis-set run whose umlauts/ß are misread, and
``deu``):

* **aligned**: the repaired words traced back to Tesseract's word boxes
  (``ocr_repair.boxes``) give back exactly the repaired text's words (parts of a word
  over a line break joined) — the alignment is whole and in order;
* **repaired words boxed**: of the applied corrections (misreads, joins, signs; not line
  moves), how many have their word, marked changed, with a box;
* **ALTO valid**: the ALTO validates against our schema of the ALTO 4 subset ocr-repair
  writes (``tests/schemas/alto-subset.xsd``) and, where the environment variable
  ``OCR_REPAIR_ALTO_XSD`` names a copy of it, the official ALTO 4.2 schema
  (``tests/schemas/README.md``; needs lxml);
* **PDF layer CER**: the PDF's text layer read back with ``pdftotext`` against the
  repaired text (whitespace-folded, NFC), and against ``truth.txt`` next to Tesseract's
  raw text (what OCRmyPDF alone would put in the layer). The layer keeps running headers
  and page numbers (they are on the page), which ``truth.txt`` may lack.

    .venv/bin/python benchmarks/outputs.py [--corpus DIR] [--lang eng,deu] [--limit N] [--no-pdf]

A Markdown table on stdout, progress on stderr. Without the corpus it says so and exits 0.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SCHEMAS = ROOT / "tests" / "schemas"


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(hyp: str, ref: str) -> tuple[int, int]:
    a, b = fold(hyp), fold(ref)
    return Levenshtein.distance(a, b), len(b)


def documents(corpus: Path) -> list[tuple[str, list[Path], Path]]:
    def num(p: Path) -> int:
        m = re.search(r"(\d+)$", p.stem)
        return int(m.group(1)) if m else 0

    docs = []
    for d in sorted(p for p in corpus.iterdir() if p.is_dir()):
        scans = sorted(d.glob("scan-*.png"), key=num)
        if scans and (d / "truth.txt").is_file():
            docs.append((d.name, scans, d / "truth.txt"))
    return docs


def schemas():
    """(name, schema) to validate the ALTO against: our schema of the ALTO 4 subset
    ocr-repair writes, and the official ALTO 4.2 schema where ``OCR_REPAIR_ALTO_XSD`` names
    a copy (tests/schemas/README.md); None without lxml."""
    try:
        import lxml  # noqa: F401
    except ImportError:
        return None
    sys.path.insert(0, str(SCHEMAS))
    import altoschema

    return altoschema.schemas()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--lang", default="eng,deu")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-pdf", action="store_true", help="skip the PDF (ALTO and alignment only)")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"outputs.py: no corpus at {args.corpus}; nothing to do", file=sys.stderr)
        return 0
    docs = documents(args.corpus)[: args.limit]
    if not docs:
        print(f"outputs.py: no documents with scans under {args.corpus}", file=sys.stderr)
        return 0
    sys.path.insert(0, str(ROOT))
    from ocr_repair import Config
    from ocr_repair.boxes import place
    from ocr_repair.formats import render_alto
    from ocr_repair.pipeline import LAYOUT_RULES, convert

    xsd = schemas()
    do_pdf = not args.no_pdf and shutil.which("pdftotext") is not None
    if do_pdf:
        from ocr_repair.pdf_output import write_pdf
    rows = []
    for lang in args.lang.split(","):
        tot = dict(docs=0, pages=0, aligned=0, fixed=0, boxed=0, valid=0, le=0, ln=0, re_=0, rn=0,
                   te=0, tn=0, s_ocr=0.0, s_pdf=0.0, notes=0)
        for doc_id, scans, truth_path in docs:
            print(f"{lang} {doc_id} ({len(scans)} pages)", file=sys.stderr)
            t0 = time.perf_counter()
            result = convert(scans, Config(lang=lang))
            tot["s_ocr"] += time.perf_counter() - t0
            placed = place(result)
            words = [w.whole for pp in placed for w in pp.words if not w.furniture and w.hyphen != 2]
            tot["aligned"] += words == result.text.split()
            # every applied correction that changes letters or signs (not a line move)
            fixes = [c for c in result.corrections if c.applied and c.rule not in LAYOUT_RULES
                     and c.after.strip() and c.after != c.before]
            tot["fixed"] += len(fixes)
            changed_words = [w.whole for pp in placed for w in pp.words if w.changed and w.box.width > 0]
            tot["boxed"] += sum(any(part in w for w in changed_words)
                                for c in fixes for part in [c.after.split()[0]])
            if xsd is not None:
                from lxml import etree

                alto = render_alto(result, lang)
                tree = etree.fromstring(alto.encode("utf-8"))
                tot["valid"] += all(sch.validate(tree) for _, sch in xsd)
            truth = truth_path.read_text(encoding="utf-8")
            raw = "\n".join(p.text for p in result.document.pages)
            e, n = cer(raw, truth)
            tot["te"] += e
            tot["tn"] += n
            if do_pdf:
                with tempfile.TemporaryDirectory() as tmp:
                    out = Path(tmp) / "out.pdf"
                    t0 = time.perf_counter()
                    note = write_pdf(scans, placed, out, lang)
                    tot["s_pdf"] += time.perf_counter() - t0
                    tot["notes"] += note is not None
                    layer = subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                           text=True, check=True).stdout
                e, n = cer(layer, result.text)
                tot["le"] += e
                tot["ln"] += n
                e, n = cer(layer, truth)
                tot["re_"] += e
                tot["rn"] += n
            tot["docs"] += 1
            tot["pages"] += len(scans)
        rows.append((lang, tot))

    def pct(e, n):
        return f"{100 * e / n:.2f} %" if n else "–"

    print("| lang | docs | pages | aligned | repaired words boxed | ALTO valid | PDF layer CER vs repaired text "
          "| PDF layer CER vs truth | Tesseract raw CER vs truth | not PDF/A | OCR+repair s | PDF s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for lang, t in rows:
        print(f"| {lang} | {t['docs']} | {t['pages']} | {t['aligned']}/{t['docs']} | {t['boxed']}/{t['fixed']} "
              f"| {t['valid'] if xsd is not None else '–'}/{t['docs']} | {pct(t['le'], t['ln'])} "
              f"| {pct(t['re_'], t['rn'])} | {pct(t['te'], t['tn'])} | {t['notes'] if do_pdf else '–'} "
              f"| {t['s_ocr']:.1f} | {t['s_pdf']:.1f} |")
    if xsd is not None:
        print(f"\nALTO validated against: {', '.join(name for name, _ in xsd)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
