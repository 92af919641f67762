"""The Click command ``ocr-repair check``: its options, help and usage errors. The work is
:func:`ocr_repair.commands.check.run_check`; a plain command line reaches it without Click
(:func:`ocr_repair.commands.check.parse_args`, which reads these options as Click does)."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import FIXES
from .check import fix_names, regex_problem, run_check, usage_problem


def _fix_names(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """``--disable quotes --disable dashes`` or ``--disable quotes,dashes``."""
    try:
        return fix_names(values)
    except ValueError as exc:
        raise click.BadParameter(str(exc))


def _regexes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    problem = regex_problem(values)
    if problem:
        raise click.BadParameter(problem)
    return values


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Write the confident corrections into the files (atomically); "
              "ambiguous findings are only reported.")
@click.option("--diff", is_flag=True, help="Print the confident corrections as a unified diff; change nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Findings as 'path:line:col: ...' lines, or one JSON document for tools.")
@click.option("--words", "word_lists", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra word list (one word per line) of names to accept; added to the config's. Repeatable.")
@click.option("--ignore", "ignore_patterns", multiple=True, callback=_regexes, metavar="REGEX",
              help="Never report text matching REGEX; added to the config's. Repeatable.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Findings below this confidence are ambiguous: reported, not fixed (default 0.8).")
@click.option("--enable", multiple=True, callback=_fix_names, metavar="FIX",
              help=f"Switch a fix on ({', '.join(FIXES)}). Repeatable or comma-separated.")
@click.option("--disable", multiple=True, callback=_fix_names, metavar="FIX", help="Switch a fix off.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Use this config file (pyproject.toml or .ocr-repair.toml) instead of searching for one.")
@click.option("--no-config", is_flag=True, help="Use no config file, only the defaults and the flags.")
@click.option("--strict", is_flag=True, help="Also list suspects that are valid words as written "
              "('hatte' that may be 'hätte') and spelling suggestions for unknown words.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="Tracebacks on errors; the reason behind each finding.")
def check(**params):
    """Report OCR misreads in FILES (.txt, .md; folders are searched for them).

    One line per finding: PATH:LINE:COL: found 'Ful3ball' -> 'Fußball' (RULE, CONFIDENCE).
    Settings come from [tool.ocr-repair] in pyproject.toml or from .ocr-repair.toml, found
    from each file's folder upward; flags win. Exit 0: clean; 1: findings; 3: only
    unreadable files; 8: bad config.
    """
    problem = usage_problem(**params)
    if problem:
        raise click.UsageError(problem)
    run_check(**params)
