"""``ocr-repair convert INPUT... [-o OUTPUT.md]``: one document to Markdown.

``-`` as the only INPUT reads a transcription from standard input; ``-o -`` writes the
Markdown to standard output (as no ``-o`` does), ``--explain-json -`` the corrections
(then the Markdown must go to a file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import exit_codes_epilog, guarded
from ..errors import ExitCode
from .options import make_config, repair_options

if TYPE_CHECKING:
    from ..config import Config
    from ..models import Result

#: ``-o -`` and ``--explain-json -``: standard output, not a file named ``-`` (as typed:
#: ``-o ./-`` is that file, so these options stay strings, which pathlib would normalise)
STDOUT = "-"


@click.command(epilog=exit_codes_epilog([ExitCode.ok, ExitCode.usage, ExitCode.input_file,
                                           ExitCode.missing_dependency, ExitCode.ocr_failed,
                                           ExitCode.output_file, ExitCode.config, ExitCode.internal,
                                           ExitCode.interrupted]))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Markdown file to write (atomically); '-' or default: stdout.")
@click.option("--explain", is_flag=True, help="Print every correction and suspect (position, before, after, rule, confidence) to stderr.")
@click.option("--explain-json", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write the corrections as JSON to this file ('-': stdout, with -o FILE).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Pages OCR'd at once (default: all cores). Tesseract runs on one thread for each.")
@repair_options
def convert(inputs, output, explain, explain_json, jobs, verbose, **options):
    """Convert INPUT (scans: PNG, JPEG, TIFF, PDF; or transcriptions: .txt, .md) to Markdown.

    Several INPUTs are the pages of one document, in the order given. INPUT "-" (alone)
    reads a transcription (UTF-8 text) from standard input.
    """
    from_stdin = _reads_stdin(inputs)
    _check_outputs(output, explain_json)

    def run() -> None:
        from ..inputs import read_stdin_text, validate
        from ..output import check_writable
        from ..pipeline import LAYOUT_RULES
        from ..pipeline import convert as do_convert

        # fail fast, before minutes of OCR: every input must be readable and sound (a corrupt
        # last page or an encrypted PDF is reported at once), the outputs' folders creatable
        if from_stdin:
            text = read_stdin_text()
        else:
            for path in inputs:
                validate(path)
        for target in (output, explain_json):
            if target not in (None, STDOUT):
                check_writable(target)

        if from_stdin:  # settings are found upward from the current folder
            result = _convert_text(text, make_config(Path.cwd(), **options))
        else:
            from ..pipeline import terminal_progress

            result = do_convert(list(inputs), make_config(inputs[0].parent, **options), jobs=jobs,
                                progress=terminal_progress(), warn=_warn)
        if explain:
            for c in result.corrections:
                if c.rule not in LAYOUT_RULES:
                    click.echo(c.describe(), err=True)
        if explain_json is not None:
            _write(explain_json, json.dumps([c.to_dict() for c in result.corrections],
                                            ensure_ascii=False, indent=1) + "\n")
        _write(STDOUT if output is None else output, result.markdown)

    guarded(verbose, run)


def _warn(message: str) -> None:
    click.echo(f"ocr-repair: warning: {message}", err=True)


def _check_outputs(output: str | None, explain_json: str | None) -> None:
    """Only one of the Markdown and the JSON can go to standard output: ``--explain-json -``
    needs ``-o FILE`` (a usage error otherwise)."""
    if explain_json == STDOUT and output in (None, STDOUT):
        raise click.UsageError(f"only one of -o and --explain-json can be '{STDOUT}' (standard output; "
                               "without -o the Markdown goes there)")


def _write(target: str, text: str) -> None:
    """``text`` to the file ``target`` (atomically), or to standard output for :data:`STDOUT`."""
    from ..output import atomic_write

    if target == STDOUT:
        # UTF-8 whatever the locale says (a C/latin-1 locale must not fail on „…“ or ß)
        click.echo(text.encode("utf-8"), nl=False)
    else:
        atomic_write(target, text)


def _reads_stdin(inputs: tuple[Path, ...]) -> bool:
    """True for ``-`` as the only input; ``-`` among other inputs is a usage error."""
    from ..inputs import STDIN

    if not any(str(p) == STDIN for p in inputs):
        return False
    if len(inputs) > 1:
        raise click.UsageError(f"'{STDIN}' (standard input) cannot be combined with other inputs")
    return True


def _convert_text(text: str, config: Config) -> Result:
    """Standard input's transcription to Markdown: a one-page document, as a .txt file is."""
    from ..inputs import STDIN_NAME
    from ..models import Document, Page
    from ..pipeline import repair_document

    doc = Document(sources=[STDIN_NAME], language=config.lang)
    doc.pages.append(Page(source=STDIN_NAME, number=1, text=text, words=0))
    return repair_document(doc, config)
