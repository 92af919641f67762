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
@click.argument("inputs", nargs=-1, required=True, type=click.Path())  # strings: "./-" is a file
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Markdown file to write (atomically); '-' or default: stdout. A .pdf or .xml "
                   "file gets a searchable PDF or ALTO XML (see --format).")
@click.option("--format", "fmt", type=click.Choice(["md", "pdf", "alto"]), default=None,
              help="md (Markdown), pdf (the scan with a text layer of the repaired words; needs "
                   "-o FILE) or alto (ALTO 4 XML); default: by -o's suffix (.pdf, .xml), else md.")
@click.option("--explain", is_flag=True, help="Print every correction and suspect (position, before, after, rule, confidence) to stderr.")
@click.option("--explain-json", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write the corrections as JSON to this file ('-': stdout, with -o FILE).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Pages OCR'd at once (default: all cores). Tesseract runs on one thread for each.")
@repair_options
def convert(inputs, output, explain, explain_json, jobs, verbose, fmt, **options):
    """Convert INPUT (scans: PNG, JPEG, TIFF, PDF; or transcriptions: .txt, .md) to Markdown.

    Several INPUTs are the pages of one document, in the order given. INPUT "-" (alone)
    reads a transcription (UTF-8 text, or UTF-16 with a BOM) from standard input; "./-" is
    the file named "-". From scans, -o FILE.pdf gives a searchable PDF (the pages with a
    text layer of the repaired words) and -o FILE.xml ALTO 4.2 XML (or --format pdf/alto).
    """
    from_stdin = _reads_stdin(inputs)
    inputs = tuple(Path(p) for p in inputs)  # after the test for "-": Path("./-") is Path("-")
    _check_outputs(output, explain_json)
    _refuse_outputs_over_inputs(() if from_stdin else inputs, output, explain_json)

    def run() -> None:
        from ..inputs import Kind, check_page_sizes, kind_of, read_stdin_text, validate
        from ..output import check_writable

        from .. import formats

        # fail fast, before minutes of OCR: every input must be readable and sound (a corrupt
        # last page or an encrypted PDF is reported at once), the outputs' folders creatable
        form = formats.format_for(output, fmt)
        formats.check(form, list(inputs), output)
        # one long transcription to Markdown: window by window, never read whole
        # (a scan imports nothing of the repair before its OCR starts: no windowed here)
        big = not from_stdin and form == "md" and len(inputs) == 1 and kind_of(inputs[0]) is Kind.text \
            and _windowed().streamable(inputs[0])
        if from_stdin:
            text = read_stdin_text()
        elif big:
            big = _windowed().validate(inputs[0])
        else:
            for path in inputs:
                validate(path)
        for target in (output, explain_json):
            if target not in (None, STDOUT):
                check_writable(target)

        if from_stdin:  # settings are found upward from the current folder
            result = _convert_text(text, make_config(Path.cwd(), **options))
        elif big:
            import os

            from ..pipeline import repair_progress

            windowed = _windowed()
            to_stdout = output in (None, STDOUT)
            result = windowed.convert_file(inputs[0], make_config(inputs[0].parent, **options), output,
                                           keep_corrections=explain or explain_json is not None,
                                           progress=repair_progress(os.path.getsize(inputs[0])),
                                           write=windowed.write_stdout if to_stdout else None)
        else:
            # pipeline.convert's stages, with the OCR started before the repair is imported
            # (reading.py imports none of it) and the repair loaded while Tesseract reads
            from ..reading import read_document, terminal_progress, text_warnings

            config = make_config(inputs[0].parent, **options)
            for path in inputs:  # a PDF page too large to rasterise: refused before any is rendered
                check_page_sizes(path, config.dpi)
            doc = read_document(list(inputs), config, jobs=jobs, progress=terminal_progress(),
                                while_ocr=lambda: _load_repair(config))
            for message in text_warnings(doc):
                _warn(message)
            from ..pipeline import repair_document

            result = repair_document(doc, config)
        if explain:  # the corrections and suspects the front matter counts, at the input's line:col
            for c in result.reported:
                click.echo(c.describe(), err=True)
        if explain_json is not None:
            _write(explain_json, json.dumps([c.to_dict() for c in result.corrections],
                                            ensure_ascii=False, indent=1) + "\n")
        if form == "pdf":
            note = formats.write(form, result, list(inputs), output, result.document.language)
            if note:
                click.echo(f"ocr-repair: note: {note}", err=True)
        elif form == "alto":
            _write(STDOUT if output is None else output,
                   formats.render_alto(result, result.document.language))
        elif not big:  # (a long one's Markdown is written as it is made)
            _write(STDOUT if output is None else output, result.markdown)

    guarded(verbose, run)


def _windowed():
    from .. import windowed

    return windowed


def _load_repair(config: Config) -> None:
    """What the repair stage imports and loads (its modules, the lexicon), done while
    Tesseract reads the pages (``read_document``'s ``while_ocr``)."""
    from .. import pipeline

    pipeline.get_lexicon(config)


def _warn(message: str) -> None:
    click.echo(f"ocr-repair: warning: {message}", err=True)


def _check_outputs(output: str | None, explain_json: str | None) -> None:
    """Only one of the Markdown and the JSON can go to standard output: ``--explain-json -``
    needs ``-o FILE`` (a usage error otherwise)."""
    if explain_json == STDOUT and output in (None, STDOUT):
        raise click.UsageError(f"only one of -o and --explain-json can be '{STDOUT}' (standard output; "
                               "without -o the Markdown goes there)")


def _identity(path) -> tuple[int, int] | str | None:
    """What names one file: its device and inode where it exists (links and hard links
    alike), else its absolute path with links resolved; None for a device or FIFO (two
    outputs may share /dev/null)."""
    import os
    import stat

    try:
        st = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _refuse_outputs_over_inputs(inputs, output: str | None, explain_json: str | None) -> None:
    """``-o`` or ``--explain-json`` naming one of the inputs (also through a link or a hard
    link) would overwrite it: one line, exit 2, before anything is read or written. So would
    both options naming one file."""
    from ..cli import fail

    targets = [(opt, t) for opt, t in (("-o", output), ("--explain-json", explain_json))
               if t not in (None, STDOUT)]
    ids = {p: _identity(p) for p in inputs}
    for opt, target in targets:
        tid = _identity(target)
        for p, pid in ids.items():
            if tid == pid and isinstance(tid, tuple):
                fail(f"{opt} {target}: is the input {p}; writing it would overwrite that input "
                     "(choose another output file)", int(ExitCode.usage))
    if len(targets) == 2 and _identity(targets[0][1]) == _identity(targets[1][1]) is not None:
        fail(f"-o {output} and --explain-json {explain_json} name the same file (choose two files)",
             int(ExitCode.usage))


def _write(target: str, text: str) -> None:
    """``text`` to the file ``target`` (atomically), or to standard output for :data:`STDOUT`."""
    from ..output import atomic_write

    if target == STDOUT:
        # UTF-8 whatever the locale says (a C/latin-1 locale must not fail on „…“ or ß)
        click.echo(text.encode("utf-8"), nl=False)
    else:
        atomic_write(target, text)


def _reads_stdin(inputs: tuple[str, ...]) -> bool:
    """True for ``-`` as the only input; ``-`` among other inputs is a usage error. The
    inputs as typed: ``./-`` is the file named ``-``."""
    from ..inputs import STDIN

    if not any(p == STDIN for p in inputs):
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
