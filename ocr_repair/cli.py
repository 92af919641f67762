"""The ``ocr-repair`` command line: ``convert``, ``check`` and ``batch``.

Subcommands are imported only when run, so ``ocr-repair check`` starts without loading
what ``convert`` needs (Tesseract bindings, Pillow, PDF rendering). Every expected error
becomes one line on stderr and a documented exit code (a traceback only with ``-v``).

This module does not import Click: a plain ``ocr-repair check FILE...`` command line (a
pre-commit hook's) is read by :func:`ocr_repair.commands.check.parse_args` and checked
without it (Click's import is a tenth of the start); anything else (help, ``--version``,
the other commands, a command line with an error) goes to the Click group
(:mod:`ocr_repair.commands.group`, here as ``cli``), which says what the error is.
"""

from __future__ import annotations

import sys
from .errors import EXIT_CODE_HELP, ExitCode, OcrRepairError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at check's start
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

SUBCOMMANDS = {
    "convert": ("ocr_repair.commands.convert", "convert", "Scans or transcriptions to repaired Markdown."),
    "check": ("ocr_repair.commands.check_cli", "check", "Report OCR misreads in transcriptions (pre-commit hook)."),
    "batch": ("ocr_repair.commands.batch", "batch", "Convert a folder tree of scans in parallel, resumably."),
}


def exit_codes_epilog(codes=None) -> str:
    """The ``--help`` epilog table of exit codes (all, or ``codes``), one code per line.

    Click rewraps help paragraphs; ``\\b`` on its own line keeps the next paragraph as is.
    """
    rows = [f"{int(c):>3}  {EXIT_CODE_HELP[c]}" for c in (codes or ExitCode)]
    return "Exit codes:\n\n\b\n" + "\n".join(rows)


EXIT_CODES_HELP = exit_codes_epilog()


def __getattr__(name: str):
    """``cli`` (the Click group) and ``LazyGroup``, made when first asked for."""
    if name in ("cli", "LazyGroup"):
        from .commands import group

        return getattr(group, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def echo(message: str, err: bool = False, nl: bool = True) -> None:
    """``click.echo(message, err=err, nl=nl)``, without importing Click where it would do no more
    than write the line and flush: a text stream in an encoding other than ASCII, and no
    escape character (which Click strips when the stream is no terminal). Where Click is
    loaded already (the Click commands, their tests), Click writes."""
    stream = sys.stderr if err else sys.stdout
    if "click" in sys.modules or "\x1b" in message or not _plain_text_stream(stream):
        import click

        click.echo(message, err=err, nl=nl)
        return
    out = message + "\n" if nl else message
    if out:
        stream.write(out)
    stream.flush()


def _plain_text_stream(stream) -> bool:
    """True where Click would write to ``stream`` as it is: a text file (no binary writer)
    with an encoding and an error handler, the encoding no misconfigured ASCII."""
    import codecs
    import io

    if type(stream) is not io.TextIOWrapper or not stream.encoding or not stream.errors:
        return False
    try:
        return codecs.lookup(stream.encoding).name != "ascii"
    except LookupError:
        return True


def fail(message: str, code: int) -> None:
    """One line on stderr (whitespace, newlines included, folded), then exit with ``code``."""
    echo("ocr-repair: error: " + " ".join(str(message).split()), err=True)
    sys.exit(code)


def guarded(verbose: bool, fn: Callable[[], Any]) -> Any:
    """Run ``fn``; turn any error into one line on stderr and its exit code."""
    try:
        return fn()
    except OcrRepairError as exc:
        if verbose:
            import traceback  # only with -v: not at every start

            traceback.print_exc()
        fail(exc.one_line(), int(exc.exit_code))
    except KeyboardInterrupt:
        fail("interrupted", int(ExitCode.interrupted))
    except BrokenPipeError:  # stdout closed early (``ocr-repair convert x.png | head``): not an error
        _silence_stdout()
        sys.exit(int(ExitCode.ok))
    except SystemExit:
        raise
    except Exception as exc:  # a bug: one line, unless -v
        if _is_click_exit(exc):
            raise
        if verbose:
            import traceback  # only with -v: not at every start

            traceback.print_exc()
        fail(f"internal error: {type(exc).__name__}: {exc} (run with -v for details; please report it)",
             int(ExitCode.internal))


def _is_click_exit(exc: Exception) -> bool:
    """True for Click's own ``Exit`` and usage errors (only raised where Click is loaded)."""
    click = sys.modules.get("click")
    return click is not None and isinstance(exc, (click.exceptions.Exit, click.ClickException))


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's flush at exit does not complain again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (CliRunner): nothing to silence
        pass


def main() -> None:
    if not sys.warnoptions:  # library warnings (Pillow's "Corrupt EXIF data") would break the one-line rule
        import warnings

        warnings.simplefilter("ignore")
    if sys.argv[1:2] == ["check"]:
        _check()
    from .commands.group import cli

    cli(prog_name="ocr-repair")


def _check() -> None:
    """``ocr-repair check`` on a plain command line, without Click (returns where Click is to
    read the command line: it names the error).

    The start imports the engine (some twenty thousand objects the collector tracks, none
    of them garbage): the garbage collector is off meanwhile, and then told to leave those
    objects out of every later collection (``gc.freeze``), the one at exit included; the
    files are checked with it on."""
    import gc

    gc.disable()
    try:
        from .commands import check

        params = check.parse_args(sys.argv[2:])
        if params is None:
            return
        from . import lexicon, repair  # what checking a file imports (-X importtime shows an import statement's)

        del lexicon, repair
        gc.freeze()
    finally:
        gc.enable()
    check.run_check(**params)


if __name__ == "__main__":
    main()
