"""Options ``convert`` and ``batch`` share, and the Config they make: the settings file
(``[tool.ocr-repair]`` in ``pyproject.toml`` or ``.ocr-repair.toml``, found upward from
the input) first, command-line flags on top."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..registry import REPAIR_FIXES, SETTING

_LANG = re.compile(r"[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*")


def _range(name: str, kind) -> click.ParamType:
    """The click type of a setting, with the limits of its row in the registry."""
    s = SETTING[name]
    if s.kind == "seconds":
        return click.FloatRange(0, min_open=True)
    return kind(s.low, s.high)


def _default(name: str) -> str:
    value = SETTING[name].default
    return f"{value:g}" if isinstance(value, float) else str(value)


def _check_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _LANG.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not a Tesseract language list such as 'deu' or 'deu+eng'")
    return value


_OPTIONS = (
    click.option("--lang", default=None, callback=_check_lang,
                 help=f"Tesseract language(s), as for tesseract -l  [default: {_default('lang')}]"),
    click.option("--words", "word_lists", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="Extra word list (one word per line) of names the lexicon must know. Repeatable."),
    click.option("--threshold", type=_range("threshold", click.FloatRange), default=None,
                 help=f"Corrections below this confidence are flagged, not applied  [default: {_default('threshold')}]"),
    click.option("--no-front-matter", is_flag=True, help="Leave out the YAML front matter."),
    click.option("--keep-furniture", is_flag=True,
                 help="Keep page numbers and running headers/footers (removed and explained by default)."),
    click.option("--no-repair", is_flag=True, help="OCR, dehyphenation and layout only: no misread repair."),
    click.option("--dpi", type=_range("dpi", click.IntRange), default=None,
                 help=f"Rasterisation of PDF pages  [default: {_default('dpi')}]"),
    click.option("--timeout", "page_timeout", type=_range("page_timeout", click.FloatRange), default=None,
                 help=f"Seconds Tesseract may spend on one page  [default: {_default('page_timeout')}]"),
    click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="Settings file (pyproject.toml or .ocr-repair.toml) instead of searching upward."),
    click.option("--no-config", is_flag=True, help="Ignore settings files: defaults and flags only."),
    click.option("-v", "--verbose", is_flag=True, help="Tracebacks on errors."),
)


def repair_options(command):
    """Add the shared options to a click command."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def make_config(start: Path, *, lang, word_lists, threshold, no_front_matter, no_repair, dpi, page_timeout,
                config_file, no_config, keep_furniture=False, **_):
    """The Config for inputs under ``start``: the settings file, then the flags."""
    from ..inputs import read_text
    from ..settings import config_for

    for path in word_lists:  # UTF-8 text, like a transcription (but may be empty)
        read_text(path, allow_empty=True)
    overrides = {"lang": lang, "words": tuple(word_lists), "threshold": threshold, "dpi": dpi,
                 "page_timeout": page_timeout}
    if no_front_matter:
        overrides["front_matter"] = False
    if keep_furniture:
        overrides["keep_furniture"] = True
    if no_repair:
        overrides["disable"] = list(REPAIR_FIXES)
    config, _ = config_for(start, explicit=config_file, overrides=overrides, use_files=not no_config)
    return config
