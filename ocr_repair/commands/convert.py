"""``ocr-repair convert INPUT... [-o OUTPUT.md]``: one document to Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from ..cli import exit_codes_epilog, guarded
from ..errors import ExitCode

_LANG = re.compile(r"[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*")


def _check_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not _LANG.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not a Tesseract language list such as 'deu' or 'deu+eng'")
    return value


@click.command(epilog=exit_codes_epilog([ExitCode.ok, ExitCode.usage, ExitCode.input_file,
                                           ExitCode.missing_dependency, ExitCode.ocr_failed,
                                           ExitCode.output_file, ExitCode.internal, ExitCode.interrupted]))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Markdown file to write (atomically); default: stdout.")
@click.option("--lang", default="deu", show_default=True, callback=_check_lang, help="Tesseract language(s), as for tesseract -l.")
@click.option("--explain", is_flag=True, help="Print every correction and suspect (position, before, after, rule, confidence) to stderr.")
@click.option("--explain-json", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the corrections as JSON to this file.")
@click.option("--words", "word_lists", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra word list (one word per line) of names the lexicon must know. Repeatable.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Corrections below this confidence are flagged, not applied (default 0.8).")
@click.option("--no-front-matter", is_flag=True, help="Leave out the YAML front matter.")
@click.option("--no-repair", is_flag=True, help="OCR and layout only: no misread repair.")
@click.option("--dpi", type=click.IntRange(72, 1200), default=300, show_default=True, help="Rasterisation of PDF pages.")
@click.option("--timeout", "page_timeout", type=click.FloatRange(0, min_open=True), default=180.0, show_default=True, help="Seconds Tesseract may spend on one page.")
@click.option("-v", "--verbose", is_flag=True, help="Tracebacks on errors.")
def convert(inputs, output, lang, explain, explain_json, word_lists, threshold, no_front_matter, no_repair, dpi,
            page_timeout, verbose):
    """Convert INPUT (scans: PNG, JPEG, TIFF, PDF; or transcriptions: .txt, .md) to Markdown.

    Several INPUTs are the pages of one document, in the order given.
    """

    def run() -> None:
        from ..config import Config
        from ..inputs import read_text, validate
        from ..output import atomic_write, check_writable
        from ..pipeline import LAYOUT_RULES
        from ..pipeline import convert as do_convert

        # fail fast, before minutes of OCR: every input must be readable and sound (a corrupt
        # last page or an encrypted PDF is reported at once), the outputs' folders creatable
        for path in inputs:
            validate(path)
        for path in word_lists:  # UTF-8 text, like a transcription (but may be empty)
            read_text(path, allow_empty=True)
        for target in (output, explain_json):
            if target:
                check_writable(target)

        cfg = {"lang": lang, "front_matter": not no_front_matter, "words": tuple(word_lists), "dpi": dpi,
               "page_timeout": page_timeout}
        if threshold is not None:
            cfg["threshold"] = threshold
        if no_repair:
            cfg.update({f: False for f in ("misreads", "quotes", "section_signs", "roman_numerals", "dashes",
                                           "stray_marks")})
        result = do_convert(list(inputs), Config(**cfg))
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
