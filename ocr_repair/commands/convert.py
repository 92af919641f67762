"""``ocr-repair convert INPUT... [-o OUTPUT.md]``: one document to Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..cli import exit_codes_epilog, guarded
from ..errors import ExitCode
from .options import make_config, repair_options

@click.command(epilog=exit_codes_epilog([ExitCode.ok, ExitCode.usage, ExitCode.input_file,
                                           ExitCode.missing_dependency, ExitCode.ocr_failed,
                                           ExitCode.output_file, ExitCode.config, ExitCode.internal,
                                           ExitCode.interrupted]))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Markdown file to write (atomically); default: stdout.")
@click.option("--explain", is_flag=True, help="Print every correction and suspect (position, before, after, rule, confidence) to stderr.")
@click.option("--explain-json", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the corrections as JSON to this file.")
@repair_options
def convert(inputs, output, explain, explain_json, verbose, **options):
    """Convert INPUT (scans: PNG, JPEG, TIFF, PDF; or transcriptions: .txt, .md) to Markdown.

    Several INPUTs are the pages of one document, in the order given.
    """

    def run() -> None:
        from ..inputs import validate
        from ..output import atomic_write, check_writable
        from ..pipeline import LAYOUT_RULES
        from ..pipeline import convert as do_convert

        # fail fast, before minutes of OCR: every input must be readable and sound (a corrupt
        # last page or an encrypted PDF is reported at once), the outputs' folders creatable
        for path in inputs:
            validate(path)
        for target in (output, explain_json):
            if target:
                check_writable(target)

        config = make_config(inputs[0].parent, **options)
        result = do_convert(list(inputs), config)
        if explain:
            for c in result.corrections:
                if c.rule not in LAYOUT_RULES:
                    click.echo(c.describe(), err=True)
        if explain_json:
            atomic_write(explain_json, json.dumps([c.to_dict() for c in result.corrections],
                                                  ensure_ascii=False, indent=1) + "\n")
        if output:
            atomic_write(output, result.markdown)
        else:
            # UTF-8 whatever the locale says (a C/latin-1 locale must not fail on „…“ or ß)
            click.echo(result.markdown.encode("utf-8"), nl=False)

    guarded(verbose, run)
