"""``ocr-repair batch SRC DEST``: a folder tree of scans to a mirrored tree of Markdown.

In parallel (a process pool, or a Dask cluster with ``--executor dask``), resumably (a
manifest in DEST; a rerun skips what is up to date), with failures isolated per document.
The engine is :mod:`ocr_repair.batch`; the rules are in ``docs/batch.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import exit_codes_epilog, fail, guarded
from ..errors import ExitCode
from .options import make_config, repair_options


#: the exit codes batch can end with (``--help`` lists them)
EXIT_CODES = [ExitCode.ok, ExitCode.usage, ExitCode.input_file, ExitCode.missing_dependency, ExitCode.output_file,
              ExitCode.some_failed, ExitCode.config, ExitCode.internal, ExitCode.interrupted, ExitCode.terminated]


@click.command(epilog=exit_codes_epilog(EXIT_CODES))
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
@click.option("--connect-timeout", type=click.FloatRange(0, min_open=True), default=None, metavar="S",
              help="Seconds the Dask scheduler has to answer (settings key connect_timeout)  [default: 10]")
@click.option("--format", "fmt", default="md", show_default=True, metavar="LIST",
              help="Outputs per document, comma-separated: md (always), pdf (the scan with a text "
                   "layer of the repaired words: NAME.pdf), alto (ALTO 4 XML: NAME.xml). Scans only.")
@repair_options
def batch(src, dest, jobs, patterns, force, reports, executor, scheduler, connect_timeout, verbose, fmt, **options):
    """Convert every scan and transcription under SRC into Markdown under DEST.

    SRC/2016/a.pdf becomes DEST/2016/a.md. Inputs: PDF, TIFF, PNG, JPEG (and other
    images), .txt/.md transcriptions. A folder named NAME.pages is one document whose
    files, in natural order (2.png before 10.png), are its pages: DEST/.../NAME.md.

    A rerun skips documents whose inputs, settings and ocr-repair version are unchanged
    (recorded in DEST/.ocr-repair-manifest.jsonl); --force redoes them. A document that
    fails is reported and the others go on: exit code 7. Settings come from
    [tool.ocr-repair] in a pyproject.toml (or .ocr-repair.toml) in or above SRC; flags win.
    """
    for r in reports:
        if r.suffix.lower() not in (".json", ".csv"):
            raise click.BadParameter(f"'{r}': must end in .json or .csv", param_hint="'--report'")
    from ..formats import parse_list

    try:
        formats = parse_list(fmt)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    if "md" not in formats:
        formats = ("md", *formats)
    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDRESS (or DASK_SCHEDULER_ADDRESS)")

    def run() -> int:
        from ..batch import Options, Terminated, run_batch, sigterm_as_interrupt

        config = make_config(src, **options)
        if connect_timeout is not None:  # batch's own setting: over the settings file's
            config = config.replace(connect_timeout=connect_timeout)
        opts = Options(src=src, dest=dest, config=config, jobs=jobs, patterns=tuple(patterns),
                       force=force, reports=tuple(reports), executor=executor, scheduler=scheduler,
                       formats=formats)
        if "pdf" in formats:  # before any OCR
            from ..pdf_output import check_available

            check_available()
        try:
            with sigterm_as_interrupt():
                return run_batch(opts)
        except Terminated:
            fail("terminated (SIGTERM)", int(ExitCode.terminated))

    code = guarded(verbose, run)
    sys.exit(code)
