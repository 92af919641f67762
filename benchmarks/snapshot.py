"""Snapshot every output over the development corpora, to show a refactor changes nothing.

For each document of ``../shared/corpus/dev`` and ``../shared/corpus/dev2`` and each of its
``truth.txt``, ``ocr-eng.txt`` and ``ocr-deu.txt``, writes under OUT:

- ``<corpus>/<doc>/<file>.md``: the Markdown ``convert`` writes for that transcription;
- ``<corpus>/<doc>/<file>.explain.json``: the corrections ``convert --explain-json`` writes;
- ``<corpus>/<doc>/<file>.check.json``: the findings ``check --format json`` reports.

Two snapshots are then compared with ``diff -r``::

    .venv/bin/python benchmarks/snapshot.py out/before      # on the old commit
    .venv/bin/python benchmarks/snapshot.py out/after       # on the new one
    diff -r out/before out/after && echo identical

``--docs PATTERN`` takes only matching documents (a glob over ``corpus/doc``).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPORA = ("dev", "dev2")
FILES = ("truth.txt", "ocr-eng.txt", "ocr-deu.txt")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--docs", default="*")
    args = ap.parse_args()
    if not args.shared.is_dir():
        print(f"snapshot: no corpus at {args.shared}", file=sys.stderr)
        return 0

    from ocr_repair.commands import check as check_cmd
    from ocr_repair.config import Config
    from ocr_repair.pipeline import convert

    config = Config()
    checker = check_cmd.Checker({}, None, False, "check")
    t0 = time.perf_counter()
    n = 0
    for corpus in CORPORA:
        for doc in sorted((args.shared / corpus).iterdir()):
            if not doc.is_dir() or not fnmatch.fnmatch(f"{corpus}/{doc.name}", args.docs):
                continue
            dest = args.out / corpus / doc.name
            dest.mkdir(parents=True, exist_ok=True)
            for name in FILES:
                src = doc / name
                if not src.exists():
                    continue
                result = convert([src], config)
                (dest / f"{name}.md").write_text(result.markdown, encoding="utf-8")
                (dest / f"{name}.explain.json").write_text(
                    json.dumps([c.to_dict() for c in result.corrections], ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
                report = checker.check(src)
                findings = [check_cmd.finding_dict(Path(f"{corpus}/{doc.name}/{name}"), c, False)
                            for c in report.findings]
                (dest / f"{name}.check.json").write_text(
                    json.dumps(findings, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
                n += 1
    print(f"snapshot: {n} transcriptions in {time.perf_counter() - t0:.1f} s -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
