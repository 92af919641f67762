"""Exit codes and error classes.

Every error the tool expects carries its exit code and a fix-it hint; the CLI turns
any of them into one line on stderr (a traceback only with ``-v``).
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Documented exit codes of every ``ocr-repair`` subcommand."""

    ok = 0
    findings = 1  #: ``check``: suspects were found (nothing else went wrong)
    usage = 2  #: bad command line (Click's own code)
    input_file = 3  #: an input is missing, unreadable, corrupt, empty, encrypted, binary, not UTF-8, or a page too large
    missing_dependency = 4  #: Tesseract or its German model is not installed (batch: dask, or its scheduler does not answer or is lost)
    ocr_failed = 5  #: Tesseract ran but failed or timed out
    output_file = 6  #: the output cannot be written
    some_failed = 7  #: ``batch``: some documents failed, the others were converted
    config = 8  #: invalid configuration file
    internal = 15  #: a bug: please report it
    interrupted = 130  #: Ctrl-C
    terminated = 143  #: ``batch``: SIGTERM (128 + 15), handled as Ctrl-C is


#: one line per exit code, for ``--help`` and the docs
EXIT_CODE_HELP: dict[ExitCode, str] = {
    ExitCode.ok: "success",
    ExitCode.findings: "check: suspects found (nothing else went wrong)",
    ExitCode.usage: "bad command line",
    ExitCode.input_file: "an input is missing, unreadable, corrupt, encrypted, binary, not UTF-8 or too large",
    ExitCode.missing_dependency: "a dependency is missing: Tesseract or its language model (batch: dask or its scheduler)",
    ExitCode.ocr_failed: "Tesseract failed or timed out",
    ExitCode.output_file: "the output cannot be written",
    ExitCode.some_failed: "batch: some documents failed, the others were converted",
    ExitCode.config: "invalid configuration file",
    ExitCode.internal: "internal error (a bug: please report it)",
    ExitCode.interrupted: "interrupted (Ctrl-C)",
    ExitCode.terminated: "batch: terminated (SIGTERM); the report is written, what finished is kept",
}


class OcrRepairError(Exception):
    """Base class: a message, an exit code and an optional hint."""

    exit_code: ExitCode = ExitCode.internal
    hint: str = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        """The message and its hint on one line (newlines in either are folded)."""
        msg = str(self)
        if self.hint:
            msg = f"{msg} ({self.hint})"
        return " ".join(msg.split())


class UsageError(OcrRepairError):
    """A bad command line found by the engine (``batch``: DEST is SRC): exit code 2."""

    exit_code = ExitCode.usage


class InputFileError(OcrRepairError):
    exit_code = ExitCode.input_file


class MissingDependencyError(OcrRepairError):
    exit_code = ExitCode.missing_dependency


class TesseractNotFoundError(MissingDependencyError):
    hint = "install it: sudo apt-get install tesseract-ocr tesseract-ocr-deu"


class LanguageNotInstalledError(MissingDependencyError):
    hint = "install the model: sudo apt-get install tesseract-ocr-deu"


class OcrFailedError(OcrRepairError):
    exit_code = ExitCode.ocr_failed


class OutputFileError(OcrRepairError):
    exit_code = ExitCode.output_file


class ConfigError(OcrRepairError):
    exit_code = ExitCode.config
