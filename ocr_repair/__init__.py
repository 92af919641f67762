"""ocr-repair: scanned German press releases to clean Markdown.

Library use::

    from ocr_repair import Config, convert, repair_text
    result = convert(["release.pdf"], Config())
    print(result.markdown)
    for c in result.corrections:
        print(c.describe())
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Config", "Correction", "Result", "convert", "repair_text", "__version__"]


def __getattr__(name: str):
    # lazy: `ocr-repair check` must start fast, so nothing heavy is imported up front
    if name == "Config":
        from .config import Config

        return Config
    if name == "Correction":
        from .corrections import Correction

        return Correction
    if name == "Result":
        from .models import Result

        return Result
    if name in ("convert", "repair_text"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'ocr_repair' has no attribute {name!r}")
