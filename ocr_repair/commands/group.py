"""The Click group behind ``ocr-repair`` (:data:`cli`): its help, ``--version`` and the
subcommands, each imported only when run (:data:`ocr_repair.cli.SUBCOMMANDS`)."""

from __future__ import annotations

import importlib

import click

from ..cli import EXIT_CODES_HELP, SUBCOMMANDS


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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_CODES_HELP)
@click.version_option(package_name="ocr-repair", prog_name="ocr-repair")
def cli() -> None:
    """Turn scanned German press releases into clean Markdown, repairing OCR misreads."""
