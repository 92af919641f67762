"""batch writes byte for byte the Markdown ``convert`` writes for the same input, and its
report (and manifest) counts what the front matter counts."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from conftest import PAGE_1, needs_tesseract

from ocr_repair import batch
from ocr_repair.batch import MANIFEST_NAME, Options, PlainProgress
from ocr_repair.pipeline import convert

#: a hyphenated line break with text after it: the join moves the rest of the line (a
#: layout edit, no correction), and two misreads flagged as suspects
HYPHENATED = (PAGE_1 + "\n\nDie Förderung der Digitalisierungszen-\ntren beginnt im Mai. Die Stadt\n"
              "baut Fufiballplatze und Strafsen.\n")


def front_matter_counts(markdown: str) -> tuple[int, int]:
    corrections = re.search(r"^corrections: (\d+)$", markdown, re.M)
    suspects = re.search(r"^suspects: (\d+)$", markdown, re.M)
    return int(corrections.group(1)), int(suspects.group(1))


def batch_and_convert(src: Path, dest: Path, inputs: dict[str, list[Path]], executor="inline", **kw):
    """Run batch over ``src``; for each output name, (batch's Markdown, convert's Markdown,
    the report row, the manifest entry)."""
    summary = batch.run(Options(src=src, dest=dest, executor=executor, **kw), PlainProgress(io.StringIO()))
    assert summary.failed == 0
    rows = {r.output: r for r in summary.rows}
    entries = {e["output"]: e for e in map(json.loads, (dest / MANIFEST_NAME).read_text().splitlines())}
    out = {}
    for name, paths in inputs.items():
        out[name] = ((dest / name).read_text(encoding="utf-8"), convert(paths).markdown,
                     rows[f"{dest}/{name}"], entries[name])
    return out


def check_same(results) -> None:
    for name, (got, want, row, entry) in results.items():
        assert got == want, name
        corrections, suspects = front_matter_counts(want)
        assert (row.corrections, row.suspects) == (corrections, suspects), name
        assert (entry["corrections"], entry["suspects"]) == (corrections, suspects), name


def test_text_markdown_and_counts_are_converts(tmp_path):
    src = tmp_path / "src"
    (src / "notes.pages").mkdir(parents=True)
    (src / "a.txt").write_text(HYPHENATED, encoding="utf-8")
    (src / "notes.pages" / "1.txt").write_text(HYPHENATED, encoding="utf-8")
    (src / "notes.pages" / "2.txt").write_text(PAGE_1 + "\n", encoding="utf-8")
    results = batch_and_convert(src, tmp_path / "out", {
        "a.md": [src / "a.txt"],
        "notes.md": [src / "notes.pages" / "1.txt", src / "notes.pages" / "2.txt"],
    })
    assert front_matter_counts(results["a.md"][1]) == (1, 2)  # the line move is not counted
    check_same(results)


@needs_tesseract
def test_scan_markdown_and_counts_are_converts(tmp_path, scans):
    """A 2-page PDF (a task per page, then the document from them), a PNG (one task) and
    a folder of a scanned page and a transcription, in a process pool."""
    src = tmp_path / "src"
    (src / "mixed.pages").mkdir(parents=True)
    (src / "release.pdf").write_bytes(scans.pdf.read_bytes())
    (src / "scan.png").write_bytes(scans.page2_png.read_bytes())
    (src / "mixed.pages" / "1.png").write_bytes(scans.page1_png.read_bytes())
    (src / "mixed.pages" / "2.txt").write_text(HYPHENATED, encoding="utf-8")
    results = batch_and_convert(src, tmp_path / "out", {
        "release.md": [src / "release.pdf"],
        "scan.md": [src / "scan.png"],
        "mixed.md": [src / "mixed.pages" / "1.png", src / "mixed.pages" / "2.txt"],
    }, executor="local", jobs=2)
    check_same(results)
