"""batch, step 3: the work a worker does, as plain functions of picklable data.

Each task is the pipeline's own per-document functions (:mod:`ocr_repair.pipeline`) run on
one document or one page of it, so that batch writes the very Markdown ``convert`` writes:

* :func:`convert_document`: ``read_document`` + ``repair_document`` for a document with at
  most one scanned page (most documents): exactly what ``convert`` does;
* :func:`read_pages` and :func:`finish_document` for a longer one: each scanned page is
  OCR'd on its own (``ocr_images``), wherever a worker is free, and the document is put
  together from them, in order, as ``read_document`` would have, then repaired.

Tasks never raise for a bad input: they return :class:`Failure` with the one-line reason
(naming the files as the user does, whichever path the worker read). Workers only read;
the parent writes every file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import ExitCode, OcrRepairError
from .inputs import Kind


@dataclass
class FileSpec:
    """One input file of a document, as planned in the parent."""

    path: str  #: absolute, for reading
    display: str  #: as the user names it (SRC as given + relative path): messages, front matter
    kind: str  #: Kind value
    pages: int


@dataclass
class DocJob:
    """What a worker needs to read (part of) one document; picklable."""

    index: int
    files: list[FileSpec]
    config: Config
    formats: tuple[str, ...] = ("md",)  #: --format: pdf and alto are made beside the Markdown

    @property
    def units(self) -> list[tuple[int, int]]:
        """(file index, page index) of every page, in order."""
        return [(i, p) for i, f in enumerate(self.files) for p in range(f.pages)]

    @property
    def scanned_units(self) -> list[tuple[int, int]]:
        """The pages that need OCR: the ones :func:`read_pages` reads, one task each."""
        return [(i, p) for i, p in self.units if self.files[i].kind != Kind.text.value]

    @property
    def whole(self) -> bool:
        """One task for the whole document (:func:`convert_document`): at most one page to OCR."""
        return len(self.scanned_units) <= 1


@dataclass
class Failure:
    message: str  #: the one-line reason
    code: int  #: the ExitCode it would have in ``convert``


@dataclass
class PagesDone:
    pages: list  #: models.Page, in the order of the units asked for
    seconds: float


@dataclass
class DocDone:
    """A finished document: its Markdown and the figures of its report row."""

    markdown: str
    pages: int
    words: int
    corrections: int
    suspects: int
    mean_confidence: float | None
    ocr_engine: str | None
    seconds: float
    extras: dict = field(default_factory=dict)  #: --format pdf/alto: format -> the file's bytes
    notes: list = field(default_factory=list)  #: for the user (a plain PDF, not PDF/A)
    #: convert's warnings (``pipeline.text_warnings``: a scanned page without text), files as the user names them
    warnings: list = field(default_factory=list)


def convert_document(job: DocJob):
    """The whole document, as ``convert`` reads and repairs it: :class:`DocDone` or :class:`Failure`."""
    return _guarded(job, _convert_document)


def read_pages(job: DocJob, units: list[tuple[int, int]]):
    """OCR the scanned pages ``units`` of ``job``: :class:`PagesDone` or :class:`Failure`."""
    return _guarded(job, _read_pages, units)


def finish_document(job: DocJob, scanned: list):
    """Put the document together from its OCR'd pages ``scanned`` (in the order of
    ``job.scanned_units``) and its transcriptions, and repair it: :class:`DocDone` or :class:`Failure`."""
    return _guarded(job, _finish_document, scanned)


def _guarded(job: DocJob, fn: Callable, *args):
    from .tesseract import single_threaded_env

    single_threaded_env()  # Dask workers run no initializer
    t0 = time.perf_counter()
    try:
        outcome = fn(job, *args)
    except OcrRepairError as exc:
        msg = exc.one_line()
        for f in job.files:  # name files as the user does, whichever path the worker read
            msg = msg.replace(f.path, f.display)
        return Failure(msg, int(exc.exit_code))
    except MemoryError:
        return Failure("out of memory", int(ExitCode.internal))
    except Exception as exc:  # a bug, or a library failing on a strange file: this document only
        return Failure(f"internal error: {type(exc).__name__}: {exc}", int(ExitCode.internal))
    outcome.seconds = time.perf_counter() - t0
    return outcome


def _convert_document(job: DocJob) -> DocDone:
    from . import pipeline

    doc = pipeline.read_document([f.path for f in job.files], job.config)
    return _repaired(job, _as_displayed(job, doc))


def _read_pages(job: DocJob, units: list[tuple[int, int]]) -> PagesDone:
    from . import pipeline
    from .inputs import image_page, pdf_page

    pages = []
    for file_index, page_index in units:
        f = job.files[file_index]
        path = Path(f.path)
        image = pdf_page(path, page_index, job.config.dpi) if f.kind == Kind.pdf.value else image_page(path, page_index)
        pages.extend(pipeline.ocr_images([image], f.display, job.config, first_page=page_index + 1))
    return PagesDone(pages, 0.0)


def _finish_document(job: DocJob, scanned: list) -> DocDone:
    from . import pipeline, tesseract
    from .models import Document

    ocr = dict(zip(job.scanned_units, scanned))
    pages = []
    for i, f in enumerate(job.files):
        if f.kind == Kind.text.value:  # a transcription among the scans: read as read_document does
            pages.extend(_as_displayed(job, pipeline.read_document([f.path], job.config)).pages)
        else:
            pages.extend(ocr[(i, p)] for p in range(f.pages))
    doc = Document(sources=[f.display for f in job.files], language=job.config.lang, pages=pages,
                   ocr_engine=f"tesseract {tesseract.version()}")
    return _repaired(job, doc)


def _as_displayed(job: DocJob, doc):
    """The document read from absolute paths, its sources named as the user names them."""
    names = {f.path: f.display for f in job.files}
    doc.sources = [names.get(s, s) for s in doc.sources]
    for page in doc.pages:
        page.source = names.get(page.source, page.source)
    return doc


def counts(result) -> dict[str, int]:
    """``corrections`` and ``suspects`` of a pipeline Result, by the one definition the
    front matter, ``--explain`` and ``check`` use (:attr:`~ocr_repair.models.Result.counted`)."""
    return {"corrections": len(result.counted), "suspects": len(result.suspects)}


def _repaired(job: DocJob, doc) -> DocDone:
    from . import pipeline

    result = pipeline.repair_document(doc, job.config)
    extras, notes = {}, []
    if any(f != "md" for f in job.formats):  # made here, written by the parent
        from .formats import extra_outputs

        extras, notes = extra_outputs(result, [f.path for f in job.files], job.formats, job.config.lang)
    return DocDone(
        extras=extras, notes=notes, warnings=pipeline.text_warnings(doc),
        markdown=result.markdown,
        pages=len(doc.pages),
        words=len(result.text.split()),
        **counts(result),
        mean_confidence=doc.mean_confidence,
        ocr_engine=doc.ocr_engine,
        seconds=0.0,
    )
