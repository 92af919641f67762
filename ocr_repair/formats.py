"""The output formats: Markdown (``md``), a searchable PDF (``pdf``) and ALTO XML (``alto``).

``convert -o FILE`` picks the format by FILE's suffix (``.pdf``, ``.xml``; anything else,
and standard output, is Markdown) unless ``--format`` names it. PDF and ALTO keep the
page: they need scans (the words' boxes come from Tesseract), not transcriptions.
"""

from __future__ import annotations

from pathlib import Path

from .errors import OcrRepairError, ExitCode

FORMATS = ("md", "pdf", "alto")
#: a suffix of ``-o`` -> its format (others: Markdown)
SUFFIXES = {".pdf": "pdf", ".xml": "alto"}


class FormatError(OcrRepairError):
    """A format that cannot be made from these inputs or to this target (exit 2)."""

    exit_code = ExitCode.usage


def format_for(output: str | None, fmt: str | None) -> str:
    """The format to write: ``fmt`` if given, else by ``output``'s suffix; standard output
    (None or "-") is Markdown."""
    if fmt:
        return fmt
    if output in (None, "-"):
        return "md"
    return SUFFIXES.get(Path(output).suffix.lower(), "md")


def check(fmt: str, inputs: list[Path], output: str | None) -> None:
    """Raise before any OCR if ``fmt`` cannot be made: PDF to standard output, PDF or ALTO
    from a transcription, PDF without OCRmyPDF installed."""
    from .inputs import Kind, kind_of

    if fmt == "md":
        return
    if fmt == "pdf" and output in (None, "-"):
        raise FormatError("a PDF cannot go to standard output: name a file with -o")
    for path in inputs:
        if str(path) == "-" or kind_of(path) is Kind.text:
            raise FormatError(f"{path}: --format {fmt} needs scans (PNG, JPEG, TIFF or PDF), "
                              "not a transcription: the words' places come from the OCR")
    if fmt == "pdf":
        from .pdf_output import check_available

        check_available()


def render_alto(result, lang: str) -> str:
    from . import __version__, alto
    from .boxes import place

    doc = result.document
    return alto.render(place(result), sources=list(doc.sources) if doc else [],
                       ocr_engine=doc.ocr_engine if doc else None, lang=lang, version=__version__)


def write(fmt: str, result, inputs: list[Path], target: str, lang: str) -> str | None:
    """Write ``result`` as ``fmt`` (pdf or alto) to the file ``target``; returns a note for
    stderr, or None."""
    from .output import atomic_write

    if fmt == "alto":
        atomic_write(target, render_alto(result, lang))
        return None
    if fmt == "pdf":
        from .boxes import place
        from .pdf_output import write_pdf

        return write_pdf(list(inputs), place(result), Path(target), lang)
    raise ValueError(f"not a file format written here: {fmt}")


#: ``batch --format``: the suffix each extra format's file gets beside the Markdown
EXTRA_SUFFIXES = {"pdf": ".pdf", "alto": ".xml"}


def extra_name(md_rel: str, fmt: str) -> str:
    """Where ``batch`` writes ``fmt`` beside the Markdown ``md_rel``: ``a/b.md`` ->
    ``a/b.pdf`` / ``a/b.xml``."""
    stem = md_rel[:-3] if md_rel.endswith(".md") else md_rel
    return stem + EXTRA_SUFFIXES[fmt]


def extra_outputs(result, inputs: list[Path], fmts, lang: str) -> tuple[dict[str, bytes], list[str]]:
    """For a batch worker: the bytes of each extra format (pdf, alto) of a document, by
    format, and the notes for the user. A document with a transcription among its inputs
    has no page to keep: Markdown only."""
    from .inputs import Kind, kind_of

    out: dict[str, bytes] = {}
    notes: list[str] = []
    wanted = [f for f in fmts if f in EXTRA_SUFFIXES]
    if not wanted or any(kind_of(Path(p)) is Kind.text for p in inputs):
        return out, notes
    if "alto" in wanted:
        out["alto"] = render_alto(result, lang).encode("utf-8")
    if "pdf" in wanted:
        from .boxes import place
        from .pdf_output import pdf_bytes

        data, note = pdf_bytes(list(map(Path, inputs)), place(result), lang,
                               name=Path(result.document.sources[0]).name if result.document else "the PDF")
        out["pdf"] = data
        if note:
            notes.append(note)
    return out, notes


def parse_list(value: str) -> tuple[str, ...]:
    """``--format md,pdf,alto`` -> ("md", "pdf", "alto"); raises ValueError for others."""
    names = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    bad = [n for n in names if n not in FORMATS]
    if bad or not names:
        raise ValueError(f"unknown format {', '.join(bad) or value!r}: use md, pdf, alto")
    return names
