#!/usr/bin/env python3
"""Character error rate of ``ocr-repair convert`` on real page scans, next to plain Tesseract.

For every document of the development corpus that keeps its scans (``scan-N.png``):

* ``tesseract scan-N.png - -l deu`` on each page (plain, the baseline), pages joined;
* ``ocr-repair convert scan-1.png scan-2.png ... --no-front-matter`` (one process per
  document, as a user runs it).

The Markdown is stripped minimally (leading ``#`` of headings, hard line breaks, backslash escapes,
``<…>`` autolinks, ``[x](y)`` → ``x``), both texts are NFC-normalised and
whitespace-folded, and each is scored against ``truth.txt`` with rapidfuzz's
Levenshtein distance (CER = character edits / characters of the truth).

    .venv/bin/python benchmarks/scan_cer.py [--corpus DIR] [--limit N] [--only ID,ID] [--json OUT]

Progress goes to stderr, a Markdown table to stdout. Without the corpus it prints a
note and exits 0. Tesseract runs one page at a time (``OMP_THREAD_LIMIT`` is left
alone), so the timings of both columns are comparable.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


_HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)?[^<>\s]+)>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HARD_BREAK = re.compile(r"(?:\\| {2,})$", re.M)


def strip_markdown(md: str) -> str:
    """Undo the Markdown ocr-repair writes, minimally (no front matter expected)."""
    text = _HARD_BREAK.sub("", md)
    text = _HEADING.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1).removeprefix("mailto:"), text)
    return _ESCAPE.sub(r"\1", text)


def page_number(path: Path) -> int:
    m = re.search(r"(\d+)$", path.stem)
    return int(m.group(1)) if m else 0


def documents(corpus: Path) -> list[tuple[str, list[Path], Path]]:
    docs = []
    for d in sorted(p for p in corpus.iterdir() if p.is_dir()):
        scans = sorted(d.glob("scan-*.png"), key=page_number)
        truth = d / "truth.txt"
        if scans and truth.is_file():
            docs.append((d.name, scans, truth))
    return docs


def plain_tesseract(scans: list[Path], lang: str) -> str:
    pages = []
    for scan in scans:
        out = subprocess.run(["tesseract", str(scan), "-", "-l", lang], capture_output=True, text=True, check=True)
        pages.append(out.stdout)
    return "\n".join(pages)


def ocr_repair(scans: list[Path], lang: str, extra: list[str]) -> str:
    exe = ROOT / ".venv" / "bin" / "ocr-repair"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from ocr_repair.cli import main; main()"]
    cmd += ["convert", *map(str, scans), "--no-front-matter", "--lang", lang, *extra]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"ocr-repair exited {out.returncode}: {out.stderr.strip()}")
    return strip_markdown(out.stdout)


def pct(edits: int | None, chars: int) -> str:
    if edits is None:
        return "failed"
    return f"{100 * edits / max(chars, 1):.2f} %"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--lang", default="deu")
    ap.add_argument("--limit", type=int, help="only the first N documents with scans")
    ap.add_argument("--only", help="comma-separated document ids")
    ap.add_argument("--no-repair", action="store_true", help="pass --no-repair to ocr-repair (OCR and layout only)")
    ap.add_argument("--json", type=Path, help="write per-document counts here")
    ap.add_argument("--save", type=Path, help="folder to keep both outputs of each document in")
    args = ap.parse_args(argv)

    if not args.corpus.is_dir():
        print(f"scan_cer.py: no corpus at {args.corpus}; nothing to do", file=sys.stderr)
        return 0
    if shutil.which("tesseract") is None:
        print("scan_cer.py: tesseract is not installed; nothing to do", file=sys.stderr)
        return 0
    docs = documents(args.corpus)
    if args.only:
        wanted = set(args.only.split(","))
        docs = [d for d in docs if d[0] in wanted]
    if args.limit:
        docs = docs[: args.limit]
    if not docs:
        print(f"scan_cer.py: no documents with scans under {args.corpus}", file=sys.stderr)
        return 0

    extra = ["--no-repair"] if args.no_repair else []
    rows = []
    for n, (doc_id, scans, truth_path) in enumerate(docs, 1):
        truth = fold(truth_path.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        plain = plain_tesseract(scans, args.lang)
        t1 = time.perf_counter()
        try:
            ours = ocr_repair(scans, args.lang, extra)
        except RuntimeError as exc:  # report, leave the document out of the totals, go on
            print(f"scan_cer.py: {doc_id}: {exc}", file=sys.stderr)
            ours = None
        t2 = time.perf_counter()
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{doc_id}.tesseract.txt").write_text(plain, encoding="utf-8")
            (args.save / f"{doc_id}.ocr-repair.txt").write_text(ours or "", encoding="utf-8")
        row = {
            "id": doc_id,
            "pages": len(scans),
            "chars": len(truth),
            "tesseract": Levenshtein.distance(fold(plain), truth),
            "ocr_repair": None if ours is None else Levenshtein.distance(fold(ours), truth),
            "tesseract_s": t1 - t0,
            "ocr_repair_s": t2 - t1,
        }
        rows.append(row)
        print(f"[{n}/{len(docs)}] {doc_id}: tesseract {pct(row['tesseract'], row['chars'])}, "
              f"ocr-repair {pct(row['ocr_repair'], row['chars'])} ({row['tesseract_s']:.0f} s / "
              f"{row['ocr_repair_s']:.0f} s)", file=sys.stderr)

    print("| document | pages | chars | tesseract -l deu CER | ocr-repair convert CER | tesseract s | ocr-repair s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['id']} | {r['pages']} | {r['chars']} | {pct(r['tesseract'], r['chars'])} | "
              f"{pct(r['ocr_repair'], r['chars'])} | {r['tesseract_s']:.1f} | {r['ocr_repair_s']:.1f} |")
    failed = [r["id"] for r in rows if r["ocr_repair"] is None]
    rows_ok = [r for r in rows if r["ocr_repair"] is not None]
    tot = {k: sum(r[k] for r in rows_ok) for k in ("pages", "chars", "tesseract", "ocr_repair", "tesseract_s", "ocr_repair_s")}
    print(f"| **total ({len(rows_ok)} docs)** | {tot['pages']} | {tot['chars']} | **{pct(tot['tesseract'], tot['chars'])}** | "
          f"**{pct(tot['ocr_repair'], tot['chars'])}** | {tot['tesseract_s']:.1f} | {tot['ocr_repair_s']:.1f} |")
    if failed:
        print(f"\nocr-repair failed on {len(failed)} document(s), left out of the total: {', '.join(failed)}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "total": tot, "failed": failed}, indent=1) + "\n",
                             encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
