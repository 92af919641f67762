"""batch writes what convert writes: over every transcription of ``../shared/corpus/dev`` and
``dev2``, ``ocr-repair batch`` (a process pool) against ``pipeline.convert`` one file at a
time: the Markdown byte for byte, and the report's corrections/suspects against the
front matter's.

    .venv/bin/python benchmarks/batch_identity.py [--jobs 2] [--corpus dev --corpus dev2]

Exit 1 when any document differs.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def front_matter_counts(markdown: str) -> tuple[int, int]:
    return tuple(int(re.search(rf"^{k}: (\d+)$", markdown, re.M)[1]) for k in ("corrections", "suspects"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--corpus", action="append", help="dev, dev2 (repeatable; default both)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if not args.shared.is_dir():
        print(f"batch_identity: no corpus at {args.shared}", file=sys.stderr)
        return 0

    from ocr_repair import batch
    from ocr_repair.pipeline import convert

    print("| corpus | documents | Markdown identical | counts = front matter | batch s | convert s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    bad = 0
    for corpus in args.corpus or ["dev", "dev2"]:
        src = args.shared / corpus
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            summary = batch.run(batch.Options(src=src, dest=Path(tmp), patterns=("*.txt",), jobs=args.jobs),
                                batch.PlainProgress(io.StringIO()))
            t_batch = time.perf_counter() - t0
            same = counts = 0
            t_convert = 0.0
            for row in summary.rows:
                t0 = time.perf_counter()
                want = convert([Path(row.source)]).markdown
                t_convert += time.perf_counter() - t0
                same += row.status == "ok" and Path(row.output).read_text(encoding="utf-8") == want
                counts += (row.corrections, row.suspects) == front_matter_counts(want)
            n = len(summary.rows)
            bad += (n - same) + (n - counts)
            print(f"| {corpus} | {n} | {same} | {counts} | {t_batch:.1f} | {t_convert:.1f} |")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
