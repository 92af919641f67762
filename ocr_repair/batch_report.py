"""batch, step 5: what the run did, one typed row per document, and the reports.

:class:`Row` is one document's line of the report (the columns of ``--report FILE.csv``,
the objects of ``FILE.json``'s ``documents``); :class:`Summary` is the whole run;
:func:`write_report` writes either file atomically.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from . import __version__
from .output import atomic_write

OK, SKIPPED, FAILED = "ok", "skipped", "failed"


@dataclass
class Row:
    """One document of the run (see docs/batch.md, "Reports")."""

    source: str  #: the input (file or ``.pages`` folder), as ``SRC/…`` was given
    output: str | None  #: the Markdown written (None when failed)
    status: str = OK  #: ``ok`` (converted now), ``skipped`` (up to date) or ``failed``
    pages: int | None = None  #: pages read
    words: int | None = None  #: words in the repaired text
    corrections: int | None = None  #: corrections applied (as the front matter counts them)
    suspects: int | None = None  #: suspects flagged, not applied
    mean_confidence: float | None = None  #: Tesseract's mean word confidence; None for transcriptions
    seconds: float | None = None  #: worker time spent on the document (None: not finished)
    error: str = ""  #: the one-line reason when failed
    #: convert's warnings for the document ("src/a.pdf: page 2: no text found")
    warnings: list[str] = field(default_factory=list)

    #: the figures a finished document has, recorded in the manifest too
    STATS = ("pages", "words", "corrections", "suspects", "mean_confidence", "warnings")

    def fail(self, message: str) -> None:
        self.status, self.output, self.error = FAILED, None, message

    def to_dict(self) -> dict:
        return asdict(self)


REPORT_FIELDS = tuple(f.name for f in fields(Row))


@dataclass
class Summary:
    rows: list[Row]
    converted: int
    skipped: int
    failed: int
    seconds: float
    exit_code: int
    not_run: int = 0  #: interrupted before they were converted (counted in ``failed`` too)

    def line(self) -> str:
        failed = f"{self.failed - self.not_run} failed"
        if self.not_run:
            failed += f", {self.not_run} not converted (interrupted)"
        return f"{self.converted} converted, {self.skipped} skipped (up to date), {failed} in {self.seconds:.1f} s"


def write_report(path: Path, summary: Summary, *, src: Path, dest: Path, executor: str) -> None:
    """``.json``: run details, counts and one object per document; ``.csv``: one row per document."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(REPORT_FIELDS), lineterminator="\n")
        w.writeheader()
        for r in summary.rows:
            w.writerow({k: "" if v is None else "; ".join(v) if isinstance(v, list) else v
                        for k, v in r.to_dict().items()})
        atomic_write(path, buf.getvalue())
        return
    data = {
        "ocr_repair_version": __version__,
        "src": Path(src).as_posix(),
        "dest": Path(dest).as_posix(),
        "executor": executor,
        "summary": {"converted": summary.converted, "skipped": summary.skipped, "failed": summary.failed,
                    "seconds": round(summary.seconds, 3)},
        "documents": [r.to_dict() for r in summary.rows],
    }
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
