"""The ``ocr-repair`` command line: ``convert``, ``check`` and ``batch``.

Subcommands are imported only when run, so ``ocr-repair check`` starts without loading
what ``convert`` needs (Tesseract bindings, Pillow, PDF rendering). Every expected error
becomes one line on stderr and a documented exit code (a traceback only with ``-v``).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

import click

from .errors import EXIT_CODE_HELP, ExitCode, OcrRepairError

SUBCOMMANDS = {
    "convert": ("ocr_repair.commands.convert", "convert", "Scans or transcriptions to repaired Markdown."),
    "check": ("ocr_repair.commands.check", "check", "Report OCR misreads in transcriptions (pre-commit hook)."),
    "batch": ("ocr_repair.commands.batch", "batch", "Convert a folder tree of scans in parallel, resumably."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in SUBCOMMANDS:
            return None
        module, attr, _ = SUBCOMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_, _, help_) in SUBCOMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def exit_codes_epilog(codes=None) -> str:
    """The ``--help`` epilog table of exit codes (all, or ``codes``), one code per line.

    Click rewraps help paragraphs; ``\\b`` on its own line keeps the next paragraph as is.
    """
    rows = [f"{int(c):>3}  {EXIT_CODE_HELP[c]}" for c in (codes or ExitCode)]
    return "Exit codes:\n\n\b\n" + "\n".join(rows)


EXIT_CODES_HELP = exit_codes_epilog()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_CODES_HELP)
@click.version_option(package_name="ocr-repair", prog_name="ocr-repair")
def cli() -> None:
    """Turn scanned German press releases into clean Markdown, repairing OCR misreads."""


def fail(message: str, code: int) -> None:
    """One line on stderr (whitespace, newlines included, folded), then exit with ``code``."""
    click.echo("ocr-repair: error: " + " ".join(str(message).split()), err=True)
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
    except (click.exceptions.Exit, click.ClickException, SystemExit):
        raise
    except Exception as exc:  # a bug: one line, unless -v
        if verbose:
            import traceback  # only with -v: not at every start

            traceback.print_exc()
        fail(f"internal error: {type(exc).__name__}: {exc} (run with -v for details; please report it)",
             int(ExitCode.internal))


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
    cli(prog_name="ocr-repair")


if __name__ == "__main__":
    main()
