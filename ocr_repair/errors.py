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
    input_file = 3  #: an input is missing, unreadable, corrupt, empty, encrypted or binary
    missing_dependency = 4  #: Tesseract or its German model is not installed
    ocr_failed = 5  #: Tesseract ran but failed or timed out
    output_file = 6  #: the output cannot be written
    some_failed = 7  #: ``batch``: some documents failed, the others were converted
    config = 8  #: invalid configuration file
    internal = 15  #: a bug: please report it
    interrupted = 130  #: Ctrl-C


class OcrRepairError(Exception):
    """Base class: a message, an exit code and an optional hint."""

    exit_code: ExitCode = ExitCode.internal
    hint: str = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        msg = str(self)
        return f"{msg} ({self.hint})" if self.hint else msg


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
