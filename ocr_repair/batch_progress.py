"""batch, step 4b: what the run shows on stderr while it goes: plain log lines, or a
progress bar (rich) on a terminal. Both get the same calls: ``log``, ``start``,
``pages_done``, ``document_done`` (a :class:`~ocr_repair.batch_report.Row`) and ``stop``."""

from __future__ import annotations

import sys

from .batch_report import OK, Row


def failure_line(row: Row) -> str:
    """``failed: src/a.pdf: corrupt PDF (...)``; the source is named unless the reason does."""
    err = row.error or ""
    return f"failed: {err}" if err.startswith(row.source) else f"failed: {row.source}: {err}"


class PlainProgress:
    """Log lines on stderr (stderr is not a terminal)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.docs_total = self.docs_done = 0

    def log(self, message: str) -> None:
        print(message, file=self.stream, flush=True)

    def start(self, docs: int, pages: int) -> None:
        self.docs_total = docs

    def pages_done(self, n: int) -> None:
        pass

    def document_done(self, row: Row) -> None:
        self.docs_done += 1
        n = f"[{self.docs_done}/{self.docs_total}]"
        if row.status == OK:
            pages = f"{row.pages} page{'s' if row.pages != 1 else ''}"
            self.log(f"{n} ok {row.source} -> {row.output} ({pages}, {row.seconds:.1f} s)")
        else:
            self.log(f"{n} {failure_line(row)}")

    def stop(self) -> None:
        pass


class RichProgress(PlainProgress):
    """A progress bar on stderr (a terminal): documents and pages done, pages/s, time left."""

    def __init__(self, console=None):
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task):
                return Text("–" if task.speed is None else f"{task.speed:.2f} pages/s", style="progress.data.speed")

        self.console = console or Console(stderr=True)
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(),
            TextColumn("{task.fields[docs]} docs"), TextColumn("{task.completed:.0f}/{task.total:.0f} pages"),
            Rate(), TimeRemainingColumn(), console=self.console, transient=False,
        )
        self.task = None

    def log(self, message: str) -> None:
        self.console.print(message, markup=False, highlight=False)

    def start(self, docs: int, pages: int) -> None:
        self.docs_total = docs
        self.task = self.progress.add_task("converting", total=max(pages, 1), docs=f"0/{docs}")
        self.progress.start()

    def pages_done(self, n: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)

    def document_done(self, row: Row) -> None:
        self.docs_done += 1
        if row.status != OK:
            self.log(failure_line(row))
        if self.task is not None:
            self.progress.update(self.task, docs=f"{self.docs_done}/{self.docs_total}")

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()
            self.task = None


def make_progress(force_plain: bool = False):
    return RichProgress() if sys.stderr.isatty() and not force_plain else PlainProgress()

