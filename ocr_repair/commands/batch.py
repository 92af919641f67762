"""``ocr-repair batch SRC DEST``: a folder tree of scans to a mirrored tree of Markdown.

In parallel (a process pool, or a Dask cluster with ``--executor dask``), resumably (a
manifest in DEST; a rerun skips what is up to date), with failures isolated per document.
The engine is :mod:`ocr_repair.batch`; the rules are in ``docs/batch.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import guarded

REPAIR_FIXES = ("misreads", "quotes", "section_signs", "roman_numerals", "dashes", "stray_marks")


@click.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores). Tesseract runs on one thread in each.")
@click.option("--glob", "patterns", multiple=True, metavar="PATTERN",
              help="Only documents whose path under SRC, or name, matches PATTERN "
                   "(fnmatch; '*' also matches '/'), e.g. '2016/*' or '*.pdf'. Repeatable.")
@click.option("--force", is_flag=True, help="Convert every document again, even those up to date.")
@click.option("--report", "reports", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Write a report, JSON or CSV by FILE's suffix (.json/.csv). Repeatable.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the work runs: local processes or a Dask distributed cluster.")
@click.option("--scheduler", envvar="DASK_SCHEDULER_ADDRESS", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786) for --executor dask "
                   "[env: DASK_SCHEDULER_ADDRESS].")
@click.option("--lang", default="deu", show_default=True, help="Tesseract language(s), as for tesseract -l.")
@click.option("--words", "word_lists", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra word list (one word per line) of names the lexicon must know. Repeatable.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Corrections below this confidence are flagged, not applied (default 0.8).")
@click.option("--no-front-matter", is_flag=True, help="Leave out the YAML front matter.")
@click.option("--no-repair", is_flag=True, help="OCR and layout only: no misread repair.")
@click.option("--dpi", type=click.IntRange(72, 1200), default=300, show_default=True,
              help="Rasterisation of PDF pages.")
@click.option("--timeout", "page_timeout", type=click.FloatRange(min=0, min_open=True), default=180.0, show_default=True,
              help="Seconds Tesseract may spend on one page.")
@click.option("-v", "--verbose", is_flag=True, help="Tracebacks on errors.")
def batch(src, dest, jobs, patterns, force, reports, executor, scheduler, lang, word_lists, threshold,
          no_front_matter, no_repair, dpi, page_timeout, verbose):
    """Convert every scan and transcription under SRC into Markdown under DEST.

    SRC/2016/a.pdf becomes DEST/2016/a.md. Inputs: PDF, TIFF, PNG, JPEG (and other
    images), .txt/.md transcriptions. A folder named NAME.pages is one document whose
    files, in natural order (2.png before 10.png), are its pages: DEST/.../NAME.md.

    A rerun skips documents whose inputs, settings and ocr-repair version are unchanged
    (recorded in DEST/.ocr-repair-manifest.jsonl); --force redoes them. A document that
    fails is reported and the others go on: exit code 7.
    """
    for r in reports:
        if r.suffix.lower() not in (".json", ".csv"):
            raise click.BadParameter(f"'{r}': must end in .json or .csv", param_hint="'--report'")
    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDRESS (or DASK_SCHEDULER_ADDRESS)")

    def run() -> int:
        from ..batch import Options, run_batch
        from ..config import Config

        cfg = {"lang": lang, "front_matter": not no_front_matter, "words": tuple(word_lists), "dpi": dpi,
               "page_timeout": page_timeout}
        if threshold is not None:
            cfg["threshold"] = threshold
        if no_repair:
            cfg.update({f: False for f in REPAIR_FIXES})
        opts = Options(src=src, dest=dest, config=Config(**cfg), jobs=jobs, patterns=tuple(patterns), force=force,
                       reports=tuple(reports), executor=executor, scheduler=scheduler)
        return run_batch(opts)

    code = guarded(verbose, run)
    sys.exit(code)
